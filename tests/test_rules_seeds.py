"""The findings the issue requires on the real seeds (every format) and the real PDF."""
from pathlib import Path

import pytest

from core.check import check_file
from core.findings import CellRef

FIX = Path(__file__).parent / "fixtures"
FORMATS = ("txt", "docx", "pdf")
_cache: dict = {}


def result(n: int, fmt: str):
    path = FIX / "seeds" / f"{n:03d}.{fmt}"
    if not path.exists():
        pytest.skip(f"{path.name} not generated yet")
    if path not in _cache:
        _cache[path] = check_file(path)
    return _cache[path]


def rules_of(res, rule):
    return [f for f in res.findings if f.rule == rule]


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_000_blank_count_and_wording(fmt):
    res = result(0, fmt)
    blank = [f for f in res.findings if f.category == "blank"]
    assert len(blank) == 1 and blank[0].severity == "fail" and blank[0].section == "一"
    assert "应填 51" in blank[0].suggestion
    wording = [f for f in res.findings if f.category == "wording"]
    assert len(wording) == 1 and wording[0].severity == "warn" and "想结合" in wording[0].excerpt
    assert res.status == "fail" and res.section_status()["一"] == "fail"


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_001_label_and_missing_opening(fmt):
    res = result(1, fmt)
    tpl = [f for f in res.findings if f.category == "template"]
    assert len(tpl) == 1 and tpl[0].excerpt == "本年度止件数" and "本年废止件数" in tpl[0].suggestion
    structure = {f.rule for f in res.findings if f.category == "structure"}
    assert structure == {"STR005", "STR006"}
    assert not [f for f in res.findings if f.severity == "fail"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("n", (2, 3))
def test_seeds_002_003_have_no_fail(n, fmt):
    res = result(n, fmt)
    assert [f for f in res.findings if f.severity == "fail"] == []
    assert res.status != "fail"


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_004_garbled_table_is_an_input_problem(fmt):
    res = result(4, fmt)
    assert rules_of(res, "INP001")
    assert all(f.category == "input" for f in res.findings if f.section == "三")
    assert not [f for f in res.findings if f.category in ("arithmetic", "cell") or f.severity == "fail"]


@pytest.mark.parametrize("n", range(5))
def test_same_findings_from_every_format(n):
    base = [(f.rule, f.section, f.severity) for f in result(n, "txt").findings]
    for fmt in ("docx", "pdf"):
        if (FIX / "seeds" / f"{n:03d}.{fmt}").exists():
            assert [(f.rule, f.section, f.severity) for f in result(n, fmt).findings] == base, fmt


@pytest.fixture(scope="module")
def hongze():
    path = FIX / "real" / "hongze-2023.pdf"
    return check_file(path)


def test_real_pdf_table_four_totals(hongze):
    ari = [f for f in hongze.findings if f.rule == "ARI001"]
    assert {tuple(f.target_cells) for f in ari} == {
        (CellRef("四", "", "行政复议/总计"),), (CellRef("四", "", "复议后起诉/总计"),)}
    assert all(f.severity == "fail" and f.section == "四" and f.loc.page for f in ari)
    msgs = " ".join(f.message for f in ari)
    assert "= 11，但总计填的是 0，相差 11" in msgs and "= 5，但总计填的是 0，相差 5" in msgs


def test_real_pdf_nonstandard_label_and_old_six_row(hongze):
    labels = [f for f in hongze.findings if f.rule == "TPL003"]
    assert any(f.excerpt == "2.其他法律行政止公开" and "2.其他法律行政法规禁止公开" in f.suggestion for f in labels)
    old = [f for f in hongze.findings if f.rule == "TPL005"]
    assert len(old) == 1 and old[0].section == "三"
