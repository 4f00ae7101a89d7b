"""The figures of the 工作台 and `yimi stats`, from counters kept by SQLite triggers (no SQLAlchemy here).

`SELECT count(*) FROM enterprise WHERE voided_at IS NULL` reads a whole index (the planner takes the
widest covering one, `ix_enterprise_sort_search`, with every enterprise's search text): at 100,000
enterprises most of a `yimi stats`. The figures that do not depend on the day are counters instead,
rows of `stat_count(name, n)` kept by triggers on every insert, delete and update of the columns they
depend on, whoever writes (a service, the sync importer, a tombstone, a migration): O(1) per write,
and all of them read by one query. The two that depend on the day are range counts on an index,
proportional to what they count, never to the table: 本月走访 (`visit_date` in this month) and 超期
(`ix_issue_status_deadline_raised`: each open status, deadline before today).

`scanned` is the definition (the plain counts over the tables); `counted` must equal it at every
moment (tests/unit/test_counts.py). A migration that rebuilds a counted table (a rebuild drops its
triggers) or changes a definition below must call `install` again, which recreates the triggers and
recounts from the tables.

`read_current(path)` answers from a current yimi database opened read-only with sqlite3 alone, for
the CLI's light path (whole-process time matters for a command run from a script).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..domain.vocabulary import OPEN
from .revision import open_current

TABLE = "stat_count"
TRIGGER_PREFIX = "stat_count_"

# counter -> (table, what a row contributes: 0 or 1, a SQL expression over the row alias X)
COUNTERS: dict[str, tuple[str, str]] = {
    "enterprises": ("enterprise", "X.voided_at IS NULL"),
    "above_size_enterprises": ("enterprise", "X.voided_at IS NULL AND X.above_size = 1"),
    "visits": ("visit", "X.state = 'final'"),
    "policies": ("policy", "1"),
    "teams": ("team", "1"),
    "officers": ("officer", "X.voided_at IS NULL"),
}
# the columns a counter's expression reads (an UPDATE of other columns fires nothing)
COLUMNS = {"enterprise": ("voided_at", "above_size"), "visit": ("state",), "officer": ("voided_at",)}
# grouped counters: "issue:<status>" for every status held, one row per value
GROUPED = {"issue": "status"}

Run = Callable[[str, tuple], Sequence[Sequence[Any]]]  # (sql with ? marks, parameters) -> rows


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _one(expr: str, row: str) -> str:
    if expr == "1":
        return "1"
    return f"coalesce(({expr.replace('X.', row + '.')}), 0)"


Spec = tuple[dict[str, tuple[str, str]], dict[str, tuple[str, ...]], dict[str, str]]  # COUNTERS, COLUMNS, GROUPED


def current() -> Spec:
    return COUNTERS, COLUMNS, GROUPED


def triggers_sql(spec: Spec | None = None) -> list[str]:
    """Every counting trigger: per table, after insert, after delete, after update of its columns."""
    counters, columns, grouped = spec or current()
    out = []
    tables = sorted({t for t, _ in counters.values()} | set(grouped))
    for table in tables:
        mine = [(name, expr) for name, (t, expr) in counters.items() if t == table]
        p, t = TRIGGER_PREFIX + table, _q(table)
        ins = [f"UPDATE {TABLE} SET n = n + {_one(e, 'NEW')} WHERE name = '{k}';" for k, e in mine]
        dele = [f"UPDATE {TABLE} SET n = n - {_one(e, 'OLD')} WHERE name = '{k}';" for k, e in mine]
        upd = [f"UPDATE {TABLE} SET n = n + {_one(e, 'NEW')} - {_one(e, 'OLD')} WHERE name = '{k}';"
               for k, e in mine if e != "1"]
        if table in grouped:
            g = _q(grouped[table])
            up = (f"INSERT INTO {TABLE}(name, n) VALUES ('{table}:' || NEW.{g}, 1) "
                  f"ON CONFLICT(name) DO UPDATE SET n = n + 1;")
            down = f"UPDATE {TABLE} SET n = n - 1 WHERE name = '{table}:' || OLD.{g};"
            ins.append(up)
            dele.append(down)
        out.append(f"CREATE TRIGGER {p}_ai AFTER INSERT ON {t} BEGIN {' '.join(ins)} END")
        out.append(f"CREATE TRIGGER {p}_ad AFTER DELETE ON {t} BEGIN {' '.join(dele)} END")
        cols = columns.get(table, ())
        if upd and cols:
            of = ", ".join(_q(c) for c in cols)
            when = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in cols)
            out.append(f"CREATE TRIGGER {p}_au AFTER UPDATE OF {of} ON {t} WHEN {when} BEGIN {' '.join(upd)} END")
        if table in grouped:
            g = _q(grouped[table])
            out.append(f"CREATE TRIGGER {p}_{grouped[table]}_au AFTER UPDATE OF {g} ON {t} "
                       f"WHEN OLD.{g} IS NOT NEW.{g} BEGIN {down} {up} END")
    return out


def install(execute: Callable[[str], Any], spec: Spec | None = None) -> None:
    """(Re)create `stat_count`, its triggers, and count every counter from the tables, inside the
    caller's transaction. `execute` runs one statement (a SQLAlchemy connection's exec_driver_sql or a
    sqlite3 connection's execute); `spec` the definitions (a migration passes those of its revision)."""
    counters, _columns, grouped = spec or current()
    uninstall(execute, keep_table=True)
    execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (name VARCHAR(60) NOT NULL PRIMARY KEY, n INTEGER NOT NULL) "
            "WITHOUT ROWID")
    execute(f"DELETE FROM {TABLE}")
    for name, (table, expr) in counters.items():
        execute(f"INSERT INTO {TABLE}(name, n) SELECT '{name}', count(*) FROM {_q(table)} AS X WHERE {expr}")
    for table, col in grouped.items():
        execute(f"INSERT INTO {TABLE}(name, n) SELECT '{table}:' || {_q(col)}, count(*) FROM {_q(table)} "
                f"GROUP BY {_q(col)}")
    for sql in triggers_sql(spec):
        execute(sql)


