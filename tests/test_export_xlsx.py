"""The Excel correction list (core/export/xlsx.py), read back with openpyxl."""
from __future__ import annotations

import hashlib
import html
import os
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core import __version__
from core.export.xlsx import ExportError, default_export_name, export_xlsx
from core.findings import SEVERITY_CN, STATUS_CN, CellRef, CheckResult, Finding
from core.presentation import place
from core.readers import read_document
from core.readers.text import parse_text
from core.recognize import recognize
from core.template import PREFACE, template

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
REAL_PDF = Path(__file__).parent / "fixtures" / "real" / "hongze-2023.pdf"
NOW = datetime(2025, 1, 20, 9, 30, 0)
TODO_HEADERS = ["序号", "严重程度", "章节", "位置", "原文摘录", "问题说明", "修改建议", "规则编号",
                "整改状态", "责任人/备注"]
FILLS = {"fail": "FFC7CE", "warn": "FFEB9C", "info": "DDEBF7"}


# ---------------------------------------------------------------- building results

def seed_report(name: str = "000"):
    return recognize(read_document(SEEDS / f"{name}.txt"))


def first_paragraph(report, section: str):
    return next(p for s, p in report.body_paragraphs() if s == section and len(p.text) > 10)


def made_findings(report) -> list[Finding]:
    """Findings placed on real paragraphs and cells of the report, deliberately out of order."""
    t3 = report.tables["三"]
    total = t3.get("（七）总计", "总计")
    p1, p5 = first_paragraph(report, "一"), first_paragraph(report, "五")
    sum_cells = [CellRef("三", "（七）总计", c) for c in ("自然人", "商业企业", "总计")]
    return [
        Finding("W-1", "wording", "info", "一", "表述可以更规范", "建议改用规范表述",
                loc=p1.loc, excerpt=p1.text[:40]),
        Finding("T3-C", "arithmetic", "fail", "三", "总计不等于各列之和", "请核对“总计”列",
                loc=total.loc, excerpt=total.text, cells=sum_cells, target_cells=sum_cells[2:]),
        Finding("S-5", "structure", "warn", "五", "未写明改进措施", "补写改进情况",
                loc=p5.loc, excerpt=p5.text[:40]),
        Finding("Y-1", "year", "fail", "一", "年度与标题不一致", "统一年度",
                loc=p1.loc, excerpt=p1.text[:20]),
        Finding("X-1", "structure", "warn", PREFACE, "标题缺少年度", "在标题中写明年度",
                loc=report.title_loc, excerpt=report.title or ""),
    ]


def seed_result(name: str = "000") -> CheckResult:
    report = seed_report(name)
    return CheckResult(report, made_findings(report), checked_at=NOW)


def export(tmp_path, results, name="out.xlsx", **kw):
    out = export_xlsx(results, tmp_path / name, now=NOW, **kw)
    return out, load_workbook(out)


def rows_of(ws, first: int = 2) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first)]


def label_rows(ws) -> dict[str, int]:
    """First column label -> row number."""
    return {str(ws.cell(row=r, column=1).value).strip("\u3000"): r
            for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value}


# ---------------------------------------------------------------- 整改清单

def test_sheets_and_headers(tmp_path):
    _, wb = export(tmp_path, [seed_result()])
    assert wb.sheetnames == ["整改清单", "概况", "表格数据"]
    assert [c.value for c in wb["整改清单"][1]] == TODO_HEADERS


