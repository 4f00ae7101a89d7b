"""Building a county for sync tests: a hub and laptops it has enrolled.

Laptops are enrolled in memory (EnrolmentService.issue), which skips the enrolment file's one-time
code and its seconds of key derivation; the file itself is tested in test_trust.py and the CLI tests.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import Services, enrol_services, init_services, open_services

HOUR = 3600.0
DAY = 24 * HOUR


class OffsetClock:
    """A device's wall clock: the real time plus `offset` seconds (a slow or fast laptop). Change
    `offset` to set the clock right, or wrong, later."""

    def __init__(self, offset: float = 0.0):
        self.offset = offset

    def __call__(self) -> float:
        return time.time() + self.offset


def make_hub(folder: Path, name: str = "县中心", clock=None) -> Services:
    return init_services(folder / "hub.db", name, DeviceRole.HUB, clock=clock)


def enrol(hub: Services, folder: Path, name: str, path: Path | None = None, clock=None) -> Services:
    """A laptop enrolled by `hub`: a new database, or the existing one at `path`."""
    return enrol_services(path or folder / f"{name}.db", hub.enrolment.issue(name), clock=clock)


def copy_replica(svc: Services, dest: Path, clock=None) -> tuple[Services, Services]:
    """Close `svc`, copy its data folder to `dest` (as a person would), and open both again:
    (the original, the copy). The copy takes its own device id and keeps the identity."""
    src = svc.db.path
    src_clock = svc.db.clock
    svc.close()
    copy_database(src, dest)
    return open_services(src, src_clock), open_services(dest, clock)


def copy_database(src: Path, dest: Path) -> None:
    """A database with its keys and files, as a person copying the data folder would."""
    shutil.copy(src, dest)
    for suffix in (".keys", ".files"):
        if Path(f"{src}{suffix}").exists():
            shutil.copytree(f"{src}{suffix}", f"{dest}{suffix}")


def downgrade(path: Path, revision: str) -> None:
    """Take the database file at `path` down to schema `revision` (a file "of the previous release"), as the
    migration tests start from."""
    from alembic import command

    from yimi_desktop.storage.database import alembic_config, make_engine

    engine = make_engine(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()
