#!/usr/bin/env bash
# A Debian 12 (bookworm) host whose PID 1 is systemd, as a podman image, for trying the systemd
# export in a container (docs/deploy.md, "Try the systemd export in a container") and for the
# test that does exactly that (Tests/ContainerTests/Checks/SystemdHostCheck.swift).
#
# debootstrap (minbase) with systemd, systemd-sysv (/sbin/init), the libraries the app processes
# link (libsqlite3-0, libsystemd0), curl and procps, from Debian's archive; no container registry is
# needed. The root file system's tarball is kept in .build-container/systemd; delete that folder
# to make it again (newer packages). Then `podman import` as TAG, with systemd as its command.
#
# Usage: scripts/systemd-host-image.sh [TAG]     (default: localhost/formation-systemd:bookworm)
# Environment: FORMATION_PODMAN_STORE (a store of its own, see scripts/podman.sh).
# Runs as root (debootstrap and rootful podman; sudo otherwise). Each step's time goes to stderr;
# stdout is the tag.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/install.sh
tag=${1:-localhost/formation-systemd:bookworm}
work=.build-container/systemd
tarball=$work/bookworm-systemd.tar
packages=systemd,systemd-sysv,libsqlite3-0,libsystemd0,curl,procps

ensure_apt podman runc debootstrap

step() { echo "systemd-host-image: $*" >&2; }
started=$(date +%s)

make_tarball() {
    local root=$work/rootfs
    as_root rm -rf "$root"
    mkdir -p "$work"
    step "debootstrap --variant=minbase --include=$packages bookworm into $root"
    as_root debootstrap --variant=minbase --include="$packages" bookworm "$root" >"$work/debootstrap.log" 2>&1 || {
        tail -20 "$work/debootstrap.log" >&2
        exit 1
    }
    # A container has no consoles to log in on, no udev to wait for and no clock to set; these
    # units only fail or wait there. The engine provides the host name and resolv.conf.
    for unit in getty.target console-getty.service systemd-udevd.service systemd-udev-trigger.service \
        systemd-timesyncd.service systemd-firstboot.service systemd-remount-fs.service; do
        as_root ln -sf /dev/null "$root/etc/systemd/system/$unit"
    done
    : | as_root tee "$root/etc/resolv.conf" >/dev/null
    as_root rm -f "$root/etc/hostname"
    as_root rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
    as_root tar --numeric-owner -C "$root" -cf "$tarball.tmp" .
    as_root rm -rf "$root"
    mv -f "$tarball.tmp" "$tarball"
    step "root file system: $tarball ($(du -h "$tarball" | cut -f1)) in $(($(date +%s) - started)) s"
}

[ -s "$tarball" ] || make_tarball
if ! scripts/podman.sh image exists "$tag"; then
    scripts/podman.sh import --quiet --change 'CMD ["/sbin/init"]' --change 'STOPSIGNAL SIGRTMIN+3' \
        "$tarball" "$tag" >/dev/null
    step "imported $tarball as $tag"
fi
step "$tag in $(($(date +%s) - started)) s"
echo "$tag"
