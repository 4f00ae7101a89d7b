"""Which policies concern an enterprise, and which team to ask about a policy (pure rules, no database).

A policy carries no target fields, so the 政策告知单 matches on what its words and category say:
- 农业农村 measures go to farming enterprises, 工业发展 measures to the others;
- a policy whose title or summary speaks of 规上/规模以上 enterprises goes to above-size ones only, one that
  speaks of 小微/中小微 enterprises to the others only;
- a policy that names townships of the county goes to enterprises in those townships only.
Each match says why (the notice prints it), so a clerk can see and correct a wrong guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import TOWNSHIPS, PolicyCategory

# the specialist team (seed code) that answers questions on a policy of each category
POLICY_TEAM: dict[PolicyCategory, str] = {
    PolicyCategory.FINANCE: "finance",
    PolicyCategory.TAX: "finance",
    PolicyCategory.EMPLOYMENT: "hr_social",
    PolicyCategory.TECHNOLOGY: "sci_industry",
    PolicyCategory.INDUSTRY: "sci_industry",
    PolicyCategory.AGRICULTURE: "agri_dev",
    PolicyCategory.LAND: "land",
    PolicyCategory.ENVIRONMENT: "environment",
    PolicyCategory.DISASTER: "environment",
    PolicyCategory.EPIDEMIC: "epidemic",
}

FARMING_WORDS = ("农", "种植", "养殖", "食用菌", "林", "牧", "渔", "合作社")
ABOVE_WORDS = ("规上", "规模以上")
SMALL_WORDS = ("小微", "中小微")


def is_farming(industry: str) -> bool:
    return any(w in (industry or "") for w in FARMING_WORDS)


@dataclass(frozen=True)
class Match:
    applies: bool
    reason: str  # why it applies (e.g. "全县企业", "规上企业", "城关镇企业"), or why not


def match(category: PolicyCategory, title: str, summary: str, industry: str, above_size: bool,
          township: str) -> Match:
    text = f"{title}\n{summary}"
    reasons: list[str] = []
    farming = is_farming(industry)
    if category is PolicyCategory.AGRICULTURE:
        if not farming:
            return Match(False, "农业企业")
        reasons.append("农业企业")
    elif category is PolicyCategory.INDUSTRY:
        if farming:
            return Match(False, "工业企业")
        reasons.append("工业企业")
    if any(w in text for w in ABOVE_WORDS):
        if not above_size:
            return Match(False, "规上企业")
        reasons.append("规上企业")
    elif any(w in text for w in SMALL_WORDS):
        if above_size:
            return Match(False, "中小微企业")
        reasons.append("中小微企业")
    named = [t for t in TOWNSHIPS if t in text]
    if named:
        if township not in named:
            return Match(False, "、".join(named) + "企业")
        reasons.append(f"{township}企业")
    return Match(True, "、".join(reasons) or "全县企业")


REASON_EN = {"全县企业": "All enterprises", "农业企业": "Farming", "工业企业": "Industry", "规上企业": "Above-size",
             "中小微企业": "Small & micro", "企业": " enterprises"}


def reason_en(reason: str) -> str:
    """The reason in English (township names stay as they are written)."""
    if reason in REASON_EN:
        return REASON_EN[reason]
    return ", ".join(REASON_EN.get(part, part.removesuffix("企业")) for part in reason.split("、"))
