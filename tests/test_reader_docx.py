"""The .docx reader on the fixtures made from the seeds and on small hand-built documents."""
from __future__ import annotations

import os
import struct
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from core.model import Paragraph, ReadError, Table
from core.readers import read_document
from core.readers import docx as docx_reader
from core.readers.docx import format_number, read_docx
from core.readers.text import read_text
from core.textnorm import key, looks_numeric

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("[0-9][0-9][0-9].txt"))
SECTION_NUMBERS = "一二三四五六"


def _pair(seed: str):
    return read_text(SEEDS / f"{seed}.txt"), read_docx(SEEDS / f"{seed}.docx")


def _section_indexes(doc) -> list[int]:
    """Block index of the first short paragraph starting with 一、 … 六、, in that order."""
    out, start = [], 0
    for n in SECTION_NUMBERS:
        idx = next(b.index for b in doc.blocks[start:]
                   if isinstance(b, Paragraph) and key(b.text).startswith(f"{n}、") and len(b.text) < 40)
        out.append(idx)
        start = idx + 1
    return out


# ---------------------------------------------------------------- the seed fixtures

@pytest.mark.parametrize("seed", SEED_IDS)
def test_sections_in_order_with_tables_between(seed):
    doc = read_docx(SEEDS / f"{seed}.docx")
    assert doc.format == "docx"
    idx = _section_indexes(doc)
    assert idx == sorted(idx)
    for a, b in zip(idx[1:4], idx[2:5]):  # 二..三, 三..四, 四..五 each hold a table
        assert any(isinstance(blk, Table) for blk in doc.blocks[a:b])
    assert not any(isinstance(blk, Table) for blk in doc.blocks[idx[0]:idx[1]])
    for i, blk in enumerate(doc.blocks):
        assert blk.index == i if isinstance(blk, Paragraph) else blk.loc.paragraph == i


@pytest.mark.parametrize("seed", SEED_IDS)
def test_paragraphs_match_the_seed(seed):
    txt, dx = _pair(seed)
    assert [b.kind for b in dx.blocks] == [b.kind for b in txt.blocks]
    for t, d in zip(txt.paragraphs(), dx.paragraphs()):
        assert d.text == t.text
        assert d.heading_level == t.heading_level
        assert d.loc.paragraph == d.index


@pytest.mark.parametrize("seed", SEED_IDS)
def test_table_cells_and_numbers_match_the_seed(seed):
    txt, dx = _pair(seed)
    for tt, dt in zip(txt.tables(), dx.tables()):
        assert dt.n_rows == tt.n_rows
        for r in range(tt.n_rows):
            seed_texts = [c.text for c in tt.row_cells(r) if c.text]
            docx_texts = [c.text for c in dt.row_cells(r) if c.text]
            assert docx_texts == seed_texts, (seed, dt.index, r)
            assert [t for t in docx_texts if looks_numeric(t)] == [t for t in seed_texts if looks_numeric(t)]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_merged_cells_appear_once(seed):
    doc = read_docx(SEEDS / f"{seed}.docx")
    idx = _section_indexes(doc)
    t3 = next(b for b in doc.blocks[idx[2]:idx[3]] if isinstance(b, Table))
    cells = [c for row in t3.grid for c in row if c is not None]
    assert any(c.rowspan > 1 for c in cells) and any(c.colspan > 1 for c in cells)
    for table in doc.tables():
        covered = set()
        for r, row in enumerate(table.grid):
            assert len(row) == table.n_cols
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                assert (cell.row, cell.col) == (r, c)
                assert (cell.loc.table, cell.loc.row, cell.loc.col) == (table.index, r, c)
                for rr in range(r, r + cell.rowspan):
                    for cc in range(c, c + cell.colspan):
                        if (rr, cc) != (r, c):
                            assert table.grid[rr][cc] is None
                            covered.add((rr, cc))
        holes = {(r, c) for r, row in enumerate(table.grid) for c, x in enumerate(row) if x is None}
        assert holes == covered  # every empty slot is covered by exactly the merge that owns it
    labels = [c.text for c in cells if c.text and not looks_numeric(c.text)]
    assert len(labels) == len(set(labels))  # a merged label is not repeated


