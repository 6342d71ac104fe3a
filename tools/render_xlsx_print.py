"""The printed 整改清单: check drafts, export the workbook, print it to PDF with LibreOffice and measure it.

    python3 tools/render_xlsx_print.py              # the defaults below
    python3 tools/render_xlsx_print.py --single A.docx --out-single a.png --no-folder
    python3 tools/render_xlsx_print.py --folder DIR --out-folder b.png --no-single --keep /tmp/keep

Defaults: single = tests/fixtures/corpus/11_pingtan-haitanpianqu_2022.docx -> docs/xlsx-print-single.png,
folder = every tests/fixtures/corpus/*.docx except template-2021.docx in one workbook ->
docs/xlsx-print-folder.png (page 1 of the 整改清单 each, rendered with ``pdftoppm -r 110``).

What is measured, from the PDF (pdfplumber), on the pages of the 整改清单 (found by its column titles
原文摘录/问题说明/修改建议 — LibreOffice prints every sheet):
  - the smallest font size of the list's text (the table, not the page header/footer): must be >= 9 pt;
  - the page size: must be A4 landscape (842 x 595 pt);
  - the number of pages;
  - every column on every page (the title row repeats, so a page without 序号 or without the last
    column's title means the columns were split over pages), nothing past the right margin;
  - the page header (``core.export.xlsx.page_header``: title, organ, year, file name, check time; for
    several reports the number of reports and the check time) legible at the top of every page, with no
    two header characters printed over each other.
Exit status 1 when one of these fails (2 when LibreOffice or pdftoppm fails).

Needs LibreOffice Calc (Debian: libreoffice-calc-nogui — with Writer alone soffice says "source file
could not be loaded" for an .xlsx), pdftoppm (poppler-utils), a Chinese font (fonts-wqy-microhei) and,
for column widths as in Excel, Carlito (fonts-crosextra-carlito, metric-compatible with Calibri, the
workbook's default font that Excel's column-width unit is based on).
"""
from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from core.check import check_file  # noqa: E402
from core.export.xlsx import export_xlsx, page_header  # noqa: E402
from core.export.xlsx_findings import _columns  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SINGLE = CORPUS / "11_pingtan-haitanpianqu_2022.docx"
SKIP = {"template-2021.docx"}
A4 = (841.89, 595.28)           # landscape, points
MIN_PT = 9.0
LIST_MARKERS = ("原文摘录", "问题说明", "修改建议")   # column titles only the findings sheets have


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------- LibreOffice

