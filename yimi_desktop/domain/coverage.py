"""包联 and coverage (有事就到,无事不扰): which enterprises are due or overdue for a visit under the hub's coverage
rule, and which are visited unusually often without an open issue. Plain date arithmetic and the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .errors import DomainError, Message
from .vocabulary import CoveragePeriod, _Labelled  # CoveragePeriod: in vocabulary for the CLI parser


class CoverageState(_Labelled):
    COVERED = "covered", "已走访", "Covered"
    DUE = "due", "本期待走访", "Due this period"
    OVERDUE = "overdue", "上期也未走访", "Overdue (none last period either)"
    OFTEN = "often", "走访偏多且无未办结诉求", "Visited often, no open issue"


def period_of(day: date, period: CoveragePeriod) -> tuple[date, date]:
    """The first and last day of the period `day` falls in."""
    if period is CoveragePeriod.MONTH:
        start = day.replace(day=1)
        nxt = (start + timedelta(days=32)).replace(day=1)
    elif period is CoveragePeriod.QUARTER:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        nxt = (start + timedelta(days=95)).replace(day=1)
    else:
        start, nxt = date(day.year, 1, 1), date(day.year + 1, 1, 1)
    return start, nxt - timedelta(days=1)


def previous_period(day: date, period: CoveragePeriod) -> tuple[date, date]:
    start, _ = period_of(day, period)
    return period_of(start - timedelta(days=1), period)


@dataclass(frozen=True)
class CoverageSpec:
    name: str
    period: CoveragePeriod
    min_visits: int = 1
    above_size_only: bool = True
    often_visits: int = 0  # this many visits or more in the period without an open issue: "often" (0: not checked)

    def validate(self) -> None:
        if not self.name.strip():
            raise DomainError(Message("请填写走访覆盖规则的名称。", "Give the coverage rule a name."))
        if not 1 <= self.min_visits <= 31:
            raise DomainError(Message("每期至少走访次数应在 1 到 31 之间。", "The least visits per period must be 1 to 31."))
        if self.often_visits and self.often_visits <= self.min_visits:
            raise DomainError(Message("“走访偏多”的次数应大于每期至少走访次数。",
                                      "'Visited often' must be more than the least visits per period."))


def verdict(spec: CoverageSpec, this_period: int, last_period: int, open_issues: int) -> CoverageState:
    if this_period < spec.min_visits:
        return CoverageState.OVERDUE if last_period < spec.min_visits else CoverageState.DUE
    if spec.often_visits and this_period >= spec.often_visits and open_issues == 0:
        return CoverageState.OFTEN
    return CoverageState.COVERED
