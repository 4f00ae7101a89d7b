"""Start-up benchmark (run by hand: `.venv/bin/python bench/startup.py`). Never run by CI.

Process start to the first painted 企业 window on a database of 100,000 enterprises made by the app's own
write path (`yimi init` + `yimi demo --enterprises N`, change log included), beside a bare PySide6 window
(QApplication + an empty QMainWindow shown and painted) started the same way, in alternation, in the same
run. The app child runs the real entry point (`yimi_desktop.app.gui_main`, as `yimi-desktop --db X`), with
the window opening on the 企业 page; it reports the time when that page's first results are in the table
and the window has painted them. `--baseline-code DIR` also times another checkout of the code (e.g. the
commit before a change: `git archive <commit> | tar -x -C DIR`) in the same alternation. Three figures per code: the first screen of rows
painted (the goal: a light start paints it before SQLAlchemy is imported), every id in with the count, and the
services attached (a light start's handover; the same moment as the first in code without one).
No assertions on time. The same figures as JSON in bench/out/startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from _dbbuild import BARE_CHILD, cached, child_times, demo_database

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

# argv: code folder, database, settings folder. Opens on the 企业 page: with `--page` where the window
# knows it (built lazily), else by showing that page before the window (older code built every page).
# Prints three times: the first screen of rows painted (`first_screen_loaded`, or `results_loaded` in code
# without it), every id in and the count shown (`results_loaded`), and the services attached (a light start's
# handover, `ctx.ready`; at once in code without one).
APP_CHILD = """
import inspect, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
code, db, settings = sys.argv[1:4]
sys.path.insert(0, code)
from PySide6.QtCore import QSettings, QTimer
QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, settings)
import yimi_desktop.ui.main_window as mw
lazy = "start_page" in inspect.signature(mw.MainWindow.__init__).parameters
show = mw.MainWindow.show
times = {}

def shown(win):
    if not lazy:
        win.show_page("enterprises")
    page = win.page("enterprises")

    def mark(what):
        if what in times:
            return
        win.repaint()
        if page.model.rowCount() == 0 or page.model.row(0) is None:
            raise SystemExit("no rows painted")
        times[what] = time.time()
        done()

    def done():
        ready = getattr(win.ctx, "ready", True)
        if ready and "ready" not in times:
            times["ready"] = time.time()
        if len(times) == 3:
            print(times["first"], times["all"], times["ready"], flush=True)
            os._exit(0)
        if "ready" not in times:
            QTimer.singleShot(5, done)

    first = getattr(page, "first_screen_loaded", page.results_loaded)
    first.connect(lambda: QTimer.singleShot(0, lambda: mark("first")))
    page.results_loaded.connect(lambda: QTimer.singleShot(0, lambda: (mark("first"), mark("all"))))
    show(win)

mw.MainWindow.show = shown
from yimi_desktop.app import gui_main
gui_main(["--db", db] + (["--page", "enterprises"] if lazy else []))
raise SystemExit("the window closed before its first rows")
"""

STAGES = (("first", "first screen painted"), ("all", "every id + count"), ("ready", "services attached"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7, help="fresh processes of each kind (alternating)")
    ap.add_argument("--rebuild", action="store_true", help="make the database again")
    ap.add_argument("--baseline-code", type=Path, default=None,
                    help="another checkout of the code to time in the same run (e.g. the commit before)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"startup-{args.enterprises}.db"
    res: dict = {"enterprises": args.enterprises}
    res["generation_s"] = cached(db, args.rebuild, demo_database(args.enterprises))
    if res["generation_s"] is not None:
        print(f"made {args.enterprises:,} enterprises with yimi demo in {res['generation_s']:.0f} s -> {db}")
    settings = OUT / "qsettings-startup"
    settings.mkdir(exist_ok=True)
    # the file as a user has it: checkpointed, migrated, today's backup made (outside the timings)
    subprocess.run([sys.executable, "-c", APP_CHILD, str(ROOT), str(db), str(settings)], capture_output=True)
    res["bytecode"] = "compiled once, in bench/out/pycache"
    codes = {"this code": ROOT}
    if args.baseline_code:
        codes["baseline code"] = args.baseline_code.resolve()
    # as installed: compiled bytecode (this machine's environment sets PYTHONDONTWRITEBYTECODE, which makes every
    # start compile the app's sources again), kept outside the source trees; the warm-up runs below write it
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    child_times(BARE_CHILD, env=env)  # the OS file cache warm for PySide6
    for code in codes.values():
        child_times(APP_CHILD, str(code), str(db), str(settings), env=env)
    bare_runs: list[float] = []
    runs: dict[str, list[list[float]]] = {k: [] for k in codes}
    for _ in range(args.runs):
        bare_runs.append(child_times(BARE_CHILD, env=env)[0])
        for label, code in codes.items():
            runs[label].append(child_times(APP_CHILD, str(code), str(db), str(settings), env=env))
    bare = statistics.median(bare_runs)
    print(f"\nProcess start to the 企业 window, {args.enterprises:,} enterprises, {args.runs} runs each, "
          f"alternating (load {os.getloadavg()[0]:.1f})\n")
    print(f"  {'':<46}{'median s':>9}{'min s':>8}{'x bare':>8}{'x base':>8}   runs")
    res["bare PySide6 window"] = {"median_s": bare, "min_s": min(bare_runs), "runs": bare_runs}
    print(f"  {'bare PySide6 window':<46}{bare:>9.3f}{min(bare_runs):>8.3f}{1:>7.2f}x{'':>8}   "
          + " ".join(f"{t:.2f}" for t in bare_runs))
    for i, (stage, caption) in enumerate(STAGES):
        base_med = statistics.median(r[i] for r in runs["baseline code"]) if "baseline code" in runs else None
        for label in codes:
            ts = [r[i] for r in runs[label]]
            med = statistics.median(ts)
            vs_base = f"{med / base_med:>7.2f}x" if base_med and label != "baseline code" else f"{'':>8}"
            print(f"  {caption + ', ' + label:<46}{med:>9.3f}{min(ts):>8.3f}{med / bare:>7.2f}x{vs_base}   "
                  + " ".join(f"{t:.2f}" for t in ts))
            res.setdefault(label, {})[stage] = {"median_s": med, "min_s": min(ts), "ratio": med / bare, "runs": ts,
                                                "ratio_to_baseline": med / base_med if base_med else None}
    (OUT / "startup.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    print(f"\nJSON: {(OUT / 'startup.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
