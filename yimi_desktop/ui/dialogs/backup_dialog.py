"""备份与恢复: the backups of the open database (date, kind, size, verified), 立即备份, 备份到U盘, 恢复, and the folder.

Every file operation runs off the GUI thread (ui/operations.py): the listing on the read pool, a backup and a
restore on the one write worker, so a restore starts only after every write queued before it (a visit draft
flushed when the restore was confirmed included) and nothing queued after it reaches the old database.

A restore (services/backups.restore_and_reopen) checks the chosen file first (a refusal changes nothing), retires
the open database, puts the file in place after backing up the current one, and opens it anew; the dialog then
hands the new services to the window (`on_restored`: MainWindow.services_replaced), and the application rebuilds
the window on them and closes the old ones (ui/application.GuiSession.on_services_replaced), the same road as a
laptop just enrolled. The renewal the reopen took (a restored file is a new device) is said in a message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QProgressBar, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from ...domain.display import show_name, show_path
from ...domain.vocabulary import DeviceRole
from ...services import backups
from ...services.backups import Backup, Reopened
from ..context import UiContext
from ..models.simple import RowsTableModel
from ..operations import NOTHING, Changes
from ..settings import SYNC_FOLDER, Settings


class _StepBridge(QObject):
    """Carries the restore's step from the write worker to the GUI thread (queued signal)."""

    step = Signal(str)


def human_size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


