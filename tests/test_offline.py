"""The app makes no network connection at any point: no update check, no font download, no telemetry."""
import ast
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parent.parent
NETWORK_MODULES = {"socket", "ssl", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib",
                   "xmlrpc", "websocket", "PySide6.QtNetwork", "PySide6.QtWebEngineCore"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_no_network_module_is_imported_by_the_app():
    offenders = []
    for folder in ("core", "gui", "tools"):
        for f in (ROOT / folder).rglob("*.py"):
            for name in _imports(f):
                if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES):
                    offenders.append(f"{f.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_checking_exporting_and_the_window_open_no_connection(tmp_path):
    """Run the whole pipeline and the real window under an audit hook that records every
    socket / URL event; none may occur."""
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        events = []
        NET = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.bind",
               "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect")
        sys.addaudithook(lambda ev, args: events.append((ev, repr(args)[:120])) if ev in NET else None)
        sys.path.insert(0, {str(ROOT)!r})
        import gui
        from pathlib import Path
        from core.check import check_file
        from core.export.xlsx import export_xlsx
        fix = Path({str(ROOT / "tests" / "fixtures")!r})
        files = sorted((fix / "seeds").glob("00[03].*")) + [fix / "real" / "hongze-2023.pdf"]
        results = [check_file(f) for f in files]
        export_xlsx(results, Path({str(tmp_path)!r}) / "out.xlsx")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        from gui.main_window import MainWindow
        app = QApplication([])
        w = MainWindow(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat))
        w.show()
        w.open_file(str(fix / "real" / "hongze-2023.pdf"))
        import time
        t0 = time.time()
        while w.runner.busy and time.time() - t0 < 60:
            app.processEvents()
            time.sleep(0.02)
        assert w.result is not None, "the window did not finish checking"
        print("EVENTS", events)
        sys.exit(1 if events else 0)
    """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    assert "EVENTS []" in p.stdout
