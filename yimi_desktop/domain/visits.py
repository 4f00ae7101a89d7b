"""What an officer enters for a visit, its validation, and its JSON form for drafts."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, time

from .errors import FieldProblem, Message, ValidationError
from .forms import _phone
from .vocabulary import VisitType


@dataclass
class AttendeeForm:
    name: str = ""
    title: str = ""
    phone: str = ""


@dataclass
class BriefedPolicy:
    policy_id: str = ""
    qualifies: str = "unknown"  # yes / no / unknown
    note: str = ""


@dataclass
class RaisedIssue:
    category_id: str = ""
    title: str = ""
    description: str = ""


@dataclass
class VisitForm:
    enterprise_id: str = ""
    visit_date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    team_id: str = ""
    officer_ids: list[str] = field(default_factory=list)
    visit_type: str = VisitType.PROBLEM_COLLECTION.value
    place: str = ""
    attendees: list[AttendeeForm] = field(default_factory=list)
    notes: str = ""
    policies: list[BriefedPolicy] = field(default_factory=list)
    follow_up_date: date | None = None
    issues: list[RaisedIssue] = field(default_factory=list)
    attachment_paths: list[str] = field(default_factory=list)  # files still to import on finish

    # ---- drafts ------------------------------------------------------------------------------
    def to_json(self) -> str:
        d = asdict(self)
        for k in ("visit_date", "follow_up_date", "start_time", "end_time"):
            d[k] = d[k].isoformat() if d[k] else None
        return json.dumps(d, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> VisitForm:
        d = json.loads(text)
        f = cls()
        for k in ("enterprise_id", "team_id", "visit_type", "place", "notes"):
            setattr(f, k, str(d.get(k) or getattr(f, k)))
        f.officer_ids = [str(x) for x in d.get("officer_ids") or []]
        f.attachment_paths = [str(x) for x in d.get("attachment_paths") or []]
        f.visit_date = date.fromisoformat(d["visit_date"]) if d.get("visit_date") else None
        f.follow_up_date = date.fromisoformat(d["follow_up_date"]) if d.get("follow_up_date") else None
        f.start_time = time.fromisoformat(d["start_time"]) if d.get("start_time") else None
        f.end_time = time.fromisoformat(d["end_time"]) if d.get("end_time") else None
        f.attendees = [AttendeeForm(**a) for a in d.get("attendees") or []]
        f.policies = [BriefedPolicy(**p) for p in d.get("policies") or []]
        f.issues = [RaisedIssue(**i) for i in d.get("issues") or []]
        return f


def validate_visit(form: VisitForm, today: date) -> VisitForm:
    """Raise ValidationError listing every problem; return the form with blank rows dropped."""
    problems: list[FieldProblem] = []

    def add(field_name: str, zh: str, en: str) -> None:
        problems.append(FieldProblem(field_name, Message(zh, en)))

    if not form.enterprise_id:
        add("enterprise_id", "请选择走访的企业。", "Choose the enterprise visited.")
    if form.visit_date is None:
        add("visit_date", "请填写走访日期。", "Enter the date of the visit.")
    elif form.visit_date > today:
        add("visit_date", "走访日期不能晚于今天。", "The visit date cannot be in the future.")
    if form.start_time and form.end_time and form.end_time < form.start_time:
        add("end_time", "结束时间不能早于开始时间。", "The end time cannot be before the start time.")
    if not form.team_id:
        add("team_id", "请选择走访的一米团。", "Choose the team that made the visit.")
    if not form.officer_ids:
        add("officer_ids", "请至少选择一名走访人员。", "Choose at least one officer.")
    if form.visit_type not in {v.value for v in VisitType}:
        add("visit_type", "请选择走访类型。", "Choose the kind of visit.")
    if form.follow_up_date and form.visit_date and form.follow_up_date < form.visit_date:
        add("follow_up_date", "回访日期不能早于走访日期。", "The follow-up date cannot be before the visit.")
    attendees = [a for a in form.attendees if a.name.strip() or a.title.strip() or a.phone.strip()]
    for i, a in enumerate(attendees):
        if not a.name.strip():
            add(f"attendees.{i}", f"第{i + 1}位企业参加人员缺少姓名。", f"Attendee {i + 1} has no name.")
        _phone(a.phone.strip(), f"attendees.{i}", problems)
    issues = [x for x in form.issues if x.title.strip() or x.description.strip()]
    for i, x in enumerate(issues):
        if not x.title.strip():
            add(f"issues.{i}", f"第{i + 1}个诉求缺少标题。", f"Issue {i + 1} has no title.")
        if not x.category_id:
            add(f"issues.{i}", f"第{i + 1}个诉求请选择类别。", f"Choose a category for issue {i + 1}.")
    policies = [p for p in form.policies if p.policy_id]
    if len({p.policy_id for p in policies}) != len(policies):
        add("policies", "同一政策不要重复添加。", "The same policy is listed twice.")
    if problems:
        raise ValidationError(problems)
    return VisitForm(
        enterprise_id=form.enterprise_id, visit_date=form.visit_date, start_time=form.start_time,
        end_time=form.end_time, team_id=form.team_id, officer_ids=list(dict.fromkeys(form.officer_ids)),
        visit_type=form.visit_type, place=form.place.strip(),
        attendees=[AttendeeForm(a.name.strip(), a.title.strip(), a.phone.strip()) for a in attendees],
        notes=form.notes.strip(), policies=policies, follow_up_date=form.follow_up_date,
        issues=[RaisedIssue(x.category_id, x.title.strip(), x.description.strip()) for x in issues],
        attachment_paths=list(form.attachment_paths),
    )
