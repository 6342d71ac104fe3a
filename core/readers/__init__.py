"""Readers: one per format, each turning a file into a ``core.model.Document``.

``read_document(path)`` picks the reader by the file's content (magic bytes)
first and its extension second, so a .docx renamed to .txt still reads, and says who is at
fault when the content is something else:

- a Word "web page" (HTML, or MHT "single file web page") saved as .doc is read as HTML
  (paragraphs and tables, with the stdlib ``html.parser``; never as text with its tags);
- an RTF saved as .doc is refused with a message naming RTF and how to save it as .docx
  (its plain text would lose the three tables the checker needs);
- WPS's own formats (.et spreadsheet, .dps presentation, .wps document) are named as such,
  and an Excel or PowerPoint file named .doc/.docx is called what it is, not "old .doc".
"""
from __future__ import annotations

import codecs
import os
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import logging

from ..model import Cell, Document, Location, Paragraph, ReadError, Table
from ..oserrors import read_reason

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
SNIFF_BYTES = 4096

MSG_MEMORY = "文件过大或结构异常：读取它所需的内存超过上限，已停止检查；请确认这是年报本身，或用 WPS/Word 重新另存后再试"
MSG_RTF = ("这是 RTF 格式的文件（“{ext}”文件的内容其实是 RTF），无法可靠读取其中的表格。"
           "请在 WPS/Word 中打开它，点“文件 › 另存为”，保存类型选“Word 文档（*.docx）”后再检查")
SAVE_AS_DOCX = "请在 WPS 文字或 Word 中打开年报，点“文件 › 另存为”，保存类型选“Word 文档（*.docx）”后再检查"
WPS_FORMATS = {
    "et": "这是 WPS 表格文件（.et），不是年报文档；年报请用 WPS 文字/Word 的 .docx 文件或 PDF 检查",
    "ett": "这是 WPS 表格模板文件（.ett），不是年报文档；年报请用 WPS 文字/Word 的 .docx 文件或 PDF 检查",
    "dps": "这是 WPS 演示文件（.dps），不是年报文档；年报请用 WPS 文字/Word 的 .docx 文件或 PDF 检查",
    "dpt": "这是 WPS 演示模板文件（.dpt），不是年报文档；年报请用 WPS 文字/Word 的 .docx 文件或 PDF 检查",
    "wps": "这是 WPS 文字的旧格式文件（.wps），" + SAVE_AS_DOCX,
    "wpt": "这是 WPS 文字的模板文件（.wpt），" + SAVE_AS_DOCX,
}
MSG_EXCEL = "这是 Excel/WPS 表格文件（扩展名是“{ext}”），不是年报文档；年报请用 WPS 文字/Word 的 .docx 文件或 PDF 检查"
MSG_POWERPOINT = "这是 PowerPoint/WPS 演示文件（扩展名是“{ext}”），不是年报文档；年报请用 WPS 文字/Word 的 .docx 文件或 PDF 检查"


# ---------------------------------------------------------------- sniffing

def _text_head(head: bytes) -> bytes:
    """The start of a text file as lower-case ASCII bytes, BOM and leading white space dropped."""
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        head = head.decode("utf-16", "replace").encode("ascii", "replace")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.lstrip().lower()


def _is_html(t: bytes) -> bool:
    if not t.startswith(b"<"):
        return False
    return t.startswith(b"<!doctype html") or re.search(rb"<html[\s>]", t[:2048]) is not None


def _is_mht(t: bytes) -> bool:
    return b"mime-version:" in t[:1024] and b"multipart/" in t[:2048]


def sniff_format(path: str | os.PathLike) -> str:
    """pdf | docx | doc (an OLE container) | rtf | html | mht | txt | md, or "pdf?" / "docx?"
    for a file that claims a format its bytes do not have."""
    p = Path(path)
    with open(p, "rb") as f:
        head = f.read(SNIFF_BYTES)
    ext = p.suffix.lower().lstrip(".")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    t = _text_head(head)
    if t.startswith(b"{\\rtf"):
        return "rtf"
    if _is_mht(t):
        return "mht"
    if _is_html(t):
        return "html"
    if ext in ("pdf", "docx") and head:
        return ext + "?"  # claims a format its bytes do not have
    return "md" if ext in ("md", "markdown") else "txt"


