"""Issues (诉求) through their life, and the ledger (台账): filtered, sorted, counted in SQL.

Every transition and comment is an IssueEvent (author, device, time, text); the issue's
columns (status, team, deadline, ...) are the fold of its events in causal order (their
hybrid-clock stamps), computed by sync.merge.issue_states here and when events arrive. The wall
time `at` and the officer's day `on` are shown and reported, never used to order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, bindparam, case, func, or_, select, text
from sqlalchemy.orm import Session, aliased

from ..domain import lifecycle
from ..domain.errors import Message, NotFound
from ..domain.lifecycle import EventKind, IssueEventData, IssueState, TransitionRefused
from ..domain.periods import check_period
from ..domain.vocabulary import OPEN, IssueStatus, Satisfaction
from ..storage import search
from ..storage.database import Database
from ..storage.fetch import day, first_column, raw_rows
from ..storage.models import Enterprise, Issue, IssueCategory, IssueEvent, Officer, Team
from ..sync.merge import event_order, event_stamps, issue_states

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

    def day(self) -> date:
        return self.today or date.today()


# sortable columns of the ledger
SORT_KEYS = ("raised_on", "enterprise", "township", "category", "team", "deadline", "status")


@dataclass(frozen=True)
class IssueRow:
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


@dataclass(frozen=True)
class IssueLinks:
    """The ids behind an issue's names, for the pickers of the ledger's action dialogs."""

    category_id: str | None
    team_id: str | None
    officer_id: str | None
    visit_id: str | None


@dataclass(frozen=True)
class LedgerCounts:
    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def issue_conditions(q: IssueQuery) -> list[ColumnElement[bool]]:
    today = q.day()
    c: list[ColumnElement[bool]] = []
    if q.statuses:
        c.append(Issue.status.in_(sorted(q.statuses)))
    if q.team_id:
        c.append(Issue.team_id == q.team_id)
    if q.category_id:
        c.append(Issue.category_id == q.category_id)
    if q.enterprise_id:
        c.append(Issue.enterprise_id == q.enterprise_id)
    if q.officer_id:
        c.append(Issue.officer_id == q.officer_id)
    if q.township:
        c.append(Enterprise.township == q.township)
    if q.overdue:
        c.append(and_(Issue.status.in_(OPEN), Issue.deadline < today))
    if q.due_within_days is not None:
        c.append(and_(Issue.status.in_(OPEN), Issue.deadline >= today,
                      Issue.deadline <= today + timedelta(days=q.due_within_days)))
    # reversed dates are refused, not answered with an empty ledger (the 报表 page does the same)
    check_period(q.raised_from, q.raised_to, Message("提出日期", "the date raised"))
    check_period(q.resolved_from, q.resolved_to, Message("办结日期", "the date resolved"))
    if q.raised_from:
        c.append(Issue.raised_on >= q.raised_from)
    if q.raised_to:
        c.append(Issue.raised_on <= q.raised_to)
    if q.resolved_from:
        c.append(Issue.resolved_on >= q.resolved_from)
    if q.resolved_to:
        c.append(Issue.resolved_on <= q.resolved_to)
    for k, term in enumerate(q.text.lower().split()):
        indexed = _indexed_term(term, k)
        if indexed is not None:
            c.append(indexed)
            continue
        like = f"%{_escape(term)}%"
        c.append(or_(Issue.title.like(like, escape="\\"), Issue.description.like(like, escape="\\"),
                     Enterprise.search_text.like(like, escape="\\")))
    return c


def _indexed_term(term: str, k: int) -> ColumnElement[bool] | None:
    """Issues whose title or description, or whose enterprise's search text, holds `term`, through the
    full-text indexes (storage.search); None when they cannot answer it (LIKE then does)."""
    own, theirs = search.rowids_sql("issue", term, f"issue_term{k}"), search.rowids_sql("enterprise", term, f"ent_term{k}")
    if own is None or theirs is None:
        return None
    sql = (f"issue.rowid IN ({own[0]} UNION ALL SELECT si.rowid FROM issue AS si WHERE si.enterprise_id IN "
           f"(SELECT se.id FROM enterprise AS se WHERE se.rowid IN ({theirs[0]})))")
    return and_(text(sql).bindparams(**own[1], **theirs[1]))


def _selective(q: IssueQuery) -> bool:
    """Whether the query filters on something besides the date raised (which the date index serves)."""
    return bool(q.statuses or q.team_id or q.category_id or q.enterprise_id or q.officer_id or q.township
                or q.overdue or q.due_within_days is not None or q.resolved_from or q.resolved_to or q.text.strip())


def _needs_enterprise(q: IssueQuery, sort: str) -> bool:
    unindexed = any(_indexed_term(t, 0) is None for t in q.text.lower().split())
    return bool(q.township or unindexed or sort in ("enterprise", "township"))


class IssueService:
    def __init__(self, db: Database, device_id: str):
        self._db = db
        self._device = device_id
        self._rows_stmt = self._rows_statement()

    # ---- ledger ------------------------------------------------------------------------------
    def _base(self, q: IssueQuery, sort: str, *cols):
        stmt = select(*cols).select_from(Issue)
        if _needs_enterprise(q, sort):
            stmt = stmt.join(Enterprise, Enterprise.id == Issue.enterprise_id)
        return stmt.where(and_(True, *issue_conditions(q)))

    def ids(self, q: IssueQuery, sort: str = "raised_on", descending: bool = True) -> list[str]:
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort}")
        stmt = self._base(q, sort, Issue.id)
        if sort == "category":
            stmt = stmt.outerjoin(IssueCategory, IssueCategory.id == Issue.category_id)
            key = IssueCategory.sort_order
        elif sort == "team":
            stmt = stmt.outerjoin(Team, Team.id == Issue.team_id)
            key = Team.sort_order
        else:
            key = {"raised_on": Issue.raised_on, "enterprise": Enterprise.sort_key, "township": Enterprise.township,
                   "deadline": Issue.deadline, "status": case({s: i for i, s in enumerate(IssueStatus)},
                                                                value=Issue.status)}[sort]
        if sort == "raised_on" and _selective(q):
            # the filters' own indexes find the rows, then they are sorted: walking ix_issue_raised_id (which
            # the planner otherwise prefers, for the order) reads every issue to find the few that match
            direction = "DESC" if descending else "ASC"
            stmt = stmt.order_by(text(f"+issue.raised_on {direction}, issue.id {direction}"))
        elif sort == "raised_on":
            # (raised_on, id) in one direction walks ix_issue_raised_id, forwards or backwards
            stmt = stmt.order_by(*((Issue.raised_on.desc(), Issue.id.desc()) if descending
                                   else (Issue.raised_on, Issue.id)))
        else:
            order = key.desc() if descending else key.asc()
            stmt = stmt.order_by(order.nulls_last(), Issue.raised_on.desc(), Issue.id.desc())
        with self._db.session() as s:
            return first_column(s, stmt)

    def counts(self, q: IssueQuery) -> LedgerCounts:
        """The counters in one grouped query: per status, with how many of each are past or near their deadline."""
        today = q.day()
        soon_end = today + timedelta(days=DUE_SOON_DAYS)
        stmt = self._base(q, "", Issue.status, func.count(),
                          func.sum(case((Issue.deadline < today, 1), else_=0)),
                          func.sum(case((and_(Issue.deadline >= today, Issue.deadline <= soon_end), 1), else_=0))
                          ).group_by(Issue.status)
        with self._db.session() as s:
            grouped = list(s.execute(stmt))
        by_status = {status: int(n) for status, n, _, _ in grouped}
        overdue = sum(int(late or 0) for status, _, late, _ in grouped if status in OPEN)
        soon = sum(int(near or 0) for status, _, _, near in grouped if status in OPEN)
        return LedgerCounts(sum(by_status.values()), by_status, overdue, soon)

    def rows(self, ids: list[str], today: date | None = None) -> list[IssueRow]:
        if not ids:
            return []
        today = today or date.today()
        found: dict[str, IssueRow] = {}
        with self._db.session() as s:
            for (iid, ent_id, ename, township, cname, title, desc, raised_text, tname, oname, deadline_text, status,
                 result, amount, satisfaction, resolved_text) in raw_rows(s, self._rows_stmt, {"ids": ids}):
                raised, deadline, resolved = date.fromisoformat(raised_text), day(deadline_text), day(resolved_text)
                is_open = status in OPEN
                found[iid] = IssueRow(
                    iid, ent_id, ename, township, cname or "", title, desc, raised, tname or "", oname or "", deadline,
                    IssueStatus(status), result, amount, Satisfaction(satisfaction) if satisfaction else None,
                    resolved, overdue=bool(is_open and deadline and deadline < today),
                    due_soon=bool(is_open and deadline and today <= deadline <= today + timedelta(days=DUE_SOON_DAYS)))
        return [found[i] for i in ids if i in found]

    @staticmethod
    def _rows_statement():
        """Built once: constructing it each time cost more than running it (columns, not ORM entities)."""
        handler = aliased(Officer)
        return (select(Issue.id, Issue.enterprise_id, Enterprise.name, Enterprise.township, IssueCategory.name,
                       Issue.title, Issue.description, Issue.raised_on, Team.name, handler.name, Issue.deadline,
                       Issue.status, Issue.result, Issue.amount, Issue.satisfaction, Issue.resolved_on)
                .join(Enterprise, Enterprise.id == Issue.enterprise_id)
                .outerjoin(IssueCategory, IssueCategory.id == Issue.category_id)
                .outerjoin(Team, Team.id == Issue.team_id)
                .outerjoin(handler, handler.id == Issue.officer_id)
                .where(Issue.id.in_(bindparam("ids", expanding=True))))

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
            return [IssueEventRow(e.id, EventKind(e.kind), e.at, e.on, e.text, e.device_id, a or "", t or "", o or "",
                                  e.deadline, e.amount, Satisfaction(e.satisfaction) if e.satisfaction else None)
                    for e, a, t, o in rows]

    def links(self, issue_id: str) -> IssueLinks:
        """Category, team, officer and visit ids of an issue (IssueRow carries only their names)."""
        with self._db.session() as s:
            i = s.get(Issue, issue_id)
            if i is None:
                raise NotFound(Message(f"找不到诉求 {issue_id}", f"No issue {issue_id}"))
            return IssueLinks(i.category_id, i.team_id, i.officer_id, i.visit_id)

    def suggested_team(self, category_id: str) -> str | None:
        with self._db.session() as s:
            return s.scalar(select(IssueCategory.default_team_id).where(IssueCategory.id == category_id))

    # ---- life ---------------------------------------------------------------------------------
    def raise_in(self, s: Session, enterprise_id: str, visit_id: str | None, category_id: str, title: str,
                 description: str, on: date, author_officer_id: str | None = None) -> Issue:
        """Create an issue and its RAISED event inside the caller's transaction."""
        issue = Issue(enterprise_id=enterprise_id, visit_id=visit_id, category_id=category_id or None,
                      title=title, description=description, raised_on=on, status=IssueStatus.NEW.value,
                      created_by=self._device, updated_by=self._device)
        s.add(issue)
        s.flush()
        s.add(IssueEvent(issue_id=issue.id, kind=EventKind.RAISED.value, at=self._db.utcnow(), on=on, device_id=self._device,
                         author_officer_id=author_officer_id, text=title, created_by=self._device,
                         updated_by=self._device))
        return issue

    def raise_issue(self, enterprise_id: str, category_id: str, title: str, description: str = "",
                    on: date | None = None, visit_id: str | None = None, author_officer_id: str | None = None) -> str:
        if not title.strip():
            raise TransitionRefused(Message("请填写诉求标题。", "Give the issue a title."))
        with self._db.session() as s:
            if s.get(Enterprise, enterprise_id) is None:
                raise NotFound(Message(f"找不到企业 {enterprise_id}", f"No enterprise {enterprise_id}"))
            return self.raise_in(s, enterprise_id, visit_id, category_id, title.strip(), description.strip(),
                                 on or date.today(), author_officer_id).id

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
                         created_by=self._device, updated_by=self._device))
        s.flush()  # the event and its change-log stamp
        state = issue_states(conn, [issue.id])[issue.id]
        self._store_state(issue, state)  # the same fold as on import
        return state

    def _store_state(self, issue: Issue, st: IssueState) -> None:
        issue.status = st.status.value
        issue.team_id, issue.officer_id, issue.deadline = st.team_id, st.officer_id, st.deadline
        issue.resolved_on, issue.result, issue.amount = st.resolved_on, st.result or "", st.amount
        issue.satisfaction = st.satisfaction.value if st.satisfaction else None
        issue.updated_by = self._device

    # convenience for screens and the CLI
    def assign(self, issue_id: str, team_id: str, deadline: date, officer_id: str | None = None,
               text: str = "", on: date | None = None, author: str | None = None) -> IssueRow:
        return self.apply(issue_id, IssueEventData(EventKind.ASSIGNED, on or date.today(), text, team_id=team_id,
                                                   officer_id=officer_id, deadline=deadline), author)

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
