"""Sheets 整改清单 (the to-do list) and 已忽略 (findings the clerk ignored)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import presentation
from ..findings import SEVERITY_CN, CheckResult, Finding
from ..presentation import section_label
from ..report import Report
from .xlsx_style import (CENTER, LIST_FONT, LIST_LINE_HEIGHT, SEVERITY_FILL, SEVERITY_LIST_FONT,
                         WRAP_TOP, fit_row_height, header_row, print_setup, put, set_widths)

NO_WRAP = Alignment(horizontal="left", vertical="center")
STATUS_CHOICES = ("待整改", "已整改", "无需整改")
DEFAULT_STATUS = STATUS_CHOICES[0]
DONE_STATUS = STATUS_CHOICES[1]       # a finding the clerk marked 已修改 in the app
# conditional-format fills need both colours set to show in Excel and LibreOffice
DONE_FILL = PatternFill("solid", fgColor="C6EFCE", bgColor="C6EFCE")
DISMISSED_FILL = PatternFill("solid", fgColor="E7E6E6", bgColor="E7E6E6")


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    centered: bool = False


# Widths are chosen so that the list prints on A4 landscape at 100 % (10 pt text, never shrunk to fit):
# 5.25 pt per width unit + 3.75 pt per column must stay within the 770 pt between 0.5-inch margins.
FILE_COLUMN = Column("文件/机关", 12)
TODO_COLUMNS = [
    Column("序号", 5, True), Column("严重程度", 7, True), Column("章节", 12), Column("位置", 16),
    Column("原文摘录", 22), Column("问题说明", 27), Column("修改建议", 25), Column("规则编号", 8, True),
    Column("整改状态", 8, True), Column("责任人/备注", 8),
]
# with the file column the text columns give up some width
NARROW = {"章节": 10, "位置": 14, "原文摘录": 16, "问题说明": 26, "修改建议": 24, "规则编号": 7}
# the ignored list is for reference, not for work: no status, owner, note
IGNORED_COLUMNS = TODO_COLUMNS[:8]
PRINT_WIDTH_PT = 770


def print_width(widths: list[float]) -> float:
    """Points the columns take on paper at 100 %."""
    return sum(5.25 * w + 3.75 for w in widths)


@dataclass
class Row:
    """One finding with the file it belongs to."""

    file_no: int
    file_name: str
    finding: Finding
    organ: str = ""
    report: Report | None = None
    done: bool = False          # the clerk marked it 已修改: 整改状态 “已整改”


def sort_key(row: Row) -> tuple:
    return (row.file_no,) + presentation.sort_key(row.finding)[:2]


def collect(results: list[CheckResult], ignored: bool) -> list[Row]:
    """Active (or, with ``ignored``, ignored) findings of every file, sorted file, section, severity."""
    rows = []
    for n, res in enumerate(results):
        name = Path(res.report.document.path).name
        chosen = res.active() if not ignored else [
            f for f in res.findings if f.fingerprint() in res.ignored]
        done = res.modified
        rows += [Row(n, name, f, res.report.organ or "", res.report, f.fingerprint() in done) for f in chosen]
    return sorted(rows, key=sort_key)   # stable: the rules' order inside a group stays


def _values(no: int, row: Row, with_file: bool, with_todo: bool) -> list:
    f = row.finding
    who = row.file_name + (f"\n{row.organ}" if row.organ else "")
    vals = [no] + ([who] if with_file else []) + [
        SEVERITY_CN.get(f.severity, f.severity), section_label(f.section), presentation.place(f, row.report),
        f.excerpt, f.message, f.suggestion, f.rule]
    return vals + ([DONE_STATUS if row.done else DEFAULT_STATUS, ""] if with_todo else [])


def _columns(with_file: bool, with_todo: bool) -> list[Column]:
    cols = list(TODO_COLUMNS if with_todo else IGNORED_COLUMNS)
    if not with_file:
        return cols
    cols = [Column(c.title, NARROW.get(c.title, c.width), c.centered) for c in cols]
    return cols[:1] + [FILE_COLUMN] + cols[1:]


def write_findings_sheet(ws: Worksheet, rows: list[Row], *, with_file: bool, with_todo: bool,
                         page_header: tuple[str, str] = ("", "")) -> dict[int, int]:
    """Write the list; returns the sheet row of each file's first finding (file number -> row)."""
    cols = _columns(with_file, with_todo)
    widths = [c.width for c in cols]
    set_widths(ws, widths)
    header_row(ws, 1, [c.title for c in cols])
    # the narrow columns' titles (严重程度, 规则编号, 整改状态, 责任人/备注) wrap to two lines: 22 pt cut them
    fit_row_height(ws, 1, widths)
    ws.row_dimensions[1].height = max(22, ws.row_dimensions[1].height)
    sev_col = 3 if with_file else 2
    first_rows: dict[int, int] = {}
    for i, row in enumerate(rows, 1):
        r = i + 1
        first_rows.setdefault(row.file_no, r)
        for c, (col, v) in enumerate(zip(cols, _values(i, row, with_file, with_todo)), 1):
            put(ws, r, c, v, align=CENTER if col.centered else WRAP_TOP, font=LIST_FONT)
        sev = row.finding.severity
        put(ws, r, sev_col, SEVERITY_CN.get(sev, sev), align=CENTER,
            fill=SEVERITY_FILL.get(sev), font=SEVERITY_LIST_FONT.get(sev, LIST_FONT))
        fit_row_height(ws, r, widths, line_height=LIST_LINE_HEIGHT)
    last = get_column_letter(len(cols))
    if not rows:
        put(ws, 2, 1, "未发现需要整改的问题。", border=False, align=NO_WRAP)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(cols))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows)) + 1}"
    print_setup(ws, fit_width=False, page_header=page_header)
    if with_todo and rows:
        _status_dropdown(ws, len(cols) - 1, len(rows))
    return first_rows


def _status_dropdown(ws: Worksheet, col: int, n: int) -> None:
    """整改状态: a drop-down list; a finished item turns green, a dismissed one grey."""
    letter = get_column_letter(col)
    ref = f"{letter}2:{letter}{n + 1}"
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=False,
                        showErrorMessage=True, errorTitle="整改状态",
                        error="请从列表中选择：" + "、".join(STATUS_CHOICES),
                        showInputMessage=True, promptTitle="整改状态", prompt="请选择整改状态")
    dv.add(ref)
    ws.add_data_validation(dv)
    ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=['"已整改"'],
                                                  fill=DONE_FILL))
    ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=['"无需整改"'],
                                                  fill=DISMISSED_FILL))
