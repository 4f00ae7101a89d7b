"""Who this installation is and whom it trusts.

- Every database has its own keys (sync.keys.KeyStore, beside the file).
- A hub is its own authority: it keeps its key history (HubKey, each rotation signed by the key
  before) and the registry of enrolled laptops (EnrolledDevice), which it can revoke.
- A laptop trusts one hub: the keys its enrolment file brought, and any later key that the hub's
  previous key vouched for.
- At the hub, each replicating device id is bound to the identity whose signed package first
  brought it (DeviceBinding): a laptop can relay changes the hub already has, never add new ones
  in another device's name.

Used by the sync service to address, sign, open and admit packages.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from ..domain.display import show_name
from ..domain.errors import DomainError, Message
from ..domain.vocabulary import DeviceRole
from ..storage.database import Database
from ..storage.models import (
    DeviceBinding, EnrolledDevice, EnrolmentReuse, HubDevice, HubKey, LocalDevice, Peer, RosterDevice, utcnow,
)
from ..sync import keys as keylib
from ..sync.acks import first_unacked_at
from ..sync.merge import common_ack, count_unacked
from ..sync import admission, compaction, roles, roster
from ..sync.admission import Admission, EnrolledKey, EnrolmentReused, Here, RotationUnconfirmed  # noqa: F401
from ..sync.package import Manifest, PackageReader
from .device import DeviceInfo
from .seed import seeded_id


@dataclass(frozen=True)
class Destination:
    """Whom a package is for: identity (named in the signed manifest) and age public key."""
    identity_id: str
    name: str
    age_recipient: str


@dataclass(frozen=True)
class ReplicaRow:
    """One replica of an enrolled laptop: its database file (a copy takes its own device id)."""
    device_id: str
    last_in_at: datetime | None
    acked_hub_seq: int | None
    unacknowledged: int
    missing_since: datetime | None = None  # the time of the first change it lacks (None: it lacks nothing)


@dataclass(frozen=True)
class ReuseRow:
    """A second computer set up from an enrolment file already used by another: its packages are refused."""
    root_device_id: str
    sender_name: str
    first_at: datetime
    last_at: datetime
    last_file: str
    packages: int


@dataclass(frozen=True)
class EnrolledRow:
    identity_id: str
    name: str
    fingerprint: str
    enrolled_at: datetime
    revoked_at: datetime | None
    revoke_reason: str
    last_package_at: datetime | None
    last_package_file: str | None
    acked_hub_seq: int | None       # how far the laptop has confirmed the hub's own changes
    unacknowledged: int | None      # changes the hub holds that the laptop (one of its replicas) has not confirmed
    replicas: tuple[ReplicaRow, ...] = ()  # the device ids syncing under this identity (a copied file is one more)
    reused: tuple[ReuseRow, ...] = ()  # other computers set up from the same enrolment file (refused)
    missing_since: datetime | None = None  # the time of the first change some replica lacks

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class HubKeyInfo:
    """A laptop's hub, as its newest trusted key says."""
    identity: str
    name: str
    signing_fingerprint: str
    key_code: str  # what the hub's clerk reads out after a rotation
    age_recipient: str
    keys: int  # how many hub keys this laptop trusts (one more per rotation followed)


@dataclass(frozen=True)
class KeyInfo:
    """What `yimi keys` prints and the GUI shows."""
    device: str
    identity: str
    name: str
    role: str
    enrolled: bool
    signing_fingerprint: str
    signing_public: str
    key_code: str  # a hub's: the code laptops type to follow a rotation
    age_recipient: str
    age_identity_file: str
    hub: HubKeyInfo | None = None  # a laptop's hub
    key_generations: int | None = None  # a hub: keys in its history

    def to_json(self) -> dict:
        return asdict(self)


def chain_dicts(rows: list[HubKey]) -> list[dict]:
    return [{"signing_public": k.signing_public, "age_recipient": k.age_recipient, "endorsement": k.endorsement}
            for k in rows]


HUB_DEVICE_AT = datetime(2026, 1, 1)


