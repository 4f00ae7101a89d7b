"""惠企政策汇编 and 政策告知单: the policies valid on a date, the contents' page numbers as printed, A5, long
summaries; the notice's matching by industry, size and township (pdftotext reads every file back)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.forms import EnterpriseForm, PolicyForm
from yimi_desktop.domain.policy_match import match
from yimi_desktop.domain.vocabulary import PolicyCategory

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def policy(svc, title: str, cat: PolicyCategory, start: date | None, end: date | None, summary: str = "通俗解读。",
           number: str = "") -> str:
    return svc.policies.add(PolicyForm(title=title, issuer="河南省人民政府", document_number=number,
                                       category=cat.value, summary=summary, valid_from=start, valid_to=end))


@pytest.fixture
def county(services):
    policy(services, "甲政策 贷款贴息", PolicyCategory.FINANCE, date(2026, 1, 1), date(2026, 12, 31), number="豫政〔2026〕1号")
    policy(services, "乙政策 已过期", PolicyCategory.FINANCE, date(2024, 1, 1), date(2025, 12, 31))
    policy(services, "丙政策 尚未生效", PolicyCategory.TAX, date(2027, 1, 1), None)
    policy(services, "丁政策 长期有效", PolicyCategory.EMPLOYMENT, None, None)
    policy(services, "戊政策 农业扶持", PolicyCategory.AGRICULTURE, date(2026, 6, 1), date(2026, 6, 30))
    policy(services, "己政策 规上企业奖励", PolicyCategory.TECHNOLOGY, date(2026, 1, 1), None,
           summary="规模以上工业企业研发投入增长的给予奖励。")
    policy(services, "庚政策 城关镇标准厂房", PolicyCategory.LAND, date(2026, 1, 1), None,
           summary="城关镇产业园内的企业可申请标准厂房租金减免。")
    return services


def test_booklet_lists_exactly_the_policies_valid_on_the_date(county, tmp_path):
    out = tmp_path / "b.pdf"
    county.reports.booklet(out, date(2026, 6, 15))
    body = squash(text(out))
    for t in ("甲政策贷款贴息", "丁政策长期有效", "戊政策农业扶持", "己政策规上企业奖励", "庚政策城关镇标准厂房"):
        assert t in body
    for t in ("乙政策", "丙政策"):
        assert t not in body
    assert "豫政〔2026〕1号" in body and "金融专业一米团" in body and "长期有效" in body  # 文号, team, validity
    assert "惠企政策汇编" in squash(text(out, 1)) and "目录" in squash(text(out, 2))
    # on another day another set
    county.reports.booklet(out, date(2026, 7, 1))
    assert "戊政策" not in squash(text(out))


def test_category_filter_and_bad_input(county, tmp_path):
    out = tmp_path / "b.pdf"
    county.reports.booklet(out, date(2026, 6, 15), category="finance")
    body = squash(text(out))
    assert "甲政策" in body and "丁政策" not in body
    with pytest.raises(DomainError):
        county.reports.booklet(tmp_path / "x.pdf", category="nonsense")
    with pytest.raises(DomainError):
        county.reports.booklet(tmp_path / "x.pdf", size="a3")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_contents_page_numbers_are_the_pages_printed(county, tmp_path, size):
    from yimi_desktop.reports import booklet as booklet_pdf

    for k in range(12):  # enough long entries to run over several pages
        policy(county, f"长条目{k:02d}号政策", PolicyCategory.INDUSTRY, None, None, summary="企业用工有困难。" * 60)
    out = tmp_path / "b.pdf"
    data = county.reports.booklet_data(date(2026, 6, 15))
    _, contents = booklet_pdf.booklet_with_contents(data, out, "zh", size)
    n = pages(out)
    assert n > 4
    page_two = [squash(line) for line in text(out, 2).splitlines()]
    for title, page in contents:
        assert 3 <= page <= n
        assert squash(title) in squash(text(out, page)), (title, page)  # the entry starts on the page listed
        assert f"—{page}—" in squash(text(out, page))  # and that page is printed with that number
        # the contents page prints that number after the title's dotted leader
        assert any(re.fullmatch(re.escape(squash(title)) + r"·+" + str(page), line) for line in page_two), (title, page)
    if size == "a5":
        w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", subprocess.run(
            ["pdfinfo", str(out)], capture_output=True, text=True).stdout).groups()
        assert (round(float(w)), round(float(h))) == (420, 595)


def test_a_5000_character_summary_prints_whole(county, tmp_path):
    long = "".join(f"第{k:04d}句，" for k in range(714)) + "完结"
    assert len(long) == 5000
    policy(county, "超长解读政策", PolicyCategory.FINANCE, None, None, summary=long)
    out = tmp_path / "b.pdf"
    county.reports.booklet(out, date(2026, 6, 15), size="a5")
    body = squash(text(out))
    assert "第0000句" in body and "第0713句，完结" in body
    assert squash(long) in re.sub(r"—\d+—", "", body)  # whole, across pages (less the page numbers)


def test_empty_booklet_prints(services, tmp_path):
    out = tmp_path / "b.pdf"
    services.reports.booklet(out, date(2026, 6, 15))
    assert "该日期没有有效的政策" in squash(text(out))


def test_notice_matches_industry_size_and_township(county, tmp_path):
    def enterprise(name: str, body: str, township: str, industry: str, above: bool) -> str:
        return county.enterprises.add(EnterpriseForm(name=name, credit_code=creditcode.make_code("9", "1", "410223", body),
                                                     township=township, industry=industry, above_size=above))
    farm = enterprise("尉氏县蘑菇种植合作社", "MA000101", "洧川镇", "食用菌种植", False)
    plant = enterprise("尉氏县城关机械有限公司", "MA000102", "城关镇", "机械制造", True)
    out = tmp_path / "n.pdf"
    county.reports.notice(farm, out, date(2026, 6, 15))
    body = squash(text(out))
    assert pages(out) == 1
    assert "尉氏县蘑菇种植合作社" in body and "戊政策农业扶持" in body and "甲政策贷款贴息" in body
    assert "己政策" not in body and "庚政策" not in body and "乙政策" not in body
    code = creditcode.make_code("9", "1", "410223", "MA000102")
    county.reports.notice(county.reports.find_enterprise(code), out, date(2026, 6, 15))
    body = squash(text(out))
    assert "己政策规上企业奖励" in body and "庚政策城关镇标准厂房" in body and "戊政策" not in body
    assert plant == county.reports.find_enterprise(code.lower())
    with pytest.raises(DomainError):
        county.reports.find_enterprise("nobody")


def test_match_rules():
    assert match(PolicyCategory.TAX, "减税", "", "门业", False, "城关镇").reason == "全县企业"
    assert not match(PolicyCategory.AGRICULTURE, "", "", "门业", False, "城关镇").applies
    assert not match(PolicyCategory.INDUSTRY, "", "", "现代农业", False, "城关镇").applies
    assert not match(PolicyCategory.FINANCE, "小微企业贷款", "", "门业", True, "城关镇").applies
    assert match(PolicyCategory.FINANCE, "", "洧川镇企业", "门业", True, "洧川镇").reason == "洧川镇企业"


def test_files_embed_their_fonts_and_are_0644(county, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        b = county.reports.booklet(tmp_path / "b.pdf", date(2026, 6, 15), size="a5")
        e = county.enterprises.add(EnterpriseForm(name="尉氏县吉𠮷门业有限公司", township="城关镇", industry="门业",
                                                  credit_code=creditcode.make_code("9", "1", "410223", "MA000103")))
        n = county.reports.notice(e, tmp_path / "n.pdf", date(2026, 6, 15), lang="en")
    finally:
        os.umask(old)
    for pdf in (b, n):
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o644
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts)
    body = squash(text(n))
    assert "吉𠮷" in body and "Allenterprises" in body and "城关镇" in body


def test_a_long_notice_keeps_the_signatures_with_its_last_rows(county, tmp_path):
    for k in range(45):
        policy(county, f"第{k:02d}项全县通用政策", PolicyCategory.TAX, None, None)
    e = county.enterprises.add(EnterpriseForm(name="尉氏县多政策门业有限公司", township="城关镇", industry="门业",
                                              credit_code=creditcode.make_code("9", "1", "410223", "MA000104")))
    out = county.reports.notice(e, tmp_path / "n.pdf", date(2026, 6, 15))
    n = pages(out)
    assert n >= 2
    last = squash(text(out, n))
    assert "企业签收" in last and "第44项全县通用政策" in last  # not a page holding the signatures alone
