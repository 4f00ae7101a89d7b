"""The ledger's logic without widgets: what a query returns (ids, counters, the first rows and the names
of its scope), composed across the issue, enterprise, officer, team and category services, and the
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
from ..widgets.issue_detail import IssueDetail


@dataclass(frozen=True)
class LedgerResult:
    query: IssueQuery
    ids: list[str]
    counts: LedgerCounts
    first_rows: list[IssueRow]
    enterprise: str  # names of the enterprise / officer the query is limited to, if any
    officer: str


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

    def load(self, q: IssueQuery, sort: str, descending: bool, chunk: int) -> LedgerResult:
        svc = self._svc
        ids = svc.issues.ids(q, sort, descending)
        enterprise = svc.enterprises.get(q.enterprise_id).form.name if q.enterprise_id else ""
        return LedgerResult(q, ids, svc.issues.counts(q), svc.issues.rows(ids[:chunk], q.today), enterprise,
                            self._officer_name(q.officer_id))

    def _officer_name(self, officer_id: str | None) -> str:
        if not officer_id:
            return ""
        try:
            return self._svc.officers.get(officer_id).name
        except NotFound:
            return "?"

    def counts(self, q: IssueQuery) -> LedgerCounts:
        return self._svc.issues.counts(q)
