"""The `yimi` command: the same services as the GUI, no Qt.

Every refusal is one clear line on stderr and a non-zero exit; nothing is changed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__, cli_duban
from .domain.clock import local, local_text
from .domain.display import show_path
from .domain.vocabulary import OPEN, DeviceRole, IssueStatus
from .paths import default_db_path

if TYPE_CHECKING:
    from .services.context import Services

# The services (SQLAlchemy, alembic, reportlab, pypinyin: most of a second of imports) are imported by the
# commands that use them, not here: `yimi --help` and `yimi stats` start in a fraction of that. Even the
# domain's dataclasses (domain.errors, domain.lifecycle) wait for a command that needs them;
# tests/e2e/test_cli.py checks what `yimi --help` and `yimi stats` import.


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        raise UsageError(f"参数错误 (bad arguments): {message}")


def _json_default(o):
    if isinstance(o, date):
        return o.isoformat()
    raise TypeError(type(o).__name__)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_json_default, indent=None) + "\n")


def _busy(zh: str, en: str, work: Callable):
    """Runs `work` with a line on stderr before and the elapsed time after: age's scrypt key
    derivation gives no progress callback, so the user at least sees that it is working."""
    print(f"yimi: {zh}…({en})", file=sys.stderr, flush=True)
    start = time.monotonic()
    try:
        return work()
    finally:
        print(f"yimi: 用时 {time.monotonic() - start:.1f} 秒 (took {time.monotonic() - start:.1f} s)",
              file=sys.stderr, flush=True)


def cmd_init(args, db_path: Path) -> int:
    from .services.context import enrol_services, init_services
    from .services.enrolment import consume_enrolment_file, read_enrolment

    if args.enroll is not None:
        if args.hub:
            raise UsageError("参数错误 (bad arguments): --enroll 用于笔记本,不能与 --hub 同用 (--enroll is for laptops)")
        if not args.code:
            raise UsageError("参数错误 (bad arguments): --enroll 需要 --code 注册码 (--enroll needs --code)")
        enrolment = _busy("正在解开注册文件(密钥推导需要数秒,较慢的电脑上可达一分钟)",
                          "opening the enrolment file (key derivation takes seconds)",
                          lambda: read_enrolment(args.enroll, args.code))
        if args.db is None:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        svc = enrol_services(db_path, enrolment)
        try:
            print(f"已注册 {show_path(db_path)}:笔记本“{svc.device.name}”,本机指纹 {enrolment.fingerprint};"
                  f"县级中心“{enrolment.hub_name}”,指纹 {enrolment.hub_fingerprint}(请与县级中心屏幕上的核对)。")
            st = svc.stats.compute()
            print(f"已导入县级数据:企业 {st.enterprises} 家,走访 {st.visits} 次,问题 {st.issues} 个。")
        finally:
            svc.close()
        print(consume_enrolment_file(args.enroll).zh)
        return 0
    if not args.name:
        raise UsageError("参数错误 (bad arguments): 请用 --name 给本机起名,或用 --enroll 注册文件 (--name or --enroll)")
    role = DeviceRole.HUB if args.hub else DeviceRole.LAPTOP
    if args.db is None:
        db_path.parent.mkdir(parents=True, exist_ok=True)  # our own data folder, made on first use
    svc = init_services(db_path, args.name, role)
    try:
        print(f"已初始化 {show_path(db_path)}:设备“{svc.device.name}”({svc.device.role.zh}),设备号 {svc.device.device_id},"
              f"指纹 {svc.trust.keys().fingerprint}")
        if role is DeviceRole.LAPTOP:
            print("本机尚未注册:可以记录,但导出、导入数据包前须用县级中心的注册文件注册(yimi init --enroll)。")
    finally:
        svc.close()
    return 0


def cmd_keys(args, svc: Services) -> int:
    info = svc.trust.info()
    if args.json:
        _print_json(info.to_json())
    else:
        print(f"本机:{info.name}({svc.device.role.zh}),指纹 {info.signing_fingerprint}")
        if svc.device.role is DeviceRole.HUB:
            print(f"密钥确认码:{info.key_code}(换过密钥后,笔记本导入时须输入)")
        print(f"加密公钥:{info.age_recipient}")
        print(f"私钥文件:{info.age_identity_file}")
        if info.hub:
            print(f"县级中心:{info.hub.name},指纹 {info.hub.signing_fingerprint}")
        elif svc.device.role is DeviceRole.LAPTOP:
            print("本机尚未注册。")
    return 0


def cmd_enroll(args, svc: Services) -> int:
    issued = _busy("正在写注册文件(密钥推导需要数秒)", "writing the enrolment file (key derivation takes seconds)",
                   lambda: svc.enrolment.enroll(args.name, args.out))
    if args.json:
        _print_json({"file": str(issued.file), "code": issued.code, "identity": issued.identity_id,
                     "name": issued.name, "signing_fingerprint": issued.fingerprint})
    else:
        print(f"注册文件:{show_path(issued.file)}")
        print(f"注册码:{issued.code}(请当面告诉使用该笔记本的团员,不要写在U盘上)")
        print(f"该笔记本的指纹:{issued.fingerprint}")
    return 0


def _device_dict(r) -> dict:
    return {"identity": r.identity_id, "name": r.name, "signing_fingerprint": r.fingerprint,
            "enrolled_at": r.enrolled_at.isoformat(timespec="seconds"),
            "revoked_at": r.revoked_at.isoformat(timespec="seconds") if r.revoked_at else None,
            "revoke_reason": r.revoke_reason,
            "last_package_at": r.last_package_at.isoformat(timespec="seconds") if r.last_package_at else None,
            "last_package_file": r.last_package_file, "acked_hub_seq": r.acked_hub_seq,
            "unacknowledged": r.unacknowledged,
            "replicas": [{"device": p.device_id, "unacknowledged": p.unacknowledged, "acked_hub_seq": p.acked_hub_seq,
                          "last_in_at": p.last_in_at.isoformat(timespec="seconds") if p.last_in_at else None}
                         for p in r.replicas],
            "reused": [{"root": x.root_device_id, "sender_name": x.sender_name, "packages": x.packages,
                        "first_at": x.first_at.isoformat(timespec="seconds"),
                        "last_at": x.last_at.isoformat(timespec="seconds"), "last_file": x.last_file}
                       for x in r.reused]}


def cmd_devices(args, svc: Services) -> int:
    rows = svc.trust.devices()
    if args.json:
        _print_json([_device_dict(r) for r in rows])
    else:
        for r in rows:
            state = f"已注销 {local_text(r.revoked_at, '%Y-%m-%d')}" if r.revoked_at else "在用"
            last = local_text(r.last_package_at) or "尚未收到"
            print(f"{r.name}\t{state}\t指纹 {r.fingerprint}\t注册 {local_text(r.enrolled_at, '%Y-%m-%d')}\t最近数据包 {last}"
                  f"\t{_holds_words(r.unacknowledged, r.missing_since)}")
            if len(r.replicas) > 1:  # the laptop's file was copied: each copy syncs as its own device
                for p in r.replicas:
                    print(f"\t副本 {p.device_id}\t最近数据包 {local_text(p.last_in_at) or '尚未收到'}"
                          f"\t{_holds_words(p.unacknowledged, p.missing_since)}")
            for x in r.reused:  # a second computer set up from the same enrolment file: refused
                print(f"\t注意:另一台电脑用同一个注册文件注册过(根 {x.root_device_id[:12]}),它的 {x.packages} 个数据包已拒收,"
                      f"最近 {local_text(x.last_at)} {x.last_file}")
    return 0


def _holds_words(unacked: int | None, since, here: str = "本中心") -> str:
    """What the other side holds of this device's data, in a clerk's words (not a sequence number)."""
    if unacked is None:
        return "尚未收到它的数据包"
    if unacked == 0 or since is None:
        return f"已收到{here}的全部数据"
    day = local(since)
    return f"已收到{here}{day.month}月{day.day}日 {day:%H:%M} 以前的全部数据(还差 {unacked} 条)"


def cmd_revoke(args, svc: Services) -> int:
    r = svc.trust.revoke(args.name, args.reason or "")
    print(f"已注销设备“{r.name}”(指纹 {r.fingerprint}):此后它的数据包一律拒收,也不再给它导出数据包。")
    return 0


def cmd_rotate_keys(args, svc: Services) -> int:
    fp = svc.trust.rotate()
    code = svc.trust.info().key_code
    print(f"县级中心已换用新密钥,指纹 {fp},确认码 {code}。")
    print("各笔记本导入下一个数据包时须输入这个确认码(请当面或打电话告诉团员,不要写在U盘上):"
          "yimi import --hub-key 确认码 …;旧密钥仍可解开迟到的数据包。")
    return 0


def cmd_demo(args, svc: Services) -> int:
    if args.enterprises < 1 or args.visits < 0:
        raise UsageError("参数错误 (bad arguments): --enterprises must be 1 or more, --visits 0 or more")
    svc.demo.populate(seed=args.seed, enterprises=args.enterprises, visits=args.visits, vacuum=True)
    st = svc.stats.compute()
    print(f"演示数据已生成:企业 {st.enterprises} 家,走访 {st.visits} 次,问题 {st.issues} 个,"
          f"政策 {st.policies} 条,团员 {st.officers} 人。")
    return 0


def cmd_stats(args, svc: Services) -> int:
    _print_stats(args, svc.stats.compute())
    return 0


def _print_stats(args, st) -> None:
    _print_figures(args, st.as_dict())


def _print_figures(args, figures: dict) -> None:
    if args.json:
        _print_json(figures)
    else:
        for k, v in figures.items():
            print(f"{k}: {v}")


def cmd_list(args, svc: Services) -> int:
    from dataclasses import asdict

    from .services.enterprises import EnterpriseQuery
    from .services.issues import IssueQuery
    from .services.visits import VisitQuery

    what = args.what
    if what == "enterprises":
        rows = [r._asdict() for r in svc.enterprises.page(EnterpriseQuery(text=args.search or ""), 0, 10**9)]
    elif what == "teams":
        rows = [{**asdict(r), "kind": r.kind.value} for r in svc.teams.list()]
    elif what == "officers":
        rows = [{**asdict(r), "teams": list(r.teams)} for r in svc.officers.list(args.search or "")]
    elif what == "policies":
        rows = [{**asdict(r), "issuer_level": r.issuer_level.value, "category": r.category.value}
                for r in svc.policies.list(args.search or "")]
    elif what == "visits":
        rows = [{"id": r.id, "record_no": r.record_no, "enterprise": r.enterprise, "enterprise_id": r.enterprise_id,
                 "township": r.township, "date": r.visit_date, "team": r.team, "type": r.visit_type.value,
                 "officers": r.officers, "issues": r.issue_count}
                for r in svc.visits.list(VisitQuery(text=args.search or ""))]
    else:
        q = IssueQuery(statuses=frozenset(args.status or ()) | (OPEN if args.open else frozenset()), text=args.search or "")
        rows = [{"id": r.id, "enterprise": r.enterprise, "enterprise_id": r.enterprise_id, "township": r.township,
                 "category": r.category, "title": r.title, "raised": r.raised_on, "status": r.status.value,
                 "team": r.team, "officer": r.officer, "deadline": r.deadline, "resolved": r.resolved_on,
                 "satisfaction": r.satisfaction.value if r.satisfaction else None, "overdue": r.overdue}
                for r in svc.issues.rows(svc.issues.ids(q))]
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print("\t".join(str(v) for k, v in r.items() if k != "id" and not isinstance(v, (list, dict))))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="yimi", description="一米团走访与诉求台账 (yimi-desktop) command line")
    p.add_argument("--db", type=Path, default=None,
                   help="database file (default: $YIMI_DB or yimi.db in the user data folder)")
    p.add_argument("--version", action="version", version=f"yimi {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sp = sub.add_parser("init", help="create a new database for this device (or enrol a laptop)")
    sp.add_argument("--name", help="this device's name, e.g. 工业企业分团-笔记本1")
    sp.add_argument("--hub", action="store_true", help="set up as the county hub (县级中心)")
    sp.add_argument("--enroll", type=Path, metavar="FILE", help="a laptop: the enrolment file from the hub")
    sp.add_argument("--code", help="with --enroll: the one-time code the hub's clerk gave in person")

    sp = sub.add_parser("keys", help="this device's key fingerprints and files (and its hub's)")
    sp.add_argument("--json", action="store_true")

    sp = sub.add_parser("enroll", help="at the hub: enrol a laptop; writes its enrolment file and prints the code")
    sp.add_argument("--name", required=True, help="the laptop's name")
    sp.add_argument("--out", type=Path, required=True, help="folder to write the enrolment file into")
    sp.add_argument("--json", action="store_true")

    sp = sub.add_parser("devices", help="at the hub: enrolled devices, fingerprints, last package, acknowledgement")
    sp.add_argument("--json", action="store_true")

    sp = sub.add_parser("revoke", help="at the hub: shut out a lost laptop (its packages are refused from now on)")
    sp.add_argument("name", help="the device's name or identity")
    sp.add_argument("--reason", help="why, e.g. 笔记本丢失")

    sub.add_parser("rotate-keys", help="at the hub: new keys, vouched for by the old ones")

    sp = sub.add_parser("demo", help="fill an empty database with an invented county")
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--enterprises", type=int, default=320, help="how many enterprises (any number)")
    sp.add_argument("--visits", type=int, default=1200, help="how many visits over the past year")

    sp = sub.add_parser("stats", help="figures")
    sp.add_argument("--json", action="store_true")

    sp = sub.add_parser("list", help="list records")
    sp.add_argument("what", choices=["enterprises", "teams", "officers", "policies", "visits", "issues"])
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--search", help="text, pinyin or initials to search for")
    sp.add_argument("--status", action="append", choices=[s.value for s in IssueStatus],
                    help="issues only: keep this status (repeatable)")
    sp.add_argument("--open", action="store_true", help="issues only: keep the open ones (待交办, 已交办, 办理中)")

    sp = sub.add_parser("export", help="write one sync package (.yimi) into a folder, e.g. the USB stick")
    sp.add_argument("--out", type=Path, required=True, help="folder to write into")
    sp.add_argument("--to", help="at the hub: the laptop (name or device id) the package is for")
    sp.add_argument("--full", action="store_true", help="everything, not only what the other side lacks")
    sp.add_argument("--all", action="store_true", help="at the hub: one package for every enrolled laptop in use")

    sp = sub.add_parser("import", help="import packages: files and/or folders (a whole stick at once)")
    sp.add_argument("paths", nargs="+", type=Path)
    sp.add_argument("--json", action="store_true", help="also print the totals as JSON")
    sp.add_argument("--remove-imported", action="store_true",
                    help="then delete from the stick the packages this database now holds (others' are left)")
    sp.add_argument("--hub-key", metavar="CODE",
                    help="a laptop, after the hub rotated its keys: the new key's confirmation code the hub told you")

    sp = sub.add_parser("digest", help="one line that is equal on two databases holding the same replicated content")
    sp.add_argument("--verify", action="store_true",
                    help="also recompute it from every record and compare (slow on a large database)")
    sp.add_argument("--full", action="store_true", help="print the value recomputed from every record instead")
    sub.add_parser("compact", help="drop the values of superseded changes every peer holds (the rows stay)")

    sp = sub.add_parser("report", help="PDF reports: visit record, ledger, period summary, enterprise dossier")
    rsub = sp.add_subparsers(dest="kind", required=True, parser_class=_Parser)
    for kind, help_text in (("visit", "走访记录表 of one visit"), ("enterprise", "企业档案 of one enterprise")):
        r = rsub.add_parser(kind, help=help_text)
        r.add_argument("id")
        r.add_argument("--out", required=True)
    r = rsub.add_parser("ledger", help="问题台账")
    r.add_argument("--status", action="append", choices=[s.value for s in IssueStatus])
    r.add_argument("--team", help="team name or id")
    r.add_argument("--out", required=True)
    for kind in ("briefing", "summary"):
        r = rsub.add_parser(kind, help="工作简报 for a period, with its 期号 at the hub" +
                            (" (same as briefing)" if kind == "summary" else ""))
        r.add_argument("--from", dest="date_from", required=True)
        r.add_argument("--to", dest="date_to", required=True)
        r.add_argument("--team", help="team name or id")
        r.add_argument("--out", help="the PDF to write (not with --withdraw)")
        r.add_argument("--number", type=int, metavar="N",
                       help="at the hub: 期号 N (第N期) instead of the next of the year; never one already used")
        r.add_argument("--draft", action="store_true", help="试印: print without taking a 期号")
        r.add_argument("--withdraw", action="store_true",
                       help="at the hub: take back the period's 期号 (a period printed by mistake; the latest only)")
    r = rsub.add_parser("booklet", help="惠企政策汇编: the policies valid on a date, by category")
    r.add_argument("--on", help="date the policies are valid on (YYYY-MM-DD; default today)")
    r.add_argument("--category", help="only this policy category (e.g. finance)")
    r.add_argument("--size", choices=["a4", "a5"], default="a4")
    r.add_argument("--out", required=True)
    r = rsub.add_parser("notice", help="政策告知单: the policies that concern one enterprise")
    r.add_argument("--enterprise", required=True, help="enterprise id or 统一社会信用代码")
    r.add_argument("--on", help="date the policies are valid on (default today)")
    r.add_argument("--out", required=True)
    for r in rsub.choices.values():
        r.add_argument("--lang", choices=["zh", "en"], default="zh")

    sp = sub.add_parser("verify", help="核验纸质记录: what a scanned visit record QR code says (exit 0: genuine and unchanged)")
    sp.add_argument("text", help="the text the scanner read ('-' reads it from standard input)")
    sp.add_argument("--lang", choices=["zh", "en"], default="zh")

    sp = sub.add_parser("sync-status", help="version vector, unacknowledged changes, last packages")
    sp.add_argument("--json", action="store_true")

    sp = sub.add_parser("simulate", help="add K visits by this device and move issues along (training, tests)")
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--visits", type=int, required=True)
    _xlsx_parser(sub)
    cli_duban.add_parsers(sub)  # issue, calendar, rules

    sp = sub.add_parser("backup", help="verified backups of the database (kept in <db>.backups/) and their restore")
    bsub = sp.add_subparsers(dest="action", required=True, parser_class=_Parser)
    b = bsub.add_parser("create", help="a verified copy now (then rotation: 7 daily, 4 weekly)")
    b.add_argument("--to-stick", type=Path, metavar="DIR",
                   help="also write it to this folder (the USB stick), encrypted to this laptop's and the hub's keys")
    b = bsub.add_parser("list", help="the backups, newest first")
    b.add_argument("--json", action="store_true")
    b = bsub.add_parser("restore", help="put a backup in place of the database (the current one is backed up first)")
    b.add_argument("file", type=Path)
    b = bsub.add_parser("salvage", help="at the hub: take in a dead or lost laptop's work from its stick backup "
                                        "(what the hub does not hold yet, as if the laptop had sent a package)")
    b.add_argument("file", type=Path, help="the laptop's <name>.db.age on its stick (with <name>.db.age.sig beside it)")
    b.add_argument("--unsigned", action="store_true",
                   help="take a copy without the laptop's signature (an earlier release's, or a .db): only when its "
                        "officer handed it over in person")
    b.add_argument("--json", action="store_true")
    return p


def _xlsx_parser(sub) -> None:
    """`yimi xlsx template|import|export …`: the county's lists and the 回填表 as .xlsx."""
    sp = sub.add_parser("xlsx", help="Excel: templates, importing lists and 回填表, exporting the ledger and lists")
    xsub = sp.add_subparsers(dest="xlsx_command", required=True, parser_class=_Parser)
    x = xsub.add_parser("template", help="an empty list to fill in, with drop-downs and notes")
    x.add_argument("what", choices=["enterprises", "officers", "policies"])
    x.add_argument("--out", type=Path, required=True)
    x = xsub.add_parser("import", help="a list (dry run with --dry-run) or a filled-in 回填表")
    x.add_argument("what", choices=["enterprises", "officers", "policies", "returns"])
    x.add_argument("file", type=Path)
    x.add_argument("--dry-run", action="store_true", help="classify every row, write nothing")
    x.add_argument("--json", action="store_true")
    x = xsub.add_parser("export", help="the ledger, the directory, visits, summary figures or a team's 回填表")
    x.add_argument("what", choices=["ledger", "enterprises", "visits", "summary", "returns"])
    x.add_argument("--out", type=Path, required=True)
    x.add_argument("--status", action="append", choices=[s.value for s in IssueStatus], help="ledger: keep this status")
    x.add_argument("--team", help="team name or id (ledger, visits, summary; required for returns)")
    x.add_argument("--from", dest="date_from", help="YYYY-MM-DD: ledger (raised), visits, summary")
    x.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
    x.add_argument("--township", help="乡镇 (enterprises, ledger, visits)")
    x.add_argument("--industry", help="行业 (enterprises)")
    x.add_argument("--above-size", choices=["是", "否", "yes", "no"], help="是否规上 (enterprises)")
    x.add_argument("--text", default="", help="name, credit code, pinyin or initials (enterprises, ledger, visits)")
    x.add_argument("--include-voided", action="store_true", help="enterprises, visits: also the voided (作废) ones")


