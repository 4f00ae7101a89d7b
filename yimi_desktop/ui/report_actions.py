"""Making a PDF from a page: ask where to save it, build it off the GUI thread with a busy dialog that can be
cancelled, then show it in the app's own print preview (PreviewDialog): the pages rendered with pypdfium2, the
path it was saved to, 打印 through QPrinter (Ctrl+P), 另存为, 打开所在文件夹. Nothing depends on a system PDF viewer.

A build that reports progress (the ledger) fills the dialog's bar and stops at 取消; any other is left to finish
in the background and its result dropped. The PDF is built into a hidden temporary file beside the destination and renamed into place only when the build
finished and was not cancelled: a cancelled build leaves the folder as it was (an older file of the same name too).
Ctrl+P on a page starts that page's PDF button; the button is disabled while its PDF is being built.
"""

from __future__ import annotations

import inspect
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .context import UiContext
from .operations import NOTHING
from .settings import REPORT_DIR, Settings

log = logging.getLogger(__name__)

# the buttons that make a page's PDF, found by name (Ctrl+P presses the first one there)
TRIGGERS = ("pdf_button", "make_button", "detail_pane.dossier_button")
MISSING_GLYPHS = "yimi-missing-glyphs:"


def saved_folder(settings) -> str:
    """Where PDF and Excel files are offered to be saved: the folder last used, else the user's documents."""
    saved = Settings(settings).get(REPORT_DIR)
    if saved and Path(saved).is_dir():
        return saved
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def ask_save_path(parent: QWidget, title: str, folder: str, default_name: str, file_filter: str,
                  suffix: str) -> Path | None:
    """The system's save dialog; the chosen path with `suffix` (e.g. ".pdf") added when it was left off."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / default_name), file_filter)
    if not path:
        return None
    return Path(path if path.lower().endswith(suffix) else path + suffix)


def _find(obj: object, dotted: str) -> QPushButton | None:
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj if isinstance(obj, QPushButton) else None


class ReportSaver(QObject):
    """One per page; `save(default_name, build, dest=None)` where build(dest) writes the PDF and returns its path.
    A build that takes a `progress` keyword (build(dest, progress=...)) gets progress(done, total) -> bool: the
    busy dialog shows how far it is, and 取消 makes progress return False, which stops the build."""

    written = Signal(object)  # the path of a PDF just saved (a page may re-read what the build changed)

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.page = parent
        self.open_after = True  # tests switch the preview off
        self.last_path: Path | None = None
        self.preview: PreviewDialog | None = None
        self.progress: QProgressDialog | None = None
        self._job = 0
        self._cancelled: set[int] = set()
        self._stops: dict[int, threading.Event] = {}
        self._disabled: list[QPushButton] = []
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), parent)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.on_print_shortcut)

    # -- where ----------------------------------------------------------------------------------

    def folder(self) -> str:
        return saved_folder(self.ctx.settings)

    def ask_path(self, default_name: str) -> Path | None:
        return ask_save_path(self.page, self.tr("保存PDF"), self.folder(), default_name, self.tr("PDF 文件 (*.pdf)"), ".pdf")

    def trigger(self) -> QPushButton | None:
        for name in TRIGGERS:
            button = _find(self.page, name)
            if button is not None:
                return button
        return None

    def on_print_shortcut(self) -> None:
        button = self.trigger()
        if button is not None and button.isEnabled():
            button.click()

    # -- building -------------------------------------------------------------------------------

    def busy(self) -> bool:
        return self.progress is not None

    def save(self, default_name: str, build: Callable[[Path], Path], dest: Path | None = None,
             writes: bool = False) -> None:
        """`writes`: the build also records something (the 简报's 期号 at the hub): it runs on the app's single
        write worker (ui.operations), never beside another write, with its record and the PDF in one transaction."""
        if self.busy():
            return  # one PDF at a time per page
        dest = dest or self.ask_path(default_name)
        if dest is None:
            return
        Settings(self.ctx.settings).set(REPORT_DIR, str(dest.parent))
        self._job += 1
        job = self._job
        button = self.trigger()
        self._disabled = [button] if button is not None and button.isEnabled() else []
        for b in self._disabled:
            b.setEnabled(False)
        self.progress = QProgressDialog(self.tr("正在生成PDF：%1").replace("%1", dest.name), self.tr("取消"), 0, 0,
                                        self.page)
        self.progress.setObjectName("reportProgress")
        self.progress.setWindowTitle(self.tr("生成PDF"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)  # quick builds never flash a dialog
        self.progress.canceled.connect(lambda: self.on_cancel(job))
        self.progress.setValue(0)

        stop = threading.Event()
        self._stops[job] = stop
        relay = _Relay(self)
        relay.moved.connect(self.on_progress)
        takes_progress = "progress" in inspect.signature(build).parameters

        def report(done: int, total: int) -> bool:  # on the worker thread
            relay.moved.emit(job, done, total)
            return not stop.is_set()

        def work() -> Path:
            if takes_progress:
                return _build_beside(dest, lambda tmp: build(tmp, progress=report))  # type: ignore[call-arg]
            return _build_beside(dest, build)

        if writes:  # what it records is shown by no page but its own (it re-reads on `written`): no refresh
            self.ctx.tasks.write(work, lambda path: self.on_done(job, dest, path), changes=NOTHING,
                                 on_error=lambda exc: self.on_failed(job, exc), parent=self.page,
                                 label=f"report {dest.name}")
            return
        self.ctx.tasks.read(work, lambda path: self.on_done(job, dest, path), key=f"report-{id(self)}-{job}",
                            on_error=lambda exc: self.on_failed(job, exc), parent=self.page)

    def on_progress(self, job: int, done: int, total: int) -> None:
        if job == self._job and self.progress is not None:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def on_cancel(self, job: int) -> None:
        if job == self._job and self.progress is not None:
            self._cancelled.add(job)
            stop = self._stops.pop(job, None)
            if stop is not None:
                stop.set()  # a build that reports progress stops at its next step
            self._finish()

    def _finish(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        for b in self._disabled:
            b.setEnabled(True)
        self._disabled = []

    def on_done(self, job: int, dest: Path, tmp: Path) -> None:
        self._stops.pop(job, None)
        if job in self._cancelled:  # cancelled meanwhile: the folder stays as it was
            self._cancelled.discard(job)
            tmp.unlink(missing_ok=True)
            return
        try:
            os.replace(tmp, dest)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            self._finish()
            QMessageBox.warning(self.page, self.tr("无法生成PDF"),
                                self.tr("无法写入%1：%2").replace("%1", str(dest)).replace("%2", exc.strerror or ""))
            return
        self._finish()
        self.last_path = dest
        log.info("report written: %s", dest)
        self.written.emit(dest)
        if self.open_after:
            self.preview = PreviewDialog(dest, self.page)
            self.preview.open()

    def on_failed(self, job: int, exc: Exception) -> None:
        self._stops.pop(job, None)
        if job in self._cancelled:
            self._cancelled.discard(job)
            return
        self._finish()
        QMessageBox.warning(self.page, self.tr("无法生成PDF"), self.ctx.message(exc))


class _Relay(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued signal)."""

    moved = Signal(int, int, int)  # job, done, total


def _build_beside(dest: Path, build: Callable[[Path], Path]) -> Path:
    """Build into a hidden file in the destination's folder (so the final rename is atomic)."""
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=".", suffix=".building.pdf")
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.unlink()  # the builder writes its own temporary and renames it here
        built = build(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Path(built)


# ---- the print preview ----------------------------------------------------------------------------------

def _pdfium():  # noqa: ANN202 - optional import
    try:
        import pypdfium2  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a dependency; the dialog still says where the file is
        return None
    return pypdfium2


def render_page(doc: object, index: int, dpi: float) -> QImage:
    """One page as a QImage at `dpi` (pypdfium2, white background)."""
    page = doc[index]  # type: ignore[index]
    bitmap = page.render(scale=dpi / 72.0)
    image = bitmap.to_pil().convert("RGB")
    data = image.tobytes("raw", "RGB")
    return QImage(data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888).copy()


class PreviewDialog(QDialog):
    """The PDF as pages in the app: where it was saved, page by page, 打印, 另存为, 打开所在文件夹."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.path = Path(path)
        self.setWindowTitle(self.tr("打印预览 - %1").replace("%1", str(self.path.name)))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        pdfium = _pdfium()
        self.doc = pdfium.PdfDocument(str(self.path)) if pdfium else None
        self.pages = len(self.doc) if self.doc is not None else 0
        self.zoom_dpi = 80.0

        layout = QVBoxLayout(self)
        self.where = QLabel(self.tr("已保存到：%1").replace("%1", str(self.path)))
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.warning = QLabel()
        self.warning.setStyleSheet("color: #b3261e")
        self.warning.setWordWrap(True)
        self.warning.hide()
        layout.addWidget(self.warning)
        missing = self._missing_glyphs()
        if missing:
            self.warning.setText(self.tr("注意：字体中没有以下字符，已印作“〓”加编码，请手写补上：%1").replace("%1", str(missing)))
            self.warning.show()

        bar = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("上一页"))
        self.next_button = QPushButton(self.tr("下一页"))
        self.page_box = QSpinBox()
        self.page_box.setRange(1, max(1, self.pages))
        self.count_label = QLabel(self.tr("共 %1 页").replace("%1", str(self.pages)))
        self.zoom_in = QPushButton(self.tr("放大"))
        self.zoom_out = QPushButton(self.tr("缩小"))
        for w in (self.prev_button, self.page_box, self.count_label, self.next_button, self.zoom_out, self.zoom_in):
            bar.addWidget(w)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.view = QLabel()
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self.view)
        layout.addWidget(self.scroller, 1)

        buttons = QHBoxLayout()
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_button.setToolTip(self.tr("打印（Ctrl+P）"))
        self.save_as_button = QPushButton(self.tr("另存为…"))
        self.folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.close_button = QPushButton(self.tr("关闭"))
        for w in (self.print_button, self.save_as_button, self.folder_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        if self.doc is None:
            self.view.setText(self.tr("无法在程序内预览（缺少 pypdfium2），文件已保存在上面的位置。"))
            for w in (self.prev_button, self.next_button, self.page_box, self.zoom_in, self.zoom_out, self.print_button):
                w.setEnabled(False)

        self.prev_button.clicked.connect(lambda: self.page_box.setValue(self.page_box.value() - 1))
        self.next_button.clicked.connect(lambda: self.page_box.setValue(self.page_box.value() + 1))
        self.page_box.valueChanged.connect(self.on_page_changed)
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self.zoom_dpi * 1.25))
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self.zoom_dpi / 1.25))
        self.print_button.clicked.connect(self.on_print)
        self.save_as_button.clicked.connect(self.on_save_as)
        self.folder_button.clicked.connect(self.on_open_folder)
        self.close_button.clicked.connect(self.close)
        for key, button in ((QKeySequence.StandardKey.MoveToNextPage, self.next_button),
                            (QKeySequence.StandardKey.MoveToPreviousPage, self.prev_button)):
            QShortcut(QKeySequence(key), self).activated.connect(button.click)
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(min(860, int(screen.width() * 0.9)) if screen else 860,
                    min(700, int(screen.height() * 0.85)) if screen else 700)  # fits 1366×768 and 1280×720
        QTimer.singleShot(0, lambda: self.show_page(1))

    def _missing_glyphs(self) -> str:
        if self.doc is None:
            return ""
        try:
            keywords = self.doc.get_metadata_dict().get("Keywords", "")
        except Exception:  # noqa: BLE001 - metadata is a nicety
            return ""
        return keywords.split(MISSING_GLYPHS, 1)[1].strip() if MISSING_GLYPHS in keywords else ""

    # -- viewing ------------------------------------------------------------------------------

    def current(self) -> int:
        return self.page_box.value()

    def on_page_changed(self, value: int) -> None:
        self.show_page(value)

    def set_zoom(self, dpi: float) -> None:
        self.zoom_dpi = max(30.0, min(240.0, dpi))
        self.show_page(self.current())

    def show_page(self, number: int) -> None:
        if self.doc is None or not self.pages:
            return
        number = max(1, min(self.pages, number))
        image = render_page(self.doc, number - 1, self.zoom_dpi * self.devicePixelRatioF())
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.view.setPixmap(pixmap)
        self.prev_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < self.pages)

    # -- printing -------------------------------------------------------------------------------

    def on_print(self) -> None:
        if self.doc is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.pages)
        dialog.setFromTo(1, self.pages)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = printer.fromPage(), printer.toPage()
        self.print_to(printer, first or 1, last or self.pages)

    def print_to(self, printer: QPrinter, first: int = 1, last: int | None = None) -> int:
        """Paint pages first..last onto `printer` (each page rendered at up to 300 dpi); returns pages printed."""
        last = min(last or self.pages, self.pages)
        dpi = float(min(300, printer.resolution()))
        progress = QProgressDialog(self.tr("正在打印…"), self.tr("取消"), first - 1, last, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.tr("无法打印"), self.tr("打印机无法开始打印。"))
            return 0
        done = 0
        try:
            for number in range(first, last + 1):
                if progress.wasCanceled():
                    break
                if done:
                    printer.newPage()
                image = render_page(self.doc, number - 1, dpi)
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(area.x(), area.y(), size.width(), size.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(area)
                painter.setWindow(area)
                done += 1
                progress.setValue(number)
        finally:
            painter.end()
            progress.close()
        return done

    # -- files ----------------------------------------------------------------------------------

    def ask_save_as(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(self.path), self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    def on_save_as(self) -> None:
        dest = self.ask_save_as()
        if dest is None or dest.resolve() == self.path.resolve():
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".", suffix=".pdf.part")
            os.close(fd)
            shutil.copyfile(self.path, tmp)
            os.chmod(tmp, 0o644)
            os.replace(tmp, dest)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("另存失败"),
                                self.tr("无法写入%1：%2").replace("%1", str(dest)).replace("%2", exc.strerror or ""))
            return
        self.path = dest
        self.where.setText(self.tr("已保存到：%1").replace("%1", str(dest)))

    def on_open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self.doc is not None:
            self.doc.close()
            self.doc = None
        super().closeEvent(event)
