# Shared helpers for the Debian-root scripts (sourced, not run): make a Debian root with debootstrap,
# run commands inside it with /proc, /dev and /sys mounted, and unmount them again on exit.
# Everything heavy runs under `nice -n 19 ionice -c3` (the build machine is shared).

NICE=(nice -n 19 ionice -c3)
MIRROR=${YIMI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
_MOUNTED=()

die() { echo "error: $*" >&2; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "$0 needs root (debootstrap and chroot)"; }

# make_root DIR SUITE "pkg1,pkg2,...": a minbase Debian root (kept if it exists).
make_root() {
    local dir=$1 suite=$2 include=$3
    if [ -x "$dir/usr/bin/apt-get" ] && [ -e "$dir/.yimi-root-ok" ]; then return 0; fi
    command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    echo "debootstrap $suite into $dir (a few minutes)"
    "${NICE[@]}" debootstrap --variant=minbase ${include:+--include=$include} "$suite" "$dir" "$MIRROR" \
        > "$dir.debootstrap.log" 2>&1 || { tail -20 "$dir.debootstrap.log"; die "debootstrap $suite failed"; }
    touch "$dir/.yimi-root-ok"
}

_mount_once() {  # _mount_once TARGET ARGS...
    local target=$1; shift
    mountpoint -q "$target" && return 0
    mount "$@" "$target"
    _MOUNTED=("$target" "${_MOUNTED[@]}")
}

unmount_all() {
    local m
    for m in "${_MOUNTED[@]}"; do umount -l "$m" 2>/dev/null || true; done
    _MOUNTED=()
}

enter_root() {  # enter_root DIR: mount what chroot'ed apt, pip and Xvfb need
    local dir=$1
    trap unmount_all EXIT
    _mount_once "$dir/proc" -t proc proc
    _mount_once "$dir/sys" -t sysfs sysfs
    _mount_once "$dir/dev" --bind /dev
    _mount_once "$dir/dev/pts" --bind /dev/pts
    cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
    # The root trusts what the host trusts (a proxy's CA, say): pip there reads this bundle (PIP_CERT below).
    cp -L /etc/ssl/certs/ca-certificates.crt "$dir/etc/yimi-host-ca.crt" 2>/dev/null || true
    mkdir -p "$dir/dev/shm"
}

# in_root DIR CMD...: run a shell command inside the root (no policy-rc.d services get started).
in_root() {
    local dir=$1; shift
    [ -e "$dir/usr/sbin/policy-rc.d" ] || { printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"; chmod +x "$dir/usr/sbin/policy-rc.d"; }
    "${NICE[@]}" chroot "$dir" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive PIP_CERT=/etc/yimi-host-ca.crt PIP_DISABLE_PIP_VERSION_CHECK=1 \
        PIP_DEFAULT_TIMEOUT=60 /bin/bash -c "$*"
}

apt_in_root() {  # apt_in_root DIR PKG...: install the missing ones
    local dir=$1; shift
    in_root "$dir" "missing=''; for p in $*; do dpkg -s \$p >/dev/null 2>&1 || missing=\"\$missing \$p\"; done; \
        if [ -n \"\$missing\" ]; then for i in 1 2 3; do apt-get update -qq && apt-get install -y -qq --no-install-recommends \$missing >/dev/null && break; sleep 5; done; fi"
}
