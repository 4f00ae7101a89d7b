"""How fast the issue ledger (问题台账) stays at 100,000 issues, and what saving a visit with photos costs.

Run by hand (not by CI), from the repository root:

    .venv/bin/python bench/ledger.py            # builds bench/out/ledger-100k.db once, then reuses it
    .venv/bin/python bench/ledger.py --rebuild  # build the database again

It prints, for several representative filters and sorts, the median and 95th percentile over `--rounds`
rounds (3) of 21 runs each (service and raw timed in alternation, so a busy machine weighs on both alike) of:
  * the first screen as the page reads it (LIMIT first): IssueService.ids(limit=201) + rows() of 200,
  * every id, read after the first screen is shown: IssueService.ids(),
  * the counters: IssueService.counts() (one grouped query),
beside the same SQL written by hand and run with the sqlite3 module in the same run, and the
ratio (service / raw, of the p95s); then the page path (the real page offscreen, `--no-page` to skip):
run_query() to the first screen painted and to every id and the counters shown. The machine's load
average is printed with the figures. Then the time to finish a visit with three 4000x3000 JPEG photos
(VisitService.finish) beside a baseline: a plain copy of the same photos and one sqlite3 INSERT.
Everything also goes to bench/out/ledger.json. No assertions on time: benchmarks measure.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from yimi_desktop.domain import lifecycle  # noqa: E402
from yimi_desktop.domain.lifecycle import EventKind, IssueEventData, IssueState  # noqa: E402
from yimi_desktop.domain.visits import AttendeeForm, RaisedIssue, VisitForm  # noqa: E402
from yimi_desktop.domain.vocabulary import DeviceRole, IssueStatus, Satisfaction  # noqa: E402
from yimi_desktop.services import issues as issue_service  # noqa: E402
from yimi_desktop.services.context import Services, init_services, open_services  # noqa: E402
from yimi_desktop.services.demo import ISSUE_TEMPLATES, RESULTS  # noqa: E402
from yimi_desktop.services.enterprises import EnterpriseQuery  # noqa: E402
from yimi_desktop.services.issues import DUE_SOON_DAYS, OPEN, IssueQuery  # noqa: E402
from yimi_desktop.services.seed import CATEGORIES, seeded_id  # noqa: E402
from yimi_desktop.storage import search  # noqa: E402
from yimi_desktop.storage.models import Enterprise, Issue, IssueEvent, TeamMembership, Visit  # noqa: E402

OUT = ROOT / "bench" / "out"
DB = OUT / "ledger-100k.db"
N_ISSUES = 100_000
N_ENTERPRISES = 3000
FIRST_ROWS = 50
CHUNK = 200  # the ledger model's chunk: the page's first screen reads LIMIT CHUNK + 1 ids and CHUNK rows
REPEATS = 21
PAGE_REPEATS = 7
BUILD_BATCH = 2000
PHOTO_SIZE = (4000, 3000)
PHOTO_REPEATS = 5
TODAY = date.today()


# ---- building the database ---------------------------------------------------------------------------

def _events_for(rng: random.Random, raised: date, team_id: str, handler: str) -> list[IssueEventData]:
    """A plausible life so far: the older the issue, the further along (as in the demo county)."""
    evs = [IssueEventData(EventKind.RAISED, raised, "提出")]
    age = (TODAY - raised).days
    stage = rng.random() if rng.random() < 0.1 else rng.random() * 0.3 + min(1.0, age / 90) * 0.7
    day = raised

    def step(days: int) -> date:
        nonlocal day
        day = min(TODAY, day + timedelta(days=days))
        return day

    if rng.random() < 0.03 and age > 20:
        evs.append(IssueEventData(EventKind.CANNOT_RESOLVE, step(rng.randint(3, 20)), "涉及上级审批权限,已向上反映。"))
        return evs
    if stage <= 0.08:
        return evs
    d = step(rng.randint(0, 3))
    evs.append(IssueEventData(EventKind.ASSIGNED, d, "交办", team_id=team_id, officer_id=handler,
                              deadline=d + timedelta(days=rng.choice((7, 15, 30)))))
    if stage > 0.25:
        evs.append(IssueEventData(EventKind.PROGRESS, step(rng.randint(1, 8)), "已与企业对接,正在协调。"))
    if stage > 0.4:
        evs.append(IssueEventData(EventKind.RESOLVED, step(rng.randint(1, 25)), rng.choice(RESULTS)))
        if stage > 0.55:
            sat = rng.choices(list(Satisfaction), weights=(80, 15, 5))[0]
            evs.append(IssueEventData(EventKind.FOLLOWED_UP, step(rng.randint(2, 10)), "电话回访。", satisfaction=sat))
            if sat is Satisfaction.UNSATISFIED:
                evs.append(IssueEventData(EventKind.PROGRESS, step(rng.randint(1, 5)), "企业不满意,重新协调。"))
    return evs


def build(path: Path) -> None:
    """init + demo county (teams, officers, enterprises), then issues with their history through the ORM,
    so the change log and field versions are there as on a user's laptop."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    svc = init_services(path, "基准测试中心", DeviceRole.HUB)
    try:
        svc.demo.populate(seed=7, enterprises=N_ENTERPRISES, visits=1200)
        dev = svc.device.device_id
        rng = random.Random(7)
        with svc.db.session() as s:
            enterprises = list(s.scalars(select(Enterprise.id)))
            visits = list(s.execute(select(Visit.id, Visit.enterprise_id)))
            members: dict[str, list[str]] = {}
            for team_id, officer_id in s.execute(select(TeamMembership.team_id, TeamMembership.officer_id)):
                members.setdefault(team_id, []).append(officer_id)
            have = s.scalar(select(func.count()).select_from(Issue)) or 0
        cats = [(c[0], seeded_id("category", c[0]), seeded_id("team", c[3])) for c in CATEGORIES]
        anyone = [o for ms in members.values() for o in ms]
        todo = N_ISSUES - have
        # through the app's own write path (the ORM unit of work, so every field lands in the change log
        # as a user's would), one transaction per batch so the build stays in flat memory
        for start in range(0, todo, BUILD_BATCH):
            issues: list[Issue] = []
            events: list[IssueEvent] = []
            for n in range(start, min(todo, start + BUILD_BATCH)):
                code, cat_id, team_id = rng.choice(cats)
                title, desc = rng.choice(ISSUE_TEMPLATES[code])
                raised = TODAY - timedelta(days=int(rng.random() ** 1.5 * 1095))  # 3 years, more of them recent
                if rng.random() < 0.3:
                    visit_id, ent = rng.choice(visits)
                else:
                    visit_id, ent = None, rng.choice(enterprises)
                handler = rng.choice(members.get(team_id) or anyone)
                evs = _events_for(rng, raised, team_id, handler)
                state = IssueState()
                for ev in evs:
                    state = lifecycle.apply(state, ev)
                iid = uuid.uuid4().hex
                issues.append(Issue(
                    id=iid, created_by=dev, updated_by=dev, visit_id=visit_id,
                    enterprise_id=ent, category_id=cat_id, title=title,
                    description=desc.format(m=rng.choice((50, 100, 200, 460)), n=rng.randint(2, 12)),
                    raised_on=raised, status=state.status.value, team_id=state.team_id, officer_id=state.officer_id,
                    deadline=state.deadline, resolved_on=state.resolved_on, result=state.result or "",
                    amount=float(rng.choice((50, 100, 460))) * 10000 if code == "funds" and state.resolved_on else None,
                    satisfaction=state.satisfaction.value if state.satisfaction else None))
                for k, ev in enumerate(evs):
                    events.append(IssueEvent(
                        created_by=dev, updated_by=dev, issue_id=iid, kind=ev.kind.value,
                        at=datetime.combine(ev.on, dtime(9 + k % 8, n % 60)), on=ev.on, device_id=dev,
                        author_officer_id=handler, text=ev.text, team_id=ev.team_id, officer_id=ev.officer_id,
                        deadline=ev.deadline, amount=None,
                        satisfaction=ev.satisfaction.value if ev.satisfaction else None))
            with svc.db.session() as s:
                s.add_all(issues)
                s.flush()
                s.add_all(events)
            print(f"  {start + len(issues):,} / {todo:,} issues", end="\r", flush=True)
        with svc.db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        svc.close()
    con = sqlite3.connect(path)
    n_issues, n_events, n_changes = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                     for t in ("issue", "issue_event", "change"))
    con.close()
    print(f"built {path}: {n_issues:,} issues, {n_events:,} events, {N_ENTERPRISES:,} enterprises, "
          f"{n_changes:,} changes, {path.stat().st_size / 1e6:,.0f} MB in {time.perf_counter() - t0:.1f} s")


