"""`yimi issue|calendar|rules` end to end: the clerk's 督办 acts as a subprocess on a hub's database file."""

from __future__ import annotations

import json

from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.domain.vocabulary import DeviceRole
from yimi_desktop.services.context import init_services
from test_cli import _assert_one_line_error, yimi

CODE = "91350100M000100Y43"


def _hub(tmp_path) -> str:
    db = tmp_path / "hub.db"
    svc = init_services(db, "县中心", DeviceRole.HUB)
    try:
        svc.enterprises.add(EnterpriseForm(name="尉氏县命令行门业有限公司", credit_code=CODE, township="城关镇"))
        if 2026 not in svc.calendar.years():
            svc.calendar.import_year(2026)
    finally:
        svc.close()
    return str(db)


def test_raise_assign_by_13710_extend_approve_and_show(tmp_path):
    db = _hub(tmp_path)
    r = yimi("--db", db, "issue", "raise", "--enterprise", CODE, "--category", "funds", "--title", "电话反映资金紧张",
             "--source", "phone", "--on", "2026-09-28", "--json")
    assert r.returncode == 0, r.stderr
    iid = json.loads(r.stdout)["id"]
    r = yimi("--db", db, "issue", "assign", iid, "--team", "金融专业一米团", "--co", "人社专业一米团", "--rule", "13710",
             "--on", "2026-09-29", "--json")
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert [(s["stage"], s["due"]) for s in shown["stages"]] == [
        ("transfer", "2026-09-30"), ("progress", "2026-10-09"), ("resolve", "2026-10-14")]
    assert shown["co_teams"] == ["人社专业一米团"] and shown["source"] == "phone"
    assert yimi("--db", db, "issue", "extend", iid, "--to", "2026-10-30", "--reason", "等银行审批",
                "--on", "2026-10-09").returncode == 0
    assert yimi("--db", db, "issue", "approve", iid, "--on", "2026-10-12").returncode == 0
    out = json.loads(yimi("--db", db, "issue", "show", iid, "--json").stdout)
    assert out["deadline"] == "2026-10-30" and out["extended"] is True
    assert [e["kind"] for e in out["events"]] == ["raised", "assigned", "ext_requested", "ext_approved"]
    assert all(isinstance(s["workdays_left"], int) for s in out["stages"])
    # refusals: one line, non-zero, nothing changed
    for args in (("issue", "approve", iid), ("issue", "close", iid), ("issue", "progress", iid, "--text", "x",
                                                                       "--on", "2099-01-01"),
                 ("issue", "assign", iid, "--team", "金融专业一米团", "--rule", "没有这个规则")):
        _assert_one_line_error(yimi("--db", db, *args))
    assert json.loads(yimi("--db", db, "issue", "show", iid, "--json").stdout)["events"] == out["events"]


def test_calendar_and_rules_at_the_hub(tmp_path):
    db = _hub(tmp_path)
    r = yimi("--db", db, "calendar", "show", "--year", "2026", "--json")
    days = {d["date"]: d for d in json.loads(r.stdout)["days"]}
    assert days["2026-10-10"]["workday"] is True and days["2026-10-01"]["workday"] is False
    assert yimi("--db", db, "calendar", "set", "2026-10-12", "holiday", "--name", "县里调整").returncode == 0
    r = yimi("--db", db, "calendar", "show", "--year", "2026", "--json")
    assert {d["date"]: d for d in json.loads(r.stdout)["days"]}["2026-10-12"]["workday"] is False
    r = yimi("--db", db, "calendar", "show", "--year", "2099", "--json")
    assert r.returncode == 1 and json.loads(r.stdout)["held"] is False and "2099" in r.stderr
    _assert_one_line_error(yimi("--db", db, "calendar", "import", "--year", "2099"))
    r = yimi("--db", db, "rules", "set", "许昌办法", "--stages", "transfer:3,resolve:15", "--json")
    assert r.returncode == 0, r.stderr
    rules = json.loads(yimi("--db", db, "rules", "list", "--json").stdout)
    assert {"一般问题", "重大问题", "13710 工作法", "许昌办法"} <= {x["name"] for x in rules}
    _assert_one_line_error(yimi("--db", db, "rules", "set", "坏规则", "--stages", "progress:3"))


def test_liaison_and_coverage(tmp_path):
    db = _hub(tmp_path)
    r = yimi("--db", db, "coverage", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["rule"]["period"] == "quarter" and out["counts"]["overdue"] == 0  # the one enterprise is not 规上
    assert yimi("--db", db, "coverage", "rule", "--name", "全部企业每月一次", "--period", "month",
                "--all-enterprises").returncode == 0
    assert yimi("--db", db, "liaison", CODE, "--team", "金融专业一米团").returncode == 0
    out = json.loads(yimi("--db", db, "coverage", "--team", "金融专业一米团", "--json").stdout)
    assert [(e["state"], e["liaison_team"]) for e in out["enterprises"]] == [("overdue", "金融专业一米团")]
    _assert_one_line_error(yimi("--db", db, "liaison", "NOPE", "--team", "金融专业一米团"))


def test_visit_plan_at_the_hub(tmp_path):
    db = _hub(tmp_path)
    r = yimi("--db", db, "plan", "set", "--team", "金融专业一米团", "--month", "2026-12", CODE, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["total"] == 1 and out["done"] == 0 and out["enterprises"][0]["visited_on"] is None
    _assert_one_line_error(yimi("--db", db, "plan", "show", "--team", "金融专业一米团", "--month", "2026-13"))
