"""Pickers usable without the mouse: type Chinese, full pinyin or initials, ↓/↑ to choose, Enter to pick.

`SearchPicker` is a line edit with a result list right below it. The list appears while the officer
types (or on ↓ in an empty field, which lists the suggestions for nothing typed yet, e.g. the chosen
team's members) and goes away on Enter, Esc or when focus leaves. The owner gives `search(text)`,
a service call returning (id, label) pairs; with an Operations runner the call runs off the GUI thread and
an Enter pressed before the results arrive picks the first of them when they do.

`MultiPicker` adds the chosen items below the field as chips (Delete removes the current one).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..operations import Operations

Search = Callable[[str], list[tuple[str, str]]]

ROW_PX = 22


class SearchPicker(QWidget):
    """`picked(id, label)` on Enter or click. With `keep_choice` the field then shows the chosen label
    (and shows it again when focus leaves after a search that picked nothing)."""

    picked = Signal(str, str)
    results_shown = Signal()

    def __init__(self, search: Search, placeholder: str = "", rows: int = 6, tasks: Operations | None = None,
                 keep_choice: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._search = search
        self._tasks = tasks
        self._keep_choice = keep_choice
        self._choice: tuple[str, str] | None = None
        self._pending = False
        self._pick_on_arrival = False
        self._generation = 0  # bumped when focus leaves: late results then stay unshown
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setFixedHeight(rows * ROW_PX + 6)
        self.list.setUniformItemSizes(True)
        self.list.hide()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.edit)
        col.addWidget(self.list)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self.on_text_edited)
        self.edit.installEventFilter(self)
        self.list.itemClicked.connect(self.on_item_activated)

    # ---- the choice (keep_choice pickers) ----------------------------------------------------------
    def choice(self) -> tuple[str, str] | None:
        return self._choice

    def set_choice(self, rid: str, label: str) -> None:
        self._choice = (rid, label) if rid else None
        self.edit.setText(label if rid else "")
        self.close_list()

    # ---- searching -------------------------------------------------------------------------------------
    def labels(self) -> list[str]:
        """What the result list offers now (tests, diagnostics)."""
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) is not None]

    def is_open(self) -> bool:
        return not self.list.isHidden()

    def on_text_edited(self, text: str) -> None:
        if text.strip():
            self.run_search(text)
        else:
            self.close_list()

    def run_search(self, text: str | None = None) -> None:
        text = (self.edit.text() if text is None else text).strip()
        if self._tasks is None:
            self.show_results(self._search(text))
            return
        self._pending = True
        search, generation = self._search, self._generation

        def shown(results: list[tuple[str, str]]) -> None:
            if generation == self._generation:
                self.show_results(results)

        self._tasks.submit(lambda: search(text), shown, self.on_search_failed, key=f"picker-{id(self)}",
                           parent=self)

    def show_results(self, results: list[tuple[str, str]]) -> None:
        self._pending = False
        self.list.clear()
        for rid, label in results:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            self.list.addItem(item)
        if results:
            self.list.setCurrentRow(0)
        elif self.edit.text().strip():
            none = QListWidgetItem(self.tr("没有找到,换个写法试试(汉字、全拼或首字母)"))
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(none)
        self.list.setVisible(self.list.count() > 0)
        self.results_shown.emit()
        if self._pick_on_arrival:
            self._pick_on_arrival = False
            self.pick_current()

    def on_search_failed(self, _exc: Exception) -> None:
        self._pending = False
        self._pick_on_arrival = False
        self.close_list()

    def close_list(self) -> None:
        self._pick_on_arrival = False
        self.list.hide()

    # ---- picking --------------------------------------------------------------------------------------
    def pick_current(self) -> bool:
        item = self.list.currentItem()
        if item is None or self.list.isHidden() or item.data(Qt.ItemDataRole.UserRole) is None:
            return False
        self.on_item_activated(item)
        return True

    def on_item_activated(self, item: QListWidgetItem) -> None:
        rid, label = item.data(Qt.ItemDataRole.UserRole), item.text()
        if rid is None:  # the "nothing found" line
            return
        if self._keep_choice:
            self.set_choice(rid, label)
        else:
            self.edit.clear()
            self.close_list()
        self.picked.emit(rid, label)

    def _move(self, step: int) -> None:
        n = self.list.count()
        if n:
            self.list.setCurrentRow(max(0, min(n - 1, self.list.currentRow() + step)))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is not self.edit:
            return super().eventFilter(obj, event)
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape and self.is_open():
                event.accept()  # Esc closes the list first, not the editor around the picker
                return True
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._on_key(event)
        elif kind == QEvent.Type.FocusOut:
            self._generation += 1
            self._pending = False
            self.close_list()
            if self._keep_choice:
                self.edit.setText(self._choice[1] if self._choice else "")
        return super().eventFilter(obj, event)

    def _on_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        page = max(1, self.list.height() // ROW_PX - 1)
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if not self.is_open():
                if key == Qt.Key.Key_Down:
                    self.run_search()
                    return True
                return False
            if key == Qt.Key.Key_Down:
                self._move(1)
            elif key == Qt.Key.Key_Up:
                self._move(-1)
            else:
                self._move(page if key == Qt.Key.Key_PageDown else -page)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (mods & Qt.KeyboardModifier.ControlModifier):
            if self._pending:
                self._pick_on_arrival = True
                return True
            return self.pick_current()
        if key == Qt.Key.Key_Escape and self.is_open():
            self.close_list()
            if self._keep_choice:
                self.edit.setText(self._choice[1] if self._choice else "")
                self.edit.selectAll()
            return True
        return False


class MultiPicker(QWidget):
    """A SearchPicker whose picks collect below it as chips; `changed()` when the set changes."""

    changed = Signal()

    def __init__(self, search: Search, placeholder: str = "", rows: int = 6, tasks: Operations | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._outer_search = search
        self.picker = SearchPicker(self._search, placeholder, rows, tasks)
        self.chosen = QListWidget()
        self.chosen.setObjectName("chips")
        self.chosen.setFlow(QListView.Flow.LeftToRight)
        self.chosen.setWrapping(True)
        self.chosen.setResizeMode(QListView.ResizeMode.Adjust)
        self.chosen.setSpacing(3)
        self.chosen.setFixedHeight(2 * (ROW_PX + 6) + 4)
        self.chosen.setStyleSheet("QListWidget#chips::item { background: #eef3fb; border: 1px solid #c5d3ea;"
                                  " border-radius: 3px; padding: 1px 6px; }"
                                  "QListWidget#chips::item:selected { background: #2f6db5; color: white; }")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.picker)
        col.addWidget(self.chosen)
        self.setFocusProxy(self.picker)
        self.picker.picked.connect(self.add)
        self.chosen.installEventFilter(self)

    @property
    def edit(self) -> QLineEdit:
        return self.picker.edit

    def _search(self, text: str) -> list[tuple[str, str]]:
        have = set(self.ids())
        return [(rid, label) for rid, label in self._outer_search(text) if rid not in have]

    def ids(self) -> list[str]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    def labels(self) -> list[str]:
        return [self.chosen.item(i).text() for i in range(self.chosen.count())]

    def add(self, rid: str, label: str) -> None:
        if rid in self.ids():
            return
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, rid)
        item.setToolTip(self.tr("Delete 键移除"))
        self.chosen.addItem(item)
        self.changed.emit()

    def set_items(self, items: list[tuple[str, str]]) -> None:
        self.chosen.clear()
        for rid, label in items:
            self.add(rid, label)
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self.changed.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.chosen and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_current()
                return True
        return super().eventFilter(obj, event)
