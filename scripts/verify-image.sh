#!/usr/bin/env bash
# Builds the container image and checks it the way an operator would use it (docs/operations.md, "Verifying the
# image"). Not part of the default test command: it needs a container engine, root and a few minutes.
#
#   scripts/verify-image.sh                 build, run, call, stop, report
#   scripts/verify-image.sh --bases-only    only make sure eclipse-temurin:17-jdk/17-jre exist (stand-ins if needed)
#
# 1. Engine: docker when its daemon answers, else podman (installed from Debian's packages with buildah if missing);
#    the options this host needs are probed (runc and the host's file limit where crun cannot run).
# 2. Base images: eclipse-temurin:17-jdk and 17-jre, local or pulled; where they cannot be fetched, stand-ins of
#    the same shape are made with debootstrap (Debian bookworm + OpenJDK 17 from Debian's packages, JAVA_HOME
#    /opt/java/openjdk, curl) and tagged with those names; the host's own CA certificates are added to stand-ins.
#    The report says which were used.
# 3. Builds the image, records its size and what the project adds to the base.
# 4. Runs it as an operator would (read-only root filesystem, a tmpfs on /tmp, every capability dropped; host
#    network with every socket on 127.0.0.1), checks uid 185, waits for readiness and records the start-up time.
# 5. Places a real call from headless chromium (testkit/node/image-call.mjs driving peer.mjs) to the demo echo and
#    measures the tone that comes back.
# 6. Stops the container with the call up, with a stop timeout equal to the shutdown grace, and checks the drain: the
#    room gets `ended` with cause `shutdown`, the demo endpoint receives the BYE, java exits by itself in time.
# 7. Starts the image's own defaults (SIP on 5060) as uid 185 with no capabilities; 8. checks the start-up error
#    for a missing gateway.sip.advertised-address.
#
# Environment: ENGINE=docker|podman to choose; IMAGE (default dialout-gateway:verify); WORK (default
# /tmp/dialout-verify-image: logs, the call's JSON); GRACE (shutdown grace and stop timeout, default 10 s).
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-dialout-gateway:verify}
WORK=${WORK:-${TMPDIR:-/tmp}/dialout-verify-image}
mkdir -p "$WORK"
BASES_ONLY=false
[ "${1:-}" = "--bases-only" ] && BASES_ONLY=true

