#!/bin/bash
# SMTP intake benchmark: smtp-ingress (embedded stack, production accept path) against a private
# Postfix instance, on the same machine, in the same run, with the same clients. Results go to
# docs/performance.md; what is measured and why is in bench/smtp-bench/README.md.
#
#   bench/smtp-bench/run.sh            # as root (Postfix's master must start as root)
#
# Environment: ROUNDS (3), SIZES ("4096 102400"), CONCURRENCY ("1 20 100"), DIR (/tmp/smtp-bench),
# PF_PORT (10025), OUR_PORT (12525), AUTH_PORT (18081), HEAP_CONNECTIONS (100), WARMUP (5000 messages).
# Needs: a JDK 21+, the Debian package postfix (installed here when missing), the snapshot of the
# platform's modules in ~/.m2 (./mvnw -q install -DskipTests) or a full reactor build.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-3}; SIZES=${SIZES:-"4096 102400"}; CONCURRENCY=${CONCURRENCY:-"1 20 100"}
DIR=${DIR:-/tmp/smtp-bench}; PF_PORT=${PF_PORT:-10025}; OUR_PORT=${OUR_PORT:-12525}; AUTH_PORT=${AUTH_PORT:-18081}
HEAP_CONNECTIONS=${HEAP_CONNECTIONS:-100}; WARMUP=${WARMUP:-5000}
FROM=load@client.test; TO=sink@bench.test; ADMIN_PASSWORD=bench-admin-password

if ! command -v postfix >/dev/null || [ ! -x /usr/sbin/smtp-source ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >/dev/null
fi
SMTP_SOURCE=/usr/sbin/smtp-source
. bin/lib/java.sh
find_java

# messages per measurement: enough for a few seconds at the expected rates
messages() { case $1 in 1) echo 200 ;; 20) echo 1000 ;; *) echo 2000 ;; esac; }

rm -rf "$DIR"; mkdir -p "$DIR"
RESULTS="$DIR/results.txt"
log() { echo "$*" | tee -a "$RESULTS"; }

# ---- Postfix: a private instance under $DIR/postfix, queue on local disk, discard transport
PF="$DIR/postfix"
mkdir -p "$PF/etc" "$PF/queue" "$PF/data"
sed -e "s#@DIR@#$PF#g" bench/smtp-bench/postfix-main.cf.template > "$PF/etc/main.cf"
sed -e "s#@PORT@#127.0.0.1:$PF_PORT#g" bench/smtp-bench/postfix-master.cf.template > "$PF/etc/master.cf"
chown postfix "$PF/data"
postfix -c "$PF/etc" check
postfix -c "$PF/etc" start

# ---- smtp-ingress with auth-service on the embedded stack
./mvnw -B -ntp -q package -pl bench/bench-support,bench/smtp-bench -DskipTests
CP="bench/smtp-bench/target/classes:$(cat bench/smtp-bench/target/classpath.txt)"
: > "$DIR/server.log"
"$JAVA" -XX:+UseG1GC -Xmx2g -cp "$CP" org.mailplatform.bench.smtp.IntakeBenchServer \
    "$DIR/ours" "$OUR_PORT" "$AUTH_PORT" "$ADMIN_PASSWORD" > "$DIR/server.log" 2>&1 &
OURS=$!
trap 'postfix -c "$PF/etc" stop >/dev/null 2>&1 || true; kill "$OURS" 2>/dev/null || true' EXIT
until grep -q "smtp-bench ready" "$DIR/server.log"; do
    kill -0 "$OURS" 2>/dev/null || { tail -50 "$DIR/server.log"; exit 1; }
    sleep 2
done
MAILCTL="$ROOT/mailctl/target/mailctl-0.1.0-SNAPSHOT-exec.jar"
[ -f "$MAILCTL" ] || ./mvnw -B -ntp -q package -pl mailctl -DskipTests
export MAIL_ADMIN_PASSWORD=$ADMIN_PASSWORD
"$JAVA" -jar "$MAILCTL" --url "http://127.0.0.1:$AUTH_PORT" domain add bench.test >/dev/null
"$JAVA" -jar "$MAILCTL" --url "http://127.0.0.1:$AUTH_PORT" user add "$TO" --password 'bench-user-password' >/dev/null

load() { "$JAVA" -cp "$CP" org.mailplatform.bench.smtp.SmtpLoad "$@"; }
# smtp-source: one message per connection (its default), -s parallel sessions; it prints nothing
# useful, so it is timed here
source_rate() {
    local port=$1 size=$2 c=$3 n=$4 t0 t1
    t0=$(date +%s.%N)
    "$SMTP_SOURCE" -s "$c" -m "$n" -l "$size" -f "$FROM" -t "$TO" "127.0.0.1:$port"
    t1=$(date +%s.%N)
    echo "$n $t0 $t1" | awk '{ printf "size=%d concurrency=%d messages=%d seconds=%.2f msg_per_s=%.1f\n", '"$size"', '"$c"', $1, $3-$2, $1/($3-$2) }'
}

