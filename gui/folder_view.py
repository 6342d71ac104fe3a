"""Checking a whole folder of reports: the list, its checks, the pairs with last year, the export.

    view = FolderView(parent)
    view.check_folder("D:/2024年报")       # scan (off the UI thread), then check every report
    view.openReport.connect(window.open_file)            # double-click / Enter on a row
    view.backRequested.connect(window.show_folder_list)  # the 返回列表 bar (see back_bar())

How checking is dispatched
--------------------------
``FolderChecker`` keeps a queue of jobs (path, last year's path or None) and hands them to
``PoolDispatch.submit`` — the one adapter on the checking machinery: today
``core.pool.shared_pool().submit(path, previous=…)``, the same pool of warm check processes the
main window's single-file checks use (each file with its own time and memory limit, a crashed or
timed-out worker replaced).  At most ``slots + 1`` jobs are in the pool at once (one waiting
behind the busy workers), so that a report the clerk opens meanwhile is checked after at most one
folder file, not after the whole folder.  A 25 ms timer on the UI thread only looks at the
futures' flags and takes finished results (already unpickled by the pool's thread): the UI thread
never reads or checks a document.  取消 cancels every job in flight (the pool kills their workers
and starts warm ones) and drops the queue.

Two rounds: first every report on its own; then, for the pairs found among the results (same
organ, years y and y-1, core.folder.match_pairs), this year's report once more with
``previous=`` last year's (core.check.check_file(path, previous=…) in the worker: the ordinary
findings plus the crossyear ones); its row then shows that result.
"""
from __future__ import annotations

import collections
import logging
import os
import time
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import (QObject, QModelIndex, QRunnable, QSortFilterProxyModel, Qt, QThreadPool, QTimer,
                            QUrl, Signal)
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QMenu, QProgressBar, QPushButton, QStyledItemDelegate,
                               QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from core.findings import SEVERITY_CN

from .folder_model import (CMP_CANCELLED, CMP_DONE, CMP_FAILED, CMP_RUNNING, CMP_WAITING, COL_FAIL, COL_FILE,
                           COL_FOLDER, COL_INFO, COL_ORGAN, COL_PREVIOUS, COL_READING, COL_STATUS, COL_WARN,
                           COL_YEAR, DONE, FolderModel, SortRole)
from . import dialogs
from .dialogs import esc
from core.folder import TRUNCATED_REASON, FolderScan, match_pairs, scan_folder
from .icons import severity_icon
from .strings import SEVERITY_FG, SEVERITY_ORDER, STATUS_COLOR, section_label

