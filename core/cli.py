"""nianbao-check: the command-line face of the checker.

    nianbao-check dump FILE            the recognised document as JSON
    nianbao-check check FILE|DIR|GLOB...   a readable Chinese report per file (folders recursively)
    nianbao-check check --format json FILE...
    nianbao-check check FILE... --xlsx OUT.xlsx [--force]
    nianbao-check check THIS --previous LAST       compared with last year's report
    nianbao-check check DRAFT.docx --annotate OUT.docx    the draft's copy with a comment per problem
    nianbao-check rules                the rule catalogue

Several reports of one organ a year apart among the files checked are compared automatically
(--no-pair: not); the comparison is printed after the files, one block per pair.

Exit codes: dump 0 read / 2 unreadable; check 0 no 错误, 1 at least one 错误, 2 a file could not be read
(or a wrong argument); 130 Ctrl+C; 141 the reader of our output went away (``… | head``).

Several files are checked in parallel by the pool of warm check processes (core.pool) and
printed in the order given.  An output file (--xlsx, an annotated copy) that is one of the
input files, or a link to one, is refused with or without --force.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import signal
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
    from .pool import shared_pool
    try:
        report = shared_pool().check(args.file, timeout=args.timeout).report
    except ReadError as e:
        print(f"无法读取 {args.file}：{e.message}", file=sys.stderr)
        return 2
    except RuntimeError as e:
        print(f"读取 {args.file} 时程序出错：{str(e).splitlines()[0]}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dump(), ensure_ascii=False, indent=None if args.compact else 2))
    return 0


def render_text(result) -> str:
    from . import presentation
    from .findings import CATEGORY_CN, SEVERITY_CN
    from .report import SECTIONS_WITH_PREFACE
    r = result.report
    lines = [f"文件：{r.document.path}",
             f"标题：{r.title or '（未识别）'}    机关：{r.organ or '（未识别）'}    年度：{r.year or '（未识别）'}",
             f"总体：{MARK[result.status]}    " + "  ".join(
                 f"{SEVERITY_CN[k]} {v}" for k, v in result.counts().items()),
             "", "章节："]
    if result.previous is not None:
        p = result.previous
        lines.insert(3, f"上年对比：{p.document.path}（{p.organ or '机关未识别'}，{p.year or '年度未识别'} 年度）")
    status = result.section_status()
    active = result.active()
    for s in SECTIONS_WITH_PREFACE:
        n = sum(1 for f in active if f.section == s)
        title = s if s == SECTIONS_WITH_PREFACE[0] else f"{s}、{r.section(s).standard_title}"
        found = "" if s == SECTIONS_WITH_PREFACE[0] or r.section(s).found else "（缺失）"
        lines.append(f"  {MARK[status[s]]:<6} {title}{found}  问题 {n} 个")
    if active:
        lines += ["", "问题："]
        # in the words and the order the window and the Excel list use (core/presentation.py)
        for i, f in enumerate(sorted(active, key=presentation.sort_key), 1):
            where = presentation.place(f, r)
            lines.append(f"{i:>3}. [{SEVERITY_CN[f.severity]}][{CATEGORY_CN[f.category]}] "
                         f"{presentation.section_label(f.section)}  {where}  {f.rule}")
            lines.append(f"     {f.message}")
            if f.excerpt:
                lines.append(f"     原文：{f.excerpt}")
            if f.suggestion:
                lines.append(f"     建议：{f.suggestion}")
    return "\n".join(lines)


# options that name a file the checker writes: never one of the files it checks
OUTPUT_OPTIONS = (("xlsx", "--xlsx"), ("annotate", "--annotate"))


def _refuse_writing_over_inputs(args) -> bool:
    from .export.atomic import same_file
    if getattr(args, "xlsx", None) and getattr(args, "annotate", None) and same_file(args.xlsx, args.annotate):
        print(f"--xlsx 和 --annotate 指定了同一个文件“{args.xlsx}”：整改清单会覆盖批注版，请分别指定文件名",
              file=sys.stderr)
        return True
    for attr, option in OUTPUT_OPTIONS:
        out = getattr(args, attr, None)
        if not out:
            continue
        for path in list(args.files) + ([args.previous] if getattr(args, "previous", None) else []):
            if same_file(out, path):
                print(f"{option} 指定的输出文件“{out}”就是被检查的文件“{path}”（或指向它的链接）。"
                      "为保护草稿，不会写入它（加 --force 也不会），请另选一个文件名", file=sys.stderr)
                return True
    return False


def _check_output_early(args) -> bool:
    """Say at once, not after checking every file, that the Excel file cannot be written."""
    if not args.xlsx:
        return False
    from pathlib import Path
    from .export.atomic import check_target
    from .export.errors import ExportError
    out = Path(args.xlsx).expanduser()
    if out.suffix.lower() != ".xlsx":
        print(f"导出失败：整改清单是 Excel 文件，文件名要以 .xlsx 结尾（例如“{out.stem or '整改清单'}.xlsx”）",
              file=sys.stderr)
        return True
    try:
        check_target(out.absolute(), args.force)
    except ExportError as e:
        print(f"导出失败：{e.message}", file=sys.stderr)
        return True
    return False


GLOB_CHARS = set("*?[")


def _parts_match(pattern: list[str], parts: list[str]) -> bool:
    """Path segments against pattern segments: "**" is any number of folders, the others as fnmatch
    (never across a folder boundary)."""
    import fnmatch
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return _parts_match(pattern[1:], parts) or (bool(parts) and _parts_match(pattern, parts[1:]))
    return bool(parts) and fnmatch.fnmatch(parts[0], pattern[0]) and _parts_match(pattern[1:], parts[1:])


def _glob_files(pattern: str) -> list[str]:
    """What a pattern names.  ``**`` reaches into sub-folders without following links to folders
    (a link to a parent folder would loop for ever) and names files only; names starting with "."
    and the clutter core.folder leaves out are not matched."""
    import glob
    from .folder import _skipped, path_key
    if "**" not in pattern:
        return sorted((m for m in glob.glob(pattern) if os.path.exists(m)), key=path_key)
    parts = os.path.normpath(pattern).replace("\\", "/").split("/")
    k = next(i for i, seg in enumerate(parts) if GLOB_CHARS & set(seg))
    base = "/".join(parts[:k]) or ("/" if pattern.startswith("/") else "")
    rest = parts[k:]
    found = []
    for dirpath, dirnames, filenames in os.walk(base or ".", followlinks=False):
        dirnames[:] = [d for d in dirnames if not _skipped(d)]
        rel_dir = os.path.relpath(dirpath, base or ".")
        prefix = [] if rel_dir == "." else rel_dir.replace("\\", "/").split("/")
        for name in filenames:
            if not _skipped(name) and _parts_match(rest, prefix + [name]):
                found.append(os.path.join(base, *prefix, name) if base else os.path.join(*prefix, name))
    return sorted(found, key=path_key)


def expand_inputs(inputs: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(files to check, notes on what is skipped, errors) for the FILE/DIR/GLOB arguments.

    A folder is scanned recursively (core.folder: reports and old .doc/.wps files are checked,
    Word/WPS lock files "~$…" and other files are noted and skipped; a sub-folder that cannot be
    opened is an error).  A pattern with * ? [ that names no existing file is expanded (``**``
    reaches into sub-folders, never through links to folders; folders the pattern names are
    scanned); one that finds no report is an error.  A file named is checked as given, even with
    an unusual name; a file found again — through a folder, a pattern or a link — is checked once."""
    from .folder import CHECKED_KINDS, FOLDER_REASON, TRUNCATED_REASON, classify, scan_folder
    cannot_open = FOLDER_REASON.split("{")[0]
    files, notes, errors, seen = [], [], [], set()

    def add(path: str, named: bool = False) -> bool:
        try:
            key = os.path.normcase(os.path.realpath(path))
        except (OSError, ValueError):
            key = os.path.normcase(os.path.abspath(path))
        if named or key not in seen:    # a file named twice is checked twice; one found twice, once
            seen.add(key)
            files.append(path)
            return True
        return False

    for arg in inputs:
        if os.path.isdir(arg):
            scan = scan_folder(arg)
            if scan.error:
                errors.append(f"无法检查文件夹 {arg}：{scan.error}")
                continue
            checked = [e for e in scan.entries if e.kind in CHECKED_KINDS]
            for e in scan.entries:
                where = os.path.join(arg, e.rel)
                if e.kind in CHECKED_KINDS:
                    add(where)
                elif e.reason.startswith(cannot_open):      # its reports cannot be checked
                    errors.append(f"无法检查 {where}：{e.reason}")
                else:
                    notes.append(f"跳过 {where}：{e.reason}")
            if scan.truncated:
                notes.append(TRUNCATED_REASON.format(n=len(scan.entries)))
            if not checked:
                errors.append(f"文件夹 {arg} 里没有可检查的年报文件（.docx、.pdf、.txt、.md）")
        elif not os.path.exists(arg) and GLOB_CHARS & set(arg):
            before = len(files)
            matched = _glob_files(os.path.expanduser(arg))
            for m in matched:
                if os.path.isdir(m) and os.path.islink(m):   # as in a folder scan: links to folders not followed
                    notes.append(f"跳过 {m}：指向文件夹的链接")
                    continue
                if os.path.isdir(m):               # "2024年报*": the folders it names, scanned
                    more, more_notes, more_errors = expand_inputs([m])
                    for f in more:
                        add(f)
                    notes += more_notes
                    errors += [x for x in more_errors if "没有可检查的年报文件" not in x]
                    continue
                kind, reason = classify(os.path.basename(m))
                if kind in CHECKED_KINDS:
                    add(m)
                else:
                    notes.append(f"跳过 {m}：{reason}")
            if not matched:
                errors.append(f"没有与 {arg} 匹配的文件")
            elif len(files) == before:
                errors.append(f"与 {arg} 匹配的文件中没有可检查的年报文件（.docx、.pdf、.txt、.md）")
        else:
            add(arg, named=True)     # missing or unreadable: the checker says so in its own words
    return files, notes, errors


