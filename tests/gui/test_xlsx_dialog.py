"""The Excel button and the import dialog: a dry run shown row by row (qtmodeltester on its model),
then 确认导入 on the write worker; the ledger's export with its filter; at the hub, a team's 回填表
out and back through the same dialog. Nothing touches the database on the GUI thread."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from sqlalchemy import func, select

from yimi_desktop.domain.creditcode import make_code
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import init_services
from yimi_desktop.services.imports import Outcome
from yimi_desktop.storage.models import Enterprise
from yimi_desktop.ui.models.import_plan_model import COLOURS, OUTCOME_ROLE, ImportPlanModel


def _directory(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["单位名称", "统一社会信用代码", "所属乡镇", "规上企业"])
    for i in range(6):
        ws.write_row(i + 1, 0, [f"尉氏县测试{i}有限公司", make_code("9", "1", "410223", f"{i + 1:08d}"), "城关镇", "是"])
    ws.write_row(7, 0, ["坏代码公司", "91410223000000000X", "城关镇", "否"])
    wb.close()
    return path


@pytest.fixture
def hub(tmp_path):
    svc = init_services(tmp_path / "hub.db", "县一米团办公室", DeviceRole.HUB)
    eid = svc.enterprises.add(__import__("yimi_desktop.domain.forms", fromlist=["EnterpriseForm"]).EnterpriseForm(
        "尉氏县红门门业有限公司", make_code("9", "1", "410223", "12345678"), "城关镇"))
    team = next(t for t in svc.teams.list() if t.name == "金融专业一米团")
    cat = svc.categories.list()[0].id
    for n in range(3):
        iid = svc.issues.raise_issue(eid, cat, f"流动资金不足{n}", on=date.today() - timedelta(days=5))
        svc.issues.assign(iid, team.id, date.today() + timedelta(days=7))
    yield svc, team.id
    svc.close()


def test_the_plan_model_passes_modeltester_and_colours_each_outcome(qtmodeltester, qapp, services, tmp_path):
    plan = services.imports.plan("enterprises", _directory(tmp_path / "名录.xlsx"))
    model = ImportPlanModel("zh")
    model.set_plan(plan)
    qtmodeltester.check(model)
    assert model.rowCount() == 7 and model.columnCount() == 5
    refused = model.index(6, 0)
    assert model.data(refused) == 8 and model.data(model.index(6, 1)) == "拒绝"
    assert "校验位" in model.data(model.index(6, 4)) or "组织机构代码" in model.data(model.index(6, 4))
    assert model.data(refused, OUTCOME_ROLE) == "refused"
    assert model.data(model.index(0, 2), __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.ItemDataRole.BackgroundRole
                      ).color() == COLOURS[Outcome.NEW]
    model.set_plan(None)
    qtmodeltester.check(model)


def test_import_dialog_dry_run_then_apply_from_the_enterprises_page(qtbot, gui_session, services, tmp_path):
    session = gui_session(services)
    page = session.window.show_page("enterprises")
    session.tasks.wait()
    qtbot.waitUntil(lambda: not session.tasks.busy(), timeout=5000)
    assert page.excel.button.isVisible() or page.excel.button.text() == "Excel"
    dlg = page.excel.open_import()
    src = _directory(tmp_path / "名录.xlsx")
    dlg.start_dry_run(src)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10000)
    assert dlg.model.rowCount() == 7 and dlg.apply_button.isEnabled()
    assert "新增 6 行" in dlg.summary.text() and "拒绝 1 行" in dlg.summary.text()
    with services.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Enterprise)) == 0
    dlg.only_refused.setChecked(True)
    assert dlg.proxy.rowCount() == 1
    dlg.only_refused.setChecked(False)
    dlg.grab().save(str(tmp_path / "import_dialog.png"))
    with qtbot.waitSignal(dlg.imported, timeout=15000):
        dlg.apply_button.click()
    assert dlg.plan.applied and "已导入" in dlg.summary.text() and not dlg.apply_button.isEnabled()
    with services.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Enterprise)) == 6
    from yimi_desktop.storage.backups import list_backups
    assert [b.reason for b in list_backups(services.db.path)] == ["before-import"]  # the dry run made none
    session.tasks.wait()
    dlg.start_dry_run(src)  # the same file again: nothing to do
    qtbot.waitUntil(lambda: dlg.plan is not None and not dlg.plan.applied, timeout=10000)
    assert dlg.plan.count(Outcome.UNCHANGED) == 6 and not dlg.apply_button.isEnabled()
    dlg.close()


def test_an_unreadable_file_is_one_line_in_the_dialog(qtbot, gui_session, services, tmp_path):
    session = gui_session(services)
    page = session.window.show_page("policies")
    session.tasks.wait()
    dlg = page.excel.open_import()
    bad = tmp_path / "not.xlsx"
    bad.write_text("这不是表格", encoding="utf-8")
    dlg.start_dry_run(bad)
    qtbot.waitUntil(lambda: "不是 Excel" in dlg.summary.text(), timeout=10000)
    assert not dlg.apply_button.isEnabled() and dlg.choose_button.isEnabled()
    dlg.close()


def test_the_ledger_exports_its_filter_and_the_hub_round_trips_a_returns_sheet(qtbot, gui_session, hub, tmp_path):
    svc, team_id = hub
    session = gui_session(svc)
    ledger = session.window.show_page("issues")
    session.tasks.wait()
    qtbot.waitUntil(lambda: not session.tasks.busy() and ledger.filters.team.findData(team_id) >= 0, timeout=5000)
    texts = [a.text() for a in ledger.excel.menu.actions()]
    assert texts == ["导出台账Excel…", "导出回填表(所选团队)…", "导入回填表…"]
    dest = tmp_path / "台账.xlsx"
    ledger.excel.export_with("问题台账", ledger.ledger_export, dest)
    qtbot.waitUntil(lambda: ledger.excel.last_path == dest, timeout=10000)
    assert openpyxl.load_workbook(dest).active.max_row == 1 + 3
    ledger.filters.team.setCurrentIndex(ledger.filters.team.findData(team_id))
    sheet = tmp_path / "回填表.xlsx"
    ledger.excel.export_with("回填表", ledger.returns_export, sheet)
    qtbot.waitUntil(lambda: ledger.excel.last_path == sheet, timeout=10000)
    wb = openpyxl.load_workbook(sheet)
    wb["回填表"].cell(row=3, column=10, value="已完成贷前调查。")
    wb.save(sheet)
    dlg = ledger.open_returns_import()
    dlg.start_dry_run(sheet)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10000)
    assert dlg.plan.count(Outcome.UPDATE) == 1 and dlg.plan.count(Outcome.UNCHANGED) == 2
    with qtbot.waitSignal(dlg.imported, timeout=15000):
        dlg.apply_button.click()
    iid = wb["回填表"].cell(row=3, column=14).value
    assert svc.issues.history(iid)[-1].text == "已完成贷前调查。"
    dlg.close()


def test_ctrl_shift_e_opens_the_excel_menu_of_the_page_shown(qtbot, gui_session, services):
    """The Excel button takes no focus (it would take Enter from the list); the keyboard reaches its menu."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    session = gui_session(services)
    session.window.show()
    qtbot.waitExposed(session.window)
    page = session.window.show_page("enterprises")
    session.tasks.wait()
    seen = []

    def look():
        seen.append(QApplication.activePopupWidget())
        if isinstance(seen[-1], QMenu):
            seen[-1].close()

    QTimer.singleShot(200, look)
    page.excel.shortcut.activated.emit()  # showMenu runs the menu's own loop until `look` closes it
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == [page.excel.menu], (page.excel.button.isVisible(), page.excel.menu.isVisible())
    assert page.excel.shortcut.key().toString() == "Ctrl+Shift+E" and page.excel.shortcut.isEnabled()


