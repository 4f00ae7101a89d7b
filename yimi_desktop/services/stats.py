"""Figures for the 工作台 and `yimi stats` (voided enterprises, officers and visits and drafts not counted).

Counted with plain SQL (two statements), so the same function serves an
open Database and the CLI's light path (services/quick.py), which reads a current database with
sqlite3 alone and never imports SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.vocabulary import OPEN

if TYPE_CHECKING:
    from ..storage.database import Database


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


Run = Callable[[str, tuple], Sequence[Sequence[Any]]]  # (sql with ? marks, parameters) -> rows


def compute_stats(run: Run, today: date | None = None) -> Stats:
    """The figures, with `run` executing plain SQL on a yimi database (SQLAlchemy's exec_driver_sql, so its
    statement hooks still see it, or sqlite3 on the CLI's light path)."""
    today = today or date.today()
    month_start = today.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    open_in = ",".join(f"'{s}'" for s in sorted(OPEN))
    row = run(
        "SELECT (SELECT count(*) FROM enterprise WHERE voided_at IS NULL), "
        "(SELECT count(*) FROM enterprise WHERE above_size = 1 AND voided_at IS NULL), "
        "(SELECT count(*) FROM visit WHERE state = 'final'), "
        f"(SELECT count(*) FROM issue WHERE status IN ({open_in}) AND deadline < ?), "
        "(SELECT count(*) FROM policy), (SELECT count(*) FROM team), (SELECT count(*) FROM officer WHERE voided_at IS NULL), "
        "(SELECT count(*) FROM visit WHERE state = 'final' AND visit_date >= ? AND visit_date < ?)",
        (today.isoformat(), month_start.isoformat(), next_month.isoformat()))[0]
    by_status = {str(k): int(v) for k, v in run("SELECT status, count(*) FROM issue GROUP BY status", ())}
    enterprises, above, visits, overdue, policies, teams, officers, this_month = (int(v) for v in row)
    return Stats(enterprises=enterprises, above_size_enterprises=above, visits=visits,
                 issues=sum(by_status.values()), open_issues=sum(n for s, n in by_status.items() if s in OPEN),
                 overdue_issues=overdue, policies=policies, teams=teams, officers=officers,
                 visits_this_month=this_month, issues_by_status=by_status)


class StatsService:
    def __init__(self, db: Database):
        self._db = db

    def compute(self, today: date | None = None) -> Stats:
        with self._db.engine.connect() as conn:
            return compute_stats(lambda sql, params: conn.exec_driver_sql(sql, params).all(), today)
