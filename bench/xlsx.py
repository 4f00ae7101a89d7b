"""Spreadsheets: importing N enterprises and exporting M issues, each beside a baseline measured in
the same run, with the peak memory of each (a child process per measurement, its ru_maxrss).

  import:  ImportService.apply (dry-run classification, form validation, ORM writes, change log)
           beside the same reader (python-calamine) into one `executemany` of the same rows (into the
           table without its search triggers; the figure with them is printed too).
  export:  ExportService.ledger (ids, rows in chunks, the extra columns, XlsxWriter constant memory)
           beside XlsxWriter alone writing the same number of rows of the same shape.

    python bench/xlsx.py            quick: 20,000 enterprises, 20,000 issues (~1 minute)
    python bench/xlsx.py --full     the issue's sizes: 100,000 enterprises, 100,000 issues
    python bench/xlsx.py --enterprises N --issues M

  Also printed: how much of the import is change capture (sync/capture.record, timed in the child),
  the import with the per-row FTS5 triggers instead of the bulk index, and the export's peak
  memory at a fifth of the rows and at all of them (flat = streaming).

Run by hand (not in CI). Prints figures and ratios; writes bench/out/xlsx.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yimi_desktop.domain.creditcode import ALPHABET, make_code  # noqa: E402
from yimi_desktop.domain.vocabulary import INDUSTRIES, TOWNSHIPS, DeviceRole  # noqa: E402
from yimi_desktop.storage import digest_sql  # noqa: E402


def _code(i: int) -> str:
    body = ""
    n = i + 7_000_000
    for _ in range(8):
        n, r = divmod(n, 10)
        body = str(r) + body
    return make_code("9", "1", "410223", body)


def make_sheet(path: Path, n: int, renamed: bool = False) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("企业名录")
    ws.write_row(0, 0, ["尉氏县企业名录"])
    ws.write_row(1, 0, ["序号", "单位名称", "统一社会信用代码", "所属乡镇", "详细地址", "行业", "是否规上", "联系人", "联系电话"])
    for i in range(n):
        name = f"尉氏县测试{i:06d}{'股份' if renamed else ''}有限公司"
        ws.write_row(i + 2, 0, [i + 1, name, _code(i), TOWNSHIPS[i % len(TOWNSHIPS)],
                                f"尉氏县{TOWNSHIPS[i % len(TOWNSHIPS)]}建设路{i % 300}号", INDUSTRIES[i % len(INDUSTRIES)],
                                "是" if i % 7 == 0 else "否", "张三", f"138{i:08d}"])
    wb.close()
    assert ALPHABET


def _child(fn, args, q) -> None:
    # CPU time of the child: the machine is shared, so wall time says more about the neighbours
    start = time.process_time()
    result = fn(*args)
    q.put((time.process_time() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, result))


def measure(fn, *args):
    q: mp.Queue = mp.get_context("fork").Queue()
    p = mp.get_context("fork").Process(target=_child, args=(fn, args, q))
    p.start()
    out = q.get()
    p.join()
    return out


def _fresh_db(folder: Path, name: str) -> Path:
    from yimi_desktop.services.context import init_services

    path = folder / name
    svc = init_services(path, "bench-hub", DeviceRole.HUB)
    svc.close()
    return path


def import_app(db: Path, sheet: Path, bulk_index: bool = True):
    """(rows new or updated, CPU seconds inside change capture, CPU seconds reading pinyin keys)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.sql import Select

    from yimi_desktop.domain import pinyin
    from yimi_desktop.services import enterprises
    from yimi_desktop.services.context import open_services
    from yimi_desktop.sync import capture

    spent = {"capture": 0.0, "pinyin": 0.0, "versions": 0.0}
    started: list[float] = []

    def before(conn, clause, *_a):
        started.append(time.process_time())

    def after(conn, clause, *_a):
        t = started.pop()
        if isinstance(clause, Select) and any(getattr(f, "name", "") == "field_version" for f in clause.get_final_froms()):
            spent["versions"] += time.process_time() - t  # capture's SELECT of one field's version (compile + run)

    event.listen(Engine, "before_execute", before)
    event.listen(Engine, "after_execute", after)

    def timed(name, fn):
        def wrapper(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - t
        return wrapper

    capture.record = timed("capture", capture.record)  # _after_flush calls it by its module name
    enterprises.pinyin = type("P", (), {"search_text": staticmethod(timed("pinyin", pinyin.search_text)),
                                        "sort_key": staticmethod(timed("pinyin", pinyin.sort_key))})
    svc = open_services(db)
    try:
        svc.imports.bulk_index = bulk_index
        plan = svc.imports.apply("enterprises", sheet)
        j = plan.as_json()
        return j["new"] + j["updated"], spent["capture"], spent["pinyin"], spent["versions"]
    finally:
        svc.close()


def import_typed(db: Path, sheet: Path, n: int):
    """The first n rows typed one by one through EnterpriseService.add (one transaction each), as
    the directory's dialog saves them: what the set-based import replaces."""
    from python_calamine import CalamineWorkbook

    from yimi_desktop.domain.forms import EnterpriseForm
    from yimi_desktop.services.context import open_services

    svc = open_services(db)
    try:
        wb = CalamineWorkbook.from_path(str(sheet))
        for i, r in enumerate(wb.get_sheet_by_index(0).iter_rows()):
            if i < 2:
                continue
            if i >= n + 2:
                break
            svc.enterprises.add(EnterpriseForm(r[1], r[2], r[3], r[4], r[5], r[6] == "是", r[7], str(int(r[8]))))
        return n
    finally:
        svc.close()


def _without_search_triggers(db: Path) -> Path:
    con = sqlite3.connect(db)
    with con:
        for what in ("insert", "update", "delete"):
            con.execute(f"DROP TRIGGER search_enterprise_{what}")
    con.close()
    return db


def import_baseline(db: Path, sheet: Path):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(sheet))
    rows = []
    for i, r in enumerate(wb.get_sheet_by_index(0).iter_rows()):
        if i < 2:
            continue
        rows.append((uuid.uuid4().hex, r[1], r[2], r[3], r[4], r[5], r[6] == "是", r[7], str(r[8])))
    con = sqlite3.connect(db)
    digest_sql.register(con)  # the digest triggers' functions: raw writes to replicated tables need them
    with con:
        con.executemany("INSERT INTO enterprise(id, name, credit_code, township, address, industry, above_size, "
                        "contact_person, contact_phone, notes, search_text, sort_key, created_at, updated_at, "
                        "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,'','','',datetime('now'),datetime('now'),'','')",
                        rows)
    con.close()
    return len(rows)


