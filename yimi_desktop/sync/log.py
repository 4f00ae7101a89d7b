"""The compact change log's names and values: device ids, (entity, field) names and record ids interned
as this replica's small integers, hybrid-clock stamps as integers, a base "hlc@device" as
(base_hlc, base_dev). Packages keep the text forms (to_change turns a row back into their dict).

A value is stored (migrations 0023, 0031) in one of four forms, all read back by the `change_log` view
(VALUE_SQL) as the exact JSON text the change travels with:
* BLOB of 16 bytes: the JSON string of a 32-lowercase-hex id (a foreign key: `"<hex>"`, 34 bytes as text);
* BLOB starting with the byte 0xFF (which no UTF-8 text holds; 0031): the JSON string of an ISO stamp of one
  of four shapes, its digits packed two a byte (BCD, so SQL reads them back with `hex()`): after the marker 3
  bytes for a time "HH:MM:SS", 4 for a date "YYYY-MM-DD", 7 for "YYYY-MM-DDTHH:MM:SS", 10 for the same with
  ".ffffff" (the shapes `isoformat()` gives): 4, 5, 8 or 11 bytes in all instead of 8 to 26. Every record's
  created_at is one (26 bytes each as UTF-8);
* any other BLOB: the UTF-8 of a JSON string that needs no escape (no `"`, no `\\`): the text without its
  quotes (a 16-byte one stays text, so the two never mix);
* TEXT: the JSON as it is (numbers, null, booleans, strings with escapes; and whatever the importer
  writes, as the package has it); NULL: compacted (or a tombstone change, which has none).
`store_value` picks the form; `registry.from_json` reads all three.

Interned numbers are local: two replicas number the same device differently, so every order that must
agree between replicas (a field's winner, the export order) uses the device id string.
"""

from __future__ import annotations

import json
from typing import Any

from .registry import DELETED
from .stored import STAMP_LENGTHS, blob_text, pack_stamp

# the change log in its package form (migration 0018 creates the view); one row per change
VIEW = "change_log"
VIEW_COLUMNS = "device_id, seq, hlc, entity, record_id, field, value, base"


# the digits of a packed stamp: hex() of the BLOB after its marker byte (hex gives "FF" first)
_D = "substr(hex({v}), {a}, {n})"
_STAMP_SQL = ("'\"' || CASE WHEN length({v}) = 4 THEN " + " || ':' || ".join(_D.format(v="{v}", a=a, n=2) for a in (3, 5, 7))
              + " ELSE " + " || '-' || ".join(_D.format(v="{v}", a=a, n=n) for a, n in ((3, 4), (7, 2), (9, 2)))
              + " || CASE WHEN length({v}) = 5 THEN '' ELSE 'T' || "
              + " || ':' || ".join(_D.format(v="{v}", a=a, n=2) for a in (11, 13, 15))
              + " || CASE WHEN length({v}) = 8 THEN '' ELSE '.' || " + _D.format(v="{v}", a=17, n=6)
              + " END END END || '\"'")
VALUE_SQL = ("CASE WHEN typeof({v}) != 'blob' THEN {v} WHEN length({v}) = 16 THEN '\"' || lower(hex({v})) || '\"' "
             "WHEN substr({v}, 1, 1) = x'ff' THEN " + _STAMP_SQL + " "
             "ELSE '\"' || CAST({v} AS TEXT) || '\"' END")
_HEX = frozenset("0123456789abcdef")


def store_value(text: str | None) -> str | bytes | None:
    """The stored form of a change's JSON value text (see the module's docstring); exact: the view gives
    `text` back."""
    if text is None or len(text) < 2 or text[0] != '"' or text[-1] != '"':
        return text
    inner = text[1:-1]
    if '"' in inner or "\\" in inner or "\x00" in inner:
        return text
    if len(inner) == 32 and _HEX.issuperset(inner):
        return bytes.fromhex(inner)
    if len(inner) in STAMP_LENGTHS:
        packed = pack_stamp(inner)
        if packed is not None:
            return packed
    try:
        raw = inner.encode("utf-8")
    except UnicodeEncodeError:
        return text
    return text if len(raw) == 16 else raw


def value_text(stored: str | bytes | None) -> str | None:
    """The JSON text of a stored value (what VALUE_SQL computes in SQL)."""
    if not isinstance(stored, bytes):
        return stored
    return '"' + blob_text(stored) + '"'


def hlc_int(stamp: str) -> int:
    return int(stamp)


def hlc_text(n: int | None) -> str:
    return "" if n is None else f"{int(n):021d}"


