"""What the main window expects of a page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..context import UiContext


class Page(QWidget):
    """A page of the main window. `refresh()` reloads what it shows (after imports, edits...)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx

    def refresh(self) -> None:  # pragma: no cover - overridden where there is something to reload
        pass
