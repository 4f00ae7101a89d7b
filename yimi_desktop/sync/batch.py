"""Set-based import: a package's changes staged in TEMP tables and applied with a few statements.

Each line is decoded once into the staging table `temp.imp`: a line in the exporter's canonical form
(CANONICAL) is taken apart by the pattern's groups, its value's stored form (log.store_value) and, where
plain, the value as its column takes it found from the alternative it matched; any other line is decoded
by Python's json with the reader's own check (package.valid_change), so what a line means never depends
on the decoder (tests/unit/test_sync_batch.py checks the two agree). Then, inside the caller's one
transaction:

- checks, each as one query, the earliest failing line deciding the message (as when the stream was
  checked change by change): damaged lines, stamps too far ahead, the hub's binding guard, the
  same (device, seq) with other content;
- per device the changes that continue its sequence without a gap are applied, the rest are
  duplicates or wait for a missing package (gaps);
- devices, fields and records interned in bulk, the log rows in one INSERT ... SELECT;
- each touched (record, field)'s winner over the whole log (highest hlc, ties by the device id
  string) by one query on ix_change_field;
- per table: new tombstones and deletions; one UPDATE ... FROM of the existing rows whose winners
  arrived; one INSERT OR IGNORE ... SELECT of the records not held yet, made whole from their
  winners (a record whose winner of some field is value-less, compacted at the sender, waits for
  that winner; a record that cannot be made whole -- a NOT NULL field never received -- stays
  unmaterialised as before);
- conflicts (two devices replacing the same version of a field) as one grouped query over the
  touched fields, issue states re-derived by the one fold (merge.issue_states) for the touched
  issues, the held vector upserted.

The result is the final state the log implies (last writer wins per field over everything held),
independent of the order the changes arrive in. Values reach the tables in exactly the form the
per-change path stored (registry.from_json and the column's bind processor, or the same value
taken by SQLite where the two provably agree: JSON text for a text column, JSON integers for an
integer column, true/false for a boolean, null).
"""

from __future__ import annotations

import json
import re
from datetime import date
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (Boolean, Connection, Date, DateTime, Integer, String, Text, Time, bindparam, column, text,
                        update)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..domain import lifecycle
from ..storage.models import Issue, IssueEvent, SyncConflict, utcnow
from . import hlc as hlclib
from . import roles
from .merge import (STATE_COLUMNS, ApplyStats, EventStamp, authored_by_hub, conflict_id, event_data, event_order,
                    state_columns)
from .log import VALUE_SQL, base_text, hlc_text, store_value
from .stored import STAMP_LENGTHS, pack_stamp
from .registry import DELETED, LOCAL_COLUMNS, from_json, replicated_tables

KEYS = ("device_id", "seq", "hlc", "entity", "record_id", "field", "value", "base")
APPLIED, DUPLICATE, GAP = 0, 1, 2

_TEMP = [
    # value: the change's JSON text; stored: its form in the log (log.store_value)
    # fast 1: dbvalue is the value as the table takes it (found when staged), else _DBVALUE finds it
    "CREATE TEMP TABLE imp (ord INTEGER PRIMARY KEY, device_id, seq, hlc, entity, record_id, field, value, stored, base, "
    "fast INTEGER DEFAULT 0, dbvalue, "
    "state INTEGER, dev_n INTEGER, rec_n INTEGER, field_n INTEGER, base_hlc INTEGER, base_dev INTEGER)",
    "CREATE TEMP TABLE imp_dev (device_id TEXT PRIMARY KEY, held INTEGER, n INTEGER, k INTEGER, lo INTEGER, hi INTEGER, "
    "dups INTEGER, first_new INTEGER, top INTEGER)",
    "CREATE TEMP TABLE imp_first (device_id TEXT, seq INTEGER, ord INTEGER, PRIMARY KEY (device_id, seq)) WITHOUT ROWID",
    "CREATE TEMP TABLE imp_col (field_n INTEGER PRIMARY KEY, entity TEXT, field TEXT, kind TEXT, derived INTEGER)",
    "CREATE TEMP TABLE imp_rec (entity TEXT, rec_n INTEGER, record_id TEXT, tomb INTEGER, has_row INTEGER, "
    "del_ord INTEGER, prior INTEGER, shape TEXT, compacted INTEGER, dev TEXT, PRIMARY KEY (entity, rec_n)) WITHOUT ROWID",
    "CREATE TEMP TABLE imp_issue (id TEXT PRIMARY KEY)",
    "CREATE TEMP TABLE imp_win (rec_n INTEGER, field_n INTEGER, hlc INTEGER, device_id TEXT, value, "
    "compacted INTEGER, in_batch INTEGER, PRIMARY KEY (rec_n, field_n)) WITHOUT ROWID",
]
_NAMES = ("imp", "imp_dev", "imp_first", "imp_col", "imp_rec", "imp_issue", "imp_win")

_NUMBERS = "dev_n, field_n, rec_n, base_hlc, base_dev"
_NUMBER = ("(SELECT n FROM sync_device WHERE device_id = {x}.device_id), "
           "(SELECT n FROM sync_field WHERE entity = {x}.entity AND field = {x}.field), "
           "(SELECT n FROM sync_record WHERE record_id = {x}.record_id), "
           "CASE WHEN instr({x}.base, '@') = 22 THEN CAST(substr({x}.base, 1, 21) AS INTEGER) END, "
           "CASE WHEN instr({x}.base, '@') = 22 THEN (SELECT n FROM sync_device WHERE device_id = substr({x}.base, 23)) END")
_STAGED = "ord, device_id, seq, hlc, entity, record_id, field, value, stored, base"
# a staged row whose device, field, record or base was not numbered when staged
_UNNUMBERED = ("dev_n IS NULL OR field_n IS NULL OR rec_n IS NULL "
               "OR (base != '' AND (base_hlc IS NULL OR base_dev IS NULL))")
