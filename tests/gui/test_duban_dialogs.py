"""The ledger's 督办 dialogs on a hub's database: 交办 by a rule with 协办 teams, 延期申请 then 批准 (at the hub),
升级督办, 改派, 协办反馈; the detail shows the stages with their due dates; refusals stay in the dialog."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt

from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.domain.lifecycle import EventKind
from yimi_desktop.domain.rules import StageKind
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import init_services
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.ui.application import make_application
from yimi_desktop.ui.context import UiContext
from yimi_desktop.ui.dialogs.issue_dialogs import AssignDialog, ExtensionDialog, ReassignDialog
from yimi_desktop.ui.i18n import Language
from yimi_desktop.ui.operations import Operations
from yimi_desktop.ui.pages.issues import IssuesPage
from yimi_desktop.ui.widgets.date_fields import qdate
from test_ledger import WAIT, accept, press, select


@pytest.fixture
def hub(tmp_path):
    svc = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    if 2026 not in svc.calendar.years():
        svc.calendar.import_year(2026)
    eid = svc.enterprises.add(EnterpriseForm(name="尉氏县督办测试有限公司", credit_code="91350100M000100Y43",
                                             township="城关镇"))
    cat = next(c for c in svc.categories.list() if c.code == "funds")
    svc.issues.raise_issue(eid, cat.id, "流动资金短缺", on=date(2026, 9, 28))
    yield svc
    svc.close()


@pytest.fixture
def page(qtbot, hub, tmp_path):
    app = make_application()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    settings = QSettings()
    tasks = Operations(app)
    p = IssuesPage(UiContext(hub, tasks, Language(settings), settings, demo=False))
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitUntil(lambda: p.last_query is not None, timeout=WAIT)
    yield p
    tasks.wait()


def _day(dlg, d: date) -> None:
    dlg.on_date.setDate(qdate(d))


def test_assign_by_rule_extend_approve_escalate_reassign(qtbot, page, hub):
    iid = hub.issues.ids(IssueQuery())[0]
    select(qtbot, page, iid)

    dlg = press(qtbot, page, EventKind.ASSIGNED)
    assert isinstance(dlg, AssignDialog)
    assert dlg.rule.currentText().startswith("重大问题")  # suggested for 资金融资
    assert not dlg.deadline.isEnabled()
    dlg.rule.setCurrentIndex(dlg.rule.findText("13710", Qt.MatchFlag.MatchStartsWith))
    dlg.team.setCurrentIndex(dlg.team.findText("金融专业一米团"))
    co = dlg.co.findItems("人社专业一米团", Qt.MatchFlag.MatchExactly)[0]
    co.setCheckState(Qt.CheckState.Checked)
    _day(dlg, date(2026, 9, 29))
    accept(qtbot, page, dlg)
    row = hub.issues.get(iid)
    assert [(s.kind, s.due) for s in row.duty.stages] == [
        (StageKind.TRANSFER, date(2026, 9, 30)), (StageKind.PROGRESS, date(2026, 10, 9)),
        (StageKind.RESOLVE, date(2026, 10, 14))]
    assert row.duty.co_teams == ("人社专业一米团",)
    duty = page.detail_pane.duty.text()
    assert "13710" in duty and "2026-10-14" in duty and "协办:人社专业一米团" in duty
    assert EventKind.CO_REPORTED in page.detail_pane.enabled_actions()
    assert EventKind.EXTENSION_APPROVED not in page.detail_pane.enabled_actions()

    # 延期申请: a reason is needed (the refusal stays in the dialog, nothing written), then it waits for the hub
    dlg = press(qtbot, page, EventKind.EXTENSION_REQUESTED)
    assert isinstance(dlg, ExtensionDialog)
    dlg.to.setDate(qdate(date(2026, 10, 30)))
    _day(dlg, date(2026, 10, 9))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error.isVisible(), timeout=WAIT)
    assert "理由" in dlg.error.text() and len(hub.issues.history(iid)) == 2
    dlg.reason.setPlainText("需银行总行审批")
    accept(qtbot, page, dlg)
    assert hub.issues.get(iid).duty.extension_to == date(2026, 10, 30)
    assert {EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_REJECTED} <= page.detail_pane.enabled_actions()
    assert EventKind.EXTENSION_REQUESTED not in page.detail_pane.enabled_actions()

    dlg = press(qtbot, page, EventKind.EXTENSION_APPROVED)
    _day(dlg, date(2026, 10, 12))
    accept(qtbot, page, dlg)
    assert hub.issues.get(iid).deadline == date(2026, 10, 30)
    assert "已批准延期" in page.detail_pane.duty.text()

    dlg = press(qtbot, page, EventKind.ESCALATED)
    dlg.text.setPlainText("企业多次反映")
    _day(dlg, date(2026, 10, 13))
    accept(qtbot, page, dlg)
    assert "升级督办:企业多次反映" in page.detail_pane.duty.text()
    assert EventKind.ESCALATED not in page.detail_pane.enabled_actions()

    dlg = press(qtbot, page, EventKind.CO_REPORTED)
    assert dlg.team.currentText() == "人社专业一米团"
    dlg.text.setPlainText("已发布招聘信息")
    accept(qtbot, page, dlg)
    assert hub.issues.get(iid).duty.co_reported == ("人社专业一米团",)

    dlg = press(qtbot, page, EventKind.REASSIGNED)
    assert isinstance(dlg, ReassignDialog)
    dlg.team.setCurrentIndex(dlg.team.findText("科技工信专业一米团"))
    dlg.rule.setCurrentIndex(dlg.rule.findText("一般问题", Qt.MatchFlag.MatchStartsWith))
    dlg.reason.setText("属技改问题")
    _day(dlg, date(2026, 10, 14))
    accept(qtbot, page, dlg)
    row = hub.issues.get(iid)
    assert row.team == "科技工信专业一米团" and row.deadline == date(2026, 10, 23)  # 7 working days from the 14th
    kinds = [e.kind for e in hub.issues.history(iid)]
    assert kinds[-1] is EventKind.REASSIGNED and page.detail_pane.timeline.kinds() == kinds


def test_settings_dialog_shows_the_calendar_and_edits_it_at_the_hub(qtbot, qtmodeltester, page, hub):
    from yimi_desktop.ui.dialogs.duban_settings import DubanSettingsDialog

    dlg = page.open_duban_settings()
    assert isinstance(dlg, DubanSettingsDialog)
    qtbot.waitUntil(lambda: dlg.view is not None, timeout=WAIT)
    qtmodeltester.check(dlg.days)
    qtmodeltester.check(dlg.rules)
    # the year shown: pick 2026 and find National Day and its make-up Saturday
    dlg.year.setCurrentIndex(dlg.year.findData(2026))
    dlg.on_year_activated(0)
    qtbot.waitUntil(lambda: dlg.view.info.year == 2026, timeout=WAIT)
    rows = {d.day: d for d in dlg.days.days}
    assert not rows[date(2026, 10, 1)].workday and rows[date(2026, 10, 10)].workday
    # the hub makes a day a day off; it shows and counts
    dlg.day.setDate(qdate(date(2026, 10, 12)))
    dlg.kind.setCurrentIndex(dlg.kind.findData(False))
    dlg.day_name.setText("县里调整")
    qtbot.mouseClick(dlg.set_day, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: date(2026, 10, 12) in {d.day for d in dlg.days.days}, timeout=WAIT)
    assert not hub.calendar.calendar().is_workday(date(2026, 10, 12))
    # a rule with a bad stage list: one line in the dialog, nothing saved
    before = len(dlg.rules.rules)
    dlg.rule_name.setText("坏规则")
    dlg.rule_stages.setText("progress:3")
    qtbot.mouseClick(dlg.save_rule, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error.isVisible(), timeout=WAIT)
    assert "办结" in dlg.error.text() and len(hub.calendar.rules(include_inactive=True)) == before
    dlg.rule_name.setText("许昌办法")
    dlg.rule_stages.setText("transfer:3,resolve:15")
    qtbot.mouseClick(dlg.save_rule, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dlg.rules.rules) == before + 1, timeout=WAIT)
    assert "许昌办法" in {r.name for r in hub.calendar.rules()}
    # a year the package lacks: said, nothing added
    dlg.import_year.setValue(2099)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2099" in dlg.error.text(), timeout=WAIT)
    assert 2099 not in hub.calendar.years()
    dlg.close()


def test_rules_dialog_assigns_categories_and_a_cap(qtbot, qtmodeltester, page, hub):
    """办理时限规则: tick the categories a rule is suggested for (Space on the list), with a 最长时限 stage;
    a category suggests one rule, so it leaves the rule it was on."""
    from yimi_desktop.ui.dialogs.duban_settings import DubanSettingsDialog

    dlg = page.open_duban_settings()
    assert isinstance(dlg, DubanSettingsDialog)
    qtbot.waitUntil(lambda: dlg.view is not None and dlg.rule_categories.count() > 0, timeout=WAIT)
    qtmodeltester.check(dlg.rules)
    funds = next(c for c in hub.categories.list() if c.code == "funds")
    assert hub.calendar.suggested_rule(funds.id).code == "major"  # seeded
    row = next(i for i, r in enumerate(dlg.rules.rules) if r.code == "xuchang")
    dlg.rule_table.setFocus()
    dlg.rule_table.setCurrentIndex(dlg.rules.index(row, 0))
    assert dlg.rule_name.text() == "交办3日、办结15日、最长30日" and "cap:30" in dlg.rule_stages.text()
    item = next(dlg.rule_categories.item(i) for i in range(dlg.rule_categories.count())
                if dlg.rule_categories.item(i).data(Qt.ItemDataRole.UserRole) == funds.id)
    assert item.checkState() == Qt.CheckState.Unchecked
    dlg.rule_categories.setFocus()
    dlg.rule_categories.setCurrentItem(item)
    qtbot.keyClick(dlg.rule_categories, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(dlg.save_rule, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: hub.calendar.suggested_rule(funds.id).code == "xuchang", timeout=WAIT)
    assert funds.id not in hub.calendar.rule("major").category_ids
    qtbot.waitUntil(lambda: funds.name in dlg.rules.data(dlg.rules.index(row, 4)), timeout=WAIT)
    dlg.close()


def test_liaison_and_visit_plan_dialog_at_the_hub(qtbot, qtmodeltester, page, hub):
    """包联 for the selected enterprises and a team's 走访计划 for a month, set from the keyboard at the hub."""
    from yimi_desktop.ui.dialogs.coverage_dialog import CoverageDialog, LiaisonPlanDialog

    cov = CoverageDialog(page.ctx, page)
    qtbot.addWidget(cov)
    assert cov.liaison_button is not None
    dlg = cov.open_liaisons()
    assert isinstance(dlg, LiaisonPlanDialog)
    qtbot.waitUntil(lambda: dlg.choices is not None and dlg.liaison_model.rowCount() == 1, timeout=WAIT)
    qtmodeltester.check(dlg.liaison_model)
    dlg.search.setText("没有这家")
    assert dlg.liaison_model.rowCount() == 0
    dlg.search.setText("督办测试")
    assert dlg.liaison_model.rowCount() == 1
    # nothing selected: one line, nothing written
    qtbot.mouseClick(dlg.save_liaison, Qt.MouseButton.LeftButton)
    assert dlg.error.isVisible() and "选择企业" in dlg.error.text()
    dlg.table.setFocus()
    dlg.table.selectRow(0)
    team = next(t for t in hub.teams.list() if t.name == "金融专业一米团")
    dlg.team.setCurrentIndex(dlg.team.findData(team.id))
    dlg.save_liaison.setFocus()
    qtbot.keyClick(dlg.save_liaison, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: hub.coverage.liaisons()[0].team == "金融专业一米团", timeout=WAIT)
    qtbot.waitUntil(lambda: dlg.liaison_model.row_at(0).team == "金融专业一米团", timeout=WAIT)
    # the plan: the team, this month, tick the enterprise with Space, save
    dlg.tabs.setCurrentIndex(1)
    dlg.plan_team.setCurrentIndex(dlg.plan_team.findData(team.id))
    dlg.load_plan()
    qtbot.waitUntil(lambda: dlg.plan_view is not None and dlg.plan_view.team_id == team.id
                    and dlg.plan_list.count() == 1, timeout=WAIT)
    dlg.plan_list.setFocus()
    dlg.plan_list.setCurrentRow(0)
    qtbot.keyClick(dlg.plan_list, Qt.Key.Key_Space)
    assert dlg.planned_ids() == [hub.coverage.liaisons()[0].enterprise_id] and "1" in dlg.plan_count.text()
    qtbot.mouseClick(dlg.save_plan, Qt.MouseButton.LeftButton)
    month = date.today().strftime("%Y-%m")
    qtbot.waitUntil(lambda: len(hub.plans.plan(team.id, month).rows) == 1, timeout=WAIT)
    # a month typed wrong: one line
    dlg.plan_month.setText("2026-13")
    qtbot.mouseClick(dlg.save_plan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error.isVisible() and "YYYY-MM" in dlg.error.text(), timeout=WAIT)
    dlg.close()
    cov.close()


