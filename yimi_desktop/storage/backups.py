"""Verified backups of a database file, kept with rotation in `<db>.backups/` beside it (the user data folder for
the default database), and their restore.

- A backup is a consistent copy made with SQLite's backup API (WAL content included, safe while the file is open),
  checked with `PRAGMA integrity_check`, fsync'ed and only then renamed to `yimi-YYYYMMDD-HHMMSS-<reason>.db`:
  a full or read-only disk leaves a clear message and the earlier backups untouched, never a half-written one.
- Kinds (`reason`): daily (每日, first start of a day), before-import (导入前), before-migration (升级前, made by
  storage/database.open_database before it migrates), manual (手动), before-restore (恢复前).
- Rotation keeps the newest backup of each of the last `daily` days that have one and the newest of each of the
  `weekly` ISO weeks before those, whatever their kind; and always the newest 升级前 and the newest 恢复前 (the only
  copies of a database as it was before the schema changed, or before a restore replaced it).
- Migration copies of earlier releases (`<db>.bak-<revision>-YYYYmmdd-HHMMSS` beside the database, not verified
  when made) are listed as 升级前 (`legacy`), rotated like the others and restored the same way (checked first);
  they stay where they are: an earlier message may have named their path.
- Restore checks the chosen file (integrity, a yimi database, a schema this version knows: one written by a newer
  version is refused before anything changes), backs up the current database first (`before-restore`), then puts
  the copy in place atomically (temp file, fsync, rename). A backup of an older schema is migrated on its next
  open, after its own 升级前 copy. On its next open the device check
  (`DeviceService.ensure_own_identity`; services/backups.restore_here tells it the file still lives here) takes a
  new device id, so nothing it sends clashes with what it sent before, and the next exchange with the hub brings
  back what had reached the hub.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..domain.errors import DomainError, Message

NAME = re.compile(r"^yimi-(\d{8})-(\d{6})(?:-(\d+))?-([a-z-]+)\.db$")
LEGACY = re.compile(r"\.bak-(.+)-(\d{8})-(\d{6})$")  # storage/database.backup_file of earlier releases
REASONS = ("daily", "manual", "before-import", "before-restore", "before-migration", "damaged")
ALWAYS_KEPT = ("before-migration", "before-restore", "damaged")  # the newest of each, whatever its age


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str
    size: int
    legacy: bool = False  # an earlier release's `<db>.bak-…` migration copy (not checked when it was made)

    @property
    def verified(self) -> bool:
        """Checked with integrity_check before it was given its name (a `damaged` one is the file a restore
        replaced because it failed that check, copied as it was)."""
        return not self.legacy and self.reason != "damaged"


def backup_dir(db: Path) -> Path:
    return Path(f"{db}.backups")


def _fail(zh: str, en: str, exc: BaseException | None = None) -> DomainError:
    if exc is None:
        return DomainError(Message(f"{zh}。", f"{en}."))
    detail = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
    return DomainError(Message(f"{zh}:{detail}", f"{en}: {detail}"))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_integrity(path: Path) -> None:
    """Raise a DomainError unless `path` is an SQLite database whose integrity_check says ok."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
            has_device = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'local_device'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise _fail(f"{path.name} 不是完好的数据库文件", f"{path.name} is not a sound database file", exc) from exc
    if rows != [("ok",)]:
        raise _fail(f"{path.name} 校验未通过(integrity_check)", f"{path.name} failed its integrity check",
                    ValueError("; ".join(str(r[0]) for r in rows[:3])))
    if not has_device:
        raise _fail(f"{path.name} 不是一米团数据库", f"{path.name} is not a yimi database")


def _destination(folder: Path, reason: str, now: datetime) -> Path:
    stem = f"yimi-{now:%Y%m%d-%H%M%S}"
    same_second = [_counter(p) for p in folder.glob(f"{stem}-*.db") if NAME.match(p.name)] if folder.is_dir() else []
    n = max(same_second, default=0) + 1  # several in one second (any reason) are numbered in the order made
    return folder / (f"{stem}-{reason}.db" if n == 1 else f"{stem}-{n}-{reason}.db")


