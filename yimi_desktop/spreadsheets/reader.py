"""Reading a list out of a workbook: the header row found by its Chinese words, then the rows.

python-calamine reads the cells the sheet holds, not the size the file claims (WPS writes a wrong
`<dimension>`), and gives numbers, dates and text typed. A file that is not a spreadsheet, is
password-protected or holds no header is refused with one line (`SheetError`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..domain.display import show_path
from ..domain.errors import DomainError, Message
from .cells import Cell, header_key, is_blank

HEADER_SCAN_ROWS = 30  # a header below a title, a date line, a blank row …
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SheetError(DomainError):
    pass


def _refuse(zh: str, en: str) -> SheetError:
    return SheetError(Message(zh, en))


@dataclass(frozen=True)
class Header:
    """Where the header is and which column holds which field (0-based column index)."""

    row: int  # as the spreadsheet shows it (1-based)
    columns: Mapping[str, int]
    ignored: tuple[str, ...]  # headers that name no field (extra columns)
    total_rows: int = 0  # rows below the header, blank ones included (for a progress bar)
    sheet: str = ""  # the worksheet's name


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it (1-based)
    values: Mapping[str, Cell]  # field -> raw cell

    def get(self, name: str) -> Cell:
        return self.values.get(name, "")


def _kind_of(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise _refuse(f"无法读取文件 {show_path(path)}:{exc.strerror}",
                      f"Cannot read {show_path(path)}: {exc.strerror}") from exc
    if head.startswith(_OLE2):
        # an encrypted .xlsx is an OLE2 container holding EncryptionInfo/EncryptedPackage
        with path.open("rb") as fh:
            blob = fh.read(1 << 20)
        if "EncryptedPackage".encode("utf-16-le") in blob or "EncryptionInfo".encode("utf-16-le") in blob:
            return "encrypted"
        return "xls"
    if head.startswith(b"PK"):
        return "zip"
    return "other"


def open_workbook(path: Path):
    """The workbook at `path` (python-calamine) and the names of its visible worksheets, in order."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

    path = Path(path)
    name = show_path(path)
    if not path.is_file():
        raise _refuse(f"找不到文件 {name}。", f"No file {name}.")
    kind = _kind_of(path)
    if kind == "encrypted":
        raise _refuse(f"{name} 设置了打开密码:请在 Excel/WPS 中取消密码(文件→信息→保护工作簿)后另存,再导入。",
                      f"{name} is password-protected: remove the password in Excel/WPS, save, and import again.")
    if kind == "other" or (kind == "zip" and not _is_workbook_zip(path)):
        raise _refuse(f"{name} 不是 Excel 表格(.xlsx):请在 Excel/WPS 中“另存为”Excel 工作簿后再导入。",
                      f"{name} is not an Excel workbook (.xlsx): save it as an Excel workbook and import again.")
    try:
        wb = CalamineWorkbook.from_path(str(path))
        visible = [m.name for m in wb.sheets_metadata if m.visible == SheetVisibleEnum.Visible] or wb.sheet_names
    except PasswordError as exc:
        raise _refuse(f"{name} 设置了密码,无法读取。", f"{name} is password-protected.") from exc
    except (CalamineError, OSError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise _refuse(f"{name} 无法作为表格读取(文件已损坏或不是 Excel 表格):{first}",
                      f"{name} cannot be read as a spreadsheet (damaged or not Excel): {first}") from exc
    if not visible:
        wb.close()
        raise _refuse(f"{name} 里没有工作表。", f"{name} holds no worksheet.")
    return wb, visible


def open_sheet(path: Path):
    """The first visible worksheet of the workbook at `path`, and the workbook (close it after)."""
    wb, visible = open_workbook(path)
    return _sheet(wb, visible[0], path), wb


def _sheet(wb, sheet_name: str, path: Path):
    from python_calamine import CalamineError

    try:
        return wb.get_sheet_by_name(sheet_name)
    except (CalamineError, ValueError) as exc:
        wb.close()
        raise _refuse(f"{show_path(path)} 的工作表“{sheet_name}”无法读取:{exc}",
                      f"The sheet '{sheet_name}' of {show_path(path)} cannot be read: {exc}") from exc


def _is_workbook_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return "xl/workbook.xml" in names or "content.xml" in names  # .xlsx, or .ods (calamine reads both)


def _strip_remark(key: str) -> str:
    return re.sub(r"\([^()]*\)$", "", key)


def match_header(cells: list[Cell], names: Mapping[str, str]) -> tuple[dict[str, int], list[str]]:
    """Which field each header cell names. `names` maps a normalised header (cells.header_key) to its
    field. The first column naming a field wins; a header naming nothing is listed as ignored."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    for col, cell in enumerate(cells):
        if is_blank(cell):
            continue
        key = header_key(cell)
        field = names.get(key) or names.get(_strip_remark(key))
        if field is None:
            ignored.append(str(cell).strip())
        elif field not in found:
            found[field] = col
    return found, ignored


def read_rows(path: Path, names: Mapping[str, str], required: tuple[str, ...],
              what: Message, required_labels: tuple[str, ...] = ()) -> tuple[Header, Iterator[Row]]:
    """The header (the first row among the top `HEADER_SCAN_ROWS` naming every `required` field and
    the most fields) and an iterator over the rows below it, blank rows skipped."""
    wb, visible = open_workbook(path)
    best: tuple[int, int, dict[str, int], list[str]] | None = None
    any_cells = False
    for sheet_name in visible:  # a county's workbook may hold several lists: the first sheet whose header fits
        sheet = _sheet(wb, sheet_name, path)
        start = sheet.start or (0, 0)
        rows = sheet.iter_rows()
        seen: list[tuple[int, list[Cell]]] = []
        for i, cells in enumerate(rows):
            seen.append((i, cells))
            any_cells = any_cells or any(not is_blank(c) for c in cells)
            found, ignored = match_header(cells, names)
            if all(r in found for r in required) and (best is None or len(found) > len(best[2])):
                best = (i, len(found), found, ignored)
            if i + 1 >= HEADER_SCAN_ROWS:
                break
        if best is not None:
            break
    if not any_cells:
        wb.close()
        raise _refuse(f"{show_path(Path(path))} 是空表格,没有可导入的行。", f"{show_path(Path(path))} is empty.")
    if best is None:
        wb.close()
        need = "、".join(required_labels or required)
        raise _refuse(f"{show_path(Path(path))} 中找不到{what.zh}的表头(前{HEADER_SCAN_ROWS}行里没有“{need}”等列名);"
                      "请用模板的列名,或检查是否选错了文件。",
                      f"No {what.en} header in {show_path(Path(path))} (no row in the first {HEADER_SCAN_ROWS} names "
                      f"the columns {need}); use the template's headers or check the file.")
    hi, _, columns, ignored = best
    header = Header(start[0] + hi + 1, columns, tuple(ignored), max(0, sheet.height - hi - 1), sheet_name)

    def data() -> Iterator[Row]:
        try:
            for i, cells in seen[hi + 1:]:
                row = _row(start[0] + i + 1, cells, columns)
                if row is not None:
                    yield row
            for i, cells in enumerate(rows, start=len(seen)):
                row = _row(start[0] + i + 1, cells, columns)
                if row is not None:
                    yield row
        finally:
            wb.close()

    return header, data()


def _row(number: int, cells: list[Cell], columns: Mapping[str, int]) -> Row | None:
    values = {f: (cells[c] if c < len(cells) else "") for f, c in columns.items()}
    if all(is_blank(v) for v in values.values()):
        return None
    return Row(number, values)
