"""The national template (国办公开办函〔2021〕30号) as data, loaded from resources/template_2021.json.

Canonical keys used everywhere (dump JSON, rules, exporters):
- table 二: row label -> column label, e.g. ("行政规范性文件", "本年制发件数")
- table 三: row key -> column, e.g. ("（三）不予公开/1.属于国家秘密", "自然人");
  rows outside a group are keyed by their label ("（一）予以公开", "（七）总计").
- table 四: a single row ``""``, columns "<group>/<column>", e.g. "复议后起诉/总计".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .resources import load_json

SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")
PREFACE = "标题/前言"


@dataclass(frozen=True)
class RowDef:
    key: str            # canonical key, "<group>/<item>" inside a group
    label: str          # the label as printed (item label inside a group)
    marker: str         # "一、", "（一）", "1." ...
    group: str | None   # group label for items, e.g. "（三）不予公开"
    result: bool        # part of the result rows summed by （七）总计


@dataclass(frozen=True)
class Template:
    raw: dict

    @property
    def sections(self) -> list[dict]:
        return self.raw["sections"]

    def section_title(self, number: str) -> str:
        return next(s["title"] for s in self.sections if s["number"] == number)

    @property
    def topics(self) -> list[dict]:
        return self.raw["topics"]

    @property
    def relations(self) -> list[dict]:
        return self.raw["relations"]

    # ---- table 二
    @property
    def t2_blocks(self) -> list[dict]:
        return self.raw["tables"]["二"]["blocks"]

    def t2_cells(self) -> list[tuple[str, str]]:
        return [(r, c) for b in self.t2_blocks for r in b["rows"] for c in b["columns"]]

    # ---- table 三
    @property
    def t3_columns(self) -> list[str]:
        return self.raw["tables"]["三"]["columns"]

    def t3_rows(self, old_single_six: bool = False) -> list[RowDef]:
        """Canonical rows of table 三.  ``old_single_six``: the 2019 layout, where
        （六）其他处理 is one row without sub-rows."""
        out: list[RowDef] = []
        for r in self.raw["tables"]["三"]["rows"]:
            items = r.get("items")
            if items and not (old_single_six and r.get("old_single_row")):
                for it in items:
                    marker = it.split(".", 1)[0] + "."
                    out.append(RowDef(f"{r['label']}/{it}", it, marker, r["label"], bool(r.get("result"))))
            else:
                out.append(RowDef(r["label"], r["label"], r["marker"], None, bool(r.get("result"))))
        return out

    def t3_cells(self, old_single_six: bool = False) -> list[tuple[str, str]]:
        return [(r.key, c) for r in self.t3_rows(old_single_six) for c in self.t3_columns]

    # ---- table 四
    @property
    def t4_groups(self) -> list[str]:
        return self.raw["tables"]["四"]["groups"]

    @property
    def t4_columns(self) -> list[str]:
        return self.raw["tables"]["四"]["columns"]

    def t4_keys(self) -> list[str]:
        return [f"{g}/{c}" for g in self.t4_groups for c in self.t4_columns]

    def cell_keys(self, table: str, old_single_six: bool = False) -> list[tuple[str, str]]:
        """Every canonical (row, column) of standard table ``table`` in template order
        (table 四: row "")."""
        if table == "二":
            return self.t2_cells()
        if table == "三":
            return self.t3_cells(old_single_six)
        return [("", k) for k in self.t4_keys()]

    @property
    def old_format(self) -> dict:
        return self.raw["old_format"]


@lru_cache(maxsize=None)
def template() -> Template:
    return Template(load_json("template_2021.json"))
