#!/bin/bash
# unbundle.sh DIR (inside the Debian build root, on PyInstaller's _internal/): drop the copies PyInstaller made of
# the root's own system libraries (libstdc++, X11/xcb, fontconfig, freetype, glib, dbus, sqlite, ...), so the
# installed app uses the target system's (newer, patched, matching its GL drivers and config files) and the .deb
# Depends on them instead (elfdeps.sh finds them). A bundled libstdc++ or glib from Debian 11 is what breaks on
# newer systems: their GL drivers or GIO modules need newer ones.
# Kept: what the wheels and our CPython brought, and the libraries whose sonames newer Debian no longer ships
# (libffi.so.7, libssl.so.1.1 / libcrypto.so.1.1: bookworm has libffi8 and libssl3) or older Debian-family systems
# name differently (libreadline.so.8: Debian 10 / UOS 20 have libreadline7).
set -eu
dir=$1
# libsqlite3.so.0 is our own build of 3.40 (build.sh: the app needs >= 3.30, Debian 10 / UOS 20 have 3.27);
# libxcb-util.so.1: Debian 10 / UOS 20 have only libxcb-util.so.0 (libxcb-util0), and Qt's xcb plugin needs .so.1.
KEEP="libffi.so.7 libssl.so.1.1 libcrypto.so.1.1 libreadline.so.8 libpython3.11.so.1.0 libsqlite3.so.0 libxcb-util.so.1"
for f in "$dir"/*.so*; do
    so=$(basename "$f")
    case " $KEEP " in *" $so "*) continue ;; esac
    path=$(ldconfig -p | awk -v so="$so" '$1 == so && /x86-64/ {print $NF; exit}')
    [ -n "$path" ] || continue                       # not a system library of the root: from a wheel
    dpkg -S "$(readlink -f "$path")" >/dev/null 2>&1 || dpkg -S "$path" >/dev/null 2>&1 || continue
    rm -f "$f"
done
