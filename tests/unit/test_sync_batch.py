"""The set-based import (sync.batch) gives exactly the database the per-change path (merge.Applier,
kept as importer.apply_changes_per_group) gives, on a realistic field-work package: new visits with
issues, events and transitions, edits of records the hub holds (one of them concurrent with the hub:
a conflict), attendees replaced (tombstones), and the same package applied again (duplicates)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection

from sync_helpers import enrol, make_hub
from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.domain.visits import AttendeeForm
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.sync import importer
from yimi_desktop.sync.batch import _DBVALUE, CANONICAL, Staging, _canonical_row
from yimi_desktop.sync.log import store_value
from yimi_desktop.sync.digest import digest, full_digest
from yimi_desktop.sync.package import PackageError, PackageReader, change_line, valid_change
from yimi_desktop.sync.registry import replicated_tables

DAY = date(2026, 11, 2)


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def snapshot(conn: Connection) -> dict:
    """Everything the import may change, but each replica's own bookkeeping (updated_at)."""
    out: dict = {}
    for name, table in replicated_tables().items():
        cols = [c.name for c in table.columns if c.name != "updated_at"]
        out[name] = conn.exec_driver_sql(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{name}" '
                                         "ORDER BY id").all()
    out["change_log"] = conn.exec_driver_sql("SELECT device_id, seq, hlc, entity, record_id, field, value, base "
                                             "FROM change_log ORDER BY device_id, seq").all()
    out["held"] = conn.exec_driver_sql("SELECT d.device_id, h.seq FROM sync_held AS h JOIN sync_device AS d "
                                       "ON d.n = h.device_n ORDER BY 1").all()
    out["tombstone"] = conn.exec_driver_sql("SELECT entity, record_id FROM tombstone ORDER BY 1, 2").all()
    out["conflicts"] = conn.exec_driver_sql("SELECT id, entity, record_id, field, base FROM sync_conflict "
                                            "ORDER BY id").all()
    out["digest"] = digest(conn)
    assert full_digest(conn) == out["digest"]  # what `yimi digest --verify` checks
    return out


def apply_both(hub, pkg, reorder=None) -> tuple[dict, dict, dict]:
    """(before, per-change path, set-based path), each applied to the same hub state in a transaction
    that is then rolled back; `reorder` rearranges the package's lines first."""
    reader = PackageReader(pkg, hub.trust.keys().identities, hub.sync._scratch)
    try:
        m = reader.manifest
        lines = list(reader.lines())
        if reorder is not None:
            lines = reorder(lines)
        own = hub.device.device_id
        wall = hub.sync.now()
        results = []
        for path in ("before", "old", "new"):
            with hub.db.session() as s:
                s.info["sync_applying"] = True
                conn = s.connection()
                bindings = hub.trust.bindings(s)
                for _ in range(2):  # the second time every change is a duplicate
                    if path == "old":
                        importer.apply_changes_per_group(conn, [reader.decode_line(x) for x in lines], m, own,
                                                         m.signer, bindings, wall)
                    elif path == "new":
                        importer.apply_package(conn, lines, reader.decode_line, reader.damaged, m, own, m.signer,
                                               bindings, wall)
                results.append(snapshot(conn))
                s.rollback()
        return results[0], results[1], results[2]
    finally:
        reader.close()


def assert_refused_unchanged(hub, reader, lines: list[bytes], error: type[Exception], match: str | None = None) -> None:
    """Applying `lines` (the reader's package, as `lines` now stand) at the hub raises `error` and leaves the
    database exactly as it was."""
    with hub.db.session() as s:
        s.info["sync_applying"] = True
        conn = s.connection()
        start = snapshot(conn)
        with pytest.raises(error, match=match):
            importer.apply_package(conn, lines, reader.decode_line, reader.damaged, reader.manifest,
                                   hub.device.device_id, reader.manifest.signer, None, hub.sync.now())
        s.rollback()
    with hub.db.engine.connect() as conn:
        assert snapshot(conn) == start


