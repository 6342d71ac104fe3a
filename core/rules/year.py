"""year: title year, statistics period and the years in the text agree."""
from __future__ import annotations

import re

from ..template import PREFACE
from .common import body_paragraphs
from .registry import rule

TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def title_year(report) -> int | None:
    m = TITLE_YEAR.search(report.title or "")
    return int(m.group(1)) if m else None


def report_year(report) -> int | None:
    return report.year or title_year(report) or (report.period[0].year if report.period else None)


def _period_anchor(report) -> dict:
    return {"loc": report.period_loc or report.title_loc,
            "excerpt": (report.period_text or report.title or "")[:60]}


@rule(id="YR001", category="year", severity="fail", title="标题年份与统计期限不一致",
      doc="""标题里的年份、统计期限的年份应是同一年。不一致通常是套用上一年报告时漏改了年份。
例：标题“2024年政府信息公开工作年度报告”，开头却写“统计期限为2023年1月1日至2023年12月31日”。""")
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
      doc="""统计期限应是报告年度的 1月1日至12月31日（如四川地方标准 DB51/T 2660—2019 规定“上一年度1月1日至12月31日”）。
只写了 1 月 1 日至 12 月 31 日、省略结束年份的，视为同一年，不提示。
例：“统计期限为2024年1月1日至2024年11月30日”。""")
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


LEADING_YEAR = re.compile(r"(?:^|(?<=[。；！？]))\s*(?P<y>(?:19|20)\d{2})\s*年度?\s*(?P<after>.{0,10})")
NOT_LEFTOVER = re.compile(r"^(?:以来|至今|之前|以前|前|底|末|初|同期|相比|以后|起|开始|的|报告|政府信息公开|政府|政务公开|工作要点)")
COMPARISON = re.compile(r"较|同比|相比|比上年|比去年|增长|下降|增加|减少|持平|上年度|去年|年度报告中|整改")


@rule(id="YR003", category="year", severity="warn", title="正文中可能是上一年遗留的年份",
      doc="""正文以较早年份开头叙述工作（如“2023年，我局…”“2023年共收到…”），而本报告是 2024 年度，
很可能是套用上一年报告时没改年份。与往年比较的句子（“较2023年增长…”）不提示。
例：2024 年度报告第一部分写“2023年，我局认真贯彻落实《条例》…”。""")
def leftover_years(report, ctx):
    year = report_year(report)
    if year is None:
        return
    for _, p in body_paragraphs(report):
        for m in LEADING_YEAR.finditer(p.text):
            y = int(m.group("y"))
            if y >= year or NOT_LEFTOVER.match(m.group("after")):
                continue
            end = p.text.find("。", m.end())
            sentence = p.text[m.start("y"): end if end >= 0 else len(p.text)]
            if COMPARISON.search(sentence):
                continue
            yield ctx.text_finding(
                p, m.start("y"), m.end("y") + 1,
                f"这句话以“{y}年”开头叙述工作，而本报告是 {year} 年度报告，可能是上一年报告遗留的内容。",
                f"请核对：如果说的是本年度的工作，应改为“{year}年”。")
