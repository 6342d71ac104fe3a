"""The annotated .docx: the draft with one Word comment (批注) per finding, where the finding is.

How a finding's place maps back to the file.  The .docx reader (core/readers/docx.py) numbers
*blocks*: the body's non-blank paragraphs and its tables in document order (blank paragraphs get
no number, a text box's paragraphs come right after the paragraph that anchors it, a table is one
block).  A paragraph's ``text`` is what the reader built: tracked changes accepted (deleted text
dropped, a paragraph whose mark is deleted joined to the next), its automatic number rendered in
front ("一、", "（一）"), hidden runs left out, tabs and breaks as characters, then stripped; a
span (``start``/``end``) counts characters of that text.

To map spans back exactly, this module walks the same XML with the reader's own walker
(``_SourceWalker`` subclasses it, so numbering, joins and block order are the reader's), and
records for every character of every block the element it came from (a ``w:t`` and the offset in
it, a ``w:tab`` …); rendered numbers map to nothing.  A comment is then anchored on exactly the
runs of the span: a run is split at the span's edges (the ``w:t`` cut in two, the rest of the run
moved into a copy of it with the same formatting), so the text and its look do not change.
Where the text at the span is not what the result says (the file changed after the check, or the
reader changed), the span is looked up in the paragraph; failing that the whole paragraph is
anchored.  A table cell (``table``/``row``/``col``, the reader's physical grid) is anchored on its
runs; an empty cell gets an empty run to hold the comment.  Comments themselves are added with
python-docx's ``Document.add_comment`` (python-docx >= 1.2).
"""
from __future__ import annotations

import copy
import difflib
import io
from dataclasses import dataclass, field

from ..findings import CheckResult
from ..model import Document as ModelDocument
from ..model import Location, Paragraph, ReadError
from ..readers import docx as reader
from .annotate import AUTHOR, INITIALS, Mark
from .errors import ExportError

W_P, W_R, W_T, W_TBL, W_TC = reader.W_P, reader.W_R, reader.W_T, reader.W_TBL, reader.W_TC
W_RPR, W_TRPR, W_TCPR = reader.W_RPR, reader.W_TRPR, reader.W_TCPR
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NOT_SHOWN = {reader._w("del"), reader._w("moveFrom")}



# ---------------------------------------------------------------- the reader's walk, with sources

@dataclass
class _ParaSource:
    p: object                     # the w:p the block's last characters come from
    text: str                     # the block's text, as the reader built it
    chars: list = field(default_factory=list)   # per character: (element, offset) or None


@dataclass
class _TableSource:
    tbl: object
    cells: dict                   # (row, col) of a cell's top-left slot -> (w:tc, colspan)


def _collect_chars(el, text: list[str], chars: list, depth: int = 0) -> None:
    """Like reader._collect, recording where each character comes from (text boxes skipped:
    the reader reads them as blocks of their own)."""
    for ch in el:
        tag = ch.tag
        if not isinstance(tag, str) or tag in reader._SKIP:
            continue
        if tag == W_T:
            t = ch.text or ""
            text.append(t)
            chars.extend((ch, i) for i in range(len(t)))
        elif tag in (reader.W_TAB, reader.W_PTAB):
            text.append("\t")
            chars.append((ch, 0))
        elif tag in (reader.W_BR, reader.W_CR):
            text.append("\n")
            chars.append((ch, 0))
        elif tag == reader.W_NBHYPHEN:
            text.append("-")
            chars.append((ch, 0))
        elif tag == reader.W_TXBX:
            continue
        elif tag == W_R and reader._hidden(ch):
            continue
        elif depth < 40:
            _collect_chars(ch, text, chars, depth + 1)


