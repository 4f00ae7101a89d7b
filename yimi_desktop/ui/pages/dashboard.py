"""工作台: today's figures, loaded off the GUI thread."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

from ...services.stats import Stats
from ..context import UiContext
from .base import Page


class _Tile(QFrame):
    def __init__(self, caption: str, parent=None):
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("…")
        self.value.setObjectName("tileValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cap = QLabel(caption)
        cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.value)
        layout.addWidget(cap)


class DashboardPage(Page):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("工作台"))
        title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        layout.addWidget(title)
        layout.addWidget(self.subtitle)
        grid = QGridLayout()
        self.tiles = {
            "enterprises": _Tile(self.tr("服务企业")),
            "above_size_enterprises": _Tile(self.tr("其中规上企业")),
            "visits_this_month": _Tile(self.tr("本月走访")),
            "visits": _Tile(self.tr("累计走访")),
            "open_issues": _Tile(self.tr("未办结诉求")),
            "overdue_issues": _Tile(self.tr("已超期")),
            "issues": _Tile(self.tr("累计诉求")),
            "policies": _Tile(self.tr("惠企政策")),
        }
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 4, i % 4)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        today = date.today()
        self.subtitle.setText(self.tr("今天是 {date}").format(date=today.isoformat()))
        stats = self.ctx.services.stats
        self.ctx.tasks.submit(lambda: stats.compute(today), self.show_stats, key="dashboard")

    def show_stats(self, st: Stats) -> None:
        for key, tile in self.tiles.items():
            tile.value.setText(f"{getattr(st, key):,}")
