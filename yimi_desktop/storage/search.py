"""Text search through the FTS5 indexes that migration 0013 builds and its triggers keep current.

`rowids_sql(table, term)` is the SQL of the rowids of `table` whose searched text contains `term`
(the same rows as `LIKE '%term%'` over those columns), or None when no index answers the term
(a single character, or two characters that are not both letters or digits): the caller then falls
back to LIKE. Terms of three characters or more go to the trigram index; two-character terms to the
index of two-character windows, plus a LIKE over the rare rows whose text is longer than the windows
cut (the partial index `ix_<table>_long_text` lists them).
"""

from __future__ import annotations

# as in migration 0013 (a migration keeps its own copy: it must not change when this module does)
POSITIONS = 10_000
SEARCHED: dict[str, tuple[str, ...]] = {"issue": ("title", "description"), "enterprise": ("search_text",)}
DERIVED_PREFIXES = ("search_",)  # tables of the search index: derived and local, not in the models
DERIVED_INDEXES = ("ix_issue_long_text", "ix_enterprise_long_text")


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def rowids_sql(table: str, term: str, key: str) -> tuple[str, dict[str, str]] | None:
    """(SQL selecting the matching rowids, its parameters named after `key`), or None."""
    cols = SEARCHED[table]
    if len(term) >= 3:
        return f"SELECT rowid FROM search_{table} WHERE search_{table} MATCH :{key}", {key: _phrase(term)}
    if len(term) == 2 and term.isalnum():
        long_text = " OR ".join(f"length({c}) >= {POSITIONS}" for c in cols)
        like = " OR ".join(f"{c} LIKE :{key}_like ESCAPE '\\'" for c in cols)
        return (f"SELECT rowid FROM search_{table}_pairs WHERE search_{table}_pairs MATCH :{key} "
                f"UNION ALL SELECT rowid FROM {table} WHERE ({long_text}) AND ({like})",
                {key: _phrase(term), f"{key}_like": f"%{escape_like(term)}%"})
    return None
