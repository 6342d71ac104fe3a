"""The draft as the checker read it, with every active finding highlighted in place.

Built with QTextCursor (not an HTML string) so the position of every block, cell and finding in
the QTextDocument is known: a click on a problem scrolls exactly there and flashes it.

Never freezes the window, whatever the draft:

- built in slices of a few tens of milliseconds (a QTimer between them): the first slice — a whole
  ordinary report — is shown at once, the rest of a huge draft follows while the window stays
  responsive; a problem clicked before its place is built is shown as soon as it is;
- an enormous table shows its first rows and columns (render_doc.MAX_ROWS × MAX_COLS) with a note
  saying so: Qt lays a table out in one go, so what it is given must be bounded;
- highlighting is linear (render_doc.runs); a named anchor (``b<block>``, ``t<table>r<row>c<col>``)
  is set only where a finding, a heading or the title is — every anchor is a distinct character
  format, and thousands of them made the old view quadratic.

Tables are readable at 1366 px: numbers never break (word-boundary wrapping, numeric columns at
least as wide as their widest number), label columns get a sensible width, and the columns fill
the view's width when they fit in it (recomputed when the view is resized).
"""
from __future__ import annotations

import bisect
import time

import shiboken6

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QTextBlockFormat, QTextCharFormat,
                           QTextCursor, QTextDocument, QTextFrameFormat, QTextLength, QTextOption,
                           QTextTableCellFormat, QTextTableFormat)
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from core.findings import CheckResult, Finding, worst
from core.model import Paragraph, Table
from core.textnorm import parse_number

from .finding_locator import FindingTarget, Locator
from .render_doc import MAX_CELL_CHARS, MAX_PARAGRAPH_CHARS, column_widths, is_number, runs, shown_part
from .strings import (FLASH_BG, MISSING_NUMBER, SEVERITY_BG, SEVERITY_FG, SEVERITY_ORDER, TARGET_BG,
                      section_label)

FIRST_SLICE = 0.06     # s: the first slice (an ordinary report is built in it)
SLICE = 0.035          # s: each later slice; the event loop runs between slices
FIRST_CELLS = 500      # table cells in the first slice at most (the template tables have ~450)
SLICE_CELLS = 450      # table cells in a later slice at most (Qt lays them out when the slice ends)
MAX_DOC_CHARS = 300_000  # text shown at most; the rest of an enormous draft is named by a note
CELL_PADDING = 3
GRID_LINE = 1          # px between cells
GRID_COLOR = "#8c8c8c"


