#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, and nothing when it is all there already:
# sipp (sip-tester), baresip, chromium, sox, python3-pylibsrtp, kubectl (kubernetes-client), kamailio with its tls
# module (SIP proxy, registrar and TLS peer) and dnsmasq (a DNS server on loopback for SRV/NAPTR) from Debian's packages;
# playwright-core and TypeScript (the typed client in clients/typescript, compiled and tested by the gateway's
# TypeScriptClientTest) from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v baresip >/dev/null 2>&1 || need+=(baresip)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v sox >/dev/null 2>&1 || need+=(sox)
[ -x /usr/bin/kubectl ] || need+=(kubernetes-client) # kubectl kustomize renders k8s/ (KubernetesManifestsTest)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
[ -x /usr/sbin/kamailio ] || need+=(kamailio)
[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ] || need+=(kamailio-tls-modules)
[ -x /usr/sbin/dnsmasq ] || need+=(dnsmasq-base)
/usr/bin/python3 -c 'import pylibsrtp' >/dev/null 2>&1 || need+=(python3-pylibsrtp) # libsrtp peer (webrtc tests)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -d testkit/node/node_modules/playwright-core ]; then
  echo "installing playwright-core for the chromium test peer"
  (cd testkit/node && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ ! -x clients/typescript/node_modules/typescript/bin/tsc ]; then
  echo "installing TypeScript for the typed client (clients/typescript)"
  (cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error)
fi
