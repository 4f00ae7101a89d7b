"""Traps a new user fell into (issue 13, part B), each with the keys or clicks that caught them."""

from __future__ import annotations


from datetime import date

from PySide6.QtCore import QDate, QSettings, Qt, QTime
from PySide6.QtWidgets import QApplication

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.ui.application import GuiSession, make_application
from sync_helpers import enrol, make_hub


def _window(qtbot, svc, tmp_path):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    session = GuiSession(make_application(), svc, demo=False)
    win = session.window
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    return session, win


# ---- B2: Tab leaves a date field; typing a time never changes the date ----------------------------------

def test_tab_leaves_the_visit_date_and_typing_the_time_keeps_the_date(qtbot, demo_services, tmp_path):
    session, win = _window(qtbot, demo_services, tmp_path)
    page = win.show_page("visits")
    qtbot.waitUntil(lambda: page.editor_choices is not None, timeout=10000)  # what the editor offers, read
    ed = page.new_visit()
    day = QDate.currentDate().addDays(-3)
    ed.visit_date.setDate(day)
    ed.visit_date.setFocus()
    qtbot.waitUntil(ed.visit_date.hasFocus, timeout=3000)
    qtbot.keyClick(ed.visit_date, Qt.Key.Key_Tab)
    assert ed.start_time.hasFocus()  # one Tab, the next field (not the month section)
    qtbot.keyClicks(QApplication.focusWidget(), "0930")
    assert ed.visit_date.date() == day
    assert ed.start_time.time() == QTime(9, 30)
    qtbot.keyClick(ed.start_time, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert not ed.visit_date.hasFocus()  # Shift+Tab leaves too
    session.tasks.wait()


def test_date_field_moves_between_sections_with_arrows_and_the_separator(qtbot):
    from yimi_desktop.ui.widgets.date_fields import DateField

    field = DateField(QDate(2026, 3, 5))
    qtbot.addWidget(field)
    field.setMaximumDate(QDate(2030, 1, 1))
    field.show()
    field.setFocus()
    field.setCurrentSection(field.Section.YearSection)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    assert field.currentSection() == field.Section.MonthSection
    qtbot.keyClick(field, Qt.Key.Key_Minus)
    assert field.currentSection() == field.Section.DaySection
    qtbot.keyClicks(field, "09")
    assert field.date() == QDate(2026, 3, 9)
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # the last section: still leaves, nothing wraps round
    assert field.date() == QDate(2026, 3, 9)


# ---- B3: a settled conflict goes through the form's rules ------------------------------------------------

def test_conflict_new_value_is_validated_like_the_form(open_sync_page, qtbot, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    a, b = enrol(hub, tmp_path, "L1"), enrol(hub, tmp_path, "L2")

    def exchange():
        for _ in range(2):
            for lap in (a, b):
                hub.sync.import_file(lap.sync.export(stick))
            for lap in (a, b):
                lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))

    try:
        eid = a.enterprises.add(EnterpriseForm(name="尉氏县电话冲突有限公司", township="城关镇",
                                               credit_code=creditcode.make_code("9", "1", "410223", "MA000779")))
        exchange()
        form = a.enterprises.get(eid).form
        a.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_phone": "13812345678"}))
        b.enterprises.update(eid, EnterpriseForm(**{**form.__dict__, "contact_phone": "13912345678"}))
        exchange()
        session, page = open_sync_page(hub)
        qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 1, timeout=5000)
        page.tables["conflicts"].selectRow(0)
        page.on_settle()
        dlg = page.dialog
        dlg.new_value.setText("abc")
        dlg.new_radio.setChecked(True)
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dlg.errors["choice"].isHidden(), timeout=5000)
        assert "电话号码格式不对" in dlg.errors["choice"].text()
        assert dlg.isVisible()
        assert hub.enterprises.get(eid).form.contact_phone in {"13812345678", "13912345678"}
        assert len(hub.sync.conflicts()) == 1
        dlg.reject()
        session.tasks.wait()
    finally:
        for s in (hub, a, b):
            s.close()


