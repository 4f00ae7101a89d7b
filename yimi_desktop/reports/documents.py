"""The four documents: 走访记录表, 问题台账, 工作简报, 企业档案."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, LongTable, SimpleDocTemplate, Spacer, Table, TableStyle

from . import ledger as ledger_pdf
from .base import (
    FONT,
    GREY,
    HEAD_BG,
    LINE,
    RED,
    FillIn,
    Heading,
    Progress,
    QrCode,
    Ruled,
    TextBlock,
    numbered_canvas,
    register_font,
    write_atomically,
)
from .data import CountRow, DossierData, LedgerData, SummaryData, VisitRecordData
from .labels import FIELD_WORDS, WORDS, word
from .text import Typesetter

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

FORM_W = A4[0] - 45 * mm  # left margin 25 mm (binding), right 20 mm
BODY = 10.5


def _form_doc(path: str, title: str, subject: str, keywords: str = "") -> SimpleDocTemplate:
    return SimpleDocTemplate(path, pagesize=A4, leftMargin=25 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                             bottomMargin=18 * mm, title=title, author=AUTHOR, subject=subject, creator="yimi-desktop",
                             keywords=keywords)


def _cells(rows: list[list[Any]], widths: list[float], head: bool = True, label_cols: tuple[int, ...] = (),
           spans: list[tuple[tuple[int, int], tuple[int, int]]] | None = None, repeat: int = 1) -> Table:
    """A ruled table of TextBlocks; a row taller than a page continues on the next one."""
    t = LongTable(rows, colWidths=widths, repeatRows=repeat if head else 0, splitInRow=1)
    style: list[Any] = [("GRID", (0, 0), (-1, -1), 0.5, LINE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                        ("FONT", (0, 0), (-1, -1), FONT, BODY)]
    if head:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
    style += [("BACKGROUND", (c, 0), (c, -1), HEAD_BG) for c in label_cols]
    style += [("SPAN", a, b) for a, b in spans or []]
    t.setStyle(TableStyle(style))
    return t


def visit_digest(data: VisitRecordData) -> str:
    """12 hex digits of SHA-256 over what the record prints (the QR code carries it: a changed record no longer
    matches the paper)."""
    import hashlib
    parts = [data.record_no, data.enterprise, data.credit_code, data.visit_date.isoformat(), data.time_range,
             data.place, data.team, data.notes, data.follow_up, *data.officers,
             *("|".join(a) for a in data.attendees), *("|".join(p) for p in data.policies),
             *(f"{i.category}|{i.title}|{i.description}|{i.team}|{i.deadline}|{i.result}" for i in data.issues)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12].upper()


def visit_qr_text(data: VisitRecordData, lang: str = "zh") -> str:
    """What a phone shows when it scans the record: readable words, not an internal id (names cut at 40
    characters, so the code stays small enough to scan from paper)."""
    digest = visit_digest(data)
    check = (f"核验：{data.proof}" if lang != "en" else f"Check: {data.proof}") if data.proof else ""

    def cut(text: str) -> str:
        return text if len(text) <= 40 else text[:39] + "…"
    data = replace(data, enterprise=cut(data.enterprise), team=cut(data.team), record_no=cut(data.record_no))
    if lang == "en":
        return (f"{data.county} One-Meter Team visit record\nNo.: {data.record_no}\nEnterprise: {data.enterprise}\n"
                f"Date: {data.visit_date.isoformat()}\nTeam: {data.team}\n" + (check or f"Check code: {digest}"))
    return (f"{data.county}一米团走访记录\n编号：{data.record_no}\n企业：{data.enterprise}\n"
            f"走访日期：{data.visit_date.isoformat()}\n走访单位：{data.team}\n" + (check or f"核验码：{digest}"))


def _photo_grid(paths: list[str], width: float) -> list[Any]:
    """Two photos a row, each scaled to fit the same box whatever its orientation: no gaps, no overlap."""
    box_w, box_h = width / 2 - 6 * mm, 62 * mm
    cells: list[Any] = []
    for p in paths:
        try:
            img = Image(p)
        except OSError:
            continue
        scale = min(box_w / img.imageWidth, box_h / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        cells.append(img)
    if not cells:
        return []
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    grid = Table(rows, colWidths=[width / 2, width / 2], rowHeights=[box_h + 4 * mm] * len(rows))
    grid.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("FONT", (0, 0), (-1, -1), FONT)]))
    return [grid]


def visit_record(data: VisitRecordData, dest: Path, lang: str = "zh") -> Path:
    register_font()
    tx = Typesetter()
    w = FORM_W
    en = lang == "en"
    colon = ": " if en else "："
    title = word("visit_record", lang)

    def t(text: object, size: float = BODY, **kw: Any) -> TextBlock:
        return TextBlock(tx, "" if text is None else str(text), size, **kw)

    def label(key_or_text: str) -> TextBlock:
        return t(word(key_or_text, lang) if key_or_text in WORDS or key_or_text in FIELD_WORDS else key_or_text)

    def section(key: str) -> Heading:
        return Heading(tx, word(key, lang), 12, align="left", space_after=2)

    def build(path: str) -> None:
        qr_size = 28 * mm  # 0.35–0.4 mm modules: scans from a printed A4 page at 300 dpi
        head = Table([[[t(word("county_title", lang).format(county=data.county), 10.5, align="center", color=GREY),
                        Heading(tx, title, 20),
                        t(f"{word('record_no', lang)}{colon}{data.record_no}", 10.5, align="center")],
                       QrCode(visit_qr_text(data, lang), qr_size)]],
                     colWidths=[w - qr_size - 2 * mm, qr_size + 2 * mm])
        head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONT", (0, 0), (-1, -1), FONT),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story: list[Any] = [head, Spacer(1, 3 * mm)]
        lw = 35 * mm  # 统一社会信用代码 on one line
        vw = w / 2 - lw
        # three stacked tables rather than one with a spanned row: reportlab cannot split a spanned row
        story.append(_cells([[label("visit_unit"), t(data.team), label("type"), t(data.visit_type)]],
                            [lw, vw, lw, vw], head=False, label_cols=(0, 2)))
        story.append(_cells([[label("enterprise"), t(data.enterprise)]], [lw, w - lw], head=False, label_cols=(0,)))
        story.append(_cells([
            [label("credit_code"), t(data.credit_code), label("township"), t(data.township)],
            [label("contact"), t(data.contact or "—"), label("date"), t(data.visit_date.isoformat())],
            [label("time"), t(data.time_range or "—"), label("place"), t(data.place or "—")],
        ], [lw, vw, lw, vw], head=False, label_cols=(0, 2)))
        # 走访人员, with unit and phone
        story += [Spacer(1, 3 * mm), section("officers")]
        officers = data.officer_rows or [(n, "", "") for n in data.officers]
        rows: list[list[Any]] = [[label("no"), label("name"), label("unit"), label("phone")]]
        rows += [[t(k), t(n), t(u or "—"), t(ph or "—")] for k, (n, u, ph) in enumerate(officers, start=1)]
        if not officers:
            rows.append([t("—"), t(""), t(""), t("")])
        story.append(_cells(rows, [12 * mm, 36 * mm, w - 88 * mm, 40 * mm]))
        # 企业参加人员
        story += [Spacer(1, 3 * mm), section("attendees")]
        rows = [[label("no"), label("name"), label("post"), label("phone")]]
        rows += [[t(k), t(n), t(ti or "—"), t(ph or "—")] for k, (n, ti, ph) in enumerate(data.attendees, start=1)]
        if not data.attendees:
            rows.append([t("—"), t(""), t(""), t("")])
        story.append(_cells(rows, [12 * mm, 36 * mm, w - 88 * mm, 40 * mm]))
        # 宣讲政策
        story += [Spacer(1, 3 * mm), section("policies")]
        if data.policies:
            rows = [[label("no"), label("policy_name"), label("qualifies"), label("remark")]]
            rows += [[t(k), t(ti), t(q), t(n or "—")] for k, (ti, q, n) in enumerate(data.policies, start=1)]
            story.append(_cells(rows, [12 * mm, w * 0.5, 24 * mm, w * 0.5 - 36 * mm]))
        else:
            story.append(t(word("none", lang)))
        # 走访情况
        story += [Spacer(1, 3 * mm), section("notes"), t(data.notes or "—")]
        # 企业诉求 with 现场答复
        story += [Spacer(1, 3 * mm), section("issues_answers")]
        if data.issues:
            rows = [[label(k) for k in ("no", "category", "description", "on_site_reply", "handling")]]
            for i in data.issues:
                handling = ("; " if en else "；").join(x for x in (
                    f"{word('handler', lang)}{colon}{i.team}" if i.team else "",
                    f"{word('deadline', lang)}{colon}{i.deadline.isoformat()}" if i.deadline else "") if x) or ""
                rows.append([t(i.seq), t(i.category or "—"), t(f"{i.title}{colon}{i.description}" if i.description
                                                           else i.title), t(i.result), t(handling)])
            story.append(_cells(rows, [12 * mm, 22 * mm, w - 12 * mm - 22 * mm - 44 * mm - 36 * mm, 44 * mm, 36 * mm]))
        else:
            story.append(t(word("none", lang)))
        # 回访安排, 企业意见 and the signatures stay together: the signature block never stands alone on a page
        satisfied = "□ 满意    □ 基本满意    □ 不满意" if not en else "□ Satisfied    □ Mostly    □ Not satisfied"
        date_line = FillIn(tx, [("DATE", 0, "")]) if not en else FillIn(tx, [("Date:", 40, "")])
        sign = Table([[[FillIn(tx, [(word("sign_enterprise", lang), 34, "")], height=12 * mm),
                        FillIn(tx, [(word("seal", lang), 0, "")], height=18 * mm), date_line],
                       [FillIn(tx, [(word("sign_officers", lang), 34, "")], height=12 * mm),
                        FillIn(tx, [("", 0, "")], height=18 * mm), date_line]]], colWidths=[w / 2, w / 2])
        sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), FONT),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(KeepTogether([Spacer(1, 3 * mm), section("follow_up"), t(data.follow_up or "—"),
                                   Spacer(1, 3 * mm), section("enterprise_opinion"), t(satisfied), Ruled(3),
                                   Spacer(1, 6 * mm), sign]))
        photos = _photo_grid(data.photos, w)
        if photos:
            story += [Spacer(1, 4 * mm), KeepTogether([section("photos")] + photos[:1])] + photos[1:]

        def header(p: int, n: int) -> str:
            return "" if p == 1 else f"{word('record_no', lang)}{colon}{data.record_no}    {data.enterprise}"

        canvas = numbered_canvas(lambda p, n: word("page", lang).format(p=p, n=n), header,
                                 lambda: ("yimi-missing-glyphs: " + tx.missing_note()) if tx.missing else "")
        _form_doc(path, f"{title} {data.enterprise} {data.visit_date}", title).build(story, canvasmaker=canvas)

    return write_atomically(dest, build)


# ---- 问题台账 -----------------------------------------------------------------------------------------

def ledger(data: LedgerData, dest: Path, lang: str = "zh", progress: Progress | None = None) -> Path:
    """Drawn directly on the canvas (reports/ledger.py): 10,000 rows in seconds."""
    return ledger_pdf.ledger(data, dest, lang, progress)


# ---- 工作简报 -----------------------------------------------------------------------------------------

GREEN = colors.HexColor("#2e6b30")


def _short(label: str, n: int = 8) -> str:
    return label if len(label) <= n else label[:n - 1] + "…"


def _legend(x: float, y: float, pairs: list[tuple[Any, str]]) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 9
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 7
    legend.deltax = 62
    legend.colorNamePairs = pairs
    return legend


def _bar_chart(title: str, labels: list[str], values: list[int], width: float, series: str) -> Drawing:
    d = Drawing(width, 72 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 16 * mm, width - 20 * mm, 36 * mm
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = [_short(x) for x in labels] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    if not any(values):  # an empty period: a 0–5 axis of whole numbers, not 0–0.01
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = 5, 1
    chart.bars[0].fillColor = RED
    chart.barLabelFormat = "%d"  # the value on every bar
    chart.barLabels.fontName, chart.barLabels.fontSize, chart.barLabels.nudge = FONT, 8, 6
    d.add(chart)
    d.add(String(width / 2, 68 * mm, title, fontName=FONT, fontSize=11, textAnchor="middle"))
    d.add(_legend(16 * mm, 63 * mm, [(RED, series)]))
    return d


def _line_chart(title: str, months: list[str], series: list[list[int]], names: list[str], width: float) -> Drawing:
    d = Drawing(width, 72 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 12 * mm, width - 20 * mm, 38 * mm
    chart.data = series if months else [[0], [0]]
    chart.categoryAxis.categoryNames = months or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    if not any(any(s) for s in series):
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = 5, 1
    chart.lines[0].strokeColor = RED
    chart.lines[1].strokeColor = GREEN
    chart.lineLabelFormat = "%d"  # the value at every point
    chart.lineLabels.fontName, chart.lineLabels.fontSize, chart.lineLabels.dy = FONT, 7.5, 6
    for i in (0, 1):  # a marker on every month: a period of one month is a single point, which no line draws
        chart.lines[i].symbol = makeMarker("FilledCircle", size=4, fillColor=chart.lines[i].strokeColor)
    d.add(chart)
    d.add(String(width / 2, 68 * mm, title, fontName=FONT, fontSize=11, textAnchor="middle"))
    d.add(_legend(16 * mm, 63 * mm, [(RED, names[0]), (GREEN, names[1])]))
    return d


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def summary_opening(data: SummaryData, lang: str = "zh") -> str:
    """The 简报's opening paragraph: the figures in words."""
    if lang == "en":
        return (f"From {data.period_from} to {data.period_to} the teams made {data.visits:,} visits to "
                f"{data.enterprises_covered:,} enterprises ({data.above_size_covered} of {data.above_size_total} "
                f"above-size enterprises), collected {data.issues_raised:,} issues and resolved {data.issues_resolved:,} "
                f"(resolution rate {_pct(data.resolution_rate)}, on time {_pct(data.on_time_rate)}); "
                f"{data.issues_open:,} are open and {data.issues_cannot:,} cannot be resolved. "
                f"Satisfaction at follow-up: {_pct(data.satisfaction_rate)}; money involved "
                f"{data.money_yuan / 10000:,.1f} ten-thousand yuan.")
    cover = (f"，占全县规上企业的{data.above_size_covered / data.above_size_total * 100:.1f}%"
             if data.above_size_total else "")
    days = ("" if data.median_days_to_resolve is None
            else f"，办结一件诉求用时中位数{data.median_days_to_resolve:.1f}天")
    return (f"{_cn_date(data.period_from)}至{_cn_date(data.period_to)}，{data.team}共走访企业{data.visits:,}家次，"
            f"覆盖企业{data.enterprises_covered:,}家，其中规上企业{data.above_size_covered:,}家{cover}；"
            f"收集诉求{data.issues_raised:,}件，办结{data.issues_resolved:,}件，办结率{_pct(data.resolution_rate)}，"
            f"按时办结率{_pct(data.on_time_rate)}{days}；未办结{data.issues_open:,}件，无法解决{data.issues_cannot:,}件。"
            f"回访满意率{_pct(data.satisfaction_rate)}，涉及金额{data.money_yuan / 10000:,.1f}万元。")