def make_issues(db: Path, n: int) -> None:
    """n issues on the bench enterprises (raw SQL: this is set-up, not what is measured)."""
    con = sqlite3.connect(db)
    digest_sql.register(con)  # the digest triggers' functions: raw writes to replicated tables need them
    ents = [r[0] for r in con.execute("SELECT id FROM enterprise")]
    cats = [r[0] for r in con.execute("SELECT id FROM issue_category")]
    teams = [r[0] for r in con.execute("SELECT id FROM team")]
    day0 = date(2026, 1, 1)
    with con:
        con.executemany(
            "INSERT INTO issue(id, enterprise_id, category_id, title, description, raised_on, status, team_id, deadline, "
            "result, created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,'',datetime('now'),"
            "datetime('now'),'','')",
            [(uuid.uuid4().hex, ents[i % len(ents)], cats[i % len(cats)], f"诉求{i}", "企业反映用工紧张,需要协调招聘。",
              (day0 + timedelta(days=i % 300)).isoformat(), "assigned", teams[i % len(teams)],
              (day0 + timedelta(days=i % 300 + 7)).isoformat()) for i in range(n)])
    con.close()


def export_app(db: Path, dest: Path):
    from yimi_desktop.services.context import open_services
    from yimi_desktop.services.issues import IssueQuery

    svc = open_services(db)
    try:
        return svc.exports.ledger(IssueQuery(today=date(2026, 12, 1)), dest).rows
    finally:
        svc.close()


def export_directory(db: Path, dest: Path):
    from yimi_desktop.services.context import open_services
    from yimi_desktop.services.enterprises import EnterpriseQuery

    svc = open_services(db)
    try:
        return svc.exports.enterprises(EnterpriseQuery(), dest).rows
    finally:
        svc.close()


