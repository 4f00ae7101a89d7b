"""Starting the GUI: QApplication, the bundled CJK font, the language, the database, the window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_NAME
from ..domain.vocabulary import DeviceRole
from ..domain.errors import DomainError
from ..paths import font_path, resources_dir
from ..services import backups
from ..services.context import Services, ServicesFactory
from .context import UiContext
from .dialogs.first_run_dialog import FirstRunDialog
from .excepthook import CrashReporter
from .i18n import Language
from .main_window import MainWindow
from .pages.registry import main_pages
from .operations import Operations

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

    def __init__(self, parent: QObject):
        super().__init__(parent)
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


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    if app.findChild(MainThreadGarbageCollector) is None:
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
    app.setStyleSheet(STYLE)
    return app


def build_window(services: Services, settings: QSettings, language: Language, demo: bool,
                 tasks: Operations, factory: ServicesFactory, start_page: str | None = None) -> MainWindow:
    ctx = UiContext(services=services, tasks=tasks, language=language, settings=settings, demo=demo,
                    factory=factory)
    return MainWindow(ctx, main_pages(), start_page=start_page)


class GuiSession:
    """Holds the open database and the window; rebuilds the window when the language changes or
    when a page hands over new services for the database (a laptop just enrolled)."""

    def __init__(self, app: QApplication, services: Services, demo: bool, settings: QSettings | None = None,
                 language: Language | None = None, tasks: Operations | None = None,
                 factory: ServicesFactory | None = None, start_page: str | None = None):
        self.app = app
        self.start_page = start_page  # the page the first window opens on (None: the first, 工作台)
        self.factory = factory or ServicesFactory()  # the composition root's; tests may leave it out
        self.services = services
        self.demo = demo
        self.settings = settings or QSettings()
        self.language = language or Language(self.settings)
        self.language.install(self.language.saved())
        self.tasks = tasks or Operations(app)
        self.window = self._make_window()

    def _make_window(self) -> MainWindow:
        self.tasks.lang = self.language.code
        window = build_window(self.services, self.settings, self.language, self.demo, self.tasks, self.factory,
                              self.start_page)
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

    def close(self) -> None:
        self.tasks.wait(10000)
        self.services.close()


def _error(title: str, text: str) -> None:
    QMessageBox.critical(None, title, text)


def run_gui(db_path: Path, factory: ServicesFactory, demo: bool = False, log_file: Path | None = None,
            start_page: str | None = None) -> int:
    """The GUI on the database at `db_path`, opened (or made on first run) by `factory`, the composition
    root's (app.py)."""
    app = make_application()
    if log_file is not None:  # uncaught exceptions: logged, and a calm message naming the log
        CrashReporter(log_file, parent=app).install()
    settings = QSettings()
    language = Language(settings)
    language.install(language.saved())
    tasks = Operations(app)
    path = Path(db_path)
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
    if backup_problem is not None:
        QMessageBox.warning(session.window, QCoreApplication.translate("Startup", "今天的备份没有做成"),
                            backup_problem.text(language.code))
    for notice in services.notices:  # a restored file or a clock found far ahead: said once, at start
        QMessageBox.information(session.window, QCoreApplication.translate("Startup", "本机换用了新的设备编号"),
                                notice.text(language.code))
    try:
        return app.exec()
    finally:
        session.close()
