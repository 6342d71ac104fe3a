"""What is in a folder of reports, and which reports are last year's of which (no Qt: shared by the CLI and the GUI).

    scan = scan_folder("D:/2024年报")           # every file under it, recursively, in path order
    for e in scan.entries: e.path, e.rel, e.kind, e.reason
    pairs = match_pairs([(path, organ, year), …])   # {this year's path: last year's path}

Kinds of entry:

* ``report``  a .docx / .pdf / .txt / .md (.markdown) file: checked;
* ``legacy``  an old Word/WPS document (.doc, .wps): checked too, so that the reader says in its
  own words why it cannot be read and what to do ("请另存为 .docx");
* ``lock``    a temporary file Word/WPS keeps while a document is open ("~$…"): not checked;
* ``other``   any other file (an .xlsx attachment, a picture …), or a sub-folder that cannot be
  opened: listed with the reason, not checked.

Hidden files and folders (".…") and the clutter operating systems leave (Thumbs.db, desktop.ini,
__MACOSX, $RECYCLE.BIN …) are left out altogether.  Symbolic links to folders are not followed
(no loops).  At most ``limit`` entries are listed (a folder dropped by mistake can be a whole disk).

Order: by relative path, compared part by part, case-insensitively, numbers by value
("2.docx" before "10.docx"), so the list is the same every time and on every system.

Pairs: two reports of the same organ (compared with all white space removed) whose years are
y and y-1.  Several candidates for last year (the same report as .docx and .pdf) are broken
deterministically: the same format first, then the same folder, then the first in path order.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Iterable

REPORT_SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".markdown")
LEGACY_SUFFIXES = (".doc", ".wps")
CHECKED_KINDS = ("report", "legacy")
MAX_ENTRIES = 2000

SKIP_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini", "__macosx", "$recycle.bin",
              "system volume information", "recycler", "icon\r"}

LOCK_REASON = "Word/WPS 的临时文件，不是报告"
OTHER_REASON = "不是年报文件（{what}）"
NO_SUFFIX = "没有扩展名"
FOLDER_REASON = "无法打开这个文件夹：{why}"
TRUNCATED_REASON = "文件夹里的文件太多，只列出了前 {n} 个；请选择范围更小的文件夹"


@dataclass(frozen=True)
class FolderEntry:
    path: str            # absolute path
    rel: str             # path relative to the scanned folder, with the system's separator
    kind: str            # report | legacy | lock | other
    reason: str = ""     # why it is not checked (lock, other)

    @property
    def name(self) -> str:
        return PurePath(self.path).name

    @property
    def folder(self) -> str:
        """The sub-folder it is in, relative to the scanned folder ("" for the folder itself)."""
        parent = os.path.dirname(self.rel)
        return parent

    @property
    def checked(self) -> bool:
        return self.kind in CHECKED_KINDS


@dataclass
class FolderScan:
    root: str
    entries: list[FolderEntry] = field(default_factory=list)
    truncated: bool = False
    error: str = ""      # the folder itself cannot be read

    @property
    def to_check(self) -> list[FolderEntry]:
        return [e for e in self.entries if e.checked]


_NUM = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """"第2份" < "第10份"; case-insensitive; ties broken by the text itself (stable everywhere)."""
    parts = _NUM.split(text.casefold())
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p) for p in parts if p != "") + ((2, 0, text),)


def path_key(rel: str) -> tuple:
    return tuple(natural_key(part) for part in PurePath(rel).parts)


def classify(name: str) -> tuple[str, str]:
    """(kind, reason) of a file by its name."""
    if name.startswith("~$"):
        return "lock", LOCK_REASON
    suffix = PurePath(name).suffix.lower()
    if suffix in REPORT_SUFFIXES:
        return "report", ""
    if suffix in LEGACY_SUFFIXES:
        return "legacy", ""
    what = suffix if suffix else NO_SUFFIX
    return "other", OTHER_REASON.format(what=what)


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.casefold() in SKIP_NAMES


def _why(e: OSError) -> str:
    if isinstance(e, PermissionError):
        return "没有权限"
    if isinstance(e, FileNotFoundError):
        return "文件夹不存在或已被移走"
    from .oserrors import read_reason
    return read_reason(e)


def scan_folder(root: str | os.PathLike, limit: int = MAX_ENTRIES) -> FolderScan:
    """Every file under ``root`` (recursively), classified, in path order.  Never raises for
    what it finds inside; a ``root`` that is not a readable folder gives ``error``."""
    root_path = Path(root).expanduser().absolute()
    scan = FolderScan(root=str(root_path))
    if not root_path.is_dir():
        scan.error = "不是文件夹，或文件夹不存在"
        return scan
    found: list[FolderEntry] = []
    problems: list[FolderEntry] = []

    def onerror(e: OSError) -> None:
        where = getattr(e, "filename", None) or str(root_path)
        rel = os.path.relpath(where, root_path)
        if rel == ".":
            scan.error = _why(e)
            return
        problems.append(FolderEntry(os.path.abspath(where), rel, "other", FOLDER_REASON.format(why=_why(e))))

    for dirpath, dirnames, filenames in os.walk(root_path, onerror=onerror, followlinks=False):
        dirnames[:] = sorted((d for d in dirnames if not _skipped(d)), key=natural_key)
        for name in filenames:
            if _skipped(name):
                continue
            full = os.path.join(dirpath, name)
            if os.path.isdir(full):     # a link to a folder: not followed
                continue
            kind, reason = classify(name)
            found.append(FolderEntry(full, os.path.relpath(full, root_path), kind, reason))
        if len(found) + len(problems) > limit * 4:   # stop walking a whole disk early
            break
    entries = sorted(found + problems, key=lambda e: path_key(e.rel))
    if len(entries) > limit:
        entries, scan.truncated = entries[:limit], True
    scan.entries = entries
    return scan


# ---------------------------------------------------------------- pairs with last year

def organ_key(organ: str | None) -> str:
    return "".join((organ or "").split())


def match_pairs(reports: Iterable[tuple[str, str | None, int | None]]) -> dict[str, str]:
    """{this year's path: last year's path} for reports given as (path, organ, year).

    A report is paired with one of the same organ whose year is exactly one less; see the module
    docstring for how one of several candidates is chosen.  Reports without organ or year are
    never paired."""
    items = [(p, organ_key(o), y) for p, o, y in reports if organ_key(o) and isinstance(y, int)]
    by_key: dict[tuple[str, int], list[str]] = {}
    for p, o, y in items:
        by_key.setdefault((o, y), []).append(p)
    pairs: dict[str, str] = {}
    for p, o, y in items:
        candidates = by_key.get((o, y - 1))
        if not candidates:
            continue
        suffix, parent = PurePath(p).suffix.lower(), os.path.dirname(p)
        best = min(candidates, key=lambda c: (PurePath(c).suffix.lower() != suffix,
                                              os.path.dirname(c) != parent,
                                              path_key(c)))
        pairs[p] = best
    return pairs