def open_db(rebuild: bool) -> Services:
    OUT.mkdir(parents=True, exist_ok=True)
    if rebuild or not DB.exists():
        build(DB)
    svc = open_services(DB)
    with svc.db.session() as s:
        n = s.scalar(select(func.count()).select_from(Issue)) or 0
    if n < N_ISSUES:
        svc.close()
        build(DB)
        svc = open_services(DB)
    return svc


# ---- the same queries written by hand ----------------------------------------------------------------------

RAW_SORT = {
    "raised_on": "i.raised_on", "enterprise": "e.sort_key", "township": "e.township", "deadline": "i.deadline",
    "category": "c.sort_order", "team": "t.sort_order",
    "status": "CASE i.status " + " ".join(f"WHEN '{s.value}' THEN {n}" for n, s in enumerate(IssueStatus)) + " END",
}


def _inline(sql: str, params: dict[str, str]) -> str:
    """The parameters written into the SQL as literals (the rest of the raw query binds with ?)."""
    for name in sorted(params, key=len, reverse=True):
        sql = sql.replace(f":{name}", "'" + params[name].replace("'", "''") + "'")
    return sql


def raw_where(q: IssueQuery, like: bool = False, by_deadline: bool = False,
              walk: bool = False, broad: frozenset[int] = frozenset()) -> tuple[str, list, bool]:
    """WHERE clause, its arguments, and whether it needs the enterprise joined. Text terms go through the
    full-text index as the service's do (storage.search), or with `like` through LIKE (the old query).
    `by_deadline`: the status tested in the deadline-order index, as the service sorted by deadline. `walk`: the
    matches tested on each row of the date index walked in order (`+i.rowid`), as the service's common texts;
    `broad`: those terms (by position) tested by the row's enterprise, as the service's terms in many enterprises."""
    sql, args, join = ["1=1"], [], False
    status = "+i.status" if by_deadline else "i.status"
    open_in = f"{status} IN ('new','assigned','in_progress')"
    if q.statuses:
        sql.append(f"{status} IN ({','.join('?' * len(q.statuses))})")
        args += sorted(q.statuses)
    for col, value in (("i.team_id", q.team_id), ("i.category_id", q.category_id),
                       ("i.enterprise_id", q.enterprise_id), ("i.officer_id", q.officer_id)):
        if value:
            sql.append(f"{col} = ?")
            args.append(value)
    if q.township:
        sql.append("e.township = ?")
        args.append(q.township)
        join = True
    if q.overdue:
        sql.append(f"{open_in} AND i.deadline < ?")
        args.append(q.day().isoformat())
    if q.due_within_days is not None:
        sql.append(f"{open_in} AND i.deadline >= ? AND i.deadline <= ?")
        args += [q.day().isoformat(), (q.day() + timedelta(days=q.due_within_days)).isoformat()]
    for col, value, op in (("i.raised_on", q.raised_from, ">="), ("i.raised_on", q.raised_to, "<="),
                           ("i.resolved_on", q.resolved_from, ">="), ("i.resolved_on", q.resolved_to, "<=")):
        if value:
            sql.append(f"{col} {op} ?")
            args.append(value.isoformat())
    for k, term in enumerate(q.text.lower().split()):
        own, theirs = search.rowids_sql("issue", term, "t"), search.rowids_sql("enterprise", term, "e")
        if not like and own is not None and theirs is not None and walk and k in broad:
            sql.append(f"(EXISTS (SELECT 1 FROM enterprise se WHERE se.id = i.enterprise_id AND se.rowid IN "
                       f"({_inline(*theirs)})) OR +i.rowid IN ({_inline(*own)}))")
            continue
        if not like and own is not None and theirs is not None:
            sql.append(f"{'+' if walk else ''}i.rowid IN ({_inline(*own)} UNION ALL SELECT si.rowid FROM issue si WHERE si.enterprise_id "
                       f"IN (SELECT se.id FROM enterprise se WHERE se.rowid IN ({_inline(*theirs)})))")
            continue
        like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql.append("(i.title LIKE ? ESCAPE '\\' OR i.description LIKE ? ESCAPE '\\' "
                   "OR e.search_text LIKE ? ESCAPE '\\')")
        args += [like, like, like]
        join = True
    return " AND ".join(sql), args, join


