"""Numbers in sentences: each count bound to its measure word and to the words around it.

"2023年共收到政府信息公开申请7份", "收到5件申请", "因依申请公开引发行政复议1起",
"答复3050件（含上年度结转申请34件，另有72件顺延到下年度）", "较上年增长5件",
"制作政务信息1233条，主动公开政府信息31条，其中…2条，…6条" — every crosscheck rule and the
itemised-sum rules read the ``Claim`` objects made here instead of matching sentences themselves.

A claim knows:
- ``n`` and ``unit`` (件 条 起 份 个 次 篇 期 人次 宗 元 万元);
- ``before``: the words from the previous number of its clause (or the clause start) up to it, and
  ``after``: the words after its unit up to the next number or the clause end — so in
  "收到申请5件" the noun and verb are before, in "收到5件申请" the noun is after;
- its ``clause`` (split at ，。；), its ``sentence`` (split at 。；！？), and the bracketed aside it
  sits in, if any (then ``before``/``after`` stay inside the brackets);
- ``comparison``: it is a difference or another year's figure ("较上年增长5件", "比去年减少", "同比");
- ``part``: it is a part of a total named before it ("其中", "分别", "涉及", "包括"), not a total;
- ``years``: the years named in its clause.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Paragraph

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
            "七": 7, "八": 8, "九": 9}
UNITS = ("人次", "万元", "件", "条", "起", "份", "个", "次", "篇", "期", "宗", "元", "项", "场", "家", "人")
_NUM = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]{1,5})"
CLAIM = re.compile(_NUM + r"\s*(?P<unit>" + "|".join(UNITS) + ")")
CLAUSE_END = "，,。；;！？!?\n"
SENTENCE_END = "。；;！？!?\n"
COMPARISON = re.compile(r"较|同比|环比|相比|比上年|比去年|比\d{4}年|增长|下降|增加|减少|增幅|降幅|多出|少了|持平|翻番")
PART = re.compile(r"其中|分别|涉及|包括|包含|^\s*含")
MAX_WORDS = 60   # the words a number belongs to are near it: at most this many characters each side
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def cn_number(s: str) -> int | float | None:
    """Arabic digits, or a Chinese numeral up to 九百九十九 ("十二", "两", "一百零五")."""
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    if not s or any(ch not in CN_DIGIT and ch not in "十百" for ch in s):
        return None
    total, cur = 0, None
    for ch in s:
        if ch in CN_DIGIT:
            if cur is not None:     # two digits in a row ("一二"): not a number
                return None
            cur = CN_DIGIT[ch]
        elif ch == "十":
            total += (1 if cur is None else cur) * 10
            cur = None
        elif ch == "百":
            if cur is None:
                return None
            total += cur * 100
            cur = None
    if cur is not None:
        total += cur
    return total


@dataclass
class Claim:
    para: Paragraph
    start: int              # span of "N 件" in para.text
    end: int
    n: int | float
    unit: str
    before: str             # words of its clause before it (from the previous number)
    after: str              # words after its unit (to the next number)
    clause: str
    clause_start: int
    sentence: str
    sentence_start: int
    bracketed: bool = False
    comparison: bool = False
    part: bool = False
    years: set[int] = field(default_factory=set)

    def near(self, pattern: str, after_chars: int = 8) -> bool:
        """The words it belongs to match ``pattern``: before it, or (for "收到5件申请") right after."""
        return bool(re.search(pattern, self.before) or re.search(pattern, self.after[:after_chars]))


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost bracketed aside （…）/(…), brackets included."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


def _blank_brackets(text: str, spans) -> str:
    out = list(text)
    for a, b in spans:
        for i in range(a, b):
            out[i] = " "
    return "".join(out)


class _Stops:
    """Clause or sentence bounds in O(log n): the positions of the stop characters of one text,
    looked up with bisect inside a window [lo, hi) (the paragraph, or a bracketed aside)."""

    def __init__(self, text: str, stops: str, offset: int = 0):
        self.pos = [offset + i for i, ch in enumerate(text) if ch in stops]

    def bounds(self, at: int, lo: int, hi: int) -> tuple[int, int]:
        k = bisect_right(self.pos, at - 1)
        a = self.pos[k - 1] + 1 if k > 0 else 0
        b = self.pos[k] if k < len(self.pos) else hi
        return max(a, lo), min(b, hi)


def _is_part_of_larger_number(text: str, m: re.Match) -> bool:
    """"2023年" is a year, "第3期" an ordinal, "100%" a rate, "3.5万" money: not counts."""
    a, b = m.start("num"), m.end("unit")
    if a > 0 and text[a - 1] in "第.．0123456789":
        return True
    if m.group("unit") in ("人", "家", "项", "场") and b < len(text) and text[b] in "员民口们士事民":
        return True
    return False


def claims_in(para: Paragraph) -> list[Claim]:
    """The claims of one paragraph; linear in its length (a pathological 80 000-character paragraph
    with thousands of numbers must not take minutes)."""
    text = para.text
    spans = _bracket_spans(text)
    outer = _blank_brackets(text, spans)           # top-level text, asides blanked
    clause_stops, sentence_stops = _Stops(outer, CLAUSE_END), _Stops(outer, SENTENCE_END)
    inner_stops: dict[tuple[int, int], tuple[_Stops, _Stops]] = {}
    found = [m for m in CLAIM.finditer(text) if cn_number(m.group("num")) is not None
             and not _is_part_of_larger_number(text, m)]
    starts = [s for s, _ in spans]
    # the bracket (if any) each claim sits in, and its neighbours at the same level
    where = []
    for m in found:
        k = bisect_right(starts, m.start()) - 1
        where.append(spans[k] if k >= 0 and spans[k][0] < m.start() < spans[k][1] else None)
    out: list[Claim] = []
    clause_cache: dict = {}
    sentence_cache: dict = {}
    for k, m in enumerate(found):
        a, b = m.start(), m.end()
        inside = where[k]
        if inside:
            lo, hi = inside[0] + 1, min(inside[1] - 1, len(text))
            if inside not in inner_stops:
                inner = text[lo:hi]                     # only the aside's own stops
                inner_stops[inside] = (_Stops(inner, CLAUSE_END, lo), _Stops(inner, SENTENCE_END, lo))
            cs, ss = inner_stops[inside]
            view = text
        else:
            lo, hi, cs, ss, view = 0, len(text), clause_stops, sentence_stops, outer
        ca, cb = cs.bounds(a, lo, hi)
        sa, sb = ss.bounds(a, lo, hi)
        # the nearest claims of the same clause at the same level (stop at the clause's edges)
        prev = k - 1
        while prev >= 0 and where[prev] != inside and found[prev].start() >= ca:
            prev -= 1
        ok = prev >= 0 and where[prev] == inside and ca <= found[prev].end() <= a
        prev_end = found[prev].end() if ok else ca
        nxt, n_found = k + 1, len(found)
        while nxt < n_found and where[nxt] != inside and found[nxt].start() < cb:
            nxt += 1
        ok = nxt < n_found and where[nxt] == inside and found[nxt].start() < cb
        next_start = found[nxt].start() if ok else cb
        before = view[max(prev_end, a - MAX_WORDS):a]
        after = view[b:max(b, min(next_start, b + MAX_WORDS))]
        # one string, one year set and one "part" position per clause and sentence, shared by
        # its claims, so a clause with thousands of numbers costs linear time and memory
        ckey = (ca, cb, inside)
        if ckey not in clause_cache:
            clause = view[ca:cb]
            pm = PART.search(clause)
            clause_cache[ckey] = (clause.strip(), {int(y) for y in YEAR.findall(clause)},
                                  ca + pm.start() if pm else None)
        clause_text, years, part_at = clause_cache[ckey]
        skey = (sa, sb, inside)
        if skey not in sentence_cache:
            sentence_cache[skey] = view[sa:sb].strip()
        out.append(Claim(
            para=para, start=a, end=b, n=cn_number(m.group("num")), unit=m.group("unit"),
            before=re.sub(r"\s+", "", before), after=re.sub(r"\s+", "", after),
            clause=clause_text, clause_start=ca, sentence=sentence_cache[skey], sentence_start=sa,
            bracketed=inside is not None,
            comparison=bool(COMPARISON.search(before)),
            part=part_at is not None and part_at < a,
            years=years))
    return out


def sentence_claims(claims: list[Claim], c: Claim) -> list[Claim]:
    """The claims of ``c``'s sentence at its own bracket level, in order."""
    return [x for x in claims if x.para is c.para and x.sentence_start == c.sentence_start
            and x.bracketed == c.bracketed]


def recognize_claims(report) -> None:
    """The claims of every paragraph except the six section headings, in document order."""
    heads = {s.heading_block for s in report.sections if s.found}
    report.claims = [c for p in report.document.paragraphs() if p.index not in heads for c in claims_in(p)]
