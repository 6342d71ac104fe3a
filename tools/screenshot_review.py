"""Screenshots of the real window for docs/ (issues 11 and 12), at the screen's size.

    xvfb-run -a -s "-screen 0 1366x768x24"  python3 tools/screenshot_review.py
    xvfb-run -a -s "-screen 0 1920x1080x24" python3 tools/screenshot_review.py

Writes docs/screenshot-<view>-<width>.png for:

    empty      the empty state (recent files listed)
    problems   a .docx draft with problems, a card selected
    pdf        the real PDF (tests/fixtures/real/hongze-2023.pdf) on the 原文 tab, the selected
               problem boxed
    marks      the ignored / 已修改 view (one of each, the ignored ones shown)
    clean      a clean draft (seed 002)
    folder     the folder view after a folder check finished (the folder of tests/test_gui_folder.py:
               seeds, corpus, a pair a year apart, a lock file, an encrypted and a non-report file)
    compare    the paired report opened from the folder list: back bar, summary "对比上年：…"
    comparedlg the 查看上年对比… dialog of that pair (its own size, not the screen's)

and at 1366 px wide also the README's pictures docs/screenshot-main.png and docs/screenshot-pdf.png
(and the unsuffixed docs/screenshot-folder.png / docs/screenshot-compare.png).
``--out DIR`` writes into DIR instead of docs/ (e.g. for a look at QT_SCALE_FACTOR=1.5).
Settings (recent files, marks) go to a temporary file, never the user's.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIX = ROOT / "tests" / "fixtures"
PROBLEMS = FIX / "corpus" / "25_pingtan-jingjifazhanju_2025.docx"
CLEAN = FIX / "seeds" / "002.docx"
PDF = FIX / "real" / "hongze-2023.pdf"
RECENT = [FIX / "corpus" / "13_pingtan-nongyenongcunju_2023.docx", FIX / "seeds" / "001.pdf",
          FIX / "corpus" / "07_pingtan-guoziju_2022.docx"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    to_docs = out.resolve() == (ROOT / "docs").resolve()

    # a fixed, readable place (its path is on the folder view's title line); ours alone, made afresh
    tmp = Path(tempfile.gettempdir()) / "年报检查截图"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    # nothing may reach the user's own settings, even a QSettings() made without a file
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

    import gui  # noqa: F401  (the PySide6 workaround first)
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtGui import QGuiApplication

    from gui.app import make_app
    from gui.finding_locator import Locator
    from gui.main_window import MainWindow
    from gui.problem_model import FindingRole

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp / "config"))
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(tmp / "config"))
    app = make_app(sys.argv)  # noqa: F841  (kept alive for the run)
    from tests.test_gui_folder import make_folder   # the folder the folder tests check

    drafts = tmp / "2025年报"
    drafts.mkdir()
    draft = drafts / "经济发展局2025年政府信息公开年报（征求意见稿）.docx"
    shutil.copy(PROBLEMS, draft)
    clean = drafts / "中宁县工信局2023年报.docx"
    shutil.copy(CLEAN, clean)
    pdf = drafts / "洪泽区2023年政府信息公开工作年度报告.pdf"
    shutil.copy(PDF, pdf)
    folder = make_folder(tmp / "2024年报")
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("recent", [str(p) for p in RECENT])
    screen = QGuiApplication.primaryScreen().availableGeometry()
    width = QGuiApplication.primaryScreen().geometry().width()

    def pause(ms: int) -> None:
        # an event loop of its own, not QTest.qWait: qWait keeps the GIL, and the PDF loader thread
        # (Python) then crawls (9 s instead of 0.5 s for hongze-2023.pdf)
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def until(pred, timeout_ms: int) -> bool:
        waited = 0
        while not pred() and waited < timeout_ms:
            pause(100)
            waited += 100
        return pred()

    w = MainWindow(settings)
    w.move(0, 0)
    w.resize(screen.width(), screen.height())
    w.show()
    pause(600)

    def save(widget, name: str, also: str | None = None) -> None:
        path = out / f"screenshot-{name}-{width}.png"
        img = widget.grab()
        img.save(str(path))
        print("saved", path)
        if also and width <= 1400 and to_docs:
            img.save(str(out / also))
            print("saved", out / also)

    def shoot(name: str, also: str | None = None) -> None:
        pause(400)
        save(w, name, also)

    def wait() -> None:
        until(lambda: not w.runner.busy and w.result is not None, 120_000)
        pause(500)

    def rows():
        p = w.problems
        return [p.proxy.index(r, 0).data(FindingRole) for r in range(p.proxy.rowCount())]

    # ------------------------------------------------------------ a single draft
    shoot("empty")
    w.open_file(str(draft))
    wait()
    p = w.problems
    found = rows()
    pick = next((r for r, f in enumerate(found) if f.rule == "ARI001" and f.section == "三"), 0)
    p.select_row(pick)
    pause(1800)   # the flash in the document ends
    shoot("problems", also="screenshot-main.png")
    # the clerk's marks: two neighbours in 四, one 已修改 and one 忽略, the ignored ones shown
    four = [r for r, f in enumerate(found) if f.section == "四"]
    fixed = next((r for r in four if found[r].severity == "fail"), four[0])
    dismissed = next((r for r in four if found[r].severity == "warn"), four[-1])
    p.select_row(fixed)
    w.set_modified(found[fixed], True)
    w.set_ignored(found[dismissed], True)
    p.show_ignored_box.setChecked(True)
    p.select_row(p.proxy.mapFromSource(p.model.index(p.model.row_of(found[dismissed].fingerprint()))).row())
    pause(1800)
    shoot("marks")
    p.show_ignored_box.setChecked(False)

    # ------------------------------------------------------------ the PDF on the 原文 tab
    w.open_file(str(pdf))
    wait()
    until(lambda: w.tabs.isTabEnabled(1), 20_000)
    w.tabs.setCurrentIndex(1)
    until(lambda: w.pdf_view.ready, 30_000)
    pause(300)
    locator = Locator(w.result.report)
    found = rows()
    # an error in a table with a box of its own (the table of 四 at hongze's), else any boxed one
    boxed = [r for r, f in enumerate(found) if (locator.pdf_place(f) or (None, None))[1]]
    pick = next((r for r in boxed if found[r].severity == "fail" and found[r].cells and found[r].section == "四"),
                next((r for r in boxed if found[r].severity == "fail" and found[r].cells), boxed[0] if boxed else 0))
    p.select_row(pick)
    pause(1800)   # the flash ended
    until(lambda: w.pdf_view.drawn, 30_000)
    f = found[pick]
    print("pdf: selected", f.rule, f.section, f.severity, locator.pdf_place(f), f.message[:60])
    shoot("pdf", also="screenshot-pdf.png")
    w.tabs.setCurrentIndex(0)

    # ------------------------------------------------------------ a clean draft
    w.open_file(str(clean))
    wait()
    shoot("clean")

    # ------------------------------------------------------------ a folder, and a pair compared
    fv = w.folder_view
    done = []
    fv.finished.connect(lambda: done.append(True))
    w.check_folder(str(folder))
    until(lambda: bool(done), 600_000)
    pause(500)
    pairs = {r.path: r.previous for r in fv.model.rows() if r.previous}
    print("folder: pairs", {Path(a).relative_to(folder).as_posix(): Path(b).relative_to(folder).as_posix()
                            for a, b in pairs.items()})
    this = next((a for a in pairs if a.endswith(".docx")), next(iter(pairs), None))
    if this:
        fv.select_path(this)
    pause(300)
    shoot("folder", also="screenshot-folder.png")
    if this:
        dlg = fv.show_comparison(this)
        pause(600)
        if dlg is not None:
            save(dlg, "comparedlg")
            dlg.close()
        fv.select_path(this)
        fv.open_selected()          # as a double-click on the row: the back bar says where it is
        wait()
        found = rows()
        cross = next((r for r, f in enumerate(found) if f.category == "crossyear"), 0)
        p.select_row(cross)
        pause(1800)
        shoot("compare", also="screenshot-compare.png")
    w.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