def raw_common(con: sqlite3.Connection, q: IssueQuery) -> frozenset[int] | None:
    """As the service: is every term of the text in COMMON_TEXT issues or more (a LIKE term counts as common)?
    None if not, else the terms (by position) in COMMON_ENTERPRISES enterprises or more. Counted as the service
    counts (the enterprises' issues found from the enterprises first, then the issues' own matches up to the
    rest). (None for code without that query shape, so that this bench measures it too, each against its own SQL.)"""
    common = getattr(issue_service, "COMMON_TEXT", None)
    many = getattr(issue_service, "COMMON_ENTERPRISES", None)
    terms = q.text.lower().split()
    if common is None:
        return None

    def count(sql: str, limit: int) -> int:
        return con.execute(f"SELECT count(*) FROM ({sql} LIMIT {limit})").fetchone()[0]

    broad = set()
    for k, term in enumerate(terms):
        own, theirs = search.rowids_sql("issue", term, "t"), search.rowids_sql("enterprise", term, "e")
        if own is None or theirs is None:
            continue
        enterprises = count(_inline(*theirs), many or 1)
        found = count(f"SELECT si.rowid FROM enterprise se JOIN issue si ON si.enterprise_id = se.id "
                      f"WHERE se.rowid IN ({_inline(*theirs)})", common) if enterprises else 0
        if found < common:
            found += count(_inline(*own), common - found)
        if found < common:
            return None
        if many and enterprises >= many:
            broad.add(k)
    return frozenset(broad) if terms else None


