"""Faults as part of the protocol: a database restored in place from a backup, the same (device, seq)
with other content, and clocks far ahead then fixed, at a laptop and at the hub. Each device gets its
own injectable wall clock (`clock`, storage.Database.clock), never a patched system clock."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from yimi_desktop.domain.errors import DomainError
from yimi_desktop.services.context import Services, enrol_services, init_services, open_services
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.sync.keys import HighWater
from test_sync import add_enterprise, exchange

DAY_MS = 86400 * 1000


class Clock:
    """One device's wall clock: the real time plus an offset a test can set (a year typed wrong)."""

    def __init__(self) -> None:
        self.offset_ms = 0

    def __call__(self) -> float:  # seconds, as storage.Database.clock
        return time.time() + self.offset_ms / 1000


def snapshot(path: Path) -> bytes:
    return path.read_bytes()  # the database is closed: WAL checkpointed into the file


def restore_in_place(path: Path, data: bytes) -> None:
    """A backup copied over the live file: same path, same inode, so no fingerprint can tell."""
    inode = os.stat(path).st_ino
    with open(path, "r+b") as fh:
        fh.truncate(0)
        fh.write(data)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert os.stat(path).st_ino == inode


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def county_with(tmp_path: Path, hub_clock: Clock | None = None, lap_clock: Clock | None = None):
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB, clock=hub_clock or Clock())
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    lap = enrol_services(tmp_path / "L1.db", hub.enrolment.issue("L1"), clock=lap_clock or Clock())
    return hub, lap


def visit_count(svc: Services) -> int:
    return len(svc.visits.ids())


def sent_then_restored_without_mark(lap: Services, send) -> Services:
    """`lap` backed up, then given enterprise 10 and `send`-ing it; then the backup restored in place
    with its keys folder too (older software, or a whole-folder backup): no high-water mark to compare.
    Returns the restored laptop, open."""
    path = lap.db.path
    lap.close()
    backup = snapshot(path)
    lap = open_services(path)
    add_enterprise(lap, 10, "尉氏县先发有限公司")
    send(lap)
    lap.close()
    restore_in_place(path, backup)
    HighWater(path).path.unlink()
    return open_services(path)


def test_a_backup_restored_in_place_takes_a_new_device_and_every_visit_reaches_the_hub(tmp_path, stick):
    hub, lap = county_with(tmp_path)
    path = lap.db.path
    lap.simulation.run(seed=1, visits=2, today=date(2026, 11, 2))
    exchange(stick, hub, [lap])
    lap.close()
    backup = snapshot(path)
    lap = open_services(path)
    lap.simulation.run(seed=2, visits=3, today=date(2026, 11, 3))  # sent, then lost by the restore
    exchange(stick, hub, [lap])
    assert visit_count(hub) == 5
    old_device = lap.device.device_id
    lap.close()

    restore_in_place(path, backup)
    lap = open_services(path)
    try:
        assert lap.device.device_id != old_device
        assert lap.notices and "备份恢复" in lap.notices[0].zh
        lap.simulation.run(seed=3, visits=4, today=date(2026, 11, 4))  # typed after the restore
        exchange(stick, hub, [lap])
        assert visit_count(hub) == 9  # the four visits after the restore reached the hub
        assert visit_count(lap) == 9  # and what the restore lost came back from it
        assert lap.sync.digest() == hub.sync.digest()
    finally:
        lap.close()
        hub.close()


def test_the_same_change_number_with_other_content_is_refused_at_the_hub(tmp_path, stick):
    hub, lap = county_with(tmp_path)
    lap = sent_then_restored_without_mark(lap, lambda lap: hub.sync.import_file(lap.sync.export(stick)))
    try:
        assert not lap.notices
        add_enterprise(lap, 11, "尉氏县后写有限公司")  # the same sequence numbers, other content
        before = hub.sync.digest()
        result = hub.sync.import_file(lap.sync.export(stick))
        assert not result.ok
        assert "内容不同" in result.message and "再导出" in result.message
        assert "\n" not in result.message and "differs" in result.message_en
        assert hub.sync.digest() == before
    finally:
        lap.close()
        hub.close()