class _SourceWalker(reader._Walker):
    """The reader's walker, noting the XML behind every block it makes."""

    def __init__(self, doc, styles, numbering):
        super().__init__(doc, styles, numbering)
        self.records: list[tuple[object, str, list]] = []   # every paragraph text the reader built
        self.carried: dict[str, list] = {}                  # text carried to the next paragraph -> chars
        self.paras: dict[int, _ParaSource] = {}             # block index -> source
        self.tables: dict[int, _TableSource] = {}           # table number -> source

    def paragraph_text(self, p):
        carry = self.carry
        own: list[str] = []
        own_chars: list = []
        _collect_chars(p, own, own_chars)
        text, boxes = super().paragraph_text(p)
        carry_chars = self.carried.get(carry, [None] * len(carry)) if carry else []
        body_chars = carry_chars + own_chars
        if text is None:                       # paragraph mark deleted: joins the next paragraph
            self.carried[self.carry] = body_chars
            return text, boxes
        label = len(text) - len(body_chars)
        if label >= 0 and text[label:] == carry + "".join(own):
            chars = [None] * label + body_chars
        else:                                  # not what the reader read: no character map
            chars = [None] * len(text)
        self.records.append((p, text, chars))
        return text, boxes

    def paragraph(self, p) -> None:
        n_blocks, n_records = len(self.doc.blocks), len(self.records)
        super().paragraph(p)
        records = self.records[n_records:]
        k = 0
        for idx in range(n_blocks, len(self.doc.blocks)):
            b = self.doc.blocks[idx]
            j = next((j for j in range(k, len(records)) if records[j][1] == b.raw), None)
            if j is None:
                self.paras[idx] = _ParaSource(p, b.text, [None] * len(b.text))
                continue
            k = j + 1
            rp, raw, chars = records[j]
            lead = len(raw) - len(raw.lstrip())
            self.paras[idx] = _ParaSource(rp, b.text, chars[lead: lead + len(b.text)])

    def table(self, tbl) -> None:
        n_blocks = len(self.doc.blocks)
        super().table(tbl)
        t = self.doc.blocks[n_blocks]
        cells: dict = {}
        for r, tr in enumerate(self._rows(tbl)):       # the reader's grid (reader._table_row)
            trpr = tr.find(W_TRPR)
            col = (min(max(reader._int(reader._val(trpr.find(reader._w("gridBefore"))), 0), 0), 64)
                   if trpr is not None else 0)
            for tc in self._cells(tr):
                tcpr = tc.find(W_TCPR)
                span = (max(1, min(reader._int(reader._val(tcpr.find(reader._w("gridSpan"))), 1), 64))
                        if tcpr is not None else 1)
                cells[(r, col)] = (tc, span)
                col += span
        self.tables[t.index] = _TableSource(tbl, cells)


def _walk(document) -> tuple[ModelDocument, _SourceWalker]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    def related(rt):
        try:
            return document.part.part_related_by(rt).element
        except (KeyError, ValueError, AttributeError):
            return None

    styles = reader._Styles(related(RT.STYLES))
    doc = ModelDocument(path="", format="docx")
    walker = _SourceWalker(doc, styles, reader._Numbering(related(RT.NUMBERING), styles))
    walker.body(document.element.body)
    return doc, walker


# ---------------------------------------------------------------- splitting runs

def _content(r) -> list:
    return [c for c in r if c.tag != W_RPR]


def _preserve(t) -> None:
    t.set(_XML_SPACE, "preserve")


