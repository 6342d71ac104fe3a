"""How the check time grows with the length of one paragraph (it must grow linearly).

    python3 bench/bench_rules_scaling.py

Puts a paragraph of 10 000 / 40 000 / 80 000 characters, made of pathological repeats (a count every few
characters, bracketed asides, blanks, one endless sentence), into a clean seed report and prints the check
time per size and the ratio 80k/10k (linear: about 8; quadratic: about 64). Median of 3 rounds.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.check import check_document  # noqa: E402
from core.readers.text import parse_text  # noqa: E402

BASE = (ROOT / "tests" / "fixtures" / "seeds" / "002.txt").read_text(encoding="utf-8")
UNITS = {
    "itemised lists": "共发布信息10条，其中政策1条（含解读2条）、动态3条；",
    "counts with asides": "收到申请5件（含上年结转1件），办结4件，",
    "blank counts": "信息 条信息 条信息 条，",
    "one endless sentence": "发布信息10条、",
}
SIZES = (10_000, 40_000, 80_000)


def timed(text: str) -> float:
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        check_document(parse_text(text))
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> int:
    check_document(parse_text(BASE))  # warm up imports
    base = timed(BASE)
    print(f"{'paragraph':22} " + " ".join(f"{n // 1000:>6}k" for n in SIZES) + "   80k/10k (minus the empty report)")
    for name, unit in UNITS.items():
        times = []
        for n in SIZES:
            para = unit * (n // len(unit))
            times.append(timed(BASE.replace("一、总体情况\n", "一、总体情况\n\n" + para + "\n", 1)))
        ratio = (times[-1] - base) / max(times[0] - base, 1e-3)
        print(f"{name:22} " + " ".join(f"{t:6.2f}s" for t in times) + f"   {ratio:5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
