"""Spreadsheets out: the 问题台账 with the ledger's filter, the enterprise directory, the visits of a
period and the summary figures, as .xlsx (values, real dates, frozen header, autofilter, widths
that fit Chinese, A4 landscape with the header on every page).

Rows are read in chunks of ids (one query each for the row and what it needs) and written as they
come by XlsxWriter in constant-memory mode, so 100,000 issues take the memory of one chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ..domain.labels import ENTERPRISE_SHEET, field
from ..domain.lifecycle import EventKind
from ..domain.periods import check_period
from ..domain.vocabulary import IssueStatus, Satisfaction, VisitState
from ..spreadsheets.writer import TableSheet, atomic_workbook, formats
from ..storage.database import Database
from ..storage.models import (
    Enterprise, Issue, IssueCategory, IssueEvent, Officer, Team, Visit, VisitAmendment, VisitOfficer,
)
from .device import DeviceInfo
from .enterprises import EnterpriseQuery, enterprise_conditions
from .issues import IssueQuery, IssueService
from .reporting import ReportService
from .trust import Trust
from .visits import VOIDED, VisitQuery, VisitService

CHUNK = 500
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SheetColumn:
    zh: str
    en: str
    kind: str = "text"  # text / wrap / date / int / money


def _v(entity: str, name: str, kind: str = "text", short: bool = False) -> SheetColumn:
    label = field(entity, name)
    return SheetColumn(label.short_text("zh") if short else label.zh, label.short_text("en") if short else label.en, kind)


# The 问题台账 as a county reports it (issue 10): these columns, in this order.
LEDGER_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("序号", "No.", "int"), _v("enterprise", "credit_code"), _v("enterprise", "name"),
    _v("enterprise", "township", short=True), SheetColumn("包联团员", "Liaison officers"),
    SheetColumn("诉求类别", "Category"), SheetColumn("诉求内容", "Issue", "wrap"), _v("issue", "raised_on", "date"),
    SheetColumn("交办日期", "Assigned on", "date"), _v("issue", "team_id"), _v("issue", "deadline", "date"),
    SheetColumn("办理进展", "Progress", "wrap"), _v("issue", "resolved_on", "date"),
    SheetColumn("办结情况", "Result", "wrap"), SheetColumn("回访日期", "Followed up on", "date"),
    _v("issue", "satisfaction"), _v("issue", "status"), SheetColumn("超期天数", "Days overdue", "int"),
)

ENTERPRISE_COLUMNS: tuple[SheetColumn, ...] = (
    *(_v("enterprise", f, "wrap" if f in ("address", "notes") else "text") for f in ENTERPRISE_SHEET),
    _v("enterprise", "visit_count", "int"), _v("enterprise", "last_visit", "date"),
    _v("enterprise", "open_issue_count", "int"),
)

VISIT_COLUMNS: tuple[SheetColumn, ...] = (
    _v("visit", "visit_date", "date"), _v("visit", "record_no"), _v("enterprise", "name"),
    _v("enterprise", "credit_code"), _v("enterprise", "township", short=True), _v("visit", "team_id"),
    _v("visit", "visit_type"), _v("visit_officer", "officer_id"), SheetColumn("诉求数", "Issues", "int"),
    _v("visit", "place"), _v("visit", "notes", "wrap"),
)


def days_overdue(status: IssueStatus, deadline: date | None, resolved_on: date | None, today: date) -> int | None:
    """Days past the deadline: still open, until today; resolved, until the day it was resolved."""
    if deadline is None:
        return None
    end = today if status.is_open else resolved_on
    if end is None or end <= deadline:
        return None
    return (end - deadline).days


def _is_not_voided(cond: Any) -> bool:
    """The directory's `voided_at IS NULL` condition (enterprise_conditions puts it first)."""
    return str(cond) == str(Enterprise.voided_at.is_(None))


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


