# Shared by the bench/ scripts that measure the real product as users start it: bin/standalone on
# its own data directory. Source it after bin/lib/java.sh's find_java; do not run it.
#
#   standalone_snapshot DIR     # DIR/bin/standalone: the real launcher on a private copy of the built jar
#   standalone_start SNAPSHOT DATA_DIR LOG [standalone options...]   # sets STANDALONE_PID
#   standalone_wait_up LOG PID TIMEOUT_SECONDS                        # until "mail platform is up"
#   standalone_stop PID
#
# Why a snapshot: bin/standalone rebuilds the jar whenever any source in the work tree is newer than
# it, and on a work tree several engineers commit to, that is almost every start (minutes of Maven
# inside the measurement, and a jar that can change between two runs). The snapshot holds bin/ and a
# copy of standalone/target/*-exec.jar and no sources, so bin/standalone there only extracts the jar
# and records its start-up cache, as after any build. The jar is built first only when it is missing.

standalone_snapshot() {
  local dir=$1 jar="$BENCH_ROOT/standalone/target/standalone-0.1.0-SNAPSHOT-exec.jar"
  [ -f "$jar" ] || (cd "$BENCH_ROOT" && ./mvnw -B -q -ntp -DskipTests package -pl standalone -am) >&2
  mkdir -p "$dir/standalone/target"
  rm -rf "$dir/bin"; cp -r "$BENCH_ROOT/bin" "$dir/bin"
  # a new copy (and so a new extraction and cache) only when the built jar changed
  if ! cmp -s "$jar" "$dir/standalone/target/$(basename "$jar")"; then
    cp -p "$jar" "$dir/standalone/target/"
    rm -rf "$dir/standalone/target/app"
  fi
  STANDALONE_JAR_BUILT=$(date -u -r "$jar" +%FT%TZ)
}

standalone_start() {
  local snapshot=$1 data=$2 log=$3
  shift 3
  "$snapshot/bin/standalone" --data-dir "$data" "$@" > "$log" 2>&1 &
  STANDALONE_PID=$!
}

standalone_wait_up() {
  local log=$1 pid=$2 deadline=$((SECONDS + $3))
  until grep -q "mail platform is up in" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      tail -40 "$log" >&2
      return 1
    fi
    sleep 0.02
  done
}

standalone_stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