# key=value results as `metric value unit` lines, also appended to bench/results.md:
# smtp.r<round>.s<size>.c<sessions>.<side>.<client>.rate (and .p50/.p99 for SmtpLoad), and the
# ratio smtp-ingress / Postfix per client
. bench/lib/report.sh
bench_begin smtp
value_of() { local kv; for kv in $2; do [ "${kv%%=*}" = "$1" ] && echo "${kv#*=}"; done; return 0; }
record() {
    local prefix=$1 line=$2 v
    v=$(value_of msg_per_s "$line"); [ -n "$v" ] && bench_metric "$prefix.rate" "$v" msg/s
    v=$(value_of p50_ms "$line"); [ -n "$v" ] && bench_metric "$prefix.p50" "$v" ms
    v=$(value_of p99_ms "$line"); [ -n "$v" ] && bench_metric "$prefix.p99" "$v" ms
    return 0
}
# CPU of smtp-ingress's JVM (with its embedded Kafka, S3 and auth-service, as DeliveryBench's JVM
# holds delivery's backends), for the CPU per accepted message
. bench/lib/cpu.sh
cpu_per_message() {
    local prefix=$1 before=$2 after=$3 n=$4
    bench_metric "$prefix.server_cpu" "$(awk -v b="$before" -v a="$after" -v n="$n" 'BEGIN { printf "%.2f", (a - b) / n }')" ms/msg
}
ratio() { awk -v o="$(value_of msg_per_s "$2")" -v p="$(value_of msg_per_s "$3")" -v m="$1" 'BEGIN { if (p > 0) printf "%s %.2f ingress/postfix\n", m, o / p }' | bench_record; }

log "== machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024) " MiB"}' /proc/meminfo), $(uname -r), $(postconf -d mail_version), java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/ {print $2}')"
log "== warm-up (not counted)"
# the JVM needs a few thousand messages before the JIT has compiled the hot paths (a first round
# after only 1,300 warm-up messages ran at a third to a half of the later rounds)
load run 127.0.0.1 "$OUR_PORT" "$FROM" "$TO" 4096 20 "$WARMUP" >/dev/null
load run 127.0.0.1 "$OUR_PORT" "$FROM" "$TO" 102400 20 $((WARMUP / 3)) >/dev/null
load run 127.0.0.1 "$PF_PORT" "$FROM" "$TO" 4096 20 1000 >/dev/null

for round in $(seq "$ROUNDS"); do
    for size in $SIZES; do
        for c in $CONCURRENCY; do
            n=$(messages "$c")
            log "-- round $round size $size concurrency $c ($(cut -d' ' -f1-3 /proc/loadavg) load)"
            m="smtp.r$round.s$size.c$c"
            pf_source=$(source_rate "$PF_PORT" "$size" "$c" "$n"); log "postfix  smtp-source $pf_source"
            pf_load=$(load run 127.0.0.1 "$PF_PORT" "$FROM" "$TO" "$size" "$c" "$n"); log "postfix  smtpload    $pf_load"
            cpu0=$(cpu_ms_of "$OURS")
            our_source=$(source_rate "$OUR_PORT" "$size" "$c" "$n"); log "ingress  smtp-source $our_source"
            cpu1=$(cpu_ms_of "$OURS")
            our_load=$(load run 127.0.0.1 "$OUR_PORT" "$FROM" "$TO" "$size" "$c" "$n"); log "ingress  smtpload    $our_load"
            cpu2=$(cpu_ms_of "$OURS")
            cpu_per_message "$m.ingress.smtp-source" "$cpu0" "$cpu1" "$n"
            cpu_per_message "$m.ingress.smtpload" "$cpu1" "$cpu2" "$n"
            record "$m.postfix.smtp-source" "$pf_source"; record "$m.postfix.smtpload" "$pf_load"
            record "$m.ingress.smtp-source" "$our_source"; record "$m.ingress.smtpload" "$our_load"
            ratio "$m.ratio.smtp-source" "$our_source" "$pf_source"; ratio "$m.ratio.smtpload" "$our_load" "$pf_load"
        done
    done
done

log "== heap per connection in DATA (smtp-ingress, $HEAP_CONNECTIONS sessions, half the body sent)"
for size in $SIZES; do
    log "ingress  heap $(load heap 127.0.0.1 "$OUR_PORT" "$FROM" "$TO" "$size" "$HEAP_CONNECTIONS" "$OURS")"
done
ACTUATOR=$(grep -o 'actuator http://[0-9.:]*/actuator' "$DIR/server.log" | cut -d' ' -f2)
log "== Postfix discarded $(grep -c 'status=sent' "$PF/maillog" || true) messages; smtp-ingress: $(curl -s "$ACTUATOR/prometheus" | grep '^mail_smtp_messages_total' | tr '\n' ' ')"
log "results in $RESULTS"
