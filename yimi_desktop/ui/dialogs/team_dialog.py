"""新增/编辑团队: name, kind, parent (a 总团; required for a 分团), lead department, duties, and the
members, picked from every officer with a filter box (Chinese, full pinyin or initials), plus the
leader among the ticked members."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QPlainTextEdit, QVBoxLayout, QWidget,
)

from ...domain.forms import validate_team, TeamForm
from ...domain.vocabulary import TeamKind
from dataclasses import dataclass

from ...services.catalog import OfficerRow, OfficerService, TeamDetail, TeamRow, TeamService
from ..context import UiContext
from ..models.team_model import OfficerCheckModel
from ..operations import OFFICER, TEAM, Changes
from .form import FormDialog

FILTER_DEBOUNCE_MS = 120


class MemberPicker(QWidget):
    """A filter box over a checkable list of officers; the ticked ones are listed first.

    The officer query runs off the GUI thread; `officers_loaded` fires when its rows are shown.
    Space ticks the current officer, ↓ in the filter box moves into the list."""

    officers_loaded = Signal()

    def __init__(self, ctx: UiContext, officers: OfficerService, checked: list[str], known: list[OfficerRow],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._officers = officers
        self._task_key = f"member-picker-{id(self)}"
        self.model = OfficerCheckModel(checked, self)
        self.model.remember_names(known)
        self.filter = QLineEdit()
        self.filter.setObjectName("memberFilter")
        self.filter.setPlaceholderText(self.tr("筛选团员:姓名、单位、拼音或首字母"))
        self.filter.setClearButtonEnabled(True)
        self.filter.installEventFilter(self)
        self.count = QLabel()
        self.count.setObjectName("memberCount")
        self.list = QListView()
        self.list.setObjectName("memberList")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMinimumHeight(self.list.fontMetrics().height() * 12)
        self.list.setToolTip(self.tr("空格键勾选或取消"))
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        col.addLayout(top)
        col.addWidget(self.list, 1)
        self.setFocusProxy(self.filter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DEBOUNCE_MS)
        self._timer.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.model.checked_changed.connect(self.on_checked_changed)
        self.on_checked_changed()
        self.reload()

    @property
    def checked(self) -> list[str]:
        return self.model.checked_ids()

    def set_checked(self, officer_id: str, on: bool) -> None:
        self.model.set_checked(officer_id, on)

    def labels(self) -> list[str]:
        """What the list shows now, in order (tests, diagnostics)."""
        return [self.model.index(r, 0).data() for r in range(self.model.rowCount())]

    def reload(self) -> None:
        self._timer.stop()
        svc, text = self._officers, self.filter.text()
        self.ctx.tasks.submit(lambda: svc.list(text), self.on_officers, self.on_failed, key=self._task_key)

    def on_officers(self, rows: list[OfficerRow]) -> None:
        if not shiboken6.isValid(self):  # the dialog closed before the query finished
            return
        self.model.set_officers(rows)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.officers_loaded.emit()

    def on_failed(self, exc: Exception) -> None:
        if shiboken6.isValid(self):
            self.count.setText(self.ctx.message(exc))

    def on_checked_changed(self) -> None:
        self.count.setText(self.tr("已选 {n} 人").format(n=len(self.model.checked_ids())))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (obj is self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Down):
            if self._timer.isActive():
                self.reload()
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(obj, event)


@dataclass(frozen=True)
class TeamDialogData:
    """What the dialog shows, read off the GUI thread: the team (None: a new one) and the 总团 it may belong to."""

    detail: TeamDetail | None
    combined: list[TeamRow]

    @staticmethod
    def load(teams: TeamService, team_id: str | None) -> TeamDialogData:
        detail = teams.get(team_id) if team_id else None
        return TeamDialogData(detail, [t for t in teams.list(kind=TeamKind.COMBINED.value) if t.id != team_id])


class TeamDialog(FormDialog):
    changes = Changes.of(TEAM, OFFICER)

    def __init__(self, ctx: UiContext, teams: TeamService, officers: OfficerService, data: TeamDialogData,
                 parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        detail, combined = data.detail, data.combined
        team_id = detail.row.id if detail else None
        self.setWindowTitle(self.tr("新增团队") if team_id is None else self.tr("编辑团队"))
        self.setMinimumWidth(600)
        self._teams = teams
        self.team_id = team_id
        form = detail.form if detail else TeamForm(parent_id=combined[0].id if combined else None)

        self.name = self.add_field("name", self.tr("团队名称 *"), QLineEdit(form.name))
        self.kind = self.add_field("kind", self.tr("类型"), QComboBox())
        for value, label in TeamKind.choices(ctx.lang):
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(form.kind)))
        self.parent_team = self.add_field("parent_id", self.tr("隶属"), QComboBox())
        self.parent_team.addItem(self.tr("(无)"), None)
        for t in combined:
            self.parent_team.addItem(t.name, t.id)
        self.parent_team.setCurrentIndex(max(0, self.parent_team.findData(form.parent_id)))
        self.lead_department = self.add_field("lead_department", self.tr("牵头单位 *"),
                                              QLineEdit(form.lead_department))
        self.description = self.add_field("description", self.tr("职责"), QPlainTextEdit(form.description))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().height() * 3 + 14)
        self.members: MemberPicker = self.add_field(
            "member_ids", self.tr("团员"), MemberPicker(ctx, officers, form.member_ids, list(detail.members) if detail else []))
        self.leader = self.add_field("leader_id", self.tr("团长"), QComboBox())
        self._leader = form.leader_id
        self.members.model.checked_changed.connect(self.reload_leaders)
        self.kind.currentIndexChanged.connect(self.on_kind_changed)
        self.reload_leaders()
        self.on_kind_changed()
        for a, b in ((self.name, self.kind), (self.kind, self.parent_team), (self.parent_team, self.lead_department),
                     (self.lead_department, self.description), (self.description, self.members.filter),
                     (self.members.filter, self.members.list), (self.members.list, self.leader)):
            QWidget.setTabOrder(a, b)
        self.name.setFocus()

    def on_kind_changed(self, _index: int = 0) -> None:
        """A 总团 stands at the top: no parent to choose."""
        top = self.kind.currentData() == TeamKind.COMBINED.value
        if top:
            self.parent_team.setCurrentIndex(0)
        self.parent_team.setEnabled(not top)

    def reload_leaders(self) -> None:
        current = self.leader.currentData() if self.leader.count() else self._leader
        self.leader.blockSignals(True)
        self.leader.clear()
        self.leader.addItem(self.tr("(未指定)"), None)
        for oid in self.members.checked:
            self.leader.addItem(self.members.model.name_of(oid) or oid, oid)
        self.leader.setCurrentIndex(max(0, self.leader.findData(current)))
        self.leader.blockSignals(False)

    def form(self) -> TeamForm:
        return TeamForm(name=self.name.text(), kind=self.kind.currentData(), parent_id=self.parent_team.currentData(),
                        lead_department=self.lead_department.text(), description=self.description.toPlainText(),
                        member_ids=self.members.checked, leader_id=self.leader.currentData())

    def save_job(self):
        svc, form, tid = self._teams, self.form(), self.team_id
        validate_team(form)  # the form's own rules at once (no database); the service checks them again

        def save() -> str:
            if tid is None:
                return svc.add(form)
            svc.update(tid, form)
            return tid

        return save
