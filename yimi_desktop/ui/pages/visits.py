"""走访: finished visits (a lazy list with a search box) and the selected visit's record on the right;
drafts waiting to be finished in a banner above; the editor to record a new visit in place of the list.

Keyboard: Ctrl+N new visit, Ctrl+F search (Esc clears), F2 amend the selected visit, Enter on a draft continues it.
`open_with({"new_for_enterprise": id})` starts a visit for that enterprise (the enterprise page);
`open_with(visit_id)` selects that visit; `open_with(VisitQuery)` shows those visits (the dashboard's 本月走访).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSplitter,
    QStackedWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from ...domain.clock import local
from ...domain import pinyin
from ...domain.visits import VisitForm
from ...domain.vocabulary import TOWNSHIPS
from ...services.issues import IssueRow
from ...services.visits import DraftInfo, VisitDetail, VisitQuery, VisitRow
from ..context import UiContext
from .page_services import VisitsServices
from ..dialogs.amend_dialog import AmendDialog, history_label, shown_value
from ..dialogs.void_dialog import VoidDialog
from ..models.visit_model import VisitTableModel
from ..report_actions import ReportSaver
from ..operations import ISSUE, NOTHING, VISIT, Changes
from ..visit_editor import VisitEditor
from ..visit_editor.controller import EditorChoices, VisitEditorController
from ..widgets.visit_filters import VisitFilterBar, VisitFilterChoices
from .list_detail import ListDetailPage


class DraftsBanner(QFrame):
    """有 N 份未完成的走访草稿: the drafts, newest first, with 继续 and 删除."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("draftBanner")
        self.setStyleSheet("QFrame#draftBanner { background: #fff3d6; border: 1px solid #e9c46a; border-radius: 4px; }")
        self.text = QLabel()
        self.text.setStyleSheet("color: #6b4200; font-weight: bold;")
        self.list = QListWidget()
        self.list.setObjectName("draftList")
        self.continue_button = QPushButton(self.tr("继续草稿"))
        self.continue_button.setToolTip(self.tr("或在草稿上按 Enter"))
        self.discard_button = QPushButton(self.tr("删除草稿"))
        side = QVBoxLayout()
        side.addWidget(self.continue_button)
        side.addWidget(self.discard_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        col = QVBoxLayout(self)
        col.setContentsMargins(8, 6, 8, 6)
        col.setSpacing(4)
        col.addWidget(self.text)
        col.addLayout(row)

    def set_drafts(self, drafts: list[DraftInfo]) -> None:
        current = self.selected()
        self.list.clear()
        for d in drafts:
            item = QListWidgetItem(self.tr("{title} · 走访 {day} · 最后保存 {time}").format(
                title=d.title or self.tr("(未选企业)"), day=d.visit_date.isoformat() if d.visit_date else "—",
                time=local(d.updated_at).strftime("%m-%d %H:%M")) + (f" · {d.snippet}" if d.snippet else ""))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.list.addItem(item)
            if d.id == current:
                self.list.setCurrentItem(item)
        if drafts and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.list.setFixedHeight(min(3, max(1, len(drafts))) * 22 + 6)
        self.text.setText(self.tr("有 {n} 份未完成的走访草稿,可以继续填写。").format(n=len(drafts)))
        self.setVisible(bool(drafts))

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class VisitsPage(ListDetailPage):
    results_loaded = Signal()
    detail_loaded = Signal()

    def __init__(self, ctx: UiContext, svc: VisitsServices, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.svc = svc  # the services this page uses (page_services.py), not the whole locator
        title = QLabel(self.tr("走访"))
        title.setObjectName("pageTitle")
        self.count = QLabel()
        self.new_button = QPushButton(self.tr("新建走访 (Ctrl+N)"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.amend_button = QPushButton(self.tr("修改记录 (F2)"))
        self.amend_button.setShortcut(QKeySequence("F2"))
        self.amend_button.setToolTip(self.tr("改一项:记录、地点、时间、类型、回访日期"))
        self.correct_button = QPushButton(self.tr("更正 (Ctrl+E)"))
        self.correct_button.setShortcut(QKeySequence("Ctrl+E"))
        self.correct_button.setToolTip(self.tr("在走访表中更正任何内容(企业、日期、人员、政策、参加人员),补记诉求或照片"))
        self.void_button = QPushButton(self.tr("作废…"))
        self.void_button.setToolTip(self.tr("录错的走访:作废后不再出现在列表和报表中,保留在历史里"))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.count)
        head.addStretch(1)
        self.pdf_button = QPushButton(self.tr("打印走访记录表"))
        self.pdf_button.setToolTip(self.tr("生成所选走访的记录表PDF,供企业签字"))
        head.addWidget(self.pdf_button)
        self.verify_button = QPushButton(self.tr("核验纸质记录"))  # scan a printed record's QR: is the paper genuine?
        self.verify_button.setToolTip(self.tr("扫描或粘贴走访记录表上的二维码，核对纸面与库中记录是否一致"))
        head.addWidget(self.verify_button)
        head.addWidget(self.amend_button)
        head.addWidget(self.correct_button)
        head.addWidget(self.void_button)
        head.addWidget(self.new_button)
        self.reports = ReportSaver(ctx, self)

        self.drafts = DraftsBanner()
        self.drafts.hide()
        self.search.setPlaceholderText(self.tr("搜索企业:名称、拼音或首字母 (Ctrl+F)"))
        self.filters = VisitFilterBar()

        model = VisitTableModel(svc.visits, ctx.lang, parent=self)
        model.use_operations(self.ctx.tasks)  # rows beyond the first chunk are read off the GUI thread
        self.setup_table("visitTable", model, model.visit_id)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((86, 190, 62, 124, 84, 100, 52)):
            self.table.setColumnWidth(column, width)
        self.detail = QTextBrowser()
        self.detail.setObjectName("visitDetail")
        self.detail.setOpenLinks(False)
        self.detail_id: str | None = None
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([740, 384])

        list_page = QWidget()
        col = QVBoxLayout(list_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(head)
        col.addWidget(self.drafts)
        col.addWidget(self.search)
        col.addWidget(self.filters)
        col.addWidget(self.error_line)
        col.addWidget(splitter, 1)
        self.list_page = list_page
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.editor: VisitEditor | None = None
        self.editor_controller = VisitEditorController(svc)
        self.editor_choices: EditorChoices | None = None  # read with the filter choices; the editor opens on them
        self._open_when_ready: tuple[VisitForm, str | None, str | None, bool] | None = None

        self.filters.changed.connect(self.run_query)
        self.new_button.clicked.connect(lambda: self.new_visit())
        self.amend_button.clicked.connect(self.on_amend)
        self.correct_button.clicked.connect(self.on_correct)
        self.void_button.clicked.connect(self.on_void)
        self.pdf_button.clicked.connect(self.on_pdf)
        self.verify_button.clicked.connect(self.on_verify_paper)
        self.drafts.continue_button.clicked.connect(self.on_continue_draft)
        self.drafts.list.itemActivated.connect(lambda _i: self.on_continue_draft())
        self.drafts.discard_button.clicked.connect(self.on_discard_draft)
        self.detail.anchorClicked.connect(self.on_link)
        self.refresh()

    # ---- the list ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.load_choices()
        self.run_query()

    def load_choices(self) -> None:
        """Teams, officers and townships for the filter bar and what the visit editor offers, read off
        the GUI thread."""
        svc, editor = self.svc, self.editor_controller

        def load() -> tuple[VisitFilterChoices, EditorChoices]:
            found = set(svc.enterprises.townships())
            townships = [t for t in TOWNSHIPS if t in found] + sorted(found.difference(TOWNSHIPS),
                                                                      key=pinyin.sort_key)
            choices = editor.load_choices()
            return VisitFilterChoices([(t.id, t.name) for t in choices.teams],
                                      [(o.id, o.name) for o in svc.officers.list()], townships), choices

        self.ctx.tasks.submit(load, self.show_choices, self.on_load_failed, key=f"visit-filters-{id(self)}")

    def show_choices(self, result: tuple[VisitFilterChoices, EditorChoices]) -> None:
        filters, self.editor_choices = result
        self.filters.set_choices(filters)
        if self._open_when_ready is not None:
            (form, draft_id, enterprise_id, default_officer), self._open_when_ready = self._open_when_ready, None
            self.open_editor(form, draft_id, enterprise_id, default_officer)

    def current_query(self) -> VisitQuery:
        return self.filters.query(self.search.text())

    def run_query(self) -> None:
        self._timer.stop()
        svc = self.svc.visits
        query = self.current_query()
        chunk = self.model.chunk_size

        def load() -> tuple[list[str], list[VisitRow], list[DraftInfo]]:
            ids = svc.ids(query)
            return ids, svc.rows(ids[:chunk]), svc.drafts()

        self.ctx.tasks.submit(load, self.show_rows, self.on_load_failed, key=f"visits-{id(self)}")

    def show_rows(self, result: tuple[list[str], list[VisitRow], list[DraftInfo]]) -> None:
        ids, first_rows, drafts = result
        self.clear_error()
        with self.resetting():
            self.model.set_ids(ids, first_rows)
        self.count.setText(self.tr("共 {n} 次").format(n=f"{len(ids):,}"))
        self.reselect(first_if_missing=True)
        self.drafts.set_drafts(drafts)
        self.results_loaded.emit()

    def on_load_failed(self, exc: Exception) -> None:
        self.show_error(self.ctx.message(exc))

    # ---- the selected visit -------------------------------------------------------------------------------
    def load_detail(self, visit_id: str | None) -> None:
        if visit_id is None:
            self.show_detail(None)
            return
        svc = self.svc

        def load() -> tuple[VisitDetail, list[IssueRow]]:
            d = svc.visits.get(visit_id)
            return d, svc.issues.rows(d.issue_ids)

        self.ctx.tasks.submit(load, self.show_detail, self.on_detail_failed, key=f"visit-detail-{id(self)}")

    def show_detail(self, result: tuple[VisitDetail, list[IssueRow]] | None) -> None:
        if result is None:
            self.detail_id = None
            nothing = self.tr("没有选中的走访。")  # tr() outside the f-string: lupdate does not look inside one
            self.detail.setHtml(f"<p style='color:#777'>{escape(nothing)}</p>")
        else:
            d, issues = result
            self.detail_id = d.row.id
            self.detail.setHtml(self.detail_html(d, issues))
        for button in (self.amend_button, self.correct_button, self.void_button):
            button.setEnabled(self.detail_id is not None)
        self.pdf_button.setEnabled(self.detail_id is not None)
        self.detail_loaded.emit()

    def on_detail_failed(self, exc: Exception) -> None:
        self.detail_id = None
        self.detail.setPlainText(self.ctx.message(exc))

    def detail_html(self, d: VisitDetail, issues: list[IssueRow]) -> str:
        lang, e, r = self.ctx.lang, escape, d.row
        when = r.visit_date.isoformat()
        if d.start_time:
            when += f" {d.start_time:%H:%M}" + (f"–{d.end_time:%H:%M}" if d.end_time else "")
        qualifies = {"yes": self.tr("符合"), "no": self.tr("不符合"), "unknown": self.tr("待核实")}
        # captions first: lupdate does not find tr() calls inside f-strings (they stayed Chinese in English)
        cap = {"none": self.tr("无"), "team": self.tr("团队"), "officers": self.tr("走访人员"), "place": self.tr("地点"),
               "attendees": self.tr("企业参加人员"), "follow_up": self.tr("约定回访"), "reason": self.tr("原因")}
        none = f"<span style='color:#999'>{e(cap['none'])}</span>"

        def section(title: str, body: str) -> str:
            return f"<h3 style='margin-bottom:2px'>{e(title)}</h3>{body}"

        def items(lines: list[str]) -> str:
            return "<ul style='margin-top:0'>" + "".join(f"<li>{x}</li>" for x in lines) + "</ul>" if lines else none

        parts = [
            f"<h2 style='margin-bottom:2px'><a href='enterprise:{e(r.enterprise_id)}'>{e(r.enterprise)}</a></h2>",
            f"<p style='margin-top:0;color:#555'>{e(r.township)} · {e(when)} · {e(r.visit_type.label(lang))} · "
            f"{e(r.record_no)}</p>",
            "<table cellspacing='0' cellpadding='2'>",
            f"<tr><td><b>{e(cap['team'])}</b></td><td>{e(r.team)}</td></tr>",
            f"<tr><td><b>{e(cap['officers'])}</b></td><td>{e('、'.join(n for _, n in d.officers))}</td></tr>",
            f"<tr><td><b>{e(cap['place'])}</b></td><td>{e(d.place) or none}</td></tr>",
            f"<tr><td><b>{e(cap['attendees'])}</b></td><td>"
            + ("、".join(e(" ".join(x for x in (n, t, p) if x)) for n, t, p in d.attendees) or none) + "</td></tr>",
            f"<tr><td><b>{e(cap['follow_up'])}</b></td><td>"
            + (d.follow_up_date.isoformat() if d.follow_up_date else none) + "</td></tr>",
            "</table>",
            section(self.tr("走访记录"), f"<p style='margin-top:0'>{e(d.notes).replace(chr(10), '<br>') or none}</p>"),
            section(self.tr("宣讲政策"), items([
                f"{e(t)} — <b>{e(qualifies.get(q, q))}</b>" + (f" · {e(n)}" if n else "") for _, t, q, n in d.policies])),
            section(self.tr("企业诉求"), items([
                f"<a href='issue:{e(i.id)}'>{e(i.title)}</a> · {e(i.category)} · <b>{e(i.status.label(lang))}</b>"
                + (f" · {e(i.team)}" if i.team else "") for i in issues])),
            section(self.tr("照片和附件"), items([
                f"{e(name)} <span style='color:#777'>({max(1, size // 1024):,} KB)</span>"
                for _, name, _, size, _ in d.attachments])),
        ]
        if d.amendments:
            lines = []
            for a in d.amendments:
                who = a.author or self.tr("设备 {device}").format(device=a.device_id[:8])
                old, new = shown_value(a.field, a.old_value, lang), shown_value(a.field, a.new_value, lang)
                lines.append(
                    f"{local(a.at):%Y-%m-%d %H:%M} · {e(who)} · {e(history_label(a.field, lang))}:"
                    f"“{e(old[:60])}” → “{e(new[:60])}”<br><span style='color:#555'>"
                    f"{e(cap['reason'])}:{e(a.reason)}</span>")
            parts.append(section(self.tr("修改记录"), items(lines)))
        return "".join(parts)

    def on_link(self, url: QUrl) -> None:
        kind, _, rid = url.toString().partition(":")
        if kind == "enterprise":
            self.open_requested.emit("enterprises", rid)
        elif kind == "issue":
            self.open_requested.emit("issues", rid)

    # ---- the editor --------------------------------------------------------------------------------------
    def new_visit(self, enterprise_id: str | None = None) -> VisitEditor | None:
        """A new visit (for `enterprise_id`), by this laptop's officer; None while what the editor offers
        is still being read (it opens when it is)."""
        me = self.editor_choices.me if self.editor_choices else None
        return self.open_editor(VisitForm(officer_ids=[me] if me else []), None, enterprise_id,
                                default_officer=self.editor_choices is None)

    def open_editor(self, form: VisitForm, draft_id: str | None = None, enterprise_id: str | None = None,
                    default_officer: bool = False, amend_of: str | None = None) -> VisitEditor | None:
        self.close_editor()
        choices = self.editor_choices
        if choices is None:
            if amend_of is None:
                self._open_when_ready = (form, draft_id, enterprise_id, default_officer)
            return None
        if default_officer and choices.me and not form.officer_ids:
            form.officer_ids = [choices.me]
        editor = VisitEditor(self.ctx, self.editor_controller, choices, form, draft_id, self, amend_of=amend_of)
        editor.finished.connect(self.on_editor_finished)
        editor.closed.connect(self.on_editor_closed)
        self.editor = editor
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        editor.enterprise_picker.setFocus()
        if enterprise_id:
            editor.set_enterprise(enterprise_id)
            editor.visit_date.setFocus()
        return editor

    def close_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            editor.flush()  # nothing typed is lost, even when another visit is started over it
            self.stack.removeWidget(editor)
            editor.deleteLater()
        self.stack.setCurrentWidget(self.list_page)

    def on_editor_finished(self, visit_id: str) -> None:
        self.close_editor()
        self.select_when_loaded(visit_id)
        self.set_search_quietly("")
        self.filters.set_query(VisitQuery())
        self.refresh()
        self.table.setFocus()
        self.data_changed.emit()

    def on_editor_closed(self) -> None:
        self.close_editor()
        self.refresh()
        self.table.setFocus()

    def on_continue_draft(self) -> None:
        did = self.drafts.selected()
        if not did:
            return
        visits = self.svc.visits

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, self.tr("继续草稿"), self.ctx.message(exc))
            self.refresh()

        self.ctx.tasks.read(lambda: visits.load_draft(did), lambda form: self.open_editor(form, did),
                            key=f"visit-draft-{id(self)}", on_error=failed, parent=self)

    def on_discard_draft(self) -> None:
        did = self.drafts.selected()
        if not did:
            return
        answer = QMessageBox.question(self, self.tr("删除草稿"), self.tr("确定删除这份草稿吗?删除后无法恢复。"),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            visits = self.svc.visits
            self.ctx.tasks.write(lambda: visits.discard_draft(did), lambda _r: self.refresh(), changes=NOTHING,
                                 parent=self, disable=[self.drafts.discard_button], label="discard draft")

    # ---- printing and amendments ---------------------------------------------------------------------------------
    def on_verify_paper(self) -> None:
        from ..dialogs.verify_dialog import VerifyDialog

        self.verify_dialog = VerifyDialog(self.ctx, self.svc.reports.verify_paper, self)
        self.verify_dialog.show()

    def on_pdf(self) -> None:
        vid = self.current_id()
        v = self.model.row(self.model.row_of(vid)) if vid else None
        if v is None:
            return
        svc, lang = self.svc.reports, self.ctx.lang
        self.reports.save(svc.default_name("visit_record", v.enterprise, v.visit_date, lang),
                          lambda dest: svc.visit_record(v.id, dest, lang))

    def on_amend(self) -> None:
        vid = self.current_id()
        if vid is None:
            return
        svc = self.svc

        def load() -> tuple[VisitDetail, str | None]:
            device = svc.devices.info()
            return svc.visits.get(vid), device.officer_id if device else None

        def show(result: tuple[VisitDetail, str | None]) -> None:
            detail, author = result
            self.open_dialog(AmendDialog(self.ctx, svc.visits, detail, author, self), self.on_amended)

        self.ctx.tasks.read(load, show, key=f"visit-amend-{id(self)}", on_error=self.on_load_failed, parent=self)

    def on_correct(self) -> None:
        """更正: the whole visit in the editor; every field changed is one amendment with the reason."""
        vid = self.current_id()
        if vid is None:
            return
        visits = self.svc.visits
        self.ctx.tasks.read(lambda: visits.form_of(vid), lambda form: self.open_editor(form, amend_of=vid),
                            key=f"visit-correct-{id(self)}", on_error=self.on_load_failed, parent=self)

    def on_void(self) -> None:
        vid = self.current_id()
        row = self.model.row(self.model.row_of(vid)) if vid else None
        if vid is None or row is None:
            return
        svc = self.svc

        def void(reason: str) -> None:
            device = svc.devices.info()
            svc.visits.void(vid, reason, device.officer_id if device else None)

        what = f"{row.visit_date.isoformat()} {row.enterprise}"
        self.open_dialog(VoidDialog(self.ctx, self.tr("作废走访"), what, void, Changes.of(VISIT, ISSUE), self),
                         self.refresh)

    def on_amended(self) -> None:
        self.load_detail(self.current_id())  # the other pages showing visits refresh on the write's Changes

    # ---- requests from other pages -------------------------------------------------------------------------
    def open_with(self, payload: object) -> None:
        if isinstance(payload, dict) and payload.get("new_for_enterprise"):
            self.new_visit(str(payload["new_for_enterprise"]))
        elif isinstance(payload, VisitQuery):
            if self.editor is not None:
                self.close_editor()
            self.set_search_quietly(payload.text)
            self.filters.set_query(payload)
            self.run_query()
        elif isinstance(payload, str) and payload:
            if self.editor is not None:
                self.close_editor()
            if self.select_id(payload):
                return
            self.select_when_loaded(payload)
            self.set_search_quietly("")
            self.filters.set_query(VisitQuery())
            self.run_query()
