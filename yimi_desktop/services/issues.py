"""Issues (诉求) through their life, and the ledger (台账): filtered, sorted, counted in SQL.

Every transition and comment is an IssueEvent (author, device, time, text); the issue's
columns (status, team, deadline, ...) are the fold of its events in causal order (their
hybrid-clock stamps), computed by sync.merge.issue_states here and when events arrive. The wall
time `at` and the officer's day `on` are shown and reported, never used to order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import ClassVar, NamedTuple

from sqlalchemy import (
    ColumnElement, Connection, String, TextClause, and_, bindparam, case, func, literal_column, or_, select, text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, aliased

from ..domain import lifecycle
from ..domain.errors import Message, NotFound
from ..domain.lifecycle import EventKind, IssueEventData, IssueState, TransitionRefused
from ..domain.periods import check_period
from ..domain.rules import (
    PlannedStage, StageKind, extension_too_late, plan, planned_to_json, stages_from_json as rule_stages,
)
from ..domain.workdays import CalendarMissing, WorkCalendar
from ..domain.vocabulary import OPEN, IssueSource, IssueStatus, Satisfaction
from ..storage import search
from ..storage.database import Database
from ..storage.fetch import day, driver_rows, first_column
from ..storage.models import DeadlineRule, Enterprise, Issue, IssueCategory, IssueEvent, Officer, Team
from ..sync.merge import (
    authored_by_hub, event_data, event_order, event_stamps, issue_states, stages_from_json, state_columns,
)
from ..sync.roles import hub_devices

DUE_SOON_DAYS = 3


@dataclass(frozen=True)
class IssueQuery:
    statuses: frozenset[str] = frozenset()
    team_id: str | None = None
    category_id: str | None = None
    township: str | None = None
    enterprise_id: str | None = None
    officer_id: str | None = None
    overdue: bool = False
    due_within_days: int | None = None  # open issues whose deadline falls within N days from today
    raised_from: date | None = None
    raised_to: date | None = None
    resolved_from: date | None = None
    resolved_to: date | None = None
    text: str = ""
    today: date | None = None
    escalated: bool = False  # 督查清单: open issues escalated (升级督办)
    extension_pending: bool = False  # 延期申请 waiting for the hub

    def day(self) -> date:
        return self.today or date.today()


# sortable columns of the ledger
SORT_KEYS = ("raised_on", "enterprise", "township", "category", "team", "deadline", "status")


class IssueRow(NamedTuple):
    """One issue as the ledger shows it: typed and immutable, a tuple underneath. A first screen builds 200 of
    them; as frozen dataclasses (each field set through object.__setattr__) they cost twice the query."""

    id: str
    enterprise_id: str
    enterprise: str
    township: str
    category: str
    title: str
    description: str
    raised_on: date
    team: str
    officer: str
    deadline: date | None
    status: IssueStatus
    result: str
    amount: float | None
    satisfaction: Satisfaction | None
    resolved_on: date | None
    overdue: bool
    due_soon: bool
    # 督办 (see DutyInfo): where the issue stands against its rule
    duty: DutyInfo | None = None
    source: IssueSource = IssueSource.VISIT


@dataclass(frozen=True)
class StageRow:
    kind: StageKind
    due: date
    done_on: date | None
    workdays_left: int | None  # open and not met: 0 on the due day, negative when overdue; None when unknown
    missing_year: int | None  # the calendar lacks this year, so the count is unknown


@dataclass(frozen=True)
class DutyInfo:
    """The 督办 side of an issue: 主办/协办, its rule's stages with their countdowns, extension, escalation."""

    co_teams: tuple[str, ...]  # names
    co_reported: tuple[str, ...]  # names of the 协办 teams that have reported
    rule: str  # the rule's name ("" for a deadline typed by hand)
    stages: tuple[StageRow, ...]
    current: StageRow | None  # the first stage not met while the issue is open
    extension_to: date | None
    extended: bool
    escalated_on: date | None
    escalation_reason: str
    closed_on: date | None

    def countdown(self, lang: str = "zh") -> str:
        """'办结 剩2个工作日' / '进展 超期3个工作日' / '' (the ledger's 督办 column)."""
        c = self.current
        if c is None:
            return ""
        name = c.kind.label(lang)
        if c.workdays_left is None:
            return (f"{name} {c.due.isoformat()} (calendar lacks {c.missing_year})" if lang == "en"
                    else f"{name} {c.due.isoformat()}(日历缺 {c.missing_year} 年)")
        n = c.workdays_left
        if lang == "en":
            return f"{name}: due today" if n == 0 else (f"{name}: {n} working days left" if n > 0
                                                         else f"{name}: {-n} working days overdue")
        return f"{name} 今日到期" if n == 0 else (f"{name} 剩{n}个工作日" if n > 0 else f"{name} 超期{-n}个工作日")


@dataclass(frozen=True)
class IssueEventRow:
    id: str
    kind: EventKind
    at: datetime
    on: date
    text: str
    device_id: str
    author: str
    team: str
    officer: str
    deadline: date | None
    amount: float | None
    satisfaction: Satisfaction | None
    co_teams: tuple[str, ...] = ()  # names of the 协办 teams an assignment named
    stages: tuple[PlannedStage, ...] = ()  # the stage deadlines an assignment planned
    rule: str = ""
    refusal: Message | None = None  # did not take effect (an act from another device that no longer fits): why


@dataclass(frozen=True)
class IssueLinks:
    """The ids behind an issue's names, for the pickers of the ledger's action dialogs."""

    category_id: str | None
    team_id: str | None
    officer_id: str | None
    visit_id: str | None
    co_team_ids: tuple[str, ...] = ()  # 协办 teams, in the order of DutyInfo.co_teams


