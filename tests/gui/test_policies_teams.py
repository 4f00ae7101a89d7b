"""政策 and 团队 pages: lists, search, dialogs that refuse bad input, edits that reach the database."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from yimi_desktop.domain import pinyin
from yimi_desktop.ui.application import GuiSession
from yimi_desktop.ui.pages.policies import PoliciesPage
from yimi_desktop.ui.pages.teams import TeamsPage


def _page(qtbot, svc, key, tmp_path):
    from PySide6.QtCore import QSettings
    from yimi_desktop.ui.application import make_application

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    session = GuiSession(make_application(), svc, demo=False)
    qtbot.addWidget(session.window)
    page = session.window.show_page(key)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    return session, page


def test_policy_models_pass_modeltester(qtbot, qtmodeltester, demo_services, tmp_path):
    session, page = _page(qtbot, demo_services, "policies", tmp_path)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == len(demo_services.policies.list())
    session.tasks.wait()


def test_policy_search_by_initials_and_category(qtbot, demo_services, tmp_path):
    session, page = _page(qtbot, demo_services, "policies", tmp_path)
    target = demo_services.policies.list()[0]
    initials = pinyin.initials(target.title)[:6]
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        page.search.setText(initials)
    shown = [page.model.row_at(i).id for i in range(page.model.rowCount())]
    assert target.id in shown and shown == [p.id for p in demo_services.policies.list(initials)]
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == len(demo_services.policies.list()), timeout=10000)
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        page.category.setCurrentIndex(page.category.findData("finance"))
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    assert rows and all(r.category.value == "finance" for r in rows)
    session.tasks.wait()


def test_policy_dialog_refuses_then_adds(qtbot, demo_services, tmp_path):
    session, page = _page(qtbot, demo_services, "policies", tmp_path)
    before = len(demo_services.policies.list())
    page.on_add()
    dlg = page.dialog
    dlg.valid_from.set_value(date(2026, 5, 1))
    dlg.valid_to.set_value(date(2026, 1, 1))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert "请填写政策名称" in dlg.errors["title"].text()
    assert "不能早于" in dlg.errors["valid_to"].text()
    assert len(demo_services.policies.list()) == before
    # QTest can only type ASCII keys; Chinese text arrives as an input-method commit, i.e. inserted text
    dlg.title.insert("企业用电补贴办法")
    dlg.summary.insertPlainText("用电量大的企业可按度电申请补贴。")
    dlg.valid_to.set_value(None)
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert len(demo_services.policies.list()) == before + 1
    assert page.selected().title == "企业用电补贴办法"
    assert "用电量大的企业" in page.detail.toPlainText()
    session.tasks.wait()


def test_team_models_pass_modeltester_and_show_hierarchy(qtbot, qtmodeltester, demo_services, tmp_path):
    session, page = _page(qtbot, demo_services, "teams", tmp_path)
    qtmodeltester.check(page.model)
    first_depth, first = page.model.row_at(0)
    assert first_depth == 0 and first.kind.value == "combined"
    assert all(depth == 1 for depth, _ in (page.model.row_at(i) for i in range(1, page.model.rowCount())))
    qtbot.waitUntil(lambda: page.members.rowCount() > 0, timeout=10000)
    qtmodeltester.check(page.members)
    session.tasks.wait()


def test_team_dialog_edits_members_and_leader(qtbot, demo_services, tmp_path):
    session, page = _page(qtbot, demo_services, "teams", tmp_path)
    team = next(t for t in demo_services.teams.list() if t.kind.value == "specialist")
    page.table.selectRow(page.model.rows().index(next(dr for dr in page.model.rows() if dr[1].id == team.id)))
    page.on_edit()
    dlg = page.dialog
    before = demo_services.teams.get(team.id)
    keep = before.members[-1]
    for m in before.members:
        dlg.members.set_checked(m.id, m.id == keep.id)
    dlg.leader.setCurrentIndex(dlg.leader.findData(keep.id))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=5000)
    after = demo_services.teams.get(team.id)
    assert after.row.member_count == 1 and after.row.leader_name == keep.name
    session.tasks.wait()


def test_sub_team_without_parent_refused_and_new_officer_appears_in_picker(qtbot, demo_services, tmp_path):
    session, page = _page(qtbot, demo_services, "teams", tmp_path)
    page.officer_button.click()
    od = page.dialog
    od.name.insert("欧阳明")
    od.department.insert("县商务局")
    qtbot.mouseClick(od.ok_button, Qt.MouseButton.LeftButton)
    assert not od.isVisible()
    page.add_button.click()
    dlg = page.dialog
    dlg.name.insert("新分团")
    dlg.kind.setCurrentIndex(dlg.kind.findData("sub_team"))
    dlg.lead_department.insert("县商务局")
    count = len(demo_services.teams.list())
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and "总团" in dlg.errors["parent_id"].text()
    assert len(demo_services.teams.list()) == count
    qtbot.keyClicks(dlg.members.filter, "oym")
    names = [dlg.members.list.item(i).text() for i in range(dlg.members.list.count())]
    assert names and names[0].startswith("欧阳明")
    dlg.reject()
    session.tasks.wait()
