"""Trap B7: a finished visit can be corrected in every field (enterprise, date, officers, policies,
attendees, a forgotten issue or photo), each amendment with its reason, checked in the service with
the form's rules, kept in the history and synced; 作废 (void, with reason) for a visit, an enterprise or
an officer entered by mistake: out of the lists and figures, kept in the history."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sync_helpers import enrol, make_hub

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.errors import DomainError, ValidationError
from yimi_desktop.domain.forms import EnterpriseForm, OfficerForm, PolicyForm
from yimi_desktop.domain.visits import AttendeeForm, BriefedPolicy, RaisedIssue, VisitForm
from yimi_desktop.domain.vocabulary import DeviceRole, IssuerLevel, PolicyCategory
from yimi_desktop.services.context import init_services, open_services
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.services.visits import VisitQuery
from yimi_desktop.storage.database import head_revision

CODES = ("91350100M000100Y43", creditcode.make_code("9", "1", "410223", "MA9HMMY1"))


@pytest.fixture
def svc(tmp_path):
    s = init_services(tmp_path / "a.db", "笔记本", DeviceRole.LAPTOP)
    yield s
    s.close()


def _enterprise(svc, name: str, code: str) -> str:
    return svc.enterprises.add(EnterpriseForm(name=name, credit_code=code, township="城关镇", address="迎宾大道1号"))


def _staff(svc) -> None:
    """Two officers in each of the first two teams (a fresh database has teams, no officers)."""
    for n, team in enumerate(svc.teams.list()[:2]):
        if not team.member_count:
            for k in range(2):
                svc.officers.add(OfficerForm(f"团员{n}{k}", "县商务局", "", ""), team_id=team.id)


def _visit(svc, enterprise_id: str) -> str:
    _staff(svc)
    team = next(t for t in svc.teams.list() if t.member_count >= 2)
    members = svc.teams.get(team.id).members
    return svc.visits.finish(VisitForm(enterprise_id=enterprise_id, visit_date=date.today() - timedelta(days=3),
                                       start_time=time(9, 0), end_time=time(10, 0), team_id=team.id,
                                       officer_ids=[members[0].id], notes="用电不稳定",
                                       issues=[RaisedIssue(svc.categories.list()[0].id, "线路老化", "")]))


def test_every_field_of_a_finished_visit_is_amended_with_its_reason(svc, tmp_path):
    wrong, right = _enterprise(svc, "尉氏县记错了有限公司", CODES[0]), _enterprise(svc, "尉氏县宏达物流有限公司", CODES[1])
    vid = _visit(svc, wrong)
    form = svc.visits.form_of(vid)
    other_team = next(t for t in svc.teams.list() if t.id != form.team_id and t.member_count)
    officers = [o.id for o in svc.teams.get(other_team.id).members[:2]]
    pid = svc.policies.add(PolicyForm(title="企业用电补贴办法", issuer_level=IssuerLevel.COUNTY.value, issuer="县政府",
                                      category=PolicyCategory.INDUSTRY.value, summary="用电补贴"))
    policy = svc.policies.get(pid)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    form.enterprise_id, form.visit_date, form.team_id, form.officer_ids = right, form.visit_date - timedelta(days=1), \
        other_team.id, officers
    form.attendees = [AttendeeForm("王强", "厂长", "13912345678")]
    form.policies = [BriefedPolicy(policy.id, "yes", "已申报")]
    form.issues = [RaisedIssue(svc.categories.list()[1].id, "招工难", "缺技术工人")]  # forgotten on the day
    form.attachment_paths = [str(photo)]
    changed = svc.visits.amend_visit(vid, form, "企业记错了,日期和人员也错了")
    assert changed == ["enterprise_id", "visit_date", "team_id", "officer_ids", "attendees", "policies", "issues",
                       "attachments"]
    d = svc.visits.get(vid)
    assert d.row.enterprise_id == right and d.row.visit_date == form.visit_date
    assert {o for o, _ in d.officers} == set(officers)
    assert d.attendees == [("王强", "厂长", "13912345678")] and d.policies[0][0] == policy.id
    assert [a[1] for a in d.attachments] == ["现场照片.jpg"]
    assert {a.field for a in d.amendments} == set(changed)
    assert all(a.reason == "企业记错了,日期和人员也错了" for a in d.amendments)
    moved = next(a for a in d.amendments if a.field == "enterprise_id")
    assert (moved.old_value, moved.new_value) == ("尉氏县记错了有限公司", "尉氏县宏达物流有限公司")  # names, not ids
    # the visit's issues, the forgotten one too, belong to the right enterprise now
    issues = svc.issues.rows(svc.issues.ids(IssueQuery(enterprise_id=right)))
    assert {i.title for i in issues} == {"线路老化", "招工难"}
    assert svc.issues.ids(IssueQuery(enterprise_id=wrong)) == []
    assert svc.visits.ids(VisitQuery(enterprise_id=right)) == [vid]


def test_amendments_are_checked_in_the_service_and_refused_whole(svc):
    vid = _visit(svc, _enterprise(svc, "尉氏县检查有限公司", CODES[0]))
    before = svc.visits.get(vid)
    cases = [
        ("visit_date", date.today() + timedelta(days=2), "走访日期不能晚于今天"),
        ("officer_ids", [], "至少选择一名走访人员"),
        ("officer_ids", ["no-such-officer"], "所选走访人员不存在"),
        ("enterprise_id", "no-such-enterprise", "所选企业不存在"),
        ("end_time", time(8, 0), "结束时间不能早于开始时间"),
        ("follow_up_date", before.row.visit_date - timedelta(days=1), "回访日期不能早于走访日期"),
        ("notes", before.notes, "相同"),
    ]
    for name, value, words in cases:
        form = svc.visits.form_of(vid)
        setattr(form, name, value)
        with pytest.raises(ValidationError) as exc:
            svc.visits.amend_visit(vid, form, "试试")
        assert words in " ".join(p.message.zh for p in exc.value.problems), name
    with pytest.raises(ValidationError, match="原因|reason") as exc:
        form = svc.visits.form_of(vid)
        form.notes = "新的记录"
        svc.visits.amend_visit(vid, form, "  ")
    # the one-field amendment (the dialog's) goes through the same checks
    with pytest.raises(ValidationError):
        svc.visits.amend(vid, "end_time", time(7, 0), "记错了")
    after = svc.visits.get(vid)
    assert after == before and after.amendments == []


def test_a_voided_visit_leaves_the_lists_and_figures_and_stays_in_history(svc):
    eid = _enterprise(svc, "尉氏县作废测试有限公司", CODES[0])
    vid = _visit(svc, eid)
    before = svc.stats.compute()
    with pytest.raises(ValidationError):
        svc.visits.void(vid, "")
    svc.visits.void(vid, "重复录入")
    assert vid not in svc.visits.ids() and svc.visits.list(VisitQuery(enterprise_id=eid)) == []
    after = svc.stats.compute()
    assert after.visits == before.visits - 1 and svc.enterprises.get(eid).visit_count == 0
    d = svc.visits.get(vid)  # the history keeps it, with the reason
    assert d.amendments[-1].field == "state" and d.amendments[-1].reason == "重复录入"
    with pytest.raises(DomainError, match="已作废"):
        svc.visits.amend(vid, "notes", "再改", "试试")


def test_a_voided_enterprise_and_officer_leave_lists_pickers_and_figures(svc):
    keep, gone = _enterprise(svc, "尉氏县留下有限公司", CODES[0]), _enterprise(svc, "尉氏县录错有限公司", CODES[1])
    before = svc.stats.compute()
    svc.enterprises.void(gone, "与“尉氏县留下有限公司”重复")
    assert svc.enterprises.ids(EnterpriseQuery()) == [keep] and svc.enterprises.count() == 1
    assert [r.id for r in svc.enterprises.suggest("lc")] == [] and svc.stats.compute().enterprises == \
        before.enterprises - 1
    assert svc.enterprises.get(gone).form.name == "尉氏县录错有限公司"  # kept
    team = svc.teams.list()[0]
    oid = svc.officers.add(OfficerForm("错名字", "县商务局", "", ""), team_id=team.id)
    svc.officers.void(oid, "名字录错,已另建")
    assert oid not in {o.id for o in svc.officers.list()}
    assert oid not in {m.id for m in svc.teams.get(team.id).members}
    assert svc.officers.get(oid).name == "错名字"


def test_amendments_and_voids_sync_to_the_hub(tmp_path):
    hub = make_hub(tmp_path)
    laptop = enrol(hub, tmp_path, "金融-笔记本1")
    try:
        eid = _enterprise(laptop, "尉氏县同步有限公司", CODES[0])
        vid = _visit(laptop, eid)
        form = laptop.visits.form_of(vid)
        form.attendees = [AttendeeForm("李丽", "会计", "")]
        laptop.visits.amend_visit(vid, form, "漏记了会计")
        stick = tmp_path / "stick"
        stick.mkdir()
        assert hub.sync.import_file(laptop.sync.export(stick)).ok
        d = hub.visits.get(vid)
        assert d.attendees == [("李丽", "会计", "")] and d.amendments[-1].reason == "漏记了会计"
        laptop.visits.void(vid, "录错了企业")
        laptop.enterprises.void(eid, "重复")
        assert hub.sync.import_file(laptop.sync.export(stick)).ok
        assert vid not in hub.visits.ids() and eid not in hub.enterprises.ids(EnterpriseQuery())
        assert hub.visits.get(vid).amendments[-1].reason == "录错了企业"
    finally:
        laptop.close()
        hub.close()


def test_database_from_revision_0008_with_unsynced_work_gets_the_void_columns(tmp_path):
    from test_storage import _downgrade

    path = tmp_path / "v8.db"
    svc = init_services(path, "旧笔记本", DeviceRole.LAPTOP)
    eid = _enterprise(svc, "尉氏县升级前有限公司", CODES[0])
    vid = _visit(svc, eid)
    changes_before, digest = svc.sync.vector()[svc.device.device_id], svc.sync.digest()
    svc.close()
    _downgrade(path, "0008")
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        assert svc.sync.vector()[svc.device.device_id] == changes_before and svc.sync.digest() == digest
        assert svc.enterprises.ids(EnterpriseQuery()) == [eid] and svc.visits.ids() == [vid]
        svc.enterprises.void(eid, "升级后作废")
        assert svc.enterprises.count() == 0
    finally:
        svc.close()
