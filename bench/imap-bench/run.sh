#!/bin/bash
# IMAP throughput benchmark: imap-service (embedded stack, one JVM) against a private Dovecot on the
# same machine, same messages, same client load, in one run. Prints `metric value unit` lines; the
# ratio lines compare imap-service with Dovecot. Results go to docs/performance.md.
#
#   bench/imap-bench/run.sh            # as root (Dovecot's master starts as root, drops to nobody)
#
# Environment: MESSAGES (1000), SIZE (4096 bytes), SESSIONS (50), BODIES (10 random BODY[] fetches
# per cycle), PEEK (false: BODY[], which sets \Seen; true: BODY.PEEK[]), WARMUP (20 s), MEASURE (30 s),
# ROUNDS (2), DIR (/tmp/imap-bench), DOVECOT_PORT (21143), OUR_PORT (22143), JAVA_OPTS.
# Needs: a JDK 21+, the Debian package dovecot-imapd (installed here when missing), the platform's
# modules in ~/.m2 (./mvnw -q install -DskipTests) or a reactor build.
set -euo pipefail
cd "$(dirname "$0")/../.."
MESSAGES=${MESSAGES:-1000}; SIZE=${SIZE:-4096}; SESSIONS=${SESSIONS:-50}; BODIES=${BODIES:-10}; PEEK=${PEEK:-false}
WARMUP=${WARMUP:-20}; MEASURE=${MEASURE:-30}; ROUNDS=${ROUNDS:-2}
DIR=${DIR:-/tmp/imap-bench}; DOVECOT_PORT=${DOVECOT_PORT:-21143}; OUR_PORT=${OUR_PORT:-22143}
USER_=bench@bench.test; PASS=bench-pass

if ! command -v dovecot >/dev/null || [ ! -e /usr/lib/dovecot/imap ]; then
    echo "# installing dovecot-imapd" >&2
    sudo=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd >/dev/null
fi
. bin/lib/java.sh
find_java
. bench/lib/report.sh; bench_begin imap; exec > >(bench_record)   # metric lines also go to bench/results.md

./mvnw -B -ntp -q package -pl bench/bench-support,bench/imap-bench -DskipTests
CP="bench/imap-bench/target/classes:$(cat bench/imap-bench/target/classpath.txt)"

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dovecot --version | cut -d' ' -f1), java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/ {print $2}'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $SESSIONS sessions, cycle: SELECT INBOX, FETCH 1:* (FLAGS ENVELOPE), $BODIES x FETCH <random> $([ "$PEEK" = true ] && echo BODY.PEEK[] || echo BODY[]); $MESSAGES messages of $SIZE bytes; ${WARMUP} s warm-up, ${MEASURE} s measured, $ROUNDS rounds"

# ---- Dovecot: a private instance under $DIR/dovecot (own config, base_dir, state and log)
DV="$DIR/dovecot"
rm -rf "$DV"; mkdir -p "$DV/run" "$DV/state" "$DV/mail"
"$JAVA" -cp "$CP" org.mailplatform.bench.imap.BenchMessages maildir "$DV/mail/$USER_" "$MESSAGES" "$SIZE"
echo "$USER_:{PLAIN}$PASS" > "$DV/passwd"
sed -e "s#@DIR@#$DV#g" -e "s#@PORT@#$DOVECOT_PORT#g" bench/imap-bench/dovecot.conf.template > "$DV/dovecot.conf"
chown -R nobody:nogroup "$DV/mail"
dovecot -c "$DV/dovecot.conf"
cleanup() {
    doveadm -c "$DV/dovecot.conf" stop 2>/dev/null || true
    [ -n "${OURS:-}" ] && kill "$OURS" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- imap-service on the embedded stack; the data dir is kept, so later runs skip seeding
mkdir -p "$DIR/ours"
: > "$DIR/server.log"
"$JAVA" -XX:+UseG1GC -Xmx1g ${JAVA_OPTS:-} -cp "$CP" org.mailplatform.bench.imap.ImapBenchServer \
    "$DIR/ours" "$OUR_PORT" "$MESSAGES" "$SIZE" > "$DIR/server.log" 2>&1 &
OURS=$!
until grep -q "imap-bench ready" "$DIR/server.log"; do
    kill -0 "$OURS" 2>/dev/null || { tail -50 "$DIR/server.log" >&2; exit 1; }
    sleep 2
done
grep "seeded" "$DIR/server.log" | sed 's/^/# /' || true

load() { "$JAVA" -cp "$CP" org.mailplatform.bench.imap.ImapLoad 127.0.0.1 "$1" "$USER_" "$PASS" "$SESSIONS" "$WARMUP" "$MEASURE" "$BODIES" "$PEEK" "$2"; }
for round in $(seq "$ROUNDS"); do
    echo "# round $round, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    load "$DOVECOT_PORT" dovecot | tee "$DIR/dovecot.$round.txt"
    load "$OUR_PORT" imap | tee "$DIR/imap.$round.txt"
    d=$(awk '$1 == "dovecot.ops" {print $2}' "$DIR/dovecot.$round.txt")
    o=$(awk '$1 == "imap.ops" {print $2}' "$DIR/imap.$round.txt")
    awk -v o="$o" -v d="$d" -v r="$round" 'BEGIN { printf "ratio.round%d %.2f imap/dovecot\n", r, (d > 0 ? o / d : 0) }'
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
