"""This installation: its device id, name and role (laptop or hub)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..domain.errors import DomainError, Message
from ..domain.vocabulary import DeviceRole
from ..storage.database import Database
from ..storage.models import LocalDevice, SyncClock, new_id


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    role: DeviceRole
    officer_id: str | None = None  # who uses this laptop ("my issues"); chosen in the GUI
    identity_id: str = ""  # signs and receives packages; survives a copied file (device_id does not)
    enrolled: bool = False  # a laptop the hub has enrolled (a hub is always its own authority)
    hub_identity_id: str | None = None

    @property
    def identity(self) -> str:
        return self.identity_id or self.device_id


class DeviceService:
    def __init__(self, db: Database):
        self._db = db

    def setup(self, name: str, role: DeviceRole) -> DeviceInfo:
        name = name.strip()
        if not name:
            raise DomainError(Message("请填写本设备的名称。", "Give this device a name."))
        with self._db.session() as s:
            if s.scalar(select(LocalDevice)) is not None:
                raise DomainError(Message("本数据库已经初始化过。", "This database is already set up."))
            device_id = new_id()
            dev = LocalDevice(device_id=device_id, name=name, role=role.value, identity_id=device_id,
                              install_fingerprint=install_fingerprint(self._db.path))
            s.add(dev)
            s.add(SyncClock(device_id=dev.device_id, next_seq=1, hlc=""))
        return _info(dev)

    def info(self) -> DeviceInfo | None:
        with self._db.session() as s:
            dev = s.scalar(select(LocalDevice))
            return _info(dev) if dev else None

    def set_officer(self, officer_id: str | None) -> DeviceInfo:
        with self._db.session() as s:
            dev = s.scalar(select(LocalDevice))
            if dev is None:
                raise DomainError(Message("本数据库尚未初始化。", "This database is not set up yet."))
            dev.officer_id = officer_id
        return self.require()

    def require(self) -> DeviceInfo:
        info = self.info()
        if info is None:
            raise DomainError(Message("本数据库尚未初始化,请先运行 yimi init。",
                                      "This database is not set up yet; run yimi init first."))
        return info

    def ensure_own_identity(self) -> bool:
        """Take a new device id if this file was copied from elsewhere (before any change is recorded).

        Two installations sharing a device id would reuse each other's sequence numbers. The
        fingerprint is the machine id, the file's absolute path and its inode; when it no longer
        matches, this is a copy (or a restore) and becomes a new device. Returns True if so.
        """
        fp = install_fingerprint(self._db.path)
        with self._db.session() as s:
            dev = s.scalar(select(LocalDevice))
            if dev is None:
                return False
            clock = s.get(SyncClock, dev.device_id)
            if dev.install_fingerprint is None:
                dev.install_fingerprint = fp
                return False
            if dev.install_fingerprint == fp:
                return False
            new = new_id()
            s.add(SyncClock(device_id=new, next_seq=1, hlc=clock.hlc if clock else ""))
            if clock is not None:
                s.delete(clock)  # the original device's sequence belongs to the original file
            dev.device_id = new
            dev.install_fingerprint = fp
            return True


def _info(dev: LocalDevice) -> DeviceInfo:
    return DeviceInfo(dev.device_id, dev.name, DeviceRole(dev.role), dev.officer_id, dev.identity_id or dev.device_id,
                      dev.enrolled_at is not None, dev.hub_identity_id)


def _machine_id() -> str:
    for p in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            return Path(p).read_text().strip()
        except OSError:
            continue
    return platform.node()


def install_fingerprint(path: Path) -> str:
    path = Path(path).resolve()
    try:
        inode = os.stat(path).st_ino
    except OSError:
        inode = 0
    return f"{_machine_id()}|{inode}|{path}"[:200]
