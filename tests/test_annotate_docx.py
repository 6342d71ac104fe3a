"""The annotated .docx (core/export/annotate.py + annotate_docx.py), read back with python-docx and lxml.

For real drafts (the seeds and the corpus) each test checks: one comment per active finding,
by 年报检查, with severity, message, suggestion and rule ID; each anchored on the text of the
finding's span, its table cell, or its paragraph; the body otherwise the same as the draft's
(python-docx's paragraphs and cells, and what the checker's own reader reads); the draft untouched.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from lxml import etree

from core.check import check_file
from core.export.annotate import (AUTHOR, MSG_SAME_FILE, MSG_TEXT_DRAFT, Mark, annotate, comment_text,
                                  default_annotated_name, plan)
from core.export.errors import ExportError
from core.findings import CheckResult, Finding
from core.model import Paragraph, Table
from core.readers import read_document
from core.recognize import recognize

FIXTURES = Path(__file__).parent / "fixtures"
DRAFTS = sorted((FIXTURES / "seeds").glob("*.docx")) + sorted((FIXTURES / "corpus").glob("*.docx"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ---------------------------------------------------------------- reading an annotated file back

def anchored(path: Path) -> dict[str, dict]:
    """comment id -> {"text": the visible text between its range markers, "cells": the w:tc
    elements holding its start and end marker (None outside tables)}."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    hidden = {q("del"), q("moveFrom")}
    out: dict[str, dict] = {}
    open_ids: set[str] = set()

    def shown(el) -> bool:
        e = el.getparent()
        while e is not None:
            if e.tag in hidden:
                return False
            e = e.getparent()
        return True

    def cell_of(el):
        e = el.getparent()
        while e is not None and e.tag != q("tc"):
            e = e.getparent()
        return e

    for el in root.iter():
        if el.tag == q("commentRangeStart"):
            cid = el.get(q("id"))
            open_ids.add(cid)
            out[cid] = {"text": "", "start_cell": cell_of(el), "end_cell": None}
        elif el.tag == q("commentRangeEnd"):
            cid = el.get(q("id"))
            open_ids.discard(cid)
            out[cid]["end_cell"] = cell_of(el)
        elif el.tag in (q("t"), q("tab")) and open_ids and shown(el):
            for cid in open_ids:
                out[cid]["text"] += (el.text or "") if el.tag == q("t") else "\t"
    return out


def comments(path: Path) -> list:
    return list(docx.Document(str(path)).comments)


def body_snapshot(path: Path) -> dict:
    """The body as python-docx and the checker's reader see it: paragraph texts, cell texts."""
    d = docx.Document(str(path))
    model = read_document(path)
    return {
        "paragraphs": [p.text for p in d.paragraphs],
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
        "blocks": [b.text if isinstance(b, Paragraph) else
                   [[c.text if c else None for c in row] for row in b.grid] for b in model.blocks],
    }


def fingerprint_of_file(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


def squash(s: str) -> str:
    return "".join(s.split())


def expected_anchor(result: CheckResult, m: Mark) -> tuple[str, str]:
    """("span"|"cell"|"paragraph", the text the comment must cover)."""
    loc, blocks = m.loc, result.report.document.blocks
    if loc.table is not None:
        t = next(b for b in blocks if isinstance(b, Table) and b.index == loc.table)
        if loc.row is None:
            return "table", ""
        cell = t.grid[loc.row][loc.col]
        return "cell", cell.text
    p = blocks[loc.paragraph]
    if loc.start is not None:
        start, end = loc.start, loc.end
        if end <= start:
            start, end = (start, start + 1) if start < len(p.text) else (start - 1, start)
        return "span", p.text[start:end]
    return "paragraph", p.text


# ---------------------------------------------------------------- the real drafts

def test_there_are_drafts_with_findings():
    assert len(DRAFTS) >= 15
    assert (FIXTURES / "seeds" / "000.docx") in DRAFTS


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.stem[:24])
def test_one_comment_per_finding_anchored_on_its_place(draft: Path, tmp_path: Path, checked):
    result = checked(draft)
    before = fingerprint_of_file(draft)
    out = annotate(result, draft, tmp_path / default_annotated_name(draft, date(2025, 1, 20)))

    assert out.name == f"{draft.stem}_批注_20250120.docx"
    assert fingerprint_of_file(draft) == before                   # the draft: same bytes, same mtime
    marks = plan(result)
    assert len(marks) == len(result.active())
    got = comments(out)
    assert len(got) == len(marks)                                 # one comment per finding
    spans = anchored(out)
    for m, c in zip(marks, got):
        assert c.author == AUTHOR
        assert c.text == m.text == comment_text(m.finding, m.note)
        assert c.text.startswith(("【错误】", "【警告】", "【提示】"))
        assert c.text.endswith(f"（{m.finding.rule}）")
        assert m.finding.message.strip() in c.text
        kind, want = expected_anchor(result, m)
        a = spans[str(c.comment_id)]
        if kind == "span":
            assert a["text"] == want, (m.finding.rule, m.loc)
        elif kind == "cell":
            assert a["start_cell"] is not None and a["start_cell"] is a["end_cell"], m.finding.rule
            assert squash(a["text"]) == squash(want), (m.finding.rule, m.loc)
        elif kind == "table":
            assert a["start_cell"] is not None and a["start_cell"] is a["end_cell"]
        else:
            assert a["text"].strip() and want.endswith(a["text"].strip()), (m.finding.rule, a["text"], want)
    assert body_snapshot(out) == body_snapshot(draft)              # nothing else changed
    assert [f.fingerprint() for f in check_file(out).findings] == [f.fingerprint() for f in result.findings]


