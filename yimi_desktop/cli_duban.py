"""`yimi issue …`, `yimi calendar …`, `yimi rules …`: the clerk's daily 督办 acts and the hub's calendar and
rules, over the same services as the GUI (no Qt). Refusals are one line and a non-zero exit (cli.main).

Every act takes `--on DATE` (the day it happened; never in the future, default today) and `--json`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from .domain.vocabulary import CoveragePeriod, DeviceRole, IssueSource, Satisfaction

if TYPE_CHECKING:  # the CLI imports SQLAlchemy only in the commands that need it (see cli.py)
    from .services.context import Services
    from .services.issues import IssueRow


def _refused(zh: str, en: str) -> Exception:
    """A DomainError (domain.errors and its dataclasses imported when one is raised, not by `yimi --help`)."""
    from .domain.errors import DomainError, Message

    return DomainError(Message(zh, en))


def _print(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=lambda o: o.isoformat()) + "\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _refused(f"日期应写成 YYYY-MM-DD:{text}", f"Dates look like 2026-01-31: {text}") from None


def _on(svc: Services, args) -> date:
    today = svc.db.utcnow().date()
    if not getattr(args, "on", None):
        return today
    d = _date(args.on)
    if d > today:
        raise _refused(f"日期 {d.isoformat()} 在今天之后:只能记已经发生的事。",
                       f"{d.isoformat()} is after today: record only what has happened.")
    return d


def _team(svc: Services, team: str) -> str:
    for t in svc.teams.list():
        if team in (t.id, t.name):
            return t.id
    raise _refused(f"找不到团队“{team}”。", f"No team '{team}'.")


def _enterprise(svc: Services, key: str) -> str:
    from .services.enterprises import EnterpriseQuery
    for r in svc.enterprises.page(EnterpriseQuery(text=key), 0, 50):
        if key in (r.id, r.credit_code):
            return r.id
    raise _refused(f"找不到企业“{key}”(请用企业的 id 或统一社会信用代码)。",
                   f"No enterprise '{key}' (give its id or credit code).")


def _category(svc: Services, key: str) -> str:
    for c in svc.categories.list():
        if key in (c.id, c.code, c.name):
            return c.id
    raise _refused(f"找不到诉求类别“{key}”。", f"No issue category '{key}'.")


def issue_dict(svc: Services, row: IssueRow) -> dict:
    d = row.duty
    out = {"id": row.id, "enterprise": row.enterprise, "title": row.title, "status": row.status.value,
           "source": row.source.value,
           "team": row.team, "officer": row.officer, "deadline": row.deadline, "resolved": row.resolved_on,
           "satisfaction": row.satisfaction.value if row.satisfaction else None, "overdue": row.overdue,
           "co_teams": list(d.co_teams) if d else [], "co_reported": list(d.co_reported) if d else [],
           "rule": d.rule if d else "", "extension_to": d.extension_to if d else None,
           "extended": bool(d and d.extended), "escalated_on": d.escalated_on if d else None,
           "escalation_reason": d.escalation_reason if d else "", "closed_on": d.closed_on if d else None,
           "stages": [{"stage": st.kind.value, "name": st.kind.zh, "due": st.due, "done": st.done_on,
                       "workdays_left": st.workdays_left, "calendar_missing_year": st.missing_year}
                      for st in (d.stages if d else ())],
           "current_stage": d.current.kind.value if d and d.current else None}
    return out


def _done(svc: Services, args, row: IssueRow) -> int:
    if args.json:
        _print(issue_dict(svc, row))
    else:
        d = row.duty
        extra = f";{d.countdown()}" if d and d.countdown() else ""
        print(f"{row.title}:{row.status.zh}{extra}")
    return 0


def cmd_issue(args, svc: Services) -> int:
    iss, act = svc.issues, args.act
    hub = svc.device.role is DeviceRole.HUB
    if act == "raise":
        iid = iss.raise_issue(_enterprise(svc, args.enterprise), _category(svc, args.category), args.title,
                              args.text or "", on=_on(svc, args), source=IssueSource(args.source))
        if args.json:
            _print({"id": iid})
        else:
            print(iid)
        return 0
    if act == "show":
        row = iss.get(args.id, svc.db.utcnow().date())
        if args.json:
            out = issue_dict(svc, row)
            out["events"] = [{"kind": e.kind.value, "name": e.kind.zh, "on": e.on, "text": e.text, "team": e.team,
                              "deadline": e.deadline, "co_teams": list(e.co_teams), "rule": e.rule,
                              "stages": [{"stage": p.kind.value, "due": p.due} for p in e.stages],
                              "not_applied": e.refusal.zh if e.refusal else None}
                             for e in iss.history(args.id)]
            _print(out)
        else:
            _done(svc, args, row)
            for st in row.duty.stages if row.duty else ():
                n = st.workdays_left
                left = "" if n is None else (f" 剩{n}个工作日" if n >= 0 else f" 超期{-n}个工作日")
                print(f"  {st.kind.zh} {st.due.isoformat()}{' 已完成 ' + st.done_on.isoformat() if st.done_on else left}")
            for e in iss.history(args.id):
                lost = f"(未生效:{e.refusal.zh})" if e.refusal else ""
                print(f"  {e.on.isoformat()} {e.kind.zh} {e.team} {e.text}{lost}".rstrip())
        return 0
    on = _on(svc, args)
    if act == "assign":
        if args.rule and args.due:
            raise _refused("--rule 与 --due 只能选一个。", "Give --rule or --due, not both.")
        rule = args.rule
        if not rule and not args.due:
            suggested = svc.calendar.suggested_rule(iss.links(args.id).category_id)
            rule = suggested.id if suggested else None
        row = iss.assign(args.id, _team(svc, args.team), _date(args.due) if args.due else None, None, args.text or "",
                         on=on, co_team_ids=tuple(_team(svc, t) for t in args.co or ()), rule=rule)
    elif act == "reassign":
        row = iss.reassign(args.id, _team(svc, args.team), args.reason, _date(args.due) if args.due else None,
                           on=on, co_team_ids=tuple(_team(svc, t) for t in args.co or ()),
                           rule=args.rule or (None if args.due else _rule_of(svc, args.id)))
    elif act == "return":
        row = iss.give_back(args.id, args.reason, on=on)
    elif act == "extend":
        row = iss.request_extension(args.id, _date(args.to), args.reason, on=on)
    elif act == "approve":
        row = iss.approve_extension(args.id, args.text or "", on=on, hub=hub, to=_date(args.to) if args.to else None)
    elif act == "reject":
        row = iss.reject_extension(args.id, args.reason, on=on, hub=hub)
    elif act == "progress":
        row = iss.progress(args.id, args.text, on=on)
    elif act == "co-report":
        row = iss.co_report(args.id, _team(svc, args.team), args.text, on=on)
    elif act == "resolve":
        row = iss.resolve(args.id, args.text, args.amount, on=on)
    elif act == "follow-up":
        row = iss.follow_up(args.id, Satisfaction(args.satisfaction), args.text or "", on=on)
    elif act == "escalate":
        row = iss.escalate(args.id, args.reason, on=on)
    elif act == "close":
        row = iss.close_off(args.id, args.text or "", on=on)
    else:  # pragma: no cover - argparse keeps to the choices
        raise ValueError(act)
    return _done(svc, args, row)


def _rule_of(svc: Services, issue_id: str) -> str | None:
    """改派 without --rule/--due: the rule of the assignment it replaces, counted again from today."""
    from .domain.lifecycle import EventKind

    for e in reversed(svc.issues.history(issue_id)):
        if e.kind in (EventKind.ASSIGNED, EventKind.REASSIGNED):
            return e.rule or None
    return None


def cmd_calendar(args, svc: Services) -> int:
    cal = svc.calendar
    if args.act == "show":
        year = args.year or svc.db.utcnow().year
        info = cal.year(year)
        if not info.held:
            from .domain.errors import Message

            msg = Message(f"本机的工作日历没有 {year} 年(已有:{'、'.join(map(str, cal.years())) or '无'})。",
                          f"This computer's calendar has no {year} (it holds: "
                          f"{', '.join(map(str, cal.years())) or 'none'}).")
            if args.json:
                _print({"year": year, "held": False, "message": msg.zh, "years": cal.years(), "days": []})
            print(f"yimi: 注意:{msg.zh} ({msg.en})", file=sys.stderr)
            return 1
        days = [{"date": d.day, "workday": d.workday, "name": d.name, "differs": d.official} for d in info.days]
        if args.json:
            _print({"year": year, "held": True, "source": info.source, "years": cal.years(), "days": days})
        else:
            for d in info.days:
                print(f"{d.day.isoformat()}\t{'上班' if d.workday else '休息'}\t{d.name}")
        return 0
    if args.act == "import":
        n = cal.import_year(args.year)
        print(f"已加入 {args.year} 年的节假日安排({n} 天)。")
        return 0
    row = cal.set_day(_date(args.date), args.kind == "workday", args.name or "")
    print(f"{row.day.isoformat()}:{'工作日' if row.workday else '休息日'} {row.name}".rstrip())
    return 0


def cmd_rules(args, svc: Services) -> int:
    if args.act == "set":
        cats = [_category(svc, c) for c in args.category] if args.category else None
        row = svc.calendar.set_rule(args.name, args.stages, code=args.code, category_ids=cats,
                                    is_default=True if args.default else None, extension_lead=args.extension_lead)
        rows = [row]
    else:
        rows = svc.calendar.rules(include_inactive=True)
    if args.json:
        _print([{"id": r.id, "code": r.code, "name": r.name, "default": r.is_default, "active": r.active,
                 "extension_lead": r.extension_lead,
                 "categories": r.category_ids,
                 "stages": [{"stage": s.kind.value, "count": s.count, "unit": s.unit.value} for s in r.stages]}
                for r in rows])
    else:
        for r in rows:
            mark = "\t(默认)" if r.is_default else ""
            print(f"{r.name}\t{r.stages_text()}{mark}")
    return 0


def add_parsers(sub) -> None:
    sp = sub.add_parser("issue", help="督办: raise, assign, extend, approve, … an issue")
    isub = sp.add_subparsers(dest="act", required=True, parser_class=type(sp))

    def act(name: str, help_text: str, with_id: bool = True) -> argparse.ArgumentParser:
        a = isub.add_parser(name, help=help_text)
        if with_id:
            a.add_argument("id")
        a.add_argument("--on", help="the day it happened (YYYY-MM-DD; default today, never in the future)")
        a.add_argument("--json", action="store_true")
        return a

    a = act("raise", "an issue from any channel", with_id=False)
    a.add_argument("--enterprise", required=True, help="id or credit code")
    a.add_argument("--category", required=True, help="code, name or id")
    a.add_argument("--title", required=True)
    a.add_argument("--text")
    a.add_argument("--source", default="other", choices=[s.value for s in IssueSource if s is not IssueSource.VISIT])
    for name, h in (("assign", "交办 to a 主办 team (and 协办 teams)"), ("reassign", "改派 to another team")):
        a = act(name, h)
        a.add_argument("--team", required=True)
        a.add_argument("--co", action="append", help="a 协办 team (repeatable)")
        a.add_argument("--rule", help="handling-time rule (code or name); default: the category's")
        a.add_argument("--due", help="a deadline typed by hand instead of a rule")
        if name == "assign":
            a.add_argument("--text")
        else:
            a.add_argument("--reason", required=True)
    a = act("return", "退回: the team objects to the assignment")
    a.add_argument("--reason", required=True)
    a = act("extend", "延期申请 (a request; approved at the hub)")
    a.add_argument("--to", required=True)
    a.add_argument("--reason", required=True)
    a = act("approve", "at the hub: approve the pending extension")
    a.add_argument("--text")
    a.add_argument("--to", help="grant another date than the one asked")
    a = act("reject", "at the hub: reject the pending extension")
    a.add_argument("--reason", required=True)
    for name in ("progress", "resolve"):
        a = act(name, {"progress": "办理进展", "resolve": "办结 (by the 主办 team)"}[name])
        a.add_argument("--text", required=True)
        if name == "resolve":
            a.add_argument("--amount", type=float)
    a = act("co-report", "协办反馈: a supporting team reports its part")
    a.add_argument("--team", required=True)
    a.add_argument("--text", required=True)
    a = act("follow-up", "回访")
    a.add_argument("--satisfaction", required=True, choices=[s.value for s in Satisfaction])
    a.add_argument("--text")
    a = act("escalate", "升级督办")
    a.add_argument("--reason", required=True)
    a = act("close", "销号 (after a satisfied follow-up)")
    a.add_argument("--text")
    a = isub.add_parser("show", help="events and every stage with its due date")
    a.add_argument("id")
    a.add_argument("--json", action="store_true")

    sp = sub.add_parser("calendar", help="the working-day calendar (hub: set days, import a year)")
    csub = sp.add_subparsers(dest="act", required=True, parser_class=type(sp))
    a = csub.add_parser("show")
    a.add_argument("--year", type=int)
    a.add_argument("--json", action="store_true")
    a = csub.add_parser("set", help="at the hub: make a day a working day or a day off")
    a.add_argument("date")
    a.add_argument("kind", choices=["workday", "holiday"])
    a.add_argument("--name", help="e.g. 国庆节 or 国庆节调休上班")
    a = csub.add_parser("import", help="at the hub: copy a year from the chinese-calendar package")
    a.add_argument("--year", type=int, required=True)

    sp = sub.add_parser("rules", help="办理时限规则 (hub: set)")
    rsub = sp.add_subparsers(dest="act", required=True, parser_class=type(sp))
    a = rsub.add_parser("list")
    a.add_argument("--json", action="store_true")
    a = rsub.add_parser("set", help="at the hub: add or change a rule")
    a.add_argument("name")
    a.add_argument("--stages", required=True, help="e.g. transfer:1,progress:3,resolve:7 (1m = one month)")
    a.add_argument("--code")
    a.add_argument("--category", action="append", help="suggest this rule for a category (repeatable)")
    a.add_argument("--default", action="store_true", help="the rule for categories without one")
    a.add_argument("--extension-lead", type=int, help="延期申请 at least this many working days before the deadline")
    a.add_argument("--json", action="store_true")
    add_coverage_parsers(sub)


def cmd_coverage(args, svc: Services) -> int:
    from .domain.coverage import CoverageSpec

    cov = svc.coverage
    if getattr(args, "act", None) == "rule":
        cov.set_rule(CoverageSpec(args.name, CoveragePeriod(args.period), args.min, not args.all_enterprises,
                                  args.often))
    report = cov.report(_on(svc, args) if getattr(args, "on", None) else None,
                        _team(svc, args.team) if getattr(args, "team", None) else None)
    if args.json:
        r = report.rule
        _print({"rule": None if r is None else {"name": r.name, "period": r.period.value, "min_visits": r.min_visits,
                                                "above_size_only": r.above_size_only, "often_visits": r.often_visits},
                "period": list(report.period) if report.period else None, "counts": report.counts,
                "enterprises": [{"id": x.enterprise_id, "name": x.enterprise, "township": x.township,
                                 "liaison_team": x.liaison_team, "liaison_officer": x.liaison_officer,
                                 "visits_this_period": x.visits_this_period, "visits_last_period": x.visits_last_period,
                                 "last_visit": x.last_visit, "open_issues": x.open_issues, "state": x.state.value}
                                for x in report.rows]})
    elif report.rule is None:
        print("尚未设置走访覆盖规则。")
    else:
        print(f"{report.rule.name}:" + ",".join(f"{k} {v}" for k, v in report.counts.items()))
        for x in report.rows:
            print(f"{x.state.zh}\t{x.enterprise}\t{x.township}\t{x.liaison_team}\t{x.last_visit or '—'}")
    return 0


def cmd_liaison(args, svc: Services) -> int:
    officer = None
    if args.officer:
        found = [o for o in svc.officers.list(args.officer) if args.officer in (o.id, o.name)]
        if len(found) != 1:
            raise _refused(f"找不到唯一的团员“{args.officer}”。", f"No single officer '{args.officer}'.")
        officer = found[0].id
    svc.coverage.set_liaison(_enterprise(svc, args.enterprise), _team(svc, args.team) if args.team else None, officer)
    print("已设置包联。")
    return 0


def cmd_plan(args, svc: Services) -> int:
    team = _team(svc, args.team)
    month = args.month or svc.db.utcnow().strftime("%Y-%m")
    if args.act == "set":
        view = svc.plans.set_plan(team, month, [_enterprise(svc, e) for e in args.enterprises])
    else:
        view = svc.plans.plan(team, month)
    if args.json:
        _print({"team": view.team, "month": view.month, "done": view.done, "total": len(view.rows),
                "enterprises": [{"id": r.enterprise_id, "name": r.enterprise, "township": r.township,
                                 "visited_on": r.visited_on} for r in view.rows]})
    else:
        print(f"{view.team} {view.month} 走访计划:已走访 {view.done}/{len(view.rows)}")
        for r in view.rows:
            print(f"  {'✓ ' + r.visited_on.isoformat() if r.visited_on else '待走访'}\t{r.enterprise}\t{r.township}")
    return 0


def add_coverage_parsers(sub) -> None:
    sp = sub.add_parser("coverage", help="包联 coverage: enterprises due or overdue for a visit, or visited often")
    sp.add_argument("--team", help="only the enterprises this team looks after (包联)")
    sp.add_argument("--on", help="count as on this day (default today)")
    sp.add_argument("--json", action="store_true")
    csub = sp.add_subparsers(dest="act", parser_class=type(sp))
    a = csub.add_parser("rule", help="at the hub: set the coverage rule")
    a.add_argument("--name", required=True)
    a.add_argument("--period", choices=[p.value for p in CoveragePeriod], default="quarter")
    a.add_argument("--min", type=int, default=1, help="least visits per period")
    a.add_argument("--often", type=int, default=0, help="this many visits without an open issue: visited often")
    a.add_argument("--all-enterprises", action="store_true", help="not only 规上 enterprises")
    a.add_argument("--json", action="store_true")
    sp = sub.add_parser("plan", help="走访计划: the enterprises a team should visit in a month (set at the hub)")
    psub = sp.add_subparsers(dest="act", required=True, parser_class=type(sp))
    for name in ("show", "set"):
        a = psub.add_parser(name)
        a.add_argument("--team", required=True)
        a.add_argument("--month", help="YYYY-MM (default this month)")
        a.add_argument("--json", action="store_true")
        if name == "set":
            a.add_argument("enterprises", nargs="*", help="ids or credit codes (none: an empty plan)")
    sp = sub.add_parser("liaison", help="at the hub: the team (and officer) responsible for an enterprise (包联)")
    sp.add_argument("enterprise", help="id or credit code")
    sp.add_argument("--team")
    sp.add_argument("--officer", help="name or id")


COMMANDS = {"issue": cmd_issue, "calendar": cmd_calendar, "rules": cmd_rules, "coverage": cmd_coverage,
            "liaison": cmd_liaison, "plan": cmd_plan}
