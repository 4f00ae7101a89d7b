"""`yimi xlsx` end to end: a new county hub takes in one LibreOffice-made workbook of its lists
(300 enterprises, 100 officers, 40 policies, some rows wrong), the ledger goes out and a team's
回填表 comes back, all through the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from tests.e2e.test_cli import yimi
from tests.spreadsheet_helpers import convert, read_back
from yimi_desktop.domain.creditcode import make_code
from yimi_desktop.domain.vocabulary import INDUSTRIES, TOWNSHIPS, PolicyCategory

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def _fods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A flat OpenDocument spreadsheet, which LibreOffice then saves as .xlsx (a workbook made by LibreOffice)."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>']
    for name, rows in sheets.items():
        out.append(f'<table:table table:name="{escape(name)}">')
        for row in rows:
            out.append("<table:table-row>")
            for v in row:
                if isinstance(v, int | float):
                    out.append(f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
                               "</table:table-cell>")
                else:
                    out.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p>'
                               "</table:table-cell>")
            out.append("</table:table-row>")
        out.append("</table:table>")
    out.append("</office:spreadsheet></office:body></office:document>")
    path.write_text("".join(out), encoding="utf-8")
    return path


def _county_workbook(folder: Path) -> Path:
    ents = [["尉氏县企业名录"], ["单位名称", "统一社会信用代码", "乡镇", "行业", "规上企业", "联系人", "联系电话"]]
    for i in range(300):
        code = make_code("9", "1", "410223", f"{i + 10000000:08d}")
        if i == 17:
            code = code[:-1] + ("0" if code[-1] != "0" else "1")  # a typo in the check character
        ents.append([f"尉氏县测试{i:03d}有限公司", code, TOWNSHIPS[i % len(TOWNSHIPS)], INDUSTRIES[i % len(INDUSTRIES)],
                     "是" if i % 3 == 0 else "否", "张三", 13800000000 + i])
    ents.append(["尉氏县重复有限公司", make_code("9", "1", "410223", f"{10000005:08d}"), "城关镇", "", "否", "", ""])
    officers = [["姓名", "所在单位", "职务", "电话", "所属团队", "角色"]]
    teams = ["金融专业一米团", "人社专业一米团", "环保专业一米团", "土地专业一米团", "科技工信专业一米团"]
    for i in range(100):
        officers.append([f"团员{i:03d}", f"县单位{i % 18}", "科员", 13900000000 + i, teams[i % 5], "团长" if i < 5 else ""])
    officers.append(["没团的人", "县单位1", "", "", "宣传一米团", ""])
    cats = [c.zh for c in PolicyCategory]
    policies = [["政策名称", "发文层级", "发文单位", "文号", "政策类别", "通俗解读", "有效期自", "有效期至"]]
    for i in range(40):
        policies.append([f"惠企政策{i:02d}", "省级", "河南省人民政府", f"豫政〔2026〕{i + 1}号", cats[i % len(cats)],
                         "符合条件的企业可以申请。", "2026-01-01", "2026-12-31"])
    src = _fods(folder / "县里的名单.fods", {"企业名录": ents, "团员名单": officers, "政策清单": policies})
    convert([src], "xlsx:Calc MS Excel 2007 XML", folder)
    return folder / "县里的名单.xlsx"


@pytest.mark.slow
def test_a_new_hub_takes_in_its_lists_sends_the_ledger_and_takes_back_a_returns_sheet(tmp_path):
    db = str(tmp_path / "hub.db")
    assert yimi("--db", db, "init", "--name", "县一米团办公室", "--hub").returncode == 0
    book = _county_workbook(tmp_path)
    started = time.monotonic()
    dry = yimi("--db", db, "xlsx", "import", "enterprises", str(book), "--dry-run", "--json")
    assert dry.returncode == 1  # rows are refused, even in a dry run
    counts = json.loads(dry.stdout.splitlines()[-1])
    assert counts["new"] == 300 - 1 and [r["row"] for r in counts["refused"]] == [3 + 17, 303]
    assert "校验位" in counts["refused"][0]["reason"] and "重复" in counts["refused"][1]["reason"]
    assert "第20行" in dry.stderr
    results = {}
    for what in ("enterprises", "officers", "policies"):
        r = yimi("--db", db, "xlsx", "import", what, str(book), "--json")
        results[what] = json.loads(r.stdout.splitlines()[-1])
    elapsed = time.monotonic() - started
    assert results["enterprises"]["new"] == 299
    assert results["officers"]["new"] == 100 and results["officers"]["refused"][0]["row"] == 102
    assert "宣传一米团" in results["officers"]["refused"][0]["reason"]
    assert results["policies"] == {"new": 40, "updated": 0, "unchanged": 0, "refused": []}
    listed = json.loads(yimi("--db", db, "backup", "list", "--json").stdout)
    assert {b["reason"] for b in listed} == {"before-import"}  # each applied import backed up first, the dry run not
    print(f"three lists imported in {elapsed:.1f} s (dry run, three imports: four processes)")  # not asserted: a shared machine
    stats = json.loads(yimi("--db", db, "stats", "--json").stdout)
    assert (stats["enterprises"], stats["officers"], stats["policies"]) == (299, 100, 40)
    tpl = tmp_path / "模板.xlsx"
    assert yimi("--db", db, "xlsx", "template", "officers", "--out", str(tpl)).returncode == 0
    assert "金融专业一米团" in [c.value for c in openpyxl.load_workbook(tpl)["选项"]["E"]]


@pytest.mark.slow
def test_ledger_and_returns_through_the_command_line(tmp_path, demo_db_template):
    import shutil

    db = tmp_path / "demo.db"
    shutil.copy(demo_db_template, db)
    ledger = tmp_path / "台账.xlsx"
    r = yimi("--db", str(db), "xlsx", "export", "ledger", "--status", "assigned", "--out", str(ledger))
    assert r.returncode == 0, r.stderr
    rows = read_back([ledger], tmp_path / "csv")[("台账", "问题台账")]
    assert rows[0][0] == "序号" and len(rows) > 1 and all(row[16] == "已交办" for row in rows[1:])
    sheet = tmp_path / "回填表.xlsx"
    r = yimi("--db", str(db), "xlsx", "export", "returns", "--team", "金融专业一米团", "--out", str(sheet))
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(sheet)
    wb["回填表"].cell(row=3, column=10, value="已完成贷前调查。")
    wb.save(sheet)
    for _ in range(2):  # twice: the second changes nothing
        r = yimi("--db", str(db), "xlsx", "import", "returns", str(sheet), "--json")
        assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["updated"] == 0
    r = yimi("--db", str(db), "xlsx", "export", "summary", "--out", str(tmp_path / "s.xlsx"))
    assert r.returncode == 2 and "--from" in r.stderr


@pytest.mark.slow  # ~15 s on a quiet 2-core machine: two imports of 10,000 rows in their own processes
def test_a_10000_row_directory_through_the_command_line_then_exported_with_the_directory_filters(tmp_path):
    """A county-sized list (10,000 rows, a few wrong) imported by `yimi xlsx import`, imported again
    (nothing changes), then the directory exported with the directory's filters and read back by
    LibreOffice."""
    import xlsxwriter

    db = str(tmp_path / "hub.db")
    assert yimi("--db", db, "init", "--name", "县一米团办公室", "--hub").returncode == 0
    started = time.monotonic()
    book = tmp_path / "企业名录.xlsx"
    wb = xlsxwriter.Workbook(str(book), {"constant_memory": True})
    ws = wb.add_worksheet("企业名录")
    ws.write_row(0, 0, ["尉氏县企业名录(10000家)"])
    ws.write_row(1, 0, ["序号", "单位名称", "统一社会信用代码", "所属乡镇", "行业", "是否规上", "联系人", "联系电话"])
    bad = {1234: "code", 5678: "township", 9999: "name"}
    for i in range(10_000):
        code = make_code("9", "1", "410223", f"{i + 20000000:08d}")
        name, town = f"尉氏县{['宏达', '华盛', '中原'][i % 3]}{i:05d}有限公司", TOWNSHIPS[i % len(TOWNSHIPS)]
        if bad.get(i) == "code":
            code = code[:-1] + ("0" if code[-1] != "0" else "1")
        elif bad.get(i) == "township":
            town = "火星镇"
        elif bad.get(i) == "name":
            name = ""
        ws.write_row(i + 2, 0, [i + 1, name, code, town, INDUSTRIES[i % len(INDUSTRIES)], "是" if i % 4 == 0 else "否",
                                "张三", 13800000000 + i])
    wb.close()
    r = yimi("--db", db, "xlsx", "import", "enterprises", str(book), "--json")
    assert r.returncode == 1  # three rows refused, the rest applied
    result = json.loads(r.stdout.splitlines()[-1])
    assert result["new"] == 9_997 and [x["row"] for x in result["refused"]] == [1234 + 3, 5678 + 3, 9999 + 3]
    again = json.loads(yimi("--db", db, "xlsx", "import", "enterprises", str(book), "--json").stdout.splitlines()[-1])
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 9_997)
    assert json.loads(yimi("--db", db, "stats", "--json").stdout)["enterprises"] == 9_997
    print(f"10,000 rows written, imported and imported again in {time.monotonic() - started:.1f} s")  # not asserted
    town, industry = TOWNSHIPS[1], INDUSTRIES[(1 + len(TOWNSHIPS)) % len(INDUSTRIES)]
    out = {}
    for stem, extra in (("town", ["--township", town, "--above-size", "否", "--industry", industry]),
                        ("hzsh", ["--text", "hs 00012"])):
        dest = tmp_path / f"{stem}.xlsx"
        r = yimi("--db", db, "xlsx", "export", "enterprises", "--out", str(dest), *extra)
        assert r.returncode == 0, r.stderr
        out[stem] = dest
    sheets = {stem: rows[1:] for (stem, _), rows in read_back(list(out.values()), tmp_path / "csv").items()}
    expected_town = [i for i in range(10_000) if TOWNSHIPS[i % len(TOWNSHIPS)] == town and i % 4 != 0 and i not in bad
                     and INDUSTRIES[i % len(INDUSTRIES)] == industry]
    assert len(sheets["town"]) == len(expected_town) > 0
    assert all((row[2], row[4], row[5]) == (town, industry, "否") for row in sheets["town"])
    # initials and a part of the name or of the credit code (the directory's search keys)
    assert sorted(row[0] for row in sheets["hzsh"]) == [f"尉氏县华盛{i:05d}有限公司" for i in range(10_000) if i % 3 == 1 and (
        "00012" in f"{i:05d}" or "00012" in make_code("9", "1", "410223", f"{i + 20000000:08d}")) and i not in bad]
