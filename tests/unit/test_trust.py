"""Trust and confidentiality of packages: each refusal of issue 6 on its own, key rotation, device
bindings, and the enrolment file. Every refusal leaves the database exactly as it was."""

from __future__ import annotations

import time

import io
import json
import stat
import zipfile
from pathlib import Path

import pyrage
import pytest

from sync_helpers import enrol, make_hub
from yimi_desktop.domain import creditcode
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import Services, enrol_services, init_services
from yimi_desktop.services.enrolment import read_enrolment
from yimi_desktop.sync import keys as keylib
from yimi_desktop.sync import package
from yimi_desktop.sync.package import Manifest


def add_enterprise(svc: Services, n: int) -> str:
    return svc.enterprises.add(EnterpriseForm(name=f"尉氏县信任测试{n}号有限公司", township="城关镇",
                                              credit_code=creditcode.make_code("9", "1", "410223", f"MC{n:06d}")))


@pytest.fixture
def county(tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    a, b = enrol(hub, tmp_path, "L1"), enrol(hub, tmp_path, "L2")
    yield stick, hub, a, b
    for s in (hub, a, b):
        s.close()


class Untouched:
    """What must not change when a package is refused."""

    def __init__(self, svc: Services):
        self.svc = svc
        self.digest = svc.sync.digest()
        self.log = svc.sync.status().last_in
        self.vector = svc.sync.vector()

    def check(self) -> None:
        assert self.svc.sync.digest() == self.digest
        assert self.svc.sync.status().last_in == self.log
        assert self.svc.sync.vector() == self.vector


def refused(svc: Services, path: Path, words: str) -> None:
    before = Untouched(svc)
    r = svc.sync.import_file(path)
    assert not r.ok, f"accepted: {path.name}"
    assert words in r.message, r.message
    assert r.message_en and "Traceback" not in r.message
    before.check()
    assert not any(svc.db.scratch_dir.glob("*")), "plaintext left behind"


# ---- taking packages apart as an attacker with the recipient's key would ----------------------------

def plaintext(pkg: Path, svc: Services) -> bytes:
    return pyrage.decrypt(pkg.read_bytes(), svc.trust.keys().identities)


def members(plain: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rezip(items: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    return out.getvalue()


def seal(plain: bytes, to: Services, dest: Path) -> Path:
    dest.write_bytes(pyrage.encrypt(plain, [keylib.recipient(to.trust.keys().age_recipient)]))
    return dest


def signed_by(svc: Services, m: Manifest, items: dict[str, bytes]) -> dict[str, bytes]:
    """Members with a manifest that lists them and is properly signed by `svc` (an insider's package)."""
    import hashlib

    m.members = {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in items.items()}
    m.signing_key = svc.trust.keys().signing_public
    raw = m.to_json()
    return {**items, "manifest.json": raw, "manifest.sig": svc.trust.keys().sign(raw)}


def manifest_of(sender: Services, to: Services, **over) -> Manifest:
    base = dict(package_id="ab" * 16, sender=sender.device.device_id, sender_name=sender.device.name,
                sender_role=sender.device.role.value, signer=sender.device.identity, signing_key="",
                recipient=to.device.identity, schema=sender.db.revision(), created_at="2026-11-25T10:00:00",
                vector=sender.sync.vector(), ranges={}, change_count=0)
    return Manifest(**{**base, **over})


# ---- the refusals of issue 6 ------------------------------------------------------------------------

def test_package_from_a_stranger_is_refused(county, tmp_path):
    stick, hub, _, _ = county
    stranger = init_services(tmp_path / "stranger.db", "陌生笔记本", DeviceRole.LAPTOP)  # keys, never enrolled
    try:
        add_enterprise(stranger, 1)
        with pytest.raises(DomainError, match="尚未在县级中心注册"):
            stranger.sync.export(stick)
        # it knows the hub's public key (anyone may) and writes a well-formed signed package anyway
        forged = stick / "stranger.yimi"
        stranger.sync.export_to(stick, destination_of(hub), filename=forged.name)
        refused(hub, forged, "未注册的设备")
    finally:
        stranger.close()


def destination_of(svc: Services):
    """Where a package for `svc` goes: its identity and public age key (public knowledge)."""
    from yimi_desktop.services.trust import Destination

    return Destination(svc.device.identity, svc.device.name, svc.trust.keys().age_recipient)


def test_package_from_a_revoked_laptop_is_refused_and_nothing_is_sent_to_it(county):
    stick, hub, a, _ = county
    add_enterprise(a, 1)
    pkg = a.sync.export(stick)
    row = hub.trust.revoke("L1", "笔记本丢失")
    assert row.revoked and row.revoke_reason == "笔记本丢失"
    refused(hub, pkg, "已于")
    with pytest.raises(DomainError, match="已被注销"):
        hub.sync.export(stick, to="L1")
    with pytest.raises(DomainError, match="已经注销过"):
        hub.trust.revoke("L1")
    # the county enrols a replacement laptop under the same name
    c = enrol(hub, stick.parent, "L1", path=stick.parent / "L1-replacement.db")
    try:
        assert [d.revoked for d in hub.trust.devices() if d.name == "L1"] == [False, True]
        add_enterprise(c, 2)
        assert hub.sync.import_file(c.sync.export(stick)).ok
    finally:
        c.close()


def test_package_for_another_laptop_is_refused(county):
    stick, hub, a, b = county
    pkg = hub.sync.export(stick, to="L1")
    refused(b, pkg, "不是发给本机")  # encrypted to L1: L2's keys cannot open it
    # encrypted to L2 but signed for L1 (the hub's own keys, as a buggy or confused hub would)
    m = manifest_of(hub, a, sender_role="hub", hub_keys=_chain(hub))
    plain = rezip(signed_by(hub, m, {"changes.jsonl": b""}))
    refused(b, seal(plain, b, stick / "for-L1.yimi"), "发给另一台设备")


def _chain(hub: Services) -> list[dict]:
    with hub.db.session() as s:
        return hub.trust.hub_chain(s)


def test_laptop_package_addressed_to_another_hub_is_refused(county, tmp_path):
    stick, hub, a, _ = county
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = make_hub(other_dir, "邻县中心")
    try:
        m = manifest_of(a, other)  # signed by an enrolled laptop, meant for another hub, sealed to this one
        refused(hub, seal(rezip(signed_by(a, m, {"changes.jsonl": b""})), hub, stick / "x.yimi"), "发给另一台设备")
    finally:
        other.close()


def test_manifest_changed_after_signing_is_refused_even_when_re_encrypted(county):
    stick, hub, a, _ = county
    add_enterprise(a, 1)
    pkg = a.sync.export(stick)
    items = members(plaintext(pkg, hub))
    m = json.loads(items["manifest.json"])
    m["sender_name"] = "L1(改)"
    items["manifest.json"] = json.dumps(m, ensure_ascii=False, sort_keys=True, indent=1).encode()
    refused(hub, seal(rezip(items), hub, stick / "edited.yimi"), "签名不对")
    # re-signed by a key of the forger's own, still claiming to be L1
    forger = keylib.DeviceKeys(*_fresh_keys(), folder=Path("."))
    m["signing_key"] = forger.signing_public
    raw = json.dumps(m, ensure_ascii=False, sort_keys=True, indent=1).encode()
    items["manifest.json"], items["manifest.sig"] = raw, forger.sign(raw)
    refused(hub, seal(rezip(items), hub, stick / "resigned.yimi"), "签名不对")
    assert hub.sync.import_file(pkg).ok  # the original still imports


def _fresh_keys():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from pyrage import x25519

    return Ed25519PrivateKey.generate(), [x25519.Identity.generate()]


def test_member_changed_after_signing_is_refused_even_when_re_encrypted(county):
    stick, hub, a, _ = county
    eid = add_enterprise(a, 1)
    pkg = a.sync.export(stick)
    items = members(plaintext(pkg, hub))
    changed = items["changes.jsonl"].replace("信任测试1号".encode(), "信任测试9号".encode())
    assert changed != items["changes.jsonl"]
    refused(hub, seal(rezip({**items, "changes.jsonl": changed}), hub, stick / "changed.yimi"), "签名后被改动过")
    extra = {**items, "attachments/" + "0" * 64: b"smuggled"}
    refused(hub, seal(rezip(extra), hub, stick / "extra.yimi"), "签名后被改动过")
    assert hub.sync.import_file(pkg).ok
    assert hub.enterprises.get(eid).form.name == "尉氏县信任测试1号有限公司"


def test_replayed_package_id_is_not_imported_again(county):
    stick, hub, a, _ = county
    add_enterprise(a, 1)
    first = a.sync.export(stick)
    assert hub.sync.import_file(first).ok
    add_enterprise(a, 2)
    second = a.sync.export(stick)
    assert hub.sync.import_file(second).ok
    before = Untouched(hub)
    copy = stick / "copy-of-first.yimi"
    copy.write_bytes(first.read_bytes())
    r = hub.sync.import_file(copy)
    assert r.duplicate and r.stats is None and "导入过" in r.message
    before.check()


@pytest.mark.parametrize("name", ["../evil.txt", "/tmp/evil.txt", "attachments/../../evil.txt", "manifest.json/x"])
def test_member_with_a_path_outside_the_package_is_refused(county, tmp_path, name):
    stick, hub, a, _ = county
    m = manifest_of(a, hub)
    items = signed_by(a, m, {"changes.jsonl": b"", name: b"pwned"})
    refused(hub, seal(rezip(items), hub, stick / "path.yimi"), "不允许的文件")
    assert not list(tmp_path.rglob("evil.txt")) and not Path("/tmp/evil.txt").exists()


def test_members_over_the_size_limits_are_refused(county, monkeypatch):
    stick, hub, a, _ = county
    m = manifest_of(a, hub)
    items = signed_by(a, m, {"changes.jsonl": b""})
    items["manifest.sig"] = items["manifest.sig"] * 40  # 2,560 bytes: over the signature's limit
    refused(hub, seal(rezip(items), hub, stick / "sig.yimi"), "超过大小上限")
    photo = bytes(range(256)) * 600  # 150 KB that does not compress
    import hashlib

    sha = hashlib.sha256(photo).hexdigest()
    big = seal(rezip(signed_by(a, manifest_of(a, hub), {"changes.jsonl": b"", f"attachments/{sha}": photo})), hub,
               stick / "big.yimi")
    monkeypatch.setattr(package, "MAX_ATTACHMENT_BYTES", 100_000)
    refused(hub, big, "超过大小上限")
    monkeypatch.setattr(package, "MAX_MEMBERS", 2)
    refused(hub, big, "超过 2 个")


def test_decompression_bomb_is_refused_before_it_is_inflated(county):
    stick, hub, a, _ = county
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("changes.jsonl", "w", force_zip64=True) as w:
            zero = b"\0" * (1 << 20)
            for _ in range(64):  # 64 MiB of zeros in about 64 KB
                w.write(zero)
        import hashlib

        digest = hashlib.sha256()
        for _ in range(64):
            digest.update(b"\0" * (1 << 20))
        m = manifest_of(a, hub)
        m.members = {"changes.jsonl": {"sha256": digest.hexdigest(), "size": 64 << 20}}
        m.signing_key = a.trust.keys().signing_public
        raw = m.to_json()
        zf.writestr("manifest.json", raw)
        zf.writestr("manifest.sig", a.trust.keys().sign(raw))
    assert len(bomb.getvalue()) < 1 << 20
    refused(hub, seal(bomb.getvalue(), hub, stick / "bomb.yimi"), "压缩炸弹")


def test_old_unsigned_package_format_is_refused_with_an_explanation(county):
    stick, hub, _, _ = county
    old = stick / "old.yimi"
    old.write_bytes(rezip({"manifest.json": b"{}", "changes.jsonl": b""}))
    refused(hub, old, "旧版本软件")


# ---- bindings, rotation, enrolment ------------------------------------------------------------------

def test_a_laptop_cannot_bring_new_changes_in_another_devices_name(county):
    stick, hub, a, b = county
    add_enterprise(a, 1)
    assert hub.sync.import_file(a.sync.export(stick)).ok  # binds L1's device id to L1
    held = hub.sync.vector()[a.device.device_id]
    from yimi_desktop.sync import hlc

    change = {"device_id": a.device.device_id, "seq": held + 1, "hlc": hlc.encode(hlc.now_ms(), 0), "entity": "enterprise",
              "record_id": "f" * 32, "field": "name", "value": json.dumps("冒名企业"), "base": ""}
    m = manifest_of(b, hub, change_count=1)
    body = (json.dumps(change, ensure_ascii=False) + "\n").encode()
    import hashlib

    photo = b"a photo that must not be stored"
    sha = hashlib.sha256(photo).hexdigest()
    items = signed_by(b, m, {"changes.jsonl": body, f"attachments/{sha}": photo})
    refused(hub, seal(rezip(items), hub, stick / "impersonate.yimi"), "另一台设备的名义")
    assert not hub.visits.files.path_of(sha).exists()
    # relaying what the hub already holds is fine: L2 sends L1's changes back after a full exchange
    assert b.sync.import_file(hub.sync.export(stick, to="L2")).ok
    r = hub.sync.import_file(b.sync.export(stick, full=True))
    assert r.ok and r.stats.changes == 0


def test_hub_key_rotation_is_followed_by_laptops(county):
    stick, hub, a, _ = county
    old_fp = hub.trust.keys().fingerprint
    add_enterprise(a, 1)
    late = a.sync.export(stick)  # still encrypted to the old key
    new_fp = hub.trust.rotate()
    assert new_fp != old_fp and hub.trust.keys().fingerprint == new_fp
    assert hub.sync.import_file(late).ok  # the retired identity still opens it
    pkg = hub.sync.export(stick, to="L1")  # signed by the new key, vouched by the old
    refused(a, pkg, "确认码")  # followed only once the new key's code is typed on the laptop
    assert a.sync.import_file(pkg).needs_hub_key
    assert a.sync.import_file(pkg, hub_key_code=hub.trust.info().key_code.replace("-", " ")).ok
    assert a.trust.info().hub.signing_fingerprint == new_fp
    add_enterprise(a, 2)
    nxt = a.sync.export(stick)
    pyrage.decrypt(nxt.read_bytes(), [hub.trust.keys().identities[0]])  # to the new key now
    assert hub.sync.import_file(nxt).ok
    assert a.sync.digest() != "" and hub.trust.info().key_generations == 2


def test_a_hub_key_without_a_valid_endorsement_is_refused(county):
    stick, hub, a, _ = county
    impostor_keys = keylib.DeviceKeys(*_fresh_keys(), folder=Path("."))
    chain = _chain(hub) + [{"signing_public": impostor_keys.signing_public, "age_recipient": a.trust.keys().age_recipient,
                            "endorsement": impostor_keys.sign(b"not the old key's statement").hex()}]
    m = manifest_of(hub, a, sender_role="hub", hub_keys=chain)
    import hashlib

    items = {"changes.jsonl": b""}
    m.members = {"changes.jsonl": {"sha256": hashlib.sha256(b"").hexdigest(), "size": 0}}
    m.signing_key = impostor_keys.signing_public
    raw = m.to_json()
    plain = rezip({**items, "manifest.json": raw, "manifest.sig": impostor_keys.sign(raw)})
    refused(a, seal(plain, a, stick / "impostor.yimi"), "不认识的密钥")


def test_enrolment_file_needs_its_code_and_keys_stay_private(county, tmp_path):
    stick, hub, _, _ = county
    issued = hub.enrolment.enroll("L3", stick)
    data = issued.file.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n-> scrypt ")  # age passphrase mode
    for plain_marker in (b"enrolment.json", b"BEGIN PRIVATE KEY", b"AGE-SECRET-KEY-", "尉氏县".encode()):
        assert plain_marker not in data
    with pytest.raises(DomainError, match="注册码不对"):
        read_enrolment(issued.file, "0000-0000-0000-0000")
    with pytest.raises(DomainError, match="16位数字"):
        read_enrolment(issued.file, "1234")
    assert not (tmp_path / "L3.db").exists()
    e = read_enrolment(issued.file, issued.code.replace("-", " "))
    assert e.name == "L3" and e.hub_fingerprint == hub.trust.keys().fingerprint
    lap = enrol_services(tmp_path / "L3.db", e)
    try:
        assert lap.device.enrolled and lap.sync.digest() == hub.sync.digest()
        folder = Path(lap.trust.info().age_identity_file).parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}
        other = hub.enrolment.issue("L4")
        with pytest.raises(DomainError, match="已经注册过"):  # another laptop's enrolment
            lap.enrolment.prepare(other)
        assert lap.device.identity == e.identity_id
    finally:
        lap.close()
    with pytest.raises(DomainError, match="已经有一台名为“L3”"):
        hub.enrolment.enroll("L3", stick)
    assert [d.name for d in hub.trust.devices()].count("L3") == 1


def test_unenrolled_laptop_takes_no_packages(county, tmp_path):
    stick, hub, _, _ = county
    plain = init_services(tmp_path / "plain.db", "未注册", DeviceRole.LAPTOP)
    try:
        pkg = hub.sync.export_to(stick, destination_of(plain), filename="to-plain.yimi")
        refused(plain, pkg, "尚未注册")
    finally:
        plain.close()


def test_relaying_binds_nothing_and_legacy_devices_claim_their_own_id(county):
    """Device ids known from before bindings existed: a relay of what the hub holds is accepted without
    binding, and the device itself then sends its new changes under its own id."""
    stick, hub, a, b = county
    add_enterprise(a, 1)
    assert hub.sync.import_file(a.sync.export(stick)).ok
    assert b.sync.import_file(hub.sync.export(stick, to="L2")).ok
    from yimi_desktop.storage.models import DeviceBinding

    with hub.db.session() as s:  # as after the upgrade: nothing bound yet
        s.query(DeviceBinding).delete()
    assert hub.sync.import_file(b.sync.export(stick, full=True)).ok  # relays L1's changes
    with hub.db.session() as s:
        assert hub.trust.bindings(s).get(a.device.device_id) is None
    add_enterprise(a, 2)
    r = hub.sync.import_file(a.sync.export(stick))
    assert r.ok and r.stats.changes > 0
    with hub.db.session() as s:
        assert hub.trust.bindings(s)[a.device.device_id] == a.device.identity


def test_the_hubs_old_key_is_refused_once_a_laptop_follows_a_rotation(county):
    stick, hub, a, _ = county
    old = hub.trust.keys()
    old_chain = _chain(hub)
    hub.trust.rotate()
    assert a.sync.import_file(hub.sync.export(stick, to="L1"), hub_key_code=hub.trust.info().key_code).ok
    import hashlib

    def signed_with(keys, chain, name):
        m = manifest_of(hub, a, sender_role="hub", hub_keys=chain, package_id=hashlib.md5(name.encode()).hexdigest())
        m.members = {"changes.jsonl": {"sha256": hashlib.sha256(b"").hexdigest(), "size": 0}}
        m.signing_key = keys.signing_public
        raw = m.to_json()
        return seal(rezip({"changes.jsonl": b"", "manifest.json": raw, "manifest.sig": keys.sign(raw)}), a, stick / name)

    refused(a, signed_with(old, old_chain, "old-key.yimi"), "已经停用的旧密钥")
    evil = keylib.DeviceKeys(*_fresh_keys(), folder=Path("."))
    forged = old_chain + [{"signing_public": evil.signing_public, "age_recipient": evil.age_recipient,
                           "endorsement": old.sign(keylib.rotation_statement(hub.device.identity, evil.signing_public,
                                                                             evil.age_recipient)).hex()}]
    refused(a, signed_with(evil, forged, "stolen-old-key.yimi"), "不认识的密钥")


HOSTILE_LINES = {
    "hlc not a string": {"hlc": 12},
    "hlc not digits": {"hlc": "abc"},
    "entity a list": {"entity": ["enterprise"]},
    "record id a dict": {"record_id": {"a": 1}},
    "value not JSON": {"value": "{not json"},
    "seq negative": {"seq": -1},
    "seq huge": {"seq": 10**30},
}


@pytest.mark.parametrize("case", list(HOSTILE_LINES))
def test_hostile_content_from_an_insider_is_refused_and_the_next_file_still_imports(county, case):
    from yimi_desktop.sync import hlc

    stick, hub, a, b = county
    change = {"device_id": b.device.device_id, "seq": b.sync.vector().get(b.device.device_id, 0) + 1,
              "hlc": hlc.encode(hlc.now_ms(), 0), "entity": "enterprise", "record_id": "e" * 32, "field": "name",
              "value": json.dumps("企业"), "base": "", **HOSTILE_LINES[case]}
    body = (json.dumps(change) + "\n").encode()
    bad = seal(rezip(signed_by(b, manifest_of(b, hub, change_count=1), {"changes.jsonl": body})), hub, stick / "a-bad.yimi")
    add_enterprise(a, 1)
    good = a.sync.export(stick)
    before = Untouched(hub)
    summary = hub.sync.import_paths([bad, good])
    assert [r.ok for r in summary.results] == [False, True]
    assert "Traceback" not in summary.results[0].message
    before.digest = hub.sync.digest()  # the good package changed it; the bad one did not
    before.log, before.vector = hub.sync.status().last_in, hub.sync.vector()
    assert hub.sync.import_file(bad).ok is False
    before.check()


def test_hostile_archives_are_refused_not_crashed(county):
    stick, hub, a, _ = county
    deep = rezip({"manifest.json": b"[" * 200_000, "manifest.sig": b"", "changes.jsonl": b""})
    refused(hub, seal(deep, hub, stick / "deep.yimi"), "损坏")
    m = manifest_of(a, hub, vector={hub.device.device_id: 10**30})
    refused(hub, seal(rezip(signed_by(a, m, {"changes.jsonl": b""})), hub, stick / "vector.yimi"), "损坏")
    odd = bytearray(rezip(signed_by(a, manifest_of(a, hub), {"changes.jsonl": b"x" * 100}), zipfile.ZIP_STORED))
    # an unknown compression method (99) in the local and central headers of changes.jsonl
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (i := odd.find(sig, start)) != -1:
            off = 8 if sig == b"PK\x03\x04" else 10
            name_len_off = 26 if sig == b"PK\x03\x04" else 28
            name_start = i + (30 if sig == b"PK\x03\x04" else 46)
            n = int.from_bytes(odd[i + name_len_off:i + name_len_off + 2], "little")
            if bytes(odd[name_start:name_start + n]) == b"changes.jsonl":
                odd[i + off:i + off + 2] = (99).to_bytes(2, "little")
            start = i + 4
    refused(hub, seal(bytes(odd), hub, stick / "method.yimi"), "签名后被改动过")


def test_enrolment_refused_for_a_slow_clock_changes_nothing_and_can_be_retried(county, tmp_path, monkeypatch):

    stick, hub, _, _ = county
    path = tmp_path / "old-laptop.db"
    old = init_services(path, "旧笔记本", DeviceRole.LAPTOP)
    add_enterprise(old, 7)
    old.close()
    e = hub.enrolment.issue("L7")
    with pytest.raises(DomainError, match="时钟"):  # this laptop's clock is three days behind
        enrol_services(path, e, clock=lambda: time.time() - 3 * 86400)
    lap = enrol_services(path, e)  # once the clock is set, the same file works
    try:
        assert lap.device.enrolled and lap.device.identity == e.identity_id and lap.enterprises.count() == 1
    finally:
        lap.close()
