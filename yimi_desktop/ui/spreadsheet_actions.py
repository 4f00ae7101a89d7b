"""Excel on a page: one 「Excel」 button whose menu imports a list (the import dialog), saves its
template, and exports what the page shows. Exports run off the GUI thread (the read pool: they only
read the database and write a file) and say where the file went."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from .context import UiContext
from .operations import Changes
from .settings import REPORT_DIR, Settings

Build = Callable[[Path], tuple[Path, int]]


class ExcelActions(QObject):
    """The Excel button of one page. `imports` is a list kind (enterprises/officers/policies) or
    None; `exports` maps a menu text to (default file name, make), where make() runs on the GUI thread
    (it reads the page's filter) and returns build(dest) -> (path, rows), which runs on a worker."""

    def __init__(self, ctx: UiContext, page: QWidget, imports: str | None = None,
                 exports: dict[str, tuple[str, Callable[[], Build | None]]] | None = None):
        super().__init__(page)
        self.ctx = ctx
        self.page = page
        self.kind = imports
        self.open_after = False  # the folder is named in the message; tests keep it so
        self.last_path: Path | None = None
        self.dialog: Any = None  # the import dialog, once opened
        self.button = QPushButton()  # a button with a menu, like the page's other buttons
        self.button.setObjectName("excelButton")
        self.button.setText(self.tr("Excel"))
        self.button.setToolTip(self.tr("从Excel导入、下载导入模板、导出为Excel (Ctrl+Shift+E)"))
        # never the page's first focus (it would take Enter from the list); from the keyboard, Ctrl+Shift+E opens
        # its menu (only the shown page's shortcut is live), and the menu then has the keyboard
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.shortcut = QShortcut(QKeySequence("Ctrl+Shift+E"), page)
        self.shortcut.activated.connect(self.button.showMenu)
        self.shortcut.setWhatsThis(self.tr("Excel 导入导出菜单"))
        self.menu = QMenu(self.button)
        if imports is not None:
            self.menu.addAction(self.tr("导入Excel…"), self.open_import)
            self.menu.addAction(self.tr("下载导入模板…"), self.save_template)
        for text, (name, make) in (exports or {}).items():
            self.menu.addAction(text, partial(self.export_with, name, make))
        self.button.setMenu(self.menu)
        self.menu.aboutToShow.connect(self.on_menu_about_to_show)

    def on_menu_about_to_show(self) -> None:
        """Its entries need the services: greyed out in the moment a light start has not attached them yet."""
        for action in self.menu.actions():
            action.setEnabled(self.ctx.ready)

    # ---- import ------------------------------------------------------------------------------
    def titles(self) -> dict[str, str]:
        return {"enterprises": self.tr("导入企业名录"), "officers": self.tr("导入团员名单"),
                "policies": self.tr("导入惠企政策清单")}

    def template_names(self) -> dict[str, str]:
        return {"enterprises": self.tr("企业名录模板.xlsx"), "officers": self.tr("团员名单模板.xlsx"),
                "policies": self.tr("政策清单模板.xlsx")}

    def open_import(self):
        from .dialogs.import_dialog import ImportDialog

        kind = self.kind
        assert kind is not None
        imports = self.ctx.services.imports
        assert imports is not None
        changes = {"enterprises": Changes.of("enterprise"), "officers": Changes.of("officer", "team"),
                   "policies": Changes.of("policy")}[kind]
        self.dialog = ImportDialog(
            self.ctx, self.titles()[kind],
            plan=lambda path, progress, cancelled: imports.plan(kind, path, progress, cancelled),
            apply=lambda path, progress, cancelled: imports.apply(kind, path, progress, cancelled),
            changes=changes, template=lambda dest: imports.template(kind, dest),
            template_name=str(Path(self.folder()) / self.template_names()[kind]), parent=self.page)
        self.dialog.open()
        return self.dialog

    def save_template(self) -> None:
        kind = self.kind
        assert kind is not None and self.ctx.services.imports is not None
        imports = self.ctx.services.imports
        dest = self.ask_path(self.template_names()[kind])
        if dest is not None:
            self.ctx.tasks.read(lambda: (imports.template(kind, dest), 0), self.on_exported,
                                key=f"xlsx-template-{id(self)}", on_error=self.on_failed, parent=self.page)

    # ---- export ------------------------------------------------------------------------------
    def folder(self) -> str:
        from .report_actions import saved_folder  # with QtPrintSupport: imported when a file is saved, not at start

        return saved_folder(self.ctx.settings)

    def ask_path(self, default_name: str) -> Path | None:
        from .report_actions import ask_save_path

        return ask_save_path(self.page, self.tr("保存Excel"), self.folder(), default_name,
                             self.tr("Excel 表格 (*.xlsx)"), ".xlsx")

    def export_with(self, default_name: str, make: Callable[[], Build | None], dest: Path | None = None) -> None:
        build = make()  # on the GUI thread: reads the page's filter (None: the page said why not)
        if build is not None:
            self.export(default_name, build, dest)

    def export(self, default_name: str, build: Callable[[Path], tuple[Path, int]], dest: Path | None = None) -> None:
        dest = dest or self.ask_path(f"{default_name}-{date.today().isoformat()}.xlsx")
        if dest is None:
            return
        Settings(self.ctx.settings).set(REPORT_DIR, str(dest.parent))
        self.ctx.tasks.read(lambda: build(dest), self.on_exported, key=f"xlsx-export-{id(self)}",
                            on_error=self.on_failed, parent=self.page)

    def on_exported(self, result: tuple[Path, int]) -> None:
        from PySide6.QtCore import QUrl  # here, as QMessageBox: making QUrl's class cost the first window ~0.7 ms
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        path, rows = result
        self.last_path = path
        if self.open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("已导出"),
                          self.tr("已保存 {path}").format(path=str(path)) if not rows else
                          self.tr("已导出 {rows} 行:{path}").format(rows=rows, path=str(path)),
                          QMessageBox.StandardButton.Ok, self.page)
        box.setObjectName("xlsxExported")
        box.open()

    def on_failed(self, exc: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("未能导出"), self.ctx.message(exc),
                          QMessageBox.StandardButton.Ok, self.page)
        box.setObjectName("xlsxFailed")
        box.open()


def offer_list_import(window, ask: Callable[[], bool] | None = None):
    """A hub set up just now has teams but no enterprises, officers or policies: offer to bring the
    county's lists in from Excel (the enterprises page's import dialog; officers and policies from
    their pages' Excel button). Returns the dialog opened, or None."""
    from PySide6.QtCore import QCoreApplication

    def question() -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            window, QCoreApplication.translate("FirstRun", "导入本县名单"),
            QCoreApplication.translate("FirstRun", "新的县级中心还没有企业、团员和政策。现在从 Excel 导入本县的企业名录吗?"
                                                   "(团员名单和政策清单可在“团队”“政策”页的 Excel 按钮导入。)"))
        return answer == QMessageBox.StandardButton.Yes

    if not (ask or question)():
        return None
    page = window.show_page("enterprises")
    return page.excel.open_import()
