"""Gathers plain data for the PDF reports and hands it to yimi_desktop.reports."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from ..domain.errors import DomainError, Message
from ..domain.periods import check_period
from ..domain.vocabulary import COUNTY_NAME, OPEN, IssuerLevel, IssueStatus, PolicyCategory
from typing import TYPE_CHECKING

from ..reports import proof
from ..reports.data import CountRow, DossierData, IssueLine, LedgerData, SummaryData, VisitRecordData
from ..reports.labels import word
from ..storage.database import Database
from ..storage.models import (
    BriefingIssue, EnrolledDevice, Enterprise, HubKey, Issue, IssueCategory, LocalDevice, Officer, Policy, Team, Visit,
)
from ..sync import keys as keylib
from ..sync import roster
from . import briefings
from .enterprises import EnterpriseService
from .issues import IssueQuery, IssueRow, IssueService
from .trust import Trust
from .visits import VisitQuery, VisitService

if TYPE_CHECKING:  # the PDF modules (reportlab) are imported when a document is made, not at start-up
    from ..reports.base import Progress
    from ..reports.booklet import BookletData, NoticeData, PolicyEntry

@dataclass(frozen=True)
class PaperCheck:
    """What a scanned visit record's QR code says (verdict: genuine / changed / foreign / missing / unreadable /
    unknown: a laptop that does not know the signing key, which may be another laptop's)."""

    verdict: str
    record_no: str
    printed_on: date | None
    changed: list[str]
    zh: str
    en: str

    @property
    def ok(self) -> bool:
        return self.verdict == "genuine"

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


QUALIFIES = {"yes": ("符合", "Qualifies"), "no": ("不符合", "Does not qualify"), "unknown": ("待核实", "To check")}


def _line(seq: int, r: IssueRow, lang: str) -> IssueLine:
    team, status, d = r.team, r.status.label(lang), r.duty
    if d is not None:  # 督办: 主办 and 协办, the extension, escalation and 销号 in the cells a county reads them in
        sep = ": " if lang == "en" else "："  # full-width in Chinese, as every label of the forms
        if d.co_teams:
            team = f"{word('lead', lang)}{sep}{r.team}\n{word('co', lang)}{sep}{'、'.join(d.co_teams)}"
        marks = [word("extended", lang)] if d.extended else []
        if d.extension_to:
            marks.append(f"{word('extension_asked', lang)} {d.extension_to.isoformat()}")
        if d.escalated_on:
            marks.append(word("escalated", lang))
        if d.closed_on:
            marks.append(f"{word('closed_off', lang)} {d.closed_on.isoformat()}")
        status = "\n".join([status, *marks])
    return IssueLine(seq, r.enterprise, r.township, r.category, r.title, r.description, r.raised_on, team,
                     r.deadline, status, r.result, r.satisfaction.label(lang) if r.satisfaction else "",
                     r.overdue)


