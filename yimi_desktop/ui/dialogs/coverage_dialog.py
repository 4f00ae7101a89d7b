"""走访覆盖: the enterprises due or overdue for a visit under the hub's coverage rule, and those visited often
without an open issue (有事就到,无事不扰). Read off the GUI thread; a double click opens the enterprise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError, Message
from ...domain.vocabulary import DeviceRole
from ...services.coverage import CoverageReport, CoverageRow, LiaisonRow, VisitPlanView
from ..context import UiContext
from ..models.simple import RowsTableModel
from ..operations import Changes

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
        self.liaison_button: QPushButton | None = None
        if ctx.services.device.role is DeviceRole.HUB:  # 包联 and plans are set at the hub
            self.liaison_button = buttons.addButton(self.tr("包联与走访计划…"), QDialogButtonBox.ButtonRole.ActionRole)
            self.liaison_button.setObjectName("openLiaisons")
            self.liaison_button.clicked.connect(self.open_liaisons)
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

    def open_liaisons(self) -> LiaisonPlanDialog:
        self.liaisons = LiaisonPlanDialog(self.ctx, self)
        self.liaisons.finished.connect(lambda _r: self.ctx.tasks.read(self.ctx.services.coverage.report, self.on_loaded,
                                                                      key=f"coverage-{id(self)}", parent=self))
        self.liaisons.open()
        return self.liaisons

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


@dataclass(frozen=True)
class LiaisonChoices:
    rows: list[LiaisonRow]
    teams: list[tuple[str, str]]  # (id, name)
    officers: list[tuple[str, str]]


class LiaisonPlanDialog(QDialog):
    """At the hub: 包联 (the responsible team and officer of each enterprise; several rows at once) and a team's
    走访计划 for a month (tick the enterprises; Space ticks the current one). Everything is read and written off
    the GUI thread; a refusal is one line in the dialog. Laptops see the plans on their 工作台."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.choices: LiaisonChoices | None = None
        self.plan_view: VisitPlanView | None = None
        self.setWindowTitle(self.tr("包联与走访计划"))
        self.resize(900, 600)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setProperty("error", True)
        self.error.setWordWrap(True)
        self.error.hide()
        self.done_line = QLabel()

        # ---- 包联
        self.search = QLineEdit()
        self.search.setObjectName("liaisonSearch")
        self.search.setPlaceholderText(self.tr("企业名称或乡镇"))
        self.search.setClearButtonEnabled(True)
        self.liaison_model = RowsTableModel([
            (self.tr("企业"), lambda r: r.enterprise), (self.tr("乡镇"), lambda r: r.township),
            (self.tr("包联单位"), lambda r: r.team or "—"), (self.tr("包联团员"), lambda r: r.officer or "—"),
        ], self)
        self.table = QTableView()
        self.table.setObjectName("liaisonTable")
        self.table.setModel(self.liaison_model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 320)
        self.team = QComboBox()
        self.team.setObjectName("liaisonTeam")
        self.officer = QComboBox()
        self.officer.setObjectName("liaisonOfficer")
        self.save_liaison = QPushButton(self.tr("设为所选企业的包联"))
        self.save_liaison.setObjectName("liaisonSave")
        edit = QHBoxLayout()
        edit.addWidget(QLabel(self.tr("包联单位")))
        edit.addWidget(self.team, 1)
        edit.addWidget(QLabel(self.tr("包联团员")))
        edit.addWidget(self.officer, 1)
        edit.addWidget(self.save_liaison)
        liaison = QWidget()
        col = QVBoxLayout(liaison)
        col.addWidget(self.search)
        col.addWidget(self.table, 1)
        col.addWidget(QLabel(self.tr("可按住 Shift 或 Ctrl 选择多家企业,一次设定同一包联。")))
        col.addLayout(edit)

        # ---- 走访计划
        self.plan_team = QComboBox()
        self.plan_team.setObjectName("planTeam")
        self.plan_month = QLineEdit(date.today().strftime("%Y-%m"))
        self.plan_month.setObjectName("planMonth")
        self.plan_month.setInputMask("9999-99")
        self.plan_month.setMaximumWidth(90)
        self.plan_search = QLineEdit()
        self.plan_search.setObjectName("planSearch")
        self.plan_search.setPlaceholderText(self.tr("筛选企业名称或乡镇"))
        self.plan_search.setClearButtonEnabled(True)
        self.plan_list = QListWidget()
        self.plan_list.setObjectName("planList")
        self.plan_count = QLabel()
        self.save_plan = QPushButton(self.tr("保存走访计划"))
        self.save_plan.setObjectName("planSave")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("团队")))
        top.addWidget(self.plan_team, 1)
        top.addWidget(QLabel(self.tr("月份")))
        top.addWidget(self.plan_month)
        top.addWidget(self.plan_search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.plan_count, 1)
        bottom.addWidget(self.save_plan)
        plan = QWidget()
        col = QVBoxLayout(plan)
        col.addLayout(top)
        col.addWidget(self.plan_list, 1)
        col.addLayout(bottom)

        self.tabs = QTabWidget()
        self.tabs.addTab(liaison, self.tr("包联"))
        self.tabs.addTab(plan, self.tr("走访计划"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("包联和走访计划由县级中心设定,随数据包同步到各笔记本。")))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.done_line)
        layout.addWidget(buttons)
        for a, b in ((self.search, self.table), (self.table, self.team), (self.team, self.officer),
                     (self.officer, self.save_liaison), (self.plan_team, self.plan_month),
                     (self.plan_month, self.plan_search), (self.plan_search, self.plan_list),
                     (self.plan_list, self.save_plan)):
            QWidget.setTabOrder(a, b)

        self.search.textChanged.connect(self.show_liaisons)
        self.plan_search.textChanged.connect(self.filter_plan)
        self.save_liaison.clicked.connect(self.on_save_liaison)
        self.plan_team.activated.connect(lambda _i: self.load_plan())
        self.plan_month.editingFinished.connect(self.load_plan)
        self.plan_list.itemChanged.connect(lambda _item: self.show_plan_count())
        self.save_plan.clicked.connect(self.on_save_plan)
        self.load()

    # ---- reading ----------------------------------------------------------------------------------
    def load(self) -> None:
        cov, teams, officers = self.ctx.services.coverage, self.ctx.services.teams, self.ctx.services.officers

        def read() -> LiaisonChoices:
            return LiaisonChoices(cov.liaisons(), [(t.id, t.name) for t in teams.list()],
                                  [(o.id, o.name) for o in officers.list()])

        self.ctx.tasks.read(read, self.on_loaded, key=f"liaisons-{id(self)}", on_error=self.on_failed, parent=self)

    def on_loaded(self, choices: LiaisonChoices) -> None:
        first = self.choices is None
        self.choices = choices
        if first:
            self.team.addItem(self.tr("(无)"), None)
            self.officer.addItem(self.tr("(无)"), None)
            for tid, name in choices.teams:
                self.team.addItem(name, tid)
                self.plan_team.addItem(name, tid)
            for oid, name in choices.officers:
                self.officer.addItem(name, oid)
        self.show_liaisons()
        self.load_plan()

    def show_liaisons(self) -> None:
        if self.choices is None:
            return
        term = self.search.text().strip()
        rows = [r for r in self.choices.rows if not term or term in r.enterprise or term in r.township]
        self.liaison_model.set_rows(rows)

    def load_plan(self) -> None:
        team_id, month, plans = self.plan_team.currentData(), self.plan_month.text(), self.ctx.services.plans
        if not team_id:
            return
        self.ctx.tasks.read(lambda: plans.plan(team_id, month), self.on_plan_loaded, key=f"plan-{id(self)}",
                            on_error=self.on_failed, parent=self)

    def on_plan_loaded(self, view: VisitPlanView) -> None:
        self.error.hide()
        self.plan_view = view
        planned = {r.enterprise_id: r for r in view.rows}
        self.plan_list.blockSignals(True)
        self.plan_list.clear()
        for r in self.choices.rows if self.choices else []:
            p = planned.get(r.enterprise_id)
            mark = self.tr("(已走访 {date})").format(date=p.visited_on.isoformat()) if p and p.visited_on else ""
            item = QListWidgetItem(f"{r.enterprise} · {r.township}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, r.enterprise_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p else Qt.CheckState.Unchecked)
            self.plan_list.addItem(item)
        self.plan_list.blockSignals(False)
        self.filter_plan()
        self.show_plan_count()

    def filter_plan(self) -> None:
        term = self.plan_search.text().strip()
        for i in range(self.plan_list.count()):
            item = self.plan_list.item(i)
            item.setHidden(bool(term) and term not in item.text())

    def planned_ids(self) -> list[str]:
        return [str(self.plan_list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.plan_list.count())
                if self.plan_list.item(i).checkState() == Qt.CheckState.Checked]

    def show_plan_count(self) -> None:
        self.plan_count.setText(self.tr("计划走访 {n} 家").format(n=f"{len(self.planned_ids()):,}"))

    # ---- the hub's edits -----------------------------------------------------------------------------
    def on_save_liaison(self) -> None:
        ids = [r.enterprise_id for r in (self.liaison_model.row_at(i.row()) for i in self.table.selectionModel().selectedRows())
               if r is not None]
        if not ids:
            self.on_failed(DomainError(Message("请先在列表中选择企业。", "Select enterprises in the list first.")))
            return
        cov, team_id, officer_id = self.ctx.services.coverage, self.team.currentData(), self.officer.currentData()
        self.error.hide()
        self.ctx.tasks.write(lambda: cov.set_liaisons(ids, team_id, officer_id), self.on_liaison_saved,
                             changes=Changes.of("enterprise"), on_error=self.on_failed, parent=self, label="liaisons")

    def on_liaison_saved(self, n: int) -> None:
        self.done_line.setText(self.tr("已设定 {n} 家企业的包联。").format(n=f"{n:,}"))
        self.load()

    def on_save_plan(self) -> None:
        team_id, month, plans, ids = self.plan_team.currentData(), self.plan_month.text(), self.ctx.services.plans, \
            self.planned_ids()
        if not team_id:
            return
        self.error.hide()
        self.ctx.tasks.write(lambda: plans.set_plan(team_id, month, ids), self.on_plan_saved,
                             changes=Changes.of("visit"), on_error=self.on_failed, parent=self, label="visit plan")

    def on_plan_saved(self, view: VisitPlanView) -> None:
        self.done_line.setText(self.tr("{team} {month} 的走访计划已保存:{n} 家。").format(
            team=view.team, month=view.month, n=len(view.rows)))
        self.on_plan_loaded(view)

    def on_failed(self, exc: Exception) -> None:
        self.error.setText(self.ctx.message(exc))
        self.error.show()
