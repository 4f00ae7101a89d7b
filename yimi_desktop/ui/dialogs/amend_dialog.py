"""修改已完成的走访记录: a finished visit changes only through amendments, each kept with its author,
time and reason. One field at a time, among VisitService's AMENDABLE, with an editor that fits it."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QCoreApplication, QDate, QTime
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QStackedWidget, QWidget

from ...domain.errors import DomainError, FieldProblem, Message, ValidationError
from ...domain.labels import field_label
from ...domain.vocabulary import VisitType
from ...services.visits import AMENDABLE, VisitDetail, VisitService
from ..context import UiContext
from ..operations import VISIT, Changes
from ..widgets.date_fields import DateField, TimeField
from .form import FormDialog

NO_DATE = QDate(2000, 1, 1)  # the follow-up date editor at this value means "no follow-up"


def amendable_labels() -> dict[str, str]:
    """The Chinese (or translated) name of each amendable field, for the dialog and the visit's history."""
    labels = {
        "notes": QCoreApplication.translate("Amendments", "走访记录"),
        "place": QCoreApplication.translate("Amendments", "地点"),
        "follow_up_date": QCoreApplication.translate("Amendments", "约定回访日期"),
        "visit_type": QCoreApplication.translate("Amendments", "走访类型"),
        "start_time": QCoreApplication.translate("Amendments", "开始时间"),
        "end_time": QCoreApplication.translate("Amendments", "结束时间"),
    }
    return {key: labels.get(key, key) for key in AMENDABLE}


def history_label(field_name: str, lang: str) -> str:
    """What a line of a visit's 修改记录 names: the vocabulary's word for the field ("state": 作废)."""
    if field_name == "state":
        return QCoreApplication.translate("Amendments", "作废")
    if field_name in AMENDABLE:
        return amendable_labels()[field_name]
    return field_label("visit", field_name, lang)


def shown_value(field_name: str, value: str, lang: str) -> str:
    """An amendment's stored old/new value as a reader expects it (a visit type by its label)."""
    if field_name == "visit_type" and value in {v.value for v in VisitType}:
        return VisitType(value).label(lang)
    return value


class AmendDialog(FormDialog):
    """Amends `detail` (the visit as read off the GUI thread by the page); `author` is this device's officer."""

    changes = Changes.of(VISIT)

    def __init__(self, ctx: UiContext, visits: VisitService, detail: VisitDetail, author: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("修改走访记录"))
        self.setMinimumWidth(560)
        self._visits = visits
        self._author = author
        self.visit_id = detail.row.id
        self.detail: VisitDetail = detail
        d = self.detail

        self.field = self.add_field("field", self.tr("要改的内容"), QComboBox())
        for key, label in amendable_labels().items():
            self.field.addItem(label, key)
        self.notes = QPlainTextEdit(d.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(140)
        self.place = QLineEdit(d.place)
        self.follow_up = DateField()
        self.follow_up.setDisplayFormat("yyyy-MM-dd")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setMinimumDate(NO_DATE)
        self.follow_up.setSpecialValueText(self.tr("(不回访)"))
        f = d.follow_up_date
        self.follow_up.setDate(QDate(f.year, f.month, f.day) if f else NO_DATE)
        self.visit_type = QComboBox()
        for value, label in VisitType.choices(ctx.lang):
            self.visit_type.addItem(label, value)
        self.visit_type.setCurrentIndex(max(0, self.visit_type.findData(d.row.visit_type.value)))
        self.start = TimeField(QTime(d.start_time.hour, d.start_time.minute) if d.start_time else QTime(9, 0))
        self.end = TimeField(QTime(d.end_time.hour, d.end_time.minute) if d.end_time else QTime(10, 0))
        for t in (self.start, self.end):
            t.setDisplayFormat("HH:mm")
        self.editors: dict[str, QWidget] = {"notes": self.notes, "place": self.place, "follow_up_date": self.follow_up,
                                            "visit_type": self.visit_type, "start_time": self.start, "end_time": self.end}
        self.value = self.add_field("value", self.tr("改为"), QStackedWidget())
        for key in AMENDABLE:
            self.value.addWidget(self.editors[key])
        self.reason = self.add_field("reason", self.tr("修改原因 *"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("为什么要改,如 地点记错了"))
        self.field.currentIndexChanged.connect(self.on_field_changed)
        self.on_field_changed()
        self.field.setFocus()

    def on_field_changed(self, *_a) -> None:
        self.value.setCurrentWidget(self.editors[self.field.currentData()])
        self.value.setFixedHeight(self.value.currentWidget().sizeHint().height())
        self.clear_errors()

    def current_key(self) -> str:
        return self.field.currentData()

    def new_value(self) -> str | date | time | None:
        key = self.current_key()
        if key == "notes":
            return self.notes.toPlainText().strip()
        if key == "place":
            return self.place.text().strip()
        if key == "follow_up_date":
            d = self.follow_up.date()
            return None if d == NO_DATE else d.toPython()
        if key == "visit_type":
            return self.visit_type.currentData()
        return (self.start if key == "start_time" else self.end).time().toPython()

    def old_value(self) -> str | date | time | None:
        d = self.detail
        return {"notes": d.notes, "place": d.place, "follow_up_date": d.follow_up_date,
                "visit_type": d.row.visit_type.value, "start_time": d.start_time, "end_time": d.end_time}[self.current_key()]

    def check(self) -> None:
        key, new, d = self.current_key(), self.new_value(), self.detail
        problems: list[FieldProblem] = []
        if new == self.old_value():
            problems.append(FieldProblem("value", Message("新内容与原来相同,不需要修改。", "The new value is the same as before.")))
        start = new if key == "start_time" else d.start_time
        end = new if key == "end_time" else d.end_time
        if key in ("start_time", "end_time") and start and end and end < start:
            problems.append(FieldProblem("value", Message("结束时间不能早于开始时间。", "The end time cannot be before the start time.")))
        if key == "follow_up_date" and isinstance(new, date) and new < d.row.visit_date:
            problems.append(FieldProblem("value", Message("回访日期不能早于走访日期。", "The follow-up date cannot be before the visit.")))
        if not self.reason.text().strip():
            problems.append(FieldProblem("reason", Message("请说明修改原因。", "Say why the record is changed.")))
        if problems:
            raise ValidationError(problems)

    def save_job(self):
        self.check()
        visits, vid, key, value, reason, author = (self._visits, self.visit_id, self.current_key(), self.new_value(),
                                                   self.reason.text(), self._author)

        def amend() -> str:
            try:
                visits.amend(vid, key, value, reason, author)
            except ValidationError:
                raise
            except DomainError as exc:
                raise ValidationError([FieldProblem("value", exc.message)]) from exc
            return vid

        return amend
