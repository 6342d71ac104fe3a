"""Helpers shared by several rule modules: tables, labels, numbers in text, clauses."""
from __future__ import annotations

import re
from typing import Iterator

from ..findings import CellRef
from ..model import Location, Paragraph, Table
from ..report import SECTIONS_WITH_PREFACE, CellValue, Report
from ..template import PREFACE, template

SECTION_ORDER = {s: i for i, s in enumerate(SECTIONS_WITH_PREFACE)}

# ---------------------------------------------------------------- tables


def section_of_table(report: Report, name: str) -> str:
    """The section the physical table of standard table ``name`` sits in."""
    t = report.tables.get(name)
    if t and t.physical_tables:
        return section_of_loc(report, Location(table=t.physical_tables[0]), default=name)
    return name


def section_of_loc(report: Report, loc, default: str = PREFACE) -> str:
    """The section a location falls in: by its block index, else by its table number."""
    if loc is not None and loc.paragraph is not None and loc.paragraph < len(report.document.blocks):
        return report.section_of_block(loc.paragraph)
    if loc is not None and loc.table is not None:
        for i, b in enumerate(report.document.blocks):
            if isinstance(b, Table) and b.index == loc.table:
                return report.section_of_block(i)
    if loc is not None and loc.page is not None:
        on_or_before = [i for i, b in enumerate(report.document.blocks)
                        if b.loc.page is not None and b.loc.page <= loc.page]
        if on_or_before:
            return report.section_of_block(on_or_before[-1])
    return default


def t3_layout_2019(report: Report) -> bool:
    t = report.tables.get("三")
    return bool(t and t.layout == "2019")


def t3_rows(report: Report):
    return template().t3_rows(old_single_six=t3_layout_2019(report))


def short_row(row_key: str) -> str:
    """A short readable name of a table 三 row: "（四）1.本机关不掌握相关政府信息", "（二）部分公开"."""
    if "/" in row_key:
        group, item = row_key.split("/", 1)
        m = re.match(r"^([（(][一二三四五六七八九十]+[）)])", group)
        return (m.group(1) if m else group) + item
    return re.sub(r"（区分处理的.*$", "", row_key)


def cell_label(ref: CellRef) -> str:
    if ref.table == "四":
        group, col = ref.col.split("/", 1) if "/" in ref.col else ("", ref.col)
        return f"{group}“{col}”" if group else col
    if ref.table == "三":
        return f"{short_row(ref.row)}“{ref.col}”"
    return f"{ref.row}“{ref.col}”"


def cell_name(ref: CellRef) -> str:
    """The cell in words with its table: 表三“（七）总计”行“总计”列, 表四“行政复议”的“总计”."""
    if ref.table == "四" and "/" in ref.col:
        group, col = ref.col.split("/", 1)
        return f"表四“{group}”的“{col}”"
    if ref.table == "三":
        return f"表三“{short_row(ref.row)}”行“{ref.col}”列"
    return ref.describe()


def table_value(report: Report, table: str, row: str, col: str) -> int | float | None:
    """The value of a cell if it is a readable number, else None."""
    t = report.tables.get(table)
    if not t or not t.found:
        return None
    cv = t.get(row, col)
    return cv.value if cv.status == "ok" else None


def all_cells(report: Report, name: str) -> Iterator[tuple[CellRef, CellValue]]:
    """Canonical cells of a found standard table, in template order."""
    t = report.tables.get(name)
    if not t or not t.found:
        return
    for r, c in template().cell_keys(name, old_single_six=t.layout == "2019"):
        yield CellRef(name, r, c), t.get(r, c)


# ---------------------------------------------------------------- numbers in text

CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9, "十": 10}


def cn_to_int(s: str) -> int | None:
    """Arabic digits or a small Chinese numeral (up to 99)."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_NUM for ch in s):
        return None
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN_NUM[a] if a else 1) * 10 + (CN_NUM[b] if b else 0)
    return CN_NUM[s] if len(s) == 1 else None


NUM = r"(\d+|[一二两三四五六七八九十]{1,3})"
COUNT_JIAN = re.compile(NUM + r"\s*件(?!事)")


def clauses(para: Paragraph) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of each clause: split at 。；;，, and line breaks."""
    for m in re.finditer(r"[^。；;，,！？!?\n]+", para.text):
        yield m.start(), m.end(), m.group()


def sentences(para: Paragraph) -> Iterator[tuple[int, int, str]]:
    for m in re.finditer(r"[^。；;！？!?\n]+[。；;！？!?]?", para.text):
        yield m.start(), m.end(), m.group()


def body_paragraphs(report: Report, sections=("一", "二", "三", "四", "五", "六")):
    """(section, paragraph) of the body text, headings of the six sections excluded."""
    heads = {s.heading_block for s in report.sections if s.found}
    return [(s, p) for s, p in report.body_paragraphs() if s in sections and p.index not in heads]


def strip_brackets(s: str) -> str:
    """Text with bracketed asides （…）/(…) blanked out (same length)."""
    out = list(s)
    depth = 0
    for i, ch in enumerate(s):
        if ch in "（(":
            depth += 1
        if depth:
            out[i] = " "
        if ch in "）)" and depth:
            depth -= 1
    return "".join(out)
