"""新增/编辑团队: kind, parent, lead department, and members picked with pinyin search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QVBoxLayout, QWidget,
)

from ...domain.forms import TeamForm
from ...domain.vocabulary import TeamKind
from ..context import UiContext
from .form import FormDialog


class MemberPicker(QWidget):
    """A filter box (Chinese, pinyin or initials) over a checkable list of every officer."""

    def __init__(self, ctx: UiContext, checked: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.checked: list[str] = list(checked)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("筛选团员:姓名、单位、拼音或首字母"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMinimumHeight(200)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.filter)
        col.addWidget(self.list)
        self.names: dict[str, str] = {}
        self.filter.textChanged.connect(self.reload)
        self.list.itemChanged.connect(self.on_item_changed)
        self.reload()

    def reload(self) -> None:
        officers = self.ctx.services.officers.list(self.filter.text())
        self.list.blockSignals(True)
        self.list.clear()
        # checked members first, then everyone else, each in pinyin order
        for o in sorted(officers, key=lambda o: o.id not in self.checked):
            self.names[o.id] = o.name
            item = QListWidgetItem(f"{o.name} · {o.department}" + (f" · {o.title}" if o.title else ""))
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if o.id in self.checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def on_item_changed(self, item: QListWidgetItem) -> None:
        oid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked and oid not in self.checked:
            self.checked.append(oid)
        elif item.checkState() != Qt.CheckState.Checked and oid in self.checked:
            self.checked.remove(oid)
        self.changed()

    def changed(self) -> None:  # replaced by the dialog
        pass

    def set_checked(self, oid: str, on: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == oid:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return


class TeamDialog(FormDialog):
    def __init__(self, ctx: UiContext, team_id: str | None = None, parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("新增团队") if team_id is None else self.tr("编辑团队"))
        self.team_id = team_id
        detail = ctx.services.teams.get(team_id) if team_id else None
        form = detail.form if detail else TeamForm()
        self.name = self.add_field("name", self.tr("团队名称 *"), QLineEdit(form.name))
        self.kind = self.add_field("kind", self.tr("类型"), QComboBox())
        for value, label in TeamKind.choices(ctx.lang):
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(self.kind.findData(form.kind))
        self.parent_team = self.add_field("parent_id", self.tr("隶属"), QComboBox())
        self.parent_team.addItem(self.tr("(无)"), None)
        for t in ctx.services.teams.list(kind=TeamKind.COMBINED.value):
            if t.id != team_id:
                self.parent_team.addItem(t.name, t.id)
        self.parent_team.setCurrentIndex(max(0, self.parent_team.findData(form.parent_id)))
        self.lead_department = self.add_field("lead_department", self.tr("牵头单位 *"), QLineEdit(form.lead_department))
        self.description = self.add_field("description", self.tr("职责"), QPlainTextEdit(form.description))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(60)
        self.members = self.add_field("member_ids", self.tr("团员"), MemberPicker(ctx, form.member_ids))
        self.leader = self.add_field("leader_id", self.tr("团长"), QComboBox())
        self.members.changed = self.reload_leaders
        self._leader = form.leader_id
        self.reload_leaders()
        self.name.setFocus()

    def reload_leaders(self) -> None:
        current = self.leader.currentData() if self.leader.count() else self._leader
        self.leader.clear()
        self.leader.addItem(self.tr("(未指定)"), None)
        for oid in self.members.checked:
            self.leader.addItem(self.members.names.get(oid, oid), oid)
        self.leader.setCurrentIndex(max(0, self.leader.findData(current)))

    def form(self) -> TeamForm:
        return TeamForm(name=self.name.text(), kind=self.kind.currentData(), parent_id=self.parent_team.currentData(),
                        lead_department=self.lead_department.text(), description=self.description.toPlainText(),
                        member_ids=list(self.members.checked), leader_id=self.leader.currentData())

    def save(self) -> str | None:
        svc = self.ctx.services.teams
        if self.team_id is None:
            return svc.add(self.form())
        svc.update(self.team_id, self.form())
        return self.team_id
