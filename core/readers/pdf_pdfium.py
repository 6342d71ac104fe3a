"""One PDF page as pypdfium2 sees it, in pdfplumber's terms: characters, ruling edges, images.

pdfplumber gets its characters from pdfminer, which interprets every content stream in Python;
pdfium does that work in C.  This module asks pdfium for each character and each path and
rebuilds what pdfminer would have made of them, so the rest of the reader (words, lines,
paragraphs, pdfplumber's own table finder) sees the same objects as before, only sooner:

- a character's box is pdfminer's box, computed from what pdfium knows exactly: the pen
  position, the character matrix, the font size and the advance width.  Horizontal writing:
  from the pen to the pen plus the advance, one font size high, standing on the font's
  descent; vertical writing (a merged cell label set top to bottom in a CID font): one font
  size wide, one vertical advance high.  pdfium's own boxes are not used: the "loose" box is
  ascent-to-descent high and ignores the text matrix for vertical fonts (the label then runs
  200 points into the next cell); the "tight" box is the glyph outline, which moves a comma's
  box to the baseline and changes which characters form a word;
- the descent is the font descriptor's /Descent as pdfminer reads it (0 when the descriptor
  says 0, as LibreOffice writes it), not the value pdfium derives from glyph outlines when the
  descriptor says 0 -- that one differs from font to font, so the digits of "2021年" in one
  font and the Chinese in another would no longer stand on one line;
- coordinates are pdfminer's device space (the page's /Rotate and MediaBox origin applied),
  flipped to pdfplumber's top-left origin: x0, top, x1, bottom in points;
- characters come in content-stream order (pdfium sorts the text objects of a line by x);
  characters pdfium makes up itself (spaces it guesses, line breaks) are dropped, and a text
  object that is only a space (pdfium skips it: it has no width) becomes one space character,
  because a space is where pdfplumber's word extraction splits words;
- paths become pdfplumber's line, rect and curve edges, by pdfminer's rules for which path is
  a line, which a rectangle and which a curve; Form XObjects are descended into.

Where the characters still differ from pdfminer's it is because pdfium drops what is not text:
a glyph drawn twice at the same place (fake bold) and a text object drawn twice.
"""
from __future__ import annotations

import ctypes
import re
import zlib
from operator import itemgetter
from ctypes import POINTER, c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as R

# --- fast bindings -----------------------------------------------------------------------
# pypdfium2's raw functions return typed pointers; turning those into addresses (to key caches
# and look up objects) costs more than the call itself.  These bindings of the same C functions
# take and return plain addresses.


def _fn(name: str, restype, *argtypes):
    src = getattr(R, name)
    f = type(src)(ctypes.cast(src, c_void_p).value)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_PF, _PD = POINTER(c_float), POINTER(c_double)
