"""新增/编辑团员: name, department, title and phone, each checked with its own message; a new officer
can join a team in the same step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QWidget

from ...domain.forms import OfficerForm
from ..context import UiContext
from .form import FormDialog


class OfficerDialog(FormDialog):
    """`officer_id` None adds an officer (joining `team_id` if given, changeable in the dialog)."""

    def __init__(self, ctx: UiContext, officer_id: str | None = None, team_id: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("新增团员") if officer_id is None else self.tr("编辑团员"))
        self.officer_id = officer_id
        current = ctx.services.officers.get(officer_id) if officer_id else None
        officers = ctx.services.officers.list()
        self.name = self.add_field("name", self.tr("姓名 *"), QLineEdit())
        self.department = self.add_field("department", self.tr("所在单位 *"), QLineEdit())
        self.department.setPlaceholderText(self.tr("如 县金融工作局"))
        departments = sorted({o.department for o in officers if o.department})
        completer = QCompleter(departments, self.department)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.department.setCompleter(completer)
        self.title = self.add_field("title", self.tr("职务"), QLineEdit())
        self.phone = self.add_field("phone", self.tr("电话"), QLineEdit())
        self.phone.setPlaceholderText(self.tr("手机11位,或座机如 0371-27981234"))
        self.team: QComboBox | None = None
        if current is None:
            self.team = self.add_field("team_id", self.tr("加入团队"), QComboBox())
            self.team.addItem(self.tr("(暂不加入)"), None)
            for t in ctx.services.teams.list():
                self.team.addItem(t.name, t.id)
            self.team.setCurrentIndex(max(0, self.team.findData(team_id)))
        else:
            self.name.setText(current.name)
            self.department.setText(current.department)
            self.title.setText(current.title)
            self.phone.setText(current.phone)
            teams = QLabel("、".join(current.teams) or "—")
            teams.setWordWrap(True)
            self.form_layout.addRow(self.tr("所在团队"), teams)
        self.name.setFocus()

    def form(self) -> OfficerForm:
        return OfficerForm(self.name.text(), self.department.text(), self.title.text(), self.phone.text())

    def save(self) -> str | None:
        svc = self.ctx.services.officers
        if self.officer_id is None:
            return svc.add(self.form(), team_id=self.team.currentData() if self.team else None)
        svc.update(self.officer_id, self.form())
        return self.officer_id
