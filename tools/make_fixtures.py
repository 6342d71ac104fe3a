"""Make the Word and PDF test fixtures from the seed texts.

For every tests/fixtures/seeds/NNN.txt this writes NNN.docx (real Word tables,
merged cells where a real report has them) and NNN.pdf (LibreOffice headless
export of that .docx), and copies 000.docx to resources/samples/sample.docx.

    python3 tools/make_fixtures.py            # all seeds, .docx and .pdf
    python3 tools/make_fixtures.py --no-pdf   # .docx only
    python3 tools/make_fixtures.py --out DIR tests/fixtures/seeds/001.txt

The .docx is deterministic: same seed and same script -> same bytes.  Its
"keywords" property holds the SHA-256 of its word/document.xml; LibreOffice
copies it into the PDF, so a test can tell whether a PDF is up to date.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402

from core.model import Paragraph, Table  # noqa: E402
from core.readers.text import read_text  # noqa: E402
from core.textnorm import looks_numeric  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SAMPLE = ROOT / "resources" / "samples" / "sample.docx"
FIXED_TIME = dt.datetime(2025, 1, 1, 8, 0, 0)
ZIP_TIME = (2025, 1, 1, 8, 0, 0)
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.0

_CN = "一二三四五六七八九十"
_HEADING_LIKE = re.compile(rf"^(?:[{_CN}]+、|[（(][{_CN}]+[）)])")
_MARK_DUN = re.compile(rf"^[{_CN}]+、")        # 一、  (top-level row of table 三)
_MARK_PAREN = re.compile(rf"^[（(][{_CN}]+[）)]")  # （一） (group inside 三、)


# ---------------------------------------------------------------- merge plan

def _marker_kind(text: str) -> str | None:
    if _MARK_DUN.match(text):
        return "dun"
    if _MARK_PAREN.match(text):
        return "paren"
    return None


def plan_merges(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Where a real report merges cells: {(row, col) of a merged cell: (rowspan, colspan)}.

    - a row without numbers (caption/header): an empty cell right of a non-empty
      one merges into it; an empty cell below a header cell of the header row
      above merges into that cell (all its columns must be empty);
    - a row with numbers: only its label columns (left of the first number)
      merge: an empty cell below a group label (a label with sub-labels to its
      right, e.g. "三、本年度办理结果", "(三) 不予公开") joins the group unless the
      row has a label of the same rank; an empty label cell right of a label joins it.
    Every number keeps its own cell.  Slots not covered are plain 1x1 cells.
    """
    width = max((len(r) for r in rows), default=0)
    text = [[(r[c].strip() if c < len(r) else "") for c in range(width)] for r in rows]
    numeric = [any(looks_numeric(t) for t in row) for row in text]
    owner: list[list[tuple[int, int] | None]] = [[None] * width for _ in rows]
    span: dict[tuple[int, int], list[int]] = {}
    group: set[tuple[int, int]] = set()
    for r, row in enumerate(text):
        first_num = next((c for c, t in enumerate(row) if looks_numeric(t)), width)
        if r > 0:
            _merge_down(r, text, numeric, first_num, owner, span, group)
        _merge_across(r, text, numeric[r], first_num, owner, span, group)
    return {k: (v[0], v[1]) for k, v in span.items() if v != [1, 1]}


def _merge_down(r, text, numeric, first_num, owner, span, group) -> None:
    row = text[r]
    ranks = {_marker_kind(t) for t in row[:first_num] if t}
    origins = list(dict.fromkeys(o for o in owner[r - 1] if o is not None))
    for o in origins:
        r0, c0 = o
        rs, cs = span[o]
        cols = range(c0, c0 + cs)
        if r0 + rs != r or not text[r0][c0]:
            continue
        if any(row[c] or owner[r][c] is not None for c in cols):
            continue
        if not numeric[r]:
            ok = not numeric[r - 1]
        else:
            ok = o in group and cols[-1] < first_num and _marker_kind(text[r0][c0]) not in ranks
        if ok:
            for c in cols:
                owner[r][c] = o
            span[o][0] += 1


def _merge_across(r, text, is_numeric, first_num, owner, span, group) -> None:
    row = text[r]
    width = len(row)
    limit = first_num if is_numeric else width
    c = 0
    while c < width:
        if owner[r][c] is not None:
            c += 1
            continue
        o = (r, c)
        owner[r][c] = o
        span[o] = [1, 1]
        k = c + 1
        if row[c] and c < limit:
            while k < limit and not row[k] and owner[r][k] is None:
                owner[r][k] = o
                span[o][1] += 1
                k += 1
            if is_numeric and any(row[j] for j in range(k, first_num)):
                group.add(o)  # a label with sub-labels to its right
        c = k


# ---------------------------------------------------------------- document building

def _set_run_font(run, size: float | None = None, bold: bool | None = None, east_asia: str = BODY_FONT) -> None:
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def _setup_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for level in range(1, 7):
        st = document.styles[f"Heading {level}"]
        st.font.name = LATIN_FONT
        st.font.size = Pt(18 if level == 1 else 14 if level == 2 else 12)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.bold = True
        st.font.italic = False
        rfonts = st.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        rfonts.set(qn("w:eastAsia"), HEADING_FONT)


def _setup_page(document) -> None:
    sec = document.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)  # A4
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)


def _add_paragraph(document, para: Paragraph) -> None:
    if para.heading_level:
        p = document.add_paragraph(style=f"Heading {min(para.heading_level, 6)}")
        if para.heading_level == 1:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_run_font(p.add_run(para.text), east_asia=HEADING_FONT)
        return
    p = document.add_paragraph()
    heading_like = len(para.text) <= 30 and _HEADING_LIKE.match(para.text) and "。" not in para.text
    if not heading_like:
        p.paragraph_format.first_line_indent = Pt(24)
    for text, bold in _runs_of(para):
        _set_run_font(p.add_run(text), bold=bool(bold or heading_like) or None)


