"""Report benchmark (run by hand: `.venv/bin/python bench/reports.py`).

A visit record beside plain reportlab with the same text; ledgers of 1,000 and 10,000 issues beside two
baselines measured in the same run: (a) the direct-drawing floor: the same cells drawn straight on the
canvas, each cell wrapped once by characters with a cached width table (no 禁则, no fallback fonts),
and (b) plain reportlab, a platypus LongTable of the same cells (what the ledger was before). Times are
CPU seconds of this process (the machine is shared, wall time says little), with wall time beside.
Peak memory of the 10,000-issue ledger: tracemalloc (Python) in one child, max RSS in another without tracemalloc.
No assertions on time. JSON in bench/out/reports.json.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate  # noqa: E402

import yimi_desktop.reports.ledger as ledger_pdf  # noqa: E402
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
    doc.build([LongTable(rows, colWidths=ledger_pdf.widths(), repeatRows=1)])


def direct_baseline(data: LedgerData, dest: Path) -> None:
    """The floor: the ledger's cells drawn directly, each wrapped once by characters with cached widths."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    from yimi_desktop.reports import ledger as L
    from yimi_desktop.reports.base import FONT, register_font

    register_font()
    cache: dict[str, float] = {}

    def wrap(text: str, room: float) -> list[str]:
        out = []
        for para in text.split("\n"):
            cur, used = "", 0.0
            for ch in para:
                w = cache.get(ch)
                if w is None:
                    w = cache[ch] = stringWidth(ch, FONT, L.SIZE)
                if used + w > room and cur:
                    out.append(cur)
                    cur, used = "", 0.0
                cur, used = cur + ch, used + w
            out.append(cur)
        return out

    page_w, page_h = landscape(A4)
    widths = L.widths()
    xs = [L.MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)
    c = Canvas(str(dest), pagesize=(page_w, page_h), initialFontName=FONT)
    top, bottom = page_h - L.MARGIN - 17 * mm, L.MARGIN + 6 * mm

    def new_page() -> tuple:
        t = c.beginText()
        t.setFont(FONT, L.SIZE)
        return t, top
    t, y = new_page()
    edges = [y]
    for line in data.lines:
        cells = [wrap(x, w - 2 * L.PAD) for x, w in zip(L.cells(line, "zh"), widths)]
        h = max(len(x) for x in cells) * L.LEAD + 2 * L.PAD
        if y - h < bottom:
            c.drawText(t)
            for e in edges:
                c.line(xs[0], e, xs[-1], e)
            c.showPage()
            t, y = new_page()
            edges = [y]
        for j, lines in enumerate(cells):
            for k, text in enumerate(lines):
                t.setTextOrigin(xs[j] + L.PAD, y - L.PAD - (k + 1) * L.LEAD + 2.6)
                t.textOut(text)
        y -= h
        edges.append(y)
    c.drawText(t)
    c.showPage()
    c.save()


def timed(fn, runs: int) -> float:
    """Median CPU seconds of `runs` calls (the wall time of the last is kept in timed.wall)."""
    out = []
    for _ in range(runs):
        t, w = time.process_time(), time.perf_counter()
        fn()
        out.append(time.process_time() - t)
        timed.wall = time.perf_counter() - w
    return statistics.median(out)