def _previous_unusable(previous: str, this: str) -> bool:
    """--previous names a file that is not this year's report itself: said before any checking."""
    from .export.atomic import same_file
    from .oserrors import read_reason
    why = None
    if os.path.isdir(previous):
        why = "这是一个文件夹，请指定上一年度的年报文件"
    elif not os.path.exists(previous):
        why = "找不到这个文件"
    elif same_file(previous, this):
        why = "这就是要检查的报告本身，请指定上一年度的年报"
    else:
        try:
            with open(previous, "rb"):
                pass
        except OSError as e:
            why = read_reason(e)
    if why:
        print(f"无法使用上年年报 {previous}：{why}", file=sys.stderr)
    return why is not None


def _check_annotate_early(args) -> bool:
    """--annotate: one .docx or PDF draft, and a place the copy may be written; said before checking."""
    if not args.annotate:
        return False
    from pathlib import Path
    from .export.annotate import SUFFIX, default_annotated_name, draft_kind
    from .export.atomic import check_target
    from .export.errors import ExportError
    if len(args.files) != 1:
        print("--annotate 只能用于一个草稿（批注写进这一份草稿的副本）", file=sys.stderr)
        return True
    try:
        kind = draft_kind(args.files[0])
        out = Path(args.annotate).expanduser()
        if out.suffix.lower() != SUFFIX[kind]:
            from datetime import date
            raise ExportError(f"原稿是 {SUFFIX[kind][1:].upper()} 文件，批注版也要保存为 {SUFFIX[kind]} 文件"
                              f"（例如“{default_annotated_name(args.files[0], date.today(), kind)}”）")
        check_target(out.absolute(), args.force)
    except ExportError as e:
        hint = "（用 --xlsx 导出）" if "Excel" in e.message else ""
        print(f"无法导出批注版：{e.message}{hint}", file=sys.stderr)
        return True
    return False


