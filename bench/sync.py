"""Sync benchmark (run by hand: `.venv/bin/python bench/sync.py [--big 1000000]`).

1. Export and import of ~100,000 changes, each beside a baseline measured in the same run:
   - export vs writing the same change rows as JSON lines into a zip (zipfile, deflate); the
     age encryption of that baseline zip is timed too, the part of the export that is crypto;
   - import vs inserting the same rows into SQLite with executemany in one transaction.
   Packages are signed by an enrolled laptop and encrypted to the hub, as in the field.
2. Import of a realistic field-work package: a laptop enrolled by a hub holding the demo county
   receives the county, records `--field-visits` visits with issues and moves issues along their
   life (services.simulate), and sends that work to the hub; the hub's import is timed beside the
   executemany baseline of the same rows (as in 1).
3. Peak memory of importing ~1,000,000 changes vs ~100,000 (each in a fresh child process,
   ru_maxrss): imports stream, so memory must not grow with the size of the package.
Figures go to stdout and bench/out/sync.json. No assertions on time.

The databases and packages the runs start from (the laptop of 1., the hub and the package of 2.) are built
once and kept in bench/out/sync-cache/<schema revision>-<sizes>/ (built with synchronous=OFF: building the
2,000-visit package commits ~4,000 transactions, each an fsync under FULL); every timed run starts from a
fresh copy of them with the app's own pragmas. `--rebuild` builds them anew.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from yimi_desktop.domain import creditcode, pinyin  # noqa: E402
from yimi_desktop.domain.vocabulary import INDUSTRIES, TOWNSHIPS, DeviceRole  # noqa: E402
from yimi_desktop.services.context import enrol_services, init_services, open_services  # noqa: E402
from yimi_desktop.storage.models import Enterprise  # noqa: E402


def fast_build() -> None:
    """The cached inputs are built without an fsync per commit (the timed runs keep synchronous=FULL)."""
    from yimi_desktop.storage import database

    pragmas = database._set_pragmas

    def fast(dbapi_conn, record) -> None:
        pragmas(dbapi_conn, record)
        dbapi_conn.execute("PRAGMA synchronous=OFF")

    database._set_pragmas = fast  # type: ignore[assignment]


def restore_build(saved) -> None:
    from yimi_desktop.storage import database

    database._set_pragmas = saved  # type: ignore[assignment]


def copy_db(src: Path, dest: Path) -> Path:
    """A database with its WAL checkpointed, its keys and files folders."""
    con = sqlite3.connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copy(src, dest)
    for extra in (".keys", ".files"):
        shutil.rmtree(f"{dest}{extra}", ignore_errors=True)
        if Path(f"{src}{extra}").exists():
            shutil.copytree(f"{src}{extra}", f"{dest}{extra}")
    return dest


def make_laptop(path: Path, enterprises: int, hub_template: Path) -> int:
    """A laptop enrolled by the hub, whose change log holds `enterprises` new enterprise records."""
    hub = open_services(hub_template)
    try:
        enrolment = hub.enrolment.issue(path.stem)
    finally:
        hub.close()
    svc = enrol_services(path, enrolment)
    batch = 5000
    for start in range(0, enterprises, batch):
        with svc.db.session() as s:
            for n in range(start, min(start + batch, enterprises)):
                name = f"尉氏县{n}号{INDUSTRIES[n % len(INDUSTRIES)]}有限公司"
                code = creditcode.make_code("9", "1", "410223", f"M{n:07d}")
                s.add(Enterprise(name=name, credit_code=code, township=TOWNSHIPS[n % len(TOWNSHIPS)],
                                 address="河南省开封市尉氏县", industry=INDUSTRIES[n % len(INDUSTRIES)],
                                 above_size=n % 3 == 0, contact_person="张三", contact_phone="13800000000",
                                 notes="", search_text=pinyin.search_text(name, code), sort_key=pinyin.sort_key(name),
                                 created_by=svc.device.device_id, updated_by=svc.device.device_id))
    count = svc.sync.status().vector[svc.device.device_id]
    svc.close()
    return count


def change_rows(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT device_id, seq, hlc, entity, record_id, field, value, base FROM change_log "
                           "ORDER BY hlc, device_id, seq").fetchall()
    finally:
        con.close()


def baseline_zip(rows: list[tuple], dest: Path) -> tuple[float, float]:
    keys = ("device_id", "seq", "hlc", "entity", "record_id", "field", "value", "base")
    t, c = time.perf_counter(), time.process_time()
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        with zf.open("changes.jsonl", "w") as fh:
            for r in rows:
                fh.write(json.dumps(dict(zip(keys, r)), ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    return time.perf_counter() - t, time.process_time() - c


def baseline_insert(rows: list[tuple], dest: Path) -> tuple[float, float]:
    dest.unlink(missing_ok=True)
    con = sqlite3.connect(dest)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE change(device_id, seq, hlc, entity, record_id, field, value, base, PRIMARY KEY(device_id, seq))")
    t, c = time.perf_counter(), time.process_time()
    with con:
        con.executemany("INSERT INTO change VALUES (?,?,?,?,?,?,?,?)", rows)
    elapsed = time.perf_counter() - t, time.process_time() - c
    con.close()
    return elapsed


def fresh_hub(path: Path, template: Path) -> Path:
    """A copy of the hub with its keys (a copied file takes a new device id; its identity stays)."""
    for suffix in ("-wal", "-shm"):  # a previous run's log must not be replayed onto the copy
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, path)
    shutil.rmtree(f"{path}.keys", ignore_errors=True)
    shutil.copytree(f"{template}.keys", f"{path}.keys")
    return path


def baseline_encrypt(src: Path, template: Path) -> float:
    import pyrage

    from yimi_desktop.sync.keys import KeyStore, recipient

    rcpt = recipient(KeyStore(template).load().age_recipient)
    t = time.perf_counter()
    with open(src, "rb") as a, open(f"{src}.age", "wb") as b:
        pyrage.encrypt_io(a, b, [rcpt])
    return time.perf_counter() - t


def make_field_work(work: Path, visits: int) -> tuple[Path, Path, list[tuple]]:
    """(a hub holding the demo county, the field-work package a laptop of it sends it, its rows): the laptop
    received the county from the hub first, so the package holds only the laptop's own work."""
    hub_db = work / "field-hub.db"
    init_services(hub_db, "中心", DeviceRole.HUB).close()
    hub = open_services(hub_db)
    lap = None
    try:
        hub.demo.populate(seed=1)
        lap = enrol_services(work / "field-laptop.db", hub.enrolment.issue("外业笔记本"))
        stick = work / "field-stick"
        stick.mkdir(exist_ok=True)
        r = lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
        assert r.ok, r.message
        lap.simulation.run(seed=7, visits=visits)
        pkg = lap.sync.export(stick)
        device = lap.device.device_id
    finally:
        if lap is not None:
            lap.close()
        hub.close()
    return hub_db, pkg, package_rows(work / "field-laptop.db", device)


