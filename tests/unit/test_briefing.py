"""工作简报 期号 (issue 11): numbered per hub and year, from the hub's register (migration 0016).

Each printed PDF is read back with pdftotext: the number is what the paper says, not only what the register holds.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import init_services, open_services
from yimi_desktop.storage.database import head_revision
from sync_helpers import downgrade as _downgrade

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")

NOV = (date(2026, 11, 1), date(2026, 11, 30))
DEC = (date(2026, 12, 1), date(2026, 12, 31))
OCT = (date(2026, 10, 1), date(2026, 10, 31))


def number_on(pdf: Path) -> str | None:
    """The 期号 the masthead prints: 'N', or '' for a blank left to write in."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    m = re.search(r"第\s*(\d*)\s*期", text)
    return None if m is None else m.group(1)


def masthead_date(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.search(r"\d{4}年\d{1,2}月\d{1,2}日(?!至)", text).group(0)


@pytest.fixture
def hub(tmp_path):
    svc = init_services(tmp_path / "hub.db", "县中心", DeviceRole.HUB)
    yield svc
    svc.close()


def test_numbers_increment_reprints_reuse_and_a_new_year_restarts(hub, tmp_path):
    r = hub.reports
    assert r.briefing_plan(*NOV, today=date(2026, 12, 2)).number == 1
    p1, i1 = r.briefing(*NOV, tmp_path / "nov.pdf", today=date(2026, 12, 2))
    assert (i1.year, i1.number, i1.reprint) == (2026, 1, False) and number_on(p1) == "1"
    p2, i2 = r.briefing(*OCT, tmp_path / "oct.pdf", today=date(2026, 12, 3))
    assert i2.number == 2 and number_on(p2) == "2"
    # the same period again: its number and its date of issue, not the next one
    plan = r.briefing_plan(*NOV, today=date(2026, 12, 9))
    assert (plan.number, plan.issued_on, plan.next_number) == (1, date(2026, 12, 2), 3) and plan.reprint
    p3, i3 = r.briefing(*NOV, tmp_path / "nov-again.pdf", today=date(2026, 12, 9))
    assert (i3.number, i3.reprint) == (1, True) and number_on(p3) == "1"
    assert masthead_date(p3) == "2026年12月2日"
    # another team's briefing of the same period is another issue
    team = hub.teams.list()[1]
    p4, i4 = r.briefing(*NOV, tmp_path / "team.pdf", team.id, today=date(2026, 12, 9))
    assert i4.number == 3 and number_on(p4) == "3"
    # the first briefing issued in 2027 is 第1期 of 2027 (December's, printed in January)
    p5, i5 = r.briefing(*DEC, tmp_path / "dec.pdf", today=date(2027, 1, 4))
    assert (i5.year, i5.number) == (2027, 1) and number_on(p5) == "1" and masthead_date(p5) == "2027年1月4日"
    assert [(b.year, b.number) for b in r.briefing_register()] == [(2027, 1), (2026, 3), (2026, 2), (2026, 1)]
    assert r.briefing_register(2026)[-1].prints == 2


def test_a_number_set_by_hand_is_used_but_never_one_already_issued(hub, tmp_path):
    r = hub.reports
    r.briefing(*NOV, tmp_path / "nov.pdf", today=date(2026, 12, 2))
    with pytest.raises(DomainError, match="已用于 2026-11-01 至 2026-11-30"):
        r.briefing(*OCT, tmp_path / "oct.pdf", number=1, today=date(2026, 12, 2))
    assert not (tmp_path / "oct.pdf").exists()
    for bad in (0, -3, 10000):
        with pytest.raises(DomainError, match="期号应是"):
            r.briefing(*OCT, tmp_path / "oct.pdf", number=bad, today=date(2026, 12, 2))
    p, i = r.briefing(*OCT, tmp_path / "oct.pdf", number=7, today=date(2026, 12, 2))  # a series begun on paper
    assert i.number == 7 and number_on(p) == "7"
    assert r.briefing_plan(*DEC, today=date(2026, 12, 31)).number == 8  # continues after the highest
    # a reprint may be renumbered to a free number, not to a taken one
    p, i = r.briefing(*NOV, tmp_path / "nov2.pdf", number=5, today=date(2026, 12, 3))
    assert (i.number, i.reprint) == (5, True) and number_on(p) == "5"
    with pytest.raises(DomainError, match="第7期已用于"):
        r.briefing(*NOV, tmp_path / "nov3.pdf", number=7, today=date(2026, 12, 3))
    assert sorted(b.number for b in r.briefing_register()) == [5, 7]


def test_a_draft_and_a_failed_build_take_no_number(hub, tmp_path):
    r = hub.reports
    p, i = r.briefing(*NOV, tmp_path / "draft.pdf", draft=True, today=date(2026, 12, 2))
    assert i.number is None and number_on(p) == "" and "试印" in subprocess.run(
        ["pdftotext", str(p), "-"], capture_output=True, text=True).stdout
    with pytest.raises(DomainError):
        r.briefing(*NOV, tmp_path / "d.pdf", draft=True, number=3)
    with pytest.raises(DomainError, match="文件夹不存在"):  # nothing printed, nothing taken
        r.briefing(*NOV, tmp_path / "no" / "such" / "x.pdf", today=date(2026, 12, 2))
    assert r.briefing_register() == []
    assert r.briefing(*NOV, tmp_path / "nov.pdf", today=date(2026, 12, 2))[1].number == 1


def test_only_the_latest_of_a_year_can_be_withdrawn(hub, tmp_path):
    r = hub.reports
    r.briefing(*OCT, tmp_path / "a.pdf", today=date(2026, 12, 2))
    r.briefing(*NOV, tmp_path / "b.pdf", today=date(2026, 12, 2))  # printed by mistake
    with pytest.raises(DomainError, match="只能撤回本年最后一期"):
        r.withdraw_briefing(*OCT)
    assert r.withdraw_briefing(*NOV).number == 2
    with pytest.raises(DomainError, match="没有编发过"):
        r.withdraw_briefing(*NOV)
    assert r.briefing(*DEC, tmp_path / "c.pdf", today=date(2026, 12, 31))[1].number == 2  # no gap


def test_a_laptop_prints_the_number_blank_and_cannot_set_one(services, tmp_path):
    r = services.reports
    plan = r.briefing_plan(*NOV)
    assert not plan.numbered and plan.number is None and "县级中心" in plan.text()
    p, i = r.briefing(*NOV, tmp_path / "nov.pdf")
    assert i.number is None and number_on(p) == ""
    with pytest.raises(DomainError, match="县级中心"):
        r.briefing(*NOV, tmp_path / "nov2.pdf", number=4)
    assert not (tmp_path / "nov2.pdf").exists() and r.briefing_register() == []




@pytest.mark.parametrize("role", [DeviceRole.LAPTOP, DeviceRole.HUB])
def test_database_from_revision_0013_keeps_unsynced_work_and_gets_the_register(tmp_path, role):
    """0016: a database of the previous release with work not yet sent; after the upgrade the unsent changes
    are all still there (same vector and digest), the register is empty, and the hub numbers from 1."""
    path = tmp_path / "v13.db"
    svc = init_services(path, "旧设备", role)
    eid = svc.enterprises.add(EnterpriseForm(name="尉氏县期号前有限公司", credit_code="91350100M000100Y43",
                                             township="城关镇"))
    cat = svc.categories.list()[0]
    iid = svc.issues.raise_issue(eid, cat.id, "用工短缺", on=date(2026, 11, 3))
    vector, digest = svc.sync.vector(), svc.sync.digest()
    svc.close()
    _downgrade(path, "0013")
    con = sqlite3.connect(path)
    assert "briefing_issue" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        after = svc.sync.vector()
        assert all(after.get(d, 0) >= n for d, n in vector.items())  # every unsent change is still held
        if role is DeviceRole.LAPTOP:
            assert after == vector and svc.sync.digest() == digest
        # (a hub opened at 0017 signs its hub_device row anew: a few changes of its own are added)
        assert svc.issues.get(iid).title == "用工短缺"
        p, i = svc.reports.briefing(*NOV, tmp_path / "nov.pdf", today=date(2026, 12, 2))
        assert i.number == (1 if role is DeviceRole.HUB else None)
        assert number_on(p) == ("1" if role is DeviceRole.HUB else "")
        assert svc.reports.summary_data(*NOV).issues_raised == 1
    finally:
        svc.close()


def yimi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yimi_desktop.cli", *args], capture_output=True, text=True,
                          timeout=120)