def test_my_open_issues_preset_filters_by_this_devices_officer(qtbot, page, hub):
    """我的待办 on the ledger: the open issues handled by the officer who uses this device."""
    mine = page.preset_buttons["mine"]
    qtbot.mouseClick(mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "尚未选择使用本机的团员" in page.counters.text(), timeout=WAIT)
    from yimi_desktop.domain.forms import OfficerForm
    team = next(t for t in hub.teams.list() if t.name == "金融专业一米团")
    officer_id = hub.officers.add(OfficerForm("王督办", "县金融工作局"), team.id)
    iid = hub.issues.ids(IssueQuery())[0]
    hub.issues.assign(iid, team.id, date(2026, 12, 30), officer_id=officer_id, on=date(2026, 9, 29))
    other = hub.issues.raise_issue(hub.enterprises.ids(EnterpriseQuery())[0], "", "另一件诉求", on=date(2026, 9, 28))
    hub.devices.set_officer(officer_id)
    mine.setFocus()
    qtbot.keyClick(mine, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.last_query is not None and page.last_query.officer_id == officer_id, timeout=WAIT)
    assert page.model.rowCount() == 1 and page.model.issue_id(0) == iid and other != iid
    assert mine.isChecked() and not page.preset_buttons["open"].isChecked()


def test_raise_an_issue_from_the_hotline(qtbot, page, hub):
    from yimi_desktop.domain.vocabulary import IssueSource
    from yimi_desktop.ui.dialogs.issue_dialogs import RaiseIssueDialog

    dlg = page.open_raise_dialog()
    assert isinstance(dlg, RaiseIssueDialog)
    qtbot.waitUntil(lambda: dlg.category.count() > 0, timeout=WAIT)
    dlg.title.setText("热线反映用电不稳")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert "企业" in dlg.error.text()  # no enterprise chosen: said, nothing written
    eid = hub.enterprises.suggest("督办测试", 5)[0].id
    dlg.enterprise.set_choice(eid, "尉氏县督办测试有限公司")
    dlg.source.setCurrentIndex(dlg.source.findData(IssueSource.HOTLINE.value))
    with qtbot.waitSignal(dlg.accepted, timeout=WAIT):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    row = hub.issues.get(dlg.result_id)
    assert row.title == "热线反映用电不稳" and row.source is IssueSource.HOTLINE and row.enterprise_id == eid


