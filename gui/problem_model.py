"""The problems (findings) of one check as a table: 程度, 部分, 类别, 问题, 建议, 位置."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from core.findings import CATEGORY_CN, SEVERITY_CN, CheckResult, Finding

from .icons import severity_icon
from .strings import SEVERITY_FG, SEVERITY_ORDER, section_label

FindingRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
IgnoredRole = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("程度", "部分", "类别", "问题", "建议", "位置")
COL_SEVERITY, COL_SECTION, COL_CATEGORY, COL_MESSAGE, COL_SUGGESTION, COL_PLACE = range(6)
_SECTION_ORDER = {"标题/前言": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


class ProblemModel(QAbstractTableModel):
    """All findings, ignored ones included (the filter proxy hides those unless asked)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._ignored: set[str] = set()

    def set_result(self, result: CheckResult | None) -> None:
        self.beginResetModel()
        self._findings = list(result.findings) if result else []
        self._ignored = set(result.ignored) if result else set()
        self.endResetModel()

    def set_ignored(self, ignored: set[str]) -> None:
        self._ignored = set(ignored)
        if self._findings:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._findings) - 1, len(COLUMNS) - 1))

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def row_of(self, fingerprint: str) -> int:
        return next((i for i, f in enumerate(self._findings) if f.fingerprint() == fingerprint), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self._findings[index.row()]
        col = index.column()
        ignored = f.fingerprint() in self._ignored
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(f, col, ignored)
            if role == Qt.ItemDataRole.ToolTipRole and col in (COL_MESSAGE, COL_SUGGESTION):
                return _tooltip(f)
            return text
        if role == Qt.ItemDataRole.DecorationRole and col == COL_SEVERITY:
            return severity_icon(f.severity)
        if role == Qt.ItemDataRole.ForegroundRole:
            if ignored:
                return QColor("#999999")
            if col == COL_SEVERITY:
                return QColor(SEVERITY_FG[f.severity])
        if role == Qt.ItemDataRole.FontRole and ignored:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == SortRole:
            return self._sort_key(f, col, index.row())
        if role == FindingRole:
            return f
        if role == IgnoredRole:
            return ignored
        return None

    @staticmethod
    def _text(f: Finding, col: int, ignored: bool) -> str:
        if col == COL_SEVERITY:
            return SEVERITY_CN[f.severity] + ("（已忽略）" if ignored else "")
        if col == COL_SECTION:
            return f.section
        if col == COL_CATEGORY:
            return CATEGORY_CN.get(f.category, f.category)
        if col == COL_PLACE:
            return f.loc.describe() if f.loc else (f.cells[0].describe() if f.cells else "全文")
        if col == COL_MESSAGE:
            return f.message
        return f.suggestion

    @staticmethod
    def _sort_key(f: Finding, col: int, row: int):
        if col == COL_SEVERITY:
            return SEVERITY_ORDER.get(f.severity, 9) * 10000 + row
        if col == COL_SECTION:
            return _SECTION_ORDER.get(f.section, 9) * 10000 + row
        return ProblemModel._text(f, col, False)


def _tooltip(f: Finding) -> str:
    where = f"｜{f.loc.describe()}" if f.loc is not None else ""
    parts = [f"{SEVERITY_CN[f.severity]}｜{section_label(f.section)}{where}", f.message]
    if f.excerpt:
        parts.append(f"原文：{f.excerpt}")
    if f.suggestion:
        parts.append(f"建议：{f.suggestion}")
    return "\n".join(parts)
