"""Text search through the full-text indexes (migration 0013): the same rows as LIKE, kept current by
every writer (services, the sync importer), built for a database made by the previous revision."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sync_helpers import downgrade
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import Services, enrol_services, init_services, open_services
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.storage.database import head_revision

TERMS = ("贷款", "资金", "流动资金", "xiangjiao", "hd", "宏达", "kj", "招工难", "人", "款,", "ma", "9141",
         "贷款 银行", "希望 hd", "%", "a_b", "尉氏县")


def like_issue_ids(path: Path, text: str) -> set[str]:
    """The old definition: every term in the title, the description or the enterprise's search text."""
    sql, args = ["1=1"], []
    for term in text.lower().split():
        like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql.append("(i.title LIKE ? ESCAPE '\\' OR i.description LIKE ? ESCAPE '\\' OR e.search_text LIKE ? ESCAPE '\\')")
        args += [like] * 3
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute(
            f"SELECT i.id FROM issue i JOIN enterprise e ON e.id = i.enterprise_id WHERE {' AND '.join(sql)}", args)}
    finally:
        con.close()


def like_enterprise_ids(path: Path, text: str) -> set[str]:
    con = sqlite3.connect(path)
    try:
        terms = text.lower().split()
        where = " AND ".join(["search_text LIKE ? ESCAPE '\\'"] * len(terms)) or "1=1"
        args = ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for t in terms]
        return {r[0] for r in con.execute(f"SELECT id FROM enterprise WHERE {where}", args)}
    finally:
        con.close()


def assert_search_is_like(svc: Services, terms=TERMS) -> None:
    for text in terms:
        assert set(svc.issues.ids(IssueQuery(text=text))) == like_issue_ids(svc.db.path, text), text
        assert set(svc.enterprises.ids(EnterpriseQuery(text=text))) == like_enterprise_ids(svc.db.path, text), text


def test_search_finds_what_like_finds(demo_services):
    assert_search_is_like(demo_services)
    assert demo_services.issues.ids(IssueQuery(text="贷款"))  # the terms do find something
    assert demo_services.enterprises.ids(EnterpriseQuery(text="hd"))


def test_the_index_follows_inserts_updates_and_long_text(demo_services):
    svc = demo_services
    ent = svc.enterprises.ids(EnterpriseQuery())[0]
    cat = svc.categories.list()[0].id
    long_tail = "无关的文字。" * 2000 + "末尾的冷库"  # beyond the 10,000 characters cut into windows
    new = svc.issues.raise_issue(ent, cat, "仓储冷链设施", long_tail)
    for text in ("冷链", "冷库", "仓储冷链", "末尾的冷库"):
        assert new in svc.issues.ids(IssueQuery(text=text)), text
    detail = svc.enterprises.get(ent)
    svc.enterprises.update(ent, replace(detail.form, name="尉氏县翠柏林业有限公司"))
    assert ent in svc.enterprises.ids(EnterpriseQuery(text="翠柏"))
    assert ent in svc.enterprises.ids(EnterpriseQuery(text="cuibai"))
    assert new in svc.issues.ids(IssueQuery(text="翠柏"))
    assert ent not in svc.enterprises.ids(EnterpriseQuery(text=detail.form.name[3:7]))
    assert_search_is_like(svc, TERMS + ("翠柏", "冷库", detail.form.name[3:7]))
    con = sqlite3.connect(svc.db.path)
    try:  # the external-content index agrees with its table
        con.execute("INSERT INTO search_issue(search_issue, rank) VALUES ('integrity-check', 1)")
        con.execute("INSERT INTO search_enterprise(search_enterprise, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()


def test_imported_records_are_searchable(tmp_path):
    """The sync importer writes rows its own way: the triggers index them all the same."""
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=3, visits=0)
    lap = enrol_services(tmp_path / "L1.db", hub.enrolment.issue("L1"))
    stick = tmp_path / "stick"
    stick.mkdir()
    try:
        ent = lap.enterprises.ids(EnterpriseQuery())[0]
        new = lap.issues.raise_issue(ent, lap.categories.list()[0].id, "菌棒原料紧缺", "希望协调锯末供应")
        detail = lap.enterprises.get(ent)
        lap.enterprises.update(ent, replace(detail.form, name="尉氏县翠柏林业有限公司"))
        assert hub.sync.import_file(lap.sync.export(stick)).ok
        assert hub.issues.ids(IssueQuery(text="锯末")) == [new]
        assert hub.issues.ids(IssueQuery(text="菌棒原料")) == [new]
        assert hub.enterprises.ids(EnterpriseQuery(text="翠柏")) == [ent]
        assert_search_is_like(hub, TERMS + ("锯末", "翠柏"))
    finally:
        hub.close()
        lap.close()


