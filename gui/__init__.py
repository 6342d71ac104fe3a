"""年报检查 desktop app (PySide6): a thin face on core/."""
import sys


def _keep_none_alive() -> None:
    """Work around PySide6 6.12 on Python < 3.12: every call of a Qt method that
    returns nothing drops one reference to None, and every ``signal.emit()`` one
    reference to True; after a few thousand calls CPython aborts ("none_dealloc",
    "bool_dealloc").  Python 3.12+ makes None, True and False immortal; on older
    versions they get a reserve of references large enough never to run out."""
    if sys.version_info >= (3, 12) or hasattr(sys, "pypy_version_info"):
        return
    import ctypes
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


_keep_none_alive()
