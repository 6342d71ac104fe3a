"""The main window: sections | document (文档 / 原文) | problems, with the summary line on top.

State lives in gui/session.py (the open draft, its result, the clerk's marks); the panels listen to
the session by signals.  The window adds what is the window's: the empty state, menus and keys,
the summary and status lines, dialogs and the exports (which run off the UI thread).
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
import weakref
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (QFileDialog, QLabel, QMainWindow, QProgressBar, QPushButton, QSplitter,
                               QStackedWidget, QTabWidget, QToolBar, QVBoxLayout, QWidget)

from core.findings import SEVERITIES, SEVERITY_CN, STATUS_CN, CheckResult

from . import dialogs, qt_zh
from .dialogs import esc
from .document_view import DocumentView
from .empty_state import EmptyState
from .exports import (ANNOTATED, ANNOTATED_MODULES, WHAT, XLSX, XLSX_MODULES, ExportRunner, snapshot,
                      write_annotated, write_xlsx)
from .finding_locator import Locator
from .folder_view import FolderView, ask_folder
from .ignore_store import report_key, split
from .pdf_view import PdfView
from .problem_panel import ProblemPanel
from .section_panel import SectionPanel
from .session import Session
from .settings import BYTES, TEXT, TEXT_LIST, read
from .strings import APP_NAME, FILE_FILTER, STATUS_COLOR, STATUS_MARK, SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)
MAX_RECENT = 8
PAGE_EMPTY, PAGE_WORK, PAGE_FOLDER = 0, 1, 2


class _Lazy:
    """A module imported on first use (openpyxl alone takes about a second to import: the window
    imports it off the UI thread before an export, see ExportRunner.prepare)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self._name), attr)


def _available(name: str) -> bool:
    if name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def exporter():
    """core.export.xlsx (imported when first used), or None while the Excel exporter does not exist."""
    return _Lazy("core.export.xlsx") if _available("core.export.xlsx") and _available("openpyxl") else None


def annotator():
    """core.export.annotate (imported when first used), or None where it is missing."""
    return _Lazy("core.export.annotate") if _available("core.export.annotate") else None


