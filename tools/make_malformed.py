"""Write the malformed-file corpus (tests/fixtures/malformed/) used by tests/test_malformed.py.

Deterministic; run again after changing it:  python3 tools/make_malformed.py
Each file's expected outcome is in tests/fixtures/malformed/expected.json.
"""
from __future__ import annotations

import io
import json
import random
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
OUT = FIX / "malformed"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _docx_with_body(body_xml: str) -> bytes:
    """A minimal valid .docx whose body is ``body_xml``."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>{body_xml}</w:body></w:document>')
    return buf.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _nested_table(depth: int) -> str:
    inner = _p("最里层")
    for d in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{_p(f'第{d}层')}{inner}</w:tc><w:tc>{_p(str(d))}</w:tc></w:tr></w:tbl><w:p/>"
    return inner


def make() -> dict[str, dict]:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    rnd = random.Random(20250101)
    seed = (FIX / "seeds" / "000.txt").read_text("utf-8")
    real = (FIX / "real" / "hongze-2023.pdf").read_bytes()
    docx = (FIX / "seeds" / "002.docx").read_bytes()
    cases: dict[str, dict] = {}

    def add(name: str, data: bytes, outcome: str, kind: str | None = None, message: str | None = None):
        (OUT / name).write_bytes(data)
        cases[name] = {"outcome": outcome, "kind": kind, "message": message}

    add("empty.txt", b"", "error", "empty", "文件为空")
    add("empty.docx", b"", "error", "empty", "文件为空")
    add("truncated.pdf", real[: len(real) // 3], "error", "corrupt", "损坏")
    add("junk_after_header.pdf", b"%PDF-1.7\n" + bytes(rnd.randrange(256) for _ in range(4000)), "error", "corrupt", "损坏")
    add("binary_junk.txt", bytes(rnd.randrange(256) for _ in range(5000)), "error", "encoding", "无法识别文件编码")
    add("binary_junk.docx", bytes(rnd.randrange(256) for _ in range(5000)), "error", "corrupt", "内容不是 DOCX")
    add("pdf_named.docx", real, "result", None, None)                     # wrong extension, right content
    add("docx_named.pdf", docx, "result", None, None)
    add("docx_named.txt", docx, "result", None, None)
    add("old_word.doc", OLE + b"\x00" * 504 + b"WordDocument".decode().encode("utf-16-le") + b"\x00" * 2000,
        "error", "doc", "旧版 .doc")
    add("encrypted.docx", OLE + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 2000,
        "error", "encrypted", "加密")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<styles/>")
    add("zip_without_document.docx", buf.getvalue(), "error", "corrupt", "不是有效的 Word 文档")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word file")
    add("plain_zip.docx", buf.getvalue(), "error", "corrupt", "不是有效的 Word 文档")
    add("broken_xml.docx", _docx_with_body("<w:p><w:r><w:t>未闭合"), "error", "corrupt", "不是有效的 Word 文档")
    add("nested_tables.docx", _docx_with_body(_p("某某局2024年政府信息公开工作年度报告") + _nested_table(40)), "result")
    # an enormous table: 3000 rows x 30 columns
    rows = "\n".join("\t".join(str((r * 31 + c) % 97) for c in range(30)) for r in range(3000))
    add("enormous_table.txt", (seed + "\n" + rows).encode("utf-8"), "result")
    # every table cell non-numeric
    import re
    lines = [re.sub(r"(?<=\t)\d+(?=\t|$)", "无", ln) if "\t" in ln else ln for ln in seed.splitlines()]
    add("all_cells_text.txt", "\n".join(lines).encode("utf-8"), "result")
    add("gb18030.txt", seed.encode("gb18030"), "result")
    add("utf16.txt", seed.encode("utf-16"), "result")  # Notepad "Unicode"
    add("not_a_report.txt", "某某县2024年部门预算公开说明\n\n一、部门主要职责\n\n负责全县……\n\n收入合计\t100\t200\n".encode("utf-8"),
        "result")
    (OUT / "expected.json").write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return cases


if __name__ == "__main__":
    print(f"{len(make())} files written to {OUT}")
