"""Figures for the 工作台 and `yimi stats` (voided enterprises, officers and visits and drafts not counted).

Read from the counters the triggers keep (storage/counts.py: one query for the counters, one for the
two range counts of the day), so the same function serves an open Database and the CLI's light path
(services/quick.py), which reads a current database with sqlite3 alone and never imports SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..storage import counts

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


Run = counts.Run  # (sql with ? marks, parameters) -> rows


def compute_stats(run: Run, today: date | None = None) -> Stats:
    """The figures, with `run` executing plain SQL on a yimi database (SQLAlchemy's exec_driver_sql, so its
    statement hooks still see it, or sqlite3 on the CLI's light path)."""
    return Stats(**counts.counted(run, today or date.today()))


def scanned_stats(run: Run, today: date | None = None) -> Stats:
    """The same figures counted over the tables (the definition the counters must equal; O(rows))."""
    return Stats(**counts.scanned(run, today or date.today()))


class StatsService:
    def __init__(self, db: Database):
        self._db = db

    def compute(self, today: date | None = None) -> Stats:
        with self._db.engine.connect() as conn:
            return compute_stats(lambda sql, params: conn.exec_driver_sql(sql, params).all(), today)

    def scanned(self, today: date | None = None) -> Stats:
        with self._db.engine.connect() as conn:
            return scanned_stats(lambda sql, params: conn.exec_driver_sql(sql, params).all(), today)