class _Anchors:
    """Finds (and makes, by splitting runs) the runs a comment is anchored on."""

    def __init__(self, document, walker: _SourceWalker):
        self.document = document
        self.walker = walker

    # -- keeping every block's character map true while runs are split
    def _moved(self, old, new, offset: int) -> None:
        for src in self.walker.paras.values():
            for i, c in enumerate(src.chars):
                if c is not None and c[0] is old and c[1] >= offset:
                    src.chars[i] = (new, c[1] - offset)

    def _start_run_at(self, src: _ParaSource, i: int) -> None:
        """Make character i of the block the first character of a run."""
        item, off = src.chars[i]
        r = item.getparent()
        if r is None or r.tag != W_R:
            return
        if off > 0:                                   # cut the w:t in two
            rest = copy.deepcopy(item)
            whole = item.text or ""
            item.text, rest.text = whole[:off], whole[off:]
            _preserve(item)
            _preserve(rest)
            item.addnext(rest)
            self._moved(item, rest, off)
            item = rest
        content = _content(r)
        if content and content[0] is item:
            return
        twin = copy.deepcopy(r)                       # same run properties and attributes
        for c in _content(twin):
            twin.remove(c)
        for c in content[content.index(item):]:       # move, not copy: the map stays true
            twin.append(c)
        r.addnext(twin)

    # -- anchors
    def span(self, src: _ParaSource, start: int, end: int):
        if end <= start:                              # an empty span: the character at it
            start, end = (start, start + 1) if start < len(src.chars) else (start - 1, start)
        start, end = max(0, start), min(len(src.chars), end)
        mapped = [i for i in range(start, end) if src.chars[i] is not None]
        if not mapped:
            return None
        first, last = mapped[0], mapped[-1]
        self._start_run_at(src, first)
        nxt = last + 1
        if nxt < len(src.chars) and src.chars[nxt] is not None:
            self._start_run_at(src, nxt)
        r0, r1 = src.chars[first][0].getparent(), src.chars[last][0].getparent()
        if r0 is None or r1 is None or r0.tag != W_R or r1.tag != W_R:
            return None
        return r0, r1

    def whole(self, src: _ParaSource):
        mapped = [c for c in src.chars if c is not None]
        runs = [c[0].getparent() for c in (mapped[0], mapped[-1])] if mapped else []
        if runs and all(r is not None and r.tag == W_R for r in runs):
            return runs[0], runs[1]
        return self.runs_in(src.p)

    def runs_in(self, container):
        """First and last run with visible text under a paragraph or cell; an empty run is added
        to its first paragraph when it has none."""
        runs = [r for r in container.iter(W_R) if _shows_text(r, container)]
        if runs:
            return runs[0], runs[-1]
        p = container if container.tag == W_P else next(container.iter(W_P), None)
        if p is None:
            return None
        from docx.text.paragraph import Paragraph as DocxParagraph
        run = DocxParagraph(p, self.document._body).add_run()
        return run._r, run._r

    def cell(self, table: int, row: int | None, col: int | None):
        ts = self.walker.tables.get(table)
        if ts is None:
            return None
        if row is None or col is None:            # the table as a whole: its first cell with text
            for key in sorted(ts.cells):
                tc = ts.cells[key][0]
                if any(_shows_text(r, tc) for r in tc.iter(W_R)):
                    return self.runs_in(tc)
            return self.runs_in(ts.cells[min(ts.cells)][0]) if ts.cells else None
        tc = _cell_at(ts, row, col)
        return self.runs_in(tc) if tc is not None else None


def _shows_text(r, container) -> bool:
    if reader._hidden(r):
        return False
    if not any((c.tag == W_T and c.text) or c.tag in (reader.W_TAB, reader.W_PTAB) for c in r):
        return False
    el = r.getparent()
    while el is not None and el is not container:
        if el.tag in _NOT_SHOWN:
            return False
        el = el.getparent()
    return True


def _cell_at(ts: _TableSource, row: int, col: int):
    if (row, col) in ts.cells:
        return ts.cells[(row, col)][0]
    for r in range(row, -1, -1):                  # a slot covered by a merge: the cell covering it
        for (rr, c0), (tc, span) in ts.cells.items():
            if rr == r and c0 <= col < c0 + span:
                return tc
    return None


# ---------------------------------------------------------------- matching the result to the file

def _their_block(result: CheckResult, loc: Location):
    blocks = result.report.document.blocks
    i = loc.paragraph
    return blocks[i] if i is not None and 0 <= i < len(blocks) else None


