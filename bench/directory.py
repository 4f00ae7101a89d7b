"""Directory benchmark (run by hand: `make bench`, or `.venv/bin/python bench/directory.py`). Never run by CI.

On 100,000 enterprises:
1. time to the first shown window: from the moment the child process is started to the main window shown on
   the 企业 page with its first rows loaded and painted, in a fresh interpreter each run (median of --runs),
   beside a bare PySide6 script (QApplication + an empty QMainWindow shown) started the same way;
2. per-keystroke search latency while typing realistic queries character by character (Chinese, full pinyin,
   initials, a credit-code fragment, two terms, and with the 乡镇 and 规上 filters set):
   - service: what the page runs for a keystroke, EnterpriseService.ids(query) + rows() of the first 50 ids;
   - page: set the search text, run the query (off the GUI thread), wait for `results_loaded`, repaint the table;
   - raw SQL: the same search with sqlite3 directly (ids in pinyin order, then the first 50 rows);
   medians and 95th percentiles, and the ratios. Every keystroke checks service ids == raw SQL ids.
No assertions on time. The same figures as JSON in bench/out/directory.json.
The generated database is cached as bench/out/directory-<n>.db (`--rebuild` to make it again).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _dbbuild import BARE_CHILD, cached, child_times  # noqa: E402

from yimi_desktop.domain import creditcode, pinyin  # noqa: E402
from yimi_desktop.domain.vocabulary import INDUSTRIES, TOWNSHIPS, DeviceRole  # noqa: E402
from yimi_desktop.services.context import init_services, open_services  # noqa: E402
from yimi_desktop.services.demo import BRANDS, GIVEN, INDUSTRY_WORDS, SURNAMES  # noqa: E402
from yimi_desktop.services.enterprises import EnterpriseQuery  # noqa: E402
from yimi_desktop.storage import digest_sql, search  # noqa: E402

FIRST_ROWS = 50  # about what the table shows at 1280x800


@dataclass(frozen=True)
class Case:
    """A query typed one character at a time, with filters set before typing."""

    text: str
    township: str | None = None
    above_size: bool | None = None

    def label(self) -> str:
        extra = [f"乡镇={self.township}"] if self.township else []
        extra += ["规上"] if self.above_size else []
        return " + ".join([repr(self.text)] + extra)

    def query(self, k: int) -> EnterpriseQuery:
        return EnterpriseQuery(text=self.text[:k], township=self.township, above_size=self.above_size)


# the middle of one enterprise's credit code (its organisation part), as an officer reads it off a licence
CODE_FRAGMENT = creditcode.make_code("9", "1", "410223", "MA004242")[8:17]
CASES = (
    Case("尉氏县宏达"),
    Case("hongda"),
    Case("hdwl"),
    Case(CODE_FRAGMENT),
    Case("华盛 门业"),
    Case("宏达", township=TOWNSHIPS[0]),
    Case("hd", above_size=True),
)


def build(path: Path, n: int) -> None:
    """n enterprises inserted in bulk, with the same derived search keys the service writes."""
    rng = random.Random(1)
    svc = init_services(path, "BENCH", DeviceRole.LAPTOP)
    dev = svc.device.device_id
    svc.close()
    rows = []
    for i in range(n):
        industry = INDUSTRIES[i % len(INDUSTRIES)]
        # like services/demo.py; the number keeps 100,000 names distinct
        name = f"尉氏县{rng.choice(BRANDS)}{rng.choice(BRANDS)[0]}{INDUSTRY_WORDS[industry]}{i}号有限公司"
        code = creditcode.make_code("9", "1", "410223", f"MA{i:06d}")
        contact = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        rows.append((f"{i:032x}", name, code, rng.choice(TOWNSHIPS), "河南省开封市尉氏县", industry, int(i % 4 == 0),
                     contact, f"138{rng.randrange(10**8):08d}", "", pinyin.search_text(name, code, contact),
                     pinyin.sort_key(name), "2026-01-01 00:00:00.000000", "2026-01-01 00:00:00.000000", dev, dev))
    con = sqlite3.connect(path)
    digest_sql.register(con)  # the digest triggers' functions: raw writes to replicated tables need them
    with con:
        con.executemany("INSERT INTO enterprise(id, name, credit_code, township, address, industry, above_size, "
                        "contact_person, contact_phone, notes, search_text, sort_key, created_at, updated_at, "
                        "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.close()


def pad(text: str, width: int) -> str:
    """Left-aligned in `width` terminal columns (Chinese characters take two)."""
    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cols)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"median_ms": statistics.median(ms), "p95_ms": pct(ms, 95), "max_ms": max(ms), "n": len(ms)}


# The children print time.time() when the window is shown and painted; the parent took time.time() just before
# starting them, so interpreter start-up and imports are inside the figure. os._exit skips the teardown.
APP_CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from PySide6.QtCore import QSettings
QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, sys.argv[3])
from yimi_desktop.ui.application import GuiSession, make_application
from yimi_desktop.services.context import open_services
t_imports = time.time()
app = make_application()
svc = open_services(Path(sys.argv[1]))
t_services = time.time()
session = GuiSession(app, svc, demo=False)
win = session.window
t_window = time.time()
page = win.show_page("enterprises")
done = []
page.results_loaded.connect(lambda: done.append(1))
win.show()
while not done:
    app.processEvents()
    time.sleep(0.0005)
win.repaint()  # paints the visible rows: loads their chunk
assert page.model.row(0) is not None
print(time.time(), t_imports, t_services, t_window, flush=True)
os._exit(0)
"""

