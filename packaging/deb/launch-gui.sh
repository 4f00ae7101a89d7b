#!/bin/sh
# /opt/apps/<app id>/files/bin/yimi-desktop: start the GUI with an input method module that works.
# PyPI's Qt ships the ibus plugin; the package adds fcitx5's own (platforminputcontexts/) when the build had it.
# fcitx5 also answers the ibus protocol (its ibusfrontend addon), so without fcitx's plugin ibus is the fallback;
# fcitx5 writes ibus's address file with an empty address, so Qt's ibus plugin must find it on the portal name.
FILES=$(dirname "$(dirname "$(readlink -f "$0")")")
PLUGINS="$FILES/_internal/PySide6/Qt/plugins/platforminputcontexts"
have_fcitx() { [ -e "$PLUGINS/libfcitx5platforminputcontextplugin.so" ]; }
case "${QT_IM_MODULE:-}" in
    fcitx|fcitx5) have_fcitx || { QT_IM_MODULE=ibus; IBUS_USE_PORTAL=1; } ;;
    "") case "${XMODIFIERS:-} ${GTK_IM_MODULE:-}" in
            *fcitx*) if have_fcitx; then QT_IM_MODULE=fcitx; else QT_IM_MODULE=ibus; IBUS_USE_PORTAL=1; fi ;;
            *ibus*) QT_IM_MODULE=ibus ;;
        esac ;;
esac
[ -n "${QT_IM_MODULE:-}" ] && export QT_IM_MODULE
[ -n "${IBUS_USE_PORTAL:-}" ] && export IBUS_USE_PORTAL
exec "$FILES/yimi-desktop" "$@"
