"""Stamps in the change log packed: an ISO time, date or date-time value stored in 4 to 11 bytes, not 8 to 26.

Every record's creation writes its created_at (a JSON string "YYYY-MM-DDTHH:MM:SS.ffffff", stored since 0023
as its 26 bytes of UTF-8), an event its `at` and `on`, a visit its date and times. sync/log.py `store_value`
now stores the JSON string of an ISO stamp of the four shapes `isoformat()` gives ("HH:MM:SS", "YYYY-MM-DD",
"YYYY-MM-DDTHH:MM:SS", the same with ".ffffff") as a BLOB: the byte 0xFF (which no UTF-8 text holds, so no
stored string is read as one) and the digits two a byte, which `hex()` gives back in SQL. The view
`change_log` reads the new form back as the exact JSON text: packages are unchanged, byte for byte.

The values already held stay in their form (all forms read back alike): converting them would free space
inside the log's pages that only a VACUUM gives back, and a county's file is rewritten whole by neither
migration nor import. New changes (made here or imported) take the packed form. The demo county (`yimi demo
--seed 1`, VACUUMed) 19.46 MB → 19.1 MB.

No content table is touched (the digest stays as it was).

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-03
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0031"
down_revision: Union[str, Sequence[str], None] = "0030"
branch_labels = None
depends_on = None

# sync.log.VALUE_SQL as of 0023 and as of this revision, on c.value (a migration keeps its own copies)
_VALUE_0023 = ("CASE WHEN typeof(c.value) != 'blob' THEN c.value WHEN length(c.value) = 16 "
               "THEN '\"' || lower(hex(c.value)) || '\"' ELSE '\"' || CAST(c.value AS TEXT) || '\"' END")
_D = "substr(hex(c.value), {a}, {n})"
_STAMP = ("'\"' || CASE WHEN length(c.value) = 4 THEN " + " || ':' || ".join(_D.format(a=a, n=2) for a in (3, 5, 7))
          + " ELSE " + " || '-' || ".join(_D.format(a=a, n=n) for a, n in ((3, 4), (7, 2), (9, 2)))
          + " || CASE WHEN length(c.value) = 5 THEN '' ELSE 'T' || "
          + " || ':' || ".join(_D.format(a=a, n=2) for a in (11, 13, 15))
          + " || CASE WHEN length(c.value) = 8 THEN '' ELSE '.' || " + _D.format(a=17, n=6)
          + " END END END || '\"'")
_VALUE = ("CASE WHEN typeof(c.value) != 'blob' THEN c.value WHEN length(c.value) = 16 "
          "THEN '\"' || lower(hex(c.value)) || '\"' "
          f"WHEN substr(c.value, 1, 1) = x'ff' THEN {_STAMP} "
          "ELSE '\"' || CAST(c.value AS TEXT) || '\"' END")


def _view(value: str) -> str:
    return f"""CREATE VIEW change_log AS
SELECT c.device_n AS device_n, d.device_id AS device_id, c.seq AS seq, printf('%021d', c.hlc) AS hlc,
       f.entity AS entity, r.record_id AS record_id, f.field AS field, {value} AS value,
       CASE WHEN c.base_hlc IS NULL THEN '' ELSE printf('%021d', c.base_hlc) || '@' || b.device_id END AS base
FROM change AS c JOIN sync_device AS d ON d.n = c.device_n JOIN sync_field AS f ON f.n = c.field_n
JOIN sync_record AS r ON r.n = c.rec_n LEFT JOIN sync_device AS b ON b.n = c.base_dev"""


def upgrade() -> None:
    op.execute("DROP VIEW change_log")
    op.execute(_view(_VALUE))


def downgrade() -> None:
    # packed stamps back to the UTF-8 of their text (0023's form: none is 16 bytes long)
    op.execute(f"UPDATE change AS c SET value = CAST(substr({_STAMP}, 2, length({_STAMP}) - 2) AS BLOB) "
               "WHERE typeof(c.value) = 'blob' AND substr(c.value, 1, 1) = x'ff'")
    op.execute("DROP VIEW change_log")
    op.execute(_view(_VALUE_0023))
