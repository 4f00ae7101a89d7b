"""政策: the library of support policies (惠企政策), with the plain-language summary (通俗解读)
that officers read out to enterprises on site, shown large beside the list.

The list query runs off the GUI thread (key "policy-search": only the last keystroke's result is
shown). Search matches title, 文号 and issuer in Chinese, full pinyin or initials.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from ..report_actions import ReportSaver
from ..spreadsheet_actions import ExcelActions
from ...domain.vocabulary import PolicyCategory
from ...services.catalog import PolicyRow
from ..context import UiContext
from .page_services import PoliciesServices
from ..dialogs.policy_dialog import PolicyDialog
from ..models.policy_model import COLUMNS, PolicyState, PolicyTableModel, policy_state
from ..operations import POLICY, SYNC, VISIT
from .list_detail import ListDetailPage

SEARCH_KEY = "policy-search"

class PolicyDetailPane(QFrame):
    """One policy: title, where it comes from, its validity and, largest, the summary to read aloud."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("policyPane")
        self.title = QLabel()
        self.title.setObjectName("policyTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel()
        self.meta.setObjectName("policyMeta")
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.period = QLabel()
        self.state = QLabel()
        self.state.setObjectName("policyState")
        validity = QHBoxLayout()
        validity.addWidget(self.period)
        validity.addWidget(self.state)
        validity.addStretch(1)
        self.summary_title = QLabel(self.tr("通俗解读"))
        self.summary_title.setObjectName("sectionTitle")
        self.summary = QTextBrowser()
        self.summary.setObjectName("policySummary")
        self.summary.setOpenLinks(False)
        self.hint = QLabel(self.tr("在左侧列表中选择一条政策,这里显示它的通俗解读。"))
        self.hint.setObjectName("policyHint")
        self.hint.setWordWrap(True)
        col = QVBoxLayout(self)
        col.addWidget(self.title)
        col.addWidget(self.meta)
        col.addLayout(validity)
        col.addWidget(self.summary_title)
        col.addWidget(self.summary, 1)
        col.addWidget(self.hint)
        col.addStretch(0)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("通") * 18 + 24)
        self.show_policy(None, "", "")

    def show_policy(self, p: PolicyRow | None, period: str, state_text: str, state: PolicyState | None = None) -> None:
        for w in (self.title, self.meta, self.period, self.state, self.summary_title, self.summary):
            w.setVisible(p is not None)
        self.hint.setVisible(p is None)
        if p is None:
            self.title.clear()
            self.summary.clear()
            return
        lang = self.ctx.lang
        self.title.setText(p.title)
        parts = [p.issuer, p.document_number, p.issuer_level.label(lang), p.category.label(lang)]
        self.meta.setText(" · ".join(x for x in parts if x))
        self.period.setText(self.tr("有效期:{period}").format(period=period))
        self.state.setText(state_text)
        self.state.setProperty("state", state.value if state else "")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        paragraphs = [line.strip() for line in p.summary.splitlines() if line.strip()]
        self.summary.setHtml("".join(f"<p style='line-height:150%'>{escape(x)}</p>" for x in paragraphs))


