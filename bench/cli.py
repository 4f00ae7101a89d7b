"""CLI start-up benchmark (run by hand: `.venv/bin/python bench/cli.py [--enterprises 100000] [--runs 9]`).

Whole processes, started in alternation in the same run, on a database of N enterprises made by the
app's own write path (`yimi init` + `yimi demo --enterprises N --visits 2000`, change log included;
kept as bench/out/cli-N.db, or `--db FILE`):

- baselines: `python -c pass`; a bare Python that opens the database read-only with sqlite3 and runs the
  count `yimi stats` used to run (`count(*) … WHERE voided_at IS NULL`: the raw count); one that reads
  the counters instead (the raw counter read);
- `yimi --help` and `yimi stats --json` (this code; with `--baseline-code DIR` also another checkout,
  e.g. `git archive <commit> | tar -x -C DIR`, on a copy of the database at that code's revision);
then each median, its ratio to `python -c pass` and the goals (< 0.2 s and < 0.35 s). In-process: the
figures from the counters vs the same figures counted over the tables. And what `yimi stats --json`
imports (SQLAlchemy must stay at 0 modules).

Bytecode: the children write and use `__pycache__` (the code is compiled first), as an installed
application does; an environment with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module
from source in every child (`--no-bytecode` measures that too). No assertions on time; JSON in
bench/out/cli.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PY = sys.executable

# argv: code folder, then yimi's arguments: the entry point of the console script, from that folder
LAUNCH = "import sys; sys.path.insert(0, sys.argv.pop(1)); from yimi_desktop.cli import main; sys.exit(main())"
RAW_COUNT = ("import sqlite3, sys; c = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True); "
             "print(c.execute('SELECT count(*) FROM enterprise WHERE voided_at IS NULL').fetchone()[0])")
RAW_COUNTERS = ("import sqlite3, sys; c = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True); "
                "print(c.execute('SELECT name, n FROM stat_count').fetchall())")
MODULES = ("import sys; sys.path.insert(0, sys.argv.pop(1)); from yimi_desktop.cli import main; main(); "
           "print(len([m for m in sys.modules if m.split('.')[0] == 'sqlalchemy']), len(sys.modules))")


def build(db: Path, n: int) -> float:
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    yimi = [PY, "-m", "yimi_desktop.cli", "--db", str(db)]
    t = time.perf_counter()
    subprocess.run([*yimi, "init", "--name", "基准笔记本"], check=True, cwd=ROOT, capture_output=True)
    subprocess.run([*yimi, "demo", "--enterprises", str(n), "--visits", "2000"], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - t


def at_revision(db: Path, code: Path, dest: Path) -> Path:
    """A copy of `db` at the revision `code` writes (downgraded by this code's migrations)."""
    rev = next(line.split('"')[1] for line in (code / "yimi_desktop/storage/revision.py").read_text().splitlines()
               if line.startswith("HEAD ="))
    if dest.exists():
        return dest
    shutil.copy(db, dest)
    sys.path.insert(0, str(ROOT))
    from alembic import command

    from yimi_desktop.storage.database import alembic_config, make_engine

    engine = make_engine(dest)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, rev)
    engine.dispose()
    return dest


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    el = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"{cmd} failed:\n{r.stderr[-2000:]}")
    return el


def in_process(db: Path, runs: int) -> tuple[float, float, bool]:
    sys.path.insert(0, str(ROOT))
    from yimi_desktop.services.context import open_services

    svc = open_services(db)
    try:
        def med(f) -> float:
            ts = []
            for _ in range(runs):
                t = time.perf_counter()
                f()
                ts.append(time.perf_counter() - t)
            return statistics.median(ts)

        return med(svc.stats.compute), med(svc.stats.scanned), svc.stats.compute() == svc.stats.scanned()
    finally:
        svc.close()