def cmd_backup(args, db_path: Path) -> int:
    """No services are opened: a restore must replace a closed file, and a backup needs none."""
    from .services import backups
    from .services.context import open_services

    if args.action == "create":
        if not args.to_stick:
            made = backups.made_and_rotated(db_path, "manual")
            print(f"已备份 {show_path(made.path)}({made.size:,} 字节,已校验)")
            return 0
        svc = open_services(db_path)
        try:
            _recipients, with_hub = backups.stick_recipients(svc)
            made, sealed = backups.back_up_to_stick(svc, args.to_stick)
        finally:
            svc.close()
        print(f"已备份 {show_path(made.path)}({made.size:,} 字节,已校验)")
        print(f"已写到U盘 {show_path(sealed)}(加密给本机" + ("和县级中心" if with_hub else "") + ",并由本机签名)")
    elif args.action == "list":
        found = backups.list_backups(db_path)
        if args.json:
            _print_json([{"path": str(b.path), "time": b.taken_at.isoformat(), "reason": b.reason,
                          "kind": backups.KINDS[b.reason].zh, "size": b.size, "verified": b.verified} for b in found])
        else:
            for b in found:
                mark = "已校验" if b.verified else "未校验"
                print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {backups.KINDS[b.reason].zh:<6} {mark}  {b.size:>12,}  "
                      f"{show_path(b.path)}")
    elif args.action == "salvage":
        from .services.salvage import salvage

        svc = open_services(db_path)
        try:
            got = salvage(svc, args.file, unsigned=args.unsigned)
        finally:
            svc.close()
        if args.json:
            _print_json(got.to_json())
            return 0
        if got.duplicate:
            print(f"这个备份已经收取过,本中心数据没有改动:{show_path(args.file)}")
            return 0
        st = got.stats
        print(f"已收取笔记本“{got.laptop}”备份中的工作:{st.changes if st else 0} 条本中心还没有的修改"
              f"(新记录 {st.records_new if st else 0},更新 {st.records_updated if st else 0})。"
              + ("" if got.signed else "备份没有笔记本的签名,按 --unsigned 收取。")
              + ("该笔记本已注销,它的工作照样收下。" if got.revoked else "")
              + (f"有 {got.missing_files} 张照片或附件的文件不在备份里,没能收回。" if got.missing_files else ""))
    else:
        chosen = args.file
        if chosen.suffix == ".age":  # from the stick: opened with this laptop's own key
            svc = open_services(db_path)
            try:
                identities = svc.trust.keys().identities
            finally:
                svc.close()
            chosen = backups.open_encrypted(chosen, identities, backups.backup_dir(db_path) / chosen.stem)
        safety = backups.restore_here(db_path, chosen)
        print(f"已恢复 {show_path(db_path)} ← {show_path(args.file)}"
              + (f";恢复前的数据库已备份为 {show_path(safety.path)}" if safety else "")
              + "。下次打开时本机换用新的设备编号,与县级中心交换一次即可取回已同步的数据。")
    return 0


