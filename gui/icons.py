"""Status icons drawn at run time (no image files to ship): a coloured disc with a mark."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from .strings import STATUS_COLOR, STATUS_MARK, SEVERITY_FG

_SEVERITY_MARK = {"fail": "✘", "warn": "!", "info": "i"}


def _disc(color: str, mark: str, size: int = 32) -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    f = QFont()
    f.setBold(True)
    f.setPixelSize(int(size * 0.62))
    p.setFont(f)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, mark)
    p.end()
    return pm


@lru_cache(maxsize=None)
def status_icon(status: str) -> QIcon:
    return QIcon(_disc(STATUS_COLOR[status], STATUS_MARK[status]))


@lru_cache(maxsize=None)
def severity_icon(severity: str) -> QIcon:
    return QIcon(_disc(SEVERITY_FG[severity], _SEVERITY_MARK[severity]))
