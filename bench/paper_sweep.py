"""Every length prints: a hand-run sweep over text lengths 0–20,000 for every document (not part of `make test`).

    .venv/bin/python bench/paper_sweep.py [--step 997] [--to 20000] [--docs visit,ledger,booklet,notice,briefing,dossier]

For each length the same text (the alphabet of the hypothesis test in tests/unit/test_reports.py: CJK with every
kind of Chinese punctuation, Latin words, digits, newlines, Ext-B and Ext-G characters, ℃) goes into every free-text
field of the document; the PDF must build, and the end of the text must be on the paper (pdftotext). The tests
draw 4 random lengths per document; this walks the whole range at `--step`. Failures are listed with the
document, the length and the error, and the exit status is 1 when there was any.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from yimi_desktop.reports import booklet, documents  # noqa: E402
from yimi_desktop.reports.booklet import BookletData, NoticeData, PolicyEntry  # noqa: E402
from yimi_desktop.reports.data import CountRow, DossierData, IssueLine, LedgerData, SummaryData, VisitRecordData  # noqa: E402

ALPHABET = "尉氏县供电线路老化雨天与树木搭接多次停电跳闸，。、；：？！（）《》“”【】—…·abcXYZ019 -/\n𠮷㛃℃\U00030000"


def text_of(n: int) -> str:
    return (ALPHABET * (n // len(ALPHABET) + 1))[:n]


def issue(seq: int, s: str) -> IssueLine:
    return IssueLine(seq, "尉氏县" + s[:300], "十八里镇", "水电气保障", "诉求" + s[:200], s, date(2026, 1, 5),
                     "科技工信专业一米团", date(2026, 3, 1), "办理中", s, "满意", seq % 2 == 0)


def visit(s: str, out: Path) -> None:
    documents.visit_record(VisitRecordData(
        visit_id="v1", record_no="WSX-2026-0001", county="尉氏县", team="金融专业一米团" + s[:300],
        enterprise="尉氏县" + s[:2000], credit_code="91410223MA44XXXX1X", township="十八里镇",
        contact="张三 13800000000", visit_date=date(2026, 3, 2), time_range="09:00–10:30", place=s[:2000],
        visit_type="走访", officers=["李四", s[:900]], attendees=[("王五", "总经理", ""), (s[:700], s[:300], "")],
        policies=[(s, "符合", s)], notes=s, issues=[issue(1, s), issue(2, s)], follow_up=s, photos=[],
        generated_at=datetime(2026, 3, 2, 11, 0), officer_rows=[("李四", s[:500], s[:100])]), out)


def ledger(s: str, out: Path) -> None:
    documents.ledger(LedgerData("尉氏县问题台账", s[:2000] or "全部", datetime.now(),
                                [replace(issue(1, s), title=s[:200] or "题"), issue(2, s)], "尉氏县一米团办公室"), out)


def entry(s: str) -> PolicyEntry:
    return PolicyEntry(s[:500] or "政策", "财税金融", "豫政〔2026〕1号" + s[:100], "省级", "河南省人民政府" + s[:200],
                       date(2026, 1, 1), None, s, "金融专业一米团", "县金融工作局" + s[:100], s[:1000])


def book(s: str, out: Path) -> None:
    booklet.booklet(BookletData("惠企政策汇编", date(2026, 3, 1), "尉氏县一米团办公室", datetime.now(),
                                [("财税金融", [entry(s), entry(s[::-1])]), ("就业" + s[:100], [entry(s)])]), out)


def notice(s: str, out: Path) -> None:
    booklet.notice(NoticeData("惠企政策告知单", date(2026, 3, 1), "尉氏县一米团办公室", "尉氏县" + s[:1000],
                              "91410223MA44XXXX1X", "十八里镇", s[:500], "规上企业", datetime.now(),
                              [entry(s), entry(s[:50])]), out)


def briefing(s: str, out: Path) -> None:
    rows = [CountRow(s[:3000] or "—", 3, 1, 1), CountRow("金融", 2, 2, 0)]
    documents.summary(SummaryData(
        title="尉氏县一米团工作简报", period_from=date(2026, 1, 1), period_to=date(2026, 3, 31), team=s or "全部团队",
        generated_at=datetime.now(), visits=12, enterprises_covered=9, above_size_covered=5, above_size_total=20,
        issues_raised=5, issues_resolved=3, resolution_rate=0.6, on_time_rate=1.0, median_days_to_resolve=4.0,
        satisfaction_rate=1.0, money_yuan=4600000, by_team=rows, by_category=rows, by_township=rows,
        by_status={"办理中": 2, "已办结": 3}, by_month=[("2026-01", 3, 1), ("2026-02", 2, 2)], issues_open=1,
        issue_no="3", unit="尉氏县一米团办公室" + s[:200]), out)


def dossier(s: str, out: Path) -> None:
    documents.dossier(DossierData("尉氏县" + s[:2000], [("企业名称", s), ("备注", s)],
                                  [("2026-01-02", "走访", s[:600], s)], [issue(1, s), issue(2, s)], datetime.now()), out)


DOCS = {"visit": visit, "ledger": ledger, "booklet": book, "notice": notice, "briefing": briefing,
        "dossier": dossier}


def on_paper(s: str, pdf: Path) -> bool:
    """The end of the text made it onto the paper (what pdftotext reads: spaces and newlines aside)."""
    tail = s.replace("\n", "").replace(" ", "").replace("\U00030000", "〓U+30000")[-12:]
    body = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return tail in body.replace("\n", "").replace(" ", "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--step", type=int, default=997)
    ap.add_argument("--to", type=int, default=20000)
    ap.add_argument("--docs", default=",".join(DOCS))
    args = ap.parse_args()
    lengths = sorted({*range(0, args.to + 1, args.step), args.to})
    failures: list[tuple[str, int, str]] = []
    with tempfile.TemporaryDirectory(prefix="yimi-sweep-") as work:
        for name in args.docs.split(","):
            build, t0 = DOCS[name], time.perf_counter()
            for n in lengths:
                s, out = text_of(n), Path(work) / f"{name}.pdf"
                try:
                    build(s, out)
                    if not out.read_bytes().startswith(b"%PDF"):
                        failures.append((name, n, "not a PDF"))
                    elif s.strip() and not on_paper(s, out):
                        failures.append((name, n, "the end of the text is not on the paper"))
                except Exception as exc:  # noqa: BLE001 - every failure is listed, the sweep goes on
                    failures.append((name, n, f"{type(exc).__name__}: {exc}"))
                    traceback.print_exc(limit=3)
            print(f"{name:9} {len(lengths)} lengths 0–{args.to} step {args.step}: "
                  f"{sum(1 for f in failures if f[0] == name)} failures, {time.perf_counter() - t0:.0f} s", flush=True)
    for name, n, err in failures:
        print(f"FAIL {name} length {n}: {err}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