def to_pdf(book: Path, work: Path) -> Path:
    """soffice --headless --convert-to pdf, with a private profile and HOME (ASCII paths)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice (soffice) is not installed")
    home = work / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, HOME=str(home), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("DISPLAY", None)
    cmd = [exe, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(work), str(book)]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    pdf = work / (book.stem + ".pdf")
    if p.returncode != 0 or not pdf.exists():
        hint = ""
        if "could not be loaded" in p.stderr + p.stdout:
            hint = ("\n(LibreOffice has no filter for the file: is Calc installed? "
                    "Debian: apt-get install libreoffice-calc-nogui)")
        print(f"LibreOffice failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}{p.stderr}{hint}", file=sys.stderr)
        raise SystemExit(2)
    return pdf


def render_page(pdf: Path, page_no: int, png: Path, dpi: int = 110) -> None:
    """One page (1-based) of the PDF as a PNG."""
    png.parent.mkdir(parents=True, exist_ok=True)
    prefix = png.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page_no), "-l", str(page_no), "-singlefile",
                    str(pdf), str(prefix)], check=True)
    if prefix.with_suffix(".png") != png:
        prefix.with_suffix(".png").replace(png)


# ---------------------------------------------------------------- measuring

@dataclass
class PageFacts:
    number: int                 # 1-based, in the whole PDF
    width: float
    height: float
    body_sizes: list[float]
    header_text: str
    header_sizes: list[float]
    titles_missing: list[str]
    right_edge: float           # rightmost ink of the table
    overprinted: list[str] = field(default_factory=list)


def header_overprints(chars: list[dict]) -> list[str]:
    """Pairs of header characters drawn over each other (the left/centre/right parts colliding)."""
    out = []
    cs = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
    for a, b in itertools.pairwise(cs):
        same_line = abs(a["top"] - b["top"]) < 0.5 * min(a["size"], b["size"])
        overlap = b["x0"] < a["x1"] - 0.25 * min(a["size"], b["size"])
        if same_line and overlap and a["text"].strip() and b["text"].strip():
            out.append(a["text"] + b["text"])
    return out


def page_facts(page, number: int, titles: list[str]) -> PageFacts:
    vlines = [e for e in page.edges if e["orientation"] == "v"]
    hlines = [e for e in page.edges if e["orientation"] == "h"]
    table_top = min((e["top"] for e in hlines + vlines), default=page.height / 6)
    table_bottom = max((e["bottom"] for e in hlines + vlines), default=page.height * 5 / 6)
    right = max((e["x1"] for e in page.edges), default=0.0)
    body = [c for c in page.chars if table_top - 1 <= c["top"] <= table_bottom + 1 and c["text"].strip()]
    head = [c for c in page.chars if c["bottom"] <= table_top + 0.5 and c["text"].strip()]
    # the title row (repeated on every page): each title's characters inside one column of its cells
    xs = sorted({round(e["x0"], 0) for e in vlines})
    bounds = [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] > 2]
    row_bottom = min((e["top"] for e in hlines if e["top"] > table_top + 5), default=table_top + 40)
    cells = ["".join(c["text"] for c in sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
                     if a <= (c["x0"] + c["x1"]) / 2 < b and table_top <= c["top"] < row_bottom)
             for a, b in itertools.pairwise(bounds)]
    missing = [t for t in titles if squash(t) not in cells]
    head_text = page.crop((0, 0, page.width, max(1.0, table_top))).extract_text() or ""
    return PageFacts(number, page.width, page.height, sorted({round(c["size"], 2) for c in body}), head_text,
                     sorted({round(c["size"], 2) for c in head}), missing, right, header_overprints(head))


def list_pages(pdf: Path, titles: list[str]) -> tuple[list[PageFacts], int]:
    """Facts of the pages of the 整改清单 (pages with its column titles), and the PDF's page count."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for i, page in enumerate(doc.pages, 1):
            if any(m in squash(page.extract_text() or "") for m in LIST_MARKERS):
                out.append(page_facts(page, i, titles))
        return out, len(doc.pages)


def header_pieces(results) -> list[str]:
    """What must be legible at the top of every page."""
    if len(results) == 1:
        r = results[0].report
        pieces = [r.title or "", r.organ or "", f"{r.year}年度" if r.year else "",
                  Path(r.document.path).name, f"检查时间 {results[0].checked_at:%Y-%m-%d %H:%M}"]
        return [p for p in pieces if p]
    when = max(res.checked_at for res in results)
    return [f"{len(results)} 份报告", f"检查时间 {when:%Y-%m-%d %H:%M}"]


# ---------------------------------------------------------------- one workbook

