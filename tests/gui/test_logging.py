"""The log file and the last-resort exception hooks (logs.py, ui/excepthook.py)."""

from __future__ import annotations

import sys
import threading

import pytest

from yimi_desktop.logs import remove_logging, setup_logging
from yimi_desktop.ui.excepthook import CrashReporter
from yimi_desktop.ui.operations import Operations


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "logs" / "yimi.log"
    handler = setup_logging(path)
    yield path
    remove_logging(handler)


def test_a_failing_operation_writes_its_traceback_to_the_log(qtbot, log_file):
    shown = []
    ops = Operations(reporter=lambda parent, title, text: shown.append(text))

    def save_enterprise():
        raise RuntimeError("disk on fire")

    ops.write(save_enterprise, label="save enterprise")
    ops.wait()
    qtbot.waitUntil(lambda: not ops.busy(), timeout=5000)
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR" in text and "save enterprise failed" in text
    assert "Traceback (most recent call last)" in text and "in save_enterprise" in text
    assert "RuntimeError: disk on fire" in text
    assert shown and "Traceback" not in shown[0]


def test_the_log_rotates(tmp_path):
    path = tmp_path / "yimi.log"
    handler = setup_logging(path, max_bytes=2000, backups=2)
    try:
        import logging
        for i in range(200):
            logging.getLogger("yimi_desktop.test").info("line %d %s", i, "x" * 40)
    finally:
        remove_logging(handler)
    assert (tmp_path / "yimi.log.1").exists() and not (tmp_path / "yimi.log.3").exists()
    assert path.stat().st_size <= 2000


def test_uncaught_exceptions_are_logged_and_shown_calmly(qtbot, log_file):
    shown = []
    reporter = CrashReporter(log_file, show=lambda title, text: shown.append((title, text)))
    reporter.install()
    try:
        assert sys.excepthook == reporter.on_exception
        try:
            {}["no-such-key"]
        except KeyError:
            sys.excepthook(*sys.exc_info())
        worker = threading.Thread(target=lambda: 1 / 0, name="worker-1")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
    finally:
        reporter.uninstall()
    assert sys.excepthook is sys.__excepthook__ or sys.excepthook != reporter.on_exception
    for title, text in shown:
        assert title == "意外问题"
        assert str(log_file) in text and "意外问题" in text
        assert "Traceback" not in text and "KeyError" not in text and "ZeroDivisionError" not in text
    logged = log_file.read_text(encoding="utf-8")
    assert "uncaught exception" in logged and "KeyError: 'no-such-key'" in logged
    assert "in thread worker-1" in logged and "ZeroDivisionError" in logged
