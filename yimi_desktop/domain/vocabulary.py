"""The words of the domain (see shared/domain.md): enums with their Chinese and English labels.

Labels live here, not in Qt translation files, because the CLI and the PDF reports need them
too and must not import Qt. The UI shows `label(lang)`.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    """A StrEnum whose members carry a (Chinese, English) label pair."""

    zh: str
    en: str

    # zh/en have defaults only for the type checker: after the class is made, `Kind("value")` looks a
    # member up by value and never reaches this.
    def __new__(cls, value: str, zh: str = "", en: str = "") -> _Labelled:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.zh = zh
        obj.en = en
        return obj

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    @classmethod
    def choices(cls, lang: str = "zh") -> list[tuple[str, str]]:
        return [(m.value, m.label(lang)) for m in cls]


class TeamKind(_Labelled):
    COMBINED = "combined", "总团", "Combined team"
    SUB_TEAM = "sub_team", "分团", "Sub-team"
    SPECIALIST = "specialist", "专业一米团", "Specialist team"


class DeviceRole(_Labelled):
    LAPTOP = "laptop", "走访笔记本", "Laptop"
    HUB = "hub", "县级中心", "County hub"


class IssuerLevel(_Labelled):
    NATIONAL = "national", "国家", "National"
    PROVINCE = "province", "省级", "Province"
    CITY = "city", "市级", "City"
    COUNTY = "county", "县级", "County"


class PolicyCategory(_Labelled):
    FINANCE = "finance", "金融信贷", "Finance & credit"
    TAX = "tax", "税费减免", "Tax & fee relief"
    EMPLOYMENT = "employment", "稳岗就业", "Jobs & employment"
    TECHNOLOGY = "technology", "科技创新", "Technology & innovation"
    INDUSTRY = "industry", "工业发展", "Industrial development"
    AGRICULTURE = "agriculture", "农业农村", "Agriculture & rural"
    LAND = "land", "用地保障", "Land"
    ENVIRONMENT = "environment", "环保", "Environment"
    DISASTER = "disaster", "灾后重建", "Disaster recovery"
    EPIDEMIC = "epidemic", "疫情防控", "Epidemic control"


class VisitType(_Labelled):
    POLICY_BRIEFING = "policy_briefing", "政策宣讲", "Policy briefing"
    PROBLEM_COLLECTION = "problem_collection", "问题收集", "Problem collection"
    FOLLOW_UP = "follow_up", "回访", "Follow-up"
    DISASTER_SURVEY = "disaster_survey", "灾情摸排", "Disaster survey"
    RESUMPTION_CHECK = "resumption_check", "复工复产检查", "Resumption-of-work check"
    OTHER = "other", "其他", "Other"


class VisitState(_Labelled):
    DRAFT = "draft", "草稿", "Draft"
    FINAL = "final", "已完成", "Final"
    VOID = "void", "已作废", "Voided"  # entered by mistake: out of lists and reports, kept in history


class IssueStatus(_Labelled):
    NEW = "new", "待交办", "New"
    ASSIGNED = "assigned", "已交办", "Assigned"
    IN_PROGRESS = "in_progress", "办理中", "In progress"
    RESOLVED = "resolved", "已办结", "Resolved"
    FOLLOWED_UP = "followed_up", "已回访", "Followed up"
    CANNOT_RESOLVE = "cannot_resolve", "无法解决", "Cannot resolve"

    @property
    def is_open(self) -> bool:
        """Still on the team's desk: not yet resolved, followed up or given up."""
        return self in OPEN


# The statuses of an issue that is still open (defined once; also the SQL `IN (...)` list).
OPEN: frozenset[IssueStatus] = frozenset({IssueStatus.NEW, IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS})


class IssueSource(_Labelled):
    """Where an issue came in (诉求来源): a visit, or any other channel."""

    VISIT = "visit", "走访", "Visit"
    PHONE = "phone", "电话", "Phone"
    WALK_IN = "walk-in", "来访", "Walk-in"
    HOTLINE = "hotline", "12345热线", "12345 hotline"
    DEPARTMENT = "department", "部门转来", "From a department"
    OTHER = "other", "其他", "Other"


class Satisfaction(_Labelled):
    SATISFIED = "satisfied", "满意", "Satisfied"
    MOSTLY = "mostly", "基本满意", "Mostly satisfied"
    UNSATISFIED = "unsatisfied", "不满意", "Not satisfied"


TOWNSHIPS: tuple[str, ...] = (
    "城关镇", "洧川镇", "朱曲镇", "蔡庄镇", "永兴镇", "张市镇", "十八里镇", "水坡镇",
    "大营镇", "庄头镇", "大桥乡", "南曹乡", "小陈乡", "邢庄乡", "门楼任乡", "岗李乡",
)

INDUSTRIES: tuple[str, ...] = (
    "肉类加工", "橡胶传动带", "塑料管材", "门业", "建筑业", "食用菌种植", "现代农业",
    "医疗器械", "纺织服装", "机械制造", "食品加工", "商贸物流", "新材料", "电子信息",
)

# Administrative division code of 尉氏县, 开封市, 河南省 (used in credit codes of the demo county).
COUNTY_DIVISION_CODE = "410223"
COUNTY_NAME = "尉氏县"


class CoveragePeriod(_Labelled):
    """How often a coverage rule (domain.coverage) asks for a visit."""
    MONTH = "month", "每月", "monthly"
    QUARTER = "quarter", "每季度", "quarterly"
    YEAR = "year", "每年", "yearly"
