"""crosscheck: numbers in the text that contradict the tables.

Every rule here reads the claims of core/recognize/claims.py (each number bound to its measure word
and to the words around it, with its brackets, comparisons and scopes) and compares only a claim
that clearly states one quantity of the report year: a difference ("较上年增长5件"), a part
("其中…"), another year's figure, or a sentence that names two measures at once is skipped.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..findings import CellRef
from ..recognize.claims import Claim
from ..template import template
from .common import body_paragraphs, clauses, table_value
from .registry import exclusions, rule
from .year import report_year

_TPL = template()
NEW = _TPL.named_cell("t3_new_total")[1]
CARRIED_IN = _TPL.named_cell("t3_carried_in_total")[1]
DONE = _TPL.named_cell("t3_done_total")[1]
CARRIED_OUT = _TPL.named_cell("t3_carried_out_total")[1]
REVIEW = _TPL.named_cell("t4_review_total")[2]
SUITS = (_TPL.named_cell("t4_direct_suit_total")[2], _TPL.named_cell("t4_suit_after_review_total")[2])
T2_ROW = _TPL.named_cell("t2_normative_made")[1]

APPLICATION_UNITS = ("件", "份", "个", "起", "宗", "项")
CASE_UNITS = ("件", "起", "次", "宗", "个")
DOC_UNITS = ("件", "份", "个", "项")

ABOUT_DISCLOSURE = r"公开申请|依申请|申请公开|信息公开|公开工作"
# words that make a count a sub-part of the applications (a channel, a kind of applicant)
PARTS = exclusions("XCK001", "parts", (
    "网上", "网络", "当面", "信函", "邮寄", "传真", "电子邮件", "自然人", "法人", "企业", "现场", "线上", "线下"))
# "收到公民、法人和其他组织政府信息公开申请28件": every kind of applicant named, so a total
ALL_APPLICANTS = re.compile(r"[和及或与]其他组织")
NEGATION = re.compile(r"未|没有|无(?!正当|法提供)|零")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
OTHER_YEAR = re.compile(r"上一?年(?!度?结转)|去年|前年|上年度(?!结转)|往年|历年|累计")


def _claims(report) -> Iterator[Claim]:
    """Claims of the body text about the report year: not a difference, not another year's figure."""
    year = report_year(report)
    for c in report.claims:
        if c.comparison:
            continue
        if year is not None and c.years - {year}:
            continue
        yield c


def _about_disclosure(report, c: Claim) -> bool:
    return sentence_has(ABOUT_DISCLOSURE, c.sentence) or report.section_of_block(c.para.index) in ("三", "四")


@lru_cache(maxsize=4096)
def sentence_has(pattern: str, sentence: str) -> bool:
    """``pattern`` in a claim's sentence, once per sentence (claims of one sentence share the string)."""
    return re.search(pattern, sentence) is not None


def counted(report, *, units, verb: str, noun: str, exclude: str, allow_part: bool = False) -> Iterator[Claim]:
    """Claims whose words have ``verb`` before the number and ``noun`` before or right after it,
    and none of ``exclude`` (other measures in the same phrase make it ambiguous)."""
    for c in _claims(report):
        if c.unit not in units or (c.part and not allow_part):
            continue
        if not re.search(verb, c.before) or not c.near(noun):
            continue
        if re.search(exclude, c.before) or re.search(exclude, c.after[:6]):
            continue
        if OTHER_YEAR.search(c.before) or NEGATION.search(c.before):
            continue
        if not allow_part and any(w in c.before for w in PARTS) and not ALL_APPLICANTS.search(c.before):
            continue
        if not _about_disclosure(report, c):
            continue
        yield c


def negated(report, must, exclude) -> Iterator[tuple]:
    """Clauses that deny something ("未收到…申请") matching every ``must`` and none of ``exclude``:
    (paragraph, start, end, clause)."""
    year = report_year(report)
    for _, p in body_paragraphs(report):
        for a, b, text in clauses(p):
            years = {int(y) for y in YEAR.findall(text)}
            if year is not None and years - {year}:
                continue
            if all(re.search(m, text) for m in must) and not re.search(exclude, text):
                yield p, a, b, text


