"""The PDF reader on the real government PDF and on defective PDFs made here."""
from __future__ import annotations

import io
import os
import re

import pytest

from core.model import Paragraph, ReadError, Table
from core.readers import pdf as pdf_reader
from core.readers import pdf_pdfium
from core.readers import read_document
from core.readers.pdf import read_pdf
from core.readers.pdf_layout import Line, is_furniture
from core.readers.pdf_tables import Word, build_grid, split_framed_text, words_to_text

from tests.conftest import FIXTURES
from tools.pdf_bytes import pdf_from_objects  # noqa: E402

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


def _view(d) -> list:
    """What the checker reads of a document: paragraph texts and every table cell's place and text."""
    out = []
    for b in d.blocks:
        if isinstance(b, Paragraph):
            out.append((b.text, b.loc.page, b.loc.line))
        else:
            out.append([(c.row, c.col, c.rowspan, c.colspan, c.text, c.loc.page) for row in b.grid for c in row if c])
    return out


def test_pdfplumber_reads_the_pages_pdfium_gets_no_text_from(monkeypatch, doc):
    # pdfium finds text objects but no characters on any page (fonts it cannot use): pdfplumber's
    # characters and tables are used for those pages, and the document reads as before
    real_page = pdf_pdfium.Reader.page

    def no_chars(self, index):
        pg = real_page(self, index)
        pg.chars, pg.n_text_objects = [], 100
        return pg

    monkeypatch.setattr(pdf_pdfium.Reader, "page", no_chars)
    d = read_pdf(REAL)
    assert _view(d) == _view(doc)
    assert d.reading_problems == []


def test_pdfplumber_reads_a_file_pdfium_cannot_open(monkeypatch, doc):
    def refuse(data):
        raise pdf_pdfium.pdfium.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pdf_pdfium, "open_document", refuse)
    d = read_pdf(REAL)
    assert _view(d) == _view(doc)
    assert d.page_count == 5 and d.reading_problems == []


# --- pdfium's characters and lines are pdfminer's ------------------------------------------------

def _pdfium_pages(path):
    data = path.read_bytes()
    rd = pdf_pdfium.Reader(pdf_pdfium.open_document(data), data)
    return [rd.page(i) for i in range(len(rd.doc))]


def _aligned(a: list[dict], b: list[dict]):
    import difflib

    a = [c for c in a if c["text"].strip()]
    b = [c for c in b if c["text"].strip()]
    sm = difflib.SequenceMatcher(None, [c["text"] for c in a], [c["text"] for c in b], autojunk=False)
    same = [(a[i + k], b[j + k]) for i, j, n in sm.get_matching_blocks() for k in range(n)]
    return same, len(a), len(b)


@pytest.mark.parametrize("path", [REAL, FIXTURES / "seeds" / "000.pdf", FIXTURES / "corpus" / "05_pingtan-supingpianqu_2021.pdf"],
                         ids=lambda p: p.name)
