"""The problem list: filters, the sortable table, the 忽略 button and the selected problem in full."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QMenu, QPushButton, QTableView, QVBoxLayout, QWidget)

from core.findings import CATEGORIES, CATEGORY_CN, SEVERITIES, SEVERITY_CN, Finding

from .problem_filter import ProblemFilter
from .problem_model import (COL_CATEGORY, COL_MESSAGE, COL_PLACE, COL_SECTION, COL_SEVERITY, COL_SUGGESTION,
                            FindingRole, IgnoredRole, ProblemModel, _tooltip)


class ProblemPanel(QWidget):
    findingSelected = Signal(object)          # Finding
    ignoreRequested = Signal(object, bool)    # Finding, ignore?

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = ProblemModel(self)
        self.proxy = ProblemFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build_filters()
        self._build_table()
        self.ignore_button = QPushButton("忽略(&G)", self)
        self.ignore_button.setToolTip("这条不是问题：不再计数，也不导出（Ctrl+G）")
        self.ignore_button.clicked.connect(self._toggle_ignore)
        self.ignore_button.setEnabled(False)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setObjectName("problemDetail")
        self.detail.setMinimumHeight(60)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.ignore_action = QAction("忽略此问题", self)
        self.ignore_action.setShortcut(QKeySequence("Ctrl+G"))
        self.ignore_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.ignore_action.triggered.connect(self._toggle_ignore)
        self.addAction(self.ignore_action)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self._filters)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.detail, 1)
        row.addWidget(self.ignore_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(row)

    # ---- construction
    def _build_filters(self) -> None:
        self.severity_box = QComboBox(self)
        self.severity_box.setAccessibleName("按程度筛选")
        self.severity_box.addItem("全部程度", "")
        for s in SEVERITIES:
            self.severity_box.addItem(SEVERITY_CN[s], s)
        self.category_box = QComboBox(self)
        self.category_box.setAccessibleName("按类别筛选")
        self.category_box.addItem("全部类别", "")
        for c in CATEGORIES:
            self.category_box.addItem(CATEGORY_CN[c], c)
        self.show_ignored_box = QCheckBox("显示已忽略(&H)", self)
        self.severity_box.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(severity=self.severity_box.currentData()))
        self.category_box.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(category=self.category_box.currentData()))
        self.show_ignored_box.toggled.connect(lambda on: self.proxy.set_filter(show_ignored=on))
        self.title = QLabel("问题(&P)", self)
        self._filters = QHBoxLayout()
        self._filters.addWidget(self.title)
        self._filters.addStretch(1)
        self._filters.addWidget(self.severity_box)
        self._filters.addWidget(self.category_box)
        self._filters.addWidget(self.show_ignored_box)

    def _build_table(self) -> None:
        t = self.table = QTableView(self)
        t.setObjectName("problemTable")
        t.setAccessibleName("问题清单")
        self.title.setBuddy(t)
        t.setModel(self.proxy)
        t.setSortingEnabled(True)
        t.sortByColumn(COL_SEVERITY, Qt.SortOrder.AscendingOrder)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setWordWrap(False)  # one line per problem; the full text is in the detail pane below
        t.setAlternatingRowColors(True)
        t.verticalHeader().hide()
        h = t.horizontalHeader()
        for col, mode in ((COL_SEVERITY, QHeaderView.ResizeMode.ResizeToContents),
                          (COL_SECTION, QHeaderView.ResizeMode.ResizeToContents),
                          (COL_CATEGORY, QHeaderView.ResizeMode.ResizeToContents),
                          (COL_MESSAGE, QHeaderView.ResizeMode.Stretch),
                          (COL_SUGGESTION, QHeaderView.ResizeMode.Stretch),
                          (COL_PLACE, QHeaderView.ResizeMode.Interactive)):
            h.setSectionResizeMode(col, mode)
        # the place is shown in the detail pane below; the list has no room for it
        t.setColumnHidden(COL_PLACE, True)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)
        t.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        t.customContextMenuRequested.connect(self._context_menu)
        t.selectionModel().currentRowChanged.connect(self._on_current)
        t.clicked.connect(self._on_clicked)

    # ---- state
    def set_result(self, result) -> None:
        self.model.set_result(result)
        self._on_current(self.table.currentIndex(), None)

    def set_ignored(self, ignored: set[str]) -> None:
        self.model.set_ignored(ignored)
        self.proxy.refilter()
        self._on_current(self.table.currentIndex(), None)

    def set_section(self, section: str) -> None:
        self.proxy.set_filter(section=section)

    def current_finding(self) -> Finding | None:
        idx = self.table.currentIndex()
        return idx.data(FindingRole) if idx.isValid() else None

    def select_row(self, proxy_row: int) -> None:
        """Select a visible row as a click would (the document scrolls to it)."""
        idx = self.proxy.index(proxy_row, COL_SEVERITY)
        self.table.setCurrentIndex(idx)
        self.table.scrollTo(idx)
        f = idx.data(FindingRole)
        if f is not None:
            self.findingSelected.emit(f)

    # ---- slots
    def _on_current(self, current, _previous) -> None:
        f = current.data(FindingRole) if current is not None and current.isValid() else None
        self.ignore_button.setEnabled(f is not None)
        if f is None:
            self.detail.setText("")
            return
        ignored = bool(current.data(IgnoredRole))
        self.ignore_button.setText("取消忽略(&G)" if ignored else "忽略(&G)")
        self.detail.setText(_tooltip(f))
        if _previous is not None:
            self.findingSelected.emit(f)

    def _on_clicked(self, index) -> None:
        f = index.data(FindingRole)
        if f is not None:
            self.findingSelected.emit(f)   # a second click on the same row flashes again

    def _toggle_ignore(self) -> None:
        idx = self.table.currentIndex()
        f = idx.data(FindingRole) if idx.isValid() else None
        if f is not None:
            self.ignoreRequested.emit(f, not bool(idx.data(IgnoredRole)))

    def _context_menu(self, pos) -> None:
        idx = self.table.indexAt(pos)
        if not idx.isValid():
            return
        self.table.setCurrentIndex(idx)
        menu = QMenu(self)
        ignored = bool(idx.data(IgnoredRole))
        act = menu.addAction("取消忽略" if ignored else "忽略此问题（不是问题）")
        act.triggered.connect(self._toggle_ignore)
        menu.exec(self.table.viewport().mapToGlobal(pos))
