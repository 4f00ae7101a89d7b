"""The light start: the first page painted from storage/first_screen.py (sqlite3, read-only) before the services
exist, then handed the services without a visible change (ui/application.py, MainWindow.attach_services)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from yimi_desktop.services.context import Services, ServicesFactory, open_services
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.storage import first_screen
from yimi_desktop.storage.revision import HEAD
from yimi_desktop.ui import application
from yimi_desktop.ui.application import GuiSession, light_start, make_application


@pytest.fixture
def db(demo_db_template: Path, tmp_path: Path) -> Path:
    """The demo county (320 enterprises: more than one first screen), opened once so that its copy has taken
    its new device id already (no notice at the next start), with one of the first enterprises voided."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_template, path)
    svc = open_services(path)
    first = svc.enterprises.ids(EnterpriseQuery(), limit=3)
    svc.enterprises.void(first[1], "录重了")
    svc.close()
    return path


@pytest.fixture
def light_session(qtbot, tmp_path, monkeypatch):
    """A window made the light way (no services yet) on a database; its messages at start recorded."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    told: list[object] = []
    monkeypatch.setattr(application, "tell_at_start", lambda *a: told.append(a))
    sessions: list[GuiSession] = []

    def make(path: Path, page: str = "enterprises") -> GuiSession:
        device = light_start(path, page)
        assert device is not None
        session = GuiSession(make_application(), None, demo=False, start_page=page, device=device, db_path=path)
        sessions.append(session)
        qtbot.addWidget(session.window)
        session.window.resize(1366, 768)
        session.window.show()
        return session

    yield make
    for s in sessions:
        s.close()


def hand_over(qtbot, session: GuiSession) -> None:
    failures: list[Exception] = []
    session.open_after_first_paint(failures.append)
    qtbot.waitUntil(lambda: session.window.ctx.ready or bool(failures), timeout=30000)
    assert not failures


def test_the_first_screen_read_with_sqlite3_is_the_services_first_screen(db):
    ids, rows, complete = first_screen.enterprise_first_screen(db, 200)
    svc = open_services(db)
    try:
        want_ids = svc.enterprises.ids(EnterpriseQuery(), limit=201)
        want_rows = svc.enterprises.rows(want_ids[:200])
        every = svc.enterprises.ids(EnterpriseQuery())
    finally:
        svc.close()
    assert not complete and len(want_ids) == 201
    assert ids == want_ids[:200]
    assert [r._asdict() for r in rows] == [r._asdict() for r in want_rows]
    assert first_screen.enterprise_ids(db) == every  # the rest, read by the light page's fetchMore


def test_the_light_window_paints_the_rows_the_full_window_shows(qtbot, db, light_session, gui_session):
    light = light_session(db)
    page = light.window.page("enterprises")
    qtbot.waitUntil(lambda: page.first_screen_ready, timeout=10000)
    assert not light.window.ctx.ready  # painted without the services
    light_rows = [page.model.row(i)._asdict() for i in range(200)]
    light_ids = page.model.ids()[:200]

    svc = open_services(db)
    full = gui_session(svc)
    full_page = full.window.show_page("enterprises")
    with qtbot.waitSignal(full_page.results_loaded, timeout=10000):
        pass
    assert full_page.model.ids()[:200] == light_ids
    assert [full_page.model.row(i)._asdict() for i in range(200)] == light_rows
    full.close()


def test_the_handover_keeps_the_rows_and_the_selection(qtbot, db, light_session):
    session = light_session(db)
    page = session.window.page("enterprises")
    qtbot.waitUntil(lambda: page.first_screen_ready, timeout=10000)
    page.select_row(7)
    chosen = page.current_id()
    assert chosen is not None and page.detail is None  # the detail needs the services
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))

    hand_over(qtbot, session)
    qtbot.waitUntil(lambda: page.model.is_complete() and page.detail is not None, timeout=20000)
    assert page.current_id() == chosen and page.detail.id == chosen
    assert resets == []  # the same model, never emptied: no flicker
    svc = session.services
    assert svc is not None
    every = svc.enterprises.ids(EnterpriseQuery())
    assert page.model.ids() == every  # all of them, once each
    assert page.count_label.text() == f"共 {len(every):,} 家"
    qtbot.waitUntil(lambda: page.township.count() > 1, timeout=10000)  # the filter choices came with the services


def test_a_search_typed_before_the_services_runs_when_they_come(qtbot, db, light_session):
    session = light_session(db)
    page = session.window.page("enterprises")
    qtbot.waitUntil(lambda: page.first_screen_ready, timeout=10000)
    page.search.setText("尉氏县")
    page.run_query()  # the typing pause over: it waits for the services
    hand_over(qtbot, session)
    svc = session.services
    assert svc is not None
    want = svc.enterprises.ids(EnterpriseQuery(text="尉氏县"))
    qtbot.waitUntil(lambda: page.model.is_complete() and page.model.ids() == want, timeout=20000)


def test_the_dashboard_paints_light_and_counts_after_the_first_paint(qtbot, db, light_session):
    session = light_session(db, page="dashboard")
    page = session.window.current_page()
    assert page is not None and page.first_screen_ready and not session.window.ctx.ready
    assert page.tiles["enterprises"].value.text() == "…"
    # another page asked for before the services: shown when they come
    session.window.nav.setCurrentRow(session.window.page_keys().index("visits"))
    assert "visits" not in session.window.pages
    session.window.nav.setCurrentRow(0)
    hand_over(qtbot, session)
    svc = session.services
    assert svc is not None
    qtbot.waitUntil(lambda: page.tiles["enterprises"].value.text() != "…", timeout=20000)
    assert page.tiles["enterprises"].value.text() == f"{svc.enterprises.count():,}"


def test_a_page_asked_for_before_the_services_is_built_when_they_come(qtbot, db, light_session):
    session = light_session(db, page="enterprises")
    session.window.nav.setCurrentRow(session.window.page_keys().index("policies"))
    assert "policies" not in session.window.pages
    hand_over(qtbot, session)
    assert "policies" in session.window.pages and session.window.current_page() is session.window.pages["policies"]


def test_only_a_current_yimi_database_opening_on_a_light_page_starts_light(db, tmp_path):
    assert light_start(db, None) is not None  # 工作台
    assert light_start(db, "enterprises") is not None
    assert light_start(db, "visits") is None  # a page that needs the services: the full start
    assert light_start(tmp_path / "none.db", None) is None  # first run
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    assert light_start(other, None) is None  # not ours: the full start says so
    (tmp_path / "text.db").write_text("hello")
    assert light_start(tmp_path / "text.db", None) is None


class OffThreadFactory(ServicesFactory):
    """The full start opens (and migrates) the database before its window, on the thread that starts the app;
    here that is a thread of its own, so the suite's guard against SQL on the GUI thread stays on."""

    def open(self, path: Path) -> Services:
        opened: list[Services] = []
        worker = threading.Thread(target=lambda: opened.append(ServicesFactory.open(self, path)))
        worker.start()
        worker.join()
        return opened[0]


