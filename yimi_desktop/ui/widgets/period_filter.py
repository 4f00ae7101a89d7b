"""An optional date period for a filter bar: a check box and two pickers (the ledger, the visit list)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from .date_fields import DateField, pydate, qdate

NO_DATE = date(2000, 1, 1)  # the lowest date of a period's pickers, shown as "不限"


class PeriodFilter(QWidget):
    """An optional date period: a check box and two pickers; an end at its lowest date is open ("不限")."""

    changed = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(caption)
        today = date.today()
        self.start = self._picker(today - timedelta(days=30))
        self.end = self._picker(today)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.check)
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.end)
        self.check.toggled.connect(self.on_check_toggled)
        self.start.dateChanged.connect(self.on_date_changed)
        self.end.dateChanged.connect(self.on_date_changed)
        self.on_check_toggled(False)

    def _picker(self, value: date) -> QDateEdit:
        edit = DateField(qdate(value))  # yyyy-MM-dd, with its calendar
        edit.setMinimumDate(qdate(NO_DATE))
        edit.setSpecialValueText(self.tr("不限"))
        return edit

    def value(self) -> tuple[date | None, date | None]:
        if not self.check.isChecked():
            return None, None
        ends = (pydate(self.start.date()), pydate(self.end.date()))
        return tuple(None if d == NO_DATE else d for d in ends)  # type: ignore[return-value]

    def set_value(self, start: date | None, end: date | None) -> None:
        """Set without emitting `changed`."""
        self.blockSignals(True)
        try:
            active = start is not None or end is not None
            self.check.setChecked(active)
            if active:
                self.start.setDate(qdate(start or NO_DATE))
                self.end.setDate(qdate(end or NO_DATE))
        finally:
            self.blockSignals(False)

    def on_check_toggled(self, checked: bool) -> None:
        self.start.setEnabled(checked)
        self.end.setEnabled(checked)
        self.changed.emit()

    def on_date_changed(self, _d: QDate) -> None:
        if self.check.isChecked():
            self.changed.emit()
