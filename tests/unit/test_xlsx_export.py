"""Exports read back by LibreOffice and openpyxl and compared cell by cell with the database: the
ledger with its filter and the county's columns, the directory (which imports again unchanged),
the visits of a period, the summary figures; dates are dates, no formulas, the sheet set up to print."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from tests.spreadsheet_helpers import read_back
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.vocabulary import OPEN, IssueStatus
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.services.exports import LEDGER_COLUMNS, days_overdue
from yimi_desktop.services.imports import Outcome
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.services.visits import VisitQuery

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def exported(demo_db_template, tmp_path_factory):
    """One demo county's exports, and LibreOffice's reading of each (one soffice run for all)."""
    import shutil

    from yimi_desktop.services.context import open_services

    folder = tmp_path_factory.mktemp("export")
    db = folder / "demo.db"
    shutil.copy(demo_db_template, db)
    svc = open_services(db)
    q = IssueQuery(statuses=frozenset(OPEN), today=TODAY)
    files = {
        "ledger": svc.exports.ledger(q, folder / "台账.xlsx").path,
        "enterprises": svc.exports.enterprises(EnterpriseQuery(), folder / "名录.xlsx").path,
        "visits": svc.exports.visits(VisitQuery(date_from=date(2026, 1, 1), date_to=date(2026, 6, 30)),
                                     folder / "走访.xlsx").path,
        "summary": svc.exports.summary(date(2026, 1, 1), date(2026, 12, 31), folder / "汇总.xlsx").path,
    }
    sheets = read_back(list(files.values()), folder / "csv")
    yield svc, q, files, sheets
    svc.close()


def test_the_ledger_has_the_county_columns_and_every_filtered_issue_cell_by_cell(exported):
    svc, q, files, sheets = exported
    rows = sheets[("台账", "问题台账")]
    assert rows[0] == ["序号", "统一社会信用代码", "企业名称", "乡镇", "包联团员", "诉求类别", "诉求内容", "提出日期",
                       "交办日期", "承办团队", "办理时限", "办理进展", "办结日期", "办结情况", "回访日期", "满意度", "状态",
                       "超期天数"]
    assert [c.zh for c in LEDGER_COLUMNS] == rows[0]
    ids = svc.issues.ids(q)
    db_rows = svc.issues.rows(ids, TODAY)
    assert len(rows) - 1 == len(db_rows) > 0
    codes = {r.id: svc.enterprises.get(r.enterprise_id).form.credit_code for r in db_rows[:50]}
    for n, (sheet_row, r) in enumerate(zip(rows[1:51], db_rows[:50]), start=1):
        assert sheet_row[0] == str(n)
        assert sheet_row[1] == codes[r.id]
        assert sheet_row[2:4] == [r.enterprise, r.township]
        assert sheet_row[5] == r.category
        assert sheet_row[6].startswith(r.title)
        assert sheet_row[7] == r.raised_on.isoformat()
        assert sheet_row[9] == r.team
        assert sheet_row[10] == (r.deadline.isoformat() if r.deadline else "")
        assert sheet_row[16] == r.status.zh and r.status in OPEN
        late = days_overdue(r.status, r.deadline, r.resolved_on, TODAY)
        assert sheet_row[17] == (str(late) if late else "")
    assert any(r[17] for r in rows[1:]) and any(r[8] for r in rows[1:]) and any(r[4] for r in rows[1:])


def test_the_ledger_is_values_dates_frozen_filtered_and_set_up_for_a4_landscape(exported):
    _svc, _q, files, _sheets = exported
    with zipfile.ZipFile(files["ledger"]) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        book = z.read("xl/workbook.xml").decode()
    assert "<f>" not in xml  # values, not formulas
    assert 'state="frozen"' in xml and "<autoFilter " in xml
    assert 'paperSize="9"' in xml and 'orientation="landscape"' in xml
    assert "_xlnm.Print_Titles" in book
    ws = openpyxl.load_workbook(files["ledger"]).active
    raised = ws.cell(row=2, column=8)
    assert raised.is_date and isinstance(raised.value, datetime)
    assert ws.column_dimensions["C"].width >= 20  # a Chinese enterprise name fits


def test_the_directory_exports_with_the_import_headers_and_imports_again_unchanged(exported):
    svc, _q, files, sheets = exported
    rows = sheets[("名录", "企业名录")]
    assert rows[0][:3] == ["企业名称", "统一社会信用代码", "所属乡镇"] and rows[0][-3:] == ["走访次数", "最近走访", "未办结诉求"]
    assert len(rows) - 1 == svc.enterprises.count()
    first = svc.enterprises.page(EnterpriseQuery(), 0, 1)[0]
    assert rows[1][:3] == [first.name, first.credit_code, first.township]
    plan = svc.imports.plan("enterprises", files["enterprises"])
    assert plan.count(Outcome.UNCHANGED) == svc.enterprises.count() and not plan.refused


def test_the_visits_of_a_period_and_the_summary_figures(exported):
    svc, _q, _files, sheets = exported
    rows = sheets[("走访", "走访记录")]
    visits = svc.visits.list(VisitQuery(date_from=date(2026, 1, 1), date_to=date(2026, 6, 30)))
    assert len(rows) - 1 == len(visits) > 0
    assert rows[1][0] == visits[0].visit_date.isoformat() and rows[1][2] == visits[0].enterprise
    assert all("2026-01-01" <= r[0] <= "2026-06-30" for r in rows[1:])
    figures = {r[0]: r[1] for r in sheets[("汇总", "概况")] if len(r) > 1}
    data = svc.reports.summary_data(date(2026, 1, 1), date(2026, 12, 31))
    assert figures["走访次数"] == str(data.visits) and figures["收集诉求"] == str(data.issues_raised)
    by_team = sheets[("汇总", "按团队")]
    assert by_team[0] == ["名称", "收集诉求", "办结诉求", "未办结"] and len(by_team) - 1 == len(data.by_team)


def test_an_export_that_fails_leaves_no_file_and_the_old_one_untouched(demo_services, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "台账.xlsx"
    dest.write_bytes(b"old")

    def boom(done, total):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        demo_services.exports.ledger(IssueQuery(), dest, progress=boom)
    assert dest.read_bytes() == b"old" and [p.name for p in out.iterdir()] == ["台账.xlsx"]
    with pytest.raises(DomainError, match="文件夹不存在"):
        demo_services.exports.ledger(IssueQuery(), tmp_path / "nowhere" / "x.xlsx")


def test_days_overdue():
    d = date(2026, 3, 1)
    assert days_overdue(IssueStatus.ASSIGNED, d, None, d + timedelta(days=4)) == 4
    assert days_overdue(IssueStatus.ASSIGNED, d, None, d) is None
    assert days_overdue(IssueStatus.RESOLVED, d, d + timedelta(days=2), d + timedelta(days=30)) == 2
    assert days_overdue(IssueStatus.RESOLVED, d, d, d + timedelta(days=30)) is None
    assert days_overdue(IssueStatus.NEW, None, None, d) is None


def test_voided_records_stay_out_of_the_exports_unless_asked_and_the_directory_filters(demo_services, tmp_path):
    """作废 enterprises leave the directory export (and a filtered one keeps only its rows); a voided
    visit leaves the visits export; asked for, the voided enterprises and visits come back with a 作废 column. Every
    file is read back by LibreOffice."""
    from sqlalchemy import select

    from yimi_desktop.storage.models import Enterprise, Visit

    svc = demo_services
    with svc.db.session() as s:
        town = s.scalar(select(Enterprise.township).group_by(Enterprise.township).order_by(Enterprise.township))
        gone = s.scalar(select(Enterprise).where(Enterprise.township == town).order_by(Enterprise.sort_key))
        visit = s.scalar(select(Visit).where(Visit.visit_date >= date(2026, 1, 1), Visit.visit_date <= date(2026, 6, 30))
                         .order_by(Visit.visit_date))
        gone_id, gone_name, gone_code = gone.id, gone.name, gone.credit_code
        visit_id, visit_no = visit.id, visit.record_no
    svc.enterprises.void(gone_id, "重复录入")
    svc.visits.void(visit_id, "误录")
    period = VisitQuery(date_from=date(2026, 1, 1), date_to=date(2026, 6, 30))
    files = {
        "all": svc.exports.enterprises(EnterpriseQuery(), tmp_path / "all.xlsx").path,
        "town": svc.exports.enterprises(EnterpriseQuery(township=town, above_size=False), tmp_path / "town.xlsx").path,
        "text": svc.exports.enterprises(EnterpriseQuery(text=gone_name[3:6]), tmp_path / "text.xlsx").path,
        "voided": svc.exports.enterprises(EnterpriseQuery(township=town), tmp_path / "voided.xlsx",
                                          include_voided=True).path,
        "visits": svc.exports.visits(period, tmp_path / "visits.xlsx").path,
        "withvoid": svc.exports.visits(period, tmp_path / "withvoid.xlsx", include_voided=True).path,
    }
    sheets = {stem: rows for (stem, _sheet), rows in read_back(list(files.values()), tmp_path / "csv").items()}
    codes = {k: [r[1] for r in sheets[k][1:]] for k in ("all", "town", "text", "voided")}
    assert gone_code not in codes["all"] and len(codes["all"]) == svc.enterprises.count()
    with svc.db.session() as s:
        in_town = set(s.scalars(select(Enterprise.credit_code).where(
            Enterprise.township == town, Enterprise.above_size.is_(False), Enterprise.voided_at.is_(None))))
        assert set(codes["town"]) == in_town and len(codes["town"]) == len(in_town) > 0
        assert set(codes["voided"]) == set(s.scalars(select(Enterprise.credit_code).where(Enterprise.township == town)))
    assert gone_code not in codes["text"]
    assert len(codes["text"]) == len(svc.enterprises.ids(EnterpriseQuery(text=gone_name[3:6])))
    assert sheets["voided"][0][-1] == "作废"
    assert [r[-1] for r in sheets["voided"][1:] if r[1] == gone_code] == ["已作废:重复录入"]
    assert all(r[-1] == "" for r in sheets["voided"][1:] if r[1] != gone_code)
    visit_rows = sheets["visits"][1:]
    assert visit_no not in [r[1] for r in visit_rows]
    assert len(visit_rows) == len(svc.visits.ids(period)) > 0
    voided_visits = sheets["withvoid"]
    assert voided_visits[0][-1] == "作废" and len(voided_visits) == len(sheets["visits"]) + 1
    assert [r[-1] for r in voided_visits[1:] if r[1] == visit_no] == ["已作废:误录"]
    assert all(r[-1] == "" for r in voided_visits[1:] if r[1] != visit_no)
    assert [r[:-1] for r in voided_visits[1:] if r[1] != visit_no] == visit_rows  # the others as they were


def test_read_back_keeps_workbooks_apart_whose_names_differ_by_a_dash(tmp_path):
    """"台账" and "台账-问题" each with a sheet: a glob on the stem gave the second's sheet to the first."""
    paths = []
    for stem, sheet, cell in (("台账", "问题台账", "一"), ("台账-问题", "台账", "二"), ("两表", "甲", "三")):
        wb = openpyxl.Workbook()
        wb.active.title = sheet
        wb.active["A1"] = cell
        if stem == "两表":
            wb.create_sheet("乙")["A1"] = "四"
        wb.save(tmp_path / f"{stem}.xlsx")
        paths.append(tmp_path / f"{stem}.xlsx")
    back = read_back(paths, tmp_path / "csv")
    assert back == {("台账", "问题台账"): [["一"]], ("台账-问题", "台账"): [["二"]],
                    ("两表", "甲"): [["三"]], ("两表", "乙"): [["四"]]}
