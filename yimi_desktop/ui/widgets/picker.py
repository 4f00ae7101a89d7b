"""A search picker usable without the mouse: type Chinese, pinyin or initials; ↑/↓ choose; Enter picks.

`search(text)` is given by the owner (a service call returning (id, label) pairs); `picked(id, label)`
is emitted on Enter or double-click.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

Search = Callable[[str], list[tuple[str, str]]]


class SearchPicker(QWidget):
    picked = Signal(str, str)

    def __init__(self, search: Search, placeholder: str, rows: int = 5, clear_on_pick: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._search = search
        self._clear_on_pick = clear_on_pick
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setFixedHeight(rows * 22 + 6)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.edit)
        col.addWidget(self.list)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.on_text_changed)
        self.edit.installEventFilter(self)
        self.list.itemDoubleClicked.connect(self.on_item_activated)
        self.on_text_changed("")

    def on_text_changed(self, text: str) -> None:
        self.list.clear()
        for rid, label in self._search(text.strip()):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def pick_current(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            return False
        self.on_item_activated(item)
        return True

    def on_item_activated(self, item: QListWidgetItem) -> None:
        self.picked.emit(item.data(Qt.ItemDataRole.UserRole), item.text())
        if self._clear_on_pick:
            self.edit.clear()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + step)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() and self.edit.text().strip():
                return self.pick_current()
        return super().eventFilter(obj, event)
