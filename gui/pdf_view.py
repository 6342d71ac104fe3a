"""The 原文 tab: the original PDF's pages with the selected problem's region outlined.

- shown only for a file the checker has read: the window calls ``load(path)`` after a
  successful check; until then (and for other formats) a placeholder says why it is empty;
- loaded and rendered off the UI thread (gui/render_pdf.py): the file is read once into
  memory and never held open; the reader's limits (50 MB, 200 pages) apply; only the
  pages on screen are rendered, at the size they are shown;
- pages one below the other on a grey background, each with an edge and a shadow;
  fit-width by default (right on first show: the zoom follows the viewport's real width),
  zoom in/out from the toolbar, with Ctrl+wheel and Ctrl+= / Ctrl+- (Ctrl+0: fit width);
- the outline of a finding (core.model.Location.bbox) is mapped onto the page as it is
  drawn (CropBox and /Rotate, see render_pdf.PageGeometry), then scaled and offset by
  the page's place in the view (document margins, page spacing, centring).
"""
from __future__ import annotations

import bisect
import math

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (QAbstractScrollArea, QHBoxLayout, QLabel, QSpinBox, QToolButton,
                               QVBoxLayout, QWidget)

from .render_pdf import MAX_IMAGE_PIXELS, QPdfDocument, OpenedPdf, PageGeometry, PdfRenderer
from .strings import SEVERITY_FG

MARGIN = 16          # grey around the pages (px)
SPACING = 14         # grey between two pages (px)
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
BACKGROUND = QColor("#8a8d91")
PAGE_EDGE = QColor("#5b5e62")
CACHE_PAGES = 12     # rendered page images kept (besides those on screen) ...
CACHE_BYTES = 256 * 1024 * 1024   # ... and at most this much of them

PLACEHOLDER = "检查完成后，这里显示 PDF 原件。"
NOT_PDF = "原文页面只对 PDF 文件显示。"


class PageArea(QAbstractScrollArea):
    """The scrolling page surface.  Knows the layout; paints cached page images."""

    zoomRequested = Signal(int, QPointF)   # +1 / -1 steps, anchor in viewport coordinates

    def __init__(self, view: "PdfView"):
        super().__init__(view)
        self.view = view
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("原文页面")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit width never oscillates
        self.viewport().setAutoFillBackground(False)
        self.verticalScrollBar().setSingleStep(24)
        self.horizontalScrollBar().setSingleStep(24)

    def paintEvent(self, event) -> None:
        self.view._paint(self.viewport(), event.rect())

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Resize:   # the viewport's own size: fit width follows it
            self.view._viewport_resized()
        return super().viewportEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        self.view._scrolled()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dy = event.angleDelta().y()
            if dy:
                self.zoomRequested.emit(1 if dy > 0 else -1, event.position())
            event.accept()
            return
        super().wheelEvent(event)


