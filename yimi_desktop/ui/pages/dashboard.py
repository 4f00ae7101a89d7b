"""工作台: today's figures, my work, and a click through to the filtered ledger."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget,
)

from ...domain.errors import NotFound
from ...domain.periods import days_left_in_week
from ...domain.vocabulary import OPEN, DeviceRole, IssueStatus
from ...reports.data import SummaryData
from ..context import UiContext
from ..operations import NOTHING
from ..widgets.bar_chart import Bar, BarChart
from ..widgets.pickers import SearchPicker
from .base import Page

if TYPE_CHECKING:  # imported with the services: a light start paints this page before them (attach_services)
    from ...services.coverage import VisitPlanView
    from ...services.issues import IssueQuery
    from ...services.stats import Stats


def issue_query(**kw: Any) -> IssueQuery:
    """The ledger's query for a tile or bar (services.issues imported when one is clicked, not at start)."""
    from ...services.issues import IssueQuery

    return IssueQuery(**kw)


@dataclass(frozen=True)
class DashboardFigures:
    stats: Stats
    mine_open: int | None
    due_this_week: int
    overdue: int
    escalated: int = 0  # 督查清单
    extension_pending: int = 0  # 延期待批
    coverage_due: int | None = None  # 规上 etc. due or overdue for a visit (None: no coverage rule)
    silent_laptops: int | None = None  # at the hub: enrolled laptops with no package for SILENT_DAYS
    summary: SummaryData | None = None  # this year so far, of my team when this laptop's officer is in one
    team_id: str | None = None
    overdue_in_period: int = 0
    ids: dict[str, dict[str, str]] = field(default_factory=dict)  # dimension -> name -> id (for click-through)
    plan: VisitPlanView | None = None  # my team's 走访计划 this month
    calendar_missing: tuple[int, ...] = ()  # this year or next, when the working-day calendar lacks it


def rates(f: DashboardFigures, lang: str) -> dict[str, float | None]:
    """办结率, 按时办结率, 超期率, 回访率, 满意率 of the period: the 工作简报's figures (services.reporting.summary_data),
    and from the same counts 超期率 (open past the deadline / raised) and 回访率 (followed up / resolved)."""
    s = f.summary
    if s is None:
        return {}
    followed = s.by_status.get(IssueStatus.FOLLOWED_UP.label(lang), 0)
    return {"resolution_rate": s.resolution_rate, "on_time_rate": s.on_time_rate,
            "overdue_rate": f.overdue_in_period / s.issues_raised if s.issues_raised else None,
            "follow_up_rate": followed / s.issues_resolved if s.issues_resolved else None,
            "satisfaction_rate": s.satisfaction_rate}


SILENT_DAYS = 14