@dataclass(frozen=True)
class LedgerCounts:
    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def ledger_params(q: IssueQuery) -> dict[str, object]:
    """The query's values, by the names issue_conditions binds them under, as the driver takes them (dates as ISO
    text). Every value of the query is here, and nothing else varies between two queries of the same shape
    (IssueService.ids keeps one SQL text per shape and runs it with these). Reversed dates are refused here."""
    # reversed dates are refused, not answered with an empty ledger (the 报表 page does the same)
    check_period(q.raised_from, q.raised_to, Message("提出日期", "the date raised"))
    check_period(q.resolved_from, q.resolved_to, Message("办结日期", "the date resolved"))
    today = q.day()
    p: dict[str, object] = {f"status_{i}": s for i, s in enumerate(sorted(q.statuses))}
    for name in ("team_id", "category_id", "enterprise_id", "officer_id", "township"):
        value = getattr(q, name)
        if value:
            p[name] = value
    if q.overdue or q.escalated or q.due_within_days is not None:
        p.update({f"open_{i}": s for i, s in enumerate(_OPEN_SORTED)})
    if q.overdue or q.due_within_days is not None:
        p["today"] = today.isoformat()
    if q.due_within_days is not None:
        p["due_end"] = (today + timedelta(days=q.due_within_days)).isoformat()
    for name in ("raised_from", "raised_to", "resolved_from", "resolved_to"):
        value = getattr(q, name)
        if value:
            p[name] = value.isoformat()
    for k, term in enumerate(q.text.lower().split()):
        rowids = _term_rowids(term, k)
        if rowids is not None:
            p.update(rowids[1])
        else:
            p[f"like{k}"] = f"%{_escape(term)}%"
    return p


_OPEN_SORTED = tuple(sorted(OPEN))


def _counts_params(q: IssueQuery) -> dict[str, object]:
    """The counters' own values beside ledger_params: the days that bound 'past' and 'near' a deadline."""
    today = q.day()
    return {"counts_today": today.isoformat(), "counts_soon_end": (today + timedelta(days=DUE_SOON_DAYS)).isoformat()}


def _counts_shape(q: IssueQuery, params: dict[str, object]) -> tuple:
    """What the counters' SQL text depends on (IssueService.counts keeps one per shape): which values are bound
    (which filters, how many statuses, which kind of each text term) and the filters that bind no value of their own."""
    return frozenset(params), q.overdue, q.escalated, q.extension_pending, q.due_within_days is not None


def _bound(name: str, p: dict[str, object]):
    """The query's value `name` as a named parameter (typed as text: dates are bound as ISO text, as stored)."""
    return bindparam(name, p[name], type_=String())


def issue_conditions(q: IssueQuery, by_deadline: bool = False, walk: bool = False,
                     broad: frozenset[int] = frozenset()) -> list[ColumnElement[bool]]:
    """The query's conditions, each value a parameter named as in ledger_params. `by_deadline`: sorted by
    deadline, the status is tested in the deadline-order indexes (which hold it: ix_issue_deadline_first,
    ix_issue_deadline_raised) rather than looked up in ix_issue_status_deadline_raised, which the planner prefers
    without statistics and which needs a sort step. `walk`: the text terms are tested on each row of an index
    walked in order (see IssueService.ids); `broad`: the terms (by position) found in many enterprises, tested
    there by the issue's enterprise (see _text_walk)."""
    p = ledger_params(q)
    c: list[ColumnElement[bool]] = []
    status = literal_column("+issue.status") if by_deadline else Issue.status

    def open_() -> ColumnElement[bool]:
        return status.in_([_bound(f"open_{i}", p) for i in range(len(_OPEN_SORTED))])

    if q.statuses:
        c.append(status.in_([_bound(f"status_{i}", p) for i in range(len(q.statuses))]))
    for name, col in (("team_id", Issue.team_id), ("category_id", Issue.category_id),
                      ("enterprise_id", Issue.enterprise_id), ("officer_id", Issue.officer_id),
                      ("township", Enterprise.township)):
        if name in p:
            c.append(col == _bound(name, p))
    if q.overdue:
        c.append(and_(open_(), Issue.deadline < _bound("today", p)))
    if q.escalated:
        c.append(and_(open_(), Issue.escalated_on.is_not(None)))
    if q.extension_pending:
        c.append(Issue.extension_to.is_not(None))
    if q.due_within_days is not None:
        c.append(and_(open_(), Issue.deadline >= _bound("today", p), Issue.deadline <= _bound("due_end", p)))
    for name, col, op in (("raised_from", Issue.raised_on, "ge"), ("raised_to", Issue.raised_on, "le"),
                          ("resolved_from", Issue.resolved_on, "ge"), ("resolved_to", Issue.resolved_on, "le")):
        if name in p:
            c.append(col >= _bound(name, p) if op == "ge" else col <= _bound(name, p))
    for k, term in enumerate(q.text.lower().split()):
        indexed = _indexed_term(term, k, p, walk, k in broad)
        if indexed is not None:
            c.append(and_(indexed))
            continue
        like = _bound(f"like{k}", p)
        c.append(or_(Issue.title.like(like, escape="\\"), Issue.description.like(like, escape="\\"),
                     Enterprise.search_text.like(like, escape="\\")))
    return c


def _term_rowids(term: str, k: int) -> tuple[str, dict[str, str]] | None:
    """SQL of the rowids of the issues whose title or description, or whose enterprise's search text, holds
    `term`, through the full-text indexes (storage.search), with its parameters; None when they cannot answer it."""
    own, theirs = search.rowids_sql("issue", term, f"issue_term{k}"), search.rowids_sql("enterprise", term, f"ent_term{k}")
    if own is None or theirs is None:
        return None
    return _union(own[0], theirs[0]), {**own[1], **theirs[1]}