def test_cli_report_briefing_numbers_and_refuses_a_taken_number(tmp_path):
    db = str(tmp_path / "hub.db")
    assert yimi("--db", db, "init", "--name", "县中心", "--hub").returncode == 0
    year = date.today().year
    r = yimi("--db", db, "report", "briefing", "--from", "2026-10-01", "--to", "2026-10-31", "--out",
             str(tmp_path / "a.pdf"))
    assert r.returncode == 0 and f"{year}年第1期" in r.stdout and number_on(tmp_path / "a.pdf") == "1"
    r = yimi("--db", db, "report", "briefing", "--from", "2026-11-01", "--to", "2026-11-30", "--out",
             str(tmp_path / "b.pdf"))
    assert r.returncode == 0 and number_on(tmp_path / "b.pdf") == "2"
    r = yimi("--db", db, "report", "briefing", "--from", "2026-10-01", "--to", "2026-10-31", "--out",
             str(tmp_path / "a2.pdf"))
    assert r.returncode == 0 and "重印" in r.stdout and number_on(tmp_path / "a2.pdf") == "1"
    r = yimi("--db", db, "report", "briefing", "--from", "2026-09-01", "--to", "2026-09-30", "--number", "2",
             "--out", str(tmp_path / "c.pdf"))
    assert r.returncode != 0 and "已用于" in r.stderr and not (tmp_path / "c.pdf").exists()
    r = yimi("--db", db, "report", "briefing", "--from", "2026-09-01", "--to", "2026-09-30", "--draft",
             "--out", str(tmp_path / "d.pdf"))
    assert r.returncode == 0 and number_on(tmp_path / "d.pdf") == ""
    r = yimi("--db", db, "report", "briefing", "--from", "2026-11-01", "--to", "2026-11-30", "--withdraw")
    assert r.returncode == 0 and "撤回" in r.stdout
    r = yimi("--db", db, "report", "summary", "--from", "2026-12-01", "--to", "2026-12-31", "--out",
             str(tmp_path / "e.pdf"))
    assert r.returncode == 0 and number_on(tmp_path / "e.pdf") == "2"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _issue_raised(svc, name: str, code: str, on: date) -> str:
    eid = svc.enterprises.add(EnterpriseForm(name=name, credit_code=code, township="城关镇"))
    return svc.issues.raise_issue(eid, svc.categories.list()[0].id, "用工短缺", on=on)


