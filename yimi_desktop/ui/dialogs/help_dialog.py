"""帮助: a short 使用说明 and the keyboard shortcuts actually bound.

The shortcut sheet is read from the live widgets (every QAction, QShortcut and button with a key
sequence in the window and its pages), not typed by hand, so it cannot drift from the code. A
QShortcut says what it does through its whatsThis(); one without falls back to the widget it
belongs to.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton, QDialog, QDialogButtonBox, QHeaderView, QLabel, QListWidget, QTableWidget, QTableWidgetItem, QTabWidget,
    QVBoxLayout, QWidget,
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _page_names(root: QWidget) -> dict[str, str]:
    """page object name ("page_visits") -> its name in the navigation ("走访")."""
    nav = root.findChild(QListWidget, "nav")
    if nav is None:
        return {}
    return {f"page_{nav.item(i).data(Qt.ItemDataRole.UserRole)}": nav.item(i).text() for i in range(nav.count())}


def _where(owner: QObject, pages: dict[str, str]) -> str:
    """The page a shortcut works on, or "" for the whole window."""
    obj: QObject | None = owner
    while obj is not None:
        if obj.objectName() in pages:
            return pages[obj.objectName()]
        obj = obj.parent()
    return ""


def bound_shortcuts(root: QWidget) -> list[tuple[str, str, str]]:
    """(keys, what, page) for every shortcut bound under `root`, in the platform's spelling, unique;
    page is "" for a shortcut of the whole window. Ordered by page (the window's first), then what."""
    pages = _page_names(root)
    seen: dict[tuple[str, str, str], None] = {}

    def add(seq: QKeySequence, what: str, owner: QObject) -> None:
        if not seq.isEmpty() and _plain(what):
            seen[(seq.toString(QKeySequence.SequenceFormat.NativeText), _plain(what), _where(owner, pages))] = None

    for act in root.findChildren(QAction):
        for seq in act.shortcuts():
            add(seq, act.text(), act)
    for sc in root.findChildren(QShortcut):
        parent = sc.parent()
        add(sc.key(), sc.whatsThis() or (parent.windowTitle() or parent.accessibleName() or parent.toolTip()
                                         if isinstance(parent, QWidget) else ""), sc)
    for button in root.findChildren(QAbstractButton):
        add(button.shortcut(), button.text(), button)
    order = {name: i for i, name in enumerate(pages.values())}
    return sorted(seen, key=lambda r: (order.get(r[2], -1), r[1], r[0]))


class HelpDialog(QDialog):
    """Two tabs: 使用说明 and 快捷键 (the sheet collected from `root`)."""

    def __init__(self, root: QWidget, start_tab: int = 0, parent: QWidget | None = None):
        super().__init__(parent or root)
        self.setWindowTitle(self.tr("帮助"))
        self.resize(720, 560)
        self.tabs = QTabWidget()
        guide = QLabel(self.tr(
            "<h3>使用说明</h3>"
            "<p><b>1. 我是</b>:在工作台输入自己的姓名或拼音首字母,选定使用本机的团员。</p>"
            "<p><b>2. 走访</b>:走访页按 Ctrl+N 新建;选企业、日期、时间(Tab 到下一项,←→ 在年月日之间移动),"
            "填写团员、宣讲政策、企业诉求;随时自动保存草稿,完成后不再丢失。</p>"
            "<p><b>3. 诉求台账</b>:按状态、日期、团队筛选,交办、办结、回访都在右侧详情里完成。</p>"
            "<p><b>4. 报表</b>:选择期间和团队,生成工作简报或问题台账PDF。</p>"
            "<p><b>5. 同步</b>:插入U盘,导出给县中心或导入对方的数据包;两台设备改了同一项时在同步页处理冲突。</p>"))
        guide.setWordWrap(True)
        guide.setTextFormat(Qt.TextFormat.RichText)
        guide.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.tabs.addTab(guide, self.tr("使用说明"))
        rows = bound_shortcuts(root)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels([self.tr("按键"), self.tr("作用"), self.tr("在哪一页")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        everywhere = self.tr("所有页面")
        for i, (keys, what, page) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(keys))
            self.table.setItem(i, 1, QTableWidgetItem(what))
            self.table.setItem(i, 2, QTableWidgetItem(page or everywhere))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.tabs.addTab(self.table, self.tr("快捷键"))
        self.tabs.setCurrentIndex(start_tab)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def shortcuts(self) -> list[tuple[str, str]]:
        return [(self._text(i, 0), self._text(i, 1)) for i in range(self.table.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
