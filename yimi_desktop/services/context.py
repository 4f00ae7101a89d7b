"""The services of one open database, wired together. Built only by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.vocabulary import DeviceRole
from ..storage.database import Database, create_database, open_database
from ..storage.models import SyncClock
from ..sync import capture
from ..sync.capture import adopt_existing
from .catalog import CategoryService, OfficerService, PolicyService, TeamService
from .demo import DemoService
from .device import DeviceInfo, DeviceService
from .enterprises import EnterpriseService
from .issues import IssueService
from .seed import seed_structure
from .simulate import SimulationService
from .stats import StatsService
from .reporting import ReportService
from .sync import SyncService
from .visits import VisitService


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

    def close(self) -> None:
        self.db.close()


def _wire(db: Database, device: DeviceInfo) -> Services:
    d = device.device_id
    issues = IssueService(db, d)
    visits = VisitService(db, d, issues)
    enterprises = EnterpriseService(db, d)
    return Services(db, device, enterprises, PolicyService(db, d), TeamService(db, d),
                    OfficerService(db, d), CategoryService(db), StatsService(db), DemoService(db, d),
                    issues, visits, SimulationService(db, visits, issues), DeviceService(db),
                    SyncService(db, device, visits.files), ReportService(db, enterprises, visits, issues))


def open_services(path: Path) -> Services:
    """Open (and migrate) an existing, initialised database, ready to record changes."""
    db = open_database(path)
    try:
        devices = DeviceService(db)
        devices.require()
        devices.ensure_own_identity()  # a copied file becomes a new device before it records anything
        device = devices.require()
        with db.session() as s:
            if s.get(SyncClock, device.device_id) is None:  # a database from before sync existed
                adopt_existing(s, device.device_id)
        capture.install(db.session_factory)
    except Exception:
        db.close()
        raise
    return _wire(db, device)


def init_services(path: Path, name: str, role: DeviceRole) -> Services:
    """Create a new database, this installation's identity and the county's standing structure."""
    path = Path(path)
    db = create_database(path)
    try:
        device = DeviceService(db).setup(name, role)
        capture.install(db.session_factory)
        with db.session() as s:
            seed_structure(s, device.device_id)
    except Exception:
        db.close()
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        raise
    return _wire(db, device)
