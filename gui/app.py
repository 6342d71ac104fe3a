"""Start the desktop app: ``nianbao [FILE]`` or ``python3 -m gui.app [FILE]``.

Sets up the QApplication (name, Chinese font), the log file, a last-resort
exception hook (log + dialog, the app keeps running) and opens FILE if given.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from .strings import APP_NAME, FONT_FAMILIES, ORG_NAME, SETTINGS_APP

log = logging.getLogger("gui")


def log_path() -> str:
    try:
        from platformdirs import user_log_dir
        folder = user_log_dir("nianbao", appauthor=False)
    except ImportError:
        folder = os.path.join(os.path.expanduser("~"), ".nianbao", "logs")
    return os.path.join(folder, "nianbao.log")


def setup_logging() -> str:
    path = log_path()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler, path = logging.StreamHandler(), ""
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def pick_font() -> QFont | None:
    families = set(QFontDatabase.families())
    for name in FONT_FAMILIES:
        if name in families:
            font = QFont(name)
            font.setPointSizeF(max(QApplication.font().pointSizeF(), 10.0))
            return font
    return None


def install_excepthook(log_file: str) -> None:
    """An unexpected error in a slot is logged and shown; the window stays open."""
    def hook(exc_type, exc, tb):
        log.error("未处理的错误", exc_info=(exc_type, exc, tb))
        app = QApplication.instance()
        if app is not None and not os.environ.get("NIANBAO_NO_DIALOGS"):
            QMessageBox.critical(app.activeWindow(), "程序出错",
                                 f"程序出了错，这不是您的文件的问题：{exc_type.__name__}\n\n"
                                 f"详细信息已记录在：\n{log_file}")
    sys.excepthook = hook


def install_chinese_translations(app: QApplication) -> bool:
    """Qt's own texts (file dialog, 是/否 buttons, context menus) in Simplified Chinese, whatever
    the system language: the bundle ships qtbase_zh_CN.qm for this."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", folder) and app.installTranslator(translator):
        app._zh_translator = translator  # keep it alive with the app
        return True
    log.warning("没有找到 Qt 的中文翻译（%s），标准对话框将显示英文", folder)
    return False


def make_app(argv: list[str]) -> QApplication:
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(SETTINGS_APP)
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationDisplayName(APP_NAME)
    if not getattr(app, "_zh_translator", None):
        install_chinese_translations(app)
    font = pick_font()
    if font is not None:
        app.setFont(font)
    return app


def main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    argv = list(sys.argv if argv is None else argv)
    log_file = setup_logging()
    app = make_app(argv)
    install_excepthook(log_file)
    from .main_window import MainWindow
    window = MainWindow(QSettings(), log_file=log_file)
    window.show()
    log.info("窗口已显示，用时 %.0f 毫秒", (time.perf_counter() - t0) * 1000)
    files = [a for a in argv[1:] if not a.startswith("-")]
    if files:
        window.open_file(files[0])
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
