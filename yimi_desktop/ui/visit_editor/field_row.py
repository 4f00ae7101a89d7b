"""A form field with its error line under it: the field's widget (or layout) and a red label shown
only while the field has a problem."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b3261e;"


class FieldWithError(QWidget):
    def __init__(self, key: str, content: QWidget | QHBoxLayout | QVBoxLayout, focus: QWidget,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.focus_widget = focus  # what gets the focus when the field's problem is shown
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        if isinstance(content, QWidget):
            col.addWidget(content)
        else:
            col.addLayout(content)
        self.error = QLabel()
        self.error.setObjectName(f"error_{key}")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        col.addWidget(self.error)

    def add_error(self, text: str) -> None:
        self.error.setText(f"{self.error.text()}\n{text}" if self.error.text() else text)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()