def test_characters_are_pdfminers(path):
    """Every visible character pdfplumber (pdfminer) sees, with pdfminer's box to a hundredth of a
    point: the pen position, the advance width, one font size high from the descriptor's descent
    (0 in LibreOffice's fonts, so digits in one font and Chinese in another stand on one line)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for pl, pg in zip(pdf.pages, _pdfium_pages(path)):
            same, na, nb = _aligned(pl.chars, pg.chars)
            assert na == nb == len(same), (pl.page_number, na, nb, len(same))
            for x, y in same:
                for k in ("x0", "x1", "top", "bottom"):
                    assert abs(x[k] - y[k]) < 0.01, (pl.page_number, x["text"], k, x[k], y[k])
                assert x["upright"] == y["upright"]


def test_vertical_label_stays_in_its_cell():
    """The merged cell "三、本年度办理结果" of table 三 is set top to bottom in a vertical CID font:
    each character one font size wide and high, so the label does not run into the next cell."""
    pg = _pdfium_pages(REAL)[2]
    label = [c for c in pg.chars if 85 < c["x0"] < 86 and 600 < c["top"] < 720]
    assert "".join(c["text"] for c in label).startswith("三、本年度办理结果")
    for c in label:
        assert abs((c["x1"] - c["x0"]) - 9.95) < 0.01 and abs((c["bottom"] - c["top"]) - 9.95) < 0.01


@pytest.mark.parametrize("path", [REAL, FIXTURES / "seeds" / "003.pdf"], ids=lambda p: p.name)
def test_edges_words_and_table_cells_are_pdfplumbers(path):
    """The ruling edges are pdfplumber's (lines, rectangles and curves by pdfminer's rules); the
    words and the table finder's cells, computed here faster, are exactly what pdfplumber's own
    WordExtractor and TableFinder give on the same page."""
    import pdfplumber
    from pdfplumber.table import TableFinder
    from pdfplumber.utils.text import WordExtractor

    from core.readers.pdf_layout import extract_words
    from core.readers.pdf_tablefinder import table_cells

    def edges(es):  # the ones the table finder looks at: horizontal or vertical, 1 pt or longer
        return sorted((e["orientation"], e["object_type"], round(e["x0"], 2), round(e["top"], 2),
                       round(e["x1"], 2), round(e["bottom"], 2)) for e in es
                      if e["orientation"] and e["width" if e["orientation"] == "h" else "height"] >= 1)

    with pdfplumber.open(path) as pdf:
        for pl, pg in zip(pdf.pages, _pdfium_pages(path)):
            assert edges(pl.edges) == edges(pg.edges)
            assert table_cells(pg) == [t.cells for t in TableFinder(pg).tables]
            assert table_cells(pl) == [t.cells for t in TableFinder(pl).tables]
            for chars in (pg.chars, pl.chars):
                ours, theirs = extract_words(chars), list(WordExtractor().iter_extract_tuples(chars))
                assert [(w, [id(c) for c in cs]) for w, cs in ours] == [(w, [id(c) for c in cs]) for w, cs in theirs]


def test_font_descents_as_pdfminer_reads_them():
    import zlib

    from core.readers.pdf_pdfium import FontDescents

    plain = (b"7 0 obj\n<< /Type /FontDescriptor /FontName /LNUHNF+#e5#ae#8b#e4#bd#93 /Flags 4 /Ascent 859"
             b" /Descent -141 /FontBBox [0 -141 1000 859] >>\nendobj\n"
             b"8 0 obj\n<< /Descent 0 /Type /FontDescriptor /FontName /BAAAAA+WenQuanYiMicroHei >>\nendobj\n"
             b"9 0 obj\n<< /Type /FontDescriptor /FontName /CAAAAA+WenQuanYiMicroHei /Descent 210 >>\nendobj\n")
    objects = [b"<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Descent -144 >>",
               b"<< /Type /FontDescriptor /FontName /GHIJKL+SimHei >>"]  # no /Descent: pdfminer's 0
    head = b"12 0 13 %d " % (len(objects[0]) + 1)
    packed = zlib.compress(head + b" ".join(objects))
    stream = (b"10 0 obj\n<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
              % (len(head), len(packed)) + packed + b"\nendstream\nendobj\n")
    fd = FontDescents(plain + stream)
    assert fd.descent("LNUHNF+宋体".encode(), -300) == -141          # the descriptor's, not pdfium's
    assert fd.descent(b"SimSun-Identity-H", -300) == -144            # a Type0 font's descendant, packed
    assert fd.descent(b"SimHei", -120) == 0
    # two subsets of one font: the one whose descent pdfium reports, else the one that says 0
    assert fd.descent(b"WenQuanYiMicroHei", -210) == -210
    assert fd.descent(b"WenQuanYiMicroHei", 574) == 0
    assert fd.descent(b"Helvetica", -218) == -207                    # pdfminer's own metrics
    assert fd.descent(b"Unknown-Font", -250) == -250                 # nothing else to go by


def test_rotated_and_shifted_pages(tmp_path):
    """/Rotate 90 and 270 and a MediaBox that does not start at 0,0: the same boxes as pdfminer's
    (its device space, flipped as pdfplumber does), so highlights land where they did."""
    import pdfplumber
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(REAL))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [0, 2])
    out[0].set_rotation(90)
    out[1].set_rotation(270)
    out.import_pages(src, [3])
    out[2].set_mediabox(10, 20, 605, 862)
    path = tmp_path / "turned.pdf"
    out.save(str(path))
    out.close()
    src.close()
    with pdfplumber.open(path) as pdf:
        for pl, pg in zip(pdf.pages, _pdfium_pages(path)):
            assert tuple(pl.bbox) == pytest.approx(pg.bbox)
            same, na, nb = _aligned(pl.chars, pg.chars)
            assert na == nb == len(same) > 100
            for x, y in same:
                assert max(abs(x[k] - y[k]) for k in ("x0", "x1", "top", "bottom")) < 0.01
                assert x["upright"] == y["upright"]


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
    return pdf_from_objects(objs, version=b"1.4", binary_mark=False, trailer_extra=(
        b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]"))


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


def _one_page_pdf(content: bytes, resources: bytes = b"/Font << /F1 5 0 R >>") -> bytes:
    """A one-page PDF drawing ``content`` with Helvetica as /F1."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << "
            + resources + b" >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    return pdf_from_objects(objs, version=b"1.4", binary_mark=False)


