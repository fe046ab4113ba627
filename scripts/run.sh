#!/usr/bin/env bash
# Installs what is missing, builds (Release) and launches PE Lab. Arguments go to pelab.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --target pelab
exec build/release/app/pelab "$@"