class ReportService:
    def __init__(self, db: Database, enterprises: EnterpriseService, visits: VisitService, issues: IssueService,
                 trust: Trust | None = None):
        self._trust = trust  # signs what a visit record prints (its QR code); None: the unsigned 核验码
        self._db = db
        self._enterprises = enterprises
        self._visits = visits
        self._issues = issues

    # ---- file names ------------------------------------------------------------------------------
    def default_name(self, kind: str, subject: str = "", day: date | None = None, lang: str = "zh") -> str:
        from ..reports.base import safe_filename

        return safe_filename(word(kind, lang), subject, (day or date.today()).isoformat())

    # ---- 走访记录表 ---------------------------------------------------------------------------------
    def visit_record_data(self, visit_id: str, lang: str = "zh") -> VisitRecordData:
        d = self._visits.get(visit_id)
        e = self._enterprises.get(d.row.enterprise_id)
        issues = self._issues.rows(d.issue_ids)
        time_range = ""
        if d.start_time:
            time_range = f"{d.start_time:%H:%M}" + (f"–{d.end_time:%H:%M}" if d.end_time else "")
        photos = [str(self._visits.files.path_of(p)) for _sha, _n, mime, _s, p in d.attachments
                  if p and mime.startswith("image/") and self._visits.files.path_of(p).exists()]
        follow = d.follow_up_date.isoformat() if d.follow_up_date else ""
        pick = 1 if lang == "en" else 0
        with self._db.session() as s:  # the officers' unit and phone for the form
            units = {o.id: (o.department, o.phone) for o in
                     s.scalars(select(Officer).where(Officer.id.in_([i for i, _ in d.officers])))}
        return VisitRecordData(
            visit_id=visit_id, record_no=d.row.record_no, county=COUNTY_NAME, team=d.row.team,
            enterprise=e.form.name, credit_code=e.form.credit_code, township=e.form.township,
            contact=" ".join(x for x in (e.form.contact_person, e.form.contact_phone) if x),
            visit_date=d.row.visit_date, time_range=time_range, place=d.place, visit_type=d.row.visit_type.label(lang),
            officers=[n for _, n in d.officers], attendees=d.attendees,
            policies=[(t, QUALIFIES.get(q, (q, q))[pick], n) for _, t, q, n in d.policies], notes=d.notes,
            issues=[_line(i, r, lang) for i, r in enumerate(issues, start=1)], follow_up=follow, photos=photos,
            generated_at=datetime.now(),
            officer_rows=[(n, *units.get(i, ("", ""))) for i, n in d.officers])

    def visit_record(self, visit_id: str, dest: Path, lang: str = "zh") -> Path:
        from ..reports import documents

        data = self.visit_record_data(visit_id, lang)
        if self._trust is not None:  # the QR proves the paper: signed with the key that signs packages
            keys = self._trust.keys()
            data = replace(data, proof=proof.make_code(data, keys.signing_public, keys.sign, date.today()))
        return documents.visit_record(data, dest, lang)

    # ---- 核验纸质记录 -------------------------------------------------------------------------------
    def verify_paper(self, text: str, lang: str = "zh") -> PaperCheck:
        """What a scanned QR code of a 走访记录表 says: genuine and unchanged / genuine but changed since
        printing (which parts) / not issued by this county (no key of the county signed it)."""
        scanned = proof.parse(text)
        if scanned is None:
            return PaperCheck("unreadable", "", None, [], "不是本系统打印的走访记录二维码（读不出编号和核验码）。",
                              "Not the QR code of a visit record printed by this system (no number and check code).")
        signer = self._signer(scanned.key_id)
        if signer is None:
            with self._db.session() as s:
                at_hub = briefings.is_hub(s)
            if not at_hub:  # a laptop knows only its own key and the hub's: another laptop's paper is not forged
                return PaperCheck("unknown", scanned.record_no, scanned.printed_on, [],
                                  f"本机无法核验 {scanned.record_no}：签名的密钥不是本机、县级中心或本机设备名册中任何笔记本的。"
                                  "若是新近注册的笔记本打印的，请与县级中心同步后再核验，或到县级中心核验；否则不是本县签发的。",
                                  f"This laptop cannot check {scanned.record_no}: the key that signed it is neither its "
                                  "own, the hub's, nor that of any laptop on its device roster. If a newly enrolled "
                                  "laptop printed it, sync with the hub and check again, or check it at the hub; "
                                  "otherwise it was not issued by this county.")
        if signer is None or not keylib.verify(signer[0], scanned.signature,
                                               proof.signed_bytes(scanned.record_no, scanned.head)):
            return PaperCheck("foreign", scanned.record_no, scanned.printed_on, [],
                              f"不是本县签发的记录：{scanned.record_no} 的签名无法用本县任何设备的密钥核对，纸面可能是伪造的。",
                              f"Not issued by this county: no device key of the county signed {scanned.record_no}.")
        if signer[2]:
            return PaperCheck("foreign", scanned.record_no, scanned.printed_on, [],
                              f"签名来自{signer[1]}的密钥，不能证明纸面真实：请以库中记录为准。",
                              f"Signed with the key of a revoked laptop ({signer[1]}): it proves nothing.")
        with self._db.session() as s:
            visit_id = s.scalar(select(Visit.id).where(Visit.record_no == scanned.record_no))
        if visit_id is None:
            return PaperCheck("missing", scanned.record_no, scanned.printed_on, [],
                              f"签名真实（{signer[1]}于 {scanned.printed_on} 打印），但本库中没有编号 {scanned.record_no}"
                              "的记录（可能尚未同步）。",
                              f"Genuine ({signer[1]}, printed {scanned.printed_on}) but {scanned.record_no} is not in "
                              "this database (not synced yet?).")
        now = self.visit_record_data(visit_id, lang)
        whole, _each = proof.digests(now)
        if whole == scanned.whole:
            return PaperCheck("genuine", scanned.record_no, scanned.printed_on, [],
                              f"真实且未改动：编号 {scanned.record_no}，{signer[1]}于 {scanned.printed_on} 打印，与库中记录一致。",
                              f"Genuine and unchanged: {scanned.record_no}, printed {scanned.printed_on} by "
                              f"{signer[1]}, matches the database.")
        parts = proof.changed_sections(scanned, now, lang) or ["—"]
        return PaperCheck("changed", scanned.record_no, scanned.printed_on, parts,
                          f"签名真实，但记录在打印（{scanned.printed_on}）后已修改：{'、'.join(parts)}。请以库中现行记录为准。",
                          f"Genuine, but the record changed after printing ({scanned.printed_on}): {', '.join(parts)}.")

    def _signer(self, kid: bytes) -> tuple[str, str, bool] | None:
        """(signing public key, whose, revoked) of a key of this county with that key id: this device, the hub
        (and its earlier keys), the laptops the hub enrolled (at the hub its registry; anywhere the hub-signed
        roster, sync.roster)."""
        if self._trust is None:
            return None
        mine = self._trust.keys().signing_public
        known = [(mine, "本机", False)]
        with self._db.session() as s:
            known += [(k, "县级中心", False) for k in s.scalars(select(HubKey.signing_public))]
            for k, n, revoked in s.execute(select(EnrolledDevice.signing_public, EnrolledDevice.name,
                                                  EnrolledDevice.revoked_at)):
                # a lost laptop's key proves nothing after its revocation: it may be in other hands
                known.append((k, f"笔记本“{n}”" + (f"（已于 {revoked:%Y-%m-%d} 吊销）" if revoked else ""),
                              revoked is not None))
            # the hub-signed roster (sync.roster): how a laptop knows the other laptops' keys; the hub's own
            # registry above comes first there
            for r in roster.verified(s.connection()).values():
                known.append((r.signing_public, f"笔记本“{r.name}”" + (
                    f"（已于 {r.revoked_at:%Y-%m-%d} 吊销）" if r.revoked_at else ""), r.revoked_at is not None))
        for key, who, revoked in known:
            if proof.key_id(key) == kid:
                return key, who, revoked
        return None

    # ---- 问题台账 -----------------------------------------------------------------------------------
    def ledger_data(self, q: IssueQuery, filter_text: str = "", lang: str = "zh", sort: str = "raised_on") -> LedgerData:
        ids = self._issues.ids(q, sort=sort, descending=sort == "raised_on")
        lines: list[IssueLine] = []
        for start in range(0, len(ids), 500):  # rows in chunks, so 100,000 issues never sit in one query
            for r in self._issues.rows(ids[start:start + 500], q.today):
                lines.append(_line(len(lines) + 1, r, lang))
        title = f"{COUNTY_NAME}{word('ledger', lang)}" if lang != "en" else f"{word('ledger', lang)} — Weishi County"
        unit = f"{COUNTY_NAME}一米团办公室" if lang != "en" else "One-Meter Team office, Weishi County"
        return LedgerData(title, filter_text or word("all", lang), datetime.now(), lines, unit)

    def ledger(self, q: IssueQuery, dest: Path, filter_text: str = "", lang: str = "zh",
               progress: Progress | None = None) -> Path:
        """progress(done, total) -> False cancels (reports.base.Cancelled is raised, nothing is written)."""
        from ..reports import documents

        return documents.ledger(self.ledger_data(q, filter_text, lang), dest, lang, progress)

    # ---- 工作简报 -----------------------------------------------------------------------------------
    def summary_data(self, start: date, end: date, team_id: str | None = None, lang: str = "zh") -> SummaryData:
        check_period(start, end)
        with self._db.session() as s:
            team_name = s.scalar(select(Team.name).where(Team.id == team_id)) if team_id else None
            if team_id and team_name is None:
                raise DomainError(Message(f"找不到团队 {team_id}", f"No team {team_id}"))
            vq = select(Visit.id, Visit.enterprise_id).where(Visit.visit_date >= start, Visit.visit_date <= end,
                                                             Visit.state == "final")
            if team_id:
                vq = vq.where(Visit.team_id == team_id)
            visits = s.execute(vq).all()
            covered = {e for _, e in visits}
            above = set(s.scalars(select(Enterprise.id).where(Enterprise.above_size.is_(True))))
            cats = dict(s.execute(select(IssueCategory.id, IssueCategory.name if lang != "en" else IssueCategory.name_en)).all())
            teams = dict(s.execute(select(Team.id, Team.name)).all())
            iq = (select(Issue.status, Issue.category_id, Issue.team_id, Enterprise.township, Issue.raised_on,
                         Issue.resolved_on, Issue.deadline, Issue.amount, Issue.satisfaction)
                  .join(Enterprise, Enterprise.id == Issue.enterprise_id)
                  .where(Issue.raised_on >= start, Issue.raised_on <= end))
            if team_id:
                iq = iq.where(Issue.team_id == team_id)
            issues = s.execute(iq).all()
        done = (IssueStatus.RESOLVED.value, IssueStatus.FOLLOWED_UP.value)
        closed = [i for i in issues if i.status in done]
        resolved = [i for i in closed if i.resolved_on]
        on_time = [i for i in resolved if i.deadline and i.resolved_on <= i.deadline]
        with_deadline = [i for i in resolved if i.deadline]
        days = [(i.resolved_on - i.raised_on).days for i in resolved]
        rated = [i for i in issues if i.satisfaction]
        happy = [i for i in rated if i.satisfaction in ("satisfied", "mostly")]

        def group(key) -> list[CountRow]:
            raised, res, open_ = Counter(), Counter(), Counter()
            for i in issues:
                k = key(i) or "—"
                raised[k] += 1
                res[k] += i.status in done
                open_[k] += i.status in OPEN
            return [CountRow(k, raised[k], res[k], open_[k]) for k in sorted(raised, key=lambda k: (-raised[k], k))]

        months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for i in issues:
            months[i.raised_on.strftime("%Y-%m")][0] += 1
            if i.status in done and i.resolved_on:
                months[i.resolved_on.strftime("%Y-%m")][1] += 1
        by_status = Counter(i.status for i in issues)
        title = f"{COUNTY_NAME}一米团{word('summary', lang)}" if lang != "en" else "One-Meter Teams work summary"
        return SummaryData(
            title=title, period_from=start, period_to=end, team=team_name or word("all_teams", lang),
            generated_at=datetime.now(), visits=len(visits), enterprises_covered=len(covered),
            above_size_covered=len(covered & above), above_size_total=len(above), issues_raised=len(issues),
            issues_resolved=len(closed), resolution_rate=len(closed) / len(issues) if issues else None,
            on_time_rate=len(on_time) / len(with_deadline) if with_deadline else None,
            median_days_to_resolve=statistics.median(days) if days else None,
            satisfaction_rate=len(happy) / len(rated) if rated else None,
            money_yuan=sum(i.amount or 0 for i in resolved),
            by_team=group(lambda i: teams.get(i.team_id)), by_category=group(lambda i: cats.get(i.category_id)),
            by_township=group(lambda i: i.township),
            by_status={IssueStatus(k).label(lang): v for k, v in sorted(by_status.items(), key=lambda kv: list(IssueStatus).index(IssueStatus(kv[0])))},
            by_month=[(m, r, d) for m, (r, d) in sorted(months.items()) if m <= end.strftime("%Y-%m")],
            issues_open=sum(1 for i in issues if i.status in OPEN),
            issues_cannot=sum(1 for i in issues if i.status == IssueStatus.CANNOT_RESOLVE.value),
            unit=f"{COUNTY_NAME}一米团办公室" if lang != "en" else "One-Meter Team office, Weishi County",
        )

    def summary(self, start: date, end: date, dest: Path, team_id: str | None = None, lang: str = "zh",
                number: int | None = None, draft: bool = False, today: date | None = None,
                progress: Progress | None = None) -> Path:
        return self.briefing(start, end, dest, team_id, lang, number, draft, today, progress)[0]

    def briefing_plan(self, start: date, end: date, team_id: str | None = None,
                      today: date | None = None) -> briefings.BriefingPlan:
        """The 期号 the 简报 of this period would carry (the dialog shows it and may change it)."""
        check_period(start, end)
        with self._db.session() as s:
            return briefings.plan(s, start, end, team_id, today or date.today())

    def briefing(self, start: date, end: date, dest: Path, team_id: str | None = None, lang: str = "zh",
                 number: int | None = None, draft: bool = False, today: date | None = None,
                 progress: Progress | None = None) -> tuple[Path, briefings.Issued]:
        """The 工作简报 with its 期号: at the hub the period's number (the next of the year, the one it was issued
        with before, or `number` typed by the clerk), taken in the transaction that writes the PDF, so a build
        that fails takes none; a draft (试印) and a laptop print it blank and record nothing. progress(done, total)
        answering False (the busy dialog's 取消) before the number is committed takes none either."""
        from ..reports import documents
        from ..reports.base import Cancelled

        from ..reports.data import summary_from_json, summary_to_json

        today = today or date.today()
        kept = None
        if not draft:
            with self._db.session() as s:
                kept = briefings.kept_figures(s, start, end, team_id, lang)
        # a reprint prints the figures its 期号 was issued with; a first print (or a draft) counts them now
        data = summary_from_json(kept) if kept is not None else self.summary_data(start, end, team_id, lang)
        with self._db.session() as s:
            if draft:
                if number is not None:
                    raise DomainError(Message("试印不编期号：请去掉期号或取消试印。",
                                              "A draft carries no issue number."))
                issued = briefings.Issued(today.year, None, today)
            else:
                made_by = s.scalar(select(LocalDevice.name)) or ""
                issued = briefings.issue(s, start, end, team_id, data.team, today, number, made_by)
                if issued.number is not None and kept is None:
                    briefings.keep_figures(s, start, end, team_id, lang, summary_to_json(data))
            data = replace(data, issue_no=str(issued.number or ""), issued_on=issued.issued_on,
                           draft=draft)
            path = documents.summary(data, dest, lang)
            if progress is not None and not progress(1, 1):
                path.unlink(missing_ok=True)
                raise Cancelled()
        return path, issued

    def withdraw_briefing(self, start: date, end: date, team_id: str | None = None) -> briefings.Issued:
        """At the hub: take back the 期号 of a period printed by mistake (only the latest of its year)."""
        check_period(start, end)
        with self._db.session() as s:
            return briefings.withdraw(s, start, end, team_id)

    def briefing_register(self, year: int | None = None) -> list[BriefingIssue]:
        with self._db.session() as s:
            return briefings.issued(s, year)

    # ---- 企业档案 -----------------------------------------------------------------------------------
    def dossier_data(self, enterprise_id: str, lang: str = "zh") -> DossierData:
        e = self._enterprises.get(enterprise_id)
        f = e.form
        yes, no = ("是", "否") if lang != "en" else ("Yes", "No")
        fields = [(word("enterprise", lang), f.name), (word("credit_code", lang), f.credit_code),
                  (word("township", lang), f.township), ("地址" if lang != "en" else "Address", f.address),
                  ("行业" if lang != "en" else "Industry", f.industry),
                  ("规上企业" if lang != "en" else "Above-size", yes if f.above_size else no),
                  (word("contact", lang), " ".join(x for x in (f.contact_person, f.contact_phone) if x)),
                  ("备注" if lang != "en" else "Notes", f.notes or "—")]
        visits = [(v.visit_date.isoformat(), v.visit_type.label(lang), v.team, v.officers)
                  for v in self._visits.list(VisitQuery(enterprise_id=enterprise_id))]
        rows = self._issues.rows(self._issues.ids(IssueQuery(enterprise_id=enterprise_id)))
        return DossierData(f.name, fields, visits, [_line(i, r, lang) for i, r in enumerate(rows, start=1)],
                           datetime.now(), COUNTY_NAME)

    def dossier(self, enterprise_id: str, dest: Path, lang: str = "zh") -> Path:
        from ..reports import documents

        return documents.dossier(self.dossier_data(enterprise_id, lang), dest, lang)

    # ---- 惠企政策汇编 and 政策告知单 ------------------------------------------------------------------
    def _policy_entries(self, on: date, category: str | None, lang: str) -> list[tuple[Policy, PolicyEntry]]:
        from ..reports.booklet import PolicyEntry

        from ..domain.policy_match import POLICY_TEAM
        from .seed import seeded_id

        with self._db.session() as s:
            teams = {t.id: (t.name, t.lead_department) for t in s.scalars(select(Team))}
            stmt = select(Policy).where((Policy.valid_from.is_(None)) | (Policy.valid_from <= on),
                                        (Policy.valid_to.is_(None)) | (Policy.valid_to >= on))
            if category:
                stmt = stmt.where(Policy.category == category)
            policies = list(s.scalars(stmt.order_by(Policy.sort_key, Policy.id)))
            s.expunge_all()
        out = []
        for p in policies:
            cat = PolicyCategory(p.category)
            team, dept = teams.get(seeded_id("team", POLICY_TEAM.get(cat, "county")), ("", ""))
            out.append((p, PolicyEntry(p.title, cat.label(lang), p.document_number,
                                       IssuerLevel(p.issuer_level).label(lang), p.issuer, p.valid_from, p.valid_to,
                                       p.summary, team, dept)))
        return out

    def booklet_data(self, on: date | None = None, category: str | None = None, lang: str = "zh") -> BookletData:
        """The policies valid on `on` (today by default), grouped by category in the vocabulary's order."""
        from ..reports.booklet import BookletData

        on = on or date.today()
        if category and category not in {c.value for c in PolicyCategory}:
            raise DomainError(Message(f"没有这个政策类别:{category}", f"No policy category '{category}'"))
        groups: dict[PolicyCategory, list[PolicyEntry]] = defaultdict(list)
        for p, e in self._policy_entries(on, category, lang):
            groups[PolicyCategory(p.category)].append(e)
        sections = [(c.label(lang), groups[c]) for c in PolicyCategory if groups.get(c)]
        title = "惠企政策汇编" if lang != "en" else "Business-support policies"
        if category and lang != "en":
            title = f"惠企政策汇编（{PolicyCategory(category).label(lang)}）"
        unit = f"{COUNTY_NAME}一米团办公室" if lang != "en" else "One-Meter Team office, Weishi County"
        return BookletData(title, on, unit, datetime.now(), sections)

    def booklet(self, dest: Path, on: date | None = None, category: str | None = None, size: str = "a4",
                lang: str = "zh") -> Path:
        from ..reports import booklet as booklet_pdf

        if size not in ("a4", "a5"):
            raise DomainError(Message(f"纸张只能是 A4 或 A5:{size}", f"Paper is A4 or A5: {size}"))
        return booklet_pdf.booklet(self.booklet_data(on, category, lang), dest, lang, size)

    def find_enterprise(self, code: str) -> str:
        """An enterprise's id from its id or its 统一社会信用代码 (what a clerk types)."""
        with self._db.session() as s:
            found = s.scalars(select(Enterprise.id).where((Enterprise.id == code) | (Enterprise.credit_code == code.upper()),
                                                          Enterprise.voided_at.is_(None))).all()
        if not found:
            raise DomainError(Message(f"找不到企业:{code}", f"No enterprise '{code}'"))
        return found[0]

    def notice_data(self, enterprise_id: str, on: date | None = None, lang: str = "zh") -> NoticeData:
        from ..reports.booklet import NoticeData

        from ..domain.policy_match import match, reason_en

        on = on or date.today()
        f = self._enterprises.get(enterprise_id).form
        chosen = []
        for p, e in self._policy_entries(on, None, lang):
            m = match(PolicyCategory(p.category), p.title, p.summary, f.industry, f.above_size, f.township)
            if m.applies:
                reason = reason_en(m.reason) if lang == "en" else m.reason
                chosen.append((list(PolicyCategory).index(PolicyCategory(p.category)), replace(e, reason=reason)))
        chosen.sort(key=lambda ce: ce[0])
        size = ("规上企业" if f.above_size else "规下企业") if lang != "en" else ("Above-size" if f.above_size else "Below-size")
        unit = f"{COUNTY_NAME}一米团办公室" if lang != "en" else "One-Meter Team office, Weishi County"
        return NoticeData("惠企政策告知单" if lang != "en" else "Policy notice", on, unit, f.name, f.credit_code,
                          f.township, f.industry, size, datetime.now(), [e for _, e in chosen])

    def notice(self, enterprise_id: str, dest: Path, on: date | None = None, lang: str = "zh") -> Path:
        from ..reports import booklet as booklet_pdf

        return booklet_pdf.notice(self.notice_data(enterprise_id, on, lang), dest, lang)
