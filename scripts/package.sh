#!/usr/bin/env bash
# Builds the Debian package build/release/pelab_<version>_amd64.deb: installs what is missing
# (the build's packages, and dpkg-dev for the dependencies' versions), builds, then CPack.
# Install it with: sudo apt install ./build/release/pelab_*_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --package
scripts/build.sh
cd build/release
cpack -G DEB >cpack.log 2>&1 || { cat cpack.log >&2; exit 1; }
deb=$(ls -t pelab_*_amd64.deb | head -1)
echo "PE Lab package: build/release/$deb"
dpkg-deb --field "$deb" Package Version Depends
