#!/usr/bin/env bash
# packaging/test-deb.sh [DEB]: prove the .deb on fresh Debian 11 (bullseye, glibc 2.31) and Debian 12 (bookworm)
# roots, as a person would. Run by hand as root after `make deb` (not part of `make test`); ~10 minutes the first
# time (two debootstraps, cached as tarballs under $YIMI_TEST_ROOTS afterwards), ~4 minutes after that.
#
# In each root, from a pristine copy:
#   1. `apt-get install ./yimi-desktop_<v>_amd64.deb` pulls in exactly the Depends and succeeds; no bundled
#      ELF file of the core (Python, Qt, the xcb platform plugin) has a library "not found";
#   2. as an ordinary user: `yimi init` (the default database in ~/.local/share/yimi-desktop), and on a second
#      file `yimi --db … init`, `demo --seed 1`, `stats --json`, `report visit <id>` (a PDF with its pages);
#      the menu entry and the icon are where the menu looks (/usr/share/applications, hicolor); the bundled
#      SQLite is the one loaded;
#   3. `yimi-desktop` opens its window on Xvfb (found with xwininfo; screenshot: $OUT/<suite>-window.png);
#   4. the next version (the same files repacked as <v>+next) installs over it: the user's data is still there
#      and `yimi stats` gives the same figures;
#   5. `apt-get remove`, then `dpkg --purge`: /opt/apps/<id> and the menu entry are gone, the user's database stays.
# Prints one PASS/FAIL line per check and a closing 'N passed, N failed' line; exits 1 if anything failed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
# shellcheck source=deb/root.sh
. "$HERE/deb/root.sh"
need_root
DEB=${1:-$(ls -t "$REPO"/dist/yimi-desktop_*_amd64.deb 2>/dev/null | head -1)}
[ -n "$DEB" ] && [ -f "$DEB" ] || die "no .deb given and none in dist/ (run make deb first)"
DEB=$(readlink -f "$DEB")
ROOTS=${YIMI_TEST_ROOTS:-/var/tmp/yimi-deb/test-roots}
OUT=${YIMI_TEST_OUT:-$REPO/dist/test-deb}
SUITES=${YIMI_TEST_SUITES:-bullseye bookworm}
APP_ID=$(dpkg-deb -f "$DEB" Package)
VERSION=$(dpkg-deb -f "$DEB" Version)
mkdir -p "$ROOTS" "$OUT"
PASSED=0 FAILED=0
check() {  # check NAME CMD...: run CMD, print PASS/FAIL
    local name=$1; shift
    if "$@" >> "$LOG" 2>&1; then echo "PASS $SUITE: $name"; PASSED=$((PASSED + 1));
    else echo "FAIL $SUITE: $name (see $LOG)"; FAILED=$((FAILED + 1)); fi
}
as_user() {  # as_user CMD: run a shell command in the root as the officer, in a login-like environment
    printf '%s\n' "$*" > "$R/tmp/as-user.sh"
    in_root "$R" "runuser -u officer -- env HOME=/home/officer USER=officer LANG=C.UTF-8 \
        XDG_RUNTIME_DIR=/tmp/officer-run PATH=/usr/bin:/bin bash /tmp/as-user.sh"
}

# The next version: the same package repacked with a higher version, as an upgrade would bring it.
NEXT_DEB=$OUT/${APP_ID}_${VERSION}+next_amd64.deb
rm -rf "$OUT/next" && dpkg-deb -R "$DEB" "$OUT/next" \
    && sed -i "s/^Version: .*/Version: $VERSION+next/" "$OUT/next/DEBIAN/control" \
    && sed -i "s/\"version\": \"[^\"]*\"/\"version\": \"$VERSION+next\"/" "$OUT/next/opt/apps/$APP_ID/info" \
    && dpkg-deb --root-owner-group -Zxz -z1 --build "$OUT/next" "$NEXT_DEB" >/dev/null && rm -rf "$OUT/next" \
    || die "could not repack the next version"