def test_dashboard_duban_tiles_click_through(qtbot, qtmodeltester, hub, tmp_path):
    from yimi_desktop.ui.application import GuiSession
    from yimi_desktop.ui.dialogs.coverage_dialog import CoverageDialog

    iid = hub.issues.ids(IssueQuery())[0]
    team = next(t.id for t in hub.teams.list() if t.name == "金融专业一米团")
    hub.issues.assign(iid, team, on=date(2026, 9, 29), rule="general")
    hub.issues.escalate(iid, "企业多次反映", on=date(2026, 10, 9))
    hub.issues.request_extension(iid, date(2026, 11, 30), "等审批", on=date(2026, 10, 9))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qs2"))
    session = GuiSession(make_application(), hub, demo=False)
    win = session.window
    qtbot.addWidget(win)
    dash, ledger = win.page("dashboard"), win.page("issues")
    qtbot.waitUntil(lambda: dash.tiles["escalated"].value.text() != "…", timeout=WAIT)
    assert dash.tiles["escalated"].value.text() == "1" and dash.tiles["extension_pending"].value.text() == "1"
    assert dash.tiles["silent_laptops"].value.text() == "0"
    # a year the calendar lacks (this or next) is said on the 工作台
    missing = [y for y in (date.today().year, date.today().year + 1) if y not in hub.calendar.years()]
    assert ("工作日历缺少" in dash.subtitle.text()) == bool(missing)
    assert all(str(y) in dash.subtitle.text() for y in missing)
    with qtbot.waitSignal(ledger.results_loaded, timeout=WAIT):
        qtbot.mouseClick(dash.tiles["escalated"], Qt.MouseButton.LeftButton)
    assert win.stack.currentWidget() is ledger and ledger.model.rowCount() == 1
    assert ledger.last_query.escalated and "督查清单" in ledger.filters.scope_label.text()
    # coverage: the one enterprise is not 规上, so nothing is due; the dialog says the rule and lists none
    win.stack.setCurrentWidget(dash)
    dash.on_coverage_clicked()
    dlg = next(w for w in dash.findChildren(CoverageDialog))
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=WAIT)
    qtmodeltester.check(dlg.model)
    assert "规上企业每季度" in dlg.head.text() and dlg.model.rowCount() == 0
    dlg.close()


