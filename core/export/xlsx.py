"""The correction list (整改清单) as an Excel workbook, for the colleagues who fix the draft.

Sheets: 整改清单 (the to-do list), 概况 (which draft, when, result per section),
表格数据 (the three tables as read, flagged cells shaded) and, on request,
已忽略 (the findings the clerk ignored).  Used by the CLI (--xlsx) and the GUI.
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
from .xlsx_summary import write_summary_multi, write_summary_single
from .xlsx_tables import write_tables_sheet

__all__ = ["ExportError", "export_xlsx", "build_workbook", "default_export_name"]


def default_export_name(draft_path: str | os.PathLike, today: date) -> str:
    """"<draft stem>_整改清单_<YYYYMMDD>.xlsx", proposed next to the draft."""
    return f"{Path(draft_path).stem}_整改清单_{today:%Y%m%d}.xlsx"


def build_workbook(results: list[CheckResult], *, include_ignored: bool = False,
                   now: datetime | None = None) -> Workbook:
    now = now or datetime.now()
    several = len(results) > 1
    wb = Workbook()
    todo = wb.active
    todo.title = "整改清单"
    write_findings_sheet(todo, collect(results, ignored=False), with_file=several, with_todo=True)
    summary = wb.create_sheet("概况")
    if several:
        write_summary_multi(summary, results, now)
    else:
        write_summary_single(summary, results[0], now)
    write_tables_sheet(wb.create_sheet("表格数据"), results)
    if include_ignored:
        write_findings_sheet(wb.create_sheet("已忽略"), collect(results, ignored=True),
                             with_file=several, with_todo=False)
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
