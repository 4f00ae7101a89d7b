"""Scale benchmark (run by hand: `.venv/bin/python bench/scale.py [--scales 1,10] [--x30]`).

The demo county (320 enterprises, 1,200 visits) times 1 and 10 (and 30 with --x30: hours, by hand),
each built through the application's own write path: `yimi init --hub`, `yimi enroll`, a laptop
`yimi init --enroll`, `yimi demo --enterprises N --visits M` on the laptop (change log and all, in a
child process whose peak memory is reported). Per scale, each figure beside a baseline measured in
the same run:

- file size (after a checkpoint), changes, bytes per change;
- `yimi digest` (the maintained digest) vs `yimi digest --full` (recomputed from every row), whole
  processes, and the same two in-process;
- `yimi stats --json` and `yimi digest` as whole processes vs a bare `python -c pass`;
- start-up to first query: from starting `yimi stats --json` to its first SQL statement (a trace
  callback on every sqlite3 connection), vs a bare Python start;
- `yimi export` of the laptop's package vs writing its change rows as JSON lines into a deflate zip;
  `yimi import` of it at the hub vs inserting the same rows with executemany;
- a day's field work on the grown county: `yimi simulate --visits 20` on the laptop, then its package (only
  the new changes) exported and imported at the hub that already holds the county; vs executemany of the
  same new rows. Its growth across scales shows what is linear in the log held (it should stay ~1×);
then the growth of every figure from the smallest scale to each larger one. The rows are streamed,
never held in memory. Figures go to stdout and bench/out/scale.json. No assertions on time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PY = sys.executable
YIMI = [PY, "-m", "yimi_desktop.cli"] if not (Path(PY).parent / "yimi").exists() else [str(Path(PY).parent / "yimi")]
ENTERPRISES, VISITS = 320, 1200


# the child that measures start-up to the first SQL statement of `yimi stats --json`
FIRST_QUERY = r"""
import sys, time, sqlite3
_connect = sqlite3.connect
def connect(*a, **k):
    con = _connect(*a, **k)
    def trace(_sql):
        if not getattr(sys, "_yimi_first", None):
            sys._yimi_first = time.time()
            sys.stderr.write(f"FIRSTQUERY {sys._yimi_first!r}\n")
    con.set_trace_callback(trace)
    return con
