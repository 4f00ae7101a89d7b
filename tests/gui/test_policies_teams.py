"""政策 and 团队 pages: models, search and filter, dialogs that refuse bad input and edits that reach
the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget

from yimi_desktop.domain import pinyin
from yimi_desktop.domain.vocabulary import IssuerLevel, PolicyCategory, TeamKind
from yimi_desktop.services.catalog import OfficerRow, PolicyRow, TeamRow
from yimi_desktop.services.context import Services
from yimi_desktop.ui.application import make_application
from yimi_desktop.ui.context import UiContext
from yimi_desktop.ui.dialogs.officer_dialog import OfficerDialog
from yimi_desktop.ui.dialogs.policy_dialog import PolicyDialog
from yimi_desktop.ui.dialogs.team_dialog import TeamDialog
from yimi_desktop.ui.i18n import Language
from yimi_desktop.ui.models.policy_model import COLUMNS, PolicyTableModel
from yimi_desktop.ui.models.team_model import MemberTableModel, OfficerCheckModel, TeamTreeModel, in_tree_order
from yimi_desktop.ui.pages.page_services import PoliciesServices, TeamsServices
from yimi_desktop.ui.pages.policies import PoliciesPage
from yimi_desktop.ui.pages.teams import TeamsPage
from yimi_desktop.ui.operations import Operations

PageFactory = Callable[[type, Services], QWidget]


@pytest.fixture
def make_page(qtbot, tmp_path) -> Iterator[PageFactory]:
    app = make_application()
    runners: list[Operations] = []

    def build(cls: type, svc: Services):
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        tasks = Operations(app)
        runners.append(tasks)
        ctx = UiContext(services=svc, tasks=tasks, language=Language(settings), settings=settings)
        needs = PoliciesServices if cls is PoliciesPage else TeamsServices
        page = cls(ctx, needs.of(svc))
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.results_loaded, timeout=5000):
            page.resize(1130, 700)
            page.show()
        page.activateWindow()
        qtbot.waitActive(page)  # shortcuts (F2, Enter) need an active window
        return page

    yield build
    for t in runners:
        t.wait()


def shown(page: PoliciesPage) -> list[PolicyRow]:
    return [page.model.row_at(r) for r in range(page.model.rowCount())]


def opened(qtbot, page):
    """The dialog a page opens once what it shows has been read off the GUI thread."""
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=5000)
    return page.dialog


def click_ok(qtbot, dlg) -> None:
    """Click 保存 and wait for the save to end (refused at once, or written on the write worker)."""
    with qtbot.waitSignal(dlg.save_finished, timeout=5000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)


def _policy(pid: str, start: date | None, end: date | None) -> PolicyRow:
    return PolicyRow(pid, f"政策{pid}", IssuerLevel.PROVINCE, "河南省人民政府", "豫政〔2021〕1号",
                     PolicyCategory.FINANCE, "说明", start, end)


# ---- 政策 ------------------------------------------------------------------------------------------

def test_policy_model_states_periods_and_modeltester(qtmodeltester, qapp):
    model = PolicyTableModel("zh")
    rows = [_policy("a", date(2021, 1, 1), date(2023, 12, 31)), _policy("b", date(2024, 6, 1), None),
            _policy("c", None, date(2024, 5, 31)), _policy("d", date(2024, 7, 1), date(2024, 12, 31))]
    model.set_rows(rows, today=date(2024, 6, 15))
    qtmodeltester.check(model)

    def cell(row: int, key: str) -> str:
        return model.index(row, COLUMNS.index(key)).data()

    assert cell(0, "period") == "2021-01-01 至 2023-12-31"
    assert [cell(r, "state") for r in range(4)] == ["已失效", "有效", "已失效", "未生效"]
    assert cell(1, "period") == "2024-06-01 至 长期" and cell(2, "period").startswith("不限 至")
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # expired rows are greyed
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == [
        "政策名称", "发文层级", "文号", "类别", "有效期", "状态"]
    assert model.row_of("d") == 3 and model.row_of("zz") == -1


def test_policy_page_model_passes_modeltester_and_shows_summary(qtmodeltester, make_page, demo_services):
    page = make_page(PoliciesPage, demo_services)
    qtmodeltester.check(page.model)
    assert [p.id for p in shown(page)] == [p.id for p in demo_services.policies.list()]
    assert page.count.text() == f"共 {page.model.rowCount()} 条"
    first = shown(page)[0]
    assert page.current_id() == first.id  # the first policy is selected and its summary shown
    assert page.detail.summary.toPlainText().strip() == first.summary.strip()
    assert page.detail.title.text() == first.title
    assert page.edit_button.isEnabled()


def test_policy_search_by_pinyin_initials_narrows_the_list(qtbot, make_page, demo_services):
    page = make_page(PoliciesPage, demo_services)
    total = page.model.rowCount()
    target = next(p for p in demo_services.policies.list() if "担保" in p.title)
    initials = pinyin.initials(target.title)[:6]
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        qtbot.keyClicks(page.search, initials)
    ids = [p.id for p in shown(page)]
    assert target.id in ids and 0 < len(ids) < total
    assert ids == [p.id for p in demo_services.policies.list(initials)]
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.search.setText("zzzzqqq")
    assert page.model.rowCount() == 0 and page.count.text() == "共 0 条" and not page.edit_button.isEnabled()
    assert not page.detail.title.isVisible()


def test_policy_category_filter(qtbot, make_page, demo_services):
    page = make_page(PoliciesPage, demo_services)
    total = page.model.rowCount()
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.category.setCurrentIndex(page.category.findData(PolicyCategory.FINANCE.value))
    rows = shown(page)
    assert rows and len(rows) < total and all(r.category is PolicyCategory.FINANCE for r in rows)
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.category.setCurrentIndex(0)
    assert page.model.rowCount() == total


def test_policy_dialog_refuses_empty_title_and_reversed_dates_then_adds(qtbot, make_page, demo_services):
    page = make_page(PoliciesPage, demo_services)
    before = demo_services.policies.list()
    page.add_button.click()
    dlg = page.dialog
    assert isinstance(dlg, PolicyDialog) and dlg.isVisible()
    dlg.summary.insertPlainText("用电量大的企业可按度电申请补贴。")
    start = date.today() + timedelta(days=400)
    dlg.valid_from.set_value(start)
    dlg.valid_to.set_value(start - timedelta(days=100))
    click_ok(qtbot, dlg)
    assert dlg.isVisible()
    assert dlg.errors["title"].isVisible() and dlg.errors["title"].text() == "请填写政策名称。"
    assert dlg.errors["valid_to"].isVisible() and "不能早于" in dlg.errors["valid_to"].text()
    assert not dlg.errors["summary"].isVisible()
    assert demo_services.policies.list() == before
    # QTest types ASCII only; Chinese arrives from an input method as inserted text
    dlg.title.insert("企业用电补贴办法")
    dlg.category.setCurrentIndex(dlg.category.findData(PolicyCategory.INDUSTRY.value))
    dlg.valid_to.open.setChecked(True)  # 长期有效
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        click_ok(qtbot, dlg)
    assert page.dialog is None  # closed (and deleted)
    after = demo_services.policies.list()
    assert len(after) == len(before) + 1
    added = next(p for p in after if p.title == "企业用电补贴办法")
    assert added.category is PolicyCategory.INDUSTRY and added.valid_from == start and added.valid_to is None
    assert page.current_id() == added.id
    assert "用电量大的企业" in page.detail.summary.toPlainText()
    assert page.model.index(page.model.row_of(added.id), COLUMNS.index("state")).data() == "未生效"


def test_policy_edit_refused_leaves_the_policy_unchanged(qtbot, make_page, demo_services):
    page = make_page(PoliciesPage, demo_services)
    original = demo_services.policies.get(page.current_id())
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=2000)  # a button shortcut clicks after a flash
    dlg = page.dialog
    assert isinstance(dlg, PolicyDialog) and dlg.title.text() == original.title
    dlg.title.clear()
    dlg.summary.clear()
    click_ok(qtbot, dlg)
    assert dlg.isVisible() and dlg.errors["title"].text() and dlg.errors["summary"].text() == "请填写通俗解读。"
    assert demo_services.policies.get(original.id) == original
    dlg.reject()
    assert demo_services.policies.get(original.id) == original


def test_policy_saved_outside_the_search_is_shown(qtbot, make_page, demo_services):
    page = make_page(PoliciesPage, demo_services)
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.category.setCurrentIndex(page.category.findData(PolicyCategory.TAX.value))
    page.on_add()
    dlg = page.dialog
    dlg.title.insert("乡村道路养护补助")
    dlg.summary.insertPlainText("村道由县里统一养护。")
    dlg.category.setCurrentIndex(dlg.category.findData(PolicyCategory.AGRICULTURE.value))
    click_ok(qtbot, dlg)
    # the tax filter would hide it: the filter is cleared and the new policy selected
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().title == "乡村道路养护补助", timeout=5000)
    assert page.category.currentIndex() == 0 and page.model.rowCount() == len(demo_services.policies.list())


# ---- 团队 ------------------------------------------------------------------------------------------

def test_team_tree_model_shows_the_hierarchy(qtmodeltester, make_page, demo_services):
    page = make_page(TeamsPage, demo_services)
    qtmodeltester.check(page.model)
    teams = demo_services.teams.list()
    assert page.model.rowCount() == 1  # one 总团 at the top
    top = page.model.index(0, 0)
    assert page.model.team_at(top).kind is TeamKind.COMBINED
    children = [page.model.team_at(page.model.index(r, 0, top)) for r in range(page.model.rowCount(top))]
    assert len(children) == len(teams) - 1 and all(c.parent_id == page.model.team_at(top).id for c in children)
    assert {c.kind for c in children} == {TeamKind.SUB_TEAM, TeamKind.SPECIALIST}
    sub = page.model.index(0, 0, top)
    assert page.model.parent(sub) == top and page.model.depth(sub) == 1
    row = [page.model.index(0, c, top).data() for c in range(5)]
    assert row == [children[0].name, children[0].kind.label(), children[0].lead_department,
                   children[0].leader_name, str(children[0].member_count)]


def test_tree_order_keeps_orphans_and_survives_cycles(qtmodeltester, qapp):
    def team(tid: str, parent: str | None) -> TeamRow:
        return TeamRow(tid, tid, TeamKind.SUB_TEAM, parent, "", "", "", 0, "")

    rows = [team("a", None), team("b", "a"), team("c", "missing"), team("d", "e"), team("e", "d")]
    order = [(d, t.id) for d, t in in_tree_order(rows)]
    assert order == [(0, "a"), (1, "b"), (0, "c"), (0, "d"), (1, "e")]
    model = TeamTreeModel()
    model.set_teams(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 3


def test_member_and_officer_models_pass_modeltester(qtmodeltester, qapp):
    officers = [OfficerRow("o1", "张三", "县税务局", "科长", "13812345678", ("金融专业一米团",)),
                OfficerRow("o2", "李四", "县商务局", "", "", ())]
    members = MemberTableModel()
    members.set_members(officers, leader_id="o2")
    qtmodeltester.check(members)
    assert members.index(1, 0).data(Qt.ItemDataRole.FontRole).bold()
    picker = OfficerCheckModel(checked=["o2"])
    picker.set_officers(officers)
    qtmodeltester.check(picker)
    assert picker.index(0, 0).data() == "李四 · 县商务局"  # ticked first
    assert picker.setData(picker.index(1, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert picker.checked_ids() == ["o2", "o1"]
    picker.set_officers(officers[:1])  # a filter that hides o2 keeps it ticked
    assert picker.checked_ids() == ["o2", "o1"] and picker.rowCount() == 1


def test_team_detail_lists_members(qtbot, qtmodeltester, make_page, demo_services):
    page = make_page(TeamsPage, demo_services)
    team = next(t for t in demo_services.teams.list() if t.kind is TeamKind.SUB_TEAM)
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        page.select_team(team.id)
    members = demo_services.teams.get(team.id).members
    qtmodeltester.check(page.pane.members)
    assert [m.name for m in page.pane.members.members()] == [m.name for m in members]
    assert page.pane.members_title.text() == f"团员 {len(members)} 人"
    assert team.lead_department in page.pane.meta.text() and team.leader_name in page.pane.meta.text()


def test_team_dialog_changes_members_and_leader(qtbot, make_page, demo_services):
    page = make_page(TeamsPage, demo_services)
    team = next(t for t in demo_services.teams.list() if t.kind is TeamKind.SPECIALIST)
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        page.select_team(team.id)
    before = demo_services.teams.get(team.id)
    assert before.row.member_count >= 3
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    dlg = opened(qtbot, page)
    assert isinstance(dlg, TeamDialog)
    qtbot.waitUntil(lambda: dlg.members.model.rowCount() > 0, timeout=5000)
    keep, new_leader = before.members[0], before.members[-1]
    for m in before.members[1:-1]:
        dlg.members.set_checked(m.id, False)
    # someone from outside the team, found by pinyin initials
    outsider = next(o for o in demo_services.officers.list() if o.id not in before.form.member_ids)
    with qtbot.waitSignal(dlg.members.officers_loaded, timeout=5000):
        qtbot.keyClicks(dlg.members.filter, pinyin.initials(outsider.name))
    assert any(label.startswith(outsider.name) for label in dlg.members.labels())
    row = dlg.members.model.row_of(outsider.id)
    dlg.members.model.setData(dlg.members.model.index(row, 0), Qt.CheckState.Checked.value,
                              Qt.ItemDataRole.CheckStateRole)
    assert dlg.members.count.text() == "已选 3 人"
    assert [dlg.leader.itemData(i) for i in range(1, dlg.leader.count())] == [keep.id, new_leader.id, outsider.id]
    dlg.leader.setCurrentIndex(dlg.leader.findData(new_leader.id))
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        click_ok(qtbot, dlg)
    after = demo_services.teams.get(team.id)
    assert after.row.member_count == 3 and after.row.leader_name == new_leader.name
    assert set(after.form.member_ids) == {keep.id, new_leader.id, outsider.id}
    assert page.pane.members_title.text() == "团员 3 人"  # the page shows the change


def test_sub_team_without_parent_is_refused(qtbot, make_page, demo_services):
    page = make_page(TeamsPage, demo_services)
    count = len(demo_services.teams.list())
    page.add_button.click()
    dlg = opened(qtbot, page)
    dlg.name.insert("新兴产业分团")
    dlg.kind.setCurrentIndex(dlg.kind.findData(TeamKind.SUB_TEAM.value))
    dlg.parent_team.setCurrentIndex(0)  # (无)
    click_ok(qtbot, dlg)
    assert dlg.isVisible()
    assert dlg.errors["parent_id"].isVisible() and dlg.errors["parent_id"].text() == "分团须隶属于一个总团。"
    assert dlg.errors["lead_department"].text() == "请填写牵头单位。"
    assert len(demo_services.teams.list()) == count
    dlg.parent_team.setCurrentIndex(1)
    dlg.lead_department.insert("县发展和改革委员会")
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        click_ok(qtbot, dlg)
    new = next(t for t in demo_services.teams.list() if t.name == "新兴产业分团")
    assert new.kind is TeamKind.SUB_TEAM and new.parent_id and page.current_id() == new.id


def test_combined_team_has_no_parent_to_choose(qtbot, make_page, demo_services):
    page = make_page(TeamsPage, demo_services)
    page.on_add()
    dlg = opened(qtbot, page)
    assert dlg.parent_team.isEnabled() and dlg.parent_team.currentData() is not None  # defaults to the 总团
    dlg.kind.setCurrentIndex(dlg.kind.findData(TeamKind.COMBINED.value))
    assert not dlg.parent_team.isEnabled() and dlg.parent_team.currentData() is None
    dlg.reject()


def test_new_officer_joins_team_and_appears_in_the_member_picker(qtbot, make_page, demo_services):
    page = make_page(TeamsPage, demo_services)
    team = next(t for t in demo_services.teams.list() if t.kind is TeamKind.SPECIALIST)
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        page.select_team(team.id)
    page.officer_button.click()
    od = opened(qtbot, page)
    assert isinstance(od, OfficerDialog) and od.team.currentData() == team.id
    od.name.insert("欧阳明")
    qtbot.keyClicks(od.phone, "12345")
    click_ok(qtbot, od)
    assert od.isVisible()
    assert od.errors["department"].text() == "请填写所在单位。" and "电话号码格式不对" in od.errors["phone"].text()
    assert not any(o.name == "欧阳明" for o in demo_services.officers.list())
    od.department.insert("县商务局")
    od.phone.clear()
    qtbot.keyClicks(od.phone, "13912345678")
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        click_ok(qtbot, od)
    assert demo_services.teams.get(team.id).row.member_count == team.member_count + 1
    assert "欧阳明" in [m.name for m in page.pane.members.members()]

    page.on_add()
    dlg = opened(qtbot, page)
    qtbot.waitUntil(lambda: dlg.members.model.rowCount() > 0, timeout=5000)
    with qtbot.waitSignal(dlg.members.officers_loaded, timeout=5000):
        qtbot.keyClicks(dlg.members.filter, "oym")
    assert dlg.members.labels() and dlg.members.labels()[0] == "欧阳明 · 县商务局"
    dlg.reject()


def test_edit_officer_from_the_member_list(qtbot, make_page, demo_services):
    page = make_page(TeamsPage, demo_services)
    qtbot.waitUntil(lambda: page.pane.members.rowCount() > 0, timeout=5000)
    page.pane.member_table.selectRow(0)
    officer = page.pane.members.member_at(0)
    page.pane.edit_officer_button.click()
    od = opened(qtbot, page)
    assert isinstance(od, OfficerDialog) and od.name.text() == officer.name and od.team is None
    od.title.clear()
    od.title.insert("局长")
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        click_ok(qtbot, od)
    assert demo_services.officers.get(officer.id).title == "局长"
    assert page.pane.members.member_at(0).title == "局长"


def test_an_officer_entered_by_mistake_is_voided_and_leaves_the_member_list(qtbot, make_page, demo_services):
    page = make_page(TeamsPage, demo_services)
    qtbot.waitUntil(lambda: page.pane.members.rowCount() > 0, timeout=5000)
    page.pane.member_table.selectRow(0)
    officer = page.pane.members.member_at(0)
    page.pane.void_officer_button.click()
    dlg = page.dialog
    dlg.reason.setText("名字录错,已另建")
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        click_ok(qtbot, dlg)
    assert officer.id not in [m.id for m in page.pane.members.members()]
    assert officer.id not in [o.id for o in demo_services.officers.list()]
