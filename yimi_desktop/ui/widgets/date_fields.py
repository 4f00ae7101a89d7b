"""Date and time fields whose Tab leaves the field.

Qt's date and time edits use Tab and Shift+Tab to step between the year, month and day sections
and only leave the field from the last one. The form hints say Tab goes to the next field, so a
user who pressed Tab once after the date typed the start time into the day section and changed
the visit date without noticing. These fields move between sections with Left/Right or the
separator key ("-", ":") and give Tab/Shift+Tab back to the dialog's focus chain.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit, QDateEdit, QTimeEdit, QWidget

_SEPARATORS = frozenset("-/.:")


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def _sections_key(edit: QDateTimeEdit, event: QKeyEvent) -> bool:
    """A separator key moves to the next section (as Right does at a section's end). True if handled."""
    if event.text() and event.text() in _SEPARATORS:
        edit.setCurrentSectionIndex(min(edit.currentSectionIndex() + 1, edit.sectionCount() - 1))
        edit.setSelectedSection(edit.currentSection())
        return True
    return False


class DateField(QDateEdit):
    """A yyyy-MM-dd date edit with a calendar pop-up; Tab leaves it."""

    def __init__(self, value: QDate | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        if value is not None:
            self.setDate(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _sections_key(self, event):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        # QDateTimeEdit steps to the next section here; skip it and move focus as any widget does
        return QWidget.focusNextPrevChild(self, next)


class TimeField(QTimeEdit):
    """An HH:mm time edit; Tab leaves it."""

    def __init__(self, value: QTime | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")
        if value is not None:
            self.setTime(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _sections_key(self, event):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        return QWidget.focusNextPrevChild(self, next)
