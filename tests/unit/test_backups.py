"""Verified backups with rotation, and restore: a laptop restored from its backup converges with the hub and
loses nothing that had reached the hub (storage/backups.py, `yimi backup`)."""

from __future__ import annotations

import errno
import json
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from yimi_desktop.cli import main as yimi
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import enrol_services, init_services, open_services
from yimi_desktop.storage import backups
from test_sync import exchange
from sync_helpers import downgrade as _downgrade


class Clock:
    def __call__(self) -> float:
        return time.time()


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "lap.db"
    init_services(path, "备份测试", DeviceRole.LAPTOP).close()
    return path


def test_a_backup_is_a_checked_copy_listed_with_its_time_and_reason(db):
    made = backups.create(db, "manual", now=datetime(2026, 11, 2, 9, 30, 5))
    assert made.path == db.parent / "lap.db.backups" / "yimi-20261102-093005-manual.db"
    assert made.reason == "manual" and made.taken_at == datetime(2026, 11, 2, 9, 30, 5) and made.size > 0
    con = sqlite3.connect(made.path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT count(*) FROM local_device").fetchone() == (1,)
    con.close()
    again = backups.create(db, "manual", now=datetime(2026, 11, 2, 9, 30, 5))  # same second: its own name
    third = backups.create(db, "before-restore", now=datetime(2026, 11, 2, 9, 30, 5))  # another reason, same second
    assert [b.path for b in backups.list_backups(db)] == [third.path, again.path, made.path]
    assert not list(made.path.parent.glob(".*tmp"))


def test_rotation_keeps_seven_daily_and_four_weekly(db):
    start = datetime(2026, 9, 1, 8, 0)
    one = backups.create(db, "daily", now=start).path.read_bytes()
    for d in range(60):  # two a day for 60 days (copies of one real backup: rotation goes by name)
        for hour in (8, 17):
            taken = start + timedelta(days=d, hours=hour - 8)
            (backups.backup_dir(db) / f"yimi-{taken:%Y%m%d-%H%M%S}-daily.db").write_bytes(one)
    backups.rotate(db)
    kept = backups.list_backups(db)
    days = [b.taken_at.date() for b in kept]
    assert days[:7] == [date(2026, 10, 30) - timedelta(days=i) for i in range(7)]
    assert all(b.taken_at.hour == 17 for b in kept)  # the newest of each day
    weeks = [b.taken_at.isocalendar()[1] for b in kept[7:]]
    assert len(weeks) == 4 and len(set(weeks)) == 4 and weeks == sorted(weeks, reverse=True)
    assert len(kept) == 11


def test_daily_backup_once_a_day(db):
    first = backups.daily_if_due(db, now=datetime(2026, 11, 2, 8, 0))
    assert first is not None and first.reason == "daily"
    assert backups.daily_if_due(db, now=datetime(2026, 11, 2, 18, 0)) is None
    assert backups.daily_if_due(db, now=datetime(2026, 11, 3, 8, 0)) is not None


def test_a_full_disk_says_so_and_leaves_the_last_good_backup(db, monkeypatch):
    good = backups.create(db, "manual", now=datetime(2026, 11, 1, 8, 0))

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "fsync", full)
    with pytest.raises(DomainError) as err:
        backups.create(db, "manual", now=datetime(2026, 11, 2, 8, 0))
    assert "备份没有做成(磁盘已满)" in err.value.text("zh") and "No space left" in err.value.text("en")
    assert [b.path for b in backups.list_backups(db)] == [good.path]
    assert sorted(p.name for p in good.path.parent.iterdir()) == [good.path.name]  # no half-written file


def test_a_read_only_place_says_so(db, tmp_path):
    blocker = tmp_path / "stick"
    blocker.write_text("not a folder")  # stands in for a folder that cannot be written
    with pytest.raises(DomainError) as err:
        backups.create(db, "manual", folder=blocker / "backups")
    assert "以前的备份都还在" in err.value.text("zh")


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(db, tmp_path):
    bad = tmp_path / "yimi-20261102-080000-manual.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = db.read_bytes()
    with pytest.raises(DomainError):
        backups.restore(db, bad)
    assert db.read_bytes() == before
    assert backups.list_backups(db) == []


def _visits(svc) -> int:
    return len(svc.visits.ids())