def test_vertical_group_label_spans_its_rows():
    doc = read_docx(SEEDS / "002.docx")
    t3 = [t for t in doc.tables()][1]
    group = next(c for row in t3.grid for c in row if c and key(c.text).startswith("(三)不予公开"))
    assert group.rowspan == 8
    items = [t3.grid[r][group.col + 1].text for r in range(group.row, group.row + group.rowspan)]
    assert items[0].startswith("1.") and items[-1].startswith("8.")


def test_reading_leaves_the_file_untouched(tmp_path):
    f = tmp_path / "draft.docx"
    f.write_bytes((SEEDS / "001.docx").read_bytes())
    os.utime(f, (1_600_000_000, 1_600_000_000))
    before = (f.read_bytes(), f.stat().st_mtime_ns)
    read_docx(f)
    read_document(f)
    assert (f.read_bytes(), f.stat().st_mtime_ns) == before
    f.write_bytes(b"replaced while open")  # nothing holds the file
    assert f.read_bytes() == b"replaced while open"


def test_read_document_dispatches_docx_by_content(tmp_path):
    f = tmp_path / "renamed.txt"
    f.write_bytes((SEEDS / "000.docx").read_bytes())
    doc = read_document(f)
    assert doc.format == "docx" and any(True for _ in doc.tables())


def test_reading_is_fast():
    start = time.perf_counter()
    read_docx(SEEDS / "003.docx")
    assert time.perf_counter() - start < 2.0


# ---------------------------------------------------------------- hand-built documents

def _save(document, path: Path) -> Path:
    document.save(path)
    return path


def _run(xml: str):
    return parse_xml(f"<w:r {nsdecls('w')}>{xml}</w:r>")


def test_tracked_changes_read_as_accepted(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("本年共收到申请")
    ins = parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>5</w:t></w:r></w:ins>')
    dele = parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>3</w:delText></w:r></w:del>')
    p._p.append(ins)
    p._p.append(dele)
    p.add_run("件。")
    q = d.add_paragraph()
    q._p.append(_run("<w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t>"))
    q._p.append(_run('<w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t>'))
    # a paragraph whose mark was deleted joins the next one
    r = d.add_paragraph("前半句")
    r._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr {nsdecls("w")}><w:del w:id="3" w:author="a"/></w:rPr>'))
    d.add_paragraph("后半句。")
    doc = read_docx(_save(d, tmp_path / "tracked.docx"))
    texts = [b.text for b in doc.paragraphs()]
    assert texts == ["本年共收到申请5件。", "甲\t乙\n丙", "前半句后半句。"]
    assert list(doc.paragraphs())[1].raw == "甲\t乙\n丙"


def _numbering_docx(tmp_path: Path, levels: list[tuple[str, str, int]], paras: list[tuple[int, str]],
                    extra_num: str = "") -> Path:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels))
    first_num = numbering.find(qn("w:num"))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>')
    first_num.addprevious(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    if extra_num:
        numbering.append(parse_xml(extra_num))
    for ilvl, text in paras:
        num_id = 91 if ilvl >= 10 else 90
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl % 10}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return _save(d, tmp_path / "numbered.docx")


