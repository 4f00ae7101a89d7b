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

  Also printed: the import's phases (writing the rows, change capture, pinyin keys, digest, search index,
  the rest; timed in the child), what the change log it writes costs SQLite alone (the floor the change
  log puts under the ratio), with --orm the same import through the ORM, the import with the per-row
  FTS5 triggers instead of the bulk index, and the export's peak memory at a fifth of the rows and at
  all of them (flat = streaming).

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


PHASES = ("write", "capture", "pinyin", "digest", "index")


def import_app(db: Path, sheet: Path, bulk_index: bool = True, fast: bool = True):
    """(rows new or updated, {phase: CPU seconds}): the phases of ImportService.apply, timed in the child.

    write    services/imports._write_enterprises: the chunks' new and updated rows set-based (it holds the
             next three when `fast`)
    capture  the change log: sync/capture.record_records (set-based) or capture.record (the ORM's flush)
    pinyin   the derived search text and pinyin sort key of each written row
    digest   the content digest kept set-based (storage/digest_sql.BulkDigest)
    index    the search index built at the end (storage/search.BulkIndex.flush/finish)
    The rest of the import is reading the sheet, classifying and validating the rows."""
    from yimi_desktop.domain import pinyin
    from yimi_desktop.services import enterprises, imports
    from yimi_desktop.services.context import open_services
    from yimi_desktop.storage import digest_sql, search
    from yimi_desktop.sync import capture

    spent = dict.fromkeys(PHASES, 0.0)

    def timed(name, fn):
        def wrapper(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - t
        return wrapper

    capture.record = timed("capture", capture.record)  # _after_flush calls it by its module name
    capture.record_records = timed("capture", capture.record_records)
    imports._write_enterprises = timed("write", imports._write_enterprises)
    timed_pinyin = type("P", (), {"search_text": staticmethod(timed("pinyin", pinyin.search_text)),
                                  "sort_key": staticmethod(timed("pinyin", pinyin.sort_key))})
    enterprises.pinyin = imports.pinyin = timed_pinyin
    for cls, name, methods in ((search.BulkIndex, "index", ("flush", "finish")),
                               (digest_sql.BulkDigest, "digest", ("begin", "replacing", "written", "finish"))):
        for m in methods:
            setattr(cls, m, timed(name, getattr(cls, m)))
    svc = open_services(db)
    try:
        svc.imports.bulk_index = bulk_index
        svc.imports.fast = fast
        plan = svc.imports.apply("enterprises", sheet)
        j = plan.as_json()
        return j["new"] + j["updated"], spent
    finally:
        svc.close()


def _phases(total: float, spent: dict[str, float]) -> str:
    rest = total - spent["write"] - spent["index"] - (0 if spent["write"] else spent["capture"] + spent["pinyin"])
    return (f"writing the rows {spent['write']:.2f} s ({spent['write'] / total:.0%}; in it change capture "
            f"{spent['capture']:.2f} s = {spent['capture'] / total:.0%}, pinyin keys {spent['pinyin']:.2f} s, "
            f"digest {spent['digest']:.2f} s), search index {spent['index']:.2f} s ({spent['index'] / total:.0%}), "
            f"the rest (reading, classifying, validating; with the ORM its unit of work) {rest:.2f} s ({rest / total:.0%})")


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


def _without_digest_triggers(db: Path) -> Path:
    con = sqlite3.connect(db)
    with con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name LIKE 'sync_digest_enterprise_%'").fetchall():
            con.execute(f"DROP TRIGGER {name}")
    con.close()
    return db


def _count_changes(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM change_log WHERE entity = 'enterprise'").fetchone()[0]
    finally:
        con.close()


def change_rows_baseline(db: Path, n: int):
    """n change rows (the shape an import of enterprises writes: 15 fields a record) in one transaction, by
    executemany in chunks: what the change log costs SQLite alone."""
    con = sqlite3.connect(db)
    width = 15
    with con:
        dev = con.execute("SELECT max(n) FROM sync_device").fetchone()[0] or 1
        seq = 1 + (con.execute("SELECT max(seq) FROM change").fetchone()[0] or 0)
        for start in range(0, n, 7500):
            k = min(7500, n - start)
            con.executemany("INSERT INTO sync_record(record_id) VALUES (?)",
                            [(uuid.uuid4().hex,) for _ in range(0, k, width)])
            con.executemany("INSERT INTO change(device_n, seq, hlc, rec_n, field_n, value, base_hlc, base_dev) "
                            "VALUES (?,?,?,?,?,?,?,?)",
                            [(dev, seq + start + i, 1, 1_000_000 + (start + i) // width, 1 + i % width,
                              '"尉氏县测试000001有限公司"', None, None) for i in range(k)])
    con.close()
    return n


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
    ap.add_argument("--orm", action="store_true", help="also the import through the ORM (ImportService.fast = False)")
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
        nd_t, _nd_mem, _ = measure(import_baseline, _without_digest_triggers(_without_search_triggers(
            _fresh_db(tmp, "base-bare.db"))), sheet)
        a_t, a_mem, (a_n, a_sp) = measure(import_app, app_db, sheet)
        n_changes = _count_changes(app_db)
        c_t, _c_mem, _ = measure(change_rows_baseline, _fresh_db(tmp, "changes.db"), n_changes)
        r_t, r_mem, _ = measure(import_app, app_db, sheet)  # the same file again: every row unchanged
        renamed = tmp / "更名.xlsx"
        make_sheet(renamed, min(args.enterprises, 5000), renamed=True)  # a sample of updates
        u_t, _u_mem, (u_n, u_sp) = measure(import_app, app_db, renamed)  # every row an update
        if args.orm:
            o_t, _o_mem, (o_n, o_sp) = measure(import_app, _fresh_db(tmp, "orm.db"), sheet, True, False)
        if not args.no_triggers_run:
            g_t, _g_mem, _ = measure(import_app, _fresh_db(tmp, "triggers.db"), sheet, False)
        typed_n = min(1000, args.enterprises)
        t_t, _t_mem, _ = measure(import_typed, _fresh_db(tmp, "typed.db"), sheet, typed_n)
        per_row_typed = t_t / typed_n
        print(f"import {a_n} enterprises (CPU seconds): app {a_t:.2f} s ({a_mem:.0f} MB peak), baseline calamine+executemany "
              f"{b_t:.2f} s ({b_mem:.0f} MB): ratio {a_t / b_t:.1f}x; re-import (all unchanged) {r_t:.2f} s")
        print(f"  the baseline into the table with its search triggers: {bt_t:.2f} s (ratio {a_t / bt_t:.1f}x); "
              f"without its digest triggers too: {nd_t:.2f} s (the per-row digest is {(b_t - nd_t) / b_t:.0%} of the baseline)")
        print(f"  of the import: {_phases(a_t, a_sp)}")
        print(f"  the change log it writes, {n_changes} changes ({n_changes / max(a_n, 1):.0f} a row), as one bare "
              f"executemany: {c_t:.2f} s (baseline + that: ratio {(b_t + c_t) / b_t:.1f}x; + the search index: "
              f"{(b_t + c_t + a_sp['index']) / b_t:.1f}x)")
        if args.orm:
            print(f"  the same import through the ORM and its change capture (ImportService.fast = False): {o_t:.2f} s "
                  f"(ratio {o_t / b_t:.1f}x, {o_t / a_t:.1f}x the set-based import); {_phases(o_t, o_sp)}")
        print(f"  every row renamed (an update of name and pinyin keys): {u_t:.2f} s for {u_n} rows "
              f"({u_t / max(u_n, 1) * 1000:.2f} ms a row); {_phases(u_t, u_sp)}")
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
                       "phases_s": a_sp, "changes": n_changes, "change_rows_bare_s": c_t,
                       "baseline_without_digest_triggers_s": nd_t, "update_rows": u_n, "update_s": u_t,
                       "update_phases_s": u_sp, **({"orm_s": o_t, "orm_phases_s": o_sp} if args.orm else {}),
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
