"""报表: the period summary (工作简报) and the ledger of a period, for a team or the whole county."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout

from ..spreadsheet_actions import ExcelActions
from ...services.visits import VisitQuery
from ...domain.vocabulary import TeamKind
from ...services.issues import IssueQuery
from ..context import UiContext
from ..operations import SYNC, TEAM
from ..widgets.date_fields import DateField
from ..report_actions import ReportSaver
from .base import Page


class ReportsPage(Page):
    shows = frozenset({TEAM, SYNC})  # what a write must change for this page to refresh
    teams_loaded = Signal()
    plan_loaded = Signal()  # the 期号 of the period shown was read

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        title = QLabel(self.tr("报表"))
        title.setObjectName("pageTitle")
        self.kind = QComboBox()
        self.kind.addItem(self.tr("工作简报(走访、诉求、办结率、满意率,附图表)"), "summary")
        self.kind.addItem(self.tr("问题台账(期间内提出的诉求)"), "ledger")
        today = QDate.currentDate()
        self.date_from = DateField(QDate(today.year(), today.month(), 1))
        self.date_to = DateField(today)
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        quick = QHBoxLayout()
        for label, months in ((self.tr("本月"), 0), (self.tr("近三个月"), 3), (self.tr("今年"), 12)):
            b = QPushButton(label)
            b.clicked.connect(lambda _=False, m=months: self.set_period(m))
            quick.addWidget(b)
        quick.addStretch(1)
        self.team = QComboBox()
        self.team.addItem(self.tr("全县(全部团队)"), None)
        # 期号 of the 简报: the hub's next (or this period's, for a reprint); the clerk may type another
        self.number = QSpinBox()
        self.number.setRange(1, 9999)
        self.number.setPrefix(self.tr("第 "))
        self.number.setSuffix("" if ctx.lang == "en" else " 期")  # 第 N 期; English needs only the prefix
        self.draft = QCheckBox(self.tr("试印（不编期号）"))
        self.number_note = QLabel()
        self.number_note.setObjectName("briefingNumberNote")
        self.number_note.setWordWrap(True)
        self.plan = None  # services.briefings.BriefingPlan of the period shown
        self.make_button = QPushButton(self.tr("生成PDF并打开"))
        self.make_button.setDefault(True)
        self.note = QLabel(self.tr("PDF 在系统的阅读器中打开,可以在那里预览和打印。字体已嵌入,在没有中文字体的电脑上也能正常显示。"))
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("报表"), self.kind)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel(self.tr("至")))
        period.addWidget(self.date_to)
        period.addStretch(1)
        form.addRow(self.tr("期间"), period)
        form.addRow("", quick)
        form.addRow(self.tr("团队"), self.team)
        numbering = QHBoxLayout()
        numbering.addWidget(self.number)
        numbering.addWidget(self.draft)
        numbering.addWidget(self.number_note, 1)
        self.number_label = QLabel(self.tr("期号"))
        form.addRow(self.number_label, numbering)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.make_button)
        self.excel = ExcelActions(ctx, self, None, {
            self.tr("导出本期汇总Excel…"): (self.tr("工作简报汇总"), self.summary_export),
            self.tr("导出本期走访Excel…"): (self.tr("走访记录"), self.visits_export),
            self.tr("导出本期台账Excel…"): (self.tr("问题台账"), self.ledger_export)})
        self.excel.button.setText(self.tr("导出Excel"))
        layout.addWidget(self.excel.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.reports = ReportSaver(ctx, self)
        self.make_button.clicked.connect(self.on_make)
        self.reports.written.connect(lambda _path: self.load_plan())  # the next number moved on
        for changed in (self.kind.currentIndexChanged, self.team.currentIndexChanged):
            changed.connect(self.load_plan)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self.load_plan)
        self.draft.toggled.connect(self.show_plan)
        self.refresh()

    def refresh(self) -> None:
        """The team choices, read off the GUI thread; the chosen team is kept."""
        teams = self.ctx.services.teams
        self.ctx.tasks.read(teams.list, self.on_teams_loaded, key=f"report-teams-{id(self)}", parent=self)
        self.load_plan()

    def on_teams_loaded(self, teams) -> None:
        chosen = self.team.currentData()
        self.team.blockSignals(True)
        while self.team.count() > 1:
            self.team.removeItem(1)
        for t in teams:
            if t.kind is not TeamKind.COMBINED:
                self.team.addItem(t.name, t.id)
        self.team.setCurrentIndex(max(self.team.findData(chosen), 0))
        self.team.blockSignals(False)
        self.teams_loaded.emit()

    # ---- 期号 ----------------------------------------------------------------------------------------
    def load_plan(self, *_args) -> None:
        """The 期号 this period's 简报 would carry, read off the GUI thread."""
        summary = self.kind.currentData() == "summary"
        for w in (self.number_label, self.number, self.draft, self.number_note):
            w.setVisible(summary)
        if not summary:
            return
        (start, end), team_id, svc = self.period(), self.team.currentData(), self.ctx.services.reports
        if start > end:
            return
        self.ctx.tasks.read(lambda: svc.briefing_plan(start, end, team_id), self.on_plan,
                            key=f"briefing-plan-{id(self)}", on_error=lambda _exc: None, parent=self)

    def on_plan(self, plan) -> None:
        self.plan = plan
        if plan.number is not None:
            self.number.setValue(plan.number)
        self.show_plan()
        self.plan_loaded.emit()

    def show_plan(self, *_args) -> None:
        plan = self.plan
        numbered = plan is not None and plan.numbered
        self.draft.setEnabled(numbered)
        self.number.setEnabled(numbered and not self.draft.isChecked())
        self.number.setSpecialValueText("" if numbered else " ")  # a laptop: blank, as the paper prints it
        if not numbered:
            self.number.setValue(self.number.minimum())
        if plan is None:
            self.number_note.setText("")
        elif not numbered:
            self.number.setSpecialValueText(" ")
            self.number_note.setText(self.tr("期号由县级中心编发：本机打印的简报不编期号（留空可手写）。"))
        elif self.draft.isChecked():
            self.number_note.setText(self.tr("试印：期号留空，不占用期号。"))
        elif plan.reprint:
            self.number_note.setText(self.tr("本期已于 %1 编发为%2年第%3期，重印沿用原期号和编发时的数据。")
                                     .replace("%1", str(plan.issued_on)).replace("%2", str(plan.year))
                                     .replace("%3", str(plan.number)))
        else:
            self.number_note.setText(self.tr("%1年下一期为第%2期；可改为未用过的期号。")
                                     .replace("%1", str(plan.year)).replace("%2", str(plan.next_number)))

    def chosen_number(self) -> tuple[int | None, bool]:
        """(number typed by the clerk or None for the service's own, draft)."""
        plan = self.plan
        if plan is None or not plan.numbered:
            return None, False
        if self.draft.isChecked():
            return None, True
        value = self.number.value()
        return (None if value == plan.number else value), False

    def set_period(self, months: int) -> None:
        today = QDate.currentDate()
        start = QDate(today.year(), today.month(), 1).addMonths(-months) if months < 12 else QDate(today.year(), 1, 1)
        self.date_from.setDate(start if months else QDate(today.year(), today.month(), 1))
        self.date_to.setDate(today)

    def period(self) -> tuple[date, date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()

    def on_make(self, dest=None) -> None:
        start, end = self.period()
        team_id, team_name, lang = self.team.currentData(), self.team.currentText(), self.ctx.lang
        svc = self.ctx.services.reports
        if self.kind.currentData() == "summary":
            name = svc.default_name("summary", team_name if team_id else "", end, lang)
            number, draft = self.chosen_number()
            # the 期号 is taken with the PDF in one transaction, on the write worker (a draft or a laptop's copy
            # records nothing, but goes the same way: one path for the 简报)
            self.reports.save(name, lambda d, progress=None: svc.summary(start, end, d, team_id, lang, number, draft,
                                                                         progress=progress), dest, writes=True)
        else:
            q = IssueQuery(raised_from=start, raised_to=end, team_id=team_id)
            text = f"{start} — {end} {team_name}"
            self.reports.save(svc.default_name("ledger", team_name if team_id else "", end, lang),
                              lambda d, progress=None: svc.ledger(q, d, text, lang, progress), dest)

    # ---- Excel: the same period and team as the PDF ------------------------------------------------
    def summary_export(self):
        (start, end), team_id, exports, lang = self.period(), self.team.currentData(), self.ctx.services.exports, self.ctx.lang

        def build(dest):
            r = exports.summary(start, end, dest, team_id, lang)
            return r.path, 0
        return build

    def visits_export(self):
        (start, end), team_id, exports, lang = self.period(), self.team.currentData(), self.ctx.services.exports, self.ctx.lang

        def build(dest):
            r = exports.visits(VisitQuery(team_id=team_id, date_from=start, date_to=end), dest, lang)
            return r.path, r.rows
        return build

    def ledger_export(self):
        (start, end), team_id, exports, lang = self.period(), self.team.currentData(), self.ctx.services.exports, self.ctx.lang

        def build(dest):
            r = exports.ledger(IssueQuery(raised_from=start, raised_to=end, team_id=team_id), dest, lang=lang)
            return r.path, r.rows
        return build