def ole_stream_names(data: bytes) -> set[str]:
    """Names in the directory of an OLE (Compound File) container; empty if it cannot be read."""
    try:
        if len(data) < 512:
            return set()
        shift = struct.unpack_from("<H", data, 30)[0]
        if not 7 <= shift <= 16:
            return set()
        size = 1 << shift
        n_fat, first_dir = struct.unpack_from("<I", data, 44)[0], struct.unpack_from("<I", data, 48)[0]
        difat = struct.unpack_from("<109I", data, 76)[:min(n_fat, 109)]
        fat: list[int] = []
        for s in difat:
            off = (s + 1) * size
            if off + size > len(data):
                break
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, off))
        names: set[str] = set()
        sector, seen = first_dir, 0
        while sector < 0xFFFFFFFA and seen < 256:
            off = (sector + 1) * size
            if off + size > len(data):
                break
            for e in range(0, size, 128):
                n = struct.unpack_from("<H", data, off + e + 64)[0]
                if 2 <= n <= 64:
                    names.add(data[off + e: off + e + n - 2].decode("utf-16-le", "replace"))
            seen += 1
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
        return names
    except (struct.error, ValueError):
        return set()


def _ole_kind(data: bytes) -> str:
    """word | excel | powerpoint | unknown, by the container's streams."""
    names = ole_stream_names(data)
    if not names:  # a directory we cannot walk: look for the stream names themselves
        names = {n for n in ("WordDocument", "Workbook", "PowerPoint Document")
                 if n.encode("utf-16-le") in data}
    if "WordDocument" in names:
        return "word"
    if "Workbook" in names or "Book" in names:
        return "excel"
    if "PowerPoint Document" in names:
        return "powerpoint"
    return "unknown"


def _refuse_other_office(p: Path, fmt: str, ext: str) -> None:
    """A file whose bytes are not a document we read: say what it is."""
    shown = f".{ext}" if ext else "无扩展名"
    if fmt == "doc":
        data = p.read_bytes()
        from .docx import check_package, is_encrypted_office
        if is_encrypted_office(data):
            check_package(data)          # "文件已加密 …"
        if ext in WPS_FORMATS:
            raise ReadError(WPS_FORMATS[ext], "wps")
        kind = _ole_kind(data)
        if kind == "excel":
            raise ReadError(MSG_EXCEL.format(ext=shown), "wrong_format")
        if kind == "powerpoint":
            raise ReadError(MSG_POWERPOINT.format(ext=shown), "wrong_format")
        check_package(data)              # "这是旧版 .doc 格式 …"
    if fmt == "rtf":
        raise ReadError(MSG_RTF.format(ext=shown), "rtf")
    if fmt == "docx":
        import zipfile
        try:
            with zipfile.ZipFile(p) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            names = None
        if names is not None and "word/document.xml" not in names:
            if ext in WPS_FORMATS:
                raise ReadError(WPS_FORMATS[ext], "wps")
            if "xl/workbook.xml" in names:
                raise ReadError(MSG_EXCEL.format(ext=shown), "wrong_format")
            if "ppt/presentation.xml" in names:
                raise ReadError(MSG_POWERPOINT.format(ext=shown), "wrong_format")
    elif fmt not in ("pdf", "html", "mht") and ext in WPS_FORMATS:
        raise ReadError(WPS_FORMATS[ext], "wps")


# ---------------------------------------------------------------- reading

