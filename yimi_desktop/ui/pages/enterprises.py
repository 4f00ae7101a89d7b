"""企业: the directory of served enterprises: search, filters, a lazy table and a detail pane.

The id query runs off the GUI thread (key "enterprise-search", so only the last keystroke's
result is shown); rows are loaded by the model a chunk at a time as they scroll into view.
"""

from __future__ import annotations


from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget,
)

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...domain.labels import field_label
from ...domain.vocabulary import INDUSTRIES, TOWNSHIPS
from ...domain.vocabulary import OPEN as OPEN_STATUSES
from ...storage import first_screen
from ..context import UiContext
from ..models.enterprise_model import COLUMNS, EnterpriseTableModel
from ..models.lazy import FirstScreen, first_screen as limit_first
from ..operations import ENTERPRISE, ISSUE, POLICY, SYNC, VISIT, Changes
from ..spreadsheet_actions import ExcelActions
from .list_detail import ListDetailPage

if TYPE_CHECKING:  # imported with the services (a light start paints the first screen before them)
    from ...domain.forms import EnterpriseForm
    from ...services.enterprises import EnterpriseDetail, EnterpriseQuery, EnterpriseRow
    from ...services.issues import IssueRow
    from ...services.visits import VisitRow
    from ..dialogs.enterprise_dialog import EnterpriseDialog
    from ..report_actions import ReportSaver
    from .page_services import EnterprisesServices

SEARCH_KEY = "enterprise-search"
DETAIL_KEY = "enterprise-detail"
FILTERS_KEY = "enterprise-filters"

COLUMN_WIDTHS = {"township": 78, "industry": 92, "above_size": 42, "contact_person": 64}


def ordered(found: list[str], canonical: tuple[str, ...]) -> list[str]:
    """Known values in their customary order, then any others in pinyin order."""
    from ...domain import pinyin  # with the filter choices, after the first paint

    present = set(found)
    known = [v for v in canonical if v in present]
    rest = sorted(present.difference(canonical), key=pinyin.sort_key)
    return known + rest


def local_time(text: str) -> str:
    """'2024-05-01 08:30' stored in UTC, shown in this computer's time."""
    from ...domain.clock import local_text

    return local_text(text)