def export_baseline(n: int, dest: Path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(dest), {"constant_memory": True})
    ws = wb.add_worksheet()
    d = wb.add_format({"num_format": "yyyy-mm-dd"})
    from datetime import datetime
    day = datetime(2026, 1, 1)
    for i in range(n):
        ws.write_row(i + 1, 0, [i + 1, _code(i % 1000), f"尉氏县测试{i:06d}有限公司", "城关镇", "张三、李四", "用工招聘",
                                f"诉求{i}:企业反映用工紧张,需要协调招聘。"])
        for c in (7, 8, 10):
            ws.write_datetime(i + 1, c, day, d)
        ws.write_row(i + 1, 9, ["人社专业一米团"])
        ws.write_row(i + 1, 16, ["已交办", 3])
    wb.close()
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true", help="the issue's sizes: 100,000 enterprises and issues")
    ap.add_argument("--enterprises", type=int)
    ap.add_argument("--issues", type=int)
    ap.add_argument("--no-triggers-run", action="store_true", help="skip the import with per-row triggers")
    args = ap.parse_args()
    args.enterprises = args.enterprises or (100_000 if args.full else 20_000)
    args.issues = args.issues or (100_000 if args.full else 20_000)
    tmp = Path(tempfile.mkdtemp(prefix="yimi-bench-xlsx-"))
    try:
        sheet = tmp / "企业名录.xlsx"
        make_sheet(sheet, args.enterprises)
        base_db, app_db = _fresh_db(tmp, "base.db"), _fresh_db(tmp, "app.db")
        # the baseline: the same reader into one executemany of the table alone (no search triggers: the rows
        # it writes have no search text, so the index would have nothing to do); with the triggers it pays ~0.1 ms
        # a row for an empty index entry, printed beside it
        b_t, b_mem, b_n = measure(import_baseline, _without_search_triggers(base_db), sheet)
        bt_t, _bt_mem, _ = measure(import_baseline, _fresh_db(tmp, "base-triggers.db"), sheet)
        a_t, a_mem, (a_n, a_cap, a_pin, _) = measure(import_app, app_db, sheet)
        r_t, r_mem, _ = measure(import_app, app_db, sheet)  # the same file again: every row unchanged
        renamed = tmp / "更名.xlsx"
        make_sheet(renamed, min(args.enterprises, 5000), renamed=True)  # updates cost ~6 ms a row: a sample
        u_t, _u_mem, (u_n, u_cap, _u_pin, u_ver) = measure(import_app, app_db, renamed)  # every row an update
        if not args.no_triggers_run:
            g_t, _g_mem, _ = measure(import_app, _fresh_db(tmp, "triggers.db"), sheet, False)
        typed_n = min(1000, args.enterprises)
        t_t, _t_mem, _ = measure(import_typed, _fresh_db(tmp, "typed.db"), sheet, typed_n)
        per_row_typed = t_t / typed_n
        print(f"import {a_n} enterprises (CPU seconds): app {a_t:.2f} s ({a_mem:.0f} MB peak), baseline calamine+executemany "
              f"{b_t:.2f} s ({b_mem:.0f} MB): ratio {a_t / b_t:.1f}x; re-import (all unchanged) {r_t:.2f} s")
        print(f"  the baseline into the table with its search triggers: {bt_t:.2f} s (ratio {a_t / bt_t:.1f}x)")
        print(f"  of the import: change capture (sync/capture.record) {a_cap:.2f} s ({a_cap / a_t:.0%}), "
              f"pinyin keys {a_pin:.2f} s ({a_pin / a_t:.0%}); without capture the ratio would be "
              f"{(a_t - a_cap) / b_t:.1f}x")
        print(f"  every row renamed (an update of name, pinyin keys): {u_t:.2f} s for {u_n} rows, of which change capture "
              f"{u_cap:.2f} s ({u_cap / u_t:.0%}) and in it one field_version SELECT per updated field {u_ver:.2f} s "
              f"({u_ver / u_t:.0%} of the import)")
        if not args.no_triggers_run:
            print(f"  the same import through the per-row FTS5 triggers (no bulk index): {g_t:.2f} s "
                  f"({(g_t - a_t) / a_n * 1000:.2f} ms a row more)")
        print(f"  typed one by one (EnterpriseService.add, first {typed_n} rows): {per_row_typed * 1000:.2f} ms a row, "
              f"import {a_t / a_n * 1000:.2f} ms a row: {per_row_typed / (a_t / a_n):.1f}x faster set-based")
        d_t, d_mem, d_n = measure(export_directory, app_db, tmp / "名录.xlsx")
        print(f"export the directory of {d_n} enterprises: {d_t:.2f} s, {d_mem:.0f} MB peak")
        small = args.issues // 5
        make_issues(app_db, small)
        s_t, s_mem, s_n = measure(export_app, app_db, tmp / "ledger-small.xlsx")
        make_issues(app_db, args.issues - small)
        e_t, e_mem, e_n = measure(export_app, app_db, tmp / "ledger.xlsx")
        w_t, w_mem, _ = measure(export_baseline, args.issues, tmp / "baseline.xlsx")
        print(f"export {e_n} issues (CPU seconds): app {e_t:.2f} s ({e_mem:.0f} MB peak), baseline XlsxWriter alone {w_t:.2f} s "
              f"({w_mem:.0f} MB): ratio {e_t / w_t:.2f}x")
        print(f"  memory: {s_n} issues {s_mem:.0f} MB peak, {e_n} issues {e_mem:.0f} MB peak "
              f"(+{e_mem - s_mem:.0f} MB for {e_n - s_n} more rows: the id list and one chunk; the sheet streams)")
        out = Path(__file__).with_name("out")
        out.mkdir(exist_ok=True)
        (out / "xlsx.json").write_text(json.dumps({
            "import": {"rows": a_n, "app_s": a_t, "baseline_s": b_t, "ratio": a_t / b_t, "app_peak_mb": a_mem,
                       "capture_s": a_cap, "pinyin_s": a_pin, "update_s": u_t, "update_capture_s": u_cap,
                       "update_version_selects_s": u_ver,
                       "baseline_peak_mb": b_mem, "reimport_s": r_t, "baseline_with_triggers_s": bt_t,
                       "typed_ms_per_row": per_row_typed * 1000},
            "directory_export": {"rows": d_n, "app_s": d_t, "app_peak_mb": d_mem},
            "export": {"rows": e_n, "app_s": e_t, "baseline_s": w_t, "ratio": e_t / w_t, "app_peak_mb": e_mem,
                       "baseline_peak_mb": w_mem, "small_rows": s_n, "small_peak_mb": s_mem}}, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
