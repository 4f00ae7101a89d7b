"""Policies (惠企政策), teams (一米团), officers and issue categories: lists and edits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select

from ..domain import pinyin
from ..domain.errors import FieldProblem, Message, NotFound, ValidationError
from ..domain.forms import (
    OfficerForm, PolicyForm, TeamForm, validate_officer, validate_policy, validate_team,
)
from ..domain.vocabulary import IssuerLevel, PolicyCategory, TeamKind
from ..storage.database import Database
from ..storage.models import IssueCategory, Officer, Policy, Team, TeamMembership, utcnow


def _like_terms(column, text: str):
    terms = [t for t in text.lower().split() if t]
    esc = [t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for t in terms]
    return [column.like(f"%{t}%", escape="\\") for t in esc]


# ---- policies -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PolicyRow:
    id: str
    title: str
    issuer_level: IssuerLevel
    issuer: str
    document_number: str
    category: PolicyCategory
    summary: str
    valid_from: date | None
    valid_to: date | None

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def _policy_row(p: Policy) -> PolicyRow:
    return PolicyRow(p.id, p.title, IssuerLevel(p.issuer_level), p.issuer, p.document_number,
                     PolicyCategory(p.category), p.summary, p.valid_from, p.valid_to)


class PolicyService:
    def __init__(self, db: Database, device_id: str):
        self._db = db
        self._device = device_id

    def list(self, text: str = "", category: str | None = None) -> list[PolicyRow]:
        conds = _like_terms(Policy.search_text, text)
        if category:
            conds.append(Policy.category == category)
        with self._db.session() as s:
            return [_policy_row(p) for p in s.scalars(
                select(Policy).where(and_(True, *conds)).order_by(Policy.valid_from.desc(), Policy.sort_key))]

    def get(self, policy_id: str) -> PolicyRow:
        with self._db.session() as s:
            p = s.get(Policy, policy_id)
            if p is None:
                raise NotFound(Message(f"找不到政策 {policy_id}", f"No policy {policy_id}"))
            return _policy_row(p)

    def _apply(self, p: Policy, f: PolicyForm) -> None:
        p.title, p.issuer_level, p.issuer = f.title, f.issuer_level, f.issuer
        p.document_number, p.category, p.summary = f.document_number, f.category, f.summary
        p.valid_from, p.valid_to = f.valid_from, f.valid_to
        p.search_text = pinyin.search_text(f.title, f.document_number, f.issuer)
        p.sort_key = pinyin.sort_key(f.title)
        p.updated_by = self._device

    def add(self, form: PolicyForm) -> str:
        f = validate_policy(form)
        with self._db.session() as s:
            p = Policy(created_by=self._device)
            self._apply(p, f)
            s.add(p)
            s.flush()
            return p.id

    def update(self, policy_id: str, form: PolicyForm) -> None:
        f = validate_policy(form)
        with self._db.session() as s:
            p = s.get(Policy, policy_id)
            if p is None:
                raise NotFound(Message(f"找不到政策 {policy_id}", f"No policy {policy_id}"))
            self._apply(p, f)


# ---- officers -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficerRow:
    id: str
    name: str
    department: str
    title: str
    phone: str
    teams: tuple[str, ...] = ()


class OfficerService:
    def __init__(self, db: Database, device_id: str):
        self._db = db
        self._device = device_id

    def list(self, text: str = "") -> list[OfficerRow]:
        with self._db.session() as s:
            teams: dict[str, list[str]] = {}
            for oid, tname in s.execute(select(TeamMembership.officer_id, Team.name)
                                        .join(Team, Team.id == TeamMembership.team_id).order_by(Team.sort_order)):
                teams.setdefault(oid, []).append(tname)
            stmt = select(Officer).where(and_(Officer.active, *_like_terms(Officer.search_text, text))).order_by(Officer.sort_key)
            return [OfficerRow(o.id, o.name, o.department, o.title, o.phone, tuple(teams.get(o.id, ())))
                    for o in s.scalars(stmt)]

    def add(self, form: OfficerForm, team_id: str | None = None) -> str:
        """A new officer; with `team_id`, also a member of that team (one transaction)."""
        f = validate_officer(form)
        with self._db.session() as s:
            team = s.get(Team, team_id) if team_id else None
            if team_id and team is None:
                raise NotFound(Message(f"找不到团队 {team_id}", f"No team {team_id}"))
            o = Officer(name=f.name, department=f.department, title=f.title, phone=f.phone,
                        search_text=pinyin.search_text(f.name, f.department), sort_key=pinyin.sort_key(f.name),
                        created_by=self._device, updated_by=self._device)
            s.add(o)
            s.flush()
            if team is not None:
                team.memberships.append(TeamMembership(officer_id=o.id, role="member",
                                                       created_by=self._device, updated_by=self._device))
            return o.id

    def get(self, officer_id: str) -> OfficerRow:
        with self._db.session() as s:
            o = s.get(Officer, officer_id)
            if o is None:
                raise NotFound(Message(f"找不到团员 {officer_id}", f"No officer {officer_id}"))
            teams = tuple(s.scalars(select(Team.name).join(TeamMembership, TeamMembership.team_id == Team.id)
                                    .where(TeamMembership.officer_id == officer_id).order_by(Team.sort_order)))
            return OfficerRow(o.id, o.name, o.department, o.title, o.phone, teams)

    def void(self, officer_id: str, reason: str) -> None:
        """作废: an officer entered by mistake leaves the lists, the pickers and the teams' member lists;
        the record stays (visits name them still), with when and why, and the change syncs."""
        if not reason.strip():
            raise ValidationError([FieldProblem("reason", Message("请说明作废原因。", "Say why the officer is voided."))])
        with self._db.session() as s:
            o = s.get(Officer, officer_id)
            if o is None:
                raise NotFound(Message(f"找不到团员 {officer_id}", f"No officer {officer_id}"))
            o.active, o.voided_at, o.void_reason, o.updated_by = False, utcnow(), reason.strip(), self._device

    def update(self, officer_id: str, form: OfficerForm) -> None:
        f = validate_officer(form)
        with self._db.session() as s:
            o = s.get(Officer, officer_id)
            if o is None:
                raise NotFound(Message(f"找不到团员 {officer_id}", f"No officer {officer_id}"))
            o.name, o.department, o.title, o.phone = f.name, f.department, f.title, f.phone
            o.search_text = pinyin.search_text(f.name, f.department)
            o.sort_key = pinyin.sort_key(f.name)
            o.updated_by = self._device


# ---- teams ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TeamRow:
    id: str
    name: str
    kind: TeamKind
    parent_id: str | None
    parent_name: str
    lead_department: str
    description: str
    member_count: int
    leader_name: str


@dataclass(frozen=True)
class TeamDetail:
    row: TeamRow
    form: TeamForm
    members: tuple[OfficerRow, ...]


class TeamService:
    def __init__(self, db: Database, device_id: str):
        self._db = db
        self._device = device_id

    def list(self, kind: str | None = None) -> list[TeamRow]:
        with self._db.session() as s:
            counts = dict(s.execute(select(TeamMembership.team_id, func.count()).group_by(TeamMembership.team_id)).all())
            leaders = dict(s.execute(select(TeamMembership.team_id, Officer.name)
                                     .join(Officer, Officer.id == TeamMembership.officer_id)
                                     .where(TeamMembership.role == "leader")).all())
            teams = list(s.scalars(select(Team).order_by(Team.sort_order, Team.name)))
            names = {t.id: t.name for t in teams}
            return [TeamRow(t.id, t.name, TeamKind(t.kind), t.parent_id, names.get(t.parent_id or "", ""),
                            t.lead_department, t.description, int(counts.get(t.id, 0)), leaders.get(t.id, ""))
                    for t in teams if kind is None or t.kind == kind]

    def get(self, team_id: str) -> TeamDetail:
        row = next((r for r in self.list() if r.id == team_id), None)
        if row is None:
            raise NotFound(Message(f"找不到团队 {team_id}", f"No team {team_id}"))
        with self._db.session() as s:
            ms = s.execute(select(TeamMembership.role, Officer)
                           .join(Officer, Officer.id == TeamMembership.officer_id)
                           .where(TeamMembership.team_id == team_id, Officer.voided_at.is_(None))
                           .order_by(TeamMembership.role, Officer.sort_key)).all()
            members = tuple(OfficerRow(o.id, o.name, o.department, o.title, o.phone) for _, o in ms)
            leader = next((o.id for role, o in ms if role == "leader"), None)
        form = TeamForm(row.name, row.kind.value, row.parent_id, row.lead_department, row.description,
                        [m.id for m in members], leader)
        return TeamDetail(row, form, members)

    def _apply(self, s, t: Team, f: TeamForm) -> None:
        t.name, t.kind, t.parent_id = f.name, f.kind, f.parent_id
        t.lead_department, t.description = f.lead_department, f.description
        t.updated_by = self._device
        existing = {m.officer_id: m for m in t.memberships}
        wanted = set(f.member_ids)
        for oid, m in existing.items():
            if oid not in wanted:
                t.memberships.remove(m)
        for oid in f.member_ids:
            role = "leader" if oid == f.leader_id else "member"
            if oid in existing:
                existing[oid].role = role
            else:
                t.memberships.append(TeamMembership(officer_id=oid, role=role,
                                                    created_by=self._device, updated_by=self._device))

    def add(self, form: TeamForm) -> str:
        f = validate_team(form)
        with self._db.session() as s:
            order = (s.scalar(select(func.max(Team.sort_order))) or 0) + 1
            t = Team(created_by=self._device, sort_order=order)
            s.add(t)
            self._apply(s, t, f)
            s.flush()
            return t.id

    def update(self, team_id: str, form: TeamForm) -> None:
        f = validate_team(form)
        with self._db.session() as s:
            t = s.get(Team, team_id)
            if t is None:
                raise NotFound(Message(f"找不到团队 {team_id}", f"No team {team_id}"))
            self._apply(s, t, f)


# ---- issue categories -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CategoryRow:
    id: str
    code: str
    name: str
    name_en: str
    default_team_id: str | None


class CategoryService:
    def __init__(self, db: Database):
        self._db = db

    def list(self) -> list[CategoryRow]:
        with self._db.session() as s:
            return [CategoryRow(c.id, c.code, c.name, c.name_en, c.default_team_id)
                    for c in s.scalars(select(IssueCategory).order_by(IssueCategory.sort_order))]
