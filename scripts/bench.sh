#!/usr/bin/env bash
# The benchmarks (not part of the test command): builds the gateway and the load generator, then runs a fixed set of
# load scenarios on this machine and writes docs/benchmarks.md (Load section) and docs/bench-load.png.
#   scripts/bench.sh            full set (about 15 minutes on 2 cores, plus the churn: 60 s unless --soak)
#   scripts/bench.sh --quick    a smaller set (about 1 minute)
#   scripts/bench.sh --soak 600 with a 10-minute churn of 20 calls/s
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
./mvnw -B -q -DskipTests -pl loadgen -am package
exec java -Djava.awt.headless=true -cp "loadgen/target/dialout-loadgen-0.1.0-SNAPSHOT.jar:loadgen/target/lib/*" \
  io.dialout.loadgen.Bench "$@"
