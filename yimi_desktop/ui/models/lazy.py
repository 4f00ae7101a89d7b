"""A table model over an ordered list of ids that stays instant at 100,000 rows.

The model holds only the ids (filtered and sorted in SQL off the GUI thread by the page). Rows
are loaded on demand, `chunk_size` ids per query, into a small least-recently-used cache, so
painting the visible part of a table touches at most a couple of chunks whatever its size.
Subclasses say how to load rows and what a cell shows.

A page's model loads its chunks off the GUI thread (`use_operations(ctx.tasks)`): a chunk not yet
loaded shows empty cells, is read on the operations' pool and painted when it arrives (results for
an id list since replaced are dropped). A model without operations (the model tests) loads a chunk
where it is asked for (`_load_now`, and `_fetch_now` from the event loop).

LIMIT first: a page may give only the first screen of ids (`set_ids(first_ids, rows, rest=fetch)`, read with
`LIMIT`), so a keystroke shows its results without reading every id; `fetch()` returns every id of the
same result and is read by `fetchMore()` (Qt's views call it when scrolled to the end; a page may call it
at once) off the GUI thread; the ids beyond those shown are appended and `completed` fires. A fetch for an
id list since replaced does not run, or its result is dropped.

`first_screen(ids, rows, chunk)` is the read a page runs off the GUI thread for that (every list page the
same way: the directory, the ledger), and `show_first_screen(screen, rest)` puts its result in the model.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal

if TYPE_CHECKING:
    from ..operations import Operations

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole


class HasId(Protocol):
    @property
    def id(self) -> str: ...  # read-only: frozen rows (IssueRow) qualify too


R = TypeVar("R", bound=HasId)


class FirstScreen(NamedTuple, Generic[R]):
    """The first ids of a result with their rows; `complete` when they are every id of it. (A NamedTuple: a
    frozen dataclass cost the first window ~0.8 ms to make.)"""

    ids: list[str]
    rows: list[R]
    complete: bool


def first_screen(ids: Callable[[int | None], list[str]], rows: Callable[[list[str]], list[R]], chunk: int,
                 keep: str | None = None, contains: Callable[[str], bool] | None = None) -> FirstScreen[R]:
    """LIMIT first (run off the GUI thread): `ids(limit)` of the first `chunk` (one more, to know whether there
    are others) and `rows()` of them, so a keystroke shows its results without reading every id. When the
    record to `keep` selected is in the result but further down (`contains(keep)`), every id is read at once
    (`ids(None)`) so that it can stay selected."""
    found = ids(chunk + 1)
    complete = len(found) <= chunk
    if not complete and keep is not None and keep not in found[:chunk] and contains is not None and contains(keep):
        found, complete = ids(None), True
    elif not complete:
        found = found[:chunk]
    return FirstScreen(found, rows(found[:chunk]), complete)


class LazyIdTableModel(QAbstractTableModel, Generic[R]):
    """Rows loaded `chunk_size` ids per query, at most `max_chunks` chunks kept."""

    completed = Signal()  # every id of the result is in the model (after set_ids without rest, or fetchMore)

    def __init__(self, columns: tuple[str, ...], headers: tuple[str, ...], chunk_size: int = 200,
                 max_chunks: int = 20, parent: QObject | None = None):
        super().__init__(parent)
        if chunk_size < 1 or max_chunks < 1:
            raise ValueError("chunk_size and max_chunks must be positive")
        self.columns = columns
        self._headers = headers
        self._chunk_size = chunk_size
        self._max_chunks = max_chunks
        self._ids: list[str] = []
        self._row_of: dict[str, int] | None = None  # built on first lookup
        self._chunks: OrderedDict[int, dict[str, R]] = OrderedDict()
        self.chunk_loads = 0  # chunk queries since the last reset (tests, diagnostics)
        self._tasks: Operations | None = None
        self._generation = 0  # bumped when the ids or the rows are replaced: late chunks are dropped
        self._loading: set[int] = set()
        self._rest: Callable[[], list[str]] | None = None  # every id of a result shown in part (LIMIT first)
        self._ids_generation = 0  # bumped with each id list: a late fetchMore result is dropped
        self._fetching = False
        self._served = frozenset((*self.ROW_ROLES, ID_ROLE, _ALIGNMENT))  # the roles data() answers
        self._alignments: tuple[int, ...] | None = None
        self._memo: tuple[int, R] | None = None  # the row data() read last: (row number, row)

    def use_operations(self, tasks: Operations) -> None:
        """Load chunks on `tasks`' read pool instead of where they are asked for."""
        self._tasks = tasks

    # ---- for subclasses ---------------------------------------------------------------------
    def load_rows(self, ids: list[str]) -> list[R]:
        raise NotImplementedError

    def cell(self, r: int, key: str, row: R, role: int) -> Any:
        """What cell (r, key) shows for `role` (Display, ToolTip, Foreground, Background, ...)."""
        raise NotImplementedError

    def alignment(self, key: str) -> Qt.AlignmentFlag:
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    ROW_ROLES: tuple[int, ...] = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)

    # ---- feeding ------------------------------------------------------------------------------
    @property
    def chunk_size(self) -> int:
        return self._chunk_size

    @property
    def cache_limit(self) -> int:
        return self._chunk_size * self._max_chunks

    def set_ids(self, ids: list[str], first_rows: list[R] | None = None,
                rest: Callable[[], list[str]] | None = None) -> None:
        """Show exactly these records, in this order. `first_rows` may carry the rows of the first
        chunk, loaded beside the ids off the GUI thread, so the first paint needs no query. With `rest`,
        `ids` are the first of a longer result and `rest()` returns all of them (see fetchMore)."""
        self.beginResetModel()
        self._memo = None
        self._ids = list(ids)
        self._row_of = None
        self._forget_chunks()
        self.chunk_loads = 0
        self._rest = rest
        self._ids_generation += 1
        self._fetching = False
        if first_rows is not None:
            wanted = set(self._ids[:self._chunk_size])
            self._chunks[0] = {r.id: r for r in first_rows if r.id in wanted}
        self.endResetModel()
        if rest is None:
            self.completed.emit()

    def show_first_screen(self, screen: FirstScreen[R], rest: Callable[[], list[str]]) -> None:
        """Show a `first_screen()` result; `rest()` returns every id of it when it is not complete."""
        self.set_ids(screen.ids, screen.rows, rest=None if screen.complete else rest)

    def is_complete(self) -> bool:
        """True when every id of the result is in the model."""
        return self._rest is None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._rest is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        """Read the ids beyond those shown (off the GUI thread with operations) and append them."""
        if parent.isValid() or self._rest is None or self._fetching:
            return
        rest, generation, shown = self._rest, self._ids_generation, frozenset(self._ids)

        def fetch() -> list[str] | None:
            if generation != self._ids_generation:  # replaced while queued: do not read
                return None
            return [i for i in rest() if i not in shown]

        self._fetching = True
        if self._tasks is None:  # read from the event loop: fetchMore may be called inside a view's reset
            QTimer.singleShot(0, self, lambda: self._append(generation, self._fetch_now(fetch)))
            return
        self._tasks.read(fetch, lambda ids: self._append(generation, ids),
                         on_error=lambda _exc: self._fetch_failed(generation), parent=self)

    def _fetch_now(self, fetch: Callable[[], list[str] | None]) -> list[str] | None:
        return fetch()

    def _append(self, generation: int, more: list[str] | None) -> None:
        if more is None or not shiboken6.isValid(self) or generation != self._ids_generation:
            return
        self._fetching = False
        self._rest = None
        self._memo = None
        if more:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._ids.extend(more)
            self._row_of = None
            if first % self._chunk_size:  # a chunk cut short by the end of the first ids: read it again
                self._chunks.pop(first // self._chunk_size, None)
                self._loading.discard(first // self._chunk_size)
            self.endInsertRows()
        self.completed.emit()

    def _fetch_failed(self, generation: int) -> None:
        if shiboken6.isValid(self) and generation == self._ids_generation:
            self._fetching = False

    def ids(self) -> list[str]:
        return list(self._ids)

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: str | None) -> int:
        """The row showing `record_id`, or -1 when it is not in the current result."""
        if record_id is None:
            return -1
        if self._row_of is None:
            self._row_of = {rid: i for i, rid in enumerate(self._ids)}
        return self._row_of.get(record_id, -1)

    def loaded_row_count(self) -> int:
        """How many rows are held in the cache right now (bounded by cache_limit)."""
        return sum(len(c) for c in self._chunks.values())

    def row(self, row: int) -> R | None:
        """The loaded row (None if out of range, the record vanished since the query, or its chunk is
        still being read off the GUI thread)."""
        rid = self.id_at(row)
        if rid is None:
            return None
        return self._chunk(row // self._chunk_size).get(rid)

    def reload(self) -> None:
        """Forget the cached rows (after an edit) and repaint; the id list stays."""
        self._forget_chunks()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def update_row(self, row: R) -> None:
        """Put a freshly loaded row in place and repaint it."""
        r = self.row_of(row.id)
        if r < 0:
            return
        chunk = self._chunks.get(r // self._chunk_size)
        if chunk is not None:
            chunk[row.id] = row
        self._memo = None
        self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.columns) - 1))

    def _forget_chunks(self) -> None:
        self._memo = None
        self._chunks.clear()
        self._loading.clear()
        self._generation += 1

    def _chunk(self, n: int) -> dict[str, R]:
        chunk = self._chunks.get(n)
        if chunk is not None:
            self._chunks.move_to_end(n)
            return chunk
        start = n * self._chunk_size
        ids = self._ids[start:start + self._chunk_size]
        if self._tasks is None:
            return self._store(n, self._load_now(ids))
        if n not in self._loading:
            self._loading.add(n)
            load, generation = self.load_rows, self._generation
            self._tasks.read(lambda: load(ids), lambda rows: self._arrived(generation, n, rows),
                             on_error=lambda _exc: self._arrival_failed(generation, n), parent=self)
        return {}

    def _load_now(self, ids: list[str]) -> list[R]:
        return self.load_rows(ids)

    def _store(self, n: int, rows: list[R]) -> dict[str, R]:
        self._memo = None
        chunk = {r.id: r for r in rows}
        self.chunk_loads += 1
        self._chunks[n] = chunk
        while len(self._chunks) > self._max_chunks:
            self._chunks.popitem(last=False)
        return chunk

    def _arrived(self, generation: int, n: int, rows: list[R]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._loading.discard(n)
        self._store(n, rows)
        first, last = n * self._chunk_size, min(len(self._ids), (n + 1) * self._chunk_size) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    def _arrival_failed(self, generation: int, n: int) -> None:
        """Logged by the operations; the cells stay empty until asked for again."""
        if shiboken6.isValid(self) and generation == self._generation:
            self._loading.discard(n)

    # ---- Qt model interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    _FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def flags(self, index: Index) -> Qt.ItemFlag:
        return self._FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called some 1,300 times a repaint of a screenful: the roles no cell answers (decoration, font, check
        # state, ...) are turned away first, and nothing is computed twice (the alignments once per model)
        if role not in self._served or not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._ids) and 0 <= c < len(self.columns)):
            return None  # an index of this flat model never has a parent: its row and column say it all
        if role == ID_ROLE:
            return self._ids[r]
        if role == _ALIGNMENT:
            if self._alignments is None:
                self._alignments = tuple(int(self.alignment(k)) for k in self.columns)
            return self._alignments[c]
        memo = self._memo  # a repaint asks for every cell of a row, role by role, before the next row
        row: R | None
        if memo is not None and memo[0] == r:
            row = memo[1]
        else:
            row = self.row(r)
            if row is None:
                return "" if role == _DISPLAY else None
            self._memo = (r, row)
        return self.cell(r, self.columns[c], row, role)
