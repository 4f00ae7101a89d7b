"""A smaller change log: a narrower field index and values in a compact stored form.

The demo county (`yimi demo --seed 1`, VACUUMed) was 21.7 MB: `change` 8.2 MB (3.1 of it values),
`ix_change_field` 4.0 MB, `sync_record` and its index 1.2 MB, the content 8.3 MB.

* `ix_change_field` (rec_n, field_n, hlc, device_n) becomes (rec_n, field_n): with the key (device_n,
  seq) SQLite adds, an entry is ~14 bytes instead of ~23 (the 8-byte hlc went). It still finds a
  field's changes (one or two, nearly always); their hlc is read from the row.
* values (the JSON text a change travels with) are stored as a 16-byte BLOB for the JSON string of a
  32-lowercase-hex id (34 bytes as text) and as a BLOB of the bare UTF-8 for a JSON string needing no
  escape (2 bytes less); everything else stays JSON text (sync/log.py `store_value`). The view
  `change_log` reads every value back as the exact JSON text: packages are unchanged, byte for byte.

No content table is touched (the digest stays as it was) and no VACUUM is run (the 0013 search tables
are keyed by rowid): the pages freed are reused as the log grows. The application backs the file up first.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0023"
down_revision: Union[str, Sequence[str], None] = "0022"
branch_labels = None
depends_on = None

_VALUE = ("CASE WHEN typeof(c.value) != 'blob' THEN c.value WHEN length(c.value) = 16 "
          "THEN '\"' || lower(hex(c.value)) || '\"' ELSE '\"' || CAST(c.value AS TEXT) || '\"' END")


def _view(value: str) -> str:
    return f"""CREATE VIEW change_log AS
SELECT c.device_n AS device_n, d.device_id AS device_id, c.seq AS seq, printf('%021d', c.hlc) AS hlc,
       f.entity AS entity, r.record_id AS record_id, f.field AS field, {value} AS value,
       CASE WHEN c.base_hlc IS NULL THEN '' ELSE printf('%021d', c.base_hlc) || '@' || b.device_id END AS base
FROM change AS c JOIN sync_device AS d ON d.n = c.device_n JOIN sync_field AS f ON f.n = c.field_n
JOIN sync_record AS r ON r.n = c.rec_n LEFT JOIN sync_device AS b ON b.n = c.base_dev"""


_HEX = frozenset("0123456789abcdef")


def _stored(text: str) -> str | bytes:
    """sync.log.store_value as of this revision (a migration keeps its own copy)."""
    inner = text[1:-1]
    if len(text) < 2 or text[0] != '"' or text[-1] != '"' or '"' in inner or "\\" in inner or "\x00" in inner:
        return text
    if len(inner) == 32 and _HEX.issuperset(inner):
        return bytes.fromhex(inner)
    try:
        raw = inner.encode("utf-8")
    except UnicodeEncodeError:
        return text
    return text if len(raw) == 16 else raw


def upgrade() -> None:
    conn = op.get_bind()
    op.execute("DROP VIEW change_log")
    op.execute("DROP INDEX ix_change_field")
    # in key order, a batch at a time (a county x30 holds millions of changes: never all in memory)
    last = (-1, -1)
    while True:
        rows = conn.exec_driver_sql(
            "SELECT device_n, seq, value FROM change WHERE (device_n, seq) > (?, ?) ORDER BY device_n, seq LIMIT 20000",
            last).all()
        if not rows:
            break
        last = (rows[-1][0], rows[-1][1])
        todo = []
        for d, s, v in rows:
            if isinstance(v, str) and v[:1] == '"':
                new = _stored(v)
                if new is not v:
                    todo.append((new, d, s))
        if todo:
            conn.exec_driver_sql("UPDATE change SET value = ? WHERE device_n = ? AND seq = ?", todo)
    op.execute("CREATE INDEX ix_change_field ON change (rec_n, field_n)")
    op.execute(_view(_VALUE))


def downgrade() -> None:
    op.execute("DROP VIEW change_log")
    op.execute("DROP INDEX ix_change_field")
    op.execute(f"UPDATE change AS c SET value = {_VALUE} WHERE typeof(value) = 'blob'")
    op.execute("CREATE INDEX ix_change_field ON change (rec_n, field_n, hlc, device_n)")
    op.execute(_view("c.value"))
