"""Backups for the GUI and the CLI (which reach storage only through services): see storage/backups.py.

Here too: the copy for the USB stick (备份到U盘), encrypted with age to the laptop's own key and its hub's, so a
lost stick reveals nothing and the hub can open a dead laptop's backup; and opening such a file again.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyrage
from sqlalchemy import select

from ..domain.errors import DomainError, Message
from ..storage.database import open_database
from ..storage.models import LocalDevice
from ..storage.backups import (Backup, backup_dir, check_integrity, check_restorable, create, daily_if_due,
                               list_backups, made_and_rotated, restore, rotate)
from ..sync.keys import recipient
from .device import install_fingerprint

__all__ = ["Backup", "backup_dir", "check_integrity", "check_restorable", "create", "daily_if_due", "list_backups",
           "made_and_rotated", "restore", "rotate", "restore_here", "to_stick", "open_encrypted"]


def restore_here(db: Path, backup: Path) -> Backup | None:
    """`restore`, then: when the backup was taken of this very file (same machine and path), it is told it lives
    here still, so the next open's device check sees a *restore* (it issued fewer changes than this file had
    sent) and re-issues what no peer holds under a new device id, with the message that says so; a backup from
    elsewhere stays a copy (a new device id, nothing re-issued). Returns the safety copy of the replaced file."""
    here_before = install_fingerprint(db) if db.exists() else None
    safety = restore(db, backup)
    database = open_database(db)
    try:
        with database.session() as s:
            dev = s.scalar(select(LocalDevice))
            if dev is not None and here_before is not None and dev.install_fingerprint == here_before:
                dev.install_fingerprint = install_fingerprint(db)  # the new inode of the same file
    finally:
        database.close()
    return safety


def to_stick(made: Backup, recipients: list[str], stick: Path) -> Path:
    """`made` (a verified backup) encrypted to every age recipient, written to `stick` as `<name>.age`."""
    dest = stick / f"{made.path.name}.age"
    tmp = stick / f".{dest.name}.tmp"
    try:
        sealed = pyrage.encrypt(made.path.read_bytes(), [recipient(r) for r in recipients])
        stick.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(sealed)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DomainError(Message(f"没有写到U盘(已满、只读或已拔出?):{exc.strerror or exc}",
                                  f"Could not write to the stick (full, read-only or removed?): {exc.strerror or exc}")
                          ) from exc
    return dest


def open_encrypted(sealed: Path, identities: list, out: Path) -> Path:
    """Decrypt a stick backup with one of `identities` into `out` (checked), for `restore`."""
    try:
        data = pyrage.decrypt(sealed.read_bytes(), identities)
    except OSError as exc:
        raise DomainError(Message(f"读不出 {sealed.name}:{exc.strerror or exc}",
                                  f"Cannot read {sealed.name}: {exc.strerror or exc}")) from exc
    except Exception as exc:  # pyrage.DecryptError: another key, or a damaged file
        raise DomainError(Message(f"{sealed.name} 不是加密给本机的备份,或文件已损坏。",
                                  f"{sealed.name} is not encrypted to this device's key, or it is damaged.")) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    check_integrity(out)
    return out
