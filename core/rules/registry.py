"""The rule registry: every check is a small function registered with ``@rule``.

    @rule(id="BLK001", category="blank", severity="fail", title="正文数字漏填",
          doc=\"\"\"What it checks, why, an example.\"\"\")
    def check(report, ctx):
        yield ctx.finding(...)

IDs are stable and prefixed by category (STR, TPL, CEL, ARI, BLK, YR, XCK, YOY, CNT,
WRD, INP) + 3 digits.  ``ctx`` (a ``RuleContext``) makes findings with the
rule's id, category and severity filled in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..findings import CATEGORIES, SEVERITIES, CellRef, Finding
from ..model import Location, Paragraph
from ..report import CellValue, Report
from .common import cell_label, section_of_table

PREFIX = {
    "structure": "STR", "template": "TPL", "cell": "CEL", "arithmetic": "ARI", "blank": "BLK",
    "year": "YR", "crosscheck": "XCK", "crossyear": "YOY", "content": "CNT", "wording": "WRD", "input": "INP",
}

EXCERPT_MAX = 60


@dataclass(frozen=True)
class RuleSpec:
    id: str
    category: str
    severity: str
    title: str
    doc: str
    func: Callable

    def to_dict(self) -> dict:
        return {"id": self.id, "category": self.category, "severity": self.severity,
                "title": self.title, "doc": self.doc.strip()}


_RULES: dict[str, RuleSpec] = {}


def rule(*, id: str, category: str, severity: str, title: str, doc: str):
    """Register ``func(report, ctx) -> Iterable[Finding]`` as a rule."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    if not (id.startswith(PREFIX[category]) and id[len(PREFIX[category]):].isdigit()
            and len(id) == len(PREFIX[category]) + 3):
        raise ValueError(f"rule id {id!r} must be {PREFIX[category]} + 3 digits")

    def deco(func):
        if id in _RULES and _RULES[id].func is not func:
            raise ValueError(f"duplicate rule id {id}")
        _RULES[id] = RuleSpec(id, category, severity, title, doc, func)
        return func
    return deco


def load_all() -> None:
    """Import every category module so their rules register."""
    from . import (structure, template, cell, arithmetic, blank, year,  # noqa: F401
                   crosscheck, crossyear, content, wording, input)


def all_rules() -> list[RuleSpec]:
    load_all()
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(_RULES.values(), key=lambda r: (order[r.category], r.id))


def get_rule(rule_id: str) -> RuleSpec:
    load_all()
    return _RULES[rule_id]


# ---------------------------------------------------------------- finding helpers

def excerpt_of(text: str, start: int, end: int, limit: int = EXCERPT_MAX) -> str:
    """At most ``limit`` characters of ``text`` around text[start:end]."""
    if len(text) <= limit:
        return text
    span = max(0, end - start)
    if span >= limit:
        return text[start:start + limit - 1] + "…"
    room = limit - span - 2
    a = max(0, start - room // 2)
    b = min(len(text), a + limit - 2)
    a = max(0, b - (limit - 2))
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")


def cell_excerpt(label: str, cv: CellValue) -> str:
    shown = cv.text if cv.text else ("（空白）" if cv.status in ("blank", "missing") else str(cv.value))
    return f"{label}：{shown}"[:EXCERPT_MAX]


class RuleContext:
    """What a rule gets besides the report: finding makers with its id filled in."""

    def __init__(self, spec: RuleSpec, report: Report, previous: Report | None = None):
        self.spec = spec
        self.report = report
        self.previous = previous   # last year's report, when the clerk gave one (crossyear rules)

    def finding(self, section: str, message: str, suggestion: str, loc: Location | None = None,
                excerpt: str = "", cells: Iterable[CellRef] = (), target_cells: Iterable[CellRef] = (),
                severity: str | None = None, where: str = "") -> Finding:
        return Finding(rule=self.spec.id, category=self.spec.category,
                       severity=severity or self.spec.severity, section=section, message=message,
                       suggestion=suggestion, loc=loc, excerpt=excerpt[:EXCERPT_MAX + 2],
                       cells=list(cells), target_cells=list(target_cells), where=where)

    def text_finding(self, para: Paragraph, start: int, end: int, message: str, suggestion: str,
                     **kw) -> Finding:
        """A finding on the span text[start:end] of a paragraph."""
        return self.finding(self.report.section_of_block(para.index), message, suggestion,
                            loc=para.span_location(start, end),
                            excerpt=excerpt_of(para.text, start, end), **kw)

    def cell_finding(self, ref: CellRef, message: str, suggestion: str, **kw) -> Finding:
        """A finding on one canonical cell of a standard table."""
        cv = self.report.tables[ref.table].get(ref.row, ref.col)
        kw.setdefault("cells", [ref])
        return self.finding(section_of_table(self.report, ref.table), message, suggestion,
                            loc=cv.loc or self.report.tables[ref.table].loc,
                            excerpt=cell_excerpt(cell_label(ref), cv), **kw)

    def doc_finding(self, section: str, message: str, suggestion: str, **kw) -> Finding:
        """A finding about the document as a whole (or a section that is absent)."""
        return self.finding(section, message, suggestion, **kw)



# ---------------------------------------------------------------- exclusion lists

_EXCLUSIONS: dict[tuple[str, str], tuple[str, ...]] = {}


def exclusions(rule_id: str, name: str, words) -> "Exclusions":
    """Register a list of words a rule must not flag (nouns that look like counts, safe phrases …).

    Rules read the list through the returned object at call time, so the rule-case test can take
    each word out in turn and see which valid case needs it (tests/rule_cases/README.md)."""
    _EXCLUSIONS[(rule_id, name)] = tuple(words)
    return Exclusions(rule_id, name)


@dataclass(frozen=True)
class Exclusions:
    rule_id: str
    name: str

    @property
    def words(self) -> tuple[str, ...]:
        return _EXCLUSIONS[(self.rule_id, self.name)]

    def __iter__(self):
        return iter(self.words)

    def __contains__(self, w) -> bool:
        return w in self.words


def all_exclusions() -> dict[tuple[str, str], tuple[str, ...]]:
    load_all()
    return dict(_EXCLUSIONS)


def set_exclusions(rule_id: str, name: str, words) -> None:
    """Replace a registered list (tests only)."""
    if (rule_id, name) not in _EXCLUSIONS:
        raise KeyError((rule_id, name))
    _EXCLUSIONS[(rule_id, name)] = tuple(words)
