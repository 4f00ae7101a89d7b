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
