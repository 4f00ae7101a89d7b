"""问题台账, drawn straight onto the canvas: every cell is broken into lines once (Typesetter, cached widths),
rows are laid out into pages, then the pages are drawn. A row taller than what is left of a page continues on
the next one (the continued part marked 续); the column header repeats on every page, overdue rows are red,
and the foot (制表单位 / 制表人 / 审核人 / 日期) is kept on the page of the last row. 10,000 issues in seconds,
where platypus' Table wrapped each cell about three times."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .base import GREY, HEAD_BG, LINE, RED, Progress, register_font, step, write_atomically
from .data import IssueLine, LedgerData
from .labels import word
from .text import MAIN, Typesetter

SIZE = 9.0          # cell text, pt
LEAD = 11.6         # line height, pt
PAD = 2.2 * mm / 2  # cell padding
HEAD_SIZE = 9.0
MARGIN = 12 * mm
RED_BG = colors.HexColor("#fdecea")

# (word key, width in mm; 0 = what is left)
COLUMNS: tuple[tuple[str, float], ...] = (
    ("no", 10), ("enterprise", 32), ("township", 16), ("category", 16), ("description", 0), ("raised", 19),
    ("handler", 26), ("deadline", 19), ("status", 13), ("result", 30), ("satisfaction", 12))


def widths() -> list[float]:
    w = landscape(A4)[0] - 2 * MARGIN
    rest = w - sum(c[1] for c in COLUMNS) * mm
    return [(c[1] * mm) or rest for c in COLUMNS]


def cells(i: IssueLine, lang: str) -> list[str]:
    deadline = i.deadline.isoformat() if i.deadline else "—"
    if i.overdue:
        deadline += "\n" + word("overdue", lang)
    return [str(i.seq), i.enterprise, i.township or "—", i.category, i.title + ("\n" + i.description if i.description else ""),
            i.raised_on.isoformat(), i.team or "—", deadline, i.status, i.result or "—", i.satisfaction or "—"]


@dataclass
class _Piece:
    """The part of one row that lands on one page."""

    lines: list[list[str]]
    height: float
    overdue: bool
    continued: bool


def _fill(c: Canvas, tx: Typesetter, x: float, y: float, text: str, size: float, fill: object) -> None:
    c.setFillColor(fill)
    for font, piece in tx.runs(text):
        c.setFont(font, size)
        c.drawString(x, y, piece)
        x += c.stringWidth(piece, font, size)


def _heavy(c: Canvas, tx: Typesetter, cx: float, y: float, text: str, size: float) -> None:
    """A centred title in a heavier face: the one-weight CJK font filled and stroked."""
    width = tx.width(text, size)
    c.saveState()
    c.setLineWidth(size / 28)
    c.setStrokeColor(colors.black)
    t = c.beginText()
    t.setTextRenderMode(2)
    t.setTextOrigin(cx - width / 2, y)
    for font, piece in tx.runs(text):
        t.setFont(font, size)
        t.textOut(piece)
    c.drawText(t)
    c.restoreState()


def ledger(data: LedgerData, dest: Path, lang: str = "zh", progress: Progress | None = None) -> Path:
    """progress(percent, 100) is called as rows are laid out (to 50) and pages drawn (to 100); False cancels."""
    register_font()
    tx = Typesetter()
    page_w, page_h = landscape(A4)
    col_w = widths()
    room = [w - 2 * PAD for w in col_w]
    keys = [k for k, _ in COLUMNS]
    head_lines = [tx.lines(word(k, lang), r, HEAD_SIZE) for k, r in zip(keys, room)]
    head_h = max(len(h) for h in head_lines) * LEAD + 2 * PAD
    top_first = page_h - MARGIN - 17 * mm   # below the title and the count line
    top_next = page_h - MARGIN - 6 * mm     # below the running head
    bottom = MARGIN + 6 * mm                # above the page number
    foot_h = 16 * mm

    # -- layout: rows into pages -------------------------------------------------------------------
    pages: list[list[_Piece]] = [[]]
    y = top_first - head_h
    n_lines = len(data.lines) or 1
    for k, line in enumerate(data.lines):
        if k % 500 == 0:
            step(progress, k * 50 // n_lines, 100)
        lines = [tx.lines(t, r, SIZE) for t, r in zip(cells(line, lang), room)]
        continued = False
        while True:
            n = max(len(c) for c in lines)
            need = n * LEAD + 2 * PAD
            if y - need >= bottom:
                pages[-1].append(_Piece(lines, need, line.overdue, continued))
                y -= need
                break
            fit = int((y - bottom - 2 * PAD) // LEAD)
            if fit >= 2 and (n > 6 or fit * LEAD >= need / 2):  # split a tall row rather than leave a hole
                pages[-1].append(_Piece([c[:fit] for c in lines], fit * LEAD + 2 * PAD, line.overdue, continued))
                lines = [c[fit:] for c in lines]
                lines[0] = [str(line.seq), "续" if lang != "en" else "cont."]
                continued = True
            pages.append([])
            y = top_next - head_h
    if y - foot_h < bottom and pages[-1]:
        pages.append([])
        y = top_next - head_h
    foot_y = y

    # -- drawing ---------------------------------------------------------------------------------------
    overdue_n = sum(1 for i in data.lines if i.overdue)
    count = (f"共 {len(data.lines):,} 件，其中超期 {overdue_n:,} 件" if lang != "en"
             else f"{len(data.lines):,} issues, {overdue_n:,} overdue")

    def build(path: str) -> None:
        c = Canvas(path, pagesize=(page_w, page_h), initialFontName=MAIN, initialFontSize=SIZE, pageCompression=1)
        c.setTitle(data.title)
        c.setAuthor("尉氏县一米团 yimi-desktop")
        c.setSubject(word("ledger", lang))
        c.setCreator("yimi-desktop")
        total = len(pages)
        for p, rows in enumerate(pages, start=1):
            if p % 20 == 0:
                step(progress, 50 + p * 50 // total, 100)
            if p == 1:
                _heavy(c, tx, page_w / 2, page_h - MARGIN - 7 * mm, data.title, 18)
                colon = "：" if lang != "en" else ": "
                sub = (f"{word('filter', lang)}{colon}{data.filter_text}    {count}    "
                       f"{word('generated', lang)}{colon}{data.generated_at:%Y-%m-%d %H:%M}")
                sub_lines = tx.lines(sub, page_w - 2 * MARGIN, 9)
                _fill(c, tx, MARGIN, page_h - MARGIN - 13.5 * mm, sub_lines[0], 9, GREY)
                top = top_first
            else:
                _fill(c, tx, MARGIN, page_h - MARGIN - 3 * mm, data.title + ("（续）" if lang != "en" else " (continued)"),
                      9, GREY)
                top = top_next
            _draw_rows(c, tx, top, head_lines, head_h, rows, col_w)
            if p == total:
                _draw_foot(c, tx, foot_y - 8 * mm, data, lang)
            c.setFont(MAIN, 9)
            c.setFillColor(GREY)
            c.drawCentredString(page_w / 2, MARGIN - 2 * mm, word("page", lang).format(p=p, n=total))
            c.showPage()
        if tx.missing:
            c.setKeywords("yimi-missing-glyphs: " + tx.missing_note())
        c.save()

    return write_atomically(dest, build)


class _Pen:
    """One text object for a page: font and colour are set only when they change."""

    def __init__(self, c: Canvas, tx: Typesetter):
        self.c, self.tx = c, tx
        self.t = c.beginText()
        self.font: tuple[str, float] | None = None
        self.fill: object = None

    def text(self, x: float, y: float, text: str, size: float, fill: object) -> None:
        t = self.t
        if fill is not self.fill:
            t.setFillColor(fill)
            self.fill = fill
        t.setTextOrigin(x, y)
        for font, piece in self.tx.runs(text):
            if self.font != (font, size):
                t.setFont(font, size)
                self.font = (font, size)
            t.textOut(piece)

    def done(self) -> None:
        self.c.drawText(self.t)


def _draw_rows(c: Canvas, tx: Typesetter, top: float, head_lines: list[list[str]], head_h: float,
               rows: list[_Piece], col_w: list[float]) -> None:
    x0 = MARGIN
    xs = [x0]
    for w in col_w:
        xs.append(xs[-1] + w)
    # backgrounds first (header, overdue rows), then all text in one text object, then the ruling in one path
    c.setFillColor(HEAD_BG)
    c.rect(x0, top - head_h, xs[-1] - x0, head_h, stroke=0, fill=1)
    y = top - head_h
    edges = [top, y]
    for piece in rows:
        if piece.overdue:
            c.setFillColor(RED_BG)
            c.rect(x0, y - piece.height, xs[-1] - x0, piece.height, stroke=0, fill=1)
        y -= piece.height
        edges.append(y)
    pen = _Pen(c, tx)
    black = colors.black
    for j, lines in enumerate(head_lines):
        for k, text in enumerate(lines):
            pen.text(xs[j] + PAD, top - PAD - (k + 1) * LEAD + 2.6, text, HEAD_SIZE, black)
    y = top - head_h
    for piece in rows:
        fill = RED if piece.overdue else black
        for j, lines in enumerate(piece.lines):
            x = xs[j] + PAD
            for k, text in enumerate(lines):
                if text:
                    pen.text(x, y - PAD - (k + 1) * LEAD + 2.6, text, SIZE, fill)
        y -= piece.height
    pen.done()
    c.setStrokeColor(LINE)
    c.setLineWidth(0.5)
    path = c.beginPath()
    for e in edges:
        path.moveTo(x0, e)
        path.lineTo(xs[-1], e)
    for x in xs:
        path.moveTo(x, top)
        path.lineTo(x, y)
    c.drawPath(path, stroke=1, fill=0)


def _draw_foot(c: Canvas, tx: Typesetter, y: float, data: LedgerData, lang: str) -> None:
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.5)
    unit = getattr(data, "unit", "") or ""
    if lang == "en":
        fields = [("Compiled by (unit):", unit, 70 * mm), ("Prepared by:", "", 50 * mm), ("Checked by:", "", 50 * mm),
                  ("Date:", "", 50 * mm)]
    else:
        fields = [("制表单位：", unit, 72 * mm), ("制表人：", "", 48 * mm), ("审核人：", "", 48 * mm),
                  ("日期：", "", 62 * mm)]
    x = MARGIN
    for label, value, width in fields:
        _fill(c, tx, x, y, label, 10.5, colors.black)
        lx = x + tx.width(label, 10.5) + 1 * mm
        if label.startswith("日期") and lang != "en":
            for k, part in enumerate(("年", "月", "日")):
                _fill(c, tx, lx + (14 + k * 13) * mm, y, part, 10.5, colors.black)
            c.line(lx, y - 1.5, lx + 50 * mm, y - 1.5)
        else:
            if value:
                _fill(c, tx, lx + 1 * mm, y, value, 10.5, colors.black)
            c.line(lx, y - 1.5, x + width - 6 * mm, y - 1.5)
        x += width
