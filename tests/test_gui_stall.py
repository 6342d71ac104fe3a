"""No input freezes the window: the longest gap between the ticks of a 10 ms QTimer is measured
while the window shows pathological drafts.  The figures are printed (``bench/bench_ui_stall.py``
collects them; the goal is 0.2 s); the tests assert ≤ 1 s, a guard against the old freezes (35 s,
more than 10 minutes) that a busy shared machine cannot trip.

- a result with a 1000-column table and a 2000 × 60 table (the old 文档 view froze 35 s on the
  first and more than 10 minutes on the second: quadratic), fed to the view as the window does —
  through MainWindow with the check injected — then scrolled, resized, a problem clicked, one ignored;
- a PDF whose pages carry 300 000 vector paths each (accepted by the checker; QtPdf needs seconds a
  page), zoomed in and out while its pages render.
"""
from __future__ import annotations

import random
import shutil
import time
import zlib
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from core.check import check_file  # noqa: E402
from core.findings import Finding  # noqa: E402
from core.model import Cell, Location, Paragraph, Table  # noqa: E402
from gui.document_view import DocumentView  # noqa: E402
from tools.pdf_bytes import pdf_from_objects  # noqa: E402

FIX = Path(__file__).parent / "fixtures"
SEED = FIX / "seeds" / "000.txt"
LIMIT = 1.0     # a regression guard (the old view froze 35 s and >10 min); the figures: bench/bench_ui_stall.py


class StallMeter:
    """A 10 ms timer; ``worst`` is the longest time between two of its ticks."""

    def __init__(self):
        self.worst = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last)
        self._last = now
        self.ticks += 1

    def start(self) -> "StallMeter":
        self._last = time.perf_counter()
        self.timer.start()
        return self

    def stop(self) -> None:
        self.timer.stop()
        self._tick()


