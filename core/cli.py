"""nianbao-check: the command-line face of the checker.

    nianbao-check dump FILE            the recognised document as JSON
    nianbao-check check FILE...        a readable Chinese report per file
    nianbao-check check --format json FILE...
    nianbao-check check FILE... --xlsx OUT.xlsx [--force]
    nianbao-check rules                the rule catalogue

Exit codes: dump 0 read / 2 unreadable; check 0 no 错误, 1 at least one 错误, 2 a file could not be read.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import __version__
from .model import ReadError

MARK = {"pass": "✔ 通过", "warn": "▲ 需核对", "fail": "✘ 不通过"}


def _stdout_utf8():
    try:
        sys.stdout.reconfigure(encoding="utf-8")
        sys.stderr.reconfigure(encoding="utf-8")
    except (AttributeError, ValueError):
        pass


def cmd_dump(args) -> int:
    from .bounded import check_file_bounded
    try:
        report = check_file_bounded(args.file, timeout=args.timeout).report
    except ReadError as e:
        print(f"无法读取 {args.file}：{e.message}", file=sys.stderr)
        return 2
    except RuntimeError as e:
        print(f"读取 {args.file} 时程序出错：{str(e).splitlines()[0]}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dump(), ensure_ascii=False, indent=None if args.compact else 2))
    return 0


def render_text(result) -> str:
    from .findings import CATEGORY_CN, SEVERITY_CN
    from .report import SECTIONS_WITH_PREFACE
    r = result.report
    lines = [f"文件：{r.document.path}",
             f"标题：{r.title or '（未识别）'}    机关：{r.organ or '（未识别）'}    年度：{r.year or '（未识别）'}",
             f"总体：{MARK[result.status]}    " + "  ".join(
                 f"{SEVERITY_CN[k]} {v}" for k, v in result.counts().items()),
             "", "章节："]
    status = result.section_status()
    active = result.active()
    for s in SECTIONS_WITH_PREFACE:
        n = sum(1 for f in active if f.section == s)
        title = s if s == SECTIONS_WITH_PREFACE[0] else f"{s}、{r.section(s).standard_title}"
        found = "" if s == SECTIONS_WITH_PREFACE[0] or r.section(s).found else "（缺失）"
        lines.append(f"  {MARK[status[s]]:<6} {title}{found}  问题 {n} 个")
    if active:
        lines += ["", "问题："]
        for i, f in enumerate(active, 1):
            where = f.loc.describe() if f.loc else ""
            lines.append(f"{i:>3}. [{SEVERITY_CN[f.severity]}][{CATEGORY_CN[f.category]}] {f.section} {where}  {f.rule}")
            lines.append(f"     {f.message}")
            if f.excerpt:
                lines.append(f"     原文：{f.excerpt}")
            if f.suggestion:
                lines.append(f"     建议：{f.suggestion}")
    return "\n".join(lines)


def cmd_check(args) -> int:
    from .bounded import check_file_bounded
    results, worst = [], 0
    for path in args.files:
        try:
            result = check_file_bounded(path, timeout=args.timeout)
        except ReadError as e:
            print(f"无法读取 {path}：{e.message}", file=sys.stderr)
            worst = 2
            continue
        except RuntimeError as e:  # a crash inside the checker: say so, keep going with the other files
            print(f"检查 {path} 时程序出错：{str(e).splitlines()[0]}", file=sys.stderr)
            worst = 2
            continue
        results.append(result)
        if result.status == "fail" and worst < 1:
            worst = 1
        if args.format == "json":
            print(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            print(render_text(result))
            print()
    if args.xlsx:
        try:
            from .export.xlsx import ExportError, export_xlsx
        except ImportError:
            print("导出 Excel 的功能尚未提供", file=sys.stderr)
            return 2
        try:
            out = export_xlsx(results, args.xlsx, force=args.force)
        except ExportError as e:
            print(f"导出失败：{e.message}", file=sys.stderr)
            return 2
        print(f"整改清单已保存：{out}", file=sys.stderr)
    return worst


def cmd_rules(args) -> int:
    from .findings import CATEGORY_CN, SEVERITY_CN
    from .rules.registry import all_rules
    rules = all_rules()
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in rules], ensure_ascii=False, indent=2))
        return 0
    for r in rules:
        print(f"{r.id:<8} {SEVERITY_CN[r.severity]:<3} {CATEGORY_CN[r.category]:<5} {r.title}")
        if args.verbose:
            print("    " + r.doc.strip().replace("\n", "\n    "))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nianbao-check",
        description="检查政府信息公开工作年度报告草稿（.docx / .pdf / .txt / .md）是否符合国办公开办函〔2021〕30号格式。",
        epilog="退出码：0 未发现错误；1 至少一个错误；2 有文件无法读取。")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("dump", help="以 JSON 输出识别出的标题、年度、六个部分和三张表格的每个单元格")
    d.add_argument("file")
    d.add_argument("--compact", action="store_true", help="单行 JSON")
    d.add_argument("--timeout", type=float, default=90.0, metavar="SECONDS",
                   help="最多读取多少秒，超时按无法读取处理（默认 90）")
    d.set_defaults(func=cmd_dump)

    c = sub.add_parser("check", help="检查一个或多个草稿，输出各部分状态和问题清单")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--format", choices=["text", "json"], default="text",
                   help="text：中文报告（默认）；json：每个文件一行 JSON")
    c.add_argument("--xlsx", metavar="OUT", help="把整改清单导出为 Excel 文件（多个文件合并为一个工作簿）")
    c.add_argument("--force", action="store_true", help="导出时覆盖已存在的文件")
    c.add_argument("--timeout", type=float, default=90.0, metavar="SECONDS",
                   help="每个文件最多检查多少秒，超时按无法读取处理（默认 90）")
    c.set_defaults(func=cmd_check)

    r = sub.add_parser("rules", help="列出全部检查规则")
    r.add_argument("--format", choices=["text", "json"], default="text")
    r.add_argument("-v", "--verbose", action="store_true", help="同时显示每条规则的说明")
    r.set_defaults(func=cmd_rules)
    return p


def main(argv: list[str] | None = None) -> int:
    _stdout_utf8()
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
