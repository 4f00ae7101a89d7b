"""One spreadsheet cell into the value a form wants, or a reason in Chinese and English why not.

Cells arrive as python-calamine gives them: str, float (every number, integers too), bool, date,
datetime, time, or "" for an empty cell. Offices type codes, phones and dates in many ways:
full-width digits (１２３), spaces, 2026/1/31, 2026年1月31日, numbers where text was meant.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from ..domain.errors import Message

Cell = object


class CellProblem(Exception):
    def __init__(self, message: Message):
        super().__init__(message.zh)
        self.message = message


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(" \t\r\n\u3000"))


def _number_text(value: float) -> str:
    if value == int(value) and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def text(value: Cell) -> str:
    """Free text (a name, an address): stripped of spaces at both ends (ideographic ones too),
    inner line breaks and runs of spaces kept as one space. Full-width punctuation is kept as typed:
    （有限公司） is how the name is registered."""
    if type(value) is str:  # most cells: the checks below are for the other kinds
        return _SPACE_RUNS.sub(" ", value.replace("\r\n", "\n").strip(" \t\r\n\u3000"))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float | int):
        return _number_text(float(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).replace("\r\n", "\n").strip(" \t\r\n\u3000")
    return _SPACE_RUNS.sub(" ", s)


_SPACE_RUNS = re.compile(r"[ \u3000\t]+")


def code(value: Cell, *, digits_lost_from: int = 16) -> str:
    """A code typed into a cell (credit code, phone): full-width characters made ASCII (NFKC),
    spaces and dashes kept for the form's own normalisation. A number of `digits_lost_from` digits
    or more has lost its last digits to Excel (15 significant digits): refused, not guessed."""
    if isinstance(value, bool):
        raise CellProblem(Message("这里应填代码,不是“是/否”。", "A code is expected here, not yes/no."))
    if isinstance(value, float | int):
        v = float(value)
        if v != int(v):
            raise CellProblem(Message("这里应填代码,不是小数。", "A code is expected here, not a decimal number."))
        digits = len(str(abs(int(v))))
        if digits >= digits_lost_from:
            raise CellProblem(Message(
                f"该单元格存成了数字({digits}位),Excel 只保留15位有效数字,末几位已丢失;"
                "请把这一列设为“文本”格式后重新填写代码。",
                f"The cell holds a number ({digits} digits); Excel keeps 15 significant digits, so the last ones are "
                "lost. Format the column as text and type the code again."))
        return str(int(v))
    return unicodedata.normalize("NFKC", text(value)).strip()


_YES = {"是", "y", "yes", "true", "1", "√", "✓", "规上", "规上企业", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "x", "规下", "无", "不是", "非规上"}


def yes_no(value: Cell) -> bool | None:
    """是/否 and the ways offices write it; None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        if float(value) in (0.0, 1.0):
            return bool(value)
    else:
        t = unicodedata.normalize("NFKC", text(value)).strip().lower()
        if t in _YES:
            return True
        if t in _NO:
            return False
    raise CellProblem(Message(f"“{text(value)}”不是“是”或“否”。", f"'{text(value)}' is not yes (是) or no (否)."))


_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def day(value: Cell) -> date | None:
    """A date: a date cell, an Excel serial number, or text such as 2026-01-31, 2026/1/31,
    2026.1.31, 2026年1月31日, 20260131. None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        v = float(value)
        if 20000 <= v <= 80000:  # 1954 .. 2119 as Excel counts days
            return _EXCEL_EPOCH + timedelta(days=int(v))
        if 19000101 <= v <= 21001231 and v == int(v):
            value = str(int(v))
        else:
            raise CellProblem(Message(f"“{text(value)}”不是日期。", f"'{text(value)}' is not a date."))
    t = unicodedata.normalize("NFKC", text(value)).strip()
    m = _DATE_TEXT.match(t) or _DATE_COMPACT.match(t)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CellProblem(Message(f"“{t}”不是日期(应写成 2026-01-31)。", f"'{t}' is not a date (write 2026-01-31)."))


def amount(value: Cell) -> float | None:
    """A sum of money (万元 or 元 as the sheet says); None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem(Message("这里应填金额。", "An amount is expected here."))
    if isinstance(value, float | int):
        return float(value)
    t = unicodedata.normalize("NFKC", text(value)).replace(",", "").replace("元", "").strip()
    try:
        return float(t)
    except ValueError:
        raise CellProblem(Message(f"“{text(value)}”不是金额。", f"'{text(value)}' is not an amount.")) from None


def header_key(value: Cell) -> str:
    """A header cell as it is matched: full-width made ASCII, spaces, '*' and a trailing remark in
    brackets (企业名称(必填)) dropped."""
    t = unicodedata.normalize("NFKC", text(value))
    t = re.sub(r"\s+", "", t).replace("*", "").replace("※", "")
    return t
