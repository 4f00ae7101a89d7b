"""The list-and-detail page: a search box, a lazy table of ids and the selected record beside it.

What every list page had copied, in one place:
- the search box with its typing pause (`SEARCH_DEBOUNCE_MS`) before `run_query()`;
- one keyboard policy (`search_keys.SearchKeys`): Ctrl+F (the platform's Find key) focuses the
  search box, Esc clears it, ↓ or Enter runs a waiting search and moves into the table;
- the table set-up (whole rows, one at a time, not editable, fixed row height, no row numbers);
- `current_id()`, `select_row(row)`, and select-when-loaded (`select_when_loaded(id)`: the record is
  selected as soon as a query's results hold it, e.g. a record just saved or asked for by another page);
- the detail follows the current row (`load_detail(id)`, also when a refresh keeps the same row);
- one dialog at a time (`open_dialog`; `on_dialog_finished` forgets it and gives the table the focus);
- an error line under the list for a query that failed (`show_error`).

A subclass builds its own layout around `self.search`, `self.table` and `self.error_line`, and provides
`run_query()` and `load_detail(id | None)`; after putting new ids into the model (inside
`with self.resetting():`), it calls `reselect()`. A page over a tree (the teams) gives its own view with
`setup_view(view, model, id_of, index_of)` and, without a search box, sets `searchable = False`.
"""

from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QLabel, QLineEdit, QTableView, QWidget

from ..context import UiContext
from .base import Page
from .search_keys import SearchKeys

Index = QModelIndex | QPersistentModelIndex

SEARCH_DEBOUNCE_MS = 200
AFTER_PAINT_MAX_MS = 150  # what waits for a paint (ListDetailPage.after_paint) starts by then without one


