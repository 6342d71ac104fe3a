"""The annotated PDF: the draft with a highlight and a note on every finding's box.

Each finding becomes a /Highlight annotation (QuadPoints over the box the 原文 tab draws, an
appearance stream so every viewer shows it the same, the message and suggestion in /Contents)
with a /Popup holding the note; a finding without a box becomes a /Text note (a sticky note) at
the top of its page.  Written with pypdf as an incremental update: the draft's bytes come first,
unchanged, and the annotations are appended after them; no page's content stream is touched.

Boxes: ``Location.bbox`` is (x0, top, x1, bottom) in points with the origin at the top left of the
page as pdfplumber shows it (the page's /Rotate applied, coordinates relative to the MediaBox).
``_to_user`` undoes exactly what pdfminer/pdfplumber do to get there, so the highlight lands on
the same spot in PDF user space.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone

from ..findings import SEVERITY_CN, CheckResult
from ..model import Location, Table
from .annotate import AUTHOR, Mark
from .errors import ExportError

COLORS = {                       # highlight colours (multiplied over the text)
    "fail": (1.0, 0.56, 0.56),
    "warn": (1.0, 0.84, 0.30),
    "info": (0.62, 0.80, 1.0),
}
IGNORED_COLOR = (0.80, 0.80, 0.80)
PAD = 1.0                        # points around the box
POPUP_W, POPUP_H = 220.0, 110.0

MSG_ENCRYPTED = ("这个 PDF 设置了密码或权限保护，无法在副本上加批注；"
                 "请用 Word 原稿导出批注版，或导出 Excel 整改清单")
MSG_BROKEN = "原稿 PDF 结构异常，无法生成批注版；可以导出 Excel 整改清单"


# ---------------------------------------------------------------- geometry

class PageGeometry:
    """pdfplumber's page coordinates <-> PDF user space for one page."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int = 0):
        x0, y0, x1, y1 = (float(v) for v in mediabox)
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        self.mediabox = (x0, y0, x1, y1)
        self.rotation = int(rotation or 0) % 360
        # pdfminer's page matrix (pdfinterp.process_page)
        if self.rotation == 90:
            self.ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif self.rotation == 180:
            self.ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif self.rotation == 270:
            self.ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            self.ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        # pdfplumber's page box: the mediabox normalised for the rotation, flipped
        nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if self.rotation in (90, 270) else (x0, y0, x1, y1)
        self.height = ny1 - ny0
        self.offset_x = nx0                  # pdfplumber adds mediabox x0 to x
        self.offset_top = self.height - ny1  # and mediabox "top" to top

    def to_user(self, x: float, top: float) -> tuple[float, float]:
        """A point (x, top) as pdfplumber gives it -> PDF user space (x, y)."""
        dx = x - self.offset_x
        dy = self.height + self.offset_top - top
        a, b, c, d, e, f = self.ctm
        det = a * d - b * c
        ux = (d * (dx - e) - c * (dy - f)) / det
        uy = (-b * (dx - e) + a * (dy - f)) / det
        return ux, uy

    def quad(self, bbox) -> list[float]:
        """QuadPoints of a box: its upper-left, upper-right, lower-left, lower-right corners as shown."""
        x0, top, x1, bottom = bbox
        pts = [self.to_user(x0, top), self.to_user(x1, top), self.to_user(x0, bottom), self.to_user(x1, bottom)]
        return [v for p in pts for v in p]

    def rect(self, bbox) -> tuple[float, float, float, float]:
        q = self.quad(bbox)
        xs, ys = q[0::2], q[1::2]
        return min(xs), min(ys), max(xs), max(ys)

    def shown_size(self) -> tuple[float, float]:
        """Width and height of the page as shown (rotation applied)."""
        x0, y0, x1, y1 = self.mediabox
        w, h = x1 - x0, y1 - y0
        return (h, w) if self.rotation in (90, 270) else (w, h)


def geometry_of(page) -> PageGeometry:
    mb = page.mediabox
    return PageGeometry((mb.left, mb.bottom, mb.right, mb.top), page.get("/Rotate", 0) or 0)


