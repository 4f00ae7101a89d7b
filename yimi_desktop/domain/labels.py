"""The vocabulary of records and their fields: one (Chinese, English) label per (entity, field).

Dialogs' field captions, the conflict dialog, the reports, the CLI and (next) spreadsheet headers
all read their words here, so a field is named once. The UI picks `zh` or `en` by its current
language (`UiContext.lang`) instead of repeating the word in `tr()`.

`synonyms` are other Chinese headers a county's own spreadsheet may use for the same field
(企业名称 / 单位名称); a spreadsheet import matches a header against `Label.names()`.
"""

from __future__ import annotations

from typing import NamedTuple


class Label(NamedTuple):
    """A field's or an entity's words (a NamedTuple: a frozen dataclass cost the first window ~1 ms to make)."""

    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    short: tuple[str, str] | None = None  # (zh, en) for a narrow table column

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def short_text(self, lang: str = "zh") -> str:
        """The column-header form: `short` when the label has one, else the label."""
        if self.short is None:
            return self.text(lang)
        return self.short[1] if lang == "en" else self.short[0]

    def names(self) -> tuple[str, ...]:
        """Every Chinese header that means this field: the label first, then its synonyms."""
        return (self.zh, *self.synonyms)


def _l(zh: str, en: str, *synonyms: str, short: tuple[str, str] | None = None) -> Label:
    return Label(zh, en, synonyms, short)


ENTITIES: dict[str, Label] = {
    "enterprise": _l("企业", "Enterprise"), "issue": _l("诉求", "Issue"), "visit": _l("走访", "Visit"),
    "policy": _l("政策", "Policy"), "team": _l("团队", "Team"), "officer": _l("团员", "Officer"),
    "issue_category": _l("诉求类别", "Issue category"), "team_membership": _l("团队成员", "Team member"),
    "visit_attendee": _l("企业参加人员", "Attendee"), "visit_policy": _l("宣讲政策", "Policy briefed"),
    "attachment": _l("附件", "Attachment"), "issue_event": _l("办理记录", "Issue event"),
    "visit_officer": _l("走访人员", "Visit officer"), "visit_amendment": _l("走访修改", "Visit amendment"),
    "calendar_year": _l("工作日历年度", "Calendar year"), "calendar_day": _l("工作日历", "Working-day calendar"),
    "deadline_rule": _l("办理时限规则", "Handling-time rule"),
    "liaison": _l("包联", "Liaison"), "coverage_rule": _l("走访覆盖规则", "Coverage rule"),
    "visit_plan": _l("走访计划", "Visit plan"),
    "hub_device": _l("县级中心设备", "Hub device"),
    "roster_device": _l("设备名册", "Device roster"),
}

