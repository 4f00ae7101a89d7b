"""核验纸质记录: paste or type what a scanner read from a printed 走访记录表's QR code (a USB scanner types it and
ends with Enter); the dialog says genuine and unchanged / genuine but changed since printing (which parts) /
not issued by this county. The check runs off the GUI thread (it reads the database)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ...services.reporting import PaperCheck
from ..context import UiContext

COLOURS = {"genuine": "#2e7d32", "changed": "#8a5300"}


class VerifyDialog(QDialog):
    def __init__(self, ctx: UiContext, verify: Callable[[str, str], PaperCheck], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.verify = ctx, verify
        self.last: PaperCheck | None = None
        self.setWindowTitle(self.tr("核验纸质记录"))
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("用扫码枪扫描走访记录表右上角的二维码，或把扫到的文字粘贴到下面：")))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("编号：… 核验：YM1.…"))
        layout.addWidget(self.text, 1)
        self.check_button = QPushButton(self.tr("核验"))
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.on_check)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.on_check)
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.verdict_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text.textChanged.connect(self.on_text_changed)

    def on_text_changed(self) -> None:
        text = self.text.toPlainText()
        # a USB scanner types the code and ends with Enter: check once the code's line is complete
        if "YM1." in text and text.endswith("\n"):
            self.on_check()

    def on_check(self) -> None:
        text, lang, verify = self.text.toPlainText(), self.ctx.lang, self.verify
        self.check_button.setEnabled(False)
        self.verdict_label.setText(self.tr("正在核验…"))
        self.ctx.tasks.read(lambda: verify(text, lang), self.on_checked, key=f"verify-paper-{id(self)}",
                            on_error=self.on_failed, parent=self)

    def on_checked(self, check: PaperCheck) -> None:
        self.last = check
        self.check_button.setEnabled(True)
        colour = COLOURS.get(check.verdict, "#b3261e")
        self.verdict_label.setStyleSheet(f"color: {colour}; font-size: 15px; font-weight: bold;")
        self.verdict_label.setText(check.text(self.ctx.lang))

    def on_failed(self, exc: Exception) -> None:
        self.check_button.setEnabled(True)
        self.verdict_label.setStyleSheet("color: #b3261e;")
        text = getattr(exc, "text", None)
        self.verdict_label.setText(text(self.ctx.lang) if callable(text) else self.tr("核验失败。"))
