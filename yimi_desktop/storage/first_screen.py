"""The first screen of the window, read with plain `sqlite3` (read-only), before SQLAlchemy is imported.

The light start (ui/application.py) paints the window from these few queries and only then imports
SQLAlchemy and builds the services. Nothing here writes, migrates or imports SQLAlchemy or alembic:
`probe()` says whether a light start is possible at all (a yimi database at the revision this code
writes, storage/revision.HEAD); anything else (no file, a migration due, a newer or foreign file)
takes the full start, which opens the database the usual way and says what is wrong.

The enterprise queries are the directory's default query (`EnterpriseService.ids(EnterpriseQuery())` and
`rows(ids)`): not voided, in pinyin order (`sort_key`, then `id`), walked on the pinyin-order index, so
the rows painted first are the rows the services then hand over (tests/gui/test_first_paint.py).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..domain.vocabulary import DeviceRole
from .revision import HEAD

DIRECTORY_FIRST_SCREEN = 200  # rows of the directory read with its first ids (the model's first chunk)
_SQLITE_HEADER = b"SQLite format 3\x00"
_APP_MARKER = "yimi-desktop"  # storage/database.py APP_MARKER (not imported: that module imports SQLAlchemy)


class FirstDevice(NamedTuple):
    """This installation as the window title and status bar show it (services.device.DeviceInfo's fields). A
    NamedTuple: a frozen dataclass cost the first window ~0.7 ms to make."""

    device_id: str
    name: str
    role: DeviceRole


class FirstRow(NamedTuple):
    """A row of the directory (also services.enterprises.EnterpriseRow: one type for both paths). A NamedTuple: a
    frozen dataclass was ~1 ms to make and the first window's only one (dataclasses imported for it alone), and
    its rows were slower to make."""

    id: str
    name: str
    credit_code: str
    township: str
    industry: str
    above_size: bool
    contact_person: str
    contact_phone: str


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection (it never creates, migrates or writes the file)."""
    return sqlite3.connect(f"file:{Path(path).resolve().as_posix()}?mode=ro", uri=True, check_same_thread=False)


def probe(path: Path) -> FirstDevice | None:
    """This installation, if `path` is a yimi database at HEAD with its device set up; else None (full start)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            if fh.read(16) != _SQLITE_HEADER:
                return None
        con = connect(path)
    except (OSError, sqlite3.Error):
        return None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"meta", "alembic_version", "local_device", "enterprise"} <= tables:
            return None
        marker = con.execute("SELECT value FROM meta WHERE key='app'").fetchone()
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if not marker or marker[0] != _APP_MARKER or not revision or revision[0] != HEAD:
            return None
        row = con.execute("SELECT device_id, name, role FROM local_device LIMIT 1").fetchone()
        if row is None:
            return None
        return FirstDevice(row[0], row[1], DeviceRole(row[2]))
    except (sqlite3.Error, ValueError):
        return None
    finally:
        con.close()


_COLUMNS = "id, name, credit_code, township, industry, above_size, contact_person, contact_phone"
_ROW_SQL = f"SELECT {_COLUMNS} FROM enterprise WHERE id IN ({{marks}})"
_DEFAULT_ORDER = "FROM enterprise WHERE voided_at IS NULL ORDER BY sort_key, id"


def _row(r: tuple) -> FirstRow:
    return FirstRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7])


def enterprise_ids(path: Path, limit: int | None = None) -> list[str]:
    """Ids of the enterprises not voided, in pinyin order; with `limit`, only the first ones."""
    sql = f"SELECT id {_DEFAULT_ORDER}"
    con = connect(path)
    try:
        if limit is not None:
            return [r[0] for r in con.execute(sql + " LIMIT ?", (limit,))]
        return [r[0] for r in con.execute(sql)]
    finally:
        con.close()


def enterprise_rows(path: Path, ids: list[str]) -> list[FirstRow]:
    """Rows for the given ids, in the same order (missing ids are skipped)."""
    if not ids:
        return []
    con = connect(path)
    try:
        found: dict[str, FirstRow] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for r in con.execute(_ROW_SQL.format(marks=",".join("?" * len(part))), part):
                found[r[0]] = _row(r)
    finally:
        con.close()
    return [found[i] for i in ids if i in found]


def enterprise_first_screen(path: Path, size: int) -> tuple[list[str], list[FirstRow], bool]:
    """The first `size` ids of the default directory query with their rows, and whether that is all of them: one
    walk of the pinyin-order index, each row read beside its id (not looked up again by id: half the pages)."""
    con = connect(path)
    try:
        rows = [_row(r) for r in con.execute(f"SELECT {_COLUMNS} {_DEFAULT_ORDER} LIMIT ?", (size + 1,))]
    finally:
        con.close()
    complete = len(rows) <= size
    rows = rows[:size]
    return [r.id for r in rows], rows, complete


class ReadAhead:
    """A read started now on a thread of its own, its result taken later, once: the light start reads the first
    screen while the window is being built (sqlite3 lets go of the GIL while it works)."""

    def __init__(self, read: Callable[[], object], name: str = "read-ahead"):
        self._result: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(read,), name=name, daemon=True)
        self._thread.start()

    def _run(self, read: Callable[[], object]) -> None:
        try:
            self._result = read()
        except BaseException as exc:  # noqa: BLE001 - raised again where the result is taken
            self._error = exc

    def done(self) -> bool:
        """True once the read has finished (its result or its error is in)."""
        return not self._thread.is_alive()

    def result(self) -> object:
        """The read's result (waiting for it), or its error raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result
