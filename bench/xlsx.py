"""Spreadsheets: importing N enterprises and exporting M issues, each beside a baseline measured in
the same run, with the peak memory of each (a child process per measurement, its ru_maxrss).

  import:  ImportService.apply (dry-run classification, form validation, ORM writes, change log)
           beside the same reader (python-calamine) into one `executemany` of the same rows.
  export:  ExportService.ledger (ids, rows in chunks, the extra columns, XlsxWriter constant memory)
           beside XlsxWriter alone writing the same number of rows of the same shape.

    python bench/xlsx.py [--enterprises 20000] [--issues 100000]

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


def make_sheet(path: Path, n: int) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("企业名录")
    ws.write_row(0, 0, ["尉氏县企业名录"])
    ws.write_row(1, 0, ["序号", "单位名称", "统一社会信用代码", "所属乡镇", "详细地址", "行业", "是否规上", "联系人", "联系电话"])
    for i in range(n):
        ws.write_row(i + 2, 0, [i + 1, f"尉氏县测试{i:06d}有限公司", _code(i), TOWNSHIPS[i % len(TOWNSHIPS)],
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


def import_app(db: Path, sheet: Path):
    from yimi_desktop.services.context import open_services

    svc = open_services(db)
    try:
        plan = svc.imports.apply("enterprises", sheet)
        return plan.as_json()["new"]
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
    ap.add_argument("--enterprises", type=int, default=20000)
    ap.add_argument("--issues", type=int, default=100000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yimi-bench-xlsx-"))
    try:
        sheet = tmp / "企业名录.xlsx"
        make_sheet(sheet, args.enterprises)
        base_db, app_db = _fresh_db(tmp, "base.db"), _fresh_db(tmp, "app.db")
        b_t, b_mem, b_n = measure(import_baseline, base_db, sheet)
        a_t, a_mem, a_n = measure(import_app, app_db, sheet)
        r_t, r_mem, _ = measure(import_app, app_db, sheet)  # the same file again: every row unchanged
        typed_n = min(1000, args.enterprises)
        t_t, _t_mem, _ = measure(import_typed, _fresh_db(tmp, "typed.db"), sheet, typed_n)
        per_row_typed = t_t / typed_n
        print(f"import {a_n} enterprises (CPU seconds): app {a_t:.2f} s ({a_mem:.0f} MB peak), baseline calamine+executemany "
              f"{b_t:.2f} s ({b_mem:.0f} MB): ratio {a_t / b_t:.1f}x; re-import (all unchanged) {r_t:.2f} s")
        print(f"  typed one by one (EnterpriseService.add, first {typed_n} rows): {per_row_typed * 1000:.2f} ms a row, "
              f"import {a_t / a_n * 1000:.2f} ms a row: {per_row_typed / (a_t / a_n):.1f}x faster set-based")
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
                       "baseline_peak_mb": b_mem, "reimport_s": r_t,
                       "typed_ms_per_row": per_row_typed * 1000},
            "export": {"rows": e_n, "app_s": e_t, "baseline_s": w_t, "ratio": e_t / w_t, "app_peak_mb": e_mem,
                       "baseline_peak_mb": w_mem, "small_rows": s_n, "small_peak_mb": s_mem}}, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
