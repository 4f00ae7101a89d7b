"""Text search through the FTS5 indexes that migration 0013 builds and its triggers keep current.

`rowids_sql(table, term)` is the SQL of the rowids of `table` whose searched text contains `term`
(the same rows as `LIKE '%term%'` over those columns), or None when no index answers the term
(a character other than an ASCII letter or digit or a Chinese character, or two characters that are not
both letters or digits): the caller then falls back to LIKE. Terms of three characters or more go to the
trigram index; two-character terms to the index of two-character windows, plus a LIKE over the rare rows
whose text is longer than the windows cut (the partial index `ix_<table>_long_text` lists them).

A one-character term c is in a text exactly when a window starts with c (the window's token then starts
with c: "cX", or "c" alone when X is not a letter or digit) or when c is the text's last character (the one
character no window starts with, and the whole of a one-character text, which has no window): a prefix query
`"c"*` on the windows' index, plus the rows whose column ends with c, found through the expression indexes
`ix_<table>_<column>_last` (migration 0030), plus the long-text rows. Before, such a term read every issue
with LIKE (358 ms at 100,000 issues for a character in none of them). Only characters whose case LIKE and the
windows' tokenizer fold alike take this path: ASCII letters and digits (both fold A-Z only) and the Chinese
characters (no case; tests/unit/test_search.py checks that the tokenizer keeps each of them as a letter).
"""

from __future__ import annotations

from typing import Any

# as in migration 0013 (a migration keeps its own copy: it must not change when this module does)
POSITIONS = 10_000
SEARCHED: dict[str, tuple[str, ...]] = {"issue": ("title", "description"), "enterprise": ("search_text",)}
DERIVED_PREFIXES = ("search_",)  # tables of the search index: derived and local, not in the models
DERIVED_INDEXES = ("ix_issue_long_text", "ix_enterprise_long_text", "ix_issue_title_last",
                   "ix_issue_description_last", "ix_enterprise_search_text_last")
# the Chinese characters a one-character term is searched for through the windows' index (see the module's doc)
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x2A6DF))


def last_char(col: str) -> str:
    """The expression of the index `ix_<table>_<col>_last` (migration 0030 keeps its own copy)."""
    return f"lower(substr({col}, -1))"


def indexed_char(term: str) -> bool:
    """Whether a one-character term is found through the windows' index (else LIKE)."""
    if len(term) != 1:
        return False
    if term.isascii():
        return term.isalnum()
    code = ord(term)
    return any(lo <= code <= hi for lo, hi in HAN_RANGES)


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def rowids_sql(table: str, term: str, key: str) -> tuple[str, dict[str, str]] | None:
    """(SQL selecting the matching rowids, its parameters named after `key`), or None."""
    cols = SEARCHED[table]
    if len(term) >= 3:
        return f"SELECT rowid FROM search_{table} WHERE search_{table} MATCH :{key}", {key: _phrase(term)}
    long_text = " OR ".join(f"length({c}) >= {POSITIONS}" for c in cols)
    # tested as `(…) = 1`, not as a bare `col LIKE :param` term: for that SQLite marks the statement to be prepared
    # again whenever the parameter is bound (for its LIKE-prefix optimisation, of no use to a '%term%'), which the
    # driver does on every run: a ledger query holding it was parsed and planned anew each time (0.05-0.3 ms)
    like = "(" + " OR ".join(f"{c} LIKE :{key}_like ESCAPE '\\'" for c in cols) + ") = 1"
    long_rows = f"SELECT rowid FROM {table} WHERE ({long_text}) AND ({like})"
    if len(term) == 2 and term.isalnum():
        return (f"SELECT rowid FROM search_{table}_pairs WHERE search_{table}_pairs MATCH :{key} "
                f"UNION ALL {long_rows}",
                {key: _phrase(term), f"{key}_like": f"%{escape_like(term)}%"})
    if indexed_char(term):
        # INDEXED BY: with ANALYZE's statistics the planner scans the table for a column whose texts mostly end
        # alike (an issue's description ends in "。"): 750 ms for a character in none, 1 ms through the index
        last = " ".join(f"UNION ALL SELECT rowid FROM {table} INDEXED BY ix_{table}_{c}_last WHERE {last_char(c)} "
                        f"= :{key}_last" for c in cols)
        return (f"SELECT rowid FROM search_{table}_pairs WHERE search_{table}_pairs MATCH :{key} {last} "
                f"UNION ALL {long_rows}",
                {key: _phrase(term) + "*", f"{key}_last": term, f"{key}_like": f"%{escape_like(term)}%"})
    return None


# ---- bulk writes: the triggers suspended, the touched rows indexed in one statement at the end ----------

def _pairs(row: str, col: str) -> str:
    """SQL for the space-separated two-character windows of `row.col` (as migration 0013's triggers)."""
    return (f"coalesce((SELECT group_concat(substr({row}.{col}, p.n, 2), ' ') FROM search_position p "
            f"WHERE p.n < length({row}.{col})), '')")


