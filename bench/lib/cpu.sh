# CPU a benchmarked server spent, for the CPU per message next to the rates: on a shared VM a rate
# moves with the neighbours, the CPU a message costs much less. Source it; no side effects.
BENCH_CLK_TCK=$(getconf CLK_TCK)

# cpu_ms_of PID [tree]: user + system CPU in ms of process PID and, with `tree`, of its children,
# the exited ones included (a reaped child's CPU is in its parent's cutime/cstime), as for a server
# made of a master and its workers (Dovecot); the client driving the benchmark is in neither
cpu_ms_of() {
    local total=0 p
    for p in "$1" $([ "${2:-}" = tree ] && ps -o pid= --ppid "$1" || true); do
        [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo $((total * 1000 / BENCH_CLK_TCK))
}

# jit_cpu_ms_of PID: CPU in ms of the JIT compiler threads of the JVM PID (threads that ended are
# not counted), to tell a window's compiling from the work it measures
jit_cpu_ms_of() {
    local total=0 t
    for t in /proc/"$1"/task/*; do
        case "$(cat "$t/comm" 2>/dev/null)" in
            C1\ Compiler*|C2\ Compiler*) total=$((total + $(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0))) ;;
        esac
    done
    echo $((total * 1000 / BENCH_CLK_TCK))
}
