"""One field written outside its form (a settled conflict) follows the form's rules; periods refuse reversed dates."""

from __future__ import annotations

from datetime import date

import pytest

from yimi_desktop.domain.errors import DomainError, ValidationError
from yimi_desktop.domain.forms import validate_field
from yimi_desktop.domain.periods import check_period

RECORD = {"id": "x", "name": "尉氏县某公司", "credit_code": "", "township": "城关镇", "contact_phone": "", "updated_by": "d"}


def test_a_bad_phone_is_refused_with_the_forms_message():
    with pytest.raises(ValidationError) as exc:
        validate_field("enterprise", "contact_phone", "abc", RECORD)
    assert [p.field for p in exc.value.problems] == ["contact_phone"]
    assert "电话号码格式不对" in exc.value.problems[0].message.zh


def test_a_good_value_comes_back_cleaned_and_other_fields_problems_do_not_count():
    # the record's own credit code is empty (a problem of another field): only this field is judged
    assert validate_field("enterprise", "contact_phone", "138 1234 5678", RECORD) == "13812345678"
    assert validate_field("officer", "phone", "0371-27981234", {"name": "张三", "department": "金融办"}) == "0371-27981234"
    with pytest.raises(ValidationError):
        validate_field("officer", "name", "  ", {"name": "张三", "department": "金融办"})
    assert validate_field("visit", "notes", "任何文字", {}) == "任何文字"  # no form rule for this entity


def test_reversed_period_is_refused_and_open_ends_fit():
    check_period(date(2026, 1, 1), date(2026, 1, 1))
    check_period(None, date(2020, 1, 1))
    with pytest.raises(DomainError) as exc:
        check_period(date(2026, 2, 1), date(2026, 1, 1))
    assert "不能早于" in exc.value.message.zh
