"""Unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters: registration authority (1), organisation category (1), administrative
division (6 digits), organisation code (9, GB 11714 with its own check character) and the
check character (1) computed over the first 17 with weights 3^i mod 31.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# The 31 characters of the code; I, O, S, V and Z are never used.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Registration authority -> allowed organisation categories (GB 32100-2015, table 1).
AUTHORITY_CATEGORIES: dict[str, str] = {
    "1": "1239",  # 机构编制
    "2": "19",  # 外交
    "3": "123459",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政
    "6": "129",  # 旅游
    "7": "1239",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 工商 (enterprises, individual businesses, farmers' co-operatives)
    "A": "19",  # 中央军委改革和编制办公室
    "N": "12349",  # 农业
    "Y": "1",  # 其他
}

# GB 11714 organisation code: 8 body characters (digits and Latin letters) + check.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


class CreditCodeError(Enum):
    EMPTY = "empty"
    LENGTH = "length"
    CHARACTER = "character"
    AUTHORITY = "authority"
    CATEGORY = "category"
    DIVISION = "division"
    ORG_CODE = "org_code"
    CHECK = "check"


@dataclass(frozen=True)
class CreditCodeProblem:
    error: CreditCodeError
    position: int | None = None  # 1-based position of the offending character
    expected: str | None = None  # the check character that would be right


_DROPPED = str.maketrans("", "", " -\u3000")  # what normalize takes out (a constant table)


def normalize(code: str) -> str:
    """Strip spaces and dashes and upper-case, as officers type codes in many ways."""
    return code.strip().upper().translate(_DROPPED)


def check_character(first17: str) -> str:
    """The 18th character for the given first 17 characters."""
    if len(first17) != 17 or any(c not in _VALUE for c in first17):
        raise ValueError("need 17 characters from the credit-code alphabet")
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check(body8: str) -> str:
    """GB 11714 check character for an 8-character organisation code body."""
    total = 0
    for ch, w in zip(body8, _ORG_WEIGHTS):
        if ch.isdigit():
            v = int(ch)
        elif "A" <= ch <= "Z":
            v = ord(ch) - ord("A") + 10
        else:
            raise ValueError("organisation code uses digits and Latin letters only")
        total += v * w
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def validate(code: str) -> CreditCodeProblem | None:
    """None when `code` (already normalized) is a valid credit code, else the first problem."""
    if not code:
        return CreditCodeProblem(CreditCodeError.EMPTY)
    if len(code) != 18:
        return CreditCodeProblem(CreditCodeError.LENGTH)
    for i, ch in enumerate(code, start=1):
        if ch not in _VALUE:
            return CreditCodeProblem(CreditCodeError.CHARACTER, position=i)
    if code[0] not in AUTHORITY_CATEGORIES:
        return CreditCodeProblem(CreditCodeError.AUTHORITY, position=1)
    if code[1] not in AUTHORITY_CATEGORIES[code[0]]:
        return CreditCodeProblem(CreditCodeError.CATEGORY, position=2)
    if not code[2:8].isdigit() or code[2:4] == "00":
        return CreditCodeProblem(CreditCodeError.DIVISION, position=3)
    if org_code_check(code[8:16]) != code[16]:
        return CreditCodeProblem(CreditCodeError.ORG_CODE, position=17)
    expected = check_character(code[:17])
    if code[17] != expected:
        return CreditCodeProblem(CreditCodeError.CHECK, position=18, expected=expected)
    return None


def is_valid(code: str) -> bool:
    return validate(normalize(code)) is None


def make_code(authority: str, category: str, division: str, org_body: str) -> str:
    """Build a valid code from its parts (used by the demo county and tests)."""
    first16 = authority + category + division + org_body
    first17 = first16 + org_code_check(org_body)
    return first17 + check_character(first17)