def package_rows(lap_db: Path, device: str) -> list[tuple]:
    """The laptop's own change rows (what its package holds), for the executemany baseline."""
    con = sqlite3.connect(lap_db)
    try:
        return con.execute("SELECT device_id, seq, hlc, entity, record_id, field, value, base FROM change_log "
                           "WHERE device_id = ? ORDER BY seq", (device,)).fetchall()
    finally:
        con.close()


def timed_export(db: Path, folder: Path) -> tuple[tuple[float, float], Path]:
    svc = open_services(db)
    try:
        t, c = time.perf_counter(), time.process_time()
        pkg = svc.sync.export(folder, full=True)
        return (time.perf_counter() - t, time.process_time() - c), pkg
    finally:
        svc.close()


def timed_import(db: Path, pkg: Path) -> tuple[float, float]:
    svc = open_services(db)
    try:
        t, c = time.perf_counter(), time.process_time()
        r = svc.sync.import_file(pkg)
        elapsed = time.perf_counter() - t, time.process_time() - c
        assert r.ok and not r.duplicate, r.message
        return elapsed
    finally:
        svc.close()


CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from yimi_desktop.services.context import open_services

def hwm_kb():  # peak resident set of this process image (reset by exec, unlike ru_maxrss)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

svc = open_services(Path(sys.argv[1]))
base = hwm_kb()
t = time.perf_counter()
r = svc.sync.import_file(Path(sys.argv[2]))
print(r.ok, r.stats.changes if r.stats else 0, base, hwm_kb(), time.perf_counter() - t)
if not r.ok:
    print(r.message_en, file=sys.stderr)
