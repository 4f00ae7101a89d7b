"""At the hub: enrolling a new laptop (its file and one-time code) and revoking one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout,
    QWidget,
)

from ...services.enrolment import EnrolmentIssued
from ...services.trust import EnrolledRow
from ..context import UiContext
from .enrol_dialog import FINGERPRINT_STYLE, WorkDialog, hint_label, selectable, with_hint
from .form import FormDialog


class NewDeviceDialog(WorkDialog):
    """注册新笔记本: name and folder, then (seconds later) the file's path and the code, shown once."""

    def __init__(self, ctx: UiContext, folder: str | None, parent: QWidget | None = None):
        super().__init__(ctx.tasks, ctx.lang, "", parent)
        self.setWindowTitle(self.tr("注册新笔记本"))
        self.ctx = ctx
        self.issued: EnrolmentIssued | None = None

        intro = QLabel(self.tr("为一台笔记本办理注册:生成它的密钥和注册文件(含全县当前数据)。"
                               "注册文件用一次性注册码加密,只有知道注册码的人才能打开。"))
        intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("deviceName")
        self.name_edit.setPlaceholderText(self.tr("例如:金融专业一米团-笔记本3"))
        self.folder_edit = QLineEdit(folder or "")
        self.folder_edit.setObjectName("outFolder")
        self.choose_folder = QPushButton(self.tr("选择…"))
        self.choose_folder.setAutoDefault(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_folder)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("笔记本名称:"), self.name_edit)
        form.addRow(self.tr("保存到:"), with_hint(row, self.tr("默认存到同步页所选的U盘。注册码不会写进U盘。")))
        ask = QWidget()
        col = QVBoxLayout(ask)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(intro)
        col.addLayout(form)
        col.addStretch(1)

        # ---- the result: file and code -------------------------------------------------------------
        self.file_caption = QLabel()
        self.file_caption.setWordWrap(True)
        self.file_label = selectable(QLabel())
        self.file_label.setObjectName("enrolFilePath")
        self.file_label.setWordWrap(True)
        self.file_label.setStyleSheet("font-weight: bold;")
        code_caption = QLabel(self.tr("注册码"))
        code_caption.setObjectName("sectionTitle")
        self.code_label = selectable(QLabel())
        self.code_label.setObjectName("enrolCodeShown")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setStyleSheet("font-size: 40px; font-weight: bold; letter-spacing: 4px; color: #b3261e;"
                                      "padding: 10px 16px;")
        code_box = QFrame()
        code_box.setObjectName("codeBox")
        code_box.setStyleSheet("QFrame#codeBox { background: #fff8f6; border: 2px solid #e8c9c3; border-radius: 6px; }")
        QVBoxLayout(code_box).addWidget(self.code_label)
        warn = QLabel(self.tr("请当面把注册码告诉使用这台笔记本的同志(念给他听,或请他看这块屏幕)。"
                              "不要把注册码写在U盘上,也不要和注册文件放在一起。"))
        warn.setWordWrap(True)
        warn.setStyleSheet("color: #8a5300; font-weight: bold;")
        once = hint_label(self.tr("关闭本窗口后不再显示注册码;如果遗失,请注销这台笔记本后重新注册。"))
        self.new_fp = selectable(QLabel())
        self.new_fp.setObjectName("newFingerprint")
        self.new_fp.setStyleSheet(FINGERPRINT_STYLE)
        self.hub_fp = selectable(QLabel())
        self.hub_fp.setObjectName("hubFingerprint")
        self.hub_fp.setStyleSheet(FINGERPRINT_STYLE)
        fps = QFormLayout()
        fps.addRow(self.tr("新笔记本指纹:"), self.new_fp)
        fps.addRow(self.tr("县级中心指纹:"), self.hub_fp)
        done = QWidget()
        col = QVBoxLayout(done)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.file_caption)
        col.addWidget(self.file_label)
        col.addSpacing(6)
        col.addWidget(code_caption)
        col.addWidget(code_box)
        col.addWidget(warn)
        col.addWidget(once)
        col.addSpacing(6)
        col.addWidget(hint_label(self.tr("笔记本注册成功后会显示这两个指纹,请与下面的核对:")))
        col.addLayout(fps)
        col.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(ask)
        self.pages.addWidget(done)
        self.content.addWidget(self.pages)
        self.ok_button.setText(self.tr("注册"))
        self.choose_folder.clicked.connect(self.on_choose_folder)
        QWidget.setTabOrder(self.name_edit, self.folder_edit)
        QWidget.setTabOrder(self.folder_edit, self.choose_folder)
        self.name_edit.setFocus()

    def on_choose_folder(self) -> None:
        start = self.folder_edit.text().strip() or str(Path.home())
        path = QFileDialog.getExistingDirectory(self, self.tr("注册文件保存到"), start)
        if path:
            self.folder_edit.setText(path)

    def on_ok(self) -> None:
        if self.finished_work:
            self.accept()
            return
        self.clear_error()
        name, folder = self.name_edit.text().strip(), self.folder_edit.text().strip()
        if not name:
            self.show_error(self.tr("请填写笔记本名称。"), focus=self.name_edit)
            return
        if not folder or not Path(folder).is_dir():
            self.show_error(self.tr("请先插入U盘或选择一个文件夹。"), focus=self.folder_edit)
            return
        svc = self.ctx.services

        def job():
            issued = svc.enrolment.enroll(name, Path(folder))
            return issued, svc.trust.info().signing_fingerprint

        self.run(self.tr("正在生成密钥和注册文件,需要几秒钟…"), job, self.on_issued)

    def on_issued(self, result: tuple[EnrolmentIssued, str]) -> None:
        self.issued, hub_fp = result
        self.finished_work = True
        self.file_caption.setText(self.tr("已为“{name}”办理注册,注册文件已写入:").format(name=self.issued.name))
        self.file_label.setText(str(self.issued.file))
        self.code_label.setText(self.issued.code)
        self.new_fp.setText(self.issued.fingerprint)
        self.hub_fp.setText(hub_fp)
        self.pages.setCurrentIndex(1)
        self.ok_button.setText(self.tr("完成"))
        self.cancel_button.hide()
        self.ok_button.setFocus()
        self.adjustSize()

    def after_error(self, exc: Exception) -> None:
        self.name_edit.setFocus()
        self.name_edit.selectAll()


