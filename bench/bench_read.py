"""Reading speed: our PDF reader next to pdfplumber's own extract_text + extract_tables,
and the .docx reading time.  Prints figures (median of 3 runs), asserts nothing.

Run: python3 bench/bench_read.py [folder]   (default: tests/fixtures)
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 3


def median_ms(fn) -> float:
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def plumber_alone(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def ours(path: Path) -> None:
    from core.readers.pdf import read_pdf

    read_pdf(path)


def read_any(path: Path) -> None:
    from core.readers import read_document

    read_document(path)


def main(folder: Path) -> None:
    from core.model import ReadError

    pdfs = sorted(p for p in folder.rglob("*.pdf") if "malformed" not in p.parts)
    print(f"{'PDF':<50} {'ours ms':>9} {'pdfplumber ms':>14} {'ratio':>6}")
    for p in pdfs:
        name = str(p.relative_to(folder))
        try:
            a = median_ms(lambda: ours(p))
        except ReadError as e:
            print(f"{name:<50} not read: {e.message}")
            continue
        try:
            b = median_ms(lambda: plumber_alone(p))
        except Exception as e:  # pdfplumber itself fails on a malformed fixture
            print(f"{name:<50} {a:9.1f} {'error: ' + type(e).__name__:>14}")
            continue
        print(f"{name:<50} {a:9.1f} {b:14.1f} {a / b:6.2f}")
    docxs = sorted(p for p in folder.rglob("*.docx") if "malformed" not in p.parts)
    print(f"\n{'DOCX':<50} {'ms':>9}")
    if not docxs:
        print("(no .docx fixtures)")
    for p in docxs:
        name = str(p.relative_to(folder))
        try:
            print(f"{name:<50} {median_ms(lambda: read_any(p)):9.1f}")
        except ReadError as e:
            print(f"{name:<50} not read: {e.message}")
        except ImportError as e:  # the .docx reader is not there yet
            print(f"{name:<50} no reader: {e}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures")
