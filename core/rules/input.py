"""input: what the checker could not read.  Never the clerk's error, so never ``fail``."""
from __future__ import annotations

from ..template import PREFACE
from .common import section_of_loc
from .registry import rule

KIND_ADVICE = {
    "scan": "这一页像是扫描图片，检查工具读不出文字。请用 Word/WPS 原稿（.docx）或可复制文字的 PDF 重新检查，或人工核对这一页。",
    "table": "这张表格没有读清楚，相关数字无法核对。请用 .docx 原稿重新检查，或人工核对这张表。",
    "encoding": "文件编码无法识别，请另存为 UTF-8 文本或 .docx 后再检查。",
}
DEFAULT_ADVICE = "请用 .docx 原稿重新检查，或人工核对这一处。"


@rule(id="INP001", category="input", severity="warn", title="有内容没有读出来",
      doc="""读取文件时遇到的问题：扫描页、读不清的表格、无法识别的编码等。
这些不是报告本身的错误，但相关内容没有被检查，需要人工核对。
例：PDF 第 3 页是扫描图片 → “第3页没有可识别的文字”。""")
def reading_problems(report, ctx):
    for p in report.reading_problems:
        advice = KIND_ADVICE.get(p.kind, DEFAULT_ADVICE)
        yield ctx.finding(section_of_loc(report, p.loc), f"没能读出这部分内容：{p.message}", advice,
                          loc=p.loc, excerpt=_original_text(report, p.loc))


def _original_text(report, loc) -> str:
    """The text found at a problem's location (a table cell or a paragraph), if any."""
    if loc is None:
        return ""
    if loc.table is not None and loc.row is not None:
        t = report.physical_table(loc.table)
        if t is not None and loc.row < t.n_rows:
            cells = t.row_cells(loc.row)
            return " ".join(c.text for c in cells if c.text)[:60]
    if loc.paragraph is not None and loc.paragraph < len(report.document.blocks):
        b = report.document.blocks[loc.paragraph]
        return getattr(b, "text", "")[:60]
    return ""


@rule(id="INP002", category="input", severity="warn", title="不是政府信息公开工作年度报告",
      doc="""文件里找不到年报的标题和“一、总体情况”到“六、其他需要报告的事项”中的任何一部分，
看起来不是政府信息公开工作年度报告。出现这一条时不再做其他检查。
例：误选了一份通知或会议纪要。""")
def not_a_report(report, ctx):
    yield ctx.finding(PREFACE, "这份文件看起来不是政府信息公开工作年度报告，没有找到年报的标题和六个部分。",
                      "请确认选择的是年报文件；如果确实是年报，请检查六个部分的标题是否按“一、总体情况”等格式书写。")


@rule(id="INP003", category="input", severity="info", title="检查规则出错",
      doc="""某一条检查规则在这份文件上运行出错。其他规则照常检查，这一项需要人工核对。
这是检查工具的问题，不是报告的问题。""")
def rule_crashed(report, ctx):
    return []  # findings of this rule are made by run_rules when another rule raises
