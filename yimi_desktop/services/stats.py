"""Figures for the 工作台 and `yimi stats`.

Counted with plain SQL on the DB-API connection (two statements), so the same function serves an
open Database and the CLI's light path (services/quick.py), which reads a current database with
sqlite3 alone and never imports SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
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


def compute_stats(con: Any, today: date | None = None) -> Stats:
    """The figures, from a DB-API (sqlite3) connection to a yimi database."""
    today = today or date.today()
    month_start = today.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    open_in = ",".join(f"'{s}'" for s in sorted(OPEN))
    row = con.execute(
        "SELECT (SELECT count(*) FROM enterprise), (SELECT count(*) FROM enterprise WHERE above_size = 1), "
        "(SELECT count(*) FROM visit), "
        f"(SELECT count(*) FROM issue WHERE status IN ({open_in}) AND deadline < ?), "
        "(SELECT count(*) FROM policy), (SELECT count(*) FROM team), (SELECT count(*) FROM officer), "
        "(SELECT count(*) FROM visit WHERE visit_date >= ? AND visit_date < ?)",
        (today.isoformat(), month_start.isoformat(), next_month.isoformat())).fetchone()
    by_status = {str(k): int(v) for k, v in con.execute("SELECT status, count(*) FROM issue GROUP BY status")}
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
            return compute_stats(conn.connection.dbapi_connection, today)