def raw_ids(con: sqlite3.Connection, q: IssueQuery, sort: str, desc: bool, like: bool = False,
            limit: int | None = None, shape: bool = True) -> list[str]:
    """`shape`: the service's query shapes (a first screen of a common text walks the date index); without it,
    every match read and sorted (the query before them)."""
    others = (q.statuses or q.team_id or q.category_id or q.enterprise_id or q.officer_id or q.township
              or q.overdue or q.due_within_days is not None or q.resolved_from or q.resolved_to)
    walked = (raw_common(con, q) if shape and not like and sort == "raised_on" and limit is not None and not others
              else None)
    walk = walked is not None
    where, args, join = raw_where(q, like, by_deadline=sort == "deadline", walk=walk, broad=walked or frozenset())
    join = join or sort in ("enterprise", "township")
    frm = "issue i" + (" JOIN enterprise e ON e.id = i.enterprise_id" if join else "")
    if sort == "category":
        frm += " LEFT JOIN issue_category c ON c.id = i.category_id"
    if sort == "team":
        frm += " LEFT JOIN team t ON t.id = i.team_id"
    key = RAW_SORT[sort]
    if sort == "raised_on":  # ties broken by id in the same direction, as the service (one index walk)
        # with filters, the same planner hint as the service: find the rows by the filters' indexes, then sort
        selective = (q.statuses or q.team_id or q.category_id or q.enterprise_id or q.officer_id or q.township
                     or q.overdue or q.due_within_days is not None or q.resolved_from or q.resolved_to or q.text.strip())
        plus = "+" if selective and not walk else ""
        order = f"{plus}i.raised_on DESC, i.id DESC" if desc else f"{plus}i.raised_on, i.id"
    elif sort == "deadline" and not desc:  # NULLS LAST as the expressions of ix_issue_deadline_first, as the service
        order = "i.deadline IS NULL, i.deadline, i.raised_on DESC, i.id DESC"
    else:  # ties: the latest raised first, then id descending, as the service
        order = f"{key} {'DESC' if desc else 'ASC'} NULLS LAST, i.raised_on DESC, i.id DESC"
    tail = f" LIMIT {int(limit)}" if limit is not None else ""
    cur = con.execute(f"SELECT i.id FROM {frm} WHERE {where} ORDER BY {order}{tail}", args)
    return [r[0] for r in cur]


def raw_rows(con: sqlite3.Connection, ids: list[str]) -> list[tuple]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found = {r[0]: r for r in con.execute(
        "SELECT i.*, e.name, e.township, c.name, t.name, o.name FROM issue i "
        "JOIN enterprise e ON e.id = i.enterprise_id LEFT JOIN issue_category c ON c.id = i.category_id "
        "LEFT JOIN team t ON t.id = i.team_id LEFT JOIN officer o ON o.id = i.officer_id "
        f"WHERE i.id IN ({marks})", ids)}
    return [found[i] for i in ids if i in found]