def test_restored_laptop_takes_a_new_device_id_and_converges_with_the_hub(tmp_path, capsys):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB, clock=Clock())
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    path = tmp_path / "L1.db"
    lap = enrol_services(path, hub.enrolment.issue("L1"), clock=Clock())
    lap.simulation.run(seed=1, visits=2, today=date(2026, 11, 2))  # work
    exchange(stick, hub, [lap])  # sync
    lap.simulation.run(seed=2, visits=1, today=date(2026, 11, 3))  # more work, not yet sent
    lap.close()
    assert yimi(["--db", str(path), "backup", "create"]) == 0  # back up
    lap = open_services(path, Clock())
    lap.simulation.run(seed=3, visits=3, today=date(2026, 11, 4))  # more work, sent, then lost by the restore
    exchange(stick, hub, [lap])
    lap.simulation.run(seed=4, visits=2, today=date(2026, 11, 5))  # never sent: lost with the disk
    old_device = lap.device.device_id
    lap.close()
    assert _visits(hub) == 6

    capsys.readouterr()
    assert yimi(["--db", str(path), "backup", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["reason"] for b in listed] == ["manual"] and Path(listed[0]["path"]).exists() and listed[0]["time"]
    assert yimi(["--db", str(path), "backup", "restore", listed[0]["path"]]) == 0  # restore
    assert [b.reason for b in backups.list_backups(path)] == ["before-restore", "manual"]

    lap = open_services(path, Clock())
    try:
        assert lap.device.device_id != old_device  # a new device id: nothing it sends clashes with before
        assert lap.notices and "备份恢复" in lap.notices[0].zh  # said as a restore, not as a copy
        assert _visits(lap) == 3  # what the backup held
        lap.simulation.run(seed=5, visits=1, today=date(2026, 11, 6))  # typed after the restore
        exchange(stick, hub, [lap])  # sync
        assert _visits(hub) == 7  # the visit typed after the restore reached the hub
        assert _visits(lap) == 7  # and all that had reached the hub came back (the 2 never sent are gone)
        assert lap.sync.digest() == hub.sync.digest()  # converged: nothing that reached the hub is lost
    finally:
        lap.close()
        hub.close()


def test_stick_backup_is_sealed_to_the_laptop_and_the_hub_and_restores(tmp_path, capsys):
    import pyrage

    from yimi_desktop.services import backups as service_backups

    stick = tmp_path / "stick"
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB, clock=Clock())
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    path = tmp_path / "L1.db"
    lap = enrol_services(path, hub.enrolment.issue("L1"), clock=Clock())
    (tmp_path / "sync").mkdir()
    exchange(tmp_path / "sync", hub, [lap])  # the laptop gets the county's enterprises and teams
    lap.simulation.run(seed=1, visits=2, today=date(2026, 11, 2))
    lap_ids, hub_ids = lap.trust.keys().identities, hub.trust.keys().identities
    lap.close()
    assert yimi(["--db", str(path), "backup", "create", "--to-stick", str(stick)]) == 0
    (sealed,) = stick.glob("yimi-*-manual.db.age")
    data = sealed.read_bytes()
    assert data.startswith(b"age-encryption.org/v1") and b"SQLite format 3" not in data  # a lost stick: nothing
    plain = (backups.list_backups(path)[0].path).read_bytes()
    assert pyrage.decrypt(data, hub_ids) == plain == pyrage.decrypt(data, lap_ids)  # the hub can open it too
    with pytest.raises(DomainError):
        service_backups.open_encrypted(sealed, [pyrage.x25519.Identity.generate()], tmp_path / "x.db")

    lap = open_services(path, Clock())
    lap.simulation.run(seed=2, visits=3, today=date(2026, 11, 3))
    lap.close()
    assert yimi(["--db", str(path), "backup", "restore", str(sealed)]) == 0
    lap = open_services(path, Clock())
    try:
        assert _visits(lap) == 2
    finally:
        lap.close()
        hub.close()


# ---- one rotation for every kind; the migration copy inside it; restores of other schemas ------------------------



def test_the_migration_backup_is_a_verified_upgrade_copy_in_the_backup_folder(db):
    """A database of an earlier release with unsynced work: its migration copy (升级前) is listed and rotated
    with the others, holds the old schema and the work, and the upgraded file keeps the work."""
    from yimi_desktop.domain.forms import EnterpriseForm

    svc = open_services(db)
    svc.enterprises.add(EnterpriseForm(name="尉氏县升级前有限公司", credit_code="91350100M000100Y43", township="城关镇"))
    vector = svc.sync.vector()
    svc.close()
    _downgrade(db, "0008")
    svc = open_services(db)
    try:
        assert svc.sync.vector() == vector
        (made,) = backups.list_backups(db)
        assert made.reason == "before-migration" and made.verified and svc.db.backup == made.path
        assert made.path.parent == backups.backup_dir(db)
        con = sqlite3.connect(made.path)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0008",)
        assert con.execute("SELECT count(*) FROM enterprise").fetchone() == (1,)
        con.close()
    finally:
        svc.close()
    assert not list(db.parent.glob("*.bak-*"))  # no copy outside the folder any more


