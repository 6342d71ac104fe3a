"""Recognition: Document -> Report (sections, metadata, the three standard tables)."""
from __future__ import annotations

from ..model import Document
from ..report import Report


def recognize(doc: Document) -> Report:
    from .sections import recognize_sections
    from .tables import recognize_tables
    from .claims import recognize_claims
    report = Report(document=doc, reading_problems=list(doc.reading_problems))
    recognize_sections(report)
    recognize_tables(report)
    recognize_claims(report)
    return report