class ExportService:
    def __init__(self, db: Database, device: DeviceInfo, issues: IssueService, visits: VisitService,
                 reports: ReportService, trust: Trust):
        self._db = db
        self._device = device
        self._issues = issues
        self._visits = visits
        self._reports = reports
        self._trust = trust

    # ---- 问题台账 -------------------------------------------------------------------------------
    def ledger(self, q: IssueQuery, dest: Path, sort: str = "raised_on", descending: bool = True,
               lang: str = "zh", progress: Progress | None = None) -> ExportResult:
        today = q.day()
        ids = self._issues.ids(q, sort=sort, descending=descending)
        with atomic_workbook(Path(dest)) as wb:
            sheet = TableSheet(wb, "问题台账" if lang != "en" else "Ledger", [c.en if lang == "en" else c.zh for c in LEDGER_COLUMNS],
                               [c.kind for c in LEDGER_COLUMNS], formats(wb))
            n = 0
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                extra = self._ledger_extra(chunk)
                with self._db.session() as s:  # one plain query for the chunk's rows (no ORM objects)
                    found = {r[0]: r for r in s.execute(
                        select(Issue.id, Enterprise.name, Enterprise.township, IssueCategory.name, Issue.title,
                               Issue.description, Issue.raised_on, Team.name, Issue.deadline, Issue.resolved_on,
                               Issue.result, Issue.satisfaction, Issue.status)
                        .join(Enterprise, Enterprise.id == Issue.enterprise_id)
                        .outerjoin(IssueCategory, IssueCategory.id == Issue.category_id)
                        .outerjoin(Team, Team.id == Issue.team_id)
                        .where(Issue.id.in_(chunk)))}
                for iid in chunk:
                    row = found.get(iid)
                    if row is None:
                        continue
                    _, ename, township, cname, title, description, raised, tname, deadline, resolved, result, \
                        sat, status_value = row
                    n += 1
                    status = IssueStatus(status_value)
                    code, liaison, assigned_on, progress_text, followed_on = extra.get(iid, ("", "", None, "", None))
                    content = title if not description or description == title else f"{title}:{description}"
                    sheet.write([
                        n, code, ename, township, liaison, cname or "", content, raised, assigned_on,
                        tname or "", deadline, progress_text, resolved, result,
                        followed_on, Satisfaction(sat).label(lang) if sat else "", status.label(lang),
                        days_overdue(status, deadline, resolved, today)], overdue_col=len(LEDGER_COLUMNS) - 1)
                if progress is not None:
                    progress(min(start + CHUNK, len(ids)), len(ids))
            sheet.close()
        return ExportResult(Path(dest), n)

    def _ledger_extra(self, ids: Sequence[str]) -> dict[str, tuple[str, str, date | None, str, date | None]]:
        """Per issue: the enterprise's credit code, the officers of the visit it was raised on, the day
        it was (last) assigned, the latest progress, the day of the (last) follow-up."""
        with self._db.session() as s:
            codes = dict(s.execute(select(Issue.id, Enterprise.credit_code).join(Enterprise, Enterprise.id == Issue.enterprise_id)
                                   .where(Issue.id.in_(ids))).all())
            liaison: dict[str, str] = dict(s.execute(
                select(Issue.id, func.group_concat(Officer.name, "、"))
                .join(VisitOfficer, VisitOfficer.visit_id == Issue.visit_id)
                .join(Officer, Officer.id == VisitOfficer.officer_id)
                .where(Issue.id.in_(ids)).group_by(Issue.id)).all())
            latest: dict[tuple[str, str], tuple] = {}
            for iid, kind, on, text, _at in s.execute(
                    select(IssueEvent.issue_id, IssueEvent.kind, IssueEvent.on, IssueEvent.text, IssueEvent.at)
                    .where(IssueEvent.issue_id.in_(ids),
                           IssueEvent.kind.in_([EventKind.ASSIGNED.value, EventKind.PROGRESS.value,
                                                EventKind.FOLLOWED_UP.value]))
                    .order_by(IssueEvent.at, IssueEvent.id)):
                latest[(iid, kind)] = (on, text)
        out = {}
        for iid in ids:
            assigned = latest.get((iid, EventKind.ASSIGNED.value))
            prog = latest.get((iid, EventKind.PROGRESS.value))
            followed = latest.get((iid, EventKind.FOLLOWED_UP.value))
            out[iid] = (codes.get(iid, ""), liaison.get(iid) or "", assigned[0] if assigned else None,
                        prog[1] if prog else "", followed[0] if followed else None)
        return out

    # ---- 企业名录 -------------------------------------------------------------------------------
    def enterprises(self, q: EnterpriseQuery, dest: Path, lang: str = "zh",
                    progress: Progress | None = None, include_voided: bool = False) -> ExportResult:
        """The directory with the import's own headers (the file imports again unchanged), plus
        visits, the last visit and open issues. Voided (作废) enterprises are left out, as in the
        directory, unless `include_voided` (then a 作废 column says which and why)."""
        from ..domain.vocabulary import OPEN

        conds = enterprise_conditions(q)
        if include_voided:
            conds = [c for c in conds if not _is_not_voided(c)]
        with self._db.session() as s:
            ids = list(s.scalars(select(Enterprise.id).where(*conds).order_by(Enterprise.sort_key, Enterprise.id)))
        columns = ENTERPRISE_COLUMNS + ((SheetColumn("作废", "Voided", "wrap"),) if include_voided else ())
        with atomic_workbook(Path(dest)) as wb:
            sheet = TableSheet(wb, "企业名录" if lang != "en" else "Enterprises",
                               [c.en if lang == "en" else c.zh for c in columns],
                               [c.kind for c in columns], formats(wb))
            yes, no = ("是", "否") if lang != "en" else ("Yes", "No")
            n = 0
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                with self._db.session() as s:
                    visits = {e: (c, last) for e, c, last in s.execute(
                        select(Visit.enterprise_id, func.count(), func.max(Visit.visit_date))
                        .where(Visit.enterprise_id.in_(chunk), Visit.state == "final").group_by(Visit.enterprise_id))}
                    open_ = dict(s.execute(select(Issue.enterprise_id, func.count())
                                           .where(Issue.enterprise_id.in_(chunk), Issue.status.in_(OPEN))
                                           .group_by(Issue.enterprise_id)).all())
                    found = {e.id: e for e in s.scalars(select(Enterprise).where(Enterprise.id.in_(chunk)))}
                for eid in chunk:
                    e = found.get(eid)
                    if e is None:
                        continue
                    n += 1
                    count, last = visits.get(eid, (0, None))
                    values = [getattr(e, f) for f in ENTERPRISE_SHEET]
                    values[ENTERPRISE_SHEET.index("above_size")] = yes if e.above_size else no
                    voided = [] if not include_voided else [
                        "" if e.voided_at is None else (f"已作废:{e.void_reason}" if lang != "en" else f"Voided: {e.void_reason}")]
                    sheet.write([*values, count, last, open_.get(eid, 0), *voided])
                if progress is not None:
                    progress(min(start + CHUNK, len(ids)), len(ids))
            sheet.close()
        return ExportResult(Path(dest), n)

    # ---- 走访 -------------------------------------------------------------------------------------
    def visits(self, q: VisitQuery, dest: Path, lang: str = "zh", progress: Progress | None = None,
               include_voided: bool = False) -> ExportResult:
        """The finished visits of the query; voided (作废) ones are left out, as in the lists, unless
        `include_voided` (then a 作废 column says which and why)."""
        check_period(q.date_from, q.date_to)
        if include_voided:
            q = replace(q, include_voided=True)
        ids: Any = self._visits.ids(q)  # (VisitService has a method named `list`, which confuses mypy's `list[str]`)
        columns = VISIT_COLUMNS + ((SheetColumn("作废", "Voided", "wrap"),) if include_voided else ())
        with atomic_workbook(Path(dest)) as wb:
            sheet = TableSheet(wb, "走访记录" if lang != "en" else "Visits",
                               [c.en if lang == "en" else c.zh for c in columns],
                               [c.kind for c in columns], formats(wb))
            n = 0
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                with self._db.session() as s:
                    more = {vid: (code, place, notes, state) for vid, code, place, notes, state in s.execute(
                        select(Visit.id, Enterprise.credit_code, Visit.place, Visit.notes, Visit.state)
                        .join(Enterprise, Enterprise.id == Visit.enterprise_id).where(Visit.id.in_(chunk)))}
                    why: dict[str, str] = {}
                    if include_voided:  # the reason given when it was voided (the latest, if voided twice)
                        for vid, reason in s.execute(select(VisitAmendment.visit_id, VisitAmendment.reason)
                                                     .where(VisitAmendment.visit_id.in_(chunk),
                                                            VisitAmendment.field == VOIDED)
                                                     .order_by(VisitAmendment.at)):
                            why[vid] = reason
                rows: Any = self._visits.rows(chunk)
                for r in rows:
                    n += 1
                    code, place, notes, state = more.get(r.id, ("", "", "", ""))
                    voided = [] if not include_voided else [
                        "" if state != VisitState.VOID.value else
                        (f"已作废:{why.get(r.id, '')}" if lang != "en" else f"Voided: {why.get(r.id, '')}")]
                    sheet.write([r.visit_date, r.record_no, r.enterprise, code, r.township, r.team,
                                 r.visit_type.label(lang), r.officers, r.issue_count, place, notes, *voided])
                if progress is not None:
                    progress(min(start + CHUNK, len(ids)), len(ids))
            sheet.close()
        return ExportResult(Path(dest), n)

    # ---- 汇总 -------------------------------------------------------------------------------------
    def summary(self, start: date, end: date, dest: Path, team_id: str | None = None,
                lang: str = "zh") -> ExportResult:
        """The figures of the 工作简报 (the same numbers as the PDF): one sheet of figures, then one
        per breakdown (team, category, township, month)."""
        d = self._reports.summary_data(start, end, team_id, lang)
        en = lang == "en"
        with atomic_workbook(Path(dest), constant_memory=False) as wb:
            fmt = formats(wb)
            pct = wb.add_format({"font_name": "宋体", "font_size": 10, "num_format": "0.0%"})
            fig = TableSheet(wb, "Figures" if en else "概况", ["Figure", "Value"] if en else ["指标", "数值"],
                             ["text", "text"], fmt, title=d.title)
            fig.write(["Period" if en else "统计期间", f"{d.period_from.isoformat()} — {d.period_to.isoformat()}"])
            fig.write(["Team" if en else "团队", d.team])
            rows = [("visits", d.visits), ("covered", d.enterprises_covered),
                    ("above_cov", f"{d.above_size_covered}/{d.above_size_total}"), ("issues_raised", d.issues_raised),
                    ("issues_resolved", d.issues_resolved), ("resolution_rate", d.resolution_rate),
                    ("on_time_rate", d.on_time_rate), ("median_days", d.median_days_to_resolve),
                    ("satisfaction_rate", d.satisfaction_rate), ("money", d.money_yuan / 10000)]  # 万元, as the PDF
            from ..reports.labels import word
            for key, value in rows:
                r = fig.row
                fig.write([word(key, lang), None if isinstance(value, float) else value])
                if isinstance(value, float):
                    fig.ws.write_number(r, 1, value, pct if key.endswith("rate") else fmt.money)
            fig.widths[1] = max(fig.widths[1], 14)
            fig.close(landscape=False)
            heads = ["Name", "Raised", "Resolved", "Open"] if en else ["名称", "收集诉求", "办结诉求", "未办结"]
            for key, group in (("by_team", d.by_team), ("by_category", d.by_category), ("by_township", d.by_township)):
                t = TableSheet(wb, word(key, lang), heads, ["text", "int", "int", "int"], fmt)
                for c in group:
                    t.write([c.name, c.raised, c.resolved, c.open])
                t.close(landscape=False)
            t = TableSheet(wb, "By month" if en else "按月份", ["Month", "Raised", "Resolved"] if en else ["月份", "收集诉求", "办结诉求"],
                           ["text", "int", "int"], fmt)
            for month, raised, resolved in d.by_month:
                t.write([month, raised, resolved])
            t.close(landscape=False)
        return ExportResult(Path(dest), d.issues_raised)