def summary(data: SummaryData, dest: Path, lang: str = "zh") -> Path:
    register_font()
    tx = Typesetter()
    w = FORM_W
    en = lang == "en"

    def t(text: object, size: float = BODY, **kw: Any) -> TextBlock:
        return TextBlock(tx, "" if text is None else str(text), size, **kw)

    def counts(title_key: str, rows: list[CountRow]) -> list[Any]:
        head = [t(word(k, lang)) for k in ("item", "issues_raised", "resolved", "open", "cannot")]
        body = [[t(r.name), t(f"{r.raised:,}", align="right"), t(f"{r.resolved:,}", align="right"),
                 t(f"{r.open:,}", align="right"), t(f"{r.cannot:,}", align="right")] for r in rows]
        total = [t(word("total", lang))] + [t(f"{sum(getattr(r, k) for r in rows):,}", align="right")
                                            for k in ("raised", "resolved", "open", "cannot")]
        table = _cells([head] + body + [total], [w * 0.44, w * 0.14, w * 0.14, w * 0.14, w * 0.14])
        table.setStyle(TableStyle([("BACKGROUND", (0, len(body) + 1), (-1, len(body) + 1), HEAD_BG)]))
        return [Spacer(1, 3 * mm), Heading(tx, word(title_key, lang), 12, align="left", space_after=2), table]

    def build(path: str) -> None:
        issue_no = data.issue_no or "    "  # blank: room to write it (a laptop, a draft)
        draft = ("（试印）" if not en else " (draft)") if data.draft else ""
        issued = data.issued_on or data.generated_at.date()
        story: list[Any] = [
            TextBlock(tx, data.title, 24, color=RED, align="center"),
            t((f"第{issue_no}期" if not en else f"No. {issue_no}") + draft, 12, align="center"),
            Spacer(1, 2 * mm),
            Table([[t(f"{word('issuer', lang)}{'：' if not en else ': '}{data.unit or ' '}"),
                    t(_cn_date(issued) if not en else issued.isoformat(),
                      align="right")]], colWidths=[w * 0.65, w * 0.35],
                  style=TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1.5, RED), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("FONT", (0, 0), (-1, -1), FONT)])),
            Spacer(1, 4 * mm),
            t(("    " if not en else "") + summary_opening(data, lang), BODY, leading=BODY * 1.7),
            Spacer(1, 3 * mm),
        ]
        figures = [
            (word("visits", lang), f"{data.visits:,}"), (word("covered", lang), f"{data.enterprises_covered:,}"),
            (word("above_cov", lang), f"{data.above_size_covered}/{data.above_size_total}"),
            (word("issues_raised", lang), f"{data.issues_raised:,}"), (word("issues_resolved", lang), f"{data.issues_resolved:,}"),
            (word("open", lang), f"{data.issues_open:,}"), (word("cannot", lang), f"{data.issues_cannot:,}"),
            (word("resolution_rate", lang), _pct(data.resolution_rate)), (word("on_time_rate", lang), _pct(data.on_time_rate)),
            (word("satisfaction_rate", lang), _pct(data.satisfaction_rate)),
        ]
        cells = [[t(v, 15, color=RED, align="center") for _, v in figures[i:i + 5]] for i in (0, 5)]
        caps = [[t(k, 9, color=GREY, align="center") for k, _ in figures[i:i + 5]] for i in (0, 5)]
        grid = Table([cells[0], caps[0], cells[1], caps[1]], colWidths=[w / 5] * 5)
        grid.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, LINE), ("FONT", (0, 0), (-1, -1), FONT),
                                  ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff8f6"))]))
        story.append(grid)
        cats = sorted(data.by_category, key=lambda r: -r.raised)
        story.append(_bar_chart(word("chart_category", lang), [r.name for r in cats], [r.raised for r in cats], w,
                                word("issues_raised", lang)))
        months = [m for m, _, _ in data.by_month]
        story.append(_line_chart(word("chart_month", lang), months, [[r for _, r, _ in data.by_month],
                                                                      [s for _, _, s in data.by_month]],
                                 [word("issues_raised", lang), word("issues_resolved", lang)], w))
        status_labels = list(data.by_status)
        story.append(_bar_chart(word("chart_status", lang), status_labels, [data.by_status[s] for s in status_labels], w,
                                word("count", lang)))
        story += counts("by_team", data.by_team) + counts("by_category", data.by_category) + counts("by_township", data.by_township)
        story += [Spacer(1, 8 * mm),
                  Table([[t(f"{word('report_to', lang)}{'：' if not en else ': '}")],
                         [t(f"{word('send_to', lang)}{'：' if not en else ': '}")]], colWidths=[w],
                        style=TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                                          ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                                          ("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONT", (0, 0), (-1, -1), FONT)]))]
        canvas = numbered_canvas(lambda p, n: word("page", lang).format(p=p, n=n), None,
                                 lambda: ("yimi-missing-glyphs: " + tx.missing_note()) if tx.missing else "")
        _form_doc(path, data.title, word("summary", lang)).build(story, canvasmaker=canvas)

    return write_atomically(dest, build)


