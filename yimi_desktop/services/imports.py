"""Lists from a spreadsheet (企业名录, 团员名单, 惠企政策清单): a dry run that classifies every row, then
the same run applied in one transaction.

Every row goes through the form's own validation (`domain/forms.py`) and is written through the
ORM like a typed record, so the change log captures it and it syncs. Rows are read and classified
in chunks with one query per chunk for the records they may update (set-based), so a 100,000-row
file never sits in one query; the plan keeps one small line per row for the preview.

Matching: an enterprise by its credit code, an officer by name and department, a policy by its
文号 (by its title when it has none). An empty cell in a column the sheet has keeps what the
record holds (a 统计 list without phone numbers does not erase them); a column the sheet lacks
is left alone. Re-importing the same file finds every row unchanged and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import creditcode, pinyin
from ..domain.display import show_path
from ..domain.errors import DomainError, Message, ValidationError
from ..domain.forms import (
    EnterpriseForm, OfficerForm, PolicyForm, validate_enterprise, validate_officer, validate_policy,
)
from ..domain.labels import field_label
from ..domain.vocabulary import INDUSTRIES, TOWNSHIPS, IssuerLevel, PolicyCategory
from ..spreadsheets import cells
from ..spreadsheets.lists import LEADER_WORDS, SPECS, ListKind, ListSpec
from ..spreadsheets.reader import Row, SheetError, read_rows
from ..spreadsheets.templates import EXAMPLES, write_template
from ..storage.database import Database
from ..storage.models import Enterprise, Officer, Policy, Team, TeamMembership, new_id
from ..storage.search import BulkIndex
from .enterprises import apply_form

CHUNK = 500


class Outcome(StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"

    def label(self, lang: str = "zh") -> str:
        return _OUTCOME_LABELS[self][1 if lang == "en" else 0]


_OUTCOME_LABELS = {Outcome.NEW: ("新增", "New"), Outcome.UPDATE: ("更新", "Update"),
                   Outcome.UNCHANGED: ("无变化", "Unchanged"), Outcome.REFUSED: ("拒绝", "Refused")}


@dataclass(frozen=True)
class PlannedRow:
    row: int  # as the spreadsheet shows it
    outcome: Outcome
    name: str  # what the row is about (the enterprise's name, the officer's …)
    key: str = ""  # the credit code, the department, the 文号
    reason: Message | None = None  # why refused
    changed: tuple[str, ...] = ()  # labels of the fields an update changes


@dataclass(frozen=True)
class ImportPlan:
    kind: ListKind | str  # a list, or "returns" (a 回填表, services/returns.py)
    file: str
    header_row: int
    ignored_columns: tuple[str, ...]
    rows: tuple[PlannedRow, ...]
    applied: bool = False
    sheet: str = ""  # the worksheet the rows came from

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)

    @property
    def refused(self) -> tuple[PlannedRow, ...]:
        return tuple(r for r in self.rows if r.outcome is Outcome.REFUSED)

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        """What `yimi xlsx import --json` prints."""
        return {"new": self.count(Outcome.NEW), "updated": self.count(Outcome.UPDATE),
                "unchanged": self.count(Outcome.UNCHANGED),
                "refused": [{"row": r.row, "reason": r.reason.text(lang) if r.reason else ""} for r in self.refused]}


class Cancelled(DomainError):
    def __init__(self) -> None:
        super().__init__(Message("导入已取消,没有写入任何内容。", "Import cancelled; nothing was written."))


Progress = Callable[[int, int], None]  # (rows done, rows in the sheet)


def _problems_text(exc: ValidationError, entity: str) -> Message:
    zh = ";".join(f"{field_label(entity, p.field)}:{p.message.zh}" for p in exc.problems)
    en = "; ".join(f"{field_label(entity, p.field, 'en')}: {p.message.en}" for p in exc.problems)
    return Message(zh, en)


def _chunks(rows: Iterator[Row], size: int = CHUNK) -> Iterator[list[Row]]:
    while True:
        chunk = list(islice(rows, size))
        if not chunk:
            return
        yield chunk


@dataclass
class _Given:
    """The values a row gives (blank cells left out), or the problem with one of its cells."""

    values: dict[str, Any] = field(default_factory=dict)
    problem: Message | None = None


def _given(row: Row, spec: ListSpec, parsers: dict[str, Callable[[Any], Any]]) -> _Given:
    out = _Given()
    for name, raw in row.values.items():
        if cells.is_blank(raw):
            continue
        try:
            out.values[name] = parsers.get(name, cells.text)(raw)
        except cells.CellProblem as exc:
            label = spec.column(name).label
            out.problem = Message(f"{label.zh}:{exc.message.zh}", f"{label.en}: {exc.message.en}")
            return out
    return out


def _choice(enum_type, words: dict[str, str] | None = None) -> Callable[[Any], str]:
    """A label (金融信贷), a code (finance) or a synonym into the enum's value."""
    table = {m.zh: m.value for m in enum_type} | {m.value: m.value for m in enum_type} | (words or {})

    def parse(raw: Any) -> str:
        t = cells.header_key(raw)
        if t in table:
            return table[t]
        choices = "、".join(m.zh for m in enum_type)
        raise cells.CellProblem(Message(f"“{cells.text(raw)}”不在可选项中(可选:{choices})。",
                                        f"'{cells.text(raw)}' is not one of the choices ({choices})."))
    return parse


