"""structure: the six sections, their headings and numbering, the opening paragraph, the topics of 一.

Recognition (core/recognize/sections.py) decides which heading is which section, whether it is
worded as the template, the parts the template does not have, the topics of 一 and the issuer
kind; these rules only read what it decided.
"""
from __future__ import annotations

from ..model import Paragraph
from ..template import PREFACE, SECTION_NUMBERS, template
from .registry import rule


def _heading_para(report, s) -> Paragraph | None:
    if s is None or s.heading_block is None:
        return None
    b = report.document.blocks[s.heading_block]
    return b if isinstance(b, Paragraph) else None


def _first_para(report) -> Paragraph | None:
    return next(report.document.paragraphs(), None)


def _preface_anchor(report):
    """Location + excerpt for a finding about the opening of the report."""
    p = _first_para(report)
    if report.title_loc is not None:
        return {"loc": report.title_loc, "excerpt": (report.title or "")[:60]}
    if p is not None:
        return {"loc": p.loc, "excerpt": p.text[:60]}
    return {}


@rule(id="STR001", category="structure", severity="fail", title="缺少规定的部分",
      doc="""说明：年报必须有六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。标题措辞不同但编号和位置对得上的（如“五、存在的主要问题及明年工作计划”写在四和六之间），算作这一部分，只提示标题（STR003），不报缺少；“其他需要报告的事项”编号写错的也能找到。
依据：国办公开办函〔2021〕30号统一格式，“不能遗漏”；条例第五十条。
例：整篇没有“六、其他需要报告的事项”，第五部分之后就结束了。
正确写法：按统一格式写全六个部分，如在最后补上“六、其他需要报告的事项”及信息处理费收取情况。""")
def missing_sections(report, ctx):
    for s in report.sections:
        if not s.found:
            yield ctx.doc_finding(
                s.number, f"没有找到第{s.number}部分“{s.number}、{s.standard_title}”。",
                f"请按统一格式补上“{s.number}、{s.standard_title}”这一部分及其内容；"
                "如果已经写了，请检查标题的编号和文字是否按统一格式书写。",
                **_preface_anchor(report))


@rule(id="STR002", category="structure", severity="fail", title="部分顺序不对",
      doc="""说明：六个部分要按一、二、三、四、五、六的顺序排列。
依据：国办公开办函〔2021〕30号统一格式规定的六个部分及其顺序。
例：“五、存在的主要问题及改进情况”写在“六、其他需要报告的事项”后面。
正确写法：一、总体情况→二、主动公开政府信息情况→三、收到和处理政府信息公开申请情况→四、政府信息公开行政复议、行政诉讼情况→五、存在的主要问题及改进情况→六、其他需要报告的事项。""")
def section_order(report, ctx):
    found = sorted((s for s in report.sections if s.found and s.heading_block is not None),
                   key=lambda s: s.heading_block)
    for prev, s in zip(found, found[1:]):
        if SECTION_NUMBERS.index(s.number) < SECTION_NUMBERS.index(prev.number):
            p = _heading_para(report, s)
            kw = {"loc": s.loc, "excerpt": p.text[:60]} if p else {"loc": s.loc}
            yield ctx.doc_finding(
                s.number, f"第{s.number}部分写在了第{prev.number}部分后面，顺序不对。",
                "请按一、二、三、四、五、六的顺序调整各部分。", **kw)


