"""走访 page: the visit model, recording a visit by keyboard, drafts that survive a killed process,
validation next to the fields, amendments, and requests from other pages."""

from __future__ import annotations


import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import date, time

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from yimi_desktop.domain import pinyin
from yimi_desktop.domain.visits import AttendeeForm, BriefedPolicy, RaisedIssue, VisitForm
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.services.visits import VisitQuery
from yimi_desktop.ui.application import GuiSession, make_application
from yimi_desktop.ui.models.visit_model import VisitTableModel
from yimi_desktop.ui.pages.visits import VisitsPage
from yimi_desktop.ui.visit_editor import VisitEditor


def _session(qtbot, svc, tmp_path, active: bool = False) -> tuple[GuiSession, VisitsPage]:
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    session = GuiSession(make_application(), svc, demo=False)
    win = session.window
    qtbot.addWidget(win)
    page = win.show_page("visits")
    assert isinstance(page, VisitsPage)
    if active:  # shortcuts need an active window
        win.show()
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and page.editor_choices is not None, timeout=10000)
    return session, page


def _focus() -> object:
    return QApplication.focusWidget()


def _type(qtbot, text: str) -> None:
    """Type into whatever has the focus (a cell editor opened by the first key, for instance)."""
    for ch in text:
        qtbot.keyClick(_focus(), ch)


