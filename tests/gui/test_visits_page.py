"""走访 page: recording a visit by keyboard, drafts that survive a killed process, validation, amendments."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from yimi_desktop.domain import pinyin
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.services.visits import VisitQuery
from yimi_desktop.ui.application import GuiSession, make_application


def _session(qtbot, svc, tmp_path):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    session = GuiSession(make_application(), svc, demo=False)
    qtbot.addWidget(session.window)
    page = session.window.show_page("visits")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    return session, page


def test_visit_model_passes_modeltester(qtbot, qtmodeltester, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == len(demo_services.visits.list())
    session.tasks.wait()


def test_record_a_visit_with_two_issues_by_keyboard(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path)
    target = svc.enterprises.page(__import__("yimi_desktop.services.enterprises", fromlist=["x"]).EnterpriseQuery(), 7, 1)[0]
    win = session.window
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is not None, timeout=3000)
    ed = page.editor
    # enterprise by pinyin initials, ↓ to choose, Enter to pick
    qtbot.keyClicks(ed.enterprise_picker.edit, pinyin.initials(target.name))
    labels = [ed.enterprise_picker.list.item(i).text() for i in range(ed.enterprise_picker.list.count())]
    row = next(i for i, t in enumerate(labels) if t.startswith(target.name))
    for _ in range(row):
        qtbot.keyClick(ed.enterprise_picker.edit, Qt.Key.Key_Down)
    qtbot.keyClick(ed.enterprise_picker.edit, Qt.Key.Key_Return)
    assert ed.enterprise_id == target.id
    team = ed.team.currentData()
    member = svc.teams.get(team).members[0]
    qtbot.keyClicks(ed.officer_picker.edit, pinyin.full(member.name))
    qtbot.keyClick(ed.officer_picker.edit, Qt.Key.Key_Return)
    assert ed.officer_ids == [member.id]
    ed.notes.setFocus()
    qtbot.keyClicks(ed.notes, "Raw materials cost more; needs a loan.")
    cats = svc.categories.list()
    for title, cat in (("liudong zijin", cats[0]), ("zhaogong nan", cats[1])):
        qtbot.keyClick(ed, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # jump to the issue line
        assert ed.new_issue_category.hasFocus()
        for _ in range(ed.new_issue_category.findData(cat.id)):
            qtbot.keyClick(ed.new_issue_category, Qt.Key.Key_Down)
        qtbot.keyClick(ed.new_issue_category, Qt.Key.Key_Tab)
        qtbot.keyClicks(ed.new_issue_title, title)
        qtbot.keyClick(ed.new_issue_title, Qt.Key.Key_Tab)
        qtbot.keyClicks(ed.new_issue_desc, "details")
        qtbot.keyClick(ed.new_issue_desc, Qt.Key.Key_Return)
    assert ed.issues.rowCount() == 2
    assert [ed.issues.cellWidget(r, 0).currentData() for r in range(2)] == [cats[0].id, cats[1].id]
    before = svc.stats.compute()
    with qtbot.waitSignal(page.results_loaded, timeout=15000):
        qtbot.keyClick(ed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.editor is None
    after = svc.stats.compute()
    assert after.visits == before.visits + 1 and after.issues == before.issues + 2
    for title in ("liudong zijin", "zhaogong nan"):
        ids = svc.issues.ids(IssueQuery(text=title, statuses=frozenset({"new"})))
        assert len(ids) == 1 and svc.issues.get(ids[0]).enterprise == target.name
    new_visit = svc.visits.list(VisitQuery(enterprise_id=target.id))[0]
    assert page.model.row_at(page.table.currentIndex().row()).id == new_visit.id
    assert svc.visits.drafts() == []
    # and the ledger shows both, as new issues of that enterprise
    ledger = win.show_page("issues")
    with qtbot.waitSignal(ledger.results_loaded, timeout=15000):
        ledger.open_with(IssueQuery(enterprise_id=target.id, statuses=frozenset({"new"})))
    titles = {ledger.model.row(r).title for r in range(ledger.model.rowCount())}
    assert {"liudong zijin", "zhaogong nan"} <= titles
    session.tasks.wait()


def test_typing_saves_a_draft_within_three_seconds(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    ed = page.open_editor(__import__("yimi_desktop.domain.visits", fromlist=["VisitForm"]).VisitForm())
    ed.notes.setFocus()
    qtbot.keyClicks(ed.notes, "draft text")
    qtbot.waitUntil(lambda: len(demo_services.visits.drafts()) == 1, timeout=3000)
    assert demo_services.visits.load_draft(demo_services.visits.drafts()[0].id).notes == "draft text"
    session.tasks.wait()


CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, sys.argv[2])
    from yimi_desktop.ui.application import GuiSession, make_application
    from yimi_desktop.services.context import open_services
    from yimi_desktop.domain.visits import VisitForm
    app = make_application()
    svc = open_services(Path(sys.argv[1]))
    session = GuiSession(app, svc, demo=False)
    page = session.window.show_page("visits")
    ed = page.open_editor(VisitForm())
    ed.notes.setFocus()
    QTest.keyClicks(ed.notes, "the enterprise asked for a loan")
    t = time.time()
    while not svc.visits.drafts() and time.time() - t < 10:
        app.processEvents()
        time.sleep(0.02)
    print("saved", flush=True)
    QTest.keyClicks(ed.notes, " and more words")  # typed after the last autosave, lost with the process
    time.sleep(60)
""")


