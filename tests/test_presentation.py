"""core/presentation.py: one description of a finding's place for the GUI, the CLI and the Excel list."""
from pathlib import Path

import pytest

from core.check import check_file
from core.presentation import place, section_label, sort_key

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def results():
    return {p.name: check_file(p) for p in [FIX / "corpus" / "13_pingtan-nongyenongcunju_2023.docx",
                                            FIX / "corpus" / "13_pingtan-nongyenongcunju_2023.pdf",
                                            FIX / "corpus" / "13_pingtan-nongyenongcunju_2023.txt",
                                            FIX / "corpus" / "01_pingtan-caizhengjinrongju_2021.docx"]}


def test_section_labels():
    assert section_label("二") == "二、主动公开政府信息情况"
    assert section_label("标题/前言") == "标题/前言"


@pytest.mark.parametrize("ext", ["docx", "pdf", "txt"])
def test_table_cells_are_named_not_numbered(results, ext):
    res = results[f"13_pingtan-nongyenongcunju_2023.{ext}"]
    ari = [f for f in res.findings if f.rule == "ARI001"]
    assert ari and all(place(f, res.report).startswith("表三“") for f in ari)
    assert not any("表格2" in place(f, res.report) for f in res.findings)


def test_text_places_per_format(results):
    for ext, start in (("docx", "一、总体情况，“"), ("pdf", "第"), ("txt", "第")):
        res = results[f"13_pingtan-nongyenongcunju_2023.{ext}"]
        f = next(f for f in res.findings if f.rule == "XCK001")
        p = place(f, res.report)
        assert p.startswith(start) and p.endswith("一段"), p
        if ext == "pdf":
            assert "页" in p
        if ext == "txt":
            assert "行" in p


def test_a_missing_section_says_where_it_belongs(results):
    res = results["01_pingtan-caizhengjinrongju_2021.docx"]
    f = next(f for f in res.findings if f.rule == "STR001" and f.section == "六")
    assert place(f, res.report) == "应在“五、存在的主要问题及改进情况”之后"


def test_sort_order_section_then_severity(results):
    res = results["13_pingtan-nongyenongcunju_2023.docx"]
    keys = [sort_key(f)[:2] for f in sorted(res.findings, key=sort_key)]
    assert keys == sorted(keys)


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_a_header_the_table_has_twice_is_named_with_its_group(ext):
    """表二 has “本年处理决定数量” under 第二十条第（五）项 and under （六）项: the two places differ."""
    from core.check import check_file
    path = Path(__file__).parent / "fixtures" / "corpus" / f"11_pingtan-haitanpianqu_2022.{ext}"
    res = check_file(path)
    places = [place(f, res.report) for f in res.findings if f.rule == "TPL003" and f.excerpt == "处理决定数量"]
    assert len(places) == 2 and places[0] != places[1], places
    assert any("“第二十条第（五）项”下“处理决定数量”" in p for p in places)
    assert any("“第二十条第（六）项”下“处理决定数量”" in p for p in places)
    # a text the table has once keeps its short place
    once = [place(f, res.report) for f in res.findings if f.rule == "TPL003" and f.excerpt == "规范性文件"]
    assert once and once[0].endswith("表二“规范性文件”")
