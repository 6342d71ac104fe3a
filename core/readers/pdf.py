"""PDF drafts (.pdf): characters and ruling lines from pypdfium2, tables by pdfplumber's table finder.

Each page is read once by pdfium (``pdf_pdfium``): its characters with pdfminer's boxes and the
edges of its lines and rectangles.  pdfplumber's table finder turns the edges into ruled tables;
words inside a table cell become the cell's text, all other words become body lines, which are
joined into paragraphs (``pdf_layout``).  Framed body text that the table finder mistakes for a
table is given back to the body, and tables that go on over a page break are stitched
(``pdf_tables``).  pdfplumber (pdfminer) reads a page only where pdfium gets nothing usable from
it (no text, a text layer that does not decode, an error), and the whole file where pdfium
cannot open it.

Before the whole of a long file is read, the text of its first pages (and pdfium's plain text
of the rest) is looked at: a file with none of the words a report is recognised by is not read
further (recognition then calls it what it is, not a report).

Who is at fault: a text layer that decodes to garbage (fonts without a usable text mapping, as
in a Type3-font PDF) and a file damaged by a line-ending conversion are reading problems, not
the clerk's errors and not "not a report".

Locations: page (1-based), line (1-based body line on the page), bbox in points.
"""
from __future__ import annotations

import io
from pathlib import Path

from ..model import Cell, Document, Location, Paragraph, ReadError, ReadingProblem, Segment, Table
from .pdf_layout import Line, extract_words, make_lines, measure, starts_paragraph, join_sep
from . import pdf_pdfium
from .pdf_pdfium import garbled, implausible
from .pdf_tablefinder import table_cells
from .pdf_tables import PageTable, Word, build_grid, cell_at, same_columns, split_framed_text, stitch, trim

MAX_PAGES = 200
MIN_CHARS = 5  # fewer visible characters than this: the page has (almost) no text layer
PRESCAN_PAGES = 3  # read this many pages before deciding whether the rest is worth reading

MSG_ENCRYPTED = "文件已加密，请先在 WPS/PDF 阅读器中取消密码后再检查"
MSG_CORRUPT = "PDF 文件已损坏，无法读取，请重新导出 PDF 或用原始 Word 文件检查"
MSG_SCAN = "这是扫描件，没有文字层，请用原始 Word 文件检查"
MSG_GARBLED = "这个 PDF 的文字无法正确读取（字体没有文字映射），请用原始 Word 文件检查"
MSG_LINE_ENDINGS = ("PDF 文件已损坏（文件中的换行符被改动过，常见于按文本方式传输或保存 PDF），无法读取，"
                    "请重新导出 PDF 或用原始 Word 文件检查")
BAD_PAGE = ("scan", "blank", "broken", "garbled")


def read_pdf(path: Path) -> Document:
    """Read a PDF into a Document; every failure is a ReadError with a Chinese message."""
    try:
        return _read(Path(path))
    except ReadError:
        raise
    except MemoryError:
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
    if getattr(e, "err_code", None) == _PDFIUM_PASSWORD:
        return True
    inner = [a for a in e.args if isinstance(a, BaseException)] + [e.__cause__, e.__context__]
    return any(_is_encryption_error(x, depth + 1) for x in inner)


_PDFIUM_PASSWORD = 4  # FPDF_ERR_PASSWORD


def _read(path: Path) -> Document:
    data = path.read_bytes()
    try:
        pdoc = pdf_pdfium.open_document(data)
    except Exception as e:
        if _is_encryption_error(e):
            raise ReadError(MSG_ENCRYPTED, "encrypted") from None
        return _read_with_pdfplumber(path, data)  # pdfium cannot open it: perhaps pdfminer can
    try:
        return _read_with_pdfium(path, data, pdoc)
    finally:
        pdoc.close()


# --- pdfium ------------------------------------------------------------------------------

def _read_with_pdfium(path: Path, data: bytes, pdoc) -> Document:
    n = len(pdoc)
    if n > MAX_PAGES:
        raise ReadError(f"页数过多（{n} 页），超过 {MAX_PAGES} 页上限，请只检查年报本身", "too_big")
    if n == 0:
        raise ReadError(MSG_CORRUPT, "corrupt")
    doc = Document(path=str(path), format="pdf", page_count=n)
    reader = pdf_pdfium.Reader(pdoc, data)
    plumber = _Plumber(data)
    if line_endings_damaged(data):
        plumber.failed = True  # its streams are damaged for pdfminer too
    flow: list[Line | PageTable] = []
    statuses: list[str] = []
    texts: list[str] = []
    try:
        for i in range(n):
            items, status, text = _read_page_safely(reader, plumber, i, i < PRESCAN_PAGES)
            flow.extend(items)
            statuses.append(status)
            texts.append(text)
            _note_problem(doc, i + 1, status)
            if i + 1 == PRESCAN_PAGES and n > PRESCAN_PAGES + 1 and not _rest_may_be_report(reader, texts, n):
                break  # not a report: the pages read are enough to say so
    finally:
        plumber.close()
    _judge(statuses, data)
    _assemble(doc, flow)
    return doc


