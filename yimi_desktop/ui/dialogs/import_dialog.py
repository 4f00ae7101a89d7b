"""导入Excel: choose a workbook, see the dry run (every row new / update / unchanged / refused, with
the reason), then 确认导入. Both runs happen off the GUI thread with a progress bar and a cancel
button: the dry run on the read pool, the import on the write worker (one transaction; cancelled,
nothing is written)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSortFilterProxyModel, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from ...services import backups
from ...services.imports import ImportPlan, Outcome
from ..context import UiContext
from ..models.import_plan_model import OUTCOME_ROLE, ImportPlanModel
from ..operations import Changes

# (path, progress(done, total), cancelled()) -> ImportPlan; run on a worker thread
Runner = Callable[[Path, Callable[[int, int], None], Callable[[], bool]], ImportPlan]


class _Progress(QObject):
    """Emitted from the worker thread; delivered (queued) on the GUI thread."""

    moved = Signal(int, int)


class ImportDialog(QDialog):
    imported = Signal(object)  # the applied ImportPlan

    def __init__(self, ctx: UiContext, title: str, plan: Runner, apply: Runner, changes: Changes,
                 template: Callable[[Path], Path] | None = None, template_name: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(title)
        self.ctx = ctx
        self._plan_fn, self._apply_fn, self._changes = plan, apply, changes
        self._template_fn, self._template_name = template, template_name
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.moved.connect(self.on_progress_moved)
        self.plan: ImportPlan | None = None
        self.path: Path | None = None

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("选择 Excel 文件(.xlsx)"))
        self.choose_button = QPushButton(self.tr("选择文件…"))
        self.choose_button.clicked.connect(self.on_choose_clicked)
        self.template_button = QPushButton(self.tr("下载模板…"))
        self.template_button.setToolTip(self.tr("带下拉选项、示例行和填写说明的空白表格"))
        self.template_button.clicked.connect(self.on_template_clicked)
        self.template_button.setVisible(template is not None)
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.template_button)

        self.summary = QLabel(self.tr("先选择文件:系统会逐行试导入,列出新增、更新、无变化和被拒绝的行,确认后才写入。"))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.only_refused = QCheckBox(self.tr("只看被拒绝的行"))
        self.only_refused.toggled.connect(self.on_only_refused_toggled)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.only_refused)
        progress_row.addStretch(1)
        progress_row.addWidget(self.bar, 1)
        progress_row.addWidget(self.cancel_button)

        self.model = ImportPlanModel(ctx.lang, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(OUTCOME_ROLE)
        self.proxy.setFilterKeyColumn(1)
        self.table = QTableView()
        self.table.setObjectName("importPlanTable")
        self.table.setModel(self.proxy)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        hh = self.table.horizontalHeader()
        for col, width in enumerate((56, 64, 220, 160)):
            hh.resizeSection(col, width)
        hh.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        self.apply_button = QPushButton(self.tr("确认导入"))
        self.apply_button.setObjectName("applyImport")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.on_apply_clicked)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.apply_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(progress_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(860, 520)

    # ---- choosing --------------------------------------------------------------------------------
    @Slot()
    def on_choose_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择 Excel 文件"), "",
                                              self.tr("Excel 表格 (*.xlsx *.xlsm *.xls *.ods);;所有文件 (*)"))
        if path:
            self.start_dry_run(Path(path))

    def start_dry_run(self, path: Path) -> None:
        """Classify every row of `path` off the GUI thread (nothing is written)."""
        self.path = path
        self.path_edit.setText(str(path))
        self.plan = None
        self.model.set_plan(None)
        self.apply_button.setEnabled(False)
        self.summary.setText(self.tr("正在试导入…"))
        self._run(lambda p, c: self._plan_fn(path, p, c), write=False)

    @Slot()
    def on_template_clicked(self) -> None:
        if self._template_fn is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存模板"), self._template_name,
                                              self.tr("Excel 表格 (*.xlsx)"))
        if path:
            self.save_template(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def save_template(self, dest: Path) -> None:
        fn = self._template_fn
        assert fn is not None
        self.ctx.tasks.read(lambda: fn(dest), self.on_template_saved, key=f"template-{id(self)}",
                            on_error=self.on_failed, parent=self)

    def on_template_saved(self, path: Path) -> None:
        self.summary.setText(self.tr("模板已保存:{path}").format(path=str(path)))

    # ---- running --------------------------------------------------------------------------------
    def _run(self, fn: Callable[[Callable[[int, int], None], Callable[[], bool]], ImportPlan], write: bool) -> None:
        self._cancel.clear()
        emit = self._progress.moved.emit
        cancelled = self._cancel.is_set
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.choose_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        if write:
            db_path = self.ctx.services.db.path

            def work() -> ImportPlan:
                # a verified backup before anything is changed, as `yimi import` and the 同步 page make
                backups.made_and_rotated(db_path, "before-import")
                return fn(emit, cancelled)

            self.ctx.tasks.write(work, self.on_applied, changes=self._changes,
                                 on_error=self.on_failed, parent=self, label="xlsx-import")
        else:
            self.ctx.tasks.read(lambda: fn(emit, cancelled), self.on_planned, key=f"xlsx-plan-{id(self)}",
                                on_error=self.on_failed, parent=self)

    def _stopped(self) -> None:
        self.bar.setVisible(False)
        self.cancel_button.setVisible(False)
        self.choose_button.setEnabled(True)

    @Slot(int, int)
    def on_progress_moved(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    @Slot()
    def on_cancel_clicked(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.summary.setText(self.tr("正在取消…"))

    def on_planned(self, plan: ImportPlan) -> None:
        self._stopped()
        self.plan = plan
        self.model.set_plan(plan)
        self.summary.setText(self._counts(plan, self.tr("试导入(尚未写入)")))
        self.apply_button.setEnabled(plan.count(Outcome.NEW) + plan.count(Outcome.UPDATE) > 0)

    @Slot()
    def on_apply_clicked(self) -> None:
        if self.path is None:
            return
        path = self.path
        self.summary.setText(self.tr("正在导入…"))
        self._run(lambda p, c: self._apply_fn(path, p, c), write=True)

    def on_applied(self, plan: ImportPlan) -> None:
        self._stopped()
        self.plan = plan
        self.model.set_plan(plan)
        self.summary.setText(self._counts(plan, self.tr("已导入")))
        self.apply_button.setEnabled(False)
        self.imported.emit(plan)

    def on_failed(self, exc: Exception) -> None:
        self._stopped()
        self.apply_button.setEnabled(self.plan is not None and not self.plan.applied
                                     and self.plan.count(Outcome.NEW) + self.plan.count(Outcome.UPDATE) > 0)
        self.summary.setText(self.ctx.message(exc))

    def _counts(self, plan: ImportPlan, verb: str) -> str:
        text = self.tr("{verb}:新增 {new} 行,更新 {update} 行,无变化 {same} 行,拒绝 {refused} 行。").format(
            verb=verb, new=plan.count(Outcome.NEW), update=plan.count(Outcome.UPDATE),
            same=plan.count(Outcome.UNCHANGED), refused=plan.count(Outcome.REFUSED))
        if plan.sheet:
            text += " " + self.tr("(工作表“{sheet}”,表头在第 {row} 行)").format(sheet=plan.sheet, row=plan.header_row)
        return text

    @Slot(bool)
    def on_only_refused_toggled(self, on: bool) -> None:
        self.proxy.setFilterFixedString(Outcome.REFUSED.value if on else "")

    def reject(self) -> None:
        if self.ctx.tasks.busy():
            self._cancel.set()  # a running import stops at its next chunk and writes nothing
        super().reject()

