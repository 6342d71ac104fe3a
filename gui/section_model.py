"""The sections 标题/前言 and 一 … 六 with their pass/warn/fail status and problem counts.

Until a draft is checked the rows carry no mark at all (nothing that looks like a result).  A section
whose only problems are 提示 is 通过 but shows the 提示 marker, not a green ✔ beside its count.
The rows never change, so a new result or new marks only change their data (the selection stays).
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from core.findings import SEVERITIES, SEVERITY_CN, STATUS_CN, CheckResult
from core.presentation import section_label
from core.report import SECTIONS_WITH_PREFACE

from .icons import severity_icon, status_icon
from .strings import SEVERITY_FG, STATUS_COLOR

SectionRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
CountRole = Qt.ItemDataRole.UserRole + 3
MarkerRole = Qt.ItemDataRole.UserRole + 4   # "pass" | "warn" | "fail" | "info" | None: the icon shown
ALL = ""  # the first row: all sections
NO_BREAK = "\u2060"   # WORD JOINER: no line break here


class SectionModel(QAbstractListModel):
    """Row 0 is 全部; then one row per section in template order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._result: CheckResult | None = None
        self._status: dict[str, str] = {}
        self._by_severity: dict[str, dict[str, int]] = {}
        self._missing: set[str] = set()

    def set_result(self, result: CheckResult | None) -> None:
        self._result = result
        if result is None:
            self._status, self._by_severity, self._missing = {}, {}, set()
        else:
            self._status = result.section_status()
            self._by_severity = {s: {sev: 0 for sev in SEVERITIES} for s in SECTIONS_WITH_PREFACE}
            for f in result.active():
                if f.section in self._by_severity and f.severity in SEVERITIES:
                    self._by_severity[f.section][f.severity] += 1
            self._missing = {s.number for s in result.report.sections if not s.found}
        self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1))

    def section_at(self, row: int) -> str:
        return ALL if row == 0 else SECTIONS_WITH_PREFACE[row - 1]

    def row_of(self, section: str) -> int:
        return 0 if section == ALL else SECTIONS_WITH_PREFACE.index(section) + 1

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SECTIONS_WITH_PREFACE) + 1

    def severities(self, section: str) -> dict[str, int]:
        if section != ALL:
            return dict(self._by_severity.get(section, {}))
        total = {sev: 0 for sev in SEVERITIES}
        for counts in self._by_severity.values():
            for sev, n in counts.items():
                total[sev] += n
        return total

    def marker(self, section: str) -> str | None:
        status = self._status.get(section) if section else (self._result.status if self._result else None)
        if status is None:
            return None
        if status == "pass" and self.severities(section).get("info"):
            return "info"
        return status

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        section = self.section_at(index.row())
        status = self._status.get(section) if section else (self._result.status if self._result else None)
        counts = self.severities(section)
        count = sum(counts.values())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(section, status, counts)
        if role == Qt.ItemDataRole.DecorationRole:
            marker = self.marker(section)
            if marker == "info":
                return severity_icon("info")
            return status_icon(marker) if marker else None
        if role == Qt.ItemDataRole.ForegroundRole and status:
            marker = self.marker(section)
            if marker == "info":
                return QColor(SEVERITY_FG["info"])
            if status != "pass":
                return QColor(STATUS_COLOR[status])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(section, status, counts).replace("\n", "，").replace(NO_BREAK, "")
        if role == SectionRole:
            return section
        if role == StatusRole:
            return status
        if role == CountRole:
            return count
        if role == MarkerRole:
            return self.marker(section)
        return None

    def _text(self, section: str, status: str | None, counts: dict[str, int]) -> str:
        name = "全部" if section == ALL else section_label(section)
        if section in self._missing:
            name += "（缺失）"
        if status is None:
            return name
        # "错误 5" is never broken inside: word joiners between the characters, a no-break space
        said = "、".join(NO_BREAK.join(SEVERITY_CN[s]) + f"\u00a0{counts[s]}" for s in SEVERITIES if counts.get(s))
        return f"{name}\n{STATUS_CN[status]} · {said or '没有问题'}"
