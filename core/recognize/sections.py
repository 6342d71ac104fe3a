"""Find the title, organ, year, statistics period and the six section headings."""
from __future__ import annotations

import re
from datetime import date

from ..model import Paragraph
from ..report import Report, SectionInfo
from ..template import SECTION_NUMBERS, template
from ..textnorm import despace_cjk, key

# "一、总体情况", "一. 总体情况", "一，…", "第一部分 总体情况"
_HEADING = re.compile(r"^(?:第)?([一二三四五六七八九十])(?:部分)?\s*[、.,，:：．]?\s*(.*)$")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|—+|-|～|~|－)\s*"
    r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
MAX_HEADING_LEN = 40


def _title_variants(sec: dict) -> set[str]:
    return {key(sec["title"])} | {key(v) for v in sec.get("variants", [])}


def match_heading(text: str) -> tuple[str, str, bool] | None:
    """If ``text`` is a section heading return (number, title as written, is_standard)."""
    t = key(text)
    if not t or len(t) > MAX_HEADING_LEN:
        return None
    m = _HEADING.match(t)
    tpl = template()
    kw = tpl.raw["section_keywords"]
    if m and m.group(1) in SECTION_NUMBERS:
        number, rest = m.group(1), m.group(2).rstrip("。.")
        sec = next(s for s in tpl.sections if s["number"] == number)
        if rest in _title_variants(sec):
            return number, rest, True
        if rest and all(w in rest for w in kw[number]) and not re.search(r"\d", rest):
            return number, rest, False
        return None
    # a heading without its number ("总体情况") is accepted but is not standard
    rest = t.rstrip("。.")
    for sec in tpl.sections:
        if rest in _title_variants(sec):
            return sec["number"], rest, False
    return None


def recognize_sections(report: Report) -> None:
    tpl = template()
    sections = {s["number"]: SectionInfo(number=s["number"], standard_title=s["title"]) for s in tpl.sections}
    blocks = report.document.blocks
    order = list(SECTION_NUMBERS)
    for i, b in enumerate(blocks):
        if not isinstance(b, Paragraph):
            continue
        m = match_heading(b.text)
        if not m:
            continue
        number, written, standard = m
        s = sections[number]
        if s.found:
            continue  # the first heading of each number wins; later ones are body text
        # a heading must not come before an already found later section
        if any(sections[n].found and sections[n].heading_block > i for n in order[order.index(number) + 1:]):
            continue
        s.found, s.title, s.heading_block, s.loc, s.standard_heading = True, despace_cjk(b.text.strip()), i, b.loc, standard
    found = sorted((s for s in sections.values() if s.found), key=lambda s: s.heading_block)
    for k, s in enumerate(found):
        s.block_start = s.heading_block + 1
        s.block_end = found[k + 1].heading_block if k + 1 < len(found) else len(blocks)
    report.sections = [sections[n] for n in order]
    _recognize_title(report)
    _recognize_period(report)
    _recognize_topics(report)


def _preface_paragraphs(report: Report) -> list[Paragraph]:
    first = min((s.heading_block for s in report.sections if s.found), default=None)
    blocks = report.document.blocks if first is None else report.document.blocks[:first]
    return [b for b in blocks if isinstance(b, Paragraph)]


def _title_line(p: Paragraph) -> str | None:
    """A paragraph's text if it can be (part of) a title line: short, no sentence punctuation."""
    t = despace_cjk(p.text.strip())
    if 0 < len(t) <= 60 and not re.search(r"[。，；：:]", t):
        return t
    return None


def _recognize_title(report: Report) -> None:
    """The title: the paragraph with 年度报告 near the top, joined with the short lines before it
    when the title is set on two or three lines ("洪泽区人民政府" / "2023年政府信息公开工作年度报告",
    or a long title wrapped in a PDF: "…政府信息公开工" / "作年度报告")."""
    paras = _preface_paragraphs(report)[:8] or [p for p in report.document.paragraphs()][:8]
    for k, p in enumerate(paras):
        t = _title_line(p)
        if t is None or ("年度报告" not in t and "年报" not in t):
            continue
        first = k
        title = t
        while first > 0 and k - first < 2:
            m = _TITLE_YEAR.search(title)
            if m and title[: m.start()].strip():
                break  # has its year and its organ
            prev = _title_line(paras[first - 1])
            if prev is None:
                break
            title = prev + title
            first -= 1
        m = _TITLE_YEAR.search(title)
        report.title = title
        report.title_loc = paras[first].loc
        report.organ = title[: m.start()].strip() or None if m else None
        report.year = int(m.group(1)) if m else None
        return


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


def _recognize_topics(report: Report) -> None:
    """Where section 一 first mentions each of its five topics (headings first, then body text)."""
    paras = report.section_paragraphs("一")
    for topic in template().topics:
        report.topics[topic["name"]] = None
        for p in paras:
            k = key(p.text)
            hit = next((w for w in topic["keywords"] if key(w) in k), None)
            if hit:
                pos = p.text.find(hit)
                report.topics[topic["name"]] = p.span_location(pos, pos + len(hit)) if pos >= 0 else p.loc
                break
