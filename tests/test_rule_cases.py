"""Runs tests/rule_cases/<RULE>.json: for each rule, small valid and invalid cases in real wordings
(see tests/rule_cases/README.md for the format)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.check import check_document
from core.readers.text import parse_text
from core.recognize.sections import match_heading
from core.rules.registry import all_exclusions, all_rules, set_exclusions
from core.template import PREFACE
from tests.test_rules_variants import drop_lines, replace_once, set_row, set_t4

HERE = Path(__file__).parent
CASES = HERE / "rule_cases"
FIX = HERE / "fixtures"

# rules that no text draft can trigger, with the reason (they have their own tests)
NO_CASES = {
    "INP003": "made by run_rules when another rule raises (tests/test_rules_registry.py)",
}


def _base(spec: str, case: dict) -> str:
    if spec == "text":
        return case["text"]
    kind, _, name = spec.partition(":")
    folder = {"seed": FIX / "seeds", "corpus": FIX / "corpus", "case": CASES / "_bases"}[kind]
    return (folder / f"{name}.txt").read_text(encoding="utf-8")


def _add(text: str, section: str, para: str) -> str:
    lines = text.split("\n")
    target = "一" if section == PREFACE else section
    for i, line in enumerate(lines):
        if "\t" in line or "|" in line:
            continue
        m = match_heading(line)
        if m and m[0] == target:
            at = i if section == PREFACE else i + 1
            lines[at:at] = ["", para, ""] if section != PREFACE else [para, ""]
            return "\n".join(lines)
    raise AssertionError(f"no heading of section {section} in the base text")


def apply_edits(text: str, edits: list[dict]) -> str:
    for e in edits:
        if "replace" in e:
            text = replace_once(text, e["replace"], e["with"])
        elif "add" in e:
            text = _add(text, e["add"], e["text"])
        elif "set_row" in e:
            text = set_row(text, e["set_row"], e["values"])
        elif "set_t4" in e:
            text = set_t4(text, {int(k): v for k, v in e["set_t4"].items()})
        elif "drop_lines" in e:
            text = drop_lines(text, e["drop_lines"])
        else:
            raise AssertionError(f"unknown edit {e}")
    return text


def case_text(spec: dict, case: dict) -> str:
    return apply_edits(_base(case.get("base", spec.get("base", "seed:002")), case), case.get("edits", []))


def previous_text(spec: dict, case: dict) -> str | None:
    """Last year's report for a crossyear case: ``previous`` (a base) and ``previous_edits``."""
    base = case.get("previous", spec.get("previous"))
    if base is None:
        return None
    edits = spec.get("previous_edits", []) + case.get("previous_edits", [])
    return apply_edits(_base(base, case), edits)


def findings_of(rule_id: str, text: str, previous: str | None = None):
    prev = parse_text(previous) if previous is not None else None
    return [f for f in check_document(parse_text(text), prev).findings if f.rule == rule_id]


def _load() -> dict[str, dict]:
    out = {}
    for p in sorted(CASES.glob("*.json")):
        spec = json.loads(p.read_text(encoding="utf-8"))
        assert spec["rule"] == p.stem, f"{p.name} names rule {spec['rule']}"
        out[p.stem] = spec
    return out


SPECS = _load()
PARAMS = [pytest.param(rid, kind, i, id=f"{rid}-{kind}-{c.get('name', i)}")
          for rid, spec in SPECS.items() for kind in ("valid", "invalid")
          for i, c in enumerate(spec.get(kind, []))]


@pytest.mark.parametrize("rule_id,kind,i", PARAMS)
def test_case(rule_id, kind, i):
    spec = SPECS[rule_id]
    case = spec[kind][i]
    got = findings_of(rule_id, case_text(spec, case), previous_text(spec, case))
    if kind == "valid":
        assert got == [], [f.message for f in got]
        return
    assert got, f"{rule_id} found nothing"
    if "count" in case:
        assert len(got) == case["count"], [f.message for f in got]
    exp = case.get("expect", {})
    f = got[0]
    if "section" in exp:
        assert f.section == exp["section"], f.section
    if "severity" in exp:
        assert f.severity == exp["severity"], f.severity
    for field in ("message", "suggestion", "excerpt"):
        if field in exp:
            assert exp[field] in getattr(f, field), (field, getattr(f, field))


def test_every_rule_has_valid_and_invalid_cases():
    for r in all_rules():
        if r.id in NO_CASES:
            continue
        spec = SPECS.get(r.id)
        assert spec is not None, f"{r.id} has no tests/rule_cases/{r.id}.json"
        assert spec.get("valid") and spec.get("invalid"), f"{r.id}: needs valid and invalid cases"


def _needing(rule_id: str, word: str):
    spec = SPECS.get(rule_id, {})
    return [c for c in spec.get("valid", []) if word in c.get("needs", [])]


EXCL = [pytest.param(rid, name, w, id=f"{rid}-{name}-{w}")
        for (rid, name), words in sorted(all_exclusions().items()) for w in words]


@pytest.mark.parametrize("rule_id,name,word", EXCL)
def test_every_excluded_word_is_needed(rule_id, name, word):
    """Each word of an exclusion list has a valid case that fails without it."""
    cases = _needing(rule_id, word)
    assert cases, f"no valid case of {rule_id} says it needs {word!r} (list {name})"
    words = all_exclusions()[(rule_id, name)]
    set_exclusions(rule_id, name, [w for w in words if w != word])
    try:
        assert any(findings_of(rule_id, case_text(SPECS[rule_id], c), previous_text(SPECS[rule_id], c))
                   for c in cases), \
            f"{word!r} can be taken out of {rule_id}/{name}: no case needs it"
    finally:
        set_exclusions(rule_id, name, words)


def test_case_files_are_well_formed():
    allowed_case = {"name", "edits", "expect", "needs", "why", "base", "text", "count", "previous", "previous_edits"}
    for rid, spec in SPECS.items():
        assert set(spec) <= {"rule", "base", "valid", "invalid", "comment", "previous", "previous_edits"}, rid
        for kind in ("valid", "invalid"):
            for c in spec.get(kind, []):
                assert set(c) <= allowed_case, (rid, c)
                assert re.match(r"^\S", c.get("name", "x")), (rid, c)
