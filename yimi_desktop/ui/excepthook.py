"""The last resort: an exception nobody caught is logged with its traceback, and the user is told
calmly, in their language, that something went wrong and where the log is (never the traceback).

``sys.excepthook`` runs on the GUI thread and shows the message at once; ``threading.excepthook``
runs on the failing worker thread, so it logs there and hands the message to the GUI thread
through a queued signal."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

log = logging.getLogger(__name__)

Show = Callable[[str, str], None]


def show_crash(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok)
    box.setObjectName("unexpectedError")
    box.exec()


def crash_message(log_file: Path) -> str:
    return QCoreApplication.translate(
        "Crash", "程序遇到了一个意外问题,刚才的操作可能没有完成。\n"
                 "详细情况已记入日志文件:\n{path}\n如果问题反复出现,请把这个文件交给技术支持人员。"
    ).format(path=log_file)


class CrashReporter(QObject):
    """Installs the hooks on ``install()`` and puts the previous ones back on ``uninstall()``."""

    crashed = Signal(str)

    def __init__(self, log_file: Path, show: Show | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.log_file = log_file
        self._show = show or show_crash
        self._previous: tuple | None = None
        self.crashed.connect(self.on_crashed)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.on_exception
        threading.excepthook = self.on_thread_exception

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def on_exception(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.critical("uncaught exception", exc_info=(kind, exc, tb))
        self.crashed.emit(crash_message(self.log_file))

    def on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        thread = args.thread.name if args.thread else "?"
        log.critical("uncaught exception in thread %s", thread,
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        self.crashed.emit(crash_message(self.log_file))

    @Slot(str)
    def on_crashed(self, text: str) -> None:
        self._show(QCoreApplication.translate("Crash", "意外问题"), text)
