"""blank: numbers left out of the text, placeholders, itemised totals, empty sections."""
from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Paragraph
from .common import all_cells, body_paragraphs, strip_brackets
from .registry import exclusions, rule

SP = r"[ \t\u3000\u00a0]*"
GAP = r"[ \t\u3000\u00a0]+"
# the measure words a count is written with
BLANK_UNITS = r"人次|[条件个期次份起篇]"
BOUNDARY = r"(?=[，。；、,;：:）)\s]|$)"
NUMERAL = "0123456789一二两三四五六七八九十百千万几多余数每各整"
# a space left where the number was: "共主动公开政府信息 条，" "制发行政规范性文件 件"; the measure word
# ends the phrase or is followed by the noun it counts ("收到 件申请")
# after a space a measure word that starts a word is that word, not a blank ("依据 条例", "本年 个人")
SPACED_BLANK = re.compile(rf"(?P<pre>[\u4e00-\u9fff”）)])(?P<gap>{GAP})(?P<unit>{BLANK_UNITS})"
                          r"(?!(?<=条)[例件款目线]|(?<=件)数|(?<=个)[人体别性]|(?<=期)[间限刊待望末]|"
                          r"(?<=次)[数序要]|(?<=份)额|(?<=起)[草诉来点步到始码]|(?<=篇)[幅章])")
# no space at all: "收到申请件，": only after a word that takes a count, and not a noun ending in the
# measure word ("案件", "依申请公开件", "定期")
TIGHT_BLANK = re.compile(rf"(?P<pre>[\u4e00-\u9fff])(?P<unit>{BLANK_UNITS}){BOUNDARY}")
COUNT_CONTEXT = re.compile(
    "共计|合计|累计|总计|共|全年|发布|公开|收到|受理|办结|答复|新收|结转|制发|印发|废止|开展|举办|组织|处理|"
    "回复|转办|推送|更新|解读|召开|培训|引发|发生|提起|申请|信息|事项|政策|稿件|动态|公告|通知|视频|图解|活动|会议|"
    "收集|征集|采纳|回应|发放|报送|编发|刊发|发送|转发|意见|建议|留言|咨询")
CASE_CONTEXT = re.compile(r"复议|诉讼|起诉|案|投诉|申请|举报")
# a total is expected here: "共收到依申请公开件" is a blank even though "依申请公开件" is also a noun
TOTAL_EXPECTED = re.compile(r"共计|合计|累计|总计|共(?:收到|受理|办理|办结|发布|公开|制发|印发|答复|处理|开展|举办|"
                            r"组织|发生|引发|推送|更新|解读|召开)|(?:数量|总量|总数|件量|办件量)$")
NOUNS = exclusions("BLK001", "nouns", (
    "案件", "文件", "事件", "条件", "稿件", "邮件", "附件", "信件", "证件", "原件", "公开件", "来件",
    "逾期", "周期", "层次", "频次", "年份", "月份", "身份", "按件"))
# items of one list may be counted in different measure words ("信息…条，其中政策文件3302件…")
COUNT_FAMILY = ("条", "件", "篇", "个", "份", "项")
ITEMISE = re.compile(r"其中|包含|包括|分别为|分别是|具体为|具体包括|具体是")
EXHAUSTIVE = re.compile(r"包含|包括|分别为|分别是|具体为|具体包括|具体是")
SENTENCE_END = re.compile(r"[。；;！？!?]")


REST_MAX = 400   # an itemised list follows within this many characters


def _sentence_rest(text: str, pos: int) -> str:
    m = SENTENCE_END.search(text, pos, pos + REST_MAX)
    return text[pos: m.start() if m else min(len(text), pos + REST_MAX)]


def itemised_numbers(rest: str, unit: str) -> list[int]:
    """Top-level item counts (not those inside brackets) after the first itemising word, same unit,
    up to the next itemising word."""
    m = ITEMISE.search(rest)
    if not m:
        return []
    top = strip_brackets(rest[m.end():])
    nxt = ITEMISE.search(top)
    if nxt:
        top = top[:nxt.start()]
    return [int(x) for x in re.findall(rf"(\d+){SP}{unit}", top)]


