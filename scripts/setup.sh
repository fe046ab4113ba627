#!/usr/bin/env bash
# Installs the Debian 12 packages PE Lab needs, only those missing. Idempotent: a second run
# installs nothing and takes a second. Usage: scripts/setup.sh [--tests | --package | --fuzz]
set -euo pipefail

packages=(
    cmake g++ ninja-build ccache
    qt6-base-dev qt6-charts-dev qt6-svg-dev
    libqt6opengl6-dev  # qt6-charts-dev needs it but does not pull it in
    libxkbcommon-dev
    libtorch-dev
    libopenblas0-openmp  # switches libblas.so.3 from the reference BLAS (23x slower here)
    fonts-dejavu-core    # text in offscreen renders, screenshots and figures
)
# The package needs dpkg-shlibdeps (dpkg-dev) for its dependencies' versions, which CPack
# runs only where `file` is installed (a fresh Debian root has none).
if [[ "${1:-}" == "--package" ]]; then
    packages+=(dpkg-dev file)
fi
# scripts/fuzz.sh: clang with libFuzzer and the sanitizers' runtime.
if [[ "${1:-}" == "--fuzz" ]]; then
    packages+=(clang libclang-rt-14-dev)
fi
if [[ "${1:-}" == "--tests" ]]; then
    # The PyTorch reference and the export round trips run under /usr/bin/python3; locales
    # lets a test build a German locale to check exports do not depend on it; the package
    # test builds the .deb (dpkg-dev) and installs it into a fresh Debian root (debootstrap).
    packages+=(python3-torch python3-numpy python3-nbformat locales dpkg-dev file debootstrap)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "PE Lab setup: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "PE Lab setup: run as root (or install sudo)" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
