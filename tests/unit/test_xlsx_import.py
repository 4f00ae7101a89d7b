"""Lists from real workbooks: made by LibreOffice from a CSV (as an office makes them), by XlsxWriter,
edited by openpyxl, and a WPS-like file whose dimension lies; the dry run, the refusals with row
numbers and Chinese reasons, one transaction, re-import unchanged, the change log (so it syncs)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from sqlalchemy import func, select, text

from tests.spreadsheet_helpers import csv_to_xlsx_by_libreoffice, read_back, with_wrong_dimension
from yimi_desktop.domain.creditcode import make_code
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.services.imports import Cancelled, Outcome
from yimi_desktop.storage.models import Enterprise, Officer, Policy, TeamMembership

GOOD = [make_code("9", "1", "410223", f"MA{n:06d}") for n in range(1, 12)]


def _enterprise_changes(s) -> int:
    """Changes of enterprise records in the change log (its package form, the change_log view)."""
    return s.connection().exec_driver_sql("SELECT count(*) FROM change_log WHERE entity = 'enterprise'").scalar()


def _bad_check(code: str) -> str:
    return code[:-1] + ("0" if code[-1] != "0" else "1")


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.fixture(scope="module")
def lo_directory(tmp_path_factory) -> Path:
    """The county's 企业名录 as LibreOffice saves a CSV: a title row and a blank row above the
    header, synonyms in another order, an extra column, full-width digits, spaces, a phone as a number,
    an 18-digit code LibreOffice turned into a number, and rows that must be refused."""
    rows = [
        ["尉氏县规上企业名录(2026年6月)"],
        [],
        ["序号", "所属乡镇", "单位名称", "信用代码", "规上企业", "成立日期", "手机", "详细地址"],
        ["1", "城关镇", "尉氏县红门门业有限公司", GOOD[0], "是", "2001-05-01", "13812345678", "建设路1号"],
        ["2", " 洧川镇 ", "  尉氏县宏达塑料管材有限公司  ", _fullwidth(GOOD[1]), "否", "", "", ""],
        ["3", "城关镇", "校验位错误公司", _bad_check(GOOD[2]), "否", "", "", ""],
        ["4", "城关镇", "重复代码公司", GOOD[0], "否", "", "", ""],
        ["5", "城关镇", "", GOOD[3], "否", "", "", ""],
        ["6", "火星镇", "外县企业", GOOD[4], "否", "", "", ""],
        ["7", "城关镇", "纯数字代码公司", "914102230000000001", "否", "", "", ""],
        ["8", "朱曲镇", "尉氏县永兴肉类加工有限公司", GOOD[5], "maybe", "", "", ""],
        ["9", "朱曲镇", "电话错误公司", GOOD[6], "否", "", "123", ""],
        [],
        ["10", "大营镇", "尉氏县大营食用菌合作社", GOOD[7], "规下", "", "0371-27981234", ""],
    ]
    return csv_to_xlsx_by_libreoffice(rows, tmp_path_factory.mktemp("lo") / "企业名录.xlsx")


def test_a_libreoffice_directory_dry_run_names_every_row(services, lo_directory):
    plan = services.imports.plan("enterprises", lo_directory)
    assert plan.header_row == 3
    assert set(plan.ignored_columns) == {"序号", "成立日期"}
    by_row = {r.row: r for r in plan.rows}
    assert [r.row for r in plan.rows] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 14]  # blank row 13 skipped
    assert by_row[4].outcome is Outcome.NEW and by_row[5].outcome is Outcome.NEW
    assert by_row[5].name == "尉氏县宏达塑料管材有限公司" and by_row[5].key == GOOD[1]  # spaces, full-width digits
    assert by_row[14].outcome is Outcome.NEW
    reasons = {r.row: r.reason.zh for r in plan.refused}
    assert "校验位" in reasons[6]
    assert reasons[7] == "统一社会信用代码与第4行重复。"
    assert reasons[8] == "缺少企业名称。"
    assert "火星镇" in reasons[9]
    assert "15位" in reasons[10] and "文本" in reasons[10]  # the code LibreOffice made a number
    assert "maybe" in reasons[11] and "是否规上" in reasons[11]
    assert "电话" in reasons[12]
    assert plan.as_json() == {"new": 3, "updated": 0, "unchanged": 0,
                              "refused": [{"row": r.row, "reason": r.reason.zh} for r in plan.refused]}
    with services.db.session() as s:  # a dry run writes nothing
        assert s.scalar(select(func.count()).select_from(Enterprise)) == 0


def test_apply_writes_the_valid_rows_as_changes_and_a_second_import_changes_nothing(services, lo_directory):
    plan = services.imports.apply("enterprises", lo_directory)
    assert plan.applied and plan.count(Outcome.NEW) == 3
    with services.db.session() as s:
        ents = {e.credit_code: e for e in s.scalars(select(Enterprise))}
        assert set(ents) == {GOOD[0], GOOD[1], GOOD[7]}
        red = ents[GOOD[0]]
        assert (red.name, red.township, red.above_size, red.contact_phone, red.address) == (
            "尉氏县红门门业有限公司", "城关镇", True, "13812345678", "建设路1号")
        assert ents[GOOD[7]].above_size is False and ents[GOOD[1]].township == "洧川镇"
        assert "hmmy" in red.search_text  # the same derived keys as a typed record
        changes = _enterprise_changes(s)
        assert changes > 0
    again = services.imports.apply("enterprises", lo_directory)
    assert again.count(Outcome.UNCHANGED) == 3 and again.count(Outcome.NEW) == 0
    with services.db.session() as s:
        assert _enterprise_changes(s) == changes


def test_an_update_changes_only_what_the_sheet_gives(services, tmp_path):
    first = tmp_path / "a.xlsx"
    _xlsx(first, [["企业名称", "统一社会信用代码", "乡镇", "联系电话", "行业"],
                  ["尉氏县红门门业有限公司", GOOD[0], "城关镇", "13812345678", "门业"]])
    services.imports.apply("enterprises", first)
    second = tmp_path / "b.xlsx"
    _xlsx(second, [["统一社会信用代码", "单位名称", "所属乡镇", "联系电话"],
                   [GOOD[0], "尉氏县红门门业股份有限公司", "城关镇", None]])  # phone left empty, no 行业 column
    plan = services.imports.apply("enterprises", second)
    (row,) = plan.rows
    assert row.outcome is Outcome.UPDATE and row.changed == ("企业名称",)
    with services.db.session() as s:
        e = s.scalar(select(Enterprise))
        assert (e.name, e.contact_phone, e.industry) == ("尉氏县红门门业股份有限公司", "13812345678", "门业")


def test_a_wps_file_whose_dimension_lies_is_read_whole(services, tmp_path):
    """Also: a merged title row above the header, numbers stored as text (规上 as "1", a phone in
    full-width digits), the header starting in column B."""
    src = tmp_path / "src.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("名录")
    ws.merge_range(0, 1, 1, 5, "尉氏县规上工业企业名录")
    ws.write_row(2, 1, ["企业名称", "统一社会信用代码", "所属乡镇", "是否规上", "联系电话"])
    for i in range(8):
        ws.write_row(3 + i, 1, [f"尉氏县测试{i}有限公司", GOOD[i], "城关镇", "1" if i % 2 else "0",
                                _fullwidth(f"1381234567{i}")])
    wb.close()
    wps = with_wrong_dimension(src, tmp_path / "wps.xlsx", "A1")
    with zipfile.ZipFile(wps) as z:
        assert b'<dimension ref="A1"/>' in z.read("xl/worksheets/sheet1.xml")
    plan = services.imports.apply("enterprises", wps)
    assert plan.count(Outcome.NEW) == 8 and plan.header_row == 3 and [r.row for r in plan.rows] == list(range(4, 12))
    with services.db.session() as s:
        e = s.scalar(select(Enterprise).where(Enterprise.credit_code == GOOD[1]))
        assert (e.above_size, e.contact_phone) == (True, "13812345671")


def test_more_rows_than_a_chunk_and_a_file_edited_by_openpyxl(services, tmp_path):
    src = tmp_path / "big.xlsx"
    codes = [make_code("9", "1", "410223", f"{n:08d}") for n in range(1, 1202)]
    _xlsx(src, [["企业名称", "统一社会信用代码", "所属乡镇"]] + [[f"企业{i}", c, "城关镇"] for i, c in enumerate(codes)])
    assert services.imports.apply("enterprises", src).count(Outcome.NEW) == 1201
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    ws["A700"] = "企业698(改名)"
    ws.cell(row=1300, column=1, value="新企业")
    ws.cell(row=1300, column=2, value=make_code("9", "1", "410223", "99999999"))
    ws.cell(row=1300, column=3, value="城关镇")
    wb.save(src)
    plan = services.imports.apply("enterprises", src)
    assert (plan.count(Outcome.UPDATE), plan.count(Outcome.NEW), plan.count(Outcome.UNCHANGED)) == (1, 1, 1200)
    assert [r.row for r in plan.rows if r.outcome is Outcome.UPDATE] == [700]
    assert [r.row for r in plan.rows if r.outcome is Outcome.NEW] == [1300]


def test_officers_with_their_team_and_policies(services, tmp_path):
    officers = tmp_path / "团员.xlsx"
    _xlsx(officers, [["团员名单"], ["姓名", "工作单位", "职务", "手机号码", "所属团队", "团内职务"],
                     ["王建国", "县金融工作局", "副局长", 13912345678, "金融专业一米团", "团长"],
                     ["李红", "县金融工作局", "科员", None, "金融专业一米团", None],
                     ["赵六", "县人社局", "", None, "不存在的团", None],
                     ["", "县人社局", "", None, "", None],
                     ["李红", "县金融工作局", "", None, "", None]])
    plan = services.imports.apply("officers", officers)
    assert [(r.row, r.outcome) for r in plan.rows] == [(3, Outcome.NEW), (4, Outcome.NEW), (5, Outcome.REFUSED),
                                                       (6, Outcome.REFUSED), (7, Outcome.REFUSED)]
    assert "不存在的团" in plan.rows[2].reason.zh and plan.rows[3].reason.zh == "缺少姓名。"
    assert "第4行" in plan.rows[4].reason.zh
    with services.db.session() as s:
        wang = s.scalar(select(Officer).where(Officer.name == "王建国"))
        assert wang.phone == "13912345678"
        (m,) = s.scalars(select(TeamMembership).where(TeamMembership.officer_id == wang.id))
        assert m.role == "leader"
    assert services.imports.apply("officers", officers).count(Outcome.UNCHANGED) == 2
    assert "王建国" in [m.name for m in services.teams.get(m.team_id).members]

    policies = tmp_path / "政策.xlsx"
    wb = xlsxwriter.Workbook(str(policies))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["文号", "政策名称", "层级", "政策类别", "政策解读", "生效日期", "截止日期"])
    ws.write_row(1, 0, ["豫政〔2026〕1号", "稳岗扩岗若干措施", "省", "稳岗就业", "企业新招用员工给予补贴。"])
    ws.write_datetime(1, 5, __import__("datetime").datetime(2026, 1, 1), wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_string(1, 6, "2026年12月31日")
    ws.write_row(2, 0, ["", "没有解读的政策", "县级", "金融信贷", ""])
    ws.write_row(3, 0, ["汴政〔2026〕3号", "类别写错的政策", "市级", "发钱", "说明"])
    wb.close()
    plan = services.imports.apply("policies", policies)
    assert [r.outcome for r in plan.rows] == [Outcome.NEW, Outcome.REFUSED, Outcome.REFUSED]
    assert "通俗解读" in plan.rows[1].reason.zh and "发钱" in plan.rows[2].reason.zh
    with services.db.session() as s:
        p = s.scalar(select(Policy))
        assert (p.issuer_level, p.category, p.valid_from, p.valid_to) == ("province", "employment", date(2026, 1, 1),
                                                                          date(2026, 12, 31))


@pytest.mark.parametrize("what", ["text", "encrypted", "empty", "header_only", "no_header", "missing"])
def test_a_file_that_cannot_be_read_is_one_line_and_changes_nothing(services, tmp_path, what):
    path = tmp_path / "x.xlsx"
    if what == "text":
        path.write_text("名称,代码\n红门,123\n", encoding="utf-8")
    elif what == "encrypted":  # a workbook with an open password, encrypted as Excel does (ECMA-376 agile)
        from msoffcrypto.format.ooxml import OOXMLFile

        plain = _xlsx(tmp_path / "plain.xlsx", [["企业名称", "统一社会信用代码", "所属乡镇"], ["红门", GOOD[0], "城关镇"]])
        with plain.open("rb") as src, path.open("wb") as out:
            OOXMLFile(src).encrypt("secret", out)
    elif what == "empty":
        _xlsx(path, [])
    elif what == "header_only":
        _xlsx(path, [["企业名称", "统一社会信用代码", "所属乡镇"]])
    elif what == "no_header":
        _xlsx(path, [["随便", "什么"], ["a", "b"]])
    with pytest.raises(DomainError) as exc:
        services.imports.apply("enterprises", path)
    message = exc.value.text("zh")
    assert "\n" not in message and "x.xlsx" in message
    assert {"text": "不是 Excel", "encrypted": "密码", "empty": "空", "header_only": "没有数据行",
            "no_header": "表头", "missing": "找不到文件"}[what] in message
    with services.db.session() as s:
        assert _enterprise_changes(s) == 0


def test_a_cancelled_import_writes_nothing(services, tmp_path):
    src = tmp_path / "big.xlsx"
    codes = [make_code("9", "1", "410223", f"{n:08d}") for n in range(1, 702)]
    _xlsx(src, [["企业名称", "统一社会信用代码", "所属乡镇"]] + [[f"企业{i}", c, "城关镇"] for i, c in enumerate(codes)])
    seen = []
    with pytest.raises(Cancelled):
        services.imports.apply("enterprises", src, progress=lambda done, total: seen.append((done, total)),
                               cancelled=lambda: bool(seen))
    assert seen == [(500, 701)]
    with services.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Enterprise)) == 0
        # the search triggers the import had suspended came back with the rollback
        triggers = s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'enterprise' "
                                  "AND name LIKE 'search_enterprise%' ORDER BY name")).all()
        assert triggers == ["search_enterprise_delete", "search_enterprise_insert", "search_enterprise_update"]
        # and so did the digest triggers the set-based writer had suspended
        assert s.scalar(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                             "AND name LIKE 'sync_digest_enterprise_%'")) == 3
    services.enterprises.add(EnterpriseForm("尉氏县红门门业有限公司", codes[0], "城关镇"))  # typed: found through them
    assert len(services.enterprises.ids(EnterpriseQuery(text="红门门业"))) == 1


def test_templates_have_drop_downs_an_example_and_notes_and_libreoffice_reads_them(services, tmp_path):
    paths = [services.imports.template(k, tmp_path / f"模板-{k}.xlsx") for k in ("enterprises", "officers", "policies")]
    for p in paths:
        with zipfile.ZipFile(p) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert sheet.count("<dataValidation ") >= 2, p
    sheets = read_back(paths, tmp_path / "csv")
    ent = sheets[("模板-enterprises", "企业名录")]
    assert ent[0][:3] == ["企业名称*", "统一社会信用代码*", "所属乡镇*"]
    assert ent[1][0] == "尉氏县示例食品有限公司"
    assert "城关镇" in [r[2] for r in sheets[("模板-enterprises", "选项")]]
    assert any("校验位" in "".join(r) for r in sheets[("模板-enterprises", "填写说明")])
    assert "金融专业一米团" in [r[4] for r in sheets[("模板-officers", "选项")] if len(r) > 4]
    # the template as it is (only its example row) is refused as empty; filled in, it imports
    with pytest.raises(DomainError, match="没有数据行"):
        services.imports.plan("officers", paths[1])
    wb = openpyxl.load_workbook(paths[1])
    wb.active.append(["周八", "县科技局", "", "", "科技工信专业一米团", "成员"])
    wb.save(paths[1])
    assert services.imports.apply("officers", paths[1]).as_json() == {"new": 1, "updated": 0, "unchanged": 0,
                                                                      "refused": []}


def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v is not None:
                ws.write(i, j, v)
    wb.close()
    return path


def _matches(db, term: str) -> set[str]:
    """Credit codes of the enterprises the search index finds for `term`."""
    from sqlalchemy import text

    from yimi_desktop.storage.search import rowids_sql

    sql, params = rowids_sql("enterprise", term, "q")
    with db.session() as s:
        return set(s.scalars(text(f"SELECT credit_code FROM enterprise WHERE rowid IN ({sql})"), params))


def test_the_bulk_index_ends_as_the_per_row_triggers_would_have_left_it(tmp_path):
    """An import suspends the search triggers and indexes the touched rows at the end: the index answers
    every search as an import through the triggers does, and FTS5's integrity-check passes."""
    from sqlalchemy import text

    from yimi_desktop.domain.forms import EnterpriseForm
    from yimi_desktop.domain.vocabulary import DeviceRole
    from yimi_desktop.services.context import init_services
    from yimi_desktop.services.imports import ImportService
    from yimi_desktop.storage.search import integrity_check

    codes = [make_code("9", "1", "410223", f"{n:08d}") for n in range(1, 1302)]
    brands = ["红门门业", "宏达塑料", "银行支行", "重庆火锅", "长安汽配", "豫丰面粉", "金穗农业", "瑞祥建材"]
    first = _xlsx(tmp_path / "first.xlsx", [["企业名称", "统一社会信用代码", "所属乡镇", "联系人"]] + [
        [f"尉氏县{brands[i % 8]}{i}有限公司", c, "城关镇", "张三" if i % 3 else "李四"] for i, c in enumerate(codes[:1200])])
    # the second file renames some (their old text must leave the index), adds some, leaves the rest
    second = _xlsx(tmp_path / "second.xlsx", [["企业名称", "统一社会信用代码", "所属乡镇", "联系人"]] + [
        [f"开封{brands[(i + 3) % 8]}{i}厂" if i % 5 == 0 else f"尉氏县{brands[i % 8]}{i}有限公司", c, "城关镇",
         "王五" if i % 7 == 0 else ("张三" if i % 3 else "李四")] for i, c in enumerate(codes)])
    dbs = {}
    for bulk in (True, False):
        svc = init_services(tmp_path / f"bulk-{bulk}.db", "测试笔记本", DeviceRole.LAPTOP)
        svc.imports.bulk_index = bulk
        svc.enterprises.add(EnterpriseForm("尉氏县红门门业1有限公司", codes[1], "城关镇", contact_person="赵六"))  # typed first
        plans = [svc.imports.apply("enterprises", f) for f in (first, second)]
        assert [(p.count(Outcome.NEW), p.count(Outcome.UPDATE)) for p in plans] == [(1199, 1), (101, 377)]  # renamed or new contact
        dbs[bulk] = svc
    with dbs[True].db.session() as s:
        assert s.scalar(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_enterprise%'")) == 3
    terms = ["红门", "hm", "门业", "尉氏县", "yushixian", "开封", "kf", "支行", "zhongqing", "cq", "长安汽配", "有限公司",
             "张三", "zs", "王五", "ww", "赵六", "厂", "91410223", "0000012", "1有限", "宏达塑料1", "ysx"]
    try:
        for term in terms:
            if len(term) < 2 or (len(term) == 2 and not term.isalnum()):
                continue
            got, want = _matches(dbs[True].db, term), _matches(dbs[False].db, term)
            assert got == want, term
        assert _matches(dbs[True].db, "开封") and not _matches(dbs[True].db, "尉氏县红门门业5有限")  # renamed away
        for svc in dbs.values():
            with svc.db.session() as s:
                integrity_check(s.connection(), "enterprise")
                like = set(s.scalars(text("SELECT credit_code FROM enterprise WHERE search_text LIKE '%zhongqing%'")))
            assert like == _matches(svc.db, "zhongqing")
        # and the change log is the same either way (the index is local: it does not change what syncs)
        logs = []
        for svc in dbs.values():
            with svc.db.session() as s:
                logs.append(s.execute(text("SELECT entity, field, count(*) FROM change_log GROUP BY entity, field "
                                           "ORDER BY entity, field")).all())
        assert logs[0] == logs[1]
    finally:
        for svc in dbs.values():
            svc.close()
    assert ImportService.bulk_index is True


def _import_outcome(svc) -> tuple[list, list, list, list]:
    """What an import left, without what differs between two databases by nature (record ids, the device
    id, clock readings): the enterprise rows by credit code; the change log's changes since the set-up,
    each with its record's code, its clock as a rank, its base as (rank, own device or not); the order of the
    new records' changes; and each clock tick's sequence numbers."""
    from yimi_desktop.storage.digest_sql import installed

    with svc.db.session() as s:
        dev = svc.device.device_id
        cols = [c.name for c in Enterprise.__table__.columns if c.name not in ("id", "created_at", "updated_at")]
        rows = [tuple("DEV" if v == dev else v for v in r) for r in s.execute(text(
            f"SELECT {', '.join(cols)} FROM enterprise ORDER BY credit_code, name"))]
        code = dict(s.execute(text("SELECT id, credit_code FROM enterprise")).all())
        log = s.execute(text("SELECT seq, hlc, field, record_id, value, base FROM change_log WHERE entity = 'enterprise' "
                             "AND device_id = :d ORDER BY seq"), {"d": dev}).all()
        assert installed(s.connection().connection.driver_connection)["enterprise"]["ai"][0] == "id"
    ranks = {h: i for i, h in enumerate(sorted({h for _, h, *_ in log}))}
    seq0 = log[0][0]

    def value(field, v):
        if field == "created_at":
            return "<time>" if v and date.fromisoformat(v.strip('"')[:10]) else v
        return '"DEV"' if v == f'"{dev}"' else v

    def base(b):
        if not b:
            return ""
        h, d = b.split("@")
        return (ranks.get(h, "before"), d == dev)

    changes = sorted((ranks[h], code[r], f, value(f, v), base(b)) for _, h, f, r, v, b in log)
    new_order = [(code[r], f) for _, _, f, r, _, b in log if not b]
    ticks = sorted((ranks[h], min(q), max(q), len(q)) for h, q in
                   {h: [q - seq0 for q, hh, *_ in log if hh == h] for h in ranks}.items())
    return rows, changes, new_order, ticks


def test_the_set_based_import_leaves_what_the_orm_import_leaves(tmp_path):
    """The import writes new and updated enterprises set-based (services/imports._write_enterprises), not
    through the ORM: the database, the change log (the same changes, fields, values, bases, one clock tick per
    chunk, the same order) and the digest end as an import through the ORM and its change capture leaves them."""
    from yimi_desktop.domain.vocabulary import DeviceRole
    from yimi_desktop.services.context import init_services

    codes = [make_code("9", "1", "410223", f"{n:08d}") for n in range(1, 1302)]
    first = _xlsx(tmp_path / "first.xlsx", [["企业名称", "统一社会信用代码", "所属乡镇", "联系人", "是否规上", "联系电话", "备注"]] + [
        [f"尉氏县红门门业{i}有限公司", c, "城关镇" if i % 3 else "洧川镇", "张三", "是" if i % 4 == 0 else "否",
         f"138{i:08d}" if i % 2 else None, "老客户" if i % 9 == 0 else None] for i, c in enumerate(codes[:1200])]
        + [["缺代码有限公司", None, "城关镇", None, None, None, None]])
    second = _xlsx(tmp_path / "second.xlsx", [["企业名称", "统一社会信用代码", "所属乡镇", "联系人", "是否规上"]] + [
        [f"开封宏达{i}厂" if i % 5 == 0 else f"尉氏县红门门业{i}有限公司", c, "城关镇" if i % 3 else "洧川镇",
         "王五" if i % 7 == 0 else "张三", "是" if i % 4 == 0 or i % 11 == 0 else "否"] for i, c in enumerate(codes)])
    outcomes = {}
    for fast in (True, False):
        svc = init_services(tmp_path / f"fast-{fast}.db", "测试笔记本", DeviceRole.LAPTOP)
        try:
            svc.imports.fast = fast
            svc.enterprises.add(EnterpriseForm("尉氏县红门门业1有限公司", codes[1], "城关镇", contact_person="赵六"))
            plans = [svc.imports.apply("enterprises", f).as_json() for f in (first, second)]
            assert [(p["new"], p["updated"], len(p["refused"])) for p in plans] == [(1199, 1, 1), (101, 434, 0)]
            again = svc.imports.apply("enterprises", second).as_json()
            assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 1301)  # nothing left to write
            assert svc.sync.digest() == svc.sync.full_digest()  # the maintained digest is exact
            outcomes[fast] = _import_outcome(svc)
            with svc.db.session() as s:
                assert s.scalar(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                     "AND name LIKE 'sync_digest_enterprise_%'")) == 3
        finally:
            svc.close()
    fast, orm = outcomes[True], outcomes[False]
    assert len(fast[0]) == 1301 and fast[0] == orm[0]  # the rows
    assert len(fast[1]) > 1301 * 14 and fast[1] == orm[1]  # the changes (14 a new enterprise: its NULL voided_at is not logged)
    assert fast[2] == orm[2]  # the new records' changes in the same order
    assert fast[3] == orm[3] and len(fast[3]) == 1 + 3 + 3  # typed; three chunks a file; the re-import ticks nothing
    assert ImportService_fast_is_default()


def ImportService_fast_is_default() -> bool:
    from yimi_desktop.services.imports import ImportService

    return ImportService.fast is True
