"""PDF drafts (.pdf), read with pdfplumber (pypdfium2 for pages pdfplumber cannot read).

Each page is opened once: its words and its ruled tables come from the same page
object.  Words inside a table cell become the cell's text, all other words become
body lines, which are joined into paragraphs (``pdf_layout``).  Framed body text
that the table finder mistakes for a table is given back to the body, and tables
that go on over a page break are stitched (``pdf_tables``).
Locations: page (1-based), line (1-based body line on the page), bbox in points.
"""
from __future__ import annotations

from pathlib import Path

from ..model import Cell, Document, Location, Paragraph, ReadError, ReadingProblem, Segment, Table
from .pdf_layout import Line, make_lines, measure, starts_paragraph, join_sep
from .pdf_tables import PageTable, Word, build_grid, cell_at, same_columns, split_framed_text, stitch, trim

MAX_PAGES = 200
MIN_CHARS = 5  # fewer visible characters than this: the page has (almost) no text layer

MSG_ENCRYPTED = "文件已加密，请先在 WPS/PDF 阅读器中取消密码后再检查"
MSG_CORRUPT = "PDF 文件已损坏，无法读取，请重新导出 PDF 或用原始 Word 文件检查"
MSG_SCAN = "这是扫描件，没有文字层，请用原始 Word 文件检查"


def read_pdf(path: Path) -> Document:
    """Read a PDF into a Document; every failure is a ReadError with a Chinese message."""
    try:
        return _read(Path(path))
    except ReadError:
        raise
    except Exception as e:  # pdfminer/pdfplumber/pypdfium2 raise many kinds: fail closed
        if _is_encryption_error(e):
            raise ReadError(MSG_ENCRYPTED, "encrypted") from None
        raise ReadError(MSG_CORRUPT, "corrupt") from None


def _is_encryption_error(e: BaseException | None, depth: int = 0) -> bool:
    if e is None or depth > 4:
        return False
    name = type(e).__name__
    if "Password" in name or "Encrypt" in name or "password" in str(e).lower():
        return True
    inner = [a for a in e.args if isinstance(a, BaseException)] + [e.__cause__, e.__context__]
    return any(_is_encryption_error(x, depth + 1) for x in inner)


def _read(path: Path) -> Document:
    import pdfplumber

    doc = Document(path=str(path), format="pdf")
    flow: list[Line | PageTable] = []
    fallback = _Pdfium(path)
    try:
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
            if n > MAX_PAGES:
                raise ReadError(f"页数过多（{n} 页），超过 {MAX_PAGES} 页上限，请只检查年报本身", "too_big")
            if n == 0:
                raise ReadError(MSG_CORRUPT, "corrupt")
            doc.page_count = n
            statuses = []
            for i, page in enumerate(pdf.pages):
                items, status = _read_page_safely(page, i + 1, fallback)
                page.close()  # drop pdfplumber's per-page caches
                flow.extend(items)
                statuses.append(status)
                _note_problem(doc, i + 1, status)
    finally:
        fallback.close()
    if all(s in ("scan", "blank") for s in statuses):
        if "scan" in statuses:
            raise ReadError(MSG_SCAN, "scan")
        raise ReadError("PDF 里没有任何文字，无法检查", "empty")
    if all(s in ("scan", "blank", "broken") for s in statuses):
        raise ReadError(MSG_CORRUPT, "corrupt")
    _assemble(doc, flow)
    return doc


def _note_problem(doc: Document, pno: int, status: str) -> None:
    if status == "scan":
        doc.reading_problems.append(ReadingProblem(
            f"第{pno}页没有文字层（可能是扫描件），无法检查该页内容，请用原始 Word 文件检查",
            Location(page=pno), "scan"))
    elif status == "broken":
        doc.reading_problems.append(ReadingProblem(
            f"第{pno}页内容已损坏，无法读取，该页未检查", Location(page=pno), "unreadable"))


# --- one page -----------------------------------------------------------------------

def _read_page_safely(page, pno: int, fallback: "_Pdfium") -> tuple[list, str]:
    try:
        return _read_page(page, pno, fallback)
    except ReadError:
        raise
    except Exception as e:
        if _is_encryption_error(e):
            raise
        return [], "broken"


def _read_page(page, pno: int, fallback: "_Pdfium") -> tuple[list, str]:
    """Body lines and tables of one page, sorted by their top, and the page's status:
    ok | pdfium (text from pypdfium2) | scan (image, no text) | blank."""
    n_chars = visible_chars(page)
    if n_chars < MIN_CHARS:
        words, height = fallback.words(pno - 1)
        if sum(len(w.text) for w in words) >= max(MIN_CHARS, 2 * n_chars + 1):
            return make_lines(pno, words, height), "pdfium"
        if page.images:
            return [], "scan"
        if n_chars == 0:
            return [], "blank"
    words = _words_with_chars(page)
    tables = [t for t in (build_grid(pno, tb.cells) for tb in page.find_tables()) if t]
    body = _assign_words(words, tables)
    kept: list[PageTable] = []
    for t in tables:
        for c in t.cells:
            c.finish()
        rows, outside = split_framed_text(t)
        for c in outside:
            body.extend(c.words)
        if len(rows):
            kept.append(trim(t, rows))
    items: list = make_lines(pno, body, float(page.height)) + kept
    items.sort(key=lambda it: it.top)
    return items, "ok"


def visible_chars(page) -> int:
    return sum(1 for c in page.chars if c["text"].strip())


def _words_with_chars(page) -> list[tuple[dict, list[dict]]]:
    from pdfplumber.utils.text import WordExtractor

    return list(WordExtractor().iter_extract_tuples(page.chars))


