"""Trust admission: whether a package's signer may send it here, as a function over stored rows.

The caller (services/trust.py) reads the rows (the enrolled device at the hub; the trusted hub keys
on a laptop) and records what an admitted package brings; this module only decides, and refuses
with one line that says why:
- at the hub: a signer that is not enrolled, revoked, not a laptop, a bad signature, a package for
  someone else, or a second computer set up from an enrolment file another computer used first
  (its packages carry another enrolment root: `EnrolmentReused`, which the hub lists);
- on a laptop: not enrolled, not its hub, a bad signature, a key the hub rotated away from, a new key
  not vouched for by the one before, or a vouched-for new key whose confirmation code a person has
  not typed (`RotationUnconfirmed`: a holder of the old key alone could vouch for any key).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.clock import local_text
from ..domain.errors import DomainError, Message
from . import keys as keylib
from .package import Manifest, NotForUs, PackageError

HUB, LAPTOP = "hub", "laptop"  # DeviceRole values, as manifests carry them


def _refuse(zh: str, en: str) -> PackageError:
    return PackageError(Message(zh, en))


class RotationUnconfirmed(PackageError):
    """The hub rotated its keys: the laptop follows only once the new key's code, told by the hub in
    person or by phone, is typed here."""

    def __init__(self, message: Message, fingerprint: str):
        super().__init__(message)
        self.fingerprint = fingerprint


class EnrolmentReused(PackageError):
    """A second computer presents an enrolment file another computer used first."""


@dataclass(frozen=True)
class Admission:
    """A package whose signer is trusted and whose signature holds; what importing it records."""
    signer: str
    signer_name: str
    new_hub_keys: list[dict] = field(default_factory=list)  # laptop: keys a rotation vouched for
    root: str = ""  # hub: the sending laptop's enrolment root (LocalDevice.enrolment_root)


@dataclass(frozen=True)
class EnrolledKey:
    """At the hub: the stored row of the signer (storage.models.EnrolledDevice)."""
    identity_id: str
    name: str
    signing_public: str
    revoked_at: datetime | None
    root_device_id: str | None


@dataclass(frozen=True)
class Here:
    """This installation, as admission needs it."""
    role: str  # HUB or LAPTOP
    identity: str
    enrolled: bool = True
    hub_identity: str | None = None  # a laptop's hub


Verify = Callable[[str], bool]  # whether the manifest's signature holds for a public key (hex)


def admit_at_hub(m: Manifest, verify: Verify, here: Here, dev: EnrolledKey | None, name: str) -> Admission:
    if m.sender_role != LAPTOP:
        raise _refuse(f"县级中心只接收笔记本的数据包:{name}", f"The hub accepts packages from laptops only: {name}")
    if dev is None:
        raise _refuse(f"数据包来自未注册的设备“{m.sender_name}”,已拒绝:{name}。请先在“设备”中为它办理注册。",
                      f"The package comes from a device that is not enrolled ('{m.sender_name}'): {name}.")
    if dev.revoked_at is not None:
        when = local_text(dev.revoked_at, "%Y-%m-%d")
        raise _refuse(f"设备“{dev.name}”已于 {when} 注销,它的数据包不再接受:{name}",
                      f"The device '{dev.name}' was revoked on {when}; its packages are refused: {name}")
    _signed_for(m, verify, dev.signing_public, here, name)
    check_root(m.root, dev, name)
    return Admission(m.signer, dev.name, root=m.root)


def check_root(root: str, dev: EnrolledKey, name: str) -> None:
    """A package without a root comes from a release before roots; a first root is taken as given."""
    if root and dev.root_device_id and root != dev.root_device_id:
        raise EnrolmentReused(Message(
            f"这个数据包来自另一台用“{dev.name}”的注册文件注册的电脑(一个注册文件只能注册一台电脑),"
            f"已拒绝,并已记入“已注册设备”:{name}。请为那台电脑另行注册。",
            f"This package comes from a second computer set up with the enrolment file of '{dev.name}' "
            f"(an enrolment file sets up one computer); refused and listed under enrolled devices: {name}. "
            "Enrol that computer on its own."))


def admit_at_laptop(m: Manifest, verify: Verify, here: Here, trusted: list[str], hub_key_code: str | None,
                    name: str) -> Admission:
    """`trusted`: the hub's public keys this laptop trusts, oldest first (storage.models.HubKey)."""
    if not here.enrolled:
        raise _refuse(f"本机尚未注册,不能接收数据包:{name}。请用县级中心给的注册文件和注册码注册本机。",
                      f"This laptop is not enrolled and cannot take packages: {name}. Enrol it with the hub's file and code.")
    if m.sender_role != HUB or m.signer != here.hub_identity:
        raise _refuse(f"这个数据包不是本机所属的县级中心签发的,已拒绝:{name}",
                      f"This package was not signed by this laptop's hub: {name}")
    new_keys = hub_key_path(trusted, m.signing_key, m.hub_keys, m.signer, name)
    _signed_for(m, verify, m.signing_key, here, name)
    if new_keys:
        check_key_code(m.signing_key, hub_key_code, name)
    return Admission(m.signer, m.sender_name, new_keys)


