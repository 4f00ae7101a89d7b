"""工作简报 期号 (第×期): the hub's register of the briefings it issued, numbered per hub and year.

Who numbers: the county office (the hub) is the 编发单位 of the 简报, so only the hub hands out 期号, from
its own register (storage.models.BriefingIssue, local and never replicated). One issuer means a number can
never be handed out twice by two devices working offline. A laptop prints the same report with the 期号
left blank to write by hand (a team's working copy), and records nothing.

The rules, all checked here:
* printing a period (and team) for the first time takes the next number of the year of issue (the masthead's
  date): the highest issued that year + 1; a new year starts again at 1;
* printing the same period and team again reuses its number, its date of issue and its figures (a reprint:
  every copy of one 期号 says the same; the figures are kept per language at the first print in it);
* the clerk may set the number by hand (a series started on paper, a correction), but never one another
  briefing of that year holds; a reprint may be renumbered to a free number;
* a draft (试印) prints without a number and records nothing;
* only the latest briefing of a year can be withdrawn (a period printed by mistake), so withdrawing never
  leaves a gap in the series.
The number is taken in the same transaction that writes the PDF (ReportService.briefing): a build that fails
takes no number. In the app that transaction runs on the single write worker (ui.operations, through
ui.report_actions.ReportSaver.save(writes=True)), like every other write, never on the read pool.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import DomainError, Message
from ..domain.vocabulary import DeviceRole
from ..storage.models import BriefingIssue, LocalDevice, utcnow

MAX_NUMBER = 9999


@dataclass(frozen=True)
class BriefingPlan:
    """What the 简报 dialog shows before printing a period."""

    numbered: bool          # False on a laptop: 期号 are issued at the hub
    year: int               # the year the number counts in
    number: int | None      # the period's issued number (a reprint) or the next one; None on a laptop
    issued_on: date | None  # a reprint: when the period was first issued
    next_number: int        # the next free number of the year

    @property
    def reprint(self) -> bool:
        return self.issued_on is not None

    def text(self, lang: str = "zh") -> str:
        if not self.numbered:
            return ("期号由县级中心编发：本机打印的简报不编期号（留空可手写）。" if lang != "en" else
                    "Issue numbers are given at the county hub: a laptop prints the briefing without one.")
        if self.reprint:
            return (f"本期已于 {self.issued_on} 编发为{self.year}年第{self.number}期，重印沿用原期号和编发时的数据。" if lang != "en"
                    else f"This period was issued on {self.issued_on} as No. {self.number} of {self.year}; "
                         "a reprint keeps its number and the figures it was issued with.")
        return (f"将编为{self.year}年第{self.number}期（本年下一期）。" if lang != "en" else
                f"Will be issued as No. {self.number} of {self.year} (the next of the year).")


@dataclass(frozen=True)
class Issued:
    """The 期号 a printed briefing carries (number None: printed without one)."""

    year: int
    number: int | None
    issued_on: date
    reprint: bool = False

    @property
    def label(self) -> str:
        return f"第{self.number}期" if self.number else ""


def is_hub(s: Session) -> bool:
    return s.scalar(select(LocalDevice.role)) == DeviceRole.HUB.value


def _scope(team_id: str | None) -> str:
    return team_id or ""


def _existing(s: Session, start: date, end: date, team_id: str | None) -> BriefingIssue | None:
    return s.scalar(select(BriefingIssue).where(BriefingIssue.period_from == start, BriefingIssue.period_to == end,
                                                BriefingIssue.scope == _scope(team_id)))


def _next(s: Session, year: int) -> int:
    return (s.scalar(select(func.max(BriefingIssue.number)).where(BriefingIssue.year == year)) or 0) + 1


def plan(s: Session, start: date, end: date, team_id: str | None, today: date) -> BriefingPlan:
    if not is_hub(s):
        return BriefingPlan(False, today.year, None, None, 0)
    found = _existing(s, start, end, team_id)
    if found is not None:
        return BriefingPlan(True, found.year, found.number, found.issued_on, _next(s, found.year))
    n = _next(s, today.year)
    return BriefingPlan(True, today.year, n, None, n)


def _check_number(number: int) -> None:
    if not 1 <= number <= MAX_NUMBER:
        raise DomainError(Message(f"期号应是 1 到 {MAX_NUMBER} 之间的整数：{number}",
                                  f"An issue number is a whole number from 1 to {MAX_NUMBER}: {number}"))


def _holder_text(b: BriefingIssue) -> tuple[str, str]:
    who = b.scope_name or "全县"
    return (f"{b.year}年第{b.number}期已用于 {b.period_from} 至 {b.period_to} 的简报（{who}，{b.issued_on} 编发）",
            f"No. {b.number} of {b.year} is already the briefing of {b.period_from} to {b.period_to} "
            f"({b.scope_name or 'whole county'}, issued {b.issued_on})")


def issue(s: Session, start: date, end: date, team_id: str | None, team_name: str, today: date,
          number: int | None = None, made_by: str = "") -> Issued:
    """Take (or reuse) the period's number, in the caller's transaction. `number`: set by hand."""
    if not is_hub(s):
        if number is not None:
            raise DomainError(Message("期号由县级中心编发：本机不能给简报编期号（打印后可手写）。",
                                      "Issue numbers are given at the county hub: a laptop cannot number a briefing."))
        return Issued(today.year, None, today)
    if number is not None:
        _check_number(number)
    found = _existing(s, start, end, team_id)
    year = found.year if found is not None else today.year
    if number is not None:
        holder = s.scalar(select(BriefingIssue).where(BriefingIssue.year == year, BriefingIssue.number == number))
        if holder is not None and holder is not found:
            zh, en = _holder_text(holder)
            raise DomainError(Message(f"{zh}，不能重复编号。", f"{en}; numbers never repeat."))
    if found is not None:
        found.prints += 1
        found.last_printed_at = utcnow()
        if number is not None and number != found.number:
            found.number, found.by_hand = number, True
        s.flush()
        return Issued(found.year, found.number, found.issued_on, reprint=True)
    following = _next(s, year)
    n = number if number is not None else following
    s.add(BriefingIssue(year=year, number=n, period_from=start, period_to=end, scope=_scope(team_id),
                        scope_name=team_name if team_id else "", issued_on=today, made_by=made_by,
                        by_hand=n != following))
    s.flush()
    return Issued(year, n, today)


def kept_figures(s: Session, start: date, end: date, team_id: str | None, lang: str) -> str | None:
    """The figures the period's issued briefing was first printed with in `lang` (summary_to_json), if any:
    a reprint prints them again, so every copy of one 期号 says the same."""
    found = _existing(s, start, end, team_id)
    if found is None or not found.figures:
        return None
    return json.loads(found.figures).get(lang)


def keep_figures(s: Session, start: date, end: date, team_id: str | None, lang: str, figures: str) -> None:
    """Record the figures of the period's issued briefing in `lang` (in the transaction that took its number),
    unless figures in that language are kept already."""
    found = _existing(s, start, end, team_id)
    if found is None:
        return
    kept = json.loads(found.figures) if found.figures else {}
    if lang not in kept:
        kept[lang] = figures
        found.figures = json.dumps(kept, ensure_ascii=False)
        s.flush()


def withdraw(s: Session, start: date, end: date, team_id: str | None) -> Issued:
    """Take back the number of a period printed by mistake: only the latest of its year (no gap is left)."""
    if not is_hub(s):
        raise DomainError(Message("期号由县级中心编发：本机没有可撤回的期号。", "Issue numbers are given at the county hub."))
    found = _existing(s, start, end, team_id)
    if found is None:
        raise DomainError(Message(f"{start} 至 {end} 的简报没有编发过期号。",
                                  f"No numbered briefing of {start} to {end} was issued."))
    last = _next(s, found.year) - 1
    if found.number != last:
        raise DomainError(Message(
            f"只能撤回本年最后一期（{found.year}年第{last}期）：撤回第{found.number}期会让期号中断。",
            f"Only the latest briefing of the year (No. {last} of {found.year}) can be withdrawn: "
            f"withdrawing No. {found.number} would leave a gap."))
    done = Issued(found.year, found.number, found.issued_on)
    s.delete(found)
    return done


def issued(s: Session, year: int | None = None) -> list[BriefingIssue]:
    """The register, newest first (all years, or one)."""
    q = select(BriefingIssue).order_by(BriefingIssue.year.desc(), BriefingIssue.number.desc())
    if year is not None:
        q = q.where(BriefingIssue.year == year)
    out = list(s.scalars(q))
    s.expunge_all()
    return out