class MainWindow(QMainWindow):
    _windows: "weakref.WeakSet[MainWindow]" = weakref.WeakSet()

    def __init__(self, settings: QSettings | None = None, check=None, log_file: str = ""):
        super().__init__()
        qt_zh.install()
        self.settings = settings or QSettings()
        self.log_file = log_file
        self.session = Session(self.settings, check, self)
        self.runner = self.session.runner          # the CheckRunner (tests and tools use it)
        self.watcher = self.session.watcher
        self.ignores = self.session.store
        self.exports = ExportRunner(self)
        self.exports.saved.connect(self._on_saved)
        self.exports.failed.connect(self._on_export_failed)
        self.exports.busyChanged.connect(lambda _b: self._update_actions())
        self._doc_for: str | None = None           # the draft the document view shows
        self._pdf_for = None                       # (path, stamp) the 原文 tab shows
        self._help_dialogs: dict[str, QWidget] = {}
        self.saved_box = None
        self._doc_pos: int | None = None           # the reading position to go back to once built
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._connect_session()
        self._restore_settings()
        MainWindow._windows.add(self)
        self._take_shortcuts()

    # ---------------------------------------------------------------- state (owned by the session)
    @property
    def path(self) -> str | None:
        return self.session.path

    @property
    def result(self) -> CheckResult | None:
        return self.session.result

    @property
    def last_error(self) -> str | None:
        return self.session.last_error

    # ---------------------------------------------------------------- layout
    def _build_widgets(self) -> None:
        self.summary = QLabel("尚未打开文件", self)
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("#summary { font-size: 11pt; padding: 4px 6px; }")
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("#banner { background: #fff4ce; border: 1px solid #e0b000; padding: 6px; }")
        self.banner.hide()
        self.sections = SectionPanel(self)
        self.document_view = DocumentView(self)
        self.pdf_view = PdfView(self)
        if hasattr(self.document_view, "built"):
            self.document_view.built.connect(self._on_doc_built)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.document_view, "文档（检查读到的内容）")
        self.tabs.addTab(self.pdf_view, "原文")
        self.tabs.setTabEnabled(1, False)
        self.problems = ProblemPanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for w in (self.sections, self.tabs, self.problems):
            self.splitter.addWidget(w)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([215, 600, 540])
        work = QWidget(self)
        self.folder_view = FolderView(self, marks_for=self._folder_marks)
        self.folder_view.openReport.connect(self.open_from_folder)
        self.folder_view.backRequested.connect(self.show_folder_list)
        self.folder_view.finished.connect(lambda: self._status(self.folder_view.state_label.text(), 10000))
        self.back_bar = self.folder_view.back_bar(work)      # [‹ 返回列表] 第 3 / 15 份 [上一份] [下一份]
        self.back_bar.hide()
        lay = QVBoxLayout(work)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(self.back_bar)
        lay.addWidget(self.summary)
        lay.addWidget(self.banner)
        lay.addWidget(self.splitter, 1)
        self.empty = EmptyState(self)
        self.empty.openRequested.connect(self.choose_file)
        self.empty.recentChosen.connect(self.open_file)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(work)
        self.pages.addWidget(self.folder_view)               # PAGE_FOLDER
        self.setCentralWidget(self.pages)
        self._work_shown = False   # the splitter has real sizes only once its page was shown
        self.pages.currentChanged.connect(self._on_page)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("statusCounts")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.count_label)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.cancel_button = QPushButton("取消检查", self)
        self.cancel_button.setToolTip("停止正在进行的检查（Esc）")
        self.cancel_button.clicked.connect(self.cancel_check)
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.cancel_button)

    def _connect_session(self) -> None:
        s = self.session
        # the window's own views first (the document is rebuilt before a panel selects in it)
        s.fileChanged.connect(self._on_new_draft)
        s.resultChanged.connect(self._on_result)
        s.marksChanged.connect(self._on_marks)
        s.busyChanged.connect(self._on_busy)
        s.readFailed.connect(self._on_read_error)
        s.crashed.connect(self._on_crash)
        s.message.connect(self._status)
        self.problems.bind(s)      # first: it sees (and says) which filters a new draft clears
        self.sections.bind(s)
        self.sections.sectionChanged.connect(self._on_section)
        self.problems.findingSelected.connect(self._on_finding)
        self.problems.message.connect(self._status)
        self.problems.clearSectionRequested.connect(lambda: self.sections.select(""))

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        self.open_action = self._action("打开(&O)…", self.choose_file, QKeySequence.StandardKey.Open,
                                        "打开一个年报草稿（Ctrl+O）")
        self.recheck_action = self._action("重新检查(&R)", self.recheck, "F5", "再检查一遍当前文件（F5）")
        self.folder_action = self._action("检查文件夹(&D)…", self.choose_folder, "Ctrl+Shift+O",
                                          "检查一个文件夹（包括子文件夹）里的全部年报（Ctrl+Shift+O）")
        self.compare_action = self._action("对比上年年报(&Y)…", self.choose_previous, None,
                                           "选择同一机关上一年度的年报，与当前草稿对比")
        self.list_action = self._action("返回文件夹列表(&B)", self.show_folder_list, None,
                                        "回到文件夹的检查结果列表（Alt+←）")
        self.cancel_action = self._action("取消检查", self.cancel_check, "Esc", "停止正在进行的检查（Esc）")
        self.export_action = self._action("导出整改清单(&E)…", self.export, "Ctrl+E",
                                          "把问题清单保存为 Excel 表格（Ctrl+E）")
        self.annotate_action = self._action("导出批注版(&A)…", self.export_annotated, "Ctrl+Shift+E",
                                            "在草稿的副本上逐条标出问题（Word 批注 / PDF 注释），原稿不变")
        quit_action = self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        focus = [self._action("章节(&S)", lambda: self.sections.view.setFocus(), "Alt+1"),
                 self._action("文档(&D)", lambda: self._focus_tab(0), "Alt+2"),
                 self._action("原文(&Y)", lambda: self._focus_tab(1), "Alt+3"),
                 self._action("问题清单(&P)", lambda: self.problems.table.setFocus(), "Alt+4")]
        # F8 / Shift+F8 from anywhere in the app (the text, the section list, a help window …)
        self.next_shortcut = QShortcut(QKeySequence("F8"), self)
        self.prev_shortcut = QShortcut(QKeySequence("Shift+F8"), self)
        for sc, slot in ((self.next_shortcut, self.next_problem), (self.prev_shortcut, self.previous_problem)):
            sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
            sc.activated.connect(slot)
        self.next_action = QAction("下一个问题\tF8", self)
        self.next_action.triggered.connect(self.next_problem)
        self.prev_action = QAction("上一个问题\tShift+F8", self)
        self.prev_action.triggered.connect(self.previous_problem)
        # the clerk's marks, wherever the focus is in this window
        self.problems.ignore_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.problems.modified_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.usage_action = self._action("使用说明(&U)", self.show_usage, "F1", "各标记、程度和类别的意思，快捷键")
        self.rules_action = self._action("检查规则(&R)", self.show_rules, None, "程序检查的每一条规则及其说明")
        self.about_action = self._action("关于(&A)", self.show_about)
        log_action = self._action("打开日志文件夹(&L)", self._open_log_dir)

        file_menu = self.menuBar().addMenu("文件(&F)")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.folder_action)
        self.recent_menu = file_menu.addMenu("最近打开(&T)")
        file_menu.addAction(self.recheck_action)
        file_menu.addAction(self.compare_action)
        file_menu.addAction(self.list_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.annotate_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("查看(&V)")
        view_menu.addAction(self.next_action)
        view_menu.addAction(self.prev_action)
        view_menu.addSeparator()
        for a in focus:
            view_menu.addAction(a)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        for a in (self.usage_action, self.rules_action, self.about_action):
            help_menu.addAction(a)
        help_menu.addSeparator()
        help_menu.addAction(log_action)
        self.help_menu = help_menu
        tb = QToolBar("工具栏", self)
        tb.setObjectName("mainToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.setMovable(False)
        for a in (self.open_action, self.folder_action, self.recheck_action, self.compare_action,
                  self.export_action, self.annotate_action):
            tb.addAction(a)
        self.addToolBar(tb)
        self._update_actions()

    def _focus_tab(self, i: int) -> None:
        if self.tabs.isTabEnabled(i):
            self.tabs.setCurrentIndex(i)
            self.tabs.currentWidget().setFocus()

    # ---------------------------------------------------------------- F8 from anywhere, one window at a time
    def _take_shortcuts(self) -> None:
        """The application-wide F8 belongs to the window used last (two windows would make it
        ambiguous, and Qt would then run neither)."""
        for w in list(MainWindow._windows):
            mine = w is self
            try:
                w.next_shortcut.setEnabled(mine)
                w.prev_shortcut.setEnabled(mine)
            except RuntimeError:   # a window being destroyed
                pass

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._take_shortcuts()
        super().changeEvent(event)

    def next_problem(self) -> None:
        self._show_work_page_if_open()
        self.problems.select_next()

    def previous_problem(self) -> None:
        self._show_work_page_if_open()
        self.problems.select_previous()

    def _show_work_page_if_open(self) -> None:
        if self.path:
            self.pages.setCurrentIndex(PAGE_WORK)

    # ---------------------------------------------------------------- settings
    def _restore_settings(self) -> None:
        geo = read(self.settings, "window/geometry", BYTES)
        if geo is None or not self.restoreGeometry(geo):
            if geo is not None:
                log.warning("窗口位置设置无效，已恢复默认")
                self.settings.remove("window/geometry")
            self.resize(1280, 720)
        split = read(self.settings, "window/splitter", BYTES)
        self._splitter_restored = split is not None and self.splitter.restoreState(split)
        if split is not None and not self._splitter_restored:
            log.warning("分栏宽度设置无效，已恢复默认")
            self.settings.remove("window/splitter")
        self._fill_recent()

    def _on_page(self, index: int) -> None:
        self._update_actions()
        if index == PAGE_FOLDER:
            self.count_label.clear()          # the folder list says its own counts; not the draft's
        else:
            self._update_counts()
        if index == PAGE_WORK and not self._work_shown:
            self._work_shown = True
            if not self._splitter_restored:      # first start: widths in proportion to the window
                w = max(self.width(), 1000)
                self.splitter.setSizes([max(215, int(w * 0.16)), int(w * 0.46), int(w * 0.38)])

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self._work_shown:
            self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.folder_view.cancel()
        self.save_settings()
        super().closeEvent(event)

    def recent_files(self) -> list[str]:
        return read(self.settings, "recent", TEXT_LIST, []) or []

    def _remember(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for n, p in enumerate(recent, 1):
            a = self.recent_menu.addAction(f"&{n} {Path(p).name}    {Path(p).parent}")
            a.setToolTip(p)
            a.setStatusTip(p)
            a.triggered.connect(lambda _=False, p=p: self.open_file(p))
        self.recent_menu.setEnabled(bool(recent))
        if self.pages.currentIndex() == PAGE_EMPTY:   # (re)built only where it is seen
            self.empty.set_recent(recent)

    # ---------------------------------------------------------------- opening
    def choose_file(self) -> None:
        start = os.path.dirname(self.path) if self.path else read(self.settings, "lastDir", TEXT, "")
        path, _ = QFileDialog.getOpenFileName(self, "打开年报草稿", start or "", FILE_FILTER)
        if path:
            self.open_file(path)

    def open_file(self, path: str, previous: str | None = None) -> None:
        path = os.path.abspath(path)
        self.settings.setValue("lastDir", os.path.dirname(path))
        self._remember(path)
        self.pages.setCurrentIndex(PAGE_WORK)
        # the bar back to the folder list: only for a report of that folder, at its place in the list
        in_folder = bool(self.folder_view.folder) and self.folder_view.model.row_of(path) >= 0
        if in_folder:
            self.folder_view.current_path = path
            self.back_bar.refresh()
        self.back_bar.setVisible(in_folder)
        self.session.open(path, previous=previous)

    # ---------------------------------------------------------------- a folder of reports
    def _on_folder_page(self) -> bool:
        return self.pages.currentIndex() == PAGE_FOLDER

    def _folder_marks(self, path: str, result) -> tuple[set[str], set[str]]:
        return split(self.ignores.marks(report_key(result.report, path)))

    def choose_folder(self) -> None:
        start = self.folder_view.folder or (os.path.dirname(self.path) if self.path else
                                            read(self.settings, "lastDir", TEXT, ""))
        folder = ask_folder(self, start)
        if folder:
            self.check_folder(folder)

    def check_folder(self, folder: str) -> None:
        folder = os.path.abspath(folder)
        self.settings.setValue("lastDir", folder)
        self.folder_view.check_folder(folder)
        self.show_folder_list()

    def show_folder_list(self) -> None:
        if not self.folder_view.folder:
            return
        self.pages.setCurrentIndex(PAGE_FOLDER)
        self.back_bar.hide()
        if self.path:
            self.folder_view.select_path(self.path)
        self.folder_view.table.setFocus()
        self.setWindowTitle(f"{Path(self.folder_view.folder).name} — 检查文件夹 — {APP_NAME}")
        self._update_actions()

    def open_from_folder(self, path: str) -> None:
        """A row of the folder list: the normal view, compared with last year's report if paired."""
        self.open_file(path, previous=self.folder_view.previous_for(path))

    def choose_previous(self) -> None:
        """对比上年年报…: check the open draft again, compared with a report the clerk picks."""
        if not self.path:
            return
        start = os.path.dirname(self.session.previous or self.path)
        prev, _ = QFileDialog.getOpenFileName(self, "选择上一年度的年报（与当前草稿对比）", start, FILE_FILTER)
        if not prev:
            return
        if os.path.normcase(os.path.abspath(prev)) == os.path.normcase(self.path):
            dialogs.warning(self, "无法对比", "选择的是当前草稿本身，请选择上一年度的年报。")
            return
        self._status(f"正在与上年年报“{Path(prev).name}”对比…", 0)
        self.session.compare_with(prev)

    def recheck(self) -> None:
        if self._on_folder_page():
            self.folder_view.recheck()
            return
        if self.path:
            self._status(f"正在重新检查 {Path(self.path).name} …")
            self.session.recheck()

    def cancel_check(self) -> None:
        if self._on_folder_page():
            self.folder_view.cancel()
            return
        if self.runner.busy:
            self.session.cancel()

    # ---------------------------------------------------------------- session signals
    def _on_new_draft(self, path: str) -> None:
        name = Path(path).name
        self.setWindowTitle(f"{name} — {APP_NAME}")
        self.banner.clear()
        self.banner.hide()
        self._doc_for = None
        self._pdf_for = None
        self.pdf_view.clear()
        self.tabs.setTabEnabled(1, False)
        self.tabs.setCurrentIndex(0)
        self.summary.setText(f"正在检查 <b>{esc(name)}</b> …")
        self.count_label.clear()
        self.document_view.show_placeholder(f"正在读取并检查“{name}”，请稍候……")
        self.statusBar().clearMessage()

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy and self.runner.can_cancel)
        if busy and self.result is None and self.path:
            self.summary.setText(f"正在检查 <b>{esc(Path(self.path).name)}</b> …")
        self._update_counts()
        self._update_actions()

    def _on_result(self, result: CheckResult | None) -> None:
        if result is None:
            self.count_label.clear()
            self._update_actions()
            return
        self._show_reading_problems(result)
        self._show_document(result)
        if result.report.document.format == "pdf" or self.path.lower().endswith(".pdf"):
            stamp = (self.path, self.session.watcher.stamp())
            if self._pdf_for != stamp:
                self._pdf_for = stamp
                self.tabs.setTabEnabled(1, bool(self.pdf_view.load(self.path)) or self.pdf_view.page_count > 0)
        self._update_summary()
        self._update_counts()
        self._update_actions()
        self._status("检查完成" if result.active() else "检查完成：未发现问题", 6000)

    def _on_marks(self) -> None:
        if self.result is None:
            return
        # the document drops the highlights of ignored problems (the view builds itself in slices)
        self._show_document(self.result)
        self._update_summary()
        self._update_counts()
        self._update_actions()

    def _show_document(self, result: CheckResult) -> None:
        """(Re)build the document view; for the same draft the reading position stays."""
        same = self._doc_for == self.path
        view = self.document_view
        pos = view.verticalScrollBar().value() if same else 0
        view.show_result(result)
        self._doc_for = self.path
        self._doc_pos = pos if same and pos else None
        if self._doc_pos is None:
            return
        if getattr(view, "building", False) and hasattr(view, "built"):
            return                      # the rest is built in slices: back to the position when done
        view.document().documentLayout().documentSize()   # laid out: the old position exists again
        self._restore_doc_pos()
        QTimer.singleShot(0, self._restore_doc_pos)

    def _on_doc_built(self) -> None:
        self._restore_doc_pos()
        self._doc_pos = None

    def _restore_doc_pos(self) -> None:
        """Back to the reading position of before the re-check (and once more after the view settled)."""
        if self._doc_pos is None:
            return
        try:
            bar = self.document_view.verticalScrollBar()
            if bar.value() != self._doc_pos:
                bar.setValue(self._doc_pos)
        except RuntimeError:   # the window is gone
            pass

    def _on_read_error(self, path: str, kind: str, message: str) -> None:
        if path != self.path:
            return
        name = Path(path).name
        if kind == "cancelled":
            if self.result is not None:
                self._update_summary()  # the previous result stays on screen
            else:
                self.summary.setText(f"<b>{esc(name)}</b>：已取消检查（按 F5 重新检查）")
                self.document_view.show_placeholder("已取消检查。按 F5 重新检查，或打开其他文件。")
            self._status("已取消检查，按 F5 可重新检查", 8000)
            self._update_actions()
            return
        self.summary.setText(f"<b>{esc(name)}</b>：无法检查")
        self.banner.setText(f"无法读取这个文件：{message}")
        self.banner.show()
        self.document_view.show_placeholder(f"无法读取“{name}”：{message}")
        self.count_label.clear()
        self._status("无法读取文件", 8000)
        self._update_actions()
        dialogs.warning(self, "无法检查这个文件", f"“{name}”无法检查：\n\n{message}")

    def _on_crash(self, path: str, description: str) -> None:
        where = f"\n\n详细信息已记录在日志文件：\n{self.log_file}" if self.log_file else ""
        self._status("检查时出错", 8000)
        if self.result is None:
            self.summary.setText(f"<b>{esc(Path(path).name)}</b>：检查时出错")
        dialogs.critical(self, "检查时出错",
                         f"检查“{Path(path).name}”时程序出了错，这不是您的文件的问题。"
                         f"请把文件和日志发给维护人员。{where}")

    def _show_reading_problems(self, result: CheckResult) -> None:
        report = result.report
        msgs = [p.message for p in report.reading_problems]
        if not report.is_report:
            msgs.insert(0, "这个文件看起来不是政府信息公开工作年度报告。")
        if msgs:
            self.banner.setText("读取提示：" + "；".join(dict.fromkeys(msgs)))
            self.banner.show()
        else:
            self.banner.clear()
            self.banner.hide()

    def _update_summary(self) -> None:
        r = self.result
        if r is None:
            return
        rep = r.report
        counts = r.counts()
        status = r.status
        parts = [f"<b>{esc(rep.title or Path(self.path).name)}</b>",
                 f"机关：{esc(rep.organ or '未识别')}",
                 f"年度：{esc(rep.year or '未识别')}",
                 f"<span style='color:{STATUS_COLOR[status]}'><b>{STATUS_MARK[status]} {STATUS_CN[status]}</b></span>",
                 "　".join(f"{SEVERITY_CN[s]} {counts[s]}" for s in SEVERITIES)]
        if r.previous is not None:
            parts.append(f"对比上年：{esc(Path(r.previous.document.path).name)}")
        marks = self._mark_counts()
        if marks:
            parts.append(esc(marks))
        self.summary.setText("　｜　".join(parts))

    def _mark_counts(self) -> str:
        r = self.result
        if r is None:
            return ""
        fps = {f.fingerprint() for f in r.findings}
        n_ignored = len(fps & self.session.ignored)
        n_modified = len(fps & self.session.modified)
        said = []
        if n_modified:
            said.append(f"已修改 {n_modified}")
        if n_ignored:
            said.append(f"已忽略 {n_ignored}")
        return "，".join(said)

    def _update_counts(self) -> None:
        """The permanent count in the status bar: always the result on screen, never an old one."""
        r = self.result
        if r is None:
            self.count_label.setText("正在检查…" if self.runner.busy and self.path else "")
            return
        counts = r.counts()
        n = sum(counts.values())
        text = ("未发现问题" if n == 0 else f"问题 {n} 个：" +
                "，".join(f"{SEVERITY_CN[s]} {counts[s]}" for s in SEVERITIES))
        marks = self._mark_counts()
        if marks:
            text += f"（{marks}）"
        if self.runner.busy:
            text += "　正在重新检查…"
        self.count_label.setText(text)

    def _update_actions(self) -> None:
        if self._on_folder_page():                # the actions act on the list, not on a hidden draft
            self.recheck_action.setEnabled(True)
            self.compare_action.setEnabled(False)
            self.annotate_action.setEnabled(False)
            self.list_action.setEnabled(False)
            self.export_action.setText("导出汇总(&E)…")
            self.export_action.setToolTip("把文件夹中全部报告的检查结果保存为一个 Excel 工作簿（Ctrl+E）")
            self.export_action.setEnabled(exporter() is not None)
            return
        self.export_action.setText("导出整改清单(&E)…")
        has = self.result is not None
        busy = self.runner.busy
        self.recheck_action.setEnabled(bool(self.path) and not busy)
        self.compare_action.setEnabled(bool(self.path) and not busy)
        self.list_action.setEnabled(bool(self.folder_view.folder))
        if exporter() is None:
            self.export_action.setEnabled(False)
            self.export_action.setToolTip("导出 Excel 整改清单的功能尚未提供")
        else:
            self.export_action.setEnabled(has and not busy and not self.exports.busy)
            self.export_action.setToolTip("把问题清单保存为 Excel 表格（Ctrl+E）")
        fmt = self.result.report.document.format if has else ""
        can_annotate = has and fmt in ("docx", "pdf") and annotator() is not None
        self.annotate_action.setEnabled(can_annotate and not busy and not self.exports.busy)
        self.annotate_action.setToolTip(
            "在草稿的副本上逐条标出问题（Word 批注 / PDF 注释），原稿不变（Ctrl+Shift+E）" if can_annotate or not has
            else "批注版需要 .docx 或 PDF 原稿；文本草稿请导出 Excel 整改清单")

    def _status(self, text: str, ms: int = 8000) -> None:
        self.statusBar().showMessage(text, ms)

    # ---------------------------------------------------------------- navigation and marks
    def _on_section(self, section: str) -> None:
        self.problems.set_section(section)
        if self.result is not None and section:
            block = Locator(self.result.report).section_block(section)
            self.document_view.scroll_to_block(block)

    def _on_finding(self, finding) -> None:
        self.document_view.show_finding(finding)
        if self.result is not None and self.tabs.isTabEnabled(1):
            place = Locator(self.result.report).pdf_place(finding)
            if place:
                self.pdf_view.show_place(place[0], place[1], finding.severity)
            else:                      # no box for this one: the previous problem's box must not stay lit
                self.pdf_view.clear_outline()

    def set_ignored(self, finding, ignored: bool = True) -> None:
        self.session.set_ignored(finding, ignored)

    def set_modified(self, finding, modified: bool = True) -> None:
        self.session.set_modified(finding, modified)

    # ---------------------------------------------------------------- export (off the UI thread)
    def _ask_path(self, caption: str, proposed: Path, file_filter: str, suffix: str) -> tuple[str, bool] | None:
        out, _ = QFileDialog.getSaveFileName(self, caption, str(proposed), file_filter,
                                             options=QFileDialog.Option.DontConfirmOverwrite)
        if not out:
            return None
        if not out.lower().endswith(suffix):
            out += suffix
        force = False
        if os.path.exists(out):
            if not dialogs.ask_overwrite(self, out):
                return None
            force = True
        return out, force

    def _ask_include_ignored(self, what: str) -> bool:
        r = self.result
        n_ignored = len({f.fingerprint() for f in r.findings} & self.session.ignored)
        if not n_ignored:
            return False
        where = "另列在“已忽略”工作表里" if what == XLSX else "也标出来（注明已忽略）"
        return dialogs.ask_yes_no(self, "已忽略的问题",
                                  f"有 {n_ignored} 个问题已标为忽略，默认不写进{WHAT[what]}。\n要把它们{where}吗？")

    def export(self) -> None:
        if self._on_folder_page():
            self.folder_view.export()          # 导出汇总…: one workbook for the whole folder
            return
        if exporter() is None or self.result is None or self.exports.busy:
            return
        if not self.exports.prepare(XLSX_MODULES, self._export_ready):
            self._status("正在准备导出整改清单…", 0)

    def _export_ready(self) -> None:
        xlsx = exporter()
        if xlsx is None or self.result is None:
            return
        draft = Path(self.path)
        proposed = draft.parent / xlsx.default_export_name(draft, date.today())
        chosen = self._ask_path("导出整改清单", proposed, "Excel 表格 (*.xlsx)", ".xlsx")
        if chosen is None:
            return
        out, force = chosen
        include_ignored = self._ask_include_ignored(XLSX)
        job = snapshot(self.result, self.session.ignored, self.session.modified)
        self._status("正在保存整改清单…", 0)
        self.exports.start(XLSX, lambda: write_xlsx(job, out, force=force, include_ignored=include_ignored))
        self._update_actions()

    def export_annotated(self) -> None:
        if annotator() is None or self.result is None or self.exports.busy:
            return
        if not self.exports.prepare(ANNOTATED_MODULES, self._annotate_ready):
            self._status("正在准备导出批注版…", 0)

    def _annotate_ready(self) -> None:
        annotate = annotator()
        if annotate is None or self.result is None:
            return
        fmt = self.result.report.document.format
        if fmt not in ("docx", "pdf"):
            dialogs.warning(self, "无法导出批注版", annotate.MSG_TEXT_DRAFT)
            return
        if self.session.watcher.changed_since_checked():
            dialogs.warning(self, "草稿已改动", "草稿在检查之后又保存过，请等重新检查完成后再导出批注版。")
            return
        draft = Path(self.path)
        proposed = draft.parent / annotate.default_annotated_name(draft, date.today(), fmt)
        file_filter = "Word 文档 (*.docx)" if fmt == "docx" else "PDF 文件 (*.pdf)"
        chosen = self._ask_path("导出批注版", proposed, file_filter, "." + fmt)
        if chosen is None:
            return
        out, force = chosen
        include_ignored = self._ask_include_ignored(ANNOTATED)
        job = snapshot(self.result, self.session.ignored, self.session.modified)
        src = str(draft)
        self._status("正在生成批注版…", 0)
        self.exports.start(ANNOTATED, lambda: write_annotated(job, src, out, force=force,
                                                               include_ignored=include_ignored))
        self._update_actions()

    def _on_saved(self, kind: str, path: str) -> None:
        self._status(f"{WHAT[kind]}已保存：{path}", 10000)
        self._update_actions()
        self.saved_box = dialogs.show_saved(self, f"{WHAT[kind]}已保存", WHAT[kind], path)

    def _on_export_failed(self, kind: str, message: str) -> None:
        self._status(f"{WHAT[kind]}没有保存", 8000)
        self._update_actions()
        dialogs.warning(self, "导出失败", f"{WHAT[kind]}没有保存：{message}")

    # ---------------------------------------------------------------- help
    def _dialog(self, key: str, make) -> QWidget:
        d = self._help_dialogs.get(key)
        if d is None:
            d = self._help_dialogs[key] = make(self)
        d.show()
        d.raise_()
        d.activateWindow()
        return d

    def show_usage(self):
        from .help import UsageDialog
        return self._dialog("usage", UsageDialog)

    def show_rules(self):
        from .help import RulesDialog
        return self._dialog("rules", RulesDialog)

    def show_about(self) -> None:
        from .help import show_about
        show_about(self)

    # ---------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:
        if _dropped_file(event.mimeData()) or _dropped_folder(event.mimeData()):
            event.acceptProposedAction()
            self.empty.set_drag_active(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if _dropped_file(event.mimeData()) or _dropped_folder(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self.empty.set_drag_active(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:
        self.empty.set_drag_active(False)
        folder = _dropped_folder(event.mimeData())
        if folder and not _dropped_file(event.mimeData()):
            event.acceptProposedAction()
            self.check_folder(folder)
            return
        path = _dropped_file(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.open_file(path)

    def _open_log_dir(self) -> None:
        if self.log_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(self.log_file)))


def _dropped_file(mime) -> str | None:
    if not mime.hasUrls():
        return None
    files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    files = [f for f in files if os.path.isfile(f)]
    preferred = [f for f in files if f.lower().endswith(SUPPORTED_SUFFIXES)]
    return (preferred or files or [None])[0]


def _dropped_folder(mime) -> str | None:
    """The first folder among the dropped items (a folder of reports to check)."""
    if not mime.hasUrls():
        return None
    folders = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return next((f for f in folders if os.path.isdir(f)), None)


_esc = esc  # the earlier name