def _read_page_safely(reader, plumber: "_Plumber", i: int, want_text: bool) -> tuple[list, str, str]:
    try:
        return _read_page(reader, plumber, i, want_text)
    except ReadError:
        raise
    except MemoryError:
        raise
    except Exception as e:
        if _is_encryption_error(e):
            raise
        alt = plumber.page(i)
        if alt is not None:
            try:
                return _read_plumber_page(alt, i + 1)
            except Exception:
                pass
        return [], "broken", ""


def _read_page(reader, plumber: "_Plumber", i: int, want_text: bool = True) -> tuple[list, str, str]:
    """Body lines and tables of one page, sorted by their top, the page's status --
    ok | pdfminer (read by pdfplumber) | scan (image, no text) | blank | garbled -- and its text
    (if ``want_text``)."""
    pno = i + 1
    pg = reader.page(i)
    n_chars = sum(1 for c in pg.chars if c["text"].strip())
    if pg.garbled or n_chars < MIN_CHARS:
        # pdfium got nothing usable: pdfminer may (it also reads an embedded TrueType font's cmap)
        # (text objects without characters: fonts pdfium could not use)
        worth = plumber.try_garbled if pg.garbled else pg.n_text_objects > 2 * n_chars + 2
        alt = plumber.page(i) if worth else None
        if alt is not None:
            try:
                got = _read_plumber_page(alt, pno)
                alt_chars = sum(1 for c in alt.chars if c["text"].strip())
            except Exception as e:
                if _is_encryption_error(e):
                    raise
                plumber.failed = True  # pdfminer cannot read this file: keep pdfium's verdict
                got, alt_chars = ([], "broken", ""), 0
            if got[1] == "garbled":
                plumber.try_garbled = False  # the same fonts on the next pages: do not try again
            elif got[1] == "ok" and (pg.garbled or alt_chars >= max(MIN_CHARS, 2 * n_chars + 1)):
                return got[0], "pdfminer", got[2]
        if pg.garbled:
            return [], "garbled", ""
        if pg.n_images and n_chars < MIN_CHARS:
            return [], "scan", ""
        if n_chars == 0:
            return [], "blank", ""
    text = "".join(c["text"] for c in pg.chars) if want_text else ""
    return _layout(pno, pg.chars, table_cells(pg), float(pg.height)), "ok", text


# --- pdfplumber (pdfminer) ---------------------------------------------------------------

class _Plumber:
    """pdfplumber on the same bytes, opened only when a page needs it."""

    def __init__(self, data: bytes):
        self.data = data
        self.pdf = None
        self.failed = False
        self.try_garbled = True

    def page(self, index: int):
        if self.failed:
            return None
        try:
            if self.pdf is None:
                import pdfplumber

                self.pdf = pdfplumber.open(io.BytesIO(self.data))
            return self.pdf.pages[index]
        except Exception:
            self.failed = True
            return None

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def _read_with_pdfplumber(path: Path, data: bytes) -> Document:
    """The whole file by pdfplumber: for what pdfium cannot open."""
    import pdfplumber

    doc = Document(path=str(path), format="pdf")
    flow: list[Line | PageTable] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        n = len(pdf.pages)
        if n > MAX_PAGES:
            raise ReadError(f"页数过多（{n} 页），超过 {MAX_PAGES} 页上限，请只检查年报本身", "too_big")
        if n == 0:
            raise ReadError(MSG_CORRUPT, "corrupt")
        doc.page_count = n
        statuses = []
        for i, page in enumerate(pdf.pages):
            try:
                items, status, _ = _read_plumber_page(page, i + 1)
            except ReadError:
                raise
            except Exception as e:
                if _is_encryption_error(e):
                    raise
                items, status = [], "broken"
            page.close()  # drop pdfplumber's per-page caches
            flow.extend(items)
            statuses.append(status)
            _note_problem(doc, i + 1, status)
    _judge(statuses, data)
    _assemble(doc, flow)
    return doc


def _read_plumber_page(page, pno: int) -> tuple[list, str, str]:
    chars = page.chars
    texts = [c["text"] for c in chars]
    n_chars = sum(1 for t in texts if t.strip())
    if _garbled_texts(texts):
        return [], "garbled", ""
    if n_chars < MIN_CHARS:
        if page.images:
            return [], "scan", ""
        if n_chars == 0:
            return [], "blank", ""
    return _layout(pno, chars, table_cells(page), float(page.height)), "ok", "".join(texts)


