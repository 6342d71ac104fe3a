"""Filters the problem list by section, severity, category and 已忽略, and counts what each
filter would show (the numbers on the count buttons)."""
from __future__ import annotations

import warnings

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel

from core.findings import SEVERITIES

from .problem_model import ProblemModel

FACETS = ("section", "severity", "category")
_NEW_FILTER_API = hasattr(QSortFilterProxyModel, "endFilterChange") and hasattr(
    QSortFilterProxyModel, "Direction")


class ProblemFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.section = ""        # "" = all sections
        self.severity = ""       # "" = all; else fail | warn | info
        self.category = ""       # "" = all
        self.show_ignored = False

    def set_filter(self, **kw) -> None:
        for k in kw:
            if k not in FACETS + ("show_ignored",):
                raise AttributeError(k)
        if _NEW_FILTER_API:                    # Qt >= 6.10
            self.beginFilterChange()
        for k, v in kw.items():
            setattr(self, k, v if k == "show_ignored" else (v or ""))
        if _NEW_FILTER_API:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:                                  # older Qt (the bundle built on glibc 2.31 has 6.8)
            with warnings.catch_warnings():    # (deprecated only where the new API exists)
                warnings.simplefilter("ignore", DeprecationWarning)
                self.invalidateRowsFilter()

    def refilter(self) -> None:
        self.set_filter()

    def reset_filters(self) -> bool:
        """Back to everything (ignored hidden); True if a filter was on."""
        was = self.is_filtered() or self.show_ignored
        self.set_filter(section="", severity="", category="", show_ignored=False)
        return was

    def is_filtered(self) -> bool:
        return bool(self.section or self.severity or self.category)

    def _model(self) -> ProblemModel:
        return self.sourceModel()

    def _accepts(self, row: int, skip: str = "") -> bool:
        m = self._model()
        f = m.finding(row)
        if not self.show_ignored and m.is_ignored(row):
            return False
        return ((skip == "section" or not self.section or f.section == self.section)
                and (skip == "severity" or not self.severity or f.severity == self.severity)
                and (skip == "category" or not self.category or f.category == self.category))

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        if parent.isValid() or row >= self._model().rowCount():
            return False
        return self._accepts(row)

    def counts(self) -> tuple[dict[str, int], dict[str, int], int]:
        """(per severity, per category, ignored) — each count as if its own filter were off, the
        others on; "ignored" counts the ignored findings the section/severity/category let through."""
        m = self._model()
        sev = {s: 0 for s in SEVERITIES}
        cat: dict[str, int] = {}
        ignored = 0
        show = self.show_ignored
        for row in range(m.rowCount()):
            f = m.finding(row)
            if m.is_ignored(row):
                self.show_ignored = True
                if self._accepts(row):
                    ignored += 1
                self.show_ignored = show
                if not show:
                    continue
            if self._accepts(row, skip="severity"):
                sev[f.severity] = sev.get(f.severity, 0) + 1
            if self._accepts(row, skip="category"):
                cat[f.category] = cat.get(f.category, 0) + 1
        return sev, cat, ignored
