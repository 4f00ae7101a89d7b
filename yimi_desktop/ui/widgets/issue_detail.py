"""The ledger's detail pane: every field of one issue, its action buttons and its timeline.

The pane shows what it is given (an IssueDetail loaded off the GUI thread by the page) and says
which action the user asked for through `action_requested`; the page opens the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from ...domain.labels import field
from ...domain.lifecycle import ALLOWED_FROM, EventKind
from ...domain.vocabulary import DeviceRole, IssueStatus
from ...services.issues import IssueEventRow, IssueLinks, IssueRow
from ..context import UiContext
from .timeline import TimelineWidget, format_amount

# the detail's keys that are not the issue's own field names -> (entity, field) in the vocabulary
CAPTION_FIELDS = {"enterprise": ("issue", "enterprise_id"), "township": ("enterprise", "township"),
                  "category": ("issue", "category_id"), "team": ("issue", "team_id"), "officer": ("issue", "officer_id")}

PANE_WIDTH = 340  # the least width of the detail pane

# the order of the action buttons (rows of four): the daily acts, then the 督办 acts
ACTIONS: tuple[EventKind, ...] = (
    EventKind.ASSIGNED, EventKind.STARTED, EventKind.PROGRESS, EventKind.RESOLVED,
    EventKind.FOLLOWED_UP, EventKind.CANNOT_RESOLVE, EventKind.REOPENED, EventKind.COMMENT,
    EventKind.CO_REPORTED, EventKind.EXTENSION_REQUESTED, EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_REJECTED,
    EventKind.RETURNED, EventKind.REASSIGNED, EventKind.ESCALATED, EventKind.CLOSED,
)

STATUS_COLOURS: dict[IssueStatus, str] = {
    IssueStatus.NEW: "#5b6b8c", IssueStatus.ASSIGNED: "#1f5fbf", IssueStatus.IN_PROGRESS: "#0f7f86",
    IssueStatus.RESOLVED: "#2e7d32", IssueStatus.FOLLOWED_UP: "#1b5e20", IssueStatus.CANNOT_RESOLVE: "#7a4b4b",
}


@dataclass(frozen=True)
class IssueDetail:
    row: IssueRow
    history: list[IssueEventRow]
    links: IssueLinks
    assign: Any = None  # AssignChoices while 交办 is allowed (read with the detail, off the GUI thread)


def allowed_actions(status: IssueStatus) -> set[EventKind]:
    return {k for k in ACTIONS if status in ALLOWED_FROM[k]}


def allowed_for(row: IssueRow, hub: bool) -> set[EventKind]:
    """What the buttons offer for this issue here: its status, and what the 督办 rules need besides (a pending
    extension for 批准/驳回 at the hub, 协办 teams for 协办反馈, a satisfied follow-up for 销号, …)."""
    d = row.duty
    out = allowed_actions(row.status)
    pending = bool(d and d.extension_to)
    if not (hub and pending):
        out -= {EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_REJECTED}
    if pending:
        out.discard(EventKind.EXTENSION_REQUESTED)
    if not (d and d.co_teams):
        out.discard(EventKind.CO_REPORTED)
    if d and d.escalated_on:
        out.discard(EventKind.ESCALATED)
    if (d and d.closed_on) or row.satisfaction is None or row.satisfaction.value == "unsatisfied":
        out.discard(EventKind.CLOSED)
    if d and d.closed_on:
        out.discard(EventKind.REOPENED)
    return out


class IssueDetailPane(QFrame):
    action_requested = Signal(object)  # EventKind
    enterprise_requested = Signal(str)  # enterprise id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail: IssueDetail | None = None
        self.setObjectName("issueDetail")
        self.setMinimumWidth(PANE_WIDTH)

        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("statusBadge")
        self.hint = QLabel(self.tr("在左侧台账中选择一条诉求,这里显示它的详情和办理记录。"))
        self.hint.setObjectName("detailHint")
        self.hint.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)

        labels = {
            EventKind.ASSIGNED: self.tr("交办(&A)"), EventKind.STARTED: self.tr("开始办理(&S)"),
            EventKind.PROGRESS: self.tr("办理进展(&P)"), EventKind.RESOLVED: self.tr("办结(&R)"),
            EventKind.FOLLOWED_UP: self.tr("回访(&V)"), EventKind.CANNOT_RESOLVE: self.tr("无法解决(&X)"),
            EventKind.REOPENED: self.tr("重新办理(&O)"), EventKind.COMMENT: self.tr("备注(&M)"),
            EventKind.CO_REPORTED: self.tr("协办反馈"), EventKind.EXTENSION_REQUESTED: self.tr("延期申请"),
            EventKind.EXTENSION_APPROVED: self.tr("批准延期"), EventKind.EXTENSION_REJECTED: self.tr("驳回延期"),
            EventKind.RETURNED: self.tr("退回"), EventKind.REASSIGNED: self.tr("改派"),
            EventKind.ESCALATED: self.tr("升级督办"), EventKind.CLOSED: self.tr("销号"),
        }
        self.buttons: dict[EventKind, QPushButton] = {}
        for kind in ACTIONS:
            button = QPushButton(labels[kind])
            button.setObjectName(f"action_{kind.value}")
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, k=kind: self.action_requested.emit(k))
            self.buttons[kind] = button
        # four a row where the labels fit the pane's least width (Chinese), else three (English:
        # "Cannot resolve" was clipped to "nnot resolve")
        widest = max(b.sizeHint().width() for b in self.buttons.values())
        per_row = 4 if 4 * widest + 3 * 4 <= PANE_WIDTH - 24 else 3
        grid = QGridLayout()
        grid.setSpacing(4)
        for i, button in enumerate(self.buttons.values()):
            grid.addWidget(button, i // per_row, i % per_row)
        self.action_bar = QWidget()
        self.action_bar.setLayout(grid)

        captions = {key: field(*CAPTION_FIELDS.get(key, ("issue", key))).short_text(ctx.lang) for key in (
            "enterprise", "township", "category", "raised_on", "status", "description", "team", "officer", "deadline",
            "resolved_on", "result", "amount", "satisfaction")}
        wide = ("enterprise", "description", "team", "result")  # a row of their own; the rest go two by two
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row, col = 0, 0
        for key, caption in captions.items():
            value = QLabel()
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            label = QLabel(caption)
            label.setObjectName("fieldCaption")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            if key in wide:
                if col:
                    row, col = row + 1, 0
                grid.addWidget(label, row, 0)
                if key == "enterprise":
                    self.enterprise_link = QPushButton(self.tr("查看企业"))
                    self.enterprise_link.setObjectName("enterpriseLink")
                    self.enterprise_link.setFlat(True)
                    self.enterprise_link.setCursor(Qt.CursorShape.PointingHandCursor)
                    self.enterprise_link.clicked.connect(self.on_enterprise_clicked)
                    line = QHBoxLayout()
                    line.addWidget(value, 1)
                    line.addWidget(self.enterprise_link, 0, Qt.AlignmentFlag.AlignTop)
                    grid.addLayout(line, row, 1, 1, 3)
                else:
                    grid.addWidget(value, row, 1, 1, 3)
                row += 1
            else:
                grid.addWidget(label, row, col)
                grid.addWidget(value, row, col + 1)
                col += 2
                if col == 4:
                    row, col = row + 1, 0
        self.fields = QWidget()
        self.fields.setLayout(grid)

        history = QLabel(self.tr("办理记录"))
        history.setObjectName("sectionTitle")
        self.timeline = TimelineWidget(ctx.lang, ctx.services.device.device_id)
        inner = QWidget()
        col = QVBoxLayout(inner)
        col.setContentsMargins(0, 0, 6, 0)
        col.addWidget(self.fields)
        self.duty = QLabel()
        self.duty.setObjectName("detailDuty")
        self.duty.setWordWrap(True)
        self.duty.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.duty)
        col.addWidget(history)
        col.addWidget(self.timeline)
        col.addStretch(1)
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setWidget(inner)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 4, 4)
        outer.addLayout(head)
        outer.addWidget(self.hint)
        outer.addWidget(self.action_bar)
        outer.addWidget(self.body, 1)
        self.show_detail(None)

    def show_detail(self, d: IssueDetail | None) -> None:
        self.detail = d
        shown = d is not None
        for w in (self.title, self.status, self.action_bar, self.body):
            w.setVisible(shown)
        self.hint.setVisible(not shown)
        if d is None:
            for b in self.buttons.values():
                b.setEnabled(False)
            self.timeline.set_events([])
            return
        r, lang = d.row, self.ctx.lang
        self.title.setText(r.title)
        colour = STATUS_COLOURS.get(r.status, "#555")
        text = r.status.label(lang)
        if r.overdue:
            colour, text = "#a1140c", self.tr("{status} · 超期").format(status=text)
        elif r.due_soon:
            colour, text = "#8a5300", self.tr("{status} · 临期").format(status=text)
        self.status.setText(text)
        self.status.setStyleSheet(f"color: white; background: {colour}; border-radius: 3px; padding: 2px 8px;")
        deadline = r.deadline.isoformat() if r.deadline else ""
        texts = {
            "enterprise": r.enterprise, "township": r.township, "category": r.category,
            "raised_on": r.raised_on.isoformat(), "description": r.description, "team": r.team,
            "officer": r.officer, "deadline": deadline, "status": r.status.label(lang), "result": r.result,
            "resolved_on": r.resolved_on.isoformat() if r.resolved_on else "", "amount": format_amount(r.amount),
            "satisfaction": r.satisfaction.label(lang) if r.satisfaction else "",
        }
        for key, value in texts.items():
            self.values[key].setText(value or "—")
        self.values["deadline"].setStyleSheet("color: #a1140c; font-weight: bold;" if r.overdue else
                                              "color: #8a5300; font-weight: bold;" if r.due_soon else "")
        self.values["deadline"].setToolTip(self.tr("已超过办理时限") if r.overdue else
                                           self.tr("即将到期") if r.due_soon else "")
        duty = self.duty_text(r)
        self.duty.setText(duty)
        self.duty.setVisible(bool(duty))
        allowed = allowed_for(r, self.ctx.services.device.role is DeviceRole.HUB)
        for kind, button in self.buttons.items():
            button.setEnabled(kind in allowed)
        self.timeline.set_events(d.history)

    def duty_text(self, row: IssueRow) -> str:
        """The 督办 lines of the detail: rule and stages, 协办, extension, escalation, 销号."""
        d, lang = row.duty, self.ctx.lang
        if d is None:
            return ""
        lines = []
        if d.rule:
            lines.append(self.tr("时限规则:{rule}").format(rule=d.rule))
        for st in d.stages:
            if st.done_on:
                mark = self.tr("✓ {date}").format(date=st.done_on.isoformat())
            elif st.workdays_left is not None:
                n = st.workdays_left
                mark = self.tr("剩{n}个工作日").format(n=n) if n >= 0 else self.tr("超期{n}个工作日").format(n=-n)
            elif st.missing_year:
                mark = self.tr("日历缺 {year} 年").format(year=st.missing_year)
            else:
                mark = ""
            lines.append(f"  {st.kind.label(lang)} {st.due.isoformat()} {mark}".rstrip())
        if d.co_teams:
            done = set(d.co_reported)
            names = "、".join(f"{n} ✓" if n in done else n for n in d.co_teams)
            lines.append(self.tr("协办:{teams}").format(teams=names))
        if d.extension_to:
            lines.append(self.tr("申请延期至 {date},待中心批准").format(date=d.extension_to.isoformat()))
        elif d.extended:
            lines.append(self.tr("已批准延期"))
        if d.escalated_on:
            lines.append(self.tr("{date} 升级督办:{reason}").format(date=d.escalated_on.isoformat(),
                                                               reason=d.escalation_reason))
        if d.closed_on:
            lines.append(self.tr("{date} 已销号").format(date=d.closed_on.isoformat()))
        return "\n".join(lines)

    def enabled_actions(self) -> set[EventKind]:
        return {k for k, b in self.buttons.items() if b.isEnabled()}

    def first_enabled_button(self) -> QPushButton | None:
        return next((b for b in self.buttons.values() if b.isEnabled()), None)

    def on_enterprise_clicked(self) -> None:
        if self.detail is not None:
            self.enterprise_requested.emit(self.detail.row.enterprise_id)
