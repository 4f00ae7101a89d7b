"""Enrolling this laptop with the hub's enrolment file and its one-time code.

Also the pieces the first-run dialog and the hub's 注册新笔记本 dialog share: `WorkDialog`, a dialog
whose one slow job (seconds of key derivation) runs on the task runner behind a busy indicator, and
`EnrolForm`, the file + code fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
    QStackedWidget, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError
from ...services.context import Services, ServicesFactory
from ...domain.errors import Message
from ...services.enrolment import consume_enrolment_file, normalise_code, read_enrolment
from ..operations import Operations, user_message
from ..sticks import enrolment_files_on_sticks, removable_volumes

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #666;"
FINGERPRINT_STYLE = "font-size: 17px; font-weight: bold; letter-spacing: 1px;"


@dataclass(frozen=True)
class EnrolledSummary:
    """What the officer compares with the clerk's screen once the laptop is enrolled."""
    name: str
    fingerprint: str
    hub_name: str
    hub_fingerprint: str
    file_note: Message  # the used enrolment file was deleted (or why it could not be)


def enrol_job(factory: ServicesFactory, db_path: Path, file: Path, code: str) -> tuple[Services, EnrolledSummary]:
    """Off the GUI thread: open the file with the code (seconds of scrypt; a wrong code changes
    nothing), then enrol the database at db_path (new, or an existing laptop's, keeping its data)
    through the composition root's factory."""
    enrolment = read_enrolment(file, code)
    services = factory.enrol(Path(db_path), enrolment)
    return services, EnrolledSummary(enrolment.name, enrolment.fingerprint, enrolment.hub_name,
                                      enrolment.hub_fingerprint, consume_enrolment_file(file))


def selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def with_hint(field: QWidget | QHBoxLayout, hint: str) -> QWidget:
    """A form field with a grey line of explanation right beneath it."""
    box = QWidget()
    col = QVBoxLayout(box)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(2)
    if isinstance(field, QWidget):
        col.addWidget(field)
    else:
        col.addLayout(field)
    col.addWidget(hint_label(hint))
    return box


class WorkDialog(QDialog):
    """A dialog with one slow job at a time: while it runs, the content and the buttons are disabled,
    an indeterminate bar says what is happening, and the dialog cannot be closed (nobody would take
    the job's result). A failure shows in red beneath; the user corrects and tries again.

    Subclasses put their widgets into `self.content` (a QVBoxLayout in `self.content_widget`),
    implement `on_ok()`, and set `self.finished_work = True` once the job has changed something:
    from then on closing the dialog means accepting it."""

    def __init__(self, tasks: Operations, lang: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.tasks = tasks
        self.lang = lang
        self.finished_work = False
        self._busy = False
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(600)
        self.content_widget = QWidget()
        self.content = QVBoxLayout(self.content_widget)
        self.content.setContentsMargins(0, 0, 0, 0)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(12)
        for w in (self.busy_label, self.busy_bar):
            w.hide()
        # the key derivation gives no progress: the elapsed seconds show that it is still working
        self._busy_what = ""
        self._busy_clock = QElapsedTimer()
        self._busy_timer = QTimer(self)
        self._busy_timer.setInterval(1000)
        self._busy_timer.timeout.connect(self.on_busy_tick)
        self.error = QLabel()
        self.error.setObjectName("error_general")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("取消"))
        self.buttons.accepted.connect(self.on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.content_widget, 1)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # ---- the job ---------------------------------------------------------------------------------
    def busy(self) -> bool:
        return self._busy

    def run(self, what: str, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.clear_error()
        self.set_busy(True, what)

        def done(result: Any) -> None:
            self.set_busy(False)
            on_done(result)

        self.tasks.submit(fn, done, self._failed, parent=self)

    def _failed(self, exc: Exception) -> None:
        self.set_busy(False)
        self.show_error(user_message(exc, self.lang))
        self.after_error(exc)

    def show_enrolled(self, result: tuple[Services, EnrolledSummary], ok_text: str) -> None:
        """Enrolled: keep the new services, show both fingerprints (needs `pages` and `done_panel`)."""
        self.services, summary = result
        self.finished_work = True
        self.clear_error()
        self.done_panel.show_summary(summary, self.lang)
        self.pages.setCurrentWidget(self.done_panel)
        self.ok_button.setText(ok_text)
        self.cancel_button.hide()
        self.ok_button.setFocus()

    def after_error(self, exc: Exception) -> None:
        """Where the focus goes after a failed job (subclasses: the field to correct)."""

    def set_busy(self, on: bool, what: str = "") -> None:
        self._busy = on
        self.content_widget.setEnabled(not on)
        self.buttons.setEnabled(not on)
        self._busy_what = what
        self.busy_label.setText(what)
        self.busy_label.setVisible(on)
        self.busy_bar.setVisible(on)
        if on:
            self._busy_clock.start()
            self._busy_timer.start()
        else:
            self._busy_timer.stop()

    def on_busy_tick(self) -> None:
        seconds = self._busy_clock.elapsed() // 1000 if self._busy_clock.isValid() else 0
        self.busy_label.setText(self.tr("{what}(已用 {n} 秒;较慢的电脑上可能需要一分钟)").format(
            what=self._busy_what, n=seconds))

    def show_error(self, text: str, focus: QWidget | None = None) -> None:
        self.error.setText(text)
        self.error.show()
        if focus is not None:
            focus.setFocus()
            if isinstance(focus, QLineEdit):
                focus.selectAll()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def on_ok(self) -> None:
        raise NotImplementedError

    # ---- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        if self._busy:
            return
        if self.finished_work:
            self.accept()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)


