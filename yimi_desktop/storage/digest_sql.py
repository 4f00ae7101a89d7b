"""The content digest kept current by SQLite triggers: per replicated table (and for `tombstone`) a set
hash of its rows, in the table `sync_digest(name, acc)`.

A row's hash is BLAKE2b-256 of the row's *stored* values (id first, then the replicated fields in
name order, as SQLite holds them: None, int, float, str or bytes); a table's accumulator is the XOR
of its rows' hashes, so it does not depend on the order rows were written and is updated in O(1)
per write: an insert XORs the new row in, a delete XORs the old row out, an update does both.
Because ids are unique, no row is ever XORed in twice.

The triggers call the Python functions `yimi_row_hash` and `yimi_xor` registered on every
connection the application opens (`register`, called from storage.database on connect, including
the connection the migrations run on). A connection without them -- the sqlite3 command-line
tool, a raw `sqlite3.connect` -- cannot write a replicated table or `tombstone` ("no such
function: yimi_row_hash"): a write that would leave the digest stale is refused rather than
allowed. Scripts and tests that write with a raw connection call `register(con)` first. Reading
is unaffected, and so is copying a file (backup API, restore), which runs no triggers.

UPDATE triggers fire only for the replicated columns (`UPDATE OF ...`) and only when one of them
changed, so the bookkeeping columns (updated_at, updated_by) cost nothing.

`INSERT OR REPLACE` deletes the old row without running delete triggers unless recursive triggers
are on; the application's connections turn `recursive_triggers` on, and no write path uses REPLACE
(use `INSERT ... ON CONFLICT DO UPDATE`, which runs the UPDATE trigger).

A migration that adds, drops or renames a replicated column, or rebuilds a replicated table (a
rebuild drops the table's triggers), must call `install(conn, tables)` with the new column lists:
it recreates every trigger and recomputes every accumulator. tests/unit/test_digest.py fails when
the installed triggers do not cover `sync.registry.fields_of` of every replicated table.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .revision import open_current

WIDTH = 32
ZERO = bytes(WIDTH)
TOMBSTONE = "tombstone"  # the accumulator of the tombstones (no replicated table has this name)
TRIGGER_PREFIX = "sync_digest_"


def row_hash(*values: Any) -> bytes:
    # repr of a tuple of None/int/float/str/bytes is unambiguous (1 vs 1.0 vs '1', quoting, float repr exact)
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), digest_size=WIDTH).digest()


def xor(acc: bytes | None, *hashes: bytes | None) -> bytes:
    n = int.from_bytes(acc or ZERO, "big")
    for h in hashes:
        if h is not None:
            n ^= int.from_bytes(h, "big")
    return n.to_bytes(WIDTH, "big")


class _XorAggregate:
    def __init__(self) -> None:
        self.n = 0

    def step(self, h: bytes | None) -> None:
        if h is not None:
            self.n ^= int.from_bytes(h, "big")

    def finalize(self) -> bytes:
        return self.n.to_bytes(WIDTH, "big")


def register(con: sqlite3.Connection) -> None:
    """Make `con` able to write replicated tables (the triggers' functions) and REPLACE-safe."""
    con.create_function("yimi_row_hash", -1, row_hash, deterministic=True)
    con.create_function("yimi_xor", -1, xor, deterministic=True)
    con.create_aggregate("yimi_xor_agg", 1, _XorAggregate)  # type: ignore[arg-type]
    con.execute("PRAGMA recursive_triggers=ON")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _hash_expr(name: str, row: str, cols: Sequence[str]) -> str:
    prefix = f"{row}." if row else ""
    args = ", ".join(f"{prefix}{_q(c)}" for c in cols)
    return f"yimi_row_hash('{name}', {args})"


def triggers_sql(name: str, key: Sequence[str], fields: Sequence[str]) -> list[str]:
    """The three triggers of one table: `key` are the columns that identify a row (hashed first),
    `fields` the other replicated columns (hashed in name order)."""
    cols = [*key, *sorted(fields)]
    t, up = _q(name), f"UPDATE sync_digest SET acc = yimi_xor(acc, {{}}) WHERE name = '{name}';"
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in cols)
    of = ", ".join(_q(c) for c in cols)
    p = TRIGGER_PREFIX + name
    return [
        f"CREATE TRIGGER {p}_ai AFTER INSERT ON {t} BEGIN {up.format(_hash_expr(name, 'NEW', cols))} END",
        f"CREATE TRIGGER {p}_ad AFTER DELETE ON {t} BEGIN {up.format(_hash_expr(name, 'OLD', cols))} END",
        f"CREATE TRIGGER {p}_au AFTER UPDATE OF {of} ON {t} WHEN {changed} BEGIN "
        f"{up.format(_hash_expr(name, 'OLD', cols) + ', ' + _hash_expr(name, 'NEW', cols))} END",
    ]