def parse_base(base: str | None) -> tuple[int | None, str | None]:
    """(hlc, device) of a base "hlc@device"; (None, None) for "". A malformed base is refused (ValueError):
    it could not be stored so that it reads back the same."""
    if not base:
        return None, None
    h, sep, d = base.partition("@")
    if not sep or len(h) != 21 or not h.isdigit() or not d:
        raise ValueError(f"malformed base {base!r}")
    return int(h), d


def base_text(h: int | None, device: str | None) -> str:
    return "" if h is None or device is None else f"{hlc_text(h)}@{device}"


class Names:
    """Interning on one DB-API cursor (inside the caller's transaction), cached."""

    def __init__(self, cur: Any):
        self.cur = cur
        self._dev: dict[str, int] = {}
        self._fld: dict[tuple[str, str], int] = {}
        self._rec: dict[str, int] = {}

    def device(self, device_id: str) -> int:
        n = self._dev.get(device_id)
        if n is None:
            self.cur.execute("INSERT INTO sync_device(device_id) VALUES (?) ON CONFLICT DO NOTHING", (device_id,))
            n = self.cur.execute("SELECT n FROM sync_device WHERE device_id=?", (device_id,)).fetchone()[0]
            self._dev[device_id] = n
        return n

    def field(self, entity: str, fname: str) -> int:
        key = (entity, fname)
        n = self._fld.get(key)
        if n is None:
            self.cur.execute("INSERT INTO sync_field(entity, field) VALUES (?, ?) ON CONFLICT DO NOTHING", key)
            n = self.cur.execute("SELECT n FROM sync_field WHERE entity=? AND field=?", key).fetchone()[0]
            self._fld[key] = n
        return n

    def known_record(self, record_id: str) -> int | None:
        n = self._rec.get(record_id)
        if n is None:
            row = self.cur.execute("SELECT n FROM sync_record WHERE record_id=?", (record_id,)).fetchone()
            if row is not None:
                n = self._rec[record_id] = row[0]
        return n

    def record(self, record_id: str) -> tuple[int, bool]:
        """(number, whether it is new here)."""
        n = self.known_record(record_id)
        if n is not None:
            return n, False
        self.cur.execute("INSERT INTO sync_record(record_id) VALUES (?)", (record_id,))
        n = self._rec[record_id] = self.cur.lastrowid
        return n, True

    def records(self, record_ids: list[str]) -> dict[str, int]:
        """Numbers of many records at once (set-based: one INSERT OR IGNORE and one SELECT per chunk)."""
        missing = sorted({r for r in record_ids if r not in self._rec})
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            self.cur.executemany("INSERT INTO sync_record(record_id) VALUES (?) ON CONFLICT DO NOTHING",
                                 [(r,) for r in chunk])
            marks = ",".join("?" * len(chunk))
            for n, r in self.cur.execute(f"SELECT n, record_id FROM sync_record WHERE record_id IN ({marks})", chunk):
                self._rec[r] = n
        return {r: self._rec[r] for r in record_ids}


def is_compacted(field: str, value: str | None) -> bool:
    """A change whose value compaction dropped (a tombstone change never had one)."""
    return value is None and field != DELETED


def winners_sql(keys_json: str) -> tuple[str, tuple]:
    """SQL of the winning (hlc, device id) of each (rec_n, field_n) in `keys_json` (a JSON list of pairs):
    the highest hlc, ties broken by the device id string (as on every replica)."""
    return ("WITH k(rec_n, field_n) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
            "FROM json_each(?)) "
            "SELECT k.rec_n, k.field_n, c.hlc, max(d.device_id) FROM k CROSS JOIN change AS c "
            "ON c.rec_n = k.rec_n AND c.field_n = k.field_n "
            "AND c.hlc = (SELECT max(m.hlc) FROM change AS m WHERE m.rec_n = k.rec_n AND m.field_n = k.field_n) "
            "JOIN sync_device AS d ON d.n = c.device_n GROUP BY k.rec_n, k.field_n", (keys_json,))


def creations_sql(recs_json: str) -> tuple[str, tuple]:
    """SQL of the creation (hlc, device id) of each rec_n in `recs_json` (a JSON list): its earliest change,
    ties broken by the lowest device id string."""
    return ("WITH k(rec_n) AS (SELECT value FROM json_each(?)) "
            "SELECT k.rec_n, c.hlc, min(d.device_id) FROM k CROSS JOIN change AS c ON c.rec_n = k.rec_n "
            "AND c.hlc = (SELECT min(m.hlc) FROM change AS m WHERE m.rec_n = k.rec_n) "
            "JOIN sync_device AS d ON d.n = c.device_n GROUP BY k.rec_n", (recs_json,))


def pairs_json(pairs: list[tuple[int, int]]) -> str:
    return json.dumps(pairs, separators=(",", ":"))