def test_database_from_revision_0008_gets_the_index(demo_db_template, tmp_path):
    """A laptop of the previous release with unsynced work: the upgrade builds the index over what it
    holds, keeps its change log, and new work is indexed."""
    path = tmp_path / "v8.db"
    shutil.copy(demo_db_template, path)
    svc = open_services(path)
    vector, status = svc.sync.vector(), svc.sync.status().unacknowledged
    svc.close()
    downgrade(path, "0008")
    con = sqlite3.connect(path)
    assert not con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search%'").fetchall()
    con.close()

    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        assert svc.sync.vector() == vector and svc.sync.status().unacknowledged == status
        assert_search_is_like(svc)
        ent = svc.enterprises.ids(EnterpriseQuery())[0]
        new = svc.issues.raise_issue(ent, svc.categories.list()[0].id, "锯末供应", "")
        assert svc.issues.ids(IssueQuery(text="锯末")) == [new]
    finally:
        svc.close()


def test_common_terms_walk_the_pinyin_index_with_like(demo_services, monkeypatch):
    """A term found in many enterprises is matched by LIKE over the pinyin-order index: the same rows, in
    the same order, as through the full-text index."""
    from yimi_desktop.services import enterprises

    svc = demo_services
    before = {t: svc.enterprises.ids(EnterpriseQuery(text=t)) for t in TERMS}
    monkeypatch.setattr(enterprises, "COMMON_TERM", 5)
    with svc.db.session() as s:
        assert "尉氏县" in enterprises.common_terms(s, EnterpriseQuery(text="尉氏县 宏达"))
    assert {t: svc.enterprises.ids(EnterpriseQuery(text=t)) for t in TERMS} == before
    assert_search_is_like(svc)


@pytest.mark.parametrize("many_enterprises", [10**6, 1])
def test_first_screen_of_a_common_text_walks_the_date_index(demo_services, monkeypatch, many_enterprises):
    """A first screen (ids with a limit) of a text found in many issues walks the date-raised index and tests
    each issue against the matches: the same ids, in the same order, as the whole result read and sorted. With
    COMMON_ENTERPRISES at 1, every term found in an enterprise is tested by the walked issue's enterprise; out of
    reach, none is."""
    from yimi_desktop.services import issues
    from yimi_desktop.storage.database import watch_statements

    svc = demo_services.issues
    monkeypatch.setattr(issues, "COMMON_TEXT", 3)
    monkeypatch.setattr(issues, "COMMON_ENTERPRISES", many_enterprises)
    seen: list[str] = []
    stop = watch_statements(seen.append)
    try:
        walked = by_enterprise = 0
        for text in TERMS:
            for descending in (True, False):
                q = IssueQuery(text=text)
                every = svc.ids(q, "raised_on", descending)
                for limit in (1, 7, 60):
                    seen.clear()
                    assert svc.ids(q, "raised_on", descending, limit) == every[:limit], (text, descending, limit)
                    walked += any("+issue.rowid IN" in sql for sql in seen)
                    by_enterprise += any("EXISTS (SELECT 1 FROM enterprise AS se WHERE se.id = issue.enterprise_id"
                                         in sql for sql in seen)
                # with another filter, or another order, the matches are read and sorted as before
                seen.clear()
                assert svc.ids(replace(q, statuses=frozenset({"new"})), "raised_on", descending, 5) == \
                    svc.ids(replace(q, statuses=frozenset({"new"})), "raised_on", descending)[:5]
                assert not any("+issue.rowid IN" in sql for sql in seen)
    finally:
        stop()
    assert walked > 20  # most terms are common at this threshold: the walk was taken
    assert (by_enterprise > 10) if many_enterprises == 1 else not by_enterprise


