"""The PDF reader on the real government PDF and on defective PDFs made here."""
from __future__ import annotations

import io
import os
import re

import pytest

from core.model import Paragraph, ReadError, Table
from core.readers import pdf as pdf_reader
from core.readers import read_document
from core.readers.pdf import read_pdf
from core.readers.pdf_layout import Line, is_furniture
from core.readers.pdf_tables import Word, build_grid, split_framed_text, words_to_text

from tests.conftest import FIXTURES

REAL = FIXTURES / "real" / "hongze-2023.pdf"
HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


@pytest.fixture(scope="module")
def doc():
    return read_pdf(REAL)


def paragraphs(doc) -> list[Paragraph]:
    return list(doc.paragraphs())


def table_with(doc, text: str) -> Table:
    for t in doc.tables():
        if any(c is not None and c.text == text for row in t.grid for c in row):
            return t
    raise AssertionError(f"no table has a cell {text!r}")


def row_of(t: Table, label: str) -> list[str]:
    for r in range(t.n_rows):
        texts = t.row_texts(r)
        if label in texts:
            return texts
    raise AssertionError(f"no row {label!r}")


# --- body text ------------------------------------------------------------------------

def test_page_count_and_no_problems(doc):
    assert doc.format == "pdf"
    assert doc.page_count == 5
    assert doc.reading_problems == []


def test_section_headings_are_own_paragraphs(doc):
    texts = [p.text for p in paragraphs(doc)]
    for h in HEADINGS:
        assert h in texts, h
    # in reading order
    assert [texts.index(h) for h in HEADINGS] == sorted(texts.index(h) for h in HEADINGS)


def test_title_comes_first(doc):
    first = paragraphs(doc)[0]
    assert first.text in ("洪泽区人民政府", "洪泽区人民政府2023年政府信息公开工作年度报告")
    assert first.loc.page == 1 and first.loc.line == 1


def test_wrapped_lines_joined_without_stray_spaces(doc):
    intro = next(p for p in paragraphs(doc) if p.text.startswith("本报告由"))
    assert "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》" in intro.text
    assert "洪泽湖大道90号，邮编：223100，电话：0517-87222589，电子邮箱：hzzwgk@126.com）。" in intro.text
    assert len(intro.segments) == 7 and len(intro.raw.split("\n")) == 7
    assert "号 ， 邮 编" in intro.raw  # raw keeps the text as found
    for p in paragraphs(doc):
        assert not re.search(r"[\u4e00-\u9fff，。、] | [\u4e00-\u9fff，。、]", p.text), p.text


def test_headed_subitems_start_paragraphs(doc):
    texts = [p.text for p in paragraphs(doc)]
    assert "（三）政府信息管理情况。" in texts
    assert any(t.startswith("（一）主动公开情况。主要通过政府门户网站") and t.endswith("1136条。") for t in texts)


def test_page_numbers_dropped(doc):
    everything = doc.text() + "".join(p.raw for p in paragraphs(doc))
    for n in range(1, 6):
        assert f"- {n} -" not in everything


def test_segments_map_span_to_page_and_line(doc):
    p = next(p for p in paragraphs(doc) if "严格执行“分级审核" in p.text)  # runs over pages 1 -> 2
    assert {s.loc.page for s in p.segments} == {1, 2}
    assert p.loc.page == 1
    for s in p.segments:
        assert p.text[s.start:s.end] and s.loc.paragraph == p.index and s.loc.bbox is not None
    i = p.text.index("级审核")
    on2 = p.span_location(i, i + 3)
    assert on2.page == 2 and on2.line == 1 and (on2.start, on2.end) == (i, i + 3)
    j = p.text.index("加强区政府")
    on1 = p.span_location(j, j + 5)
    assert on1.page == 1 and on1.line == p.loc.line
    assert on1.bbox[1] > 600  # near the bottom of page 1 (842 pt high)
    assert on2.bbox[1] < 150  # at the top of page 2


def test_block_indexes(doc):
    n_tables = 0
    for i, b in enumerate(doc.blocks):
        assert b.index == (i if isinstance(b, Paragraph) else n_tables)
        assert b.loc.paragraph == i
        if isinstance(b, Table):
            assert b.loc.table == n_tables
            for row in b.grid:
                for c in row:
                    if c is not None:
                        assert c.loc.paragraph == i and c.loc.table == n_tables
            n_tables += 1


# --- tables -----------------------------------------------------------------------------

