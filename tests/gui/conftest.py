"""GUI fixtures shared by the page tests."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def gui_session(qtbot, tmp_path):
    """Makes the GUI session (main window) on the given services: `gui_session(svc, demo=False)`. Its
    settings are kept in the test's own folder, the same for every session one test makes, so a second
    session sees what the first saved."""
    from yimi_desktop.ui.application import GuiSession, make_application

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))

    def make(svc, demo: bool = False) -> GuiSession:
        session = GuiSession(make_application(), svc, demo=demo)
        qtbot.addWidget(session.window)
        return session

    return make


@pytest.fixture
def open_sync_page(qtbot, gui_session):
    """Opens the 同步 page of a window on the given services, once its first background loads are done;
    returns (session, page)."""

    def open_page(svc):
        session = gui_session(svc)
        page = session.window.show_page("sync")
        session.tasks.wait()
        qtbot.waitUntil(lambda: not session.tasks.busy(), timeout=5000)
        return session, page

    return open_page


# --- The GUI-thread guard -------------------------------------------------------------------------
# Widgets never touch the database on the GUI thread: reads and writes are operations
# (yimi_desktop/ui/operations.py). Every GUI test fails when an SQL statement runs on the main
# thread while code under yimi_desktop/ui/ is on the stack (a page, dialog or widget calling a
# service directly). The test's own set-up and assertions may call services freely: no ui frame.
# No test of this suite opts out any more (@pytest.mark.gui_thread_db_allowed is kept only so that a
# branch still carrying one merges; remove the marker there by making the code an operation).
# The one exemption: a lazy table model built without operations (the model tests) loads its chunk
# where it is asked (GUI_THREAD_DEBT in yimi_desktop/ui/gui_thread.py, where the guard lives;
# scripts/screenshots.py uses it too). Every page's model reads its chunks on the read pool.


@pytest.fixture(autouse=True)
def gui_thread_guard(request):
    from yimi_desktop.storage.database import watch_statements
    from yimi_desktop.ui.gui_thread import GuiThreadGuard

    guard = GuiThreadGuard()
    remove = watch_statements(guard.on_statement)
    try:
        yield guard
    finally:
        remove()
    # YIMI_GUARD_ALL=1 ignores the opt-out marker: which marked tests could lose it now?
    allowed = request.node.get_closest_marker("gui_thread_db_allowed") is not None and not os.environ.get("YIMI_GUARD_ALL")
    if guard.violations and not allowed:
        seen = list(dict.fromkeys(guard.violations))
        pytest.fail("the database was used on the GUI thread (make it an operation, ui/operations.py):\n  "
                    + "\n  ".join(seen[:10]), pytrace=False)