# ---- B9: 我是 is chosen by typing pinyin, not by scrolling 112 names ------------------------------------

def test_who_am_i_is_picked_by_pinyin_initials(qtbot, demo_services, tmp_path):
    from yimi_desktop.domain import pinyin

    session, win = _window(qtbot, demo_services, tmp_path)
    dash = win.show_page("dashboard")
    officers = demo_services.officers.list()
    assert len(officers) > 50
    target = officers[len(officers) // 2]
    dash.me.setFocus()
    qtbot.waitUntil(dash.me.edit.hasFocus, timeout=3000)
    qtbot.keyClicks(dash.me.edit, pinyin.initials(target.name))
    label = f"{target.name} · {target.department}"
    qtbot.waitUntil(lambda: label in dash.me.labels(), timeout=5000)
    for _ in range(dash.me.labels().index(label)):
        qtbot.keyClick(dash.me.edit, Qt.Key.Key_Down)
    qtbot.keyClick(dash.me.edit, Qt.Key.Key_Return)
    assert dash.my_officer_id() == target.id
    session.tasks.wait()  # the choice is saved by a write operation
    assert demo_services.devices.info().officer_id == target.id
    assert dash.me.edit.text() == label
    session.tasks.wait()


# ---- B10: reversed dates in the ledger filter are refused, not shown as an empty ledger ------------------

def test_reversed_dates_in_the_ledger_filter_are_refused(qtbot, demo_services, tmp_path):
    from datetime import timedelta

    session, win = _window(qtbot, demo_services, tmp_path)
    page = win.show_page("issues")
    # the whole result (LIMIT first: the first screen, then every id), so the count below cannot still grow
    qtbot.waitUntil(lambda: page.last_query is not None and page.model.rowCount() > 0 and page.model.is_complete(),
                    timeout=10000)
    rows = page.model.rowCount()
    today = date.today()
    page.raised.check.setChecked(True)
    page.raised.start.setDate(QDate(today.year, today.month, today.day))
    page.raised.end.setDate(QDate.fromString((today - timedelta(days=40)).isoformat(), "yyyy-MM-dd"))
    qtbot.waitUntil(lambda: "不能早于" in page.counters_text(), timeout=10000)
    assert "提出日期" in page.counters_text()
    assert page.counters.property("error") is True
    assert page.model.rowCount() == rows  # the last good list stays, not a silent empty one
    session.tasks.wait()


# ---- B12: the small ones --------------------------------------------------------------------------------

def test_file_dialogs_are_qt_dialogs_in_chinese(qtbot, demo_services, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QLabel

    session, win = _window(qtbot, demo_services, tmp_path)
    assert QApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    dlg = QFileDialog(win, "保存PDF", str(tmp_path))
    qtbot.addWidget(dlg)
    look_in = dlg.findChild(QLabel, "lookInLabel")
    assert look_in is not None and look_in.text().startswith("查找范围")
    assert dlg.findChild(QLabel, "fileTypeLabel").text().startswith("文件类型")
    assert dlg.findChild(QLabel, "fileNameLabel").text().startswith("文件名称")  # qtbase's own still there
    assert session.window.windowTitle() != ""
    session.tasks.wait()


def test_ctrl_enter_saves_a_new_enterprise(qtbot, demo_services, tmp_path):
    from yimi_desktop.ui.dialogs.enterprise_dialog import EnterpriseDialog

    session, win = _window(qtbot, demo_services, tmp_path)
    dlg = EnterpriseDialog(session.window.page("enterprises").ctx, demo_services.enterprises, parent=win)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg, timeout=3000)
    dlg.name.setFocus()
    qtbot.keyClicks(dlg.name, "Ctrl-Enter save test Co")
    code = creditcode.make_code("9", "1", "410223", "MA000555")
    dlg.widget("credit_code").setText(code)
    dlg.widget("township").setCurrentText("城关镇")
    qtbot.keyClick(dlg.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dlg.saved_id is not None, timeout=5000)
    assert demo_services.enterprises.get(dlg.saved_id).form.name == "Ctrl-Enter save test Co"
    session.tasks.wait()


def test_a_missing_attachment_is_named_in_a_clear_chinese_sentence(qtbot, demo_services, tmp_path):
    from datetime import time

    from yimi_desktop.domain.visits import VisitForm

    session, win = _window(qtbot, demo_services, tmp_path)
    page = win.show_page("visits")
    ent = demo_services.enterprises.page(EnterpriseQuery(), 5, 1)[0]
    team = next(t for t in demo_services.teams.list() if t.member_count)
    member = demo_services.teams.get(team.id).members[0]
    form = VisitForm(enterprise_id=ent.id, visit_date=date.today(), start_time=time(9, 0), end_time=time(10, 0),
                     team_id=team.id, officer_ids=[member.id], notes="企业反映用电不稳定",
                     attachment_paths=[str(tmp_path / "现场照片.jpg")])
    qtbot.waitUntil(lambda: page.editor_choices is not None, timeout=10000)  # what the editor offers, read
    ed = page.new_visit()
    ed.set_form(form)
    ed.on_finish()
    qtbot.waitUntil(lambda: not ed.general_error.isHidden(), timeout=5000)
    text = ed.general_error.text()
    assert "现场照片.jpg" in text and "找不到" in text
    assert "No such file" not in text and "Errno" not in text
    session.tasks.wait()


def test_two_drafts_for_one_enterprise_are_told_apart(qtbot, demo_services, tmp_path):
    from datetime import timedelta

    from yimi_desktop.domain.visits import VisitForm

    ent = demo_services.enterprises.page(EnterpriseQuery(), 5, 1)[0]
    demo_services.visits.save_draft(VisitForm(enterprise_id=ent.id, visit_date=date.today() - timedelta(days=2),
                                              notes="用电不稳定,线路老化"))
    demo_services.visits.save_draft(VisitForm(enterprise_id=ent.id, visit_date=date.today(), notes="招工难,缺技术工人"))
    session, win = _window(qtbot, demo_services, tmp_path)
    page = win.show_page("visits")
    qtbot.waitUntil(lambda: page.drafts.list.count() == 2, timeout=10000)
    texts = [page.drafts.list.item(i).text() for i in range(2)]
    assert texts[0] != texts[1], texts
    assert any(date.today().isoformat() in t and "招工难" in t for t in texts), texts
    assert any((date.today() - timedelta(days=2)).isoformat() in t and "用电不稳定" in t for t in texts)
    session.tasks.wait()


def test_help_lists_the_shortcuts_actually_bound(qtbot, demo_services, tmp_path):
    from yimi_desktop.ui.dialogs.help_dialog import HelpDialog

    session, win = _window(qtbot, demo_services, tmp_path)
    win.resize(1366, 768)
    qtbot.keyClick(win, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: win.findChild(HelpDialog) is not None and win.findChild(HelpDialog).isVisible(),
                    timeout=3000)
    dlg = win.findChild(HelpDialog)
    assert dlg.tabs.currentIndex() == 1
    sheet = dict((what, keys) for keys, what in dlg.shortcuts())
    assert "Ctrl+1" in sheet.values() and "F5" in sheet.values() and "F1" in sheet.values()
    # an action bound later shows up too: the sheet is read from the widgets, not a typed list
    from PySide6.QtGui import QAction, QKeySequence

    extra = QAction("测试动作", win)
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    win.addAction(extra)
    again = HelpDialog(win, 1)
    qtbot.addWidget(again)
    assert ("Ctrl+Alt+J", "测试动作") in again.shortcuts()
    dlg.grab().save(str(tmp_path / "help.png"))
    dlg.reject()
    session.tasks.wait()