# Field labels by (entity, field). `field_label` falls back to ("*", field) for a field whose
# word is the same on every entity.
FIELDS: dict[tuple[str, str], Label] = {
    ("enterprise", "name"): _l("企业名称", "Enterprise name", "单位名称", "企业", "名称", short=("企业名称", "Enterprise")),
    ("enterprise", "credit_code"): _l("统一社会信用代码", "Credit code", "信用代码", "社会信用代码"),
    ("enterprise", "township"): _l("所属乡镇", "Township", "乡镇", "乡镇(街道)", short=("乡镇", "Township")),
    ("enterprise", "address"): _l("地址", "Address", "企业地址", "详细地址"),
    ("enterprise", "industry"): _l("行业", "Industry", "所属行业", "行业类别"),
    ("enterprise", "above_size"): _l("是否规上", "Above-size", "规上企业", "规上", short=("规上", "Above-size")),
    ("enterprise", "contact_person"): _l("联系人", "Contact", "企业联系人"),
    ("enterprise", "contact_phone"): _l("联系电话", "Phone", "电话", "手机"),
    ("enterprise", "notes"): _l("备注", "Notes"),
    ("enterprise", "voided_at"): _l("作废时间", "Voided at"),
    ("enterprise", "void_reason"): _l("作废原因", "Reason voided"),
    ("enterprise", "visit_count"): _l("走访次数", "Visits"),
    ("enterprise", "last_visit"): _l("最近走访", "Last visit"),
    ("enterprise", "open_issue_count"): _l("未办结诉求", "Open issues"),
    ("officer", "name"): _l("姓名", "Name", "团员姓名", "人员姓名"),
    ("officer", "department"): _l("所在单位", "Department", "单位", "工作单位", "部门", "所在部门"),
    ("officer", "title"): _l("职务", "Title", "职务职级"),
    ("officer", "phone"): _l("电话", "Phone", "联系电话", "手机", "手机号码"),
    ("officer", "active"): _l("在岗", "Active"),
    ("officer", "voided_at"): _l("作废时间", "Voided at"),
    ("officer", "void_reason"): _l("作废原因", "Reason voided"),
    ("policy", "title"): _l("政策名称", "Policy title", "标题", "政策标题", "文件名称"),
    ("policy", "issuer_level"): _l("发文层级", "Issuing level", "层级", "政策层级"),
    ("policy", "issuer"): _l("发文单位", "Issuer", "发文机关", "制定单位"),
    ("policy", "document_number"): _l("文号", "Document no.", "发文字号", "文件编号"),
    ("policy", "category"): _l("政策类别", "Category", "类别", "政策类型"),
    ("policy", "summary"): _l("通俗解读", "Summary", "政策解读", "主要内容", "政策内容", "摘要"),
    ("policy", "valid_from"): _l("有效期自", "Valid from", "生效日期", "起始日期", "开始日期"),
    ("policy", "valid_to"): _l("有效期至", "Valid to", "截止日期", "失效日期", "有效期截止"),
    ("team", "name"): _l("团队名称", "Team name"),
    ("team", "kind"): _l("团队类型", "Kind of team"),
    ("team", "parent_id"): _l("所属总团", "Combined team"),
    ("team", "lead_department"): _l("牵头单位", "Lead department"),
    ("team", "description"): _l("职责说明", "Description"),
    ("team_membership", "team_id"): _l("团队", "Team", "所属团队", "所在团队", "一米团", "团队名称"),
    ("team_membership", "officer_id"): _l("团员", "Officer"),
    ("team_membership", "role"): _l("角色", "Role", "团内职务", "团内角色"),
    ("visit_officer", "officer_id"): _l("走访人员", "Officer"),
    ("issue_category", "code"): _l("代码", "Code"),
    ("issue_category", "name"): _l("类别名称", "Category"),
    ("issue_category", "name_en"): _l("英文名称", "English name"),
    ("issue_category", "default_team_id"): _l("默认承办团队", "Default team"),
    ("visit", "enterprise_id"): _l("企业名称", "Enterprise", "企业"),
    ("visit", "visit_date"): _l("走访日期", "Date"),
    ("visit", "start_time"): _l("开始时间", "Start"),
    ("visit", "end_time"): _l("结束时间", "End"),
    ("visit", "team_id"): _l("走访团队", "Team"),
    ("visit", "visit_type"): _l("走访类型", "Kind of visit"),
    ("visit", "place"): _l("地点", "Place"),
    ("visit", "notes"): _l("走访记录", "Notes"),
    ("visit", "follow_up_date"): _l("回访日期", "Follow-up date"),
    ("visit", "state"): _l("状态", "State"),
    ("visit", "record_no"): _l("编号", "No."),
    # what an amendment of a finished visit names besides its columns (services/visits.py amend_visit, void)
    ("visit", "officer_ids"): _l("走访人员", "Officers"),
    ("visit", "attendees"): _l("企业参加人员", "Enterprise attendees"),
    ("visit", "policies"): _l("宣讲政策", "Policies briefed"),
    ("visit", "issues"): _l("补记诉求", "Issue added later"),
    ("visit", "attachments"): _l("补充照片和附件", "Photo or file added later"),
    ("visit_attendee", "name"): _l("姓名", "Name"),
    ("visit_attendee", "title"): _l("职务", "Title"),
    ("visit_attendee", "phone"): _l("电话", "Phone"),
    ("visit_policy", "policy_id"): _l("宣讲政策", "Policy briefed"),
    ("visit_policy", "qualifies"): _l("是否符合", "Qualifies"),
    ("visit_policy", "note"): _l("说明", "Note"),
    ("attachment", "caption"): _l("说明", "Caption"),
    ("issue", "enterprise_id"): _l("企业名称", "Enterprise", "企业", short=("企业", "Enterprise")),
    ("issue", "category_id"): _l("类别", "Category", "诉求类别"),
    ("issue", "title"): _l("诉求", "Issue", "问题"),
    ("issue", "description"): _l("诉求内容", "Issue", "具体情况", "问题描述"),
    ("issue", "raised_on"): _l("提出日期", "Raised"),
    ("issue", "status"): _l("状态", "Status"),
    ("issue", "team_id"): _l("承办团队", "Team", "责任单位"),
    ("issue", "officer_id"): _l("经办人", "Officer"),
    ("issue", "deadline"): _l("办理时限", "Deadline"),
    ("issue", "resolved_on"): _l("办结日期", "Resolved on"),
    ("issue", "result"): _l("办理结果", "Result"),
    ("issue", "amount"): _l("涉及金额", "Money involved"),
    ("issue", "satisfaction"): _l("满意度", "Satisfaction"),
    ("issue", "source"): _l("诉求来源", "Source", "来源", "渠道"),
    ("issue", "co_team_ids"): _l("协办单位", "Supporting teams", "协办团队"),
    ("issue", "co_reported"): _l("已反馈的协办单位", "Supporting teams that reported"),
    ("issue", "escalation_reason"): _l("督办理由", "Reason for escalation"),
    ("issue", "rule_id"): _l("时限规则", "Rule"),
    ("issue", "stages"): _l("阶段时限", "Stage deadlines"),
    ("issue", "extension_to"): _l("申请延期至", "Extension asked to"),
    ("issue", "extended"): _l("是否延期", "Extended"),
    ("issue", "escalated_on"): _l("升级督办日期", "Escalated on"),
    ("issue", "closed_on"): _l("销号日期", "Closed off on", "销号状态"),
    ("issue_event", "co_team_ids"): _l("协办单位", "Supporting teams"),
    ("issue_event", "rule_id"): _l("时限规则", "Rule"),
    ("issue_event", "stages"): _l("阶段时限", "Stage deadlines"),
    ("issue_event", "kind"): _l("办理环节", "Act"),
    ("calendar_year", "year"): _l("年度", "Year"),
    ("calendar_year", "source"): _l("数据来源", "Source"),
    ("calendar_day", "day"): _l("日期", "Date"),
    ("calendar_day", "workday"): _l("是否工作日", "Working day"),
    ("calendar_day", "name"): _l("节日/调休", "Holiday or make-up day"),
    ("liaison", "enterprise_id"): _l("企业名称", "Enterprise"),
    ("liaison", "team_id"): _l("包联单位", "Liaison team", "包联团队"),
    ("liaison", "officer_id"): _l("包联团员", "Liaison officer", "包联干部"),
    ("visit_plan", "team_id"): _l("走访团队", "Team"),
    ("visit_plan", "month"): _l("计划月份", "Month"),
    ("visit_plan", "enterprise_id"): _l("企业名称", "Enterprise"),
    ("visit_plan", "active"): _l("在计划中", "On the plan"),
    ("hub_device", "device_id"): _l("设备编号", "Device id"),
    ("hub_device", "identity_id"): _l("县级中心身份", "Hub identity"),
    ("hub_device", "signing_public"): _l("签名公钥", "Signing key"),
    ("hub_device", "signature"): _l("签名", "Signature"),
    ("roster_device", "identity_id"): _l("设备身份", "Device identity"),
    ("roster_device", "name"): _l("设备名称", "Device name"),
    ("roster_device", "signing_public"): _l("签名公钥", "Signing key"),
    ("roster_device", "revoked_at"): _l("吊销时间", "Revoked at"),
    ("roster_device", "hub_identity_id"): _l("县级中心身份", "Hub identity"),
    ("roster_device", "hub_key"): _l("县级中心密钥", "Hub key"),
    ("roster_device", "signature"): _l("签名", "Signature"),
    ("coverage_rule", "name"): _l("规则名称", "Rule"),
    ("coverage_rule", "period"): _l("周期", "Period"),
    ("coverage_rule", "min_visits"): _l("每期至少走访", "Least visits per period"),
    ("coverage_rule", "above_size_only"): _l("仅规上企业", "Above-size only"),
    ("coverage_rule", "often_visits"): _l("走访偏多次数", "Visits counted as often"),
    ("coverage_rule", "active"): _l("启用", "In use"),
    ("deadline_rule", "code"): _l("代码", "Code"),
    ("deadline_rule", "name"): _l("规则名称", "Rule"),
    ("deadline_rule", "stages"): _l("阶段时限", "Stage deadlines"),
    ("deadline_rule", "category_ids"): _l("适用类别", "Categories"),
    ("deadline_rule", "is_default"): _l("默认规则", "Default rule"),
    ("deadline_rule", "active"): _l("启用", "In use"),
    ("deadline_rule", "sort_order"): _l("排序", "Order"),
    ("deadline_rule", "extension_lead"): _l("延期须提前工作日", "Extension asked working days ahead"),
    ("issue_event", "deadline"): _l("办理时限", "Deadline"),
    ("issue_event", "amount"): _l("涉及金额", "Money involved"),
    ("issue_event", "satisfaction"): _l("满意度", "Satisfaction"),
    # the same word on every entity
    ("*", "name"): _l("名称", "Name"),
    ("*", "notes"): _l("备注/记录", "Notes"),
    ("*", "title"): _l("标题", "Title"),
    ("*", "description"): _l("具体情况", "Details"),
    ("*", "team_id"): _l("团队", "Team"),
    ("*", "officer_id"): _l("经办人", "Officer"),
    ("*", "phone"): _l("电话", "Phone"),
    ("*", "department"): _l("单位", "Department"),
    ("*", "role"): _l("角色", "Role"),
    ("*", "created_at"): _l("登记时间", "Recorded"),
    ("*", "updated_at"): _l("最后修改", "Last changed"),
}

# The enterprise fields a directory spreadsheet carries, in column order (the next issue's import/export).
ENTERPRISE_SHEET: tuple[str, ...] = (
    "name", "credit_code", "township", "address", "industry", "above_size", "contact_person", "contact_phone", "notes",
)


def field(entity: str, name: str) -> Label:
    """The label of `entity.name`; a field nobody named is shown by its code name in both languages."""
    return FIELDS.get((entity, name)) or FIELDS.get(("*", name)) or Label(name, name)


def field_label(entity: str, name: str, lang: str = "zh") -> str:
    return field(entity, name).text(lang)


def entity_label(entity: str, lang: str = "zh") -> str:
    return ENTITIES.get(entity, Label(entity, entity)).text(lang)


def header_field(entity: str, header: str) -> str | None:
    """The field a spreadsheet header names (its label or a synonym, spaces and '*' ignored), or None."""
    h = header.replace(" ", "").replace("\u3000", "").rstrip("*").strip()
    for (ent, name), label in FIELDS.items():
        if ent == entity and h in label.names():
            return name
    return None
