"""Report buttons on the pages write real PDFs (built off the GUI thread) where the user chose."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from yimi_desktop.services.issues import IssueQuery


@pytest.fixture
def window(demo_services, gui_session):
    session = gui_session(demo_services)
    yield session
    session.tasks.wait()


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def _save_to(page, qtbot, dest, trigger):
    page.reports.open_after = False
    page.reports.ask_path = lambda _name: dest
    trigger()
    qtbot.waitUntil(lambda: page.reports.last_path == dest, timeout=20000)
    assert dest.read_bytes().startswith(b"%PDF")


def test_ledger_visit_dossier_and_summary_buttons(qtbot, window, demo_services, tmp_path):
    win = window.window
    ledger = win.show_page("issues")
    with qtbot.waitSignal(ledger.results_loaded, timeout=15000):
        ledger.open_with(IssueQuery(overdue=True))
    _save_to(ledger, qtbot, tmp_path / "ledger.pdf", ledger.pdf_button.click)
    assert "问题台账" in _pdf_text(tmp_path / "ledger.pdf")

    visits = win.show_page("visits")
    qtbot.waitUntil(lambda: visits.model.rowCount() > 0, timeout=10000)
    visits.table.selectRow(0)
    _save_to(visits, qtbot, tmp_path / "visit.pdf", visits.pdf_button.click)
    assert visits.model.row_at(0).enterprise in _pdf_text(tmp_path / "visit.pdf")

    reports = win.show_page("reports")
    reports.date_from.setDate(date(date.today().year - 1, 1, 1))
    _save_to(reports, qtbot, tmp_path / "summary.pdf", reports.on_make)
    assert "工作简报" in _pdf_text(tmp_path / "summary.pdf")


# ---- the in-app print preview (no system viewer needed) ---------------------------------------------------

def _ledger_pdf(path, n=60):
    from datetime import datetime, timedelta

    from yimi_desktop.reports import documents
    from yimi_desktop.reports.data import IssueLine, LedgerData
    lines = [IssueLine(i, f"尉氏县第{i}号科技有限公司", "十八里镇", "用工", f"诉求{i}", "招工难。" * 20, date(2026, 1, 1) + timedelta(i),
                       "人社专业一米团", None, "办理中", "", "", i % 4 == 0) for i in range(1, n + 1)]
    return documents.ledger(LedgerData("尉氏县问题台账", "全部", datetime.now(), lines), path)


def _pages(path) -> int:
    import re
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_preview_says_where_shows_pages_prints_and_saves_as(qtbot, tmp_path):
    import stat

    from PySide6.QtPrintSupport import QPrinter

    from yimi_desktop.ui.report_actions import PreviewDialog
    pdf = _ledger_pdf(tmp_path / "台账.pdf")
    n = _pages(pdf)
    assert n >= 2
    dlg = PreviewDialog(pdf)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.view.pixmap() is not None and not dlg.view.pixmap().isNull(), timeout=5000)
    assert str(pdf) in dlg.where.text() and dlg.pages == n and str(n) in dlg.count_label.text()
    first = dlg.view.pixmap().toImage()
    dlg.next_button.click()
    assert dlg.current() == 2 and dlg.view.pixmap().toImage() != first
    assert dlg.print_button.shortcut().toString() == "Ctrl+P"
    # 打印 goes through QPrinter: here to a PDF file, every page
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(100)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dlg.print_to(printer) == n
    assert _pages(tmp_path / "printed.pdf") == n
    # 另存为 copies the file and says where it now is
    other = tmp_path / "sub"
    other.mkdir()
    dlg.ask_save_as = lambda: other / "copy.pdf"
    dlg.save_as_button.click()
    assert (other / "copy.pdf").read_bytes() == pdf.read_bytes()
    assert stat.S_IMODE((other / "copy.pdf").stat().st_mode) == 0o644
    assert str(other / "copy.pdf") in dlg.where.text()


def test_preview_warns_of_characters_no_font_has(qtbot, tmp_path):
    from datetime import datetime

    from yimi_desktop.reports import documents
    from yimi_desktop.reports.data import IssueLine, LedgerData
    from yimi_desktop.ui.report_actions import PreviewDialog
    lines = [IssueLine(1, "企业\U00030000", "镇", "类", "题", "", date(2026, 1, 1), "团", None, "办理中", "", "", False)]
    pdf = documents.ledger(LedgerData("台账", "全部", datetime.now(), lines), tmp_path / "x.pdf")
    dlg = PreviewDialog(pdf)
    qtbot.addWidget(dlg)
    assert not dlg.warning.isHidden() and "U+30000" in dlg.warning.text()


def test_pdf_button_is_disabled_while_building_a_cancelled_build_leaves_no_file(qtbot, window, tmp_path):
    import threading

    win = window.window
    ledger = win.show_page("issues")
    with qtbot.waitSignal(ledger.results_loaded, timeout=15000):
        ledger.open_with(IssueQuery(overdue=True))
    saver = ledger.reports
    saver.open_after = False
    dest = tmp_path / "ledger.pdf"
    dest.write_bytes(b"%PDF old")  # an older file of the same name stays when the build is cancelled
    release = threading.Event()

    def slow(path):
        release.wait(10)
        return _ledger_pdf(path, 5)

    saver.save("x.pdf", slow, dest)
    assert saver.busy() and not ledger.pdf_button.isEnabled()
    saver.save("x.pdf", slow, dest)  # a second press while busy does nothing
    from PySide6.QtWidgets import QPushButton
    saver.progress.findChild(QPushButton).click()  # 取消
    assert not saver.busy() and ledger.pdf_button.isEnabled()
    release.set()
    window.tasks.wait()
    qtbot.wait(50)
    assert dest.read_bytes() == b"%PDF old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert saver.last_path is None


def test_ctrl_p_presses_the_page_pdf_button_and_the_preview_opens(qtbot, window, tmp_path):
    win = window.window
    visits = win.show_page("visits")
    qtbot.waitUntil(lambda: visits.model.rowCount() > 0, timeout=10000)
    visits.table.selectRow(0)
    qtbot.waitUntil(lambda: visits.pdf_button.isEnabled(), timeout=10000)
    dest = tmp_path / "visit.pdf"
    visits.reports.ask_path = lambda _name: dest
    from PySide6.QtGui import QShortcut
    shortcut = next(s for s in visits.findChildren(QShortcut) if s.key().toString() == "Ctrl+P")
    shortcut.activated.emit()  # Ctrl+P on the page
    qtbot.waitUntil(lambda: visits.reports.preview is not None, timeout=20000)
    preview = visits.reports.preview
    assert str(dest) in preview.where.text() and preview.pages >= 1
    preview.close()


def test_a_long_build_shows_its_progress_and_stops_when_cancelled(qtbot, window, tmp_path):
    import time

    from PySide6.QtWidgets import QPushButton

    from yimi_desktop.reports.base import Cancelled
    win = window.window
    ledger = win.show_page("issues")
    saver = ledger.reports
    saver.open_after = False
    folder = tmp_path / "out"
    folder.mkdir()
    dest = folder / "ledger.pdf"
    reached = []

    def slow(path, progress=None):
        for k in range(2000):
            reached.append(k)
            if not progress(k, 2000):
                raise Cancelled()
            time.sleep(0.005)
        return _ledger_pdf(path, 3)

    saver.save("x.pdf", slow, dest)
    qtbot.waitUntil(lambda: saver.progress is not None and saver.progress.maximum() == 2000
                    and saver.progress.value() > 0, timeout=10000)
    saver.progress.findChild(QPushButton).click()  # 取消
    window.tasks.wait()
    qtbot.wait(50)
    assert len(reached) < 2000  # the build stopped, it did not run to the end in the background
    assert list(folder.iterdir()) == []
    assert ledger.pdf_button.isEnabled() and saver.last_path is None


# ---- 简报 期号 on the 报表 page ------------------------------------------------------------------------------

def _numbered(path) -> str:
    import re
    m = re.search(r"第\s*(\d*)\s*期", _pdf_text(path))
    return "" if m is None else m.group(1)


def test_briefing_number_shown_taken_reused_and_set_by_hand_at_the_hub(qtbot, gui_session, tmp_path):
    from PySide6.QtCore import QDate

    from yimi_desktop.domain.vocabulary import DeviceRole
    from yimi_desktop.services.context import init_services

    svc = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    session = gui_session(svc)
    try:
        page = session.window.show_page("reports")
        year = date.today().year

        def plan_for(start, end):
            with qtbot.waitSignal(page.plan_loaded, timeout=10000):
                page.date_from.setDate(QDate(start))
                page.date_to.setDate(QDate(end))
                page.load_plan()

        plan_for(date(year, 1, 1), date(year, 1, 31))
        assert not page.number.isHidden() and page.number.isEnabled() and page.number.value() == 1
        assert f"{year}年下一期为第1期" in page.number_note.text()
        with qtbot.waitSignal(page.plan_loaded, timeout=20000):  # the next number is read again once written
            _save_to(page, qtbot, tmp_path / "jan.pdf", page.on_make)
        assert _numbered(tmp_path / "jan.pdf") == "1"
        assert "重印沿用原期号" in page.number_note.text() and page.number.value() == 1
        plan_for(date(year, 2, 1), date(year, 2, 28))
        assert page.number.value() == 2
        page.number.setValue(1)  # taken by January's: refused, nothing written
        page.reports.open_after = False
        page.reports.ask_path = lambda _name: tmp_path / "feb.pdf"
        from PySide6.QtWidgets import QMessageBox
        warned = []
        import yimi_desktop.ui.report_actions as ra
        original = ra.QMessageBox.warning
        ra.QMessageBox.warning = lambda *a, **k: warned.append(a[2]) or QMessageBox.StandardButton.Ok
        try:
            page.on_make()
            qtbot.waitUntil(lambda: bool(warned), timeout=20000)
        finally:
            ra.QMessageBox.warning = original
        assert "已用于" in warned[0] and not (tmp_path / "feb.pdf").exists()
        page.number.setValue(5)
        _save_to(page, qtbot, tmp_path / "feb.pdf", page.on_make)
        assert _numbered(tmp_path / "feb.pdf") == "5"
        page.draft.setChecked(True)
        assert not page.number.isEnabled()
        plan_for(date(year, 3, 1), date(year, 3, 31))
        _save_to(page, qtbot, tmp_path / "mar-draft.pdf", page.on_make)
        assert _numbered(tmp_path / "mar-draft.pdf") == ""
        assert [b.number for b in svc.reports.briefing_register()] == [5, 1]
    finally:
        session.tasks.wait()
        svc.close()


def test_a_laptop_shows_the_number_is_given_at_the_hub(qtbot, window, tmp_path):
    page = window.window.show_page("reports")
    qtbot.waitUntil(lambda: page.plan is not None, timeout=10000)
    assert not page.number.isEnabled() and "县级中心" in page.number_note.text()
    _save_to(page, qtbot, tmp_path / "summary.pdf", page.on_make)
    assert _numbered(tmp_path / "summary.pdf") == ""


def test_the_briefing_and_its_number_are_made_on_the_write_worker(qtbot, gui_session, tmp_path):
    """The 期号 is a write: the 简报 is built (number and PDF in one transaction) on the app's single write worker,
    never on the read pool beside another write."""
    from yimi_desktop.domain.vocabulary import DeviceRole
    from yimi_desktop.services.context import init_services

    svc = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    session = gui_session(svc)
    try:
        page = session.window.show_page("reports")
        qtbot.waitUntil(lambda: page.plan is not None, timeout=10000)
        seen = []
        original = svc.reports.summary

        def summary(*args, **kwargs):
            seen.append(session.tasks.writing())
            return original(*args, **kwargs)

        svc.reports.summary = summary
        _save_to(page, qtbot, tmp_path / "brief.pdf", page.on_make)
        assert seen == [True]
        assert _numbered(tmp_path / "brief.pdf") == "1" and [b.number for b in svc.reports.briefing_register()] == [1]
    finally:
        session.tasks.wait()
        svc.close()
