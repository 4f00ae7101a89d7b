"""Starting the GUI: QApplication, the bundled CJK font, the language, the database, the window.

Two ways to start. The light start, the usual one (an existing database at this code's revision,
opening on a page that can paint without the services: `pages.registry.LIGHT_PAGES`): the revision and
this installation are read with sqlite3 (storage/first_screen.py), the window is shown with its first page
painted from a few read-only queries, and only after that first paint are SQLAlchemy and the services
imported, today's backup made and the database opened, off the GUI thread; the window then takes them
(`MainWindow.attach_services`): the same rows, the selection kept. The full start (no database yet, a
migration due, a file that is not right, or another page asked for): the database is opened (migrated
after a backup, with its messages) before the window is made, as it always was.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from .. import APP_NAME
from ..domain.vocabulary import DeviceRole
from ..paths import font_path, resources_dir
from ..storage import first_screen
from .context import Device, UiContext
from .excepthook import CrashReporter
from .i18n import Language
from .main_window import MainWindow
from .pages.registry import LIGHT_PAGES, STYLED_AFTER_FIRST_PAINT, main_pages
from .operations import Operations, user_message

if TYPE_CHECKING:  # DomainError too: the domain's errors (and their dataclasses) are imported once one can occur
    from ..domain.errors import DomainError
    from ..services.context import Services, ServicesFactory

# The app's one style sheet, the pages' rules included (by object name): a style sheet set on a page made every
# widget in it styled twice over, ~20 ms of the first window.
STYLE = """
QLabel#pageTitle { font-size: 20px; font-weight: bold; padding: 4px 0; }
QLabel#sectionTitle { font-size: 15px; font-weight: bold; padding: 8px 0 2px 0; color: #444; }
QFrame#tile:focus { border: 2px solid #b3261e; }
QLabel#tileValue { font-size: 28px; font-weight: bold; color: #b3261e; }
QFrame#tile { background: #fff8f6; border: 1px solid #e8c9c3; border-radius: 6px; }
QListWidget#nav { font-size: 15px; }
QListWidget#nav::item { padding: 10px 12px; }
QListWidget#nav::item:selected { background: #b3261e; color: white; }
QLabel.fieldError, QLabel[error="true"] { color: #b3261e; }
/* 企业 */
QLabel#detailName { font-size: 17px; font-weight: bold; }
QLabel#detailHint, QLabel#countLabel { color: #6b6b6b; }
QLabel#countLabel[error="true"] { color: #b3261e; }
QFrame#detailPane { background: #fcfaf9; border: 1px solid #e3d9d6; border-radius: 4px; }
/* 问题台账 */
QLabel#detailTitle { font-size: 17px; font-weight: bold; }
QLabel#detailHint, QLabel#scopeLabel { color: #6b6b6b; }
QLabel#counters[error="true"] { color: #b3261e; }
QFrame#issueDetail { background: #fcfaf9; border: 1px solid #e3d9d6; border-radius: 4px; }
QToolButton#statusToggle, QToolButton#preset { padding: 3px 8px; border: 1px solid #c9bfbc; border-radius: 3px;
    background: #ffffff; }
QToolButton#statusToggle:checked, QToolButton#preset:checked { background: #b3261e; color: white;
    border-color: #b3261e; }
QToolButton#statusToggle:focus, QToolButton#preset:focus { border: 2px solid #1f5fbf; }
/* 政策 */
QFrame#policyPane { background: #fcfaf9; border: 1px solid #e3d9d6; border-radius: 4px; }
QLabel#policyTitle { font-size: 17px; font-weight: bold; }
QLabel#policyMeta, QLabel#countLabel, QLabel#policyHint { color: #6b6b6b; }
QLabel#countLabel[error="true"] { color: #b3261e; }
QLabel#policyState { font-weight: bold; padding: 1px 6px; border-radius: 3px; color: white; background: #2e7d32; }
QLabel#policyState[state="expired"] { background: #8a8a8a; }
QLabel#policyState[state="pending"] { background: #8a5300; }
QTextBrowser#policySummary { font-size: 18px; background: white; border: 1px solid #e3d9d6; }
/* 团队 */
QFrame#teamPane { background: #fcfaf9; border: 1px solid #e3d9d6; border-radius: 4px; }
QLabel#teamName { font-size: 17px; font-weight: bold; }
QLabel#teamMeta, QLabel#teamHint { color: #6b6b6b; }
QTreeView#teamTree::item { padding: 4px 0; }
"""


def app_icon() -> QIcon:
    """The app's icon (resources/icons, the same files as the menu entry and the package): every PNG size,
    smallest first (Qt's xcb plugin stops writing _NET_WM_ICON at the first size above 128 px)."""
    icon = QIcon()
    pngs = (resources_dir() / "icons").glob(f"{APP_NAME}-*.png")
    for png in sorted(pngs, key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        icon.addFile(str(png))
    return icon


def load_font() -> str | None:
    """Register the bundled CJK font so Chinese renders on machines without one; its family name."""
    path = font_path()
    if not path.exists():
        return None
    fid = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    return families[0] if families else None


class MainThreadGarbageCollector(QObject):
    """Python's cyclic garbage collector runs on whichever thread allocates; when that is a worker
    thread and the garbage holds Qt objects, Qt deletes them on the wrong thread and crashes.
    So automatic collection is switched off and done here, on the GUI thread, by a timer
    (the same approach as qutebrowser's)."""

    MARK = "yimiMainThreadGc"  # the application's property saying it has one

    def __init__(self, parent: QObject):
        super().__init__(parent)
        parent.setProperty(self.MARK, True)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.on_timeout)
        self._timer.start()

    def on_timeout(self) -> None:
        threshold0, threshold1, threshold2 = gc.get_threshold()
        count0, count1, count2 = gc.get_count()
        if count0 > threshold0:
            gen = 0
            if count1 > threshold1:
                gen = 2 if count2 > threshold2 else 1
            gc.collect(gen)


def make_application(argv: list[str] | None = None, style: bool = True) -> QApplication:
    """The application: its garbage collector, names, icon, the bundled font and (unless `style` is False: a light
    start sets it after its first paint, GuiSession) the style sheet."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    # marked by a property, not looked for with app.findChild: that gave every child of the application a
    # Python type, its style's with a walk through QStyle's subclasses (12 enums, ~6 ms of the first window)
    if not app.property(MainThreadGarbageCollector.MARK):
        MainThreadGarbageCollector(app)
    QCoreApplication.setOrganizationName("WeishiCounty")
    QCoreApplication.setApplicationName(APP_NAME)
    # The window icon, and the .desktop file it belongs to (so docks and Wayland match the menu entry).
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_NAME)
    family = load_font()
    if family:
        font = QFont(family)
        font.setPointSize(10)
        app.setFont(font)
    if style:
        app.setStyleSheet(STYLE)
    return app


def build_window(services: Services | None, settings: QSettings, language: Language, demo: bool,
                 tasks: Operations, factory: ServicesFactory | None, start_page: str | None = None,
                 device: Device | None = None, db_path: Path | None = None,
                 read_ahead: dict[object, first_screen.ReadAhead] | None = None) -> MainWindow:
    """The window on `services`, or (a light start: None) on `device` and `db_path` until they are attached."""
    ctx = UiContext(services, tasks, language, settings, demo, factory, device=device, db_path=db_path,
                    read_ahead=read_ahead)
    return MainWindow(ctx, main_pages(), start_page=start_page, light=LIGHT_PAGES)


class GuiSession:
    """Holds the open database and the window; rebuilds the window when the language changes or
    when a page hands over new services for the database (a laptop just enrolled)."""

    def __init__(self, app: QApplication, services: Services | None, demo: bool, settings: QSettings | None = None,
                 language: Language | None = None, tasks: Operations | None = None,
                 factory: ServicesFactory | None = None, start_page: str | None = None,
                 device: Device | None = None, db_path: Path | None = None):
        self.app = app
        # a light start opening on the directory reads its first screen while the window is being built
        self._read_ahead: dict[object, first_screen.ReadAhead] = {}
        if services is None and db_path is not None and start_page == "enterprises":
            path, size = db_path, first_screen.DIRECTORY_FIRST_SCREEN
            self._read_ahead[("enterprises", size)] = first_screen.ReadAhead(
                lambda: first_screen.enterprise_first_screen(path, size), name="first-screen")
        self.start_page = start_page  # the page the first window opens on (None: the first, 工作台)
        self.factory = factory  # the composition root's; tests may leave it out (ctx.factory makes one)
        self.services = services  # None: a light start, until open_after_first_paint has them
        self._device, self._db_path = device, db_path
        self._opened: list[Services] = []  # what the opening thread made (closed at exit if never attached)
        self.backup_problem: DomainError | None = None
        self.demo = demo
        self.settings = settings or QSettings()
        if language is None:  # one given (run_gui's) is installed already: installing it again cost ~0.5 ms
            language = Language(self.settings)
            language.install(language.saved())
        self.language = language
        self.tasks = tasks or Operations(app)
        self.window = self._make_window()
        # a light start made the application without its style sheet: until the first paint is on the screen, only
        # what the sheet names in this window carries it (style_application then gives it to the application)
        self._styled = [] if app.styleSheet() else self.window.first_paint_styled()
        for widget in self._styled:
            widget.setStyleSheet(STYLE)

    def style_application(self) -> None:
        """The app's style sheet on the application (at once if it is there already), off the widgets that carried
        it for the first paint; the look does not change."""
        if not self.app.styleSheet():
            self.app.setStyleSheet(STYLE)
        styled, self._styled = self._styled, []
        for widget in styled:
            if shiboken6.isValid(widget):
                widget.setStyleSheet("")

    def _make_window(self) -> MainWindow:
        self.tasks.lang = self.language.code
        window = build_window(self.services, self.settings, self.language, self.demo, self.tasks, self.factory,
                              self.start_page, self._device, self._db_path, self._read_ahead)
        window.language_requested.connect(self.on_language_requested)
        window.services_replaced.connect(self.on_services_replaced)
        return window

    def _rebuild_window(self) -> None:
        old = self.window
        self.window = self._make_window()
        self.window.setGeometry(old.geometry())
        self.window.show()
        old.deleteLater()
        old.hide()

    def on_language_requested(self, code: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.language.save(code)
        if not self.language.install(code):
            QMessageBox.warning(self.window, "yimi-desktop", "English translation file is missing; staying in Chinese.")
        self._rebuild_window()

    def on_services_replaced(self, services: Services) -> None:
        """The pages of the old window may still have work running on the old services: let it
        finish, then build the window on the new services and close the old ones."""
        old = self.services
        if services is old:
            return
        self.tasks.wait(10000)
        self.services = services
        self._rebuild_window()
        old.close()

    # ---- the light start ------------------------------------------------------------------------------
    def open_after_first_paint(self, on_failed: Callable[[Exception], None]) -> None:
        """When the start page has its first screen (Page.first_painted) and the window has painted it: import
        the services, make today's backup and open the database off the GUI thread, then hand them to the
        window. `on_failed` is told if the database cannot be opened."""
        page = self.window.current_page()
        started = False

        def start() -> None:
            nonlocal started
            if not started:
                started = True
                QTimer.singleShot(0, lambda: self._open_services(on_failed))

        if page is None or page.first_screen_ready:
            start()
        else:
            page.first_painted.connect(start)

    def _open_services(self, on_failed: Callable[[Exception], None]) -> None:
        self.window.repaint()  # the first screen is on the screen before the imports take their time
        path, factory, opened = self._db_path, self.factory, self._opened
        assert path is not None

        def open_them() -> tuple[Services, DomainError | None]:  # on a worker thread
            from ..domain.errors import DomainError
            from ..services import backups
            from ..services.context import ServicesFactory

            problem = None
            try:  # the first start of each day: a verified copy, then rotation; a full disk must not stop the app
                backups.daily_if_due(path)
            except DomainError as exc:
                problem = exc
            services = (factory or ServicesFactory()).open(path)
            opened.append(services)
            return services, problem

        self.tasks.read(open_them, self._on_services_opened, on_error=on_failed)
        self.style_application()  # while the services are imported

    def _on_services_opened(self, result: tuple[Services, DomainError | None]) -> None:
        services, self.backup_problem = result
        self.services = services
        self.window.attach_services(services)
        tell_at_start(self.window, services, self.backup_problem, self.language.code)

    def close(self) -> None:
        self.tasks.wait(10000)
        if self.services is not None:
            self.services.close()
        for services in self._opened:  # opened while the window closed, never attached
            if services is not self.services:
                services.close()


def tell_at_start(window: QWidget, services: Services, backup_problem: DomainError | None, lang: str) -> None:
    """A backup that failed today, a restored file or a clock found far ahead: said once, at start."""
    from PySide6.QtWidgets import QMessageBox

    if backup_problem is not None:
        QMessageBox.warning(window, QCoreApplication.translate("Startup", "今天的备份没有做成"),
                            backup_problem.text(lang))
    for notice in services.notices:
        QMessageBox.information(window, QCoreApplication.translate("Startup", "本机换用了新的设备编号"),
                                notice.text(lang))


def _error(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, title, text)


def light_start(path: Path, start_page: str | None) -> first_screen.FirstDevice | None:
    """This installation, if the window can open light (see the module's docstring); None: the full start."""
    if (start_page or "dashboard") not in LIGHT_PAGES:
        return None
    return first_screen.probe(path)


def run_gui(db_path: Path, factory: ServicesFactory | None = None, demo: bool = False, log_file: Path | None = None,
            start_page: str | None = None) -> int:
    """The GUI on the database at `db_path`, opened (or made on first run) by `factory`, the composition
    root's (app.py; None: made here when the services are imported)."""
    path = Path(db_path)
    # whether the start is light is read with sqlite3 (which lets go of the GIL) while the application is made
    probe = first_screen.ReadAhead(lambda: light_start(path, start_page), name="probe")
    # the style sheet: at once for a full start, after the first paint for a light one on a page that gains by it
    app = make_application(style=(start_page or "dashboard") not in STYLED_AFTER_FIRST_PAINT)
    if log_file is not None:  # uncaught exceptions: logged, and a calm message naming the log
        CrashReporter(log_file, parent=app).install()
    settings = QSettings()
    language = Language(settings)
    language.install(language.saved())
    tasks = Operations(app)
    device = probe.result()
    if device is not None:
        return _run_light(app, path, device, factory, demo, settings, language, tasks, start_page)
    if not app.styleSheet():
        app.setStyleSheet(STYLE)
    from ..domain.errors import DomainError
    from ..services import backups
    from ..services.context import ServicesFactory
    from .dialogs.first_run_dialog import FirstRunDialog

    factory = factory or ServicesFactory()
    backup_problem: DomainError | None = None
    path_existed = path.exists()
    try:
        if path.exists():
            try:  # the first start of each day: a verified copy, then rotation; a full disk must not stop the app
                backups.daily_if_due(path)
            except DomainError as exc:
                backup_problem = exc
            services = factory.open(path)
        else:  # first run: enrol with the hub's file, set up the hub, or record first (nothing made on cancel)
            dialog = FirstRunDialog(factory, path, tasks, language.code)
            dialog.exec()
            services = dialog.services
    except DomainError as exc:
        _error(QCoreApplication.translate("Startup", "无法打开数据库"), exc.text("zh") + "\n\n" + exc.text("en"))
        return 1
    if services is None:
        return 0
    session = GuiSession(app, services, demo, settings=settings, language=language, tasks=tasks, factory=factory,
                         start_page=start_page)
    session.window.show()
    if not path_existed and services.device.role is DeviceRole.HUB:  # a new county hub: bring its lists in
        from .spreadsheet_actions import offer_list_import

        offer_list_import(session.window)
    tell_at_start(session.window, services, backup_problem, language.code)
    try:
        return app.exec()
    finally:
        session.close()


def _run_light(app: QApplication, path: Path, device: first_screen.FirstDevice, factory: ServicesFactory | None,
               demo: bool, settings: QSettings, language: Language, tasks: Operations, start_page: str | None) -> int:
    session = GuiSession(app, None, demo, settings=settings, language=language, tasks=tasks, factory=factory,
                         start_page=start_page, device=device, db_path=path)
    session.window.show()
    failure: list[Exception] = []

    def failed(exc: Exception) -> None:  # the file changed since it was probed, or cannot be opened after all
        failure.append(exc)
        _error(QCoreApplication.translate("Startup", "无法打开数据库"),
               user_message(exc, "zh") + "\n\n" + user_message(exc, "en"))
        app.exit(1)

    session.open_after_first_paint(failed)
    try:
        code = app.exec()
        return 1 if failure else code
    finally:
        session.close()