def _ime(widget, text: str) -> None:
    """Chinese arrives from an input method as a committed string (QTest can only type Latin-1 keys)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _valid_form(svc) -> VisitForm:
    ent = svc.enterprises.page(EnterpriseQuery(), 5, 1)[0]
    team = next(t for t in svc.teams.list() if t.member_count)
    member = svc.teams.get(team.id).members[0]
    return VisitForm(enterprise_id=ent.id, visit_date=date.today(), start_time=time(9, 0), end_time=time(10, 0),
                     team_id=team.id, officer_ids=[member.id], notes="企业反映用电不稳定")


# ---- the model ---------------------------------------------------------------------------------------

def test_visit_model_passes_modeltester_and_loads_rows_by_chunks(qtbot, qtmodeltester, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    qtmodeltester.check(page.model)
    everything = demo_services.visits.list()
    assert page.model.rowCount() == len(everything) == 1200
    assert page.model.row(0) == everything[0]

    small = VisitTableModel(demo_services.visits, chunk_size=7, max_chunks=2)
    small.set_ids([v.id for v in everything[:50]])
    qtmodeltester.check(small)
    assert small.row(30) == everything[30]
    assert small.index(30, 1).data() == everything[30].enterprise
    assert small.index(30, 0).data() == everything[30].visit_date.isoformat()
    assert small.loaded_row_count() <= 14  # a bounded cache, not the whole list
    session.tasks.wait()


# ---- recording a visit ----------------------------------------------------------------------------------

def test_record_a_visit_with_two_issues_by_keyboard(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path, active=True)
    logistics = svc.enterprises.page(EnterpriseQuery(text="物流"), 0, 100)
    target = logistics[len(logistics) // 2]
    brand = target.name.removeprefix("尉氏县")[:2]
    query = pinyin.initials(brand) + "wl"  # like "hdwl" for 宏达东物流: initials with a character skipped

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is not None, timeout=3000)  # a button's shortcut clicks it animated
    assert isinstance(page.editor, VisitEditor)
    ed = page.editor
    assert ed.enterprise_picker.edit.hasFocus()
    qtbot.keyClicks(ed.enterprise_picker.edit, query)
    qtbot.waitUntil(lambda: any(t.startswith(target.name) for t in ed.enterprise_picker.labels()), timeout=5000)
    row = next(i for i, t in enumerate(ed.enterprise_picker.labels()) if t.startswith(target.name))
    for _ in range(row):
        qtbot.keyClick(ed.enterprise_picker.edit, Qt.Key.Key_Down)
    qtbot.keyClick(ed.enterprise_picker.edit, Qt.Key.Key_Return)
    assert ed.enterprise_id == target.id
    address = svc.enterprises.get(target.id).form.address
    qtbot.waitUntil(lambda: ed.place.text() == address, timeout=5000)  # prefilled once the enterprise is read
    assert ed.visit_date.hasFocus()

    # date, start, end, team, type, then the officers (Tab walks the date's sections first)
    for _ in range(12):
        if ed.officers.edit.hasFocus():
            break
        qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    assert ed.officers.edit.hasFocus()
    members = {m.name: m.id for m in svc.teams.get(ed.team.currentData()).members}
    with qtbot.waitSignal(ed.officers.picker.results_shown, timeout=5000):
        qtbot.keyClick(ed.officers.edit, Qt.Key.Key_Down)  # ↓ in the empty field lists the team's members first
    offered = [label.split(" · ")[0] for label in ed.officers.picker.labels()]
    assert set(offered[:len(members)]) == set(members) and len(offered) > len(members)
    qtbot.keyClick(ed.officers.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(ed.officers.edit, pinyin.full(offered[2]))
    qtbot.keyClick(ed.officers.edit, Qt.Key.Key_Return)  # picks when the search's results arrive
    picked = [members[offered[0]], members[offered[2]]]
    qtbot.waitUntil(lambda: ed.officers.ids() == picked, timeout=5000)

    # the enterprise's people: Insert adds a row, typing fills it, Tab goes cell to cell and out
    qtbot.keyClick(ed.officers.edit, Qt.Key.Key_Tab)
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    assert ed.place.hasFocus()
    qtbot.keyClick(ed.place, Qt.Key.Key_Tab)
    assert ed.attendees.hasFocus()
    qtbot.keyClick(ed.attendees, Qt.Key.Key_Insert)
    _type(qtbot, "Wang")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    _type(qtbot, "CFO")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    _type(qtbot, "13800000000")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    assert ed.add_attendee.hasFocus()
    qtbot.keyClick(ed.add_attendee, Qt.Key.Key_Tab)
    assert ed.notes.hasFocus()
    qtbot.keyClicks(ed.notes, "Raw materials cost more; they need a working-capital loan.")

    cats = svc.categories.list()
    chosen = [(cats[0], "liudong zijin duanque"), (cats[1], "zhaogong nan")]
    for cat, title in chosen:
        qtbot.keyClick(_focus(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # jump to the issue line
        assert ed.new_issue_category.hasFocus()
        for _ in range(ed.new_issue_category.findData(cat.id)):
            qtbot.keyClick(ed.new_issue_category, Qt.Key.Key_Down)
        team_name = svc.teams.get(cat.default_team_id).row.name
        assert team_name in ed.new_issue_team.text()  # the suggested specialist team, next to the category
        qtbot.keyClick(ed.new_issue_category, Qt.Key.Key_Tab)
        qtbot.keyClicks(ed.new_issue_title, title)
        qtbot.keyClick(ed.new_issue_title, Qt.Key.Key_Tab)
        qtbot.keyClicks(ed.new_issue_desc, "details of " + title)
        qtbot.keyClick(ed.new_issue_desc, Qt.Key.Key_Return)
    assert ed.issues.rowCount() == 2
    assert [ed.issues.value(r, 0) for r in range(2)] == [cats[0].id, cats[1].id]
    assert ed.issues.text(1, 3) == svc.teams.get(cats[1].default_team_id).row.name

    before = svc.stats.compute()
    with qtbot.waitSignal(page.results_loaded, timeout=15000):
        qtbot.keyClick(_focus(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.editor is None
    after = svc.stats.compute()
    assert (after.visits, after.issues) == (before.visits + 1, before.issues + 2)
    new_visit = svc.visits.list(VisitQuery(enterprise_id=target.id))[0]
    for cat, title in chosen:
        ids = svc.issues.ids(IssueQuery(text=title, statuses=frozenset({"new"})))
        assert len(ids) == 1
        issue = svc.issues.get(ids[0])
        assert (issue.enterprise, issue.category) == (target.name, cat.name)
        assert svc.issues.links(ids[0]).visit_id == new_visit.id
    assert page.current_id() == new_visit.id  # the new visit is selected
    d = svc.visits.get(new_visit.id)
    assert d.attendees == [("Wang", "CFO", "13800000000")] and {o for o, _ in d.officers} == set(picked)
    assert svc.visits.drafts() == []
    qtbot.waitUntil(lambda: page.detail_id == new_visit.id, timeout=5000)
    assert "liudong zijin duanque" in page.detail.toPlainText() and "待交办" in page.detail.toPlainText()
    session.tasks.wait()


def test_enterprise_picker_finds_by_pinyin_initials_with_gaps(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    ed = page.new_visit()
    picker = ed.enterprise_picker
    logistics = [r.name for r in demo_services.enterprises.page(EnterpriseQuery(text="物流"), 0, 100)]
    hongda = [n for n in logistics if re.fullmatch(r"尉氏县宏达.物流有限公司", n)]
    assert hongda  # the demo county has 宏达…物流 companies
    for text in ("hdwl", "宏达", "hongda"):
        picker.edit.clear()
        with qtbot.waitSignal(picker.results_shown, timeout=5000):
            _ime(picker.edit, text) if not text.isascii() else qtbot.keyClicks(picker.edit, text)
        assert picker.is_open()
        names = [label.split(" · ")[0] for label in picker.labels()]
        assert set(hongda) <= set(names), text
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "hdwl")
    qtbot.waitUntil(lambda: [lbl.split(" · ")[0] for lbl in picker.labels()] == hongda, timeout=5000)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Escape)  # Esc closes the list, not the editor
    assert not picker.is_open() and page.editor is ed
    session.tasks.wait()


def test_tab_order_runs_top_to_bottom(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path, active=True)
    ed = page.new_visit()
    expected = [ed.visit_date, ed.start_time, ed.end_time, ed.team, ed.visit_type, ed.officers.edit,
                ed.officers.chosen, ed.place, ed.attendees, ed.add_attendee, ed.notes, ed.policy_picker.edit,
                ed.policies, ed.follow_up, ed.new_issue_category, ed.new_issue_title, ed.new_issue_desc, ed.add_issue,
                ed.issues, ed.attachments, ed.add_files, ed.save_button, ed.close_button, ed.finish_button]
    seen = [_focus()]
    assert seen[0] is ed.enterprise_picker.edit
    for _ in range(60):
        qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
        if _focus() is not seen[-1]:
            seen.append(_focus())
        if _focus() is ed.finish_button:
            break
    assert [w for w in seen if w in expected] == expected
    session.tasks.wait()


# ---- nothing lost -------------------------------------------------------------------------------------------

def test_typing_saves_a_draft_within_three_seconds_and_esc_keeps_it(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path, active=True)
    ed = page.new_visit()
    ed.notes.setFocus()
    qtbot.keyClicks(ed.notes, "draft text")
    assert svc.visits.drafts() == []  # not on every keystroke: 1.5 s after typing stops
    qtbot.waitUntil(lambda: len(svc.visits.drafts()) == 1, timeout=3000)
    assert svc.visits.load_draft(svc.visits.drafts()[0].id).notes == "draft text"
    qtbot.waitUntil(lambda: ed.saved_label.text().startswith("草稿已保存"), timeout=3000)  # told once the write returns
    qtbot.keyClicks(ed.notes, " and more")
    qtbot.keyClick(ed.notes, Qt.Key.Key_Escape)  # leaving saves at once, without waiting for the timer
    assert page.editor is None
    session.tasks.wait()  # the save was queued on the write worker
    assert svc.visits.load_draft(svc.visits.drafts()[0].id).notes == "draft text and more"
    qtbot.waitUntil(lambda: page.drafts.isVisible() and page.drafts.list.count() == 1, timeout=5000)
    page.drafts.list.setFocus()
    qtbot.keyClick(page.drafts.list, Qt.Key.Key_Return)  # Enter on a draft continues it (once it is read)
    qtbot.waitUntil(lambda: page.editor is not None, timeout=5000)
    assert page.editor.notes.toPlainText() == "draft text and more"
    session.tasks.wait()


def test_draft_restores_every_field(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path)
    cats = svc.categories.list()
    policies = svc.policies.list()
    form = _valid_form(svc)
    form.visit_type = "follow_up"
    form.place = "二号车间"
    form.attendees = [AttendeeForm("王强", "厂长", "13912345678"), AttendeeForm("李丽", "会计", "")]
    form.policies = [BriefedPolicy(policies[0].id, "yes", "已申报"), BriefedPolicy(policies[1].id, "no", "")]
    form.follow_up_date = date.today().replace(day=1).replace(year=date.today().year + 1)
    form.issues = [RaisedIssue(cats[2].id, "引进技术人才", "缺电气工程师"), RaisedIssue(cats[5].id, "线路老化跳闸", "")]
    form.attachment_paths = [str(tmp_path / "photo.jpg")]
    did = svc.visits.save_draft(form)
    page.refresh()
    qtbot.waitUntil(lambda: page.drafts.list.count() == 1, timeout=5000)
    page.on_continue_draft()
    qtbot.waitUntil(lambda: page.editor is not None, timeout=5000)
    assert page.editor.form() == form and page.editor.draft_id == did
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
    app = make_application()
    svc = open_services(Path(sys.argv[1]))
    session = GuiSession(app, svc, demo=False)
    page = session.window.show_page("visits")
    page.new_visit()  # opens once what the editor offers has been read
    started = time.time()
    while page.editor is None and time.time() - started < 10:
        app.processEvents()
        time.sleep(0.02)
    editor = page.editor
    editor.notes.setFocus()
    QTest.keyClicks(editor.notes, "the enterprise asked for a loan")
    started = time.time()
    while not svc.visits.drafts() and time.time() - started < 10:
        app.processEvents()
        time.sleep(0.02)
    print("saved" if svc.visits.drafts() else "not saved", flush=True)
    QTest.keyClicks(editor.notes, " and more words")  # typed after the autosave: dies with the process
    time.sleep(60)
""")