_LEVEL_WORDS = {"国家级": "national", "中央": "national", "省": "province", "省级": "province", "河南省": "province",
                "市": "city", "市级": "city", "开封市": "city", "县": "county", "县级": "county", "尉氏县": "county"}


class ImportService:
    # enterprises: the search triggers suspended during the import and the touched rows indexed once at
    # the end (storage/search.BulkIndex); False keeps the per-row triggers (the tests compare the two)
    bulk_index = True

    def __init__(self, db: Database, device_id: str):
        self._db = db
        self._device = device_id

    def plan(self, kind: ListKind | str, path: Path, progress: Progress | None = None,
             cancelled: Callable[[], bool] | None = None) -> ImportPlan:
        """The dry run: every row classified; nothing written."""
        return self._run(ListKind(kind), Path(path), apply=False, progress=progress, cancelled=cancelled)

    def apply(self, kind: ListKind | str, path: Path, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> ImportPlan:
        """The same run, the valid rows written in one transaction (refused rows are listed, not
        written). Cancelled or failed: nothing is written."""
        return self._run(ListKind(kind), Path(path), apply=True, progress=progress, cancelled=cancelled)

    # ------------------------------------------------------------------------------------------
    def _run(self, kind: ListKind, path: Path, apply: bool, progress: Progress | None,
             cancelled: Callable[[], bool] | None) -> ImportPlan:
        spec = SPECS[kind]
        header, rows = read_rows(path, spec.header_names(), spec.required, spec.what,
                                 tuple(spec.column(f).label.zh for f in spec.required))
        total = header.total_rows
        planner = {ListKind.ENTERPRISES: _EnterprisePlanner, ListKind.OFFICERS: _OfficerPlanner,
                   ListKind.POLICIES: _PolicyPlanner}[kind](spec, self._device)
        out: list[PlannedRow] = []
        with self._db.session() as s:
            planner.start(s)
            if apply and self.bulk_index and kind is ListKind.ENTERPRISES:
                planner.index = BulkIndex(s.connection(), "enterprise").begin()
            for chunk in _chunks(r for r in rows if not _is_example(kind, r)):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                out.extend(planner.chunk(s, chunk, apply))
                if apply:
                    s.flush()
                    planner.done_chunk(s)
                    if planner.index is not None:
                        planner.index.flush()
                if progress is not None:
                    progress(chunk[-1].number - header.row, total)
            if planner.index is not None:
                planner.index.finish()
        if not out:
            raise SheetError(Message(f"{show_path(path)} 只有表头,没有数据行(模板的示例行不算)。",
                                     f"{show_path(path)} has a header but no rows (the template's example does not count)."))
        return ImportPlan(kind, str(path), header.row, header.ignored, tuple(out), applied=apply, sheet=header.sheet)

    def template(self, kind: ListKind | str, dest: Path) -> Path:
        """The list's template (.xlsx) with drop-downs of this county's townships, industries and teams."""
        with self._db.session() as s:
            townships = list(dict.fromkeys([*TOWNSHIPS, *(t for t in s.scalars(
                select(Enterprise.township).distinct().order_by(Enterprise.township)) if t)]))
            industries = list(dict.fromkeys([*INDUSTRIES, *(t for t in s.scalars(
                select(Enterprise.industry).distinct().order_by(Enterprise.industry)) if t)]))
            teams = list(s.scalars(select(Team.name).order_by(Team.sort_order, Team.name)))
        choices = {"township": townships, "industry": industries, "above_size": ["是", "否"], "team": teams,
                   "role": ["团长", "成员"], "issuer_level": [m.zh for m in IssuerLevel],
                   "category": [m.zh for m in PolicyCategory]}
        return write_template(kind, Path(dest), choices)


def _is_example(kind: ListKind, row: Row) -> bool:
    """The template's example row, left as it was: not a record."""
    example = EXAMPLES[kind]
    key = SPECS[kind].required[0]  # cheap first: the example's name
    if cells.text(row.get(key)) != example.get(key):
        return False
    given = {k: cells.text(v) for k, v in row.values.items() if not cells.is_blank(v)}
    return bool(given) and all(example.get(k) == v for k, v in given.items())


# ---- planners: one per list ------------------------------------------------------------------------

class _Planner:
    entity = ""

    def __init__(self, spec: ListSpec, device: str):
        self.spec = spec
        self.device = device
        self.index: BulkIndex | None = None  # the search index kept by hand (enterprises)

    def start(self, s: Session) -> None:
        pass

    def chunk(self, s: Session, rows: list[Row], apply: bool) -> Iterable[PlannedRow]:
        raise NotImplementedError

    def done_chunk(self, s: Session) -> None:
        s.expunge_all()  # the chunk is flushed: keep the session's memory flat


def _changed(entity: str, old: Any, new: Any, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(field_label(entity, n) for n in names if getattr(old, n) != getattr(new, n))


class _EnterprisePlanner(_Planner):
    entity = "enterprise"
    PARSERS: dict[str, Callable[[Any], Any]] = {"credit_code": cells.code, "contact_phone": cells.code,
                                                "above_size": cells.yes_no}

    def start(self, s: Session) -> None:
        self.townships = set(TOWNSHIPS) | {t for t in s.scalars(select(Enterprise.township).distinct()) if t}
        self.seen: dict[str, int] = {}  # credit code -> first row giving it

    def chunk(self, s: Session, rows: list[Row], apply: bool) -> list[PlannedRow]:
        given = [(r, _given(r, self.spec, self.PARSERS)) for r in rows]
        codes = {creditcode.normalize(g.values.get("credit_code", "")) for _, g in given if g.problem is None}
        existing = {e.credit_code: e for e in s.scalars(select(Enterprise).where(Enterprise.credit_code.in_(codes - {""})))}
        out = []
        for r, g in given:
            name = g.values.get("name", "")
            code = creditcode.normalize(g.values.get("credit_code", ""))
            if g.problem is not None:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, code, g.problem))
                continue
            if not name:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, code, Message("缺少企业名称。", "The name is missing.")))
                continue
            if code in self.seen:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, code, Message(
                    f"统一社会信用代码与第{self.seen[code]}行重复。", f"The credit code repeats row {self.seen[code]}.")))
                continue
            ent = existing.get(code)
            base = _enterprise_form(ent) if ent is not None else EnterpriseForm()
            form = replace(base, **g.values)
            try:
                f = validate_enterprise(form)
            except ValidationError as exc:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, code, _problems_text(exc, "enterprise")))
                continue
            if code:
                self.seen[code] = r.number
            if f.township not in self.townships:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, code, Message(
                    f"乡镇“{f.township}”不是本县的乡镇(请核对名称,如“城关镇”)。",
                    f"'{f.township}' is not a township of the county.")))
                continue
            if ent is None:
                out.append(PlannedRow(r.number, Outcome.NEW, f.name, code))
                if apply:
                    new = Enterprise(id=new_id(), created_by=self.device, updated_by=self.device)
                    apply_form(new, f)
                    s.add(new)
                    if self.index is not None:
                        self.index.inserted(new.id)
                continue
            changed = _changed("enterprise", base.cleaned(), f, [x.name for x in fields(EnterpriseForm)])
            if not changed:
                out.append(PlannedRow(r.number, Outcome.UNCHANGED, f.name, code))
                continue
            out.append(PlannedRow(r.number, Outcome.UPDATE, f.name, code, changed=changed))
            if apply:
                if self.index is not None:
                    self.index.updating(ent.id, ent.search_text)
                apply_form(ent, f)
                ent.updated_by = self.device
        return out


