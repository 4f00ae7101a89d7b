"""Lists from a spreadsheet (企业名录, 团员名单, 惠企政策清单): a dry run that classifies every row, then
the same run applied in one transaction.

Every row goes through the form's own validation (`domain/forms.py`) and its changes go into the
change log as a typed record's would, so it syncs. Rows are read and classified in chunks of 500 (the
three lists by the same steps, `_Planner._classify`); enterprises, the long lists, find the records a
chunk may update from a code -> record map loaded with one query, and write each chunk set-based (one
executemany of the new rows, one of the updates, the changes through `sync.capture.record_records`:
the same changes the ORM's flush captures, compared by tests/unit/test_xlsx_import.py), with the search
index and the digest kept set-based too; officers and policies (a few hundred) go through the ORM.
The plan keeps one small line per row for the preview.

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
from operator import attrgetter
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
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
from ..storage.digest_sql import BulkDigest
from ..storage.models import Enterprise, Officer, Policy, Team, TeamMembership, new_id, utcnow
from ..storage.search import BulkIndex
from ..sync import capture
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
    extra: dict[str, Any] = field(default_factory=dict)  # what a list's checks found (an officer's team)


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
    # enterprises: new and updated rows written set-based with their changes captured as the ORM's flush would
    # (`_write_enterprises`); False writes them through the ORM (the tests compare the two)
    fast = True

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
        planner: _Planner = (_EnterprisePlanner(spec, self._device, self.fast) if kind is ListKind.ENTERPRISES
                             else {ListKind.OFFICERS: _OfficerPlanner, ListKind.POLICIES: _PolicyPlanner}[kind](spec, self._device))
        out: list[PlannedRow] = []
        with self._db.session() as s:
            planner.start(s)
            if apply and self.bulk_index and kind is ListKind.ENTERPRISES:
                planner.index = BulkIndex(s.connection(), "enterprise").begin()
            if apply and self.fast and isinstance(planner, _EnterprisePlanner):
                planner.digest = BulkDigest(_driver(s), "enterprise").begin()
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
            if isinstance(planner, _EnterprisePlanner) and planner.digest is not None:
                planner.digest.finish()
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


def _driver(s: Session) -> Any:
    """The DB-API (sqlite3) connection of the session's transaction."""
    raw = s.connection().connection.driver_connection
    if raw is None:
        raise RuntimeError("the session has no database connection")
    return raw


def _is_example(kind: ListKind, row: Row) -> bool:
    """The template's example row, left as it was: not a record."""
    example = EXAMPLES[kind]
    key = SPECS[kind].required[0]  # cheap first: the example's name
    if cells.text(row.get(key)) != example.get(key):
        return False
    given = {k: cells.text(v) for k, v in row.values.items() if not cells.is_blank(v)}
    return bool(given) and all(example.get(k) == v for k, v in given.items())


# ---- planners: one per list ------------------------------------------------------------------------
#
# Every list is classified by the same steps (`_Planner._classify`): the row's cells parsed, its name
# required, its key (credit code; name and department; 文号 or title) not repeated in the file, the
# record it matches found, the form validated over what that record holds, then new / unchanged /
# update. Each list says only what differs: its key, how it finds the current record, its form.