def cmd_simulate(args, svc: Services) -> int:
    if args.visits < 0:
        raise UsageError("参数错误 (bad arguments): --visits must be 0 or more")
    r = svc.simulation.run(seed=args.seed, visits=args.visits)
    print(f"已模拟走访 {r.visits} 次,新增诉求 {r.issues_raised} 个,推进诉求 {r.transitions} 次。")
    return 0


def cmd_export(args, svc: Services) -> int:
    if args.all:
        if args.to:
            raise UsageError("参数错误 (bad arguments): --all 与 --to 只能选一个 (--all or --to)")
        def say(name: str, i: int, n: int) -> None:
            if name:
                print(f"({i + 1}/{n}) 发给 {name} …", file=sys.stderr)

        result = svc.sync.export_all(args.out, full=args.full, progress=say)
        for path in result.files:
            print(show_path(path))
        return 0
    path = svc.sync.export(args.out, to=args.to, full=args.full)
    print(show_path(path))
    return 0


def cmd_import(args, svc: Services) -> int:
    from .services import backups

    backups.made_and_rotated(svc.db.path, "before-import")  # verified, before anything is changed; then rotation
    summary = svc.sync.import_paths(args.paths, hub_key_code=args.hub_key)
    if not summary.results:
        raise UsageError("参数错误 (bad arguments): 没有找到 .yimi 数据包 (no .yimi package found)")
    for r in summary.refused:
        print(f"yimi: 已拒绝 (refused) {show_path(r.path)}: {r.message} ({r.message_en})", file=sys.stderr)
    for r in summary.for_others:
        print(f"yimi: 不是发给本机的,留在原处 (for another device, left alone): {show_path(r.path)}", file=sys.stderr)
    if args.remove_imported and summary.imported_files:
        n = svc.sync.remove_imported(summary.imported_files)
        print(f"已从U盘上删除已导入的数据包 {n} 个。")
    if any(r.needs_hub_key for r in summary.refused) and not args.hub_key:
        print("yimi: 县级中心换了密钥:请向县级中心核对确认码,再用 yimi import --hub-key 确认码 … 导入"
              " (the hub rotated its keys: import again with --hub-key CODE)", file=sys.stderr)
    t = summary.totals()
    print(f"数据包 {t['packages']} 个(重复跳过 {t['duplicates_skipped']} 个,拒绝 {t['refused']} 个,"
          f"不是发给本机的 {t['not_for_us']} 个);"
          f"变更 {t['changes']} 条:新记录 {t['records_new']},更新 {t['records_updated']},事件 {t['events']},"
          f"删除 {t['tombstones']};冲突共 {svc.sync.status().conflicts} 个。")
    if args.json:
        _print_json(t)
    nothing = not any(r.ok and not r.not_for_us for r in summary.results)  # only others' packages
    return 1 if summary.refused or nothing else 0


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"参数错误 (bad arguments): 日期应写成 YYYY-MM-DD (dates look like 2026-01-31): {text}") from None


