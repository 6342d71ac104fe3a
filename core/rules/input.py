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
      doc="""说明：读取文件时遇到的问题：扫描页、读不清的表格（标签乱码、一行的数字个数与列数对不上、表格没有表格线或粘贴成了文字）、认不出的表格行、无法识别的编码等。这些不是报告本身的错误，但相关内容没有被检查，需要人工核对。
依据：不涉及年报规定，是检查工具读取文件的限制。
例：PDF 转换后表三“（七）总计”的标签成了乱码“(七)总 ों ो”；PDF 第 3 页是扫描图片。
正确写法：用 Word/WPS 原稿（.docx）或可复制文字的 PDF 重新检查，或人工核对这一处。""")
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
      doc="""说明：文件里找不到年报的标题和“一、总体情况”到“六、其他需要报告的事项”中的任何一部分，也没有统一格式的表格，看起来不是政府信息公开工作年度报告。出现这一条时不再做其他检查。只有标题和六个部分标题的未完成草稿、缺了标题行但有六个部分和表格的报告，不报本条。
依据：年报应包括条例第五十条规定的内容，按国办公开办函〔2021〕30号分为六个部分。
例：误选了一份会议通知、会议纪要、编制年报的通知或政务公开工作总结。
正确写法：选择年报文件本身；年报的部分标题按“一、总体情况”“二、主动公开政府信息情况”等格式书写。""")
def not_a_report(report, ctx):
    yield ctx.finding(PREFACE, "这份文件看起来不是政府信息公开工作年度报告，没有找到年报的标题和六个部分。",
                      "请确认选择的是年报文件；如果确实是年报，请检查六个部分的标题是否按“一、总体情况”等格式书写。")


@rule(id="INP003", category="input", severity="info", title="检查规则出错",
      doc="""某一条检查规则在这份文件上运行出错。其他规则照常检查，这一项需要人工核对。
这是检查工具的问题，不是报告的问题。""")
def rule_crashed(report, ctx):
    return []  # findings of this rule are made by run_rules when another rule raises


# what could not be recognised -> the checks that therefore did not run
UNRECOGNISED = {
    "title": "没有找到报告标题（如“××局2024年政府信息公开工作年度报告”），也就认不出发布机关",
    "organ": "没有从标题中认出发布机关",
    "year": "标题和统计期限里都没有认出报告年度",
    "title_year": "标题里没有认出年份（以统计期限的年份为报告年度）",
}
SKIPPED = {
    "organ": ["人民政府年报是否写明工作考核、社会评议和责任追究结果（STR007）",
              "县级及以下机关是否填报了规章（ARI003）"],
    "year": ["正文年份是否为上一年遗留、开头是否写成另一年度、“截至”日期、改进计划年份（YR003—YR006）"],
    "title_year": ["标题年份与统计期限是否一致（YR001）"],
}


@rule(id="INP004", category="input", severity="info", title="有的项目没有认出来，相关检查没有进行",
      doc="""说明：检查工具没有从标题中认出发布机关或报告年度（或者没有找到标题），需要这些信息的检查就没有进行；这里列出没认出什么、哪些检查因此没有做，请人工核对这几项。这是检查工具的局限，不是报告的错误。
依据：发布机关决定是否适用条例第五十条第（四）项（人民政府）和规章的填报；报告年度用于各项年份检查。
例：标题写成“政府信息公开工作年度报告”，没有机关名称，是否为人民政府的年报无法判断。
正确写法：标题写明机关和年度，如“××县人民政府2024年政府信息公开工作年度报告”。""")
def unrecognised(report, ctx):
    what = [w for w in getattr(report, "unrecognised", []) if w in UNRECOGNISED]
    if not what:
        return
    skipped = [c for w in what for c in SKIPPED.get(w, [])]
    if "title" in what:  # no title: no organ and no title year either, said once
        what = ["title"] + [w for w in what if w == "year"]
    msg = "；".join(UNRECOGNISED[w] for w in what) + "。"
    if skipped:
        msg += "因此以下检查没有进行：" + "；".join(skipped) + "。"
    yield ctx.finding(PREFACE, msg, "请人工核对以上几项；如果标题里本来就有机关名称和年度，这是检查工具没有认出来，不影响其他检查。",
                      loc=report.title_loc, excerpt=(report.title or "")[:60])
