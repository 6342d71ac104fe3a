"""blank: numbers left out of the text, placeholders, itemised totals, empty sections."""
from __future__ import annotations

import re

from ..model import Paragraph
from .common import body_paragraphs, strip_brackets
from .registry import rule

SP = r"[ \t\u3000\u00a0]*"
# words after which a count is expected ("共主动公开政府信息 条", "收到申请 件")
COUNT_CONTEXT = ("共计|合计|累计|总计|共|全年|发布|公开|收到|受理|办结|答复|新收|结转|制发|印发|废止|"
                 "开展|举办|组织|处理|回复|转办|信息|申请|事项|政策|稿件|动态|公告|通知|解读|视频|图解|活动|会议")
UNITS = "条件个次篇期"
BOUNDARY = r"(?=[，。；、,;：:）)\s]|$)"
EMPTY_COUNT = re.compile(rf"(?:{COUNT_CONTEXT}){SP}(?P<unit>[{UNITS}]){BOUNDARY}")
ITEMISE = re.compile(r"包含|包括|其中|分别为|分别是|具体为")
SENTENCE_END = re.compile(r"[。；;！？!?]")


def _sentence_rest(text: str, pos: int) -> str:
    m = SENTENCE_END.search(text, pos)
    return text[pos: m.start() if m else len(text)]


def itemised_numbers(rest: str, unit: str) -> list[int]:
    """Top-level item counts (not those inside brackets) after an itemising word, same unit."""
    m = ITEMISE.search(rest)
    if not m:
        return []
    top = strip_brackets(rest[m.end():])
    return [int(x) for x in re.findall(rf"(\d+){SP}{unit}", top)]


@rule(id="BLK001", category="blank", severity="fail", title="正文中的数字漏填",
      doc="""正文里应写数字的地方空着，只剩量词，例如“共主动公开政府信息 条”“收到申请 件”。
如果同一句后面列出了分项（“包含：A 1 条，B 12 条（其中：…）…”），建议中给出各分项（不含括号里的“其中”明细）之和。
例：“工科局共主动公开政府信息 条，包含：政府信息公开指南 1 条，法定主动公开内容 12 条…” → 应填 51。""")
def empty_counts(report, ctx):
    for _, p in body_paragraphs(report, sections=("一", "二", "三", "四", "五", "六")) + _preface(report):
        for m in EMPTY_COUNT.finditer(p.text):
            unit = m.group("unit")
            items = itemised_numbers(_sentence_rest(p.text, m.end()), unit)
            if len(items) >= 2:
                total = sum(items)
                suggestion = (f"按这句话后面列出的分项（{' + '.join(map(str, items))}）计算，应填 {total} {unit}；"
                              "请核对后补上数字。")
            else:
                suggestion = f"请在“{unit}”前补上具体数字；确实没有的写 0。"
            yield ctx.text_finding(p, m.start(), m.end(),
                                   f"“{unit}”前面没有数字，这里的数量漏填了。", suggestion)


def _preface(report) -> list[tuple[str, Paragraph]]:
    from ..template import PREFACE
    return [(PREFACE, p) for p in report.section_paragraphs(PREFACE)]


STATED_TOTAL = re.compile(rf"(?:共计|合计|累计|总计|共){SP}[^，。；\d]{{0,20}}?(?P<n>\d+){SP}(?P<unit>[{UNITS}])")


@rule(id="BLK002", category="blank", severity="warn", title="分项之和与写明的总数不一致",
      doc="""正文写了总数并逐项列出（“共…N 条，包含：A 1 条，B 12 条…”）时，各分项（不含括号里的“其中”明细）之和应等于总数。
列举以“等”结尾或写“主要包括”的不核算。
例：“共主动公开政府信息 50 条，包含：指南 1 条，法定主动公开内容 12 条，年报 1 条，微信信息 37 条” → 分项之和为 51。""")
def itemised_total(report, ctx):
    for _, p in body_paragraphs(report):
        for m in STATED_TOTAL.finditer(p.text):
            unit, n = m.group("unit"), int(m.group("n"))
            rest = _sentence_rest(p.text, m.end())
            if "主要" in rest[:8] or re.search(rf"\d{SP}{unit}[^，。；\d]{{0,3}}等", rest):
                continue
            items = itemised_numbers(rest, unit)
            if len(items) < 2 or sum(items) == n:
                continue
            yield ctx.text_finding(
                p, m.start("n"), m.end("unit"),
                f"写明的总数是 {n} {unit}，但后面列出的分项之和是 {' + '.join(map(str, items))} = {sum(items)} {unit}。",
                "请核对总数和各分项，使二者一致。")


PLACEHOLDERS = re.compile(
    r"(?<![A-Za-z0-9/._@-])(?:XX+|ＸＸ+)(?![A-Za-z0-9/._@-])|××+|＊＊+|【\s*】|某某|(?<!有)待(?:补充|填写)|[（(]\s*[）)]")


@rule(id="BLK003", category="blank", severity="fail", title="留有占位符",
      doc="""正文里留着模板的占位符，说明有内容没有填：XX、××、＊＊、【】、某某、待补充、待填写、空括号“（ ）”。
例：“XX年，我局共收到政府信息公开申请 5 件”；“联系电话：（ ）”。""")
def placeholders(report, ctx):
    for _, p in report.body_paragraphs():
        for m in PLACEHOLDERS.finditer(p.text):
            yield ctx.text_finding(p, m.start(), m.end(), f"这里留着占位符“{m.group()}”，内容没有填写。",
                                   "请把占位符换成实际内容。")


@rule(id="BLK004", category="blank", severity="fail", title="部分内容为空",
      doc="""某一部分只有标题，下面没有任何内容（文字或表格）。
例：“五、存在的主要问题及改进情况”下面直接是“六、其他需要报告的事项”。""")
def empty_sections(report, ctx):
    for s in report.sections:
        if not s.found:
            continue
        blocks = report.section_blocks(s.number)
        if any(not isinstance(b, Paragraph) or b.text.strip() for b in blocks):
            continue
        head = report.document.blocks[s.heading_block] if s.heading_block is not None else None
        kw = {"loc": s.loc, "excerpt": head.text[:60]} if isinstance(head, Paragraph) else {"loc": s.loc}
        yield ctx.doc_finding(s.number, f"“{s.number}、{s.standard_title}”只有标题，下面没有内容。",
                              "请补写这一部分的内容；确实没有需要报告的，也要写明“本年度无…”的情况。", **kw)

