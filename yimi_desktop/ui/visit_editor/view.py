"""The visit editor: everything an officer records on site, keyboard first.

Top to bottom in Tab order: enterprise (pinyin picker), date and times, team, officers (the team's
members first), kind of visit, place (the enterprise's address), the enterprise's people, notes,
policies briefed (each 符合 / 不符合 / 待核实 with a note), follow-up date, the issues raised (a quick
line: category with its suggested specialist team, title, details, Enter adds it to the table) and
photos or documents.

Nothing touches the database on the GUI thread: what the editor offers (`EditorChoices`) is read by
the page before it opens; the enterprise's address and the team's members are reads; drafts and 完成
are writes on the one write worker.

Nothing is lost: every edit restarts a 1.5 s single-shot timer whose timeout writes the whole form
as a draft (a small write on the write worker); leaving (Esc), hiding the window or switching pages
queues a pending draft at once. 完成 (Ctrl+Enter) checks the form here, shows each problem under its field,
then finishes the visit off the GUI thread (photos are imported then) with the editor disabled and
a busy bar showing.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPlainTextEdit, QProgressBar, QPushButton, QScrollArea, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from ..widgets.date_fields import DateField, TimeField, qdate
from ...domain.errors import FieldProblem, Message, ValidationError
from ...domain.visits import AttendeeForm, BriefedPolicy, RaisedIssue, VisitForm
from ...domain.vocabulary import TeamKind, VisitType
from ..context import UiContext
from ..operations import NOTHING
from ..settings import LAST_TEAM, Settings
from ..widgets.pickers import MultiPicker, SearchPicker
from .controller import DraftSlot, EditorChoices, VisitEditorController, problems_by_row
from .field_row import ERROR_STYLE, FieldWithError
from .row_table import ChoiceDelegate, RowTable, table_item

AUTOSAVE_MS = 1500
QUALIFIES = ("unknown", "yes", "no")


def default_times(now: datetime) -> tuple[time, time]:
    """A visit being recorded now: started on the last full five minutes, an hour long, not past midnight."""
    start = time(now.hour, now.minute - now.minute % 5)
    end = time(min(23, start.hour + 1), start.minute if start.hour < 23 else 59)
    return start, end


class VisitEditor(QWidget):
    """Emits `finished(visit_id)` after 完成 and `closed()` when left (the draft is kept)."""

    finished = Signal(str)
    closed = Signal()
    draft_saved = Signal(str)
    enterprise_loaded = Signal()  # the chosen enterprise's address and contact are shown (or it was gone)
    members_loaded = Signal()  # the team's members are known to the officer picker
    busy_changed = Signal(bool)

    def __init__(self, ctx: UiContext, controller: VisitEditorController, choices: EditorChoices,
                 form: VisitForm | None = None, draft_id: str | None = None, parent: QWidget | None = None,
                 amend_of: str | None = None):
        """With `amend_of` (a finished visit's id) the editor corrects that visit: a reason is asked for,
        no draft is written, the issues and files entered are the ones it forgot."""
        super().__init__(parent)
        self.ctx = ctx
        self.amend_of = amend_of
        self._draft = DraftSlot(draft_id)
        self._loading = True
        self._busy = False
        self._team_members: set[str] = set()
        self._enterprise_address = ""
        self.choices = choices
        self.teams = choices.teams
        self.team_names = {t.id: t.name for t in self.teams}
        self.categories = choices.categories
        self.category_choices = [("", self.tr("(选择类别)"))] + [
            (c.id, c.name if ctx.lang == "zh" else (c.name_en or c.name)) for c in self.categories]
        self.suggested = {c.id: self.team_names.get(c.default_team_id or "", "") for c in self.categories}
        self.qualify_choices = list(zip(QUALIFIES, (self.tr("待核实"), self.tr("符合"), self.tr("不符合"))))
        self.row_errors: dict[str, QLabel] = {}
        self.row_focus: dict[str, QWidget] = {}
        self.controller = controller
        self._member_mark, self._expired_mark = self.tr(" · 本团"), self.tr("(已失效)")  # tr on the GUI thread

        self._build_widgets()
        self._build_layout(draft_id is not None)
        if amend_of is not None:
            self._amend_mode()
        self._connect()
        self._set_tab_order()
        self.set_form(form or VisitForm(visit_date=date.today()))
        self._loading = False
        self.enterprise_picker.setFocus()

    # ---- building -------------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        ctx = self.ctx
        self.enterprise_picker = SearchPicker(
            self._find_enterprises, self.tr("企业名称、拼音或首字母(如 hdwl),↓↑ 选择,Enter 确定"),
            tasks=ctx.tasks, keep_choice=True)
        self.enterprise_picker.setObjectName("enterprisePicker")
        self.enterprise_info = QLabel()
        self.enterprise_info.setStyleSheet("color: #666;")
        self.enterprise_info.hide()
        self.visit_date = DateField()
        self.visit_date.setCalendarPopup(True)
        self.visit_date.setDisplayFormat("yyyy-MM-dd")
        self.visit_date.setMaximumDate(QDate.currentDate())
        self.start_time = TimeField()
        self.end_time = TimeField()
        for t in (self.start_time, self.end_time):
            t.setDisplayFormat("HH:mm")
        self.team = QComboBox()
        for t in self.teams:
            self.team.addItem(t.name, t.id)
        self.officers = MultiPicker(self._find_officers, self.tr("姓名或拼音;↓ 列出本团人员,Enter 加入"), rows=5,
                                    tasks=ctx.tasks)
        self.officers.setObjectName("officerPicker")
        self.visit_type = QComboBox()
        for value, label in VisitType.choices(ctx.lang):
            self.visit_type.addItem(label, value)
        self.place = QLineEdit()
        self.attendees = RowTable([self.tr("姓名"), self.tr("职务"), self.tr("电话")])
        self.attendees.setObjectName("attendeeTable")
        self.attendees.setColumnWidth(0, 160)
        self.attendees.setColumnWidth(1, 200)
        self.attendees.visible_rows(2)
        self.add_attendee = QPushButton(self.tr("加一行 (Insert)"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("visitNotes")
        self.notes.setPlaceholderText(self.tr("企业介绍的情况、宣讲的内容、现场答复了什么、承诺了什么"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(150)
        self.policy_picker = SearchPicker(self._find_policies, self.tr("政策名称、文号或拼音,Enter 加入"), rows=5,
                                          tasks=ctx.tasks)
        self.policy_picker.setObjectName("policyPicker")
        self.policies = RowTable([self.tr("政策"), self.tr("企业是否符合"), self.tr("说明")])
        self.policies.setObjectName("policyTable")
        self.policies.setItemDelegateForColumn(1, ChoiceDelegate(self.qualify_choices, self.policies))
        self.policies.setColumnWidth(0, 420)
        self.policies.setColumnWidth(1, 110)
        self.policies.visible_rows(2)
        self.follow_up = QCheckBox(self.tr("约定回访"))
        self.follow_up_date = DateField()
        self.follow_up_date.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setEnabled(False)
        # issues: a quick line (Enter adds) above the table of the issues raised so far
        self.new_issue_category = QComboBox()
        self.new_issue_category.setObjectName("newIssueCategory")
        for value, label in self.category_choices:
            self.new_issue_category.addItem(label, value)
        self.new_issue_team = QLabel()
        self.new_issue_team.setObjectName("suggestedTeam")
        self.new_issue_team.setStyleSheet("color: #2f6db5;")
        self.new_issue_category.setMinimumWidth(150)
        self.new_issue_team.setFixedWidth(self.new_issue_team.fontMetrics().horizontalAdvance("→ 建议交 新闻宣传专业一米团") + 12)
        self.new_issue_title = QLineEdit()
        self.new_issue_title.setPlaceholderText(self.tr("诉求标题,如 流动资金短缺"))
        self.new_issue_desc = QLineEdit()
        self.new_issue_desc.setPlaceholderText(self.tr("具体情况(Enter 加入下表)"))
        self.add_issue = QPushButton(self.tr("加入"))
        self.add_issue.setToolTip(self.tr("Ctrl+I 跳到这里;填好后按 Enter 加入下表"))
        self.issues = RowTable([self.tr("类别"), self.tr("诉求标题"), self.tr("具体情况"), self.tr("建议承办团队")])
        self.issues.setObjectName("issueTable")
        self.issues.setItemDelegateForColumn(0, ChoiceDelegate(self.category_choices, self.issues))
        self.issues.setColumnWidth(0, 150)
        self.issues.setColumnWidth(1, 200)
        self.issues.setColumnWidth(2, 420)
        self.issues.visible_rows(3)
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachmentList")
        self.attachments.setFixedHeight(58)
        self.add_files = QPushButton(self.tr("添加照片或文件…"))

        self.reason = QLineEdit()
        self.reason.setObjectName("amendReason")
        self.reason.setPlaceholderText(self.tr("为什么更正,如 企业选错了、漏记了一个诉求"))
        self.general_error = QLabel()
        self.general_error.setObjectName("visitErrors")
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.general_error.hide()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("draftSaved")
        self.saved_label.setStyleSheet("color: #2e6b30;")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(160)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.save_button = QPushButton(self.tr("保存草稿 (Ctrl+S)"))
        self.close_button = QPushButton(self.tr("暂存并关闭 (Esc)"))
        self.finish_button = QPushButton(self.tr("完成 (Ctrl+Enter)"))
        self.finish_button.setDefault(True)
        self.finish_button.setStyleSheet("font-weight: bold;")

    def _row(self, form: QFormLayout, key: str, caption: str, content: QWidget | QHBoxLayout | QVBoxLayout,
             focus: QWidget) -> None:
        row = FieldWithError(key, content, focus)
        self.row_errors[key] = row.error
        self.row_focus[key] = focus
        form.addRow(caption, row)

    def _section(self, form: QFormLayout, text: str) -> None:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        form.addRow(label)

    def _build_layout(self, is_draft: bool) -> None:
        title = QLabel(self.tr("继续填写走访草稿") if is_draft else self.tr("新建走访"))
        title.setObjectName("pageTitle")
        self.title = title
        hint = QLabel(self.tr("Tab 下一项 · Ctrl+Enter 完成 · Ctrl+S 保存草稿 · Esc 暂存并关闭 · 停止输入1.5秒自动保存"))
        hint.setStyleSheet("color: #777;")
        self.hint = hint
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(hint, 1)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        self.form_layout = form
        self._section(form, self.tr("基本情况"))
        ent = QVBoxLayout()
        ent.setSpacing(2)
        ent.addWidget(self.enterprise_picker)
        ent.addWidget(self.enterprise_info)
        self._row(form, "enterprise", self.tr("企业 *"), ent, self.enterprise_picker)
        when = QHBoxLayout()
        when.addWidget(self.visit_date)
        when.addWidget(QLabel(self.tr("从")))
        when.addWidget(self.start_time)
        when.addWidget(QLabel(self.tr("到")))
        when.addWidget(self.end_time)
        when.addStretch(1)
        self._row(form, "when", self.tr("日期 *"), when, self.visit_date)
        team = QHBoxLayout()
        team.addWidget(self.team, 2)
        team.addSpacing(16)
        team.addWidget(QLabel(self.tr("走访类型")))
        team.addWidget(self.visit_type, 1)
        team.addStretch(1)
        self._row(form, "team", self.tr("走访团队 *"), team, self.team)
        self.row_errors["visit_type"] = self.row_errors["team"]
        self.row_focus["visit_type"] = self.visit_type
        self._row(form, "officers", self.tr("走访人员 *"), self.officers, self.officers)
        self._row(form, "place", self.tr("地点"), self.place, self.place)
        att = QVBoxLayout()
        att.setSpacing(2)
        att.addWidget(self.attendees)
        att.addWidget(self.add_attendee, 0, Qt.AlignmentFlag.AlignLeft)
        self._row(form, "attendees", self.tr("企业参加人员"), att, self.attendees)

        self._section(form, self.tr("走访内容"))
        self._row(form, "notes", self.tr("走访记录"), self.notes, self.notes)
        pol = QVBoxLayout()
        pol.setSpacing(2)
        pol.addWidget(self.policy_picker)
        pol.addWidget(self.policies)
        self._row(form, "policies", self.tr("宣讲政策"), pol, self.policy_picker)
        fu = QHBoxLayout()
        fu.addWidget(self.follow_up)
        fu.addWidget(self.follow_up_date)
        fu.addStretch(1)
        self._row(form, "follow_up", self.tr("回访"), fu, self.follow_up)

        self._section(form, self.tr("企业诉求"))
        quick = QHBoxLayout()
        quick.addWidget(self.new_issue_category)
        quick.addWidget(self.new_issue_team)
        quick.addWidget(self.new_issue_title, 3)
        quick.addWidget(self.new_issue_desc, 4)
        quick.addWidget(self.add_issue)
        iss = QVBoxLayout()
        iss.setSpacing(2)
        iss.addLayout(quick)
        iss.addWidget(self.issues)
        self._row(form, "issues", self.tr("诉求"), iss, self.new_issue_category)
        files = QHBoxLayout()
        files.addWidget(self.attachments, 1)
        files.addWidget(self.add_files, 0, Qt.AlignmentFlag.AlignTop)
        self._row(form, "attachments", self.tr("照片和附件"), files, self.add_files)

        inner = QWidget()
        inner.setObjectName("visitForm")
        inner_col = QVBoxLayout(inner)
        inner_col.setContentsMargins(8, 0, 16, 8)
        inner_col.addLayout(form)
        inner_col.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(inner)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label)
        buttons.addWidget(self.general_error, 3)
        buttons.addStretch(1)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self.enterprise_picker.picked.connect(self.on_enterprise_picked)
        self.officers.changed.connect(self.on_edited)
        self.policy_picker.picked.connect(lambda pid, label: self.add_policy(BriefedPolicy(pid), label))
        self.team.currentIndexChanged.connect(self.on_team_changed)
        self.add_attendee.clicked.connect(self.on_insert_attendee)
        self.attendees.insert_requested.connect(self.on_insert_attendee)
        self.new_issue_category.currentIndexChanged.connect(self.on_new_issue_category)
        self.add_issue.clicked.connect(self.on_add_issue)
        self.new_issue_title.returnPressed.connect(self.on_add_issue)
        self.new_issue_desc.returnPressed.connect(self.on_add_issue)
        self.issues.itemChanged.connect(self.on_issue_item_changed)
        self.add_files.clicked.connect(self.on_add_files)
        self.attachments.installEventFilter(self)
        self.follow_up.toggled.connect(self.follow_up_date.setEnabled)
        self.finish_button.clicked.connect(self.on_finish)
        self.save_button.clicked.connect(self.save_draft)
        self.close_button.clicked.connect(self.on_close)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("Ctrl+Return", self.on_finish), ("Ctrl+Enter", self.on_finish),
                           ("Ctrl+S", self.save_draft), ("Ctrl+I", self.focus_issue_line)):
            QShortcut(QKeySequence(keys), self, activated=slot, context=context)
        # every edit restarts the autosave timer
        self.place.textEdited.connect(self.on_edited)
        self.notes.textChanged.connect(self.on_edited)
        for d in (self.visit_date, self.follow_up_date):
            d.dateChanged.connect(self.on_edited)
        for t in (self.start_time, self.end_time):
            t.timeChanged.connect(self.on_edited)
        self.visit_type.currentIndexChanged.connect(self.on_edited)
        self.follow_up.toggled.connect(self.on_edited)
        for line in (self.new_issue_title, self.new_issue_desc):
            line.textEdited.connect(self.on_edited)
        self.new_issue_category.currentIndexChanged.connect(self.on_edited)
        for table in (self.attendees, self.policies, self.issues):
            table.itemChanged.connect(self.on_edited)
            table.row_removed.connect(self.on_edited)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.enterprise_picker.edit, self.visit_date, self.start_time, self.end_time, self.team, self.visit_type,
            self.officers.edit, self.officers.chosen, self.place, self.attendees, self.add_attendee, self.notes,
            self.policy_picker.edit, self.policies, self.follow_up, self.follow_up_date, self.new_issue_category,
            self.new_issue_title, self.new_issue_desc, self.add_issue, self.issues, self.attachments, self.add_files,
            self.save_button, self.close_button, self.finish_button,
        ]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def _amend_mode(self) -> None:
        """Correcting a finished visit: a reason first, no drafts; 保存更正 writes the amendments."""
        self.title.setText(self.tr("更正走访记录"))
        self.hint.setText(self.tr("每处更正连同原因记入修改记录 · 下面加的诉求、照片是当时漏记的 · Ctrl+Enter 保存 · Esc 取消"))
        row = FieldWithError("reason", self.reason, self.reason)
        self.row_errors["reason"] = row.error
        self.row_focus["reason"] = self.reason
        self.form_layout.insertRow(0, self.tr("更正原因 *"), row)
        self.save_button.hide()
        self.close_button.setText(self.tr("取消 (Esc)"))
        self.finish_button.setText(self.tr("保存更正 (Ctrl+Enter)"))
        QWidget.setTabOrder(self.reason, self.enterprise_picker.edit)

    # ---- searching (pickers) -------------------------------------------------------------------------------
    def _find_enterprises(self, text: str) -> list[tuple[str, str]]:  # runs off the GUI thread
        return self.controller.find_enterprises(text)

    def _find_officers(self, text: str) -> list[tuple[str, str]]:
        return self.controller.find_officers(text, set(self._team_members), self._member_mark)

    def _find_policies(self, text: str) -> list[tuple[str, str]]:
        chosen = {self.policies.value(r, 0) for r in range(self.policies.rowCount())}
        return self.controller.find_policies(text, chosen, self._expired_mark)

    # ---- editing -----------------------------------------------------------------------------------------
    def on_edited(self, *_args) -> None:
        if not self._loading and not self._busy and self.amend_of is None:
            self.autosave.start()

    def on_enterprise_picked(self, eid: str, label: str) -> None:
        self.set_enterprise(eid, label)
        self.on_edited()
        self.visit_date.setFocus()

    def set_enterprise(self, eid: str, label: str | None = None) -> None:
        """Choose the enterprise now; its address and contact follow from a read (`enterprise_loaded`)."""
        self.enterprise_picker.set_choice(eid, label or "")
        controller = self.controller
        self.ctx.tasks.read(lambda: controller.enterprise(eid), lambda d: self.show_enterprise(eid, label, d),
                            key=f"visit-editor-enterprise-{id(self)}", on_error=lambda _e: self.on_enterprise_gone(eid),
                            parent=self)

    def on_enterprise_gone(self, eid: str) -> None:
        """The enterprise is gone (deleted elsewhere): pick again."""
        if self.enterprise_id != eid:
            return
        self.enterprise_picker.set_choice("", "")
        self.enterprise_info.clear()
        self.enterprise_info.hide()
        self.enterprise_loaded.emit()

    def show_enterprise(self, eid: str, label: str | None, d) -> None:
        if self.enterprise_id != eid:  # another one was chosen meanwhile
            return
        previous_address = self._enterprise_address
        f = d.form
        self.enterprise_picker.set_choice(eid, label or f"{f.name} · {f.township}")
        contact = " ".join(x for x in (f.contact_person, f.contact_phone) if x)
        self.enterprise_info.setText(" · ".join(x for x in (f.address, contact) if x))
        self.enterprise_info.setVisible(bool(self.enterprise_info.text()))
        self._enterprise_address = f.address
        prefill = self.amend_of is None  # a correction keeps the place recorded unless the officer changes it
        if prefill and (not self.place.text().strip() or self.place.text() == previous_address):
            self.place.setText(f.address)
        self.enterprise_loaded.emit()

    @property
    def enterprise_id(self) -> str:
        choice = self.enterprise_picker.choice()
        return choice[0] if choice else ""

    def on_team_changed(self, *_args) -> None:
        """The officer picker lists the team's members first, once they are read."""
        tid = self.team.currentData() or ""
        controller = self.controller
        self.ctx.tasks.read(lambda: controller.team_members(tid), lambda ids: self.show_team_members(tid, ids),
                            key=f"visit-editor-team-{id(self)}", on_error=lambda _e: self.show_team_members(tid, set()),
                            parent=self)
        self.on_edited()

    def show_team_members(self, team_id: str, members: set[str]) -> None:
        if team_id != (self.team.currentData() or ""):
            return
        self._team_members = members
        if self.officers.picker.is_open():
            self.officers.picker.run_search()
        self.members_loaded.emit()

    def on_insert_attendee(self) -> None:
        r = self.add_attendee_row(AttendeeForm())
        self.attendees.setFocus()
        self.attendees.setCurrentCell(r, 0)
        self.attendees.editItem(self.attendees.item(r, 0))

    def add_attendee_row(self, a: AttendeeForm) -> int:
        r = self.attendees.rowCount()
        self.attendees.insertRow(r)
        for c, v in enumerate((a.name, a.title, a.phone)):
            self.attendees.setItem(r, c, table_item(v))
        return r

    def add_policy(self, p: BriefedPolicy, label: str) -> None:
        if any(self.policies.value(r, 0) == p.policy_id for r in range(self.policies.rowCount())):
            return
        r = self.policies.rowCount()
        self.policies.insertRow(r)
        self.policies.setItem(r, 0, table_item(label, p.policy_id, editable=False))
        delegate = self.policies.itemDelegateForColumn(1)
        assert isinstance(delegate, ChoiceDelegate)
        self.policies.setItem(r, 1, table_item(delegate.label_of(p.qualifies), p.qualifies))
        self.policies.setItem(r, 2, table_item(p.note))
        self.on_edited()

    def on_new_issue_category(self, *_args) -> None:
        team = self.suggested.get(self.new_issue_category.currentData() or "", "")
        self.new_issue_team.setText(self.tr("→ 建议交 {team}").format(team=team) if team else "")

    def focus_issue_line(self) -> None:
        self.new_issue_category.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.scroll.ensureWidgetVisible(self.issues)

    def _quick_issue(self) -> RaisedIssue | None:
        x = RaisedIssue(self.new_issue_category.currentData() or "", self.new_issue_title.text().strip(),
                        self.new_issue_desc.text().strip())
        return x if (x.title or x.description) else None

    def on_add_issue(self) -> None:
        x = self._quick_issue()
        if x is None:
            self.new_issue_title.setFocus()
            return
        self.add_issue_row(x)
        self.new_issue_title.clear()
        self.new_issue_desc.clear()
        self.new_issue_category.setCurrentIndex(0)
        self.new_issue_category.setFocus()

    def add_issue_row(self, x: RaisedIssue) -> None:
        r = self.issues.rowCount()
        self.issues.blockSignals(True)
        self.issues.insertRow(r)
        label = next((lbl for v, lbl in self.category_choices if v == x.category_id and v), "")
        self.issues.setItem(r, 0, table_item(label, x.category_id))
        self.issues.setItem(r, 1, table_item(x.title))
        self.issues.setItem(r, 2, table_item(x.description))
        self.issues.setItem(r, 3, table_item(self.suggested.get(x.category_id, ""), editable=False))
        self.issues.blockSignals(False)
        self.show_issue_row(r)
        self.on_edited()

    def show_issue_row(self, r: int) -> None:
        """Bring a just-added issue into sight: the table grows with its rows (up to 8) and scrolls to
        it; once the form's layout has followed the growth, the form scrolls to it too."""
        self.issues.visible_rows(min(max(3, self.issues.rowCount()), 8))
        QTimer.singleShot(0, self, lambda: self._scroll_to_issue(r))

    def _scroll_to_issue(self, r: int) -> None:
        item = self.issues.item(r, 1)
        if item is None:
            return
        self.issues.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)
        rect = self.issues.visualItemRect(item)
        centre = self.issues.viewport().mapTo(self.scroll.widget(), rect.center())
        self.scroll.ensureVisible(centre.x(), centre.y(), 0, rect.height())

    def on_issue_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:  # the category changed: show the team it suggests
            other = self.issues.item(item.row(), 3)
            team = self.suggested.get(item.data(Qt.ItemDataRole.UserRole) or "", "")
            if other is not None and other.text() != team:
                other.setText(team)

    def on_add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择照片或文件"), "",
            self.tr("照片和文档 (*.jpg *.jpeg *.png *.heic *.bmp *.pdf *.doc *.docx *.xls *.xlsx *.txt);;所有文件 (*)"))
        self.add_attachment_paths(paths)

    def add_attachment_paths(self, paths: list[str]) -> None:
        have = set(self.attachment_paths())
        for p in paths:
            if p in have:
                continue
            item = QListWidgetItem(Path(p).name)
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            if not Path(p).exists():
                item.setText(self.tr("{name}(文件不在了)").format(name=Path(p).name))
                item.setForeground(Qt.GlobalColor.red)
            self.attachments.addItem(item)
        if paths:
            self.on_edited()

    def attachment_paths(self) -> list[str]:
        return [self.attachments.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.attachments.count())]

    def eventFilter(self, obj, event) -> bool:
        if obj is self.attachments and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Delete and self.attachments.currentRow() >= 0:
                self.attachments.takeItem(self.attachments.currentRow())
                self.on_edited()
                return True
        return super().eventFilter(obj, event)

    # ---- the form ---------------------------------------------------------------------------------------
    def set_form(self, f: VisitForm) -> None:
        loading, self._loading = self._loading, True
        if f.enterprise_id:
            self.set_enterprise(f.enterprise_id)
        self.visit_date.setDate(qdate(f.visit_date or date.today()))
        start, end = default_times(datetime.now())
        self.start_time.setTime(QTime(*((f.start_time or start).hour, (f.start_time or start).minute)))
        self.end_time.setTime(QTime(*((f.end_time or end).hour, (f.end_time or end).minute)))
        team_id = f.team_id or Settings(self.ctx.settings).get(LAST_TEAM)
        index = self.team.findData(team_id)
        if index < 0:
            index = next((i for i, t in enumerate(self.teams) if t.kind is not TeamKind.COMBINED), 0)
        self.team.setCurrentIndex(index)
        self.on_team_changed()
        if f.officer_ids:
            names = self.choices.officer_labels
            self.officers.set_items([(oid, names.get(oid, oid)) for oid in f.officer_ids])
        self.visit_type.setCurrentIndex(max(0, self.visit_type.findData(f.visit_type)))
        if f.place:
            self.place.setText(f.place)
        for a in f.attendees:
            self.add_attendee_row(a)
        self.notes.setPlainText(f.notes)
        if f.policies:
            titles = self.choices.policy_labels
            for p in f.policies:
                self.add_policy(p, titles.get(p.policy_id, p.policy_id))
        self.follow_up.setChecked(f.follow_up_date is not None)
        self.follow_up_date.setDate(qdate(f.follow_up_date or (f.visit_date or date.today())).addDays(
            0 if f.follow_up_date else 30))
        for x in f.issues:
            self.add_issue_row(x)
        self.add_attachment_paths(f.attachment_paths)
        self._loading = loading

    def form(self) -> VisitForm:
        """Everything on screen, including an issue typed on the quick line but not yet added."""
        a, p, i = self.attendees, self.policies, self.issues
        issues = [RaisedIssue(i.value(r, 0), i.text(r, 1), i.text(r, 2)) for r in range(i.rowCount())]
        quick = self._quick_issue()
        if quick is not None:
            issues.append(quick)
        return VisitForm(
            enterprise_id=self.enterprise_id, visit_date=self.visit_date.date().toPython(),
            start_time=self.start_time.time().toPython(), end_time=self.end_time.time().toPython(),
            team_id=self.team.currentData() or "", officer_ids=self.officers.ids(),
            visit_type=self.visit_type.currentData(), place=self.place.text(),
            attendees=[AttendeeForm(a.text(r, 0), a.text(r, 1), a.text(r, 2)) for r in range(a.rowCount())],
            notes=self.notes.toPlainText(),
            policies=[BriefedPolicy(p.value(r, 0), p.value(r, 1) or "unknown", p.text(r, 2)) for r in range(p.rowCount())],
            follow_up_date=self.follow_up_date.date().toPython() if self.follow_up.isChecked() else None,
            issues=issues, attachment_paths=self.attachment_paths(),
        )

    def has_content(self) -> bool:
        f = self.form()
        return bool(f.enterprise_id or f.notes.strip() or f.issues or f.attendees or f.policies or f.officer_ids
                    or f.attachment_paths)

    # ---- saving ----------------------------------------------------------------------------------------
    @property
    def draft_id(self) -> str | None:
        """The draft this editor writes (None until its first save has run)."""
        return self._draft.id

    def save_draft(self) -> None:
        """Queue the whole form as the draft, on the write worker (after any write before it)."""
        if self._busy or self.amend_of is not None:
            return
        self.autosave.stop()
        self.ctx.tasks.write(self.controller.save_draft_job(self.form(), self._draft), self.on_draft_saved,
                             on_error=self.on_draft_failed, changes=NOTHING, parent=self,
                             label="save draft")  # a draft is shown only by the visits page, on closing

    def on_draft_saved(self, draft_id: str) -> None:
        self.saved_label.setStyleSheet("color: #2e6b30;")
        self.saved_label.setText(self.tr("草稿已保存 {time}").format(time=datetime.now().strftime("%H:%M:%S")))
        self.draft_saved.emit(draft_id)

    def on_draft_failed(self, exc: Exception) -> None:
        """Disk full, database locked...: say so, keep the text on screen."""
        self.saved_label.setStyleSheet(ERROR_STYLE)
        self.saved_label.setText(self.tr("草稿未能保存:{error}").format(error=self.ctx.message(exc)))

    def flush(self) -> None:
        """Write a pending draft now (leaving, hiding, closing the window). Every edit starts the
        autosave timer, so a stopped timer means everything typed is already on disk."""
        if self.autosave.isActive() and not self._busy:
            self.save_draft()

    def on_close(self) -> None:
        if self._busy:
            return
        self.flush()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.on_close()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    # ---- finishing -----------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for label in self.row_errors.values():
            label.clear()
            label.hide()
        self.general_error.hide()

    def show_errors(self, exc: ValidationError) -> None:
        self.clear_errors()
        placed, general = problems_by_row(exc, self.ctx.lang)
        for text in general:
            self.general_error.setText(text)
            self.general_error.show()
        first: str | None = None
        for key, text in placed:
            row = self.row_errors[key].parentWidget()
            assert isinstance(row, FieldWithError)
            row.add_error(text)
            first = first or key
        if first:
            self.general_error.setText(self.tr("有 {n} 处需要补充或改正,见红字。").format(n=len(exc.problems)))
            self.general_error.show()
            widget = self.row_focus[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(self.row_errors[first].parentWidget(), 20, 40)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.scroll.setEnabled(not busy)
        for b in (self.save_button, self.close_button, self.finish_button):
            b.setEnabled(not busy)
        self.busy.setVisible(busy)
        if busy:
            self.saved_label.setText(self.tr("正在保存走访和附件…"))
        self.busy_changed.emit(busy)

    def on_finish(self) -> None:
        if self._busy:
            return
        self.autosave.stop()
        self.clear_errors()
        if self.amend_of is not None:
            self.on_save_amendment()
            return
        if self.has_content():
            self.save_draft()  # whatever happens next, what was typed is on disk
        form = self.form()
        try:
            self.controller.check(form)
        except ValidationError as exc:
            self.show_errors(exc)
            return
        job = self.controller.finish_job(form, self._draft)
        self.set_busy(True)
        # a write: on the one write worker (after any draft save still running), never beside another write;
        # the visits page tells the other pages (finished -> data_changed), so the runner refreshes none
        self.ctx.tasks.write(job, self.on_finished, on_error=self.on_finish_failed, changes=NOTHING,
                             label="finish visit")

    def on_save_amendment(self) -> None:
        """The service checks the corrected form (the changed fields with the form's rules) and refuses it whole."""
        assert self.amend_of is not None
        reason = self.reason.text().strip()
        if not reason:
            self.show_errors(ValidationError([FieldProblem("reason", Message("请说明更正原因。",
                                                                             "Say why the record is corrected."))]))
            return
        self.set_busy(True)
        self.ctx.tasks.write(self.controller.amend_job(self.amend_of, self.form(), reason), self.on_finished,
                             on_error=self.on_finish_failed, changes=NOTHING, label="amend visit")

    def on_finished(self, visit_id: str) -> None:
        self.set_busy(False)
        self.autosave.stop()
        Settings(self.ctx.settings).set(LAST_TEAM, self.team.currentData() or "")
        self.saved_label.setText(self.tr("走访已完成"))
        self.finished.emit(visit_id)

    def on_finish_failed(self, exc: Exception) -> None:
        self.set_busy(False)
        self.saved_label.setText("")
        if isinstance(exc, ValidationError):
            self.show_errors(exc)
        else:
            self.general_error.setText(self.ctx.message(exc))
            self.general_error.show()
