#!/bin/bash
# Standalone cold start: from launching bin/standalone to every public port listening (the moment it
# prints "mail platform is up in N ms"), in three situations, RUNS times each, median reported:
#   first  - the first start after a build: bin/standalone extracts the jar and records the start-up
#            cache (a training start of its own) before the real start; fresh data directory
#   fresh  - start-up cache present, fresh (empty) data directory: admin password, topics, buckets made
#   restart - start-up cache present, the data directory of the previous start (what a restart does)
#   nocache - STANDALONE_STARTUP_CACHE=off, fresh data directory: what the cache saves
# Runs the real launcher on a private copy of the built jar (bench/lib/standalone.sh says why).
# Prints `metric value unit` lines and appends them to bench/results.md. More: bench/README.md.
#
#   bench/startup/run.sh
#
# Environment: RUNS (5), FIRST_RUNS (1: each costs a training start), KINDS ("first fresh restart nocache"), DIR (/tmp/startup-bench),
# PORT_BASE (13000: public ports PORT_BASE + the usual last three digits).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}; FIRST_RUNS=${FIRST_RUNS:-1}; KINDS=${KINDS:-"first fresh restart nocache"}; DIR=${DIR:-/tmp/startup-bench}; PORT_BASE=${PORT_BASE:-13000}
PORTS=(--http-port $((PORT_BASE + 80)) --smtp-port $((PORT_BASE + 525)) --submission-port $((PORT_BASE + 587))
       --smtps-port $((PORT_BASE + 465)) --imap-port $((PORT_BASE + 143)) --imaps-port $((PORT_BASE + 993))
       --pop3-port $((PORT_BASE + 110)) --pop3s-port $((PORT_BASE + 995)))
. bin/lib/java.sh
find_java
. bench/lib/report.sh
. bench/lib/standalone.sh
bench_begin startup
mkdir -p "$DIR"
# start_once runs in a pipeline's subshell: its pid file lets an interrupted run stop the platform
trap '[ -f "$DIR/pid" ] && standalone_stop "$(cat "$DIR/pid")"' EXIT
standalone_snapshot "$DIR/snapshot"
export BENCH_NOTE="${BENCH_NOTE:-standalone jar built $STANDALONE_JAR_BUILT}"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/ {print $2}'), $BENCH_NOTE, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# every public port accepts a connection (the line is printed once they listen; this checks it)
all_listening() {
    local i port
    for ((i = 1; i < ${#PORTS[@]}; i += 2)); do
        port=${PORTS[i]}
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 1
    done
}

# one start: prints "wall_ms jvm_ms cpu_ms platform_ms"
start_once() {
    local data=$1 log="$DIR/start.log" t0 t1
    t0=$(date +%s%N)
    standalone_start "$DIR/snapshot" "$data" "$log" "${PORTS[@]}"
    echo "$STANDALONE_PID" > "$DIR/pid"
    standalone_wait_up "$log" "$STANDALONE_PID" 900 || { standalone_stop "$STANDALONE_PID"; return 1; }
    until all_listening; do sleep 0.02; done
    t1=$(date +%s%N)
    standalone_stop "$STANDALONE_PID"
    # "mail platform is up in N ms (C ms of CPU, P ms in the platform's start)"
    sed -n 's/.*mail platform is up in \([0-9]*\) ms (\([0-9-]*\) ms of CPU, \([0-9]*\) ms in the platform.s start).*/\1 \2 \3/p' "$log" \
        | head -1 | awk -v wall=$(((t1 - t0) / 1000000)) '{ print wall, $1, $2, $3 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# runs KIND COUNT [prepare]: COUNT starts, the prepare function before each, then the medians
runs() {
    local kind=$1 count=$2 prepare=$3 i samples="$DIR/$1.samples"
    : > "$samples"
    for i in $(seq "$count"); do
        $prepare
        echo "# $kind start $i, load average $(cut -d' ' -f1-3 /proc/loadavg)"
        start_once "$DIR/data" | tee -a "$samples" | sed 's/^/# wall_ms jvm_ms cpu_ms platform_ms: /'
    done
    bench_metric "startup.$kind.wall_median" "$(cut -d' ' -f1 "$samples" | median)" ms
    bench_metric "startup.$kind.jvm_reported_median" "$(cut -d' ' -f2 "$samples" | median)" ms
    bench_metric "startup.$kind.cpu_median" "$(cut -d' ' -f3 "$samples" | median)" ms
    bench_metric "startup.$kind.runs" "$count" count
}

fresh_data() { rm -rf "$DIR/data"; }
no_cache() { fresh_data; rm -rf "$DIR/snapshot/standalone/target/app"; }
keep_data() { [ -d "$DIR/data" ] || start_once "$DIR/data" >/dev/null; }

for kind in $KINDS; do
    case $kind in
        first) runs first "$FIRST_RUNS" no_cache ;;
        fresh) runs fresh "$RUNS" fresh_data ;;
        restart) runs restart "$RUNS" keep_data ;;
        nocache) (export STANDALONE_STARTUP_CACHE=off; runs nocache "$RUNS" fresh_data) ;;
        *) echo "unknown kind $kind" >&2; exit 2 ;;
    esac
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
