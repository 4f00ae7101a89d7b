"""First run: there is no database yet. Enrol this laptop with the hub's file and code, set this
computer up as the county hub, or record now and enrol later. Cancel leaves nothing behind."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup, QFormLayout, QFrame, QLabel, QLineEdit, QRadioButton, QStackedWidget, QVBoxLayout, QWidget,
)

from ...domain.display import show_path
from ...domain.vocabulary import DeviceRole
from ...services.context import Services, ServicesFactory
from ..operations import Operations
from .enrol_dialog import (
    EnrolForm, EnrolledPanel, EnrolledSummary, WorkDialog, enrol_job, hint_label, selectable, with_hint,
)

ENROL, HUB, LATER = range(3)


class FirstRunDialog(WorkDialog):
    """Makes the database through `factory` (the composition root's); `services` once made."""

    def __init__(self, factory: ServicesFactory, db_path: Path, tasks: Operations, lang: str,
                 parent: QWidget | None = None):
        super().__init__(tasks, lang, "", parent)
        self.setWindowTitle(self.tr("一米团走访与诉求台账 — 首次使用"))
        self.setMinimumWidth(680)
        self.factory = factory
        self.db_path = Path(db_path)
        self.services: Services | None = None

        welcome = QLabel(self.tr("欢迎使用一米团走访与诉求台账"))
        welcome.setObjectName("pageTitle")
        where = selectable(hint_label(self.tr("本机还没有数据库,将新建在:{path}").format(path=show_path(self.db_path))))
        ask = QLabel(self.tr("请选择如何开始:"))

        self.choices = QButtonGroup(self)
        self.radios: dict[int, QRadioButton] = {}
        options = QVBoxLayout()
        options.setSpacing(2)
        for key, text, hint in (
            (ENROL, self.tr("用注册文件注册本笔记本(&E)"),
             self.tr("县级中心已为本机办理了注册:选择U盘上的注册文件,输入当面告知的注册码。注册后即可同步。")),
            (HUB, self.tr("设为县级中心(&H)"),
             self.tr("县一米团办公室的电脑:汇总全县数据,交办诉求,为各台笔记本办理注册。全县只设一个。")),
            (LATER, self.tr("暂不注册,先记录(&L)"),
             self.tr("先在本机记录走访和诉求;拿到注册文件后在“同步”页注册。注册之前不能同步。")),
        ):
            radio = QRadioButton(text)
            radio.setStyleSheet("font-weight: bold;")
            self.choices.addButton(radio, key)
            self.radios[key] = radio
            explain = hint_label(hint)
            explain.setContentsMargins(24, 0, 0, 8)
            options.addWidget(radio)
            options.addWidget(explain)

        self.enrol_form = EnrolForm(lang)
        self.hub_name = QLineEdit()
        self.hub_name.setObjectName("hubName")
        self.hub_name.setPlaceholderText(self.tr("例如:尉氏县一米团办公室"))
        self.later_name = QLineEdit()
        self.later_name.setObjectName("laptopName")
        self.later_name.setPlaceholderText(self.tr("例如:金融专业一米团-笔记本1"))
        self.forms = QStackedWidget()
        self.forms.addWidget(self.enrol_form)
        self.forms.addWidget(self._name_form(self.tr("中心名称:"), self.hub_name))
        self.forms.addWidget(self._name_form(self.tr("本机名称:"), self.later_name,
                                             self.tr("县级中心为本机注册时,本机会改用注册文件里的名称。")))
        frame = QFrame()
        frame.setObjectName("choiceForm")
        frame.setStyleSheet("QFrame#choiceForm { border: 1px solid #ddd; border-radius: 4px; background: #fafafa; }")
        inner = QVBoxLayout(frame)
        inner.addWidget(self.forms)

        choose = QWidget()
        col = QVBoxLayout(choose)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(welcome)
        col.addWidget(where)
        col.addSpacing(6)
        col.addWidget(ask)
        col.addLayout(options)
        col.addWidget(frame)
        col.addStretch(1)
        self.done_panel = EnrolledPanel()
        self.pages = QStackedWidget()
        self.pages.addWidget(choose)
        self.pages.addWidget(self.done_panel)
        self.content.addWidget(self.pages)

        self.ok_button.setText(self.tr("开始使用"))
        self.cancel_button.setText(self.tr("退出"))
        self.choices.idToggled.connect(self.on_choice)
        self.radios[ENROL].setChecked(True)
        chain = [self.radios[ENROL], self.radios[HUB], self.radios[LATER], self.enrol_form.file_edit,
                 self.enrol_form.browse, self.enrol_form.code_edit, self.hub_name, self.later_name,
                 self.ok_button, self.cancel_button]
        for a, b in pairwise(chain):
            QWidget.setTabOrder(a, b)
        self.radios[ENROL].setFocus()

    @staticmethod
    def _name_form(caption: str, edit: QLineEdit, hint: str | None = None) -> QWidget:
        holder = QWidget()
        form = QFormLayout(holder)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(caption, with_hint(edit, hint) if hint else edit)
        return holder

    def choice(self) -> int:
        return self.choices.checkedId()

    def on_choice(self, key: int, checked: bool) -> None:
        if checked:
            self.forms.setCurrentIndex(key)
            self.clear_error()

    # ---- OK ---------------------------------------------------------------------------------------
    def on_ok(self) -> None:
        if self.finished_work:
            self.accept()
            return
        self.clear_error()
        db_path, choice, factory = self.db_path, self.choice(), self.factory
        if choice == ENROL:
            problem = self.enrol_form.problem()
            if problem is not None:
                self.show_error(problem[1], focus=problem[0])
                return
            file, code = self.enrol_form.values()
            self.run(self.tr("正在核对注册码并导入县级数据,需要几秒钟…"), lambda: enrol_job(factory, db_path, file, code),
                     self.on_enrolled)
            return
        edit, role = (self.hub_name, DeviceRole.HUB) if choice == HUB else (self.later_name, DeviceRole.LAPTOP)
        name = edit.text().strip()
        if not name:
            self.show_error(self.tr("请填写名称。"), focus=edit)
            return
        self.run(self.tr("正在新建数据库…"), lambda: factory.create(db_path, name, role), self.on_created)

    def on_created(self, services: Services) -> None:
        self.services = services
        self.finished_work = True
        self.accept()

    def on_enrolled(self, result: tuple[Services, EnrolledSummary]) -> None:
        self.show_enrolled(result, self.tr("进入系统"))

    def after_error(self, exc: Exception) -> None:
        if self.choice() == ENROL:
            self.enrol_form.code_edit.setFocus()
            self.enrol_form.code_edit.selectAll()
        else:
            (self.hub_name if self.choice() == HUB else self.later_name).setFocus()