def test_automatic_numbering_is_rendered(tmp_path):
    levels = [("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1), ("decimal", "%3.", 1)]
    paras = [(0, "总体情况"), (1, "主动公开"), (1, "依申请公开"), (2, "细项"), (2, "细项"),
             (0, "主动公开政府信息情况"), (1, "规章"), (2, "重新编号")]
    doc = read_docx(_numbering_docx(tmp_path, levels, paras))
    assert [p.text for p in doc.paragraphs()] == [
        "一、总体情况", "（一）主动公开", "（二）依申请公开", "1.细项", "2.细项",
        "二、主动公开政府信息情况", "（一）规章", "1.重新编号"]


def test_numbering_start_override_and_formats(tmp_path):
    levels = [("decimalEnclosedCircle", "%1", 1), ("ideographTraditional", "%2、", 1),
              ("decimal", "%1.%3", 9)]
    override = (f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>')
    paras = [(0, "甲"), (1, "子"), (1, "丑"), (2, "多级"), (2, "多级"), (10, "重新开始")]
    doc = read_docx(_numbering_docx(tmp_path, levels, paras, override))
    assert [p.text for p in doc.paragraphs()] == ["①甲", "甲、子", "乙、丑", "①.9多级", "①.10多级", "⑤重新开始"]


@pytest.mark.parametrize("n, fmt, expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCountingThousand", "十一"),
    (20, "chineseCounting", "二十"), (105, "chineseCountingThousand", "一百零五"),
    (3, "chineseLegalSimplified", "叁"), (12, "decimalEnclosedCircle", "⑫"), (4, "upperRoman", "IV"),
    (2, "lowerLetter", "b"), (7, "decimalZero", "07"), (2, "ideographTraditional", "乙")])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_heading_levels_from_styles_and_outline(tmp_path):
    d = docx.Document()
    d.add_heading("一、总体情况", level=2)
    custom = d.styles.add_style("标题 3", 1)
    d.add_paragraph("（一）主动公开", style=custom)
    p = d.add_paragraph("二、主动公开政府信息情况")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    d.add_paragraph("正文。")
    doc = read_docx(_save(d, tmp_path / "headings.docx"))
    assert [p.heading_level for p in doc.paragraphs()] == [2, 3, 1, None]


def test_merged_and_nested_tables(tmp_path):
    d = docx.Document()
    d.add_paragraph("表前")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "标题行"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "组"
    t.cell(1, 1).text, t.cell(1, 2).text = "甲", "1"
    t.cell(2, 1).text, t.cell(2, 2).text = "乙", "2"
    inner = t.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内", "表"
    deep = inner.cell(0, 1)
    for _ in range(12):  # far deeper than anyone nests: read what is sensible, do not crash
        deep = deep.add_table(rows=1, cols=1).cell(0, 0)
        deep.text = "深"
    d.add_paragraph("表后")
    doc = read_docx(_save(d, tmp_path / "tables.docx"))
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    table = doc.blocks[1]
    assert table.loc.paragraph == 1 and table.n_rows == 3 and table.n_cols == 3
    top = table.grid[0][0]
    assert (top.text, top.colspan, table.grid[0][1], table.grid[0][2]) == ("标题行", 3, None, None)
    group = table.grid[1][0]
    assert (group.text, group.rowspan, table.grid[2][0]) == ("组", 2, None)
    assert table.row_texts(1) == ["组", "甲", "1"]
    assert table.grid[2][2].text.startswith("2内表")
    assert table.grid[2][2].raw.startswith("2\n内\n表")


def test_text_box_follows_its_anchor_once(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("正文段落")
    box = ('<w:p><w:r><w:t>文本框里的文字</w:t></w:r></w:p>')
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{box}'
        f'</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{box}'
        '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.add_paragraph("下一段")
    doc = read_docx(_save(d, tmp_path / "box.docx"))
    assert [b.text for b in doc.paragraphs()] == ["正文段落", "文本框里的文字", "下一段"]


# ---------------------------------------------------------------- bad files fail closed

def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _expect(path: Path, kind: str, message: str):
    with pytest.raises(ReadError) as e:
        read_docx(path)
    assert e.value.kind == kind and e.value.message == message


def test_not_a_zip(tmp_path):
    f = tmp_path / "junk.docx"
    f.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    _expect(f, "corrupt", "文件不是有效的 Word 文档（可能已损坏或扩展名不对）")
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes((SEEDS / "000.docx").read_bytes()[:5000])
    _expect(truncated, "corrupt", docx_reader.MSG_CORRUPT)


def test_zip_without_document_part(tmp_path):
    f = _zip(tmp_path / "other.docx", {"hello.txt": b"not word"})
    _expect(f, "corrupt", docx_reader.MSG_CORRUPT)
    with pytest.raises(ReadError):
        read_document(f)


def test_broken_document_xml(tmp_path):
    members = _members(SEEDS / "001.docx")
    members["word/document.xml"] = members["word/document.xml"][:3000]
    _expect(_zip(tmp_path / "broken.docx", members), "corrupt", docx_reader.MSG_CORRUPT)


def test_decompression_bomb_refused(tmp_path):
    members = _members(SEEDS / "001.docx")
    members["word/media/image1.png"] = b"\0" * (20 * 1024 * 1024)  # ~20 KB compressed
    _expect(_zip(tmp_path / "bomb.docx", members), "bomb", "文件内容异常（压缩后体积过大），已拒绝读取")


def test_oversized_part_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 512 * 1024)
    members = _members(SEEDS / "001.docx")
    members["word/media/image1.bin"] = os.urandom(600 * 1024)  # incompressible: ratio ~1
    _expect(_zip(tmp_path / "big.docx", members), "bomb", docx_reader.MSG_BOMB)


def test_bomb_with_lying_zip_header_refused(tmp_path):
    """word/document.xml declares 1 KB but inflates to 8 MB: refused, never inflated in full."""
    members = _members(SEEDS / "001.docx")
    name = "word/document.xml"
    members[name] = members[name].replace(b"<w:body>", b"<w:body>" + b" " * (8 * 1024 * 1024), 1)
    f = _zip(tmp_path / "liar.docx", members)
    data = bytearray(f.read_bytes())
    with zipfile.ZipFile(f) as z:
        info = z.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, 1024)  # local header: uncompressed size
    cd = data.find(b"PK\x01\x02")
    while cd != -1:  # central directory entry of the same member
        if data[cd + 46:cd + 46 + len(name)] == name.encode():
            struct.pack_into("<I", data, cd + 24, 1024)
        cd = data.find(b"PK\x01\x02", cd + 4)
    f.write_bytes(bytes(data))
    with zipfile.ZipFile(f) as z:
        assert z.getinfo(name).file_size == 1024
    _expect(f, "corrupt", docx_reader.MSG_CORRUPT)


