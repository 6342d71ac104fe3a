"""The rule catalogue: ``run_rules(report)`` runs every registered rule.

One module per category (structure.py, template.py, cell.py, arithmetic.py,
blank.py, year.py, crosscheck.py, crossyear.py, content.py, wording.py, input.py); the
registry is in registry.py.  A rule that raises does not stop the check: it
becomes an ``input`` finding and is logged.
"""
from __future__ import annotations

import logging

from ..findings import Finding
from ..report import Report
from ..template import PREFACE
from .common import SECTION_ORDER
from .registry import RuleContext, all_rules, get_rule

log = logging.getLogger(__name__)

NOT_REPORT_RULE = "INP002"
CRASH_RULE = "INP003"


def _position(f: Finding) -> tuple:
    loc = f.loc
    if loc is None:
        return (SECTION_ORDER.get(f.section, 9), 1, 0, 0, 0, 0, 0, 0)
    n = lambda v: -1 if v is None else v  # noqa: E731
    return (SECTION_ORDER.get(f.section, 9), 0, n(loc.page), n(loc.paragraph), n(loc.line),
            n(loc.row), n(loc.col), n(loc.start))


def is_not_report(report: Report) -> bool:
    return (not report.is_report) or (report.template == "unknown"
                                      and not any(s.found for s in report.sections))


def _run_one(spec, report: Report, previous: Report | None = None) -> list[Finding]:
    ctx = RuleContext(spec, report, previous)
    try:
        return list(spec.func(report, ctx) or [])
    except Exception as e:  # a broken rule must not kill the check
        log.exception("rule %s failed", spec.id)
        crash = get_rule(CRASH_RULE)
        return [RuleContext(crash, report).finding(
            PREFACE, f"检查规则 {spec.id}（{spec.title}）出错，这一项没有检查完：{type(e).__name__}",
            "这是检查工具的问题，不是报告的问题；请人工核对这一项，并把文件反馈给工具维护人员。")]


def run_rules(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every rule on ``report``; the crossyear rules only when last year's report ``previous`` is given."""
    rules = all_rules()
    if is_not_report(report):
        return _run_one(get_rule(NOT_REPORT_RULE), report)
    findings: list[Finding] = []
    for spec in rules:
        if spec.id in (NOT_REPORT_RULE, CRASH_RULE):
            continue
        if spec.category == "crossyear" and previous is None:
            continue
        findings.extend(_run_one(spec, report, previous))
    findings.sort(key=_position)
    return findings