_text_load = _fn("FPDFText_LoadPage", c_void_p, c_void_p)
_text_close = _fn("FPDFText_ClosePage", None, c_void_p)
_count_chars = _fn("FPDFText_CountChars", c_int, c_void_p)
_is_generated = _fn("FPDFText_IsGenerated", c_int, c_void_p, c_int)
_is_hyphen = _fn("FPDFText_IsHyphen", c_int, c_void_p, c_int)
_get_unicode = _fn("FPDFText_GetUnicode", c_uint, c_void_p, c_int)
_map_error = _fn("FPDFText_HasUnicodeMapError", c_int, c_void_p, c_int)
_get_origin = _fn("FPDFText_GetCharOrigin", c_int, c_void_p, c_int, _PD, _PD)
_get_loose = _fn("FPDFText_GetLooseCharBox", c_int, c_void_p, c_int, POINTER(R.FS_RECTF))
_get_cmatrix = _fn("FPDFText_GetMatrix", c_int, c_void_p, c_int, POINTER(R.FS_MATRIX))
_get_fsize = _fn("FPDFText_GetFontSize", c_double, c_void_p, c_int)
_get_tobj = _fn("FPDFText_GetTextObject", c_void_p, c_void_p, c_int)
_get_text = _fn("FPDFText_GetText", c_int, c_void_p, c_int, c_int, POINTER(ctypes.c_ushort))
_tobj_font = _fn("FPDFTextObj_GetFont", c_void_p, c_void_p)
_tobj_fsize = _fn("FPDFTextObj_GetFontSize", c_int, c_void_p, _PF)
_font_descent = _fn("FPDFFont_GetDescent", c_int, c_void_p, c_float, _PF)
_font_gwidth = _fn("FPDFFont_GetGlyphWidth", c_int, c_void_p, c_uint, c_float, _PF)
_font_name = _fn("FPDFFont_GetBaseFontName", c_ulong, c_void_p, c_void_p, c_ulong)
_page_nobj = _fn("FPDFPage_CountObjects", c_int, c_void_p)
_page_obj = _fn("FPDFPage_GetObject", c_void_p, c_void_p, c_int)
_form_nobj = _fn("FPDFFormObj_CountObjects", c_int, c_void_p)
_form_obj = _fn("FPDFFormObj_GetObject", c_void_p, c_void_p, c_ulong)
_obj_type = _fn("FPDFPageObj_GetType", c_int, c_void_p)
_obj_matrix = _fn("FPDFPageObj_GetMatrix", c_int, c_void_p, POINTER(R.FS_MATRIX))
_obj_bounds = _fn("FPDFPageObj_GetBounds", c_int, c_void_p, _PF, _PF, _PF, _PF)
_path_mode = _fn("FPDFPath_GetDrawMode", c_int, c_void_p, POINTER(c_int), POINTER(c_int))
_path_nseg = _fn("FPDFPath_CountSegments", c_int, c_void_p)
_path_seg = _fn("FPDFPath_GetPathSegment", c_void_p, c_void_p, c_int)
_seg_point = _fn("FPDFPathSegment_GetPoint", c_int, c_void_p, _PF, _PF)
_seg_type = _fn("FPDFPathSegment_GetType", c_int, c_void_p)
_seg_close = _fn("FPDFPathSegment_GetClose", c_int, c_void_p)
_media_box = _fn("FPDFPage_GetMediaBox", c_int, c_void_p, _PF, _PF, _PF, _PF)
_rotation = _fn("FPDFPage_GetRotation", c_int, c_void_p)

OBJ_TEXT, OBJ_PATH, OBJ_IMAGE, OBJ_FORM = R.FPDF_PAGEOBJ_TEXT, R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE, \
    R.FPDF_PAGEOBJ_FORM
SEG_MOVE, SEG_BEZIER = R.FPDF_SEGMENT_MOVETO, R.FPDF_SEGMENT_BEZIERTO
MAX_FORM_DEPTH = 8


@dataclass
class PdfiumPage:
    """What the reader needs of one page.  ``chars`` and ``edges`` are dicts with pdfplumber's keys;
    pdfplumber's TableFinder reads only ``edges`` and ``bbox`` of a page (the "lines" strategies),
    so this object stands in for a pdfplumber page there."""

    number: int                       # 1-based
    width: float
    height: float
    bbox: tuple[float, float, float, float]
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    n_images: int = 0
    n_text_objects: int = 0
    glyphs: int = 0                   # characters drawn (not spaces), control codes included
    unmapped: int = 0                 # ... whose font has no text mapping for them
    bad: int = 0                      # ... mapped, but to a control code, a private-use or
                                      #     replacement character or a script no report is in

    @property
    def garbled(self) -> bool:
        """The text layer decodes to garbage (fonts without a usable ToUnicode map)."""
        return garbled(self.glyphs, self.unmapped + self.bad)


GARBLED_SHARE = 0.3   # this share of a page's characters undecodable: the text layer is garbage
GARBLED_MIN = 5       # ... judged on at least this many characters


def garbled(glyphs: int, bad: int) -> bool:
    return glyphs >= GARBLED_MIN and bad >= GARBLED_SHARE * glyphs


def implausible(cp: int) -> bool:
    """A code point no Chinese report is written in: what a font without a usable text mapping
    decodes to (its glyph numbers read as characters) -- Latin letters with accents, IPA, Greek,
    Cyrillic and the scripts of South and Central Asia, private use, replacement characters."""
    return (0xC0 <= cp <= 0x24F and cp not in (0xD7, 0xF7)) or 0x250 <= cp <= 0x1DFF \
        or 0xA000 <= cp <= 0xABFF or 0xD800 <= cp <= 0xF8FF or 0xFFF0 <= cp <= 0xFFFF or cp >= 0xF0000


def open_document(data: bytes) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(data)


# --- fonts -------------------------------------------------------------------------------

