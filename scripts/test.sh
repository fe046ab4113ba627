#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
scripts/build.sh
# One test at a time: the lifecycle tests measure latencies, and the machine has 2 cores.
cd build/release
ctest --output-on-failure --timeout 900 "$@"
