"""Opening a yimi database: checks, backup, Alembic migrations, the engine with its pragmas.

`open_database` refuses, with a bilingual message and without touching the file, anything that
is not a yimi database or that a newer version of the application has written.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import DomainError, Message
from . import digest_sql
from .revision import HEAD

if TYPE_CHECKING:  # alembic is imported only when a migration is due (or a tool asks for the scripts)
    from alembic.config import Config

APP_MARKER = "yimi-desktop"
_MIGRATIONS = Path(__file__).with_name("migrations")
_SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseError(DomainError):
    pass


def _err(zh: str, en: str) -> DatabaseError:
    return DatabaseError(Message(zh, en))


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def known_revisions() -> set[str]:
    """Every schema revision this version knows, from the migration files' names (`0021_….py`), without
    importing alembic: a package import checks its sender's schema with it, and alembic's import cost about
    a second of each import (test_storage checks the names against alembic's own walk)."""
    return {f.name.split("_", 1)[0] for f in (_MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")}


def _set_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit survives a power cut (officers' batteries die mid-sentence).
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()
    _register_functions(dbapi_conn, _record)


def _register_functions(dbapi_conn, _record) -> None:
    # the digest triggers call these: a connection without them cannot write replicated tables
    digest_sql.register(dbapi_conn)


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _inspect_existing(path: Path) -> str | None:
    """The Alembic revision of an existing yimi database; raises if the file is not one."""
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise _err(f"无法读取数据库文件 {path}:{exc.strerror}", f"Cannot read the database file {path}: {exc.strerror}") from exc
    if header != _SQLITE_HEADER:
        raise _err(f"{path} 不是一米团数据库文件。", f"{path} is not a yimi database.")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "meta" not in tables or "alembic_version" not in tables:
                raise _err(f"{path} 不是一米团数据库文件。", f"{path} is not a yimi database.")
            marker = con.execute("SELECT value FROM meta WHERE key='app'").fetchone()
            if not marker or marker[0] != APP_MARKER:
                raise _err(f"{path} 不是一米团数据库文件。", f"{path} is not a yimi database.")
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise _err(f"{path} 无法打开(文件已损坏或不是数据库):{exc}", f"Cannot open {path} (damaged or not a database): {exc}") from exc
    return row[0] if row else None


def file_revision(path: Path) -> str | None:
    """The Alembic revision of a yimi database file (a backup, say); raises if the file is not one."""
    return _inspect_existing(path)


def backup_file(path: Path) -> Path:
    """Before a migration: a verified copy in the database's backup folder (kind 升级前, in the same listing and
    rotation as the others: storage/backups.py), or a clear message and no migration (the file untouched)."""
    from . import backups

    try:
        return backups.made_and_rotated(path, "before-migration").path
    except DomainError as exc:
        raise _err(f"升级数据库前没能先备份它,没有升级,数据库没有改动:{exc.message.zh}",
                   f"The database could not be backed up before its upgrade; it was not upgraded or changed: "
                   f"{exc.message.en}") from exc


def _upgrade(path: Path) -> None:
    """Run the migrations with foreign keys off (table rebuilds drop and recreate parents), then
    check that every reference still holds before the new schema is used."""
    from alembic import command

    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _register_functions)  # migrations write replicated tables too
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"foreign key check failed after migration: {broken[:3]}")
    finally:
        engine.dispose()


def watch_statements(on_statement: Callable[[str], None]) -> Callable[[], None]:
    """A test hook, off in production: calls ``on_statement(sql)`` before every statement of every
    engine, on the thread that runs it; returns the function that removes the hook again.
    The GUI tests use it to fail any test whose widgets touch the database on the GUI thread
    (tests/gui/conftest.py)."""

    def before_cursor_execute(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        on_statement(statement)

    event.listen(Engine, "before_cursor_execute", before_cursor_execute)
    return lambda: event.remove(Engine, "before_cursor_execute", before_cursor_execute)


class Database:
    """An open yimi database file: the engine and a session factory."""

    def __init__(self, path: Path, engine: Engine, backup: Path | None = None):
        self.path = path
        self.engine = engine
        self.backup = backup  # the copy made before migrating, if any
        # this device's wall clock (seconds since the epoch): the hybrid clock's wall part and the time
        # events are stamped with. The composition root may give another (tests give each device its own).
        self.clock: Callable[[], float] = time.time
        self.session_factory = sessionmaker(engine, expire_on_commit=False, info={"wall_ms": self.wall_ms})

    def wall_ms(self) -> int:
        return int(self.clock() * 1000)

    def utcnow(self) -> datetime:
        """Now by this device's clock, as stored (naive UTC)."""
        return datetime.fromtimestamp(self.clock(), timezone.utc).replace(tzinfo=None)

    @property
    def files_dir(self) -> Path:
        """Where attachments live, beside the database file."""
        return self.path.with_name(self.path.name + ".files")

    @property
    def scratch_dir(self) -> Path:
        """Plaintext of packages being written or read: on this computer, owner-only, removed after use."""
        return self.files_dir / ".scratch"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        with self.session_factory() as s:
            with s.begin():
                yield s

    def vacuum(self) -> None:
        """Rewrite the file without its free space (SQLite's VACUUM), then checkpoint the WAL into it and empty
        the WAL. B-trees filled by appends keep about an eighth of every page empty (the change log's WITHOUT
        ROWID table splits its last page in two); VACUUM copies each in order and packs it. It takes about the
        file's size on disk while it runs and holds the write lock: for a file just built (`yimi demo`), not for
        every commit. Outside any transaction (VACUUM cannot run in one). The search indexes (migration 0013) are
        keyed by the rowids of `issue` and `enterprise`: VACUUM keeps the rowids of a table that has an index (each
        has its primary key's) and may renumber only a table with none (tests/unit/test_services.py checks)."""
        raw = self.engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert dbapi is not None
            if dbapi.in_transaction:
                dbapi.commit()
            dbapi.execute("VACUUM")
            dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()

    def retire(self) -> None:
        """Closed for good, because its file is about to be replaced (a restore): every later use fails with a
        message instead of quietly opening the new file under this object's (old) device identity."""
        self.engine.dispose()
        event.listen(self.engine, "do_connect", _refuse_connection)


def _refuse_connection(*_args) -> None:
    raise _err("这个数据库已经关闭(刚从备份恢复),请在新打开的窗口中继续。",
               "This database was closed (just restored from a backup); carry on in the window opened anew.")


def create_database(path: Path) -> Database:
    path = Path(path)
    if not path.parent.is_dir():
        raise _err(f"文件夹不存在:{path.parent}", f"Folder does not exist: {path.parent}")
    if path.exists():
        raise _err(f"数据库已存在:{path}", f"The database already exists: {path}")
    engine = make_engine(path)
    try:
        _upgrade(path)
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO meta(key, value) VALUES ('app', ?)", (APP_MARKER,))
    except Exception:
        engine.dispose()
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        raise
    return Database(path, engine)


def open_database(path: Path) -> Database:
    """Open an existing yimi database, migrating it (after a backup) if it is older."""
    path = Path(path)
    if not path.parent.is_dir():
        raise _err(f"文件夹不存在:{path.parent}", f"Folder does not exist: {path.parent}")
    if not path.is_file():
        raise _err(f"数据库不存在:{path}(请先运行 yimi init)", f"No database at {path} (run yimi init first)")
    rev = _inspect_existing(path)
    if rev == HEAD:  # the usual start: current, so alembic is not even imported
        return Database(path, make_engine(path))
    head = head_revision()
    if rev is not None and rev not in known_revisions():
        raise _err(
            f"{path} 由更新版本的一米团软件创建,本版本无法打开。请升级软件后再打开。",
            f"{path} was written by a newer version of yimi-desktop; please upgrade the application to open it.",
        )
    backup = None
    if rev != head:
        backup = backup_file(path)
        try:
            _upgrade(path)
        except Exception as exc:
            raise _err(f"数据库升级失败,原文件已备份在 {backup}:{exc}",
                       f"Upgrading the database failed; the original is backed up at {backup}: {exc}") from exc
    return Database(path, make_engine(path), backup)
