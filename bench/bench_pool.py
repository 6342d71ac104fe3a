"""The pool of warm check processes (core.pool), measured (printed, not asserted).

    python3 bench/bench_pool.py [--rounds 3] [--files 100]

1. cold first check vs warm second check, for a seed .docx and the real 5-page PDF: a new
   pool of one worker (the CLI's case: process start and imports included), the second check
   on the same worker, and a first check on a pool started beforehand (the GUI's case: the
   window prestarts its workers);
2. 100 mixed fixture files (tests/fixtures/seeds and tests/fixtures/corpus, .txt/.docx/.pdf,
   repeated to 100) through a warm pool (the GUI's folder view) and through a new one (the
   CLI: process start and first checks included) vs one after another in this process
   (imports already done): wall time and the ratio (target <= 0.75, <= 20 s wall), median of
   the rounds; and, for reference, two plain processes each checking half the files (what any
   parallel scheme can get out of the machine at that moment).
"""
from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIX = ROOT / "tests" / "fixtures"


def mixed_files(n: int) -> list[Path]:
    files = sorted(p for folder in ("seeds", "corpus") for p in (FIX / folder).iterdir()
                   if p.suffix in (".txt", ".docx", ".pdf"))
    return list(itertools.islice(itertools.cycle(files), n))


def cold_and_warm(path: Path) -> tuple[float, float, float]:
    from core.pool import CheckPool
    pool = CheckPool(workers=1)
    try:
        t0 = time.perf_counter()
        pool.check(path)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        pool.check(path)
        warm = time.perf_counter() - t0
    finally:
        pool.shutdown()
    pool = CheckPool(workers=1)
    try:
        pool.wait_warm(1, timeout=60)
        t0 = time.perf_counter()
        pool.check(path)
        prestarted = time.perf_counter() - t0
    finally:
        pool.shutdown()
    return cold, warm, prestarted


def through_pool(files: list[Path], warm: bool) -> tuple[float, int]:
    """A new pool (``warm=False``: its start, imports and first checks included, the CLI's
    case) or one started and warmed beforehand (the GUI's folder view), 100 files through it."""
    from core.pool import CheckPool
    pool = CheckPool()
    if warm:
        pool.wait_warm(pool.size, timeout=120)
        list(pool.imap(files[:4 * pool.size]))
    t0 = time.perf_counter()
    ok = 0
    try:
        for fut in pool.imap(files, timeout=90):
            ok += fut.outcome()[0] == "ok"
    finally:
        if warm:
            wall = time.perf_counter() - t0
        pool.shutdown()
    return (wall if warm else time.perf_counter() - t0), ok


def one_after_another(files: list[Path]) -> tuple[float, int]:
    from core.check import check_file
    from core.model import ReadError
    t0 = time.perf_counter()
    ok = 0
    for f in files:
        try:
            check_file(f)
            ok += 1
        except ReadError:
            pass
    return time.perf_counter() - t0, ok


def _spin(n: int = 2_000_000) -> float:
    t0 = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t0


def parallel_capacity() -> float:
    """How many cores' worth of pure-Python work two processes get right now (2.0 on an idle
    2-core machine; less when other programs are busy): the ceiling for the pool's speed-up."""
    import multiprocessing as mp
    alone = min(_spin() for _ in range(2))
    with mp.get_context("spawn").Pool(2) as p:
        p.map(_spin, [10_000] * 2)
        t0 = time.perf_counter()
        p.map(_spin, [2_000_000] * 2)
        both = time.perf_counter() - t0
    return 2 * alone / both


def _check_all(files: list[str]) -> float:
    from core.check import check_file
    from core.model import ReadError
    t0 = time.perf_counter()
    for f in files:
        try:
            check_file(f)
        except ReadError:
            pass
    return time.perf_counter() - t0


def two_plain_processes(files: list[Path]) -> float:
    """The best any pool can do on this machine right now: two warm processes, each checking
    half of the files with no coordination at all (the wall time of the slower half)."""
    import multiprocessing as mp
    names = [str(f) for f in files]
    with mp.get_context("spawn").Pool(2) as p:
        p.map(_check_all, [names[:3], names[3:6]])       # imports done before timing
        return max(p.map(_check_all, [names[::2], names[1::2]]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--files", type=int, default=100)
    args = ap.parse_args()
    from core.pool import default_workers
    load = "、".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "未知"
    print(f"机器：{os.cpu_count()} 核，开始时的平均负载 {load}；进程池：{default_workers()} 个检查进程；"
          f"此刻两个进程实际可得 {parallel_capacity():.2f} 个核的算力（空闲的双核机器为 2.0）")
    print("\n1. 首次检查（冷）与第二次检查（热），各取 %d 轮中位数" % args.rounds)
    print(f"   {'文件':<34}{'冷（新进程）':>12}{'热（第二次）':>12}{'预先启动':>10}")
    for path in (FIX / "seeds" / "000.docx", FIX / "real" / "hongze-2023.pdf"):
        rounds = [cold_and_warm(path) for _ in range(args.rounds)]
        cold, warm, pre = (statistics.median(r[i] for r in rounds) for i in range(3))
        print(f"   {str(path.relative_to(ROOT)):<36}{cold:>10.2f} s{warm:>10.2f} s{pre:>10.2f} s")

    files = mixed_files(args.files)
    kinds = {ext: sum(1 for f in files if f.suffix == ext) for ext in (".txt", ".docx", ".pdf")}
    print(f"\n2. {len(files)} 个混合文件（{kinds['.txt']} txt, {kinds['.docx']} docx, {kinds['.pdf']} pdf）")
    one_after_another(files[:3])  # imports done before timing the in-process run
    warms, colds, seqs, refs = [], [], [], []
    for r in range(args.rounds):
        warm, ok = through_pool(files, warm=True)
        cold, _ = through_pool(files, warm=False)
        seq, ok2 = one_after_another(files)
        ref = two_plain_processes(files)
        warms.append(warm)
        colds.append(cold)
        seqs.append(seq)
        refs.append(ref)
        print(f"   第 {r + 1} 轮：进程池（已预热）{warm:5.1f} s（{ok} 个读出）  进程池（新建，含启动）{cold:5.1f} s  "
              f"同一进程依次检查 {seq:5.1f} s（{ok2} 个读出）  参照：两个普通进程各查一半 {ref:5.1f} s")
    warm, cold = statistics.median(warms), statistics.median(colds)
    seq, ref = statistics.median(seqs), statistics.median(refs)
    print(f"   中位数：进程池（已预热）{warm:.1f} s，比值 {warm / seq:.2f}；进程池（新建）{cold:.1f} s，比值 {cold / seq:.2f}；"
          f"依次检查 {seq:.1f} s")
    print(f"   目标（比值 ≤ 0.75，墙钟 ≤ 20 s）：已预热 {'达到' if warm / seq <= 0.75 else '未达到'}比值、"
          f"{'达到' if warm <= 20 else '未达到'}墙钟；新建 {'达到' if cold / seq <= 0.75 else '未达到'}比值、"
          f"{'达到' if cold <= 20 else '未达到'}墙钟")
    print(f"   参照：此刻两个不协调的普通进程最多做到依次检查的 {ref / seq:.2f} 倍（空闲的双核机器约 0.5）；"
          f"进程池（已预热）是参照的 {warm / ref:.2f} 倍")


if __name__ == "__main__":
    main()
