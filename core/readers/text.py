"""Plain text and markdown drafts (.txt / .md).

- encoding: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030;
- a run of lines containing TAB characters is a table (one row per line);
- a markdown pipe table (``| a | b |``, separator rows skipped, ``<br>`` in cells) is a table;
- everything else is paragraphs; markdown markup (``#``, ``**``, list bullets) is
  dropped from the text but sets ``heading_level``;
- a paragraph broken in two by a blank line in the middle of a sentence (a PDF
  conversion artefact) is joined again.
Locations: 1-based line numbers of the file.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Cell, Document, Location, Paragraph, ReadError, Segment, Table
from ..textnorm import clean

_SEP_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*")
_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_EMPH = re.compile(r"\*\*|__")
_HEADING_LIKE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")
_SENTENCE_END = "。！？；：!?;:”）)」"
_INNER_PUNCT = re.compile(r"[。，；：,;:！？!?]")
_TITLE_END = re.compile(r"(?:报告|年报)\s*$")


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": UTF-16 with a BOM
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别文件编码（既不是 UTF-8 也不是 GB18030），请另存为 UTF-8 文本或 .docx", "encoding")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if "\x00" in sample:
        return True
    ctrl = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return ctrl > max(8, len(sample) // 50)


def _strip_markup(line: str) -> tuple[str, int | None]:
    level = None
    m = _MD_HEADING.match(line)
    if m:
        level = len(m.group(1))
        line = line[m.end():]
    line = _BULLET.sub("", line)
    line = _EMPH.sub("", line)
    return line.strip(), level


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c for c in re.split(r"(?<!\\)\|", s)]


def _stands_alone(text: str) -> bool:
    """A line that is a whole title or heading although it has no final punctuation, so the
    line after it is never joined to it: a title ("…政府信息公开工作年度报告") or a numbered
    heading without any punctuation inside ("四、因政府信息公开工作被申请行政复议…情况")."""
    t = re.sub(r"\s+", "", text)
    if len(t) > 60 or _INNER_PUNCT.search(t):
        return False
    return bool(_TITLE_END.search(t) or _HEADING_LIKE.match(t))


def read_text(path: Path, fmt: str = "txt") -> Document:
    data = path.read_bytes()
    text = decode(data)
    if _looks_binary(text):
        raise ReadError("文件内容不是文字（可能是损坏的文件或其他格式），无法检查", "binary")
    return parse_text(text, str(path), fmt)


def parse_text(text: str, path: str = "<text>", fmt: str = "txt") -> Document:
    doc = Document(path=path, format=fmt)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    n = len(lines)
    i = 0
    table_rows: list[tuple[int, list[str]]] = []
    table_kind = None

    def flush_table():
        nonlocal table_rows, table_kind
        if table_rows:
            idx = len(doc.blocks)
            tno = sum(1 for _ in doc.tables())
            grid = []
            for r, (lineno, cells) in enumerate(table_rows):
                row = []
                for c, raw in enumerate(cells):
                    row.append(Cell(r, c, clean(raw), Location(line=lineno, table=tno, row=r, col=c,
                                                               paragraph=idx), raw=raw))
                grid.append(row)
            doc.blocks.append(Table(tno, grid, Location(line=table_rows[0][0], table=tno, paragraph=idx)))
        table_rows, table_kind = [], None

    def add_paragraph(lineno: int, body: str, level: int | None):
        idx = len(doc.blocks)
        doc.blocks.append(Paragraph(idx, body, Location(line=lineno, paragraph=idx), raw=lines[lineno - 1],
                                    heading_level=level,
                                    segments=[Segment(0, len(body), Location(line=lineno, paragraph=idx))]))

    def next_nonblank(j: int) -> int:
        while j < n and not lines[j].strip():
            j += 1
        return j

    while i < n:
        line = lines[i]
        lineno = i + 1
        stripped = line.strip()
        is_pipe = stripped.startswith("|") and stripped.count("|") >= 2
        is_tab = "\t" in line and stripped != "" and not is_pipe
        if is_pipe:
            if table_kind not in (None, "pipe"):
                flush_table()
            table_kind = "pipe"
            if not _SEP_ROW.match(stripped):
                table_rows.append((lineno, _pipe_cells(line)))
            i += 1
            continue
        if is_tab:
            if table_kind not in (None, "tab"):
                flush_table()
            table_kind = "tab"
            table_rows.append((lineno, line.rstrip("\n").split("\t")))
            i += 1
            continue
        if not stripped:
            # a TAB table goes on across blank lines when the next text line is a row again
            if table_kind == "tab":
                j = next_nonblank(i)
                if j < n and "\t" in lines[j]:
                    i = j
                    continue
            flush_table()
            i += 1
            continue
        flush_table()
        body, level = _strip_markup(line)
        if not body:
            i += 1
            continue
        # join a sentence broken by a blank line (PDF-to-text artefact)
        prev = doc.blocks[-1] if doc.blocks else None
        if (isinstance(prev, Paragraph) and prev.heading_level is None and level is None
                and prev.text and prev.text[-1] not in _SENTENCE_END and len(prev.text) >= 30
                and prev.loc.line is not None and lineno - prev.segments[-1].loc.line <= 2
                and not _HEADING_LIKE.match(body) and not _stands_alone(prev.text)):
            start = len(prev.text)
            prev.text += body
            prev.raw += "\n" + line
            prev.segments.append(Segment(start, len(prev.text), Location(line=lineno, paragraph=prev.index)))
        else:
            add_paragraph(lineno, body, level)
        i += 1
    flush_table()
    return doc
