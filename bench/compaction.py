"""Automatic compaction benchmark (run by hand: `.venv/bin/python bench/compaction.py [--rounds 3]`).

The demo county at a hub (`--enterprises`, `--visits`), two laptops enrolled from it, then `--rounds`
rounds of field work (services.simulate on each laptop: new visits with issues, issues moved along their
life) each followed by an exchange (laptops to the hub, the hub back to each laptop, twice). Run twice
from the same seeds:

- baseline: compaction.compact_after switched off (what the import did before: nothing compacted);
- automatic: every import compacts what its package concerns (compaction.compact_after, as shipped).

Printed: each database's size (the file after a checkpoint, and VACUUMed into a copy) and the values held
in the log, in both runs, with the ratio; the time compact_after took inside the imports of the automatic
run against the rest of those imports (the same imports, so the ratio is the import's added cost), and the
median import time of each run. Figures go to stdout and bench/out/compaction.json. No assertions on time.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from yimi_desktop.domain.vocabulary import DeviceRole  # noqa: E402
from yimi_desktop.services.context import enrol_services, init_services, open_services  # noqa: E402
from yimi_desktop.sync import compaction  # noqa: E402


def sizes(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = con.execute("PRAGMA page_size").fetchone()[0]
        file_bytes = con.execute("PRAGMA page_count").fetchone()[0] * page
        held, empty = con.execute("SELECT count(value), count(*) - count(value) FROM change").fetchone()
        value_bytes = con.execute("SELECT coalesce(sum(length(value)), 0) FROM change").fetchone()[0]
        vac = path.with_name(path.stem + ".vacuumed.db")
        vac.unlink(missing_ok=True)
        con.execute("VACUUM INTO ?", (str(vac),))
    finally:
        con.close()
    vacuumed = vac.stat().st_size
    vac.unlink()
    return {"file": file_bytes, "vacuumed": vacuumed, "values_held": held, "values_dropped": empty,
            "value_bytes": value_bytes}


class Timed:
    """compact_after wrapped: how long it took, summed over the imports."""

    def __init__(self, real, on: bool):
        self.real, self.on, self.seconds, self.calls, self.dropped = real, on, 0.0, 0, 0

    def __call__(self, conn, before):
        if not self.on:
            return 0
        t = time.perf_counter()
        n = self.real(conn, before)
        self.seconds += time.perf_counter() - t
        self.calls += 1
        self.dropped += n
        return n


def run(folder: Path, automatic: bool, args) -> dict:
    folder.mkdir(parents=True)
    stick = folder / "stick"
    stick.mkdir()
    timed = Timed(compaction.compact_after, automatic)
    compaction.compact_after = timed  # services/sync.py and salvage call it through the module
    imports: list[float] = []
    try:
        hub = init_services(folder / "hub.db", "县中心", DeviceRole.HUB)
        hub.demo.populate(seed=1, enterprises=args.enterprises, visits=args.visits)
        laps = [enrol_services(folder / f"L{i}.db", hub.enrolment.issue(f"L{i}")) for i in range(2)]
        timed.seconds, timed.calls, timed.dropped = 0.0, 0, 0  # the rounds' imports only, as `imports`

        def timed_import(svc, pkg):
            t = time.perf_counter()
            r = svc.sync.import_file(pkg)
            imports.append(time.perf_counter() - t)
            assert r.ok, r.message
            pkg.unlink()

        today = date(2026, 11, 2)
        for rnd in range(args.rounds):
            for i, lap in enumerate(laps):
                lap.simulation.run(seed=100 * rnd + i, visits=args.field_visits, today=today + timedelta(days=rnd))
            for _ in range(2):
                for lap in laps:
                    timed_import(hub, lap.sync.export(stick))
                for lap in laps:
                    timed_import(lap, hub.sync.export(stick, to=lap.device.name))
        digests = {s.sync.digest() for s in [hub, *laps]}
        assert len(digests) == 1, "the replicas disagree"
        paths = [hub.db.path, *(lap.db.path for lap in laps)]
        for s in [hub, *laps]:
            s.close()
        measured = {p.stem: sizes(p) for p in paths}
        for p in paths:  # what the full pass (`yimi compact`) would still drop, in a copy
            cp = p.with_name(p.stem + ".full.db")
            con = sqlite3.connect(p)
            con.execute("VACUUM INTO ?", (str(cp),))
            con.close()
            svc = open_services(cp)
            measured[p.stem]["full_pass_drops"] = svc.sync.compact()
            svc.close()
        return {"sizes": measured, "imports": imports,
                "compact_seconds": timed.seconds, "compact_calls": timed.calls, "dropped": timed.dropped}
    finally:
        compaction.compact_after = timed.real


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=320)
    ap.add_argument("--visits", type=int, default=1200)
    ap.add_argument("--field-visits", type=int, default=60, help="visits each laptop records each round")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="yimi-bench-compact-") as tmp:
        base = run(Path(tmp) / "baseline", False, args)
        auto = run(Path(tmp) / "automatic", True, args)
    mb = 1 / 1e6
    print(f"demo county {args.enterprises} enterprises, {args.visits} visits; {args.rounds} rounds of "
          f"{args.field_visits} visits per laptop; load {os.getloadavg()[0]:.2f}")
    print(f"{'db':6} {'file MB base':>12} {'auto':>8} {'ratio':>6} {'VACUUMed base':>14} {'auto':>8} {'ratio':>6} "
          f"{'values held base':>17} {'auto':>8} {'full pass would drop base':>26} {'auto':>6}")
    for name in base["sizes"]:
        b, a = base["sizes"][name], auto["sizes"][name]
        print(f"{name:6} {b['file'] * mb:12.2f} {a['file'] * mb:8.2f} {a['file'] / b['file']:6.3f} "
              f"{b['vacuumed'] * mb:14.2f} {a['vacuumed'] * mb:8.2f} {a['vacuumed'] / b['vacuumed']:6.3f} "
              f"{b['values_held']:17d} {a['values_held']:8d} {b['full_pass_drops']:26d} {a['full_pass_drops']:6d}")
    total = sum(auto["imports"])
    rest = total - auto["compact_seconds"]
    print(f"automatic run: {auto['compact_calls']} imports compacted {auto['dropped']} values in "
          f"{auto['compact_seconds']:.3f} s; the rest of those imports {rest:.3f} s: import with compaction / "
          f"without = {total / rest:.3f}")
    print(f"median import: baseline {statistics.median(base['imports']):.3f} s, automatic "
          f"{statistics.median(auto['imports']):.3f} s (ratio {statistics.median(auto['imports']) / statistics.median(base['imports']):.3f}; "
          "different runs, the line above is the same-run figure)")
    OUT.mkdir(exist_ok=True)
    (OUT / "compaction.json").write_text(json.dumps({"args": vars(args), "baseline": base, "automatic": auto},
                                                    indent=1))


if __name__ == "__main__":
    main()
