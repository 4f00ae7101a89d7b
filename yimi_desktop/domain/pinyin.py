"""Pinyin keys for searching Chinese names: full pinyin and initials ("hm" finds 红门).

The keys are exactly what `pypinyin.lazy_pinyin(text, style=NORMAL, errors="default")` gives, but
computed faster for lists of thousands of names: pypinyin first cuts a text into words (phrases it
knows, single characters, runs of other characters) and then converts each word on its own; the
cut stays pypinyin's (runs of Chinese and of other characters, each Chinese run cut by its mmseg,
remembered per distinct run), and the conversion of each distinct word (尉氏县, 有限公司, 建材 …) is
done once and remembered. Converting a word costs ~0.1 ms (style regexes); a county's names share most words, so
an import of 20,000 names converts a few thousand words instead of 60,000. tests/unit/test_pinyin.py
checks the keys against lazy_pinyin on many names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace
from typing import Any


@lru_cache(maxsize=1)
def _engine() -> Any:
    """pypinyin, imported at its first use (its dictionaries take a fifth of a second to load: not at
    start-up), with what the conversion below needs of it."""
    from pypinyin import Style, load_phrases_dict
    from pypinyin.constants import RE_HANS
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin
    from pypinyin.seg import mmseg

    # 尉氏 is read yù shì, not wèi shì; pypinyin needs to be told (before any word is remembered).
    load_phrases_dict({"尉氏": [["yù"], ["shì"]], "尉氏县": [["yù"], ["shì"], ["xiàn"]]})
    # pypinyin's test of one Chinese character (RE_HANS is `^(?:[class])+$`), as runs: simple_seg's loop
    cls = RE_HANS.pattern.removeprefix("^(?:").removesuffix(")+$")
    return SimpleNamespace(
        style=Style.NORMAL, hans=RE_HANS, mmseg=mmseg,
        # what pypinyin.lazy_pinyin builds on every call with its default options
        pinyin=Pinyin(UltimateConverter(v_to_u=False, neutral_tone_with_five=False, tone_sandhi=False)),
        runs=re.compile(f"{cls}+|(?:(?!{cls}).)+", re.DOTALL))


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, ...]:
    """One word as pypinyin.Pinyin.pinyin converts it (errors="default" keeps letters and digits)."""
    e = _engine()
    pys = e.pinyin._converter.convert(word, e.style, False, "default", strict=True)
    return tuple(s.lower() for readings in pys for s in readings)


def _runs(text: str) -> list[str]:
    """pypinyin.seg.simpleseg.simple_seg: the text cut into runs of Chinese and of other characters."""
    return _engine().runs.findall(text) if text else [""]


@lru_cache(maxsize=16384)
def _cut(run: str) -> tuple[str, ...]:
    """A run of Chinese characters cut into words, as pypinyin.seg.simpleseg.seg cuts it."""
    return tuple(_engine().mmseg.seg.cut(run))


@lru_cache(maxsize=4096)
def _syllables(text: str) -> tuple[str, ...]:
    # pypinyin.seg.simpleseg.seg (what Pinyin.seg calls), with the cut of each Chinese run remembered
    hans = _engine().hans
    out: list[str] = []
    for part in _runs(text):
        for word in (_cut(part) if hans.match(part) else (part,)):
            out.extend(_word(word))
    return tuple(out)


def full(text: str) -> str:
    """'红门门业' -> 'hongmenmenye'."""
    return "".join(_syllables(text)).replace(" ", "")


def initials(text: str) -> str:
    """'红门门业' -> 'hmmy'."""
    return "".join(s[0] for s in _syllables(text) if s and not s.isspace())


_HAN = re.compile("[\u4e00-\u9fff]")  # a character search_text adds the pinyin of


def search_text(*parts: str | None) -> str:
    """One lower-case string holding each part, its pinyin and its initials, for LIKE search."""
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        out.append(part.lower())
        if _HAN.search(part):
            out.append(full(part))
            out.append(initials(part))
    return "|".join(out)


def sort_key(text: str) -> str:
    """Pinyin sort key, so lists come in the order a Chinese reader expects."""
    return " ".join(_syllables(text))
