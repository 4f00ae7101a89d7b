"""A realistic, invented county for training, tests and `make run`.

Everything here is made up: enterprises, people and documents. The structure (sub-teams,
specialist teams, townships, industries, kinds of problems) follows shared/domain.md.
"""

from __future__ import annotations

import random
from typing import NamedTuple
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from ..domain import creditcode, lifecycle, pinyin
from ..domain.errors import DomainError, Message
from ..domain.lifecycle import EventKind, IssueEventData, IssueState
from ..domain.vocabulary import (
    COUNTY_DIVISION_CODE, INDUSTRIES, TOWNSHIPS, IssuerLevel, PolicyCategory, Satisfaction, VisitType,
)
from ..storage.database import Database
from ..storage.models import (
    Enterprise, Issue, IssueEvent, Officer, Policy, TeamMembership, Visit, VisitAttendee, VisitOfficer,
    VisitPolicy, new_id,
)
from .seed import CATEGORIES, TEAMS, seeded_id

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国志海波晓东云鹏飞斌亮宁凯文博浩宇欣怡佳慧新春林辉庆红梅凤兰振"
DEPARTMENTS = (
    "县发展和改革委员会", "县科技和工业信息化局", "县财政局", "县人力资源和社会保障局", "县自然资源局",
    "市生态环境局尉氏分局", "县住房和城乡建设局", "县交通运输局", "县农业农村局", "县商务局",
    "县市场监督管理局", "县税务局", "县金融工作局", "县应急管理局", "县卫生健康委",
    "县委宣传部", "县乡村振兴局", "县供电公司",
)
OFFICER_TITLES = ("科员", "副科长", "科长", "副局长", "股长", "主任科员", "办公室主任")
BRANDS = ("宏达", "华盛", "中原", "豫丰", "鑫源", "金穗", "瑞祥", "恒通", "天成", "永泰", "兴业", "博远", "嘉禾",
          "润丰", "盛世", "东方", "安达", "新利", "宏图", "汇丰", "康泰", "恒信", "亿达", "隆昌", "金源", "立新",
          "佳和", "福瑞", "腾飞", "众诚", "长远", "益民", "宏远", "聚力", "盈泰", "卓越", "顺达", "昌盛", "德润", "华康")
INDUSTRY_WORDS = {
    "肉类加工": "食品", "橡胶传动带": "橡胶", "塑料管材": "塑业", "门业": "门业", "建筑业": "建设",
    "食用菌种植": "菌业", "现代农业": "农业科技", "医疗器械": "医疗器械", "纺织服装": "纺织",
    "机械制造": "机械", "食品加工": "食品", "商贸物流": "物流", "新材料": "新材料", "电子信息": "电子",
}
ROADS = ("人民路", "建设路", "新华路", "产业集聚区纬三路", "迎宾大道", "工业路", "文化路", "商贸大道", "兴业路", "经一路")

