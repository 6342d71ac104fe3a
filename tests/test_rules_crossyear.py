"""crossyear (上年对比) rules on pairs made from real reports.

- a clean pair: the real 2024 report of 平潭综合实验区行政审批局 (corpus 15) against the same office's real
  2021 report (corpus 03) dated as 2023, with last year's 结转下年度 and 现行有效 set so that this year's
  numbers follow from them — two texts written by the office three years apart;
- defective pairs: the same, with the carried-over counts changed, a paragraph of this year's text put
  into last year's (copied), last year's figures left in a sentence, a different organ, a gap year;
- a report made into "next year's" by a script (years moved on, nothing rewritten): copied everywhere.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.check import check_document
from core.readers.text import parse_text
from tests.test_rules_variants import replace_once, set_row

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
THIS = (CORPUS / "15_pingtan-xingzhengshenpiju_2024.txt").read_text(encoding="utf-8")
LAST_RAW = (CORPUS / "03_pingtan-xingzhengshenpiju_2021.txt").read_text(encoding="utf-8")
CARRIED_OUT = "四、结转下年度继续办理"
CARRIED_IN = "二、上年结转政府信息公开申请数量"


def last_year(text: str = LAST_RAW) -> str:
    """Report 03 dated 2023, with 现行有效 行政规范性文件 = 21 − 15 + 6 = 12 so that it continues into 2024."""
    t = text.replace("2021", "2023")
    return set_row(t, "行政规范性文件", [None, None, 12])


def crossyear(this: str, last: str):
    res = check_document(parse_text(this), parse_text(last))
    return [f for f in res.findings if f.category == "crossyear"], res


def rules(findings) -> list[str]:
    return sorted(f.rule for f in findings)


def test_clean_pair_gives_no_crossyear_finding():
    found, res = crossyear(THIS, last_year())
    assert found == [], [f.message for f in found]
    assert res.previous is not None and res.previous.year == 2023
    assert res.to_json()["previous"]["year"] == 2023


def test_without_last_year_no_crossyear_rule_runs():
    res = check_document(parse_text(THIS))
    assert not [f for f in res.findings if f.category == "crossyear"]


def test_carried_over_differs_per_column():
    last = set_row(last_year(), CARRIED_OUT, [2, None, None, None, None, None, 2])
    found, _ = crossyear(THIS, last)
    assert rules(found) == ["YOY002"]
    f = found[0]
    assert f.severity == "fail" and f.section == "三"
    assert "“自然人”列本年 0、上年 2" in f.message and "“总计”列本年 0、上年 2" in f.message
    assert "2024年" in f.message and "2023年" in f.message
    assert {c.col for c in f.cells} == {"自然人", "总计"}


def test_valid_documents_do_not_follow():
    found, _ = crossyear(THIS, set_row(last_year(), "行政规范性文件", [None, None, 20]))
    assert rules(found) == ["YOY003"]
    assert "现行有效 20 件" in found[0].message and "应为 29 件" in found[0].message and found[0].severity == "warn"


def _a_paragraph_of(text: str, section_heading: str) -> str:
    lines = text.split("\n")
    i = next(k for k, l in enumerate(lines) if l.startswith(section_heading))
    return next(l for l in lines[i + 1:] if len(l) > 60 and "\t" not in l)


def test_paragraph_kept_from_last_year():
    kept = _a_paragraph_of(THIS, "五、")
    last = last_year().replace("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况\n" + kept, 1)
    found, _ = crossyear(THIS, last)
    assert rules(found) == ["YOY004"]
    f = found[0]
    assert f.section == "五" and "相同" in f.message and "本年：" in f.message and "上年：" in f.message


def test_paragraph_rewritten_is_not_copied():
    kept = _a_paragraph_of(THIS, "五、")
    rewritten = kept[: len(kept) // 3] + "（本年度已对上述问题逐项整改，整改情况另行报告，下一步将持续跟踪。）"
    last = last_year().replace("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况\n" + rewritten, 1)
    found, _ = crossyear(THIS, last)
    assert found == []


def test_last_years_year_and_figures_left_in():
    sentence = "2023年共收到政府信息公开申请12件。"
    this = replace_once(THIS, "（一）主动公开情况", "（一）主动公开情况\n" + sentence)
    last = replace_once(last_year(), "一、总体情况", "一、总体情况\n" + sentence)
    found, _ = crossyear(this, last)
    assert "YOY006" in rules(found)
    f = next(f for f in found if f.rule == "YOY006")
    assert "2023年" in f.message and f.section == "一"


def test_identical_tables_are_a_hint():
    this_t2 = check_document(parse_text(THIS)).report.tables["二"].as_nested()
    last = last_year()
    for row, cols in this_t2.items():
        last = set_row(last, row, list(cols.values()))
    found, res = crossyear(THIS, last)
    assert res.previous.tables["二"].as_nested() == this_t2
    same = [f for f in found if f.rule == "YOY005"]
    assert len(same) == 1 and same[0].severity == "info" and "表二" in same[0].message
    # 现行有效 then does not follow (21 ≠ 21 + 15 − 6): YOY003 says so too
    assert "YOY003" in rules(found)


def test_all_zero_tables_alike_are_normal():
    found, _ = crossyear(THIS, last_year())
    assert not [f for f in found if f.rule == "YOY005"]


@pytest.mark.parametrize("change,why", [
    (lambda t: t.replace("行政审批局", "自然资源与生态环境局"), "不是同一机关"),
    (lambda t: t.replace("2023", "2022"), "不是本报告"),
])
def test_not_last_years_report_of_this_organ(change, why):
    found, _ = crossyear(THIS, change(last_year()))
    assert rules(found) == ["YOY001"], [f.message for f in found]
    assert why in found[0].message and found[0].severity == "info"


def test_report_moved_on_a_year_by_script_is_copied():
    """Next year's report made from last year's by changing only the years: copied paragraphs found."""
    last = last_year()
    this = last.replace("2023", "2024")
    found, _ = crossyear(this, last)
    assert "YOY004" in rules(found)
    assert {f.section for f in found if f.rule == "YOY004"} >= {"一", "五"}
