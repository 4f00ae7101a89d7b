"""A small editable table for the keyboard (the visit's attendees, policies and issues), with a delegate
offering a fixed list of choices in a cell. No database, no form: a reusable widget."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QComboBox, QHeaderView, QStyledItemDelegate, QStyleOptionViewItem,
    QTableWidget, QTableWidgetItem, QWidget,
)

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor for a cell whose value (UserRole) is one of `choices` (value, label)."""

    def __init__(self, choices: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.choices = choices

    def label_of(self, value: str) -> str:
        return next((label for v, label in self.choices if v == value), "")

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for value, label in self.choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.UserRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.UserRole)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class RowTable(QTableWidget):
    """A small editable table for the keyboard: typing edits a cell, Tab goes on to the next editable
    cell and out of the table after the last one, Delete clears a cell, Ctrl+Delete removes the current
    row, Insert asks for a new row."""

    insert_requested = Signal()
    row_removed = Signal()

    def __init__(self, headers: list[str], parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setTabKeyNavigation(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(True)
        self.setToolTip(self.tr("直接输入即可填写;Tab 下一格;Ctrl+Delete 删除当前行"))

    def visible_rows(self, n: int) -> None:
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + n * 26 + 4)

    def _editable(self, r: int, c: int) -> bool:
        item = self.item(r, c)
        return item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEditable)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        step = {QAbstractItemDelegate.EndEditHint.EditNextItem: 1,
                QAbstractItemDelegate.EndEditHint.EditPreviousItem: -1}.get(hint)
        if step is None:
            super().closeEditor(editor, hint)
            return
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        cols = self.columnCount()
        pos = self.currentRow() * cols + self.currentColumn() + step
        while 0 <= pos < self.rowCount() * cols:
            r, c = divmod(pos, cols)
            if self._editable(r, c):
                self.setCurrentCell(r, c)
                self.editItem(self.item(r, c))
                return
            pos += step
        self.focusNextPrevChild(step > 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() == Qt.Key.Key_Delete and self.currentRow() >= 0:
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.removeRow(self.currentRow())
                    self.row_removed.emit()
                    return
                item = self.currentItem()
                plain = not isinstance(self.itemDelegateForColumn(self.currentColumn()), ChoiceDelegate)
                if item is not None and plain and item.flags() & Qt.ItemFlag.ItemIsEditable:
                    item.setText("")
                    return
            if event.key() == Qt.Key.Key_Insert:
                self.insert_requested.emit()
                return
        super().keyPressEvent(event)

    def text(self, r: int, c: int) -> str:
        item = self.item(r, c)
        return item.text() if item else ""

    def value(self, r: int, c: int) -> str:
        item = self.item(r, c)
        return (item.data(Qt.ItemDataRole.UserRole) or "") if item else ""


def table_item(text: str, value: str | None = None, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if value is not None:
        item.setData(Qt.ItemDataRole.UserRole, value)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
