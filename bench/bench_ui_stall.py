"""The longest time the window's UI thread is busy at once, on pathological drafts (goal: 0.2 s).

Runs the stall tests (tests/test_gui_stall.py and the two stall tests of tests/test_gui_dialogs.py)
several rounds with their figures printed, and prints the median of each figure.

    python3 bench/bench_ui_stall.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_gui_stall.py",
         "tests/test_gui_dialogs.py::test_no_long_ui_stall_while_working_through_a_draft",
         "tests/test_gui_dialogs.py::test_a_long_problem_list_is_laid_out_in_steps"]
NUM = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s)\b")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    figures: dict[str, list[list[float]]] = defaultdict(list)
    first: dict[str, str] = {}
    for _ in range(args.rounds):
        out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", *TESTS],
                             cwd=ROOT, env=env, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if "stall" in line or "longest" in line or "drawn after" in line or "built in" in line:
                line = line.strip().lstrip(".")
                key = re.sub(r"\d+(?:\.\d+)?", "#", line)        # the same figure in every round
                first.setdefault(key, NUM.sub("#", line))
                figures[key].append([float(v) / (1000 if u == "ms" else 1) for v, u in NUM.findall(line)])
    print(f"UI stalls, median of {args.rounds} rounds (seconds; other counts as in the first round):")
    for key, runs in figures.items():
        cols = list(zip(*runs))
        med = iter(f"{statistics.median(c):.3f} s" for c in cols)
        print("  " + re.sub("#", lambda _m: next(med, "?"), first[key]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
