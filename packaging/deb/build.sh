#!/usr/bin/env bash
# `make deb`: build dist/yimi-desktop_<version>-<rev>_amd64.deb inside a Debian 11 (bullseye, glibc 2.31) root,
# so that every binary in the package runs on glibc 2.31 (UOS 20 / Kylin V10 generation) and newer.
#
#   1. the root: debootstrap bullseye into $YIMI_BUILD_ROOT (kept between builds);
#   2. CPython 3.11 built in it from Debian's source package (bookworm's python3.11 orig tarball),
#      into /opt/yimi-python (shared libpython: PyInstaller needs it);
#   3. a venv in it with the app and the packaging pins (packaging/deb/constraints.txt: PySide6 6.9.3,
#      the last with manylinux_2_28 wheels), the .qm translations and PyInstaller's one folder
#      (packaging/yimi-desktop.spec), smoke-checked;
#   4. the .deb laid out as UOS asks (packaging/deb/assemble.sh).
# Needs root. Heavy steps run under nice/ionice.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source=root.sh
. "$HERE/root.sh"
need_root

ROOT=${YIMI_BUILD_ROOT:-/var/tmp/yimi-deb/build-root}
OUT=${YIMI_DEB_OUT:-$REPO/dist}
PYVER=3.11.2   # bookworm's python3.11 (Debian's source package; the registry reached here serves no python.org)
PYPREFIX=/opt/yimi-python
BUILD_PKGS="build-essential ca-certificates libssl-dev zlib1g-dev libbz2-dev liblzma-dev libffi-dev libsqlite3-dev \
uuid-dev libncursesw5-dev libgdbm-dev libreadline-dev xz-utils dpkg-dev binutils file patchelf \
libfontconfig1 libfreetype6 libegl1 libgl1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libx11-xcb1 \
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 \
libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-render0 libxcb-util1 libxcb-glx0"

make_root "$ROOT" bullseye "$(echo "$BUILD_PKGS" | tr ' ' ',' | tr -s ',')"
enter_root "$ROOT"
apt_in_root "$ROOT" "$BUILD_PKGS"
mkdir -p "$ROOT/build"   # a fresh root has no /build yet (the CPython and SQLite steps copy into it)

# --- 2. CPython 3.11 -------------------------------------------------------------------------------------------
PYSTAMP=$ROOT$PYPREFIX/.yimi-glibc-2.28   # built with glibc-compat.h (an older build in the root is redone)
if [ ! -e "$PYSTAMP" ]; then
    echo "building CPython $PYVER in the bullseye root (10-20 minutes on 2 shared cores)"
    rm -rf "$ROOT$PYPREFIX" "$ROOT/build/venv"
    cp "$HERE/glibc-compat.h" "$ROOT/build/glibc-compat.h"
    echo "deb-src $MIRROR bookworm main" > "$ROOT/etc/apt/sources.list.d/yimi-python-src.list"
    in_root "$ROOT" "set -e; apt-get update -qq; mkdir -p /build/python; cd /build/python; \
        ls python3.11_$PYVER.orig.tar.* >/dev/null 2>&1 || apt-get source --download-only -qq python3.11 >/dev/null; \
        rm -rf Python-$PYVER; tar xf python3.11_$PYVER.orig.tar.*; cd Python-$PYVER; \
        ./configure -q --prefix=$PYPREFIX --enable-shared --with-ensurepip=install ac_cv_func_sem_clockwait=no \
            CFLAGS='-include /build/glibc-compat.h' LDFLAGS='-Wl,-rpath,$PYPREFIX/lib' > ../configure.log 2>&1; \
        make -j2 > ../make.log 2>&1 || { tail -30 ../make.log; exit 1; }; \
        make install > ../install.log 2>&1 || { tail -30 ../install.log; exit 1; }; \
        $PYPREFIX/bin/python3.11 -c 'import ssl, sqlite3, lzma, bz2, ctypes, zlib, uuid, math; print(\"python ok\", sqlite3.sqlite_version)'"
    touch "$PYSTAMP"