def test_framed_text_is_paragraphs_and_table_starts_at_caption(doc):
    t = table_with(doc, "第二十条第（一）项")
    assert t.loc.page == 2
    assert t.row_texts(0) == ["第二十条第（一）项"]
    assert t.row_texts(1) == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert row_of(t, "行政规范性文件") == ["行政规范性文件", "0", "5", "5"]
    heading = next(p for p in paragraphs(doc) if p.text == "二、主动公开政府信息情况")
    assert heading.index == t.loc.paragraph - 1
    cells = " ".join(c.text for row in t.grid for c in row if c)
    assert "一律不准发布" not in cells and "监测机制" not in cells
    # no one-column "table" survives anywhere
    assert all(t.n_cols > 1 for t in doc.tables())


def test_missed_cell_text_recovered(doc):
    t = table_with(doc, "行政处罚")
    assert t.loc.page == 3
    head = t.grid[0][0]
    assert head is not None and head.text == "信息内容" and head.loc.page == 3
    assert row_of(t, "行政处罚") == ["行政处罚", "4119"]
    assert row_of(t, "行政事业性收费") == ["行政事业性收费", "7730.28"]


def test_different_columns_not_stitched(doc):
    assert table_with(doc, "第二十条第（一）项") is not table_with(doc, "行政处罚")


def test_table_three_stitched_over_page_break(doc):
    t = table_with(doc, "1.属于国家秘密")
    assert t is table_with(doc, "（七）总计")
    assert row_of(t, "1.属于国家秘密")[-7:] == ["1", "0", "0", "0", "0", "0", "1"]
    assert row_of(t, "（七）总计")[-7:] == ["21", "0", "0", "0", "0", "0", "21"]
    pages = {c.loc.page for row in t.grid for c in row if c}
    assert pages == {3, 4}
    rows = [c.row for row in t.grid for c in row if c]
    assert max(rows) == t.n_rows - 1
    for r, row in enumerate(t.grid):
        for c in row:
            if c is not None:
                assert c.row == r and c.loc.row == r
    # the merged group cell "（四）无法提供" goes on over the page break
    r = next(r for r in range(t.n_rows) if "3.补正后申请内容仍不明确" in t.row_texts(r))
    group = next(c for row in t.grid for c in row if c and c.text == "（四）无法提供")
    assert group.row < r < group.row + group.rowspan
    assert t.grid[r][group.col] is None


def test_table_three_normalised_labels(doc):
    t = table_with(doc, "1.属于国家秘密")
    texts = {c.text for row in t.grid for c in row if c}
    assert "商业企业" in texts and "社会公益组织" in texts
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in texts
    assert "三、本年度办理结果" in texts
    merged = next(c for row in t.grid for c in row if c and c.text == "商业企业")
    assert "\n" in merged.raw


def test_table_four_data_row(doc):
    t = table_with(doc, "行政复议")
    assert t.loc.page == 4
    values = "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0".split()
    assert any(t.row_texts(r) == values for r in range(t.n_rows))
    top = t.grid[0][0]
    assert top.text == "行政复议" and top.colspan == 5
    for c in range(1, 5):
        assert t.grid[0][c] is None


def test_file_untouched(tmp_path):
    copy = tmp_path / "report.pdf"
    copy.write_bytes(REAL.read_bytes())
    os.utime(copy, (1_600_000_000, 1_600_000_000))
    before = (copy.read_bytes(), copy.stat().st_mtime)
    read_document(copy)
    assert (copy.read_bytes(), copy.stat().st_mtime) == before


def test_pdfium_fallback_reads_body(monkeypatch):
    # pdfplumber finds no text on any page (as with some broken fonts): pypdfium2's text is used
    monkeypatch.setattr(pdf_reader, "visible_chars", lambda page: 0)
    d = read_pdf(REAL)
    texts = [p.text for p in d.paragraphs()]
    for h in ("一、总体情况", "五、存在的主要问题及改进情况"):
        assert h in texts
    assert any("本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》" in t for t in texts)
    assert all(p.loc.page and p.loc.line and p.loc.bbox for p in d.paragraphs())
    assert not list(d.tables())
    assert d.reading_problems == []


# --- defective files -----------------------------------------------------------------------

def test_truncated_pdf_is_corrupt(tmp_path):
    bad = tmp_path / "half.pdf"
    data = REAL.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError) as e:
        read_document(bad)
    assert e.value.kind == "corrupt" and "损坏" in e.value.message


def test_junk_after_pdf_header_is_corrupt(tmp_path):
    bad = tmp_path / "junk.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(ReadError) as e:
        read_document(bad)
    assert e.value.kind == "corrupt"


def _image_pdf() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(img).rectangle((50, 50, 550, 120), fill="black")
    buf = io.BytesIO()
    img.save(buf, format="PDF")
    return buf.getvalue()