@pytest.mark.parametrize("common, many", [(1, 1), (3, 5), (40, 300), (400, 2), (10**6, 300)])
def test_the_walk_is_decided_as_the_count_of_every_match_says(demo_services, monkeypatch, common, many):
    """issues._text_walk counts a term's matches from the enterprise side first; its decision is still the one
    the whole list of matches gives: walk when each indexed term has COMMON_TEXT matches or more (as the union
    of the issues' own matches and their enterprises' issues, counted as listed), by enterprise for each term in
    COMMON_ENTERPRISES enterprises or more."""
    from yimi_desktop.services import issues
    from yimi_desktop.storage import search

    monkeypatch.setattr(issues, "COMMON_TEXT", common)
    monkeypatch.setattr(issues, "COMMON_ENTERPRISES", many)
    svc = demo_services
    con = sqlite3.connect(svc.db.path)
    decided = []
    try:
        for text in (*TERMS, "h", "鼜", "贷", "人 hd", "h 鼜"):
            q = IssueQuery(text=text)
            params = issues.ledger_params(q)
            expected: frozenset[int] | None = frozenset()
            terms = text.lower().split()
            for k, term in enumerate(terms):
                rowids = issues._term_rowids(term, k)
                if rowids is None:
                    continue
                if con.execute(f"SELECT count(*) FROM ({rowids[0]})", params).fetchone()[0] < common:
                    expected = None
                    break
                theirs = search.rowids_sql("enterprise", term, f"ent_term{k}")
                assert theirs is not None
                if con.execute(f"SELECT count(DISTINCT rowid) FROM ({theirs[0]})", params).fetchone()[0] >= many:
                    expected = expected | {k}
            with svc.db.engine.connect() as conn:
                got = issues._text_walk(conn, q, params)
            assert got == (expected if terms else None), (text, common, many)
            decided.append(got)
    finally:
        con.close()
    assert any(g is None for g in decided)  # (鼜 is in no text)
    if common < 10**6 and many <= 5:
        assert any(decided)  # some walks test terms by the enterprise


def test_a_directory_first_screen_with_the_above_size_filter_is_the_start_of_every_id(demo_services):
    """LIMIT first tests 规上 on the rows of the pinyin order (`+above_size`), every id goes through its index:
    the same enterprises, in the same order."""
    from yimi_desktop.storage.database import watch_statements

    svc = demo_services.enterprises
    seen: list[str] = []
    stop = watch_statements(seen.append)
    try:
        for above in (True, False):
            for text in ("", "h", "hd", "尉氏县", "有限 公司"):
                q = EnterpriseQuery(text=text, above_size=above)
                every = svc.ids(q)
                assert every, (text, above)
                for limit in (1, 9, 80):
                    seen.clear()
                    assert svc.ids(q, limit=limit) == every[:limit], (text, above, limit)
                    assert any("+enterprise.above_size" in sql for sql in seen)
    finally:
        stop()


ONE_CHAR = ("人", "贷", "款", "难", "题", "司", "h", "x", "q", "5", "9", "A", "龘", "。", ",", "%", "_", "é", "-")


def test_the_windows_tokenizer_keeps_every_character_a_one_character_term_is_searched_by(tmp_path):
    """storage.search sends a one-character term to the windows' index only for characters the tokenizer keeps
    as letters (a character it took for a separator would be in no token: a search that misses rows)."""
    from yimi_desktop.storage import search

    chars = [chr(c) for lo, hi in search.HAN_RANGES for c in range(lo, hi + 1)]
    chars += [c for c in map(chr, range(128)) if search.indexed_char(c)]
    assert len(chars) > 70_000 and all(search.indexed_char(c) for c in chars)
    assert not any(search.indexed_char(c) for c in ("。", ",", " ", "%", "_", "é", "Ä", "ж", "贷款", ""))
    con = sqlite3.connect(tmp_path / "t.db")
    try:
        con.execute("CREATE VIRTUAL TABLE p USING fts5(grams, content='', detail=none, "
                    "tokenize='unicode61 remove_diacritics 0')")
        con.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, p, row)")
        con.executemany("INSERT INTO p(rowid, grams) VALUES (?, ?)", [(n + 1, c + "9") for n, c in enumerate(chars)])
        tokens = {r[0] for r in con.execute("SELECT term FROM temp.v")}
    finally:
        con.close()
    assert [c for c in chars if c.lower() + "9" not in tokens] == []