"""


def peak_import(hub_template: Path, pkg: Path, work: Path) -> dict:
    db = fresh_hub(work / "peak-hub.db", hub_template)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(db), str(pkg), str(ROOT)], capture_output=True, text=True,
                          check=True)
    if proc.stderr.strip():
        print(proc.stderr.strip()[-500:])
    out = proc.stdout.split()
    return {"ok": out[0] == "True", "changes": int(out[1]), "rss_before_mb": int(out[2]) / 1024,
            "peak_rss_mb": int(out[3]) / 1024, "seconds": float(out[4])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=7000, help="~14 changes each (default ~100,000 changes)")
    ap.add_argument("--big", type=int, default=1_000_000, help="changes for the memory run (0 to skip)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--field-visits", type=int, default=2000, help="visits in the field-work package (0 to skip)")
    ap.add_argument("--rebuild", action="store_true", help="build the cached databases and packages anew")
    ap.add_argument("--skip-memory", action="store_true", help="skip the peak-memory runs (3.)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = OUT / "sync-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    from yimi_desktop.storage.revision import HEAD

    cache = OUT / "sync-cache" / f"{HEAD}-e{args.enterprises}-v{args.field_visits}"
    if args.rebuild:
        shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    from yimi_desktop.storage import database

    saved = database._set_pragmas
    fast_build()
    try:
        t = time.perf_counter()
        if not (cache / "laptop.done").exists():
            for p in cache.glob("*"):
                if p.name.startswith(("hub-template", "laptop")):
                    shutil.rmtree(p) if p.is_dir() else p.unlink()
            init_services(cache / "hub-template.db", "中心", DeviceRole.HUB).close()
            make_laptop(cache / "laptop.db", args.enterprises, cache / "hub-template.db")
            (cache / "laptop.done").write_text("")
            print(f"laptop built in {time.perf_counter() - t:.1f} s (cached in {cache})")
        if args.field_visits and not (cache / "field.done").exists():
            for p in cache.glob("field-*"):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
            t = time.perf_counter()
            _, fpkg, _ = make_field_work(cache, args.field_visits)
            (cache / "field.done").write_text(fpkg.name)
            print(f"field-work package of {args.field_visits:,} visits built in {time.perf_counter() - t:.0f} s")
    finally:
        restore_build(saved)
    hub_template = copy_db(cache / "hub-template.db", work / "hub-template.db")
    lap = copy_db(cache / "laptop.db", work / "laptop.db")
    n = len(change_rows(lap))
    print(f"laptop with {n:,} changes")
    rows = change_rows(lap)

    exp, exp_base, enc_base, imp, imp_base = [], [], [], [], []
    pkg = None
    for i in range(args.runs):
        folder = work / f"stick{i}"
        folder.mkdir()
        dt, pkg = timed_export(lap, folder)
        exp.append(dt)
        exp_base.append(baseline_zip(rows, work / f"baseline{i}.zip"))
        enc_base.append(baseline_encrypt(work / f"baseline{i}.zip", hub_template))
        imp.append(timed_import(fresh_hub(work / f"hub{i}.db", hub_template), pkg))
        imp_base.append(baseline_insert(rows, work / f"baseline{i}.db"))
    def wall(xs: list[tuple[float, float]]) -> float:
        return statistics.median(x[0] for x in xs)

    def cpu(xs: list[tuple[float, float]]) -> float:
        return statistics.median(x[1] for x in xs)

    res = {
        "changes": len(rows), "package_bytes": pkg.stat().st_size,
        "export_s": wall(exp), "export_baseline_zip_s": wall(exp_base),
        "age_encrypt_of_baseline_zip_s": statistics.median(enc_base),
        "import_s": wall(imp), "import_baseline_executemany_s": wall(imp_base),
        "export_cpu_s": cpu(exp), "export_baseline_zip_cpu_s": cpu(exp_base),
        "import_cpu_s": cpu(imp), "import_baseline_executemany_cpu_s": cpu(imp_base),
    }
    res["export_ratio"] = res["export_s"] / res["export_baseline_zip_s"]
    res["import_ratio"] = res["import_s"] / res["import_baseline_executemany_s"]
    res["export_cpu_ratio"] = res["export_cpu_s"] / res["export_baseline_zip_cpu_s"]
    res["import_cpu_ratio"] = res["import_cpu_s"] / res["import_baseline_executemany_cpu_s"]
    print(f"\n{len(rows):,} changes, package {res['package_bytes'] / 1e6:.1f} MB (median of {args.runs}; "
          "CPU seconds of this process beside, steadier on a shared machine)")
    print(f"  export  {res['export_s']:7.2f} s   baseline JSON lines into zip {res['export_baseline_zip_s']:6.2f} s"
          f"   ratio {res['export_ratio']:.1f}x   (CPU {res['export_cpu_s']:.2f} s / {res['export_baseline_zip_cpu_s']:.2f} s:"
          f" {res['export_cpu_ratio']:.1f}x)")
    print(f"          (of which age encryption of a zip that size takes {res['age_encrypt_of_baseline_zip_s']:.2f} s)")
    print(f"  import  {res['import_s']:7.2f} s   baseline executemany insert  {res['import_baseline_executemany_s']:6.2f} s"
          f"   ratio {res['import_ratio']:.1f}x   (CPU {res['import_cpu_s']:.2f} s / "
          f"{res['import_baseline_executemany_cpu_s']:.2f} s: {res['import_cpu_ratio']:.1f}x)")

    if args.field_visits:
        field_hub = copy_db(cache / "field-hub.db", work / "field-hub.db")
        field_pkg = cache / "field-stick" / (cache / "field.done").read_text()
        lap_db = cache / "field-laptop.db"
        con = sqlite3.connect(lap_db)
        device = con.execute("SELECT device_id FROM sync_clock").fetchone()[0]
        con.close()
        frows = package_rows(lap_db, device)
        print(f"\nfield-work package of {args.field_visits:,} visits ({len(frows):,} changes)")
        fimp, fbase = [], []
        for i in range(args.runs):
            fimp.append(timed_import(fresh_hub(work / f"field-hub{i}.db", field_hub), field_pkg))
            fbase.append(baseline_insert(frows, work / f"field-baseline{i}.db"))
        res["field_changes"] = len(frows)
        res["field_import_s"] = wall(fimp)
        res["field_import_baseline_executemany_s"] = wall(fbase)
        res["field_import_ratio"] = res["field_import_s"] / res["field_import_baseline_executemany_s"]
        res["field_import_cpu_s"] = cpu(fimp)
        res["field_import_baseline_executemany_cpu_s"] = cpu(fbase)
        res["field_import_cpu_ratio"] = res["field_import_cpu_s"] / res["field_import_baseline_executemany_cpu_s"]
        print(f"  import  {res['field_import_s']:7.2f} s   baseline executemany insert  "
              f"{res['field_import_baseline_executemany_s']:6.2f} s   ratio {res['field_import_ratio']:.1f}x   "
              f"(CPU {res['field_import_cpu_s']:.2f} s / {res['field_import_baseline_executemany_cpu_s']:.2f} s: "
              f"{res['field_import_cpu_ratio']:.1f}x)")

    if args.skip_memory:
        (OUT / "sync.json").write_text(json.dumps(res, indent=1, default=str))
        return
    res["memory_small"] = peak_import(hub_template, pkg, work)
    print(f"\nimport of {res['memory_small']['changes']:,} changes: peak RSS {res['memory_small']['peak_rss_mb']:.0f} MB"
          f" (after opening {res['memory_small']['rss_before_mb']:.0f} MB)")
    if args.big:
        t = time.perf_counter()
        big = work / "big-laptop.db"
        nb = make_laptop(big, args.big // 14, hub_template)
        folder = work / "bigstick"
        folder.mkdir()
        _, bigpkg = timed_export(big, folder)
        print(f"big laptop with {nb:,} changes built and exported in {time.perf_counter() - t:.0f} s")
        res["memory_big"] = peak_import(hub_template, bigpkg, work)
        print(f"import of {res['memory_big']['changes']:,} changes: peak RSS {res['memory_big']['peak_rss_mb']:.0f} MB"
              f" (after opening {res['memory_big']['rss_before_mb']:.0f} MB), {res['memory_big']['seconds']:.0f} s")
        grow = res["memory_big"]["peak_rss_mb"] - res["memory_small"]["peak_rss_mb"]
        print(f"  peak grows by {grow:.0f} MB for {res['memory_big']['changes'] / max(1, res['memory_small']['changes']):.0f}x the changes")
    (OUT / "sync.json").write_text(json.dumps(res, indent=1, default=str))


if __name__ == "__main__":
    main()
