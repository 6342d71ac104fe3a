"""The document view and the locator on a real seed with findings placed by hand.

The findings here are made in the test (the rules are tested elsewhere); what is
tested is that each kind of place (a span, a blank count, a table cell, a whole
section, nowhere) is shown and reached in the view.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtGui import QColor, QTextCursor  # noqa: E402

from core.findings import CellRef, CheckResult, Finding  # noqa: E402
from core.model import Location, Paragraph  # noqa: E402
from core.readers import read_document  # noqa: E402
from core.recognize import recognize  # noqa: E402
from gui.document_view import DocumentView  # noqa: E402
from gui.finding_locator import Locator  # noqa: E402
from gui.strings import MISSING_NUMBER, SEVERITY_BG, TARGET_BG  # noqa: E402

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000.txt"


def _blank_count(report) -> Finding:
    for b in report.document.paragraphs():
        m = re.search(r"共主动公开政府信息(\s+)条", b.text)
        if m:
            return Finding("T-BLANK", "blank", "fail", report.section_of_block(b.index), "条数没有填写",
                           "填写条数", b.span_location(m.start(1), m.end(1)), excerpt=m.group(0))
    raise AssertionError("seed 000 no longer has its blank count")


@pytest.fixture
def made():
    report = recognize(read_document(SEED))
    t3 = report.tables["三"]
    total = CellRef("三", "（七）总计", "总计")
    findings = [
        _blank_count(report),
        Finding("T-SUM", "arithmetic", "fail", "三", "总计不等于各项之和", "核对总计", t3.get(total.row, total.col).loc,
                cells=[total], target_cells=[CellRef("三", "（一）予以公开", "总计")]),
        Finding("T-HEAD", "content", "warn", "五", "没有写改进措施", "补写",
                report.document.blocks[report.section("五").heading_block].loc),
        Finding("T-NONE", "structure", "info", "六", "全文问题", "补充", None),
    ]
    return CheckResult(report, findings)


@pytest.fixture
def view(qtbot, made):
    v = DocumentView()
    qtbot.addWidget(v)
    v.resize(700, 500)
    v.show()
    v.show_result(made)
    return v


def _text(view, rng):
    c = QTextCursor(view.document())
    c.setPosition(rng[0])
    c.setPosition(rng[1], QTextCursor.MoveMode.KeepAnchor)
    return c.selectedText()


def test_blank_count_gets_a_visible_marker(view, made):
    f = made.findings[0]
    rng = view.finding_ranges[f.fingerprint()]
    assert _text(view, rng).strip() == MISSING_NUMBER
    block = Locator(made.report).locate(f).block
    assert view.block_at(rng[0]) == block
    para_text = _text(view, view.block_ranges[block])
    assert "共主动公开政府信息" + MISSING_NUMBER in para_text.replace(" ", "")
    c = QTextCursor(view.document())
    c.setPosition(rng[0] + 2)
    assert c.charFormat().background().color() == QColor(SEVERITY_BG["fail"])


def test_marker_goes_into_the_gap_of_a_wider_span(qtbot, made):
    f = made.findings[0]
    para = made.report.document.blocks[f.loc.paragraph]
    start = para.text.index("共主动公开政府信息") + len("共主动公开政府")
    wide = Finding(f.rule, "blank", "fail", f.section, f.message, f.suggestion,
                   para.span_location(start, para.text.index("条", start) + 1))
    made.findings[0] = wide
    v = DocumentView()
    qtbot.addWidget(v)
    v.show_result(made)
    shown = _text(v, v.finding_ranges[wide.fingerprint()])
    assert shown.replace(" ", "") == "信息" + MISSING_NUMBER + "条"


def test_sum_cell_outlined_and_target_cell_marked(view, made):
    f = made.findings[1]
    loc = Locator(made.report)
    t = loc.locate(f)
    total = loc.cell_of(f.cells[0])
    target = loc.cell_of(f.target_cells[0])
    assert t.cells[0] == total and t.target_cells == [target]
    table = made.report.physical_table(total[0])
    assert table.grid[total[1]][total[2]].text == made.report.tables["三"].get("（七）总计", "总计").text
    rng = view.finding_ranges[f.fingerprint()]
    assert rng == view.cell_ranges[total]
    cur = QTextCursor(view.document())
    cur.setPosition(view.cell_ranges[total][0])
    qt_table = cur.currentTable()
    cell_fmt = qt_table.cellAt(cur).format().toTableCellFormat()
    assert cell_fmt.topBorder() >= 2 and cell_fmt.background().color() == QColor(SEVERITY_BG["fail"])
    cur.setPosition(view.cell_ranges[target][0])
    assert qt_table.cellAt(cur).format().toTableCellFormat().background().color() == QColor(TARGET_BG)


def test_heading_finding_and_section_finding(view, made):
    head, unplaced = made.findings[2], made.findings[3]
    heading_block = made.report.section("五").heading_block
    assert view.block_at(view.finding_ranges[head.fingerprint()][0]) == heading_block
    # no location: shown at its section's heading
    rng = view.finding_ranges[unplaced.fingerprint()]
    assert view.block_at(rng[0]) == made.report.section("六").heading_block


def test_finding_of_a_missing_section_is_listed_on_top(qtbot, made):
    made.report.section("六").found = False
    v = DocumentView()
    qtbot.addWidget(v)
    v.show_result(made)
    rng = v.finding_ranges[made.findings[3].fingerprint()]
    assert "全文问题" in _text(v, rng)
    assert rng[1] < v.block_ranges[0][0]


def test_anchors_name_blocks_and_cells(view, made):
    names = set()
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            names.update(it.fragment().charFormat().anchorNames())
            it += 1
        block = block.next()
    assert "b0" in names
    total = Locator(made.report).cell_of(made.findings[1].cells[0])
    assert f"t{total[0]}r{total[1]}c{total[2]}" in names


def test_show_finding_scrolls_and_flashes(qtbot, view, made):
    f = made.findings[1]
    view.verticalScrollBar().setValue(0)
    assert view.show_finding(f)
    start = view.finding_ranges[f.fingerprint()][0]
    assert view.textCursor().position() == start
    assert view.verticalScrollBar().value() > 0
    assert view.viewport().rect().intersects(view.cursorRect())
    first = view.highlight_color()
    assert first is not None
    qtbot.waitUntil(lambda: view.highlight_color() != first, timeout=2000)
    qtbot.waitUntil(lambda: not view._flash_timer.isActive(), timeout=3000)
    assert view.highlighted_range()[0] == start


def test_ignored_finding_is_not_highlighted(qtbot, made):
    made.ignored = {made.findings[0].fingerprint()}
    v = DocumentView()
    qtbot.addWidget(v)
    v.show_result(made)
    assert made.findings[0].fingerprint() not in v.finding_ranges
    assert MISSING_NUMBER not in v.toPlainText()


def test_locator_finds_pdf_lines_by_page_and_line(made):
    # a PDF-like location (page + line, no paragraph) reaches the paragraph with that segment
    report = made.report
    para = next(b for b in report.document.blocks if isinstance(b, Paragraph) and len(b.text) > 50)
    line = para.segments[0].loc.line
    f = Finding("T-PDF", "wording", "info", "一", "x", "y", Location(line=line))
    assert Locator(report).locate(f).block == report.document.blocks.index(para)