def _signature_holds(public: str, signature_hex: str | None, data: bytes) -> bool:
    try:
        return keylib.verify(public, bytes.fromhex(signature_hex or ""), data)
    except ValueError:
        return False


class Trust:
    def __init__(self, db: Database, device: DeviceInfo):
        self._db = db
        self._device = device
        self.store = keylib.KeyStore(db.path)
        self._keys: keylib.DeviceKeys | None = None

    # ---- this installation's keys ---------------------------------------------------------------
    def keys(self) -> keylib.DeviceKeys:
        if self._keys is None:
            self._keys = self.store.load()
        return self._keys

    def ensure_ready(self) -> None:
        """Keys for a database that has none yet (new, or made before keys existed); a hub's own
        key in its history. An enrolled laptop whose key folder is gone gets no new keys: nobody
        would trust them, and the error names the folder to put back."""
        with self._db.session() as s:
            dev = s.scalars(select(LocalDevice)).one()
            if dev.identity_id is None:
                dev.identity_id = dev.device_id
            enrolled = dev.enrolled_at is not None
            is_hub = dev.role == DeviceRole.HUB.value
            has_history = s.scalar(select(HubKey.seq).limit(1)) is not None
        if not self.store.exists():
            if enrolled or (is_hub and has_history):
                return
            self.store.create()
        if is_hub:
            keys = self.keys()
            with self._db.session() as s:
                if s.scalar(select(HubKey).where(HubKey.signing_public == keys.signing_public)) is None and not has_history:
                    s.add(HubKey(identity_id=self._device.identity, signing_public=keys.signing_public,
                                 age_recipient=keys.age_recipient, endorsement=None))
                if s.get(DeviceBinding, self._device.device_id) is None:
                    s.add(DeviceBinding(device_id=self._device.device_id, identity_id=self._device.identity))

    def info(self) -> KeyInfo:
        """What `yimi keys` prints and the GUI shows."""
        keys = self.keys()
        hub, generations = None, None
        with self._db.session() as s:
            hub_keys = list(s.scalars(select(HubKey).order_by(HubKey.seq)))
            if hub_keys and self._device.role is DeviceRole.LAPTOP:
                peer = s.scalar(select(Peer).where(Peer.identity_id == self._device.hub_identity_id))
                newest = hub_keys[-1].signing_public
                hub = HubKeyInfo(self._device.hub_identity_id or "", peer.name if peer else "", keylib.fingerprint(newest),
                                 keylib.key_code(newest), hub_keys[-1].age_recipient, len(hub_keys))
            if self._device.role is DeviceRole.HUB:
                generations = len(hub_keys)
        return KeyInfo(self._device.device_id, self._device.identity, self._device.name, self._device.role.value,
                       self._device.enrolled or self._device.role is DeviceRole.HUB, keys.fingerprint,
                       keys.signing_public, keylib.key_code(keys.signing_public), keys.age_recipient,
                       str(keys.age_identity_file), hub, generations)

    def hub_chain(self, s: Session) -> list[dict]:
        return chain_dicts(list(s.scalars(select(HubKey).order_by(HubKey.seq))))

    # ---- addressing ------------------------------------------------------------------------------
    def hub_destination(self, s: Session) -> Destination:
        """A laptop's packages go to its hub, encrypted to the hub's newest key."""
        if not self._device.enrolled or not self._device.hub_identity_id:
            raise DomainError(Message(
                "本机尚未在县级中心注册,不能导出数据包(记录都保存在本机,不会丢)。请向县级中心索取注册文件和注册码。",
                "This laptop is not enrolled with the hub, so it cannot export (its records are kept). "
                "Ask the hub for an enrolment file and code."))
        newest = s.scalars(select(HubKey).order_by(HubKey.seq.desc())).first()
        if newest is None:
            raise keylib.KeyError_(Message("本机没有县级中心的密钥,请重新注册本机。",
                                           "This laptop holds no key of its hub; enrol it again."))
        peer = s.scalar(select(Peer).where(Peer.identity_id == self._device.hub_identity_id)
                        .order_by(Peer.last_in_at.desc()))
        return Destination(self._device.hub_identity_id, peer.name if peer else "县级中心", newest.age_recipient)

    def enrolled_by_name(self, s: Session, name: str) -> EnrolledDevice:
        rows = list(s.scalars(select(EnrolledDevice).where(or_(EnrolledDevice.name == name,
                                                               EnrolledDevice.identity_id == name))
                              .order_by(EnrolledDevice.revoked_at.is_not(None), EnrolledDevice.enrolled_at.desc())))
        if not rows:
            raise DomainError(Message(f"没有注册过名为“{name}”的设备。", f"No device named '{name}' is enrolled."))
        return rows[0]

    @staticmethod
    def active_destinations(s: Session) -> list[Destination]:
        """Every enrolled laptop not revoked, by name (发给全部)."""
        return [Destination(d.identity_id, d.name, d.age_recipient)
                for d in s.scalars(select(EnrolledDevice).where(EnrolledDevice.revoked_at.is_(None))
                                   .order_by(EnrolledDevice.name))]

    def laptop_destination(self, s: Session, name: str) -> Destination:
        dev = self.enrolled_by_name(s, name)
        if dev.revoked_at is not None:
            raise DomainError(Message(f"设备“{dev.name}”已被注销,不再给它发数据包。",
                                      f"The device '{dev.name}' is revoked; no packages are made for it."))
        return Destination(dev.identity_id, dev.name, dev.age_recipient)

    @staticmethod
    def replicas(s: Session, identity_id: str) -> list[Peer]:
        """Every replica of that identity heard from (a laptop's file and its copies, each with its own
        device id), oldest heard from first; their acknowledgements are kept per device id."""
        return list(s.scalars(select(Peer).where(or_(Peer.identity_id == identity_id, Peer.device_id == identity_id))
                              .order_by(Peer.last_in_at.nulls_first(), Peer.device_id)))

    # ---- admitting a package ---------------------------------------------------------------------
    def admit(self, reader: PackageReader, hub_key_code: str | None = None) -> Admission:
        """Refuse, with a message that says why, a package whose signer may not send it here
        (sync.admission decides over the stored rows read here). A laptop follows a hub key rotation
        only with the new key's code (`hub_key_code`, typed by a person). A second computer set up
        from a used enrolment file is listed (in a transaction of its own) before it is refused."""
        m, name = reader.manifest, show_name(reader.path)
        here = Here(self._device.role.value, self._device.identity, self._device.enrolled, self._device.hub_identity_id)
        with self._db.session() as s:
            if self._device.role is DeviceRole.HUB:
                row = s.get(EnrolledDevice, m.signer)
                dev = EnrolledKey(row.identity_id, row.name, row.signing_public, row.revoked_at, row.root_device_id) \
                    if row is not None else None
            else:
                trusted = [k.signing_public for k in s.scalars(select(HubKey).order_by(HubKey.seq))]
        if self._device.role is not DeviceRole.HUB:
            return admission.admit_at_laptop(m, reader.signature_valid, here, trusted, hub_key_code, name)
        try:
            return admission.admit_at_hub(m, reader.signature_valid, here, dev, name)
        except EnrolmentReused:
            self._record_reuse(m, name)
            raise

    def _record_reuse(self, m: Manifest, filename: str) -> None:
        """In a transaction of its own (the import is refused and rolls back): list the second computer."""
        with self._db.session() as s:
            row = s.get(EnrolmentReuse, (m.signer, m.root))
            if row is None:
                row = EnrolmentReuse(identity_id=m.signer, root_device_id=m.root, first_at=utcnow(), packages=0)
                s.add(row)
            row.sender_name, row.last_at, row.last_file = m.sender_name, utcnow(), filename
            row.packages = (row.packages or 0) + 1

    def record_admission(self, s: Session, adm: Admission, manifest, filename: str) -> None:
        """Inside the import's transaction: the hub's new keys (laptop) or the device's last package (hub)."""
        for k in adm.new_hub_keys:
            s.add(HubKey(identity_id=adm.signer, signing_public=k["signing_public"], age_recipient=k["age_recipient"],
                         endorsement=k["endorsement"]))
        if self._device.role is DeviceRole.HUB:
            dev = s.get_one(EnrolledDevice, adm.signer)
            # another root came first meanwhile (another window): refused as at admission
            admission.check_root(adm.root, EnrolledKey(dev.identity_id, dev.name, dev.signing_public, dev.revoked_at,
                                                       dev.root_device_id), filename)
            if adm.root and dev.root_device_id is None:  # the first computer heard from under this enrolment
                dev.root_device_id = adm.root
            dev.last_package_id, dev.last_package_at, dev.last_package_file = manifest.package_id, utcnow(), filename

    # ---- bindings (hub) --------------------------------------------------------------------------
    def bindings(self, s: Session) -> dict[str, str]:
        return {d: i for d, i in s.execute(select(DeviceBinding.device_id, DeviceBinding.identity_id))}

    # ---- the registry (hub) ----------------------------------------------------------------------
    def check_name(self, s: Session, name: str) -> None:
        if not name:
            raise DomainError(Message("请填写设备名称。", "Give the device a name."))
        if len(name) > 100:
            raise DomainError(Message("设备名称太长(最多100个字)。", "The device name is too long (100 characters at most)."))
        active = s.scalar(select(EnrolledDevice).where(EnrolledDevice.name == name, EnrolledDevice.revoked_at.is_(None)))
        if active is not None:
            raise DomainError(Message(f"已经有一台名为“{name}”的在用设备,请换一个名称(或先注销它)。",
                                      f"An active device is already named '{name}'; choose another name (or revoke it first)."))

    def register(self, s: Session, identity_id: str, name: str, signing_public: str, age_recipient: str) -> None:
        name = name.strip()
        self.check_name(s, name)
        dev = EnrolledDevice(identity_id=identity_id, name=name, signing_public=signing_public,
                             age_recipient=age_recipient, revoke_reason="")
        s.add(dev)
        self._roster_rows(s, [dev])  # in the same transaction: the laptop's key travels signed from now on

    def revoke(self, name: str, reason: str = "") -> EnrolledRow:
        self._require_hub()
        with self._db.session() as s:
            dev = self.enrolled_by_name(s, name)
            if dev.revoked_at is not None:
                raise DomainError(Message(f"设备“{dev.name}”已经注销过了。", f"The device '{dev.name}' is already revoked."))
            dev.revoked_at, dev.revoke_reason = utcnow(), reason.strip()
            ident = dev.identity_id
            self._roster_rows(s, [dev])  # the revocation, signed, reaches every laptop with the hub's next package
            s.flush()
            compaction.compact(s.connection())  # what its last acknowledgement alone held back (compaction.served_ack)
        return next(r for r in self.devices() if r.identity_id == ident)

    def devices(self) -> list[EnrolledRow]:
        self._require_hub()
        out = []
        with self._db.session() as s:
            for d in s.scalars(select(EnrolledDevice).order_by(EnrolledDevice.revoked_at.is_not(None),
                                                               EnrolledDevice.name)):
                reps = []
                for p in self.replicas(s, d.identity_id):
                    vec = json.loads(p.acked or "{}")
                    n = count_unacked(s, vec)
                    reps.append((ReplicaRow(p.device_id, p.last_in_at, vec.get(self._device.device_id), n,
                                            first_unacked_at(s, vec) if n else None), vec))
                acked = common_ack([v for _, v in reps]) if reps else None
                if acked is None:
                    pending = None
                elif len(reps) == 1:  # the usual case: what that one replica lacks, counted above
                    pending = reps[0][0].unacknowledged
                else:
                    pending = count_unacked(s, acked)
                reused = tuple(ReuseRow(x.root_device_id, x.sender_name, x.first_at, x.last_at, x.last_file, x.packages)
                               for x in s.scalars(select(EnrolmentReuse).where(EnrolmentReuse.identity_id == d.identity_id)
                                                  .order_by(EnrolmentReuse.first_at)))
                since = first_unacked_at(s, acked) if acked is not None and pending else None
                out.append(EnrolledRow(d.identity_id, d.name, keylib.fingerprint(d.signing_public), d.enrolled_at,
                                       d.revoked_at, d.revoke_reason, d.last_package_at, d.last_package_file,
                                       acked.get(self._device.device_id) if acked is not None else None,
                                       pending, tuple(r for r, _ in reps), reused, since))
        return out

    def _require_hub(self) -> None:
        if self._device.role is not DeviceRole.HUB:
            raise DomainError(Message("只有县级中心管理设备注册。", "Only the hub manages enrolled devices."))

    def rotate(self) -> str:
        """New hub keys, vouched for by the old ones; laptops follow on their next package once its
        code (keylib.key_code, shown by `yimi keys` and on the hub's 同步 page) is typed there.
        Returns the new fingerprint."""
        self._require_hub()
        new = keylib.KeyMaterial.generate()
        endorsement = self.keys().sign(keylib.rotation_statement(self._device.identity, new.signing_public,
                                                                 new.age_recipient))
        with self._db.session() as s:  # the key files change last: a failure before leaves both as they were
            s.add(HubKey(identity_id=self._device.identity, signing_public=new.signing_public,
                         age_recipient=new.age_recipient, endorsement=endorsement.hex()))
            s.flush()
            self.store.rotate(new)
        self._keys = None
        self.register_roster()  # the roster signed anew by the new key
        return keylib.fingerprint(new.signing_public)

    # ---- the roster of laptops' keys (hub; sync.roster) ----------------------------------------
    def register_roster(self) -> int:
        """At the hub (on open, after each import, after a key rotation): the signed `roster_device` row of
        every enrolled laptop, written where it is missing or differs from the registry (a row from before
        0022, a revocation, a rotated hub key, a row a laptop sent back altered). Returns rows written."""
        if self._device.role is not DeviceRole.HUB or not self.store.exists():
            return 0
        with self._db.session() as s:
            return self._roster_rows(s, list(s.scalars(select(EnrolledDevice))))

    def roster_row(self, s: Session, identity_id: str, name: str, signing_public: str) -> int:
        """The roster row of a laptop being enrolled (before its county package is made)."""
        return self._roster_rows(s, [EnrolledDevice(identity_id=identity_id, name=name, signing_public=signing_public)])

    def _roster_rows(self, s: Session, devices: list[EnrolledDevice]) -> int:
        if self._device.role is not DeviceRole.HUB or not self.store.exists() or not devices:
            return 0
        keys = self.keys()
        hub = self._device.identity
        held = {r.id: r for r in s.scalars(select(RosterDevice).where(
            RosterDevice.id.in_([seeded_id(roster.ENTITY, d.identity_id) for d in devices])))}
        written = 0
        for d in devices:
            revoked = d.revoked_at.replace(microsecond=0) if d.revoked_at is not None else None
            said = roster.statement(hub, d.identity_id, d.name, d.signing_public, revoked)
            rid = seeded_id(roster.ENTITY, d.identity_id)
            row = held.get(rid)
            if row is not None and (row.identity_id, row.name, row.signing_public, row.revoked_at, row.hub_identity_id,
                                    row.hub_key) == (d.identity_id, d.name, d.signing_public, revoked, hub,
                                                     keys.signing_public) \
                    and _signature_holds(keys.signing_public, row.signature, said):
                continue
            signature = keys.sign(said).hex()
            if row is None:
                s.add(RosterDevice(id=rid, identity_id=d.identity_id, name=d.name, signing_public=d.signing_public,
                                   revoked_at=revoked, hub_identity_id=hub, hub_key=keys.signing_public,
                                   signature=signature, created_at=HUB_DEVICE_AT))
            else:
                row.identity_id, row.name, row.signing_public, row.revoked_at = (d.identity_id, d.name,
                                                                                 d.signing_public, revoked)
                row.hub_identity_id, row.hub_key, row.signature = hub, keys.signing_public, signature
            written += 1
        return written

    def register_hub_devices(self) -> int:
        """At the hub (on open): a signed `hub_device` row (sync.roles) for each device id of this hub that wrote a
        hub-only act (批准/驳回延期) and has none yet (ids taken after a restore, a clock fault or a copy; acts recorded
        before rows existed, 0017), and for the present id when the hub has no row at all (a new hub, an upgraded
        one). Other ids get theirs just before their first such act (register_current_hub_device), so opening a
        copy changes nothing. Issues with such acts are folded again when a row is added."""
        return self._register(current_only=False)

    def register_current_hub_device(self) -> int:
        """At the hub, before it records a hub-only act: the row of the device id it writes under now."""
        return self._register(current_only=True)

    def _register(self, current_only: bool) -> int:
        if self._device.role is not DeviceRole.HUB or not self.store.exists():
            return 0
        keys = self.keys()
        with self._db.session() as s:
            dev = s.scalars(select(LocalDevice)).one()
            identity = dev.identity_id or dev.device_id
            if current_only:
                wanted = {dev.device_id}
            else:  # only ids that wrote such acts: opening a copy adds no record while it has done none
                own = {dev.device_id, *keylib.HighWater(self._db.path).retired(),
                       *s.scalars(select(DeviceBinding.device_id).where(DeviceBinding.identity_id == identity))}
                wanted = own & roles.hub_act_authors(s.connection())
                if s.scalar(select(HubDevice.id).where(HubDevice.identity_id == identity).limit(1)) is None:
                    wanted.add(dev.device_id)  # a new hub (or one upgraded to 0017): from now on every replica checks
            held = {r.device_id: r for r in s.scalars(select(HubDevice).where(HubDevice.device_id.in_(sorted(wanted))))}
            trusted = set(s.scalars(select(HubKey.signing_public).where(HubKey.identity_id == identity)))
            written = 0
            for device in sorted(wanted):
                row = held.get(device)
                if row is not None and row.identity_id == identity and row.signing_public in trusted:
                    continue
                signature = keys.sign(roles.statement(identity, device)).hex()
                if row is None:
                    s.add(HubDevice(id=seeded_id("hub_device", device), device_id=device, identity_id=identity,
                                    signing_public=keys.signing_public, signature=signature,
                                    created_at=HUB_DEVICE_AT))  # fixed: registering again makes the same record
                else:
                    row.identity_id, row.signing_public, row.signature = identity, keys.signing_public, signature
                written += 1
            if written:
                s.flush()
                roles.rederive(s.connection(), roles.issues_with_hub_acts(s.connection()))
        return written

    # ---- joining a hub (laptop) -----------------------------------------------------------------
    def adopt_enrolment(self, identity_id: str, name: str, hub_identity: str, chain: list[dict],
                        material: keylib.KeyMaterial) -> None:
        """Take the identity, name, hub keys and private keys an enrolment file brought."""
        with self._db.session() as s:
            dev = s.scalars(select(LocalDevice)).one()
            if dev.role != DeviceRole.LAPTOP.value:
                raise DomainError(Message("县级中心不能用注册文件注册。", "A hub cannot be enrolled with an enrolment file."))
            if dev.enrolled_at is not None and dev.identity_id != identity_id:  # the same file again: a retry
                raise DomainError(Message(f"本机已经注册过了(“{dev.name}”)。", f"This laptop is already enrolled ('{dev.name}')."))
            if dev.enrolment_root is None or dev.identity_id != identity_id:
                dev.enrolment_root = dev.device_id  # this computer's root: its copies keep it, another computer has its own
            dev.identity_id, dev.name, dev.enrolled_at, dev.hub_identity_id = identity_id, name, utcnow(), hub_identity
            s.execute(delete(HubKey))
            for k in chain:
                s.add(HubKey(identity_id=hub_identity, signing_public=k["signing_public"],
                             age_recipient=k["age_recipient"], endorsement=k.get("endorsement")))
            self.store.install(material)  # last: if the transaction fails before, the old keys stay
        self._keys = None
