"""The session's flow on real files: saves during a check, marks that follow the report (renamed
copies, two windows at once), settings with bad values, file names that look like HTML."""
from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from core.check import check_file  # noqa: E402
from gui.ignore_store import MarkStore, report_key  # noqa: E402
from tests.test_gui_window import (WAIT_MS, dialogs, make_window, open_and_wait, settings,  # noqa: E402,F401
                                   window)

FIX = Path(__file__).parent / "fixtures"
SEED_TXT = FIX / "seeds" / "000.txt"
SEED_DOCX = FIX / "seeds" / "000.docx"
OTHER_DOCX = FIX / "seeds" / "001.docx"
ROOT = Path(__file__).resolve().parent.parent


def fingerprints(result) -> list[str]:
    return [f.fingerprint() for f in result.findings]


# ------------------------------------------------------------------ a save while a check runs
def _fixed_text() -> tuple[str, str]:
    text = SEED_TXT.read_text(encoding="utf-8")
    fixed = text.replace("共主动公开政府信息 条", "共主动公开政府信息 51 条")
    assert fixed != text
    return text, fixed


def test_save_landing_just_before_the_result_is_rechecked(qtbot, make_window, tmp_path):
    """The clerk saves while the check is finishing: the result of the old text arrives after the
    save, before the watcher has settled.  The window must end on the saved text's result."""
    draft = tmp_path / "草稿.txt"
    text, fixed = _fixed_text()
    draft.write_text(text, encoding="utf-8")
    calls = []

    def check(path):
        result = check_file(path)          # reads the old text
        calls.append(time.monotonic())
        if len(calls) == 1:
            time.sleep(0.05)
            draft.write_text(fixed, encoding="utf-8")   # the save lands while the check is "running"
        return result
    w = make_window(check=check)
    w.open_file(str(draft))
    want = fingerprints(check_file(_write_tmp(tmp_path, fixed)))
    qtbot.waitUntil(lambda: len(calls) >= 2 and w.result is not None and not w.runner.busy, timeout=15000)
    assert fingerprints(w.result) == want
    assert w.session.checks_started >= 2


def _write_tmp(tmp_path, text) -> Path:
    p = tmp_path / "预期.txt"
    p.write_text(text, encoding="utf-8")
    return p


def test_save_in_the_middle_of_a_slow_check_runs_one_more_check(qtbot, make_window, tmp_path):
    draft = tmp_path / "草稿.txt"
    text, fixed = _fixed_text()
    draft.write_text(text, encoding="utf-8")
    started = threading.Event()
    seen = []

    def slow(path):
        seen.append(Path(path).read_text(encoding="utf-8"))
        started.set()
        time.sleep(1.5)                    # the watcher settles (0.5 s) while this runs
        return _check_text(path, seen[-1], tmp_path)     # the result of what it read
    w = make_window(check=slow)
    w.open_file(str(draft))
    assert started.wait(10)
    time.sleep(0.1)
    draft.write_text(fixed, encoding="utf-8")
    want = fingerprints(check_file(_write_tmp(tmp_path, fixed)))
    qtbot.waitUntil(lambda: len(seen) >= 2 and w.result is not None and not w.runner.busy
                    and fingerprints(w.result) == want, timeout=20000)
    assert seen[-1] == fixed
    assert w.runner.dropped == 0, "the running check was allowed to finish (re-run when done)"
    qtbot.wait(1000)                       # the watcher settles: no third check for the same save
    assert len(seen) == 2 and w.session.checks_started == 2


def _check_text(path, text, tmp_path):
    """check_file of the text the check read (the file may have changed since)."""
    p = tmp_path / f"读到的_{abs(hash(text))}.txt"
    p.write_text(text, encoding="utf-8")
    r = check_file(p)
    r.report.document.path = path
    return r


# ------------------------------------------------------------------ marks follow the report
def test_renamed_copy_keeps_its_ignores(qtbot, make_window, tmp_path):
    draft = tmp_path / "年报.docx"
    shutil.copy(SEED_DOCX, draft)
    w = make_window()
    open_and_wait(qtbot, w, draft)
    f = w.result.active()[0]
    w.set_ignored(f, True)
    n = w.problems.proxy.rowCount()
    renamed = tmp_path / "年报 v2（定稿）.docx"
    shutil.copy(draft, renamed)
    open_and_wait(qtbot, w, renamed)
    assert f.fingerprint() in w.result.ignored
    assert w.problems.proxy.rowCount() == n
    # a new window (the app started again) on the renamed copy: still ignored
    w2 = make_window()
    open_and_wait(qtbot, w2, renamed)
    assert f.fingerprint() in w2.result.ignored
    # another report does not get them
    open_and_wait(qtbot, w2, OTHER_DOCX)
    assert w2.result.ignored == set()


def test_report_key_is_organ_year_title_else_text(tmp_path):
    a = check_file(SEED_DOCX).report
    b = check_file(SEED_TXT).report         # the same report as text
    c = check_file(OTHER_DOCX).report
    assert report_key(a, "x.docx") == report_key(b, "y.txt")
    assert report_key(a, "x.docx") != report_key(c, "x.docx")
    a.organ = None
    assert report_key(a, "x.docx").startswith("t")  # no organ: the text decides


CHILD = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, sys.argv[1])
import gui
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from core.check import check_file
from gui.main_window import MainWindow
app = QApplication([])
w = MainWindow(QSettings(sys.argv[2], QSettings.Format.IniFormat), check=check_file)
w.open_file(sys.argv[3])
t = time.time()
while (w.result is None or w.runner.busy) and time.time() - t < 60:
    app.processEvents(); time.sleep(0.01)
