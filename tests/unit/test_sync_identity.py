"""Identity faults (issue 16, part 6): an enrolment file works once, and a laptop follows a hub key
rotation only once the new key's confirmation code, told by the hub, is typed on the laptop."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from sync_helpers import copy_replica, make_hub
from test_storage import _downgrade
from test_sync import add_enterprise
from yimi_desktop.services.context import enrol_services, open_services
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.storage.database import head_revision


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def test_a_second_computer_set_up_from_the_same_enrolment_file_is_refused_and_listed(tmp_path, stick):
    hub = make_hub(tmp_path)
    enrolment = hub.enrolment.issue("金融-笔记本1")
    first = enrol_services(tmp_path / "first.db", enrolment)
    second = enrol_services(tmp_path / "second.db", enrolment)  # the same file, on another computer
    try:
        assert first.device.identity == second.device.identity
        add_enterprise(first, 1)
        add_enterprise(second, 2)
        assert hub.sync.import_file(first.sync.export(stick)).ok
        before = hub.sync.digest()
        r = hub.sync.import_file(second.sync.export(stick))
        assert not r.ok and "一个注册文件只能注册一台电脑" in r.message and "\n" not in r.message
        assert hub.sync.digest() == before
        r = hub.sync.import_file(second.sync.export(stick, full=True))  # tried again: refused again, counted
        assert not r.ok
        (row,) = [d for d in hub.trust.devices() if d.name == "金融-笔记本1"]
        assert len(row.reused) == 1 and row.reused[0].packages == 2
        assert row.reused[0].root_device_id == second.device.enrolment_root
        assert [p.device_id for p in row.replicas] == [first.device.device_id]
        # the first computer goes on as before, and so does a copy of its data folder (a replica)
        first, copy = copy_replica(first, tmp_path / "copy.db")
        try:
            assert copy.device.enrolment_root == first.device.enrolment_root != copy.device.device_id
            add_enterprise(copy, 3)
            add_enterprise(first, 4)
            assert hub.sync.import_file(copy.sync.export(stick)).ok
            assert hub.sync.import_file(first.sync.export(stick)).ok
            assert hub.enterprises.count() == 3
        finally:
            copy.close()
    finally:
        for s in (hub, first, second):
            s.close()


def test_a_retry_of_the_same_enrolment_on_the_same_computer_keeps_its_root(tmp_path):
    hub = make_hub(tmp_path)
    enrolment = hub.enrolment.issue("L1")
    lap = enrol_services(tmp_path / "L1.db", enrolment)
    try:
        root = lap.device.enrolment_root
        assert root == lap.device.device_id
        lap.enrolment.prepare(enrolment)  # the same file again on the same database
        lap.close()
        lap = open_services(tmp_path / "L1.db")
        assert lap.device.enrolment_root == root
    finally:
        lap.close()
        hub.close()


def test_migration_0009_gives_laptops_a_root_their_copies_share_and_keeps_unsynced_work(tmp_path, stick):
    """Databases made at 0008 (the previous release): a laptop with unsynced work, a copy of its folder
    made before the upgrade, and a second computer set up from the same enrolment file."""
    hub = make_hub(tmp_path)
    enrolment = hub.enrolment.issue("L1")
    lap = enrol_services(tmp_path / "L1.db", enrolment)
    other = enrol_services(tmp_path / "other.db", enrolment)
    add_enterprise(lap, 1)
    add_enterprise(other, 2)
    # the digest would also cover the hub records that came with the enrolment into tables made after 0008
    # (the 督办 calendar and rules), which a downgrade drops: compare what a 0008 laptop holds instead
    vector, enterprises = lap.sync.vector(), lap.enterprises.ids(EnterpriseQuery())
    for s in (hub, lap, other):
        s.close()
    for name in ("hub", "L1", "other"):
        _downgrade(tmp_path / f"{name}.db", "0008")
    shutil.copy(tmp_path / "L1.db", tmp_path / "copy.db")
    shutil.copytree(tmp_path / "L1.db.keys", tmp_path / "copy.db.keys")
    con = sqlite3.connect(tmp_path / "L1.db")
    assert "enrolment_root" not in {r[1] for r in con.execute("PRAGMA table_info(local_device)")}
    con.close()

    hub, lap, copy, other = (open_services(tmp_path / f"{n}.db") for n in ("hub", "L1", "copy", "other"))
    try:
        assert {s.db.revision() for s in (hub, lap, copy, other)} == {head_revision()}
        assert lap.db.backup is not None and lap.sync.vector() == vector
        assert lap.enterprises.ids(EnterpriseQuery()) == enterprises
        assert lap.device.enrolment_root and lap.device.enrolment_root == copy.device.enrolment_root
        assert other.device.enrolment_root and other.device.enrolment_root != lap.device.enrolment_root
        r = hub.sync.import_file(lap.sync.export(stick))
        assert r.ok and r.stats.changes > 0  # the work typed before the upgrade arrives
        add_enterprise(copy, 3)
        assert hub.sync.import_file(copy.sync.export(stick)).ok
        assert not hub.sync.import_file(other.sync.export(stick)).ok
        (row,) = hub.trust.devices()
        assert len(row.reused) == 1 and len(row.replicas) == 2
    finally:
        for s in (hub, lap, copy, other):
            s.close()


def test_an_old_laptop_without_a_root_in_its_manifest_is_still_accepted(tmp_path, stick):
    """Packages of a laptop still on the previous release carry no root: not checked (README)."""
    hub = make_hub(tmp_path)
    lap = enrol_services(tmp_path / "L1.db", hub.enrolment.issue("L1"))
    try:
        with lap.db.session() as s:
            from yimi_desktop.storage.models import LocalDevice

            s.query(LocalDevice).update({LocalDevice.enrolment_root: None})
        lap.close()
        lap = open_services(tmp_path / "L1.db")
        add_enterprise(lap, 1)
        assert hub.sync.import_file(lap.sync.export(stick)).ok
    finally:
        lap.close()
        hub.close()


# ---- a hub key rotation needs the new key's code, typed on the laptop --------------------------------

def _forged_rotation(hub, lap, old_keys, old_chain, stick):
    """What a holder of a copy of the hub's pre-rotation key can make: a rotation to a key of their own,
    properly vouched for by the old key, and a package signed with it."""
    import hashlib

    from pyrage import x25519

    from test_trust import manifest_of, rezip, seal
    from yimi_desktop.sync import keys as keylib
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    evil = keylib.DeviceKeys(Ed25519PrivateKey.generate(), [x25519.Identity.generate()], folder=stick)
    chain = old_chain + [{"signing_public": evil.signing_public, "age_recipient": evil.age_recipient,
                          "endorsement": old_keys.sign(keylib.rotation_statement(
                              hub.device.identity, evil.signing_public, evil.age_recipient)).hex()}]
    m = manifest_of(hub, lap, sender_role="hub", hub_keys=chain, package_id="cd" * 16)
    m.members = {"changes.jsonl": {"sha256": hashlib.sha256(b"").hexdigest(), "size": 0}}
    m.signing_key = evil.signing_public
    raw = m.to_json()
    return seal(rezip({"changes.jsonl": b"", "manifest.json": raw, "manifest.sig": evil.sign(raw)}), lap,
                stick / "forged-rotation.yimi"), keylib.key_code(evil.signing_public)


def test_a_holder_of_the_old_hub_key_alone_cannot_make_a_laptop_follow_a_forged_rotation(tmp_path, stick):
    from test_trust import _chain, refused

    hub = make_hub(tmp_path)
    lap = enrol_services(tmp_path / "L1.db", hub.enrolment.issue("L1"))
    try:
        old_keys, old_chain = hub.trust.keys(), _chain(hub)
        hub.trust.rotate()  # the real rotation; the laptop has not imported since
        real_code = hub.trust.info().key_code
        forged, forged_code = _forged_rotation(hub, lap, old_keys, old_chain, stick)
        refused(lap, forged, "确认码")  # today's code accepted it: vouched for by the old key
        r = lap.sync.import_file(forged, hub_key_code=real_code)  # the code the real hub told the officer
        assert not r.ok and r.needs_hub_key and "不符" in r.message
        assert lap.trust.info().hub.key_code != real_code != forged_code
        r = lap.sync.import_file(forged, hub_key_code="1234")
        assert not r.ok and "16位数字" in r.message
        # the real package, with the real code, is followed; then the old key is refused for good
        assert lap.sync.import_file(hub.sync.export(stick, to="L1"), hub_key_code=real_code).ok
        assert lap.trust.info().hub.key_code == real_code
        r = lap.sync.import_file(forged, hub_key_code=forged_code)
        assert not r.ok and "不认识的密钥" in r.message
    finally:
        lap.close()
        hub.close()


def test_a_laptop_that_follows_a_rotation_in_time_is_never_asked_twice(tmp_path, stick):
    hub = make_hub(tmp_path)
    lap = enrol_services(tmp_path / "L1.db", hub.enrolment.issue("L1"))
    try:
        hub.trust.rotate()
        assert lap.sync.import_file(hub.sync.export(stick, to="L1"), hub_key_code=hub.trust.info().key_code).ok
        add_enterprise(hub, 1)
        assert lap.sync.import_file(hub.sync.export(stick, to="L1")).ok  # the same key: no code needed
        hub.trust.rotate()
        hub.trust.rotate()  # two rotations while the laptop was away: the newest key's code is enough
        assert not lap.sync.import_file(hub.sync.export(stick, to="L1")).ok
        assert lap.sync.import_file(hub.sync.export(stick, to="L1"), hub_key_code=hub.trust.info().key_code).ok
        assert lap.trust.info().hub.keys == 4
    finally:
        lap.close()
        hub.close()
