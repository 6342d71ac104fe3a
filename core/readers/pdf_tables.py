"""Ruled tables of one PDF page: cells -> grid, framed body text split off, page-break stitching.

Works on plain geometry (pdfplumber cell boxes and words) and knows nothing about
the document model; ``core.readers.pdf`` turns the result into ``Table`` blocks.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ..textnorm import clean, key

SNAP = 1.5        # points: cell edges closer than this are the same grid line
STITCH_TOL = 4.0  # points: column edges this close count as the same on the next page

_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_SENTENCE_END = tuple("。；;！!？?")


@dataclass
class Word:
    """A word (or a piece of one) with its box: x0, top, x1, bottom in points, origin top-left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class GridCell:
    r0: int
    c0: int
    r1: int  # exclusive
    c1: int  # exclusive
    bbox: tuple[float, float, float, float]
    words: list[Word] = field(default_factory=list)
    page: int = 0
    raw: str = ""
    text: str = ""

    def finish(self) -> None:
        self.raw = words_to_text(self.words)
        self.text = clean(self.raw)


@dataclass
class PageTable:
    """One table found on one page (later possibly extended by stitching)."""

    page: int
    cells: list[GridCell]
    xs: list[float]  # column edges
    n_rows: int
    bbox: tuple[float, float, float, float]
    top: float = 0.0
    # for cell_at: row edges and the cell covering each (row, column) slot, as built
    ys: list[float] | None = field(default=None, repr=False, compare=False)
    slots: dict[tuple[int, int], "GridCell"] | None = field(default=None, repr=False, compare=False)


def words_to_text(words: list[Word]) -> str:
    """Words as lines (top to bottom, left to right): words joined by a space, lines by a newline."""
    return "\n".join(" ".join(w.text for w in line) for line in group_lines(words))


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Cluster words into visual lines: a word belongs to a line when its middle lies within the
    height of the line's first word (bands do not grow, so stacked vertical text stays apart)."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        for line in reversed(lines):
            if line[0].top - 0.5 <= w.cy <= line[0].bottom + 0.5:
                line.append(w)
                break
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    """The index of the edge nearest to v (the first of two as near): ``edges`` is sorted."""
    k = bisect_left(edges, v)
    if k == 0:
        return 0
    if k == len(edges):
        return k - 1
    return k - 1 if abs(edges[k - 1] - v) <= abs(edges[k] - v) else k


def build_grid(page: int, boxes: list[tuple[float, float, float, float]]) -> PageTable | None:
    """Grid from pdfplumber's cell boxes.  Slots no box covers get a cell of their own."""
    if not boxes:
        return None
    xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    slots: dict[tuple[int, int], GridCell] = {}
    cells: list[GridCell] = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0 or any((r, c) in slots for r in range(r0, r1) for c in range(c0, c1)):
            continue
        cell = GridCell(r0, c0, r1, c1, tuple(b), page=page)
        for r in range(r0, r1):
            for c in range(c0, c1):
                slots[(r, c)] = cell
        cells.append(cell)
    for r in range(n_rows):  # a slot with a missing ruling line (pdfplumber drops it)
        for c in range(n_cols):
            if (r, c) not in slots:
                cell = GridCell(r, c, r + 1, c + 1, (xs[c], ys[r], xs[c + 1], ys[r + 1]), page=page)
                slots[(r, c)] = cell
                cells.append(cell)
    cells.sort(key=lambda g: (g.r0, g.c0))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return PageTable(page, cells, xs, n_rows, bbox, top=ys[0], ys=ys, slots=slots)


def cell_at(table: PageTable, w: Word) -> GridCell | None:
    """The first cell (in row, column order) whose box holds the word's middle."""
    x0, top, x1, bottom = table.bbox
    cx, cy = w.cx, w.cy
    if not (x0 <= cx <= x1 and top <= cy <= bottom):
        return None
    if table.slots is not None and table.ys is not None:
        # a cell's box edges lie within SNAP of the grid line they were snapped to: only the cells
        # of the slots around the middle can hold it
        xs, ys = table.xs, table.ys
        cols = [c for c in range(len(xs) - 1) if xs[c] - SNAP <= cx <= xs[c + 1] + SNAP]
        rows = [r for r in range(len(ys) - 1) if ys[r] - SNAP <= cy <= ys[r + 1] + SNAP]
        cands = {id(c): c for r in rows for k in cols if (c := table.slots.get((r, k))) is not None}
        best = None
        for c in cands.values():
            b = c.bbox
            if b[0] <= cx <= b[2] and b[1] <= cy <= b[3] and (best is None or (c.r0, c.c0) < (best.r0, best.c0)):
                best = c
        return best
    for c in table.cells:
        b = c.bbox
        if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]:
            return c
    return None


# --- framed body text -------------------------------------------------------------

def _row_cells(t: PageTable, r: int) -> list[GridCell]:
    return [c for c in t.cells if c.r0 <= r < c.r1]


