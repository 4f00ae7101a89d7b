#!/usr/bin/env bash
# assemble.sh ROOT BUNDLE OUTDIR: lay PyInstaller's one folder (BUNDLE, built in the Debian root ROOT) out as
# UOS asks and build OUTDIR/yimi-desktop_<version>-<rev>_amd64.deb.
#
#   /opt/apps/<app id>/info                               UOS app description (JSON)
#   /opt/apps/<app id>/files/                             the whole app: its Python, Qt, fonts, translations
#   /opt/apps/<app id>/files/bin/{yimi-desktop,yimi}      launchers (the GUI one chooses the input method module)
#   /opt/apps/<app id>/entries/applications/<id>.desktop  the menu entry
#   /opt/apps/<app id>/entries/icons/hicolor/…/apps/      the icon, SVG and PNG sizes
# and, for plain Debian (UOS links entries/ itself), symlinks into /usr/share/applications,
# /usr/share/icons/hicolor and /usr/bin. No maintainer scripts: dpkg's triggers of hicolor-icon-theme and
# desktop-file-utils refresh the menu and icon caches. Depends: computed from the ELF files in the bundle
# (each library not shipped in it, looked up in the root with dpkg -S) plus libc6 (>= the newest GLIBC_
# symbol version any of them needs).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROOT=$1 BUNDLE=$2 OUT=$3
APP_ID=${YIMI_APP_ID:-yimi-desktop}   # package name = app id (UOS rule); the directory under /opt/apps
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$REPO/pyproject.toml" | head -1)
REV=${YIMI_DEB_REVISION:-1}
DEBVER="$VERSION-$REV"
STAGE=$OUT/deb-stage
OPT=/opt/apps/$APP_ID
rm -rf "$STAGE" && mkdir -p "$STAGE$OPT"

cp -a "$BUNDLE" "$STAGE$OPT/files"
FILES=$STAGE$OPT/files
mkdir -p "$FILES/bin"
install -m 0755 "$HERE/launch-gui.sh" "$FILES/bin/yimi-desktop"
install -m 0755 "$HERE/launch-cli.sh" "$FILES/bin/yimi"

# --- entries: menu entry and icons --------------------------------------------------------------------------
ENT=$STAGE$OPT/entries
mkdir -p "$ENT/applications" "$ENT/icons/hicolor/scalable/apps"
sed -e "s|@OPT@|$OPT|g" -e "s|@APP_ID@|$APP_ID|g" "$HERE/yimi-desktop.desktop.in" > "$ENT/applications/$APP_ID.desktop"
cp "$REPO/resources/icons/yimi-desktop.svg" "$ENT/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in "$REPO"/resources/icons/yimi-desktop-*.png; do
    s=$(basename "$png" .png); s=${s##*-}
    mkdir -p "$ENT/icons/hicolor/${s}x${s}/apps"
    cp "$png" "$ENT/icons/hicolor/${s}x${s}/apps/$APP_ID.png"
done
sed -e "s|@APP_ID@|$APP_ID|g" -e "s|@VERSION@|$DEBVER|g" "$HERE/info.in" > "$STAGE$OPT/info"

# --- plain Debian: the menu, the icon theme and the commands on PATH see the same files --------------------
mkdir -p "$STAGE/usr/share/applications" "$STAGE/usr/bin"
ln -s "$OPT/entries/applications/$APP_ID.desktop" "$STAGE/usr/share/applications/$APP_ID.desktop"
(cd "$ENT/icons" && find hicolor -name "$APP_ID.*") | while read -r rel; do
    mkdir -p "$STAGE/usr/share/icons/$(dirname "$rel")"
    ln -s "$OPT/entries/icons/$rel" "$STAGE/usr/share/icons/$rel"
done
ln -s "$OPT/files/bin/yimi-desktop" "$STAGE/usr/bin/yimi-desktop"
ln -s "$OPT/files/bin/yimi" "$STAGE/usr/bin/yimi"
mkdir -p "$STAGE/usr/share/doc/$APP_ID"
cp "$REPO/resources/fonts/LICENSE-Apache-2.0.txt" "$STAGE/usr/share/doc/$APP_ID/copyright"

# --- Depends: what the bundled ELF files need from the system ------------------------------------------------
case "$BUNDLE" in "$ROOT"/*) ;; *) echo "the bundle must lie inside the root" >&2; exit 1;; esac
cp "$HERE/elfdeps.sh" "$ROOT/build/elfdeps.sh"
DEPS=$(chroot "$ROOT" /bin/bash /build/elfdeps.sh "${BUNDLE#"$ROOT"}")
GLIBC=$(echo "$DEPS" | sed -n 's/^glibc //p')
# Debian 10 / UOS 20 call libgcc-s1 libgcc1: either will do.
PKGS=$(echo "$DEPS" | sed -n 's/^pkg //p' | grep -vx 'libc6' | sort -u | sed 's/^libgcc-s1$/libgcc-s1 | libgcc1/' \
       | paste -sd, | sed 's/,/, /g')
echo "$DEPS" | sed -n 's/^missing /  not in the build root (optional Qt plugins): /p' >&2
echo "newest glibc symbol needed by the bundle: GLIBC_$GLIBC" >&2

mkdir -p "$STAGE/DEBIAN"
SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<EOF
Package: $APP_ID
Version: $DEBVER
Architecture: amd64
Maintainer: Weishi County One-Meter Teams <yimi@localhost>
Installed-Size: $SIZE
Depends: libc6 (>= $GLIBC), $PKGS, hicolor-icon-theme
Section: utils
Priority: optional
Description: 一米团走访与诉求台账 (offline visit and issue ledger)
 The offline desktop application of Weishi County's One-Meter Teams: enterprise
 directory, visits, issues and their ledger, PDF reports, and sync with the
 county hub by USB stick. Ships its own Python runtime, Qt (PySide6), the CJK
 font and translations under $OPT; user data stays in ~/.local/share/yimi-desktop.
EOF
DEB=$OUT/${APP_ID}_${DEBVER}_amd64.deb
dpkg-deb --root-owner-group -Zxz -z3 --build "$STAGE" "$DEB" >/dev/null
rm -rf "$STAGE"
echo "built $DEB ($(du -h "$DEB" | cut -f1); installs $((SIZE / 1024)) MB); Depends: libc6 (>= $GLIBC), $PKGS"
