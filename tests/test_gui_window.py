"""Drive the real MainWindow on real files and compare what it shows with core.check.check_file."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from core.check import check_file  # noqa: E402
from core.findings import SEVERITY_CN, STATUS_CN  # noqa: E402
from core.model import ReadError  # noqa: E402
from core.report import SECTIONS_WITH_PREFACE  # noqa: E402
from gui.finding_locator import Locator  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.section_model import CountRole, StatusRole  # noqa: E402

FIX = Path(__file__).parent / "fixtures"
SEED = FIX / "seeds" / "000.txt"
REAL_PDF = FIX / "real" / "hongze-2023.pdf"
OPENABLE = sorted(FIX.glob("seeds/000.*")) + [REAL_PDF]
WAIT_MS = 90_000


# ------------------------------------------------------------------ fixtures
@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialogs(monkeypatch):
    """Capture message boxes instead of blocking on them."""
    seen: list[tuple[str, str, str]] = []

    def fake(kind, answer=QMessageBox.StandardButton.Ok):
        def f(parent, title, text, *a, **k):
            seen.append((kind, title, text))
            return answer
        return f
    monkeypatch.setattr(QMessageBox, "warning", fake("warning"))
    monkeypatch.setattr(QMessageBox, "critical", fake("critical"))
    monkeypatch.setattr(QMessageBox, "information", fake("information"))
    monkeypatch.setattr(QMessageBox, "question", fake("question", QMessageBox.StandardButton.Yes))
    return seen


@pytest.fixture
def make_window(qtbot, settings, dialogs, tmp_path):
    def make(check=None):
        w = MainWindow(settings, check=check, log_file=str(tmp_path / "nianbao.log"))
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        return w
    return make


@pytest.fixture
def window(make_window):
    return make_window()


def open_and_wait(qtbot, w, path) -> None:
    w.open_file(str(path))
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=WAIT_MS)


def wait_saved(qtbot, w) -> None:
    """Exports run off the UI thread: wait for the 已保存 note, then close it."""
    w.saved_box = None
    qtbot.waitUntil(lambda: w.saved_box is not None, timeout=WAIT_MS)
    w.saved_box.close()


def active_counts_by_section(result):
    active = result.active()
    return {s: sum(1 for f in active if f.section == s) for s in SECTIONS_WITH_PREFACE}


# ------------------------------------------------------------------ opening
@pytest.mark.parametrize("path", OPENABLE, ids=lambda p: p.name)
def test_open_shows_checker_result(qtbot, window, path):
    expected = check_file(path)
    open_and_wait(qtbot, window, path)
    got = window.result
    assert got is not None, window.last_error
    assert [f.fingerprint() for f in got.findings] == [f.fingerprint() for f in expected.findings]
    model = window.sections.model
    want_status = expected.section_status()
    want_counts = active_counts_by_section(expected)
    for s in SECTIONS_WITH_PREFACE:
        idx = model.index(model.row_of(s))
        assert idx.data(StatusRole) == want_status[s], s
        assert idx.data(CountRole) == want_counts[s], s
        assert STATUS_CN[want_status[s]] in idx.data()
    assert window.problems.proxy.rowCount() == len(expected.active())
    text = window.summary.text()
    assert STATUS_CN[expected.status] in text
    for sev, n in expected.counts().items():
        assert f"{SEVERITY_CN[sev]} {n}" in text
    assert window.tabs.isTabEnabled(1) == (path.suffix == ".pdf")
    if path.suffix == ".pdf":     # the 原文 tab is loaded once the checker has read the file
        assert window.pdf_view.page_count == expected.report.document.page_count


def test_seed_has_problems_listed_and_highlighted(qtbot, window):
    open_and_wait(qtbot, window, SEED)
    active = window.result.active()
    assert active, "seed 000 leaves a count blank: the checker must report something"
    for f in active:
        assert f.fingerprint() in window.document_view.finding_ranges, f.message


def test_click_problem_scrolls_to_its_place(qtbot, window):
    open_and_wait(qtbot, window, SEED)
    view = window.document_view
    locator = Locator(window.result.report)
    table = window.problems.table
    n = window.problems.proxy.rowCount()
    assert n > 0
    for row in range(n):
        idx = window.problems.proxy.index(row, 0)
        view.verticalScrollBar().setValue(0)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(idx).center())
        f = window.problems.current_finding()
        assert f is window.problems.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 1)
        start, end = view.finding_ranges[f.fingerprint()]
        assert view.highlighted_range()[0] == start
        assert view.textCursor().position() == start
        target = locator.locate(f)
        if target.block is not None:
            assert view.block_at(start) == target.block
        assert view.viewport().rect().intersects(view.cursorRect()), "the problem is not scrolled into view"


def test_section_filters_list_and_scrolls(qtbot, window):
    open_and_wait(qtbot, window, SEED)
    report = window.result.report
    want = active_counts_by_section(window.result)
    for number in ("三", "五"):
        window.sections.select(number)
        assert window.problems.proxy.rowCount() == want[number]
        block = report.section(number).heading_block
        assert window.document_view.block_at(window.document_view.textCursor().position()) == block
    window.sections.select("")
    assert window.problems.proxy.rowCount() == len(window.result.active())


# ------------------------------------------------------------------ ignoring
def test_ignore_changes_counts_and_survives_recheck(qtbot, make_window, settings):
    w = make_window()
    open_and_wait(qtbot, w, SEED)
    before = w.result.counts()
    n_rows = w.problems.proxy.rowCount()
    w.problems.select_row(0)
    f = w.problems.current_finding()
    qtbot.mouseClick(w.problems.ignore_button, Qt.MouseButton.LeftButton)
    after = w.result.counts()
    assert after[f.severity] == before[f.severity] - 1
    assert w.problems.proxy.rowCount() == n_rows - 1
    assert f.fingerprint() not in w.document_view.finding_ranges
    assert f"{SEVERITY_CN[f.severity]} {after[f.severity]}" in w.summary.text()
    old = w.result
    qtbot.keyClick(w, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: w.result is not old and not w.runner.busy, timeout=WAIT_MS)
    assert f.fingerprint() in w.result.ignored
    assert w.result.counts() == after
    w.problems.show_ignored_box.setChecked(True)
    assert w.problems.proxy.rowCount() == n_rows
    # a new window (the app started again) remembers it too
    w2 = make_window()
    open_and_wait(qtbot, w2, SEED)
    assert w2.result.counts() == after


# ------------------------------------------------------------------ drag and drop, file changes
def test_drop_a_file_opens_it(qtbot, window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SEED))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: window.result is not None, timeout=WAIT_MS)
    assert window.path == str(SEED.resolve())
    assert len(window.result.findings) == len(check_file(SEED).findings)


def test_recheck_when_file_is_saved_again(qtbot, window, tmp_path):
    draft = tmp_path / "草稿.txt"
    shutil.copy(SEED, draft)
    open_and_wait(qtbot, window, draft)
    first = window.result
    # save the way Word does: write a new file, then rename it over the old one
    text = SEED.read_text(encoding="utf-8")
    fixed = text.replace("共主动公开政府信息 条", "共主动公开政府信息 51 条")
    assert fixed != text
    time.sleep(0.05)
    tmp = tmp_path / "~wrl0001.tmp"
    tmp.write_text(fixed, encoding="utf-8")
    os.replace(tmp, draft)
    qtbot.waitUntil(lambda: window.result is not first and not window.runner.busy, timeout=WAIT_MS)
    expected = check_file(draft)
    assert [f.fingerprint() for f in window.result.findings] == [f.fingerprint() for f in expected.findings]
    assert [f.fingerprint() for f in first.findings] != [f.fingerprint() for f in expected.findings]
    # and a second save is noticed too (the path was re-added to the watcher)
    second = window.result
    time.sleep(0.05)
    draft.write_text(text, encoding="utf-8")
    qtbot.waitUntil(lambda: window.result is not second and not window.runner.busy, timeout=WAIT_MS)
    assert len(window.result.findings) == len(first.findings)


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("name,content", [("空文件.txt", b""), ("乱码.docx", os.urandom(3000)),
                                          ("二进制.txt", bytes(range(256)) * 20)])
def test_broken_file_shows_message(qtbot, window, dialogs, tmp_path, name, content):
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(ReadError) as err:
        check_file(bad)
    open_and_wait(qtbot, window, bad)
    assert window.result is None
    assert dialogs and dialogs[-1][0] == "warning"
    assert err.value.message in dialogs[-1][2]
    assert "Traceback" not in dialogs[-1][2]
    assert window.banner.isVisible() and err.value.message in window.banner.text()
    open_and_wait(qtbot, window, SEED)   # the app goes on working
    assert window.result is not None and not window.banner.text().startswith("无法读取")


def test_unexpected_error_is_logged_and_shown(qtbot, make_window, dialogs, tmp_path, caplog):
    def broken(path):
        raise ZeroDivisionError("boom")
    w = make_window(check=broken)
    open_and_wait(qtbot, w, SEED)
    assert dialogs[-1][0] == "critical"
    assert "nianbao.log" in dialogs[-1][2] and "ZeroDivisionError" not in dialogs[-1][1]
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)
    assert w.isVisible()


def test_second_open_while_checking_drops_the_stale_result(qtbot, make_window, tmp_path):
    slow = tmp_path / "慢.txt"
    shutil.copy(SEED, slow)

    def check(path):
        if path.endswith("慢.txt"):
            time.sleep(1.0)
        return check_file(path)
    w = make_window(check=check)
    w.open_file(str(slow))
    assert w.progress.isVisible()
    w.open_file(str(SEED))
    qtbot.waitUntil(lambda: w.runner.dropped == 1, timeout=WAIT_MS)
    assert w.path == str(SEED.resolve())
    assert w.result is not None and w.result.report.document.path.endswith("000.txt")
    assert not w.progress.isVisible()


# ------------------------------------------------------------------ PDF 原文 tab
def test_pdf_tab_outlines_selected_problem(qtbot, window):
    open_and_wait(qtbot, window, REAL_PDF)
    assert window.tabs.isTabEnabled(1)
    assert window.pdf_view.page_count == check_file(REAL_PDF).report.document.page_count
    locator = Locator(window.result.report)
    rows = [r for r in range(window.problems.proxy.rowCount())
            if locator.pdf_place(window.problems.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1))]
    assert rows, "no problem in the real PDF has a page"
    window.tabs.setCurrentIndex(1)
    window.problems.select_row(rows[0])
    page, bbox = locator.pdf_place(window.problems.current_finding())
    assert window.pdf_view.page == page - 1
    if bbox:
        rect = window.pdf_view.outline_rect()
        assert rect is not None and rect.top() == pytest.approx(bbox[1] * window.pdf_view.scale)
    # a problem with no place in the PDF (a missing section): the previous box goes out
    import dataclasses
    boxed = [r for r in rows if (locator.pdf_place(window.problems.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)) or (0, None))[1]]
    assert boxed, "no problem in the real PDF has a box"
    window.problems.select_row(boxed[0])
    assert window.pdf_view.outline_rect() is not None
    nowhere = dataclasses.replace(window.problems.current_finding(), loc=None, cells=[], target_cells=[], excerpt="", section="")
    assert locator.pdf_place(nowhere) is None
    window._on_finding(nowhere)
    assert window.pdf_view.outline_rect() is None


# ------------------------------------------------------------------ export, settings, keyboard
def test_export_proposes_name_and_asks_before_overwrite(qtbot, window, dialogs, monkeypatch, tmp_path):
    from gui import main_window
    xlsx = main_window.exporter()
    assert xlsx is not None
    draft = tmp_path / "年报.txt"
    shutil.copy(SEED, draft)
    open_and_wait(qtbot, window, draft)
    assert window.export_action.isEnabled()
    proposed = []
    out = tmp_path / "清单.xlsx"
    from PySide6.QtWidgets import QFileDialog

    def fake_save(parent, caption, start, *a, **k):
        proposed.append(start)
        return str(out), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    window.export_action.trigger()
    wait_saved(qtbot, window)
    assert out.exists()
    from datetime import date
    assert proposed[0] == str(tmp_path / xlsx.default_export_name(draft, date.today()))
    first = out.stat().st_mtime_ns
    time.sleep(0.02)
    window.export_action.trigger()
    assert dialogs[-1][0] == "question"
    wait_saved(qtbot, window)
    assert out.stat().st_mtime_ns != first


def test_export_disabled_without_exporter(qtbot, window, monkeypatch):
    from gui import main_window
    monkeypatch.setattr(main_window, "exporter", lambda: None)
    open_and_wait(qtbot, window, SEED)
    assert not window.export_action.isEnabled()
    assert "尚未" in window.export_action.toolTip()


def test_window_remembers_size_splitter_and_recent(qtbot, make_window):
    w = make_window()
    open_and_wait(qtbot, w, SEED)
    w.resize(1100, 700)
    w.splitter.setSizes([250, 500, 350])
    sizes = w.splitter.sizes()
    w.close()
    w2 = make_window()
    w2.show()
    assert w2.recent_files()[0] == str(SEED.resolve())
    assert w2.recent_menu.actions() and w2.recent_menu.actions()[0].toolTip() == str(SEED.resolve())
    assert w2.empty.recent.count() and w2.empty.recent.item(0).toolTip() == str(SEED.resolve())
    w2.close()   # closed before a draft was opened: the remembered splitter stays as it was
    w3 = make_window()
    open_and_wait(qtbot, w3, SEED)
    assert w3.splitter.sizes()[0] == sizes[0]


def test_keyboard_opens_and_rechecks(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(SEED), ""))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.result is not None and not window.runner.busy, timeout=WAIT_MS)
    old = window.result
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.result is not old, timeout=WAIT_MS)
    for action in (window.open_action, window.recheck_action, window.export_action):
        assert not action.shortcut().isEmpty()


def test_command_line_opens_file(qtbot, monkeypatch, tmp_path):
    import sys

    from PySide6.QtWidgets import QApplication

    import gui.app as app_mod
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    monkeypatch.setattr(app_mod, "log_path", lambda: str(tmp_path / "log" / "nianbao.log"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    opened = []
    before = set(map(id, QApplication.topLevelWidgets()))

    def fake_exec(self=None):
        w = next(x for x in QApplication.topLevelWidgets()
                 if isinstance(x, MainWindow) and id(x) not in before)
        qtbot.waitUntil(lambda: w.result is not None, timeout=WAIT_MS)
        opened.append(w)
        return 0
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    try:
        assert app_mod.main(["nianbao", str(SEED)]) == 0
    finally:
        QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
    w = opened[0]
    qtbot.addWidget(w)
    assert w.path == str(SEED.resolve()) and w.isVisible()
    assert len(w.result.findings) == len(check_file(SEED).findings)
    assert (tmp_path / "log" / "nianbao.log").exists()


# ------------------------------------------------------------------ cancelling a slow check
def test_a_slow_check_can_be_cancelled(qtbot, make_window, dialogs, monkeypatch):
    """A file the reader is stuck on: the window stays responsive, offers 取消检查, and stops the check."""
    import gui.worker
    from core.bounded import check_file_bounded
    from tests.test_malformed import hang

    monkeypatch.setattr(gui.worker, "_default_check",
                        lambda path, cancel=None: check_file_bounded(path, timeout=60, cancel=cancel, target=hang))
    w = make_window()
    w.open_file(str(FIX / "seeds" / "000.txt"))
    qtbot.waitUntil(lambda: w.cancel_button.isVisible(), timeout=WAIT_MS)
    assert w.runner.busy
    qtbot.mouseClick(w.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10000)
    assert not w.cancel_button.isVisible()
    assert "已取消" in w.summary.text()
    assert dialogs == []  # cancelling is not an error


def test_the_real_window_checks_in_a_bounded_child_process(qtbot, window):
    """The default runner goes through core.bounded (time limit, cancel) and gives the same result."""
    from core.check import check_file
    assert window.runner.can_cancel
    open_and_wait(qtbot, window, FIX / "seeds" / "002.txt")
    assert window.result is not None
    assert len(window.result.findings) == len(check_file(FIX / "seeds" / "002.txt").findings)


def test_export_lists_ignored_problems_separately_when_asked(qtbot, window, dialogs, monkeypatch, tmp_path):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog
    draft = tmp_path / "年报.txt"
    shutil.copy(SEED, draft)
    open_and_wait(qtbot, window, draft)
    first = window.result.active()[0]
    window.set_ignored(first, True)
    assert first.fingerprint() in window.result.ignored
    out = tmp_path / "清单.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.export_action.trigger()  # the fake dialog answers 是 to "另列已忽略的问题？"
    wait_saved(qtbot, window)
    assert any(d[0] == "question" and "忽略" in d[2] for d in dialogs)
    wb = openpyxl.load_workbook(out)
    assert "已忽略" in wb.sheetnames
    listed = [c.value for row in wb["整改清单"].iter_rows(min_row=2) for c in row]
    assert first.message not in listed
    ignored = [c.value for row in wb["已忽略"].iter_rows() for c in row]
    assert first.message in ignored


def test_opening_another_draft_clears_the_previous_problems(qtbot, make_window, monkeypatch):
    from core.bounded import check_file_bounded
    from tests.test_malformed import hang

    w = make_window()
    open_and_wait(qtbot, w, FIX / "seeds" / "000.txt")
    assert w.result is not None and w.problems.proxy.rowCount() > 0
    # the next check hangs: while it runs, nothing of 000 may be shown under the new file's name
    monkeypatch.setattr(w.runner, "_check",
                        lambda path, cancel=None: check_file_bounded(path, timeout=60, cancel=cancel, target=hang))
    w.open_file(str(FIX / "seeds" / "002.txt"))
    qtbot.waitUntil(lambda: w.runner.busy, timeout=WAIT_MS)
    assert w.result is None and w.problems.proxy.rowCount() == 0
    assert "002.txt" in w.summary.text()
    w.cancel_check()
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=10000)


def test_qt_standard_dialogs_are_in_chinese(qtbot):
    from PySide6.QtWidgets import QApplication, QDialogButtonBox
    from gui.app import make_app
    app = make_app([])
    assert app is QApplication.instance()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert any("是" in t for t in texts) and any("取消" in t for t in texts), texts
