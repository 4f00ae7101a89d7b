"""走访: finished visits, drafts waiting to be finished, and the editor to record a new one."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
    QSplitter, QStackedWidget, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from ...domain.visits import VisitForm
from ...services.visits import DraftInfo, VisitDetail, VisitQuery, VisitRow
from ..context import UiContext
from ..dialogs.amend_dialog import AmendDialog
from ..models.simple import RowsTableModel
from ..report_actions import ReportSaver
from ..visit_form import VisitEditor
from .base import Page

LIST_LIMIT = 2000


class VisitsPage(Page):
    results_loaded = Signal()

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        lang = ctx.lang
        title = QLabel(self.tr("走访"))
        title.setObjectName("pageTitle")
        self.count = QLabel()
        self.new_button = QPushButton(self.tr("新建走访"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.new_button.setToolTip(self.tr("新建走访 (Ctrl+N)"))
        self.amend_button = QPushButton(self.tr("修改记录"))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.count)
        head.addStretch(1)
        self.pdf_button = QPushButton(self.tr("打印走访记录表"))
        self.pdf_button.setToolTip(self.tr("生成所选走访的记录表PDF,供企业签字"))
        head.addWidget(self.pdf_button)
        head.addWidget(self.amend_button)
        head.addWidget(self.new_button)
        self.reports = ReportSaver(ctx, self)
        self.pdf_button.clicked.connect(self.on_pdf)

        self.draft_banner = QLabel()
        self.draft_banner.setObjectName("draftBanner")
        self.draft_banner.setStyleSheet("background:#fff3d6; color:#6b4200; padding:6px; font-weight:bold;")
        self.drafts = QListWidget()
        self.drafts.setMaximumHeight(90)
        self.continue_button = QPushButton(self.tr("继续填写草稿"))
        self.discard_button = QPushButton(self.tr("删除草稿"))
        drafts_row = QHBoxLayout()
        drafts_row.addWidget(self.drafts, 1)
        side = QVBoxLayout()
        side.addWidget(self.continue_button)
        side.addWidget(self.discard_button)
        side.addStretch(1)
        drafts_row.addLayout(side)
        self.drafts_box = QWidget()
        box_col = QVBoxLayout(self.drafts_box)
        box_col.setContentsMargins(0, 0, 0, 0)
        box_col.addWidget(self.draft_banner)
        box_col.addLayout(drafts_row)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("企业名称、拼音或首字母"))
        self.search.setClearButtonEnabled(True)
        self.model = RowsTableModel([
            (self.tr("日期"), lambda v: v.visit_date.isoformat()), (self.tr("企业"), lambda v: v.enterprise),
            (self.tr("乡镇"), lambda v: v.township), (self.tr("团队"), lambda v: v.team),
            (self.tr("类型"), lambda v: v.visit_type.label(lang)), (self.tr("走访人员"), lambda v: v.officers),
            (self.tr("诉求"), lambda v: v.issue_count), (self.tr("编号"), lambda v: v.record_no),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for column, width in enumerate((90, 230, 70, 150, 90, 120, 40)):
            self.table.setColumnWidth(column, width)
        self.detail = QTextBrowser()
        self.detail.setObjectName("visitDetail")
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([760, 460])

        list_page = QWidget()
        col = QVBoxLayout(list_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(head)
        col.addWidget(self.drafts_box)
        col.addWidget(self.search)
        col.addWidget(splitter, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.editor: VisitEditor | None = None

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self.load_detail(cur.row()))
        self.new_button.clicked.connect(lambda: self.open_editor(VisitForm()))
        self.amend_button.clicked.connect(self.on_amend)
        self.continue_button.clicked.connect(self.on_continue_draft)
        self.drafts.itemActivated.connect(lambda _i: self.on_continue_draft())
        self.discard_button.clicked.connect(self.on_discard_draft)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self._select_after: str | None = None
        self.refresh()

    # ---- lists ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        svc = self.ctx.services.visits
        text = self.search.text()
        self.ctx.tasks.submit(lambda: (svc.list(VisitQuery(text=text), limit=LIST_LIMIT), svc.drafts()),
                              self.show_rows, key="visits")

    def show_rows(self, result: tuple[list[VisitRow], list[DraftInfo]]) -> None:
        rows, drafts = result
        current = self.model.row_at(self.table.currentIndex().row())
        keep = self._select_after or (current.id if current else None)
        self._select_after = None
        self.model.set_rows(rows)
        self.count.setText(self.tr("最近 {n} 次").format(n=len(rows)) if len(rows) >= LIST_LIMIT
                           else self.tr("共 {n} 次").format(n=len(rows)))
        r = self.model.row_of(keep)
        self.table.selectRow(r if r >= 0 else 0)
        self.drafts.clear()
        for d in drafts:
            item = QListWidgetItem(self.tr("{title}(最后保存 {time})").format(
                title=d.title or self.tr("未选企业"), time=d.updated_at.strftime("%Y-%m-%d %H:%M")))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.drafts.addItem(item)
        self.drafts_box.setVisible(bool(drafts))
        self.draft_banner.setText(self.tr("有 {n} 份未完成的走访草稿,可以继续填写。").format(n=len(drafts)))
        if drafts:
            self.drafts.setCurrentRow(0)
        self.results_loaded.emit()

    def load_detail(self, row: int) -> None:
        v = self.model.row_at(row)
        if v is None:
            self.detail.clear()
            return
        svc = self.ctx.services
        self.ctx.tasks.submit(lambda: (svc.visits.get(v.id), svc.issues.rows(svc.visits.get(v.id).issue_ids)),
                              self.show_detail, key="visit-detail")

    def show_detail(self, result) -> None:
        d, issues = result
        self.detail.setHtml(self.detail_html(d, issues))

    def detail_html(self, d: VisitDetail, issues) -> str:
        lang = self.ctx.lang
        r = d.row
        e = escape
        when = r.visit_date.isoformat()
        if d.start_time:
            when += f" {d.start_time:%H:%M}–{d.end_time:%H:%M}" if d.end_time else f" {d.start_time:%H:%M}"
        qual = {"yes": self.tr("符合"), "no": self.tr("不符合"), "unknown": self.tr("待核实")}
        parts = [f"<h2>{e(r.enterprise)}</h2>",
                 f"<p>{e(when)} · {e(r.visit_type.label(lang))} · {e(r.team)} · {e(r.record_no)}</p>",
                 f"<p><b>{self.tr('走访人员')}</b>:{e('、'.join(n for _, n in d.officers))}</p>",
                 f"<p><b>{self.tr('地点')}</b>:{e(d.place)}</p>"]
        if d.attendees:
            people = "、".join(f"{n}({t})" if t else n for n, t, _ in d.attendees)
            parts.append(f"<p><b>{self.tr('企业参加人员')}</b>:{e(people)}</p>")
        parts.append(f"<h3>{self.tr('走访记录')}</h3><p>{e(d.notes).replace(chr(10), '<br>')}</p>")
        if d.policies:
            parts.append(f"<h3>{self.tr('宣讲政策')}</h3><ul>" + "".join(
                f"<li>{e(t)}({qual.get(q, q)}){e(' ' + n) if n else ''}</li>" for _, t, q, n in d.policies) + "</ul>")
        if issues:
            parts.append(f"<h3>{self.tr('企业诉求')}</h3><ul>" + "".join(
                f"<li>{e(i.title)} · {e(i.category)} · {e(i.status.label(lang))}</li>" for i in issues) + "</ul>")
        if d.follow_up_date:
            parts.append(f"<p><b>{self.tr('约定回访')}</b>:{d.follow_up_date.isoformat()}</p>")
        if d.attachments:
            parts.append(f"<h3>{self.tr('照片和附件')}</h3><ul>" + "".join(
                f"<li>{e(name)}({size // 1024} KB)</li>" for _, name, _, size, _ in d.attachments) + "</ul>")
        if d.amendments:
            parts.append(f"<h3>{self.tr('修改记录')}</h3><ul>" + "".join(
                f"<li>{a.at:%Y-%m-%d %H:%M} {e(a.author or a.device_id[:8])}:{e(a.field)} "
                f"“{e(a.old_value)}” → “{e(a.new_value)}”({self.tr('原因')}:{e(a.reason)})</li>"
                for a in d.amendments) + "</ul>")
        return "".join(parts)

    # ---- editor -------------------------------------------------------------------------------------
    def open_editor(self, form: VisitForm, draft_id: str | None = None) -> VisitEditor:
        self.close_editor()
        self.editor = VisitEditor(self.ctx, form, draft_id, self)
        self.editor.finished.connect(self.on_editor_finished)
        self.editor.closed.connect(self.on_editor_closed)
        self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        self.editor.enterprise_picker.setFocus()
        return self.editor

    def close_editor(self) -> None:
        if self.editor is not None:
            self.stack.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
        self.stack.setCurrentIndex(0)

    def on_editor_finished(self, visit_id: str) -> None:
        self.close_editor()
        self._select_after = visit_id
        self.search.clear()
        self.refresh()
        self.data_changed.emit()

    def on_editor_closed(self) -> None:
        self.close_editor()
        self.refresh()

    def selected_draft(self) -> str | None:
        item = self.drafts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def on_continue_draft(self) -> None:
        did = self.selected_draft()
        if did:
            self.open_editor(self.ctx.services.visits.load_draft(did), did)

    def on_discard_draft(self) -> None:
        did = self.selected_draft()
        if not did:
            return
        answer = QMessageBox.question(self, self.tr("删除草稿"), self.tr("确定删除这份草稿吗?删除后无法恢复。"))
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.services.visits.discard_draft(did)
            self.refresh()

    def on_pdf(self) -> None:
        v = self.model.row_at(self.table.currentIndex().row())
        if v is None:
            return
        svc, lang = self.ctx.services.reports, self.ctx.lang
        self.reports.save(svc.default_name("visit_record", v.enterprise, v.visit_date, lang),
                          lambda dest: svc.visit_record(v.id, dest, lang))

    def on_amend(self) -> None:
        v = self.model.row_at(self.table.currentIndex().row())
        if v is None:
            return
        self.dialog = AmendDialog(self.ctx, v.id, self)
        self.dialog.accepted.connect(lambda: (self.load_detail(self.table.currentIndex().row()), self.data_changed.emit()))
        self.dialog.open()

    def open_with(self, payload: object) -> None:
        if isinstance(payload, dict) and payload.get("new_for_enterprise"):
            editor = self.open_editor(VisitForm())
            eid = payload["new_for_enterprise"]
            d = self.ctx.services.enterprises.get(eid)
            editor.on_enterprise_picked(eid, f"{d.form.name} · {d.form.township}")
        elif isinstance(payload, str):
            self._select_after = payload
            self.search.clear()
            self.refresh()
