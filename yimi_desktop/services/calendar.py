"""The working-day calendar and the rules for handling times (办理时限规则): hub data that travels.

The hub seeds its calendar from the `chinese-calendar` package (the State Council's arrangement,
including 调休 working weekends) for the current and the next year, copied into ordinary replicated
records so every laptop counts the same days; a year the package does not hold yet is reported,
never guessed. The hub may edit any day. Rules are seeded once at the hub and edited there.
Edits on a laptop are refused: what a laptop counts with is what the hub sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import DomainError, Message, NotFound
from ..domain.rules import SEEDED_RULES, StageSpec, parse_stages, stages_from_json, stages_to_json, validate_stages
from ..domain.vocabulary import DeviceRole
from ..domain.workdays import WorkCalendar, default_workday
from ..storage.database import Database
from ..storage.models import CalendarDay, CalendarYear, DeadlineRule, IssueCategory
from .seed import seeded_id

SOURCE = "chinese-calendar"
# Seeded records carry a fixed creation time as well as a fixed id: seeding again (a hub upgraded from a
# release without them, a calendar year copied twice) makes the same records, byte for byte.
SEEDED_AT = datetime(2026, 1, 1)


def official_days(year: int) -> list[tuple[date, bool, str]] | None:
    """(day, working day?, name) of the year's holidays and 调休 working days per the `chinese-calendar`
    package, or None when the package holds no arrangement for that year (yet)."""
    try:
        import chinese_calendar as cc
    except ImportError:  # pragma: no cover - a dependency
        return None
    try:
        cc.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return None
    out: list[tuple[date, bool, str]] = []
    for d, name in sorted(cc.holidays.items()):
        if d.year == year:
            out.append((d, False, _holiday_name(cc, d, name)))
    for d, name in sorted(cc.workdays.items()):
        if d.year == year and not default_workday(d):
            out.append((d, True, f"{_holiday_name(cc, d, name)}调休上班"))
    return sorted(out)


_ZH = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
       "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
       "Anti-Fascist 70th Day": "抗战胜利纪念日"}


def _holiday_name(cc, d: date, name) -> str:
    text = getattr(name, "value", None) or str(name or "")
    for en, zh in _ZH.items():
        if en in text:
            return zh
    return "" if text in ("None", "") else text[:40]


@dataclass(frozen=True)
class CalendarDayRow:
    day: date
    workday: bool
    name: str
    official: bool  # differs from Monday-to-Friday (a holiday on a weekday, a 调休 weekend day)


@dataclass(frozen=True)
class CalendarYearInfo:
    year: int
    held: bool
    source: str
    days: list[CalendarDayRow]


@dataclass(frozen=True)
class RuleRow:
    id: str
    code: str
    name: str
    stages: list[StageSpec]
    category_ids: list[str]
    is_default: bool
    active: bool
    extension_lead: int = 0

    def stages_text(self, lang: str = "zh") -> str:
        return (", " if lang == "en" else ",").join(s.text(lang) for s in self.stages)


@dataclass(frozen=True)
class SeedResult:
    years_added: tuple[int, ...]
    years_missing: tuple[int, ...]  # wanted but not in the package yet
    rules_added: int


def _hub_only(role: DeviceRole, zh: str, en: str) -> None:
    if role is not DeviceRole.HUB:
        raise DomainError(Message(f"{zh}只能在县级中心进行;笔记本使用中心同步来的数据。",
                                  f"{en} is done at the county hub; a laptop uses what the hub sends."))


class CalendarService:
    def __init__(self, db: Database, device_id: str, role: DeviceRole):
        self._db = db
        self._device = device_id
        self._role = role

    def today(self) -> date:
        return self._db.utcnow().date()

    # ---- reading ---------------------------------------------------------------------------------
    def calendar(self) -> WorkCalendar:
        with self._db.session() as s:
            return self.calendar_in(s)

    @staticmethod
    def calendar_in(s: Session) -> WorkCalendar:
        years = frozenset(int(y) for y in s.scalars(select(CalendarYear.year)))
        days = {d: bool(w) for d, w in s.execute(select(CalendarDay.day, CalendarDay.workday))}
        return WorkCalendar(years, days)

    def years(self) -> list[int]:
        with self._db.session() as s:
            return sorted({int(y) for y in s.scalars(select(CalendarYear.year))})

    def year(self, year: int) -> CalendarYearInfo:
        with self._db.session() as s:
            row = s.scalars(select(CalendarYear).where(CalendarYear.year == year)).first()
            days = s.scalars(select(CalendarDay).where(CalendarDay.day >= date(year, 1, 1),
                                                       CalendarDay.day <= date(year, 12, 31))
                             .order_by(CalendarDay.day)).all()
            return CalendarYearInfo(year, row is not None, row.source if row else "",
                                    [CalendarDayRow(d.day, bool(d.workday), d.name, bool(d.workday) != default_workday(d.day))
                                     for d in days])

    # ---- the hub's acts -----------------------------------------------------------------------------
    def ensure_seeded(self, today: date | None = None) -> SeedResult:
        """At the hub: the current and the next year from the package, and the seeded rules, where missing."""
        if self._role is not DeviceRole.HUB:
            return SeedResult((), (), 0)
        today = today or self.today()
        added: list[int] = []
        missing: list[int] = []
        with self._db.session() as s:
            have = {int(y) for y in s.scalars(select(CalendarYear.year))}
            for year in (today.year, today.year + 1):
                if year in have:
                    continue
                days = official_days(year)
                if days is None:
                    missing.append(year)
                    continue
                self._add_year(s, year, days)
                added.append(year)
            rules = self._seed_rules(s)
        return SeedResult(tuple(added), tuple(missing), rules)

    def import_year(self, year: int) -> int:
        """At the hub: copy a year's arrangement from the package (refused when it has none)."""
        _hub_only(self._role, "更新工作日历", "Updating the calendar")
        days = official_days(year)
        if days is None:
            raise DomainError(Message(
                f"日历数据包(chinese-calendar)中还没有 {year} 年的节假日安排:请升级该包,或用“设置某日”逐日录入国务院公布的安排。",
                f"The chinese-calendar package has no arrangement for {year} yet: upgrade it, or set the days "
                "by hand from the State Council's notice."))
        with self._db.session() as s:
            if s.get(CalendarYear, seeded_id("calendar_year", str(year))) is not None:
                raise DomainError(Message(f"日历中已有 {year} 年。", f"The calendar already holds {year}."))
            self._add_year(s, year, days)
        return len(days)

    def _add_year(self, s: Session, year: int, days: list[tuple[date, bool, str]], source: str = SOURCE) -> None:
        s.add(CalendarYear(id=seeded_id("calendar_year", str(year)), year=year, source=source,
                           created_at=SEEDED_AT, created_by=self._device, updated_by=self._device))
        for d, work, name in days:
            rid = seeded_id("calendar_day", d.isoformat())
            if s.get(CalendarDay, rid) is None:
                s.add(CalendarDay(id=rid, day=d, workday=work, name=name, created_at=SEEDED_AT,
                                  created_by=self._device, updated_by=self._device))

    def set_day(self, day: date, workday: bool, name: str = "") -> CalendarDayRow:
        """At the hub: make `day` a working day or a day off (a held year, or a new year started by hand)."""
        _hub_only(self._role, "修改工作日历", "Editing the calendar")
        with self._db.session() as s:
            if s.get(CalendarYear, seeded_id("calendar_year", str(day.year))) is None:
                s.add(CalendarYear(id=seeded_id("calendar_year", str(day.year)), year=day.year, source="手工录入",
                                   created_by=self._device, updated_by=self._device))
            rid = seeded_id("calendar_day", day.isoformat())
            row = s.get(CalendarDay, rid)
            if row is None:
                row = CalendarDay(id=rid, day=day, workday=workday, name=name.strip()[:40], created_by=self._device,
                                  updated_by=self._device)
                s.add(row)
            else:
                row.workday = workday
                if name.strip():
                    row.name = name.strip()[:40]
                row.updated_by = self._device
            return CalendarDayRow(day, workday, row.name, workday != default_workday(day))

    # ---- rules ----------------------------------------------------------------------------------------
    def _seed_rules(self, s: Session) -> int:
        added = 0
        cats = {c: i for c, i in s.execute(select(IssueCategory.code, IssueCategory.id))}
        for order, (code, name, stages, categories, default, lead) in enumerate(SEEDED_RULES):
            rid = seeded_id("deadline_rule", code)
            if s.get(DeadlineRule, rid) is not None:
                continue
            s.add(DeadlineRule(id=rid, code=code, name=name, stages=stages_to_json(parse_stages(stages)),
                               category_ids=json.dumps([cats[c] for c in categories if c in cats]),
                               is_default=default, active=True, sort_order=order, extension_lead=lead,
                               created_at=SEEDED_AT,
                               created_by=self._device, updated_by=self._device))
            added += 1
        return added

    def rules(self, include_inactive: bool = False) -> list[RuleRow]:
        with self._db.session() as s:
            stmt = select(DeadlineRule).order_by(DeadlineRule.sort_order, DeadlineRule.name)
            return [_rule_row(r) for r in s.scalars(stmt) if include_inactive or r.active]

    def rule(self, name_or_id: str) -> RuleRow:
        for r in self.rules(include_inactive=True):
            if name_or_id in (r.id, r.code, r.name):
                return r
        raise NotFound(Message(f"找不到办理时限规则“{name_or_id}”。", f"No handling-time rule '{name_or_id}'."))

    def suggested_rule(self, category_id: str | None) -> RuleRow | None:
        rules = self.rules()
        if category_id:
            for r in rules:
                if category_id in r.category_ids:
                    return r
        return next((r for r in rules if r.is_default), None)

    def set_rule(self, name: str, stages: str | list[StageSpec], code: str | None = None,
                 category_ids: list[str] | None = None, is_default: bool | None = None,
                 active: bool | None = None, extension_lead: int | None = None) -> RuleRow:
        """At the hub: add a rule or change one (found by code or name)."""
        _hub_only(self._role, "设置办理时限规则", "Setting handling-time rules")
        specs = parse_stages(stages) if isinstance(stages, str) else list(stages)
        validate_stages(specs)
        name = name.strip()
        if not name:
            raise DomainError(Message("请填写规则名称。", "Give the rule a name."))
        with self._db.session() as s:
            rows = list(s.scalars(select(DeadlineRule)))
            row = next((r for r in rows if (code and r.code == code) or r.name == name), None)
            if row is None:
                code = code or f"r{len(rows) + 1}"
                row = DeadlineRule(id=seeded_id("deadline_rule", code), code=code, name=name,
                                   stages=stages_to_json(specs), category_ids="[]", is_default=False, active=True,
                                   extension_lead=0,
                                   sort_order=len(rows), created_by=self._device, updated_by=self._device)
                s.add(row)
            else:
                row.name, row.stages, row.updated_by = name, stages_to_json(specs), self._device
            if category_ids is not None:  # a category suggests one rule: taken off any other rule
                row.category_ids = json.dumps(list(dict.fromkeys(category_ids)))
                for other in rows:
                    if other is not row:
                        kept = [c for c in json.loads(other.category_ids or "[]") if c not in category_ids]
                        if len(kept) != len(json.loads(other.category_ids or "[]")):
                            other.category_ids, other.updated_by = json.dumps(kept), self._device
            if active is not None:
                row.active = active
            if extension_lead is not None:
                if not 0 <= extension_lead <= 30:
                    raise DomainError(Message("延期须提前的工作日数应在 0 到 30 之间。",
                                              "The working days ahead for an extension must be 0 to 30."))
                row.extension_lead = extension_lead
            if is_default:
                for other in rows:
                    if other is not row and other.is_default:
                        other.is_default = False
                row.is_default = True
            elif is_default is False:
                row.is_default = False
            s.flush()
            return _rule_row(row)


def _rule_row(r: DeadlineRule) -> RuleRow:
    return RuleRow(r.id, r.code, r.name, stages_from_json(r.stages), list(json.loads(r.category_ids or "[]")),
                   bool(r.is_default), bool(r.active), int(r.extension_lead or 0))

