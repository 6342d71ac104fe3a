"""year: title year, statistics period and the years in the text agree.

The report year is ``report_year(report)`` (the title's year, else the statistics period's). When it
is unknown the text rules do not run: they never guess a year.
"""
from __future__ import annotations

import re
import unicodedata

from ..template import PREFACE
from .common import body_paragraphs
from .registry import exclusions, rule

TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def title_year(report) -> int | None:
    m = TITLE_YEAR.search(report.title or "")
    return int(m.group(1)) if m else None


def report_year(report) -> int | None:
    return report.year or title_year(report) or (report.period[0].year if report.period else None)


def _period_anchor(report) -> dict:
    return {"loc": report.period_loc or report.title_loc,
            "excerpt": (report.period_text or report.title or "")[:60]}


def _fold(text: str) -> str:
    """Full-width digits and punctuation folded to half width, one character for one (offsets kept)."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


SENTENCE_END = re.compile(r"[。；;！？!?\n]")
CLAUSE_END = re.compile(r"[。；;！？!?，,：:\n]")
YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    a = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    m = SENTENCE_END.search(text, end)
    return a, (m.start() if m else len(text))


def _clause_around(text: str, start: int, end: int) -> str:
    a = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    m = CLAUSE_END.search(text, end)
    return text[a: m.start() if m else len(text)]


def _clause_rest(text: str, pos: int) -> str:
    """text[pos:] up to the end of its clause."""
    m = CLAUSE_END.search(text, pos)
    return text[pos: m.start() if m else len(text)]


def _year_end(text: str, pos: int) -> int:
    """The end of "2023年" / "2023 年" whose digits end at ``pos``."""
    i = text.find("年", pos, pos + 3)
    return i + 1 if i >= 0 else pos


def _has_any(text: str, words) -> bool:
    return any(w in text for w in words)


def _inside_title(text: str, pos: int) -> str | None:
    """The 《…》 book title that text[pos] sits in (without the brackets), if any."""
    a = text.rfind("《", 0, pos)
    if a < 0 or text.rfind("》", a, pos) >= 0:
        return None
    b = text.find("》", pos)
    return text[a + 1: b if b >= 0 else len(text)]


def _preface_paragraphs(report):
    """The paragraphs before 一、总体情况 — only when some section heading was found (otherwise
    the whole document would pass for the preface)."""
    if not any(s.found for s in report.sections):
        return []
    return report.section_paragraphs(PREFACE)


# ---------------------------------------------------------------- YR001, YR002: title and period

@rule(id="YR001", category="year", severity="fail", title="标题年份与统计期限不一致",
      doc="""说明：标题里的年份、统计期限的年份应是同一年。不一致通常是套用上一年报告时漏改了年份。
依据：统计期限为报告年度的1月1日至12月31日（四川地方标准 DB51/T 2660—2019 第2.1条），标题年份就是报告年度。
例：标题“2024年政府信息公开工作年度报告”，开头却写“统计期限为2023年1月1日至2023年12月31日”。
正确写法：标题“2024年政府信息公开工作年度报告”，统计期限“2024年1月1日至2024年12月31日”。""")
def title_vs_period(report, ctx):
    ty = title_year(report)
    if ty is None or report.period is None:
        return
    py = {report.period[0].year, report.period[1].year}
    if py == {ty}:
        return
    shown = "、".join(str(y) for y in sorted(py))
    yield ctx.finding(PREFACE, f"标题写的是 {ty} 年，统计期限写的是 {shown} 年，年份不一致。",
                      f"请核对年份：{ty} 年度报告的统计期限应为 {ty}年1月1日至{ty}年12月31日。",
                      **_period_anchor(report))


@rule(id="YR002", category="year", severity="fail", title="统计期限不是完整的自然年",
      doc="""说明：统计期限应是报告年度的1月1日至12月31日；只写“1月1日至12月31日”、省略结束年份的，视为同一年，不提示。