def accumulator_sql(name: str, key: Sequence[str], fields: Sequence[str]) -> str:
    """One set-based pass over a table: the accumulator its rows should have."""
    # an aggregate over no rows gives NULL: the empty set's accumulator is zero
    return (f"SELECT coalesce(yimi_xor_agg({_hash_expr(name, '', [*key, *sorted(fields)])}), zeroblob({WIDTH})) "
            f"FROM {_q(name)}")


def digested(tables: Mapping[str, Sequence[str]]) -> dict[str, tuple[list[str], list[str]]]:
    """replicated table -> its replicated fields, as (key, fields) for every accumulator, tombstones included."""
    out = {name: (["id"], sorted(fields)) for name, fields in tables.items()}
    out[TOMBSTONE] = (["entity", "record_id"], [])
    return out


def install(conn: Any, tables: Mapping[str, Sequence[str]]) -> None:
    """(Re)create `sync_digest`, every digest trigger, and recompute every accumulator (one pass per
    table). `conn` is a SQLAlchemy Connection whose DB-API connection has `register`ed functions;
    `tables` maps each replicated table to its replicated fields (without id)."""
    register(conn.connection.driver_connection)
    ex = conn.exec_driver_sql
    ex("CREATE TABLE IF NOT EXISTS sync_digest (name VARCHAR(40) NOT NULL PRIMARY KEY, acc BLOB NOT NULL)")
    for (trigger,) in ex("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_digest\\_%' ESCAPE '\\'").fetchall():
        ex(f"DROP TRIGGER {_q(trigger)}")
    ex("DELETE FROM sync_digest")
    for name, (key, fields) in digested(tables).items():
        for sql in triggers_sql(name, key, fields):
            ex(sql)
        ex(f"INSERT INTO sync_digest(name, acc) VALUES ('{name}', ({accumulator_sql(name, key, fields)}))")


def uninstall(conn: Any) -> None:
    ex = conn.exec_driver_sql
    for (trigger,) in ex("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_digest\\_%' ESCAPE '\\'").fetchall():
        ex(f"DROP TRIGGER {_q(trigger)}")
    ex("DROP TABLE IF EXISTS sync_digest")


_ARGS = re.compile(r"yimi_row_hash\('([^']+)', (.*?)\)")


def installed(con: sqlite3.Connection) -> dict[str, dict[str, list[str]]]:
    """What the installed triggers hash: table -> {"ai"/"ad"/"au"/"of": columns}, for tests."""
    out: dict[str, dict[str, list[str]]] = {}
    for name, table, sql in con.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
                                        "AND name LIKE 'sync\\_digest\\_%' ESCAPE '\\'"):
        kind = name.rsplit("_", 1)[1]
        entry = out.setdefault(table, {})
        for m in _ARGS.finditer(sql):
            entry[kind] = [a.split(".", 1)[1].strip('"') for a in m.group(2).split(", ")]
        if kind == "au":
            of = re.search(r"UPDATE OF (.*?) ON ", sql)
            entry["of"] = [c.strip().strip('"') for c in of.group(1).split(",")] if of else []
    return out


