"""Helpers for the rule tests: make small defective variants of the real seed reports
and run the real pipeline on them.  (Imported by the other test_rules_* files.)"""
from __future__ import annotations

import re
from pathlib import Path

from core.check import check_document
from core.readers.text import parse_text
from core.textnorm import parse_number

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed(n: int) -> str:
    return (SEEDS / f"{n:03d}.txt").read_text(encoding="utf-8")


def check(text: str):
    return check_document(parse_text(text))


def hits(text: str, rule: str) -> list:
    return [f for f in check(text).findings if f.rule == rule]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, f"{old!r} not in text"
    return text.replace(old, new, 1)


def _split(line: str) -> tuple[list[str], str]:
    sep = "\t" if "\t" in line else "|"
    return line.split(sep), sep


def set_row(text: str, label: str, values: list) -> str:
    """Replace the number cells of the first table line containing ``label``, in order
    (None keeps a value; "" blanks it)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if label in line and ("\t" in line or "|" in line):
            cells, sep = _split(line)
            nums = [j for j, c in enumerate(cells) if parse_number(c)[1] == "ok"]
            assert len(nums) >= len(values), (line, values)
            for j, v in zip(nums, values):
                if v is not None:
                    cells[j] = f" {v} " if sep == "|" else str(v)
            lines[i] = sep.join(cells)
            return "\n".join(lines)
    raise AssertionError(f"no table line with {label!r}")


def set_t4(text: str, values: dict[int, object]) -> str:
    """Set cells of the single data row of table 四 (15 numbers) by 0-based position."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        cells, sep = _split(line)
        nums = [j for j, c in enumerate(cells) if parse_number(c)[1] == "ok"]
        if len(nums) == 15 and all(not c.strip() or parse_number(c)[1] == "ok" for c in cells):
            for pos, v in values.items():
                cells[nums[pos]] = f" {v} " if sep == "|" else str(v)
            lines[i] = sep.join(cells)
            return "\n".join(lines)
    raise AssertionError("no table 四 data row")


def drop_lines(text: str, pattern: str) -> str:
    return "\n".join(l for l in text.split("\n") if not re.search(pattern, l))


# ---- sanity of the helpers and of the clean baselines the rule tests start from

def test_clean_seed_002_has_no_findings():
    assert check(seed(2)).findings == []


def test_set_row_changes_the_cell_the_recogniser_reads():
    t = set_row(seed(2), "一、本年新收政府信息公开申请数量", [5])
    assert check(t).report.tables["三"].value("一、本年新收政府信息公开申请数量", "自然人") == 5


def test_set_t4_changes_table_four():
    t = set_t4(seed(3), {0: 7})
    assert check(t).report.tables["四"].value("", "行政复议/结果维持") == 7
