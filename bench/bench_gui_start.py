"""App start to a visible main window, in milliseconds (a figure, not a test).

    QT_QPA_PLATFORM=offscreen python3 bench/bench_gui_start.py     # or under xvfb-run
Runs a fresh interpreter each time (imports included) and prints the median of 5.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = r"""
import time; t0 = time.perf_counter()
import sys, tempfile; sys.path.insert(0, %r)
from PySide6.QtCore import QSettings, QTimer
from gui.app import make_app
app = make_app(sys.argv)
from gui.main_window import MainWindow
w = MainWindow(QSettings(tempfile.mkdtemp() + "/s.ini", QSettings.Format.IniFormat))
w.show()
def shown():
    print(round((time.perf_counter() - t0) * 1000)); app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def main() -> int:
    times = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", CHILD % str(ROOT)], capture_output=True, text=True, check=True)
        times.append(int(out.stdout.strip().splitlines()[-1]))
    print(f"启动到窗口显示：中位数 {statistics.median(times)} 毫秒（{times}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
