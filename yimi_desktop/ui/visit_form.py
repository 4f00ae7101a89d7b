"""The visit editor: everything an officer records on site, keyboard first, saved as a draft every
time typing pauses (1.5 s), so a dead battery never costs more than the last few words."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QTimeEdit,
    QVBoxLayout, QWidget,
)

from ..domain.errors import ValidationError
from ..domain.visits import AttendeeForm, BriefedPolicy, RaisedIssue, VisitForm
from ..domain.vocabulary import TeamKind, VisitType
from ..services.enterprises import EnterpriseQuery
from .context import UiContext
from .widgets.picker import SearchPicker

AUTOSAVE_MS = 1500
QUALIFIES = ("unknown", "yes", "no")


class VisitEditor(QWidget):
    """Emits `finished(visit_id)` after 完成 and `closed()` when left (the draft is kept)."""

    finished = Signal(str)
    closed = Signal()
    draft_saved = Signal(str)

    def __init__(self, ctx: UiContext, form: VisitForm | None = None, draft_id: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.draft_id = draft_id
        self._loading = True
        svc = ctx.services
        lang = ctx.lang
        self.categories = svc.categories.list()
        self.team_names = {t.id: t.name for t in svc.teams.list()}

        # ---- widgets ---------------------------------------------------------------------------
        self.enterprise_id = ""
        self.enterprise_label = QLabel(self.tr("(未选择企业)"))
        self.enterprise_label.setObjectName("sectionTitle")
        self.enterprise_picker = SearchPicker(self._find_enterprises, self.tr("企业名称、拼音或首字母,↑↓选择,Enter确定"))
        self.visit_date = QDateEdit(QDate.currentDate())
        self.visit_date.setCalendarPopup(True)
        self.visit_date.setDisplayFormat("yyyy-MM-dd")
        self.start_time = QTimeEdit(QTime(9, 0))
        self.end_time = QTimeEdit(QTime(10, 0))
        for t in (self.start_time, self.end_time):
            t.setDisplayFormat("HH:mm")
        self.team = QComboBox()
        for t in svc.teams.list():
            if t.kind is not TeamKind.COMBINED:
                self.team.addItem(t.name, t.id)
        self.officer_ids: list[str] = []
        self.officers = QListWidget()
        self.officers.setFixedHeight(60)
        self.officer_picker = SearchPicker(self._find_officers, self.tr("走访人员:姓名或拼音,Enter加入"), rows=3)
        self.visit_type = QComboBox()
        for value, label in VisitType.choices(lang):
            self.visit_type.addItem(label, value)
        self.visit_type.setCurrentIndex(self.visit_type.findData(VisitType.PROBLEM_COLLECTION.value))
        self.place = QLineEdit()
        self.attendees = QTableWidget(0, 3)
        self.attendees.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("职务"), self.tr("电话")])
        self.attendees.horizontalHeader().setStretchLastSection(True)
        self.attendees.setFixedHeight(96)
        self.add_attendee = QPushButton(self.tr("加一位企业人员"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("visitNotes")
        self.notes.setPlaceholderText(self.tr("企业介绍的情况、宣讲的内容、现场答复了什么、承诺了什么"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(120)
        self.policy_picker = SearchPicker(self._find_policies, self.tr("宣讲的政策:名称、文号或拼音,Enter加入"), rows=3)
        self.policies = QTableWidget(0, 3)
        self.policies.setHorizontalHeaderLabels([self.tr("政策"), self.tr("企业是否符合"), self.tr("说明")])
        self.policies.horizontalHeader().setStretchLastSection(True)
        self.policies.setColumnWidth(0, 300)
        self.policies.setFixedHeight(96)
        self.follow_up = QCheckBox(self.tr("约定回访日期"))
        self.follow_up_date = QDateEdit(QDate.currentDate().addDays(30))
        self.follow_up_date.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setEnabled(False)
        self.issues = QTableWidget(0, 3)
        self.issues.setObjectName("issueTable")
        self.issues.setHorizontalHeaderLabels([self.tr("类别(建议承办团队)"), self.tr("诉求标题"), self.tr("具体情况")])
        self.issues.setColumnWidth(0, 260)
        self.issues.setColumnWidth(1, 200)
        self.issues.horizontalHeader().setStretchLastSection(True)
        self.issues.setMinimumHeight(120)
        # the quick line above the table: category, title, details, Enter adds the issue
        self.new_issue_category = QComboBox()
        self.new_issue_category.setObjectName("newIssueCategory")
        self._fill_categories(self.new_issue_category)
        self.new_issue_title = QLineEdit()
        self.new_issue_title.setPlaceholderText(self.tr("诉求标题,如 流动资金短缺"))
        self.new_issue_desc = QLineEdit()
        self.new_issue_desc.setPlaceholderText(self.tr("具体情况(Enter 加入)"))
        self.add_issue = QPushButton(self.tr("加入诉求"))
        self.add_issue.setToolTip(self.tr("Ctrl+I 跳到这里;填好后按 Enter 加入下表"))
        self.attachments = QListWidget()
        self.attachments.setFixedHeight(60)
        self.add_files = QPushButton(self.tr("添加照片或文件…"))
        self.errors = QLabel()
        self.errors.setObjectName("visitErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b3261e;")
        self.errors.hide()
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet("color: #2e6b30;")
        self.finish_button = QPushButton(self.tr("完成 (Ctrl+Enter)"))
        self.finish_button.setDefault(True)
        self.close_button = QPushButton(self.tr("暂存并关闭 (Esc)"))

        # ---- layout ------------------------------------------------------------------------------
        rows = QFormLayout()
        rows.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        ent = QVBoxLayout()
        ent.addWidget(self.enterprise_label)
        ent.addWidget(self.enterprise_picker)
        rows.addRow(self.tr("企业 *"), ent)
        when = QHBoxLayout()
        when.addWidget(self.visit_date)
        when.addWidget(QLabel(self.tr("从")))
        when.addWidget(self.start_time)
        when.addWidget(QLabel(self.tr("到")))
        when.addWidget(self.end_time)
        when.addStretch(1)
        rows.addRow(self.tr("日期 *"), when)
        rows.addRow(self.tr("走访团队 *"), self.team)
        who = QGridLayout()
        who.addWidget(self.officer_picker, 0, 0)
        who.addWidget(self.officers, 0, 1)
        rows.addRow(self.tr("走访人员 *"), who)
        rows.addRow(self.tr("走访类型"), self.visit_type)
        rows.addRow(self.tr("地点"), self.place)
        att = QVBoxLayout()
        att.addWidget(self.attendees)
        att.addWidget(self.add_attendee, 0, Qt.AlignmentFlag.AlignLeft)
        rows.addRow(self.tr("企业参加人员"), att)
        rows.addRow(self.tr("走访记录"), self.notes)
        pol = QVBoxLayout()
        pol.addWidget(self.policy_picker)
        pol.addWidget(self.policies)
        rows.addRow(self.tr("宣讲政策"), pol)
        fu = QHBoxLayout()
        fu.addWidget(self.follow_up)
        fu.addWidget(self.follow_up_date)
        fu.addStretch(1)
        rows.addRow(self.tr("回访"), fu)
        iss = QVBoxLayout()
        quick = QHBoxLayout()
        quick.addWidget(self.new_issue_category, 2)
        quick.addWidget(self.new_issue_title, 2)
        quick.addWidget(self.new_issue_desc, 3)
        quick.addWidget(self.add_issue)
        iss.addLayout(quick)
        iss.addWidget(self.issues)
        rows.addRow(self.tr("企业诉求"), iss)
        files = QVBoxLayout()
        files.addWidget(self.attachments)
        files.addWidget(self.add_files, 0, Qt.AlignmentFlag.AlignLeft)
        rows.addRow(self.tr("照片和附件"), files)
        inner = QWidget()
        inner_col = QVBoxLayout(inner)
        inner_col.addLayout(rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)

        # ---- behaviour -----------------------------------------------------------------------------
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self.enterprise_picker.picked.connect(self.on_enterprise_picked)
        self.officer_picker.picked.connect(lambda oid, _label: self.add_officer(oid))
        self.policy_picker.picked.connect(lambda pid, label: self.add_policy(BriefedPolicy(pid), label))
        self.add_attendee.clicked.connect(lambda: self.add_attendee_row(AttendeeForm()))
        self.add_issue.clicked.connect(self.on_add_issue)
        self.new_issue_title.returnPressed.connect(self.on_add_issue)
        self.new_issue_desc.returnPressed.connect(self.on_add_issue)
        self.add_files.clicked.connect(self.on_add_files)
        self.follow_up.toggled.connect(self.follow_up_date.setEnabled)
        self.finish_button.clicked.connect(self.on_finish)
        self.close_button.clicked.connect(self.on_close)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.on_finish)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.on_finish)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_draft)
        QShortcut(QKeySequence("Ctrl+I"), self, activated=self.new_issue_category.setFocus)
        QShortcut(QKeySequence("Escape"), self, activated=self.on_close)
        QShortcut(QKeySequence("Delete"), self.officers, activated=self.remove_officer)
        for w in (self.place, ):
            w.textEdited.connect(self.on_edited)
        self.notes.textChanged.connect(self.on_edited)
        for w in (self.visit_date, self.follow_up_date):
            w.dateChanged.connect(self.on_edited)
        for w in (self.start_time, self.end_time):
            w.timeChanged.connect(self.on_edited)
        for w in (self.team, self.visit_type):
            w.currentIndexChanged.connect(self.on_edited)
        self.follow_up.toggled.connect(self.on_edited)
        self.new_issue_title.textEdited.connect(self.on_edited)
        self.new_issue_desc.textEdited.connect(self.on_edited)
        for t in (self.attendees, self.policies, self.issues):
            t.itemChanged.connect(self.on_edited)
        self.set_form(form or VisitForm(visit_date=date.today()))
        self._loading = False
        self.enterprise_picker.setFocus()

    # ---- searching -------------------------------------------------------------------------------
    def _find_enterprises(self, text: str) -> list[tuple[str, str]]:
        rows = self.ctx.services.enterprises.page(EnterpriseQuery(text=text), 0, 20)
        return [(r.id, f"{r.name} · {r.township}") for r in rows]

    def _find_officers(self, text: str) -> list[tuple[str, str]]:
        team = self.team.currentData() if hasattr(self, "team") else None
        members = set()
        if team:
            members = {m.id for m in self.ctx.services.teams.get(team).members}
        rows = self.ctx.services.officers.list(text)
        rows.sort(key=lambda o: o.id not in members)  # the chosen team's members first
        return [(o.id, f"{o.name} · {o.department}") for o in rows[:30] if o.id not in getattr(self, "officer_ids", [])]

    def _find_policies(self, text: str) -> list[tuple[str, str]]:
        return [(p.id, f"{p.title} {p.document_number}") for p in self.ctx.services.policies.list(text)[:30]]

    # ---- editing -------------------------------------------------------------------------------
    def on_edited(self, *_args) -> None:
        if not self._loading:
            self.autosave.start()

    def on_enterprise_picked(self, eid: str, label: str) -> None:
        self.enterprise_id = eid
        self.enterprise_label.setText(label)
        if not self.place.text():
            self.place.setText(self.ctx.services.enterprises.get(eid).form.address)
        self.on_edited()
        self.visit_date.setFocus()

    def add_officer(self, oid: str) -> None:
        if oid in self.officer_ids:
            return
        names = {o.id: f"{o.name} · {o.department}" for o in self.ctx.services.officers.list()}
        self.officer_ids.append(oid)
        item = QListWidgetItem(names.get(oid, oid))
        item.setData(Qt.ItemDataRole.UserRole, oid)
        self.officers.addItem(item)
        self.officer_picker.on_text_changed(self.officer_picker.edit.text())
        self.on_edited()

    def remove_officer(self) -> None:
        row = self.officers.currentRow()
        if row >= 0:
            item = self.officers.takeItem(row)
            self.officer_ids.remove(item.data(Qt.ItemDataRole.UserRole))
            self.on_edited()

    def add_attendee_row(self, a: AttendeeForm) -> None:
        r = self.attendees.rowCount()
        self.attendees.insertRow(r)
        for c, v in enumerate((a.name, a.title, a.phone)):
            self.attendees.setItem(r, c, QTableWidgetItem(v))
        if not self._loading:
            self.attendees.setCurrentCell(r, 0)
            self.attendees.setFocus()

    def add_policy(self, p: BriefedPolicy, label: str) -> None:
        if any(self.policies.item(r, 0).data(Qt.ItemDataRole.UserRole) == p.policy_id for r in range(self.policies.rowCount())):
            return
        r = self.policies.rowCount()
        self.policies.insertRow(r)
        item = QTableWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, p.policy_id)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.policies.setItem(r, 0, item)
        combo = QComboBox()
        for value, text in zip(QUALIFIES, (self.tr("待核实"), self.tr("符合"), self.tr("不符合"))):
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(p.qualifies)))
        combo.currentIndexChanged.connect(self.on_edited)
        self.policies.setCellWidget(r, 1, combo)
        self.policies.setItem(r, 2, QTableWidgetItem(p.note))
        self.on_edited()

    def _fill_categories(self, combo: QComboBox) -> None:
        """Each category with the specialist team it suggests."""
        combo.addItem(self.tr("(选择类别)"), "")
        for c in self.categories:
            team = self.team_names.get(c.default_team_id or "", "")
            name = c.name if self.ctx.lang == "zh" else (c.name_en or c.name)
            combo.addItem(f"{name} → {team}" if team else name, c.id)

    def on_add_issue(self) -> None:
        x = RaisedIssue(self.new_issue_category.currentData() or "", self.new_issue_title.text().strip(),
                        self.new_issue_desc.text().strip())
        if not (x.title or x.description):
            self.new_issue_title.setFocus()
            return
        self.add_issue_row(x)
        self.new_issue_title.clear()
        self.new_issue_desc.clear()
        self.new_issue_category.setCurrentIndex(0)
        self.new_issue_category.setFocus()

    def add_issue_row(self, x: RaisedIssue) -> None:
        r = self.issues.rowCount()
        self.issues.insertRow(r)
        combo = QComboBox()
        self._fill_categories(combo)
        combo.setCurrentIndex(max(0, combo.findData(x.category_id)))
        combo.currentIndexChanged.connect(self.on_edited)
        self.issues.setCellWidget(r, 0, combo)
        self.issues.setItem(r, 1, QTableWidgetItem(x.title))
        self.issues.setItem(r, 2, QTableWidgetItem(x.description))
        if not self._loading:
            self.on_edited()

    def on_add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("选择照片或文件"))
        self.add_attachment_paths(paths)

    def add_attachment_paths(self, paths: list[str]) -> None:
        for p in paths:
            self.attachments.addItem(p)
        if paths:
            self.on_edited()

    # ---- the form ---------------------------------------------------------------------------------
    def set_form(self, f: VisitForm) -> None:
        loading, self._loading = self._loading, True
        if f.enterprise_id:
            try:
                d = self.ctx.services.enterprises.get(f.enterprise_id)
                self.enterprise_id = f.enterprise_id
                self.enterprise_label.setText(f"{d.form.name} · {d.form.township}")
            except Exception:  # the enterprise is gone; the officer picks again
                self.enterprise_id = ""
        if f.visit_date:
            self.visit_date.setDate(QDate(f.visit_date.year, f.visit_date.month, f.visit_date.day))
        if f.start_time:
            self.start_time.setTime(QTime(f.start_time.hour, f.start_time.minute))
        if f.end_time:
            self.end_time.setTime(QTime(f.end_time.hour, f.end_time.minute))
        if f.team_id:
            self.team.setCurrentIndex(max(0, self.team.findData(f.team_id)))
        for oid in f.officer_ids:
            self.add_officer(oid)
        self.visit_type.setCurrentIndex(max(0, self.visit_type.findData(f.visit_type)))
        self.place.setText(f.place)
        for a in f.attendees:
            self.add_attendee_row(a)
        self.notes.setPlainText(f.notes)
        titles = {p.id: p.title for p in self.ctx.services.policies.list()}
        for p in f.policies:
            self.add_policy(p, titles.get(p.policy_id, p.policy_id))
        self.follow_up.setChecked(f.follow_up_date is not None)
        if f.follow_up_date:
            self.follow_up_date.setDate(QDate(f.follow_up_date.year, f.follow_up_date.month, f.follow_up_date.day))
        for x in f.issues:
            self.add_issue_row(x)
        self.add_attachment_paths(f.attachment_paths)
        self._loading = loading

    @staticmethod
    def _text(table: QTableWidget, r: int, c: int) -> str:
        item = table.item(r, c)
        return item.text() if item else ""

    def form(self) -> VisitForm:
        attendees = [AttendeeForm(*(self._text(self.attendees, r, c) for c in range(3)))
                     for r in range(self.attendees.rowCount())]
        policies = [BriefedPolicy(self.policies.item(r, 0).data(Qt.ItemDataRole.UserRole),
                                  self.policies.cellWidget(r, 1).currentData(), self._text(self.policies, r, 2))
                    for r in range(self.policies.rowCount())]
        issues = [RaisedIssue(self.issues.cellWidget(r, 0).currentData(), self._text(self.issues, r, 1),
                              self._text(self.issues, r, 2)) for r in range(self.issues.rowCount())]
        return VisitForm(
            enterprise_id=self.enterprise_id, visit_date=self.visit_date.date().toPython(),
            start_time=self.start_time.time().toPython(), end_time=self.end_time.time().toPython(),
            team_id=self.team.currentData() or "", officer_ids=list(self.officer_ids),
            visit_type=self.visit_type.currentData(), place=self.place.text(), attendees=attendees,
            notes=self.notes.toPlainText(), policies=policies,
            follow_up_date=self.follow_up_date.date().toPython() if self.follow_up.isChecked() else None,
            issues=issues, attachment_paths=[self.attachments.item(i).text() for i in range(self.attachments.count())],
        )

    # ---- saving -------------------------------------------------------------------------------------
    def save_draft(self) -> None:
        self.autosave.stop()
        self.draft_id = self.ctx.services.visits.save_draft(self.form(), self.draft_id)
        self.saved_label.setText(self.tr("草稿已保存 {time}").format(time=datetime.now().strftime("%H:%M:%S")))
        self.draft_saved.emit(self.draft_id)

    def on_close(self) -> None:
        if self.autosave.isActive() or self.draft_id is None and self._has_content():
            self.save_draft()
        self.closed.emit()

    def _has_content(self) -> bool:
        f = self.form()
        return bool(f.enterprise_id or f.notes.strip() or f.issues or f.attendees or f.policies)

    def on_finish(self) -> None:
        self.autosave.stop()
        if self._has_content():
            self.save_draft()  # whatever happens next, the text is on disk
        self.errors.hide()
        form, draft_id, visits = self.form(), self.draft_id, self.ctx.services.visits
        author = self.ctx.services.devices.info().officer_id
        self.setEnabled(False)
        self.saved_label.setText(self.tr("正在保存…"))
        self.ctx.tasks.submit(lambda: visits.finish(form, draft_id, author_officer_id=author), self.on_finished,
                              self.on_finish_failed, key="visit-finish")

    def on_finished(self, visit_id: str) -> None:
        self.setEnabled(True)
        self.draft_id = None
        self.finished.emit(visit_id)

    def on_finish_failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        self.saved_label.setText("")
        if isinstance(exc, ValidationError):
            self.errors.setText("\n".join("· " + p.message.text(self.ctx.lang) for p in exc.problems))
            focus = {"enterprise_id": self.enterprise_picker, "officer_ids": self.officer_picker, "team_id": self.team,
                     "visit_date": self.visit_date, "end_time": self.end_time}.get(exc.problems[0].field)
            if focus is None and exc.problems[0].field.startswith("issues"):
                focus = self.issues
            (focus or self.enterprise_picker).setFocus()
        else:
            self.errors.setText(self.ctx.message(exc))
        self.errors.show()
