"""作废: a record entered by mistake (a visit, an enterprise, an officer) leaves the lists and reports;
it stays in the history with the reason asked for here. The write runs on the write worker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ...domain.errors import FieldProblem, Message, ValidationError
from ..context import UiContext
from ..operations import Changes
from .form import FormDialog


class VoidDialog(FormDialog):
    """`void(reason)` does the write (on the write worker); `what` names the record in the question."""

    def __init__(self, ctx: UiContext, title: str, what: str, void: Callable[[str], object], changes: Changes,
                 parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        self.changes = changes
        self._void = void
        question = QLabel(self.tr("确定作废“{what}”吗?").format(what=what))
        question.setObjectName("sectionTitle")
        question.setWordWrap(True)
        explain = QLabel(self.tr("作废后它不再出现在列表、统计和报表中,但保留在历史记录里,并同步到所有设备。"
                                 "只用于录错的记录。"))
        explain.setWordWrap(True)
        self.form_layout.addRow(question)
        self.form_layout.addRow(explain)
        self.reason = QLineEdit()
        self.reason.setObjectName("voidReason")
        self.reason.setPlaceholderText(self.tr("例如:重复录入、企业选错了"))
        self.add_field("reason", self.tr("作废原因 *"), self.reason)
        self.ok_button.setText(self.tr("作废"))
        self.ok_button.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.reason.setFocus()

    def save_job(self):
        reason, void = self.reason.text().strip(), self._void
        if not reason:
            raise ValidationError([FieldProblem("reason", Message("请说明作废原因。", "Say why it is voided."))])
        return lambda: void(reason)

    def take_result(self, result: object) -> None:
        self.saved_id = None
