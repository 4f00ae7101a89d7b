"""政策 page (being built)."""

from __future__ import annotations

from .placeholder import PlannedPage


class PoliciesPage(PlannedPage):
    def texts(self) -> tuple[str, str]:
        return self.tr("政策"), self.tr("正在建设中")
