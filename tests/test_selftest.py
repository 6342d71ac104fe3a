"""`nianbao --self-test` (core/selftest.py): every step it runs passes from the source tree; the
bundle runs the same steps (make selftest, tools/build_in_bullseye.sh)."""
from __future__ import annotations

import io

from core.selftest import run


def test_self_test_passes_every_step():
    out = io.StringIO()
    assert run(out) == 0, out.getvalue()
    text = out.getvalue()
    for step in ("读取并识别示例草稿", "导出并读回整改清单", "导出并读回批注版", "在检查进程中检查"):
        assert f"[OK] {step}" in text, text
    assert "失败" not in text and text.rstrip().splitlines()[-1].startswith("自检通过")
