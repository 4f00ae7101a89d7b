"""The proof a printed 走访记录表 carries in its QR code: a short digest of exactly what was printed, per
section and in whole, signed with the device key that signs sync packages (Ed25519).

The QR text stays readable (编号, enterprise, date, team) and ends with one line `核验：YM1.<code>`; the code is
base64url of 86 bytes:

    version (1) | key id (4: sha256 of the signing public key) | printed on (2: days since 2000-01-01)
    | digest of the whole record (8) | one byte per section (7) | Ed25519 signature (64)

The signature covers CONTEXT, the 编号 and the 22 bytes before it, so neither the number, the date nor a
digest can be changed without the key. The section bytes say which part changed since printing (one chance
in 256 that a change in a section goes unnoticed there; the whole digest still tells the record changed).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .data import VisitRecordData

VERSION = 1
CONTEXT = b"yimi-desktop printed visit record v1\n"
PREFIX = "YM1."
EPOCH = date(2000, 1, 1)
SECTIONS: tuple[tuple[str, str], ...] = (
    ("基本信息", "Visit and enterprise"), ("走访人员", "Officers"), ("企业参加人员", "Attendees"),
    ("宣讲政策", "Policies briefed"), ("走访情况", "Notes"), ("企业诉求及现场答复", "Issues and answers"),
    ("回访安排", "Follow-up"),
)


def section_texts(data: VisitRecordData) -> list[str]:
    """What each section of the form prints, as text (the same fields the form shows)."""
    basic = [data.record_no, data.enterprise, data.credit_code, data.township, data.contact, data.visit_date.isoformat(),
             data.time_range, data.place, data.team, data.visit_type]
    officers = [f"{n}|{u}|{p}" for n, u, p in (data.officer_rows or [(n, "", "") for n in data.officers])]
    return ["\x1f".join(basic), "\x1f".join(officers), "\x1f".join("|".join(a) for a in data.attendees),
            "\x1f".join("|".join(p) for p in data.policies), data.notes,
            "\x1f".join(f"{i.category}|{i.title}|{i.description}|{i.team}|{i.deadline}|{i.result}" for i in data.issues),
            data.follow_up]


def digests(data: VisitRecordData) -> tuple[bytes, bytes]:
    """(whole digest, 8 bytes; one byte per section)."""
    parts = section_texts(data)
    whole = hashlib.sha256("\x1e".join(parts).encode("utf-8")).digest()[:8]
    each = bytes(hashlib.sha256(p.encode("utf-8")).digest()[0] for p in parts)
    return whole, each


def key_id(signing_public_hex: str) -> bytes:
    return hashlib.sha256(bytes.fromhex(signing_public_hex)).digest()[:4]


def signed_bytes(record_no: str, head: bytes) -> bytes:
    return CONTEXT + record_no.encode("utf-8") + b"\n" + head


def make_code(data: VisitRecordData, signing_public_hex: str, sign: Callable[[bytes], bytes], printed_on: date) -> str:
    """The code for the QR: `sign(bytes) -> 64-byte signature` is the device key's."""
    whole, each = digests(data)
    head = bytes([VERSION]) + key_id(signing_public_hex) + (printed_on - EPOCH).days.to_bytes(2, "big") + whole + each
    return PREFIX + base64.urlsafe_b64encode(head + sign(signed_bytes(data.record_no, head))).decode().rstrip("=")


@dataclass(frozen=True)
class Scanned:
    record_no: str
    key_id: bytes
    printed_on: date
    whole: bytes
    sections: bytes
    head: bytes
    signature: bytes


NO_RE = re.compile(r"(?:编号|No\.)\s*[：:]\s*(\S+)")
CODE_RE = re.compile(re.escape(PREFIX) + r"([A-Za-z0-9_-]{100,})")


def parse(text: str) -> Scanned | None:
    """The 编号 and the code out of what a scanner read (any line order, extra blanks, a USB scanner's text)."""
    no, code = NO_RE.search(text or ""), CODE_RE.search(text or "")
    if not no or not code:
        return None
    raw = code.group(1)
    try:
        blob = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (ValueError, TypeError):
        return None
    if len(blob) != 86 or blob[0] != VERSION:
        return None
    head, sig = blob[:22], blob[22:]
    return Scanned(no.group(1), head[1:5], EPOCH + timedelta(days=int.from_bytes(head[5:7], "big")), head[7:15],
                   head[15:22], head, sig)


def changed_sections(scanned: Scanned, now: VisitRecordData, lang: str = "zh") -> list[str]:
    _, each = digests(now)
    pick = 1 if lang == "en" else 0
    return [SECTIONS[k][pick] for k in range(len(SECTIONS)) if each[k] != scanned.sections[k]]
