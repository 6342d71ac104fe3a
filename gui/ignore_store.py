"""Findings the clerk marked 忽略, per file, kept in QSettings across re-checks and restarts."""
from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QSettings


def _file_key(path: str) -> str:
    norm = os.path.normcase(os.path.abspath(path))
    return "ignored/" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:20]


class IgnoreStore:
    """Ignored fingerprints (Finding.fingerprint()) keyed by the draft's path."""

    def __init__(self, settings: QSettings):
        self._settings = settings

    def get(self, path: str) -> set[str]:
        value = self._settings.value(_file_key(path), [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-item list
            value = [value]
        return set(value or [])

    def set_ignored(self, path: str, fingerprint: str, ignored: bool = True) -> set[str]:
        current = self.get(path)
        if ignored:
            current.add(fingerprint)
        else:
            current.discard(fingerprint)
        key = _file_key(path)
        if current:
            self._settings.setValue(key, sorted(current))
        else:
            self._settings.remove(key)
        self._settings.sync()
        return current
