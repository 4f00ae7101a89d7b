"""Sync by files: convergence, idempotence, deletes, conflicts, damaged packages, killed imports, full sticks."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.forms import EnterpriseForm, TeamForm
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import Services, init_services, open_services
from sync_helpers import copy_database, enrol, make_hub


def make(tmp_path: Path, name: str, hub: bool = False) -> Services:
    return init_services(tmp_path / f"{name}.db", name, DeviceRole.HUB if hub else DeviceRole.LAPTOP)


def code(n: int) -> str:
    return creditcode.make_code("9", "1", "410223", f"MA{n:06d}")


def add_enterprise(svc: Services, n: int, name: str | None = None) -> str:
    return svc.enterprises.add(EnterpriseForm(name=name or f"尉氏县测试{n}号有限公司", credit_code=code(n), township="城关镇"))


def exchange(stick: Path, hub: Services, laptops: list[Services], rounds: int = 2) -> None:
    """Everyone sends to the hub, the hub sends back to everyone (twice, so forwarding completes)."""
    for _ in range(rounds):
        for lap in laptops:
            hub.sync.import_file(lap.sync.export(stick))
        for lap in laptops:
            lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))


@pytest.fixture
def county(tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    laps = [enrol(hub, tmp_path, f"L{i}") for i in range(2)]
    yield stick, hub, laps
    for s in (hub, *laps):
        s.close()


def test_changes_reach_every_laptop_through_the_hub(county):
    stick, hub, (a, b) = county
    ea = add_enterprise(a, 1)
    add_enterprise(b, 2)
    exchange(stick, hub, [a, b])
    assert a.sync.digest() == b.sync.digest() == hub.sync.digest()
    assert b.enterprises.get(ea).form.name == "尉氏县测试1号有限公司"
    assert hub.enterprises.count() == a.enterprises.count() == 2


def test_import_twice_changes_nothing(county):
    stick, hub, (a, _) = county
    add_enterprise(a, 1)
    pkg = a.sync.export(stick)
    first = hub.sync.import_file(pkg)
    d1 = hub.sync.digest()
    again = hub.sync.import_file(pkg)
    assert first.ok and not first.duplicate and again.ok and again.duplicate
    assert hub.sync.digest() == d1
    # the same changes in a second package (sent again before the hub's acknowledgement came back)
    assert hub.sync.import_file(a.sync.export(stick)).stats.changes == 0
    assert hub.sync.digest() == d1


def test_lost_package_is_covered_by_the_next(county):
    stick, hub, (a, _) = county
    add_enterprise(a, 1)
    lost = a.sync.export(stick)
    lost.unlink()
    add_enterprise(a, 2)
    hub.sync.import_file(a.sync.export(stick))
    assert hub.enterprises.count() == 2


def test_a_deleted_record_never_comes_back(county):
    stick, hub, (a, b) = county
    officers = [a.officers.add(__import__("yimi_desktop.domain.forms", fromlist=["OfficerForm"]).OfficerForm(
        name=n, department="县金融工作局")) for n in ("王伟", "李娜")]
    team = next(t for t in a.teams.list() if t.kind.value == "specialist")
    detail = a.teams.get(team.id)
    a.teams.update(team.id, TeamForm(**{**detail.form.__dict__, "member_ids": officers, "leader_id": officers[0]}))
    old = a.sync.export(stick)  # carries the two memberships
    hub.sync.import_file(old)
    exchange(stick, hub, [a, b])
    assert b.teams.get(team.id).row.member_count == 2
    detail = b.teams.get(team.id)
    b.teams.update(team.id, TeamForm(**{**detail.form.__dict__, "member_ids": [officers[0]], "leader_id": officers[0]}))
    exchange(stick, hub, [a, b])
    assert a.teams.get(team.id).row.member_count == 1
    # the old package arrives once more, at a laptop that already saw the deletion
    fresh = enrol(hub, stick.parent, "L9")
    try:
        shutil.copy(old, stick / "again.yimi")
        assert hub.sync.import_file(stick / "again.yimi").duplicate
        assert hub.teams.get(team.id).row.member_count == 1
        exchange(stick, hub, [a, b], rounds=1)  # (enrolling L9 put its key on the roster: a record of the hub's)
        assert a.teams.get(team.id).row.member_count == b.teams.get(team.id).row.member_count == 1
        assert a.sync.digest() == b.sync.digest() == hub.sync.digest()
    finally:
        fresh.close()


def test_concurrent_edits_make_one_conflict_everywhere_and_settling_converges(county):
    stick, hub, (a, b) = county
    eid = add_enterprise(a, 1)
    exchange(stick, hub, [a, b])
    form = a.enterprises.get(eid).form
    a.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": "张三"}))
    b.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": "李四"}))
    exchange(stick, hub, [a, b])
    assert a.sync.digest() == b.sync.digest() == hub.sync.digest()
    for svc in (a, b, hub):
        conflicts = svc.sync.conflicts()
        assert len(conflicts) == 1
        assert {c.value for c in conflicts[0].candidates} == {"张三", "李四"}
    winner = a.enterprises.get(eid).form.contact_person
    assert winner in {"张三", "李四"}
    hub.sync.settle(hub.sync.conflicts()[0].id, "张三(已核实)")
    exchange(stick, hub, [a, b])
    assert a.sync.digest() == b.sync.digest() == hub.sync.digest()
    assert b.enterprises.get(eid).form.contact_person == "张三(已核实)"
    assert all(svc.sync.conflicts() == [] for svc in (a, b, hub))
    assert all(svc.sync.status().conflicts == 1 for svc in (a, b, hub))


def test_a_new_records_nulls_are_not_logged_and_two_first_fills_still_conflict(county):
    """A creation leaves out the NULLs every receiver's INSERT makes anyway (registry.null_by_default: a
    quarter of a county's changes); the first fill of such a field replaces the record's creation, as it
    replaced the logged NULL, so two laptops voiding the same enterprise conflict on every replica."""
    stick, hub, (a, b) = county
    eid = add_enterprise(a, 1)

    def logged(svc: Services) -> list[tuple[str, str, str]]:
        with svc.db.session() as s:
            return [tuple(r) for r in s.connection().exec_driver_sql(
                "SELECT field, value, base FROM change_log WHERE record_id = ? ORDER BY device_id, seq", (eid,))]

    created = logged(a)
    assert "voided_at" not in {f for f, _, _ in created}
    assert "void_reason" in {f for f, _, _ in created}  # (NOT NULL: its "" is logged)
    assert all(v != "null" for _, v, _ in created)
    exchange(stick, hub, [a, b])
    assert a.sync.digest() == b.sync.digest() == hub.sync.digest()
    assert b.enterprises.get(eid).form.name == "尉氏县测试1号有限公司"
    with a.db.session() as s:
        stamp, device = s.connection().exec_driver_sql(
            "SELECT hlc, device_id FROM change_log WHERE record_id = ? ORDER BY hlc LIMIT 1", (eid,)).one()
    a.enterprises.void(eid, "重复录入")
    b.enterprises.void(eid, "已注销")
    fills = [(f, base) for f, _, base in logged(a) if f == "voided_at"]
    assert fills == [("voided_at", f"{stamp}@{device}")]
    exchange(stick, hub, [a, b])
    assert a.sync.digest() == b.sync.digest() == hub.sync.digest()
    for svc in (a, b, hub):
        assert sorted(c.field for c in svc.sync.conflicts()) == ["void_reason", "voided_at"]


def test_a_record_created_before_the_upgrade_with_its_nulls_logged_syncs_with_the_new_writer(county, monkeypatch):
    """A laptop upgraded in the field holds records whose creation logged every NULL: the first fills of
    such a record replace that logged NULL (the same base as the creation's), so they conflict as before,
    and the record travels and converges beside records created since."""
    from yimi_desktop.sync import capture

    stick, hub, (a, b) = county
    with monkeypatch.context() as m:
        m.setattr(capture, "null_by_default", lambda column: False)  # the writer as it was
        old = add_enterprise(a, 1)
    new = add_enterprise(a, 2)
    with a.db.session() as s:
        nulls = dict(s.connection().exec_driver_sql(
            "SELECT record_id, count(*) FROM change_log WHERE field = 'voided_at' GROUP BY record_id").all())
    assert nulls == {old: 1}
    exchange(stick, hub, [a, b])
    for eid in (old, new):
        a.enterprises.void(eid, "重复录入")
        b.enterprises.void(eid, "已注销")
    exchange(stick, hub, [a, b])
    assert a.sync.digest() == b.sync.digest() == hub.sync.digest()
    for svc in (a, b, hub):
        assert sorted((c.record_id, c.field) for c in svc.sync.conflicts()) == sorted(
            (eid, f) for eid in (old, new) for f in ("void_reason", "voided_at"))


def test_concurrent_issue_transitions_derive_the_same_status(county):
    stick, hub, (a, b) = county
    eid = add_enterprise(a, 1)
    cat = a.categories.list()[0]
    iid = a.issues.raise_issue(eid, cat.id, "流动资金短缺")
    exchange(stick, hub, [a, b])
    hub.issues.assign(iid, cat.default_team_id, date.today() + timedelta(days=10))
    a.issues.comment(iid, "企业补充材料")
    exchange(stick, hub, [a, b])
    b.issues.progress(iid, "已对接银行")
    exchange(stick, hub, [a, b])
    assert a.sync.digest() == b.sync.digest() == hub.sync.digest()
    assert [e.kind.value for e in hub.issues.history(iid)].count("comment") == 1
    assert a.issues.get(iid).status.value == "in_progress"


@pytest.mark.slow
def test_every_flipped_byte_and_every_truncation_is_refused(tmp_path):
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "small")
    add_enterprise(lap, 1)
    pkg = lap.sync.export(tmp_path)
    try:
        before = hub.sync.digest()
        data = pkg.read_bytes()
        bad = tmp_path / "bad.yimi"
        refused = 0
        for i in range(len(data)):
            flipped = bytearray(data)
            flipped[i] ^= 0xFF
            bad.write_bytes(bytes(flipped))
            r = hub.sync.import_file(bad)
            refused += not r.ok
            assert not r.ok, f"flip at byte {i} accepted"
        for n in range(len(data)):
            bad.write_bytes(data[:n])
            assert not hub.sync.import_file(bad).ok, f"truncation to {n} bytes accepted"
        assert refused == len(data)
        assert hub.sync.digest() == before
        assert hub.sync.status().last_in == ()
        assert hub.sync.import_file(pkg).ok  # the intact package still imports
    finally:
        hub.close()
        lap.close()


def test_foreign_and_misaddressed_files_are_refused(tmp_path, county):
    stick, hub, (a, b) = county
    (stick / "notes.yimi").write_text("not a package")
    r = hub.sync.import_file(stick / "notes.yimi")
    assert not r.ok and "不是一米团数据包" in r.message
    add_enterprise(a, 1)
    pkg = a.sync.export(stick)
    r = b.sync.import_file(pkg)  # a laptop's package is for the hub
    assert not r.ok and "不是发给本机" in r.message


def test_newer_format_and_newer_schema_refused(tmp_path, county):
    stick, hub, (a, _) = county
    from yimi_desktop.sync.package import Manifest, write_package

    def manifest(**over) -> Manifest:
        base = dict(package_id="f" * 32, sender=a.device.device_id, sender_name="L0", sender_role="laptop",
                    signer=a.device.identity, signing_key="", recipient=hub.device.identity, schema="0004",
                    created_at="2026-11-24T10:00:00", vector={}, ranges={}, change_count=0)
        return Manifest(**{**base, **over})

    def write(path: Path, m: Manifest) -> None:
        write_package(path, m, [], [], a.trust.keys(), hub.trust.keys().age_recipient, tmp_path / "scratch")

    newer_schema = stick / "schema.yimi"
    write(newer_schema, manifest(schema="0999_future"))
    r = hub.sync.import_file(newer_schema)
    assert not r.ok and "更新版本" in r.message
    pkg = stick / "format.yimi"
    write(pkg, manifest(format=99))
    before = hub.sync.digest()
    r = hub.sync.import_file(pkg)
    assert not r.ok and "格式版本" in r.message
    assert hub.sync.digest() == before


def test_full_stick_leaves_no_file_and_marks_nothing_sent(county, monkeypatch):
    stick, hub, (a, _) = county
    add_enterprise(a, 1)
    from yimi_desktop.sync import package

    real_write = package._Sink.write
    written = {"n": 0}

    def full_after_some_bytes(self, b):  # the stick fills up while the encrypted package is written
        written["n"] += len(b)
        if written["n"] > 300:
            self.error = OSError(28, "No space left on device")
            raise self.error
        return real_write(self, b)

    monkeypatch.setattr(package._Sink, "write", full_after_some_bytes)
    with pytest.raises(DomainError) as exc:
        a.sync.export(stick)
    assert "U盘空间不足" in exc.value.text()
    assert list(stick.iterdir()) == []
    assert a.sync.status().last_out == ()
    assert list(a.db.scratch_dir.iterdir()) == []  # no plaintext left behind
    monkeypatch.setattr(package._Sink, "write", real_write)
    assert hub.sync.import_file(a.sync.export(stick)).ok


def test_copied_database_takes_a_new_device_id(tmp_path):
    svc = make(tmp_path, "orig")
    add_enterprise(svc, 1)
    old_id = svc.device.device_id
    svc.close()
    shutil.copy(tmp_path / "orig.db", tmp_path / "copy.db")
    copy = open_services(tmp_path / "copy.db")
    try:
        assert copy.device.device_id != old_id
        add_enterprise(copy, 2)
        vec = copy.sync.vector()
        assert vec[copy.device.device_id] > 0 and old_id in vec
    finally:
        copy.close()
    again = open_services(tmp_path / "orig.db")
    try:
        assert again.device.device_id == old_id
    finally:
        again.close()


KILL_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from yimi_desktop.services.context import open_services
    svc = open_services(Path(sys.argv[1]))
    print("ready", flush=True)
    r = svc.sync.import_file(Path(sys.argv[2]))
    print("done" if r.ok else r.message, flush=True)
""")


