"""问题台账: every issue, filtered and sorted in SQL, with a detail pane and the lifecycle actions.

Queries (ids + counters + the first chunk of rows) run off the GUI thread under one task key,
so only the latest filter's result is ever shown and typing never freezes the window. The table
model loads further rows a chunk at a time as they scroll into view.

`open_with(IssueQuery)` shows a filtered ledger (the dashboard's click-through);
`open_with("<issue id>")` selects one issue, widening the filter if it is hidden.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, replace
from datetime import date, timedelta

from PySide6.QtCore import QDate, QModelIndex, QItemSelectionModel, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMenu, QPushButton, QSplitter, QTableView, QToolButton, QVBoxLayout, QWidget,
)

from ...domain import pinyin
from ...domain.lifecycle import EventKind
from ...domain.vocabulary import TOWNSHIPS, IssueStatus, TeamKind
from ...services.issues import IssueQuery, IssueRow, LedgerCounts
from ..context import UiContext
from ..report_actions import ReportSaver
from ..dialogs.issue_dialogs import IssueActionDialog, action_dialog, pydate, qdate
from ..models.issue_model import COLUMNS, SORT_KEY_OF, IssueTableModel
from ..widgets.date_fields import DateField
from ..widgets.issue_detail import IssueDetail, IssueDetailPane
from .base import Page
from .search_keys import handle_search_key

SEARCH_DEBOUNCE_MS = 150
QUERY_KEY = "issue-ledger"
DETAIL_KEY = "issue-detail"
OPEN = frozenset({IssueStatus.NEW.value, IssueStatus.ASSIGNED.value, IssueStatus.IN_PROGRESS.value})
NO_DATE = date(2000, 1, 1)  # the lowest date of a period's pickers, shown as "不限"
DEFAULT_SORT = ("raised_on", True)

STYLE = """
QLabel#detailTitle { font-size: 17px; font-weight: bold; }
QLabel#detailHint, QLabel#scopeLabel { color: #6b6b6b; }
QLabel#counters[error="true"] { color: #b3261e; }
QFrame#issueDetail { background: #fcfaf9; border: 1px solid #e3d9d6; border-radius: 4px; }
QToolButton#statusToggle, QToolButton#preset { padding: 3px 8px; border: 1px solid #c9bfbc; border-radius: 3px;
    background: #ffffff; }
QToolButton#statusToggle:checked, QToolButton#preset:checked { background: #b3261e; color: white;
    border-color: #b3261e; }