def test_draft_recovered_after_the_app_is_killed(qtbot, demo_db_template, tmp_path):
    from yimi_desktop.services.context import open_services

    db = tmp_path / "crash.db"
    shutil.copy(demo_db_template, db)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(tmp_path / "child-settings")],
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert proc.stdout.readline().strip() == "saved"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    svc = open_services(db)
    try:
        session, page = _session(qtbot, svc, tmp_path)
        qtbot.waitUntil(lambda: page.drafts.list.count() == 1, timeout=5000)
        assert not page.drafts.isHidden()
        assert page.drafts.text.text().startswith("有 1 份未完成的走访草稿")
        page.drafts.continue_button.click()
        qtbot.waitUntil(lambda: page.editor is not None, timeout=5000)
        assert page.editor.notes.toPlainText() == "the enterprise asked for a loan"
        session.tasks.wait()
    finally:
        svc.close()


# ---- finishing --------------------------------------------------------------------------------------------------

def test_incomplete_visit_shows_each_problem_next_to_its_field_and_writes_nothing(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path, active=True)
    ed = page.new_visit()
    ed.notes.setFocus()
    qtbot.keyClicks(ed.notes, "half a visit")
    ed.new_issue_title.setFocus()
    qtbot.keyClicks(ed.new_issue_title, "no category")
    qtbot.keyClick(ed.new_issue_title, Qt.Key.Key_Return)
    before = svc.stats.compute()
    qtbot.keyClick(_focus(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    errors = ed.row_errors
    assert not errors["enterprise"].isHidden() and "请选择走访的企业" in errors["enterprise"].text()
    assert not errors["officers"].isHidden() and "走访人员" in errors["officers"].text()
    assert not errors["issues"].isHidden() and "第1个诉求请选择类别" in errors["issues"].text()
    assert errors["notes"].isHidden() and errors["when"].isHidden()
    assert "3" in ed.general_error.text()
    assert ed.enterprise_picker.edit.hasFocus()  # the first wrong field
    after = svc.stats.compute()
    assert (after.visits, after.issues) == (before.visits, before.issues)
    assert page.editor is ed
    session.tasks.wait()
    assert svc.visits.load_draft(svc.visits.drafts()[0].id).notes == "half a visit"  # kept as a draft
    session.tasks.wait()


def test_finish_runs_off_the_gui_thread_with_a_busy_bar(qtbot, demo_services, tmp_path, monkeypatch):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path)
    release = threading.Event()
    real_finish = svc.visits.finish

    def slow_finish(*args, **kwargs):
        assert threading.current_thread() is not threading.main_thread()
        release.wait(10)
        return real_finish(*args, **kwargs)

    monkeypatch.setattr(svc.visits, "finish", slow_finish)
    ed = page.new_visit()
    ed.set_form(_valid_form(svc))
    finished = []
    ed.finished.connect(finished.append)
    data_changed = []
    page.data_changed.connect(lambda: data_changed.append(1))
    ed.on_finish()
    assert not ed.busy.isHidden()
    assert session.tasks.writing()  # a write: on the runner's one write worker, never beside another write
    assert not ed.scroll.isEnabled() and not ed.finish_button.isEnabled()
    ed.on_finish()  # a second Ctrl+Enter while busy does nothing
    release.set()
    qtbot.waitUntil(lambda: page.editor is None, timeout=10000)
    assert len(finished) == 1 and data_changed == [1]
    assert len(svc.visits.list(VisitQuery(enterprise_id=_valid_form(svc).enterprise_id))) >= 1
    session.tasks.wait()


def test_a_missing_attachment_is_reported_and_the_visit_kept_as_a_draft(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path)
    form = _valid_form(svc)
    form.attachment_paths = [str(tmp_path / "gone.jpg")]
    ed = page.new_visit()
    ed.set_form(form)
    before = svc.stats.compute().visits
    ed.on_finish()
    qtbot.waitUntil(lambda: not ed.general_error.isHidden(), timeout=5000)
    assert "gone.jpg" in ed.general_error.text()
    assert svc.stats.compute().visits == before and page.editor is ed and ed.scroll.isEnabled()
    assert len(svc.visits.drafts()) == 1
    session.tasks.wait()


# ---- drafts, amendments, other pages -----------------------------------------------------------------------------

def test_deleting_a_draft_asks_first(qtbot, demo_services, tmp_path, monkeypatch):
    svc = demo_services
    svc.visits.save_draft(VisitForm(notes="throw me away"))
    session, page = _session(qtbot, svc, tmp_path)
    qtbot.waitUntil(lambda: page.drafts.list.count() == 1, timeout=5000)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page.drafts.discard_button.click()
    assert len(svc.visits.drafts()) == 1
    with qtbot.waitSignal(page.results_loaded, timeout=5000):
        page.drafts.discard_button.click()
    assert svc.visits.drafts() == [] and page.drafts.isHidden()
    session.tasks.wait()


def test_amendment_through_the_dialog_is_kept_with_its_reason(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path, active=True)
    page.table.setFocus()
    page.select_row(3)
    visit = page.model.row(3)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=3000)
    dlg = page.dialog
    assert dlg is not None and dlg.isVisible()
    dlg.field.setCurrentIndex(dlg.field.findData("place"))
    assert dlg.place.text() == svc.visits.get(visit.id).place  # starts from the current value
    dlg.place.setText("Workshop 2")
    dlg.ok_button.click()
    assert dlg.isVisible() and dlg.errors["reason"].isVisible()  # a reason is required
    assert svc.visits.get(visit.id).amendments == []
    dlg.reason.setText("wrong workshop")
    with qtbot.waitSignal(dlg.save_finished, timeout=5000):
        dlg.ok_button.click()  # the amendment is a write on the write worker
    assert not dlg.isVisible()
    d = svc.visits.get(visit.id)
    assert d.place == "Workshop 2" and d.amendments[-1].reason == "wrong workshop"
    qtbot.waitUntil(lambda: "wrong workshop" in page.detail.toPlainText(), timeout=5000)
    text = page.detail.toPlainText()
    assert "地点" in text and "Workshop 2" in text and "修改记录" in text
    session.tasks.wait()


