"""What each page uses of the open database's services, and nothing else.

A page is given one of these by the registry (`ui/pages/registry.py`), made from the composition
root's `Services` with `of(...)`, instead of reaching into the whole locator: what a page can
change is read off its constructor. (The dashboard, ledger, reports and sync pages still take the
locator from `UiContext.services`.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the services are imported by the composition root; a light start paints before they are
    from ...services.catalog import CategoryService, OfficerService, PolicyService, TeamService
    from ...services.context import Services
    from ...services.device import DeviceService
    from ...services.enterprises import EnterpriseService
    from ...services.issues import IssueService
    from ...services.reporting import ReportService
    from ...services.visits import VisitService


@dataclass(frozen=True)
class EnterprisesServices:
    enterprises: EnterpriseService
    visits: VisitService
    issues: IssueService
    reports: ReportService

    @classmethod
    def of(cls, s: Services) -> EnterprisesServices:
        return cls(s.enterprises, s.visits, s.issues, s.reports)


@dataclass(frozen=True)
class VisitsServices:
    """The visits page and its editor (what the editor offers, drafts, 完成, amendments, the record PDF)."""

    visits: VisitService
    issues: IssueService
    enterprises: EnterpriseService
    teams: TeamService
    officers: OfficerService
    policies: PolicyService
    categories: CategoryService
    devices: DeviceService
    reports: ReportService

    @classmethod
    def of(cls, s: Services) -> VisitsServices:
        return cls(s.visits, s.issues, s.enterprises, s.teams, s.officers, s.policies, s.categories, s.devices,
                   s.reports)


@dataclass(frozen=True)
class PoliciesServices:
    policies: PolicyService
    reports: ReportService  # 惠企政策汇编

    @classmethod
    def of(cls, s: Services) -> PoliciesServices:
        return cls(s.policies, s.reports)


@dataclass(frozen=True)
class TeamsServices:
    teams: TeamService
    officers: OfficerService

    @classmethod
    def of(cls, s: Services) -> TeamsServices:
        return cls(s.teams, s.officers)
