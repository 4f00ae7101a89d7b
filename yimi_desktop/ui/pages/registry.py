"""The pages of the main window, in navigation order, each given the services it uses."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ..context import UiContext
from ..main_window import PageFactory


# The pages that paint before the services exist (a light start: storage/first_screen.py, Page.attach_services).
LIGHT_PAGES: frozenset[str] = frozenset({"dashboard", "enterprises"})
# The light pages whose first window is painted with the app's style sheet on the few widgets it names there, the
# application taking it after that paint (GuiSession.style_application): on the 企业 page ~10 ms less than every
# widget polished through it. Not the dashboard: most of it is tiles the sheet names, one by one as dear.
STYLED_AFTER_FIRST_PAINT: frozenset[str] = frozenset({"enterprises"})


def main_pages() -> list[tuple[str, str, PageFactory]]:
    pages: list[tuple[str, str, PageFactory]] = [
        ("dashboard", QCoreApplication.translate("Navigation", "工作台"), _dashboard),
        ("enterprises", QCoreApplication.translate("Navigation", "企业"), _enterprises),
        ("visits", QCoreApplication.translate("Navigation", "走访"), _visits),
        ("issues", QCoreApplication.translate("Navigation", "问题台账"), _issues),
        ("policies", QCoreApplication.translate("Navigation", "政策"), _policies),
        ("teams", QCoreApplication.translate("Navigation", "团队"), _teams),
        ("reports", QCoreApplication.translate("Navigation", "报表"), _reports),
        ("sync", QCoreApplication.translate("Navigation", "同步"), _sync),
    ]
    return pages


def _dashboard(ctx: UiContext, parent: QWidget):
    from .dashboard import DashboardPage
    return DashboardPage(ctx, parent)


def _enterprises(ctx: UiContext, parent: QWidget):
    from .enterprises import EnterprisesPage
    if not ctx.ready:  # a light start: the page takes its services in attach_services (page_services with them)
        return EnterprisesPage(ctx, None, parent)
    from .page_services import EnterprisesServices
    return EnterprisesPage(ctx, EnterprisesServices.of(ctx.services), parent)


def _visits(ctx: UiContext, parent: QWidget):
    from .visits import VisitsPage
    from .page_services import VisitsServices
    return VisitsPage(ctx, VisitsServices.of(ctx.services), parent)


def _issues(ctx: UiContext, parent: QWidget):
    from .issues import IssuesPage
    return IssuesPage(ctx, parent)


def _reports(ctx: UiContext, parent: QWidget):
    from .reports import ReportsPage
    return ReportsPage(ctx, parent)


def _sync(ctx: UiContext, parent: QWidget):
    from .sync import SyncPage
    return SyncPage(ctx, parent)


def _policies(ctx: UiContext, parent: QWidget):
    from .policies import PoliciesPage
    from .page_services import PoliciesServices
    return PoliciesPage(ctx, PoliciesServices.of(ctx.services), parent)


def _teams(ctx: UiContext, parent: QWidget):
    from .teams import TeamsPage
    from .page_services import TeamsServices
    return TeamsPage(ctx, TeamsServices.of(ctx.services), parent)
