"""Where a database file's bytes are (run by hand: `.venv/bin/python bench/dbsize.py X.db [Y.db ...]`).

Per file: size (after a WAL checkpoint of a copy), page size, pages, free pages, then every b-tree's bytes
(SQLite's `dbstat`) grouped:

- content: the replicated tables' own rows (their b-trees: what `sync.registry.replicated_tables` lists);
- content indexes: the indexes on those tables (the autoindex of each text primary key among them);
- change log: `change` and its index;
- interning: `sync_record`, `sync_field`, `sync_device` and their unique indexes;
- search: the FTS5 tables (`search_*`) and the indexes made for text search;
- local: everything else (meta, drafts, peers, digest, counters, the schema itself);
- free: pages on the freelist.

"content" below is the first group's bytes (the rows as SQLite stores them, no index, no log); the ratio
file / content is the figure of issue 14's goal "≤ 3× the content". The rows' payload (their bytes without
page overhead and free space) is printed too. With two files, the differences per object are printed.
The file is copied first, so a running app is not disturbed. No assertions.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def replicated() -> set[str]:
    from yimi_desktop.sync.registry import replicated_tables

    return set(replicated_tables())


def group_of(name: str, table: str, content: set[str]) -> str:
    if table in content:
        return "content" if name == table else "content indexes"
    if table.startswith("search_") or name.startswith("search_"):
        return "search"
    if table == "change":
        return "change log"
    if table in ("sync_record", "sync_field", "sync_device"):
        return "interning"
    return "local"


def measure(db: Path) -> dict:
    content = replicated()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        for suffix in ("", "-wal"):
            src = Path(str(db) + suffix)
            if src.exists():
                shutil.copyfile(src, Path(str(copy) + suffix))
        con = sqlite3.connect(copy)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            page_size = con.execute("PRAGMA page_size").fetchone()[0]
            pages = con.execute("PRAGMA page_count").fetchone()[0]
            free = con.execute("PRAGMA freelist_count").fetchone()[0]
            owner = dict(con.execute("SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')"))
            rows = con.execute("SELECT name, sum(pgsize), count(*), sum(payload), sum(unused) FROM dbstat "
                               "GROUP BY name ORDER BY 2 DESC").fetchall()
            changes = con.execute("SELECT count(*) FROM change").fetchone()[0]
        finally:
            con.close()
        size = copy.stat().st_size
    objects = {}
    for name, nbytes, npages, payload, unused in rows:
        table = owner.get(name, name)
        if name.startswith("sqlite_autoindex_"):
            table = name[len("sqlite_autoindex_"):].rsplit("_", 1)[0]
        objects[name] = {"bytes": nbytes, "pages": npages, "payload": payload, "unused": unused,
                         "group": group_of(name, table, content)}
    return {"size": size, "page_size": page_size, "pages": pages, "free": free, "changes": changes,
            "objects": objects}


def groups(m: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for o in m["objects"].values():
        out[o["group"]] = out.get(o["group"], 0) + o["bytes"]
    out["free"] = m["free"] * m["page_size"]
    return out


def report(db: Path, m: dict, top: int) -> None:
    g = groups(m)
    content = g.get("content", 0)
    payload = sum(o["payload"] for o in m["objects"].values() if o["group"] == "content")
    print(f"\n{db}: {m['size']:,} bytes ({m['size'] / 1e6:.2f} MB), page size {m['page_size']}, "
          f"{m['pages']:,} pages, {m['free']:,} free")
    print(f"  content {content / 1e6:.2f} MB (payload {payload / 1e6:.2f} MB): file / content "
          f"{m['size'] / max(content, 1):.2f}×; {m['changes']:,} changes, {m['size'] / max(m['changes'], 1):.0f} "
          f"bytes per change")
    for name, b in sorted(g.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<16} {b / 1e6:7.2f} MB  {100 * b / m['size']:5.1f} %")
    print(f"  {'object':<36} {'MB':>7} {'pages':>6} {'payload':>9} {'unused':>9}  group")
    for name, o in list(m["objects"].items())[:top]:
        print(f"  {name:<36} {o['bytes'] / 1e6:7.3f} {o['pages']:6d} {o['payload']:9,d} {o['unused']:9,d}  {o['group']}")


def diff(a: dict, b: dict) -> None:
    print(f"\ndifference: {(b['size'] - a['size']) / 1e6:+.3f} MB")
    names = set(a["objects"]) | set(b["objects"])
    d = sorted((b["objects"].get(n, {}).get("bytes", 0) - a["objects"].get(n, {}).get("bytes", 0), n) for n in names)
    for delta, name in d:
        if delta:
            print(f"  {name:<36} {delta / 1e6:+8.3f} MB")
    print(f"  {'free pages':<36} {(b['free'] * b['page_size'] - a['free'] * a['page_size']) / 1e6:+8.3f} MB")


def main() -> None:
    files = [Path(p) for p in sys.argv[1:]]
    if not files:
        sys.exit(__doc__)
    ms = [measure(f) for f in files]
    for f, m in zip(files, ms):
        report(f, m, top=40)
    if len(ms) == 2:
        diff(ms[0], ms[1])


if __name__ == "__main__":
    main()
