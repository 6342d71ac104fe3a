"""The clerk's review pane on real drafts: cards, counts that filter, F8, marks, places, flow.

Each test is about one thing a clerk met (issue 11) and fails without its fix.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core import presentation  # noqa: E402
from gui.icons import severity_icon  # noqa: E402
from gui.problem_card import _Card, header_geometry  # noqa: E402
from gui.problem_model import FindingRole, PlaceRole  # noqa: E402
from gui.section_model import MarkerRole  # noqa: E402
from tests.test_gui_window import (WAIT_MS, dialogs, make_window, open_and_wait, settings,  # noqa: E402,F401
                                   window)

FIX = Path(__file__).parent / "fixtures"
MANY = FIX / "corpus" / "11_pingtan-haitanpianqu_2022.docx"      # 9 problems: 6 错误, 3 警告
CLEAN = FIX / "seeds" / "002.docx"                                # no problem at all
ONLY_INFO = FIX / "seeds" / "003.docx"                            # 一 has only a 提示
SEED_DOCX = FIX / "seeds" / "000.docx"


def rows(w) -> list:
    p = w.problems.proxy
    return [p.index(r, 0).data(FindingRole) for r in range(p.rowCount())]


def recheck_and_wait(qtbot, w) -> None:
    old = w.result
    w.recheck()
    qtbot.waitUntil(lambda: w.result is not old and not w.runner.busy, timeout=WAIT_MS)


# ------------------------------------------------------------------ cards
def test_cards_wrap_in_the_list_and_show_the_place_in_words(qtbot, window):
    open_and_wait(qtbot, window, MANY)
    report = window.result.report
    view = window.problems.list
    proxy = window.problems.proxy
    assert proxy.rowCount() == 9
    font_h = view.fontMetrics().height()
    heights = [view.visualRect(proxy.index(r, 0)).height() for r in range(3)]
    assert all(h > 3 * font_h for h in heights), "a card shows more than one line of text"
    for r in range(proxy.rowCount()):
        idx = proxy.index(r, 0)
        f = idx.data(FindingRole)
        assert idx.data(PlaceRole) == presentation.place(f, report)   # the words the CLI and Excel use
        assert "表格" not in idx.data(PlaceRole) or "第" not in idx.data(PlaceRole)
    places = [proxy.index(r, 0).data(PlaceRole) for r in range(proxy.rowCount())]
    assert any(p.startswith("表三“（七）总计”行“总计”列") for p in places), places


def test_docx_paragraph_place_names_the_section_and_first_words(qtbot, window):
    open_and_wait(qtbot, window, SEED_DOCX)
    places = [window.problems.proxy.index(r, 0).data(PlaceRole) for r in range(window.problems.proxy.rowCount())]
    assert any(p.startswith("一、总体情况，“") and p.endswith("一段") for p in places), places
    assert not any("第" in p and "段" in p and "“" not in p for p in places), "no bare 第N段"


def test_selected_card_shows_everything_and_badges_are_never_cut(qtbot, window):
    open_and_wait(qtbot, window, MANY)
    window.splitter.setSizes([215, 760, 380])     # a narrow list: the long message needs more than 3 lines
    qtbot.wait(50)
    p = window.problems
    long_row = max(range(p.proxy.rowCount()), key=lambda r: len(p.proxy.index(r, 0).data(FindingRole).message))
    idx = p.proxy.index(long_row, 0)
    f = idx.data(FindingRole)
    width = p.delegate.width()
    folded = p.delegate.card(idx, width, p.list.font())
    assert folded.message[-1].endswith("…"), "a long message is folded to three lines"
    p.select_row(long_row)
    full = p.delegate.card(idx, width, p.list.font())
    assert "".join(full.message).replace(" ", "") == f.message.replace(" ", "")
    qtbot.waitUntil(lambda: p.list.visualRect(p.proxy.index(long_row, 0)).height() == full.height, timeout=3000)
    window.set_ignored(f, True)
    p.show_ignored_box.setChecked(True)
    idx = p.proxy.mapFromSource(p.model.index(p.model.row_of(f.fingerprint())))
    for width in (300, 420, 800):      # a narrow panel too
        card = _Card(p.delegate, idx, width, p.list.font(), False)
        h = header_geometry(QRectF(0, 0, width, card.height), f, "ignored", card)
        assert h["badge_text"] == "警告" or h["badge_text"] == "错误"
        assert h["tag_text"] == "已忽略"
        assert h["tag"].left() >= h["badge"].right()
        assert h["tag"].right() <= width
        assert "…" not in h["badge_text"] + h["tag_text"]


def test_ignore_and_modified_buttons_stay_in_one_place(qtbot, window):
    open_and_wait(qtbot, window, MANY)
    p = window.problems
    spots = set()
    for r in range(p.proxy.rowCount()):
        p.select_row(r)
        qtbot.wait(10)
        spots.add((p.ignore_button.mapTo(window, p.ignore_button.rect().topLeft()).toTuple(),
                   p.modified_button.mapTo(window, p.modified_button.rect().topLeft()).toTuple(),
                   p.ignore_button.width()))
    assert len(spots) == 1, spots


# ------------------------------------------------------------------ counts that filter
@pytest.fixture(params=["qt-6.10", "older-qt"])
def filter_api(request, monkeypatch):
    """The filter works with Qt 6.10's begin/endFilterChange and without them (the glibc-2.31
    bundle ships PySide6 6.8)."""
    from gui import problem_filter
    if request.param == "older-qt":
        monkeypatch.setattr(problem_filter, "_NEW_FILTER_API", False)
    return request.param


def test_counts_per_severity_and_category_filter_on_click(qtbot, window, filter_api):
    open_and_wait(qtbot, window, MANY)
    p = window.problems
    chip = p._chips
    assert chip[("severity", "fail")].text() == "错误 6"
    assert chip[("severity", "warn")].text() == "警告 3"
    assert chip[("severity", "info")].text() == "提示 0" and not chip[("severity", "info")].isEnabled()
    qtbot.mouseClick(chip[("severity", "warn")], Qt.MouseButton.LeftButton)
    assert [f.severity for f in rows(window)] == ["warn"] * 3
    assert chip[("severity", "warn")].isChecked() and not chip[("severity", "")].isChecked()
    assert p.filter_bar.isVisible() and "警告" in p.filter_label.text() and "3" in p.filter_label.text()
    # the category counts follow the severity filter
    assert chip[("category", "template")].text() == "表格格式 3"
    qtbot.mouseClick(chip[("severity", "warn")], Qt.MouseButton.LeftButton)   # again: all
    assert len(rows(window)) == 9 and chip[("severity", "")].isChecked()
    qtbot.mouseClick(chip[("category", "arithmetic")], Qt.MouseButton.LeftButton)
    assert {f.category for f in rows(window)} == {"arithmetic"} and len(rows(window)) == 4
    assert chip[("severity", "fail")].text() == "错误 4"
    qtbot.mouseClick(p.clear_filter_button, Qt.MouseButton.LeftButton)
    assert len(rows(window)) == 9 and not p.filter_bar.isVisible()


def test_new_draft_resets_every_filter_visibly(qtbot, window):
    open_and_wait(qtbot, window, MANY)
    p = window.problems
    qtbot.mouseClick(p._chips[("severity", "warn")], Qt.MouseButton.LeftButton)
    window.sections.select("二")
    assert p.proxy.section == "二" and p.proxy.severity == "warn"
    open_and_wait(qtbot, window, SEED_DOCX)        # its 错误 is in 一: it must not be hidden
    assert p.proxy.section == "" and p.proxy.severity == "" and p.proxy.category == ""
    assert window.sections.current_section() == ""
    assert p._chips[("severity", "")].isChecked() and not p._chips[("severity", "warn")].isChecked()
    assert len(rows(window)) == len(window.result.active())
    assert "fail" in {f.severity for f in rows(window)}
    assert p.filter_bar.isVisible() and "已清除" in p.filter_label.text()
    # only a section chosen on the left: cleared and said too
    p._clear_notice()
    window.sections.select("三")
    assert not p.filter_label.text().startswith("新打开")
    open_and_wait(qtbot, window, MANY)
    assert p.proxy.section == "" and window.sections.current_section() == ""
    assert p.filter_bar.isVisible() and "已清除" in p.filter_label.text()


def test_clean_draft_says_no_problem_found(qtbot, window):
    open_and_wait(qtbot, window, CLEAN)
    p = window.problems
    assert window.result is not None and not window.result.findings
    assert p.stack.currentWidget() is p.empty_label and p.empty_label.isVisible()
    assert "未发现问题" in p.empty_label.text()
    assert window.count_label.text() == "未发现问题"
    assert "通过" in window.summary.text()


def test_section_with_only_a_hint_shows_the_hint_marker(qtbot, window):
    open_and_wait(qtbot, window, ONLY_INFO)
    model = window.sections.model
    idx = model.index(model.row_of("一"))
    assert idx.data(MarkerRole) == "info"
    assert idx.data(Qt.ItemDataRole.DecorationRole).cacheKey() == severity_icon("info").cacheKey()
    assert "提示\u00a01" in idx.data(Qt.ItemDataRole.ToolTipRole) and "通过" in idx.data()
    clean = model.index(model.row_of("二"))
    assert clean.data(MarkerRole) == "pass"


def test_sections_carry_no_marks_before_a_draft_is_checked(qtbot, window):
    model = window.sections.model
    for r in range(model.rowCount()):
        assert model.index(r).data(MarkerRole) is None
        assert model.index(r).data(Qt.ItemDataRole.DecorationRole) is None
    assert window.pages.currentWidget() is window.empty
    assert window.empty.open_button.isVisible() and window.empty.drop_zone.isVisible()


# ------------------------------------------------------------------ F8 from anywhere
def test_f8_and_shift_f8_move_through_problems_from_anywhere(qtbot, window):
    open_and_wait(qtbot, window, MANY)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    p = window.problems
    view = window.document_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F8)
    assert p.list.currentIndex().row() == 0
    first = p.current_finding()
    assert view.highlighted_range() is not None
    assert view.highlighted_range()[0] == view.finding_ranges[first.fingerprint()][0]
    window.sections.view.setFocus()
    qtbot.keyClick(window.sections.view, Qt.Key.Key_F8)
    assert p.list.currentIndex().row() == 1
    qtbot.keyClick(window.sections.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert p.current_finding() is first
    qtbot.mouseClick(p.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(p.next_button, Qt.MouseButton.LeftButton)
    assert p.list.currentIndex().row() == 2
    qtbot.mouseClick(p.prev_button, Qt.MouseButton.LeftButton)
    assert p.list.currentIndex().row() == 1
    for _ in range(20):
        p.select_next()
    assert p.list.currentIndex().row() == p.proxy.rowCount() - 1   # stops at the last one
    assert "最后" in window.statusBar().currentMessage()


# ------------------------------------------------------------------ scroll and selection kept
def test_recheck_and_ignore_keep_selection_and_scroll(qtbot, window):
    window.resize(1366, 700)
    open_and_wait(qtbot, window, MANY)
    p = window.problems
    bar = p.list.verticalScrollBar()
    assert bar.maximum() > 0, "the list must scroll for this test"
    p.select_row(5)
    qtbot.wait(50)
    bar.setValue(min(bar.maximum(), bar.value() + 40))
    value = bar.value()
    selected = p.current_finding().fingerprint()
    assert value > 0
    recheck_and_wait(qtbot, window)
    assert p.current_finding() is not None and p.current_finding().fingerprint() == selected
    assert bar.value() == value
    # ignoring the selected problem: the list stays where it is and the next problem is selected
    following = rows(window)[6].fingerprint()
    qtbot.mouseClick(p.ignore_button, Qt.MouseButton.LeftButton)
    assert selected in window.result.ignored
    assert p.current_finding().fingerprint() == following
    assert bar.value() == min(value, bar.maximum())
    # and a re-check after the ignore keeps that too
    value = bar.value()
    recheck_and_wait(qtbot, window)
    assert p.current_finding().fingerprint() == following and bar.value() == value


def test_document_keeps_its_reading_position_across_a_recheck(qtbot, window):
    open_and_wait(qtbot, window, MANY)
    bar = window.document_view.verticalScrollBar()
    assert bar.maximum() > 300
    bar.setValue(bar.maximum() // 2)
    value = bar.value()
    recheck_and_wait(qtbot, window)
    qtbot.wait(20)
    assert abs(bar.value() - value) <= 2


# ------------------------------------------------------------------ marks
def test_modified_mark_is_kept_shown_and_exported(qtbot, window, monkeypatch, tmp_path):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    from tests.test_gui_window import wait_saved
    draft = tmp_path / "年报.docx"
    shutil.copy(MANY, draft)
    open_and_wait(qtbot, window, draft)
    p = window.problems
    p.select_row(0)
    f = p.current_finding()
    qtbot.mouseClick(p.modified_button, Qt.MouseButton.LeftButton)
    assert f.fingerprint() in window.session.modified
    assert p.modified_button.isChecked() and p.modified_button.text().startswith("取消已修改")
    assert p.current_finding() is not None and p.current_finding().fingerprint() == f.fingerprint()
    assert "已修改 1" in window.summary.text() and "已修改 1" in window.count_label.text()
    recheck_and_wait(qtbot, window)
    assert f.fingerprint() in window.session.modified      # kept across re-checks
    out = tmp_path / "清单.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.export_action.trigger()
    wait_saved(qtbot, window)
    ws = openpyxl.load_workbook(out)["整改清单"]
    header = [c.value for c in ws[1]]
    status_col, message_col = header.index("整改状态"), header.index("问题说明")
    statuses = {row[message_col].value: row[status_col].value for row in ws.iter_rows(min_row=2)}
    assert statuses[f.message] == "已整改"
    assert list(statuses.values()).count("已整改") == 1


def test_copy_excerpt_puts_the_snippet_on_the_clipboard(qtbot, window):
    open_and_wait(qtbot, window, SEED_DOCX)
    p = window.problems
    row = next(r for r, f in enumerate(rows(window)) if f.excerpt.startswith("…"))
    p.select_row(row)
    f = p.current_finding()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(p.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text and text in f.excerpt and not text.startswith("…") and not text.endswith("…")
    assert "已复制" in window.statusBar().currentMessage()


def test_status_bar_never_keeps_an_old_count(qtbot, window):
    open_and_wait(qtbot, window, MANY)
    assert window.count_label.text().startswith("问题 9 个")
    p = window.problems
    p.select_row(0)
    qtbot.mouseClick(p.ignore_button, Qt.MouseButton.LeftButton)
    assert window.count_label.text().startswith("问题 8 个")
    assert "9" not in window.statusBar().currentMessage()
    window.open_file(str(CLEAN))
    assert "问题 8" not in window.count_label.text()
    qtbot.waitUntil(lambda: window.result is not None and not window.runner.busy, timeout=WAIT_MS)
    assert window.count_label.text() == "未发现问题"
