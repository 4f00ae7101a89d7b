"""Templates for the lists a county fills in: the header, drop-downs where the value is one of a
list (乡镇, 行业, 是否规上, 团队, 发文层级, 政策类别), an example row and a sheet of notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from .lists import SPECS, ListKind
from .writer import atomic_workbook, formats

TEMPLATE_ROWS = 2000  # rows the drop-downs cover

EXAMPLES: dict[ListKind, dict[str, str]] = {
    ListKind.ENTERPRISES: {"name": "尉氏县示例食品有限公司", "credit_code": "91410223MA00000000(示例,请替换)",
                           "township": "城关镇", "address": "尉氏县城关镇示例路1号", "industry": "食品加工",
                           "above_size": "是", "contact_person": "张三", "contact_phone": "13800000000",
                           "notes": "示例行,导入前请删除"},
    ListKind.OFFICERS: {"name": "李四", "department": "县工业和信息化局", "title": "科员", "phone": "13900000000",
                        "team": "科技工信专业一米团", "role": "成员"},
    ListKind.POLICIES: {"title": "关于支持企业稳岗扩岗的若干措施(示例)", "issuer_level": "省级", "issuer": "河南省人民政府",
                        "document_number": "豫政〔2026〕1号", "category": "稳岗就业",
                        "summary": "用通俗的话写清楚:谁能享受、享受什么、怎么申请。", "valid_from": "2026-01-01",
                        "valid_to": "2026-12-31"},
}

NOTES: dict[ListKind, tuple[str, ...]] = {
    ListKind.ENTERPRISES: (
        "一行一家企业;带 * 的列必填。列的顺序可以调换,多余的列导入时忽略;表头上方可以有标题行。",
        "统一社会信用代码为18位,最后一位是校验位;请把这一列设为“文本”格式,否则 Excel 会把纯数字代码截成15位。",
        "信用代码已在系统中的企业按本表更新;本表留空的单元格不会清空系统中已有的内容。",
        "所属乡镇须是本县的乡镇(下拉选择);是否规上填“是”或“否”。",
        "导入前先做“试导入”:每一行会标明新增、更新、无变化或拒绝(附行号和原因),确认后才写入。",
    ),
    ListKind.OFFICERS: (
        "一行一名团员;带 * 的列必填。同一人(姓名和所在单位相同)再次导入时按本表更新。",
        "团队须是系统中已有的一米团(下拉选择);角色填“团长”或“成员”,留空为成员。",
        "导入前先做“试导入”,确认后才写入。",
    ),
    ListKind.POLICIES: (
        "一行一项政策;带 * 的列必填,通俗解读也须填写。有文号的按文号匹配,没有文号的按政策名称匹配。",
        "发文层级和政策类别请下拉选择;日期写成 2026-01-31 或设为日期格式。",
        "导入前先做“试导入”,确认后才写入。",
    ),
}


def write_template(kind: ListKind | str, dest: Path, choices: Mapping[str, Sequence[str]]) -> Path:
    """The template of `kind` at `dest`; `choices` maps a field to its drop-down values."""
    kind = ListKind(kind)
    spec = SPECS[kind]
    dest = Path(dest)
    with atomic_workbook(dest, constant_memory=False) as wb:
        fmt = formats(wb)
        ws = wb.add_worksheet(spec.sheet_title)
        lists = wb.add_worksheet("选项")  # long drop-down lists live here (a list typed in the rule is limited to 255 characters)
        for col, c in enumerate(spec.columns):
            head = c.label.zh + ("*" if c.starred else "")
            ws.write_string(0, col, head, fmt.header)
            ws.set_column(col, col, c.width, fmt.text if c.field not in ("valid_from", "valid_to") else fmt.date)
            values = list(choices.get(c.field, ()))
            if values:
                lists.write_string(0, col, c.label.zh, fmt.header)
                for i, v in enumerate(values, start=1):
                    lists.write_string(i, col, v)
                letter = _col_letter(col)
                ws.data_validation(1, col, TEMPLATE_ROWS, col, {
                    "validate": "list", "source": f"='选项'!${letter}$2:${letter}${len(values) + 1}",
                    "error_title": "不在可选项中", "error_message": f"请从下拉列表中选择{c.label.zh}。",
                    "error_type": "warning" if c.field == "industry" else "stop"})
            example = EXAMPLES[kind].get(c.field, "")
            if example:
                ws.write_string(1, col, example, fmt.text)
        ws.freeze_panes(1, 0)
        lists.hide()
        notes = wb.add_worksheet("填写说明")
        notes.set_column(0, 0, 100, fmt.wrap)
        notes.write_string(0, 0, f"{spec.what.zh}导入模板 · 填写说明", fmt.title)
        for i, line in enumerate(NOTES[kind], start=2):
            notes.write_string(i, 0, f"{i - 1}. {line}", fmt.wrap)
        ws.activate()
    return dest


def _col_letter(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out
