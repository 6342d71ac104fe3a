"""The correction list (整改清单) as an Excel workbook, for the colleagues who fix the draft.

Sheets: 整改清单 (the to-do list), 概况 (which draft, when, result per section) — for several reports
汇总 first instead (one row per report, its most serious problem, a link to its rows) —, 表格数据 (the
three tables as read, flagged cells shaded), 上年对比 (when a report was compared with last year's)
and, on request, 已忽略 (the findings the clerk ignored).  Used by the CLI (--xlsx) and the GUI.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from ..findings import CheckResult
from .atomic import write_atomically
from .errors import ExportError
from .xlsx_findings import collect, write_findings_sheet
from .xlsx_previous import write_previous_sheet
from .xlsx_summary import write_summary_multi, write_summary_single
from .xlsx_tables import write_tables_sheet

__all__ = ["ExportError", "export_xlsx", "build_workbook", "default_export_name"]


def default_export_name(draft_path: str | os.PathLike, today: date) -> str:
    """"<draft stem>_整改清单_<YYYYMMDD>.xlsx", proposed next to the draft."""
    return f"{Path(draft_path).stem}_整改清单_{today:%Y%m%d}.xlsx"


def page_header(results: list[CheckResult]) -> tuple[str, str]:
    """(left, right) text printed at the top of every page of the list: which report, when checked.

    Two lines each (title / organ and year on the left, check time / file name on the right): on one
    line the long title ran into the file name and the check time and both printed garbled."""
    if len(results) == 1:
        r = results[0].report
        name = Path(r.document.path).name
        second = " ".join(x for x in (r.organ or "", f"{r.year}年度" if r.year else "") if x)
        left = "\n".join(x for x in (r.title or "", second) if x)
        right = f"检查时间 {results[0].checked_at:%Y-%m-%d %H:%M}\n{name}"
        return left or name, right
    when = max(res.checked_at for res in results)
    return f"整改清单（{len(results)} 份报告）", f"检查时间 {when:%Y-%m-%d %H:%M}"


def build_workbook(results: list[CheckResult], *, include_ignored: bool = False,
                   now: datetime | None = None) -> Workbook:
    now = now or datetime.now()
    several = len(results) > 1
    wb = Workbook()
    todo = wb.active
    todo.title = "整改清单"
    first_rows = write_findings_sheet(todo, collect(results, ignored=False), with_file=several, with_todo=True,
                                      page_header=page_header(results))
    if several:
        overview = wb.create_sheet("汇总", 0)
        write_summary_multi(overview, results, now, first_rows)
    else:
        write_summary_single(wb.create_sheet("概况"), results[0], now)
    write_tables_sheet(wb.create_sheet("表格数据"), results)
    if any(res.previous is not None for res in results):
        write_previous_sheet(wb.create_sheet("上年对比"), results)
    if include_ignored:
        write_findings_sheet(wb.create_sheet("已忽略"), collect(results, ignored=True),
                             with_file=several, with_todo=False, page_header=page_header(results))
    wb.active = 0
    return wb


def export_xlsx(results: list[CheckResult], out_path: str | os.PathLike, *, force: bool = False,
                include_ignored: bool = False, now: datetime | None = None) -> Path:
    """Write the workbook to ``out_path`` atomically; returns the absolute path written.

    Raises ExportError (Chinese ``message``) when there is nothing to export, the
    file exists and ``force`` is not set, or the place cannot be written.
    """
    if not results:
        raise ExportError("没有可导出的检查结果（所有文件都无法读取）")
    wb = build_workbook(results, include_ignored=include_ignored, now=now)
    return write_atomically(out_path, wb.save, force=force)
