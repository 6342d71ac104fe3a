"""The 原文 tab (gui/pdf_view.py, gui/render_pdf.py): first show, boxes on their text, zoom, the file
not held open, the reader's limits, only the pages on screen rendered.

Boxes are checked against what is on the screen, not against the view's own arithmetic: the page
is found in a grab of the viewport (white on grey), the text's position comes from pypdfium2's
character boxes or the reader's line boxes, and the box is found as the pixels of its colour.
"""
from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
pytest.importorskip("PySide6.QtPdf")
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QWheelEvent  # noqa: E402

from core.check import check_file  # noqa: E402
from core.readers import read_document  # noqa: E402
from gui.finding_locator import Locator  # noqa: E402
from gui.pdf_view import MARGIN, PdfView  # noqa: E402
from gui.strings import SEVERITY_FG  # noqa: E402
from tools.pdf_bytes import pdf_from_objects  # noqa: E402

FIX = Path(__file__).parent / "fixtures"
REAL_PDF = FIX / "real" / "hongze-2023.pdf"
WAIT_MS = 90_000


# ------------------------------------------------------------------ helpers
def make_pdf(lines, media=(0, 0, 595, 842), crop=None, rotate=0, pages=1, extra=b"") -> bytes:
    """A small PDF; every page has the ``lines`` (x, distance of the baseline below the MediaBox top,
    text) in 14 pt Helvetica."""
    mx0, my0, mx1, my1 = media
    ops = bytearray(b"BT /F1 14 Tf\n")
    for x, y, text in lines:
        ops += b"1 0 0 1 %.2f %.2f Tm (%s) Tj\n" % (mx0 + x, my1 - y, text.encode("latin-1"))
    ops += b"ET\n" + extra
    content = zlib.compress(bytes(ops))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    box = b"/MediaBox [%g %g %g %g]" % tuple(media)
    if crop:
        box += b" /CropBox [%g %g %g %g]" % tuple(crop)
    if rotate:
        box += b" /Rotate %d" % rotate
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"]
    objs += [b"<< /Type /Page /Parent 2 0 R %s /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>" % box] * pages
    return pdf_from_objects(objs)


LINES = [(72, 100 + 24 * i, f"Line number {i} of the annual report text") for i in range(8)]


def wait_ready(qtbot, view: PdfView, renders: int = 1) -> None:
    """Until the document is open and every page on screen is drawn at its size."""
    qtbot.waitUntil(lambda: view.ready, timeout=10_000)
    qtbot.wait(20)                                  # a paint: it asks for what is missing
    qtbot.waitUntil(lambda: view.renderer.renders >= renders and view.drawn, timeout=20_000)
    view.area.viewport().repaint()


def grab(view: PdfView) -> QImage:
    return view.area.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def is_white(c: QColor) -> bool:
    return c.red() > 245 and c.green() > 245 and c.blue() > 245


def page_rect_on_screen(img: QImage, y: int) -> tuple[int, int]:
    """(left, right) of the white page along row ``y`` of a grab."""
    xs = [x for x in range(img.width()) if is_white(img.pixelColor(x, y))]
    assert xs, "no page on this row"
    return xs[0], xs[-1] + 1


def page_top_on_screen(img: QImage, x: int, below: int = 0) -> int:
    """The first row (from ``below``) where grey turns into the white of a page, along column x."""
    prev_white = is_white(img.pixelColor(x, below))
    for y in range(below + 1, img.height()):
        w = is_white(img.pixelColor(x, y))
        if w and not prev_white:
            return y
        prev_white = w
    raise AssertionError("no page top on this column")


def red_box(img: QImage, severity: str = "fail") -> tuple[int, int, int, int]:
    """Bounding box of the outline's stroke (its colour, give or take anti-aliasing)."""
    want = QColor(SEVERITY_FG[severity])
    xs, ys = [], []
    for y in range(img.height()):
        for x in range(img.width()):
            c = img.pixelColor(x, y)
            if abs(c.red() - want.red()) < 40 and abs(c.green() - want.green()) < 40 and abs(c.blue() - want.blue()) < 40:
                xs.append(x)
                ys.append(y)
    assert xs, "no outline drawn"
    return min(xs), min(ys), max(xs), max(ys)


def is_ink(c: QColor) -> bool:
    """Dark and grey: text (also under the box's light red fill), not the box's red stroke."""
    hi, lo = max(c.red(), c.green(), c.blue()), min(c.red(), c.green(), c.blue())
    return hi < 150 and hi - lo < 60


