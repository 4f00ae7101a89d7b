"""同步: exchange packages with the county hub on a USB stick; history, acknowledgements, conflicts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStorageInfo, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QProgressBar,
    QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from ...domain.vocabulary import DeviceRole
from ...services.sync import ImportSummary
from ..context import UiContext
from ..dialogs.conflict_dialog import ConflictDialog, entity_label, field_label
from ..models.simple import RowsTableModel
from .base import Page

FOLDER_KEY = "sync/last_folder"


class _ProgressBridge(QObject):
    """Carries progress from the worker thread to the GUI thread (queued signal)."""

    progress = Signal(str, int, int)


def removable_volumes() -> list[tuple[str, str]]:
    """(root path, label) of mounted volumes that look like USB sticks: writable, ready, not the system."""
    out = []
    for v in QStorageInfo.mountedVolumes():
        root = v.rootPath()
        if not (v.isValid() and v.isReady()) or v.isReadOnly() or v.isRoot():
            continue
        if root.startswith(("/boot", "/snap", "/proc", "/sys", "/dev", "/run/user", "/var", "/tmp")) or root in ("/home",):
            continue
        if not (root.startswith(("/media", "/run/media", "/mnt")) or (len(root) <= 3 and root[1:2] == ":")):
            continue
        free = v.bytesAvailable() / 1024**3
        out.append((root, f"{v.displayName() or root}  ({root}, {free:.1f} GB)"))
    return out


class SyncPage(Page):
    sync_done = Signal()

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(ctx, parent)
        dev = ctx.services.device
        self.is_hub = dev.role is DeviceRole.HUB
        title = QLabel(self.tr("同步"))
        title.setObjectName("pageTitle")
        me = QLabel(self.tr("本机:{name}({role})· 设备号 {id}").format(name=dev.name, role=dev.role.label(ctx.lang),
                                                                     id=dev.device_id[:12]))
        me.setTextInteractionFlags(me.textInteractionFlags())

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
        self.import_button = QPushButton(self.tr("从U盘导入"))
        self.export_button.setObjectName("primary")
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
        actions.addWidget(self.import_button)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.result = QLabel()
        self.result.setObjectName("syncResult")
        self.result.setWordWrap(True)

        # ---- history, peers, conflicts -------------------------------------------------------------
        def pkg_columns():
            return [(self.tr("时间"), lambda p: p["at"].replace("T", " ")), (self.tr("对方"), lambda p: p["peer"]),
                    (self.tr("变更条数"), lambda p: p["changes"]), (self.tr("文件"), lambda p: p["file"])]

        self.out_model = RowsTableModel(pkg_columns(), self)
        self.in_model = RowsTableModel(pkg_columns(), self)
        self.peer_model = RowsTableModel([
            (self.tr("设备"), lambda p: p["name"]),
            (self.tr("角色"), lambda p: DeviceRole(p["role"]).label(ctx.lang) if p["role"] else ""),
            (self.tr("最近收到"), lambda p: (p["last_in"] or "—").replace("T", " ")),
            (self.tr("最近发出"), lambda p: (p["last_out"] or "—").replace("T", " ")),
            (self.tr("对方尚未确认的变更"), lambda p: p["unacknowledged"]),
        ], self)
        self.conflict_model = RowsTableModel([
            (self.tr("对象"), lambda c: entity_label(c.entity, ctx.lang) + (f" · {c.record_label}" if c.record_label else "")),
            (self.tr("字段"), lambda c: field_label(c.field, ctx.lang)),
            (self.tr("当前值"), lambda c: c.current),
            (self.tr("各方的值"), lambda c: " / ".join(f"{v}({n})" for v, _d, n, _w in c.candidates)),
        ], self)
        tabs = QTabWidget()
        self.tables: dict[str, QTableView] = {}
        for key, label, model in (("conflicts", self.tr("冲突"), self.conflict_model),
                                  ("in", self.tr("导入记录"), self.in_model), ("out", self.tr("导出记录"), self.out_model),
                                  ("peers", self.tr("对方确认情况"), self.peer_model)):
            view = QTableView()
            view.setModel(model)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.verticalHeader().hide()
            view.horizontalHeader().setStretchLastSection(True)
            view.setColumnWidth(0, 260 if key == "conflicts" else 150)
            self.tables[key] = view
            if key == "conflicts":
                holder = QWidget()
                col = QVBoxLayout(holder)
                self.settle_button = QPushButton(self.tr("处理所选冲突…"))
                row = QHBoxLayout()
                row.addWidget(QLabel(self.tr("两台设备同时改了同一项时,系统先按时间自动取一个,这里请人工确认。")))
                row.addStretch(1)
                row.addWidget(self.settle_button)
                col.addLayout(row)
                col.addWidget(view)
                tabs.addTab(holder, label)
                view.doubleClicked.connect(lambda _i: self.on_settle())
            else:
                tabs.addTab(view, label)
        self.tabs = tabs

        box = QGroupBox(self.tr("交换数据"))
        box_col = QVBoxLayout(box)
        box_col.addLayout(where)
        box_col.addLayout(actions)
        box_col.addWidget(self.progress)
        box_col.addWidget(self.result)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(me)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(box)
        layout.addWidget(tabs, 1)

        self.bridge = _ProgressBridge(self)
        self.bridge.progress.connect(self.on_progress)
        self.refresh_sticks.clicked.connect(self.load_sticks)
        self.pick_folder.clicked.connect(self.on_pick_folder)
        self.export_button.clicked.connect(self.on_export)
        self.import_button.clicked.connect(self.on_import)
        self.settle_button.clicked.connect(self.on_settle)
        self.load_sticks()
        self.refresh()

    # ---- the stick --------------------------------------------------------------------------------
    def load_sticks(self) -> None:
        current = self.folder()
        self.stick.clear()
        for root, label in removable_volumes():
            self.stick.addItem(label, root)
        last = str(self.ctx.settings.value(FOLDER_KEY, "") or "")
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
        self.ctx.settings.setValue(FOLDER_KEY, path)

    def on_pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("选择U盘或文件夹"), self.folder() or str(Path.home()))
        if path:
            self.set_folder(path)

    # ---- work off the GUI thread --------------------------------------------------------------------
    def _busy(self, on: bool) -> None:
        for w in (self.export_button, self.import_button, self.stick, self.pick_folder, self.refresh_sticks):
            w.setEnabled(not on)
        self.progress.setVisible(on)
        if on:
            self.progress.setRange(0, 0)

    def on_progress(self, _what: str, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _need_folder(self) -> str | None:
        folder = self.folder()
        if not folder or not Path(folder).is_dir():
            self._say(self.tr("请先插入U盘或选择一个文件夹。"), error=True)
            return None
        return folder

    def _say(self, text: str, error: bool = False) -> None:
        self.result.setStyleSheet("color: #b3261e;" if error else "color: #2e6b30;")
        self.result.setText(text)

    def on_export(self) -> None:
        folder = self._need_folder()
        if folder is None:
            return
        to = self.to_laptop.currentData() if self.is_hub else None
        if self.is_hub and not to:
            self._say(self.tr("县级中心要先收到某台笔记本的数据包,才能给它导出。"), error=True)
            return
        svc, full, emit = self.ctx.services.sync, self.full.isChecked(), self.bridge.progress.emit
        self._busy(True)
        self.ctx.tasks.submit(lambda: svc.export(Path(folder), to=to, full=full, progress=emit),
                              self.on_exported, self.on_failed, key="sync-export")

    def on_exported(self, path: Path) -> None:
        self._busy(False)
        self._say(self.tr("已导出:{file}。请安全弹出U盘后再拔出。").format(file=path.name))
        self.refresh()
        self.sync_done.emit()

    def on_import(self) -> None:
        folder = self._need_folder()
        if folder is None:
            return
        svc, emit = self.ctx.services.sync, self.bridge.progress.emit
        self._busy(True)
        self.ctx.tasks.submit(lambda: svc.import_paths([Path(folder)], progress=emit), self.on_imported,
                              self.on_failed, key="sync-import")

    def on_imported(self, summary: ImportSummary) -> None:
        self._busy(False)
        self.show_summary(summary)
        self.refresh()
        self.data_changed.emit()
        self.sync_done.emit()

    def show_summary(self, summary: ImportSummary) -> None:
        if not summary.results:
            self._say(self.tr("这个文件夹里没有 .yimi 数据包。"), error=True)
            return
        t = summary.totals()
        text = self.tr("导入数据包 {p} 个(重复跳过 {d} 个):新记录 {n} 条,更新 {u} 条,办理记录 {e} 条,删除 {x} 条。").format(
            p=t["packages"], d=t["duplicates_skipped"], n=t["records_new"], u=t["records_updated"], e=t["events"],
            x=t["tombstones"])
        refused = [self.tr("已拒绝 {file}:{why}").format(file=r.path.name, why=r.message if self.ctx.lang != "en"
                                                         else r.message_en) for r in summary.refused]
        self._say("\n".join([text, *refused]), error=bool(refused))

    def on_failed(self, exc: Exception) -> None:
        self._busy(False)
        self._say(self.ctx.message(exc), error=True)

    # ---- history and conflicts -----------------------------------------------------------------------
    def refresh(self) -> None:
        svc = self.ctx.services.sync
        self.ctx.tasks.submit(lambda: (svc.status(), svc.conflicts()), self.show_status, key="sync-status")

    def show_status(self, result) -> None:
        status, conflicts = result
        self.in_model.set_rows(status["last_in"])
        self.out_model.set_rows(status["last_out"])
        self.peer_model.set_rows(status["peers"])
        self.conflict_model.set_rows(conflicts)
        self.tabs.setTabText(0, self.tr("冲突 ({n})").format(n=len(conflicts)))
        if self.is_hub:
            current = self.to_laptop.currentData()
            self.to_laptop.clear()
            for p in status["peers"]:
                if p["role"] == DeviceRole.LAPTOP.value:
                    self.to_laptop.addItem(p["name"], p["name"])
            self.to_laptop.setCurrentIndex(max(0, self.to_laptop.findData(current)))

    def on_settle(self) -> None:
        c = self.conflict_model.row_at(self.tables["conflicts"].currentIndex().row())
        if c is None:
            return
        self.dialog = ConflictDialog(self.ctx, c, self)
        self.dialog.accepted.connect(lambda: (self.refresh(), self.data_changed.emit()))
        self.dialog.open()