def _enterprise_form(e: Enterprise) -> EnterpriseForm:
    return EnterpriseForm(e.name, e.credit_code, e.township, e.address, e.industry, e.above_size,
                          e.contact_person, e.contact_phone, e.notes)


class _OfficerPlanner(_Planner):
    entity = "officer"
    PARSERS: dict[str, Callable[[Any], Any]] = {"phone": cells.code}

    def start(self, s: Session) -> None:
        self.teams = {cells.header_key(name): tid for tid, name in s.execute(select(Team.id, Team.name))}
        self.officers = {(o.name, o.department): o.id for o in s.scalars(select(Officer).where(Officer.active))}
        self.members = {(m.officer_id, m.team_id): m.role for m in s.scalars(select(TeamMembership))}
        self.seen: dict[tuple[str, str], int] = {}

    def done_chunk(self, s: Session) -> None:
        pass  # officers are few; the objects stay for the memberships of later rows

    def chunk(self, s: Session, rows: list[Row], apply: bool) -> list[PlannedRow]:
        out = []
        for r in rows:
            g = _given(r, self.spec, self.PARSERS)
            name = g.values.get("name", "")
            dept = g.values.get("department", "")
            if g.problem is not None:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, dept, g.problem))
                continue
            if not name:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, dept, Message("缺少姓名。", "The name is missing.")))
                continue
            team_id = None
            if g.values.get("team"):
                team_id = self.teams.get(cells.header_key(g.values["team"]))
                if team_id is None:
                    out.append(PlannedRow(r.number, Outcome.REFUSED, name, dept, Message(
                        f"团队“{g.values['team']}”不存在(请先在“团队”页建立,或核对名称)。",
                        f"No team '{g.values['team']}' (create it on the Teams page first, or check the name).")))
                    continue
            role = "leader" if cells.header_key(g.values.get("role", "")).lower() in LEADER_WORDS else "member"
            key = (name, dept)
            if key in self.seen:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, dept, Message(
                    f"与第{self.seen[key]}行是同一人(姓名和单位相同)。",
                    f"The same officer as row {self.seen[key]} (same name and department).")))
                continue
            oid = self.officers.get(key)
            o = s.get(Officer, oid) if oid else None
            base = OfficerForm(o.name, o.department, o.title, o.phone) if o is not None else OfficerForm()
            form = replace(base, **{k: v for k, v in g.values.items() if k in ("name", "department", "title", "phone")})
            try:
                f = validate_officer(form)
            except ValidationError as exc:
                out.append(PlannedRow(r.number, Outcome.REFUSED, name, dept, _problems_text(exc, "officer")))
                continue
            self.seen[key] = r.number
            membership = self.members.get((oid, team_id)) if team_id and oid else None
            needs_member = team_id is not None and membership != role
            if o is None:
                out.append(PlannedRow(r.number, Outcome.NEW, f.name, f.department))
                if apply:
                    o = Officer(created_by=self.device, updated_by=self.device)
                    self._set(o, f)
                    s.add(o)
                    s.flush()
                    self.officers[key] = o.id
                    self._member(s, o.id, team_id, role)
                continue
            changed = _changed("officer", base, f, ("name", "department", "title", "phone"))
            if needs_member:
                changed += (field_label("team_membership", "team_id"),)
            if not changed:
                out.append(PlannedRow(r.number, Outcome.UNCHANGED, f.name, f.department))
                continue
            out.append(PlannedRow(r.number, Outcome.UPDATE, f.name, f.department, changed=changed))
            if apply:
                self._set(o, f)
                if needs_member:
                    self._member(s, o.id, team_id, role)
        return out

    def _set(self, o: Officer, f: OfficerForm) -> None:
        o.name, o.department, o.title, o.phone = f.name, f.department, f.title, f.phone
        o.search_text = pinyin.search_text(f.name, f.department)
        o.sort_key = pinyin.sort_key(f.name)
        o.updated_by = self.device

    def _member(self, s: Session, officer_id: str, team_id: str | None, role: str) -> None:
        if team_id is None:
            return
        if (officer_id, team_id) in self.members:
            m = s.scalar(select(TeamMembership).where(TeamMembership.officer_id == officer_id,
                                                      TeamMembership.team_id == team_id))
            if m is not None:
                m.role, m.updated_by = role, self.device
        else:
            s.add(TeamMembership(team_id=team_id, officer_id=officer_id, role=role,
                                 created_by=self.device, updated_by=self.device))
        self.members[(officer_id, team_id)] = role


