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


def _all_anchor_names(view) -> set[str]:
    """Every anchor name in the document, inside table cells too."""
    names = set()
    cur = QTextCursor(view.document())
    doc = view.document()
    for pos in range(doc.characterCount()):
        cur.setPosition(pos)
        names.update(cur.charFormat().anchorNames())
    return names


def test_anchors_name_blocks_and_cells(view, made):
    """Anchors where a finding, a heading or the title is (not on every cell: every anchor is a
    distinct character format, and thousands of them made the view quadratic)."""
    names = _all_anchor_names(view)
    heading = made.report.section("五").heading_block
    assert f"b{heading}" in names
    blank_block = Locator(made.report).locate(made.findings[0]).block
    assert f"b{blank_block}" in names
    total = Locator(made.report).cell_of(made.findings[1].cells[0])
    assert f"t{total[0]}r{total[1]}c{total[2]}" in names
    assert len(names) < 40


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


# ------------------------------------------------------------------ two findings on one paragraph
def _whole_paragraph(report, block: int, rule: str, severity: str = "warn") -> Finding:
    b = report.document.blocks[block]
    return Finding(rule, "content", severity, report.section_of_block(block), f"{rule}：整段的问题", "改写",
                   b.loc, excerpt=f"{rule}{b.text[:10]}")


def test_second_whole_paragraph_problem_is_located_and_old_highlight_goes(qtbot, made):
    """Two problems about the same paragraph as a whole: both are reachable, and selecting the
    second after a table cell's problem moves the highlight (it never stays on the cell)."""
    report = made.report
    para = next(i for i, b in enumerate(report.document.blocks)
                if isinstance(b, Paragraph) and len(b.text) > 40 and i != report.section("五").heading_block)
    first, second = _whole_paragraph(report, para, "T-WHOLE1", "fail"), _whole_paragraph(report, para, "T-WHOLE2")
    made.findings += [first, second]
    v = DocumentView()
    qtbot.addWidget(v)
    v.resize(700, 500)
    v.show()
    v.show_result(made)
    rng = v.block_ranges[para]
    assert v.show_finding(made.findings[1])            # the sum cell of 表三
    assert v.highlighted_range()[0] == v.finding_ranges[made.findings[1].fingerprint()][0]
    assert v.show_finding(second), "the second whole-paragraph problem cannot be located"
    assert v.highlighted_range() == (rng[0], rng[1])
    assert v.block_at(v.textCursor().position()) == para
    assert v.show_finding(first)
    assert v.highlighted_range() == (rng[0], rng[1])


def test_a_problem_not_in_the_view_leaves_no_highlight_lit(qtbot, view, made):
    assert view.show_finding(made.findings[1])
    assert view.highlighted_range() is not None
    stranger = Finding("T-ELSEWHERE", "content", "warn", "一", "别处的问题", "", None, excerpt="别处")
    assert not view.show_finding(stranger)
    assert view.highlighted_range() is None
    assert view.current is None


# ------------------------------------------------------------------ tables at 1366 px
DOC_VIEW_WIDTH_1366 = 600   # the 文档 tab's width in the window at 1366 px (splitter 215 | 600 | 540)


def _cell_block(view, cell):
    cur = QTextCursor(view.document())
    cur.setPosition(view.cell_ranges[cell][0])
    return cur.block()


def _table_three(qtbot, made, width=DOC_VIEW_WIDTH_1366):
    """Seed 000's 表三 with four- and five-digit numbers in every number cell."""
    report = made.report
    rt = report.tables["三"]
    tindex = next(iter(rt.cells.values())).loc.table
    t = report.physical_table(tindex)
    n = 0
    for row in t.grid:
        for cell in row:
            if cell is not None and re.fullmatch(r"\d+", cell.text.strip() or "x"):
                n += 1
                cell.text = str(31197 + 7 * n) if n % 2 else str(3119 + n)
    v = DocumentView()
    qtbot.addWidget(v)
    v.resize(width, 700)
    v.show()
    qtbot.waitExposed(v)
    v.show_result(made)
    qtbot.waitUntil(lambda: not getattr(v, "building", False), timeout=5000)
    v.document().documentLayout().documentSize()     # laid out
    return v, t


