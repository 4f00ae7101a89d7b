"""处理冲突: two devices changed the same field; show both side by side and let a person decide."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QLineEdit, QRadioButton, QWidget

from ...domain.errors import FieldProblem, Message, ValidationError
from ...domain.labels import entity_label, field_label
from ...services.sync import ConflictRow
from ..context import UiContext
from .form import FormDialog

class ConflictDialog(FormDialog):
    def __init__(self, ctx: UiContext, conflict: ConflictRow, parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("处理冲突"))
        self.conflict = conflict
        what = entity_label(conflict.entity, ctx.lang)
        if conflict.record_label:
            what += f"“{conflict.record_label}”"
        intro = QLabel(self.tr("两台设备同时修改了{entity}的“{field}”。请选定保留哪一个,或填写新的值;"
                               "你的决定会同步到所有设备。").format(entity=what,
                                                              field=field_label(conflict.entity, conflict.field, ctx.lang)))
        intro.setWordWrap(True)
        self.form_layout.addRow(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("值")), 0, 1)
        grid.addWidget(QLabel(self.tr("谁改的")), 0, 2)
        grid.addWidget(QLabel(self.tr("什么时候")), 0, 3)
        self.choices = QButtonGroup(self)
        self.radios: list[QRadioButton] = []
        for i, cand in enumerate(conflict.candidates):
            radio = QRadioButton()
            radio.setObjectName(f"candidate_{i}")
            self.radios.append(radio)
            self.choices.addButton(radio, i)
            if cand.compacted:  # its value was dropped here before it became a candidate: shown, not offered
                radio.setEnabled(False)
                shown = QLabel(self.tr("值已压缩"))
                shown.setObjectName(f"candidate_{i}_compacted")
                shown.setToolTip(self.tr("这个值在本机已被压缩(被后来的修改取代后删去了内容),无法选用;"
                                         "可以选另一方的值,或填写新的值。"))
                shown.setEnabled(False)
            else:
                shown = QLabel("" if cand.value is None else str(cand.value))
            shown.setWordWrap(True)
            grid.addWidget(radio, i + 1, 0)
            grid.addWidget(shown, i + 1, 1)
            grid.addWidget(QLabel(cand.device_name), i + 1, 2)
            grid.addWidget(QLabel(cand.at.strftime("%Y-%m-%d %H:%M")), i + 1, 3)
        self.new_radio = QRadioButton(self.tr("新的值:"))
        self.choices.addButton(self.new_radio, len(conflict.candidates))
        self.new_value = QLineEdit()
        self.new_value.textEdited.connect(lambda _t: self.new_radio.setChecked(True))
        row = len(conflict.candidates) + 1
        grid.addWidget(self.new_radio, row, 0, 1, 1)
        grid.addWidget(self.new_value, row, 1, 1, 3)
        holder = QWidget()
        holder.setLayout(grid)
        self.add_field("choice", self.tr("保留"), holder)
        offered = [i for i, c in enumerate(conflict.candidates) if not c.compacted]
        current = next((i for i in offered if conflict.candidates[i].value == conflict.current), None)
        if current is None:
            current = offered[0] if offered else None
        if current is not None:
            self.radios[current].setChecked(True)
        else:  # nothing left to choose from: a new value
            self.new_radio.setChecked(True)
        self.ok_button.setText(self.tr("确定"))

    def chosen_value(self) -> object:
        i = self.choices.checkedId()
        if i == len(self.conflict.candidates):
            text = self.new_value.text().strip()
            if not text:
                raise ValidationError([FieldProblem("choice", Message("请填写新的值。", "Enter the new value."))])
            current = self.conflict.current
            return type(current)(text) if isinstance(current, (int, float)) and not isinstance(current, bool) else text
        if i < 0:
            raise ValidationError([FieldProblem("choice", Message("请选择保留哪一个。", "Choose which one to keep."))])
        cand = self.conflict.candidates[i]
        if cand.compacted:
            raise ValidationError([FieldProblem("choice", Message(
                "这个值已压缩,无法选用;请选另一方的值,或填写新的值。",
                "This value was compacted and cannot be chosen; choose the other one or enter a new value."))])
        return cand.value

    def save_job(self):
        sync, cid, value = self.ctx.services.sync, self.conflict.id, self.chosen_value()

        def settle() -> str:
            try:
                sync.settle(cid, value)
            except ValidationError as exc:  # the field's own rule, shown beside the choice; the dialog stays open
                raise ValidationError([FieldProblem("choice", p.message) for p in exc.problems]) from None
            return cid

        return settle
