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


USAGE = """用法：nianbao [草稿文件]

打开“年报检查”窗口；给出草稿文件（.docx、.pdf、.txt、.md）时直接检查它。

选项：
  -h, --help      显示本说明并退出
  -V, --version   显示版本号并退出
  --self-test     不打开窗口，检查程序自带的示例草稿并导出整改清单到临时文件夹，通过时退出码为 0

命令行检查（不需要图形界面）：nianbao-check check 草稿.docx
"""

# exit code when the app cannot open a window (no graphical session, Qt cannot start)
EXIT_NO_DISPLAY = 3


def app_version() -> str:
    """The version: the bundle's VERSION file next to the program, else core.__version__."""
    if getattr(sys, "frozen", False):
        try:
            path = os.path.join(os.path.dirname(os.path.abspath(sys.executable)), "VERSION")
            with open(path, encoding="utf-8") as f:
                return f.read().strip()
        except OSError:
            pass
    from core import __version__
    return __version__


def _platform_requested(argv: list[str]) -> str:
    """The Qt platform plugin asked for with ``-platform NAME`` or QT_QPA_PLATFORM ("" = default)."""
    for i, arg in enumerate(argv[1:], 1):
        if arg in ("-platform", "--platform") and i + 1 < len(argv):
            return argv[i + 1].split(":")[0]
        if arg.startswith(("-platform=", "--platform=")):
            return arg.split("=", 1)[1].split(":")[0]
    return os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]


NO_DISPLAY_HINT = ("可以不打开窗口运行“nianbao --self-test”检查程序本身是否正常，"
                   "或用“nianbao-check check 草稿.docx”在命令行检查草稿。")


def no_display_reason(argv: list[str]) -> str | None:
    """Why a window cannot be opened, before Qt tries (and aborts): on Linux with neither an X11
    nor a Wayland session.  None where a window can be tried."""
    if not sys.platform.startswith("linux"):
        return None
    platform = _platform_requested(argv)
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, minimal, vnc, eglfs …: no desktop session needed
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "没有图形界面：没有找到桌面会话（环境变量 DISPLAY 和 WAYLAND_DISPLAY 都没有设置），无法打开窗口。"


def _say_cannot_start(reason: str) -> None:
    try:
        sys.stderr.write(f"年报检查无法启动。{reason}\n{NO_DISPLAY_HINT}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _guard_qt_start(argv: list[str]):
    """Turn Qt's fatal "no Qt platform plugin could be initialized" (which aborts the process with
    a misleading hint about xcb-cursor0) into a plain Chinese message and exit code EXIT_NO_DISPLAY.
    Returns a function that removes the guard."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    seen: list[str] = []
    requested = _platform_requested(argv)

    def handler(mode, context, message):
        seen.append(message)
        if mode == QtMsgType.QtFatalMsg:
            if requested and not requested.startswith(("xcb", "wayland")):
                reason = f"指定的 Qt 图形组件“{requested}”无法启动（QT_QPA_PLATFORM 或 -platform）。"
            elif any("could not connect to display" in m for m in seen):
                display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or ""
                reason = f"连接不上图形界面（DISPLAY={display}）：桌面会话不存在或不允许本用户使用。"
            elif "platform plugin" in message:
                reason = ("图形界面组件无法启动：可能缺少系统库（例如 libxcb-cursor0、libxkbcommon-x11-0），"
                          "请用 apt 重新安装 nianbao 软件包。")
            else:
                reason = f"Qt 报告了错误：{message}"
            _say_cannot_start(reason)
            logging.shutdown()
            os._exit(EXIT_NO_DISPLAY)
        elif mode != QtMsgType.QtDebugMsg:
            log.warning("Qt: %s", message)

    qInstallMessageHandler(handler)
    return lambda: qInstallMessageHandler(None)


def main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    argv = list(sys.argv if argv is None else argv)
    options = argv[1:]
    if "-h" in options or "--help" in options:
        print(USAGE, end="")
        return 0
    if "-V" in options or "--version" in options:
        print(f"{APP_NAME} {app_version()}")
        return 0
    if "--self-test" in options:
        from core.selftest import main as selftest
        return selftest()
    first_app = QApplication.instance() is None
    if first_app:
        reason = no_display_reason(argv)
        if reason:
            _say_cannot_start(reason)
            return EXIT_NO_DISPLAY
    log_file = setup_logging()
    unguard = _guard_qt_start(argv) if first_app else None
    app = make_app(argv)
    if unguard:
        unguard()
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
