"""One problem drawn as a card in the list: severity badge, category and section, the place, the
message and the suggestion, wrapped to the width of the list.

    [错误] 勾稽关系 · 三、收到和处理政府信息公开申请情况            [已忽略]
    表三“（七）总计”行“总计”列等 20 格
    表三“总计”列：（三）4.保护第三方合法权益 1 + （四）1.本机关不掌握相关政府信息 3 …
    建议：请逐项核对这些数字，使（七）总计等于（一）至（六）各项之和。

A card shows up to three lines of the message and two of the suggestion (the rest ends in "…");
the selected card shows everything.  The badge and the mark (已忽略 / 已修改) are never cut: they
are measured first and the category line gives way.  Heights are computed from the list's width
with the same line breaking the painting uses, and cached per finding and width.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from core.findings import CATEGORY_CN, SEVERITY_CN
from core.presentation import section_label

from .problem_model import CardRole, FingerprintRole
from .strings import SEVERITY_FG

MARGIN_X, MARGIN_Y = 4, 3      # around a card
PAD = 8                        # inside a card
STRIPE = 4                     # the severity colour on the left edge
GAP = 3                        # between the parts of a card
MSG_LINES, SUGGESTION_LINES, PLACE_LINES = 3, 2, 2

MARK_TAG = {"ignored": ("已忽略", "#7a7a7a"), "modified": ("已修改 ✔", "#1b7f3b")}
LINE_SEP = "\u2028"


def _utf16_to_index(text: str):
    """Map UTF-16 offsets (QTextLayout's) to Python indices; identity for BMP-only text."""
    if not text or max(text) < "\U00010000":
        return lambda i: i
    table, u = [], 0
    for i, c in enumerate(text):
        table.append((u, i))
        u += 2 if ord(c) >= 0x10000 else 1
    table.append((u, len(text)))
    lookup = dict(table)
    return lambda i: lookup.get(i, len(text))


def wrap_lines(text: str, font: QFont, width: float, max_lines: int | None) -> list[str]:
    """``text`` broken into lines of at most ``width`` pixels (Chinese breaks between characters,
    other scripts at word boundaries); beyond ``max_lines`` the last line ends in "…"."""
    text = " ".join(p.strip() for p in (text or "").splitlines() if p.strip()) if "\n" in (text or "") else (text or "")
    if not text or width <= 0:
        return []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
        if max_lines and len(spans) > max_lines:
            break
    layout.endLayout()
    to_py = _utf16_to_index(text)
    lines = [text[to_py(s):to_py(s + n)].rstrip() for s, n in spans]
    if max_lines and len(spans) > max_lines:
        lines = lines[:max_lines]
        rest = text[to_py(spans[max_lines - 1][0]):]
        lines[-1] = QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


class _Card:
    """The measured parts of one card at one width."""

    def __init__(self, delegate: "CardDelegate", index: QModelIndex, width: float, font: QFont, expanded: bool,
                 data: tuple | None = None):
        f, _key, _fp, _mark, place = data or index.data(CardRole)
        self.finding = f
        self.fonts = delegate.fonts(font)
        base, small, bold = self.fonts
        inner = max(40.0, width - 2 * MARGIN_X - 2 * PAD - STRIPE)
        self.inner = inner
        fm_small = QFontMetricsF(small)
        self.header_h = fm_small.height() + 4
        self.place = wrap_lines(place or "", small, inner, None if expanded else PLACE_LINES)
        self.message = wrap_lines(f.message if f else "", base, inner, None if expanded else MSG_LINES)
        suggestion = f"建议：{f.suggestion}" if f is not None and f.suggestion else ""
        self.suggestion = wrap_lines(suggestion, base, inner, None if expanded else SUGGESTION_LINES)
        self.small_ls = fm_small.lineSpacing()
        self.ls = QFontMetricsF(base).lineSpacing()
        h = MARGIN_Y + PAD + self.header_h
        if self.place:
            h += GAP + len(self.place) * self.small_ls
        if self.message:
            h += GAP + len(self.message) * self.ls
        if self.suggestion:
            h += GAP + len(self.suggestion) * self.ls
        self.height = int(h + PAD + MARGIN_Y + 0.999)


def header_geometry(card: QRectF, f, mark: str, c: _Card) -> dict:
    """Where the header's parts go: the badge and the mark tag at their full width (never cut),
    the category · section line elided into what is left between them."""
    base, small, bold = c.fonts
    fm_bold = QFontMetricsF(bold)
    x = card.left() + STRIPE + PAD
    y = card.top() + PAD
    right = card.right() - PAD
    badge_text = SEVERITY_CN.get(f.severity, f.severity)
    badge = QRectF(x, y, fm_bold.horizontalAdvance(badge_text) + 12, c.header_h)
    tag, tag_text, tag_left = None, "", right
    if mark:
        tag_text = MARK_TAG[mark][0]
        tw = fm_bold.horizontalAdvance(tag_text) + 12
        tag = QRectF(max(badge.right() + 6, right - tw), y, tw, c.header_h)
        tag_left = tag.left() - 6
    head_x = badge.right() + 8
    head_w = max(0.0, tag_left - head_x)
    head = f"{CATEGORY_CN.get(f.category, f.category)} · {section_label(f.section)}"
    head_text = QFontMetricsF(small).elidedText(head, Qt.TextElideMode.ElideRight, head_w)
    return {"x": x, "y": y, "badge": badge, "badge_text": badge_text, "tag": tag, "tag_text": tag_text,
            "head": QRectF(head_x, y, head_w, c.header_h), "head_text": head_text}


class CardDelegate(QStyledItemDelegate):
    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self._cache: dict[tuple, _Card] = {}
        self.expanded = ""          # fingerprint of the card shown in full (the current one)

    # ---- fonts and sizes
    @staticmethod
    def fonts(font: QFont) -> tuple[QFont, QFont, QFont]:
        base = QFont(font)
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(max(8.0, font.pointSizeF() * 0.9))
        bold = QFont(small)
        bold.setBold(True)
        return base, small, bold

    def width(self) -> int:
        return max(200, self.view.viewport().width())

    def clear_cache(self) -> None:
        self._cache.clear()

    def set_expanded(self, index: QModelIndex) -> None:
        """Show the card at ``index`` in full (and the previous one folded again)."""
        fp = index.data(FingerprintRole) if index is not None and index.isValid() else ""
        if fp == self.expanded:
            return
        old = self.expanded
        self.expanded = fp or ""
        model = self.view.model()
        for key in (old, self.expanded):
            if not key or model is None:
                continue
            for row in range(model.rowCount()):
                idx = model.index(row, 0)
                if idx.data(FingerprintRole) == key:
                    self.sizeHintChanged.emit(idx)
                    break

    def card(self, index: QModelIndex, width: float, font: QFont, data: tuple | None = None) -> _Card:
        """The measured card; kept across results (a re-check mostly finds the same problems)."""
        data = data or index.data(CardRole)
        _f, card_key, fp, _mark, _place = data
        key = (card_key, int(width), fp == self.expanded, font.key())
        c = self._cache.get(key)
        if c is None:
            if len(self._cache) > 20000:
                self._cache.clear()
            c = self._cache[key] = _Card(self, index, width, font, key[2], data)
        return c

    def sizeHint(self, option, index) -> QSize:
        width = self.width()
        return QSize(width, self.card(index, width, option.font).height)

    # ---- painting
    def paint(self, painter: QPainter, option, index) -> None:
        data = index.data(CardRole)
        if data is None:
            return super().paint(painter, option, index)
        f, _key, _fp, mark, _place = data
        rect = QRectF(option.rect)
        c = self.card(index, rect.width(), option.font, data)
        base, small, bold = c.fonts
        ignored = mark == "ignored"
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = rect.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
        bg = "#e8f1fd" if selected else "#f3f3f3" if ignored else "#ffffff"
        border = QColor("#1d5fbf") if selected else QColor("#9fb3c8") if hover else QColor("#d4d4d4")
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        sev_color = QColor("#a0a0a0") if ignored else QColor(SEVERITY_FG.get(f.severity, "#666666"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(sev_color)
        painter.drawRoundedRect(QRectF(card.left() + 1, card.top() + 1, STRIPE, card.height() - 2), 2, 2)

        h = header_geometry(card, f, mark, c)
        x, y = h["x"], h["y"]
        painter.setBrush(sev_color)
        painter.drawRoundedRect(h["badge"], 3, 3)
        painter.setPen(QColor("white"))
        painter.setFont(bold)
        painter.drawText(h["badge"], Qt.AlignmentFlag.AlignCenter, h["badge_text"])
        if mark:
            color = MARK_TAG[mark][1]
            painter.setPen(QPen(QColor(color), 1))
            painter.setBrush(QColor("white"))
            painter.drawRoundedRect(h["tag"], 3, 3)
            painter.setPen(QColor(color))
            painter.drawText(h["tag"], Qt.AlignmentFlag.AlignCenter, h["tag_text"])
        painter.setFont(small)
        fm_small = QFontMetricsF(small)
        painter.setPen(QColor("#555555"))
        painter.drawText(h["head"], Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, h["head_text"])
        y += c.header_h
        if c.place:
            y += GAP
            painter.setPen(QColor("#666666"))
            for line in c.place:
                painter.drawText(QPointF(x, y + fm_small.ascent()), line)
                y += c.small_ls
        fm = QFontMetricsF(base)
        if c.message:
            y += GAP
            font = QFont(base)
            font.setStrikeOut(ignored)
            painter.setFont(font)
            painter.setPen(QColor("#8a8a8a") if ignored else QColor("#1a1a1a"))
            for line in c.message:
                painter.drawText(QPointF(x, y + fm.ascent()), line)
                y += c.ls
        if c.suggestion:
            y += GAP
            painter.setFont(base)
            painter.setPen(QColor("#9a9a9a") if ignored else QColor("#2d5a7b"))
            for line in c.suggestion:
                painter.drawText(QPointF(x, y + fm.ascent()), line)
                y += c.ls
        painter.restore()
