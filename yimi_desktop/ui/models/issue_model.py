"""The issue ledger (问题台账) as a lazy table model that stays instant at 100,000 issues.

The model holds only the ordered list of matching ids (filtered and sorted in SQL by
IssueService.ids, off the GUI thread, by the page; LIMIT first, the first screen before every id). Rows are loaded on demand, `chunk_size` ids
per query, into a small least-recently-used cache; painting the visible part of the table
touches at most a couple of chunks whatever the size of the ledger.

Overdue open issues are drawn in red with a "超期" mark on the deadline; open issues due within
a few days are drawn amber.
"""

from __future__ import annotations

from datetime import date
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.labels import field
from ...services.issues import IssueRow, IssueService
from .lazy import FirstScreen, LazyIdTableModel

# Column keys, in display order.
# What an officer scans first (who, how it stands, by when, what) comes before the rest, so that at
# 1280-1366 px the status and deadline are in sight without scrolling away from the enterprise.
COLUMNS: tuple[str, ...] = (
    "seq", "enterprise", "status", "deadline", "title", "category", "township", "raised_on", "team", "result",
    "satisfaction",
)

# columns that are not the issue's own field names -> (entity, field) in the vocabulary
COLUMN_FIELDS = {"enterprise": ("issue", "enterprise_id"), "township": ("enterprise", "township"),
                 "category": ("issue", "category_id"), "team": ("issue", "team_id")}

# column -> IssueService sort key (columns not listed cannot be sorted)
SORT_KEY_OF: dict[str, str] = {
    "enterprise": "enterprise", "township": "township", "category": "category", "raised_on": "raised_on",
    "team": "team", "deadline": "deadline", "status": "status",
}

URGENCY_ROLE = Qt.ItemDataRole.UserRole + 1  # "overdue", "due_soon" or ""

OVERDUE_TEXT = QColor("#a1140c")
OVERDUE_BACK = QColor("#fde8e5")
DUE_SOON_TEXT = QColor("#8a5300")
DUE_SOON_BACK = QColor("#fff3d6")


def urgency(row: IssueRow) -> str:
    return "overdue" if row.overdue else "due_soon" if row.due_soon else ""


class IssueTableModel(LazyIdTableModel[IssueRow]):
    """Rows of the ledger, loaded `chunk_size` ids per query, at most `max_chunks` kept."""

    ROW_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                 Qt.ItemDataRole.BackgroundRole, URGENCY_ROLE)

    def __init__(self, service: IssueService, lang: str = "zh", chunk_size: int = 200, max_chunks: int = 20,
                 parent: QObject | None = None):
        super().__init__(COLUMNS, (), chunk_size, max_chunks, parent)
        self._service = service
        self._lang = lang
        self._today = date.today()
        self._texts: tuple[IssueRow, dict[str, str]] | None = None
        # made once: a repaint asks for a cell's colours some 700 times
        self._brushes = {"overdue_text": QBrush(OVERDUE_TEXT), "due_soon_text": QBrush(DUE_SOON_TEXT),
                         "overdue_back": QBrush(OVERDUE_BACK), "due_soon_back": QBrush(DUE_SOON_BACK)}
        # the captions are the vocabulary's (domain/labels.py), as in the issue's detail pane
        self._headers = tuple(self.tr("序号") if key == "seq" else field(*COLUMN_FIELDS.get(key, ("issue", key))).short_text(lang)
                              for key in COLUMNS)

    def set_ids(self, ids: list[str], first_rows: list[IssueRow] | None = None,
                rest: Callable[[], list[str]] | None = None, today: date | None = None) -> None:
        """Show exactly these issues, in this order (the result of IssueService.ids; with `rest`, the first of
        them, LIMIT first: see LazyIdTableModel). `today` is the day overdue and due-soon are judged by."""
        self._today = today or date.today()
        self._texts = None
        super().set_ids(ids, first_rows, rest)

    def show_first_screen(self, screen: FirstScreen[IssueRow], rest: Callable[[], list[str]],
                          today: date | None = None) -> None:
        self._today = today or date.today()
        self._texts = None
        super().show_first_screen(screen, rest)

    def today(self) -> date:
        return self._today

    def issue_id(self, row: int) -> str | None:
        return self.id_at(row)

    def load_rows(self, ids: list[str]) -> list[IssueRow]:
        return self._service.rows(ids, self._today)

    # ---- what a cell shows --------------------------------------------------------------------
    def deadline_text(self, row: IssueRow) -> str:
        current = row.duty.current if row.duty else None
        if current is not None:  # counted in working days, by the stage that is due next (督办); date in the tooltip
            stage, n = current.kind.label(self._lang), current.workdays_left
            if n is None:
                return self.tr("{stage} {date}(日历缺{year}年)").format(stage=stage, date=current.due.isoformat(),
                                                                   year=current.missing_year)
            if n < 0:
                return self.tr("{stage} 超期{n}个工作日").format(stage=stage, n=-n)
            if n == 0:
                return self.tr("{stage} 今日到期").format(stage=stage)
            return self.tr("{stage} 剩{n}个工作日").format(stage=stage, n=n)
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
        texts = self._texts  # a row's texts are made once per row object (a repaint asks for each cell often)
        if texts is None or texts[0] is not row:
            texts = self._texts = (row, {})
        text = texts[1].get(key)
        if text is None:
            text = texts[1][key] = self._display(key, row)
        return text

    def _display(self, key: str, row: IssueRow) -> str:
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
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.InitialSortOrderRole:
                # dates newest first on the first click, names and codes A→Z
                key = COLUMNS[section]
                order = Qt.SortOrder.DescendingOrder if key == "raised_on" else Qt.SortOrder.AscendingOrder
                return order.value
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section] not in SORT_KEY_OF:
                return self.tr("此列不能排序")
        return super().headerData(section, orientation, role)

    def alignment(self, key: str) -> Qt.AlignmentFlag:
        if key == "seq":
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if key in ("status", "satisfaction", "raised_on"):
            return Qt.AlignmentFlag.AlignCenter
        return super().alignment(key)

    def cell(self, r: int, key: str, row: IssueRow, role: int) -> Any:
        level = urgency(row)
        if role == URGENCY_ROLE:
            return level
        if role == Qt.ItemDataRole.ForegroundRole:
            if level == "overdue":
                return self._brushes["overdue_text"]
            if level == "due_soon" and key in ("deadline", "status"):
                return self._brushes["due_soon_text"]
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[level + "_back"] if level else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "title":
                return f"{row.title}\n{row.description}".strip()
            if key == "team" and row.duty and row.duty.co_teams:
                return self.tr("主办:{lead}\n协办:{co}").format(lead=row.team, co="、".join(row.duty.co_teams))
            if key in ("enterprise", "result", "team") and getattr(row, key):
                return getattr(row, key)
            current = row.duty.current if row.duty else None
            if key == "deadline" and current is not None:
                return self.tr("{stage}时限:{date};办结时限:{deadline}").format(
                    stage=current.kind.label(self._lang), date=current.due.isoformat(),
                    deadline=row.deadline.isoformat() if row.deadline else "")
            if key == "deadline" and level:
                return self.tr("已超过办理时限") if level == "overdue" else self.tr("即将到期")
            return None
        return self.display(r, key, row)
