"""Figures for the 工作台 and `yimi stats`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from ..domain.vocabulary import OPEN, VisitState
from ..storage.database import Database
from ..storage.models import Enterprise, Issue, Officer, Policy, Team, Visit


@dataclass(frozen=True)
class Stats:
    enterprises: int
    above_size_enterprises: int
    visits: int
    issues: int
    open_issues: int
    overdue_issues: int
    policies: int
    teams: int
    officers: int
    visits_this_month: int
    issues_by_status: dict[str, int]

    def as_dict(self) -> dict:
        return asdict(self)


class StatsService:
    def __init__(self, db: Database):
        self._db = db

    def compute(self, today: date | None = None) -> Stats:
        today = today or date.today()
        month_start = today.replace(day=1)
        next_month = (month_start + timedelta(days=32)).replace(day=1)

        def count(model, *where) -> int:
            return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        with self._db.session() as s:
            by_status = dict(s.execute(select(Issue.status, func.count()).group_by(Issue.status)).all())
            return Stats(
                enterprises=count(Enterprise, Enterprise.voided_at.is_(None)),
                above_size_enterprises=count(Enterprise, Enterprise.above_size.is_(True), Enterprise.voided_at.is_(None)),
                visits=count(Visit, Visit.state == VisitState.FINAL.value),
                issues=count(Issue),
                open_issues=count(Issue, Issue.status.in_(OPEN)),
                overdue_issues=count(Issue, Issue.status.in_(OPEN), Issue.deadline < today),
                policies=count(Policy),
                teams=count(Team),
                officers=count(Officer, Officer.voided_at.is_(None)),
                visits_this_month=count(Visit, Visit.state == VisitState.FINAL.value, Visit.visit_date >= month_start,
                                        Visit.visit_date < next_month),
                issues_by_status={k: int(v) for k, v in by_status.items()},
            )