def test_dashboard_rates_match_the_summary_and_bars_click_through(qtbot, demo_services, tmp_path):
    from yimi_desktop.ui.application import GuiSession

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qs3"))
    session = GuiSession(make_application(), demo_services, demo=True)
    win = session.window
    qtbot.addWidget(win)
    dash, ledger = win.page("dashboard"), win.page("issues")
    qtbot.waitUntil(lambda: dash.figures is not None, timeout=WAIT)
    today = date.today()
    summary = demo_services.reports.summary_data(date(today.year, 1, 1), today)
    for key, value in (("resolution_rate", summary.resolution_rate), ("on_time_rate", summary.on_time_rate),
                       ("satisfaction_rate", summary.satisfaction_rate)):
        assert dash.tiles[key].value.text() == ("—" if value is None else f"{value:.1%}"), key
    bars = dash.by_chart.bars
    assert [b.label for b in bars] == [r.name for r in summary.by_team[:12]]
    first = summary.by_team[0]
    with qtbot.waitSignal(ledger.results_loaded, timeout=WAIT):
        dash.by_chart.bar_clicked.emit(0)
    assert win.stack.currentWidget() is ledger and ledger.last_query.team_id is not None
    assert ledger.model.rowCount() == first.raised  # the bar's issues: that team's, raised this year