依据：四川地方标准 DB51/T 2660—2019 第2.1条“年度报告统计时间段为上一年度1月1日至12月31日”。
例：“统计期限为2024年1月1日至2024年11月30日”。
正确写法：“本报告所列数据的统计期限为2024年1月1日至2024年12月31日”。""")
def full_calendar_year(report, ctx):
    if report.period is None:
        return
    a, b = report.period
    if (a.month, a.day) == (1, 1) and (b.month, b.day) == (12, 31) and a.year == b.year:
        return
    y = report_year(report) or a.year
    yield ctx.finding(PREFACE, f"统计期限是 {a.year}年{a.month}月{a.day}日至{b.year}年{b.month}月{b.day}日，"
                      "不是完整的一个自然年。",
                      f"年报统计期限应为{y}年1月1日至{y}年12月31日，请核对。", **_period_anchor(report))


# ---------------------------------------------------------------- YR006 helper (used by YR003 too)

PLAN_SECTIONS = ("五", "六")
# "2021年，我局将…", "（二）改进措施。2021年我们将…", "针对存在问题，2025年我们将…"
PLAN_AFTER_YEAR = re.compile(
    r"(?:^|(?<=[。；;！？!?，,：:\n、]))\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?"
    r"(?:在|于|到)?\s*(?P<y>(?:19|20)\d{2})\s*年度?(?:内|里|中|全年)?\s*[，,]?\s*"
    r"(?P<subj>[^，,。；;：:！？!?\n]{0,12}?)(?P<fut>将(?!近)|计划|拟(?![定制订])|预计|力争|争取(?!到)|打算)")
# "我局将于2021年底前完成…", "力争2021年实现…"
PLAN_BEFORE_YEAR = re.compile(
    r"(?P<fut>(?:将|拟)(?:于|在|到)|(?:计划|预计|力争|争取)(?:于|在|到)?)\s*(?P<y>(?:19|20)\d{2})\s*年")
# words between the year and 将/计划 that make it a narrative of the past, not a plan
# ("2021年我局已将…", "2021年以来我局将…", "2021年，我局按计划完成…")
PLAN_PAST = exclusions("YR006", "past", ("已", "以来", "按"))
# … and words after it ("2021年，我局计划开展的3次培训已全部完成")
PLAN_DONE = exclusions("YR006", "done", ("已", "了"))
# "将" meaning "把": "2021年，我局将政务公开工作纳入年度考核" tells what was done …
PLAN_BA_VERBS = exclusions("YR006", "ba_verbs", ("纳入", "列入", "作为", "放在", "摆在", "融入", "贯穿", "落到实处",
                                                   "结合"))
# … unless 将 is followed by an adverb that only a plan has ("2021年，我局将继续将…纳入考核")
PLAN_FUTURE_ADVERB = re.compile(r"继续|进一步|持续|坚持|不断|着力|切实|全面|努力|大力|深入|认真|积极|始终|加大|加强|强化")
# "原计划于2021年完成的…" is the story of a plan, not a plan
PLAN_FORMER = exclusions("YR006", "former", ("原",))
# a sentence that quotes last year's report ("上年度报告中提出，2021年将…") looks back, it plans nothing
PLAN_LOOK_BACK = exclusions("YR006", "look_back", ("上年度", "去年", "报告中"))


def plan_years(text: str, year: int):
    """(year_start, year_end, y) of each plan dated in ``year`` or earlier in a folded text."""
    def looks_back(m) -> bool:
        a, b = _sentence_around(text, m.start(), m.end())
        return _has_any(text[a:b], PLAN_LOOK_BACK)

    for m in PLAN_AFTER_YEAR.finditer(text):
        y = int(m.group("y"))
        if y > year or _has_any(m.group("subj"), PLAN_PAST) or looks_back(m):
            continue
        rest = _clause_rest(text, m.end())
        if _has_any(rest, PLAN_DONE):
            continue
        if m.group("fut") == "将" and not PLAN_FUTURE_ADVERB.match(text, m.end()) and _has_any(rest, PLAN_BA_VERBS):
            continue
        yield m.start("y"), m.end("y"), y
    for m in PLAN_BEFORE_YEAR.finditer(text):
        y = int(m.group("y"))
        if y > year or text[max(0, m.start() - 1): m.start()] in PLAN_FORMER.words or looks_back(m):
            continue
        yield m.start("y"), m.end("y"), y


# ---------------------------------------------------------------- YR003: leftover year at sentence start

LEADING_YEAR = re.compile(r"(?:^|(?<=[。；;！？!?\n]))\s*(?P<y>(?:19|20)\d{2})\s*年度?\s*(?P<after>.{0,10})")
# the year right after is not the time of this year's work: "2023年底", "2023年起", "2023年度报告"
LEFTOVER_AFTER = exclusions("YR003", "after", (
    "以前", "之前", "前", "底", "末", "初", "同期", "以后", "起", "开始", "的", "报告", "政府", "政务公开", "结转", "成立"))
# a sentence that compares with, or tells the history since, that year
LEFTOVER_CONTEXT = exclusions("YR003", "context", (
    "以来", "至今", "较", "同比", "相比", "比上年", "去年", "上年度", "增长", "下降", "增加", "减少", "持平",
    "整改", "连续", "本年", "机构改革"))


@rule(id="YR003", category="year", severity="warn", title="正文中可能是上一年遗留的年份",
      doc="""说明：正文的一句话以较早的年份开头叙述工作（如“2023年，我局…”“2023年共收到…”），而本报告是2024年度，很可能是套用上一年报告时没改年份；与往年比较、讲来历（“2023年以来”“2023年底”“较2023年增长”），句中另有本年份的，不提示。