def ink_rows(img: QImage, x0: int, x1: int, y0: int, y1: int) -> list[int]:
    """Rows between y0 and y1 with text pixels between x0 and x1."""
    out = []
    for y in range(max(0, y0), min(img.height(), y1)):
        for x in range(max(0, x0), min(img.width(), x1)):
            if is_ink(img.pixelColor(x, y)):
                out.append(y)
                break
    return out


@pytest.fixture
def view(qtbot):
    v = PdfView()
    qtbot.addWidget(v)
    v.resize(520, 900)
    v.show()
    qtbot.waitExposed(v)
    return v


# ------------------------------------------------------------------ placeholder, first show
def test_placeholder_until_a_checked_pdf_is_given(view):
    assert view.page_count == 0
    assert "检查完成后" in view.message


def test_first_show_is_fit_width_not_a_thumbnail(qtbot, tmp_path, dialogs_off):
    """The window loads the PDF while the 文档 tab is in front; the first time 原文 is shown the page
    is already as wide as the view (the old view drew it at 300 px until the next click)."""
    from gui.main_window import MainWindow
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), log_file=str(tmp_path / "l.log"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open_file(str(REAL_PDF))
    qtbot.waitUntil(lambda: not w.runner.busy and w.result is not None, timeout=WAIT_MS)
    pdf = w.pdf_view
    qtbot.waitUntil(lambda: getattr(pdf, "ready", pdf.page_count > 0), timeout=10_000)
    assert w.tabs.currentIndex() == 0
    w.tabs.setCurrentIndex(1)
    qtbot.wait(1)                              # the first show, nothing else
    vp = pdf.area.viewport()
    assert pdf.zoom == pytest.approx(pdf._fit_zoom())
    assert pdf.page_rect(pdf.page).width() == pytest.approx(vp.width() - 2 * MARGIN, abs=2)
    img = grab(pdf)
    left, right = page_rect_on_screen(img, img.height() // 2)
    assert right - left >= vp.width() - 2 * MARGIN - 2, f"page drawn {right - left} px wide in a {vp.width()} px view"


def test_the_window_shows_the_pdf_only_after_the_checker_has_read_it(qtbot, tmp_path, dialogs_off):
    import threading

    from gui.main_window import MainWindow
    go = threading.Event()

    def slow_check(path):
        go.wait(30)
        return check_file(path)
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), check=slow_check,
                   log_file=str(tmp_path / "l.log"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open_file(str(REAL_PDF))
    qtbot.wait(300)
    assert w.runner.busy
    assert w.pdf_view.path is None and w.pdf_view.renderer.requests == 0 and not w.pdf_view.loading
    go.set()
    qtbot.waitUntil(lambda: not w.runner.busy and w.result is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.pdf_view.ready, timeout=10_000)
    assert w.pdf_view.page_count == 5 and w.tabs.isTabEnabled(1)


def test_resize_keeps_fit_width(qtbot, view):
    view.load(str(REAL_PDF))
    wait_ready(qtbot, view)
    view.resize(800, 900)
    qtbot.wait(20)
    assert view.page_rect(0).width() == pytest.approx(view.area.viewport().width() - 2 * MARGIN, abs=2)


# ------------------------------------------------------------------ boxes on their text
def _table_four_place():
    result = check_file(REAL_PDF)
    locator = Locator(result.report)
    for f in result.findings:
        if f.section == "四":
            place = locator.pdf_place(f)
            if place and place[1]:
                return place
    raise AssertionError("no 表四 finding with a box in the real PDF")


def test_box_of_a_table_four_finding_surrounds_its_number(qtbot, view):
    import pypdfium2 as pdfium
    page, bbox = _table_four_place()
    view.resize(420, 900)                      # the whole of the box's page top fits the view
    view.load(str(REAL_PDF))
    wait_ready(qtbot, view)
    view.show_place(page, bbox, "fail")
    wait_ready(qtbot, view, renders=2)
    img = grab(view)
    bx0, by0, bx1, by1 = red_box(img)
    # where pdfium says the characters inside the bbox are, placed through the page found on screen
    pdf = pdfium.PdfDocument(str(REAL_PDF))
    tp = pdf[page - 1].get_textpage()
    ph, pw = pdf[page - 1].get_height(), pdf[page - 1].get_width()
    chars = []
    for i in range(tp.count_chars()):
        l, b, r, t = tp.get_charbox(i)
        if bbox[0] <= (l + r) / 2 <= bbox[2] and bbox[1] <= ph - (b + t) / 2 <= bbox[3] and r > l:
            chars.append((l, ph - t, r, ph - b))
    assert chars, "no text inside the finding's bbox"
    mid_y = (by0 + by1) // 2
    left, right = page_rect_on_screen(img, mid_y)
    s = (right - left) / pw
    top = page_top_on_screen(img, left + 5, 0)     # the view is tall enough to show the page's top edge
    assert top < by0
    cx0 = left + min(c[0] for c in chars) * s
    cx1 = left + max(c[2] for c in chars) * s
    cy0 = top + min(c[1] for c in chars) * s
    cy1 = top + max(c[3] for c in chars) * s
    assert bx0 <= cx0 and cx1 <= bx1 + 1, (bx0, bx1, cx0, cx1)
    assert by0 <= cy0 and cy1 <= by1 + 1, f"box rows {by0}-{by1}, text rows {cy0:.0f}-{cy1:.0f}"
    rows = ink_rows(img, int(cx0), int(cx1) + 1, by0 + 6, by1 - 5)   # inside the cell's own lines
    assert rows, "no ink inside the box"
    ink_mid = (rows[0] + rows[-1]) / 2
    assert abs(ink_mid - (by0 + by1) / 2) <= (by1 - by0) / 4, "the box is not centred on its text"


def ink_lines(img: QImage, x0: int, x1: int, y0: int, y1: int) -> list[tuple[int, int]]:
    """The text lines (first row, last row) between y0 and y1, as runs of rows with ink."""
    rows = ink_rows(img, x0, x1, y0, y1)
    lines: list[list[int]] = []
    for y in rows:
        if lines and y - lines[-1][1] <= 2:
            lines[-1][1] = y
        else:
            lines.append([y, y])
    return [tuple(x) for x in lines]


@pytest.mark.parametrize("kind,boxes", [
    ("plain", {}),
    ("mediabox not at zero", dict(media=(0, 20, 595, 862))),
    ("cropbox", dict(crop=(30, 40, 565, 800))),
    ("rotated", dict(rotate=90)),
])
def test_box_lands_on_its_line(qtbot, view, tmp_path, kind, boxes):
    """The reader's box of the third line is drawn around the third line of ink on the page — also
    on a page whose MediaBox does not start at 0 (the reader's "top" is then off by the MediaBox
    origin: one line too high if used as it is), with a CropBox, and on a rotated page."""
    path = tmp_path / "lines.pdf"
    path.write_bytes(make_pdf(LINES, **boxes))
    para = next(read_document(path).paragraphs())
    seg = para.segments[min(2, len(para.segments) - 1)]
    view.load(str(path))
    wait_ready(qtbot, view)
    view.show_place(seg.loc.page, seg.loc.bbox, "fail")
    wait_ready(qtbot, view, renders=1)
    img = grab(view)
    bx0, by0, bx1, by1 = red_box(img)
    assert ink_rows(img, bx0 + 4, bx1 - 3, by0 + 4, by1 - 3), f"{kind}: no text inside the box"
    if boxes.get("rotate"):
        return          # the reader reads the rotated lines as columns: the box holds ink, enough
    left, _ = page_rect_on_screen(img, (by0 + by1) // 2)
    top = page_top_on_screen(img, left + 3, 0)
    lines = ink_lines(img, bx0 + 4, bx1 - 3, top, img.height())
    assert len(lines) >= 4, lines
    third = lines[2]
    assert by0 <= third[0] and third[1] <= by1, f"{kind}: box rows {by0}-{by1}, third line {third}"
    for other in (lines[1], lines[3]):
        overlap = min(by1, other[1]) - max(by0, other[0])
        assert overlap <= 2, f"{kind}: the box reaches into the line {other}"


def test_box_follows_zoom(qtbot, view):
    page, bbox = _table_four_place()
    view.load(str(REAL_PDF))
    wait_ready(qtbot, view)
    view.show_place(page, bbox)
    before = view.outline_rect()
    view.zoom_in()
    after = view.outline_rect()
    assert view.fit is False and view.zoom > view._fit_zoom()
    ratio = view.scale / (before.width() / (bbox[2] - bbox[0]))
    assert after.width() == pytest.approx(before.width() * ratio, rel=0.02)
    assert after.top() == pytest.approx(bbox[1] * view.scale)


# ------------------------------------------------------------------ zoom
def test_zoom_buttons_keys_and_ctrl_wheel(qtbot, view):
    view.load(str(REAL_PDF))
    wait_ready(qtbot, view)
    fit = view.zoom
    qtbot.mouseClick(view.zoom_in_button, Qt.MouseButton.LeftButton)
    z1 = view.zoom
    assert z1 > fit and not view.fit and not view.fit_button.isChecked()
    assert view.zoom_label.text() == f"{round(z1 * 100)}%"
    view.area.setFocus()
    qtbot.keyClick(view.area, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom > z1
    qtbot.keyClick(view.area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(z1)
    pos = QPointF(100, 100)
    ev = QWheelEvent(pos, view.area.mapToGlobal(pos), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                     Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    view.area.wheelEvent(ev)
    assert view.zoom < z1
    qtbot.mouseClick(view.fit_button, Qt.MouseButton.LeftButton)
    assert view.fit and view.zoom == pytest.approx(fit)
    qtbot.keyClick(view.area, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.area, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.fit and view.zoom == pytest.approx(fit)


def test_page_edges_on_grey(qtbot, view):
    view.load(str(REAL_PDF))
    wait_ready(qtbot, view)
    img = grab(view)
    y = view.page_rect(0).center().y()
    left, right = page_rect_on_screen(img, y)
    bg = img.pixelColor(2, y)
    assert not is_white(bg) and abs(bg.red() - bg.blue()) < 20          # grey around the page
    edge = img.pixelColor(left - 1, y)
    shadow = img.pixelColor(right + 2, y)
    assert edge.red() < bg.red() and shadow.red() < bg.red()             # an edge and a shadow


# ------------------------------------------------------------------ the file, the limits, what is rendered
def _fds_on(path: Path) -> list[str]:
    want = os.path.realpath(path)
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.path.realpath(os.readlink(f"/proc/self/fd/{fd}")) == want:
                out.append(fd)
        except OSError:
            pass
    return out


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_the_pdf_is_not_held_open(qtbot, view, tmp_path):
    path = tmp_path / "草稿.pdf"
    path.write_bytes(REAL_PDF.read_bytes())
    view.load(str(path))
    wait_ready(qtbot, view)
    view.show_page(3)
    wait_ready(qtbot, view, renders=2)
    assert view.page_count == 5
    assert _fds_on(path) == [], "the PDF is still open while it is shown"
    path.write_bytes(b"%PDF-1.7 saved over by WPS")       # a colleague saves over it: allowed
    assert view.page_count == 5


def test_files_over_the_readers_limits_are_not_shown(qtbot, view, tmp_path):
    big = tmp_path / "big.pdf"
    data = make_pdf(LINES)
    with open(big, "wb") as f:
        f.write(data)
        f.truncate(51 * 1024 * 1024)                     # sparse: 51 MB on paper
    view.load(str(big))
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    assert view.page_count == 0 and "超过 50 MB" in view.message
    many = tmp_path / "many.pdf"
    many.write_bytes(make_pdf(LINES[:1], pages=201))
    view.load(str(many))
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    assert view.page_count == 0 and "201 页" in view.message and "200 页" in view.message
    ok = tmp_path / "ok.pdf"
    ok.write_bytes(make_pdf(LINES[:1], pages=200))
    view.load(str(ok))
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    assert view.page_count == 200


def test_only_pages_on_screen_are_rendered(qtbot, view, tmp_path):
    path = tmp_path / "forty.pdf"
    path.write_bytes(make_pdf(LINES, pages=40))
    view.load(str(path))
    wait_ready(qtbot, view)
    shown = len(view._visible_pages())
    assert view.renderer.requests <= shown + 1        # the pages on screen and the next one
    view.show_page(39)
    wait_ready(qtbot, view, renders=view.renderer.renders + 1)
    assert view.renderer.requests <= 2 * (shown + 1)
    assert 39 in view._cache and 20 not in view._cache


def test_reloading_the_same_draft_keeps_page_and_zoom(qtbot, view):
    view.load(str(REAL_PDF))
    wait_ready(qtbot, view)
    view.zoom_in()
    view.show_page(3)
    z = view.zoom
    view.load(str(REAL_PDF))                 # the draft was saved again and re-checked
    wait_ready(qtbot, view)
    assert view.page == 3 and view.zoom == pytest.approx(z)


@pytest.fixture
def dialogs_off(monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def test_a_view_closed_while_loading_does_not_block_the_next(qtbot):
    """A PdfView destroyed while its document is still being loaded must release the render gate:
    the next view loads and draws as usual."""
    import shiboken6

    from gui.render_pdf import gate
    first = PdfView()
    first.load(str(REAL_PDF))
    shiboken6.delete(first)                   # gone before its loader has answered
    qtbot.waitUntil(lambda: not gate().loaders and not gate().busy, timeout=10_000)
    second = PdfView()
    qtbot.addWidget(second)
    second.resize(520, 900)
    second.show()
    second.load(str(REAL_PDF))
    wait_ready(qtbot, second)
    assert second.page_count == 5
