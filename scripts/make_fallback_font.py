"""Make resources/fonts/yimi-han-ext.ttf, the fallback font the PDFs use for characters the main font
(WenQuanYi Micro Hei) lacks or draws empty (℃): CJK Extension A (all 6,582 in Hanazono), the 2,858
Extension B characters HanaMinA carries (𠮷 and the other common ones), compatibility ideographs,
radicals and symbols. Run by hand when the font changes (needs fonttools and Debian's fonts-hanazono):

    apt-get install fonts-hanazono && .venv/bin/pip install fonttools
    .venv/bin/python scripts/make_fallback_font.py

The source is Hanazono Mincho A (GlyphWiki Project), used under the Hanazono Font License (see
resources/fonts/LICENSE-hanazono.txt); the subset is renamed so it is not mistaken for the original.
The rest of Extension B (HanaMinB, 20 MB) is not bundled: the reports use it when fonts-hanazono is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")
MAIN = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
OUT = ROOT / "resources" / "fonts" / "yimi-han-ext.ttf"


def drawn(font: TTFont) -> set[int]:
    """Code points whose glyph has an outline (an empty glyph prints as a silent blank)."""
    glyf = font["glyf"]
    return {cp for cp, name in font.getBestCmap().items() if glyf[name].numberOfContours != 0}


def main() -> None:
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} missing: apt-get install fonts-hanazono")
    main_font = drawn(TTFont(MAIN, fontNumber=0))
    src = TTFont(SOURCE)
    keep = sorted(cp for cp in drawn(src) if cp not in main_font and cp > 0x2000)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = []
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=keep)
    sub.subset(src)
    names = src["name"]
    for nid, text in ((1, "Yimi Han Ext"), (2, "Regular"), (3, "YimiHanExt-from-HanaMinA-20170904"),
                      (4, "Yimi Han Ext"), (6, "YimiHanExt"),
                      (0, "Copyright 2008-2017 GlyphWiki Project (Hanazono Font); subset for yimi-desktop")):
        names.setName(text, nid, 3, 1, 0x409)
    src.save(OUT)
    print(f"{OUT}: {len(keep)} characters, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