def test_space_only_text_objects_split_words(tmp_path):
    """A text object holding only a space (pdfium skips it: it has no width) still splits the
    words around it, as pdfminer's space character does -- also under a scaling CTM (WPS draws in
    twentieths of a point) -- and the standard font's metrics are pdfminer's."""
    import pdfplumber
    from pdfplumber.utils.text import WordExtractor

    content = (b"q 0.05 0 0 0.05 0 0 cm BT /F1 240 Tf 1200 16000 Td (Total) Tj ET"
               b" BT /F1 240 Tf 1755 16000 Td ( ) Tj ET BT /F1 240 Tf 1800 16000 Td (amount) Tj ET"
               b" BT /F1 240 Tf 1200 15000 Td (Line two is plain) Tj ET Q")
    path = tmp_path / "spaces.pdf"
    path.write_bytes(_one_page_pdf(content))
    pg = _pdfium_pages(path)[0]
    with pdfplumber.open(path) as pdf:
        pl = pdf.pages[0]
        theirs = [w["text"] for w in WordExtractor().extract_words(pl.chars)]
        ours = [w["text"] for w, _ in pdf_reader._words_with_chars(pg.chars)]
        assert ours == theirs == ["Total", "amount", "Line", "two", "is", "plain"]
        same, na, nb = _aligned(pl.chars, pg.chars)
        assert na == nb == len(same)
        for x, y in same:
            assert max(abs(x[k] - y[k]) for k in ("x0", "x1", "top", "bottom")) < 0.01
        space = [c for c in pg.chars if c["text"] == " "]
        theirs_space = next(c for c in pl.chars if c["text"] == " ")
        assert len(space) == 4
        for k in ("x0", "top", "bottom"):
            assert abs(space[0][k] - theirs_space[k]) < 0.01, k


# --- who is at fault: a text layer that does not decode, a damaged file ---------------------------
# The files are in tests/fixtures/malformed/ (pdf_*.pdf); ``python3 -m tests.test_reader_pdf``
# writes them again from the functions below.

MALFORMED = FIXTURES / "malformed"


def no_tounicode_pdf() -> bytes:
    """The real WPS report with its fonts' text mapping taken away: every /ToUnicode entry renamed
    (same length, so the file stays valid).  Its CID fonts then decode to glyph numbers."""
    return REAL.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX")


def line_endings_pdf() -> bytes:
    """A LibreOffice report whose line feeds became CR LF, as a text-mode transfer or editor does:
    the compressed streams no longer inflate."""
    return (FIXTURES / "seeds" / "001.pdf").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def type3_pdf() -> bytes:
    """One page of text in a Type3 font: glyphs drawn as boxes, named /g1 ... /g40, no ToUnicode
    map -- text that does not decode (as some PDF printers write it)."""
    n_glyphs = 40
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /T1 5 0 R >> >> >>"]
    lines = []
    for row in range(12):
        codes = bytes(1 + (row * 7 + j * 3) % n_glyphs for j in range(28))
        lines.append(b"BT /T1 14 Tf 60 %d Td <%s> Tj ET" % (780 - row * 24, codes.hex().encode()))
    content = b"\n".join(lines)
    objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    names = b" ".join(b"/g%d" % k for k in range(1, n_glyphs + 1))
    widths = b" ".join(b"%d" % (300 + (k * 37) % 500) for k in range(1, n_glyphs + 1))
    objs.append(b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 800 700] /FontMatrix [0.001 0 0 0.001 0 0]"
                b" /CharProcs 6 0 R /Encoding << /Type /Encoding /Differences [1 " + names + b"] >>"
                b" /FirstChar 1 /LastChar %d /Widths [" % n_glyphs + widths + b"] /Resources << >> >>")
    objs.append(b"<< " + b" ".join(b"/g%d %d 0 R" % (k, 6 + k) for k in range(1, n_glyphs + 1)) + b" >>")
    for k in range(1, n_glyphs + 1):
        w = 200 + (k * 37) % 500
        proc = b"%d 0 0 0 %d 700 d1 0 0 %d 700 re f" % (w + 100, w, w)
        objs.append(b"<< /Length %d >>\nstream\n" % len(proc) + proc + b"\nendstream")
    return pdf_from_objects(objs, version=b"1.4")


