"""政策汇编PDF on the 政策 page and 政策告知单PDF on the enterprise page write real PDFs off the GUI thread."""

from __future__ import annotations

import subprocess

import pytest


@pytest.fixture
def window(demo_services, gui_session):
    session = gui_session(demo_services)
    yield session
    session.tasks.wait()


def _pdf_text(path) -> str:
    return "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())


def _save_to(page, qtbot, dest, trigger):
    page.reports.open_after = False
    page.reports.ask_path = lambda _name: dest
    trigger()
    qtbot.waitUntil(lambda: page.reports.last_path == dest, timeout=20000)
    assert dest.read_bytes().startswith(b"%PDF")


def test_booklet_and_notice_buttons(qtbot, window, tmp_path):
    win = window.window
    win.resize(1280, 720)
    policies = win.show_page("policies")
    qtbot.waitUntil(lambda: policies.model.rowCount() > 0, timeout=10000)
    win.grab().save(str(tmp_path / "policies.png"))
    _save_to(policies, qtbot, tmp_path / "booklet.pdf", policies.pdf_button.click)
    assert "惠企政策汇编" in _pdf_text(tmp_path / "booklet.pdf") and "目录" in _pdf_text(tmp_path / "booklet.pdf")

    enterprises = win.show_page("enterprises")
    qtbot.waitUntil(lambda: enterprises.model.rowCount() > 0, timeout=10000)
    with qtbot.waitSignal(enterprises.detail_loaded, timeout=10000):
        enterprises.table.selectRow(0)
    win.grab().save(str(tmp_path / "enterprises.png"))
    _save_to(enterprises, qtbot, tmp_path / "notice.pdf", enterprises.detail_pane.notice_button.click)
    body = _pdf_text(tmp_path / "notice.pdf")
    assert "惠企政策告知单" in body and enterprises.detail.form.name in body


def test_verify_paper_box_says_genuine_then_changed(qtbot, window, demo_services, tmp_path):
    from dataclasses import replace

    from yimi_desktop.reports import documents, proof
    from yimi_desktop.services.visits import VisitQuery

    v = next(r for r in demo_services.visits.list(VisitQuery()) if r.record_no)
    data = demo_services.reports.visit_record_data(v.id)
    keys = demo_services.trust.keys()
    scanned = documents.visit_qr_text(replace(data, proof=proof.make_code(data, keys.signing_public, keys.sign,
                                                                          data.visit_date)))
    window.window.resize(1280, 720)
    visits = window.window.show_page("visits")
    window.window.grab().save(str(tmp_path / "visits.png"))
    visits.verify_button.click()
    dlg = visits.verify_dialog
    qtbot.addWidget(dlg)
    dlg.text.setPlainText(scanned + "\n")  # what a USB scanner types, ending with Enter
    qtbot.waitUntil(lambda: dlg.last is not None, timeout=10000)
    assert dlg.last.verdict == "genuine" and "真实且未改动" in dlg.verdict_label.text()
    dlg.text.setPlainText("乱码")
    dlg.check_button.click()
    qtbot.waitUntil(lambda: dlg.last.verdict == "unreadable", timeout=10000)
    dlg.grab().save(str(tmp_path / "verify.png"))