def viewport_of(view: QAbstractItemView) -> QWidget:
    """The view's viewport. Not `view.viewport()` first: the viewport is made by Qt, and PySide6, to give it a
    Python type, tried every QWidget subclass, making each and its enums (~70, ~10 ms of the first window)
    on the way; looked up as a child by the name Qt gives it, it is a plain QWidget at once."""
    found = view.findChild(QWidget, "qt_scrollarea_viewport", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else view.viewport()


class AfterPaint(QObject):
    """Runs one waiting callback after the next paint of `widget` (an event filter installed only while one
    waits), or after `max_ms` without a paint; a newer callback replaces one still waiting."""

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self._widget = widget
        self._fn: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timeout)

    def arm(self, fn: Callable[[], None], max_ms: int = AFTER_PAINT_MAX_MS) -> None:
        if self._fn is None:
            self._widget.installEventFilter(self)
        self._fn = fn
        self._timer.start(max_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._fn is not None and event.type() == QEvent.Type.Paint:
            self._timer.start(0)  # once this paint is over
        return False

    def on_timeout(self) -> None:
        fn, self._fn = self._fn, None
        self._widget.removeEventFilter(self)
        if fn is not None:
            fn()


class ListDetailPage(Page):
    searchable = True  # a search box with its pause and keys (the teams tree has none)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.dialog: QDialog | None = None
        self._pending_select: str | None = None
        self._resetting = False
        self._id_of: Callable[[Index], str | None] = lambda _index: None
        self._after_paint: AfterPaint | None = None
        self._index_of: Callable[[str | None], QModelIndex] = lambda _id: QModelIndex()

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_query)
        if self.searchable:
            self.search.textChanged.connect(self.on_search_text_changed)
            SearchKeys(self, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        else:
            self.search.hide()

        self.error_line = QLabel()
        self.error_line.setObjectName("errorLine")
        self.error_line.setStyleSheet("color: #b3261e;")
        self.error_line.setWordWrap(True)
        self.error_line.hide()

    # ---- set-up ------------------------------------------------------------------------------------
    def setup_table(self, name: str, model, row_id: Callable[[int], str | None], row_height: int = 26) -> QTableView:
        """The table over `model`; `row_id(row)` is the record id of a row."""
        table = QTableView()
        table.setObjectName(name)
        self.setup_view(table, model, lambda index: row_id(index.row()),
                        lambda record_id: model.index(model.row_of(record_id), 0))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        vh = table.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # Qt never measures rows it does not paint
        vh.setDefaultSectionSize(row_height)
        self.table = table
        return table

    def setup_view(self, view: QAbstractItemView, model, id_of: Callable[[Index], str | None],
                   index_of: Callable[[str | None], QModelIndex]) -> None:
        """Any item view over `model`: `id_of(index)` is the record an index shows, `index_of(id)` where
        a record is (invalid when it is not shown)."""
        self.model = model
        self.view = view
        self._id_of, self._index_of = id_of, index_of
        view.setModel(model)
        view.selectionModel().currentRowChanged.connect(self.on_current_row_changed)

    # ---- what a subclass provides ------------------------------------------------------------------
    def run_query(self) -> None:  # pragma: no cover - every list page has one
        raise NotImplementedError

    def after_paint(self, fn: Callable[[], None]) -> None:
        """Run `fn` once the table has painted what was just put in it (at once when it is not on screen). The
        reads a first screen leaves for later (every id, the counters) go there: started beside the paint, their
        Python half held the interpreter lock while each of the ~2,000 data() calls of a repaint waited for it
        (a ledger repaint took 15-60 ms instead of 10). A newer call replaces one still waiting."""
        viewport = viewport_of(self.view)
        if not viewport.isVisible():
            if self._after_paint is not None:
                self._after_paint.arm(lambda: None, 0)  # what was waiting is replaced
            fn()
            return
        if self._after_paint is None:
            self._after_paint = AfterPaint(viewport)
        self._after_paint.arm(fn)

    def load_detail(self, record_id: str | None) -> None:  # pragma: no cover - every list page has one
        raise NotImplementedError

    # ---- search --------------------------------------------------------------------------------------
    def on_search_text_changed(self, _text: str) -> None:
        self._timer.start()

    def set_search_quietly(self, text: str) -> None:
        """Put `text` in the search box without starting a query."""
        self.search.blockSignals(True)
        self.search.setText(text)
        self.search.blockSignals(False)

    # ---- errors --------------------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.error_line.setText(text)
        self.error_line.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")

    # ---- selection -----------------------------------------------------------------------------------
    def current_id(self) -> str | None:
        sm = self.view.selectionModel()
        idx = sm.currentIndex()
        if not idx.isValid() or not sm.isSelected(idx.siblingAtColumn(0)):
            return None
        return self._id_of(idx)

    def select_row(self, row: int) -> None:
        """Make `row` (of a table) current and visible; its detail loads (also when it already was current)."""
        self.select_index(self.model.index(row, 0))

    def select_index(self, idx: QModelIndex) -> None:
        """Make the record at `idx` current and visible; its detail loads (also when it already was current)."""
        idx = idx.siblingAtColumn(0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        sm = self.view.selectionModel()
        current = sm.currentIndex()
        unchanged = current.isValid() and current.siblingAtColumn(0) == idx
        sm.setCurrentIndex(idx, flags)
        self.view.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)
        if unchanged:  # no currentRowChanged: load the detail here
            self.load_detail(self._id_of(idx))

    def select_id(self, record_id: str) -> bool:
        """Select `record_id` if the list holds it."""
        idx = self._index_of(record_id)
        if idx.isValid():
            self.select_index(idx)
        return idx.isValid()

    def select_when_loaded(self, record_id: str | None) -> None:
        """Select `record_id` when the next query's results are shown."""
        self._pending_select = record_id

    def wanted_id(self) -> str | None:
        """The record the next results should select: one asked for, else the current one."""
        return self._pending_select or self.current_id()

    @contextmanager
    def resetting(self) -> Iterator[None]:
        """Around refilling the model: the current row vanishes and comes back without loading details."""
        keep = self.wanted_id()
        self._resetting = True
        try:
            yield
        finally:
            self._resetting = False
            self._pending_select = keep

    def reselect(self, first_if_missing: bool = False) -> None:
        """After new results: select the record asked for or kept, else (optionally) the first row."""
        keep, self._pending_select = self._pending_select, None
        idx = self._index_of(keep)
        if not idx.isValid() and first_if_missing and self.model.rowCount() > 0:
            idx = self.model.index(0, 0)
        if idx.isValid():
            self.select_index(idx)
        else:
            self.load_detail(None)

    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._resetting:  # the model is being refilled; reselect() selects again
            return
        self.load_detail(self._id_of(current) if current.isValid() else None)

    # ---- dialogs -------------------------------------------------------------------------------------
    def open_dialog(self, dlg: QDialog, on_accepted: Callable[[], None] | None = None) -> QDialog:
        """Open `dlg` window-modal; `self.dialog` while it is open."""
        self.dialog = dlg
        if on_accepted is not None:
            dlg.accepted.connect(on_accepted)
        dlg.finished.connect(lambda _r: self.on_dialog_finished(dlg))
        dlg.open()
        return dlg

    def on_dialog_finished(self, dlg: QDialog) -> None:
        if self.dialog is dlg:
            self.dialog = None
        dlg.deleteLater()
        if self.view.isVisible():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