def _team_id(svc: Services, team: str | None) -> str | None:
    if not team:
        return None
    for t in svc.teams.list():
        if team in (t.id, t.name):
            return t.id
    from .domain.errors import DomainError, Message

    raise DomainError(Message(f"找不到团队“{team}”。", f"No team '{team}'."))


def cmd_report(args, svc: Services) -> int:
    if args.kind in ("briefing", "summary"):
        return _cmd_briefing(args, svc)
    out = Path(args.out)
    if out.exists() and out.is_dir():
        raise UsageError("参数错误 (bad arguments): --out 应是文件名,不是文件夹 (--out names a file)")
    lang = args.lang
    if args.kind == "visit":
        path = svc.reports.visit_record(args.id, out, lang)
    elif args.kind == "enterprise":
        path = svc.reports.dossier(args.id, out, lang)
    elif args.kind == "booklet":
        on = _date_arg(args.on) if args.on else None
        path = svc.reports.booklet(out, on, args.category, args.size, lang)
    elif args.kind == "notice":
        on = _date_arg(args.on) if args.on else None
        path = svc.reports.notice(svc.reports.find_enterprise(args.enterprise), out, on, lang)
    elif args.kind == "ledger":
        from .services.issues import IssueQuery

        q = IssueQuery(statuses=frozenset(args.status or ()), team_id=_team_id(svc, args.team))
        text = " ".join(filter(None, [",".join(IssueStatus(s).label(lang) for s in args.status or ()), args.team]))
        path = svc.reports.ledger(q, out, text, lang)
    print(show_path(path))
    return 0