def _assign_words(words: list[tuple[dict, list[dict]]], tables: list[PageTable]) -> list[Word]:
    """Put each word into the table cell it lies in; return the words outside all tables.
    A word running over a cell edge is split at the edge, character by character."""
    body: list[Word] = []
    for wd, chars in words:
        w = _word(wd)
        home = next((c for t in tables if (c := cell_at(t, w))), None) if tables else None
        if home is None and not any(_overlaps(w, t.bbox) for t in tables):
            body.append(w)
        elif home is not None and _inside(w, home.bbox):
            home.words.append(w)
        else:
            _split_word(chars, tables, body)
    return body


def _split_word(chars: list[dict], tables: list[PageTable], body: list[Word]) -> None:
    piece: list[dict] = []
    owner = None
    for ch in chars + [None]:
        cw = _word(ch) if ch else None
        where = next((c for t in tables if (c := cell_at(t, cw))), None) if cw else None
        if piece and (ch is None or where is not owner):
            merged = Word("".join(p["text"] for p in piece), min(p["x0"] for p in piece),
                          min(p["top"] for p in piece), max(p["x1"] for p in piece),
                          max(p["bottom"] for p in piece))
            (owner.words if owner is not None else body).append(merged)
            piece = []
        if ch is not None:
            piece.append(ch)
            owner = where


def _word(d: dict) -> Word:
    return Word(d["text"], float(d["x0"]), float(d["top"]), float(d["x1"]), float(d["bottom"]))


def _inside(w: Word, b: tuple[float, float, float, float], tol: float = 1.0) -> bool:
    return w.x0 >= b[0] - tol and w.x1 <= b[2] + tol and w.top >= b[1] - tol and w.bottom <= b[3] + tol


def _overlaps(w: Word, b: tuple[float, float, float, float]) -> bool:
    return w.x0 < b[2] and w.x1 > b[0] and w.top < b[3] and w.bottom > b[1]


class _Pdfium:
    """pypdfium2 text for pages pdfplumber gets (almost) nothing from; opened only when needed."""

    def __init__(self, path: Path):
        self.path = path
        self.doc = None

    def words(self, index: int) -> tuple[list[Word], float]:
        try:
            import pypdfium2 as pdfium

            if self.doc is None:
                self.doc = pdfium.PdfDocument(str(self.path))
            return pdfium_words(self.doc[index])
        except Exception:
            return [], 0.0

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()
            self.doc = None


def pdfium_words(page) -> tuple[list[Word], float]:
    """Words of a pypdfium2 page (origin top-left) and the page height: its characters'
    boxes grouped into words the way pdfplumber does it."""
    from pdfplumber.utils.text import WordExtractor

    height = page.get_height()
    tp = page.get_textpage()
    try:
        chars = []
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            if ch.strip():
                left, bottom, right, top = tp.get_charbox(i, loose=True)
                pad = (top - bottom) / 4  # loose boxes overlap: keep stacked glyphs apart
                top, bottom = top - pad, bottom + pad
                chars.append({"text": ch, "x0": left, "x1": right, "top": height - top,
                              "bottom": height - bottom, "doctop": height - top, "upright": True})
        return [_word(w) for w, _ in WordExtractor().iter_extract_tuples(chars)], height
    finally:
        tp.close()


# --- the whole document -------------------------------------------------------------

def _assemble(doc: Document, flow: list) -> None:
    """Lines -> paragraphs, neighbouring table pieces stitched, then model blocks in order."""
    lines = [it for it in flow if isinstance(it, Line)]
    geo = measure(lines)
    groups: list = []  # list[Line] (one paragraph) or PageTable
    for it in flow:
        if isinstance(it, PageTable):
            prev = groups[-1] if groups else None
            if isinstance(prev, PageTable) and it.page == _last_page(prev) + 1 and same_columns(prev, it):
                stitch(prev, it)
            else:
                groups.append(it)
        elif groups and isinstance(groups[-1], list) and not starts_paragraph(groups[-1][-1], it, geo):
            groups[-1].append(it)
        else:
            groups.append([it])
    for g in groups:
        idx = len(doc.blocks)
        if isinstance(g, PageTable):
            doc.blocks.append(_table(g, idx, sum(1 for _ in doc.tables())))
        else:
            doc.blocks.append(_paragraph(g, idx))


def _last_page(t: PageTable) -> int:
    return max(c.page for c in t.cells)


def _paragraph(lines: list[Line], idx: int) -> Paragraph:
    text, segments = "", []
    for ln in lines:
        t = ln.text
        if text:
            text += join_sep(text, t)
        start = len(text)
        text += t
        segments.append(Segment(start, len(text), Location(page=ln.page, line=ln.number, bbox=ln.bbox,
                                                           paragraph=idx)))
    first = [ln for ln in lines if ln.page == lines[0].page]
    bbox = (min(ln.x0 for ln in first), min(ln.top for ln in first),
            max(ln.x1 for ln in first), max(ln.bottom for ln in first))
    loc = Location(page=lines[0].page, line=lines[0].number, paragraph=idx, bbox=bbox)
    return Paragraph(idx, text, loc, raw="\n".join(ln.raw for ln in lines), segments=segments)


def _table(t: PageTable, idx: int, tno: int) -> Table:
    n_cols = len(t.xs) - 1
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(t.n_rows)]
    for c in t.cells:
        loc = Location(page=c.page, paragraph=idx, table=tno, row=c.r0, col=c.c0, bbox=c.bbox)
        grid[c.r0][c.c0] = Cell(c.r0, c.c0, c.text, loc, raw=c.raw, rowspan=c.r1 - c.r0, colspan=c.c1 - c.c0)
    return Table(tno, grid, Location(page=t.page, paragraph=idx, table=tno, bbox=t.bbox))
