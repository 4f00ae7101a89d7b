"""The schema revision this version of the application writes, known without importing alembic, and the
read-only sqlite3 opening of a current database that the light commands (`yimi stats`, `yimi digest`) share.

`tests/unit/test_storage.py` checks it against the newest migration: change both together.
"""

import sqlite3
from pathlib import Path

HEAD = "0031"

APP_MARKER = "yimi-desktop"  # as storage.database.APP_MARKER (not imported: that module imports SQLAlchemy)


def open_current(path: Path) -> sqlite3.Connection | None:
    """A read-only sqlite3 connection to a current yimi database, or None for anything unusual (no file, not
    ours, a schema a migration must bring up to date or that is newer): the caller then takes the full path,
    which says what is wrong or migrates. The caller closes the connection."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        marker = con.execute("SELECT value FROM meta WHERE key='app'").fetchone()
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if marker and marker[0] == APP_MARKER and revision and revision[0] == HEAD:
            return con
    except sqlite3.Error:
        pass
    con.close()
    return None
