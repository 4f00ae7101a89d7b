"""Starting the GUI: QApplication, the bundled CJK font, the language, the database, the window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from .. import APP_NAME
from ..domain.errors import DomainError
from ..domain.vocabulary import DeviceRole
from ..paths import font_path
from ..services.context import Services, init_services, open_services
from .context import UiContext
from .i18n import Language
from .main_window import MainWindow
from .pages.registry import main_pages
from .tasks import TaskRunner

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
    family = load_font()
    if family:
        font = QFont(family)
        font.setPointSize(10)
        app.setFont(font)
    app.setStyleSheet(STYLE)
    return app


def build_window(services: Services, settings: QSettings, language: Language, demo: bool,
                 tasks: TaskRunner) -> MainWindow:
    ctx = UiContext(services=services, tasks=tasks, language=language, settings=settings, demo=demo)
    return MainWindow(ctx, main_pages())


class GuiSession:
    """Holds the open database and the window; rebuilds the window when the language changes."""

    def __init__(self, app: QApplication, services: Services, demo: bool):
        self.app = app
        self.services = services
        self.demo = demo
        self.settings = QSettings()
        self.language = Language(self.settings)
        self.language.install(self.language.saved())
        self.tasks = TaskRunner(app)
        self.window = self._make_window()

    def _make_window(self) -> MainWindow:
        window = build_window(self.services, self.settings, self.language, self.demo, self.tasks)
        window.language_requested.connect(self.on_language_requested)
        return window

    def on_language_requested(self, code: str) -> None:
        old = self.window
        self.language.save(code)
        if not self.language.install(code):
            QMessageBox.warning(old, "yimi-desktop", "English translation file is missing; staying in Chinese.")
        self.window = self._make_window()
        self.window.setGeometry(old.geometry())
        self.window.show()
        old.deleteLater()
        old.hide()


def _error(title: str, text: str) -> None:
    QMessageBox.critical(None, title, text)


def _open_or_create(path: Path) -> Services | None:
    if path.exists():
        return open_services(path)
    answer = QMessageBox.question(
        None, QCoreApplication.translate("Startup", "新建数据库"),
        QCoreApplication.translate("Startup", "没有找到数据库文件:\n{path}\n\n是否在此新建一个数据库?").format(path=path))
    if answer != QMessageBox.StandardButton.Yes:
        return None
    name, ok = QInputDialog.getText(None, QCoreApplication.translate("Startup", "本机名称"),
                                    QCoreApplication.translate("Startup", "请为本机起个名字(例如:金融专业一米团-笔记本1):"))
    if not ok:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    return init_services(path, name, DeviceRole.LAPTOP)


def run_gui(db_path: Path, demo: bool = False) -> int:
    app = make_application()
    try:
        services = _open_or_create(Path(db_path))
    except DomainError as exc:
        _error(QCoreApplication.translate("Startup", "无法打开数据库"), exc.text("zh") + "\n\n" + exc.text("en"))
        return 1
    if services is None:
        return 0
    session = GuiSession(app, services, demo)
    session.window.show()
    try:
        return app.exec()
    finally:
        session.tasks.wait(10000)
        services.close()
