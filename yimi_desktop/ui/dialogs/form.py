"""A form dialog: labelled fields, each with a red line beneath it for what is wrong with it.

Subclasses add fields with `add_field(key, caption, widget)` and implement `save_job()`: it checks
what the form holds on the GUI thread (no database; it may raise ValidationError or DomainError to
refuse at once) and returns the write to run on the operations' write worker (which may raise them
too). They get: per-field Chinese messages, focus on the first wrong field, the dialog kept open and
nothing changed until everything is right, the 保存 button disabled while the write runs, and
`save_finished(saved)` when a save ends (tests wait for it). Whatever a dialog shows is read by
whoever opens it, off the GUI thread, and handed to its constructor.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...domain.errors import DomainError, ValidationError
from ..context import UiContext
from ..operations import NOTHING, Changes

SaveJob = Callable[[], object]


class FormDialog(QDialog):
    save_finished = Signal(bool)  # a save ended: True saved (the dialog accepted), False refused (it stays open)
    # what a save changes, for the pages the window refreshes; the opening page refreshes itself on `accepted`
    changes: Changes = NOTHING

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.saved_id: str | None = None
        self.saving = False
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

    def save_job(self) -> SaveJob:  # pragma: no cover - every form dialog has one
        raise NotImplementedError

    def take_result(self, result: object) -> None:
        """What the write returned (the record's id unless a subclass says otherwise)."""
        self.saved_id = result if isinstance(result, str) or result is None else str(result)

    def show_refusal(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.show_errors(exc)
            return
        self.general_error.setText(exc.text(self.ctx.lang) if isinstance(exc, DomainError) else self.ctx.message(exc))
        self.general_error.show()

    def on_accepted(self) -> None:
        if self.saving:
            return
        self.clear_errors()
        try:
            job = self.save_job()
        except (ValidationError, DomainError) as exc:
            self.show_refusal(exc)
            self.save_finished.emit(False)
            return
        self.saving = True
        self.ctx.tasks.write(job, self.on_saved, on_error=self.on_save_failed, changes=self.changes, parent=self,
                             initiator=self.parent(), disable=[self.ok_button], label=type(self).__name__)

    def on_saved(self, result: object) -> None:
        self.saving = False
        self.take_result(result)
        self.accept()
        self.save_finished.emit(True)

    def on_save_failed(self, exc: Exception) -> None:
        self.saving = False
        self.show_refusal(exc)
        self.save_finished.emit(False)
