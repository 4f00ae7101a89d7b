"""The ledger's action dialogs: 交办 (主办, 协办, 时限规则), 开始办理, 办理进展, 办结, 回访, 无法解决, 重新办理,
备注, and the 督办 acts: 协办反馈, 延期申请, 批准/驳回延期 (hub), 退回, 改派, 升级督办, 销号.

Each dialog collects one event and sends it through IssueService off the GUI thread. When the
lifecycle refuses it (TransitionRefused or another DomainError), the Chinese sentence appears in
the dialog, which stays open; the service writes nothing in that case. On success the dialog
closes with `result_row` set to the issue as it now is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPlainTextEdit, QRadioButton, QSizePolicy, QVBoxLayout, QWidget,
)

from ...domain.errors import DomainError, Message
from ...domain.lifecycle import EventKind, IssueEventData
from ...domain.vocabulary import DeviceRole, IssueSource, Satisfaction, TeamKind
from ...services.context import Services
from ...services.issues import IssueLinks, IssueRow
from ..context import UiContext
from ..operations import NOTHING
from ..widgets.date_fields import DateField, pydate, qdate
from ..widgets.pickers import SearchPicker

DEFAULT_DEADLINE_DAYS = 15
YUAN_PER_WAN = 10000

Action = Callable[[], IssueRow]


@dataclass(frozen=True)
class AssignChoices:
    """What 交办 offers, read off the GUI thread with the issue's detail (see LedgerController.detail)."""

    specialist_teams: list[tuple[str, str]]  # (id, name), offered first
    other_teams: list[tuple[str, str]]
    suggested_team_id: str | None  # the issue's team, else its category's default team
    members: dict[str, list[tuple[str, str]]]  # team id -> (officer id, "name · title")
    rules: list[tuple[str, str]] = field(default_factory=list)  # (rule id, "name(stages)") from the hub
    suggested_rule_id: str | None = None  # the category's rule, else the default rule


def load_assign_choices(svc: Services, links: IssueLinks) -> AssignChoices:
    teams = svc.teams.list()
    members = {t.id: [(m.id, f"{m.name} · {m.title}" if m.title else m.name) for m in svc.teams.get(t.id).members]
               for t in teams}
    suggested = links.team_id or (svc.issues.suggested_team(links.category_id) if links.category_id else None)
    rules = svc.calendar.rules()
    rule = svc.calendar.suggested_rule(links.category_id)
    return AssignChoices([(t.id, t.name) for t in teams if t.kind is TeamKind.SPECIALIST],
                         [(t.id, t.name) for t in teams if t.kind is not TeamKind.SPECIALIST], suggested, members,
                         [(r.id, f"{r.name}({r.stages_text()})") for r in rules], rule.id if rule else None)


