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
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable, Paragraph

from ..domain.errors import DomainError, Message
from ..paths import font_path
from .text import Typesetter

FONT = "YimiCJK"

# progress(done, total) -> False to stop: a long build reports how far it is and can be cancelled
Progress = Callable[[int, int], bool]


class Cancelled(DomainError):  # noqa: N818 - a request, not an error
    """The build was cancelled through its progress callback; nothing was written (logged in one line, no traceback)."""

    def __init__(self) -> None:
        super().__init__(Message("已取消生成PDF。", "Making the PDF was cancelled."))


def step(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise Cancelled()
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


def numbered_canvas(footer: Callable[[int, int], str], header: Callable[[int, int], str] | None = None,
                    keywords: Callable[[], str] | None = None) -> type[pdfcanvas.Canvas]:
    """A canvas class that writes footer(page, pages) on every page once the page count is known, and
    header(page, pages) (the 编号 and enterprise of a form) at the top right when it returns text;
    keywords() is asked once at the end (the characters no font had)."""

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
            tx = Typesetter()
            for state in self._pages:
                self.__dict__.update(state)
                width, height = self._pagesize
                self.setFont(FONT, 9)
                self.setFillColor(GREY)
                self.drawCentredString(width / 2, 10 * mm, footer(self._pageNumber, total))
                text = header(self._pageNumber, total) if header else ""
                if text:
                    line = tx.lines(text, width - 40 * mm, 9)[0]
                    x = width - 20 * mm - tx.width(line, 9)
                    for font, piece in tx.runs(line):
                        self.setFont(font, 9)
                        self.drawString(x, height - 12 * mm, piece)
                        x += self.stringWidth(piece, font, 9)
                super().showPage()
            note = keywords() if keywords else ""
            if note:
                self.setKeywords(note)
            super().save()

    return NumberedCanvas


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


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
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it 0600; a report is read from a shared folder
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


# ---- flowables drawn with the Typesetter (fonts per character, 禁则, splitting across pages) --------------

class TextBlock(Flowable):
    """Plain text broken into lines by the Chinese rules; splits at any line, so any length prints."""

    def __init__(self, tx: Typesetter, text: str, size: float = 10.5, leading: float | None = None,
                 color: Any = colors.black, align: str = "left", lines: list[str] | None = None):
        super().__init__()
        self.tx, self.text, self.size = tx, "" if text is None else str(text), size
        self.leading = leading or size * 1.45
        self.color, self.align = color, align
        self._lines = lines
        self._fixed = lines is not None  # a piece of a split block keeps its lines
        self._width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        if not self._fixed and (self._lines is None or self._width != availWidth):
            self._lines = self.tx.lines(self.text, availWidth, self.size)
            self._width = availWidth
        self.width, self.height = availWidth, len(self._lines or []) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        self.wrap(availWidth, availHeight)
        assert self._lines is not None
        n = min(int(availHeight // self.leading), len(self._lines) - 1)
        # Asked to split, the block does not fit (a table's cell split counts padding and rounding its own way,
        # and takes any non-empty answer as two parts): always two non-empty parts, or none.
        if n <= 0:
            return []
        return [TextBlock(self.tx, "", self.size, self.leading, self.color, self.align, self._lines[:n]),
                TextBlock(self.tx, "", self.size, self.leading, self.color, self.align, self._lines[n:])]

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(self.color)
        y = self.height - self.leading + (self.leading - self.size) / 2 + self.size * 0.12
        for line in self._lines or []:
            x = 0.0
            if self.align != "left":
                w = self.tx.width(line, self.size)
                x = (self.width - w) / 2 if self.align == "center" else self.width - w
            for font, piece in self.tx.runs(line):
                c.setFont(font, self.size)
                c.drawString(x, y, piece)
                x += c.stringWidth(piece, font, self.size)
            y -= self.leading


class Heading(TextBlock):
    """A title in a heavier face: the one-weight CJK font filled and stroked (GB/T 9704 titles are bold)."""

    def __init__(self, tx: Typesetter, text: str, size: float = 18, align: str = "center", space_after: float = 4):
        super().__init__(tx, text, size, size * 1.35, colors.black, align)
        self.spaceAfter = space_after

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(self.size / 30)
        c.setStrokeColor(colors.black)
        y = self.height - self.leading + (self.leading - self.size) / 2 + self.size * 0.12
        for line in self._lines or []:
            w = self.tx.width(line, self.size)
            x = (self.width - w) / 2 if self.align == "center" else 0.0
            t = c.beginText()
            t.setTextRenderMode(2)
            t.setTextOrigin(x, y)
            for font, piece in self.tx.runs(line):
                t.setFont(font, self.size)
                t.textOut(piece)
            c.drawText(t)
            y -= self.leading
        c.restoreState()


class FillIn(Flowable):
    """A row of labels with ruled lines to write on: [(label, line width in mm, text under/over the line)];
    a label "年 月 日" gets room between the words."""

    def __init__(self, tx: Typesetter, items: list[tuple[str, float, str]], size: float = 10.5, height: float = 9 * mm):
        super().__init__()
        self.tx, self.items, self.size, self.h = tx, items, size, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.width, self.height = availWidth, self.h
        return self.width, self.height

    def draw(self) -> None:
        c, tx, size = self.canv, self.tx, self.size
        x, y = 0.0, 2.5
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.5)
        for label, line_mm, value in self.items:
            if label == "DATE":
                for part in ("年", "月", "日"):
                    c.line(x, y - 1.5, x + 14 * mm, y - 1.5)
                    x += 15 * mm
                    _draw_runs(c, tx, x - 1 * mm, y, part, size)
                    x += tx.width(part, size) + 1 * mm
                x += 6 * mm
                continue
            _draw_runs(c, tx, x, y, label, size)
            x += tx.width(label, size) + 1 * mm
            if line_mm:
                c.line(x, y - 1.5, x + line_mm * mm, y - 1.5)
                if value:
                    _draw_runs(c, tx, x + 1 * mm, y, value, size)
                x += line_mm * mm + 5 * mm


def _draw_runs(c: pdfcanvas.Canvas, tx: Typesetter, x: float, y: float, text: str, size: float) -> None:
    c.setFillColor(colors.black)
    for font, piece in tx.runs(text):
        c.setFont(font, size)
        c.drawString(x, y, piece)
        x += c.stringWidth(piece, font, size)


class Ruled(Flowable):
    """Empty ruled lines to write on by hand (企业意见)."""

    def __init__(self, lines: int = 3, pitch: float = 8 * mm):
        super().__init__()
        self.lines, self.pitch = lines, pitch

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.width, self.height = availWidth, self.lines * self.pitch
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(GREY)
        c.setLineWidth(0.4)
        for k in range(self.lines):
            c.line(0, k * self.pitch + 1, self.width, k * self.pitch + 1)


QR_MASK = 0  # (row + column) even: the checkerboard mask
_RS_GENERATORS: dict[int, Any] = {}


def _rs_generator(ec_count: int) -> Any:
    """reportlab's Reed-Solomon generator polynomial of `ec_count` error-correction bytes, made once: the library
    multiplies it out again for every block of every code (half of a code's encoding time). A pure function of
    the count; the polynomial is only read (QRPolynomial.mod builds a new one)."""
    poly = _RS_GENERATORS.get(ec_count)
    if poly is None:
        poly = _RS_GENERATORS[ec_count] = _RS_UNCACHED(ec_count)
    return poly


def _cache_rs_generators() -> None:
    global _RS_UNCACHED
    from reportlab.graphics.barcode import qrencoder

    if qrencoder.QRUtil.getErrorCorrectPolynomial is not _rs_generator:
        _RS_UNCACHED = qrencoder.QRUtil.getErrorCorrectPolynomial
        qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(_rs_generator)


_RS_UNCACHED: Callable[[int], Any]


class QrCode(Flowable):
    """A QR code (error correction M) encoded once and drawn as one path of dark runs, with a 2-module quiet
    zone: reportlab's widget encodes twice and draws every module as its own shape (most of a record's time)."""

    def __init__(self, text: str, size: float):
        super().__init__()
        from reportlab.graphics.barcode import qrencoder

        _cache_rs_generators()
        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(text)
        # one fixed mask instead of make()'s search: it builds and scores the symbol under all 8 masks in pure
        # Python (about 80% of the code's time, a quarter of a visit record's). Every mask is a valid symbol
        # that every reader decodes (the mask is stated in the format bits); the search only lowers a
        # penalty score for large blocks and finder-like runs, which mask 0's checkerboard keeps low anyway.
        # tests/unit/test_paper_proof.py decodes the printed code with zbarimg, degraded copies too.
        qr.version = qr.calculate_version()
        qr.makeImpl(False, QR_MASK)
        n = qr.getModuleCount()
        self.modules = [[qr.isDark(r, c) for c in range(n)] for r in range(n)]
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        return self.width, self.height

    def draw(self) -> None:
        """One filled path of the dark runs, in module units (scaled once): whole-number coordinates, written as
        PDF operators directly (reportlab's path.rect formats four floats per run: a third of a record's draw)."""
        n = len(self.modules)
        unit = self.width / (n + 4)
        c = self.canv
        ops: list[str] = []
        for r, row in enumerate(self.modules):
            y = n - 1 - r  # PDF's y grows upwards; row 0 is the top
            col = 0
            while col < n:
                if row[col]:
                    start = col
                    while col < n and row[col]:
                        col += 1
                    ops.append(f"{start} {y} {col - start} 1 re")
                col += 1
        c.saveState()
        c.translate(2 * unit, self.height - (n + 2) * unit)  # the 2-module quiet zone
        c.scale(unit, unit)
        c.setFillColor(colors.black)
        if ops:
            c.addLiteral("\n".join(ops) + "\nf")
        c.restoreState()