def empty_count_spans(text: str):
    """(start, end, unit) of each measure word with no number before it."""
    seen = set()
    for m in SPACED_BLANK.finditer(text):
        if m.group("pre") in NUMERAL:
            continue
        seen.add(m.start("unit"))
        yield m.start("pre"), m.end("unit"), m.group("unit")
    for m in TIGHT_BLANK.finditer(text):
        pre, unit = m.group("pre"), m.group("unit")
        if m.start("unit") in seen or pre in NUMERAL:
            continue
        head = text[:m.end("unit")]
        clause_start = max(text.rfind(ch, 0, m.start()) for ch in "，,。；;：:！？\n") + 1
        before = text[clause_start:m.start("unit")]
        total_expected = bool(TOTAL_EXPECTED.search(before))
        if any(head.endswith(noun) for noun in NOUNS) and not total_expected:
            continue
        if not (total_expected or COUNT_CONTEXT.search(before)) or re.search(r"\d", before[-6:]):
            continue
        if unit == "起" and not CASE_CONTEXT.search(before):
            continue
        yield m.start("pre"), m.end("unit"), unit


@rule(id="BLK001", category="blank", severity="fail", title="正文中的数字漏填",
      doc="""说明：正文里应写数字的地方空着，只剩量词（条、件、个、期、次、份、起、篇、人次），例如“共主动公开政府信息 条”“收到申请 件”“制发行政规范性文件 件”。以量词结尾的名词（案件、文件、依申请公开件、定期、其次……）不算。如果同一句后面列出了分项（“包含：A 1 条，B 12 条（其中：…）…”），建议中给出各分项（不含括号里的“其中”明细）之和。
依据：国办公开办函〔2021〕30号要求年报内容准确、完整；漏填数字属于“内容不全面”。
例：“工科局共主动公开政府信息 条，包含：政府信息公开指南 1 条，法定主动公开内容 12 条…” → 应填 51。
正确写法：“共主动公开政府信息51条”；确实没有的写“0条”或“未…”。""")
def empty_counts(report, ctx):
    for _, p in body_paragraphs(report, sections=("一", "二", "三", "四", "五", "六")) + _preface(report):
        for start, end, unit in empty_count_spans(p.text):
            items = itemised_numbers(_sentence_rest(p.text, end), unit)
            if len(items) >= 2:
                total = sum(items)
                suggestion = (f"按这句话后面列出的分项（{' + '.join(map(str, items))}）计算，应填 {total} {unit}；"
                              "请核对后补上数字。")
            else:
                suggestion = f"请在“{unit}”前补上具体数字；确实没有的写 0。"
            yield ctx.text_finding(p, start, end, f"“{unit}”前面没有数字，这里的数量漏填了。", suggestion)


def _preface(report) -> list[tuple[str, Paragraph]]:
    from ..template import PREFACE
    return [(PREFACE, p) for p in report.section_paragraphs(PREFACE)]


def itemised_totals(report):
    """(total claim, item claims, itemising word) for each "N 条，其中/包括 A n 条、B m 条…" in the text:
    the total is the count right before the itemising word (same unit, same sentence, not in brackets),
    the items are the counts of that unit after it, up to the next itemising word or the sentence end."""
    by_sentence: dict = {}
    for c in report.claims:
        if not c.bracketed:
            by_sentence.setdefault((c.para.index, c.sentence_start), []).append(c)
    tops: dict[int, str] = {}       # each paragraph with its asides blanked, made once (linear)
    for (_, s_start), cs in by_sentence.items():
        p = cs[0].para
        if p.index not in tops:
            tops[p.index] = strip_brackets(p.text)
        top = tops[p.index]
        end = SENTENCE_END.search(top, s_start)
        s_end = end.start() if end else len(top)
        ends = [c.end for c in cs]
        for m in ITEMISE.finditer(top, s_start, s_end):
            k = bisect_right(ends, m.start())
            if k == 0:
                continue
            total = cs[k - 1]
            nxt = ITEMISE.search(top, m.end(), s_end)
            stop = nxt.start() if nxt else s_end
            family = COUNT_FAMILY if total.unit in COUNT_FAMILY else (total.unit,)
            items = [c for c in cs[k:] if m.end() <= c.start < stop and c.unit in family and not c.comparison]
            yield total, items, m