log = logging.getLogger(__name__)
POLL_MS = 25
_SECTION_ORDER = {"标题/前言": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


# ====================================================================== dispatch

class PoolDispatch:
    """The one place folder checks meet the checking machinery (core.pool).

    ``submit(path, previous)`` returns a future with ``started`` (an Event), ``done()``,
    ``outcome()`` -> ("ok", CheckResult) | ("read_error", ReadError) | ("crash", RuntimeError)
    and ``cancel()``.  ``slots`` is how many checks run at once."""

    def __init__(self, timeout: float | None = None):
        from core.pool import DEFAULT_TIMEOUT, shared_pool
        self._pool = shared_pool
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout

    @property
    def slots(self) -> int:
        return self._pool().size

    def submit(self, path: str, previous: str | None = None):
        return self._pool().submit(path, timeout=self.timeout, previous=previous)


class FolderChecker(QObject):
    """Runs jobs (key, path, previous) through a dispatcher; reports each as it ends."""

    jobStarted = Signal(str)                 # key
    jobDone = Signal(str, str, object)       # key, "ok" | "read_error" | "crash", payload
    idle = Signal(bool)                      # the queue is empty; True: because of cancel()

    def __init__(self, dispatch=None, parent: QObject | None = None):
        super().__init__(parent)
        self._dispatch = dispatch
        self._queue: collections.deque = collections.deque()
        self._inflight: list[list] = []      # [key, future, started-reported]
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def dispatch(self):
        if self._dispatch is None:
            self._dispatch = PoolDispatch()
        return self._dispatch

    @property
    def busy(self) -> bool:
        return bool(self._queue or self._inflight)

    def run(self, jobs: list[tuple[str, str, str | None]]) -> None:
        self._queue.extend(jobs)
        if not self.busy:
            QTimer.singleShot(0, lambda: self.idle.emit(False))
            return
        self._fill()
        self._timer.start()

    def cancel(self) -> None:
        if not self.busy:
            return
        self._queue.clear()
        for _key, fut, _ in self._inflight:
            try:
                fut.cancel()
            except Exception:  # noqa: BLE001  (a future of a pool that is shutting down)
                log.exception("取消检查时出错")
        self._inflight = []
        self._timer.stop()
        self.idle.emit(True)

    def _fill(self) -> None:
        room = max(1, self.dispatch.slots + 1) - len(self._inflight)
        while room > 0 and self._queue:
            key, path, previous = self._queue.popleft()
            try:
                fut = self.dispatch.submit(path, previous)
            except Exception as e:  # noqa: BLE001  (the pool is shut down …)
                log.exception("无法提交检查 %s", path)
                self.jobDone.emit(key, "crash", RuntimeError(f"无法开始检查：{e}"))
                continue
            self._inflight.append([key, fut, False])
            room -= 1

    def _tick(self) -> None:
        still = []
        for item in self._inflight:
            key, fut, reported = item
            if not reported and fut.started.is_set():
                item[2] = True
                self.jobStarted.emit(key)
            if fut.done():
                status, payload = fut.outcome()
                self.jobDone.emit(key, status, payload)
            else:
                still.append(item)
            if not self._inflight:     # cancel() from a slot of jobDone
                return
        self._inflight = still
        self._fill()
        if not self.busy:
            self._timer.stop()
            self.idle.emit(False)


# ====================================================================== background helpers

class _TaskSignals(QObject):
    done = Signal(int, object)
    failed = Signal(int, str)


class _Task(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], object], signals: _TaskSignals):
        super().__init__()
        self.ticket, self.fn, self.signals = ticket, fn, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            value = self.fn()
        except Exception as e:  # noqa: BLE001  (ExportError carries a Chinese .message)
            message = getattr(e, "message", None)
            if message is None:
                log.exception("后台任务出错")
                message = f"程序出错（已记入日志）：{type(e).__name__}"
            self.signals.failed.emit(self.ticket, message)
        else:
            self.signals.done.emit(self.ticket, value)


def default_export_name(folder: str, today: date) -> str:
    return f"{Path(folder).name or '文件夹'}_年报检查汇总_{today:%Y%m%d}.xlsx"


def ask_folder(parent: QWidget, start: str = "") -> str:
    """The 检查文件夹… dialog; "" when the clerk cancels."""
    return QFileDialog.getExistingDirectory(parent, "选择要检查的文件夹（包括其中的子文件夹）", start or "")


# ====================================================================== the view

