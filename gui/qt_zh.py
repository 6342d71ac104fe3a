"""Qt's own texts in Simplified Chinese where Qt's qtbase_zh_CN.qm falls short.

gui/app.py loads qtbase_zh_CN.qm; with PySide6 6.12 that catalogue still misses a few strings the
widget file dialog (QFileDialog with DontUseNativeDialog, the one used on UOS/Kylin and in tests)
shows: "&Look in:", "Files of &type:" (their source texts gained an ``&`` in Qt 6) and the "Folder"
/ "%1 File" type names of QAbstractFileIconProvider.  ``install()`` makes sure the catalogue is loaded (also in an app not started by gui.app) and adds
a small translator for
exactly those, installed after the catalogue so it is asked first, and answering "" (not
translated here: a null string) for everything else so the catalogue's own translations still apply.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

# (context, source text) -> Chinese; the disambiguation is ignored
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Save &as:"): "另存为(&A)：",
    ("QFileDialog", "Directory"): "文件夹",
    ("QFileDialog", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File Folder"): "文件夹",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
    ("QAbstractFileIconProvider", "Alias"): "别名",
    ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
    ("QFileSystemModel", "Folder"): "文件夹",
    ("QFileSystemModel", "%1 File"): "%1 文件",
}


class SupplementTranslator(QTranslator):
    """Answers only the strings in MISSING; None (a null QString — "" would be taken as a translation)
    lets Qt ask the next translator (qtbase_zh_CN)."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401  (Qt virtual)
        return MISSING.get((context or "", source or ""))   # None: a null QString, "not mine"

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication | None = None) -> bool:
    """Install the supplement once per application; True if it is installed."""
    app = app or QCoreApplication.instance()
    if app is None:
        return False
    if getattr(app, "_zh_supplement", None) is not None:
        return True
    if getattr(app, "_zh_translator", None) is None:
        # an app not made by gui.app.make_app (tests, tools): Qt's own catalogue first
        from .app import install_chinese_translations
        install_chinese_translations(app)
    translator = SupplementTranslator(app)
    if not app.installTranslator(translator):
        log.warning("无法安装 Qt 中文补充翻译")
        return False
    app._zh_supplement = translator  # keep it alive with the app
    return True
