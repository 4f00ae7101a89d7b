"""The enrolment file (`NAME.yimi-enrol`): a standard age file in passphrase mode (`age -d` opens it
with the one-time code the hub's clerk tells the officer in person), holding a zip of
  enrolment.json   the laptop's identity and name, its private keys, the hub's identity and keys
  county.yimi      the county's current data: an ordinary signed package from the hub to the laptop
Reading and writing the format only: no database (services/enrolment.py registers and adopts).
"""

from __future__ import annotations

import io
import json
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyrage

from ..domain.display import show_name
from ..domain.errors import DomainError, Message
from . import keys as keylib

ENROL_SUFFIX = ".yimi-enrol"
ENROL_FORMAT = 1
CODE_DIGITS = 16
MAX_ENROL_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class Enrolment:
    """What an enrolment file carries, once opened with its code."""
    identity_id: str
    name: str
    issued_at: str
    hub_identity: str
    hub_name: str
    hub_chain: list[dict]
    material: keylib.KeyMaterial
    county: bytes

    @property
    def hub_fingerprint(self) -> str:
        return keylib.fingerprint(self.hub_chain[-1]["signing_public"])

    @property
    def fingerprint(self) -> str:
        return keylib.fingerprint(self.material.signing_public)


def new_code() -> str:
    digits = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    return "-".join(digits[i:i + 4] for i in range(0, CODE_DIGITS, 4))


def normalise_code(code: str) -> str:
    digits = re.sub(r"[\s\-—_]", "", code or "")
    if not re.fullmatch(rf"\d{{{CODE_DIGITS}}}", digits):
        raise DomainError(Message(f"注册码应为{CODE_DIGITS}位数字(可带空格或横线),请核对后重新输入。",
                                  f"The enrolment code is {CODE_DIGITS} digits (spaces or dashes allowed); check it and try again."))
    return "-".join(digits[i:i + 4] for i in range(0, CODE_DIGITS, 4))


def _bad_file(path: Path) -> DomainError:
    return DomainError(Message(f"注册文件已损坏或不是注册文件:{show_name(path)}", f"Not an enrolment file, or a damaged one: {show_name(path)}"))


def seal(e: Enrolment, code: str) -> bytes:
    """The enrolment file's bytes: encrypted with the code (age passphrase mode: scrypt)."""
    return pyrage.passphrase.encrypt(enrolment_bytes(e), normalise_code(code))


def enrolment_bytes(e: Enrolment) -> bytes:
    """The plaintext of an enrolment file: a zip of enrolment.json and county.yimi."""
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("enrolment.json", json.dumps({
            "format": ENROL_FORMAT, "identity": e.identity_id, "name": e.name, "issued_at": e.issued_at,
            "hub": {"identity": e.hub_identity, "name": e.hub_name, "keys": e.hub_chain},
            "keys": {"signing_pem": e.material.signing_pem, "age_secret": e.material.age_secret},
        }, ensure_ascii=False, indent=1))
        zf.writestr("county.yimi", e.county)
    return body.getvalue()


def _valid_key_entry(k: object) -> bool:
    if not isinstance(k, dict) or not isinstance(k.get("signing_public"), str) or not isinstance(k.get("age_recipient"), str):
        return False
    try:
        return len(bytes.fromhex(k["signing_public"])) == 32 and keylib.recipient(k["age_recipient"]) is not None
    except (ValueError, DomainError):
        return False


def read_enrolment(path: Path, code: str) -> Enrolment:
    """Open an enrolment file with its code; no database needed."""
    path = Path(path)
    code = normalise_code(code)
    try:
        size = path.stat().st_size
        if size > MAX_ENROL_BYTES:
            raise _bad_file(path)
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(Message(f"无法读取注册文件 {show_name(path)}:{exc.strerror}",
                                  f"Cannot read the enrolment file {show_name(path)}: {exc.strerror}")) from exc
    if not data.startswith(b"age-encryption.org/v1\n"):
        raise _bad_file(path)
    try:
        plain = pyrage.passphrase.decrypt(data, code)
    except pyrage.DecryptError as exc:
        raise DomainError(Message("注册码不对,或注册文件已损坏。请核对县级中心告诉您的注册码。",
                                  "Wrong enrolment code, or a damaged file. Check the code the hub gave you.")) from exc
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as zf:
            if sorted(zf.namelist()) != ["county.yimi", "enrolment.json"]:
                raise _bad_file(path)
            d = json.loads(zf.read("enrolment.json"))
            county = zf.read("county.yimi")
        if d.get("format") != ENROL_FORMAT:
            raise DomainError(Message("注册文件来自更新版本的软件,请先升级本机软件。",
                                      "The enrolment file comes from a newer version; upgrade this application first."))
        hub = d["hub"]
        material = keylib.KeyMaterial(d["keys"]["signing_pem"], d["keys"]["age_secret"])
        enrolment = Enrolment(d["identity"], d["name"], d["issued_at"], hub["identity"], hub["name"], list(hub["keys"]),
                              material, county)
        _ = (enrolment.material.signing_public, enrolment.material.age_recipient)  # parse both keys now
        if not enrolment.hub_chain or not all(_valid_key_entry(k) for k in enrolment.hub_chain) \
                or not all(isinstance(x, str) and x for x in (enrolment.identity_id, enrolment.name, enrolment.hub_identity)):
            raise _bad_file(path)
    except DomainError:
        raise
    except Exception as exc:  # any malformed content: one message
        raise _bad_file(path) from exc
    return enrolment


def consume_enrolment_file(path: Path) -> Message:
    """Delete a used enrolment file: it holds the laptop's private keys, and with its code it would set
    up a second laptop under the same identity. Says what happened."""
    try:
        Path(path).unlink()
    except OSError as exc:
        return Message(f"请手动删除U盘上的注册文件 {Path(path).name}(它含有本机的私钥):{exc.strerror}",
                       f"Delete the enrolment file {Path(path).name} from the stick by hand (it holds this laptop's keys): {exc.strerror}")
    return Message(f"注册文件 {Path(path).name} 已用过,已从U盘上删除。", f"The enrolment file {Path(path).name} is used and was deleted.")
