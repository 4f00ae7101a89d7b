"""What every page is given: the services of the open database, the task runner, the language."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from ..domain.errors import DomainError
from ..services.context import Services
from .i18n import Language
from .tasks import TaskRunner


@dataclass
class UiContext:
    services: Services
    tasks: TaskRunner
    language: Language
    settings: QSettings
    demo: bool = False

    @property
    def lang(self) -> str:
        return self.language.code

    def message(self, exc: Exception) -> str:
        """A user-facing sentence for an error; never a traceback."""
        return user_message(exc, self.lang)


def user_message(exc: Exception, lang: str) -> str:
    """UiContext.message for the places that run before there is a context (the first-run dialog)."""
    if isinstance(exc, DomainError):
        return exc.text(lang)
    if lang == "en":
        return f"Unexpected error: {type(exc).__name__}: {exc}"
    return f"发生意外错误:{type(exc).__name__}:{exc}"
