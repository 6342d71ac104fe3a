"""The one pipeline: read -> recognise -> rules -> CheckResult.  CLI and GUI both call this."""
from __future__ import annotations

import os

from .findings import CheckResult
from .model import Document
from .readers import read_document
from .recognize import recognize
from .report import Report


def check_report(report: Report) -> CheckResult:
    from .rules import run_rules
    return CheckResult(report=report, findings=run_rules(report))


def check_document(doc: Document) -> CheckResult:
    return check_report(recognize(doc))


def check_file(path: str | os.PathLike) -> CheckResult:
    """Read, recognise and check one file.  Raises ``core.model.ReadError`` if it cannot be read."""
    return check_document(read_document(path))
