"""The main window: sections | document (文档 / 原文) | problems, with the summary line on top."""
from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton,
                               QSplitter, QTabWidget, QToolBar, QVBoxLayout, QWidget)

from core.findings import SEVERITIES, SEVERITY_CN, STATUS_CN, CheckResult

from .document_view import DocumentView
from .file_watcher import DraftWatcher
from .finding_locator import Locator
from .ignore_store import IgnoreStore
from .pdf_view import PdfView
from .problem_panel import ProblemPanel
from .section_panel import SectionPanel
from .strings import APP_NAME, FILE_FILTER, STATUS_COLOR, STATUS_MARK, SUPPORTED_SUFFIXES
from .worker import CheckRunner

log = logging.getLogger(__name__)
MAX_RECENT = 8


def exporter():
    """core.export.xlsx, or None while the Excel exporter does not exist."""
    try:
        from core.export import xlsx
        xlsx.export_xlsx, xlsx.default_export_name  # noqa: B018
        return xlsx
    except (ImportError, AttributeError):
        return None


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, check=None, log_file: str = ""):
        super().__init__()
        self.settings = settings or QSettings()
        self.log_file = log_file
        self.ignores = IgnoreStore(self.settings)
        self.path: str | None = None
        self.result: CheckResult | None = None
        self.last_error: str | None = None
        self.runner = CheckRunner(check, self)
        self.runner.finished.connect(self._on_result)
        self.runner.readError.connect(self._on_read_error)
        self.runner.crashed.connect(self._on_crash)
        self.runner.busyChanged.connect(self._on_busy)
        self.watcher = DraftWatcher(self)
        self.watcher.changed.connect(self._on_file_changed)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._restore_settings()

    # ---------------------------------------------------------------- layout
    def _build_widgets(self) -> None:
        self.summary = QLabel("尚未打开文件", self)
        self.summary.setObjectName("summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("#summary { font-size: 11pt; padding: 4px 6px; }")
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("#banner { background: #fff4ce; border: 1px solid #e0b000; padding: 6px; }")
        self.banner.hide()
        self.sections = SectionPanel(self)
        self.document_view = DocumentView(self)
        self.pdf_view = PdfView(self)
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
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(self.summary)
        lay.addWidget(self.banner)
        lay.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
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
        self.sections.sectionChanged.connect(self._on_section)
        self.problems.findingSelected.connect(self._on_finding)
        self.problems.ignoreRequested.connect(self.set_ignored)

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
        self.cancel_action = self._action("取消检查", self.cancel_check, "Esc", "停止正在进行的检查（Esc）")
        self.export_action = self._action("导出整改清单(&E)…", self.export, "Ctrl+E",
                                          "把问题清单保存为 Excel 表格（Ctrl+E）")
        quit_action = self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        focus = [self._action("章节(&S)", lambda: self.sections.view.setFocus(), "Alt+1"),
                 self._action("文档(&D)", lambda: self._focus_tab(0), "Alt+2"),
                 self._action("原文(&Y)", lambda: self._focus_tab(1), "Alt+3"),
                 self._action("问题清单(&P)", lambda: self.problems.table.setFocus(), "Alt+4")]
        log_action = self._action("打开日志文件夹(&L)", self._open_log_dir)
        self.recent_menu = self.menuBar().addMenu("文件(&F)")
        file_menu = self.recent_menu
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("最近打开(&T)")
        file_menu.addAction(self.recheck_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("查看(&V)")
        for a in focus:
            view_menu.addAction(a)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(log_action)
        tb = QToolBar("工具栏", self)
        tb.setObjectName("mainToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.setMovable(False)
        for a in (self.open_action, self.recheck_action, self.export_action):
            tb.addAction(a)
        self.addToolBar(tb)
        self._update_actions()

    def _focus_tab(self, i: int) -> None:
        if self.tabs.isTabEnabled(i):
            self.tabs.setCurrentIndex(i)
            self.tabs.currentWidget().setFocus()

    # ---------------------------------------------------------------- settings
    def _restore_settings(self) -> None:
        geo = self.settings.value("window/geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 720)
        split = self.settings.value("window/splitter")
        if split is not None:
            self.splitter.restoreState(split)
        self._fill_recent_menu()

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_settings()
        super().closeEvent(event)

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [p for p in (value or []) if p]

    def _remember(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for n, p in enumerate(recent, 1):
            a = self.recent_menu.addAction(f"&{n} {Path(p).name}")
            a.setToolTip(p)
            a.setStatusTip(p)
            a.triggered.connect(lambda _=False, p=p: self.open_file(p))
        self.recent_menu.setEnabled(bool(recent))

    # ---------------------------------------------------------------- opening
    def choose_file(self) -> None:
        start = os.path.dirname(self.path) if self.path else self.settings.value("lastDir", "")
        path, _ = QFileDialog.getOpenFileName(self, "打开年报草稿", start or "", FILE_FILTER)
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        path = os.path.abspath(path)
        if self.result is not None and os.path.abspath(self.result.report.document.path) != path:
            self._clear_result()  # never show one draft's problems under another draft's name
        self.path = path
        self.settings.setValue("lastDir", os.path.dirname(path))
        self._remember(path)
        self.setWindowTitle(f"{Path(path).name} — {APP_NAME}")
        self.watcher.watch(path)
        is_pdf = path.lower().endswith(".pdf")
        self.tabs.setTabEnabled(1, is_pdf)
        if is_pdf:
            self.pdf_view.load(path)
        else:
            self.pdf_view.clear()
            self.tabs.setCurrentIndex(0)
        self._start_check()

    def recheck(self) -> None:
        if self.path:
            self._start_check()

    def _start_check(self) -> None:
        self.statusBar().showMessage(f"正在检查 {Path(self.path).name} …")
        self.runner.start(self.path)

    def _on_file_changed(self, path: str) -> None:
        if path == self.path:
            log.info("文件已修改，重新检查：%s", path)
            self.statusBar().showMessage("文件已修改，正在重新检查…")
            self._start_check()

    def cancel_check(self) -> None:
        if self.runner.busy:
            self.runner.cancel()

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy and self.runner.can_cancel)
        self.recheck_action.setEnabled(not busy and bool(self.path))
        if busy:
            self.summary.setText(f"正在检查 <b>{Path(self.path).name}</b> …")
            if self.result is None:
                self.document_view.show_placeholder(f"正在读取并检查“{Path(self.path).name}”，请稍候……")

    # ---------------------------------------------------------------- results
    def _on_result(self, path: str, result: CheckResult) -> None:
        if path != self.path:
            return
        self.watcher.mark_checked()
        result.ignored = self.ignores.get(path)
        self.result = result
        self.last_error = None
        self._show_reading_problems(result)
        self.sections.set_result(result)
        self.problems.set_result(result)
        self.problems.set_section(self.sections.current_section())
        self.document_view.show_result(result)
        self._update_summary()
        self._update_actions()
        n = len(result.active())
        self.statusBar().showMessage(f"检查完成：发现 {n} 个问题", 8000)

    def _on_read_error(self, path: str, kind: str, message: str) -> None:
        if path != self.path:
            return
        if kind == "cancelled":
            if self.result is not None:
                self._update_summary()  # the previous result stays on screen
            else:
                self.summary.setText(f"<b>{_esc(Path(path).name)}</b>：已取消检查（按 F5 重新检查）")
                self.document_view.show_placeholder("已取消检查。按 F5 重新检查，或打开其他文件。")
            self.statusBar().showMessage("已取消检查，按 F5 可重新检查", 8000)
            self._update_actions()
            return
        self._clear_result()
        self.last_error = message
        name = Path(path).name
        self.summary.setText(f"<b>{_esc(name)}</b>：无法检查")
        self.banner.setText(f"无法读取这个文件：{message}")
        self.banner.show()
        self.document_view.show_placeholder(f"无法读取“{name}”：{message}")
        self.statusBar().showMessage("无法读取文件", 8000)
        QMessageBox.warning(self, "无法检查这个文件", f"“{name}”无法检查：\n\n{message}")

    def _on_crash(self, path: str, description: str) -> None:
        self.last_error = description
        where = f"\n\n详细信息已记录在日志文件：\n{self.log_file}" if self.log_file else ""
        self.statusBar().showMessage("检查时出错", 8000)
        if self.result is None:
            self.summary.setText(f"<b>{_esc(Path(path).name)}</b>：检查时出错")
        QMessageBox.critical(self, "检查时出错",
                             f"检查“{Path(path).name}”时程序出了错，这不是您的文件的问题。"
                             f"请把文件和日志发给维护人员。{where}")

    def _clear_result(self) -> None:
        self.result = None
        self.sections.set_result(None)
        self.problems.set_result(None)
        self._update_actions()

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
        parts = [f"<b>{_esc(rep.title or Path(self.path).name)}</b>",
                 f"机关：{_esc(rep.organ or '未识别')}",
                 f"年度：{rep.year or '未识别'}",
                 f"<span style='color:{STATUS_COLOR[status]}'><b>{STATUS_MARK[status]} {STATUS_CN[status]}</b></span>",
                 "　".join(f"{SEVERITY_CN[s]} {counts[s]}" for s in SEVERITIES)]
        n_ignored = len(r.findings) - len(r.active())
        if n_ignored:
            parts.append(f"已忽略 {n_ignored}")
        self.summary.setText("　｜　".join(parts))

    def _update_actions(self) -> None:
        has = self.result is not None
        self.recheck_action.setEnabled(bool(self.path) and not self.runner.busy)
        if exporter() is None:
            self.export_action.setEnabled(False)
            self.export_action.setToolTip("导出 Excel 整改清单的功能尚未提供")
        else:
            self.export_action.setEnabled(has)
            self.export_action.setToolTip("把问题清单保存为 Excel 表格（Ctrl+E）")

    # ---------------------------------------------------------------- navigation
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

    def set_ignored(self, finding, ignored: bool = True) -> None:
        if self.result is None or self.path is None:
            return
        self.result.ignored = self.ignores.set_ignored(self.path, finding.fingerprint(), ignored)
        self.sections.set_result(self.result)
        self.problems.set_ignored(self.result.ignored)
        self.document_view.show_result(self.result)
        self._update_summary()

    # ---------------------------------------------------------------- export
    def export(self) -> None:
        xlsx = exporter()
        if xlsx is None or self.result is None:
            return
        draft = Path(self.path)
        proposed = draft.parent / xlsx.default_export_name(draft, date.today())
        out, _ = QFileDialog.getSaveFileName(self, "导出整改清单", str(proposed), "Excel 表格 (*.xlsx)",
                                             options=QFileDialog.Option.DontConfirmOverwrite)
        if not out:
            return
        if not out.lower().endswith(".xlsx"):
            out += ".xlsx"
        force = False
        if os.path.exists(out):
            answer = QMessageBox.question(self, "文件已存在", f"“{Path(out).name}”已经存在，要覆盖它吗？")
            if answer != QMessageBox.StandardButton.Yes:
                return
            force = True
        include_ignored = False
        n_ignored = len(self.result.findings) - len(self.result.active())
        if n_ignored:
            answer = QMessageBox.question(
                self, "已忽略的问题",
                f"有 {n_ignored} 个问题已标为忽略，默认不写进整改清单。\n"
                "要把它们另列在“已忽略”工作表里吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            include_ignored = answer == QMessageBox.StandardButton.Yes
        self._write_export(xlsx, out, force, include_ignored)

    def _write_export(self, xlsx, out: str, force: bool, include_ignored: bool = False) -> None:
        try:
            saved = xlsx.export_xlsx([self.result], out, force=force, include_ignored=include_ignored)
        except Exception as e:  # noqa: BLE001  (ExportError carries a Chinese .message)
            message = getattr(e, "message", None)
            if message is None:
                log.exception("导出失败")
                message = f"程序出错（已记入日志）：{type(e).__name__}"
            QMessageBox.warning(self, "导出失败", f"整改清单没有保存：{message}")
            return
        self.statusBar().showMessage(f"整改清单已保存：{saved or out}", 10000)

    # ---------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:
        if _dropped_file(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
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


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
