"""Why the system would not let us read a file or a folder, in Chinese (the readers and the folder
scan; writing has its own table in core/export/atomic.py).  Never the system's English text."""
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
_WINERROR_CN = {5: "没有读取权限", 32: "文件正被其他程序使用（请先在 WPS/Word 中关闭它）",
                33: "文件的一部分被其他程序锁定", 206: "文件名或路径太长"}


def read_reason(e: OSError) -> str:
    win = getattr(e, "winerror", None)
    if win in _WINERROR_CN:
        return _WINERROR_CN[win]
    if e.errno in _READ_CN:
        return _READ_CN[e.errno]
    name = errno.errorcode.get(e.errno or 0)
    return f"系统错误（{name or e.errno or type(e).__name__}）"