def test_a_reprint_prints_the_figures_it_was_issued_with_not_todays(hub, tmp_path):
    """Two copies of one 期号 say the same: an issue resolved after 第1期 was issued shows as resolved in a new
    briefing, never in a reprint of 第1期 (in either language once printed in it); a draft counts now."""
    iid = _issue_raised(hub, "尉氏县重印核对有限公司", "91350100M000100Y43", date(2026, 11, 3))
    r = hub.reports
    first, i1 = r.briefing(*NOV, tmp_path / "first.pdf", today=date(2026, 12, 2))
    en_first, _ = r.briefing(*NOV, tmp_path / "first-en.pdf", lang="en", today=date(2026, 12, 2))
    assert r.summary_data(*NOV).issues_resolved == 0
    hub.issues.assign(iid, hub.teams.list()[1].id, deadline=date(2026, 12, 20), on=date(2026, 11, 20))
    hub.issues.resolve(iid, "已协调", on=date(2026, 11, 25))
    assert r.summary_data(*NOV).issues_resolved == 1  # today's count has changed
    again, i2 = r.briefing(*NOV, tmp_path / "again.pdf", today=date(2026, 12, 9))
    en_again, _ = r.briefing(*NOV, tmp_path / "again-en.pdf", lang="en", today=date(2026, 12, 9))
    assert (i2.number, i2.reprint) == (i1.number, True)
    assert pdf_text(again) == pdf_text(first) and pdf_text(en_again) == pdf_text(en_first)
    draft, _ = r.briefing(*NOV, tmp_path / "draft.pdf", draft=True, today=date(2026, 12, 9))
    assert pdf_text(draft) != pdf_text(first)  # a draft is today's count
    assert r.briefing_plan(*NOV, today=date(2026, 12, 9)).text().endswith("重印沿用原期号和编发时的数据。")


def test_database_from_revision_0023_reprints_anew_once_then_keeps_the_figures(tmp_path):
    """0029 on a hub database of 0023 with a briefing issued and unsynced work: the work stays, the register
    keeps its number; the briefing's first paper was never kept, so its next print counts anew and is kept."""
    path = tmp_path / "v23.db"
    svc = init_services(path, "县中心", DeviceRole.HUB)
    iid = _issue_raised(svc, "尉氏县升级前简报有限公司", "91350100M000100Y43", date(2026, 11, 3))
    svc.reports.briefing(*NOV, tmp_path / "old.pdf", today=date(2026, 12, 2))
    vector, digest = svc.sync.vector(), svc.sync.digest()
    svc.close()
    _downgrade(path, "0023")
    con = sqlite3.connect(path)
    assert "figures" not in {r[1] for r in con.execute("PRAGMA table_info(briefing_issue)")}
    con.close()
    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision()
        after = svc.sync.vector()
        assert all(after.get(d, 0) >= n for d, n in vector.items()) and svc.issues.get(iid).title == "用工短缺"
        if after == vector:  # (a hub may sign rows anew on open, adding changes of its own)
            assert svc.sync.digest() == digest
        p1, i1 = svc.reports.briefing(*NOV, tmp_path / "p1.pdf", today=date(2026, 12, 9))
        assert (i1.number, i1.reprint) == (1, True)
        svc.issues.assign(iid, svc.teams.list()[1].id, deadline=date(2026, 12, 20), on=date(2026, 11, 20))
        svc.issues.resolve(iid, "已协调", on=date(2026, 11, 25))
        p2, _ = svc.reports.briefing(*NOV, tmp_path / "p2.pdf", today=date(2026, 12, 10))
        assert pdf_text(p2) == pdf_text(p1)
    finally:
        svc.close()