def padded(bbox, pad: float = PAD):
    x0, top, x1, bottom = bbox
    return (x0 - pad, top - pad, x1 + pad, bottom + pad)


# ---------------------------------------------------------------- where

def mark_box(result: CheckResult, loc: Location | None) -> tuple[int | None, tuple | None]:
    """(0-based page, bbox in pdfplumber coordinates) of a mark; the box may be None."""
    if loc is None:
        return None, None
    page = loc.page - 1 if loc.page is not None else None
    if loc.bbox is not None:
        return page, tuple(loc.bbox)
    doc = result.report.document
    if loc.table is not None and loc.row is not None and loc.col is not None:
        t = next((b for b in doc.blocks if isinstance(b, Table) and b.index == loc.table), None)
        if t is not None and loc.row < len(t.grid) and loc.col < len(t.grid[loc.row]):
            cell = t.grid[loc.row][loc.col]
            if cell is not None and cell.loc.bbox is not None:
                return (cell.loc.page - 1 if cell.loc.page else page), tuple(cell.loc.bbox)
    if loc.paragraph is not None and 0 <= loc.paragraph < len(doc.blocks):
        b = doc.blocks[loc.paragraph]
        if b.loc.bbox is not None and b.loc.page is not None:
            return b.loc.page - 1, tuple(b.loc.bbox)
    return page, None


# ---------------------------------------------------------------- annotations

def _pdf_date(now: datetime) -> str:
    return now.strftime("D:%Y%m%d%H%M%S") + "Z"


def _appearance(writer, rect, quad, color):
    """A form XObject that paints the quad in ``color``, multiplied over the page."""
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                               NameObject)
    x0, y0, x1, y1 = rect
    pts = [(quad[i], quad[i + 1]) for i in range(0, 8, 2)]
    ul, ur, ll, lr = pts
    path = (f"{ul[0]:.3f} {ul[1]:.3f} m {ur[0]:.3f} {ur[1]:.3f} l {lr[0]:.3f} {lr[1]:.3f} l "
            f"{ll[0]:.3f} {ll[1]:.3f} l h f")
    content = f"q /GS0 gs {color[0]:.3f} {color[1]:.3f} {color[2]:.3f} rg {path} Q".encode("ascii")
    gs = DictionaryObject({NameObject("/Type"): NameObject("/ExtGState"),
                           NameObject("/BM"): NameObject("/Multiply"),
                           NameObject("/ca"): FloatObject(1), NameObject("/CA"): FloatObject(1)})
    form = DecodedStreamObject()
    form.set_data(content)
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (x0, y0, x1, y1)]),
        NameObject("/Resources"): DictionaryObject({
            NameObject("/ExtGState"): DictionaryObject({NameObject("/GS0"): gs})}),
    })
    return DictionaryObject({NameObject("/N"): writer._add_object(form)})


def _common(annot, mark: Mark, now: str, number: int) -> None:
    from pypdf.generic import NameObject, TextStringObject
    f = mark.finding
    annot[NameObject("/Contents")] = TextStringObject(mark.text)
    annot[NameObject("/T")] = TextStringObject(AUTHOR)
    annot[NameObject("/Subj")] = TextStringObject(f"{SEVERITY_CN.get(f.severity, f.severity)} {f.rule}")
    annot[NameObject("/NM")] = TextStringObject(f"nianbao-{number:03d}-{f.fingerprint()}")
    annot[NameObject("/M")] = TextStringObject(now)
    annot[NameObject("/CreationDate")] = TextStringObject(now)


def _popup_rect(geo: PageGeometry, rect) -> tuple[float, float, float, float]:
    """Where the note opens: beside the highlight, inside the page (in user space)."""
    mx0, my0, mx1, my1 = geo.mediabox
    x = min(max(rect[2] + 6, mx0), mx1 - POPUP_W)
    y = min(max(rect[3] - POPUP_H, my0), my1 - POPUP_H)
    return x, y, x + POPUP_W, y + POPUP_H


