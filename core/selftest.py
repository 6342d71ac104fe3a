"""--self-test: check the bundled sample draft headlessly, export the correction list to a
temporary folder, read it back, and report.  Never touches the network.  Exit 0 when all is well."""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from .resources import resource_path


def run(stream=sys.stdout) -> int:
    t0 = time.perf_counter()
    sample = resource_path("samples/sample.docx")
    steps: list[tuple[str, bool, str]] = []

    def step(name: str, ok: bool, detail: str = "") -> bool:
        steps.append((name, ok, detail))
        print(f"[{'OK' if ok else '失败'}] {name}{('：' + detail) if detail else ''}", file=stream)
        return ok

    try:
        from .check import check_file
        from .export.xlsx import export_xlsx
        import openpyxl

        if not step("找到示例草稿", sample.is_file(), str(sample)):
            return 1
        result = check_file(sample)
        sections_found = sum(1 for s in result.report.sections if s.found)
        step("读取并识别示例草稿", sections_found == 6 and result.report.tables["三"].found,
             f"识别出 {sections_found} 个部分")
        step("检查规则运行", len(result.findings) > 0, f"发现 {len(result.findings)} 个问题")
        with tempfile.TemporaryDirectory(prefix="nianbao-selftest-") as tmp:
            out = export_xlsx([result], Path(tmp) / "整改清单.xlsx")
            wb = openpyxl.load_workbook(out)
            ok = "整改清单" in wb.sheetnames and wb["整改清单"].max_row >= 1 + len(result.active())
            step("导出并读回整改清单", ok, f"{len(wb.sheetnames)} 个工作表")
            # the annotated copy needs python-docx's own templates (default-comments.xml) in the bundle
            import docx
            from .export.annotate import annotate
            copy = annotate(result, sample, Path(tmp) / "批注版.docx")
            n = len(list(docx.Document(str(copy)).comments))
            step("导出并读回批注版", n == len(result.active()), f"{n} 条批注")
        # the CLI and the window check in long-lived child processes: start one, check the sample there
        from .pool import CheckPool
        pool = CheckPool(workers=1)
        try:
            again = pool.check(sample, timeout=60)
            step("在检查进程中检查", len(again.findings) == len(result.findings), "结果与本进程一致")
        finally:
            pool.shutdown()
    except Exception as e:  # report, never a traceback
        step("自检", False, f"{type(e).__name__}: {e}")
    elapsed = time.perf_counter() - t0
    failed = [s for s in steps if not s[1]]
    print(f"自检{'失败' if failed else '通过'}，用时 {elapsed:.2f} 秒", file=stream)
    return 1 if failed else 0


def main() -> int:
    try:
        sys.stdout.reconfigure(encoding="utf-8")
    except (AttributeError, ValueError):
        pass
    return run()


if __name__ == "__main__":
    sys.exit(main())
