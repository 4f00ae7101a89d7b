"""Sync by USB stick: export what the other side has not acknowledged, import packages (checked
completely first, then applied in one transaction), the digest, status and conflicts."""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, update

from ..domain.clock import local_text
from ..domain.display import show_name, show_path
from ..domain.errors import DomainError, Message
from ..domain.vocabulary import DeviceRole
from ..storage.database import Database, known_revisions
from ..storage.models import PackageLog, Peer, SyncConflict, Tombstone, utcnow
from ..storage.revision import HEAD
from ..sync import compaction, hlc, importer, roles
from ..sync.acks import first_unacked_at
from ..sync.digest import digest, full_digest
from ..sync.keys import HighWater
from ..sync.log import VIEW, VIEW_COLUMNS, is_compacted
from ..sync.merge import ApplyStats, common_ack, count_unacked, unacked_sql, vector
from ..sync.package import CHANGE_KEYS, SUFFIX, Manifest, NotForUs, PackageError, PackageReader, write_package
from ..sync.registry import from_json, replicated_tables
from ..sync.renewal import CLOCK, Renewal, clock_ahead, renew
from .attachments import AttachmentStore
from .device import DeviceInfo
from ..sync.admission import RotationUnconfirmed
from .trust import Destination, Trust

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportResult:
    path: Path
    ok: bool
    duplicate: bool = False
    message: str = ""
    message_en: str = ""
    stats: ApplyStats | None = None
    sender: str = ""
    needs_hub_key: bool = False  # refused until the hub's new key is confirmed with its code
    not_for_us: bool = False  # for another device (a shared stick), or written here for the other side


@dataclass(frozen=True)
class ExportAllResult:
    """发给全部: one package per enrolled laptop in use, written in one go."""
    files: tuple[Path, ...]
    cancelled: bool = False
    remaining: tuple[str, ...] = ()  # laptops not written to because of the cancel


@dataclass
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)

    @property
    def refused(self) -> list[ImportResult]:
        return [r for r in self.results if not r.ok and not r.not_for_us]

    @property
    def for_others(self) -> list[ImportResult]:
        """Packages on the stick for other devices (or written here for them): left alone."""
        return [r for r in self.results if r.not_for_us]

    @property
    def imported_files(self) -> list[Path]:
        """Files whose package this database now holds (imported now or before): no longer needed
        on the stick."""
        return [r.path for r in self.results if r.ok and not r.not_for_us]

    def totals(self) -> dict[str, int]:
        t = {"packages": 0, "duplicates_skipped": 0, "refused": 0, "not_for_us": 0, "changes": 0, "records_new": 0,
             "records_updated": 0, "events": 0, "tombstones": 0, "conflicts": 0}
        for r in self.results:
            if r.not_for_us:
                t["not_for_us"] += 1
            elif not r.ok:
                t["refused"] += 1
            elif r.duplicate:
                t["duplicates_skipped"] += 1
            elif r.stats is not None:
                t["packages"] += 1
                s = r.stats
                t["changes"] += s.changes
                t["records_new"] += s.records_new
                t["records_updated"] += s.records_updated
                t["events"] += s.events
                t["tombstones"] += s.tombstones
        return t


@dataclass(frozen=True)
class PackageRecord:
    """A package written or read (the package log)."""
    package_id: str
    file: str
    peer: str
    changes: int
    at: str  # ISO time, as stored (UTC)


@dataclass(frozen=True)
class PeerStatus:
    """Another installation this one exchanges packages with: what it acknowledged holding."""
    device: str
    identity: str | None
    name: str
    role: str
    replicas: int  # device ids syncing under its identity (a copied laptop file is one more)
    acknowledged: dict[str, int]
    unacknowledged: int  # changes held here that it has not acknowledged
    last_in: str | None
    last_out: str | None
    missing_since: str | None = None  # ISO time (UTC) of the first change held here that it lacks


