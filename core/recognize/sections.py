"""Find the title, organ, year, issuer kind, statistics period, the six sections and the topics of 一.

Sections are found in passes, each only between the sections already found before and after it
(so a sub-list "一、…二、…" inside a section is never taken for the sections themselves):

1. a numbered heading with the template's title or an accepted variant ("四、政府信息公开行政复议、行政诉讼情况");
2. the template's title under another number or none ("七、其他需要报告的事项" when 五 was split in two);
3. a numbered heading naming the section's keywords ("五、存在的主要问题及改进措施");
4. a short numbered heading line with the section's number between the found neighbouring sections
   ("五、存在的主要问题及明年工作计划", "一、年度工作核心成效").

Then a numbered part between the six that continues the numbering ("六、改进措施" between
"五、存在的主要问题" and "七、其他需要报告的事项") is an extra part: its text stays in the section before it.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import Location, Paragraph
from ..report import ExtraPart, Report, SectionInfo
from ..template import SECTION_NUMBERS, SectionDef, TopicDef, template
from ..textnorm import despace_cjk, key

NUMERALS = "一二三四五六七八九十"
# "一、总体情况", "一. 总体情况", "一，…", "第一部分 总体情况"
_HEADING = re.compile(r"^(?:第)?([一二三四五六七八九十])(?:部分)?\s*[、.,，:：．]?\s*(.*)$")
_HAS_SEP = re.compile(r"^\s*(?:第)?[一二三四五六七八九十](?:部分|\s*[、.,，:：．]|\s)")
_SENTENCE_PUNCT = re.compile(r"[。；;！!？?，,：:]")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年(?:度)?")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起|始|开始)?\s*[,，、]?\s*(?:至|到|—+|-|～|~|－)\s*"
    r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
MAX_HEADING_LEN = 40
MAX_POSITIONAL_LEN = 30      # a heading found by its position only is a short line
MIN_FOUND_FOR_POSITION = 3   # ... and only in a document where three sections were found by their words


def _title_key(s: str) -> str:
    """Headings compare without punctuation: "、" and "，" in 四 are the same heading."""
    return re.sub(r"[、，,。.．:：;；]", "", s)


@lru_cache(maxsize=None)
def _titles(sec: SectionDef) -> frozenset[str]:
    return frozenset(_title_key(key(t)) for t in (sec.title, *sec.variants))


def _is_title(sec: SectionDef, rest: str) -> bool:
    return _title_key(rest) in _titles(sec)


def _names_keywords(sec: SectionDef, rest: str) -> bool:
    return bool(rest) and all(w in rest for w in sec.keywords) and not re.search(r"\d", rest)


@dataclass
class _Line:
    """A paragraph that may be a top-level heading."""
    block: int
    para: Paragraph
    number: str | None   # the numeral as written, None for an unnumbered line
    rest: str            # the words after the number (comparison key, final 。 dropped)
    sep: bool            # the number is followed by 、 . ， ： a space or 部分

    @property
    def heading_like(self) -> bool:
        """Short, no sentence punctuation, no figures: a heading, not a numbered sentence."""
        return (self.sep and 2 <= len(self.rest) <= MAX_POSITIONAL_LEN
                and not _SENTENCE_PUNCT.search(self.rest) and not re.search(r"\d", self.rest))


def _parse_line(i: int, p: Paragraph) -> _Line | None:
    t = key(p.text)
    if not t or len(t) > MAX_HEADING_LEN:
        return None
    m = _HEADING.match(t)
    if m:
        soft = unicodedata.normalize("NFKC", p.text).replace("*", "").replace("#", "")
        return _Line(i, p, m.group(1), m.group(2).rstrip("。."), bool(_HAS_SEP.match(soft)))
    return _Line(i, p, None, t.rstrip("。."), False)


def match_heading(text: str) -> tuple[str, str, bool] | None:
    """If ``text`` is, on its own, a section heading return (number, title as written, is_standard):
    the template's title under its number (standard), under another number or none, or a heading
    with the section's number naming its keywords."""
    line = _parse_line(0, Paragraph(0, text, Location()))
    if line is None:
        return None
    defs = template().section_defs
    if line.number in SECTION_NUMBERS:
        sec = next(s for s in defs if s.number == line.number)
        if _is_title(sec, line.rest):
            return sec.number, line.rest, line.rest in {key(t) for t in (sec.title, *sec.variants)}
        if _names_keywords(sec, line.rest):
            return sec.number, line.rest, False
    for sec in defs:
        if _is_title(sec, line.rest):
            return sec.number, line.rest, False
    return None


