"""The 原文 tab: the original PDF page (QtPdf) with the selected problem's region outlined.

Pages are rendered with QPdfDocument.render at the width of the view; the bbox
(PDF points, origin top-left, as core.model.Location keeps it) is scaled onto
the image, so the outline sits exactly on the text.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox, QVBoxLayout,
                               QWidget)

try:
    from PySide6.QtPdf import QPdfDocument
except ImportError:  # PySide6-Pdf not installed: the tab says so
    QPdfDocument = None

from .strings import SEVERITY_FG


class PdfView(QWidget):
    pageChanged = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pdf = QPdfDocument(self) if QPdfDocument else None
        self.page = 0                       # 0-based
        self.bbox_page = -1                 # the page the outline belongs to
        self.bbox: tuple[float, float, float, float] | None = None
        self.severity = "fail"
        self.scale = 1.0
        self._build()
        self.clear()

    def _build(self) -> None:
        self.page_box = QSpinBox(self)
        self.page_box.setPrefix("第 ")
        self.page_box.setSuffix(" 页")
        self.page_box.setAccessibleName("页码")
        self.page_box.valueChanged.connect(lambda v: self.show_page(v - 1))
        self.count_label = QLabel(self)
        prev_btn = QPushButton("上一页", self)
        next_btn = QPushButton("下一页", self)
        prev_btn.clicked.connect(lambda: self.show_page(self.page - 1))
        next_btn.clicked.connect(lambda: self.show_page(self.page + 1))
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setAccessibleName("原文页面")
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.image)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("QScrollArea { background: #808080; }")
        bar = QHBoxLayout()
        bar.addWidget(prev_btn)
        bar.addWidget(self.page_box)
        bar.addWidget(self.count_label)
        bar.addWidget(next_btn)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.scroll, 1)

    @property
    def page_count(self) -> int:
        return self.pdf.pageCount() if self.pdf is not None else 0

    def clear(self, text: str = "原文页面只对 PDF 文件显示。") -> None:
        if self.pdf is not None:
            self.pdf.close()
        self.bbox = None
        self.page_box.setRange(0, 0)
        self.count_label.setText("")
        self.image.setPixmap(QPixmap())
        self.image.setText(text if self.pdf is not None else "未安装 PDF 显示组件（PySide6-Pdf），无法显示原文。")

    def load(self, path: str) -> bool:
        if self.pdf is None:
            return False
        self.pdf.close()
        self.pdf.load(path)
        if self.pdf.status() != QPdfDocument.Status.Ready or self.page_count == 0:
            self.clear("无法显示这个 PDF 的原文页面。")
            return False
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, self.page_count)
        self.page_box.blockSignals(False)
        self.count_label.setText(f"共 {self.page_count} 页")
        self.bbox = None
        self.show_page(0)
        return True

    def show_place(self, page: int, bbox, severity: str = "fail") -> None:
        """Show a 1-based page and outline bbox (points, top-left origin) on it."""
        self.bbox, self.severity = (tuple(bbox) if bbox else None), severity
        self.bbox_page = page - 1
        self.show_page(page - 1)
        if self.bbox:
            y = int(self.bbox[1] * self.scale)
            self.scroll.verticalScrollBar().setValue(max(0, y - self.scroll.viewport().height() // 3))

    def show_page(self, page: int) -> None:
        if self.page_count == 0:
            return
        page = max(0, min(page, self.page_count - 1))
        self.page = page
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self._render()
        self.pageChanged.emit(page + 1)

    def outline_rect(self) -> QRectF | None:
        """The outline in image pixels (for tests)."""
        if not self.bbox or self.bbox_page != self.page:
            return None
        x0, top, x1, bottom = self.bbox
        return QRectF(QPointF(x0 * self.scale, top * self.scale), QPointF(x1 * self.scale, bottom * self.scale))

    def _render(self) -> None:
        size_pt = self.pdf.pagePointSize(self.page)
        width = max(300, self.scroll.viewport().width() - 24)
        self.scale = width / size_pt.width() if size_pt.width() else 1.0
        dpr = self.devicePixelRatioF()
        target = QSize(int(width * dpr), int(size_pt.height() * self.scale * dpr))
        img = self.pdf.render(self.page, target).convertToFormat(QImage.Format.Format_ARGB32)
        img.setDevicePixelRatio(dpr)
        rect = self.outline_rect()
        if rect is not None:
            p = QPainter(img)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            color = QColor(SEVERITY_FG.get(self.severity, "#c62828"))
            p.setPen(QPen(color, 2.5))
            fill = QColor(color)
            fill.setAlpha(40)
            p.setBrush(fill)
            p.drawRect(rect.adjusted(-3, -3, 3, 3))
            p.end()
        self.image.setPixmap(QPixmap.fromImage(img))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.page_count:
            self._render()