def test_numbers_in_tables_never_break(qtbot, made):
    v, t = _table_three(qtbot, made)
    numbers = 0
    for row in t.grid:
        for cell in row:
            if cell is None or not re.fullmatch(r"\d+", cell.text.strip() or "x"):
                continue
            numbers += 1
            block = _cell_block(v, (t.index, cell.row, cell.col))
            assert block.layout().lineCount() == 1, f"{cell.text!r} is broken over {block.layout().lineCount()} lines"
    assert numbers > 100


def test_total_column_is_inside_the_view(qtbot, made):
    v, t = _table_three(qtbot, made)
    right = 0
    for row in t.grid:
        for cell in row:
            if cell is None or (t.index, cell.row, cell.col) not in v.cell_ranges:
                continue
            cur = QTextCursor(v.document())
            cur.setPosition(v.cell_ranges[(t.index, cell.row, cell.col)][1])
            right = max(right, v.cursorRect(cur).right())
    total_header = next(c for row in t.grid for c in row if c is not None and c.text.strip() == "总计")
    cur = QTextCursor(v.document())
    cur.setPosition(v.cell_ranges[(t.index, total_header.row, total_header.col)][0])
    qt_table = cur.currentTable()
    frame = v.document().documentLayout().frameBoundingRect(qt_table)
    assert frame.right() <= v.viewport().width(), "the table runs under the scroll bar"
    assert v.horizontalScrollBar().maximum() == 0
    assert right < v.viewport().width()


def test_row_labels_get_a_sensible_width(qtbot, made):
    v, t = _table_three(qtbot, made)
    fm = v.fontMetrics()
    em = fm.horizontalAdvance("国")
    checked = 0
    for row in t.grid:
        cell = next((c for c in row if c is not None and c.text.strip() and not re.fullmatch(r"\d+", c.text.strip())), None)
        if cell is None or cell.colspan > 1 or len(cell.text) < 6:
            continue
        block = _cell_block(v, (t.index, cell.row, cell.col))
        lines = block.layout().lineCount()
        widest = max(block.layout().lineAt(i).naturalTextWidth() for i in range(lines))
        assert widest >= 3.5 * em, f"{cell.text!r}: {widest:.0f} px a line ({lines} lines)"
        checked += 1
    assert checked >= 5


def test_a_huge_table_is_cut_with_a_note(qtbot, made):
    from core.model import Cell, Table
    report = made.report
    idx = len(report.document.blocks)
    tindex = sum(1 for _ in report.document.tables())
    grid = [[Cell(r, c, str(r * c), Location(table=tindex, row=r, col=c)) for c in range(200)] for r in range(400)]
    report.document.blocks.append(Table(tindex, grid, Location(table=tindex, paragraph=idx)))
    far = Finding("T-FAR", "cell", "fail", "三", "远处的格", "", Location(table=tindex, row=399, col=199))
    near = Finding("T-NEAR", "cell", "fail", "三", "近处的格", "", Location(table=tindex, row=1, col=1))
    made.findings += [far, near]
    v = DocumentView()
    qtbot.addWidget(v)
    v.show_result(made)
    qtbot.waitUntil(lambda: not v.building, timeout=10000)
    assert "表格过大（共 400 行 × 200 列）" in v.toPlainText()
    assert (tindex, 1, 1) in v.cell_ranges and (tindex, 399, 199) not in v.cell_ranges
    assert v.show_finding(near) and v.highlighted_range()[0] == v.cell_ranges[(tindex, 1, 1)][0]
    assert v.show_finding(far)            # at the note that says the table is cut
    assert "表格过大" in _text(v, v.finding_ranges[far.fingerprint()])
