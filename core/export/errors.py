"""The one error exporters raise."""
from __future__ import annotations


class ExportError(Exception):
    """An export failed.  ``message`` is one line of Chinese for the clerk."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
