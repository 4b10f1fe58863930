# Shared by the bench/ scripts: every result is printed as a `metric value unit` line and appended
# as a row to one Markdown table, so runs of every benchmark collect in one place. Source it; do not
# run it.
#
#   . bench/lib/report.sh
#   bench_begin NAME                # the benchmark the following rows belong to (e.g. e2e, startup)
#   bench_metric METRIC VALUE UNIT  # prints `METRIC VALUE UNIT` and appends a row
#   some-command | bench_record     # passes every line through; lines of the form `metric value unit`
#                                   # (value a number) also become rows, `#` comments stay output only
#
# Environment: BENCH_RESULTS (the table; default bench/results.md), BENCH_NOTE (a note on every row,
# e.g. "jar built at 14:08" or "other builds running").
# Each row carries the UTC time, the load average at that moment (the machine is shared) and the
# commit the work tree was at.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_RESULTS=${BENCH_RESULTS:-$BENCH_ROOT/bench/results.md}
BENCH_NAME=${BENCH_NAME:-unnamed}

bench_begin() {
  BENCH_NAME=$1
  BENCH_COMMIT=$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo "-")
  if [ ! -s "$BENCH_RESULTS" ]; then
    {
      echo "# Benchmark results"
      echo
      echo "Appended by the bench/ scripts (bench/lib/report.sh), one row per metric; see bench/README.md."
      echo "Summaries with the machine and the commands: docs/performance.md."
      echo
      echo "| time (UTC) | benchmark | metric | value | unit | load 1/5/15 min | commit | note |"
      echo "|---|---|---|---:|---|---|---|---|"
    } > "$BENCH_RESULTS"
  fi
}

bench_metric() {
  local metric=$1 value=$2 unit=$3
  echo "$metric $value $unit"
  [ -s "$BENCH_RESULTS" ] && [ -n "${BENCH_COMMIT:-}" ] || bench_begin "$BENCH_NAME"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(date -u +%FT%TZ)" "$BENCH_NAME" "$metric" "$value" "$unit" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "$BENCH_COMMIT" "${BENCH_NOTE:-}" >> "$BENCH_RESULTS"
}

bench_record() {
  local line
  while IFS= read -r line; do
    if [[ $line =~ ^([A-Za-z0-9_.:/-]+)\ (-?[0-9]+(\.[0-9]+)?|NaN)\ ([^ ]+)$ ]]; then
      bench_metric "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]}"
    else
      echo "$line"
    fi
  done
}
