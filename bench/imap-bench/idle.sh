#!/bin/bash
# IMAP memory benchmark: SESSIONS (10,000) authenticated sessions in IDLE against imap-service on the
# embedded stack (one JVM, -Xmx512m for everything in it: imap-service, Kafka, MongoDB and S3 servers),
# reports the live heap (after full GCs) before and with the sessions, and the bytes per session.
#
#   bench/imap-bench/idle.sh
#
# Environment: SESSIONS (10000), PER_USER (50 sessions per user: the users are idle0..idleN@bench.test,
# with empty INBOXes), SHARED=1 (instead: every session is bench@bench.test on an INBOX of MESSAGES
# (1000) messages, as after run.sh, so each session holds a real UID list), 
# HEAP (512m), DIR (/tmp/imap-bench-idle), PORT (22144), JAVA_OPTS.
# The client and the server each hold SESSIONS sockets: both raise their open-file limit here.
set -euo pipefail
cd "$(dirname "$0")/../.."
SESSIONS=${SESSIONS:-10000}; PER_USER=${PER_USER:-50}; HEAP=${HEAP:-512m}
DIR=${DIR:-/tmp/imap-bench-idle}; PORT=${PORT:-22144}; SHARED=${SHARED:-0}; MESSAGES=${MESSAGES:-1000}
if [ "$SHARED" = 1 ]; then PER_USER=$SESSIONS; SEED=$MESSAGES; else SEED=0; fi
ulimit -n "$(( SESSIONS + 2000 > $(ulimit -Hn) ? $(ulimit -Hn) : SESSIONS + 2000 ))" || true
. bin/lib/java.sh
find_java
. bench/lib/report.sh; bench_begin imap-idle; exec > >(bench_record)   # metric lines also go to bench/results.md
./mvnw -B -ntp -q package -pl bench/bench-support,bench/imap-bench -DskipTests
CP="bench/imap-bench/target/classes:$(cat bench/imap-bench/target/classpath.txt)"
echo "# $(date -u +%FT%TZ) $(nproc) cores, java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/ {print $2}'), -Xmx$HEAP, ulimit -n $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$DIR"
: > "$DIR/server.log"
"$JAVA" -XX:+UseG1GC -Xmx"$HEAP" ${JAVA_OPTS:-} -cp "$CP" org.mailplatform.bench.imap.ImapBenchServer \
    "$DIR/data" "$PORT" "$SEED" 4096 $((PER_USER + 10)) > "$DIR/server.log" 2>&1 &
OURS=$!
trap 'kill "$OURS" 2>/dev/null || true' EXIT
until grep -q "imap-bench ready" "$DIR/server.log"; do
    kill -0 "$OURS" 2>/dev/null || { tail -50 "$DIR/server.log" >&2; exit 1; }
    sleep 2
done
"$JAVA" -Xmx1g -cp "$CP" org.mailplatform.bench.imap.IdleLoad 127.0.0.1 "$PORT" "$SESSIONS" "$PER_USER" "$OURS" "$SHARED"
grep -c "OutOfMemoryError" "$DIR/server.log" | sed 's/^/idle.server_out_of_memory_errors /; s/$/ lines/'
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
