"""年报检查 core: reading, recognising and checking government information disclosure annual reports.

Knows nothing of Qt.  Pipeline: readers -> model.Document -> recognize -> report.Report
-> rules -> findings.CheckResult -> export.
"""
__version__ = "0.1.0"
