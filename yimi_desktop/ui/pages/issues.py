from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QHeaderView, QLabel, QMenu, QMessageBox, QPushButton, QSizePolicy, QSplitter, QVBoxLayout,
    QWidget,
)

from ...domain.lifecycle import EventKind
from ...domain.vocabulary import IssueStatus
from ...services.issues import IssueQuery, LedgerCounts
from ..context import UiContext
from ..report_actions import ReportSaver
from ..spreadsheet_actions import ExcelActions
from ...domain.vocabulary import DeviceRole
from ..dialogs.duban_settings import DubanSettingsDialog
from ..dialogs.issue_dialogs import IssueActionDialog, RaiseIssueDialog, action_dialog
from ..models.issue_model import COLUMNS, SORT_KEY_OF, IssueTableModel
from ..widgets.issue_detail import IssueDetail, IssueDetailPane
from ..widgets.issue_filters import IssueFilterBar
from .ledger_controller import LedgerController, LedgerResult
from .list_detail import ListDetailPage

QUERY_KEY = "issue-ledger"
DETAIL_KEY = "issue-detail"
DEFAULT_SORT = ("raised_on", True)
NBSP = "\u00a0"

COLUMN_WIDTHS = {
    "seq": 46, "enterprise": 180, "status": 80, "deadline": 138, "title": 150, "category": 92, "township": 62,
    "raised_on": 88, "team": 124, "result": 180, "satisfaction": 64,
}


