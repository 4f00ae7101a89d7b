"""Operations: every database read or write from a widget runs off the GUI thread.

In the spirit of Anki's ``QueryOp`` / ``CollectionOp`` (qt/aqt/operations), one object, made once
by the composition root and handed to every page through ``UiContext.tasks``:

- ``read(fn, on_done, key=...)`` runs ``fn`` on a small thread pool; a newer read with the same
  ``key`` makes older results stale (they are dropped), so a fast typist only ever sees the
  results of the last keystroke.
- ``write(fn, on_done, changes=...)`` runs ``fn`` on ONE worker thread: writes are serialized in
  the order they were started and never contend with each other. ``fn`` may return a plain value
  (then ``changes`` says what it touched), a :class:`Changes`, or ``Changed(value, changes)``.
  After ``on_done`` the runner emits ``changed(changes, initiator)``; the main window refreshes
  only the pages that show one of those entity kinds (and not the initiator, which refreshed
  itself in ``on_done``).
- While a write runs the runner is *busy*: ``busy_changed(True)`` is emitted, the cursor becomes
  a busy cursor and the main window shows a line in the status bar; the widgets passed as
  ``disable=`` (the button that started it) are disabled until it ends.
- Every operation has a default failure path: the traceback is logged (logger
  ``yimi_desktop.ui.operations``) and a calm sentence (:func:`user_message`, never a traceback)
  is shown in a non-blocking message box. ``on_error`` replaces the message box (the page shows
  the sentence in its own error line), never the log.
- A callback whose ``parent`` has been deleted meanwhile is not called. Without ``parent`` the
  owner of a bound-method callback (``self.on_loaded``: the page) stands for it, so a result that
  arrives after its page or window was closed (the window of a finished session, a closed dialog)
  is dropped instead of touching a deleted label. A closure names its owner with ``parent=``.

``submit`` is the older name of ``read`` (positional ``on_error``); ``wait`` and ``busy`` are for tests and shutdown.
Do not touch widgets inside ``fn``: it runs on a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

# The entity kinds a write can change and a page can show.
ENTERPRISE = "enterprise"
VISIT = "visit"
ISSUE = "issue"
POLICY = "policy"
TEAM = "team"
OFFICER = "officer"
SYNC = "sync"
ALL_KINDS: frozenset[str] = frozenset({ENTERPRISE, VISIT, ISSUE, POLICY, TEAM, OFFICER, SYNC})


class Changes:
    """Which kinds of entity a write changed (``Changes.of("visit", "issue")``); immutable, equal by its kinds.
    (Plain classes here, not dataclasses: making those cost the first window ~0.7 ms each.)"""

    __slots__ = ("_kinds",)
    _kinds: frozenset[str]

    def __init__(self, kinds: frozenset[str] = frozenset()):
        unknown = set(kinds) - ALL_KINDS
        if unknown:
            raise ValueError(f"unknown entity kinds: {sorted(unknown)}")
        object.__setattr__(self, "_kinds", kinds)

    @property
    def kinds(self) -> frozenset[str]:
        return self._kinds

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Changes is immutable (cannot set {name!r})")

    def __eq__(self, other: object) -> bool:
        return self._kinds == other._kinds if isinstance(other, Changes) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._kinds)

    def __repr__(self) -> str:
        return f"Changes(kinds={self._kinds!r})"

    @classmethod
    def of(cls, *kinds: str) -> Changes:
        return cls(frozenset(kinds))

    @classmethod
    def everything(cls) -> Changes:
        return cls(ALL_KINDS)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, kinds: Iterable[str]) -> bool:
        return not self.kinds.isdisjoint(kinds)


NOTHING = Changes()


class Changed(NamedTuple):
    """What a write's ``fn`` may return: the value for ``on_done`` and what it changed."""

    value: Any
    changes: Changes