def test_rows_sorted_by_section_then_severity_with_values(tmp_path):
    res = seed_result()
    _, wb = export(tmp_path, [res])
    rows = rows_of(wb["整改清单"])
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert [r[7] for r in rows] == ["X-1", "Y-1", "W-1", "T3-C", "S-5"]
    assert [r[1] for r in rows] == ["警告", "错误", "提示", "错误", "警告"]
    assert rows[0][2] == "标题/前言"
    assert rows[1][2] == "一、总体情况"
    assert rows[3][2] == "三、收到和处理政府信息公开申请情况"
    by_rule = {f.rule: f for f in res.findings}
    for r in rows:
        f = by_rule[r[7]]
        assert (r[4], r[5], r[6]) == (f.excerpt, f.message, f.suggestion)
        assert r[3] == place(f, res.report)
        assert r[8:] == ["待整改", None]
    # a table finding names the cell in words, a text finding its line and the paragraph's first words
    assert rows[3][3] == "表三“（七）总计”行“自然人”列等 3 格"
    assert re.match(r"^第\d+行，“.+……”一段$", rows[1][3]), rows[1][3]


def test_a_finding_marked_modified_is_exported_as_done(tmp_path):
    """The clerk's 已修改 mark in the app becomes 整改状态 “已整改”; the others stay 待整改."""
    res = seed_result()
    marked = res.findings[1]
    res.modified = {marked.fingerprint()}
    _, wb = export(tmp_path, [res])
    rows = rows_of(wb["整改清单"])
    status = {r[7]: r[8] for r in rows}
    assert status[marked.rule] == "已整改"
    assert [r[8] for r in rows].count("已整改") == 1 and [r[8] for r in rows].count("待整改") == len(rows) - 1


def test_severity_fills_and_status_dropdown(tmp_path):
    _, wb = export(tmp_path, [seed_result()])
    ws = wb["整改清单"]
    cn_to_sev = {v: k for k, v in SEVERITY_CN.items()}
    for r in range(2, ws.max_row + 1):
        sev = cn_to_sev[ws.cell(row=r, column=2).value]
        assert ws.cell(row=r, column=2).fill.fgColor.rgb.endswith(FILLS[sev])
        assert ws.cell(row=r, column=3).fill.fill_type is None
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 1
    dv = dvs[0]
    assert dv.type == "list" and dv.formula1 == '"待整改,已整改,无需整改"'
    assert str(dv.sqref) == "I2:I6"
    assert not dv.allow_blank


def test_frozen_header_filter_and_print_setup(tmp_path):
    _, wb = export(tmp_path, [seed_result()])
    ws = wb["整改清单"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J6"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    widths = {c: ws.column_dimensions[c].width for c in "ABEFG"}
    assert widths["A"] < 10 and min(widths["E"], widths["F"], widths["G"]) >= 22
    assert all(ws.cell(row=2, column=c).alignment.wrap_text for c in range(1, 11))
    # rows are tall enough for their wrapped text
    assert ws.row_dimensions[2].height >= 13.5


@pytest.mark.parametrize("several", [False, True])
def test_list_prints_at_nine_points_or_more_on_a4_landscape(tmp_path, several):
    """Never shrunk to fit: printed at 100 % with 10 pt text, the columns within the page width."""
    from core.export.xlsx_findings import PRINT_WIDTH_PT, print_width
    results = [seed_result("000"), seed_result("001")] if several else [seed_result()]
    _, wb = export(tmp_path, results)
    ws = wb["整改清单"]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == 100
    sizes = {ws.cell(row=r, column=c).font.sz for r in range(2, ws.max_row + 1) for c in range(1, ws.max_column + 1)}
    assert min(sizes) >= 9
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(ws.max_column)]
    assert print_width(widths) <= PRINT_WIDTH_PT


def test_every_page_says_which_report(tmp_path):
    res = seed_result()
    _, wb = export(tmp_path, [res])
    ws = wb["整改清单"]
    r = res.report
    assert r.title in ws.oddHeader.left.text and r.organ in ws.oddHeader.left.text
    assert "000.txt" in ws.oddHeader.right.text and "检查时间 2025-01-20 09:30" in ws.oddHeader.right.text
    # two lines a side, written as a real line break (openpyxl's "_x000a_" prints as seven characters)
    out = tmp_path / "out.xlsx"
    with zipfile.ZipFile(out) as z:
        headers = [html.unescape(h) for n in z.namelist() if n.startswith("xl/worksheets/sheet")
                   for h in re.findall(r"<oddHeader>(.*?)</oddHeader>", z.read(n).decode("utf-8"), re.S)]
    header = next(h for h in headers if r.organ in h)
    assert "_x000a_" not in header and "\n" in header and r.title in header and "000.txt" in header
    assert "&A" not in header.replace("&&", "")     # the sheet's name moved to the foot: it ran into the title


