"""Issue lifecycle through the service, and the ledger query against an independent reference."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from yimi_desktop.domain.lifecycle import EventKind, TransitionRefused
from yimi_desktop.domain.vocabulary import OPEN, IssueStatus as S, Satisfaction
from yimi_desktop.services.issues import DUE_SOON_DAYS, IssueQuery

TODAY = date(2026, 11, 24)


def _first_enterprise(svc):
    from yimi_desktop.domain import creditcode
    from yimi_desktop.domain.forms import EnterpriseForm
    return svc.enterprises.add(EnterpriseForm(name="尉氏县测试橡胶有限公司",
                                              credit_code=creditcode.make_code("9", "1", "410223", "MA11AA22"),
                                              township="洧川镇"))


def test_whole_life_with_history(services):
    ent = _first_enterprise(services)
    cat = services.categories.list()[0]
    team = services.issues.suggested_team(cat.id)
    assert team == cat.default_team_id
    iid = services.issues.raise_issue(ent, cat.id, "流动资金短缺", "需要贷款460万元", on=TODAY)
    assert services.issues.get(iid, TODAY).status is S.NEW
    services.issues.assign(iid, team, TODAY + timedelta(days=15), on=TODAY)
    services.issues.progress(iid, "完成贷前调查", on=TODAY)
    services.issues.comment(iid, "企业补交了材料", on=TODAY)
    services.issues.resolve(iid, "贷款已发放", amount=4_600_000, on=TODAY)
    row = services.issues.follow_up(iid, Satisfaction.UNSATISFIED, "企业嫌利率高", on=TODAY)
    assert row.status is S.IN_PROGRESS  # 不满意 reopens
    services.issues.resolve(iid, "协调贴息", on=TODAY)
    row = services.issues.follow_up(iid, Satisfaction.SATISFIED, on=TODAY)
    assert row.status is S.FOLLOWED_UP and row.satisfaction is Satisfaction.SATISFIED
    kinds = [e.kind for e in services.issues.history(iid)]
    assert kinds == [EventKind.RAISED, EventKind.ASSIGNED, EventKind.PROGRESS, EventKind.COMMENT, EventKind.RESOLVED,
                     EventKind.FOLLOWED_UP, EventKind.RESOLVED, EventKind.FOLLOWED_UP]
    assert all(e.device_id == services.device.device_id for e in services.issues.history(iid))


def test_refused_transition_writes_nothing(services):
    ent = _first_enterprise(services)
    cat = services.categories.list()[0]
    iid = services.issues.raise_issue(ent, cat.id, "招工难", on=TODAY)
    with pytest.raises(TransitionRefused) as exc:
        services.issues.resolve(iid, "done", on=TODAY)
    assert "待交办" in exc.value.text()
    assert len(services.issues.history(iid)) == 1
    assert services.issues.get(iid).status is S.NEW


def _reference_ids(path, q: IssueQuery) -> set[str]:
    """The same filter, written independently in plain SQL."""
    sql = ["SELECT i.id FROM issue i JOIN enterprise e ON e.id = i.enterprise_id WHERE 1=1"]
    args: list = []
    if q.statuses:
        sql.append(f"AND i.status IN ({','.join('?' * len(q.statuses))})")
        args += sorted(q.statuses)
    if q.team_id:
        sql.append("AND i.team_id = ?"); args.append(q.team_id)
    if q.category_id:
        sql.append("AND i.category_id = ?"); args.append(q.category_id)
    if q.township:
        sql.append("AND e.township = ?"); args.append(q.township)
    if q.overdue:
        sql.append("AND i.status IN ('new','assigned','in_progress') AND i.deadline < ?"); args.append(q.day().isoformat())
    if q.raised_from:
        sql.append("AND i.raised_on >= ?"); args.append(q.raised_from.isoformat())
    if q.raised_to:
        sql.append("AND i.raised_on <= ?"); args.append(q.raised_to.isoformat())
    if q.resolved_from:
        sql.append("AND i.resolved_on >= ?"); args.append(q.resolved_from.isoformat())
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute(" ".join(sql), args)}
    finally:
        con.close()


def test_ledger_filters_match_reference_query(demo_services):
    svc = demo_services
    teams = [t.id for t in svc.teams.list() if t.kind.value == "specialist"]
    cats = [c.id for c in svc.categories.list()]
    today = date.today()
    queries = [
        IssueQuery(),
        IssueQuery(statuses=frozenset({"new", "assigned"})),
        IssueQuery(team_id=teams[0]),
        IssueQuery(category_id=cats[0], township="城关镇"),
        IssueQuery(overdue=True),
        IssueQuery(overdue=True, team_id=teams[1]),
        IssueQuery(raised_from=today - timedelta(days=90), raised_to=today - timedelta(days=30)),
        IssueQuery(resolved_from=today - timedelta(days=60), statuses=frozenset({"followed_up"})),
    ]
    for q in queries:
        ids = svc.issues.ids(q)
        assert len(ids) == len(set(ids))
        assert set(ids) == _reference_ids(svc.db.path, q), q
        counts = svc.issues.counts(q)
        assert counts.total == len(ids)
        assert counts.overdue == sum(r.overdue for r in svc.issues.rows(ids))


@pytest.mark.parametrize("sort", ["raised_on", "enterprise", "township", "category", "team", "deadline", "status"])
def test_ledger_sorts(demo_services, sort):
    ids = demo_services.issues.ids(IssueQuery(), sort=sort, descending=False)
    rows = demo_services.issues.rows(ids)
    if sort == "raised_on":
        assert [r.raised_on for r in rows] == sorted(r.raised_on for r in rows)
    if sort == "deadline":
        dated = [r.deadline for r in rows if r.deadline]
        assert dated == sorted(dated) and all(r.deadline is None for r in rows[len(dated):])
    if sort == "status":
        order = list(S)
        assert [order.index(r.status) for r in rows] == sorted(order.index(r.status) for r in rows)
    assert len(ids) == demo_services.issues.counts(IssueQuery()).total


def test_text_search_finds_enterprise_by_initials(demo_services):
    row = demo_services.issues.rows(demo_services.issues.ids(IssueQuery()))[0]
    from yimi_desktop.domain import pinyin
    ids = demo_services.issues.ids(IssueQuery(text=pinyin.initials(row.enterprise)))
    assert row.id in ids


@pytest.mark.parametrize("sort", ["raised_on", "enterprise", "township", "category", "team", "deadline", "status"])
def test_ledger_first_screen_is_the_head_of_every_id_and_contains_agrees(demo_services, sort):
    """LIMIT first: ids(limit=n) is the first n of ids() in every order and filter (ties broken the same way),
    and contains() says exactly which issues a query holds (a text term through the full-text index too)."""
    svc = demo_services.issues
    teams = [t.id for t in demo_services.teams.list()]
    queries = [IssueQuery(), IssueQuery(statuses=frozenset(OPEN)), IssueQuery(overdue=True),
               IssueQuery(team_id=teams[0]), IssueQuery(township="城关镇"), IssueQuery(text="贷款"),
               IssueQuery(text="资金 hd"), IssueQuery(resolved_from=date.today() - timedelta(days=365))]
    whole = set(svc.ids(IssueQuery()))
    for q in queries:
        for descending in (True, False):
            every = svc.ids(q, sort, descending)
            for n in (1, 7, 201):
                assert svc.ids(q, sort, descending, limit=n) == every[:n], (q, sort, descending, n)
        if sort == "raised_on":
            inside = set(every)
            for iid in sorted(whole)[::23]:
                assert svc.contains(q, iid) == (iid in inside), q
            assert not svc.contains(q, "no-such-issue")


def _plan(path, sql: str) -> str:
    con = sqlite3.connect(path)
    try:
        return " | ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + sql))
    finally:
        con.close()


def test_a_database_of_revision_0020_with_unsynced_work_gets_the_deadline_indexes(demo_db_template, tmp_path):
    """Migration 0021: the ledger's deadline orders come from an index walk (no sort step for a first screen),
    the issues, their orders and the unsynced work stay as they were."""
    import shutil

    from test_storage import _downgrade

    from yimi_desktop.services.context import open_services
    from yimi_desktop.storage.database import head_revision

    path = tmp_path / "old.db"
    shutil.copy(demo_db_template, path)
    svc = open_services(path)
    try:
        open_q = IssueQuery(statuses=frozenset(OPEN))
        before = [svc.issues.ids(q, "deadline", d) for q in (IssueQuery(), open_q) for d in (False, True)]
        unacked = svc.sync.status().unacknowledged
        assert unacked > 0
    finally:
        svc.close()
    _downgrade(path, "0020")
    index_names = "SELECT name FROM sqlite_master WHERE name LIKE 'ix_issue_deadline_%' ORDER BY name"
    con = sqlite3.connect(path)
    assert con.execute(index_names).fetchall() == []
    con.close()
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        assert [svc.issues.ids(q, "deadline", d) for q in (IssueQuery(), open_q) for d in (False, True)] == before
        assert svc.sync.status().unacknowledged == unacked
    finally:
        svc.close()
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute(index_names)] == ["ix_issue_deadline_first", "ix_issue_deadline_raised"]
    con.close()
    # the shapes IssueService.ids gives sorted by deadline (the status tested in the index: +status)
    first = _plan(path, "SELECT id FROM issue WHERE +status IN ('assigned','in_progress','new') "
                        "ORDER BY deadline IS NULL, deadline, raised_on DESC, id DESC LIMIT 201")
    assert "ix_issue_deadline_first" in first and "TEMP B-TREE" not in first, first
    down = _plan(path, "SELECT id FROM issue WHERE resolved_on >= '2026-01-01' "
                       "ORDER BY deadline DESC NULLS LAST, raised_on DESC, id DESC LIMIT 201")
    assert "ix_issue_deadline_raised" in down and "TEMP B-TREE" not in down, down


def test_a_database_of_revision_0023_with_unsynced_work_gets_the_covering_filter_indexes(demo_db_template, tmp_path):
    """Migration 0026: the filter indexes end with (raised_on, id), so a filtered first screen reads its sort
    keys from the index; the issues, the ledger's answers and the unsynced work stay as they were."""
    import shutil

    from test_storage import _downgrade

    from yimi_desktop.services.context import open_services
    from yimi_desktop.services.enterprises import EnterpriseQuery
    from yimi_desktop.storage.database import head_revision

    path = tmp_path / "old.db"
    shutil.copy(demo_db_template, path)
    svc = open_services(path)
    try:
        links = svc.issues.links(svc.issues.ids(IssueQuery(statuses=frozenset({"assigned"})))[0])
        team, category = links.team_id, links.category_id
        assert team and category
        queries = [(IssueQuery(overdue=True), "raised_on", True), (IssueQuery(team_id=team), "status", False),
                   (IssueQuery(category_id=category, raised_from=date.today() - timedelta(days=400)), "category", False),
                   (IssueQuery(statuses=frozenset(OPEN)), "raised_on", True),
                   (IssueQuery(resolved_from=date(date.today().year, 1, 1)), "deadline", True)]
        svc.issues.raise_issue(svc.enterprises.ids(EnterpriseQuery())[0], category, "升级前的诉求", "未同步")
        before = [(svc.issues.ids(q, s, d), svc.issues.ids(q, s, d, 7), svc.issues.counts(q)) for q, s, d in queries]
        unacked = svc.sync.status().unacknowledged
        assert unacked > 0 and all(ids for ids, _, _ in before)
    finally:
        svc.close()
    _downgrade(path, "0029")
    names = ("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('ix_issue_status_deadline', "
             "'ix_issue_team_status', 'ix_issue_category_id', 'ix_issue_resolved_on', 'ix_issue_status_deadline_raised', "
             "'ix_issue_team_status_raised', 'ix_issue_category_raised', 'ix_issue_resolved_status') ORDER BY name")
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute(names)] == ["ix_issue_category_id", "ix_issue_resolved_on",
                                                  "ix_issue_status_deadline", "ix_issue_team_status"]
    con.close()
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        assert [(svc.issues.ids(q, s, d), svc.issues.ids(q, s, d, 7), svc.issues.counts(q))
                for q, s, d in queries] == before
        assert svc.sync.status().unacknowledged == unacked
    finally:
        svc.close()
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute(names)] == ["ix_issue_category_raised", "ix_issue_resolved_status",
                                                  "ix_issue_status_deadline_raised", "ix_issue_team_status_raised"]
    con.close()
    # 已超期 in date order: the open statuses' overdue range of the index, no table look-up for the sort keys
    overdue = _plan(path, "SELECT id FROM issue WHERE status IN ('assigned','in_progress','new') AND deadline < "
                          "'2026-01-01' ORDER BY +raised_on DESC, id DESC LIMIT 201")
    assert "COVERING INDEX ix_issue_status_deadline_raised" in overdue, overdue
    resolved = _plan(path, "SELECT status, count(*), sum(deadline < '2026-01-01') FROM issue "
                           "WHERE resolved_on >= '2026-01-01' GROUP BY +status")
    assert "COVERING INDEX ix_issue_resolved_status" in resolved, resolved


