"""Screenshots of the real window's review pane for docs/ (issue 11), at the screen's size.

    xvfb-run -a -s "-screen 0 1366x768x24"  python3 tools/screenshot_review.py
    xvfb-run -a -s "-screen 0 1920x1080x24" python3 tools/screenshot_review.py

Writes docs/screenshot-<view>-<width>.png for: the empty state (recent files listed), a .docx draft
with problems and a card selected, the ignored / 已修改 view, a clean draft; at 1366 px wide also
docs/screenshot-main.png (the README's picture).  Settings go to a temporary file.
"""
from __future__ import annotations

import multiprocessing
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIX = ROOT / "tests" / "fixtures"
PROBLEMS = FIX / "corpus" / "25_pingtan-jingjifazhanju_2025.docx"
CLEAN = FIX / "seeds" / "002.docx"
RECENT = [FIX / "corpus" / "13_pingtan-nongyenongcunju_2023.docx", FIX / "seeds" / "001.pdf",
          FIX / "corpus" / "07_pingtan-guoziju_2022.docx"]


def main() -> int:
    import gui  # noqa: F401  (the PySide6 workaround first)
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from gui.app import make_app
    from gui.main_window import MainWindow
    from gui.problem_model import FindingRole

    app = make_app(sys.argv)  # noqa: F841  (kept alive for the run)
    tmp = Path(tempfile.mkdtemp())
    drafts = tmp / "2025年报"
    drafts.mkdir()
    draft = drafts / "经济发展局2025年政府信息公开年报（征求意见稿）.docx"
    shutil.copy(PROBLEMS, draft)
    clean = drafts / "中宁县工信局2023年报.docx"
    shutil.copy(CLEAN, clean)
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("recent", [str(p) for p in RECENT])
    screen = QGuiApplication.primaryScreen().availableGeometry()
    width = screen.width()
    out = ROOT / "docs"

    w = MainWindow(settings)
    w.move(0, 0)
    w.resize(screen.width(), screen.height())
    w.show()
    QTest.qWait(600)

    def shoot(name: str) -> None:
        QTest.qWait(400)
        path = out / f"screenshot-{name}-{width}.png"
        w.grab().save(str(path))
        print("saved", path)

    def wait() -> None:
        waited = 0
        while (w.runner.busy or w.result is None) and waited < 120_000:
            QTest.qWait(100)
            waited += 100
        QTest.qWait(500)

    shoot("empty")
    w.open_file(str(draft))
    wait()
    p = w.problems
    rows = [p.proxy.index(r, 0).data(FindingRole) for r in range(p.proxy.rowCount())]
    pick = next((r for r, f in enumerate(rows) if f.rule == "ARI001" and f.section == "三"), 0)
    p.select_row(pick)
    QTest.qWait(1800)   # the flash in the document ends
    shoot("problems")
    if width <= 1400:
        w.grab().save(str(out / "screenshot-main.png"))
        print("saved", out / "screenshot-main.png")
    # the clerk's marks: two neighbours in 四, one 已修改 and one 忽略, the ignored ones shown
    four = [r for r, f in enumerate(rows) if f.section == "四"]
    fixed = next((r for r in four if rows[r].severity == "fail"), four[0])
    dismissed = next((r for r in four if rows[r].severity == "warn"), four[-1])
    p.select_row(fixed)
    w.set_modified(rows[fixed], True)
    w.set_ignored(rows[dismissed], True)
    p.show_ignored_box.setChecked(True)
    p.select_row(p.proxy.mapFromSource(p.model.index(p.model.row_of(rows[dismissed].fingerprint()))).row())
    QTest.qWait(1800)
    shoot("marks")
    w.open_file(str(clean))
    wait()
    shoot("clean")
    w.close()
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
