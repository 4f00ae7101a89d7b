"""Which database statements ran on the GUI thread from ui/ code: the GUI tests' guard
(tests/gui/conftest.py) and scripts/screenshots.py use it with storage.database.watch_statements.
A development aid: nothing in the application installs it."""

from __future__ import annotations

import os
import sys
import threading
from types import FrameType

_UI_DIR = os.sep + os.path.join("yimi_desktop", "ui") + os.sep
# Exempt: a lazy table model built without operations (the model tests build them so) loads a chunk
# where it is asked for; every page's model reads its chunks on the operations' pool instead.
GUI_THREAD_DEBT = (("models/lazy.py", "_load_now"), ("models/lazy.py", "_fetch_now"))


def ui_frame() -> str | None:
    """The innermost ui/ frame on the calling thread's stack, as "yimi_desktop/ui/x.py:12 in f"."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if _UI_DIR in frame.f_code.co_filename:
            name = frame.f_code.co_filename.split(_UI_DIR, 1)[1]
            return f"yimi_desktop/ui/{name}:{frame.f_lineno} in {frame.f_code.co_name}"
        frame = frame.f_back
    return None


def _exempt() -> bool:
    """A frame of GUI_THREAD_DEBT is on the calling thread's stack."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if _UI_DIR in name:
            path = name.split(_UI_DIR, 1)[1].replace(os.sep, "/")
            if (path, frame.f_code.co_name) in GUI_THREAD_DEBT:
                return True
        frame = frame.f_back
    return False


class GuiThreadGuard:
    """Collects "where: SELECT …" for each statement run on the main thread under ui/ code (outside
    GUI_THREAD_DEBT); pass `on_statement` to storage.database.watch_statements."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def on_statement(self, statement: str) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        where = ui_frame()
        if where is not None and not _exempt():
            self.violations.append(f"{where}: {statement.split(None, 1)[0]} …")