def _garbled_texts(texts: list[str]) -> bool:
    """pdfminer's text of a page is garbage: "(cid:123)" for every glyph it could not map, or
    the code points a font without a usable text mapping decodes to."""
    glyphs = bad = 0
    for t in texts:
        if not t.strip():
            continue
        glyphs += 1
        if t.startswith("(cid:") or any(ord(ch) < 32 or implausible(ord(ch)) for ch in t):
            bad += 1
    return garbled(glyphs, bad)


# --- a page's words and tables -----------------------------------------------------------

def _layout(pno: int, chars: list[dict], table_cells: list[list[tuple]], height: float) -> list:
    """Body lines and tables of one page from its characters and the table finder's cell boxes."""
    words = _words_with_chars(chars)
    tables = [t for t in (build_grid(pno, cells) for cells in table_cells) if t]
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
    items: list = make_lines(pno, body, height) + kept
    items.sort(key=lambda it: it.top)
    return items


def _words_with_chars(chars: list[dict]) -> list[tuple[dict, list[dict]]]:
    return extract_words(chars)  # pdfplumber's WordExtractor, the same words


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


# --- what the whole file says --------------------------------------------------------------

def _note_problem(doc: Document, pno: int, status: str) -> None:
    if status == "scan":
        doc.reading_problems.append(ReadingProblem(
            f"第{pno}页没有文字层（可能是扫描件），无法检查该页内容，请用原始 Word 文件检查",
            Location(page=pno), "scan"))
    elif status == "broken":
        doc.reading_problems.append(ReadingProblem(
            f"第{pno}页内容已损坏，无法读取，该页未检查", Location(page=pno), "unreadable"))
    elif status == "garbled":
        doc.reading_problems.append(ReadingProblem(
            f"第{pno}页的文字无法正确读取（字体没有文字映射），该页未检查，请用原始 Word 文件检查",
            Location(page=pno), "garbled"))


def _judge(statuses: list[str], data: bytes) -> None:
    """A file that yields nothing usable: say why, and whose fault it is."""
    if any(s in BAD_PAGE for s in statuses) and line_endings_damaged(data):
        raise ReadError(MSG_LINE_ENDINGS, "corrupt")
    if all(s in ("scan", "blank") for s in statuses):
        if "scan" in statuses:
            raise ReadError(MSG_SCAN, "scan")
        raise ReadError("PDF 里没有任何文字，无法检查", "empty")
    if all(s in ("scan", "blank", "broken") for s in statuses):
        raise ReadError(MSG_CORRUPT, "corrupt")
    if all(s in BAD_PAGE for s in statuses):
        raise ReadError(MSG_GARBLED, "garbled")


def line_endings_damaged(data: bytes) -> bool:
    """Every line feed of the file follows a carriage return, binary (compressed) data included:
    a tool converted the line endings as if the PDF were text.  Compressed streams hold bare line
    feed bytes at random; after such a conversion none is left and the streams do not inflate."""
    lf = data.count(b"\n")
    if lf < 16 or data.count(b"\r\n") != lf:
        return False
    high = len(data) - len(data.translate(None, bytes(range(128))))
    return high >= 2048


def _rest_may_be_report(reader, texts: list[str], n: int) -> bool:
    """Could the file be a report?  False only when no page has any of the words recognition
    needs to call it one: "信息公开" (in a report's title), a standard table's anchor words, the
    words of 二, 三 or 四, or the words of all three of 一, 五 and 六 (recognition wants three
    sections, a table, or a title naming 信息公开 and 报告).  The pages after the first are
    looked at in pdfium's plain text only."""
    probe = _ReportWords()
    if probe.feed("".join(texts)):
        return True
    for i in range(len(texts), n):
        try:
            if probe.feed(reader.text(i)):
                return True
        except Exception:
            return True  # cannot tell: read it all
    return False


class _ReportWords:
    def __init__(self) -> None:
        from ..template import template
        from ..textnorm import key

        tpl = template()
        self.key = key
        self.seen = ""
        self.strong = ["信息公开"] + [key(a) for t in tpl.raw["tables"].values() for a in t["anchors"]]
        self.sections = {}
        for s in tpl.section_defs:
            alts = [list(s.keywords)] + [[key(v)] for v in s.variants]
            self.sections[s.number] = [[key(w) for w in alt] for alt in alts if alt]

    def feed(self, text: str) -> bool:
        self.seen += self.key(text)
        k = self.seen
        if any(w in k for w in self.strong):
            return True
        found = {n for n, alts in self.sections.items() if any(all(w in k for w in alt) for alt in alts)}
        return bool(found & {"二", "三", "四"}) or len(found) >= 3


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
