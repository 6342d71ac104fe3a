"""Run a check in a separate process with a time limit, so a pathological file cannot hang
the app or the command line, and so the GUI can cancel a running check.

    result = check_file_bounded(path, timeout=60)

Raises ``ReadError`` (kind "timeout" / "cancelled" / what the reader said) like ``check_file``.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time

from .model import ReadError

DEFAULT_TIMEOUT = 90.0
_CTX = mp.get_context("spawn")


def _child(path: str, conn, target=None) -> None:
    try:
        if target is None:
            from .check import check_file as target
        result = target(path)
        conn.send(("ok", result))
    except ReadError as e:
        conn.send(("read_error", (e.message, e.kind)))
    except BaseException as e:  # report, never a traceback in the parent
        import traceback
        conn.send(("crash", f"{type(e).__name__}: {e}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def check_file_bounded(path: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT,
                       cancel: threading.Event | None = None, target=None):
    """``check_file`` in a child process; at most ``timeout`` seconds; ``cancel`` stops it early.
    ``target``: another module-level function of a path to run instead (tests)."""
    parent, child = _CTX.Pipe(duplex=False)
    proc = _CTX.Process(target=_child, args=(str(path), child, target), daemon=True)
    proc.start()
    child.close()
    deadline = time.monotonic() + timeout
    try:
        while True:
            if parent.poll(0.05):
                try:
                    status, payload = parent.recv()
                except EOFError:
                    status, payload = "crash", "检查进程意外退出"
                break
            if not proc.is_alive() and not parent.poll(0):
                status, payload = "crash", f"检查进程意外退出（退出码 {proc.exitcode}）"
                break
            if cancel is not None and cancel.is_set():
                raise ReadError("检查已取消", "cancelled")
            if time.monotonic() > deadline:
                raise ReadError(f"读取超过 {int(timeout)} 秒仍未完成，文件可能结构异常；"
                                "请用 WPS/Word 重新另存为 .docx 后再检查", "timeout")
    finally:
        if proc.is_alive():
            proc.terminate()
            proc.join(2)
            if proc.is_alive():
                proc.kill()
        proc.join(0.1)
        parent.close()
    if status == "ok":
        return payload
    if status == "read_error":
        raise ReadError(*payload)
    raise RuntimeError(payload)
