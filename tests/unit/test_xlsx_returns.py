"""The 回填 round trip on real workbooks: a team's open issues out as a signed sheet, filled in by
another library (openpyxl, as WPS would) and by LibreOffice, back in as lifecycle events; twice is
harmless, a conflict is reported, an edited id or a sheet from another installation is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.spreadsheet_helpers import convert, read_back
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.vocabulary import IssueStatus
from yimi_desktop.services.imports import Outcome
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.storage.models import IssueEvent

TODAY = date(2026, 12, 1)
COL = {"progress": 10, "status": 11, "result": 12, "amount": 13, "id": 14}  # 1-based, as openpyxl counts


def _team_with_open_issues(svc) -> tuple[str, list[str]]:
    for t in svc.teams.list():
        ids = svc.issues.ids(IssueQuery(team_id=t.id, statuses=frozenset({"assigned", "in_progress"})))
        if len(ids) >= 5:
            return t.id, ids
    raise AssertionError("the demo county has a team with open issues")


def _events(svc) -> int:
    with svc.db.session() as s:
        return s.scalar(select(func.count()).select_from(IssueEvent))


def _fill(path: Path, fills: dict[int, dict[str, object]]) -> dict[int, str]:
    """Fill rows (1-based sheet rows) with openpyxl; returns {row: issue id}."""
    wb = openpyxl.load_workbook(path)
    ws = wb["回填表"]
    ids = {}
    for row, values in fills.items():
        ids[row] = ws.cell(row=row, column=COL["id"]).value
        for key, v in values.items():
            ws.cell(row=row, column=COL[key], value=v)
    wb.save(path)
    return ids


def test_a_filled_sheet_becomes_lifecycle_events_once(demo_services, tmp_path):
    svc = demo_services
    team_id, _ = _team_with_open_issues(svc)
    sheet = svc.returns.export(team_id, tmp_path / "回填表.xlsx", today=TODAY)
    assert sheet.rows >= 5
    back = read_back([sheet.path], tmp_path / "csv")[("回填表", "回填表")]
    assert back[1][9:13] == ["办理进展", "状态", "办结情况", "涉及金额(元)"] and len(back) == sheet.rows + 2
    assigned = [r for r, row in enumerate(back, start=1) if r > 6 and row[8] == "已交办"][0]  # 当前状态
    ids = _fill(sheet.path, {3: {"progress": "已联系供电公司,下周更换线路。"},
                             4: {"status": "已办结", "result": "贷款460万元已发放。", "amount": 4600000},
                             5: {"status": "无法解决"},
                             6: {"status": "无法解决", "result": "涉及省级审批,县里无权办理。"},
                             assigned: {"status": "办理中"}})
    before = _events(svc)
    plan = svc.returns.plan(sheet.path, today=TODAY)
    by_row = {r.row: r for r in plan.rows}
    assert by_row[3].outcome is Outcome.UPDATE and by_row[3].changed == ("办理进展",)
    assert by_row[4].outcome is Outcome.UPDATE and by_row[4].changed == ("办结",)
    assert by_row[5].outcome is Outcome.REFUSED and "原因" in by_row[5].reason.zh
    assert by_row[6].changed == ("无法解决",)
    assert by_row[assigned].changed == ("开始办理",)
    assert plan.count(Outcome.UNCHANGED) == sheet.rows - 5
    assert _events(svc) == before  # a dry run writes nothing
    svc.returns.apply(sheet.path, today=TODAY)
    assert _events(svc) == before + 4
    assert svc.issues.get(ids[assigned]).status is IssueStatus.IN_PROGRESS
    done = svc.issues.get(ids[4])
    assert (done.status, done.result, done.amount, done.resolved_on) == (IssueStatus.RESOLVED, "贷款460万元已发放。",
                                                                         4600000.0, TODAY)
    assert svc.issues.get(ids[3]).status is IssueStatus.IN_PROGRESS
    assert svc.issues.get(ids[6]).status is IssueStatus.CANNOT_RESOLVE
    assert svc.issues.history(ids[3])[-1].text == "已联系供电公司,下周更换线路。"
    again = svc.returns.apply(sheet.path, today=TODAY)  # the same sheet twice: harmless
    assert again.count(Outcome.UPDATE) == 0 and again.count(Outcome.UNCHANGED) == sheet.rows - 1
    assert _events(svc) == before + 4


def test_a_row_whose_issue_moved_at_the_hub_is_a_conflict_and_an_edited_id_is_refused(demo_services, tmp_path):
    svc = demo_services
    team_id, _ = _team_with_open_issues(svc)
    sheet = svc.returns.export(team_id, tmp_path / "回填表.xlsx", today=TODAY)
    ids = _fill(sheet.path, {3: {"progress": "部门填写的进展"}, 4: {"progress": "另一条进展"}})
    svc.issues.progress(ids[3], "中心在表格发出后记录的进展", on=TODAY)
    wb = openpyxl.load_workbook(sheet.path)
    wb["回填表"].cell(row=4, column=COL["id"], value="0" * 32)  # an edited id
    wb.save(sheet.path)
    plan = svc.returns.apply(sheet.path, today=TODAY)
    by_row = {r.row: r for r in plan.rows}
    assert by_row[3].outcome is Outcome.REFUSED and by_row[3].reason.zh.startswith("冲突")
    assert by_row[4].outcome is Outcome.REFUSED and "编号" in by_row[4].reason.zh
    assert [e.text for e in svc.issues.history(ids[3])][-1] == "中心在表格发出后记录的进展"
    assert "部门填写的进展" not in [e.text for e in svc.issues.history(ids[3])]


def test_a_sheet_from_another_installation_or_with_edited_check_data_is_refused(demo_services, services, tmp_path):
    team_id, _ = _team_with_open_issues(demo_services)
    other = services.returns.export(team_id, tmp_path / "别县.xlsx", today=TODAY)  # another county's database
    with pytest.raises(DomainError, match="签名不符"):
        demo_services.returns.plan(other.path)
    ours = demo_services.returns.export(team_id, tmp_path / "本县.xlsx", today=TODAY)
    wb = openpyxl.load_workbook(ours.path)
    meta = wb["_yimi"]
    assert meta.sheet_state == "veryHidden"
    meta.cell(row=2, column=2, value="99:assigned")  # the signed version of a row, edited
    wb.save(ours.path)
    with pytest.raises(DomainError, match="签名不符"):
        demo_services.returns.plan(ours.path)
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(DomainError, match="不是本软件导出的回填表"):
        demo_services.returns.plan(plain)


def test_a_sheet_filled_and_saved_by_libreoffice_imports(demo_services, tmp_path):
    svc = demo_services
    team_id, _ = _team_with_open_issues(svc)
    sheet = svc.returns.export(team_id, tmp_path / "in" / "回填表.xlsx", today=TODAY) if (tmp_path / "in").mkdir() is None else None
    ids = _fill(sheet.path, {3: {"progress": "经LibreOffice保存的进展"}})
    convert([sheet.path], "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")  # opened and saved again by LibreOffice
    plan = svc.returns.apply(tmp_path / "lo" / "回填表.xlsx", today=TODAY)
    assert [r.row for r in plan.rows if r.outcome is Outcome.UPDATE] == [3]
    assert svc.issues.history(ids[3])[-1].text == "经LibreOffice保存的进展"
