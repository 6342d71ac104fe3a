"""User-facing words and colours shared by the widgets (Simplified Chinese)."""
from __future__ import annotations

from core.findings import CATEGORY_CN, SEVERITY_CN, STATUS_CN  # noqa: F401  (re-exported)
from core.presentation import section_label  # noqa: F401  (re-exported: one description of a section)

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


# what a clerk reads in 帮助 → 使用说明 about each marker (the icons are drawn by gui/icons.py)
MARKER_HELP = {
    "pass": "通过：这一部分没有查出错误或需要核对的地方。",
    "warn": "需核对：有“警告”，多半是问题，请逐条核对。",
    "fail": "不通过：有“错误”，按统一格式必须修改。",
    "info": "提示：只有“提示”，不影响通过，可酌情修改。",
}
SEVERITY_HELP = {
    "fail": "错误：不符合统一格式或数字对不上，必须修改。",
    "warn": "警告：很可能有问题，请核对后决定是否修改。",
    "info": "提示：写法上的建议，不修改也可以通过。",
}
CATEGORY_HELP = {
    "structure": "六个部分是否齐全、顺序和标题是否符合统一格式；开头说明、统计期限、总体情况的各方面。",
    "template": "表格是否是 2021 年版统一格式：有没有缺表、缺行、缺列，项目名称是否一致。",
    "cell": "表格的每一格：空着、不是数字、负数、件数带小数、收费金额的单位。",
    "arithmetic": "表格里的数字能否对上（勾稽关系）：总计等于各项之和，收到加结转等于办结加结转。",
    "blank": "“共…条”等处的数字漏填、分项之和与总数不符、留有占位符、整部分或整张表空着。",
    "year": "标题年份、统计期限、“截至”日期、改进计划的年份是否是本年度的。",
    "crosscheck": "正文里写的件数和表格里的数字是否一致。",
    "crossyear": "和上一年度报告比（命令行给出上年报告时才检查）：结转数、现行有效件数、照抄的段落。",
    "content": "规定要写的内容是否写到：存在的问题及改进、信息处理费、复议诉讼被纠错的原因。",
    "wording": "错别字和易混词、重复的字或标点、序号括号的全角半角。",
    "input": "检查程序读文件时遇到的情况（内容没有读出、不像年报、有的项目没有认出），不是您的错误。",
}
