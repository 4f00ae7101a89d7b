"""Finished visits (走访) as a lazy table model: the page fetches the ordered ids off the GUI thread
(VisitService.ids, newest first); rows are loaded a chunk of ids at a time when painted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from ...services.visits import VisitRow, VisitService
from .lazy import ID_ROLE, LazyIdTableModel

__all__ = ["COLUMNS", "ID_ROLE", "VisitTableModel"]

# Column keys, in display order.
COLUMNS: tuple[str, ...] = (
    "visit_date", "enterprise", "township", "team", "visit_type", "officers", "issue_count", "record_no",
)


class VisitTableModel(LazyIdTableModel[VisitRow]):
    def __init__(self, service: VisitService, lang: str = "zh", chunk_size: int = 200, max_chunks: int = 20,
                 parent: QObject | None = None):
        super().__init__(COLUMNS, (), chunk_size, max_chunks, parent)
        self._service = service
        self._lang = lang
        self._headers = (
            self.tr("日期"), self.tr("企业"), self.tr("乡镇"), self.tr("团队"), self.tr("类型"),
            self.tr("走访人员"), self.tr("诉求数"), self.tr("编号"),
        )

    def visit_id(self, row: int) -> str | None:
        return self.id_at(row)

    def row_at(self, row: int) -> VisitRow | None:
        """The row shown at `row` (the name the other pages' simple models use)."""
        return self.row(row)

    def load_rows(self, ids: list[str]) -> list[VisitRow]:
        return self._service.rows(ids)

    def alignment(self, key: str) -> Qt.AlignmentFlag:
        if key == "issue_count":
            return Qt.AlignmentFlag.AlignCenter
        return super().alignment(key)

    def cell(self, r: int, key: str, row: VisitRow, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return getattr(row, key) if key in ("enterprise", "officers", "team") else None
        if key == "visit_date":
            return row.visit_date.isoformat()
        if key == "visit_type":
            return row.visit_type.label(self._lang)
        if key == "issue_count":
            return f"{row.issue_count:,}" if row.issue_count else ""
        return getattr(row, key)