def test_draft_recovered_after_the_app_is_killed(qtbot, demo_db_template, tmp_path):
    db = tmp_path / "crash.db"
    shutil.copy(demo_db_template, db)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(tmp_path / "qs")], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.stdout.readline().strip() == "saved"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    from yimi_desktop.services.context import open_services
    svc = open_services(db)
    try:
        session, page = _session(qtbot, svc, tmp_path)
        qtbot.waitUntil(lambda: page.drafts.count() == 1, timeout=5000)
        assert not page.drafts_box.isHidden() and "1" in page.draft_banner.text()
        page.on_continue_draft()
        assert page.editor.notes.toPlainText().startswith("the enterprise asked for a loan")
        session.tasks.wait()
    finally:
        svc.close()


def test_finishing_an_incomplete_visit_shows_the_problems_and_writes_nothing(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    ed = page.open_editor(__import__("yimi_desktop.domain.visits", fromlist=["VisitForm"]).VisitForm())
    before = demo_services.stats.compute().visits
    ed.on_finish()
    qtbot.waitUntil(lambda: not ed.errors.isHidden(), timeout=5000)
    assert "请选择走访的企业" in ed.errors.text() and "走访人员" in ed.errors.text()
    assert demo_services.stats.compute().visits == before
    assert page.editor is ed
    session.tasks.wait()


def test_amendment_through_the_dialog_is_kept_with_its_reason(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    page.table.selectRow(0)
    visit = page.model.row_at(0)
    page.on_amend()
    dlg = page.dialog
    dlg.field.setCurrentIndex(dlg.field.findData("place"))
    dlg.value.setPlainText("Workshop 2")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.errors["reason"].isVisible()  # a reason is required
    dlg.reason.setPlainText("wrong workshop")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    d = demo_services.visits.get(visit.id)
    assert d.place == "Workshop 2" and d.amendments[-1].reason == "wrong workshop"
    qtbot.waitUntil(lambda: "wrong workshop" in page.detail.toPlainText(), timeout=5000)
    session.tasks.wait()


def test_new_visit_for_an_enterprise_from_open_with(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    ent = demo_services.enterprises.page(__import__("yimi_desktop.services.enterprises", fromlist=["x"]).EnterpriseQuery(), 3, 1)[0]
    page.open_with({"new_for_enterprise": ent.id})
    assert page.editor is not None and page.editor.enterprise_id == ent.id
    assert ent.name in page.editor.enterprise_label.text()
    session.tasks.wait()