class PdfView(QWidget):
    pageChanged = Signal(int)      # 1-based page at the top third of the view
    loaded = Signal(bool)          # a load finished: pages to show (True) or a message (False)
    zoomChanged = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.renderer = PdfRenderer(self)
        self.renderer.opened.connect(self._on_opened)
        self.renderer.rendered.connect(self._on_rendered)
        self._gen = 0                       # the generation shown / being loaded
        self._loading = False
        self._info: OpenedPdf | None = None
        self._pages: list[PageGeometry] = []
        self._tops: list[int] = []          # page tops in content coordinates (px)
        self._sizes: list[tuple[int, int]] = []
        self._content = QSize(0, 0)
        self._cache: dict[int, tuple[int, QImage]] = {}  # page -> (generation, last image, any size)
        self._message = PLACEHOLDER
        self.path: str | None = None
        self.page = 0                       # 0-based current page
        self.bbox_page = -1                 # the page the outline belongs to (0-based)
        self.bbox: tuple[float, float, float, float] | None = None
        self.severity = "fail"
        self.fit = True                     # fit width, or a fixed zoom
        self._zoom = 1.0
        self._pending_place: tuple[int, tuple | None] | None = None
        self._reopen = None
        self._build()
        self._relayout()

    # ------------------------------------------------------------ widgets
    def _build(self) -> None:
        def tool(text: str, tip: str, slot) -> QToolButton:
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            return b
        self.prev_button = tool("上一页", "上一页（PageUp 翻屏）", lambda: self.show_page(self.page - 1))
        self.next_button = tool("下一页", "下一页（PageDown 翻屏）", lambda: self.show_page(self.page + 1))
        self.page_box = QSpinBox(self)
        self.page_box.setPrefix("第 ")
        self.page_box.setSuffix(" 页")
        self.page_box.setAccessibleName("页码")
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda v: self.show_page(v - 1))
        self.count_label = QLabel(self)
        self.zoom_out_button = tool("缩小", "缩小（Ctrl+-，或按住 Ctrl 滚动滚轮）", self.zoom_out)
        self.zoom_out_button.setAccessibleName("缩小")
        self.zoom_label = QLabel("100%", self)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400%") + 8)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setAccessibleName("缩放比例")
        self.zoom_in_button = tool("放大", "放大（Ctrl+=，或按住 Ctrl 滚动滚轮）", self.zoom_in)
        self.zoom_in_button.setAccessibleName("放大")
        self.fit_button = tool("适合宽度", "页面宽度适合窗口（Ctrl+0）", self.fit_width)
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.area = PageArea(self)
        self.area.zoomRequested.connect(self._zoom_step_at)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.setSpacing(4)
        for w in (self.prev_button, self.page_box, self.count_label, self.next_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.area, 1)
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        seen: set[str] = set()      # one shortcut per key: two on the same key would both be ambiguous
        for keys, slot in ((["Ctrl+=", "Ctrl++"] + QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn),
                            self.zoom_in),
                           (["Ctrl+-"] + QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
                           (["Ctrl+0"], self.fit_width)):
            for k in keys:
                seq = QKeySequence(k)
                name = seq.toString(QKeySequence.SequenceFormat.PortableText)
                if not name or name in seen:
                    continue
                seen.add(name)
                sc = QShortcut(seq, self)
                sc.setContext(ctx)
                sc.activated.connect(slot)
        self.setFocusProxy(self.area)

    # ------------------------------------------------------------ state
    @property
    def page_count(self) -> int:
        """Pages of the document shown.  A load in flight is waited for (≤ 3 s): this is the
        accessor tests use; the window reacts to ``loaded`` instead."""
        self._settle()
        return len(self._pages)

    @property
    def ready(self) -> bool:
        return not self._loading and bool(self._pages)

    @property
    def drawn(self) -> bool:
        """Every page on screen is drawn from an image of the current document at its current size."""
        if not self.ready:
            return False
        dpr = self.area.viewport().devicePixelRatioF()
        for page in self._visible_pages():
            gen, img = self._cache.get(page, (0, None))
            if img is None or gen != self._gen or img.size() != _render_size(self.page_rect(page).size(), dpr):
                return False
        return True

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def message(self) -> str:
        """The placeholder or error shown instead of pages ("" while pages are shown)."""
        return "" if self._pages else self._message

    @property
    def zoom(self) -> float:
        """1.0 = 100 % (a point is 1/72 inch at the screen's logical DPI)."""
        return self._zoom

    @property
    def scale(self) -> float:
        """Logical pixels per PDF point."""
        return self._zoom * self._dpi() / 72.0

    def _dpi(self) -> float:
        return float(self.logicalDpiX() or 96)

    def clear(self, text: str = NOT_PDF) -> None:
        """No document: the placeholder ``text`` (the default: not a PDF)."""
        if QPdfDocument is None:
            text = "未安装 PDF 显示组件（PySide6-Pdf），无法显示原文。"
        self.renderer.close()
        self._gen = self.renderer.gen
        self._loading = False
        self._info = None
        self._pages = []
        self._cache.clear()
        self.path = None
        self.bbox = None
        self.bbox_page = -1
        self._pending_place = None
        self.page = 0
        self._message = text
        self._update_bar()
        self._relayout()

    def load(self, path: str) -> bool:
        """Show the PDF at ``path`` (which the checker has read).  Returns at once: the file is read
        and opened in the render thread; ``loaded`` tells when pages are there.  False if there is
        no PDF component."""
        if QPdfDocument is None:
            self.clear()
            return False
        same = self.path == path and bool(self._pages)
        keep = (self.page, self.bbox_page, self.bbox, self.severity) if same else None
        self.path = path
        self._gen = self.renderer.open(path)
        self._loading = True
        if not same:
            self._pages = []
            self._cache.clear()
            self.bbox = None
            self.bbox_page = -1
            self.page = 0
            self._message = "正在打开 PDF 原件……"
            self._relayout()
        self._reopen = keep
        self._update_bar()
        return True

    def _settle(self, timeout: float = 3.0) -> None:
        """Finish a load in flight now (for accessors used by tests)."""
        if self._loading:
            info = self.renderer.wait_opened(self._gen, timeout)
            if info is not None:
                self._on_opened(self._gen, info)

    def _on_opened(self, gen: int, info: OpenedPdf) -> None:
        if gen != self._gen or not self._loading:
            return
        self._loading = False
        self._info = info
        reopen = getattr(self, "_reopen", None)
        self._reopen = None
        if reopen is None:
            self._cache.clear()
        else:       # the same draft saved again: its old pages stay on screen until the new ones come
            self._cache = {p: v for p, v in self._cache.items() if p < len(info.pages)}
        if info.error or not info.pages:
            self._pages = []
            self._message = info.error or "无法显示这个 PDF 的原文页面。"
            self.bbox = None
            self._update_bar()
            self._relayout()
            self.loaded.emit(False)
            return
        self._pages = list(info.pages)
        self._message = ""
        self._relayout()
        self._update_bar()
        if self._pending_place is not None:
            page, bbox = self._pending_place[:2]
            self._pending_place = None
            self.show_place(page, bbox, self.severity)
        elif reopen is not None:                    # the same draft again (re-checked): stay where we were
            page, self.bbox_page, self.bbox, self.severity = reopen
            self.page = min(page, len(self._pages) - 1)
            self._update_bar()
        else:
            self.show_page(0)
        self.area.viewport().update()
        self.loaded.emit(True)

    def _on_rendered(self, gen: int, page: int, w: int, h: int, img: QImage) -> None:
        if gen != self._gen or not (0 <= page < len(self._pages)):
            return
        img.setDevicePixelRatio(self.devicePixelRatioF())
        self._cache.pop(page, None)
        self._cache[page] = (gen, img)          # the newest last: evicted last
        visible = set(self._visible_pages())
        size = sum(im.sizeInBytes() for _, im in self._cache.values())
        for p in [p for p in self._cache if p not in visible]:
            if len(self._cache) <= CACHE_PAGES and size <= CACHE_BYTES:
                break
            size -= self._cache.pop(p)[1].sizeInBytes()
        self.area.viewport().update()

    # ------------------------------------------------------------ layout
    def _fit_zoom(self) -> float:
        if not self._pages:
            return self._zoom
        avail = self.area.viewport().width() - 2 * MARGIN
        widest = max(p.width for p in self._pages) or 1.0
        z = avail / (widest * self._dpi() / 72.0)
        return max(0.05, min(MAX_ZOOM, z))

    def _relayout(self) -> None:
        """Page sizes and places for the current zoom (fit width: from the viewport's real width)."""
        if self.fit and self._pages:
            self._zoom = self._fit_zoom()
        s = self.scale
        self._sizes = [(max(1, round(p.width * s)), max(1, round(p.height * s))) for p in self._pages]
        self._tops = []
        y = MARGIN
        for _, h in self._sizes:
            self._tops.append(y)
            y += h + SPACING
        width = max((w for w, _ in self._sizes), default=0) + 2 * MARGIN
        height = (y - SPACING + MARGIN) if self._sizes else 0
        self._content = QSize(width, height)
        vp = self.area.viewport().size()
        hbar, vbar = self.area.horizontalScrollBar(), self.area.verticalScrollBar()
        hbar.setRange(0, max(0, width - vp.width()))
        hbar.setPageStep(vp.width())
        vbar.setRange(0, max(0, height - vp.height()))
        vbar.setPageStep(vp.height())
        self.zoom_label.setText(f"{round(self._zoom * 100)}%")
        self.area.viewport().update()

    def page_rect(self, page: int) -> QRect:
        """A page's rectangle in viewport coordinates (logical px)."""
        if not (0 <= page < len(self._sizes)):
            return QRect()
        w, h = self._sizes[page]
        vw = self.area.viewport().width()
        x = max(MARGIN, (max(self._content.width(), vw) - w) // 2)
        return QRect(x - self.area.horizontalScrollBar().value(),
                     self._tops[page] - self.area.verticalScrollBar().value(), w, h)

    def _visible_pages(self) -> list[int]:
        if not self._sizes:
            return []
        top = self.area.verticalScrollBar().value()
        bottom = top + self.area.viewport().height()
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        out = []
        for p in range(first, len(self._sizes)):
            if self._tops[p] > bottom:
                break
            if self._tops[p] + self._sizes[p][1] >= top:
                out.append(p)
        return out

    def box_rect(self, page: int, bbox) -> QRectF | None:
        """The reader's bbox on ``page`` (0-based) in viewport coordinates."""
        if bbox is None or not (0 <= page < len(self._pages)):
            return None
        x0, top, x1, bottom = self._pages[page].to_page(bbox)
        pr = self.page_rect(page)
        s = self.scale
        return QRectF(QPointF(pr.x() + x0 * s, pr.y() + top * s), QPointF(pr.x() + x1 * s, pr.y() + bottom * s))

    def outline_rect(self) -> QRectF | None:
        """The outline in page pixels (origin: the page's top-left), for tests."""
        self._settle()
        if not self.bbox or not self._pages:
            return None
        r = self.box_rect(self.bbox_page, self.bbox)
        pr = self.page_rect(self.bbox_page)
        return r.translated(-pr.x(), -pr.y()) if r is not None else None

    def outline_view_rect(self) -> QRectF | None:
        """The outline as drawn, in viewport coordinates (the stroke lies 3 px outside)."""
        if not self.bbox or not self._pages:
            return None
        return self.box_rect(self.bbox_page, self.bbox)

    # ------------------------------------------------------------ navigation
    def show_place(self, page: int, bbox, severity: str = "fail") -> None:
        """Show a 1-based page and outline bbox (reader coordinates) on it, in the upper third."""
        self.severity = severity
        self.bbox = tuple(bbox) if bbox else None
        self.bbox_page = page - 1
        self.page = max(0, page - 1)
        if not self._pages:
            if self._loading:
                self._pending_place = (page, self.bbox)
            return
        self.page = max(0, min(page - 1, len(self._pages) - 1))
        vbar, hbar = self.area.verticalScrollBar(), self.area.horizontalScrollBar()
        r = self.box_rect(self.bbox_page, self.bbox) if self.bbox else None
        if r is None:
            vbar.setValue(self._tops[self.page] - MARGIN)
        else:
            vbar.setValue(vbar.value() + int(r.top()) - self.area.viewport().height() // 3)
            vw = self.area.viewport().width()
            if r.left() < 0 or r.right() > vw:
                hbar.setValue(hbar.value() + int(r.center().x()) - vw // 2)
        self.page = max(0, min(page - 1, len(self._pages) - 1))   # the page of the box, wherever it sits
        self._update_bar()
        self.area.viewport().update()
        self.pageChanged.emit(self.page + 1)

    def clear_outline(self) -> None:
        self.bbox = None
        self.bbox_page = -1
        self._pending_place = None
        self.area.viewport().update()

    def show_page(self, page: int) -> None:
        if not self._pages:
            return
        page = max(0, min(page, len(self._pages) - 1))
        self.page = page
        self.area.verticalScrollBar().setValue(self._tops[page] - MARGIN)
        self._update_bar()
        self.pageChanged.emit(page + 1)

    def _scrolled(self) -> None:
        if not self._pages:
            return
        line = self.area.verticalScrollBar().value() + self.area.viewport().height() * 0.4
        p = max(0, bisect.bisect_right(self._tops, line) - 1)
        if p != self.page:
            self.page = p
            self._update_bar()
            self.pageChanged.emit(p + 1)

    def _update_bar(self) -> None:
        n = len(self._pages)
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if n else 0, max(n, 0))
        self.page_box.setValue(self.page + 1 if n else 0)
        self.page_box.blockSignals(False)
        self.count_label.setText(f"共 {n} 页" if n else "")
        for w in (self.page_box, self.prev_button, self.next_button, self.zoom_in_button,
                  self.zoom_out_button, self.fit_button):
            w.setEnabled(bool(n))
        self.prev_button.setEnabled(n > 0 and self.page > 0)
        self.next_button.setEnabled(n > 0 and self.page < n - 1)
        self.fit_button.setChecked(self.fit)

    # ------------------------------------------------------------ zoom
    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """A fixed zoom (fit width off), keeping the point under ``anchor`` (viewport coordinates,
        default: the centre) where it is."""
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        vp = self.area.viewport()
        anchor = anchor if anchor is not None else QPointF(vp.width() / 2, vp.height() / 2)
        hbar, vbar = self.area.horizontalScrollBar(), self.area.verticalScrollBar()
        old = self.scale
        cx = (hbar.value() + anchor.x() - self._x_offset()) / old if old else 0
        cy = (vbar.value() + anchor.y()) / old if old else 0
        self.fit = False
        self._zoom = zoom
        self._relayout()
        new = self.scale
        hbar.setValue(round(cx * new + self._x_offset() - anchor.x()))
        vbar.setValue(round(cy * new - anchor.y()))
        self._update_bar()
        self.zoomChanged.emit(self._zoom)

    def _x_offset(self) -> int:
        """Where the widest page starts in content coordinates."""
        widest = max((w for w, _ in self._sizes), default=0)
        return max(MARGIN, (max(self._content.width(), self.area.viewport().width()) - widest) // 2)

    def zoom_in(self) -> None:
        self._zoom_step_at(1, None)

    def zoom_out(self) -> None:
        self._zoom_step_at(-1, None)

    def _zoom_step_at(self, step: int, anchor: QPointF | None) -> None:
        if not self._pages:
            return
        z = self._zoom
        if step > 0:
            target = next((s for s in ZOOM_STEPS if s > z * 1.01), MAX_ZOOM)
        else:
            target = next((s for s in reversed(ZOOM_STEPS) if s < z * 0.99), MIN_ZOOM)
        self.set_zoom(target, anchor)

    def fit_width(self) -> None:
        if not self._pages:
            return
        top = self.area.verticalScrollBar().value()
        rel = top / max(1, self._content.height())
        self.fit = True
        self._relayout()
        self.area.verticalScrollBar().setValue(round(rel * self._content.height()))
        self._update_bar()
        self.zoomChanged.emit(self._zoom)

    def _viewport_resized(self) -> None:
        if not self._pages:
            self._relayout()
            return
        vbar = self.area.verticalScrollBar()
        rel = vbar.value() / max(1, self._content.height())
        self._relayout()
        if self.fit:
            vbar.setValue(round(rel * self._content.height()))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._relayout()          # the viewport has its real size now: never a thumbnail on first show

    # ------------------------------------------------------------ painting
    def _paint(self, viewport: QWidget, clip: QRect) -> None:
        p = QPainter(viewport)
        p.fillRect(clip, BACKGROUND)
        if not self._pages:
            p.setPen(QColor("#f4f4f4"))
            p.drawText(viewport.rect().adjusted(24, 24, -24, -24),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                       self._message)
            p.end()
            return
        dpr = viewport.devicePixelRatioF()
        wanted = []
        visible = self._visible_pages()
        middle = self.area.viewport().height() / 2
        for page in visible:
            r = self.page_rect(page)
            for i, alpha in ((4, 28), (3, 40), (2, 56)):       # a soft shadow below and to the right
                p.fillRect(r.translated(i, i), QColor(0, 0, 0, alpha))
            p.fillRect(r, Qt.GlobalColor.white)
            gen, img = self._cache.get(page, (0, None))
            want = _render_size(r.size(), dpr)
            if img is not None:
                p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, img.size() != want)
                p.drawImage(QRectF(r), img)
            if img is None or img.size() != want or gen != self._gen:
                wanted.append((page, want.width(), want.height()))
            p.setPen(QPen(PAGE_EDGE, 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(r.adjusted(0, 0, -1, -1))
            if self.bbox and page == self.bbox_page:
                self._paint_outline(p, page)
        # the page nearest the middle of the view first, then the others, then the next page
        wanted.sort(key=lambda r: abs(self.page_rect(r[0]).center().y() - middle))
        for page in self._neighbours():
            if self._cache.get(page, (0, None))[0] != self._gen:
                want = _render_size(self.page_rect(page).size(), dpr)
                wanted.append((page, want.width(), want.height()))
        p.end()
        self.renderer.want(self._gen, wanted)

    def _neighbours(self) -> list[int]:
        vis = self._visible_pages()
        if not vis:
            return []
        return [p for p in (vis[-1] + 1,) if p < len(self._pages)]

    def _paint_outline(self, p: QPainter, page: int) -> None:
        rect = self.box_rect(page, self.bbox)
        if rect is None:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(SEVERITY_FG.get(self.severity, "#c62828"))
        p.setPen(QPen(color, 2.5))
        fill = QColor(color)
        fill.setAlpha(40)
        p.setBrush(fill)
        p.drawRect(rect.adjusted(-3, -3, 3, 3))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def _render_size(size: QSize, dpr: float) -> QSize:
    """Device pixels for a page shown at ``size`` (logical px), within MAX_IMAGE_PIXELS."""
    w, h = max(1, round(size.width() * dpr)), max(1, round(size.height() * dpr))
    if w * h > MAX_IMAGE_PIXELS:
        f = math.sqrt(MAX_IMAGE_PIXELS / (w * h))
        w, h = max(1, int(w * f)), max(1, int(h * f))
    return QSize(w, h)