def test_a_database_of_revision_0028_with_unsynced_work_loses_the_duplicate_date_index(demo_db_template, tmp_path):
    """Migration 0030: ix_issue_raised_on (raised_on) is gone, ix_issue_raised_id (raised_on, id) answers what it
    did; the last-character indexes are built over what the file holds, so one-character terms (read with LIKE
    before) find the same rows through the index; the ledger's answers and the unsynced work stay as they were."""
    import shutil

    from sync_helpers import downgrade

    from yimi_desktop.services.context import open_services
    from yimi_desktop.services.enterprises import EnterpriseQuery
    from yimi_desktop.storage.database import head_revision

    path = tmp_path / "old.db"
    shutil.copy(demo_db_template, path)
    svc = open_services(path)
    try:
        category = svc.categories.list()[0].id
        svc.issues.raise_issue(svc.enterprises.ids(EnterpriseQuery())[0], category, "升级前的诉求", "未同步")
        year_ago = date.today() - timedelta(days=365)
        svc.issues.raise_issue(svc.enterprises.ids(EnterpriseQuery())[0], category, "贷", "末字为鱻")
        queries = [(IssueQuery(), True), (IssueQuery(), False), (IssueQuery(raised_from=year_ago), True),
                   (IssueQuery(raised_to=year_ago), False), (IssueQuery(category_id=category), True),
                   *((IssueQuery(text=c), True) for c in ("贷", "鱻", "人", "h", "鼜", "。"))]
        before = [(svc.issues.ids(q, "raised_on", d), svc.issues.ids(q, "raised_on", d, 7), svc.issues.counts(q))
                  for q, d in queries]
        unacked = svc.sync.status().unacknowledged
        assert unacked > 0 and all(ids for ids, _, _ in before[:-2]) and not before[-2][0]  # 鼜: in no text
    finally:
        svc.close()
    downgrade(path, "0028")
    names = ("SELECT name FROM sqlite_master WHERE type = 'index' AND (name LIKE 'ix_issue_raised%' "
             "OR name LIKE 'ix_%_last') ORDER BY name")
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute(names)] == ["ix_issue_raised_id", "ix_issue_raised_on"]
    con.close()
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        assert [(svc.issues.ids(q, "raised_on", d), svc.issues.ids(q, "raised_on", d, 7), svc.issues.counts(q))
                for q, d in queries] == before
        assert svc.sync.status().unacknowledged == unacked
    finally:
        svc.close()
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute(names)] == ["ix_enterprise_search_text_last", "ix_issue_description_last",
                                                  "ix_issue_raised_id", "ix_issue_title_last"]
    con.close()
    ranged = _plan(path, "SELECT id FROM issue WHERE raised_on >= '2026-01-01' ORDER BY raised_on DESC, id DESC")
    assert "COVERING INDEX ix_issue_raised_id" in ranged and "TEMP B-TREE" not in ranged, ranged


