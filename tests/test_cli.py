"""nianbao-check on folders, patterns, last year's report and annotated copies (issues 12, 13).

Real reports from the fixtures: the seeds, the corpus, and a pair of one office's reports a year
apart made as in tests/test_rules_crossyear.py (its real 2021 report dated as 2023).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.check import check_file
from tests.test_rules_crossyear import CARRIED_OUT, THIS, last_year
from tests.test_rules_variants import set_row

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
SEEDS = FIX / "seeds"
CORPUS = FIX / "corpus"
THIS_NAME = "审批局2024.txt"
LAST_NAME = "审批局2023.txt"


def cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "core.cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=timeout)


def files_shown(stdout: str) -> list[str]:
    return [line.split("：", 1)[1] for line in stdout.splitlines() if line.startswith("文件：")]


def make_folder(root: Path, carried_out_last=None) -> Path:
    """Reports in a folder and a sub-folder, with a Word lock file, an attachment and a pair."""
    (root / "乡镇" / "子目录").mkdir(parents=True)
    shutil.copy(SEEDS / "000.docx", root / "10.docx")
    shutil.copy(SEEDS / "001.txt", root / "2.txt")
    shutil.copy(CORPUS / "07_pingtan-guoziju_2022.pdf", root / "乡镇" / "国资局.pdf")
    (root / "乡镇" / "子目录" / THIS_NAME).write_text(THIS, encoding="utf-8")
    last = last_year()
    if carried_out_last is not None:
        last = set_row(last, CARRIED_OUT, carried_out_last)
    (root / "乡镇" / "子目录" / LAST_NAME).write_text(last, encoding="utf-8")
    (root / "~$10.docx").write_bytes(b"\x00lock")
    (root / "附件.xlsx").write_bytes(b"PK\x03\x04")
    return root


# ---------------------------------------------------------------- folders and patterns
def test_a_folder_is_checked_recursively_in_name_order(tmp_path):
    folder = make_folder(tmp_path / "年报", carried_out_last=[2, None, None, None, None, None, 2])
    p = cli("check", folder)
    assert p.returncode == 1, p.stderr                  # 000.docx has 错误
    assert files_shown(p.stdout) == [str(folder / n) for n in
                                     ("2.txt", "10.docx", "乡镇/国资局.pdf",
                                      f"乡镇/子目录/{LAST_NAME}", f"乡镇/子目录/{THIS_NAME}")]
    assert "跳过" in p.stderr and "~$10.docx" in p.stderr and "附件.xlsx" in p.stderr
    assert "Traceback" not in p.stderr


def test_the_pair_in_a_folder_is_compared_automatically(tmp_path):
    folder = make_folder(tmp_path / "年报", carried_out_last=[2, None, None, None, None, None, 2])
    p = cli("check", folder)
    assert "自动对比：找到 1 组" in p.stderr
    block = p.stdout.split("上年对比：", 1)[1]
    assert block.startswith(str(folder / "乡镇" / "子目录" / THIS_NAME))
    assert f"与上年报告：{folder / '乡镇' / '子目录' / LAST_NAME}" in block and "2023 年度 → 2024 年度" in block
    assert "YOY002" in block and "[错误]" in block
    q = cli("check", "--no-pair", folder)
    assert "上年对比" not in q.stdout and "YOY" not in q.stdout


def test_a_clean_pair_in_a_folder_says_nothing_was_found(tmp_path):
    folder = make_folder(tmp_path / "年报")
    p = cli("check", "--format", "json", folder / "乡镇")
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert [Path(x["file"]).name for x in lines] == ["国资局.pdf", LAST_NAME, THIS_NAME, THIS_NAME]
    compared = lines[-1]
    assert compared["previous"]["year"] == 2023 and Path(compared["previous"]["file"]).name == LAST_NAME
    assert not [f for f in compared["findings"] if f["category"] == "crossyear"]
    text = cli("check", folder / "乡镇")
    assert "上年对比未发现问题" in text.stdout


def test_patterns_and_a_pattern_that_matches_nothing(tmp_path):
    folder = make_folder(tmp_path / "年报")
    p = cli("check", "--no-pair", str(folder / "*.docx"), str(folder / "**" / "*.pdf"))
    assert files_shown(p.stdout) == [str(folder / "10.docx"), str(folder / "乡镇" / "国资局.pdf")]
    assert "~$10.docx" in p.stderr and "跳过" in p.stderr
    d = cli("check", "--no-pair", str(tmp_path / "年*"))          # a pattern naming folders: scanned
    assert len(files_shown(d.stdout)) == 5, d.stderr
    q = cli("check", str(folder / "*.wpsx"))
    assert q.returncode == 2 and "没有与" in q.stderr and "匹配的文件" in q.stderr


def test_an_empty_folder_and_an_unreadable_file_in_a_folder(tmp_path):
    (tmp_path / "空").mkdir()
    p = cli("check", tmp_path / "空")
    assert p.returncode == 2 and "没有可检查的年报文件" in p.stderr
    folder = tmp_path / "f"
    folder.mkdir()
    shutil.copy(SEEDS / "002.docx", folder / "a.docx")
    (folder / "b.docx").write_bytes(b"not a zip at all")
    p = cli("check", folder)
    assert p.returncode == 2 and "无法读取" in p.stderr and "b.docx" in p.stderr
    assert files_shown(p.stdout) == [str(folder / "a.docx")]      # the other file is still checked


def test_one_workbook_for_a_folder_with_its_comparison(tmp_path):
    folder = make_folder(tmp_path / "年报", carried_out_last=[2, None, None, None, None, None, 2])
    out = tmp_path / "汇总.xlsx"
    p = cli("check", folder, "--xlsx", out)
    assert out.exists(), p.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and "整改清单" in wb.sheetnames and "上年对比" in wb.sheetnames
    rows = list(wb["整改清单"].iter_rows(values_only=True))
    assert any("YOY002" in [str(c) for c in row] for row in rows)


# ---------------------------------------------------------------- --previous
def test_previous_compares_with_last_years_report(tmp_path):
    this, last = tmp_path / THIS_NAME, tmp_path / LAST_NAME
    this.write_text(THIS, encoding="utf-8")
    last.write_text(set_row(last_year(), CARRIED_OUT, [2, None, None, None, None, None, 2]), encoding="utf-8")
    p = cli("check", this, "--previous", last, "--format", "json")
    assert p.returncode == 1, p.stderr
    res = json.loads(p.stdout)
    assert res["previous"]["year"] == 2023
    assert [f["rule"] for f in res["findings"] if f["category"] == "crossyear"] == ["YOY002"]
    text = cli("check", this, "--previous", last).stdout
    assert f"上年对比：{last}（平潭综合实验区行政审批局，2023 年度）" in text and "YOY002" in text
    out = tmp_path / "对比.xlsx"
    cli("check", this, "--previous", last, "--xlsx", out)
    assert "上年对比" in load_workbook(out).sheetnames


def test_previous_needs_one_file_and_a_readable_last_year(tmp_path):
    folder = make_folder(tmp_path / "年报")
    p = cli("check", folder, "--previous", folder / "2.txt")
    assert p.returncode == 2 and "--previous 只能与一个要检查的文件一起使用" in p.stderr
    broken = tmp_path / "坏的.docx"
    broken.write_bytes(b"not a zip at all")                # exists, cannot be read: said by the reader
    q = cli("check", folder / "2.txt", "--previous", broken)
    assert q.returncode == 2 and "上年年报“坏的.docx”无法读取" in q.stderr


# ---------------------------------------------------------------- --annotate
def test_annotate_docx_writes_a_commented_copy_and_leaves_the_draft(tmp_path):
    draft = tmp_path / "草稿.docx"
    shutil.copy(SEEDS / "000.docx", draft)
    before = (draft.read_bytes(), draft.stat().st_mtime_ns)
    out = tmp_path / "草稿_批注.docx"
    p = cli("check", draft, "--annotate", out)
    assert p.returncode == 1 and "批注版已保存" in p.stderr, p.stderr
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == len(check_file(draft).active()) > 0
    assert all(c.author == "年报检查" for c in comments)
    assert (draft.read_bytes(), draft.stat().st_mtime_ns) == before
    again = cli("check", draft, "--annotate", out)                  # exists: not without --force
    assert again.returncode == 2 and "无法导出批注版" in again.stderr
    assert cli("check", draft, "--annotate", out, "--force").returncode == 1
    same = cli("check", draft, "--annotate", draft, "--force")       # never over the draft
    assert same.returncode == 2 and (draft.read_bytes(), draft.stat().st_mtime_ns) == before


def test_annotate_pdf_writes_one_highlight_per_problem(tmp_path):
    draft = FIX / "real" / "hongze-2023.pdf"
    out = tmp_path / "批注.pdf"
    p = cli("check", draft, "--annotate", out)
    assert out.exists(), p.stderr
    highlights = [a.get_object() for page in PdfReader(str(out)).pages for a in page.get("/Annots", [])
                  if a.get_object().get("/Subtype") == "/Highlight"]
    assert len(highlights) == len(check_file(draft).active()) > 0


def test_annotate_refuses_text_drafts_wrong_suffixes_and_several_files(tmp_path):
    t = cli("check", SEEDS / "000.txt", "--annotate", tmp_path / "x.docx")
    assert t.returncode == 2 and ".docx 或 PDF" in t.stderr and "--xlsx" in t.stderr
    assert not (tmp_path / "x.docx").exists()
    w = cli("check", SEEDS / "000.docx", "--annotate", tmp_path / "x.pdf")
    assert w.returncode == 2 and "也要保存为 .docx" in w.stderr
    m = cli("check", SEEDS / "000.docx", SEEDS / "001.docx", "--annotate", tmp_path / "x.docx")
    assert m.returncode == 2 and "只能用于一个草稿" in m.stderr


def test_help_names_folders_previous_and_annotate():
    h = cli("check", "--help").stdout
    for words in ("文件夹", "通配符", "--previous", "--annotate", "--no-pair", "原稿不会被修改"):
        assert words in h, words


# ---------------------------------------------------------------- found by probing the CLI
def test_double_star_never_follows_links_to_folders(tmp_path):
    loop = tmp_path / "loop"
    (loop / "sub").mkdir(parents=True)
    shutil.copy(SEEDS / "002.txt", loop / "a.txt")
    shutil.copy(SEEDS / "001.txt", loop / "sub" / "b.txt")
    (loop / "self").symlink_to(".")
    (loop / "sub" / "parent").symlink_to("..")
    (loop / "最终版.txt").symlink_to("a.txt")                 # the same file again, through a link
    p = cli("check", "--no-pair", str(loop / "**" / "*.txt"), timeout=120)
    assert files_shown(p.stdout) == [str(loop / "a.txt"), str(loop / "sub" / "b.txt")], p.stderr
    q = cli("check", "--no-pair", str(loop / "*"), timeout=120)
    assert files_shown(q.stdout) == [str(loop / "a.txt"), str(loop / "sub" / "b.txt")]
    assert "指向文件夹的链接" in q.stderr
    f = cli("check", "--no-pair", loop, timeout=120)                  # a folder: each file once too
    assert files_shown(f.stdout) == [str(loop / "a.txt"), str(loop / "sub" / "b.txt")]


def test_a_pattern_that_finds_no_report_says_so(tmp_path):
    (tmp_path / "附件.xlsx").write_bytes(b"PK\x03\x04")
    p = cli("check", str(tmp_path / "*.xlsx"))
    assert p.returncode == 2 and "没有可检查的年报文件" in p.stderr


def test_outputs_must_differ_and_the_list_must_be_xlsx(tmp_path):
    draft = tmp_path / "d.docx"
    shutil.copy(SEEDS / "000.docx", draft)
    same = tmp_path / "same.docx"
    p = cli("check", draft, "--annotate", same, "--xlsx", same, "--force")
    assert p.returncode == 2 and "同一个文件" in p.stderr and not same.exists()
    q = cli("check", draft, "--xlsx", tmp_path / "list.docx")
    assert q.returncode == 2 and ".xlsx 结尾" in q.stderr and not (tmp_path / "list.docx").exists()


def test_annotating_an_empty_draft_says_it_is_empty(tmp_path):
    empty = tmp_path / "空.docx"
    empty.write_bytes(b"")
    p = cli("check", empty, "--annotate", tmp_path / "o.docx")
    assert p.returncode == 2 and "空文件" in p.stderr
    t = cli("check", SEEDS / "000.txt", "--annotate", tmp_path / "o.docx")
    assert t.stderr.count("Excel") == 1                              # the hint is not said twice


def test_previous_is_checked_before_anything(tmp_path):
    this = tmp_path / THIS_NAME
    this.write_text(THIS, encoding="utf-8")
    for last, why in ((tmp_path, "这是一个文件夹"), (this, "就是要检查的报告本身"),
                      (tmp_path / "无.docx", "找不到这个文件")):
        p = cli("check", this, "--previous", last)
        assert p.returncode == 2 and f"无法使用上年年报 {last}：" in p.stderr and why in p.stderr
        assert "文件：" not in p.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root opens every folder")
def test_a_sub_folder_that_cannot_be_opened_is_an_error(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(SEEDS / "002.txt", tmp_path / "a.txt")
    shutil.copy(SEEDS / "002.txt", tmp_path / "sub" / "b.txt")
    os.chmod(tmp_path / "sub", 0)
    try:
        p = cli("check", tmp_path)
    finally:
        os.chmod(tmp_path / "sub", 0o755)
    assert p.returncode == 2 and "无法检查" in p.stderr and "没有权限" in p.stderr


def test_the_systems_reasons_are_said_in_chinese():
    import errno
    from core.oserrors import read_reason
    assert read_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有读取权限"
    assert read_reason(OSError(errno.ENAMETOOLONG, "File name too long")) == "文件名或路径太长"
    assert "Permission" not in read_reason(OSError(errno.EROFS, "Read-only file system"))
