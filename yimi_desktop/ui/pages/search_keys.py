"""Keyboard of a list page's search box (the one policy of every list page, see list_detail.py; Ctrl+F,
the platform's Find key, focuses the box): Esc clears the box; ↓ or Enter runs a search still waiting for
the typing pause and moves into the table."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent


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
