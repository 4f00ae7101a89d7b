"""The composition root's services factory: every database is opened, created or enrolled through it,
and an enrolment (which closes and reopens the database with its new identity) wires the services once."""

from __future__ import annotations

from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services import context
from yimi_desktop.services.context import ServicesFactory

from sync_helpers import make_hub


def test_enrolment_wires_the_services_once_through_the_factory(tmp_path, monkeypatch):
    hub = make_hub(tmp_path)
    try:
        enrolment = hub.enrolment.issue("金融-笔记本1")
        wired = []
        real = context._wire
        monkeypatch.setattr(context, "_wire", lambda db, device: wired.append(device.name) or real(db, device))
        laptop = ServicesFactory().enrol(tmp_path / "sub" / "laptop.db", enrolment)
        try:
            assert wired == ["金融-笔记本1"]  # not once before taking the identity and once after
            assert laptop.device.role is DeviceRole.LAPTOP and laptop.device.name == "金融-笔记本1"
            assert laptop.teams.list()  # the county's data came with the enrolment
        finally:
            laptop.close()
    finally:
        hub.close()


def test_factory_creates_then_opens_the_same_database(tmp_path):
    factory = ServicesFactory()
    path = tmp_path / "new" / "hub.db"
    svc = factory.create(path, "县中心", DeviceRole.HUB)
    device_id = svc.device.device_id
    svc.close()
    again = factory.open(path)
    try:
        assert again.device.device_id == device_id and again.teams.list()
    finally:
        again.close()
