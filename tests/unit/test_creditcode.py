import pytest

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.creditcode import CreditCodeError, validate

# Public sample codes in the GB 32100-2015 format, and codes built by make_code.
VALID = ["91350100M000100Y43", "91110000802100433B", creditcode.make_code("9", "1", "410223", "MA45KD2Q")]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    assert validate(code) is None
    assert creditcode.is_valid(code.lower())  # officers type lower case too


def test_normalize_strips_spaces_and_dashes():
    assert creditcode.normalize(" 9135 0100-M000 100Y43 ") == "91350100M000100Y43"


def test_check_character_known_value():
    assert creditcode.check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize("code,error,position", [
    ("", CreditCodeError.EMPTY, None),
    ("91350100M000100Y4", CreditCodeError.LENGTH, None),
    ("91350100M000100Y431", CreditCodeError.LENGTH, None),
    ("91350100M0001O0Y43", CreditCodeError.CHARACTER, 14),  # letter O is not used
    ("91350100M000100Y4I", CreditCodeError.CHARACTER, 18),
    ("Z1350100M000100Y43", CreditCodeError.CHARACTER, 1),
    ("B1350100M000100Y43", CreditCodeError.AUTHORITY, 1),
    ("95350100M000100Y43", CreditCodeError.CATEGORY, 2),
    ("913501A0M000100Y43", CreditCodeError.DIVISION, 3),
    ("91350100M000100Y53", CreditCodeError.ORG_CODE, 17),
    ("91350100M000100Y44", CreditCodeError.CHECK, 18),
])
def test_each_kind_of_invalid_code(code, error, position):
    problem = validate(code)
    assert problem is not None
    assert problem.error is error
    assert problem.position == position


def test_wrong_check_character_reports_expected():
    problem = validate("91350100M000100Y44")
    assert problem.expected == "3"


def test_every_single_character_typo_is_caught():
    code = VALID[0]
    for i in range(18):
        for ch in creditcode.ALPHABET:
            if ch != code[i]:
                typo = code[:i] + ch + code[i + 1:]
                assert validate(typo) is not None, typo
