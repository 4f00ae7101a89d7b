"""The operations runner (ui/operations.py): reads on a pool with stale results dropped, writes on
one worker in order, a default failure path that logs and shows a calm sentence, a busy state,
and Changes that refresh only the pages showing them."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from yimi_desktop.domain.errors import DomainError, Message
from yimi_desktop.ui.operations import ALL_KINDS, Changed, Changes, Operations


@pytest.fixture
def shown():
    return []


@pytest.fixture
def ops(qtbot, shown):
    runner = Operations(reporter=lambda parent, title, text: shown.append((parent, title, text)))
    yield runner
    runner.wait()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)


def settle(qtbot, runner):
    runner.wait()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)


def test_changes_is_a_small_frozen_set_of_known_kinds():
    c = Changes.of("visit") | Changes.of("issue")
    assert c.kinds == frozenset({"visit", "issue"})
    assert c.touches({"issue", "policy"}) and not c.touches({"policy"})
    assert not Changes() and Changes.everything().kinds == ALL_KINDS
    with pytest.raises(ValueError):
        Changes.of("visits")
    with pytest.raises(AttributeError):
        c.kinds = frozenset()  # type: ignore[misc]


def test_read_runs_off_the_gui_thread_and_drops_stale_results(qtbot, ops):
    gate = threading.Event()
    threads, got = [], []

    def slow():
        threads.append(threading.current_thread())
        gate.wait(5)
        return "old"

    ops.read(slow, got.append, key="search")
    ops.read(lambda: "new", got.append, key="search")
    qtbot.waitUntil(lambda: got == ["new"], timeout=5000)
    gate.set()
    settle(qtbot, ops)
    assert got == ["new"]  # the older keystroke's result never arrives
    assert threads and threads[0] is not threading.main_thread()


def test_writes_run_one_at_a_time_in_order(qtbot, ops):
    running, overlap, order = [0], [], []
    lock = threading.Lock()

    def write(n):
        def fn():
            with lock:
                running[0] += 1
                overlap.append(running[0])
            threading.Event().wait(0.01)
            order.append(n)
            with lock:
                running[0] -= 1
            return n
        return fn

    done = []
    for n in range(6):
        ops.write(write(n), done.append, changes=Changes.of("visit"))
    settle(qtbot, ops)
    assert order == list(range(6)) and done == list(range(6))
    assert max(overlap) == 1


def test_default_failure_logs_the_traceback_and_shows_a_calm_sentence(qtbot, ops, shown, caplog):
    parent = QWidget()
    qtbot.addWidget(parent)

    def boom():
        raise KeyError("missing-row")

    with caplog.at_level(logging.INFO, logger="yimi_desktop.ui.operations"):
        ops.write(boom, parent=parent, label="save enterprise")
        ops.read(lambda: (_ for _ in ()).throw(DomainError(Message("名称不能为空", "Name is required"))),
                 lambda _: None)
        settle(qtbot, ops)
    by_parent = {id(s[0]): s[2] for s in shown}  # the read and the write may finish in either order
    assert len(shown) == 2 and set(by_parent) == {id(parent), id(None)}
    unexpected = by_parent[id(parent)]
    assert unexpected.startswith("发生意外错误") and "Traceback" not in unexpected
    assert by_parent[id(None)] == "名称不能为空"
    error = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert "save enterprise" in error.getMessage() and error.exc_info[0] is KeyError
    assert "in boom" in caplog.text  # the traceback itself is in the log


def test_on_error_replaces_the_message_box_but_not_the_log(qtbot, ops, shown, caplog):
    errors = []
    with caplog.at_level(logging.ERROR, logger="yimi_desktop.ui.operations"):
        ops.read(lambda: 1 / 0, lambda _: None, on_error=errors.append)
        settle(qtbot, ops)
    assert isinstance(errors[0], ZeroDivisionError) and shown == []
    assert "ZeroDivisionError" in caplog.text


def test_busy_while_writing_and_the_button_is_disabled_until_done(qtbot, ops):
    gate = threading.Event()
    button = QPushButton("保存")
    qtbot.addWidget(button)
    states = []
    ops.busy_changed.connect(states.append)
    ops.write(lambda: gate.wait(5), disable=[button], changes=Changes.of("enterprise"))
    assert ops.writing() and not button.isEnabled()
    gate.set()
    settle(qtbot, ops)
    assert not ops.writing() and button.isEnabled()
    assert states == [True, False]


def test_a_write_reports_what_it_changed(qtbot, ops):
    seen, values = [], []
    ops.changed.connect(lambda changes, initiator: seen.append((changes, initiator)))
    me = object()
    ops.write(lambda: Changed(42, Changes.of("issue")), values.append, changes=Changes.of("visit"), initiator=me)
    ops.write(lambda: Changes.of("sync"))
    ops.write(lambda: None)  # says nothing: everything may have changed
    settle(qtbot, ops)
    assert values == [42]
    assert seen == [(Changes.of("visit", "issue"), me), (Changes.of("sync"), None), (Changes.everything(), None)]


def test_no_callback_for_a_deleted_parent(qtbot, ops):
    gate = threading.Event()
    parent = QWidget()
    got = []
    ops.read(lambda: gate.wait(5), got.append, parent=parent)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(parent), timeout=5000)
    gate.set()
    settle(qtbot, ops)
    assert got == []


def test_a_bound_method_callback_dies_with_its_widget(qtbot, ops, shown):
    """The CI failure of stop 21: a page's counts arrived after its window was deleted (the window of
    an earlier test's session) and set a property on a deleted QLabel. A bound method's owner stands
    for `parent`, for results and for failures."""
    from PySide6.QtWidgets import QLabel

    class Page(QWidget):
        def __init__(self):
            super().__init__()
            self.label = QLabel(self)
            self.got = []

        def on_counts(self, n):
            self.label.setText(str(n))  # raises RuntimeError on a deleted label
            self.got.append(n)

        def on_failed(self, exc):
            self.label.setText("x")

    gate = threading.Event()
    page, alive = Page(), Page()
    qtbot.addWidget(alive)
    ops.read(lambda: gate.wait(5) and 3, page.on_counts)
    ops.read(lambda: gate.wait(5) and 1 / 0, page.on_counts, on_error=page.on_failed)
    ops.write(lambda: gate.wait(5) and 1 / 0, page.on_counts)  # default failure path: no message box
    ops.read(lambda: gate.wait(5) and 4, alive.on_counts)
    page.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(page), timeout=5000)
    with qtbot.captureExceptions() as exceptions:
        gate.set()
        settle(qtbot, ops)
    assert exceptions == [] and shown == []
    assert alive.got == [4]  # the living page's result is delivered as before


def test_window_refreshes_only_the_pages_showing_the_changes(qtbot, demo_services, gui_session):
    session = gui_session(demo_services, demo=True)
    win = session.window
    settle(qtbot, session.tasks)
    keys = ["dashboard", "enterprises", "policies", "teams", "reports"]
    for key in keys:  # pages are built when first shown or asked for
        win.page(key)
    settle(qtbot, session.tasks)
    refreshed = []
    for key, page in win.pages.items():
        page.refresh = lambda key=key: refreshed.append(key)
    win.show_page("enterprises")
    session.tasks.write(lambda: Changes.of("policy"), initiator=win.page("policies"))
    settle(qtbot, session.tasks)
    assert "policies" not in refreshed  # the initiator refreshed itself
    assert "teams" not in refreshed and "reports" not in refreshed  # they show no policies
    assert refreshed == ["enterprises"]  # the page shown, at once
    assert win.is_stale("dashboard") and not win.is_stale("teams")  # hidden: refreshed when next shown
    win.show_page("dashboard")
    assert refreshed == ["enterprises", "dashboard"] and not win.is_stale("dashboard")
    win.show_page("teams")
    assert refreshed == ["enterprises", "dashboard"]
    assert not win.busy_label.isVisible()


def test_pages_are_built_when_first_shown(qtbot, demo_services, gui_session):
    session = gui_session(demo_services, demo=True)
    win = session.window
    assert list(win.pages) == ["dashboard"]  # the page it opens on, nothing else
    win.nav.setCurrentRow(2)
    assert list(win.pages) == ["dashboard", "visits"] and win.stack.currentWidget() is win.pages["visits"]
    assert win.page("sync") is win.stack.widget(7) and win.stack.currentWidget() is win.pages["visits"]
    settle(qtbot, session.tasks)


def test_the_window_opens_on_the_page_asked_for_and_builds_only_it(qtbot, demo_services, gui_session):
    from yimi_desktop.ui.application import GuiSession, make_application

    session = GuiSession(make_application(), demo_services, demo=True, start_page="enterprises")
    qtbot.addWidget(session.window)
    win = session.window
    assert list(win.pages) == ["enterprises"] and win.stack.currentWidget() is win.pages["enterprises"]
    assert win.nav.currentRow() == 1
    qtbot.waitUntil(lambda: win.pages["enterprises"].model.rowCount() == 320, timeout=10000)
    settle(qtbot, session.tasks)


def test_the_guard_catches_the_database_on_the_gui_thread(qtbot, demo_services, gui_thread_guard):
    ops = Operations()
    got = []
    ops.read(demo_services.stats.compute, got.append)  # on a worker: fine
    settle(qtbot, ops)
    assert got and gui_thread_guard.violations == []
    demo_services.stats.compute()  # the test's own assertions may use the database
    assert gui_thread_guard.violations == []
    ops.read(lambda: None, lambda _: got.append(demo_services.stats.compute()))  # in a GUI-thread callback
    settle(qtbot, ops)
    assert gui_thread_guard.violations
    assert gui_thread_guard.violations[0].startswith("yimi_desktop/ui/operations.py:")
    assert "SELECT" in gui_thread_guard.violations[0]
    gui_thread_guard.violations.clear()  # caught; don't fail this test for it


def test_a_job_that_finishes_after_its_operations_were_deleted_tells_nobody_and_raises_nothing(qtbot, caplog):
    """At teardown (the window closed while a read still ran) the job's signals object is gone: emitting on it
    raised RuntimeError in the worker thread, which the excepthook showed as 意外问题."""
    import logging

    import shiboken6

    from yimi_desktop.ui.operations import _Job, _Signals

    got: list[object] = []
    alive = _Signals()
    alive.finished.connect(lambda token, result: got.append((token, result)))
    _Job(1, lambda: "rows", alive).run()
    assert got == [(1, "rows")]  # (a live owner is told, as before)
    for fn in (lambda: "rows", lambda: 1 / 0):
        gone = _Signals()
        shiboken6.delete(gone)
        with caplog.at_level(logging.DEBUG, logger="yimi_desktop.ui.operations"):
            _Job(2, fn, gone).run()  # raised RuntimeError: Signal source has been deleted
    assert [r.getMessage() for r in caplog.records].count(
        "an operation finished after its owner was deleted; result dropped") == 2