say() { printf '[verify-image] %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- 1. engine
pick_engine() {
  if [ -n "${ENGINE:-}" ]; then echo "$ENGINE"; return; fi
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then echo docker; return; fi
  if ! command -v podman >/dev/null 2>&1; then
    say "no docker daemon and no podman: installing podman and buildah from Debian's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq podman buildah >/dev/null
  fi
  echo podman
}
ENGINE=$(pick_engine)
say "engine: $ENGINE ($($ENGINE --version 2>/dev/null | head -1))"
# podman resolves a short name against several registries; the Dockerfile's names mean Docker Hub's images.
qualify() { if [ "$ENGINE" = podman ]; then echo "docker.io/library/$1"; else echo "$1"; fi; }

ENGINE_GLOBAL=()
eng() { "$ENGINE" "${ENGINE_GLOBAL[@]}" "$@"; }
# ---------------------------------------------------------------- 2. base images
have_image() { eng image inspect "$(qualify "$1")" >/dev/null 2>&1; }

# A stand-in of eclipse-temurin:17-<kind>: Debian bookworm, OpenJDK 17 (headless) from Debian's packages, the same
# JAVA_HOME and PATH as Temurin's images, curl and wget as they have, and Debian's standard groups (dialout is gid 20
# there as on Ubuntu). Labelled, so that nobody mistakes it for the real one.
make_stand_in() {
  local kind=$1 pkg=$2 root="$WORK/rootfs-$1"
  command -v debootstrap >/dev/null 2>&1 || {
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq debootstrap >/dev/null
  }
  local mirror
  mirror=$(awk '/^URIs:/ {print $2; exit} /^deb / {print $2; exit}' \
    /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  say "making a stand-in for eclipse-temurin:17-$kind with debootstrap (bookworm, $pkg, from $mirror)"
  as_root umount -R "$root/proc" "$root/sys" 2>/dev/null || true # left mounted by an interrupted debootstrap
  as_root rm -rf "$root"
  mkdir -p "$WORK/debs"
  as_root debootstrap --variant=minbase --cache-dir="$WORK/debs" \
    --include="$pkg,ca-certificates,curl,wget,p11-kit,fontconfig,tzdata" \
    bookworm "$root" "$mirror" >"$WORK/debootstrap-$kind.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap-$kind.log" >&2; die "debootstrap for the $kind stand-in"; }
  as_root mkdir -p "$root/opt/java"
  as_root ln -sfn /usr/lib/jvm/java-17-openjdk-amd64 "$root/opt/java/openjdk"
  as_root sh -c "rm -rf '$root'/var/lib/apt/lists/* '$root'/var/cache/apt/*.bin '$root'/var/cache/apt/archives/*.deb"
  as_root tar -C "$root" --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -c . | eng import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'LABEL org.opencontainers.image.description=stand-in-for-eclipse-temurin-made-by-scripts/verify-image.sh' \
    --change 'CMD ["jshell"]' \
    - "$(qualify "eclipse-temurin:17-$kind")" >/dev/null 2>&1
  as_root rm -rf "$root"
}

BASES=""
for kind in jdk jre; do
  name="eclipse-temurin:17-$kind"
  if have_image "$name"; then
    desc=$(eng image inspect --format '{{index .Config.Labels "org.opencontainers.image.description"}}' \
      "$(qualify "$name")" 2>/dev/null || true)
    case "$desc" in
      stand-in*) BASES="$BASES $name=stand-in(local)";;
      *) BASES="$BASES $name=real(local)";;
    esac
  elif timeout 60 eng pull -q "$(qualify "$name")" >/dev/null 2>&1; then
    BASES="$BASES $name=real(pulled)"
  else
    pkg=openjdk-17-jre-headless
    [ "$kind" = jdk ] && pkg=openjdk-17-jdk-headless
    make_stand_in "$kind" "$pkg"
    BASES="$BASES $name=stand-in(made)"
  fi
done
say "base images:$BASES"
$BASES_ONLY && exit 0

# ---------------------------------------------------------------- engine options this host needs
# Some hosts refuse what an engine asks of the kernel by default: crun on a cgroup v1/v2 hybrid ("cgroups in hybrid
# mode not supported"), or raising RLIMIT_NOFILE/NPROC to podman's default maximum without CAP_SYS_RESOURCE. Probe a
# trivial container, then fall back to the host's own file limit and runc.
RUN_OPTS=()
probe() { eng run --rm --network none "${RUN_OPTS[@]}" "$(qualify eclipse-temurin:17-jre)" true >"$WORK/probe.log" 2>&1; }
if ! probe; then
  say "a plain '$ENGINE run' fails here ($(tail -1 "$WORK/probe.log")); trying lower limits and runc"
  RUN_OPTS=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=32768:32768)
  if ! probe && [ "$ENGINE" = podman ]; then
    command -v runc >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq runc >/dev/null
    ENGINE_GLOBAL=(--runtime runc)
  fi
  probe || { cat "$WORK/probe.log" >&2; die "cannot run a container with $ENGINE here"; }
  say "engine options: ${ENGINE_GLOBAL[*]} ${RUN_OPTS[*]}"
fi

