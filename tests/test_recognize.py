"""Recognition on every fixture: every canonical table cell, the six sections, title/year/period."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.readers import read_document
from core.readers.text import parse_text
from core.recognize import recognize
from core.template import template

FIX = Path(__file__).parent / "fixtures"
SEEDS = ["000", "001", "002", "003", "004"]
FORMATS = ["txt", "docx", "pdf"]


def _cases():
    cases = [(FIX / "seeds" / f"{s}.{ext}", s) for s in SEEDS for ext in FORMATS]
    cases.append((FIX / "real" / "hongze-2023.pdf", "hongze-2023"))
    return cases


def test_every_fixture_format_exists():
    missing = [str(p.relative_to(FIX)) for p, _ in _cases() if not p.exists()]
    assert not missing, f"fixtures missing (run tools/make_fixtures.py): {missing}"


@pytest.fixture(scope="module")
def reports():
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = recognize(read_document(path))
        return cache[path]
    return get


@pytest.mark.parametrize("path,stem", [c for c in _cases() if c[0].exists()],
                         ids=lambda x: x.name if isinstance(x, Path) else None)
def test_tables_cell_by_cell(path, stem, reports):
    expected = json.loads((FIX / "expected" / f"{stem}.json").read_text("utf-8"))
    report = reports(path)
    dump = report.to_dump()
    tpl = template()
    for name in ("二", "三", "四"):
        got, exp = dump["tables"][name], expected["tables"][name]
        assert got == exp, f"table {name} differs: " + json.dumps(
            {k: (got.get(k), v) for k, v in exp.items() if got.get(k) != v}, ensure_ascii=False)
    # the cell counts of the template
    assert len(report.tables["二"].cells) == 10
    n3 = 175 if report.tables["三"].layout == "2021" else len(tpl.t3_cells(old_single_six=True))
    assert len(report.tables["三"].cells) == n3
    assert len(report.tables["四"].cells) == 15


@pytest.mark.parametrize("path,stem", [c for c in _cases() if c[0].exists()],
                         ids=lambda x: x.name if isinstance(x, Path) else None)
def test_sections_title_year_period(path, stem, reports):
    expected = json.loads((FIX / "expected" / f"{stem}.json").read_text("utf-8"))
    report = reports(path)
    dump = report.to_dump()
    assert [s["number"] for s in dump["sections"] if s["found"]] == expected["sections"]
    for k in ("title", "organ", "year", "period", "template"):
        assert dump[k] == expected[k], k
    # every found section points at its heading
    for s in report.sections:
        assert s.loc is not None and s.title.endswith(s.standard_title[-2:]) or not s.found


def test_real_pdf_layout_details(reports):
    r = reports(FIX / "real" / "hongze-2023.pdf")
    assert r.tables["三"].layout == "2019"  # （六）其他处理 is a single row
    labels = {(i.kind, i.canonical, i.written) for i in r.tables["三"].label_issues}
    assert ("nonstandard", "（三）不予公开/2.其他法律行政法规禁止公开", "2.其他法律行政止公开") in labels
    assert r.reading_problems == []
    # table 三 is split over pages 3 and 4: both pieces are used
    pages = {c.loc.page for (k, _), c in r.tables["三"].cells.items()}
    assert pages == {3, 4}


def test_seed_004_garbled_rows_are_reading_problems(reports):
    r = reports(FIX / "seeds" / "004.txt")
    msgs = [p.message for p in r.reading_problems]
    assert any("四、结转下年度继续办理" in m and "6 个数字" in m for m in msgs)
    assert all(r.tables["三"].get("四、结转下年度继续办理", c).status == "unreadable"
               for c in template().t3_columns)
    # nothing guessed: no other cell of that row carries a number
    assert all(r.tables["三"].value("四、结转下年度继续办理", c) is None for c in template().t3_columns)


def test_nonstandard_labels_of_seeds(reports):
    r1 = reports(FIX / "seeds" / "001.txt")
    issues = [(i.axis, i.canonical, i.written) for i in r1.tables["二"].label_issues]
    assert ("column", "本年废止件数", "本年度止件数") in issues
    r0 = reports(FIX / "seeds" / "000.txt")
    assert all(not t.label_issues for t in r0.tables.values())


SEED_000 = (FIX / "seeds" / "000.txt").read_text("utf-8")


@pytest.mark.parametrize("old,new", [
    ("## 四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议提起行政诉讼情况"),
    ("## 五、存在的主要问题及改进情况", "**五、政府信息公开工作存在的主要问题及改进情况**"),
    ("## 二、主动公开政府信息情况", "二．主动公开政府信息情况"),
    ("## 三、收到和处理政府信息公开申请情况", "三、 收到和处理政府信息公开申请情况"),
])
def test_heading_variants_are_accepted(old, new):
    assert old in SEED_000
    r = recognize(parse_text(SEED_000.replace(old, new)))
    assert all(s.found for s in r.sections)
    # the tables still come out whole
    assert r.tables["三"].get("（七）总计", "总计").value == 0


def test_missing_section_and_out_of_order():
    r = recognize(parse_text(SEED_000.replace("## 五、存在的主要问题及改进情况", "存在的问题")))
    assert [s.number for s in r.sections if not s.found] == ["五"]


def test_blank_and_text_cells_keep_their_status():
    text = SEED_000.replace("行政许可\t0", "行政许可\t—").replace("规章\t0\t0\t0", "规章\t0\t无\t0")
    r = recognize(parse_text(text))
    assert r.tables["二"].get("行政许可", "本年处理决定数量").status == "blank"
    assert r.tables["二"].get("规章", "本年废止件数").status == "text"


def test_missing_table_rows_are_reported():
    lines = [ln for ln in SEED_000.splitlines() if "3.要求提供公开出版物" not in ln]
    r = recognize(parse_text("\n".join(lines)))
    assert "（五）不予处理/3.要求提供公开出版物" in r.tables["三"].missing_rows
    assert r.tables["三"].get("（五）不予处理/3.要求提供公开出版物", "总计").status == "missing"


def test_not_a_report_is_unknown():
    text = "某某县2024年部门预算公开说明\n\n一、部门职责\n\n本部门主要职责是……\n\n收入\t100\t200\n支出\t90\t180\n"
    r = recognize(parse_text(text))
    d = r.to_dump()
    assert d["template"] == "unknown"
    assert not any(s["found"] for s in d["sections"])
    assert not r.is_report


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "core.cli", *args], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)


def test_cli_dump_json_shape():
    p = _cli("dump", str(FIX / "seeds" / "002.txt"))
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert set(d) == {"file", "format", "title", "organ", "year", "period", "template", "sections",
                      "tables", "reading_problems"}
    assert d["format"] == "txt" and d["year"] == 2023
    assert d["sections"][3] == {**d["sections"][3], "number": "四", "found": True,
                                "standard_title": "政府信息公开行政复议、行政诉讼情况"}
    assert d["tables"]["三"]["（三）不予公开/1.属于国家秘密"]["自然人"] == 0
    assert d["tables"]["四"]["复议后起诉/总计"] == 0


@pytest.mark.parametrize("content,name", [(b"", "empty.txt"), (b"\x00\x01\x02binary\xff" * 50, "junk.txt"),
                                          (b"%PDF-1.4 truncated", "broken.pdf"), (b"PK\x03\x04junk", "bad.docx")])
def test_cli_dump_unreadable_exits_2(tmp_path, content, name):
    f = tmp_path / name
    f.write_bytes(content)
    p = _cli("dump", str(f))
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    assert p.stderr.strip().count("\n") == 0 and p.stderr.strip()


def test_table_typed_as_text_is_a_reading_problem_not_a_missing_table():
    """A table the reader could not get as a table (no ruling lines, pasted as text) is reported
    as unreadable, never as the clerk's missing table."""
    from core.check import check_document
    seed = (FIX / "seeds" / "002.txt").read_text("utf-8")
    start, end = seed.index("(本列数据的勾稽关系"), seed.index("四、政府信息公开行政复议")
    text = seed[:start] + seed[start:end].replace("\t", " ") + seed[end:]
    report = recognize(parse_text(text))
    t3 = report.tables["三"]
    assert t3.found and all(cv.status == "unreadable" for cv in t3.cells.values())
    assert any("表三没有按表格读出来" in p.message for p in report.reading_problems)
    rules = {f.rule for f in check_document(parse_text(text)).findings}
    assert "TPL001" not in rules and not any(r.startswith("ARI") for r in rules)
    # a section that really has no table (only words) is still a missing table
    words_only = seed[:start] + "本年度收到政府信息公开申请1件，已全部办结。\n\n" + seed[end:]
    report = recognize(parse_text(words_only))
    assert not report.tables["三"].found