@rule(id="STR003", category="structure", severity="warn", title="部分标题与统一格式不一致",
      doc="""说明：部分标题应与统一格式一致（常见写法如“五、政府信息公开工作存在的主要问题及改进情况”，以及全角半角、空格、“、”与“，”的差别不提示）。措辞不同的标题——按关键词或按位置（编号对、写在前后两部分之间）认出的——提示核对。第五部分拆成两部分的，由 STR008 一并提示。
依据：国办公开办函〔2021〕30号统一格式的六个部分标题。
例：“五、存在的主要问题及改进措施”“四、政府信息公开行政复议与行政诉讼情况”“一、年度工作核心成效”。
正确写法：“五、存在的主要问题及改进情况”“四、政府信息公开行政复议、行政诉讼情况”“一、总体情况”。""")
def nonstandard_heading(report, ctx):
    split = {e.within for e in report.extra_parts}
    for s in report.sections:
        if not s.found or not s.title or s.standard_heading or s.number in split:
            continue
        p = _heading_para(report, s)
        kw = {"loc": s.loc, "excerpt": (p.text if p else s.title)[:60]}
        yield ctx.doc_finding(
            s.number, f"第{s.number}部分的标题写成了“{s.title}”，与统一格式不一致。",
            f"建议改为“{s.number}、{s.standard_title}”。", **kw)


@rule(id="STR004", category="structure", severity="warn", title="总体情况缺少规定的方面",
      doc="""说明：“一、总体情况”应写到五个方面：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障。按真实年报的各种写法认定：小标题（“（四）强化监督问效”“四是加强平台建设”“在监督保障方面”）或能说明这一方面的话（“三审三校”“政务新媒体矩阵建设”“纳入绩效考核”“业务培训”等）；“监督权”“产品质量的监督检查情况”这类字样不算。缺少某一方面时提示。
依据：国办公开办函〔2021〕30号统一格式“一、总体情况”的五个方面（规则书 §3.3 R-S1-1）。
例：总体情况只有“（一）主动公开情况（二）依申请公开情况（三）政府信息管理情况”，没有平台建设和监督保障。
正确写法：分别写明“（一）主动公开（二）依申请公开（三）政府信息管理（四）政府信息公开平台建设（五）监督保障”五个方面的情况。""")
def topics_of_one(report, ctx):
    s = report.section("一")
    if not s or not s.found:
        return
    missing = [name for name in template().topic_names if report.topics.get(name) is None]
    if missing:
        p = _heading_para(report, s)
        yield ctx.doc_finding(
            "一", "“一、总体情况”没有写到：" + "、".join(missing) + "。",
            "请按统一格式在总体情况中分别写明主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"
            "五个方面的情况，缺少的是：" + "、".join(missing) + "。",
            loc=s.loc, excerpt=(p.text if p else "")[:60])


@rule(id="STR005", category="structure", severity="warn", title="缺少开头说明段落",
      doc="""说明：标题之后、“一、总体情况”之前，应有一段开头说明：依据《中华人民共和国政府信息公开条例》编制本报告，并写明统计期限。
依据：条例第五十条；国办公开办函〔2021〕30号统一格式的开头部分。
例：标题下面直接就是“一、总体情况”。
正确写法：“根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，编制本报告。本报告统计期限为2024年1月1日至2024年12月31日。”""")
def opening_paragraph(report, ctx):
    paras = report.section_paragraphs(PREFACE)
    if any("条例" in p.text for p in paras):
        return
    yield ctx.doc_finding(
        PREFACE, "标题和“一、总体情况”之间没有开头说明段落（应写明依据《中华人民共和国政府信息公开条例》编制本报告）。",
        "请在标题下补一段，例如：“根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，"
        "编制本报告。本报告统计期限为××××年1月1日至××××年12月31日。”", **_preface_anchor(report))


@rule(id="STR006", category="structure", severity="warn", title="没有写明统计期限",
      doc="""说明：年报要写明数据的统计期限，即报告年度的1月1日至12月31日（一般写在开头说明段落里；“统计数据时间段为2022年1月1日至12月31日”也算）。
依据：四川地方标准 DB51/T 2660—2019 第2.1条“年度报告统计时间段为上一年度1月1日至12月31日”；规则书 §3.2。
例：全文没有“统计期限为2024年1月1日至2024年12月31日”这样的话。
正确写法：“本报告所列数据的统计期限为2024年1月1日至2024年12月31日。”""")
def statistics_period(report, ctx):
    if report.period is not None or report.period_text:
        return
    year = report.year or "××××"
    yield ctx.doc_finding(
        PREFACE, "没有找到统计期限（例如“本报告统计期限为…年1月1日至…年12月31日”）。",
        f"请在开头说明段落中写明：“本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。”",
        **_preface_anchor(report))


