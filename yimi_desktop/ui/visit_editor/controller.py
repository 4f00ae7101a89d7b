"""The visit editor's logic, without widgets: what the pickers offer (run off the GUI thread), the
draft written as the officer types, finishing the visit, and which row of the form shows each problem.
The view (`view.VisitEditor`) holds the widgets and calls these."""

from __future__ import annotations

from datetime import date
from collections.abc import Callable

from ...domain.errors import ValidationError
from ...domain.visits import VisitForm, validate_visit

# which row of the editor shows the problems of which form field
ROW_OF_FIELD = {
    "enterprise_id": "enterprise", "visit_date": "when", "start_time": "when", "end_time": "when",
    "team_id": "team", "officer_ids": "officers", "visit_type": "visit_type", "place": "place",
    "attendees": "attendees", "notes": "notes", "policies": "policies", "follow_up_date": "follow_up",
    "issues": "issues", "attachment_paths": "attachments",
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


class VisitEditorController:
    def __init__(self, services):
        self._svc = services

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
    def save_draft(self, form: VisitForm, draft_id: str | None) -> str:
        return self._svc.visits.save_draft(form, draft_id)

    @staticmethod
    def check(form: VisitForm) -> None:
        """Raises ValidationError with every problem of the form."""
        validate_visit(form, date.today())

    def finish_job(self, form: VisitForm, draft_id: str | None) -> Callable[[], str]:
        """The work of 完成, to run off the GUI thread: the visit, its issues and attachments in one transaction."""
        visits = self._svc.visits
        device = self._svc.devices.info()
        author = device.officer_id if device else None
        return lambda: visits.finish(form, draft_id, author_officer_id=author)
