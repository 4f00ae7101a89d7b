"""The county's standing structure, created at `init` on every installation.

Seeded records get deterministic ids (uuid5 of a fixed name), so the same team or category
made on two laptops is the same record when their data meet at the hub.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from ..domain.vocabulary import TeamKind
from ..storage.models import IssueCategory, Team

_NS = uuid.UUID("6f1b7a52-3c1e-4f57-9a55-0d5a1e0c7a11")


def seeded_id(kind: str, code: str) -> str:
    return uuid.uuid5(_NS, f"{kind}:{code}").hex


# (code, name, kind, parent code, lead department, description)
TEAMS: tuple[tuple[str, str, TeamKind, str | None, str, str], ...] = (
    ("county", "尉氏县一米团", TeamKind.COMBINED, None, "县委县政府",
     "县长任总团长,常务副县长任副总团长,统筹全县一米团工作。"),
    ("epidemic", "疫情防控分团", TeamKind.SUB_TEAM, "county", "县卫生健康委", "指导企业做好疫情防控。"),
    ("industry", "工业企业分团", TeamKind.SUB_TEAM, "county", "县工业和信息化局", "服务工业企业复工复产。"),
    ("agri_rural", "农业农村分团", TeamKind.SUB_TEAM, "county", "县农业农村局", "服务农业企业和合作社。"),
    ("commerce", "商贸流通分团", TeamKind.SUB_TEAM, "county", "县商务局", "服务商贸、物流企业。"),
    ("projects", "项目建设分团", TeamKind.SUB_TEAM, "county", "县发展和改革委员会", "推进重点项目建设。"),
    ("sci_industry", "科技工信专业一米团", TeamKind.SPECIALIST, "county", "县科技和工业信息化局", "技术改造、科技项目、电力与生产要素保障。"),
    ("finance", "金融专业一米团", TeamKind.SPECIALIST, "county", "县金融工作局", "融资方案、贷前调查、驻企帮扶。"),
    ("environment", "环保专业一米团", TeamKind.SPECIALIST, "county", "市生态环境局尉氏分局", "环保手续、灾后环保指导。"),
    ("hr_social", "人社专业一米团", TeamKind.SPECIALIST, "county", "县人力资源和社会保障局", "用工招聘、社保政策、人才引进。"),
    ("land", "土地专业一米团", TeamKind.SPECIALIST, "county", "县自然资源局", "项目用地、不动产登记。"),
    ("publicity", "新闻宣传专业一米团", TeamKind.SPECIALIST, "county", "县委宣传部", "宣传企业、发布招聘信息。"),
    ("rural_revival", "乡村振兴专业一米团", TeamKind.SPECIALIST, "county", "县乡村振兴局", "村集体产业、帮扶项目。"),
    ("agri_dev", "农业发展专业一米团", TeamKind.SPECIALIST, "county", "县农业农村局", "农业产业化、农产品销售。"),
)

# (code, name, English name, default specialist team code)
CATEGORIES: tuple[tuple[str, str, str, str], ...] = (
    ("funds", "资金融资", "Funds & loans", "finance"),
    ("labour", "用工招聘", "Staff & recruitment", "hr_social"),
    ("talent", "人才引进", "Talent", "hr_social"),
    ("social_insurance", "社保政策", "Social insurance", "hr_social"),
    ("raw_materials", "原材料供应", "Raw materials", "sci_industry"),
    ("power", "水电气保障", "Power, water & gas", "sci_industry"),
    ("technology", "技术改造与科技项目", "Technology upgrade", "sci_industry"),
    ("transport", "运输与车辆通行", "Transport & vehicle passes", "sci_industry"),
    ("sales", "产品销售", "Sales", "publicity"),
    ("environment", "环保手续", "Environmental permits", "environment"),
    ("disaster", "灾后重建", "Disaster recovery", "environment"),
    ("land", "项目用地", "Land for projects", "land"),
    ("agriculture", "农业生产", "Agricultural production", "agri_dev"),
    ("rural", "村集体产业", "Village enterprises", "rural_revival"),
    ("other", "其他诉求", "Other", "sci_industry"),
)


def seed_structure(s: Session, device_id: str) -> None:
    for order, (code, name, kind, parent, lead, desc) in enumerate(TEAMS):
        s.add(Team(id=seeded_id("team", code), name=name, kind=kind.value,
                   parent_id=seeded_id("team", parent) if parent else None, lead_department=lead,
                   description=desc, sort_order=order, created_by=device_id, updated_by=device_id))
    s.flush()
    for order, (code, name, name_en, team) in enumerate(CATEGORIES):
        s.add(IssueCategory(id=seeded_id("category", code), code=code, name=name, name_en=name_en,
                            default_team_id=seeded_id("team", team), sort_order=order,
                            created_by=device_id, updated_by=device_id))


