#!/usr/bin/env bash
# Fault injection against the platform's processes at full size (./mvnw verify runs the same
# fault runs with 300 messages at concurrency 10; this runs only them, minutes each).
#
#   system-tests/faults.sh                      # every fault run, 5000 messages at concurrency 20
#   system-tests/faults.sh -Dfaults.messages=500 -Dfaults.concurrency=10
#   system-tests/faults.sh -Dit.test='PlatformFaultIT#kafkaBrokerStoppedAndRestarted'
#
# Needs the services' jars in the local repository (./mvnw -B -ntp -DskipTests install once).
# Counts go to system-tests/target/system-tests/report.txt and are printed at the end; the
# services' logs are beside it. docs/system-tests.md holds the measured counts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
report=system-tests/target/system-tests/report.txt
rm -f "$report"
status=0
./mvnw -B -ntp verify -pl system-tests -Pfaults "$@" || status=$?
echo "---- fault runs ($(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg))"
cat "$report" 2>/dev/null || echo "no report: see system-tests/target/failsafe-reports"
exit "$status"
