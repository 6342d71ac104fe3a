"""Write a file atomically: a temporary file in the target's folder, then a rename.

The target is either the complete new file or untouched; the temporary file is
always removed.  Without ``force`` an existing target is never replaced, not
even one that appears while we write (hard link: fails if the name exists).
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import ExportError

NEW_FILE_MODE = 0o644


def check_target(target: Path, force: bool) -> None:
    """Refuse early what cannot work, before any work is done."""
    if target.is_dir():
        raise ExportError(f"“{target}”是一个文件夹，请输入要保存的文件名")
    if target.exists() and not force:
        raise ExportError(f"文件已存在：{target}，如需覆盖请确认（命令行请加 --force）")
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"保存位置不存在：{folder}，请先建立该文件夹或另选位置")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"没有权限在“{folder}”中保存文件，请另选位置")


def _os_message(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "磁盘空间不足"
    return e.strerror or str(e)


def _publish(tmp: str, target: Path, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)           # fails if the name exists: never clobbers
    except FileExistsError:
        raise ExportError(f"文件已存在：{target}，如需覆盖请确认（命令行请加 --force）") from None
    except OSError:                    # the file system has no hard links (FAT, some shares)
        if target.exists():
            raise ExportError(f"文件已存在：{target}，如需覆盖请确认（命令行请加 --force）") from None
        os.replace(tmp, target)


def write_atomically(target: str | os.PathLike, write: Callable[[str], None], *, force: bool) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``target``.  Raises ExportError."""
    target = Path(target).expanduser().absolute()
    check_target(target, force)
    mode = target.stat().st_mode & 0o777 if target.exists() else NEW_FILE_MODE
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=".tmp", dir=target.parent)
    except PermissionError:
        raise ExportError(f"没有权限在“{target.parent}”中保存文件，请另选位置") from None
    except OSError as e:
        raise ExportError(f"无法在“{target.parent}”中保存文件：{_os_message(e)}") from None
    try:
        os.close(fd)
        write(tmp)
        os.chmod(tmp, mode)
        _publish(tmp, target, force)
    except PermissionError:
        raise ExportError(f"无法写入“{target.name}”：文件可能正在 Excel 或 WPS 中打开，或没有写入权限。"
                          "请关闭该文件后重试，或另存为其他文件名") from None
    except OSError as e:
        raise ExportError(f"保存“{target.name}”失败：{_os_message(e)}") from None
    finally:
        try:
            os.unlink(tmp)             # gone already after a rename
        except OSError:
            pass
    return target