_SUBSET = re.compile(rb"^[A-Z]{6}\+")
_NAME_ESC = re.compile(rb"#([0-9A-Fa-f]{2})")
_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor\b")
_FONTNAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()]+)")
_DESCENT = re.compile(rb"/Descent\s+(-?(?:\d+\.?\d*|\.\d+))(?!\s+\d+\s+R)")


def _name_key(name: bytes) -> bytes:
    return _SUBSET.sub(b"", _NAME_ESC.sub(lambda m: bytes([int(m.group(1), 16)]), name))


class FontDescents:
    """The /Descent of every font descriptor of a file, as pdfminer reads it, by font name.

    Found by a scan of the file's bytes (descriptors are small uncompressed dictionaries in the
    files WPS, Word and LibreOffice write); descriptors in compressed object streams are found
    by inflating those streams; pdfminer resolves the rest the first time one is missing."""

    def __init__(self, data: bytes):
        self.data = data
        self.by_name: dict[bytes, list[float]] = {}
        self._scanned_streams = False
        self._skipped = 0
        self._scan(data)
        # pdfminer is asked only where this scan cannot see: compressed object streams, encrypted
        # files, a /Descent held in an object of its own
        self._scanned_pdfminer = not (self._skipped or b"/ObjStm" in data or b"/Encrypt" in data)

    def _scan(self, data: bytes) -> None:
        """Descriptors among the file's objects ("n 0 obj ... endobj")."""
        for m in _DESCRIPTOR.finditer(data):
            start = data.rfind(b"obj", max(0, m.start() - 4000), m.start())
            start = start + 3 if start >= 0 else max(0, m.start() - 2000)
            end = data.find(b"endobj", m.end(), m.end() + 8000)
            self._record(data[start:end if end >= 0 else m.end() + 2000])

    def _record(self, body: bytes) -> None:
        name, desc = _FONTNAME.search(body), _DESCENT.search(body)
        if name is None or (desc is None and b"/Descent" in body):
            self._skipped += 1  # no name, or a /Descent this scan cannot read (an indirect object)
            return
        d = float(desc.group(1)) if desc else 0.0
        self.by_name.setdefault(_name_key(name.group(1)), []).append(-d if d > 0 else d)

    def _scan_object_streams(self) -> None:
        """Descriptors packed in compressed object streams (Word writes them so)."""
        self._scanned_streams = True
        data = self.data
        for m in re.finditer(rb"/Type\s*/ObjStm\b", data):
            head_start = data.rfind(b"<<", max(0, m.start() - 2000), m.start())
            s = data.find(b"stream", m.end(), m.end() + 4000)
            if s < 0 or head_start < 0:
                continue
            first = re.search(rb"/First\s+(\d+)", data[head_start:s])
            if b"/FlateDecode" not in data[head_start:s] or first is None:
                continue
            s += 6
            s += 2 if data[s:s + 2] == b"\r\n" else 1
            try:
                raw = zlib.decompressobj().decompress(data[s:s + 50_000_000], 20_000_000)
            except zlib.error:
                continue
            if b"/FontDescriptor" not in raw:
                continue
            k = int(first.group(1))
            nums = [int(v) for v in raw[:k].split()]
            offsets = sorted(nums[1::2])
            for a, b in zip(offsets, offsets[1:] + [len(raw) - k]):
                body = raw[k + a:k + b]
                if _DESCRIPTOR.search(body):
                    self._record(body)

    def _scan_pdfminer(self) -> None:
        self._scanned_pdfminer = True
        try:
            import io

            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser
            from pdfminer.pdftypes import dict_value, list_value, resolve1

            doc = PDFDocument(PDFParser(io.BytesIO(self.data)))
            seen: set[int] = set()

            def fonts_of(resources, depth: int = 0):
                res = dict_value(resources)
                for spec in dict_value(res.get("Font", {})).values():
                    yield dict_value(spec)
                if depth < 4:
                    for xobj in dict_value(res.get("XObject", {})).values():
                        x = resolve1(xobj)
                        attrs = getattr(x, "attrs", None)
                        if attrs and "Resources" in attrs and id(x) not in seen:
                            seen.add(id(x))
                            yield from fonts_of(attrs["Resources"], depth + 1)

            for page in PDFPage.create_pages(doc):
                for spec in fonts_of(page.resources):
                    if "DescendantFonts" in spec:
                        spec = dict_value(list_value(spec["DescendantFonts"])[0])
                    desc = dict_value(spec.get("FontDescriptor", {}))
                    name = resolve1(spec.get("BaseFont")) or resolve1(desc.get("FontName"))
                    if name is None:
                        continue
                    raw = getattr(name, "name", name)
                    raw = raw.encode("utf-8", "replace") if isinstance(raw, str) else bytes(raw)
                    d = float(resolve1(desc.get("Descent", 0)) or 0)
                    self.by_name.setdefault(_name_key(raw), []).append(-d if d > 0 else d)
        except Exception:  # a damaged file: fall back to pdfium's own metrics
            pass

    def descent(self, name: bytes, pdfium_descent: float) -> float:
        """pdfminer's descent (in 1/1000 of the font size) of the font called ``name``."""
        std = _standard_descent(name)
        if std is not None:
            return std
        key = _name_key(name)
        for attempt in range(3):
            cands = self._lookup(key)
            if cands:
                if len(set(cands)) == 1:
                    return cands[0]
                for c in cands:
                    if abs(c - pdfium_descent) < 1.0:
                        return c
                return 0.0 if 0.0 in cands else cands[0]
            if attempt == 0 and not self._scanned_streams:
                self._scan_object_streams()
            elif not self._scanned_pdfminer:
                self._scan_pdfminer()
            else:
                break
        return pdfium_descent

    def _lookup(self, key: bytes) -> list[float] | None:
        k = key
        for _ in range(3):  # "SimSun-Identity-H" (a Type0 font) -> "SimSun" (its descendant's descriptor)
            if k in self.by_name:
                return self.by_name[k]
            if b"-" not in k:
                break
            k = k.rsplit(b"-", 1)[0]
        return None


