"""The document model every reader produces and every later stage consumes.

A Document is an ordered list of blocks (Paragraph or Table).  Everything keeps
its place in the original file (``Location``) so findings can point at it.
Nothing here knows about Qt.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Iterator, Union


@dataclass(frozen=True)
class Location:
    """Where something sits in the original file.

    All fields are optional; a reader fills what its format knows:
    - PDF: ``page`` (1-based), ``line`` (1-based line on that page), ``bbox``
      (x0, top, x1, bottom in PDF points, origin top-left) for highlighting.
    - .docx: ``paragraph`` (0-based index of the block in the document body).
    - .txt/.md: ``line`` (1-based line in the file).
    - table cells: ``table`` (0-based table number in the document),
      ``row``/``col`` (0-based, physical grid of that table).
    - ``start``/``end``: character span inside the paragraph's ``text``.
    """

    page: int | None = None
    line: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    start: int | None = None
    end: int | None = None

    def with_span(self, start: int, end: int) -> "Location":
        return Location(self.page, self.line, self.paragraph, self.table, self.row,
                        self.col, self.bbox, start, end)

    def describe(self) -> str:
        """The place in words a clerk understands, e.g. 第2页第5行 / 第3段 / 表格2第4行第3列."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            t = f"表格{self.table + 1}"
            if self.row is not None:
                t += f"第{self.row + 1}行"
            if self.col is not None:
                t += f"第{self.col + 1}列"
            parts.append(t)
        else:
            if self.paragraph is not None and self.page is None and self.line is None:
                parts.append(f"第{self.paragraph + 1}段")
            if self.line is not None:
                parts.append(f"第{self.line}行")
        return "".join(parts) or "全文"

    def to_dict(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if v is not None}
        if "bbox" in d:
            d["bbox"] = [round(x, 1) for x in d["bbox"]]
        d["text"] = self.describe()
        return d


@dataclass
class Segment:
    """A run of a paragraph's text that comes from one physical line (PDF)."""

    start: int
    end: int
    loc: Location


@dataclass
class Paragraph:
    """One paragraph of body text (or a heading).

    ``text`` is the text as the checker reads it (PDF: lines joined, spaces a
    PDF writer put between Chinese characters removed); ``raw`` is the text as
    found in the file.  ``segments`` map spans of ``text`` back to physical
    lines where a paragraph spans several (PDF); empty otherwise.
    """

    index: int
    text: str
    loc: Location
    raw: str = ""
    heading_level: int | None = None  # from a Word heading style or markdown '#'
    segments: list[Segment] = field(default_factory=list)

    kind = "paragraph"

    def span_location(self, start: int, end: int) -> Location:
        """The location of text[start:end], narrowed to the physical line where known."""
        for seg in self.segments:
            if seg.start <= start < seg.end or (start == end == seg.end):
                return seg.loc.with_span(start, end)
        return self.loc.with_span(start, end)


@dataclass
class Cell:
    """One cell of a physical table.  A merged cell appears once, at its top-left slot."""

    row: int
    col: int
    text: str  # normalised: line breaks inside the cell joined, spurious spaces removed
    loc: Location
    raw: str = ""
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A physical table: ``grid[r][c]`` is a Cell, or None where a merged cell covers the slot
    (or, in ragged text tables, where a row is shorter)."""

    index: int
    grid: list[list[Cell | None]]
    loc: Location

    kind = "table"

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def row_cells(self, r: int) -> list[Cell]:
        """The cells that start in row r, left to right."""
        return [c for c in self.grid[r] if c is not None and c.row == r]

    def row_texts(self, r: int) -> list[str]:
        return [c.text for c in self.row_cells(r)]


Block = Union[Paragraph, Table]


@dataclass
class ReadingProblem:
    """Something the checker could not read: never the clerk's error."""

    message: str
    loc: Location | None = None
    kind: str = "unreadable"  # scan | unreadable | table | encoding | not_report | ...

    def to_dict(self) -> dict:
        return {"message": self.message,
                "location": self.loc.to_dict() if self.loc else None,
                "kind": self.kind}


@dataclass
class Document:
    path: str
    format: str  # "docx" | "pdf" | "txt" | "md"
    blocks: list[Block] = field(default_factory=list)
    reading_problems: list[ReadingProblem] = field(default_factory=list)
    page_count: int | None = None

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def text(self) -> str:
        """All paragraph text, one paragraph per line (for whole-document searches)."""
        out = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            else:
                for r in range(b.n_rows):
                    out.append("\t".join(b.row_texts(r)))
        return "\n".join(out)


class ReadError(Exception):
    """The file could not be read at all.  ``message`` is one line of Chinese for the clerk."""

    def __init__(self, message: str, kind: str = "unreadable"):
        super().__init__(message)
        self.message = message
        self.kind = kind