def test_set_based_import_gives_the_same_database_as_the_per_change_path(tmp_path, stick):
    hub = make_hub(tmp_path)
    lap = None
    try:
        hub.demo.populate(seed=3, enterprises=25, officers=20, policies=6, visits=40, today=DAY)
        lap = enrol(hub, tmp_path, "外业")
        assert lap.sync.import_file(hub.sync.export(stick, to=lap.device.name)).ok
        lap.simulation.run(seed=5, visits=30, today=DAY)
        # edits of records the hub holds: an enterprise's contact on both sides (a conflict), another's
        # on the laptop only; a visit's attendees replaced (tombstones) and its notes amended
        ids = lap.enterprises.ids(EnterpriseQuery())
        for i, (svc, who) in enumerate(((lap, "李四"), (hub, "王五"), (lap, "赵六"))):
            eid = ids[0] if i < 2 else ids[1]
            form = svc.enterprises.get(eid).form
            svc.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_person": who}))
        visit = next(v for v in lap.visits.list() if v.enterprise_id in ids)
        form = lap.visits.form_of(visit.id)
        lap.visits.amend_visit(visit.id, dataclasses.replace(form, notes=form.notes + "(补记)",
                                                             attendees=[AttendeeForm("孙七", "会计", "13900000000")]),
                               "补记参会人员", today=DAY)
        pkg = lap.sync.export(stick)

        before, old, new = apply_both(hub, pkg)
        assert old["change_log"] != before["change_log"] and old["tombstone"] != before["tombstone"]
        assert old["conflicts"] and old["issue"] != before["issue"]
        for key in old:
            assert new[key] == old[key], key
    finally:
        if lap is not None:
            lap.close()
        hub.close()


def test_lines_out_of_order_and_repeated_are_applied_as_sql_finds_them(tmp_path, stick, monkeypatch):
    """A package not in the exporter's order, one change in it twice and one missing: what the staged lines' own flags
    say of their order and sequence numbers gives the database SQL's own checks give."""
    hub = make_hub(tmp_path)
    lap = None
    try:
        hub.demo.populate(seed=3, enterprises=12, officers=10, policies=4, visits=10, today=DAY)
        lap = enrol(hub, tmp_path, "外业")
        assert lap.sync.import_file(hub.sync.export(stick, to=lap.device.name)).ok
        lap.simulation.run(seed=5, visits=8, today=DAY)
        pkg = lap.sync.export(stick)

        def reorder(lines: list[bytes]) -> list[bytes]:
            out = lines[::-1]
            return out[:5] + [out[3]] + out[6:]  # one change twice, one missing (a gap)

        staged = Staging.lines

        def unknown(self, *args):
            bad = staged(self, *args)
            self.sorted = self.rising = None
            return bad

        def unnumbered(self, *args):  # the numbers found when staged thrown away: SQL numbers every row
            bad = staged(self, *args)
            self.cur.execute("UPDATE imp SET dev_n = NULL, field_n = NULL, rec_n = NULL, base_hlc = NULL, base_dev = NULL")
            self.pending.clear()
            self.new_fields.clear()
            self.new_records = 0
            self.numbered = False
            return bad

        results = []
        for flags in (staged, unknown, unnumbered):
            monkeypatch.setattr(Staging, "lines", flags)
            before, _, new = apply_both(hub, pkg, reorder)
            assert new["change_log"] != before["change_log"] and new["issue"] != before["issue"]
            results.append(new)
        assert results[0] == results[1] == results[2]
    finally:
        if lap is not None:
            lap.close()
        hub.close()


