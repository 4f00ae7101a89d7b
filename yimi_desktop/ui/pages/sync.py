"""同步: exchange packages with the county hub on a USB stick; history, acknowledgements, conflicts."""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFrame, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QInputDialog, QMessageBox, QProgressBar, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from ...domain.clock import local, local_text
from ...domain.labels import entity_label, field_label
from ...domain.display import show_name
from ...domain.vocabulary import DeviceRole
from ...services import backups
from ...services.sync import ExportAllResult, ImportSummary, PeerStatus
from ...services.trust import EnrolledRow, KeyInfo, ReplicaRow, ReuseRow
from ..context import UiContext
from ..dialogs.conflict_dialog import ConflictDialog
from ..dialogs.device_dialogs import NewDeviceDialog, RevokeDialog
from ..dialogs.enrol_dialog import EnrolDialog
from ..models.simple import RowsTableModel
from ..operations import NOTHING
from ..settings import SYNC_FOLDER, Settings
from ..sticks import removable_volumes
from .base import Page


def _local(at: datetime | None, fmt: str) -> str:
    """A stored UTC time in this computer's time zone."""
    return local_text(at, fmt)


@dataclass(frozen=True)
class DeviceListRow:
    """One line of the hub's device list: an enrolled laptop, one of its replicas (its database file
    copied to another computer: each syncs as its own device id, as `yimi devices` lists them), or a
    second computer refused for presenting the same enrolment file."""
    device: EnrolledRow
    kind: str = "device"  # device / replica / reused
    index: int = 0
    replica: ReplicaRow | None = None
    reused: ReuseRow | None = None


def device_list_rows(devices: list[EnrolledRow]) -> list[DeviceListRow]:
    out: list[DeviceListRow] = []
    for d in devices:
        out.append(DeviceListRow(d))
        if len(d.replicas) > 1:
            out.extend(DeviceListRow(d, "replica", i, replica=r) for i, r in enumerate(d.replicas, start=1))
        out.extend(DeviceListRow(d, "reused", i, reused=x) for i, x in enumerate(d.reused, start=1))
    return out


class _ProgressBridge(QObject):
    """Carries progress from the worker thread to the GUI thread (queued signal)."""

    progress = Signal(str, int, int)