def _union(own: str, theirs: str) -> str:
    return (f"{own} UNION ALL SELECT si.rowid FROM issue AS si WHERE si.enterprise_id IN "
            f"(SELECT se.id FROM enterprise AS se WHERE se.rowid IN ({theirs}))")


def _indexed_term(term: str, k: int, p: dict[str, object], walk: bool = False,
                  broad: bool = False) -> TextClause | None:
    """Issues holding `term` (see _term_rowids), its values bound from `p` (ledger_params); None when the full-text
    indexes cannot answer it (LIKE then does). With `walk`, `+issue.rowid`: the matches are a list each row is
    looked up in, not the rows to read. With `broad` too, each walked row's enterprise is looked up (by its id) in
    the list of the enterprises' matches, first: for a term in most enterprises (a pinyin letter) the list of their
    issues was a list of every issue (80 ms at 100,000), and a list of their ids costs a look-up of each matching
    enterprise (3,000 for 'h', 4 ms) where a first screen's walk looks up ~200; the issues' own matches are read
    only if a row's enterprise does not match (for 'h', never)."""
    own, theirs = search.rowids_sql("issue", term, f"issue_term{k}"), search.rowids_sql("enterprise", term, f"ent_term{k}")
    if own is None or theirs is None:
        return None
    if broad and walk:
        sql = (f"(EXISTS (SELECT 1 FROM enterprise AS se WHERE se.id = issue.enterprise_id AND se.rowid IN "
               f"({theirs[0]})) OR +issue.rowid IN ({own[0]}))")
    else:
        sql = f"{'+' if walk else ''}issue.rowid IN ({_union(own[0], theirs[0])})"
    return text(sql).bindparams(*(_bound(name, p) for name in (*own[1], *theirs[1])))


# A first screen sorted by the date raised, of a text search whose every term is in this many issues or more,
# walks ix_issue_raised_id in order and tests each issue against the matches (about 200 × 100,000 / matches
# index entries, 2-10 ms at 100,000 issues), instead of reading every match to sort them (3 µs each: 20 ms for
# 7,000). Rarer terms are read and sorted (a walk would read the whole index for them). Counting up to it
# reads the full-text indexes only (0.1-0.8 ms).
COMMON_TEXT = 1000
# A term of such a walk found in this many enterprises or more is tested by the issue's enterprise (a look-up of
# the walked issue's row and of its enterprise each, see _indexed_term) rather than as a list of those
# enterprises' issues, which is as long as they hold: 'h' (in nearly every enterprise's pinyin) listed every
# issue, 80 ms, walked by enterprise 3 ms. Below it the list of issues is the cheaper (it leaves the walk on the
# covering index).
COMMON_ENTERPRISES = 300


def _count_to(conn: Connection, sql: str, params: dict[str, object], limit: int) -> int:
    return driver_rows(conn, f"SELECT count(*) FROM ({sql} LIMIT {int(limit)})", params)[0][0]


def _their_issues(theirs: str) -> str:
    """The issues of the enterprises whose rowids `theirs` selects, found from the enterprises (each one's issues
    through ix_issue_enterprise), so that counting a few of them looks up a few enterprises, not every match."""
    return (f"SELECT si.rowid FROM enterprise AS se JOIN issue AS si ON si.enterprise_id = se.id "
            f"WHERE se.rowid IN ({theirs})")


def _text_walk(conn: Connection, q: IssueQuery, params: dict[str, object]) -> frozenset[int] | None:
    """Whether a first screen of the text should walk the date index (every term in COMMON_TEXT issues or more):
    None if not, else the terms (by position) in COMMON_ENTERPRISES enterprises or more.

    A term's issues (_term_rowids: its own matches, then its enterprises' issues) are counted from the enterprise
    side first, as the issues of its enterprises found from them: for 'h', in nearly every enterprise, a thousand
    of those are the first 30 enterprises' issues (2 ms), where counting the union listed the ids of all 3,000
    first (5.5 ms). The decision is the union's: its count is at least the enterprises' issues', and when those
    are fewer the issues' own matches are counted up to the rest."""
    terms = q.text.lower().split()
    broad = set()
    for k, term in enumerate(terms):
        own = search.rowids_sql("issue", term, f"issue_term{k}")
        theirs = search.rowids_sql("enterprise", term, f"ent_term{k}")
        if own is None or theirs is None:  # LIKE: read row by row either way, walked in order it stops at the first screen
            continue
        enterprises = _count_to(conn, theirs[0], params, COMMON_ENTERPRISES)
        found = _count_to(conn, _their_issues(theirs[0]), params, COMMON_TEXT) if enterprises else 0
        if found < COMMON_TEXT:
            found += _count_to(conn, own[0], params, COMMON_TEXT - found)
        if found < COMMON_TEXT:
            return None
        if enterprises >= COMMON_ENTERPRISES:
            broad.add(k)
    return frozenset(broad) if terms else None


def _selective(q: IssueQuery) -> bool:
    """Whether the query filters on something besides the date raised (which the date index serves)."""
    return bool(q.statuses or q.team_id or q.category_id or q.enterprise_id or q.officer_id or q.township
                or q.overdue or q.due_within_days is not None or q.resolved_from or q.resolved_to or q.text.strip())


def _group_apart(q: IssueQuery) -> bool:
    """Whether the counters should find their rows by a date range and group them apart: grouped by the bare
    status, the planner walks ix_issue_status_deadline_raised over every issue to save the grouping step, with a
    table look-up each (本年办结 at 100,000 issues: 930 ms, against 31 ms through ix_issue_resolved_status)."""
    ranged = q.raised_from or q.raised_to or q.resolved_from or q.resolved_to
    return bool(ranged) and not (q.statuses or q.overdue or q.escalated or q.due_within_days is not None)


