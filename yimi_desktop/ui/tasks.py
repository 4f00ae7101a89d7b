"""Background work: long jobs run on a thread pool; results come back on the GUI thread.

Each submission gets a token; a newer submission for the same key makes older results stale,
so a fast typist only ever sees the results of the last keystroke.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, token: int, fn: Callable[[], Any], signals: _Signals):
        super().__init__()
        self._token = token
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the GUI thread, shown as a message there
            exc.__yimi_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._signals.failed.emit(self._token, exc)
        else:
            self._signals.finished.emit(self._token, result)


class TaskRunner(QObject):
    """Runs callables off the GUI thread and calls back on it."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._signals = _Signals()
        self._signals.finished.connect(self.on_finished)
        self._signals.failed.connect(self.on_failed)
        self._next = 0
        self._callbacks: dict[int, tuple[str | None, Callable[[Any], None], Callable[[Exception], None] | None]] = {}
        self._latest: dict[str, int] = {}

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None] | None = None, key: str | None = None) -> int:
        self._next += 1
        token = self._next
        self._callbacks[token] = (key, on_done, on_error)
        if key is not None:
            self._latest[key] = token
        self._pool.start(_Job(token, fn, self._signals))
        return token

    def _take(self, token: int):
        key, done, err = self._callbacks.pop(token, (None, None, None))
        if done is None:
            return None
        if key is not None and self._latest.get(key) != token:
            return None  # superseded by a newer submission
        return done, err

    @Slot(int, object)
    def on_finished(self, token: int, result: Any) -> None:
        cbs = self._take(token)
        if cbs:
            cbs[0](result)

    @Slot(int, object)
    def on_failed(self, token: int, exc: Exception) -> None:
        cbs = self._take(token)
        if cbs and cbs[1]:
            cbs[1](exc)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every job has finished (tests, shutdown)."""
        return self._pool.waitForDone(msecs)

    def busy(self) -> bool:
        return bool(self._callbacks)
