"""The national template as the one source of truth: typed accessors, checked when it is loaded."""
import copy
import re
from pathlib import Path

import pytest

from core.resources import load_json
from core.template import Template, template

ROOT = Path(__file__).resolve().parent.parent


def test_counts_of_the_rule_book():
    tpl = template()
    assert len(tpl.cell_keys("二")) == 10 and len(tpl.cell_keys("三")) == 175 and len(tpl.cell_keys("四")) == 15
    assert tpl.t3_single_row == "（六）其他处理"
    assert tpl.table_title("四") == "政府信息公开行政复议、行政诉讼情况"
    assert tpl.named_cell("t3_new_total") == ("三", "一、本年新收政府信息公开申请数量", "总计")


@pytest.mark.parametrize("break_it,why", [
    (lambda d: d["tables"]["三"]["columns"].pop(), "cells"),
    (lambda d: d["named_cells"].update(bad=["三", "不存在的行", "总计"]), "named cell"),
    (lambda d: d["tables"]["二"].pop("title"), "title"),
    (lambda d: d["sections"].pop(), "sections"),
    (lambda d: d["topics"].pop(), "topics"),
])
def test_a_broken_template_is_refused_at_load(break_it, why):
    raw = copy.deepcopy(load_json("template_2021.json"))
    break_it(raw)
    with pytest.raises(ValueError, match=why):
        Template(raw)


def test_rules_and_recognition_use_the_typed_accessors():
    """No raw[...] lookups into the template outside core/template.py."""
    offenders = []
    for folder in ("core/rules", "core/recognize", "core/export", "gui"):
        for p in (ROOT / folder).glob("*.py"):
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\.raw\[", line):
                    offenders.append(f"{p.relative_to(ROOT)}:{n}")
    assert offenders == []
