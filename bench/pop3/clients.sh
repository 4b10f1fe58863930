#!/bin/bash
# Issue 8's acceptance check: fetchmail (with and without --keep) and Python's poplib against
# standalone (Pop3ClientsStandaloneTest: starts the whole platform in one JVM, creates a user through
# the gateway, delivers over SMTP, fetches over plain POP3 on loopback). Needs fetchmail and python3
# (installed with apt-get when missing) and the current snapshots in ~/.m2
# (./mvnw -q install -DskipTests). Takes one to three minutes, most of it the platform's start.
set -euo pipefail
cd "$(dirname "$0")/../.."
for pkg in fetchmail python3; do
    if ! command -v "$pkg" >/dev/null; then
        sudo=$([ "$(id -u)" = 0 ] || echo sudo)
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null
    fi
done
MAIL_SYSTEM_TESTS=1 ./mvnw -B -ntp -q verify -pl standalone -Dtest=Pop3ClientsStandaloneTest \
    -Dsurefire.failIfNoSpecifiedTests=false
report=standalone/target/surefire-reports/org.mailplatform.standalone.Pop3ClientsStandaloneTest.txt
cat "$report"
grep -q "Tests run: 1, Failures: 0, Errors: 0, Skipped: 0" "$report"
