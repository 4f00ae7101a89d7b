"""Plain data for what users enter, and its validation.

These dataclasses travel between the UI/CLI and the services; `validate_*` returns every
problem at once so a dialog can mark each wrong field with its own explanation.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import creditcode
from .creditcode import CreditCodeError
from .errors import FieldProblem, Message, ValidationError
from .vocabulary import IssuerLevel, PolicyCategory, TeamKind

_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,5})?)$")


def _credit_code_message(problem: creditcode.CreditCodeProblem) -> Message:
    e = problem.error
    if e is CreditCodeError.EMPTY:
        return Message("请填写统一社会信用代码(18位)。", "Enter the 18-character unified social credit code.")
    if e is CreditCodeError.LENGTH:
        return Message("统一社会信用代码应为18位。", "The credit code must have exactly 18 characters.")
    if e is CreditCodeError.CHARACTER:
        return Message(
            f"第{problem.position}位字符无效:只能是数字和除 I、O、S、V、Z 以外的大写字母。",
            f"Character {problem.position} is not allowed: use digits and capital letters except I, O, S, V, Z.",
        )
    if e is CreditCodeError.AUTHORITY:
        return Message("第1位(登记管理部门代码)无效,企业一般为 9。",
                       "Character 1 (registration authority) is not valid; enterprises usually start with 9.")
    if e is CreditCodeError.CATEGORY:
        return Message("第2位(机构类别代码)与第1位的登记管理部门不匹配。",
                       "Character 2 (organisation category) does not fit the registration authority.")
    if e is CreditCodeError.DIVISION:
        return Message("第3—8位应为6位行政区划代码。",
                       "Characters 3-8 must be the 6-digit administrative division code.")
    if e is CreditCodeError.ORG_CODE:
        return Message("第9—17位组织机构代码的校验位不正确,请核对是否输错。",
                       "The organisation code (characters 9-17) fails its check; please check for a typo.")
    return Message(
        f"校验位(第18位)不正确,请核对是否输错(按前17位计算应为 {problem.expected})。",
        f"The check character (18th) is wrong; please check for a typo (the first 17 give {problem.expected}).",
    )


def _required(value: str, field_name: str, zh: str, en: str, problems: list[FieldProblem]) -> None:
    if not value.strip():
        problems.append(FieldProblem(field_name, Message(f"请填写{zh}。", f"Enter the {en}.")))


def _phone(value: str, field_name: str, problems: list[FieldProblem]) -> None:
    if value and not _PHONE.match(value.replace(" ", "")):
        problems.append(FieldProblem(field_name, Message(
            "电话号码格式不对:手机号为11位(如 13812345678),座机如 0371-27981234。",
            "Phone number not recognised: a mobile has 11 digits (13812345678), a landline looks like 0371-27981234.",
        )))


@dataclass
class EnterpriseForm:
    name: str = ""
    credit_code: str = ""
    township: str = ""
    address: str = ""
    industry: str = ""
    above_size: bool = False
    contact_person: str = ""
    contact_phone: str = ""
    notes: str = ""

    def cleaned(self) -> EnterpriseForm:
        return EnterpriseForm(
            name=self.name.strip(),
            credit_code=creditcode.normalize(self.credit_code),
            township=self.township.strip(),
            address=self.address.strip(),
            industry=self.industry.strip(),
            above_size=bool(self.above_size),
            contact_person=self.contact_person.strip(),
            contact_phone=self.contact_phone.strip().replace(" ", ""),
            notes=self.notes.strip(),
        )


def validate_enterprise(form: EnterpriseForm) -> EnterpriseForm:
    """Return the cleaned form, or raise ValidationError listing every wrong field."""
    f = form.cleaned()
    problems: list[FieldProblem] = []
    _required(f.name, "name", "企业名称", "enterprise name", problems)
    if len(f.name) > 100:
        problems.append(FieldProblem("name", Message("企业名称不能超过100个字。", "The name may have at most 100 characters.")))
    cc = creditcode.validate(f.credit_code)
    if cc is not None:
        problems.append(FieldProblem("credit_code", _credit_code_message(cc)))
    _required(f.township, "township", "所属乡镇", "township", problems)
    _phone(f.contact_phone, "contact_phone", problems)
    if problems:
        raise ValidationError(problems)
    return f


@dataclass
class PolicyForm:
    title: str = ""
    issuer_level: str = IssuerLevel.PROVINCE.value
    issuer: str = ""
    document_number: str = ""
    category: str = PolicyCategory.FINANCE.value
    summary: str = ""
    valid_from: date | None = None
    valid_to: date | None = None


def validate_policy(form: PolicyForm) -> PolicyForm:
    problems: list[FieldProblem] = []
    f = PolicyForm(
        title=form.title.strip(), issuer_level=form.issuer_level, issuer=form.issuer.strip(),
        document_number=form.document_number.strip(), category=form.category,
        summary=form.summary.strip(), valid_from=form.valid_from, valid_to=form.valid_to,
    )
    _required(f.title, "title", "政策名称", "policy title", problems)
    if f.issuer_level not in {m.value for m in IssuerLevel}:
        problems.append(FieldProblem("issuer_level", Message("请选择发文层级。", "Choose the issuing level.")))
    if f.category not in {m.value for m in PolicyCategory}:
        problems.append(FieldProblem("category", Message("请选择政策类别。", "Choose the policy category.")))
    _required(f.summary, "summary", "通俗解读", "plain-language summary", problems)
    if f.valid_from and f.valid_to and f.valid_to < f.valid_from:
        problems.append(FieldProblem("valid_to", Message("有效期截止日期不能早于起始日期。",
                                                         "The end of validity cannot be before its start.")))
    if problems:
        raise ValidationError(problems)
    return f


@dataclass
class TeamForm:
    name: str = ""
    kind: str = TeamKind.SPECIALIST.value
    parent_id: str | None = None
    lead_department: str = ""
    description: str = ""
    member_ids: list[str] = field(default_factory=list)
    leader_id: str | None = None


def validate_team(form: TeamForm) -> TeamForm:
    problems: list[FieldProblem] = []
    f = TeamForm(
        name=form.name.strip(), kind=form.kind, parent_id=form.parent_id or None,
        lead_department=form.lead_department.strip(), description=form.description.strip(),
        member_ids=list(dict.fromkeys(form.member_ids)), leader_id=form.leader_id or None,
    )
    _required(f.name, "name", "团队名称", "team name", problems)
    if f.kind not in {m.value for m in TeamKind}:
        problems.append(FieldProblem("kind", Message("请选择团队类型。", "Choose the kind of team.")))
    if f.kind == TeamKind.SUB_TEAM.value and not f.parent_id:
        problems.append(FieldProblem("parent_id", Message("分团须隶属于一个总团。", "A sub-team belongs to a combined team.")))
    _required(f.lead_department, "lead_department", "牵头单位", "lead department", problems)
    if f.leader_id and f.leader_id not in f.member_ids:
        f.member_ids.insert(0, f.leader_id)
    if problems:
        raise ValidationError(problems)
    return f


@dataclass
class OfficerForm:
    name: str = ""
    department: str = ""
    title: str = ""
    phone: str = ""


def validate_officer(form: OfficerForm) -> OfficerForm:
    problems: list[FieldProblem] = []
    f = OfficerForm(form.name.strip(), form.department.strip(), form.title.strip(), form.phone.strip())
    _required(f.name, "name", "姓名", "name", problems)
    _required(f.department, "department", "所在单位", "department", problems)
    _phone(f.phone, "phone", problems)
    if problems:
        raise ValidationError(problems)
    return f


_FIELD_RULES: dict[str, tuple[type, Callable[[Any], Any]]] = {"enterprise": (EnterpriseForm, validate_enterprise), "policy": (PolicyForm, validate_policy),
                "team": (TeamForm, validate_team), "officer": (OfficerForm, validate_officer)}


def validate_field(entity: str, field_name: str, value: object, record: dict[str, object]) -> object:
    """One field written outside its form (a settled conflict, for instance) checked by the form's
    own rules: the record's other values fill the rest of the form, and only this field's problems
    count. Returns the cleaned value; raises ValidationError with the field's message."""
    rule = _FIELD_RULES.get(entity)
    if rule is None:
        return value
    form_type, validate = rule
    names = {f.name for f in dataclasses.fields(form_type)}
    if field_name not in names:
        return value
    values = {k: v for k, v in record.items() if k in names and v is not None}
    values[field_name] = value
    try:
        form = form_type(**values)
        cleaned = validate(form)
    except ValidationError as exc:
        mine = exc.for_field(field_name)
        if mine:
            raise ValidationError(mine) from None
        # another field of the stored record is wrong (older data): judge only this one, cleaned if the form can
        return getattr(form.cleaned(), field_name) if hasattr(form, "cleaned") else value
    except (TypeError, AttributeError):  # a value of the wrong type for the form (e.g. a number for text)
        raise ValidationError([FieldProblem(field_name, Message("这个值的格式不对。", "This value has the wrong form."))]) from None
    return getattr(cleaned, field_name)