def _signed_for(m: Manifest, verify: Verify, expected: str, here: Here, name: str) -> None:
    if m.signing_key != expected or not verify(expected):
        raise _refuse(f"数据包的签名不对:它可能是伪造的,或在签名后被改动过,已拒绝:{name}",
                      f"The package's signature does not hold: it may be forged or changed after signing: {name}")
    if m.recipient != here.identity:
        raise NotForUs(Message(f"这个数据包是发给另一台设备的,不是本机:{name}",
                               f"This package is addressed to another device, not this one: {name}"))


def check_key_code(signing_key: str, typed: str | None, name: str) -> None:
    fp = keylib.fingerprint(signing_key)
    if not typed:
        raise RotationUnconfirmed(Message(
            f"县级中心换了新密钥(指纹 {fp}):请向县级中心当面或打电话核对新密钥的确认码,在本机输入后再导入;"
            f"本机数据没有改动:{name}",
            f"The hub has new keys (fingerprint {fp}): get the new key's confirmation code from the hub in person "
            f"or by phone and type it here, then import again; nothing here was changed: {name}"), fp)
    code = keylib.normalise_key_code(typed)
    if code is None:
        raise RotationUnconfirmed(Message(
            f"新密钥确认码应为{keylib.KEY_CODE_DIGITS}位数字(可带空格或横线),请核对后重新输入:{name}",
            f"The new key's confirmation code is {keylib.KEY_CODE_DIGITS} digits (spaces or dashes allowed): {name}"), fp)
    if code != keylib.key_code(signing_key):
        raise RotationUnconfirmed(Message(
            f"输入的确认码与这个数据包中县级中心的新密钥不符,已拒绝,本机数据没有改动:{name}。"
            "请再向县级中心核对确认码;确认码无误的话,这个数据包可能是伪造的,请交给县级中心。",
            f"The code typed does not match the hub's new key in this package; refused, nothing changed: {name}. "
            "Check the code with the hub again; if it is right, this package may be forged: give it to the hub."), fp)


def hub_key_path(trusted: list[str], signing_key: str, chain: list[dict], hub_identity: str, name: str) -> list[dict]:
    """The hub's newest key this laptop trusts, or keys after it, each vouched for by the one
    before, up to the signing key. A key the hub has rotated away from is not accepted again
    (whoever copied it cannot use it after the rotation); what it signed was also in every later
    package, since a package carries everything not yet acknowledged."""
    newest = trusted[-1] if trusted else None
    if signing_key == newest:
        return []
    if signing_key in trusted:
        raise _refuse(f"这个数据包由县级中心已经停用的旧密钥签名,已拒绝:{name}。它的内容都在县级中心后来的数据包里。",
                      f"This package is signed by a hub key that has since been replaced: {name}. "
                      "Its content is in the hub's later packages.")
    untrusted = _refuse(f"数据包由县级中心不认识的密钥签名,已拒绝:{name}。如果县级中心换过密钥又重装过,请重新注册本机。",
                        f"The package is signed by a hub key this laptop does not trust: {name}.")
    publics = [k.get("signing_public") for k in chain]
    if newest is None or newest not in publics:
        raise untrusted
    added: list[dict] = []
    prev: str = newest
    for entry in chain[publics.index(newest) + 1:]:
        pub, rcpt, endorsement = entry.get("signing_public"), entry.get("age_recipient"), entry.get("endorsement")
        if not (isinstance(pub, str) and isinstance(rcpt, str) and isinstance(endorsement, str)) or pub in trusted:
            raise untrusted
        try:
            sig = bytes.fromhex(endorsement)
            keylib.recipient(rcpt)
        except (ValueError, DomainError) as exc:
            raise untrusted from exc
        if not keylib.verify(prev, sig, keylib.rotation_statement(hub_identity, pub, rcpt)):
            raise untrusted
        added.append({"signing_public": pub, "age_recipient": rcpt, "endorsement": endorsement})
        prev = pub
        if pub == signing_key:
            return added
    raise untrusted
