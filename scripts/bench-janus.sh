#!/usr/bin/env bash
# The side-by-side benchmark (not part of the test command): the same pass-through audio load through our gateway and
# through Janus 1.1.2's SIP plugin on loopback, in one run; writes the "Janus" section of docs/benchmarks.md.
#   scripts/bench-janus.sh                      50, 100, 200 calls, 15 s hold each, on both (about 5 minutes)
#   scripts/bench-janus.sh --quick              10 and 20 calls, 5 s hold
#   scripts/bench-janus.sh --calls 100 --hold 30
#   scripts/bench-janus.sh --calls 200 --rate 20 --docs /tmp/x --jvm -XX:StartFlightRecording=filename=/tmp/gw.jfr
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-bench-deps.sh
./mvnw -B -q -DskipTests -pl loadgen,gateway -am package
exec java -Djava.awt.headless=true -cp "loadgen/target/dialout-loadgen-0.1.0-SNAPSHOT.jar:loadgen/target/lib/*" \
  io.dialout.loadgen.BenchJanus "$@"