sqlite3.connect = connect
sys.argv = ["yimi"] + sys.argv[1:]
from yimi_desktop.cli import main
sys.exit(main())
"""


def run(cmd: list[str]) -> tuple[float, int, str, str]:
    """(seconds, the child's own peak RSS in MB, stdout, stderr) of one child process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=ROOT)
        _pid, status, usage = os.wait4(p.pid, 0)
        el = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        o, e = out.read(), err.read()
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({p.returncode}):\n{e[-2000:]}")
    return el, int(usage.ru_maxrss / 1024), o, e


def median_of(runs: int, f) -> float:
    return statistics.median(f() for _ in range(runs))


def yimi(db: Path, *args: str) -> list[str]:
    return [*YIMI, "--db", str(db), *args]


def build(folder: Path, k: int) -> dict:
    hub, lap, enrol_dir = folder / "hub.db", folder / "lap.db", folder / "enrol"
    enrol_dir.mkdir()
    run(yimi(hub, "init", "--hub", "--name", "县中心"))
    out = json.loads(run(yimi(hub, "enroll", "--name", "笔记本1", "--out", str(enrol_dir), "--json"))[2])
    file = out.get("file") or out.get("path") or str(next(enrol_dir.iterdir()))
    run(yimi(lap, "init", "--enroll", file, "--code", out["code"]))
    secs, rss, _o, _e = run(yimi(lap, "demo", "--enterprises", str(ENTERPRISES * k), "--visits", str(VISITS * k)))
    return {"hub": hub, "lap": lap, "build_s": secs, "build_rss_mb": rss}


def checkpoint_size(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return db.stat().st_size


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


def in_process_digests(db: Path, runs: int) -> tuple[float, float, bool]:
    sys.path.insert(0, str(ROOT))
    from yimi_desktop.services.context import open_services

    svc = open_services(db)
    try:
        inc = median_of(runs, lambda: _timed(svc.sync.digest))
        full = median_of(max(1, runs // 2), lambda: _timed(svc.sync.full_digest))
        same = svc.sync.digest() == svc.sync.full_digest()
    finally:
        svc.close()
    return inc, full, same


def _timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def first_query(db: Path) -> float:
    t0 = time.time()
    _el, _rss, _out, err = run([PY, "-c", FIRST_QUERY, "--db", str(db), "stats", "--json"])
    line = next(x for x in err.splitlines() if x.startswith("FIRSTQUERY "))
    return float(line.split()[1]) - t0


def bare_python() -> float:
    return run([PY, "-c", "pass"])[0]


def bare_python_first_query(tmp: Path) -> float:
    """A bare Python that opens sqlite3 and runs one query: the floor of start-up to first query."""
    db = tmp / "bare.db"
    sqlite3.connect(db).close()
    t0 = time.time()
    _el, _rss, out, _err = run([PY, "-c", f"import sqlite3, time; c = sqlite3.connect({str(db)!r}); "
                                          "c.execute('SELECT 1').fetchone(); print(repr(time.time()))"])
    return float(out.strip()) - t0


def change_rows(db: Path, after_seq: int = 0):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        cur = con.execute("SELECT * FROM change WHERE seq > ?", (after_seq,))
        cols = [d[0] for d in cur.description]
        yield cols
        while rows := cur.fetchmany(10_000):
            yield from rows
    finally:
        con.close()


def zip_baseline(db: Path, dest: Path) -> float:
    sys.path.insert(0, str(ROOT))
    from yimi_desktop.sync.stored import blob_text  # (a module of no imports: nothing of the app is loaded)

    t = time.perf_counter()
    rows = change_rows(db)
    cols = next(rows)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z, z.open("changes.jsonl", "w") as fh:
        for r in rows:  # a value stored as a BLOB (sync.log.store_value) is written as the JSON text it stands for
            row = {c: f'"{blob_text(v)}"' if isinstance(v, bytes) else v for c, v in zip(cols, r)}
            fh.write((json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode())
    return time.perf_counter() - t


def executemany_baseline(db: Path, dest: Path, after_seq: int = 0) -> float:
    rows = change_rows(db, after_seq)
    cols = next(rows)
    con = sqlite3.connect(dest)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(f"CREATE TABLE change({', '.join(cols)})")
    t = time.perf_counter()
    with con:
        con.executemany(f"INSERT INTO change VALUES ({','.join('?' * len(cols))})", rows)
    el = time.perf_counter() - t
    con.close()
    return el


def max_seq(db: Path) -> int:
    """The laptop's own last sequence number (its changes are the only ones a fresh laptop holds)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT coalesce(max(seq), 0) FROM change").fetchone()[0]
    finally:
        con.close()


def measure(k: int, runs: int, keep: Path | None) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"yimi-scale{k}-", dir=keep))
    try:
        print(f"\n×{k}: building {ENTERPRISES * k:,} enterprises, {VISITS * k:,} visits through `yimi demo` …", flush=True)
        b = build(folder, k)
        lap, hub = b["lap"], b["hub"]
        size = checkpoint_size(lap)
        changes = count(lap, "change")
        r: dict = {"scale": k, "enterprises": count(lap, "enterprise"), "visits": count(lap, "visit"),
                   "issues": count(lap, "issue"), "changes": changes, "size_mb": size / 1e6,
                   "bytes_per_change": size / max(changes, 1), "build_s": b["build_s"], "build_rss_mb": b["build_rss_mb"]}
        print(f"  built in {b['build_s']:.1f} s, peak {b['build_rss_mb']} MB; {size / 1e6:.1f} MB, {changes:,} changes", flush=True)
        r["python_s"] = median_of(runs, bare_python)
        r["digest_proc_s"] = median_of(runs, lambda: run(yimi(lap, "digest"))[0])
        r["digest_full_proc_s"] = median_of(max(1, runs // 2), lambda: run(yimi(lap, "digest", "--full"))[0])
        r["digest_s"], r["digest_full_s"], r["digest_equal"] = in_process_digests(lap, runs)
        r["stats_proc_s"] = median_of(runs, lambda: run(yimi(lap, "stats", "--json"))[0])
        r["first_query_s"] = median_of(runs, lambda: first_query(lap))
        r["bare_first_query_s"] = median_of(runs, lambda: bare_python_first_query(folder))
        stick = folder / "stick"
        stick.mkdir()
        r["export_s"] = run(yimi(lap, "export", "--out", str(stick)))[0]
        package = next(stick.glob("*.yimi"))
        r["package_mb"] = package.stat().st_size / 1e6
        r["zip_s"] = zip_baseline(lap, folder / "baseline.zip")
        r["import_s"], r["import_rss_mb"], _o, _e = run(yimi(hub, "import", str(package)))
        r["executemany_s"] = executemany_baseline(lap, folder / "baseline.db")
        # a day's field work on the grown county, synced: what a package costs at the hub holding years of log
        # first the hub's reply, which acknowledges the county to the laptop (else the laptop's next package
        # carries every change again: see the note in the report about duplicates)
        back = folder / "back"
        back.mkdir()
        run(yimi(hub, "export", "--out", str(back), "--to", "笔记本1"))
        run(yimi(lap, "import", str(next(back.glob("*.yimi")))))
        top = max_seq(lap)
        run(yimi(lap, "simulate", "--seed", "7", "--visits", "20"))
        r["day_changes"] = max_seq(lap) - top
        for old in stick.glob("*.yimi"):
            old.unlink()
        r["day_export_s"] = run(yimi(lap, "export", "--out", str(stick)))[0]
        day = next(stick.glob("*.yimi"))
        r["day_import_s"] = run(yimi(hub, "import", str(day)))[0]
        r["day_executemany_s"] = executemany_baseline(lap, folder / "baseline-day.db", top)
        r["hub_digest_equal"] = run(yimi(hub, "digest"))[2] == run(yimi(lap, "digest"))[2]
        return r
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def report(results: list[dict]) -> None:
    def ratio(a: float, b: float) -> str:
        return f"{a / b:.1f}×" if b else "-"

    print("\nper scale (whole processes unless marked in-process; ratio = figure / its baseline)")
    for r in results:
        k = r["scale"]
        print(f"\n×{k}: {r['enterprises']:,} enterprises, {r['visits']:,} visits, {r['issues']:,} issues, {r['changes']:,} changes")
        print(f"  database file            {r['size_mb']:9.1f} MB   {r['bytes_per_change']:.0f} bytes per change")
        print(f"  demo build               {r['build_s']:9.1f} s    peak {r['build_rss_mb']} MB")
        print(f"  yimi digest              {r['digest_proc_s']:9.3f} s    vs --full {r['digest_full_proc_s']:.3f} s: "
              f"{ratio(r['digest_full_proc_s'], r['digest_proc_s'])} faster; vs bare python {ratio(r['digest_proc_s'], r['python_s'])}")
        print(f"  digest in-process        {r['digest_s'] * 1000:9.1f} ms   vs full recompute {r['digest_full_s'] * 1000:.0f} ms: "
              f"{ratio(r['digest_full_s'], r['digest_s'])} faster; equal: {r['digest_equal']}")
        print(f"  yimi stats --json        {r['stats_proc_s']:9.3f} s    vs bare python {r['python_s']:.3f} s: {ratio(r['stats_proc_s'], r['python_s'])}")
        print(f"  start-up to first query  {r['first_query_s']:9.3f} s    vs bare python+sqlite3 {r['bare_first_query_s']:.3f} s: "
              f"{ratio(r['first_query_s'], r['bare_first_query_s'])}")
        print(f"  export                   {r['export_s']:9.2f} s    vs zip of the change rows {r['zip_s']:.2f} s: {ratio(r['export_s'], r['zip_s'])}"
              f"  ({r['package_mb']:.1f} MB)")
        print(f"  import at the hub        {r['import_s']:9.2f} s    vs executemany {r['executemany_s']:.2f} s: "
              f"{ratio(r['import_s'], r['executemany_s'])}  (peak {r['import_rss_mb']} MB)")
        if "day_import_s" in r:
            print(f"  a day's work ({r['day_changes']:,} changes): export {r['day_export_s']:.2f} s, import at the hub "
                  f"{r['day_import_s']:.2f} s vs executemany {r['day_executemany_s'] * 1000:.0f} ms + bare python "
                  f"{r['python_s']:.3f} s: {ratio(r['day_import_s'], r['day_executemany_s'] + r['python_s'])}; "
                  f"hub digest equal: {r['hub_digest_equal']}")
    if len(results) < 2:
        return
    base = results[0]
    keys = ("changes", "size_mb", "bytes_per_change", "build_s", "build_rss_mb", "digest_proc_s", "digest_s",
            "digest_full_s", "stats_proc_s", "first_query_s", "export_s", "import_s", "import_rss_mb",
            "day_export_s", "day_import_s")
    for r in results[1:]:
        print(f"\ngrowth ×{base['scale']} → ×{r['scale']} (content grows {r['scale'] / base['scale']:.0f}×):")
        print("  " + ", ".join(f"{key} {ratio(r[key], base[key])}" for key in keys if key in r and key in base))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1,10", help="comma-separated multiples of the demo county (default 1,10)")
    ap.add_argument("--x30", action="store_true", help="add ×30 (hours; run by hand)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each cheap measurement (median)")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep the databases")
    args = ap.parse_args()
    scales = [int(s) for s in args.scales.split(",") if s] + ([30] if args.x30 else [])
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for k in scales:  # each scale reported as soon as it is measured (the large ones take long)
        results.append(measure(k, args.runs, args.keep))
        report(results)
        (OUT / "scale.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