def _standard_descent(name: bytes) -> float | None:
    """pdfminer takes the metrics of the 14 standard fonts from its own tables."""
    try:
        from pdfminer.fontmetrics import FONT_METRICS
    except Exception:
        return None
    spec = FONT_METRICS.get(name.decode("latin-1"))
    if spec is None:
        return None
    d = float(spec[0].get("Descent", 0))
    return -d if d > 0 else d


class _FontInfo:
    __slots__ = ("descent", "vertical", "name")

    def __init__(self, font: int, first_unicode: int, descents: FontDescents | None) -> None:
        n = _font_name(font, None, 0)
        raw = b""
        if n > 0:
            buf = ctypes.create_string_buffer(n)
            _font_name(font, buf, n)
            raw = buf.value
        self.name = raw.decode("utf-8", "replace")
        d = c_float(0.0)
        own = float(d.value) if _font_descent(font, 1000.0, d) else 0.0
        self.descent = (descents.descent(raw, own) if descents is not None else own) / 1000.0
        w = c_float(0.0)  # a vertical font's advance is negative (the pen moves down)
        self.vertical = bool(_font_gwidth(font, first_unicode, 1000.0, w)) and w.value < 0


# --- the page transform ----------------------------------------------------------------

class _Frame:
    """pdfminer's initial CTM for a page (its /Rotate and MediaBox origin) and pdfplumber's flip."""

    def __init__(self, page_raw) -> None:
        l, b, r, t = c_float(), c_float(), c_float(), c_float()
        if not _media_box(page_raw, l, b, r, t):
            l.value, b.value, r.value, t.value = 0.0, 0.0, 612.0, 792.0  # pdfminer's default
        x0, x1 = sorted((float(l.value), float(r.value)))
        y0, y1 = sorted((float(b.value), float(t.value)))
        rotation = (_rotation(page_raw) % 4) * 90
        if rotation == 90:
            self.ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rotation == 180:
            self.ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotation == 270:
            self.ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            self.ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        # pdfplumber: the MediaBox normalised for the rotation, inverted with its own height
        nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
        mb_height = ny1 - ny0
        self.bbox = (nx0, mb_height - ny1, nx1, mb_height - ny0)
        self.width = self.bbox[2] - self.bbox[0]
        self.height = self.bbox[3] - self.bbox[1]
        self.mb_x0 = self.bbox[0]
        self.mb_top = self.bbox[1]
        self.rotation = rotation


def _mul(m1, m2):
    """m1 then m2 (PDF row-vector convention); m2 None is the identity."""
    if m2 is None:
        return m1
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


# --- the page's objects ------------------------------------------------------------------

