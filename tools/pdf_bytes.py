"""A PDF file from its numbered objects: the one serialiser the test fixtures and tools/make_malformed.py use.

    pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", ...])                  # objects 1, 2, …
    pdf_from_objects(objs, version=b"1.4", binary_mark=False, trailer_extra=b"/Encrypt 4 0 R")
"""
from __future__ import annotations


def pdf_from_objects(objs: list[bytes], *, version: bytes = b"1.7", binary_mark: bool = True,
                     trailer_extra: bytes = b"") -> bytes:
    """Objects numbered from 1 (object 1 is the catalogue), a classic xref table and the trailer."""
    out = bytearray(b"%PDF-" + version + b"\n" + (b"%\xe2\xe3\xcf\xd3\n" if binary_mark else b""))
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    extra = b" " + trailer_extra if trailer_extra else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, extra, xref)
    return bytes(out)
