"""The rule catalogue.  (Filled in by the rules work; see registry.)"""
from __future__ import annotations


def run_rules(report):
    return []
