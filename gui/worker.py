"""Checking off the UI thread.

``CheckRunner.start(path)`` waits for the checker in a QThreadPool thread.  Every start
gets a new job number; a result that arrives for an older job (the clerk opened another
file meanwhile) is dropped, so only the newest file's result reaches the window.
The default check runs in the process's shared pool of warm check processes
(core.pool, through core.bounded): a time and memory limit per check, so a
pathological file cannot hang or exhaust the app; ``cancel()`` stops it at once (the
worker is killed and a warm one takes over).  The UI thread never reads, parses or
renders a document: it only receives the finished CheckResult by a signal.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from core.model import ReadError

log = logging.getLogger(__name__)


def _default_check(path: str, cancel: threading.Event | None = None, previous: str | None = None):
    from core.bounded import check_file_bounded
    return check_file_bounded(path, cancel=cancel, previous=previous)


def _warm_up_checkers() -> None:
    """Start the shared pool's workers in the background (returns at once), so that the first
    check after opening a file is already warm; two where there are two cores, so that a new
    file opened while a check is cancelled does not wait for a fresh process."""
    try:
        from core.pool import shared_pool
        pool = shared_pool()
        pool.prestart(min(2, pool.size))
    except Exception:  # noqa: BLE001  (the first check starts one anyway)
        log.exception("无法预先启动检查进程")


class _JobSignals(QObject):
    done = Signal(int, str, object)          # job, path, CheckResult
    read_error = Signal(int, str, str, str)  # job, path, kind, message
    crashed = Signal(int, str, str)          # job, path, one-line description


class _CheckJob(QRunnable):
    def __init__(self, job: int, path: str, check: Callable, signals: _JobSignals,
                 cancel: threading.Event | None, previous: str | None = None):
        super().__init__()
        self.job, self.path, self.check, self.signals, self.cancel = job, path, check, signals, cancel
        self.previous = previous
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            kwargs = {}
            if self.cancel:
                kwargs["cancel"] = self.cancel
            if self.previous:                      # last year's report to compare with
                kwargs["previous"] = self.previous
            result = self.check(self.path, **kwargs)
        except ReadError as e:
            self.signals.read_error.emit(self.job, self.path, e.kind, e.message)
        except Exception as e:  # noqa: BLE001  (anything else is a bug: log it, tell the clerk)
            log.exception("检查 %s 时出错", self.path)
            self.signals.crashed.emit(self.job, self.path, f"{type(e).__name__}: {e}")
        else:
            self.signals.done.emit(self.job, self.path, result)


class CheckRunner(QObject):
    """Starts checks and forwards only the newest job's outcome."""

    finished = Signal(str, object)       # path, CheckResult
    readError = Signal(str, str, str)    # path, kind, message
    crashed = Signal(str, str)           # path, description
    busyChanged = Signal(bool)

    def __init__(self, check: Callable | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._check = check or _default_check
        self._cancellable = check is None  # an injected check (tests) takes only a path
        self._cancel: threading.Event | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1 if QThreadPool.globalInstance().maxThreadCount() < 2 else 2)
        self._latest = 0      # the job whose result is wanted; 0 = idle
        self._next_job = 0
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._on_done)
        self._signals.read_error.connect(self._on_read_error)
        self._signals.crashed.connect(self._on_crashed)
        self.dropped = 0  # stale results dropped (for tests and the log)
        if check is None:
            _warm_up_checkers()

    @property
    def busy(self) -> bool:
        return self._latest != 0

    def start(self, path: str, previous: str | None = None) -> int:
        if self._cancel is not None:
            self._cancel.set()  # the older job's result would be dropped anyway: stop its work
        self._cancel = threading.Event() if self._cancellable else None
        self._next_job += 1
        self._latest = self._next_job
        self._pool.start(_CheckJob(self._latest, path, self._check, self._signals, self._cancel, previous))
        self.busyChanged.emit(True)
        return self._latest

    @property
    def can_cancel(self) -> bool:
        return self._cancellable

    def cancel(self) -> None:
        """Stop the running check; the window hears of it as a read error of kind "cancelled"."""
        if self._cancel is not None and self.busy:
            self._cancel.set()

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def _current(self, job: int) -> bool:
        if job != self._latest:
            self.dropped += 1
            log.info("丢弃过期的检查结果（任务 %d）", job)
            return False
        self._latest = 0
        self.busyChanged.emit(False)
        return True

    def _on_done(self, job: int, path: str, result) -> None:
        if self._current(job):
            self.finished.emit(path, result)

    def _on_read_error(self, job: int, path: str, kind: str, message: str) -> None:
        if self._current(job):
            self.readError.emit(path, kind, message)

    def _on_crashed(self, job: int, path: str, description: str) -> None:
        if self._current(job):
            self.crashed.emit(path, description)