def _cmd_briefing(args, svc: Services) -> int:
    """工作简报: prints the file and the 期号 it carries (第N期, a reprint keeps its number)."""
    start, end = _date_arg(args.date_from), _date_arg(args.date_to)
    team = _team_id(svc, args.team)
    en = args.lang == "en"
    if args.withdraw:
        if args.out or args.number is not None or args.draft:
            raise UsageError("参数错误 (bad arguments): --withdraw 不与 --out/--number/--draft 同用")
        done = svc.reports.withdraw_briefing(start, end, team)
        print(f"Withdrew No. {done.number} of {done.year}." if en else f"已撤回{done.year}年第{done.number}期。")
        return 0
    if not args.out:
        raise UsageError("参数错误 (bad arguments): 需要 --out (--out is required)")
    out = Path(args.out)
    if out.exists() and out.is_dir():
        raise UsageError("参数错误 (bad arguments): --out 应是文件名,不是文件夹 (--out names a file)")
    path, issued = svc.reports.briefing(start, end, out, team, args.lang, args.number, args.draft)
    print(show_path(path))
    if issued.number is None:
        print("No issue number (a draft, or printed on a laptop)." if en else "未编期号（试印或本机打印，期号留空）。")
    elif issued.reprint:
        print(f"No. {issued.number} of {issued.year} (reprint, issued {issued.issued_on})." if en else
              f"{issued.year}年第{issued.number}期（重印，原于 {issued.issued_on} 编发）。")
    else:
        print(f"No. {issued.number} of {issued.year}." if en else f"{issued.year}年第{issued.number}期。")
    return 0


