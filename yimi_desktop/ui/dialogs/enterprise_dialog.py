"""新增/编辑企业: one form, every wrong field explained in red beneath it, nothing saved until all is right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QVBoxLayout, QWidget,
)

from ...domain import creditcode
from ...domain.errors import Message, ValidationError
from ...domain.forms import EnterpriseForm, validate_enterprise
from ...domain.labels import field_label
from ...domain.vocabulary import INDUSTRIES, TOWNSHIPS
from ..context import UiContext
from ..operations import ENTERPRISE, Changes

if TYPE_CHECKING:
    from ...services.enterprises import EnterpriseService

# Form fields in the order they appear (and are focused when wrong).
FIELDS: tuple[str, ...] = (
    "name", "credit_code", "township", "address", "industry", "above_size", "contact_person", "contact_phone",
    "notes",
)

STYLE = """
QLabel[tone="error"] { color: #b3261e; }
QLabel[tone="ok"] { color: #2e6b30; }
QLabel[tone="info"], QLabel#formNote { color: #6b6b6b; }
"""


def credit_code_problem(code: str) -> Message | None:
    """The domain's own message for what is wrong with `code`, or None when it is valid."""
    try:
        validate_enterprise(EnterpriseForm(name="-", credit_code=code, township="-"))
    except ValidationError as exc:
        problems = exc.for_field("credit_code")
        return problems[0].message if problems else None
    return None


def _complete_anywhere(combo: QComboBox) -> None:
    """Typing any part of a choice ("洧" or "川") offers it in a popup."""
    completer = combo.completer()
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)


class EnterpriseDialog(QDialog):
    """Add an enterprise (enterprise_id None) or edit one, whose form the page read off the GUI thread.
    `saved_id` holds the id after OK; the save runs on the write worker (`save_finished(saved)` after it)."""

    save_finished = Signal(bool)
    changes = Changes.of(ENTERPRISE)

    def __init__(self, ctx: UiContext, enterprises: EnterpriseService, enterprise_id: str | None = None,
                 initial: EnterpriseForm | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._enterprises = enterprises
        self.enterprise_id = enterprise_id
        self.saved_id: str | None = None
        self.saving = False
        self.setWindowTitle(self.tr("新增企业") if enterprise_id is None else self.tr("编辑企业"))
        self.setMinimumWidth(520)
        self.setStyleSheet(STYLE)

        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(self.tr("营业执照上的全称"))
        self.credit_code = QLineEdit()
        self.credit_code.setMaxLength(24)  # room for spaces or dashes people type; normalised on save
        self.credit_code.setPlaceholderText(self.tr("18位,如 91410223MA4XXXXXXX"))
        self.township = QComboBox()
        self.township.setEditable(True)
        self.township.addItems(list(TOWNSHIPS))
        self.township.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        _complete_anywhere(self.township)
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.industry = QComboBox()
        self.industry.setEditable(True)
        self.industry.addItems(list(INDUSTRIES))
        self.industry.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        _complete_anywhere(self.industry)
        self.above_size = QCheckBox(self.tr("规模以上企业(规上企业)"))
        self.contact_person = QLineEdit()
        self.contact_person.setMaxLength(50)
        self.contact_phone = QLineEdit()
        self.contact_phone.setMaxLength(32)
        self.contact_phone.setPlaceholderText(self.tr("手机或座机,如 0371-27981234"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(72)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        required = {"name", "credit_code", "township"}
        captions = {k: field_label("enterprise", k, ctx.lang) + (" *" if k in required else "") for k in FIELDS}
        for key in FIELDS:
            form.addRow(captions[key], self._with_error(key, self.widget(key)))

        self.code_hint = self.errors["credit_code"]  # the live hint and the error share one line
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        self.buttons.accepted.connect(self.on_accepted)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # save from any field, as every form dialog does
            QShortcut(QKeySequence(keys), self, activated=self.on_accepted)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel(self.tr("带 * 的为必填项。"))
        note.setObjectName("formNote")
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        self.credit_code.textEdited.connect(self.on_credit_code_edited)
        self.name.textEdited.connect(lambda _t: self._clear_error("name"))
        self.township.editTextChanged.connect(lambda _t: self._clear_error("township"))
        self.contact_phone.textEdited.connect(lambda _t: self._clear_error("contact_phone"))

        self.set_form(initial or EnterpriseForm())
        self.name.setFocus()

    # ---- building ------------------------------------------------------------------------
    def widget(self, key: str) -> QWidget:
        return getattr(self, key)

    def _with_error(self, key: str, field: QWidget) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(field)
        err = QLabel()
        err.setObjectName(f"error_{key}")
        err.setWordWrap(True)
        err.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        err.setProperty("error", True)
        err.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        err.hide()
        col.addWidget(err)
        self.errors[key] = err
        return box

    # ---- values --------------------------------------------------------------------------
    def set_form(self, f: EnterpriseForm) -> None:
        self.name.setText(f.name)
        self.credit_code.setText(f.credit_code)
        self.township.setCurrentIndex(-1)
        self.township.setEditText(f.township)
        self.address.setText(f.address)
        self.industry.setCurrentIndex(-1)
        self.industry.setEditText(f.industry)
        self.above_size.setChecked(f.above_size)
        self.contact_person.setText(f.contact_person)
        self.contact_phone.setText(f.contact_phone)
        self.notes.setPlainText(f.notes)
        self._update_code_hint()

    def form(self) -> EnterpriseForm:
        return EnterpriseForm(
            name=self.name.text(), credit_code=self.credit_code.text(), township=self.township.currentText(),
            address=self.address.text(), industry=self.industry.currentText(),
            above_size=self.above_size.isChecked(), contact_person=self.contact_person.text(),
            contact_phone=self.contact_phone.text(), notes=self.notes.toPlainText(),
        )

    # ---- errors and hints ------------------------------------------------------------------
    def _set_label(self, label: QLabel, text: str, tone: str) -> None:
        """tone: "error" (red), "ok" (green) or "info" (grey)."""
        label.setProperty("error", tone == "error")
        label.setProperty("tone", tone)
        label.style().unpolish(label)
        label.style().polish(label)
        label.setText(text)
        label.setVisible(bool(text))

    def _clear_error(self, key: str) -> None:
        if key == "credit_code":
            self._update_code_hint()
        else:
            self._set_label(self.errors[key], "", "error")

    def show_problems(self, exc: ValidationError) -> None:
        """Each problem in red under its own field; focus the first wrong field."""
        first: str | None = None
        for key in FIELDS:
            problems = exc.for_field(key)
            if not problems:
                self._clear_error(key)
                continue
            text = "\n".join(p.message.text(self.ctx.lang) for p in problems)
            self._set_label(self.errors[key], text, "error")
            if problems and first is None:
                first = key
        if first is not None:
            w = self.widget(first)
            w.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(w, QLineEdit):
                w.selectAll()
        # grow to fit the messages at the current width (adjustSize would measure them too narrow)
        layout = self.layout()
        layout.activate()
        self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() and label.property("error") else ""

    def on_credit_code_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            pos = self.credit_code.cursorPosition()
            self.credit_code.setText(upper)
            self.credit_code.setCursorPosition(pos)
        self._update_code_hint()

    def _update_code_hint(self) -> None:
        """As the code is typed: how many characters so far; at 18, whether it checks out."""
        code = creditcode.normalize(self.credit_code.text())
        if not code:
            self._set_label(self.code_hint, "", "info")
        elif len(code) < 18:
            self._set_label(self.code_hint, self.tr("已输入 {n}/18 位").format(n=len(code)), "info")
        else:
            problem = credit_code_problem(code)
            if problem is None:
                self._set_label(self.code_hint, self.tr("✓ 代码有效,校验位正确"), "ok")
            else:
                self._set_label(self.code_hint, problem.text(self.ctx.lang), "error")

    # ---- saving --------------------------------------------------------------------------
    def on_accepted(self) -> None:
        if self.saving:
            return
        svc, form, eid = self._enterprises, self.form(), self.enterprise_id
        try:
            validate_enterprise(form)  # the form's own rules at once; the service checks them again
        except ValidationError as exc:
            self.show_problems(exc)
            self.save_finished.emit(False)
            return

        def save() -> str:
            if eid is None:
                return svc.add(form)
            svc.update(eid, form)
            return eid

        self.saving = True
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ctx.tasks.write(save, self.on_saved, on_error=self.on_save_failed, changes=self.changes, parent=self,
                             initiator=self.parent(), disable=[ok], label="save enterprise")

    def on_saved(self, enterprise_id: str) -> None:
        self.saving = False
        self.saved_id = enterprise_id
        self.accept()
        self.save_finished.emit(True)

    def on_save_failed(self, exc: Exception) -> None:
        self.saving = False
        if isinstance(exc, ValidationError):  # e.g. a credit code another enterprise has
            self.show_problems(exc)
        else:  # NotFound, a locked database...: a sentence, never a traceback
            QMessageBox.warning(self, self.windowTitle(), self.ctx.message(exc))
        self.save_finished.emit(False)