def raw_counts(con: sqlite3.Connection, q: IssueQuery) -> tuple[dict, int, int]:
    """One grouped query, as the service runs it: per status, how many past or near their deadline."""
    where, args, join = raw_where(q)
    frm = "issue i" + (" JOIN enterprise e ON e.id = i.enterprise_id" if join else "")
    today = q.day()
    ranged = q.raised_from or q.raised_to or q.resolved_from or q.resolved_to
    apart = ranged and not (q.statuses or q.overdue or q.escalated or q.due_within_days is not None)
    group = "+i.status" if apart else "i.status"  # as the service: a date range finds the rows, grouped apart
    rows = con.execute(f"SELECT i.status, count(*), sum(i.deadline < ?), "
                       f"sum(i.deadline >= ? AND i.deadline <= ?) FROM {frm} WHERE {where} GROUP BY {group}",
                       [today.isoformat(), today.isoformat(), (today + timedelta(days=DUE_SOON_DAYS)).isoformat(),
                        *args]).fetchall()
    open_ = {s.value for s in OPEN}
    return ({st: n for st, n, _, _ in rows}, sum(late or 0 for st, _, late, _ in rows if st in open_),
            sum(near or 0 for st, _, _, near in rows if st in open_))


# ---- measuring -----------------------------------------------------------------------------------------

def _summary(times: list[float]) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": round(statistics.median(times) * 1000, 2), "p95_ms": round(p95 * 1000, 2)}


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> dict:
    fn()  # warm the page cache and SQLAlchemy's statement cache
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return _summary(times)


def timed_pair(service: Callable[[], object], raw: Callable[[], object], repeats: int = REPEATS) -> tuple[dict, dict]:
    """Both timed in alternation, so a busy machine weighs on the two alike."""
    service(), raw()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeats):
        for fn, times in ((service, a), (raw, b)):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    return _summary(a), _summary(b)


@dataclass(frozen=True)
class Scenario:
    name: str
    query: IssueQuery
    sort: str = "raised_on"
    descending: bool = True


def scenarios(svc: Services) -> list[Scenario]:
    team = {t.name: t.id for t in svc.teams.list()}
    cat = {c.code: c.id for c in svc.categories.list()}
    week = 6 - TODAY.weekday()
    return [
        Scenario("全部 · 按提出日期", IssueQuery(today=TODAY)),
        Scenario("未办结 · 按时限", IssueQuery(statuses=frozenset(OPEN), today=TODAY), "deadline", False),
        Scenario("已超期", IssueQuery(overdue=True, today=TODAY)),
        Scenario("本周到期 · 按时限", IssueQuery(due_within_days=week, today=TODAY), "deadline", False),
        Scenario("金融团 · 按状态", IssueQuery(team_id=team["金融专业一米团"], today=TODAY), "status", False),
        Scenario("城关镇 · 按企业", IssueQuery(township="城关镇", today=TODAY), "enterprise", False),
        Scenario("全部 · 按企业", IssueQuery(today=TODAY), "enterprise", False),
        Scenario("搜索拼音 xiangjiao", IssueQuery(text="xiangjiao", today=TODAY)),
        Scenario("搜索标题 贷款 · 按团队", IssueQuery(text="贷款", today=TODAY), "team", False),
        Scenario("搜索单字 贷", IssueQuery(text="贷", today=TODAY)),
        Scenario("搜索单字 h", IssueQuery(text="h", today=TODAY)),  # in nearly every enterprise's pinyin
        Scenario("搜索单字 鼜 (无)", IssueQuery(text="鼜", today=TODAY)),  # in no text at all
        Scenario("用工类 · 近90天提出", IssueQuery(category_id=cat["labour"], raised_from=TODAY - timedelta(days=90),
                                              today=TODAY), "category", False),
        Scenario("本年办结 · 按时限", IssueQuery(resolved_from=date(TODAY.year, 1, 1), today=TODAY),
                 "deadline", True),
    ]


def _pooled(runs: list[list[float]]) -> dict:
    """Median and p95 over every run of every round, and each round's own median and p95."""
    pooled = _summary([t for r in runs for t in r])
    pooled["rounds"] = [_summary(r) for r in runs]
    return pooled


def _ratio(a: dict, b: dict) -> dict:
    return {"median": round(a["median_ms"] / b["median_ms"], 2), "p95": round(a["p95_ms"] / b["p95_ms"], 2)}


def _pair_times(service: Callable[[], object], raw: Callable[[], object], repeats: int) -> tuple[list[float], list[float]]:
    service(), raw()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeats):
        for fn, times in ((service, a), (raw, b)):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    return a, b


