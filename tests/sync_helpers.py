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


def conflict_with_a_compacted_candidate(folder: Path):
    """(stick, hub, L1, L2, enterprise id): L1 wrote 张三 then 王五 over it, the hub acknowledged both and L1
    compacted 张三's value; only then did L2's concurrent 李四 (same base, written earlier but on a clock an
    hour fast, so it wins) reach L1. L1's open conflict: 张三 (值已压缩 here) against 李四."""
    from yimi_desktop.domain import creditcode
    from yimi_desktop.domain.forms import EnterpriseForm

    stick = folder / "stick"
    stick.mkdir(exist_ok=True)
    hub = make_hub(folder)
    l1 = enrol(hub, folder, "L1")
    l2 = enrol(hub, folder, "L2", clock=OffsetClock(HOUR))

    def contact(svc: Services, eid: str, name: str) -> None:
        form = svc.enterprises.get(eid).form
        svc.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": name}))

    eid = l1.enterprises.add(EnterpriseForm(name="尉氏县压缩测试有限公司", township="城关镇",
                                            credit_code=creditcode.make_code("9", "1", "410223", "MA000888")))
    for _ in range(2):
        for lap in (l1, l2):
            hub.sync.import_file(lap.sync.export(stick))
        for lap in (l1, l2):
            lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
    contact(l2, eid, "李四")  # not sent yet
    contact(l1, eid, "张三")
    contact(l1, eid, "王五")
    hub.sync.import_file(l1.sync.export(stick))
    l1.sync.import_file(hub.sync.export(stick, to="L1"))  # the hub's acknowledgement: 张三's value goes at L1
    l1.sync.compact()  # (the import did it already; compaction.compact_after)
    hub.sync.import_file(l2.sync.export(stick))
    l1.sync.import_file(hub.sync.export(stick, to="L1"))
    return stick, hub, l1, l2, eid
