"""团队: the county's one-metre teams (总团 → 分团 / 专业一米团) as a tree, and the members of the
chosen team (name, department, title, phone) beside it.

Lists and details load off the GUI thread (keys "teams" and "team-detail"). 新增团员 adds an officer
to the chosen team at once; 编辑团员 corrects an officer's details.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter, QTableView,
    QTreeView, QVBoxLayout, QWidget,
)

from ..spreadsheet_actions import ExcelActions
from ...services.catalog import TeamDetail, TeamRow
from ..context import UiContext
from .page_services import TeamsServices
from ..dialogs.form import FormDialog
from ..dialogs.officer_dialog import OfficerDialog, OfficerDialogData
from ..dialogs.team_dialog import TeamDialog, TeamDialogData
from ..models.team_model import MEMBER_COLUMNS, TEAM_COLUMNS, MemberTableModel, TeamTreeModel
from ..dialogs.void_dialog import VoidDialog
from ..operations import OFFICER, SYNC, TEAM, Changes
from .list_detail import ListDetailPage

LIST_KEY = "teams"
DETAIL_KEY = "team-detail"

class TeamDetailPane(QFrame):
    """One team: what it is, who leads it, what it does, and its members."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("teamPane")
        self.team_id: str | None = None
        self.name = QLabel()
        self.name.setObjectName("teamName")
        self.name.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("teamMeta")
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.members_title = QLabel()
        self.members_title.setObjectName("sectionTitle")
        self.edit_officer_button = QPushButton(self.tr("编辑团员"))
        self.edit_officer_button.setToolTip(self.tr("修改所选团员的单位、职务或电话 (双击)"))
        self.edit_officer_button.setEnabled(False)
        self.void_officer_button = QPushButton(self.tr("作废…"))
        self.void_officer_button.setToolTip(self.tr("录错的团员:作废后不再出现在名单和选择列表中,保留在历史里"))
        self.void_officer_button.setEnabled(False)
        members_head = QHBoxLayout()
        members_head.addWidget(self.members_title)
        members_head.addStretch(1)
        members_head.addWidget(self.edit_officer_button)
        members_head.addWidget(self.void_officer_button)

        self.members = MemberTableModel(self)
        self.member_table = QTableView()
        self.member_table.setObjectName("memberTable")
        self.member_table.setModel(self.members)
        self.member_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.member_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.member_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.member_table.setAlternatingRowColors(True)
        self.member_table.setWordWrap(False)
        self.member_table.setCornerButtonEnabled(False)
        vh = self.member_table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.member_table.fontMetrics().height() + 10)
        vh.hide()
        fm = self.member_table.fontMetrics()
        hh = self.member_table.horizontalHeader()
        hh.setHighlightSections(False)
        widths = {"name": fm.horizontalAdvance("欧阳明明") + 16, "title": fm.horizontalAdvance("办公室主任") + 16,
                  "phone": fm.horizontalAdvance("0371-27981234") + 16}
        for key, width in widths.items():
            hh.resizeSection(MEMBER_COLUMNS.index(key), width)
        hh.setSectionResizeMode(MEMBER_COLUMNS.index("department"), QHeaderView.ResizeMode.Stretch)
        hh.setStretchLastSection(False)
        # the phone may scroll into view on a narrow screen (1366x768 at 125%); name, title and unit may not
        self.setMinimumWidth(widths["name"] + widths["title"] + fm.horizontalAdvance("市生态环境局尉氏分局") + 40)

        self.hint = QLabel(self.tr("在左侧选择一个团队,这里显示它的团员。"))
        self.hint.setObjectName("teamHint")
        self.hint.setWordWrap(True)
        col = QVBoxLayout(self)
        col.addWidget(self.name)
        col.addWidget(self.meta)
        col.addWidget(self.description)
        col.addLayout(members_head)
        col.addWidget(self.member_table, 1)
        col.addWidget(self.hint)
        self.member_table.selectionModel().currentRowChanged.connect(self.on_member_changed)
        self.show_detail(None)

    def show_detail(self, d: TeamDetail | None) -> None:
        for w in (self.name, self.meta, self.description, self.members_title, self.member_table,
                  self.edit_officer_button, self.void_officer_button):
            w.setVisible(d is not None)
        self.hint.setVisible(d is None)
        if d is None:
            self.team_id = None
            self.members.set_members([])
            return
        r = d.row
        self.team_id = r.id
        self.name.setText(r.name)
        parts = [r.kind.label(self.ctx.lang), self.tr("牵头单位:{dept}").format(dept=r.lead_department or "—")]
        if r.parent_name:
            parts.append(self.tr("隶属:{parent}").format(parent=r.parent_name))
        parts.append(self.tr("团长:{name}").format(name=r.leader_name or "—"))
        self.meta.setText(" · ".join(parts))
        self.description.setText(r.description)
        self.description.setVisible(bool(r.description))
        self.members_title.setText(self.tr("团员 {n} 人").format(n=f"{len(d.members):,}"))
        self.members.set_members(d.members, d.form.leader_id)
        self.on_member_changed(QModelIndex(), QModelIndex())

    def on_member_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        for b in (self.edit_officer_button, self.void_officer_button):
            b.setEnabled(current.isValid())

    def current_officer_id(self) -> str | None:
        idx = self.member_table.selectionModel().currentIndex()
        o = self.members.member_at(idx.row()) if idx.isValid() else None
        return o.id if o else None


