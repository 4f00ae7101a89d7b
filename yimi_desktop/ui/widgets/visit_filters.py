"""The visit list's filter bar: visit date (from/to), team, officer, township. A view: it holds the widgets,
turns them into a `VisitQuery` and back; the page runs the query. The choices arrive from a query run off
the GUI thread (`set_choices`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from ...services.visits import VisitQuery
from .period_filter import PeriodFilter


@dataclass(frozen=True)
class VisitFilterChoices:
    teams: list[tuple[str, str]]  # (id, name)
    officers: list[tuple[str, str]]
    townships: list[str]


class VisitFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.period = PeriodFilter(self.tr("走访日期"))
        self.team = QComboBox()
        self.team.setObjectName("visitTeamFilter")
        self.officer = QComboBox()
        self.officer.setObjectName("visitOfficerFilter")
        self.township = QComboBox()
        self.township.setObjectName("visitTownshipFilter")
        self.clear_button = QPushButton(self.tr("清除筛选"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.period)
        for combo, width in ((self.team, 160), (self.officer, 110), (self.township, 100)):
            combo.setMinimumWidth(width)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            row.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.period.changed.connect(self.changed)
        self.clear_button.clicked.connect(self.on_clear_clicked)
        self.set_choices(VisitFilterChoices([], [], []))

    def combos(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        return self.team, self.officer, self.township

    def set_choices(self, c: VisitFilterChoices) -> None:
        """Fill the three lists, keeping what was chosen; emits nothing."""
        chosen = [combo.currentData() for combo in self.combos()]
        for combo in self.combos():
            combo.blockSignals(True)
        try:
            for combo, caption, items in ((self.team, self.tr("全部团队"), c.teams),
                                          (self.officer, self.tr("全部人员"), c.officers),
                                          (self.township, self.tr("全部乡镇"), [(t, t) for t in c.townships])):
                combo.clear()
                combo.addItem(caption, None)
                for value, label in items:
                    combo.addItem(label, value)
            for combo, value in zip(self.combos(), chosen):
                self._choose(combo, value)
        finally:
            for combo in self.combos():
                combo.blockSignals(False)

    @staticmethod
    def _choose(combo: QComboBox, value: str | None) -> None:
        i = combo.findData(value) if value is not None else 0
        if i < 0:  # a value not (yet) offered, e.g. asked for before the choices arrived: keep it
            combo.addItem(str(value), value)
            i = combo.count() - 1
        combo.setCurrentIndex(i)

    def query(self, text: str = "") -> VisitQuery:
        start, end = self.period.value()
        return VisitQuery(text=text, team_id=self.team.currentData(), officer_id=self.officer.currentData(),
                          township=self.township.currentData(), date_from=start, date_to=end)

    def set_query(self, q: VisitQuery) -> None:
        """Show `q` in the widgets; emits nothing."""
        for combo in self.combos():
            combo.blockSignals(True)
        try:
            self.period.set_value(q.date_from, q.date_to)
            for combo, value in zip(self.combos(), (q.team_id, q.officer_id, q.township)):
                self._choose(combo, value)
        finally:
            for combo in self.combos():
                combo.blockSignals(False)

    def on_clear_clicked(self) -> None:
        self.set_query(replace(VisitQuery()))
        self.changed.emit()
