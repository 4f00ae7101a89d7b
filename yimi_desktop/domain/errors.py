"""Errors the domain raises, each with a message in Chinese and in English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class DomainError(Exception):
    """A refusal the user should read: carries a bilingual message, never a traceback."""

    def __init__(self, message: Message):
        super().__init__(message.zh)
        self.message = message

    def text(self, lang: str = "zh") -> str:
        return self.message.text(lang)


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: Message


class ValidationError(DomainError):
    """One or more fields of a form are wrong; `problems` says which and why."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        zh = ";".join(p.message.zh for p in problems)
        en = "; ".join(p.message.en for p in problems)
        super().__init__(Message(zh, en))

    def for_field(self, field: str) -> list[FieldProblem]:
        return [p for p in self.problems if p.field == field]


class NotFound(DomainError):
    pass
