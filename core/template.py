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
class SectionDef:
    number: str                   # "一" … "六"
    title: str                    # "总体情况"
    variants: tuple[str, ...]     # accepted other wordings ("政府信息公开工作存在的主要问题及改进情况")
    keywords: tuple[str, ...]     # a numbered heading naming all of these is this section, worded differently


@dataclass(frozen=True)
class TopicDef:
    """One of the five topics of 一、总体情况 and the ways real reports name it."""
    name: str                              # "监督保障"
    keywords: tuple[tuple[str, ...], ...]  # anywhere in 一: each entry's words all in one clause
    heading_words: tuple[str, ...]         # in a sub-heading of 一 ("（四）强化监督问效", "三是…")
    not_words: tuple[str, ...]             # look-alikes that are not the topic ("监督权")


def _check_sections_topics(raw: dict) -> None:
    """The section and topic parts of the template are complete (checked when it is loaded)."""
    numbers = [s.get("number") for s in raw.get("sections", [])]
    if tuple(numbers) != SECTION_NUMBERS:
        raise ValueError(f"template_2021.json: sections must be {SECTION_NUMBERS}, got {numbers}")
    for s in raw["sections"]:
        if not s.get("title") or not isinstance(s.get("variants", []), list):
            raise ValueError(f"template_2021.json: section {s['number']} needs a title and a variants list")
        if not raw.get("section_keywords", {}).get(s["number"]):
            raise ValueError(f"template_2021.json: section_keywords has nothing for {s['number']}")
    names = [t.get("name") for t in raw.get("topics", [])]
    if len(names) != 5 or len(set(names)) != 5:
        raise ValueError(f"template_2021.json: topics must be the five topics of 一, got {names}")
    for t in raw["topics"]:
        if not t.get("keywords") or any(not w.strip("+") for w in t["keywords"]):
            raise ValueError(f"template_2021.json: topic {t['name']} needs keywords")


def _check_tables(tpl: "Template") -> None:
    """The table part is complete and consistent with the rule book (checked when it is loaded):
    10 cells in 表二, 25 rows × 7 columns in 表三, 15 cells in 表四, every named cell a real cell."""
    raw = tpl.raw
    for name in ("二", "三", "四"):
        spec = raw.get("tables", {}).get(name) or {}
        for k in ("title", "anchors", "section", "cell_count"):
            if not spec.get(k):
                raise ValueError(f"template_2021.json: table {name} needs {k!r}")
        n = len(tpl.cell_keys(name))
        if n != spec["cell_count"]:
            raise ValueError(f"template_2021.json: table {name} has {n} cells, cell_count says {spec['cell_count']}")
    if len([r for r in raw["tables"]["三"]["rows"] if r.get("old_single_row")]) != 1:
        raise ValueError("template_2021.json: exactly one row of table 三 is the 2019 single row")
    for k in ("caption_prefix", "header_label"):
        if not raw["tables"]["二"].get(k):
            raise ValueError(f"template_2021.json: table 二 needs {k!r}")
    for name, ref in raw.get("named_cells", {}).items():
        if name == "comment":
            continue
        if not (isinstance(ref, list) and len(ref) == 3 and (ref[1], ref[2]) in tpl.cell_keys(ref[0])):
            raise ValueError(f"template_2021.json: named cell {name} = {ref} is not a cell of the template")


@dataclass(frozen=True)
class Template:
    raw: dict

    def __post_init__(self):
        _check_sections_topics(self.raw)
        _check_tables(self)

    # ---- the three tables as a whole
    def table_title(self, name: str) -> str:
        """"三" -> "收到和处理政府信息公开申请情况"."""
        return self.raw["tables"][name]["title"]

    def table_anchors(self, name: str) -> list[str]:
        """Labels only this standard table has (used to tell which physical table is which)."""
        return self.raw["tables"][name]["anchors"]

    def named_cell(self, name: str) -> tuple[str, str, str]:
        """A cell the rules name: ``named_cell("t3_new_total")`` -> ("三", "一、本年新收…", "总计")."""
        table, row, col = self.raw["named_cells"][name]
        return table, row, col

    @property
    def sections(self) -> list[dict]:
        return self.raw["sections"]

    def section_title(self, number: str) -> str:
        return next(s["title"] for s in self.sections if s["number"] == number)

    @property
    def section_defs(self) -> tuple[SectionDef, ...]:
        kw = self.raw["section_keywords"]
        return tuple(SectionDef(s["number"], s["title"], tuple(s.get("variants", [])), tuple(kw[s["number"]]))
                     for s in self.raw["sections"])

    def section_def(self, number: str) -> SectionDef:
        return next(s for s in self.section_defs if s.number == number)

    @property
    def topics(self) -> list[dict]:
        return self.raw["topics"]

    @property
    def topic_defs(self) -> tuple[TopicDef, ...]:
        return tuple(TopicDef(t["name"], tuple(tuple(w.split("+")) for w in t["keywords"]),
                              tuple(t.get("heading_words", [])), tuple(t.get("not", [])))
                     for t in self.raw["topics"])

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(t["name"] for t in self.raw["topics"])

    @property
    def relations(self) -> list[dict]:
        return self.raw["relations"]

    # ---- table 二
    @property
    def t2_blocks(self) -> list[dict]:
        return self.raw["tables"]["二"]["blocks"]

    def t2_cells(self) -> list[tuple[str, str]]:
        return [(r, c) for b in self.t2_blocks for r in b["rows"] for c in b["columns"]]

    @property
    def t2_caption_prefix(self) -> str:
        """"第二十条": the caption rows of 表二 start with it."""
        return self.raw["tables"]["二"]["caption_prefix"]

    @property
    def t2_header_label(self) -> str:
        """"信息内容": the first cell of 表二's header rows."""
        return self.raw["tables"]["二"]["header_label"]

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

    @property
    def t3_single_row(self) -> str:
        """"（六）其他处理": the row the 2019 format had as one row instead of three."""
        return next(r["label"] for r in self.raw["tables"]["三"]["rows"] if r.get("old_single_row"))

    @property
    def t3_column_groups(self) -> dict[str, list[str]]:
        return self.raw["tables"]["三"]["column_groups"]

    @property
    def t3_header_note(self) -> str:
        return self.raw["tables"]["三"]["header_note"]

    @property
    def t3_group_label(self) -> str:
        """"三、本年度办理结果": the label over the result rows."""
        return self.raw["tables"]["三"]["group_label"]

    # ---- table 四
    @property
    def t4_groups(self) -> list[str]:
        return self.raw["tables"]["四"]["groups"]

    @property
    def t4_columns(self) -> list[str]:
        return self.raw["tables"]["四"]["columns"]

    def t4_keys(self) -> list[str]:
        return [f"{g}/{c}" for g in self.t4_groups for c in self.t4_columns]

    @property
    def t4_super_groups(self) -> dict[str, list[str]]:
        """{"行政诉讼": ["未经复议直接起诉", "复议后起诉"]}."""
        return self.raw["tables"]["四"]["super_groups"]

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