def _my_block(mine: ModelDocument, theirs, index: int | None, words: str = "") -> int | None:
    """The index of the block in the file that is the result's block ``theirs``: the same text
    (nearest to where it was); else, the file having changed since the check, the paragraph most
    like it that holds the finding's ``words``, or failing that the paragraph most like it."""
    blocks = mine.blocks
    if index is not None and 0 <= index < len(blocks) and isinstance(theirs, Paragraph) \
            and isinstance(blocks[index], Paragraph) and blocks[index].text == theirs.text:
        return index
    near = index or 0
    paras = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph)]
    if isinstance(theirs, Paragraph):
        same = [i for i in paras if blocks[i].text == theirs.text]
        if same:
            return min(same, key=lambda i: abs(i - near))

        def likeness(i: int) -> tuple[float, int]:
            return (difflib.SequenceMatcher(None, blocks[i].text, theirs.text, autojunk=False).ratio(),
                    -abs(i - near))
        holding = [i for i in paras if len(words.strip()) >= 2 and words in blocks[i].text]
        if holding:
            return max(holding, key=likeness)
        best = max(paras, key=likeness, default=None)
        if best is not None and likeness(best)[0] >= 0.6:
            return best
    if index is not None and 0 <= index < len(blocks) and isinstance(blocks[index], Paragraph):
        return index
    return None


def _find_span(text: str, wanted: str, near: int) -> int | None:
    hits, i = [], text.find(wanted)
    while i >= 0 and wanted:
        hits.append(i)
        i = text.find(wanted, i + 1)
    return min(hits, key=lambda h: abs(h - near)) if hits else None


# ---------------------------------------------------------------- the document

def annotated_docx(result: CheckResult, data: bytes, marks: list[Mark]):
    """The draft (its bytes) as a python-docx Document with a comment for every mark."""
    import docx

    reader.check_package(data)            # the same refusals as reading it (bombs, encryption)
    try:
        document = docx.Document(io.BytesIO(data))
        mine, walker = _walk(document)
    except ReadError:
        raise
    except Exception:
        raise ExportError("原稿无法作为 Word 文档打开（可能已损坏，或是 .docm 等其他格式），"
                          "请在 WPS/Word 中另存为 .docx 后再导出批注版") from None
    anchors = _Anchors(document, walker)
    for m in marks:
        runs = _anchor(result, mine, walker, anchors, m.loc) or _fallback(mine, walker, anchors)
        if runs is None:
            raise ExportError("原稿里没有可以加批注的文字")
        document.add_comment(_runs(document, runs), text=m.text, author=AUTHOR, initials=INITIALS)
    return document


def _anchor(result, mine, walker, anchors: _Anchors, loc: Location | None):
    if loc is None:
        return None
    if loc.table is not None:
        return anchors.cell(loc.table, loc.row, loc.col)
    theirs = _their_block(result, loc)
    words = ""
    if loc.start is not None and isinstance(theirs, Paragraph):
        words = theirs.text[loc.start: loc.end if loc.end is not None else loc.start]
    idx = _my_block(mine, theirs, loc.paragraph, words)
    if idx is None or idx not in walker.paras:
        return None
    src = walker.paras[idx]
    if loc.start is not None and isinstance(theirs, Paragraph):
        start, end = loc.start, loc.end if loc.end is not None else loc.start
        if theirs.text != src.text:                 # the file is not what was checked: find the words
            at = _find_span(src.text, theirs.text[start:end], start)
            start, end = (at, at + (end - start)) if at is not None else (None, None)
        if start is not None:
            runs = anchors.span(src, start, end)
            if runs is not None:
                return runs
    return anchors.whole(src)


def _fallback(mine, walker, anchors: _Anchors):
    """No place at all: the first paragraph (the title)."""
    for idx in sorted(walker.paras):
        runs = anchors.whole(walker.paras[idx])
        if runs is not None:
            return runs
    return None


def _runs(document, runs):
    from docx.text.paragraph import Paragraph as DocxParagraph
    from docx.text.run import Run

    out = []
    for r in runs:
        p = r.getparent()
        while p is not None and p.tag != W_P:
            p = p.getparent()
        out.append(Run(r, DocxParagraph(p, document._body)))
    return out


__all__ = ["annotated_docx"]
