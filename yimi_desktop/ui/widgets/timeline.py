"""The history of an issue drawn as a timeline: one card per event, oldest first."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.clock import local_text
from ...domain.lifecycle import EventKind
from ...services.issues import IssueEventRow

KIND_COLOURS: dict[EventKind, str] = {
    EventKind.RAISED: "#5b6b8c",
    EventKind.ASSIGNED: "#1f5fbf",
    EventKind.STARTED: "#0f7f86",
    EventKind.PROGRESS: "#0f7f86",
    EventKind.RESOLVED: "#2e7d32",
    EventKind.FOLLOWED_UP: "#1b5e20",
    EventKind.CANNOT_RESOLVE: "#7a4b4b",
    EventKind.REOPENED: "#c25e00",
    EventKind.COMMENT: "#757575",
}


def format_amount(yuan: float | None) -> str:
    """460万元, 3,500元: amounts are stored in yuan and shown in 万元 from ten thousand up."""
    if yuan is None:
        return ""
    if abs(yuan) >= 10000:
        n = f"{yuan / 10000:,.4f}".rstrip("0").rstrip(".")
        return QCoreApplication.translate("Amount", "{n}万元").format(n=n)
    n = f"{yuan:,.2f}".rstrip("0").rstrip(".")
    return QCoreApplication.translate("Amount", "{n}元").format(n=n)


def local_time(at: datetime) -> str:
    """A UTC moment as this computer's wall-clock time."""
    return local_text(at)


class TimelineEntry(QFrame):
    def __init__(self, event: IssueEventRow, lang: str, own_device: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.issue_event = event
        colour = KIND_COLOURS.get(event.kind, "#757575")
        self.setObjectName("timelineEntry")
        self.setStyleSheet(f"QFrame#timelineEntry {{ border-left: 3px solid {colour}; background: #ffffff; }}")
        col = QVBoxLayout(self)
        col.setContentsMargins(10, 4, 6, 6)
        col.setSpacing(2)

        head = QHBoxLayout()
        head.setSpacing(8)
        self.kind = QLabel(event.kind.label(lang))
        self.kind.setStyleSheet(f"color: {colour}; font-weight: bold;")
        day = QLabel(event.on.isoformat())
        head.addWidget(self.kind)
        head.addWidget(day)
        if event.author:
            head.addWidget(QLabel(event.author))
        head.addStretch(1)
        col.addLayout(head)

        self.lines: list[str] = []
        if event.text and event.text not in (event.kind.zh, event.kind.en):
            self.lines.append(event.text)
        if event.team:
            self.lines.append(self.tr("承办团队:{team}").format(team=event.team))
        if event.officer:
            self.lines.append(self.tr("经办人:{name}").format(name=event.officer))
        if event.deadline:
            self.lines.append(self.tr("办理时限:{date}").format(date=event.deadline.isoformat()))
        if event.amount is not None:
            self.lines.append(self.tr("涉及金额:{amount}").format(amount=format_amount(event.amount)))
        if event.satisfaction:
            self.lines.append(self.tr("满意度:{value}").format(value=event.satisfaction.label(lang)))
        if event.co_teams:
            self.lines.append(self.tr("协办团队:{teams}").format(teams="、".join(event.co_teams)))
        if event.rule:
            self.lines.append(self.tr("时限规则:{rule}").format(rule=event.rule))
        for st in event.stages:
            self.lines.append(self.tr("{stage}时限:{date}").format(stage=st.kind.label(lang), date=st.due.isoformat()))
        if event.refusal is not None:
            # kept in the history, not applied: another device's act came first (the fold's causal order)
            self.lines.append(self.tr("未生效(与其他设备同时的操作冲突,请核对):{reason}").format(
                reason=event.refusal.text(lang)))
            self.setStyleSheet("QFrame#timelineEntry { border-left: 3px dashed #8a5300; background: #fff8e6; }")
        self.body = QLabel("\n".join(self.lines))
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setVisible(bool(self.lines))
        col.addWidget(self.body)

        device = event.device_id[:8]
        if event.device_id == own_device:
            where = self.tr("记录于 {time} · 本机").format(time=local_time(event.at))
        else:
            where = self.tr("记录于 {time} · 设备 {device}").format(time=local_time(event.at), device=device)
        self.footer = QLabel(where)
        self.footer.setObjectName("timelineFooter")
        self.footer.setStyleSheet("color: #8a8a8a; font-size: 11px;")
        self.footer.setToolTip(event.device_id)
        col.addWidget(self.footer)

    def text(self) -> str:
        return " ".join([self.kind.text(), self.issue_event.on.isoformat(), self.issue_event.author, *self.lines])


class TimelineWidget(QWidget):
    """Shows a list of IssueEventRow; `kinds()` and `entries` say what is shown."""

    def __init__(self, lang: str = "zh", own_device: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._lang = lang
        self._own_device = own_device
        self.entries: list[TimelineEntry] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.empty = QLabel(self.tr("暂无办理记录"))
        self.empty.setStyleSheet("color: #8a8a8a;")
        self._layout.addWidget(self.empty)

    def set_events(self, events: list[IssueEventRow]) -> None:
        for entry in self.entries:
            self._layout.removeWidget(entry)
            entry.deleteLater()
        self.entries = [TimelineEntry(ev, self._lang, self._own_device, self) for ev in events]
        for entry in self.entries:
            self._layout.addWidget(entry)
        self.empty.setVisible(not self.entries)

    def kinds(self) -> list[EventKind]:
        return [e.issue_event.kind for e in self.entries]

    def texts(self) -> list[str]:
        return [e.text() for e in self.entries]