def date_edit(value: date, maximum: date | None = None) -> DateField:
    edit = DateField(qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    if maximum is not None:
        edit.setMaximumDate(qdate(maximum))
    return edit


def _author(svc: Services) -> str | None:
    """The officer chosen as this laptop's user (工作台 “我是”), recorded as the event's author."""
    info = svc.devices.info()
    return info.officer_id if info else None


class IssueActionDialog(QDialog):
    """One lifecycle event on one issue. Subclasses add their fields and say what to call."""

    kind: EventKind = EventKind.COMMENT

    def __init__(self, ctx: UiContext, issue: IssueRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.issue = issue
        self.result_row: IssueRow | None = None
        self.busy = False
        self.setWindowTitle(self.tr("{action}:{title}").format(action=self.kind.label(ctx.lang), title=issue.title))
        self.setMinimumWidth(460)

        head = QLabel(self.tr("{enterprise} · {title}(当前状态:{status})").format(
            enterprise=issue.enterprise, title=issue.title, status=issue.status.label(ctx.lang)))
        head.setObjectName("dialogHead")
        head.setWordWrap(True)
        head.setStyleSheet("color: #555;")

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.on_date = date_edit(date.today(), maximum=date.today())
        self.on_date.setToolTip(self.tr("事情发生的日期(默认今天)"))
        self.build()
        self.form.addRow(self.tr("日期"), self.on_date)

        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setProperty("error", True)
        self.error.setWordWrap(True)
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定"))
        self.ok_button.setDefault(True)
        self.ok_button.setToolTip(self.tr("确定 (Ctrl+Enter)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.on_ok)
        self.buttons.rejected.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.on_ok)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # ---- for subclasses -------------------------------------------------------------------------
    def build(self) -> None:
        """Add the dialog's own rows to self.form (the date row comes last)."""
        raise NotImplementedError

    def action(self) -> Action:
        """What to call to record the event; may raise DomainError for input it cannot read."""
        raise NotImplementedError

    def day(self) -> date:
        return pydate(self.on_date.date())

    def text_box(self, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 14)
        return box

    # ---- sending ---------------------------------------------------------------------------------
    def on_ok(self) -> None:
        if self.busy:
            return
        try:
            call = self.action()
        except DomainError as exc:
            self.show_error(self.ctx.message(exc))
            return
        self.busy = True
        self.ok_button.setEnabled(False)
        self.error.hide()
        # a write, on the one write worker; the ledger refreshes the pages when the dialog is accepted
        self.ctx.tasks.write(call, self.on_done, on_error=self.on_failed, changes=NOTHING, label="issue action")

    def on_done(self, row: IssueRow) -> None:
        self.busy = False
        self.result_row = row
        self.ok_button.setEnabled(True)
        super().accept()

    def on_failed(self, exc: Exception) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.show_error(self.ctx.message(exc))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class AssignDialog(IssueActionDialog):
    """交办: a specialist team (suggested by the category), optionally an officer of it, a deadline."""

    kind = EventKind.ASSIGNED

    def __init__(self, ctx: UiContext, issue: IssueRow, links: IssueLinks, choices: AssignChoices,
                 parent: QWidget | None = None):
        self.links = links
        self.choices = choices
        super().__init__(ctx, issue, parent)

    def build(self) -> None:
        c = self.choices
        self.team = QComboBox()
        self.team.setObjectName("assignTeam")
        for tid, name in c.specialist_teams:
            self.team.addItem(name, tid)
        if c.other_teams:
            self.team.insertSeparator(self.team.count())
            for tid, name in c.other_teams:
                self.team.addItem(name, tid)
        wanted = c.suggested_team_id
        self.suggested_team_id = wanted
        i = self.team.findData(wanted) if wanted else -1
        self.team.setCurrentIndex(max(i, 0))
        self.officer = QComboBox()
        self.officer.setObjectName("assignOfficer")
        self.reason = None
        if self.kind is EventKind.REASSIGNED:
            self.reason = QLineEdit()
            self.reason.setObjectName("reassignReason")
            self.reason.setPlaceholderText(self.tr("为什么改派(必填)"))
        self.deadline = date_edit(date.today() + timedelta(days=DEFAULT_DEADLINE_DAYS))
        self.deadline.setObjectName("assignDeadline")
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("交办要求(可不填)"))
        if self.reason is not None:
            self.form.addRow(self.tr("改派理由"), self.reason)
        self.form.addRow(self.tr("主办团队"), self.team)
        if wanted and not self.links.team_id and self.issue.category:
            hint = QLabel(self.tr("按类别“{category}”建议交给:{team}").format(
                category=self.issue.category, team=self.team.itemText(max(i, 0))))
            hint.setObjectName("suggestion")
            hint.setStyleSheet("color: #6b6b6b;")
            hint.setWordWrap(True)
            self.form.addRow("", hint)
        self.form.addRow(self.tr("经办人"), self.officer)
        self.co = QListWidget()
        self.co.setObjectName("assignCoTeams")
        self.co.setToolTip(self.tr("勾选协办团队(可不选);办结由主办团队报告"))
        for tid, name in [*c.specialist_teams, *c.other_teams]:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, tid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.co.addItem(item)
        self.co.setFixedHeight(self.co.fontMetrics().lineSpacing() * 4 + 12)
        self.form.addRow(self.tr("协办团队"), self.co)
        self.rule = QComboBox()
        self.rule.setObjectName("assignRule")
        for rid, label in c.rules:
            self.rule.addItem(label, rid)
        self.rule.addItem(self.tr("(不用规则,手工填写办理时限)"), None)
        j = self.rule.findData(c.suggested_rule_id) if c.suggested_rule_id else -1
        self.rule.setCurrentIndex(j if j >= 0 else self.rule.count() - 1)
        self.form.addRow(self.tr("时限规则"), self.rule)
        self.form.addRow(self.tr("办理时限"), self.deadline)
        if self.reason is None:  # 改派 says why in its reason
            self.form.addRow(self.tr("交办说明"), self.note)
        for i in range(self.co.count()):  # the present 协办 teams stay ticked (改派, a second 交办)
            if self.co.item(i).data(Qt.ItemDataRole.UserRole) in self.links.co_team_ids:
                self.co.item(i).setCheckState(Qt.CheckState.Checked)
        self.on_rule_changed(0)
        self.rule.currentIndexChanged.connect(self.on_rule_changed)
        self.fill_officers()
        self.team.currentIndexChanged.connect(self.on_team_changed)

    def fill_officers(self) -> None:
        chosen = self.officer.currentData() if self.officer.count() else self.links.officer_id
        self.officer.clear()
        self.officer.addItem(self.tr("(不指定)"), None)
        for oid, label in self.choices.members.get(self.team.currentData() or "", []):
            self.officer.addItem(label, oid)
        i = self.officer.findData(chosen) if chosen else 0
        self.officer.setCurrentIndex(max(i, 0))

    def on_team_changed(self, _index: int) -> None:
        self.fill_officers()

    def on_rule_changed(self, _index: int) -> None:
        self.deadline.setEnabled(self.rule.currentData() is None)

    def co_team_ids(self) -> tuple[str, ...]:
        lead = self.team.currentData()
        return tuple(self.co.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.co.count())
                     if self.co.item(i).checkState() is Qt.CheckState.Checked
                     and self.co.item(i).data(Qt.ItemDataRole.UserRole) != lead)

    def action(self) -> Action:
        svc, iid = self.ctx.services, self.issue.id
        team, officer, rule, co = self.team.currentData(), self.officer.currentData(), self.rule.currentData(), \
            self.co_team_ids()
        deadline = None if rule else pydate(self.deadline.date())
        on, note = self.day(), self.note.text()
        return lambda: svc.issues.assign(iid, team, deadline, officer, note, on=on, author=_author(svc),
                                         co_team_ids=co, rule=rule)


class TextActionDialog(IssueActionDialog):
    """开始办理, 办理进展, 无法解决, 重新办理, 备注: one text box."""

    def __init__(self, ctx: UiContext, issue: IssueRow, kind: EventKind, parent: QWidget | None = None):
        self.kind = kind
        super().__init__(ctx, issue, parent)

    def build(self) -> None:
        captions = {
            EventKind.STARTED: (self.tr("说明"), self.tr("开始办理的情况(可不填)")),
            EventKind.PROGRESS: (self.tr("办理进展"), self.tr("目前办到哪一步了")),
            EventKind.CANNOT_RESOLVE: (self.tr("原因"), self.tr("为什么无法解决,已向谁反映")),
            EventKind.REOPENED: (self.tr("原因"), self.tr("为什么需要重新办理")),
            EventKind.COMMENT: (self.tr("备注"), self.tr("要记下的情况")),
            EventKind.RETURNED: (self.tr("退回理由"), self.tr("为什么不属于本团队办理(必填)")),
            EventKind.ESCALATED: (self.tr("督办理由"), self.tr("为什么升级督办,列入督查清单(必填)")),
            EventKind.EXTENSION_APPROVED: (self.tr("批示"), self.tr("批准意见(可不填)")),
            EventKind.EXTENSION_REJECTED: (self.tr("驳回理由"), self.tr("为什么不同意延期(必填)")),
            EventKind.CLOSED: (self.tr("销号说明"), self.tr("可不填")),
        }
        caption, placeholder = captions[self.kind]
        self.text = self.text_box(placeholder)
        self.text.setObjectName("actionText")
        self.form.addRow(caption, self.text)
        if self.kind is EventKind.REOPENED:
            hint = QLabel(self.tr("重新办理后,诉求回到原承办团队(未交办过的回到“待交办”)。"))
            hint.setWordWrap(True)
            self.form.addRow("", hint)

    def action(self) -> Action:
        svc, iid, text, on, kind = self.ctx.services, self.issue.id, self.text.toPlainText(), self.day(), self.kind
        if kind is EventKind.COMMENT:
            return lambda: svc.issues.comment(iid, text, on=on, author=_author(svc))
        if kind in (EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_REJECTED):
            return hub_text_action(svc, kind, iid, text, on)
        return lambda: svc.issues.apply(iid, IssueEventData(kind, on, text), _author(svc))


class ResolveDialog(IssueActionDialog):
    """办结: what was done, and an optional amount in 万元 or 元 (stored in yuan)."""

    kind = EventKind.RESOLVED

    def build(self) -> None:
        self.text = self.text_box(self.tr("采取了哪些措施,问题如何解决"))
        self.text.setObjectName("resolveText")
        self.amount = QLineEdit()
        self.amount.setObjectName("resolveAmount")
        self.amount.setPlaceholderText(self.tr("例如 460(可不填)"))
        self.unit = QComboBox()
        self.unit.setObjectName("resolveUnit")
        self.unit.addItem(self.tr("万元"), YUAN_PER_WAN)
        self.unit.addItem(self.tr("元"), 1)
        row = QHBoxLayout()
        row.addWidget(self.amount, 1)
        row.addWidget(self.unit)
        self.form.addRow(self.tr("办理结果"), self.text)
        self.form.addRow(self.tr("涉及金额"), row)

    def amount_in_yuan(self) -> float | None:
        raw = self.amount.text().strip().replace(",", "").replace(",", "")
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise DomainError(Message("涉及金额请填写数字,例如 460。", "Enter the amount as a number, e.g. 460.")) from None
        return round(value * int(self.unit.currentData()), 2)

    def action(self) -> Action:
        svc, iid, text, on = self.ctx.services, self.issue.id, self.text.toPlainText(), self.day()
        amount = self.amount_in_yuan()
        return lambda: svc.issues.resolve(iid, text, amount, on=on, author=_author(svc))


class FollowUpDialog(IssueActionDialog):
    """回访: the enterprise's satisfaction and a note; 不满意 sends the issue back to the team."""

    kind = EventKind.FOLLOWED_UP

    def build(self) -> None:
        self.choices = QButtonGroup(self)
        self.radios: dict[Satisfaction, QRadioButton] = {}
        row = QHBoxLayout()
        for s in Satisfaction:
            radio = QRadioButton(s.label(self.ctx.lang))
            radio.setObjectName(f"satisfaction_{s.value}")
            self.choices.addButton(radio)
            self.radios[s] = radio
            row.addWidget(radio)
            radio.toggled.connect(self.on_choice_toggled)
        row.addStretch(1)
        self.warning = QLabel(self.tr("注意:选择“不满意”后,诉求将退回承办团队,状态变为“办理中”。"))
        self.warning.setObjectName("unsatisfiedWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5300;")
        self.warning.setVisible(False)
        self.note = self.text_box(self.tr("回访方式、企业的意见"))
        self.note.setObjectName("followUpNote")
        self.form.addRow(self.tr("满意度"), row)
        self.form.addRow("", self.warning)
        self.form.addRow(self.tr("回访情况"), self.note)

    def satisfaction(self) -> Satisfaction | None:
        return next((s for s, r in self.radios.items() if r.isChecked()), None)

    def on_choice_toggled(self, _checked: bool) -> None:
        self.warning.setVisible(self.satisfaction() is Satisfaction.UNSATISFIED)

    def action(self) -> Action:
        svc, iid = self.ctx.services, self.issue.id
        ev = IssueEventData(EventKind.FOLLOWED_UP, self.day(), self.note.toPlainText(), satisfaction=self.satisfaction())
        return lambda: svc.issues.apply(iid, ev, _author(svc))


class ReassignDialog(AssignDialog):
    """改派: another 主办 team, with a reason; the stages are counted again from this day."""

    kind = EventKind.REASSIGNED

    def build(self) -> None:
        super().build()
        if self.team.currentData() == self.links.team_id:  # offer another team than the present one
            for i in range(self.team.count()):
                if self.team.itemData(i) and self.team.itemData(i) != self.links.team_id:
                    self.team.setCurrentIndex(i)
                    break

    def action(self) -> Action:
        svc, iid = self.ctx.services, self.issue.id
        team, officer, rule, co = self.team.currentData(), self.officer.currentData(), self.rule.currentData(), \
            self.co_team_ids()
        deadline = None if rule else pydate(self.deadline.date())
        on, reason = self.day(), self.reason.text() if self.reason is not None else ""
        return lambda: svc.issues.reassign(iid, team, reason, deadline, officer, on=on, author=_author(svc),
                                           co_team_ids=co, rule=rule)


class ExtensionDialog(IssueActionDialog):
    """延期申请: the date asked for and why; the hub approves or rejects it."""

    kind = EventKind.EXTENSION_REQUESTED

    def build(self) -> None:
        current = self.issue.deadline or date.today()
        self.to = date_edit(current + timedelta(days=7))
        self.to.setObjectName("extensionTo")
        self.reason = self.text_box(self.tr("为什么不能按期办结(必填)"))
        self.reason.setObjectName("extensionReason")
        self.form.addRow(self.tr("现办理时限"), QLabel(current.isoformat()))
        self.form.addRow(self.tr("申请延期至"), self.to)
        self.form.addRow(self.tr("延期理由"), self.reason)

    def action(self) -> Action:
        svc, iid, to, reason, on = self.ctx.services, self.issue.id, pydate(self.to.date()), \
            self.reason.toPlainText(), self.day()
        return lambda: svc.issues.request_extension(iid, to, reason, on=on, author=_author(svc))


class CoReportDialog(IssueActionDialog):
    """协办反馈: a supporting team reports its part."""

    kind = EventKind.CO_REPORTED

    def __init__(self, ctx: UiContext, issue: IssueRow, links: IssueLinks, parent: QWidget | None = None):
        self.links = links
        super().__init__(ctx, issue, parent)

    def build(self) -> None:
        self.team = QComboBox()
        self.team.setObjectName("coReportTeam")
        names = self.issue.duty.co_teams if self.issue.duty else ()
        for tid, name in zip(self.links.co_team_ids, names):
            self.team.addItem(name, tid)
        self.text = self.text_box(self.tr("协办团队办了什么"))
        self.text.setObjectName("coReportText")
        self.form.addRow(self.tr("协办团队"), self.team)
        self.form.addRow(self.tr("协办情况"), self.text)

    def action(self) -> Action:
        svc, iid, team, text, on = self.ctx.services, self.issue.id, self.team.currentData(), \
            self.text.toPlainText(), self.day()
        return lambda: svc.issues.co_report(iid, team, text, on=on, author=_author(svc))


def hub_text_action(svc: Services, kind: EventKind, iid: str, text: str, on: date) -> Action:
    hub = svc.device.role is DeviceRole.HUB
    if kind is EventKind.EXTENSION_APPROVED:
        return lambda: svc.issues.approve_extension(iid, text, on=on, author=_author(svc), hub=hub)
    return lambda: svc.issues.reject_extension(iid, text, on=on, author=_author(svc), hub=hub)


def action_dialog(kind: EventKind, ctx: UiContext, issue: IssueRow, links: IssueLinks,
                  parent: QWidget | None = None, assign: AssignChoices | None = None) -> IssueActionDialog:
    """The dialog that records `kind` on `issue` (交办 and 改派 need the `assign` choices, read beforehand)."""
    if kind in (EventKind.ASSIGNED, EventKind.REASSIGNED):
        if assign is None:
            raise ValueError("交办 needs its choices (load_assign_choices)")
        return (AssignDialog if kind is EventKind.ASSIGNED else ReassignDialog)(ctx, issue, links, assign, parent)
    if kind is EventKind.EXTENSION_REQUESTED:
        return ExtensionDialog(ctx, issue, parent)
    if kind is EventKind.CO_REPORTED:
        return CoReportDialog(ctx, issue, links, parent)
    if kind is EventKind.RESOLVED:
        return ResolveDialog(ctx, issue, parent)
    if kind is EventKind.FOLLOWED_UP:
        return FollowUpDialog(ctx, issue, parent)
    if kind in (EventKind.STARTED, EventKind.PROGRESS, EventKind.CANNOT_RESOLVE, EventKind.REOPENED,
                EventKind.COMMENT, EventKind.RETURNED, EventKind.ESCALATED, EventKind.EXTENSION_APPROVED,
                EventKind.EXTENSION_REJECTED, EventKind.CLOSED):
        return TextActionDialog(ctx, issue, kind, parent)
    raise ValueError(f"no dialog for {kind}")


class RaiseIssueDialog(QDialog):
    """登记诉求 from any channel (电话, 来访, 12345 热线, 部门转来, 其他): an issue without a visit, for an enterprise,
    recorded by this laptop's officer. `result_id` is the new issue's id once the write is done."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.result_id: str | None = None
        self.busy = False
        self.setWindowTitle(self.tr("登记诉求(电话、来访、热线等)"))
        self.setMinimumWidth(480)
        svc = ctx.services
        self.enterprise = SearchPicker(lambda text: [(r.id, f"{r.name} · {r.township}")
                                                     for r in svc.enterprises.suggest(text, 20)],
                                       self.tr("企业名称、拼音或首字母,Enter 确定"), tasks=ctx.tasks, keep_choice=True)
        self.enterprise.setObjectName("raiseEnterprise")
        self.source = QComboBox()
        self.source.setObjectName("raiseSource")
        for s in IssueSource:
            if s is not IssueSource.VISIT:
                self.source.addItem(s.label(ctx.lang), s.value)
        self.category = QComboBox()
        self.category.setObjectName("raiseCategory")
        self.title = QLineEdit()
        self.title.setObjectName("raiseTitle")
        self.title.setPlaceholderText(self.tr("一句话说清诉求"))
        self.text = QPlainTextEdit()
        self.text.setObjectName("raiseText")
        self.text.setPlaceholderText(self.tr("具体情况(可不填)"))
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4 + 14)
        self.on_date = date_edit(date.today(), maximum=date.today())
        form = QFormLayout()
        form.addRow(self.tr("企业"), self.enterprise)
        form.addRow(self.tr("来源"), self.source)
        form.addRow(self.tr("类别"), self.category)
        form.addRow(self.tr("诉求"), self.title)
        form.addRow(self.tr("具体情况"), self.text)
        form.addRow(self.tr("日期"), self.on_date)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setProperty("error", True)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        ctx.tasks.read(lambda: [(c.id, c.name_en if ctx.lang == "en" and c.name_en else c.name)
                                for c in svc.categories.list()], self.on_categories, parent=self)

    def on_categories(self, cats: list[tuple[str, str]]) -> None:
        for cid, name in cats:
            self.category.addItem(name, cid)

    def on_ok(self) -> None:
        if self.busy:
            return
        choice = self.enterprise.choice()
        if choice is None:
            self.show_error(self.tr("请先选择企业。"))
            return
        svc, eid, cid = self.ctx.services, choice[0], self.category.currentData() or ""
        title, text, on = self.title.text(), self.text.toPlainText(), pydate(self.on_date.date())
        source = IssueSource(self.source.currentData())
        self.busy = True
        self.ok_button.setEnabled(False)
        self.ctx.tasks.write(lambda: svc.issues.raise_issue(eid, cid, title, text, on=on, author_officer_id=_author(svc),
                                                            source=source),
                             self.on_done, on_error=self.on_failed, changes=NOTHING, label="raise issue")

    def on_done(self, iid: str) -> None:
        self.busy = False
        self.result_id = iid
        self.ok_button.setEnabled(True)
        super().accept()

    def on_failed(self, exc: Exception) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.show_error(self.ctx.message(exc))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