class _Planner:
    entity = ""
    PARSERS: dict[str, Callable[[Any], Any]] = {}
    MISSING = Message("", "")

    def __init__(self, spec: ListSpec, device: str):
        self.spec = spec
        self.device = device
        self.index: BulkIndex | None = None  # the search index kept by hand (enterprises)
        self.seen: dict[Any, int] = {}  # key -> the first row giving it

    def start(self, s: Session) -> None:
        pass

    def chunk(self, s: Session, rows: list[Row], apply: bool) -> list[PlannedRow]:
        given = [(r, _given(r, self.spec, self.PARSERS)) for r in rows]
        self.prepare(s, given)
        out = [self._classify(s, r, g, apply) for r, g in given]
        if apply:
            self.write(s)
        return out

    def done_chunk(self, s: Session) -> None:
        s.expunge_all()  # the chunk is flushed: keep the session's memory flat

    def _classify(self, s: Session, r: Row, g: _Given, apply: bool) -> PlannedRow:
        name, shown = self.shown(g)

        def refused(reason: Message) -> PlannedRow:
            return PlannedRow(r.number, Outcome.REFUSED, name, shown, reason)

        if g.problem is not None:
            return refused(g.problem)
        if not name:
            return refused(self.MISSING)
        problem = self.precheck(g)
        if problem is not None:
            return refused(problem)
        key = self.key(g)
        if key in self.seen:
            return refused(self.repeats(g, self.seen[key]))
        current = self.current(s, key, g)
        base = self.base(current)
        try:
            f = self.validate(replace(base, **self.form_values(g)))
        except ValidationError as exc:
            return refused(_problems_text(exc, self.entity))
        self.seen[key] = r.number
        problem = self.postcheck(f)
        if problem is not None:
            return refused(problem)
        name, shown = self.shown_valid(f, shown)
        if current is None:
            if apply:
                self.add(s, f, g)
            return PlannedRow(r.number, Outcome.NEW, name, shown)
        changed = self.changed(base, f, current, g)
        if not changed:
            return PlannedRow(r.number, Outcome.UNCHANGED, name, shown)
        if apply:
            self.update(s, current, f, g)
        return PlannedRow(r.number, Outcome.UPDATE, name, shown, changed=changed)

    # what each list says --------------------------------------------------------------------------
    def prepare(self, s: Session, given: list[tuple[Row, _Given]]) -> None:
        """Set-based look-ups of the records the chunk's rows may match."""

    def shown(self, g: _Given) -> tuple[str, str]:
        raise NotImplementedError

    def shown_valid(self, f: Any, shown: str) -> tuple[str, str]:
        raise NotImplementedError

    def precheck(self, g: _Given) -> Message | None:
        return None

    def postcheck(self, f: Any) -> Message | None:
        return None

    def key(self, g: _Given) -> Any:
        raise NotImplementedError

    def repeats(self, g: _Given, row: int) -> Message:
        raise NotImplementedError

    def current(self, s: Session, key: Any, g: _Given) -> Any:
        raise NotImplementedError

    def base(self, current: Any) -> Any:
        raise NotImplementedError

    def form_values(self, g: _Given) -> dict[str, Any]:
        return g.values

    def validate(self, form: Any) -> Any:
        raise NotImplementedError

    def changed(self, base: Any, f: Any, current: Any, g: _Given) -> tuple[str, ...]:
        raise NotImplementedError

    def add(self, s: Session, f: Any, g: _Given) -> None:
        raise NotImplementedError

    def update(self, s: Session, current: Any, f: Any, g: _Given) -> None:
        raise NotImplementedError

    def write(self, s: Session) -> None:
        """The chunk's staged writes (set-based lists)."""


