"""Rule sets for handling times (办理时限规则): named templates of stage deadlines a county writes.

A rule is a list of stages, each met by one act on the issue (转办 by 开始办理, 进展 by a progress
report, 协办反馈 by every 协办 team's report, 办结 by 办结, ...), due a number of working days (or
calendar days, or months) after the assignment. Assigning with a rule plans each stage's due date
with the working-day calendar (`plan`); the plan travels in the 交办 event, so every replica shows
the same dates whatever its calendar holds later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from .errors import DomainError, Message
from .vocabulary import _Labelled
from .workdays import StageUnit, WorkCalendar


class StageKind(_Labelled):
    TRANSFER = "transfer", "转办", "Hand-on"
    CO_REPORT = "co_report", "协办反馈", "Supporting teams report"
    PROGRESS = "progress", "进展", "Progress report"
    RESOLVE = "resolve", "办结", "Resolve"
    FOLLOW_UP = "follow_up", "回访", "Follow-up"
    # not a stage met by an act: the latest the 办结 deadline may be extended to (许昌: 办结 15, at most 30)
    CAP = "cap", "最长时限", "At the latest"


@dataclass(frozen=True)
class StageSpec:
    kind: StageKind
    count: int
    unit: StageUnit = StageUnit.WORKDAYS

    def text(self, lang: str = "zh") -> str:
        if lang == "en":
            return f"{self.kind.en}: {self.count} {self.unit.en}"
        return f"{self.kind.zh} {self.count} {self.unit.zh}"


@dataclass(frozen=True)
class PlannedStage:
    kind: StageKind
    due: date


class RuleInvalid(DomainError):
    pass


def validate_stages(stages: list[StageSpec]) -> None:
    if not stages:
        raise RuleInvalid(Message("规则至少要有一个时限阶段。", "A rule needs at least one stage."))
    kinds = [s.kind for s in stages]
    if len(set(kinds)) != len(kinds):
        raise RuleInvalid(Message("同一阶段在规则中只能出现一次。", "Each stage may appear only once in a rule."))
    if StageKind.RESOLVE not in kinds:
        raise RuleInvalid(Message("规则必须包含“办结”时限。", "A rule must have a deadline to resolve."))
    for s in stages:
        if s.count < 1 or s.count > 366:
            raise RuleInvalid(Message(f"“{s.kind.zh}”的时限应在 1 到 366 之间。",
                                      f"The time for '{s.kind.en}' must be between 1 and 366."))
    cap = next((s for s in stages if s.kind is StageKind.CAP), None)
    resolve = next(s for s in stages if s.kind is StageKind.RESOLVE)
    if cap is not None and cap.unit is resolve.unit and cap.count < resolve.count:
        raise RuleInvalid(Message("“最长时限”不能短于“办结”时限。", "The latest date cannot come before the time to resolve."))


def parse_stages(text: str) -> list[StageSpec]:
    """'transfer:1,progress:3,resolve:7' or 'resolve:1m' (m months, d calendar days, default working days)."""
    out: list[StageSpec] = []
    for part in filter(None, (p.strip() for p in text.replace(",", ",").split(","))):
        name, _, amount = part.partition(":")
        try:
            kind = StageKind(name.strip())
        except ValueError:
            kind = next((k for k in StageKind if k.zh == name.strip()), None)  # type: ignore[assignment]
            if kind is None:
                raise RuleInvalid(Message(f"不认识的阶段“{name}”(可用:{'、'.join(k.value for k in StageKind)})。",
                                          f"Unknown stage '{name}'.")) from None
        amount = amount.strip().lower()
        unit = StageUnit.WORKDAYS
        if amount.endswith("m"):
            unit, amount = StageUnit.MONTHS, amount[:-1]
        elif amount.endswith("d"):
            unit, amount = StageUnit.DAYS, amount[:-1]
        elif amount.endswith("w"):
            amount = amount[:-1]
        if not amount.isdigit():
            raise RuleInvalid(Message(f"阶段“{name}”的时限应是数字,例如 resolve:7。",
                                      f"The time of stage '{name}' must be a number, e.g. resolve:7."))
        out.append(StageSpec(kind, int(amount), unit))
    validate_stages(out)
    return out


def stages_to_json(stages: list[StageSpec]) -> str:
    return json.dumps([{"kind": s.kind.value, "count": s.count, "unit": s.unit.value} for s in stages])


def stages_from_json(text: str) -> list[StageSpec]:
    return [StageSpec(StageKind(d["kind"]), int(d["count"]), StageUnit(d.get("unit", "workdays")))
            for d in json.loads(text or "[]")]


def plan(stages: list[StageSpec], assigned_on: date, cal: WorkCalendar) -> tuple[PlannedStage, ...]:
    """Each stage's due date counted from the day after `assigned_on` (CalendarMissing if a year is not held)."""
    return tuple(PlannedStage(s.kind, cal.due(assigned_on, s.count, s.unit)) for s in stages)


def planned_to_json(planned: tuple[PlannedStage, ...]) -> str:
    return json.dumps([{"kind": p.kind.value, "due": p.due.isoformat()} for p in planned])


def planned_from_json(text: str | None) -> tuple[PlannedStage, ...]:
    return tuple(PlannedStage(StageKind(d["kind"]), date.fromisoformat(d["due"])) for d in json.loads(text or "[]"))


def beyond_cap(cap: date | None, to: date) -> DomainError | None:
    """The refusal when an extension to `to` goes past the rule's latest date (StageKind.CAP, planned at 交办)."""
    if cap is None or to <= cap:
        return None
    return RuleInvalid(Message(f"按规则,办结最迟不能超过 {cap.isoformat()}(最长时限),延期到 {to.isoformat()} 超出了这一天。",
                               f"The rule allows resolving by {cap.isoformat()} at the latest; an extension to "
                               f"{to.isoformat()} goes past it."))


def extension_too_late(lead: int, on: date, deadline: date | None, cal: WorkCalendar) -> DomainError | None:
    """The refusal when a rule asks 延期申请 `lead` working days before the deadline and `on` is later than that."""
    if lead <= 0 or deadline is None:
        return None
    if cal.workdays_between(on, deadline) < lead:
        return RuleInvalid(Message(f"按规则,延期申请须在办理时限({deadline.isoformat()})前至少 {lead} 个工作日提出。",
                                   f"The rule asks for an extension at least {lead} working day(s) before the "
                                   f"deadline ({deadline.isoformat()})."))
    return None


# The seeded rule set: (code, name, stages, category codes it is suggested for, default rule, extension lead)
SEEDED_RULES: tuple[tuple[str, str, str, tuple[str, ...], bool, int], ...] = (
    ("general", "一般问题", "resolve:7", (), True, 0),
    ("major", "重大问题", "progress:3,resolve:1m", ("disaster", "land", "funds"), False, 0),
    ("13710", "13710 工作法", "transfer:1,progress:3,resolve:7", (), False, 0),
    ("lead_support", "主办协办(协办3日、主办7日,延期提前1日)", "co_report:3,resolve:7", (), False, 1),
    ("xuchang", "交办3日、办结15日、最长30日", "transfer:3,resolve:15,cap:30", (), False, 0),
)