@dataclass(frozen=True)
class SyncStatus:
    """What `yimi sync-status` prints and the 同步 page shows."""
    device: str
    identity: str
    name: str
    role: str
    enrolled: bool
    vector: dict[str, int]
    unacknowledged: int | None  # a laptop: changes its hub has not acknowledged
    peers: tuple[PeerStatus, ...]
    last_in: tuple[PackageRecord, ...]
    last_out: tuple[PackageRecord, ...]
    conflicts: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ConflictCandidate:
    """One side of a conflict: the value a device wrote, who, and when (its hlc's wall time).

    `compacted`: the value is gone here (值已压缩). Compaction dropped it while it was merely superseded,
    before a concurrent change of the same base arrived and made it a candidate; the row (who, when)
    stays. Such a candidate is shown but cannot be chosen (its `value` is None, which is not what it was)."""

    value: object
    device_id: str
    device_name: str
    at: datetime
    compacted: bool = False


@dataclass(frozen=True)
class ConflictRow:
    id: str
    entity: str
    record_id: str
    field: str
    open: bool
    candidates: tuple[ConflictCandidate, ...]
    current: object
    record_label: str = ""  # the record's name or title, for people
    # an act that did not take effect (a hub-only act written on a laptop, sync.roles): why, for people;
    # kept in the issue's history, nothing to choose between
    refusal: Message | None = None


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "-", text).strip("-")[:40] or "device"


def unique_path(folder: Path, names: Iterable[str]) -> Path:
    """The first of `names` that does not exist yet in `folder`."""
    return next(folder / n for n in names if not (folder / n).exists())


