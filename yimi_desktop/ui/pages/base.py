"""What the main window expects of a page."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ..context import UiContext
from ..operations import ALL_KINDS

W = TypeVar("W", bound=QWidget)


class Page(QWidget):
    """A page of the main window.

    `refresh()` reloads what it shows (after imports, edits...). A page asks the window to show
    another page with `open_requested.emit(key, payload)`; the window then calls that page's
    `open_with(payload)` (e.g. the ledger with an IssueQuery, the enterprise page with an id).
    `data_changed` tells the window that records changed, so the other pages refresh.
    `services_replaced` hands over new services for the same database (a laptop just enrolled):
    the application then rebuilds the window on them and closes the old ones.
    `shows` names the entity kinds the page displays (see ui/operations.py): after a write the
    window refreshes only the pages whose `shows` meets the write's `Changes`.
    """

    shows: ClassVar[frozenset[str]] = ALL_KINDS

    open_requested = Signal(str, object)
    data_changed = Signal()
    services_replaced = Signal(object)
    first_painted = Signal()  # a page built light has its first screen in place (see attach_services)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.first_screen_ready = False  # set (once) with first_painted
        self._styled: list[QWidget] = []  # see first_paint_styled

    def styled(self, widget: W) -> W:
        """`widget` (returned) is named by a rule of the app's style sheet: see first_paint_styled."""
        self._styled.append(widget)
        return widget

    def first_paint_styled(self) -> list[QWidget]:
        """The page's widgets that the app's style sheet names (with what is inside them). A light start paints
        its first window with the sheet set on these alone and gives it to the application after that paint:
        set on the application at once, every widget of the window was styled through it (~10 ms)."""
        return list(self._styled)

    def mark_first_painted(self) -> None:
        if not self.first_screen_ready:
            self.first_screen_ready = True
            self.first_painted.emit()

    def attach_services(self) -> None:
        """The services are in `ctx.services` now (a light start, after the first paint): load what needs them."""
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - overridden where there is something to reload
        pass

    def open_with(self, payload: object) -> None:  # pragma: no cover - overridden by pages that accept one
        pass
