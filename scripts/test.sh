#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite with CTest.
# Usage: scripts/test.sh [--sanitize] [ctest options, e.g. -L unit or -LE "pytorch|slow"]
#   --sanitize  build the asan preset (AddressSanitizer + UndefinedBehaviorSanitizer) in
#               build/asan and run the suite there; any report fails its test. The package
#               test is left out (it installs the release build's package).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
if [[ "${1:-}" == "--sanitize" ]]; then
    preset=asan
    shift
fi
scripts/setup.sh --tests
if [[ $preset == release ]]; then
    scripts/build.sh
else
    [[ -f build/asan/build.ninja ]] || cmake --preset asan >/dev/null
    cmake --build build/asan -j2
    # Every report is an error. Leaks inside libraries we do not build (Qt's plugins,
    # LibTorch's and libp11-kit's one-time allocations) are suppressed, each with its reason,
    # in tests/sanitizers/lsan.supp; our own code has no suppression.
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
    # Qt Test stops a test function after 5 minutes; one lesson's runs take longer here.
    export QTEST_FUNCTION_TIMEOUT=3600000
    # The package test installs the release build's package: not part of this run. CTest
    # honours one -LE only, so a given one is widened.
    args=()
    excluded=package
    while [[ $# -gt 0 ]]; do
        if [[ $1 == -LE && $# -gt 1 ]]; then
            excluded="$excluded|$2"
            shift 2
        else
            args+=("$1")
            shift
        fi
    done
    set -- -LE "$excluded" "${args[@]}"
fi
# One test at a time: the lifecycle tests measure latencies, and the machine has 2 cores.
cd build/$preset
ctest --output-on-failure --timeout 900 "$@"