def test_encrypted_office_file(tmp_path):
    """An encrypted .docx is an OLE container with an EncryptionInfo stream."""
    f = tmp_path / "locked.docx"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "EncryptionInfo".encode("utf-16-le")
                  + b"\0" * 1000)
    _expect(f, "encrypted", docx_reader.MSG_ENCRYPTED)
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    _expect(old, "doc", docx_reader.MSG_DOC)


def _with_document_xml(tmp_path: Path, name: str, xml: str) -> Path:
    members = _members(SEEDS / "001.docx")
    members["word/document.xml"] = xml.encode("utf-8")
    return _zip(tmp_path / name, members)


def test_external_entities_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-XXE-CONTENT", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
           f'<w:document {nsdecls("w")}><w:body><w:p><w:r><w:t>前&xxe;后</w:t></w:r></w:p></w:body></w:document>')
    f = _with_document_xml(tmp_path, "xxe.docx", xml)
    try:
        doc = read_docx(f)
    except ReadError as e:
        assert e.kind == "corrupt"
    else:
        assert "SECRET" not in doc.text()
        assert "前" in doc.text()


def test_entity_expansion_bomb_is_harmless(tmp_path):
    ents = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [{ents}]>'
           f'<w:document {nsdecls("w")}><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>')
    f = _with_document_xml(tmp_path, "laughs.docx", xml)
    start = time.perf_counter()
    try:
        doc = read_docx(f)
        assert len(doc.text()) < 1000
    except ReadError as e:
        assert e.kind == "corrupt"
    assert time.perf_counter() - start < 5


def test_spreadsheet_renamed_to_docx(tmp_path):
    import openpyxl
    f = tmp_path / "table.docx"
    openpyxl.Workbook().save(f)
    _expect(f, "corrupt", docx_reader.MSG_CORRUPT)
