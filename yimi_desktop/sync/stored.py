"""The BLOB forms of a change's stored value (sync/log.py's docstring lists every form), read back to the
string they stand for. Imported by sync.log and sync.registry alike (no imports of its own)."""

from __future__ import annotations

import re


def blob_text(stored: bytes) -> str:
    """The string a BLOB stored value stands for (the JSON string's content)."""
    if len(stored) == 16:
        return stored.hex()
    if stored[:1] == b"\xff":
        return unpack_stamp(stored)
    return stored.decode("utf-8")


# an ISO time, date, date and time, or date and time with microseconds, as isoformat() writes them
_STAMP = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?)?")
STAMP_LENGTHS = frozenset((8, 10, 19, 26))
_PUNCTUATION = str.maketrans("", "", "-:T.")


def pack_stamp(inner: str) -> bytes | None:
    """The packed form of a JSON string's content that is an ISO stamp of one of the four shapes, else None."""
    if len(inner) not in STAMP_LENGTHS or not _STAMP.fullmatch(inner):
        return None
    return b"\xff" + bytes.fromhex(inner.translate(_PUNCTUATION))


def unpack_stamp(stored: bytes) -> str:
    h = stored[1:].hex()
    if len(stored) == 4:
        return f"{h[0:2]}:{h[2:4]}:{h[4:6]}"
    day = f"{h[0:4]}-{h[4:6]}-{h[6:8]}"
    if len(stored) == 5:
        return day
    second = f"{day}T{h[8:10]}:{h[10:12]}:{h[12:14]}"
    return second if len(stored) == 8 else f"{second}.{h[14:20]}"