def user_message(exc: BaseException, lang: str) -> str:
    """A user-facing sentence for an error; never a traceback."""
    from ..domain.errors import DomainError  # here: the first window is painted before anything fails

    if isinstance(exc, DomainError):
        return exc.text(lang)
    if lang == "en":
        return f"Unexpected error: {type(exc).__name__}: {exc}"
    return f"发生意外错误:{type(exc).__name__}:{exc}"


def log_failure(exc: BaseException, what: str = "operation") -> None:
    """A refused action (DomainError) is logged in one line; anything else with its traceback."""
    from ..domain.errors import DomainError

    if isinstance(exc, DomainError):
        log.info("%s refused: %s", what, exc.text("en"))
    else:
        log.error("%s failed", what, exc_info=(type(exc), exc, exc.__traceback__))


def show_failure(parent: QWidget | None, title: str, text: str) -> None:
    """The default failure path's message box: non-blocking, so no event loop is nested."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent if _alive(parent) else None)
    box.setObjectName("operationFailed")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


Reporter = Callable[[QWidget | None, str, str], None]


def _alive(widget: QObject | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def _owner(parent: QObject | None, *callbacks: Callable[..., Any] | None) -> QObject | None:
    """``parent``, or the QObject a bound-method callback belongs to (its results die with it)."""
    if parent is not None:
        return parent
    for callback in callbacks:
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, QObject):
            return owner
    return None


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
        except Exception as exc:  # delivered to the GUI thread with its __traceback__, logged there
            self._tell(self._signals.failed if shiboken6.isValid(self._signals) else None, exc)
        else:
            self._tell(self._signals.finished if shiboken6.isValid(self._signals) else None, result)

    def _tell(self, signal: Any, value: object) -> None:
        """Emit, unless the operations this job reports to were deleted while it ran (the application tearing
        down after its window closed): nobody is left to tell, and a RuntimeError here reached the excepthook
        as an "unexpected problem" from a worker thread."""
        if signal is None:
            log.debug("an operation finished after its owner was deleted; result dropped")
            return
        try:
            signal.emit(self._token, value)
        except RuntimeError:
            if shiboken6.isValid(self._signals):
                raise
            log.debug("an operation finished while its owner was being deleted; result dropped")


class _Pending:
    """An operation waiting for its result (a plain class: a dataclass cost the first window ~0.8 ms to make)."""

    __slots__ = ("on_done", "on_error", "key", "parent", "write", "changes", "initiator", "disabled", "label")

    def __init__(self, on_done: Callable[[Any], None] | None, on_error: Callable[[Exception], None] | None,
                 key: str | None = None, parent: QObject | None = None, write: bool = False,
                 changes: Changes | None = None, initiator: object | None = None,
                 disabled: list[QWidget] | None = None, label: str = "operation"):
        self.on_done, self.on_error, self.key, self.parent = on_done, on_error, key, parent
        self.write, self.changes, self.initiator = write, changes, initiator
        self.disabled: list[QWidget] = [] if disabled is None else disabled
        self.label = label


class Operations(QObject):
    """Runs reads on a pool and writes on one worker; results come back on the GUI thread."""

    busy_changed = Signal(bool)
    changed = Signal(object, object)  # Changes, initiator (or None)
    failed = Signal(object, str)  # the exception, the sentence shown

    def __init__(self, parent: QObject | None = None, max_threads: int = 2, *, lang: str = "zh",
                 reporter: Reporter | None = None):
        super().__init__(parent)
        self.lang = lang  # the language of failure messages; the session sets it with the window's
        self._reporter = reporter or show_failure
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(max_threads)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.finished.connect(self.on_finished)
        self._signals.failed.connect(self.on_failed)
        self._next = 0
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._writing = 0

    # -- starting operations ------------------------------------------------------------------

    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None], *, key: str | None = None,
             on_error: Callable[[Exception], None] | None = None, parent: QObject | None = None) -> int:
        """Run a query off the GUI thread; with ``key``, only the newest result for it is delivered."""
        token = self._token()
        self._pending[token] = _Pending(on_done, on_error, key=key, parent=_owner(parent, on_done, on_error),
                                        label=key or "read")
        if key is not None:
            self._latest[key] = token
        self._reads.start(_Job(token, fn, self._signals))
        return token

    def write(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None, *,
              changes: Changes | None = None, on_error: Callable[[Exception], None] | None = None,
              parent: QObject | None = None, initiator: object | None = None,
              disable: Iterable[QWidget] = (), label: str = "write") -> int:
        """Run a change on the single write worker. ``changes`` says what it touches when ``fn``
        does not say itself (None: everything, so every page refreshes)."""
        token = self._token()
        disabled = [w for w in disable if _alive(w) and w.isEnabled()]
        for widget in disabled:
            widget.setEnabled(False)
        self._pending[token] = _Pending(on_done, on_error, parent=_owner(parent, on_done, on_error), write=True,
                                        changes=changes,
                                        initiator=initiator, disabled=disabled, label=label)
        self._set_writing(self._writing + 1)
        self._writes.start(_Job(token, fn, self._signals))
        return token

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None] | None = None, key: str | None = None,
               parent: QObject | None = None) -> int:
        """A read (the older name, with `on_error` positional)."""
        return self.read(fn, on_done, key=key, on_error=on_error, parent=parent)

    # -- state ----------------------------------------------------------------------------------

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every job has finished (tests, shutdown); callbacks follow on the event loop."""
        return self._writes.waitForDone(msecs) and self._reads.waitForDone(msecs)

    def busy(self) -> bool:
        """Any operation whose result has not been delivered yet."""
        return bool(self._pending)

    def writing(self) -> bool:
        """A write is running or queued (the busy state the window shows)."""
        return self._writing > 0

    # -- results, on the GUI thread -------------------------------------------------------------

    @Slot(int, object)
    def on_finished(self, token: int, result: Any) -> None:
        job = self._finish(token)
        if job is None:
            return
        if not job.write:
            if self._deliverable(job) and job.on_done:
                job.on_done(result)
            return
        changes = job.changes
        if isinstance(result, Changed):
            changes, result = (changes or NOTHING) | result.changes, result.value
        elif isinstance(result, Changes):
            changes = (changes or NOTHING) | result
        if changes is None:
            changes = Changes.everything()
        try:
            if self._deliverable(job) and job.on_done:
                job.on_done(result)
        finally:
            if changes:
                self.changed.emit(changes, job.initiator)

    @Slot(int, object)
    def on_failed(self, token: int, exc: Exception) -> None:
        pending = self._pending.get(token)
        log_failure(exc, pending.label if pending else "operation")  # logged even when stale
        job = self._finish(token)
        if job is None:
            return
        text = user_message(exc, self.lang)
        self.failed.emit(exc, text)
        if not self._deliverable(job):
            return
        if job.on_error is not None:
            job.on_error(exc)
        else:
            self._reporter(job.parent if isinstance(job.parent, QWidget) else None, self.tr("未能完成"), text)

    # -- internals ------------------------------------------------------------------------------

    def _token(self) -> int:
        self._next += 1
        return self._next

    def _finish(self, token: int) -> _Pending | None:
        job = self._pending.pop(token, None)
        if job is None:
            return None
        if job.write:
            for widget in job.disabled:
                if _alive(widget):
                    widget.setEnabled(True)
            self._set_writing(self._writing - 1)
            return job
        if job.key is not None and self._latest.get(job.key) != token:
            return None  # superseded by a newer read with the same key
        if job.key is not None:
            del self._latest[job.key]
        return job

    @staticmethod
    def _deliverable(job: _Pending) -> bool:
        return job.parent is None or _alive(job.parent)

    def _set_writing(self, count: int) -> None:
        was, self._writing = self._writing > 0, count
        now = count > 0
        if was == now:
            return
        if isinstance(QGuiApplication.instance(), QGuiApplication):
            if now:
                QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            else:
                QGuiApplication.restoreOverrideCursor()
        self.busy_changed.emit(now)
