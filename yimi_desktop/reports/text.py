"""Chinese text for the PDFs: which font draws each character, line breaking with the Chinese rules, widths.

- **Fonts.** The main font (WenQuanYi Micro Hei) lacks CJK Extension A/B and draws some symbols empty (℃).
  Each character goes to the first font that has an outline for it: the main font, then the bundled
  `yimi-han-ext.ttf` (Extension A, common Extension B, symbols; a Hanazono subset), then Debian's HanaMinB
  when fonts-hanazono is installed. A character no font has is never a silent blank: it prints as
  〓 followed by its code point (U+2A6D6) and is listed in `Typesetter.missing` (the document puts the
  list in the PDF's keywords, where the preview reads it and warns).
- **Line breaking (禁则).** No line starts with 、。,;:?!)」》 and the like, none ends with “《(【;
  a run of Latin letters or digits (a word, a number, a credit code) is not broken unless it is longer than
  the whole line. Widths come from a per-font table of each character's width, filled once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..paths import resources_dir

MAIN = "YimiCJK"
EXT = "YimiHanExt"
EXT_B = "YimiHanExtB"
SYSTEM_EXT_B = (Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"),
                Path("/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"))
REPLACEMENT = "〓"

# 禁则: characters that may not begin a line, and those that may not end one
NO_START = set("\u3001\u3002\uff0c\uff0e\uff1b\uff1a\uff1f\uff01\uff09\uff3d\uff5d\u300d\u300f\u300b\u3009\u3011"
               "\u3015\u3017\u3019\u301b\u201d\u2019\u2026\u2025\u00b7\u30fb\u30fc\u2014\u2013\uff5e\uff05\u2030"
               "\u2103\u00b0\u3005\u303b,.;:?!)]}%\"'~"
               "\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e"
               "\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee")
NO_END = set("\uff08\uff3b\uff5b\u300c\u300e\u300a\u3008\u3010\u3014\u3016\u3018\u301a\u201c\u2018\uffe5\uff04"
             "([{#$\u00a3\u00a5")
_WORDY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@#&+-./%'")


def _wordy(ch: str) -> bool:
    """Part of a Latin word or a number, which is not broken."""
    return ch in _WORDY


def _ext_path() -> Path:
    return resources_dir() / "fonts" / "yimi-han-ext.ttf"


@cache
def _drawn(name: str) -> frozenset[int]:
    """Code points the registered font `name` draws with an outline (whitespace counts as drawn)."""
    face = pdfmetrics.getFont(name).face
    pos = face.glyphPos
    out = set()
    for cp, gid in face.charToGlyph.items():
        if gid + 1 < len(pos) and pos[gid + 1] > pos[gid] or chr(cp).isspace():
            out.add(cp)
    return frozenset(out)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 surrogate pairs (reportlab
    writes <20BB7>, which readers take as U+20BB: pdftotext and copy-paste would lose 𠮷)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange", f"{len(subset)} beginbfchar"]
        + [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
        + ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def register_fallbacks() -> list[tuple[str, str]]:
    """The fonts tried for each character, in order, as (name, file); a fallback font is registered (read)
    only when a character first needs it, so a document in common characters never loads it."""
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # reportlab's own writes 5 hex digits for 𠮷
    fonts = [(MAIN, "")]
    if _ext_path().exists():
        fonts.append((EXT, str(_ext_path())))
    fonts += [(EXT_B, str(p)) for p in SYSTEM_EXT_B if p.exists()][:1]
    return fonts


def _ensure(name: str, path: str) -> bool:
    if name in pdfmetrics.getRegisteredFontNames():
        return True
    try:
        pdfmetrics.registerFont(TTFont(name, path))
    except Exception:  # noqa: BLE001 - an unreadable system font is a font we do not have
        return False
    return True


@cache
def _main_chars() -> frozenset[str]:
    return frozenset(chr(cp) for cp in _drawn(MAIN))


@lru_cache(maxsize=1 << 16)
def _font_of(ch: str, fonts: tuple[tuple[str, str], ...]) -> str | None:
    cp = ord(ch)
    for name, path in fonts:
        if (name == MAIN or _ensure(name, path)) and cp in _drawn(name):
            return name
    return None


@cache
def _widths(name: str) -> dict[str, float]:
    return {}


def char_width(ch: str, font: str) -> float:
    """Width of `ch` at 1 pt in `font` (cached)."""
    table = _widths(font)
    w = table.get(ch)
    if w is None:
        w = table[ch] = pdfmetrics.stringWidth(ch, font, 1.0)
    return w


@dataclass
class Typesetter:
    """One per document: splits text into font runs, breaks lines, remembers characters no font has."""

    fonts: tuple[tuple[str, str], ...] = field(default_factory=lambda: tuple(register_fallbacks()))
    missing: set[str] = field(default_factory=set)
    _w: dict[str, float] = field(default_factory=dict, repr=False)

    # -- characters and fonts -----------------------------------------------------------------

    def runs(self, text: str) -> list[tuple[str, str]]:
        """[(font, text)] covering `text`; a character no font draws becomes 〓U+XXXX in the main font."""
        if _main_chars().issuperset(text):
            return [(MAIN, text)]
        out: list[tuple[str, str]] = []
        fonts = self.fonts
        for ch in text:
            font = MAIN if ch < "\u2000" else _font_of(ch, fonts)
            if font is None:
                self.missing.add(ch)
                piece, font = f"{REPLACEMENT}U+{ord(ch):04X}", MAIN
            else:
                piece = ch
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + piece)
            else:
                out.append((font, piece))
        return out

    def markup(self, text: str) -> str:
        """Paragraph markup for plain `text`: escaped, newlines as <br/>, rare characters in their font."""
        parts = []
        for font, piece in self.runs(text):
            piece = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
            parts.append(piece if font == MAIN else f'<font face="{font}">{piece}</font>')
        return "".join(parts)

    def width(self, text: str, size: float) -> float:
        return sum(char_width(c, f) for f, p in self.runs(text) for c in p) * size

    def missing_note(self) -> str:
        return " ".join(f"U+{ord(c):04X}" for c in sorted(self.missing))

    # -- line breaking --------------------------------------------------------------------------

    def lines(self, text: str, width: float, size: float) -> list[str]:
        """`text` broken into lines no wider than `width` at `size` pt, by the Chinese rules (禁则)."""
        room = width / size
        if "\n" not in text and self._unit_width(text) <= room:  # the common short cell
            return [text]
        out: list[str] = []
        for para in (text or "").split("\n"):
            out.extend(self._break(para, room))
        return out or [""]

    def _unit_width(self, unit: str) -> float:
        widths = self._w
        total = 0.0
        for ch in unit:
            w = widths.get(ch)
            if w is None:
                font = MAIN if ch < "\u2000" else _font_of(ch, self.fonts)
                w = widths[ch] = (char_width(ch, font) if font else
                                  sum(char_width(c, MAIN) for c in f"{REPLACEMENT}U+{ord(ch):04X}"))
            total += w
        return total

    def _break(self, text: str, room: float) -> list[str]:
        """Greedy, one pass: remember the last place a break is allowed; on overflow break there (or, when
        the line has none, before the character that overflows)."""
        widths = self._w
        lines: list[str] = []
        start = 0            # index where the current line starts
        used = 0.0           # width of text[start:i]
        brk = -1             # last allowed break index in (start, i]
        brk_used = 0.0       # width of text[start:brk]
        prev = ""
        for i, ch in enumerate(text):
            w = widths.get(ch)
            if w is None:
                w = self._unit_width(ch)
            if i > start and ch not in NO_START and prev not in NO_END and not (_wordy(prev) and _wordy(ch)):
                brk, brk_used = i, used
            if used + w > room + 1e-6 and i > start:
                if brk > start:
                    cut, rest = brk, used - brk_used
                else:  # no allowed break (one long word): cut inside it, but still not before 。 nor after “
                    cut = next((j for j in range(i, start, -1)
                                if text[j] not in NO_START and text[j - 1] not in NO_END), -1)
                    if cut < 0 and ch in NO_START:  # nothing but punctuation: let it hang past the edge
                        used += w
                        prev = ch
                        continue
                    cut = i if cut < 0 else cut
                    rest = sum(widths.get(c) or self._unit_width(c) for c in text[cut:i])
                lines.append(text[start:cut].rstrip())
                start = cut
                while start < i and text[start] == " ":
                    rest -= widths.get(" ", 0.0)
                    start += 1
                used, brk = rest, -1
                if ch == " " and start == i:
                    start, prev = i + 1, ch
                    continue
            used += w
            prev = ch
        lines.append(text[start:])
        return lines
