"""content: what sections 五 and 六 must say."""
from __future__ import annotations

import re

from ..model import Paragraph
from .common import table_value
from .registry import rule

PROBLEMS = re.compile(r"问题|不足|差距|短板|薄弱|有待|欠缺|不够|不强|不高|不到位|滞后")
MEASURE_VERBS = (r"加强|推进|完善|提升|强化|加大|继续|持续|进一步|做好|抓好|落实|健全|规范|优化|深化|提高|拓展|"
                 r"扩大|严格|巩固|建立|加快|推动|注重|坚持|丰富|创新|狠抓|切实|着力|聚焦|围绕|全面|不断|认真")
MEASURES = re.compile(r"改进|下一步|整改|措施|今后|明年|来年|新的一年|计划|努力|着力|"
                      rf"(?:将|要|拟)[^，。；]{{0,8}}(?:{MEASURE_VERBS})")
NOTHING = re.compile(r"^(?:暂?无|没有|本年度?无其他需要报告的事项|无其他需要报告的事项)[。.]?$")
# "本年度未收取信息处理费", "无向申请人收取政府信息公开费用的情况", "未收费"
FEE = re.compile(r"处理费|(?:收取|收|缴纳|减免|免收)[^。；]{0,15}费|公开费")


def _section_anchor(report, number: str) -> dict:
    s = report.section(number)
    if not s or s.heading_block is None:
        return {}
    head = report.document.blocks[s.heading_block]
    return {"loc": s.loc, "excerpt": head.text[:60] if isinstance(head, Paragraph) else ""}


def _text(report, number: str) -> str:
    return re.sub(r"\s+", "", report.section_text(number))


def _present(report, number: str) -> bool:
    s = report.section(number)
    return bool(s and s.found and _text(report, number))


@rule(id="CNT001", category="content", severity="warn", title="存在的主要问题及改进情况不完整",
      doc="""说明：“五、存在的主要问题及改进情况”既要写存在的主要问题，也要写改进措施。只写成绩、只写“无”或只写问题不写措施的，提示补充。“下一步”“今后”“针对存在问题，我们将切实抓好以下工作”等都算写了措施。
依据：《中华人民共和国政府信息公开条例》第五十条第（四）项“政府信息公开工作存在的主要问题及改进情况”。
例：第五部分只有一句“本年度工作开展顺利，无存在问题。”
正确写法：“一是解读形式较为单一……下一步，我局将丰富解读形式……”。""")
def problems_and_measures(report, ctx):
    if not _present(report, "五"):
        return
    text = _text(report, "五")
    lacking = []
    if not PROBLEMS.search(text) or NOTHING.match(text):
        lacking.append("存在的主要问题")
    if not MEASURES.search(text) or NOTHING.match(text):
        lacking.append("改进情况（下一步措施）")
    if lacking:
        yield ctx.doc_finding("五", "“五、存在的主要问题及改进情况”没有写明：" + "、".join(lacking) + "。",
                              "请具体写出本年度政府信息公开工作存在的主要问题，以及针对这些问题的改进措施。",
                              **_section_anchor(report, "五"))


@rule(id="CNT002", category="content", severity="warn", title="其他需要报告的事项没有写信息处理费情况",
      doc="""说明：“六、其他需要报告的事项”应写明按《政府信息公开信息处理费管理办法》收取信息处理费的情况：收取了多少（件数、金额），或写明“未收取信息处理费”（“无向申请人收取政府信息公开费用的情况”“未收费”也算写明）。只写“无”的由 CNT003 提示。
依据：国办函〔2020〕109号《政府信息公开信息处理费管理办法》；统一格式模板第六部分注明“收取信息处理费情况在此处报告”。
例：第六部分只写了政府开放日活动，没有提信息处理费。
正确写法：“本年度未收取信息处理费。”或“本年度共对1件申请收取信息处理费380元。”""")
def fee_statement(report, ctx):
    if not _present(report, "六"):
        return
    text = _text(report, "六")
    if FEE.search(text) or NOTHING.match(text):
        return
    yield ctx.doc_finding("六", "“六、其他需要报告的事项”没有写明信息处理费的收取情况。",
                          "请补充一句，例如“本年度未收取信息处理费。”或“本年度共对 N 件申请收取信息处理费 N 元。”",
                          **_section_anchor(report, "六"))


@rule(id="CNT003", category="content", severity="warn", title="其他需要报告的事项只写了“无”",
      doc="""说明：“六、其他需要报告的事项”只写“无”“暂无”“本年度无其他需要报告的事项”不够：至少应写明信息处理费的收取情况。
依据：统一格式模板第六部分注明“收取信息处理费情况在此处报告”（国办公开办函〔2021〕30号）。
例：第六部分只有“无。”
正确写法：“本年度未收取信息处理费，无其他需要报告的事项。”""")
def six_is_nothing(report, ctx):
    if _present(report, "六") and NOTHING.match(_text(report, "六")):
        yield ctx.doc_finding("六", "“六、其他需要报告的事项”只写了“无”。",
                              "请至少写明信息处理费的收取情况，例如“本年度未收取信息处理费。”",
                              **_section_anchor(report, "六"))


@rule(id="CNT004", category="content", severity="info", title="复议诉讼被纠错未在问题部分说明",
      doc="""说明：表四有“结果纠正”的行政复议或行政诉讼时，通常应在“五、存在的主要问题及改进情况”中分析原因、说明整改。只作提示。
依据：（推断）被纠错说明工作存在问题，条例第五十条第（四）项要求报告存在的主要问题及改进情况。
例：表四行政复议“结果纠正”为 2，第五部分没有提到复议、诉讼或纠错。
正确写法：“本年度有2件政府信息公开行政复议被纠正，原因是……我局已……”。""")
def corrected_cases(report, ctx):
    vals = [table_value(report, "四", "", f"{g}/结果纠正") for g in ("行政复议", "未经复议直接起诉", "复议后起诉")]
    if not any(vals) or not _present(report, "五"):
        return
    if re.search(r"复议|诉讼|纠正|纠错", _text(report, "五")):
        return
    yield ctx.doc_finding("五", f"表四有 {sum(v or 0 for v in vals)} 件行政复议或行政诉讼结果被纠正，第五部分没有提到。",
                          "建议在第五部分分析被纠正的原因，并写明整改措施。", **_section_anchor(report, "五"))