def read_document(path: str | os.PathLike) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ReadError(f"找不到文件：{p}", "missing") from None
    except OSError as e:
        raise ReadError(f"无法打开文件：{read_reason(e)}", "io") from None
    if p.is_dir():
        raise ReadError("这是一个文件夹，请选择年报文件", "io")
    if size == 0:
        raise ReadError("文件为空", "empty")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"文件太大（{size // 1024 // 1024} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限，"
                        "请只检查年报本身", "too_big")
    try:
        fmt = sniff_format(p)
        _refuse_other_office(p, fmt, p.suffix.lower().lstrip("."))
    except OSError as e:
        raise ReadError(f"无法打开文件：{read_reason(e)}", "io") from None
    except MemoryError:
        raise ReadError(MSG_MEMORY, "memory") from None
    if fmt.endswith("?"):
        raise ReadError(f"文件扩展名是 .{fmt[:-1]}，但内容不是 {fmt[:-1].upper()} 文件，文件可能已损坏", "corrupt")
    try:
        if fmt == "pdf":
            from .pdf import read_pdf
            return read_pdf(p)
        if fmt == "docx":
            from .docx import read_docx
            return read_docx(p)
        if fmt in ("html", "mht"):
            return read_html(p, mht=fmt == "mht")
        from .text import read_text
        return read_text(p, fmt)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(MSG_MEMORY, "memory") from None
    except Exception as e:  # a reader must fail closed: never a traceback for the clerk
        log.exception("reader failed on %s", p)
        raise ReadError(f"文件格式异常，无法读取（{type(e).__name__}），请用 WPS/Word 重新另存后再试", "corrupt") from None


# ---------------------------------------------------------------- Word "web page" (HTML / MHT)

MSG_HTML_EMPTY = "这是网页格式的文件（HTML），但其中没有可读的文字"
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "csgb2312", "gb18030"}
_CHARSET = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = {"p", "div", "li", "dt", "dd", "blockquote", "pre", "address", "center", "section",
               "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "tbody", "thead"}
_SKIP_TAGS = {"head", "style", "script", "title", "xml", "template", "noscript", "object", "svg"}
_VOID_TAGS = {"br", "img", "meta", "link", "hr", "input", "col", "area", "base", "wbr", "param",
              "source", "embed", "track"}
_CJK_CHAR = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’"
_SOURCE_BREAK = re.compile(rf"(?<=[{_CJK_CHAR}])\x00+(?=[{_CJK_CHAR}])")
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.I)
MAX_SPAN = 64


