"""Writing the 整改清单 (Excel) and the 批注版 (annotated .docx / PDF) off the UI thread.

The UI thread never reads or parses a document: ``ExportRunner.start(kind, fn)`` runs ``fn`` in a
QThreadPool thread and reports back by signal — ``saved(kind, path)`` or ``failed(kind, message)``
(a Chinese sentence; an unexpected error is logged and said as such).  The result handed to a job is
a copy with the marks of the moment, so a mark set while the job runs cannot change it half-way.
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from core.findings import CheckResult

log = logging.getLogger(__name__)

XLSX, ANNOTATED = "xlsx", "annotated"
WHAT = {XLSX: "整改清单", ANNOTATED: "批注版"}


def snapshot(result: CheckResult, ignored: set[str], modified: set[str]) -> CheckResult:
    """A shallow copy of ``result`` with its own mark sets (the report is shared, read-only)."""
    return dataclasses.replace(result, ignored=set(ignored), modified=set(modified))


def write_xlsx(result: CheckResult, out: str, *, force: bool, include_ignored: bool) -> Path:
    """The Excel list; a finding marked 已修改 gets 整改状态 “已整改” (core.export.xlsx_findings)."""
    from core.export import xlsx
    return xlsx.export_xlsx([result], out, force=force, include_ignored=include_ignored)


def write_annotated(result: CheckResult, draft: str, out: str, *, force: bool, include_ignored: bool) -> Path:
    from core.export.annotate import annotate
    return annotate(result, draft, out, force=force, include_ignored=include_ignored)


XLSX_MODULES = ("openpyxl", "core.export.xlsx", "core.export.xlsx_findings", "core.export.atomic")
ANNOTATED_MODULES = ("core.export.annotate", "core.export.annotate_docx", "core.export.annotate_pdf")


class _ImportSignals(QObject):
    done = Signal()


class _Import(QRunnable):
    def __init__(self, modules, signals: _ImportSignals):
        super().__init__()
        self.modules, self.signals = modules, signals

    def run(self) -> None:
        import importlib
        for name in self.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001  (the export itself says what is wrong)
                log.info("无法载入 %s", name, exc_info=True)
        self.signals.done.emit()


def imported(modules) -> bool:
    import sys
    return all(m in sys.modules for m in modules)


class _Signals(QObject):
    saved = Signal(int, str, str)      # job, kind, path
    failed = Signal(int, str, str)     # job, kind, message


class _Job(QRunnable):
    def __init__(self, job: int, kind: str, fn, signals: _Signals):
        super().__init__()
        self.job, self.kind, self.fn, self.signals = job, kind, fn, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            path = self.fn()
        except Exception as e:  # noqa: BLE001  (ExportError carries a Chinese .message)
            message = getattr(e, "message", None)
            if message is None:
                log.exception("导出%s失败", WHAT.get(self.kind, self.kind))
                message = f"程序出错（已记入日志）：{type(e).__name__}"
            self.signals.failed.emit(self.job, self.kind, message)
        else:
            self.signals.saved.emit(self.job, self.kind, str(path))


class ExportRunner(QObject):
    saved = Signal(str, str)           # kind, path
    failed = Signal(str, str)          # kind, message
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.saved.connect(self._on_saved)
        self._signals.failed.connect(self._on_failed)
        self._running: set[int] = set()
        self._next = 0

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def start(self, kind: str, fn) -> int:
        self._next += 1
        self._running.add(self._next)
        self._pool.start(_Job(self._next, kind, fn, self._signals))
        if len(self._running) == 1:
            self.busyChanged.emit(True)
        return self._next

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def prepare(self, modules, then) -> bool:
        """Call ``then()`` once ``modules`` are imported — now if they are, else after importing them
        in the pool thread (openpyxl takes about a second: never on the UI thread).  True if now."""
        if imported(modules):
            then()
            return True
        signals = _ImportSignals(self)
        signals.done.connect(then)
        signals.done.connect(signals.deleteLater)
        self._pool.start(_Import(modules, signals))
        return False

    def _done(self, job: int) -> None:
        self._running.discard(job)
        if not self._running:
            self.busyChanged.emit(False)

    def _on_saved(self, job: int, kind: str, path: str) -> None:
        self._done(job)
        self.saved.emit(kind, path)

    def _on_failed(self, job: int, kind: str, message: str) -> None:
        self._done(job)
        self.failed.emit(kind, message)