def test_a_damaged_line_refuses_the_set_based_import_and_changes_nothing(tmp_path, stick):
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "外业")
    try:
        lap.enterprises.add(EnterpriseForm(name="尉氏县测试有限公司", township="城关镇",
                                           credit_code=creditcode.make_code("9", "1", "410223", "MA000991")))
        pkg = lap.sync.export(stick)
        reader = PackageReader(pkg, hub.trust.keys().identities, hub.sync._scratch)
        try:
            lines = list(reader.lines())
            lines.insert(3, b'{"device_id":"x","seq":true}\n')  # not canonical: Python decodes it, and refuses
            assert_refused_unchanged(hub, reader, lines, PackageError)
        finally:
            reader.close()
    finally:
        lap.close()
        hub.close()


_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
_VALUES = st.one_of(
    st.none(), st.integers(-10**20, 10**20).map(str), st.sampled_from(["true", "false", "null", '""', "[]"]),
    _TEXT.map(json.dumps), st.binary(min_size=16, max_size=16).map(lambda b: json.dumps(b.hex())),
    st.text("0123456789abcdefABCDEF", min_size=30, max_size=34).map(json.dumps),
    st.text(st.characters(codec="utf-8"), min_size=5, max_size=16).map(lambda t: json.dumps(t, ensure_ascii=False)),
    st.dates().map(lambda d: json.dumps(d.isoformat())), st.sampled_from(['"2026-02-30"', '"0000-01-01"', "-0", "012"]),
    st.text("ab尉氏", min_size=4, max_size=16).filter(lambda t: len(t.encode()) == 16).map(json.dumps), _TEXT)


@example(value='"0123456789abcdef"', entity="issue", base="")  # 16 bytes of UTF-8: kept as text
@example(value='"尉氏县城关镇a"', entity="issue", base="")
@example(value='"2026-02-30"', entity="issue", base="")  # not a date: Python's from_json decides, as in SQL
@settings(max_examples=300, deadline=None)
@given(value=_VALUES, entity=st.sampled_from(["issue", "企业", "x" * 64, "x" * 65]),
       base=st.sampled_from(["", f"{1:021d}@dev"]))
def test_a_canonical_line_means_what_python_decodes(value, entity, base):
    """A line the pattern takes apart (the exporter's form) gives the fields, the value's JSON text and its
    stored form that json and log.store_value give; a line it does not take is left to Python."""
    ch = {"device_id": "dev-1", "seq": 12, "hlc": f"{1796240139743:015d}000007", "entity": entity,
          "record_id": "r" * 32, "field": "notes", "value": value, "base": base}
    line = json.dumps(ch, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    m = CANONICAL.fullmatch(line.decode())
    decoded = json.loads(line)
    if m is None:
        return
    assert valid_change(decoded)
    for kind in KINDS:
        ord_, dev, seq, stamp, ent, rid, fname, text, stored, b, fast, dbvalue = _canonical_row(
            7, m, {(entity, "notes"): kind})
        assert (dev, seq, stamp, ent, rid, fname, b) == (ch["device_id"], 12, ch["hlc"], entity, ch["record_id"],
                                                         "notes", base)
        assert text == value and stored == store_value(value) and ord_ == 7
        if fast:  # the value as the table takes it: what SQL's _DBVALUE gives
            assert sql_dbvalue(text, kind) == dbvalue, kind


KINDS = ("text", "int", "bool", "date", "datetime", "time", "py")


def sql_dbvalue(text: str | None, kind: str):
    con = sqlite3.connect(":memory:")
    try:
        con.create_function("yimi_import_value", 2, lambda n, v: "<python>")
        return con.execute(f"SELECT {_DBVALUE.format(v=':v')} FROM (SELECT :kind AS kind, 0 AS field_n) AS k",
                           {"v": text, "kind": kind}).fetchone()[0]
    finally:
        con.close()


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30), value=st.one_of(st.none(), st.text(max_size=30)),
       seq=st.one_of(st.integers(1, 10**18), st.booleans(), st.text(max_size=3)), extra=st.booleans())
