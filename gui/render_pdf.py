"""Loading and rendering the original PDF for the 原文 tab, without ever freezing the window.

What had to be avoided (measured on this machine, a 3-page PDF of 5 MB whose pages carry a
million small vector paths each, which the checker reads without trouble):

- QPdfView lays its pages out on the UI thread with ``QPdfDocument.pagePointSize``, and QtPdf
  serialises every pdfium call behind one process-wide mutex: while its render thread draws
  such a page, every zoom or resize waits for it (2.6 s per zoom step);
- PySide6 keeps the GIL held inside ``QPdfDocument.render``: rendering from a Python thread
  stops every Python slot of the window for the whole page (9 s).

So: pages are rendered by QtPdf's own C++ thread (``QPdfPageRenderer``, multi-threaded mode:
no Python and no GIL there), one request at a time per document, and only for pages that are
on screen at the size they are shown; a request nobody wants any more is never sent.  The UI
thread calls QtPdf only while no page is being rendered anywhere (``_Gate``): opening a
document (in a loader thread) and deleting one wait for the render in flight to end.  Page
sizes are read once when a document is opened.

- the file is read once into memory (open, read, close) and handed to QtPdf in a QBuffer: it is
  never held open (on Windows an open file stops WPS from saving over it);
- the reader's limits (core.readers: 50 MB, 200 pages) are the viewer's limits: a larger file is
  never read, a document of more pages is closed before any page is drawn;
- the bbox of a finding (core.model.Location: x0, top, x1, bottom in the reader's coordinates,
  pdfplumber's: from the MediaBox with the page's /Rotate applied) is mapped onto the page as
  pdfium draws it (the CropBox, rotated) by ``PageGeometry``; the boxes are read with pypdf from
  the page dictionaries only (pdfium would parse every page's content to give them).
"""
from __future__ import annotations

import atexit
import logging
import os
from collections import deque
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import (QBuffer, QByteArray, QCoreApplication, QDeadlineTimer, QEventLoop, QIODevice,
                            QObject, QSize, QThread, Signal)
from PySide6.QtGui import QImage

try:
    from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer
except ImportError:  # PySide6-Pdf not installed: the tab says so
    QPdfDocument = QPdfPageRenderer = None

log = logging.getLogger(__name__)

def reader_limits() -> tuple[int, int]:
    """The reader's limits (bytes, pages): core.readers.MAX_FILE_BYTES, core.readers.pdf.MAX_PAGES.
    Imported when first needed, in the loader thread (the PDF reader's modules take ~0.1 s)."""
    from core.readers import MAX_FILE_BYTES
    try:
        from core.readers.pdf import MAX_PAGES
    except ImportError:  # pragma: no cover - the reader keeps its limit there
        MAX_PAGES = 200
    return MAX_FILE_BYTES, MAX_PAGES


MAX_IMAGE_PIXELS = 24_000_000   # one page image at most (~96 MB); beyond it a page is drawn scaled up

MSG_NO_QTPDF = "未安装 PDF 显示组件（PySide6-Pdf），无法显示原文。"
MSG_TOO_BIG = "文件太大（{mb} MB），超过 {limit} MB 上限，不显示原文页面。"
MSG_TOO_MANY = "页数过多（{n} 页），超过 {limit} 页上限，不显示原文页面。"
MSG_UNREADABLE = "无法显示这个 PDF 的原文页面。"
MSG_MISSING = "找不到文件，无法显示原文页面。"


# ---------------------------------------------------------------- page geometry (pure)