# Issue templates by category code: (title, description)
ISSUE_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "funds": (("流动资金短缺", "原材料价格上涨,企业流动资金紧张,希望协调银行提供流动资金贷款约{m}万元。"),
              ("贷款到期续贷困难", "一笔{m}万元贷款即将到期,希望协调银行办理无还本续贷。"),),
    "labour": (("招工难", "订单增加,一线工人缺口约{n}人,希望帮助发布招聘信息。"),
               ("技术工人短缺", "缺少熟练焊工和电工约{n}人,希望组织职业技能培训。"),),
    "talent": (("引进技术人才", "希望引进研发人员{n}名,咨询人才引进补贴政策。"),),
    "social_insurance": (("社保补贴申请", "咨询稳岗返还和社保补贴的申请条件和流程。"),),
    "raw_materials": (("原材料供应紧张", "主要原料供应商停产,希望协调县内外供货渠道。"),),
    "power": (("线路老化频繁跳闸", "厂区供电线路老化,雨天与树木搭接,多次停电跳闸,影响生产。"),
              ("增容申请", "新上生产线需要增加变压器容量{n}00千伏安,希望加快办理。"),),
    "technology": (("技术改造项目申报", "计划实施智能化改造,咨询技改补助申报。"),
                   ("申报高新技术企业", "希望得到高新技术企业认定的指导。"),),
    "transport": (("车辆通行证", "企业有{n}辆货车需要通行证,目前未办理,影响原料和产品运输。"),),
    "sales": (("产品销售渠道窄", "受疫情影响产品积压,希望帮助对接商超和电商平台。"),),
    "environment": (("环评手续办理", "新建车间需要办理环评手续,希望得到指导。"),),
    "disaster": (("厂房受灾重建", "7·20暴雨导致厂房进水、设备受损,希望得到灾后重建支持。"),
                 ("灾后排污设施修复", "污水处理设施被淹,需要尽快修复并通过验收。"),),
    "land": (("项目用地指标", "扩建项目需要用地约{n}0亩,希望协调用地指标。"),
             ("不动产证办理", "厂房已建成多年,不动产权证一直未办下来。"),),
    "agriculture": (("菌棒原料不足", "食用菌生产季节原料短缺,希望协调供应。"),
                    ("农产品冷库建设", "希望申请冷链仓储设施建设补助。"),),
    "rural": (("村集体产业发展", "村里想发展特色种植,需要技术和销售支持。"),),
    "other": (("道路破损影响进出", "厂区门前道路破损严重,雨天车辆无法进出。"),),
}
RESULTS = (
    "已协调有关部门现场办理,问题解决。", "已对接银行完成贷前调查,贷款已发放。", "已发布招聘信息,企业招到所需人员。",
    "供电公司和城管部门清理树障并更换线路,不再跳闸。", "已办理通行证,企业运输恢复正常。",
    "已指导企业完成申报材料,项目通过审核。", "已组织对接会,企业签订销售合同。",
)
VISIT_NOTES = (
    "企业负责人介绍了生产经营情况,目前订单充足,但成本压力较大。团员逐条讲解惠企政策,现场答复了用工和社保问题。",
    "查看了生产车间和仓库,企业复工复产情况良好。对企业提出的问题进行了登记,明确了承办单位和办理时限。",
    "宣讲省、市“二十条”惠企政策,用通俗语言讲清申报条件。企业对融资和用工政策最关心。",
    "灾后回访企业受灾情况,厂房已基本修复,部分设备仍待维修。",
    "回访此前反映问题的办理情况,企业表示问题已解决,对服务表示满意。",
)
POLICY_TITLES = (
    ("关于支持企业复工复产的二十条措施", IssuerLevel.PROVINCE, "河南省人民政府", PolicyCategory.INDUSTRY),
    ("关于应对疫情稳定经济运行的若干措施", IssuerLevel.CITY, "开封市人民政府", PolicyCategory.EPIDEMIC),
    ("中小微企业应急转贷资金管理办法", IssuerLevel.COUNTY, "尉氏县人民政府", PolicyCategory.FINANCE),
    ("稳岗返还政策实施细则", IssuerLevel.PROVINCE, "河南省人力资源和社会保障厅", PolicyCategory.EMPLOYMENT),
    ("小规模纳税人增值税减免政策", IssuerLevel.NATIONAL, "财政部 税务总局", PolicyCategory.TAX),
    ("企业技术改造专项资金管理办法", IssuerLevel.PROVINCE, "河南省工业和信息化厅", PolicyCategory.TECHNOLOGY),
    ("高新技术企业认定奖励办法", IssuerLevel.CITY, "开封市科学技术局", PolicyCategory.TECHNOLOGY),
    ("灾后恢复重建支持政策", IssuerLevel.PROVINCE, "河南省人民政府", PolicyCategory.DISASTER),
    ("重点项目用地保障措施", IssuerLevel.COUNTY, "尉氏县自然资源局", PolicyCategory.LAND),
    ("以工代训补贴实施办法", IssuerLevel.PROVINCE, "河南省人力资源和社会保障厅", PolicyCategory.EMPLOYMENT),
    ("创业担保贷款贴息政策", IssuerLevel.CITY, "开封市财政局", PolicyCategory.FINANCE),
    ("农业产业化龙头企业扶持办法", IssuerLevel.COUNTY, "尉氏县农业农村局", PolicyCategory.AGRICULTURE),
    ("排污许可简化办理措施", IssuerLevel.CITY, "开封市生态环境局", PolicyCategory.ENVIRONMENT),
    ("阶段性减免企业社会保险费政策", IssuerLevel.NATIONAL, "人力资源社会保障部", PolicyCategory.TAX),
    ("万人助万企活动实施方案", IssuerLevel.PROVINCE, "河南省人民政府办公厅", PolicyCategory.INDUSTRY),
)
POLICY_SUMMARIES = {
    PolicyCategory.FINANCE: "符合条件的中小企业可申请低息或贴息贷款,县里协调银行快速审批,帮企业解决资金周转难题。",
    PolicyCategory.TAX: "符合条件的企业可以少交或缓交部分税费,直接减轻负担,不用另外申请的由税务部门自动办理。",
    PolicyCategory.EMPLOYMENT: "企业不裁员或少裁员,可以拿回一部分失业保险费;招用新员工并组织培训的,按人给予补贴。",
    PolicyCategory.TECHNOLOGY: "企业搞技术改造、买新设备、建研发平台,可按投资额申请补助或奖励。",
    PolicyCategory.INDUSTRY: "企业复工复产遇到用工、资金、原料、运输等困难,由一米团帮助协调解决。",
    PolicyCategory.AGRICULTURE: "农业企业和合作社发展种养、加工、冷链,可申请项目扶持资金。",
    PolicyCategory.LAND: "重点项目优先安排用地指标,手续并联办理,缩短审批时间。",
    PolicyCategory.ENVIRONMENT: "环保手续能简化的简化,能并联的并联,专人指导企业一次办好。",
    PolicyCategory.DISASTER: "受灾企业可申请重建补助、贷款延期和税费减免,专人上门核灾。",
    PolicyCategory.EPIDEMIC: "指导企业做好防疫,保障员工返岗和物资运输。",
}


