"""Keys of one installation: an Ed25519 signing key and age (X25519) identities, kept in a folder
beside the database (`x.db.keys/`, owner-only), so several databases on one machine stay separate.

  signing.key              the Ed25519 private key (PKCS#8 PEM)
  age-identity.txt         the current age identity, in age-keygen's format (`age -d -i` reads it)
  age-identity-retired-*.txt   earlier identities of a hub that rotated its keys, kept so packages
                           still encrypted to them can be opened

No database, no Qt: the registry of who is trusted lives in the services.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519

from ..domain.display import show_path
from ..domain.errors import DomainError, Message

SIGNING_FILE = "signing.key"
AGE_FILE = "age-identity.txt"
RETIRED_GLOB = "age-identity-retired-*.txt"
ROTATION_CONTEXT = b"yimi-desktop hub key rotation v1\n"


class KeyError_(DomainError):
    pass


def fingerprint(signing_public_hex: str) -> str:
    """What people compare by eye: 20 hex digits of the public key's sha256, in groups of four."""
    h = hashlib.sha256(bytes.fromhex(signing_public_hex)).hexdigest()[:20].upper()
    return " ".join(h[i:i + 4] for i in range(0, 20, 4))


KEY_CODE_DIGITS = 16
KEY_CODE_CONTEXT = b"yimi-desktop hub key code v1\n"


def key_code(signing_public_hex: str) -> str:
    """The short code a person reads out and types (16 digits, like the enrolment code) to confirm a
    hub's new key: digits of a hash of the public key. Making another key with the same code takes
    about 10^16 / 2 tries of key generation and hashing."""
    h = hashlib.sha256(KEY_CODE_CONTEXT + bytes.fromhex(signing_public_hex)).digest()
    digits = f"{int.from_bytes(h[:8], 'big') % 10**KEY_CODE_DIGITS:0{KEY_CODE_DIGITS}d}"
    return "-".join(digits[i:i + 4] for i in range(0, KEY_CODE_DIGITS, 4))


def normalise_key_code(code: str) -> str | None:
    """A typed code in the form key_code writes (spaces, dashes allowed), or None if it is not 16 digits."""
    digits = "".join(ch for ch in (code or "") if ch not in " -—_\t")
    if len(digits) != KEY_CODE_DIGITS or not digits.isdigit() or not digits.isascii():
        return None
    return "-".join(digits[i:i + 4] for i in range(0, KEY_CODE_DIGITS, 4))