def test_dashboard_shows_my_teams_visit_plan(qtbot, demo_services, tmp_path):
    from yimi_desktop.services.seed import seeded_id
    from yimi_desktop.storage.models import VisitPlan
    from yimi_desktop.ui.application import GuiSession
    from yimi_desktop.ui.dialogs.coverage_dialog import PlanDialog

    svc = demo_services
    team = next(t for t in svc.teams.list() if svc.teams.get(t.id).members)
    me = svc.teams.get(team.id).members[0]
    svc.devices.set_officer(me.id)
    month = date.today().strftime("%Y-%m")
    eids = svc.enterprises.ids(EnterpriseQuery())[:3]
    with svc.db.session() as s:  # as the hub's package would bring it
        for eid in eids:
            s.add(VisitPlan(id=seeded_id("visit_plan", f"{team.id}|{month}|{eid}"), team_id=team.id, month=month,
                            enterprise_id=eid, active=True))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qs4"))
    session = GuiSession(make_application(), svc, demo=True)
    win = session.window
    qtbot.addWidget(win)
    dash = win.page("dashboard")
    qtbot.waitUntil(lambda: dash.figures is not None and dash.figures.plan is not None, timeout=WAIT)
    view = svc.plans.plan(team.id, month)
    assert dash.tiles["plan"].value.text() == f"{view.done}/3"
    assert team.name in dash.effect_title.text()  # the rates are my team's
    dash.on_plan_clicked()
    dlg = next(w for w in dash.findChildren(PlanDialog))
    assert dlg.list.count() == 3
    dlg.close()
