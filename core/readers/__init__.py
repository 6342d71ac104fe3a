"""Readers: one per format, each turning a file into a ``core.model.Document``.

``read_document(path)`` picks the reader by the file's content (magic bytes)
first and its extension second, so a .docx renamed to .txt still reads.
"""
from __future__ import annotations

import os
from pathlib import Path

import logging

from ..model import Document, ReadError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024


def sniff_format(path: str | os.PathLike) -> str:
    p = Path(path)
    with open(p, "rb") as f:
        head = f.read(8)
    ext = p.suffix.lower().lstrip(".")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if ext in ("pdf", "docx") and head:
        return ext + "?"  # claims a format its bytes do not have
    return "md" if ext in ("md", "markdown") else "txt"


def read_document(path: str | os.PathLike) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ReadError(f"找不到文件：{p}", "missing") from None
    except OSError as e:
        raise ReadError(f"无法打开文件：{e.strerror or e}", "io") from None
    if p.is_dir():
        raise ReadError("这是一个文件夹，请选择年报文件", "io")
    if size == 0:
        raise ReadError("文件为空", "empty")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"文件太大（{size // 1024 // 1024} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限，"
                        "请只检查年报本身", "too_big")
    try:
        fmt = sniff_format(p)
    except OSError as e:
        raise ReadError(f"无法打开文件：{e.strerror or e}", "io") from None
    if fmt == "doc":
        # an OLE container: an old .doc, or a password-protected .docx (which Office stores as OLE)
        from .docx import check_package
        check_package(p.read_bytes())
    if fmt.endswith("?"):
        raise ReadError(f"文件扩展名是 .{fmt[:-1]}，但内容不是 {fmt[:-1].upper()} 文件，文件可能已损坏", "corrupt")
    try:
        if fmt == "pdf":
            from .pdf import read_pdf
            return read_pdf(p)
        if fmt == "docx":
            from .docx import read_docx
            return read_docx(p)
        from .text import read_text
        return read_text(p, fmt)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError("文件过大或结构异常，内存不足，无法读取", "too_big") from None
    except Exception as e:  # a reader must fail closed: never a traceback for the clerk
        log.exception("reader failed on %s", p)
        raise ReadError(f"文件格式异常，无法读取（{type(e).__name__}），请用 WPS/Word 重新另存后再试", "corrupt") from None