def _charset_name(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _GB:
        return "gb18030"  # a superset: GBK characters in a "gb2312" page still decode
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, declared: str | None = None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16", "replace")
    m = _CHARSET.search(data[:SNIFF_BYTES])
    enc = _charset_name(declared) or _charset_name(m.group(1).decode("ascii", "replace") if m else None)
    if enc:
        return data.decode(enc, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def _mht_html(data: bytes) -> str:
    """The HTML part of an MHT ("single file web page")."""
    import email
    import email.policy
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            return decode_html(payload, part.get_content_charset())
    raise ReadError("这是网页格式的文件（MHT），但其中没有网页正文，" + SAVE_AS_DOCX, "corrupt")


def read_html(path: str | os.PathLike, mht: bool = False) -> Document:
    p = Path(path)
    data = p.read_bytes()
    text = _mht_html(data) if mht else decode_html(data)
    reader = _HtmlReader(Document(path=str(p), format="html"))
    reader.feed(text)
    reader.close()
    reader.finish()
    if not reader.doc.blocks:
        raise ReadError(MSG_HTML_EMPTY, "empty")
    return reader.doc


class _Cell:
    __slots__ = ("lines", "buf", "rowspan", "colspan")

    def __init__(self, rowspan: int, colspan: int):
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.rowspan, self.colspan = rowspan, colspan


class _Tbl:
    __slots__ = ("rows", "cell", "depth")

    def __init__(self, depth: int):
        self.rows: list[list[_Cell]] = []
        self.cell: _Cell | None = None
        self.depth = depth


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def _squash(pieces: list[str]) -> str:
    """Text as a browser shows it: source line breaks between Chinese characters vanish,
    other runs of white space are one space (non-breaking spaces are kept)."""
    s = _SOURCE_BREAK.sub("", "".join(pieces))
    s = re.sub(r"[ \x00]+", " ", s.replace("\x00", " "))
    return s.strip(" ")


class _HtmlReader(HTMLParser):
    """Paragraphs and tables of an HTML page, in document order (Word's "web page" markup:
    ``<p class=MsoNormal>``, conditional comments, list numbers in ``<![if !supportLists]>``)."""

    def __init__(self, doc: Document):
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.open: list[tuple[str, bool]] = []   # (tag, hides its content)
        self.hidden = 0
        self.buf: list[str] = []
        self.heading: int | None = None
        self.tables: list[_Tbl] = []
        self.n_tables = 0

    # -- where text goes
    def _target(self) -> list[str]:
        t = self.tables[-1] if self.tables else None
        if t is not None and t.cell is not None:
            return t.cell.buf
        return self.buf

    def _flush(self) -> None:
        t = self.tables[-1] if self.tables else None
        if t is not None and t.cell is not None:
            line = _squash(t.cell.buf)
            t.cell.buf = []
            if line:
                t.cell.lines.append(line)
            return
        text = _squash(self.buf)
        self.buf = []
        if text.strip():
            idx = len(self.doc.blocks)
            self.doc.blocks.append(Paragraph(idx, text.strip(), Location(paragraph=idx), raw=text,
                                             heading_level=self.heading))
        self.heading = None

    # -- parser callbacks
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in _VOID_TAGS:
            hides = tag in _SKIP_TAGS or bool(_HIDDEN.search(a.get("style") or ""))
            if len(self.open) < 2000:
                self.open.append((tag, hides))
                self.hidden += hides
        if self.hidden:
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self.heading = int(tag[1:])
        elif tag == "br":   # a line of a cell, or (outside tables) the end of a paragraph
            self._flush()
        elif tag == "table":
            self._flush()
            self.tables.append(_Tbl(len(self.tables) + 1))
        elif tag == "tr" and self.tables:
            t = self.tables[-1]
            self._close_cell(t)
            t.rows.append([])
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            self._close_cell(t)
            if not t.rows:
                t.rows.append([])
            t.cell = _Cell(_span(a.get("rowspan")), _span(a.get("colspan")))
            t.rows[-1].append(t.cell)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        was_hidden = self.hidden
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                for _, hides in self.open[i:]:
                    self.hidden -= hides
                del self.open[i:]
                break
        if was_hidden:
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        elif tag in ("td", "th") and self.tables:
            self._close_cell(self.tables[-1])
        elif tag == "table" and self.tables:
            self._end_table()

    def handle_data(self, data):
        if self.hidden or not data:
            return
        self._target().append(re.sub(r"[ \t\f\r]*\n[ \t\f\r\n]*", "\x00", data).replace("\t", " ")
                              .replace("\r", " ").replace("\f", " "))

    # -- tables
    def _close_cell(self, t: _Tbl) -> None:
        if t.cell is not None:
            self._flush()
            t.cell = None

    def _end_table(self) -> None:
        t = self.tables.pop()
        self._close_cell(t)
        rows = [r for r in t.rows if r]
        outer = self.tables[-1] if self.tables else None
        if outer is not None:
            # a table inside a cell: its text joins the cell, line by line (as in .docx);
            # one between the rows of a table (invalid markup) joins the last cell
            into = outer.cell or (outer.rows[-1][-1] if outer.rows and outer.rows[-1] else None)
            if into is not None:
                for row in rows:
                    for c in row:
                        into.lines.extend(c.lines)
            return
        if rows:
            self._add_table(rows)

    def _add_table(self, rows: list[list[_Cell]]) -> None:
        from ..textnorm import clean
        idx = len(self.doc.blocks)
        tno = self.n_tables
        self.n_tables += 1
        n = len(rows)
        covered: dict[tuple[int, int], Cell] = {}
        width = 0
        for r, row in enumerate(rows):
            c = 0
            for hc in row:
                while (r, c) in covered:
                    c += 1
                rs = min(hc.rowspan, n - r)
                raw = "\n".join(hc.lines)
                cell = Cell(r, c, clean(raw), Location(table=tno, row=r, col=c, paragraph=idx),
                            raw=raw, rowspan=rs, colspan=hc.colspan)
                for dr in range(rs):
                    for dc in range(hc.colspan):
                        covered[(r + dr, c + dc)] = cell
                c += hc.colspan
                width = max(width, c)
        grid: list[list[Cell | None]] = []
        for r in range(n):
            row_cells: list[Cell | None] = []
            for c in range(width):
                cell = covered.get((r, c))
                row_cells.append(cell if cell is not None and (cell.row, cell.col) == (r, c) else None)
            grid.append(row_cells)
        self.doc.blocks.append(Table(tno, grid, Location(table=tno, paragraph=idx)))

    def finish(self) -> None:
        while self.tables:
            self._end_table()
        self._flush()
