"""Writing workbooks: XlsxWriter in constant-memory mode (each row goes to disk as it is written, so
100,000 rows take the memory of one), values not formulas, dates as real dates, a frozen header
with an autofilter, column widths that fit Chinese, A4 landscape with the header repeated on every
printed page. The file appears under its name only when complete (temp name, fsync, rename).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..domain.display import show_path
from ..domain.errors import DomainError, Message

MAX_WIDTH = 60
MIN_WIDTH = 6


def display_width(value: Any) -> int:
    """Columns a value needs: a Chinese (wide) character counts two, others one. Counted from the
    UTF-8 length (a CJK character or full-width sign is three bytes, ASCII one), which runs in C:
    the width of every cell of 100,000 rows is measured while they stream."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = value if isinstance(value, str) else str(value)
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    n = len(text)
    return n + (len(text.encode("utf-8")) - n) // 2


def exact_width(text: str) -> int:
    """The width by East Asian Width (W and F count two): what `display_width` approximates."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@contextmanager
def atomic_workbook(dest: Path, *, constant_memory: bool = True) -> Iterator[Workbook]:
    """A workbook written to `dest` only when the block ends without error (temp name, fsync,
    rename); on any error no file is left, and an existing `dest` is untouched."""
    dest = Path(dest)
    if dest.is_dir():
        raise DomainError(Message(f"{show_path(dest)} 是文件夹,请给出文件名。", f"{show_path(dest)} is a folder; give a file name."))
    if not dest.parent.is_dir():
        raise DomainError(Message(f"文件夹不存在:{show_path(dest.parent)}", f"No such folder: {show_path(dest.parent)}"))
    part = dest.with_name(f".{dest.name}.part")
    wb = xlsxwriter.Workbook(str(part), {"constant_memory": constant_memory, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False,
                                         "default_date_format": "yyyy-mm-dd", "remove_timezone": True})
    try:
        yield wb
        wb.close()
        with part.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, dest)
    except BaseException:
        try:
            wb.close()
        except Exception:
            pass
        part.unlink(missing_ok=True)
        raise


@dataclass
class Formats:
    header: Any
    title: Any
    text: Any
    wrap: Any
    date: Any
    number: Any
    money: Any
    red: Any


def formats(wb: Workbook) -> Formats:
    font = {"font_name": "宋体", "font_size": 10, "valign": "top"}
    return Formats(
        header=wb.add_format({**font, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                              "align": "center", "valign": "vcenter"}),
        title=wb.add_format({**font, "bold": True, "font_size": 14}),
        text=wb.add_format({**font, "num_format": "@"}),
        wrap=wb.add_format({**font, "text_wrap": True}),
        date=wb.add_format({**font, "num_format": "yyyy-mm-dd", "align": "left"}),
        number=wb.add_format({**font, "num_format": "0"}),
        money=wb.add_format({**font, "num_format": "#,##0.00"}),
        red=wb.add_format({**font, "num_format": "0", "font_color": "#C00000"}),
    )


class TableSheet:
    """One list on one sheet: a header row, then rows written in order (streamed), each value with
    the format of its column. `close` sets the widths measured while writing, the autofilter, the
    frozen header and the print set-up."""

    def __init__(self, wb: Workbook, name: str, headers: Sequence[str], kinds: Sequence[str],
                 fmt: Formats | None = None, title: str | None = None, wrap_width: int = 40):
        self.ws: Worksheet = wb.add_worksheet(name)
        self.fmt = fmt or formats(wb)
        self.headers = list(headers)
        self.kinds = list(kinds)  # text / wrap / date / number / money / int
        self.widths = [max(MIN_WIDTH, display_width(h) + 2) for h in headers]
        self.wrap_width = wrap_width
        self._formats: list[Any] | None = None
        self.row = 0
        if title:
            self.ws.write_string(0, 0, title, self.fmt.title)
            self.row = 2
        self.header_row = self.row
        for col, h in enumerate(self.headers):
            self.ws.write_string(self.row, col, h, self.fmt.header)
        self.row += 1

    def _format(self, kind: str):
        return {"text": self.fmt.text, "wrap": self.fmt.wrap, "date": self.fmt.date, "number": self.fmt.number,
                "money": self.fmt.money, "int": self.fmt.number, "red": self.fmt.red}[kind]

    def write(self, values: Sequence[Any], overdue_col: int | None = None) -> None:
        r = self.row
        ws, fmt, widths = self.ws, self.fmt, self.widths
        if self._formats is None:
            self._formats = [self._format(k) for k in self.kinds]
        for col, v in enumerate(values):
            if v is None or v == "":
                continue
            if isinstance(v, str):
                ws.write_string(r, col, v, self._formats[col])
            elif isinstance(v, bool):
                ws.write_string(r, col, "是" if v else "否", fmt.text)
            elif isinstance(v, datetime):
                ws.write_datetime(r, col, v, fmt.date)
            elif isinstance(v, date):
                ws.write_datetime(r, col, datetime(v.year, v.month, v.day), fmt.date)
            elif isinstance(v, int | float):
                ws.write_number(r, col, v, fmt.red if col == overdue_col else self._formats[col])
            else:
                ws.write_string(r, col, str(v), self._formats[col])
            w = display_width(v) + 2
            if w > widths[col]:
                widths[col] = w
        self.row += 1

    def close(self, landscape: bool = True) -> None:
        for col, w in enumerate(self.widths):
            limit = self.wrap_width if self.kinds[col] == "wrap" else MAX_WIDTH
            self.ws.set_column(col, col, min(w, limit))
        last = max(self.row - 1, self.header_row)
        self.ws.autofilter(self.header_row, 0, last, len(self.headers) - 1)
        self.ws.freeze_panes(self.header_row + 1, 0)
        self.ws.set_paper(9)  # A4
        if landscape:
            self.ws.set_landscape()
        self.ws.repeat_rows(self.header_row)
        self.ws.fit_to_pages(1, 0)  # all columns on the width of the page, as many pages down as needed
        self.ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        self.ws.set_footer("&C第 &P 页,共 &N 页")
