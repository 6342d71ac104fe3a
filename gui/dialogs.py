"""Message boxes whose texts carry file names: always escaped, never guessed as rich text.

QMessageBox shows its text as rich text when the first line *looks* like HTML, so a draft named
``<b>年报</b>.docx`` would be rendered bold (or worse).  ``rich(text)`` escapes everything and
marks the text as HTML explicitly, so what the clerk sees is exactly the file name.
"""
from __future__ import annotations

import html
import os

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def esc(text) -> str:
    return html.escape(str(text or ""), quote=False)


def rich(text: str) -> str:
    """Plain ``text`` (with \\n line breaks) as safe rich text for QMessageBox/QLabel."""
    return "<p>" + esc(text).replace("\n", "<br>") + "</p>"


def warning(parent: QWidget | None, title: str, text: str):
    return QMessageBox.warning(parent, title, rich(text))


def critical(parent: QWidget | None, title: str, text: str):
    return QMessageBox.critical(parent, title, rich(text))


def ask_overwrite(parent: QWidget | None, path: str) -> bool:
    """“…已经存在，要覆盖它吗？” with 否 as the default answer."""
    answer = QMessageBox.question(
        parent, "文件已存在", rich(f"“{os.path.basename(path)}”已经存在，要覆盖它吗？\n\n位置：{os.path.dirname(path)}"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_yes_no(parent: QWidget | None, title: str, text: str, default_yes: bool = False) -> bool:
    default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, rich(text),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, default)
    return answer == QMessageBox.StandardButton.Yes


def open_file(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def open_folder(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(os.path.abspath(path))))


def show_saved(parent: QWidget | None, title: str, what: str, path: str) -> QMessageBox:
    """A window-modal (not blocking) note that ``path`` was saved, with 打开文件 / 打开所在文件夹."""
    box = QMessageBox(QMessageBox.Icon.Information, title,
                      rich(f"{what}已保存：\n{os.path.basename(path)}\n\n位置：{os.path.dirname(path)}"),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("savedDialog")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    open_button = box.addButton("打开文件", QMessageBox.ButtonRole.AcceptRole)
    open_button.setObjectName("openFile")
    folder_button = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    folder_button.setObjectName("openFolder")
    close_button = box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    close_button.setObjectName("close")
    box.setDefaultButton(close_button)
    box.setEscapeButton(close_button)
    box.saved_path = path

    def clicked(button) -> None:
        if button is open_button:
            open_file(path)
        elif button is folder_button:
            open_folder(path)
    box.buttonClicked.connect(clicked)
    box.open()
    return box
