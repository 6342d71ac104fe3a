"""The rule catalogue (core.rules.registry.all_rules) for the GUI, loaded off the UI thread.

Importing every rule module takes a few tenths of a second, too long for the UI thread; the
catalogue is loaded once in a QThreadPool thread and cached.  ``rule_title`` answers "" until it
is there.

The catalogue is loaded on demand only (the 检查规则 dialog): importing in a background thread
competes with the UI thread for the GIL, so nothing is imported behind the clerk's back.
"""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

_rules: list | None = None
_lock = threading.Lock()
_loading = False


class _Signals(QObject):
    loaded = Signal(object)    # list[RuleSpec] (empty when loading failed)


signals: _Signals | None = None


def _signals() -> _Signals:
    global signals
    if signals is None:
        signals = _Signals()
    return signals


class _Load(QRunnable):
    def run(self) -> None:
        global _rules, _loading
        try:
            from core.rules.registry import all_rules
            rules = list(all_rules())
        except Exception:  # noqa: BLE001
            log.exception("无法载入规则目录")
            rules = []
        with _lock:
            _rules = rules
            _loading = False
        _signals().loaded.emit(rules)


def rules() -> list | None:
    """The rules if loaded, else None (and the loading is started)."""
    if _rules is None:
        load()
    return _rules


def load() -> None:
    """Start loading the catalogue in the background (once); ``signals.loaded`` tells when."""
    global _loading
    _signals()
    with _lock:
        if _rules is not None or _loading:
            return
        _loading = True
    QThreadPool.globalInstance().start(_Load())


def when_loaded(callback) -> None:
    """Call ``callback(rules)`` on the UI thread now (if loaded) or once they are."""
    if _rules is not None:
        callback(_rules)
        return
    _signals().loaded.connect(callback)
    load()


def rule_title(rule_id: str) -> str:
    """The rule's title once the catalogue is loaded (by 帮助 → 检查规则), else "" — never loads it:
    a background import while the clerk clicks through problems would slow the UI thread down."""
    r = _rules
    if not r:
        return ""
    return next((x.title for x in r if x.id == rule_id), "")