def test_the_laptop_ledger_has_no_returns_actions(qtbot, gui_session, services):
    session = gui_session(services)
    ledger = session.window.show_page("issues")
    session.tasks.wait()
    assert [a.text() for a in ledger.excel.menu.actions()] == ["导出台账Excel…"]


def test_the_reports_page_exports_the_period_as_excel(qtbot, gui_session, hub, tmp_path):
    svc, _team = hub
    session = gui_session(svc)
    page = session.window.show_page("reports")
    session.tasks.wait()
    page.date_from.setDate(page.date_from.date().addMonths(-1))
    for text, name in (("导出本期汇总Excel…", "汇总.xlsx"), ("导出本期台账Excel…", "台账.xlsx")):
        action = next(a for a in page.excel.menu.actions() if a.text() == text)
        assert action is not None
        make = page.summary_export if "汇总" in text else page.ledger_export
        page.excel.export_with(name, make, tmp_path / name)
        qtbot.waitUntil(lambda n=name: page.excel.last_path == tmp_path / n, timeout=10000)
    wb = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    assert wb.sheetnames[0] == "概况" and openpyxl.load_workbook(tmp_path / "台账.xlsx").active.max_row == 4


def test_a_new_hub_is_offered_the_import_of_its_lists(qtbot, gui_session, hub):
    from yimi_desktop.ui.spreadsheet_actions import offer_list_import

    svc, _team = hub
    session = gui_session(svc)
    assert offer_list_import(session.window, ask=lambda: False) is None
    dlg = offer_list_import(session.window, ask=lambda: True)
    assert dlg is not None and dlg.isVisible() and dlg.windowTitle() == "导入企业名录"
    assert session.window.stack.currentWidget() is session.window.page("enterprises")
    dlg.close()
    session.tasks.wait()


def test_cancelling_the_import_writes_nothing(qtbot, gui_session, services, tmp_path):
    src = tmp_path / "big.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["企业名称", "统一社会信用代码", "所属乡镇"])
    for i in range(1200):
        ws.write_row(i + 1, 0, [f"企业{i}", make_code("9", "1", "410223", f"{i + 1:08d}"), "城关镇"])
    wb.close()
    session = gui_session(services)
    dlg = session.window.show_page("enterprises").excel.open_import()
    dlg.start_dry_run(src)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=20000)
    dlg.apply_button.click()
    assert dlg.cancel_button.isVisible() and dlg.bar.isVisible()
    dlg.cancel_button.click()
    qtbot.waitUntil(lambda: "取消" in dlg.summary.text() and not dlg.cancel_button.isVisible(), timeout=20000)
    assert dlg.summary.text() == "导入已取消,没有写入任何内容。" and dlg.apply_button.isEnabled()
    with services.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Enterprise)) == 0
    dlg.close()