def _print_result(args, result) -> None:
    if args.format == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(render_text(result))
        print()
    sys.stdout.flush()   # each file as soon as it is done (and a closed pipe noticed at once)


def render_comparison(result) -> str:
    """The block printed for a pair matched in the files checked: which pair, and what the
    comparison found (the crossyear findings)."""
    from . import presentation
    from .findings import SEVERITY_CN
    r, p = result.report, result.previous
    found = sorted((f for f in result.active() if f.category == "crossyear"), key=presentation.sort_key)
    lines = [f"上年对比：{r.document.path}",
             f"  与上年报告：{p.document.path}（机关：{r.organ or '（未识别）'}；{p.year} 年度 → {r.year} 年度）"]
    if not found:
        lines.append("  上年对比未发现问题")
    for i, f in enumerate(found, 1):
        lines.append(f"{i:>3}. [{SEVERITY_CN[f.severity]}] {presentation.section_label(f.section)}  "
                     f"{presentation.place(f, r)}  {f.rule}")
        lines.append(f"     {f.message}")
        if f.suggestion:
            lines.append(f"     建议：{f.suggestion}")
    return "\n".join(lines)


def cmd_check(args) -> int:
    from .pool import shared_pool
    files, notes, errors = expand_inputs(args.files)
    for line in notes + errors:
        print(line, file=sys.stderr)
    if not files:
        return 2
    if args.previous and len(files) != 1:
        print(f"--previous 只能与一个要检查的文件一起使用（现在有 {len(files)} 个）；"
              "检查一个文件夹时，同一机关相邻两年的报告会自动对比", file=sys.stderr)
        return 2
    args.files = files
    if args.previous and _previous_unusable(args.previous, files[0]):
        return 2
    if _refuse_writing_over_inputs(args) or _check_output_early(args) or _check_annotate_early(args):
        return 2
    results, worst = [], 2 if errors else 0
    seen: list[tuple[str, str | None, int | None]] = []     # (path, organ, year) of every report read
    futures = shared_pool().imap(files, timeout=args.timeout, previous=args.previous)
    for fut in futures:
        fut.wait()
        path = fut.path
        status, payload = fut.outcome()
        fut = None
        if status == "read_error":
            print(f"无法读取 {path}：{payload.message}", file=sys.stderr)
            worst = 2
            continue
        if status != "ok":  # a crash inside the checker: say so, keep going with the other files
            print(f"检查 {path} 时程序出错：{str(payload).splitlines()[0]}", file=sys.stderr)
            worst = 2
            continue
        result, payload = payload, None
        if args.xlsx or args.annotate:
            results.append(result)
        if result.status == "fail" and worst < 1:
            worst = 1
        seen.append((path, result.report.organ, result.report.year))
        _print_result(args, result)
        result = None
    if len(files) > 1 and not args.no_pair:
        worst = max(worst, _compare_pairs(args, seen, results))
    if args.annotate and results:
        from .export.annotate import annotate
        from .export.errors import ExportError
        try:
            out = annotate(results[0], files[0], args.annotate, force=args.force)
        except ExportError as e:
            print(f"无法导出批注版：{e.message}", file=sys.stderr)
            return 2
        print(f"批注版已保存：{out}", file=sys.stderr)
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


