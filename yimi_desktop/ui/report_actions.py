"""Making a PDF from a page: ask where to save it, build it off the GUI thread, open it in the system
viewer (which previews and prints it), and say so in the user's language if anything goes wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .context import UiContext
from .settings import REPORT_DIR, Settings


class ReportSaver(QObject):
    """One per page; `save(default_name, build)` where build(dest) writes the PDF and returns its path."""

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.page = parent
        self.open_after = True  # tests switch the viewer off
        self.last_path: Path | None = None

    def folder(self) -> str:
        saved = Settings(self.ctx.settings).get(REPORT_DIR)
        if saved and Path(saved).is_dir():
            return saved
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def ask_path(self, default_name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.page, self.tr("保存PDF"), str(Path(self.folder()) / default_name),
                                              self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    def save(self, default_name: str, build: Callable[[Path], Path], dest: Path | None = None) -> None:
        dest = dest or self.ask_path(default_name)
        if dest is None:
            return
        Settings(self.ctx.settings).set(REPORT_DIR, str(dest.parent))
        self.ctx.tasks.submit(lambda: build(dest), self.on_done, self.on_failed, key=f"report-{id(self)}")

    def on_done(self, path: Path) -> None:
        self.last_path = path
        if self.open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def on_failed(self, exc: Exception) -> None:
        QMessageBox.warning(self.page, self.tr("无法生成PDF"), self.ctx.message(exc))
