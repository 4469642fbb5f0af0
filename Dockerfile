# Dial-out gateway container image: build the Quarkus app with the Maven wrapper, run it on a slim JRE 17.
#
#   docker build -t dialout-gateway .
#   docker run --stop-timeout 40 ...   (see docs/operations.md: the UDP ports must be published, the addresses
#                                       advertised, and the stop timeout must cover gateway.limits.shutdown-grace)
#
# No "# syntax=" line: it would make BuildKit fetch a Dockerfile frontend image, which an air-gapped builder cannot;
# the RUN --mount cache below works with the frontend built into Docker (23+, BuildKit by default) and with
# podman/buildah. scripts/verify-image.sh builds and checks this image end to end.
#
# Ports (the app is told to use exactly these through the ENV lines below; change both together):
#   8080/tcp         HTTP: WebSocket /v1/dialout, /v1/calls, /q/health/*, /q/metrics
#   10000/udp        the ONE room-side port: ICE, DTLS, SRTP for every call of this gateway
#   5060/udp+tcp     SIP
#   20000-20999/udp  SIP-side RTP/RTCP, one pair per stream (audio, video) per call: 1000 ports = 250 video calls

############################ build stage ############################
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The whole reactor is copied (the root pom names every module, and Maven needs each module's pom even with -pl);
# .dockerignore keeps target/, node_modules/ and .git out.
COPY . .
# The cache mount keeps ~/.m2 between builds, so only changed sources cost time.
# -Dmaven.test.skip: tests need sipp, chromium and free ports; they run in CI (scripts/test.sh), not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl gateway -am package -Dmaven.test.skip=true \
 && test -f gateway/target/quarkus-app/quarkus-run.jar

############################ runtime stage ############################
# glibc-based on purpose (Ubuntu): libjitsi's native Opus (libjnopus.so) is linked against glibc, so no Alpine.
FROM eclipse-temurin:17-jre

# curl is what the Kubernetes preStop hook uses to call POST /v1/admin/drain and to watch the active calls.
# The user and group are named "gateway", a name no base image carries: "dialout" is the serial-port group (gid 20)
# of Debian and Ubuntu, and groupadd fails on it. uid/gid 185 as in the Kubernetes securityContext.
RUN if ! command -v curl >/dev/null; then \
        apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*; \
    fi \
 && groupadd --system --gid 185 gateway \
 && useradd --system --uid 185 --gid 185 --home-dir /deployments --shell /usr/sbin/nologin gateway \
 && mkdir -p /deployments/config \
 && chown -R 185:185 /deployments

WORKDIR /deployments
# Quarkus fast-jar layout, copied in order of change frequency so a code change only rebuilds the last layers.
COPY --from=build --chown=185:185 /src/gateway/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185:185 /src/gateway/target/quarkus-app/quarkus-run.jar /deployments/
COPY --from=build --chown=185:185 /src/gateway/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185:185 /src/gateway/target/quarkus-app/quarkus/ /deployments/quarkus/

# Container defaults. Environment variables outrank the application.properties that Kubernetes mounts in
# /deployments/config/, so only what belongs to the container itself is set here: listen on every interface
# (the app defaults to 127.0.0.1) and use the ports this image EXPOSEs. Advertised addresses are per host:
# pass them at run time (-e GATEWAY_MEDIA_ROOM_ADVERTISED_ADDRESSES=..., see docs/operations.md).
ENV GATEWAY_MEDIA_ROOM_BIND_ADDRESS=0.0.0.0 \
    GATEWAY_MEDIA_ROOM_PORT=10000 \
    GATEWAY_MEDIA_SIP_BIND_ADDRESS=0.0.0.0 \
    GATEWAY_MEDIA_SIP_RTP_PORT_MIN=20000 \
    GATEWAY_MEDIA_SIP_RTP_PORT_MAX=20999 \
    GATEWAY_SIP_BIND_ADDRESS=0.0.0.0 \
    GATEWAY_SIP_PORT=5060 \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080

# JVM sized from the container's memory limit, not the node's:
# - heap at most 60% of the limit: the rest is for direct buffers (packet I/O), thread stacks, metaspace and the
#   native Opus codec. No initial size: a pass-through call keeps little heap (docs/benchmarks.md, Memory), and an
#   initial heap of 30% of the limit only let G1 fill (and keep resident) a young generation that large;
# - G1 explicitly: with fewer than 2 CPUs or under 1792 MB the JVM would otherwise pick Serial GC, whose pauses
#   are heard as gaps; the pause goal stays well under one 20 ms audio frame;
# - unused heap goes back to the system: the gateway runs one full collection at the end of start-up, and another
#   (with a trim of glibc's malloc arenas, which keep what the JIT and G1 freed) once no call has existed for
#   gateway.limits.idle-memory-release (5 s; IdleCompaction), after which at most 30% of the heap is left free;
#   GCTimeRatio=4 (G1 grows the heap once 20% of the time goes to GC, instead of 8%): young pauses of a few ms are
#   cheap here, resident memory is not. Not G1PeriodicGCInterval or TrimNativeHeapInterval: their timers also fire
#   while a few calls are up (a 4-70 ms pause and an 11-53 ms remark every 5 s, a trim holding malloc's locks for up
#   to 360 ms were measured), where the gateway's own release waits for a moment with no call;
# - MarkStackSize=256k: G1's concurrent-mark stack starts at 2 MiB instead of 32 MiB (it grows when a marking needs
#   more; the live set of a gateway is small);
# - exit on OOM so Kubernetes restarts the pod instead of leaving a half-working gateway.
# MALLOC_ARENA_MAX=2: glibc otherwise gives each thread that calls malloc (the native SRTP and Opus code does) its own
# 64 MiB arena, resident once touched. Measured: docs/benchmarks.md, "Memory".
# - ThreadPriorityPolicy=1 with priority 1 mapped to nice 19: the DTLS handshake threads (Thread.MIN_PRIORITY) yield
#   the core to the media I/O loops, so a burst of new calls does not delay the media of the calls already up
#   (measured: docs/benchmarks.md, "Calls per core"). Lowering a thread's priority needs no privilege.
# - CompilerThreadPriority=5: the JIT's compiler threads at nice 5, below the media I/O loops (nice 0; -5 where the
#   JVM may raise priorities, which as root would otherwise give the compilers -4 above the loops): a compilation
#   burst does not take the core from the media.
# JAVA_OPTS_APPEND adds flags without repeating these.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=60.0 -XX:+UseG1GC -XX:MaxGCPauseMillis=10 \
-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:GCTimeRatio=4 -XX:MarkStackSize=256k \
-XX:+ExitOnOutOfMemoryError -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 -XX:CompilerThreadPriority=5 \
-Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS_APPEND=""

EXPOSE 8080/tcp 10000/udp 5060/udp 5060/tcp 20000-20999/udp

USER 185

# No HEALTHCHECK: Kubernetes probes /q/health/live and /q/health/ready itself (k8s/base/deployment.yaml), and a
# Docker HEALTHCHECK is ignored there. With plain Docker: curl -f http://localhost:8080/q/health/ready
#
# exec: java becomes PID 1 and receives SIGTERM directly, so the app's shutdown (drain, then end the remaining
# calls with cause "shutdown" and a SIP BYE) runs on `docker stop` and on pod deletion. The whole shutdown takes
# up to gateway.limits.shutdown-grace (30 s): give `docker run --stop-timeout` (or `docker stop -t`) 40, since
# Docker's default of 10 s kills the process before any BYE goes out.
# The root filesystem may be read-only (docker run --read-only --tmpfs /tmp): only /tmp is written.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
