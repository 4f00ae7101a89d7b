"""The enterprise directory: paged, indexed queries for lists of any size, and edits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, literal_column, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain import pinyin
from ..domain.errors import FieldProblem, Message, NotFound, ValidationError
from ..domain.forms import EnterpriseForm, validate_enterprise
from ..domain.vocabulary import OPEN, VisitState
from ..storage import search
from ..storage.database import Database
from ..storage.fetch import first_column
from ..storage.models import Enterprise, Issue, Visit, utcnow
from ..storage.first_screen import FirstRow


@dataclass(frozen=True)
class EnterpriseQuery:
    """What the directory shows: free text (name, credit code, pinyin, initials) and filters."""

    text: str = ""
    township: str | None = None
    industry: str | None = None
    above_size: bool | None = None

    def terms(self) -> list[str]:
        return [t for t in self.text.lower().split() if t]


# A row of the directory: one type for the light start's sqlite3 first screen and the service (storage
# cannot import services, so it is defined there).
EnterpriseRow = FirstRow


@dataclass(frozen=True)
class EnterpriseDetail:
    id: str
    form: EnterpriseForm
    created_at: str
    updated_at: str
    visit_count: int = 0
    open_issue_count: int = 0
    last_visit: str | None = None


ROW_COLUMNS = (
    Enterprise.id, Enterprise.name, Enterprise.credit_code, Enterprise.township, Enterprise.industry,
    Enterprise.above_size, Enterprise.contact_person, Enterprise.contact_phone,
)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# A term found in more enterprises than this is matched with LIKE while the pinyin-order covering index is
# walked (ix_enterprise_sort_search: no sort, no table reads); a rarer one through the full-text index,
# whose few rows are then sorted. Counting up to it costs a bounded read of the index.
COMMON_TERM = 3000


def common_terms(s: Session, q: EnterpriseQuery) -> frozenset[str]:
    """The query's terms that the full-text index finds in COMMON_TERM enterprises or more."""
    out = set()
    for term in q.terms():
        indexed = search.rowids_sql("enterprise", term, "term")
        if indexed is not None and s.scalar(text(f"SELECT count(*) FROM ({indexed[0]} LIMIT {COMMON_TERM})")
                                            .bindparams(**indexed[1])) == COMMON_TERM:
            out.add(term)
    return frozenset(out)


def enterprise_conditions(q: EnterpriseQuery, common: frozenset[str] = frozenset(),
                          first: bool = False) -> list[ColumnElement[bool]]:
    """`first`: for a first screen (LIMIT) in pinyin order, where walking that order is cheaper than any filter index."""
    conds: list[ColumnElement[bool]] = [Enterprise.voided_at.is_(None)]  # 作废: out of every list
    for k, term in enumerate(q.terms()):
        indexed = None if term in common else search.rowids_sql("enterprise", term, f"term{k}")
        if indexed is not None:  # the full-text index (storage.search) instead of reading every row
            conds.append(and_(text(f"enterprise.rowid IN ({indexed[0]})").bindparams(**indexed[1])))
        else:
            conds.append(Enterprise.search_text.like(f"%{_escape_like(term)}%", escape="\\"))
    if q.township:
        conds.append(Enterprise.township == q.township)
    if q.industry:
        conds.append(Enterprise.industry == q.industry)
    if q.above_size is not None:
        # a first screen tests it on each row the pinyin order gives (`+`): a quarter or three quarters of the
        # directory, whose own index the planner took and then sorted the 25,000 规上 by name ('h' + 规上: 59 ms,
        # 2.4 ms walked); every id is still read through it (walked, 'h' + 规上 read 100,000 rows: 540 ms, not 120)
        above = literal_column("+enterprise.above_size") if first else Enterprise.above_size
        conds.append(above == q.above_size)
    return conds


def apply_form(ent: Enterprise, f: EnterpriseForm) -> None:
    ent.name = f.name
    ent.credit_code = f.credit_code
    ent.township = f.township
    ent.address = f.address
    ent.industry = f.industry
    ent.above_size = f.above_size
    ent.contact_person = f.contact_person
    ent.contact_phone = f.contact_phone
    ent.notes = f.notes
    ent.search_text = pinyin.search_text(f.name, f.credit_code, f.contact_person)
    ent.sort_key = pinyin.sort_key(f.name)


