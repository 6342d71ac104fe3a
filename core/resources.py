"""Finds the data files in ``resources/`` from a source tree, an installed package or a PyInstaller bundle."""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / "resources").is_dir():
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    return resources_dir() / name


@lru_cache(maxsize=None)
def load_json(name: str) -> dict:
    with open(resource_path(name), encoding="utf-8") as f:
        return json.load(f)
