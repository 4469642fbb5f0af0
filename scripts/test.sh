#!/usr/bin/env bash
# The test command: installs the real peers the tests use (when missing), then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
exec ./mvnw -B verify "$@"