@rule(id="BLK002", category="blank", severity="warn", title="分项之和与写明的总数不一致",
      doc="""说明：正文写了总数并逐项列出（“共…N 条，包含：A 1 条，B 12 条…”）时，各分项（不含括号里的明细）之和不应大于总数；用“包含、包括、分别为、具体为”完整列举的，分项之和应等于总数。分项对应的是紧挨在列举词前面的那个数（“制作政务信息1233条，主动公开政府信息31条，其中…”对应31）。以“等”结尾、写“主要包括”的，以及“其中”只列了几项的，不核算；“其中”后面列到了“其他”一项，或列了四项以上、合计接近总数的，视为完整列举。
依据：年报数字应准确，分项与总数矛盾属于“数据失准”。
例：“共主动公开政府信息 50 条，包含：指南 1 条，法定主动公开内容 12 条，年报 1 条，微信信息 37 条” → 分项之和为 51。
正确写法：总数与各分项之和一致：“共主动公开政府信息51条，包含：指南1条，法定主动公开内容12条，年报1条，微信信息37条。”""")
def itemised_total(report, ctx):
    for total, items, m in itemised_totals(report):
        if len(items) < 2:
            continue
        p, unit, n = total.para, total.unit, total.n
        if p.text[max(0, m.start() - 2):m.start()] == "主要" or re.match(r"\s*等", p.text[items[-1].end:]):
            continue
        s = sum(c.n for c in items)
        exhaustive = bool(EXHAUSTIVE.match(m.group())) or _looks_complete(p.text, items, n)
        if s == n or (s < n and not exhaustive):
            continue
        shown = " + ".join(_fmt(c.n) for c in items)
        yield ctx.text_finding(
            p, total.start, total.end,
            f"写明的总数是 {_fmt(n)} {unit}，但后面列出的分项之和是 {shown} = {_fmt(s)} {unit}。",
            "请核对总数和各分项，使二者一致。")


def _looks_complete(text: str, items, total) -> bool:
    """A "其中" list that means to list everything: it ends with an item of 其他 ("其他类97条"), or it
    has four or more items adding up to nearly the total (a slip of one, not a few highlights)."""
    if re.search(r"其他|其余|另有", items[-1].before):
        return True
    return len(items) >= 4 and 0.9 * total <= sum(c.n for c in items) < total


def _fmt(v) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


PLACEHOLDERS = re.compile(
    r"(?<![A-Za-z0-9/._@-])(?:XX+|ＸＸ+)(?![A-Za-z0-9/._@-])|××+|＊＊+|【\s*】|某某|(?<!有)待(?:补充|填写)|[（(]\s*[）)]"
    # the official template's own instructions: "（文字描述）", "（文字描述，收取信息处理费情况在此处报告。）"
    r"|[（(]\s*文字描述[^（）()]{0,40}[）)]|[（(][^（）()]{0,40}(?:在此处|此处填写|请填写|请在此)[^（）()]{0,40}[）)]")


@rule(id="BLK003", category="blank", severity="fail", title="留有占位符",
      doc="""说明：正文里留着模板的占位符，说明有内容没有填：XX、××、＊＊、【】、某某、待补充、待填写、空括号“（ ）”，以及统一格式模板自带的说明“（文字描述）”“（……在此处报告。）”。网址里的 xx、“带有”不算。
依据：国办公开办函〔2021〕30号要求年报内容完整、准确；留着占位符发布属于“敷衍塞责”。
例：“XX年，我局共收到政府信息公开申请 5 件”；“联系电话：（ ）”；第五部分只有“（文字描述）”。
正确写法：把占位符换成实际内容，如“2024年，我局共收到政府信息公开申请5件”。""")
def placeholders(report, ctx):
    for _, p in report.body_paragraphs():
        for m in PLACEHOLDERS.finditer(p.text):
            yield ctx.text_finding(p, m.start(), m.end(), f"这里留着占位符“{m.group()}”，内容没有填写。",
                                   "请把占位符换成实际内容。")


@rule(id="BLK004", category="blank", severity="fail", title="部分内容为空",
      doc="""说明：某一部分只有标题，下面没有任何内容（文字或表格）。
依据：《中华人民共和国政府信息公开条例》第五十条规定了年报必须包括的内容；国办公开办函〔2021〕30号要求“不能遗漏”。
例：“五、存在的主要问题及改进情况”下面直接是“六、其他需要报告的事项”。
正确写法：每一部分都写上内容；确实没有需要报告的，也写明“本年度无…”的情况。""")
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



@rule(id="BLK005", category="blank", severity="fail", title="整张表格没有填写",
      doc="""说明：统一格式的表二、表三或表四找到了，但每个格子都空着：这份稿子还是模板，表格没有填。
依据：国办公开办函〔2021〕30号统一格式的表格必须如实填报；没有数据的填 0。
例：表三 25 行 7 列全部空白。
正确写法：逐格填入本年度的数字，没有的填 0。""")
def empty_tables(report, ctx):
    for name in ("二", "三", "四"):
        cells = list(all_cells(report, name))
        if cells and all(cv.status in ("blank", "missing") for _, cv in cells) \
                and any(cv.status == "blank" for _, cv in cells):
            ref = next(ref for ref, cv in cells if cv.status == "blank")
            yield ctx.cell_finding(ref, f"表{name}的格子全部空着，这张表还没有填写。",
                                   "请按本年度的实际情况逐格填写，没有数据的格子填 0。",
                                   cells=[r for r, cv in cells if cv.status == "blank"])
