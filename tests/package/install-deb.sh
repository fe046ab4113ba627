#!/usr/bin/env bash
# The package test: builds the .deb with CPack, installs it with apt into a fresh Debian 12
# root (debootstrap, from the Debian archive) and uses it there: pelab --version, pelab train
# (its lines must equal the build tree's), a family run, the window drawn offscreen to a PNG,
# and the menu entry, icons, metainfo and man page in place.
# Usage: install-deb.sh BUILD_DIR HOST_PELAB. Exit 77 (CTest: skipped) with the reason when
# this machine cannot do it: not root, no debootstrap, no chroot, the archive out of reach.
set -euo pipefail
build=$1
host_pelab=$2

skip() {
    echo "SKIPPED: $*"
    exit 77
}
[[ $(id -u) -eq 0 ]] || skip "installing into a Debian root needs root (chroot, apt)"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (scripts/setup.sh --tests installs it)"
command -v dpkg-shlibdeps >/dev/null || skip "dpkg-dev is not installed (scripts/setup.sh --tests installs it)"
command -v file >/dev/null || skip "file is not installed (CPack needs it for the dependencies; scripts/setup.sh --tests installs it)"

# The package, from this build tree.
(cd "$build" && cpack -G DEB >cpack.log 2>&1) || { cat "$build/cpack.log"; exit 1; }
deb=$(ls -t "$build"/pelab_*_amd64.deb | head -1)
echo "package: $deb"
dpkg-deb --field "$deb" Depends

# A fresh root for every run: a minbase debootstrap, kept as a tarball between runs (the
# download is the slow part), unpacked anew.
cache=${PELAB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pelab}/package-test
mkdir -p "$cache/apt-archives"
work=$(mktemp -d "${TMPDIR:-/tmp}/pelab-deb-test.XXXXXX")
root=$work/root
mounted=()
cleanup() {
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir -p "$root"
if [[ ! -f $cache/bookworm-minbase.tar ]]; then
    echo "debootstrap: a Debian 12 minbase root (once; kept in $cache)"
    debootstrap --variant=minbase bookworm "$work/base" http://deb.debian.org/debian \
        >"$work/debootstrap.log" 2>&1 ||
        { tail -5 "$work/debootstrap.log"; skip "debootstrap could not build a Debian 12 root (is the Debian archive reachable?)"; }
    tar -C "$work/base" -cf "$cache/bookworm-minbase.tar.part" . && mv "$cache/bookworm-minbase.tar.part" "$cache/bookworm-minbase.tar"
    rm -rf "$work/base"
fi
tar -C "$root" -xf "$cache/bookworm-minbase.tar"
chroot "$root" true 2>/dev/null || skip "chroot does not work here"

# The archive the way a Debian 12 machine has it; the host's name resolution.
cat >"$root/etc/apt/sources.list" <<'LIST'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
LIST
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# /proc for the program; the downloaded packages kept between runs. Without mounts (a
# container that forbids them) it still runs, only slower.
for target in proc var/cache/apt/archives; do
    source=/proc
    [[ $target == proc ]] || source=$cache/apt-archives
    if mount --bind "$source" "$root/$target" 2>/dev/null; then mounted+=("$root/$target"); fi
done

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
cp "$deb" "$root/tmp/pelab.deb"
in_root apt-get update -qq >"$work/apt.log" 2>&1 || { tail -5 "$work/apt.log"; skip "apt in the new root cannot reach the Debian archive"; }
echo "apt install ./pelab.deb into the fresh root"
in_root apt-get install -y -qq --no-install-recommends /tmp/pelab.deb \
    >>"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; echo "FAIL: apt could not install the package"; exit 1; }

fail() {
    echo "FAIL: $*"
    exit 1
}
version=$(in_root pelab --version) || fail "pelab --version exited $?"
echo "$version"
[[ $version == "pelab "* ]] || fail "pelab --version printed: $version"

# The notebook's run prints the same lines as the build tree's binary.
in_root pelab train --epochs 3 >"$work/installed.txt" || fail "pelab train exited $?"
"$host_pelab" train --epochs 3 >"$work/host.txt"
cat "$work/installed.txt"
cmp -s "$work/installed.txt" "$work/host.txt" || { diff "$work/host.txt" "$work/installed.txt"; fail "the installed pelab trains differently"; }

# A transformer of the family, with an export.
in_root pelab train --task shift --layers 1 --width 16 --heads 2 --epochs 1 --samples 64 --out /tmp/run \
    >/dev/null || fail "a family run exited $?"
for file in loss.csv config.json reproduce.py state_dict.pt; do
    [[ -s $root/tmp/run/$file ]] || fail "the family run did not write $file"
done

# The window, drawn offscreen: Qt's platform plugins, fonts and the icon are in place.
in_root env QT_QPA_PLATFORM=offscreen pelab --preset seed --autorun --screenshot /tmp/window.png \
    --quit-when-done >/dev/null 2>"$work/window.log" || { cat "$work/window.log"; fail "the window exited $?"; }
[[ $(head -c 8 "$root/tmp/window.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "no window PNG"

# Desktop integration.
for file in usr/share/applications/org.pelab.PELab.desktop \
    usr/share/icons/hicolor/scalable/apps/org.pelab.PELab.svg \
    usr/share/icons/hicolor/48x48/apps/org.pelab.PELab.png \
    usr/share/icons/hicolor/256x256/apps/org.pelab.PELab.png \
    usr/share/metainfo/org.pelab.PELab.metainfo.xml usr/share/man/man1/pelab.1.gz; do
    [[ -s $root/$file ]] || fail "the package did not install /$file"
done
exec_line=$(grep '^Exec=' "$root/usr/share/applications/org.pelab.PELab.desktop")
in_root sh -c "command -v ${exec_line#Exec=}" >/dev/null || fail "the menu entry's $exec_line is not on PATH"
echo "PASS: the package installs into a fresh Debian 12 root and pelab works there"