BATCH = 2000  # enterprises per flush: a big county builds in flat memory
VISIT_BATCH = 500  # visits (with their issues and events) per flush
NAME_RETRIES = 8  # plain names drawn before falling back to 第二, 第三… of the last one


class _DemoEnterprise(NamedTuple):
    """What the visits need of an enterprise (the ORM object is let go once flushed)."""

    id: str
    name: str
    address: str
    contact_person: str
    contact_phone: str


_ORDINALS = "一二三四五六七八九十"


def _ordinal_name(stem: str, word: str, used: set[str], next_ordinal: dict[str, int]) -> str:
    """The first unused `stem第N{word}有限公司` (N from 二): names never run out, at any size."""
    k = next_ordinal.get(stem + word, 2)
    while True:
        n = _ORDINALS[k - 1] if k <= 10 else str(k)
        name = f"{stem}第{n}{word}有限公司"
        k += 1
        if name not in used:
            next_ordinal[stem + word] = k
            return name


class DemoService:
    """Fills an empty database with an invented county: people, enterprises, policies, a year of work."""

    def __init__(self, db: Database, device_id: str):
        self._db = db
        self._device = device_id

    def populate(self, seed: int = 1, enterprises: int = 320, officers: int = 112, policies: int = 45,
                 visits: int = 1200, today: date | None = None, vacuum: bool = False) -> None:
        """`vacuum`: rewrite the file packed afterwards (Database.vacuum): the database a user is given
        (`yimi demo`), 21.0 MB → 19.5 MB for the default county; tests leave it off."""
        rng = random.Random(seed)
        today = today or date.today()
        with self._db.session() as s:
            if s.scalar(select(func.count()).select_from(Enterprise)):
                raise DomainError(Message("数据库中已有企业数据,演示数据只能填入空数据库。",
                                          "The database already holds enterprises; demo data only goes into an empty one."))
            dev = self._device
            stamp = dict(created_by=dev, updated_by=dev)

            # ---- officers and team memberships ------------------------------------------------
            names: set[str] = set()
            officer_rows: list[Officer] = []
            while len(officer_rows) < officers:
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                if name in names:
                    continue
                names.add(name)
                dept = DEPARTMENTS[len(officer_rows) % len(DEPARTMENTS)]
                phone = "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))
                officer_rows.append(Officer(id=new_id(), name=name, department=dept, title=rng.choice(OFFICER_TITLES),
                                            phone=phone, search_text=pinyin.search_text(name, dept),
                                            sort_key=pinyin.sort_key(name), **stamp))
            s.add_all(officer_rows)
            s.flush()
            team_codes = [t[0] for t in TEAMS]
            dept_of_team = {t[0]: t[4] for t in TEAMS}
            members: dict[str, list[Officer]] = {c: [] for c in team_codes}
            pool = officer_rows[:]
            rng.shuffle(pool)
            members["county"] = pool[:4]
            rest = pool[4:]
            for i, off in enumerate(rest):
                # each officer serves on one team, preferring the team his department leads
                preferred = [c for c in team_codes[1:] if dept_of_team[c] == off.department]
                code = preferred[0] if preferred and rng.random() < 0.7 else team_codes[1 + i % (len(team_codes) - 1)]
                members[code].append(off)
            for code, offs in members.items():
                for j, off in enumerate(offs):
                    s.add(TeamMembership(team_id=seeded_id("team", code), officer_id=off.id,
                                         role="leader" if j == 0 else "member", **stamp))

            # ---- enterprises -------------------------------------------------------------------
            # flushed in batches, keeping only what the visits need, so any size builds in flat memory
            ent_rows: list[_DemoEnterprise] = []
            batch: list[Enterprise] = []
            used_names: set[str] = set()
            next_ordinal: dict[str, int] = {}
            used_codes: set[str] = set()
            alphabet = creditcode.ALPHABET
            collisions = 0
            while len(ent_rows) < enterprises:
                industry = rng.choice(INDUSTRIES)
                brand, second = rng.choice(BRANDS), rng.choice(BRANDS)[0]
                word = INDUSTRY_WORDS[industry]
                name = f"尉氏县{brand}{second}{word}有限公司"
                if name in used_names:
                    collisions += 1
                    if collisions < NAME_RETRIES:
                        continue
                    # the county has run out of plain names: the next free 第二, 第三… of this one
                    name = _ordinal_name(f"尉氏县{brand}{second}", word, used_names, next_ordinal)
                body = "MA" + "".join(rng.choice(alphabet) for _ in range(6))
                code = creditcode.make_code("9", "1", COUNTY_DIVISION_CODE, body)
                if code in used_codes or creditcode.validate(code) is not None:
                    continue
                collisions = 0
                used_names.add(name)
                used_codes.add(code)
                township = TOWNSHIPS[len(ent_rows) % len(TOWNSHIPS)] if rng.random() < 0.5 else rng.choice(TOWNSHIPS)
                contact = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
                row = Enterprise(
                    id=new_id(), name=name, credit_code=code, township=township,
                    address=f"河南省开封市尉氏县{township}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
                    industry=industry, above_size=len(ent_rows) < 265, contact_person=contact,
                    contact_phone="1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
                    search_text=pinyin.search_text(name, code, contact), sort_key=pinyin.sort_key(name), **stamp)
                ent_rows.append(_DemoEnterprise(row.id, row.name, row.address, contact, row.contact_phone))
                batch.append(row)
                if len(batch) >= BATCH:
                    s.add_all(batch)
                    s.flush()
                    batch = []
            s.add_all(batch)
            del batch

            # ---- policies -----------------------------------------------------------------------
            pol_rows: list[Policy] = []
            for i in range(policies):
                title, level, issuer, cat = POLICY_TITLES[i % len(POLICY_TITLES)]
                year = 2020 + (i // len(POLICY_TITLES)) * 2 + rng.randint(0, 1)
                if i >= len(POLICY_TITLES):
                    title = f"{title}({year}年修订)"
                prefix = {IssuerLevel.NATIONAL: "财税", IssuerLevel.PROVINCE: "豫政",
                          IssuerLevel.CITY: "汴政", IssuerLevel.COUNTY: "尉政"}[level]
                vf = date(year, rng.randint(1, 12), 1)
                docno = f"{prefix}〔{year}〕{rng.randint(1, 60)}号"
                pol_rows.append(Policy(id=new_id(), title=title, issuer_level=level.value, issuer=issuer,
                                       document_number=docno, category=cat.value, summary=POLICY_SUMMARIES[cat],
                                       valid_from=vf, valid_to=vf.replace(year=vf.year + rng.choice((2, 3, 5))),
                                       search_text=pinyin.search_text(title, docno, issuer),
                                       sort_key=pinyin.sort_key(title), **stamp))
            s.add_all(pol_rows)
            s.flush()

            # ---- a year of visits and issues ----------------------------------------------------
            visiting_teams = [c for c in team_codes if c != "county"]
            # rows are collected per table and inserted parents first (batched, foreign keys on)
            out: dict[str, list] = {"visit": [], "visit_child": [], "issue": [], "issue_event": []}
            cat_team = {c[0]: c[3] for c in CATEGORIES}
            for vi in range(visits):
                if vi and vi % VISIT_BATCH == 0:  # parents first, then let the flushed rows go
                    self._flush(s, out)
                vdate = today - timedelta(days=int(365 * (1 - vi / visits)))
                team_code = rng.choice(visiting_teams)
                team_members = members[team_code] or officer_rows[:3]
                ent = rng.choice(ent_rows)
                vtype = rng.choice(list(VisitType))
                start = time(rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
                end = time(min(start.hour + rng.randint(1, 2), 18), start.minute)
                visit = Visit(id=new_id(), enterprise_id=ent.id, visit_date=vdate, start_time=start, end_time=end,
                              team_id=seeded_id("team", team_code), visit_type=vtype.value,
                              place=ent.address.split("尉氏县", 1)[-1], notes=rng.choice(VISIT_NOTES),
                              follow_up_date=vdate + timedelta(days=30) if rng.random() < 0.4 else None,
                              state="final", record_no=f"WS{vdate:%Y%m%d}-{vi + 1:04d}", **stamp)
                out["visit"].append(visit)
                for off in rng.sample(team_members, k=min(len(team_members), rng.randint(2, 3))):
                    out["visit_child"].append(VisitOfficer(visit_id=visit.id, officer_id=off.id, **stamp))
                out["visit_child"].append(VisitAttendee(visit_id=visit.id, name=ent.contact_person, title=rng.choice(("总经理", "董事长", "厂长", "办公室主任")),
                                    phone=ent.contact_phone, **stamp))
                for pol in rng.sample(pol_rows, k=rng.randint(0, 3)):
                    out["visit_child"].append(VisitPolicy(visit_id=visit.id, policy_id=pol.id, qualifies=rng.choice(("yes", "no", "unknown")),
                                      note="", **stamp))
                for _ in range(rng.choices((0, 1, 2, 3), weights=(35, 40, 18, 7))[0]):
                    self._demo_issue(out, rng, visit, ent, team_members, members, cat_team, today, stamp)
            self._flush(s, out)
        if vacuum:
            self._db.vacuum()

    @staticmethod
    def _flush(s, out: dict[str, list]) -> None:
        for table in ("visit", "visit_child", "issue", "issue_event"):
            s.add_all(out[table])
            s.flush()
            out[table] = []

    def _demo_issue(self, out, rng, visit, ent, visitors, members, cat_team, today, stamp) -> None:
        cat = rng.choice(list(ISSUE_TEMPLATES))
        title, desc = rng.choice(ISSUE_TEMPLATES[cat])
        desc = desc.format(m=rng.choice((50, 100, 200, 300, 460, 800)), n=rng.randint(2, 12))
        raised = visit.visit_date
        author = visitors[0]
        team_code = cat_team[cat]
        handler = rng.choice(members[team_code] or visitors)
        evs: list[IssueEventData] = [IssueEventData(EventKind.RAISED, raised, f"{ent.name}反映:{title}")]
        age = (today - raised).days
        # the older the issue, the further along its life it is likely to be
        progress = min(1.0, age / 90)
        stage = rng.random() if rng.random() < 0.1 else rng.random() * 0.3 + progress * 0.7
        day = raised
        amount = float(rng.choice((0, 0, 50, 100, 200, 460))) * 10000 if cat == "funds" else None

        def step(days: int) -> date:
            nonlocal day
            day = min(today, day + timedelta(days=days))
            return day

        if rng.random() < 0.03 and age > 20:
            evs.append(IssueEventData(EventKind.CANNOT_RESOLVE, step(rng.randint(3, 20)), "涉及上级审批权限,县级暂无法解决,已向上反映。"))
        elif stage > 0.08:
            deadline_days = rng.choice((7, 15, 30))
            d = step(rng.randint(0, 3))
            evs.append(IssueEventData(EventKind.ASSIGNED, d, "交办", team_id=seeded_id("team", team_code),
                                      officer_id=handler.id, deadline=d + timedelta(days=deadline_days)))
            if stage > 0.25:
                evs.append(IssueEventData(EventKind.PROGRESS, step(rng.randint(1, 8)), "已与企业对接,正在协调相关部门。"))
            if stage > 0.4:
                evs.append(IssueEventData(EventKind.RESOLVED, step(rng.randint(1, 25)), rng.choice(RESULTS), amount=amount))
                if stage > 0.55:
                    sat = rng.choices(list(Satisfaction), weights=(80, 15, 5))[0]
                    evs.append(IssueEventData(EventKind.FOLLOWED_UP, step(rng.randint(2, 10)), "电话回访企业负责人。", satisfaction=sat))
                    if sat is Satisfaction.UNSATISFIED:
                        evs.append(IssueEventData(EventKind.PROGRESS, step(rng.randint(1, 5)), "企业不满意,重新协调办理。"))
        state = IssueState()
        for ev in evs:
            state = lifecycle.apply(state, ev)
        issue = Issue(id=new_id(), visit_id=visit.id, enterprise_id=ent.id, category_id=seeded_id("category", cat),
                      title=title, description=desc, raised_on=raised, status=state.status.value,
                      team_id=state.team_id, officer_id=state.officer_id, deadline=state.deadline,
                      resolved_on=state.resolved_on, result=state.result or "", amount=state.amount,
                      satisfaction=state.satisfaction.value if state.satisfaction else None, **stamp)
        out["issue"].append(issue)
        for n, ev in enumerate(evs):
            out["issue_event"].append(IssueEvent(issue_id=issue.id, kind=ev.kind.value, on=ev.on,
                             at=datetime.combine(ev.on, time(9 + n % 8, rng.randint(0, 59))),
                             device_id=self._device, author_officer_id=author.id if n == 0 else handler.id,
                             text=ev.text, team_id=ev.team_id, officer_id=ev.officer_id, deadline=ev.deadline,
                             amount=ev.amount, satisfaction=ev.satisfaction.value if ev.satisfaction else None, **stamp))