def _is_single(t: PageTable, r: int) -> bool:
    """A row that is one cell across the whole width (a line of framed text, a caption)."""
    cells = _row_cells(t, r)
    return len(cells) == 1 and cells[0].r0 == r and cells[0].r1 == r + 1 \
        and cells[0].c0 == 0 and cells[0].c1 == len(t.xs) - 1


def is_caption(text: str) -> bool:
    """Short heading-like text naming a table ("第二十条第（一）项", "单位：万元"), not a sentence
    and not a section heading of the report."""
    k = key(text)
    return 0 < len(k) <= 40 and not k.endswith(_SENTENCE_END) and not _SECTION_HEADING.match(text)


def split_framed_text(t: PageTable) -> tuple[range, list[GridCell]]:
    """Rows that really are table, and the single-cell rows outside them that are body text.

    The rows kept run from the first to the last multi-column row, widened by one caption row
    on each side when it sits directly against them."""
    singles = [_is_single(t, r) for r in range(t.n_rows)]
    multi = [r for r, s in enumerate(singles) if not s]
    if not multi:
        return range(0), list(t.cells)
    start, end = multi[0], multi[-1] + 1

    def text_of(r: int) -> str:
        return _row_cells(t, r)[0].text

    if start > 0 and is_caption(text_of(start - 1)):
        start -= 1
    if end < t.n_rows and is_caption(text_of(end)):
        end += 1
    outside = [c for c in t.cells if c.r0 < start or c.r0 >= end]
    return range(start, end), outside


def trim(t: PageTable, rows: range) -> PageTable:
    """The table restricted to ``rows`` (renumbered from 0), columns recomputed from what is left."""
    cells = [c for c in t.cells if rows.start <= c.r0 < rows.stop]
    used = sorted({c.c0 for c in cells} | {c.c1 for c in cells})
    col_map = {c: i for i, c in enumerate(used)}
    for c in cells:
        c.r0 -= rows.start
        c.r1 = min(c.r1, rows.stop) - rows.start
        c.c0, c.c1 = col_map[c.c0], col_map[c.c1]
    xs = [t.xs[c] for c in used]
    bbox = (min(c.bbox[0] for c in cells), min(c.bbox[1] for c in cells),
            max(c.bbox[2] for c in cells), max(c.bbox[3] for c in cells))
    return PageTable(t.page, cells, xs, len(rows), bbox, top=bbox[1])


# --- stitching across a page break ------------------------------------------------

def same_columns(a: PageTable, b: PageTable) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= STITCH_TOL for x, y in zip(a.xs, b.xs))


_NUMBER = re.compile(r"^[\d,.\s]+$")


def _row_split_by_page_break(a: PageTable, b: PageTable) -> dict[int, GridCell] | None:
    """When a row is cut by the page break ("2.申请人逾期未按收费通" | "知要求缴纳费用…"), b's first
    row carries only label text, in columns where a's last row has label text: return
    {column: cell of a's last row} to append that text to, else None."""
    first = [c for c in b.cells if c.r0 == 0]
    if not first or any(_NUMBER.match(c.text) for c in first if c.text):
        return None
    if any(c.r1 > 1 for c in first if c.text):  # a real merged cell starting the page
        return None
    last = {c.c0: c for c in a.cells if c.r1 == a.n_rows and c.text}
    texts = [c for c in first if c.text]
    if not texts or not any(_NUMBER.match(c.text) for c in last.values()):
        return None
    if all(c.c0 in last and not _NUMBER.match(last[c.c0].text) for c in texts):
        return {c.c0: last[c.c0] for c in texts}
    return None


def stitch(a: PageTable, b: PageTable) -> None:
    """Append b's rows to a.  A blank cell at the top of b under a merged cell that reaches a's
    last row is the same merged cell going on over the page break; a row cut in two by the
    page break is joined again."""
    joined = _row_split_by_page_break(a, b)
    if joined:
        for c in [c for c in b.cells if c.r0 == 0]:
            if c.text:
                target = joined[c.c0]
                target.words.extend(c.words)
                target.raw = target.raw + "\n" + c.raw
                target.text = clean(target.raw)
        b.cells = [c for c in b.cells if c.r0 > 0]
        for c in b.cells:
            c.r0 -= 1
            c.r1 -= 1
        b.n_rows -= 1
    a.slots = a.ys = None  # the grid changes
    last = a.n_rows
    ends = {(c.c0, c.c1): c for c in a.cells if c.r1 == last and c.r1 - c.r0 > 1 and c.text}
    for c in b.cells:
        above = ends.get((c.c0, c.c1)) if c.r0 == 0 and not c.text else None
        if above is not None:
            above.r1 += c.r1 - c.r0
            continue
        c.r0 += last
        c.r1 += last
        a.cells.append(c)
    a.n_rows += b.n_rows
    a.cells.sort(key=lambda g: (g.r0, g.c0))