VERIFY_CODES = {"genuine": 0, "changed": 1, "foreign": 3, "missing": 4, "unreadable": 5, "unknown": 6}


def cmd_verify(args, svc: Services) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    check = svc.reports.verify_paper(text, args.lang)
    print(check.text(args.lang))
    return VERIFY_CODES[check.verdict]


def cmd_compact(args, svc: Services) -> int:
    print(f"已压缩 {svc.sync.compact()} 条修改的值 / values dropped")
    return 0


def cmd_digest(args, svc: Services) -> int:
    if args.full:
        print(svc.sync.full_digest())
        return 0
    kept = svc.sync.digest()
    print(kept)
    if args.verify:
        full = svc.sync.full_digest()
        if full != kept:
            print(f"摘要不一致:逐条重算为 {full}(数据库的摘要记录已过期)\n"
                  f"digest mismatch: recomputed from the records {full} (the maintained digest is stale)", file=sys.stderr)
            return 1
        print("已核对:逐条重算结果相同 / verified: recomputed from the records, equal", file=sys.stderr)
    return 0


def cmd_sync_status(args, svc: Services) -> int:
    st = svc.sync.status()
    if args.json:
        _print_json(st.to_json())
    else:
        print(f"本机 {st.name}({st.role}),未被对方确认的变更:{st.unacknowledged}")
        for p in st.peers:
            print(f"  {p.name}({p.role}):最近收到 {local_text(p.last_in) or '—'},最近发出 {local_text(p.last_out) or '—'},"
                  f"{_holds_words(p.unacknowledged, datetime.fromisoformat(p.missing_since) if p.missing_since else None, '本机')}")
    return 0