class _Objects:
    """One walk over the page's objects in content-stream order (Form XObjects descended)."""

    def __init__(self, page_raw) -> None:
        self.order: dict[int, int] = {}            # text object -> position in the content stream
        self.outer: dict[int, tuple | None] = {}   # text object -> the matrix of the forms around it
        self.paths: list[tuple[int, tuple | None]] = []
        self.n_images = 0
        self._m = R.FS_MATRIX()
        self._walk(lambda k: _page_obj(page_raw, k), _page_nobj(page_raw), None, 0)

    def _walk(self, get, count: int, outer, depth: int) -> None:
        m = self._m
        for i in range(count):
            obj = get(i)
            if not obj:
                continue
            kind = _obj_type(obj)
            if kind == OBJ_TEXT:
                self.order[obj] = len(self.order)
                self.outer[obj] = outer
            elif kind == OBJ_PATH:
                self.paths.append((obj, outer))
            elif kind == OBJ_IMAGE:
                self.n_images += 1
            elif kind == OBJ_FORM and depth < MAX_FORM_DEPTH:
                _obj_matrix(obj, m)
                inner = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                self._walk(lambda k, o=obj: _form_obj(o, k), _form_nobj(obj), inner, depth + 1)


# --- characters -------------------------------------------------------------------------

def _box(X, Y, A, B, C, D, tx0, tx1, ty0, ty1):
    """Device-space bounding box of the text-space rectangle [tx0, tx1] x [ty0, ty1]."""
    xs = (X + tx0 * A + ty0 * C, X + tx1 * A + ty0 * C, X + tx0 * A + ty1 * C, X + tx1 * A + ty1 * C)
    ys = (Y + tx0 * B + ty0 * D, Y + tx1 * B + ty0 * D, Y + tx0 * B + ty1 * D, Y + tx1 * B + ty1 * D)
    return min(xs), max(xs), min(ys), max(ys)


def _char_dict(text, x0, x1, y0, y1, frame: _Frame, vertical: bool, upright: bool, fontname: str) -> dict:
    top = frame.height - y1 + frame.mb_top
    return {"text": text, "x0": x0 + frame.mb_x0, "x1": x1 + frame.mb_x0, "top": top,
            "bottom": frame.height - y0 + frame.mb_top, "doctop": top, "width": x1 - x0, "height": y1 - y0,
            "size": (x1 - x0) if vertical else (y1 - y0), "upright": upright, "fontname": fontname}


def _page_unicodes(tp: int, n: int) -> list[int] | None:
    """Every character's code point in one call: pdfium's page text holds one UTF-16 unit per
    character unless some are left out (control codes) or need two units; then None."""
    buf = (ctypes.c_ushort * (n + 1))()
    if _get_text(tp, 0, n, buf) != n + 1:
        return None
    units = list(buf)[:n]
    if any(0xD800 <= v <= 0xDFFF for v in units):
        return None
    return units


