"""Directory benchmark (run by hand: `.venv/bin/python bench/directory.py`).

On 100,000 enterprises:
1. time to the first shown window (the main window on the 企业 page with its first rows loaded), in a
   fresh child process each run, beside a bare PySide6 window started the same way;
2. per-keystroke search latency while typing realistic queries: the service path the page runs for each
   keystroke (ids of every match in pinyin order + the first 50 rows) and the full page path (set the search
   text, wait for the results signal), beside the raw SQL of the same search with sqlite3.
Medians and 95th percentiles, and the ratios. No assertions on time. JSON in bench/out/directory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from yimi_desktop.domain import creditcode, pinyin  # noqa: E402
from yimi_desktop.domain.vocabulary import INDUSTRIES, TOWNSHIPS, DeviceRole  # noqa: E402
from yimi_desktop.services.context import init_services, open_services  # noqa: E402
from yimi_desktop.services.demo import BRANDS, INDUSTRY_WORDS, SURNAMES, GIVEN  # noqa: E402
from yimi_desktop.services.enterprises import EnterpriseQuery  # noqa: E402

QUERIES = ("尉氏县宏达", "hongda", "hdwl", "91410223MA1", "华盛 门业")


def build(path: Path, n: int) -> None:
    """100,000 enterprises inserted in bulk (the same derived search keys the service writes)."""
    rng = random.Random(1)
    svc = init_services(path, "BENCH", DeviceRole.LAPTOP)
    dev = svc.device.device_id
    svc.close()
    con = sqlite3.connect(path)
    rows = []
    for i in range(n):
        industry = INDUSTRIES[i % len(INDUSTRIES)]
        name = f"尉氏县{rng.choice(BRANDS)}{rng.choice(BRANDS)[0]}{INDUSTRY_WORDS[industry]}{i}号有限公司"
        code = creditcode.make_code("9", "1", "410223", f"MA{i:06d}")
        contact = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        rows.append((f"{i:032x}", name, code, rng.choice(TOWNSHIPS), "河南省开封市尉氏县", industry, int(i % 4 == 0),
                     contact, "13800000000", "", pinyin.search_text(name, code, contact), pinyin.sort_key(name),
                     "2026-01-01 00:00:00.000000", "2026-01-01 00:00:00.000000", dev, dev))
    with con:
        con.executemany("INSERT INTO enterprise(id, name, credit_code, township, address, industry, above_size, "
                        "contact_person, contact_phone, notes, search_text, sort_key, created_at, updated_at, "
                        "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.close()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"median_ms": statistics.median(ms), "p95_ms": pct(ms, 95), "n": len(ms)}


APP_CHILD = """
import os, sys, time
t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, sys.argv[3])
from yimi_desktop.ui.application import GuiSession, make_application
from yimi_desktop.services.context import open_services
app = make_application()
svc = open_services(Path(sys.argv[1]))
session = GuiSession(app, svc, demo=False)
win = session.window
page = win.show_page("enterprises")
win.show()
while page.model.rowCount() == 0 or page.model.row(0) is None:
    app.processEvents()
    time.sleep(0.001)
app.processEvents()
print(time.perf_counter() - t0)
session.tasks.wait()
"""

BARE_CHILD = """
import os, sys, time
t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)
w.show()
app.processEvents()
print(time.perf_counter() - t0)
"""


def child_seconds(code: str, *args: str) -> float:
    """From starting the process to the window shown (measured from outside, interpreter start included)."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return time.perf_counter() - t


def raw_search(con: sqlite3.Connection, text: str) -> list:
    terms = [t for t in text.lower().split() if t]
    where = " AND ".join("search_text LIKE ? ESCAPE '\\'" for _ in terms) or "1"
    ids = [r[0] for r in con.execute(f"SELECT id FROM enterprise WHERE {where} ORDER BY sort_key, id",
                                     [f"%{t}%" for t in terms])]
    marks = ",".join("?" * len(ids[:50]))
    con.execute(f"SELECT id, name, credit_code, township, industry, above_size, contact_person, contact_phone "
                f"FROM enterprise WHERE id IN ({marks})", ids[:50]).fetchall()
    return ids


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"directory-{args.enterprises}.db"
    if args.rebuild or not db.exists():
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        t = time.perf_counter()
        build(db, args.enterprises)
        print(f"built {args.enterprises:,} enterprises in {time.perf_counter() - t:.1f} s")
    open_services(db).close()  # migrate/adopt once, outside the timings
    settings = OUT / "qsettings"
    settings.mkdir(exist_ok=True)

    # 1. time to first shown window
    app_s = [child_seconds(APP_CHILD, str(db), str(ROOT), str(settings)) for _ in range(args.runs)]
    bare_s = [child_seconds(BARE_CHILD) for _ in range(args.runs)]
    res: dict = {"enterprises": args.enterprises,
                 "first_window_s": statistics.median(app_s), "bare_window_s": statistics.median(bare_s)}
    res["first_window_ratio"] = res["first_window_s"] / res["bare_window_s"]

    # 2. per keystroke
    svc = open_services(db)
    con = sqlite3.connect(db)
    service_ms, raw_ms, checks = [], [], 0
    for q in QUERIES:
        for k in range(1, len(q) + 1):
            text = q[:k]
            t = time.perf_counter()
            ids = svc.enterprises.ids(EnterpriseQuery(text=text))
            svc.enterprises.rows(ids[:50])
            service_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            raw = raw_search(con, text)
            raw_ms.append((time.perf_counter() - t) * 1000)
            assert raw == ids, text
            checks += 1
    res["keystrokes"] = checks
    res["service"] = summary(service_ms)
    res["raw_sql"] = summary(raw_ms)
    res["service_ratio_median"] = res["service"]["median_ms"] / res["raw_sql"]["median_ms"]

    # the page itself: type into the search box, wait for the results signal
    from PySide6.QtCore import QSettings
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(settings))
    from yimi_desktop.ui.application import GuiSession, make_application

    app = make_application()
    session = GuiSession(app, svc, demo=False)
    page = session.window.show_page("enterprises")
    session.window.show()
    page_ms = []
    for q in QUERIES:
        page.search.clear()
        for k in range(1, len(q) + 1):
            done = []
            page.results_loaded.connect(lambda: done.append(1))
            t = time.perf_counter()
            page.search.setText(q[:k])
            page._timer.stop()  # measure the query, not the typing pause
            page.run_query()
            while not done:
                app.processEvents()
                time.sleep(0.0005)
            page_ms.append((time.perf_counter() - t) * 1000)
            page.results_loaded.disconnect()
    res["page"] = summary(page_ms)
    session.tasks.wait()
    svc.close()

    print(f"\n{args.enterprises:,} enterprises")
    print(f"  first shown window  {res['first_window_s']:.2f} s   bare PySide6 window {res['bare_window_s']:.2f} s"
          f"   ratio {res['first_window_ratio']:.1f}x   (median of {args.runs}, process start to window)")
    print(f"  keystroke, service  median {res['service']['median_ms']:.1f} ms  p95 {res['service']['p95_ms']:.1f} ms")
    print(f"  keystroke, raw SQL  median {res['raw_sql']['median_ms']:.1f} ms  p95 {res['raw_sql']['p95_ms']:.1f} ms"
          f"   ratio {res['service_ratio_median']:.2f}x  ({checks} keystrokes, same ids checked)")
    print(f"  keystroke, page     median {res['page']['median_ms']:.1f} ms  p95 {res['page']['p95_ms']:.1f} ms"
          f"   (query off the GUI thread + model reset; the 150 ms typing pause excluded)")
    (OUT / "directory.json").write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