依据：正文叙述的应是报告年度的工作（规则书 §3.2 R-YR-1、R-YR-2）。
例：2024年度报告第一部分写“2023年，我局认真贯彻落实《条例》…”。
正确写法：“2024年，我局认真贯彻落实《条例》…”。""")
def leftover_years(report, ctx):
    year = report_year(report)
    if year is None:
        return
    for section, p in body_paragraphs(report):
        text = _fold(p.text)
        plans = {s for s, _, _ in plan_years(text, year)} if section in PLAN_SECTIONS else set()
        for m in LEADING_YEAR.finditer(text):
            y = int(m.group("y"))
            if y >= year or m.start("y") in plans:
                continue
            after = m.group("after")
            if any(after.startswith(w) for w in LEFTOVER_AFTER):
                continue
            a, b = _sentence_around(text, m.start("y"), m.end("y"))
            sentence = text[a:b]
            if _has_any(sentence, LEFTOVER_CONTEXT):
                continue
            if any(int(o.group(1)) >= year for o in YEAR_IN_TEXT.finditer(sentence)):
                continue  # "2023年建成…，2024年进一步完善…": a history up to this year
            yield ctx.text_finding(
                p, m.start("y"), _year_end(text, m.end("y")),
                f"这句话以“{y}年”开头叙述工作，而本报告是 {year} 年度报告，可能是上一年报告遗留的内容。",
                f"请核对：如果说的是本年度的工作，应改为“{year}年”。")


# ---------------------------------------------------------------- YR004: preface names another year's report

REPORT_REF = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年度?(?P<mid>[^，,。；;：:！？!?、《》〈〉<>\d\n]{0,30}?)"
    r"(?P<noun>年度报告|年报|报告|工作的有关情况|工作有关情况|工作情况|工作的情况)")
# what follows "…年度报告" that makes it something else: the 2021 format ("2021年版…年度报告格式")
REPORT_REF_FOLLOW = exclusions("YR004", "follow", ("格式",))
# a clause that looks back at that report on purpose
REPORT_REF_CONTEXT = exclusions("YR004", "context", ("相比", "问题"))


@rule(id="YR004", category="year", severity="warn", title="开头写的是另一年度的报告或编制通知",
      doc="""说明：开头说明（“一、总体情况”之前）写的报告年份或所依据的年报编制通知的年份与本报告年度不同，多半是套用别年报告、通知时漏改了年份；国办公开办函〔2021〕30号印发的年报格式、任何年份的政务公开工作要点、与往年报告比较的句子不提示。