def cmd_xlsx(args, svc: Services) -> int:
    from .services.enterprises import EnterpriseQuery
    from .services.issues import IssueQuery
    from .services.visits import VisitQuery

    assert svc.imports is not None and svc.exports is not None and svc.returns is not None
    if args.xlsx_command == "template":
        print(show_path(svc.imports.template(args.what, args.out)))
        return 0
    if args.xlsx_command == "import":
        if not args.dry_run:
            from .services import backups
            backups.made_and_rotated(svc.db.path, "before-import")  # verified, before anything is changed, as `yimi import`
        if args.what == "returns":
            plan = svc.returns.plan(args.file) if args.dry_run else svc.returns.apply(args.file)
        else:
            plan = svc.imports.plan(args.what, args.file) if args.dry_run else svc.imports.apply(args.what, args.file)
        for r in plan.refused:
            print(f"yimi: 第{r.row}行 (row {r.row}): {r.reason.zh if r.reason else ''}", file=sys.stderr)
        j = plan.as_json()
        verb = "试导入(未写入)" if args.dry_run else "已导入"
        print(f"{verb}:新增 {j['new']},更新 {j['updated']},无变化 {j['unchanged']},拒绝 {len(j['refused'])}。")
        if args.json:
            _print_json(j)
        return 1 if plan.refused else 0
    start = _date_arg(args.date_from) if args.date_from else None
    end = _date_arg(args.date_to) if args.date_to else None
    team = _team_id(svc, args.team)
    if args.what == "ledger":
        q = IssueQuery(statuses=frozenset(args.status or ()), team_id=team, raised_from=start, raised_to=end,
                       township=args.township, text=args.text)
        result = svc.exports.ledger(q, args.out)
    elif args.what == "enterprises":
        above = None if args.above_size is None else args.above_size in ("是", "yes")
        eq = EnterpriseQuery(text=args.text, township=args.township, industry=args.industry, above_size=above)
        result = svc.exports.enterprises(eq, args.out, include_voided=args.include_voided)
    elif args.what == "visits":
        result = svc.exports.visits(VisitQuery(team_id=team, date_from=start, date_to=end, township=args.township,
                                               text=args.text), args.out, include_voided=args.include_voided)
    elif args.what == "summary":
        if start is None or end is None:
            raise UsageError("参数错误 (bad arguments): summary 需要 --from 和 --to (summary needs --from and --to)")
        result = svc.exports.summary(start, end, args.out, team)
    else:
        if team is None:
            raise UsageError("参数错误 (bad arguments): returns 需要 --team (returns needs --team)")
        sheet = svc.returns.export(team, args.out)
        print(f"{show_path(sheet.path)}({sheet.team} 未办结诉求 {sheet.rows} 项)")
        return 0
    print(f"{show_path(result.path)}({result.rows} 行)")
    return 0