def test_a_change_line_is_what_json_dumps_writes(text, value, seq, extra):
    """The exporter's direct formatting of a line is exactly json.dumps (other types and keys: json itself)."""
    ch = {"device_id": "dev", "seq": seq, "hlc": "0" * 21, "entity": text, "record_id": "r", "field": text,
          "value": value, "base": ""}
    if extra:
        ch["more"] = 1
    want = json.dumps(ch, ensure_ascii=False, separators=(",", ":"))
    try:
        expected = want.encode() + b"\n"
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            change_line(ch)
        return
    assert change_line(ch) == expected


def test_rows_numbered_when_staged_are_numbered_as_sql_numbers_them():
    """The devices, fields and bases a canonical line names are numbered when staged (a device new here
    with the number it takes when interned); a number taken meanwhile, a base or field not numbered when
    staged, and a line Python decoded are numbered by SQL: every applied row ends with the numbers of its
    names, and only the names of applied rows are interned."""
    con = sqlite3.connect(":memory:")
    cur = con.cursor()
    cur.execute("CREATE TABLE sync_device (n INTEGER PRIMARY KEY, device_id TEXT UNIQUE)")
    cur.execute("CREATE TABLE sync_field (n INTEGER PRIMARY KEY, entity TEXT, field TEXT, UNIQUE (entity, field))")
    cur.execute("CREATE TABLE sync_record (n INTEGER PRIMARY KEY, record_id TEXT UNIQUE)")
    cur.executemany("INSERT INTO sync_device(n, device_id) VALUES (?, ?)", [(1, "known"), (4, "old")])
    cur.execute("INSERT INTO sync_field(n, entity, field) VALUES (3, 'issue', 'title')")
    cur.execute("INSERT INTO sync_record(n, record_id) VALUES (5, 'r2')")

    def line(dev, seq, field="title", base="", value='"x"'):
        return change_line({"device_id": dev, "seq": seq, "hlc": f"{seq:021d}", "entity": "issue",
                            "record_id": f"r{seq % 3}", "field": field, "value": value, "base": base})

    for steal in (False, True):
        stage = Staging(cur, {("issue", "title"): "text"})
        lines = [line("known", 1), line("new-a", 1, base=f"{1:021d}@known"), line("new-b", 1, base=f"{2:021d}@new-c"),
                 line("known", 2, field="notes", base=f"{1:021d}@old"), line("gap-only", 7),
                 line("known", 3, base="x" * 21 + "@known"),
                 json.dumps({"device_id": "new-d", "seq": 1, "hlc": "0" * 21, "entity": "issue", "record_id": "r9",
                             "field": "title", "value": "\\u5c09", "base": ""}).encode()]
        assert stage.lines(lines, lambda b: json.loads(b)) is None
        assert stage.pending  # new-a, new-b, new-c, gap-only: the numbers they would take
        cur.execute("UPDATE imp SET state = 2 WHERE device_id = 'gap-only'")  # (not applied: a gap)
        assert stage.new_records == 2  # r1 and r0 (r2 is held; r9 is on the line Python decoded)
        if steal:  # the numbers reserved for new-a and the first new record taken meanwhile: SQL numbers their rows
            cur.execute("INSERT INTO sync_device(n, device_id) VALUES (?, 'thief')", (stage.pending["new-a"],))
            cur.execute("INSERT INTO sync_record(n, record_id) VALUES (?, 'thief')", (stage.rec_top + 1,))
            cur.execute("INSERT INTO sync_field(n, entity, field) VALUES (?, 'x', 'thief')", (stage.new_fields[("issue", "notes")],))
        stage.number()
        rows = cur.execute(
            "SELECT i.ord, i.dev_n, (SELECT n FROM sync_device WHERE device_id = i.device_id), i.field_n, "
            "(SELECT n FROM sync_field WHERE entity = i.entity AND field = i.field), i.rec_n, "
            "(SELECT n FROM sync_record WHERE record_id = i.record_id), i.base_hlc, i.base_dev, "
            "(SELECT n FROM sync_device WHERE device_id = substr(i.base, 23)), "
            "CASE WHEN instr(i.base, '@') = 22 THEN CAST(substr(i.base, 1, 21) AS INTEGER) END "
            "FROM imp AS i WHERE state = 0 ORDER BY ord").fetchall()
        assert len(rows) == 6
        for ord_, dev_n, dev_want, field_n, field_want, rec_n, rec_want, base_hlc, base_dev, base_want, hlc_want in rows:
            assert dev_n == dev_want is not None and field_n == field_want is not None, ord_
            assert rec_n == rec_want is not None, ord_
            assert (base_hlc, base_dev) == (hlc_want, base_want), ord_
            if ord_ in (1, 2, 3):
                assert (base_hlc, base_dev) == ({1: 1, 2: 2, 3: 1}[ord_], base_want) and base_want is not None
            elif ord_ == 5:  # (as SQL reads "x"*21: 0; log() refuses such a base)
                assert (base_hlc, base_dev) == (0, 1)
            else:
                assert base_hlc is None and base_dev is None, ord_
        names = {d for (d,) in cur.execute("SELECT device_id FROM sync_device")}
        assert {"known", "old", "new-a", "new-b", "new-c", "new-d"} <= names and "gap-only" not in names
        stage.drop()
        cur.execute("DELETE FROM sync_device WHERE n != 1 AND n != 4")
        assert ("issue", "notes") in stage.new_fields
        cur.execute("DELETE FROM sync_field WHERE n != 3")
        assert cur.execute("SELECT n FROM sync_record WHERE record_id = 'r2'").fetchone() == (5,)
        cur.execute("DELETE FROM sync_record WHERE n != 5")


