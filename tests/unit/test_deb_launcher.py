"""The .deb's GUI launcher (packaging/deb/launch-gui.sh) picks the Qt input module that works: fcitx's own plugin
when the package ships it, else ibus on fcitx5's ibus portal (fcitx5 serves the ibus protocol)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

LAUNCHER = Path(__file__).resolve().parents[2] / "packaging" / "deb" / "launch-gui.sh"
PLUGIN = "_internal/PySide6/Qt/plugins/platforminputcontexts/libfcitx5platforminputcontextplugin.so"

pytestmark = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")


def _launch(tmp_path: Path, env: dict[str, str], with_plugin: bool = False) -> dict[str, str]:
    files = tmp_path / "files"
    (files / "bin").mkdir(parents=True)
    shutil.copy(LAUNCHER, files / "bin" / "yimi-desktop")
    app = files / "yimi-desktop"  # stands in for the frozen GUI: prints what it was given
    app.write_text('#!/bin/sh\necho "QT_IM_MODULE=${QT_IM_MODULE:-}"\necho "IBUS_USE_PORTAL=${IBUS_USE_PORTAL:-}"\n'
                   'echo "ARGS=$*"\n')
    for p in (app, files / "bin" / "yimi-desktop"):
        p.chmod(0o755)
    if with_plugin:
        (files / PLUGIN).parent.mkdir(parents=True)
        (files / PLUGIN).touch()
    out = subprocess.run([str(files / "bin" / "yimi-desktop"), "--db", "x.db"], capture_output=True, text=True,
                         env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}, check=True, timeout=10).stdout
    return dict(line.split("=", 1) for line in out.splitlines())


def test_fcitx_desktop_without_the_plugin_uses_ibus_on_the_portal(tmp_path):
    got = _launch(tmp_path, {"XMODIFIERS": "@im=fcitx"})
    assert (got["QT_IM_MODULE"], got["IBUS_USE_PORTAL"], got["ARGS"]) == ("ibus", "1", "--db x.db")


def test_qt_im_module_fcitx_without_the_plugin_falls_back_to_ibus(tmp_path):
    assert _launch(tmp_path, {"QT_IM_MODULE": "fcitx"})["QT_IM_MODULE"] == "ibus"


def test_fcitx_plugin_shipped_is_used(tmp_path):
    got = _launch(tmp_path, {"XMODIFIERS": "@im=fcitx"}, with_plugin=True)
    assert (got["QT_IM_MODULE"], got["IBUS_USE_PORTAL"]) == ("fcitx", "")


def test_ibus_desktop_and_no_input_method_are_left_alone(tmp_path):
    assert _launch(tmp_path / "a", {"XMODIFIERS": "@im=ibus"})["QT_IM_MODULE"] == "ibus"
    assert _launch(tmp_path / "b", {})["QT_IM_MODULE"] == ""
