"""走访覆盖: the enterprises due or overdue for a visit under the hub's coverage rule, and those visited often
without an open issue (有事就到,无事不扰). Read off the GUI thread; a double click opens the enterprise."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QListWidget, QListWidgetItem, QTableView, QVBoxLayout, QWidget,
)

from ...services.coverage import CoverageReport, CoverageRow, VisitPlanView
from ..context import UiContext

Index = QModelIndex | QPersistentModelIndex


class CoverageModel(QAbstractTableModel):
    def __init__(self, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self.lang = lang
        self.rows: list[CoverageRow] = []
        self.headers = (self.tr("情况"), self.tr("企业"), self.tr("乡镇"), self.tr("包联单位"), self.tr("包联团员"),
                        self.tr("本期走访"), self.tr("上期走访"), self.tr("最近走访"), self.tr("未办结诉求"))

    def set_rows(self, rows: list[CoverageRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.state.label(self.lang), r.enterprise, r.township, r.liaison_team, r.liaison_officer,
                    str(r.visits_this_period), str(r.visits_last_period),
                    r.last_visit.isoformat() if r.last_visit else "—", str(r.open_issues))[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and \
                0 <= section < len(self.headers):
            return self.headers[section]
        return None


class CoverageDialog(QDialog):
    open_requested = Signal(str)  # enterprise id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: CoverageReport | None = None
        self.setWindowTitle(self.tr("走访覆盖:应走访而未走访的企业"))
        self.resize(860, 520)
        self.head = QLabel()
        self.head.setWordWrap(True)
        self.model = CoverageModel(ctx.lang, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        cov = ctx.services.coverage
        ctx.tasks.read(cov.report, self.on_loaded, key=f"coverage-{id(self)}", parent=self)

    def on_loaded(self, report: CoverageReport) -> None:
        self.report = report
        if report.rule is None or report.period is None:
            self.head.setText(self.tr("县级中心尚未设置走访覆盖规则。"))
        else:
            c = report.counts
            self.head.setText(self.tr("{rule}({start} 至 {end}):已走访 {covered},本期待走访 {due},上期也未走访 {overdue},"
                                      "走访偏多且无未办结诉求 {often}").format(
                rule=report.rule.name, start=report.period[0].isoformat(), end=report.period[1].isoformat(),
                covered=c.get("covered", 0), due=c.get("due", 0), overdue=c.get("overdue", 0), often=c.get("often", 0)))
        self.model.set_rows(report.rows)

    def on_table_double_clicked(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.model.rows):
            self.open_requested.emit(self.model.rows[index.row()].enterprise_id)
            self.accept()


class PlanDialog(QDialog):
    """走访计划 of a team for a month: each enterprise, visited (when) or still to visit; double click opens it."""

    open_requested = Signal(str)

    def __init__(self, view: VisitPlanView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(self.tr("{team} {month} 走访计划").format(team=view.team, month=view.month))
        self.resize(520, 480)
        head = QLabel(self.tr("已走访 {done} 家,计划 {total} 家(县级中心制定)").format(done=view.done,
                                                                                total=len(view.rows)))
        self.list = QListWidget()
        for r in view.rows:
            mark = self.tr("✓ {date}").format(date=r.visited_on.isoformat()) if r.visited_on else self.tr("待走访")
            item = QListWidgetItem(f"{mark}  {r.enterprise} · {r.township}")
            item.setData(Qt.ItemDataRole.UserRole, r.enterprise_id)
            self.list.addItem(item)
        self.list.itemDoubleClicked.connect(self.on_item_double_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def on_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
