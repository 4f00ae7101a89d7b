"""Report benchmark (run by hand: `.venv/bin/python bench/reports.py`).

A visit record, and ledgers of 1,000 and 10,000 issues, each beside plain reportlab building a
Table of the same cells (same font, same page) in the same run, and the ratio; peak Python memory
(tracemalloc) of the 10,000-issue ledger. No assertions on time. JSON in bench/out/reports.json.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate  # noqa: E402

from yimi_desktop.domain.vocabulary import DeviceRole  # noqa: E402
from yimi_desktop.reports import documents  # noqa: E402
from yimi_desktop.reports.base import styles  # noqa: E402
from yimi_desktop.reports.data import IssueLine, LedgerData  # noqa: E402
from yimi_desktop.services.context import init_services  # noqa: E402

LONG = "厂区供电线路老化,雨天与树木搭接,多次停电跳闸,影响生产。希望协调供电公司更换线路。"


def lines(n: int) -> list[IssueLine]:
    return [IssueLine(i, f"尉氏县第{i}号新材料科技有限公司", "十八里镇", "水电气保障", f"诉求{i}", LONG,
                      date(2026, 1, 1) + timedelta(days=i % 300), "科技工信专业一米团", date(2026, 3, 1), "办理中",
                      "已协调供电公司现场查看。" if i % 3 else "", "满意" if i % 5 == 0 else "", i % 7 == 0)
            for i in range(1, n + 1)]


def plain_reportlab(data: LedgerData, dest: Path) -> None:
    """The same cells as Paragraphs in one LongTable, nothing else: the baseline."""
    st = styles()["cell"]
    rows = [[Paragraph(c, st) for c in ("序号", "企业", "乡镇", "类别", "诉求", "提出", "团队", "时限", "状态", "结果", "满意度")]]
    for i in data.lines:
        rows.append([Paragraph(str(x), st) for x in (i.seq, i.enterprise, i.township, i.category,
                                                    f"{i.title}<br/>{i.description}", i.raised_on, i.team,
                                                    i.deadline, i.status, i.result or "—", i.satisfaction or "—")])
    doc = SimpleDocTemplate(str(dest), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm)
    doc.build([LongTable(rows, colWidths=documents.ledger_widths(), repeatRows=1)])


def timed(fn, runs: int) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="yimi-bench-reports-"))
    res: dict = {}
    try:
        svc = init_services(work / "demo.db", "BENCH", DeviceRole.LAPTOP)
        svc.demo.populate(seed=1)
        visit = next(v for v in svc.visits.list() if v.issue_count >= 2)
        res["visit_record_s"] = timed(lambda: svc.reports.visit_record(visit.id, work / "visit.pdf"), 5)
        data = svc.reports.visit_record_data(visit.id)
        svc.close()

        def plain_visit() -> None:
            st = styles()
            doc = SimpleDocTemplate(str(work / "plain-visit.pdf"), pagesize=A4)
            doc.build([Paragraph(x, st["base"]) for x in (data.enterprise, data.credit_code, data.notes,
                                                          *[f"{i.title}:{i.description}" for i in data.issues])])

        res["visit_record_baseline_s"] = timed(plain_visit, 5)
        print(f"visit record        {res['visit_record_s'] * 1000:7.0f} ms   plain reportlab (same text, no form) "
              f"{res['visit_record_baseline_s'] * 1000:6.0f} ms   ratio {res['visit_record_s'] / res['visit_record_baseline_s']:.1f}x")
        for n, runs in ((1000, 3), (10000, 1)):
            ledger = LedgerData("尉氏县问题台账", "全部", datetime.now(), lines(n))
            ours = timed(lambda: documents.ledger(ledger, work / f"ledger{n}.pdf"), runs)
            base = timed(lambda: plain_reportlab(ledger, work / f"plain{n}.pdf"), runs)
            res[f"ledger_{n}_s"], res[f"ledger_{n}_baseline_s"] = ours, base
            print(f"ledger {n:>6,} issues {ours:7.2f} s   plain reportlab table {base:6.2f} s   ratio {ours / base:.2f}x")
        tracemalloc.start()
        documents.ledger(LedgerData("尉氏县问题台账", "全部", datetime.now(), lines(10000)), work / "mem.pdf")
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        res["ledger_10000_peak_mb"] = peak / 1024**2
        print(f"peak Python memory of the 10,000-issue ledger: {res['ledger_10000_peak_mb']:.0f} MB (tracemalloc)")
        (OUT / "reports.json").write_text(json.dumps(res, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
