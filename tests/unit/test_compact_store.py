"""The compact change log (migration 0018): a database of the previous revision (0017) with unsynced work upgrades in place without
losing a change (the log reads back exactly as it was), keeps its digest and vector and syncs on; the
log's size per change is bounded; compaction drops values only where nothing needs them."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.services.context import open_services
from yimi_desktop.storage.database import head_revision
from sync_helpers import enrol, make_hub
from test_storage import _downgrade
from test_sync import add_enterprise, exchange

LOG = "device_id, seq, hlc, entity, record_id, field, value, base"


def _edit_contact(svc, eid: str, name: str) -> None:
    form = svc.enterprises.get(eid).form
    svc.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": name}))


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def test_a_database_of_the_previous_revision_with_unsynced_work_upgrades_in_place_and_syncs(tmp_path, stick, monkeypatch):
    # the roster (0022) is not this test's subject: a file taken below 0022 loses its roster rows, which the hub
    # would write again when it opens (new changes of its own); tests/unit/test_roster.py covers that
    from yimi_desktop.services.trust import Trust
    monkeypatch.setattr(Trust, "_roster_rows", lambda self, s, devices: 0)
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "L1")
    shared = add_enterprise(lap, 1)
    cat = lap.categories.list()[0]
    iid = lap.issues.raise_issue(shared, cat.id, "流动资金短缺", on=date(2026, 9, 1))
    exchange(stick, hub, [lap])
    # concurrent edits of one field (a conflict), and unsynced work on both sides
    _edit_contact(lap, shared, "张三")
    _edit_contact(hub, shared, "李四")
    unsent = add_enterprise(lap, 2)
    lap.issues.assign(iid, cat.default_team_id, date(2026, 9, 20), on=date(2026, 9, 2))
    lap.issues.progress(iid, "已对接银行", on=date(2026, 9, 5))
    exchange(stick, hub, [lap], rounds=1)
    _edit_contact(lap, unsent, "王五")  # not sent yet
    before = {n: (s.sync.digest(), s.sync.vector(), s.sync.status().conflicts) for n, s in (("hub", hub), ("L1", lap))}
    assert before["L1"][2] == before["hub"][2] == 1
    paths = {"hub": hub.db.path, "L1": lap.db.path}
    hub.close()
    lap.close()
    logs = {}
    for name, path in paths.items():
        _downgrade(path, "0017")  # the revision before the compact log (0018)
        con = sqlite3.connect(path)
        assert {"change", "field_version"} <= {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        logs[name] = con.execute(f"SELECT {LOG} FROM change ORDER BY device_id, seq").fetchall()
        con.close()
    hub, lap = open_services(paths["hub"]), open_services(paths["L1"])
    try:
        for name, svc in (("hub", hub), ("L1", lap)):
            assert svc.db.revision() == head_revision() and svc.db.backup is not None
            assert (svc.sync.digest(), svc.sync.vector(), svc.sync.status().conflicts) == before[name]
            con = sqlite3.connect(svc.db.path)
            assert con.execute(f"SELECT {LOG} FROM change_log ORDER BY device_id, seq").fetchall() == logs[name]
            assert "field_version" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            con.close()
        assert lap.sync.status().unacknowledged > 0
        exchange(stick, hub, [lap])
        assert hub.sync.digest() == lap.sync.digest()
        assert hub.enterprises.get(unsent).form.contact_person == "王五"
        assert hub.sync.status().conflicts == lap.sync.status().conflicts == 1
        # and new work on the upgraded files still travels, with its base
        _edit_contact(hub, unsent, "赵六")
        exchange(stick, hub, [lap])
        assert lap.enterprises.get(unsent).form.contact_person == "赵六" and hub.sync.digest() == lap.sync.digest()
    finally:
        hub.close()
        lap.close()


def _sync_bytes(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT sum(pgsize) FROM dbstat WHERE name IN ('change', 'ix_change_field', 'sync_record', "
                           "'sqlite_autoindex_sync_record_1', 'sync_device', 'sqlite_autoindex_sync_device_1', "
                           "'sync_field', 'sqlite_autoindex_sync_field_1', 'sync_held')").fetchone()[0]
    finally:
        con.close()


def _snapshot(src, dest) -> tuple[int, int]:
    """(bytes the log and its names take, changes held) of a VACUUMed copy of `src`."""
    a, b = sqlite3.connect(src), sqlite3.connect(dest)
    a.backup(b)
    a.close()
    b.execute("VACUUM")
    changes = b.execute("SELECT count(*) FROM change").fetchone()[0]
    b.close()
    return _sync_bytes(dest), changes


def test_the_change_log_grows_by_less_than_100_bytes_a_change(tmp_path):
    """Size is deterministic: what the log and its names grow by per change (values included), between
    100 and 400 enterprises each edited once, measured with dbstat on VACUUMed copies. It was about 430
    bytes before 0018."""
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "L1")
    try:
        def work(start: int, stop: int) -> None:
            for n in range(start, stop):
                _edit_contact(lap, add_enterprise(lap, n), f"联系人{n}")
        work(1, 101)
        small = _snapshot(lap.db.path, tmp_path / "small.db")
        work(101, 401)
        big = _snapshot(lap.db.path, tmp_path / "big.db")
    finally:
        hub.close()
        lap.close()
    grown = big[1] - small[1]
    assert grown > 4000
    per_change = (big[0] - small[0]) / grown
    assert per_change < 100, per_change


def test_compaction_drops_superseded_values_only_once_every_peer_holds_them(tmp_path, stick):
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "L1")
    try:
        eid = add_enterprise(lap, 1)
        for name in ("张三", "李四", "王五"):
            _edit_contact(lap, eid, name)
        assert lap.sync.compact() == 0  # the hub does not hold them yet
        exchange(stick, hub, [lap])
        digest = lap.sync.digest()
        # each import compacted what its package concerned (compaction.compact_after): the full pass finds
        # nothing left, and the three superseded contact_person values are gone
        assert lap.sync.compact() == hub.sync.compact() == 0
        assert lap.sync.digest() == digest == hub.sync.digest()
        con = sqlite3.connect(lap.db.path)
        kept = con.execute("SELECT value FROM change_log WHERE record_id = ? AND field = 'contact_person' "
                           "ORDER BY hlc", (eid,)).fetchall()
        con.close()
        assert kept == [(None,), (None,), (None,), ('"王五"',)]  # the rows stay: sequences and bases
        # a laptop enrolled later gets the value-less changes and their winner: the same records
        l2 = enrol(hub, tmp_path, "L2")
        try:
            exchange(stick, hub, [lap, l2])
            # (the hub's digest moved by one record: L2's row on the roster of laptops' keys, sync.roster)
            assert l2.sync.digest() == hub.sync.digest() == lap.sync.digest() != digest
            assert l2.enterprises.get(eid).form.contact_person == "王五"
            assert l2.sync.vector() == hub.sync.vector()  # gap-free: every sequence held
            # a full package of compacted changes is no collision for a replica holding their values
            assert lap.sync.import_file(hub.sync.export(stick, to="L1", full=True)).ok
        finally:
            l2.close()
    finally:
        hub.close()
        lap.close()


def test_a_conflicts_candidates_keep_their_values(tmp_path, stick):
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "L1")
    try:
        eid = add_enterprise(lap, 1)
        exchange(stick, hub, [lap])
        _edit_contact(lap, eid, "张三")
        _edit_contact(hub, eid, "李四")
        exchange(stick, hub, [lap])
        _edit_contact(lap, eid, "王五")  # supersedes both candidates
        exchange(stick, hub, [lap])
        lap.sync.compact()
        rows = lap.sync.conflicts(include_settled=True)
        assert len(rows) == 1 and {c.value for c in rows[0].candidates} == {"张三", "李四"}
    finally:
        hub.close()
        lap.close()


def test_compact_command(tmp_path, capsys):
    from yimi_desktop.cli import main

    db = tmp_path / "c.db"
    assert main(["--db", str(db), "init", "--name", "县中心", "--hub"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "compact"]) == 0
    assert "0" in capsys.readouterr().out


def test_record_ids_are_interned_once(tmp_path):
    hub = make_hub(tmp_path)
    try:
        eid = add_enterprise(hub, 1)
        _edit_contact(hub, eid, "张三")
        con = sqlite3.connect(hub.db.path)
        assert con.execute("SELECT count(*) FROM sync_record WHERE record_id = ?", (eid,)).fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM sync_device").fetchone()[0] == 1
        con.close()
    finally:
        hub.close()


# ---- 0023: the narrower field index and the compact stored values ------------------------------------
_TRICKY = ('他说"好"', "C:\\数据", "两行\n文字", "", "abcdefghijklmnop", "十六字节的名五", "0123456789abcdef0123456789abcdef",
           "0123456789ABCDEF0123456789ABCDEF", "普通的联系人")


# 0031: ISO stamps packed; strings of their shapes that are no real stamp are packed and read back alike
_STAMPS = ("2026-12-03T08:25:27.252047", "2025-12-03T09:00:00", "2020-02-01", "08:30:00", "9999-99-99T99:99:99.999999",
           "0000-00-00", "2026-12-03 08:25:27", "2026-12-03T08:25:27+08:00", "08:30:00.123456", "2026-1-03", "２０２６-12-03")


@given(st.text(max_size=40) | st.sampled_from(_TRICKY) | st.sampled_from(_STAMPS) | st.none() | st.integers()
       | st.booleans() | st.datetimes() | st.dates() | st.times()
       | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?)?", fullmatch=True))
def test_a_stored_value_reads_back_as_the_exact_json_text_in_python_and_in_sql(value):
    from yimi_desktop.sync.log import VALUE_SQL, store_value, value_text
    from yimi_desktop.sync.registry import to_json

    text = to_json(value)
    stored = store_value(text)
    assert value_text(stored) == text
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (value TEXT)")
    con.execute("INSERT INTO t VALUES (?)", (stored,))
    assert con.execute(f"SELECT {VALUE_SQL.format(v='value')} FROM t").fetchone()[0] == text
    con.close()


def test_stored_forms():
    from yimi_desktop.sync.log import store_value

    hexid = "0123456789abcdef0123456789abcdef"
    assert store_value(f'"{hexid}"') == bytes.fromhex(hexid)
    assert store_value('"张三"') == "张三".encode()
    assert store_value('"abcdefghijklmnop"') == '"abcdefghijklmnop"'  # 16 bytes: stays text, never read as an id
    assert store_value('"A\\"B"') == '"A\\"B"' and store_value("null") == "null" and store_value("12") == "12"
    assert store_value(None) is None
    # 0031: the four stamp shapes packed after the byte 0xFF, two digits a byte; any other shape as before
    assert store_value('"2026-12-03T08:25:27.252047"') == bytes.fromhex("ff20261203082527252047")
    assert store_value('"2025-12-03T09:00:00"') == bytes.fromhex("ff20251203090000")
    assert store_value('"2020-02-01"') == bytes.fromhex("ff20200201") and store_value('"08:30:00"') == bytes.fromhex("ff083000")
    assert store_value('"2026-12-03 08:25:27"') == b"2026-12-03 08:25:27" and store_value('"08:30"') == b"08:30"
    assert store_value('"２０２６-12-03"') == "２０２６-12-03".encode()  # digits of another script stay text


def _county_with_a_conflict(tmp_path, stick):
    """A hub and laptop L1 that share an enterprise with an issue, then both edit its contact (a conflict, not
    synced yet): (hub, lap, the enterprise, the category, the issue)."""
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "L1")
    shared = add_enterprise(lap, 1)
    cat = lap.categories.list()[0]
    iid = lap.issues.raise_issue(shared, cat.id, "流动资金短缺", on=date(2026, 9, 1))
    exchange(stick, hub, [lap])
    _edit_contact(lap, shared, "张三")
    _edit_contact(hub, shared, "李四")
    return hub, lap, shared, cat, iid


def test_a_database_of_revision_0019_with_unsynced_work_upgrades_to_the_compact_values_and_syncs(tmp_path, stick):
    """0023 converts the stored values and the field index in place; the log reads back exactly as before
    (a package the hub made before the upgrade is a duplicate, value for value), the digest, vector and
    conflicts stay, and the upgraded laptop converges with the hub, whose copies of its changes are still
    stored as the packages carried them (JSON text)."""
    from yimi_desktop.cli import main

    hub, lap, shared, cat, iid = _county_with_a_conflict(tmp_path, stick)
    tricky = []
    for n, name in enumerate(_TRICKY[:6], start=10):  # values that keep their JSON text and values that lose it
        eid = add_enterprise(lap, n)
        _edit_contact(lap, eid, name)
        tricky.append((eid, name))
    exchange(stick, hub, [lap], rounds=1)
    old_package = hub.sync.export(stick, to="L1", full=True)  # every change the hub holds, in the package form
    lap.issues.assign(iid, cat.default_team_id, date(2026, 9, 20), on=date(2026, 9, 2))
    unsent = add_enterprise(lap, 2)
    _edit_contact(lap, unsent, "王五")  # not sent yet
    before = (lap.sync.digest(), lap.sync.vector(), lap.sync.status().conflicts)
    assert before[2] == 1 and lap.sync.status().unacknowledged > 0
    path = lap.db.path
    lap.close()
    _downgrade(path, "0022")
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM change WHERE typeof(value) = 'blob'").fetchone() == (0,)
    log = con.execute(f"SELECT {LOG} FROM change_log ORDER BY device_id, seq").fetchall()
    con.close()
    lap = open_services(path)
    try:
        assert lap.db.revision() == head_revision() and lap.db.backup is not None
        assert (lap.sync.digest(), lap.sync.vector(), lap.sync.status().conflicts) == before
        con = sqlite3.connect(path)
        assert con.execute(f"SELECT {LOG} FROM change_log ORDER BY device_id, seq").fetchall() == log
        assert con.execute("SELECT count(*) FROM change WHERE typeof(value) = 'blob'").fetchone()[0] > 0
        assert [r[2] for r in con.execute("PRAGMA index_info(ix_change_field)")] == ["rec_n", "field_n"]
        con.close()
        res = lap.sync.import_file(old_package)  # held changes compared value by value: no collision
        assert res.ok and res.stats.duplicates > 0
        assert main(["--db", str(path), "digest", "--verify"]) == 0
        exchange(stick, hub, [lap])
        assert hub.sync.digest() == lap.sync.digest()
        assert hub.enterprises.get(unsent).form.contact_person == "王五"
        assert [hub.enterprises.get(e).form.contact_person for e, _ in tricky] == [n for _, n in tricky]
        assert hub.sync.status().conflicts == lap.sync.status().conflicts == 1
        _edit_contact(hub, unsent, "赵六")  # new work still travels, with its base
        _edit_contact(lap, tricky[0][0], "改过的")
        exchange(stick, hub, [lap])
        assert lap.enterprises.get(unsent).form.contact_person == "赵六"
        assert hub.enterprises.get(tricky[0][0]).form.contact_person == "改过的"
        assert hub.sync.digest() == lap.sync.digest()
    finally:
        hub.close()
        lap.close()


def _packed(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM change WHERE typeof(value) = 'blob' AND substr(value, 1, 1) = x'ff'"
                           ).fetchone()[0]
    finally:
        con.close()


def _log(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT {LOG} FROM change_log ORDER BY device_id, seq").fetchall()
    finally:
        con.close()


def test_databases_of_revision_0030_with_unsynced_work_upgrade_to_packed_stamps_and_sync(tmp_path, stick, monkeypatch):
    """0031 packs ISO stamps in the log (sync/log.py store_value). A hub and a laptop taken down to 0030 (their
    packed stamps unpacked to 0023's UTF-8 form, the log reading back the same), with unsynced work on both and a
    conflict, upgrade in place: the log reads back as before, value for value (a package the hub made before is
    a duplicate), digest, vector and conflicts stay; the values held keep their form, new changes take the
    packed one, made here or imported; and the two converge."""
    from yimi_desktop.cli import main
    from yimi_desktop.services.trust import Trust
    monkeypatch.setattr(Trust, "_roster_rows", lambda self, s, devices: 0)  # as in the first test

    hub, lap, shared, cat, iid = _county_with_a_conflict(tmp_path, stick)
    exchange(stick, hub, [lap], rounds=1)
    old_package = hub.sync.export(stick, to="L1", full=True)
    lap.issues.assign(iid, cat.default_team_id, date(2026, 9, 20), on=date(2026, 9, 2))  # unsynced: stamps
    unsent = add_enterprise(lap, 2)
    hub_only = add_enterprise(hub, 3)  # unsynced at the hub
    svcs = {"hub": hub, "L1": lap}
    before = {n: (s.sync.digest(), s.sync.vector(), s.sync.status().conflicts) for n, s in svcs.items()}
    assert before["L1"][2] == before["hub"][2] == 1 and lap.sync.status().unacknowledged > 0
    paths = {n: s.db.path for n, s in svcs.items()}
    logs = {n: _log(p) for n, p in paths.items()}
    assert all(_packed(p) > 0 for p in paths.values())  # made here (the laptop) and imported (the hub)
    hub.close()
    lap.close()
    for path in paths.values():
        _downgrade(path, "0030")
    assert all(_packed(p) == 0 for p in paths.values())
    assert {n: _log(p) for n, p in paths.items()} == logs
    hub, lap = open_services(paths["hub"]), open_services(paths["L1"])
    try:
        for name, svc in (("hub", hub), ("L1", lap)):
            assert svc.db.revision() == head_revision() and svc.db.backup is not None
            assert (svc.sync.digest(), svc.sync.vector(), svc.sync.status().conflicts) == before[name]
            assert _log(svc.db.path) == logs[name] and _packed(svc.db.path) == 0
            assert main(["--db", str(svc.db.path), "digest", "--verify"]) == 0
        res = lap.sync.import_file(old_package)  # held changes compared value by value: no collision
        assert res.ok and res.stats.duplicates > 0
        exchange(stick, hub, [lap])
        assert hub.sync.digest() == lap.sync.digest()
        assert hub.enterprises.get(unsent).form.name == lap.enterprises.get(unsent).form.name
        assert lap.enterprises.get(hub_only).form.name == hub.enterprises.get(hub_only).form.name
        assert hub.issues.get(iid).status == lap.issues.get(iid).status
        assert hub.sync.status().conflicts == lap.sync.status().conflicts == 1
        assert _packed(paths["hub"]) > 0 and _packed(paths["L1"]) > 0  # what each imported came packed
        lap.issues.progress(iid, "已对接银行", on=date(2026, 9, 5))  # new work, new stamps
        _edit_contact(hub, unsent, "赵六")
        exchange(stick, hub, [lap])
        assert lap.enterprises.get(unsent).form.contact_person == "赵六"
        assert hub.sync.digest() == lap.sync.digest()
        assert _log(paths["hub"]) == _log(paths["L1"])  # the same log, in the package form, on both
    finally:
        hub.close()
        lap.close()


def _unused_share(path, name: str = "change") -> float:
    con = sqlite3.connect(path)
    try:
        unused, size = con.execute("SELECT sum(unused), sum(pgsize) FROM dbstat WHERE name = ?", (name,)).fetchone()
        return unused / size
    finally:
        con.close()


def test_a_package_that_doubles_the_log_leaves_the_file_packed(tmp_path, stick, monkeypatch):
    """A county's first package at a new hub fills the hub's log by appends, an eighth of each page empty; the
    import that (at least) doubles the log packs the file after its commit (Database.vacuum); an ordinary
    package does not rewrite the file. A VACUUM that fails leaves the import standing."""
    from yimi_desktop.storage.database import Database

    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "L1")
    lap.demo.populate(seed=3, enterprises=40, visits=150)
    packed: list[str] = []
    vacuum = Database.vacuum
    monkeypatch.setattr(Database, "vacuum", lambda self: (packed.append(self.path.name), vacuum(self))[1])
    try:
        assert _unused_share(lap.db.path) > 0.08  # the laptop's log, as the demo's appends left it
        assert hub.sync.import_file(lap.sync.export(stick)).ok
        assert packed == ["hub.db"] and _unused_share(hub.db.path) < 0.04
        assert hub.sync.digest() == lap.sync.digest()
        add_enterprise(lap, 1)  # a day's work, and the hub's reply: no rewrite
        exchange(stick, hub, [lap], rounds=1)
        assert packed == ["hub.db"] and hub.sync.digest() == lap.sync.digest()

        def fails(self):
            packed.append("failed")
            raise sqlite3.OperationalError("database or disk is full")
        monkeypatch.setattr(Database, "vacuum", fails)
        (tmp_path / "other").mkdir()
        hub2 = make_hub(tmp_path / "other")
        lap2 = enrol(hub2, tmp_path, "L2")
        try:
            lap2.demo.populate(seed=4, enterprises=10, visits=20)
            res = hub2.sync.import_file(lap2.sync.export(stick))
            assert res.ok and packed[-1] == "failed" and hub2.sync.digest() == lap2.sync.digest()
        finally:
            hub2.close()
            lap2.close()
    finally:
        hub.close()
        lap.close()


def test_a_conflict_arriving_after_compaction_marks_the_compacted_candidate(tmp_path):
    from sync_helpers import conflict_with_a_compacted_candidate

    from yimi_desktop.services.sync import ConflictCandidate

    _stick, hub, l1, l2, eid = conflict_with_a_compacted_candidate(tmp_path)
    try:
        (row,) = l1.sync.conflicts()
        assert row.open and all(isinstance(c, ConflictCandidate) for c in row.candidates)
        mine, theirs = sorted(row.candidates, key=lambda c: c.device_id != l1.device.device_id)
        assert mine.device_name == "L1" and mine.compacted and mine.value is None
        assert theirs.device_id == l2.device.device_id and not theirs.compacted and theirs.value == "李四" == row.current
        with pytest.raises(AttributeError):  # frozen
            mine.compacted = False  # type: ignore[misc]
        # the hub, which still holds the value, offers both
        (at_hub,) = hub.sync.conflicts()
        assert {(c.value, c.compacted) for c in at_hub.candidates} == {("张三", False), ("李四", False)}
    finally:
        for s in (hub, l1, l2):
            s.close()


def _issue_county(tmp_path, stick):
    """A hub and a laptop that raised, assigned and progressed issues, synced both ways: each import
    compacted (compaction.compact_after), so the values an issue's creation wrote into its state columns
    (status, team_id, deadline), superseded by its assignment, are gone at the hub."""
    hub = make_hub(tmp_path)
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    lap = enrol(hub, tmp_path, "L1")
    lap.simulation.run(seed=1, visits=3, today=date(2026, 11, 2))
    exchange(stick, hub, [lap])
    con = sqlite3.connect(hub.db.path)
    gone = con.execute("SELECT count(*) FROM change_log WHERE entity = 'issue' AND field = 'status' "
                       "AND base = '' AND value IS NULL").fetchone()[0]
    con.close()
    assert gone > 0, "no issue's creation value was compacted: the test would prove nothing"
    return hub, lap


def _events(svc) -> int:
    con = sqlite3.connect(svc.db.path)
    try:
        return con.execute("SELECT count(*) FROM issue_event").fetchone()[0]
    finally:
        con.close()


def test_a_laptop_enrolled_after_compaction_gets_every_issue_event_and_the_hubs_digest(tmp_path, stick):
    # what made tests/unit/test_salvage.py's new laptop differ when compaction first ran after each import: its
    # county package (a full export) brings each issue's creation with its status/team_id/deadline value-less;
    # the issue can only be made whole from its assignment's changes, later in the package
    hub, lap = _issue_county(tmp_path, stick)
    new = enrol(hub, tmp_path, "L2")
    try:
        assert _events(new) == _events(hub) > 0
        assert new.sync.digest() == hub.sync.digest()
        exchange(stick, hub, [lap, new])
        assert new.sync.digest() == hub.sync.digest() == lap.sync.digest()
        assert len(hub.sync.conflicts()) == len(new.sync.conflicts()) == len(lap.sync.conflicts())
    finally:
        new.close()
        lap.close()
        hub.close()


def test_the_per_change_path_keeps_events_of_an_issue_compacted_at_the_sender(tmp_path, stick, monkeypatch):
    """The per-change reference path (merge.Applier, kept to compare with the set-based import) materialises
    records in arrival order: the events of an issue whose creation values were compacted at the sender come
    before the issue's assignment re-creates it, so the issue_event -> issue foreign key must wait for the
    commit. It used to fail them (its PRAGMA defer_foreign_keys was set before the import's transaction
    began, so was off by then): counted unmaterialised, the issue's state folded from fewer events."""
    from yimi_desktop.sync import importer

    hub, lap = _issue_county(tmp_path, stick)

    def per_change(conn, lines, decode, damaged, m, own, signer, bindings, wall):
        return importer.apply_changes_per_group(conn, [decode(x) for x in lines], m, own, signer, bindings, wall)

    monkeypatch.setattr(importer, "apply_package", per_change)
    new = enrol(hub, tmp_path, "L2")
    try:
        assert _events(new) == _events(hub)
        assert new.sync.digest() == hub.sync.digest()
    finally:
        new.close()
        lap.close()
        hub.close()


def test_a_revoked_laptop_no_longer_holds_the_hubs_compaction_back(tmp_path, stick):
    hub = make_hub(tmp_path)
    lost = enrol(hub, tmp_path, "L1")
    other = enrol(hub, tmp_path, "L2")
    try:
        exchange(stick, hub, [lost, other])
        eid = add_enterprise(other, 1)
        _edit_contact(other, eid, "赵六")
        _edit_contact(other, eid, "钱七")  # supersedes 赵六
        exchange(stick, hub, [other])
        con = sqlite3.connect(hub.db.path)
        values = "SELECT value FROM change_log WHERE record_id = ? AND field = 'contact_person' ORDER BY hlc"
        assert con.execute(values, (eid,)).fetchall()[-2:] == [('"赵六"',), ('"钱七"',)]  # L1 never said it holds 赵六
        con.close()
        lost.close()
        hub.trust.revoke("L1", "丢失")  # its last acknowledgement no longer counts: the revocation compacts
        con = sqlite3.connect(hub.db.path)
        assert con.execute(values, (eid,)).fetchall()[-2:] == [(None,), ('"钱七"',)]
        con.close()
        for name in ("张三", "李四", "王五"):
            _edit_contact(other, eid, name)
        exchange(stick, hub, [other])
        con = sqlite3.connect(hub.db.path)
        kept = con.execute("SELECT value FROM change_log WHERE record_id = ? AND field = 'contact_person' "
                           "ORDER BY hlc", (eid,)).fetchall()
        con.close()
        # L1's last acknowledgement predates these changes: counted, it would keep every value at the hub
        assert kept[-4:] == [(None,), (None,), (None,), ('"王五"',)] and all(v is None for v, in kept[:-1])
        assert hub.sync.digest() == other.sync.digest()
    finally:
        other.close()
        hub.close()
