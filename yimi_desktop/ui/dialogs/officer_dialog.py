"""新增团员."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from ...domain.forms import OfficerForm
from ..context import UiContext
from .form import FormDialog


class OfficerDialog(FormDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("新增团员"))
        self.name = self.add_field("name", self.tr("姓名 *"), QLineEdit())
        self.department = self.add_field("department", self.tr("所在单位 *"), QLineEdit())
        self.department.setPlaceholderText(self.tr("如 县金融工作局"))
        self.title = self.add_field("title", self.tr("职务"), QLineEdit())
        self.phone = self.add_field("phone", self.tr("电话"), QLineEdit())
        self.name.setFocus()

    def save(self) -> str | None:
        return self.ctx.services.officers.add(OfficerForm(self.name.text(), self.department.text(), self.title.text(),
                                                          self.phone.text()))