def _chars(tp: int, frame: _Frame, objs: _Objects, page: PdfiumPage, descents: FontDescents | None,
           fonts: dict[int, _FontInfo]) -> list[dict]:
    n = _count_chars(tp)
    if n <= 0:
        return []
    ox, oy = c_double(), c_double()
    m = R.FS_MATRIX()
    rect = R.FS_RECTF()
    width = c_float()
    pa, pb, pc, pd, pe, pf = frame.ctm
    height, mb_x0, mb_top = frame.height, frame.mb_x0, frame.mb_top
    order = objs.order
    groups: dict[int, list[dict]] = {}   # text object -> its characters (pdfium keeps them together)
    is_generated, map_error, get_tobj = _is_generated, _map_error, _get_tobj
    get_origin, get_loose, gwidth = _get_origin, _get_loose, _font_gwidth
    units = _page_unicodes(tp, n)
    get_unicode = _get_unicode
    advances: dict[tuple[int, int], float] = {}  # (font, code point) -> advance per unit of font size
    glyphs = unmapped = bad = 0
    cur = -1
    chars: list[dict] = []
    fs = a = A = B = C = D = descent = 0.0
    font = 0
    upright = plain = vertical = False
    fontname = ""
    for i in range(n):
        u = units[i] if units is not None else get_unicode(tp, i)
        if u in (0x20, 0x0A, 0x0D) and is_generated(tp, i) == 1:
            continue  # a space or line break pdfium made up
        if u == 2 and _is_hyphen(tp, i) == 1:  # pdfium's mark for a hyphen at a line end
            u = 0x2D
        control = u < 32 or 0x7F <= u < 0xA0 or u >= 0x110000
        if control or not (u == 0x20 or chr(u).isspace()):
            glyphs += 1
            # whether the font maps the glyph to text: asked of the first glyphs and then of
            # every fourth (it decides only whether the page is garbage)
            if (glyphs <= 64 or not glyphs & 3) and map_error(tp, i) == 1:
                unmapped += 1 if glyphs <= 64 else 4
            elif control or (not (u < 0xC0 or 0x3000 <= u <= 0x9FFF) and implausible(u)):
                bad += 1
        if control:
            continue
        obj = get_tobj(tp, i) or 0
        if obj != cur:  # a new text object: its font, size and matrix
            cur = obj
            chars = groups.setdefault(obj, [])
            font = _tobj_font(obj) if obj else 0
            info = fonts.get(font or 0)
            if info is None:
                info = _FontInfo(font, u, descents) if font else _NO_FONT
                fonts[font or 0] = info
            _get_cmatrix(tp, i, m)
            a, b, c, d = m.a, m.b, m.c, m.d
            A, B = a * pa + b * pc, a * pb + b * pd    # the char matrix in device space
            C, D = c * pa + d * pc, c * pb + d * pd
            plain = B == 0 and C == 0 and A > 0 and D > 0
            upright = A * D > 0 and B * C <= 0
            fs = float(_get_fsize(tp, i))
            descent, vertical, fontname = info.descent, info.vertical, info.name
        get_origin(tp, i, ox, oy)
        x, y = ox.value, oy.value
        X, Y = x * pa + y * pc + pe, x * pb + y * pd + pf
        if vertical:
            ok = gwidth(font, u, fs, width)
            vadv = width.value if ok and width.value < 0 else -fs  # the vertical advance
            x0, x1, y0, y1 = _box(X, Y, A, B, C, D, 0.0, fs, fs + vadv, fs)
        else:
            per = advances.get((font, u))
            if per is None or fs == 0:
                # the advance: the font's width of the character, as pdfminer takes it; pdfium's
                # loose box reaches at least that far (further where the glyph overhangs, as in
                # "f" or "j"), so a larger width means the font's code for it was not found
                loose = (rect.right - rect.left) / a if a != 0 and get_loose(tp, i, rect) else -1.0
                adv = width.value if font and gwidth(font, u, fs, width) else 0.0
                if adv <= 0 or (loose >= 0 and adv > loose + 0.01 * fs):
                    adv = loose if loose >= 0 else max(adv, 0.0)
                if fs:
                    advances[(font, u)] = adv / fs
            else:
                adv = per * fs
            desc = descent * fs
            if plain:  # what _box gives for an upright, unrotated matrix
                x0, x1, y0, y1 = X, X + adv * A, Y + desc * D, Y + (desc + fs) * D
            else:
                x0, x1, y0, y1 = _box(X, Y, A, B, C, D, 0.0, adv, desc, desc + fs)
        top = height - y1 + mb_top
        chars.append({"text": chr(u), "x0": x0 + mb_x0, "x1": x1 + mb_x0, "top": top,
                      "bottom": height - y0 + mb_top, "doctop": top, "width": x1 - x0, "height": y1 - y0,
                      "size": (x1 - x0) if vertical else (y1 - y0), "upright": upright, "fontname": fontname})
    page.glyphs += glyphs
    page.unmapped += unmapped
    page.bad += bad
    # content-stream order: the text objects as the page draws them, each object's characters
    # in pdfium's order; a skipped all-space object gives one space at its place
    keyed = [(order.get(obj, 1 << 30), 0, cs) for obj, cs in groups.items() if obj]
    keyed += [(pos, -1, [ch]) for pos, ch in _blank_chars(objs, set(groups), frame, descents, fonts)]
    keyed.sort(key=_order_key)
    out = [ch for _, _, cs in keyed for ch in cs]
    out.extend(groups.get(0, ()))
    return out


_order_key = itemgetter(0, 1)


class _NoFont:
    descent, vertical, name = 0.0, False, ""


_NO_FONT = _NoFont()