class BulkDigest:
    """The digest of one table kept set-based while many of its rows are written in one transaction (an
    import of 100,000 enterprises), instead of by its per-row triggers (a Python hash and an UPDATE of
    `sync_digest` for every row: ~80% of a bare INSERT's time).

    `begin` drops the table's three digest triggers inside the caller's open transaction (DDL is
    transactional in SQLite: a rollback brings them back). The writer calls `replacing(ids)` before it
    updates rows (their stored hashes are XORed out) and `written(ids)` after it inserted or updated them
    (their new hashes XORed in), one statement each; `finish` recreates the triggers from their own
    stored SQL. The accumulator ends exactly as the triggers would have left it; the hash is the one the
    installed triggers compute (its columns read from their SQL). A table without digest triggers: no-op.
    """

    def __init__(self, con: sqlite3.Connection, table: str):
        self._con = con  # the DB-API connection of the transaction that writes the rows
        self.table = table
        self._triggers: list[str] = []
        self._hash = ""

    def begin(self) -> BulkDigest:
        # a DML statement opens the transaction (the driver does not BEGIN before DDL): the DROPs must be in it
        self._con.execute("UPDATE sync_digest SET acc = acc WHERE 0")
        if not self._con.in_transaction:
            raise RuntimeError("BulkDigest.begin needs an open transaction")
        cols = installed(self._con).get(self.table, {}).get("ai")
        rows = self._con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                                 "AND name LIKE ? ESCAPE '\\' ORDER BY name",
                                 (self.table, (TRIGGER_PREFIX + self.table).replace("_", "\\_") + "\\_%")).fetchall()
        if not cols or len(rows) != 3:
            return self  # not digested here: nothing to keep
        self._hash = _hash_expr(self.table, "", cols)
        for name, sql in rows:
            self._triggers.append(sql)
            self._con.execute(f"DROP TRIGGER {_q(name)}")
        return self

    def _xor(self, ids: Sequence[str]) -> None:
        if self._hash and ids:
            import json

            self._con.execute(f"UPDATE sync_digest SET acc = yimi_xor(acc, (SELECT yimi_xor_agg({self._hash}) "
                              f"FROM {_q(self.table)} WHERE id IN (SELECT value FROM json_each(?)))) WHERE name = ?",
                              (json.dumps(list(ids)), self.table))

    def replacing(self, ids: Sequence[str]) -> None:
        """Rows `ids` are about to be updated: their current hashes leave the accumulator."""
        self._xor(ids)

    def written(self, ids: Sequence[str]) -> None:
        """Rows `ids` were inserted or updated: their hashes join the accumulator."""
        self._xor(ids)

    def finish(self) -> None:
        for sql in self._triggers:
            self._con.execute(sql)
        self._triggers = []


def combine(accumulators: Iterable[tuple[str, bytes]], files: Iterable[tuple[str, bool]] | None) -> str:
    """The digest line: the tables' accumulators in name order, then (unless `files` is None) each
    attachment's sha256 in order with whether its file is present (sync.digest documents the value)."""
    h = hashlib.sha256()
    for name, acc in sorted(accumulators):
        h.update(f"\x00T{name}\x00".encode())
        h.update(acc)
    if files is not None:
        h.update(b"\x00FILES\x00")
        for sha, present in sorted(files):
            h.update(f"{sha}:{int(bool(present))}\x1e".encode())
    return h.hexdigest()


def read_current(path: Path) -> str | None:
    """`yimi digest` of a current yimi database, read-only with sqlite3 alone (sync.digest.digest with the
    attachment store beside the file, as services.attachments lays it out: FOLDER.files/ab/abcd…);
    None for anything unusual (no file, not ours, a schema a migration must bring up to date or that is
    newer): the caller then takes the full path, which says what is wrong or migrates."""
    path = Path(path)
    con = open_current(path)
    if con is None:
        return None
    try:
        accs = [(name, bytes(acc)) for name, acc in con.execute("SELECT name, acc FROM sync_digest")]
        shas = {sha for (sha,) in con.execute("SELECT sha256 FROM attachment")}
    except sqlite3.Error:
        return None
    finally:
        con.close()
    root = path.with_name(path.name + ".files")
    return combine(accs, ((sha, (root / sha[:2] / sha).exists()) for sha in shas))