class Tile(QFrame):
    """A figure with its caption; clicking it (or Enter when focused) opens what it counts."""

    clicked = Signal()

    def __init__(self, caption: str, clickable: bool = False, parent=None):
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("…")
        self.value.setObjectName("tileValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.clickable = clickable
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def mouseReleaseEvent(self, event) -> None:
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if self.clickable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class DashboardPage(Page):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        # the figures, the 督办 tiles and the charts are taller than a 720-pixel screen: they scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.body_scroll = QScrollArea()
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.body_scroll.setWidget(inner)
        outer.addWidget(self.body_scroll)
        layout = QVBoxLayout(inner)
        title = self.styled(QLabel(self.tr("工作台")))
        title.setObjectName("pageTitle")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(QLabel(self.tr("我是:")))
        # 112 officers: typed by name, pinyin or initials (as in the visit editor), not scrolled through
        self.me = SearchPicker(self._find_officers, self.tr("姓名、拼音或首字母,Enter 确定"), rows=8,
                               tasks=ctx.tasks, keep_choice=True)
        self.me.setObjectName("mePicker")
        self.me.setMinimumWidth(260)
        self.me.setToolTip(self.tr("选择使用本机的团员,“我的待办”按此统计"))
        head.addWidget(self.me)
        layout.addLayout(head)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)

        mine = self.styled(QLabel(self.tr("我的工作")))
        mine.setObjectName("sectionTitle")
        layout.addWidget(mine)
        grid = QGridLayout()
        self.tiles: dict[str, Tile] = {
            "mine_open": Tile(self.tr("我的待办诉求"), clickable=True),
            "due_this_week": Tile(self.tr("本周到期"), clickable=True),
            "overdue": Tile(self.tr("已超期"), clickable=True),
            "visits_this_month": Tile(self.tr("本月走访"), clickable=True),
        }
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, 0, i)
        layout.addLayout(grid)

        county = self.styled(QLabel(self.tr("全县概况")))
        county.setObjectName("sectionTitle")
        layout.addWidget(county)
        grid2 = QGridLayout()
        more = {
            "enterprises": Tile(self.tr("服务企业"), clickable=True),
            "above_size_enterprises": Tile(self.tr("其中规上企业")),
            "open_issues": Tile(self.tr("未办结诉求"), clickable=True),
            "issues": Tile(self.tr("累计诉求"), clickable=True),
            "visits": Tile(self.tr("累计走访"), clickable=True),
            "policies": Tile(self.tr("惠企政策"), clickable=True),
        }
        for i, tile in enumerate(more.values()):
            grid2.addWidget(tile, i // 3, i % 3)
        self.tiles.update(more)
        layout.addLayout(grid2)

        duban = self.styled(QLabel(self.tr("督办")))
        duban.setObjectName("sectionTitle")
        layout.addWidget(duban)
        grid3 = QGridLayout()
        hub = ctx.device.role is DeviceRole.HUB
        steer = {
            "escalated": Tile(self.tr("督查清单(升级督办)"), clickable=True),
            "extension_pending": Tile(self.tr("延期申请待批") if hub else self.tr("延期申请待中心批准"), clickable=True),
            "coverage_due": Tile(self.tr("应走访而未走访的企业"), clickable=True),
            "plan": Tile(self.tr("本月走访计划"), clickable=True),
        }
        if hub:
            steer["silent_laptops"] = Tile(self.tr("{n} 天未交数据包的笔记本").format(n=SILENT_DAYS), clickable=True)
        for i, tile in enumerate(steer.values()):
            grid3.addWidget(tile, 0, i)
        self.tiles.update(steer)
        layout.addLayout(grid3)

        self.effect_title = self.styled(QLabel(self.tr("办理成效(本年)")))
        self.effect_title.setObjectName("sectionTitle")
        layout.addWidget(self.effect_title)
        grid4 = QGridLayout()
        effect = {"resolution_rate": Tile(self.tr("办结率"), clickable=True),
                  "on_time_rate": Tile(self.tr("按时办结率"), clickable=True),
                  "overdue_rate": Tile(self.tr("超期率"), clickable=True),
                  "follow_up_rate": Tile(self.tr("回访率"), clickable=True),
                  "satisfaction_rate": Tile(self.tr("满意率"), clickable=True)}
        for i, tile in enumerate(effect.values()):
            grid4.addWidget(tile, 0, i)
        self.tiles.update(effect)
        layout.addLayout(grid4)
        charts = QHBoxLayout()
        left = QVBoxLayout()
        self.dimension = QComboBox()
        self.dimension.setObjectName("chartDimension")
        self.dimension.addItem(self.tr("按团队"), "team")
        self.dimension.addItem(self.tr("按乡镇"), "township")
        self.dimension.addItem(self.tr("按类别"), "category")
        self.by_chart = BarChart(self.tr("办结率(已办结/提出)"), max_value=1.0)
        self.by_chart.setObjectName("chartBy")
        left.addWidget(self.dimension)
        left.addWidget(self.by_chart)
        self.month_chart = BarChart(self.tr("每月收集(蓝)与办结(绿)"))
        self.month_chart.setObjectName("chartMonth")
        charts.addLayout(left, 1)
        charts.addWidget(self.month_chart, 1)
        layout.addLayout(charts)
        layout.addStretch(1)
        self.figures: DashboardFigures | None = None
        self.dimension.currentIndexChanged.connect(lambda _i: self.show_charts())
        self.by_chart.bar_clicked.connect(self.on_by_bar_clicked)
        self.month_chart.bar_clicked.connect(self.on_month_bar_clicked)
        for key in effect:
            self.tiles[key].clicked.connect(lambda k=key: self.on_rate_clicked(k))
        self.tiles["escalated"].clicked.connect(lambda: self.open_requested.emit("issues", issue_query(escalated=True)))
        self.tiles["extension_pending"].clicked.connect(
            lambda: self.open_requested.emit("issues", issue_query(extension_pending=True)))
        self.tiles["coverage_due"].clicked.connect(self.on_coverage_clicked)
        self.tiles["plan"].clicked.connect(self.on_plan_clicked)
        if hub:
            self.tiles["silent_laptops"].clicked.connect(lambda: self.open_requested.emit("sync", None))

        self.tiles["mine_open"].clicked.connect(self.on_mine_clicked)
        self.tiles["due_this_week"].clicked.connect(
            lambda: self.open_requested.emit("issues", issue_query(due_within_days=days_left_in_week(date.today()))))
        self.tiles["overdue"].clicked.connect(lambda: self.open_requested.emit("issues", issue_query(overdue=True)))
        self.tiles["open_issues"].clicked.connect(lambda: self.open_requested.emit("issues", issue_query(statuses=OPEN)))
        self.tiles["issues"].clicked.connect(lambda: self.open_requested.emit("issues", issue_query()))
        self.tiles["visits_this_month"].clicked.connect(
            lambda: self.open_requested.emit("visits", _visits_this_month()))
        self.tiles["visits"].clicked.connect(lambda: self.open_requested.emit("visits", None))
        self.tiles["enterprises"].clicked.connect(lambda: self.open_requested.emit("enterprises", None))
        self.tiles["policies"].clicked.connect(lambda: self.open_requested.emit("policies", None))
        self.me.picked.connect(self.on_me_picked)
        if ctx.ready:
            self._load_officers()  # then the figures, for the officer this device belongs to
        else:  # a light start: the tiles show … until the services are here (attach_services), the date at once
            self.subtitle.setText(self.tr("今天是 {date}").format(date=date.today().isoformat()))
            self.mark_first_painted()

    def first_paint_styled(self) -> list[QWidget]:
        return super().first_paint_styled() + list(self.tiles.values())

    def attach_services(self) -> None:
        """After a light start's first paint: this device's officer, then the figures, read off the GUI thread."""
        self._load_officers()

    def _find_officers(self, text: str) -> list[tuple[str, str]]:
        if not self.ctx.ready:  # a light start, before the services: nobody to choose yet
            return []
        return [(o.id, f"{o.name} · {o.department}") for o in self.ctx.services.officers.list(text)[:40]]

    def _load_officers(self) -> None:
        svc = self.ctx.services

        def load():
            current = svc.devices.info()
            oid = current.officer_id if current else None
            if not oid:
                return None
            try:
                return svc.officers.get(oid)
            except NotFound:
                return None

        self.ctx.tasks.read(load, self.on_officer_loaded, key=f"dashboard-officers-{id(self)}", parent=self)

    def on_officer_loaded(self, me) -> None:
        self.me.set_choice(me.id if me else "", f"{me.name} · {me.department}" if me else "")
        self.refresh()

    def my_officer_id(self) -> str | None:
        choice = self.me.choice()
        return choice[0] if choice else None

    def on_me_picked(self, _officer_id: str, _label: str) -> None:
        devices, officer = self.ctx.services.devices, self.my_officer_id()
        self.ctx.tasks.write(lambda: devices.set_officer(officer), lambda _: self.refresh(),
                             changes=NOTHING, parent=self, label="set this device's officer")

    # ---- charts --------------------------------------------------------------------------------------
    def by_rows(self) -> list:
        f = self.figures
        if f is None or f.summary is None:
            return []
        return {"team": f.summary.by_team, "township": f.summary.by_township,
                "category": f.summary.by_category}[self.dimension.currentData()]

    def show_charts(self) -> None:
        f = self.figures
        if f is None or f.summary is None:
            return
        self.by_chart.set_bars([Bar(r.name, (r.resolved / r.raised if r.raised else 0.0,),
                                    f"{r.resolved}/{r.raised} {r.resolved / r.raised:.0%}" if r.raised else "—")
                                for r in self.by_rows()[:12]])
        self.month_chart.set_bars([Bar(m, (float(raised), float(done)), f"{raised} / {done}")
                                   for m, raised, done in f.summary.by_month[-12:]])

    def period_query(self, **kw) -> IssueQuery:
        f = self.figures
        today = date.today()
        return issue_query(team_id=f.team_id if f else None, raised_from=date(today.year, 1, 1), raised_to=today,
                          **kw)

    def on_by_bar_clicked(self, i: int) -> None:
        rows, f = self.by_rows(), self.figures
        if f is None or not 0 <= i < len(rows):
            return
        name, dim = rows[i].name, self.dimension.currentData()
        q = self.period_query()
        if dim == "township":
            q = replace(q, township=name)
        elif dim == "team" and name in f.ids["team"]:
            q = replace(q, team_id=f.ids["team"][name])
        elif dim == "category" and name in f.ids["category"]:
            q = replace(q, category_id=f.ids["category"][name])
        self.open_requested.emit("issues", q)

    def on_month_bar_clicked(self, i: int) -> None:
        f = self.figures
        if f is None or f.summary is None or not 0 <= i < len(f.summary.by_month[-12:]):
            return
        month = f.summary.by_month[-12:][i][0]
        first = date.fromisoformat(month + "-01")
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        self.open_requested.emit("issues", issue_query(team_id=f.team_id, raised_from=first, raised_to=last))

    def on_rate_clicked(self, key: str) -> None:
        done = frozenset({IssueStatus.RESOLVED.value, IssueStatus.FOLLOWED_UP.value})
        q = {"resolution_rate": self.period_query(statuses=done), "on_time_rate": self.period_query(statuses=done),
             "overdue_rate": self.period_query(overdue=True),
             "follow_up_rate": self.period_query(statuses=frozenset({IssueStatus.FOLLOWED_UP.value})),
             "satisfaction_rate": self.period_query(statuses=frozenset({IssueStatus.FOLLOWED_UP.value}))}[key]
        self.open_requested.emit("issues", q)

    def on_plan_clicked(self) -> None:
        f = self.figures
        if f is None or f.plan is None:
            self.me.setFocus()  # the plan is a team's: say who uses this laptop first
            self.me.run_search("")
            return
        from ..dialogs.coverage_dialog import PlanDialog

        dlg = PlanDialog(f.plan, self)
        dlg.open_requested.connect(lambda eid: self.open_requested.emit("enterprises", eid))
        dlg.open()

    def on_coverage_clicked(self) -> None:
        if not self.ctx.ready:  # a light start: the figures (and this list) come with the services
            return
        from ..dialogs.coverage_dialog import CoverageDialog

        dlg = CoverageDialog(self.ctx, self)
        dlg.open_requested.connect(lambda eid: self.open_requested.emit("enterprises", eid))
        dlg.open()

    def on_mine_clicked(self) -> None:
        officer = self.my_officer_id()
        if officer:
            self.open_requested.emit("issues", issue_query(statuses=OPEN, officer_id=officer))
        else:
            self.me.setFocus()
            self.me.run_search("")

    def refresh(self) -> None:
        today = date.today()
        self.subtitle.setText(self.tr("今天是 {date}").format(date=today.isoformat()))
        if not self.ctx.ready:  # a light start: the figures come with the services (attach_services)
            return
        svc = self.ctx.services
        officer = self.my_officer_id()
        week = days_left_in_week(today)

        def compute() -> DashboardFigures:
            mine = svc.issues.counts(issue_query(statuses=OPEN, officer_id=officer, today=today)).total if officer else None
            due = svc.issues.counts(issue_query(due_within_days=week, today=today)).total
            stats = svc.stats.compute(today)
            escalated = svc.issues.counts(issue_query(escalated=True, today=today)).total
            pending = svc.issues.counts(issue_query(extension_pending=True, today=today)).total
            cov = svc.coverage.report(today)
            coverage = None if cov.rule is None else cov.counts.get("due", 0) + cov.counts.get("overdue", 0)
            silent = None
            if svc.device.role is DeviceRole.HUB:
                cutoff = svc.db.utcnow() - timedelta(days=SILENT_DAYS)
                silent = sum(1 for d in svc.trust.devices()
                             if not d.revoked_at and (d.last_package_at is None or d.last_package_at < cutoff))
            start = date(today.year, 1, 1)
            team = my_team(svc, officer)
            summary = svc.reports.summary_data(start, today, team, self.ctx.lang)
            overdue_in_period = svc.issues.counts(issue_query(overdue=True, team_id=team, raised_from=start,
                                                             raised_to=today, today=today)).total
            lang = self.ctx.lang
            ids = {"team": {t.name: t.id for t in svc.teams.list()},
                   "category": {(c.name_en if lang == "en" and c.name_en else c.name): c.id
                                for c in svc.categories.list()}}
            plan = svc.plans.plan(team, today.strftime("%Y-%m")) if team else None
            held = svc.calendar.years()
            missing = tuple(y for y in (today.year, today.year + 1) if held and y not in held)
            return DashboardFigures(stats, mine, due, stats.overdue_issues, escalated, pending, coverage, silent,
                                    summary, team, overdue_in_period, ids, plan, missing)

        self.ctx.tasks.submit(compute, self.show_figures, key="dashboard")

    def show_figures(self, f: DashboardFigures) -> None:
        self.figures = f
        today = date.today().isoformat()
        if f.calendar_missing:
            years = "、".join(str(y) for y in f.calendar_missing)
            self.subtitle.setText(self.tr("今天是 {date}。注意:工作日历缺少 {years} 年的节假日安排,按工作日计算到该年的时限会被拒绝;"
                                          "请县级中心补充日历后同步。").format(date=today, years=years))
            self.subtitle.setStyleSheet("color: #8a5300;")
        else:
            self.subtitle.setText(self.tr("今天是 {date}").format(date=today))
            self.subtitle.setStyleSheet("")
        if f.summary is not None:
            self.effect_title.setText(self.tr("办理成效(本年,{team})").format(team=f.summary.team))
        self.show_charts()
        for key, tile in self.tiles.items():
            if key == "mine_open":
                tile.value.setText("—" if f.mine_open is None else f"{f.mine_open:,}")
            elif key == "due_this_week":
                tile.value.setText(f"{f.due_this_week:,}")
            elif key == "overdue":
                tile.value.setText(f"{f.overdue:,}")
            elif key in ("escalated", "extension_pending", "coverage_due", "silent_laptops"):
                value = getattr(f, key)
                tile.value.setText("—" if value is None else f"{value:,}")
            elif key == "plan":
                tile.value.setText("—" if f.plan is None else f"{f.plan.done:,}/{len(f.plan.rows):,}")
            elif key in RATE_KEYS:
                rate = rates(f, self.ctx.lang).get(key)
                tile.value.setText("—" if rate is None else f"{rate:.1%}")
            else:
                tile.value.setText(f"{getattr(f.stats, key):,}")


def _visits_this_month() -> object:
    from ...services.visits import VisitQuery

    return VisitQuery.this_month(date.today())


RATE_KEYS = ("resolution_rate", "on_time_rate", "overdue_rate", "follow_up_rate", "satisfaction_rate")


def my_team(svc, officer_id: str | None) -> str | None:
    """The team of this laptop's officer (the first a member of), else None: the county's figures."""
    if not officer_id:
        return None
    for t in svc.teams.list():
        if any(m.id == officer_id for m in svc.teams.get(t.id).members):
            return t.id
    return None