f = [x for x in w.result.findings if x.fingerprint() == sys.argv[4]][0]
w.set_ignored(f, True)
w.close()
print("ok")
"""


def test_two_windows_at_once_keep_each_others_ignores(qtbot, make_window, settings, tmp_path):
    """Another app instance (a real second process) ignores one problem of the same report while
    this window is open and has read the settings; then this window ignores another."""
    draft = tmp_path / "年报.docx"
    shutil.copy(SEED_DOCX, draft)
    w = make_window(check=check_file)
    open_and_wait(qtbot, w, draft)
    first, second = w.result.findings[0], w.result.findings[1]
    assert first.fingerprint() != second.fingerprint()
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), settings.fileName(), str(draft),
                          second.fingerprint()], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr[-2000:]
    w.set_ignored(first, True)
    assert {first.fingerprint(), second.fingerprint()} <= w.result.ignored   # merged, not overwritten
    fresh = MarkStore(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    marks = fresh.marks(w.session.key)
    assert marks.get(first.fingerprint()) == "ignored" and marks.get(second.fingerprint()) == "ignored"
    # un-ignoring in this window removes only that one
    w.set_ignored(first, False)
    marks = MarkStore(QSettings(settings.fileName(), QSettings.Format.IniFormat)).marks(w.session.key)
    assert first.fingerprint() not in marks and marks.get(second.fingerprint()) == "ignored"


# ------------------------------------------------------------------ settings with bad values
def test_wrong_typed_settings_are_reset_not_fatal(qtbot, tmp_path, dialogs, caplog, monkeypatch):  # noqa: F811
    from gui.main_window import MainWindow
    path = str(tmp_path / "settings.ini")
    bad = QSettings(path, QSettings.Format.IniFormat)
    key = report_key(check_file(SEED_TXT).report, str(SEED_TXT))
    bad.setValue("window/geometry", "不是窗口位置")       # a string where bytes belong
    bad.setValue("window/splitter", 12345)                # a number
    bad.setValue("recent", [1, 2, 3])                     # numbers where paths belong
    bad.setValue("lastDir", ["a", "b"])                   # a list where a folder belongs
    bad.setValue(f"marks/{key}/0123456789abcdef", 7)      # a number where a mark belongs
    bad.sync()
    del bad
    caplog.set_level(logging.WARNING)
    s = QSettings(path, QSettings.Format.IniFormat)
    w = MainWindow(s, log_file=str(tmp_path / "nianbao.log"))
    qtbot.addWidget(w)
    w.show()
    assert w.isVisible()
    said = " ".join(r.getMessage() for r in caplog.records)
    for k in ("window/geometry", "window/splitter", "recent"):
        assert k in said, said
    assert s.value("window/geometry") is None and s.value("recent") is None
    starts = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda parent, cap, start, *a, **k: (starts.append(start), ("", ""))[1])
    w.choose_file()
    assert starts == [""] and "lastDir" in " ".join(r.getMessage() for r in caplog.records)
    open_and_wait(qtbot, w, SEED_TXT)
    assert w.result is not None and w.result.ignored == set()
    assert "0123456789abcdef" in " ".join(r.getMessage() for r in caplog.records)


def test_garbage_settings_file_does_not_stop_the_start(qtbot, tmp_path, dialogs):  # noqa: F811
    from gui.main_window import MainWindow
    path = tmp_path / "settings.ini"
    path.write_bytes(b"[window]\ngeometry=@ByteArray(\\0\\0\\xff)\nsplitter=@Variant(\\0\\0\\0\\x7f)\n"
                     b"[General]\nrecent=@Invalid()\n\xff\xfe junk = = =\n")
    w = MainWindow(QSettings(str(path), QSettings.Format.IniFormat), log_file=str(tmp_path / "x.log"))
    qtbot.addWidget(w)
    w.show()
    open_and_wait(qtbot, w, SEED_TXT)
    assert w.result is not None


# ------------------------------------------------------------------ names that look like HTML
def test_file_names_are_never_rich_text(qtbot, make_window, dialogs, tmp_path):
    name = "<b>加粗<i>草稿.txt"
    bad = tmp_path / name
    bad.write_bytes(b"")
    w = make_window()
    open_and_wait(qtbot, w, bad)
    escaped = "&lt;b&gt;加粗&lt;i&gt;草稿.txt"
    assert escaped in w.summary.text() and "<b>加粗" not in w.summary.text()
    assert dialogs and escaped in dialogs[-1][2] and "<b>加粗" not in dialogs[-1][2]
    assert w.windowTitle().startswith(name)                     # plain text where plain text is shown
    assert w.banner.textFormat().name == "PlainText"
    good = tmp_path / "<b>年报" / "</b>"          # the folder reads “…/<b>年报/</b>”
    good.mkdir(parents=True)
    draft = good / "<i>草稿.txt"
    shutil.copy(SEED_TXT, draft)
    slow_started = []

    def slow(path):
        slow_started.append(path)
        time.sleep(0.3)
        return check_file(path)
    w2 = make_window(check=slow)
    w2.open_file(str(draft))
    assert "&lt;i&gt;草稿.txt" in w2.summary.text() and "<i>草稿" not in w2.summary.text()
    qtbot.waitUntil(lambda: w2.result is not None, timeout=WAIT_MS)
    # the recent list on the empty page shows the names as written
    w3 = make_window()
    labels = [w3.empty.recent.itemWidget(w3.empty.recent.item(i)).text() for i in range(w3.empty.recent.count())]
    assert any("&lt;i&gt;草稿.txt" in t and "&lt;b&gt;年报/&lt;/b&gt;" in t for t in labels), labels
    assert not any("<i>草稿" in t for t in labels)
