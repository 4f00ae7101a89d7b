"""The services of one open database, wired together, and the factory that opens, creates and
enrols databases. The composition root (app.py) makes one `ServicesFactory` and hands it down to
whatever must open a database (the GUI's first run and enrolment, the CLI)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DomainError, Message
from ..domain.vocabulary import DeviceRole
from ..storage.database import Database, create_database, open_database
from ..storage.models import SyncClock
from ..sync import capture
from ..sync.keys import HighWater
from ..sync.capture import adopt_existing
from ..sync.renewal import clock_behind
from .calendar import CalendarService
from .coverage import CoverageService, VisitPlanService
from .catalog import CategoryService, OfficerService, PolicyService, TeamService
from .demo import DemoService
from .device import DeviceInfo, DeviceService
from .enrolment import Enrolment, EnrolmentService
from .enterprises import EnterpriseService
from .attachments import AttachmentStore
from .issues import IssueService
from .seed import seed_structure
from .simulate import SimulationService
from .stats import StatsService
from .reporting import ReportService
from .sync import SyncService
from .trust import Trust
from .visits import VisitService
from .exports import ExportService
from .imports import ImportService
from .returns import ReturnsService


@dataclass
class Services:
    db: Database
    device: DeviceInfo
    enterprises: EnterpriseService
    policies: PolicyService
    teams: TeamService
    officers: OfficerService
    categories: CategoryService
    stats: StatsService
    demo: DemoService
    issues: IssueService
    visits: VisitService
    simulation: SimulationService
    devices: DeviceService
    sync: SyncService
    reports: ReportService
    trust: Trust
    enrolment: EnrolmentService
    calendar: CalendarService
    coverage: CoverageService
    plans: VisitPlanService
    # what happened at start (a restored file, a clock found far ahead), for the GUI and CLI to show
    notices: tuple[Message, ...] = ()
    imports: ImportService | None = None  # spreadsheets in (set by _wire)
    exports: ExportService | None = None  # spreadsheets out (set by _wire)
    returns: ReturnsService | None = None  # 回填表 out and back (set by _wire)

    def close(self) -> None:
        self.db.close()


def _wire(db: Database, device: DeviceInfo) -> Services:
    d = device.device_id
    issues = IssueService(db, d)
    visits = VisitService(db, d, issues)
    enterprises = EnterpriseService(db, d)
    trust = Trust(db, device)
    sync = SyncService(db, device, visits.files, trust)
    issues.before_hub_act = trust.register_current_hub_device
    made = Services(db, device, enterprises, PolicyService(db, d), TeamService(db, d),
                    OfficerService(db, d), CategoryService(db), StatsService(db), DemoService(db, d),
                    issues, visits, SimulationService(db, visits, issues), DeviceService(db),
                    sync, ReportService(db, enterprises, visits, issues, trust), trust,
                    EnrolmentService(db, device, trust, sync), CalendarService(db, d, device.role),
                    CoverageService(db, d, device.role), VisitPlanService(db, d, device.role))
    made.imports = ImportService(db, d)
    made.exports = ExportService(db, device, issues, visits, made.reports, trust)
    made.returns = ReturnsService(db, trust, issues, d)
    return made


def _seed_hub_records(svc: Services) -> None:
    """At the hub: this year's and next year's calendar, the seeded rules and the default coverage rule
    (fixed ids and creation time, so seeding again makes the same records; a laptop does nothing)."""
    svc.calendar.ensure_seeded()
    svc.coverage.ensure_seeded()
    svc.trust.register_hub_devices()  # the hub's device ids, signed, for the fold's role check (sync.roles)
    svc.trust.register_roster()  # the enrolled laptops' keys, signed, so laptops check each other's paper (sync.roster)


def _remove_stale_scratch(db: Database) -> None:
    """Plaintext left by an import or export that was killed (older than a day: another process
    using the same database may be working in there right now)."""
    folder = db.scratch_dir
    if not folder.is_dir():
        return
    cutoff = time.time() - 86400
    for p in folder.iterdir():
        try:
            if p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            pass


Clock = Callable[[], float]


def open_services(path: Path, clock: Clock | None = None) -> Services:
    """Open (and migrate) an existing, initialised database, ready to record changes. `clock` is this
    device's wall clock (time.time unless given: tests give each device its own)."""
    db, device, notices = _open_identity(path, clock)
    svc = _wire(db, device)
    try:
        _seed_hub_records(svc)
    except Exception:
        svc.close()
        raise
    svc.notices = notices
    return svc