class EnrolForm(QWidget):
    """The enrolment file (pre-filled when a stick holds one) and the 16-digit code."""

    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("enrolFile")
        self.file_edit.setPlaceholderText(self.tr("县级中心给本机的注册文件(.yimi-enrol)"))
        self.browse = QPushButton(self.tr("浏览…"))
        self.browse.setAutoDefault(False)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("enrolCode")
        self.code_edit.setPlaceholderText("0000-0000-0000-0000")
        self.code_edit.setMaxLength(40)
        font = QFont(self.code_edit.font())
        font.setPointSize(font.pointSize() + 4)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.5)
        self.code_edit.setFont(font)
        self.code_edit.setMinimumWidth(280)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("注册文件:"), row)
        form.addRow(self.tr("注册码:"), with_hint(self.code_edit, self.tr("16位数字,由县级中心当面告知;中间的空格或横线可输可不输。")))
        self.browse.clicked.connect(self.on_browse)
        found = enrolment_files_on_sticks()
        if found:
            self.file_edit.setText(str(found[0]))
        QWidget.setTabOrder(self.file_edit, self.browse)
        QWidget.setTabOrder(self.browse, self.code_edit)

    def on_browse(self) -> None:
        current = Path(self.file_edit.text().strip()) if self.file_edit.text().strip() else None
        if current is not None and current.parent.is_dir():
            start = str(current.parent)
        else:
            sticks = removable_volumes()
            start = sticks[0][0] if sticks else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择注册文件"), start,
                                              self.tr("注册文件 (*.yimi-enrol)"))
        if path:
            self.file_edit.setText(path)
            self.code_edit.setFocus()

    def values(self) -> tuple[Path, str]:
        return Path(self.file_edit.text().strip()), self.code_edit.text()

    def problem(self) -> tuple[QWidget, str] | None:
        """What is wrong before any slow work: (the field, the message), or None."""
        text = self.file_edit.text().strip()
        if not text:
            return self.file_edit, self.tr("请选择县级中心给本机的注册文件。")
        if not Path(text).is_file():
            return self.file_edit, self.tr("找不到注册文件:{path}").format(path=text)
        try:
            normalise_code(self.code_edit.text())
        except DomainError as exc:
            return self.code_edit, exc.text(self.lang)
        return None