class RevokeDialog(FormDialog):
    """注销设备: names the device; its packages are refused from then on."""

    def __init__(self, ctx: UiContext, row: EnrolledRow, parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("注销设备"))
        self.row = row
        self.revoked: EnrolledRow | None = None
        question = QLabel(self.tr("确定注销“{name}”吗?").format(name=row.name))
        question.setObjectName("sectionTitle")
        question.setWordWrap(True)
        fp = selectable(QLabel(self.tr("指纹:{fp}").format(fp=row.fingerprint)))
        explain = QLabel(self.tr("注销后,县级中心拒收它此后送来的数据包,也不再给它导出数据包;已经导入的数据都保留。"
                                 "注销不能撤销:这台笔记本如要再用,须重新注册。"))
        explain.setWordWrap(True)
        self.form_layout.addRow(question)
        self.form_layout.addRow(fp)
        self.form_layout.addRow(explain)
        self.reason = QLineEdit()
        self.reason.setObjectName("revokeReason")
        self.reason.setPlaceholderText(self.tr("例如:笔记本丢失、人员调离"))
        self.add_field("reason", self.tr("注销原因:"), self.reason)
        self.ok_button.setText(self.tr("注销"))
        self.ok_button.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.reason.setFocus()

    def save_job(self):
        trust, identity, reason = self.ctx.services.trust, self.row.identity_id, self.reason.text()
        return lambda: trust.revoke(identity, reason)

    def take_result(self, result: object) -> None:
        self.revoked = result if isinstance(result, EnrolledRow) else None
        self.saved_id = self.row.identity_id
