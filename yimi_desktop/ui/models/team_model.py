"""Models of the 团队 page and the team dialog.

- TeamTreeModel: the teams as a tree (总团 → 分团 / 专业一米团), with kind, lead department,
  leader and member count.
- MemberTableModel: the members of one team (name, department, title, phone), the leader first.
- OfficerCheckModel: officers with a check box each, for picking a team's members; the checked
  set survives a new filter, so ticking, searching and ticking again keeps both.

All three hold a short list (tens of teams, hundreds of officers) fetched by the page off the
GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel, QAbstractListModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt,
    Signal,
)
from PySide6.QtGui import QFont

from ...services.catalog import OfficerRow, TeamRow
from .lazy import ID_ROLE

__all__ = ["ID_ROLE", "MEMBER_COLUMNS", "MemberTableModel", "OfficerCheckModel", "TEAM_COLUMNS", "TeamTreeModel", "in_tree_order"]

Index = QModelIndex | QPersistentModelIndex

TEAM_COLUMNS: tuple[str, ...] = ("name", "kind", "lead_department", "leader_name", "member_count")
MEMBER_COLUMNS: tuple[str, ...] = ("name", "department", "title", "phone")


def in_tree_order(rows: Sequence[TeamRow]) -> list[tuple[int, TeamRow]]:
    """(depth, team) with every team directly after its parent; a team whose parent is missing
    (not synced yet, or a cycle) is shown at the top level rather than lost."""
    children: dict[str | None, list[TeamRow]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    out: list[tuple[int, TeamRow]] = []
    placed: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        for r in children.get(parent, []):
            if r.id in placed:
                continue
            placed.add(r.id)
            out.append((depth, r))
            walk(r.id, depth + 1)

    walk(None, 0)
    for r in rows:
        if r.id not in placed:
            placed.add(r.id)
            out.append((0, r))
            walk(r.id, 1)
    return out


@dataclass
class _Node:
    team: TeamRow
    parent: int  # index into TeamTreeModel._nodes, -1 for the top level
    row: int  # position among its siblings
    children: list[int] = field(default_factory=list)


class TeamTreeModel(QAbstractItemModel):
    """Teams in their hierarchy. An index's internalId is its node's position in `_nodes` + 1."""

    def __init__(self, lang: str = "zh", parent: QObject | None = None):
        super().__init__(parent)
        self._lang = lang
        self._nodes: list[_Node] = []
        self._top: list[int] = []
        self._headers = (self.tr("团队"), self.tr("类型"), self.tr("牵头单位"), self.tr("团长"), self.tr("团员数"))

    def set_teams(self, rows: Sequence[TeamRow]) -> None:
        self.beginResetModel()
        self._nodes, self._top = [], []
        position: dict[str, int] = {}
        for depth_row in in_tree_order(rows):
            depth, team = depth_row
            parent = position.get(team.parent_id or "", -1) if depth > 0 else -1
            siblings = self._nodes[parent].children if parent >= 0 else self._top
            node = _Node(team, parent, len(siblings))
            position[team.id] = len(self._nodes)
            siblings.append(len(self._nodes))
            self._nodes.append(node)
        self.endResetModel()

    # ---- lookups ---------------------------------------------------------------------------------
    def teams(self) -> list[TeamRow]:
        """Every team, in tree order."""
        return [n.team for n in self._nodes]

    def team_at(self, index: Index) -> TeamRow | None:
        node = self._node(index)
        return node.team if node else None

    def depth(self, index: Index) -> int:
        d, node = 0, self._node(index)
        while node is not None and node.parent >= 0:
            d, node = d + 1, self._nodes[node.parent]
        return d

    def index_of(self, team_id: str | None, column: int = 0) -> QModelIndex:
        for i, n in enumerate(self._nodes):
            if n.team.id == team_id:
                return self.createIndex(n.row, column, i + 1)
        return QModelIndex()

    def _node(self, index: Index) -> _Node | None:
        if not index.isValid():
            return None
        i = index.internalId() - 1
        return self._nodes[i] if 0 <= i < len(self._nodes) else None

    # ---- Qt model ----------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not (0 <= column < len(TEAM_COLUMNS)):
            return QModelIndex()
        if parent.isValid():
            p = self._node(parent)
            if p is None or parent.column() != 0:
                return QModelIndex()
            siblings = p.children
        else:
            siblings = self._top
        if not (0 <= row < len(siblings)):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row] + 1)

    @overload
    def parent(self) -> QObject: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...

    def parent(self, child: Index | None = None) -> Any:  # type: ignore[override]
        if child is None:  # QObject.parent()
            return super().parent()
        node = self._node(child)
        if node is None or node.parent < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[node.parent].row, 0, node.parent + 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._top)
        if parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(TEAM_COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None or not (0 <= index.column() < len(TEAM_COLUMNS)):
            return None
        t, key = node.team, TEAM_COLUMNS[index.column()]
        if role == ID_ROLE:
            return t.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and key != "name":
                return None
            if key == "name":
                return t.name if role == Qt.ItemDataRole.DisplayRole else (t.description or t.name)
            if key == "kind":
                return t.kind.label(self._lang)
            if key == "member_count":
                return f"{t.member_count:,}"
            return getattr(t, key) or "—"
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("kind", "member_count"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and key == "name" and node.parent < 0:
            font = QFont()
            font.setBold(True)
            return font
        return None


class MemberTableModel(QAbstractTableModel):
    """The members of one team; the leader's row is bold."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[OfficerRow] = []
        self._leader: str | None = None
        self._headers = (self.tr("姓名"), self.tr("单位"), self.tr("职务"), self.tr("电话"))

    def set_members(self, rows: Sequence[OfficerRow], leader_id: str | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._leader = leader_id
        self.endResetModel()

    def members(self) -> list[OfficerRow]:
        return list(self._rows)

    def member_at(self, row: int) -> OfficerRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def leader_id(self) -> str | None:
        return self._leader

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(MEMBER_COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < 4):
            return None
        o = self._rows[index.row()]
        key = MEMBER_COLUMNS[index.column()]
        if role == ID_ROLE:
            return o.id
        if role == Qt.ItemDataRole.DisplayRole:
            return getattr(o, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "name" and o.id == self._leader:
            return self.tr("团长")
        if role == Qt.ItemDataRole.FontRole and o.id == self._leader:
            font = QFont()
            font.setBold(True)
            return font
        return None


class OfficerCheckModel(QAbstractListModel):
    """Officers (the current filter's result) with a check box each; `checked_ids()` keeps the order
    in which they were ticked and includes ticked officers the filter hides."""

    checked_changed = Signal()

    def __init__(self, checked: Sequence[str] = (), parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[OfficerRow] = []
        self._checked: list[str] = list(dict.fromkeys(checked))
        self._names: dict[str, str] = {}

    def set_officers(self, rows: Sequence[OfficerRow]) -> None:
        """Show `rows`, the ticked ones first (each group keeps the given, pinyin, order)."""
        ticked = set(self._checked)
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda o: o.id not in ticked)
        for o in rows:
            self._names[o.id] = o.name
        self.endResetModel()

    def remember_names(self, rows: Sequence[OfficerRow]) -> None:
        for o in rows:
            self._names[o.id] = o.name

    def name_of(self, officer_id: str) -> str:
        return self._names.get(officer_id, "")

    def officers(self) -> list[OfficerRow]:
        return list(self._rows)

    def officer_at(self, row: int) -> OfficerRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, officer_id: str) -> int:
        return next((i for i, o in enumerate(self._rows) if o.id == officer_id), -1)

    def checked_ids(self) -> list[str]:
        return list(self._checked)

    def is_checked(self, officer_id: str) -> bool:
        return officer_id in self._checked

    def set_checked(self, officer_id: str, on: bool) -> None:
        if on == (officer_id in self._checked):
            return
        if on:
            self._checked.append(officer_id)
        else:
            self._checked.remove(officer_id)
        r = self.row_of(officer_id)
        if r >= 0:
            idx = self.index(r, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()

    # ---- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0 or not (0 <= index.row() < len(self._rows)):
            return None
        o = self._rows[index.row()]
        if role == ID_ROLE:
            return o.id
        if role == Qt.ItemDataRole.DisplayRole:
            return " · ".join(part for part in (o.name, o.department, o.title) if part)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if o.id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return "、".join(o.teams) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.set_checked(self._rows[index.row()].id, on)
        return True