_TRICKY = ['"2026-02-30"', '"2026-02-31"', '"2026-04-31"', '"2026-02-29"', '"2024-02-29"', '"0000-01-01"', '"0001-01-01"',
           '"9999-12-31"', '"2026-13-01"', '"2026-00-10"', '"2026-1-01"', '"2026-11-02"',
           '"2026-02-30T10:00:00"', '"2026-02-28T23:59:59"', '"2026-02-28T24:00:00"', '"2026-02-28T23:59:60"',
           '"0000-01-01T00:00:00"', '"2026-11-02T08:30:00.123456"', '"2026-11-02T08:30:00.12345x"',
           '"24:00:00"', '"23:59:59"', '"23:59:60"', '"08:30:00.000001"', '"8:30:00"', '"12:60:00"']


@pytest.mark.parametrize("text", _TRICKY)
@pytest.mark.parametrize("kind", ["date", "datetime", "time"])
def test_sql_takes_a_date_or_time_only_where_python_takes_the_same(text, kind):
    """Where SQL takes a change's value for a date, datetime or time column itself (not handing it to
    registry.from_json), Python takes that value too and stores exactly the same: a day SQLite's date()
    lets through (2026-02-30) or a 24:00:00 is left to Python, which refuses it as the per-change path did."""
    from datetime import datetime, time

    from sqlalchemy import Date, DateTime, Time
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    sql = sql_dbvalue(text, kind)
    if sql == "<python>":
        return
    typ, parse = {"date": (Date(), date.fromisoformat), "datetime": (DateTime(), datetime.fromisoformat),
                  "time": (Time(), time.fromisoformat)}[kind]
    dialect = sqlite_dialect.dialect()
    value = parse(json.loads(text))  # (raises: SQL took what Python refuses)
    assert typ.dialect_impl(dialect).bind_processor(dialect)(value) == sql


