"""Where things live: the default database, the log, bundled resources (also inside a PyInstaller build)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

from . import APP_NAME


def user_data_dir(appname: str, appauthor: Literal[False] = False) -> str:
    if sys.platform == "linux":  # platformdirs' XDG rule, without importing it before the first window
        base = os.environ.get("XDG_DATA_HOME", "")
        return os.path.join(base if base.strip() else os.path.expanduser("~/.local/share"), appname)
    from platformdirs import user_data_dir as found  # imported when no YIMI_DB or --db says where

    return found(appname, appauthor=appauthor)


def default_db_path() -> Path:
    """YIMI_DB if set, else yimi.db in the user data directory."""
    env = os.environ.get("YIMI_DB")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "yimi.db"


def log_path() -> Path:
    """YIMI_LOG if set, else logs/yimi.log in the user data directory (rotated, see logs.py)."""
    env = os.environ.get("YIMI_LOG")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "logs" / "yimi.log"


def resources_dir() -> Path:
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


def translations_dir() -> Path:
    return resources_dir() / "translations"
