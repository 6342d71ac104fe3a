"""The registry, run_rules (crash handling, order), input rules and docs/rules.md."""
import re
import subprocess
import sys
from pathlib import Path

from core.findings import CATEGORIES, SEVERITIES
from core.report import SECTIONS_WITH_PREFACE
from core.rules import registry, run_rules
from core.rules.registry import RuleSpec, all_rules
from tests.test_rules_variants import check, seed

ROOT = Path(__file__).resolve().parent.parent


def test_rule_ids_are_stable_prefixed_and_unique():
    rules = all_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert re.fullmatch(registry.PREFIX[r.category] + r"\d{3}", r.id)
        assert r.severity in SEVERITIES and r.title and r.doc.strip()
        assert r.to_dict()["id"] == r.id
    assert {r.category for r in rules} == set(CATEGORIES)


def test_wording_and_input_rules_never_fail():
    for r in all_rules():
        if r.category in ("wording", "input"):
            assert r.severity in ("warn", "info"), r.id


def test_a_crashing_rule_becomes_an_input_info_and_the_rest_still_runs(monkeypatch):
    def boom(report, ctx):
        raise RuntimeError("boom")
    monkeypatch.setitem(registry._RULES, "WRD999", RuleSpec("WRD999", "wording", "warn", "测试", "测试", boom))
    findings = check(seed(0)).findings
    crash = [f for f in findings if f.rule == "INP003"]
    assert len(crash) == 1 and crash[0].category == "input" and crash[0].severity == "info"
    assert "检查规则 WRD999" in crash[0].message
    assert any(f.rule == "BLK001" for f in findings)


def test_findings_sorted_by_section_then_position():
    t = seed(0).replace("宣传想结合", "宣传想结合的的")  # a second finding in 一, after BLK001
    t = t.replace("未收取信息处理费。", "未收取信息处理费，，")  # one in 六
    fs = check(t).findings
    order = [SECTIONS_WITH_PREFACE.index(f.section) for f in fs]
    assert order == sorted(order)
    lines = [f.loc.line for f in fs if f.section == "一"]
    assert lines == sorted(lines) and len(lines) >= 3


def test_every_finding_has_section_message_suggestion_and_place():
    for n in range(5):
        for f in check(seed(n)).findings:
            assert f.section in SECTIONS_WITH_PREFACE and f.message and f.suggestion
            assert f.loc is not None and len(f.excerpt) <= 62


def test_not_a_report_gives_one_input_finding_only():
    text = "关于召开全县安全生产工作会议的通知\n\n各乡镇、各部门：\n\n定于下周一召开全县安全生产工作会议，请准时参加。\n"
    r = check(text)
    assert [(f.rule, f.category) for f in r.findings] == [("INP002", "input")]
    assert "不是政府信息公开工作年度报告" in r.findings[0].message
    assert all(f.rule != "INP002" for f in check(seed(2)).findings)


def test_reading_problems_become_input_warnings():
    r = check(seed(4))
    inp = [f for f in r.findings if f.rule == "INP001"]
    assert len(inp) == len(r.report.reading_problems) >= 1
    assert all(f.severity == "warn" and f.section == "三" for f in inp)
    # a cleanly read report has no reading problem, and no rule crashes on it
    clean = check(seed(2)).findings
    assert not any(f.rule in ("INP001", "INP003") for f in clean)


def test_run_rules_on_report_directly():
    r = check(seed(0)).report
    assert [f.rule for f in run_rules(r)] == [f.rule for f in check(seed(0)).findings]


def test_docs_rules_md_is_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_rules_doc.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"## {r.id}" in text for r in all_rules())


def test_cli_lists_rules():
    proc = subprocess.run([sys.executable, "-m", "core.cli", "rules"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "ARI001" in proc.stdout and "勾稽关系" in proc.stdout
