"""Read-only answers for the CLI that need neither SQLAlchemy nor alembic (whole-process time matters
for a command run from a script): a current yimi database read with sqlite3 alone.

Anything unusual (no file, not ours, an older or newer schema that the full path must migrate or
refuse) returns None, and the caller takes the full path (open_services), which says what is wrong.
Nothing here writes: the full path's start-up work (a copied file's new identity, keys) waits for the
next command that records something.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from ..storage.revision import HEAD
from .stats import Stats, compute_stats

_APP_MARKER = "yimi-desktop"  # as storage.database.APP_MARKER


def quick_stats(path: Path, today: date | None = None) -> Stats | None:
    if not Path(path).is_file():
        return None
    try:
        con = sqlite3.connect(path, timeout=5)
    except sqlite3.Error:
        return None
    try:
        marker = con.execute("SELECT value FROM meta WHERE key='app'").fetchone()
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if not marker or marker[0] != _APP_MARKER or not revision or revision[0] != HEAD:
            return None
        return compute_stats(lambda sql, params: con.execute(sql, params).fetchall(), today)
    except sqlite3.Error:
        return None
    finally:
        con.close()
