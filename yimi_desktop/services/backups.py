"""Backups for the GUI and the CLI (which reach storage only through services): see storage/backups.py.

Here too: the copy for the USB stick (备份到U盘), encrypted with age to the laptop's own key and its hub's, so a
lost stick reveals nothing and the hub can open a dead laptop's backup; and opening such a file again.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyrage
from sqlalchemy import select

from ..domain.errors import DomainError, Message
from ..storage.database import open_database
from ..storage.models import LocalDevice
from ..storage.backups import (Backup, backup_dir, check_integrity, check_restorable, create, daily_if_due,
                               list_backups, made_and_rotated, restore, rotate)
from ..sync.keys import DeviceKeys, recipient
from .device import install_fingerprint

if TYPE_CHECKING:
    from .context import Services, ServicesFactory

__all__ = ["Backup", "backup_dir", "check_integrity", "check_restorable", "create", "daily_if_due", "list_backups",
           "made_and_rotated", "restore", "rotate", "restore_here", "to_stick", "open_encrypted", "KINDS",
           "stick_recipients", "back_up_to_stick", "Reopened", "restore_and_reopen"]

# each kind of backup as people call it (the dialog has its own tr() copies of these)
KINDS: dict[str, Message] = {
    "daily": Message("每日", "daily"),
    "before-import": Message("导入前", "before import"),
    "before-migration": Message("升级前", "before upgrade"),
    "manual": Message("手动", "manual"),
    "before-restore": Message("恢复前", "before restore"),
    "damaged": Message("恢复前(原库已损坏)", "before restore (damaged)"),
}


def restore_here(db: Path, backup: Path) -> Backup | None:
    """`restore`, then: when the backup was taken of this very file (same machine and path), it is told it lives
    here still, so the next open's device check sees a *restore* (it issued fewer changes than this file had
    sent) and re-issues what no peer holds under a new device id, with the message that says so; a backup from
    elsewhere stays a copy (a new device id, nothing re-issued). Returns the safety copy of the replaced file."""
    here_before = install_fingerprint(db) if db.exists() else None
    safety = restore(db, backup)
    _still_here(db, here_before)
    return safety


def _still_here(db: Path, here_before: str | None) -> None:
    """Open the restored file (migrating an older schema, after its copy) and keep its fingerprint when it was
    taken of this very file."""
    database = open_database(db)
    try:
        with database.session() as s:
            dev = s.scalar(select(LocalDevice))
            if dev is not None and here_before is not None and _same_place(dev.install_fingerprint, here_before):
                dev.install_fingerprint = install_fingerprint(db)  # the new inode of the same file
    finally:
        database.close()


SIG_SUFFIX = ".sig"  # beside a stick copy: who made it, signed (services/salvage.py checks it at the hub)


def stick_statement(identity: str, sealed_sha256: str) -> bytes:
    """What a stick copy's signature covers: the signer's identity and the sealed file's sha256."""
    return f"yimi-stick-backup-v1\n{identity}\n{sealed_sha256}".encode()


def _same_place(taken: str | None, here: str) -> bool:
    """The backup was taken of a file at this path on this machine (`machine|inode|path`): the inode may differ
    (an earlier restore replaced the file), it is this file's own history all the same."""
    if not taken:
        return False
    a, b = taken.split("|", 2), here.split("|", 2)
    return len(a) == len(b) == 3 and (a[0], a[2]) == (b[0], b[2])