class SyncPage(Page):
    sync_done = Signal()

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        dev = ctx.services.device
        self.is_hub = dev.role is DeviceRole.HUB
        self.enrolled = self.is_hub or dev.enrolled
        title = QLabel(self.tr("同步"))
        title.setObjectName("pageTitle")
        me = QLabel(self.tr("本机:{name}({role})· 设备号 {id}").format(name=dev.name, role=dev.role.label(ctx.lang),
                                                                     id=dev.device_id[:12]))
        # fingerprints: read off the GUI thread with the status (see refresh)
        self.own_fingerprint = QLabel(self.tr("本机指纹:{fp}").format(fp="…"))
        self.own_fingerprint.setObjectName("ownFingerprint")
        self.hub_fingerprint = QLabel()
        self.hub_fingerprint.setObjectName("hubFingerprint")
        self.hub_fingerprint.setVisible(self.enrolled)  # a hub: its key's confirmation code (after a rotation)
        identity = QVBoxLayout()
        identity.setSpacing(1)
        for label in (me, self.own_fingerprint, self.hub_fingerprint):
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            identity.addWidget(label)

        # ---- a laptop not enrolled yet: say so, and enrol it here ------------------------------------
        self.notice = QFrame()
        self.notice.setObjectName("enrolNotice")
        self.notice.setStyleSheet("QFrame#enrolNotice { background: #fff3d6; border: 1px solid #e9c46a; border-radius: 4px; }")
        self.notice_text = QLabel(self.tr("本机尚未注册:可以照常记录走访和诉求,但要先用县级中心的注册文件注册,"
                                          "才能与县级中心交换数据包。请向县级中心索取本机的注册文件(.yimi-enrol)"
                                          "和注册码。"))
        self.notice_text.setWordWrap(True)
        self.notice_text.setStyleSheet("color: #6b4200; font-weight: bold;")
        self.enrol_button = QPushButton(self.tr("用注册文件注册本机…"))
        notice_row = QHBoxLayout(self.notice)
        notice_row.addWidget(self.notice_text, 1)
        notice_row.addWidget(self.enrol_button)
        self.notice.setVisible(not self.enrolled)

        # ---- where: the stick ----------------------------------------------------------------
        self.stick = QComboBox()
        self.stick.setMinimumWidth(380)
        self.refresh_sticks = QPushButton(self.tr("刷新"))
        self.pick_folder = QPushButton(self.tr("选择文件夹…"))
        where = QHBoxLayout()
        where.addWidget(QLabel(self.tr("U盘或文件夹:")))
        where.addWidget(self.stick, 1)
        where.addWidget(self.refresh_sticks)
        where.addWidget(self.pick_folder)

        # ---- what: export / import -----------------------------------------------------------------
        self.to_laptop = QComboBox()
        self.to_laptop.setMinimumWidth(200)
        self.full = QCheckBox(self.tr("全部数据(新笔记本或重装后)"))
        self.export_button = QPushButton(self.tr("导出到U盘"))
        self.export_all_button = QPushButton(self.tr("发给全部"))
        self.export_all_button.setToolTip(self.tr("给每台在用的已注册笔记本各写一个数据包,文件名写明发给谁"))
        self.export_all_button.setVisible(self.is_hub)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.hide()
        self.import_button = QPushButton(self.tr("从U盘导入"))
        self.export_button.setObjectName("primary")
        self.cancel_export = threading.Event()  # set from the GUI thread, read by 发给全部 between packages
        actions = QHBoxLayout()
        if self.is_hub:
            actions.addWidget(QLabel(self.tr("发给:")))
            actions.addWidget(self.to_laptop)
            actions.addWidget(self.full)
        else:
            self.to_laptop.hide()
            self.full.hide()
            actions.addWidget(QLabel(self.tr("导出本机新记录给县级中心,导入中心发回的全县数据。")))
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.export_all_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.cancel_button)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.result = QLabel()
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)

        # ---- history, peers, conflicts -------------------------------------------------------------
        def pkg_columns():
            return [(self.tr("时间"), lambda p: _local(datetime.fromisoformat(p.at), "%Y-%m-%d %H:%M:%S")),
                    (self.tr("对方"), lambda p: p.peer), (self.tr("变更条数"), lambda p: f"{p.changes:,}"),
                    (self.tr("文件"), lambda p: p.file)]

        self.out_model = RowsTableModel(pkg_columns(), self)
        self.in_model = RowsTableModel(pkg_columns(), self)
        self.peer_model = RowsTableModel([
            (self.tr("设备"), lambda p: p.name),
            (self.tr("角色"), lambda p: DeviceRole(p.role).label(ctx.lang) if p.role else ""),
            (self.tr("最近收到"), lambda p: _local(p.last_in, "%Y-%m-%d %H:%M:%S") or "—"),
            (self.tr("最近发出"), lambda p: _local(p.last_out, "%Y-%m-%d %H:%M:%S") or "—"),
            (self.tr("对方已收到本机的数据"), self.peer_holds_text),
        ], self)
        self.conflict_model = RowsTableModel([
            (self.tr("对象"), lambda c: entity_label(c.entity, ctx.lang) + (f" · {c.record_label}" if c.record_label else "")),
            (self.tr("字段"), lambda c: field_label(c.entity, c.field, ctx.lang)),
            (self.tr("当前值"), lambda c: c.current),
            (self.tr("各方的值"), self.candidates_text),
        ], self)
        self.device_model = RowsTableModel([
            (self.tr("名称"), self.device_name_text),
            (self.tr("指纹"), lambda r: r.device.fingerprint if r.kind == "device" else ""),
            (self.tr("注册日期"), lambda r: _local(r.device.enrolled_at, "%Y-%m-%d") if r.kind == "device" else ""),
            (self.tr("最近数据包"), self.last_package_text),
            (self.tr("收到本中心的数据"), self.ack_text),
            (self.tr("状态"), self.state_text),
        ], self, foreground=self.device_foreground)
        tabs = QTabWidget()
        self.tables: dict[str, QTableView] = {}
        self.tab_pages: dict[str, QWidget] = {}
        tab_list = [("conflicts", self.tr("冲突"), self.conflict_model)]
        if self.is_hub:
            tab_list.append(("devices", self.tr("已注册设备"), self.device_model))
        tab_list += [("in", self.tr("导入记录"), self.in_model), ("out", self.tr("导出记录"), self.out_model),
                     ("peers", self.tr("对方确认情况"), self.peer_model)]
        for key, tab_label, model in tab_list:
            view = QTableView()
            view.setModel(model)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.verticalHeader().hide()
            view.horizontalHeader().setStretchLastSection(True)
            view.setColumnWidth(0, 260 if key == "conflicts" else 150)
            self.tables[key] = view
            if key in ("peers", "in", "out"):  # times whole, the last column takes the rest
                for column in range(model.columnCount() - 1):
                    view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            if key == "devices":
                header = view.horizontalHeader()
                header.setStretchLastSection(False)
                view.setColumnWidth(0, 190)
                for column in (1, 2, 4, 5):
                    header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
                header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
                holder = QWidget()
                col = QVBoxLayout(holder)
                self.new_device_button = QPushButton(self.tr("注册新笔记本…"))
                self.revoke_button = QPushButton(self.tr("注销…"))
                self.revoke_button.setEnabled(False)
                row = QHBoxLayout()
                hint = QLabel(self.tr("只有在这里注册过的笔记本才能与县级中心交换数据包;笔记本丢失或停用时请注销。"))
                hint.setWordWrap(True)
                row.addWidget(hint, 1)
                row.addWidget(self.new_device_button)
                row.addWidget(self.revoke_button)
                col.addLayout(row)
                col.addWidget(view)
                tabs.addTab(holder, tab_label)
                self.tab_pages[key] = holder
            elif key == "conflicts":
                holder = QWidget()
                col = QVBoxLayout(holder)
                self.settle_button = QPushButton(self.tr("处理所选冲突…"))
                row = QHBoxLayout()
                row.addWidget(QLabel(self.tr("两台设备同时改了同一项时,系统先按时间自动取一个,这里请人工确认。")))
                row.addStretch(1)
                row.addWidget(self.settle_button)
                col.addLayout(row)
                col.addWidget(view)
                tabs.addTab(holder, tab_label)
                self.tab_pages[key] = holder
                view.doubleClicked.connect(lambda _i: self.on_settle())
            else:
                tabs.addTab(view, tab_label)
                self.tab_pages[key] = view
        self.tabs = tabs

        box = QGroupBox(self.tr("交换数据"))
        box_col = QVBoxLayout(box)
        box_col.addLayout(where)
        box_col.addLayout(actions)
        box_col.addWidget(self.progress)
        box_col.addWidget(self.result)
        head = QHBoxLayout()
        head.addWidget(title, 0, Qt.AlignmentFlag.AlignTop)
        head.addStretch(1)
        head.addLayout(identity)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.notice)
        layout.addWidget(box)
        layout.addWidget(tabs, 1)

        self.bridge = _ProgressBridge(self)
        self.bridge.progress.connect(self.on_progress)
        self.refresh_sticks.clicked.connect(self.load_sticks)
        self.pick_folder.clicked.connect(self.on_pick_folder)
        self.export_button.clicked.connect(self.on_export)
        self.export_all_button.clicked.connect(self.on_export_all)
        self.cancel_button.clicked.connect(self.on_cancel_export)
        self.import_button.clicked.connect(self.on_import)
        self.settle_button.clicked.connect(self.on_settle)
        self.enrol_button.clicked.connect(self.on_enrol)
        if self.is_hub:
            self.new_device_button.clicked.connect(self.on_new_device)
            self.revoke_button.clicked.connect(self.on_revoke)
            self.tables["devices"].selectionModel().selectionChanged.connect(lambda *_: self.update_device_buttons())
        self._busy(False)
        self.load_sticks()
        self.refresh()

    # ---- the stick --------------------------------------------------------------------------------
    def load_sticks(self) -> None:
        current = self.folder()
        self.stick.clear()
        for root, label in removable_volumes():
            self.stick.addItem(label, root)
        last = Settings(self.ctx.settings).get(SYNC_FOLDER)
        for path in (current, last):
            if path and self.stick.findData(path) < 0 and Path(path).is_dir():
                self.stick.addItem(path, path)
        i = self.stick.findData(current or last)
        self.stick.setCurrentIndex(i if i >= 0 else 0)
        if self.stick.count() == 0:
            self.stick.setPlaceholderText(self.tr("没有找到U盘,请插入U盘或选择文件夹"))

    def folder(self) -> str | None:
        return self.stick.currentData() if self.stick.count() else None

    def set_folder(self, path: str) -> None:
        if self.stick.findData(path) < 0:
            self.stick.addItem(path, path)
        self.stick.setCurrentIndex(self.stick.findData(path))
        Settings(self.ctx.settings).set(SYNC_FOLDER, path)

    def on_pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("选择U盘或文件夹"), self.folder() or str(Path.home()))
        if path:
            self.set_folder(path)

    # ---- work off the GUI thread --------------------------------------------------------------------
    def _busy(self, on: bool) -> None:
        for w in (self.stick, self.pick_folder, self.refresh_sticks):
            w.setEnabled(not on)
        for w in (self.export_button, self.export_all_button, self.import_button):  # once enrolled
            w.setEnabled(not on and self.enrolled)
        self.progress.setVisible(on)
        if on:
            self.progress.setRange(0, 0)
            self.progress.setFormat("%p%")
        else:
            self.cancel_button.hide()

    def on_progress(self, what: str, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if what.startswith("to:") and done < total:  # 发给全部: whose package is being written
            self.progress.setFormat(self.tr("正在写给“{name}”的数据包({i}/{n})").format(
                name=what[3:], i=done + 1, n=total))

    def _need_folder(self) -> str | None:
        folder = self.folder()
        if not folder or not Path(folder).is_dir():
            self._say(self.tr("请先插入U盘或选择一个文件夹。"), error=True)
            return None
        return folder

    def _say(self, text: str, error: bool = False, problems: list[str] | None = None, notes: list[str] | None = None) -> None:
        """The result line: green when it went well (even if some files were refused, which follow in
        red), red when nothing went well; grey notes (packages left for other devices)."""
        lines = [f'<span style="color: {"#b3261e" if error else "#2e6b30"};">{html.escape(text)}</span>']
        lines += [f'<span style="color: #b3261e;">{html.escape(t)}</span>' for t in problems or []]
        lines += [f'<span style="color: #5f5f5f;">{html.escape(t)}</span>' for t in notes or []]
        self.result.setText("<br/>".join(line.replace("\n", "<br/>") for line in lines))

    def result_text(self) -> str:
        """The result line as plain text (tests, logs)."""
        return self.result.text() and QTextDocumentFragment.fromHtml(self.result.text()).toPlainText()

    def on_export(self) -> None:
        folder = self._need_folder()
        if folder is None:
            return
        to = self.to_laptop.currentData() if self.is_hub else None
        if self.is_hub and not to:
            self._say(self.tr("还没有在用的已注册笔记本:请先在“已注册设备”中注册新笔记本。"), error=True)
            return
        svc, full, emit = self.ctx.services.sync, self.full.isChecked(), self.bridge.progress.emit
        self._busy(True)
        # writes (the package log, a clock recovery): on the one write worker; the page refreshes itself
        self.ctx.tasks.write(lambda: svc.export(Path(folder), to=to, full=full, progress=emit),
                             self.on_exported, on_error=self.on_failed, changes=NOTHING, label="export")

    def on_export_all(self) -> None:
        """发给全部: one package for every enrolled laptop, on the write worker; cancel between packages."""
        folder = self._need_folder()
        if folder is None:
            return
        svc, full, emit, stop = self.ctx.services.sync, self.full.isChecked(), self.bridge.progress.emit, self.cancel_export
        stop.clear()
        self._busy(True)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.ctx.tasks.write(lambda: svc.export_all(Path(folder), full=full, cancelled=stop.is_set,
                                                    progress=lambda name, i, n: emit(f"to:{name}", i, n)),
                             self.on_exported_all, on_error=self.on_failed, changes=NOTHING, label="export all")

    def on_cancel_export(self) -> None:
        self.cancel_export.set()
        self.cancel_button.setEnabled(False)
        self.progress.setFormat(self.tr("正在取消:写完当前这个数据包就停下…"))

    def on_exported_all(self, result: ExportAllResult) -> None:
        self._busy(False)
        names = [show_name(p) for p in result.files]
        if result.cancelled:
            self._say(self.tr("已取消:写好了 {n} 个数据包,还有 {m} 台笔记本没有写({rest})。").format(
                n=len(names), m=len(result.remaining), rest="、".join(result.remaining)), error=not names,
                notes=names)
        else:
            self._say(self.tr("已给 {n} 台笔记本各写好一个数据包。请安全弹出U盘后再拔出。").format(n=len(names)),
                      notes=names)
        self.refresh()
        self.sync_done.emit()

    def on_exported(self, path: Path) -> None:
        self._busy(False)
        self._say(self.tr("已导出:{file}。请安全弹出U盘后再拔出。").format(file=show_name(path)))
        self.refresh()
        self.sync_done.emit()

    def on_import(self) -> None:
        folder = self._need_folder()
        if folder is not None:
            self.start_import(folder)

    def start_import(self, folder: str, hub_key_code: str | None = None) -> None:
        svc, emit, db_path = self.ctx.services.sync, self.bridge.progress.emit, self.ctx.services.db.path
        self._busy(True)

        def work() -> ImportSummary:
            # a verified backup before anything is changed, as `yimi import` makes (rotation keeps the newest of a day)
            backups.made_and_rotated(db_path, "before-import")
            return svc.import_paths([Path(folder)], progress=emit, hub_key_code=hub_key_code)

        # a write on the one write worker; on_imported tells the other pages (data_changed)
        self.ctx.tasks.write(work,
                             lambda summary: self.on_imported(summary, folder, hub_key_code),
                             on_error=self.on_failed, changes=NOTHING, label="import", parent=self)

    def on_imported(self, summary: ImportSummary, folder: str | None = None, hub_key_code: str | None = None) -> None:
        self._busy(False)
        self.show_summary(summary)
        self.refresh()
        self.data_changed.emit()
        self.sync_done.emit()
        if folder is not None and any(r.needs_hub_key for r in summary.refused):
            self.ask_hub_key(folder, retry=hub_key_code is not None)
        elif summary.imported_files:
            self.offer_removal(summary.imported_files)

    def offer_removal(self, files: list[Path]) -> None:
        """Packages this database now holds are no longer needed on the stick: offer to delete them
        (asked first; packages for other devices are never offered)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除已导入的数据包"),
                          self.tr("U盘上有 {n} 个数据包已经导入本机,不再需要。要从U盘上删除它们吗?"
                                  "(发给其他设备的数据包不会删除。)").format(n=len(files)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("removeImportedBox")
        box.setDetailedText("\n".join(show_name(p) for p in files))
        remove = box.addButton(self.tr("删除"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("保留"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(remove)
        svc = self.ctx.services.sync

        def on_clicked(button) -> None:
            if button is remove:
                self.ctx.tasks.write(lambda: svc.remove_imported(files), self.on_removed, on_error=self.on_failed,
                                     changes=NOTHING, label="remove imported")

        box.buttonClicked.connect(on_clicked)
        self.removal_box = box
        box.open()

    def on_removed(self, n: int) -> None:
        self._say(self.tr("已从U盘上删除 {n} 个已导入的数据包。").format(n=n))

    def ask_hub_key(self, folder: str, retry: bool = False) -> None:
        """The hub rotated its keys: this laptop follows once the new key's code, told by the hub in
        person or by phone, is typed here (a package alone cannot vouch for a new key)."""
        dialog = QInputDialog(self)
        dialog.setObjectName("hubKeyDialog")
        dialog.setWindowTitle(self.tr("确认县级中心的新密钥"))
        text = self.tr("县级中心换了新密钥。\n请向县级中心当面或打电话核对新密钥的确认码(16位数字),在这里输入:")
        if retry:
            text = self.tr("输入的确认码与数据包中的新密钥不符。请再向县级中心核对确认码:")
        dialog.setLabelText(text)
        dialog.setOkButtonText(self.tr("确认并导入"))
        dialog.setCancelButtonText(self.tr("取消"))
        dialog.textValueSelected.connect(lambda code: self.start_import(folder, code.strip()) if code.strip() else None)
        self.hub_key_dialog = dialog
        dialog.open()

    def show_summary(self, summary: ImportSummary) -> None:
        if not summary.results:
            self._say(self.tr("这个文件夹里没有 .yimi 数据包。"), error=True)
            return
        t = summary.totals()
        text = self.tr("导入数据包 {p} 个(重复跳过 {d} 个):新记录 {n} 条,更新 {u} 条,办理记录 {e} 条,删除 {x} 条。").format(
            **{k: f"{t[key]:,}" for k, key in (("p", "packages"), ("d", "duplicates_skipped"), ("n", "records_new"),
                                               ("u", "records_updated"), ("e", "events"), ("x", "tombstones"))})
        en = self.ctx.lang == "en"
        refused = [self.tr("已拒绝 {file}:{why}").format(file=show_name(r.path), why=r.message_en if en else r.message)
                   for r in summary.refused]
        others = [r for r in summary.for_others if not r.ok]  # written here for the other side: not worth a word
        notes = [self.tr("不是发给本机的 {n} 个数据包(发给其他笔记本)留在U盘上:{files}").format(
            n=len(others), files="、".join(show_name(r.path) for r in others))] if others else []
        went_well = t["packages"] + t["duplicates_skipped"] > 0 or not refused
        self._say(text, error=not went_well, problems=refused, notes=notes)

    def on_failed(self, exc: Exception) -> None:
        self._busy(False)
        self._say(self.ctx.message(exc), error=True)

    # ---- history, conflicts, devices -----------------------------------------------------------------
    def refresh(self) -> None:
        svc, trust, hub = self.ctx.services.sync, self.ctx.services.trust, self.is_hub
        self.ctx.tasks.submit(lambda: (svc.status(), svc.conflicts(), trust.info(), trust.devices() if hub else []),
                              self.show_status, key="sync-status")

    def show_status(self, result) -> None:
        status, conflicts, info, devices = result
        self.in_model.set_rows(status.last_in)
        self.out_model.set_rows(status.last_out)
        self.peer_model.set_rows(status.peers)
        self.conflict_model.set_rows(conflicts)
        self.tabs.setTabText(self.tabs.indexOf(self.tab_pages["conflicts"]), self.tr("冲突 ({n})").format(n=f"{len(conflicts):,}"))
        self.show_identity(info)
        if self.is_hub:
            self.show_devices(devices)

    def show_identity(self, info: KeyInfo) -> None:
        self.own_fingerprint.setText(self.tr("本机指纹:{fp}").format(fp=info.signing_fingerprint))
        hub = info.hub
        if self.is_hub:
            self.hub_fingerprint.setText(self.tr("本中心密钥确认码:{code}").format(code=info.key_code))
        if hub and not self.is_hub:
            self.hub_fingerprint.setText(self.tr("县级中心:{name} · 指纹 {fp}").format(
                name=hub.name or self.tr("县级中心"), fp=hub.signing_fingerprint))

    def show_devices(self, devices: list[EnrolledRow]) -> None:
        selected = self.selected_device()
        rows = device_list_rows(devices)
        self.device_model.set_rows(rows)
        active = [d for d in devices if not d.revoked]
        self.tabs.setTabText(self.tabs.indexOf(self.tab_pages["devices"]),
                             self.tr("已注册设备 ({n})").format(n=f"{len(active):,}"))
        if selected is not None:
            row = next((i for i, r in enumerate(rows) if r.kind == "device" and r.device.identity_id == selected.identity_id), -1)
            if row >= 0:
                self.tables["devices"].selectRow(row)
        self.update_device_buttons()
        # the hub exports to enrolled laptops that are not revoked
        current = self.to_laptop.currentData()
        self.to_laptop.clear()
        for d in active:
            self.to_laptop.addItem(d.name, d.name)
        self.to_laptop.setCurrentIndex(max(0, self.to_laptop.findData(current)))

    def device_name_text(self, r: DeviceListRow) -> str:
        if r.replica is not None:
            return self.tr("  └ 副本 {n}(设备号 {id})").format(n=r.index, id=r.replica.device_id[:8])
        if r.reused is not None:
            return self.tr("  └ 重复注册的电脑")
        if len(r.device.replicas) > 1:
            return self.tr("{name}(共 {n} 份副本)").format(name=r.device.name, n=len(r.device.replicas))
        return r.device.name

    def device_foreground(self, r: DeviceListRow):
        if r.kind == "reused":
            return QBrush(QColor("#b3261e"))
        return QBrush(QColor("#9a9a9a")) if r.device.revoked else None

    def last_package_text(self, r: DeviceListRow) -> str:
        if r.replica is not None:
            return _local(r.replica.last_in_at, "%Y-%m-%d %H:%M") or self.tr("尚未收到")
        if r.reused is not None:
            return f"{_local(r.reused.last_at, '%Y-%m-%d %H:%M')} · {r.reused.last_file}"
        d = r.device
        if d.last_package_at is None:
            return self.tr("尚未收到")
        return f"{_local(d.last_package_at, '%Y-%m-%d %H:%M')} · {d.last_package_file or ''}"

    def ack_text(self, r: DeviceListRow) -> str:
        """What the laptop holds of the hub's data, in a clerk's words (not a sequence number)."""
        if r.reused is not None:
            return ""
        unacked, since = ((r.replica.unacknowledged, r.replica.missing_since) if r.replica is not None
                          else (r.device.unacknowledged, r.device.missing_since))
        return self.holds_words(unacked, since)

    def candidates_text(self, c) -> str:
        compacted = self.tr("值已压缩")  # dropped here before it became a candidate (ConflictCandidate)
        return " / ".join(f"{compacted if k.compacted else k.value}({k.device_name})" for k in c.candidates)

    def peer_holds_text(self, p: PeerStatus) -> str:
        """What the other side holds of this device's data, in words."""
        since = datetime.fromisoformat(p.missing_since) if p.missing_since else None
        if p.unacknowledged == 0 or since is None:
            return self.tr("已收到本机的全部数据")
        day = local(since)
        return self.tr("已收到本机{month}月{day}日 {time} 以前的全部数据(还差 {n} 条)").format(
            month=day.month, day=day.day, time=day.strftime("%H:%M"), n=f"{p.unacknowledged:,}")

    def holds_words(self, unacked: int | None, since: datetime | None) -> str:
        if unacked is None:
            return self.tr("尚未收到它的数据包")
        if unacked == 0 or since is None:
            return self.tr("已收到本中心的全部数据")
        day = local(since)
        return self.tr("已收到本中心{month}月{day}日 {time} 以前的全部数据(还差 {n} 条)").format(
            month=day.month, day=day.day, time=day.strftime("%H:%M"), n=f"{unacked:,}")

    def state_text(self, r: DeviceListRow) -> str:
        if r.replica is not None:
            return ""
        if r.reused is not None:
            return self.tr("已拒收它的 {n} 个数据包,请为那台电脑另行注册").format(n=f"{r.reused.packages:,}")
        d = r.device
        if not d.revoked:
            return self.tr("在用 · 注册文件被重复使用") if d.reused else self.tr("在用")
        text = self.tr("已注销 {date}").format(date=_local(d.revoked_at, "%Y-%m-%d"))
        return f"{text}({d.revoke_reason})" if d.revoke_reason else text

    def selected_device(self) -> EnrolledRow | None:
        view = self.tables.get("devices")
        if view is None or not view.selectionModel().hasSelection():
            return None
        row = self.device_model.row_at(view.currentIndex().row())
        return row.device if row is not None else None

    def update_device_buttons(self) -> None:
        row = self.selected_device()
        self.revoke_button.setEnabled(row is not None and not row.revoked)

    # ---- enrolment and revocation --------------------------------------------------------------------
    def on_enrol(self) -> None:
        """A laptop not enrolled yet: the enrolment file and code; then the window is rebuilt on the
        enrolled database's new services."""
        self.enrol_dialog = EnrolDialog(self.ctx.factory, self.ctx.tasks, self.ctx.lang, self.ctx.services.db.path, self)
        self.enrol_dialog.accepted.connect(self.on_enrolled)
        self.enrol_dialog.open()

    def on_enrolled(self) -> None:
        services = self.enrol_dialog.services
        if services is not None:
            self.services_replaced.emit(services)

    def on_new_device(self) -> None:
        self.device_dialog = NewDeviceDialog(self.ctx, self.folder(), self)
        self.device_dialog.finished.connect(lambda _r: self.refresh())
        self.device_dialog.open()

    def on_revoke(self) -> None:
        row = self.selected_device()
        if row is None or row.revoked:
            return
        self.revoke_dialog = RevokeDialog(self.ctx, row, self)
        self.revoke_dialog.accepted.connect(self.on_revoked)
        self.revoke_dialog.open()

    def on_revoked(self) -> None:
        name = self.revoke_dialog.row.name
        self._say(self.tr("已注销“{name}”:它此后送来的数据包都会被拒收。").format(name=name))
        self.refresh()

    def on_settle(self) -> None:
        c = self.conflict_model.row_at(self.tables["conflicts"].currentIndex().row())
        if c is None:
            return
        if c.refusal is not None:  # a hub-only act from a laptop: nothing to choose, it stays without effect
            self._say(c.refusal.text(self.ctx.lang), error=True)  # red: the act did not take effect
            return
        self.dialog = ConflictDialog(self.ctx, c, self)
        self.dialog.accepted.connect(self.on_settled)
        self.dialog.open()

    def on_settled(self) -> None:
        self.refresh()
        self.data_changed.emit()
