"""This installation: its device id, name and role (laptop or hub)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..domain.errors import DomainError, Message
from ..domain.vocabulary import DeviceRole
from ..storage.database import Database
from ..storage.models import LocalDevice, new_id


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    role: DeviceRole
    officer_id: str | None = None  # who uses this laptop ("my issues"); chosen in the GUI


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
            dev = LocalDevice(device_id=new_id(), name=name, role=role.value)
            s.add(dev)
        return DeviceInfo(dev.device_id, dev.name, DeviceRole(dev.role))

    def info(self) -> DeviceInfo | None:
        with self._db.session() as s:
            dev = s.scalar(select(LocalDevice))
            return DeviceInfo(dev.device_id, dev.name, DeviceRole(dev.role), dev.officer_id) if dev else None

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
