"""The lists a county brings in a spreadsheet: which fields, in which order, under which headers.

Headers come from the vocabulary (`domain/labels.py`: the label and its synonyms), so a sheet
headed 单位名称 or 企业名称, 信用代码 or 统一社会信用代码 is read the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..domain.errors import Message
from ..domain.labels import ENTERPRISE_SHEET, Label, field
from .cells import header_key


class ListKind(StrEnum):
    ENTERPRISES = "enterprises"
    OFFICERS = "officers"
    POLICIES = "policies"


@dataclass(frozen=True)
class Column:
    field: str  # the sheet's field name (the form's field, or `team`/`role` for an officer's team)
    entity: str  # the vocabulary entity its label is under
    vocab_field: str
    required: bool = False  # the header must name it (how the header row is found)
    width: int = 16  # template column width in characters
    mandatory: bool = False  # the form needs it (a '*' in the template) though the header row may lack it

    @property
    def starred(self) -> bool:
        return self.required or self.mandatory

    @property
    def label(self) -> Label:
        return field(self.entity, self.vocab_field)


@dataclass(frozen=True)
class ListSpec:
    kind: ListKind
    what: Message  # "企业名录" …
    sheet_title: str
    columns: tuple[Column, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns if c.required)

    def header_names(self) -> dict[str, str]:
        """Normalised header -> field, for every label and synonym of the list's columns."""
        out: dict[str, str] = {}
        for c in self.columns:
            for name in c.label.names():
                out.setdefault(header_key(name), c.field)
        return out

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


_ENTERPRISE_WIDTHS = {"name": 34, "credit_code": 22, "township": 12, "address": 30, "industry": 14, "above_size": 10,
                      "contact_person": 10, "contact_phone": 15, "notes": 24}

ENTERPRISES = ListSpec(ListKind.ENTERPRISES, Message("企业名录", "enterprise directory"), "企业名录", tuple(
    Column(f, "enterprise", f, required=f in ("name", "credit_code"), width=_ENTERPRISE_WIDTHS[f],
           mandatory=f == "township")
    for f in ENTERPRISE_SHEET))

OFFICERS = ListSpec(ListKind.OFFICERS, Message("团员名单", "officer list"), "团员名单", (
    Column("name", "officer", "name", required=True, width=10),
    Column("department", "officer", "department", width=24, mandatory=True),
    Column("title", "officer", "title", width=14),
    Column("phone", "officer", "phone", width=15),
    Column("team", "team_membership", "team_id", width=22),
    Column("role", "team_membership", "role", width=8),
))

POLICIES = ListSpec(ListKind.POLICIES, Message("惠企政策清单", "policy list"), "惠企政策清单", (
    Column("title", "policy", "title", required=True, width=36),
    Column("issuer_level", "policy", "issuer_level", width=10),
    Column("issuer", "policy", "issuer", width=20),
    Column("document_number", "policy", "document_number", width=20),
    Column("category", "policy", "category", width=12),
    Column("summary", "policy", "summary", width=50, mandatory=True),
    Column("valid_from", "policy", "valid_from", width=12),
    Column("valid_to", "policy", "valid_to", width=12),
))

SPECS: dict[ListKind, ListSpec] = {s.kind: s for s in (ENTERPRISES, OFFICERS, POLICIES)}

# an officer's role in the team, as sheets write it
LEADER_WORDS = frozenset({"团长", "组长", "队长", "负责人", "牵头人", "leader"})