# ---------------------------------------------------------------- sections

class _Finder:
    def __init__(self, report: Report):
        self.report = report
        self.blocks = report.document.blocks
        self.defs = template().section_defs
        self.lines = [ln for i, b in enumerate(self.blocks) if isinstance(b, Paragraph)
                      for ln in [_parse_line(i, b)] if ln is not None]
        self.found: dict[str, tuple[_Line, str, bool]] = {}   # number -> (line, found_by, standard)
        contents = self._contents()
        self.lines = [ln for ln in self.lines if ln.block not in contents]
        self._numbered = [x for x in self.lines if x.number and x.sep]
        self._numbered_blocks = [x.block for x in self._numbered]
        self._ones = [x.block for x in self._numbered if x.number == "一"]

    def _contents(self) -> set[int]:
        """Lines of a table of contents at the top: three or more section titles one right after
        the other, each written again further down (where the section really starts)."""
        titled = sorted(x.block for x in self.lines if self._title_of(x))
        rest = {x.block: x.rest for x in self.lines}
        runs, run = [], []
        for blk in titled:
            if run and blk != run[-1] + 1:
                runs.append(run)
                run = []
            run.append(blk)
        runs.append(run)
        out: set[int] = set()
        for run in runs:
            if len(run) >= 3:
                out |= {blk for blk in run if any(o > run[-1] and rest[o] == rest[blk] for o in titled)}
        return out

    def _title_of(self, ln: _Line) -> SectionDef | None:
        return next((s for s in self.defs if _is_title(s, ln.rest)), None)

    def used(self, ln: _Line) -> bool:
        return any(f[0].block == ln.block for f in self.found.values())

    def window(self, number: str) -> tuple[int, int]:
        """Blocks strictly between the found sections before and after ``number``."""
        k = SECTION_NUMBERS.index(number)
        before = [self.found[n][0].block for n in SECTION_NUMBERS[:k] if n in self.found]
        after = [self.found[n][0].block for n in SECTION_NUMBERS[k + 1:] if n in self.found]
        return (max(before) if before else -1), (min(after) if after else len(self.blocks))

    def fits(self, number: str, ln: _Line) -> bool:
        lo, hi = self.window(number)
        return lo < ln.block < hi and not self.used(ln)

    def in_sublist(self, ln: _Line, lo: int) -> bool:
        """"二、…" right after "一、…" in a run that starts at 一 inside the window is a list item."""
        if ln.number not in NUMERALS[1:]:
            return False
        k = bisect_left(self._numbered_blocks, ln.block) - 1       # the numbered line just before
        if k < 0 or self._numbered_blocks[k] <= lo:
            return False
        if self._numbered[k].number != NUMERALS[NUMERALS.index(ln.number) - 1]:
            return False
        j = bisect_right(self._ones, lo)                          # a 一 after lo, before ln
        return j < len(self._ones) and self._ones[j] < ln.block

    def take(self, number: str, ln: _Line, how: str, standard: bool) -> None:
        self.found[number] = (ln, how, standard)

    def run(self) -> None:
        by_number = {s.number: s for s in self.defs}
        # 1. the template's title (or a variant) under its own number
        for ln in self.lines:
            sec = by_number.get(ln.number or "")
            if sec and sec.number not in self.found and _is_title(sec, ln.rest) and self.fits(sec.number, ln):
                self.take(sec.number, ln, "title", True)
        # 2. the template's title under another number, or without a number
        for ln in self.lines:
            for sec in self.defs:
                if sec.number not in self.found and _is_title(sec, ln.rest) and self.fits(sec.number, ln):
                    self.take(sec.number, ln, "title", True)  # the template's words; the number is STR008's
                    break
        # 3. and 4., section by section in order
        for sec in self.defs:
            if sec.number in self.found:
                continue
            lo, _ = self.window(sec.number)
            for ln in self.lines:
                if (self._number_ok(sec, ln) and _names_keywords(sec, ln.rest) and self.fits(sec.number, ln)
                        and not self.in_sublist(ln, lo)):
                    self.take(sec.number, ln, "keywords", False)
                    break
            if sec.number in self.found or len(self.found) < MIN_FOUND_FOR_POSITION:
                continue
            for ln in self.lines:
                if (ln.number == sec.number and ln.heading_like and self.fits(sec.number, ln)
                        and not self.in_sublist(ln, lo)):
                    self.take(sec.number, ln, "position", False)
                    break
        # 5. a section out of order (STR002): its own title under its own number, anywhere
        for ln in self.lines:
            sec = by_number.get(ln.number or "")
            if sec and sec.number not in self.found and _is_title(sec, ln.rest) and not self.used(ln):
                self.take(sec.number, ln, "title", True)

    @staticmethod
    def _number_ok(sec: SectionDef, ln: _Line) -> bool:
        """Its own number; 六, the last part, also under a later number (a report with seven parts)."""
        if ln.number == sec.number:
            return True
        return (sec.number == SECTION_NUMBERS[-1] and ln.number is not None
                and NUMERALS.index(ln.number) > NUMERALS.index(sec.number))

    def extra_parts(self) -> list[ExtraPart]:
        """Numbered parts between the six that continue the written numbering."""
        tops = sorted(((f[0].block, f[0].number, n) for n, f in self.found.items()), key=lambda x: x[0])
        if len(tops) < 2:
            return []
        out: list[ExtraPart] = []
        for ln in self.lines:
            if not (tops[0][0] < ln.block < tops[-1][0]) or self.used(ln) or not ln.heading_like:
                continue
            k = bisect_left(tops, (ln.block,))
            prev_block, prev_written, within = tops[k - 1]
            if out and out[-1].block > prev_block:   # the extra part just before continues the numbering
                prev_written, within = out[-1].number, out[-1].within
            after = tops[k][1]
            if prev_written is None or after is None or ln.number is None:
                continue
            n = NUMERALS.index(ln.number)
            if n == NUMERALS.index(prev_written) + 1 and NUMERALS.index(after) > n:
                out.append(ExtraPart(ln.number, despace_cjk(ln.para.text.strip()), ln.block, within, ln.para.loc))
        return out