ACCOUNTABILITY = (("工作考核", ("考核",)), ("社会评议", ("评议",)), ("责任追究", ("追究", "问责")))


@rule(id="STR007", category="structure", severity="fail", title="人民政府年报缺少考核、评议、追究结果",
      doc="""说明：各级人民政府（含乡镇人民政府；不含政府的部门、人民政府办公室和街道办事处）的年报，应写明工作考核、社会评议和责任追究结果情况，统一格式放在“一、总体情况”的监督保障部分。发布机关由标题认出；认不出时这一项不检查，并另行提示（INP004）。
依据：条例第五十条第（四）项；国办公开办函〔2021〕30号；规则书 §10。
例：“洪泽区人民政府2023年政府信息公开工作年度报告”没有提到工作考核、社会评议和责任追究。
正确写法：在监督保障部分写明“将政务公开纳入年度绩效考核……开展社会评议……本年度未发生责任追究情况”。""")
def government_accountability(report, ctx):
    if report.issuer_kind != "government":
        return
    text = "".join(p.text for _, p in report.body_paragraphs())
    missing = [name for name, words in ACCOUNTABILITY if not any(w in text for w in words)]
    if not missing:
        return
    s = report.section("一")
    section = "一" if s and s.found else PREFACE
    p = _heading_para(report, s) if s and s.found else None
    yield ctx.doc_finding(
        section, f"{report.organ}是人民政府，年报应写明工作考核、社会评议和责任追究结果，但没有写到：" + "、".join(missing) + "。",
        "请在“一、总体情况”的监督保障部分写明本年度工作考核、社会评议和责任追究的结果（没有发生责任追究的也要写明）。",
        loc=(s.loc if p else None), excerpt=(p.text[:60] if p else ""))


@rule(id="STR008", category="structure", severity="warn", title="部分的数量或编号与统一格式不一致",
      doc="""说明：统一格式正好六个部分。在六个部分之间另起一个部分（如把第五部分拆成“五、存在的主要问题”和“六、改进措施”），后面的“其他需要报告的事项”就会编成“七”；或者部分的编号与统一格式不符。多出的部分的内容仍按它前面那一部分检查。部分里面的小标题（“一是…”“（一）…”、第五部分里的“一、…二、…”）不算部分。
依据：国办公开办函〔2021〕30号统一格式的六个部分及其编号。
例：“五、存在的主要问题”“六、改进措施”“七、其他需要报告的事项”。
正确写法：“五、存在的主要问题及改进情况”（问题和改进措施写在同一部分）“六、其他需要报告的事项”。""")
def extra_or_renumbered_parts(report, ctx):
    renumbered = [s for s in report.sections if s.found and s.written_number and s.written_number != s.number]
    explained = set()
    for e in report.extra_parts:
        within = report.section(e.within)
        later = [s for s in renumbered if s.heading_block is not None and s.heading_block > e.block]
        explained.update(s.number for s in later)
        msg = (f"统一格式只有六个部分，这份报告在“{within.title}”之后另起了一个部分“{e.title}”"
               + ("，后面的" + "、".join(f"“{s.title}”" for s in later) + "因此改了编号" if later else "") + "。")
        sug = (f"请把“{e.title}”的内容并入第{e.within}部分，标题写成“{e.within}、{within.standard_title}”"
               + "".join(f"，并把“{s.title}”改为“{s.number}、{s.standard_title}”" for s in later) + "。")
        yield ctx.doc_finding(e.within, msg, sug, loc=e.loc, excerpt=e.title[:60])
    for s in renumbered:
        if s.number in explained:
            continue
        p = _heading_para(report, s)
        yield ctx.doc_finding(
            s.number, f"第{s.number}部分“{s.standard_title}”的编号写成了“{s.written_number}”。",
            f"请按统一格式编号，改为“{s.number}、{s.standard_title}”。",
            loc=s.loc, excerpt=(p.text if p else s.title or "")[:60])