def _needs_enterprise(q: IssueQuery, sort: str) -> bool:
    unindexed = any(_term_rowids(t, 0) is None for t in q.text.lower().split())
    return bool(q.township or unindexed or sort in ("enterprise", "township"))


_ROWS_PER_QUERY = 500
_STATUS_ORDER = ("CASE issue.status " + " ".join(f"WHEN '{s.value}' THEN {i}" for i, s in enumerate(IssueStatus))
                 + " END")
_SHAPES_KEPT = 256  # shapes of the ledger's ids query kept as SQL text (a session uses a few dozen)
_TRUTH = (False, True)  # a 0/1 from SQL as a bool, by index
_STATUS_OF = {s.value: s for s in IssueStatus}  # the enums by value, without Enum.__call__ for each row
_SATISFACTION_OF = {s.value: s for s in Satisfaction}
_SOURCE_OF = {s.value: s for s in IssueSource}


class IssueService:
    def __init__(self, db: Database, device_id: str):
        self._db = db
        self._device = device_id
        # at the hub, before a hub-only act: make sure the device id it writes under is known as the hub's
        # (services.context wires Trust.register_current_hub_device; see sync/roles.py)
        self.before_hub_act: Callable[[], object] = lambda: None
        self._ids_sql: dict[tuple, str] = {}  # the ledger's ids statement as SQL text, by shape (see ids)
        self._counts_sql: dict[tuple, str] = {}  # the counters' grouped statement as SQL text, by shape (see counts)
        self._named = sqlite.dialect(paramstyle="named")  # compiles it with the parameters named, for the driver

    # ---- ledger ------------------------------------------------------------------------------
    def _base(self, q: IssueQuery, sort: str, *cols, walk: bool = False, broad: frozenset[int] = frozenset()):
        stmt = select(*cols).select_from(Issue)
        if _needs_enterprise(q, sort):
            stmt = stmt.join(Enterprise, Enterprise.id == Issue.enterprise_id)
        return stmt.where(and_(True, *issue_conditions(q, by_deadline=sort == "deadline", walk=walk, broad=broad)))

    def ids(self, q: IssueQuery, sort: str = "raised_on", descending: bool = True,
            limit: int | None = None) -> list[str]:
        """Ids of the matching issues in the ledger's order; with `limit`, only the first ones (a first screen).

        Run as SQL text through the driver with the query's values (ledger_params): the text is built and
        compiled by SQLAlchemy once per shape of query (which filters, which kinds of text terms, the order) and
        kept (`_ids_sql`), since building the statement and executing it through SQLAlchemy cost more than a
        cheap first screen's query itself (0.35 ms against 0.08 ms for the newest 201 ids)."""
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort}")
        params = ledger_params(q)
        with self._db.engine.connect() as conn:
            # a first screen of a common text in date order: walk the date index (see COMMON_TEXT)
            walked = (_text_walk(conn, q, params) if sort == "raised_on" and limit is not None
                      and not _selective(replace(q, text="")) else None)
            shape = (sort, descending, limit, walked, frozenset(params), q.overdue, q.escalated, q.extension_pending,
                     q.due_within_days is not None)
            sql = self._ids_sql.get(shape)
            if sql is None:
                sql = self._compile_ids(q, sort, descending, limit, walked, params)
                if len(self._ids_sql) >= _SHAPES_KEPT:
                    self._ids_sql.clear()
                self._ids_sql[shape] = sql
            return [r[0] for r in driver_rows(conn, sql, params)]

    def _compile_ids(self, q: IssueQuery, sort: str, descending: bool, limit: int | None,
                     walked: frozenset[int] | None, params: dict[str, object]) -> str:
        """The SQL text of _ids_statement with its parameters named as in ledger_params (see _compile)."""
        stmt = self._ids_statement(q, sort, descending, None, walked is not None, walked or frozenset())
        return self._compile(stmt, params, "ids") + ("" if limit is None else f" LIMIT {int(limit)}")  # (the shape's)

    def _ids_statement(self, q: IssueQuery, sort: str, descending: bool, limit: int | None, walk: bool,
                       broad: frozenset[int] = frozenset()):
        stmt = self._base(q, sort, Issue.id, walk=walk, broad=broad)
        if sort == "category":
            stmt = stmt.outerjoin(IssueCategory, IssueCategory.id == Issue.category_id)
            key = IssueCategory.sort_order
        elif sort == "team":
            stmt = stmt.outerjoin(Team, Team.id == Issue.team_id)
            key = Team.sort_order
        elif sort == "status":  # (the statuses written into the text: part of the shape, bound as nothing)
            key = literal_column(_STATUS_ORDER)
        else:
            key = {"raised_on": Issue.raised_on, "enterprise": Enterprise.sort_key, "township": Enterprise.township,
                   "deadline": Issue.deadline}[sort]
        if sort == "raised_on" and _selective(q) and not walk:
            # the filters' own indexes find the rows, then they are sorted: walking ix_issue_raised_id (which
            # the planner otherwise prefers, for the order) reads every issue to find the few that match
            direction = "DESC" if descending else "ASC"
            stmt = stmt.order_by(text(f"+issue.raised_on {direction}, issue.id {direction}"))
        elif sort == "raised_on":
            # (raised_on, id) in one direction walks ix_issue_raised_id, forwards or backwards
            stmt = stmt.order_by(*((Issue.raised_on.desc(), Issue.id.desc()) if descending
                                   else (Issue.raised_on, Issue.id)))
        elif sort == "deadline" and not descending:
            # NULLS LAST spelt as the expressions of ix_issue_deadline_first: its walk is the order, no sort step
            # (going down, SQLite puts NULLs last by itself: ix_issue_deadline_raised walked backwards)
            stmt = stmt.order_by(Issue.deadline.is_(None), Issue.deadline, Issue.raised_on.desc(), Issue.id.desc())
        else:
            order = key.desc() if descending else key.asc()
            stmt = stmt.order_by(order.nulls_last(), Issue.raised_on.desc(), Issue.id.desc())
        if limit is not None:
            stmt = stmt.limit(limit)
        return stmt

    def contains(self, q: IssueQuery, issue_id: str) -> bool:
        """Whether the issue is among the query's results (one primary-key look-up)."""
        with self._db.session() as s:
            return bool(first_column(s, self._base(q, "", Issue.id).where(Issue.id == issue_id)))

    def counts(self, q: IssueQuery) -> LedgerCounts:
        """The counters in one grouped query: per status, with how many of each are past or near their deadline.
        Kept as SQL text by the query's shape and run through the driver with its values, as ids (through
        SQLAlchemy, building and executing the statement cost three times a small count's query: 本周到期, 1.0 ms
        against 0.3 ms)."""
        params = {**ledger_params(q), **_counts_params(q)}
        shape = _counts_shape(q, params)
        sql = self._counts_sql.get(shape)
        if sql is None:
            sql = self._compile(self._counts_statement(q, params), params, "counters")
            if len(self._counts_sql) >= _SHAPES_KEPT:
                self._counts_sql.clear()
            self._counts_sql[shape] = sql
        with self._db.engine.connect() as conn:
            grouped = driver_rows(conn, sql, params)
        by_status = {status: int(n) for status, n, _, _ in grouped}
        overdue = sum(int(late or 0) for status, _, late, _ in grouped if status in OPEN)
        soon = sum(int(near or 0) for status, _, _, near in grouped if status in OPEN)
        return LedgerCounts(sum(by_status.values()), by_status, overdue, soon)

    def _counts_statement(self, q: IssueQuery, params: dict[str, object]):
        today, soon_end = _bound("counts_today", params), _bound("counts_soon_end", params)
        one, zero = literal_column("1"), literal_column("0")  # (written in the text: no value bound for them)
        return self._base(q, "", Issue.status, func.count(), func.sum(case((Issue.deadline < today, one), else_=zero)),
                          func.sum(case((and_(Issue.deadline >= today, Issue.deadline <= soon_end), one), else_=zero))
                          ).group_by(text("+issue.status") if _group_apart(q) else Issue.status)

    def _compile(self, stmt, params: dict[str, object], what: str) -> str:
        """`stmt` as SQL text with its parameters named as in `params`. Refused if it binds any other value (one
        the shape it is kept for would not cover)."""
        compiled = stmt.compile(dialect=self._named)
        others = set(compiled.construct_params()) - set(params)
        if others:
            raise RuntimeError(f"the ledger's {what} bind values not in ledger_params: {sorted(others)}")
        return compiled.string

    def rows(self, ids: list[str], today: date | None = None) -> list[IssueRow]:
        """The rows of these issues, in the same order (missing ids are skipped). Read as SQL text on the
        connection's DB-API cursor and built as plain tuples (IssueRow): a first screen's 200 rows cost about
        what the query does. The SQL says which rows are past or near their deadline and which have a 督办 side
        (DutyInfo, made only for those), so that building a row is a few look-ups and three dates."""
        if not ids:
            return []
        today = today or date.today()
        soon = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
        found: dict[str, IssueRow] = {}
        statuses, satisfactions, sources, truth, new, fromiso = (_STATUS_OF, _SATISFACTION_OF, _SOURCE_OF, _TRUTH,
                                                                tuple.__new__, date.fromisoformat)
        visit = IssueSource.VISIT
        with self._db.engine.connect() as s:  # (a read: no Session, no unit of work to set up and close)
            duty: _DutyReader | None = None
            for start in range(0, len(ids), _ROWS_PER_QUERY):
                part = ids[start:start + _ROWS_PER_QUERY]
                for (iid, ent_id, ename, township, cname, title, desc, raised_text, tname, oname, deadline_text,
                     status, result, amount, satisfaction, resolved_text, source, late, near, duty_cols
                     ) in driver_rows(s, _ROWS_SQL.format(marks=",".join("?" * len(part))),
                                      (today.isoformat(), soon, *part)):
                    info = None
                    if duty_cols is not None:
                        if duty is None:
                            duty = _DutyReader(s, today)
                        info = duty.info(_DutyColumns.of(status, json.loads(duty_cols)))
                    found[iid] = new(IssueRow, (
                        iid, ent_id, ename, township, cname, title, desc, fromiso(raised_text), tname, oname,
                        fromiso(deadline_text) if deadline_text else None, statuses[status], result, amount,
                        satisfactions[satisfaction] if satisfaction else None,
                        fromiso(resolved_text) if resolved_text else None, truth[late], truth[near],
                        info, sources[source] if source else visit))
        return [found[i] for i in ids if i in found]

    def get(self, issue_id: str, today: date | None = None) -> IssueRow:
        rows = self.rows([issue_id], today)
        if not rows:
            raise NotFound(Message(f"找不到诉求 {issue_id}", f"No issue {issue_id}"))
        return rows[0]

    def history(self, issue_id: str) -> list[IssueEventRow]:
        author, handler = aliased(Officer), aliased(Officer)
        stmt = (select(IssueEvent, author.name, Team.name, handler.name)
                .outerjoin(author, author.id == IssueEvent.author_officer_id)
                .outerjoin(Team, Team.id == IssueEvent.team_id)
                .outerjoin(handler, handler.id == IssueEvent.officer_id)
                .where(IssueEvent.issue_id == issue_id))
        with self._db.session() as s:
            rows = list(s.execute(stmt))
            stamps = event_stamps(s.connection(), [e.id for e, *_ in rows])
            rows.sort(key=lambda r: event_order(stamps.get(r[0].id), r[0].at, r[0].id))  # the fold's order
            names = _DutyReader(s, date.today())
            hubs = hub_devices(s.connection())
            data = [event_data(e, authored_by_hub(hubs, stamps.get(e.id))) for e, *_ in rows]
            _, marks = lifecycle.derive_marked(data)  # the fold that made the issue's state, event by event
            out = []
            for (e, a, t, o), ev, mark in zip(rows, data, marks):
                out.append(IssueEventRow(e.id, EventKind(e.kind), e.at, e.on, e.text, e.device_id, a or "", t or "",
                                         o or "", e.deadline, e.amount, ev.satisfaction,
                                         tuple(names.team(x) for x in ev.co_team_ids), ev.stages,
                                         names.rule(e.rule_id), mark))
            return out

    def links(self, issue_id: str) -> IssueLinks:
        """Category, team, officer and visit ids of an issue (IssueRow carries only their names)."""
        with self._db.session() as s:
            i = s.get(Issue, issue_id)
            if i is None:
                raise NotFound(Message(f"找不到诉求 {issue_id}", f"No issue {issue_id}"))
            return IssueLinks(i.category_id, i.team_id, i.officer_id, i.visit_id,
                              tuple(json.loads(i.co_team_ids)) if i.co_team_ids else ())

    def suggested_team(self, category_id: str) -> str | None:
        with self._db.session() as s:
            return s.scalar(select(IssueCategory.default_team_id).where(IssueCategory.id == category_id))

    # ---- life ---------------------------------------------------------------------------------
    def raise_in(self, s: Session, enterprise_id: str, visit_id: str | None, category_id: str, title: str,
                 description: str, on: date, author_officer_id: str | None = None,
                 source: IssueSource | None = None) -> Issue:
        """Create an issue and its RAISED event inside the caller's transaction."""
        source = source or (IssueSource.VISIT if visit_id else IssueSource.OTHER)
        issue = Issue(enterprise_id=enterprise_id, visit_id=visit_id, category_id=category_id or None,
                      source=source.value,
                      title=title, description=description, raised_on=on, status=IssueStatus.NEW.value,
                      created_by=self._device, updated_by=self._device)
        s.add(issue)
        s.flush()
        s.add(IssueEvent(issue_id=issue.id, kind=EventKind.RAISED.value, at=self._db.utcnow(), on=on, device_id=self._device,
                         author_officer_id=author_officer_id, text=title, created_by=self._device,
                         updated_by=self._device))
        return issue

    def raise_issue(self, enterprise_id: str, category_id: str, title: str, description: str = "",
                    on: date | None = None, visit_id: str | None = None, author_officer_id: str | None = None,
                    source: IssueSource | None = None) -> str:
        """An issue from a visit or from any other channel (电话, 来访, 12345 热线, 部门转来, 其他)."""
        if not title.strip():
            raise TransitionRefused(Message("请填写诉求标题。", "Give the issue a title."))
        if source is IssueSource.VISIT and not visit_id:
            raise TransitionRefused(Message("来源为“走访”的诉求须属于一次走访。", "An issue from a visit needs the visit."))
        with self._db.session() as s:
            if s.get(Enterprise, enterprise_id) is None:
                raise NotFound(Message(f"找不到企业 {enterprise_id}", f"No enterprise {enterprise_id}"))
            if category_id and s.get(IssueCategory, category_id) is None:
                raise NotFound(Message(f"找不到诉求类别 {category_id}", f"No issue category {category_id}"))
            return self.raise_in(s, enterprise_id, visit_id, category_id, title.strip(), description.strip(),
                                 on or date.today(), author_officer_id, source).id

    def apply(self, issue_id: str, ev: IssueEventData, author_officer_id: str | None = None,
              at: datetime | None = None) -> IssueRow:
        """Record one transition or comment; refused (nothing written) if the rules forbid it."""
        with self._db.session() as s:
            self.apply_in(s, issue_id, ev, author_officer_id, at)
        return self.get(issue_id)

    def apply_in(self, s: Session, issue_id: str, ev: IssueEventData, author_officer_id: str | None = None,
                 at: datetime | None = None) -> IssueState:
        """`apply` inside the caller's transaction (a 回填 sheet applies many in one); returns the new state."""
        if ev.kind is EventKind.RAISED:
            raise TransitionRefused(Message("诉求已经提出。", "The issue has already been raised."))
        issue = s.get(Issue, issue_id)
        if issue is None:
            raise NotFound(Message(f"找不到诉求 {issue_id}", f"No issue {issue_id}"))
        conn = s.connection()
        lifecycle.apply(issue_states(conn, [issue.id])[issue.id], ev)  # refused here: nothing written
        s.add(IssueEvent(issue_id=issue.id, kind=ev.kind.value, at=at or self._db.utcnow(), on=ev.on,
                         device_id=self._device, author_officer_id=author_officer_id, text=ev.text.strip(),
                         team_id=ev.team_id, officer_id=ev.officer_id, deadline=ev.deadline, amount=ev.amount,
                         satisfaction=ev.satisfaction.value if ev.satisfaction else None,
                         co_team_ids=json.dumps(list(ev.co_team_ids)) if ev.co_team_ids else None,
                         rule_id=ev.rule_id, stages=planned_to_json(ev.stages) if ev.stages else None,
                         created_by=self._device, updated_by=self._device))
        s.flush()  # the event and its change-log stamp
        state = issue_states(conn, [issue.id])[issue.id]
        self._store_state(issue, state)  # the same fold as on import
        return state

    def _store_state(self, issue: Issue, st: IssueState) -> None:
        for name, value in state_columns(st).items():  # the same columns the importer writes
            setattr(issue, name, value)
        issue.updated_by = self._device

    # ---- 督办: rules, calendar ----------------------------------------------------------------------
    def plan(self, rule: str, on: date) -> tuple[str, tuple[PlannedStage, ...]]:
        """(rule id, each stage's due date) for an assignment on `on` by the rule named `rule` (id, code or
        name); CalendarMissing when the calendar lacks a year the count passes through."""
        with self._db.session() as s:
            row = next((r for r in s.scalars(select(DeadlineRule)) if rule in (r.id, r.code, r.name)), None)
            if row is None:
                raise NotFound(Message(f"找不到办理时限规则“{rule}”。", f"No handling-time rule '{rule}'."))
            if not row.active:
                raise TransitionRefused(Message(f"办理时限规则“{row.name}”已停用。", f"The rule '{row.name}' is not in use."))
            cal = _calendar(s)
        return row.id, plan(rule_stages(row.stages), on, cal)

    def _assignment(self, kind: EventKind, issue_id: str, team_id: str, deadline: date | None,
                    officer_id: str | None, text: str, on: date | None, author: str | None,
                    co_team_ids: tuple[str, ...], rule: str | None) -> IssueRow:
        on = on or date.today()
        rule_id, stages = self.plan(rule, on) if rule else (None, ())
        if rule and deadline is not None:
            raise TransitionRefused(Message("选择了时限规则就不要再填办理时限(由规则按工作日计算)。",
                                            "Give either a rule or a deadline, not both."))
        return self.apply(issue_id, IssueEventData(kind, on, text, team_id=team_id, officer_id=officer_id,
                                                   deadline=deadline, co_team_ids=tuple(co_team_ids),
                                                   rule_id=rule_id, stages=stages), author)

    # convenience for screens and the CLI
    def assign(self, issue_id: str, team_id: str, deadline: date | None = None, officer_id: str | None = None,
               text: str = "", on: date | None = None, author: str | None = None,
               co_team_ids: tuple[str, ...] = (), rule: str | None = None) -> IssueRow:
        """交办 to a 主办 team (and 协办 teams), with a deadline typed by hand or a rule's stages."""
        return self._assignment(EventKind.ASSIGNED, issue_id, team_id, deadline, officer_id, text, on, author,
                                co_team_ids, rule)

    def reassign(self, issue_id: str, team_id: str, reason: str, deadline: date | None = None,
                 officer_id: str | None = None, on: date | None = None, author: str | None = None,
                 co_team_ids: tuple[str, ...] = (), rule: str | None = None) -> IssueRow:
        """改派 to another team, counted from the new assignment."""
        return self._assignment(EventKind.REASSIGNED, issue_id, team_id, deadline, officer_id, reason, on, author,
                                co_team_ids, rule)

    def give_back(self, issue_id: str, reason: str, on: date | None = None, author: str | None = None) -> IssueRow:
        """退回: the team objects to the assignment; the issue waits for 交办 again."""
        return self.apply(issue_id, IssueEventData(EventKind.RETURNED, on or date.today(), reason), author)

    def co_report(self, issue_id: str, team_id: str, text: str, on: date | None = None,
                  author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.CO_REPORTED, on or date.today(), text, team_id=team_id),
                          author)

    def request_extension(self, issue_id: str, to: date, reason: str, on: date | None = None,
                          author: str | None = None) -> IssueRow:
        """延期申请; when the issue's rule asks for it N working days before the deadline, checked here with this
        device's calendar (the fold itself has no calendar: an arriving request is never refused for it)."""
        on = on or date.today()
        with self._db.session() as s:
            issue = s.get(Issue, issue_id)
            rule = s.get(DeadlineRule, issue.rule_id) if issue is not None and issue.rule_id else None
            if rule is not None and rule.extension_lead and issue is not None:
                refusal = extension_too_late(rule.extension_lead, on, issue.deadline, _calendar(s))
                if refusal is not None:
                    raise refusal
        return self.apply(issue_id, IssueEventData(EventKind.EXTENSION_REQUESTED, on, reason, deadline=to), author)

    def approve_extension(self, issue_id: str, text: str = "", on: date | None = None, author: str | None = None,
                          hub: bool = True, to: date | None = None) -> IssueRow:
        """批准延期 at the hub: to the date asked, or to `to` (another date the hub grants)."""
        _need_hub(hub, "批准延期", "Approving an extension")
        self.before_hub_act()
        return self.apply(issue_id, IssueEventData(EventKind.EXTENSION_APPROVED, on or date.today(), text,
                                                   deadline=to), author)

    def reject_extension(self, issue_id: str, reason: str, on: date | None = None, author: str | None = None,
                         hub: bool = True) -> IssueRow:
        _need_hub(hub, "驳回延期", "Rejecting an extension")
        self.before_hub_act()
        return self.apply(issue_id, IssueEventData(EventKind.EXTENSION_REJECTED, on or date.today(), reason), author)

    def escalate(self, issue_id: str, reason: str, on: date | None = None, author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.ESCALATED, on or date.today(), reason), author)

    def close_off(self, issue_id: str, text: str = "", on: date | None = None, author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.CLOSED, on or date.today(), text), author)

    def progress(self, issue_id: str, text: str, on: date | None = None, author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.PROGRESS, on or date.today(), text), author)

    def resolve(self, issue_id: str, text: str, amount: float | None = None, on: date | None = None,
                author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.RESOLVED, on or date.today(), text, amount=amount), author)

    def follow_up(self, issue_id: str, satisfaction: Satisfaction, text: str = "", on: date | None = None,
                  author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.FOLLOWED_UP, on or date.today(), text,
                                                   satisfaction=satisfaction), author)

    def cannot_resolve(self, issue_id: str, reason: str, on: date | None = None, author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.CANNOT_RESOLVE, on or date.today(), reason), author)

    def reopen(self, issue_id: str, reason: str, on: date | None = None, author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.REOPENED, on or date.today(), reason), author)

    def comment(self, issue_id: str, text: str, on: date | None = None, author: str | None = None) -> IssueRow:
        if not text.strip():
            raise TransitionRefused(Message("备注不能为空。", "The comment is empty."))
        return self.apply(issue_id, IssueEventData(EventKind.COMMENT, on or date.today(), text), author)