def bench_ledger(svc: Services, rounds: int, page: bool) -> list[dict]:
    """Each scenario `rounds` times (the rounds one after the other over all scenarios, so a burst of load on
    the machine falls on one round of many scenarios, not on every round of one)."""
    issues = svc.issues
    con = sqlite3.connect(DB)
    cases = scenarios(svc)
    samples: dict[tuple[str, str], list[list[float]]] = {}
    agrees: dict[str, bool] = {}
    sizes: dict[str, int] = {}
    pager = LedgerPage(svc) if page else None
    for rnd in range(rounds):
        print(f"  round {rnd + 1} / {rounds} …", flush=True)
        for sc in cases:
            q, sort, desc = sc.query, sc.sort, sc.descending
            if rnd == 0:
                ids = issues.ids(q, sort, desc)
                c = issues.counts(q)
                agrees[sc.name] = (ids == raw_ids(con, q, sort, desc)
                                   and issues.ids(q, sort, desc, CHUNK + 1) == raw_ids(con, q, sort, desc, limit=CHUNK + 1)
                                   and (c.by_status, c.overdue, c.due_soon) == raw_counts(con, q))
                sizes[sc.name] = len(ids)
                if not agrees[sc.name]:  # said, not fatal: the other scenarios still get measured
                    print(f"  !! raw SQL disagrees with the service for {sc.name}")

            def service_first() -> None:  # what the page reads for its first screen (ledger_controller.load)
                found = issues.ids(q, sort, desc, CHUNK + 1)
                issues.rows(found[:CHUNK], q.today)

            def raw_first() -> None:
                raw_rows(con, raw_ids(con, q, sort, desc, limit=CHUNK + 1)[:CHUNK])

            pairs = {"first": (service_first, raw_first),
                     "ids": (lambda: issues.ids(q, sort, desc), lambda: raw_ids(con, q, sort, desc)),
                     "counts": (lambda: issues.counts(q), lambda: raw_counts(con, q))}
            for what, (fs, fr) in pairs.items():
                a, b = _pair_times(fs, fr, REPEATS)
                samples.setdefault((sc.name, f"{what}_service"), []).append(a)
                samples.setdefault((sc.name, f"{what}_raw"), []).append(b)
            if q.text:  # the query before the full-text index, for comparison
                b = [t for t in _pair_times(lambda: raw_ids(con, q, sort, desc, like=True), lambda: None, 5)[0]]
                samples.setdefault((sc.name, "ids_raw_like"), []).append(b)
                b = _pair_times(lambda: raw_rows(con, raw_ids(con, q, sort, desc, limit=CHUNK + 1, shape=False)[:CHUNK]),
                                lambda: None, 5)[0]
                samples.setdefault((sc.name, "first_raw_sorted"), []).append(b)
            if pager is not None:
                first, complete = pager.times(q, sort, desc, PAGE_REPEATS)
                samples.setdefault((sc.name, "page_first"), []).append(first)
                samples.setdefault((sc.name, "page_complete"), []).append(complete)
    if pager is not None:
        pager.close()
    con.close()

    out = []
    print(f"\n问题台账 at {N_ISSUES:,} issues — median / p95 in ms, {rounds} rounds × {REPEATS} runs "
          f"(service and raw SQL through sqlite3 in alternation; first = ids LIMIT {CHUNK + 1} + rows of {CHUNK})")
    head = (f"{'filter · sort':<22}{'rows':>7} │ {'first service':>15}{'raw':>13}{'×p95':>6} │ "
            f"{'every id service':>16}{'raw':>13}{'×p95':>6} │ {'counts service':>15}{'raw':>13}{'×p95':>6}")
    if page:
        head += f" │ {'page: first screen':>18}{'complete':>15}"
    print(head)
    for sc in cases:
        got = {what: _pooled(runs) for (name, what), runs in samples.items() if name == sc.name}
        row = {"scenario": sc.name, "sort": sc.sort, "descending": sc.descending, "rows": sizes[sc.name],
               "agrees": agrees[sc.name], **got}
        for what in ("first", "ids", "counts"):
            row[f"{what}_ratio"] = _ratio(got[f"{what}_service"], got[f"{what}_raw"])
        if page:
            row["page_first_ratio"] = _ratio(got["page_first"], got["first_raw"])
            row["page_complete_ratio"] = _ratio(got["page_complete"], got["ids_raw"])
        out.append(row)

        def mp(d: dict) -> str:
            return f"{d['median_ms']:>6.1f} / {d['p95_ms']:>5.1f}"

        line = f"{pad(sc.name, 22)}{sizes[sc.name]:>7,} │ "
        for what in ("first", "ids", "counts"):
            line += f"{mp(got[what + '_service']):>15}{mp(got[what + '_raw']):>13}{row[what + '_ratio']['p95']:>5.2f}× │ "
        if page:
            line += f"{mp(got['page_first']):>18}{mp(got['page_complete']):>15}"
        print(line.rstrip(" │"))
        if "ids_raw_like" in got:
            print(f"{'  (every id, raw SQL with LIKE: the old query)':<50}{mp(got['ids_raw_like'])}")
        if "first_raw_sorted" in got:
            print(f"{'  (first screen, raw SQL, every match sorted)':<50}{mp(got['first_raw_sorted'])}")
    if page:
        print(f"\npage: run_query() to first_screen_loaded + the table repainted, and to results_loaded (every id "
              f"and the counters); {PAGE_REPEATS} runs a round. Ratios in the JSON: page_first / first_raw, "
              f"page_complete / ids_raw.")
    return out