def _compare_pairs(args, seen, results) -> int:
    """Each report paired with last year's report of the same organ among the files checked is
    checked once more, compared with it; the comparison is printed, and replaces the plain result
    in the workbook.  Returns the exit code it calls for (0, 1 for a 错误, 2 unreadable)."""
    from .folder import match_pairs
    from .pool import shared_pool
    pairs = match_pairs(seen)
    if not pairs:
        return 0
    print(f"自动对比：找到 {len(pairs)} 组同一机关相邻两年的报告", file=sys.stderr)
    worst = 0
    pool = shared_pool()
    index = {os.path.normcase(os.path.abspath(r.report.document.path)): i for i, r in enumerate(results)}
    futures = [pool.submit(this, timeout=args.timeout, previous=last) for this, last in pairs.items()]
    for (this, last), fut in zip(pairs.items(), futures):
        fut.wait()
        status, payload = fut.outcome()
        if status != "ok":
            why = payload.message if status == "read_error" else str(payload).splitlines()[0]
            print(f"无法对比 {this} 与 {last}：{why}", file=sys.stderr)
            worst = 2
            continue
        if payload.status == "fail":
            worst = max(worst, 1)
        if args.format == "json":
            print(json.dumps(payload.to_json(), ensure_ascii=False))
        else:
            print(render_comparison(payload))
            print()
        sys.stdout.flush()
        i = index.get(os.path.normcase(os.path.abspath(payload.report.document.path)))
        if i is not None:
            results[i] = payload
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


