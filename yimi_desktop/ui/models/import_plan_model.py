"""The dry run of a spreadsheet import as a table: one row per sheet row, coloured by what would
happen to it (new, update, unchanged, refused), with the reason or the fields that change.

The plan is computed off the GUI thread (services/imports.py, services/returns.py); the model only
shows the rows it is handed. A 100,000-row plan holds 100,000 small frozen rows: nothing is queried.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...services.imports import ImportPlan, Outcome, PlannedRow

Index = QModelIndex | QPersistentModelIndex
OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's Outcome value, for filtering

COLOURS = {Outcome.NEW: QColor("#e2f0d9"), Outcome.UPDATE: QColor("#ddebf7"), Outcome.UNCHANGED: QColor("#f2f2f2"),
           Outcome.REFUSED: QColor("#fce4d6")}


class ImportPlanModel(QAbstractTableModel):
    def __init__(self, lang: str = "zh", parent: QObject | None = None):
        super().__init__(parent)
        self._lang = lang
        self._rows: tuple[PlannedRow, ...] = ()
        self._headers = (self.tr("行号"), self.tr("结果"), self.tr("名称"), self.tr("代码/单位"), self.tr("原因或变化"))
        self._labels = {Outcome.NEW: self.tr("新增"), Outcome.UPDATE: self.tr("更新"),
                        Outcome.UNCHANGED: self.tr("无变化"), Outcome.REFUSED: self.tr("拒绝")}
        self._changes = self.tr("更改:")

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._rows = plan.rows if plan is not None else ()
        self.endResetModel()

    def row_at(self, row: int) -> PlannedRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < 5):
            return None
        r = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return r.row
            if col == 1:
                return self._labels[r.outcome]
            if col == 2:
                return r.name
            if col == 3:
                return r.key
            if r.reason is not None:
                return r.reason.text(self._lang)
            return self._changes + "、".join(r.changed) if r.changed else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COLOURS[r.outcome])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#202020"))
        if role == OUTCOME_ROLE:
            return r.outcome.value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