def _pairs_of(row: str, cols: tuple[str, ...]) -> str:
    return " || ' ' || ".join(_pairs(row, c) for c in cols)


class BulkIndex:
    """The search index of `table` kept by hand while many of its rows are written in one transaction.

    The per-row triggers cost ~0.3 ms a row (the trigram and the pairs index, one small FTS5 write each).
    `begin` drops them inside the caller's open transaction (DDL is transactional in SQLite: a rollback
    brings them back), the writer says which rows it inserts (`inserted`) and which it updates with
    what text they held (`updating`, before their text changes), and `finish` removes the old entries
    and indexes the new text of every touched row with one INSERT … SELECT per index, then recreates
    the triggers from their own stored SQL. The index ends exactly as the triggers would have left it
    (tests/unit/test_xlsx_import.py compares searches and runs FTS5's integrity-check).
    """

    def __init__(self, conn: Any, table: str):
        self._conn = conn  # a SQLAlchemy Connection inside the transaction that writes the rows
        self.table = table
        self.cols = SEARCHED[table]
        self._triggers: list[str] = []
        self._staged: list[dict[str, Any]] = []
        self._scratch = f"temp.search_bulk_{table}"

    def begin(self) -> BulkIndex:
        from sqlalchemy import text

        conn = self._conn
        cols = ", ".join(f"{c} TEXT" for c in self.cols)
        conn.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS search_bulk_{self.table} (id TEXT PRIMARY KEY, "
                          f"was_indexed INTEGER NOT NULL, {cols})"))
        # a DML statement opens the transaction (the driver does not BEGIN before DDL): the DROPs must be in it
        conn.execute(text(f"DELETE FROM {self._scratch}"))
        if not conn.connection.dbapi_connection.in_transaction:
            raise RuntimeError("BulkIndex.begin needs an open transaction")
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t "
                                 "AND name LIKE :p ORDER BY name"), {"t": self.table, "p": f"search_{self.table}_%"})
        for name, sql in rows.fetchall():
            self._triggers.append(sql)
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        return self

    def inserted(self, record_id: str) -> None:
        self._staged.append({"id": record_id, "was": 0, **{c: None for c in self.cols}})

    def updating(self, record_id: str, *old: str | None) -> None:
        """`record_id` is about to change; `old` is the text of its searched columns as indexed now."""
        self._staged.append({"id": record_id, "was": 1, **dict(zip(self.cols, old, strict=True))})

    def flush(self) -> None:
        """Move the staged ids to the scratch table (keeps Python's memory flat on a long import)."""
        from sqlalchemy import text

        if self._staged:
            names = ", ".join(self.cols)
            values = ", ".join(f":{c}" for c in self.cols)
            # a row given twice (updated in two chunks) keeps its first, indexed text
            self._conn.execute(text(f"INSERT OR IGNORE INTO {self._scratch}(id, was_indexed, {names}) "
                                    f"VALUES (:id, :was, {values})"), self._staged)
            self._staged = []

    def finish(self) -> None:
        from sqlalchemy import text

        if not self._triggers:
            return  # no index on this database (nothing was suspended)
        self.flush()
        t, fts, pairs = self.table, f"search_{self.table}", f"search_{self.table}_pairs"
        names = ", ".join(self.cols)
        old = ", ".join(f"o.{c}" for c in self.cols)
        new = ", ".join(f"e.{c}" for c in self.cols)
        run = self._conn.execute
        run(text(f"INSERT INTO {fts}({fts}, rowid, {names}) SELECT 'delete', e.rowid, {old} FROM {self._scratch} o "
                 f"JOIN {t} e ON e.id = o.id WHERE o.was_indexed ORDER BY e.rowid"))
        run(text(f"INSERT INTO {pairs}({pairs}, rowid, grams) SELECT 'delete', e.rowid, {_pairs_of('o', self.cols)} "
                 f"FROM {self._scratch} o JOIN {t} e ON e.id = o.id WHERE o.was_indexed ORDER BY e.rowid"))
        run(text(f"INSERT INTO {fts}(rowid, {names}) SELECT e.rowid, {new} FROM {self._scratch} o "
                 f"JOIN {t} e ON e.id = o.id ORDER BY e.rowid"))
        run(text(f"INSERT INTO {pairs}(rowid, grams) SELECT e.rowid, {_pairs_of('e', self.cols)} "
                 f"FROM {self._scratch} o JOIN {t} e ON e.id = o.id ORDER BY e.rowid"))
        run(text(f"DELETE FROM {self._scratch}"))
        for sql in self._triggers:
            self._conn.exec_driver_sql(sql)  # as stored (no bound parameters parsed)
        self._triggers = []


def integrity_check(conn: Any, table: str) -> None:
    """FTS5's own check of both indexes of `table` (raises sqlite3's error when one is corrupt)."""
    from sqlalchemy import text

    for fts in (f"search_{table}", f"search_{table}_pairs"):
        conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')"))
