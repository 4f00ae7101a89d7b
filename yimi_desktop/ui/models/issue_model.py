"""The issue ledger (问题台账) as a lazy table model that stays instant at 100,000 issues.

The model holds only the ordered list of matching ids (filtered and sorted in SQL by
IssueService.ids, off the GUI thread, by the page). Rows are loaded on demand, `chunk_size` ids
per query, into a small least-recently-used cache; painting the visible part of the table
touches at most a couple of chunks whatever the size of the ledger.

Overdue open issues are drawn in red with a "超期" mark on the deadline; open issues due within
a few days are drawn amber.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...services.issues import IssueRow, IssueService

Index = QModelIndex | QPersistentModelIndex

# Column keys, in display order.
COLUMNS: tuple[str, ...] = (
    "seq", "enterprise", "township", "category", "title", "raised_on", "team", "deadline", "status", "result",
    "satisfaction",
)

# column -> IssueService sort key (columns not listed cannot be sorted)
SORT_KEY_OF: dict[str, str] = {
    "enterprise": "enterprise", "township": "township", "category": "category", "raised_on": "raised_on",
    "team": "team", "deadline": "deadline", "status": "status",
}

ID_ROLE = Qt.ItemDataRole.UserRole
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 1  # "overdue", "due_soon" or ""

OVERDUE_TEXT = QColor("#a1140c")
OVERDUE_BACK = QColor("#fde8e5")
DUE_SOON_TEXT = QColor("#8a5300")
DUE_SOON_BACK = QColor("#fff3d6")


def urgency(row: IssueRow) -> str:
    return "overdue" if row.overdue else "due_soon" if row.due_soon else ""


class IssueTableModel(QAbstractTableModel):
    """Rows of the ledger, loaded `chunk_size` ids per query, at most `max_chunks` kept."""

    def __init__(self, service: IssueService, lang: str = "zh", chunk_size: int = 200, max_chunks: int = 20,
                 parent: QObject | None = None):
        super().__init__(parent)
        if chunk_size < 1 or max_chunks < 1:
            raise ValueError("chunk_size and max_chunks must be positive")
        self._service = service
        self._lang = lang
        self._chunk_size = chunk_size
        self._max_chunks = max_chunks
        self._ids: list[str] = []
        self._today = date.today()
        self._row_of: dict[str, int] | None = None  # built on first lookup
        self._chunks: OrderedDict[int, dict[str, IssueRow]] = OrderedDict()
        self.chunk_loads = 0  # chunk queries since the last reset (tests, diagnostics)
        self._headers = (
            self.tr("序号"), self.tr("企业"), self.tr("乡镇"), self.tr("类别"), self.tr("诉求"), self.tr("提出日期"),
            self.tr("承办团队"), self.tr("办理时限"), self.tr("状态"), self.tr("办理结果"), self.tr("满意度"),
        )

    # ---- feeding ---------------------------------------------------------------------------
    @property
    def chunk_size(self) -> int:
        return self._chunk_size

    @property
    def cache_limit(self) -> int:
        return self._chunk_size * self._max_chunks

    def set_ids(self, ids: list[str], today: date | None = None, first_rows: list[IssueRow] | None = None) -> None:
        """Show exactly these issues, in this order (the result of IssueService.ids).

        `first_rows` may carry the rows of the first chunk, loaded beside the ids off the GUI
        thread, so the first paint needs no query.
        """
        self.beginResetModel()
        self._ids = list(ids)
        self._today = today or date.today()
        self._row_of = None
        self._chunks.clear()
        self.chunk_loads = 0
        if first_rows is not None:
            wanted = set(self._ids[:self._chunk_size])
            self._chunks[0] = {r.id: r for r in first_rows if r.id in wanted}
        self.endResetModel()

    def ids(self) -> list[str]:
        return list(self._ids)

    def today(self) -> date:
        return self._today

    def issue_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, issue_id: str | None) -> int:
        """The row showing `issue_id`, or -1 when it is not in the current result."""
        if issue_id is None:
            return -1
        if self._row_of is None:
            self._row_of = {iid: i for i, iid in enumerate(self._ids)}
        return self._row_of.get(issue_id, -1)

    def loaded_row_count(self) -> int:
        return sum(len(c) for c in self._chunks.values())

    def row(self, row: int) -> IssueRow | None:
        """The loaded row (None if out of range or the issue vanished since the query)."""
        iid = self.issue_id(row)
        if iid is None:
            return None
        return self._chunk(row // self._chunk_size).get(iid)

    def reload(self) -> None:
        """Forget the cached rows (after an edit) and repaint; the id list stays."""
        self._chunks.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def update_row(self, row: IssueRow) -> None:
        """Put a freshly loaded row (after an action) in place and repaint it."""
        r = self.row_of(row.id)
        if r < 0:
            return
        chunk = self._chunks.get(r // self._chunk_size)
        if chunk is not None:
            chunk[row.id] = row
        self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))

    def _chunk(self, n: int) -> dict[str, IssueRow]:
        chunk = self._chunks.get(n)
        if chunk is not None:
            self._chunks.move_to_end(n)
            return chunk
        start = n * self._chunk_size
        chunk = {r.id: r for r in self._service.rows(self._ids[start:start + self._chunk_size], self._today)}
        self.chunk_loads += 1
        self._chunks[n] = chunk
        while len(self._chunks) > self._max_chunks:
            self._chunks.popitem(last=False)
        return chunk

    # ---- what a cell shows --------------------------------------------------------------------
    def deadline_text(self, row: IssueRow) -> str:
        if row.deadline is None:
            return ""
        days = (row.deadline - self._today).days
        if row.overdue:
            return self.tr("{date} 超期{n}天").format(date=row.deadline.isoformat(), n=-days)
        if row.due_soon:
            if days == 0:
                return self.tr("{date} 今天到期").format(date=row.deadline.isoformat())
            return self.tr("{date} 剩{n}天").format(date=row.deadline.isoformat(), n=days)
        return row.deadline.isoformat()

    def display(self, r: int, key: str, row: IssueRow) -> str:
        if key == "seq":
            return str(r + 1)
        if key == "raised_on":
            return row.raised_on.isoformat()
        if key == "deadline":
            return self.deadline_text(row)
        if key == "status":
            return row.status.label(self._lang)
        if key == "satisfaction":
            return row.satisfaction.label(self._lang) if row.satisfaction else ""
        return str(getattr(row, key) or "")

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
        if orientation != Qt.Orientation.Horizontal:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # dates newest first on the first click, names and codes A→Z
            key = COLUMNS[section]
            order = Qt.SortOrder.DescendingOrder if key == "raised_on" else Qt.SortOrder.AscendingOrder
            return order.value
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section] not in SORT_KEY_OF:
            return self.tr("此列不能排序")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._ids) and 0 <= c < len(COLUMNS)):
            return None
        key = COLUMNS[c]
        if role == ID_ROLE:
            return self._ids[r]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key in ("seq",):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key in ("status", "satisfaction", "raised_on"):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.BackgroundRole, URGENCY_ROLE):
            return None
        row = self.row(r)
        if row is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        level = urgency(row)
        if role == URGENCY_ROLE:
            return level
        if role == Qt.ItemDataRole.ForegroundRole:
            if level == "overdue":
                return QBrush(OVERDUE_TEXT)
            if level == "due_soon" and key in ("deadline", "status"):
                return QBrush(DUE_SOON_TEXT)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BACK) if level == "overdue" else QBrush(DUE_SOON_BACK) if level else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "title":
                return f"{row.title}\n{row.description}".strip()
            if key in ("enterprise", "result", "team") and getattr(row, key):
                return getattr(row, key)
            if key == "deadline" and level:
                return self.tr("已超过办理时限") if level == "overdue" else self.tr("即将到期")
            return None
        return self.display(r, key, row)
