"""crossyear (上年对比): this year's report against last year's, when the clerk gives last year's.

Evaluators criticise numbers that do not follow from last year's report (this year's 上年结转 must be
last year's 结转下年度继续办理; 现行有效 规范性文件 should be last year's plus 本年制发 minus 本年废止)
and reports copied from last year (照搬照抄: paragraphs unchanged, last year's year or figures left in).
These rules run only with ``ctx.previous`` (``nianbao-check check THIS --previous LAST``); every message
says which report a number comes from.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..findings import CellRef
from ..template import PREFACE, template
from ..textnorm import key
from .common import all_cells, body_paragraphs, table_value
from .registry import rule
from .year import report_year

CARRIED_IN = template().named_cell("t3_carried_in_total")[1]
CARRIED_OUT = template().named_cell("t3_carried_out_total")[1]
T2_ROWS = ("规章", "行政规范性文件")
COPY_SECTIONS = ("一", "五", "六")
MIN_PARA = 30          # shorter paragraphs ("（一）主动公开情况") are headings, not copied text
SAME = 0.9             # a paragraph this similar to one of last year's counts as copied


def _year_of(report) -> str:
    y = report_year(report)
    return f"{y}年" if y else "上年"


def pairing_problem(report, previous) -> str | None:
    """Why ``previous`` is not last year's report of the same organ (None: it is)."""
    y, py = report_year(report), report_year(previous)
    if y is not None and py is not None and py != y - 1:
        return f"对比的报告是 {py} 年度的，不是本报告（{y} 年度）的上一年度"
    a, b = _organ_key(report), _organ_key(previous)
    if a and b and a != b:
        return f"对比的报告是“{previous.organ}”的，本报告是“{report.organ}”的，不是同一机关"
    if y is None or py is None:
        return "没有识别出两份报告的年度，无法确定是不是上一年度的报告"
    return None


def _organ_key(report) -> str:
    return key(report.organ or "")


def _paired(ctx) -> bool:
    return ctx.previous is not None and pairing_problem(ctx.report, ctx.previous) is None


@rule(id="YOY001", category="crossyear", severity="info", title="上年年报不能用于对比",
      doc="""说明：给出的“上年年报”不是同一机关上一年度的报告（机关不同、年度不是上一年，或识别不出年度），这时不做任何上年对比。
依据：上年对比只在同一机关相邻两个年度的报告之间才有意义。
例：2024 年度报告选了 2022 年度的报告来对比。
正确写法：选择同一机关上一年度发布的年报。""")
def unusable_previous(report, ctx):
    if ctx.previous is None:
        return
    why = pairing_problem(report, ctx.previous)
    if why:
        yield ctx.finding(PREFACE, f"没有做上年对比：{why}。",
                          "请选择本机关上一年度的政府信息公开工作年度报告再对比。",
                          loc=report.title_loc, excerpt=(report.title or "")[:60])


@rule(id="YOY002", category="crossyear", severity="fail", title="上年结转与上年报告的结转下年度不一致",
      doc="""说明：本年表三“二、上年结转政府信息公开申请数量”的每一列，应等于上年报告表三“四、结转下年度继续办理”的同一列。两份报告的这两行都读清楚时才核对。
依据：（推断，勾稽关系的跨年延伸）上一年结转下年度继续办理的申请，就是本年的上年结转申请。
例：2023 年报告“结转下年度继续办理”总计 2，2024 年报告“上年结转”总计 0。
正确写法：本年“上年结转”照上年报告“结转下年度继续办理”逐列填写。""")
def carried_over(report, ctx):
    if not _paired(ctx):
        return
    prev, this_y, prev_y = ctx.previous, _year_of(report), _year_of(ctx.previous)
    t = report.tables.get("三")
    if not t or not t.found:
        return
    bad = []
    for col in _t3_columns():
        a = table_value(report, "三", CARRIED_IN, col)
        b = table_value(prev, "三", CARRIED_OUT, col)
        if a is not None and b is not None and a != b:
            bad.append((col, a, b))
    if not bad:
        return
    shown = "；".join(f"“{c}”列本年 {_fmt(a)}、上年 {_fmt(b)}" for c, a, b in bad)
    first = bad[0][0]
    yield ctx.cell_finding(
        CellRef("三", CARRIED_IN, first),
        f"本年（{this_y}）表三“二、上年结转政府信息公开申请数量”与上年（{prev_y}）报告表三“四、结转下年度继续办理”不一致：{shown}。",
        f"请按上年报告的“结转下年度继续办理”填写本年的“上年结转”（{_fmt(bad[0][2])}），或核对上年报告。",
        cells=[CellRef("三", CARRIED_IN, c) for c, _, _ in bad])