def recognize_sections(report: Report) -> None:
    tpl = template()
    sections = {s.number: SectionInfo(number=s.number, standard_title=s.title) for s in tpl.section_defs}
    finder = _Finder(report)
    finder.run()
    for number, (ln, how, standard) in finder.found.items():
        s = sections[number]
        s.found, s.title, s.heading_block, s.loc = True, despace_cjk(ln.para.text.strip()), ln.block, ln.para.loc
        s.standard_heading, s.written_number, s.found_by = standard, ln.number, how
    blocks = report.document.blocks
    found = sorted((s for s in sections.values() if s.found), key=lambda s: s.heading_block)
    for k, s in enumerate(found):
        s.block_start = s.heading_block + 1
        s.block_end = found[k + 1].heading_block if k + 1 < len(found) else len(blocks)
    report.sections = [sections[n] for n in SECTION_NUMBERS]
    report.extra_parts = finder.extra_parts()
    _recognize_title(report)
    _recognize_period(report)
    _note_unrecognised(report)
    _recognize_topics(report)


# ---------------------------------------------------------------- title, organ, year, issuer

def _preface_paragraphs(report: Report) -> list[Paragraph]:
    first = min((s.heading_block for s in report.sections if s.found), default=None)
    blocks = report.document.blocks if first is None else report.document.blocks[:first]
    return [b for b in blocks if isinstance(b, Paragraph)]


def _title_line(p: Paragraph) -> str | None:
    """A paragraph's text if it can be (part of) a title line: short, no sentence punctuation."""
    t = re.sub(r"\s+", "", despace_cjk(p.text.strip()))
    if 0 < len(t) <= 60 and not re.search(r"[。，；：:]", t):
        return t
    return None


_TITLE_WORDS = re.compile(r"年度报告|年报|(?:信息公开|政务公开).*报告")
_ORGAN_LINE = re.compile(r"^[\u4e00-\u9fff（）()·]{2,30}$")
_YEAR_LINE = re.compile(r"^[（(]?((?:19|20)\d{2})年度?[)）]?$")
_DISCLOSURE = re.compile(r"政府信息公开|政务公开|信息公开")