def _downgrade(path: Path, revision: str) -> None:
    from alembic import command

    from yimi_desktop.storage.database import alembic_config, make_engine

    engine = make_engine(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()


def test_a_database_needing_a_migration_takes_the_full_start(qtbot, db, tmp_path, monkeypatch):
    from alembic.script import ScriptDirectory

    from yimi_desktop.storage.database import alembic_config

    previous = ScriptDirectory.from_config(alembic_config()).get_revision(HEAD).down_revision  # ids need not follow
    _downgrade(db, previous)
    assert light_start(db, "enterprises") is None
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    light: list[object] = []
    monkeypatch.setattr(application, "_run_light", lambda *a: light.append(a) or 0)

    class Started(Exception):
        pass

    def session(app, services, *args, **kwargs):  # the window of the full start: given open services
        opened.append(services)
        raise Started

    opened: list[Services] = []
    monkeypatch.setattr(application, "GuiSession", session)
    with pytest.raises(Started):
        application.run_gui(db, OffThreadFactory(), start_page="enterprises")
    assert light == [] and len(opened) == 1 and opened[0] is not None
    opened[0].close()
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD  # migrated
    con.close()
    assert any("before-migration" in p.name for p in Path(f"{db}.backups").iterdir())  # after its backup


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    """A county of 1,234 enterprises: a count with a thousands separator."""
    from yimi_desktop.domain.vocabulary import DeviceRole
    from yimi_desktop.services.context import init_services

    path = tmp_path_factory.mktemp("big") / "big.db"
    svc = init_services(path, "大县笔记本", DeviceRole.LAPTOP)
    svc.demo.populate(seed=3, enterprises=1234, visits=30)
    svc.close()
    svc = open_services(path)  # opened once: the copy's new device id is taken (no notice at the next start)
    svc.close()
    return path


@pytest.mark.parametrize("lang, text", [("zh", "共 1,234 家"), ("en", "1,234 in total")])
def test_the_directory_count_is_grouped_by_thousands(qtbot, big_db, light_session, lang, text):
    QSettings().setValue("ui/language", lang)
    session = light_session(big_db)
    try:
        page = session.window.page("enterprises")
        qtbot.waitUntil(lambda: page.model.is_complete(), timeout=20000)
        qtbot.waitUntil(lambda: page.count_label.text() == text, timeout=5000)
        hand_over(qtbot, session)  # the services' count says the same
        qtbot.waitUntil(lambda: not session.tasks.busy(), timeout=20000)
        assert page.count_label.text() == text
    finally:
        session.language.install("zh")
        QSettings().setValue("ui/language", "zh")


def test_the_light_start_reads_the_first_screen_while_the_window_is_built(qtbot, db, light_session, monkeypatch):
    begun: list[tuple[Path, int]] = []
    read = first_screen.enterprise_first_screen

    def counted(path: Path, size: int):
        begun.append((path, size))
        return read(path, size)

    monkeypatch.setattr(first_screen, "enterprise_first_screen", counted)
    session = light_session(db)
    page = session.window.page("enterprises")
    qtbot.waitUntil(lambda: page.first_screen_ready, timeout=10000)
    assert begun == [(db, first_screen.DIRECTORY_FIRST_SCREEN)]  # read once: ahead, and the page took it
    assert session.window.ctx.take_read_ahead(("enterprises", page.model.chunk_size)) is None
    assert page.model.ids()[:3] == first_screen.enterprise_ids(db, limit=3)


def test_a_read_ahead_gives_its_result_or_raises_its_error_where_it_is_taken():
    assert first_screen.ReadAhead(lambda: 42).result() == 42
    ahead = first_screen.ReadAhead(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        ahead.result()


FIRST_PAINT_CHILD = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings, QTimer
QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, sys.argv[2])
import yimi_desktop.ui.main_window as mw
show = mw.MainWindow.show

def shown(win):
    page = win.page("enterprises")
    def painted():
        win.repaint()
        heavy = ("sqlalchemy", "alembic", "pypinyin", "reportlab", "logging.handlers", "platformdirs",
                 "PySide6.QtPrintSupport", "yimi_desktop.ui.report_actions", "yimi_desktop.services.context")
        print(sorted(m for m in heavy if m in sys.modules), flush=True)
        import PySide6.QtWidgets as w
        unused = ("QWizard", "QFileDialog", "QMessageBox", "QMdiArea", "QStyle", "QCommonStyle")
        print(sorted(name for name in unused if name in vars(w)), flush=True)
        os._exit(0)
    page.first_screen_loaded.connect(lambda: QTimer.singleShot(0, painted))
    show(win)

mw.MainWindow.show = shown
from yimi_desktop.app import gui_main
gui_main(["--db", sys.argv[1], "--page", "enterprises"])
"""


@pytest.fixture
def first_paint_child(db, tmp_path) -> list[str]:
    """What FIRST_PAINT_CHILD printed: its last two lines (what was imported, which Qt classes were made)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, YIMI_LOG=str(tmp_path / "yimi.log"))
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT_CHILD, str(db), str(tmp_path / "qs")],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-2:]


