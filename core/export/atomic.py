"""Write a file atomically: a temporary file in the target's folder, then a rename.

The target is either the complete new file or untouched; the temporary file is
always removed.  Without ``force`` an existing target is never replaced, not
even one that appears while we write (hard link: fails if the name exists).

The temporary name is short (``.~`` and 8 random characters, in the same folder), so a
target name that fits always leaves room for it; a name that does not fit, a full disk, a
read-only disk … are said in plain Chinese, and a half-written workbook that cannot be
closed on a full disk does not add an "Exception ignored" traceback.
"""
from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

from ..oserrors import write_reason as _os_message
from .errors import ExportError

NEW_FILE_MODE = 0o644
TMP_PREFIX = ".~"
log = logging.getLogger(__name__)

def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Is ``a`` the file ``b`` itself, a (symbolic or hard) link to it, or another spelling of
    its path?  Never raises."""
    try:
        if os.path.samefile(a, b):
            return True
    except (OSError, ValueError):
        pass
    try:
        ra, rb = (os.path.normcase(os.path.realpath(os.path.abspath(x))) for x in (a, b))
        return ra == rb
    except (OSError, ValueError):
        return False


def _name_max(folder: Path) -> int | None:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        return None


def check_target(target: Path, force: bool) -> None:
    """Refuse early what cannot work, before any work is done."""
    folder = target.parent
    limit = _name_max(folder) if folder.is_dir() else None
    size = len(os.fsencode(target.name))
    if limit and size > limit:
        raise ExportError(f"文件名太长（{size} 字节，最多 {limit} 字节）：“{target.name[:40]}…”，"
                          "请换一个短一些的文件名")
    try:
        if target.is_dir():
            raise ExportError(f"“{target}”是一个文件夹，请输入要保存的文件名")
        exists = target.exists()
    except OSError as e:
        raise ExportError(f"无法保存到“{target}”：{_os_message(e)}") from None
    if exists and not force:
        raise ExportError(f"文件已存在：{target}，如需覆盖请确认（命令行请加 --force）")
    if not folder.is_dir():
        raise ExportError(f"保存位置不存在：{folder}，请先建立该文件夹或另选位置")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"没有权限在“{folder}”中保存文件，请另选位置")


def _publish(tmp: str, target: Path, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)           # fails if the name exists: never clobbers
    except FileExistsError:
        raise ExportError(f"文件已存在：{target}，如需覆盖请确认（命令行请加 --force）") from None
    except OSError as e:               # the file system has no hard links (FAT, some shares)
        if e.errno == errno.ENAMETOOLONG or e.errno == errno.ENOSPC:
            raise
        if target.exists():
            raise ExportError(f"文件已存在：{target}，如需覆盖请确认（命令行请加 --force）") from None
        os.replace(tmp, target)


@contextlib.contextmanager
def _quiet_half_written_files():
    """A writer that failed half-way (openpyxl's ZipFile on a full disk) closes its file when it
    is garbage collected and fails again there; log that instead of printing
    "Exception ignored …" on the clerk's console."""
    previous = sys.unraisablehook

    def hook(unraisable):
        if isinstance(unraisable.exc_value, OSError):
            log.info("关闭未写完的文件时出错（已忽略）：%s", unraisable.exc_value)
            return
        previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = previous


def write_atomically(target: str | os.PathLike, write: Callable[[str], None], *, force: bool) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``target``.  Raises ExportError."""
    target = Path(target).expanduser().absolute()
    check_target(target, force)
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else NEW_FILE_MODE
    except OSError:
        mode = NEW_FILE_MODE
    try:
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix="", dir=target.parent)
    except PermissionError:
        raise ExportError(f"没有权限在“{target.parent}”中保存文件，请另选位置") from None
    except OSError as e:
        raise ExportError(f"无法在“{target.parent}”中保存文件：{_os_message(e)}") from None
    failure: str | None = None
    refused: ExportError | None = None
    with _quiet_half_written_files():
        try:
            os.close(fd)
            write(tmp)
            os.chmod(tmp, mode)
            _publish(tmp, target, force)
        except ExportError as e:
            refused = ExportError(e.message)
        except PermissionError:
            failure = (f"无法写入“{target.name}”：文件可能正在 Excel 或 WPS 中打开，或没有写入权限。"
                       "请关闭该文件后重试，或另存为其他文件名")
        except OSError as e:
            failure = f"保存“{target.name}”失败：{_os_message(e)}"
        except BaseException:
            _remove(tmp)
            raise
    # the failed writer's objects are gone (and closed) by now; then the temporary file goes
    _remove(tmp)
    if refused is not None:
        raise refused
    if failure is not None:
        raise ExportError(failure)
    return target


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)             # gone already after a rename
    except OSError:
        pass