def parse_title(title: str) -> tuple[str | None, int | None]:
    """(organ, year) of a title: "<机关><YYYY>年…报告", "<YYYY>年<机关>政府信息公开…报告",
    "<机关>关于<YYYY>年…情况的报告", "关于<机关><YYYY>年…"; None for what it does not name."""
    t = re.sub(r"\s+", "", title)
    t = _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS), t.strip("《》“”\""))  # 二〇二三年
    m = _TITLE_YEAR.search(t)
    year = int(m.group(1)) if m else None
    if m:
        organ = t[: m.start()]
        if not _organ(organ):
            after = t[m.end():]
            d = _DISCLOSURE.search(after)
            organ = after[: d.start()] if d else ""
    else:
        d = _DISCLOSURE.search(t)
        organ = t[: d.start()] if d else ""
    return _organ(organ), year


_CN_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})(?=年)")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def _organ(s: str) -> str | None:
    d = _DISCLOSURE.search(s)
    if d:
        s = s[: d.start()]
    s = re.sub(r"^关于|关于$|的$", "", s.strip()).strip("《》“”")
    if s.count("（") + s.count("(") != s.count("）") + s.count(")"):   # a bracket left open by the cut
        s = s.strip("（）()")
    return s if len(s) >= 2 and re.search(r"[\u4e00-\u9fff]", s) else None


_GOV_NAMED = re.compile(r"(?:人民政府|[省市县区旗州盟乡镇]政府)$")
_PLACE = re.compile(r"(?:省|市|县|区|旗|州|盟|乡|镇)$")
# places that are not a level of people's government: 管委会 areas, 片区, 社区 …
_NOT_GOV_PLACE = re.compile(r"(?:开发区|实验区|试验区|园区|示范区|合作区|高新区|保税区|新区|管理区|工业区|片区|"
                            r"景区|林区|矿区|社区|校区|城区办|辖区)$")
_ORGAN_WORDS = re.compile(r"局|委员会|委|办公室|办公厅|办事处|街道|厅|院|中心|公司|所|站|馆|部|署|队|会|处|室|组")


def issuer_kind_of(organ: str | None) -> str | None:
    """"government" for a people's government (乡镇人民政府 too, and a report titled by a place
    alone, "2022年上海市…"), "department" for anything else (a department, a 人民政府办公室,
    a 街道办事处, a 管委会 area), None when no organ is known."""
    if not organ:
        return None
    if _GOV_NAMED.search(organ):
        return "government"
    if _PLACE.search(organ) and not _NOT_GOV_PLACE.search(organ) and not _ORGAN_WORDS.search(organ):
        return "government"
    return "department"


# county level and below (县、区、乡、镇、街道): no power to make 规章 (城乡 is not 乡; 自治区 is a province)
_BELOW_RULEMAKING = re.compile(r"县|镇|(?<!城)乡|街道|(?<!自治)区")


def may_make_rules_of(organ: str | None) -> bool | None:
    """False for an organ at county level or below, True otherwise, None when no organ is known."""
    if not organ:
        return None
    return not _BELOW_RULEMAKING.search(organ)


def _recognize_title(report: Report) -> None:
    """The title: a short line with 年度报告 (or 信息公开…报告) near the top, joined with the
    lines around it when it is set on two or three lines ("洪泽区人民政府" / "2023年政府信息公开工作年度报告",
    a long title wrapped in a PDF: "…政府信息公开工" / "作年度报告", or "（2023年度）" below)."""
    paras = _preface_paragraphs(report)[:8] or list(report.document.paragraphs())[:8]
    for k, p in enumerate(paras):
        t = _title_line(p)
        if t is None or not _TITLE_WORDS.search(t):
            continue
        first, title = k, t
        organ, year = parse_title(title)
        while first > 0 and k - first < 2 and not (organ and year):
            prev = _title_line(paras[first - 1])
            if prev is None or not (_ORGAN_LINE.match(prev) or _TITLE_YEAR.search(prev)) or match_heading(prev):
                break
            title = prev + title
            first -= 1
            organ, year = parse_title(title)
        if year is None and k + 1 < len(paras):
            nxt = _title_line(paras[k + 1])
            if nxt and _YEAR_LINE.match(nxt):
                title += nxt
                organ, year = parse_title(title)
        report.title = title
        report.title_loc = paras[first].loc
        report.organ, report.year = organ, year
        break
    report.issuer_kind = issuer_kind_of(report.organ)
    report.may_make_rules = may_make_rules_of(report.organ)


