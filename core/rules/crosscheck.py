"""crosscheck: numbers in the text that contradict the tables.

Conservative by design: only a clause that clearly states one quantity is compared;
anything ambiguous (two numbers, a comparison with another year, a breakdown) is skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..findings import CellRef
from ..model import Paragraph
from .common import COUNT_JIAN, body_paragraphs, clauses, cn_to_int, strip_brackets, table_value
from .registry import rule
from .year import report_year

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
DONE = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"
REVIEW = "行政复议/总计"
SUITS = ("未经复议直接起诉/总计", "复议后起诉/总计")
T2_ROW = "行政规范性文件"

ABOUT_DISCLOSURE = r"公开申请|依申请|申请公开|信息公开"
PART = r"其中|分别|通过|网上|网络|当面|信函|邮寄|传真|电子邮件|自然人|法人|企业"
NEGATION = re.compile(r"未|没有|无(?!正当)")
COMPARISON = re.compile(r"较|同比|相比|比上年|比去年|增长|下降|增加|减少|持平|分别")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass
class Claim:
    para: Paragraph
    start: int
    end: int
    clause: str
    n: int | None = None


def _clauses(report) -> Iterator[Claim]:
    """Clauses of the body text that speak of the report year (or of no year)."""
    year = report_year(report)
    for _, p in body_paragraphs(report):
        for a, b, text in clauses(p):
            years = {int(y) for y in YEAR.findall(text)}
            if year is not None and years - {year}:
                continue
            if COMPARISON.search(text):
                continue
            yield Claim(p, a, b, text)


def counted(report, must, exclude) -> Iterator[Claim]:
    """Affirmative clauses matching every pattern in ``must``, none of ``exclude``, with one 'N 件'."""
    for c in _clauses(report):
        if not all(re.search(m, c.clause) for m in must) or re.search(exclude, c.clause):
            continue
        if NEGATION.search(c.clause):
            continue
        nums = COUNT_JIAN.findall(strip_brackets(c.clause))
        if len(nums) == 1 and cn_to_int(nums[0]) is not None:
            c.n = cn_to_int(nums[0])
            yield c


def negated(report, must, exclude) -> Iterator[Claim]:
    """Clauses that deny something ("未收到…申请") matching ``must`` and none of ``exclude``."""
    for c in _clauses(report):
        if all(re.search(m, c.clause) for m in must) and not re.search(exclude, c.clause):
            yield c


def _mismatch(ctx, c: Claim, what: str, table_desc: str, table_n, cells: list[CellRef]):
    return ctx.text_finding(
        c.para, c.start, c.end,
        f"正文写{what} {c.n} 件，但{table_desc}填的是 {table_n} 件，前后不一致。",
        f"请核对正文和表格，使两处数字一致（表格为准时把正文改为 {table_n} 件）。", cells=cells)


def _t3(report, row):
    return table_value(report, "三", row, "总计")


@rule(id="XCK001", category="crosscheck", severity="warn", title="正文收到申请数与表三不一致",
      doc="""正文写明本年收到（新收、受理）政府信息公开申请 N 件时，应等于表三“一、本年新收政府信息公开申请数量”的总计
（也接受等于新收与上年结转之和的写法）。一句话里有两个数字或与往年比较的，不核对。
例：正文“2024年共收到政府信息公开申请 12 件”，表三新收总计 10。""")
def received(report, ctx):
    new, carried = _t3(report, NEW), _t3(report, CARRIED_IN)
    if new is None:
        return
    for c in counted(report, [r"收到|新收|受理|接收|接到", ABOUT_DISCLOSURE],
                     r"复议|诉讼|起诉|办结|答复|结转|处理费|收费|" + PART):
        if c.n != new and c.n != new + (carried or 0):
            yield _mismatch(ctx, c, "收到申请", "表三“本年新收政府信息公开申请数量”总计", new,
                            [CellRef("三", NEW, "总计")])


@rule(id="XCK002", category="crosscheck", severity="warn", title="正文办结申请数与表三不一致",
      doc="""正文写明办结政府信息公开申请 N 件时，应等于表三“（七）总计”的总计。
例：正文“共办结 9 件政府信息公开申请”，表三（七）总计为 8。""")
def handled(report, ctx):
    done = _t3(report, DONE)
    if done is None:
        return
    for c in counted(report, [r"办结|办理完毕", ABOUT_DISCLOSURE], r"复议|诉讼|起诉|结转|尚未|正在|处理费|" + PART):
        if c.n != done:
            yield _mismatch(ctx, c, "办结申请", "表三“（七）总计”", done, [CellRef("三", DONE, "总计")])


CARRY_OUT = r"结转(?:至|到)?下(?:一)?年|转入下(?:一)?年|顺延(?:到|至)?下(?:一)?年|结转(?:至|到)\d{4}"
CARRY_IN = r"结转自上(?:一)?年|上(?:一)?年(?:度)?结转|从上(?:一)?年(?:度)?结转|自上(?:一)?年(?:度)?结转"


@rule(id="XCK003", category="crosscheck", severity="warn", title="正文结转申请数与表三不一致",
      doc="""正文写明上年结转的申请 N 件，应等于表三“二、上年结转政府信息公开申请数量”的总计；
