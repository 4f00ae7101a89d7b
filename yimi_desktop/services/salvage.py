"""At the hub: take in a dead or lost laptop's work from its stick backup (`yimi backup salvage FILE`).

A laptop's 备份到U盘 copy is sealed to its own key and the hub's, and signed by the laptop
(services/backups.to_stick writes `<name>.age.sig`). When the laptop's disk dies, or the laptop is lost after its
officer made a stick copy, the work it recorded since its last package would be lost with it. Here the hub
opens that copy and takes in what it does not hold, as if the laptop had sent a package:

- the file is decrypted with the hub's key into the hub's scratch folder (owner-only) and never written back;
  the stick file stays as it was; a plain `.db` backup is copied there first;
- checked: integrity, a yimi database of a schema this version knows (an older one is migrated in the scratch
  copy; a newer one is refused), a laptop's database;
- identity rules as for a package: the backup's identity must be a laptop enrolled here; the copy must carry
  that laptop's signature by the signing key enrolled here (an unsigned copy, made by an earlier release or a
  `.db` file, is taken only with `unsigned=True`, a person's decision with the stick in hand, and said so); its
  enrolment root must be the one the hub knows (a second computer set up from the same file is refused); a
  revoked laptop's backup is taken (it was revoked because it was lost; its work is still real), and said so;
- the changes the hub lacks go through the same import policy as a package (sync/importer: stamps bounded,
  the binding guard, the same (device, seq) with other content refused), in one transaction, after a
  before-import backup of the hub; the receipt is logged under an id made from the file's content, so taking
  the same file twice changes nothing.

Photos and other attachments live beside a database (`<db>.files/`), not in its backup: records of attachments
come in, their files only if the hub already holds them (counted as `missing_files`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyrage
from sqlalchemy import select

from ..domain.display import show_name
from ..domain.errors import DomainError, Message
from ..domain.vocabulary import DeviceRole
from ..storage.database import open_database
from ..storage.models import EnrolledDevice, LocalDevice, PackageLog
from ..storage.revision import HEAD
from ..sync import compaction, importer
from ..sync.admission import Admission, EnrolledKey, check_root
from ..sync.keys import verify
from ..sync.log import VIEW, VIEW_COLUMNS
from ..sync.merge import ApplyStats, unacked_sql, vector
from ..sync.package import Manifest
from . import backups
from .context import Services


@dataclass(frozen=True)
class Salvaged:
    """What a salvage took in."""

    laptop: str  # the laptop's name
    identity: str
    signed: bool  # its own signature held (False: taken unsigned, by a person's decision)
    revoked: bool  # the laptop is revoked here (lost): its work taken all the same
    duplicate: bool  # this very file was taken before: nothing changed
    stats: ApplyStats | None
    missing_files: int  # attachments whose file is neither in the backup (never) nor at the hub

    def to_json(self) -> dict:
        out = dict(self.__dict__)
        out["stats"] = {k: v for k, v in self.stats.__dict__.items() if isinstance(v, int)} if self.stats else None
        return out


class Unsigned(DomainError):
    """The copy carries no signature of the laptop: taken only when a person says so (`unsigned=True`)."""


def _refuse(zh: str, en: str) -> DomainError:
    return DomainError(Message(zh, en))


def salvage(hub: Services, path: Path, unsigned: bool = False) -> Salvaged:
    """Take in the work of a laptop's backup `path` (`*.age` stick copy or a plain backup `*.db`) at the hub."""
    path = Path(path)
    name = show_name(path)
    if hub.device.role is not DeviceRole.HUB:
        raise _refuse("只有县级中心可以收取笔记本的备份。在笔记本上请用“恢复”。",
                      "Only the hub takes in a laptop's backup; on a laptop, restore it instead.")
    if not path.is_file():
        raise _refuse(f"找不到备份文件 {path}", f"No backup file at {path}")
    raw = path.read_bytes()
    package_id = hashlib.sha256(raw).hexdigest()[:32]
    scratch = hub.db.scratch_dir
    scratch.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = scratch / f"salvage-{uuid.uuid4().hex}"
    work.mkdir(mode=0o700)
    try:
        plain = work / "backup.db"
        if path.suffix == ".age":
            try:
                data = pyrage.decrypt(raw, hub.trust.keys().identities)
            except Exception as exc:  # pyrage.DecryptError: sealed to others, or damaged
                raise _refuse(f"{name} 不是加密给本中心的备份,或文件已损坏。",
                              f"{name} is not sealed to this hub's key, or it is damaged.") from exc
            plain.write_bytes(data)
        else:
            shutil.copyfile(path, plain)
        backups.check_restorable(plain)  # sound, a yimi database, not of a newer version
        signed = _check_signature(path, raw)
        return _take_in(hub, plain, name, package_id, signed, unsigned)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_signature(path: Path, raw: bytes) -> dict | None:
    """The signature file beside a stick copy, if any (read; checked against the enrolled key later)."""
    sig_path = Path(f"{path}{backups.SIG_SUFFIX}")
    if path.suffix != ".age" or not sig_path.is_file():
        return None
    try:
        sig = json.loads(sig_path.read_text())
        if not isinstance(sig, dict) or sig.get("sha256") != hashlib.sha256(raw).hexdigest():
            raise ValueError("sha256")
        return sig
    except (OSError, ValueError) as exc:
        raise _refuse(f"{path.name} 的签名文件与备份不符:备份可能在签名后被改动过,已拒绝,本中心数据没有改动。",
                      f"The signature file of {path.name} does not match it: the backup may have been changed "
                      "after signing; refused, nothing here changed.") from exc


