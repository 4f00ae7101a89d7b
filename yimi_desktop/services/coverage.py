"""包联 and coverage: who looks after which enterprise, and which are due or overdue for a visit under the hub's
coverage rule (有事就到,无事不扰: also those visited unusually often without an open issue). Set at the hub,
read everywhere (the records travel like any other)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from ..domain.coverage import CoveragePeriod, CoverageSpec, CoverageState, period_of, previous_period, verdict
from ..domain.errors import DomainError, Message, NotFound
from ..domain.vocabulary import OPEN, DeviceRole
from ..storage.database import Database
from ..storage.models import CoverageRule, Enterprise, Issue, Liaison, Officer, Team, Visit, VisitPlan
from .calendar import SEEDED_AT
from .seed import seeded_id

DEFAULT_RULE = CoverageSpec("规上企业每季度至少走访一次", CoveragePeriod.QUARTER, 1, True, 6)


@dataclass(frozen=True)
class CoverageRow:
    enterprise_id: str
    enterprise: str
    township: str
    liaison_team: str
    liaison_officer: str
    visits_this_period: int
    visits_last_period: int
    last_visit: date | None
    open_issues: int
    state: CoverageState


@dataclass(frozen=True)
class PlanRow:
    enterprise_id: str
    enterprise: str
    township: str
    visited_on: date | None  # the team's first visit to it in the month


@dataclass(frozen=True)
class VisitPlanView:
    team_id: str
    team: str
    month: str
    rows: list[PlanRow]

    @property
    def done(self) -> int:
        return sum(r.visited_on is not None for r in self.rows)


@dataclass(frozen=True)
class LiaisonRow:
    """An enterprise with its 包联 team and officer (ids and names; empty when none is set)."""
    enterprise_id: str
    enterprise: str
    township: str
    team_id: str | None
    team: str
    officer_id: str | None
    officer: str


def _month(text: str) -> str:
    try:
        d = date.fromisoformat(f"{text}-01")
    except ValueError:
        raise DomainError(Message(f"月份应写成 YYYY-MM:{text}", f"A month looks like 2026-12: {text}")) from None
    return d.strftime("%Y-%m")


@dataclass(frozen=True)
class CoverageReport:
    rule: CoverageSpec | None
    period: tuple[date, date] | None
    rows: list[CoverageRow]  # those due, overdue or visited often (not the covered ones)
    counts: dict[str, int]  # state -> number of enterprises


def _hub_only(role: DeviceRole) -> None:
    if role is not DeviceRole.HUB:
        raise DomainError(Message("包联和走访覆盖规则只能在县级中心设置。",
                                  "Liaisons and the coverage rule are set at the county hub."))


class CoverageService:
    def __init__(self, db: Database, device_id: str, role: DeviceRole):
        self._db = db
        self._device = device_id
        self._role = role

    # ---- 包联 --------------------------------------------------------------------------------------
    def set_liaison(self, enterprise_id: str, team_id: str | None, officer_id: str | None = None) -> None:
        self.set_liaisons([enterprise_id], team_id, officer_id)

    def set_liaisons(self, enterprise_ids: list[str], team_id: str | None, officer_id: str | None = None) -> int:
        """At the hub: the same 包联 team and officer for several enterprises, in one transaction."""
        _hub_only(self._role)
        with self._db.session() as s:
            if team_id and s.get(Team, team_id) is None:
                raise NotFound(Message(f"找不到团队 {team_id}", f"No team {team_id}"))
            if officer_id and s.get(Officer, officer_id) is None:
                raise NotFound(Message(f"找不到团员 {officer_id}", f"No officer {officer_id}"))
            for enterprise_id in enterprise_ids:
                if s.get(Enterprise, enterprise_id) is None:
                    raise NotFound(Message(f"找不到企业 {enterprise_id}", f"No enterprise {enterprise_id}"))
                rid = seeded_id("liaison", enterprise_id)
                row = s.get(Liaison, rid)
                if row is None:
                    s.add(Liaison(id=rid, enterprise_id=enterprise_id, team_id=team_id, officer_id=officer_id,
                                  created_by=self._device, updated_by=self._device))
                elif (row.team_id, row.officer_id) != (team_id, officer_id):
                    row.team_id, row.officer_id, row.updated_by = team_id, officer_id, self._device
        return len(enterprise_ids)

    def liaisons(self) -> list[LiaisonRow]:
        """Every enterprise in the directory (not voided) with its 包联, in the directory's order."""
        team, officer = aliased(Team), aliased(Officer)
        stmt = (select(Enterprise.id, Enterprise.name, Enterprise.township, Liaison.team_id, team.name,
                       Liaison.officer_id, officer.name)
                .outerjoin(Liaison, Liaison.enterprise_id == Enterprise.id)
                .outerjoin(team, team.id == Liaison.team_id)
                .outerjoin(officer, officer.id == Liaison.officer_id)
                .where(Enterprise.voided_at.is_(None))
                .order_by(Enterprise.sort_key, Enterprise.id))
        with self._db.session() as s:
            return [LiaisonRow(eid, name, township or "", tid, tname or "", oid, oname or "")
                    for eid, name, township, tid, tname, oid, oname in s.execute(stmt)]

    # ---- the rule -------------------------------------------------------------------------------------
    def ensure_seeded(self) -> None:
        if self._role is not DeviceRole.HUB:
            return
        with self._db.session() as s:
            if s.get(CoverageRule, seeded_id("coverage_rule", "default")) is None:
                self._store(s, seeded_id("coverage_rule", "default"), DEFAULT_RULE)

    def _store(self, s: Session, rid: str, spec: CoverageSpec) -> None:
        row = s.get(CoverageRule, rid)
        if row is None:
            row = CoverageRule(id=rid, created_at=SEEDED_AT, created_by=self._device)
            s.add(row)
        row.name, row.period, row.min_visits = spec.name.strip(), spec.period.value, spec.min_visits
        row.above_size_only, row.often_visits, row.active, row.updated_by = \
            spec.above_size_only, spec.often_visits, True, self._device

    def set_rule(self, spec: CoverageSpec) -> CoverageSpec:
        """At the hub: the coverage rule (one in use; setting it replaces the one before)."""
        _hub_only(self._role)
        spec.validate()
        with self._db.session() as s:
            self._store(s, seeded_id("coverage_rule", "default"), spec)
        return spec

    def rule(self) -> CoverageSpec | None:
        with self._db.session() as s:
            row = s.scalars(select(CoverageRule).where(CoverageRule.active.is_(True)).order_by(CoverageRule.name)).first()
            if row is None:
                return None
            return CoverageSpec(row.name, CoveragePeriod(row.period), row.min_visits, bool(row.above_size_only),
                                row.often_visits)

    # ---- the list --------------------------------------------------------------------------------------
    def report(self, today: date | None = None, team_id: str | None = None) -> CoverageReport:
        """Enterprises under the rule that are due, overdue or visited often (by 包联 team when given)."""
        today = today or self._db.utcnow().date()
        spec = self.rule()
        if spec is None:
            return CoverageReport(None, None, [], {})
        start, end = period_of(today, spec.period)
        pstart, pend = previous_period(today, spec.period)

        def visits_between(a: date, b: date):
            return (select(Visit.enterprise_id, func.count().label("n"), func.max(Visit.visit_date).label("last"))
                    .where(Visit.visit_date >= a, Visit.visit_date <= b).group_by(Visit.enterprise_id).subquery())

        cur, prev = visits_between(start, end), visits_between(pstart, pend)
        last_any = (select(Visit.enterprise_id, func.max(Visit.visit_date).label("last"))
                    .where(Visit.visit_date <= today).group_by(Visit.enterprise_id).subquery())
        opened = (select(Issue.enterprise_id, func.count().label("n")).where(Issue.status.in_(OPEN))
                  .group_by(Issue.enterprise_id).subquery())
        officer = aliased(Officer)
        stmt = (select(Enterprise.id, Enterprise.name, Enterprise.township, Team.name, officer.name,
                       func.coalesce(cur.c.n, 0), func.coalesce(prev.c.n, 0), last_any.c.last,
                       func.coalesce(opened.c.n, 0))
                .outerjoin(Liaison, Liaison.enterprise_id == Enterprise.id)
                .outerjoin(Team, Team.id == Liaison.team_id)
                .outerjoin(officer, officer.id == Liaison.officer_id)
                .outerjoin(cur, cur.c.enterprise_id == Enterprise.id)
                .outerjoin(prev, prev.c.enterprise_id == Enterprise.id)
                .outerjoin(last_any, last_any.c.enterprise_id == Enterprise.id)
                .outerjoin(opened, opened.c.enterprise_id == Enterprise.id)
                .where(and_(True, *([Enterprise.above_size.is_(True)] if spec.above_size_only else []),
                            *([Liaison.team_id == team_id] if team_id else [])))
                .order_by(Enterprise.sort_key))
        rows: list[CoverageRow] = []
        counts: dict[str, int] = {s.value: 0 for s in CoverageState}
        with self._db.session() as s:
            for eid, name, township, tname, oname, n_cur, n_prev, last, n_open in s.execute(stmt):
                state = verdict(spec, int(n_cur), int(n_prev), int(n_open))
                counts[state.value] += 1
                if state is not CoverageState.COVERED:
                    rows.append(CoverageRow(eid, name, township, tname or "", oname or "", int(n_cur), int(n_prev),
                                            date.fromisoformat(str(last)[:10]) if last else None, int(n_open), state))
        order = {CoverageState.OVERDUE: 0, CoverageState.DUE: 1, CoverageState.OFTEN: 2}
        rows.sort(key=lambda r: order[r.state])
        return CoverageReport(spec, (start, end), rows, counts)


