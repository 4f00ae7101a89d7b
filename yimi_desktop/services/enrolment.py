"""Enrolment in one trip: the hub makes a laptop's keys and writes one file for it, encrypted with
a one-time code (age passphrase mode) that the clerk tells the officer in person.

The file (`NAME.yimi-enrol`, a standard age file: `age -d` opens it with the code) holds a zip of
  enrolment.json   the laptop's identity and name, its private keys, the hub's identity and keys
  county.yimi      the county's current data: an ordinary signed package from the hub to the laptop
The hub keeps only the public keys. On the laptop, `yimi init --enroll FILE --code CODE` (or the
first-run dialog) checks the county package against the hub's key before changing anything,
then takes the identity and keys and imports the data.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pyrage import x25519

from ..domain.display import show_path
from ..domain.errors import DomainError, Message
from ..domain.vocabulary import DeviceRole
from ..storage.database import Database, known_revisions
from ..storage.models import new_id
from ..sync import hlc
from ..sync import keys as keylib
from ..sync.enrolment_file import (CODE_DIGITS, ENROL_FORMAT, ENROL_SUFFIX, MAX_ENROL_BYTES, Enrolment,  # noqa: F401
                                   consume_enrolment_file, enrolment_bytes, new_code, normalise_code, read_enrolment,
                                   seal)
from ..sync.package import PackageReader, atomic_write
from .device import DeviceInfo
from .sync import SyncService, _safe_name, unique_path
from .trust import Destination, Trust


@dataclass(frozen=True)
class EnrolmentIssued:
    file: Path
    code: str
    identity_id: str
    name: str
    fingerprint: str


class EnrolmentService:
    def __init__(self, db: Database, device: DeviceInfo, trust: Trust, sync: SyncService):
        self._db = db
        self._device = device
        self._trust = trust
        self._sync = sync
        self._scratch = db.scratch_dir

    # ---- at the hub ------------------------------------------------------------------------------
    def enroll(self, name: str, out_dir: Path, code: str | None = None) -> EnrolmentIssued:
        """Register a new laptop and write its enrolment file into `out_dir` (e.g. the stick)."""
        out_dir = Path(out_dir)
        if not out_dir.is_dir():
            raise DomainError(Message(f"文件夹不存在:{show_path(out_dir)}", f"Folder does not exist: {show_path(out_dir)}"))
        code = normalise_code(code) if code else new_code()
        enrolment = self._build(name)
        sealed = seal(enrolment, code)
        stem = _safe_name(enrolment.name)
        dest = unique_path(out_dir, itertools.chain([f"{stem}{ENROL_SUFFIX}"],
                                                     (f"{stem}-{k}{ENROL_SUFFIX}" for k in itertools.count(2))))
        atomic_write(dest, lambda fh: None if fh.write(sealed) else None)
        try:
            self._register(enrolment)
        except BaseException:
            dest.unlink(missing_ok=True)
            raise
        return EnrolmentIssued(dest, code, enrolment.identity_id, enrolment.name, enrolment.fingerprint)

    def issue(self, name: str) -> Enrolment:
        """Register a new laptop and hand its enrolment over in memory, without the file and its
        one-time code (whose key derivation takes seconds): for tests and simulations."""
        enrolment = self._build(name)
        self._register(enrolment)
        return enrolment

    def _build(self, name: str) -> Enrolment:
        if self._device.role is not DeviceRole.HUB:
            raise DomainError(Message("只有县级中心可以注册设备。", "Only the hub can enrol devices."))
        name = name.strip()
        identity = new_id()
        material = keylib.KeyMaterial.generate()
        with self._db.session() as s:  # the name is checked before any work
            self._trust.check_name(s, name)
            chain = self._trust.hub_chain(s)
            # the laptop's signed roster row (sync.roster) first, so that the county package carries it and the
            # laptop starts with the hub's content exactly; should the enrolment then fail, the row names a key
            # whose private half was never handed out (harmless: nothing can be signed with it)
            self._trust.roster_row(s, identity, name, material.signing_public)
        self._scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
        county = self._sync.export_to(self._scratch, Destination(identity, name, material.age_recipient), full=True,
                                      filename=f".county-{identity}.yimi")
        try:
            data = county.read_bytes()
        finally:
            county.unlink(missing_ok=True)
        return Enrolment(identity, name, datetime.now().isoformat(timespec="seconds"), self._device.identity,
                         self._device.name, chain, material, data)

    def _register(self, e: Enrolment) -> None:
        with self._db.session() as s:
            self._trust.register(s, e.identity_id, e.name, e.material.signing_public, e.material.age_recipient)

    # ---- on the laptop ---------------------------------------------------------------------------
    def prepare(self, enrolment: Enrolment) -> Path:
        """Check the county package against the hub's key, then take the identity and keys. Returns
        the county package (in the scratch folder) for the caller to import with the new identity."""
        self._scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
        county = self._scratch / f".county-{enrolment.identity_id}.yimi"
        county.write_bytes(enrolment.county)
        try:
            reader = PackageReader(county, [x25519.Identity.from_str(enrolment.material.age_secret)], self._scratch)
            try:
                m = reader.manifest
                hub_key = enrolment.hub_chain[-1]["signing_public"]
                if m.signer != enrolment.hub_identity or m.signing_key != hub_key or not reader.signature_valid(hub_key) \
                        or m.recipient != enrolment.identity_id:
                    raise DomainError(Message("注册文件中的县级数据签名不对,已拒绝。请向县级中心重新索取注册文件。",
                                              "The county data in the enrolment file is not signed by its hub; ask for a new file."))
                if m.schema not in known_revisions():
                    raise DomainError(Message("注册文件来自更新版本的软件,请先升级本机软件。",
                                              "The enrolment file comes from a newer version; upgrade this application first."))
                reader.check_members()
                # the same checks the import makes, before this laptop changes: a retry stays possible
                if any(hlc.is_too_far_ahead(ch["hlc"], self._sync.now()) for ch in reader.changes()):
                    raise DomainError(Message("本机的时钟比县级中心慢了一天以上,请先把本机的日期和时间调准,再注册。",
                                              "This computer's clock is more than a day behind the hub's; set the date and time first."))
            finally:
                reader.close()
            self._trust.adopt_enrolment(enrolment.identity_id, enrolment.name, enrolment.hub_identity,
                                        enrolment.hub_chain, enrolment.material)
        except BaseException:
            county.unlink(missing_ok=True)
            raise
        return county
