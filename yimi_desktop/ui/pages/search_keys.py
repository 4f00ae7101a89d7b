"""Keyboard of a list page's search box (the one policy of every list page, see list_detail.py; Ctrl+F,
the platform's Find key, focuses the box): Esc clears the box; ↓ or Enter runs a search still waiting for
the typing pause and moves into the table."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut


def handle_search_key(page, event: QEvent) -> bool:
    """True when the key press was used. `page` has search, table, model, _timer, run_query,
    current_id and select_row (every ListDetailPage; EnterprisesPage until it is one)."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    key = event.key()
    if key == Qt.Key.Key_Escape and page.search.text():
        page.search.clear()
        return True
    if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
        if page._timer.isActive():
            page.run_query()
        page.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if page.current_id() is None and page.model.rowCount() > 0:
            page.select_row(0)
        return True
    return False


class SearchKeys(QObject):
    """A list page's search keys, so the page needs no eventFilter or focus_search of its own: the
    search box's keys (`handle_search_key`, as its event filter) and the Find key (Ctrl+F) focusing it.
    Made once the page has its `search` box: `SearchKeys(page)`; `find_context` is where Ctrl+F works."""

    def __init__(self, page, find_context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut):
        super().__init__(page)
        self._page = page
        page.search.installEventFilter(self)
        find = QShortcut(QKeySequence.StandardKey.Find, page, context=find_context)
        find.activated.connect(self.focus_search)

    def focus_search(self) -> None:
        page = getattr(self, "_page", None)
        if page is None:  # being torn down
            return
        search = page.search
        if not search.isVisible():  # e.g. an editor shown in place of the list
            return
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Qt may still deliver events while the Python side is being torn down (its attributes already gone)
        page = getattr(self, "_page", None)
        return page is not None and obj is page.search and handle_search_key(page, event)