def test_a_day_no_calendar_has_refuses_the_import_and_changes_nothing(tmp_path, stick):
    """A visit dated 2026-02-30 (a sender's bug; SQLite's date() lets the day through): refused as the
    per-change path refused it, the database as before; the same line with a real date is applied."""
    hub = make_hub(tmp_path)
    lap = None
    try:
        hub.demo.populate(seed=3, enterprises=6, officers=6, policies=2, visits=2, today=DAY)
        lap = enrol(hub, tmp_path, "外业")
        assert lap.sync.import_file(hub.sync.export(stick, to=lap.device.name)).ok
        lap.simulation.run(seed=5, visits=2, today=DAY)
        pkg = lap.sync.export(stick)
        reader = PackageReader(pkg, hub.trust.keys().identities, hub.sync._scratch)
        try:
            lines = list(reader.lines())
            at = next(i for i, line in enumerate(lines) if b'"field":"visit_date"' in line)
            ch = json.loads(lines[at])
            lines[at] = change_line({**ch, "value": json.dumps("2026-02-30")})
            # (registry.from_json refused it, inside SQL's call of it)
            assert_refused_unchanged(hub, reader, lines, Exception, "user-defined function raised")
            lines[at] = change_line({**ch, "value": json.dumps("2026-02-28")})
            with hub.db.session() as s:
                s.info["sync_applying"] = True
                conn = s.connection()
                importer.apply_package(conn, lines, reader.decode_line, reader.damaged, reader.manifest,
                                       hub.device.device_id, reader.manifest.signer, None, hub.sync.now())
                got = conn.exec_driver_sql("SELECT visit_date FROM visit WHERE id = ?", (ch["record_id"],)).scalar()
                assert got == "2026-02-28"
                s.rollback()
        finally:
            reader.close()
    finally:
        if lap is not None:
            lap.close()
        hub.close()


def test_foreign_keys_are_deferred_while_the_records_are_materialised(tmp_path, stick, monkeypatch):
    """The import's records are written with their foreign keys checked at the commit (PRAGMA
    defer_foreign_keys, set inside the import's transaction: it lasts to the end of one)."""
    from yimi_desktop.sync.batch import BatchApplier

    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "外业")
    try:
        lap.enterprises.add(EnterpriseForm(name="尉氏县测试有限公司", township="城关镇",
                                           credit_code=creditcode.make_code("9", "1", "410223", "MA000992")))
        seen = []
        materialise = BatchApplier.materialise

        def spy(self):
            seen.append((self.cur.connection.in_transaction,
                         self.cur.execute("PRAGMA defer_foreign_keys").fetchone()[0]))
            materialise(self)

        monkeypatch.setattr(BatchApplier, "materialise", spy)
        assert hub.sync.import_file(lap.sync.export(stick)).ok
        assert seen == [(True, 1)]
    finally:
        lap.close()
        hub.close()


@pytest.mark.parametrize("base", ["x" * 21 + "@dev", f"{5:021d}@", f"{5:021d}#dev", "12@dev"])
def test_a_malformed_base_refuses_the_import_and_changes_nothing(tmp_path, stick, base):
    """A base that is not "<21 digits>@<device>" (it could not be stored to read back the same) refuses the
    package, whether the line is numbered when staged or by SQL; the database as before."""
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "外业")
    try:
        lap.enterprises.add(EnterpriseForm(name="尉氏县测试有限公司", township="城关镇",
                                           credit_code=creditcode.make_code("9", "1", "410223", "MA000993")))
        pkg = lap.sync.export(stick)
        reader = PackageReader(pkg, hub.trust.keys().identities, hub.sync._scratch)
        try:
            lines = list(reader.lines())
            lines[2] = change_line({**json.loads(lines[2]), "base": base})
            assert CANONICAL.fullmatch(lines[2].decode())  # (numbered when staged, if it were well formed)
            for odd in (False, True):
                if odd:  # one line Python decodes: every line is then numbered by SQL
                    lines.append(json.dumps({**json.loads(lines[0]), "seq": 10**6}).encode().replace(b":", b": ", 1))
                assert_refused_unchanged(hub, reader, lines, ValueError, "malformed base")
        finally:
            reader.close()
    finally:
        lap.close()
        hub.close()
