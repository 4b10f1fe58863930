#!/bin/bash
# Retrieve-all of a 1,000-message maildrop (4 KB each): pop3-service vs Dovecot's POP3, same machine,
# same client (retrieve_all.py), in one run. Needs: the Debian packages dovecot-pop3d and python3,
# a built work tree (./mvnw -q install -pl pop3-service -am -DskipTests). Results: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v dovecot >/dev/null || [ ! -e /usr/lib/dovecot/pop3 ]; then
    echo "== installing dovecot-pop3d"
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-pop3d >/dev/null
fi
echo "== $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
N=${N:-1000}; SIZE=${SIZE:-4096}; DIR=${DIR:-/tmp/pop3-bench}
# the warm-up maildrop: a first download of 1,000 messages left the JIT compiling the hot paths
# during the measured round (C2 threads used 0.5-1 s of CPU in a 0.3 s round; QueryMapper alone 1.5 s),
# so both servers first serve ten times as many messages of another user once
WARMUP=${WARMUP:-$((10 * N))}
DOVECOT_PORT=${DOVECOT_PORT:-21110}; OUR_PORT=2110
rm -rf "$DIR"; mkdir -p "$DIR/run" "$DIR/state" "$DIR/mail"

echo "== Dovecot $(dovecot --version 2>/dev/null || echo '?')"
python3 bench/pop3/make_maildir.py "$DIR/mail/demo@example.org" "$N" "$SIZE"
python3 bench/pop3/make_maildir.py "$DIR/mail/warmup@example.org" "$WARMUP" "$SIZE"
printf '%s\n' 'demo@example.org:{PLAIN}s3cret pass' 'warmup@example.org:{PLAIN}s3cret pass' > "$DIR/passwd"
sed -e "s#@DIR@#$DIR#g" -e "s#@PORT@#$DOVECOT_PORT#g" bench/pop3/dovecot.conf.template > "$DIR/dovecot.conf"
chown -R nobody:nogroup "$DIR/mail"
# the maildirs were just written: flush them, so Dovecot's reads do not wait behind their writeback
# (right after writing 11,000 files, Dovecot served 1,400-4,500 msg/s, and 8,000-15,000 minutes later)
sync
dovecot -c "$DIR/dovecot.conf"
trap 'doveadm -c "$DIR/dovecot.conf" stop 2>/dev/null || true; [ -n "${OUR:-}" ] && kill "$OUR" 2>/dev/null || true' EXIT
sleep 1
# every server first serves another user's maildrop ($WARMUP messages) once (not measured), so the
# measured first download of demo's runs warm: for the JVM, compiled code instead of the interpreter
python3 bench/pop3/retrieve_all.py 127.0.0.1 "$DOVECOT_PORT" warmup@example.org 's3cret pass' 1 > "$DIR/dovecot-warmup.txt"
sync # the index files Dovecot wrote for the warm-up user
python3 bench/pop3/retrieve_all.py 127.0.0.1 "$DOVECOT_PORT" demo@example.org 's3cret pass' | tee "$DIR/dovecot.txt"

./mvnw -B -ntp -q -pl pop3-service dependency:build-classpath -Dmdep.outputFile="$DIR/cp.txt" -Dmdep.includeScope=test >/dev/null
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/*{25,24,23,22,21}*/bin/java 2>/dev/null || true) | head -1)}

# $1: name of the run; the rest: pop3-service arguments
our_run() {
    local name=$1; shift
    : > "$DIR/$name.log"
    "$JAVA" -Xmx1g ${JAVA_OPTS:-} -Dpop3.demo.messages="$N" -Dpop3.demo.size="$SIZE" -Dpop3.demo.warmup-user=true \
        -Dpop3.demo.warmup-messages="$WARMUP" \
        -Dpop3.demo.raw-gets="${RAW_GETS:-false}" \
        -cp "pop3-service/target/test-classes:pop3-service/target/classes:$(cat "$DIR/cp.txt")" \
        org.mailplatform.pop3.TestPop3ServiceApplication "$@" > "$DIR/$name.log" 2>&1 &
    OUR=$!
    until grep -q "pop3 demo ready" "$DIR/$name.log"; do
        kill -0 "$OUR" || { tail -50 "$DIR/$name.log"; exit 1; }
        sleep 2
    done
    grep "raw S3 GETs" "$DIR/$name.log" || true
    python3 bench/pop3/retrieve_all.py 127.0.0.1 "$OUR_PORT" warmup@example.org 's3cret pass' 1 > "$DIR/$name-warmup.txt"
    python3 bench/pop3/retrieve_all.py 127.0.0.1 "$OUR_PORT" demo@example.org 's3cret pass' | tee "$DIR/$name.txt"
    kill "$OUR"; wait "$OUR" 2>/dev/null || true; OUR=
}

echo "== pop3-service (embedded Kafka, mongo-java-server, S3Proxy in the same JVM), shared body cache on (the default)"
our_run pop3-service
echo "== pop3-service, shared body cache off (mail.store.shared-body-cache.max-blob=0): every first read one S3 GET"
RAW_GETS=true our_run pop3-service-s3 --mail.store.shared-body-cache.max-blob=0
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
first() { head -1 "$1" | grep -o '[0-9]* msg/s' | grep -o '[0-9]*'; }
best() { tail -1 "$1" | grep -o '[0-9]*'; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
d=$(best "$DIR/dovecot.txt"); o=$(best "$DIR/pop3-service.txt")
d1=$(first "$DIR/dovecot.txt"); o1=$(first "$DIR/pop3-service.txt"); s1=$(first "$DIR/pop3-service-s3.txt")
echo "== ratio pop3-service / Dovecot (best of 3): $(ratio "$o" "$d")"
# the first round is the first download of these messages: from the shared body cache (one MongoDB
# query per read-ahead batch) or, with it off, one S3 GET each; later rounds may come from the
# node-local body cache, as Dovecot's later rounds come from the page cache
echo "== ratio pop3-service / Dovecot (first round): $(ratio "$o1" "$d1")"
echo "== ratio pop3-service without the shared body cache / Dovecot (first round): $(ratio "$s1" "$d1")"
# the same figures as `metric value unit` lines, also appended to bench/results.md
. bench/lib/report.sh
bench_begin pop3
bench_metric pop3.dovecot.best_rate "$d" msg/s
bench_metric pop3.service.best_rate "$o" msg/s
bench_metric pop3.ratio "$(ratio "$o" "$d")" pop3/dovecot
bench_metric pop3.ratio_first_round "$(ratio "$o1" "$d1")" pop3/dovecot
bench_metric pop3.ratio_first_round_s3_only "$(ratio "$s1" "$d1")" pop3/dovecot
