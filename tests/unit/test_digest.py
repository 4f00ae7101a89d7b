"""The digest kept by triggers (migration 0019): every write path keeps it equal to a recomputation
from the rows; it is equal on replicas with the same content and differs when content differs; the
triggers cover every replicated field (a migration that adds a column and forgets them fails here);
a connection without the digest functions cannot write replicated tables; an upgrade from the previous revision with
unsynced work computes it."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, time, timedelta

import pytest
import xlsxwriter
from sync_helpers import enrol, make_hub

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm, OfficerForm
from yimi_desktop.domain.visits import RaisedIssue, VisitForm
from yimi_desktop.services.context import open_services
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.storage import digest_sql
from yimi_desktop.storage.database import head_revision
from yimi_desktop.sync.registry import LOCAL_COLUMNS, fields_of, replicated_tables


def _consistent(svc) -> str:
    kept = svc.sync.digest()
    assert kept == svc.sync.full_digest()
    assert digest_sql.read_current(svc.db.path) == kept  # `yimi digest`'s light path (sqlite3 alone)
    return kept


def _code(n: int) -> str:
    return creditcode.make_code("9", "1", "410223", f"DG{n:06d}")


def _staffed_team(svc):
    for n, team in enumerate(svc.teams.list()[:1]):
        if not team.member_count:
            for k in range(2):
                svc.officers.add(OfficerForm(f"团员{n}{k}", "县商务局", "", ""), team_id=team.id)
    return next(t for t in svc.teams.list() if t.member_count >= 1)


def _visit(svc, eid: str, note: str) -> str:
    team = _staffed_team(svc)
    members = svc.teams.get(team.id).members
    return svc.visits.finish(VisitForm(enterprise_id=eid, visit_date=date.today() - timedelta(days=3),
                                       start_time=time(9, 0), end_time=time(10, 30), team_id=team.id,
                                       officer_ids=[members[0].id], notes=note,
                                       issues=[RaisedIssue(svc.categories.list()[0].id, "线路老化", note)]))


def _stored_rows(svc) -> dict[str, list[tuple]]:
    """Every replicated row as SQLite stores it (value and storage class), local stamps left out."""
    con = sqlite3.connect(svc.db.path)
    try:
        out = {}
        for name, table in replicated_tables().items():
            cols = ["id", *sorted(fields_of(table))]
            sel = ", ".join(f'"{c}", typeof("{c}")' for c in cols)
            out[name] = con.execute(f'SELECT {sel} FROM "{name}" ORDER BY id').fetchall()
        out["tombstone"] = con.execute("SELECT entity, record_id FROM tombstone ORDER BY 1, 2").fetchall()
        return out
    finally:
        con.close()


def test_the_triggers_hash_every_replicated_field_of_every_replicated_table(services):
    con = sqlite3.connect(services.db.path)
    try:
        got = digest_sql.installed(con)
    finally:
        con.close()
    want = {name: ["id", *sorted(fields_of(t))] for name, t in replicated_tables().items()}
    want["tombstone"] = ["entity", "record_id"]
    assert set(got) == set(want)
    for name, cols in want.items():
        assert got[name] == {"ai": cols, "ad": cols, "au": cols, "of": cols}, name
    assert not any(c in LOCAL_COLUMNS - {"id"} for cols in want.values() for c in cols)


def test_every_write_path_keeps_the_kept_digest_equal_to_a_recomputation(tmp_path):
    rng = random.Random(14)
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "笔记本")
    stick = tmp_path / "stick"
    stick.mkdir()
    try:
        start = _consistent(lap)
        eids = []
        ops = ["edit", "visit", "void", "amend", "officers", "void visit", "visit", "edit", "add"]
        rng.shuffle(ops)
        for n, op in enumerate(["add", "add", *ops]):  # ORM writes: adds, edits, voids, visits, amendments
            svc = rng.choice((hub, lap))
            mine = svc.enterprises.ids(EnterpriseQuery())
            if op == "add" or not mine:
                eids.append(svc.enterprises.add(EnterpriseForm(name=f"尉氏县摘要{n}有限公司", credit_code=_code(n),
                                                               township="城关镇", address=f"建设路{n}号")))
            elif op == "edit":
                eid = rng.choice(mine)
                form = svc.enterprises.get(eid).form
                form.address, form.above_size = f"改{n}", not form.above_size
                svc.enterprises.update(eid, form)
            elif op == "void":
                svc.enterprises.void(rng.choice(mine), "录错了")
            elif op == "visit":
                _visit(svc, rng.choice(mine), f"第{n}次")
            elif svc.visits.ids():
                vid = rng.choice(svc.visits.ids())
                if op == "amend":
                    svc.visits.amend(vid, "notes", f"改过{n}", "记错了")
                elif op == "officers":  # rows of visit_officer deleted and inserted
                    form = svc.visits.form_of(vid)
                    members = [m.id for m in svc.teams.get(form.team_id).members]
                    form.officer_ids = members[1:] or members
                    svc.visits.amend_visit(vid, form, "记错了人")
                else:
                    svc.visits.void(vid, "录错了")
            else:
                _visit(svc, rng.choice(mine), f"又一次{n}")
            _consistent(svc)
        # Excel import
        book = tmp_path / "企业名录.xlsx"
        wb = xlsxwriter.Workbook(str(book))
        ws = wb.add_worksheet()
        for r, row in enumerate([["企业名称", "统一社会信用代码", "乡镇", "联系电话"],
                                 ["尉氏县表格甲有限公司", _code(900), "城关镇", "13812345678"],
                                 ["尉氏县表格乙有限公司", _code(901), "洧川镇", ""]]):
            ws.write_row(r, 0, row)
        wb.close()
        assert lap.imports.apply("enterprises", book).applied
        _consistent(lap)
        # sync imports both ways (the Applier's DB-API writes), twice for the acknowledgements
        for _ in range(2):
            hub.sync.import_file(lap.sync.export(stick))
            _consistent(hub)
            lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
            _consistent(lap)
        assert lap.sync.digest() == hub.sync.digest() != start
        assert _stored_rows(lap) == _stored_rows(hub)  # dates, times, booleans, floats, NULLs, JSON: same bytes
    finally:
        lap.close()
        hub.close()


def test_equal_content_equal_digest_and_any_difference_shows(tmp_path):
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "笔记本")
    stick = tmp_path / "stick"
    stick.mkdir()
    try:
        eid = lap.enterprises.add(EnterpriseForm(name="尉氏县同步有限公司", credit_code=_code(1), township="城关镇"))
        _visit(lap, eid, "用电")
        for _ in range(2):
            hub.sync.import_file(lap.sync.export(stick))
            lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
        same = _consistent(lap)
        assert _consistent(hub) == same
        form = lap.enterprises.get(eid).form
        form.contact_phone = "13900000000"
        lap.enterprises.update(eid, form)
        changed = _consistent(lap)
        assert changed != same
        form.contact_phone = hub.enterprises.get(eid).form.contact_phone
        lap.enterprises.update(eid, form)  # back to what the hub holds: the same content, the same digest
        assert _consistent(lap) == same
        con = sqlite3.connect(lap.db.path)
        digest_sql.register(con)
        with con:  # bookkeeping stamps are not content; a replicated column is
            con.execute("UPDATE enterprise SET updated_at = '2020-01-01 00:00:00', updated_by = 'x' WHERE id = ?", (eid,))
        assert _consistent(lap) == same
        with con:
            con.execute("INSERT INTO tombstone(entity, record_id, hlc, device_id) VALUES ('enterprise', 'gone', 'h', 'd')")
        assert _consistent(lap) != same
        with con:
            con.execute("DELETE FROM tombstone WHERE record_id = 'gone'")
        con.close()
        assert _consistent(lap) == same
    finally:
        lap.close()
        hub.close()


def test_a_connection_without_the_digest_functions_cannot_write_replicated_tables(services):
    eid = services.enterprises.add(EnterpriseForm(name="尉氏县原样有限公司", credit_code=_code(2), township="城关镇"))
    before = _consistent(services)
    con = sqlite3.connect(services.db.path)
    try:
        with pytest.raises(sqlite3.OperationalError, match="yimi_row_hash"):
            with con:
                con.execute("UPDATE enterprise SET name = '尉氏县改名有限公司' WHERE id = ?", (eid,))
        assert con.execute("SELECT count(*) FROM local_device").fetchone() == (1,)  # reading is fine
        digest_sql.register(con)
        with con:
            con.execute("UPDATE enterprise SET name = '尉氏县改名有限公司' WHERE id = ?", (eid,))
            con.execute("DELETE FROM team_membership")
        with con:  # REPLACE deletes the old row: with recursive triggers on, its hash goes out too
            con.execute("INSERT OR REPLACE INTO enterprise SELECT * FROM enterprise WHERE id = ?", (eid,))
    finally:
        con.close()
    assert _consistent(services) != before


def test_a_database_of_the_previous_revision_with_unsynced_work_gets_its_digest_on_upgrade(tmp_path, monkeypatch):
    from test_storage import _downgrade
    from yimi_desktop.services.trust import Trust

    # the release before 0022 wrote no roster rows (downgraded, the laptop would lose the one its enrolment
    # brought while the log still holds it); tests/unit/test_roster.py covers the upgrade to 0022
    monkeypatch.setattr(Trust, "_roster_rows", lambda self, s, devices: 0)
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "旧笔记本")
    path = lap.db.path
    try:
        eid = lap.enterprises.add(EnterpriseForm(name="尉氏县升级有限公司", credit_code=_code(3), township="城关镇"))
        _visit(lap, eid, "升级前")
        assert lap.sync.status().unacknowledged > 0
        before = _consistent(lap)
    finally:
        lap.close()
        hub.close()
    _downgrade(path, "0018")  # the revision before 0019 (further down, 0017 drops the hub_device rows the log still holds)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sync_digest%'").fetchone() == (0,)
    con.close()
    lap = open_services(path)
    try:
        assert lap.db.revision() == head_revision() and lap.db.backup is not None
        assert _consistent(lap) == before
        _visit(lap, eid, "升级后")
        assert _consistent(lap) != before
    finally:
        lap.close()


def test_the_light_digest_counts_attachment_files_and_leaves_unusual_files_to_the_full_path(services, tmp_path):
    """`yimi digest` reads the maintained digest with sqlite3 alone: the same line as the service, with each
    attachment's file present or not; anything but a current yimi database gives None (the full path)."""
    eid = services.enterprises.add(EnterpriseForm(name="尉氏县附件有限公司", credit_code=_code(7), township="城关镇"))
    team = _staffed_team(services)
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    vid = services.visits.finish(VisitForm(enterprise_id=eid, visit_date=date.today(), start_time=time(9, 0),
                                           end_time=time(10, 0), team_id=team.id,
                                           officer_ids=[services.teams.get(team.id).members[0].id], notes="照片",
                                           attachment_paths=[str(photo)]))
    with_file = _consistent(services)
    sha = services.visits.get(vid).attachments[0][0]
    services.visits.files.path_of(sha).unlink()
    without = _consistent(services)
    assert without != with_file
    assert digest_sql.read_current(tmp_path / "none.db") is None
    stray = tmp_path / "stray.db"
    sqlite3.connect(stray).execute("CREATE TABLE t(x)").connection.close()
    assert digest_sql.read_current(stray) is None
    con = sqlite3.connect(services.db.path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.close()
    assert digest_sql.read_current(services.db.path) is None
