"""Read-only answers for the CLI that need neither SQLAlchemy nor alembic (whole-process time matters
for a command run from a script): a current yimi database read with sqlite3 alone (storage/counts.py).

Anything unusual (no file, not ours, an older or newer schema that the full path must migrate or
refuse) returns None, and the caller takes the full path (open_services), which says what is wrong.
Nothing here writes: the full path's start-up work (a copied file's new identity, keys) waits for the
next command that records something.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..storage.counts import read_current
from .stats import Stats


def quick_stats(path: Path, today: date | None = None) -> Stats | None:
    figures = read_current(path, today or date.today())
    return None if figures is None else Stats(**figures)
