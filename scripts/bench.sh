#!/usr/bin/env bash
# The benchmarks (not part of the test command): builds the gateway and the load generator, then runs a fixed set of
# load scenarios on this machine and writes docs/benchmarks.md (Load section) and docs/bench-load.png.
#   scripts/bench.sh            full set (about 15 minutes on 2 cores, plus the churn: 60 s unless --soak)
#   scripts/bench.sh --quick    a smaller set (about 1 minute)
#   scripts/bench.sh --soak 600 with a 10-minute churn of 20 calls/s
#   scripts/bench.sh --per-core calls per gateway core: the gateway pinned to cpu 0 (taskset, one media I/O thread),
#                               the rooms, the project's own RTP echo and the sipp UASs pinned to cpu 1; pass-through
#                               then 1.5 Mb/s video calls in steps until p99 added passes 5 ms (about 10 minutes);
#                               writes the "Calls per core" section. Options: --quick, --audio 100,200,...,
#                               --video 25,50,..., --hold S, --gateway-cpu N, --load-cpu N, --jvm ARG
#   BENCH_JAVA_OPTS=-Ddialout.gateway.jar=/path/quarkus-run.jar scripts/bench.sh ...: another gateway build (a "before")
#   scripts/bench.sh --memory   the gateway with the image's JVM options in a 1 GiB container: idle RSS (10 and 30 s
#                               after ready), RSS after 20 calls, live heap per call at 200 calls by class
#                               (--container-mib, --calls, --nmt, --dockerfile F, --jvm ARG)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
./mvnw -B -q -DskipTests -pl loadgen -am package
# --memory runs the gateway as the container image does: its JAVA_OPTS (read from the Dockerfile) and its environment
if [[ " $* " == *" --memory "* ]]; then export MALLOC_ARENA_MAX=2; fi
# The generator's JIT compiler threads below its packet threads (nice 5): a compilation must not delay the rooms'
# packets and show up as the gateway's latency (docs/benchmarks.md, "Calls per core").
exec java -Djava.awt.headless=true -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=5 ${BENCH_JAVA_OPTS:-} -cp "loadgen/target/dialout-loadgen-0.1.0-SNAPSHOT.jar:loadgen/target/lib/*" \
  io.dialout.loadgen.Bench "$@"
