"""Pages whose screens come with later work: they say what they will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from ..context import UiContext
from .base import Page


class PlannedPage(Page):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        title, body = self.texts()
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        text = QLabel(body)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addStretch(1)

    def texts(self) -> tuple[str, str]:
        raise NotImplementedError


class VisitsPage(PlannedPage):
    def texts(self) -> tuple[str, str]:
        return self.tr("走访"), self.tr(
            "这里将记录每一次上门走访:企业、日期、团队和参加人员、宣讲的政策、企业提出的诉求、照片和附件。"
            "草稿会自动保存,断电也不会丢失。(正在建设中)")


class SyncPlannedPage(PlannedPage):
    def texts(self) -> tuple[str, str]:
        return self.tr("同步"), self.tr(
            "这里将通过U盘与县级中心交换数据包:导出本机的新记录,导入中心发回的全县数据,"
            "并处理两台设备同时修改同一记录时的冲突。(正在建设中)")


class IssuesPage(PlannedPage):
    def texts(self) -> tuple[str, str]:
        return self.tr("问题台账"), self.tr(
            "这里将列出企业提出的每一个诉求:待交办、已交办、办理中、已办结、已回访,"
            "可按状态、团队、类别、乡镇筛选,超期的会标红。(正在建设中)")