def _reference_counts(path, ids: list[str], today: date) -> tuple[dict[str, int], int, int]:
    """The counters of these issues, from their stored status and deadline (plain sqlite3, counted in Python)."""
    con = sqlite3.connect(path)
    try:
        stored = dict(((i, (st, dl)) for i, st, dl in con.execute("SELECT id, status, deadline FROM issue")))
    finally:
        con.close()
    by_status: dict[str, int] = {}
    late = near = 0
    soon = today + timedelta(days=DUE_SOON_DAYS)
    for iid in ids:
        status, deadline = stored[iid]
        by_status[status] = by_status.get(status, 0) + 1
        if status in {s.value for s in OPEN} and deadline:
            late += date.fromisoformat(deadline) < today
            near += today <= date.fromisoformat(deadline) <= soon
    return by_status, late, near


def test_the_kept_sql_of_a_shape_answers_each_query_of_that_shape_with_its_own_values(demo_services):
    """IssueService.ids and .counts keep their SQL text by the query's shape and bind the values (ledger_params):
    one query after another of the same shape and other values gets its own answer, as the reference, the
    counters counted in Python over the ids and contains() say."""
    svc = demo_services
    teams = [t.id for t in svc.teams.list()]
    cats = [c.id for c in svc.categories.list()]
    today = date.today()
    families = [
        [IssueQuery(team_id=t) for t in teams[:4]],
        [IssueQuery(category_id=c, township=town) for c in cats[:3] for town in ("城关镇", "洧川镇")],
        [IssueQuery(statuses=frozenset(s)) for s in ({"new", "assigned"}, {"resolved", "followed_up"})],
        [IssueQuery(overdue=True, today=today - timedelta(days=d)) for d in (0, 30, 200)],
        [IssueQuery(raised_from=today - timedelta(days=d), raised_to=today - timedelta(days=d // 3))
         for d in (30, 90, 400)],
        [IssueQuery(resolved_from=today - timedelta(days=d)) for d in (10, 100)],
        [IssueQuery(today=today - timedelta(days=d)) for d in (0, 20, 300)],
    ]
    texts = [[IssueQuery(text=t) for t in ("贷款", "资金", "xiangjiao")], [IssueQuery(text=t) for t in ("hd", "贷款 kj")],
             [IssueQuery(text=t) for t in ("贷", "h", "鼜", "人")],
             [IssueQuery(escalated=True, team_id=t) for t in teams[:2]], [IssueQuery(extension_pending=True)],
             [IssueQuery(due_within_days=d) for d in (3, 30)]]
    answers = []
    for family in families + texts:
        for n, q in enumerate(family):
            kept = len(svc.issues._ids_sql), len(svc.issues._counts_sql)
            for sort, descending, limit in (("raised_on", True, None), ("raised_on", True, 201), ("team", False, 201)):
                ids = svc.issues.ids(q, sort, descending, limit)
                if limit is None:
                    answers.append(frozenset(ids))
                    c = svc.issues.counts(q)
                    assert len(ids) == c.total, q
                    assert (c.by_status, c.overdue, c.due_soon) == _reference_counts(svc.db.path, ids, q.day()), q
                    if family in families:
                        assert set(ids) == _reference_ids(svc.db.path, q), q
                    if family is texts[-1]:
                        everyone = svc.issues.ids(IssueQuery())
                        assert {i for i in everyone if svc.issues.contains(q, i)} == set(ids), q
                else:
                    assert ids == svc.issues.ids(q, sort, descending)[:limit], (q, sort)
            if n and family in families:  # the first query of the family compiled its shapes; the others reuse them
                assert (len(svc.issues._ids_sql), len(svc.issues._counts_sql)) == kept, q
    assert len(set(answers)) > len(answers) // 2  # the values did change the answers


def test_the_counters_shape_covers_all_their_sql_depends_on(demo_services):
    """IssueService.counts keeps one SQL text per _counts_shape: over queries setting each filter alone, in pairs
    and with each kind of text term (full-text of 3+, 2 or 1 letters, LIKE), two queries of one shape compile to
    the same text, and every query's counters (through the kept text, other shapes run before it) agree with
    its ids counted in Python."""
    from itertools import combinations

    from yimi_desktop.services.issues import _counts_params, _counts_shape, ledger_params

    svc = demo_services
    today = date.today()
    team, cat = svc.teams.list()[0].id, svc.categories.list()[0].id
    con = sqlite3.connect(svc.db.path)
    try:
        ent, officer = con.execute("SELECT enterprise_id, officer_id FROM issue WHERE officer_id IS NOT NULL "
                                   "LIMIT 1").fetchone()
    finally:
        con.close()
    single = [IssueQuery(statuses=frozenset({"new"})), IssueQuery(statuses=frozenset({"new", "resolved", "closed"})),
              IssueQuery(team_id=team), IssueQuery(category_id=cat), IssueQuery(township="城关镇"),
              IssueQuery(enterprise_id=ent), IssueQuery(officer_id=officer), IssueQuery(overdue=True),
              IssueQuery(due_within_days=7), IssueQuery(escalated=True), IssueQuery(extension_pending=True),
              IssueQuery(raised_from=today - timedelta(days=200)), IssueQuery(raised_to=today - timedelta(days=30)),
              IssueQuery(resolved_from=today - timedelta(days=300)), IssueQuery(resolved_to=today),
              IssueQuery(today=today - timedelta(days=40))]
    single += [IssueQuery(text=t) for t in ("贷款", "hd", "贷", "h", "。", "贷款 人", "鼜 。")]
    fields = [{k: v for k, v in vars(q).items() if v != getattr(IssueQuery(), k)} for q in single]
    queries = [IssueQuery()] + single
    queries += [IssueQuery(**{**a, **b}) for a, b in combinations(fields, 2)
                if not (a.keys() & b.keys()) or set(a) == {"text"} == set(b)]
    texts: dict[tuple, str] = {}
    for q in queries:
        params = {**ledger_params(q), **_counts_params(q)}
        sql = svc.issues._compile(svc.issues._counts_statement(q, params), params, "counters")
        assert texts.setdefault(_counts_shape(q, params), sql) == sql, q
        c = svc.issues.counts(q)
        ids = svc.issues.ids(q)
        assert c.total == len(ids), q
        assert (c.by_status, c.overdue, c.due_soon) == _reference_counts(svc.db.path, ids, q.day()), q
    assert len(texts) > 150 and len(svc.issues._counts_sql) == len(texts)


@pytest.mark.parametrize("method", ["_ids_statement", "_counts_statement"])
def test_the_ids_and_counts_refuse_a_statement_that_binds_a_value_the_shape_would_not_cover(demo_services, monkeypatch,
                                                                                           method):
    from yimi_desktop.services.issues import IssueService
    from yimi_desktop.storage.models import Issue

    built = getattr(IssueService, method)

    def with_a_literal(self, *args, **kwargs):
        return built(self, *args, **kwargs).where(Issue.title != "a value bound without a name")

    monkeypatch.setattr(IssueService, method, with_a_literal)
    with pytest.raises(RuntimeError, match="ledger_params"):
        if method == "_ids_statement":
            demo_services.issues.ids(IssueQuery(team_id="x"))
        else:
            demo_services.issues.counts(IssueQuery(team_id="x"))


@pytest.mark.parametrize("common_text", [1000, 1])
def test_a_first_screen_by_team_is_the_head_of_the_whole_order(demo_services, monkeypatch, common_text):
    """In team order (teams sharing a sort_order interleaved by date, then the issues of no team and of a team not
    held here) a first screen is the start of every id, in both directions, with filters and text terms (common
    ones too: COMMON_TEXT lowered)."""
    from yimi_desktop.services import issues as issue_service

    monkeypatch.setattr(issue_service, "COMMON_TEXT", common_text)
    svc = demo_services
    teams = [t.id for t in svc.teams.list()]
    raw = svc.db.engine.raw_connection()  # (foreign keys off: an issue of a team this replica does not hold yet)
    try:
        con = raw.driver_connection
        con.execute("PRAGMA foreign_keys=OFF")
        with con:
            busiest = [r[0] for r in con.execute("SELECT team_id FROM issue WHERE team_id IS NOT NULL GROUP BY team_id "
                                                 "ORDER BY count(*) DESC LIMIT 3")]
            assert len(busiest) == 3
            con.execute("UPDATE team SET sort_order = -5 WHERE id IN (?, ?, ?)", busiest)  # first, together
            con.execute("UPDATE issue SET team_id = 'a-team-not-received' WHERE rowid IN "
                        "(SELECT rowid FROM issue WHERE team_id IS NOT NULL ORDER BY rowid LIMIT 7)")
        con.execute("PRAGMA foreign_keys=ON")
        unassigned = con.execute("SELECT count(*) FROM issue WHERE team_id IS NULL").fetchone()[0]
    finally:
        raw.close()
    assert unassigned > 0
    queries = [IssueQuery(), IssueQuery(statuses=frozenset(OPEN)), IssueQuery(team_id=teams[1]),
               IssueQuery(text="贷款"), IssueQuery(text="h"), IssueQuery(text="资金 hd"), IssueQuery(text="鼜"),
               IssueQuery(raised_from=date.today() - timedelta(days=200), text="人")]
    for q in queries:
        for descending in (False, True):
            every = svc.issues.ids(q, "team", descending)
            for n in (1, 7, 50, 201, len(every) + 5):
                assert svc.issues.ids(q, "team", descending, n) == every[:n], (q, descending, n)
    found = svc.issues.ids(IssueQuery(), "team", False, 100_000)
    assert {r.id for r in svc.issues.rows(found[-unassigned - 7:])} == set(found[-unassigned - 7:])
    assert set(found) == set(svc.issues.ids(IssueQuery()))


def test_rows_flag_overdue_due_soon_and_the_duty_side_as_the_columns_say(demo_services):
    """rows() has SQL say which rows are past or near their deadline and which have a 督办 side (their columns then
    arrive as one JSON array): each agrees with the definition in Python over the stored columns, for deadlines
    around today and the edge of 'near', every status, and 督办 columns empty, '[]' or set."""
    from itertools import cycle

    from sqlalchemy import text

    from yimi_desktop.services.issues import _DutyColumns, _DutyReader

    svc = demo_services
    today = TODAY
    team = svc.teams.list()[0].id
    stage = '[{"kind": "resolve", "due": "2026-11-30"}, {"kind": "progress", "due": "2026-11-20", "done": "2026-11-19"}]'
    duty_sets = cycle([{}, {"stages": "[]", "co_team_ids": "[]"}, {"stages": stage},
                       {"co_team_ids": f'["{team}"]', "co_reported": f'["{team}"]'}, {"co_reported": f'["{team}"]'},
                       {"extended": 1, "extension_to": "2026-12-10"}, {"escalated_on": "2026-11-01",
                                                                        "escalation_reason": "久拖"},
                       {"closed_on": "2026-11-02"}, {"extension_to": "2026-12-01"}])
    deadlines = cycle([None, *(today + timedelta(days=d) for d in (-30, -1, 0, 1, DUE_SOON_DAYS, DUE_SOON_DAYS + 1))])
    statuses = cycle(list(S))
    cols = _DutyColumns.COLUMNS
    raw = svc.db.engine.raw_connection()  # (with the digest functions its triggers call)
    try:
        con = raw.driver_connection
        ids = [r[0] for r in con.execute("SELECT id FROM issue ORDER BY rowid LIMIT 210")]
        with con:
            for iid in ids:
                values = {"stages": "", "co_team_ids": "", "co_reported": "", "extension_to": None, "extended": 0,
                          "escalated_on": None, "escalation_reason": "", "closed_on": None, **next(duty_sets)}
                deadline = next(deadlines)
                con.execute(f"UPDATE issue SET status = ?, deadline = ?, {', '.join(f'{c} = ?' for c in values)} "
                            "WHERE id = ?", (next(statuses).value, deadline and deadline.isoformat(),
                                             *values.values(), iid))
    finally:
        raw.close()
    rows = svc.issues.rows(ids, today)
    assert [r.id for r in rows] == ids
    with svc.db.engine.connect() as conn:
        reader = _DutyReader(conn, today)
        stored = {r[0]: r[1:] for r in conn.execute(text(f"SELECT id, status, deadline, {', '.join(cols)} FROM issue"))}
        for row in rows:
            status, deadline, *duty_cols = stored[row.id]
            due = date.fromisoformat(deadline) if deadline else None
            is_open = status in {s.value for s in OPEN}
            assert row.deadline == due and row.status.value == status
            assert row.overdue is bool(is_open and due and due < today), row
            assert row.due_soon is bool(is_open and due and today <= due <= today + timedelta(days=DUE_SOON_DAYS)), row
            assert row.duty == reader.info(_DutyColumns.of(status, duty_cols)), row
    assert {r.duty is None for r in rows} == {True, False} and {r.overdue for r in rows} == {True, False}
    assert {r.due_soon for r in rows} == {True, False}
