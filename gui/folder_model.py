"""The reports of a folder as a table: one row per file found, filled in as the checks come back.

Columns: 文件, 所在文件夹, 机关, 年度, 结果, 错误, 警告, 提示, 读取问题, 上年对比.
Rows are in the scanner's path order (core/folder.py) and never move; a results arriving in
any order only changes its own row.  A row keeps the CheckResult of its file (for 导出汇总 and
for opening it); a result that is replaced (the comparison with last year's report comes in) is
dropped, never kept twice.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon

from core.findings import SEVERITIES, SEVERITY_CN, STATUS_CN, CheckResult

from core.folder import FolderEntry, FolderScan, natural_key, path_key
from .icons import _disc, status_icon
from .strings import SEVERITY_FG, STATUS_COLOR



def _keep_bools_alive() -> None:
    """PySide6 6.12 on Python < 3.12 drops one reference to ``True`` on every ``Signal.emit()``
    called from Python (the ``True`` it returns), and ``True`` starts with only a few hundred:
    a folder of a hundred reports emits that many ``dataChanged`` and the app would abort
    ("bool_dealloc").  Same remedy as gui/__init__.py's for ``None``: a reserve of references
    too large ever to run out (Python 3.12+ makes ``True``/``False`` immortal)."""
    import sys
    if sys.version_info >= (3, 12) or hasattr(sys, "pypy_version_info") or getattr(sys, "_nianbao_bools", 0):
        return
    import ctypes
    for b in (True, False):
        ctypes.c_ssize_t.from_address(id(b)).value += 1 << 40
    sys._nianbao_bools = 1


_keep_bools_alive()

log = logging.getLogger(__name__)
PathRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("文件", "所在文件夹", "机关", "年度", "结果", "错误", "警告", "提示", "读取问题", "上年对比")
(COL_FILE, COL_FOLDER, COL_ORGAN, COL_YEAR, COL_STATUS, COL_FAIL, COL_WARN, COL_INFO,
 COL_READING, COL_PREVIOUS) = range(len(COLUMNS))
COUNT_COLUMNS = {COL_FAIL: "fail", COL_WARN: "warn", COL_INFO: "info"}

# row states
SKIPPED, WAITING, CHECKING, DONE, UNREADABLE, CANCELLED, CRASHED = (
    "skipped", "waiting", "checking", "done", "unreadable", "cancelled", "crashed")
FINAL_STATES = (SKIPPED, DONE, UNREADABLE, CANCELLED, CRASHED)
STATE_TEXT = {SKIPPED: "不检查", WAITING: "等待检查", CHECKING: "正在检查…", UNREADABLE: "无法读取",
              CANCELLED: "已取消", CRASHED: "程序出错"}
NOT_REPORT = "不是年报"
UNREAD_PREFIX = "没能读出这部分内容："   # INP001's words before the reading problem itself
GREY = "#6b6b6b"
UNREADABLE_COLOR = "#5f5f9e"     # not the clerk's error: neither red nor the 通过 green
_STATUS_ORDER = {"fail": 0, "warn": 1, "pass": 2}
_STATE_ORDER = {UNREADABLE: 3, CRASHED: 4, CHECKING: 5, WAITING: 6, CANCELLED: 7, SKIPPED: 8}

# comparison with last year's report (for a row that has one)
CMP_WAITING, CMP_RUNNING, CMP_DONE, CMP_FAILED, CMP_CANCELLED = (
    "waiting", "running", "done", "failed", "cancelled")


def _icon(color: str, mark: str) -> QIcon:
    return QIcon(_disc(color, mark))


_STATE_ICONS: dict[str, QIcon] = {}


def state_icon(state: str) -> QIcon | None:
    marks = {UNREADABLE: (UNREADABLE_COLOR, "?"), CRASHED: (GREY, "!"), SKIPPED: ("#b0b0b0", "–")}
    if state not in marks:
        return None
    if state not in _STATE_ICONS:
        _STATE_ICONS[state] = _icon(*marks[state])
    return _STATE_ICONS[state]


@dataclass
class FolderRow:
    entry: FolderEntry
    state: str = WAITING
    result: CheckResult | None = None
    message: str = ""                 # why it cannot be read / was not checked
    error_kind: str = ""
    previous: str | None = None       # last year's report this one is compared with
    followers: list[str] = field(default_factory=list)   # reports this one is last year's of
    compare: str = ""                 # CMP_* for a row with ``previous``
    compare_note: str = ""            # why a comparison failed

    @property
    def path(self) -> str:
        return self.entry.path

    @property
    def organ(self) -> str | None:
        return self.result.report.organ if self.result is not None else None

    @property
    def year(self) -> int | None:
        return self.result.report.year if self.result is not None else None

    @property
    def not_report(self) -> bool:
        """Checked, and found not to be an annual report at all (said in 读取问题)."""
        return self.state == DONE and self.result is not None and not self.result.report.is_report

    @property
    def status(self) -> str | None:
        if self.state != DONE or self.result is None or self.not_report:
            return None
        return self.result.status

    def counts(self) -> dict[str, int] | None:
        return self.result.counts() if self.status else None

    def crossyear(self) -> list:
        if self.result is None or self.result.previous is None:
            return []
        return [f for f in self.result.active() if f.category == "crossyear"]

    def reading_problems(self) -> list[str]:
        """The input-category findings, or the reason the file was not read at all."""
        if self.state in (UNREADABLE, SKIPPED, CRASHED):
            return [self.message] if self.message else []
        if self.result is None:
            return []
        msgs = [f.message.removeprefix(UNREAD_PREFIX) for f in self.result.findings if f.category == "input"]
        if not msgs:
            msgs = [p.message for p in self.result.report.reading_problems]
        return list(dict.fromkeys(msgs))

    def reading_text(self) -> str:
        msgs = self.reading_problems()
        return (f"{len(msgs)} 处：" if len(msgs) > 1 else "") + "；".join(msgs)


def _name(path: str | None) -> str:
    return Path(path).name if path else ""


class FolderModel(QAbstractTableModel):
    def __init__(self, parent=None, marks_for: Callable | None = None):
        """``marks_for(path, result)`` -> (ignored, modified) fingerprints: the clerk's marks, so
        that the counts are the ones the normal view shows (the main window passes its MarkStore)."""
        super().__init__(parent)
        self.scan: FolderScan | None = None
        self._rows: list[FolderRow] = []
        self._index: dict[str, int] = {}
        self._marks_for = marks_for

    # ------------------------------------------------------------------ filling
    def set_scan(self, scan: FolderScan | None) -> None:
        self.beginResetModel()
        self.scan = scan
        self._rows = []
        for e in (scan.entries if scan else []):
            row = FolderRow(e)
            if not e.checked:
                row.state, row.message = SKIPPED, e.reason
            self._rows.append(row)
        self._index = {r.path: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def reset_for_recheck(self) -> None:
        """Every checked row back to 等待检查 (the results are dropped)."""
        self.beginResetModel()
        for r in self._rows:
            if r.entry.checked:
                r.state, r.result, r.message, r.error_kind = WAITING, None, "", ""
                r.previous, r.followers, r.compare, r.compare_note = None, [], "", ""
        self.endResetModel()

    def row_of(self, path: str) -> int:
        return self._index.get(path, -1)

    def row(self, i: int) -> FolderRow:
        return self._rows[i]

    def rows(self) -> list[FolderRow]:
        return list(self._rows)

    def _changed(self, i: int, first: int = 0, last: int = len(COLUMNS) - 1) -> None:
        self.dataChanged.emit(self.index(i, first), self.index(i, last))

    def set_checking(self, i: int) -> None:
        if self._rows[i].state == WAITING:
            self._rows[i].state = CHECKING
            self._changed(i, COL_STATUS, COL_STATUS)

    def set_result(self, i: int, result: CheckResult) -> None:
        r = self._rows[i]
        if self._marks_for is not None:
            try:
                ignored, modified = self._marks_for(r.path, result)
                result.ignored = set(ignored)
                result.modified = set(modified)
            except Exception:  # noqa: BLE001  (marks are a convenience: never stop a result showing)
                log.exception("无法读取已保存的标记")
        r.state, r.result, r.message, r.error_kind = DONE, result, "", ""
        self._changed(i)

    def set_unreadable(self, i: int, kind: str, message: str) -> None:
        r = self._rows[i]
        r.state = CANCELLED if kind == "cancelled" else UNREADABLE
        r.result, r.message, r.error_kind = None, message, kind
        self._changed(i)

    def set_crashed(self, i: int, message: str) -> None:
        r = self._rows[i]
        r.state, r.result, r.message, r.error_kind = CRASHED, None, message, "crash"
        self._changed(i)

    def cancel_waiting(self) -> None:
        for i, r in enumerate(self._rows):
            if r.state in (WAITING, CHECKING):
                r.state, r.message, r.error_kind = CANCELLED, "检查已取消", "cancelled"
                self._changed(i)
            if r.compare in (CMP_WAITING, CMP_RUNNING):
                r.compare = CMP_CANCELLED
                self._changed(i, COL_PREVIOUS, COL_PREVIOUS)

    def set_pairs(self, pairs: dict[str, str]) -> None:
        """{this year's path: last year's path}, from core.folder.match_pairs."""
        for r in self._rows:
            r.previous, r.followers, r.compare = None, [], ""
        for this, prev in pairs.items():
            i, j = self.row_of(this), self.row_of(prev)
            if i < 0 or j < 0:
                continue
            self._rows[i].previous, self._rows[i].compare = prev, CMP_WAITING
            self._rows[j].followers.append(this)
        for r in self._rows:
            r.followers.sort(key=lambda p: path_key(p))
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_PREVIOUS), self.index(len(self._rows) - 1, COL_PREVIOUS))

    def set_compare(self, i: int, state: str, note: str = "") -> None:
        r = self._rows[i]
        r.compare, r.compare_note = state, note
        self._changed(i, COL_PREVIOUS, COL_PREVIOUS)

    # ------------------------------------------------------------------ queries
    def results(self) -> list[CheckResult]:
        """The finished results in row order (the folder's export)."""
        return [r.result for r in self._rows if r.state == DONE and r.result is not None]

    def result_for(self, path: str) -> CheckResult | None:
        i = self.row_of(path)
        return self._rows[i].result if i >= 0 else None

    def previous_for(self, path: str) -> str | None:
        i = self.row_of(path)
        return self._rows[i].previous if i >= 0 else None

    def tally(self) -> dict[str, int]:
        """How many rows are in which state / status (for the summary line)."""
        t = {"files": len(self._rows), "to_check": 0, "finished": 0, "pass": 0, "warn": 0, "fail": 0,
             UNREADABLE: 0, CANCELLED: 0, CRASHED: 0, SKIPPED: 0, "not_report": 0, "pairs": 0}
        for r in self._rows:
            if r.entry.checked:
                t["to_check"] += 1
                if r.state in FINAL_STATES:
                    t["finished"] += 1
            if r.not_report:
                t["not_report"] += 1
            elif r.state == DONE:
                t[r.status] += 1
            elif r.state in t:
                t[r.state] += 1
            if r.previous:
                t["pairs"] += 1
        return t

    def has_subfolders(self) -> bool:
        return any(r.entry.folder for r in self._rows)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return _HEADER_TIPS.get(section)
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            return status_icon(r.status) if r.status else state_icon(SKIPPED if r.not_report else r.state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_YEAR, COL_FAIL, COL_WARN, COL_INFO):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == PathRole:
            return r.path
        if role == StateRole:
            return r.state
        if role == SortRole:
            return self._sort_key(r, col, index.row())
        return None

    def _text(self, r: FolderRow, col: int) -> str:
        if col == COL_FILE:
            return r.entry.name
        if col == COL_FOLDER:
            return r.entry.folder
        if col == COL_ORGAN:
            if r.status:
                return r.organ or "未识别"
            return ""
        if col == COL_YEAR:
            if r.status:
                return str(r.year) if r.year else "未识别"
            return ""
        if col == COL_STATUS:
            if r.status:
                return STATUS_CN[r.status]
            if r.not_report:
                return NOT_REPORT
            return STATE_TEXT.get(r.state, "")
        if col in COUNT_COLUMNS:
            counts = r.counts()
            return str(counts[COUNT_COLUMNS[col]]) if counts else ""
        if col == COL_READING:
            return r.reading_text()
        if col == COL_PREVIOUS:
            return self._previous_text(r)
        return ""

    def _previous_text(self, r: FolderRow) -> str:
        parts = []
        if r.previous:
            name = _name(r.previous)
            if r.compare == CMP_DONE:
                n = len(r.crossyear())
                note = f"对比问题 {n} 个" if n else "对比未发现问题"
            else:
                note = {CMP_RUNNING: "正在对比…", CMP_FAILED: f"对比失败：{r.compare_note}",
                        CMP_CANCELLED: "对比已取消"}.get(r.compare, "等待对比")
            parts.append(f"上年：{name}（{note}）")
        if len(r.followers) == 1:
            parts.append("次年：" + _name(r.followers[0]))
        elif r.followers:                      # (the tooltip names them)
            parts.append(f"次年：{len(r.followers)} 份报告")
        return "；".join(parts)

    def _tooltip(self, r: FolderRow, col: int) -> str | None:
        if col in (COL_FILE, COL_FOLDER):
            return r.path
        if col == COL_READING:
            return "\n".join(r.reading_problems()) or None
        if col == COL_PREVIOUS:
            lines = []
            if r.previous:
                lines.append(f"上年报告：{r.previous}")
                for f in r.crossyear():
                    lines.append(f"· {SEVERITY_CN[f.severity]}：{f.message}")
            for p in r.followers:
                lines.append(f"本文件是这份报告的上年报告：{p}")
            return "\n".join(lines) or None
        if col == COL_STATUS and r.status:
            counts = r.counts()
            return "　".join(f"{SEVERITY_CN[s]} {counts[s]}" for s in SEVERITIES)
        text = self._text(r, col)
        return text or None

    def _colour(self, r: FolderRow, col: int):
        if r.state == SKIPPED or (r.not_report and col != COL_READING):
            return QColor(GREY)
        if col == COL_STATUS:
            if r.status:
                return QColor(STATUS_COLOR[r.status])
            if r.state == UNREADABLE:
                return QColor(UNREADABLE_COLOR)
            return QColor(GREY)
        if col in COUNT_COLUMNS:
            counts = r.counts()
            sev = COUNT_COLUMNS[col]
            if counts and counts[sev]:
                return QColor(SEVERITY_FG[sev])
            return QColor(GREY)
        if col == COL_READING and (r.state == UNREADABLE or r.not_report):
            return QColor(UNREADABLE_COLOR)
        if col == COL_PREVIOUS and r.crossyear():
            return QColor(STATUS_COLOR["warn"])
        return None

    def _sort_key(self, r: FolderRow, col: int, row: int):
        """What a click on a column header sorts by; ties keep the path order (``row``)."""
        if col == COL_FILE:
            return (natural_key(r.entry.name), row)
        if col == COL_FOLDER:
            return (path_key(r.entry.rel), row)
        if col == COL_ORGAN:
            return (r.organ is None, natural_key(r.organ or ""), row)
        if col == COL_YEAR:
            return (r.year is None, r.year or 0, row)
        if col == COL_STATUS:
            if r.status:
                return (_STATUS_ORDER[r.status], row)
            return (_STATE_ORDER.get(SKIPPED if r.not_report else r.state, 9), row)
        if col in COUNT_COLUMNS:
            counts = r.counts()
            return (counts is None, -(counts[COUNT_COLUMNS[col]] if counts else 0), row)
        if col == COL_READING:
            return (not r.reading_problems(), row)
        if col == COL_PREVIOUS:
            return (not (r.previous or r.followers), -len(r.crossyear()), row)
        return (row,)


_HEADER_TIPS = {
    COL_FILE: "文件名（鼠标停留可看完整路径）",
    COL_FOLDER: "在所选文件夹中的位置",
    COL_STATUS: "整份报告的结果：通过 / 需核对 / 不通过",
    COL_FAIL: "“错误”的个数：必须改正",
    COL_WARN: "“警告”的个数：请核对",
    COL_INFO: "“提示”的个数：供参考",
    COL_READING: "检查程序没能读出的内容，或文件无法读取的原因（不是填报人的错误）",
    COL_PREVIOUS: "同一机关相邻两年的报告自动配对：“上年”是与本报告对比的上一年度报告，“次年”是以本报告为上年报告的下一年度报告",
}

