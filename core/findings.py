"""Findings and the result of a check: what rules produce and exporters/GUI consume."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from .model import Location
from .report import Report, SECTIONS_WITH_PREFACE

SEVERITIES = ("fail", "warn", "info")
SEVERITY_CN = {"fail": "错误", "warn": "警告", "info": "提示"}
STATUS_CN = {"fail": "不通过", "warn": "需核对", "pass": "通过"}
CATEGORIES = ("structure", "template", "cell", "arithmetic", "blank", "year",
              "crosscheck", "crossyear", "content", "wording", "input")
CATEGORY_CN = {
    "structure": "结构", "template": "表格格式", "cell": "单元格", "arithmetic": "勾稽关系",
    "blank": "漏填", "year": "年份", "crosscheck": "前后矛盾", "crossyear": "上年对比", "content": "内容要素",
    "wording": "文字", "input": "读取",
}


@dataclass(frozen=True)
class CellRef:
    """A canonical cell of a standard table: ("三", "（七）总计", "自然人"); table 四 uses row ""."""

    table: str
    row: str
    col: str

    def describe(self) -> str:
        if self.table == "四":
            group, _, col = self.col.partition("/")
            return f"表四“{group}”“{col}”列" if col else f"表四“{group}”"
        return f"表{self.table}“{self.row}”行“{self.col}”列"


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    section: str                   # 标题/前言, 一 … 六
    message: str
    suggestion: str
    loc: Location | None = None
    excerpt: str = ""
    cells: list[CellRef] = field(default_factory=list)         # cells involved (outlined)
    target_cells: list[CellRef] = field(default_factory=list)  # cells the suggestion names
    where: str = ""                # the place in words when no location says it (e.g. where text belongs)

    def fingerprint(self) -> str:
        """Stable across re-checks of an edited file: rule, section, excerpt and cells, not positions."""
        basis = "|".join([self.rule, self.section, self.excerpt,
                          ";".join(f"{c.table}:{c.row}:{c.col}" for c in self.cells)])
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "section": self.section,
            "message": self.message,
            "suggestion": self.suggestion,
            "location": self.loc.to_dict() if self.loc else None,
            "excerpt": self.excerpt,
            "cells": [c.__dict__ for c in self.cells],
            "target_cells": [c.__dict__ for c in self.target_cells],
            "where": self.where,
            "id": self.fingerprint(),
        }


def worst(statuses) -> str:
    statuses = list(statuses)
    if "fail" in statuses:
        return "fail"
    if "warn" in statuses:
        return "warn"
    return "pass"


@dataclass
class CheckResult:
    report: Report
    findings: list[Finding]
    ignored: set[str] = field(default_factory=set)   # fingerprints the clerk marked 忽略
    modified: set[str] = field(default_factory=set)  # fingerprints the clerk marked 已修改 (exported 已整改)
    previous: Report | None = None                     # last year's report the check compared with
    checked_at: datetime = field(default_factory=datetime.now)

    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.fingerprint() not in self.ignored]

    def section_status(self) -> dict[str, str]:
        out = {s: "pass" for s in SECTIONS_WITH_PREFACE}
        for f in self.active():
            if f.section in out and f.severity in ("fail", "warn"):
                out[f.section] = worst([out[f.section], f.severity])
        return out

    @property
    def status(self) -> str:
        return worst(self.section_status().values())

    def counts(self) -> dict[str, int]:
        c = {s: 0 for s in SEVERITIES}
        for f in self.active():
            c[f.severity] += 1
        return c

    def to_json(self) -> dict:
        d = self.report.to_dump()
        st = self.section_status()
        d["status"] = self.status
        for s in d["sections"]:
            s["status"] = st[s["number"]]
        d["preface_status"] = st[SECTIONS_WITH_PREFACE[0]]
        d["counts"] = self.counts()
        d["findings"] = [f.to_dict() for f in self.active()]
        if self.previous is not None:
            p = self.previous
            d["previous"] = {"file": p.document.path, "organ": p.organ, "year": p.year, "title": p.title}
        return d