PDF_FIXTURES = {"pdf_no_tounicode.pdf": no_tounicode_pdf, "pdf_type3.pdf": type3_pdf,
                "pdf_line_endings.pdf": line_endings_pdf}
EXPECTED = {
    "pdf_no_tounicode.pdf": ("garbled", "这个 PDF 的文字无法正确读取（字体没有文字映射），请用原始 Word 文件检查"),
    "pdf_type3.pdf": ("garbled", "这个 PDF 的文字无法正确读取（字体没有文字映射），请用原始 Word 文件检查"),
    "pdf_line_endings.pdf": ("corrupt", "PDF 文件已损坏（文件中的换行符被改动过"),
}


@pytest.mark.parametrize("name", sorted(PDF_FIXTURES))
def test_undecodable_or_damaged_pdf_is_a_reading_problem(name, tmp_path):
    """Never "这份文件看起来不是政府信息公开工作年度报告" with exit 0: the file is the problem."""
    fresh = tmp_path / name
    fresh.write_bytes(PDF_FIXTURES[name]())
    kind, message = EXPECTED[name]
    assert (MALFORMED / name).exists(), f"{name} is missing: python3 -m tests.test_reader_pdf writes it"
    for path in (MALFORMED / name, fresh):
        before = path.read_bytes()
        with pytest.raises(ReadError) as e:
            read_document(path)
        assert e.value.kind == kind and e.value.message.startswith(message), e.value.message
        assert "不是政府信息公开" not in e.value.message
        assert path.read_bytes() == before


def test_pdfminer_cannot_decode_it_either():
    # the fallback is tried on the first garbled page (pdfminer reads an embedded TrueType cmap
    # where pdfium does not), and it gives "(cid:123)" for these fonts too
    import pdfplumber

    with pdfplumber.open(MALFORMED / "pdf_no_tounicode.pdf") as pdf:
        assert pdf_reader._garbled_texts([c["text"] for c in pdf.pages[0].chars])


def test_one_garbled_page_is_a_reading_problem_of_that_page(tmp_path):
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    good, bad = pdfium.PdfDocument(str(REAL)), pdfium.PdfDocument(str(MALFORMED / "pdf_no_tounicode.pdf"))
    out.import_pages(good)
    out.import_pages(bad, [4])
    path = tmp_path / "mixed.pdf"
    out.save(str(path))
    for d in (out, good, bad):
        d.close()
    d = read_pdf(path)
    assert d.page_count == 6
    assert [(p.kind, p.loc.page) for p in d.reading_problems] == [("garbled", 6)]
    assert "第6页的文字无法正确读取" in d.reading_problems[0].message
    assert "一、总体情况" in [p.text for p in d.paragraphs()]


def test_line_ending_damage_is_recognised():
    assert pdf_reader.line_endings_damaged(line_endings_pdf())
    for p in [REAL, *sorted((FIXTURES / "seeds").glob("*.pdf")), *sorted((FIXTURES / "corpus").glob("*.pdf"))]:
        assert not pdf_reader.line_endings_damaged(p.read_bytes()), p.name


