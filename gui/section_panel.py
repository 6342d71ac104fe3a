"""The left-hand list of sections with their markers; selecting one filters and scrolls.

Until a draft is checked the list shows the section names only, without any marker."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from .section_model import ALL, SectionModel


class SectionPanel(QWidget):
    sectionChanged = Signal(str)  # "" = 全部

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = SectionModel(self)
        self.view = QListView(self)
        self.view.setObjectName("sectionList")
        self.view.setAccessibleName("章节")
        self.view.setModel(self.model)
        self.view.setIconSize(QSize(22, 22))
        self.view.setSpacing(2)
        self.view.setWordWrap(True)        # the counts line of 全部 may need a third line
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.selectionModel().currentRowChanged.connect(self._on_row)
        label = QLabel("章节(&S)", self)
        label.setBuddy(self.view)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(label)
        lay.addWidget(self.view)
        self.setMinimumWidth(200)

    def bind(self, session) -> None:
        """Listen to the session: a new draft shows 全部 (the previous draft's choice is dropped)."""
        self.session = session
        session.fileChanged.connect(lambda _p: self.select(ALL, emit=True))
        session.resultChanged.connect(self.set_result)
        session.marksChanged.connect(lambda: self.set_result(session.result))

    def set_result(self, result) -> None:
        current = self.current_section()
        self.model.set_result(result)
        self.select(current, emit=False)

    def current_section(self) -> str:
        idx = self.view.currentIndex()
        return self.model.section_at(idx.row()) if idx.isValid() else ALL

    def select(self, section: str, emit: bool = True) -> None:
        self.view.blockSignals(not emit)
        self.view.selectionModel().blockSignals(not emit)
        self.view.setCurrentIndex(self.model.index(self.model.row_of(section)))
        self.view.selectionModel().blockSignals(False)
        self.view.blockSignals(False)

    def _on_row(self, current, _previous) -> None:
        if current.isValid():
            self.sectionChanged.emit(self.model.section_at(current.row()))
