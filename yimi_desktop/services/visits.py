"""Recording visits: drafts saved as the officer types, finishing, amendments, the visit lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import and_, delete, func, or_, select

from ..domain.errors import DomainError, FieldProblem, Message, NotFound, ValidationError
from ..domain.visits import AttendeeForm, BriefedPolicy, VisitForm, validate_visit
from ..domain.vocabulary import VisitState, VisitType
from ..storage.database import Database
from ..storage.models import (
    Attachment, Enterprise, Issue, Officer, Policy, Team, Visit, VisitAmendment, VisitAttendee,
    VisitDraft, VisitOfficer, VisitPolicy, utcnow,
)
from .attachments import AttachmentStore
from .issues import IssueService

# fields of a finished visit that an amendment may change one at a time (the amend dialog); `amend_visit`
# changes any of VISIT_FIELDS at once, and also raises forgotten issues and adds forgotten photos
AMENDABLE = ("notes", "place", "follow_up_date", "visit_type", "start_time", "end_time")
VISIT_FIELDS = ("enterprise_id", "visit_date", "start_time", "end_time", "team_id", "officer_ids", "visit_type",
                "place", "attendees", "notes", "policies", "follow_up_date")
# an amendment of one field is checked with the form's rules that concern it (old records may break others)
_CHECKED_WITH = {"start_time": {"start_time", "end_time"}, "end_time": {"start_time", "end_time"},
                 "visit_date": {"visit_date", "follow_up_date"}, "follow_up_date": {"follow_up_date"}}
ADDED_ISSUE, ADDED_ATTACHMENT, VOIDED = "issues", "attachments", "state"  # amendment rows that are not a field


@dataclass(frozen=True)
class DraftInfo:
    id: str
    title: str
    updated_at: datetime
    visit_date: date | None = None  # two drafts for one enterprise told apart by date and first words
    snippet: str = ""


@dataclass(frozen=True)
class VisitRow:
    id: str
    enterprise_id: str
    enterprise: str
    township: str
    visit_date: date
    team: str
    visit_type: VisitType
    officers: str
    issue_count: int
    record_no: str


@dataclass(frozen=True)
class VisitQuery:
    text: str = ""
    enterprise_id: str | None = None
    team_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    officer_id: str | None = None  # visits this officer went on
    township: str | None = None  # the enterprise's township
    include_voided: bool = False  # also the voided (作废) visits (an export for the record); never drafts

    @staticmethod
    def this_month(today: date) -> VisitQuery:
        """The visits of today's calendar month (the dashboard's 本月走访 counts the same ones)."""
        start = today.replace(day=1)
        next_month = (start + timedelta(days=32)).replace(day=1)
        return VisitQuery(date_from=start, date_to=next_month - timedelta(days=1))


@dataclass(frozen=True)
class AmendmentRow:
    field: str
    old_value: str
    new_value: str
    reason: str
    at: datetime
    device_id: str
    author: str


@dataclass(frozen=True)
class VisitDetail:
    row: VisitRow
    start_time: time | None
    end_time: time | None
    place: str
    notes: str
    follow_up_date: date | None
    officers: list[tuple[str, str]]  # (id, name)
    attendees: list[tuple[str, str, str]]
    policies: list[tuple[str, str, str, str]]  # (policy id, title, qualifies, note)
    issue_ids: list[str]
    attachments: list[tuple[str, str, str, int, str | None]]  # (sha256, filename, mime, size, preview)
    amendments: list[AmendmentRow] = field(default_factory=list)


def _same(a: VisitForm, b: VisitForm, name: str) -> bool:
    return getattr(a, name) == getattr(b, name)


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


class VisitService:
    def __init__(self, db: Database, device_id: str, issues: IssueService):
        self._db = db
        self._device = device_id
        self._issues = issues
        self.files = AttachmentStore(db.files_dir)

    # ---- drafts (local, saved every few seconds) --------------------------------------------------
    def save_draft(self, form: VisitForm, draft_id: str | None = None) -> str:
        with self._db.session() as s:
            title = ""
            if form.enterprise_id:
                title = s.scalar(select(Enterprise.name).where(Enterprise.id == form.enterprise_id)) or ""
            draft = s.get(VisitDraft, draft_id) if draft_id else None
            if draft is None:
                draft = VisitDraft(id=draft_id) if draft_id else VisitDraft()
                s.add(draft)
            draft.payload = form.to_json()
            draft.title = title
            draft.updated_at = utcnow()
            s.flush()
            return draft.id

    def drafts(self) -> list[DraftInfo]:
        with self._db.session() as s:
            out = []
            for d in s.scalars(select(VisitDraft).order_by(VisitDraft.updated_at.desc())):
                try:
                    form = VisitForm.from_json(d.payload)
                except (ValueError, TypeError):
                    form = VisitForm()
                words = " ".join(form.notes.split())
                out.append(DraftInfo(d.id, d.title, d.updated_at, form.visit_date,
                                     words[:20] + ("…" if len(words) > 20 else "")))
            return out

    def load_draft(self, draft_id: str) -> VisitForm:
        with self._db.session() as s:
            d = s.get(VisitDraft, draft_id)
            if d is None:
                raise NotFound(Message("草稿已不存在。", "The draft no longer exists."))
            try:
                return VisitForm.from_json(d.payload)
            except (ValueError, TypeError, KeyError) as exc:
                raise DomainError(Message("草稿内容无法读取。", "The draft cannot be read.")) from exc

    def discard_draft(self, draft_id: str) -> None:
        with self._db.session() as s:
            s.execute(delete(VisitDraft).where(VisitDraft.id == draft_id))

    # ---- finishing ---------------------------------------------------------------------------------
    def finish(self, form: VisitForm, draft_id: str | None = None, today: date | None = None,
               author_officer_id: str | None = None) -> str:
        """Make the visit final with its issues and attachments, in one transaction; drop the draft."""
        f = validate_visit(form, today or date.today())
        stored = [self.files.add(Path(p)) for p in f.attachment_paths]  # files first: content-addressed, harmless
        with self._db.session() as s:
            if s.get(Enterprise, f.enterprise_id) is None:
                raise ValidationError([])  # pragma: no cover - the picker only offers existing enterprises
            n = (s.scalar(select(func.count()).select_from(Visit).where(Visit.visit_date == f.visit_date)) or 0) + 1
            stamp = dict(created_by=self._device, updated_by=self._device)
            visit = Visit(enterprise_id=f.enterprise_id, visit_date=f.visit_date, start_time=f.start_time,
                          end_time=f.end_time, team_id=f.team_id, visit_type=f.visit_type, place=f.place,
                          notes=f.notes, follow_up_date=f.follow_up_date, state=VisitState.FINAL.value,
                          record_no=f"WS{f.visit_date:%Y%m%d}-{self._device[:4].upper()}{n:03d}", **stamp)
            s.add(visit)
            s.flush()
            for oid in f.officer_ids:
                s.add(VisitOfficer(visit_id=visit.id, officer_id=oid, **stamp))
            for a in f.attendees:
                s.add(VisitAttendee(visit_id=visit.id, name=a.name, title=a.title, phone=a.phone, **stamp))
            for p in f.policies:
                s.add(VisitPolicy(visit_id=visit.id, policy_id=p.policy_id, qualifies=p.qualifies, note=p.note, **stamp))
            for st in stored:
                s.add(Attachment(visit_id=visit.id, sha256=st.sha256, filename=st.filename, mime=st.mime, size=st.size,
                                 preview_sha256=st.preview_sha256, **stamp))
            author = author_officer_id or (f.officer_ids[0] if f.officer_ids else None)
            for x in f.issues:
                self._issues.raise_in(s, f.enterprise_id, visit.id, x.category_id, x.title, x.description,
                                      f.visit_date, author)
            if draft_id:
                s.execute(delete(VisitDraft).where(VisitDraft.id == draft_id))
            return visit.id

    # ---- amendments ----------------------------------------------------------------------------------
    def amend(self, visit_id: str, field_name: str, new_value, reason: str,
              author_officer_id: str | None = None, today: date | None = None) -> None:
        """Change one field of a finished visit (one of AMENDABLE), checked here with the form's rules."""
        if field_name not in AMENDABLE:
            raise DomainError(Message(f"走访记录的“{field_name}”不能修改。", f"'{field_name}' of a visit cannot be amended."))
        form = self.form_of(visit_id)
        setattr(form, field_name, new_value)
        self.amend_visit(visit_id, form, reason, author_officer_id, today)

    def form_of(self, visit_id: str) -> VisitForm:
        """A finished visit as the form it was recorded with (no issues or files: those an amendment adds)."""
        with self._db.session() as s:
            v = self._finished(s, visit_id)
            return self._form(s, v)

    @staticmethod
    def _finished(s, visit_id: str) -> Visit:
        v = s.get(Visit, visit_id)
        if v is None:
            raise NotFound(Message(f"找不到走访 {visit_id}", f"No visit {visit_id}"))
        if v.state != VisitState.FINAL.value:
            raise DomainError(Message("这次走访已作废,不能再修改。", "This visit was voided; it cannot be amended."))
        return v

    @staticmethod
    def _form(s, v: Visit) -> VisitForm:
        officers = list(s.scalars(select(VisitOfficer.officer_id).where(VisitOfficer.visit_id == v.id)
                                  .order_by(VisitOfficer.created_at, VisitOfficer.id)))
        attendees = [AttendeeForm(a.name, a.title, a.phone) for a in s.scalars(
            select(VisitAttendee).where(VisitAttendee.visit_id == v.id).order_by(VisitAttendee.created_at, VisitAttendee.id))]
        policies = [BriefedPolicy(p.policy_id, p.qualifies, p.note) for p in s.scalars(
            select(VisitPolicy).where(VisitPolicy.visit_id == v.id).order_by(VisitPolicy.created_at, VisitPolicy.id))]
        return VisitForm(enterprise_id=v.enterprise_id, visit_date=v.visit_date, start_time=v.start_time,
                         end_time=v.end_time, team_id=v.team_id or "", officer_ids=officers, visit_type=v.visit_type,
                         place=v.place, attendees=attendees, notes=v.notes, policies=policies,
                         follow_up_date=v.follow_up_date)

    def amend_visit(self, visit_id: str, form: VisitForm, reason: str, author_officer_id: str | None = None,
                    today: date | None = None) -> list[str]:
        """Correct a finished visit: every field of `form` that differs becomes one amendment with the
        reason (old and new value kept, synced like any record); `form.issues` are raised as issues the
        visit forgot and `form.attachment_paths` added as files it forgot. The changed fields are checked
        with the form's own rules (validate_visit), the names chosen must exist; nothing is written
        unless all of it is right. Returns what changed (field names, then "issues"/"attachments")."""
        if not reason.strip():
            raise ValidationError([FieldProblem("reason", Message("请说明修改原因。", "Say why the record is changed."))])
        with self._db.session() as s:
            v = self._finished(s, visit_id)
            old = self._form(s, v)
            changed = [n for n in VISIT_FIELDS if not _same(old, form, n)]
            if not changed and not any(x.title.strip() or x.description.strip() for x in form.issues) \
                    and not form.attachment_paths:
                raise ValidationError([FieldProblem("value", Message("新内容与原来相同,不需要修改。",
                                                                     "The new value is the same as before."))])
            f = self._check_amendment(s, form, changed, today or date.today())
        stored = [self.files.add(Path(p)) for p in f.attachment_paths]  # files first: content-addressed, harmless
        with self._db.session() as s:
            v = self._finished(s, visit_id)
            old = self._form(s, v)
            shown_old, shown_new = self._shown(s, old), self._shown(s, f)
            stamp = dict(created_by=self._device, updated_by=self._device)
            note = dict(reason=reason.strip(), device_id=self._device, author_officer_id=author_officer_id, **stamp)
            done: list[str] = []
            for name in VISIT_FIELDS:
                if _same(old, f, name):
                    continue
                self._apply(s, v, name, f, stamp)
                s.add(VisitAmendment(visit_id=v.id, field=name, old_value=shown_old[name], new_value=shown_new[name],
                                     at=utcnow(), **note))
                done.append(name)
            for x in f.issues:
                self._issues.raise_in(s, v.enterprise_id, v.id, x.category_id, x.title, x.description, v.visit_date,
                                      author_officer_id)
                s.add(VisitAmendment(visit_id=v.id, field=ADDED_ISSUE, old_value="", new_value=x.title, at=utcnow(), **note))
            if f.issues:
                done.append(ADDED_ISSUE)
            for st in stored:
                s.add(Attachment(visit_id=v.id, sha256=st.sha256, filename=st.filename, mime=st.mime, size=st.size,
                                 preview_sha256=st.preview_sha256, **stamp))
                s.add(VisitAmendment(visit_id=v.id, field=ADDED_ATTACHMENT, old_value="", new_value=st.filename,
                                     at=utcnow(), **note))
            if stored:
                done.append(ADDED_ATTACHMENT)
            v.updated_by = self._device
            return done

    def void(self, visit_id: str, reason: str, author_officer_id: str | None = None) -> None:
        """作废: a visit entered by mistake leaves the lists and reports; it stays in the history (and
        `get`) with the reason, and the change syncs like any other."""
        if not reason.strip():
            raise ValidationError([FieldProblem("reason", Message("请说明作废原因。", "Say why the visit is voided."))])
        with self._db.session() as s:
            v = self._finished(s, visit_id)
            v.state = VisitState.VOID.value
            v.updated_by = self._device
            s.add(VisitAmendment(visit_id=v.id, field=VOIDED, old_value=VisitState.FINAL.label("zh"),
                                 new_value=VisitState.VOID.label("zh"), reason=reason.strip(), at=utcnow(),
                                 device_id=self._device, author_officer_id=author_officer_id,
                                 created_by=self._device, updated_by=self._device))

    @staticmethod
    def _check_amendment(s, form: VisitForm, changed: list[str], today: date) -> VisitForm:
        touched = set(changed) | {"issues", "attachment_paths"}
        for name in changed:
            touched |= _CHECKED_WITH.get(name, set())
        try:
            f = validate_visit(form, today)
            problems: list[FieldProblem] = []
        except ValidationError as exc:
            problems = [p for p in exc.problems if p.field.split(".")[0] in touched]
            if problems:
                raise ValidationError(problems) from None
            f = form
        if "enterprise_id" in changed and s.get(Enterprise, f.enterprise_id) is None:
            problems.append(FieldProblem("enterprise_id", Message("所选企业不存在。", "The enterprise chosen does not exist.")))
        if "team_id" in changed and f.team_id and s.get(Team, f.team_id) is None:
            problems.append(FieldProblem("team_id", Message("所选团队不存在。", "The team chosen does not exist.")))
        if "officer_ids" in changed and len(set(s.scalars(select(Officer.id).where(Officer.id.in_(f.officer_ids))))) \
                != len(set(f.officer_ids)):
            problems.append(FieldProblem("officer_ids", Message("所选走访人员不存在。", "An officer chosen does not exist.")))
        ids = [p.policy_id for p in f.policies]
        if "policies" in changed and len(set(s.scalars(select(Policy.id).where(Policy.id.in_(ids))))) != len(set(ids)):
            problems.append(FieldProblem("policies", Message("所选政策不存在。", "A policy chosen does not exist.")))
        if problems:
            raise ValidationError(problems)
        return f

    @staticmethod
    def _shown(s, f: VisitForm) -> dict[str, str]:
        """How each field reads in the history (names, not ids)."""
        def names(model, ids: list[str], attr) -> str:
            found = {k: v for k, v in s.execute(select(model.id, attr).where(model.id.in_(ids)))} if ids else {}
            return "、".join(found.get(i, i) for i in ids)
        titles = {k: v for k, v in s.execute(select(Policy.id, Policy.title)
                                             .where(Policy.id.in_([p.policy_id for p in f.policies])))}
        return {
            "enterprise_id": names(Enterprise, [f.enterprise_id], Enterprise.name),
            "team_id": names(Team, [f.team_id], Team.name) if f.team_id else "",
            "officer_ids": names(Officer, f.officer_ids, Officer.name),
            "attendees": "、".join(" ".join(x for x in (a.name, a.title, a.phone) if x) for a in f.attendees),
            "policies": "、".join(titles.get(p.policy_id, p.policy_id) for p in f.policies),
            **{n: _fmt(getattr(f, n)) for n in ("visit_date", "start_time", "end_time", "visit_type", "place", "notes",
                                                "follow_up_date")},
        }

    def _apply(self, s, v: Visit, name: str, f: VisitForm, stamp: dict) -> None:
        if name == "officer_ids":
            rows = {r.officer_id: r for r in s.scalars(select(VisitOfficer).where(VisitOfficer.visit_id == v.id))}
            for oid, row in rows.items():
                if oid not in f.officer_ids:
                    s.delete(row)
            for oid in f.officer_ids:
                if oid not in rows:
                    s.add(VisitOfficer(visit_id=v.id, officer_id=oid, **stamp))
        elif name == "attendees":
            for row in s.scalars(select(VisitAttendee).where(VisitAttendee.visit_id == v.id)):
                s.delete(row)
            for a in f.attendees:
                s.add(VisitAttendee(visit_id=v.id, name=a.name, title=a.title, phone=a.phone, **stamp))
        elif name == "policies":
            rows = {r.policy_id: r for r in s.scalars(select(VisitPolicy).where(VisitPolicy.visit_id == v.id))}
            wanted = {p.policy_id: p for p in f.policies}
            for pid, row in rows.items():
                if pid not in wanted:
                    s.delete(row)
                elif (row.qualifies, row.note) != (wanted[pid].qualifies, wanted[pid].note):
                    row.qualifies, row.note, row.updated_by = wanted[pid].qualifies, wanted[pid].note, self._device
            for pid, p in wanted.items():
                if pid not in rows:
                    s.add(VisitPolicy(visit_id=v.id, policy_id=pid, qualifies=p.qualifies, note=p.note, **stamp))
        elif name == "team_id":
            v.team_id = f.team_id or None
        elif name == "enterprise_id":
            v.enterprise_id = f.enterprise_id
            for issue in s.scalars(select(Issue).where(Issue.visit_id == v.id)):  # the same mistake in its issues
                issue.enterprise_id = f.enterprise_id
                issue.updated_by = self._device
        else:
            setattr(v, name, getattr(f, name))

    # ---- reading --------------------------------------------------------------------------------------
    def _rows(self, s, where, only_ids: list[str] | None = None) -> list[VisitRow]:
        names_q = (select(VisitOfficer.visit_id, func.group_concat(Officer.name, "、").label("names"))
                   .join(Officer, Officer.id == VisitOfficer.officer_id))
        counts_q = select(Issue.visit_id, func.count().label("n"))
        if only_ids is not None:  # aggregate only the visits asked for, not the whole table
            names_q = names_q.where(VisitOfficer.visit_id.in_(only_ids))
            counts_q = counts_q.where(Issue.visit_id.in_(only_ids))
        names = names_q.group_by(VisitOfficer.visit_id).subquery()
        counts = counts_q.group_by(Issue.visit_id).subquery()
        stmt = (select(Visit, Enterprise.name, Enterprise.township, Team.name, names.c.names, counts.c.n)
                .join(Enterprise, Enterprise.id == Visit.enterprise_id)
                .outerjoin(Team, Team.id == Visit.team_id)
                .outerjoin(names, names.c.visit_id == Visit.id)
                .outerjoin(counts, counts.c.visit_id == Visit.id)
                .where(where).order_by(Visit.visit_date.desc(), Visit.start_time.desc(), Visit.id))
        return [VisitRow(v.id, v.enterprise_id, en, tw, v.visit_date, tn or "", VisitType(v.visit_type), on or "",
                         int(n or 0), v.record_no) for v, en, tw, tn, on, n in s.execute(stmt)]

    @staticmethod
    def _conditions(q: VisitQuery) -> list:
        conds = [Visit.state.in_((VisitState.FINAL.value, VisitState.VOID.value)) if q.include_voided
                 else Visit.state == VisitState.FINAL.value]
        if q.enterprise_id:
            conds.append(Visit.enterprise_id == q.enterprise_id)
        if q.team_id:
            conds.append(Visit.team_id == q.team_id)
        if q.date_from:
            conds.append(Visit.visit_date >= q.date_from)
        if q.date_to:
            conds.append(Visit.visit_date <= q.date_to)
        if q.officer_id:
            conds.append(Visit.id.in_(select(VisitOfficer.visit_id).where(VisitOfficer.officer_id == q.officer_id)))
        if q.township:
            conds.append(Enterprise.township == q.township)
        for term in q.text.lower().split():  # the enterprise (name, pinyin, initials) or the record's 编号
            conds.append(or_(Enterprise.search_text.like(f"%{term}%"), func.lower(Visit.record_no).like(f"%{term}%")))
        return conds

    def list(self, q: VisitQuery = VisitQuery(), limit: int | None = None) -> list[VisitRow]:
        with self._db.session() as s:
            rows = self._rows(s, and_(*self._conditions(q)))
        return rows[:limit] if limit else rows

    # ---- for the lazy visit table (ui/models/visit_model.py): ids first, rows on demand ----------------
    def ids(self, q: VisitQuery = VisitQuery()) -> list[str]:
        """Ids of the matching finished visits, newest first (the order of `list`)."""
        stmt = (select(Visit.id).join(Enterprise, Enterprise.id == Visit.enterprise_id)
                .where(and_(*self._conditions(q)))
                .order_by(Visit.visit_date.desc(), Visit.start_time.desc(), Visit.id))
        with self._db.session() as s:
            return list(s.scalars(stmt))

    def rows(self, ids: list[str]) -> list[VisitRow]:
        """Rows for these visit ids, in the same order (ids that vanished are skipped)."""
        if not ids:
            return []
        with self._db.session() as s:
            found = {r.id: r for r in self._rows(s, Visit.id.in_(ids), only_ids=list(ids))}
        return [found[i] for i in ids if i in found]

    def get(self, visit_id: str) -> VisitDetail:
        with self._db.session() as s:
            rows = self._rows(s, Visit.id == visit_id)
            if not rows:
                raise NotFound(Message(f"找不到走访 {visit_id}", f"No visit {visit_id}"))
            v = s.get(Visit, visit_id)
            officers = [(o.id, o.name) for o in s.scalars(
                select(Officer).join(VisitOfficer, VisitOfficer.officer_id == Officer.id)
                .where(VisitOfficer.visit_id == visit_id).order_by(Officer.sort_key))]
            attendees = [(a.name, a.title, a.phone) for a in s.scalars(
                select(VisitAttendee).where(VisitAttendee.visit_id == visit_id).order_by(VisitAttendee.created_at))]
            policies = [(p.id, p.title, vp.qualifies, vp.note) for vp, p in s.execute(
                select(VisitPolicy, Policy).join(Policy, Policy.id == VisitPolicy.policy_id)
                .where(VisitPolicy.visit_id == visit_id).order_by(Policy.sort_key))]
            issue_ids = list(s.scalars(select(Issue.id).where(Issue.visit_id == visit_id).order_by(Issue.created_at)))
            attachments = [(a.sha256, a.filename, a.mime, a.size, a.preview_sha256) for a in s.scalars(
                select(Attachment).where(Attachment.visit_id == visit_id).order_by(Attachment.created_at))]
            amendments = [AmendmentRow(a.field, a.old_value, a.new_value, a.reason, a.at, a.device_id, name or "")
                          for a, name in s.execute(
                              select(VisitAmendment, Officer.name)
                              .outerjoin(Officer, Officer.id == VisitAmendment.author_officer_id)
                              .where(VisitAmendment.visit_id == visit_id).order_by(VisitAmendment.at))]
            return VisitDetail(rows[0], v.start_time, v.end_time, v.place, v.notes, v.follow_up_date, officers,
                               attendees, policies, issue_ids, attachments, amendments)
