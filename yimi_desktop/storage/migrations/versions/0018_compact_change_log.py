"""A compact change log: interned names, integer stamps, one table where two held the same facts.

Before, every change cost about 462 bytes (the demo county: 74.8 MB, 90% of it `change`,
`field_version` and their indexes): 32-character hex device and record ids and entity/field names
repeated in the row, in the primary key, in `ix_change_record`, and again in `field_version`.

Now:
* `sync_device`, `sync_field` (entity, field; "__deleted__" too), `sync_record`: names interned as
  this replica's integers (local: numbers differ between replicas; orders use the strings);
* `change` WITHOUT ROWID keyed (device_n, seq); hlc and the base's hlc as INTEGER (the fixed-width
  decimal stamps keep their order as integers), the base's device interned (NULL for no base);
* `ix_change_field` (rec_n, field_n, hlc, device_n) answers a field's winner: `field_version` is gone;
* `sync_held`: the version vector, kept apart from the log (compaction may thin the log);
* the view `change_log` gives the log in its package form (text stamps, ids and "hlc@device" bases).

Converted in place, set-based (INSERT ... SELECT); the application backs the file up first. Package
contents are unchanged: the view reads back every stored change exactly as it was.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: Union[str, Sequence[str], None] = "0017"
branch_labels = None
depends_on = None

VIEW = """CREATE VIEW change_log AS
SELECT c.device_n AS device_n, d.device_id AS device_id, c.seq AS seq, printf('%021d', c.hlc) AS hlc,
       f.entity AS entity, r.record_id AS record_id, f.field AS field, c.value AS value,
       CASE WHEN c.base_hlc IS NULL THEN '' ELSE printf('%021d', c.base_hlc) || '@' || b.device_id END AS base
FROM change AS c JOIN sync_device AS d ON d.n = c.device_n JOIN sync_field AS f ON f.n = c.field_n
JOIN sync_record AS r ON r.n = c.rec_n LEFT JOIN sync_device AS b ON b.n = c.base_dev"""


def upgrade() -> None:
    op.create_table("sync_device",
                    sa.Column("n", sa.Integer(), nullable=False),
                    sa.Column("device_id", sa.String(length=32), nullable=False),
                    sa.PrimaryKeyConstraint("n"), sa.UniqueConstraint("device_id"))
    op.create_table("sync_field",
                    sa.Column("n", sa.Integer(), nullable=False),
                    sa.Column("entity", sa.String(length=32), nullable=False),
                    sa.Column("field", sa.String(length=40), nullable=False),
                    sa.PrimaryKeyConstraint("n"), sa.UniqueConstraint("entity", "field"))
    op.create_table("sync_record",
                    sa.Column("n", sa.Integer(), nullable=False),
                    sa.Column("record_id", sa.String(length=32), nullable=False),
                    sa.PrimaryKeyConstraint("n"), sa.UniqueConstraint("record_id"))
    op.create_table("sync_held",
                    sa.Column("device_n", sa.Integer(), nullable=False),
                    sa.Column("seq", sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint("device_n"))
    op.execute("INSERT INTO sync_device(device_id) SELECT device_id FROM change UNION "
               "SELECT substr(base, instr(base, '@') + 1) FROM change WHERE base != '' ORDER BY 1")
    op.execute("INSERT INTO sync_field(entity, field) SELECT DISTINCT entity, field FROM change ORDER BY 1, 2")
    op.execute("INSERT INTO sync_record(record_id) SELECT DISTINCT record_id FROM change ORDER BY 1")
    op.execute("ALTER TABLE change RENAME TO change_old")
    op.execute("DROP INDEX IF EXISTS ix_change_record")
    op.create_table("change",
                    sa.Column("device_n", sa.Integer(), nullable=False),
                    sa.Column("seq", sa.Integer(), nullable=False),
                    sa.Column("hlc", sa.Integer(), nullable=False),
                    sa.Column("rec_n", sa.Integer(), nullable=False),
                    sa.Column("field_n", sa.Integer(), nullable=False),
                    sa.Column("value", sa.Text(), nullable=True),
                    sa.Column("base_hlc", sa.Integer(), nullable=True),
                    sa.Column("base_dev", sa.Integer(), nullable=True),
                    sa.PrimaryKeyConstraint("device_n", "seq"), sqlite_with_rowid=False)
    op.execute("INSERT INTO change(device_n, seq, hlc, rec_n, field_n, value, base_hlc, base_dev) "
               "SELECT d.n, o.seq, CAST(o.hlc AS INTEGER), r.n, f.n, o.value, "
               "CASE WHEN o.base = '' THEN NULL ELSE CAST(substr(o.base, 1, instr(o.base, '@') - 1) AS INTEGER) END, "
               "b.n FROM change_old AS o JOIN sync_device AS d ON d.device_id = o.device_id "
               "JOIN sync_field AS f ON f.entity = o.entity AND f.field = o.field "
               "JOIN sync_record AS r ON r.record_id = o.record_id "
               "LEFT JOIN sync_device AS b ON o.base != '' AND b.device_id = substr(o.base, instr(o.base, '@') + 1) "
               "ORDER BY d.n, o.seq")
    op.create_index("ix_change_field", "change", ["rec_n", "field_n", "hlc", "device_n"], unique=False)
    op.execute("INSERT INTO sync_held(device_n, seq) SELECT device_n, max(seq) FROM change GROUP BY device_n")
    op.execute("DROP TABLE change_old")
    op.execute("DROP TABLE field_version")
    op.execute(VIEW)


def downgrade() -> None:
    op.execute("CREATE TABLE change_old (device_id VARCHAR(32) NOT NULL, seq INTEGER NOT NULL, hlc VARCHAR(24) NOT NULL, "
               "entity VARCHAR(32) NOT NULL, record_id VARCHAR(32) NOT NULL, field VARCHAR(40) NOT NULL, value TEXT, "
               "base VARCHAR(60) NOT NULL, PRIMARY KEY (device_id, seq))")
    op.execute("INSERT INTO change_old SELECT device_id, seq, hlc, entity, record_id, field, value, base FROM change_log")
    op.execute("CREATE TABLE field_version (entity VARCHAR(32) NOT NULL, record_id VARCHAR(32) NOT NULL, "
               "field VARCHAR(40) NOT NULL, hlc VARCHAR(24) NOT NULL, device_id VARCHAR(32) NOT NULL, "
               "PRIMARY KEY (entity, record_id, field))")
    op.execute("INSERT INTO field_version SELECT entity, record_id, field, hlc, device_id FROM ("
               "SELECT entity, record_id, field, hlc, device_id, row_number() OVER (PARTITION BY entity, record_id, field "
               "ORDER BY hlc DESC, device_id DESC) AS k FROM change_old WHERE field != '__deleted__' AND NOT EXISTS "
               "(SELECT 1 FROM tombstone AS t WHERE t.entity = change_old.entity AND t.record_id = change_old.record_id)"
               ") WHERE k = 1")
    op.execute("DROP VIEW change_log")
    op.execute("DROP TABLE change")
    for t in ("sync_held", "sync_record", "sync_field", "sync_device"):
        op.execute(f"DROP TABLE {t}")
    op.execute("ALTER TABLE change_old RENAME TO change")
    op.execute("CREATE INDEX ix_change_record ON change (entity, record_id, field)")