class PoliciesPage(ListDetailPage):
    """The policy library. `results_loaded` fires after each query's rows are in the table. The list
    scaffold (search and its pause, keys, selection, dialogs, error line) is `ListDetailPage`'s."""
    shows = frozenset({POLICY, VISIT, SYNC})  # what a write must change for this page to refresh

    results_loaded = Signal()

    def __init__(self, ctx: UiContext, svc: PoliciesServices, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.svc = svc  # the services this page uses (page_services.py), not the whole locator
        self._widen_for_pending = False  # clear the search and filter once if they hide the record asked for
        self._last_id: str | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_filters())
        layout.addWidget(self.error_line)
        self._build_table()
        self.detail = PolicyDetailPane(ctx)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([800, 330])
        layout.addWidget(self.splitter, 1)
        self._connect()
        self.run_query()

    # ---- building ----------------------------------------------------------------------------------
    def _build_header(self) -> QHBoxLayout:
        title = QLabel(self.tr("政策"))
        title.setObjectName("pageTitle")
        self.count = QLabel()
        self.count.setObjectName("countLabel")
        self.add_button = QPushButton(self.tr("新增政策"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.setToolTip(self.tr("新增政策 (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("编辑"))
        self.edit_button.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.edit_button.setToolTip(self.tr("编辑所选政策 (F2 / Enter / 双击)"))
        self.edit_button.setEnabled(False)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        head.addWidget(self.add_button)
        head.addWidget(self.edit_button)
        self.excel = ExcelActions(self.ctx, self, "policies")
        head.addWidget(self.excel.button)
        # 惠企政策汇编: the policies valid today (of the category chosen), built off the GUI thread
        self.pdf_button = QPushButton(self.tr("政策汇编PDF"))
        self.pdf_button.setToolTip(self.tr("今天有效的政策（按所选类别）汇编成册，可打印发放 (Ctrl+P)"))
        self.pdf_button.clicked.connect(self.on_booklet)
        self.reports = ReportSaver(self.ctx, self)
        head.addWidget(self.pdf_button)
        return head

    def on_booklet(self) -> None:
        reports, lang = self.svc.reports, self.ctx.lang
        category = self.category.currentData() or None
        day = date.today()
        name = f"{'惠企政策汇编' if lang != 'en' else 'policy-booklet'}_{day.isoformat()}.pdf"
        self.reports.save(name, lambda dest: reports.booklet(dest, day, category, "a4", lang))

    def _build_filters(self) -> QHBoxLayout:
        self.search.setObjectName("policySearch")
        self.search.setPlaceholderText(self.tr("政策名称、文号、拼音或首字母"))
        self.search.setToolTip(self.tr("搜索 (Ctrl+F);Esc 清空;↓ 进入列表"))
        self.category = QComboBox()
        self.category.addItem(self.tr("全部类别"), None)
        for value, label in PolicyCategory.choices(self.ctx.lang):
            self.category.addItem(label, value)
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.category)
        return filters

    def _build_table(self) -> None:
        model = PolicyTableModel(self.ctx.lang, self)
        table = self.setup_table("policyTable", model, model.policy_id, row_height=self.fontMetrics().height() + 10)
        table.setAlternatingRowColors(True)
        table.setCornerButtonEnabled(False)
        hh = table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setMinimumSectionSize(40)
        fm = table.fontMetrics()
        pad = 16
        widths = {
            "issuer_level": fm.horizontalAdvance("发文层级") + pad,
            "document_number": fm.horizontalAdvance("豫政〔2025〕100号") + pad,
            "category": fm.horizontalAdvance("灾后重建灾") + pad,
            "period": fm.horizontalAdvance("2025-12-01 至 2027-12-01") + pad,
            "state": fm.horizontalAdvance("已失效已") + pad,
        }
        for key, width in widths.items():
            hh.resizeSection(COLUMNS.index(key), width)
        # the title takes what the fixed-width columns leave
        hh.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        # the validity period may scroll into view on a narrow screen (1366x768 at 125%)
        table.setMinimumWidth(sum(widths.values()) - widths["period"] + 160)

    def _connect(self) -> None:
        self.category.currentIndexChanged.connect(self.on_category_changed)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.add_button.clicked.connect(self.on_add)
        self.edit_button.clicked.connect(self.on_edit)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.on_edit)
        QWidget.setTabOrder(self.search, self.category)
        QWidget.setTabOrder(self.category, self.table)
        QWidget.setTabOrder(self.table, self.detail.summary)
        QWidget.setTabOrder(self.detail.summary, self.add_button)
        QWidget.setTabOrder(self.add_button, self.edit_button)

    # ---- querying ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.run_query()

    def run_query(self) -> None:
        self._timer.stop()
        svc = self.svc.policies
        text, category = self.search.text(), self.category.currentData()
        self.ctx.tasks.read(lambda: svc.list(text, category), self.on_rows_loaded, key=f"{SEARCH_KEY}-{id(self)}",
                            on_error=self.on_query_failed, parent=self)

    def on_category_changed(self, _index: int) -> None:
        self.run_query()

    def on_rows_loaded(self, rows: list[PolicyRow]) -> None:
        keep = self.wanted_id() or self._last_id
        if (self._pending_select and self._widen_for_pending and all(p.id != self._pending_select for p in rows)
                and (self.search.text() or self.category.currentData())):
            # the policy just saved (or asked for) is hidden by the search or filter: show everything
            self._widen_for_pending = False
            self.clear_filters()
            self.run_query()
            return
        self._widen_for_pending = False
        self.clear_error()
        self.count.setText(self.tr("共 {n} 条").format(n=f"{len(rows):,}"))
        self.select_when_loaded(keep)
        with self.resetting():
            self.model.set_rows(rows)
        self.reselect(first_if_missing=True)
        self.results_loaded.emit()

    def on_query_failed(self, exc: Exception) -> None:
        self.show_error(self.ctx.message(exc))

    def clear_filters(self) -> None:
        for w in (self.search, self.category):
            w.blockSignals(True)
        try:
            self.search.clear()
            self.category.setCurrentIndex(0)
        finally:
            for w in (self.search, self.category):
                w.blockSignals(False)

    # ---- selection ---------------------------------------------------------------------------------
    def selected(self) -> PolicyRow | None:
        pid = self.current_id()
        return self.model.row_at(self.model.row_of(pid)) if pid else None

    def load_detail(self, record_id: str | None) -> None:
        """The policy's detail is its row (the list query reads every field)."""
        p = self.model.row_at(self.model.row_of(record_id)) if record_id else None
        self.edit_button.setEnabled(p is not None)
        if p is None:
            self.detail.show_policy(None, "", "")
            return
        self._last_id = p.id
        self.detail.show_policy(p, self.model.period_text(p), self.model.state_text(p),
                                policy_state(p, self.model.today))

    def open_with(self, payload: object) -> None:
        """A policy id: select it, clearing the search and filter if they hide it."""
        if isinstance(payload, str):
            if self.select_id(payload):
                return
            self.select_when_loaded(payload)
            self._widen_for_pending = True
            self.run_query()

    # ---- adding and editing ------------------------------------------------------------------------
    def on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_policy(self.model.policy_id(index.row()))

    def on_add(self) -> None:
        self.edit_policy(None)

    def on_edit(self) -> None:
        pid = self.current_id()
        if pid is not None:
            self.edit_policy(pid)

    def edit_policy(self, policy_id: str | None) -> None:
        """Open the add (None: at once) or edit dialog (once the policy is read off the GUI thread)."""
        svc = self.svc.policies
        if policy_id is None:
            self.show_dialog(PolicyDialog(self.ctx, svc, None, self))
            return

        def show(policy: PolicyRow) -> None:
            self.show_dialog(PolicyDialog(self.ctx, svc, policy, self))

        self.ctx.tasks.read(lambda: svc.get(policy_id), show, key=f"policy-dialog-{id(self)}",
                            on_error=self.on_dialog_load_failed, parent=self)

    def on_dialog_load_failed(self, exc: Exception) -> None:  # e.g. gone since the list was loaded
        QMessageBox.warning(self, self.tr("编辑政策"), self.ctx.message(exc))
        self.refresh()

    def show_dialog(self, dlg: PolicyDialog) -> None:
        self.open_dialog(dlg, lambda: self.on_dialog_saved(dlg))

    def on_dialog_saved(self, dlg: PolicyDialog) -> None:
        if dlg.saved_id is not None:
            self.select_when_loaded(dlg.saved_id)
            self._widen_for_pending = True
        self.run_query()  # the other pages showing policies refresh on the write's Changes
