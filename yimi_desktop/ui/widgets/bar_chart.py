"""A small bar chart drawn with QPainter (no PySide6-Addons): labelled bars, one or two series, a click on a
bar says which (`bar_clicked(index)`), the values as text beside each bar so it reads without colour."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

SERIES_COLOURS = (QColor("#1f5fbf"), QColor("#2e7d32"))


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]  # one per series
    text: str  # shown at the bar's end, e.g. "12/15 80%"


class BarChart(QWidget):
    """Horizontal bars, one row per item; with two series each row has two thin bars."""

    bar_clicked = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None, max_value: float | None = None):
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.max_value = max_value
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self.updateGeometry()
        self.update()

    def row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        return QSize(360, self.row_height() * (max(len(self.bars), 1) + 1) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, self.row_height() * 3)

    def _label_width(self) -> int:
        fm = self.fontMetrics()
        return min(max((fm.horizontalAdvance(b.label) for b in self.bars), default=40) + 8, self.width() // 3)

    def bar_at(self, y: float) -> int | None:
        i = int((y - self.row_height()) // self.row_height())
        return i if 0 <= i < len(self.bars) else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        i = self.bar_at(event.position().y())
        if i is not None and event.button() == Qt.MouseButton.LeftButton:
            self.bar_clicked.emit(i)
        super().mouseReleaseEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        rh = self.row_height()
        p.setPen(QColor("#333333"))
        p.drawText(QRectF(0, 0, self.width(), rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        if not self.bars:
            return
        lw = self._label_width()
        tw = max(fm.horizontalAdvance(b.text) for b in self.bars) + 8
        span = max(self.width() - lw - tw - 4, 10)
        top = max((v for b in self.bars for v in b.values), default=0.0)
        scale = self.max_value or top or 1.0
        for i, b in enumerate(self.bars):
            y = rh * (i + 1)
            p.setPen(QColor("#333333"))
            label = fm.elidedText(b.label, Qt.TextElideMode.ElideRight, lw - 6)
            p.drawText(QRectF(0, y, lw - 6, rh), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            n = len(b.values)
            thick = (rh - 6) / max(n, 1)
            end = lw
            for k, v in enumerate(b.values):
                w = span * max(v, 0.0) / scale
                p.fillRect(QRectF(lw, y + 3 + k * thick, w, thick - 1), SERIES_COLOURS[k % len(SERIES_COLOURS)])
                end = max(end, int(lw + w))
            p.setPen(QColor("#555555"))
            p.drawText(QRectF(end + 4, y, tw, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, b.text)
        p.end()
