"""The enterprise directory as a lazy table model that stays instant at 100,000 rows.

The model holds only the ordered list of matching ids (one indexed column, fetched off the GUI
thread by the page). Rows are loaded on demand, a chunk of ids at a time, into a small
least-recently-used cache, so painting the visible part of the table touches at most a couple of
chunks whatever the size of the directory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from ...domain.labels import field
from .lazy import ID_ROLE, LazyIdTableModel

if TYPE_CHECKING:  # a light start paints before the services are imported (attach)
    from ...services.enterprises import EnterpriseRow, EnterpriseService

__all__ = ["COLUMNS", "ID_ROLE", "EnterpriseTableModel"]

# Column keys, in display order.
COLUMNS: tuple[str, ...] = (
    "name", "credit_code", "township", "industry", "above_size", "contact_person", "contact_phone",
)


class EnterpriseTableModel(LazyIdTableModel["EnterpriseRow"]):
    """Rows of the directory, loaded `chunk_size` ids per query, at most `max_chunks` kept.

    Made without a service (a light start), rows are read by `rows` (storage.first_screen.enterprise_rows, the
    same fields) until `attach(service)`: the ids and the rows already loaded stay, later chunks come from it."""

    def __init__(self, service: EnterpriseService | None, chunk_size: int = 200, max_chunks: int = 20,
                 parent: QObject | None = None, lang: str = "zh",
                 rows: Callable[[list[str]], list[EnterpriseRow]] | None = None):
        super().__init__(COLUMNS, (), chunk_size, max_chunks, parent)
        if service is None and rows is None:
            raise ValueError("a model without a service needs a row reader")
        self._service = service
        self._rows = rows
        self._headers = tuple(field("enterprise", key).short_text(lang) for key in COLUMNS)
        self._yes, self._no = self.tr("是"), self.tr("否")

    def enterprise_id(self, row: int) -> str | None:
        return self.id_at(row)

    def attach(self, service: EnterpriseService) -> None:
        """Read rows through `service` from now on (nothing shown changes)."""
        self._service = service

    def load_rows(self, ids: list[str]) -> list[EnterpriseRow]:
        if self._service is not None:
            return self._service.rows(ids)
        assert self._rows is not None
        return self._rows(ids)

    def alignment(self, key: str) -> Qt.AlignmentFlag:
        if key == "above_size":
            return Qt.AlignmentFlag.AlignCenter
        return super().alignment(key)

    def cell(self, r: int, key: str, row: EnterpriseRow, role: int) -> Any:
        if key == "above_size":
            return self._yes if row.above_size else self._no
        value = getattr(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return value if key in ("name", "industry") and value else None
        return value