def test_000_blank_count_and_typo(tmp_path: Path, checked):
    draft = FIXTURES / "seeds" / "000.docx"
    result = checked(draft)
    out = annotate(result, draft, tmp_path / "000_批注.docx")
    spans = anchored(out)
    by_rule = {c.text.rsplit("（", 1)[-1].rstrip("）"): spans[str(c.comment_id)] for c in comments(out)}
    assert "条" in by_rule["BLK001"]["text"]                     # “…政府信息 条” : the blank count
    assert by_rule["WRD001"]["text"] == "想结合"
    first = comments(out)[0]
    assert first.text.startswith("【错误】“条”前面没有数字") and "建议：" in first.text


def test_table_cells_get_the_comments(tmp_path: Path, checked):
    """Arithmetic errors in table 三 sit on the cells the result names, blank cells included."""
    draft = FIXTURES / "corpus" / "11_pingtan-haitanpianqu_2022.docx"
    result = checked(draft)
    out = annotate(result, draft, tmp_path / "out.docx")
    cell_marks = [m for m in plan(result) if m.loc and m.loc.table is not None and m.loc.row is not None]
    assert sum(m.finding.rule == "ARI001" for m in cell_marks) >= 4
    spans = anchored(out)
    for m, c in zip(plan(result), comments(out)):
        if m in cell_marks:
            a = spans[str(c.comment_id)]
            assert a["start_cell"] is not None and a["start_cell"] is a["end_cell"]


def test_an_empty_cell_gets_an_empty_run_to_hold_the_comment(tmp_path: Path, checked):
    draft = FIXTURES / "corpus" / "19_pingtan-jinjingpianqu_2024.docx"
    result = checked(draft)
    blank = [m for m in plan(result) if m.finding.rule == "CEL001"]
    assert blank, "the fixture has a blank cell in table 三"
    out = annotate(result, draft, tmp_path / "out.docx")
    cid = next(c.comment_id for m, c in zip(plan(result), comments(out)) if m.finding.rule == "CEL001")
    a = anchored(out)[str(cid)]
    assert a["text"] == "" and a["start_cell"] is not None and a["start_cell"] is a["end_cell"]
    assert body_snapshot(out) == body_snapshot(draft)


def test_a_missing_section_is_marked_on_the_nearest_heading(tmp_path: Path, checked):
    draft = FIXTURES / "corpus" / "01_pingtan-caizhengjinrongju_2021.docx"
    result = checked(draft)
    m = next(m for m in plan(result) if m.finding.rule == "STR001")
    assert "六" in m.finding.message
    out = annotate(result, draft, tmp_path / "out.docx")
    c = next(c for mm, c in zip(plan(result), comments(out)) if mm.finding.rule == "STR001")
    a = anchored(out)[str(c.comment_id)]
    assert a["text"].startswith("五、")                           # the heading of the part before
    assert "位置：" in c.text and "之后" in c.text and "六、其他需要报告的事项" in c.text


# ---------------------------------------------------------------- ignored findings