class _Proxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SortRole)

    def lessThan(self, left, right) -> bool:
        a, b = left.data(SortRole), right.data(SortRole)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class FolderView(QWidget):
    """The list of a folder's reports with progress, 取消, 导出汇总… and the pairs with last year."""

    openReport = Signal(str)       # a row was double-clicked (or Enter): open it in the normal view
    backRequested = Signal()       # the 返回列表 button of back_bar() was clicked
    finished = Signal()            # every check (and comparison) ended, or the checks were cancelled
    exported = Signal(str)         # the summary workbook was written (its path)

    def __init__(self, parent: QWidget | None = None, dispatch=None, marks_for: Callable | None = None):
        super().__init__(parent)
        self.folder: str = ""
        self.cancelled = False
        self.current_path: str | None = None      # the report last opened from the list
        self._phase = ""                          # "" | scan | check | compare | done
        self._ticket = 0
        self._scan_ticket: int | None = None
        self._started_at = 0.0
        self._total = 0
        self._done = 0
        self._export_busy = False
        self._back_bar: BackBar | None = None
        self.model = FolderModel(self, marks_for=marks_for)
        self.checker = FolderChecker(dispatch, self)
        self.checker.jobStarted.connect(self._on_job_started)
        self.checker.jobDone.connect(self._on_job_done)
        self.checker.idle.connect(self._on_idle)
        self._tasks = _TaskSignals(self)
        self._tasks.done.connect(self._on_task_done)
        self._tasks.failed.connect(self._on_task_failed)
        self._task_kind: dict[int, str] = {}
        self._build()
        self._update_buttons()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.title = QLabel("尚未选择文件夹", self)
        self.title.setObjectName("folderTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setStyleSheet("#folderTitle { font-size: 11pt; padding: 4px 6px 0 6px; }")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self)
        self.summary.setObjectName("folderSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet("#folderSummary { padding: 0 6px 4px 6px; }")
        self.banner = QLabel(self)
        self.banner.setObjectName("folderBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("#folderBanner { background: #fff4ce; border: 1px solid #e0b000; padding: 6px; }")
        self.banner.hide()

        self.proxy = _Proxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("folderTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.activated.connect(self._on_activated)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_READING, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_FILE, 225), (COL_FOLDER, 90), (COL_ORGAN, 205), (COL_YEAR, 52),
                           (COL_STATUS, 82), (COL_FAIL, 44), (COL_WARN, 44), (COL_INFO, 44),
                           (COL_PREVIOUS, 240)):
            header.resizeSection(col, width)
        header.setMinimumSectionSize(40)
        # sentences are cut at their end (the middle is cut only in file names: their ends differ)
        self._end_elide = _ElideRight(self.table)
        for col in (COL_READING, COL_PREVIOUS):
            self.table.setItemDelegateForColumn(col, self._end_elide)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.progress.setMinimumWidth(220)
        self.state_label = QLabel(self)
        self.open_button = QPushButton("打开报告", self)
        self.open_button.setToolTip("在检查界面打开所选报告（也可双击该行或按回车）")
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button = QPushButton("查看上年对比…", self)
        self.compare_button.setToolTip("列出所选报告与上年报告对比发现的问题")
        self.compare_button.clicked.connect(self.show_comparison)
        self.recheck_button = QPushButton("重新检查", self)
        self.recheck_button.setToolTip("重新扫描文件夹并检查全部报告")
        self.recheck_button.clicked.connect(self.recheck)
        self.cancel_button = QPushButton("取消", self)
        self.cancel_button.setToolTip("停止检查剩下的文件")
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button = QPushButton("导出汇总…", self)
        self.export_button.setToolTip("把全部报告的检查结果存成一个 Excel 工作簿（汇总 + 整改清单）")
        self.export_button.clicked.connect(self.export)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 2, 6, 4)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.state_label, 1)
        for b in (self.open_button, self.compare_button, self.recheck_button, self.cancel_button,
                  self.export_button):
            bottom.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addWidget(self.banner)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)

    # ------------------------------------------------------------------ public API
    @property
    def busy(self) -> bool:
        return self._phase in ("scan", "check", "compare")

    def check_folder(self, folder: str) -> None:
        """Scan ``folder`` (recursively, off the UI thread) and check every report in it."""
        self.checker.cancel()
        self.folder = os.path.abspath(folder)
        self.cancelled = False
        self.current_path = None
        self.model.set_scan(None)
        self.banner.hide()
        self.title.setText(f"文件夹：<b>{esc(self.folder)}</b>")
        self._set_phase("scan")
        self.state_label.setText("正在查找文件夹中的报告…")
        self.progress.setRange(0, 0)
        root = self.folder
        self._scan_ticket = self._start_task("scan", lambda: scan_folder(root))

    def recheck(self) -> None:
        if self.folder and not self.busy:
            self.check_folder(self.folder)

    def cancel(self) -> None:
        """Stop the remaining checks; what is finished stays."""
        if not self.busy:
            return
        self.cancelled = True
        if self._phase == "scan":
            self._scan_ticket = None   # the scan's result will be dropped
            self._finish()
            return
        self.checker.cancel()

    def results(self):
        return self.model.results()

    def result_for(self, path: str):
        return self.model.result_for(path)

    def previous_for(self, path: str) -> str | None:
        """Last year's report paired with ``path`` (the main window checks it with ``previous=``)."""
        return self.model.previous_for(path)

    def selected_path(self) -> str | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(idx).row()).path

    def select_path(self, path: str) -> None:
        i = self.model.row_of(path)
        if i >= 0:
            idx = self.proxy.mapFromSource(self.model.index(i, COL_FILE))
            self.table.setCurrentIndex(idx)
            self.table.scrollTo(idx)

    def open_selected(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self._on_activated(idx)

    def shown_paths(self) -> list[str]:
        """The reports (checked rows) in the order the list shows them (sorted by a column or not)."""
        rows = [self.model.row(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in range(self.proxy.rowCount())]
        return [r.path for r in rows if r.entry.checked]

    def neighbour(self, path: str | None, step: int) -> str | None:
        """The report ``step`` rows after ``path`` in the list as shown (for 上一份/下一份)."""
        paths = self.shown_paths()
        if not paths:
            return None
        if path not in paths:
            return paths[0]
        i = paths.index(path) + step
        return paths[i] if 0 <= i < len(paths) else None

    def position_of(self, path: str | None) -> tuple[int, int]:
        paths = self.shown_paths()
        return (paths.index(path) + 1 if path in paths else 0), len(paths)

    def back_bar(self, parent: QWidget | None = None) -> BackBar:
        """The 返回列表 bar the main window shows above an opened report (created once)."""
        if self._back_bar is None:
            self._back_bar = BackBar(self, parent)
        return self._back_bar

    # ------------------------------------------------------------------ background tasks
    def _start_task(self, kind: str, fn: Callable[[], object]) -> int:
        self._ticket += 1
        self._task_kind[self._ticket] = kind
        QThreadPool.globalInstance().start(_Task(self._ticket, fn, self._tasks))
        return self._ticket

    def _on_task_done(self, ticket: int, value) -> None:
        kind = self._task_kind.pop(ticket, "")
        if kind == "export":
            self._export_finished(str(value), "")
        elif kind == "scan" and ticket == self._scan_ticket:
            self._scan_ticket = None
            self._scanned(value)

    def _on_task_failed(self, ticket: int, message: str) -> None:
        kind = self._task_kind.pop(ticket, "")
        if kind == "export":
            self._export_finished("", message)
        elif kind == "scan" and ticket == self._scan_ticket:
            self._scan_ticket = None
            self._scanned(FolderScan(root=self.folder, error=message))

    # ------------------------------------------------------------------ checking
    def _scanned(self, scan: FolderScan) -> None:
        self.model.set_scan(scan)
        self.table.setColumnHidden(COL_FOLDER, not self.model.has_subfolders())
        notes = []
        if scan.error:
            notes.append(f"无法读取这个文件夹：{scan.error}")
        if scan.truncated:
            notes.append(TRUNCATED_REASON.format(n=len(scan.entries)))
        if not scan.error and not scan.to_check:
            notes.append("这个文件夹（包括子文件夹）里没有 .docx、.pdf、.txt 或 .md 文件。")
        if notes:
            self.banner.setText("；".join(notes))
            self.banner.show()
        jobs = [(e.path, e.path, None) for e in scan.to_check]
        self._total, self._done = len(jobs), 0
        self._started_at = time.monotonic()
        self._set_phase("check")
        self._update_progress()
        self.checker.run(jobs)

    def _on_job_started(self, key: str) -> None:
        i = self.model.row_of(_path_of(key))
        if i >= 0 and not key.startswith("cmp:"):
            self.model.set_checking(i)
        elif i >= 0:
            self.model.set_compare(i, CMP_RUNNING)

    def _on_job_done(self, key: str, status: str, payload) -> None:
        compare = key.startswith("cmp:")
        path = _path_of(key)
        i = self.model.row_of(path)
        self._done += 1
        if i >= 0:
            if compare:
                self._compared(i, status, payload)
            elif status == "ok":
                self.model.set_result(i, payload)
            elif status == "read_error":
                self.model.set_unreadable(i, payload.kind, payload.message)
            else:
                log.error("检查 %s 时程序出错：%s", path, payload)
                self.model.set_crashed(i, "检查这个文件时程序出错（这不是文件的问题，详情已记入日志）")
        payload = None
        self._update_progress()

    def _compared(self, i: int, status: str, payload) -> None:
        if status == "ok":
            self.model.set_result(i, payload)
            self.model.set_compare(i, CMP_DONE)
        elif status == "read_error" and payload.kind == "cancelled":
            self.model.set_compare(i, CMP_CANCELLED)
        elif status == "read_error":
            self.model.set_compare(i, CMP_FAILED, payload.message)
        else:
            log.error("对比上年报告时程序出错：%s", payload)
            self.model.set_compare(i, CMP_FAILED, "程序出错（已记入日志）")

    def _on_idle(self, cancelled: bool) -> None:
        if cancelled:
            self.model.cancel_waiting()
            self._finish()
            return
        if self._phase == "check":
            reports = [(r.path, r.organ, r.year) for r in self.model.rows()
                       if r.state == DONE and r.result is not None and r.result.report.is_report]
            pairs = match_pairs(reports)
            self.model.set_pairs(pairs)
            if pairs:
                self._set_phase("compare")
                self._total += len(pairs)
                self._update_progress()
                jobs = [("cmp:" + this, this, prev) for this, prev in sorted(
                    pairs.items(), key=lambda kv: self.model.row_of(kv[0]))]
                self.checker.run(jobs)
                return
        self._finish()

    def _finish(self) -> None:
        self._set_phase("done")
        if self.progress.maximum() == 0:
            self.progress.setRange(0, max(1, self._total))
        self._update_progress()
        self.finished.emit()

    def _set_phase(self, phase: str) -> None:
        self._phase = phase
        self._update_buttons()

    def _update_progress(self) -> None:
        if self._phase == "scan":
            return
        self.progress.setRange(0, max(1, self._total))
        self.progress.setValue(min(self._done, self._total) if self._total else (1 if self._phase == "done" else 0))
        t = self.model.tally()
        seconds = time.monotonic() - self._started_at if self._started_at else 0
        if self._phase == "check":
            self.progress.setFormat(f"{t['finished']} / {t['to_check']} 份")
            self.state_label.setText("正在检查……已检查完的报告可以先双击打开")
        elif self._phase == "compare":
            compared = sum(1 for r in self.model.rows() if r.previous and r.compare not in (CMP_WAITING, CMP_RUNNING))
            self.progress.setFormat(f"对比上年 {compared} / {t['pairs']} 组")
            self.state_label.setText(f"正在与上年报告对比（{t['pairs']} 组）…")
        elif self._phase == "done":
            if self.cancelled:
                self.progress.setFormat("已取消")
                self.state_label.setText(f"已取消：检查了 {t['finished'] - t['cancelled']} / {t['to_check']} 份")
            else:
                self.progress.setFormat("全部完成")
                self.state_label.setText(f"检查完成：{t['to_check']} 份，用时 {_duration(seconds)}")
        self._update_summary(t)

    def _update_summary(self, t: dict) -> None:
        if not t["files"]:
            self.summary.setText("")
            return
        parts = [f"共 {t['files']} 个文件，检查 {t['to_check']} 份"]
        shown = [("pass", "通过"), ("warn", "需核对"), ("fail", "不通过")]
        parts.append("　".join(f"<span style='color:{STATUS_COLOR[k]}'>{label} <b>{t[k]}</b></span>"
                              for k, label in shown))
        extra = [("unreadable", "无法读取"), ("not_report", "不是年报"), ("crashed", "程序出错"),
                 ("cancelled", "已取消"), ("skipped", "不检查")]
        more = "　".join(f"{label} {t[k]}" for k, label in extra if t[k])
        if more:
            parts.append(more)
        if t["pairs"]:
            parts.append(f"与上年报告配对 {t['pairs']} 组")
        self.summary.setText("　｜　".join(parts))

    def _update_buttons(self) -> None:
        busy = self.busy
        self.cancel_button.setEnabled(busy)
        self.recheck_button.setEnabled(bool(self.folder) and not busy)
        self.export_button.setEnabled(not busy and not self._export_busy and bool(self.model.results()))
        path = self.selected_path() if hasattr(self, "table") else None
        i = self.model.row_of(path) if path else -1
        row = self.model.row(i) if i >= 0 else None
        self.open_button.setEnabled(row is not None and row.entry.checked)
        self.compare_button.setEnabled(row is not None and bool(row.previous) and row.compare == CMP_DONE)

    # ------------------------------------------------------------------ rows
    def _on_activated(self, idx: QModelIndex) -> None:
        row = self.model.row(self.proxy.mapToSource(idx).row())
        if not row.entry.checked:
            self.state_label.setText(f"“{row.entry.name}”不是报告，不检查")
            return
        self.current_path = row.path
        self.openReport.emit(row.path)

    def _context_menu(self, pos) -> None:
        idx = self.table.indexAt(pos)
        if not idx.isValid():
            return
        self.table.setCurrentIndex(idx)
        row = self.model.row(self.proxy.mapToSource(idx).row())
        menu = QMenu(self)
        a = menu.addAction("打开报告", self.open_selected)
        a.setEnabled(row.entry.checked)
        b = menu.addAction("查看上年对比…", self.show_comparison)
        b.setEnabled(bool(row.previous) and row.compare == CMP_DONE)
        menu.addAction("打开所在文件夹", lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(os.path.dirname(row.path))))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def show_comparison(self, path: str | None = None) -> CompareDialog | None:
        path = path or self.selected_path()
        i = self.model.row_of(path) if path else -1
        if i < 0 or self.model.row(i).result is None or self.model.row(i).result.previous is None:
            return None
        dlg = CompareDialog(self.model.row(i).result, self)
        dlg.openRequested.connect(self.openReport)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    # ------------------------------------------------------------------ export
    def export(self) -> None:
        results = self.model.results()
        if not results or self.busy or self._export_busy:
            return
        proposed = os.path.join(self.folder, default_export_name(self.folder, date.today()))
        out, _ = QFileDialog.getSaveFileName(self, "导出检查汇总", proposed, "Excel 表格 (*.xlsx)",
                                             options=QFileDialog.Option.DontConfirmOverwrite)
        if not out:
            return
        if not out.lower().endswith(".xlsx"):
            out += ".xlsx"
        force = False
        if os.path.exists(out):
            if not dialogs.ask_overwrite(self, out):      # 否 is the default answer
                self.state_label.setText("没有导出（文件已存在）")
                return
            force = True
        self.export_to(out, force=force)

    def export_to(self, out: str, force: bool = False) -> None:
        """Write the workbook off the UI thread; ``exported`` or a warning when done."""
        results = self.model.results()
        self._export_busy = True
        self._update_buttons()
        self.state_label.setText(f"正在导出 {len(results)} 份报告的检查结果…")

        def write():
            from core.export.xlsx import export_xlsx
            return export_xlsx(results, out, force=force)
        self._start_task("export", write)

    def _export_finished(self, saved: str, message: str) -> None:
        self._export_busy = False
        self._update_buttons()
        if message:
            self.state_label.setText("导出失败")
            dialogs.warning(self, "导出失败", f"检查汇总没有保存：{message}")
            return
        self.state_label.setText(f"检查汇总已保存：{saved}")
        self.exported.emit(saved)


def _path_of(key: str) -> str:
    return key.removeprefix("cmp:")


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} 秒"
    return f"{int(seconds // 60)} 分 {int(seconds % 60)} 秒"