_MAX_INT = 2**63 - 1
_CHUNK = 2000  # lines taken apart before their records are numbered together


def _base_numbers(base: str, device: Callable[[str], int]) -> tuple[int | None, int | None]:
    """(base_hlc, base_dev) of a base "hlc@device" as _NUMBER finds them, where that is plain (21 ASCII
    digits, '@', a device name; `device` numbers it); else (None, None), left to SQL."""
    digits = base[:21]
    if base.find("@") != 21 or len(base) == 22 or not (digits.isascii() and digits.isdigit()) \
            or int(digits) > _MAX_INT:
        return None, None
    return int(digits), device(base[22:])

# A line exactly as the exporter writes it: the eight keys once each, in order, of the types valid_change
# wants, strings without escapes but those of a JSON text inside a string (\" \\ \/ \b \f \n \r \t) and
# no control characters. Such a line means the same to this pattern's groups as to Python's json (and
# passes valid_change); any other line is decoded by Python. The value's alternatives: null; the JSON
# string of a hex id; a JSON string needing no escape; a JSON text with no quote or backslash (a number,
# true, false); any other (decoded by json).
_STR = r'"(?:[^"\\\x00-\x1f]++|\\["\\/bfnrt])*+"'
_PLAIN = r'[^"\\\x00-\x1f]'
CANONICAL = re.compile(
    r'\{"device_id":"([0-9A-Za-z_-]{1,64})","seq":([1-9][0-9]{0,17}),"hlc":"([0-9]{21})",'
    rf'"entity":"({_PLAIN}{{1,64}})","record_id":"({_PLAIN}{{1,64}})","field":"({_PLAIN}{{1,64}})",'
    rf'"value":(?:(null)|"\\"([0-9a-f]{{32}})\\""|"\\"({_PLAIN}*+)\\""|"({_PLAIN}*+)"|({_STR})),'
    rf'"base":"({_PLAIN}*)"\}}\n?')


_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOL = {"true": 1, "false": 0}


def _canonical_row(ord_: int, m: re.Match, kinds: dict[tuple[str, str], str]) -> tuple:
    """(ord, device_id, seq, hlc, entity, record_id, field, value, stored, base, fast, dbvalue) of a canonical
    line: the value's JSON text and its stored form (log.store_value), both found from the alternative it
    matched; and where that alternative and the column's kind (`kinds`) make it plain, the value as the
    table takes it (`fast` 1: what _DBVALUE gives, so SQL need not find it)."""
    dev, seq, stamp, entity, rid, fname, null, hexid, simple, plain, other, base = m.groups()
    kind = kinds.get((entity, fname))
    fast, dbvalue = 0, None
    if null is not None:
        value: str | None = None
        stored: str | bytes | None = None
        fast = 1
    elif hexid is not None:
        value = f'"{hexid}"'
        stored = bytes.fromhex(hexid)
        if kind == "text":
            fast, dbvalue = 1, hexid
    elif simple is not None:
        value = f'"{simple}"'
        stored = pack_stamp(simple) if len(simple) in STAMP_LENGTHS else None
        if stored is None:
            raw = simple.encode("utf-8")
            stored = value if len(raw) == 16 else raw
        if kind == "text":
            fast, dbvalue = 1, simple
        elif kind == "date" and _DATE.fullmatch(simple):
            try:
                date.fromisoformat(simple)
                fast, dbvalue = 1, simple
            except ValueError:
                pass
    elif plain is not None:
        value = stored = plain
        if plain == "null":
            fast = 1
        elif kind == "int" and len(plain) < 16 and _INT.fullmatch(plain):
            fast, dbvalue = 1, int(plain)
        elif kind == "bool" and plain in _BOOL:
            fast, dbvalue = 1, _BOOL[plain]
    else:
        value = json.loads(other)
        stored = store_value(value)
    return ord_, dev, int(seq), stamp, entity, rid, fname, value, stored, base, fast, dbvalue


def column_kind(t: Any) -> str:
    """How SQLite may take a change's value for a column of type `t` (see _DBVALUE)."""
    return ("bool" if isinstance(t, Boolean) else "int" if isinstance(t, Integer)
            else "datetime" if type(t) is DateTime and not t.timezone else "date" if type(t) is Date
            else "time" if type(t) is Time and not t.timezone
            else "text" if isinstance(t, (String, Text)) and type(t).__name__ in ("String", "Text", "VARCHAR")
            else "py")


# a change's value as stored: taken by SQLite where that provably equals the per-change path (JSON text for a
# text column, a JSON integer for an integer column, true/false for a boolean, null), else by registry.from_json
_DBVALUE = ("CASE WHEN {v} IS NULL OR {v} = 'null' THEN NULL "
            "WHEN k.kind = 'text' AND json_type({v}) = 'text' AND instr({v}, '\\u') = 0 THEN json_extract({v}, '$') "
            "WHEN k.kind = 'int' AND json_type({v}) = 'integer' AND length({v}) < 16 THEN json_extract({v}, '$') "
            "WHEN k.kind = 'bool' AND {v} = 'true' THEN 1 WHEN k.kind = 'bool' AND {v} = 'false' THEN 0 "
            # ISO dates and times as SQLAlchemy stores them; anything else (or invalid) goes to from_json
            # (date() takes any day up to 31 as it is; '+0 days' normalises 2026-02-30 to 2026-03-02, so only a
            # real date is its own normal form; a year 0000 is no date for Python)
            "WHEN k.kind = 'date' AND length({v}) = 12 AND date(json_extract({v}, '$'), '+0 days') IS json_extract({v}, '$') "
            "AND substr({v}, 2, 4) != '0000' "
            "THEN json_extract({v}, '$') "
            "WHEN k.kind = 'datetime' AND length({v}) IN (21, 28) AND substr({v}, 12, 1) = 'T' "
            "AND datetime(substr({v}, 2, 19), '+0 days') IS replace(substr({v}, 2, 19), 'T', ' ') "
            "AND substr({v}, 2, 4) != '0000' "
            "AND (length({v}) = 21 OR substr({v}, 21, 8) GLOB '.[0-9][0-9][0-9][0-9][0-9][0-9]\"') "
            "THEN replace(substr({v}, 2, 19), 'T', ' ') || CASE WHEN length({v}) = 21 THEN '.000000' "
            "ELSE substr({v}, 21, 7) END "
            "WHEN k.kind = 'time' AND length({v}) IN (10, 17) AND time(substr({v}, 2, 8)) IS substr({v}, 2, 8) "
            "AND substr({v}, 2, 2) < '24' "  # (time() takes 24:00:00)
            "AND (length({v}) = 10 OR substr({v}, 10, 8) GLOB '.[0-9][0-9][0-9][0-9][0-9][0-9]\"') "
            "THEN substr({v}, 2, 8) || CASE WHEN length({v}) = 10 THEN '.000000' ELSE substr({v}, 10, 7) END "
            "ELSE yimi_import_value(k.field_n, {v}) END")


