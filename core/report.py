"""What recognition makes of a Document: sections, the three standard tables, metadata.

``Report`` is the input of every rule and the source of ``nianbao-check dump``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import Document, Location, Paragraph, ReadingProblem, Table
from .template import PREFACE, SECTION_NUMBERS


@dataclass
class CellValue:
    """One canonical cell of a standard table as the checker read it.

    status: ``ok`` (a number), ``blank`` (empty or a dash), ``text`` (not a number),
    ``missing`` (the row or column is not in the draft), ``unreadable`` (the
    reader could not tell which cell holds the value: a reading problem).
    """

    value: int | float | None
    status: str
    text: str = ""
    loc: Location | None = None


@dataclass
class LabelIssue:
    """A table row or column whose label is not the template's."""

    table: str            # "二" | "三" | "四"
    kind: str             # "nonstandard" | "missing" | "old_format"
    canonical: str        # the template's label (row key or column)
    written: str = ""     # what the draft has ("" when missing)
    loc: Location | None = None
    axis: str = "row"     # "row" | "column"


@dataclass
class RecognizedTable:
    name: str                                   # "二" | "三" | "四"
    found: bool = False
    cells: dict[tuple[str, str], CellValue] = field(default_factory=dict)
    layout: str = "unknown"                     # "2021" | "2019" | "unknown"
    label_issues: list[LabelIssue] = field(default_factory=list)
    physical_tables: list[int] = field(default_factory=list)
    loc: Location | None = None

    def get(self, row: str, col: str) -> CellValue:
        return self.cells.get((row, col), CellValue(None, "missing"))

    def value(self, row: str, col: str) -> int | float | None:
        return self.get(row, col).value

    @property
    def missing_rows(self) -> list[str]:
        return [i.canonical for i in self.label_issues if i.kind == "missing" and i.axis == "row"]

    @property
    def missing_columns(self) -> list[str]:
        return [i.canonical for i in self.label_issues if i.kind == "missing" and i.axis == "column"]

    def as_nested(self) -> dict:
        """{row: {column: value}}; table 四 (one row, keyed "") flattens to {column: value}."""
        out: dict = {}
        for (r, c), v in self.cells.items():
            if self.name == "四":
                out[c] = v.value
            else:
                out.setdefault(r, {})[c] = v.value
        return out


@dataclass
class SectionInfo:
    number: str                     # "一" … "六"
    standard_title: str             # "总体情况"
    title: str | None = None        # the heading as written
    found: bool = False
    heading_block: int | None = None
    block_start: int | None = None  # first block after the heading
    block_end: int | None = None    # exclusive
    loc: Location | None = None
    standard_heading: bool = True   # the template's words (or an accepted variant); False: found by
                                    # keywords or position, worded differently (STR003)
    written_number: str | None = None  # the number the heading carries ("七" when 六 is numbered 七)
    found_by: str | None = None     # "title" | "keywords" | "position" (a numbered heading between its neighbours)


@dataclass
class ExtraPart:
    """A numbered top-level part the template does not have ("六、改进措施" between 五 and
    "七、其他需要报告的事项"); its text counts as part of section ``within``."""
    number: str                     # the number as written ("六")
    title: str                      # the heading as written ("六、改进措施")
    block: int
    within: str                     # the template section whose text it continues ("五")
    loc: Location | None = None


@dataclass
class Report:
    document: Document
    title: str | None = None
    title_loc: Location | None = None
    organ: str | None = None
    year: int | None = None
    period: tuple[date, date] | None = None
    period_text: str | None = None
    period_loc: Location | None = None
    template: str = "unknown"        # "2021" | "2019" | "unknown"
    is_report: bool = True
    sections: list[SectionInfo] = field(default_factory=list)
    tables: dict[str, RecognizedTable] = field(default_factory=dict)
    reading_problems: list[ReadingProblem] = field(default_factory=list)
    old_format_markers: list[tuple[str, Location | None]] = field(default_factory=list)
    # the five topics of 一、总体情况 -> where section 一 covers them (None: not covered);
    # decided by recognition (core/recognize/sections.py), read by STR004
    topics: dict[str, Location | None] = field(default_factory=dict)
    topic_evidence: dict[str, str] = field(default_factory=dict)   # topic -> the words that showed it
    # "government" (a 人民政府, also 乡镇), "department" (a department, 办公室, 街道办事处, 管委会 …),
    # None (no organ recognised); decided from the organ, read by STR007 and the fee rule
    issuer_kind: str | None = None
    # whether the organ may make 规章 (False: county level or below; None: organ unknown)
    may_make_rules: bool | None = None
    # parts the template does not have, between the six (a split 五) -> STR008
    extra_parts: list[ExtraPart] = field(default_factory=list)
    # what recognition could not find: "title", "organ", "year" (neither title nor period has one),
    # "title_year" (the title has no year; the period's is used) -> INP004
    unrecognised: list[str] = field(default_factory=list)
    # every count in the text bound to its measure word and context (core/recognize/claims.py)
    claims: list = field(default_factory=list)

    # ---- navigation helpers for rules
    def section(self, number: str) -> SectionInfo | None:
        return next((s for s in self.sections if s.number == number), None)

    def section_of_block(self, index: int) -> str:
        """The section ("一"…"六", or 标题/前言) a block belongs to."""
        current = PREFACE
        for s in sorted((s for s in self.sections if s.found), key=lambda s: s.heading_block):
            if s.heading_block is not None and index >= s.heading_block:
                current = s.number
        return current

    def section_blocks(self, number: str) -> list:
        """The blocks of a section (without its heading); for 标题/前言 the blocks before 一."""
        blocks = self.document.blocks
        if number == PREFACE:
            starts = [s.heading_block for s in self.sections if s.found and s.heading_block is not None]
            return blocks[: min(starts)] if starts else list(blocks)
        s = self.section(number)
        if not s or not s.found or s.block_start is None:
            return []
        return blocks[s.block_start: s.block_end]

    def section_paragraphs(self, number: str) -> list[Paragraph]:
        return [b for b in self.section_blocks(number) if isinstance(b, Paragraph)]

    def section_text(self, number: str) -> str:
        return "\n".join(p.text for p in self.section_paragraphs(number))

    def body_paragraphs(self) -> list[tuple[str, Paragraph]]:
        """(section, paragraph) for every paragraph in document order."""
        return [(self.section_of_block(i), b) for i, b in enumerate(self.document.blocks)
                if isinstance(b, Paragraph)]

    def physical_table(self, index: int) -> Table | None:
        return next((t for t in self.document.tables() if t.index == index), None)

    # ---- output
    def to_dump(self) -> dict:
        return {
            "file": self.document.path,
            "format": self.document.format,
            "title": self.title,
            "organ": self.organ,
            "year": self.year,
            "period": ({"start": self.period[0].isoformat(), "end": self.period[1].isoformat()}
                       if self.period else None),
            "template": self.template,
            "sections": [{
                "number": s.number,
                "title": s.title,
                "standard_title": s.standard_title,
                "found": s.found,
                "location": s.loc.to_dict() if s.loc else None,
            } for s in self.sections],
            "tables": {name: t.as_nested() for name, t in self.tables.items()},
            "reading_problems": [p.to_dict() for p in self.reading_problems],
        }


SECTIONS_WITH_PREFACE = (PREFACE,) + SECTION_NUMBERS
