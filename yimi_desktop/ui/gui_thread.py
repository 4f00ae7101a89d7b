"""Which database statements ran on the GUI thread from ui/ code: the GUI tests' guard
(tests/gui/conftest.py) and scripts/screenshots.py use it with storage.database.watch_statements.
A development aid: nothing in the application installs it."""

from __future__ import annotations

import os
import sys
import threading
from types import FrameType

_UI_DIR = os.sep + os.path.join("yimi_desktop", "ui") + os.sep
# Known debt, exempt for now: the table models (ui/models/) load rows on demand from data() on the
# GUI thread, in small bounded chunks; moving that to a prefetching read operation is the next step.
GUI_THREAD_DEBT = ("models/",)


def ui_frame() -> str | None:
    """The innermost ui/ frame on the calling thread's stack, as "yimi_desktop/ui/x.py:12 in f"."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if _UI_DIR in frame.f_code.co_filename:
            name = frame.f_code.co_filename.split(_UI_DIR, 1)[1]
            return f"yimi_desktop/ui/{name}:{frame.f_lineno} in {frame.f_code.co_name}"
        frame = frame.f_back
    return None


class GuiThreadGuard:
    """Collects "where: SELECT …" for each statement run on the main thread under ui/ code (outside
    GUI_THREAD_DEBT); pass `on_statement` to storage.database.watch_statements."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def on_statement(self, statement: str) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        where = ui_frame()
        if where is not None and not where.removeprefix("yimi_desktop/ui/").startswith(GUI_THREAD_DEBT):
            self.violations.append(f"{where}: {statement.split(None, 1)[0]} …")