def _blank_chars(objs: _Objects, used: set[int], frame: _Frame, descents, fonts) -> list[tuple]:
    """One space for each text object pdfium skipped for having no width (only spaces in it);
    the other objects it skipped are drawn twice (fake bold) and stay skipped."""
    out = []
    m = R.FS_MATRIX()
    size = c_float()
    left, bottom, right, top = c_float(), c_float(), c_float(), c_float()
    pa, pb, pc, pd, pe, pf = frame.ctm
    for obj, pos in objs.order.items():
        if obj in used or not _obj_bounds(obj, left, bottom, right, top) or abs(right.value - left.value) >= 0.01:
            continue
        if not _obj_matrix(obj, m) or not _tobj_fsize(obj, size):
            continue
        outer = objs.outer.get(obj)
        font = _tobj_font(obj)
        info = fonts.get(font or 0)
        if info is None:
            info = _FontInfo(font, 0x20, descents) if font else _NO_FONT
            fonts[font or 0] = info
        mat = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        a, b, c, d, e, f = mat
        fs = size.value  # in text space, as FPDFText_GetFontSize gives it for a character
        A, B = a * pa + b * pc, a * pb + b * pd
        C, D = c * pa + d * pc, c * pb + d * pd
        X, Y = e * pa + f * pc + pe, e * pb + f * pd + pf
        desc = info.descent * fs
        x0, x1, y0, y1 = _box(X, Y, A, B, C, D, 0.0, 0.25 * fs, desc, desc + fs)
        out.append((pos, _char_dict(" ", x0, x1, y0, y1, frame, False, A * D > 0 and B * C <= 0, info.name)))
    return out


# --- paths -------------------------------------------------------------------------------

def _edges(objs: _Objects, frame: _Frame) -> list[dict]:
    """pdfplumber's edges (``page.edges``: line, rect and curve edges) of every stroked or filled
    path, by pdfminer's rules for lines, rectangles and curves."""
    edges: list[dict] = []
    m = R.FS_MATRIX()
    fillmode, stroke = c_int(), c_int()
    px, py = c_float(), c_float()
    path_seg, seg_point, seg_type, seg_close = _path_seg, _seg_point, _seg_type, _seg_close
    for obj, outer in objs.paths:
        if not _path_mode(obj, fillmode, stroke) or (fillmode.value == 0 and not stroke.value):
            continue  # neither filled nor stroked: pdfminer paints nothing
        _obj_matrix(obj, m)
        a, b, c, d, e, f = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        ops: list[tuple[str, tuple[float, float]]] = []
        bez = 0
        for k in range(_path_nseg(obj)):
            seg = path_seg(obj, k)
            if not seg or not seg_point(seg, px, py):
                continue
            t = seg_type(seg)
            x, y = px.value, py.value
            pt = (a * x + c * y + e, b * x + d * y + f)  # user space
            if t == SEG_MOVE:
                ops.append(("m", pt))
                bez = 0
            elif t == SEG_BEZIER:  # pdfium: three points per curve; pdfminer keeps its end
                bez += 1
                if bez % 3 == 0:
                    ops.append(("c", pt))
            else:
                ops.append(("l", pt))
                bez = 0
            if seg_close(seg):
                ops.append(("h", pt))
        _paint(ops, frame, edges)
    return edges


def _paint(ops: list[tuple[str, tuple[float, float]]], frame: _Frame, edges: list[dict]) -> None:
    """pdfminer's PDFLayoutAnalyzer.paint_path: a path, split at each moveto, into lines,
    rectangles and curves (a closepath "h" stands at the subpath's first point)."""
    sub: list[tuple[str, tuple[float, float]]] = []
    for op in ops + [("m", (0.0, 0.0))]:
        if op[0] == "m":
            if len(sub) > 1:
                _paint_one(sub, frame, edges)
            sub = [op]
        elif sub:
            sub.append(("h", sub[0][1]) if op[0] == "h" else op)