def test_amending_to_the_same_value_is_refused(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    page.select_row(0)
    page.on_amend()
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=5000)  # opens once the visit is read
    dlg = page.dialog
    dlg.field.setCurrentIndex(dlg.field.findData("visit_type"))
    dlg.reason.setText("no reason to change")
    dlg.ok_button.click()
    assert dlg.isVisible() and "相同" in dlg.errors["value"].text()
    assert demo_services.visits.get(page.current_id()).amendments == []
    dlg.reject()
    session.tasks.wait()


def test_open_with_starts_a_visit_for_an_enterprise_or_selects_a_visit(qtbot, demo_services, tmp_path):
    svc = demo_services
    me = svc.officers.list()[4]
    svc.devices.set_officer(me.id)  # this laptop's officer goes on a new visit by default
    session, page = _session(qtbot, svc, tmp_path)
    ent = svc.enterprises.page(EnterpriseQuery(), 3, 1)[0]
    page.open_with({"new_for_enterprise": ent.id})
    assert page.editor is not None and page.editor.enterprise_id == ent.id
    assert page.editor.officers.ids() == [me.id]
    address = svc.enterprises.get(ent.id).form.address
    qtbot.waitUntil(lambda: page.editor.place.text() == address, timeout=5000)  # once the enterprise is read
    assert page.editor.enterprise_picker.edit.text().startswith(ent.name)
    old = svc.visits.list()[-1]
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        page.open_with(old.id)
    assert page.editor is None and page.current_id() == old.id and page.detail_id == old.id
    session.tasks.wait()


