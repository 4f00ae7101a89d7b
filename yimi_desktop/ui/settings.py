"""Typed settings over QSettings (in the spirit of Picard's typed options): each setting is one
declared key with its type and default, read and written through a property, instead of raw
string keys spread over modules. The store is the QSettings the composition root made
(``ctx.settings``): ``Settings(ctx.settings).get(SYNC_FOLDER)``."""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


class Key(NamedTuple, Generic[T]):
    """A declared setting (a NamedTuple: a frozen dataclass cost the first window ~1 ms to make)."""

    name: str
    default: T


LANGUAGE = Key("ui/language", "zh")
WINDOW_GEOMETRY = Key("window/geometry", QByteArray())
SYNC_FOLDER = Key("sync/last_folder", "")
REPORT_DIR = Key("reports/last_folder", "")
LAST_TEAM = Key("visits/last_team", "")


class Settings:
    """The application's settings, typed. Unknown or wrongly typed stored values read as the default."""

    def __init__(self, store: QSettings):
        self.store = store

    def get(self, key: Key[T]) -> T:
        value = self.store.value(key.name, key.default)
        if isinstance(key.default, str):
            return value if isinstance(value, str) else key.default  # type: ignore[return-value]
        if isinstance(key.default, QByteArray):
            return value if isinstance(value, QByteArray) else QByteArray()  # type: ignore[return-value]
        return value  # type: ignore[return-value]

    def set(self, key: Key[T], value: T) -> None:
        self.store.setValue(key.name, value)

    @property
    def window_geometry(self) -> QByteArray:
        return self.get(WINDOW_GEOMETRY)

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.set(WINDOW_GEOMETRY, value)

