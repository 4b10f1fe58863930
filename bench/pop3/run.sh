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
DOVECOT_PORT=${DOVECOT_PORT:-21110}; OUR_PORT=2110
rm -rf "$DIR"; mkdir -p "$DIR/run" "$DIR/state" "$DIR/mail"

echo "== Dovecot $(dovecot --version 2>/dev/null || echo '?')"
python3 bench/pop3/make_maildir.py "$DIR/mail/demo@example.org" "$N" "$SIZE"
echo 'demo@example.org:{PLAIN}s3cret pass' > "$DIR/passwd"
sed -e "s#@DIR@#$DIR#g" -e "s#@PORT@#$DOVECOT_PORT#g" bench/pop3/dovecot.conf.template > "$DIR/dovecot.conf"
chown -R nobody:nogroup "$DIR/mail"
dovecot -c "$DIR/dovecot.conf"
trap 'doveadm -c "$DIR/dovecot.conf" stop 2>/dev/null || true; [ -n "${OUR:-}" ] && kill "$OUR" 2>/dev/null || true' EXIT
sleep 1
python3 bench/pop3/retrieve_all.py 127.0.0.1 "$DOVECOT_PORT" demo@example.org 's3cret pass' | tee "$DIR/dovecot.txt"

echo "== pop3-service (embedded Kafka, mongo-java-server, S3Proxy in the same JVM)"
./mvnw -B -ntp -q -pl pop3-service dependency:build-classpath -Dmdep.outputFile="$DIR/cp.txt" -Dmdep.includeScope=test >/dev/null
JAVA=${JAVA:-$( (ls -d /usr/lib/jvm/*{25,24,23,22,21}*/bin/java 2>/dev/null || true) | head -1)}
: > "$DIR/pop3-service.log"
"$JAVA" -Xmx1g ${JAVA_OPTS:-} -Dpop3.demo.messages="$N" -Dpop3.demo.size="$SIZE" -Dpop3.demo.raw-gets=true \
    -cp "pop3-service/target/test-classes:pop3-service/target/classes:$(cat "$DIR/cp.txt")" \
    org.mailplatform.pop3.TestPop3ServiceApplication > "$DIR/pop3-service.log" 2>&1 &
OUR=$!
until grep -q "pop3 demo ready" "$DIR/pop3-service.log"; do
    kill -0 "$OUR" || { tail -50 "$DIR/pop3-service.log"; exit 1; }
    sleep 2
done
grep "raw S3 GETs" "$DIR/pop3-service.log" || true
python3 bench/pop3/retrieve_all.py 127.0.0.1 "$OUR_PORT" demo@example.org 's3cret pass' | tee "$DIR/pop3-service.txt"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
d=$(tail -1 "$DIR/dovecot.txt" | grep -o '[0-9]*'); o=$(tail -1 "$DIR/pop3-service.txt" | grep -o '[0-9]*')
echo "== ratio pop3-service / Dovecot (best of 3): $(python3 -c "print(f'{$o / $d:.2f}')")"
# the first round reads every message from S3 (nothing read before); later rounds may be served by
# the store's node-local cache of small messages, as Dovecot's later rounds are by the page cache
d1=$(head -1 "$DIR/dovecot.txt" | grep -o '[0-9]* msg/s' | grep -o '[0-9]*'); o1=$(head -1 "$DIR/pop3-service.txt" | grep -o '[0-9]* msg/s' | grep -o '[0-9]*')
echo "== ratio pop3-service / Dovecot (first round): $(python3 -c "print(f'{$o1 / $d1:.2f}')")"
# the same figures as `metric value unit` lines, also appended to bench/results.md
. bench/lib/report.sh
bench_begin pop3
bench_metric pop3.dovecot.best_rate "$d" msg/s
bench_metric pop3.service.best_rate "$o" msg/s
bench_metric pop3.ratio "$(python3 -c "print(f'{$o / $d:.2f}')")" pop3/dovecot
bench_metric pop3.ratio_first_round "$(python3 -c "print(f'{$o1 / $d1:.2f}')")" pop3/dovecot
