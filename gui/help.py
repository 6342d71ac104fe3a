"""帮助: 使用说明 (what each marker, severity, category and mark means), 检查规则 (the rule catalogue
with each rule's explanation) and 关于 (the version)."""
from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QSplitter, QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

import core
from core.findings import CATEGORIES, CATEGORY_CN, SEVERITIES, SEVERITY_CN

from . import rules_catalog
from .icons import severity_icon, status_icon
from .strings import APP_NAME, CATEGORY_HELP, MARKER_HELP, SEVERITY_HELP

e = lambda s: html.escape(str(s or ""), quote=False)  # noqa: E731

KEYS = [
    ("Ctrl+O", "打开草稿（也可以把文件拖进窗口）"),
    ("F5", "重新检查（草稿在 WPS/Word 里保存后会自动重新检查）"),
    ("F8 / Shift+F8", "下一个 / 上一个问题（在窗口的任何地方都可以按）"),
    ("Ctrl+G", "忽略选中的问题（再按一次取消）"),
    ("Ctrl+M", "把选中的问题标为已修改（再按一次取消）"),
    ("Ctrl+C", "在问题清单里：复制选中问题的原文片段"),
    ("Ctrl+E", "导出整改清单（Excel）"),
    ("Ctrl+Shift+E", "导出批注版（在草稿副本上标出每个问题）"),
    ("Esc", "取消正在进行的检查"),
    ("Alt+1 … Alt+4", "转到 章节 / 文档 / 原文 / 问题清单"),
    ("F1", "本说明"),
]


def usage_html() -> str:
    def row(icon: str, text: str) -> str:
        head, _, rest = text.partition("：")
        return (f"<tr><td width='28'><img src='{icon}' width='20' height='20'></td>"
                f"<td><b>{e(head)}</b>：{e(rest)}</td></tr>")
    markers = "".join(row(f"marker:{k}", MARKER_HELP[k]) for k in ("pass", "info", "warn", "fail"))
    severities = "".join(row(f"severity:{s}", SEVERITY_HELP[s]) for s in SEVERITIES)
    categories = "".join(f"<tr><td><b>{e(CATEGORY_CN[c])}</b></td><td>{e(CATEGORY_HELP.get(c, ''))}</td></tr>"
                         for c in CATEGORIES)
    keys = "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in KEYS)
    return f"""
<h2>怎样使用“{e(APP_NAME)}”</h2>
<ol>
<li>点“打开”选择年报草稿（Word/WPS 的 .docx、PDF 或 .txt），或把文件拖进窗口。</li>
<li>左边是六个部分各自的结论，点一个部分只看它的问题；右边是问题清单，每张卡片写明
问题在哪里、是什么、怎么改。点卡片（或按 F8）文档会跳到问题所在处并高亮。</li>
<li>在 WPS/Word 里改好草稿并保存，程序会自动重新检查；也可以按 F5。</li>
<li>需要同事修改时，“导出整改清单”存成 Excel，或“导出批注版”在草稿副本上逐条加批注。</li>
</ol>
<p>程序从不修改您打开的草稿，也不联网。</p>
<h3>各部分的标记</h3><table cellspacing='4'>{markers}</table>
<h3>问题的程度</h3><table cellspacing='4'>{severities}</table>
<h3>您自己的标记</h3>
<table cellspacing='4'>
<tr><td><b>忽略</b></td><td>这一条不是问题（例如本机关确实如此）。不再计数，整改清单里不列（导出时可以另列在“已忽略”表里）。
勾选“显示已忽略”可以找回并取消忽略。</td></tr>
<tr><td><b>已修改</b></td><td>已经在草稿里改好了，还没重新检查。卡片上显示“已修改 ✔”，整改清单的“整改状态”写“已整改”。
保存草稿后重新检查，真正改好的问题会从清单里消失。</td></tr>
</table>
<p>标记按报告（机关、年度、标题）保存：重新检查、重新打开程序、把草稿另存为“v2”后都还在。</p>
<h3>问题的类别</h3><table cellspacing='4'>{categories}</table>
<h3>快捷键</h3><table cellspacing='4'>{keys}</table>
<h3>位置怎么看</h3>
<p>表格里的问题写成“表三‘（七）总计’行‘总计’列”，按统一格式的表名和行列名称找；正文里的问题写出所在部分
和这一段开头的几个字（PDF 和文本文件还写页码或行号）；缺少的内容写明应该补在哪里。</p>
"""


class UsageDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        doc = self.browser.document()
        for key in ("pass", "warn", "fail"):
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"marker:{key}"),
                            status_icon(key).pixmap(QSize(20, 20)))
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("marker:info"),
                        severity_icon("info").pixmap(QSize(20, 20)))
        for s in SEVERITIES:
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"severity:{s}"),
                            severity_icon(s).pixmap(QSize(20, 20)))
        self.browser.setHtml(usage_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser, 1)
        lay.addWidget(buttons)
        self.resize(760, 640)


class RulesDialog(QDialog):
    """Every rule, grouped by category, with its explanation; the catalogue loads off the UI thread."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("检查规则")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("查找规则：编号、标题或说明里的字，例如“总计”“ARI001”")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["编号", "程度", "规则"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(self._show)
        self.doc = QTextBrowser(self)
        self.doc.setOpenLinks(False)
        self.count = QLabel("正在载入规则目录…", self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tree)
        split.addWidget(self.doc)
        split.setSizes([430, 430])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(buttons)
        self.resize(920, 620)
        self.rules: list = []
        rules_catalog.when_loaded(self.set_rules)

    def set_rules(self, rules) -> None:
        if self.rules:
            return
        self.rules = list(rules or [])
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for r in self.rules:
            g = groups.get(r.category)
            if g is None:
                g = groups[r.category] = QTreeWidgetItem(self.tree, [CATEGORY_CN.get(r.category, r.category)])
                g.setFirstColumnSpanned(True)
                font = g.font(0)
                font.setBold(True)
                g.setFont(0, font)
            item = QTreeWidgetItem(g, [r.id, SEVERITY_CN.get(r.severity, r.severity), r.title])
            item.setIcon(1, severity_icon(r.severity))
            item.setData(0, Qt.ItemDataRole.UserRole, r)
        self.tree.expandAll()
        for c in range(3):
            self.tree.resizeColumnToContents(c)
        self.count.setText(f"共 {len(self.rules)} 条规则" if self.rules else "规则目录载入失败（详见日志）")
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self.tree.setCurrentItem(first.child(0))

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        shown = 0
        for i in range(self.tree.topLevelItemCount()):
            g = self.tree.topLevelItem(i)
            any_shown = False
            for j in range(g.childCount()):
                item = g.child(j)
                r = item.data(0, Qt.ItemDataRole.UserRole)
                hit = not text or any(text in (x or "").lower() for x in (r.id, r.title, r.doc))
                item.setHidden(not hit)
                any_shown |= hit
                shown += hit
            g.setHidden(not any_shown)
        self.count.setText(f"找到 {shown} 条" if text else f"共 {len(self.rules)} 条规则")
        current = self.tree.currentItem()
        if current is None or current.isHidden() or (current.parent() is not None and current.parent().isHidden()):
            first = next((g.child(j) for i in range(self.tree.topLevelItemCount())
                          if not (g := self.tree.topLevelItem(i)).isHidden()
                          for j in range(g.childCount()) if not g.child(j).isHidden()), None)
            if first is not None:
                self.tree.setCurrentItem(first)
            else:
                self.doc.clear()

    def _show(self, item, _previous=None) -> None:
        r = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if r is None:
            self.doc.clear()
            return
        paras = []
        for line in (r.doc or "").strip().splitlines():
            head, sep, rest = line.partition("：")
            if sep and head in ("说明", "依据", "例", "正确写法"):
                paras.append(f"<p><b>{e(head)}</b>：{e(rest)}</p>")
            elif line.strip():
                paras.append(f"<p>{e(line)}</p>")
        self.doc.setHtml(f"<h3>{e(r.id)} {e(r.title)}</h3>"
                         f"<p>类别：{e(CATEGORY_CN.get(r.category, r.category))}　"
                         f"程度：{e(SEVERITY_CN.get(r.severity, r.severity))}</p>" + "".join(paras))


def about_text() -> str:
    return (f"<h3>{e(APP_NAME)} {e(core.__version__)}</h3>"
            "<p>检查《政府信息公开工作年度报告》草稿是否符合国办公开办函〔2021〕30号统一格式。</p>"
            "<p>全程离线运行，从不修改您打开的草稿。</p>")


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, f"关于{APP_NAME}", about_text())
