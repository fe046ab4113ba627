#!/usr/bin/env bash
# Coverage-guided fuzzing with clang's libFuzzer (ASan + UBSan) of the config.json reader,
# the lesson-file reader and the command-line parser. Builds build/fuzz (clang, PELAB_FUZZ),
# then runs each target for SECONDS (default 600) on a working corpus grown from the seeds in
# tests/fuzz. A crash leaves its input in build/fuzz/artifacts/ and fails the script.
# Usage: scripts/fuzz.sh [SECONDS] [config|lesson|cmdline ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=600
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(config lesson cmdline)

scripts/setup.sh --fuzz
if [[ ! -f build/fuzz/build.ninja ]]; then
    CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPELAB_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
fi
cmake --build build/fuzz -j2 --target "${targets[@]/#/fuzz_}"

mkdir -p build/fuzz/artifacts
status=0
for name in "${targets[@]}"; do
    corpus=build/fuzz/corpus/$name
    mkdir -p "$corpus"
    seeds=(tests/fuzz/$name)
    [[ $name == lesson ]] && seeds+=(resources/lessons)
    echo "fuzz_$name: ${seconds} s"
    # Qt's and LibTorch's own allocations outlive the process on purpose: no leak check.
    if ! ASAN_OPTIONS=detect_leaks=0 build/fuzz/fuzz/fuzz_$name -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 -dict=tests/fuzz/$name.dict \
        -artifact_prefix=build/fuzz/artifacts/$name- "$corpus" "${seeds[@]}" \
        >build/fuzz/$name.log 2>&1; then
        status=1
        echo "fuzz_$name: FAILED (build/fuzz/$name.log, input in build/fuzz/artifacts/)"
        grep -E "ERROR|SUMMARY|Test unit written" build/fuzz/$name.log | head -5
    else
        grep -E "stat::number_of_executed_units|Done [0-9]+ runs" build/fuzz/$name.log | tail -2
        echo "fuzz_$name: no crash; corpus $(ls "$corpus" | wc -l) inputs"
    fi
done
exit $status
