"""Filters the problem list by section, severity, category and 已忽略."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel

from .problem_model import FindingRole, IgnoredRole, SortRole


class ProblemFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.section = ""        # "" = all sections
        self.severity = ""       # "" = all; else fail | warn | info
        self.category = ""       # "" = all
        self.show_ignored = False

    def set_filter(self, **kw) -> None:
        self.beginFilterChange()
        for k, v in kw.items():
            if not hasattr(self, k):
                raise AttributeError(k)
            setattr(self, k, v)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter(self) -> None:
        self.set_filter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        idx = self.sourceModel().index(row, 0, parent)
        f = idx.data(FindingRole)
        if f is None:
            return False
        if idx.data(IgnoredRole) and not self.show_ignored:
            return False
        return ((not self.section or f.section == self.section)
                and (not self.severity or f.severity == self.severity)
                and (not self.category or f.category == self.category))
