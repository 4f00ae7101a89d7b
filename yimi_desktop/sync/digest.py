"""A content digest of everything that replicates: equal on two databases exactly when they hold the
same records (all replicated fields, `registry.fields_of`), the same tombstones and the same
attachment files present. Local bookkeeping (device, clocks, drafts, peers, package history,
updated_at/updated_by stamps) is left out.

`digest` reads the accumulators the triggers keep (storage/digest_sql.py: per table the XOR of a
hash of each row's stored values), so it costs a few milliseconds whatever the size of the database;
only the attachment-file part (one line per attachment) is computed when read. `full_digest`
recomputes the same value from the rows (one pass per table), to verify the maintained one
(`yimi digest --verify`). The value is not the one versions before migration 0019 printed (those
hashed every row in order); it is only ever compared between databases of the same version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Connection, select

from ..storage import digest_sql
from ..storage.models import Attachment
from .registry import fields_of, replicated_tables


def _combine(conn: Connection, accumulators: Iterable[tuple[str, bytes]], files_present: Callable[[str], bool] | None) -> str:
    if files_present is None:
        return digest_sql.combine(accumulators, None)
    shas = {s for s in conn.execute(select(Attachment.sha256)).scalars()}
    return digest_sql.combine(accumulators, ((sha, files_present(sha)) for sha in shas))


def digest(conn: Connection, files_present: Callable[[str], bool] | None = None) -> str:
    """The maintained digest: reads `sync_digest`, not the records."""
    rows = conn.exec_driver_sql("SELECT name, acc FROM sync_digest").fetchall()
    return _combine(conn, [(r[0], bytes(r[1])) for r in rows], files_present)


def full_digest(conn: Connection, files_present: Callable[[str], bool] | None = None) -> str:
    """The same value recomputed from every row, with the column lists of the current models
    (so it also disagrees with `digest` when installed triggers miss a replicated column)."""
    digest_sql.register(conn.connection.driver_connection)
    tables = {name: fields_of(table) for name, table in replicated_tables().items()}
    accs = [(name, bytes(conn.exec_driver_sql(digest_sql.accumulator_sql(name, key, fields)).scalar_one()))
            for name, (key, fields) in digest_sql.digested(tables).items()]
    return _combine(conn, accs, files_present)


def install_triggers(conn: Connection) -> None:
    """Recreate the digest triggers for the current models' replicated columns and recompute the
    accumulators (what a migration that changes a replicated table's columns must do; a migration
    should rather pass its own column lists to storage.digest_sql.install)."""
    digest_sql.install(conn, {name: fields_of(table) for name, table in replicated_tables().items()})
