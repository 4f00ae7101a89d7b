"""The reports' own words, in Chinese and English.

A word that names a record's field (企业名称, 办理时限, ...) is not defined here but looked up in the
vocabulary (`domain.labels`), so a PDF, a dialog and a spreadsheet header call a field the same.
The domain's enums carry their own labels.
"""

from __future__ import annotations

from ..domain.labels import field_label

# report word -> (entity, field) in the vocabulary
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "record_no": ("visit", "record_no"), "team": ("visit", "team_id"), "enterprise": ("visit", "enterprise_id"),
    "credit_code": ("enterprise", "credit_code"), "township": ("enterprise", "township"),
    "contact": ("enterprise", "contact_person"), "date": ("visit", "visit_date"), "place": ("visit", "place"),
    "type": ("visit", "visit_type"), "notes": ("visit", "notes"), "category": ("issue", "category_id"),
    "description": ("issue", "description"), "handler": ("issue", "team_id"), "deadline": ("issue", "deadline"),
    "qualifies": ("visit_policy", "qualifies"), "raised": ("issue", "raised_on"), "status": ("issue", "status"),
    "result": ("issue", "result"), "satisfaction": ("issue", "satisfaction"),
}

WORDS: dict[str, tuple[str, str]] = {
    "visit_record": ("走访记录表", "Visit record"), "ledger": ("问题台账", "Issue ledger"),
    "summary": ("工作简报", "Work summary"), "dossier": ("企业档案", "Enterprise dossier"),
    "page": ("第 {p} 页 共 {n} 页", "Page {p} of {n}"),
    "time": ("时间", "Time"), "officers": ("走访人员", "Officers"), "attendees": ("企业参加人员", "Enterprise attendees"),
    "policies": ("宣讲政策", "Policies briefed"), "issues": ("企业诉求", "Issues raised"), "issues_answers": ("企业诉求及现场答复", "Issues raised and answers"),
    "follow_up": ("回访安排", "Follow-up plan"), "photos": ("现场照片", "Photos"), "signatures": ("签字", "Signatures"),
    "sign_enterprise": ("企业负责人（签字）：", "For the enterprise (signature):"),
    "sign_officers": ("走访人员（签字）：", "Officers (signatures):"),
    "seal": ("企业（盖章）", "Enterprise seal:"),
    "sign_date": ("日期：      年    月    日", "Date:"), "none": ("无", "None"),
    "visit_unit": ("走访单位", "Visiting unit"), "name": ("姓名", "Name"), "unit": ("单位", "Unit"),
    "phone": ("联系电话", "Phone"), "post": ("职务", "Post"), "policy_name": ("政策名称", "Policy"),
    "remark": ("备注", "Remarks"), "on_site_reply": ("现场答复", "Answer on the spot"),
    "handling": ("办理意见", "Handling"), "enterprise_opinion": ("企业意见", "The enterprise's opinion"),
    "no": ("序号", "No."), "filter": ("筛选条件", "Filter"), "generated": ("生成时间", "Generated"),
    "overdue": ("超期", "overdue"), "all": ("全部", "all"), "period": ("统计期间", "Period"),
    "visits": ("走访次数", "Visits"), "covered": ("服务企业", "Enterprises visited"),
    "above_cov": ("规上企业覆盖", "Above-size coverage"),
    "issues_raised": ("收集诉求", "Issues raised"), "issues_resolved": ("办结诉求", "Issues resolved"),
    "resolution_rate": ("办结率", "Resolution rate"), "on_time_rate": ("按时办结率", "On-time rate"),
    "median_days": ("办理天数中位数", "Median days to resolve"), "satisfaction_rate": ("满意率", "Satisfaction rate"),
    "money": ("涉及金额(万元)", "Money involved (10k yuan)"), "by_team": ("按团队", "By team"), "by_category": ("按类别", "By category"),
    "by_township": ("按乡镇", "By township"), "item": ("名称", "Name"), "open": ("未办结", "Open"),
    "resolved": ("已办结", "Resolved"), "cannot": ("无法解决", "Cannot resolve"), "total": ("合计", "Total"),
    "issuer": ("编发单位", "Issued by"), "report_to": ("报", "To"), "send_to": ("送", "Copy to"),
    "count": ("件数", "Count"),
    "chart_category": ("各类诉求数量", "Issues by category"), "chart_month": ("每月收集与办结", "Raised and resolved by month"),
    "chart_status": ("诉求状态", "Issues by status"), "visit_history": ("走访历史", "Visit history"),
    "details": ("基本信息", "Details"),
    "all_teams": ("全部团队", "all teams"), "county_title": ("{county}一米团", "One-Meter Teams of {county}"),
    "qr": ("扫码查看电子记录", "Scan for the record"),
    "lead": ("主办", "Lead"), "co": ("协办", "Supporting"), "extended": ("已延期", "extended"),
    "extension_asked": ("申请延期至", "extension asked to"), "escalated": ("升级督办", "escalated"),
    "closed_off": ("已销号", "closed off"),
}


def word(key: str, lang: str) -> str:
    if key in FIELD_WORDS:
        return field_label(*FIELD_WORDS[key], lang)
    zh, en = WORDS[key]
    return en if lang == "en" else zh