依据：统计期限为报告年度的1月1日至12月31日（四川地方标准 DB51/T 2660—2019 第2.1条），开头说明、标题、统计期限应是同一年度（规则书 §3.2 R-YR-1）。
例：2022年度报告开头写“编制完成2023年度政府信息公开工作年度报告”，或“根据《关于做好2021年政府信息公开工作年度报告编制发布工作的通知》要求”。
正确写法：“编制完成2022年度政府信息公开工作年度报告”“根据《关于做好2022年政府信息公开工作年度报告编制发布工作的通知》要求”。""")
def preface_other_year(report, ctx):
    year = report_year(report)
    if year is None:
        return
    for p in _preface_paragraphs(report):
        text = _fold(p.text)
        for m in REPORT_REF.finditer(text):
            y = int(m.group("y"))
            mid, noun = m.group("mid"), m.group("noun")
            if y == year or not ("公开" in mid or (mid == "" and ("报告" in noun or noun == "年报"))):
                continue
            if any(text.startswith(w, m.end()) for w in REPORT_REF_FOLLOW):
                continue
            if _has_any(_clause_around(text, m.start(), m.end()), REPORT_REF_CONTEXT):
                continue
            book = _inside_title(p.text, m.start())
            if book is not None and book.endswith("通知"):
                msg = (f"开头引用的编制通知《{book[:40]}》是 {y} 年度年报的通知，"
                       f"而本报告是 {year} 年度报告，可能沿用了{'上一年' if y < year else '别的年份'}的通知。")
                sug = f"请核对：应引用编制 {year} 年度报告的通知（或删去年份不符的通知）。"
            else:
                msg = f"开头写的是“{y}年”的报告，而本报告是 {year} 年度报告，年份不一致。"
                sug = f"请核对：应改为“{year}年”。"
            yield ctx.text_finding(p, m.start("y"), _year_end(text, m.end("y")), msg, sug)


# ---------------------------------------------------------------- YR005: 截至 date left over from last year

CUTOFF = re.compile(
    r"(?:截至|截止)(?:到|于|至)?\s*(?P<y>(?:19|20)\d{2})\s*年\s*"
    r"(?:(?P<m>1[0-2]|0?[1-9]|元|十[一二]?|[一二三四五六七八九])\s*月(?:份)?(?:\s*(?P<d>\d{1,2})\s*日)?"
    r"|(?P<t>年底|年末|年初|底|末|初))?")
CN_MONTH = {"元": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
            "十": 10, "十一": 11, "十二": 12}
# an earlier year's 截至 date is fine when the sentence compares with it
CUTOFF_COMPARE = exclusions("YR005", "compare", ("较", "同比", "相比", "增长", "增加", "减少", "下降", "新增"))
# and any 截至 date when the sentence is about last year's business (its problems fixed, its report published)
CUTOFF_RECTIFY = exclusions("YR005", "look_back", ("整改", "上年度", "上一年度", "去年"))


@rule(id="YR005", category="year", severity="warn", title="“截至”日期可能是上一年报告遗留的",
      doc="""说明：累计数字的“截至/截止”日期在报告年度的1、2月（如2025年度报告写“截止2025年1月21日，累计发送1106条信息”），读来是上一年报告（写于2025年1月）留下的；“截至”日期在更早的年份（2025年度报告写“截至2024年底”）也多半没改年份；与那个日期比较的句子（较、同比、增长、减少…）、讲上年问题整改或上年事务的句子、报告年度之后的日期不提示。
