"""GUI fixtures shared by the page tests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def open_sync_page(qtbot, tmp_path):
    """Opens the 同步 page of a window on the given services (settings kept in tmp_path), once its
    first background loads are done; returns (session, page)."""
    from yimi_desktop.ui.application import GuiSession, make_application

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))

    def open_page(svc):
        session = GuiSession(make_application(), svc, demo=False)
        qtbot.addWidget(session.window)
        page = session.window.show_page("sync")
        session.tasks.wait()
        qtbot.waitUntil(lambda: not session.tasks.busy(), timeout=5000)
        return session, page

    return open_page