def test_the_hubs_acknowledgement_reveals_a_restore_before_anything_is_issued(tmp_path, stick):
    hub, lap = county_with(tmp_path)
    lap = sent_then_restored_without_mark(lap, lambda lap: exchange(stick, hub, [lap]))
    try:
        old_device = lap.device.device_id
        result = lap.sync.import_file(hub.sync.export(stick, to="L1"))  # the hub holds more of this device
        assert result.ok and "备份恢复" in result.message
        add_enterprise(lap, 11, "尉氏县后写有限公司")
        assert lap.devices.require().device_id != old_device  # before anything was issued
        exchange(stick, hub, [lap])
        assert hub.enterprises.count() == lap.enterprises.count() == 5
        assert lap.sync.digest() == hub.sync.digest()
    finally:
        lap.close()
        hub.close()


def test_a_laptop_400_days_ahead_then_fixed_recovers_and_its_work_reaches_the_hub(tmp_path, stick):
    clock = Clock()
    hub, lap = county_with(tmp_path, lap_clock=clock)
    path = lap.db.path
    try:
        clock.offset_ms = 400 * DAY_MS  # the year typed wrong
        lap.simulation.run(seed=5, visits=2, today=date(2026, 11, 2))
        refused = hub.sync.import_file(lap.sync.export(stick))
        assert not refused.ok and "时钟" in refused.message  # the bound on incoming stamps stays
        assert "约 400 天" in refused.message and "再导出" in refused.message  # what to do with this file
        clock.offset_ms = 0  # fixed
        lap.close()
        lap = open_services(path, clock)
        assert lap.notices and "时钟" in lap.notices[0].zh
        lap.simulation.run(seed=6, visits=1, today=date(2026, 11, 3))
        exchange(stick, hub, [lap])
        assert visit_count(hub) == visit_count(lap) == 3  # nothing typed is lost
        assert lap.sync.digest() == hub.sync.digest()
        # the same recovery before an export, without a restart
        clock.offset_ms = 400 * DAY_MS
        add_enterprise(lap, 20)
        clock.offset_ms = 0
        path_out = lap.sync.export(stick)
        assert lap.sync.notices and "时钟" in lap.sync.notices[-1].zh
        assert hub.sync.import_file(path_out).ok
        exchange(stick, hub, [lap])
        assert hub.enterprises.count() == lap.enterprises.count() == 4
        assert lap.sync.digest() == hub.sync.digest()
    finally:
        lap.close()
        hub.close()


def test_the_hubs_clock_ahead_then_fixed_laptops_accept_and_enrolment_works(tmp_path, stick):
    clock = Clock()
    hub, lap = county_with(tmp_path, hub_clock=clock)
    hub_path = hub.db.path
    try:
        clock.offset_ms = 400 * DAY_MS
        add_enterprise(hub, 30, "尉氏县未来有限公司")
        refused = lap.sync.import_file(hub.sync.export(stick, to="L1"))
        assert not refused.ok
        with pytest.raises(DomainError, match="慢了一天以上"):
            enrol_services(tmp_path / "L2.db", hub.enrolment.issue("L2"))
        clock.offset_ms = 0
        hub.close()
        hub = open_services(hub_path, clock)
        assert hub.notices and "时钟" in hub.notices[0].zh
        assert lap.sync.import_file(hub.sync.export(stick, to="L1")).ok
        l2 = enrol_services(tmp_path / "L2.db", hub.enrolment.issue("L3"))  # a new file (the old one holds future times)
        try:
            add_enterprise(l2, 31)
            exchange(stick, hub, [lap, l2])
            assert hub.enterprises.count() == lap.enterprises.count() == l2.enterprises.count() == 5
            assert lap.sync.digest() == hub.sync.digest() == l2.sync.digest()
        finally:
            l2.close()
    finally:
        lap.close()
        hub.close()


