"""Write the malformed-file corpus (tests/fixtures/malformed/) used by tests/test_malformed.py.

Deterministic; run again after changing it:  python3 tools/make_malformed.py
Each file's expected outcome is in tests/fixtures/malformed/expected.json.
"""
from __future__ import annotations

import html
import io
import json
import random
import re
import shutil
import struct
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.pdf_bytes import pdf_from_objects  # noqa: E402
FIX = ROOT / "tests" / "fixtures"
OUT = FIX / "malformed"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _docx_with_body(body_xml: str) -> bytes:
    """A minimal valid .docx whose body is ``body_xml``."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return _zip({
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>{body_xml}</w:body></w:document>',
    })


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _nested_table(depth: int) -> str:
    inner = _p("最里层")
    for d in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{_p(f'第{d}层')}{inner}</w:tc><w:tc>{_p(str(d))}</w:tc></w:tr></w:tbl><w:p/>"
    return inner


# ---------------------------------------------------------------- hostile and odd packages (issue 14)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT = {  # transitional namespace / relationship URI -> Strict OOXML (ISO/IEC 29500 strict)
    W_NS: "http://purl.oclc.org/ooxml/wordprocessingml/main",
    R_DOC + "/": "http://purl.oclc.org/ooxml/officeDocument/relationships/",
    R_DOC: "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "http://purl.oclc.org/ooxml/drawingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "http://purl.oclc.org/ooxml/officeDocument/math",
}


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(members: dict[str, bytes | str], stored: bool = False) -> bytes:
    """A zip with fixed timestamps, so that the corpus is the same every time it is made."""
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, blob in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, blob, compresslevel=None if stored else 9)
    return buf.getvalue()


def _add_rels(members: dict[str, bytes], rels: list[tuple[str, str, str]], types: list[tuple[str, str]]) -> None:
    """Add relationships (id, type, target) to word/document.xml and content-type overrides."""
    name = "word/_rels/document.xml.rels"
    extra = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
    members[name] = members[name].replace(b"</Relationships>", extra.encode() + b"</Relationships>")
    over = "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in types)
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"</Types>", over.encode() + b"</Types>")


def many_headers_docx(docx: bytes, n: int = 290) -> bytes:
    """A report with ``n`` header parts of just under 1 MiB each (tiny compressed): each passes
    the per-part bomb check, and a reader that parses every part (python-docx) takes gigabytes."""
    members = _members(docx)
    para = '<w:p><w:r><w:t>页眉</w:t></w:r></w:p>'.encode()
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}">'.encode()
    body = para * ((1024 * 1024 - 4096 - len(head)) // len(para))
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
    rels, types = [], []
    for i in range(1, n + 1):
        members[f"word/header{i}.xml"] = head + body + b"</w:hdr>"
        rels.append((f"rIdH{i}", R_DOC + "/header", f"header{i}.xml"))
        types.append((f"/word/header{i}.xml", ct))
    _add_rels(members, rels, types)
    return _zip(members)


def dangling_docx(docx: bytes) -> bytes:
    """Relationships to parts that are not in the package (Word writes such files; python-docx
    refuses them with a KeyError)."""
    members = _members(docx)
    _add_rels(members, [("rIdX1", R_DOC + "/header", "header1.xml"),
                        ("rIdX2", R_DOC + "/image", "media/image9.png"),
                        ("rIdX3", R_DOC + "/footer", "footer3.xml")],
              [("/word/header1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml")])
    return _zip(members)


def strict_docx(docx: bytes) -> bytes:
    """The same document in Strict OOXML: other namespaces, other relationship types."""
    members = _members(docx)
    out = {}
    for name, blob in members.items():
        if name.endswith((".xml", ".rels")):
            for old, new in sorted(STRICT.items(), key=lambda kv: -len(kv[0])):
                blob = blob.replace(old.encode(), new.encode())
            if name == "word/document.xml":
                blob = re.sub(rb"<w:document ", b'<w:document w:conformance="strict" ', blob, count=1)
        out[name] = blob
    return _zip(out)


def _html_text(s: str) -> str:
    """Text as Word's HTML export writes it: escaped, long lines wrapped in the source."""
    t = html.escape(s, quote=False)
    cjk = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    out, line = [], ""
    for i, ch in enumerate(t):
        line += ch
        # Word breaks source lines between Chinese characters, never inside a number or word
        if len(line) >= 60 and cjk.match(ch) and i + 1 < len(t) and cjk.match(t[i + 1]):
            out.append(line)
            line = ""
    return "\r\n".join(out + [line])


def word_web_page(doc) -> bytes:
    """A report saved by Word as a "web page" (filtered HTML), GB2312, then renamed to .doc."""
    from core.model import Paragraph
    out = ['<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">',
           '<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">',
           '<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">',
           '<title>年度报告</title><!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View>'
           '</w:WordDocument></xml><![endif]--><style><!-- p.MsoNormal {margin:0cm;font-size:10.5pt;'
           'font-family:"Times New Roman";} --></style></head>',
           "<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>"]
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            m = re.match(r"^([一二三四五六七八九十]+、)(.*)$", b.text)
            if m:  # Word writes automatic list numbers inside supportLists
                text = (f"<![if !supportLists]><span lang=EN-US>{m.group(1)}</span><![endif]>"
                        f"<span style='font-family:黑体'>{_html_text(m.group(2))}</span>")
            else:
                text = f"<span style='font-family:仿宋_GB2312'>{_html_text(b.text)}</span>"
            out.append(f"<p class=MsoNormal>{text}<span style='display:none;mso-hide:all'>隐藏文字</span>"
                       "<o:p></o:p></p>")
            continue
        out.append("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>")
        for r in range(b.n_rows):
            out.append(" <tr>")
            for c in b.row_cells(r):
                span = (f" rowspan={c.rowspan}" if c.rowspan > 1 else "") + (f" colspan={c.colspan}" if c.colspan > 1 else "")
                lines = "".join(f"<p class=MsoNormal align=center><span>{_html_text(x)}</span></p>"
                                for x in (c.raw or c.text).split("\n") if x.strip()) or "<p class=MsoNormal>&nbsp;</p>"
                out.append(f"  <td{span} valign=top>{lines}</td>")
            out.append(" </tr>")
        out.append("</table>")
    out.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p></div></body></html>")
    return "\r\n".join(out).encode("gb18030")


