"""Recording visits: drafts that survive a killed process, finishing, amendments, attachments, simulation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date, time

import pytest

from yimi_desktop.domain.errors import DomainError, ValidationError
from yimi_desktop.domain.visits import AttendeeForm, BriefedPolicy, RaisedIssue, VisitForm
from yimi_desktop.services.issues import IssueQuery


def _form(svc, **over) -> VisitForm:
    ent = svc.enterprises.page(__import__("yimi_desktop.services.enterprises", fromlist=["EnterpriseQuery"]).EnterpriseQuery(), 0, 1)[0]
    team = next(t for t in svc.teams.list() if t.kind.value == "specialist" and t.member_count)
    members = svc.teams.get(team.id).members
    cats = svc.categories.list()
    pol = svc.policies.list()[0]
    f = VisitForm(enterprise_id=ent.id, visit_date=date.today(), start_time=time(9, 0), end_time=time(10, 30),
                  team_id=team.id, officer_ids=[members[0].id], visit_type="problem_collection", place="车间",
                  attendees=[AttendeeForm("张经理", "总经理", "13812345678")], notes="企业反映两个问题",
                  policies=[BriefedPolicy(pol.id, "yes", "符合条件")],
                  issues=[RaisedIssue(cats[0].id, "流动资金短缺", "需贷款"), RaisedIssue(cats[1].id, "招工难", "缺20人")])
    for k, v in over.items():
        setattr(f, k, v)
    return f


def test_finish_creates_visit_and_issues(demo_services):
    svc = demo_services
    before = svc.stats.compute()
    did = svc.visits.save_draft(_form(svc))
    vid = svc.visits.finish(_form(svc), draft_id=did)
    after = svc.stats.compute()
    assert after.visits == before.visits + 1 and after.issues == before.issues + 2
    assert svc.visits.drafts() == []
    d = svc.visits.get(vid)
    assert d.row.issue_count == 2 and d.attendees[0][0] == "张经理" and d.policies[0][2] == "yes"
    new = svc.issues.rows(d.issue_ids)
    assert {r.title for r in new} == {"流动资金短缺", "招工难"} and all(r.status.value == "new" for r in new)
    assert set(d.issue_ids) <= set(svc.issues.ids(IssueQuery(statuses=frozenset({"new"}))))


def test_invalid_visit_refused_with_every_problem(demo_services):
    svc = demo_services
    before = svc.stats.compute().visits
    bad = _form(svc, enterprise_id="", officer_ids=[], end_time=time(8, 0),
                issues=[RaisedIssue("", "", "只有描述")])
    with pytest.raises(ValidationError) as exc:
        svc.visits.finish(bad)
    fields = {p.field for p in exc.value.problems}
    assert {"enterprise_id", "officer_ids", "end_time", "issues.0"} <= fields
    assert svc.stats.compute().visits == before


def test_draft_round_trip(demo_services):
    f = _form(demo_services)
    did = demo_services.visits.save_draft(f)
    assert demo_services.visits.load_draft(did) == f
    f.notes = "改过的记录"
    assert demo_services.visits.save_draft(f, did) == did
    assert demo_services.visits.load_draft(did).notes == "改过的记录"
    assert len(demo_services.visits.drafts()) == 1


def test_draft_survives_a_killed_process(demo_services, tmp_path):
    """A child saves a draft and is SIGKILLed mid-work; reopening the database finds the text."""
    path = demo_services.db.path
    demo_services.close()
    child = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from yimi_desktop.services.context import open_services
        from yimi_desktop.domain.visits import VisitForm
        svc = open_services(Path({str(path)!r}))
        form = VisitForm(notes="企业反映:原材料涨价,希望协调供货")
        svc.visits.save_draft(form)
        print("saved", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "saved"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    from yimi_desktop.services.context import open_services
    svc = open_services(path)
    try:
        drafts = svc.visits.drafts()
        assert len(drafts) == 1
        assert svc.visits.load_draft(drafts[0].id).notes == "企业反映:原材料涨价,希望协调供货"
    finally:
        svc.close()


def test_amendments_are_kept(demo_services):
    svc = demo_services
    vid = svc.visits.finish(_form(svc))
    svc.visits.amend(vid, "notes", "补充:企业另需用地", "漏记了用地问题")
    with pytest.raises(DomainError):
        svc.visits.amend(vid, "notes", "x", " ")
    with pytest.raises(DomainError):
        svc.visits.amend(vid, "enterprise_id", "x", "换企业")
    d = svc.visits.get(vid)
    assert d.notes == "补充:企业另需用地"
    assert [(a.field, a.old_value, a.new_value) for a in d.amendments] == [("notes", "企业反映两个问题", "补充:企业另需用地")]
    assert d.amendments[0].device_id == svc.device.device_id


def test_attachments_stored_by_sha256_with_preview(demo_services, tmp_path):
    from PIL import Image
    photo = tmp_path / "车间.jpg"
    Image.new("RGB", (4000, 3000), (200, 40, 30)).save(photo, quality=95)
    doc = tmp_path / "申请书.txt"
    doc.write_text("申请", encoding="utf-8")
    svc = demo_services
    vid = svc.visits.finish(_form(svc, attachment_paths=[str(photo), str(doc)]))
    atts = svc.visits.get(vid).attachments
    assert [a[1] for a in atts] == ["车间.jpg", "申请书.txt"]
    sha, _, mime, size, preview = atts[0]
    assert svc.visits.files.path_of(sha).read_bytes() == photo.read_bytes() and size == photo.stat().st_size
    with Image.open(svc.visits.files.path_of(preview)) as img:
        assert max(img.size) == 1600
    assert atts[1][4] is None


def test_simulation_is_deterministic(demo_db_template, tmp_path):
    import shutil
    from yimi_desktop.services.context import open_services

    results = []
    for name in ("a.db", "b.db"):
        shutil.copy(demo_db_template, tmp_path / name)
        svc = open_services(tmp_path / name)
        try:
            before = svc.stats.compute().visits
            r = svc.simulation.run(seed=7, visits=12, today=date(2026, 11, 24))
            assert svc.stats.compute().visits == before + 12
            rows = svc.issues.rows(svc.issues.ids(IssueQuery()))
            results.append((r, sorted((x.enterprise, x.title, x.status.value) for x in rows)))
        finally:
            svc.close()
    assert results[0] == results[1]
    assert results[0][0].transitions > 0


def test_visit_query_filters_by_date_team_officer_and_township(demo_services):
    from yimi_desktop.services.visits import VisitQuery

    svc = demo_services
    everything = svc.visits.list()
    sample = everything[len(everything) // 3]
    detail = svc.visits.get(sample.id)
    officer_id = detail.officers[0][0]
    team_id = next(t.id for t in svc.teams.list() if t.name == sample.team)

    def ids(**kw) -> set[str]:
        return set(svc.visits.ids(VisitQuery(**kw)))

    def expected(pred) -> set[str]:
        return {r.id for r in everything if pred(r)}

    d = sample.visit_date
    assert ids(date_from=d, date_to=d) == expected(lambda r: r.visit_date == d)
    assert ids(date_from=d) == expected(lambda r: r.visit_date >= d)
    assert ids(township=sample.township) == expected(lambda r: r.township == sample.township)
    assert ids(team_id=team_id) == expected(lambda r: r.team == sample.team)
    went = ids(officer_id=officer_id)
    assert sample.id in went and went < {r.id for r in everything}
    assert all(officer_id in {o for o, _ in svc.visits.get(v).officers} for v in list(went)[:20])
    both = ids(officer_id=officer_id, township=sample.township, date_to=d)
    assert sample.id in both and both == {v for v in went if v in ids(township=sample.township, date_to=d)}


def test_this_months_visits_are_the_ones_the_dashboard_counts(demo_services):
    from yimi_desktop.services.visits import VisitQuery

    svc = demo_services
    n = svc.stats.compute().visits_this_month
    month = svc.visits.ids(VisitQuery.this_month(date.today()))
    assert len(month) == n > 0