class VisitPlanService:
    """走访计划: the enterprises a team should visit in a month, made at the hub, shown on the laptops."""

    def __init__(self, db: Database, device_id: str, role: DeviceRole):
        self._db = db
        self._device = device_id
        self._role = role

    def set_plan(self, team_id: str, month: str, enterprise_ids: list[str]) -> VisitPlanView:
        """At the hub: exactly these enterprises on the team's plan for the month."""
        _hub_only(self._role)
        month = _month(month)
        with self._db.session() as s:
            if s.get(Team, team_id) is None:
                raise NotFound(Message(f"找不到团队 {team_id}", f"No team {team_id}"))
            for eid in enterprise_ids:
                if s.get(Enterprise, eid) is None:
                    raise NotFound(Message(f"找不到企业 {eid}", f"No enterprise {eid}"))
            wanted = set(enterprise_ids)
            for row in s.scalars(select(VisitPlan).where(VisitPlan.team_id == team_id, VisitPlan.month == month)):
                if row.active != (row.enterprise_id in wanted):
                    row.active, row.updated_by = row.enterprise_id in wanted, self._device
                wanted.discard(row.enterprise_id)
            for eid in sorted(wanted):
                s.add(VisitPlan(id=seeded_id("visit_plan", f"{team_id}|{month}|{eid}"), team_id=team_id, month=month,
                                enterprise_id=eid, active=True, created_by=self._device, updated_by=self._device))
        return self.plan(team_id, month)

    def plan(self, team_id: str, month: str) -> VisitPlanView:
        month = _month(month)
        first = date.fromisoformat(f"{month}-01")
        last = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        visited = (select(Visit.enterprise_id, func.min(Visit.visit_date).label("first"))
                   .where(Visit.team_id == team_id, Visit.visit_date >= first, Visit.visit_date < last)
                   .group_by(Visit.enterprise_id).subquery())
        with self._db.session() as s:
            team = s.get(Team, team_id)
            if team is None:
                raise NotFound(Message(f"找不到团队 {team_id}", f"No team {team_id}"))
            rows = [PlanRow(eid, name, township, date.fromisoformat(str(v)[:10]) if v else None)
                    for eid, name, township, v in s.execute(
                        select(Enterprise.id, Enterprise.name, Enterprise.township, visited.c.first)
                        .join(VisitPlan, VisitPlan.enterprise_id == Enterprise.id)
                        .outerjoin(visited, visited.c.enterprise_id == Enterprise.id)
                        .where(VisitPlan.team_id == team_id, VisitPlan.month == month, VisitPlan.active.is_(True))
                        .order_by(Enterprise.sort_key))]
            return VisitPlanView(team_id, team.name, month, rows)
