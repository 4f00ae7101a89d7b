"""Directory services on real SQLite files."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import select, func

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.errors import ValidationError
from yimi_desktop.domain.forms import EnterpriseForm, OfficerForm, PolicyForm, TeamForm
from yimi_desktop.domain.vocabulary import IssueStatus, TOWNSHIPS
from yimi_desktop.services.enterprises import EnterpriseQuery
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.services.seed import CATEGORIES, TEAMS
from yimi_desktop.storage.models import Enterprise, Issue, IssueEvent

CODE = creditcode.make_code("9", "1", "410223", "MA45KD2Q")


def test_init_seeds_structure(services):
    teams = services.teams.list()
    assert len(teams) == len(TEAMS)
    assert {t.kind.value for t in teams} == {"combined", "sub_team", "specialist"}
    cats = services.categories.list()
    assert len(cats) == len(CATEGORIES)
    specialist_ids = {t.id for t in teams if t.kind.value == "specialist"}
    assert all(c.default_team_id in specialist_ids for c in cats)


def test_add_search_update_enterprise(services):
    eid = services.enterprises.add(EnterpriseForm(name="尉氏县红门门业有限公司", credit_code=CODE.lower(),
                                                  township="城关镇", industry="门业", above_size=True))
    for text in ("红门", "hongmen", "hmmy", CODE[-6:].lower(), "尉氏 门业"):
        assert services.enterprises.ids(EnterpriseQuery(text=text)) == [eid], text
    assert services.enterprises.ids(EnterpriseQuery(text="不存在")) == []
    assert services.enterprises.ids(EnterpriseQuery(township="洧川镇")) == []
    assert services.enterprises.ids(EnterpriseQuery(above_size=True, industry="门业")) == [eid]
    detail = services.enterprises.get(eid)
    assert detail.form.credit_code == CODE
    services.enterprises.update(eid, EnterpriseForm(**{**detail.form.__dict__, "name": "尉氏县白门门业有限公司"}))
    assert services.enterprises.ids(EnterpriseQuery(text="bmmy")) == [eid]
    assert services.enterprises.ids(EnterpriseQuery(text="hmmy")) == []


def test_duplicate_credit_code_refused(services):
    services.enterprises.add(EnterpriseForm(name="甲", credit_code=CODE, township="城关镇"))
    with pytest.raises(ValidationError) as exc:
        services.enterprises.add(EnterpriseForm(name="乙", credit_code=CODE, township="城关镇"))
    assert "已登记" in exc.value.for_field("credit_code")[0].message.zh
    assert services.enterprises.count() == 1


def test_like_wildcards_are_literal(services):
    services.enterprises.add(EnterpriseForm(name="甲", credit_code=CODE, township="城关镇"))
    assert services.enterprises.ids(EnterpriseQuery(text="%")) == []
    assert services.enterprises.ids(EnterpriseQuery(text="_")) == []


def test_policy_and_team_edits(services):
    pid = services.policies.add(PolicyForm(title="稳岗返还政策", summary="不裁员可返还失业保险费", category="employment",
                                           issuer_level="province", valid_from=date(2021, 1, 1)))
    assert [p.id for p in services.policies.list("wgfh")] == [pid]
    o1 = services.officers.add(OfficerForm(name="王伟", department="县金融工作局", phone="13800000000"))
    o2 = services.officers.add(OfficerForm(name="李娜", department="县金融工作局"))
    parent = next(t.id for t in services.teams.list() if t.kind.value == "combined")
    tid = services.teams.add(TeamForm(name="新分团", kind="sub_team", parent_id=parent, lead_department="县商务局",
                                      member_ids=[o2], leader_id=o1))
    detail = services.teams.get(tid)
    assert detail.row.leader_name == "王伟" and detail.row.member_count == 2
    services.teams.update(tid, TeamForm(**{**detail.form.__dict__, "member_ids": [o2], "leader_id": o2}))
    detail = services.teams.get(tid)
    assert detail.row.leader_name == "李娜" and detail.row.member_count == 1


def test_demo_county_meets_the_sizes(demo_services):
    st = demo_services.stats.compute()
    assert st.enterprises >= 265 and st.above_size_enterprises >= 265
    assert st.officers >= 100 and st.policies >= 40 and st.visits >= 300
    assert set(st.issues_by_status) == {s.value for s in IssueStatus}
    with demo_services.db.session() as s:
        codes = list(s.scalars(select(Enterprise.credit_code)))
        assert all(creditcode.validate(c) is None for c in codes)
        assert set(s.scalars(select(Enterprise.township).distinct())) == set(TOWNSHIPS)
        # every issue has its history, starting with being raised
        no_history = s.scalar(select(func.count()).select_from(Issue).where(
            ~Issue.id.in_(select(IssueEvent.issue_id).where(IssueEvent.kind == "raised"))))
        assert no_history == 0
    assert all(t.member_count > 0 for t in demo_services.teams.list())


def test_demo_refuses_non_empty_database(demo_services):
    from yimi_desktop.domain.errors import DomainError
    with pytest.raises(DomainError):
        demo_services.demo.populate(seed=2)


def _pages(path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {"file": path.stat().st_size, "free": con.execute("PRAGMA freelist_count").fetchone()[0],
                "change": con.execute("SELECT count(*) FROM dbstat WHERE name = 'change'").fetchone()[0]}
    finally:
        con.close()


def test_the_demo_county_is_given_packed_and_stays_the_same_replica(tmp_path):
    """`yimi demo` VACUUMs the file it built (Database.vacuum): the change log's pages, a good eighth empty after
    the appends, are packed; nothing else changes: the same content, vector and device (no new device id, the
    file is the same file), and the replica writes on."""
    from yimi_desktop.domain.vocabulary import DeviceRole
    from yimi_desktop.services.context import init_services, open_services

    path = tmp_path / "demo.db"
    svc = init_services(path, "演示笔记本", DeviceRole.LAPTOP)
    svc.demo.populate(seed=3, enterprises=40, visits=150)
    before = (svc.sync.digest(), svc.sync.vector(), svc.device.device_id, svc.stats.compute())
    built = _pages(path)
    svc.db.vacuum()
    packed = _pages(path)
    assert packed["free"] == 0 and not path.with_name("demo.db-wal").stat().st_size
    assert packed["change"] < 0.92 * built["change"] and packed["file"] < built["file"]
    assert (svc.sync.digest(), svc.sync.vector(), svc.device.device_id, svc.stats.compute()) == before
    assert svc.sync.full_digest() == before[0]
    # the search indexes are keyed by the rowids of issue and enterprise: VACUUM keeps a table's rowids when
    # the table has an index (each has its primary key's), else it may number them anew
    con = sqlite3.connect(path)
    for table in ("search_issue", "search_enterprise"):
        con.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    name, title = con.execute("SELECT e.name, i.title FROM enterprise AS e JOIN issue AS i ON i.enterprise_id = e.id "
                              "ORDER BY e.rowid DESC LIMIT 1").fetchone()
    con.close()
    assert svc.enterprises.ids(EnterpriseQuery(text=name[3:8])) and svc.enterprises.ids(EnterpriseQuery(text=name[4:6]))
    assert svc.issues.ids(IssueQuery(text=title[:4]))
    svc.close()
    again = open_services(path)
    try:
        assert again.device.device_id == before[2]
        again.enterprises.add(EnterpriseForm(name="尉氏县新来企业有限公司", credit_code=CODE, township=TOWNSHIPS[0]))
        assert again.sync.full_digest() == again.sync.digest() != before[0]
    finally:
        again.close()


def test_demo_never_runs_out_of_enterprise_names(services, monkeypatch):
    """Two brands give 2×2×13 plain names: a bigger county takes 第二, 第三… instead of drawing forever
    (with the real brands the limit was about 18,200 enterprises), and its visits span batches."""
    from yimi_desktop.services import demo

    monkeypatch.setattr(demo, "BRANDS", ("宏达", "华盛"))
    monkeypatch.setattr(demo, "BATCH", 50)
    monkeypatch.setattr(demo, "VISIT_BATCH", 7)
    services.demo.populate(seed=3, enterprises=300, officers=12, policies=3, visits=30)
    with services.db.session() as s:
        names = list(s.scalars(select(Enterprise.name)))
        assert len(names) == len(set(names)) == 300
        assert any("第二" in n for n in names)
    assert services.stats.compute().visits == 30
