"""Start-up benchmark (run by hand: `.venv/bin/python bench/startup.py`). Never run by CI.

Process start to the first painted 企业 window on a database of 100,000 enterprises made by the app's own
write path (`yimi init` + `yimi demo --enterprises N`, change log included), beside a bare PySide6 window
(QApplication + an empty QMainWindow shown and painted) started the same way, in alternation, in the same
run. The app child runs the real entry point (`yimi_desktop.app.gui_main`, as `yimi-desktop --db X`), with
the window opening on the 企业 page; it reports the time when that page's first results are in the table
and the window has painted them. `--baseline-code DIR` also times another checkout of the code (e.g. the
commit before a change: `git archive <commit> | tar -x -C DIR`) in the same alternation.
No assertions on time. The same figures as JSON in bench/out/startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

# argv: code folder, database, settings folder. Opens on the 企业 page: with `--page` where the window
# knows it (built lazily), else by showing that page before the window (older code built every page).
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

def shown(win):
    if not lazy:
        win.show_page("enterprises")
    page = win.page("enterprises")

    def painted():
        win.repaint()
        if page.model.rowCount() == 0 or page.model.row(0) is None:
            raise SystemExit("no rows painted")
        print(time.time(), flush=True)
        os._exit(0)

    page.results_loaded.connect(lambda: QTimer.singleShot(0, painted))
    show(win)

mw.MainWindow.show = shown
from yimi_desktop.app import gui_main
gui_main(["--db", db] + (["--page", "enterprises"] if lazy else []))
raise SystemExit("the window closed before its first rows")
"""

BARE_CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)
w.show()
app.processEvents()
w.repaint()
print(time.time(), flush=True)
os._exit(0)
"""


def child_seconds(code: str, *args: str, env: dict[str, str] | None = None) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    if out.returncode != 0 or not out.stdout.strip():
        raise SystemExit(f"child failed:\n{out.stdout}\n{out.stderr}")
    return float(out.stdout.split()[-1]) - start


def build(db: Path, n: int) -> float:
    """The database through the app's own write path: `yimi init`, then `yimi demo --enterprises n`."""
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    yimi = [sys.executable, "-m", "yimi_desktop.cli"]
    t = time.perf_counter()
    subprocess.run([*yimi, "--db", str(db), "init", "--name", "基准笔记本"], check=True, cwd=ROOT,
                   capture_output=True)
    subprocess.run([*yimi, "--db", str(db), "demo", "--enterprises", str(n), "--visits", "2000"], check=True,
                   cwd=ROOT, capture_output=True)
    return time.perf_counter() - t


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
    res: dict = {"enterprises": args.enterprises, "generation_s": None}
    if args.rebuild or not db.exists():
        res["generation_s"] = build(db, args.enterprises)
        print(f"made {args.enterprises:,} enterprises with yimi demo in {res['generation_s']:.0f} s -> {db}")
    settings = OUT / "qsettings-startup"
    settings.mkdir(exist_ok=True)
    # the file as a user has it: checkpointed, migrated, today's backup made (outside the timings)
    subprocess.run([sys.executable, "-c", APP_CHILD, str(ROOT), str(db), str(settings)], capture_output=True)
    codes = {"this code": ROOT}
    if args.baseline_code:
        codes["baseline code"] = args.baseline_code.resolve()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child_seconds(BARE_CHILD, env=env)  # the OS file cache warm for PySide6
    for code in codes.values():
        child_seconds(APP_CHILD, str(code), str(db), str(settings), env=env)
    times: dict[str, list[float]] = {"bare PySide6 window": [], **{k: [] for k in codes}}
    for _ in range(args.runs):
        times["bare PySide6 window"].append(child_seconds(BARE_CHILD, env=env))
        for label, code in codes.items():
            times[label].append(child_seconds(APP_CHILD, str(code), str(db), str(settings), env=env))
    bare = statistics.median(times["bare PySide6 window"])
    print(f"\nProcess start to first painted window, {args.enterprises:,} enterprises, {args.runs} runs each, "
          f"alternating (load {os.getloadavg()[0]:.1f})\n")
    print(f"  {'':<34}{'median s':>9}{'min s':>8}{'ratio':>8}   runs")
    for label, ts in times.items():
        med = statistics.median(ts)
        shown = "企业 page + rows, " + label if label != "bare PySide6 window" else label
        print(f"  {shown:<34}{med:>9.3f}{min(ts):>8.3f}{med / bare:>7.2f}x   " + " ".join(f"{t:.2f}" for t in ts))
        res[label] = {"median_s": med, "min_s": min(ts), "ratio": med / bare, "runs": ts}
    (OUT / "startup.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    print(f"\nJSON: {(OUT / 'startup.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
