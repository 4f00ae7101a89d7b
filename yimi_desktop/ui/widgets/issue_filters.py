"""The ledger's filter bar (a view): presets, statuses, overdue, team, category, township, the two
periods and the scope a query is limited to (an enterprise or an officer, set by other pages). It turns
its widgets into an `IssueQuery` and back; the page runs the query. `changed` fires when a filter changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QVBoxLayout,
    QWidget,
)

from ...domain.periods import days_left_in_week
from ...domain.vocabulary import IssueStatus
from ...domain.vocabulary import OPEN as OPEN_STATUSES
from ...services.issues import IssueQuery
from .period_filter import PeriodFilter

OPEN = frozenset(s.value for s in OPEN_STATUSES)  # as the ledger query takes them


class IssueFilterBar(QWidget):
    changed = Signal()
    mine_requested = Signal()  # 我的待办: the page finds this device's officer (off the GUI thread), then set_mine

    def __init__(self, search: QLineEdit, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = search
        self.due_within: int | None = None  # set by the 本周到期 preset or an IssueQuery
        self.enterprise_id: str | None = None  # limits without a widget (from other pages)
        self.officer_id: str | None = None
        self.escalated = False  # 督查清单 / 延期待批, from the 工作台
        self.extension_pending = False

        # ---- first row: search, presets ---------------------------------------------------------
        self.presets = QButtonGroup(self)
        self.presets.setExclusive(False)  # kept in step with the filters by sync_presets
        self.preset_buttons: dict[str, QToolButton] = {}
        for key, label in (("open", self.tr("未办结")), ("overdue", self.tr("已超期")),
                           ("due_week", self.tr("本周到期")), ("mine", self.tr("我的待办")), ("all", self.tr("全部"))):
            b = QToolButton()
            b.setText(label)
            b.setObjectName("preset")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            b.clicked.connect(lambda _=False, k=key: self.apply_preset(k))
            self.presets.addButton(b)
            self.preset_buttons[key] = b
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.setToolTip(self.tr("显示全部诉求"))
        row1 = QHBoxLayout()
        row1.addWidget(search, 1)
        row1.addSpacing(8)
        row1.addWidget(QLabel(self.tr("快捷:")))
        for b in self.preset_buttons.values():
            row1.addWidget(b)
        row1.addSpacing(8)
        row1.addWidget(self.clear_button)

        # ---- second row: statuses, overdue, team, category, township ------------------------------
        self.status_buttons: dict[IssueStatus, QToolButton] = {}
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(self.tr("状态:")))
        for s in IssueStatus:
            b = QToolButton()
            b.setText(s.label(lang))
            b.setObjectName("statusToggle")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            b.setToolTip(self.tr("可多选;都不选即全部状态"))
            b.toggled.connect(self.on_filter_changed)
            self.status_buttons[s] = b
            row2.addWidget(b)
        self.overdue = QCheckBox(self.tr("只看超期"))
        self.overdue.toggled.connect(self.on_filter_changed)
        row2.addSpacing(6)
        row2.addWidget(self.overdue)
        row2.addSpacing(6)
        self.team = QComboBox()
        self.category = QComboBox()
        self.township = QComboBox()
        for combo, width in ((self.team, 150), (self.category, 120), (self.township, 110)):
            combo.setMinimumWidth(width)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(self.on_filter_changed)

        # ---- third row: periods and scope -------------------------------------------------------
        self.raised = PeriodFilter(self.tr("提出日期"))
        self.resolved = PeriodFilter(self.tr("办结日期"))
        self.raised.changed.connect(self.on_filter_changed)
        self.resolved.changed.connect(self.on_filter_changed)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("scopeLabel")
        self.scope_clear = QPushButton(self.tr("取消限定"))
        self.scope_clear.clicked.connect(self.on_scope_clear_clicked)
        # the scope (an enterprise or officer the ledger is limited to) ends the status row
        row2.addSpacing(12)
        row2.addWidget(self.scope_label)
        row2.addWidget(self.scope_clear)
        row2.addStretch(1)
        # team, category and township end the period row where it is wide enough, else take a row of
        # their own (a 1280x720 screen at 125% is 1024 px wide): see resizeEvent (trap B1)
        self.choice_box = QWidget()
        choices = QHBoxLayout(self.choice_box)
        choices.setContentsMargins(0, 0, 0, 0)
        for combo in (self.team, self.category, self.township):
            choices.addWidget(combo)
        self.row3 = QHBoxLayout()
        self.row3.addWidget(self.raised)
        self.row3.addSpacing(12)
        self.row3.addWidget(self.resolved)
        self.row3.addSpacing(12)
        self.row3.addWidget(self.choice_box)
        self.row3.addStretch(1)
        self.row4 = QHBoxLayout()
        self.row4.addStretch(1)
        self.show_scope("")

        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)  # minimumSizeHint below decides
        self._rows = (row1, row2, self.row3)
        for row in (*self._rows, self.row4):
            col.addLayout(row)

    def _period_row_fits_choices(self, width: int) -> bool:
        spacing = self.row3.spacing() * 4 + 24
        need = self.raised.sizeHint().width() + self.resolved.sizeHint().width() + self.choice_box.sizeHint().width()
        return need + spacing <= width

    def resizeEvent(self, event: QResizeEvent) -> None:
        on_period_row = self.row3.indexOf(self.choice_box) >= 0
        fits = self._period_row_fits_choices(event.size().width())
        if fits != on_period_row:
            (self.row4 if on_period_row else self.row3).removeWidget(self.choice_box)
            if fits:
                self.row3.insertWidget(4, self.choice_box)
            else:
                self.row4.insertWidget(0, self.choice_box)
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        # the least width is that of the widest row without the choices (they move to a row of their own)
        hint = super().minimumSizeHint()
        widest = max(r.minimumSize().width() - (self.choice_box.minimumSizeHint().width() if r is self.row3 else 0)
                     for r in self._rows)
        hint.setWidth(min(hint.width(), widest))
        return hint

    def combos(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        return self.team, self.category, self.township

    def tab_order(self) -> list[QWidget]:
        return [self.search, *self.preset_buttons.values(), self.clear_button, self.team, self.category, self.township,
                *self.status_buttons.values(), self.overdue, self.raised.check, self.raised.start,
                self.raised.end, self.resolved.check, self.resolved.start, self.resolved.end, self.scope_clear]

    def set_choices(self, c) -> None:
        """Fill the lists from a `LedgerChoices`, keeping what was chosen; emits nothing."""
        for combo in self.combos():
            combo.blockSignals(True)
        try:
            chosen = [combo.currentData() for combo in self.combos()]
            for combo in self.combos():
                combo.clear()
            self.team.addItem(self.tr("全部团队"), None)
            for tid, name in c.specialist_teams:
                self.team.addItem(name, tid)
            self.team.insertSeparator(self.team.count())
            for tid, name in c.other_teams:
                self.team.addItem(name, tid)
            self.category.addItem(self.tr("全部类别"), None)
            for cid, label in c.categories:
                self.category.addItem(label, cid)
            self.township.addItem(self.tr("全部乡镇"), None)
            for t in c.townships:
                self.township.addItem(t, t)
            for combo, value in zip(self.combos(), chosen):
                combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)
        finally:
            for combo in self.combos():
                combo.blockSignals(False)

    def query(self, today: date) -> IssueQuery:
        raised_from, raised_to = self.raised.value()
        resolved_from, resolved_to = self.resolved.value()
        return IssueQuery(
            statuses=frozenset(s.value for s, b in self.status_buttons.items() if b.isChecked()),
            team_id=self.team.currentData(), category_id=self.category.currentData(),
            township=self.township.currentData(), enterprise_id=self.enterprise_id, officer_id=self.officer_id,
            overdue=self.overdue.isChecked(), due_within_days=self.due_within,
            raised_from=raised_from, raised_to=raised_to, resolved_from=resolved_from, resolved_to=resolved_to,
            text=self.search.text().strip(), today=today,
            escalated=self.escalated, extension_pending=self.extension_pending,
        )

    def set_query(self, q: IssueQuery) -> None:
        """Set every filter widget (and the search box) from `q`; emits nothing."""
        widgets = [self.search, self.overdue, *self.combos(), *self.status_buttons.values()]
        for w in widgets:
            w.blockSignals(True)
        try:
            self.search.setText(q.text)
            for s, b in self.status_buttons.items():
                b.setChecked(s.value in q.statuses)
            self.overdue.setChecked(q.overdue)
            for combo, value in zip(self.combos(), (q.team_id, q.category_id, q.township)):
                combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
            self.raised.set_value(q.raised_from, q.raised_to)
            self.resolved.set_value(q.resolved_from, q.resolved_to)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.due_within = q.due_within_days
        self.enterprise_id = q.enterprise_id
        self.officer_id = q.officer_id
        self.escalated, self.extension_pending = q.escalated, q.extension_pending  # from the 工作台's 督办 tiles
        self.sync_presets()

    def show_scope(self, text: str) -> None:
        self.scope_label.setText(self.tr("限定于 {scope}").format(scope=text) if text else "")
        self.scope_label.setVisible(bool(text))
        self.scope_clear.setVisible(bool(text))

    # ---- events -------------------------------------------------------------------------------------
    def on_filter_changed(self, *_args: object) -> None:
        self.sync_presets()
        self.changed.emit()

    def set_mine(self, officer_id: str) -> None:
        """我的待办: the open issues handled by `officer_id` (the officer who uses this device)."""
        self.set_query(replace(self.query(date.today()), statuses=OPEN, overdue=False, due_within_days=None,
                               officer_id=officer_id))
        self.changed.emit()

    def apply_preset(self, key: str) -> None:
        if key == "mine":
            self.sync_presets()  # checked once the officer is known
            self.mine_requested.emit()
            return
        today = date.today()
        statuses = {"open": OPEN}.get(key, frozenset())
        q = replace(self.query(today), statuses=statuses, overdue=key == "overdue",
                    due_within_days=days_left_in_week(today) if key == "due_week" else None)
        self.set_query(q)
        self.changed.emit()

    def sync_presets(self) -> None:
        statuses = frozenset(s.value for s, b in self.status_buttons.items() if b.isChecked())
        overdue, due = self.overdue.isChecked(), self.due_within
        current = None
        if due is not None and not overdue:
            current = "due_week"
        elif due is None and overdue and not statuses:
            current = "overdue"
        elif due is None and not overdue and statuses == OPEN:
            current = "mine" if self.officer_id else "open"
        elif due is None and not overdue and not statuses:
            current = "all"
        for key, b in self.preset_buttons.items():
            b.setChecked(key == current)

    def on_scope_clear_clicked(self) -> None:
        self.enterprise_id = None
        self.officer_id = None
        self.escalated = self.extension_pending = False
        self.changed.emit()