class BackupDialog(QDialog):
    """Modal over the main window: while it is open nothing else in the window can start a write."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 on_restored: Callable[[object], None] | None = None):
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.ctx = ctx
        self.db_path = ctx.services.db.path
        self.on_restored = on_restored
        self.kinds = {"daily": self.tr("每日"), "before-import": self.tr("导入前"), "before-migration": self.tr("升级前"),
                      "manual": self.tr("手动"), "before-restore": self.tr("恢复前"),
                      "damaged": self.tr("恢复前(原库已损坏)")}
        self.setWindowTitle(self.tr("备份与恢复"))
        self.setModal(True)
        self.working = False
        self.message: QMessageBox | None = None  # the last result or question shown (tests read it)

        folder = backups.backup_dir(self.db_path)
        intro = QLabel(self.tr("每天第一次打开软件、每次导入数据包和升级软件之前都会自动备份,每份备份都经过校验。"
                               "保留最近 7 天每天一份、再往前 4 周每周一份。备份保存在:{folder}")
                       .format(folder=show_path(folder)))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        yes, no = self.tr("已校验"), self.tr("未校验")
        self.model = RowsTableModel([
            (self.tr("备份时间"), lambda b: f"{b.taken_at:%Y-%m-%d %H:%M:%S}"),
            (self.tr("类型"), lambda b: self.kinds.get(b.reason, b.reason)),
            (self.tr("大小"), lambda b: human_size(b.size)),
            (self.tr("校验"), lambda b: yes if b.verified else no),
            (self.tr("文件"), lambda b: show_name(b.path)),
        ], self, foreground=lambda b: None if b.verified else QColor("#8a5a00"))
        self.table = QTableView()
        self.table.setObjectName("backupTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.on_restore_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())

        self.backup_button = QPushButton(self.tr("立即备份(&B)"))
        self.stick_button = QPushButton(self.tr("备份到U盘(&U)…"))
        self.stick_button.setToolTip(self.tr("再存一份加密的备份到U盘或别的文件夹:只有本机和县级中心能打开,U盘丢了也不泄露"))
        self.restore_button = QPushButton(self.tr("恢复所选备份(&R)…"))
        self.file_button = QPushButton(self.tr("从文件恢复(&F)…"))
        self.file_button.setToolTip(self.tr("选择U盘上的加密备份(.age)或别处的备份文件(.db)"))
        self.folder_button = QPushButton(self.tr("打开所在文件夹(&O)"))
        self.salvage_button = QPushButton(self.tr("收取笔记本的U盘备份(&S)…"))
        self.salvage_button.setToolTip(self.tr("笔记本坏了或丢了:从它的U盘备份中收回县级中心还没有的工作"))
        self.salvage_button.setVisible(ctx.services.device.role is DeviceRole.HUB)
        self.salvage_button.clicked.connect(lambda: self.on_salvage())
        self.close_button = QPushButton(self.tr("关闭"))
        self.backup_button.clicked.connect(self.on_back_up)
        self.stick_button.clicked.connect(self.on_back_up_to_stick)
        self.restore_button.clicked.connect(self.on_restore_selected)
        self.file_button.clicked.connect(self.on_restore_file)
        self.folder_button.clicked.connect(self.on_open_folder)
        self.close_button.clicked.connect(self.reject)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.result_line = QLabel()
        self.result_line.setObjectName("backupResult")
        self.result_line.setWordWrap(True)
        self.result_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        make = QHBoxLayout()
        make.addWidget(self.backup_button)
        make.addWidget(self.stick_button)
        make.addStretch(1)
        make.addWidget(self.folder_button)
        back = QHBoxLayout()
        back.addWidget(self.restore_button)
        back.addWidget(self.file_button)
        back.addWidget(self.salvage_button)
        back.addStretch(1)
        back.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(make)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_line)
        layout.addLayout(back)
        self.bridge = _StepBridge(self)
        self.bridge.step.connect(self.on_step)
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        room = screen.availableGeometry()
        self.resize(min(820, room.width() - 20), min(480, room.height() - 60))  # never larger than the screen
        self._enable()
        self.refresh()

    # ---- the list ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        db = self.db_path
        self.ctx.tasks.read(lambda: backups.list_backups(db), self.on_listed, key=f"backups:{db}",
                            on_error=self.on_failed, parent=self)

    def on_listed(self, found: list[Backup]) -> None:
        self.model.set_rows(found)
        if found:
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _enable(self) -> None:
        for button in (self.backup_button, self.stick_button, self.file_button, self.close_button,
                       self.salvage_button):
            button.setEnabled(not self.working)
        self.restore_button.setEnabled(not self.working and self.selected() is not None)

    def _say(self, text: str, error: bool = False) -> None:
        self.result_line.setStyleSheet(f"color: {'#b3261e' if error else '#2e6b30'};")
        self.result_line.setText(text)

    def _busy(self, on: bool, text: str = "") -> None:
        self.working = on
        self.progress.setVisible(on)
        if on:
            self.progress.setRange(0, 0)
            self.progress.setFormat(text)
            self.result_line.clear()
        self._enable()

    def on_failed(self, exc: Exception) -> None:
        self._busy(False)
        self._say(self.ctx.message(exc), error=True)

    # ---- backing up -------------------------------------------------------------------------------------
    def on_back_up(self) -> None:
        db = self.db_path
        self._busy(True, self.tr("正在备份并校验…"))
        self.ctx.tasks.write(lambda: backups.made_and_rotated(db, "manual"), self.on_backed_up,
                             on_error=self.on_failed, changes=NOTHING, parent=self, label="backup")

    def on_backed_up(self, made: Backup) -> None:
        self._busy(False)
        self._say(self.tr("已备份并校验:{file}({size})").format(file=show_name(made.path), size=human_size(made.size)))
        self.refresh()

    def stick_folder(self) -> str | None:
        """The folder for the sealed copy (a test replaces this)."""
        start = Settings(self.ctx.settings).get(SYNC_FOLDER) or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择U盘或文件夹"), start)
        return folder or None

    def on_back_up_to_stick(self) -> None:
        folder = self.stick_folder()
        if not folder:
            return
        svc = self.ctx.services
        self._busy(True, self.tr("正在备份并加密写到U盘…"))
        self.ctx.tasks.write(lambda: backups.back_up_to_stick(svc, Path(folder)), self.on_stick_written,
                             on_error=self.on_failed, changes=NOTHING, parent=self, label="backup to stick")

    def on_stick_written(self, made: tuple[Backup, Path]) -> None:
        self._busy(False)
        _backup, sealed = made
        self._say(self.tr("已加密写到:{file}(只有本机和县级中心的密钥能打开)。请安全弹出U盘后再拔出。")
                  .format(file=show_path(sealed)))
        self.refresh()

    def on_open_folder(self) -> None:
        folder = backups.backup_dir(self.db_path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder if folder.is_dir() else self.db_path.parent)))

    # ---- restoring --------------------------------------------------------------------------------------
    def on_restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and not self.working:
            self.confirm_restore(chosen.path, self.tr("{time} 的备份({kind})").format(
                time=f"{chosen.taken_at:%Y-%m-%d %H:%M}", kind=self.kinds.get(chosen.reason, chosen.reason)))

    def restore_file(self) -> str | None:
        """The backup file chosen (a test replaces this)."""
        start = Settings(self.ctx.settings).get(SYNC_FOLDER) or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), start,
                                              self.tr("一米团备份 (*.db *.age);;所有文件 (*)"))
        return path or None

    def on_restore_file(self) -> None:
        path = self.restore_file()
        if path:
            self.confirm_restore(Path(path), self.tr("备份文件 {file}").format(file=show_name(Path(path))))

    def confirm_restore(self, path: Path, what: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("恢复备份"), self.tr(
            "用 {what} 替换本机现在的数据库?").format(what=what), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmRestore")
        box.setInformativeText(self.tr(
            "现在的数据库({db})会被这个备份替换:备份之后录入和导入的内容将从本机消失。"
            "其中已经同步到县级中心的,下次同步时会传回本机;没有同步过的会丢失。\n\n"
            "恢复之前会先把现在的数据库完整备份一份(类型“恢复前”),需要时可以再恢复回来。"
            "恢复后本机换用新的设备编号,窗口会重新打开。").format(db=show_path(self.db_path)))
        go = box.addButton(self.tr("恢复"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.message = box
        box.finished.connect(lambda _r: self.start_restore(path) if box.clickedButton() is go else None)
        box.open()

    def start_restore(self, path: Path) -> None:
        """Confirmed: put every open visit draft on the write queue first (it goes into the 恢复前 copy), then
        restore on the write worker, after it."""
        from ..visit_editor.view import VisitEditor

        window = self.parentWidget()
        for editor in window.findChildren(VisitEditor) if window is not None else []:
            editor.flush()
        old, factory, emit = self.ctx.services, self.ctx.factory, self.bridge.step.emit
        self._busy(True, self.tr("正在检查备份…"))
        self.close_button.setEnabled(False)
        self.ctx.tasks.write(lambda: backups.restore_and_reopen(old, path, factory, emit), self.on_restored_done,
                             on_error=self.on_failed, changes=NOTHING, label="restore")

    def on_step(self, step: str) -> None:
        texts = {"check": self.tr("正在检查备份…"), "close": self.tr("正在关闭数据库…"),
                 "copy": self.tr("正在备份现在的数据库并恢复…"), "open": self.tr("正在打开恢复的数据库…")}
        order = list(texts)
        if step in texts:
            self.progress.setRange(0, len(order))
            self.progress.setValue(order.index(step))
            self.progress.setFormat(texts[step])

    def on_restored_done(self, outcome: Reopened) -> None:
        self._busy(False)
        lang = self.ctx.lang
        if outcome.services is None:  # restored or not, it cannot be opened here any more: start again
            box = QMessageBox(QMessageBox.Icon.Critical, self.tr("恢复备份"), self.tr(
                "数据库没能重新打开:{error}\n请关闭软件后重新打开。").format(
                    error=outcome.error.text(lang) if outcome.error else ""), QMessageBox.StandardButton.Ok, self)
            self.message = box
            box.finished.connect(lambda _r: QApplication.quit())
            box.open()
            return
        if not outcome.replaced:
            text = self.tr("没有恢复:{error}").format(error=outcome.error.text(lang) if outcome.error else "")
            self._say(text, error=True)
        else:
            text = self.tr("已恢复。恢复前的数据库已备份为 {file},需要时可以在这里再恢复回来。").format(
                file=show_name(outcome.safety.path) if outcome.safety else "")
            notices = [n.text(lang) for n in outcome.services.notices]
            if notices:
                text += "\n\n" + "\n".join(notices)
            self._say(text)
        icon = QMessageBox.Icon.Information if outcome.replaced else QMessageBox.Icon.Warning
        title = self.tr("恢复备份")
        self.accept()
        if self.on_restored is not None:  # the window is rebuilt on the services opened anew (the old are retired)
            self.on_restored(outcome.services)
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok)  # on its own: the old window is gone
        box.setObjectName("restoreResult")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = box
        box.open()

    # ---- at the hub: a dead or lost laptop's stick copy -------------------------------------------------
    def salvage_file(self) -> str | None:
        """The laptop's stick copy chosen (a test replaces this)."""
        start = Settings(self.ctx.settings).get(SYNC_FOLDER) or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择笔记本的U盘备份"), start,
                                              self.tr("笔记本的U盘备份 (*.age);;一米团备份 (*.db);;所有文件 (*)"))
        return path or None

    def on_salvage(self, path: str | None = None, unsigned: bool = False) -> None:
        path = path or self.salvage_file()
        if not path:
            return
        from ...services.salvage import salvage

        svc = self.ctx.services
        self._busy(True, self.tr("正在收取笔记本备份中的工作…"))
        self.ctx.tasks.write(lambda: salvage(svc, Path(path), unsigned=unsigned), self.on_salvaged,
                             on_error=lambda exc: self.on_salvage_failed(exc, path), changes=Changes.everything(),
                             parent=self, label="salvage")

    def on_salvage_failed(self, exc: Exception, path: str) -> None:
        from ...services.salvage import Unsigned

        self.on_failed(exc)
        if not isinstance(exc, Unsigned):
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("收取笔记本的U盘备份"), self.tr(
            "这个备份没有笔记本的签名(以前的版本做的,或是 .db 文件),不能确认它出自那台笔记本。"
            "这个U盘是那位干部当面交来的吗?"), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmUnsigned")
        take = box.addButton(self.tr("是,照样收取"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        self.message = box
        box.finished.connect(lambda _r: self.on_salvage(path, unsigned=True) if box.clickedButton() is take else None)
        box.open()

    def on_salvaged(self, got) -> None:
        self._busy(False)
        if got.duplicate:
            self._say(self.tr("这个备份已经收取过,本中心数据没有改动。"))
            return
        st = got.stats
        text = self.tr("已收取笔记本“{name}”备份中的工作:{n} 条本中心还没有的修改。").format(
            name=got.laptop, n=st.changes if st else 0)
        if got.revoked:
            text += self.tr("该笔记本已注销,它的工作照样收下。")
        if got.missing_files:
            text += self.tr("有 {n} 张照片或附件的文件不在备份里,没能收回。").format(n=got.missing_files)
        self._say(text)
        self.refresh()

    def reject(self) -> None:
        if not self.working:  # a restore under way finishes first
            super().reject()