def test_the_device_id_a_restore_retired_is_no_replica_the_hub_keeps_sending_to(tmp_path, stick):
    """After a restore the old device id is dead: the hub stops counting it as a replica of the laptop
    (its packages for the laptop do not carry, forever, everything that id never acknowledged)."""
    hub, lap = county_with(tmp_path)
    path = lap.db.path
    lap.close()
    backup = snapshot(path)
    lap = open_services(path)
    add_enterprise(lap, 10, "尉氏县先发有限公司")
    exchange(stick, hub, [lap])
    lap.close()
    restore_in_place(path, backup)
    lap = open_services(path)
    try:
        assert lap.notices
        add_enterprise(lap, 11, "尉氏县后写有限公司")
        exchange(stick, hub, [lap])
        add_enterprise(hub, 12, "尉氏县中心新增有限公司")
        exchange(stick, hub, [lap])
        assert lap.sync.digest() == hub.sync.digest()
        (row,) = hub.trust.devices()
        assert [r.device_id for r in row.replicas] == [lap.device.device_id]
        assert row.unacknowledged == 0
        assert lap.sync.import_file(hub.sync.export(stick, to="L1")).stats.changes == 0
    finally:
        lap.close()
        hub.close()


def test_after_the_hubs_clock_is_fixed_laptops_do_not_resend_forever_to_its_old_device_id(tmp_path, stick):
    clock = Clock()
    hub, lap = county_with(tmp_path, hub_clock=clock)
    hub_path = hub.db.path
    try:
        add_enterprise(lap, 40, "尉氏县甲有限公司")
        exchange(stick, hub, [lap])
        clock.offset_ms = 400 * DAY_MS
        add_enterprise(hub, 41, "尉氏县未来有限公司")
        clock.offset_ms = 0
        hub.close()
        hub = open_services(hub_path, clock)
        assert hub.notices
        add_enterprise(lap, 42, "尉氏县乙有限公司")
        exchange(stick, hub, [lap])
        assert lap.sync.digest() == hub.sync.digest()
        assert lap.sync.status().unacknowledged == 0
        assert [p.device for p in lap.sync.status().peers] == [hub.device.device_id]
        assert hub.sync.import_file(lap.sync.export(stick)).stats.changes == 0
    finally:
        lap.close()
        hub.close()


def test_a_manifest_from_before_retired_ids_existed_still_parses():
    import json

    from yimi_desktop.sync.package import Manifest

    m = Manifest(package_id="p", sender="d", sender_name="L1", sender_role="laptop", signer="d", signing_key="",
                 recipient="h", schema="x", created_at="", vector={}, ranges={}, change_count=0, retired=["old"])
    assert Manifest.parse(m.to_json()).retired == ["old"]
    legacy = {k: v for k, v in json.loads(m.to_json()).items() if k != "retired"}
    assert Manifest.parse(json.dumps(legacy).encode()).retired == []


def test_a_laptop_400_days_slow_is_told_at_start_and_converges_once_fixed(tmp_path, stick):
    clock = Clock()
    hub, lap = county_with(tmp_path, lap_clock=clock)
    path = lap.db.path
    try:
        clock.offset_ms = -400 * DAY_MS  # a dead CMOS battery
        lap.close()
        lap = open_services(path, clock)
        assert len(lap.notices) == 1 and "慢" in lap.notices[0].zh and "400 天" in lap.notices[0].zh
        assert "behind" in lap.notices[0].en and lap.device.device_id == lap.devices.require().device_id
        lap.simulation.run(seed=5, visits=2, today=date(2026, 11, 2))
        assert hub.sync.import_file(lap.sync.export(stick)).ok  # its stamps follow what it received
        add_enterprise(hub, 50, "尉氏县中心有限公司")
        refused = lap.sync.import_file(hub.sync.export(stick, to="L1"))
        assert not refused.ok and "偏慢" in refused.message
        clock.offset_ms = 0
        lap.close()
        lap = open_services(path, clock)
        assert not lap.notices
        exchange(stick, hub, [lap])
        assert visit_count(hub) == visit_count(lap) == 2
        assert lap.sync.digest() == hub.sync.digest()
    finally:
        lap.close()
        hub.close()