fi

# --- 2b. SQLite, bundled: the app needs >= 3.30 (NULLS LAST), Debian 10 / UOS 20 have 3.27 and Debian 11's own
# library needs glibc 2.29 (libm). Debian's bookworm source package (with its patches), built with glibc-compat.h.
SQLITE_LIB=$ROOT/build/sqlite/libsqlite3.so.0
if [ ! -e "$SQLITE_LIB" ] || [ ! -e "$ROOT/build/sqlite/.glibc-2.28" ]; then
    echo "building SQLite from Debian's source package (a few minutes)"
    apt_in_root "$ROOT" tcl
    echo "deb-src $MIRROR bookworm main" > "$ROOT/etc/apt/sources.list.d/yimi-python-src.list"
    cp "$HERE/glibc-compat.h" "$ROOT/build/glibc-compat.h"
    in_root "$ROOT" "set -e; apt-get update -qq; mkdir -p /build/sqlite; cd /build/sqlite; rm -rf src; \
        ls sqlite3_*.dsc >/dev/null 2>&1 || apt-get source --download-only -qq sqlite3/bookworm >/dev/null; \
        dpkg-source -q -x sqlite3_*.dsc src >/dev/null; cd src; \
        ./configure -q --disable-tcl --enable-shared --disable-static --enable-fts5 --enable-math \
            CFLAGS='-O2 -include /build/glibc-compat.h -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
              -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_RTREE=1 -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_UNLOCK_NOTIFY \
              -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_LOAD_EXTENSION' > ../configure.log 2>&1; \
        make -j2 libsqlite3.la > ../make.log 2>&1 || { tail -20 ../make.log; exit 1; }; \
        cp -L .libs/libsqlite3.so.0 /build/sqlite/libsqlite3.so.0; touch /build/sqlite/.glibc-2.28"
fi

# --- 3. the app in a venv, the translations, PyInstaller ------------------------------------------------------
rm -rf "$ROOT/build/src" && mkdir -p "$ROOT/build/src"
tar -C "$REPO" --exclude=./.venv --exclude=./build --exclude=./dist --exclude=./demo --exclude=./bench/out \
    --exclude=.git --exclude=__pycache__ --exclude='*.egg-info' -cf - . | tar -C "$ROOT/build/src" -xf -
cp "$HERE/constraints.txt" "$ROOT/build/constraints.txt"
in_root "$ROOT" "set -e; cd /build; [ -x venv/bin/python ] || $PYPREFIX/bin/python3.11 -m venv venv; \
    venv/bin/pip install -q --upgrade pip; \
    venv/bin/pip install -q -c constraints.txt ./src pyinstaller; \
    cd src; for ts in resources/translations/*.ts; do ../venv/bin/pyside6-lrelease -silent \$ts -qm \${ts%.ts}.qm; done; \
    ../venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath /build/dist --workpath /build/work \
        packaging/yimi-desktop.spec > /build/pyinstaller.log 2>&1 || { tail -30 /build/pyinstaller.log; exit 1; }; \
    ../venv/bin/pip freeze --all > /build/dist/yimi-desktop/PINS.txt; \
    install -m 0644 /build/sqlite/libsqlite3.so.0 /build/dist/yimi-desktop/_internal/libsqlite3.so.0; \
    bash /build/src/packaging/deb/unbundle.sh /build/dist/yimi-desktop/_internal; \
    t=\$(mktemp -d); /build/dist/yimi-desktop/yimi --db \$t/s.db init --name smoke >/dev/null && \
        /build/dist/yimi-desktop/yimi --db \$t/s.db stats --json >/dev/null || { echo 'the bundled yimi failed'; exit 1; }; rm -rf \$t"

# --- 4. the package ---------------------------------------------------------------------------------------------
mkdir -p "$OUT"
"$HERE/assemble.sh" "$ROOT" "$ROOT/build/dist/yimi-desktop" "$OUT"
