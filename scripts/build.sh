#!/usr/bin/env bash
# Configures (once) and builds PE Lab in build/release. Incremental and ccache'd.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f build/release/build.ninja ]]; then
    cmake --preset release >/dev/null
fi
cmake --build build/release -j2 "$@"
