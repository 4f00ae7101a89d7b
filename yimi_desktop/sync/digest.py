"""A content digest of everything that replicates: equal on two databases exactly when they hold the
same records (all replicated fields), tombstones and attachment files. Local bookkeeping (device,
clocks, drafts, peers, package history, updated_at/updated_by stamps) is left out."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, select

from ..storage.models import Attachment, Tombstone
from .registry import fields_of, replicated_tables, to_json


def digest(conn: Connection, files_present=None) -> str:
    h = hashlib.sha256()
    for name, table in sorted(replicated_tables().items()):
        cols = sorted(fields_of(table))
        h.update(f"\x00T{name}\x00".encode())
        stmt = select(table.c.id, *(table.c[c] for c in cols)).order_by(table.c.id)
        for row in conn.execute(stmt):
            h.update(row[0].encode())
            for c, v in zip(cols, row[1:]):
                h.update(f"\x1f{c}={to_json(v)}".encode())
            h.update(b"\x1e")
    h.update(b"\x00TOMBSTONES\x00")
    for e, r in conn.execute(select(Tombstone.entity, Tombstone.record_id).order_by(Tombstone.entity, Tombstone.record_id)):
        h.update(f"{e}:{r}\x1e".encode())
    if files_present is not None:
        h.update(b"\x00FILES\x00")
        shas = sorted({s for s in conn.execute(select(Attachment.sha256)).scalars()})
        for sha in shas:
            h.update(f"{sha}:{int(bool(files_present(sha)))}\x1e".encode())
    return h.hexdigest()
