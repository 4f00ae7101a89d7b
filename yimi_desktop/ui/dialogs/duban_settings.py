"""督办设置: the working-day calendar and the rules for handling times (办理时限规则).

Everyone can look (a laptop shows what the hub sent, and which years it lacks); only the hub edits:
a day made a working day or a day off, a year copied from the chinese-calendar package, a rule added
or changed. Reads and writes run off the GUI thread (ctx.tasks); a refusal is one line in the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QTableView, QTabWidget, QVBoxLayout,
    QWidget,
)

from ...domain.vocabulary import DeviceRole
from ...services.calendar import CalendarDayRow, CalendarYearInfo, RuleRow
from ...services.catalog import CategoryRow
from ..context import UiContext
from ..operations import Changes
from ..widgets.date_fields import pydate
from .issue_dialogs import date_edit

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class SettingsView:
    years: list[int]
    info: CalendarYearInfo
    rules: list[RuleRow]
    categories: list[CategoryRow]


class CalendarDayModel(QAbstractTableModel):
    """The days of one year that are named or differ from Monday to Friday (a few dozen rows)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.days: list[CalendarDayRow] = []
        self.headers = (self.tr("日期"), self.tr("星期"), self.tr("上班/休息"), self.tr("节日/说明"))

    def set_days(self, days: list[CalendarDayRow]) -> None:
        self.beginResetModel()
        self.days = list(days)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.days)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.days):
            return None
        d = self.days[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            weekdays = (self.tr("一"), self.tr("二"), self.tr("三"), self.tr("四"), self.tr("五"), self.tr("六"),
                        self.tr("日"))
            return (d.day.isoformat(), weekdays[d.day.weekday()], self.tr("上班") if d.workday else self.tr("休息"),
                    d.name)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and d.official and index.column() == 2:
            from PySide6.QtGui import QBrush, QColor
            return QBrush(QColor("#1f5fbf" if d.workday else "#a1140c"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and \
                0 <= section < len(self.headers):
            return self.headers[section]
        return None


class RuleModel(QAbstractTableModel):
    def __init__(self, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self.lang = lang
        self.rules: list[RuleRow] = []
        self.headers = (self.tr("规则名称"), self.tr("阶段时限"), self.tr("默认"), self.tr("启用"), self.tr("建议用于"))
        self.category_names: dict[str, str] = {}

    def set_rules(self, rules: list[RuleRow], category_names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.rules = list(rules)
        self.category_names = dict(category_names or {})
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rules)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rules):
            return None
        r = self.rules[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            cats = "、".join(self.category_names.get(c, "") for c in r.category_ids if c in self.category_names)
            return (r.name, r.stages_text(self.lang), self.tr("是") if r.is_default else "",
                    self.tr("是") if r.active else self.tr("否"), cats)[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and \
                0 <= section < len(self.headers):
            return self.headers[section]
        return None


def stages_code(r: RuleRow) -> str:
    """The rule's stages as typed in the editor: transfer:1,progress:3,resolve:7 (1m a month, 10d days)."""
    unit = {"workdays": "", "days": "d", "months": "m"}
    return ",".join(f"{s.kind.value}:{s.count}{unit[s.unit.value]}" for s in r.stages)


class DubanSettingsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.hub = ctx.services.device.role is DeviceRole.HUB
        self.view: SettingsView | None = None
        self.setWindowTitle(self.tr("督办设置:工作日历与办理时限规则"))
        self.resize(760, 560)

        self.note = QLabel(self.tr("工作日历和规则由县级中心维护,随数据包同步到各笔记本。") if self.hub else
                           self.tr("本机使用县级中心同步来的工作日历和规则,只能查看。"))
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setProperty("error", True)
        self.error.setWordWrap(True)
        self.error.hide()

        # ---- calendar tab
        self.year = QComboBox()
        self.year.setObjectName("calendarYear")
        self.held = QLabel()
        self.held.setObjectName("calendarHeld")
        self.days = CalendarDayModel(self)
        self.day_table = QTableView()
        self.day_table.setModel(self.days)
        self.day_table.verticalHeader().hide()
        self.day_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.day_table.horizontalHeader().setStretchLastSection(True)
        self.day = date_edit(date.today())
        self.day.setObjectName("calendarDay")
        self.kind = QComboBox()
        self.kind.setObjectName("calendarKind")
        self.kind.addItem(self.tr("工作日(上班)"), True)
        self.kind.addItem(self.tr("休息日"), False)
        self.day_name = QLineEdit()
        self.day_name.setPlaceholderText(self.tr("例如 国庆节调休上班(可不填)"))
        self.set_day = QPushButton(self.tr("设置该日"))
        self.set_day.setObjectName("calendarSetDay")
        self.import_year = QSpinBox()
        self.import_year.setRange(2004, 2100)
        self.import_year.setValue(date.today().year + 1)
        self.import_button = QPushButton(self.tr("从日历数据包加入该年"))
        self.import_button.setObjectName("calendarImport")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year)
        top.addWidget(self.held, 1)
        edit = QHBoxLayout()
        for w in (self.day, self.kind, self.day_name, self.set_day):
            edit.addWidget(w)
        imp = QHBoxLayout()
        imp.addWidget(self.import_year)
        imp.addWidget(self.import_button)
        imp.addStretch(1)
        cal = QWidget()
        col = QVBoxLayout(cal)
        col.addLayout(top)
        col.addWidget(self.day_table, 1)
        col.addLayout(edit)
        col.addLayout(imp)

        # ---- rules tab
        self.rules = RuleModel(ctx.lang, self)
        self.rule_table = QTableView()
        self.rule_table.setModel(self.rules)
        self.rule_table.verticalHeader().hide()
        self.rule_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.rule_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.rule_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rule_table.horizontalHeader().setStretchLastSection(True)
        self.rule_name = QLineEdit()
        self.rule_name.setObjectName("ruleName")
        self.rule_stages = QLineEdit()
        self.rule_stages.setObjectName("ruleStages")
        self.rule_stages.setPlaceholderText("transfer:1,progress:3,resolve:7")
        self.rule_stages.setToolTip(self.tr("阶段:transfer 转办、co_report 协办反馈、progress 进展、resolve 办结、"
                                            "follow_up 回访、cap 最长时限(延期不能超过);数字为工作日,加 m 为月,"
                                            "加 d 为自然日。例如 transfer:3,resolve:15,cap:30"))
        self.rule_categories = QListWidget()
        self.rule_categories.setObjectName("ruleCategories")
        self.rule_categories.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rule_categories.setMaximumHeight(96)
        self.rule_categories.setFlow(QListWidget.Flow.LeftToRight)
        self.rule_categories.setWrapping(True)
        self.rule_categories.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.rule_categories.setToolTip(self.tr("勾选的诉求类别交办时默认建议此规则(空格键勾选);一个类别只建议一条规则"))
        self.rule_default = QCheckBox(self.tr("未指定规则的类别用此规则"))
        self.save_rule = QPushButton(self.tr("保存规则"))
        self.save_rule.setObjectName("ruleSave")
        form = QFormLayout()
        form.addRow(self.tr("规则名称"), self.rule_name)
        form.addRow(self.tr("阶段时限"), self.rule_stages)
        form.addRow(self.tr("建议用于类别"), self.rule_categories)
        form.addRow("", self.rule_default)
        form.addRow("", self.save_rule)
        rules = QWidget()
        col = QVBoxLayout(rules)
        col.addWidget(self.rule_table, 1)
        col.addLayout(form)

        self.tabs = QTabWidget()
        self.tabs.addTab(cal, self.tr("工作日历"))
        self.tabs.addTab(rules, self.tr("办理时限规则"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        editors: list[QWidget] = [self.day, self.kind, self.day_name, self.set_day, self.import_year,
                                  self.import_button, self.rule_name, self.rule_stages, self.rule_categories,
                                  self.rule_default, self.save_rule]
        for editor in editors:
            editor.setEnabled(self.hub)
        self.year.activated.connect(self.on_year_activated)
        self.set_day.clicked.connect(self.on_set_day_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.save_rule.clicked.connect(self.on_save_rule_clicked)
        self.rule_table.selectionModel().currentRowChanged.connect(self.on_rule_row_changed)
        self.load(date.today().year)

    # ---- reading ----------------------------------------------------------------------------------
    def load(self, year: int) -> None:
        cal, categories = self.ctx.services.calendar, self.ctx.services.categories

        def read() -> SettingsView:
            return SettingsView(cal.years(), cal.year(year), cal.rules(include_inactive=True), categories.list())

        self.ctx.tasks.read(read, self.on_loaded, key="duban-settings", on_error=self.on_failed, parent=self)

    def on_loaded(self, view: SettingsView) -> None:
        self.view = view
        years = sorted({*view.years, view.info.year, date.today().year, date.today().year + 1})
        self.year.clear()
        for y in years:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(self.year.findData(view.info.year))
        if view.info.held:
            self.held.setText(self.tr("{n} 个节假日与调休日(来源:{source})").format(
                n=len(view.info.days), source=view.info.source))
        else:
            self.held.setText(self.tr("本机日历没有 {year} 年的安排:按工作日计算到该年的时限会被拒绝。").format(
                year=view.info.year))
        self.days.set_days(view.info.days)
        self.rules.set_rules(view.rules, {c.id: self.category_name(c) for c in view.categories})
        if self.rule_categories.count() != len(view.categories):
            self.rule_categories.clear()
            for c in view.categories:
                item = QListWidgetItem(self.category_name(c))
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.rule_categories.addItem(item)
        current = self.rule_table.currentIndex().row()
        if 0 <= current < len(self.rules.rules):
            self.show_rule(self.rules.rules[current])

    def category_name(self, c: CategoryRow) -> str:
        return c.name_en if self.ctx.lang == "en" and c.name_en else c.name

    def checked_categories(self) -> list[str]:
        out = []
        for i in range(self.rule_categories.count()):
            item = self.rule_categories.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def on_year_activated(self, _index: int) -> None:
        self.load(int(self.year.currentData()))

    def on_rule_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if 0 <= current.row() < len(self.rules.rules):
            self.show_rule(self.rules.rules[current.row()])

    def show_rule(self, r: RuleRow) -> None:
        self.rule_name.setText(r.name)
        self.rule_stages.setText(stages_code(r))
        self.rule_default.setChecked(r.is_default)
        for i in range(self.rule_categories.count()):
            item = self.rule_categories.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in r.category_ids
                               else Qt.CheckState.Unchecked)

    # ---- the hub's edits -------------------------------------------------------------------------------
    def _write(self, fn, year: int) -> None:
        self.error.hide()
        self.ctx.tasks.write(fn, lambda _r: self.load(year), changes=Changes.of("issue"), on_error=self.on_failed,
                             parent=self, label="duban settings")

    def on_set_day_clicked(self) -> None:
        cal, day, work, name = self.ctx.services.calendar, pydate(self.day.date()), bool(self.kind.currentData()), \
            self.day_name.text()
        self._write(lambda: cal.set_day(day, work, name), day.year)

    def on_import_clicked(self) -> None:
        cal, year = self.ctx.services.calendar, self.import_year.value()
        self._write(lambda: cal.import_year(year), year)

    def on_save_rule_clicked(self) -> None:
        cal, name, stages = self.ctx.services.calendar, self.rule_name.text(), self.rule_stages.text()
        default = True if self.rule_default.isChecked() else None
        year = int(self.year.currentData() or date.today().year)
        categories = self.checked_categories()
        self._write(lambda: cal.set_rule(name, stages, category_ids=categories, is_default=default), year)

    def on_failed(self, exc: Exception) -> None:
        self.error.setText(self.ctx.message(exc))
        self.error.show()

