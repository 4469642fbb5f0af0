#!/usr/bin/env bash
# Builds the JMH benchmarks jar and runs the codec benchmarks briefly (short warm-up, few iterations), printing
# microseconds per 20 ms frame (wall clock, JMH), then the same cases timed by thread CPU time (CpuTimeReport),
# which stays meaningful when the machine is shared. Extra arguments go to JMH (e.g. -p complexity=10).
# For steadier figures: BENCH_ITERATIONS=10 BENCH_SECONDS=2 scripts/bench-codecs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench -am package -DskipTests
iterations="${BENCH_ITERATIONS:-3}"
seconds="${BENCH_SECONDS:-1}"
java -jar bench/target/benchmarks.jar 'io.dialout.bench.codec.*' \
  -f 1 -wi 2 -w "${seconds}s" -i "$iterations" -r "${seconds}s" -tu us "$@"
echo
echo "CPU time per frame (median of 5 rounds of 2000 frames):"
java -cp bench/target/benchmarks.jar io.dialout.bench.codec.CpuTimeReport 2000 5 2>&1 | grep -v -e '^\[main\] INFO' -e 'LoggerImpl' -e '^INFO:'
