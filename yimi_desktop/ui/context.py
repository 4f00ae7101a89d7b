"""What every page is given: the services of the open database, the operations runner, the language.

A light start (ui/application.py) makes the context before the services exist: it knows the database's
path and this installation (read with sqlite3, storage/first_screen.py) and paints the first page from
that; `attach(services)` hands the services over after the first paint. `ready` says which it is;
`services` is only for a page that has them (a page built light waits for `Page.attach_services`).
Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings

from ..domain.vocabulary import DeviceRole
from .i18n import Language
from .operations import Operations, user_message

if TYPE_CHECKING:
    from ..services.context import Services, ServicesFactory
    from ..storage.first_screen import ReadAhead


class Device(Protocol):
    """What the window shows of this installation (services.device.DeviceInfo, storage.first_screen.FirstDevice)."""

    @property
    def device_id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def role(self) -> DeviceRole: ...


class UiContext:
    def __init__(self, services: Services | None, tasks: Operations, language: Language, settings: QSettings,
                 demo: bool = False, factory: ServicesFactory | None = None, *, device: Device | None = None,
                 db_path: Path | None = None, read_ahead: dict[object, ReadAhead] | None = None):
        if services is None and (device is None or db_path is None):
            raise ValueError("a context without services needs the device and the database path")
        self._services = services
        self.tasks = tasks  # read/write operations off the GUI thread (ui/operations.py)
        self.language = language
        self.settings = settings
        self.demo = demo
        self._factory = factory  # how a database is opened or enrolled (the composition root's)
        self._device = device
        self._db_path = db_path
        # reads a light start began before the window was built, by what they read (taken once: take_read_ahead)
        self._read_ahead = read_ahead if read_ahead is not None else {}

    @property
    def ready(self) -> bool:
        """True once the services are here (at once, or after a light start's first paint)."""
        return self._services is not None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the services are not attached yet (a light start before its first paint)")
        return self._services

    def attach(self, services: Services) -> None:
        self._services = services

    def take_read_ahead(self, key: object) -> ReadAhead | None:
        """The read begun ahead for `key` (e.g. the directory's first screen), once; None if there is none."""
        return self._read_ahead.pop(key, None)

    @property
    def device(self) -> Device:
        return self._services.device if self._services is not None else self._device  # type: ignore[return-value]

    @property
    def db_path(self) -> Path:
        return self._services.db.path if self._services is not None else self._db_path  # type: ignore[return-value]

    @property
    def factory(self) -> ServicesFactory:
        if self._factory is None:
            from ..services.context import ServicesFactory

            self._factory = ServicesFactory()
        return self._factory

    @property
    def lang(self) -> str:
        return self.language.code

    def message(self, exc: Exception) -> str:
        """A user-facing sentence for an error; never a traceback."""
        return user_message(exc, self.lang)