def test_ignored_findings_left_out_unless_asked(tmp_path: Path, checked):
    draft = FIXTURES / "corpus" / "11_pingtan-haitanpianqu_2022.docx"
    base = checked(draft)
    result = CheckResult(report=base.report, findings=base.findings,
                         ignored={base.findings[0].fingerprint()})
    out = annotate(result, draft, tmp_path / "a.docx")
    assert len(comments(out)) == len(base.findings) - 1
    assert not any("已忽略" in c.text for c in comments(out))
    out2 = annotate(result, draft, tmp_path / "b.docx", include_ignored=True)
    texts = [c.text for c in comments(out2)]
    assert len(texts) == len(base.findings)
    assert sum("·已忽略】" in t for t in texts) == 1


# ---------------------------------------------------------------- mapping spans back: made drafts

def _made_docx(path: Path, build) -> Path:
    d = docx.Document()
    d.add_paragraph("某某局2024年政府信息公开工作年度报告")
    build(d)
    d.save(str(path))
    return path


def _result_with(path: Path, make_findings) -> CheckResult:
    report = recognize(read_document(path))
    return CheckResult(report=report, findings=make_findings(report))


def _para(report, needle: str) -> Paragraph:
    return next(b for b in report.document.blocks if isinstance(b, Paragraph) and needle in b.text)


def _span_finding(report, needle: str, word: str, rule="T-1") -> Finding:
    p = _para(report, needle)
    i = p.text.index(word)
    return Finding(rule, "wording", "warn", "一", f"“{word}”有问题", "请改正", loc=p.loc.with_span(i, i + len(word)))


def test_span_across_runs_is_split_and_formatting_kept(tmp_path: Path):
    def build(d):
        p = d.add_paragraph()
        p.add_run("本年度共主动公开")
        b = p.add_run("政府信息公开")
        b.bold = True
        p.add_run("条，其中规章 3 件。")
    draft = _made_docx(tmp_path / "runs.docx", build)
    result = _result_with(draft, lambda r: [_span_finding(r, "主动公开", "公开政府"),
                                            _span_finding(r, "主动公开", "规章", "T-2")])
    out = annotate(result, draft, tmp_path / "out.docx")
    texts = [anchored(out)[str(c.comment_id)]["text"] for c in comments(out)]
    assert texts == ["公开政府", "规章"]
    assert body_snapshot(out) == body_snapshot(draft)
    p = docx.Document(str(out)).paragraphs[1]
    bold = "".join(r.text for r in p.runs if r.bold)
    assert bold == "政府信息公开"                                   # the split runs keep their bold


def test_tracked_changes_and_numbering_map_to_the_right_characters(tmp_path: Path):
    """The reader accepts insertions, drops deletions and renders numbers: spans still land right."""
    def build(d):
        p = d.add_paragraph("依申请公开情况。本年新收申请")
        body = p._p
        xml = (f'<w:del xmlns:w="{W}" w:id="91" w:author="a"><w:r><w:delText>十二</w:delText></w:r></w:del>'
               f'<w:ins xmlns:w="{W}" w:id="92" w:author="a"><w:r><w:t>13</w:t></w:r></w:ins>')
        for el in etree.fromstring(f'<x xmlns:w="{W}">{xml}</x>'):
            body.append(el)
        p.add_run("件，全部按时办结。")
        d.add_paragraph("主动公开情况", style="List Number")
    draft = _made_docx(tmp_path / "tracked.docx", build)
    model = read_document(draft)
    assert any(isinstance(b, Paragraph) and "申请13件" in b.text for b in model.blocks)
    result = _result_with(draft, lambda r: [_span_finding(r, "本年新收申请", "13件"),
                                            _span_finding(r, "主动公开情况", "主动公开", "T-2")])
    out = annotate(result, draft, tmp_path / "out.docx")
    assert [anchored(out)[str(c.comment_id)]["text"] for c in comments(out)] == ["13件", "主动公开"]
    assert body_snapshot(out) == body_snapshot(draft)