class IssuesPage(ListDetailPage):
    """The ledger. `first_screen_loaded` fires when a query's first screen is in the table (LIMIT first),
    `results_loaded` when every id of it is and its counters are shown, `detail_loaded(id)` when the detail
    pane shows an issue, `action_done(id)` after an action."""

    first_screen_loaded = Signal()
    results_loaded = Signal()
    detail_loaded = Signal(str)
    action_done = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.controller = LedgerController(ctx.services, ctx.lang)
        self.detail: IssueDetail | None = None
        self.counts: LedgerCounts | None = None
        self.last_query: IssueQuery | None = None
        self._widen_for_pending = False
        self._sort = DEFAULT_SORT
        self._waiting: set[str] = set()  # what the shown query still waits for: "ids", "counts"
        self._submitted = 0  # queries started (run_query): what waits for a paint runs only for the last one
        self._shown = 0  # the one of them the table shows (on_results): a replaced one's late ids say nothing
        self._filling = False

        # ---- head: title, counters ------------------------------------------------------------
        title = QLabel(self.tr("问题台账"))
        title.setObjectName("pageTitle")
        self.counters = QLabel()
        self.counters.setObjectName("counters")
        self.counters.setTextFormat(Qt.TextFormat.RichText)
        # the counters wrap onto a second line where the row is narrow (English at 1280x720): never wider than
        # the page, so the buttons beside them stay on the screen
        self.counters.setWordWrap(True)
        self.counters.setMinimumWidth(160)
        self.counters.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.counters, 1, Qt.AlignmentFlag.AlignBottom)
        self.raise_button = QPushButton(self.tr("登记诉求"))
        self.raise_button.setObjectName("raiseIssue")
        self.raise_button.setToolTip(self.tr("登记电话、来访、12345热线、部门转来等不经走访的诉求"))
        self.raise_button.clicked.connect(self.open_raise_dialog)
        head.addWidget(self.raise_button)
        self.duban_button = QPushButton(self.tr("工作日历与时限规则"))
        self.duban_button.setObjectName("dubanSettings")
        self.duban_button.setToolTip(self.tr("督办设置:工作日历(含调休)和办理时限规则,由县级中心维护"))
        self.duban_button.clicked.connect(self.open_duban_settings)
        head.addWidget(self.duban_button)
        self.pdf_button = QPushButton(self.tr("导出台账PDF"))
        self.pdf_button.setToolTip(self.tr("按当前筛选生成问题台账(A4横向),可打印上报"))
        head.addWidget(self.pdf_button)
        self.reports = ReportSaver(ctx, self)
        self.pdf_button.clicked.connect(self.on_pdf)
        exports = {self.tr("导出台账Excel…"): (self.tr("问题台账"), self.ledger_export)}
        if ctx.services.device.role is DeviceRole.HUB:  # the 回填 round trip runs at the hub
            exports[self.tr("导出回填表(所选团队)…")] = (self.tr("回填表"), self.returns_export)
        self.excel = ExcelActions(ctx, self, None, exports)
        if ctx.services.device.role is DeviceRole.HUB:
            self.excel.menu.addAction(self.tr("导入回填表…"), self.open_returns_import)
        head.addWidget(self.excel.button)

        # ---- the filters (search box first) ---------------------------------------------------
        self.search.setObjectName("issueSearch")
        self.search.setPlaceholderText(self.tr("企业名称、拼音或首字母,诉求标题或内容"))
        self.search.setToolTip(self.tr("搜索 (Ctrl+F);Esc 清空;↓ 进入列表"))
        self.filters = IssueFilterBar(self.search, ctx.lang)
        f = self.filters  # the filter widgets, also as the page's own attributes (keyboard users, tests)
        self.preset_buttons, self.clear_button, self.status_buttons = f.preset_buttons, f.clear_button, f.status_buttons
        self.overdue, self.team, self.category, self.township = f.overdue, f.team, f.category, f.township
        self.raised, self.resolved, self.scope_label, self.scope_clear = f.raised, f.resolved, f.scope_label, f.scope_clear
        self.clear_button.clicked.connect(self.on_clear_clicked)
        f.changed.connect(self.run_query)
        f.mine_requested.connect(self.on_mine_requested)
        self.preset_buttons["mine"].setToolTip(self.tr("本机团员经办的未办结诉求(在工作台选择使用本机的团员)"))

        # ---- table and detail ------------------------------------------------------------------
        model = IssueTableModel(ctx.services.issues, ctx.lang, parent=self)
        model.use_operations(self.ctx.tasks)  # rows beyond the first chunk are read off the GUI thread
        model.completed.connect(self.on_all_ids)
        self.setup_table("issueTable", model, model.issue_id, row_height=self.fontMetrics().height() + 10)
        self.table.setCornerButtonEnabled(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setHighlightSections(False)
        hh.setMinimumSectionSize(40)
        hh.setSectionsClickable(True)
        hh.setSortIndicatorShown(True)
        for i, key in enumerate(COLUMNS):
            hh.resizeSection(i, COLUMN_WIDTHS[key])
        hh.setSortIndicator(COLUMNS.index(DEFAULT_SORT[0]), Qt.SortOrder.DescendingOrder)

        self.detail_pane = IssueDetailPane(ctx)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([770, 360])
        self.detail_pane.hide()  # shown when an issue is selected

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.filters)
        layout.addWidget(self.error_line)
        layout.addWidget(self.splitter, 1)

        self._load_choices()
        hh.sortIndicatorChanged.connect(self.on_sort_indicator_changed)
        self.table.customContextMenuRequested.connect(self.on_table_context_menu)
        self.detail_pane.action_requested.connect(self.open_action)
        self.detail_pane.enterprise_requested.connect(self.on_enterprise_requested)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.on_table_enter)

        order = [*self.filters.tab_order(), self.table, *self.detail_pane.buttons.values()]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self.filters.sync_presets()
        self.run_query()

    # ---- filter choices ------------------------------------------------------------------------
    def _load_choices(self) -> None:
        """Teams, categories and townships for the filter combos, read off the GUI thread."""
        self.ctx.tasks.read(self.controller.choices, self.filters.set_choices, key=f"ledger-choices-{id(self)}",
                            parent=self)

    # ---- the query ---------------------------------------------------------------------------------
    def on_pdf(self) -> None:
        q, lang = self.current_query(), self.ctx.lang
        filter_text = self.counters_text()
        svc = self.ctx.services.reports
        self.reports.save(svc.default_name("ledger", lang=lang),
                          lambda dest, progress=None: svc.ledger(q, dest, filter_text, lang, progress))

    def on_mine_requested(self) -> None:
        devices = self.ctx.services.devices

        def read() -> str | None:
            info = devices.info()
            return info.officer_id if info else None

        self.ctx.tasks.read(read, self.on_mine_officer, key=f"ledger-mine-{id(self)}", parent=self)

    def on_mine_officer(self, officer_id: str | None) -> None:
        if not officer_id:
            self._submitted += 1  # the counters of the query before, still to come, must not write over this
            self.counters.setText(self.tr("尚未选择使用本机的团员:请在工作台的“我的工作”中选择,再看“我的待办”。"))
            return
        self.filters.set_mine(officer_id)

    def current_query(self) -> IssueQuery:
        return self.filters.query(date.today())

    # ---- Excel: the ledger with the current filter, and the 回填表 of the team filtered on ----------
    def ledger_export(self):
        q, (sort, descending), exports, lang = self.current_query(), self._sort, self.ctx.services.exports, self.ctx.lang

        def build(dest):
            r = exports.ledger(q, dest, sort, descending, lang)
            return r.path, r.rows
        return build

    def returns_export(self):
        team_id, returns = self.current_query().team_id, self.ctx.services.returns
        if not team_id:
            QMessageBox.information(self, self.tr("导出回填表"),
                                    self.tr("请先在台账的“承办团队”筛选中选择一个团队,再导出该团队的回填表。"))
            return None

        def build(dest):
            r = returns.export(team_id, dest)
            return r.path, r.rows
        return build

    def open_returns_import(self):
        from ..dialogs.import_dialog import ImportDialog
        from ..operations import Changes

        returns = self.ctx.services.returns
        self.returns_dialog = ImportDialog(
            self.ctx, self.tr("导入回填表"), plan=lambda path, progress, cancelled: returns.plan(path),
            apply=lambda path, progress, cancelled: returns.apply(path, progress=progress),
            changes=Changes.of("issue"), parent=self)
        self.returns_dialog.open()
        return self.returns_dialog

    def set_query(self, q: IssueQuery) -> None:
        """Set every filter widget from `q` (without running it)."""
        self.filters.set_query(q)

    def sort(self) -> tuple[str, bool]:
        return self._sort

    def run_query(self) -> None:
        """LIMIT first: the first screen of ids with its rows (`first_screen_loaded`), then every id and the
        counters (`results_loaded`), all off the GUI thread; a newer query drops an older one's results."""
        self._timer.stop()
        q = self.current_query()
        sort, descending = self._sort
        controller, chunk = self.controller, self.model.chunk_size
        keep = self.wanted_id()
        self._submitted += 1
        self.ctx.tasks.submit(lambda: controller.load(q, sort, descending, chunk, keep), self.on_results,
                              self.on_query_failed, key=QUERY_KEY)

    def on_results(self, res: LedgerResult) -> None:
        self._shown = self._submitted  # (a keyed read: only the newest query's result is delivered)
        pending = self._pending_select
        if pending and self._widen_for_pending and pending not in res.ids:
            # the issue asked for is hidden by the filter: show everything once
            self._widen_for_pending = False
            self.set_query(IssueQuery())
            self.run_query()
            return
        self._widen_for_pending = False
        q, (sort, descending), controller = res.query, self._sort, self.controller
        self.last_query = q
        self._waiting = {"ids", "counts"}
        with self.resetting():
            self._filling = True
            try:
                self.model.show_first_screen(res.screen, lambda: controller.all_ids(q, sort, descending), q.today)
            finally:
                self._filling = False
        scope = []
        if res.enterprise:
            scope.append(self.tr("企业:{name}").format(name=res.enterprise))
        if res.officer:
            scope.append(self.tr("经办人:{name}").format(name=res.officer))
        if q.escalated:
            scope.append(self.tr("督查清单(升级督办)"))
        if q.extension_pending:
            scope.append(self.tr("延期申请待批"))
        self.filters.show_scope("  ".join(scope))
        self.reselect()
        self.first_screen_loaded.emit()
        if res.screen.complete:
            self._arrived("ids")
        submitted = self._submitted

        def counted(c: LedgerCounts) -> None:
            if submitted == self._submitted:  # (a late one of a replaced query, submitted before this one's, is not)
                self.on_counts(c)

        def rest() -> None:  # the counters (one grouped query) and every id, beside each other
            if submitted != self._submitted:  # a newer query is on its way: its own rest follows it
                return
            self.ctx.tasks.submit(lambda: controller.counts(q), counted, self.on_query_failed,
                                  key=QUERY_KEY + "-counts", parent=self)
            if not res.screen.complete:
                self.model.fetchMore()

        self.after_paint(rest)  # after the first screen is painted

    def on_all_ids(self) -> None:
        if self._filling:  # set_ids of a whole result: on_results goes on, then says so
            return
        if self._shown == self._submitted:  # not the ids of a query replaced since, whose result is on its way
            self._arrived("ids")

    def on_counts(self, c: LedgerCounts) -> None:
        self.show_counts(c)
        self._arrived("counts")

    def _arrived(self, part: str) -> None:
        if part in self._waiting:
            self._waiting.discard(part)
            if not self._waiting:
                self.results_loaded.emit()

    def on_query_failed(self, exc: Exception) -> None:
        self.counters.setProperty("error", True)
        self.counters.style().polish(self.counters)
        self.counters.setText(self.ctx.message(exc))

    def show_counts(self, c: LedgerCounts) -> None:
        self.counts = c
        self.counters.setProperty("error", False)
        self.counters.style().polish(self.counters)
        parts = [self.tr("共 {n} 条").format(n=f"{c.total:,}")]
        for s in IssueStatus:
            parts.append(f"{s.label(self.ctx.lang)} {c.by_status.get(s.value, 0):,}")
        # a narrow row wraps the counters between two counts, never inside one ("Cannot | resolve 32")
        parts = [p.replace(" ", NBSP) for p in parts]
        overdue = self.tr("超期 {n}").format(n=f"{c.overdue:,}").replace(" ", NBSP)
        parts.append(f'<span style="color:#a1140c; font-weight:bold">{overdue}</span>' if c.overdue else overdue)
        self.counters.setText(" · ".join(parts))

    def counters_text(self) -> str:
        """The counters as plain text (tests, accessibility, the PDF's filter line)."""
        return re.sub(r"<[^>]+>", "", self.counters.text()).replace(NBSP, " ")

    # ---- filter events -------------------------------------------------------------------------------
    def apply_preset(self, key: str) -> None:
        self.filters.apply_preset(key)

    def on_clear_clicked(self) -> None:
        self.set_query(IssueQuery())
        self.run_query()

    def on_sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        key = SORT_KEY_OF.get(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None
        hh = self.table.horizontalHeader()
        if key is None:  # not sortable: put the indicator back
            hh.blockSignals(True)
            sort, desc = self._sort
            col = next(c for c, k in SORT_KEY_OF.items() if k == sort)
            hh.setSortIndicator(COLUMNS.index(col),
                                Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder)
            hh.blockSignals(False)
            return
        self._sort = (key, order == Qt.SortOrder.DescendingOrder)
        self.run_query()

    def sort_by(self, key: str, descending: bool) -> None:
        """Sort as a click on the column header would (keyboard users, tests)."""
        col = next(c for c, k in SORT_KEY_OF.items() if k == key)
        self.table.horizontalHeader().setSortIndicator(
            COLUMNS.index(col), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    # ---- the page interface -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-run the current query keeping the selection (after edits elsewhere, imports, F5)."""
        self._load_choices()
        self.run_query()

    def open_with(self, payload: object) -> None:
        if isinstance(payload, IssueQuery):
            self.set_query(payload)
            self.run_query()
        elif isinstance(payload, str) and payload:
            if self.select_id(payload):
                return
            self.select_when_loaded(payload)
            self._widen_for_pending = True
            self.run_query()

    # ---- selection and detail --------------------------------------------------------------------------------
    def select_issue(self, issue_id: str) -> bool:
        return self.select_id(issue_id)

    def load_detail(self, issue_id: str | None) -> None:
        if issue_id is None:
            self.detail = None
            self.detail_pane.show_detail(None)
            self.detail_pane.hide()  # nothing to show: the table takes its width (trap B4)
            return
        controller, today = self.controller, self.model.today()
        self.ctx.tasks.submit(lambda: controller.detail(issue_id, today), self.on_detail_loaded, self.on_detail_failed,
                              key=DETAIL_KEY)

    def on_detail_loaded(self, d: IssueDetail) -> None:
        if d.row.id != self.current_id():
            return
        self.detail = d
        self.detail_pane.show_detail(d)
        self.detail_pane.show()
        self.model.update_row(d.row)
        self.detail_loaded.emit(d.row.id)

    def on_detail_failed(self, exc: Exception) -> None:
        self.detail = None
        self.detail_pane.show_detail(None)
        self.detail_pane.hint.setText(self.ctx.message(exc))
        self.detail_pane.show()

    # ---- actions -----------------------------------------------------------------------------------------------
    def open_action(self, kind: EventKind) -> IssueActionDialog | None:
        """Open the dialog for `kind` on the selected issue, window-modal; `self.dialog` while open."""
        d = self.detail
        if d is None or kind not in self.detail_pane.enabled_actions():
            return None
        dlg = action_dialog(kind, self.ctx, d.row, d.links, self, assign=d.assign)
        self.open_dialog(dlg, lambda: self.on_action_accepted(dlg))
        return dlg

    def open_raise_dialog(self) -> RaiseIssueDialog:
        dlg = RaiseIssueDialog(self.ctx, self)
        self.open_dialog(dlg, lambda: self.on_raised(dlg))
        return dlg

    def on_raised(self, dlg: RaiseIssueDialog) -> None:
        if dlg.result_id:
            self.refresh()
            self.data_changed.emit()

    def open_duban_settings(self) -> QDialog:
        dlg = DubanSettingsDialog(self.ctx, self)
        return self.open_dialog(dlg)

    def on_action_accepted(self, dlg: IssueActionDialog) -> None:
        row = dlg.result_row
        if row is None:
            return
        self.model.update_row(row)
        if self.current_id() == row.id:
            self.load_detail(row.id)
        # the counters follow the database; the list itself keeps the row until the next query
        q = self.last_query or self.current_query()
        controller = self.controller
        self.ctx.tasks.submit(lambda: controller.counts(q), self.on_counts, self.on_query_failed,
                              key=QUERY_KEY + "-counts")
        self.data_changed.emit()
        self.action_done.emit(row.id)

    def on_table_context_menu(self, pos) -> None:
        idx = self.table.indexAt(pos)
        if not idx.isValid() or self.detail is None or self.model.issue_id(idx.row()) != self.detail.row.id:
            return
        menu = QMenu(self)
        for kind, button in self.detail_pane.buttons.items():
            act = menu.addAction(button.text())
            act.setEnabled(button.isEnabled())
            act.triggered.connect(lambda _=False, k=kind: self.open_action(k))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def on_enterprise_requested(self, enterprise_id: str) -> None:
        self.open_requested.emit("enterprises", enterprise_id)

    # ---- keyboard ------------------------------------------------------------------------------------------------
    def on_table_enter(self) -> None:
        button = self.detail_pane.first_enabled_button()
        if button is not None:
            button.setFocus(Qt.FocusReason.ShortcutFocusReason)
