"""Sheet 上年对比: the key figures of each report next to last year's, when it was compared with it."""
from __future__ import annotations

from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from ..findings import CheckResult
from ..rules.common import short_row, table_value
from ..template import template
from ..rules.year import report_year
from .xlsx_style import BOLD, CENTER, TITLE_FONT, WRAP_TOP, fit_row_height, header_row, print_setup, put, set_widths

WIDTHS = [40, 16, 16, 30]

def _figures() -> list[tuple[str, str, str, str]]:
    """(label, table, row, column) of the figures evaluators compare year on year."""
    tpl = template()
    named = ["t2_normative_made", "t2_normative_repealed", "t2_normative_valid", "t3_new_total",
             "t3_carried_in_total", "t3_done_total", "t3_carried_out_total", "t4_review_total",
             "t4_direct_suit_total", "t4_suit_after_review_total"]
    out = []
    for n in named:
        table, row, col = tpl.named_cell(n)
        label = f"表{table} " + (col.replace("/", " ") if table == "四" else f"{short_row(row)} {col}")
        out.append((label, table, row, col))
    return out


def _show(v) -> object:
    if v is None:
        return "（无法读取）"
    return int(v) if float(v).is_integer() else v


def _note(label: str, this, last, res: CheckResult) -> str:
    tpl = template()
    if label == _figures()[4][0]:   # 上年结转 vs last year's 结转下年度继续办理
        _, row, col = tpl.named_cell("t3_carried_out_total")
        out = table_value(res.previous, "三", row, col)
        if this is not None and out is not None and this != out:
            return f"应等于上年的“结转下年度继续办理”（{_show(out)}）"
    return ""


def write_previous_sheet(ws: Worksheet, results: list[CheckResult]) -> None:
    set_widths(ws, WIDTHS)
    put(ws, 1, 1, "上年对比（主要数字）", font=TITLE_FONT, border=False)
    ws.row_dimensions[1].height = 26
    row = 3
    for res in results:
        prev = res.previous
        if prev is None:
            continue
        this_y, last_y = report_year(res.report), report_year(prev)
        put(ws, row, 1, f"本年：{Path(res.report.document.path).name}（{res.report.organ or '机关未识别'}，"
                        f"{this_y or '年度未识别'}年度）；上年：{Path(prev.document.path).name}"
                        f"（{prev.organ or '机关未识别'}，{last_y or '年度未识别'}年度）", font=BOLD, border=False)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
        row += 1
        header_row(ws, row, ["项目", f"上年（{last_y or '?'}）", f"本年（{this_y or '?'}）", "说明"])
        row += 1
        for label, table, r, c in _figures():
            last = table_value(prev, table, r, c)
            this = table_value(res.report, table, r, c)
            put(ws, row, 1, label, align=WRAP_TOP)
            put(ws, row, 2, _show(last), align=CENTER)
            put(ws, row, 3, _show(this), align=CENTER)
            put(ws, row, 4, _note(label, this, last, res), align=WRAP_TOP)
            fit_row_height(ws, row, WIDTHS)
            row += 1
        row += 1
    print_setup(ws, title_rows=None, landscape=False)