QToolButton#statusToggle:focus, QToolButton#preset:focus { border: 2px solid #1f5fbf; }
"""

COLUMN_WIDTHS = {
    "seq": 46, "enterprise": 196, "township": 66, "category": 100, "title": 140, "raised_on": 88, "team": 132,
    "deadline": 150, "status": 62, "result": 180, "satisfaction": 64,
}


def week_days_left(today: date) -> int:
    """Days from today through Sunday (the 本周到期 preset)."""
    return 6 - today.weekday()


@dataclass(frozen=True)
class LedgerResult:
    query: IssueQuery
    ids: list[str]
    counts: LedgerCounts
    first_rows: list[IssueRow]
    enterprise: str  # names of the enterprise / officer the query is limited to, if any
    officer: str


class PeriodFilter(QWidget):
    """An optional date period: a check box and two pickers; an end at its lowest date is open ("不限")."""

    changed = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(caption)
        today = date.today()
        self.start = self._picker(today - timedelta(days=30))
        self.end = self._picker(today)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.check)
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.end)
        self.check.toggled.connect(self.on_check_toggled)
        self.start.dateChanged.connect(self.on_date_changed)
        self.end.dateChanged.connect(self.on_date_changed)
        self.on_check_toggled(False)

    def _picker(self, value: date) -> QDateEdit:
        edit = DateField(qdate(value))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(qdate(NO_DATE))
        edit.setSpecialValueText(self.tr("不限"))
        return edit

    def value(self) -> tuple[date | None, date | None]:
        if not self.check.isChecked():
            return None, None
        ends = (pydate(self.start.date()), pydate(self.end.date()))
        return tuple(None if d == NO_DATE else d for d in ends)  # type: ignore[return-value]

    def set_value(self, start: date | None, end: date | None) -> None:
        """Set without emitting `changed`."""
        self.blockSignals(True)
        try:
            active = start is not None or end is not None
            self.check.setChecked(active)
            if active:
                self.start.setDate(qdate(start or NO_DATE))
                self.end.setDate(qdate(end or NO_DATE))
        finally:
            self.blockSignals(False)

    def on_check_toggled(self, checked: bool) -> None:
        self.start.setEnabled(checked)
        self.end.setEnabled(checked)
        self.changed.emit()

    def on_date_changed(self, _d: QDate) -> None:
        if self.check.isChecked():
            self.changed.emit()


class IssuesPage(Page):
    """The ledger. `results_loaded` fires after each query's results are in the table,
    `detail_loaded(id)` when the detail pane shows an issue, `action_done(id)` after an action."""

    results_loaded = Signal()
    detail_loaded = Signal(str)
    action_done = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setStyleSheet(STYLE)
        self.dialog: IssueActionDialog | None = None
        self.detail: IssueDetail | None = None
        self.counts: LedgerCounts | None = None
        self.last_query: IssueQuery | None = None
        self._due_within: int | None = None  # set by the 本周到期 preset or an IssueQuery
        self._enterprise_id: str | None = None  # limits without a widget (from open_with)
        self._officer_id: str | None = None
        self._pending_select: str | None = None
        self._widen_for_pending = False
        self._sort = DEFAULT_SORT
        self._resetting = False

        # ---- head: title, counters ------------------------------------------------------------
        title = QLabel(self.tr("问题台账"))
        title.setObjectName("pageTitle")
        self.counters = QLabel()
        self.counters.setObjectName("counters")
        self.counters.setTextFormat(Qt.TextFormat.RichText)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.counters, 1, Qt.AlignmentFlag.AlignBottom)
        self.pdf_button = QPushButton(self.tr("导出台账PDF"))
        self.pdf_button.setToolTip(self.tr("按当前筛选生成问题台账(A4横向),可打印上报"))
        head.addWidget(self.pdf_button)
        self.reports = ReportSaver(ctx, self)
        self.pdf_button.clicked.connect(self.on_pdf)

        # ---- first filter row: search, presets -------------------------------------------------
        self.search = QLineEdit()
        self.search.setObjectName("issueSearch")
        self.search.setPlaceholderText(self.tr("企业名称、拼音或首字母,诉求标题或内容"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(self.tr("搜索 (Ctrl+F);Esc 清空;↓ 进入列表"))
        self.search.installEventFilter(self)
        self.presets = QButtonGroup(self)
        self.presets.setExclusive(False)  # kept in step with the filters by _sync_presets
        self.preset_buttons: dict[str, QToolButton] = {}
        for key, label in (("open", self.tr("未办结")), ("overdue", self.tr("已超期")),
                           ("due_week", self.tr("本周到期")), ("all", self.tr("全部"))):
            b = QToolButton()
            b.setText(label)
            b.setObjectName("preset")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            b.clicked.connect(lambda _=False, k=key: self.apply_preset(k))
            self.presets.addButton(b)
            self.preset_buttons[key] = b
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.setToolTip(self.tr("显示全部诉求"))
        self.clear_button.clicked.connect(self.on_clear_clicked)
        row1 = QHBoxLayout()
        row1.addWidget(self.search, 1)
        row1.addSpacing(8)
        row1.addWidget(QLabel(self.tr("快捷:")))
        for b in self.preset_buttons.values():
            row1.addWidget(b)
        row1.addSpacing(8)
        row1.addWidget(self.clear_button)

        # ---- second row: statuses, overdue, team, category, township ------------------------------
        self.status_buttons: dict[IssueStatus, QToolButton] = {}
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(self.tr("状态:")))
        for s in IssueStatus:
            b = QToolButton()
            b.setText(s.label(ctx.lang))
            b.setObjectName("statusToggle")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            b.setToolTip(self.tr("可多选;都不选即全部状态"))
            b.toggled.connect(self.on_filter_changed)
            self.status_buttons[s] = b
            row2.addWidget(b)
        self.overdue = QCheckBox(self.tr("只看超期"))
        self.overdue.toggled.connect(self.on_filter_changed)
        row2.addSpacing(6)
        row2.addWidget(self.overdue)
        row2.addSpacing(6)
        self.team = QComboBox()
        self.category = QComboBox()
        self.township = QComboBox()
        for combo, width in ((self.team, 170), (self.category, 130), (self.township, 100)):
            combo.setMinimumWidth(width)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            row2.addWidget(combo)
        row2.addStretch(1)

        # ---- third row: periods and scope -------------------------------------------------------
        self.raised = PeriodFilter(self.tr("提出日期"))
        self.resolved = PeriodFilter(self.tr("办结日期"))
        self.raised.changed.connect(self.on_filter_changed)
        self.resolved.changed.connect(self.on_filter_changed)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("scopeLabel")
        self.scope_clear = QPushButton(self.tr("取消限定"))
        self.scope_clear.clicked.connect(self.on_scope_clear_clicked)
        row3 = QHBoxLayout()
        row3.addWidget(self.raised)
        row3.addSpacing(16)
        row3.addWidget(self.resolved)
        row3.addSpacing(16)
        row3.addWidget(self.scope_label)
        row3.addWidget(self.scope_clear)
        row3.addStretch(1)
        self._show_scope("")

        # ---- table and detail ------------------------------------------------------------------
        self.model = IssueTableModel(ctx.services.issues, ctx.lang, parent=self)
        self.table = QTableView()
        self.table.setObjectName("issueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # Qt never measures rows it does not paint
        vh.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        vh.hide()
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

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addLayout(row3)
        layout.addWidget(self.splitter, 1)

        self._load_choices()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_query)
        self.search.textChanged.connect(self.on_search_text_changed)
        for combo in (self.team, self.category, self.township):
            combo.currentIndexChanged.connect(self.on_filter_changed)
        hh.sortIndicatorChanged.connect(self.on_sort_indicator_changed)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.table.customContextMenuRequested.connect(self.on_table_context_menu)
        self.detail_pane.action_requested.connect(self.open_action)
        self.detail_pane.enterprise_requested.connect(self.on_enterprise_requested)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.on_table_enter)
        find = QShortcut(QKeySequence.StandardKey.Find, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

        order = [self.search, *self.preset_buttons.values(), self.clear_button, *self.status_buttons.values(),
                 self.overdue, self.team, self.category, self.township, self.raised.check, self.raised.start,
                 self.raised.end, self.resolved.check, self.resolved.start, self.resolved.end, self.scope_clear,
                 self.table, *self.detail_pane.buttons.values()]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._sync_presets()
        self.run_query()

    # ---- filter choices ------------------------------------------------------------------------
    def _load_choices(self) -> None:
        """Teams (specialist first), categories, townships: a few small queries."""
        svc = self.ctx.services
        teams = svc.teams.list()
        categories = svc.categories.list()
        found = set(svc.enterprises.townships())
        townships = [t for t in TOWNSHIPS if t in found] + sorted(found.difference(TOWNSHIPS), key=pinyin.sort_key)
        for combo in (self.team, self.category, self.township):
            combo.blockSignals(True)
        try:
            chosen = (self.team.currentData(), self.category.currentData(), self.township.currentData())
            for combo in (self.team, self.category, self.township):
                combo.clear()
            self.team.addItem(self.tr("全部团队"), None)
            specialist = [t for t in teams if t.kind is TeamKind.SPECIALIST]
            for t in specialist:
                self.team.addItem(t.name, t.id)
            self.team.insertSeparator(self.team.count())
            for t in teams:
                if t.kind is not TeamKind.SPECIALIST:
                    self.team.addItem(t.name, t.id)
            self.category.addItem(self.tr("全部类别"), None)
            for c in categories:
                self.category.addItem(c.name_en if self.ctx.lang == "en" and c.name_en else c.name, c.id)
            self.township.addItem(self.tr("全部乡镇"), None)
            for t in townships:
                self.township.addItem(t, t)
            for combo, value in zip((self.team, self.category, self.township), chosen):
                combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)
        finally:
            for combo in (self.team, self.category, self.township):
                combo.blockSignals(False)

    # ---- the query ---------------------------------------------------------------------------------
    def on_pdf(self) -> None:
        q, lang = self.current_query(), self.ctx.lang
        filter_text = self.counters_text()
        svc = self.ctx.services.reports
        self.reports.save(svc.default_name("ledger", lang=lang), lambda dest: svc.ledger(q, dest, filter_text, lang))

    def current_query(self) -> IssueQuery:
        raised_from, raised_to = self.raised.value()
        resolved_from, resolved_to = self.resolved.value()
        return IssueQuery(
            statuses=frozenset(s.value for s, b in self.status_buttons.items() if b.isChecked()),
            team_id=self.team.currentData(), category_id=self.category.currentData(),
            township=self.township.currentData(), enterprise_id=self._enterprise_id, officer_id=self._officer_id,
            overdue=self.overdue.isChecked(), due_within_days=self._due_within,
            raised_from=raised_from, raised_to=raised_to, resolved_from=resolved_from, resolved_to=resolved_to,
            text=self.search.text().strip(), today=date.today(),
        )

    def set_query(self, q: IssueQuery) -> None:
        """Set every filter widget from `q` (without running it)."""
        widgets = [self.search, self.overdue, self.team, self.category, self.township,
                   *self.status_buttons.values()]
        for w in widgets:
            w.blockSignals(True)
        try:
            self.search.setText(q.text)
            for s, b in self.status_buttons.items():
                b.setChecked(s.value in q.statuses)
            self.overdue.setChecked(q.overdue)
            for combo, value in ((self.team, q.team_id), (self.category, q.category_id),
                                 (self.township, q.township)):
                combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
            self.raised.set_value(q.raised_from, q.raised_to)
            self.resolved.set_value(q.resolved_from, q.resolved_to)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._due_within = q.due_within_days
        self._enterprise_id = q.enterprise_id
        self._officer_id = q.officer_id
        self._sync_presets()

    def sort(self) -> tuple[str, bool]:
        return self._sort

    def run_query(self) -> None:
        self._timer.stop()
        q = self.current_query()
        sort, descending = self._sort
        svc = self.ctx.services
        chunk = self.model.chunk_size

        def work() -> LedgerResult:
            ids = svc.issues.ids(q, sort, descending)
            enterprise = svc.enterprises.get(q.enterprise_id).form.name if q.enterprise_id else ""
            officer = next((o.name for o in svc.officers.list() if o.id == q.officer_id), "?") if q.officer_id else ""
            return LedgerResult(q, ids, svc.issues.counts(q), svc.issues.rows(ids[:chunk], q.today), enterprise,
                                officer)

        self.ctx.tasks.submit(work, self.on_results, self.on_query_failed, key=QUERY_KEY)

    def on_results(self, res: LedgerResult) -> None:
        keep = self._pending_select or self.current_id()
        if self._pending_select and self._widen_for_pending and self._pending_select not in res.ids:
            # the issue asked for is hidden by the filter: show everything once
            self._widen_for_pending = False
            self.set_query(IssueQuery())
            self.run_query()
            return
        self._pending_select = None
        self._widen_for_pending = False
        self.last_query = res.query
        self._resetting = True
        try:
            self.model.set_ids(res.ids, res.query.today, res.first_rows)
        finally:
            self._resetting = False
        self.show_counts(res.counts)
        scope = []
        if res.enterprise:
            scope.append(self.tr("企业:{name}").format(name=res.enterprise))
        if res.officer:
            scope.append(self.tr("经办人:{name}").format(name=res.officer))
        self._show_scope("  ".join(scope))
        row = self.model.row_of(keep)
        if row >= 0:
            self.select_row(row)
        else:
            self.load_detail(None)
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
        overdue = self.tr("超期 {n}").format(n=f"{c.overdue:,}")
        parts.append(f'<span style="color:#a1140c; font-weight:bold">{overdue}</span>' if c.overdue else overdue)
        self.counters.setText(" · ".join(parts))

    def counters_text(self) -> str:
        """The counters as plain text (tests, accessibility, the PDF's filter line)."""
        return re.sub(r"<[^>]+>", "", self.counters.text())

    def _show_scope(self, text: str) -> None:
        self.scope_label.setText(self.tr("限定于 {scope}").format(scope=text) if text else "")
        self.scope_label.setVisible(bool(text))
        self.scope_clear.setVisible(bool(text))

    # ---- filter events -------------------------------------------------------------------------------
    def on_search_text_changed(self, _text: str) -> None:
        self._timer.start()

    def on_filter_changed(self, *_args: object) -> None:
        self._sync_presets()
        self.run_query()

    def apply_preset(self, key: str) -> None:
        today = date.today()
        statuses = {"open": OPEN}.get(key, frozenset())
        q = replace(self.current_query(), statuses=statuses, overdue=key == "overdue",
                    due_within_days=week_days_left(today) if key == "due_week" else None)
        self.set_query(q)
        self.run_query()

    def _sync_presets(self) -> None:
        statuses = frozenset(s.value for s, b in self.status_buttons.items() if b.isChecked())
        overdue, due = self.overdue.isChecked(), self._due_within
        current = None
        if due is not None and not overdue:
            current = "due_week"
        elif due is None and overdue and not statuses:
            current = "overdue"
        elif due is None and not overdue and statuses == OPEN:
            current = "open"
        elif due is None and not overdue and not statuses:
            current = "all"
        for key, b in self.preset_buttons.items():
            b.setChecked(key == current)

    def on_clear_clicked(self) -> None:
        self.set_query(IssueQuery())
        self.run_query()

    def on_scope_clear_clicked(self) -> None:
        self._enterprise_id = None
        self._officer_id = None
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
            if self.model.row_of(payload) >= 0:
                self.select_row(self.model.row_of(payload))
                return
            self._pending_select = payload
            self._widen_for_pending = True
            self.run_query()

    # ---- selection and detail --------------------------------------------------------------------------------
    def current_id(self) -> str | None:
        sm = self.table.selectionModel()
        idx = sm.currentIndex()
        if not idx.isValid() or not sm.isRowSelected(idx.row(), QModelIndex()):
            return None
        return self.model.issue_id(idx.row())

    def select_row(self, row: int) -> None:
        idx = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        sm = self.table.selectionModel()
        unchanged = sm.currentIndex().isValid() and sm.currentIndex().row() == row
        sm.setCurrentIndex(idx, flags)
        self.table.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)
        if unchanged:  # no currentRowChanged: load the detail here
            self.load_detail(self.model.issue_id(row))

    def select_issue(self, issue_id: str) -> bool:
        row = self.model.row_of(issue_id)
        if row >= 0:
            self.select_row(row)
        return row >= 0

    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._resetting:  # the model is being refilled; on_results selects again
            return
        self.load_detail(self.model.issue_id(current.row()) if current.isValid() else None)

    def load_detail(self, issue_id: str | None) -> None:
        if issue_id is None:
            self.detail = None
            self.detail_pane.show_detail(None)
            return
        svc, today = self.ctx.services.issues, self.model.today()
        self.ctx.tasks.submit(lambda: IssueDetail(svc.get(issue_id, today), svc.history(issue_id), svc.links(issue_id)),
                              self.on_detail_loaded, self.on_detail_failed, key=DETAIL_KEY)

    def on_detail_loaded(self, d: IssueDetail) -> None:
        if d.row.id != self.current_id():
            return
        self.detail = d
        self.detail_pane.show_detail(d)
        self.model.update_row(d.row)
        self.detail_loaded.emit(d.row.id)

    def on_detail_failed(self, exc: Exception) -> None:
        self.detail = None
        self.detail_pane.show_detail(None)
        self.detail_pane.hint.setText(self.ctx.message(exc))

    # ---- actions -----------------------------------------------------------------------------------------------
    def open_action(self, kind: EventKind) -> IssueActionDialog | None:
        """Open the dialog for `kind` on the selected issue, window-modal; `self.dialog` while open."""
        d = self.detail
        if d is None or kind not in self.detail_pane.enabled_actions():
            return None
        dlg = action_dialog(kind, self.ctx, d.row, d.links, self)
        self.dialog = dlg
        dlg.accepted.connect(lambda: self.on_action_accepted(dlg))
        dlg.finished.connect(lambda _r: self.on_dialog_finished(dlg))
        dlg.open()
        return dlg

    def on_action_accepted(self, dlg: IssueActionDialog) -> None:
        row = dlg.result_row
        if row is None:
            return
        self.model.update_row(row)
        if self.current_id() == row.id:
            self.load_detail(row.id)
        # the counters follow the database; the list itself keeps the row until the next query
        q = self.last_query or self.current_query()
        svc = self.ctx.services.issues
        self.ctx.tasks.submit(lambda: svc.counts(q), self.show_counts, self.on_query_failed, key=QUERY_KEY + "-counts")
        self.data_changed.emit()
        self.action_done.emit(row.id)

    def on_dialog_finished(self, dlg: IssueActionDialog) -> None:
        if self.dialog is dlg:
            self.dialog = None
        dlg.deleteLater()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

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

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.search and handle_search_key(self, event):
            return True
        return super().eventFilter(obj, event)
