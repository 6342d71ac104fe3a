"""Notices when the open draft changes on disk and asks for one re-check.

Word and WPS save by writing a new file and renaming it over the old one, which
makes QFileSystemWatcher drop the path.  So the folder is watched too, the path
is re-added, and changes are debounced (~500 ms) and compared by size + mtime with
the content that was last *checked* (stamped when its check started, so a save that
lands while a check runs is still a change).
"""
from __future__ import annotations

import os

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


def _stamp(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class DraftWatcher(QObject):
    changed = Signal(str)

    def __init__(self, parent=None, debounce_ms: int = 500):
        super().__init__(parent)
        self.path: str | None = None
        self._stamp = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._settle)

    def watch(self, path: str) -> None:
        old = self._watcher.files() + self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        self.path = path
        self._stamp = _stamp(path)
        self._watcher.addPath(path)
        self._watcher.addPath(os.path.dirname(path) or ".")

    def stamp(self):
        """(size, mtime) of the watched file now, or None."""
        return _stamp(self.path) if self.path else None

    def mark_checked(self, stamp=None) -> None:
        """The content with ``stamp`` (taken when its check *started*) has been checked: a file that
        differs from it counts as changed, even when it changed while the check was running."""
        if self.path:
            self._stamp = stamp if stamp is not None else _stamp(self.path)

    def changed_since_checked(self) -> bool:
        now = self.stamp()
        return now is not None and now[0] > 0 and now != self._stamp

    def _poke(self, _changed: str) -> None:
        if self.path:
            self._timer.start()

    def _settle(self) -> None:
        path = self.path
        if not path or not os.path.exists(path):
            return  # mid-save: the folder signal comes again when the new file lands
        if path not in self._watcher.files():
            self._watcher.addPath(path)
        stamp = _stamp(path)
        if stamp != self._stamp and stamp is not None and stamp[0] > 0:
            self._stamp = stamp
            self.changed.emit(path)