# ---- 企业档案 -----------------------------------------------------------------------------------------

def dossier(data: DossierData, dest: Path, lang: str = "zh") -> Path:
    register_font()
    tx = Typesetter()
    w = FORM_W
    colon = ": " if lang == "en" else "："

    def t(text: object, size: float = BODY, **kw: Any) -> TextBlock:
        return TextBlock(tx, "" if text is None else str(text), size, **kw)

    def section(key: str) -> Heading:
        return Heading(tx, word(key, lang), 12, align="left", space_after=2)

    def build(path: str) -> None:
        title = word("dossier", lang)
        story: list[Any] = [
            t(word("county_title", lang).format(county=data.county), 10.5, align="center", color=GREY),
            Heading(tx, title, 20), t(data.enterprise, 12, align="center"),
            t(f"{word('generated', lang)}{colon}{data.generated_at:%Y-%m-%d %H:%M}", 9, align="center", color=GREY),
            Spacer(1, 3 * mm), section("details"),
            _cells([[t(k), t(v or "—")] for k, v in data.fields], [35 * mm, w - 35 * mm], head=False, label_cols=(0,)),
            Spacer(1, 3 * mm), section("visit_history")]
        if data.visits:
            head = [t(word(k, lang)) for k in ("date", "type", "team", "officers")]
            story.append(_cells([head] + [[t(c) for c in v] for v in data.visits], [26 * mm, 22 * mm, 45 * mm, w - 93 * mm]))
        else:
            story.append(t(word("none", lang)))
        story += [Spacer(1, 3 * mm), section("issues")]
        if data.issues:
            keys = ("no", "category", "description", "raised", "handler", "status", "result")
            rows: list[list[Any]] = [[t(word(k, lang)) for k in keys]]
            rows += [[t(i.seq), t(i.category or "—"), t(f"{i.title}{colon}{i.description}" if i.description else i.title),
                      t(i.raised_on.isoformat()), t(i.team or "—"), t(i.status), t(i.result or "—")] for i in data.issues]
            story.append(_cells(rows, [12 * mm, 17 * mm, w - 12 * mm - 17 * mm - 23 * mm - 24 * mm - 15 * mm - 36 * mm,
                                       23 * mm, 24 * mm, 15 * mm, 36 * mm]))
        else:
            story.append(t(word("none", lang)))

        def header(p: int, n: int) -> str:
            return "" if p == 1 else f"{title}{colon}{data.enterprise}"

        canvas = numbered_canvas(lambda p, n: word("page", lang).format(p=p, n=n), header,
                                 lambda: ("yimi-missing-glyphs: " + tx.missing_note()) if tx.missing else "")
        _form_doc(path, f"{title}{colon}{data.enterprise}", title).build(story, canvasmaker=canvas)

    return write_atomically(dest, build)