def test_links_in_the_detail_open_the_enterprise_and_the_issue(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path)
    with_issue = next(v for v in demo_services.visits.list() if v.issue_count)
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        page.open_with(with_issue.id)
    html = page.detail.toHtml()
    issue_id = demo_services.visits.get(with_issue.id).issue_ids[0]
    assert f"enterprise:{with_issue.enterprise_id}" in html and f"issue:{issue_id}" in html
    requests = []
    page.open_requested.connect(lambda key, payload: requests.append((key, payload)))
    page.on_link(QUrl(f"enterprise:{with_issue.enterprise_id}"))
    page.on_link(QUrl(f"issue:{issue_id}"))
    assert requests == [("enterprises", with_issue.enterprise_id), ("issues", issue_id)]
    session.tasks.wait()


# ---- trap B6: an issue added on the quick line scrolls into view --------------------------------------

def test_an_issue_added_on_the_quick_line_scrolls_into_view(qtbot, demo_services, tmp_path):
    session, page = _session(qtbot, demo_services, tmp_path, active=True)
    session.window.resize(1366, 700)
    ed = page.new_visit()
    qtbot.waitUntil(lambda: ed.isVisible(), timeout=3000)
    ed.scroll.verticalScrollBar().setValue(0)  # the officer is at the top of the form
    for n in range(6):
        ed.new_issue_title.setText(f"诉求{n}")
        qtbot.keyClick(ed.new_issue_title, Qt.Key.Key_Return)
        assert ed.issues.rowCount() == n + 1
        qtbot.waitUntil(lambda n=n: _issue_row_in_sight(ed, n), timeout=3000)


