"""The problems (findings) of one check, one row each, with the clerk's marks (忽略 / 已修改).

Rows are kept in the order the list shows them (``SORTS``), so the proxy only filters.  Every
finding's place is described once, by core.presentation.place (the words the CLI and the Excel
list use too), when the result arrives.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from core import presentation
from core.findings import CATEGORY_CN, SEVERITY_CN, CheckResult, Finding

FindingRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
IgnoredRole = Qt.ItemDataRole.UserRole + 3
ModifiedRole = Qt.ItemDataRole.UserRole + 4
PlaceRole = Qt.ItemDataRole.UserRole + 5
FingerprintRole = Qt.ItemDataRole.UserRole + 6
CardKeyRole = Qt.ItemDataRole.UserRole + 7     # changes when anything drawn on the card changes
CardRole = Qt.ItemDataRole.UserRole + 8        # (finding, card key, fingerprint, mark, place): one call per paint

COL_SEVERITY = 0   # the only column (kept for callers that name it)

SORT_SECTION, SORT_SEVERITY = "section", "severity"
SORTS = {SORT_SECTION: "按章节顺序", SORT_SEVERITY: "按严重程度"}


def _severity_first(f: Finding) -> tuple:
    key = presentation.sort_key(f)
    return (key[1], key[0]) + key[2:]


class ProblemModel(QAbstractListModel):
    """All findings, ignored ones included (the filter proxy hides those unless asked)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._fps: list[str] = []
        self._places: list[str] = []
        self._keys: list[int] = []
        self._ignored: set[str] = set()
        self._modified: set[str] = set()
        self._report = None
        self.sort = SORT_SECTION

    # ---- content
    def set_result(self, result: CheckResult | None, modified: set[str] | None = None) -> None:
        self.beginResetModel()
        self._report = result.report if result else None
        self._ignored = set(result.ignored) if result else set()
        self._modified = set(modified or ()) if result else set()
        self._fill(list(result.findings) if result else [])
        self.endResetModel()

    def _fill(self, findings: list[Finding]) -> None:
        key = _severity_first if self.sort == SORT_SEVERITY else presentation.sort_key
        findings = sorted(findings, key=key)   # stable: the rules' order within a place stays
        self._findings = findings
        self._fps = [f.fingerprint() for f in findings]
        report = self._report
        self._places = [_safe_place(f, report) for f in findings]
        self._keys = [hash((fp, f.severity, f.category, f.section, f.message, f.suggestion, place))
                      for fp, f, place in zip(self._fps, findings, self._places)]

    def set_sort(self, sort: str) -> None:
        if sort == self.sort or sort not in SORTS:
            return
        self.sort = sort
        self.beginResetModel()
        self._fill(self._findings)
        self.endResetModel()

    def set_marks(self, ignored: set[str], modified: set[str]) -> None:
        self._ignored, self._modified = set(ignored), set(modified)
        if self._findings:
            self.dataChanged.emit(self.index(0), self.index(len(self._findings) - 1))

    # kept for callers of the earlier API
    def set_ignored(self, ignored: set[str]) -> None:
        self.set_marks(ignored, self._modified)

    # ---- queries
    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def row_of(self, fingerprint: str, near: int = -1) -> int:
        """The row of the finding with ``fingerprint``; two findings can share one (the same rule
        on the same words twice): then the one closest to row ``near``."""
        rows = [i for i, fp in enumerate(self._fps) if fp == fingerprint]
        if not rows:
            return -1
        return min(rows, key=lambda i: abs(i - near)) if near >= 0 else rows[0]

    def is_ignored(self, row: int) -> bool:
        return self._fps[row] in self._ignored

    def is_modified(self, row: int) -> bool:
        return self._fps[row] in self._modified

    def place(self, row: int) -> str:
        return self._places[row]

    # ---- Qt
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._findings)):
            return None
        row = index.row()
        f = self._findings[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return f.message
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return accessible_text(f, self._places[row], self.mark(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f, self._places[row])
        if role == FindingRole:
            return f
        if role == IgnoredRole:
            return self._fps[row] in self._ignored
        if role == ModifiedRole:
            return self._fps[row] in self._modified
        if role == PlaceRole:
            return self._places[row]
        if role == FingerprintRole:
            return self._fps[row]
        if role == CardKeyRole:
            return self._keys[row]
        if role == CardRole:
            return f, self._keys[row], self._fps[row], self.mark(row), self._places[row]
        if role == SortRole:
            return row
        return None

    def mark(self, row: int) -> str:
        fp = self._fps[row]
        return "ignored" if fp in self._ignored else "modified" if fp in self._modified else ""


def _safe_place(f: Finding, report) -> str:
    try:
        return presentation.place(f, report)
    except Exception:  # noqa: BLE001  (a place that cannot be described must not hide the finding)
        import logging
        logging.getLogger(__name__).exception("无法描述问题的位置：%s", f.rule)
        return presentation.section_label(f.section)


MARK_CN = {"ignored": "已忽略", "modified": "已修改", "": ""}


def accessible_text(f: Finding, place: str, mark: str = "") -> str:
    parts = [SEVERITY_CN.get(f.severity, f.severity), MARK_CN[mark], CATEGORY_CN.get(f.category, f.category),
             place, f.message, f"建议：{f.suggestion}" if f.suggestion else ""]
    return "，".join(p for p in parts if p)


def tooltip(f: Finding, place: str) -> str:
    parts = [f"{SEVERITY_CN[f.severity]}｜{presentation.section_label(f.section)}｜{place}", f.message]
    if f.excerpt:
        parts.append(f"原文：{f.excerpt}")
    if f.suggestion:
        parts.append(f"建议：{f.suggestion}")
    return "\n".join(parts)

