"""Typed reading of QSettings that survives bad values.

A settings file can hold anything: written by an older or newer version, edited by hand, half
written when the machine lost power, or shared by two windows.  ``read`` returns a value of the
wanted kind or the default; a value of the wrong type is removed (so the next start is clean) with
one line in the log, and never stops the app from starting.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings

log = logging.getLogger(__name__)

BYTES, TEXT, TEXT_LIST, BOOL, INT = "bytes", "text", "text-list", "bool", "int"


def _coerce(value, kind: str):
    """(True, value) when ``value`` is of ``kind`` (after the usual INI round-trips), else (False, None)."""
    if kind == BYTES:
        if isinstance(value, QByteArray):
            return (True, value) if not value.isEmpty() else (False, None)
        if isinstance(value, (bytes, bytearray)) and value:
            return True, QByteArray(bytes(value))
        return False, None
    if kind == TEXT:
        return (True, value) if isinstance(value, str) else (False, None)
    if kind == TEXT_LIST:
        if isinstance(value, str):      # QSettings returns a one-item list as a lone string
            return True, [value] if value else []
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return True, [v for v in value if v]
        return False, None
    if kind == BOOL:
        if isinstance(value, bool):
            return True, value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return True, value.lower() == "true"
        return False, None
    if kind == INT:
        if isinstance(value, bool):
            return False, None
        if isinstance(value, int):
            return True, value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return True, int(value)
        return False, None
    raise ValueError(kind)


def reset(settings: QSettings, key: str, why: str) -> None:
    log.warning("设置项“%s”无效（%s），已恢复默认值（设置文件：%s）", key, why, settings.fileName())
    try:
        settings.remove(key)
    except Exception:  # noqa: BLE001  (a read-only settings file: the default is used anyway)
        log.exception("无法清除设置项 %s", key)


def read(settings: QSettings, key: str, kind: str, default=None):
    """The value at ``key`` if it is of ``kind``; else ``default`` (and the bad value is removed)."""
    try:
        value = settings.value(key, None)
    except Exception as e:  # noqa: BLE001  (an undecodable @Variant and the like)
        reset(settings, key, f"无法读取：{type(e).__name__}")
        return default
    if value is None:
        return default
    ok, out = _coerce(value, kind)
    if not ok:
        reset(settings, key, f"类型不对：{type(value).__name__}")
        return default
    return out
