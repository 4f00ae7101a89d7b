"""企业 page (being built)."""

from __future__ import annotations

from .placeholder import PlannedPage


class EnterprisesPage(PlannedPage):
    def texts(self) -> tuple[str, str]:
        return self.tr("企业"), self.tr("正在建设中")
