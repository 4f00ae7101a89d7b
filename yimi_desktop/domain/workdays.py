"""Working days (工作日) under the State Council's holiday arrangement, and deadlines counted in them.

A `WorkCalendar` knows which years it holds (the hub's calendar data, copied to every laptop) and the
days of those years that differ from the Monday-to-Friday week: holidays on weekdays (法定节假日) and
weekend days made working days (调休上班). Outside the years it holds it refuses to count, with a
message saying which year is missing, rather than guess.

Counting follows the county rules: an act on day 0 with "7 个工作日" is due on the 7th working day
after day 0 (the day of the act itself is never counted, whatever kind of day it is).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .errors import DomainError, Message
from .vocabulary import _Labelled


class CalendarMissing(DomainError):
    """The calendar holds no arrangement for a year a count needs."""

    def __init__(self, year: int):
        super().__init__(Message(
            f"工作日历缺少 {year} 年的节假日安排,无法按工作日计算;请在县级中心补充 {year} 年日历后同步。",
            f"The working-day calendar has no holiday arrangement for {year}; add {year} at the hub and sync."))
        self.year = year


class DayKind(_Labelled):
    WORKDAY = "workday", "工作日", "Working day"
    HOLIDAY = "holiday", "休息日", "Day off"


class StageUnit(_Labelled):
    WORKDAYS = "workdays", "个工作日", "working days"
    DAYS = "days", "天", "calendar days"
    MONTHS = "months", "个月", "months"


def default_workday(d: date) -> bool:
    return d.weekday() < 5


@dataclass(frozen=True)
class WorkCalendar:
    years: frozenset[int] = frozenset()
    exceptions: Mapping[date, bool] = field(default_factory=dict)  # day -> is a working day (differs or named)

    def has_year(self, year: int) -> bool:
        return year in self.years

    def require(self, d: date) -> None:
        if d.year not in self.years:
            raise CalendarMissing(d.year)

    def is_workday(self, d: date) -> bool:
        self.require(d)
        return self.exceptions.get(d, default_workday(d))

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n >= 1); n == 0 is `start` itself."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d, left = start, n
        while left:
            d += timedelta(days=1)
            if self.is_workday(d):
                left -= 1
        return d

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`
        (then: working days after `end` up to and including `start`). 0 when they are the same day."""
        if end < start:
            return -self.workdays_between(end, start)
        count, d = 0, start
        while d < end:
            d += timedelta(days=1)
            if self.is_workday(d):
                count += 1
        return count

    def workdays_left(self, today: date, due: date) -> int:
        """Working days from `today` to `due`: 0 on the due day, 1 the working day before, negative
        (how many working days overdue) after it."""
        return self.workdays_between(today, due)

    def due(self, start: date, count: int, unit: StageUnit) -> date:
        if unit is StageUnit.WORKDAYS:
            return self.add_workdays(start, count)
        if unit is StageUnit.DAYS:
            return start + timedelta(days=count)
        return add_months(start, count)


def add_months(start: date, n: int) -> date:
    """Same day n months later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    m = start.month - 1 + n
    y, m = start.year + m // 12, m % 12 + 1
    return date(y, m, min(start.day, calendar.monthrange(y, m)[1]))


def calendar_from(years: Iterable[int], days: Iterable[tuple[date, bool]]) -> WorkCalendar:
    return WorkCalendar(frozenset(years), {d: w for d, w in days})
