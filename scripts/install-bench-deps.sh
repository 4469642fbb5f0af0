#!/usr/bin/env bash
# Installs what the benchmarks need beyond the tests' own dependencies (scripts/install-test-deps.sh), and nothing
# when it is all there already: Janus 1.1.2 from Debian's packages (the peer the gateway is compared with, run on
# loopback by scripts/janus/start.sh) and gcc, which builds the small LD_PRELOAD shim that start script needs.
# Not part of the test command: the tests skip the Janus check where Janus is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh

need=()
[ -x /usr/bin/janus ] || need+=(janus)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # the package enables a system-wide service; the benchmark runs its own instance on free loopback ports
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now janus >/dev/null 2>&1 || true
  fi
fi
