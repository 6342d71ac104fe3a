"""Reading speed: our PDF check next to pdfplumber alone and pypdfium2 alone, and .docx reading.

For every fixture PDF and every real PDF it prints, in CPU milliseconds (median of ROUNDS rounds
in this one run, the three measurements interleaved so that a busy machine slows all alike):

- ours:        the whole check of the file -- read, recognise, run the rules (``check_file``);
- read:        our reader alone (``read_document``);
- pdfplumber:  pdfplumber alone, ``extract_text()`` + ``extract_tables()`` on every page (what
               the checker cost before: pdfminer parsing the page content in Python);
- pdfium text: pypdfium2 alone, the text of every page (the floor for any reader on pdfium);
- ratio:       ours / pdfplumber (target <= 0.35, moonshot <= 0.25).

Prints figures, asserts nothing.  Run: python3 bench/bench_read.py [folder] [--rounds N]
(default: tests/fixtures; the malformed corpus is left out).

``--compare REV`` instead compares the PDF reader of git revision REV (e.g. the last pdfminer-based
one) with the current one on the same PDFs: the findings of the whole check (rule, section,
severity, message, location), and what was read (paragraph and cell texts, places, boxes).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 5


def cpu_ms(fn) -> float:
    t = time.process_time()
    fn()
    return (time.process_time() - t) * 1000


def plumber_alone(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def pdfium_text(path: Path) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        for page in doc:
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
    finally:
        doc.close()


def ours(path: Path) -> None:
    from core.check import check_file

    check_file(path)


def read_any(path: Path) -> None:
    from core.readers import read_document

    read_document(path)


def bench_pdf(p: Path, rounds: int) -> tuple[float, float, float, float] | str:
    from core.model import ReadError

    try:
        ours(p)  # warm: imports, the template, caches
        plumber_alone(p)
        pdfium_text(p)
    except ReadError as e:
        return f"not read: {e.message}"
    except Exception as e:  # pdfplumber itself fails on it
        return f"error: {type(e).__name__}"
    runs: dict[str, list[float]] = {"ours": [], "read": [], "plumber": [], "pdfium": []}
    for _ in range(rounds):
        runs["ours"].append(cpu_ms(lambda: ours(p)))
        runs["plumber"].append(cpu_ms(lambda: plumber_alone(p)))
        runs["read"].append(cpu_ms(lambda: read_any(p)))
        runs["pdfium"].append(cpu_ms(lambda: pdfium_text(p)))
    m = {k: statistics.median(v) for k, v in runs.items()}
    return m["ours"], m["read"], m["plumber"], m["pdfium"]


def main(folder: Path, rounds: int) -> None:
    pdfs = sorted(p for p in folder.rglob("*.pdf") if "malformed" not in p.parts)
    print(f"CPU ms, median of {rounds} rounds")
    head = f"{'PDF':<46} {'ours':>7} {'read':>7} {'pdfplumber':>11} {'pdfium text':>12} {'ratio':>6}"
    print(head)
    ratios = []
    for p in pdfs:
        name = str(p.relative_to(folder))
        got = bench_pdf(p, rounds)
        if isinstance(got, str):
            print(f"{name:<46} {got}")
            continue
        a, r, b, c = got
        ratios.append(a / b)
        print(f"{name:<46} {a:7.1f} {r:7.1f} {b:11.1f} {c:12.1f} {a / b:6.2f}")
    if ratios:
        print(f"{'ratio ours/pdfplumber: median':<46} {statistics.median(ratios):.2f}, "
              f"worst {max(ratios):.2f} (target <= 0.35, moonshot <= 0.25)")
    docxs = sorted(p for p in folder.rglob("*.docx") if "malformed" not in p.parts)
    print(f"\n{'DOCX':<46} {'read ms':>7}")
    if not docxs:
        print("(no .docx fixtures)")
    for p in docxs:
        from core.model import ReadError

        name = str(p.relative_to(folder))
        try:
            read_any(p)
            print(f"{name:<46} {statistics.median(cpu_ms(lambda: read_any(p)) for _ in range(rounds)):7.1f}")
        except ReadError as e:
            print(f"{name:<46} not read: {e.message}")
        except ImportError as e:  # the .docx reader is not there
            print(f"{name:<46} no reader: {e}")


def _old_reader(rev: str):
    """core/readers/pdf*.py of git revision ``rev``, importable as a package of their own."""
    import importlib
    import subprocess
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="old_reader_"))
    pkg = tmp / "old_pdf_reader"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", rev, "core/readers/"],
                           capture_output=True, text=True, check=True).stdout.split()
    for name in names:
        base = Path(name).name
        if base.startswith("pdf") and base.endswith(".py"):
            src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{name}"], capture_output=True,
                                 text=True, check=True).stdout
            (pkg / base).write_text(src.replace("from ..", "from core.").replace("from . import", "from old_pdf_reader import"))
    sys.path.insert(0, str(tmp))
    return importlib.import_module("old_pdf_reader.pdf")


def compare(folder: Path, rev: str) -> None:
    from core.check import check_document
    from core.model import Paragraph
    from core.readers import pdf as new

    old = _old_reader(rev)

    def items(d):
        out = []
        for b in d.blocks:
            if isinstance(b, Paragraph):
                out.append((("P", b.text, b.raw, b.loc.page, b.loc.line,
                             tuple((s.start, s.end, s.loc.page, s.loc.line) for s in b.segments)),
                            [b.loc.bbox] + [s.loc.bbox for s in b.segments]))
            else:
                out.extend((("C", b.index, c.row, c.col, c.rowspan, c.colspan, c.text, c.raw, c.loc.page), [c.loc.bbox])
                           for row in b.grid for c in row if c)
        return out

    def findings(d):
        fs = check_document(d).findings
        return [(f.rule, f.section, f.severity, f.message) for f in fs], [f.loc for f in fs]

    def shift(a, b) -> float:
        return max((abs(u - v) for x, y in zip(a, b) for p, q in zip(x, y) if p and q for u, v in zip(p, q)),
                   default=0.0)

    pdfs = sorted(p for p in folder.rglob("*.pdf") if "malformed" not in p.parts)
    print(f"reader of {rev} -> the current one")
    print(f"{'PDF':<46} {'findings':>9}  {'rule/section/severity/message':<29} {'places':<7} "
          f"{'texts read':<24} {'boxes':>10}")
    all_same = True
    for p in pdfs:
        a, b = old.read_pdf(p), new.read_pdf(p)
        (fa, la), (fb, lb) = findings(a), findings(b)
        ia, ib = items(a), items(b)
        texts = sum(1 for x, y in zip(ia, ib) if x[0] != y[0]) + abs(len(ia) - len(ib))
        raw_only = sum(1 for x, y in zip(ia, ib) if x[0] != y[0] and x[0][0] == "C" and x[0][:7] == y[0][:7])
        places = all((x.page, x.line, x.paragraph, x.table, x.row, x.col, x.start, x.end)
                     == (y.page, y.line, y.paragraph, y.table, y.row, y.col, y.start, y.end)
                     for x, y in zip(la, lb) if x and y) and len(la) == len(lb)
        box = shift([x[1] for x in ia], [y[1] for y in ib])
        fbox = shift([[x.bbox] for x in la if x], [[y.bbox] for y in lb if y])
        all_same &= fa == fb and places
        read = "same" if not texts else f"{texts} differ ({raw_only} raw only)"
        print(f"{str(p.relative_to(folder)):<46} {len(fa):4d}/{len(fb):<4d}  {'same' if fa == fb else 'DIFFERENT':<29} "
              f"{'same' if places else 'DIFFER':<7} {read:<24} {max(box, fbox):7.4f} pt")
        if fa != fb:
            for x in sorted(set(fa) ^ set(fb)):
                print(f"    {'old' if x in fa else 'new'}: {x}")
        for x, y in zip(ia, ib):
            if x[0] != y[0]:
                print(f"    old: {x[0]}\n    new: {y[0]}")
    print("the findings are the same on every PDF" if all_same else "THE FINDINGS DIFFER")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--compare" in args:
        k = args.index("--compare")
        rev = args[k + 1]
        del args[k:k + 2]
        compare(Path(args[0]) if args else ROOT / "tests" / "fixtures", rev)
        sys.exit(0)
    n = ROUNDS
    if "--rounds" in args:
        k = args.index("--rounds")
        n = int(args[k + 1])
        del args[k:k + 2]
    main(Path(args[0]) if args else ROOT / "tests" / "fixtures", n)