def _paint_one(path, frame: _Frame, edges: list[dict]) -> None:
    shape = "".join(o for o, _ in path)
    pa, pb, pc, pd, pe, pf = frame.ctm
    pts = [(pa * x + pc * y + pe, pb * x + pd * y + pf) for _, (x, y) in path]  # device space
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        _line_edge(pts[:2], frame, edges)
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or \
                 (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            _rect_edges([pts[0], pts[2]], frame, edges)
            return
    _curve_edges(pts, frame, edges)


def _component(pts, frame: _Frame):
    """pdfplumber's x0, x1, top, bottom, width, height of a pdfminer layout object."""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return (x0 + frame.mb_x0, x1 + frame.mb_x0, (frame.height - y1) + frame.mb_top,
            (frame.height - y0) + frame.mb_top, x1 - x0, y1 - y0)


# The table finder's first step keeps only the edges at least MIN_EDGE long (its
# edge_min_length_prefilter); shorter ones -- the ends of the thin filled rectangles WPS draws
# table rules with -- are not made at all.
MIN_EDGE = 1


def _line_edge(pts, frame: _Frame, edges: list[dict]) -> None:
    """pdfplumber's line_to_edge of a pdfminer LTLine."""
    x0, x1, top, bottom, w, h = _component(pts, frame)
    orientation = "h" if top == bottom else "v"
    if (w if orientation == "h" else h) >= MIN_EDGE:
        edges.append({"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                      "width": w, "height": h, "orientation": orientation})


def _rect_edges(pts, frame: _Frame, edges: list[dict]) -> None:
    """pdfplumber's rect_to_edges of a pdfminer LTRect: top, bottom, left, right."""
    x0, x1, top, bottom, w, h = _component(pts, frame)
    if w >= MIN_EDGE:
        edges.append({"object_type": "rect_edge", "x0": x0, "x1": x1, "top": top, "bottom": top, "doctop": top,
                      "width": w, "height": 0, "orientation": "h"})
        edges.append({"object_type": "rect_edge", "x0": x0, "x1": x1, "top": top + h, "bottom": bottom,
                      "doctop": top + h, "width": w, "height": 0, "orientation": "h"})
    if h >= MIN_EDGE:
        edges.append({"object_type": "rect_edge", "x0": x0, "x1": x0, "top": top, "bottom": bottom,
                      "doctop": top, "width": 0, "height": h, "orientation": "v"})
        edges.append({"object_type": "rect_edge", "x0": x1, "x1": x1, "top": top, "bottom": bottom,
                      "doctop": top, "width": 0, "height": h, "orientation": "v"})


def _curve_edges(pts, frame: _Frame, edges: list[dict]) -> None:
    """pdfplumber's curve_to_edges of a pdfminer LTCurve (its points flipped as point2coord does);
    the diagonal pieces, which the table finder never uses, and the short ones are left out."""
    base = frame.mb_top + frame.height
    flipped = [(x + frame.mb_x0, base - y) for x, y in pts]
    for p0, p1 in zip(flipped, flipped[1:]):
        if p0[0] == p1[0]:
            orientation = "v"
        elif p0[1] == p1[1]:
            orientation = "h"
        else:
            continue
        if abs(p0[0] - p1[0] if orientation == "h" else p0[1] - p1[1]) < MIN_EDGE:
            continue
        top = min(p0[1], p1[1])
        edges.append({"object_type": "curve_edge", "x0": min(p0[0], p1[0]), "x1": max(p0[0], p1[0]),
                      "top": top, "doctop": top, "bottom": max(p0[1], p1[1]), "width": abs(p0[0] - p1[0]),
                      "height": abs(p0[1] - p1[1]), "orientation": orientation})


# --- one page ----------------------------------------------------------------------------

class Reader:
    """Pages of one open pdfium document.  Font descriptors are read once per document; pdfium's
    font objects are looked at once per page (pdfium may free a font with the page that used it,
    so its address is no key across pages)."""

    def __init__(self, doc: pdfium.PdfDocument, data: bytes):
        self.doc = doc
        self.descents = FontDescents(data)

    def page(self, index: int) -> PdfiumPage:
        page = self.doc[index]
        try:
            raw = ctypes.cast(page.raw, c_void_p).value
            frame = _Frame(raw)
            out = PdfiumPage(index + 1, frame.width, frame.height, frame.bbox)
            objs = _Objects(raw)
            out.n_images, out.n_text_objects = objs.n_images, len(objs.order)
            tp = _text_load(raw)
            if not tp:
                raise pdfium.PdfiumError("the text of the page could not be loaded")
            try:
                out.chars = _chars(tp, frame, objs, out, self.descents, {})
            finally:
                _text_close(tp)
            out.edges = _edges(objs, frame)
            return out
        finally:
            page.close()

    def text(self, index: int) -> str:
        """The page's text as pdfium lays it out: cheap (no boxes), for a first look."""
        page = self.doc[index]
        try:
            tp = _text_load(ctypes.cast(page.raw, c_void_p).value)
            if not tp:
                return ""
            try:
                n = _count_chars(tp)
                if n <= 0:
                    return ""
                buf = (ctypes.c_ushort * (n + 1))()
                got = _get_text(tp, 0, n, buf)
                return bytes(buf)[: max(0, got - 1) * 2].decode("utf-16-le", "replace")
            finally:
                _text_close(tp)
        finally:
            page.close()
