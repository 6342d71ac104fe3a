"""The one pipeline: read -> recognise -> rules -> CheckResult.  CLI and GUI both call this."""
from __future__ import annotations

import os

from .findings import CheckResult
from .model import Document, ReadError
from .readers import read_document
from .recognize import recognize
from .report import Report


def check_report(report: Report, previous: Report | None = None) -> CheckResult:
    from .rules import run_rules
    return CheckResult(report=report, findings=run_rules(report, previous), previous=previous)


def check_document(doc: Document, previous: Document | None = None) -> CheckResult:
    return check_report(recognize(doc), recognize(previous) if previous is not None else None)


def check_file(path: str | os.PathLike, previous: str | os.PathLike | None = None) -> CheckResult:
    """Read, recognise and check one file, compared with last year's report ``previous`` if given.
    Raises ``core.model.ReadError`` if a file cannot be read."""
    doc = read_document(path)
    prev = None
    if previous is not None:
        try:
            prev = read_document(previous)
        except ReadError as e:           # say which of the two files it is
            raise ReadError(f"上年年报“{os.path.basename(os.fspath(previous))}”无法读取：{e.message}",
                            e.kind) from None
    return check_document(doc, prev)