def _need_hub(hub: bool, zh: str, en: str) -> None:
    if not hub:
        raise TransitionRefused(Message(f"{zh}只能在县级中心进行。", f"{en} is done at the county hub."))


def _calendar(s: Session | Connection) -> WorkCalendar:
    from ..storage.models import CalendarDay, CalendarYear
    years = frozenset(int(y) for y in s.scalars(select(CalendarYear.year)))
    return WorkCalendar(years, {d: bool(w) for d, w in s.execute(select(CalendarDay.day, CalendarDay.workday))})


@dataclass(frozen=True)
class _DutyColumns:
    """The 督办 columns of one issue row as `_DutyReader.info` reads them (from raw rows: dates arrive as text)."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("stages", "co_team_ids", "co_reported", "rule_id", "extension_to",
                                          "extended", "escalated_on", "escalation_reason", "closed_on")
    status: str
    stages: str | None
    co_team_ids: str | None
    co_reported: str | None
    rule_id: str | None
    extension_to: date | None
    extended: bool | None
    escalated_on: date | None
    escalation_reason: str | None
    closed_on: date | None

    @classmethod
    def of(cls, status: str, cols: list) -> _DutyColumns:
        stages, co, reported, rule, ext_to, extended, escalated, reason, closed = cols
        return cls(status, stages, co, reported, rule, day(ext_to), bool(extended), day(escalated), reason, day(closed))


class _DutyReader:
    """Reads the names and the calendar once for a batch of rows (the ledger's page)."""

    def __init__(self, s: Session | Connection, today: date):
        self._s, self._today = s, today
        self._cal: WorkCalendar | None = None
        self._teams: dict[str, str] | None = None
        self._rules: dict[str, str] | None = None

    def team(self, tid: str) -> str:
        if self._teams is None:
            self._teams = {k: v for k, v in self._s.execute(select(Team.id, Team.name))}
        return self._teams.get(tid, tid)

    def rule(self, rid: str | None) -> str:
        if not rid:
            return ""
        if self._rules is None:
            self._rules = {k: v for k, v in self._s.execute(select(DeadlineRule.id, DeadlineRule.name))}
        return self._rules.get(rid, "")

    def stage(self, kind: StageKind, due: date, done: date | None, is_open: bool) -> StageRow:
        if done is not None or not is_open:
            return StageRow(kind, due, done, None, None)
        if self._cal is None:
            self._cal = _calendar(self._s)
        try:
            return StageRow(kind, due, None, self._cal.workdays_left(self._today, due), None)
        except CalendarMissing as exc:
            return StageRow(kind, due, None, None, exc.year)

    def info(self, i: Issue | _DutyColumns) -> DutyInfo | None:
        is_open = i.status in OPEN
        stages = stages_from_json(i.stages)
        co = tuple(json.loads(i.co_team_ids)) if i.co_team_ids else ()
        # a deadline typed by hand (or from before rules) is a fixed calendar date: no stages, shown as before
        if not (stages or co or i.extension_to or i.extended or i.escalated_on or i.closed_on):
            return None
        rows = tuple(self.stage(st.kind, st.due, st.done_on, is_open) for st in stages)
        current = next((r for r in rows if r.done_on is None and r.kind is not StageKind.CAP), None) if is_open else None
        reported = tuple(self.team(t) for t in json.loads(i.co_reported)) if i.co_reported else ()
        return DutyInfo(tuple(self.team(t) for t in co), reported, self.rule(i.rule_id), rows, current,
                        i.extension_to, bool(i.extended), i.escalated_on, i.escalation_reason or "", i.closed_on)


# IssueService.rows: the ledger's columns of given issues, written once as SQL text (see rows). Its first two
# parameters are today and the end of "near its deadline" (DUE_SOON_DAYS on), as ISO text; the ids follow.
_OPEN_IN = "(" + ", ".join(f"'{s}'" for s in _OPEN_SORTED) + ")"
_NOTHING = "('', '[]')"
_ROWS_SQL = ("SELECT i.id, i.enterprise_id, e.name, e.township, ifnull(c.name, ''), i.title, i.description, "
             "i.raised_on, ifnull(t.name, ''), ifnull(o.name, ''), i.deadline, i.status, i.result, i.amount, "
             "i.satisfaction, i.resolved_on, i.source, "
             f"ifnull(i.status IN {_OPEN_IN} AND i.deadline < ?1, 0), "
             f"ifnull(i.status IN {_OPEN_IN} AND i.deadline >= ?1 AND i.deadline <= ?2, 0), "
             # the 督办 columns as one JSON array, for the rows that have a 督办 side (as _DutyReader.info decides)
             f"CASE WHEN ifnull(i.stages, '') NOT IN {_NOTHING} OR ifnull(i.co_team_ids, '') NOT IN {_NOTHING} "
             "OR ifnull(i.extension_to, '') <> '' OR ifnull(i.extended, 0) <> 0 OR ifnull(i.escalated_on, '') <> '' "
             "OR ifnull(i.closed_on, '') <> '' THEN json_array("
             + ", ".join(f"i.{c}" for c in _DutyColumns.COLUMNS) +
             ") END FROM issue i JOIN enterprise e ON e.id = i.enterprise_id"
             " LEFT JOIN issue_category c ON c.id = i.category_id LEFT JOIN team t ON t.id = i.team_id"
             " LEFT JOIN officer o ON o.id = i.officer_id WHERE i.id IN ({marks})")
