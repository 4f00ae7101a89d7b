"""The roster of enrolled laptops' keys (sync/roster.py): signed by the hub, carried in its packages, so that a
laptop checks the paper another laptop printed: genuine / changed since printing / not issued by this county;
a key not on the roster stays `unknown`; a row forged or altered on a laptop counts nowhere; a revoked
laptop's paper proves nothing once the revocation has arrived."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from yimi_desktop.reports import documents, proof
from yimi_desktop.services.context import Services, open_services
from yimi_desktop.services.visits import VisitQuery
from yimi_desktop.storage.models import RosterDevice
from yimi_desktop.sync import keys as keylib
from yimi_desktop.sync import roster
from sync_helpers import enrol, make_hub
from test_sync_order import exchange


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def printed(svc: Services) -> tuple[str, str]:
    """(visit id, the text its printed QR code holds): a visit recorded on `svc`, signed with its key."""
    visit = next(v for v in svc.visits.list(VisitQuery()) if v.record_no)
    data = svc.reports.visit_record_data(visit.id)
    keys = svc.trust.keys()
    return visit.id, documents.visit_qr_text(replace(data, proof=proof.make_code(data, keys.signing_public, keys.sign,
                                                                                 data.visit_date)))


def county(tmp_path: Path) -> tuple[Services, Services, Services]:
    hub = make_hub(tmp_path)
    hub.demo.populate(seed=1, enterprises=3, officers=12, policies=2, visits=0)
    return hub, enrol(hub, tmp_path, "笔记本A"), enrol(hub, tmp_path, "笔记本B")


def roster_keys(svc: Services) -> dict[str, roster.RosterKey]:
    with svc.db.session() as s:
        return roster.verified(s.connection())


def test_laptop_a_checks_laptop_bs_paper_after_one_round_through_the_hub(tmp_path, stick):
    hub, a, b = county(tmp_path)
    try:
        b.simulation.run(seed=3, visits=2)
        visit_id, text = printed(b)
        assert a.reports.verify_paper(text).verdict == "unknown"  # B's visit and B's key are not here yet
        # one round: B to the hub, the hub to A
        assert hub.sync.import_file(b.sync.export(stick)).ok
        assert a.sync.import_file(hub.sync.export(stick, to="笔记本A")).ok
        assert set(roster_keys(a)) == {a.trust.keys().signing_public, b.trust.keys().signing_public}
        check = a.reports.verify_paper(text)
        assert check.verdict == "genuine" and check.ok and "笔记本“笔记本B”" in check.zh, check.zh
        # B amends the visit; after the next round A says the paper changed, and which part
        b.visits.amend(visit_id, "notes", "补充：企业另需用地", "漏记了用地问题")
        assert hub.sync.import_file(b.sync.export(stick)).ok
        assert a.sync.import_file(hub.sync.export(stick, to="笔记本A")).ok
        check = a.reports.verify_paper(text)
        assert check.verdict == "changed" and check.changed == ["走访情况"], check.zh
        # another number under B's signature, or a stranger's key, is not the county's
        no = text.split("编号：")[1].split()[0]
        assert a.reports.verify_paper(text.replace(no, no[:-1] + ("0" if no[-1] != "0" else "1"))).verdict == "foreign"
    finally:
        for s in (hub, a, b):
            s.close()


def test_a_key_not_on_the_roster_stays_unknown_on_a_laptop(tmp_path, stick):
    hub, a, b = county(tmp_path)
    try:
        b.simulation.run(seed=3, visits=1)
        _, genuine = printed(b)
        exchange(stick, hub, [a, b], rounds=1)
        stranger = keylib.KeyMaterial.generate()
        signer = keylib._load_signing(stranger.signing_pem.encode())
        visit = next(v for v in a.visits.list(VisitQuery()) if v.record_no)
        data = a.reports.visit_record_data(visit.id)
        text = documents.visit_qr_text(replace(data, proof=proof.make_code(data, stranger.signing_public, signer.sign,
                                                                           data.visit_date)))
        check = a.reports.verify_paper(text)
        assert check.verdict == "unknown" and "同步" in check.zh
        assert hub.reports.verify_paper(text).verdict == "foreign"  # the hub knows every key: not the county's
        assert a.reports.verify_paper(genuine).verdict == "genuine"
    finally:
        for s in (hub, a, b):
            s.close()


def test_a_roster_row_forged_or_altered_on_a_laptop_counts_nowhere(tmp_path, stick):
    hub, a, b = county(tmp_path)
    try:
        exchange(stick, hub, [a, b], rounds=1)
        thief = keylib.KeyMaterial.generate()
        signer = keylib._load_signing(thief.signing_pem.encode())
        b_key = b.trust.keys().signing_public
        with a.db.session() as s:
            # a row of its own making, signed with a laptop's key (not a hub key)
            said = roster.statement(hub.device.identity, "e" * 32, "假笔记本", thief.signing_public, None)
            s.add(RosterDevice(id="e" * 32, identity_id="e" * 32, name="假笔记本", signing_public=thief.signing_public,
                               hub_identity_id=hub.device.identity, hub_key=a.trust.keys().signing_public,
                               signature=signer.sign(said).hex()))
            # the same, claiming the hub's key signed it
            s.add(RosterDevice(id="d" * 32, identity_id="d" * 32, name="假笔记本2", signing_public=thief.signing_public,
                               hub_identity_id=hub.device.identity, hub_key=hub.trust.keys().signing_public,
                               signature=signer.sign(said).hex()))
            # B's genuine row given another key, keeping the hub's signature
            row = s.scalars(select(RosterDevice)
                            .where(RosterDevice.signing_public == b_key)).one()
            row.signing_public = thief.signing_public
        assert thief.signing_public not in roster_keys(a) and b_key not in roster_keys(a)
        # carried to the hub and on to B: counts nowhere, and the hub writes B's genuine row anew
        exchange(stick, hub, [a, b], rounds=2)
        for s in (hub, a, b):
            keys = roster_keys(s)
            assert thief.signing_public not in keys, s.device.name
            assert keys[b_key].name == "笔记本B", s.device.name
        a.simulation.run(seed=5, visits=1)
        visit = next(v for v in a.visits.list(VisitQuery()) if v.record_no)
        data = a.reports.visit_record_data(visit.id)
        text = documents.visit_qr_text(replace(data, proof=proof.make_code(data, thief.signing_public, signer.sign,
                                                                           data.visit_date)))
        assert b.reports.verify_paper(text).verdict == "unknown"
    finally:
        for s in (hub, a, b):
            s.close()


def test_a_revoked_laptops_paper_proves_nothing_once_the_revocation_arrives(tmp_path, stick):
    hub, a, b = county(tmp_path)
    try:
        b.simulation.run(seed=3, visits=1)
        _, text = printed(b)
        exchange(stick, hub, [a, b], rounds=1)
        assert a.reports.verify_paper(text).verdict == "genuine"
        hub.trust.revoke("笔记本B", "丢失")
        assert a.reports.verify_paper(text).verdict == "genuine"  # not known here until the hub's next package
        assert a.sync.import_file(hub.sync.export(stick, to="笔记本A")).ok
        check = a.reports.verify_paper(text)
        assert check.verdict == "foreign" and "吊销" in check.zh, check.zh
        # a replay of B's row as it was before the revocation (a validly signed older version) is undone at the hub
        with a.db.session() as s:
            row = s.scalars(select(RosterDevice)
                            .where(RosterDevice.name == "笔记本B")).one()
            old = roster.statement(row.hub_identity_id, row.identity_id, row.name, row.signing_public, None)
        # the hub signed the unrevoked statement before: take that signature from the hub's own key
        replayed = hub.trust.keys().sign(old).hex()
        with a.db.session() as s:
            row = s.get(RosterDevice, row.id)
            row.revoked_at, row.signature = None, replayed
        assert a.reports.verify_paper(text).verdict == "genuine"  # on the laptop that wrote it, it holds
        assert hub.sync.import_file(a.sync.export(stick)).ok
        assert hub.reports.verify_paper(text).verdict == "foreign"
        with hub.db.session() as s:
            assert roster.verified(s.connection())[b.trust.keys().signing_public].revoked_at is not None
        assert a.sync.import_file(hub.sync.export(stick, to="笔记本A")).ok
        assert a.reports.verify_paper(text).verdict == "foreign"
    finally:
        for s in (hub, a, b):
            s.close()


def test_a_hub_key_rotation_re_signs_the_roster(tmp_path, stick):
    hub, a, b = county(tmp_path)
    try:
        exchange(stick, hub, [a, b], rounds=1)
        old = hub.trust.keys().signing_public
        hub.trust.rotate()
        new = hub.trust.keys().signing_public
        with hub.db.session() as s:
            assert {r.hub_key for r in s.scalars(select(RosterDevice))} == {new}
        assert len(roster_keys(hub)) == 2
        # a laptop that follows the rotation still counts every row (its chain holds both keys)
        code = keylib.key_code(new)
        assert a.sync.import_file(hub.sync.export(stick, to="笔记本A"), hub_key_code=code).ok
        assert len(roster_keys(a)) == 2 and old != new
    finally:
        for s in (hub, a, b):
            s.close()


def test_upgrade_from_0019_with_unsynced_work_fills_the_roster_at_the_hub(tmp_path, stick):
    """0022 from a hub and two laptops of the previous release: the laptop's unsent visit survives, the hub writes
    the roster when it opens, and after one round laptop A checks laptop B's paper."""
    from test_storage import _downgrade

    hub, a, b = county(tmp_path)
    exchange(stick, hub, [a, b], rounds=1)
    b.simulation.run(seed=3, visits=1)  # not sent yet
    _, text = printed(b)
    vector, paths = b.sync.vector(), [s.db.path for s in (hub, a, b)]
    for s in (hub, a, b):
        s.close()
    for p in paths:
        _downgrade(p, "0021")
    import sqlite3
    with sqlite3.connect(paths[0]) as con:
        assert not con.execute("SELECT name FROM sqlite_master WHERE name = 'roster_device'").fetchall()
    hub, a, b = (open_services(p) for p in paths)
    try:
        assert b.sync.vector() == vector  # the unsent visit is still there to send
        assert len(roster_keys(hub)) == 2  # written at open
        assert roster_keys(a) == {} and a.reports.verify_paper(text).verdict == "unknown"
        assert hub.sync.import_file(b.sync.export(stick)).ok
        assert a.sync.import_file(hub.sync.export(stick, to="笔记本A")).ok
        assert a.reports.verify_paper(text).verdict == "genuine"
        for s in (hub, a, b):
            assert s.sync.digest() == s.sync.full_digest()
    finally:
        for s in (hub, a, b):
            s.close()


def test_opening_the_hub_again_writes_nothing(tmp_path):
    hub, a, b = county(tmp_path)
    path = hub.db.path
    for s in (a, b):
        s.close()
    assert hub.trust.register_roster() == 0
    before = hub.sync.vector()
    hub.close()
    hub = open_services(path)
    try:
        assert hub.sync.vector() == before
        with hub.db.session() as s:
            revoked = [r for r in s.scalars(select(RosterDevice)) if r.revoked_at]
        assert revoked == []
    finally:
        hub.close()
