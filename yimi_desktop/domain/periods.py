"""A period of dates chosen by a person (a report's 期间, a ledger filter's 提出日期/办结日期)."""

from __future__ import annotations

from datetime import date

from .errors import DomainError, Message


def check_period(start: date | None, end: date | None, what: Message | None = None) -> None:
    """Refuse an end before the start, with a sentence instead of an empty result. An open end
    (None) is no bound and always fits."""
    if start is not None and end is not None and end < start:
        if what is None:
            raise DomainError(Message("结束日期不能早于开始日期。", "The end date cannot be before the start date."))
        raise DomainError(Message(f"{what.zh}的结束日期不能早于开始日期。",
                                  f"The end of {what.en} cannot be before its start."))


def days_left_in_week(today: date) -> int:
    """Days from today through Sunday (本周到期: the dashboard's tile and the ledger's preset)."""
    return 6 - today.weekday()
