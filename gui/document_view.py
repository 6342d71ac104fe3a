"""The draft as the checker read it, with every active finding highlighted in place.

Built with QTextCursor (not an HTML string) so the position of every block,
cell and finding in the QTextDocument is known: a click on a problem scrolls
exactly there and flashes it.  Anchors ``b<block>`` and ``t<table>r<row>c<col>``
name every block and cell.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextFrameFormat, QTextLength, QTextTableCellFormat,
                           QTextTableFormat)
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from core.findings import CheckResult, Finding, worst
from core.model import Paragraph, Table
from core.textnorm import parse_number

from .finding_locator import FindingTarget, Locator
from .strings import (FLASH_BG, MISSING_NUMBER, SEVERITY_BG, SEVERITY_FG, SEVERITY_ORDER,
                      TARGET_BG, section_label)

_WORST_SEV = lambda sevs: min(sevs, key=lambda s: SEVERITY_ORDER.get(s, 9))  # noqa: E731


class DocumentView(QTextBrowser):
    """Read-only view of the recognised draft."""

    anchorReached = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setUndoRedoEnabled(False)
        self.setAccessibleName("文档内容")
        self.block_ranges: dict[int, tuple[int, int]] = {}
        self.cell_ranges: dict[tuple[int, int, int], tuple[int, int]] = {}
        self.finding_ranges: dict[str, tuple[int, int]] = {}
        self.targets: dict[str, FindingTarget] = {}
        self.current: tuple[int, int] | None = None
        self._painted: tuple[tuple[int, int], str] | None = None
        self._flash_left = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(180)
        self._flash_timer.timeout.connect(self._flash_step)
        self.show_placeholder()

    # ---- content
    def show_placeholder(self, text: str = "请点击“打开”或把年报草稿（.docx / .pdf / .txt）拖到窗口里。") -> None:
        self._reset()
        self.document().clear()
        fmt = QTextCharFormat()
        fmt.setForeground(QColor("#666666"))
        QTextCursor(self.document()).insertText(text, fmt)

    def _reset(self) -> None:
        self.block_ranges.clear()
        self.cell_ranges.clear()
        self.finding_ranges.clear()
        self.targets.clear()
        self.current = None
        self._flash_timer.stop()
        self._painted = None
        self.setExtraSelections([])

    def show_result(self, result: CheckResult) -> None:
        self._reset()
        locator = Locator(result.report)
        findings = result.active()
        by_block: dict[int, list[tuple[Finding, FindingTarget]]] = {}
        unplaced: list[Finding] = []
        for f in findings:
            t = locator.locate(f)
            self.targets[f.fingerprint()] = t
            if t.block is None:
                unplaced.append(f)
            else:
                by_block.setdefault(t.block, []).append((f, t))
        doc = QTextDocument(self)
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(16)
        self._doc = doc
        cur = QTextCursor(doc)
        self._insert_unplaced(cur, unplaced)
        report = result.report
        headings = {s.heading_block for s in report.sections if s.found and s.heading_block is not None}
        title_block = locator.block_of(report.title_loc) if report.title_loc else None
        for i, block in enumerate(report.document.blocks):
            items = by_block.get(i, [])
            if isinstance(block, Table):
                self._insert_table(cur, i, block, items)
            else:
                kind = "title" if i == title_block else "heading" if (i in headings or block.heading_level) else "body"
                self._insert_paragraph(cur, i, block, items, kind)
        self.setDocument(doc)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _block_format(self, kind: str) -> tuple[QTextBlockFormat, QTextCharFormat]:
        bf, cf = QTextBlockFormat(), QTextCharFormat()
        bf.setTopMargin(4)
        bf.setBottomMargin(4)
        if kind == "title":
            bf.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            bf.setBottomMargin(10)
            cf.setFontWeight(QFont.Weight.Bold)
            cf.setFontPointSize(self.font().pointSizeF() * 1.35)
        elif kind == "heading":
            bf.setTopMargin(12)
            cf.setFontWeight(QFont.Weight.Bold)
            cf.setFontPointSize(self.font().pointSizeF() * 1.15)
        else:
            bf.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return bf, cf

    def _insert_unplaced(self, cur: QTextCursor, findings: list[Finding]) -> None:
        """Findings about the whole draft (e.g. a missing section) get a line on top."""
        if not findings:
            return
        for f in findings:
            bf, cf = self._block_format("body")
            cf.setBackground(QColor(SEVERITY_BG[f.severity]))
            cf.setForeground(QColor(SEVERITY_FG[f.severity]))
            if cur.position() > 0:
                cur.insertBlock(bf)
            else:
                cur.setBlockFormat(bf)
            start = cur.position()
            cur.insertText(f"［全文］{section_label(f.section)}：{f.message}", cf)
            self.finding_ranges[f.fingerprint()] = (start, cur.position())

    def _insert_paragraph(self, cur: QTextCursor, i: int, p: Paragraph,
                          items: list[tuple[Finding, FindingTarget]], kind: str) -> None:
        bf, base = self._block_format(kind)
        if cur.position() > 0:
            cur.insertBlock(bf)
        else:
            cur.setBlockFormat(bf)
        start = cur.position()
        spans = [(t.start, t.end, f) for f, t in items if t.start is not None]
        whole = [f for f, t in items if t.start is None]
        markers = {t.marker_at: f for f, t in items if t.marker_at is not None}
        if whole:  # a finding about the paragraph as a whole: highlight all of it
            spans.append((0, len(p.text), _worst_finding(whole)))
        cuts = sorted({0, len(p.text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans} | set(markers))
        pos_at: dict[int, int] = {}
        for n, a in enumerate(cuts):
            pos_at[a] = cur.position()
            if a in markers:
                mf = QTextCharFormat(base)
                mf.setForeground(QColor(SEVERITY_FG[markers[a].severity]))
                mf.setBackground(QColor(SEVERITY_BG[markers[a].severity]))
                mf.setFontWeight(QFont.Weight.Bold)
                cur.insertText(MISSING_NUMBER, mf)
            if n + 1 < len(cuts):
                b = cuts[n + 1]
                covering = [f.severity for s, e, f in spans if s <= a and b <= e and s < e]
                fmt = QTextCharFormat(base)
                if covering:
                    sev = _WORST_SEV(covering)
                    fmt.setBackground(QColor(SEVERITY_BG[sev]))
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                    fmt.setUnderlineColor(QColor(SEVERITY_FG[sev]))
                cur.insertText(p.text[a:b], fmt)
        end = cur.position()
        self.block_ranges[i] = (start, end)
        self._name_anchor(start, end, f"b{i}")
        for s, e, f in spans:
            fp = f.fingerprint()
            if fp not in self.finding_ranges:
                self.finding_ranges[fp] = (pos_at.get(s, start), pos_at.get(e, end)) if s < e else (start, end)

    def _insert_table(self, cur: QTextCursor, i: int, t: Table,
                      items: list[tuple[Finding, FindingTarget]]) -> None:
        rows, cols = max(t.n_rows, 1), max(t.n_cols, 1)
        tf = QTextTableFormat()
        tf.setBorderCollapse(True)
        tf.setBorder(1)
        tf.setBorderBrush(QBrush(QColor("#888888")))
        tf.setCellPadding(3)
        tf.setCellSpacing(0)
        tf.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        tf.setTopMargin(6)
        tf.setBottomMargin(6)
        table = cur.insertTable(rows, cols, tf)
        outlined: dict[tuple[int, int], str] = {}
        marked: set[tuple[int, int]] = set()
        blanks: dict[tuple[int, int], Finding] = {}
        for f, tg in items:
            for (ti, r, c) in tg.cells:
                if ti == t.index:
                    outlined[(r, c)] = worst([outlined.get((r, c), "pass"), f.severity]) if f.severity != "info" \
                        else outlined.get((r, c), "info")
                    if f.category == "blank":
                        blanks.setdefault((r, c), f)
            for (ti, r, c) in tg.target_cells:
                if ti == t.index:
                    marked.add((r, c))
        for r, row in enumerate(t.grid):
            for c, cell in enumerate(row):
                if cell is None or cell.row != r or cell.col != c:
                    continue
                if cell.rowspan > 1 or cell.colspan > 1:
                    table.mergeCells(r, c, min(cell.rowspan, rows - r), min(cell.colspan, cols - c))
                self._fill_cell(table, t.index, r, c, cell.text, outlined.get((r, c)),
                                (r, c) in marked, blanks.get((r, c)))
        start = table.firstPosition()
        end = table.lastPosition()
        self.block_ranges[i] = (start, end)
        for f, tg in items:
            cells = [x for x in tg.cells + tg.target_cells if x[0] == t.index]
            fp = f.fingerprint()
            if fp not in self.finding_ranges:
                self.finding_ranges[fp] = self.cell_ranges.get(cells[0], (start, end)) if cells else (start, end)
        cur.movePosition(QTextCursor.MoveOperation.End)

    def _fill_cell(self, table, tindex: int, r: int, c: int, text: str, severity: str | None,
                   marked: bool, blank: Finding | None) -> None:
        cell = table.cellAt(r, c)
        fmt = cell.format().toTableCellFormat()
        if marked:
            fmt.setBackground(QColor(TARGET_BG))
        if severity:
            color = QColor(SEVERITY_FG[severity])
            if not marked:
                fmt.setBackground(QColor(SEVERITY_BG[severity]))
            _outline(fmt, color, 2.5)
        elif marked:
            _outline(fmt, QColor(SEVERITY_FG["warn"]), 1.5, QTextFrameFormat.BorderStyle.BorderStyle_Dashed)
        cell.setFormat(fmt)
        cc = cell.firstCursorPosition()
        start = cc.position()
        cc.insertText(text)
        if blank is not None and parse_number(text)[1] == "blank":
            mf = QTextCharFormat()
            mf.setForeground(QColor(SEVERITY_FG[blank.severity]))
            mf.setFontWeight(QFont.Weight.Bold)
            cc.insertText(MISSING_NUMBER, mf)
        end = cc.position()
        self._name_anchor(start, max(end, start), f"t{tindex}r{r}c{c}")
        self.cell_ranges[(tindex, r, c)] = (start, end)

    def _name_anchor(self, start: int, end: int, name: str) -> None:
        if end <= start:
            return
        c = QTextCursor(self._doc)
        c.setPosition(start)
        c.setPosition(start + 1, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setAnchor(True)
        fmt.setAnchorNames([name])
        c.mergeCharFormat(fmt)

    # ---- navigation
    def scroll_to_position(self, pos: int) -> None:
        """Put the text cursor at pos and scroll so it sits in the upper third of the view."""
        cur = QTextCursor(self.document())
        cur.setPosition(min(pos, self.document().characterCount() - 1))
        self.setTextCursor(cur)
        rect = self.cursorRect(cur)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def scroll_to_block(self, block: int | None) -> bool:
        if block is None or block not in self.block_ranges:
            return False
        self.scroll_to_position(self.block_ranges[block][0])
        return True

    def show_finding(self, f: Finding) -> bool:
        """Scroll to a finding and flash its highlight.  False if it is not in the view."""
        rng = self.finding_ranges.get(f.fingerprint())
        if rng is None:
            return False
        self.scroll_to_position(rng[0])
        self.current = rng
        self._flash_left = 6
        self._flash_timer.start()
        self._paint_current(True)
        return True

    def _flash_step(self) -> None:
        self._flash_left -= 1
        self._paint_current(self._flash_left % 2 == 0)
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._paint_current(True)

    def _paint_current(self, strong: bool) -> None:
        if self.current is None:
            self._painted = None
            self.setExtraSelections([])
            return
        start, end = self.current
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(self.document())
        cur.setPosition(start)
        cur.setPosition(max(end, start + 1) if end > start else start + 1, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cur
        fmt = QTextCharFormat()
        color = FLASH_BG if strong else "#ffe0c2"
        fmt.setBackground(QColor(color))
        fmt.setFontUnderline(True)
        sel.format = fmt
        self.setExtraSelections([sel])
        # kept here: reading extraSelections() back is unsafe in PySide6 (refcount bug)
        self._painted = ((cur.selectionStart(), cur.selectionEnd()), color)

    def highlighted_range(self) -> tuple[int, int] | None:
        """The range the last show_finding() highlighted (for tests and accessibility)."""
        return self._painted[0] if self._painted else None

    def highlight_color(self) -> QColor | None:
        """The current background of the flashed highlight (for tests)."""
        return QColor(self._painted[1]) if self._painted else None

    def block_at(self, pos: int) -> int | None:
        """The document block (index) a QTextDocument position belongs to."""
        return next((i for i, (s, e) in self.block_ranges.items() if s <= pos <= e), None)


def _worst_finding(findings: list[Finding]) -> Finding:
    return min(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


def _outline(fmt: QTextTableCellFormat, color: QColor, width: float,
             style=QTextFrameFormat.BorderStyle.BorderStyle_Solid) -> None:
    brush = QBrush(color)
    fmt.setBorder(width)
    fmt.setBorderBrush(brush)
    fmt.setBorderStyle(style)
