"""Run a check in a worker process with a time limit, so a pathological file cannot hang
the app or the command line, and so the GUI can cancel a running check.

    result = check_file_bounded(path, timeout=60)

A thin wrapper on the process's shared pool of warm check workers (``core.pool``).  Raises
``ReadError`` (kind "timeout" / "cancelled" / "memory" / "killed" / what the reader said)
like ``check_file``, and ``RuntimeError`` for a bug inside the checker.
"""
from __future__ import annotations

import os
import threading

from .pool import DEFAULT_TIMEOUT, shared_pool

__all__ = ["DEFAULT_TIMEOUT", "check_file_bounded"]


def check_file_bounded(path: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT,
                       cancel: threading.Event | None = None, target=None,
                       previous: str | os.PathLike | None = None):
    """``check_file`` in a worker process; at most ``timeout`` seconds; ``cancel`` stops it early;
    ``previous``: last year's report to compare with.
    ``target``: another module-level function of a path to run instead (tests)."""
    return shared_pool().check(path, timeout=timeout, cancel=cancel, target=target, previous=previous)
