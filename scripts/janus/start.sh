#!/usr/bin/env bash
# Starts Janus (Debian package "janus", 1.1.2) on loopback for the side-by-side benchmark, in the foreground:
#   scripts/janus/start.sh WORKDIR HTTP_PORT ICE_RANGE SIP_RANGE [DEBUG_LEVEL]
#   e.g. scripts/janus/start.sh /tmp/janus-bench 18088 30000-34999 35000-39999
# Writes the config files from the *.in templates beside this script into WORKDIR/conf, builds the LD_PRELOAD shim
# (loopback-shim.c) into WORKDIR, then execs janus, so the caller's child pid is Janus's (for /proc CPU figures).
# The API answers on http://127.0.0.1:HTTP_PORT/janus once Janus is up; stop it with SIGTERM (or SIGINT).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$1"; http_port="$2"; ice_range="$3"; sip_range="$4"; debug="${5:-3}"
janus_bin="${JANUS_BIN:-/usr/bin/janus}"
libdir="${JANUS_LIBDIR:-/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)/janus}"
[ -x "$janus_bin" ] || { echo "janus not installed ($janus_bin): run scripts/install-bench-deps.sh" >&2; exit 127; }
mkdir -p "$work/conf"
for t in "$here"/*.jcfg.in; do
  sed -e "s|@CFGDIR@|$work/conf|g" -e "s|@LIBDIR@|$libdir|g" -e "s|@DEBUG_LEVEL@|$debug|g" \
      -e "s|@HTTP_PORT@|$http_port|g" -e "s|@ICE_RANGE@|$ice_range|g" -e "s|@SIP_RANGE@|$sip_range|g" \
      "$t" > "$work/conf/$(basename "$t" .in)"
done
gcc -shared -fPIC -O2 -o "$work/loopback-shim.so" "$here/loopback-shim.c" -ldl
export LD_PRELOAD="$work/loopback-shim.so${LD_PRELOAD:+:$LD_PRELOAD}"
exec "$janus_bin" -F "$work/conf" -C "$work/conf/janus.jcfg" -o
