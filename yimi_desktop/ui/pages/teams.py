"""团队 page (being built)."""

from __future__ import annotations

from .placeholder import PlannedPage


class TeamsPage(PlannedPage):
    def texts(self) -> tuple[str, str]:
        return self.tr("团队"), self.tr("正在建设中")