@dataclass
class Refusal:
    """A check failed at line `ord` (the earliest failing line decides, as a stream would)."""
    ord: int
    rank: int  # at one line: ahead (0) before the binding guard (1) before a collision (2)
    error: Exception


class Staging:
    """The TEMP tables of one import on the caller's DB-API cursor."""

    def __init__(self, cur: Any, kinds: dict[tuple[str, str], str]):
        self.cur = cur
        self.kinds = kinds  # (entity, field) -> column_kind, of the known replicated columns
        # known from the staged lines (else None: found by SQL): whether they are in the exporter's order,
        # and whether each device's sequence numbers rise from line to line
        self.sorted: bool | None = None
        self.rising: bool | None = None
        for name in _NAMES:
            cur.execute(f"DROP TABLE IF EXISTS temp.{name}")
        for sql in _TEMP:
            cur.execute(sql)
        # the names this replica has numbered already: a canonical line of known names is numbered when
        # staged (what number()'s lookups would give); the rest are interned and numbered by SQL
        self.devices: dict[str, int] = dict(cur.execute("SELECT device_id, n FROM sync_device"))
        self.fields: dict[tuple[str, str], int] = {(e, f): n for e, f, n in cur.execute(
            "SELECT entity, field, n FROM sync_field")}
        # a device new here is staged with the number it will take when interned (the next free ones)
        self.top = max(self.devices.values(), default=0)
        self.pending: dict[str, int] = {}
        self.field_top = max(self.fields.values(), default=0)
        self.new_fields: dict[tuple[str, str], int] = {}
        self.numbered = True  # every staged row's device, field, record and base numbered when staged
        # a record new here likewise: staged with the next free numbers
        self.rec_top = _first(cur, "SELECT coalesce(max(n), 0) FROM sync_record")
        self.new_records = 0
        self.records: dict[str, int] = {}  # record id -> number, of the records staged

    def drop(self) -> None:
        for name in _NAMES:
            self.cur.execute(f"DROP TABLE IF EXISTS temp.{name}")

    # ---- staging ----------------------------------------------------------------------------------
    def lines(self, lines: Iterable[bytes], decode: Callable[[bytes], dict]) -> int | None:
        """Stage raw package lines; returns the first damaged line's number (or None). A line in the
        exporter's canonical form (CANONICAL) is taken apart by the pattern's groups; any other is decoded
        by `decode`, the reader's own decoding of one line (a dict that passed valid_change, or raises)."""
        odd: list[tuple[int, bytes]] = []
        order = {"sorted": True, "rising": True}
        last: dict[str, int] = {}

        def rows() -> Iterator[tuple]:
            match = CANONICAL.fullmatch
            kinds, records = self.kinds, self.records
            devices, fields = dict(self.devices), dict(self.fields)  # (with those new here, once seen)

            def device(d: str) -> int:
                n = devices.get(d)
                if n is None:
                    n = devices[d] = self.pending.setdefault(d, self.top + 1 + len(self.pending))
                return n
            look = self.cur.connection.cursor()  # (a second cursor: this one is inserting the rows)
            prev = ("", "")
            chunk: list[tuple] = []
            it = enumerate(lines)
            while True:
                # a chunk of lines taken apart, then their records numbered (those new to this package looked up
                # together), then staged with every number
                chunk.clear()
                unknown: dict[str, None] = {}
                taken = 0
                for i, line in islice(it, _CHUNK):
                    taken += 1
                    try:
                        m = match(line.decode("utf-8"))
                    except UnicodeDecodeError:
                        m = None
                    if m is None:
                        odd.append((i, line))
                        continue
                    row = _canonical_row(i, m, kinds)
                    chunk.append(row)
                    if row[5] not in records:
                        unknown[row[5]] = None
                    # the exporter's order, (hlc, device) never decreasing from line to line, and each
                    # device's seq rising (so each of its sequence numbers comes once)
                    dev, seq, key = row[1], row[2], (row[3], row[1])
                    if key < prev:
                        order["sorted"] = False
                    prev = key
                    if seq <= last.get(dev, 0):
                        order["rising"] = False
                    last[dev] = seq
                if unknown:
                    self._number_records(look, list(unknown))
                for row in chunk:
                    dn = devices.get(row[1])
                    if dn is None:
                        dn = device(row[1])
                    fn = fields.get((row[4], row[6]))
                    if fn is None:  # (a field new here: the number it will take, see number())
                        fn = fields[(row[4], row[6])] = self.new_fields.setdefault(
                            (row[4], row[6]), self.field_top + 1 + len(self.new_fields))
                    base = row[9]
                    if base:
                        bh, bd = _base_numbers(base, device)
                        if bh is None:
                            self.numbered = False
                    else:
                        bh = bd = None
                    yield row + (dn, fn, records[row[5]], bh, bd)
                if taken < _CHUNK:
                    return

        self.cur.executemany(f"INSERT INTO imp({_STAGED}, fast, dbvalue, dev_n, field_n, rec_n, base_hlc, base_dev, state) "
                             "VALUES (?, ?, ?, CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", rows())
        if not odd:  # (a line decoded by Python leaves these to SQL)
            self.sorted, self.rising = order["sorted"], order["rising"]
        else:
            self.numbered = False
        damaged = None
        fixed = []
        for ord_, line in odd:
            try:
                fixed.append((ord_, *self._row(decode(line))))
            except Exception:
                damaged = ord_
                break
        if fixed:
            self.cur.executemany(f"INSERT INTO imp({_STAGED}, state) VALUES (?,?,?,?,?,?,?,?,?,?,0)", fixed)
        return damaged

    def _number_records(self, look: Any, ids: list[str]) -> None:
        """The numbers of records first seen in this package: held ones looked up together, new ones given the
        numbers they will take (see number()), in the order first seen."""
        for j in range(0, len(ids), 500):
            part = ids[j:j + 500]
            marks = ",".join("?" * len(part))
            self.records.update((r, n) for n, r in look.execute(
                f"SELECT n, record_id FROM sync_record WHERE record_id IN ({marks})", part))
        for r in ids:
            if r not in self.records:
                self.new_records += 1
                self.records[r] = self.rec_top + self.new_records

    def number(self) -> None:
        """Intern the names of the changes to apply (in bulk) and number them: those new here with the numbers
        they were staged with, then (by SQL) whatever was not numbered when staged (a line Python decoded, a
        field new here, a number taken meanwhile)."""
        cur = self.cur
        for d, k in self.pending.items():  # devices new here, staged with the number they take now
            if not _first(cur, "SELECT 1 FROM imp WHERE state = 0 AND (dev_n = ? OR base_dev = ?) LIMIT 1", (k, k)):
                continue  # (only in changes not applied: not interned)
            if _first(cur, "SELECT count(*) FROM sync_device WHERE n = ? OR device_id = ?", (k, d)) == 0:
                cur.execute("INSERT INTO sync_device(n, device_id) VALUES (?, ?)", (k, d))
            else:  # (not free any more: numbered by SQL below, as a line Python decoded)
                cur.execute("UPDATE imp SET dev_n = CASE WHEN dev_n = ? THEN NULL ELSE dev_n END, base_dev = CASE "
                            "WHEN base_dev = ? THEN NULL ELSE base_dev END WHERE state = 0 AND (dev_n = ? OR base_dev = ?)",
                            (k, k, k, k))
                self.numbered = False
        for (e, f), k in self.new_fields.items():  # fields new here likewise
            if not _first(cur, "SELECT 1 FROM imp WHERE state = 0 AND field_n = ? LIMIT 1", (k,)):
                continue
            if _first(cur, "SELECT count(*) FROM sync_field WHERE n = ? OR (entity = ? AND field = ?)", (k, e, f)) == 0:
                cur.execute("INSERT INTO sync_field(n, entity, field) VALUES (?, ?, ?)", (k, e, f))
            else:
                cur.execute("UPDATE imp SET field_n = NULL WHERE state = 0 AND field_n = ?", (k,))
                self.numbered = False
        if self.new_records:  # records new here, staged with the numbers they take now (if still free)
            if _first(cur, "SELECT coalesce(max(n), 0) FROM sync_record") == self.rec_top:
                cur.execute("INSERT INTO sync_record(n, record_id) SELECT rec_n, min(record_id) FROM imp "
                            "WHERE state = 0 AND rec_n > ? GROUP BY rec_n", (self.rec_top,))
            else:
                cur.execute("UPDATE imp SET rec_n = NULL WHERE rec_n > ?", (self.rec_top,))
                self.numbered = False
        if not self.numbered:
            cur.execute("INSERT OR IGNORE INTO sync_device(device_id) SELECT device_id FROM imp WHERE state = 0 "
                        "AND dev_n IS NULL UNION SELECT substr(base, 23) FROM imp WHERE state = 0 "
                        "AND instr(base, '@') = 22 AND base_dev IS NULL")
            cur.execute("INSERT OR IGNORE INTO sync_field(entity, field) SELECT DISTINCT entity, field FROM imp "
                        "WHERE state = 0 AND field_n IS NULL")
            cur.execute("INSERT OR IGNORE INTO sync_record(record_id) SELECT record_id FROM imp WHERE state = 0 "
                        "AND rec_n IS NULL")
            cur.execute(f"UPDATE imp SET ({_NUMBERS}) = (SELECT {_NUMBER.format(x='imp')}) WHERE state = 0 "
                        f"AND ({_UNNUMBERED})")

    @staticmethod
    def _row(ch: dict) -> tuple:
        value = ch.get("value")
        return (ch["device_id"], ch["seq"], int(ch["hlc"]), ch["entity"], ch["record_id"], ch["field"],
                value, store_value(value), ch.get("base", ""))

    def dicts(self, changes: Iterable[dict]) -> None:
        """Stage decoded changes (a salvaged database's rows)."""
        self.numbered = False  # (numbered by SQL)
        self.cur.executemany(f"INSERT INTO imp({_STAGED}, state) VALUES (?,?,?,?,?,?,?,?,?,?,0)",
                             ((i, *self._row(ch)) for i, ch in enumerate(changes)))