def _issue_row_in_sight(ed, n: int) -> bool:
    """Row n of the issues is inside the table's viewport and inside the form's visible part."""
    rect = ed.issues.visualItemRect(ed.issues.item(n, 1))
    if not ed.issues.viewport().rect().contains(rect):
        return False
    top = ed.issues.viewport().mapTo(ed.scroll.viewport(), rect.topLeft())
    bottom = ed.issues.viewport().mapTo(ed.scroll.viewport(), rect.bottomLeft())
    return ed.scroll.viewport().rect().contains(top) and ed.scroll.viewport().rect().contains(bottom)


# ---- trap B8: the visit list's filters and the dashboard's 本月走访 ---------------------------------------

def test_visit_list_filters_by_date_team_officer_and_township(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path)
    bar = page.filters
    qtbot.waitUntil(lambda: bar.officer.count() > 1 and bar.township.count() > 1, timeout=10000)
    everything = svc.visits.list()
    sample = everything[len(everything) // 4]
    officer_id = svc.visits.get(sample.id).officers[0][0]

    def shown() -> set[str]:
        return {page.model.visit_id(r) for r in range(page.model.rowCount())}

    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        bar.township.setCurrentIndex(bar.township.findData(sample.township))
    assert shown() == {r.id for r in everything if r.township == sample.township}
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        bar.officer.setCurrentIndex(bar.officer.findData(officer_id))
    expected = set(svc.visits.ids(VisitQuery(officer_id=officer_id, township=sample.township)))
    assert sample.id in expected and shown() == expected
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        bar.period.set_value(sample.visit_date, sample.visit_date)
        bar.period.changed.emit()
    assert sample.id in shown() and all(page.model.row(r).visit_date == sample.visit_date
                                        for r in range(page.model.rowCount()))
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        bar.clear_button.click()
    assert page.model.rowCount() == len(everything)
    team = bar.team.findText(sample.team)
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        bar.team.setCurrentIndex(team)
    assert shown() == {r.id for r in everything if r.team == sample.team} != set()
    session.tasks.wait()


def test_this_months_visits_tile_opens_this_months_visits(qtbot, demo_services, tmp_path):
    from datetime import timedelta

    session, page = _session(qtbot, demo_services, tmp_path)
    win = session.window
    dash = win.show_page("dashboard")
    qtbot.waitUntil(lambda: dash.tiles["visits_this_month"].value.text() != "…", timeout=10000)
    n = int(dash.tiles["visits_this_month"].value.text().replace(",", ""))
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        qtbot.mouseClick(dash.tiles["visits_this_month"], Qt.MouseButton.LeftButton)
    assert win.stack.currentWidget() is page
    first = date.today().replace(day=1)
    assert page.model.rowCount() == n > 0
    assert all(page.model.row(r).visit_date >= first for r in range(page.model.rowCount()))
    assert page.filters.period.value() == (first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))
    session.tasks.wait()


