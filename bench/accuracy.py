"""Accuracy of the checker on the real-report corpus and the seeds, per rule and per format.

    python3 bench/accuracy.py            # every format present (txt, md made from txt, docx, pdf)
    python3 bench/accuracy.py -f txt -v  # one format, and list each miss / false alarm

Prints, per format: keyed defects found / total, false 错误, unexplained 警告 (not in the key nor in
the reviewed allow-list) per report; then per rule: true and false findings and precision; and the
keyed defects missed.  The key is tests/fixtures/corpus/key.json (real defects a careful reviewer found)
and tests/fixtures/seeds/key.json; see tests/corpus_key.py for how findings are scored.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.check import check_document  # noqa: E402
from tests.corpus_key import (CORPUS, FORMATS, REAL, SEEDS, allow_list, corpus_key,  # noqa: E402
                              documents, score, seeds_key)


def sets():
    for name, entry in corpus_key().items():
        yield "corpus", name, entry, CORPUS
    for name, entry in seeds_key().items():
        yield "seeds", name, entry, (REAL if name.startswith("hongze") else SEEDS)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-f", "--format", action="append", choices=FORMATS)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    formats = tuple(a.format or FORMATS)
    allow = allow_list()
    per_rule = defaultdict(lambda: [0, 0])            # rule -> [true, false]
    per_fmt = defaultdict(lambda: defaultdict(int))
    details = []
    for group, name, entry, folder in sets():
        for fmt, doc in documents(name, folder, formats):
            res = check_document(doc)
            s = score(res.findings, entry, allow.get(name, []))
            t = per_fmt[(group, fmt)]
            t["reports"] += 1
            t["defects"] += len(entry.get("defects", []))
            t["found"] += len(s.found)
            t["false_fail"] += len(s.false_fail)
            t["unexplained_warn"] += len(s.unexplained_warn)
            t["allowed"] += len(s.allowed)
            for f in s.true_findings + s.allowed:
                per_rule[f.rule][0] += 1
            for f in s.false_fail + s.unexplained_warn:
                per_rule[f.rule][1] += 1
            for d in s.missed:
                details.append(f"  MISS  {fmt:4} {name}: {d}")
            for f in s.false_fail + s.unexplained_warn:
                details.append(f"  FALSE {fmt:4} {name}: {f.rule} {f.severity} {f.section} {f.message[:70]} | {f.excerpt[:30]}")
    print(f"{'set':7} {'fmt':5} {'reports':>7} {'found':>9} {'false 错误':>10} {'unexpl. 警告':>12} {'per report':>10} {'allowed':>7}")
    for (group, fmt), t in sorted(per_fmt.items()):
        per = t["unexplained_warn"] / t["reports"] if t["reports"] else 0
        print(f"{group:7} {fmt:5} {t['reports']:7} {t['found']:4}/{t['defects']:<4} {t['false_fail']:10} "
              f"{t['unexplained_warn']:12} {per:10.2f} {t['allowed']:7}")
    print()
    print(f"{'rule':8} {'true':>5} {'false':>5} {'precision':>9}")
    for rule, (tp, fp) in sorted(per_rule.items()):
        print(f"{rule:8} {tp:5} {fp:5} {tp / (tp + fp) if tp + fp else 1:9.2f}")
    if a.verbose and details:
        print()
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
