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
from ..sync.keys import HighWater
from ..sync.renewal import CLOCK, COPIED, RESTORED, Renewal, clock_ahead, renew


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    role: DeviceRole
    officer_id: str | None = None  # who uses this laptop ("my issues"); chosen in the GUI
    identity_id: str = ""  # signs and receives packages; survives a copied file (device_id does not)
    enrolled: bool = False  # a laptop the hub has enrolled (a hub is always its own authority)
    hub_identity_id: str | None = None
    enrolment_root: str | None = None  # a laptop: the device id it was enrolled on (see LocalDevice)

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

    def ensure_own_identity(self) -> Renewal | None:
        """Take a new device id, before any change is recorded, if this file is a copy, a restore or
        carries a clock far ahead of the device's wall clock (`Database.clock`); returns what happened
        (None: nothing to do).

        - Copied elsewhere: the fingerprint (machine id, absolute path, inode) no longer matches.
        - Restored in place (same path and inode): the high-water mark in the keys folder says this
          file issued more sequence numbers than the database now holds.
        - A clock once far ahead (a mistyped year, later fixed): every change stamped then would be
          refused by every peer; what no peer holds is re-issued with sane stamps.
        """
        fp = install_fingerprint(self._db.path)
        marks = HighWater(self._db.path)
        with self._db.session() as s:
            dev = s.scalar(select(LocalDevice))
            if dev is None:
                return None
            clock = s.get(SyncClock, dev.device_id)
            if dev.install_fingerprint is None:
                dev.install_fingerprint = fp
                return None
            if dev.install_fingerprint != fp:
                old, new = dev.device_id, new_id()
                s.add(SyncClock(device_id=new, next_seq=1, hlc=clock.hlc if clock else ""))
                if clock is not None:
                    s.delete(clock)  # the original device's sequence belongs to the original file
                dev.device_id = new
                dev.install_fingerprint = fp
                return Renewal(COPIED, old, new, 0)
            if clock is None:
                return None
            restored = marks.read().get(dev.device_id, 0) > clock.next_seq
            wall = self._db.wall_ms()
            ahead = clock_ahead(s.connection(), dev.device_id, wall)
            if not (restored or ahead):
                return None
            s.flush()
            result = renew(s.connection(), RESTORED if restored else CLOCK, wall)
            s.expire_all()
        marks.raise_to(result.new_device, result.reissued + 1)
        marks.retire(result.old_device)
        return result


def _info(dev: LocalDevice) -> DeviceInfo:
    return DeviceInfo(dev.device_id, dev.name, DeviceRole(dev.role), dev.officer_id, dev.identity_id or dev.device_id,
                      dev.enrolled_at is not None, dev.hub_identity_id, dev.enrolment_root)


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
