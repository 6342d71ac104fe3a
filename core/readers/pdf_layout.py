"""Body text of a PDF: characters -> words -> physical lines -> paragraphs.

Words are pdfplumber's (``extract_words`` gives what its WordExtractor gives, faster).

PDF lines are wrapped; a paragraph starts at an indented (or centred) line, after a
line that ends well short of the right margin, after a wider gap, at a change of
font size, or at a heading such as "一、总体情况" / "（三）政府信息管理情况。".
"""
from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from ..textnorm import clean
from .pdf_tables import Word, group_lines

_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–_~·\s]*\d{1,3}[-－—–_~·\s]*"          # 1, - 1 -, — 2 —
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第 3 页, 第3页 共5页
    r"|\d{1,4}\s*/\s*\d{1,4})$")                        # 3/5
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[）)])\s*[^\s，。、,.]")
MARGIN_ZONE = 0.12  # top/bottom share of the page where page numbers live


# --- characters -> words -------------------------------------------------------------------

TOLERANCE = 3  # points: pdfplumber's x_tolerance and y_tolerance
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_top, _x0 = itemgetter("top"), itemgetter("x0")
_top_bottom = itemgetter("top", "bottom")


def extract_words(chars: list[dict]) -> list[tuple[dict, list[dict]]]:
    """pdfplumber's ``WordExtractor().iter_extract_tuples(chars)`` with its default settings, the
    same words from the same characters, without its per-character overhead: runs of upright and
    of rotated characters; each run clustered into lines (by top, or by x0 when rotated: values
    within 3 pt of the previous one are one line); each line sorted (by x0, or by top); a word ends
    at a space, at a step back, at a gap over 3 pt or at a jump of over 3 pt across the line."""
    out: list[tuple[dict, list[dict]]] = []
    for upright, run in itertools.groupby(chars, key=itemgetter("upright")):
        run = list(run)
        line_key, sort_key = (_top, _x0) if upright else (_x0, _top_bottom)
        cluster: dict = {}
        idx, last = -1, None
        for v in sorted(set(map(line_key, run))):
            if last is None or v > last + TOLERANCE:
                idx += 1
            cluster[v] = idx
            last = v
        for _, line in itertools.groupby(sorted(run, key=lambda c: cluster[line_key(c)]),
                                         key=lambda c: cluster[line_key(c)]):
            line = sorted(line, key=sort_key)
            for word in _split_words(line, bool(upright)):
                out.append((_merge(word, upright), word))
    return out


def _split_words(line: list[dict], upright: bool):
    """pdfplumber's iter_chars_to_words: the previous character's x0/x1/top (top/bottom/x0 when
    rotated) against the next one's."""
    word: list[dict] = []
    t = TOLERANCE
    a_key, b_key, y_key = ("x0", "x1", "top") if upright else ("top", "bottom", "x0")
    pa = pb = py = 0.0
    for c in line:
        if c["text"].isspace():
            if word:
                yield word
                word = []
            continue
        ca, cy = c[a_key], c[y_key]
        if word and (ca < pa or ca > pb + t or abs(cy - py) > t):
            yield word
            word = []
        word.append(c)
        pa, pb, py = ca, c[b_key], cy
    if word:
        yield word


def _merge(chars: list[dict], upright) -> dict:
    """pdfplumber's merge_chars."""
    first = chars[0]
    if len(chars) == 1:
        x0, top, x1, bottom = first["x0"], first["top"], first["x1"], first["bottom"]
        text = LIGATURES.get(first["text"], first["text"] or "")
    else:
        x0 = min([c["x0"] for c in chars])
        top = min([c["top"] for c in chars])
        x1 = max([c["x1"] for c in chars])
        bottom = max([c["bottom"] for c in chars])
        text = "".join([LIGATURES.get(c["text"], c["text"] or "") for c in chars])
    return {"text": text, "x0": x0, "x1": x1, "top": top, "doctop": top + (first["doctop"] - first["top"]),
            "bottom": bottom, "upright": upright, "height": bottom - top, "width": x1 - x0,
            "direction": "ltr" if upright else "ttb"}


# --- words -> lines -> paragraphs -----------------------------------------------------------

@dataclass
class Line:
    page: int
    words: list[Word]
    number: int = 0  # 1-based body line on its page

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.bottom - w.top for w in self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def raw(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def text(self) -> str:
        return clean(self.raw)


def make_lines(page: int, words: list[Word], page_height: float) -> list[Line]:
    """Body lines of one page, top to bottom, page numbers dropped, numbered from 1."""
    lines = [Line(page, ws) for ws in group_lines(words)]
    lines = [ln for ln in lines if ln.text and not is_furniture(ln, page_height)]
    for i, ln in enumerate(lines, 1):
        ln.number = i
    return lines


def is_furniture(line: Line, page_height: float) -> bool:
    """A page number alone on a line near the top or bottom of the page."""
    in_margin = line.bottom < page_height * MARGIN_ZONE or line.top > page_height * (1 - MARGIN_ZONE)
    return in_margin and bool(_PAGE_NUMBER.match(line.raw.strip()))


@dataclass
class Geometry:
    """Where body lines usually start and end, and how far apart they are."""

    left: float
    right: float
    em: float
    pitch: float


def measure(lines: list[Line]) -> Geometry:
    if not lines:
        return Geometry(0, 0, 10, 0)
    counts = Counter(round(ln.x0) for ln in lines)
    left = float(max(counts, key=lambda v: (counts[v] + counts[v - 1] + counts[v + 1], -v)))
    x1s = sorted(ln.x1 for ln in lines)
    right = x1s[int(0.9 * (len(x1s) - 1))]
    em = statistics.median(ln.size for ln in lines)
    steps = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.top]
    pitch = statistics.median(steps) if steps else 0
    return Geometry(left, right, em, pitch)


def starts_paragraph(prev: Line, line: Line, g: Geometry) -> bool:
    """Does ``line`` begin a new paragraph, given the line before it in the text flow?"""
    if _HEADING.match(line.text):
        return True
    if line.x0 > g.left + 0.8 * g.em:      # indented first line or centred title
        return True
    if prev.x1 < g.right - 1.5 * g.em:     # previous line ended short
        return True
    if abs(line.size - prev.size) > 0.2 * max(prev.size, line.size):
        return True
    if line.page == prev.page and g.pitch and line.top - prev.top > 1.7 * g.pitch:
        return True
    return False


def join_sep(left: str, right: str) -> str:
    """What goes between two wrapped lines: nothing, except between two Latin letters."""
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() \
            and right[0].isalpha():
        return " "
    return ""
