"""`nianbao` (gui/app.py) before any window: --help and --version print and exit, and with no
graphical session it says so in Chinese and exits 3 instead of Qt's abort (issue 15)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENTRY = ROOT / "tools" / "entry_gui.py"


def run(*args: str, **env_changes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(env_changes)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, str(ENTRY), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_prints_usage_in_chinese_and_exits(flag):
    p = run(flag)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("用法：nianbao") and "--self-test" in p.stdout and "nianbao-check" in p.stdout


def test_version_prints_and_exits():
    from core import __version__
    p = run("--version")
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().endswith(__version__) and "年报检查" in p.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland sessions are a Linux matter")
def test_no_display_is_a_plain_chinese_message_and_exit_3():
    p = run()
    assert p.returncode == 3, (p.returncode, p.stderr)
    assert "没有图形界面" in p.stderr and "nianbao --self-test" in p.stderr
    assert "xcb-cursor" not in p.stderr and "Traceback" not in p.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is a Linux matter")
def test_a_display_that_cannot_be_reached_is_named():
    p = run(DISPLAY=":97")                       # no X server there
    assert p.returncode == 3, (p.returncode, p.stderr)
    assert "年报检查无法启动" in p.stderr and "Traceback" not in p.stderr