@pytest.mark.slow
def test_import_killed_at_random_points_leaves_before_or_after(demo_db_template, tmp_path):
    src = tmp_path / "src.db"
    shutil.copy(demo_db_template, src)
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "demo", path=src)  # the demo laptop joins, keeping its records
    stick = tmp_path / "stick"
    stick.mkdir()
    pkg = lap.sync.export(stick)
    lap.close()
    before = hub.sync.digest()
    hub.close()
    after_db = tmp_path / "after.db"
    copy_database(tmp_path / "hub.db", after_db)
    done = open_services(after_db)
    assert done.sync.import_file(pkg).ok
    after = done.sync.digest()
    done.close()
    rng = random.Random(4)
    seen = set()
    for k in range(4):
        target = tmp_path / f"kill{k}.db"
        copy_database(tmp_path / "hub.db", target)
        proc = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(target), str(pkg)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        con = sqlite3.connect(target)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        svc = open_services(target)
        d = svc.sync.digest()
        svc.close()
        assert d in (before, after)
        seen.add(d)
    assert seen  # at least one run; which outcome depends on timing


def test_attachments_travel_with_their_visit(county, tmp_path):
    from PIL import Image

    from yimi_desktop.domain.visits import VisitForm
    from yimi_desktop.domain.forms import OfficerForm

    stick, hub, (a, b) = county
    eid = add_enterprise(a, 1)
    officer = a.officers.add(OfficerForm(name="王伟", department="县金融工作局"))
    team = next(t for t in a.teams.list() if t.kind.value == "specialist")
    photo = tmp_path / "车间.jpg"
    Image.new("RGB", (2400, 1800), (30, 120, 60)).save(photo)
    vid = a.visits.finish(VisitForm(enterprise_id=eid, visit_date=date.today(), team_id=team.id,
                                    officer_ids=[officer], notes="现场照片", attachment_paths=[str(photo)]))
    exchange(stick, hub, [a, b])
    sha, _, _, _, preview = b.visits.get(vid).attachments[0]
    assert b.visits.files.path_of(sha).read_bytes() == photo.read_bytes()
    assert b.visits.files.path_of(preview).exists()
    assert a.sync.digest() == b.sync.digest() == hub.sync.digest()


def test_a_creation_leaves_out_only_the_nulls_the_migrated_schema_inserts_itself(tmp_path):
    """registry.null_by_default decides from the models; the tables are made by the migrations. Every column
    whose NULL a creation leaves out must be nullable without a default in the migrated schema (a column a
    migration added with a DDL default would otherwise take that default on the receivers)."""
    from yimi_desktop.sync.registry import fields_of, null_by_default, replicated_tables

    svc = make(tmp_path, "L")
    try:
        with svc.db.session() as s:
            conn = s.connection()
            left_out = 0
            for name, table in replicated_tables().items():
                schema = {r[1]: (r[3], r[4]) for r in conn.exec_driver_sql(f"PRAGMA table_info('{name}')")}
                for f in fields_of(table):
                    if null_by_default(table.c[f]):
                        left_out += 1
                        assert schema[f] == (0, None), (name, f, schema[f])
            assert left_out > 20  # (voided_at, an event's amount, deadline, stages ...)
    finally:
        svc.close()