def measure(db: Path, codes: dict[str, tuple[Path, Path]], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    kinds: dict[str, list[str]] = {"python -c pass": [PY, "-c", "pass"],
                                   "sqlite3 raw count (voided_at IS NULL)": [PY, "-c", RAW_COUNT, str(db)],
                                   "sqlite3 raw counter read": [PY, "-c", RAW_COUNTERS, str(db)]}
    for label, (code, cdb) in codes.items():
        kinds[f"yimi --help ({label})"] = [PY, "-c", LAUNCH, str(code), "--help"]
        kinds[f"yimi stats --json ({label})"] = [PY, "-c", LAUNCH, str(code), "--db", str(cdb), "stats", "--json"]
    for cmd in kinds.values():  # warm the OS file cache (and write bytecode where allowed)
        timed(cmd, env)
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(runs):
        for k, cmd in kinds.items():
            times[k].append(timed(cmd, env))
    return times


def report(times: dict[str, list[float]], title: str) -> dict:
    bare = statistics.median(times["python -c pass"])
    print(f"\n{title} (load {os.getloadavg()[0]:.1f})\n")
    print(f"  {'':<44}{'median s':>9}{'min s':>8}{'ratio':>8}   goal")
    out = {}
    for label, ts in times.items():
        med = statistics.median(ts)
        goal = "< 0.2 s" if label.startswith("yimi --help") else "< 0.35 s" if label.startswith("yimi stats") else ""
        print(f"  {label:<44}{med:>9.3f}{min(ts):>8.3f}{med / bare:>7.2f}x   {goal}")
        out[label] = {"median_s": med, "min_s": min(ts), "ratio": med / bare, "runs": ts}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="an existing yimi database instead of bench/out/cli-N.db")
    ap.add_argument("--runs", type=int, default=9, help="processes of each kind (alternating)")
    ap.add_argument("--baseline-code", type=Path, help="another checkout of the code to time in the same run")
    ap.add_argument("--no-bytecode", action="store_true", help="also measure with PYTHONDONTWRITEBYTECODE=1 and no __pycache__")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = args.db or OUT / f"cli-{args.enterprises}.db"
    res: dict = {"db": str(db)}
    if not db.exists():
        res["generation_s"] = build(db, args.enterprises)
        print(f"made {args.enterprises:,} enterprises with yimi demo in {res['generation_s']:.0f} s -> {db}")
    # the file as a user has it: migrated (outside the timings)
    subprocess.run([PY, "-c", LAUNCH, str(ROOT), "--db", str(db), "sync-status"], check=True, capture_output=True)
    codes = {"this code": (ROOT, db)}
    if args.baseline_code:
        base = args.baseline_code.resolve()
        codes["baseline code"] = (base, at_revision(db, base, OUT / f"{db.stem}-baseline.db"))
    for code, _ in codes.values():
        compileall.compile_dir(str(code / "yimi_desktop"), quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    res["bytecode"] = report(measure(db, codes, args.runs, env),
                             f"Whole processes, {args.runs} runs each, alternating, with bytecode")
    if args.no_bytecode:
        env_src = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        for code, _ in codes.values():
            for d in (code / "yimi_desktop").rglob("__pycache__"):
                shutil.rmtree(d, ignore_errors=True)
        res["source"] = report(measure(db, codes, args.runs, env_src),
                               "The same without bytecode (every module compiled in every child)")
        for code, _ in codes.values():
            compileall.compile_dir(str(code / "yimi_desktop"), quiet=1)
    counters, scan, same = in_process(db, args.runs)
    print(f"\n  in-process figures: counters {counters * 1000:.2f} ms vs counted over the tables {scan * 1000:.1f} ms: "
          f"{scan / counters:.0f}x faster; equal: {same}")
    r = subprocess.run([PY, "-c", MODULES, str(ROOT), "--db", str(db), "stats", "--json"], capture_output=True,
                       text=True, env=env, check=True)
    sqla, total = map(int, r.stdout.split()[-2:])
    print(f"  yimi stats --json imports {total} modules, {sqla} of them SQLAlchemy's")
    res.update(in_process_counters_s=counters, in_process_scan_s=scan, equal=same, stats_modules=total,
               stats_sqlalchemy_modules=sqla)
    (OUT / "cli.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    print(f"\nJSON: {(OUT / 'cli.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