def pad(text: str, width: int) -> str:
    """Left-aligned in `width` terminal columns (Chinese characters take two)."""
    import unicodedata
    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cols)


class LedgerPage:
    """The real 问题台账 page in an offscreen window, driven as a filter change drives it."""

    def __init__(self, svc: Services):
        import os
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QSettings

        settings = OUT / "qsettings"
        settings.mkdir(exist_ok=True)
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(settings))
        from yimi_desktop.ui.application import GuiSession, make_application

        self.app = make_application()
        self.session = GuiSession(self.app, svc, demo=False)
        self.session.window.resize(1280, 800)
        self.session.window.show()
        self.page = self.session.window.show_page("issues")
        self._screen: list[int] = []
        self._done: list[int] = []
        self.page.first_screen_loaded.connect(lambda: self._screen.append(1))
        self.page.results_loaded.connect(lambda: self._done.append(1))
        self._wait(self._done)

    def _settle(self) -> None:
        """Let the window finish what the last query left (the counters' repaint) before the next one is timed:
        a filter change starts from an idle window, as a typed one does after the typing pause."""
        for _ in range(3):
            self.app.processEvents()

    def _wait(self, flag: list[int]) -> None:
        while not flag:
            self.app.processEvents()
            time.sleep(0.0005)

    def times(self, q: IssueQuery, sort: str, desc: bool, repeats: int) -> tuple[list[float], list[float]]:
        page = self.page
        page.set_query(q)
        page._sort = (sort, desc)
        first: list[float] = []
        complete: list[float] = []
        for k in range(repeats + 1):
            self._screen.clear()
            self._done.clear()
            self._settle()
            t = time.perf_counter()
            page.run_query()  # what a filter change runs
            self._wait(self._screen)
            page.table.viewport().repaint()
            t_first = time.perf_counter() - t
            self._wait(self._done)
            t_done = time.perf_counter() - t
            if k:  # the first one warms the caches
                first.append(t_first)
                complete.append(t_done)
        return first, complete

    def close(self) -> None:
        self.session.tasks.wait()
        self.session.window.close()


# ---- saving a visit with photos ----------------------------------------------------------------------------

