"""Sheet 概况: which draft the list belongs to, when it was checked, and the result per section."""
from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..findings import SEVERITIES, SEVERITY_CN, STATUS_CN, CheckResult
from ..report import SECTIONS_WITH_PREFACE
from ..presentation import section_label
from .xlsx_style import (BOLD, CENTER, STATUS_FILL, TITLE_FONT, fit_row_height, header_row,
                         WRAP_TOP, print_setup, put, set_widths)

APP_NAME = "年报检查"
LEFT = Alignment(wrap_text=True, horizontal="left", vertical="top")
UNREADABLE = "（无法读取文件）"
TIME_FMT = "%Y-%m-%d %H:%M:%S"
LINK_FONT = Font(name="宋体", size=11, color="0563C1", underline="single")


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return UNREADABLE
    return h.hexdigest()


def file_mtime(path: str) -> str:
    try:
        return datetime.fromtimestamp(Path(path).stat().st_mtime).strftime(TIME_FMT)
    except OSError:
        return UNREADABLE


def _missing_note(res: CheckResult, section: str) -> str:
    info = res.report.section(section)
    return "（未找到）" if info is not None and not info.found else ""


def _problem_counts(res: CheckResult) -> dict[str, int]:
    counts = {s: 0 for s in SECTIONS_WITH_PREFACE}
    for f in res.active():
        if f.section in counts:
            counts[f.section] += 1
    return counts


def _title_rows(ws: Worksheet, title: str, width: int) -> int:
    """The sheet's title across ``width`` columns; returns the next free row."""
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    put(ws, 1, 1, title, font=TITLE_FONT, align=CENTER, border=False)
    ws.row_dimensions[1].height = 26
    return 2


def write_summary_single(ws: Worksheet, res: CheckResult, now: datetime) -> None:
    """``now`` is the export time; the check time comes from the result."""
    """One file: key/value lines, then one line per section."""
    widths = [18, 56, 14]
    set_widths(ws, widths)
    r = _title_rows(ws, "整改清单概况", 3)
    rep, path = res.report, res.report.document.path
    counts = res.counts()
    pairs = [("报告标题", rep.title or "（未识别）"), ("发布机关", rep.organ or "（未识别）"),
             ("年度", f"{rep.year}年" if rep.year else "（未识别）"), ("文件名", Path(path).name),
             ("文件位置", str(Path(path).absolute().parent)), ("文件 SHA-256", file_sha256(path)),
             ("文件修改时间", file_mtime(path)), ("检查时间", res.checked_at.strftime(TIME_FMT)),
             ("程序版本", f"{APP_NAME} {__version__}"), ("检查结论", STATUS_CN[res.status])]
    pairs += [(f"{SEVERITY_CN[s]}数", counts[s]) for s in SEVERITIES]
    if res.ignored:
        pairs.append(("已忽略数", sum(1 for f in res.findings if f.fingerprint() in res.ignored)))
    for key, value in pairs:
        put(ws, r, 1, key, font=BOLD)
        fill = STATUS_FILL[res.status] if key == "检查结论" else None
        put(ws, r, 2, value, fill=fill, align=LEFT)
        put(ws, r, 3, None)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        fit_row_height(ws, r, [widths[0], widths[1] + widths[2]])
        r += 1
    r += 1
    header_row(ws, r, ["状态", "章节", "问题数"])
    status, problems = res.section_status(), _problem_counts(res)
    for s in SECTIONS_WITH_PREFACE:
        r += 1
        put(ws, r, 1, STATUS_CN[status[s]], align=CENTER, fill=STATUS_FILL[status[s]])
        put(ws, r, 2, section_label(s) + _missing_note(res, s))
        put(ws, r, 3, problems[s], align=CENTER)
    print_setup(ws, title_rows=None, landscape=False)


MULTI_HEADERS = (["序号", "文件名", "报告标题", "发布机关", "年度", "检查结论"]
                 + [SEVERITY_CN[s] for s in SEVERITIES] + ["最严重的问题", "整改清单"] + list(SECTIONS_WITH_PREFACE)
                 + ["文件修改时间", "文件 SHA-256"])
MULTI_TEXT_COLUMNS = ("文件名", "报告标题", "发布机关", "最严重的问题", "文件 SHA-256")
MULTI_WIDTHS = [5, 18, 26, 16, 7, 8, 5, 5, 5, 30, 8] + [7] * len(SECTIONS_WITH_PREFACE) + [11, 20]
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def most_serious(res: CheckResult) -> str:
    """The first finding of the highest severity, in words ("错误：表三…"), or "未发现问题"."""
    active = [f for f in res.active() if f.category != "input"] or res.active()
    if not active:
        return "未发现问题"
    f = min(active, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    return f"{SEVERITY_CN[f.severity]}：{f.message}"


def _multi_row(n: int, res: CheckResult) -> list:
    rep, path = res.report, res.report.document.path
    counts, status = res.counts(), res.section_status()
    return ([n, Path(path).name, rep.title or "（未识别）", rep.organ or "（未识别）",
             rep.year or "", STATUS_CN[res.status]] + [counts[s] for s in SEVERITIES]
            + [most_serious(res), ""]
            + [STATUS_CN[status[s]] + _missing_note(res, s) for s in SECTIONS_WITH_PREFACE]
            + [file_mtime(path), file_sha256(path)])


def write_summary_multi(ws: Worksheet, results: list[CheckResult], now: datetime,
                        first_rows: dict[int, int] | None = None) -> None:
    """Several files (sheet 汇总): one row per file, its most serious problem, a link to its rows of
    整改清单, the sections' status in columns."""
    set_widths(ws, MULTI_WIDTHS)
    _title_rows(ws, "年报检查汇总", len(MULTI_HEADERS))
    put(ws, 2, 1, f"导出时间：{now.strftime(TIME_FMT)}    程序版本：{APP_NAME} {__version__}    "
                  f"文件数：{len(results)}", border=False)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(MULTI_HEADERS))
    header_row(ws, 3, MULTI_HEADERS)
    first_status = MULTI_HEADERS.index("检查结论") + 1
    first_section = MULTI_HEADERS.index(SECTIONS_WITH_PREFACE[0]) + 1
    link_col = MULTI_HEADERS.index("整改清单") + 1
    for n, res in enumerate(results, 1):
        r = n + 3
        for c, v in enumerate(_multi_row(n, res), 1):
            wrap = MULTI_HEADERS[c - 1] in MULTI_TEXT_COLUMNS
            put(ws, r, c, v, align=WRAP_TOP if wrap else CENTER)
        put(ws, r, first_status, STATUS_CN[res.status], align=CENTER, fill=STATUS_FILL[res.status])
        target = (first_rows or {}).get(n - 1)
        if target:
            cell = put(ws, r, link_col, "查看", align=CENTER, font=LINK_FONT)
            cell.hyperlink = f"#'整改清单'!A{target}"
        status = res.section_status()
        for i, s in enumerate(SECTIONS_WITH_PREFACE):
            ws.cell(row=r, column=first_section + i).fill = STATUS_FILL[status[s]]
        fit_row_height(ws, r, MULTI_WIDTHS)
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(MULTI_HEADERS))}{len(results) + 3}"
    print_setup(ws, title_rows="3:3")
