"""Pinyin keys for searching Chinese names: full pinyin and initials ("hm" finds 红门)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _converter() -> Callable[[str], list[str]]:
    """pypinyin, imported at its first use (its dictionaries take a fifth of a second to load: not at start-up)."""
    from pypinyin import Style, lazy_pinyin, load_phrases_dict

    # 尉氏 is read yù shì, not wèi shì; pypinyin needs to be told.
    load_phrases_dict({"尉氏": [["yù"], ["shì"]], "尉氏县": [["yù"], ["shì"], ["xiàn"]]})
    # errors="default" keeps letters and digits as they are.
    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="default")


@lru_cache(maxsize=4096)
def _syllables(text: str) -> tuple[str, ...]:
    return tuple(s.lower() for s in _converter()(text))


def full(text: str) -> str:
    """'红门门业' -> 'hongmenmenye'."""
    return "".join(_syllables(text)).replace(" ", "")


def initials(text: str) -> str:
    """'红门门业' -> 'hmmy'."""
    return "".join(s[0] for s in _syllables(text) if s and not s.isspace())


def search_text(*parts: str | None) -> str:
    """One lower-case string holding each part, its pinyin and its initials, for LIKE search."""
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        out.append(part.lower())
        if any("\u4e00" <= ch <= "\u9fff" for ch in part):
            out.append(full(part))
            out.append(initials(part))
    return "|".join(out)


def sort_key(text: str) -> str:
    """Pinyin sort key, so lists come in the order a Chinese reader expects."""
    return " ".join(_syllables(text))
