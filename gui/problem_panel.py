"""The problem list: counts that filter, the cards, the clerk's marks in a fixed bar, the details.

    问题  共 9 个                               [按章节顺序 ▾]  [‹ 上一个] [下一个 ›]
    程度  [全部 9] [错误 6] [警告 3] [提示 0]              [□ 显示已忽略（1）]
    类别  [全部 9] [勾稽关系 4] [表格格式 5]
    已筛选：错误，显示 6 个（共 9 个）                                   [清除筛选]
    ┌ cards ──────────────────────────────────────────────────────────────────┐
    └─────────────────────────────────────────────────────────────────────────┘
    [忽略] [已修改] [复制原文]                         ← always here, whatever the text below
    位置 / 原文 / 规则 of the selected problem

Bound to a Session: a new draft resets every filter (and says so); a re-check or a mark keeps
the selected problem and the scroll position.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel,
                               QListView, QMenu, QPushButton, QScrollArea, QSizePolicy, QStackedWidget,
                               QToolButton, QVBoxLayout, QWidget)

from core.findings import CATEGORIES, CATEGORY_CN, SEVERITIES, SEVERITY_CN, Finding

from .flow_layout import FlowLayout
from .problem_card import CardDelegate
from .problem_filter import ProblemFilter
from .problem_model import (SORTS, FindingRole, FingerprintRole, IgnoredRole, ModifiedRole, PlaceRole,
                            ProblemModel)

CHIP_STYLE = """
QToolButton[chip="true"] { border: 1px solid #c4c4c4; border-radius: 10px; padding: 1px 9px;
                           background: #fafafa; color: #222; }
QToolButton[chip="true"]:hover { border-color: #7d99b8; }
QToolButton[chip="true"]:checked { background: #1d5fbf; border-color: #1d5fbf; color: white; }
QToolButton[chip="true"]:disabled { color: #a8a8a8; border-color: #e0e0e0; }
"""
MARGIN = 6        # a point inside the first visible card
LARGE_LIST = 150   # more cards than this are laid out in batches (the window stays responsive)


def _excerpt_for_search(text: str) -> str:
    """The excerpt as it can be searched for in WPS/Word: without the "…" of a cut and outer blanks."""
    return (text or "").strip().strip("…").strip(".").strip()


class ProblemPanel(QWidget):
    findingSelected = Signal(object)          # Finding
    ignoreRequested = Signal(object, bool)    # Finding, ignore?
    modifiedRequested = Signal(object, bool)  # Finding, modified?
    message = Signal(str)                     # a line for the status bar
    clearSectionRequested = Signal()          # 清除筛选 also clears the section chosen on the left

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.model = ProblemModel(self)
        self.proxy = ProblemFilter(self)
        self.proxy.setSourceModel(self.model)
        self.setStyleSheet(CHIP_STYLE)
        self._chips: dict[tuple[str, str], QToolButton] = {}
        self._has_result = False
        self._build_header()
        self._build_facets()
        self._build_list()
        self._build_actions()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addLayout(self._header)
        lay.addLayout(self._severity_row)
        lay.addLayout(self._category_row)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.action_bar)
        lay.addWidget(self.detail_area)
        self._refresh_facets()
        self._update_actions(None)
        self.setMinimumWidth(340)   # the badge, the mark and the three buttons always fit

    # ================================================================ construction
    def _build_header(self) -> None:
        self.title = QLabel("问题(&P)", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("problemTotal")
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName("排序")
        for key, text in SORTS.items():
            self.sort_box.addItem(text, key)
        self.sort_box.currentIndexChanged.connect(lambda: self._set_sort(self.sort_box.currentData()))
        self.prev_button = QPushButton("‹ 上一个", self)
        self.prev_button.setToolTip("上一个问题（Shift+F8）")
        self.prev_button.clicked.connect(self.select_previous)
        self.next_button = QPushButton("下一个 ›", self)
        self.next_button.setToolTip("下一个问题（F8）")
        self.next_button.clicked.connect(self.select_next)
        h = self._header = QHBoxLayout()
        h.addWidget(self.title)
        h.addWidget(self.total_label)
        h.addStretch(1)
        h.addWidget(self.sort_box)
        h.addWidget(self.prev_button)
        h.addWidget(self.next_button)

    def _chip(self, facet: str, value: str) -> QToolButton:
        b = QToolButton(self)
        b.setProperty("chip", True)
        b.setCheckable(True)
        b.setAutoRaise(False)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        b.clicked.connect(lambda _=False, facet=facet, value=value: self._chip_clicked(facet, value))
        self._chips[(facet, value)] = b
        return b

    def _build_facets(self) -> None:
        row = self._severity_row = QHBoxLayout()
        row.setSpacing(4)
        label = QLabel("程度", self)
        label.setStyleSheet("color: #555;")
        row.addWidget(label)
        for value in ("",) + SEVERITIES:
            row.addWidget(self._chip("severity", value))
        row.addStretch(1)
        self.show_ignored_box = QCheckBox(self)
        self.show_ignored_box.setToolTip("把标为“忽略”的问题也列出来（灰色），可以取消忽略（Alt+H）")
        self.show_ignored_box.toggled.connect(self._show_ignored)
        row.addWidget(self.show_ignored_box)
        crow = self._category_row = QHBoxLayout()
        crow.setSpacing(4)
        label = QLabel("类别", self)
        label.setStyleSheet("color: #555;")
        label.setAlignment(Qt.AlignmentFlag.AlignTop)
        crow.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        self.category_holder = QWidget(self)
        self.category_flow = FlowLayout(self.category_holder, spacing=4)
        self.category_holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.category_flow.addWidget(self._chip("category", ""))
        for c in CATEGORIES:
            self.category_flow.addWidget(self._chip("category", c))
        crow.addWidget(self.category_holder, 1)
        # what is filtered, visibly, with one click to clear it
        self.filter_bar = QFrame(self)
        self.filter_bar.setObjectName("filterBar")
        self.filter_bar.setStyleSheet("#filterBar { background: #eef4fc; border: 1px solid #c9d9ef; "
                                      "border-radius: 3px; }")
        fl = QHBoxLayout(self.filter_bar)
        fl.setContentsMargins(6, 2, 4, 2)
        self.filter_label = QLabel(self.filter_bar)
        self.filter_label.setTextFormat(Qt.TextFormat.PlainText)
        self.filter_label.setWordWrap(True)
        self.clear_filter_button = QPushButton("清除筛选", self.filter_bar)
        self.clear_filter_button.clicked.connect(self.clear_filters)
        fl.addWidget(self.filter_label, 1)
        fl.addWidget(self.clear_filter_button)
        self.filter_bar.hide()
        self._notice = ""
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(6000)
        self._notice_timer.timeout.connect(self._clear_notice)

    def _build_list(self) -> None:
        v = self.table = self.list = QListView(self)
        v.setObjectName("problemList")
        v.setAccessibleName("问题清单")
        self.title.setBuddy(v)
        v.setModel(self.proxy)
        self.delegate = CardDelegate(v)
        v.setItemDelegate(self.delegate)
        v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        v.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        v.verticalScrollBar().setSingleStep(24)
        v.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        v.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        v.setResizeMode(QListView.ResizeMode.Adjust)
        v.setUniformItemSizes(False)
        v.setWordWrap(True)
        v.setMouseTracking(True)
        v.setStyleSheet("#problemList { background: #f7f7f7; border: 1px solid #d0d0d0; }")
        v.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        v.customContextMenuRequested.connect(self._context_menu)
        v.selectionModel().currentChanged.connect(self._on_current)
        v.clicked.connect(self._on_clicked)
        v.activated.connect(self._on_clicked)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("problemEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setStyleSheet("#problemEmpty { color: #555; font-size: 13pt; background: #f7f7f7;"
                                       " border: 1px solid #d0d0d0; }"
                                       "#problemEmpty[clean=\"true\"] { color: #1b7f3b; }")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(v)
        self.stack.addWidget(self.empty_label)

    def _build_actions(self) -> None:
        self.action_bar = QWidget(self)
        bar = QHBoxLayout(self.action_bar)
        bar.setContentsMargins(0, 2, 0, 0)
        self.ignore_button = QPushButton("忽略(&G)", self.action_bar)
        self.ignore_button.setToolTip("这条不是问题：不再计数，整改清单里不列（Ctrl+G）；再点一次取消")
        self.ignore_button.setCheckable(True)
        self.ignore_button.clicked.connect(self._toggle_ignore)
        self.modified_button = QPushButton("已修改(&M)", self.action_bar)
        self.modified_button.setToolTip("已在草稿里改好了（Ctrl+M）：标上“已修改”，整改清单里写“已整改”；"
                                        "保存草稿后重新检查，改好的问题会消失")
        self.modified_button.setCheckable(True)
        self.modified_button.clicked.connect(self._toggle_modified)
        self.copy_button = QPushButton("复制原文(&C)", self.action_bar)
        self.copy_button.setToolTip("把这个问题的原文片段复制下来，可在 WPS/Word 里按 Ctrl+F 查找")
        self.copy_button.clicked.connect(self.copy_excerpt)
        for b in (self.ignore_button, self.modified_button, self.copy_button):
            # fixed widths: the bar never moves or changes as the texts change
            b.setMinimumWidth(b.sizeHint().width() + 24)
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            bar.addWidget(b)
        bar.addStretch(1)
        self.detail = QLabel(self)
        self.detail.setObjectName("problemDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setContentsMargins(4, 2, 4, 2)
        self.detail_area = QScrollArea(self)
        self.detail_area.setWidget(self.detail)
        self.detail_area.setWidgetResizable(True)
        self.detail_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail_area.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.ignore_action = self._local_action("忽略此问题", "Ctrl+G", self._toggle_ignore_key)
        self.modified_action = self._local_action("标为已修改", "Ctrl+M", self._toggle_modified_key)
        # Ctrl+C in the list copies the excerpt (in the details below it copies the selected text)
        self.copy_action = self._local_action("复制原文", QKeySequence.StandardKey.Copy, self.copy_excerpt,
                                              self.list, Qt.ShortcutContext.WidgetShortcut)

    def _local_action(self, text, key, slot, widget=None,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut) -> QAction:
        a = QAction(text, self)
        a.setShortcut(QKeySequence(key))
        a.setShortcutContext(context)
        a.triggered.connect(slot)
        (widget or self).addAction(a)
        return a

    # ================================================================ session
    def bind(self, session) -> None:
        """Listen to the session: new draft, new result, changed marks."""
        self.session = session
        session.fileChanged.connect(self._on_new_draft)
        session.resultChanged.connect(self._on_result)
        session.marksChanged.connect(self._on_marks)
        session.busyChanged.connect(lambda _b: self._refresh_empty())
        self.ignoreRequested.connect(session.set_ignored)
        self.modifiedRequested.connect(session.set_modified)

    def _on_new_draft(self, _path: str) -> None:
        was = self.reset_filters()
        if was:
            self._show_notice("新打开的草稿：已清除上一份草稿的筛选，显示全部问题。")

    def _on_result(self, result) -> None:
        modified = self.session.modified if self.session is not None else set()
        self.set_result(result, modified)

    def _on_marks(self) -> None:
        s = self.session
        self.set_marks(s.ignored, s.modified)

    # ================================================================ state
    def reset_filters(self) -> bool:
        """Every filter off (for a new draft); True if one was on."""
        was = self.proxy.reset_filters()
        self.show_ignored_box.blockSignals(True)
        self.show_ignored_box.setChecked(False)
        self.show_ignored_box.blockSignals(False)
        self._refresh_facets()
        return was

    def set_result(self, result, modified: set[str] | None = None) -> None:
        """A new result: for a re-check of the same draft the selected problem and the scroll
        position stay (the next problem is selected if the selected one is gone)."""
        keep = self._remember()
        self._has_result = result is not None
        self.model.set_result(result, modified)
        big = self.model.rowCount() > LARGE_LIST
        self.list.setLayoutMode(QListView.LayoutMode.Batched if big else QListView.LayoutMode.SinglePass)
        self.list.setBatchSize(60)
        self._restore(keep)
        self._refresh_facets()

    def set_marks(self, ignored: set[str], modified: set[str]) -> None:
        keep = self._remember()
        self.model.set_marks(ignored, modified)
        self.proxy.refilter()
        self._restore(keep)
        self._refresh_facets()

    def set_ignored(self, ignored: set[str]) -> None:   # the earlier API
        self.set_marks(ignored, set(self.model._modified))

    def set_section(self, section: str) -> None:
        self._filter(section=section)

    def current_finding(self) -> Finding | None:
        idx = self.list.currentIndex()
        return idx.data(FindingRole) if idx.isValid() else None

    def _remember(self) -> dict:
        idx = self.list.currentIndex()
        top = self.list.indexAt(QPoint(MARGIN, MARGIN))
        return {"fp": idx.data(FingerprintRole) if idx.isValid() else None,
                "row": idx.row() if idx.isValid() else -1,
                "src": self.proxy.mapToSource(idx).row() if idx.isValid() else -1,
                "scroll": self.list.verticalScrollBar().value(),
                "top": top.data(FingerprintRole) if top.isValid() else None,
                "top_src": self.proxy.mapToSource(top).row() if top.isValid() else -1,
                "top_offset": self.list.visualRect(top).top() if top.isValid() else 0}

    def _restore(self, keep: dict) -> None:
        """Select the remembered problem (or the one now in its row) and scroll back, silently."""
        n = self.proxy.rowCount()
        target = QModelIndex()
        if keep["fp"]:
            src = self.model.row_of(keep["fp"], keep.get("src", -1))
            if src >= 0:
                target = self.proxy.mapFromSource(self.model.index(src))
            if not target.isValid() and keep["row"] >= 0 and n:
                target = self.proxy.index(min(keep["row"], n - 1), 0)
        sel = self.list.selectionModel()
        sel.blockSignals(True)
        if target.isValid():
            sel.setCurrentIndex(target, sel.SelectionFlag.ClearAndSelect)
        else:
            sel.clearSelection()
            sel.setCurrentIndex(QModelIndex(), sel.SelectionFlag.Clear)
        sel.blockSignals(False)
        self.delegate.set_expanded(target)
        self._update_actions(target if target.isValid() else None)
        if self.list.layoutMode() == QListView.LayoutMode.Batched:
            # laid out in steps (a very long list): bring the selected card back into view when done
            if target.isValid():
                QTimer.singleShot(0, self._scroll_to_current)
                QTimer.singleShot(300, self._scroll_to_current)
            return
        self.list.doItemsLayout()
        self._scroll_back(keep)
        # a layout Qt still has pending (a card that grew or shrank) may move the list once more
        self._keep = keep
        QTimer.singleShot(0, self._scroll_back_again)

    def _scroll_back(self, keep: dict) -> None:
        bar = self.list.verticalScrollBar()
        top = QModelIndex()
        if keep["top"]:
            src = self.model.row_of(keep["top"], keep.get("top_src", -1))
            top = self.proxy.mapFromSource(self.model.index(src)) if src >= 0 else QModelIndex()
        if top.isValid():
            bar.setValue(bar.value() + self.list.visualRect(top).top() - keep["top_offset"])
        else:
            bar.setValue(keep["scroll"])
        self.list.viewport().update()

    def _scroll_back_again(self) -> None:
        keep, self._keep = getattr(self, "_keep", None), None
        if keep is None:
            return
        try:
            if self.list.layoutMode() == QListView.LayoutMode.SinglePass:
                self.list.doItemsLayout()
                self._scroll_back(keep)
        except RuntimeError:   # the panel is gone
            pass

    def _scroll_to_current(self) -> None:
        try:
            idx = self.list.currentIndex()
            if idx.isValid():
                self.list.scrollTo(idx)
        except RuntimeError:   # the panel is gone
            pass

    # ================================================================ filters and counts
    def _filter(self, **kw) -> None:
        keep = self._remember()
        self.proxy.set_filter(**kw)
        self._restore(keep)
        self._refresh_facets()

    def _chip_clicked(self, facet: str, value: str) -> None:
        current = getattr(self.proxy, facet)
        self._filter(**{facet: "" if value == current else value})

    def _show_ignored(self, on: bool) -> None:
        self._filter(show_ignored=on)

    def clear_filters(self) -> None:
        """All filters off (the section list too, through the main window's section panel)."""
        keep = self._remember()
        self.proxy.set_filter(severity="", category="")
        self._restore(keep)
        self._refresh_facets()
        if self.proxy.section:
            self.clearSectionRequested.emit()

    def _set_sort(self, sort: str) -> None:
        keep = self._remember()
        keep["top"] = None
        self.model.set_sort(sort)
        self._restore(keep)
        if keep["fp"]:
            self.list.scrollTo(self.list.currentIndex())

    def _refresh_facets(self) -> None:
        sev, cat, ignored = self.proxy.counts()
        total_sev = sum(sev.values())
        total_cat = sum(cat.values())
        for value in ("",) + SEVERITIES:
            b = self._chips[("severity", value)]
            n = total_sev if not value else sev.get(value, 0)
            b.setText(f"{'全部' if not value else SEVERITY_CN[value]} {n}")
            b.setChecked(self.proxy.severity == value)
            b.setEnabled(self._has_result and (n > 0 or self.proxy.severity == value))
            if value:
                b.setToolTip(f"只看{SEVERITY_CN[value]}（再点一次显示全部）")
        present = set(cat) | ({self.proxy.category} if self.proxy.category else set())
        for value in ("",) + CATEGORIES:
            b = self._chips[("category", value)]
            n = total_cat if not value else cat.get(value, 0)
            b.setText(f"{'全部' if not value else CATEGORY_CN[value]} {n}")
            b.setChecked(self.proxy.category == value)
            b.setVisible(not value or value in present)
            b.setEnabled(self._has_result)
            if value:
                b.setToolTip(f"只看“{CATEGORY_CN[value]}”类问题（再点一次显示全部）")
        self.category_flow.invalidate()
        self.category_holder.updateGeometry()
        self.show_ignored_box.setText(f"显示已忽略（{ignored}）")
        self.show_ignored_box.setEnabled(self._has_result and (ignored > 0 or self.proxy.show_ignored))
        shown = self.proxy.rowCount()
        active_total = sum(1 for r in range(self.model.rowCount()) if not self.model.is_ignored(r))
        n_ignored = self.model.rowCount() - active_total
        self.total_label.setText((f"共 {active_total} 个" + (f"，另有已忽略 {n_ignored} 个" if n_ignored else ""))
                                 if self._has_result else "")
        self._refresh_filter_bar(shown, active_total)
        self._refresh_empty()
        self.prev_button.setEnabled(shown > 0)
        self.next_button.setEnabled(shown > 0)

    def _refresh_filter_bar(self, shown: int, total: int) -> None:
        p = self.proxy
        parts = []
        if p.section:
            from core.presentation import section_label
            parts.append(section_label(p.section))
        if p.severity:
            parts.append(SEVERITY_CN[p.severity])
        if p.category:
            parts.append(CATEGORY_CN.get(p.category, p.category))
        if parts:
            self.filter_label.setText(f"已筛选：{'，'.join(parts)}。显示 {shown} 个（共 {total} 个）")
            self.clear_filter_button.show()
            self.filter_bar.show()
        elif self._notice:
            self.filter_label.setText(self._notice)
            self.clear_filter_button.hide()
            self.filter_bar.show()
        else:
            self.filter_bar.hide()

    def _show_notice(self, text: str) -> None:
        self._notice = text
        self._notice_timer.start()
        self._refresh_facets()
        self.message.emit(text)

    def _clear_notice(self) -> None:
        self._notice = ""
        self._refresh_facets()

    def _refresh_empty(self) -> None:
        busy = self.session is not None and self.session.busy
        if self.proxy.rowCount():
            self.stack.setCurrentWidget(self.list)
            return
        if not self._has_result:
            text = "正在检查…" if busy else "打开草稿后，问题会列在这里。"
        elif self.model.rowCount() == 0 or all(self.model.is_ignored(r) for r in range(self.model.rowCount())) \
                and not self.proxy.is_filtered():
            n_ign = sum(1 for r in range(self.model.rowCount()) if self.model.is_ignored(r))
            text = "✔ 未发现问题" + (f"\n\n（另有 {n_ign} 个已忽略的问题，勾选“显示已忽略”可查看）" if n_ign else
                                     "\n\n这份草稿没有查出需要修改的地方。")
        else:
            text = "当前筛选下没有问题。\n\n点“清除筛选”显示全部问题。"
        clean = text.startswith("✔")
        if self.empty_label.property("clean") != clean:
            self.empty_label.setProperty("clean", clean)
            self.empty_label.style().unpolish(self.empty_label)
            self.empty_label.style().polish(self.empty_label)
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)

    # ================================================================ moving through the list
    def select_row(self, proxy_row: int) -> None:
        """Select a visible row as a click would (the document scrolls to it)."""
        idx = self.proxy.index(proxy_row, 0)
        if not idx.isValid():
            return
        self.list.setCurrentIndex(idx)
        self.list.scrollTo(idx)
        f = idx.data(FindingRole)
        if f is not None:
            self.findingSelected.emit(f)

    def select_next(self) -> bool:
        return self._step(+1)

    def select_previous(self) -> bool:
        return self._step(-1)

    def _step(self, delta: int) -> bool:
        n = self.proxy.rowCount()
        if n == 0:
            self.message.emit("没有可以跳转的问题")
            return False
        cur = self.list.currentIndex()
        if not cur.isValid():
            row = 0 if delta > 0 else n - 1
        else:
            row = cur.row() + delta
        if not 0 <= row < n:
            self.message.emit("已经是最后一个问题" if delta > 0 else "已经是第一个问题")
            return False
        self.select_row(row)
        self.message.emit(f"第 {row + 1} 个问题，共 {n} 个（F8 下一个，Shift+F8 上一个）")
        return True

    # ================================================================ slots
    def _on_current(self, current, _previous) -> None:
        self.delegate.set_expanded(current)
        self._update_actions(current if current.isValid() else None)
        f = current.data(FindingRole) if current.isValid() else None
        if f is not None:
            self.findingSelected.emit(f)
        QTimer.singleShot(0, self._scroll_to_current)

    def _on_clicked(self, index) -> None:
        f = index.data(FindingRole)
        if f is not None and index == self.list.currentIndex():
            self.findingSelected.emit(f)   # a second click on the same card flashes again

    def _update_actions(self, index) -> None:
        f = index.data(FindingRole) if index is not None else None
        ignored = bool(index.data(IgnoredRole)) if f is not None else False
        modified = bool(index.data(ModifiedRole)) if f is not None else False
        for b in (self.ignore_button, self.modified_button, self.copy_button):
            b.setEnabled(f is not None)
        self.copy_button.setEnabled(f is not None and bool(_excerpt_for_search(f.excerpt)))
        self.ignore_button.setChecked(ignored)
        self.modified_button.setChecked(modified)
        self.ignore_button.setText("取消忽略(&G)" if ignored else "忽略(&G)")
        self.modified_button.setText("取消已修改(&M)" if modified else "已修改(&M)")
        self.detail.setText(self._detail_html(f, index) if f is not None else
                            "<span style='color:#777'>选中一个问题，这里显示它的位置、原文和规则。"
                            "按 F8 / Shift+F8 逐个查看。</span>")

    @staticmethod
    def _detail_html(f: Finding, index) -> str:
        e = lambda s: html.escape(s or "", quote=False)  # noqa: E731
        place = index.data(PlaceRole) or ""
        rows = [f"<b>位置：</b>{e(place)}"]
        if f.excerpt:
            rows.append(f"<b>原文：</b>{e(f.excerpt)}")
        from .rules_catalog import rule_title
        title = rule_title(f.rule)
        rows.append(f"<span style='color:#666'>规则 {e(f.rule)}{('：' + e(title)) if title else ''}</span>")
        return "<br>".join(rows)

    def _current(self):
        idx = self.list.currentIndex()
        return (idx, idx.data(FindingRole)) if idx.isValid() else (idx, None)

    def _toggle_ignore(self) -> None:
        idx, f = self._current()
        if f is not None:
            self.ignoreRequested.emit(f, not bool(idx.data(IgnoredRole)))
        else:
            self.ignore_button.setChecked(False)

    def _toggle_modified(self) -> None:
        idx, f = self._current()
        if f is not None:
            self.modifiedRequested.emit(f, not bool(idx.data(ModifiedRole)))
        else:
            self.modified_button.setChecked(False)

    def _toggle_ignore_key(self) -> None:
        if self.ignore_button.isEnabled():
            self._toggle_ignore()

    def _toggle_modified_key(self) -> None:
        if self.modified_button.isEnabled():
            self._toggle_modified()

    def copy_excerpt(self) -> None:
        _idx, f = self._current()
        if f is None:
            return
        text = _excerpt_for_search(f.excerpt)
        if not text:
            self.message.emit("这个问题没有原文片段可复制")
            return
        QGuiApplication.clipboard().setText(text)
        short = text if len(text) <= 24 else text[:24] + "…"
        self.message.emit(f"已复制原文“{short}”，可在 WPS/Word 里按 Ctrl+F 查找")

    def _context_menu(self, pos) -> None:
        idx = self.list.indexAt(pos)
        if not idx.isValid():
            return
        self.list.setCurrentIndex(idx)
        menu = QMenu(self)
        ignored = bool(idx.data(IgnoredRole))
        modified = bool(idx.data(ModifiedRole))
        menu.addAction("取消忽略" if ignored else "忽略此问题（不是问题）").triggered.connect(self._toggle_ignore)
        menu.addAction("取消已修改" if modified else "标为已修改").triggered.connect(self._toggle_modified)
        copy = menu.addAction("复制原文")
        copy.setEnabled(self.copy_button.isEnabled())
        copy.triggered.connect(self.copy_excerpt)
        menu.exec(self.list.viewport().mapToGlobal(pos))