def raw_search(con: sqlite3.Connection, q: EnterpriseQuery) -> list[str]:
    """The same search in plain SQL: ids of every match in pinyin order, then the first rows."""
    terms = q.terms()
    where = ["search_text LIKE ? ESCAPE '\\'" for _ in terms]
    params: list[object] = ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                            for t in terms]
    if q.township:
        where.append("township = ?")
        params.append(q.township)
    if q.above_size is not None:
        where.append("above_size = ?")
        params.append(int(q.above_size))
    sql = f"SELECT id FROM enterprise WHERE {' AND '.join(where) or '1'} ORDER BY sort_key, id"
    ids = [r[0] for r in con.execute(sql, params)]
    first = ids[:FIRST_ROWS]
    marks = ",".join("?" * len(first))
    con.execute(f"SELECT id, name, credit_code, township, industry, above_size, contact_person, contact_phone "
                f"FROM enterprise WHERE id IN ({marks})", first).fetchall()
    return ids


def raw_search_indexed(con: sqlite3.Connection, q: EnterpriseQuery) -> list[str]:
    """The service's own query shape (the full-text index of storage.search) in plain SQL, so the ratio
    measures what the service adds; `raw_search` (LIKE over the covering index) is the old query."""
    where: list[str] = []
    params: dict[str, object] = {}
    for k, term in enumerate(q.terms()):
        indexed = search.rowids_sql("enterprise", term, f"t{k}")
        if indexed is None:
            where.append(f"search_text LIKE :like{k} ESCAPE '\\'")
            params[f"like{k}"] = "%" + search.escape_like(term) + "%"
        else:
            where.append(f"rowid IN ({indexed[0]})")
            params.update(indexed[1])
    if q.township:
        where.append("township = :township")
        params["township"] = q.township
    if q.above_size is not None:
        where.append("above_size = :above")
        params["above"] = int(q.above_size)
    sql = f"SELECT id FROM enterprise WHERE {' AND '.join(where) or '1'} ORDER BY sort_key, id"
    ids = [r[0] for r in con.execute(sql, params)]
    first = ids[:FIRST_ROWS]
    marks = ",".join("?" * len(first))
    con.execute(f"SELECT id, name, credit_code, township, industry, above_size, contact_person, contact_phone "
                f"FROM enterprise WHERE id IN ({marks})", first).fetchall()
    return ids


def keystrokes_service_and_raw(db: Path, svc) -> tuple[list[dict], list[float], list[float], list[float]]:
    con = sqlite3.connect(db)
    per_case, service_ms, raw_ms = [], [], []
    indexed_ms: list[float] = []
    for case in CASES:
        svc.enterprises.ids(case.query(1))  # warm both connections' caches the same way
        raw_search(con, case.query(1))
        raw_search_indexed(con, case.query(1))
        s_ms, r_ms, x_ms, hits = [], [], [], []
        for k in range(1, len(case.text) + 1):
            q = case.query(k)
            t = time.perf_counter()
            ids = svc.enterprises.ids(q)
            svc.enterprises.rows(ids[:FIRST_ROWS])
            s_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            raw = raw_search(con, q)
            r_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            raw_indexed = raw_search_indexed(con, q)
            x_ms.append((time.perf_counter() - t) * 1000)
            if raw != ids or raw_indexed != ids:
                raise SystemExit(f"service and raw SQL disagree on {q}")
            hits.append(len(ids))
        per_case.append({"case": case.label(), "hits": hits, "service_ms": s_ms, "raw_sql_ms": r_ms,
                         "raw_indexed_sql_ms": x_ms})
        service_ms += s_ms
        raw_ms += r_ms
        indexed_ms += x_ms
    con.close()
    return per_case, service_ms, raw_ms, indexed_ms