def _changed(entity: str, old: Any, new: Any, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(field_label(entity, n) for n in names if getattr(old, n) != getattr(new, n))


_FORM_FIELDS = tuple(x.name for x in fields(EnterpriseForm))
_WRITTEN = (*_FORM_FIELDS, "search_text", "sort_key")  # what an import writes of an enterprise


class _EnterprisePlanner(_Planner):
    """Enterprises, the long lists (a county's 企业名录: 100,000 rows): the records a chunk may update
    are found with one query per chunk (from the code -> record map loaded once), and, when `fast`,
    the chunk is written set-based (`write`): one executemany of the new rows, one of the updates, and
    the change log through sync/capture.record exactly as the ORM flush would have captured it (the same
    fields, values and order, one clock tick per chunk; tests/unit/test_xlsx_import.py compares the two)."""

    entity = "enterprise"
    PARSERS: dict[str, Callable[[Any], Any]] = {"credit_code": cells.code, "contact_phone": cells.code,
                                                "above_size": cells.yes_no}
    MISSING = Message("缺少企业名称。", "The name is missing.")

    def __init__(self, spec: ListSpec, device: str, fast: bool = True):
        super().__init__(spec, device)
        self.fast = fast
        self._new: list[EnterpriseForm] = []
        self._updates: list[tuple[Any, EnterpriseForm]] = []
        self.digest: BulkDigest | None = None  # the digest kept set-based (with `fast`)

    def start(self, s: Session) -> None:
        self.townships = set(TOWNSHIPS) | {t for t in s.scalars(select(Enterprise.township).distinct()) if t}
        # every credit code held -> its record (one query; of two records with one code, the later one)
        self.by_code: dict[str, str] = {
            code: rid for code, rid in s.execute(text("SELECT credit_code, id FROM enterprise ORDER BY rowid"))}
        self.existing: dict[str, Any] = {}

    def prepare(self, s: Session, given: list[tuple[Row, _Given]]) -> None:
        for _, g in given:
            g.extra["code"] = creditcode.normalize(g.values.get("credit_code", ""))
        ids = {self.by_code[g.extra["code"]] for _, g in given if g.problem is None and g.extra["code"] in self.by_code}
        self.existing = {}
        if not ids:
            return
        if self.fast:
            cols = [Enterprise.__table__.c[c] for c in ("id", *_WRITTEN)]
            found: Iterable[Any] = s.execute(select(*cols).where(Enterprise.id.in_(ids)))
        else:
            found = s.scalars(select(Enterprise).where(Enterprise.id.in_(ids)))
        self.existing = {e.credit_code: e for e in found}

    def shown(self, g: _Given) -> tuple[str, str]:
        return g.values.get("name", ""), g.extra["code"]

    def shown_valid(self, f: EnterpriseForm, shown: str) -> tuple[str, str]:
        return f.name, shown

    def key(self, g: _Given) -> str:
        return g.extra["code"]

    def repeats(self, g: _Given, row: int) -> Message:
        return Message(f"统一社会信用代码与第{row}行重复。", f"The credit code repeats row {row}.")

    def current(self, s: Session, key: str, g: _Given) -> Any:
        return self.existing.get(key)

    def base(self, current: Any) -> EnterpriseForm:
        return _enterprise_form(current) if current is not None else EnterpriseForm()

    def validate(self, form: EnterpriseForm) -> EnterpriseForm:
        return validate_enterprise(form)

    def postcheck(self, f: EnterpriseForm) -> Message | None:
        if f.township not in self.townships:
            return Message(f"乡镇“{f.township}”不是本县的乡镇(请核对名称,如“城关镇”)。",
                           f"'{f.township}' is not a township of the county.")
        return None

    def changed(self, base: EnterpriseForm, f: EnterpriseForm, current: Any, g: _Given) -> tuple[str, ...]:
        return _changed("enterprise", base.cleaned(), f, _FORM_FIELDS)

    def add(self, s: Session, f: EnterpriseForm, g: _Given) -> None:
        if self.fast:
            self._new.append(f)
            return
        new = Enterprise(id=new_id(), created_by=self.device, updated_by=self.device)
        apply_form(new, f)
        s.add(new)
        if self.index is not None:
            self.index.inserted(new.id)

    def update(self, s: Session, current: Any, f: EnterpriseForm, g: _Given) -> None:
        if self.index is not None:
            self.index.updating(current.id, current.search_text)
        if self.fast:
            self._updates.append((current, f))
            return
        apply_form(current, f)
        current.updated_by = self.device

    def write(self, s: Session) -> None:
        new, updates = self._new, self._updates
        self._new, self._updates = [], []
        if new or updates:
            _write_enterprises(s, self.device, new, updates, self.index, self.digest)


def _enterprise_form(e: Any) -> EnterpriseForm:
    return EnterpriseForm(e.name, e.credit_code, e.township, e.address, e.industry, e.above_size,
                          e.contact_person, e.contact_phone, e.notes)


def _write_enterprises(s: Session, device: str, new: list[EnterpriseForm], updates: list[tuple[Any, EnterpriseForm]],
                       index: BulkIndex | None, digest: BulkDigest | None) -> None:
    """One chunk's new and updated enterprises written set-based, and their changes captured as the ORM's
    flush of the same objects captures them (sync/capture.collect): the new records first, each with every
    replicated column in the mapper's order, then the updated ones with the columns whose value changed.
    The values are the ORM's: its defaults for what a form does not set, its storage of a date-time."""
    conn = s.connection()
    cur = _driver(s).cursor()
    stored = Enterprise.__table__.c.created_at.type._cached_bind_processor(conn.dialect) or (lambda v: v)
    captured = capture.columns_of(Enterprise)  # the replicated columns, in the order capture takes them
    form_of = attrgetter(*_FORM_FIELDS)
    inserted: list[tuple[str, tuple[Any, ...]]] = []  # (id, its captured columns' values)
    changed: list[tuple[str, list[tuple[str, Any]]]] = []  # (id, [(column, new value) of what changed])
    written: list[str] = []
    if new:
        cols = ("id", "created_at", "updated_at", "created_by", "updated_by", "voided_at", "void_reason", *_WRITTEN)
        rows = []
        for f in new:
            rid, at = new_id(), utcnow()
            values = (*form_of(f), pinyin.search_text(f.name, f.credit_code, f.contact_person), pinyin.sort_key(f.name))
            v = dict(zip(cols, (rid, at, at, device, device, None, "", *values)))
            rows.append((rid, stored(at), stored(at), device, device, None, "", *values))
            inserted.append((rid, tuple(v[c] for c in captured)))
            written.append(rid)
            if index is not None:
                index.inserted(rid)
        cur.executemany(f"INSERT INTO enterprise({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
    if updates:
        ids = [current.id for current, _ in updates]
        if digest is not None:
            digest.replacing(ids)
        at = stored(utcnow())
        rows = []
        for current, f in updates:
            values = (*form_of(f), pinyin.search_text(f.name, f.credit_code, f.contact_person), pinyin.sort_key(f.name))
            v = dict(zip(_WRITTEN, values))
            changed.append((current.id, [(c, v[c]) for c in captured if c in v and v[c] != getattr(current, c)]))
            rows.append((*values, at, device, current.id))
        sets = ", ".join(f"{c} = ?" for c in (*_WRITTEN, "updated_at", "updated_by"))
        cur.executemany(f"UPDATE enterprise SET {sets} WHERE id = ?", rows)
        written.extend(ids)
    if digest is not None:
        digest.written(written)
    capture.record_records(s, "enterprise", captured, inserted, changed)


class _OfficerPlanner(_Planner):
    entity = "officer"
    PARSERS: dict[str, Callable[[Any], Any]] = {"phone": cells.code}
    MISSING = Message("缺少姓名。", "The name is missing.")
    FIELDS = ("name", "department", "title", "phone")

    def start(self, s: Session) -> None:
        self.teams = {cells.header_key(name): tid for tid, name in s.execute(select(Team.id, Team.name))}
        self.officers = {(o.name, o.department): o.id for o in s.scalars(select(Officer).where(Officer.active))}
        self.members = {(m.officer_id, m.team_id): m.role for m in s.scalars(select(TeamMembership))}

    def done_chunk(self, s: Session) -> None:
        pass  # officers are few; the objects stay for the memberships of later rows

    def shown(self, g: _Given) -> tuple[str, str]:
        return g.values.get("name", ""), g.values.get("department", "")

    def shown_valid(self, f: OfficerForm, shown: str) -> tuple[str, str]:
        return f.name, f.department

    def precheck(self, g: _Given) -> Message | None:
        team_id = None
        if g.values.get("team"):
            team_id = self.teams.get(cells.header_key(g.values["team"]))
            if team_id is None:
                return Message(f"团队“{g.values['team']}”不存在(请先在“团队”页建立,或核对名称)。",
                               f"No team '{g.values['team']}' (create it on the Teams page first, or check the name).")
        g.extra["team_id"] = team_id
        g.extra["role"] = "leader" if cells.header_key(g.values.get("role", "")).lower() in LEADER_WORDS else "member"
        return None

    def key(self, g: _Given) -> tuple[str, str]:
        return g.values.get("name", ""), g.values.get("department", "")

    def repeats(self, g: _Given, row: int) -> Message:
        return Message(f"与第{row}行是同一人(姓名和单位相同)。", f"The same officer as row {row} (same name and department).")

    def current(self, s: Session, key: tuple[str, str], g: _Given) -> Officer | None:
        oid = self.officers.get(key)
        return s.get(Officer, oid) if oid else None

    def base(self, o: Officer | None) -> OfficerForm:
        return OfficerForm(o.name, o.department, o.title, o.phone) if o is not None else OfficerForm()

    def form_values(self, g: _Given) -> dict[str, Any]:
        return {k: v for k, v in g.values.items() if k in self.FIELDS}

    def validate(self, form: OfficerForm) -> OfficerForm:
        return validate_officer(form)

    def _needs_member(self, o: Officer, g: _Given) -> bool:
        team_id, role = g.extra["team_id"], g.extra["role"]
        return team_id is not None and self.members.get((o.id, team_id)) != role

    def changed(self, base: OfficerForm, f: OfficerForm, o: Officer, g: _Given) -> tuple[str, ...]:
        changed = _changed("officer", base, f, self.FIELDS)
        if self._needs_member(o, g):
            changed += (field_label("team_membership", "team_id"),)
        return changed

    def add(self, s: Session, f: OfficerForm, g: _Given) -> None:
        o = Officer(created_by=self.device, updated_by=self.device)
        self._set(o, f)
        s.add(o)
        s.flush()
        self.officers[(g.values.get("name", ""), g.values.get("department", ""))] = o.id
        self._member(s, o.id, g.extra["team_id"], g.extra["role"])

    def update(self, s: Session, o: Officer, f: OfficerForm, g: _Given) -> None:
        needs_member = self._needs_member(o, g)
        self._set(o, f)
        if needs_member:
            self._member(s, o.id, g.extra["team_id"], g.extra["role"])

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
    MISSING = Message("缺少政策名称。", "The policy title is missing.")
    FIELDS = ("title", "issuer_level", "issuer", "document_number", "category", "summary", "valid_from", "valid_to")

    def start(self, s: Session) -> None:
        self.by_number: dict[str, str] = {}
        self.by_title: dict[str, str] = {}
        for pid, title, number in s.execute(select(Policy.id, Policy.title, Policy.document_number)):
            if number:
                self.by_number[number] = pid
            self.by_title.setdefault(title, pid)

    def done_chunk(self, s: Session) -> None:
        pass

    def shown(self, g: _Given) -> tuple[str, str]:
        return g.values.get("title", ""), g.values.get("document_number", "")

    def shown_valid(self, f: PolicyForm, shown: str) -> tuple[str, str]:
        return f.title, f.document_number

    def key(self, g: _Given) -> str:
        return g.values.get("document_number", "") or g.values.get("title", "")

    def repeats(self, g: _Given, row: int) -> Message:
        return Message(f"与第{row}行是同一政策({'文号' if g.values.get('document_number') else '名称'}相同)。",
                       f"The same policy as row {row}.")

    def current(self, s: Session, key: str, g: _Given) -> Policy | None:
        number = g.values.get("document_number", "")
        pid = self.by_number.get(number) if number else self.by_title.get(g.values.get("title", ""))
        return s.get(Policy, pid) if pid else None

    def base(self, p: Policy | None) -> PolicyForm:
        return PolicyForm(p.title, p.issuer_level, p.issuer, p.document_number, p.category, p.summary,
                          p.valid_from, p.valid_to) if p is not None else PolicyForm()

    def validate(self, form: PolicyForm) -> PolicyForm:
        return validate_policy(form)

    def changed(self, base: PolicyForm, f: PolicyForm, p: Policy, g: _Given) -> tuple[str, ...]:
        return _changed("policy", base, f, self.FIELDS)

    def add(self, s: Session, f: PolicyForm, g: _Given) -> None:
        p = Policy(created_by=self.device)
        self._set(p, f)
        s.add(p)
        s.flush()
        number, title = g.values.get("document_number", ""), g.values.get("title", "")
        if number:
            self.by_number[number] = p.id
        self.by_title.setdefault(title, p.id)

    def update(self, s: Session, p: Policy, f: PolicyForm, g: _Given) -> None:
        self._set(p, f)

    def _set(self, p: Policy, f: PolicyForm) -> None:
        p.title, p.issuer_level, p.issuer = f.title, f.issuer_level, f.issuer
        p.document_number, p.category, p.summary = f.document_number, f.category, f.summary
        p.valid_from, p.valid_to = f.valid_from, f.valid_to
        p.search_text = pinyin.search_text(f.title, f.document_number, f.issuer)
        p.sort_key = pinyin.sort_key(f.title)
        p.updated_by = self.device
