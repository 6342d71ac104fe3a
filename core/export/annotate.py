"""The annotated draft (批注版): a copy of the draft with every finding marked where it is.

``annotate(result, draft, out)`` is the one entry point (CLI ``check DRAFT --annotate OUT``, GUI
导出批注版…):

- a .docx draft -> a .docx copy with one Word comment (批注) per finding (annotate_docx.py);
- a PDF draft -> a PDF copy with one highlight and its note per finding (annotate_pdf.py);
- a .txt/.md draft -> refused: the marks need the original layout; the Excel list is offered.

The draft itself is only read (its bytes once, into memory): the copy is written atomically to
another file (core/export/atomic.py), never over the draft — not even with ``force`` — and never
over an existing file without ``force``.

Where a finding is marked (``plan``) is decided here, the same for both formats: the finding's own
place; else the cell it names; else its section's heading.  A finding about a part that is not
there (a missing section) is marked on the nearest heading, and its note says where the text goes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..findings import SEVERITY_CN, CheckResult, Finding
from ..model import Location, Paragraph, ReadError
from ..template import PREFACE, SECTION_NUMBERS
from .atomic import check_target, write_atomically
from .errors import ExportError

AUTHOR = "年报检查"
INITIALS = "年报"

MSG_TEXT_DRAFT = "批注版需要 .docx 或 PDF 原稿，可以导出 Excel 整改清单"
MSG_SAME_FILE = "批注版不能保存在原稿上（会覆盖草稿），请另选文件名"
MAX_DRAFT_BYTES = 50 * 1024 * 1024

SUFFIX = {"docx": ".docx", "pdf": ".pdf"}


# ---------------------------------------------------------------- what to mark, and where

@dataclass
class Mark:
    """One finding to mark: where (``loc``: a place in ``result.report.document``) and what to say."""

    finding: Finding
    loc: Location | None
    note: str = ""          # where missing text belongs, when ``loc`` is a stand-in (a nearby heading)
    ignored: bool = False

    @property
    def text(self) -> str:
        return comment_text(self.finding, self.note, self.ignored)


def comment_text(f: Finding, note: str = "", ignored: bool = False) -> str:
    """【错误】message 建议：suggestion（RULE）; the note on where missing text goes before the rule."""
    sev = SEVERITY_CN.get(f.severity, f.severity)
    head = f"【{sev}·已忽略】" if ignored else f"【{sev}】"
    text = head + f.message.strip()
    if f.suggestion.strip():
        text += f" 建议：{f.suggestion.strip()}"
    if note:
        text += f" {note}"
    return text + f"（{f.rule}）"


def plan(result: CheckResult, include_ignored: bool = False) -> list[Mark]:
    """The findings to mark, in the order of the result, each with the place to mark it."""
    marks = []
    for f in result.findings:
        ignored = f.fingerprint() in result.ignored
        if ignored and not include_ignored:
            continue
        loc, note = _place(result, f)
        marks.append(Mark(f, loc, note, ignored))
    return marks


def _has_spot(loc: Location | None) -> bool:
    """A place more precise than a whole paragraph: a span or a table (cell)."""
    return loc is not None and (loc.start is not None or loc.table is not None)


def _place(result: CheckResult, f: Finding) -> tuple[Location | None, str]:
    report = result.report
    s = report.section(f.section) if f.section in SECTION_NUMBERS else None
    if s is not None and not s.found and not _has_spot(f.loc):
        anchor = _missing_section_anchor(result, f.section)
        if anchor is not None:
            return anchor
    if f.loc is not None and (f.loc.paragraph is not None or f.loc.table is not None
                              or f.loc.page is not None):
        return f.loc, ""
    for ref in list(f.cells) + list(f.target_cells):
        rt = report.tables.get(ref.table)
        cv = rt.cells.get((ref.row, ref.col)) if rt else None
        if cv is not None and cv.loc is not None:
            return cv.loc, ""
    heading = _section_heading(result, f.section)
    if heading is not None:
        return heading.loc, ""
    title = _title_block(result)
    return (title.loc if title is not None else f.loc), ""


def _section_heading(result: CheckResult, number: str) -> Paragraph | None:
    s = result.report.section(number) if number != PREFACE else None
    if s is None or not s.found or s.heading_block is None:
        return None
    blocks = result.report.document.blocks
    b = blocks[s.heading_block] if 0 <= s.heading_block < len(blocks) else None
    return b if isinstance(b, Paragraph) else None


def _title_block(result: CheckResult) -> Paragraph | None:
    report = result.report
    blocks = report.document.blocks
    if report.title_loc is not None and report.title_loc.paragraph is not None:
        i = report.title_loc.paragraph
        if 0 <= i < len(blocks) and isinstance(blocks[i], Paragraph):
            return blocks[i]
    return next(report.document.paragraphs(), None)


def _missing_section_anchor(result: CheckResult, number: str) -> tuple[Location, str] | None:
    """The heading nearest to where a missing section belongs, and the note saying where."""
    order = list(SECTION_NUMBERS)
    i = order.index(number)
    standard = result.report.section(number)
    wanted = f"“{number}、{standard.standard_title}”" if standard else f"第{number}部分"
    for later in order[i + 1:]:                 # the heading it must come before
        h = _section_heading(result, later)
        if h is not None:
            return h.loc, f"位置：{wanted}应补写在本标题之前。"
    for earlier in reversed(order[:i]):         # else: after the part before it
        h = _section_heading(result, earlier)
        if h is not None:
            return h.loc, f"位置：{wanted}应补写在“{h.text[:30]}”这一部分之后。"
    title = _title_block(result)
    if title is not None:
        return title.loc, f"位置：{wanted}应补写在标题之后的正文中。"
    return None


# ---------------------------------------------------------------- files

def default_annotated_name(draft_path: str | os.PathLike, today: date, kind: str | None = None) -> str:
    """"<draft stem>_批注_<YYYYMMDD>.docx|.pdf", proposed next to the draft."""
    p = Path(draft_path)
    suffix = SUFFIX.get(kind or "", ".pdf" if p.suffix.lower() == ".pdf" else ".docx")
    return f"{p.stem}_批注_{today:%Y%m%d}{suffix}"


def draft_kind(draft_path: str | os.PathLike) -> str:
    """"docx" or "pdf" by the draft's bytes; ExportError (in Chinese) for anything else."""
    from ..readers import sniff_format
    try:
        if os.path.isfile(draft_path) and os.path.getsize(draft_path) == 0:
            raise ExportError("原稿是空文件（0 字节），请确认选择的文件")
        fmt = sniff_format(draft_path)
    except FileNotFoundError:
        raise ExportError(f"找不到原稿：{draft_path}") from None
    except IsADirectoryError:
        raise ExportError("原稿是一个文件夹，请选择年报文件") from None
    except OSError as e:
        raise ExportError(f"无法打开原稿：{e.strerror or e}") from None
    if fmt in ("docx", "pdf"):
        return fmt
    if fmt == "doc":
        raise ExportError("原稿是旧版 .doc 格式（或已加密），请在 WPS/Word 中另存为 .docx 后再导出批注版")
    if fmt.endswith("?"):
        raise ExportError(f"原稿扩展名是 .{fmt[:-1]}，但内容不是 {fmt[:-1].upper()} 文件，无法生成批注版")
    raise ExportError(MSG_TEXT_DRAFT)


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True if a and b name one file: the same path, a symbolic or hard link to it."""
    try:
        if os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    ra = os.path.normcase(os.path.realpath(os.path.abspath(os.path.expanduser(a))))
    rb = os.path.normcase(os.path.realpath(os.path.abspath(os.path.expanduser(b))))
    return ra == rb


def _read_draft(src: Path) -> bytes:
    try:
        size = src.stat().st_size
        if size > MAX_DRAFT_BYTES:
            raise ExportError(f"原稿太大（{size // 1024 // 1024} MB），无法生成批注版")
        with open(src, "rb") as fh:        # read once, read-only; nothing else touches the draft
            return fh.read(MAX_DRAFT_BYTES + 1)
    except OSError as e:
        raise ExportError(f"无法读取原稿：{e.strerror or e}") from None


def annotate(result: CheckResult, src_path: str | os.PathLike, out_path: str | os.PathLike, *,
             force: bool = False, include_ignored: bool = False) -> Path:
    """Write the annotated copy of the draft ``src_path`` to ``out_path``; return its path.

    ``result`` is the check of that draft.  Raises ExportError with a Chinese message for a
    .txt/.md draft, an output that is the draft itself (refused even with ``force``), an existing
    output without ``force``, an output of another format than the draft, or a failed write."""
    src = Path(src_path).expanduser()
    out = Path(out_path).expanduser()
    kind = draft_kind(src)
    if same_file(src, out):
        raise ExportError(MSG_SAME_FILE)
    if out.suffix.lower() != SUFFIX[kind] and out.suffix.lower() != src.suffix.lower():
        raise ExportError(f"原稿是 {SUFFIX[kind][1:].upper()} 文件，批注版也要保存为 {SUFFIX[kind]} 文件"
                          f"（例如“{default_annotated_name(src, date.today(), kind)}”）")
    fmt = result.report.document.format
    if fmt != kind:
        raise ExportError(f"检查结果来自 {fmt} 文件，与原稿（{kind}）不符，请重新检查后再导出批注版")
    check_target(out.absolute(), force)   # early: before any work
    marks = plan(result, include_ignored)
    data = _read_draft(src)
    try:
        if kind == "docx":
            from .annotate_docx import annotated_docx
            document = annotated_docx(result, data, marks)
            write = document.save
        else:
            from .annotate_pdf import annotated_pdf
            writer = annotated_pdf(result, data, marks)

            def write(tmp: str) -> None:
                with open(tmp, "wb") as fh:
                    writer.write(fh)
    except ReadError as e:
        raise ExportError(f"无法生成批注版：{e.message}") from None
    # the draft may have been renamed over the target while we worked: check again, then write
    if same_file(src, out):
        raise ExportError(MSG_SAME_FILE)
    return write_atomically(out, write, force=force)