def huge_result(path: Path):
    """Seed 000 as checked, with a 3 × 1000 and a 2000 × 60 table appended (what a .txt with TABs
    gives), and problems in their first, middle and last cells."""
    result = check_file(path)
    doc = result.report.document
    n_tables = sum(1 for _ in doc.tables())
    for rows, cols in ((3, 1000), (2000, 60)):
        idx = len(doc.blocks)
        doc.blocks.append(Paragraph(idx, f"附表：{rows} 行 × {cols} 列", Location(paragraph=idx)))
        idx += 1
        grid = [[Cell(r, c, f"第{r}行" if c == 0 else str((r * cols + c) % 99991),
                      Location(paragraph=idx, table=n_tables, row=r, col=c)) for c in range(cols)]
                for r in range(rows)]
        doc.blocks.append(Table(n_tables, grid, Location(paragraph=idx, table=n_tables)))
        for k, (r, c) in enumerate(((0, 1), (rows // 2, cols // 2), (rows - 1, cols - 1))):
            result.findings.append(Finding(f"T-HUGE{n_tables}-{k}", "arithmetic", "fail", "三",
                                           f"大表第{r + 1}行第{c + 1}列", "核对",
                                           Location(table=n_tables, row=r, col=c),
                                           excerpt=f"{rows}x{cols}:{r}:{c}"))
        n_tables += 1
    return result


def test_huge_tables_in_the_document_view(qtbot):
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(600, 700)
    view.show()
    qtbot.waitExposed(view)
    result = huge_result(SEED)
    view.show_result(check_file(SEED))           # fonts and the like loaded, as in a running window
    qtbot.wait(200)
    meter = StallMeter().start()
    t0 = time.perf_counter()
    view.show_result(result)
    assert view.show_finding(result.findings[-1])   # clicked before its place is built: shown when it is
    qtbot.waitUntil(lambda: not view.building, timeout=60_000)
    built = time.perf_counter() - t0
    far = view.finding_ranges[result.findings[-1].fingerprint()]
    assert view.highlighted_range()[0] == far[0]
    for _ in range(20):
        bar = view.verticalScrollBar()
        bar.setValue(min(bar.maximum(), bar.value() + 300))
        qtbot.wait(15)
    view.resize(900, 700)
    qtbot.wait(400)
    view.resize(600, 700)
    qtbot.wait(400)
    view.show_result(result)                     # again (an ignore, a re-check)
    qtbot.waitUntil(lambda: not view.building, timeout=60_000)
    qtbot.wait(100)
    meter.stop()
    print(f"\n文档 view, 3×1000 and 2000×60 tables: built in {built:.2f} s in {view.slices} slices, "
          f"longest UI stall {meter.worst * 1000:.0f} ms ({meter.ticks} ticks)")
    assert meter.worst <= LIMIT, f"the window froze for {meter.worst:.2f} s"


def test_huge_tables_through_the_window(qtbot, tmp_path, monkeypatch):
    from gui.main_window import MainWindow
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    draft = tmp_path / "大表.txt"
    shutil.copy(SEED, draft)
    # made here, not in the injected check: 120 000 cells made in-process in the check's thread
    # would stall the UI by the GIL and the garbage collector, which the real, separate checker
    # process never does
    result = huge_result(draft)
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   check=lambda path: result, log_file=str(tmp_path / "l.log"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(200)
    meter = StallMeter().start()
    w.open_file(str(draft))
    qtbot.waitUntil(lambda: not w.runner.busy and w.result is not None, timeout=120_000)
    qtbot.waitUntil(lambda: not w.document_view.building, timeout=60_000)
    view = w.document_view
    for row in range(min(4, w.problems.proxy.rowCount())):
        w.problems.select_row(row)
        qtbot.wait(30)
    bar = view.verticalScrollBar()
    for _ in range(10):
        bar.setValue(min(bar.maximum(), bar.value() + 400))
        qtbot.wait(15)
    w.resize(1000, 700)
    qtbot.wait(300)
    w.resize(1366, 768)
    qtbot.wait(300)
    f = w.problems.current_finding()
    if f is not None:
        w.set_ignored(f, True)
        qtbot.waitUntil(lambda: not view.building, timeout=60_000)
    qtbot.wait(100)
    meter.stop()
    print(f"\nwindow, 3×1000 and 2000×60 tables: longest UI stall {meter.worst * 1000:.0f} ms ({meter.ticks} ticks)")
    assert meter.worst <= LIMIT, f"the window froze for {meter.worst:.2f} s"


# ------------------------------------------------------------------ a PDF slow to render
def heavy_pdf(paths: int, pages: int = 2) -> bytes:
    random.seed(7)
    ops = bytearray(b"BT /F1 24 Tf 1 0 0 1 72 760 Tm (A page slow to draw) Tj ET\n")
    for _ in range(paths):
        ops += b"%.1f %.1f 2 2 re f\n" % (random.random() * 595, random.random() * 842)
    content = zlib.compress(bytes(ops), 6)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
             b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    return pdf_from_objects(objs, binary_mark=False)


def test_a_pdf_slow_to_render_does_not_freeze_the_window(qtbot, tmp_path):
    pytest.importorskip("PySide6.QtPdf")
    from gui.pdf_view import PdfView
    path = tmp_path / "heavy.pdf"
    path.write_bytes(heavy_pdf(300_000))
    view = PdfView()
    qtbot.addWidget(view)
    view.resize(700, 900)
    view.show()
    qtbot.waitExposed(view)
    meter = StallMeter().start()
    t0 = time.perf_counter()
    view.load(str(path))
    qtbot.waitUntil(lambda: view.ready, timeout=20_000)
    steps = 0
    while time.perf_counter() - t0 < 4.0:            # zoom and scroll while QtPdf draws
        (view.zoom_in if steps % 4 < 2 else view.zoom_out)()
        view.area.verticalScrollBar().setValue(steps * 37 % max(1, view.area.verticalScrollBar().maximum()))
        steps += 1
        qtbot.wait(120)
    view.fit_width()
    qtbot.waitUntil(lambda: view.renderer.renders >= 1, timeout=60_000)
    meter.stop()
    print(f"\nPDF of 300 000 paths a page: first page drawn after {time.perf_counter() - t0:.1f} s, "
          f"{view.renderer.requests} pages asked of QtPdf for {steps} zoom/scroll steps, "
          f"longest UI stall {meter.worst * 1000:.0f} ms")
    assert view.renderer.requests <= steps + 4      # one request at a time, never a backlog
    assert meter.worst <= LIMIT, f"the window froze for {meter.worst:.2f} s"
