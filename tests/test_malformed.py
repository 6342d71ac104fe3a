"""The malformed-file corpus: each file gives a clean error with the expected message, or a result,
within a time bound, in the CLI and through the pipeline.  (Corpus: tools/make_malformed.py.)"""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.bounded import check_file_bounded
from core.model import ReadError

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "malformed"
EXPECTED = json.loads((CORPUS / "expected.json").read_text("utf-8"))
TIME_BOUND = 30.0


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name):
    exp = EXPECTED[name]
    path = CORPUS / name
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    t0 = time.monotonic()
    if exp["outcome"] == "error":
        with pytest.raises(ReadError) as info:
            check_file_bounded(path, timeout=TIME_BOUND)
        if exp["kind"]:
            assert info.value.kind == exp["kind"]
        if exp["message"]:
            assert exp["message"] in info.value.message
        assert info.value.message and "Traceback" not in info.value.message
    else:
        result = check_file_bounded(path, timeout=TIME_BOUND)
        assert result.report is not None
    assert time.monotonic() - t0 < TIME_BOUND
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # never written to


def test_not_a_report_is_said_so():
    result = check_file_bounded(CORPUS / "not_a_report.txt")
    inputs = [f for f in result.findings if f.category == "input"]
    assert any("不是政府信息公开工作年度报告" in f.message for f in inputs)
    assert all(f.category == "input" for f in result.findings)


def test_every_cell_text_gives_cell_findings_not_arithmetic():
    result = check_file_bounded(CORPUS / "all_cells_text.txt")
    cats = {f.category for f in result.findings}
    assert "cell" in cats and "arithmetic" not in cats


def hang(path):
    """Stands in for a reader stuck on a pathological file."""
    time.sleep(600)


def test_a_hanging_read_is_cut_off():
    t0 = time.monotonic()
    with pytest.raises(ReadError) as info:
        check_file_bounded(CORPUS / "empty.txt", timeout=2, target=hang)
    assert info.value.kind == "timeout" and "秒" in info.value.message
    assert time.monotonic() - t0 < 10


def test_a_running_check_can_be_cancelled():
    import threading
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    t0 = time.monotonic()
    with pytest.raises(ReadError) as info:
        check_file_bounded(CORPUS / "empty.txt", timeout=60, cancel=cancel, target=hang)
    assert info.value.kind == "cancelled"
    assert time.monotonic() - t0 < 10


@pytest.mark.parametrize("name", ["truncated.pdf", "encrypted.docx", "empty.txt"])
def test_cli_says_why_and_exits_2(name):
    p = subprocess.run([sys.executable, "-m", "core.cli", "check", str(CORPUS / name)],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2
    assert EXPECTED[name]["message"] in p.stderr and "Traceback" not in p.stderr


def test_decompression_bomb_is_refused(tmp_path):
    import zipfile
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * (120 * 1024 * 1024) + b"</w:document>")
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ReadError) as info:
        check_file_bounded(bomb, timeout=TIME_BOUND)
    assert info.value.kind == "bomb"