class EnrolledPanel(QWidget):
    """Shown once enrolled: both fingerprints, to compare with the clerk's screen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(self.tr("注册成功"))
        self.title.setObjectName("sectionTitle")
        self.title.setStyleSheet("color: #2e6b30;")
        note = QLabel(self.tr("请与县级中心屏幕上显示的指纹逐位核对:一致,才说明注册文件确实来自县级中心;"
                              "不一致时请不要使用本机同步,并立即联系县级中心。"))
        note.setWordWrap(True)
        self.hub_name = selectable(QLabel())
        self.hub_fingerprint = selectable(QLabel())
        self.hub_fingerprint.setObjectName("hubFingerprint")
        self.hub_fingerprint.setStyleSheet(FINGERPRINT_STYLE)
        self.name = selectable(QLabel())
        self.fingerprint = selectable(QLabel())
        self.fingerprint.setObjectName("ownFingerprint")
        self.fingerprint.setStyleSheet(FINGERPRINT_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("县级中心:"), self.hub_name)
        form.addRow(self.tr("县级中心指纹:"), self.hub_fingerprint)
        form.addRow(self.tr("本机名称:"), self.name)
        form.addRow(self.tr("本机指纹:"), self.fingerprint)
        self.file_note = QLabel()
        self.file_note.setWordWrap(True)
        self.file_note.setStyleSheet(HINT_STYLE)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.title)
        col.addWidget(note)
        col.addLayout(form)
        col.addWidget(self.file_note)
        col.addStretch(1)

    def show_summary(self, s: EnrolledSummary, lang: str) -> None:
        self.file_note.setText(s.file_note.text(lang))
        self.hub_name.setText(s.hub_name)
        self.hub_fingerprint.setText(s.hub_fingerprint)
        self.name.setText(s.name)
        self.fingerprint.setText(s.fingerprint)


class EnrolDialog(WorkDialog):
    """用注册文件注册本机 (同步 page of a laptop not enrolled yet): its records are kept."""

    def __init__(self, factory: ServicesFactory, tasks: Operations, lang: str, db_path: Path,
                 parent: QWidget | None = None):
        super().__init__(tasks, lang, "", parent)
        self.setWindowTitle(self.tr("用注册文件注册本机"))
        self.factory = factory
        self.db_path = Path(db_path)
        self.services: Services | None = None
        intro = QLabel(self.tr("选择县级中心给本机的注册文件,输入当面告知的注册码。本机已有的记录都会保留,"
                               "注册后即可与县级中心交换数据包。"))
        intro.setWordWrap(True)
        self.form = EnrolForm(lang)
        ask = QWidget()
        col = QVBoxLayout(ask)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(intro)
        col.addWidget(self.form)
        col.addStretch(1)
        self.done_panel = EnrolledPanel()
        self.pages = QStackedWidget()
        self.pages.addWidget(ask)
        self.pages.addWidget(self.done_panel)
        self.content.addWidget(self.pages)
        self.ok_button.setText(self.tr("注册"))
        (self.form.code_edit if self.form.file_edit.text() else self.form.file_edit).setFocus()

    def on_ok(self) -> None:
        if self.finished_work:
            self.accept()
            return
        self.clear_error()
        problem = self.form.problem()
        if problem is not None:
            self.show_error(problem[1], focus=problem[0])
            return
        file, code = self.form.values()
        db_path, factory = self.db_path, self.factory
        self.run(self.tr("正在核对注册码并导入县级数据,需要几秒钟…"), lambda: enrol_job(factory, db_path, file, code),
                 self.on_enrolled)

    def on_enrolled(self, result: tuple[Services, EnrolledSummary]) -> None:
        self.show_enrolled(result, self.tr("完成"))

    def after_error(self, exc: Exception) -> None:
        self.form.code_edit.setFocus()
        self.form.code_edit.selectAll()
