"""Working days under the official arrangement (domain.workdays), the calendar the hub seeds from the
chinese-calendar package (services.calendar), and stage deadlines planned by a rule (domain.rules)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from yimi_desktop.domain.rules import RuleInvalid, StageKind, parse_stages, plan
from yimi_desktop.domain.workdays import CalendarMissing, StageUnit, WorkCalendar, add_months
from yimi_desktop.services.calendar import official_days


def _calendar(*years: int) -> WorkCalendar:
    days = {d: w for y in years for d, w, _ in official_days(y) or []}
    return WorkCalendar(frozenset(years), days)


CAL = _calendar(2025, 2026)


def test_national_day_2026_skips_the_holiday_and_counts_the_make_up_saturday():
    # assigned on Tuesday 29 September 2026: 1 October (Thu) .. 7 October are off, Saturday 10 October works
    tue = date(2026, 9, 29)
    assert CAL.add_workdays(tue, 1) == date(2026, 9, 30)
    assert CAL.add_workdays(tue, 2) == date(2026, 10, 8)
    assert CAL.add_workdays(tue, 3) == date(2026, 10, 9)
    assert CAL.add_workdays(tue, 4) == date(2026, 10, 10)  # the 调休 Saturday
    assert CAL.add_workdays(tue, 7) == date(2026, 10, 14)
    assert CAL.is_workday(date(2026, 9, 20))  # the Sunday before, also a make-up day
    assert not CAL.is_workday(date(2026, 10, 5))


def test_spring_festival_2026_and_national_day_2025():
    # 2026: 15-23 February off, Saturdays 14 and 28 February work
    assert CAL.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert CAL.add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert CAL.workdays_between(date(2026, 2, 13), date(2026, 2, 28)) == 6  # 14, 24-27 and the 调休 28th
    # 2025: 1-8 October off (with 中秋), Sunday 28 September and Saturday 11 October work
    assert CAL.add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert CAL.add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert CAL.add_workdays(date(2025, 10, 10), 1) == date(2025, 10, 11)


@pytest.mark.parametrize("start", [date(2025, 1, 20), date(2025, 9, 25), date(2026, 2, 10), date(2026, 9, 25),
                                   date(2026, 4, 30), date(2025, 12, 29)])
@pytest.mark.parametrize("n", [1, 3, 7, 15, 30])
def test_add_workdays_agrees_with_the_package_computed_independently(start, n):
    # the package's own is_workday, counted naively; and its find_workday (which counts from the next
    # working day when the start is a day off, so compare it only from a working day)
    d, left = start, n
    while left:
        d += timedelta(days=1)
        left -= chinese_calendar.is_workday(d)
    assert CAL.add_workdays(start, n) == d
    if chinese_calendar.is_workday(start):
        assert CAL.add_workdays(start, n) == chinese_calendar.find_workday(n, start)
    assert CAL.workdays_between(start, CAL.add_workdays(start, n)) == n


def test_counting_from_a_day_off_and_backwards():
    sat = date(2026, 10, 3)  # inside National Day
    assert CAL.add_workdays(sat, 1) == date(2026, 10, 8)
    assert CAL.add_workdays(sat, 0) == sat
    assert CAL.workdays_left(date(2026, 10, 14), date(2026, 10, 14)) == 0
    assert CAL.workdays_left(date(2026, 10, 15), date(2026, 10, 14)) == -1
    assert CAL.workdays_left(date(2026, 9, 29), date(2026, 10, 14)) == 7


def test_a_missing_year_is_said_never_guessed():
    cal = _calendar(2026)
    with pytest.raises(CalendarMissing, match="2027"):
        cal.add_workdays(date(2026, 12, 24), 7)
    with pytest.raises(CalendarMissing) as err:
        cal.is_workday(date(2027, 1, 4))
    assert err.value.year == 2027 and "2027" in err.value.message.en


def test_official_days_of_a_year_the_package_lacks():
    assert official_days(2026) and official_days(2099) is None
    names = {d: n for d, _, n in official_days(2026)}
    assert names[date(2026, 10, 1)] == "国庆节" and "调休" in names[date(2026, 10, 10)]


def test_months_and_calendar_days():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert CAL.due(date(2026, 9, 29), 1, StageUnit.MONTHS) == date(2026, 10, 29)
    assert CAL.due(date(2026, 9, 29), 10, StageUnit.DAYS) == date(2026, 10, 9)


def test_13710_plan_and_rule_text():
    stages = parse_stages("transfer:1,progress:3,resolve:7")
    planned = plan(stages, date(2026, 9, 29), CAL)
    assert [(p.kind, p.due) for p in planned] == [
        (StageKind.TRANSFER, date(2026, 9, 30)), (StageKind.PROGRESS, date(2026, 10, 9)),
        (StageKind.RESOLVE, date(2026, 10, 14))]
    assert parse_stages("progress:3,办结:1m")[1].unit is StageUnit.MONTHS
    for bad in ("", "progress:3", "resolve:x", "resolve:7,resolve:8", "nonsense:3", "resolve:0"):
        with pytest.raises(RuleInvalid):
            parse_stages(bad)


def test_every_day_of_2025_and_2026_as_the_package_says():
    d = date(2025, 1, 1)
    while d.year < 2027:
        assert CAL.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)
