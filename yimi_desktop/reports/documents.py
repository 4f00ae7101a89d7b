"""The four documents: 走访记录表, 问题台账, 工作简报, 企业档案."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import ledger as ledger_pdf
from .base import FONT, HEAD_BG, LINE, RED, esc, numbered_canvas, para, styles, write_atomically
from .data import CountRow, DossierData, LedgerData, SummaryData, VisitRecordData
from .labels import word

AUTHOR = "尉氏县一米团 yimi-desktop"


def _doc(path: str, size: tuple[float, float], title: str, subject: str, margins: float = 15 * mm) -> SimpleDocTemplate:
    return SimpleDocTemplate(path, pagesize=size, leftMargin=margins, rightMargin=margins, topMargin=margins,
                             bottomMargin=18 * mm, title=title, author=AUTHOR, subject=subject, creator="yimi-desktop")


def _grid(data: list[list[Any]], widths: list[float], head_rows: int = 1, extra: list[Any] | None = None) -> Table:
    t = LongTable(data, colWidths=widths, repeatRows=head_rows, splitInRow=1)  # a row taller than a page continues
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5), ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, head_rows - 1), HEAD_BG),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    t.setStyle(TableStyle(style + (extra or [])))
    return t


def _footer(lang: str) -> type[Canvas]:
    return numbered_canvas(lambda p, n: word("page", lang).format(p=p, n=n))


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


# ---- 走访记录表 -------------------------------------------------------------------------------------

def visit_record(data: VisitRecordData, dest: Path, lang: str = "zh") -> Path:
    st = styles()
    w = A4[0] - 30 * mm
    title = word("visit_record", lang)

    def kv(rows: list[tuple[str, str]], cols: int = 2) -> Table:
        cells, line = [], []
        for k, v in rows:
            line += [para(k, st["head"]), para(v, st["cell"])]
            if len(line) == cols * 2:
                cells.append(line)
                line = []
        if line:
            cells.append(line + [""] * (cols * 2 - len(line)))
        label_w, value_w = 26 * mm, w / cols - 26 * mm
        t = Table(cells, colWidths=[label_w, value_w] * cols, splitInRow=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, LINE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONT", (0, 0), (-1, -1), FONT),
                               *[("BACKGROUND", (c, 0), (c, -1), HEAD_BG) for c in range(0, cols * 2, 2)]]))
        return t

    def build(path: str) -> None:
        qr = QrCodeWidget(f"yimi:visit:{data.visit_id}")
        b = qr.getBounds()
        size = 22 * mm
        drawing = Drawing(size, size, transform=[size / (b[2] - b[0]), 0, 0, size / (b[3] - b[1]), 0, 0])
        drawing.add(qr)
        head = Table([[[para(word("county_title", lang).format(county=data.county), st["subtitle"]),
                        para(title, st["title"]),
                        para(f"{word('record_no', lang)}:{data.record_no}    {word('team', lang)}:{data.team}",
                             st["subtitle"])], drawing]],
                     colWidths=[w - size - 4 * mm, size + 4 * mm])
        head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONT", (0, 0), (-1, -1), FONT)]))
        story = [head, Spacer(1, 4)]
        story.append(kv([(word("enterprise", lang), data.enterprise), (word("credit_code", lang), data.credit_code),
                         (word("township", lang), data.township), (word("contact", lang), data.contact),
                         (word("date", lang), data.visit_date.isoformat()), (word("time", lang), data.time_range),
                         (word("place", lang), data.place), (word("type", lang), data.visit_type)]))
        story.append(Spacer(1, 6))
        people = "、".join(data.officers) or "—"
        attendees = "、".join(f"{n}({t})" if t else n for n, t, _ in data.attendees) or "—"
        story.append(kv([(word("officers", lang), people), (word("attendees", lang), attendees)], cols=1))
        story.append(Paragraph(esc(word("policies", lang)), st["h2"]))
        if data.policies:
            rows = [[para(word("policies", lang), st["head"]), para(word("qualifies", lang), st["head"]),
                     para(word("notes", lang), st["head"])]]
            rows += [[para(t, st["cell"]), para(q, st["cell"]), para(n, st["cell"])] for t, q, n in data.policies]
            story.append(_grid(rows, [w * 0.55, w * 0.15, w * 0.30]))
        else:
            story.append(para(word("none", lang), st["base"]))
        story.append(Paragraph(esc(word("notes", lang)), st["h2"]))
        story.append(para(data.notes or "—", st["base"]))
        story.append(Paragraph(esc(word("issues", lang)), st["h2"]))
        if data.issues:
            rows = [[para(word(k, lang), st["head"]) for k in ("no", "category", "description", "handler", "deadline")]]
            rows += [[str(i.seq), para(i.category, st["cell"]), para(f"{i.title}:{i.description}", st["cell"]),
                      para(i.team or "—", st["cell"]), para(i.deadline.isoformat() if i.deadline else "—", st["cell"])]
                     for i in data.issues]
            story.append(_grid(rows, [10 * mm, 28 * mm, w - 10 * mm - 28 * mm - 40 * mm - 24 * mm, 40 * mm, 24 * mm]))
        else:
            story.append(para(word("none", lang), st["base"]))
        story.append(Paragraph(esc(word("follow_up", lang)), st["h2"]))
        story.append(para(data.follow_up or "—", st["base"]))
        for start in range(0, len(data.photos), 4):
            cells = []
            for p in data.photos[start:start + 4]:
                try:
                    img = Image(p)
                    ratio = img.imageHeight / img.imageWidth
                    img.drawWidth, img.drawHeight = (w / 2 - 8 * mm), (w / 2 - 8 * mm) * ratio
                    if img.drawHeight > 70 * mm:
                        img.drawHeight, img.drawWidth = 70 * mm, 70 * mm / ratio
                    cells.append(img)
                except OSError:
                    continue
            if cells:
                while len(cells) % 2:
                    cells.append("")
                grid = Table([cells[i:i + 2] for i in range(0, len(cells), 2)], colWidths=[w / 2, w / 2])
                grid.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT)]))
                story.append(KeepTogether([Paragraph(esc(word("photos", lang)), st["h2"]), grid]))
        sign = Table([[para(word("sign_enterprise", lang), st["base"]), para(word("sign_officers", lang), st["base"])],
                      [para(word("sign_date", lang), st["base"]), para(word("sign_date", lang), st["base"])]],
                     colWidths=[w / 2, w / 2], rowHeights=[16 * mm, 10 * mm])
        sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONT", (0, 0), (-1, -1), FONT)]))
        story += [Spacer(1, 8), KeepTogether([Paragraph(esc(word("signatures", lang)), st["h2"]), sign])]
        _doc(path, A4, f"{title} {data.enterprise} {data.visit_date}", title).build(story, canvasmaker=_footer(lang))

    return write_atomically(dest, build)


# ---- 问题台账 -----------------------------------------------------------------------------------------

def ledger(data: LedgerData, dest: Path, lang: str = "zh") -> Path:
    """Drawn directly on the canvas (reports/ledger.py): 10,000 rows in seconds."""
    return ledger_pdf.ledger(data, dest, lang)


# ---- 工作简报 -----------------------------------------------------------------------------------------

def _bar_chart(title: str, labels: list[str], values: list[int], width: float) -> Drawing:
    d = Drawing(width, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 16 * mm, width - 20 * mm, 38 * mm
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = RED
    d.add(chart)
    d.add(String(width / 2, 58 * mm, title, fontName=FONT, fontSize=10, textAnchor="middle"))
    return d


def _line_chart(title: str, months: list[str], series: list[list[int]], names: list[str], width: float) -> Drawing:
    d = Drawing(width, 62 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 12 * mm, width - 20 * mm, 40 * mm
    chart.data = series if months else [[0], [0]]
    chart.categoryAxis.categoryNames = months or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = RED
    chart.lines[1].strokeColor = colors.HexColor("#2e6b30")
    for i in (0, 1):  # a marker on every month: a period of one month is a single point, which no line draws
        chart.lines[i].symbol = makeMarker("FilledCircle", size=4, fillColor=chart.lines[i].strokeColor)
    d.add(chart)
    d.add(String(width / 2, 58 * mm, f"{title}({names[0]} / {names[1]})", fontName=FONT, fontSize=10,
                 textAnchor="middle"))
    return d


def summary(data: SummaryData, dest: Path, lang: str = "zh") -> Path:
    st = styles()
    w = A4[0] - 30 * mm

    def counts(title_key: str, rows: list[CountRow]) -> list[Any]:
        head = [para(word(k, lang), st["head"]) for k in ("name", "issues_raised", "resolved", "open")]
        body = [[para(r.name, st["cell"]), str(r.raised), str(r.resolved), str(r.open)] for r in rows]
        return [Paragraph(esc(word(title_key, lang)), st["h2"]),
                _grid([head] + body, [w * 0.55, w * 0.15, w * 0.15, w * 0.15], extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")])]

    def build(path: str) -> None:
        figures = [
            (word("visits", lang), f"{data.visits:,}"), (word("covered", lang), f"{data.enterprises_covered:,}"),
            (word("above_cov", lang), f"{data.above_size_covered}/{data.above_size_total}"),
            (word("issues_raised", lang), f"{data.issues_raised:,}"), (word("issues_resolved", lang), f"{data.issues_resolved:,}"),
            (word("resolution_rate", lang), _pct(data.resolution_rate)), (word("on_time_rate", lang), _pct(data.on_time_rate)),
            (word("median_days", lang), "—" if data.median_days_to_resolve is None else f"{data.median_days_to_resolve:.1f}"),
            (word("satisfaction_rate", lang), _pct(data.satisfaction_rate)),
            (word("money", lang), f"{data.money_yuan / 10000:,.1f}"),
        ]
        cells = [[para(v, st["figure"]) for _, v in figures[i:i + 5]] for i in (0, 5)]
        caps = [[para(k, st["caption"]) for k, _ in figures[i:i + 5]] for i in (0, 5)]
        grid = Table([cells[0], caps[0], cells[1], caps[1]], colWidths=[w / 5] * 5)
        grid.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, LINE), ("FONT", (0, 0), (-1, -1), FONT),
                                  ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff8f6"))]))
        story = [para(data.title, st["title"]),
                 para(f"{word('period', lang)}:{data.period_from} — {data.period_to}    {data.team}    "
                      f"{word('generated', lang)}:{data.generated_at:%Y-%m-%d %H:%M}", st["subtitle"]),
                 grid]
        cats = sorted(data.by_category, key=lambda r: -r.raised)
        story.append(_bar_chart(word("chart_category", lang), [r.name for r in cats], [r.raised for r in cats], w))
        months = [m for m, _, _ in data.by_month]
        story.append(_line_chart(word("chart_month", lang), months, [[r for _, r, _ in data.by_month],
                                                                      [s for _, _, s in data.by_month]],
                                 [word("issues_raised", lang), word("issues_resolved", lang)], w))
        status_labels = list(data.by_status)
        story.append(_bar_chart(word("chart_status", lang), status_labels, [data.by_status[s] for s in status_labels], w))
        story += counts("by_team", data.by_team) + counts("by_category", data.by_category) + counts("by_township", data.by_township)
        _doc(path, A4, data.title, word("summary", lang)).build(story, canvasmaker=_footer(lang))

    return write_atomically(dest, build)


# ---- 企业档案 -----------------------------------------------------------------------------------------

def dossier(data: DossierData, dest: Path, lang: str = "zh") -> Path:
    st = styles()
    w = A4[0] - 30 * mm

    def build(path: str) -> None:
        title = f"{word('dossier', lang)}:{data.enterprise}"
        story = [para(word("county_title", lang).format(county=data.county), st["subtitle"]), para(title, st["title"]),
                 para(f"{word('generated', lang)}:{data.generated_at:%Y-%m-%d %H:%M}", st["subtitle"]),
                 Paragraph(esc(word("details", lang)), st["h2"])]
        t = Table([[para(k, st["head"]), para(v, st["cell"])] for k, v in data.fields], colWidths=[34 * mm, w - 34 * mm],
                  splitInRow=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, LINE), ("BACKGROUND", (0, 0), (0, -1), HEAD_BG),
                               ("FONT", (0, 0), (-1, -1), FONT)]))
        story.append(t)
        story.append(Paragraph(esc(word("visit_history", lang)), st["h2"]))
        if data.visits:
            head = [para(word(k, lang), st["head"]) for k in ("date", "type", "team", "officers")]
            story.append(_grid([head] + [[para(c, st["cell"]) for c in v] for v in data.visits],
                               [24 * mm, 28 * mm, 45 * mm, w - 97 * mm]))
        else:
            story.append(para(word("none", lang), st["base"]))
        story.append(Paragraph(esc(word("issues", lang)), st["h2"]))
        if data.issues:
            keys = ("no", "category", "description", "raised", "handler", "status", "result")
            head = [para(word(k, lang), st["head"]) for k in keys]
            rows = [[str(i.seq), para(i.category, st["cell"]), para(i.title, st["cell"]), para(i.raised_on.isoformat(), st["cell"]),
                     para(i.team or "—", st["cell"]), para(i.status, st["cell"]), para(i.result or "—", st["cell"])]
                    for i in data.issues]
            story.append(_grid([head] + rows, [9 * mm, 22 * mm, 38 * mm, 20 * mm, 30 * mm, 16 * mm, w - 135 * mm]))
        else:
            story.append(para(word("none", lang), st["base"]))
        _doc(path, A4, title, word("dossier", lang)).build(story, canvasmaker=_footer(lang))

    return write_atomically(dest, build)
