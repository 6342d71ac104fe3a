import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gui  # noqa: E402,F401  (before any Qt use: the PySide6 6.12 / Python 3.11 None-refcount workaround)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="module")
def checked():
    """``checked(path)``: check_file(path), once per test module (the annotate tests check the same
    drafts many times).  Modules with a fixture of their own of this name use theirs."""
    from core.check import check_file
    cache: dict = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = check_file(path)
        return cache[path]
    return get
