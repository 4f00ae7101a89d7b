"""At the hub: a dead or lost laptop's stick backup taken in (services/salvage.py, `yimi backup salvage`): the
work it recorded and never sent reaches the hub, under the identity rules of a package."""

from __future__ import annotations

import json
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services import backups
from yimi_desktop.services.context import enrol_services, init_services
from yimi_desktop.services.salvage import salvage
from test_sync import exchange


def clock() -> float:
    return time.time()


@pytest.fixture
def county(tmp_path):
    stick = tmp_path / "sync"
    stick.mkdir()
    hub = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB, clock=clock)
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    lap = enrol_services(tmp_path / "L1.db", hub.enrolment.issue("L1"), clock=clock)
    lap.simulation.run(seed=1, visits=2, today=date(2026, 11, 2))
    exchange(stick, hub, [lap])  # sent
    lap.simulation.run(seed=2, visits=3, today=date(2026, 11, 3))  # never sent: the disk dies after the stick copy
    _made, sealed = backups.back_up_to_stick(lap, tmp_path / "usb")
    yield stick, hub, lap, sealed
    lap.close()
    hub.close()


def test_the_hub_takes_in_a_dead_laptops_unsent_work_once(county):
    stick, hub, lap, sealed = county
    assert len(hub.visits.ids()) == 2
    got = salvage(hub, sealed)
    assert got.signed and not got.revoked and not got.duplicate and got.laptop == "L1"
    assert got.stats.changes > 0
    assert len(hub.visits.ids()) == 5  # nothing the laptop recorded is lost
    assert hub.sync.digest() == lap.sync.digest()  # the hub holds exactly what the laptop held
    assert [b.reason for b in backups.list_backups(hub.db.path)] == ["before-import"]
    again = salvage(hub, sealed)
    assert again.duplicate and len(hub.visits.ids()) == 5
    assert not list(hub.db.scratch_dir.iterdir())  # no plaintext left behind


def test_the_lost_laptop_revoked_then_salvaged_and_a_new_laptop_converges(county, tmp_path):
    stick, hub, lap, sealed = county
    hub.trust.revoke("L1", "丢失")
    got = salvage(hub, sealed)
    assert got.revoked and len(hub.visits.ids()) == 5
    # the officer's new laptop: enrolled anew; the hub sends it everything, the lost laptop's work included
    new = enrol_services(tmp_path / "L2.db", hub.enrolment.issue("L1-新"), clock=clock)
    try:
        exchange(stick, hub, [new])
        assert len(new.visits.ids()) == 5 and new.sync.digest() == hub.sync.digest()
    finally:
        new.close()


def test_an_unsigned_copy_is_taken_only_when_a_person_says_so(county):
    stick, hub, lap, sealed = county
    Path(f"{sealed}.sig").unlink()
    with pytest.raises(DomainError, match="--unsigned"):
        salvage(hub, sealed)
    assert len(hub.visits.ids()) == 2 and backups.list_backups(hub.db.path) == []
    got = salvage(hub, sealed, unsigned=True)
    assert not got.signed and len(hub.visits.ids()) == 5


def test_a_forged_or_changed_copy_is_refused_and_nothing_changes(county, tmp_path):
    import pyrage

    stick, hub, lap, sealed = county
    before = hub.sync.digest()
    # anyone can seal a file to the hub's public key: a copy of the laptop's backup, resealed, with the old signature
    resealed = tmp_path / "forged" / sealed.name
    resealed.parent.mkdir()
    plain = pyrage.decrypt(sealed.read_bytes(), hub.trust.keys().identities)
    resealed.write_bytes(pyrage.encrypt(plain, [pyrage.x25519.Recipient.from_str(hub.trust.info().age_recipient)]))
    shutil.copy(f"{sealed}.sig", f"{resealed}.sig")
    with pytest.raises(DomainError, match="签名文件与备份不符"):
        salvage(hub, resealed)
    # a signature made by some other key
    sig = json.loads(Path(f"{sealed}.sig").read_text())
    other = init_services(tmp_path / "other.db", "别处", DeviceRole.LAPTOP)
    try:
        keys = other.trust.keys()
        sig["signing_public"] = keys.signing_public
        sig["signature"] = keys.sign(backups.stick_statement(sig["identity"], sig["sha256"])).hex()
    finally:
        other.close()
    Path(f"{sealed}.sig").write_text(json.dumps(sig))
    with pytest.raises(DomainError, match="伪造"):
        salvage(hub, sealed)
    assert hub.sync.digest() == before and len(hub.visits.ids()) == 2


def test_a_backup_of_another_county_or_at_a_laptop_is_refused(county, tmp_path):
    stick, hub, lap, sealed = county
    with pytest.raises(DomainError, match="只有县级中心"):
        salvage(lap, sealed)
    other_hub = init_services(tmp_path / "hub2.db", "别县中心", DeviceRole.HUB)
    try:
        with pytest.raises(DomainError, match="不是加密给本中心"):
            salvage(other_hub, sealed)
        plain = backups.list_backups(lap.db.path)[0].path  # a plain .db of a laptop enrolled elsewhere
        with pytest.raises(DomainError, match="不是在本中心注册"):
            salvage(other_hub, plain, unsigned=True)
    finally:
        other_hub.close()
