"""Helpers for the spreadsheet tests: LibreOffice headless as an office would use it, and a WPS-like
workbook whose <dimension> lies about the sheet's size."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'  # UTF-8, every sheet


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def convert(files: list[Path], target: str, outdir: Path, infilter: str | None = None) -> None:
    """One soffice run converting every file (each run costs seconds), with its own profile so parallel
    runs do not fight over the user's."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    extra = [f"--infilter={infilter}"] if infilter else []
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{profile}", *extra, "--convert-to", target,
                    "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=120)


def csv_to_xlsx_by_libreoffice(rows: list[list[str]], dest: Path) -> Path:
    """A workbook made the way an office makes one: a CSV opened and saved as .xlsx by LibreOffice
    (which turns digit-only cells into numbers, as Excel does)."""
    src = dest.with_suffix(".csv")
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    convert([src], "xlsx:Calc MS Excel 2007 XML", dest.parent / "lo-out", infilter="CSV:44,34,76,1")
    made = dest.parent / "lo-out" / (src.stem + ".xlsx")
    made.replace(dest)
    return dest


def sheet_names(workbook: Path) -> list[str]:
    """The sheet names of an .xlsx, in order, from its xl/workbook.xml."""
    import html
    with zipfile.ZipFile(workbook) as z:
        xml = z.read("xl/workbook.xml").decode("utf-8")
    return [html.unescape(n) for n in re.findall(r'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"', xml)]


def read_back(workbooks: list[Path], outdir: Path) -> dict[tuple[str, str], list[list[str]]]:
    """Every sheet of every workbook as LibreOffice reads it: {(file stem, sheet name): rows}.

    LibreOffice writes each sheet as "<stem>-<sheet>.csv", so the files are matched by the sheet names the
    workbook itself lists (a glob on the stem would mix up "台账" with "台账-2")."""
    convert(workbooks, CSV_FILTER, outdir)
    out: dict[tuple[str, str], list[list[str]]] = {}
    for wb in workbooks:
        names = sheet_names(wb)
        for sheet in names:
            f = outdir / f"{wb.stem}-{sheet}.csv"
            if not f.exists() and len(names) == 1:
                f = outdir / f"{wb.stem}.csv"
            with f.open(encoding="utf-8", newline="") as fh:
                out[(wb.stem, sheet)] = list(csv.reader(fh))
    return out


def with_wrong_dimension(src: Path, dest: Path, ref: str = "A1") -> Path:
    """A copy whose sheets claim the size `ref`, as WPS files often do."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, n = re.subn(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data)
                if n == 0:
                    data = data.replace(b"<sheetData", f'<dimension ref="{ref}"/><sheetData'.encode(), 1)
            zout.writestr(item, data)
    return dest
