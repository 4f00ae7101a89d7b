"""A form dialog: labelled fields, each with a red line beneath it for what is wrong with it.

Subclasses add fields with `add_field(key, caption, widget)`, implement `save()` (which calls a
service and may raise ValidationError or DomainError) and get: per-field Chinese messages, focus on
the first wrong field, the dialog kept open and nothing changed until everything is right.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...domain.errors import DomainError, ValidationError
from ..context import UiContext


class FormDialog(QDialog):
    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.saved_id: str | None = None
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form_layout = QFormLayout()
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.general_error = QLabel()
        self.general_error.setObjectName("error_general")
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet("color: #b3261e;")
        self.general_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("保存"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.on_accepted)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.on_accepted)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form_layout)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def add_field(self, key: str, caption: str, widget: QWidget) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(widget)
        err = QLabel()
        err.setObjectName(f"error_{key}")
        err.setWordWrap(True)
        err.setStyleSheet("color: #b3261e;")
        err.hide()
        col.addWidget(err)
        self.fields[key] = widget
        self.errors[key] = err
        self.form_layout.addRow(caption, box)
        return widget

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.general_error.hide()

    def show_errors(self, exc: ValidationError) -> None:
        first = None
        for p in exc.problems:
            label = self.errors.get(p.field)
            if label is None:
                self.general_error.setText(p.message.text(self.ctx.lang))
                self.general_error.show()
                continue
            text = p.message.text(self.ctx.lang)
            label.setText(f"{label.text()}\n{text}" if label.isVisible() and label.text() else text)
            label.show()
            first = first or p.field
        if first:
            self.fields[first].setFocus()
        self.adjustSize()

    def save(self) -> str | None:
        raise NotImplementedError

    def on_accepted(self) -> None:
        self.clear_errors()
        try:
            self.saved_id = self.save()
        except ValidationError as exc:
            self.show_errors(exc)
            return
        except DomainError as exc:
            self.general_error.setText(exc.text(self.ctx.lang))
            self.general_error.show()
            return
        self.accept()
