import pytest

from yimi_desktop.domain.errors import ValidationError
from yimi_desktop.domain.forms import (
    EnterpriseForm, PolicyForm, TeamForm, validate_enterprise, validate_policy, validate_team,
)
from datetime import date

GOOD = EnterpriseForm(name="尉氏县测试门业有限公司", credit_code="91350100M000100Y43", township="城关镇",
                      contact_phone="13812345678")


def test_good_enterprise_is_cleaned():
    f = validate_enterprise(EnterpriseForm(**{**GOOD.__dict__, "name": "  尉氏县测试门业有限公司 ",
                                             "credit_code": "91350100m000100y43"}))
    assert f.name == "尉氏县测试门业有限公司"
    assert f.credit_code == "91350100M000100Y43"


def test_every_bad_field_is_explained_in_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_enterprise(EnterpriseForm(name="", credit_code="91350100M000100Y44", township="",
                                           contact_phone="12345"))
    fields = {p.field for p in exc.value.problems}
    assert fields == {"name", "credit_code", "township", "contact_phone"}
    assert "校验位" in exc.value.for_field("credit_code")[0].message.zh
    assert "check character" in exc.value.for_field("credit_code")[0].message.en


@pytest.mark.parametrize("phone", ["13812345678", "0371-27981234", "037127981234", ""])
def test_phone_formats_accepted(phone):
    validate_enterprise(EnterpriseForm(**{**GOOD.__dict__, "contact_phone": phone}))


def test_policy_dates_must_be_in_order():
    with pytest.raises(ValidationError) as exc:
        validate_policy(PolicyForm(title="t", summary="s", valid_from=date(2021, 5, 1), valid_to=date(2021, 1, 1)))
    assert [p.field for p in exc.value.problems] == ["valid_to"]


def test_sub_team_needs_parent_and_leader_becomes_member():
    with pytest.raises(ValidationError) as exc:
        validate_team(TeamForm(name="分团", kind="sub_team", lead_department="县商务局"))
    assert [p.field for p in exc.value.problems] == ["parent_id"]
    f = validate_team(TeamForm(name="金融", kind="specialist", lead_department="县金融工作局", leader_id="a"))
    assert f.member_ids == ["a"]
