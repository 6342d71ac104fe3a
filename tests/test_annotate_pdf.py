"""The annotated PDF (core/export/annotate.py + annotate_pdf.py), read back with pypdf and pdfplumber.

One highlight per finding with a box, on the finding's page, its rectangle over the box (the box
the 原文 tab draws, converted from pdfplumber's top-left coordinates to PDF user space), holding the
message and suggestion, with a popup; the pages' content streams unchanged; the draft untouched.
"""
from __future__ import annotations

import hashlib
import io
import shutil
from datetime import date
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from pypdf.generic import NameObject, RectangleObject

from core.export.annotate import AUTHOR, MSG_SAME_FILE, annotate, default_annotated_name, plan
from core.export.annotate_pdf import PAD, PageGeometry, geometry_of, mark_box, padded
from core.export.errors import ExportError
from core.findings import CheckResult, Finding
from core.model import Location

FIXTURES = Path(__file__).parent / "fixtures"
HONGZE = FIXTURES / "real" / "hongze-2023.pdf"
SEED = FIXTURES / "seeds" / "000.pdf"
DRAFTS = [HONGZE, SEED, FIXTURES / "seeds" / "001.pdf",
          FIXTURES / "corpus" / "11_pingtan-haitanpianqu_2022.pdf"]


def file_state(path: Path):
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


def annots(path: Path) -> list[list]:
    """Per page, the annotation dictionaries."""
    r = pypdf.PdfReader(str(path))
    return [[a.get_object() for a in (p.get("/Annots") or [])] for p in r.pages]


def contents_of(page) -> list[tuple[bytes, bytes]]:
    """(raw bytes as stored, decoded bytes) of each content stream of a page."""
    c = page.get("/Contents")
    if c is None:
        return []
    c = c.get_object()
    streams = [s.get_object() for s in c] if isinstance(c, list) else [c]
    return [(s._data, s.get_data()) for s in streams]


def near(a, b, tol=0.05) -> bool:
    return all(abs(float(x) - float(y)) <= tol for x, y in zip(a, b))


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.stem[:20])
def test_one_highlight_per_finding_on_its_box(draft: Path, tmp_path: Path, checked):
    result = checked(draft)
    assert result.active(), "fixture has findings"
    before = file_state(draft)
    out = annotate(result, draft, tmp_path / default_annotated_name(draft, date(2025, 1, 20)))
    assert out.name.endswith("_批注_20250120.pdf")
    assert file_state(draft) == before                          # same bytes, same mtime

    marks = plan(result)
    pages = annots(out)
    highlights = [(i, a) for i, page in enumerate(pages) for a in page if a["/Subtype"] == "/Highlight"]
    notes = [(i, a) for i, page in enumerate(pages) for a in page if a["/Subtype"] == "/Text"]
    boxed = [(m, *mark_box(result, m.loc)) for m in marks]
    with_box = [b for b in boxed if b[2] is not None]
    assert len(highlights) == len(with_box)                      # one highlight per finding with a box
    assert len(highlights) + len(notes) == len(marks)            # the others: a note, none lost
    reader = pypdf.PdfReader(str(draft))
    unused = list(highlights)
    for m, page, bbox in with_box:
        hit = next(((i, a) for i, a in unused if a["/Contents"] == m.text), None)
        assert hit is not None, m.finding.rule
        unused.remove(hit)
        i, a = hit
        assert i == page == m.loc.page - 1 if m.loc.page else i == page     # the right page
        geo = geometry_of(reader.pages[i])
        x0, top, x1, bottom = bbox
        ph = float(reader.pages[i].mediabox.top)
        want = (x0 - PAD, ph - bottom - PAD, x1 + PAD, ph - top + PAD)    # unrotated, mediabox at 0
        assert near(RectangleObject(a["/Rect"]), want), (m.finding.rule, a["/Rect"], want)
        q = [float(v) for v in a["/QuadPoints"]]
        assert near(q, [want[0], want[3], want[2], want[3], want[0], want[1], want[2], want[1]])
        assert near(geo.rect(padded(bbox)), want)
        assert a["/T"] == AUTHOR
        assert m.finding.message.strip() in a["/Contents"] and m.finding.rule in a["/Contents"]
        if m.finding.suggestion:
            assert "建议：" + m.finding.suggestion.strip() in a["/Contents"]
        assert "/N" in a["/AP"]                                    # an appearance: every viewer draws it
        popup = a["/Popup"].get_object()
        assert popup["/Subtype"] == "/Popup" and popup["/Parent"].get_object() == a


