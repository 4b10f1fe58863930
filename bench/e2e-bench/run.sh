#!/bin/bash
# End-to-end latency: from the SMTP client reading 250 (end of data, MX port) to an IMAP session in
# IDLE on the recipient's INBOX reading `* n EXISTS`, through the real product: bin/standalone on a
# fresh data directory (every service and the embedded Kafka, MongoDB and S3 in one JVM), users made
# with mailctl, Angus Mail as the SMTP client, a raw socket for IDLE. What is measured and why:
# bench/e2e-bench/README.md. Prints `metric value unit` lines and appends them to bench/results.md.
#
#   bench/e2e-bench/run.sh
#
# Environment: MESSAGES (200 measured per concurrency), CONCURRENCY ("1 10": senders in parallel,
# each to its own user with its own IDLE session, one message in flight each), SIZE (4096 bytes),
# WARMUP (20 messages per sender, not counted), DIR (/tmp/e2e-bench, wiped), PORT_BASE (12000: the
# public ports are PORT_BASE + the usual last three digits, e.g. SMTP 12525, IMAP 12143, HTTP 12080).
set -euo pipefail
cd "$(dirname "$0")/../.."
MESSAGES=${MESSAGES:-200}; CONCURRENCY=${CONCURRENCY:-"1 10"}; SIZE=${SIZE:-4096}; WARMUP=${WARMUP:-20}
DIR=${DIR:-/tmp/e2e-bench}; PORT_BASE=${PORT_BASE:-12000}
HTTP_PORT=$((PORT_BASE + 80)); SMTP_PORT=$((PORT_BASE + 525)); IMAP_PORT=$((PORT_BASE + 143))
DOMAIN=e2e.test; PREFIX=e2e; PASSWORD='e2e-bench-Pass-1'
. bin/lib/java.sh
find_java
. bench/lib/report.sh
. bench/lib/standalone.sh
bench_begin e2e

./mvnw -B -ntp -q -DskipTests package -pl bench/bench-support,bench/e2e-bench
CP="bench/e2e-bench/target/classes:$(cat bench/e2e-bench/target/classpath.txt)"
MAILCTL_JAR=mailctl/target/mailctl-0.1.0-SNAPSHOT-exec.jar
[ -f "$MAILCTL_JAR" ] || ./mvnw -B -ntp -q -DskipTests package -pl mailctl -am

rm -rf "$DIR/data" "$DIR"/*.log; mkdir -p "$DIR"
standalone_snapshot "$DIR/snapshot"
export BENCH_NOTE="${BENCH_NOTE:-standalone jar built $STANDALONE_JAR_BUILT}"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/ {print $2}'), $BENCH_NOTE, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $MESSAGES messages of $SIZE bytes per concurrency ($CONCURRENCY), $WARMUP warm-up messages per sender"
standalone_start "$DIR/snapshot" "$DIR/data" "$DIR/standalone.log" --http-port "$HTTP_PORT" \
    --smtp-port "$SMTP_PORT" --submission-port $((PORT_BASE + 587)) --smtps-port $((PORT_BASE + 465)) \
    --imap-port "$IMAP_PORT" --imaps-port $((PORT_BASE + 993)) --pop3-port $((PORT_BASE + 110)) --pop3s-port $((PORT_BASE + 995))
trap 'standalone_stop "$STANDALONE_PID"' EXIT
standalone_wait_up "$DIR/standalone.log" "$STANDALONE_PID" 900
echo "# $(grep -o 'mail platform is up in .*ms in the platform.s start)' "$DIR/standalone.log")"

export MAIL_ADMIN_PASSWORD; MAIL_ADMIN_PASSWORD=$(cat "$DIR/data/admin-password")
mailctl() { "$JAVA" -jar "$MAILCTL_JAR" --url "http://127.0.0.1:$HTTP_PORT" "$@" >/dev/null; }
mailctl domain add "$DOMAIN"
max=0; for c in $CONCURRENCY; do [ "$c" -gt "$max" ] && max=$c; done
for i in $(seq 0 $((max - 1))); do mailctl user add "$PREFIX$i@$DOMAIN" --password "$PASSWORD"; done

for c in $CONCURRENCY; do
    echo "# concurrency $c, load average before $(cut -d' ' -f1-3 /proc/loadavg)"
    "$JAVA" -Xmx256m -cp "$CP" org.mailplatform.bench.e2e.E2eLatency 127.0.0.1 "$SMTP_PORT" "$IMAP_PORT" \
        "$PREFIX" "$DOMAIN" "$PASSWORD" "$MESSAGES" "$c" "$SIZE" "$WARMUP" | bench_record
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
