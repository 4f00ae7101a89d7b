"""团队: the county's one-metre teams (总团 → 分团 / 专业一米团), their lead departments and members."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from ...services.catalog import TeamDetail, TeamRow
from ..context import UiContext
from ..dialogs.officer_dialog import OfficerDialog
from ..dialogs.team_dialog import TeamDialog
from ..models.simple import RowsTableModel
from .base import Page


def in_tree_order(rows: list[TeamRow]) -> list[tuple[int, TeamRow]]:
    """(depth, team) with every team directly after its parent."""
    children: dict[str | None, list[TeamRow]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    known = {r.id for r in rows}
    out: list[tuple[int, TeamRow]] = []

    def walk(parent: str | None, depth: int) -> None:
        for r in children.get(parent, []):
            out.append((depth, r))
            walk(r.id, depth + 1)

    walk(None, 0)
    for r in rows:  # a parent that is not (yet) here: show at the top level
        if r.parent_id and r.parent_id not in known:
            out.append((0, r))
    return out


class TeamsPage(Page):
    results_loaded = Signal()

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        lang = ctx.lang
        title = QLabel(self.tr("团队"))
        title.setObjectName("pageTitle")
        self.add_button = QPushButton(self.tr("新增团队"))
        self.add_button.setShortcut(QKeySequence("Ctrl+N"))
        self.edit_button = QPushButton(self.tr("编辑团队"))
        self.edit_button.setToolTip(self.tr("编辑所选团队 (F2 / Enter / 双击)"))
        self.officer_button = QPushButton(self.tr("新增团员"))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        for b in (self.add_button, self.edit_button, self.officer_button):
            head.addWidget(b)

        self.model = RowsTableModel([
            (self.tr("团队"), lambda dr: ("　　" * dr[0]) + dr[1].name),
            (self.tr("类型"), lambda dr: dr[1].kind.label(lang)),
            (self.tr("牵头单位"), lambda dr: dr[1].lead_department),
            (self.tr("团长"), lambda dr: dr[1].leader_name),
            (self.tr("团员数"), lambda dr: dr[1].member_count),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for column, width in enumerate((220, 96, 190, 70)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.detail_title = QLabel()
        self.detail_title.setObjectName("sectionTitle")
        self.detail_text = QLabel()
        self.detail_text.setWordWrap(True)
        self.members = RowsTableModel([
            (self.tr("姓名"), lambda o: o.name), (self.tr("单位"), lambda o: o.department),
            (self.tr("职务"), lambda o: o.title), (self.tr("电话"), lambda o: o.phone),
        ], self)
        self.member_table = QTableView()
        self.member_table.setModel(self.members)
        self.member_table.verticalHeader().hide()
        self.member_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.member_table.horizontalHeader().setStretchLastSection(True)
        self.member_table.setColumnWidth(0, 80)
        self.member_table.setColumnWidth(1, 170)
        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.detail_title)
        col.addWidget(self.detail_text)
        col.addWidget(self.member_table, 1)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([660, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self.load_detail(cur.row()))
        self.table.doubleClicked.connect(lambda _i: self.on_edit())
        self.add_button.clicked.connect(lambda: self._open(TeamDialog(self.ctx, None, self)))
        self.edit_button.clicked.connect(self.on_edit)
        self.officer_button.clicked.connect(lambda: self._open(OfficerDialog(self.ctx, self)))
        QShortcut(QKeySequence("F2"), self, activated=self.on_edit)
        self._select_after: str | None = None
        self.refresh()

    def refresh(self) -> None:
        svc = self.ctx.services.teams
        self.ctx.tasks.submit(lambda: in_tree_order(svc.list()), self.show_rows, key="teams")

    def show_rows(self, rows: list[tuple[int, TeamRow]]) -> None:
        current = self.selected()
        keep = self._select_after or (current.id if current else None)
        self._select_after = None
        self.model.set_rows(rows)
        r = next((i for i, (_, t) in enumerate(rows) if t.id == keep), 0)
        self.table.selectRow(r)
        self.results_loaded.emit()

    def selected(self) -> TeamRow | None:
        dr = self.model.row_at(self.table.currentIndex().row())
        return dr[1] if dr else None

    def load_detail(self, row: int) -> None:
        dr = self.model.row_at(row)
        if dr is None:
            return
        svc = self.ctx.services.teams
        team_id = dr[1].id
        self.ctx.tasks.submit(lambda: svc.get(team_id), self.show_detail, key="team-detail")

    def show_detail(self, d: TeamDetail) -> None:
        r = d.row
        self.detail_title.setText(r.name)
        parts = [r.kind.label(self.ctx.lang), self.tr("牵头单位:{dept}").format(dept=r.lead_department)]
        if r.parent_name:
            parts.append(self.tr("隶属:{parent}").format(parent=r.parent_name))
        if r.leader_name:
            parts.append(self.tr("团长:{name}").format(name=r.leader_name))
        text = " · ".join(parts)
        if r.description:
            text += "\n" + r.description
        self.detail_text.setText(text)
        self.members.set_rows(list(d.members))

    def on_edit(self) -> None:
        t = self.selected()
        if t is not None:
            self._open(TeamDialog(self.ctx, t.id, self))

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self.on_dialog_saved)
        dialog.open()

    def on_dialog_saved(self) -> None:
        if isinstance(self.dialog, TeamDialog):
            self._select_after = self.dialog.saved_id
        self.refresh()
        self.data_changed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.on_edit()
            return
        super().keyPressEvent(event)
