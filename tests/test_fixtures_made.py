"""The committed .docx/.pdf fixtures exist, are up to date with tools/make_fixtures.py,
and the generator merges cells the way a real report does."""
from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from core.textnorm import despace_cjk, key

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("[0-9][0-9][0-9].txt"))
REGENERATE = "fixtures are stale: run `python3 tools/make_fixtures.py` and commit the result"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "tools" / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


mf = _load_generator()


def test_all_five_seeds_have_fixtures():
    assert len(SEED_IDS) == 5
    for seed in SEED_IDS:
        assert (SEEDS / f"{seed}.docx").stat().st_size > 0
        assert (SEEDS / f"{seed}.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("seed", SEED_IDS)
def test_docx_is_up_to_date(seed, tmp_path):
    made = mf.make_docx(SEEDS / f"{seed}.txt", tmp_path)
    committed = (SEEDS / f"{seed}.docx").read_bytes()
    assert mf.document_xml(made.read_bytes()) == mf.document_xml(committed), REGENERATE
    assert made.read_bytes() == committed, "the generator is not deterministic, or " + REGENERATE


@pytest.mark.parametrize("seed", SEED_IDS)
def test_pdf_is_made_from_the_committed_docx(seed):
    fingerprint = mf.content_hash((SEEDS / f"{seed}.docx").read_bytes())
    with pdfplumber.open(SEEDS / f"{seed}.pdf") as pdf:
        assert pdf.metadata.get("Keywords") == fingerprint, REGENERATE
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4
        text = key(despace_cjk("".join(p.extract_text() or "" for p in pdf.pages)))
        assert pdf.pages[1].find_tables() or pdf.pages[0].find_tables()
    for n in "一二三四五六":  # the Chinese came out as text, not boxes
        assert f"{n}、" in text
    assert "行政复议" in text and "本年新收政府信息公开" in text


def test_sample_draft_is_seed_000():
    assert (ROOT / "resources" / "samples" / "sample.docx").read_bytes() == (SEEDS / "000.docx").read_bytes()


def test_docx_has_chinese_font_and_a4(tmp_path):
    with zipfile.ZipFile(SEEDS / "000.docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="宋体"' in styles
    assert 'w:w="11906"' in body and 'w:h="16838"' in body  # A4 in twentieths of a point
    assert "<w:tbl>" in body and "w:gridSpan" in body and "w:vMerge" in body


# ---------------------------------------------------------------- the merge plan

def test_header_rows_merge_across_and_down():
    rows = [["说明", "", "申请人情况", "", "", "总计"],
            ["", "", "自然人", "法人", "", ""],
            ["", "", "", "商业", "科研", ""],
            ["一、新收", "", "1", "0", "0", "1"]]
    plan = mf.plan_merges(rows)
    assert plan[(0, 0)] == (3, 2)      # caption: down over the empty header rows
    assert plan[(0, 2)] == (1, 3)      # 申请人情况 across
    assert plan[(0, 5)] == (3, 1)      # 总计 down
    assert plan[(1, 2)] == (2, 1)      # 自然人 down
    assert plan[(1, 3)] == (1, 2)      # 法人 across
    assert plan[(3, 0)] == (1, 2)      # a label runs over the empty label column
    assert len(plan) == 6


def test_group_labels_merge_down_and_numbers_never_merge():
    rows = [["三、办理结果", "(一) 予以公开", "", "1", ""],
            ["", "(三) 不予公开", "1.国家秘密", "0", ""],
            ["", "", "2.其他", "0", ""],
            ["", "(七) 总计", "", "1", ""],
            ["", "四、结转", "", "0", ""]]
    plan = mf.plan_merges(rows)
    assert plan[(0, 0)] == (4, 1)      # the group stops at the row with another "X、" label
    assert plan[(1, 1)] == (2, 1)      # (三) holds its two items
    assert plan[(3, 1)] == (1, 2) and plan[(4, 1)] == (1, 2)
    assert (0, 1) in plan and plan[(0, 1)] == (1, 2)
    for (r, c), (rs, cs) in plan.items():  # no merge ever covers a number or a number column
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                assert cc < 3


def test_caption_after_numbers_does_not_merge_into_them():
    rows = [["规章", "0", "0"], ["第二十条第（五）项", "", ""], ["信息内容", "本年处理决定数量", ""],
            ["行政许可", "0", ""]]
    assert mf.plan_merges(rows) == {(1, 0): (1, 3), (2, 1): (1, 2)}