class _PolicyPlanner(_Planner):
    entity = "policy"
    PARSERS: dict[str, Callable[[Any], Any]] = {
        "document_number": lambda v: cells.code(v, digits_lost_from=99), "valid_from": cells.day, "valid_to": cells.day,
        "issuer_level": _choice(IssuerLevel, _LEVEL_WORDS), "category": _choice(PolicyCategory)}
    FIELDS = ("title", "issuer_level", "issuer", "document_number", "category", "summary", "valid_from", "valid_to")

    def start(self, s: Session) -> None:
        self.by_number: dict[str, str] = {}
        self.by_title: dict[str, str] = {}
        for pid, title, number in s.execute(select(Policy.id, Policy.title, Policy.document_number)):
            if number:
                self.by_number[number] = pid
            self.by_title.setdefault(title, pid)
        self.seen: dict[str, int] = {}

    def done_chunk(self, s: Session) -> None:
        pass

    def chunk(self, s: Session, rows: list[Row], apply: bool) -> list[PlannedRow]:
        out = []
        for r in rows:
            g = _given(r, self.spec, self.PARSERS)
            title = g.values.get("title", "")
            number = g.values.get("document_number", "")
            if g.problem is not None:
                out.append(PlannedRow(r.number, Outcome.REFUSED, title, number, g.problem))
                continue
            if not title:
                out.append(PlannedRow(r.number, Outcome.REFUSED, title, number,
                                      Message("缺少政策名称。", "The policy title is missing.")))
                continue
            key = number or title
            if key in self.seen:
                out.append(PlannedRow(r.number, Outcome.REFUSED, title, number, Message(
                    f"与第{self.seen[key]}行是同一政策({'文号' if number else '名称'}相同)。",
                    f"The same policy as row {self.seen[key]}.")))
                continue
            pid = self.by_number.get(number) if number else self.by_title.get(title)
            p = s.get(Policy, pid) if pid else None
            base = PolicyForm(p.title, p.issuer_level, p.issuer, p.document_number, p.category, p.summary,
                              p.valid_from, p.valid_to) if p is not None else PolicyForm()
            form = replace(base, **g.values)
            try:
                f = validate_policy(form)
            except ValidationError as exc:
                out.append(PlannedRow(r.number, Outcome.REFUSED, title, number, _problems_text(exc, "policy")))
                continue
            self.seen[key] = r.number
            if p is None:
                out.append(PlannedRow(r.number, Outcome.NEW, f.title, f.document_number))
                if apply:
                    p = Policy(created_by=self.device)
                    self._set(p, f)
                    s.add(p)
                    s.flush()
                    if number:
                        self.by_number[number] = p.id
                    self.by_title.setdefault(title, p.id)
                continue
            changed = _changed("policy", base, f, self.FIELDS)
            if not changed:
                out.append(PlannedRow(r.number, Outcome.UNCHANGED, f.title, f.document_number))
                continue
            out.append(PlannedRow(r.number, Outcome.UPDATE, f.title, f.document_number, changed=changed))
            if apply:
                self._set(p, f)
        return out

    def _set(self, p: Policy, f: PolicyForm) -> None:
        p.title, p.issuer_level, p.issuer = f.title, f.issuer_level, f.issuer
        p.document_number, p.category, p.summary = f.document_number, f.category, f.summary
        p.valid_from, p.valid_to = f.valid_from, f.valid_to
        p.search_text = pinyin.search_text(f.title, f.document_number, f.issuer)
        p.sort_key = pinyin.sort_key(f.title)
        p.updated_by = self.device
