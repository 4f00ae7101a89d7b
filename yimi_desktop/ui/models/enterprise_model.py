"""The enterprise directory as a lazy table model that stays instant at 100,000 rows.

The model holds only the ordered list of matching ids (one indexed column, fetched off the GUI
thread by the page). Rows are loaded on demand, a chunk of ids at a time, into a small
least-recently-used cache, so painting the visible part of the table touches at most a couple of
chunks whatever the size of the directory.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ...services.enterprises import EnterpriseRow, EnterpriseService

Index = QModelIndex | QPersistentModelIndex

# Column keys, in display order.
COLUMNS: tuple[str, ...] = (
    "name", "credit_code", "township", "industry", "above_size", "contact_person", "contact_phone",
)

ID_ROLE = Qt.ItemDataRole.UserRole


class EnterpriseTableModel(QAbstractTableModel):
    """Rows of the directory, loaded `chunk_size` ids per query, at most `max_chunks` kept."""

    def __init__(self, service: EnterpriseService, chunk_size: int = 200, max_chunks: int = 20,
                 parent: QObject | None = None):
        super().__init__(parent)
        if chunk_size < 1 or max_chunks < 1:
            raise ValueError("chunk_size and max_chunks must be positive")
        self._service = service
        self._chunk_size = chunk_size
        self._max_chunks = max_chunks
        self._ids: list[str] = []
        self._row_of: dict[str, int] | None = None  # built on first lookup
        self._chunks: OrderedDict[int, dict[str, EnterpriseRow]] = OrderedDict()
        self.chunk_loads = 0  # how many chunk queries ran since the last reset (tests, diagnostics)
        self._headers = (
            self.tr("企业名称"), self.tr("统一社会信用代码"), self.tr("乡镇"), self.tr("行业"),
            self.tr("规上"), self.tr("联系人"), self.tr("联系电话"),
        )
        self._yes, self._no = self.tr("是"), self.tr("否")

    # ---- feeding ---------------------------------------------------------------------------
    def set_ids(self, ids: list[str]) -> None:
        """Show exactly these enterprises, in this order (the result of EnterpriseService.ids)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self._chunks.clear()
        self.chunk_loads = 0
        self.endResetModel()

    def ids(self) -> list[str]:
        return list(self._ids)

    def enterprise_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, enterprise_id: str | None) -> int:
        """The row showing `enterprise_id`, or -1 when it is not in the current result."""
        if enterprise_id is None:
            return -1
        if self._row_of is None:
            self._row_of = {eid: i for i, eid in enumerate(self._ids)}
        return self._row_of.get(enterprise_id, -1)

    def loaded_row_count(self) -> int:
        """How many rows are held in the cache right now (bounded by chunk_size * max_chunks)."""
        return sum(len(c) for c in self._chunks.values())

    @property
    def cache_limit(self) -> int:
        return self._chunk_size * self._max_chunks

    def row(self, row: int) -> EnterpriseRow | None:
        """The loaded row (None if out of range or the enterprise vanished since the query)."""
        eid = self.enterprise_id(row)
        if eid is None:
            return None
        return self._chunk(row // self._chunk_size).get(eid)

    def _chunk(self, n: int) -> dict[str, EnterpriseRow]:
        chunk = self._chunks.get(n)
        if chunk is not None:
            self._chunks.move_to_end(n)
            return chunk
        start = n * self._chunk_size
        ids = self._ids[start:start + self._chunk_size]
        chunk = {r.id: r for r in self._service.rows(ids)}
        self.chunk_loads += 1
        self._chunks[n] = chunk
        while len(self._chunks) > self._max_chunks:
            self._chunks.popitem(last=False)
        return chunk

    # ---- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._ids) and 0 <= c < len(COLUMNS)):
            return None
        if role == ID_ROLE:
            return self._ids[r]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if COLUMNS[c] == "above_size":
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row(r)
        if row is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        key = COLUMNS[c]
        if key == "above_size":
            return self._yes if row.above_size else self._no
        value = getattr(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return value if key in ("name", "industry") and value else None
        return value