class EnterpriseDetailPane(QFrame):
    """Every field of one enterprise, plus its visit and issue figures. Until an enterprise is shown only the hint
    is there: the fields, buttons and lists are built with the first one (`body_built`), so the first window
    neither builds nor styles them. Its buttons and lists are told on as the pane's own signals."""

    new_visit_requested = Signal()
    all_issues_requested = Signal()
    dossier_requested = Signal()
    notice_requested = Signal()
    visit_activated = Signal(str)  # a visit id
    issue_activated = Signal(str)  # an issue id

    _BODY = frozenset({"values", "form", "body", "work", "new_visit_button", "all_issues_button", "issues_title",
                       "open_issues", "visits_title", "visits", "dossier_button", "notice_button"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.body_built = False
        self.setObjectName("detailPane")
        self.name = QLabel()
        self.name.setObjectName("detailName")
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel(self.tr("在左侧列表中选择一家企业,这里显示它的详细信息。"))
        self.hint.setObjectName("detailHint")
        self.hint.setWordWrap(True)
        self.captions = {k: field_label("enterprise", k, ctx.lang) for k in (
            "credit_code", "township", "address", "industry", "above_size", "contact_person", "contact_phone",
            "notes", "visit_count", "last_visit", "open_issue_count", "created_at", "updated_at")}
        inner = QWidget()
        self._col = QVBoxLayout(inner)
        self._col.addWidget(self.name)
        self._col.addWidget(self.hint)
        self._col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(scroll)
        fm = self.fontMetrics()
        # room for the longest caption beside a whole credit code, plus margins
        widest = max(fm.horizontalAdvance(c) for c in self.captions.values())
        self.setMinimumWidth(widest + fm.horizontalAdvance("91410223MAMWHMNH8X") + 64)
        self.name.hide()

    def __getattr__(self, name: str):
        # a part of the body asked for before the first enterprise (a test, a shortcut): built now
        if name in EnterpriseDetailPane._BODY and not self.__dict__.get("body_built", True):
            self.build_body()
            return getattr(self, name)
        raise AttributeError(name)

    def build_body(self) -> None:
        """The fields, the buttons and the lists (once)."""
        if self.body_built:
            return
        # the body's own classes are made with it (QFormLayout's, with its enums, cost the first window ~0.8 ms)
        from PySide6.QtWidgets import QFormLayout, QGridLayout

        self.body_built = True
        self.values: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setVerticalSpacing(8)
        for key, caption in self.captions.items():
            value = QLabel()
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.form.addRow(caption, value)
        self.body = QWidget()
        self.body.setLayout(self.form)

        # its work: open issues first (what is still owed), then the visit timeline
        self.new_visit_button = QPushButton(self.tr("新建走访 (Ctrl+Shift+N)"))
        self.all_issues_button = QPushButton(self.tr("查看全部诉求"))
        self.issues_title = QLabel()
        self.issues_title.setObjectName("sectionTitle")
        self.open_issues = QListWidget()
        self.open_issues.setObjectName("enterpriseOpenIssues")
        self.open_issues.setMaximumHeight(150)
        self.visits_title = QLabel()
        self.visits_title.setObjectName("sectionTitle")
        self.visits = QListWidget()
        self.visits.setObjectName("enterpriseVisits")
        self.visits.setMinimumHeight(160)
        for lst in (self.open_issues, self.visits):
            lst.setWordWrap(True)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.dossier_button = QPushButton(self.tr("企业档案PDF"))
        # two rows, so the pane's least width (the splitter gives it ~320 px at 1280) shows all three
        # and the address is not cut off on the right (trap B4)
        actions = QGridLayout()
        actions.addWidget(self.new_visit_button, 0, 0, 1, 2)
        actions.addWidget(self.all_issues_button, 1, 0)
        actions.addWidget(self.dossier_button, 1, 1)
        self.notice_button = QPushButton(self.tr("政策告知单PDF"))  # the policies that concern it, for a visit
        self.notice_button.setToolTip(self.tr("按企业的行业、规模和乡镇列出今天有效的相关政策，一页，走访时打印"))
        actions.addWidget(self.notice_button, 2, 0, 1, 2)
        self.work = QWidget()
        work_col = QVBoxLayout(self.work)
        work_col.setContentsMargins(0, 0, 0, 0)
        work_col.addLayout(actions)
        work_col.addWidget(self.issues_title)
        work_col.addWidget(self.open_issues)
        work_col.addWidget(self.visits_title)
        work_col.addWidget(self.visits)
        self.body.hide()
        self.work.hide()
        self._col.insertWidget(2, self.body)
        self._col.insertWidget(3, self.work)

        self.new_visit_button.clicked.connect(self.new_visit_requested)
        self.all_issues_button.clicked.connect(self.all_issues_requested)
        self.dossier_button.clicked.connect(self.dossier_requested)
        self.notice_button.clicked.connect(self.notice_requested)
        self.visits.itemActivated.connect(lambda item: self.visit_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.open_issues.itemActivated.connect(
            lambda item: self.issue_activated.emit(item.data(Qt.ItemDataRole.UserRole)))

    def show_work(self, visits: list[VisitRow], issues: list[IssueRow]) -> None:
        from PySide6.QtGui import QColor

        lang = self.ctx.lang
        self.issues_title.setText(self.tr("未办结诉求 {n} 个").format(n=f"{len(issues):,}"))
        self.open_issues.setMaximumHeight(40 + 44 * min(len(issues), 3))
        self.open_issues.clear()
        for i in issues:
            deadline = i.deadline.isoformat() if i.deadline else "—"
            text = f"{i.title} · {i.status.label(lang)} · {i.team or '—'} · {deadline}"
            if i.overdue:
                text += " · " + self.tr("超期")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, i.id)
            if i.overdue:
                item.setForeground(QColor("#a1140c"))
            elif i.due_soon:
                item.setForeground(QColor("#8a5300"))
            self.open_issues.addItem(item)
        self.visits_title.setText(self.tr("走访记录 {n} 次").format(n=f"{len(visits):,}"))
        self.visits.clear()
        for v in visits:
            item = QListWidgetItem(f"{v.visit_date.isoformat()} · {v.visit_type.label(lang)} · {v.team} · {v.officers}"
                                   + (" · " + self.tr("诉求 {n} 个").format(n=v.issue_count) if v.issue_count else ""))
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            self.visits.addItem(item)

    def show_detail(self, d: EnterpriseDetail | None) -> None:
        if d is None and not self.body_built:  # nothing shown yet: the hint is all there is
            self.name.clear()
            self.name.hide()
            self.hint.show()
            return
        self.build_body()
        self.body.setVisible(d is not None)
        self.work.setVisible(d is not None)
        self.name.setVisible(d is not None)
        self.hint.setVisible(d is None)
        if d is None:
            self.name.clear()
            for label in self.values.values():
                label.clear()
            return
        f = d.form
        dash = "—"
        self.name.setText(f.name)
        texts = {
            "credit_code": f.credit_code, "township": f.township, "address": f.address, "industry": f.industry,
            "above_size": self.tr("是") if f.above_size else self.tr("否"),
            "contact_person": f.contact_person, "contact_phone": f.contact_phone, "notes": f.notes,
            "visit_count": f"{d.visit_count:,}", "last_visit": d.last_visit or "",
            "open_issue_count": f"{d.open_issue_count:,}",
            "created_at": local_time(d.created_at), "updated_at": local_time(d.updated_at),
        }
        for key, text in texts.items():
            self.values[key].setText(text or dash)


class EnterprisesPage(ListDetailPage):
    """The directory. `first_screen_loaded` fires when a query's first screen is in the table, `results_loaded`
    when all its ids are (and the count). The list
    scaffold (search and its pause, keys, selection, dialogs, error line) is `ListDetailPage`'s."""
    shows = frozenset({ENTERPRISE, VISIT, ISSUE, POLICY, SYNC})  # what a write must change for this page to refresh

    first_screen_loaded = Signal()  # the first screen of a query's results is in the table (LIMIT first)
    results_loaded = Signal()  # every id of it too, and the count
    detail_loaded = Signal(str)
    filters_loaded = Signal()

    def __init__(self, ctx: UiContext, svc: EnterprisesServices | None, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        # the services this page uses (page_services.py), not the whole locator; None on a light start until
        # attach_services(): the first screen of the default query is read with storage.first_screen meanwhile
        self.svc = svc
        self._waiting_query = False  # a search or filter asked for before the services were here
        self._after_attach: list[Callable[[], None]] = []  # clicks that need the services, done when they come
        self._widen_for_pending = False  # clear filters once if the saved enterprise is filtered out
        self._last_id: str | None = None  # reselected when a later query brings it back
        self.detail: EnterpriseDetail | None = None
        self._rest: Callable[[], list[str]] = lambda: []  # every id of the query whose first screen is being read
        self._filling = False
        self._light_read: object | None = None  # the light start's read-ahead being shown (None: none)
        self._asked = self._shown = 0  # queries started, and the one shown: a replaced one's late ids say nothing

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_filters())
        layout.addWidget(self.error_line)
        self._build_table()
        self.detail_pane = self.styled(EnterpriseDetailPane(ctx))
        self.detail_pane.new_visit_requested.connect(self.on_new_visit)
        self.detail_pane.all_issues_requested.connect(self.on_all_issues)
        self.detail_pane.visit_activated.connect(lambda vid: self.open_requested.emit("visits", vid))
        self.detail_pane.issue_activated.connect(lambda iid: self.open_requested.emit("issues", iid))
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self.on_new_visit)
        # the PDF saver (and QtPrintSupport with it) is made with the services: a light start paints without it
        self._reports: ReportSaver | None = None
        if svc is not None:
            self.reports  # noqa: B018 - made now: its Ctrl+P is live from the start
        self.detail_pane.dossier_requested.connect(self.on_dossier)
        self.detail_pane.notice_requested.connect(self.on_notice)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([840, 290])
        layout.addWidget(self.splitter, 1)
        self._connect()
        self.refresh()

    @property
    def reports(self) -> ReportSaver:
        """The page's PDF saver (Ctrl+P makes the dossier), made on first use."""
        if self._reports is None:
            from ..report_actions import ReportSaver

            self._reports = ReportSaver(self.ctx, self)
        return self._reports

    # ---- building ------------------------------------------------------------------------------
    def _build_header(self) -> QHBoxLayout:
        title = self.styled(QLabel(self.tr("企业")))
        title.setObjectName("pageTitle")
        self.count_label = self.styled(QLabel())
        self.count_label.setObjectName("countLabel")
        self.new_button = QPushButton(self.tr("新增企业"))
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setToolTip(self.tr("新增企业 (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("编辑"))
        self.edit_button.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.edit_button.setToolTip(self.tr("编辑所选企业 (F2 / Enter / 双击)"))
        self.edit_button.setEnabled(False)
        self.void_button = QPushButton(self.tr("作废…"))
        self.void_button.setToolTip(self.tr("录错或重复的企业:作废后不再出现在名录、选择列表和统计中,保留在历史里"))
        self.void_button.setEnabled(False)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        head.addWidget(self.new_button)
        head.addWidget(self.edit_button)
        self.excel = ExcelActions(self.ctx, self, "enterprises", {self.tr("导出企业名录…"): (self.tr("企业名录"), self.directory_export)})
        head.addWidget(self.excel.button)
        head.addWidget(self.void_button)
        return head

    def directory_export(self):
        """The directory as the page filters it, as .xlsx (built off the GUI thread)."""
        q, exports = self.current_query(), self.ctx.services.exports

        def build(dest):
            r = exports.enterprises(q, dest, self.ctx.lang)
            return r.path, r.rows
        return build

    def _build_filters(self) -> QHBoxLayout:
        self.search.setObjectName("enterpriseSearch")
        self.search.setPlaceholderText(self.tr("名称、信用代码、拼音或首字母"))
        self.search.setToolTip(self.tr("搜索 (Ctrl+F);Esc 清空;↓ 进入列表"))
        self.township = QComboBox()
        self.township.addItem(self.tr("全部乡镇"), None)
        self.industry = QComboBox()
        self.industry.addItem(self.tr("全部行业"), None)
        self.above_size = QComboBox()
        self.above_size.addItem(self.tr("全部"), None)
        self.above_size.addItem(self.tr("规上企业"), True)
        self.above_size.addItem(self.tr("规下企业"), False)
        for combo in (self.township, self.industry, self.above_size):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumWidth(110)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.township)
        filters.addWidget(self.industry)
        filters.addWidget(self.above_size)
        return filters

    def _build_table(self) -> None:
        path = self.ctx.db_path
        model = EnterpriseTableModel(self.svc.enterprises if self.svc else None, parent=self, lang=self.ctx.lang,
                                     rows=lambda ids: first_screen.enterprise_rows(path, ids),
                                     chunk_size=first_screen.DIRECTORY_FIRST_SCREEN)
        model.use_operations(self.ctx.tasks)  # rows beyond the first chunk are read off the GUI thread
        model.completed.connect(self.on_all_ids)
        self.setup_table("enterpriseTable", model, model.enterprise_id, row_height=self.fontMetrics().height() + 10)
        self.table.setAlternatingRowColors(True)
        self.table.setCornerButtonEnabled(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setHighlightSections(False)
        hh.setMinimumSectionSize(40)
        fm = self.table.fontMetrics()
        widths = dict(COLUMN_WIDTHS)
        widths["credit_code"] = fm.horizontalAdvance("91410223MAMWHMNH8X") + 12  # wide letters
        widths["contact_phone"] = fm.horizontalAdvance("0371-27981234") + 16
        hfm = hh.fontMetrics()
        for i, key in enumerate(COLUMNS):
            if key in widths:  # never narrower than its header (English "Above-size" was cut to "bove-si")
                title = str(model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
                hh.resizeSection(i, max(widths[key], hfm.horizontalAdvance(title) + 14))
        # the name keeps room for a usual name however narrow the screen (1280x720 at 125% left it
        # "尉氏…"); on a narrow screen the later columns scroll, on a wide one the last one takes the rest
        hh.resizeSection(COLUMNS.index("name"), fm.horizontalAdvance("尉氏县安达恒纺织有限公司") + 16)
        hh.setStretchLastSection(True)

    def _connect(self) -> None:
        for combo in (self.township, self.industry, self.above_size):
            combo.currentIndexChanged.connect(self.on_filter_changed)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.new_button.clicked.connect(self.on_new_clicked)
        self.edit_button.clicked.connect(self.on_edit_clicked)
        self.void_button.clicked.connect(self.on_void_clicked)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.on_edit_clicked)
        QWidget.setTabOrder(self.search, self.township)
        QWidget.setTabOrder(self.township, self.industry)
        QWidget.setTabOrder(self.industry, self.above_size)
        QWidget.setTabOrder(self.above_size, self.table)
        QWidget.setTabOrder(self.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.edit_button)

    # ---- querying ----------------------------------------------------------------------------
    def current_query(self) -> EnterpriseQuery:
        from ...services.enterprises import EnterpriseQuery

        return EnterpriseQuery(
            text=self.search.text(), township=self.township.currentData(), industry=self.industry.currentData(),
            above_size=self.above_size.currentData(),
        )

    def is_default_query(self) -> bool:
        """No search text and no filter: the query a light start reads (storage.first_screen)."""
        return (not self.search.text().split() and self.township.currentData() is None
                and self.industry.currentData() is None and self.above_size.currentData() is None)

    def _when_ready(self, action: Callable[[], None]) -> bool:
        """False (and `action` kept for attach_services) while a light start waits for the services."""
        if self.svc is None:
            self._after_attach.append(action)
            return False
        return True

    def attach_services(self) -> None:
        """The handover of a light start: the rows shown stay (the same query, read the same way, and every id
        already on its way), the selection stays; the filter choices, the detail and what waited now load."""
        if self.svc is not None:
            return
        from .page_services import EnterprisesServices

        self.svc = EnterprisesServices.of(self.ctx.services)
        self.reports  # noqa: B018 - its Ctrl+P, now that a dossier can be made
        self.model.attach(self.svc.enterprises)
        self._load_filters()
        if self._waiting_query or not self.is_default_query():
            self._waiting_query = False
            self.run_query()
        else:
            self.load_detail(self.current_id())
        waiting, self._after_attach = self._after_attach, []
        for action in waiting:
            action()

    def _load_filters(self) -> None:
        assert self.svc is not None
        svc = self.svc.enterprises
        self.ctx.tasks.submit(lambda: (svc.townships(), svc.industries()), self.on_filters_loaded,
                              self.on_query_failed, key=FILTERS_KEY)

    def refresh(self) -> None:
        """Reload the filter choices and re-run the current query (after imports and edits)."""
        if self.svc is not None:  # a light start reads the first screen only
            self._load_filters()
        self.run_query()

    def run_query(self) -> None:
        """LIMIT first: the first screen of ids with its rows, then every id and so the count, both off the
        GUI thread (`first_screen_loaded`, then `results_loaded`); a newer query drops an older one's results."""
        self._timer.stop()
        self._light_read = None  # a read-ahead not shown yet is not shown now
        self._asked += 1
        chunk = self.model.chunk_size
        if self.svc is None:  # a light start: the default query with sqlite3, anything else once the services come
            if not self.is_default_query():
                self._waiting_query = True
                return
            path = self.ctx.db_path
            self._rest = lambda: first_screen.enterprise_ids(path)
            ahead = self.ctx.take_read_ahead(("enterprises", chunk))  # begun while the window was being built
            if ahead is not None and ahead.done():  # read already: shown from the event loop, no worker needed
                self._light_read = read = object()
                QTimer.singleShot(0, self, lambda: self._on_read_ahead(read, ahead))
                return
            fetch = ahead.result if ahead is not None else lambda: first_screen.enterprise_first_screen(path, chunk)
            self.ctx.tasks.read(lambda: FirstScreen(*fetch()),  # type: ignore[misc]
                                self.on_ids_loaded,
                                key=f"{SEARCH_KEY}-{id(self)}", on_error=self.on_query_failed, parent=self)
            return
        q = self.current_query()
        svc = self.svc.enterprises
        keep = self.wanted_id() or self._last_id

        def load() -> FirstScreen[EnterpriseRow]:  # the first rows beside the ids: the first paint needs no query
            return limit_first(lambda limit: svc.ids(q, limit=limit), svc.rows, chunk, keep,
                               lambda eid: svc.contains(q, eid))

        self._rest = lambda: svc.ids(q)
        self.ctx.tasks.read(load, self.on_ids_loaded, key=f"{SEARCH_KEY}-{id(self)}", on_error=self.on_query_failed,
                            parent=self)

    def _on_read_ahead(self, read: object, ahead: first_screen.ReadAhead) -> None:
        if read is not self._light_read:  # a newer query came first
            return
        self._light_read = None
        try:
            result = FirstScreen(*ahead.result())  # type: ignore[misc]
        except Exception as exc:  # noqa: BLE001 - the read's own error, said as a query's
            self.on_query_failed(exc)
            return
        self.on_ids_loaded(result)

    def on_filter_changed(self, _index: int) -> None:
        self.run_query()

    def on_filters_loaded(self, result: tuple[list[str], list[str]]) -> None:
        townships, industries = result
        changed = self._fill(self.township, ordered(townships, TOWNSHIPS))
        changed |= self._fill(self.industry, ordered(industries, INDUSTRIES))
        self.filters_loaded.emit()
        if changed:
            self.run_query()

    @staticmethod
    def _fill(combo: QComboBox, values: list[str]) -> bool:
        """Replace the choices after the first ("all"); True if the chosen value had to be dropped."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for v in values:
                combo.addItem(v, v)
            i = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(i, 0))
        finally:
            combo.blockSignals(False)
        return chosen is not None and i < 0

    def on_ids_loaded(self, result: FirstScreen[EnterpriseRow]) -> None:
        self._shown = self._asked  # (a keyed read: only the newest query's result is delivered)
        ids, complete = result.ids, result.complete
        keep = self.wanted_id() or self._last_id
        if (self._pending_select and self._widen_for_pending and self._pending_select not in ids
                and not self.is_default_query()):
            # the enterprise just saved is hidden by the search or a filter: show everything
            # (had it been further down the result, every id would have been read)
            self._widen_for_pending = False
            self.clear_filters()
            self.run_query()
            return
        self._widen_for_pending = False
        self.clear_error()
        self.count_label.setText(self.tr("共 {n} 家").format(n=f"{len(ids):,}" if complete else "…"))
        self.select_when_loaded(keep)
        with self.resetting():
            self._filling = True
            try:
                self.model.set_ids(ids, result.rows, rest=None if complete else self._rest)
            finally:
                self._filling = False
        self.reselect()
        self.first_screen_loaded.emit()
        if self.svc is None:
            self.mark_first_painted()
        if complete:
            self.on_all_ids()
        else:  # every id, off the GUI thread, once the first screen is painted: the count, and rows to scroll to
            self.after_paint(self.model.fetchMore)  # (a later result's ids only: the model drops a replaced one)

    def on_all_ids(self) -> None:
        if self._filling:  # set_ids of a whole result: on_ids_loaded goes on, then calls this
            return
        if self._shown != self._asked:  # the ids of a query replaced since, whose result is on its way
            return
        self.count_label.setText(self.tr("共 {n} 家").format(n=f"{self.model.rowCount():,}"))
        self.results_loaded.emit()

    def on_query_failed(self, exc: Exception) -> None:
        self.show_error(self.ctx.message(exc))
        if self.svc is None:  # the light start goes on: the services will say what is wrong
            self.mark_first_painted()

    def clear_filters(self) -> None:
        for w in (self.search, self.township, self.industry, self.above_size):
            w.blockSignals(True)
        try:
            self.search.clear()
            for combo in (self.township, self.industry, self.above_size):
                combo.setCurrentIndex(0)
        finally:
            for w in (self.search, self.township, self.industry, self.above_size):
                w.blockSignals(False)

    # ---- selection and detail -------------------------------------------------------------------
    def select_enterprise(self, enterprise_id: str) -> bool:
        return self.select_id(enterprise_id)

    def load_detail(self, eid: str | None) -> None:
        """The enterprise, its visits and its open issues, read off the GUI thread."""
        self.edit_button.setEnabled(eid is not None)
        self.void_button.setEnabled(eid is not None)
        if eid is not None:
            self._last_id = eid
        if eid is None:
            self.detail = None
            self.detail_pane.show_detail(None)
            return
        services = self.svc
        if services is None:  # a light start: loaded by attach_services
            return
        from ...services.issues import IssueQuery
        from ...services.visits import VisitQuery

        def load() -> tuple[EnterpriseDetail, list[VisitRow], list[IssueRow]]:
            detail = services.enterprises.get(eid)
            visits = services.visits.list(VisitQuery(enterprise_id=eid), limit=200)
            issues = services.issues.rows(services.issues.ids(IssueQuery(enterprise_id=eid, statuses=OPEN_STATUSES),
                                                              sort="deadline", descending=False))
            return detail, visits, issues

        self.ctx.tasks.read(load, self.on_detail_loaded, key=f"{DETAIL_KEY}-{id(self)}", on_error=self.on_detail_failed,
                            parent=self)

    def on_detail_loaded(self, result: tuple[EnterpriseDetail, list[VisitRow], list[IssueRow]]) -> None:
        detail, visits, issues = result
        if detail.id != self.current_id():
            return
        self.detail = detail
        self.detail_pane.show_detail(detail)
        self.detail_pane.show_work(visits, issues)
        self.detail_loaded.emit(detail.id)

    # ---- going to the enterprise's work ----------------------------------------------------------
    def on_new_visit(self) -> None:
        eid = self.current_id()
        if eid is not None:
            self.open_requested.emit("visits", {"new_for_enterprise": eid})

    def on_dossier(self) -> None:
        eid, detail = self.current_id(), self.detail
        if eid is None or detail is None:
            return
        assert self.svc is not None  # a detail is loaded
        svc, lang = self.svc.reports, self.ctx.lang
        self.reports.save(svc.default_name("dossier", detail.form.name, lang=lang), lambda dest: svc.dossier(eid, dest, lang))

    def on_notice(self) -> None:
        eid, detail = self.current_id(), self.detail
        if eid is None or detail is None:
            return
        assert self.svc is not None  # a detail is loaded
        svc, lang = self.svc.reports, self.ctx.lang
        who = "".join("-" if ch in '/\\:*?"<>|' else ch for ch in detail.form.name)
        name = f"{'惠企政策告知单' if lang != 'en' else 'policy-notice'}_{who}_{date.today().isoformat()}.pdf"
        self.reports.save(name, lambda dest: svc.notice(eid, dest, None, lang))

    def on_all_issues(self) -> None:
        eid = self.current_id()
        if eid is not None:
            from ...services.issues import IssueQuery

            self.open_requested.emit("issues", IssueQuery(enterprise_id=eid))

    def open_with(self, payload: object) -> None:
        """An enterprise id: select it, clearing the search and filters if they hide it."""
        if isinstance(payload, str):
            if self.select_id(payload):
                return
            self.select_when_loaded(payload)
            self._widen_for_pending = True
            self.run_query()

    def on_detail_failed(self, exc: Exception) -> None:
        self.detail = None
        self.detail_pane.show_detail(None)
        self.detail_pane.hint.setText(self.ctx.message(exc))

    # ---- adding and editing --------------------------------------------------------------------
    def on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            eid = self.model.enterprise_id(index.row())
            if self._when_ready(lambda: self.open_dialog(eid)):
                self.open_dialog(eid)

    def on_new_clicked(self) -> None:
        if self._when_ready(self.on_new_clicked):
            self.open_dialog(None)

    def on_edit_clicked(self) -> None:
        eid = self.current_id()
        if eid is not None and self._when_ready(self.on_edit_clicked):
            self.open_dialog(eid)

    def open_dialog(self, enterprise_id: str | None) -> EnterpriseDialog | None:
        """Open the add (None: at once, returned) or edit dialog (once the enterprise is read off the GUI
        thread), window-modal; `self.dialog` is it while open."""
        from ..dialogs.enterprise_dialog import EnterpriseDialog

        assert self.svc is not None
        svc = self.svc.enterprises
        if enterprise_id is None:
            return self.show_dialog(EnterpriseDialog(self.ctx, svc, parent=self))

        def show(form: EnterpriseForm) -> None:
            self.show_dialog(EnterpriseDialog(self.ctx, svc, enterprise_id, form, self))

        self.ctx.tasks.read(lambda: svc.get(enterprise_id).form, show, key=f"enterprise-dialog-{id(self)}",
                            on_error=self.on_dialog_load_failed, parent=self)
        return None

    def on_void_clicked(self) -> None:
        eid, detail = self.current_id(), self.detail
        if eid is None or detail is None or detail.id != eid or self.svc is None:
            return
        from ..dialogs.void_dialog import VoidDialog

        svc = self.svc.enterprises
        super().open_dialog(VoidDialog(self.ctx, self.tr("作废企业"), detail.form.name,
                                       lambda reason: svc.void(eid, reason), Changes.of(ENTERPRISE, VISIT, ISSUE), self),
                            self.refresh)

    def on_dialog_load_failed(self, exc: Exception) -> None:  # e.g. deleted by an import since the list was loaded
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, self.tr("编辑企业"), self.ctx.message(exc))
        self.refresh()

    def show_dialog(self, dlg: EnterpriseDialog) -> EnterpriseDialog:
        super().open_dialog(dlg, lambda: self.on_dialog_saved(dlg))
        return dlg

    def on_dialog_saved(self, dlg: EnterpriseDialog) -> None:
        if dlg.saved_id is not None:
            self.select_when_loaded(dlg.saved_id)
            self._widen_for_pending = True
        self.refresh()