class DocumentView(QTextBrowser):
    """Read-only view of the recognised draft."""

    anchorReached = Signal(str)
    built = Signal()             # the whole result is in the view

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setUndoRedoEnabled(False)
        self.setAccessibleName("文档内容")
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)   # never break inside a number
        # always there: a scroll bar appearing as the draft grows would lay everything out again
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.block_ranges: dict[int, tuple[int, int]] = {}
        self.cell_ranges: dict[tuple[int, int, int], tuple[int, int]] = {}
        self.finding_ranges: dict[str, tuple[int, int]] = {}
        self.targets: dict[str, FindingTarget] = {}
        self.current: tuple[int, int] | None = None
        self._painted: tuple[tuple[int, int], str] | None = None
        self._starts: list[int] = []                    # block starts in order (block_at)
        self._start_block: list[int] = []
        self._tables: list[tuple[object, Table, object]] = []   # (QTextTable, Table, Shown)
        self._doc: QTextDocument | None = None
        self._job = None                                 # the build in progress
        self._pending_finding: Finding | None = None
        self._pending_block: int | None = None
        self.slices = 0                                  # slices of the last build (tests, log)
        self._flash_left = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(180)
        self._flash_timer.timeout.connect(self._flash_step)
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self._build_more)
        # the text is laid out at a fixed width, changed once a resize is over (not at every step of
        # a splitter drag: each would lay the whole draft out again)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self._wrap = 672
        self.setLineWrapColumnOrWidth(self._wrap)
        self._reflow_todo: list | None = None
        self._reflow_timer = QTimer(self)
        self._reflow_timer.setSingleShot(True)
        self._reflow_timer.setInterval(200)
        self._reflow_timer.timeout.connect(self._reflow)
        self._reflow_width = self._wrap
        self._reflow_step = QTimer(self)             # owned: never fires for a deleted view
        self._reflow_step.setSingleShot(True)
        self._reflow_step.setInterval(0)
        self._reflow_step.timeout.connect(self._reflow_next)
        self.show_placeholder()

    # ------------------------------------------------------------ content
    def show_placeholder(self, text: str = "请点击“打开”或把年报草稿（.docx / .pdf / .txt）拖到窗口里。") -> None:
        self._reset()
        doc = self._new_document()
        fmt = QTextCharFormat()
        fmt.setForeground(QColor("#666666"))
        QTextCursor(doc).insertText(text, fmt)
        self._set_document(doc)

    @property
    def building(self) -> bool:
        """True while a huge draft is still being added to the view."""
        return self._job is not None

    def _reset(self) -> None:
        self.block_ranges.clear()
        self.cell_ranges.clear()
        self.finding_ranges.clear()
        self.targets.clear()
        self._starts.clear()
        self._start_block.clear()
        self._tables.clear()
        self._job = None
        self._pending_finding = None
        self._pending_block = None
        self._build_timer.stop()
        self._reflow_timer.stop()
        self._reflow_step.stop()
        self._reflow_todo = None
        self.current = None
        self._flash_timer.stop()
        self._painted = None
        self.setExtraSelections([])

    def _new_document(self) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(16)
        opt = doc.defaultTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WordWrap)
        doc.setDefaultTextOption(opt)
        return doc

    def _set_document(self, doc: QTextDocument) -> None:
        old = self.document()
        self._doc = doc
        self.setDocument(doc)
        if old is not None and old is not doc and shiboken6.isValid(old) and old.parent() is self:
            old.deleteLater()          # the previous result's document (the first one is Qt's own)

    def show_result(self, result: CheckResult) -> None:
        self._reset()
        locator = Locator(result.report)
        by_block: dict[int, list[tuple[Finding, FindingTarget]]] = {}
        unplaced: list[Finding] = []
        for f in result.active():
            t = locator.locate(f)
            self.targets[f.fingerprint()] = t
            if t.block is None:
                unplaced.append(f)
            else:
                by_block.setdefault(t.block, []).append((f, t))
        report = result.report
        doc = self._new_document()
        self._set_document(doc)          # attached at once: each slice below is laid out as it is added
        cur = QTextCursor(doc)
        self._insert_unplaced(cur, unplaced)
        headings = {s.heading_block for s in report.sections if s.found and s.heading_block is not None}
        title_block = locator.block_of(report.title_loc) if report.title_loc else None
        self._set_wrap(self._wrap_width_now())      # the document is nearly empty: cheap
        self._job = _Build(report.document.blocks, by_block, headings, title_block, cur)
        self.slices = 0
        self._build_slice(FIRST_SLICE, FIRST_CELLS)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        if self._job is not None:
            self._build_timer.start()
        else:
            self._finished()

    def _build_more(self) -> None:
        if self._job is None:
            return
        self._build_slice(SLICE, SLICE_CELLS)
        if self._job is not None:
            self._build_timer.start()
        else:
            self._finished()

    def _build_slice(self, budget: float, max_cells: int) -> None:
        job = self._job
        deadline = time.perf_counter() + budget
        self.slices += 1
        cur = job.cursor
        cur.beginEditBlock()        # one layout pass for the slice, when it ends
        cells = 0
        try:
            while job.next < len(job.blocks):
                i = job.next
                block = job.blocks[i]
                if job.chars >= MAX_DOC_CHARS:
                    self._insert_rest_note(cur, job)
                    job.next = len(job.blocks)
                    break
                if isinstance(block, Table):
                    shown = shown_part(max(block.n_rows, 1), max(block.n_cols, 1))
                    n = shown.rows * shown.cols
                    if cells and cells + n > max_cells:
                        break                       # a big table starts a slice of its own
                    cells += n
                    self._insert_table(cur, i, block, job.by_block.get(i, []), shown)
                    job.chars += n * 4
                else:
                    kind = ("title" if i == job.title_block else
                            "heading" if (i in job.headings or block.heading_level) else "body")
                    self._insert_paragraph(cur, i, block, job.by_block.get(i, []), kind,
                                           i in job.headings or i == job.title_block)
                    job.chars += min(len(block.text), MAX_PARAGRAPH_CHARS)
                job.next += 1
                if time.perf_counter() >= deadline or cells >= max_cells:
                    break
        finally:
            cur.endEditBlock()
        if job.next >= len(job.blocks):
            self._job = None
        self._show_pending()

    def _insert_rest_note(self, cur: QTextCursor, job: "_Build") -> None:
        """The draft is longer than the view shows: a note, and every finding beyond it points at it."""
        bf, nf = self._block_format("note")
        self._new_block(cur, bf)
        start = cur.position()
        cur.insertText(f"文档过长，这里只显示前 {job.next} 段（约 {job.chars} 字）；检查仍按全文进行，"
                       "其后的问题请在原文中查看。", nf)
        end = cur.position()
        for i in range(job.next, len(job.blocks)):
            for f, _t in job.by_block.get(i, []):
                self.finding_ranges.setdefault(f.fingerprint(), (start, end))

    def _finished(self) -> None:
        self._show_pending()
        self.built.emit()

    def _show_pending(self) -> None:
        f, self._pending_finding = self._pending_finding, None
        if f is not None and not self.show_finding(f):
            pass
        b, self._pending_block = self._pending_block, None
        if b is not None:
            self.scroll_to_block(b)

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
        elif kind == "note":
            cf.setForeground(QColor("#7a5a00"))
            cf.setFontItalic(True)
        else:
            bf.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return bf, cf

    def _new_block(self, cur: QTextCursor, bf: QTextBlockFormat) -> None:
        if cur.position() > 0:
            cur.insertBlock(bf)
        else:
            cur.setBlockFormat(bf)

    def _insert_unplaced(self, cur: QTextCursor, findings: list[Finding]) -> None:
        """Findings about the whole draft (e.g. a missing section) get a line on top."""
        for f in findings:
            bf, cf = self._block_format("body")
            cf.setBackground(QColor(SEVERITY_BG[f.severity]))
            cf.setForeground(QColor(SEVERITY_FG[f.severity]))
            self._new_block(cur, bf)
            start = cur.position()
            cur.insertText(f"［全文］{section_label(f.section)}：{f.message}", cf)
            self.finding_ranges[f.fingerprint()] = (start, cur.position())

    def _record_block(self, i: int, start: int, end: int) -> None:
        self.block_ranges[i] = (start, end)
        self._starts.append(start)
        self._start_block.append(i)

    def _insert_paragraph(self, cur: QTextCursor, i: int, p: Paragraph,
                          items: list[tuple[Finding, FindingTarget]], kind: str, named: bool) -> None:
        bf, base = self._block_format(kind)
        self._new_block(cur, bf)
        start = cur.position()
        text = p.text if len(p.text) <= MAX_PARAGRAPH_CHARS else p.text[:MAX_PARAGRAPH_CHARS]
        n = len(text)
        spans = [(min(t.start, n), min(t.end, n), f) for f, t in items if t.start is not None]
        whole = [f for f, t in items if t.start is None]
        markers = {min(t.marker_at, n): f for f, t in items if t.marker_at is not None}
        paint = [(s, e, f.severity) for s, e, f in spans]
        if whole:  # findings about the paragraph as a whole: all of it is highlighted, each is reachable
            paint.append((0, n, _worst_finding(whole).severity))
        pos_at: dict[int, int] = {}
        formats: dict[str | None, QTextCharFormat] = {}
        for run in runs(n, paint, set(markers)):
            pos_at[run.start] = cur.position()
            if run.start in markers:
                self._insert_marker(cur, base, markers[run.start])
            fmt = formats.get(run.severity)
            if fmt is None:
                fmt = QTextCharFormat(base)
                if run.severity:
                    fmt.setBackground(QColor(SEVERITY_BG[run.severity]))
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                    fmt.setUnderlineColor(QColor(SEVERITY_FG[run.severity]))
                formats[run.severity] = fmt
            cur.insertText(text[run.start:run.end], fmt)
        if n in markers and n not in pos_at:
            pos_at[n] = cur.position()
            self._insert_marker(cur, base, markers[n])
        if len(p.text) > n:
            _, note = self._block_format("note")
            cur.insertText(f"……（段落过长，仅显示前 {n} 字）", note)
        end = cur.position()
        pos_at.setdefault(n, end)
        self._record_block(i, start, end)
        if named or items:
            self._name_anchor(start, end, f"b{i}")
        for s, e, f in spans:
            fp = f.fingerprint()
            if fp in self.finding_ranges:
                continue
            if s < e:
                self.finding_ranges[fp] = (pos_at.get(s, start), pos_at.get(e, end))
            elif s in markers:                      # an empty span: its ［缺数］ marker
                self.finding_ranges[fp] = (pos_at[s], pos_at[s] + len(MISSING_NUMBER))
            else:
                self.finding_ranges[fp] = (start, end)
        for f in whole:                             # every whole-paragraph finding is reachable
            self.finding_ranges.setdefault(f.fingerprint(), (start, end))

    def _insert_marker(self, cur: QTextCursor, base: QTextCharFormat, f: Finding) -> None:
        mf = QTextCharFormat(base)
        mf.setForeground(QColor(SEVERITY_FG[f.severity]))
        mf.setBackground(QColor(SEVERITY_BG[f.severity]))
        mf.setFontWeight(QFont.Weight.Bold)
        cur.insertText(MISSING_NUMBER, mf)

    # ------------------------------------------------------------ tables
    def _wrap_width_now(self) -> int:
        w = self.viewport().width()
        return w if w >= 200 else 672          # not laid out yet

    def _set_wrap(self, width: int) -> None:
        self._wrap = width
        self.setLineWrapColumnOrWidth(width)

    @property
    def _table_width(self) -> int:
        return max(200, self._wrap - 2 * 16 - 6)

    def _metrics(self) -> tuple[QFontMetricsF, float]:
        fm = QFontMetricsF(self.font())
        return fm, fm.horizontalAdvance("国")

    def _column_lengths(self, t: Table, shown, avail: int) -> list[QTextLength]:
        fm, em = self._metrics()
        widths = column_widths(t.grid, shown.rows, shown.cols, fm.horizontalAdvance,
                               avail - (shown.cols + 1) * GRID_LINE, em, 2 * CELL_PADDING + 2)
        return [QTextLength(QTextLength.Type.FixedLength, w) for w in widths]

    def _insert_table(self, cur: QTextCursor, i: int, t: Table,
                      items: list[tuple[Finding, FindingTarget]], shown) -> None:
        rows, cols = shown.rows, shown.cols
        note_range = None
        if shown.cut:
            bf, nf = self._block_format("note")
            self._new_block(cur, bf)
            ns = cur.position()
            cur.insertText(shown.note(), nf)
            note_range = (ns, cur.position())
        # the grid lines are the table's grey background showing between white cells (1 px of cell
        # spacing): it looks like collapsed borders and paints and lays out ~3 times faster
        tf = QTextTableFormat()
        tf.setBorderCollapse(False)
        tf.setBorder(0)
        tf.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
        tf.setBackground(QBrush(QColor(GRID_COLOR)))
        tf.setCellPadding(CELL_PADDING)
        tf.setCellSpacing(GRID_LINE)
        tf.setTopMargin(6)
        tf.setBottomMargin(6)
        tf.setColumnWidthConstraints(self._column_lengths(t, shown, self._table_width))
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
        centred = QTextBlockFormat()
        centred.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        white = QTextTableCellFormat()
        white.setBackground(QColor("#ffffff"))
        for r in range(min(rows, len(t.grid))):
            row = t.grid[r]
            for c in range(min(cols, len(row))):
                cell = row[c]
                if cell is None or cell.row != r or cell.col != c:
                    continue
                if cell.rowspan > 1 or cell.colspan > 1:
                    table.mergeCells(r, c, min(cell.rowspan, rows - r), min(cell.colspan, cols - c))
                self._fill_cell(table, t.index, r, c, cell.text, outlined.get((r, c)),
                                (r, c) in marked, blanks.get((r, c)), centred, white)
        start = table.firstPosition()
        end = table.lastPosition()
        self._record_block(i, note_range[0] if note_range else start, end)
        self._tables.append((table, t, shown))
        for f, tg in items:
            cells = [x for x in tg.cells + tg.target_cells if x[0] == t.index]
            fp = f.fingerprint()
            if fp in self.finding_ranges:
                continue
            inside = [x for x in cells if x in self.cell_ranges]
            if inside:
                self.finding_ranges[fp] = self.cell_ranges[inside[0]]
            elif cells and note_range:         # a cell beyond what is shown: the note says why
                self.finding_ranges[fp] = note_range
            else:
                self.finding_ranges[fp] = (start, end)
        cur.movePosition(QTextCursor.MoveOperation.End)

    def _fill_cell(self, table, tindex: int, r: int, c: int, text: str, severity: str | None,
                   marked: bool, blank: Finding | None, centred: QTextBlockFormat,
                   white: QTextTableCellFormat) -> None:
        cell = table.cellAt(r, c)
        if not (marked or severity):
            cell.setFormat(white)
        else:
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
        if len(text) > MAX_CELL_CHARS:
            text = text[:MAX_CELL_CHARS] + "…"
        if text and is_number(text):
            cc.setBlockFormat(centred)
        start = cc.position()
        cc.insertText(text)
        if blank is not None and parse_number(text)[1] == "blank":
            mf = QTextCharFormat()
            mf.setForeground(QColor(SEVERITY_FG[blank.severity]))
            mf.setFontWeight(QFont.Weight.Bold)
            cc.insertText(MISSING_NUMBER, mf)
        end = cc.position()
        if severity or marked:
            self._name_anchor(start, max(end, start), f"t{tindex}r{r}c{c}")
        self.cell_ranges[(tindex, r, c)] = (start, end)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if abs(self._wrap_width_now() - self._wrap) > 8:
            self._reflow_todo = None
            self._reflow_timer.start()

    def _reflow(self) -> None:
        """The resize is over: the tables' widths first (a few tables a slice), then the text's."""
        if self._job is not None:                 # still building: the new width when it is done
            self._reflow_timer.start()
            return
        if self._reflow_todo is None:
            self._reflow_todo = list(self._tables)
            self._reflow_width = self._wrap_width_now()
        avail = max(200, self._reflow_width - 2 * 16 - 6)
        deadline = time.perf_counter() + SLICE
        cur = QTextCursor(self.document())
        cur.beginEditBlock()
        cells = 0
        try:
            while self._reflow_todo and time.perf_counter() < deadline and cells < SLICE_CELLS:
                table, t, shown = self._reflow_todo.pop(0)
                tf = table.format()
                tf.setColumnWidthConstraints(self._column_lengths(t, shown, avail))
                table.setFormat(tf)
                cells += shown.rows * shown.cols
        finally:
            cur.endEditBlock()
        if self._reflow_todo:
            self._reflow_step.start()
            return
        self._reflow_todo = None
        self._reflow_step.start()            # the text's width, in an event of its own

    def _reflow_next(self) -> None:
        if self._reflow_todo is not None:
            self._reflow()
        elif abs(self._reflow_width - self._wrap) > 0:
            self._set_wrap(self._reflow_width)

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

    # ------------------------------------------------------------ navigation
    def scroll_to_position(self, pos: int) -> None:
        """Put the text cursor at pos and scroll so it sits in the upper third of the view."""
        cur = QTextCursor(self.document())
        cur.setPosition(max(0, min(pos, self.document().characterCount() - 1)))
        self.setTextCursor(cur)
        rect = self.cursorRect(cur)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def scroll_to_block(self, block: int | None) -> bool:
        if block is None:
            return False
        if block not in self.block_ranges:
            if self._job is not None and block >= self._job.next:
                self._pending_block = block        # not built yet: scrolled to when it is
                return True
            return False
        self.scroll_to_position(self.block_ranges[block][0])
        return True

    def show_finding(self, f: Finding) -> bool:
        """Scroll to a finding and flash its highlight.  False if it is not in the view — then no
        highlight is left lit (the previous one would point at the wrong place)."""
        fp = f.fingerprint()
        rng = self.finding_ranges.get(fp)
        if rng is None:
            t = self.targets.get(fp)
            if self._job is not None and t is not None and t.block is not None and t.block >= self._job.next:
                self._clear_highlight()
                self._pending_finding = f          # its place is not built yet: shown when it is
                return True
            self._clear_highlight()
            return False
        self._pending_finding = None
        self.scroll_to_position(rng[0])
        self.current = rng
        self._flash_left = 6
        self._flash_timer.start()
        self._paint_current(True)
        return True

    def _clear_highlight(self) -> None:
        self.current = None
        self._flash_timer.stop()
        self._paint_current(True)

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
        cur.setPosition(max(end, start + 1), QTextCursor.MoveMode.KeepAnchor)
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
        k = bisect.bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        i = self._start_block[k]
        s, e = self.block_ranges[i]
        return i if s <= pos <= e else None


class _Build:
    """A build in progress: the blocks still to add and what goes into them."""

    def __init__(self, blocks, by_block, headings, title_block, cursor: QTextCursor):
        self.blocks = blocks
        self.by_block = by_block
        self.headings = headings
        self.title_block = title_block
        self.cursor = cursor
        self.next = 0
        self.chars = 0


def _worst_finding(findings: list[Finding]) -> Finding:
    return min(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


def _outline(fmt: QTextTableCellFormat, color: QColor, width: float,
             style=QTextFrameFormat.BorderStyle.BorderStyle_Solid) -> None:
    brush = QBrush(color)
    fmt.setBorder(width)
    fmt.setBorderBrush(brush)
    fmt.setBorderStyle(style)