def verify(signing_public_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(signing_public_hex)).verify(signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False


def recipient(age_recipient: str) -> x25519.Recipient:
    try:
        return x25519.Recipient.from_str(age_recipient)
    except Exception as exc:  # pyrage.RecipientError and friends
        raise KeyError_(Message("对方的加密公钥无效。", "The other side's encryption key is not valid.")) from exc


def _raw_public(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _identity_text(identity: x25519.Identity) -> str:
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return f"# created: {created}\n# public key: {identity.to_public()}\n{identity}\n"


def _parse_identity(text: str) -> x25519.Identity:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if len(lines) != 1:
        raise ValueError("not one identity")
    return x25519.Identity.from_str(lines[0])


@dataclass(frozen=True)
class KeyMaterial:
    """Private keys in transit (an enrolment file) or just made: PEM signing key and age secret."""
    signing_pem: str
    age_secret: str

    @classmethod
    def generate(cls) -> "KeyMaterial":
        return cls(_pem(Ed25519PrivateKey.generate()), str(x25519.Identity.generate()))

    @property
    def signing_public(self) -> str:
        return _raw_public(_load_signing(self.signing_pem.encode()))

    @property
    def age_recipient(self) -> str:
        return str(x25519.Identity.from_str(self.age_secret).to_public())


def _load_signing(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 key")
    return key


class DeviceKeys:
    """Loaded private keys: signs manifests and rotation statements, opens packages."""

    def __init__(self, signing: Ed25519PrivateKey, identities: list[x25519.Identity], folder: Path):
        self._signing = signing
        self.identities = identities  # current first
        self.folder = folder
        self.signing_public = _raw_public(signing)
        self.age_recipient = str(identities[0].to_public())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_public)

    @property
    def age_identity_file(self) -> Path:
        return self.folder / AGE_FILE

    def sign(self, data: bytes) -> bytes:
        return self._signing.sign(data)


def rotation_statement(identity_id: str, signing_public: str, age_recipient: str) -> bytes:
    """The bytes a hub's previous key signs to vouch for its next key."""
    return ROTATION_CONTEXT + f"{identity_id}\n{signing_public}\n{age_recipient}\n".encode()


class KeyStore:
    """The key folder of one database."""

    def __init__(self, db_path: Path):
        self.folder = Path(db_path).with_name(Path(db_path).name + ".keys")

    def exists(self) -> bool:
        return (self.folder / SIGNING_FILE).is_file() and (self.folder / AGE_FILE).is_file()

    def _missing(self) -> KeyError_:
        return KeyError_(Message(
            f"本机密钥文件不见了:{show_path(self.folder)}。如果移动过数据库,请把同名的 .keys 文件夹一起放回数据库旁边;"
            "否则请县级中心重新为本机注册。",
            f"This device's keys are missing: {show_path(self.folder)}. If the database was moved, put its .keys folder back "
            "beside it; otherwise ask the hub to enrol this device again."))

    def load(self) -> DeviceKeys:
        if not self.exists():
            raise self._missing()
        try:
            signing = _load_signing((self.folder / SIGNING_FILE).read_bytes())
            current = _parse_identity((self.folder / AGE_FILE).read_text())
            retired = [_parse_identity(p.read_text()) for p in sorted(self.folder.glob(RETIRED_GLOB), reverse=True)]
        except (OSError, ValueError, pyrage.IdentityError) as exc:
            raise KeyError_(Message(f"本机密钥文件已损坏:{show_path(self.folder)}", f"This device's key files are damaged: {show_path(self.folder)}")) from exc
        return DeviceKeys(signing, [current, *retired], self.folder)

    def _ensure_folder(self) -> None:
        self.folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(self.folder, 0o700)

    def _write_private(self, name: str, text: str) -> None:
        """Owner-only, written to a temporary name, flushed and renamed."""
        tmp = self.folder / f".{name}.tmp"
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.folder / name)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def install(self, material: KeyMaterial) -> DeviceKeys:
        """Put these keys in place (new keys at init, or the ones an enrolment file brought)."""
        self._ensure_folder()
        for old in self.folder.glob(RETIRED_GLOB):
            old.unlink()
        self._write_private(SIGNING_FILE, material.signing_pem)
        self._write_private(AGE_FILE, _identity_text(x25519.Identity.from_str(material.age_secret)))
        return self.load()

    def create(self) -> DeviceKeys:
        return self.install(KeyMaterial.generate())

    def rotate(self, new: KeyMaterial) -> DeviceKeys:
        """Put a hub's new keys in place; the old age identity is kept (retired) to open packages
        still encrypted to it."""
        stamp = datetime.now().strftime("%Y%m%d%H%M%S%f")
        retired = self.folder / f"age-identity-retired-{stamp}.txt"
        shutil.copy2(self.folder / AGE_FILE, retired)
        os.chmod(retired, 0o600)
        self._write_private(SIGNING_FILE, new.signing_pem)
        self._write_private(AGE_FILE, _identity_text(x25519.Identity.from_str(new.age_secret)))
        return self.load()


ISSUED_FILE = "issued.json"
RETIRED_FILE = "retired.json"


class HighWater:
    """The sequence numbers this database file has issued, per device id, kept in its keys folder
    (outside the database file): a backup copied over the live file in place (same path and
    inode) remembers fewer than this file does, and is recognised as a restore."""

    def __init__(self, db_path: Path):
        self.path = KeyStore(db_path).folder / ISSUED_FILE

    def read(self) -> dict[str, int]:
        try:
            data = json.loads(self.path.read_text())
            return {str(k): int(v) for k, v in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}

    def raise_to(self, device: str, next_seq: int) -> None:
        """Remember that `device` issued every sequence below `next_seq` (written atomically)."""
        marks = self.read()
        if marks.get(device, 0) >= next_seq:
            return
        marks[device] = next_seq
        _write_atomically(self.path, marks)

    # The device ids this file gave up after a restore or a clock far ahead (never the original's id
    # after a copy: that file lives on). Packages name them, so peers stop serving them as replicas.
    def retired(self) -> list[str]:
        try:
            data = json.loads((self.path.parent / RETIRED_FILE).read_text())
            return sorted({str(d) for d in data}) if isinstance(data, list) else []
        except (OSError, ValueError, TypeError):
            return []

    def retire(self, device: str) -> None:
        ids = self.retired()
        if device not in ids:
            _write_atomically(self.path.parent / RETIRED_FILE, sorted([*ids, device]))


def _write_atomically(path: Path, data: object) -> None:
    folder = path.parent
    folder.mkdir(mode=0o700, exist_ok=True)
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w") as fh:
            fh.write(json.dumps(data, sort_keys=True))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
