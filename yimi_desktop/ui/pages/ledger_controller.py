"""The ledger's logic without widgets: what a query returns (its first screen of ids and rows and the names
of its scope, then every id and the counters), composed across the issue, enterprise, officer, team and category services, and the
filter choices. Everything here runs off the GUI thread (the page submits it to the task runner)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...domain import pinyin
from ...domain.errors import NotFound
from ...domain.vocabulary import TOWNSHIPS, TeamKind
from ...domain.lifecycle import ALLOWED_FROM, EventKind
from ...services.issues import IssueQuery, IssueRow, LedgerCounts
from ..dialogs.issue_dialogs import load_assign_choices
from ..models.lazy import FirstScreen, first_screen
from ..widgets.issue_detail import IssueDetail


@dataclass(frozen=True)
class LedgerResult:
    """A query's first screen (LIMIT first: every id and the counters are read after it is shown)."""

    query: IssueQuery
    screen: FirstScreen[IssueRow]
    enterprise: str  # names of the enterprise / officer the query is limited to, if any
    officer: str

    @property
    def ids(self) -> list[str]:
        return self.screen.ids


@dataclass(frozen=True)
class LedgerChoices:
    specialist_teams: list[tuple[str, str]]  # (id, name), offered first
    other_teams: list[tuple[str, str]]
    categories: list[tuple[str, str]]  # (id, label in the UI language)
    townships: list[str]


class LedgerController:
    def __init__(self, services, lang: str):
        self._svc = services
        self._lang = lang

    def choices(self) -> LedgerChoices:
        """Teams (specialist first), categories, townships: a few small queries."""
        svc = self._svc
        teams = svc.teams.list()
        found = set(svc.enterprises.townships())
        townships = [t for t in TOWNSHIPS if t in found] + sorted(found.difference(TOWNSHIPS), key=pinyin.sort_key)
        return LedgerChoices(
            [(t.id, t.name) for t in teams if t.kind is TeamKind.SPECIALIST],
            [(t.id, t.name) for t in teams if t.kind is not TeamKind.SPECIALIST],
            [(c.id, c.name_en if self._lang == "en" and c.name_en else c.name) for c in svc.categories.list()],
            townships)

    def detail(self, issue_id: str, today: date) -> IssueDetail:
        """The issue, its history and links, and what 交办 offers when it is allowed now."""
        svc = self._svc.issues
        row, links = svc.get(issue_id, today), svc.links(issue_id)
        assign = load_assign_choices(self._svc, links) if row.status in (
            ALLOWED_FROM[EventKind.ASSIGNED] | ALLOWED_FROM[EventKind.REASSIGNED]) else None
        return IssueDetail(row, svc.history(issue_id), links, assign)

    def load(self, q: IssueQuery, sort: str, descending: bool, chunk: int, keep: str | None = None) -> LedgerResult:
        """The first `chunk` ids with their rows (every id at once when `keep` lies further down the result)."""
        svc = self._svc
        issues = svc.issues
        screen = first_screen(lambda limit: issues.ids(q, sort, descending, limit), lambda ids: issues.rows(ids, q.today),
                              chunk, keep, lambda iid: issues.contains(q, iid))
        enterprise = svc.enterprises.get(q.enterprise_id).form.name if q.enterprise_id else ""
        return LedgerResult(q, screen, enterprise, self._officer_name(q.officer_id))

    def all_ids(self, q: IssueQuery, sort: str, descending: bool) -> list[str]:
        return self._svc.issues.ids(q, sort, descending)

    def _officer_name(self, officer_id: str | None) -> str:
        if not officer_id:
            return ""
        try:
            return self._svc.officers.get(officer_id).name
        except NotFound:
            return "?"

    def counts(self, q: IssueQuery) -> LedgerCounts:
        return self._svc.issues.counts(q)
