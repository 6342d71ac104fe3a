"""The real-report corpus (tests/fixtures/corpus): every report is there as .txt, .docx and .pdf,
the .docx/.pdf are up to date with tools/make_corpus_fixtures.py, the .docx holds the report's
own tables in the official template, and the checker reads the same report from all three formats
(the same cells of tables 二/三/四, the same section headings, title and year)."""
from __future__ import annotations

import importlib.util
import json
import sys
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest

from core.readers import read_document
from core.readers.docx import read_docx
from core.recognize import recognize
from core.textnorm import clean

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
REPORTS = sorted(p.stem for p in CORPUS.glob("[0-9][0-9]_*.txt"))
FORMATS = ("docx", "pdf")
REGENERATE = "corpus fixtures are stale: run `python3 tools/make_corpus_fixtures.py` and commit the result"
MAX_PDF_BYTES = 400 * 1024

# (report, format) -> why that format is read differently from the .txt by recognition (core/recognize);
# such a case is marked xfail(strict=True), so it fails again once recognition is fixed.  None at present.
RECOGNITION_DIFFERS: dict[tuple[str, str], str] = {}

# standard tables whose rows differ from the template's in the report itself (the .docx keeps those
# differences); every other standard table keeps the template's merged cells exactly
DEVIATING_TABLES = {
    "11_pingtan-haitanpianqu_2022": {"二", "三"},   # 2019-style table 二; （六）其他处理 as one row
    "19_pingtan-jinjingpianqu_2024": {"二"},         # no 规章 row
    "23_pingtan-shehuishiyeju_2025": {"二"},         # no 规章 row; “规范性文件”
}


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus_fixtures",
                                                  ROOT / "tools" / "make_corpus_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


mcf = _load_generator()


def _cases(formats=FORMATS):
    out = []
    for name in REPORTS:
        for fmt in formats:
            reason = RECOGNITION_DIFFERS.get((name, fmt))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(name, fmt, marks=marks, id=f"{name[:2]}-{fmt}"))
    return out


@lru_cache(maxsize=None)
def _recognised(name: str, fmt: str):
    return recognize(read_document(CORPUS / f"{name}.{fmt}"))


# ---------------------------------------------------------------- the files

def test_corpus_is_complete():
    assert len(REPORTS) == 13
    key = json.loads((CORPUS / "key.json").read_text(encoding="utf-8"))
    assert sorted(Path(k).stem for k in key) == REPORTS
    assert (CORPUS / "template-2021.docx").read_bytes().startswith(b"PK")
    for name in REPORTS:
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        assert not text.startswith("SOURCE:") and "报告" in text.split("\n", 1)[0]  # starts with its title
        assert (CORPUS / f"{name}.docx").read_bytes().startswith(b"PK")
        assert (CORPUS / f"{name}.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", REPORTS, ids=lambda n: n[:2])
def test_docx_is_up_to_date(name, tmp_path):
    made = mcf.make_docx(CORPUS / f"{name}.txt", tmp_path)
    committed = (CORPUS / f"{name}.docx").read_bytes()
    assert mcf.mf.document_xml(made.read_bytes()) == mcf.mf.document_xml(committed), REGENERATE
    assert made.read_bytes() == committed, "the generator is not deterministic, or " + REGENERATE


@pytest.mark.parametrize("name", REPORTS, ids=lambda n: n[:2])
def test_pdf_is_made_from_the_committed_docx(name):
    path = CORPUS / f"{name}.pdf"
    assert path.stat().st_size < MAX_PDF_BYTES, "fonts not subset?"
    fingerprint = mcf.mf.content_hash((CORPUS / f"{name}.docx").read_bytes())
    with pdfplumber.open(path) as pdf:
        assert pdf.metadata.get("Keywords") == fingerprint, REGENERATE
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (595, 842)  # A4, as the template


# ---------------------------------------------------------------- the .docx is the report in the template

def _txt_table_rows(name: str) -> list[list[str]]:
    """The rows of the report's tables as the corpus writes them: the cells that start in each row
    (a TAB line), table 二's “第二十条第（X）项” captions as one-cell rows."""
    rows = []
    for line in (CORPUS / f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            rows.append([clean(c) for c in line.split("\t")])
        elif mcf._T2_CAPTION.match(line):
            rows.append([clean(line)])
    return rows


def _docx_table_rows(doc) -> list[list[str]]:
    return [[c.text for c in row if c is not None] for t in doc.tables() for row in t.grid]


def _merges(table) -> list[list[tuple[int, int, int]]]:
    return [[(c.col, c.rowspan, c.colspan) for c in row if c is not None] for row in table.grid]


@pytest.mark.parametrize("name", REPORTS, ids=lambda n: n[:2])
def test_docx_tables_are_the_reports_tables(name):
    """Cell for cell, blanks included: each row of the .docx starts the same cells as the report's row."""
    doc = read_docx(CORPUS / f"{name}.docx")
    assert len(list(doc.tables())) == 3
    assert _docx_table_rows(doc) == _txt_table_rows(name)


@pytest.mark.parametrize("name", REPORTS, ids=lambda n: n[:2])
def test_docx_keeps_the_templates_merged_cells(name):
    template = list(read_docx(CORPUS / "template-2021.docx").tables())
    made = list(read_docx(CORPUS / f"{name}.docx").tables())
    for tname, t, tpl in zip("二三四", made, template):
        same = _merges(t) == _merges(tpl)
        assert same is (tname not in DEVIATING_TABLES.get(name, set())), tname


def test_docx_keeps_the_reports_deviations():
    def grid_texts(name: str, i: int) -> list[str]:
        t = list(read_docx(CORPUS / f"{name}.docx").tables())[i]
        return [c.text for row in t.grid for c in row if c is not None]

    for name in ("19_pingtan-jinjingpianqu_2024", "23_pingtan-shehuishiyeju_2025"):
        assert "规章" not in grid_texts(name, 0)
    assert "规范性文件" in grid_texts("23_pingtan-shehuishiyeju_2025", 0)
    haitan = grid_texts("11_pingtan-haitanpianqu_2022", 1)
    assert "（六）其他处理" in haitan and "3.其他" not in haitan
    assert "本年新制作数量" in grid_texts("11_pingtan-haitanpianqu_2022", 0)
    t3 = list(read_docx(CORPUS / "19_pingtan-jinjingpianqu_2024.docx").tables())[1]
    last = [c for c in t3.grid[-1] if c is not None]
    assert last[0].text == "四、结转下年度继续办理" and [c.text for c in last[1:]] == ["0"] * 6 + [""]


# ---------------------------------------------------------------- the same report in every format

@pytest.mark.parametrize("name,fmt", _cases())
def test_same_table_cells_as_the_text(name, fmt):
    txt, other = _recognised(name, "txt"), _recognised(name, fmt)
    for t in ("二", "三", "四"):
        assert other.tables[t].as_nested() == txt.tables[t].as_nested(), f"table {t}"


@pytest.mark.parametrize("name,fmt", _cases())
def test_same_sections_as_the_text(name, fmt):
    txt, other = _recognised(name, "txt"), _recognised(name, fmt)
    assert [(s.number, s.found, s.title) for s in other.sections] == \
        [(s.number, s.found, s.title) for s in txt.sections]
    assert (other.title, other.organ, other.year, other.period) == (txt.title, txt.organ, txt.year, txt.period)
    assert txt.title is not None and txt.year is not None