def test_result_of_an_older_version_finds_the_words_or_the_paragraph(tmp_path: Path):
    """The draft changed after the check: the words are looked up; failing that, the paragraph."""
    def old(d):
        d.add_paragraph("本年度共主动公开政府信息 条。")
        d.add_paragraph("第二段想结合文字。")
    def new(d):
        d.add_paragraph("补充的一段。")
        d.add_paragraph("本年度我局共主动公开政府信息 条。")
        d.add_paragraph("第二段相结合文字。")
    old_draft = _made_docx(tmp_path / "old.docx", old)
    result = _result_with(old_draft, lambda r: [_span_finding(r, "主动公开", "信息 条"),
                                                _span_finding(r, "第二段", "想结合", "T-2")])
    new_draft = _made_docx(tmp_path / "new.docx", new)
    out = annotate(result, new_draft, tmp_path / "out.docx")
    a = [anchored(out)[str(c.comment_id)] for c in comments(out)]
    assert a[0]["text"] == "信息 条"                                 # found in the edited paragraph
    assert a[1]["text"] == "第二段相结合文字。"                       # the word is gone: the paragraph most like it
    assert len(comments(out)) == 2
    assert body_snapshot(out) == body_snapshot(new_draft)


def test_existing_comments_are_kept(tmp_path: Path):
    def build(d):
        p = d.add_paragraph("本年度共主动公开政府信息 条。")
        d.add_comment(p.runs, text="同事的批注", author="张三", initials="ZS")
    draft = _made_docx(tmp_path / "c.docx", build)
    result = _result_with(draft, lambda r: [_span_finding(r, "主动公开", "信息 条")])
    out = annotate(result, draft, tmp_path / "out.docx")
    got = comments(out)
    assert [c.author for c in got] == ["张三", AUTHOR]
    assert len({c.comment_id for c in got}) == 2


# ---------------------------------------------------------------- never the original

@pytest.fixture
def draft_copy(tmp_path: Path) -> Path:
    p = tmp_path / "草稿.docx"
    shutil.copyfile(FIXTURES / "seeds" / "000.docx", p)
    return p


def test_refuses_to_write_over_the_draft_even_with_force(draft_copy: Path, checked):
    result = checked(FIXTURES / "seeds" / "000.docx")
    before = fingerprint_of_file(draft_copy)
    link = draft_copy.parent / "link.docx"
    link.symlink_to(draft_copy)
    hard = draft_copy.parent / "hard.docx"
    os.link(draft_copy, hard)
    for target in (draft_copy, link, hard, draft_copy.parent / "sub" / ".." / draft_copy.name):
        for force in (False, True):
            with pytest.raises(ExportError) as e:
                annotate(result, draft_copy, target, force=force)
            assert e.value.message == MSG_SAME_FILE
    assert fingerprint_of_file(draft_copy) == before


def test_existing_output_needs_force(draft_copy: Path, tmp_path: Path, checked):
    result = checked(FIXTURES / "seeds" / "000.docx")
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    with pytest.raises(ExportError) as e:
        annotate(result, draft_copy, out)
    assert "已存在" in e.value.message and "--force" in e.value.message
    assert out.read_bytes() == b"old"
    annotate(result, draft_copy, out, force=True)
    assert len(comments(out)) == len(result.active())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]   # no temporary file left


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_drafts_are_refused_with_the_excel_offer(tmp_path: Path, suffix: str):
    src = tmp_path / f"草稿{suffix}"
    shutil.copyfile(FIXTURES / "seeds" / "000.txt", src)
    result = check_file(src)
    with pytest.raises(ExportError) as e:
        annotate(result, src, tmp_path / "out.docx")
    assert e.value.message == MSG_TEXT_DRAFT == "批注版需要 .docx 或 PDF 原稿，可以导出 Excel 整改清单"
    assert not (tmp_path / "out.docx").exists()


def test_output_must_have_the_drafts_format(draft_copy: Path, tmp_path: Path, checked):
    result = checked(FIXTURES / "seeds" / "000.docx")
    with pytest.raises(ExportError) as e:
        annotate(result, draft_copy, tmp_path / "out.pdf")
    assert ".docx" in e.value.message


def test_default_name():
    assert default_annotated_name("/a/b/草稿.docx", date(2025, 3, 4)) == "草稿_批注_20250304.docx"
    assert default_annotated_name("/a/b/草稿.PDF", date(2025, 3, 4)) == "草稿_批注_20250304.pdf"
    assert default_annotated_name("/a/b/草稿", date(2025, 3, 4), "pdf") == "草稿_批注_20250304.pdf"


# ---------------------------------------------------------------- LibreOffice opens it

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_annotated_file_to_pdf(tmp_path: Path, checked):
    draft = FIXTURES / "corpus" / "template-2021.docx"        # comments on text, headings and cells
    result = checked(draft)
    out = annotate(result, draft, tmp_path / "批注.docx")
    run = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out)],
        capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "pdf" / "批注.pdf"
    assert run.returncode == 0, run.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