def _mismatch(ctx, c: Claim, what: str, table_desc: str, table_n, cells: list[CellRef]):
    n = int(c.n) if float(c.n).is_integer() else c.n
    return ctx.text_finding(
        c.para, c.start, c.end,
        f"正文写{what} {n} {c.unit}，但{table_desc}填的是 {table_n} 件，前后不一致。",
        f"请核对正文和表格，使两处数字一致（表格为准时把正文改为 {table_n} {c.unit}）。", cells=cells)


def _t3(report, row):
    return table_value(report, "三", row, "总计")


RECEIVE = r"收到|新收|受理|接收|接到|收悉|共收|提出"


@rule(id="XCK001", category="crosscheck", severity="warn", title="正文收到申请数与表三不一致",
      doc="""说明：正文写明本年收到（新收、受理）政府信息公开申请 N 件（份），应等于表三“一、本年新收政府信息公开申请数量”的总计；同一句说明含上年结转的，也接受等于新收与上年结转之和。与往年比较的数字、“其中”后面的分项、按渠道或申请人类型的分项不核对。
依据：国办公开办函〔2021〕30号要求报告内容准确；数字前后不一致是评议中常见的“数据失准”。
例：正文“2024年共收到政府信息公开申请 12 件”，表三新收总计 10；“共收到政府信息公开申请7份”，表三新收总计 0。
正确写法：“2024年共收到政府信息公开申请10件”，与表三一致。""")
def received(report, ctx):
    new, carried = _t3(report, NEW), _t3(report, CARRIED_IN)
    if new is None:
        return
    for c in counted(report, units=APPLICATION_UNITS, verb=RECEIVE, noun=r"申请",
                     exclude=r"复议|诉讼|起诉|办结|答复|办理完|结转|处理费|收费|咨询|留言|来信|信访|许可|审批"):
        # "共受理申请10件（含上年结转2件）": a total with the carried-over ones, said so in the sentence
        with_carried = new + (carried or 0) if sentence_has(r"结转|上年", c.sentence) else new
        if c.n != new and c.n != with_carried:
            yield _mismatch(ctx, c, "收到申请", "表三“本年新收政府信息公开申请数量”总计", new,
                            [CellRef("三", NEW, "总计")])


HANDLE = r"办结|办理完毕|答复|办理"


@rule(id="XCK002", category="crosscheck", severity="warn", title="正文办结申请数与表三不一致",
      doc="""说明：正文写明办结（答复、办理完毕）政府信息公开申请 N 件，应等于表三“（七）总计”的总计。同一句又写收到、受理的（“受理并答复5件”），或写结转、尚未办结的，不核对。
依据：表三“（七）总计”是本年度办理完毕的申请数；正文与表格应一致。
例：正文“共办结 9 件政府信息公开申请”，表三（七）总计为 8。
正确写法：“全年办结政府信息公开申请8件”，与表三（七）总计一致。""")
def handled(report, ctx):
    done = _t3(report, DONE)
    if done is None:
        return
    for c in counted(report, units=APPLICATION_UNITS, verb=HANDLE, noun=r"申请|件",
                     exclude=RECEIVE + r"|复议|诉讼|起诉|结转|尚未|正在|处理费|收费|咨询|留言|来信|信访|许可|审批|事项"):
        if c.n != done:
            yield _mismatch(ctx, c, "办结申请", "表三“（七）总计”", done, [CellRef("三", DONE, "总计")])


CARRY_OUT = r"结转(?:至|到)?下(?:一)?年|转入下(?:一)?年|顺延(?:到|至)?下(?:一)?年|结转(?:至|到)\d{4}|结转下年度|继续办理"
CARRY_IN = r"结转自上(?:一)?年|上(?:一)?年(?:度)?结转|从上(?:一)?年(?:度)?结转|自上(?:一)?年(?:度)?结转"


