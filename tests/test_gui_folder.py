"""The folder view (gui/folder_view.py) on a real folder made of the fixtures: every report listed
in path order, checked in the pool of check processes, progress to the end, 取消, an unreadable
file's row with its reason, non-reports shown as such, opening a report from the list, the pair
with last year matched and compared, and the summary workbook."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from openpyxl import load_workbook  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from core.check import check_file  # noqa: E402
from gui.folder_model import (CANCELLED, CMP_DONE, COL_FILE, COL_PREVIOUS, COL_READING, COL_STATUS,  # noqa: E402
                              DONE, FINAL_STATES, SKIPPED, UNREADABLE)
from core.folder import match_pairs, natural_key, scan_folder  # noqa: E402
from gui.folder_view import CompareDialog, FolderChecker, FolderView  # noqa: E402
from PySide6.QtCore import QMimeData, QPointF, QSettings, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from gui.main_window import PAGE_FOLDER, PAGE_WORK, MainWindow  # noqa: E402

FIX = Path(__file__).parent / "fixtures"
ORGAN = "平潭综合实验区行政审批局"
THIS_YEAR = "15_pingtan-xingzhengshenpiju_2024.txt"
LAST_YEAR = "2023.txt"
WAIT_S = 300


def make_folder(root: Path) -> Path:
    """seeds (.txt/.docx/.pdf) at the top, the corpus .docx in 平潭/, a consecutive pair in 对比/
    (corpus 15 of 2024, and corpus 03 of the same organ made into 2023), a Word lock file, an
    encrypted .docx, a .txt that is not a report, an attachment and some system clutter."""
    root.mkdir(parents=True, exist_ok=True)
    for p in sorted((FIX / "seeds").iterdir()):
        if p.suffix in (".txt", ".docx", ".pdf"):
            shutil.copy(p, root / p.name)
    corpus = root / "平潭"
    corpus.mkdir()
    for p in sorted((FIX / "corpus").glob("*.docx")):
        shutil.copy(p, corpus / p.name)
    pair = root / "对比"
    pair.mkdir()
    shutil.copy(FIX / "corpus" / THIS_YEAR, pair / THIS_YEAR)
    text = (FIX / "corpus" / "03_pingtan-xingzhengshenpiju_2021.txt").read_text("utf-8")
    (pair / LAST_YEAR).write_text(text.replace("2021", "2023"), "utf-8")
    shutil.copy(FIX / "seeds" / "000.docx", root / "~$lock.docx")
    shutil.copy(FIX / "malformed" / "encrypted.docx", root / "加密的年报.docx")
    (root / "会议纪要.txt").write_text("会议纪要\n今天开会讨论了食堂的菜单和停车位安排。\n", "utf-8")
    (root / "附件.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (root / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (root / "Thumbs.db").write_bytes(b"\0")
    hidden = root / ".git"
    hidden.mkdir()
    (hidden / "x.docx").write_bytes(b"")
    return root


def wait_until(pred, timeout: float = WAIT_S) -> None:
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        QTest.qWait(20)


def row_named(view: FolderView, name: str, folder: str | None = None):
    rows = [r for r in view.model.rows() if r.entry.name == name and (folder is None or r.entry.folder == folder)]
    assert len(rows) == 1, [r.entry.rel for r in rows]
    return rows[0]


def cell(view: FolderView, row, col: int) -> str:
    return view.model.index(view.model.row_of(row.path), col).data() or ""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_folder(tmp_path_factory.mktemp("年报") / "2024年报")


@pytest.fixture(scope="module")
def checked(qapp, folder):
    """One view that has checked the whole folder (shared by the tests that only read it)."""
    view = FolderView()
    view.resize(1366, 768)
    view.show()
    done = []
    view.finished.connect(lambda: done.append(True))
    view.check_folder(str(folder))
    wait_until(lambda: done)
    yield view
    view.close()
    view.deleteLater()
    QApplication.processEvents()


# ------------------------------------------------------------------ the scanner (no Qt)

def test_scan_lists_every_file_recursively_in_path_order(folder):
    scan = scan_folder(folder)
    rels = [e.rel for e in scan.entries]
    assert len(rels) == 15 + 14 + 2 + 4, rels          # seeds, corpus .docx, the pair, 4 at the top
    assert not any(".DS_Store" in r or "Thumbs.db" in r or ".git" in r for r in rels)
    assert scan_folder(folder).entries == scan.entries  # stable
    kinds = {e.name: e.kind for e in scan.entries}
    assert kinds["~$lock.docx"] == "lock"
    assert kinds["附件.xlsx"] == "other"
    assert kinds["加密的年报.docx"] == kinds["会议纪要.txt"] == kinds["000.pdf"] == "report"
    lock = next(e for e in scan.entries if e.kind == "lock")
    assert "临时文件" in lock.reason and not lock.checked
    assert len(scan.to_check) == 33
    assert [e.name for e in scan.entries if e.folder == "对比"] == [THIS_YEAR, LAST_YEAR]
    assert natural_key("2.docx") < natural_key("10.docx")
    assert scan_folder(folder / "不存在").error


def test_match_pairs_same_organ_consecutive_years():
    reports = [("/a/2024.docx", "平潭综合实验区 行政审批局", 2024),
               ("/a/2023.pdf", "平潭综合实验区行政审批局", 2023),
               ("/a/2023.docx", "平潭综合实验区行政审批局", 2023),    # same format as 2024.docx: chosen
               ("/a/2021.docx", "平潭综合实验区行政审批局", 2021),    # two years before 2023: no pair
               ("/a/other.docx", "平潭综合实验区财政金融局", 2022),
               ("/a/none.docx", None, 2022)]
    assert match_pairs(reports) == {"/a/2024.docx": "/a/2023.docx"}
    assert match_pairs(list(reversed(reports))) == {"/a/2024.docx": "/a/2023.docx"}


# ------------------------------------------------------------------ dispatch (a fake pool)

class FakeFuture:
    def __init__(self, path, previous):
        self.path, self.previous = path, previous
        self.started = threading.Event()
        self._outcome = None
        self.cancelled = False

    def done(self):
        return self._outcome is not None

    def outcome(self):
        return self._outcome

    def cancel(self):
        self.cancelled = True


class FakeDispatch:
    slots = 2

    def __init__(self):
        self.futures: list[FakeFuture] = []

    def submit(self, path, previous=None):
        f = FakeFuture(path, previous)
        self.futures.append(f)
        return f


def test_checker_keeps_few_jobs_in_the_pool_and_cancel_stops_the_rest(qtbot):
    dispatch = FakeDispatch()
    checker = FolderChecker(dispatch)
    try:
        _run_fake_checks(qtbot, dispatch, checker)
    finally:
        checker.cancel()
        checker.deleteLater()


def _run_fake_checks(qtbot, dispatch, checker):
    done, idle = [], []
    checker.jobDone.connect(lambda key, status, payload: done.append((key, status, payload)))
    checker.idle.connect(lambda cancelled: idle.append(cancelled))
    checker.run([(str(i), f"/f/{i}.txt", None) for i in range(10)])
    assert len(dispatch.futures) == dispatch.slots + 1          # not the whole folder at once
    dispatch.futures[1]._outcome = ("ok", "result 1")           # a later one finishes first
    qtbot.waitUntil(lambda: bool(done), timeout=2000)
    assert done == [("1", "ok", "result 1")]
    qtbot.waitUntil(lambda: len(dispatch.futures) == 4, timeout=2000)
    checker.cancel()
    assert idle == [True]
    assert all(f.cancelled for f in dispatch.futures if not f.done())
    QTest.qWait(100)
    assert len(dispatch.futures) == 4 and len(done) == 1         # nothing more was started


# ------------------------------------------------------------------ the whole folder, really checked

def test_progress_reaches_the_end_and_rows_stay_in_path_order(checked, folder):
    view = checked
    assert not view.busy and not view.cancelled
    assert view.progress.maximum() == 33 + 2                      # every report, and two comparisons
    assert view.progress.value() == view.progress.maximum()
    assert "检查完成" in view.state_label.text()
    assert [r.entry for r in view.model.rows()] == scan_folder(folder).entries
    assert all(r.state in FINAL_STATES for r in view.model.rows())
    assert sum(1 for r in view.model.rows() if r.state == DONE) == 33 - 1   # all but the encrypted file
    assert "不是年报 1" in view.summary.text() and "无法读取 1" in view.summary.text()
    assert "与上年报告配对 2 组" in view.summary.text()
    # the row shows what the checker found
    seed = row_named(view, "000.txt")
    expected = check_file(seed.path)
    assert cell(view, seed, COL_STATUS) == {"pass": "通过", "warn": "需核对", "fail": "不通过"}[expected.status]
    assert [f.fingerprint() for f in seed.result.findings] == [f.fingerprint() for f in expected.findings]
    assert seed.organ == expected.report.organ and seed.year == expected.report.year
    for sev, col in (("fail", 5), ("warn", 6), ("info", 7)):
        assert cell(view, seed, col) == str(expected.counts()[sev])
    reading = row_named(view, "004.docx")
    assert cell(view, reading, COL_READING).startswith("2 处：表三")


def test_unreadable_file_is_a_row_with_its_reason(checked):
    row = row_named(checked, "加密的年报.docx")
    assert row.state == UNREADABLE
    assert cell(checked, row, COL_STATUS) == "无法读取"
    assert "文件已加密" in cell(checked, row, COL_READING)
    # and the rows after it were checked all the same
    assert row_named(checked, "附件.xlsx").state == SKIPPED
    assert row_named(checked, THIS_YEAR).state == DONE


def test_lock_files_and_non_reports_are_shown_as_such(checked):
    lock = row_named(checked, "~$lock.docx")
    assert lock.state == SKIPPED and lock.result is None
    assert cell(checked, lock, COL_STATUS) == "不检查"
    assert "临时文件" in cell(checked, lock, COL_READING)
    attachment = row_named(checked, "附件.xlsx")
    assert "不是年报文件" in cell(checked, attachment, COL_READING)
    notes = row_named(checked, "会议纪要.txt")
    assert notes.state == DONE and not notes.result.report.is_report
    assert cell(checked, notes, COL_STATUS) == "不是年报" and cell(checked, notes, 5) == ""
    assert "不是政府信息公开工作年度报告" in cell(checked, notes, COL_READING)


def test_pair_with_last_year_is_matched_compared_and_shown(checked):
    view = checked
    this, last = row_named(view, THIS_YEAR, "对比"), row_named(view, LAST_YEAR, "对比")
    assert this.organ == last.organ == ORGAN and (this.year, last.year) == (2024, 2023)
    assert this.previous == last.path and this.compare == CMP_DONE
    assert view.previous_for(this.path) == last.path
    text = cell(view, this, COL_PREVIOUS)
    assert text.startswith(f"上年：{LAST_YEAR}（对比问题")
    # last year's report of two (the .txt and the .docx of this year): said as a count, named in the tooltip
    assert cell(view, last, COL_PREVIOUS) == "次年：2 份报告"
    tip = view.model.index(view.model.row_of(last.path), COL_PREVIOUS).data(Qt.ItemDataRole.ToolTipRole) or ""
    assert THIS_YEAR in tip and THIS_YEAR.replace(".txt", ".docx") in tip
    # the row now holds the comparison: what check_file(path, previous=…) gives, in one process
    expected = check_file(this.path, previous=last.path)
    assert this.result.previous is not None and this.result.previous.year == 2023
    want = sorted(f.fingerprint() for f in expected.findings if f.category == "crossyear")
    assert want and sorted(f.fingerprint() for f in this.crossyear()) == want
    assert f"对比问题 {len(want)} 个" in text
    assert cell(view, this, 6) == str(expected.counts()["warn"])
    # the 2024 .docx of the same organ is paired with the same 2023 report; 2021 has no 2020
    docx = row_named(view, THIS_YEAR.replace(".txt", ".docx"), "平潭")
    assert docx.previous == last.path
    assert row_named(view, "03_pingtan-xingzhengshenpiju_2021.docx").previous is None
    assert cell(view, row_named(view, "000.docx"), COL_PREVIOUS) == ""
    # the comparison dialog lists the crossyear findings
    view.select_path(this.path)
    assert view.compare_button.isEnabled()
    dlg = view.show_comparison()
    assert isinstance(dlg, CompareDialog)
    assert dlg.table.rowCount() == len(want)
    messages = [dlg.table.item(r, 2).text() for r in range(dlg.table.rowCount())]
    assert sorted(messages) == sorted(f.message for f in expected.findings if f.category == "crossyear")
    dlg.close()


def test_double_click_opens_the_report_and_back_returns(checked, qtbot):
    view = checked
    row = row_named(view, THIS_YEAR)
    idx = view.proxy.mapFromSource(view.model.index(view.model.row_of(row.path), COL_FILE))
    view.table.scrollTo(idx)
    rect = view.table.visualRect(idx)
    with qtbot.waitSignal(view.openReport, timeout=5000) as blocker:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [row.path]
    assert view.current_path == row.path
    # a lock file does not open
    lock = view.proxy.mapFromSource(view.model.index(view.model.row_of(row_named(view, "~$lock.docx").path), 0))
    opened = []
    view.openReport.connect(opened.append)
    view.table.scrollTo(lock)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(lock).center())
    assert opened == []
    view.openReport.disconnect(opened.append)
    # the bar the main window shows above an opened report
    bar = view.back_bar()
    bar.refresh()
    n, total = view.position_of(row.path)
    assert f"第 {n} / {total} 份" in bar.label.text() and total == 33
    with qtbot.waitSignal(view.backRequested, timeout=2000):
        bar.back_button.click()
    with qtbot.waitSignal(view.openReport, timeout=2000) as blocker:
        bar.next_button.click()
    assert blocker.args == [view.neighbour(row.path, 1)] and blocker.args[0] != row.path


def test_export_summary_workbook_refuses_to_overwrite_by_default(checked, qtbot, monkeypatch, tmp_path):
    view = checked
    out = tmp_path / "汇总.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert view.export_button.isEnabled()
    with qtbot.waitSignal(view.exported, timeout=60_000) as blocker:
        view.export()
    assert Path(blocker.args[0]) == out.absolute()
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and "整改清单" in wb.sheetnames and "上年对比" in wb.sheetnames
    summary = "\n".join(str(c.value) for r in wb["汇总"].iter_rows() for c in r if c.value is not None)
    assert THIS_YEAR in summary and "000.docx" in summary
    # exporting again to the same file asks, and the default answer is 否
    asked = []

    def question(parent, title, text, buttons=None, default=None):
        asked.append(default)
        return QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", question)
    before = out.stat().st_mtime_ns
    view.export()
    QTest.qWait(200)
    assert asked == [QMessageBox.StandardButton.No]
    assert out.stat().st_mtime_ns == before
    assert "没有导出" in view.state_label.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.exported, timeout=60_000):
        view.export()


def test_sorting_by_a_column_keeps_the_rows_and_their_results(checked):
    view = checked
    view.table.sortByColumn(COL_STATUS, Qt.SortOrder.AscendingOrder)
    first = view.model.row(view.proxy.mapToSource(view.proxy.index(0, 0)).row())
    assert first.status == "fail"
    assert view.neighbour(None, 1) == first.path
    view.table.sortByColumn(COL_FILE, Qt.SortOrder.AscendingOrder)
    view.proxy.sort(-1)            # back to the path order


def test_a_folder_without_reports_says_so(qtbot, tmp_path):
    (tmp_path / "说明.xlsx").write_bytes(b"x")
    view = FolderView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.finished, timeout=10_000):
        view.check_folder(str(tmp_path))
    assert view.banner.isVisibleTo(view) and "没有 .docx" in view.banner.text()
    assert view.model.rowCount() == 1 and view.model.row(0).state == SKIPPED
    assert view.progress.value() == view.progress.maximum() and not view.export_button.isEnabled()
    with qtbot.waitSignal(view.finished, timeout=10_000):
        view.check_folder(str(tmp_path / "不存在"))
    assert "无法读取这个文件夹" in view.banner.text()


# ------------------------------------------------------------------ cancel

def test_cancel_stops_the_remaining_checks(qtbot, folder):
    view = FolderView()
    qtbot.addWidget(view)
    view.show()
    finished = []
    view.finished.connect(lambda: finished.append(True))
    view.check_folder(str(folder))
    wait_until(lambda: any(r.state == DONE for r in view.model.rows()))
    assert view.cancel_button.isEnabled()
    view.cancel_button.click()
    wait_until(lambda: finished, timeout=10)
    assert view.cancelled and not view.busy
    states = [r.state for r in view.model.rows() if r.entry.checked]
    assert states.count(CANCELLED) > 0 and states.count(DONE) < len(states)
    assert all(s in FINAL_STATES for s in states)
    assert view.progress.value() < view.progress.maximum()
    assert "已取消" in view.state_label.text()
    snapshot = [(r.state, r.result is not None) for r in view.model.rows()]
    QTest.qWait(1500)                                             # nothing arrives after 取消
    assert [(r.state, r.result is not None) for r in view.model.rows()] == snapshot
    assert cell(view, next(r for r in view.model.rows() if r.state == CANCELLED), COL_STATUS) == "已取消"
    # the checks can be started again, and the pool still checks
    assert view.recheck_button.isEnabled()
    from core.bounded import check_file_bounded
    assert check_file_bounded(FIX / "seeds" / "000.txt").report.year == 2024


# ---------------------------------------------------------------- the main window's wiring
def test_main_window_folder_wiring(qtbot, tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "f")
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w); w.resize(1366, 768); w.show()
    mime = QMimeData(); mime.setUrls([QUrl.fromLocalFile(str(folder))])
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    w.dropEvent(ev)
    assert w.pages.currentIndex() == PAGE_FOLDER
    qtbot.waitUntil(lambda: not w.folder_view.busy, timeout=300_000)
    v = w.folder_view
    row = next(r for r in v.model.rows() if r.entry.name == THIS_YEAR)
    v.openReport.emit(row.path)
    assert w.pages.currentIndex() == PAGE_WORK and w.back_bar.isVisible()
    qtbot.waitUntil(lambda: w.result is not None and not w.runner.busy, timeout=60_000)
    assert w.result.previous is not None and Path(w.result.previous.document.path).name == LAST_YEAR
    assert "对比上年" in w.summary.text()
    assert any(f.category == "crossyear" for f in w.result.findings)
    w.back_bar.back_button.click()
    assert w.pages.currentIndex() == PAGE_FOLDER and v.selected_path() == row.path
    # 对比上年年报… on a plain draft
    w.open_file(str(folder / "000.txt"))
    qtbot.waitUntil(lambda: w.result is not None and not w.runner.busy, timeout=60_000)
    assert w.result.previous is None
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(folder / "002.txt"), ""))
    w.choose_previous()
    qtbot.waitUntil(lambda: w.result is not None and w.result.previous is not None and not w.runner.busy, timeout=60_000)
    assert any(f.rule == "YOY001" for f in w.result.findings)   # a different organ: said, nothing compared
    # Esc on the folder page cancels the folder, F5 re-checks it
    w.show_folder_list()
    w.recheck()
    assert v.busy
    w.cancel_check()
    qtbot.waitUntil(lambda: not v.busy, timeout=10_000)
    assert v.cancelled


def test_back_bar_actions_and_counts_follow_the_page(qtbot, tmp_path):
    """Found on the screenshots: the back bar shown for a file not in the folder, and at the wrong place
    after 打开本年报告 in the comparison dialog; on the folder page the draft's actions and count stayed."""
    folder = make_folder(tmp_path / "f")
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open_file(str(folder / "000.txt"))
    qtbot.waitUntil(lambda: w.result is not None and not w.runner.busy, timeout=60_000)
    assert w.count_label.text()
    w.check_folder(str(folder))
    v = w.folder_view
    qtbot.waitUntil(lambda: not v.busy, timeout=300_000)
    # the folder page: its actions are the list's, and the draft's count is not shown
    assert w.pages.currentIndex() == PAGE_FOLDER
    assert not w.compare_action.isEnabled() and not w.annotate_action.isEnabled()
    assert w.export_action.text().startswith("导出汇总") and w.count_label.text() == ""
    # a report of the folder: the bar at its place
    paths = v.shown_paths()
    this = next(r.path for r in v.model.rows() if r.entry.name == THIS_YEAR)
    v.select_path(this)
    v.openReport.emit(this)
    assert w.back_bar.isVisible()
    assert f"第 {paths.index(this) + 1} / {len(paths)} 份" in w.back_bar.label.text()
    assert w.export_action.text().startswith("导出整改清单")
    qtbot.waitUntil(lambda: w.result is not None and not w.runner.busy, timeout=60_000)
    assert w.count_label.text()
    # from the comparison dialog: the bar follows the report opened
    w.show_folder_list()
    dlg = v.show_comparison(this)
    assert dlg is not None
    first = paths[0]
    w.open_file(first)                        # elsewhere in the list first
    assert f"第 1 / {len(paths)} 份" in w.back_bar.label.text()
    dlg.openRequested.emit(this)
    assert f"第 {paths.index(this) + 1} / {len(paths)} 份" in w.back_bar.label.text()
    dlg.close()
    # a file that is not in the folder: no bar back to it
    outside = tmp_path / "别处.txt"
    shutil.copy(folder / "000.txt", outside)
    w.open_file(str(outside))
    assert not w.back_bar.isVisible()