def test_no_findings_says_so(tmp_path):
    _, wb = export(tmp_path, [CheckResult(seed_report(), [])])
    ws = wb["整改清单"]
    assert ws["A2"].value == "未发现需要整改的问题。"
    assert not ws.data_validations.dataValidation


# ---------------------------------------------------------------- 概况

def test_summary_sheet(tmp_path):
    res = seed_result()
    _, wb = export(tmp_path, [res])
    ws = wb["概况"]
    kv = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, 17)}
    seed = SEEDS / "000.txt"
    assert kv["报告标题"] == res.report.title
    assert kv["发布机关"] == res.report.organ
    assert kv["年度"] == f"{res.report.year}年"
    assert kv["文件名"] == "000.txt"
    assert kv["文件 SHA-256"] == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert kv["文件修改时间"] == datetime.fromtimestamp(seed.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
    assert kv["检查时间"] == "2025-01-20 09:30:00"
    assert kv["程序版本"] == f"年报检查 {__version__}"
    assert kv["检查结论"] == "不通过"
    assert (kv["错误数"], kv["警告数"], kv["提示数"]) == (2, 2, 1)
    labels = label_rows(ws)
    status = res.section_status()
    expect = {"标题/前言": "需核对", "一、总体情况": "不通过", "二、主动公开政府信息情况": "通过",
              "三、收到和处理政府信息公开申请情况": "不通过", "五、存在的主要问题及改进情况": "需核对"}
    sections = {ws.cell(row=r, column=2).value: (ws.cell(row=r, column=1).value, ws.cell(row=r, column=3).value)
                for r in range(labels["状态"] + 1, ws.max_row + 1)}
    assert len(sections) == 7
    for label, st in expect.items():
        assert sections[label][0] == st
    assert sections["一、总体情况"][1] == 2
    assert STATUS_CN[status["四"]] == sections["四、政府信息公开行政复议、行政诉讼情况"][0] == "通过"


# ---------------------------------------------------------------- 表格数据

def test_tables_sheet_values_and_highlights(tmp_path):
    res = seed_result()
    _, wb = export(tmp_path, [res])
    ws = wb["表格数据"]
    rows = label_rows(ws)
    header = next(r for r, v in sorted((r, v) for v, r in rows.items()) if v == "项目")
    cols = {ws.cell(row=header, column=c).value: c for c in range(2, 9)}
    t3 = res.report.tables["三"]
    for key in ("一、本年新收政府信息公开申请数量", "（七）总计", "四、结转下年度继续办理"):
        for col in ("自然人", "其他", "总计"):
            assert ws.cell(row=rows[key], column=cols[col]).value == t3.value(key, col)
    item = ws.cell(row=rows["1.属于国家秘密"], column=cols["自然人"]).value
    assert item == t3.value("（三）不予公开/1.属于国家秘密", "自然人")
    total = rows["（七）总计"]
    fill = {c: ws.cell(row=total, column=cols[c]).fill for c in ("自然人", "商业企业", "总计", "其他")}
    assert fill["自然人"].fgColor.rgb.endswith("FCE4D6")
    assert fill["商业企业"].fgColor.rgb.endswith("FCE4D6")
    assert fill["总计"].fgColor.rgb.endswith("FF8B8B")      # the suspect cell, stronger
    assert fill["其他"].fill_type is None
    # table 二 and 四 are there with the template's labels
    assert ws.cell(row=rows["行政规范性文件"], column=2).value == res.report.tables["二"].value(
        "行政规范性文件", "本年制发件数")
    assert "行政诉讼：复议后起诉" in rows


def sheet_cell(ws, labels: dict[str, int], table: str, row: str, col: str):
    """The 表格数据 cell showing canonical cell (table, row, col) of a one-file export."""
    tpl = template()
    if table == "二":
        block = next(b for b in tpl.t2_blocks if row in b["rows"])
        return ws.cell(row=labels[row], column=block["columns"].index(col) + 2)
    if table == "三":
        return ws.cell(row=labels[row.split("/")[-1]], column=tpl.t3_columns.index(col) + 2)
    group, column = col.split("/")
    label = group if group == tpl.t4_groups[0] else f"行政诉讼：{group}"
    return ws.cell(row=labels[label], column=tpl.t4_columns.index(column) + 2)


@pytest.mark.parametrize("path", [SEEDS / "000.txt", REAL_PDF], ids=["seed000", "hongze-pdf"])
def test_every_table_cell_as_read(tmp_path, path):
    report = recognize(read_document(path))
    _, wb = export(tmp_path, [CheckResult(report, made_findings(report))])
    ws = wb["表格数据"]
    labels = label_rows(ws)
    n = 0
    for name in ("二", "三", "四"):
        t = report.tables[name]
        assert t.found
        for (row, col), cv in t.cells.items():
            got = sheet_cell(ws, labels, name, row, col).value
            shown = {"ok": cv.value, "missing": "（缺失）", "unreadable": "（无法读取）"}
            assert got == shown.get(cv.status, cv.text or None), (name, row, col)
            n += 1
    assert n >= 180


def test_warning_arithmetic_is_not_highlighted(tmp_path):
    report = seed_report()
    cells = [CellRef("三", "（七）总计", "自然人")]
    f = Finding("T3-B", "arithmetic", "warn", "三", "m", "s", cells=cells, target_cells=cells)
    _, wb = export(tmp_path, [CheckResult(report, [f])])
    ws = wb["表格数据"]
    rows = label_rows(ws)
    assert ws.cell(row=rows["（七）总计"], column=2).fill.fill_type is None


# ---------------------------------------------------------------- formula injection

def crafted_text() -> str:
    text = (SEEDS / "000.txt").read_text(encoding="utf-8")
    text = text.replace("## 一、总体情况\n", "## 一、总体情况\n\n=HYPERLINK(\"http://example.com/x\",\"点击查看\")\n", 1)
    # a table cell holding a formula instead of a number
    text = re.sub(r"(\t\(一\) 予以公开\t)0", r"\1=1+2", text, count=1)
    return text


def test_formula_injection_is_written_as_text(tmp_path):
    report = recognize(parse_text(crafted_text(), str(tmp_path / "crafted.txt")))
    evil = next(p for s, p in report.body_paragraphs() if p.text.startswith("=HYPERLINK"))
    assert report.tables["三"].get("（一）予以公开", "自然人").text == "=1+2"
    excerpts = [evil.text, "+1000", "-1", "@SUM(A1:A2)", "  =1+1", "\t=cmd|' /C calc'!A0", "\r=2"]
    findings = [Finding(f"R{i}", "wording", "warn", "一", m, m, loc=evil.loc, excerpt=m)
                for i, m in enumerate(excerpts)]
    findings.append(Finding("C1", "cell", "fail", "三", "单元格不是数字", "填写数字",
                            cells=[CellRef("三", "（一）予以公开", "自然人")]))
    out, wb = export(tmp_path, [CheckResult(report, findings)])
    ws = wb["整改清单"]
    got = {ws.cell(row=r, column=8).value: ws.cell(row=r, column=5) for r in range(2, ws.max_row + 1)}
    for i, m in enumerate(excerpts):
        cell = got[f"R{i}"]
        assert cell.data_type == "s"
        assert cell.value == m.replace("\r", "")
    assert got["R0"].quotePrefix
    tables = wb["表格数据"]
    rows = label_rows(tables)
    assert tables.cell(row=rows["（一）予以公开"], column=2).value == "=1+2"
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode() and "<f " not in z.read(name).decode()


def test_formula_injection_through_real_rules(tmp_path):
    """The rules quote the crafted paragraphs; the quotes stay text in the workbook."""
    from core.check import check_document
    text = (SEEDS / "000.txt").read_text(encoding="utf-8").replace(
        "## 一、总体情况\n", "## 一、总体情况\n\n=HYPERLINK(\"http://example.com/x\",\"点击\")与传统媒体宣传想结合。\n\n"
        "@SUM(1+1)本年共主动公开政府信息 条。\n\n-1+2本年共主动公开政府信息 条。\n", 1)
    res = check_document(parse_text(text, str(tmp_path / "crafted.txt")))
    risky = [f.excerpt for f in res.active() if f.excerpt[:1] in "=@-"]
    assert len(risky) >= 2, "the rules no longer flag the crafted paragraphs"
    out, wb = export(tmp_path, [res])
    ws = wb["整改清单"]
    cells = {ws.cell(row=r, column=5).value: ws.cell(row=r, column=5) for r in range(2, ws.max_row + 1)}
    for excerpt in risky:
        assert cells[excerpt].data_type == "s" and cells[excerpt].quotePrefix
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(re.search(r"<f[ >]", x) for x in sheets)


def test_control_characters_are_dropped(tmp_path):
    f = Finding("R", "wording", "warn", "一", "a\x00b\x0bc", "s", excerpt="x\x1fy")
    _, wb = export(tmp_path, [CheckResult(seed_report(), [f])])
    row = [c.value for c in wb["整改清单"][2]]
    assert row[4] == "xy" and row[5] == "abc"


# ---------------------------------------------------------------- writing the file

def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "清单.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ExportError) as e:
        export_xlsx([seed_result()], target, now=NOW)
    assert "文件已存在" in e.value.message and "清单.xlsx" in e.value.message
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["清单.xlsx"]
    out = export_xlsx([seed_result()], target, force=True, now=NOW)
    assert out == target.absolute()
    assert load_workbook(target).sheetnames[0] == "整改清单"
    assert os.listdir(tmp_path) == ["清单.xlsx"]


def test_missing_folder(tmp_path):
    with pytest.raises(ExportError) as e:
        export_xlsx([seed_result()], tmp_path / "无此目录" / "a.xlsx")
    assert "保存位置不存在" in e.value.message


def test_target_is_a_folder(tmp_path):
    with pytest.raises(ExportError) as e:
        export_xlsx([seed_result()], tmp_path, force=True)
    assert "文件夹" in e.value.message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere")
def test_folder_not_writable(tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(ExportError) as e:
            export_xlsx([seed_result()], locked / "a.xlsx")
        assert "没有权限" in e.value.message
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize("force", [False, True])
def test_target_open_in_another_program(tmp_path, monkeypatch, force):
    """Excel/WPS lock the file: the rename fails with PermissionError."""
    target = tmp_path / "a.xlsx"
    if force:
        target.write_bytes(b"old")

    def locked(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(os, "link", locked)
    with pytest.raises(ExportError) as e:
        export_xlsx([seed_result()], target, force=force)
    assert "Excel 或 WPS" in e.value.message and "a.xlsx" in e.value.message
    assert sorted(os.listdir(tmp_path)) == (["a.xlsx"] if force else [])
    if force:
        assert target.read_bytes() == b"old"


def test_nothing_to_export(tmp_path):
    with pytest.raises(ExportError) as e:
        export_xlsx([], tmp_path / "a.xlsx")
    assert e.value.message
    assert not (tmp_path / "a.xlsx").exists()


def test_default_export_name():
    assert default_export_name("/d/永宁县2024年报.docx", date(2025, 1, 5)) == "永宁县2024年报_整改清单_20250105.xlsx"
    assert default_export_name(Path("a.b.pdf"), date(2025, 12, 31)) == "a.b_整改清单_20251231.xlsx"


# ---------------------------------------------------------------- ignored findings

def test_ignored_left_out_or_listed_separately(tmp_path):
    res = seed_result()
    gone = next(f for f in res.findings if f.rule == "Y-1")
    res.ignored = {gone.fingerprint()}
    _, wb = export(tmp_path, [res], name="a.xlsx")
    assert "已忽略" not in wb.sheetnames
    rules = [r[7] for r in rows_of(wb["整改清单"])]
    assert "Y-1" not in rules and len(rules) == 4
    summary = wb["概况"]
    kv = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value for r in range(2, 18)}
    assert kv["错误数"] == 1 and kv["已忽略数"] == 1

    _, wb = export(tmp_path, [res], name="b.xlsx", include_ignored=True)
    assert wb.sheetnames == ["整改清单", "概况", "表格数据", "已忽略"]
    ign = wb["已忽略"]
    assert [c.value for c in ign[1]] == TODO_HEADERS[:8]
    assert rows_of(ign) == [[1, "错误", "一、总体情况", place(gone, res.report), gone.excerpt,
                             gone.message, gone.suggestion, "Y-1"]]


# ---------------------------------------------------------------- several files

def test_several_files_in_one_workbook(tmp_path):
    results = [seed_result("000"), seed_result("001")]
    _, wb = export(tmp_path, results)
    assert wb.sheetnames[:2] == ["汇总", "整改清单"]
    todo = wb["整改清单"]
    assert [c.value for c in todo[1]] == TODO_HEADERS[:1] + ["文件/机关"] + TODO_HEADERS[1:]
    files = [r[1].split("\n")[0] for r in rows_of(todo)]
    assert files == ["000.txt"] * 5 + ["001.txt"] * 5
    organs = {r[1].split("\n")[1] for r in rows_of(todo)}
    assert organs == {results[0].report.organ, results[1].report.organ}
    assert str(todo.data_validations.dataValidation[0].sqref) == "J2:J11"
    assert todo.auto_filter.ref == "A1:K11"
    assert "2 份报告" in todo.oddHeader.left.text

    summary = wb["汇总"]
    header = [c.value for c in summary[3]]
    assert header[:6] == ["序号", "文件名", "报告标题", "发布机关", "年度", "检查结论"]
    assert summary.auto_filter.ref.startswith("A3:")
    body = rows_of(summary, 4)
    assert len(body) == 2
    link = header.index("整改清单")
    for k, (row, res) in enumerate(zip(body, results)):
        name = Path(res.report.document.path)
        assert row[1] == name.name and row[2] == res.report.title and row[4] == res.report.year
        assert row[header.index("错误")] == 2
        assert row[header.index("最严重的问题")].startswith("错误：")
        assert row[header.index("一")] == "不通过" and row[header.index("二")] == "通过"
        assert row[header.index("文件 SHA-256")] == hashlib.sha256(name.read_bytes()).hexdigest()
        cell = summary.cell(row=4 + k, column=link + 1)
        target = int(cell.hyperlink.location.split("A")[-1]) if cell.hyperlink.location else \
            int(cell.hyperlink.target.split("!A")[-1])
        assert todo.cell(row=target, column=2).value.split("\n")[0] == name.name
    assert "导出时间：2025-01-20 09:30:00" in summary["A2"].value

    tables = [v for v in (wb["表格数据"].cell(row=r, column=1).value for r in range(1, wb["表格数据"].max_row + 1))
              if v and str(v).startswith("文件：")]
    assert tables == ["文件：000.txt", "文件：001.txt"]


def test_previous_year_sheet(tmp_path):
    from core.check import check_document
    this = (SEEDS / "002.txt").read_text(encoding="utf-8")
    last = this.replace("2023 年政府信息公开工作年度报告", "2022 年政府信息公开工作年度报告", 1) \
        .replace("统计期限为 2023 年 1 月 1 日至 2023 年 12 月 31 日", "统计期限为 2022 年 1 月 1 日至 2022 年 12 月 31 日")
    last = last.replace("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1")
    res = check_document(parse_text(this, "本年.txt"), parse_text(last, "上年.txt"))
    _, wb = export(tmp_path, [res])
    assert "上年对比" in wb.sheetnames
    ws = wb["上年对比"]
    labels = label_rows(ws)
    r = labels["表三 二、上年结转政府信息公开申请数量 总计"]
    assert [ws.cell(row=r, column=c).value for c in (2, 3)] == [0, 0]
    r = labels["表三 四、结转下年度继续办理 总计"]
    assert ws.cell(row=r, column=2).value == 1
    assert "上年：上年.txt" in ws["A3"].value and "2022" in ws["A3"].value
    assert "YOY002" in [row[7] for row in rows_of(wb["整改清单"])]


def test_no_permission_for_temporary_file(tmp_path, monkeypatch):
    import tempfile

    def refused(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(ExportError) as e:
        export_xlsx([seed_result()], tmp_path / "a.xlsx")
    assert "没有权限" in e.value.message
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------- real results (reader, recogniser, rules)

SECTION_ORDER = ["标题/前言"] + [f"{n}、{template().section_title(n)}" for n in "一二三四五六"]


@pytest.mark.parametrize("path", [SEEDS / "000.txt", REAL_PDF], ids=["seed000", "hongze-pdf"])
def test_real_results_exported(tmp_path, path):
    from core.check import check_file
    res = check_file(path)
    _, wb = export(tmp_path, [res])
    rows = rows_of(wb["整改清单"])
    active = res.active()
    if not active:
        assert rows[0][0] == "未发现需要整改的问题。"
        return
    assert len(rows) == len(active)
    assert sorted((r[7], r[5]) for r in rows) == sorted((f.rule, f.message) for f in active)
    order = [(SECTION_ORDER.index(r[2]), ["错误", "警告", "提示"].index(r[1])) for r in rows]
    assert order == sorted(order)
    assert all(r[8] == "待整改" for r in rows)
    summary = wb["概况"]
    kv = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value for r in range(2, 18)}
    counts = res.counts()
    assert (kv["错误数"], kv["警告数"], kv["提示数"]) == (counts["fail"], counts["warn"], counts["info"])
    assert kv["检查结论"] == STATUS_CN[res.status]
    # every cell of a failed sum is shaded on 表格数据
    ws = wb["表格数据"]
    labels = label_rows(ws)
    for f in active:
        if f.category == "arithmetic" and f.severity == "fail":
            for ref in f.cells:
                if res.report.tables[ref.table].get(ref.row, ref.col).status != "missing":
                    assert sheet_cell(ws, labels, ref.table, ref.row, ref.col).fill.fill_type == "solid"


def test_cli_exports_and_refuses_to_overwrite(tmp_path, capsys):
    from core.cli import main
    out = tmp_path / "清单.xlsx"
    seed = str(SEEDS / "000.txt")
    assert main(["check", seed, str(SEEDS / "001.txt"), "--xlsx", str(out)]) in (0, 1)
    assert "整改清单已保存" in capsys.readouterr().err
    files = {r[1].split("\n")[0] for r in rows_of(load_workbook(out)["整改清单"]) if isinstance(r[0], int)}
    before = out.read_bytes()
    assert main(["check", seed, "--xlsx", str(out)]) == 2
    assert "文件已存在" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert main(["check", seed, "--xlsx", str(out), "--force"]) in (0, 1)
    assert load_workbook(out)["整改清单"]["B1"].value == "严重程度"   # one file: no 文件 column
    assert files <= {"000.txt", "001.txt"}