@dataclass(frozen=True)
class PageGeometry:
    """One page: its size as displayed (points) and how the reader's coordinates map onto it."""

    width: float                      # displayed size in points (CropBox, /Rotate applied)
    height: float
    media: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)   # MediaBox x0, y0, x1, y1 (sorted)
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)    # the box pdfium draws
    rotation: int = 0                 # /Rotate, clockwise: 0, 90, 180, 270
    exact: bool = False               # False: boxes unknown, the reader's coordinates are used as they are

    def to_page(self, bbox) -> tuple[float, float, float, float]:
        """The reader's (x0, top, x1, bottom) as (x0, top, x1, bottom) on the displayed page, in points."""
        x0, top, x1, bottom = (float(v) for v in bbox)
        if not self.exact:
            return (x0, top, x1, bottom)
        pts = [self._display(*self._user(x, t)) for x in (x0, x1) for t in (top, bottom)]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return (min(xs), min(ys), max(xs), max(ys))

    def _user(self, x: float, top: float) -> tuple[float, float]:
        """Reader coordinates -> PDF user space: the inverse of core.readers.pdf_pdfium._Frame
        (pdfminer's initial CTM for /Rotate and the MediaBox origin, then pdfplumber's flip)."""
        mx0, my0, mx1, my1 = self.media
        r = self.rotation
        nx0, ny0, nx1, ny1 = (my0, mx0, my1, mx1) if r in (90, 270) else (mx0, my0, mx1, my1)
        mb_h = ny1 - ny0
        mb_top = mb_h - ny1
        xd = x - nx0                       # pdfminer's device space, y up
        yd = mb_h + mb_top - top
        if r == 90:
            return mx1 - yd, xd + my0
        if r == 180:
            return mx1 - xd, my1 - yd
        if r == 270:
            return yd + mx0, my1 - xd
        return xd + mx0, yd + my0

    def _display(self, ux: float, uy: float) -> tuple[float, float]:
        """PDF user space -> the displayed page (origin top-left, y down), as pdfium renders it."""
        cx0, cy0, cx1, cy1 = self.crop
        r = self.rotation
        if r == 90:
            return uy - cy0, ux - cx0
        if r == 180:
            return cx1 - ux, uy - cy0
        if r == 270:
            return cy1 - uy, cx1 - ux
        return ux - cx0, cy1 - uy


def geometry_from_boxes(media, crop, rotation: int, qt_size: tuple[float, float] | None = None) -> PageGeometry:
    """A PageGeometry from a page's MediaBox, CropBox and /Rotate (as pdfium does: the CropBox
    clipped to the MediaBox, the MediaBox where there is no CropBox).  ``qt_size`` is QtPdf's
    idea of the displayed size; where the two disagree the boxes are not trusted."""
    mx0, mx1 = sorted((float(media[0]), float(media[2])))
    my0, my1 = sorted((float(media[1]), float(media[3])))
    if crop is None:
        crop = (mx0, my0, mx1, my1)
    cx0, cx1 = sorted((float(crop[0]), float(crop[2])))
    cy0, cy1 = sorted((float(crop[1]), float(crop[3])))
    cx0, cy0, cx1, cy1 = max(cx0, mx0), max(cy0, my0), min(cx1, mx1), min(cy1, my1)
    if cx1 - cx0 <= 0 or cy1 - cy0 <= 0:
        cx0, cy0, cx1, cy1 = mx0, my0, mx1, my1
    rotation = int(rotation) % 360
    w, h = cx1 - cx0, cy1 - cy0
    if rotation in (90, 270):
        w, h = h, w
    if qt_size is not None and (abs(qt_size[0] - w) > 1.5 or abs(qt_size[1] - h) > 1.5):
        return PageGeometry(float(qt_size[0]), float(qt_size[1]))
    return PageGeometry(w, h, (mx0, my0, mx1, my1), (cx0, cy0, cx1, cy1), rotation, exact=True)


@dataclass
class OpenedPdf:
    """What the loader found: the pages, or a message why there is nothing to show."""

    path: str
    pages: list[PageGeometry]
    error: str | None = None
    stamp: tuple[int, int] | None = None   # (size, mtime_ns) of the bytes shown

    @property
    def page_count(self) -> int:
        return len(self.pages)


# ---------------------------------------------------------------- loading (a loader thread)

