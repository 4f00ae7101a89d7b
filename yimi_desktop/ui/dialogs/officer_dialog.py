"""新增/编辑团员: name, department, title and phone, each checked with its own message; a new officer
can join a team in the same step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QWidget

from dataclasses import dataclass

from ...domain.forms import validate_officer, OfficerForm
from ...services.catalog import OfficerRow, OfficerService, TeamRow, TeamService
from ..context import UiContext
from ..operations import OFFICER, TEAM, Changes
from .form import FormDialog


@dataclass(frozen=True)
class OfficerDialogData:
    """What the dialog shows, read off the GUI thread: the officer (None: a new one), every officer
    (for the departments offered) and the teams a new officer may join."""

    current: OfficerRow | None
    officers: list[OfficerRow]
    teams: list[TeamRow]

    @staticmethod
    def load(officers: OfficerService, teams: TeamService, officer_id: str | None) -> OfficerDialogData:
        return OfficerDialogData(officers.get(officer_id) if officer_id else None, officers.list(),
                                 teams.list() if officer_id is None else [])


class OfficerDialog(FormDialog):
    """`data.current` None adds an officer (joining `team_id` if given, changeable in the dialog)."""

    changes = Changes.of(OFFICER, TEAM)

    def __init__(self, ctx: UiContext, officers_service: OfficerService, data: OfficerDialogData,
                 team_id: str | None = None, parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        current, officers = data.current, data.officers
        self._officers = officers_service
        self.setWindowTitle(self.tr("新增团员") if current is None else self.tr("编辑团员"))
        self.officer_id = current.id if current else None
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
            for t in data.teams:
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

    def save_job(self):
        svc, form, oid = self._officers, self.form(), self.officer_id
        validate_officer(form)  # the form's own rules at once (no database); the service checks them again
        team_id = self.team.currentData() if self.team else None

        def save() -> str:
            if oid is None:
                return svc.add(form, team_id=team_id)
            svc.update(oid, form)
            return oid

        return save
