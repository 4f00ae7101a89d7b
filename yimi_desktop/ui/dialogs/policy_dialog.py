"""新增/编辑政策."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from ...domain.forms import validate_policy, PolicyForm
from ...domain.vocabulary import IssuerLevel, PolicyCategory
from ...services.catalog import PolicyRow, PolicyService
from ..context import UiContext
from ..operations import POLICY, Changes
from ..widgets.date_fields import DateField
from .form import FormDialog


class OptionalDate(QWidget):
    """A date that may be left open (无期限)."""

    def __init__(self, open_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = DateField()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(QDate.currentDate())
        self.open = QCheckBox(open_text)
        self.open.toggled.connect(lambda on: self.edit.setEnabled(not on))
        row.addWidget(self.edit, 1)
        row.addWidget(self.open)

    def set_value(self, value: date | None) -> None:
        self.open.setChecked(value is None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))

    def value(self) -> date | None:
        return None if self.open.isChecked() else self.edit.date().toPython()

    def setFocus(self) -> None:  # noqa: N802 - Qt naming
        self.edit.setFocus()


class PolicyDialog(FormDialog):
    """`policy` None adds a policy; else edits it (read off the GUI thread by the page)."""

    changes = Changes.of(POLICY)

    def __init__(self, ctx: UiContext, policies: PolicyService, policy: PolicyRow | None = None,
                 parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("新增政策") if policy is None else self.tr("编辑政策"))
        self._policies = policies
        self.policy_id = policy.id if policy else None
        lang = ctx.lang
        self.title = self.add_field("title", self.tr("政策名称 *"), QLineEdit())
        self.issuer_level = self.add_field("issuer_level", self.tr("发文层级"), QComboBox())
        for value, label in IssuerLevel.choices(lang):
            self.issuer_level.addItem(label, value)
        self.issuer = self.add_field("issuer", self.tr("发文单位"), QLineEdit())
        self.document_number = self.add_field("document_number", self.tr("文号"), QLineEdit())
        self.document_number.setPlaceholderText(self.tr("如 豫政〔2020〕5号"))
        self.category = self.add_field("category", self.tr("类别"), QComboBox())
        for value, label in PolicyCategory.choices(lang):
            self.category.addItem(label, value)
        self.summary = self.add_field("summary", self.tr("通俗解读 *"), QPlainTextEdit())
        self.summary.setPlaceholderText(self.tr("用企业听得懂的话说清:谁能享受、能得到什么、怎么申请"))
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(110)
        self.valid_from = self.add_field("valid_from", self.tr("有效期自"), OptionalDate(self.tr("不限")))
        self.valid_to = self.add_field("valid_to", self.tr("有效期至"), OptionalDate(self.tr("长期有效")))
        if policy is not None:
            p = policy
            self.title.setText(p.title)
            self.issuer_level.setCurrentIndex(self.issuer_level.findData(p.issuer_level.value))
            self.issuer.setText(p.issuer)
            self.document_number.setText(p.document_number)
            self.category.setCurrentIndex(self.category.findData(p.category.value))
            self.summary.setPlainText(p.summary)
            self.valid_from.set_value(p.valid_from)
            self.valid_to.set_value(p.valid_to)
        else:
            self.issuer_level.setCurrentIndex(self.issuer_level.findData(IssuerLevel.PROVINCE.value))
            self.valid_from.set_value(date.today())
            self.valid_to.set_value(None)
        self.title.setFocus()

    def form(self) -> PolicyForm:
        return PolicyForm(title=self.title.text(), issuer_level=self.issuer_level.currentData(),
                          issuer=self.issuer.text(), document_number=self.document_number.text(),
                          category=self.category.currentData(), summary=self.summary.toPlainText(),
                          valid_from=self.valid_from.value(), valid_to=self.valid_to.value())

    def save_job(self):
        svc, form, pid = self._policies, self.form(), self.policy_id
        validate_policy(form)  # the form's own rules at once (no database); the service checks them again

        def save() -> str:
            if pid is None:
                return svc.add(form)
            svc.update(pid, form)
            return pid

        return save
