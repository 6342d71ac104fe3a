"""Why the system would not let us read or write a file or a folder, in Chinese: ``read_reason``
for the readers and the folder scan, ``write_reason`` for the exports (core/export/atomic.py).
Never the system's English text where a table has the case."""
from __future__ import annotations

import errno

_READ_CN = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENOENT: "文件不存在或已被移走",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "符号链接指向自己（循环链接）",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EISDIR: "这是一个文件夹",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
}
_READ_WINERROR_CN = {5: "没有读取权限", 32: "文件正被其他程序使用（请先在 WPS/Word 中关闭它）",
                     33: "文件的一部分被其他程序锁定", 206: "文件名或路径太长"}

_WRITE_CN = {
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名太长，请换一个短一些的文件名",
    errno.EROFS: "该磁盘是只读的，请另选位置",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EIO: "磁盘读写出错",
    errno.ENOENT: "保存位置不存在",
    errno.EEXIST: "文件已存在",
    errno.EXDEV: "不能跨磁盘移动文件",
}
if hasattr(errno, "EDQUOT"):
    _WRITE_CN[errno.EDQUOT] = "磁盘配额已用完"
_WRITE_WINERROR_CN = {206: "文件名或路径太长，请换一个短一些的文件名或位置", 112: "磁盘空间不足",
                      32: "文件正被其他程序使用", 5: "没有写入权限"}


def _reason(e: OSError, by_errno: dict, by_winerror: dict) -> str | None:
    win = getattr(e, "winerror", None)
    if win in by_winerror:
        return by_winerror[win]
    return by_errno.get(e.errno)


def read_reason(e: OSError) -> str:
    name = errno.errorcode.get(e.errno or 0)
    return _reason(e, _READ_CN, _READ_WINERROR_CN) or f"系统错误（{name or e.errno or type(e).__name__}）"


def write_reason(e: OSError) -> str:
    """(an unknown case keeps the system's text after the code: the clerk may need it for IT staff)"""
    name = errno.errorcode.get(e.errno or 0)
    return _reason(e, _WRITE_CN, _WRITE_WINERROR_CN) or f"系统错误（{name or e.errno}）：{e.strerror or e}"