def _open_identity(path: Path, clock: Clock | None) -> tuple[Database, DeviceInfo, tuple[Message, ...]]:
    """The database opened with this device's identity, keys and change capture, not yet wired."""
    db = open_database(path)
    if clock is not None:
        db.clock = clock
    try:
        devices = DeviceService(db)
        devices.require()
        # a copied or restored file, or one whose clock ran far ahead, becomes a new device before it records anything
        renewal = devices.ensure_own_identity()
        Trust(db, devices.require()).ensure_ready()  # keys for a database made before they existed
        device = devices.require()
        _remove_stale_scratch(db)
        with db.session() as s:
            if s.get(SyncClock, device.device_id) is None:  # a database from before sync existed
                adopt_existing(s, device.device_id)
            slow = clock_behind(s.connection(), device.device_id, db.wall_ms())
        capture.install(db.session_factory, HighWater(db.path))
    except Exception:
        db.close()
        raise
    return db, device, tuple(n for n in (renewal.message if renewal else None, slow) if n is not None)


def init_services(path: Path, name: str, role: DeviceRole, seed: bool = True, clock: Clock | None = None) -> Services:
    """Create a new database, this installation's identity and keys, and the county's standing
    structure (not for a laptop being enrolled: the county's data brings it)."""
    svc = _wire(*_create_identity(Path(path), name, role, seed, clock))
    try:
        _seed_hub_records(svc)
    except Exception:
        svc.close()
        _remove_database_files(Path(path))
        raise
    return svc


def _create_identity(path: Path, name: str, role: DeviceRole, seed: bool, clock: Clock | None
                     ) -> tuple[Database, DeviceInfo]:
    """A new database with this installation's identity and keys (and the standing structure), not yet wired."""
    db = create_database(path)
    if clock is not None:
        db.clock = clock
    try:
        device = DeviceService(db).setup(name, role)
        Trust(db, device).ensure_ready()
        device = DeviceService(db).require()
        capture.install(db.session_factory, HighWater(db.path))
        if seed:
            with db.session() as s:
                seed_structure(s, device.device_id)
    except Exception:
        db.close()
        _remove_database_files(path)
        raise
    return db, device


def _remove_database_files(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    shutil.rmtree(Path(f"{path}.keys"), ignore_errors=True)
    shutil.rmtree(Path(f"{path}.files"), ignore_errors=True)


def enrol_services(path: Path, enrolment: Enrolment, clock: Clock | None = None) -> Services:
    """Set up a laptop from an enrolment file: a new database, or an existing laptop database that
    is not enrolled yet (its records and unsent changes are kept). Checks the county data against
    the hub's key first; imports it last. A new database is removed again if anything fails."""
    path = Path(path)
    fresh = not path.exists()
    db, device = _create_identity(path, enrolment.name, DeviceRole.LAPTOP, False, clock) if fresh \
        else _open_identity(path, clock)[:2]
    try:
        county = _enrolment_only(db, device).prepare(enrolment)
    except BaseException:
        db.close()
        if fresh:
            _remove_database_files(path)
        raise
    db.close()
    try:
        svc = open_services(path, clock)  # wired once, with the identity and keys just taken
    except BaseException:
        county.unlink(missing_ok=True)
        if fresh:
            _remove_database_files(path)
        raise
    try:
        result = svc.sync.import_file(county)
        if not result.ok:
            raise DomainError(Message(f"导入注册文件中的县级数据失败:{result.message}",
                                      f"Importing the county data of the enrolment failed: {result.message_en}"))
    except BaseException:
        svc.close()
        if fresh:
            _remove_database_files(path)
        raise
    finally:
        county.unlink(missing_ok=True)
    return svc


def _enrolment_only(db: Database, device: DeviceInfo) -> EnrolmentService:
    """What taking an enrolment needs before the database is reopened with its new identity."""
    trust = Trust(db, device)
    return EnrolmentService(db, device, trust, SyncService(db, device, AttachmentStore(db.files_dir), trust))


@dataclass(frozen=True)
class ServicesFactory:
    """Opens, creates and enrols databases, each wired once into `Services`. `clock` is this
    device's wall clock (time.time unless given: tests give each device its own)."""

    clock: Clock | None = None

    def open(self, path: Path) -> Services:
        return open_services(Path(path), self.clock)

    def create(self, path: Path, name: str, role: DeviceRole, seed: bool = True) -> Services:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return init_services(Path(path), name, role, seed, self.clock)

    def enrol(self, path: Path, enrolment: Enrolment) -> Services:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return enrol_services(Path(path), enrolment, self.clock)