class SyncService:
    def __init__(self, db: Database, device: DeviceInfo, files: AttachmentStore, trust: Trust):
        self._db = db
        self._device = device
        self.now = db.wall_ms  # this device's wall clock (milliseconds): the database's (Database.clock)
        self.notices: list[Message] = []  # renewals taken while running (a clock found ahead, a restore)
        self._files = files
        self._trust = trust
        self._scratch = db.scratch_dir

    # ---- reading -------------------------------------------------------------------------------
    def digest(self) -> str:
        with self._db.engine.connect() as conn:
            return digest(conn, lambda sha: self._files.path_of(sha).exists())

    def full_digest(self) -> str:
        """The digest recomputed from every record (slow, O(rows)): equal to `digest` unless the
        maintained accumulators went stale (`yimi digest --verify`)."""
        with self._db.engine.connect() as conn:
            return full_digest(conn, lambda sha: self._files.path_of(sha).exists())

    def vector(self) -> dict[str, int]:
        with self._db.engine.connect() as conn:
            return vector(conn)

    def status(self) -> SyncStatus:
        with self._db.session() as s:
            vec = dict(vector(s.connection()))
            peers = list(s.scalars(select(Peer).order_by(Peer.name, Peer.device_id)))
            replica_counts: dict[str, int] = {}
            for p in peers:
                replica_counts[p.identity_id or p.device_id] = replica_counts.get(p.identity_id or p.device_id, 0) + 1
            out_rows = list(s.scalars(select(PackageLog).where(PackageLog.direction == "out").order_by(PackageLog.at.desc()).limit(10)))
            in_rows = list(s.scalars(select(PackageLog).where(PackageLog.direction == "in").order_by(PackageLog.at.desc()).limit(10)))
            pending = None
            if self._device.role is DeviceRole.LAPTOP:
                hubs = self._trust.replicas(s, self._device.hub_identity_id) if self._device.hub_identity_id else []
                pending = count_unacked(s, common_ack([json.loads(p.acked or "{}") for p in hubs]))
            conflicts = (s.scalar(select(func.count()).select_from(SyncConflict)) or 0) + len(roles.refused_acts(s.connection()))

            def pkg(p: PackageLog) -> PackageRecord:
                return PackageRecord(p.package_id, p.filename, p.peer_name, p.changes, p.at.isoformat(timespec="seconds"))

            def iso(at: datetime | None) -> str | None:
                return at.isoformat(timespec="seconds") if at else None

            def peer(p: Peer) -> PeerStatus:
                acked = json.loads(p.acked or "{}")
                n = count_unacked(s, acked)
                return PeerStatus(p.device_id, p.identity_id, p.name, p.role,
                                  replica_counts.get(p.identity_id or p.device_id, 1), acked, n, iso(p.last_in_at),
                                  iso(p.last_out_at), iso(first_unacked_at(s, acked)) if n else None)

            return SyncStatus(
                self._device.device_id, self._device.identity, self._device.name, self._device.role.value,
                self._device.enrolled, vec, pending,
                tuple(peer(p) for p in peers),
                tuple(pkg(p) for p in in_rows), tuple(pkg(p) for p in out_rows), int(conflicts))

    def compact(self) -> int:
        """Drop the values of superseded changes every served peer holds (sync/compaction.py): the full
        pass. Each import does it for the fields its package concerns (compaction.compact_after)."""
        with self._db.session() as s:
            return compaction.compact(s.connection())

    # ---- export ----------------------------------------------------------------------------------
    def export(self, out_dir: Path, to: str | None = None, full: bool = False,
               progress: Progress | None = None) -> Path:
        out_dir = Path(out_dir)
        if not out_dir.is_dir():
            raise DomainError(Message(f"文件夹不存在:{show_path(out_dir)}", f"Folder does not exist: {show_path(out_dir)}"))
        with self._db.session() as s:
            if self._device.role is DeviceRole.HUB:
                if not to:
                    raise DomainError(Message("县级中心导出时须用 --to 指定接收的笔记本。",
                                              "At the hub, name the laptop the package is for (--to NAME)."))
                dest = self._trust.laptop_destination(s, to)
            else:
                if to:
                    raise DomainError(Message("笔记本的数据包只发往县级中心,不能指定 --to。",
                                              "A laptop's packages always go to the hub; --to is for the hub."))
                dest = self._trust.hub_destination(s)
        return self.export_to(out_dir, dest, full=full, progress=progress)

    def export_all(self, out_dir: Path, full: bool = False, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ExportAllResult:
        """At the hub, 发给全部: one package for every enrolled laptop in use, each named by its
        recipient. `cancelled` is asked before each package (a package is written whole or not at
        all): the ones written stay, the rest are named in the result."""
        out_dir = Path(out_dir)
        if not out_dir.is_dir():
            raise DomainError(Message(f"文件夹不存在:{show_path(out_dir)}", f"Folder does not exist: {show_path(out_dir)}"))
        if self._device.role is not DeviceRole.HUB:
            raise DomainError(Message("只有县级中心可以发给全部笔记本。", "Only the hub sends to every laptop."))
        with self._db.session() as s:
            dests = self._trust.active_destinations(s)
        if not dests:
            raise DomainError(Message("还没有在用的已注册笔记本。", "No enrolled laptop is in use yet."))
        files: list[Path] = []
        for i, dest in enumerate(dests):
            if cancelled is not None and cancelled():
                return ExportAllResult(tuple(files), True, tuple(d.name for d in dests[i:]))
            if progress:
                progress(dest.name, i, len(dests))
            files.append(self.export_to(out_dir, dest, full=full))
        if progress:
            progress("", len(dests), len(dests))
        return ExportAllResult(tuple(files))

    def remove_imported(self, paths: Iterable[Path]) -> int:
        """Delete packages from the stick that this database holds (a summary's `imported_files`), after
        the user agreed; each is checked again against the package log by name. Returns how many."""
        removed = 0
        for path in map(Path, paths):
            with self._db.session() as s:
                known = s.scalar(select(PackageLog.package_id).where(PackageLog.direction == "in",
                                                                     PackageLog.filename == show_name(path)))
            if known is None:
                continue
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise DomainError(Message(f"无法删除 {show_path(path)}:{exc.strerror}",
                                          f"Cannot delete {show_path(path)}: {exc.strerror}")) from exc
        return removed

    def export_to(self, out_dir: Path, dest: Destination, full: bool = False, progress: Progress | None = None,
                  filename: str | None = None) -> Path:
        """One signed package for `dest` with everything it has not acknowledged (or everything)."""
        self.recover_clock()
        keys = self._trust.keys()
        with self._db.session() as s:
            # every replica of the destination (a laptop's file and its copies, each its own device id)
            # gets everything it lacks: send what all of them hold less of
            replicas = self._trust.replicas(s, dest.identity_id)
            acked = {} if full or not replicas else common_ack([json.loads(p.acked or "{}") for p in replicas])
            vec = vector(s.connection())
            total = count_unacked(s, acked)
            chain = self._trust.hub_chain(s) if self._device.role is DeviceRole.HUB else []
        if filename is None:  # named by sender and recipient: 县中心_发给_金融-笔记本1_20261202-0930.yimi
            stamp = datetime.now().strftime("%Y%m%d-%H%M")
            stem = f"{_safe_name(self._device.name)}_发给_{_safe_name(dest.name)}_{stamp}"
            path = unique_path(out_dir, itertools.chain([f"{stem}{SUFFIX}"],
                                                        (f"{stem}_{k}{SUFFIX}" for k in itertools.count(2))))
        else:
            path = out_dir / filename
        # schema=HEAD: the newest migration, known without importing alembic and walking its scripts (a third of a
        # second of every export; test_storage checks the constant against alembic's own head)
        manifest = Manifest(package_id=uuid.uuid4().hex, sender=self._device.device_id, sender_name=self._device.name,
                            sender_role=self._device.role.value, signer=self._device.identity, signing_key="",
                            recipient=dest.identity_id, schema=HEAD,
                            created_at=datetime.now().isoformat(timespec="seconds"), vector=vec, ranges={},
                            change_count=0, hub_keys=chain, retired=HighWater(self._db.path).retired(),
                            root=self._device.enrolment_root or "")
        shas: set[str] = set()

        def changes() -> Iterator[dict]:
            done = 0
            ranges = manifest.ranges
            with self._db.engine.connect() as conn:
                where, params = unacked_sql(acked)
                dbapi = conn.connection.driver_connection
                assert dbapi is not None
                cur = dbapi.cursor()  # plain tuples: a package's rows need no SQLAlchemy row objects
                try:
                    cur.execute(f"SELECT {VIEW_COLUMNS} FROM {VIEW} WHERE {where} ORDER BY hlc, device_id, seq",
                                tuple(params))
                    while rows := cur.fetchmany(2000):
                        for row in rows:
                            device, seq, _, entity, _, fname, value, _ = row
                            r = ranges.get(device)
                            if r is None:
                                ranges[device] = [seq, seq]
                            elif seq < r[0]:
                                r[0] = seq
                            elif seq > r[1]:
                                r[1] = seq
                            if entity == "attachment" and fname in ("sha256", "preview_sha256") and value:
                                shas.add(json.loads(value))
                            yield dict(zip(CHANGE_KEYS, row))
                        done += len(rows)
                        if progress and done // 5000 != (done - len(rows)) // 5000:
                            progress("export", done, total)
                finally:
                    cur.close()

        def attachments() -> Iterator[tuple[str, Path]]:
            for sha in sorted(shas):
                p = self._files.path_of(sha)
                if p.exists():
                    yield sha, p

        count = write_package(path, manifest, changes(), attachments(), keys, dest.age_recipient, self._scratch)
        with self._db.session() as s:
            s.add(PackageLog(package_id=manifest.package_id, direction="out", peer_device_id=dest.identity_id,
                             peer_name=dest.name, filename=path.name, changes=count, at=utcnow()))
            if replicas:
                s.execute(update(Peer).where(Peer.device_id.in_([p.device_id for p in replicas]))
                          .values(last_out_at=utcnow()))
        if progress:
            progress("export", count, count)
        return path

    # ---- import -----------------------------------------------------------------------------------
    @staticmethod
    def expand(paths: list[Path]) -> list[Path]:
        """The files to import: each path given, and every `*.yimi` under each folder given.

        In a folder, anything named `*.yimi` that is not a folder is listed, a FIFO, socket or device
        included, so that import refuses it with one line (without opening it) instead of passing
        over it in silence. Names need not be UTF-8."""
        out: list[Path] = []
        for p in map(Path, paths):
            if p.is_dir():
                out.extend(sorted((x for x in p.rglob(f"*{SUFFIX}") if not x.name.startswith(".") and not x.is_dir()),
                                  key=lambda x: os.fsencode(x)))
            else:
                out.append(p)
        return out

    def import_paths(self, paths: list[Path], progress: Progress | None = None,
                     hub_key_code: str | None = None) -> ImportSummary:
        summary = ImportSummary()
        files = self.expand(paths)
        for i, path in enumerate(files):
            if progress:
                progress("import", i, len(files))
            summary.results.append(self.import_file(path, hub_key_code))
        if progress:
            progress("import", len(files), len(files))
        return summary

    def _exported_here(self, path: Path) -> bool:
        with self._db.session() as s:
            return s.scalar(select(PackageLog.package_id).where(PackageLog.direction == "out",
                                                                PackageLog.filename == show_name(path))) is not None

    def import_file(self, path: Path, hub_key_code: str | None = None) -> ImportResult:
        """Import one package. `hub_key_code`: the hub's new key's confirmation code, typed by a person,
        for a package signed after a hub key rotation this laptop has not followed yet."""
        path = Path(path)
        if self._exported_here(path):  # the stick also holds what this device wrote for the other side
            return ImportResult(path, True, duplicate=True, not_for_us=True,
                                message="本机导出给别的设备的数据包,已跳过。",
                                message_en="Exported by this device for another; skipped.")
        try:
            reader = PackageReader(path, self._trust.keys().identities, self._scratch)
        except DomainError as exc:
            return ImportResult(path, False, message=exc.text("zh"), message_en=exc.text("en"),
                                not_for_us=isinstance(exc, NotForUs))
        try:
            m = reader.manifest
            admission = self._trust.admit(reader, hub_key_code)
            if m.schema not in known_revisions():
                raise PackageError(Message("数据包来自更新版本的软件,请先升级本机软件。",
                                           "The package comes from a newer version of the application; upgrade first."))
            with self._db.session() as s:
                seen = s.get(PackageLog, m.package_id)
                if seen is not None:
                    return ImportResult(path, True, duplicate=True, sender=m.sender_name,
                                        message=f"这个数据包已于 {local_text(seen.at)} 导入过,不再重复导入。",
                                        message_en=f"This package was already imported on {local_text(seen.at)}; not imported again.")
            reader.check_members()
            with self._db.session() as s:
                if s.get(PackageLog, m.package_id) is not None:  # imported meanwhile (another window)
                    return ImportResult(path, True, duplicate=True, sender=m.sender_name,
                                        message="这个数据包已经导入过,不再重复导入。",
                                        message_en="This package was already imported; not imported again.")
                s.info["sync_applying"] = True
                conn = s.connection()
                renewal = importer.check_rollback(conn, m, self._device.device_id, self.now())
                bindings = self._trust.bindings(s) if self._device.role is DeviceRole.HUB else None
                before = compaction.mark(conn)
                stats, bound = importer.apply_package(conn, reader.lines(), reader.decode_line, reader.damaged, m,
                                                      self._device.device_id, admission.signer, bindings, self.now())
                importer.advance_clock(conn, renewal.new_device if renewal else self._device.device_id, self.now())
                self._trust.record_admission(s, admission, m, show_name(path))
                importer.record_receipt(s, m, admission.signer, show_name(path), stats.changes, bound)
                s.flush()
                # in the same transaction, after the receipt (it stores the package's acknowledgement, which
                # is what lets the values go): what this package superseded or got acknowledged loses its value
                compaction.compact_after(conn, before)
                pack = compaction.log_doubled(conn, before)
                # attachment files last, once every change has been accepted, just before the commit
                # (content-addressed: one left by a commit that then failed is harmless)
                self._copy_attachments(reader)
            if pack:
                self._pack()
            self._reassert_roster()
            if renewal is not None:
                self._renewed(renewal)
                return ImportResult(path, True, stats=stats, sender=m.sender_name,
                                    message=renewal.message.zh, message_en=renewal.message.en)
            return ImportResult(path, True, stats=stats, sender=m.sender_name)
        except DomainError as exc:
            return ImportResult(path, False, message=exc.text("zh"), message_en=exc.text("en"),
                                needs_hub_key=isinstance(exc, RotationUnconfirmed), not_for_us=isinstance(exc, NotForUs))
        except Exception as exc:  # values no check foresaw: refused (rolled back), and the next file goes on
            return ImportResult(path, False, message=f"数据包内容无法导入({type(exc).__name__}),已拒绝,本机数据未改变:{show_name(path)}",
                                message_en=f"The package's content cannot be imported ({type(exc).__name__}); refused, nothing changed: {show_name(path)}")
        finally:
            reader.close()

    def _pack(self) -> None:
        """After an import that at least doubled the log (compaction.log_doubled), committed: the file packed.
        Only space: a VACUUM that cannot run (a full disk: it needs about the file's size; a reader holding
        the file) leaves the database as it was and the import stands."""
        try:
            self._db.vacuum()
        except Exception:  # (sqlite3.OperationalError and the like: logged, not the import's failure)
            log.warning("packing the database after an import failed", exc_info=True)

    def _reassert_roster(self) -> None:
        """At the hub, after an import: a roster row a laptop sent back altered (an older signed version, say
        before a revocation) is written anew from the registry, before any package can carry it on
        (sync.roster). The import itself is committed: a failure here is logged, and the next open retries."""
        if self._device.role is not DeviceRole.HUB:
            return
        try:
            self._trust.register_roster()
        except Exception:
            log.exception("the roster could not be re-signed after an import")

    def _copy_attachments(self, reader: PackageReader) -> None:
        for sha in reader.attachment_names():
            dest = self._files.path_of(sha)
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                tmp = dest.with_name(f".tmp-{sha}")
                try:
                    reader.copy_attachment(sha, tmp)
                    os.replace(tmp, dest)
                finally:
                    tmp.unlink(missing_ok=True)

    def recover_clock(self) -> Renewal | None:
        """Before an export: a hybrid clock far ahead of the wall clock (the date was wrong, then fixed)
        would stamp a package no peer accepts. Re-issue what no peer holds under a new device id."""
        with self._db.session() as s:
            wall = self.now()
            if not clock_ahead(s.connection(), self._device.device_id, wall):
                return None
            result = renew(s.connection(), CLOCK, wall)
        self._renewed(result)
        return result

    def _renewed(self, result: Renewal) -> None:
        marks = HighWater(self._db.path)
        marks.raise_to(result.new_device, result.reissued + 1)
        marks.retire(result.old_device)
        self._device = replace(self._device, device_id=result.new_device)
        self.notices.append(result.message)
        self._trust.register_hub_devices()  # a renewed hub: rows for the ids that wrote its approvals

    # ---- conflicts -------------------------------------------------------------------------------
    def conflicts(self, include_settled: bool = False) -> list[ConflictRow]:
        tables = replicated_tables()
        out: list[ConflictRow] = []
        with self._db.session() as s:
            names = {p.device_id: p.name for p in s.scalars(select(Peer))}
            names[self._device.device_id] = self._device.name
            for c in s.scalars(select(SyncConflict).order_by(SyncConflict.detected_at, SyncConflict.id)):
                if s.get(Tombstone, (c.entity, c.record_id)) is not None or c.entity not in tables:
                    continue
                table = tables[c.entity]
                key = (c.entity, c.record_id, c.field)
                rows = s.connection().exec_driver_sql(
                    f"SELECT hlc, device_id, value, base FROM {VIEW} WHERE entity = ? AND record_id = ? AND field = ? "
                    "ORDER BY hlc DESC, device_id DESC", key).all()
                sibs = [x for x in rows if x.base == c.base]
                cur = rows[0] if rows else None  # the field's winner
                is_open = cur is not None and any((x.hlc, x.device_id) == (cur.hlc, cur.device_id) for x in sibs)
                if not is_open and not include_settled:
                    continue
                current = s.execute(select(table.c[c.field]).where(table.c.id == c.record_id)).scalar()
                label_col = next((table.c[n] for n in ("name", "title") if n in table.c), None)
                label = (s.execute(select(label_col).where(table.c.id == c.record_id)).scalar() or "") if label_col is not None else ""
                cands = tuple(ConflictCandidate(from_json(table, c.field, x.value), x.device_id,
                                                names.get(x.device_id, x.device_id[:8]),
                                                datetime.fromtimestamp(hlc.decode(x.hlc)[0] / 1000),
                                                is_compacted(c.field, x.value)) for x in sibs)
                out.append(ConflictRow(c.id, c.entity, c.record_id, c.field, is_open, cands, current, label))
            out.extend(self._refused_acts(s, names))
        return out

    @staticmethod
    def _refused_acts(s, names: dict[str, str]) -> list[ConflictRow]:
        """Hub-only acts (批准/驳回延期) written on a laptop: kept, without effect, shown to a person."""
        from ..domain.lifecycle import EventKind
        from ..storage.models import Issue
        out = []
        for event_id, issue_id, kind, device, stamp in roles.refused_acts(s.connection()):
            k = EventKind(kind)
            title = s.scalar(select(Issue.title).where(Issue.id == issue_id)) or ""
            why = Message(f"“{k.zh}”只能由县级中心进行;这项操作是在笔记本“{names.get(device, device[:8])}”上记下的,"
                          "未生效(保留在办理记录中)。",
                          f"Only the county hub may do '{k.en.lower()}'; this act was recorded on the laptop "
                          f"'{names.get(device, device[:8])}' and has no effect (kept in the history).")
            out.append(ConflictRow(f"act:{event_id}", "issue_event", issue_id, "kind", True,
                                   (ConflictCandidate(k.zh, device, names.get(device, device[:8]),
                                                      datetime.fromtimestamp(hlc.decode(stamp)[0] / 1000)),),
                                   "未生效", title, why))
        return out

    def settle(self, conflict_id: str, value: object) -> None:
        """Write the chosen (or a new) value as a new change that supersedes every candidate."""
        from ..domain.forms import validate_field
        from ..sync.capture import record

        tables = replicated_tables()
        with self._db.session() as s:
            c = s.get(SyncConflict, conflict_id)
            if c is None or c.entity not in tables:
                raise DomainError(Message("冲突记录不存在。", "No such conflict."))
            table = tables[c.entity]
            row = s.execute(select(table).where(table.c.id == c.record_id)).mappings().first()
            if row is not None:  # the same rules as the entity's form (a phone "abc" is refused)
                value = validate_field(c.entity, c.field, value, dict(row))
            res = s.connection().execute(update(table).where(table.c.id == c.record_id).values(
                {c.field: value, "updated_at": utcnow(), "updated_by": self._device.device_id}))
            if not res.rowcount:
                raise DomainError(Message("该记录已被删除。", "The record has been deleted."))
            # recorded even when the value equals the current one, so the conflict is settled everywhere
            record(s, [(c.entity, c.record_id, c.field, value, True)])
