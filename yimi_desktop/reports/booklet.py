"""惠企政策汇编 (the booklet of the policies valid on a date, handed out free) and 政策告知单 (the one page of
the policies that concern one enterprise, printed during a visit).

The booklet: a cover, the contents with page numbers, then the policies grouped by category, each with its
plain-language summary, 文号, issuer, validity and the team to ask; A4 or A5. It is built twice: the first
pass records on which page each entry starts, the second prints those numbers in the contents (the contents
take the same room in both passes, so the numbers are right).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    LongTable,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from .base import (
    FONT,
    GREY,
    HEAD_BG,
    LINE,
    FillIn,
    Heading,
    TextBlock,
    numbered_canvas,
    register_font,
    write_atomically,
)
from .text import Typesetter

AUTHOR = "尉氏县一米团 yimi-desktop"
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class PolicyEntry:
    title: str
    category: str          # label
    document_number: str
    issuer_level: str      # label
    issuer: str
    valid_from: date | None
    valid_to: date | None
    summary: str
    team: str              # the team to ask ("" when none is known)
    team_contact: str = ""  # its lead department (and phone when known)
    reason: str = ""       # 政策告知单: why it concerns the enterprise


@dataclass(frozen=True)
class BookletData:
    title: str
    on: date
    unit: str
    generated_at: datetime
    sections: list[tuple[str, list[PolicyEntry]]]  # category label, its policies


@dataclass(frozen=True)
class NoticeData:
    title: str
    on: date
    unit: str
    enterprise: str
    credit_code: str
    township: str
    industry: str
    size: str
    generated_at: datetime
    policies: list[PolicyEntry] = field(default_factory=list)


def _ordinal(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    return str(n)


def validity(e: PolicyEntry, lang: str = "zh") -> str:
    en = lang == "en"
    a = e.valid_from.isoformat() if e.valid_from else ("—" if en else "—")
    if e.valid_to is None:
        return f"{a} – (no end date)" if en else f"{a} 起长期有效"
    return f"{a} – {e.valid_to.isoformat()}" if en else f"{a} 至 {e.valid_to.isoformat()}"


W = {  # words, zh / en
    "contents": ("目　录", "Contents"), "doc_no": ("文号", "Document No."), "issuer": ("发布机关", "Issued by"),
    "validity": ("有效期", "Valid"), "ask": ("咨询", "Ask"), "gist": ("政策要点", "In plain words"),
    "on": ("本汇编收录 {d} 有效的政策", "Policies in force on {d}"), "free": ("免费发放", "Free of charge"),
    "edited": ("{u}　编印", "Compiled by {u}"), "none": ("该日期没有有效的政策。", "No policy is in force on that date."),
    "count": ("共 {n} 项政策", "{n} policies"),
    "notice_intro": ("根据贵企业的行业、规模和所在乡镇，以下政策可能适用，请对照了解，有疑问请联系所列团队。",
                     "By your industry, size and township the policies below may apply to you; "
                     "ask the team named for details."),
    "applies": ("适用", "Applies to"), "no_match": ("目前没有与贵企业相符的有效政策。", "No policy in force matches the enterprise."),
    "name": ("企业名称", "Enterprise"), "code": ("统一社会信用代码", "Credit code"), "township": ("所在乡镇", "Township"),
    "industry": ("行业", "Industry"), "size": ("规模", "Size"), "no": ("序号", "No."),
    "policy": ("政策名称及文号", "Policy and number"), "team": ("咨询团队", "Team to ask"),
    "informer": ("告知人（签字）：", "Informed by (signature):"), "receiver": ("企业签收（签字）：", "Received for the enterprise:"),
    "policy_name": ("政策名称", "Policy"), "valid_to": ("有效期至", "Valid until"), "open_ended": ("长期", "No end"),
    "see_booklet": ("各项政策的要点、发布机关和咨询电话见《惠企政策汇编》；是否符合条件以主管部门审核为准。",
                    "The gist, issuer and contacts of each policy are in the policy booklet; the department decides "
                    "whether the enterprise qualifies."),
}


def w(key: str, lang: str) -> str:
    return W[key][1 if lang == "en" else 0]


class _Mark(Flowable):
    """A zero-size marker: the page it lands on is the page its entry starts on."""

    def __init__(self, key: int):
        super().__init__()
        self.key = key
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        return 0, 0

    def draw(self) -> None:
        pass


class _ContentsLine(Flowable):
    """A contents line: the text wrapped, a dotted leader and the page number at the right of its last line."""

    def __init__(self, tx: Typesetter, text: str, page: str, size: float, indent: float = 0):
        super().__init__()
        self.tx, self.text, self.page, self.size, self.indent = tx, text, page, size, indent
        self.leading = size * 1.6
        self._lines: list[str] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        room = availWidth - self.indent - 14 * mm
        self._lines = self.tx.lines(self.text, room, self.size)
        self.width, self.height = availWidth, len(self._lines) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        c, tx, size = self.canv, self.tx, self.size
        c.setFillColor(colors.black)
        y = self.height - self.leading + (self.leading - size) / 2 + size * 0.12
        for k, line in enumerate(self._lines):
            x = self.indent
            for font, piece in tx.runs(line):
                c.setFont(font, size)
                c.drawString(x, y, piece)
                x += c.stringWidth(piece, font, size)
            if k == len(self._lines) - 1:
                pw = c.stringWidth(self.page, FONT, size)
                c.setFont(FONT, size)
                c.drawString(self.width - pw, y, self.page)
                c.setFillColor(GREY)
                dots = x + 2
                while dots < self.width - pw - 4:
                    c.drawString(dots, y, "·")
                    dots += size * 0.5
                c.setFillColor(colors.black)
            y -= self.leading


class _Doc(SimpleDocTemplate):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.marks: dict[int, int] = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab API
        if isinstance(flowable, _Mark):
            self.marks.setdefault(flowable.key, self.page)


def _geometry(size: str) -> tuple[tuple[float, float], dict[str, float], float]:
    if size == "a5":
        return A5, dict(leftMargin=15 * mm, rightMargin=12 * mm, topMargin=15 * mm, bottomMargin=17 * mm), 10.5
    return A4, dict(leftMargin=25 * mm, rightMargin=20 * mm, topMargin=22 * mm, bottomMargin=20 * mm), 12


def booklet(data: BookletData, dest: Path, lang: str = "zh", size: str = "a4") -> Path:
    return booklet_with_contents(data, dest, lang, size)[0]


def booklet_with_contents(data: BookletData, dest: Path, lang: str = "zh",
                          size: str = "a4") -> tuple[Path, list[tuple[str, int]]]:
    """The booklet and its contents: (text, page) of each category and policy, as printed."""
    register_font()
    tx = Typesetter()
    pagesize, margins, body = _geometry(size)
    en = lang == "en"
    colon = ": " if en else "："
    small = body - 1.5

    entries: list[tuple[int, str, int]] = []  # (key, text, level) in the contents
    for si, (cat, items) in enumerate(data.sections, start=1):
        entries.append((len(entries), f"{_ordinal(si)}、{cat}" if not en else f"{si}. {cat}", 0))
        for pi, e in enumerate(items, start=1):
            entries.append((len(entries), f"{pi}. {e.title}", 1))

    def story(pages: dict[int, int]) -> list[Any]:
        s: list[Any] = []
        # cover
        s += [Spacer(1, pagesize[1] * 0.22), Heading(tx, "尉氏县" if not en else "Weishi County", body * 1.6),
              Spacer(1, 4 * mm), Heading(tx, data.title, body * 2.4), Spacer(1, 10 * mm),
              TextBlock(tx, w("on", lang).format(d=data.on.isoformat()), body, align="center"),
              TextBlock(tx, w("count", lang).format(n=sum(len(i) for _, i in data.sections)), body, align="center",
                        color=GREY),
              Spacer(1, pagesize[1] * 0.25),
              TextBlock(tx, w("edited", lang).format(u=data.unit), body, align="center"),
              TextBlock(tx, f"{data.generated_at:%Y-%m-%d}", body, align="center"),
              TextBlock(tx, w("free", lang), small, align="center", color=GREY), PageBreak()]
        # contents
        s += [Heading(tx, w("contents", lang), body * 1.5, space_after=6 * mm)]
        if not entries:
            s.append(TextBlock(tx, w("none", lang), body))
        for key, text, level in entries:
            s.append(_ContentsLine(tx, text, str(pages.get(key, 88)), body if level == 0 else small,
                                   indent=0 if level == 0 else body * 1.5))
        s.append(PageBreak())
        # the policies
        key = 0
        for _cat, items in data.sections:
            s += [CondPageBreak(40 * mm), _Mark(key),
                  Heading(tx, entries[key][1], body * 1.35, align="left", space_after=3 * mm)]
            key += 1
            for pi, e in enumerate(items, start=1):
                meta = [f"{w('doc_no', lang)}{colon}{e.document_number or '—'}",
                        f"{w('issuer', lang)}{colon}{e.issuer_level}　{e.issuer or '—'}",
                        f"{w('validity', lang)}{colon}{validity(e, lang)}",
                        f"{w('ask', lang)}{colon}{e.team or '—'}" + (f"（{e.team_contact}）" if e.team_contact else "")]
                head: list[Any] = [_Mark(key), Spacer(1, 2 * mm),
                                   Heading(tx, f"{pi}. {e.title}", body * 1.1, align="left", space_after=1 * mm)]
                head += [TextBlock(tx, m, small, color=GREY) for m in meta]
                head += [Spacer(1, 1.5 * mm), TextBlock(tx, f"【{w('gist', lang)}】", small)]
                s += [KeepTogether(head), TextBlock(tx, e.summary or "—", body), Spacer(1, 3 * mm), _Rule()]
                key += 1
        return s

    pages: dict[int, int] = {}

    def build(path: str) -> None:
        for _ in range(2):
            doc = _Doc(path, pagesize=pagesize, title=data.title, author=AUTHOR, creator="yimi-desktop",
                       subject=w("on", lang).format(d=data.on.isoformat()), **margins)
            canvas = numbered_canvas(lambda p, n: "" if p == 1 else f"— {p} —", None,
                                     lambda: ("yimi-missing-glyphs: " + tx.missing_note()) if tx.missing else "")
            doc.build(story(pages), canvasmaker=canvas)
            if doc.marks == pages:
                break
            pages.clear()
            pages.update(doc.marks)

    write_atomically(dest, build)
    return dest, [(text, pages[key]) for key, text, _level in entries]


class _Rule(Flowable):
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.width = availWidth
        return availWidth, 2 * mm

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor("#bbbbbb"))
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 1 * mm, self.width, 1 * mm)


# ---- 政策告知单 -----------------------------------------------------------------------------------------

def notice(data: NoticeData, dest: Path, lang: str = "zh") -> Path:
    register_font()
    tx = Typesetter()
    en = lang == "en"
    margins = dict(leftMargin=25 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=18 * mm)
    width = A4[0] - 45 * mm
    body = 10.5

    def t(text: object, size: float = body, **kw: Any) -> TextBlock:
        return TextBlock(tx, "" if text is None else str(text), size, **kw)

    def grid(rows: list[list[Any]], widths: list[float], head: bool, labels: tuple[int, ...] = (),
             pad: float = 3) -> LongTable:
        tb = LongTable(rows, colWidths=widths, repeatRows=1 if head else 0, splitInRow=1)
        style: list[Any] = [("GRID", (0, 0), (-1, -1), 0.5, LINE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                            ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                            ("FONT", (0, 0), (-1, -1), FONT, body)]
        if head:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
        style += [("BACKGROUND", (c, 0), (c, -1), HEAD_BG) for c in labels]
        tb.setStyle(TableStyle(style))
        return tb

    def attempt(path: str, compact: bool) -> int:
        lw = 35 * mm
        s: list[Any] = [t(f"{data.unit}", body, align="center", color=GREY), Heading(tx, data.title, 20),
                        t(f"{data.on.isoformat()}", body, align="center", color=GREY), Spacer(1, 4 * mm),
                        grid([[t(w("name", lang)), t(data.enterprise)]], [lw, width - lw], False, (0,)),
                        grid([[t(w("code", lang)), t(data.credit_code), t(w("township", lang)), t(data.township)],
                              [t(w("industry", lang)), t(data.industry or "—"), t(w("size", lang)), t(data.size)]],
                             [lw, width / 2 - lw, 25 * mm, width / 2 - 25 * mm], False, (0, 2)),
                        Spacer(1, 3 * mm), t(w("notice_intro", lang), 9.5 if compact else body), Spacer(1, 2 * mm)]
        foot: list[Any] = []
        if data.policies:
            small = 8.5 if compact else 9.0
            rows: list[list[Any]] = [[t(w(k, lang), small) for k in ("no", "policy_name", "doc_no", "valid_to",
                                                                     "applies", "team")]]
            for k, e in enumerate(data.policies, start=1):
                rows.append([t(k, small), t(e.title, small), t(e.document_number or "—", small),
                             t(e.valid_to.isoformat() if e.valid_to else w("open_ended", lang), small),
                             t(e.reason, small), t(e.team or "—", small)])
            widths = [10 * mm, width - 10 * mm - 30 * mm - 22 * mm - 22 * mm - 32 * mm, 30 * mm, 22 * mm, 22 * mm,
                      32 * mm]
            pad = 0.8 if compact else 1.5
            # the last rows stay with the signatures: the signature block never stands alone on a page
            keep = min(2, len(rows) - 1)
            s.append(grid(rows[:len(rows) - keep], widths, True, pad=pad))
            foot += [grid(rows[len(rows) - keep:], widths, False, pad=pad),
                     Spacer(1, 2 * mm), t(w("see_booklet", lang), small, color=GREY)]
        else:
            foot.append(t(w("no_match", lang)))
        date_line = FillIn(tx, [("DATE", 0, "")]) if not en else FillIn(tx, [("Date:", 40, "")])
        s.append(KeepTogether(foot + [Spacer(1, 5 * mm), FillIn(tx, [(w("informer", lang), 32, ""),
                                                                     (w("receiver", lang), 32, "")], height=11 * mm),
                                      date_line]))
        canvas = numbered_canvas(lambda p, n: f"第 {p} 页 共 {n} 页" if not en else f"Page {p} of {n}",
                                 lambda p, n: "" if p == 1 else data.enterprise,
                                 lambda: ("yimi-missing-glyphs: " + tx.missing_note()) if tx.missing else "")
        doc = SimpleDocTemplate(path, pagesize=A4, title=f"{data.title} {data.enterprise}", author=AUTHOR,
                                creator="yimi-desktop", subject=data.title, **margins)
        doc.build(s, canvasmaker=canvas)
        return int(doc.page)

    def build(path: str) -> None:
        if attempt(path, compact=False) > 1:  # a second, tighter try to keep it to one page
            attempt(path, compact=True)

    return write_atomically(dest, build)