写明结转下年度继续办理 N 件，应等于表三“四、结转下年度继续办理”的总计。
例：正文“其中1件结转自上年”，表三上年结转总计为 0。""")
def carried(report, ctx):
    for pattern, row, what in ((CARRY_IN, CARRIED_IN, "上年结转"), (CARRY_OUT, CARRIED_OUT, "结转下年度")):
        v = _t3(report, row)
        if v is None:
            continue
        for c in counted(report, [pattern], r"复议|诉讼|起诉|处理费"):
            if c.n != v:
                yield _mismatch(ctx, c, what, f"表三“{row}”总计", v, [CellRef("三", row, "总计")])


def _t4(report, key):
    return table_value(report, "四", "", key)


def _suits(report):
    vals = [_t4(report, k) for k in SUITS]
    return None if any(v is None for v in vals) else sum(vals)


SUB_OUTCOME = r"纠正|纠错|维持|败诉|胜诉|审结|撤销|驳回|确认违法"


@rule(id="XCK004", category="crosscheck", severity="warn", title="正文复议、诉讼件数与表四不一致",
      doc="""正文写明因政府信息公开被申请行政复议 N 件，应等于表四“行政复议 总计”；
写明行政诉讼 N 件，应等于表四“未经复议直接起诉 总计”与“复议后起诉 总计”之和。
只说结果（维持、纠正等）的句子不核对。
例：正文“引起行政诉讼1件”，表四两项诉讼总计都是 0。""")
def review_and_suits(report, ctx):
    review, suits = _t4(report, REVIEW), _suits(report)
    if review is not None:
        for c in counted(report, [r"复议", ABOUT_DISCLOSURE], r"诉讼|起诉|其中|" + SUB_OUTCOME):
            if c.n != review:
                yield _mismatch(ctx, c, "行政复议", "表四“行政复议 总计”", review, [CellRef("四", "", REVIEW)])
    if suits is not None:
        for c in counted(report, [r"诉讼|起诉", ABOUT_DISCLOSURE], r"复议|其中|" + SUB_OUTCOME):
            if c.n != suits:
                yield _mismatch(ctx, c, "行政诉讼", "表四两项行政诉讼总计之和", suits,
                                [CellRef("四", "", k) for k in SUITS])


@rule(id="XCK005", category="crosscheck", severity="warn", title="正文说未收到申请，表三却有新收申请",
      doc="""正文写“未收到政府信息公开申请”，表三“一、本年新收政府信息公开申请数量”总计却大于 0。
例：“2024年本机关未收到政府信息公开申请”，表三新收总计 3。""")
def none_received(report, ctx):
    new = _t3(report, NEW)
    if not new:
        return
    for c in negated(report, [r"(?:未|没有|无)(?:收到|接到|受理)", ABOUT_DISCLOSURE],
                     r"复议|诉讼|起诉|处理费|收费|缴费|" + PART):
        yield ctx.text_finding(c.para, c.start, c.end,
                               f"正文说没有收到政府信息公开申请，但表三“本年新收政府信息公开申请数量”总计是 {new} 件。",
                               "请核对：收到了申请就要如实写明件数，没有收到则表三新收应全部为 0。",
                               cells=[CellRef("三", NEW, "总计")])


@rule(id="XCK006", category="crosscheck", severity="warn", title="正文说未发生复议诉讼，表四却有数字",
      doc="""正文写“未发生（未收到）因政府信息公开引起的行政复议、行政诉讼”，表四相应的总计却大于 0。
只提行政复议的，只核对表四行政复议；只提行政诉讼的，只核对两项诉讼。
例：“未发生因政府信息公开申请引起的行政复议”，表四行政复议总计 2。""")
def none_reviewed(report, ctx):
    review, suits = _t4(report, REVIEW), _suits(report)
    for c in negated(report, [r"(?:未|没有|无)[^，。；]{0,25}(?:复议|诉讼|起诉)", ABOUT_DISCLOSURE],
                     SUB_OUTCOME + "|答复"):
        bad = []
        if "复议" in c.clause and review:
            bad.append((f"行政复议总计 {review} 件", [CellRef("四", "", REVIEW)]))
        if re.search("诉讼|起诉", c.clause) and suits:
            bad.append((f"行政诉讼总计 {suits} 件", [CellRef("四", "", k) for k in SUITS]))
        if bad:
            yield ctx.text_finding(c.para, c.start, c.end,
                                   "正文说没有发生行政复议或行政诉讼，但表四填了" + "、".join(b[0] for b in bad) + "。",
                                   "请核对正文和表四，使两处一致。", cells=[r for b in bad for r in b[1]])


T2_COLUMNS = ((r"制发|印发|出台", "本年制发件数", "制发"), (r"废止", "本年废止件数", "废止"),
              (r"现行有效", "现行有效件数", "现行有效"))


@rule(id="XCK007", category="crosscheck", severity="warn", title="正文规范性文件件数与表二不一致",
      doc="""正文写明本年制发（印发、出台）、废止或现行有效的行政规范性文件 N 件，应与表二“行政规范性文件”一行的对应数字一致；
写“未制发规范性文件”时表二本年制发件数应为 0。
例：正文“全年制发行政规范性文件 5 件”，表二本年制发件数 3。""")
def normative_documents(report, ctx):
    for verb, col, what in T2_COLUMNS:
        v = table_value(report, "二", T2_ROW, col)
        if v is None:
            continue
        others = "|".join(x[0] for x in T2_COLUMNS if x[1] != col)
        ref = [CellRef("二", T2_ROW, col)]
        for c in counted(report, [verb, r"规范性文件"], r"规章|其中|" + others):
            if c.n != v:
                yield _mismatch(ctx, c, f"{what}规范性文件", f"表二“行政规范性文件 {col}”", v, ref)
        if col == "本年制发件数" and v:
            for c in negated(report, [r"(?:未|没有|无)(?:制发|印发|出台)[^，。；]{0,10}规范性文件"], r"规章"):
                yield ctx.text_finding(c.para, c.start, c.end,
                                       f"正文说没有制发规范性文件，但表二“行政规范性文件 本年制发件数”是 {v} 件。",
                                       "请核对正文和表二，使两处一致。", cells=ref)