def to_stick(made: Backup, recipients: list[str], stick: Path, keys: DeviceKeys | None = None,
             identity: str = "") -> Path:
    """`made` (a verified backup) encrypted to every age recipient, written to `stick` as `<name>.age`; with
    `keys`, also `<name>.age.sig`, this installation's signature over the sealed file (so the hub can tell a
    laptop's own backup from a file anyone could have sealed to the hub's public key). Each file is written to a
    temporary name, fsync'ed and renamed: a pulled stick never holds a half file that looks whole."""
    dest = stick / f"{made.path.name}.age"
    try:
        sealed = pyrage.encrypt(made.path.read_bytes(), [recipient(r) for r in recipients])
        stick.mkdir(parents=True, exist_ok=True)
        _write_whole(dest, sealed)
        if keys is not None:
            sha = hashlib.sha256(sealed).hexdigest()
            sig = {"format": 1, "identity": identity, "signing_public": keys.signing_public, "sha256": sha,
                   "signature": keys.sign(stick_statement(identity, sha)).hex()}
            _write_whole(Path(f"{dest}{SIG_SUFFIX}"), json.dumps(sig, sort_keys=True).encode())
    except OSError as exc:
        why = "U盘已满" if exc.errno == errno.ENOSPC else "已满、只读或已拔出?"
        raise DomainError(Message(f"没有写到U盘({why}):{exc.strerror or exc}。本机的备份已做好,不受影响。",
                                  f"Could not write to the stick (full, read-only or removed?): {exc.strerror or exc}. "
                                  "The backup on this computer is made and unaffected.")) from exc
    return dest


def _write_whole(dest: Path, data: bytes) -> None:
    tmp = dest.with_name(f".{dest.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


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


def stick_recipients(svc: Services) -> tuple[list[str], bool]:
    """The age recipients a stick copy is sealed to: this installation's own key and, once enrolled, its hub's
    newest; and whether the hub's is among them."""
    info = svc.trust.info()
    return [info.age_recipient] + ([info.hub.age_recipient] if info.hub else []), info.hub is not None


def back_up_to_stick(svc: Services, stick: Path) -> tuple[Backup, Path]:
    """备份到U盘: a verified manual backup (rotated with the others) and its sealed copy on `stick`."""
    recipients, _ = stick_recipients(svc)
    made = made_and_rotated(svc.db.path, "manual")
    return made, to_stick(made, recipients, stick, svc.trust.keys(), svc.device.identity)


Step = Callable[[str], None]  # the step a restore is at: check, close, copy, open


@dataclass(frozen=True)
class Reopened:
    """After a restore from inside the app: the database opened anew (None: it could not be opened; the app
    must be started again), whether the chosen backup replaced it, the copy of what it replaced, and what went
    wrong, if anything."""

    services: Services | None
    replaced: bool
    safety: Backup | None = None
    error: DomainError | None = None


def restore_and_reopen(old: Services, chosen: Path, factory: ServicesFactory, step: Step | None = None) -> Reopened:
    """Restore `chosen` (a backup, or a stick copy `*.age` opened with this installation's key) in place of the
    database `old` has open, and open it again through `factory`.

    The chosen file is checked while `old` still works (a refusal raises, changes nothing, and `old` stays in
    use). Then `old` is retired (its engine disposed; any later use fails instead of writing into the restored
    file under the old device id), the file is put in place (`restore`: the current one is backed up first), and
    the factory opens it: an older schema is migrated after its own copy, and the device check takes a new device
    id (a restore), with the notice that says so in `services.notices`. If the restore fails after `old` was
    retired, the unchanged database is opened again."""
    say = step or (lambda _s: None)
    db = old.db.path
    say("check")
    if chosen.suffix == ".age":
        chosen = open_encrypted(chosen, old.trust.keys().identities, backup_dir(db) / chosen.stem)
    check_restorable(chosen)
    here_before = install_fingerprint(db)
    say("close")
    old.db.retire()
    try:
        say("copy")
        safety = restore(db, chosen)
    except DomainError as exc:
        services, _ = _reopen(factory, db)
        return Reopened(services, False, error=exc)
    say("open")
    try:
        _still_here(db, here_before)
    except DomainError as exc:
        return Reopened(None, True, safety, exc)
    services, problem = _reopen(factory, db)
    return Reopened(services, True, safety, problem)


def _reopen(factory: ServicesFactory, db: Path) -> tuple[Services | None, DomainError | None]:
    try:
        return factory.open(db), None
    except DomainError as exc:
        return None, exc
