"""Where the database and the log live by default (paths.py): on Linux found without importing platformdirs
(it cost the first window its time), by the same XDG rule."""

from __future__ import annotations

import subprocess
import sys

import pytest
from platformdirs import user_data_dir as platformdirs_user_data_dir

from yimi_desktop import paths


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "   ", "/srv/data"])
def test_the_data_folder_is_the_one_platformdirs_names(monkeypatch, xdg):
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert paths.user_data_dir("yimi-desktop") == platformdirs_user_data_dir("yimi-desktop", appauthor=False)


def test_the_log_and_its_folder_are_found_without_platformdirs_or_logging_handlers():
    code = ("import sys; from yimi_desktop.paths import log_path, default_db_path; from yimi_desktop.logs import "
            "setup_logging; import tempfile, pathlib; log_path(); default_db_path(); "
            "setup_logging(pathlib.Path(tempfile.mkdtemp()) / 'yimi.log'); "
            "print(sorted(m for m in ('platformdirs', 'logging.handlers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    expected = "['platformdirs']" if sys.platform != "linux" else "[]"
    assert out.stdout.strip() == expected
