"""The departments' round trip (回填): one team's open issues go out as a sheet, the department fills
in 办理进展 / 状态 / 办结情况 / 涉及金额 in WPS or Excel, and the sheet comes back as lifecycle events.

A spreadsheet is a sync channel too, so the sheet is checked like a package:
- it carries a hidden id column and a very-hidden sheet `_yimi` listing (issue id, version) for
  every row it was made with, signed with this installation's Ed25519 key. A sheet made by another
  installation (another county) or whose list was edited fails the signature; a row whose id is
  not in the signed list (an edited id) is refused.
- the version is the number of the issue's events and its status when the sheet was made. A row
  the department changed whose issue has moved at the hub since (new events) is a conflict,
  reported and not written, unless the events since are exactly what this row means (the same
  sheet imported before): then the row is unchanged, so importing a sheet twice is harmless.
- every event goes through the same lifecycle rules as the ledger's dialogs (`lifecycle.apply`);
  a row they refuse is listed with its reason. All rows are applied in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.display import show_path
from ..domain.errors import DomainError, Message
from ..domain.lifecycle import EventKind, IssueEventData, TransitionRefused
from ..domain.vocabulary import OPEN, IssueStatus
from ..spreadsheets import cells
from ..spreadsheets.reader import SheetError, open_sheet, read_rows
from ..spreadsheets.writer import atomic_workbook, display_width, formats
from ..storage.database import Database
from ..storage.models import Enterprise, Issue, IssueCategory, IssueEvent, Team
from ..sync import keys as keylib
from .imports import ImportPlan, Outcome, PlannedRow
from .issues import IssueService
from .trust import Trust

FORMAT = "yimi-returns/1"
META_SHEET = "_yimi"
SHEET = "回填表"

# the sheet's columns: (key, header, width, editable)
COLUMNS: tuple[tuple[str, str, int, bool], ...] = (
    ("no", "序号", 6, False), ("enterprise", "企业名称", 30, False), ("credit_code", "统一社会信用代码", 21, False),
    ("township", "乡镇", 10, False), ("category", "诉求类别", 14, False), ("content", "诉求内容", 40, False),
    ("raised_on", "提出日期", 11, False), ("deadline", "办理时限", 11, False), ("status_now", "当前状态", 9, False),
    ("progress", "办理进展", 30, True), ("status", "状态", 10, True), ("result", "办结情况", 30, True),
    ("amount", "涉及金额(元)", 13, True), ("id", "编号(勿改)", 34, False),
)
EDITABLE = tuple(k for k, _, _, e in COLUMNS if e)
STATUS_CHOICES = {"办理中": IssueStatus.IN_PROGRESS, "已办结": IssueStatus.RESOLVED,
                  "无法解决": IssueStatus.CANNOT_RESOLVE}
_NAMES = {cells.header_key(h): k for k, h, _, _ in COLUMNS} | {"编号": "id", "涉及金额": "amount", "金额": "amount",
                                                                "办结情况说明": "result", "办理状态": "status"}


def _version(events: int, status: str) -> str:
    return f"{events}:{status}"


def _canonical(meta: dict[str, Any], rows: list[tuple[str, str]]) -> bytes:
    return json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _prefill(status: str) -> str:
    return "办理中" if status == IssueStatus.IN_PROGRESS.value else ""


@dataclass(frozen=True)
class ReturnsSheet:
    path: Path
    rows: int
    team: str


class ReturnsService:
    def __init__(self, db: Database, trust: Trust, issues: IssueService, device_id: str):
        self._db = db
        self._trust = trust
        self._issues = issues
        self._device = device_id

    # ---- out ----------------------------------------------------------------------------------
    def export(self, team_id: str, dest: Path, today: date | None = None) -> ReturnsSheet:
        """The open issues of `team_id` as a 回填表 at `dest`."""
        today = today or date.today()
        with self._db.session() as s:
            team = s.get(Team, team_id)
            if team is None:
                raise DomainError(Message(f"找不到团队 {team_id}", f"No team {team_id}"))
            team_name = team.name
            rows = s.execute(
                select(Issue, Enterprise.name, Enterprise.credit_code, Enterprise.township, IssueCategory.name)
                .join(Enterprise, Enterprise.id == Issue.enterprise_id)
                .outerjoin(IssueCategory, IssueCategory.id == Issue.category_id)
                .where(Issue.team_id == team_id, Issue.status.in_(OPEN))
                .order_by(Issue.deadline.nulls_last(), Issue.raised_on, Issue.id)).all()
            counts = self._event_counts(s, [r[0].id for r in rows])
        signed = [(r[0].id, _version(counts.get(r[0].id, 0), r[0].status)) for r in rows]
        meta = {"format": FORMAT, "identity": self._trust.keys().signing_public, "team_id": team_id,
                "team": team_name, "made_on": today.isoformat(), "made_at": datetime.now().isoformat(timespec="seconds")}
        signature = self._trust.keys().sign(_canonical(meta, signed)).hex()
        with atomic_workbook(Path(dest), constant_memory=False) as wb:
            fmt = formats(wb)
            locked = wb.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top",
                                    "locked": True, "bg_color": "#F2F2F2"})
            locked_date = wb.add_format({"font_name": "宋体", "font_size": 10, "valign": "top", "locked": True,
                                         "num_format": "yyyy-mm-dd", "bg_color": "#F2F2F2", "align": "left"})
            open_cell = wb.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top",
                                       "locked": False})
            money = wb.add_format({"font_name": "宋体", "font_size": 10, "valign": "top", "locked": False,
                                   "num_format": "#,##0.00"})
            ws = wb.add_worksheet(SHEET)
            ws.write_string(0, 0, f"{team_name} 诉求办理回填表(生成于 {today.isoformat()};请只填写白色的列,不要改动编号)",
                            fmt.title)
            to_fill = wb.add_format({"font_name": "宋体", "font_size": 10, "bold": True, "bg_color": "#FFF2CC",
                                     "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"})
            for col, (key, head, width, editable) in enumerate(COLUMNS):
                ws.write_string(1, col, head, to_fill if editable else fmt.header)
                ws.set_column(col, col, width, None, {"hidden": key == "id"})
            for i, (issue, ename, code, township, cname) in enumerate(rows):
                r = i + 2
                content = issue.title if not issue.description or issue.description == issue.title \
                    else f"{issue.title}:{issue.description}"
                ws.write_number(r, 0, i + 1, locked)
                for col, v in ((1, ename), (2, code), (3, township), (4, cname or ""), (5, content),
                               (8, IssueStatus(issue.status).zh), (13, issue.id)):
                    ws.write_string(r, col, v, locked)
                for col, d in ((6, issue.raised_on), (7, issue.deadline)):
                    if d is not None:
                        ws.write_datetime(r, col, datetime(d.year, d.month, d.day), locked_date)
                    else:
                        ws.write_blank(r, col, None, locked)
                ws.write_blank(r, 9, None, open_cell)
                if _prefill(issue.status):
                    ws.write_string(r, 10, _prefill(issue.status), open_cell)
                else:
                    ws.write_blank(r, 10, None, open_cell)
                ws.write_blank(r, 11, None, open_cell)
                ws.write_blank(r, 12, None, money)
                ws.set_row(r, max(15, 13.5 * min(4, 1 + display_width(content) // 80)))
            if rows:
                ws.data_validation(2, 10, len(rows) + 1, 10, {
                    "validate": "list", "source": list(STATUS_CHOICES), "error_title": "状态",
                    "error_message": "请选择:办理中、已办结或无法解决。"})
                ws.data_validation(2, 12, len(rows) + 1, 12, {
                    "validate": "decimal", "criteria": ">=", "value": 0, "error_title": "涉及金额",
                    "error_message": "请填写不小于0的金额(元)。"})
            ws.freeze_panes(2, 2)
            ws.autofilter(1, 0, max(1, len(rows) + 1), len(COLUMNS) - 2)
            ws.protect("", {"autofilter": True, "sort": False, "format_columns": True, "format_rows": True,
                            "select_locked_cells": True, "select_unlocked_cells": True})
            ws.set_paper(9)
            ws.set_landscape()
            ws.repeat_rows(1)
            ws.fit_to_pages(1, 0)
            meta_ws = wb.add_worksheet(META_SHEET)
            meta_ws.write_string(0, 0, json.dumps(meta, ensure_ascii=False, sort_keys=True))
            meta_ws.write_string(0, 1, signature)
            for i, (iid, version) in enumerate(signed, start=1):
                meta_ws.write_string(i, 0, iid)
                meta_ws.write_string(i, 1, version)
            meta_ws.very_hidden()
            ws.activate()
        return ReturnsSheet(Path(dest), len(rows), team_name)

    @staticmethod
    def _event_counts(s: Session, ids: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for i in range(0, len(ids), 500):
            out.update(dict(s.execute(select(IssueEvent.issue_id, func.count()).where(
                IssueEvent.issue_id.in_(ids[i:i + 500])).group_by(IssueEvent.issue_id)).all()))
        return out

    # ---- back in ------------------------------------------------------------------------------
    def plan(self, path: Path, today: date | None = None) -> ImportPlan:
        return self._run(Path(path), False, today)

    def apply(self, path: Path, today: date | None = None,
              progress: Callable[[int, int], None] | None = None) -> ImportPlan:
        return self._run(Path(path), True, today, progress)

    def _signed(self, path: Path) -> tuple[dict[str, Any], dict[str, str]]:
        """The sheet's signed list {issue id: version}, verified against this installation's key."""
        from python_calamine import WorksheetNotFound

        name = show_path(path)
        _sheet, wb = open_sheet(path)
        try:
            try:
                rows = wb.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
            except (WorksheetNotFound, ValueError):
                raise SheetError(Message(f"{name} 不是本软件导出的回填表(缺少校验信息);请用“导出回填表”生成的文件。",
                                         f"{name} is not a returns sheet made by this application.")) from None
        finally:
            wb.close()
        try:
            meta = json.loads(str(rows[0][0]))
            signature = bytes.fromhex(str(rows[0][1]))
            signed = [(str(r[0]), str(r[1])) for r in rows[1:] if r and r[0]]
        except (ValueError, IndexError, TypeError):
            raise SheetError(Message(f"{name} 的校验信息已损坏,不能导入。", f"The check data of {name} is damaged.")) from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise SheetError(Message(f"{name} 的格式版本不认识。", f"{name} has a format this version does not know."))
        if meta.get("identity") != self._trust.keys().signing_public or not keylib.verify(
                self._trust.keys().signing_public, signature, _canonical(meta, signed)):
            raise SheetError(Message(
                f"{name} 不是本中心导出的回填表(签名不符:可能来自其他县或其他电脑,或校验信息被改动),不能导入。",
                f"{name} was not made by this hub (the signature does not match: another county or computer, "
                "or the check data was edited)."))
        return meta, dict(signed)

    def _run(self, path: Path, apply: bool, today: date | None,
             progress: Callable[[int, int], None] | None = None) -> ImportPlan:
        today = today or date.today()
        meta, signed = self._signed(path)
        required = ("id",)
        header, rows = read_rows(path, _NAMES, required, Message("回填表", "returns sheet"), ("编号",))
        out: list[PlannedRow] = []
        seen: dict[str, int] = {}
        with self._db.session() as s:
            all_rows = list(rows)
            ids = [cells.text(r.get("id")) for r in all_rows]
            issues = {i.id: i for i in s.scalars(select(Issue).where(Issue.id.in_([i for i in ids if i in signed])))}
            counts = self._event_counts(s, list(issues))
            for n, (r, iid) in enumerate(zip(all_rows, ids)):
                name = cells.text(r.get("enterprise"))
                if progress is not None and n % 200 == 0:
                    progress(n, len(all_rows))
                if iid not in signed:
                    out.append(PlannedRow(r.number, Outcome.REFUSED, name, iid, Message(
                        "编号不是这张表导出时的编号(被改动或来自别的表),本行未导入。",
                        "The id is not one this sheet was made with (edited, or from another sheet).")))
                    continue
                if iid in seen:
                    out.append(PlannedRow(r.number, Outcome.REFUSED, name, iid, Message(
                        f"与第{seen[iid]}行是同一诉求。", f"The same issue as row {seen[iid]}.")))
                    continue
                seen[iid] = r.number
                issue = issues.get(iid)
                if issue is None:
                    out.append(PlannedRow(r.number, Outcome.REFUSED, name, iid, Message(
                        "这项诉求在中心已不存在。", "This issue no longer exists at the hub.")))
                    continue
                made_events, made_status = signed[iid].split(":", 1)
                try:  # what the row means, read against the issue as the sheet showed it
                    events = self._events_of(r, made_status, today)
                except cells.CellProblem as exc:
                    out.append(PlannedRow(r.number, Outcome.REFUSED, name, iid, exc.message))
                    continue
                if not events:
                    out.append(PlannedRow(r.number, Outcome.UNCHANGED, name, iid))
                    continue
                now = _version(counts.get(iid, 0), issue.status)
                if now != signed[iid]:
                    if self._already(s, iid, int(made_events), events):
                        out.append(PlannedRow(r.number, Outcome.UNCHANGED, name, iid))
                    else:
                        out.append(PlannedRow(r.number, Outcome.REFUSED, name, iid, Message(
                            f"冲突:表格生成后这项诉求在中心已有新的办理记录(现为“{IssueStatus(issue.status).zh}”),"
                            "本行未覆盖;请核对后在台账中处理。",
                            f"Conflict: the issue has moved at the hub since the sheet was made (now "
                            f"'{IssueStatus(issue.status).en}'); the row was not applied.")))
                    continue
                try:
                    self._check(s, iid, events)
                except TransitionRefused as exc:
                    out.append(PlannedRow(r.number, Outcome.REFUSED, name, iid, exc.message))
                    continue
                out.append(PlannedRow(r.number, Outcome.UPDATE, name, iid, changed=tuple(e.kind.zh for e in events)))
                if apply:
                    for ev in events:
                        self._issues.apply_in(s, iid, ev)
        if not out:
            raise SheetError(Message(f"{show_path(path)} 没有数据行。", f"{show_path(path)} has no rows."))
        return ImportPlan("returns", str(path), header.row, header.ignored, tuple(out), applied=apply)

    @staticmethod
    def _events_of(r, status: str, today: date) -> list[IssueEventData]:
        """The lifecycle events a filled-in row means."""
        progress = cells.text(r.get("progress"))
        result = cells.text(r.get("result"))
        amount = cells.amount(r.get("amount"))
        chosen = cells.text(r.get("status"))
        if chosen and chosen not in STATUS_CHOICES:
            raise cells.CellProblem(Message(f"状态“{chosen}”不是可选项(办理中、已办结、无法解决)。",
                                            f"'{chosen}' is not a status to choose (办理中, 已办结, 无法解决)."))
        target = STATUS_CHOICES.get(chosen)
        events: list[IssueEventData] = []
        if progress:
            events.append(IssueEventData(EventKind.PROGRESS, today, progress))
        if target is IssueStatus.RESOLVED:
            if not result:
                raise cells.CellProblem(Message("状态为“已办结”时须填写办结情况。", "Say what was done (办结情况) when resolved."))
            events.append(IssueEventData(EventKind.RESOLVED, today, result, amount=amount))
        elif target is IssueStatus.CANNOT_RESOLVE:
            if not result:
                raise cells.CellProblem(Message("状态为“无法解决”时须在办结情况中说明原因。",
                                                "Give the reason in 办结情况 when it cannot be resolved."))
            events.append(IssueEventData(EventKind.CANNOT_RESOLVE, today, result))
        elif target is IssueStatus.IN_PROGRESS and status == IssueStatus.ASSIGNED.value and not progress:
            events.append(IssueEventData(EventKind.STARTED, today))
        elif result or amount is not None:
            raise cells.CellProblem(Message("填写了办结情况或金额,但状态不是“已办结”或“无法解决”。",
                                            "办结情况 or an amount is given but the status is not 已办结 or 无法解决."))
        return events

    def _check(self, s: Session, issue_id: str, events: list[IssueEventData]) -> None:
        """The row's events against the lifecycle rules, from the issue's state now."""
        from ..domain import lifecycle
        from ..sync.merge import issue_states

        state = issue_states(s.connection(), [issue_id])[issue_id]
        for ev in events:
            state = lifecycle.apply(state, ev)

    @staticmethod
    def _already(s: Session, issue_id: str, made_events: int, events: list[IssueEventData]) -> bool:
        """The events since the sheet was made are exactly this row's (the sheet was imported before)."""
        rows = s.execute(select(IssueEvent.kind, IssueEvent.text, IssueEvent.amount).where(
            IssueEvent.issue_id == issue_id).order_by(IssueEvent.at, IssueEvent.id)).all()
        since = [(k, t or "", a) for k, t, a in rows[made_events:]]
        return since == [(e.kind.value, e.text.strip(), e.amount) for e in events]
