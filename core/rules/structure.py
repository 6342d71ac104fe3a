"""structure: the six sections, their headings, the opening paragraph, the topics of 一."""
from __future__ import annotations

import re

from ..model import Paragraph
from ..template import PREFACE, SECTION_NUMBERS, template
from ..textnorm import key
from .registry import rule

_MARKER = re.compile(r"^[一二三四五六七八九十]+\s*[、.．,，:：]?\s*")


def _heading_para(report, s) -> Paragraph | None:
    if s.heading_block is None:
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
      doc="""年报必须有六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；
四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。
依据：国办公开办函〔2021〕30号“不能遗漏”。例：整篇没有“五、存在的主要问题及改进情况”。""")
def missing_sections(report, ctx):
    for s in report.sections:
        if not s.found:
            yield ctx.doc_finding(
                s.number, f"没有找到第{s.number}部分“{s.number}、{s.standard_title}”。",
                f"请按统一格式补上“{s.number}、{s.standard_title}”这一部分及其内容；"
                "如果已经写了，请检查标题的编号和文字是否按统一格式书写。",
                **_preface_anchor(report))


@rule(id="STR002", category="structure", severity="fail", title="部分顺序不对",
      doc="""六个部分要按一、二、三、四、五、六的顺序排列。
例：“五、存在的主要问题及改进情况”写在“四、…行政复议、行政诉讼情况”前面。""")
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


def _accepted_titles(number: str) -> set[str]:
    sec = next(x for x in template().sections if x["number"] == number)
    return {_title_key(key(t)) for t in [sec["title"], *sec["variants"]]}


def _title_key(s: str) -> str:
    """Headings compare without punctuation: "、" and "，" in 四 are the same heading."""
    return re.sub(r"[、，,。.．:：;；]", "", s)


@rule(id="STR003", category="structure", severity="warn", title="部分标题与统一格式不一致",
      doc="""部分标题应与统一格式一致（允许常见写法，如“五、政府信息公开工作存在的主要问题及改进情况”，
以及全角半角、空格的差别）。措辞不同的标题会被提示核对。
例：“四、行政复议诉讼情况”应为“四、政府信息公开行政复议、行政诉讼情况”。""")
def nonstandard_heading(report, ctx):
    for s in report.sections:
        if not s.found or not s.title:
            continue
        if _title_key(_MARKER.sub("", key(s.title))) in _accepted_titles(s.number):
            continue
        p = _heading_para(report, s)
        kw = {"loc": s.loc, "excerpt": (p.text if p else s.title)[:60]}
        yield ctx.doc_finding(
            s.number, f"第{s.number}部分的标题写成了“{s.title}”，与统一格式不一致。",
            f"建议改为“{s.number}、{s.standard_title}”。", **kw)


@rule(id="STR004", category="structure", severity="warn", title="总体情况缺少规定的方面",
      doc="""“一、总体情况”应写到五个方面：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障
（国办公开办函〔2021〕30号）。缺少某一方面时提示。
例：总体情况只写了主动公开和平台建设，没有写依申请公开、政府信息管理和监督保障。""")
def topics_of_one(report, ctx):
    s = report.section("一")
    if not s or not s.found:
        return
    text = key(report.section_text("一"))
    missing = [t["name"] for t in template().topics if not any(key(k) in text for k in t["keywords"])]
    if missing:
        p = _heading_para(report, s)
        yield ctx.doc_finding(
            "一", "“一、总体情况”没有写到：" + "、".join(missing) + "。",
            "请按统一格式在总体情况中分别写明主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"
            "五个方面的情况，缺少的是：" + "、".join(missing) + "。",
            loc=s.loc, excerpt=(p.text if p else "")[:60])


@rule(id="STR005", category="structure", severity="warn", title="缺少开头说明段落",
      doc="""标题之后、“一、总体情况”之前，应有一段开头说明：依据《中华人民共和国政府信息公开条例》
和国办公开办函〔2021〕30号编制本报告，并写明统计期限。
例：标题下面直接就是“一、总体情况”。""")
def opening_paragraph(report, ctx):
    paras = report.section_paragraphs(PREFACE)
    if any("条例" in p.text for p in paras):
        return
    yield ctx.doc_finding(
        PREFACE, "标题和“一、总体情况”之间没有开头说明段落（应写明依据《中华人民共和国政府信息公开条例》编制本报告）。",
        "请在标题下补一段，例如：“根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，"
        "编制本报告。本报告统计期限为××××年1月1日至××××年12月31日。”", **_preface_anchor(report))


@rule(id="STR006", category="structure", severity="warn", title="没有写明统计期限",
      doc="""年报要写明数据的统计期限，即报告年度的1月1日至12月31日（一般写在开头说明段落里）。
例：全文没有“统计期限为2024年1月1日至2024年12月31日”这样的话。""")
def statistics_period(report, ctx):
    if report.period is not None or report.period_text:
        return
    year = report.year or "××××"
    yield ctx.doc_finding(
        PREFACE, "没有找到统计期限（例如“本报告统计期限为…年1月1日至…年12月31日”）。",
        f"请在开头说明段落中写明：“本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。”",
        **_preface_anchor(report))


GOV_ORGAN = re.compile(r"人民政府$")
ACCOUNTABILITY = (("工作考核", ("考核",)), ("社会评议", ("评议",)), ("责任追究", ("追究", "问责")))


def issuer_is_government(report) -> bool:
    """True when the issuing body is a people's government itself, not one of its departments."""
    organ = (report.organ or "").strip()
    return bool(GOV_ORGAN.search(organ))


@rule(id="STR007", category="structure", severity="fail", title="人民政府年报缺少考核、评议、追究结果",
      doc="""各级人民政府（不含政府的部门和办公室）的年报，应写明工作考核、社会评议和责任追究结果情况
（条例第五十条第（四）项，统一格式放在“一、总体情况”的监督保障部分）。
例：“洪泽区人民政府”的年报没有提到社会评议和责任追究。""")
def government_accountability(report, ctx):
    if not issuer_is_government(report):
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