class EnterpriseService:
    def __init__(self, db: Database, device_id: str):
        self._db = db
        self._device = device_id

    # ---- reading -------------------------------------------------------------------------
    def ids(self, q: EnterpriseQuery, limit: int | None = None) -> list[str]:
        """Ids of every matching enterprise in pinyin order (cheap: one indexed column); with `limit`,
        only the first ones (a first screen: the pinyin-order index is walked only that far)."""
        with self._db.session() as s:
            conds = enterprise_conditions(q, common_terms(s, q), first=limit is not None)
            stmt = select(Enterprise.id).where(and_(True, *conds)).order_by(Enterprise.sort_key, Enterprise.id)
            if limit is not None:
                stmt = stmt.limit(limit)
            return first_column(s, stmt)

    def contains(self, q: EnterpriseQuery, enterprise_id: str) -> bool:
        """Whether the enterprise is among the query's results (one primary-key look-up)."""
        with self._db.session() as s:
            # LIKE for every term: on one row it is a look-up, no index needed
            stmt = select(Enterprise.id).where(Enterprise.id == enterprise_id,
                                               *enterprise_conditions(q, frozenset(q.terms())))
            return bool(first_column(s, stmt))

    def count(self, q: EnterpriseQuery | None = None) -> int:
        stmt = select(func.count()).select_from(Enterprise).where(Enterprise.voided_at.is_(None))
        with self._db.session() as s:
            if q is not None:
                stmt = stmt.where(and_(True, *enterprise_conditions(q, common_terms(s, q))))
            return int(s.scalar(stmt) or 0)

    def rows(self, ids: list[str]) -> list[EnterpriseRow]:
        """Rows for the given ids, in the same order (missing ids are skipped)."""
        if not ids:
            return []
        with self._db.session() as s:
            found = {r.id: EnterpriseRow(*r) for r in s.execute(select(*ROW_COLUMNS).where(Enterprise.id.in_(ids)))}
        return [found[i] for i in ids if i in found]

    def page(self, q: EnterpriseQuery, offset: int = 0, limit: int = 100) -> list[EnterpriseRow]:
        with self._db.session() as s:
            stmt = (select(*ROW_COLUMNS).where(and_(True, *enterprise_conditions(q, common_terms(s, q))))
                    .order_by(Enterprise.sort_key, Enterprise.id).offset(offset).limit(limit))
            return [EnterpriseRow(*r) for r in s.execute(stmt)]

    def get(self, enterprise_id: str) -> EnterpriseDetail:
        with self._db.session() as s:
            e = s.get(Enterprise, enterprise_id)
            if e is None:
                raise NotFound(Message(f"找不到企业 {enterprise_id}", f"No enterprise {enterprise_id}"))
            final = (Visit.enterprise_id == e.id, Visit.state == VisitState.FINAL.value)
            visits = s.scalar(select(func.count()).select_from(Visit).where(*final)) or 0
            last = s.scalar(select(func.max(Visit.visit_date)).where(*final))
            open_issues = s.scalar(select(func.count()).select_from(Issue).where(
                Issue.enterprise_id == e.id,
                Issue.status.in_(OPEN))) or 0
            form = EnterpriseForm(e.name, e.credit_code, e.township, e.address, e.industry, e.above_size,
                                  e.contact_person, e.contact_phone, e.notes)
            return EnterpriseDetail(e.id, form, e.created_at.isoformat(" ", "minutes"),
                                    e.updated_at.isoformat(" ", "minutes"), int(visits), int(open_issues),
                                    last.isoformat() if last else None)

    def townships(self) -> list[str]:
        with self._db.session() as s:
            return [t for t in s.scalars(select(Enterprise.township).where(Enterprise.voided_at.is_(None))
                                         .distinct().order_by(Enterprise.township)) if t]

    def industries(self) -> list[str]:
        with self._db.session() as s:
            return [t for t in s.scalars(select(Enterprise.industry).where(Enterprise.voided_at.is_(None))
                                         .distinct().order_by(Enterprise.industry)) if t]

    # ---- writing -------------------------------------------------------------------------
    def _check_unique_code(self, s, code: str, own_id: str | None) -> None:
        other = s.scalar(select(Enterprise.id).where(Enterprise.credit_code == code))
        if other is not None and other != own_id:
            name = s.scalar(select(Enterprise.name).where(Enterprise.id == other))
            raise ValidationError([FieldProblem("credit_code", Message(
                f"该统一社会信用代码已登记为“{name}”。", f"This credit code is already registered for '{name}'."))])

    def add(self, form: EnterpriseForm) -> str:
        f = validate_enterprise(form)
        try:
            with self._db.session() as s:
                self._check_unique_code(s, f.credit_code, None)
                ent = Enterprise(created_by=self._device, updated_by=self._device)
                apply_form(ent, f)
                s.add(ent)
                s.flush()
                return ent.id
        except IntegrityError as exc:  # a race with another writer; same message as above
            raise ValidationError([FieldProblem("credit_code", Message(
                "该统一社会信用代码已被登记。", "This credit code is already registered."))]) from exc

    def update(self, enterprise_id: str, form: EnterpriseForm) -> None:
        f = validate_enterprise(form)
        with self._db.session() as s:
            ent = s.get(Enterprise, enterprise_id)
            if ent is None:
                raise NotFound(Message(f"找不到企业 {enterprise_id}", f"No enterprise {enterprise_id}"))
            self._check_unique_code(s, f.credit_code, enterprise_id)
            apply_form(ent, f)
            ent.updated_by = self._device

    # ---- suggestions for pickers (added for the visit editor's enterprise picker) ------------------
    def void(self, enterprise_id: str, reason: str) -> None:
        """作废: an enterprise entered by mistake (a duplicate, a typo'd name) leaves the directory, the
        pickers and the figures; the record stays, with when and why, and the change syncs."""
        if not reason.strip():
            raise ValidationError([FieldProblem("reason", Message("请说明作废原因。", "Say why the enterprise is voided."))])
        with self._db.session() as s:
            e = s.get(Enterprise, enterprise_id)
            if e is None:
                raise NotFound(Message(f"找不到企业 {enterprise_id}", f"No enterprise {enterprise_id}"))
            if e.voided_at is not None:
                raise ValidationError([FieldProblem("reason", Message("这家企业已经作废。", "This enterprise is already voided."))])
            e.voided_at, e.void_reason, e.updated_by = utcnow(), reason.strip(), self._device

    def suggest(self, text: str, limit: int = 20) -> list[EnterpriseRow]:
        """What a picker offers for `text`: the directory's own matches (name, pinyin, initials as a
        substring) first, then, for a query of letters, names whose initials contain the letters in
        order with gaps ("hdwl" finds 宏达东物流: h-d-(d)-w-l), tightest first."""
        rows = self.page(EnterpriseQuery(text=text), 0, limit)
        term = text.strip().lower()
        if len(rows) >= limit or len(term) < 2 or not (term.isascii() and term.isalpha()):
            return rows
        seen = {r.id for r in rows}
        # a loose prefilter in SQL (the letters in order anywhere in the search text), checked exactly here
        stmt = (select(Enterprise.id, Enterprise.name).where(Enterprise.search_text.like("%" + "%".join(term) + "%"),
                                                             Enterprise.voided_at.is_(None))
                .order_by(Enterprise.sort_key, Enterprise.id).limit(SUGGEST_CANDIDATES))
        with self._db.session() as s:
            candidates = [(eid, name) for eid, name in s.execute(stmt) if eid not in seen]
        scored = []
        for order, (eid, name) in enumerate(candidates):
            span = initials_span(term, pinyin.initials(name))
            if span is not None:
                scored.append((span, order, eid))
        scored.sort()
        return rows + self.rows([eid for _, _, eid in scored[:limit - len(rows)]])


SUGGEST_CANDIDATES = 2000


def initials_span(term: str, initials: str) -> int | None:
    """Length of the shortest stretch of `initials` holding the letters of `term` in order, or None."""
    best: int | None = None
    for start, ch in enumerate(initials):
        if ch != term[0]:
            continue
        pos = start
        for letter in term[1:]:
            pos = initials.find(letter, pos + 1)
            if pos < 0:
                return best  # no later start can match either
        span = pos - start + 1
        best = span if best is None else min(best, span)
    return best