def _t3_columns():
    return template().t3_columns


@rule(id="YOY003", category="crossyear", severity="warn", title="现行有效件数与上年不衔接",
      doc="""说明：表二“规章”“行政规范性文件”的本年现行有效件数，一般应等于上年报告的现行有效件数加本年制发件数、减本年废止件数。不相等时列出两边的数字，请核对（清理、修订可能造成差异，所以只提示核对）。
依据：（推断）现行有效件数随制发和废止增减。
例：上年现行有效 20 件，本年制发 3、废止 1，本年现行有效却填 30。
正确写法：本年现行有效 = 20 + 3 − 1 = 22 件，或在正文说明差异原因。""")
def valid_documents(report, ctx):
    if not _paired(ctx):
        return
    prev, this_y, prev_y = ctx.previous, _year_of(report), _year_of(ctx.previous)
    for row in T2_ROWS:
        now = table_value(report, "二", row, "现行有效件数")
        made = table_value(report, "二", row, "本年制发件数")
        gone = table_value(report, "二", row, "本年废止件数")
        before = table_value(prev, "二", row, "现行有效件数")
        if None in (now, made, gone, before):
            continue
        expected = before + made - gone
        if now == expected:
            continue
        yield ctx.cell_finding(
            CellRef("二", row, "现行有效件数"),
            f"表二“{row}”：上年（{prev_y}）报告现行有效 {_fmt(before)} 件，本年（{this_y}）制发 {_fmt(made)}、"
            f"废止 {_fmt(gone)}，应为 {_fmt(expected)} 件，本年却填 {_fmt(now)} 件。",
            "请核对现行有效件数；如有清理、修订等原因，建议在正文说明。",
            cells=[CellRef("二", row, c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")])


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


# the fee statement is a fixed formula, the same every year by design
FEE_FORMULA = re.compile(r"处理费")
FEE_FORMULA_MAX = 200


def _paragraphs(report, section):
    return [p for s, p in body_paragraphs(report, sections=(section,)) if len(_norm(p.text)) >= MIN_PARA
            and not (FEE_FORMULA.search(p.text) and len(_norm(p.text)) <= FEE_FORMULA_MAX)]


def copied_paragraphs(report, previous, section):
    """(this paragraph, last year's paragraph, similarity) for each paragraph of ``section`` that is
    the same or nearly the same as one of last year's same section."""
    theirs = [(p, _norm(p.text)) for p in _paragraphs(previous, section)]
    out = []
    for p in _paragraphs(report, section):
        mine = _norm(p.text)
        best, best_r = None, 0.0
        for q, t in theirs:
            if abs(len(t) - len(mine)) > 0.3 * max(len(t), len(mine)):
                continue
            sm = SequenceMatcher(None, mine, t, autojunk=False)
            if sm.real_quick_ratio() < SAME or sm.quick_ratio() < SAME:
                continue
            r = sm.ratio()
            if r > best_r:
                best, best_r = q, r
        if best is not None and best_r >= SAME:
            out.append((p, best, best_r))
    return out


@rule(id="YOY004", category="crossyear", severity="warn", title="段落与上年年报相同或几乎相同",
      doc="""说明：“一、总体情况”“五、存在的主要问题及改进情况”“六、其他需要报告的事项”里有段落与上年报告同一部分的段落相同或几乎相同（九成以上一样），说明可能照搬了上年的年报。每一部分合为一条，写明照搬的段落占本部分的比例，并给出两年的原文。每年照例写的信息处理费说明（200 字以内、提到“处理费”的段落）不算。
依据：国办公开办函〔2021〕30号把“内容雷同”列为要追究责任的问题；地方考评对“与往年雷同”扣分。
例：2024 年报告第五部分的“存在问题”一段与 2023 年报告一字不差。
正确写法：按本年度的实际情况重新撰写，特别是存在的问题和改进措施。""")
def copied_text(report, ctx):
    if not _paired(ctx):
        return
    prev_y = _year_of(ctx.previous)
    for section in COPY_SECTIONS:
        pairs = copied_paragraphs(report, ctx.previous, section)
        if not pairs:
            continue
        total = sum(len(_norm(p.text)) for p in _paragraphs(report, section)) or 1
        share = sum(len(_norm(p.text)) for p, _, _ in pairs) / total
        p, q, r = pairs[0]
        same = "相同" if r >= 0.999 else f"几乎相同（{r:.0%}一样）"
        yield ctx.text_finding(
            p, 0, len(p.text),
            f"第{section}部分有 {len(pairs)} 段与上年（{prev_y}）报告{same}，约占本部分文字的 {share:.0%}。"
            f"本年：“{_clip(p.text)}”；上年：“{_clip(q.text)}”",
            "请按本年度的实际情况重新撰写这些段落，不要照搬上年的年报。")


def _clip(text: str, n: int = 40) -> str:
    t = _norm(text)
    return t if len(t) <= n else t[:n] + "…"


@rule(id="YOY005", category="crossyear", severity="info", title="表格与上年完全相同",
      doc="""说明：表二、表三或表四的每一个数字都与上年报告相同（不含全部为 0 的表）。可能是真实情况，也可能是沿用了上年的表格，请核对。
依据：（推断）年报数据应为本年度的统计结果。
例：2024 年表三 175 个数字与 2023 年完全一样。
正确写法：按本年度的统计结果填写。""")
def same_tables(report, ctx):
    if not _paired(ctx):
        return
    for name in ("二", "三", "四"):
        mine = [(ref, cv) for ref, cv in all_cells(report, name)]
        theirs = {(ref.row, ref.col): cv for ref, cv in all_cells(ctx.previous, name)}
        if not mine or not theirs:
            continue
        if any(cv.status != "ok" for _, cv in mine):
            continue
        if not any(cv.value for _, cv in mine):
            continue  # all zero both years: normal for a small office
        if all(theirs.get((ref.row, ref.col)) is not None and theirs[(ref.row, ref.col)].status == "ok"
               and theirs[(ref.row, ref.col)].value == cv.value for ref, cv in mine):
            ref = mine[0][0]
            yield ctx.cell_finding(ref, f"表{name}的数字与上年（{_year_of(ctx.previous)}）报告完全相同。",
                                   "请核对是否沿用了上年的表格，按本年度的统计结果填写。",
                                   cells=[r for r, _ in mine])


SENT = re.compile(r"[^。；！？\n]+[。；！？]?")
COUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:件|条|个|次|期|份|起|篇|人次|万元|元)")


@rule(id="YOY006", category="crossyear", severity="warn", title="沿用了上年报告的年份或数字",
      doc="""说明：本年报告里有句子与上年报告的句子一字不差，并且带着上年报告的年份（“2023年，我局…”出现在 2024 年报告里）或带着件数、条数等数字（上年的数字没有改）。已经整段照搬的由 YOY004 提示，这里不重复。
依据：国办公开办函〔2021〕30号要求内容准确，“内容雷同”要追究责任；沿用上年年份、数字是照搬照抄的典型表现。
例：2024 年报告写“2023年共收到政府信息公开申请12件”，与 2023 年报告原句相同。
正确写法：改为本年度的年份和统计数字。""")
def leftover_figures(report, ctx):
    if not _paired(ctx):
        return
    prev = ctx.previous
    prev_year = report_year(prev)
    theirs = {_norm(m.group()) for _, p in body_paragraphs(prev) for m in SENT.finditer(p.text)}
    copied = {p.index for s in COPY_SECTIONS for p, _, _ in copied_paragraphs(report, prev, s)}
    for _, p in body_paragraphs(report):
        if p.index in copied:
            continue
        for m in SENT.finditer(p.text):
            s = _norm(m.group())
            if len(s) < 12 or s not in theirs:
                continue
            has_year = prev_year is not None and f"{prev_year}年" in s
            if not has_year and not COUNT.search(s):
                continue
            what = f"上年报告的年份“{prev_year}年”" if has_year else "上年报告的数字"
            yield ctx.text_finding(
                p, m.start(), m.end(),
                f"这句话与上年（{_year_of(prev)}）报告的原句一字不差，带着{what}。",
                "请核对：如果写的是本年度的情况，请改为本年度的年份和数字。")


def _fmt(v) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
