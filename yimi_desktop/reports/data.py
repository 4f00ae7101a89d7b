"""Plain data the reports are built from (gathered by services.reporting)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class IssueLine:
    seq: int
    enterprise: str
    township: str
    category: str
    title: str
    description: str
    raised_on: date
    team: str
    deadline: date | None
    status: str          # label in the report's language
    result: str
    satisfaction: str    # label or ""
    overdue: bool


@dataclass(frozen=True)
class VisitRecordData:
    visit_id: str
    record_no: str
    county: str
    team: str
    enterprise: str
    credit_code: str
    township: str
    contact: str
    visit_date: date
    time_range: str
    place: str
    visit_type: str
    officers: list[str]
    attendees: list[tuple[str, str, str]]
    policies: list[tuple[str, str, str]]  # title, qualifies label, note
    notes: str
    issues: list[IssueLine]
    follow_up: str
    photos: list[str]  # paths of downscaled previews
    generated_at: datetime
    officer_rows: list[tuple[str, str, str]] = field(default_factory=list)  # name, unit (department), phone
    proof: str = ""  # the signed code of what is printed (reports/proof.py); "" prints the unsigned 核验码


@dataclass(frozen=True)
class LedgerData:
    title: str
    filter_text: str
    generated_at: datetime
    lines: list[IssueLine]
    unit: str = ""  # 制表单位 at the foot


@dataclass(frozen=True)
class CountRow:
    name: str
    raised: int
    resolved: int
    open: int

    @property
    def cannot(self) -> int:
        """无法解决: what is neither resolved nor open (收集 = 办结 + 未办结 + 无法解决)."""
        return self.raised - self.resolved - self.open


@dataclass(frozen=True)
class SummaryData:
    title: str
    period_from: date
    period_to: date
    team: str
    generated_at: datetime
    visits: int
    enterprises_covered: int
    above_size_covered: int
    above_size_total: int
    issues_raised: int
    issues_resolved: int
    resolution_rate: float | None
    on_time_rate: float | None
    median_days_to_resolve: float | None
    satisfaction_rate: float | None
    money_yuan: float
    by_team: list[CountRow]
    by_category: list[CountRow]
    by_township: list[CountRow]
    by_status: dict[str, int]
    by_month: list[tuple[str, int, int]]  # month, raised, resolved
    issues_open: int = 0
    issues_cannot: int = 0
    issue_no: str = ""     # 期号 (第×期); blank leaves room to write it
    unit: str = ""         # 编发单位
    issued_on: date | None = None  # the masthead's date: the day the 期号 was first issued (a reprint keeps it)
    draft: bool = False    # 试印: printed at the hub without taking a number


@dataclass(frozen=True)
class DossierData:
    enterprise: str
    fields: list[tuple[str, str]]
    visits: list[tuple[str, str, str, str]]  # date, type, team, officers
    issues: list[IssueLine]
    generated_at: datetime
    county: str = "尉氏县"
    extra: dict = field(default_factory=dict)


# ---- the figures of an issued 简报, kept so that a reprint prints the same paper ----------------------
_SUMMARY_DATES = ("period_from", "period_to")
_SUMMARY_ROWS = ("by_team", "by_category", "by_township")
_SUMMARY_PRINTED = ("issue_no", "issued_on", "draft")  # set when printing, never kept with the figures


def summary_to_json(data: SummaryData) -> str:
    """The figures of a 简报 as JSON text (what the hub's register keeps at first issue)."""
    import json
    from dataclasses import asdict

    d = asdict(data)
    for k in _SUMMARY_PRINTED:
        d.pop(k)
    for k in _SUMMARY_DATES:
        d[k] = d[k].isoformat()
    d["generated_at"] = data.generated_at.isoformat()
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def summary_from_json(text: str) -> SummaryData:
    """summary_to_json read back: the same figures, printed anew (the 期号 and masthead date are set after)."""
    import json

    d = json.loads(text)
    for k in _SUMMARY_DATES:
        d[k] = date.fromisoformat(d[k])
    d["generated_at"] = datetime.fromisoformat(d["generated_at"])
    for k in _SUMMARY_ROWS:
        d[k] = [CountRow(**r) for r in d[k]]
    d["by_month"] = [tuple(m) for m in d["by_month"]]
    return SummaryData(**d)
