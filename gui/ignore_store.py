"""The clerk's own marks on findings — 忽略 (not a problem) and 已修改 (fixed, not yet re-checked) —
kept in QSettings across re-checks, restarts, renamed copies and several windows at once.

Keys
  A report is keyed by what it is, not where it lies: its organ + year + title as recognised
  (``report_key``), so "年报.docx", "年报 v2.docx" and a copy on the desktop share their marks; a
  draft whose organ or year is not recognised is keyed by a hash of its normalised text.  A finding
  is keyed by ``Finding.fingerprint()`` (rule, section, excerpt, cells: stable across edits).

Storage
  One settings key per marked finding: ``marks/<report key>/<fingerprint> = ignored | modified``.
  Several windows (processes) write the same file; every write first re-reads the file, then
  changes only its own key and writes back (QSettings merges key by key), so two windows never
  lose each other's marks.  A value of the wrong type is dropped with a log line.

Older versions kept ``ignored/<hash of the path>`` = list of fingerprints: read as well (merged).
"""
from __future__ import annotations

import hashlib
import logging
import os

from PySide6.QtCore import QSettings

from .settings import TEXT_LIST, read, reset

log = logging.getLogger(__name__)

IGNORED, MODIFIED = "ignored", "modified"
MARKS = (IGNORED, MODIFIED)
GROUP = "marks"


def _sha(text: str, n: int = 20) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def _compact(s: str | None) -> str:
    return "".join((s or "").split())


def report_key(report, path: str = "") -> str:
    """The key of a report's marks: organ + year + title, else the normalised text, else the path."""
    if report is not None and report.organ and report.year:
        return "r" + _sha(f"{_compact(report.organ)}|{report.year}|{_compact(report.title)}")
    if report is not None:
        try:
            text = _compact("".join(_texts(report.document, KEY_TEXT_CHARS)))
        except Exception:  # noqa: BLE001  (a report model this version does not know)
            log.exception("无法计算报告内容的摘要")
            text = ""
        if text:
            return "t" + _sha(text)
    return "p" + _sha(os.path.normcase(os.path.abspath(path)))


KEY_TEXT_CHARS = 200_000   # enough to tell reports apart; a huge table is not hashed whole


def _texts(doc, limit: int):
    """The paragraphs' then the cells' texts, up to about ``limit`` characters."""
    n = 0
    for b in doc.paragraphs():
        yield b.text
        n += len(b.text)
        if n >= limit:
            return
    for t in doc.tables():
        for row in t.grid:
            for c in row:
                if c is not None:
                    yield c.text
                    n += len(c.text)
            if n >= limit:
                return


def legacy_key(path: str) -> str:
    norm = os.path.normcase(os.path.abspath(path))
    return "ignored/" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:20]


class MarkStore:
    """Marks per report key; every read and write goes to the settings file (re-read first)."""

    def __init__(self, settings: QSettings):
        self._settings = settings

    def _group(self, key: str) -> str:
        return f"{GROUP}/{key}"

    def marks(self, key: str, legacy_path: str | None = None) -> dict[str, str]:
        """fingerprint -> ignored | modified, as the settings file has them now."""
        s = self._settings
        s.sync()
        out: dict[str, str] = {}
        if legacy_path:
            for fp in read(s, legacy_key(legacy_path), TEXT_LIST, []) or []:
                out[fp] = IGNORED
        group = self._group(key)
        s.beginGroup(group)
        try:
            names = s.childKeys()
        finally:
            s.endGroup()
        for fp in names:
            full = f"{group}/{fp}"
            try:
                value = s.value(full)
            except Exception as e:  # noqa: BLE001
                reset(s, full, f"无法读取：{type(e).__name__}")
                continue
            if isinstance(value, str) and value in MARKS:
                out[fp] = value
            else:
                reset(s, full, f"不是 {'/'.join(MARKS)}：{value!r:.40}")
        return out

    def set_mark(self, key: str, fingerprint: str, mark: str | None) -> dict[str, str]:
        """Set (``ignored`` / ``modified``) or clear (None) one finding's mark; returns all marks
        of the report as they are now in the file (other windows' marks included)."""
        if mark is not None and mark not in MARKS:
            raise ValueError(mark)
        s = self._settings
        s.sync()                                   # re-read: another window may have written
        full = f"{self._group(key)}/{fingerprint}"
        if mark is None:
            s.remove(full)
        else:
            s.setValue(full, mark)
        s.sync()                                   # write just this key, merged with the file
        if s.status() != QSettings.Status.NoError:
            log.warning("标记没有保存到设置文件 %s（%s）", s.fileName(), s.status())
        return self.marks(key)

    def migrate(self, key: str, legacy_path: str) -> None:
        """Move an older version's per-path ignores under the report key."""
        s = self._settings
        old = read(s, legacy_key(legacy_path), TEXT_LIST, None)
        if not old:
            return
        for fp in old:
            s.setValue(f"{self._group(key)}/{fp}", IGNORED)
        s.remove(legacy_key(legacy_path))
        s.sync()
        log.info("已把 %d 个按文件路径保存的忽略标记改为按报告保存", len(old))


def split(marks: dict[str, str]) -> tuple[set[str], set[str]]:
    """(ignored, modified) fingerprints."""
    return ({fp for fp, m in marks.items() if m == IGNORED},
            {fp for fp, m in marks.items() if m == MODIFIED})


# the old name
IgnoreStore = MarkStore