def _take_in(hub: Services, plain: Path, name: str, package_id: str, sig: dict | None, unsigned: bool) -> Salvaged:
    backup_db = open_database(plain)  # the scratch copy: an older schema is migrated here, never on the stick
    try:
        with backup_db.session() as s:
            dev = s.scalar(select(LocalDevice))
            if dev is None or dev.role != DeviceRole.LAPTOP.value or not dev.identity_id:
                raise _refuse(f"{name} 不是已注册笔记本的备份。", f"{name} is not the backup of an enrolled laptop.")
            laptop = (dev.device_id, dev.identity_id, dev.name, dev.enrolment_root or "")
        with hub.db.session() as s:
            row = s.get(EnrolledDevice, laptop[1])
            enrolled = EnrolledKey(row.identity_id, row.name, row.signing_public, row.revoked_at,
                                   row.root_device_id) if row is not None else None
            seen = s.get(PackageLog, package_id)
            held = vector(s.connection())
        if enrolled is None:
            raise _refuse(f"{name} 是笔记本“{laptop[2]}”的备份,它不是在本中心注册的,已拒绝。",
                          f"{name} is the backup of '{laptop[2]}', a laptop not enrolled at this hub; refused.")
        signed = _signature_holds(sig, laptop[1], enrolled, name)
        if not signed and not unsigned:
            raise Unsigned(Message(
                f"{name} 没有笔记本的签名(以前的版本做的U盘备份,或是 .db 文件),不能确认它出自“{enrolled.name}”。"
                "如果这个U盘是那位干部当面交来的,确认后加 --unsigned 再收取。本中心数据没有改动。",
                f"{name} carries no signature of the laptop (a stick copy of an earlier release, or a .db file), so "
                f"it cannot be shown to come from '{enrolled.name}'. If its officer handed it over in person, take it "
                "with --unsigned. Nothing here changed."))
        check_root(laptop[3], enrolled, name)
        revoked = enrolled.revoked_at is not None
        if seen is not None:
            return Salvaged(enrolled.name, laptop[1], signed, revoked, True, None, 0)
        backups.made_and_rotated(hub.db.path, "before-import")  # the hub's own copy, before anything changes
        with backup_db.engine.connect() as conn:
            sender_vector = vector(conn)
            where, params = unacked_sql(held)
            rows = [dict(device_id=r.device_id, seq=r.seq, hlc=r.hlc, entity=r.entity, record_id=r.record_id,
                         field=r.field, value=r.value, base=r.base)
                    for r in conn.exec_driver_sql(f"SELECT {VIEW_COLUMNS} FROM {VIEW} WHERE {where} "
                                                  "ORDER BY hlc, device_id, seq", tuple(params))]
        sender_vector.pop(hub.device.device_id, None)  # what it held of the hub says nothing about the hub
        m = Manifest(package_id=package_id, sender=laptop[0], sender_name=enrolled.name,
                     sender_role=DeviceRole.LAPTOP.value, signer=laptop[1], signing_key=enrolled.signing_public,
                     recipient=hub.device.identity, schema=HEAD,
                     created_at=datetime.now().isoformat(timespec="seconds"), vector=sender_vector, ranges={},
                     change_count=len(rows), root=laptop[3])
        wall = hub.sync.now()
        with hub.db.session() as s:
            s.info["sync_applying"] = True
            conn = s.connection()
            before = compaction.mark(conn)
            stats, bound = importer.apply_changes(conn, rows, m, hub.device.device_id, laptop[1],
                                                  hub.trust.bindings(s), wall)
            importer.advance_clock(conn, hub.device.device_id, wall)
            filename = f"备份:{name}"
            hub.trust.record_admission(s, Admission(laptop[1], enrolled.name, root=laptop[3]), m, filename)
            importer.record_receipt(s, m, laptop[1], filename, stats.changes, bound)
            s.flush()
            compaction.compact_after(conn, before)  # as after a package (services/sync.import_file)
        missing = _missing_files(hub, rows)
        return Salvaged(enrolled.name, laptop[1], signed, revoked, False, stats, missing)
    finally:
        backup_db.close()


def _signature_holds(sig: dict | None, identity: str, enrolled: EnrolledKey, name: str) -> bool:
    if sig is None:
        return False
    ok = (sig.get("identity") == identity and sig.get("signing_public") == enrolled.signing_public
          and isinstance(sig.get("signature"), str))
    try:
        ok = ok and verify(enrolled.signing_public, bytes.fromhex(sig["signature"]),
                           backups.stick_statement(identity, str(sig["sha256"])))
    except ValueError:
        ok = False
    if not ok:
        raise _refuse(f"{name} 的签名不是笔记本“{enrolled.name}”在本中心注册的密钥做的:它可能是伪造的,已拒绝,"
                      "本中心数据没有改动。",
                      f"The signature of {name} was not made by the key '{enrolled.name}' enrolled here: it may be "
                      "forged; refused, nothing here changed.")
    return True


def _missing_files(hub: Services, rows: list[dict]) -> int:
    shas = {json.loads(r["value"]) for r in rows
            if r["entity"] == "attachment" and r["field"] in ("sha256", "preview_sha256") and r["value"]}
    return sum(1 for sha in shas if isinstance(sha, str) and not hub.visits.files.path_of(sha).exists())
