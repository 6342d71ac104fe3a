"""The sections 标题/前言 and 一 … 六 with their pass/warn/fail status and problem count."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from core.findings import STATUS_CN, CheckResult
from core.report import SECTIONS_WITH_PREFACE

from .icons import status_icon
from .strings import STATUS_COLOR, section_label

SectionRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
CountRole = Qt.ItemDataRole.UserRole + 3
ALL = ""  # the first row: all sections


class SectionModel(QAbstractListModel):
    """Row 0 is 全部; then one row per section in template order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._result: CheckResult | None = None
        self._status: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._missing: set[str] = set()

    def set_result(self, result: CheckResult | None) -> None:
        self.beginResetModel()
        self._result = result
        if result is None:
            self._status, self._counts, self._missing = {}, {}, set()
        else:
            self._status = result.section_status()
            active = result.active()
            self._counts = {s: sum(1 for f in active if f.section == s) for s in SECTIONS_WITH_PREFACE}
            self._missing = {s.number for s in result.report.sections if not s.found}
        self.endResetModel()

    def section_at(self, row: int) -> str:
        return ALL if row == 0 else SECTIONS_WITH_PREFACE[row - 1]

    def row_of(self, section: str) -> int:
        return 0 if section == ALL else SECTIONS_WITH_PREFACE.index(section) + 1

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SECTIONS_WITH_PREFACE) + 1

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        section = self.section_at(index.row())
        status = self._status.get(section) if section else (self._result.status if self._result else None)
        count = self._counts.get(section, 0) if section else sum(self._counts.values())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(section, status, count)
        if role == Qt.ItemDataRole.DecorationRole and status:
            return status_icon(status)
        if role == Qt.ItemDataRole.ForegroundRole and status and status != "pass":
            return QColor(STATUS_COLOR[status])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(section, status, count).replace("\n", "  ")
        if role == SectionRole:
            return section
        if role == StatusRole:
            return status
        if role == CountRole:
            return count
        return None

    def _text(self, section: str, status: str | None, count: int) -> str:
        name = "全部" if section == ALL else section_label(section)
        if section in self._missing:
            name += "（缺失）"
        if status is None:
            return name
        return f"{name}\n{STATUS_CN[status]} · 问题 {count} 个"
