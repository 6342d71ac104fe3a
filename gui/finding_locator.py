"""Where a finding sits in the document as read: block, character span, table cells.

Pure Python (no Qt) so the mapping is easy to test.  Used by the document view
(highlights, anchors) and the PDF view (page + bbox).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.findings import CellRef, Finding
from core.model import Document, Location, Paragraph, Table
from core.report import Report
from core.template import PREFACE

PhysCell = tuple[int, int, int]  # (table index, row, col)


@dataclass
class FindingTarget:
    block: int | None = None                 # index into document.blocks
    start: int | None = None                 # span inside the paragraph text
    end: int | None = None
    cells: list[PhysCell] = field(default_factory=list)         # outlined
    target_cells: list[PhysCell] = field(default_factory=list)  # marked
    marker_at: int | None = None             # show ［缺数］ at this offset of the paragraph text


class Locator:
    def __init__(self, report: Report):
        self.report = report
        self.doc: Document = report.document
        self._table_block = {b.index: i for i, b in enumerate(self.doc.blocks) if isinstance(b, Table)}
        self._para_block: dict[int, int] = {}
        for i, b in enumerate(self.doc.blocks):
            if b.loc.paragraph is not None and b.loc.table is None:
                self._para_block.setdefault(b.loc.paragraph, i)

    # ---- cells
    def table_block(self, table_index: int) -> int | None:
        return self._table_block.get(table_index)

    def cell_of(self, ref: CellRef) -> PhysCell | None:
        rt = self.report.tables.get(ref.table)
        if rt is None:
            return None
        cv = rt.cells.get((ref.row, ref.col))
        loc = cv.loc if cv else None
        if loc is None or loc.table is None or loc.row is None or loc.col is None:
            return None
        return (loc.table, loc.row, loc.col)

    # ---- paragraphs
    def block_of(self, loc: Location) -> int | None:
        if loc.table is not None:
            return self.table_block(loc.table)
        if loc.paragraph is not None:
            if loc.paragraph in self._para_block:
                return self._para_block[loc.paragraph]
            if 0 <= loc.paragraph < len(self.doc.blocks):
                return loc.paragraph
        if loc.line is not None:
            return self._block_by_line(loc.page, loc.line)
        if loc.page is not None:
            return next((i for i, b in enumerate(self.doc.blocks) if b.loc.page == loc.page), None)
        return None

    def _block_by_line(self, page: int | None, line: int) -> int | None:
        for i, b in enumerate(self.doc.blocks):
            if not isinstance(b, Paragraph):
                continue
            locs = [s.loc for s in b.segments] or [b.loc]
            if any(l.line == line and l.page == page for l in locs):
                return i
        return None

    def section_block(self, section: str) -> int | None:
        if section == PREFACE:
            return 0 if self.doc.blocks else None
        s = self.report.section(section)
        return s.heading_block if s and s.found else None

    # ---- a finding
    def locate(self, f: Finding) -> FindingTarget:
        t = FindingTarget()
        t.cells = [c for c in (self.cell_of(r) for r in f.cells) if c]
        t.target_cells = [c for c in (self.cell_of(r) for r in f.target_cells) if c]
        loc = f.loc
        if loc is not None:
            if loc.table is not None and loc.row is not None and loc.col is not None:
                cell = (loc.table, loc.row, loc.col)
                if cell not in t.cells:
                    t.cells.insert(0, cell)
            t.block = self.block_of(loc)
            block = self.doc.blocks[t.block] if t.block is not None else None
            if isinstance(block, Paragraph) and loc.start is not None:
                t.start = max(0, min(loc.start, len(block.text)))
                t.end = max(t.start, min(loc.end if loc.end is not None else t.start, len(block.text)))
                if f.category == "blank":
                    t.marker_at = _blank_spot(block.text, t.start, t.end)
        if t.block is None and t.cells:
            t.block = self.table_block(t.cells[0][0])
        if t.block is None:
            t.block = self.section_block(f.section)
        return t

    def pdf_place(self, f: Finding) -> tuple[int, tuple[float, float, float, float] | None] | None:
        """(1-based page, bbox in points or None) of a finding in the original PDF."""
        locs: list[Location] = []
        if f.loc is not None:
            locs.append(f.loc)
        for ref in f.cells:
            rt = self.report.tables.get(ref.table)
            cv = rt.cells.get((ref.row, ref.col)) if rt else None
            if cv and cv.loc:
                locs.append(cv.loc)
        for loc in locs:
            if loc.page is not None:
                span = self._span_place(loc)
                if span is not None:
                    return span
                return loc.page, self._bbox(loc)
        t = self.locate(f)
        if t.block is not None:
            b = self.doc.blocks[t.block]
            if b.loc.page is not None:
                return b.loc.page, b.loc.bbox
        return None

    def _span_place(self, loc: Location):
        """(page, bbox) of a span of a PDF paragraph from the lines it covers: every line of a span
        that runs over several lines, and the right line for a span that begins where two lines
        were joined (the joining space belongs to neither line)."""
        if loc.start is None or loc.table is not None:
            return None
        i = self.block_of(loc)
        block = self.doc.blocks[i] if i is not None else None
        if not isinstance(block, Paragraph) or not block.segments:
            return None
        start = loc.start
        end = max(loc.end if loc.end is not None else start, start + 1)
        segs = [g for g in block.segments if g.start < end and g.end > start]
        if not segs:   # inside the space between two lines: the line after it, else the one before
            after = [g for g in block.segments if g.start >= start]
            before = [g for g in block.segments if g.end <= start]
            segs = after[:1] or before[-1:]
        segs = [g for g in segs if g.loc.page == segs[0].loc.page and g.loc.bbox is not None]
        if not segs or segs[0].loc.page is None:
            return None
        boxes = [g.loc.bbox for g in segs]
        return segs[0].loc.page, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                  max(b[2] for b in boxes), max(b[3] for b in boxes))

    def _bbox(self, loc: Location):
        if loc.bbox is not None:
            return loc.bbox
        if loc.table is not None and loc.row is not None and loc.col is not None:
            b = self.table_block(loc.table)
            if b is not None:
                grid = self.doc.blocks[b].grid
                if loc.row < len(grid) and loc.col < len(grid[loc.row]):
                    cell = grid[loc.row][loc.col]
                    if cell is not None and cell.loc.bbox is not None:
                        return cell.loc.bbox
        return None


def _blank_spot(text: str, start: int, end: int) -> int | None:
    """Where a missing number belongs inside a blank-count span: its first run of
    white space (e.g. "信息 条"), or the span itself when it is empty or all space."""
    span = text[start:end]
    if span.strip() == "":
        return start
    m = re.search(r"\s+", span)
    return start + m.start() if m else None