def keystrokes_page(svc, settings: Path, per_case: list[dict], complete_ms: list[float]) -> list[float]:
    """Type into the real page: set the text, run the query (the 150 ms typing pause is skipped), wait for
    results_loaded, repaint the table (which loads the visible rows)."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(settings))
    from yimi_desktop.ui.application import GuiSession, make_application

    app = make_application()
    session = GuiSession(app, svc, demo=False)
    page = session.window.show_page("enterprises")
    session.window.resize(1280, 800)
    session.window.show()
    done: list[int] = []
    page.results_loaded.connect(lambda: done.append(1))

    def settle() -> None:
        while not done:
            app.processEvents()
            time.sleep(0.0005)
        done.clear()

    def choose(combo, index: int) -> None:
        if combo.currentIndex() != index:
            combo.setCurrentIndex(index)  # runs the query at once
            settle()

    settle()  # the first query of the page itself
    while page.township.count() <= 1:  # filter choices arrive off the GUI thread
        app.processEvents()
        time.sleep(0.001)
    # the page path: keystroke to the table showing the first screen (LIMIT first: `first_screen_loaded`;
    # code without it shows every id at once, at results_loaded), then to every id and the count
    first = getattr(page, "first_screen_loaded", page.results_loaded)
    screen: list[int] = []
    first.connect(lambda: screen.append(1))
    all_ms: list[float] = []
    for case, record in zip(CASES, per_case):
        page.search.blockSignals(True)
        page.search.clear()
        page.search.blockSignals(False)
        choose(page.township, page.township.findData(case.township) if case.township else 0)
        choose(page.above_size, page.above_size.findData(case.above_size) if case.above_size is not None else 0)
        p_ms, c_ms = [], []
        for k in range(1, len(case.text) + 1):
            done.clear()
            screen.clear()
            for _ in range(3):  # the last keystroke's repaints done: a keystroke after the typing pause
                app.processEvents()
            t = time.perf_counter()
            page.search.setText(case.text[:k])
            page.run_query()  # what the typing pause's timer would call; stops the timer
            while not screen:
                app.processEvents()
                time.sleep(0.0005)
            page.table.viewport().repaint()
            p_ms.append((time.perf_counter() - t) * 1000)
            while not done:
                app.processEvents()
                time.sleep(0.0005)
            c_ms.append((time.perf_counter() - t) * 1000)
            if page.model.rowCount() != record["hits"][k - 1]:
                raise SystemExit(f"page shows {page.model.rowCount()} rows for {case.text[:k]!r}")
        record["page_ms"] = p_ms
        record["page_complete_ms"] = c_ms
        all_ms += p_ms
        complete_ms.extend(c_ms)
    session.tasks.wait()
    session.window.close()
    return all_ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5, help="fresh processes for the first-window figure (0: skip it)")
    ap.add_argument("--rebuild", action="store_true", help="generate the database again")
    ap.add_argument("--db", type=Path, default=None,
                    help="use this database instead (e.g. bench/out/startup-100000.db, made by yimi demo)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = args.db.resolve() if args.db else OUT / f"directory-{args.enterprises}.db"
    res: dict = {"enterprises": args.enterprises, "generation_s": None}
    if args.db:
        print(f"using {db}")
    elif (made := cached(db, args.rebuild, lambda path: build(path, args.enterprises))) is not None:
        res["generation_s"] = made
        print(f"generated {args.enterprises:,} enterprises in {made:.1f} s -> {db}")
    else:
        print(f"using the cached {db.relative_to(ROOT)} (--rebuild to generate it again)")
    open_services(db).close()  # migrate once, outside the timings
    settings = OUT / "qsettings"
    settings.mkdir(exist_ok=True)

    # 1. time to the first shown window; the two kinds of run alternate so both see the same machine
    if args.runs:
        app_s, bare_s, stages = [], [], []
        child_times(BARE_CHILD)  # warm the OS file cache for PySide6 once
        for _ in range(args.runs):
            shown, imported, opened, built = child_times(APP_CHILD, str(db), str(ROOT), str(settings))
            app_s.append(shown)
            stages.append((imported, opened - imported, built - opened, shown - built))
            bare_s.append(child_times(BARE_CHILD)[0])
        res["first_window_s"] = {"median": statistics.median(app_s), "runs": app_s}
        res["first_window_stages_s"] = {
            name: statistics.median(s[i] for s in stages)
            for i, name in enumerate(("interpreter_and_imports", "application_and_database", "window_built",
                                      "shown_first_rows_painted"))}
        res["bare_window_s"] = {"median": statistics.median(bare_s), "runs": bare_s}
        res["first_window_ratio"] = res["first_window_s"]["median"] / res["bare_window_s"]["median"]

    # 2. per keystroke
    svc = open_services(db)
    per_case, service_ms, raw_ms, indexed_ms = keystrokes_service_and_raw(db, svc)
    complete_ms: list[float] = []
    page_ms = keystrokes_page(svc, settings, per_case, complete_ms)
    svc.close()
    res["page_complete"] = summary(complete_ms)
    res["keystrokes"] = len(service_ms)
    res["service"] = summary(service_ms)
    res["page"] = summary(page_ms)
    res["raw_sql"] = summary(raw_ms)
    res["raw_indexed_sql"] = summary(indexed_ms)
    for key in ("service", "page"):
        res[key]["ratio_median"] = res[key]["median_ms"] / res["raw_sql"]["median_ms"]
        res[key]["ratio_p95"] = res[key]["p95_ms"] / res["raw_sql"]["p95_ms"]
        res[key]["indexed_ratio_median"] = res[key]["median_ms"] / res["raw_indexed_sql"]["median_ms"]
        res[key]["indexed_ratio_p95"] = res[key]["p95_ms"] / res["raw_indexed_sql"]["p95_ms"]
    res["cases"] = per_case

    n = args.runs
    print(f"\nDirectory of {args.enterprises:,} enterprises, {res['keystrokes']} keystrokes in {len(CASES)} queries\n")
    if n:
        print(f"{'first shown window (s)':<34}{'median':>9}{'runs':>40}")
        for label, key in (("yimi-desktop, 企业 page + rows", "first_window_s"),
                           ("bare PySide6 QMainWindow", "bare_window_s")):
            runs = " ".join(f"{v:.2f}" for v in res[key]["runs"])
            print(f"  {pad(label, 32)}{res[key]['median']:>9.2f}{runs:>40}")
        print(f"  {'ratio':<32}{res['first_window_ratio']:>8.1f}x   (median of {n}, process start to painted window)")
        st = res["first_window_stages_s"]
        print("  where the app's time goes (medians): " + ", ".join(
            f"{k.replace('_', ' ')} {v:.2f}" for k, v in st.items()) + "\n")
    print(f"{'per keystroke (ms)':<34}{'median':>9}{'p95':>9}{'max':>9}{'x raw med':>11}{'x raw p95':>11}"
          f"{'x idx med':>11}{'x idx p95':>11}")
    for label, key in (("service: ids + first 50 rows", "service"), ("page: keystroke to first screen", "page"),
                       ("page: ... to every id + count", "page_complete"),
                       ("raw SQL, LIKE (old query)", "raw_sql"), ("raw SQL, same indexed query", "raw_indexed_sql")):
        r = res[key]
        ratios = (f"{r['ratio_median']:>10.2f}x{r['ratio_p95']:>10.2f}x"
                  f"{r['indexed_ratio_median']:>10.2f}x{r['indexed_ratio_p95']:>10.2f}x" if "ratio_median" in r else "")
        print(f"  {label:<32}{r['median_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['max_ms']:>9.1f}{ratios}")
    print(f"\n{'by query (median ms)':<34}{'service':>9}{'page':>9}{'raw LIKE':>9}{'raw idx':>9}   matches per keystroke")
    for rec in per_case:
        print(f"  {pad(rec['case'], 32)}{statistics.median(rec['service_ms']):>9.1f}{statistics.median(rec['page_ms']):>9.1f}"
              f"{statistics.median(rec['raw_sql_ms']):>9.1f}{statistics.median(rec['raw_indexed_sql_ms']):>9.1f}   "
              f"{' '.join(str(h) for h in rec['hits'])}")
    (OUT / "directory.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    print(f"\nJSON: {(OUT / 'directory.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skips the teardown, as bench/ledger.py: PySide6's objects freed at interpreter exit crashed it
    # (Fatal Python error: bool_dealloc, after the figures were written)
