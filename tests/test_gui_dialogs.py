"""Dialogs and menus: Qt's file dialog in Chinese, 帮助, the export notes and the annotated copy
(written off the UI thread), and the longest UI stall while a draft is opened and worked on."""
from __future__ import annotations

import re
import shutil
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QFileDialog, QLabel,  # noqa: E402
                               QMessageBox, QTreeView)

import core  # noqa: E402
from core.check import check_file  # noqa: E402
from core.findings import CATEGORIES, CATEGORY_CN  # noqa: E402
from tests.test_gui_window import (WAIT_MS, dialogs, make_window, open_and_wait, settings,  # noqa: E402,F401
                                   wait_saved, window)

FIX = Path(__file__).parent / "fixtures"
SEED_DOCX = FIX / "seeds" / "000.docx"
SEED_TXT = FIX / "seeds" / "000.txt"
MANY = FIX / "corpus" / "11_pingtan-haitanpianqu_2022.docx"
ENGLISH = re.compile(r"Look in|Files of type|File name|Folder|Directory|Detail View|List View|Back|Forward")


# ------------------------------------------------------------------ Qt's file dialog in Chinese
def _texts_of(dialog) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    for b in dialog.findChildren(QAbstractButton):
        texts += [b.text(), b.toolTip()]
    for c in dialog.findChildren(QComboBox):
        texts += [c.itemText(i) for i in range(c.count())]
    for t in dialog.findChildren(QTreeView):
        m = t.model()
        if m is None:
            continue
        texts += [str(m.headerData(c, Qt.Orientation.Horizontal)) for c in range(m.columnCount())]
        for r in range(m.rowCount(t.rootIndex())):
            texts += [str(m.index(r, c, t.rootIndex()).data()) for c in range(m.columnCount())]
    return [t for t in texts if t]


def test_open_dialog_speaks_chinese(qtbot, window, tmp_path):
    (tmp_path / "子文件夹").mkdir()
    shutil.copy(SEED_TXT, tmp_path / "草稿.txt")
    window.settings.setValue("lastDir", str(tmp_path))
    seen: list[list[str]] = []

    def inspect():
        d = QApplication.activeModalWidget()
        if not isinstance(d, QFileDialog):
            QTimer.singleShot(50, inspect)
            return
        d.setOption(QFileDialog.Option.DontUseNativeDialog, True)

        def collect():
            texts = _texts_of(d)
            if not any("子文件夹" in t for t in texts):   # the folder is still being read
                QTimer.singleShot(50, collect)
                return
            seen.append(texts)
            d.reject()
        QTimer.singleShot(100, collect)
    QTimer.singleShot(0, inspect)
    window.choose_file()          # the real call: QFileDialog.getOpenFileName, widget dialog here
    assert seen, "no file dialog was shown"
    texts = seen[0]
    joined = " | ".join(texts)
    assert not ENGLISH.search(joined), joined
    assert any(t.startswith("查找范围") for t in texts), joined
    assert any(t.startswith("文件类型") for t in texts), joined
    assert "文件夹" in texts, joined                     # the type of 子文件夹


# ------------------------------------------------------------------ 帮助
def test_help_menu_explains_markers_rules_and_version(qtbot, window, monkeypatch):
    titles = [a.text() for a in window.help_menu.actions() if a.text()]
    for t in ("使用说明", "检查规则", "关于", "打开日志文件夹"):
        assert any(x.startswith(t) for x in titles), titles
    usage = window.show_usage()
    qtbot.addWidget(usage)
    text = usage.browser.toPlainText()
    for c in CATEGORIES:
        assert CATEGORY_CN[c] in text
    for word in ("通过", "需核对", "不通过", "提示", "忽略", "已修改", "F8"):
        assert word in text, word
    rules = window.show_rules()
    qtbot.addWidget(rules)
    from core.rules.registry import all_rules
    want = all_rules()
    qtbot.waitUntil(lambda: len(rules.rules) == len(want), timeout=10000)
    rules.search.setText("ARI001")
    shown = [rules.tree.topLevelItem(i).child(j) for i in range(rules.tree.topLevelItemCount())
             for j in range(rules.tree.topLevelItem(i).childCount())]
    visible = [x for x in shown if not x.isHidden()]
    assert [x.text(0) for x in visible] == ["ARI001"]
    rules.tree.setCurrentItem(visible[0])
    assert "勾稽" in rules.doc.toPlainText() and "说明" in rules.doc.toPlainText()
    said = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: said.append((title, text)))
    window.about_action.trigger()
    assert said and core.__version__ in said[0][1]


