"""The visit editor's logic, without widgets: what the editor offers (read off the GUI thread before
it opens), what the pickers find, the draft written as the officer types, finishing the visit, and
which row of the form shows each problem. The view (`view.VisitEditor`) holds the widgets and runs
these as operations: the `*_job` methods return the work for the write worker, the others are reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from collections.abc import Callable

from ...domain.errors import ValidationError
from ...domain.visits import VisitForm, validate_visit
from ...services.catalog import CategoryRow, TeamRow
from ...services.enterprises import EnterpriseDetail

# which row of the editor shows the problems of which form field
ROW_OF_FIELD = {
    "enterprise_id": "enterprise", "visit_date": "when", "start_time": "when", "end_time": "when",
    "team_id": "team", "officer_ids": "officers", "visit_type": "visit_type", "place": "place",
    "attendees": "attendees", "notes": "notes", "policies": "policies", "follow_up_date": "follow_up",
    "issues": "issues", "attachment_paths": "attachments", "reason": "reason",
}


def problems_by_row(exc: ValidationError, lang: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(row, text) for the problems a form row shows, in order, and the texts no row shows."""
    placed, general = [], []
    for p in exc.problems:
        row = ROW_OF_FIELD.get(p.field.split(".")[0])
        text = p.message.text(lang)
        if row is None:
            general.append(text)
        else:
            placed.append((row, text))
    return placed, general


@dataclass(frozen=True)
class EditorChoices:
    """What the editor offers, read before it opens: the teams, the issue categories, how officers
    and policies are labelled (for a draft's or a default's ids) and this laptop's officer."""

    teams: list[TeamRow]
    categories: list[CategoryRow]
    officer_labels: dict[str, str]
    policy_labels: dict[str, str]
    me: str | None


class DraftSlot:
    """The id of the draft being written. It is read and set by the jobs on the write worker, where
    writes run one after another: a save queued before the first one returned updates the same draft,
    and 完成 finishes the draft the saves before it wrote."""

    def __init__(self, draft_id: str | None):
        self.id = draft_id


class VisitEditorController:
    def __init__(self, services):
        self._svc = services

    # ---- what the editor offers (off the GUI thread) -------------------------------------------------
    def load_choices(self) -> EditorChoices:
        svc = self._svc
        device = svc.devices.info()
        return EditorChoices(
            svc.teams.list(), svc.categories.list(),
            {o.id: f"{o.name} · {o.department}" for o in svc.officers.list()},
            {p.id: f"{p.title} {p.document_number}" for p in svc.policies.list()},
            device.officer_id if device else None)

    def enterprise(self, enterprise_id: str) -> EnterpriseDetail:
        return self._svc.enterprises.get(enterprise_id)

    def team_members(self, team_id: str) -> set[str]:
        return {m.id for m in self._svc.teams.get(team_id).members} if team_id else set()

    # ---- what the pickers offer (off the GUI thread) --------------------------------------------------
    def find_enterprises(self, text: str) -> list[tuple[str, str]]:
        return [(r.id, f"{r.name} · {r.township}") for r in self._svc.enterprises.suggest(text, 20)]

    def find_officers(self, text: str, members: set[str], member_mark: str) -> list[tuple[str, str]]:
        """The team's members first; `member_mark` follows a member's label."""
        rows = sorted(self._svc.officers.list(text), key=lambda o: o.id not in members)
        return [(o.id, f"{o.name} · {o.department}" + (member_mark if o.id in members else "")) for o in rows[:40]]

    def find_policies(self, text: str, chosen: set[str], expired_mark: str) -> list[tuple[str, str]]:
        """Valid policies first; those already briefed are not offered again."""
        today = date.today()
        rows = [p for p in self._svc.policies.list(text) if p.id not in chosen]
        rows.sort(key=lambda p: not p.is_valid_on(today))
        return [(p.id, f"{p.title} {p.document_number}" + ("" if p.is_valid_on(today) else expired_mark))
                for p in rows[:30]]

    # ---- drafts and finishing ---------------------------------------------------------------------------
    def save_draft_job(self, form: VisitForm, slot: DraftSlot) -> Callable[[], str]:
        visits = self._svc.visits

        def save() -> str:
            slot.id = visits.save_draft(form, slot.id)
            return slot.id

        return save

    @staticmethod
    def check(form: VisitForm) -> None:
        """Raises ValidationError with every problem of the form."""
        validate_visit(form, date.today())

    def amend_job(self, visit_id: str, form: VisitForm, reason: str) -> Callable[[], str]:
        """The work of 保存更正 (a finished visit corrected): every changed field one amendment with the
        reason, issues and files added; checked by the service, nothing written unless all is right."""
        visits, devices = self._svc.visits, self._svc.devices

        def amend() -> str:
            device = devices.info()
            visits.amend_visit(visit_id, form, reason, device.officer_id if device else None)
            return visit_id

        return amend

    def finish_job(self, form: VisitForm, slot: DraftSlot) -> Callable[[], str]:
        """The work of 完成, to run off the GUI thread: the visit, its issues and attachments in one transaction."""
        visits, devices = self._svc.visits, self._svc.devices

        def finish() -> str:
            device = devices.info()
            visit_id = visits.finish(form, slot.id, author_officer_id=device.officer_id if device else None)
            slot.id = None
            return visit_id

        return finish