COMMANDS: dict[str, Callable[..., int]] = {"xlsx": cmd_xlsx, "demo": cmd_demo, "stats": cmd_stats, "list": cmd_list,
                                           "simulate": cmd_simulate, "export": cmd_export, "import": cmd_import,
                                           "digest": cmd_digest, "compact": cmd_compact, "sync-status": cmd_sync_status, "report": cmd_report,
                                           "keys": cmd_keys, "enroll": cmd_enroll, "devices": cmd_devices,
                                           "revoke": cmd_revoke, "rotate-keys": cmd_rotate_keys,
                                           "verify": cmd_verify, **cli_duban.COMMANDS}


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    db_path = args.db if args.db is not None else default_db_path()
    if args.command == "init":
        return cmd_init(args, db_path)
    if args.command == "backup":
        return cmd_backup(args, db_path)
    if args.command == "stats":
        from .storage.counts import read_current

        figures = read_current(db_path, date.today())  # a current database read with sqlite3 alone; None: the full path
        if figures is not None:
            _print_figures(args, figures)
            return 0
    if args.command == "digest" and not (args.full or args.verify):
        from .storage.digest_sql import read_current as current_digest

        line = current_digest(db_path)  # the maintained digest read with sqlite3 alone; None: the full path
        if line is not None:
            print(line)
            return 0
    from .services.context import open_services

    svc = open_services(db_path)
    try:
        _notify(svc.notices)  # what happened at start (a restored file, a clock found far ahead)
        return COMMANDS[args.command](args, svc)
    finally:
        _notify(svc.sync.notices)  # the same, found while importing or before exporting
        svc.close()


def _notify(messages) -> None:
    for m in messages:
        print(f"yimi: 注意:{m.zh} ({m.en})", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (setuptools' wrapper passes it to sys.exit)."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        code = run(argv)
    except UsageError as exc:
        print(f"yimi: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        print("yimi: 已取消 (cancelled)", file=sys.stderr)
        code = 130
    except Exception as exc:
        code = _failed(exc)
    return code


def _failed(exc: Exception) -> int:
    """One line for a refusal, an OS error or a bug (domain.errors imported only when something failed)."""
    from .domain.errors import DomainError

    if isinstance(exc, DomainError):
        print(f"yimi: 错误:{exc.text('zh')} ({exc.text('en')})", file=sys.stderr)
        return 1
    if isinstance(exc, OSError):
        print(f"yimi: 错误:{exc.strerror or exc} ({getattr(exc, 'filename', '') or ''})", file=sys.stderr)
        return 1
    # a bug: still one line, never a traceback for the user
    print(f"yimi: 内部错误 (internal error): {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
    return 70


if __name__ == "__main__":
    sys.exit(main())