def run(name: str, drafts: list[Path], png: Path, work: Path, dpi: int) -> bool:
    print(f"== {name}: {len(drafts)} draft(s)")
    results = []
    for d in drafts:
        results.append(check_file(d))
    n_findings = sum(len(r.active()) for r in results)
    book = export_xlsx(results, work / f"{name}.xlsx", force=True)
    pdf = to_pdf(book, work)
    several = len(results) > 1
    titles = [c.title for c in _columns(several, True)]
    pages, total = list_pages(pdf, titles)
    if not pages:
        print(f"  no page of the PDF ({total} pages) has the list's column titles", file=sys.stderr)
        return False
    pieces = header_pieces(results)
    ok = True

    def verdict(cond: bool, what: str) -> None:
        nonlocal ok
        ok &= cond
        print(f"  [{'ok' if cond else 'FAIL'}] {what}")

    left, right = page_header(results)
    print(f"  workbook: {book}  ({n_findings} findings; PDF of all sheets: {total} pages)")
    print(f"  page header as written: left {left!r}, right {right!r}")
    first, last = pages[0].number, pages[-1].number
    contiguous = [p.number for p in pages] == list(range(first, last + 1))
    verdict(contiguous, f"整改清单: {len(pages)} page(s), PDF pages {first}-{last}")
    sizes = sorted({s for p in pages for s in p.body_sizes})
    min_pt = min(sizes) if sizes else 0.0
    verdict(min_pt >= MIN_PT, f"smallest font of the list's text: {min_pt:.2f} pt (sizes {sizes}; need >= {MIN_PT:g})")
    hsizes = sorted({s for p in pages for s in p.header_sizes})
    print(f"  page header font sizes: {hsizes} pt")
    dims = {(round(p.width), round(p.height)) for p in pages}
    a4l = all(abs(p.width - A4[0]) < 2 and abs(p.height - A4[1]) < 2 for p in pages)
    verdict(a4l, "page size: " + ", ".join(f"{w}x{h} pt" for w, h in sorted(dims))
            + (" = A4 landscape" if a4l else " (A4 landscape is 842x595 pt)"))
    split = [p for p in pages if p.titles_missing]
    verdict(not split, "all columns on every page" + "".join(
        f"; page {p.number} lacks {'/'.join(p.titles_missing)}" for p in split))
    widest = max(p.right_edge for p in pages)
    verdict(all(p.right_edge <= p.width - 18 for p in pages),
            f"table's right edge at {widest:.1f} pt of {pages[0].width:.0f} (margin 36 pt)")
    bad_header = []
    for p in pages:
        flat = squash(p.header_text)
        lost = [x for x in pieces if squash(x) not in flat]
        if lost or p.overprinted:
            bad_header.append(f"page {p.number}: " + (f"not legible: {lost}" if lost else "")
                              + (f" overprinted: {p.overprinted[:6]}" if p.overprinted else ""))
    verdict(not bad_header, f"page header {pieces} on every page: {'yes' if not bad_header else 'no'}")
    for b in bad_header:
        print(f"      {b}")
    print("  header of page 1 as printed:", " | ".join(pages[0].header_text.splitlines()))
    render_page(pdf, first, png, dpi)
    print(f"  page 1 of the list -> {png}")
    return ok


def font_notes() -> None:
    def q(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
        except OSError:
            return ""
    zh = q("fc-list", ":lang=zh", "family")
    print("Chinese fonts:", "; ".join(sorted(set(zh.splitlines()))[:4]) or "NONE (Chinese would print as boxes: "
          "apt-get install fonts-wqy-microhei)")
    calibri = q("fc-match", "Calibri")
    note = "" if re.search(r"carlito|calibri", calibri, re.IGNORECASE) else (
        "  <- not metric-compatible: LibreOffice makes every column about a third wider than Excel does "
        "(apt-get install fonts-crosextra-carlito)")
    print(f"Calibri (the workbook's default font, the unit of column widths) -> {calibri}{note}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--single", type=Path, default=SINGLE)
    ap.add_argument("--out-single", type=Path, default=ROOT / "docs" / "xlsx-print-single.png")
    ap.add_argument("--folder", type=Path, default=CORPUS, help="a folder of drafts (its *.docx)")
    ap.add_argument("--out-folder", type=Path, default=ROOT / "docs" / "xlsx-print-folder.png")
    ap.add_argument("--no-single", action="store_true")
    ap.add_argument("--no-folder", action="store_true")
    ap.add_argument("--dpi", type=int, default=110)
    ap.add_argument("--keep", type=Path, help="keep the workbooks and PDFs in this folder")
    a = ap.parse_args(argv)
    font_notes()
    work = Path(tempfile.mkdtemp(prefix="xlsxprint-", dir="/tmp"))   # ASCII, writable
    ok = True
    try:
        if not a.no_single:
            ok &= run("single", [a.single.resolve()], a.out_single.resolve(), work, a.dpi)
        if not a.no_folder:
            drafts = sorted(p.resolve() for p in a.folder.glob("*.docx") if p.name not in SKIP
                            and not p.name.startswith("~$"))
            ok &= run("folder", drafts, a.out_folder.resolve(), work, a.dpi)
        if a.keep:
            a.keep.mkdir(parents=True, exist_ok=True)
            for f in list(work.glob("*.xlsx")) + list(work.glob("*.pdf")):
                shutil.copy2(f, a.keep / f.name)
            print(f"workbooks and PDFs kept in {a.keep}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("all requirements met" if ok else "SOME REQUIREMENTS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