@rule(id="XCK003", category="crosscheck", severity="warn", title="正文结转申请数与表三不一致",
      doc="""说明：正文写明上年结转的申请 N 件，应等于表三“二、上年结转政府信息公开申请数量”的总计；写明结转下年度继续办理 N 件，应等于表三“四、结转下年度继续办理”的总计。括号里的说明（“答复30件（含上年度结转申请3件）”）也核对。
依据：表三的“上年结转”“结转下年度继续办理”两行；正文与表格应一致。
例：正文“其中1件结转自上年”，表三上年结转总计为 0。
正确写法：“另有2件结转至下年度继续办理”，与表三“四、结转下年度继续办理”总计一致。""")
def carried(report, ctx):
    for pattern, row, what in ((CARRY_IN, CARRIED_IN, "上年结转"), (CARRY_OUT, CARRIED_OUT, "结转下年度")):
        v = _t3(report, row)
        if v is None:
            continue
        for c in _claims(report):
            if c.unit not in APPLICATION_UNITS:
                continue
            words = c.before + "#" + c.after[:10]
            if not re.search(pattern, words) or re.search(r"复议|诉讼|起诉|处理费", words):
                continue
            if NEGATION.search(c.before):
                continue
            if c.n != v:
                yield _mismatch(ctx, c, what, f"表三“{row}”总计", v, [CellRef("三", row, "总计")])


def _t4(report, key):
    return table_value(report, "四", "", key)


def _suits(report):
    vals = [_t4(report, k) for k in SUITS]
    return None if any(v is None for v in vals) else sum(vals)


SUB_OUTCOME = r"纠正|纠错|维持|败诉|胜诉|审结|撤销|驳回|确认违法|撤回|终止|调解"


@rule(id="XCK004", category="crosscheck", severity="warn", title="正文复议、诉讼件数与表四不一致",
      doc="""说明：正文写明因政府信息公开被申请行政复议 N 件（起、次），应等于表四“行政复议 总计”；写明行政诉讼 N 件，应等于表四“未经复议直接起诉 总计”与“复议后起诉 总计”之和。只说结果（维持、纠正等）的、一句话同时说复议和诉讼的数字不核对。
依据：表四是政府信息公开行政复议、行政诉讼情况；正文与表格应一致。
例：正文“因依申请公开引发行政复议1起”，表四行政复议总计 0。
正确写法：“全年发生政府信息公开行政复议1件”，表四行政复议总计为 1。""")
def review_and_suits(report, ctx):
    review, suits = _t4(report, REVIEW), _suits(report)
    if review is not None:
        for c in counted(report, units=CASE_UNITS, verb=r"复议", noun=r"复议|案件|件",
                         exclude=r"诉讼|起诉|其中|" + SUB_OUTCOME):
            if c.n != review:
                yield _mismatch(ctx, c, "行政复议", "表四“行政复议 总计”", review, [CellRef("四", "", REVIEW)])
    if suits is not None:
        for c in counted(report, units=CASE_UNITS, verb=r"诉讼|起诉", noun=r"诉讼|起诉|案件|件",
                         exclude=r"复议|其中|" + SUB_OUTCOME):
            if c.n != suits:
                yield _mismatch(ctx, c, "行政诉讼", "表四两项行政诉讼总计之和", suits,
                                [CellRef("四", "", k) for k in SUITS])


@rule(id="XCK005", category="crosscheck", severity="warn", title="正文说未收到申请，表三却有新收申请",
      doc="""说明：正文写“未收到政府信息公开申请”，表三“一、本年新收政府信息公开申请数量”总计却大于 0。
依据：正文与表三应一致。
例：“2024年本机关未收到政府信息公开申请”，表三新收总计 3。
正确写法：收到了申请就写明件数（“共收到政府信息公开申请3件”）；没有收到则表三新收应全部为 0。""")
def none_received(report, ctx):
    new = _t3(report, NEW)
    if not new:
        return
    for p, a, b, text in negated(report, [r"(?:未|没有|无)(?:收到|接到|受理)", r"公开申请|依申请|申请公开"],
                                 r"复议|诉讼|起诉|处理费|收费|缴费|网上|当面|信函|传真|电子邮件|法人|企业|自然人"):
        yield ctx.text_finding(p, a, b,
                               f"正文说没有收到政府信息公开申请，但表三“本年新收政府信息公开申请数量”总计是 {new} 件。",
                               "请核对：收到了申请就要如实写明件数，没有收到则表三新收应全部为 0。",
                               cells=[CellRef("三", NEW, "总计")])


