"""The answer key of the real-report corpus and how findings are scored against it.

Used by tests/test_corpus.py (the gate) and bench/accuracy.py (the figures).

- ``tests/fixtures/corpus/key.json``: per report the real defects ``[category, section, minimum
  severity, what]`` (section ``*`` = any) and look-alikes that are not defects (prose only).
- ``tests/fixtures/seeds/key.json``: the same for the five seed reports and the real PDF.
- ``tests/fixtures/corpus/allow.json``: reviewed 警告/提示 outside the key that are true minor
  findings (a real typo, …): ``{report: [{"rule", "excerpt", "reason"}]}``.  An unreviewed 警告
  outside the key fails the corpus test; a 错误 outside the key always does.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus"
SEEDS = HERE / "fixtures" / "seeds"
REAL = HERE / "fixtures" / "real"
RANK = {"info": 0, "warn": 1, "fail": 2}
FORMATS = ("txt", "md", "docx", "pdf")


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def corpus_key() -> dict:
    return load_json(CORPUS / "key.json")


def seeds_key() -> dict:
    return load_json(SEEDS / "key.json")


def allow_list() -> dict:
    return load_json(CORPUS / "allow.json")


def to_markdown(text: str) -> str:
    """A TAB-table text as the markdown a clerk might paste: pipe tables, '#' headings."""
    out, in_table = [], False
    for line in text.split("\n"):
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
            in_table = True
            continue
        if in_table:
            out.append("")
        in_table = False
        if re.match(r"^[一二三四五六七]、", line.strip()):
            out.append("## " + line.strip())
        else:
            out.append(line)
    return "\n".join(out)


def documents(name: str, folder: Path, formats=FORMATS):
    """(format, Document) of one report in each format that exists (md made from the txt)."""
    from core.readers import read_document
    from core.readers.text import parse_text
    stem = Path(name).stem
    for fmt in formats:
        if fmt == "md":
            src = folder / f"{stem}.txt"
            if src.exists():
                yield fmt, parse_text(to_markdown(src.read_text(encoding="utf-8")), f"{stem}.md", "md")
            continue
        path = folder / f"{stem}.{fmt}"
        if path.exists():
            yield fmt, read_document(path)


@dataclass
class Score:
    found: list = field(default_factory=list)      # (defect, finding)
    missed: list = field(default_factory=list)     # defect
    false_fail: list = field(default_factory=list)
    unexplained_warn: list = field(default_factory=list)
    allowed: list = field(default_factory=list)
    true_findings: list = field(default_factory=list)


def _matches(defect, f) -> bool:
    cat, sec, sev = defect[:3]
    return f.category == cat and (sec == "*" or f.section == sec) and RANK[f.severity] >= RANK[sev]


def _explains(defect, f) -> bool:
    """A finding of the same category and section as a keyed defect, whatever its severity."""
    cat, sec = defect[:2]
    return f.category == cat and (sec == "*" or f.section == sec)


def _allowed(f, allow: list[dict]) -> bool:
    return any(a["rule"] == f.rule and a["excerpt"] in (f.excerpt + f.message) for a in allow)


def score(findings, entry: dict, allow: list[dict] | None = None) -> Score:
    allow = allow or []
    defects = entry.get("defects", [])
    s = Score()
    for d in defects:
        hit = next((f for f in findings if _matches(d, f)), None)
        (s.found.append((d, hit)) if hit else s.missed.append(d))
    for f in findings:
        if f.category == "input" or f.severity == "info":
            continue
        if any(_explains(d, f) for d in defects):
            s.true_findings.append(f)
        elif f.severity == "fail":
            s.false_fail.append(f)
        elif _allowed(f, allow):
            s.allowed.append(f)
        else:
            s.unexplained_warn.append(f)
    return s