# ====================================================================== the comparison dialog

class CompareDialog(QDialog):
    """The crossyear findings of one report compared with last year's, side by side with the pair."""

    openRequested = Signal(str)

    def __init__(self, result, parent: QWidget | None = None):
        super().__init__(parent)
        rep, prev = result.report, result.previous
        this_name, prev_name = Path(rep.document.path).name, Path(prev.document.path).name
        self.setWindowTitle(f"上年对比：{this_name}")
        self.path = rep.document.path
        findings = sorted((f for f in result.active() if f.category == "crossyear"),
                          key=lambda f: (SEVERITY_ORDER[f.severity], _SECTION_ORDER.get(f.section, 9)))
        title = QLabel("与上年年报对比", self)
        title.setObjectName("compareTitle")
        title.setStyleSheet("#compareTitle { font-size: 13pt; font-weight: bold; }")
        head = QLabel(self)
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setWordWrap(True)
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("fail", "warn", "info")}
        summary = "　".join(f"<span style='color:{SEVERITY_FG[s]}'>{SEVERITY_CN[s]} <b>{n}</b></span>"
                           for s, n in counts.items() if n)
        head.setText(
            f"<b>本年</b>：{esc(this_name)}（{esc(rep.organ or '机关未识别')}，{rep.year or '年度未识别'}年度）<br>"
            f"<b>上年</b>：{esc(prev_name)}（{esc(prev.organ or '机关未识别')}，{prev.year or '年度未识别'}年度）<br>"
            + (f"对比发现 {len(findings)} 个问题：{summary}" if findings else
               "对比未发现问题：结转数、现行有效件数与上年衔接，也没有照搬上年的段落。"))
        self.table = QTableWidget(len(findings), 4, self)
        self.table.setHorizontalHeaderLabels(["程度", "部分", "问题", "建议"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, f in enumerate(findings):
            sev = QTableWidgetItem(severity_icon(f.severity), SEVERITY_CN[f.severity])
            sev.setForeground(_qcolor(SEVERITY_FG[f.severity]))
            self.table.setItem(r, 0, sev)
            self.table.setItem(r, 1, QTableWidgetItem(section_label(f.section)))
            self.table.setItem(r, 2, QTableWidgetItem(f.message))
            self.table.setItem(r, 3, QTableWidgetItem(f.suggestion))
        h = self.table.horizontalHeader()
        h.resizeSection(0, 70)
        h.resizeSection(1, 130)
        h.resizeSection(2, 430)
        h.setStretchLastSection(True)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(findings))
        buttons = QDialogButtonBox(self)
        open_button = buttons.addButton("打开本年报告", QDialogButtonBox.ButtonRole.ActionRole)
        open_button.clicked.connect(lambda: (self.openRequested.emit(self.path), self.accept()))
        close_button = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close_button.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(head)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(1000, min(640, 200 + 80 * len(findings)) if findings else 200)


def _qcolor(c: str):
    from PySide6.QtGui import QColor
    return QColor(c)


# ====================================================================== the 返回列表 bar

class _ElideRight(QStyledItemDelegate):
    """Text cut at its end with "…" (the table cuts file names in the middle)."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


class BackBar(QWidget):
    """Shown by the main window above a report opened from the folder list:

        [‹ 返回列表]  文件夹“2024年报”中的第 3 / 15 份              [上一份] [下一份]

    返回列表 emits the folder view's ``backRequested``; 上一份/下一份 open the neighbouring
    report through ``openReport`` (in the list's current order)."""

    def __init__(self, view: FolderView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.setObjectName("folderBackBar")
        self.setStyleSheet("#folderBackBar { background: #eef3fb; border-bottom: 1px solid #c9d6ea; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.back_button = QPushButton("‹ 返回列表", self)
        self.back_button.setToolTip("回到文件夹的检查结果列表（Alt+←）")
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(view.backRequested)
        self.label = QLabel(self)
        self.prev_button = QPushButton("上一份", self)
        self.prev_button.clicked.connect(lambda: self._step(-1))
        self.next_button = QPushButton("下一份", self)
        self.next_button.clicked.connect(lambda: self._step(1))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 3, 6, 3)
        lay.addWidget(self.back_button)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.prev_button)
        lay.addWidget(self.next_button)
        view.openReport.connect(lambda _p: self.refresh())
        self.refresh()

    def _step(self, step: int) -> None:
        path = self.view.neighbour(self.view.current_path, step)
        if path:
            self.view.current_path = path
            self.view.select_path(path)
            self.view.openReport.emit(path)

    def refresh(self) -> None:
        n, total = self.view.position_of(self.view.current_path)
        name = Path(self.view.folder).name or self.view.folder
        self.label.setText(f"文件夹“{name}”中的第 {n} / {total} 份" if n else f"文件夹“{name}”")
        self.prev_button.setEnabled(self.view.neighbour(self.view.current_path, -1) is not None)
        self.next_button.setEnabled(self.view.neighbour(self.view.current_path, 1) is not None)
