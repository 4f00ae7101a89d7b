"""PDF reports: real files read back with poppler (pdftotext, pdffonts), figures checked independently."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from yimi_desktop.domain.errors import DomainError
from yimi_desktop.reports import documents
from yimi_desktop.reports.data import IssueLine, LedgerData
from yimi_desktop.services.issues import IssueQuery

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                                reason="poppler-utils (pdftotext, pdffonts) not installed; `make test` installs them")


def text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def assert_fonts_embedded(pdf: Path) -> None:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines, "no fonts"
    for line in lines:
        cols = line.split()
        assert cols[-5] == "yes", line  # the 'emb' column


def test_visit_record(demo_services, tmp_path):
    svc = demo_services
    visit = next(v for v in svc.visits.list() if v.issue_count >= 2)
    detail = svc.visits.get(visit.id)
    pdf = svc.reports.visit_record(visit.id, tmp_path / "visit.pdf")
    t = text(pdf)
    assert "走访记录表" in t and visit.enterprise in t and visit.record_no in t
    assert all(svc.issues.get(i).title in t for i in detail.issue_ids)
    assert "企业负责人" in t and re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", t)
    assert_fonts_embedded(pdf)


def test_visit_record_in_english(demo_services, tmp_path):
    visit = demo_services.visits.list()[0]
    pdf = demo_services.reports.visit_record(visit.id, tmp_path / "visit-en.pdf", lang="en")
    t = text(pdf)
    assert "Visit record" in t and "Page 1 of" in t and visit.enterprise in t


def test_summary_figures_match_independent_queries(demo_services, tmp_path):
    svc = demo_services
    end = date.today()
    start = end - timedelta(days=180)
    data = svc.reports.summary_data(start, end)
    con = sqlite3.connect(svc.db.path)
    visits = con.execute("SELECT COUNT(*) FROM visit WHERE visit_date BETWEEN ? AND ? AND state='final'",
                         (start.isoformat(), end.isoformat())).fetchone()[0]
    raised = con.execute("SELECT COUNT(*) FROM issue WHERE raised_on BETWEEN ? AND ?",
                         (start.isoformat(), end.isoformat())).fetchone()[0]
    covered = con.execute("SELECT COUNT(DISTINCT enterprise_id) FROM visit WHERE visit_date BETWEEN ? AND ?",
                          (start.isoformat(), end.isoformat())).fetchone()[0]
    con.close()
    assert (data.visits, data.issues_raised, data.enterprises_covered) == (visits, raised, covered)
    # the summary agrees with the ledger's counters for the same period
    counts = svc.issues.counts(IssueQuery(raised_from=start, raised_to=end))
    assert data.issues_raised == counts.total
    assert data.issues_resolved <= counts.by_status.get("resolved", 0) + counts.by_status.get("followed_up", 0)
    pdf = svc.reports.summary(start, end, tmp_path / "summary.pdf")
    t = text(pdf)
    assert "工作简报" in t and f"{visits:,}" in t and f"{raised:,}" in t
    assert "按团队" in t and "按乡镇" in t
    assert_fonts_embedded(pdf)


def test_ledger_and_dossier_from_demo(demo_services, tmp_path):
    svc = demo_services
    q = IssueQuery(overdue=True)
    pdf = svc.reports.ledger(q, tmp_path / "ledger.pdf", "已超期")
    t = text(pdf)
    rows = svc.issues.rows(svc.issues.ids(q))
    assert "问题台账" in t and "已超期" in t and rows[0].enterprise[:8] in t
    assert t.count("超期") >= len(rows)
    assert_fonts_embedded(pdf)
    ent = rows[0].enterprise_id
    pdf = svc.reports.dossier(ent, tmp_path / "dossier.pdf")
    t = text(pdf)
    assert "企业档案" in t and svc.enterprises.get(ent).form.credit_code in t and "走访历史" in t
    assert_fonts_embedded(pdf)


def test_two_thousand_issue_ledger_has_its_header_on_every_page_and_nothing_off_the_page(tmp_path):
    long = "厂区供电线路老化,雨天与树木搭接,多次停电跳闸,影响生产。希望协调供电公司更换线路并清理树障。" * 2
    lines = [IssueLine(i, f"尉氏县第{i}号很长名字的新材料科技有限公司", "十八里镇", "水电气保障", f"诉求{i}", long,
                       date(2026, 1, 1) + timedelta(days=i % 300), "科技工信专业一米团", date(2026, 3, 1),
                       "办理中", "已协调供电公司现场查看,线路更换方案已报批。" if i % 3 else "", "满意" if i % 5 == 0 else "",
                       i % 7 == 0) for i in range(1, 2001)]
    pdf = documents.ledger(LedgerData("尉氏县问题台账", "全部", __import__("datetime").datetime.now(), lines),
                           tmp_path / "big.pdf")
    n = pages(pdf)
    assert n > 50
    for p in range(1, n + 1):
        page_text = text(pdf, p)
        assert "序号" in page_text and "办理时限" in page_text, f"header missing on page {p}"
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for w in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page.group(3)):
            x0, y0, x1, y1 = map(float, w.groups())
            assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height
    assert "诉求2000" in text(pdf, n)


def test_unknown_id_and_bad_period_leave_no_file(demo_services, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DomainError):
        demo_services.reports.visit_record("nope", out / "x.pdf")
    with pytest.raises(DomainError):
        demo_services.reports.summary(date(2026, 5, 1), date(2026, 1, 1), out / "y.pdf")
    assert list(out.iterdir()) == []


# ---- every length prints -------------------------------------------------------------------------

LONG_5000 = ("厂区供电线路老化,雨天与树木搭接,多次停电跳闸(已报供电公司),影响生产。Transformer-capacity "
             "upgrade needed;希望协调更换线路。" * 80)[:5000]


def _issue(seq: int, text: str = LONG_5000) -> IssueLine:
    return IssueLine(seq, "尉氏县" + text[:300], "十八里镇", "水电气保障", "诉求" + text[:200], text, date(2026, 1, 5),
                     "科技工信专业一米团", date(2026, 3, 1), "办理中", text, "满意", seq % 2 == 0)


def _visit_data(text: str = LONG_5000):
    from datetime import datetime

    from yimi_desktop.reports.data import VisitRecordData
    return VisitRecordData(
        visit_id="v1", record_no="WSX-2026-0001", county="尉氏县", team="金融专业一米团", enterprise="尉氏县" + text,
        credit_code="91410223MA44XXXX1X", township="十八里镇", contact="张三 13800000000", visit_date=date(2026, 3, 2),
        time_range="09:00–10:30", place=text, visit_type="走访", officers=["李四", text[:900]],
        attendees=[("王五", "总经理", ""), (text[:700], text[:300], "")], policies=[(text, "符合", text)], notes=text,
        issues=[_issue(1), _issue(2)], follow_up=text, photos=[], generated_at=datetime(2026, 3, 2, 11, 0))


@pytest.mark.parametrize("kind", ["visit", "ledger", "summary", "dossier"])
def test_five_thousand_characters_in_every_free_text_field_print(kind, tmp_path):
    from datetime import datetime

    from yimi_desktop.reports.data import CountRow, DossierData, SummaryData
    out = tmp_path / f"{kind}.pdf"
    if kind == "visit":
        documents.visit_record(_visit_data(), out)
    elif kind == "ledger":
        documents.ledger(LedgerData("尉氏县问题台账", LONG_5000, datetime.now(), [_issue(1), _issue(2)]), out)
    elif kind == "summary":
        rows = [CountRow(LONG_5000, 3, 1, 1), CountRow("金融", 2, 2, 0)]
        documents.summary(SummaryData(
            title="尉氏县一米团工作简报", period_from=date(2026, 1, 1), period_to=date(2026, 3, 31), team=LONG_5000,
            generated_at=datetime.now(), visits=12, enterprises_covered=9, above_size_covered=5, above_size_total=20,
            issues_raised=5, issues_resolved=3, resolution_rate=0.6, on_time_rate=1.0, median_days_to_resolve=4.0,
            satisfaction_rate=1.0, money_yuan=4600000, by_team=rows, by_category=rows, by_township=rows,
            by_status={"办理中": 2, "已办结": 3}, by_month=[("2026-01", 3, 1), ("2026-02", 2, 2)]), out)
    else:
        documents.dossier(DossierData("尉氏县" + LONG_5000[:2000], [("企业名称", LONG_5000), ("备注", LONG_5000)],
                                      [("2026-01-02", "走访", LONG_5000[:600], LONG_5000)], [_issue(1), _issue(2)],
                                      datetime.now()), out)
    assert pages(out) >= 2
    raw = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    t = raw.replace("\n", "").replace(" ", "")
    assert "upgrade" in t and "希望协调更换线路" in t
    # the whole of a long field is there, not just its first page (a split piece kept its lines)
    assert t.count("希望协调更换线路") >= LONG_5000.count("希望协调更换线路"), t.count("希望协调更换线路")
    assert_fonts_embedded(out)


# ---- ledger: red overdue rows, count, foot; line breaking; characters outside the main font ----------------

def test_ledger_rows_red_when_overdue_counted_in_words_and_signed_off_at_the_foot(tmp_path):
    from datetime import datetime
    lines = [_issue(i, "供电线路老化。") for i in range(1, 4)]  # 2 is overdue
    pdf = documents.ledger(LedgerData("尉氏县问题台账", "全部", datetime.now(), lines, "尉氏县一米团办公室"), tmp_path / "l.pdf")
    t = text(pdf)
    assert "共 3 件，其中超期 1 件" in t
    for label in ("制表单位", "制表人", "审核人", "日期"):
        assert label in t
    assert "尉氏县一米团办公室" in t
    # the overdue row is drawn red: the page content sets the red fill (0.70 0.15 0.12) before its text
    raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), "-"], capture_output=True).stdout
    assert b".701961 .14902 .117647 rg" in raw or b"0.701961 0.14902 0.117647 rg" in raw


def test_no_line_starts_with_closing_punctuation_or_ends_with_opening():
    from yimi_desktop.reports.base import register_font
    from yimi_desktop.reports.text import NO_END, NO_START, Typesetter
    register_font()
    tx = Typesetter()
    sample = ("他说\uff1a“请协调\uff08供电公司\uff09更换线路。”《通知》【急】、\uff0c\uff1b\uff1a\uff1f\uff01"
              "如下:(a) 电压;b) 线路,完毕!" * 40 + "Transformer-capacity 91410223MA44XXXX1X")
    assert {"\uff1a", "\uff0c", "\uff09"} <= NO_START and "\uff08" in NO_END
    for width in (40, 57, 83, 120, 200):
        lines = tx.lines(sample, width, 10)
        assert "".join(lines).replace(" ", "") == sample.replace(" ", "")
        for line in lines:  # only closing punctuation may hang past the edge
            assert tx.width(line.rstrip("".join(NO_START)), 10) <= width + 0.01
        for a, b in zip(lines, lines[1:]):
            assert b[:1] not in NO_START, (a, b)
            assert a[-1:] not in NO_END, (a, b)
    words = tx.lines("please upgrade the transformer capacity before summer", 60, 10)
    assert all(w in "please upgrade the transformer capacity before summer".split() or " " in w for w in words)


def test_rare_characters_print_in_the_fallback_font_or_visibly_with_a_warning(tmp_path):
    from datetime import datetime
    name = "吉𠮷㛃℃科技有限公司"
    lines = [IssueLine(1, name, "十八里镇", "用工", "招工", "车间温度40℃以上,\U00030000", date(2026, 1, 1), "人社",
                       None, "办理中", "", "", False)]
    pdf = documents.ledger(LedgerData("尉氏县问题台账", "全部", datetime.now(), lines), tmp_path / "rare.pdf")
    t = text(pdf)
    assert "𠮷" in t and "㛃" in t and "40℃" in t
    assert "〓U+30000" in t  # no font has it: visible, not blank
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "U+30000" in info  # the warning travels in the PDF's keywords
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "YimiHanExt" in fonts
    assert_fonts_embedded(pdf)


# ---- the visit record as a county office files it ----------------------------------------------------------

def _small_visit(**kw):
    from dataclasses import replace
    d = _visit_data("")
    return replace(d, enterprise="尉氏县吉𠮷塑料管业有限公司", place="企业会议室", officers=["李四"], notes="宣讲惠企政策。",
                   officer_rows=[("李四", "县金融工作局", "13700000000")], attendees=[("王五", "总经理", "13900000000")],
                   policies=[("河南省二十条措施", "符合", "")], follow_up="2026-03-20",
                   issues=[IssueLine(1, "e", "t", "资金", "流动资金不足", "需贷款460万元。", date(2026, 3, 2), "金融专业一米团",
                                     date(2026, 3, 20), "办理中", "已对接县农商行。", "", False)], **kw)


def test_visit_record_has_every_field_of_the_form_and_a_readable_qr(tmp_path):
    pdf = documents.visit_record(_small_visit(), tmp_path / "v.pdf")
    t = text(pdf).replace(" ", "")
    for must in ("走访记录表", "编号：WSX-2026-0001", "走访单位", "金融专业一米团", "统一社会信用代码", "91410223MA44XXXX1X",
                 "县金融工作局", "13700000000", "企业参加人员", "总经理", "宣讲政策", "现场答复", "已对接县农商行", "办理意见",
                 "企业意见", "企业负责人（签字）：", "企业（盖章）", "走访人员（签字）：", "年", "月", "日", "尉氏县吉𠮷塑料管业有限公司"):
        assert must in t, must
    assert re.search(r"政策名称\s+是否符合\s+备注", text(pdf))  # not an always-empty column headed 走访记录
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
        png = next(tmp_path.glob("p*.png"))
        qr = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout
        assert "编号：WSX-2026-0001" in qr and "尉氏县吉𠮷塑料管业有限公司" in qr
        assert f"核验码：{documents.visit_digest(_small_visit())}" in qr


def test_visit_record_pages_carry_number_and_enterprise_and_the_signatures_stay_with_content(tmp_path):
    from dataclasses import replace
    d = replace(_small_visit(), notes="企业反映用工紧张,希望协助招聘。" * 120)
    pdf = documents.visit_record(d, tmp_path / "v.pdf")
    n = pages(pdf)
    assert n >= 2
    for p in range(2, n + 1):
        assert "WSX-2026-0001" in text(pdf, p) and "尉氏县吉𠮷塑料管业有限公司" in text(pdf, p)
    last = text(pdf, n)
    assert "企业负责人" in last and "企业意见" in last and "回访安排" in last  # never a page of signatures alone


def test_report_files_are_readable_from_a_shared_folder(tmp_path):
    import os
    import stat
    old = os.umask(0o022)
    try:
        pdf = documents.visit_record(_small_visit(), tmp_path / "v.pdf")
    finally:
        os.umask(old)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o644


# ---- every length, any characters (hypothesis) ---------------------------------------------------------------

_ALPHABET = "尉氏县供电线路老化雨天与树木搭接多次停电跳闸，。、；：？！（）《》“”【】—…·abcXYZ019 -/\n𠮷㛃℃\U00030000"


@pytest.mark.parametrize("kind", ["ledger", "visit"])
def test_any_text_of_any_length_up_to_twenty_thousand_prints(kind, tmp_path):
    from dataclasses import replace
    from datetime import datetime

    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.one_of(st.integers(0, 20000).map(lambda n: (_ALPHABET * (n // len(_ALPHABET) + 1))[:n]),
                     st.text(alphabet=_ALPHABET, max_size=3000)))
    @example("")
    @example((_ALPHABET * 400)[:20000])  # the longest, every time
    @example((_ALPHABET * 10)[:338])  # a cell split asked of a block that fits: reportlab wants two parts or none
    def check(s):
        out = tmp_path / f"{kind}.pdf"
        if kind == "ledger":
            line = replace(_issue(1, s), title=s[:200] or "题")
            documents.ledger(LedgerData("尉氏县问题台账", "全部", datetime.now(), [line]), out)
        else:
            documents.visit_record(replace(_small_visit(), notes=s, place=s[:500],
                                           issues=[replace(_issue(1, s), title="题")]), out)
        assert out.read_bytes().startswith(b"%PDF")
        body = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        tail = s.replace("\n", "").replace(" ", "").replace("\U00030000", "〓U+30000")[-12:]
        assert tail in body.replace("\n", "").replace(" ", "")  # the end of the text made it onto paper

    check()


def test_photos_of_mixed_orientation_fill_equal_boxes_without_gaps(tmp_path):
    from dataclasses import replace

    from PIL import Image as PILImage
    paths = []
    for k, size in enumerate([(800, 600), (600, 800), (1200, 300), (300, 1200), (640, 640)]):
        p = tmp_path / f"p{k}.jpg"
        PILImage.new("RGB", size, (40 * k, 120, 200)).save(p)
        paths.append(str(p))
    [grid] = documents._photo_grid(paths, documents.FORM_W)
    heights = set(grid._argH)
    assert len(heights) == 1 and len(grid._cellvalues) == 3  # three rows of two, all the same height
    box_w, box_h = documents.FORM_W / 2, heights.pop()
    for row in grid._cellvalues:
        for img in row:
            if img:
                assert img.drawWidth <= box_w and img.drawHeight <= box_h
                assert abs(img.drawWidth / img.drawHeight - img.imageWidth / img.imageHeight) < 0.01  # not distorted
    pdf = documents.visit_record(replace(_small_visit(), photos=paths), tmp_path / "v.pdf")
    assert "现场照片" in text(pdf)


def test_ledger_reports_progress_and_a_false_answer_cancels_it_leaving_no_file(tmp_path):
    from datetime import datetime

    from yimi_desktop.reports.base import Cancelled
    data = LedgerData("尉氏县问题台账", "全部", datetime.now(), [_issue(i, "供电线路老化。" * 30) for i in range(1, 601)])
    seen = []
    documents.ledger(data, tmp_path / "ok.pdf", progress=lambda done, total: seen.append((done, total)) or True)
    assert seen and seen == sorted(seen) and all(t == 100 for _, t in seen) and seen[-1][0] >= 90
    with pytest.raises(Cancelled):
        documents.ledger(data, tmp_path / "no.pdf", progress=lambda done, total: done < 30)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.pdf"]