def test_a_migration_refuses_to_run_without_its_backup_and_leaves_the_file(db, monkeypatch):
    _downgrade(db, "0008")
    before = db.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "fsync", full)
    with pytest.raises(DomainError) as err:
        open_services(db)
    assert "没有升级,数据库没有改动" in err.value.text("zh") and "磁盘已满" in err.value.text("zh")
    assert db.read_bytes() == before and backups.list_backups(db) == []


def test_old_bak_files_are_listed_as_upgrade_copies_rotated_and_restorable(db):
    old = db.with_name(f"{db.name}.bak-0008-20260901-101500")
    older = db.with_name(f"{db.name}.bak-0007-20260801-090000")
    for p in (old, older):
        backups.create(db, "manual", folder=db.parent / "x").path.replace(p)
    db.with_name(f"{db.name}.bak-notes.txt").write_text("not a backup")
    listed = backups.list_backups(db)
    assert [(b.path, b.reason, b.legacy, b.verified) for b in listed] == [
        (old, "before-migration", True, False), (older, "before-migration", True, False)]
    assert listed[0].taken_at == datetime(2026, 9, 1, 10, 15)
    for day in range(1, 31):  # a month of daily backups: rotation keeps the newest upgrade copy, not the older
        backups.create(db, "daily", now=datetime(2026, 10, day, 8, 0))
    gone = backups.rotate(db)
    assert older in gone and not older.exists() and old.exists()
    safety = backups.restore(db, old)  # checked like any other
    assert safety is not None and safety.reason == "before-restore"


def test_only_the_newest_before_import_backup_of_a_day_stays_after_yimi_import(db, tmp_path, capsys):
    """`yimi import` makes its before-import backup and then rotates, like the 同步 page (no pile within a day)."""
    folder = backups.backup_dir(db)
    today = datetime.now().replace(microsecond=0)
    earlier = [backups.create(db, "before-import", now=today - timedelta(minutes=m)).path for m in (30, 20, 10)]
    empty = tmp_path / "stick"
    empty.mkdir()
    assert yimi(["--db", str(db), "import", str(empty)]) != 0  # no package there, but the backup came first
    kept = backups.list_backups(db)
    assert len(kept) == 1 and kept[0].reason == "before-import" and kept[0].path not in earlier
    assert sorted(p.name for p in folder.iterdir()) == [kept[0].path.name]


def test_a_backup_from_a_newer_version_is_refused_before_anything_changes(db, tmp_path):
    newer = tmp_path / "newer.db"
    backups.create(db, "manual", folder=tmp_path / "b").path.replace(newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(DomainError) as err:
        backups.restore(db, newer)
    assert "更新版本" in err.value.text("zh") and "newer version" in err.value.text("en")
    assert db.read_bytes() == before and backups.list_backups(db) == []


def test_a_backup_of_an_older_schema_is_restored_and_migrated_after_its_own_copy(db, tmp_path):
    from yimi_desktop.services import backups as service_backups
    from yimi_desktop.storage.database import head_revision

    old = backups.create(db, "manual").path
    _downgrade(old, "0008")
    service_backups.restore_here(db, old)
    kinds = [b.reason for b in backups.list_backups(db)]
    assert kinds.count("before-migration") == 1 and "before-restore" in kinds
    svc = open_services(db)
    try:
        assert svc.db.revision() == head_revision()
    finally:
        svc.close()


def test_a_damaged_database_is_kept_as_it_was_when_a_restore_replaces_it(db, tmp_path):
    good = backups.create(db, "manual").path
    data = bytearray(db.read_bytes())
    data[4096:4096 * 60] = b"\xff" * (4096 * 59)  # pages of the live file are garbage
    db.write_bytes(bytes(data))
    safety = backups.restore(db, good)
    assert safety is not None and safety.reason == "damaged" and not safety.verified
    assert safety.path.read_bytes() == bytes(data)
    backups.check_integrity(db)


def test_restoring_from_inside_the_app_retires_the_open_database_and_converges(tmp_path):
    """services/backups.restore_and_reopen, as the 备份与恢复 dialog runs it: the services in use are retired (a
    later write through them fails, never lands in the restored file under the old device id), the reopened
    database is a new device (a restore) and the next exchange brings back all that had reached the hub."""
    from yimi_desktop.services import backups as service_backups
    from yimi_desktop.services.context import ServicesFactory

    stick = tmp_path / "stick"
    stick.mkdir()
    factory = ServicesFactory(Clock())
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB, clock=Clock())
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    path = tmp_path / "L1.db"
    lap = enrol_services(path, hub.enrolment.issue("L1"), clock=Clock())
    lap.simulation.run(seed=1, visits=2, today=date(2026, 11, 2))
    exchange(stick, hub, [lap])
    made, sealed = service_backups.back_up_to_stick(lap, tmp_path / "usb")  # 备份到U盘
    assert made.reason == "manual" and sealed.suffix == ".age" and sealed.parent == tmp_path / "usb"
    lap.simulation.run(seed=3, visits=3, today=date(2026, 11, 4))
    exchange(stick, hub, [lap])
    old_device = lap.device.device_id
    steps: list[str] = []
    try:
        outcome = service_backups.restore_and_reopen(lap, sealed, factory, steps.append)
        assert steps == ["check", "close", "copy", "open"]
        assert outcome.replaced and outcome.error is None and outcome.safety.reason == "before-restore"
        with pytest.raises(DomainError, match="刚从备份恢复"):
            lap.simulation.run(seed=9, visits=1, today=date(2026, 11, 5))  # the retired services refuse
        new = outcome.services
        assert new is not None and new.device.device_id != old_device
        assert new.notices and "备份恢复" in new.notices[0].zh
        assert _visits(new) == 2
        exchange(stick, hub, [new])
        assert _visits(new) == _visits(hub) == 5 and new.sync.digest() == hub.sync.digest()
        new.close()
    finally:
        hub.close()