def _page_boxes(data: bytes, n: int):
    """[(MediaBox, CropBox, /Rotate)] of the ``n`` pages, read with pypdf from the page dictionaries
    alone (no content stream is parsed: a page of a million paths costs nothing here, and pure
    Python gives the GIL back every few milliseconds); None where that fails."""
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) != n:
            return None
        boxes = []
        for page in reader.pages:
            media = tuple(float(v) for v in page.mediabox)
            crop = tuple(float(v) for v in page.cropbox)
            boxes.append((media, crop, int(page.rotation or 0)))
        return boxes
    except Exception:  # noqa: BLE001  (QtPdf's page sizes are used as they are)
        log.info("PDF 页面框无法读取，按页面大小显示", exc_info=True)
        return None


def _too_big(size: int, limit: int) -> str:
    return MSG_TOO_BIG.format(mb=size // 1024 // 1024, limit=limit // 1024 // 1024)


def open_pdf(path: str):
    """(QPdfDocument or None, OpenedPdf): read the bytes once, check the limits, let QtPdf parse them.
    Runs in a loader thread; the document is made there and moved to the UI thread by the caller."""
    if QPdfDocument is None:
        return None, OpenedPdf(path, [], MSG_NO_QTPDF)
    MAX_FILE_BYTES, MAX_PAGES = reader_limits()
    try:
        st = os.stat(path)
        if st.st_size > MAX_FILE_BYTES:
            return None, OpenedPdf(path, [], _too_big(st.st_size, MAX_FILE_BYTES))
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None, OpenedPdf(path, [], MSG_MISSING)
    except OSError:
        return None, OpenedPdf(path, [], MSG_UNREADABLE)
    if len(data) > MAX_FILE_BYTES:
        return None, OpenedPdf(path, [], _too_big(len(data), MAX_FILE_BYTES))
    doc = QPdfDocument()
    buf = QBuffer(doc)                   # the bytes live with the document, in memory
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    count = doc.pageCount()
    if doc.status() != QPdfDocument.Status.Ready or count <= 0:
        delete_document(doc)
        return None, OpenedPdf(path, [], MSG_UNREADABLE)
    if count > MAX_PAGES:
        delete_document(doc)
        return None, OpenedPdf(path, [], MSG_TOO_MANY.format(n=count, limit=MAX_PAGES))
    boxes = _page_boxes(data, count)
    pages = []
    for i in range(count):
        s = doc.pagePointSize(i)
        qt = (s.width(), s.height())
        if boxes is not None and len(boxes) == count:
            media, crop, rot = boxes[i]
            pages.append(geometry_from_boxes(media, crop, rot, qt))
        else:
            pages.append(PageGeometry(*qt))
    return doc, OpenedPdf(path, pages, None, (st.st_size, st.st_mtime_ns))


def delete_document(doc) -> None:
    """Close and delete a QPdfDocument (and its QBuffer) now."""
    if doc is not None and shiboken6.isValid(doc):
        doc.close()
        shiboken6.delete(doc)


class _Loader(QThread):
    done = Signal(object, object)        # OpenedPdf, QPdfDocument | None

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.answer = None
        self.setObjectName("pdf-load")

    def run(self) -> None:
        try:
            doc, info = open_pdf(self.path)
        except Exception:  # noqa: BLE001  (a bug here must reach the clerk as a message, not a hang)
            log.exception("无法打开 PDF：%s", self.path)
            doc, info = None, OpenedPdf(self.path, [], MSG_UNREADABLE)
        if doc is not None:
            doc.moveToThread(QCoreApplication.instance().thread())
        self.answer = (info, doc)
        self.done.emit(info, doc)


# ---------------------------------------------------------------- the gate

class _Gate(QObject):
    """No UI-thread (or GIL-holding) QtPdf call while a page is being rendered anywhere: such a
    call would wait for pdfium's mutex.  Loads and deletions run one at a time, exclusively;
    renders are sent only while none is waiting."""

    resumed = Signal()

    def __init__(self):
        super().__init__()
        self.in_flight = 0
        self.pending: deque = deque()
        self.busy = False
        self.loaders: set = set()      # loader threads running
        self.loads: set = set()        # their answers' slots, kept until they have run

    def can_render(self) -> bool:
        return not self.busy and not self.pending

    def exclusive(self, action) -> None:
        """Run ``action(release)`` once nothing renders; it calls ``release()`` when it is done."""
        self.pending.append(action)
        self._pump()

    def release(self) -> None:
        self.busy = False
        self._pump()

    def started(self) -> None:
        self.in_flight += 1

    def finished(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self._pump()

    def _pump(self) -> None:
        while not self.busy and self.in_flight == 0 and self.pending:
            action = self.pending.popleft()
            self.busy = True
            try:
                action(self.release)
            except Exception:  # noqa: BLE001
                log.exception("PDF 显示出错")
                self.busy = False
        if self.can_render() and shiboken6.isValid(self):   # (not while Python shuts Qt down)
            self.resumed.emit()


_GATE: _Gate | None = None


def gate() -> _Gate:
    global _GATE
    if _GATE is None:
        _GATE = _Gate()
    return _GATE


@atexit.register
def _wait_for_loaders() -> None:
    """No QThread may be destroyed while it runs: let a load in flight end before Python quits."""
    if _GATE is not None:
        for t in list(_GATE.loaders):
            try:
                t.wait(30_000)
            except RuntimeError:
                pass


# ---------------------------------------------------------------- one view's documents

class _Shown(QObject):
    """A document with its QtPdf render thread, and the one request it may have in flight."""

    def __init__(self, owner: "PdfRenderer", gen: int, doc):
        super().__init__()
        self.owner, self.gen, self.doc = owner, gen, doc
        self.retired = False
        self.in_flight: tuple[int, int, int] | None = None
        self.renderer = QPdfPageRenderer()
        self.renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        self.renderer.setDocument(doc)
        self.renderer.pageRendered.connect(self._on_page)

    def request(self, page: int, w: int, h: int) -> None:
        self.in_flight = (page, w, h)
        gate().started()
        self.renderer.requestPage(page, QSize(w, h))

    def _on_page(self, page: int, _size, image: QImage, _options, _rid) -> None:
        key, self.in_flight = self.in_flight, None
        gate().finished()
        if self.retired:
            self.dispose()
            return
        if key is not None:
            self.owner._page_done(self, key, image)

    def retire(self) -> None:
        """Stop showing: deleted at once if nothing renders, else when its page comes back
        (kept alive until then: QtPdf's render thread must not be destroyed under a page)."""
        if self.retired:
            return
        self.retired = True
        _DISPOSING.add(self)
        if self.in_flight is None:
            self.dispose()

    def dispose(self) -> None:
        if getattr(self, "_disposing", False):
            return
        self._disposing = True

        def drop(release) -> None:
            try:
                if self.renderer is not None and shiboken6.isValid(self.renderer):
                    shiboken6.delete(self.renderer)      # idle: its thread ends at once
                delete_document(self.doc)
            finally:
                self.doc = self.renderer = None
                _DISPOSING.discard(self)
                release()
        gate().exclusive(drop)


_DISPOSING: set = set()


class PdfRenderer(QObject):
    """A view's link to QtPdf.  ``open`` returns a generation number that every answer carries,
    so an answer about a document no longer wanted is ignored."""

    opened = Signal(int, object)                   # gen, OpenedPdf
    rendered = Signal(int, int, int, int, QImage)  # gen, page, w, h (device px), image

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._gen = 0
        self._shown: _Shown | None = None
        self._wanted: list[tuple[int, int, int]] = []
        self._answers: dict[int, OpenedPdf] = {}
        self.renders = 0          # pages rendered (for tests and the log)
        self.requests = 0         # pages asked of QtPdf
        self._load: _LoadDone | None = None
        gate().resumed.connect(self._pump)
        self.destroyed.connect(_Closer(self))

    @property
    def gen(self) -> int:
        return self._gen

    # ---- UI thread
    def open(self, path: str) -> int:
        self.close()
        gen = self._gen
        gate().exclusive(lambda release: self._start_load(gen, path, release))
        return gen

    def close(self) -> None:
        self._gen += 1
        self._wanted = []
        if self._shown is not None:
            self._shown.retire()
            self._shown = None

    def want(self, gen: int, requests: list[tuple[int, int, int]]) -> None:
        """The pages (page, w, h), most wanted first; the others are never sent."""
        if gen != self._gen:
            return
        busy = self._shown.in_flight if self._shown is not None else None
        self._wanted = [r for r in requests if r != busy]     # the one being drawn comes anyway
        self._pump()

    def wait_opened(self, gen: int, timeout: float) -> OpenedPdf | None:
        """The answer to ``open``, waiting for it if need be — for accessors used by tests.
        Waits for the loader thread; if the load has not started yet (a page is still being
        rendered), events are processed (no user input) until it has."""
        deadline = QDeadlineTimer(int(timeout * 1000))
        while gen not in self._answers and gen == self._gen and not deadline.hasExpired():
            load = getattr(self, "_load", None)
            if load is not None and load.gen == gen:
                load.finish_now(max(1, deadline.remainingTime()))
            else:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 20)
                QThread.msleep(2)
        return self._answers.get(gen)

    # ---- internals
    def _start_load(self, gen: int, path: str, release) -> None:
        if gen != self._gen:
            release()
            return
        loader = _Loader(path)
        gate().loaders.add(loader)
        self._load = _LoadDone(self, gen, loader, release)
        loader.done.connect(self._load.on_done)
        loader.start()

    def _loaded(self, gen: int, info: OpenedPdf, doc) -> None:
        if gen != self._gen:
            if doc is not None:
                gate().exclusive(lambda release: (delete_document(doc), release()))
            return
        if doc is not None:
            self._shown = _Shown(self, gen, doc)
        self._answers = {gen: info}
        self.opened.emit(gen, info)

    def _pump(self) -> None:
        shown = self._shown
        if shown is None or shown.in_flight is not None or not gate().can_render():
            return
        if self._wanted:
            page, w, h = self._wanted.pop(0)
            self.requests += 1
            shown.request(page, w, h)

    def _page_done(self, shown: _Shown, key: tuple[int, int, int], image: QImage) -> None:
        if shown is not self._shown:
            return
        self.renders += 1
        self.rendered.emit(shown.gen, key[0], key[1], key[2], image)
        self._pump()


class _LoadDone(QObject):
    """The slot for one loader's answer (a QObject, so it runs on the UI thread)."""

    def __init__(self, renderer: PdfRenderer, gen: int, loader: _Loader, release):
        super().__init__()          # not the renderer's child: the gate must be released even if the view is gone
        self.renderer, self.gen, self.loader, self.release = renderer, gen, loader, release
        self.handled = False
        gate().loads.add(self)

    def on_done(self, info, doc) -> None:
        if self.handled:
            return
        self.handled = True
        self.loader.wait()
        g = gate()
        g.loaders.discard(self.loader)
        g.loads.discard(self)
        self.release()
        if shiboken6.isValid(self.renderer):
            self.renderer._loaded(self.gen, info, doc)
        elif doc is not None:                     # the view was closed meanwhile
            g.exclusive(lambda release: (delete_document(doc), release()))

    def finish_now(self, timeout_ms: int) -> bool:
        """Wait for the loader thread and take its answer without waiting for the queued signal."""
        if self.handled:
            return True
        if not self.loader.wait(timeout_ms) or self.loader.answer is None:
            return False
        self.on_done(*self.loader.answer)
        return True


class _Closer:
    """On a view's destruction: retire what it shows (without touching the dead QObject)."""

    def __init__(self, renderer: PdfRenderer):
        self.holder = renderer.__dict__

    def __call__(self, *_args) -> None:
        shown = self.holder.get("_shown")
        self.holder["_shown"] = None
        self.holder["_gen"] = self.holder.get("_gen", 0) + 1
        if shown is not None:
            shown.retire()