class TeamsPage(ListDetailPage):
    """Teams and their members. `results_loaded` / `detail_loaded` fire when the tree / a team's
    members are shown. The scaffold (selection over the tree, select-when-loaded, dialogs, error
    line) is `ListDetailPage`'s; the tree has no search box."""

    searchable = False
    shows = frozenset({TEAM, OFFICER, SYNC})  # what a write must change for this page to refresh

    results_loaded = Signal()
    detail_loaded = Signal(str)

    def __init__(self, ctx: UiContext, svc: TeamsServices, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.svc = svc  # the services this page uses (page_services.py), not the whole locator
        self._last_id: str | None = None
        self.detail: TeamDetail | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        layout.addWidget(self.error_line)
        self._build_tree()
        self.pane = TeamDetailPane(ctx)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 480])
        layout.addWidget(self.splitter, 1)
        self._connect()
        self.refresh()

    # ---- building ----------------------------------------------------------------------------------
    def _build_header(self) -> QHBoxLayout:
        title = QLabel(self.tr("团队"))
        title.setObjectName("pageTitle")
        self.count = QLabel()
        self.count.setObjectName("countLabel")
        self.add_button = QPushButton(self.tr("新增团队"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.setToolTip(self.tr("新增团队 (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("编辑团队"))
        self.edit_button.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.edit_button.setToolTip(self.tr("编辑所选团队 (F2 / Enter / 双击)"))
        self.edit_button.setEnabled(False)
        self.officer_button = QPushButton(self.tr("新增团员"))
        self.officer_button.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.officer_button.setToolTip(self.tr("新增团员并加入所选团队 (Ctrl+Shift+N)"))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        for b in (self.add_button, self.edit_button, self.officer_button):
            head.addWidget(b)
        self.excel = ExcelActions(self.ctx, self, "officers")
        head.addWidget(self.excel.button)
        return head

    def _build_tree(self) -> None:
        model = TeamTreeModel(self.ctx.lang, self)
        self.tree = QTreeView()
        self.tree.setObjectName("teamTree")
        self.setup_view(self.tree, model, lambda index: t.id if (t := model.team_at(index)) else None,
                        model.index_of)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)  # double-click edits
        self.tree.setItemsExpandable(True)
        fm = self.tree.fontMetrics()
        hh = self.tree.header()
        hh.setStretchLastSection(False)
        hh.setHighlightSections(False)
        widths = {"kind": fm.horizontalAdvance("专业一米团") + 20,
                  "lead_department": fm.horizontalAdvance("县人力资源和社会保障局") + 16,
                  "leader_name": fm.horizontalAdvance("欧阳明明") + 16,
                  "member_count": fm.horizontalAdvance("团员数") + 20}
        for key, width in widths.items():
            hh.resizeSection(TEAM_COLUMNS.index(key), width)
        hh.setSectionResizeMode(TEAM_COLUMNS.index("name"), QHeaderView.ResizeMode.Stretch)
        # the lead department may scroll into view on a narrow screen; the team's name, kind and leader may not
        self.tree.setMinimumWidth(widths["kind"] + widths["leader_name"] + widths["member_count"]
                                  + fm.horizontalAdvance("　　科技工信专业一米团") + 30)

    def _connect(self) -> None:
        self.tree.doubleClicked.connect(self.on_tree_double_clicked)
        self.add_button.clicked.connect(self.on_add)
        self.edit_button.clicked.connect(self.on_edit)
        self.officer_button.clicked.connect(self.on_add_officer)
        self.pane.edit_officer_button.clicked.connect(self.on_edit_officer)
        self.pane.void_officer_button.clicked.connect(self.on_void_officer)
        self.pane.member_table.doubleClicked.connect(lambda _i: self.on_edit_officer())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.tree, context=Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.on_edit)
            sc = QShortcut(QKeySequence(key), self.pane.member_table, context=Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.on_edit_officer)
        QWidget.setTabOrder(self.tree, self.pane.member_table)
        QWidget.setTabOrder(self.pane.member_table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.officer_button)
        QWidget.setTabOrder(self.officer_button, self.pane.edit_officer_button)

    # ---- loading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        svc = self.svc.teams
        self.ctx.tasks.submit(svc.list, self.on_teams_loaded, self.on_load_failed, key=LIST_KEY)

    def on_teams_loaded(self, rows: list[TeamRow]) -> None:
        self.clear_error()
        self.select_when_loaded(self.wanted_id() or self._last_id)
        with self.resetting():
            self.model.set_teams(rows)
        self.tree.expandAll()
        self.count.setText(self.tr("共 {n} 个").format(n=f"{len(rows):,}"))
        self.reselect(first_if_missing=True)
        self.results_loaded.emit()

    def on_load_failed(self, exc: Exception) -> None:
        self.show_error(self.ctx.message(exc))
        self.pane.show_detail(None)

    def selected(self) -> TeamRow | None:
        idx = self.tree.selectionModel().currentIndex()
        return self.model.team_at(idx) if self.current_id() else None

    def select_team(self, team_id: str) -> bool:
        return self.select_id(team_id)

    def open_with(self, payload: object) -> None:
        """A team id: select that team."""
        if isinstance(payload, str) and not self.select_team(payload):
            self.select_when_loaded(payload)
            self.refresh()

    def load_detail(self, team_id: str | None) -> None:
        """The team's members, read off the GUI thread."""
        self.edit_button.setEnabled(team_id is not None)
        if team_id is None:
            self.detail = None
            self.pane.show_detail(None)
            return
        self._last_id = team_id
        svc = self.svc.teams
        self.ctx.tasks.read(lambda: svc.get(team_id), self.on_detail_loaded, key=f"{DETAIL_KEY}-{id(self)}",
                            on_error=self.on_detail_failed, parent=self)

    def on_detail_loaded(self, detail: TeamDetail) -> None:
        if detail.row.id != self.current_id():
            return
        self.detail = detail
        self.pane.show_detail(detail)
        self.detail_loaded.emit(detail.row.id)

    def on_detail_failed(self, exc: Exception) -> None:
        self.detail = None
        self.pane.show_detail(None)
        self.pane.hint.setText(self.ctx.message(exc))

    # ---- dialogs -----------------------------------------------------------------------------------
    def on_tree_double_clicked(self, index: QModelIndex) -> None:
        team = self.model.team_at(index)
        if team is not None:
            self.open_team_dialog(team.id)

    def on_add(self) -> None:
        self.open_team_dialog(None)

    def on_edit(self) -> None:
        team_id = self.current_id()
        if team_id is not None:
            self.open_team_dialog(team_id)

    def on_add_officer(self) -> None:
        self.open_officer_dialog(None, self.current_id())

    def on_edit_officer(self) -> None:
        officer_id = self.pane.current_officer_id()
        if officer_id is not None:
            self.open_officer_dialog(officer_id, None)

    def on_void_officer(self) -> None:
        idx = self.pane.member_table.selectionModel().currentIndex()
        officer = self.pane.members.member_at(idx.row()) if idx.isValid() else None
        if officer is None:
            return
        officers, oid = self.svc.officers, officer.id
        dlg = VoidDialog(self.ctx, self.tr("作废团员"), officer.name, lambda reason: officers.void(oid, reason),
                         Changes.of(OFFICER, TEAM), self)
        self.open_dialog(dlg, lambda: self.on_dialog_saved(dlg))

    def open_team_dialog(self, team_id: str | None) -> None:
        teams, officers = self.svc.teams, self.svc.officers
        self.open_loaded_dialog(lambda: TeamDialogData.load(teams, team_id),
                         lambda data: TeamDialog(self.ctx, teams, officers, data, self),
                         self.tr("新增团队") if team_id is None else self.tr("编辑团队"))

    def open_officer_dialog(self, officer_id: str | None, team_id: str | None) -> None:
        teams, officers = self.svc.teams, self.svc.officers
        self.open_loaded_dialog(lambda: OfficerDialogData.load(officers, teams, officer_id),
                         lambda data: OfficerDialog(self.ctx, officers, data, team_id, self),
                         self.tr("新增团员") if officer_id is None else self.tr("编辑团员"))

    def open_loaded_dialog(self, load, make, title: str) -> None:
        """Read what the dialog shows with `load()` off the GUI thread, then build it with `make(data)` and
        open it window-modal; `self.dialog` is it while open."""

        def failed(exc: Exception) -> None:  # e.g. the team is gone since the list was loaded
            QMessageBox.warning(self, title, self.ctx.message(exc))
            self.refresh()

        def show(data) -> None:
            dlg: FormDialog = make(data)
            self.open_dialog(dlg, lambda: self.on_dialog_saved(dlg))

        self.ctx.tasks.read(load, show, key=f"team-dialog-{id(self)}", on_error=failed, parent=self)

    def on_dialog_saved(self, dlg: FormDialog) -> None:
        if isinstance(dlg, TeamDialog):
            self.select_when_loaded(dlg.saved_id)
        self.refresh()  # the other pages showing teams and officers refresh on the write's Changes