for SUITE in $SUITES; do
    R=$ROOTS/$SUITE
    LOG=$OUT/$SUITE.log
    : > "$LOG"
    unmount_all
    # a fresh root every run, from a pristine tarball made once with debootstrap
    if [ ! -f "$ROOTS/$SUITE-pristine.tar" ]; then
        make_root "$ROOTS/$SUITE-pristine" "$SUITE" "" \
            && tar -C "$ROOTS/$SUITE-pristine" -cf "$ROOTS/$SUITE-pristine.tar" . && rm -rf "$ROOTS/$SUITE-pristine" \
            || { echo "FAIL $SUITE: debootstrap"; FAILED=$((FAILED + 1)); continue; }
    fi
    rm -rf "$R" && mkdir -p "$R" && tar -C "$R" -xf "$ROOTS/$SUITE-pristine.tar"
    enter_root "$R"
    cp "$DEB" "$NEXT_DEB" "$R/tmp/"
    in_root "$R" "useradd -m -s /bin/bash officer && mkdir -p /tmp/officer-run && chown officer /tmp/officer-run \
        && chmod 700 /tmp/officer-run && mkdir -p -m 1777 /tmp/.X11-unix" >> "$LOG" 2>&1
    echo "== $SUITE: glibc $(in_root "$R" "ldd --version | head -1 | grep -o '[0-9.]*\$'")"

    # 1. install
    check "apt-get install ./$(basename "$DEB")" in_root "$R" "apt-get update -qq && apt-get install -y -q ./tmp/$(basename "$DEB")"
    check "no core library missing (ldd of Python, Qt, the xcb plugin)" in_root "$R" "set -e; cd /opt/apps/$APP_ID/files/_internal; \
        out=\$(LD_LIBRARY_PATH=\$PWD ldd libpython3*.so* PySide6/Qt/lib/libQt6Core.so.6 PySide6/Qt/lib/libQt6Gui.so.6 PySide6/Qt/lib/libQt6Widgets.so.6 \
             PySide6/Qt/plugins/platforms/libqxcb.so PySide6/Qt/lib/libQt6XcbQpa.so.6 2>&1); echo \"\$out\" | grep 'not found' && exit 1 || true"
    check "UOS layout: info, entries/applications, entries/icons, files/" in_root "$R" "set -e; d=/opt/apps/$APP_ID; \
        test -s \$d/info; test -f \$d/entries/applications/$APP_ID.desktop; test -f \$d/entries/icons/hicolor/scalable/apps/$APP_ID.svg; \
        test -f \$d/entries/icons/hicolor/48x48/apps/$APP_ID.png; test -x \$d/files/bin/yimi-desktop; \
        test -f /usr/share/applications/$APP_ID.desktop; test -f /usr/share/icons/hicolor/48x48/apps/$APP_ID.png"

    # 2. the command line, as an ordinary user
    check "yimi init (the default database in the user's data folder)" as_user "yimi init --name 默认笔记本 && test -f ~/.local/share/yimi-desktop/yimi.db"
    check "yimi --db … init, demo, stats" as_user "yimi --db ~/t.db init --name 测试笔记本 && yimi --db ~/t.db demo --seed 1 \
        && yimi --db ~/t.db stats --json > ~/stats-before.json && grep -q visits ~/stats-before.json"
    check "yimi --db … report visit (PDF)" as_user 'id=$(yimi --db ~/t.db list visits --json | grep -o "\"id\": \"[0-9a-f]*\"" | head -1 | cut -d\" -f4)
        yimi --db ~/t.db report visit "$id" --out ~/visit.pdf && head -c 5 ~/visit.pdf | grep -q %PDF'

    cp "$R/home/officer/visit.pdf" "$OUT/$SUITE-visit.pdf" 2>/dev/null
    check "yimi backup create / list --json (a verified copy in ~/t.db.backups/)" as_user 'yimi --db ~/t.db backup create \
        && yimi --db ~/t.db backup list --json | grep -q "\"reason\": \"manual\""'
    check "the bundled SQLite is the one loaded, not the system's" as_user 'LD_DEBUG=libs yimi --db ~/t.db stats 2>&1 >/dev/null \
        | grep "calling init: .*libsqlite3" | tee /dev/stderr | grep -q /opt/apps/'

    # 3. the window, on Xvfb (its packages come after the .deb's, so they could not hide a missing Depends)
    in_root "$R" "apt-get install -y -q --no-install-recommends xvfb x11-utils" >> "$LOG" 2>&1
    as_user 'mkdir -p /tmp/fb; Xvfb :7 -screen 0 1280x800x24 -fbdir /tmp/fb -nolisten tcp >/tmp/xvfb.log 2>&1 & echo $! > /tmp/xvfb.pid
        sleep 2; DISPLAY=:7 yimi-desktop --db ~/t.db > /tmp/gui.log 2>&1 & echo $! > /tmp/gui.pid' >> "$LOG" 2>&1
    check "yimi-desktop opens its window" as_user 'for i in $(seq 60); do DISPLAY=:7 xwininfo -root -tree | grep -q "一米团" && exit 0; sleep 1; done
        cat /tmp/gui.log; DISPLAY=:7 xwininfo -root -tree; exit 1'

    sleep 4
    cp "$R/tmp/fb/Xvfb_screen0" "$OUT/$SUITE-window.xwd" 2>/dev/null && command -v convert >/dev/null \
        && convert "xwd:$OUT/$SUITE-window.xwd" "$OUT/$SUITE-window.png" && rm -f "$OUT/$SUITE-window.xwd" \
        && echo "     screenshot: $OUT/$SUITE-window.png"
    check "the window's icon is set (_NET_WM_ICON) and its class is the menu entry's" as_user 'w=$(DISPLAY=:7 xwininfo -root -tree | grep -m1 "一米团" | awk "{print \$1}")
        echo "window $w"; DISPLAY=:7 xprop -id "$w" WM_CLASS _NET_WM_ICON > /tmp/xprop.txt; grep -E "WM_CLASS|Icon \(" /tmp/xprop.txt
        grep -q "Icon (48 x 48)" /tmp/xprop.txt && grep -q "WM_CLASS.*yimi-desktop" /tmp/xprop.txt'
    as_user 'kill $(cat /tmp/gui.pid); sleep 1; kill $(cat /tmp/xvfb.pid)' >> "$LOG" 2>&1

    # 4. the next version over it
    check "apt-get install the next version over it" in_root "$R" "apt-get install -y -q ./tmp/$(basename "$NEXT_DEB") \
        && dpkg-query -W -f='\${Version}' $APP_ID | grep -q next"
    check "after the upgrade the data is there (same stats, default database kept)" as_user "yimi --db ~/t.db stats --json > ~/stats-after.json \
        && cmp ~/stats-before.json ~/stats-after.json && test -f ~/.local/share/yimi-desktop/yimi.db && yimi stats --json >/dev/null"

    # 5. remove, purge
    check "apt-get remove leaves the user's databases" in_root "$R" "apt-get remove -y -q $APP_ID && test ! -e /opt/apps/$APP_ID/files/yimi \
        && test ! -e /usr/share/applications/$APP_ID.desktop && test -f /home/officer/.local/share/yimi-desktop/yimi.db && test -f /home/officer/t.db"
    check "dpkg --purge leaves them too" in_root "$R" "dpkg --purge $APP_ID && test ! -e /opt/apps/$APP_ID \
        && test -f /home/officer/.local/share/yimi-desktop/yimi.db"
    unmount_all
done
echo "test-deb: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