def test_rule_catalogue_is_not_loaded_on_the_ui_thread(qtbot, window, monkeypatch):
    from core.rules import registry

    from gui import rules_catalog
    threads = []
    real = registry.all_rules
    monkeypatch.setattr(registry, "all_rules", lambda: (threads.append(threading.current_thread()), real())[1])
    monkeypatch.setattr(rules_catalog, "_rules", None)
    monkeypatch.setattr(rules_catalog, "_loading", False)
    dialog = window.show_rules()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.rules), timeout=10000)
    assert threads and all(t is not threading.main_thread() for t in threads)


# ------------------------------------------------------------------ export notes
def test_export_note_opens_file_or_folder_and_overwrite_defaults_to_no(qtbot, window, monkeypatch, tmp_path):
    from gui import dialogs as gui_dialogs
    draft = tmp_path / "年报.txt"
    shutil.copy(SEED_TXT, draft)
    open_and_wait(qtbot, window, draft)
    out = tmp_path / "清单.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    opened = []
    monkeypatch.setattr(gui_dialogs.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.saved_box is not None, timeout=WAIT_MS)
    box = window.saved_box
    buttons = {b.text(): b for b in box.buttons()}
    assert {"打开文件", "打开所在文件夹"} <= set(buttons)
    assert str(out) in box.text().replace("<br>", "\n") or out.name in box.text()
    qtbot.mouseClick(buttons["打开所在文件夹"], Qt.MouseButton.LeftButton)
    assert opened[-1] == str(tmp_path)
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.saved_box is not box, timeout=WAIT_MS)
    buttons = {b.text(): b for b in window.saved_box.buttons()}
    qtbot.mouseClick(buttons["打开文件"], Qt.MouseButton.LeftButton)
    assert opened[-1] == str(out)
    # the file exists now: the question has 否 as its default, and 否 keeps the file as it is
    asked = []

    def question(parent, title, text, buttons=None, default=None):
        asked.append(default)
        return QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", question)
    before = out.stat().st_mtime_ns
    window.saved_box = None
    window.export_action.trigger()
    assert asked == [QMessageBox.StandardButton.No]
    qtbot.wait(300)
    assert window.saved_box is None and out.stat().st_mtime_ns == before


# ------------------------------------------------------------------ 导出批注版
def test_annotated_copy_is_written_off_the_ui_thread(qtbot, window, monkeypatch, tmp_path):
    from core.export import annotate as annotate_mod
    draft = tmp_path / "年报.docx"
    shutil.copy(SEED_DOCX, draft)
    open_and_wait(qtbot, window, draft)
    assert window.annotate_action.isEnabled()
    proposed = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, cap, start, *a, **k: (proposed.append(start), (start, ""))[1])
    threads = []
    real = annotate_mod.annotate

    def spy(*a, **k):
        threads.append(threading.current_thread())
        return real(*a, **k)
    monkeypatch.setattr(annotate_mod, "annotate", spy)
    window.annotate_action.trigger()      # imports the annotator off the UI thread, then asks
    qtbot.waitUntil(lambda: bool(proposed), timeout=WAIT_MS)
    want = tmp_path / annotate_mod.default_annotated_name(draft, date.today(), "docx")
    assert proposed == [str(want)] and want.name == f"年报_批注_{date.today():%Y%m%d}.docx"
    wait_saved(qtbot, window)
    assert threads and threads[0] is not threading.main_thread()
    assert want.exists()
    with zipfile.ZipFile(want) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert window.result.active()[0].message[:10] in comments
    assert draft.read_bytes() == SEED_DOCX.read_bytes()      # the draft itself is untouched


