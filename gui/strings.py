"""User-facing words and colours shared by the widgets (Simplified Chinese)."""
from __future__ import annotations

from core.findings import CATEGORY_CN, SEVERITY_CN, STATUS_CN  # noqa: F401  (re-exported)
from core.template import PREFACE, template

APP_NAME = "年报检查"
ORG_NAME = "nianbao"
SETTINGS_APP = "nianbao-checker"

FONT_FAMILIES = ("WenQuanYi Micro Hei", "Microsoft YaHei", "Noto Sans CJK SC",
                 "Source Han Sans SC", "PingFang SC", "SimHei")

STATUS_MARK = {"pass": "✔", "warn": "!", "fail": "✘"}
STATUS_COLOR = {"pass": "#1b7f3b", "warn": "#b36b00", "fail": "#c62828"}

# highlight colours in the document view: (background, outline)
SEVERITY_BG = {"fail": "#ffd6d6", "warn": "#ffe9b3", "info": "#d9e8ff"}
SEVERITY_FG = {"fail": "#c62828", "warn": "#b36b00", "info": "#1d5fbf"}
SEVERITY_ORDER = {"fail": 0, "warn": 1, "info": 2}
TARGET_BG = "#fff3a0"     # a cell the suggestion points at
FLASH_BG = "#ff9f43"      # the flash after a click on a problem

MISSING_NUMBER = "［缺数］"

FILE_FILTER = "年报草稿 (*.docx *.pdf *.txt *.md);;所有文件 (*)"
SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".markdown")


def section_label(number: str) -> str:
    """标题/前言, or e.g. 一、总体情况."""
    if number == PREFACE:
        return PREFACE
    try:
        return f"{number}、{template().section_title(number)}"
    except StopIteration:
        return number