# ---------------------------------------------------------------- this host's own CA certificates in stand-ins
# Where the host trusts local CAs of its own (/usr/local/share/ca-certificates, e.g. a TLS-intercepting egress
# proxy), a stand-in base gets them too, so that the build stage reaches Maven Central as the host does. The real
# Temurin images are never changed.
host_cas=$(ls /usr/local/share/ca-certificates/*.crt 2>/dev/null || true)
CAS_ADDED=""
if [ -n "$host_cas" ]; then
  for kind in jdk jre; do
    ref=$(qualify "eclipse-temurin:17-$kind")
    desc=$(eng image inspect --format '{{index .Config.Labels "org.opencontainers.image.description"}}' "$ref")
    has=$(eng image inspect --format '{{index .Config.Labels "dialout.verify.host-cas"}}' "$ref")
    case "$desc" in stand-in*) ;; *) continue;; esac
    if [ "$has" = yes ]; then CAS_ADDED="$CAS_ADDED $kind"; continue; fi
    say "adding this host's CA certificates to the $kind stand-in: $(echo $host_cas | xargs -n1 basename | tr '\n' ' ')"
    rm -rf "$WORK/cas" && mkdir -p "$WORK/cas"
    cp $host_cas "$WORK/cas/"
    printf 'FROM %s\nCOPY *.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates >/dev/null\nLABEL dialout.verify.host-cas=yes\n' \
      "$ref" >"$WORK/cas/Containerfile"
    eng build -q --network host "${RUN_OPTS[@]}" -f "$WORK/cas/Containerfile" -t "$ref" "$WORK/cas" >/dev/null \
      || die "adding the host's CA certificates to the $kind stand-in"
    CAS_ADDED="$CAS_ADDED $kind"
  done
fi

# ---------------------------------------------------------------- 3. build
BUILD_ARGS=()
# podman's default build network is a bridge that needs iptables or nftables for its NAT; the host's works anywhere.
[ "$ENGINE" = podman ] && BUILD_ARGS=(--network host)
say "building $IMAGE with $ENGINE (log: $WORK/build.log)"
t=$(date +%s)
eng build "${BUILD_ARGS[@]}" "${RUN_OPTS[@]}" -t "$IMAGE" . >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "image build"; }
BUILD_S=$(( $(date +%s) - t ))
size() { eng image inspect --format '{{.Size}}' "$1"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1000000 }'; }
IMAGE_B=$(size "$IMAGE")
BASE_B=$(size "$(qualify eclipse-temurin:17-jre)")
APP_DU=$(eng run --rm --network none "${RUN_OPTS[@]}" --entrypoint /bin/sh "$IMAGE" -c \
  'du -sk /deployments/lib /deployments/app /deployments/quarkus /deployments/quarkus-run.jar | awk "{printf \"%s %d kB; \", \$2, \$1}"')
say "built in ${BUILD_S}s: $IMAGE $(mb "$IMAGE_B"), base eclipse-temurin:17-jre $(mb "$BASE_B"), added $(mb $((IMAGE_B - BASE_B)))"
say "  /deployments: $APP_DU"

# ---------------------------------------------------------------- 4. run
# Host network with every socket on 127.0.0.1 and free ports: the room (chromium) and the gateway meet on loopback,
# nothing is published and nothing listens beyond this host.
read -r HTTP ROOM SIP RTP < <(python3 - <<'PY'
import socket
def free(kind):
    s = socket.socket(socket.AF_INET, kind); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
def free_both():
    while True:
        p = free(socket.SOCK_STREAM)
        try:
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", p)); u.close(); return p
        except OSError:
            pass
def free_range(n):
    for start in range(40000, 60000 - n, n):
        socks = []
        try:
            for p in range(start, start + n):
                u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); socks.append(u); u.bind(("127.0.0.1", p))
            return start
        except OSError:
            pass
        finally:
            for u in socks: u.close()
print(free(socket.SOCK_STREAM), free(socket.SOCK_DGRAM), free_both(), free_range(100))
PY
)
GRACE=${GRACE:-10}
NAME=dialout-verify-$$
# One at a time: podman removes none of the names when one of them is missing.
cleanup() { for n in "$NAME" "$NAME-5060" "$NAME-noaddr"; do eng rm -f "$n" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT
say "starting $NAME: read-only root filesystem, tmpfs /tmp, no capabilities, host network on 127.0.0.1 (HTTP $HTTP, room $ROOM/udp, SIP $SIP, RTP $RTP-$((RTP + 99)))"
t_start=$(date +%s.%N)
eng run -d --name "$NAME" --network host "${RUN_OPTS[@]}" \
  --read-only --tmpfs /tmp:rw,exec,nosuid,nodev,size=256m --cap-drop ALL --security-opt no-new-privileges \
  -e QUARKUS_HTTP_HOST=127.0.0.1 -e QUARKUS_HTTP_PORT="$HTTP" \
  -e GATEWAY_MEDIA_ROOM_BIND_ADDRESS=127.0.0.1 -e GATEWAY_MEDIA_ROOM_PORT="$ROOM" \
  -e GATEWAY_MEDIA_ROOM_ADVERTISED_ADDRESSES=127.0.0.1 \
  -e GATEWAY_SIP_BIND_ADDRESS=127.0.0.1 -e GATEWAY_SIP_PORT="$SIP" \
  -e GATEWAY_MEDIA_SIP_BIND_ADDRESS=127.0.0.1 \
  -e GATEWAY_MEDIA_SIP_RTP_PORT_MIN="$RTP" -e GATEWAY_MEDIA_SIP_RTP_PORT_MAX=$((RTP + 99)) \
  -e GATEWAY_DEMO_ENABLED=true -e GATEWAY_LIMITS_SHUTDOWN_GRACE="${GRACE}s" \
  "$IMAGE" >/dev/null || die "container start"
deadline=$(( $(date +%s) + 120 ))
until curl -fsS -m 2 "http://127.0.0.1:$HTTP/q/health/ready" >/dev/null 2>&1; do
  [ "$(eng inspect --format '{{.State.Running}}' "$NAME" 2>/dev/null)" = true ] \
    || { eng logs "$NAME" 2>&1 | tail -30 >&2; die "the container stopped before it was ready"; }
  [ "$(date +%s)" -lt "$deadline" ] || { eng logs "$NAME" 2>&1 | tail -30 >&2; die "not ready within 120 s"; }
  sleep 0.1
done
READY_S=$(awk -v a="$t_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
QUARKUS_S=$(eng logs "$NAME" 2>&1 | sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' | head -1)
say "ready ${READY_S}s after 'eng run' (Quarkus: started in ${QUARKUS_S:-?}s)"

ids=$(eng exec "$NAME" sh -c 'echo "$(id -u):$(id -g) pid1=$(cat /proc/1/comm) $(grep ^CapEff /proc/1/status | tr -d "\t")"')
say "inside: uid:gid $ids"
case "$ids" in 185:185\ pid1=java\ CapEff:0000000000000000) ;; *) die "expected uid 185, java as PID 1, no capabilities: $ids";; esac
eng exec "$NAME" sh -c 'touch /deployments/probe' 2>/dev/null && die "the root filesystem is writable"
eng exec "$NAME" sh -c 'touch /tmp/probe && rm /tmp/probe' || die "/tmp is not writable"
[ "$(eng inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$NAME")" = true ] || die "ReadonlyRootfs not set"
say "read-only root filesystem: writes to /deployments refused, /tmp writable"

# ---------------------------------------------------------------- 5 and 6. a call, then the stop with the call up
say "calling sip:echo@demo from headless chromium, then '$ENGINE stop -t $GRACE' (stop timeout = shutdown grace) with the call up"
CALL=$(node testkit/node/image-call.mjs --ws "ws://127.0.0.1:$HTTP/v1/dialout" --to sip:echo@demo --tone 440 \
  --then "$ENGINE ${ENGINE_GLOBAL[*]} stop -t $GRACE $NAME") || { echo "$CALL" >&2; eng logs "$NAME" 2>&1 | tail -30 >&2; die "the call"; }
echo "$CALL" >"$WORK/call.json"
EXIT=$(eng inspect --format '{{.State.ExitCode}}' "$NAME")
eng logs "$NAME" >"$WORK/gateway.log" 2>&1
node -e '
const r = JSON.parse(process.argv[1]);
const f = r.tone.frequency, lvl = r.tone.levelDbfs;
console.log(`answered ${r.answeredAfterDialMs} ms after the dial, room ICE+DTLS up ${r.roomConnectedAfterDialMs} ms after it; the room heard ${f.toFixed(1)} Hz at ${lvl.toFixed(1)} dBFS (sent 440 Hz)`);
console.log(`stop: ended cause=${r.ended.cause} by=${r.ended.by} after ${r.ended.afterCommandMs} ms; stop command exited ${r.command.code} after ${r.command.afterMs} ms`);
let bad = [];
if (Math.abs(f - 440) > 10) bad.push("tone not 440 Hz");
if (lvl < -40) bad.push("tone too quiet");
if (r.ended.cause !== "shutdown") bad.push("cause is not shutdown");
if (bad.length) { console.error(bad.join("; ")); process.exit(1); }
' "$CALL" | while read -r line; do say "$line"; done
[ "${PIPESTATUS[0]}" -eq 0 ] || die "call checks"
grep -q "demo echo: call .* ended (caller hung up)" "$WORK/gateway.log" \
  || { tail -30 "$WORK/gateway.log" >&2; die "the demo endpoint got no BYE"; }
grep -q "ended: shutdown" "$WORK/gateway.log" || die "no call ended with cause shutdown in the log"
# 143 = 128 + SIGTERM: java exited by itself after its shutdown; 137 would be the engine's SIGKILL.
[ "$EXIT" = 143 ] || [ "$EXIT" = 0 ] || die "exit code $EXIT: killed before the drain finished"
say "drain: BYE received by the demo endpoint ($(grep -o 'demo echo: call .* ended (caller hung up).*' "$WORK/gateway.log" | head -1)); exit code $EXIT, before the stop timeout"

# ---------------------------------------------------------------- 7. the image's own ports: SIP on 5060 as uid 185
# The image's defaults (wildcard binds, SIP on 5060) in a network namespace of its own, every capability dropped.
# 5060 is above 1024, so no privilege is involved in any network mode (docs/operations.md).
eng run -d --name "$NAME-5060" --network none "${RUN_OPTS[@]}" --read-only \
  --tmpfs /tmp:rw,exec,nosuid,nodev,size=256m --cap-drop ALL --security-opt no-new-privileges \
  -e GATEWAY_MEDIA_ROOM_ADVERTISED_ADDRESSES=127.0.0.1 -e GATEWAY_SIP_ADVERTISED_ADDRESS=127.0.0.1 \
  -e GATEWAY_MEDIA_SIP_ADVERTISED_ADDRESS=127.0.0.1 "$IMAGE" >/dev/null || die "container start (5060)"
deadline=$(( $(date +%s) + 180 ))
until eng exec "$NAME-5060" curl -fsS -m 2 http://127.0.0.1:8080/q/health/ready >/dev/null 2>&1; do
  [ "$(eng inspect --format '{{.State.Running}}' "$NAME-5060")" = true ] \
    || { eng logs "$NAME-5060" 2>&1 | tail -20 >&2; die "the 5060 container stopped"; }
  [ "$(date +%s)" -lt "$deadline" ] || die "the 5060 container was not ready within 180 s"
  sleep 0.2
done
caps=$(eng exec "$NAME-5060" sh -c 'echo "uid $(id -u), $(grep ^CapEff /proc/1/status | tr -d "\t")"')
eng logs "$NAME-5060" 2>&1 | grep -q "SIP user agent on 0.0.0.0:5060" || die "SIP is not on 5060"
say "image defaults in their own network namespace: SIP user agent on 0.0.0.0:5060, $caps"
eng rm -f "$NAME-5060" >/dev/null

# ---------------------------------------------------------------- 8. the start-up error for a missing address
eng run --name "$NAME-noaddr" --network none "${RUN_OPTS[@]}" -e GATEWAY_MEDIA_SIP_ADVERTISED_ADDRESS=127.0.0.1 "$IMAGE" \
  >"$WORK/noaddr.log" 2>&1 && die "started without gateway.sip.advertised-address"
grep -q "gateway.sip.advertised-address (environment variable GATEWAY_SIP_ADVERTISED_ADDRESS) must be set" \
  "$WORK/noaddr.log" || { tail -20 "$WORK/noaddr.log" >&2; die "the start-up error does not name the setting"; }
say "without GATEWAY_SIP_ADVERTISED_ADDRESS: start-up fails naming gateway.sip.advertised-address"

[ -z "$CAS_ADDED" ] || BASES="$BASES (this host's CA certificates added to:$CAS_ADDED)"
say "PASSED. engine $ENGINE ${ENGINE_GLOBAL[*]}; bases:$BASES; image $(mb "$IMAGE_B") (base $(mb "$BASE_B"), added $(mb $((IMAGE_B - BASE_B)))); ready in ${READY_S}s; details in $WORK"