def test_annotated_copy_is_offered_only_for_docx_and_pdf(qtbot, window):
    open_and_wait(qtbot, window, SEED_TXT)
    assert not window.annotate_action.isEnabled()
    assert ".docx" in window.annotate_action.toolTip() and "Excel" in window.annotate_action.toolTip()


# ------------------------------------------------------------------ no UI stall
class StallMeter(QObject):
    """How long the UI thread was busy at once, between ticks of a 10 ms timer.

    ``longest`` counts the UI thread's own CPU time between two ticks (time.thread_time), so that
    a machine shared with other work — this one has two cores and runs other tests — does not
    count as a stall of ours; time inside ``exclude``d callables (the document and PDF views, which
    have their own owner and measurement) is left out too.  ``longest_total`` is the wall-clock gap."""

    def __init__(self):
        super().__init__()
        self.longest = 0.0
        self.longest_total = 0.0
        self._foreign = 0.0
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.longest_total = max(self.longest_total, now - self._last)
        self.longest = max(self.longest, cpu - self._last_cpu - self._foreign)
        self._last, self._last_cpu, self._foreign = now, cpu, 0.0

    def reset(self) -> None:
        self.longest = self.longest_total = self._foreign = 0.0
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()

    def exclude(self, monkeypatch, cls, *names) -> None:
        for name in names:
            real = getattr(cls, name)

            def timed(*a, _real=real, **k):
                t = time.thread_time()
                try:
                    return _real(*a, **k)
                finally:
                    self._foreign += time.thread_time() - t
            monkeypatch.setattr(cls, name, timed)


def test_no_long_ui_stall_while_working_through_a_draft(qtbot, make_window, monkeypatch):
    from gui.document_view import DocumentView
    from gui.pdf_view import PdfView
    w = make_window()
    open_and_wait(qtbot, w, SEED_TXT)     # warm: the first window pays for imports and the pool
    meter = StallMeter()
    meter.exclude(monkeypatch, DocumentView, "show_result", "show_finding", "show_placeholder",
                  "scroll_to_block")
    meter.exclude(monkeypatch, PdfView, "load", "clear", "show_place")
    qtbot.wait(1500)     # the warm check processes have settled
    meter.reset()
    open_and_wait(qtbot, w, MANY)
    qtbot.wait(50)
    p = w.problems
    for r in range(p.proxy.rowCount()):
        p.select_row(r)
        qtbot.wait(5)
    p.select_row(2)
    w.set_ignored(p.current_finding(), True)
    qtbot.wait(20)
    w.set_modified(p.current_finding(), True)
    qtbot.mouseClick(p._chips[("severity", "fail")], Qt.MouseButton.LeftButton)
    qtbot.wait(20)
    old = w.result
    w.recheck()
    qtbot.waitUntil(lambda: w.result is not old and not w.runner.busy, timeout=WAIT_MS)
    qtbot.wait(600)
    print(f"longest UI stall: {meter.longest:.3f} s of UI-thread work from the window and the problem list; "
          f"longest gap between timer ticks {meter.longest_total:.3f} s (document view, other load included)")
    assert meter.longest < 1.0, f"the UI thread was busy for {meter.longest:.3f} s at once"


def test_a_long_problem_list_is_laid_out_in_steps(qtbot, window):
    """Thousands of problems (a pathological table): the list is laid out in batches."""
    import dataclasses
    r = check_file(MANY)
    many = [dataclasses.replace(r.findings[i % len(r.findings)], excerpt=f"{r.findings[i % len(r.findings)].excerpt}#{i}")
            for i in range(1500)]
    big = dataclasses.replace(r, findings=many)
    meter = StallMeter()
    qtbot.wait(30)
    meter.reset()
    window.problems.set_result(big)
    qtbot.wait(400)
    assert window.problems.proxy.rowCount() == 1500
    print(f"1500 problems: longest UI-thread work at once {meter.longest:.3f} s")
    assert meter.longest < 1.0, f"{meter.longest:.3f} s"   # figures: bench/bench_ui_stall.py