def want(part: str) -> bool:
    """`--only visit,ledger,memory` runs those parts (all by default)."""
    for a in sys.argv[1:]:
        if a.startswith("--only="):
            return part in a.split("=", 1)[1].split(",")
    return True


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="yimi-bench-reports-"))
    res: dict = {}
    try:
        if want("visit"):
            visit_part(work, res)
        if want("ledger"):
            ledger_part(work, res)
        if want("memory"):
            memory_part(work, res)
        (OUT / "reports.json").write_text(json.dumps(res, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def visit_part(work: Path, res: dict) -> None:
    if True:
        svc = init_services(work / "demo.db", "BENCH", DeviceRole.LAPTOP)
        svc.demo.populate(seed=1)
        visit = next(v for v in svc.visits.list() if v.issue_count >= 2)
        svc.reports.visit_record(visit.id, work / "visit.pdf")  # warm: fonts loaded
        res["visit_record_s"] = timed(lambda: svc.reports.visit_record(visit.id, work / "visit.pdf"), 5)
        data = svc.reports.visit_record_data(visit.id)
        svc.close()

        def plain_visit() -> None:
            """The same cells in plain platypus tables of Paragraphs (no QR, no fallback fonts, no 禁则)."""
            st = styles()
            p = lambda x: Paragraph(str(x), st["base"])  # noqa: E731
            w = A4[0] - 45 * mm
            grid = [("GRID", (0, 0), (-1, -1), 0.5, "black")]
            story = [p("走访记录表"),
                     LongTable([[p("走访单位"), p(data.team), p("走访类型"), p(data.visit_type)],
                                [p("企业名称"), p(data.enterprise), "", ""],
                                [p("统一社会信用代码"), p(data.credit_code), p("所属乡镇"), p(data.township)],
                                [p("联系人"), p(data.contact), p("走访日期"), p(data.visit_date)],
                                [p("时间"), p(data.time_range), p("地点"), p(data.place)]], colWidths=[w / 4] * 4, style=grid),
                     LongTable([[p(n), p(u), p(ph)] for n, u, ph in data.officer_rows] or [[""] * 3], colWidths=[w / 3] * 3, style=grid),
                     LongTable([[p(a) for a in row] for row in data.attendees] or [[""] * 3], colWidths=[w / 3] * 3, style=grid),
                     LongTable([[p(a) for a in row] for row in data.policies] or [[""] * 3], colWidths=[w / 3] * 3, style=grid),
                     p(data.notes),
                     LongTable([[p(i.seq), p(i.category), p(f"{i.title}:{i.description}"), p(i.result), p(i.team)]
                                for i in data.issues] or [[""] * 5], colWidths=[w / 5] * 5, style=grid),
                     p(data.follow_up), p("企业负责人（签字）：      走访人员（签字）：")]
            SimpleDocTemplate(str(work / "plain-visit.pdf"), pagesize=A4).build(story)

        res["visit_record_baseline_s"] = timed(plain_visit, 5)
        res["visit_record_build_s"] = timed(lambda: documents.visit_record(data, work / "visit2.pdf"), 5)
        print(f"visit record        {res['visit_record_s'] * 1000:7.0f} ms CPU (query + PDF)   plain reportlab tables of the same cells "
              f"{res['visit_record_baseline_s'] * 1000:6.0f} ms   ratio {res['visit_record_s'] / res['visit_record_baseline_s']:.1f}x")
        print(f"visit record build  {res['visit_record_build_s'] * 1000:7.0f} ms CPU (the PDF alone, data in hand)   "
              f"ratio {res['visit_record_build_s'] / res['visit_record_baseline_s']:.1f}x")


def ledger_part(work: Path, res: dict) -> None:
    if True:
        for n, runs in ((1000, 3), (10000, 1)):
            ledger = LedgerData("尉氏县问题台账", "全部", datetime.now(), lines(n), "尉氏县一米团办公室")
            floor = timed(lambda: direct_baseline(ledger, work / f"floor{n}.pdf"), runs)
            ours = timed(lambda: documents.ledger(ledger, work / f"ledger{n}.pdf"), runs)
            wall = timed.wall
            res[f"ledger_{n}_s"], res[f"ledger_{n}_direct_baseline_s"], res[f"ledger_{n}_wall_s"] = ours, floor, wall
            line = (f"ledger {n:>6,} issues {ours:6.2f} s CPU ({wall:.2f} s wall)   direct-drawing baseline "
                    f"{floor:6.2f} s   ratio {ours / floor:.2f}x")
            if n <= 1000 or "--with-table" in sys.argv:  # the platypus table takes ~40 s for 10,000
                base = timed(lambda: plain_reportlab(ledger, work / f"plain{n}.pdf"), runs)
                res[f"ledger_{n}_platypus_table_s"] = base
                line += f"   platypus table {base:6.2f} s ({base / ours:.1f}x slower)"
            print(line)


def memory_part(work: Path, res: dict) -> None:
    if True:
        # two children each: tracemalloc for the Python heap, and one without it for RSS (tracemalloc's own
        # bookkeeping of every allocation added about 75 MB to the RSS measured with it on)
        for what, call in (("ledger", "documents.ledger(d, out)"), ("direct_baseline", "b.direct_baseline(d, out)")):
            figures = []
            for trace in (True, False):
                code = ("import sys, resource, tracemalloc; sys.path.insert(0, {!r}); sys.argv = ['x'];"
                        "import reports as b; from datetime import datetime; from pathlib import Path;"
                        "from yimi_desktop.reports import documents; from yimi_desktop.reports.data import LedgerData;"
                        "d = LedgerData('台账', '全部', datetime.now(), b.lines(10000)); out = Path({!r});"
                        "rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024;"
                        + ("tracemalloc.start();" if trace else "") +
                        "{}; print(tracemalloc.get_traced_memory()[1] / 2**20 if tracemalloc.is_tracing() else 0,"
                        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, rss0)").format(
                            str(ROOT / "bench"), str(work / "mem.pdf"), call)
                figures.append(list(map(float, subprocess.run([sys.executable, "-c", code], capture_output=True,
                                                              text=True, check=True).stdout.split())))
            traced, rss, rss0 = figures[0][0], figures[1][1], figures[1][2]
            res[f"{what}_10000_peak_mb"], res[f"{what}_10000_max_rss_mb"] = traced, rss
            res[f"{what}_10000_rss_before_mb"] = rss0
            print(f"10,000 issues, {what:15}: peak Python memory {traced:4.0f} MB (tracemalloc), "
                  f"max RSS {rss:4.0f} MB (whole process, without tracemalloc; {rss0:.0f} MB before the build)")


if __name__ == "__main__":
    main()
