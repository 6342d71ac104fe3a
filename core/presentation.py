"""How a finding is described to a clerk: one module for the GUI, the CLI and the Excel list, so the
three never describe a finding differently.

- ``section_label("二")`` -> "二、主动公开政府信息情况" (标题/前言 as it is)
- ``place(finding, report)`` -> where to look, in the words of the document, not of the parser:
  "表三“（七）总计”行“总计”列", "第3页，“（二）依申请公开情况……”", "一、总体情况，“2023年，我局……”一段",
  "第12行，“……”一段", and for something missing, where it belongs ("应在“五、存在的主要问题及改进情况”之后").
- ``sort_key(finding)``: section order, then severity, then place in the document.
"""
from __future__ import annotations

from .findings import CATEGORY_CN, SEVERITIES, SEVERITY_CN, Finding
from .model import Paragraph, Table
from .report import SECTIONS_WITH_PREFACE, Report
from .template import PREFACE, SECTION_NUMBERS, template

PREFACE_LABEL = PREFACE      # "标题/前言", as the section lists show it
LEAD_CHARS = 12
MAX_GROUP_ROWS = 200


def section_label(section: str) -> str:
    """"二" -> "二、主动公开政府信息情况"; 标题/前言 stays as it is."""
    if section == PREFACE:
        return PREFACE_LABEL
    if section not in SECTIONS_WITH_PREFACE:
        return section
    return f"{section}、{template().section_title(section)}"


def severity_label(f: Finding) -> str:
    return SEVERITY_CN.get(f.severity, f.severity)


def category_label(f: Finding) -> str:
    return CATEGORY_CN.get(f.category, f.category)


def _lead(text: str) -> str:
    t = "".join(text.split())
    return t if len(t) <= LEAD_CHARS else t[:LEAD_CHARS] + "……"


def _block(report: Report, index: int | None):
    if index is None or not (0 <= index < len(report.document.blocks)):
        return None
    return report.document.blocks[index]


def _standard_table(report: Report, physical: int) -> str | None:
    for name, t in report.tables.items():
        if physical in t.physical_tables:
            return name
    return None


def _physical_table(report: Report, index: int) -> Table | None:
    return next((b for b in report.document.blocks if isinstance(b, Table) and b.index == index), None)


def _group_of_repeated_text(report: Report, loc, text: str) -> str:
    """A header text that the table has more than once (表二's two “本年处理决定数量”): the title of
    its group, the nearest row above that is one merged cell (“第二十条第（五）项”); "" otherwise."""
    table = _physical_table(report, loc.table)
    if table is None or loc.row is None or not (0 <= loc.row < table.n_rows) or table.n_rows > MAX_GROUP_ROWS:
        return ""         # (a standard table has a few dozen rows; a huge one is not searched for every problem)
    same = sum(1 for r in range(table.n_rows) for t in table.row_texts(r) if t.strip() == text)
    if same < 2:
        return ""
    for r in range(loc.row - 1, -1, -1):
        texts = {t.strip() for t in table.row_texts(r) if t.strip()}
        if len(texts) == 1:
            return _lead(texts.pop())
    return ""


def _missing_place(report: Report, section: str) -> str:
    """Where a missing section (or a statement of one) belongs."""
    if section == PREFACE:
        return "标题下面、“一、总体情况”前面"
    order = list(SECTION_NUMBERS)
    before = [s for s in order[:order.index(section)] if (info := report.section(s)) and info.found]
    if before:
        return f"应在“{section_label(before[-1])}”之后"
    return "应在标题和开头说明之后"


def place(f: Finding, report: Report | None) -> str:
    """Where the problem is, in words a clerk can find in WPS/Word or on the printed page."""
    if getattr(f, "where", ""):
        return f.where
    loc = f.loc
    if report is None:
        return loc.describe() if loc else section_label(f.section)
    info = report.section(f.section) if f.section != PREFACE else None
    if f.section != PREFACE and (info is None or not info.found):
        return _missing_place(report, f.section)   # what is missing: where it belongs
    on_text = loc is not None and loc.table is None and isinstance(_block(report, loc.paragraph), Paragraph)
    if f.cells and not on_text:
        from .rules.common import cell_name
        name = cell_name(f.cells[0])
        return name + (f"等 {len(f.cells)} 格" if len(f.cells) > 1 else "")
    if loc is None:
        return f"“{section_label(f.section)}”部分" if f.section != PREFACE else "标题和开头"
    prefix = []
    fmt = report.document.format
    if loc.page is not None:
        prefix.append(f"第{loc.page}页")
    elif fmt in ("txt", "md") and loc.line is not None:
        prefix.append(f"第{loc.line}行")
    if loc.table is not None:
        name = _standard_table(report, loc.table)
        what = f"表{name}" if name else "表格"
        short = f.excerpt if f.excerpt and len(f.excerpt) <= 20 else ""
        group = _group_of_repeated_text(report, loc, short) if short and name else ""
        return "，".join(prefix + [what + (f"“{group}”下" if group else "") + (f"“{short}”" if short else "")])
    block = _block(report, loc.paragraph)
    if isinstance(block, Paragraph):
        heads = {s.heading_block for s in report.sections if s.found}
        if block.index in heads:
            return "，".join(prefix + [f"标题“{_lead(block.text)}”"])
        # a .docx has no page or line a clerk can see: the section tells where to look
        where = [section_label(report.section_of_block(block.index))] if not prefix else []
        return "，".join(prefix + where + [f"“{_lead(block.text)}”一段"])
    if isinstance(block, Table):
        return "，".join(prefix + ["表格"])
    return "，".join(prefix) or section_label(f.section)


def sort_key(f: Finding) -> tuple:
    """Section order, then severity (错误 first), then the place in the document."""
    sec = SECTIONS_WITH_PREFACE.index(f.section) if f.section in SECTIONS_WITH_PREFACE else 99
    sev = SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9
    loc = f.loc
    n = (lambda v: -1 if v is None else v)  # noqa: E731
    pos = (n(loc.page), n(loc.paragraph), n(loc.line), n(loc.row), n(loc.col), n(loc.start)) if loc else (99,) * 6
    return (sec, sev) + pos