def _runs_of(para: Paragraph) -> list[tuple[str, bool]]:
    """The paragraph as runs, the parts a markdown seed set in **bold** kept bold."""
    raw = para.raw.strip()
    if "**" in raw and "\n" not in raw:
        parts = raw.split("**")
        if "".join(parts).strip() == para.text:
            parts[0] = parts[0].lstrip()
            parts[-1] = parts[-1].rstrip()
            return [(t, i % 2 == 1) for i, t in enumerate(parts) if t]
    return [(para.text, False)]


def _cell_lines(raw: str | None) -> list[str]:
    """A seed cell's text as the lines of a Word cell (markdown <br> = new paragraph)."""
    parts = re.split(r"<br\s*/?>", (raw or "").strip(), flags=re.I)
    return [p.strip() for p in parts]


def _table_rows(table: Table) -> list[list[list[str]]]:
    """Cell lines per row, ragged rows padded and right-hand columns empty everywhere dropped."""
    width = table.n_cols
    rows = [[_cell_lines(c.raw if c else "") for c in row] + [[""]] * (width - len(row)) for row in table.grid]
    while width > 1 and all(not "".join(r[width - 1]) for r in rows):
        width -= 1
    return [r[:width] for r in rows]


def _column_widths(rows: list[list[str]]) -> list[float]:
    width = len(rows[0])
    weight = [2.0] * width
    for row in rows:
        if any(looks_numeric(t) for t in row):
            for c, t in enumerate(row):
                weight[c] = max(weight[c], min(len(t), 14) / 1.2)
    total = sum(weight)
    return [TEXT_WIDTH_CM * w / total for w in weight]


def _add_table(document, table: Table) -> None:
    lines = _table_rows(table)
    texts = [["".join(cell) for cell in row] for row in lines]
    n_rows, n_cols = len(lines), len(lines[0])
    size = 9 if n_cols >= 8 else 10.5
    t = document.add_table(rows=n_rows, cols=n_cols)
    t.style = document.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = _column_widths(texts)
    for c, w in enumerate(widths):
        t.columns[c].width = Cm(w)
    cells = t._cells  # all cells, row by row (t.cell() recomputes this on every call)
    for r, row in enumerate(lines):
        for c, cell_lines in enumerate(row):
            cell = cells[r * n_cols + c]
            cell.width = Cm(widths[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            for i, line in enumerate(cell_lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                if looks_numeric(line) or not any(looks_numeric(x) for x in texts[r]):
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if line:
                    _set_run_font(p.add_run(line), size=size)
    for (r, c), (rs, cs) in sorted(plan_merges(texts).items()):
        cells[r * n_cols + c].merge(cells[(r + rs - 1) * n_cols + c + cs - 1])
    document.add_paragraph()  # Word keeps a paragraph between consecutive tables


def build_docx(seed: Path) -> "docx.document.Document":
    source = read_text(seed)
    document = docx.Document()
    _setup_page(document)
    _setup_styles(document)
    for block in source.blocks:
        if isinstance(block, Table):
            _add_table(document, block)
        else:
            _add_paragraph(document, block)
    return document


def _set_properties(document, title: str, keywords: str) -> None:
    cp = document.core_properties
    cp.title = title
    cp.author = cp.last_modified_by = "nianbao-checker fixtures"
    cp.keywords = keywords
    cp.created = cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1


def _docx_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _normalise_zip(data: bytes) -> bytes:
    """Same content -> same bytes: fixed timestamps and member order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml")


def content_hash(data: bytes) -> str:
    """The fingerprint of a fixture .docx: SHA-256 of its word/document.xml."""
    return hashlib.sha256(document_xml(data)).hexdigest()


def make_docx(seed: Path, out: Path) -> Path:
    document = build_docx(seed)
    _set_properties(document, seed.stem, "")
    fingerprint = content_hash(_docx_bytes(document))
    _set_properties(document, seed.stem, fingerprint)
    target = out / f"{seed.stem}.docx"
    target.write_bytes(_normalise_zip(_docx_bytes(document)))
    return target


# ---------------------------------------------------------------- PDF

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def make_pdfs(docx_files: list[Path], out: Path) -> None:
    exe = soffice()
    if not exe:
        raise SystemExit("LibreOffice (soffice) is not installed: cannot make the PDFs (use --no-pdf)")
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_files)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    for f in docx_files:
        if not (out / f"{f.stem}.pdf").exists():
            raise SystemExit(f"LibreOffice did not write {f.stem}.pdf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="*", type=Path, help="seed .txt files (default: all in tests/fixtures/seeds)")
    ap.add_argument("--out", type=Path, default=SEEDS, help="output folder (default: next to the seeds)")
    ap.add_argument("--no-pdf", action="store_true", help="write the .docx files only")
    args = ap.parse_args(argv)
    seeds = args.seeds or sorted(SEEDS.glob("[0-9][0-9][0-9].txt"))
    args.out.mkdir(parents=True, exist_ok=True)
    made = [make_docx(s, args.out) for s in seeds]
    for f in made:
        print(f"wrote {f}")
    if not args.no_pdf:
        make_pdfs(made, args.out)
        print(f"wrote {len(made)} PDF file(s) to {args.out}")
    sample_src = args.out / "000.docx"
    if args.out.resolve() == SEEDS.resolve() and sample_src in made:
        SAMPLE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample_src, SAMPLE)
        print(f"wrote {SAMPLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