def add_highlight(writer, page_index: int, geo: PageGeometry, bbox, mark: Mark, now: str, number: int):
    from pypdf.annotations import Highlight, Popup
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject

    box = padded(bbox)
    quad = geo.quad(box)
    rect = geo.rect(box)
    color = IGNORED_COLOR if mark.ignored else COLORS.get(mark.finding.severity, COLORS["warn"])
    hl = Highlight(rect=rect, quad_points=ArrayObject([FloatObject(round(v, 3)) for v in quad]),
                   highlight_color="".join(f"{round(c * 255):02x}" for c in color), printing=True)
    hl[NameObject("/F")] = NumberObject(4)                      # print
    _common(hl, mark, now, number)
    hl[NameObject("/AP")] = _appearance(writer, rect, quad, color)
    ref = writer.add_annotation(page_index, hl)
    popup = Popup(rect=_popup_rect(geo, rect), parent=ref, open=False)
    popup[NameObject("/F")] = NumberObject(4 | 24)              # print, no zoom, no rotate
    pref = writer.add_annotation(page_index, popup)
    ref[NameObject("/Popup")] = pref.indirect_reference
    return ref


def add_note(writer, page_index: int, geo: PageGeometry, mark: Mark, now: str, number: int):
    """A sticky note at the top left of the page, for a finding without a box."""
    from pypdf.annotations import Popup, Text
    from pypdf.generic import FloatObject, ArrayObject, NameObject, NumberObject

    w, _ = geo.shown_size()
    x, top = 12.0 + 22.0 * (number % max(1, int((w - 40) // 22))), 12.0
    rect = geo.rect((x, top, x + 20, top + 20))
    note = Text(rect=rect, text=mark.text, open=False)
    note.pop(NameObject("/Flags"), None)                        # pypdf writes /Flags; the key is /F
    note[NameObject("/F")] = NumberObject(4 | 24)
    note[NameObject("/Name")] = NameObject("/Comment")
    color = IGNORED_COLOR if mark.ignored else COLORS.get(mark.finding.severity, COLORS["warn"])
    note[NameObject("/C")] = ArrayObject([FloatObject(c) for c in color])
    _common(note, mark, now, number)
    ref = writer.add_annotation(page_index, note)
    popup = Popup(rect=_popup_rect(geo, rect), parent=ref, open=False)
    popup[NameObject("/F")] = NumberObject(4 | 24)
    pref = writer.add_annotation(page_index, popup)
    ref[NameObject("/Popup")] = pref.indirect_reference
    return ref


def _writer(data: bytes):
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExportError(MSG_ENCRYPTED)
        n = len(reader.pages)
    except ExportError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise ExportError(MSG_BROKEN) from None
    if n == 0:
        raise ExportError(MSG_BROKEN)
    try:   # an incremental update: the draft's bytes, then the annotations
        return PdfWriter(io.BytesIO(data), incremental=True)
    except Exception:  # noqa: BLE001  a file pypdf cannot update in place: a full copy instead
        try:
            return PdfWriter(clone_from=reader)
        except Exception:  # noqa: BLE001
            raise ExportError(MSG_BROKEN) from None


def annotated_pdf(result: CheckResult, data: bytes, marks: list[Mark], now: datetime | None = None):
    """The draft (its bytes) as a pypdf PdfWriter with an annotation for every mark."""
    writer = _writer(data)
    stamp = _pdf_date((now or datetime.now(timezone.utc)).astimezone(timezone.utc))
    n_pages = len(writer.pages)
    for number, m in enumerate(marks):
        page, bbox = mark_box(result, m.loc)
        page = page if page is not None and 0 <= page < n_pages else 0
        geo = geometry_of(writer.pages[page])
        if bbox is not None:
            add_highlight(writer, page, geo, bbox, m, stamp, number)
        else:
            add_note(writer, page, geo, m, stamp, number)
    return writer


__all__ = ["annotated_pdf", "PageGeometry", "mark_box"]
