"""What every report shares: the embedded CJK font, paragraph styles that wrap Chinese, "第 x 页 共 y 页"
footers, document metadata, and writing the file atomically (a failure never leaves a half PDF)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Paragraph

from ..domain.errors import DomainError, Message
from ..paths import font_path

FONT = "YimiCJK"
RED = colors.HexColor("#b3261e")
GREY = colors.HexColor("#666666")
LINE = colors.HexColor("#444444")
HEAD_BG = colors.HexColor("#f1e4e2")


def register_font() -> str:
    """Register the bundled TrueType CJK font once; reportlab embeds the subset each PDF uses."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    path = font_path()
    if not path.exists():
        raise DomainError(Message(f"缺少中文字体文件 {path},无法生成PDF。请重新安装软件。",
                                  f"The Chinese font {path} is missing; PDFs cannot be made. Please reinstall."))
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    # reportlab starts canvases and drawings in Helvetica, which would be referenced but not embedded;
    # make our embedded font the default instead (reportlab's own settings, for this process)
    from reportlab import rl_config
    from reportlab.graphics import shapes

    rl_config.canvas_basefontname = FONT
    shapes.STATE_DEFAULTS["fontName"] = FONT
    return FONT


def styles() -> dict[str, ParagraphStyle]:
    register_font()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "head": ParagraphStyle("head", parent=base, fontSize=8.5, leading=11, textColor=colors.black),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=14, alignment=TA_CENTER,
                                   textColor=GREY, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4),
        "figure": ParagraphStyle("figure", parent=base, fontSize=16, leading=20, alignment=TA_CENTER, textColor=RED),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER, textColor=GREY),
    }


def esc(text: object) -> str:
    return ("" if text is None else str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(esc(text).replace("\n", "<br/>"), style)


def numbered_canvas(footer: Callable[[int, int], str]) -> type[pdfcanvas.Canvas]:
    """A canvas class that writes footer(page, pages) on every page once the page count is known."""

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # no stray Helvetica: every font in the file is embedded (the doc template passes None)
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
            kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 10
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab naming
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, _height = self._pagesize
                self.setFont(FONT, 8.5)
                self.setFillColor(GREY)
                self.drawCentredString(width / 2, 20, footer(self._pageNumber, total))
                super().showPage()
            super().save()

    return NumberedCanvas


def write_atomically(dest: Path, build: Callable[[str], None]) -> Path:
    """Build the PDF into a temporary file beside `dest`, then rename it into place."""
    dest = Path(dest)
    if not dest.parent.is_dir():
        raise DomainError(Message(f"文件夹不存在:{dest.parent}", f"Folder does not exist: {dest.parent}"))
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".", suffix=".pdf.part")
    os.close(fd)
    try:
        build(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DomainError(Message(f"写PDF失败({exc.strerror}):{dest}", f"Writing the PDF failed ({exc.strerror}): {dest}")) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def safe_filename(*parts: str) -> str:
    text = "_".join(p for p in parts if p)
    return "".join(ch if ch.isalnum() or ch in "-_（）()" or "\u4e00" <= ch <= "\u9fff" else "-" for ch in text) + ".pdf"
