#!/usr/bin/env bash
# Builds the JMH benchmarks jar and runs the codec benchmarks briefly (short warm-up, few iterations), printing
# microseconds per 20 ms frame. Extra arguments go to JMH (e.g. -p complexity=10, or -rf json -rff out.json).
# For steadier figures: BENCH_ITERATIONS=10 BENCH_SECONDS=2 scripts/bench-codecs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench -am package -DskipTests
iterations="${BENCH_ITERATIONS:-3}"
seconds="${BENCH_SECONDS:-1}"
java -jar bench/target/benchmarks.jar 'io.dialout.bench.codec.*' \
  -f 1 -wi 2 -w "${seconds}s" -i "$iterations" -r "${seconds}s" -tu us "$@"