@rule(id="XCK006", category="crosscheck", severity="warn", title="正文说未发生复议诉讼，表四却有数字",
      doc="""说明：正文写“未发生（未收到）因政府信息公开引起的行政复议、行政诉讼”，表四相应的总计却大于 0。只提行政复议的，只核对表四行政复议；只提行政诉讼的，只核对两项诉讼。
依据：正文与表四应一致。
例：“未发生因政府信息公开申请引起的行政复议”，表四行政复议总计 2。
正确写法：有复议就写明件数和结果；没有则表四全部为 0。""")
def none_reviewed(report, ctx):
    review, suits = _t4(report, REVIEW), _suits(report)
    for p, a, b, text in negated(report, [r"(?:未|没有|无)[^，。；]{0,25}(?:复议|诉讼|起诉)", ABOUT_DISCLOSURE],
                                 SUB_OUTCOME + "|答复"):
        bad = []
        if "复议" in text and review:
            bad.append((f"行政复议总计 {review} 件", [CellRef("四", "", REVIEW)]))
        if re.search("诉讼|起诉", text) and suits:
            bad.append((f"行政诉讼总计 {suits} 件", [CellRef("四", "", k) for k in SUITS]))
        if bad:
            yield ctx.text_finding(p, a, b,
                                   "正文说没有发生行政复议或行政诉讼，但表四填了" + "、".join(x[0] for x in bad) + "。",
                                   "请核对正文和表四，使两处一致。", cells=[r for x in bad for r in x[1]])


T2_COLUMNS = ((r"制发|印发|出台|制定", "本年制发件数", "制发"), (r"废止", "本年废止件数", "废止"),
              (r"现行有效", "现行有效件数", "现行有效"))


@rule(id="XCK007", category="crosscheck", severity="warn", title="正文规范性文件件数与表二不一致",
      doc="""说明：正文写明本年制发（印发、出台）、废止或现行有效的行政规范性文件 N 件，应与表二“行政规范性文件”一行的对应数字一致；写“未制发规范性文件”时表二本年制发件数应为 0。只说“主动公开规范性文件”的数字不核对（公开的不一定是本年制发的）。
依据：表二第二十条第（一）项；正文与表格应一致。
例：正文“全年制发行政规范性文件 5 件”，表二本年制发件数 3。
正确写法：“全年制发行政规范性文件3件”，与表二一致。""")
def normative_documents(report, ctx):
    for verb, col, what in T2_COLUMNS:
        v = table_value(report, "二", T2_ROW, col)
        if v is None:
            continue
        others = "|".join(x[0] for x in T2_COLUMNS if x[1] != col)
        ref = [CellRef("二", T2_ROW, col)]
        for c in _claims(report):
            if c.unit not in DOC_UNITS or c.part or not re.search(verb, c.before) or not c.near(r"规范性文件"):
                continue
            if re.search(r"规章|" + others, c.before) or NEGATION.search(c.before) or OTHER_YEAR.search(c.before):
                continue
            if c.n != v:
                yield _mismatch(ctx, c, f"{what}规范性文件", f"表二“行政规范性文件 {col}”", v, ref)
        if col == "本年制发件数" and v:
            for p, a, b, text in negated(report, [r"(?:未|没有|无)(?:制发|印发|出台|制定)[^，。；]{0,10}规范性文件"], r"规章"):
                yield ctx.text_finding(p, a, b,
                                       f"正文说没有制发规范性文件，但表二“行政规范性文件 本年制发件数”是 {v} 件。",
                                       "请核对正文和表二，使两处一致。", cells=ref)