def make_photos(folder: Path, seed: int) -> list[Path]:
    """Three distinct 4000x3000 JPEGs with enough detail to weigh what a phone photo weighs."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    paths = []
    for k in range(3):
        w, h = PHOTO_SIZE
        small = Image.effect_noise((w // 8, h // 8), 60).convert("RGB")
        img = Image.merge("RGB", [
            Image.linear_gradient("L").resize((w, h)),
            small.getchannel(0).resize((w, h), Image.Resampling.BICUBIC),
            Image.effect_noise((w, h), 18 + k * 4),
        ])
        draw = ImageDraw.Draw(img)
        for _ in range(120):
            x, y = rng.randrange(w), rng.randrange(h)
            draw.rectangle((x, y, x + rng.randrange(40, 600), y + rng.randrange(40, 400)),
                           outline=tuple(rng.randrange(256) for _ in range(3)), width=rng.randrange(2, 12))
        img = img.filter(ImageFilter.SMOOTH)
        p = folder / f"现场照片_{seed}_{k + 1}.jpg"
        img.save(p, "JPEG", quality=90)
        paths.append(p)
    return paths


def bench_visit(db: Path) -> dict:
    """On a copy of the benchmark database, so the cached one stays as built."""
    work = Path(tempfile.mkdtemp(prefix="yimi-bench-"))
    shutil.copyfile(db, work / "visits.db")
    svc = open_services(work / "visits.db")
    try:
        return _bench_visit(svc, work)
    finally:
        svc.close()
        shutil.rmtree(work, ignore_errors=True)


def _bench_visit(svc: Services, work: Path) -> dict:
    from PIL import Image

    team = next(t for t in svc.teams.list() if t.name == "金融专业一米团")
    officers = [m.id for m in svc.teams.get(team.id).members][:2]
    enterprise = svc.enterprises.ids(EnterpriseQuery())[0]
    category = svc.categories.list()[0].id
    service_times, baseline_times, preview_times = [], [], []
    sizes: list[int] = []
    baseline_db = work / "baseline.db"
    con = sqlite3.connect(baseline_db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE attachment (id TEXT PRIMARY KEY, visit_id TEXT, filename TEXT, size INTEGER)")
    try:
        print(f"\n保存走访 with 3 photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} — {PHOTO_REPEATS} runs, fresh photos each run")
        for run in range(PHOTO_REPEATS):
            photos = make_photos(work, seed=run)
            sizes = [p.stat().st_size for p in photos]
            form = VisitForm(enterprise_id=enterprise, visit_date=TODAY, team_id=team.id, officer_ids=officers,
                             notes="基准测试走访:现场查看生产线。", attendees=[AttendeeForm("张经理", "总经理")],
                             issues=[RaisedIssue(category, "流动资金短缺", "希望协调贷款")],
                             attachment_paths=[str(p) for p in photos])
            t = time.perf_counter()
            svc.visits.finish(form, today=TODAY)
            service_times.append(time.perf_counter() - t)

            dest = work / f"copy{run}"
            dest.mkdir()
            t = time.perf_counter()
            for p in photos:
                shutil.copyfile(p, dest / p.name)
            with con:
                con.execute("INSERT INTO attachment VALUES (?, ?, ?, ?)",
                            (uuid.uuid4().hex, uuid.uuid4().hex, photos[0].name, sizes[0]))
            baseline_times.append(time.perf_counter() - t)

            # what part of finish() is the downscaled preview (decode 12 MP, shrink, encode)
            t = time.perf_counter()
            for p in photos:
                with Image.open(p) as img:
                    img.thumbnail((1600, 1600))
                    img.convert("RGB").save(io.BytesIO(), "JPEG", quality=82, optimize=True)
            preview_times.append(time.perf_counter() - t)
            for p in photos:
                p.unlink()
    finally:
        con.close()
    s, b, pv = (statistics.median(x) * 1000 for x in (service_times, baseline_times, preview_times))
    result = {"photos": 3, "photo_px": list(PHOTO_SIZE), "photo_bytes": sizes,
              "finish_median_ms": round(s, 1), "finish_max_ms": round(max(service_times) * 1000, 1),
              "baseline_median_ms": round(b, 1), "ratio": round(s / b, 1),
              "previews_alone_median_ms": round(pv, 1)}
    print(f"  photo sizes: {', '.join(f'{n / 1e6:.1f} MB' for n in sizes)}")
    print(f"  VisitService.finish      median {s:8.1f} ms   (max {max(service_times) * 1000:.1f} ms)")
    print(f"  baseline copy + INSERT   median {b:8.1f} ms")
    print(f"  ratio                    {s / b:8.1f}×")
    print(f"  of which previews alone  median {pv:8.1f} ms   (decode 12 MP, shrink to 1600 px, encode; "
          f"finish also hashes and fsyncs each file)")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rebuild", action="store_true", help="build the 100,000-issue database again")
    ap.add_argument("--ledger-only", action="store_true", help="skip saving visits with photos")
    ap.add_argument("--rounds", type=int, default=3, help="times each scenario is measured (pooled, and per round)")
    ap.add_argument("--no-page", action="store_true", help="skip the page path (the real page, offscreen)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    svc = open_db(args.rebuild)
    load_before = os.getloadavg()
    try:
        ledger = bench_ledger(svc, args.rounds, not args.no_page)
    finally:
        svc.close()
    visit = None if args.ledger_only else bench_visit(DB)
    report = {"when": datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
              "machine": platform.machine(), "sqlite": sqlite3.sqlite_version, "issues": N_ISSUES,
              "enterprises": N_ENTERPRISES, "first_rows": FIRST_ROWS, "repeats": REPEATS,
              "load_before": load_before, "load_after": os.getloadavg(), "rounds": args.rounds,
              "ledger": ledger, "visit_with_photos": visit}
    print(f"machine load (1, 5, 15 min) before {load_before}, after {report['load_after']}")
    (OUT / "ledger.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwrote {OUT / 'ledger.json'} in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skips the teardown: PySide6's objects freed at interpreter exit crashed it after the run