def uninstall(execute: Callable[[str], Any], keep_table: bool = False) -> None:
    names = [r[0] for r in execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                   f"AND name LIKE '{TRIGGER_PREFIX.replace('_', '!_')}%' ESCAPE '!'")]
    for name in names:
        execute(f"DROP TRIGGER {_q(name)}")
    if not keep_table:
        execute(f"DROP TABLE IF EXISTS {TABLE}")


def _month(today: date) -> tuple[str, str]:
    start = today.replace(day=1)
    return start.isoformat(), (start + timedelta(days=32)).replace(day=1).isoformat()


def _open_in() -> str:
    return ",".join(f"'{s}'" for s in sorted(OPEN))


# the figures in the order `yimi stats` prints them (services.stats.Stats has the same fields in this order)
FIGURES = ("enterprises", "above_size_enterprises", "visits", "issues", "open_issues", "overdue_issues", "policies",
           "teams", "officers", "visits_this_month", "issues_by_status")


def _figures(counters: dict[str, int], overdue: int, this_month: int) -> dict[str, Any]:
    by_status = {k.split(":", 1)[1]: n for k, n in sorted(counters.items()) if k.startswith("issue:") and n}
    got: dict[str, Any] = {k: int(counters.get(k, 0)) for k in COUNTERS}
    got.update(issues=sum(by_status.values()), open_issues=sum(n for s, n in by_status.items() if s in OPEN),
               overdue_issues=int(overdue), visits_this_month=int(this_month), issues_by_status=by_status)
    return {k: got[k] for k in FIGURES}


def counted(run: Run, today: date) -> dict[str, Any]:
    """The figures from the counters (one query) and the two range counts of the day (one query)."""
    counters = {str(k): int(n) for k, n in run(f"SELECT name, n FROM {TABLE}", ())}
    first, after = _month(today)
    overdue, this_month = run(
        f"SELECT (SELECT count(*) FROM issue WHERE status IN ({_open_in()}) AND deadline < ?), "
        "(SELECT count(*) FROM visit WHERE visit_date >= ? AND visit_date < ? AND state = 'final')",
        (today.isoformat(), first, after))[0]
    return _figures(counters, overdue, this_month)


def scanned(run: Run, today: date) -> dict[str, Any]:
    """The same figures counted over the tables (the definition; O(rows): tests and checks only)."""
    counters = {name: int(run(f"SELECT count(*) FROM {_q(t)} AS X WHERE {e}", ())[0][0])
                for name, (t, e) in COUNTERS.items()}
    for table, col in GROUPED.items():
        counters.update({f"{table}:{k}": int(n) for k, n in run(
            f"SELECT {_q(col)}, count(*) FROM {_q(table)} GROUP BY {_q(col)}", ())})
    first, after = _month(today)
    overdue = run(f"SELECT count(*) FROM issue WHERE status IN ({_open_in()}) AND deadline < ?",
                  (today.isoformat(),))[0][0]
    this_month = run("SELECT count(*) FROM visit WHERE state = 'final' AND visit_date >= ? AND visit_date < ?",
                     (first, after))[0][0]
    return _figures(counters, overdue, this_month)


def read_current(path: Path, today: date) -> dict[str, Any] | None:
    """The figures of a current yimi database, read-only with sqlite3 alone; None for anything unusual
    (no file, not ours, a schema a migration must bring up to date or that is newer): the caller then
    takes the full path, which says what is wrong or migrates."""
    path = Path(path)
    con = open_current(path)
    if con is None:
        return None
    try:
        return counted(lambda sql, params: con.execute(sql, params).fetchall(), today)
    except sqlite3.Error:
        return None
    finally:
        con.close()