def create(db: Path, reason: str = "manual", folder: Path | None = None, now: datetime | None = None) -> Backup:
    """A verified copy of `db` in `folder` (default `<db>.backups/`)."""
    if reason not in REASONS:
        raise ValueError(reason)
    if not db.exists():
        raise _fail(f"找不到数据库 {db}", f"No database at {db}")
    folder = folder or backup_dir(db)
    dest = _destination(folder, reason, now or datetime.now())
    tmp = folder / f".{dest.name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
        finally:
            src.close()
        check_integrity(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(folder)
    except (OSError, sqlite3.Error) as exc:
        _remove(tmp)
        raise _fail(f"备份没有做成({_why(exc)}),以前的备份都还在 {folder}",
                    f"The backup was not made ({_why_en(exc)}); the earlier backups are untouched in {folder}",
                    exc) from exc
    except DomainError:
        _remove(tmp)
        raise
    return _entry(dest)


def _safety_copy(db: Path) -> Backup:
    """Before a restore: the current database, verified (`before-restore`); one that fails its check (often the
    reason for the restore) is copied byte for byte as `damaged`, so nothing is thrown away either way."""
    try:
        check_integrity(db)
    except DomainError:
        pass
    else:
        return create(db, "before-restore")
    folder = backup_dir(db)
    dest = _destination(folder, "damaged", datetime.now())
    tmp = folder / f".{dest.name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy_file(db, tmp)
        os.replace(tmp, dest)
        _fsync_dir(folder)
    except OSError as exc:
        _remove(tmp)
        raise _fail(f"它没能备份({_why(exc)})", f"it could not be backed up ({_why_en(exc)})", exc) from exc
    return _entry(dest)


def _copy_file(src_path: Path, dst_path: Path) -> None:
    with open(src_path, "rb") as src, open(dst_path, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())


def _why(exc: BaseException) -> str:
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "full" in str(exc).lower():
        return "磁盘已满"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in str(exc).lower():
        return "文件夹只读或没有写入权限"
    return "磁盘已满或只读?"


def _why_en(exc: BaseException) -> str:
    return {"磁盘已满": "the disk is full", "文件夹只读或没有写入权限": "the folder is read-only or not writable"}.get(
        _why(exc), "disk full or read-only?")


def _remove(tmp: Path) -> None:
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


def _entry(path: Path) -> Backup:
    m = NAME.match(path.name)
    assert m is not None
    return Backup(path, datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S"), m[4], path.stat().st_size)


def _legacy(db: Path) -> list[Backup]:
    """`<db>.bak-<revision>-<stamp>` beside the database (earlier releases' migration copies)."""
    found = []
    try:
        beside = list(db.parent.glob(f"{glob.escape(db.name)}.bak-*"))
    except OSError:
        return []
    for p in beside:
        m = LEGACY.search(p.name[len(db.name):])
        if m is None or not p.is_file():
            continue
        try:
            taken = datetime.strptime(m[2] + m[3], "%Y%m%d%H%M%S")
            found.append(Backup(p, taken, "before-migration", p.stat().st_size, legacy=True))
        except (ValueError, OSError):
            continue
    return found


def list_backups(db: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of `db`, newest first: those in `folder` (default `<db>.backups/`) and, for the default
    folder, the earlier releases' `.bak-` migration copies beside the database."""
    where = folder or backup_dir(db)
    found = [_entry(p) for p in where.iterdir() if NAME.match(p.name)] if where.is_dir() else []
    if folder is None or folder == backup_dir(db):
        found += _legacy(db)
    return sorted(found, key=lambda b: (b.taken_at, _counter(b.path)), reverse=True)


def _counter(path: Path) -> int:
    m = NAME.match(path.name)
    return int(m[3]) if m and m[3] else 1


def rotate(db: Path, daily: int = 7, weekly: int = 4) -> list[Path]:
    """Delete the backups rotation does not keep; returns what was deleted."""
    newest_of_day: dict[date, Backup] = {}
    newest_of_kind: dict[str, Backup] = {}
    for b in list_backups(db):  # newest first: the first seen of a day is its newest
        newest_of_day.setdefault(b.taken_at.date(), b)
        newest_of_kind.setdefault(b.reason, b)
    days = sorted(newest_of_day, reverse=True)
    keep = {newest_of_day[d].path for d in days[:daily]}
    newest_of_week: dict[tuple[int, int], Backup] = {}
    for d in days[daily:]:
        iso = d.isocalendar()
        newest_of_week.setdefault((iso[0], iso[1]), newest_of_day[d])
    keep |= {newest_of_week[w].path for w in sorted(newest_of_week, reverse=True)[:weekly]}
    keep |= {newest_of_kind[k].path for k in ALWAYS_KEPT if k in newest_of_kind}
    gone = [b.path for b in list_backups(db) if b.path not in keep]
    for p in gone:
        try:
            p.unlink(missing_ok=True)
        except OSError:  # a read-only folder: the old ones stay, nothing is lost
            pass
    return gone


def made_and_rotated(db: Path, reason: str) -> Backup:
    """A verified backup, then rotation (before an import, a migration, by hand)."""
    made = create(db, reason)
    rotate(db)
    return made


def daily_if_due(db: Path, now: datetime | None = None) -> Backup | None:
    """On the first start of a day: a `daily` backup (and rotation), unless one was made today."""
    now = now or datetime.now()
    if not db.exists() or any(b.taken_at.date() == now.date() for b in list_backups(db)):
        return None
    made = create(db, "daily", now=now)
    rotate(db)
    return made


def check_restorable(backup: Path) -> str | None:
    """Raise a DomainError unless `backup` can replace the database: sound, a yimi database, and of a schema
    this version knows (an older one is migrated on its next open). Returns its schema revision."""
    from .database import file_revision, known_revisions

    if not backup.is_file():
        raise _fail(f"找不到备份文件 {backup}", f"No backup file at {backup}")
    check_integrity(backup)
    rev = file_revision(backup)
    if rev is not None and rev not in known_revisions():
        raise _fail(f"{backup.name} 是更新版本的一米团软件做的备份,本版本不能恢复它,数据库没有改动。请先升级软件再恢复",
                    f"{backup.name} was made by a newer version of yimi-desktop and cannot be restored by this one; "
                    "nothing was changed. Upgrade the application first")
    return rev


def restore(db: Path, backup: Path) -> Backup | None:
    """Put `backup` in place of `db` (closed); the current file is backed up first (returned)."""
    check_restorable(backup)
    try:
        safety = _safety_copy(db) if db.exists() else None
    except DomainError as exc:
        raise DomainError(Message(f"没有恢复,数据库没有改动:恢复前要先备份现在的数据库,{exc.message.zh}",
                                  f"Not restored, the database is unchanged: the current database is backed up "
                                  f"first, and {exc.message.en}")) from exc
    tmp = db.with_name(f".{db.name}.restore.tmp")
    try:
        _copy_file(backup, tmp)
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, db)
        _fsync_dir(db.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _fail(f"恢复没有完成({_why(exc)}),数据库没有改动 {db}",
                    f"The restore did not happen ({_why_en(exc)}); the database is unchanged: {db}",
                    exc) from exc
    return safety
