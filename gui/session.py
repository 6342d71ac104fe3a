"""The one open draft: its file, its check result and the clerk's marks, told to the views by signals.

The main window and the panels do not push state into each other; they listen here:

- ``fileChanged(path)``      another draft was opened: views drop the previous draft's state (its
                             filters too) before anything of the new one arrives;
- ``busyChanged(bool)``      a check started / ended;
- ``resultChanged(result)``  a check of the open draft finished (``None``: no result to show — a new
                             draft not yet checked, or one that could not be read);
- ``marksChanged()``         忽略 / 已修改 changed (``result.ignored`` is already updated);
- ``readFailed(path, kind, message)`` and ``crashed(path, description)``;
- ``message(text)``          a line for the status bar (never a count: counts come from the result).

Re-checking: the file is watched; a change that lands while a check is running is never lost —
the session asks for one more check as soon as the running one ends (``_rerun``), and also compares
the file with the state it had when the finished check *started*.
"""
from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, QSettings, Signal

from core.findings import CheckResult, Finding

from .file_watcher import DraftWatcher
from .ignore_store import IGNORED, MODIFIED, MarkStore, report_key, split
from .worker import CheckRunner

log = logging.getLogger(__name__)


class Session(QObject):
    fileChanged = Signal(str)
    busyChanged = Signal(bool)
    resultChanged = Signal(object)
    marksChanged = Signal()
    readFailed = Signal(str, str, str)
    crashed = Signal(str, str)
    message = Signal(str)

    def __init__(self, settings: QSettings, check=None, parent: QObject | None = None):
        super().__init__(parent)
        self.store = MarkStore(settings)
        self.runner = CheckRunner(check, self)
        self.watcher = DraftWatcher(self)
        self.path: str | None = None
        self.previous: str | None = None        # last year's report the draft is compared with
        self.result: CheckResult | None = None
        self.last_error: str | None = None
        self.key: str | None = None
        self.ignored: set[str] = set()
        self.modified: set[str] = set()
        self.checks_started = 0
        self._rerun = False
        self._started_stamp = None
        self.runner.finished.connect(self._on_finished)
        self.runner.readError.connect(self._on_read_error)
        self.runner.crashed.connect(self._on_crashed)
        self.runner.busyChanged.connect(self.busyChanged)
        self.watcher.changed.connect(self._on_file_changed)

    # ---------------------------------------------------------------- state
    @property
    def busy(self) -> bool:
        return self.runner.busy

    @property
    def name(self) -> str:
        return os.path.basename(self.path) if self.path else ""

    def mark_of(self, f: Finding) -> str:
        fp = f.fingerprint()
        return IGNORED if fp in self.ignored else MODIFIED if fp in self.modified else ""

    # ---------------------------------------------------------------- checking
    def open(self, path: str, previous: str | None = None) -> None:
        path = os.path.abspath(path)
        self.previous = os.path.abspath(previous) if previous else None
        if path != self.path:
            self.path = path
            self.result = None
            self.last_error = None
            self.key = None
            self.ignored, self.modified = set(), set()
            self._rerun = False
            self.watcher.watch(path)
            self.fileChanged.emit(path)
            self.resultChanged.emit(None)
        self._start()

    def recheck(self) -> None:
        if self.path:
            self._start()

    def compare_with(self, previous: str | None) -> None:
        """Check the open draft again, compared with last year's report ``previous`` (None: not)."""
        if self.path:
            self.previous = os.path.abspath(previous) if previous else None
            self._start()

    def cancel(self) -> None:
        self._rerun = False
        if self.runner.busy:
            self.runner.cancel()

    def _start(self) -> None:
        self._rerun = False
        self._started_stamp = self.watcher.stamp()
        # what is being checked now: only a later change counts (no second check for this one)
        self.watcher.mark_checked(self._started_stamp)
        self.checks_started += 1
        self.runner.start(self.path, previous=self.previous)

    def _on_file_changed(self, path: str) -> None:
        if path != self.path:
            return
        if self.runner.busy:
            # the running check read the file before this save: check once more when it ends
            log.info("检查进行中文件又被保存，检查结束后再检查一次：%s", path)
            self._rerun = True
            self.message.emit("文件已修改，本次检查结束后将重新检查…")
        else:
            log.info("文件已修改，重新检查：%s", path)
            self.message.emit("文件已修改，正在重新检查…")
            self._start()

    def _again_if_changed(self) -> bool:
        """Start one more check if the file changed since the check that just ended started."""
        if self._rerun or self.watcher.changed_since_checked():
            log.info("检查期间文件已修改，重新检查：%s", self.path)
            self.message.emit("检查期间文件已修改，正在重新检查…")
            self._start()
            return True
        return False

    def _on_finished(self, path: str, result: CheckResult) -> None:
        if path != self.path:
            return
        self.watcher.mark_checked(self._started_stamp)
        self.result = result
        self.last_error = None
        self._load_marks()
        self.resultChanged.emit(result)
        self._again_if_changed()

    def _on_read_error(self, path: str, kind: str, message: str) -> None:
        if path != self.path:
            return
        if kind == "cancelled":
            self._rerun = False
            self.readFailed.emit(path, kind, message)
            return
        self.watcher.mark_checked(self._started_stamp)
        if self._rerun or self.watcher.changed_since_checked():
            # typically a file read in the middle of being saved: the finished save is checked
            self._again_if_changed()
            return
        self.result = None
        self.last_error = message
        self.resultChanged.emit(None)
        self.readFailed.emit(path, kind, message)

    def _on_crashed(self, path: str, description: str) -> None:
        if path != self.path:
            return
        self.last_error = description
        self.crashed.emit(path, description)

    # ---------------------------------------------------------------- marks
    def _apply(self, marks: dict[str, str]) -> None:
        self.ignored, self.modified = split(marks)
        if self.result is not None:
            self.result.ignored = set(self.ignored)
            # read by the Excel export (整改状态 已整改); see gui/exports.py
            self.result.modified = set(self.modified)

    def _load_marks(self) -> None:
        r = self.result
        self.key = report_key(r.report, self.path or "")
        try:
            self.store.migrate(self.key, self.path or "")
            marks = self.store.marks(self.key)
        except Exception:  # noqa: BLE001  (marks are a convenience: never stop a result showing)
            log.exception("无法读取已保存的标记")
            marks = {}
        self._apply(marks)

    def set_mark(self, f: Finding, mark: str | None) -> None:
        """``ignored``, ``modified`` or None (no mark) for one finding of the current result."""
        if self.result is None or self.key is None:
            return
        try:
            marks = self.store.set_mark(self.key, f.fingerprint(), mark)
        except Exception:  # noqa: BLE001
            log.exception("无法保存标记")
            self.message.emit("标记没能保存到设置文件（详见日志），本次仍然有效")
            marks = {fp: m for fp, m in self._marks().items() if fp != f.fingerprint()}
            if mark:
                marks[f.fingerprint()] = mark
        self._apply(marks)
        self.marksChanged.emit()

    def _marks(self) -> dict[str, str]:
        out = {fp: IGNORED for fp in self.ignored}
        out.update({fp: MODIFIED for fp in self.modified})
        return out

    def set_ignored(self, f: Finding, ignored: bool = True) -> None:
        self.set_mark(f, IGNORED if ignored else None)

    def set_modified(self, f: Finding, modified: bool = True) -> None:
        self.set_mark(f, MODIFIED if modified else None)