# ---- trap B7: a finished visit corrected in every field, or voided ----------------------------------------

def test_a_finished_visit_is_corrected_in_the_editor_then_voided(qtbot, demo_services, tmp_path):
    svc = demo_services
    session, page = _session(qtbot, svc, tmp_path)
    with qtbot.waitSignal(page.detail_loaded, timeout=5000):
        page.select_row(2)
    vid = page.current_id()
    before = svc.visits.get(vid)
    other = next(r for r in svc.enterprises.page(EnterpriseQuery(), 0, 20) if r.id != before.row.enterprise_id)
    page.correct_button.click()
    qtbot.waitUntil(lambda: page.editor is not None, timeout=5000)  # opens once the visit's form is read
    ed = page.editor
    assert ed.amend_of == vid and ed.save_button.isHidden() and ed.title.text() == "更正走访记录"
    qtbot.waitUntil(lambda: ed.enterprise_picker.edit.text().startswith(before.row.enterprise), timeout=5000)
    with qtbot.waitSignal(ed.enterprise_loaded, timeout=5000):
        ed.set_enterprise(other.id)
    ed.add_attendee_row(AttendeeForm("王强", "厂长", ""))
    ed.add_issue_row(RaisedIssue(svc.categories.list()[0].id, "补记的诉求", "当时忘了记"))
    ed.on_finish()  # no reason yet: refused beside the reason, nothing written
    assert not ed.row_errors["reason"].isHidden() and svc.visits.get(vid) == before
    ed.reason.setText("企业选错了,漏记了厂长和一个诉求")
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        ed.on_finish()
    assert page.editor is None and not svc.visits.drafts()  # a correction writes no draft
    after = svc.visits.get(vid)
    assert after.row.enterprise_id == other.id and ("王强", "厂长", "") in after.attendees
    assert {a.field for a in after.amendments} == {"enterprise_id", "attendees", "issues"}
    assert after.place == before.place  # kept: a correction does not prefill the new enterprise's address
    qtbot.waitUntil(lambda: page.detail_id == vid and "企业选错了" in page.detail.toPlainText(), timeout=5000)
    assert "补记诉求" in page.detail.toPlainText() and "补记的诉求" in page.detail.toPlainText()

    page.void_button.click()
    dlg = page.dialog
    with qtbot.waitSignal(dlg.save_finished, timeout=5000):
        dlg.ok_button.click()
    assert dlg.isVisible() and dlg.errors["reason"].isVisible()  # a reason is required
    dlg.reason.setText("重复录入")
    with qtbot.waitSignal(page.results_loaded, timeout=10000):
        with qtbot.waitSignal(dlg.save_finished, timeout=5000):
            dlg.ok_button.click()
    assert vid not in page.model.ids() and vid not in svc.visits.ids()
    assert svc.visits.get(vid).amendments[-1].reason == "重复录入"  # kept in the history
    session.tasks.wait()