def _first(cur: Any, sql: str, params: tuple = ()) -> Any:
    row = cur.execute(sql, params).fetchone()
    return None if row is None else row[0]


class BatchApplier:
    """Applies the staged changes (see the module's docstring)."""

    def __init__(self, conn: Connection, own_device: str):
        self.conn = conn
        self.own = own_device
        dbapi = conn.connection.driver_connection
        assert dbapi is not None
        self.cur = dbapi.cursor()
        self.tables = replicated_tables()
        self.stats = ApplyStats()
        self.stage = Staging(self.cur, {(name, c.name): column_kind(c.type) for name, t in self.tables.items()
                                        for c in t.columns if c.name not in LOCAL_COLUMNS})
        dialect = conn.dialect
        self._bind = {name: {c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in t.columns}
                      for name, t in self.tables.items()}
        self._fields: dict[int, tuple[str, str]] = {}
        self.cur.connection.create_function("yimi_import_value", 2, self._value, deterministic=True)

    def close(self) -> None:
        self.stage.drop()

    # ---- values ---------------------------------------------------------------------------------
    def _value(self, field_n: int, text: str) -> Any:
        """A change's value as the per-change path stored it (registry.from_json, then the column's bind processor)."""
        entity, fname = self._fields[field_n]
        value = from_json(self.tables[entity], fname, text)
        proc = self._bind[entity].get(fname)
        return proc(value) if proc and value is not None else value

    # ---- checks ---------------------------------------------------------------------------------
    def classify(self) -> None:
        """Duplicates, gaps and the changes applied (per device: those continuing its sequence)."""
        cur = self.cur
        cur.execute("INSERT INTO imp_dev(device_id, held) SELECT i.device_id, coalesce(h.seq, 0) FROM "
                    "(SELECT DISTINCT device_id FROM imp) AS i LEFT JOIN sync_device AS d ON d.device_id = i.device_id "
                    "LEFT JOIN sync_held AS h ON h.device_n = d.n")
        # per device (one pass): the changes held here already (duplicates), whether the others continue
        # its sequence, each once (the usual package, or one that also carries what was held: a full
        # export), the first line beyond what is held (the hub's binding guard) and the newest stamp
        new = "CASE WHEN i.seq > d.held THEN {} END"
        cur.execute(
            "UPDATE imp_dev SET (n, k, lo, hi, dups, first_new, top) = (a.n, a.k, a.lo, a.hi, a.dups, a.first_new, a.top) "
            f"FROM (SELECT i.device_id, count({new.format('i.seq')}) AS n, "
            f"{'count(' if self.stage.rising else 'count(DISTINCT '}{new.format('i.seq')}) AS k, "
            f"min({new.format('i.seq')}) AS lo, max({new.format('i.seq')}) AS hi, "
            f"count(*) - count({new.format('i.seq')}) AS dups, min({new.format('i.ord')}) AS first_new, max(i.hlc) AS top "
            "FROM imp AS i JOIN imp_dev AS d ON d.device_id = i.device_id GROUP BY i.device_id) AS a "
            "WHERE a.device_id = imp_dev.device_id")
        bad, dups, total = cur.execute(
            "SELECT count(*) FILTER (WHERE NOT (n = 0 OR (n = k AND lo = held + 1 AND hi - lo + 1 = n))), "
            "coalesce(sum(dups), 0), coalesce(sum(n + dups), 0) FROM imp_dev").fetchone()
        if not bad:  # all applied but those held here
            if dups:
                cur.execute("UPDATE imp SET state = ? WHERE seq <= (SELECT held FROM imp_dev "
                            "WHERE imp_dev.device_id = imp.device_id)", (DUPLICATE,))
            self.stats.changes = total - dups
            self.stats.duplicates = dups
            return
        cur.execute("UPDATE imp SET state = NULL")
        cur.execute("UPDATE imp SET state = ? WHERE seq <= (SELECT held FROM imp_dev WHERE imp_dev.device_id = imp.device_id)",
                    (DUPLICATE,))
        cur.execute("INSERT INTO imp_first(device_id, seq, ord) SELECT device_id, seq, min(ord) FROM imp "
                    "WHERE state IS NULL GROUP BY device_id, seq")
        cur.execute("UPDATE imp SET state = ? WHERE state IS NULL AND ord NOT IN (SELECT ord FROM imp_first)", (DUPLICATE,))
        cur.execute("UPDATE imp SET state = ? WHERE ord IN (SELECT ord FROM (SELECT f.ord, f.seq - d.held AS k, "
                    "row_number() OVER (PARTITION BY f.device_id ORDER BY f.seq) AS rn FROM imp_first AS f "
                    "JOIN imp_dev AS d ON d.device_id = f.device_id) WHERE k = rn)", (APPLIED,))
        cur.execute("UPDATE imp SET state = ? WHERE state IS NULL", (GAP,))
        for state, n in cur.execute("SELECT state, count(*) FROM imp GROUP BY state").fetchall():
            if state == APPLIED:
                self.stats.changes = n
            elif state == DUPLICATE:
                self.stats.duplicates = n
            else:
                self.stats.gaps = n

    def too_far_ahead(self, wall: int) -> tuple[int, str] | None:
        limit = (wall + hlclib.MAX_FUTURE_MS + 1) * 10**6
        if not _first(self.cur, "SELECT max(top) >= ? FROM imp_dev", (limit,)):
            return None
        row = self.cur.execute("SELECT ord, hlc FROM imp WHERE hlc >= ? ORDER BY ord LIMIT 1", (limit,)).fetchone()
        return None if row is None else (row[0], f"{int(row[1]):021d}")

    def new_devices(self) -> list[tuple[str, int]]:
        """(device, first line) of each device with changes beyond what is held here, in line order."""
        return [(d, o) for d, o in self.cur.execute(
            "SELECT device_id, first_new FROM imp_dev WHERE first_new IS NOT NULL ORDER BY first_new")]

    def collision(self) -> tuple[int, str, int] | None:
        """The first line that reuses a (device, seq) held here, or staged before it, with other content."""
        compacted = "({v} IS NULL AND {f} != '" + DELETED + "')"
        same_value = f"({compacted.format(v='a.value', f='a.field')} OR {compacted.format(v='i.value', f='i.field')} " \
                     "OR a.value IS i.value)"
        held_value = "(" + VALUE_SQL.format(v="c.value") + ")"
        held_same = f"({compacted.format(v=held_value, f='f.field')} OR {compacted.format(v='i.value', f='i.field')} " \
                    f"OR {held_value} IS i.value)"
        if not self.stats.duplicates:  # (the usual package: nothing held again, nothing twice)
            return None
        # each duplicate against the held change of its (device, seq), found by key (a join with a subquery
        # here was a nested scan: hours for a package that repeats 170,000 changes held already)
        held = self.cur.execute(
            f"SELECT i.ord, i.device_id, i.seq FROM imp AS i JOIN sync_device AS d ON d.device_id = i.device_id "
            "CROSS JOIN change AS c ON c.device_n = d.n AND c.seq = i.seq JOIN sync_field AS f ON f.n = c.field_n "
            "JOIN sync_record AS r ON r.n = c.rec_n LEFT JOIN sync_device AS b ON b.n = c.base_dev "
            "WHERE i.state = 1 AND NOT (c.hlc IS i.hlc AND f.entity IS i.entity AND r.record_id IS i.record_id "
            "AND f.field IS i.field AND (CASE WHEN c.base_hlc IS NULL THEN '' "
            "ELSE printf('%021d', c.base_hlc) || '@' || b.device_id END) IS i.base "
            f"AND {held_same}) ORDER BY i.ord LIMIT 1").fetchone()
        staged = self.cur.execute(
            "SELECT i.ord, i.device_id, i.seq FROM imp AS i JOIN imp_first AS f ON f.device_id = i.device_id "
            "AND f.seq = i.seq AND f.ord != i.ord CROSS JOIN imp AS a ON a.ord = f.ord "
            "WHERE NOT (a.hlc IS i.hlc AND a.entity IS i.entity AND a.record_id IS i.record_id "
            f"AND a.field IS i.field AND a.base IS i.base AND {same_value}) ORDER BY i.ord LIMIT 1").fetchone()
        found = [r for r in (held, staged) if r is not None]
        return tuple(min(found)) if found else None

    # ---- the log --------------------------------------------------------------------------------
    def log(self) -> None:
        cur = self.cur
        # (every line numbered when staged had a base well formed, or none: _base_numbers)
        bad = None if self.stage.numbered else cur.execute(
            "SELECT base FROM imp WHERE state = 0 AND base != '' AND NOT (instr(base, '@') = 22 "
            "AND substr(base, 1, 21) NOT GLOB '*[^0-9]*' AND length(base) > 22) LIMIT 1").fetchone()
        if bad is not None:
            raise ValueError(f"malformed base {bad[0]!r}")
        # inside the import's transaction (begun by the staging's first INSERT; the TEMP tables' DDL begins
        # none): the pragma lasts to its end, so a record may reference one written later in it
        self.cur.execute("PRAGMA defer_foreign_keys = ON")
        self.stage.number()
        self._records()
        # the log keeps values in their stored form (sync/log.py, found when staged), as a change written here is kept
        cur.execute("INSERT INTO change(device_n, seq, hlc, rec_n, field_n, value, base_hlc, base_dev) "
                    "SELECT dev_n, seq, hlc, rec_n, field_n, stored, base_hlc, base_dev FROM imp "
                    "WHERE state = 0")
        cur.execute("INSERT INTO sync_held(device_n, seq) SELECT dev_n, max(seq) FROM imp WHERE state = 0 GROUP BY dev_n "
                    "ON CONFLICT(device_n) DO UPDATE SET seq = excluded.seq")

    # ---- materialisation ------------------------------------------------------------------------
    def _columns(self) -> None:
        """The known replicated columns, by this replica's field numbers (kind: how SQLite may take the value)."""
        rows = []
        known = {(e, f): n for n, e, f in self.cur.execute("SELECT n, entity, field FROM sync_field")}
        for name, table in self.tables.items():
            for c in table.columns:
                if c.name in LOCAL_COLUMNS or (name, c.name) not in known:
                    continue
                kind = column_kind(c.type)
                n = known[(name, c.name)]
                self._fields[n] = (name, c.name)
                rows.append((n, name, c.name, kind, 1 if c.info.get("derived") else 0))
        self.cur.executemany("INSERT INTO imp_col VALUES (?,?,?,?,?)", rows)

    def _records(self) -> None:
        """The records the applied changes touch (of known tables), and whether the log held any change of
        them before (read before the log rows are written)."""
        cur = self.cur
        self._columns()
        names = list(self.tables)
        marks = ",".join("?" * len(names))
        cur.execute(f"INSERT OR IGNORE INTO imp_rec(entity, rec_n, record_id, tomb, has_row, prior) "
                    f"SELECT entity, rec_n, record_id, 0, 0, 0 FROM imp WHERE state = 0 AND entity IN ({marks})", names)
        cur.execute("UPDATE imp_rec SET del_ord = d.o FROM (SELECT entity, rec_n, min(ord) AS o FROM imp WHERE state = 0 "
                    "AND field = ? GROUP BY entity, rec_n) AS d WHERE d.entity = imp_rec.entity AND d.rec_n = imp_rec.rec_n",
                    (DELETED,))
        cur.execute("UPDATE imp_rec SET prior = 1 WHERE EXISTS (SELECT 1 FROM change AS c JOIN sync_field AS f "
                    "ON f.n = c.field_n WHERE c.rec_n = imp_rec.rec_n AND f.entity = imp_rec.entity)")

    def materialise(self) -> None:
        cur = self.cur
        names = list(self.tables)
        cur.execute("UPDATE imp_rec SET tomb = 1 FROM tombstone AS t WHERE t.entity = imp_rec.entity "
                    "AND t.record_id = imp_rec.record_id")
        for name in names:
            cur.execute(f'UPDATE imp_rec SET has_row = 1 FROM "{name}" AS t WHERE imp_rec.entity = ? '
                        "AND t.id = imp_rec.record_id", (name,))
        # deletions that stick: new tombstones, their rows gone
        cur.execute("INSERT INTO tombstone(entity, record_id, hlc, device_id) SELECT r.entity, r.record_id, "
                    "printf('%021d', i.hlc), i.device_id FROM imp_rec AS r JOIN imp AS i ON i.ord = r.del_ord "
                    "WHERE r.tomb = 0 AND r.del_ord IS NOT NULL")
        self.stats.tombstones = cur.rowcount
        for name in names:
            cur.execute(f'DELETE FROM "{name}" WHERE id IN (SELECT record_id FROM imp_rec WHERE entity = ? '
                        "AND tomb = 0 AND del_ord IS NOT NULL AND has_row = 1)", (name,))
        alive = "r.tomb = 0 AND r.del_ord IS NULL"
        # each field's newest change in this package: the first row per field, newest first (a package
        # is written in (hlc, device) order; checked, else sorted)
        unsorted = (not self.stage.sorted) if self.stage.sorted is not None else _first(
            cur, "SELECT 1 FROM imp AS a JOIN imp AS b ON b.ord = a.ord + 1 WHERE b.hlc < a.hlc "
                 "OR (b.hlc = a.hlc AND b.device_id < a.device_id) LIMIT 1")
        order = "i.hlc DESC, i.device_id DESC" if unsorted else "i.ord DESC"
        cur.execute(
            f"INSERT OR IGNORE INTO imp_win(rec_n, field_n, hlc, device_id, value, compacted, in_batch) "
            f"SELECT i.rec_n, i.field_n, i.hlc, i.device_id, CASE WHEN i.fast THEN i.dbvalue "
            f"ELSE {_DBVALUE.format(v='i.value')} END, i.value IS NULL, 1 "
            "FROM imp AS i JOIN imp_col AS k ON k.field_n = i.field_n "
            f"JOIN imp_rec AS r ON r.entity = i.entity AND r.rec_n = i.rec_n WHERE i.state = 0 AND {alive} ORDER BY {order}")
        # a record held before: a change held here may still win its field
        cur.execute("UPDATE imp_win SET in_batch = 0 WHERE rec_n IN (SELECT rec_n FROM imp_rec WHERE prior = 1) "
                    "AND EXISTS (SELECT 1 FROM change AS c JOIN sync_device AS d ON d.n = c.device_n "
                    "WHERE c.rec_n = imp_win.rec_n AND c.field_n = imp_win.field_n AND c.hlc >= imp_win.hlc "
                    "AND (c.hlc > imp_win.hlc OR d.device_id > imp_win.device_id))")
        # a record seen before but never made whole here: every field's winner over the whole log
        cur.execute(
            f"INSERT OR REPLACE INTO imp_win(rec_n, field_n, hlc, device_id, value, compacted, in_batch) "
            f"SELECT rec_n, field_n, hlc, device_id, {_DBVALUE.format(v='value')}, value IS NULL, 0 "
            f"FROM (SELECT c.rec_n, c.field_n, c.hlc, d.device_id, {VALUE_SQL.format(v='c.value')} AS value, k.kind, "
            "row_number() OVER (PARTITION BY c.rec_n, c.field_n ORDER BY c.hlc DESC, d.device_id DESC) AS rn "
            "FROM imp_rec AS r CROSS JOIN change AS c ON c.rec_n = r.rec_n JOIN imp_col AS k ON k.field_n = c.field_n "
            f"AND k.entity = r.entity JOIN sync_device AS d ON d.n = c.device_n WHERE {alive} AND r.has_row = 0 "
            "AND r.prior = 1) AS k WHERE rn = 1")
        cur.execute(f"UPDATE imp_rec AS r SET shape = a.shape, compacted = a.c, dev = a.dev FROM (SELECT rec_n, "
                    f"group_concat(field_n) AS shape, max(compacted) AS c, {self._TOP} AS dev FROM imp_win AS w "
                    f"GROUP BY rec_n) AS a WHERE a.rec_n = r.rec_n AND r.has_row = 0 AND {alive}")
        now = self._bind_now()
        for name in names:
            cols = [(n, f) for n, (e, f) in self._fields.items() if e == name]
            if cols:
                self._update(name, cols, now)
                self._insert(name, cols, now)

    def _bind_now(self) -> Any:
        proc = self._bind["issue"].get("updated_at")
        value = utcnow()
        return proc(value) if proc else value

    _TOP = "substr(max(printf('%021d', w.hlc) || w.device_id), 22)"  # the device of the newest winner

    def _update(self, name: str, cols: list[tuple[int, str]], now: Any) -> None:
        """Existing rows: every field whose winner arrived in this package and has a value."""
        sets = ", ".join(f'"{f}" = CASE WHEN p.s{n} THEN p.v{n} ELSE "{name}"."{f}" END' for n, f in cols)
        pivot = ", ".join(f"max(w.field_n = {n}) AS s{n}, max(CASE WHEN w.field_n = {n} THEN w.value END) AS v{n}"
                          for n, _ in cols)
        marks = ",".join(str(n) for n, _ in cols)
        self.cur.execute(
            f'UPDATE "{name}" SET {sets}, updated_at = ?, updated_by = p.dev FROM '
            f"(SELECT r.record_id, {pivot}, {self._TOP} AS dev FROM imp_rec AS r JOIN imp_win AS w ON w.rec_n = r.rec_n "
            f"WHERE r.entity = ? AND r.has_row = 1 AND r.tomb = 0 AND r.del_ord IS NULL AND w.field_n IN ({marks}) "
            f"AND w.in_batch = 1 AND w.compacted = 0 GROUP BY r.rec_n) AS p WHERE \"{name}\".id = p.record_id",
            (now, name))
        self.stats.records_updated += max(0, self.cur.rowcount)

    def _insert(self, name: str, cols: list[tuple[int, str]], now: Any) -> None:
        """Records not held yet, whole from their winners, when no winner is value-less (compacted: its winner
        is still to come); one statement per set of fields present (a record from an older version may lack
        a field: its column's default)."""
        where = "r.entity = ? AND r.has_row = 0 AND r.tomb = 0 AND r.del_ord IS NULL AND r.compacted = 0"
        shapes = self.cur.execute(f"SELECT shape, count(*) FROM imp_rec AS r WHERE {where} GROUP BY shape",
                                  (name,)).fetchall()
        for shape, count in shapes:
            present = {int(x) for x in shape.split(",")}
            use = [(n, f) for n, f in cols if n in present]
            collist = "".join(f', "{f}"' for _, f in use)
            pivot = "".join(f", max(CASE WHEN w.field_n = {n} THEN w.value END)" for n, _ in use)
            self.cur.execute(
                f'INSERT OR IGNORE INTO "{name}" (id{collist}, updated_at, updated_by) '
                f"SELECT r.record_id{pivot}, ?, r.dev FROM imp_rec AS r JOIN imp_win AS w ON w.rec_n = r.rec_n "
                f"WHERE {where} AND r.shape = ? GROUP BY r.rec_n", (now, name, shape))
            done = max(0, self.cur.rowcount)
            self.stats.records_new += done
            self.stats.unmaterialized += count - done

    # ---- derived state --------------------------------------------------------------------------
    def touched_issues(self) -> set[str]:
        alive = "r.tomb = 0 AND r.del_ord IS NULL"
        out = {rid for (rid,) in self.cur.execute(f"SELECT r.record_id FROM imp_rec AS r WHERE r.entity = 'issue' AND {alive}")}
        events = self.cur.execute(
            "SELECT json_extract(i.value, '$') FROM imp AS i JOIN imp_rec AS r ON r.entity = i.entity AND r.rec_n = i.rec_n "
            f"WHERE i.state = 0 AND i.entity = 'issue_event' AND i.field = 'issue_id' AND i.value IS NOT NULL AND {alive}"
        ).fetchall()
        self.stats.events = len(events)
        out.update(e for (e,) in events if isinstance(e, str))
        return out

    def derive_issues(self, touched: set[str]) -> None:
        """Every touched issue still here: its state, lifecycle.derive of its events in causal order (as
        merge.issue_states folds them), the events and their stamps read by one joined query."""
        cur = self.cur
        cur.executemany("INSERT OR IGNORE INTO imp_issue(id) VALUES (?)", ((i,) for i in touched))
        ids = [i for (i,) in cur.execute("SELECT t.id FROM imp_issue AS t JOIN issue AS i ON i.id = t.id ORDER BY t.id")]
        if not ids:
            return
        fn = _first(cur, "SELECT n FROM sync_field WHERE entity = 'issue_event' AND field = 'issue_id'")
        e = IssueEvent.__table__.c
        cols = [e.issue_id, e.id, e.at, e.kind, e.on, e.text, e.team_id, e.officer_id, e.deadline, e.amount,
                e.satisfaction, e.co_team_ids, e.rule_id, e.stages]
        names = ", ".join(f'e."{c.name}"' for c in cols)
        query = text(
            f"SELECT {names}, c.hlc AS s_hlc, d.device_id AS s_dev, c.seq AS s_seq FROM imp_issue AS t "
            "CROSS JOIN issue_event AS e ON e.issue_id = t.id LEFT JOIN sync_record AS r ON r.record_id = e.id "
            "LEFT JOIN change AS c ON c.rec_n = r.n AND c.field_n = :fn LEFT JOIN sync_device AS d ON d.n = c.device_n"
        ).columns(*cols, column("s_hlc", Integer), column("s_dev", String), column("s_seq", Integer))
        events: dict[str, tuple[Any, EventStamp | None]] = {}
        for r in self.conn.execute(query, {"fn": fn}):
            stamp = None if r.s_hlc is None else (hlc_text(r.s_hlc), r.s_dev, int(r.s_seq))
            held = events.get(r.id)
            if held is None or (stamp is not None and (held[1] is None or stamp < held[1])):
                events[r.id] = (r, stamp)  # an event's stamp: the first change that created it
        by_issue: dict[str, list[tuple[Any, EventStamp | None]]] = {i: [] for i in ids}
        for ev in events.values():
            evs = by_issue.get(ev[0].issue_id)
            if evs is not None:  # (events of an issue not held here have no state to fold into)
                evs.append(ev)
        hubs = roles.hub_devices(self.conn)
        params = []
        for iid, evs in by_issue.items():
            evs.sort(key=lambda ev: event_order(ev[1], ev[0].at, ev[0].id))
            state = lifecycle.derive(event_data(r, authored_by_hub(hubs, stamp)) for r, stamp in evs)
            params.append({"state_issue": iid, **{f"state_{k}": v for k, v in state_columns(state).items()}})
        stmt = update(Issue).where(Issue.id == bindparam("state_issue")).values(
            {k: bindparam(f"state_{k}") for k in STATE_COLUMNS})
        self.conn.execute(stmt, params)

    def derive_conflicts(self) -> int:
        """Two devices replaced the same version of a touched field: one grouped query."""
        groups = self.cur.execute(
            "SELECT k.entity, r.record_id, k.field, c.base_hlc, b.device_id FROM "
            "(SELECT DISTINCT rec_n, field_n FROM imp WHERE state = 0 AND base_hlc IS NOT NULL) AS t "
            "JOIN imp_col AS k ON k.field_n = t.field_n AND k.derived = 0 "
            "CROSS JOIN change AS c ON c.rec_n = t.rec_n AND c.field_n = t.field_n "
            "JOIN sync_record AS r ON r.n = t.rec_n JOIN sync_device AS b ON b.n = c.base_dev "
            "WHERE c.base_hlc IS NOT NULL GROUP BY t.rec_n, t.field_n, c.base_hlc, c.base_dev "
            "HAVING count(DISTINCT c.device_n) >= 2").fetchall()
        if groups:
            self.conn.execute(sqlite_insert(SyncConflict).on_conflict_do_nothing(),
                              [dict(id=conflict_id(e, r, f, base_text(h, d)), entity=e, record_id=r, field=f,
                                    base=base_text(h, d)) for e, r, f, h, d in groups])
        return len(groups)

