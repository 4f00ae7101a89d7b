"""The main window: a thin shell of navigation, pages, menus and the status bar.

Pages do the work; the window only switches between them and tells them to refresh: after a
write operation only the pages that show one of the changed entity kinds (``Page.shows``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget,
)

from .. import __version__
from .context import UiContext
from .operations import Changes
from .settings import Settings
from .i18n import LANGUAGES
from .pages.base import Page

# (context, parent): a page made as a child of the window's stack is styled once, not again when it is moved in
PageFactory = Callable[[UiContext, QWidget], Page]
PREFERRED = QSize(1280, 800)
TITLE_BAR = 32  # reserved for the window manager's title bar before the window is first shown


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    services_replaced = Signal(object)  # new Services for the open database (see Page)

    def __init__(self, ctx: UiContext, pages: list[tuple[str, str, PageFactory]], parent=None,
                 start_page: str | None = None, light: frozenset[str] = frozenset()):
        super().__init__(parent)
        self.ctx = ctx
        # Before the services are attached (a light start) only the pages in `light` can be built: they paint
        # from storage/first_screen.py and take the services in Page.attach_services(); any other page asked
        # for meanwhile is built, and any page opening asked for is done, when they arrive (attach_services).
        self._light = light
        self._waiting: list[tuple[str, object]] = []  # open requests made before the services were here
        self._set_title()

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        # Pages are built when first shown (or asked for with page()): a start builds only the page it
        # opens on, and no hidden page queries. Until then the stack holds an empty placeholder.
        self._factories: dict[str, PageFactory] = {}
        self.pages: dict[str, Page] = {}  # the pages built so far, in the order they were built
        self._stale: set[str] = set()  # built pages that missed a refresh while hidden
        for i, (key, label, factory) in enumerate(pages):
            self._factories[key] = factory
            self.stack.addWidget(QWidget())
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            if i < 9:
                action = QAction(label, self)  # its text names it in 帮助 → 快捷键
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
                action.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
                self.addAction(action)
        self._keys = list(self._factories)
        self.nav.currentRowChanged.connect(self.on_nav_changed)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()

        self.device_label = QLabel()
        self._set_device_label()
        self.statusBar().addPermanentWidget(self.device_label)
        self.statusBar().addWidget(QLabel(str(ctx.db_path)))
        self.busy_label = QLabel(self.tr("正在保存…"))
        self.busy_label.setObjectName("busyIndicator")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.busy_label.setVisible(ctx.tasks.writing())
        ctx.tasks.busy_changed.connect(self.on_busy_changed)
        ctx.tasks.changed.connect(self.on_changes)
        self.nav.setCurrentRow(self._keys.index(start_page) if start_page in self._factories else 0)
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.fit_to(screen.availableGeometry())

    def _set_title(self) -> None:
        title = self.tr("一米团走访与诉求台账")
        if self.ctx.demo:
            title += " — " + self.tr("演示数据库")
        self.setWindowTitle(f"{title} [{self.ctx.device.name}]")

    def _set_device_label(self) -> None:
        device = self.ctx.device
        self.device_label.setText(self.tr("本机:{name}({role})").format(name=device.name,
                                                                        role=device.role.label(self.ctx.lang)))

    def can_build(self, key: str) -> bool:
        """True if page `key` can be built now (the services are here, or it paints without them)."""
        return self.ctx.ready or key in self._light

    def attach_services(self, services) -> None:
        """A light start's services, after the first paint: every page built so far takes them, the page shown
        is built if it had to wait, and the page openings asked for meanwhile are done."""
        self.ctx.attach(services)
        self._set_title()  # the same text unless the file took a new identity
        self._set_device_label()
        for page in list(self.pages.values()):
            page.attach_services()
        key = self._keys[self.stack.currentIndex()] if self.stack.currentIndex() >= 0 else None
        if key is not None and key not in self.pages:
            self.page(key)
        waiting, self._waiting = self._waiting, []
        for key, payload in waiting:
            self.on_open_requested(key, payload)

    def fit_to(self, available: QRect) -> None:
        """Open on the last geometry if it still fits the screen's available area, else sized to
        that area (at most 1280×800): never larger than the screen, never off its edge (trap B1)."""
        saved = Settings(self.ctx.settings).window_geometry
        if saved.isEmpty() or not self.restoreGeometry(saved):
            self.resize(PREFERRED)
            self.move(available.topLeft())
        # room for the title bar: the window manager adds it above the client area
        width = min(self.width(), available.width())
        height = min(self.height(), available.height() - TITLE_BAR)
        self.resize(width, height)
        x = min(max(self.x(), available.left()), available.right() + 1 - width)
        y = min(max(self.y(), available.top()), available.bottom() + 1 - height - TITLE_BAR)
        self.move(x, y)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        refresh = file_menu.addAction(self.tr("刷新(&R)"))
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh_all)
        file_menu.addAction(self.tr("备份与恢复(&B)…")).triggered.connect(self.on_backups)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("退出(&Q)"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        lang_menu = self.menuBar().addMenu(self.tr("语言(&L)"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            act = lang_menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(code == self.ctx.lang)
            act.setData(code)
            group.addAction(act)
            act.triggered.connect(lambda _=False, c=code: self.on_language_chosen(c))

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.tr("使用说明(&U)")).triggered.connect(lambda: self.on_help(0))
        keys = help_menu.addAction(self.tr("快捷键(&K)"))
        keys.setShortcut(QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(lambda: self.on_help(1))
        about = help_menu.addAction(self.tr("关于(&A)"))
        about.triggered.connect(self.on_about)

    def first_paint_styled(self) -> list[QWidget]:
        """What the app's style sheet names in the window as it opens: the navigation and the page shown (see
        Page.first_paint_styled)."""
        page = self.current_page()
        return [self.nav, *(page.first_paint_styled() if page is not None else [])]

    def current_page(self) -> Page | None:
        """The page shown now (None: not built yet, a light start waiting for the services)."""
        i = self.stack.currentIndex()
        return self.pages.get(self._keys[i]) if 0 <= i < len(self._keys) else None

    def page_keys(self) -> list[str]:
        """Every page's key, in navigation order (built or not)."""
        return list(self._keys)

    def page(self, key: str) -> Page:
        """The page `key`, built now if it was not yet."""
        page = self.pages.get(key)
        if page is None:
            if not self.can_build(key):
                raise RuntimeError(f"page {key!r} needs the services, which a light start attaches after its first paint")
            page = self._build_page(key)
        return page

    def _build_page(self, key: str) -> Page:
        page = self._factories[key](self.ctx, self.stack)
        page.setObjectName(f"page_{key}")
        page.open_requested.connect(self.on_open_requested)
        page.data_changed.connect(self.on_data_changed)
        page.services_replaced.connect(self.services_replaced)
        self.pages[key] = page
        i = self._keys.index(key)
        placeholder = self.stack.widget(i)
        current = self.stack.currentIndex() == i
        self.stack.insertWidget(i, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        if current:
            self.stack.setCurrentIndex(i)
        return page

    def show_page(self, key: str) -> Page:
        self.nav.setCurrentRow(self._keys.index(key))
        return self.page(key)

    def on_open_requested(self, key: str, payload: object) -> None:
        if not self.ctx.ready:  # a light start: done when the services are here
            self._waiting.append((key, payload))
            return
        self.show_page(key).open_with(payload)

    def _refresh(self, key: str, page: Page) -> None:
        """Refresh the page shown now; a hidden one is refreshed when next shown."""
        if self.stack.currentWidget() is page:
            page.refresh()
        else:
            self._stale.add(key)

    def on_data_changed(self) -> None:
        sender = self.sender()
        for key, page in list(self.pages.items()):
            if page is not sender:
                self._refresh(key, page)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """A write finished: refresh the pages that show what it changed (not the one that made it)."""
        for key, page in list(self.pages.items()):
            if page is not initiator and changes.touches(page.shows):
                self._refresh(key, page)

    def on_busy_changed(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)

    def on_nav_changed(self, row: int) -> None:
        if not 0 <= row < len(self._keys):
            return
        key = self._keys[row]
        built = key in self.pages
        if not built and not self.can_build(key):  # a light start: built when the services are here
            self.stack.setCurrentIndex(row)
            return
        page = self.page(key)  # a page built now runs its first query itself
        self.stack.setCurrentIndex(row)
        if built and key in self._stale:
            self._stale.discard(key)
            page.refresh()

    def is_stale(self, key: str) -> bool:
        """True if page `key` missed a refresh while hidden (it refreshes when shown)."""
        return key in self._stale

    def refresh_all(self) -> None:
        for key, page in list(self.pages.items()):
            self._refresh(key, page)

    def on_language_chosen(self, code: str) -> None:
        if code != self.ctx.lang:
            self.language_requested.emit(code)

    def on_backups(self) -> None:
        if not self.ctx.ready:  # a light start, in the moment before the database is open
            return
        from .dialogs.backup_dialog import BackupDialog

        self.backup_dialog = BackupDialog(self.ctx, self, on_restored=self.services_replaced.emit)
        self.backup_dialog.open()

    def on_help(self, tab: int) -> None:
        from .dialogs.help_dialog import HelpDialog

        HelpDialog(self, tab).open()

    def on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, self.tr("关于"), self.tr(
            "一米团走访与诉求台账 {version}\n尉氏县一米团离线桌面软件:记录走访、跟踪诉求、打印台账、U盘同步。\n"
            "界面与PDF字体:文泉驿微米黑 WenQuanYi Micro Hei(Apache 2.0)").format(version=__version__))

    def closeEvent(self, event) -> None:
        Settings(self.ctx.settings).window_geometry = self.saveGeometry()
        self.ctx.tasks.wait(10000)
        super().closeEvent(event)
