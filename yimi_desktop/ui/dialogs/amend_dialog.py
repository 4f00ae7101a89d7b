"""修改已完成的走访记录: a finished visit changes only through amendments, kept with author, time and reason."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from ...domain.errors import DomainError, FieldProblem, Message, ValidationError
from ...domain.vocabulary import VisitType
from ..context import UiContext
from .form import FormDialog


class AmendDialog(FormDialog):
    def __init__(self, ctx: UiContext, visit_id: str, parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("修改走访记录"))
        self.visit_id = visit_id
        self.detail = ctx.services.visits.get(visit_id)
        self.field = self.add_field("field", self.tr("要改的内容"), QComboBox())
        for key, label in (("notes", self.tr("走访记录")), ("place", self.tr("地点")), ("follow_up_date", self.tr("回访日期")),
                           ("visit_type", self.tr("走访类型")), ("start_time", self.tr("开始时间")),
                           ("end_time", self.tr("结束时间"))):
            self.field.addItem(label, key)
        self.value = self.add_field("value", self.tr("改为"), QPlainTextEdit())
        self.value.setTabChangesFocus(True)
        self.value.setFixedHeight(110)
        self.reason = self.add_field("reason", self.tr("修改原因 *"), QPlainTextEdit())
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        self.field.currentIndexChanged.connect(self.on_field_changed)
        self.on_field_changed()
        self.field.setFocus()

    def on_field_changed(self, *_a) -> None:
        key = self.field.currentData()
        d = self.detail
        current = {"notes": d.notes, "place": d.place,
                   "follow_up_date": d.follow_up_date.isoformat() if d.follow_up_date else "",
                   "visit_type": d.row.visit_type.value,
                   "start_time": d.start_time.strftime("%H:%M") if d.start_time else "",
                   "end_time": d.end_time.strftime("%H:%M") if d.end_time else ""}[key]
        self.value.setPlainText(current)
        hint = {"follow_up_date": "2026-12-31", "visit_type": " / ".join(v.value for v in VisitType),
                "start_time": "09:30", "end_time": "11:00"}.get(key, "")
        self.value.setPlaceholderText(hint)

    def _value(self):
        key, text = self.field.currentData(), self.value.toPlainText().strip()
        try:
            if key == "follow_up_date":
                return date.fromisoformat(text) if text else None
            if key in ("start_time", "end_time"):
                return time.fromisoformat(text) if text else None
        except ValueError as exc:
            raise ValidationError([FieldProblem("value", Message("格式不对:日期如 2026-12-31,时间如 09:30。",
                                                                 "Wrong format: dates like 2026-12-31, times like 09:30."))]) from exc
        return text

    def save(self) -> str | None:
        try:
            self.ctx.services.visits.amend(self.visit_id, self.field.currentData(), self._value(),
                                           self.reason.toPlainText(), self.ctx.services.devices.info().officer_id)
        except ValidationError:
            raise
        except DomainError as exc:
            raise ValidationError([FieldProblem("reason" if "原因" in exc.text("zh") else "value", exc.message)]) from exc
        return self.visit_id