def test_ordinary_text_is_not_garbage():
    from core.readers.pdf_pdfium import garbled, implausible

    text = "本报告由淮安市洪泽区人民政府办公室根据《条例》编制。2023年1月1日至12月31日，电话：0517-87222589，hzzwgk@126.com（×100%）"
    assert not any(implausible(ord(ch)) for ch in text)
    assert not pdf_reader._garbled_texts(list("Minutes of the meeting on the budget, 3 May 2024."))
    assert pdf_reader._garbled_texts(["(cid:%d)" % k for k in range(40)])
    assert garbled(100, 30) and not garbled(100, 29) and not garbled(4, 4)


# --- a long file that is not a report is not read to the end ----------------------------------------

def _english_pdf(path, pages: int, tail=None) -> None:
    """``pages`` pages of English minutes (standard font), then the pages of ``tail`` if given."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument.new()
    for k in range(pages):
        page = doc.new_page(595, 842)
        for line in range(30):
            obj = pdfium_c.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", 11.0)
            text = f"Minutes of the meeting, page {k + 1}, item {line + 1}: the budget was discussed."
            buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, pdfium_c.FPDF_WIDESTRING))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, 790 - 24 * line)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
        page.close()
    if tail is not None:
        src = pdfium.PdfDocument(str(tail))
        doc.import_pages(src)
        src.close()
    doc.save(str(path))
    doc.close()


def _count_full_reads(monkeypatch) -> list[int]:
    seen: list[int] = []
    real_page = pdf_pdfium.Reader.page

    def counting(self, index):
        seen.append(index)
        return real_page(self, index)

    monkeypatch.setattr(pdf_pdfium.Reader, "page", counting)
    return seen


def test_long_file_that_is_not_a_report_reads_only_its_first_pages(tmp_path, monkeypatch):
    from core.recognize import recognize
    from core.rules import is_not_report

    path = tmp_path / "minutes.pdf"
    _english_pdf(path, 25)
    seen = _count_full_reads(monkeypatch)
    d = read_pdf(path)
    assert seen == [0, 1, 2]
    assert d.page_count == 25 and d.reading_problems == []
    assert "Minutes of the meeting, page 1, item 1" in d.text()
    assert is_not_report(recognize(d))


def test_a_report_at_the_end_of_a_long_file_is_read(tmp_path, monkeypatch):
    path = tmp_path / "minutes_then_report.pdf"
    _english_pdf(path, 20, tail=REAL)
    seen = _count_full_reads(monkeypatch)
    d = read_pdf(path)
    assert seen == list(range(25))
    assert "一、总体情况" in [p.text for p in d.paragraphs()]
    assert table_with(d, "1.属于国家秘密") is table_with(d, "（七）总计")


if __name__ == "__main__":  # write the malformed PDFs again
    for fname, make in PDF_FIXTURES.items():
        (MALFORMED / fname).write_bytes(make())
        print("wrote", MALFORMED / fname)


def test_cell_at_finds_the_cell_a_scan_of_all_cells_finds():
    import random

    from core.readers.pdf_tables import cell_at

    rnd = random.Random(7)
    for _ in range(300):
        xs = sorted(rnd.sample(range(0, 400, 3), rnd.randint(2, 8)))
        ys = sorted(rnd.sample(range(0, 300, 3), rnd.randint(2, 8)))
        boxes = []
        for r in range(len(ys) - 1):
            c = 0
            while c < len(xs) - 1:
                span = rnd.randint(1, len(xs) - 1 - c)
                jitter = lambda v: v + rnd.uniform(-1.4, 1.4)  # noqa: E731  edges a little off the grid
                if rnd.random() < 0.9:
                    boxes.append((jitter(xs[c]), jitter(ys[r]), jitter(xs[c + span]), jitter(ys[r + 1])))
                c += span
        t = build_grid(1, boxes)
        if t is None:
            continue
        for _ in range(40):
            w = Word("字", *(lambda x, y: (x - 1, y - 1, x + 1, y + 1))(rnd.uniform(-5, 405), rnd.uniform(-5, 305)))
            scan = next((c for c in t.cells if c.bbox[0] <= w.cx <= c.bbox[2] and c.bbox[1] <= w.cy <= c.bbox[3]), None)
            x0, top, x1, bottom = t.bbox
            if not (x0 <= w.cx <= x1 and top <= w.cy <= bottom):
                scan = None
            assert cell_at(t, w) is scan