def test_a_refused_restore_from_inside_the_app_leaves_the_open_database_in_use(db, tmp_path):
    from yimi_desktop.services import backups as service_backups
    from yimi_desktop.services.context import ServicesFactory

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all")
    svc = open_services(db)
    try:
        with pytest.raises(DomainError):
            service_backups.restore_and_reopen(svc, bad, ServicesFactory())
        assert svc.sync.vector() is not None  # still open and working
        assert backups.list_backups(db) == []
    finally:
        svc.close()


def test_a_full_disk_during_a_restore_from_the_app_restores_nothing_and_reopens_the_same_file(db, tmp_path,
                                                                                                monkeypatch):
    from yimi_desktop.services import backups as service_backups
    from yimi_desktop.services.context import ServicesFactory

    good = backups.create(db, "manual").path
    svc = open_services(db)
    device = svc.device.device_id
    before = db.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "fsync", full)
    outcome = service_backups.restore_and_reopen(svc, good, ServicesFactory())
    monkeypatch.undo()
    try:
        assert not outcome.replaced and outcome.services is not None and outcome.services is not svc
        text = outcome.error.text("zh")
        assert "没有恢复,数据库没有改动" in text and "磁盘已满" in text
        assert outcome.services.device.device_id == device  # the same file, not a restore: the same device
        assert db.read_bytes() == before
        assert [b.path for b in backups.list_backups(db)] == [good]  # no half-written safety copy either
        assert not [p for p in backups.backup_dir(db).iterdir() if p.name.startswith(".")]
    finally:
        if outcome.services is not None:
            outcome.services.close()


def test_a_read_only_folder_says_so(db, monkeypatch):
    def read_only(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(backups.os, "replace", read_only)
    with pytest.raises(DomainError) as err:
        backups.create(db, "manual")
    assert "只读" in err.value.text("zh") and "read-only" in err.value.text("en")
    assert backups.list_backups(db) == []


def test_an_older_backup_restored_after_an_earlier_restore_is_still_a_restore(tmp_path):
    """Each restore gives the file a new inode; a backup taken before the first restore is still this file's own
    history (same machine and path), so the device check sees a restore, not a copy."""
    from yimi_desktop.services import backups as service_backups

    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB, clock=Clock())
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    path = tmp_path / "L1.db"
    lap = enrol_services(path, hub.enrolment.issue("L1"), clock=Clock())
    lap.simulation.run(seed=1, visits=1, today=date(2026, 11, 2))
    lap.close()
    hub.close()
    first = backups.create(path, "manual", now=datetime(2026, 11, 2, 8, 0)).path
    lap = open_services(path, Clock())
    lap.simulation.run(seed=2, visits=1, today=date(2026, 11, 3))
    lap.close()
    second = backups.create(path, "manual", now=datetime(2026, 11, 3, 8, 0)).path
    service_backups.restore_here(path, second)
    open_services(path, Clock()).close()  # opened once after that restore (inode changed)
    lap = open_services(path, Clock())
    lap.simulation.run(seed=3, visits=1, today=date(2026, 11, 4))
    lap.close()
    service_backups.restore_here(path, first)
    lap = open_services(path, Clock())
    try:
        assert lap.notices and "备份恢复" in lap.notices[0].zh
    finally:
        lap.close()