def test_the_first_paint_imports_nothing_it_does_not_show(first_paint_child):
    """The light start's first window: no SQLAlchemy, alembic, pinyin, reportlab, print support, PDF saver or
    rotating log file before its first screen is painted (each cost the first window its time)."""
    assert first_paint_child[0] == "[]"


def test_the_first_paint_makes_no_qt_class_it_does_not_show(first_paint_child):
    """PySide6 makes a Qt class (and its enums) when Python first meets one: a widget or style made by Qt and
    handed to Python without a known type (a view's viewport, the application's style among its children)
    made every subclass of its base on the way, dialogs included (~15 ms of the first window)."""
    assert first_paint_child[1] == "[]"


@pytest.mark.parametrize("view", ["QTableView", "QTreeView", "QListView"])
def test_after_paint_watches_the_views_own_viewport(qtbot, view):
    """viewport_of finds the viewport without view.viewport() (see test_the_first_paint_makes_no_qt_class_...):
    the view's own, not a header's (a header is a scroll area with a viewport of the same name)."""
    from PySide6 import QtWidgets

    from yimi_desktop.ui.pages.list_detail import viewport_of

    v = getattr(QtWidgets, view)()
    qtbot.addWidget(v)
    assert viewport_of(v) is v.viewport()


@pytest.mark.parametrize("page_key", ["enterprises", "dashboard"])
def test_the_first_window_looks_the_same_before_the_application_has_its_style_sheet(qtbot, db, tmp_path, page_key):
    """A light start paints its first window with the style sheet on what it names (the navigation, the page's
    titles, tiles and panes), not on the application (every widget styled through it, ~10 ms); the application
    takes it after the first paint, and nothing shown changes."""
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    app = make_application()
    app.setStyleSheet("")  # as run_gui makes it for a light start (make_application(style=False))
    try:
        device = light_start(db, page_key)
        assert device is not None
        session = GuiSession(app, None, demo=False, start_page=page_key, device=device, db_path=db)
        win = session.window
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        page = win.page(page_key)
        styled = win.first_paint_styled()
        assert win.nav in styled and len(styled) > 2
        assert all(w.styleSheet() == application.STYLE for w in styled) and not app.styleSheet()
        qtbot.waitUntil(lambda: page.first_screen_ready, timeout=10000)
        if page_key == "enterprises":  # its count is in once every id is (a text that changes by itself)
            qtbot.waitUntil(lambda: page.model.is_complete() and "…" not in page.count_label.text(), timeout=10000)
        QApplication.processEvents()
        before = [w.grab().toImage() for w in styled]
        whole = win.grab().toImage()

        session.style_application()
        assert app.styleSheet() == application.STYLE and not any(w.styleSheet() for w in styled)
        QApplication.processEvents()
        after = [w.grab().toImage() for w in styled]
        assert [(w.objectName(), b == a) for w, b, a in zip(styled, before, after)] == \
            [(w.objectName(), True) for w in styled]
        assert win.grab().toImage() == whole  # the rest of the window, unstyled either way, too
        session.close()
    finally:
        app.setStyleSheet(application.STYLE)