依据：年报写的是报告年度1月1日至12月31日的情况（四川地方标准 DB51/T 2660—2019 第2.1条），在次年年初编写、公布（《政府信息公开条例》第四十九条：每年1月31日前、本级政府的3月31日前），累计数应截至报告年度年底或编写报告时。
例：2025年度报告（2026年1月发布）写“截止2025年1月21日，累计发送1106条信息”。
正确写法：“截至2025年12月31日，累计发送1106条信息”或“截至2026年1月21日，累计发送1106条信息”。""")
def cutoff_dates(report, ctx):
    year = report_year(report)
    if year is None:
        return
    paras = [p for p in _preface_paragraphs(report)] + [p for _, p in body_paragraphs(report)]
    for p in paras:
        text = _fold(p.text)
        for m in CUTOFF.finditer(text):
            y = int(m.group("y"))
            a, b = _sentence_around(text, m.start(), m.end())
            sentence = text[a:b]
            if _has_any(sentence, CUTOFF_RECTIFY):
                continue
            mon = m.group("m")
            month = (int(mon) if mon.isdigit() else CN_MONTH.get(mon)) if mon else None
            said = m.group(0)[m.start("y") - m.start():].strip()
            others = [int(o.group(1)) for o in YEAR_IN_TEXT.finditer(sentence)
                      if not (a + o.start() <= m.start("y") < a + o.end())]
            if (y == year and (month in (1, 2) or (m.group("t") or "").endswith("初"))
                    and not any(o < year for o in others)):
                # "截至2025年1月底，2024年度报告已按时发布" is about last year's business: fine
                msg = (f"“{said}”是 {year} 年度的年初，而累计数应截至报告年度年底或编写报告时"
                       f"（{year + 1}年初），这可能是上一年报告遗留的日期。")
                sug = f"请核对：应为“截至{year}年12月31日”或编写本报告时的日期（{year + 1}年）。"
            elif y < year and not _has_any(sentence, CUTOFF_COMPARE) and not any(o >= year for o in others):
                msg = f"“{said}”是 {year} 年度之前的日期，而本报告是 {year} 年度报告，可能是上一年报告遗留的日期。"
                sug = f"请核对：本年度的累计数应“截至{year}年12月31日”或编写本报告时（{year + 1}年）。"
            else:
                continue
            yield ctx.text_finding(p, m.start(), m.end(), msg, sug)


# ---------------------------------------------------------------- YR006: plan dated with the report year

@rule(id="YR006", category="year", severity="warn", title="改进计划写成了报告年度",
      doc="""说明：第五部分（及第六部分）的改进措施、工作计划是下一年要做的事，却写成报告年度或更早的年份（2021年度报告写“2021年，我局将…”），多半是套用上一年报告时没改年份；写下一年的（“2022年，我局将…”）、讲已做的事（“2021年，我局将政务公开纳入考核”“原计划于2021年…”）不提示。
依据：年度报告在次年年初公布（《政府信息公开条例》第四十九条：每年1月31日前、本级政府的3月31日前公布上一年度的报告），写在里面的“将…”只能是次年的工作；正文年份应与报告年度一致，其他年份应核对（规则书 §3.2 R-YR-1、R-YR-2）。
例：2021年度报告第五部分写“（二）改进措施。2021年，我局将坚持以习近平新时代中国特色社会主义思想为指导…”。
正确写法：“（二）改进措施。2022年，我局将坚持…”或“下一步，我局将…”。""")
def plan_dated_report_year(report, ctx):
    year = report_year(report)
    if year is None:
        return
    for section, p in body_paragraphs(report, sections=PLAN_SECTIONS):
        text = _fold(p.text)
        for s, e, y in sorted(set(plan_years(text, year))):
            which = "报告年度" if y == year else "报告年度之前的年份"
            yield ctx.text_finding(
                p, s, _year_end(text, e),
                f"第{section}部分的工作计划写的是“{y}年”（{which}），而本报告是 {year} 年度报告，"
                "改进措施应是下一年的计划。",
                f"请核对：如果这是下一年的计划，应改为“{year + 1}年”（或写“下一步”）。")
