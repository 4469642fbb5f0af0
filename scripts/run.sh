#!/usr/bin/env bash
# Builds the gateway (tests skipped) and runs it with its embedded defaults: HTTP/WebSocket on :8080, the demo SIP
# endpoint on loopback, so `sip:echo@demo` answers. Extra arguments are passed to the JVM (-Dkey=value overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -pl gateway -am package
exec java -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 -XX:CompilerThreadPriority=5 -Dgateway.demo.enabled=true "$@" -jar gateway/target/quarkus-app/quarkus-run.jar
