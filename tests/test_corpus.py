"""The real-report corpus against its answer key, in every format (.txt, .md made from it, .docx in the
official template, .pdf from that .docx): every keyed defect found at its category, section and
severity; no 错误 outside the key; every 警告 outside the key reviewed in allow.json with a reason.
The same for the seeds and the real PDF (tests/fixtures/seeds/key.json).  See tests/corpus_key.py."""
from __future__ import annotations

import pytest

from core.check import check_document
from tests.corpus_key import CORPUS, FORMATS, REAL, SEEDS, allow_list, corpus_key, documents, score, seeds_key

CASES = [(name, entry, CORPUS) for name, entry in corpus_key().items()] + \
        [(name, entry, REAL if name.startswith("hongze") else SEEDS) for name, entry in seeds_key().items()]


def _fmt(f) -> str:
    return f"{f.rule} {f.severity} {f.section} {f.message} | {f.excerpt}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name,entry,folder", CASES, ids=[c[0] for c in CASES])
def test_report_against_key(name, entry, folder, fmt):
    docs = list(documents(name, folder, (fmt,)))
    if not docs:
        pytest.skip(f"no {fmt} of {name}")
    (_, doc), = docs
    s = score(check_document(doc).findings, entry, allow_list().get(name, []))
    assert not s.missed, f"keyed defects not found: {s.missed}"
    assert not s.false_fail, "错误 outside the key: " + "; ".join(map(_fmt, s.false_fail))
    assert not s.unexplained_warn, "警告 outside the key and the allow-list: " + "; ".join(map(_fmt, s.unexplained_warn))


def test_key_and_fixtures_agree():
    key = corpus_key()
    assert len(key) == 13
    for name in key:
        for ext in ("txt", "docx", "pdf"):
            assert (CORPUS / name.replace(".txt", f".{ext}")).exists(), (name, ext)
    for name, items in allow_list().items():
        assert name in key, name
        assert all(a.get("reason") for a in items), name