def test_one_character_terms_find_what_like_finds(demo_services):
    """Through the windows' index and the last-character indexes (migration 0030), the rows LIKE finds: a
    character at the start, inside, at the end of a text, alone in it, beside punctuation, past the windows cut,
    upper-case for a lower-case term; a character in no text finds nothing; others still go through LIKE."""
    svc = demo_services
    ent = svc.enterprises.ids(EnterpriseQuery())[0]
    cat = svc.categories.list()[0].id
    made = {
        "龘": svc.issues.raise_issue(ent, cat, "龘", ""),  # a one-character title: no window at all
        "鱻": svc.issues.raise_issue(ent, cat, "冷库鱻", "说明"),  # last, after a letter: starts no window
        "Q": svc.issues.raise_issue(ent, cat, "设备型号", "型号ABQ"),  # upper-case, last in the description
        "麤": svc.issues.raise_issue(ent, cat, "麤,其他", "说明。"),  # before punctuation: a token of its own
        "犇": svc.issues.raise_issue(ent, cat, "长文本", "无关的文字。" * 2000 + "末尾犇"),  # past the windows cut
    }
    for c, iid in made.items():  # (a Latin letter is also in many enterprises' pinyin)
        found = svc.issues.ids(IssueQuery(text=c.lower()))
        assert (iid in found) if c.isascii() else (found == [iid]), c
    assert svc.issues.ids(IssueQuery(text="鼜")) == []
    assert_search_is_like(svc, ONE_CHAR + tuple(made) + ("鼜", "q 型号", "贷 h", "a 冷"))
    assert svc.issues.ids(IssueQuery(text="贷")) and svc.issues.ids(IssueQuery(text="h"))


def test_a_one_character_term_reads_indexes_not_the_tables(demo_services):
    from yimi_desktop.storage import search

    src = sqlite3.connect(demo_services.db.path)
    con = sqlite3.connect(":memory:")
    try:
        src.backup(con)
        # with ANALYZE's statistics too: most descriptions end in "。", and the planner then scanned the table
        for analyzed in (False, True):
            if analyzed:
                con.execute("ANALYZE")
            for table, indexes in (("issue", ("ix_issue_title_last", "ix_issue_description_last")),
                                   ("enterprise", ("ix_enterprise_search_text_last",))):
                sql, params = search.rowids_sql(table, "贷", "k")
                plan = " | ".join(r[-1] for r in con.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                assert all(f"INDEX {ix}" in plan for ix in indexes) and "VIRTUAL TABLE INDEX" in plan, plan
                assert f"SCAN {table}" not in plan.replace(f"SCAN {table} USING", ""), plan
    finally:
        con.close()
        src.close()
    assert search.rowids_sql("issue", "。", "k") is None  # not a letter: LIKE, as before


def test_the_text_matches_are_not_prepared_again_on_each_run(tmp_path):
    """The LIKE over the long rows (storage.search) is not a bare `col LIKE :param` term: SQLite prepares a
    statement holding one again every time its parameter is bound, which the driver does on each run (a ledger
    query with a text term was parsed and planned anew each time). Checked on SQLite's own count of
    re-preparations (the sqlite_stmt table, where the library has it)."""
    from yimi_desktop.storage import search

    services = init_services(tmp_path / "t.db", "测试中心", DeviceRole.HUB)
    services.close()
    con = sqlite3.connect(tmp_path / "t.db")
    try:
        try:
            con.execute("SELECT count(*) FROM sqlite_stmt").fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no sqlite_stmt table")
        for table in ("issue", "enterprise"):
            for term in ("贷款", "贷", "h", "hd"):
                sql, params = search.rowids_sql(table, term, "t")  # type: ignore[misc]
                assert "LIKE" in sql
                for _ in range(3):
                    con.execute(sql, params).fetchall()
                runs = con.execute("SELECT run, reprep FROM sqlite_stmt WHERE sql = ?", (sql,)).fetchall()
                assert runs and runs[0][0] >= 3 and runs[0][1] == 0, (table, term, runs)
    finally:
        con.close()
