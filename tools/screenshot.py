"""Screenshots of the real window for the README.

    xvfb-run -s "-screen 0 1366x768x24" python3 tools/screenshot.py

Opens seed 000 (the .docx if it exists) with a problem selected -> docs/screenshot-main.png,
then the real PDF on the 原文 tab -> docs/screenshot-pdf.png.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from gui.app import make_app  # noqa: E402
from gui.finding_locator import Locator  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.problem_model import FindingRole  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
PDF = ROOT / "tests" / "fixtures" / "real" / "hongze-2023.pdf"


def wait_for_result(app, w: MainWindow, timeout_ms: int = 120_000) -> None:
    waited = 0
    while (w.runner.busy or w.result is None) and waited < timeout_ms:
        QTest.qWait(100)
        waited += 100
    QTest.qWait(300)


def pick_row(w: MainWindow, want_pdf_place: bool = False) -> int:
    """A problem with a place in the text, errors first (the proxy is sorted by severity)."""
    locator = Locator(w.result.report)
    for row in range(w.problems.proxy.rowCount()):
        f = w.problems.proxy.index(row, 0).data(FindingRole)
        t = locator.locate(f)
        if want_pdf_place and not (locator.pdf_place(f) or (None, None))[1]:
            continue
        if t.start is not None or t.cells:
            return row
    return 0


def shoot(w: MainWindow, path: Path, row: int, tab: int) -> None:
    w.tabs.setCurrentIndex(tab)
    w.problems.select_row(row)
    QTest.qWait(1800)  # let the flash end
    w.grab().save(str(path))
    print("saved", path)


def main() -> int:
    app = make_app(sys.argv)
    tmp = tempfile.mkdtemp()
    settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    w.resize(1366, 740)
    w.move(0, 0)
    w.show()
    seed = SEEDS / "000.docx" if (SEEDS / "000.docx").exists() else SEEDS / "000.txt"
    w.open_file(str(seed))
    wait_for_result(app, w)
    shoot(w, ROOT / "docs" / "screenshot-main.png", pick_row(w), 0)
    w.open_file(str(PDF))
    wait_for_result(app, w)
    shoot(w, ROOT / "docs" / "screenshot-pdf.png", pick_row(w, want_pdf_place=True), 1)
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
