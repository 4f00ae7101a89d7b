"""政策: the library of support policies, with the plain-language summary officers read out on site."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTableView, QTextBrowser,
    QVBoxLayout,
)

from ...domain.vocabulary import PolicyCategory
from ...services.catalog import PolicyRow
from ..context import UiContext
from ..dialogs.policy_dialog import PolicyDialog
from ..models.simple import RowsTableModel
from .base import Page


class PoliciesPage(Page):
    results_loaded = Signal()

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        lang = ctx.lang
        self.today = date.today()
        title = QLabel(self.tr("政策"))
        title.setObjectName("pageTitle")
        self.count = QLabel()
        self.add_button = QPushButton(self.tr("新增政策"))
        self.add_button.setShortcut(QKeySequence("Ctrl+N"))
        self.add_button.setToolTip(self.tr("新增政策 (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("编辑"))
        self.edit_button.setToolTip(self.tr("编辑所选政策 (F2 / Enter / 双击)"))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.count)
        head.addStretch(1)
        head.addWidget(self.add_button)
        head.addWidget(self.edit_button)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("政策名称、文号、拼音或首字母"))
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.addItem(self.tr("全部类别"), None)
        for value, label in PolicyCategory.choices(lang):
            self.category.addItem(label, value)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.category)

        def validity(p: PolicyRow) -> str:
            if p.valid_from and self.today < p.valid_from:
                return self.tr("未生效")
            if p.valid_to and self.today > p.valid_to:
                return self.tr("已失效")
            return self.tr("有效")

        def period(p: PolicyRow) -> str:
            start = p.valid_from.isoformat() if p.valid_from else self.tr("不限")
            end = p.valid_to.isoformat() if p.valid_to else self.tr("长期")
            return self.tr("{start} 至 {end}").format(start=start, end=end)

        self.model = RowsTableModel([
            (self.tr("政策名称"), lambda p: p.title),
            (self.tr("发文层级"), lambda p: p.issuer_level.label(lang)),
            (self.tr("文号"), lambda p: p.document_number),
            (self.tr("类别"), lambda p: p.category.label(lang)),
            (self.tr("有效期"), period),
            (self.tr("状态"), validity),
        ], self, foreground=lambda p: None if p.is_valid_on(self.today) else QBrush(QColor("#8a8a8a")))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for column, width in enumerate((290, 64, 140, 80, 180)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QTextBrowser()
        self.detail.setObjectName("policyDetail")
        self.detail.setOpenLinks(False)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([830, 400])

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_detail(cur.row()))
        self.table.doubleClicked.connect(lambda _i: self.on_edit())
        self.add_button.clicked.connect(self.on_add)
        self.edit_button.clicked.connect(self.on_edit)
        QShortcut(QKeySequence("F2"), self, activated=self.on_edit)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self._select_after: str | None = None
        self.refresh()

    def refresh(self) -> None:
        svc = self.ctx.services.policies
        text, category = self.search.text(), self.category.currentData()
        self.ctx.tasks.submit(lambda: svc.list(text, category), self.show_rows, key="policies")

    def show_rows(self, rows: list[PolicyRow]) -> None:
        current = self.selected()
        keep = self._select_after or (current.id if current else None)
        self._select_after = None
        self.model.set_rows(rows)
        self.count.setText(self.tr("共 {n} 条").format(n=len(rows)))
        r = self.model.row_of(keep)
        self.table.selectRow(r if r >= 0 else 0)
        if not rows:
            self.detail.clear()
        self.results_loaded.emit()

    def selected(self) -> PolicyRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def show_detail(self, row: int) -> None:
        p = self.model.row_at(row)
        if p is None:
            self.detail.clear()
            return
        lang = self.ctx.lang
        esc = lambda t: (t or "").replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
        self.detail.setHtml(
            f"<h2>{esc(p.title)}</h2>"
            f"<p style='color:#555'>{esc(p.issuer)} · {esc(p.document_number)} · {p.issuer_level.label(lang)} · "
            f"{p.category.label(lang)}</p>"
            f"<h3>{self.tr('通俗解读')}</h3><p style='font-size:15px; line-height:150%'>{esc(p.summary)}</p>")

    def on_add(self) -> None:
        self._open_dialog(None)

    def on_edit(self) -> None:
        p = self.selected()
        if p is not None:
            self._open_dialog(p.id)

    def _open_dialog(self, policy_id: str | None) -> None:
        self.dialog = PolicyDialog(self.ctx, policy_id, self)
        self.dialog.accepted.connect(self.on_dialog_saved)
        self.dialog.open()

    def on_dialog_saved(self) -> None:
        self._select_after = self.dialog.saved_id
        self.refresh()
        self.data_changed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.on_edit()
            return
        super().keyPressEvent(event)