def single_file_web_page(page: bytes) -> bytes:
    """The same page as Word's "single file web page" (MHT, quoted-printable), renamed .doc."""
    import quopri
    body = quopri.encodestring(page)
    return (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01DA0000\"\r\n\r\n"
            b"This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
            b"------=_NextPart_01DA0000\r\nContent-Location: file:///C:/report.htm\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n"
            + body + b"\r\n------=_NextPart_01DA0000--\r\n")


def rtf_report(text: str) -> bytes:
    """A report saved as RTF (GBK escapes, as WPS/Word write it), then renamed to .doc."""
    def esc(line: str) -> str:
        return "".join(ch if ord(ch) < 128 and ch not in "\\{}" else
                       "".join(f"\\'{b:02x}" for b in ch.encode("gbk", "replace")) for ch in line)
    body = "".join(f"\\pard\\f0\\fs24 {esc(ln)}\\par\r\n" for ln in text.splitlines()[:40])
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}}\r\n"
            + body + "}").encode("ascii")


def _flate_repeat(block: bytes, n: int) -> bytes:
    """A zlib stream of ``block`` repeated ``n`` times, made without compressing it all: after a
    full flush every copy compresses to the same bytes."""
    c = zlib.compressobj(9)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(n):
        adler = zlib.adler32(block, adler)
    return first + again * (n - 1) + b"\x03\x00" + struct.pack(">I", adler)


def pdf_stream_bomb(gib: int = 3) -> bytes:
    """A one-page PDF whose content stream, compressed twice ([/FlateDecode /FlateDecode]),
    inflates to ``gib`` GiB: a few KB on disk."""
    inner = _flate_repeat(b" " * (1 << 24), gib * 64)
    content = zlib.compress(inner, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(content) + content
            + b"\nendstream"]
    return pdf_from_objects(objs)


def ole_with(stream: str) -> bytes:
    """An OLE container (the bytes of .doc/.xls/.ppt/.et/.dps/.wps) naming one stream."""
    return OLE + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 2000


def make() -> dict[str, dict]:
    # start afresh, but keep the PDFs tests/test_reader_pdf.py writes into the same folder
    keep = {"pdf_no_tounicode.pdf", "pdf_type3.pdf", "pdf_line_endings.pdf"}
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        if old.name not in keep:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    rnd = random.Random(20250101)
    seed = (FIX / "seeds" / "000.txt").read_text("utf-8")
    real = (FIX / "real" / "hongze-2023.pdf").read_bytes()
    docx = (FIX / "seeds" / "002.docx").read_bytes()
    cases: dict[str, dict] = {}

    def add(name: str, data: bytes, outcome: str, kind: str | None = None, message: str | None = None,
            **extra):
        (OUT / name).write_bytes(data)
        cases[name] = {"outcome": outcome, "kind": kind, "message": message, **extra}

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
    add("zip_without_document.docx", _zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<styles/>"}, stored=True), "error", "corrupt", "不是有效的 Word 文档")
    add("plain_zip.docx", _zip({"hello.txt": "not a word file"}, stored=True), "error", "corrupt", "不是有效的 Word 文档")
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
    # ---- issue 14: bounds that hold, and saying who is at fault
    from core.readers.docx import read_docx
    seed_docx = FIX / "seeds" / "000.docx"
    report = seed_docx.read_bytes()
    same = {"same_findings_as": "../seeds/000.docx"}
    add("many_headers.docx", many_headers_docx(report), "result", peak_mb=1024, **same)
    add("dangling_relationship.docx", dangling_docx(report), "result", **same)
    add("strict_ooxml.docx", strict_docx(report), "result", **same)
    page = word_web_page(read_docx(seed_docx))
    add("word_web_page.doc", page, "result", **same)
    add("single_file_web_page.doc", single_file_web_page(page), "result", **same)
    add("rtf_saved_as.doc", rtf_report(seed), "error", "rtf", "RTF")
    add("wps_spreadsheet.et", ole_with("Workbook"), "error", "wps", "这是 WPS 表格文件（.et）")
    add("wps_presentation.dps", ole_with("PowerPoint Document"), "error", "wps", "这是 WPS 演示文件（.dps）")
    add("wps_document.wps", ole_with("WordDocument"), "error", "wps", "这是 WPS 文字的旧格式文件（.wps）")
    add("spreadsheet_named.doc", ole_with("Workbook"), "error", "wrong_format", "表格文件")
    # the PDF reader is being rewritten: a memory error or a reading problem, never "damaged"
    add("pdf_stream_bomb.pdf", pdf_stream_bomb(3), "error_or_problem", "memory", "文件过大或结构异常", peak_mb=1024)
    (OUT / "expected.json").write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return cases


if __name__ == "__main__":
    print(f"{len(make())} files written to {OUT}")
