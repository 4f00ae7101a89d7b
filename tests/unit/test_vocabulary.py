"""The words in one place: field labels, the open statuses and local time, each defined once."""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from yimi_desktop.domain import clock, forms, labels, visits
from yimi_desktop.domain.lifecycle import EventKind, IssueEventData, IssueState, apply
from yimi_desktop.domain.vocabulary import OPEN, IssueStatus
from yimi_desktop.reports.labels import FIELD_WORDS, word
from yimi_desktop.sync.registry import fields_of, replicated_tables

PACKAGE = Path(__file__).resolve().parents[2] / "yimi_desktop"

# what each form fills in
FORM_ENTITIES = {
    forms.EnterpriseForm: "enterprise", forms.PolicyForm: "policy", forms.TeamForm: "team",
    forms.OfficerForm: "officer", visits.VisitForm: "visit", visits.AttendeeForm: "visit_attendee",
    visits.BriefedPolicy: "visit_policy", visits.RaisedIssue: "issue",
}
# columns no person edits (search keys, bookkeeping, foreign keys of link rows)
UNSHOWN = {"search_text", "sort_key", "created_by", "sort_order", "visit_id", "issue_id", "policy_id", "device_id",
           "author_officer_id", "sha256", "preview_sha256", "mime", "size", "filename", "kind", "at", "on",
           "field", "old_value", "new_value", "reason", "text"}


def _source_files():
    return [p for p in PACKAGE.rglob("*.py") if p.name != "labels.py"]


def test_every_field_a_form_fills_in_has_its_own_chinese_and_english_label():
    tables = replicated_tables()
    checked = 0
    for form, entity in FORM_ENTITIES.items():
        columns = set(fields_of(tables[entity]))
        for f in dataclasses.fields(form):
            if f.name not in columns:
                continue  # officer_ids, attendees, ...: lists of other records
            label = labels.FIELDS.get((entity, f.name))
            assert label is not None, f"no label for {entity}.{f.name}"
            assert label.zh.strip() and label.en.strip() and label.zh != label.en
            checked += 1
    assert checked >= 30


def test_every_replicated_field_a_conflict_can_name_has_a_word_in_both_languages():
    for entity, table in replicated_tables().items():
        assert labels.entity_label(entity, "zh") != entity, entity
        assert labels.entity_label(entity, "en") != entity, entity
        for name in fields_of(table):
            if name in UNSHOWN:
                continue
            assert labels.field_label(entity, name, "zh") != name, f"{entity}.{name}"
            assert labels.field_label(entity, name, "en") != name, f"{entity}.{name}"


def test_the_directory_sheet_headers_and_their_synonyms_name_one_field_each():
    for name in labels.ENTERPRISE_SHEET:
        assert labels.header_field("enterprise", labels.field_label("enterprise", name)) == name
    assert labels.header_field("enterprise", "单位名称") == "name"
    assert labels.header_field("enterprise", "信用代码") == "credit_code"
    assert labels.header_field("enterprise", "乡镇") == "township"
    assert labels.header_field("enterprise", "所属乡镇 *") == "township"
    assert labels.header_field("enterprise", "规上企业") == "above_size"
    assert labels.header_field("enterprise", "是否规上") == "above_size"
    assert labels.header_field("enterprise", "成立日期") is None
    for entity in {e for e, _ in labels.FIELDS if e != "*"}:
        seen: dict[str, str] = {}
        for (ent, name), label in labels.FIELDS.items():
            if ent != entity:
                continue
            for header in label.names():
                assert seen.setdefault(header, name) == name, f"{entity}: {header} names {seen[header]} and {name}"


def test_reports_name_fields_with_the_vocabulary():
    for key, (entity, name) in FIELD_WORDS.items():
        for lang in ("zh", "en"):
            assert word(key, lang) == labels.field_label(entity, name, lang)
    assert word("deadline", "zh") == "办理时限" and word("credit_code", "en") == "Credit code"


# The dictionaries and spellings this vocabulary replaced; none may come back.
OLD_SPELLINGS = [
    re.compile(r"\b(FIELD_LABELS|ENTITY_LABELS)\s*="),
    re.compile(r'"credit_code":\s*(self\.tr\(|\()'),
    re.compile(r'"contact_phone":\s*(self\.tr\(|\()'),
    re.compile(r'"deadline":\s*(self\.tr\(|\()"'),
    re.compile(r'self\.tr\("统一社会信用代码'),
    re.compile(r'"new",\s*"assigned",\s*"in_progress"'),
    re.compile(r"IssueStatus\.NEW\.value,\s*IssueStatus\.ASSIGNED\.value"),
    re.compile(r"\.astimezone\("),
]


def test_labels_open_statuses_and_local_time_are_spelled_once():
    found = []
    for path in _source_files():
        if path.name == "clock.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in OLD_SPELLINGS:
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {m.group(0)}")
    assert found == []


def test_open_statuses():
    assert OPEN == {IssueStatus.NEW, IssueStatus.ASSIGNED, IssueStatus.IN_PROGRESS}
    assert [s.value for s in IssueStatus if s.is_open] == ["new", "assigned", "in_progress"]
    assert not IssueStatus.RESOLVED.is_open and not IssueStatus.FOLLOWED_UP.is_open
    assert not IssueStatus.CANNOT_RESOLVE.is_open
    assert "in_progress" in OPEN and "resolved" not in OPEN  # the stored text matches too (SQL IN lists)


def test_an_issue_leaves_the_open_set_when_resolved():
    st = IssueState()
    assert st.status.is_open
    st = apply(st, IssueEventData(EventKind.ASSIGNED, date(2026, 3, 2), team_id="t", deadline=date(2026, 3, 9)))
    assert st.status.is_open
    st = apply(st, IssueEventData(EventKind.RESOLVED, date(2026, 3, 5), text="已解决"))
    assert not st.status.is_open


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_local_time_from_a_stored_utc_time_or_its_text(shanghai):
    at = datetime(2026, 1, 31, 16, 30)  # naive UTC, as stored
    assert clock.local(at).hour == 0 and clock.local(at).day == 1
    assert clock.local_text(at) == "2026-02-01 00:30"
    assert clock.local_text(at, "%Y-%m-%d") == "2026-02-01"
    assert clock.local_text("2026-01-31T16:30:00") == "2026-02-01 00:30"
    assert clock.local_text("2026-01-31 16:30") == "2026-02-01 00:30"
    assert clock.local_text(None) == "" and clock.local_text("") == ""
    assert clock.local_text("不是时间") == "不是时间"