def _recognize_period(report: Report) -> None:
    candidates = _preface_paragraphs(report) + report.section_paragraphs("一")
    candidates += [p for p in report.document.paragraphs() if p not in candidates]
    for p in candidates:
        m = _PERIOD.search(p.text)
        if not m:
            continue
        y1, mo1, d1 = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y2 = int(m.group(4)) if m.group(4) else y1
        mo2, d2 = int(m.group(5)), int(m.group(6))
        try:
            report.period = (date(y1, mo1, d1), date(y2, mo2, d2))
        except ValueError:
            report.period = None
        report.period_text = m.group(0)
        report.period_loc = p.span_location(m.start(), m.end())
        return


def _note_unrecognised(report: Report) -> None:
    """What could not be recognised, so the rules that need it say so (INP004) instead of skipping."""
    out = []
    if not report.title:
        out.append("title")
    if not report.organ:
        out.append("organ")
    if report.year is None:
        out.append("title_year" if report.period is not None else "year")
    report.unrecognised = out


# ---------------------------------------------------------------- the five topics of 一

# a sub-heading of 一: "（一）…", "一是…", "1.…", "一、…", "第一，…", "在…方面，"; its words run to the first
# punctuation
_SUBHEAD = re.compile(r"(?:^|(?<=[。；;！？]))\s*((?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+是|"
                      r"[一二三四五六七八九十]+[、.．]|\d+\s*[、.．)）]|第[一二三四五六七八九十]+[，、,])"
                      r"[^。；;：:，,！？]{0,40}|在[^。；;：:，,]{2,20}方面)")
_CLAUSE_END = re.compile(r"[，,。；;！!？?：:\n]")
SHORT_HEADING = 25


def _fold(text: str) -> tuple[str, list[int]]:
    """Text without white space, full width folded, and the offset in ``text`` of each character."""
    chars, index = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        n = unicodedata.normalize("NFKC", ch)
        chars.append(n if len(n) == 1 else ch)
        index.append(i)
    return "".join(chars), index


def _mask(text: str, words) -> str:
    for w in words:
        text = text.replace(w, "＿" * len(w))
    return text


def _subheadings(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(1), m.end(1)) for m in _SUBHEAD.finditer(text)]
    if len(text) <= SHORT_HEADING and not re.search(r"[。；;，,！!？?]", text):
        spans.append((0, len(text)))
    return spans


def _heading_hit(topic: TopicDef, text: str) -> tuple[int, int, str] | None:
    """The first sub-heading of a paragraph that names ``topic``: (start, end, word)."""
    words = topic.heading_words + tuple(kw[0] for kw in topic.keywords if len(kw) == 1)
    for a, b in _subheadings(text):
        for w in words:
            pos = text.find(w, a, b)
            if pos >= 0:
                return pos, pos + len(w), w
    return None


def _keyword_hit(topic: TopicDef, text: str) -> tuple[int, int, str] | None:
    """The first keyword of ``topic`` in a paragraph; "A+B" only with A and B in one clause."""
    best = None
    for kw in topic.keywords:
        if len(kw) == 1:
            pos = text.find(kw[0])
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, pos + len(kw[0]), kw[0])
            continue
        start = 0
        for m in _CLAUSE_END.finditer(text + "。"):
            clause = text[start:m.start()]
            if all(w in clause for w in kw):
                pos = start + clause.find(kw[0])
                if best is None or pos < best[0]:
                    best = (pos, pos + len(kw[0]), "+".join(kw))
                break
            start = m.end()
    return best


def _recognize_topics(report: Report) -> None:
    """Whether and where section 一 covers each of its five topics: a sub-heading of 一 that names
    it in the ways real reports do ("（四）强化监督问效", "四是加强平台建设", "在监督保障方面"), else a
    clause with one of its keywords (the topic's own name, or a phrase that can only mean it)."""
    paras = report.section_paragraphs("一")
    folded = [_fold(p.text) for p in paras]
    for topic in template().topic_defs:
        report.topics[topic.name] = None
        masked = [(p, _mask(text, topic.not_words), index) for p, (text, index) in zip(paras, folded)]
        for find in (_heading_hit, _keyword_hit):
            hit = next(((p, index, h) for p, text, index in masked for h in [find(topic, text)] if h), None)
            if hit:
                p, index, (a, b, words) = hit
                report.topics[topic.name] = p.span_location(index[a], index[b - 1] + 1) or p.loc or Location()
                report.topic_evidence[topic.name] = words
                break
