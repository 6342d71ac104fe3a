"""What the window shows before a draft is open: what to do, in large letters.

    年报检查
    检查《政府信息公开工作年度报告》草稿是否符合 2021 年统一格式
    [  打开草稿…  ]
    ┌ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ┐
      或者把草稿文件拖到这里（.docx / .pdf / .txt）
    └ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ┘
    最近打开
      年报.docx   D:\\年报\\2024
"""
from __future__ import annotations

import html
import os

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QSizePolicy, QVBoxLayout, QWidget)

from .strings import APP_NAME

DROP_STYLE = ("#dropZone {{ border: 2px dashed {color}; border-radius: 10px; background: {bg}; }}"
              "#dropZone QLabel {{ color: #445; font-size: 12pt; background: transparent; border: none; }}")


class EmptyState(QWidget):
    openRequested = Signal()
    recentChosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        title = QLabel(APP_NAME, self)
        title.setObjectName("emptyTitle")
        title.setStyleSheet("#emptyTitle { font-size: 22pt; font-weight: bold; color: #1d3f6e; }")
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        subtitle = QLabel("检查《政府信息公开工作年度报告》草稿是否符合统一格式（国办公开办函〔2021〕30号），\n"
                          "逐条指出问题在哪里、怎么改。", self)
        subtitle.setWordWrap(True)
        subtitle.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        subtitle.setStyleSheet("color: #444; font-size: 11pt;")
        self.open_button = QPushButton("打开草稿…", self)
        self.open_button.setObjectName("bigOpen")
        self.open_button.setToolTip("选择 Word/WPS 的 .docx、PDF 或 .txt 草稿（Ctrl+O）")
        self.open_button.setMinimumSize(QSize(260, 56))
        self.open_button.setStyleSheet(
            "#bigOpen { font-size: 15pt; font-weight: bold; color: white; background: #1d5fbf;"
            " border: none; border-radius: 8px; padding: 8px 28px; }"
            "#bigOpen:hover { background: #2a6fd6; } #bigOpen:pressed { background: #174c99; }")
        self.open_button.clicked.connect(self.openRequested)
        self.drop_zone = QFrame(self)
        self.drop_zone.setObjectName("dropZone")
        self.drop_zone.setMinimumHeight(96)
        drop_label = QLabel("或者把草稿文件拖到这里\n（.docx / .pdf / .txt，Word、WPS 保存的都可以）", self.drop_zone)
        drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dl = QVBoxLayout(self.drop_zone)
        dl.addWidget(drop_label)
        self.set_drag_active(False)
        self.recent_title = QLabel("最近打开", self)
        self.recent_title.setStyleSheet("font-weight: bold; color: #333; font-size: 11pt;")
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentList")
        self.recent.setAccessibleName("最近打开的草稿")
        self.recent.setStyleSheet("#recentList { border: 1px solid #d6d6d6; background: white; }"
                                  "#recentList::item { border-bottom: 1px solid #eeeeee; }"
                                  "#recentList::item:hover { background: #eef4fc; }")
        self.recent.itemActivated.connect(self._chosen)
        self.recent.itemClicked.connect(self._chosen)
        hint = QLabel("不知道从哪里开始？看“帮助 → 使用说明”（F1）。程序从不修改您的草稿，也不联网。", self)
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        hint.setStyleSheet("color: #666;")
        column = QWidget(self)
        column.setMaximumWidth(720)
        column.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        c = QVBoxLayout(column)
        c.setSpacing(12)
        c.addStretch(1)
        c.addWidget(title)
        c.addWidget(subtitle)
        c.addSpacing(8)
        c.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        c.addWidget(self.drop_zone)
        c.addSpacing(4)
        c.addWidget(self.recent_title)
        c.addWidget(self.recent)
        c.addWidget(hint)
        c.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 6)
        outer.addStretch(1)

    def set_drag_active(self, on: bool) -> None:
        self.drop_zone.setStyleSheet(DROP_STYLE.format(color="#1d5fbf" if on else "#9db3cf",
                                                       bg="#e3edfb" if on else "#f6f9fd"))

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            name, folder = os.path.basename(p), os.path.dirname(p)
            exists = os.path.exists(p)
            item = QListWidgetItem(self.recent)
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p if exists else f"{p}（文件已不在原处）")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}，{folder}")
            label = QLabel(self.recent)
            label.setTextFormat(Qt.TextFormat.RichText)
            missing = "" if exists else "　<span style='color:#b00'>（文件已不在原处）</span>"
            label.setText(f"<b>{html.escape(name, quote=False)}</b>{missing}<br>"
                          f"<span style='color:#666'>{html.escape(folder, quote=False)}</span>")
            label.setContentsMargins(8, 4, 8, 4)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(label.sizeHint())
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.setItemWidget(item, label)
        has = bool(paths)
        rows = sum(self.recent.sizeHintForRow(i) for i in range(self.recent.count()))
        self.recent.setMaximumHeight(rows + 2 * self.recent.frameWidth() + 4)
        self.recent.setVisible(has)
        self.recent_title.setVisible(has)

    def _chosen(self, item) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path and os.path.exists(path):
            self.recentChosen.emit(path)
