"""Cell writing and styles shared by the Excel sheets.

``put`` is the only way sheets write a value: text is always stored as a
string (never a formula, whatever it starts with), control characters Excel
refuses are dropped, and long text is cut to Excel's cell limit.
"""
from __future__ import annotations

import math
import unicodedata

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "宋体"
FONT = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")

# fill and font colour per severity (错误 red, 警告 amber, 提示 blue)
SEVERITY_FILL = {
    "fail": PatternFill("solid", fgColor="FFC7CE"),
    "warn": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
SEVERITY_FONT = {
    "fail": Font(name=FONT_NAME, size=11, bold=True, color="9C0006"),
    "warn": Font(name=FONT_NAME, size=11, bold=True, color="9C5700"),
    "info": Font(name=FONT_NAME, size=11, bold=True, color="1F4E78"),
}
# the correction list prints at 10 pt (at least 9 pt on paper, since it is never shrunk to fit)
LIST_FONT = Font(name=FONT_NAME, size=10)
SEVERITY_LIST_FONT = {k: Font(name=FONT_NAME, size=10, bold=True, color=v.color) for k, v in SEVERITY_FONT.items()}
LIST_LINE_HEIGHT = 13.5
STATUS_FILL = {"fail": SEVERITY_FILL["fail"], "warn": SEVERITY_FILL["warn"],
               "pass": PatternFill("solid", fgColor="C6EFCE")}

MAX_CELL_CHARS = 32000          # Excel refuses more than 32767 characters in a cell
LINE_HEIGHT = 15.0              # points per wrapped line at 11 pt


def clean_text(s: str) -> str:
    """Drop the control characters an .xlsx file cannot hold; cut over-long text."""
    out = "".join(ch for ch in s if ch in "\t\n" or not (ord(ch) < 32 or 0xFFFE <= ord(ch) <= 0xFFFF
                                                         or 0xD800 <= ord(ch) <= 0xDFFF))
    if len(out) > MAX_CELL_CHARS:
        out = out[:MAX_CELL_CHARS] + "…"
    return out


def put(ws: Worksheet, row: int, col: int, value, *, font: Font = FONT,
        align: Alignment = WRAP_TOP, fill: PatternFill | None = None, border: bool = True):
    """Write one cell.  Strings are always text, never formulas."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"          # openpyxl would store "=..." as a formula
        if value.lstrip(" \t\r\n\u3000")[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True   # stays text when the colleague edits the cell
    else:
        cell.value = value
    cell.font = font
    cell.alignment = align
    if fill is not None:
        cell.fill = fill
    if border:
        cell.border = BORDER
    return cell


def header_row(ws: Worksheet, row: int, labels: list[str], col: int = 1) -> None:
    for i, label in enumerate(labels):
        put(ws, row, col + i, label, font=BOLD, align=CENTER, fill=HEADER_FILL)


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def text_width(s: str) -> int:
    """Display width in Excel column units: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def lines_needed(s: str, width: float) -> int:
    usable = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in str(s).split("\n"))


def fit_row_height(ws: Worksheet, row: int, widths: list[float], min_lines: int = 1,
                   line_height: float = LINE_HEIGHT) -> None:
    """Set the row height so wrapped text shows whole (Excel does not do it on open)."""
    lines = min_lines
    scale = LINE_HEIGHT / line_height   # smaller text: more characters per line
    for i, w in enumerate(widths, 1):
        v = ws.cell(row=row, column=i).value
        if v not in (None, ""):
            lines = max(lines, lines_needed(str(v), w * scale))
    ws.row_dimensions[row].height = round(line_height * lines + 3, 1)


def print_setup(ws: Worksheet, *, title_rows: str | None = "1:1", landscape: bool = True,
                fit_width: bool = True, page_header: tuple[str, str] = ("", "")) -> None:
    """A4, header rows repeated, page numbers in the footer; ``fit_width``: shrink to the page width
    (the correction list is laid out to fit at 100 % instead, so its text never prints small);
    ``page_header``: (left, right) text at the top of every page (which report, when checked; may hold a
    line break), the sheet's name then at the bottom left."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = 100
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    left, right = page_header
    if left or right:
        # room for a two-line page header above the table (with openpyxl's default header margin, 0.5 inch,
        # a 0.7-inch top margin left 0.2 inch for it: not even one line)
        ws.page_margins.header = ws.page_margins.footer = 0.3
        ws.page_margins.top = 0.9
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = FONT_NAME
    if left or right:
        ws.HeaderFooter.oddHeader = LineBreakHeader()
        # the sheet's name goes to the foot of the page: in the middle of the header the long title ran into it
        ws.oddFooter.left.text = "&A"
        ws.oddFooter.left.font = FONT_NAME
    else:
        ws.oddHeader.center.text = "&A"
        ws.oddHeader.center.font = FONT_NAME
    if left:
        ws.oddHeader.left.text = _header_text(left)
        ws.oddHeader.left.font = FONT_NAME
    if right:
        ws.oddHeader.right.text = _header_text(right)
        ws.oddHeader.right.font = FONT_NAME


class LineBreakHeader(HeaderFooterItem):
    """A page header whose line breaks print as line breaks: openpyxl writes a line feed as "_x000a_",
    which LibreOffice prints as those seven characters; a plain line feed is what Excel itself writes
    (and what XlsxWriter writes for "\\n")."""

    def __str__(self) -> str:
        return super().__str__().replace("_x000a_", "\n")


def _header_text(s: str) -> str:
    """Page-header text: "&" escaped, at most 120 characters (Excel allows 255 for all three parts)."""
    s = s.replace("&", "&&")
    return s if len(s) <= 120 else s[:119] + "…"
