# Shared by the bin/ scripts: finds a JDK 21+ and builds a module's executable jar when it is
# missing or older than the sources. Source it; do not run it.

# Prints the major Java version of the given java executable (e.g. 17, 21, 25).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

# Sets JAVA_HOME and JAVA to the first JDK 21+ found: $JAVA_HOME, java on the PATH, then the
# usual install locations (Debian/Ubuntu, Fedora, macOS, SDKMAN, /opt).
find_java() {
  local candidate
  for candidate in \
      ${JAVA_HOME:+"$JAVA_HOME/bin/java"} \
      "$(command -v java 2>/dev/null || true)" \
      /usr/lib/jvm/*/bin/java \
      /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
      "$HOME"/.sdkman/candidates/java/*/bin/java \
      /opt/*/bin/java /opt/java/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    local major
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      JAVA="$(readlink -f "$candidate" 2>/dev/null || echo "$candidate")"
      JAVA_HOME="$(cd "$(dirname "$JAVA")/.." && pwd)"
      export JAVA_HOME
      return 0
    fi
  done
  echo "No JDK 21 or newer found. Install one (e.g. 'apt-get install openjdk-21-jdk') or set JAVA_HOME." >&2
  return 1
}

# build_if_stale ROOT MODULE JAR: runs the Maven build of MODULE (and what it needs) when JAR is
# missing or any pom.xml or main source file is newer than it. Benchmarks and test-only modules
# are never part of a runnable jar, so editing them does not trigger a rebuild.
build_if_stale() {
  local root="$1" module="$2" jar="$3"
  if [ -f "$jar" ] && [ -z "$(find "$root" \( -path "$root/.git" -o -path "$root/bench" -o -path "$root/system-tests" \
        -o -path "$root/deploy-tests" -o -path "$root/docs" -o -path "$root/helm" -o -name target \) -prune \
        -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  echo "building $module (first run takes a few minutes) ..." >&2
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests package -pl "$module" -am) >&2
}