@pytest.mark.parametrize("draft", [HONGZE, SEED], ids=lambda p: p.stem)
def test_page_contents_unchanged_and_draft_bytes_first(draft: Path, tmp_path: Path, checked):
    out = annotate(checked(draft), draft, tmp_path / "out.pdf")
    src, got = pypdf.PdfReader(str(draft)), pypdf.PdfReader(str(out))
    assert len(src.pages) == len(got.pages)
    for a, b in zip(src.pages, got.pages):
        assert contents_of(a) == contents_of(b)                  # the same content streams, byte for byte
        assert near(a.mediabox, b.mediabox, tol=1e-6)
    assert out.read_bytes().startswith(draft.read_bytes())      # an incremental update after the draft
    with pdfplumber.open(out) as pdf, pdfplumber.open(draft) as orig:
        for p, o in zip(pdf.pages, orig.pages):
            assert p.extract_text() == o.extract_text()


def test_hongze_marks_the_table_cells(tmp_path: Path, checked):
    result = checked(HONGZE)
    out = annotate(result, HONGZE, tmp_path / "out.pdf")
    pages = annots(out)
    ari = [a for a in pages[3] if a["/Subtype"] == "/Highlight" and "ARI001" in a["/Contents"]]
    assert len(ari) == 2                                          # the two wrong totals of table 四, page 4
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[3]
        for a in ari:
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            words = page.within_bbox((x0, page.height - y1, x1, page.height - y0)).extract_words()
            assert [w["text"] for w in words] == ["0"]            # the highlighted cell holds the 0


def test_ignored_left_out_unless_asked(tmp_path: Path, checked):
    base = checked(HONGZE)
    result = CheckResult(report=base.report, findings=base.findings, ignored={base.findings[0].fingerprint()})
    out = annotate(result, HONGZE, tmp_path / "a.pdf")
    n = sum(a["/Subtype"] in ("/Highlight", "/Text") for p in annots(out) for a in p)
    assert n == len(base.findings) - 1
    out2 = annotate(result, HONGZE, tmp_path / "b.pdf", include_ignored=True)
    texts = [a["/Contents"] for p in annots(out2) for a in p if a["/Subtype"] == "/Highlight"]
    assert len(texts) == len(base.findings) and sum("·已忽略】" in t for t in texts) == 1


def test_a_finding_without_a_box_becomes_a_note(tmp_path: Path, checked):
    base = checked(SEED)
    extra = Finding("X-1", "structure", "warn", "标题/前言", "只知道页码的问题", "请核对", loc=Location(page=2))
    result = CheckResult(report=base.report, findings=list(base.findings) + [extra])
    out = annotate(result, SEED, tmp_path / "out.pdf")
    pages = annots(out)
    every = [a for p in pages for a in p if a["/Subtype"] in ("/Highlight", "/Text")]
    assert len(every) == len(result.findings)
    note = next(a for a in pages[1] if a["/Subtype"] == "/Text")
    assert "只知道页码的问题" in note["/Contents"] and note["/T"] == AUTHOR
    assert note["/Popup"].get_object()["/Subtype"] == "/Popup"


