"""The policy library as a table model: a few dozen rows, all held, each with its validity on a given day.

The page fetches the rows off the GUI thread (PolicyService.list filters and sorts in SQL) and hands
them over with `set_rows`; the model only shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...services.catalog import PolicyRow
from .lazy import ID_ROLE

__all__ = ["COLUMNS", "ID_ROLE", "PolicyState", "PolicyTableModel", "policy_state"]

Index = QModelIndex | QPersistentModelIndex

# Column keys, in display order.
COLUMNS: tuple[str, ...] = ("title", "issuer_level", "document_number", "category", "period", "state")

_GREY = QColor("#8a8a8a")
_AMBER = QColor("#8a5300")


class PolicyState(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    PENDING = "pending"  # not in force yet


def policy_state(p: PolicyRow, day: date) -> PolicyState:
    if p.valid_from is not None and day < p.valid_from:
        return PolicyState.PENDING
    if p.valid_to is not None and day > p.valid_to:
        return PolicyState.EXPIRED
    return PolicyState.VALID


class PolicyTableModel(QAbstractTableModel):
    """Rows of PolicyService.list; `today` decides 有效 / 已失效 / 未生效."""

    def __init__(self, lang: str = "zh", parent: QObject | None = None):
        super().__init__(parent)
        self._lang = lang
        self._rows: list[PolicyRow] = []
        self._today = date.today()
        self._headers = (self.tr("政策名称"), self.tr("发文层级"), self.tr("文号"), self.tr("类别"),
                         self.tr("有效期"), self.tr("状态"))
        self._states = {PolicyState.VALID: self.tr("有效"), PolicyState.EXPIRED: self.tr("已失效"),
                        PolicyState.PENDING: self.tr("未生效")}

    # ---- contents ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[PolicyRow], today: date | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today or date.today()
        self.endResetModel()

    @property
    def today(self) -> date:
        return self._today

    def rows(self) -> list[PolicyRow]:
        return list(self._rows)

    def row_at(self, row: int) -> PolicyRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def policy_id(self, row: int) -> str | None:
        p = self.row_at(row)
        return p.id if p else None

    def row_of(self, policy_id: str | None) -> int:
        if policy_id is None:
            return -1
        return next((i for i, p in enumerate(self._rows) if p.id == policy_id), -1)

    def state_text(self, p: PolicyRow) -> str:
        return self._states[policy_state(p, self._today)]

    def period_text(self, p: PolicyRow) -> str:
        start = p.valid_from.isoformat() if p.valid_from else self.tr("不限")
        end = p.valid_to.isoformat() if p.valid_to else self.tr("长期")
        return self.tr("{start} 至 {end}").format(start=start, end=end)

    # ---- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

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
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < len(COLUMNS)):
            return None
        p = self._rows[index.row()]
        key = COLUMNS[index.column()]
        if role == ID_ROLE:
            return p.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(p, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.title if key == "title" else (p.issuer or None) if key == "issuer_level" else None
        if role == Qt.ItemDataRole.ForegroundRole:
            state = policy_state(p, self._today)
            if state is PolicyState.EXPIRED:
                return QBrush(_GREY)
            if state is PolicyState.PENDING:
                return QBrush(_AMBER)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("issuer_level", "state"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, p: PolicyRow, key: str) -> str:
        if key == "title":
            return p.title
        if key == "issuer_level":
            return p.issuer_level.label(self._lang)
        if key == "document_number":
            return p.document_number
        if key == "category":
            return p.category.label(self._lang)
        if key == "period":
            return self.period_text(p)
        return self.state_text(p)
