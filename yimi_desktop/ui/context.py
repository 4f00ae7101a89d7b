"""What every page is given: the services of the open database, the operations runner, the language."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from ..services.context import Services, ServicesFactory
from .i18n import Language
from .operations import Operations, user_message


@dataclass
class UiContext:
    services: Services
    tasks: Operations  # read/write operations off the GUI thread (ui/operations.py)
    language: Language
    settings: QSettings
    demo: bool = False
    factory: ServicesFactory = ServicesFactory()  # how a database is opened or enrolled (the composition root's)

    @property
    def lang(self) -> str:
        return self.language.code

    def message(self, exc: Exception) -> str:
        """A user-facing sentence for an error; never a traceback."""
        return user_message(exc, self.lang)