def test_refuses_the_draft_itself_and_existing_files(tmp_path: Path, checked):
    result = checked(SEED)
    draft = tmp_path / "草稿.pdf"
    shutil.copyfile(SEED, draft)
    before = file_state(draft)
    link = tmp_path / "link.pdf"
    link.symlink_to(draft)
    for target in (draft, link):
        with pytest.raises(ExportError) as e:
            annotate(result, draft, target, force=True)
        assert e.value.message == MSG_SAME_FILE
    out = tmp_path / "out.pdf"
    out.write_bytes(b"x")
    with pytest.raises(ExportError):
        annotate(result, draft, out)
    assert out.read_bytes() == b"x"
    annotate(result, draft, out, force=True)
    assert out.read_bytes().startswith(b"%PDF")
    assert file_state(draft) == before
    with pytest.raises(ExportError) as e:
        annotate(result, draft, tmp_path / "out.docx")
    assert ".pdf" in e.value.message


def test_an_encrypted_pdf_is_refused_plainly(tmp_path: Path, checked):
    w = pypdf.PdfWriter(clone_from=str(SEED))
    w.encrypt(user_password="", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        w.write(fh)
    with pytest.raises(ExportError) as e:
        annotate(checked(SEED), locked, tmp_path / "out.pdf")
    assert "密码" in e.value.message and "Excel" in e.value.message
    assert not (tmp_path / "out.pdf").exists()


def test_a_result_of_another_format_is_refused(tmp_path: Path, checked):
    docx_result = checked(FIXTURES / "seeds" / "000.docx")
    with pytest.raises(ExportError) as e:
        annotate(docx_result, SEED, tmp_path / "out.pdf")
    assert "重新检查" in e.value.message


# ---------------------------------------------------------------- geometry: rotated and shifted pages

def _first_chars(pdf_bytes: bytes, n: int = 5):
    """The first characters drawn on page 1 (content-stream order, the same however the page is
    rotated) and their boxes as pdfplumber gives them."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [(c["text"], (c["x0"], c["top"], c["x1"], c["bottom"])) for c in pdf.pages[0].chars[:n]]


def _transformed(rotate: int = 0, mediabox=None) -> bytes:
    w = pypdf.PdfWriter(clone_from=str(SEED))
    page = w.pages[0]
    if rotate:
        page.rotate(rotate)
    if mediabox is not None:
        page.mediabox = RectangleObject(mediabox)
        page[NameObject("/CropBox")] = RectangleObject(mediabox)
    b = io.BytesIO()
    w.write(b)
    return b.getvalue()


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_pages_map_back_to_the_same_place(rotate: int):
    geo0 = PageGeometry(tuple(pypdf.PdfReader(str(SEED)).pages[0].mediabox), 0)
    data = _transformed(rotate)
    geo = geometry_of(pypdf.PdfReader(io.BytesIO(data)).pages[0])
    assert geo.rotation == rotate
    for (t0, box0), (t, box) in zip(_first_chars(SEED.read_bytes()), _first_chars(data)):
        assert t == t0
        assert near(geo.rect(box), geo0.rect(box0), tol=0.5)


def test_a_mediabox_off_the_origin_maps_back():
    geo0 = PageGeometry(tuple(pypdf.PdfReader(str(SEED)).pages[0].mediabox), 0)
    data = _transformed(mediabox=(-20, 30, 600, 860))
    geo = geometry_of(pypdf.PdfReader(io.BytesIO(data)).pages[0])
    for (t0, box0), (t, box) in zip(_first_chars(SEED.read_bytes()), _first_chars(data)):
        assert t == t0
        assert near(geo.rect(box), geo0.rect(box0), tol=0.5)


def test_mark_box_falls_back_to_the_cell_and_the_block(checked):
    result = checked(HONGZE)
    cell_loc = next(m.loc for m in plan(result) if m.finding.rule == "ARI001")
    bare = Location(page=cell_loc.page, table=cell_loc.table, row=cell_loc.row, col=cell_loc.col)
    page, bbox = mark_box(result, bare)
    assert page == cell_loc.page - 1 and near(bbox, cell_loc.bbox)
    para = next(b for b in result.report.document.blocks if b.loc.bbox is not None and b.kind == "paragraph")
    assert mark_box(result, Location(paragraph=para.index)) == (para.loc.page - 1, tuple(para.loc.bbox))