def test_scan_only_pdf(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_image_pdf())
    with pytest.raises(ReadError) as e:
        read_document(scan)
    assert e.value.kind == "scan" and e.value.message == "这是扫描件，没有文字层，请用原始 Word 文件检查"


def test_scanned_page_inside_text_pdf(tmp_path):
    import pypdfium2 as pdfium

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_image_pdf())
    out = pdfium.PdfDocument.new()
    src, img = pdfium.PdfDocument(str(REAL)), pdfium.PdfDocument(str(scan))
    out.import_pages(src, [0, 1])
    out.import_pages(img)
    mixed = tmp_path / "mixed.pdf"
    out.save(str(mixed))
    for d in (out, src, img):
        d.close()
    d = read_pdf(mixed)
    assert d.page_count == 3
    assert [(p.kind, p.loc.page) for p in d.reading_problems] == [("scan", 3)]
    assert "第3页没有文字层" in d.reading_problems[0].message
    assert "一、总体情况" in [p.text for p in d.paragraphs()]


def test_too_many_pages(tmp_path):
    import pypdfium2 as pdfium

    big = pdfium.PdfDocument.new()
    for _ in range(201):
        big.new_page(595, 842)
    path = tmp_path / "big.pdf"
    big.save(str(path))
    big.close()
    with pytest.raises(ReadError) as e:
        read_pdf(path)
    assert e.value.kind == "too_big" and "201" in e.value.message


def _encrypted_pdf() -> bytes:
    """A one-page PDF protected by an open password (standard handler, RC4 40-bit):
    the /Encrypt entries match no empty password, so it cannot be opened without one."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"ab" * 32 + b"> /U <"
        + b"cd" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff>"
            b" <00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n") % (len(objs) + 1, xref)
    return bytes(out)


def test_encrypted_pdf(tmp_path):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_encrypted_pdf())
    with pytest.raises(ReadError) as e:
        read_document(locked)
    assert e.value.kind == "encrypted"
    assert e.value.message == "文件已加密，请先在 WPS/PDF 阅读器中取消密码后再检查"


# --- pieces -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,furniture", [
    ("- 1 -", True), ("— 2 —", True), ("第 3 页", True), ("第3页 共5页", True), ("3/5", True), ("7", True),
    ("一、总体情况", False), ("2023 年", False), ("- 1 - 附件", False)])
def test_page_number_patterns(text, furniture):
    line = Line(1, [Word(text, 280, 800, 320, 812)])
    assert is_furniture(line, 842) is furniture
    mid = Line(1, [Word(text, 280, 400, 320, 412)])
    assert is_furniture(mid, 842) is False  # a number in the middle of the page is content


def _box(rows: list[list[tuple[float, float]]], top=100.0, h=20.0):
    """Cell boxes for rows given as (x0, x1) spans."""
    return [(x0, top + r * h, x1, top + (r + 1) * h) for r, spans in enumerate(rows) for x0, x1 in spans]


def test_split_framed_text_general():
    full, halves = [(0, 400)], [(0, 200), (200, 400)]
    texts = ["这是正文第一行，说明本年度工作的总体情况，内容较长并且", "继续写下去的一句话。",
             "表一 单位：件", "类别", "数量", "规章", "3", "以上数据截至十二月三十一日，均已核对无误。"]
    layout = [full, full, full, halves, halves, full]
    t = build_grid(1, _box(layout))
    words_in = iter(texts)
    for c in t.cells:
        c.words = [Word(next(words_in), c.bbox[0] + 2, c.bbox[1] + 2, c.bbox[2] - 2, c.bbox[3] - 2)]
        c.finish()
    rows, outside = split_framed_text(t)
    assert rows == range(2, 5)  # caption + two multi-column rows
    assert [c.text for c in outside] == [texts[0], texts[1], texts[-1]]


def test_split_framed_text_all_single_rows_is_text():
    t = build_grid(1, _box([[(0, 400)]] * 3))
    rows, outside = split_framed_text(t)
    assert len(rows) == 0 and len(outside) == 3


def test_missing_slot_gets_a_cell():
    # the top-left box is missing (a ruling line pdfplumber did not see)
    t = build_grid(1, [(200, 0, 400, 20), (0, 20, 200, 40), (200, 20, 400, 40)])
    assert {(c.r0, c.c0) for c in t.cells} == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_words_to_text_lines():
    ws = [Word("不", 60, 30, 70, 40), Word("商业", 0, 10, 20, 20), Word("企业", 0, 30, 20, 40),
          Word("情", 30, 11, 40, 21)]
    assert words_to_text(ws) == "商业 情\n企业 不"
