"""Sheet 表格数据: the three standard tables as the checker read them.

Cells taking part in a failed sum are shaded; the cells the suggestion names
as probably wrong are shaded more strongly.  Table 四 is shown with its three
groups as rows (行政复议 / 未经复议直接起诉 / 复议后起诉) so it fits a page.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..findings import CellRef, CheckResult
from ..report import CellValue, RecognizedTable
from ..template import template
from .xlsx_style import (BOLD, CENTER, FONT_NAME, TITLE_FONT, fit_row_height,
                         header_row, print_setup, put, set_widths)

INVOLVED_FILL = PatternFill("solid", fgColor="FCE4D6")
SUSPECT_FILL = PatternFill("solid", fgColor="FF8B8B")
SUSPECT_FONT = Font(name=FONT_NAME, size=11, bold=True, color="7F0000")
LABEL_COLUMN_WIDTH = 46
VALUE_COLUMN_WIDTH = 13
VALUE_COLUMNS = 7
WIDTHS = [LABEL_COLUMN_WIDTH] + [VALUE_COLUMN_WIDTH] * VALUE_COLUMNS
STATUS_TEXT = {"missing": "（缺失）", "unreadable": "（无法读取）"}
INDENT = "\u3000"   # full-width space: LibreOffice does not show cell indents reliably


def highlighted_cells(res: CheckResult) -> tuple[set[CellRef], set[CellRef]]:
    """(cells in failed sums, cells named as probably wrong) of the active findings."""
    involved, suspect = set(), set()
    for f in res.active():
        if f.category == "arithmetic" and f.severity == "fail":
            involved.update(f.cells)
            suspect.update(f.target_cells)
    return involved, suspect


def cell_display(cv: CellValue):
    if cv.status == "ok":
        return cv.value
    if cv.status in STATUS_TEXT:
        return STATUS_TEXT[cv.status]
    return cv.text or ""


class TableWriter:
    """Writes the tables of one file downwards from a row, shading the flagged cells."""

    def __init__(self, ws: Worksheet, res: CheckResult, row: int):
        self.ws, self.res, self.row = ws, res, row
        self.width = 0
        self.involved, self.suspect = highlighted_cells(res)

    def line(self, label: str, values: list, refs: list[CellRef | None], indent: int = 0,
             bold: bool = False) -> None:
        put(self.ws, self.row, 1, INDENT * indent + label, font=_font(bold))
        if not values:   # a group line: empty, but bordered like the rest of the table
            values, refs = [""] * self.width, [None] * self.width
        for i, (v, ref) in enumerate(zip(values, refs), 2):
            fill, font = None, _font(False)
            if ref in self.suspect:
                fill, font = SUSPECT_FILL, SUSPECT_FONT
            elif ref in self.involved:
                fill = INVOLVED_FILL
            put(self.ws, self.row, i, v, align=CENTER, fill=fill, font=font)
        fit_row_height(self.ws, self.row, WIDTHS)
        self.row += 1

    def caption(self, text: str, header: list[str]) -> None:
        header_row(self.ws, self.row, [text] + header)
        self.width = len(header)
        fit_row_height(self.ws, self.row, WIDTHS)
        self.row += 1

    def title(self, text: str) -> None:
        put(self.ws, self.row, 1, text, font=BOLD, border=False)
        self.row += 1

    def values(self, table: RecognizedTable, name: str, row: str, cols: list[str]) -> tuple[list, list]:
        refs = [CellRef(name, row, c) for c in cols]
        return [cell_display(table.get(row, c)) for c in cols], refs

    def not_found(self) -> None:
        put(self.ws, self.row, 1, "（草稿中未找到此表）", border=False)
        self.row += 2

    # ---- the three tables
    def table_two(self, t: RecognizedTable) -> None:
        for block in template().t2_blocks:
            self.caption(block["caption"], block["columns"])
            for r in block["rows"]:
                vals, refs = self.values(t, "二", r, block["columns"])
                self.line(r, vals, refs)
        self.row += 1

    def table_three(self, t: RecognizedTable) -> None:
        tpl = template()
        cols = tpl.t3_columns
        self.caption("项目", cols)
        group = None
        for rd in tpl.t3_rows(old_single_six=t.layout == "2019"):
            if rd.result and group is None:
                group = ""
                self.line(tpl.t3_group_label, [], [], bold=True)
            if rd.group and rd.group != group:
                group = rd.group
                self.line(rd.group, [], [], indent=1)
            vals, refs = self.values(t, "三", rd.key, cols)
            self.line(rd.label, vals, refs, indent=2 if rd.group else (1 if group is not None else 0))
        self.row += 1

    def table_four(self, t: RecognizedTable) -> None:
        tpl = template()
        self.caption("类别", tpl.t4_columns)
        for g in tpl.t4_groups:
            keys = [f"{g}/{c}" for c in tpl.t4_columns]
            vals, refs = self.values(t, "四", "", keys)
            label = g if g == tpl.t4_groups[0] else f"行政诉讼：{g}"
            self.line(label, vals, refs)
        self.row += 1


def _font(bold: bool) -> Font:
    return BOLD if bold else Font(name=FONT_NAME, size=11)


def _legend(ws: Worksheet, row: int) -> int:
    put(ws, row, 1, "说明：浅色底纹为勾稽关系不成立时涉及的单元格，深红色底纹为可能填错、需要优先核对的单元格。",
        border=False)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
    ws.row_dimensions[row].height = 18
    put(ws, row + 1, 2, "涉及", fill=INVOLVED_FILL, align=CENTER)
    put(ws, row + 1, 3, "可能填错", fill=SUSPECT_FILL, font=SUSPECT_FONT, align=CENTER)
    return row + 3


def write_tables_sheet(ws: Worksheet, results: list[CheckResult]) -> None:
    set_widths(ws, WIDTHS)
    put(ws, 1, 1, "表格数据（按检查程序读取的结果）", font=TITLE_FONT, border=False)
    ws.row_dimensions[1].height = 26
    row = _legend(ws, 2)
    for res in results:
        w = TableWriter(ws, res, row)
        if len(results) > 1:
            w.title(f"文件：{Path(res.report.document.path).name}")
        for name, draw in (("二", w.table_two), ("三", w.table_three), ("四", w.table_four)):
            w.title(f"{name}、{template().section_title(name)}")
            t = res.report.tables.get(name)
            if t is None or not t.found:
                w.not_found()
            else:
                draw(t)
        row = w.row + 1
    print_setup(ws, title_rows=None, landscape=False)