def seconds(text: str) -> float:
    """--timeout: a finite number of seconds greater than 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"“{text}”不是有效的秒数，必须是大于 0 的有限数字，例如 90")
    return value


_ARGPARSE_CN = [
    ("the following arguments are required: ", "缺少参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("expected one argument", "需要一个值"),
    ("invalid choice: ", "无效的选择："),
    ("choose from ", "可选："),
    ("not allowed with argument ", "不能与此参数同时使用："),
    ("ignored explicit argument ", "多余的值："),
    ("argument ", "参数 "),
]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in Chinese."""

    def __init__(self, *a, **kw):
        kw.setdefault("formatter_class", _Formatter)
        kw.setdefault("add_help", False)
        super().__init__(*a, **kw)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        for en, cn in _ARGPARSE_CN:
            message = message.replace(en, cn)
        message = message.replace(": ", "：")
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="nianbao-check",
        description="检查政府信息公开工作年度报告草稿（.docx / .pdf / .txt / .md）是否符合国办公开办函〔2021〕30号格式。",
        epilog="退出码：0 未发现错误；1 至少一个错误；2 有文件无法读取或参数有误；130 被 Ctrl+C 中断。")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", required=True, title="命令", metavar="命令",
                           parser_class=_Parser)

    d = sub.add_parser("dump", help="以 JSON 输出识别出的标题、年度、六个部分和三张表格的每个单元格")
    d.add_argument("file", metavar="FILE", help="要读取的文件")
    d.add_argument("--compact", action="store_true", help="单行 JSON")
    d.add_argument("--timeout", type=seconds, default=90.0, metavar="SECONDS",
                   help="最多读取多少秒，超时按无法读取处理（默认 90）")
    d.set_defaults(func=cmd_dump)

    c = sub.add_parser("check", help="检查一个或多个草稿，输出各部分状态和问题清单")
    c.add_argument("files", nargs="+", metavar="FILE",
                   help="要检查的文件、文件夹（包括子文件夹）或通配符（如 \"2024/*.docx\"、\"年报/**/*.pdf\"）；"
                        "多个文件并行检查，按给出的顺序（文件夹内按文件名）输出")
    c.add_argument("--previous", metavar="LAST",
                   help="与同一机关上一年度的年报 LAST 对比（上年结转、规范性文件存量、照搬上年等），只检查一个文件时使用")
    c.add_argument("--no-pair", action="store_true",
                   help="检查多个文件时，不自动对比同一机关相邻两年的报告（默认自动对比，结果附在最后）")
    c.add_argument("--annotate", metavar="OUT",
                   help="另存一份带批注的草稿副本：.docx 每个问题一条 Word 批注，PDF 每个问题一处高亮和注释"
                        "（只能检查一个 .docx 或 PDF 文件时使用；原稿不会被修改）")
    c.add_argument("--format", choices=["text", "json"], default="text",
                   help="text：中文报告（默认）；json：每个文件一行 JSON（自动对比上年的结果另起一行，带 previous 字段）")
    c.add_argument("--xlsx", metavar="OUT", help="把整改清单导出为 Excel 文件（多个文件合并为一个工作簿）")
    c.add_argument("--force", action="store_true", help="导出（--xlsx、--annotate）时覆盖已存在的文件（被检查的文件本身永远不会被覆盖）")
    c.add_argument("--timeout", type=seconds, default=90.0, metavar="SECONDS",
                   help="每个文件最多检查多少秒，超时按无法读取处理（默认 90）")
    c.set_defaults(func=cmd_check)

    r = sub.add_parser("rules", help="列出全部检查规则")
    r.add_argument("--format", choices=["text", "json"], default="text", help="text（默认）或 json")
    r.add_argument("-v", "--verbose", action="store_true", help="同时显示每条规则的说明")
    r.set_defaults(func=cmd_rules)
    return p


def _stop_checks() -> None:
    from . import pool
    pool.shutdown_shared_pool(wait=True)


def _stdout_gone() -> None:
    """Our reader went away (``… | head``): no more output, and no complaint at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    _stdout_utf8()
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except KeyboardInterrupt:
        # Ctrl+C: stop the checks (the workers ignore SIGINT and end when told), no traceback
        try:
            old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        except (ValueError, OSError):   # not the main thread
            old = None
        try:
            _stop_checks()
            print(file=sys.stderr)
        finally:
            if old is not None:
                signal.signal(signal.SIGINT, old)
        return 130
    except BrokenPipeError:
        _stdout_gone()
        _stop_checks()
        return 141


if __name__ == "__main__":
    sys.exit(main())
