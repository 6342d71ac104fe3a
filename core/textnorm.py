"""Text normalisation shared by readers and recognisers.

Two different needs:
- ``clean`` turns what a reader found into what a person reads: line breaks
  inside a cell joined, the spaces PDF writers put between Chinese characters
  removed ("三 、本 年 度办 理 结果" -> "三、本年度办理结果").
- ``key`` turns a label into a comparison key: full/half width folded,
  all white space and quotes dropped, so "（二）部分公开(区分处理的, …)" and
  "(二) 部分公开（区分处理的，…）" compare equal.
"""
from __future__ import annotations

import re
import unicodedata

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
# a run of white space with a CJK character (or CJK punctuation) on at least one side
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK}])")
_BR = re.compile(r"<br\s*/?>", re.I)
_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": "", "”": "", "\"": "", "‘": "", "’": "", "'": "", "「": "", "」": ""})

CN_DIGITS = "一二三四五六七八九十"


def is_cjk(ch: str) -> bool:
    return bool(re.match(rf"[{_CJK}]", ch))


def despace_cjk(s: str) -> str:
    """Remove white space touching a Chinese character or Chinese punctuation."""
    return _SPACE_NEAR_CJK.sub("", s)


def clean(s: str | None) -> str:
    """Text of a cell or line as a person reads it."""
    if not s:
        return ""
    s = _BR.sub("\n", s)
    s = s.replace("\r", "\n")
    # a line break inside a cell is layout, not content
    s = "".join(part.strip() for part in s.split("\n")) if "\n" in s else s.strip()
    s = despace_cjk(s)
    return _WS.sub(" ", s).strip()


def key(s: str | None) -> str:
    """Comparison key: NFKC (full -> half width), no white space, no quotes, no markdown emphasis."""
    if not s:
        return ""
    s = _BR.sub("", s)
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("*", "").replace("#", "").replace("．", ".")
    s = s.translate(_QUOTES)
    return _WS.sub("", s)


_NUM = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_number(s: str | None) -> tuple[int | float | None, str]:
    """Parse a table cell.  Returns (value, status) where status is one of
    ``ok``, ``blank`` (empty or a dash), ``text`` (not a number)."""
    t = key(s or "")
    if t in ("", "-", "—", "——", "–", "/", "\\"):
        return None, "blank"
    t = t.replace("，", ",")
    if _NUM.match(t):
        t2 = t.replace(",", "")
        return (float(t2) if "." in t2 else int(t2)), "ok"
    return None, "text"


def looks_numeric(s: str | None) -> bool:
    return parse_number(s)[1] == "ok"
