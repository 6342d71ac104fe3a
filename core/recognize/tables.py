"""Map the physical tables of a draft onto the three standard tables (二, 三, 四).

Steps:
1. assign each physical table to a standard table: by its anchors (labels only
   that table has), else by the section it sits in, else as the continuation
   of the table before it (a table split across pages or pieces);
2. concatenate the rows of all pieces of one standard table ("stitching");
3. read each row: which canonical row it is (by its markers and label text,
   tolerant of spacing, width and wording variants) and which cells hold its
   values (by the header's column positions where the grid is regular, else by
   order); record non-standard labels, missing rows and columns, and rows we
   cannot read as reading problems.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..model import Cell, ReadingProblem, Table
from ..report import CellValue, LabelIssue, RecognizedTable, Report
from ..template import template
from ..textnorm import key, parse_number

# characters that cannot occur in a label of the national template: OCR/conversion junk
_JUNK = re.compile(r"[^\u4e00-\u9fff0-9.、,()“”\":：;；/（），\-－—A-Za-z]")
_LATIN_JUNK = re.compile(r"[A-Za-z]{2,}")


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def is_garbled(text: str) -> bool:
    t = key(text)
    return bool(_JUNK.search(t)) or bool(_LATIN_JUNK.search(t))


@dataclass
class Row:
    """One row of a (stitched) standard table: its non-covered cells, and the grid it came from."""

    cells: list[Cell]
    table: Table
    r: int

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def key(self) -> str:
        return key("".join(self.texts))

    def cell_at(self, col: int) -> Cell | None:
        """The cell covering grid column ``col`` in this row (a merged cell counts where it spans)."""
        for c in self.table.grid[self.r]:
            if c is not None and c.col <= col < c.col + c.colspan and c.row <= self.r < c.row + c.rowspan:
                return c
        # a vertically merged cell from an earlier row
        for rr in range(self.r - 1, -1, -1):
            c = self.table.grid[rr][col] if col < len(self.table.grid[rr]) else None
            if c is not None and c.row + c.rowspan > self.r and c.col <= col < c.col + c.colspan:
                return c
        return None


# ---------------------------------------------------------------- assignment
def _anchor_score(t: Table) -> dict[str, int]:
    text = key(" ".join(c.text for row in t.grid for c in row if c is not None))
    tpl = template()
    return {name: sum(1 for a in tpl.table_anchors(name) if key(a) in text) for name in ("二", "三", "四")}


def assign_tables(report: Report) -> dict[str, list[Table]]:
    out: dict[str, list[Table]] = {"二": [], "三": [], "四": []}
    prev_name, prev_section = None, None
    for i, b in enumerate(report.document.blocks):
        if not isinstance(b, Table):
            continue
        section = report.section_of_block(i)
        scores = _anchor_score(b)
        best = max(scores, key=lambda k: scores[k])
        if scores[best] > 0:
            name = best
        elif section in out:
            name = section
        elif prev_name and section == prev_section:
            name = prev_name
        else:
            name = None
        if name:
            out[name].append(b)
        prev_name, prev_section = name, section
    return out


def _rows(tables: list[Table]) -> list[Row]:
    rows = []
    for t in tables:
        for r in range(t.n_rows):
            cells = t.row_cells(r)
            if any(c.text for c in cells):
                rows.append(Row(cells, t, r))
    return rows


def _cell_value(cell: Cell | None, decimal: bool = False) -> CellValue:
    if cell is None:
        return CellValue(None, "blank", "", None)
    v, status = parse_number(cell.text)
    return CellValue(v, status, cell.raw or cell.text, cell.loc)


def _new_table(name: str, tables: list[Table]) -> RecognizedTable:
    """The standard table ``name`` made of these physical pieces (none: not found)."""
    return RecognizedTable(name, found=bool(tables), physical_tables=[t.index for t in tables],
                           loc=tables[0].loc if tables else None)


# ---------------------------------------------------------------- table 二
def recognize_t2(report: Report, tables: list[Table]) -> RecognizedTable:
    tpl = template()
    rt = _new_table("二", tables)
    if not tables:
        return rt
    rows = _rows(tables)
    row_defs = {key(r): (blk, r) for blk in tpl.t2_blocks for r in blk["rows"]}
    header_cols: dict[str, str] = {}  # canonical column -> written
    seen_rows: set[str] = set()
    old = [key(s) for s in tpl.old_format["2019"]]
    all_text = " ".join(row.key for row in rows)
    rt.layout = "2019" if any(o in all_text for o in old) else "2021"
    block = None
    for row in rows:
        first = key(row.texts[0]) if row.texts else ""
        if first.startswith(key(tpl.t2_caption_prefix)):
            block = next((b for b in tpl.t2_blocks if key(b["caption"]) == first), block)
            continue
        if first == key(tpl.t2_header_label):
            _t2_header(rt, row, block, header_cols)
            continue
        label = row.texts[0]
        match = _best_label(key(label), list(row_defs))
        if match is None:
            continue
        blk, canonical = row_defs[match]
        if canonical in seen_rows:
            continue
        seen_rows.add(canonical)
        if match != key(label):
            rt.label_issues.append(LabelIssue("二", "nonstandard", canonical, label, row.cells[0].loc, "row"))
        values = row.cells[1:]
        ncols = len(blk["columns"])
        nonempty = [c for c in values if c.text]
        picked = nonempty if len(nonempty) == ncols else values[:ncols]
        for k, col in enumerate(blk["columns"]):
            rt.cells[(canonical, col)] = _cell_value(picked[k] if k < len(picked) else None)
    for blk in tpl.t2_blocks:
        for r in blk["rows"]:
            if r not in seen_rows:
                rt.label_issues.append(LabelIssue("二", "missing", r, "", rt.loc, "row"))
                for col in blk["columns"]:
                    rt.cells[(r, col)] = CellValue(None, "missing")
    # keep template order
    rt.cells = {k: rt.cells[k] for k in tpl.t2_cells() if k in rt.cells}
    return rt


def _t2_header(rt: RecognizedTable, row: Row, block: dict | None, seen: dict) -> None:
    tpl = template()
    written = [c for c in row.cells[1:] if c.text]
    candidates = block["columns"] if block else sorted({c for b in tpl.t2_blocks for c in b["columns"]})
    for cell in written:
        k = key(cell.text)
        exact = [c for c in candidates if key(c) == k]
        if exact:
            seen[exact[0]] = cell.text
            continue
        best = _best_label(k, [key(c) for c in candidates], threshold=0.6)
        if best:
            canonical = next(c for c in candidates if key(c) == best)
            seen[canonical] = cell.text
            rt.label_issues.append(LabelIssue("二", "nonstandard", canonical, cell.text, cell.loc, "column"))


def _best_label(k: str, candidates: list[str], threshold: float = 0.75) -> str | None:
    if k in candidates:
        return k
    scored = [(similarity(k, c), c) for c in candidates]
    scored.sort(reverse=True)
    if scored and scored[0][0] >= threshold:
        return scored[0][1]
    return None


# ---------------------------------------------------------------- table 三
_TOP = re.compile(r"^([一二三四])、")
_GROUP = re.compile(r"\(([一二三四五六七])\)")
_ITEM = re.compile(r"(?<![\d.])([1-9])[.、](?!\d)")


def _strip_markers(k: str) -> str:
    k = _TOP.sub("", k)
    k = _GROUP.sub("", k)
    return _ITEM.sub("", k)


def _t3_value_columns(rows: list[Row]) -> dict[int, list[int]]:
    """Grid column of each canonical column per physical table, when the grid is regular:
    the header names all columns in order in contiguous grid columns, and every number
    in the table sits in one of them.  Tables that fail this (ragged text tables,
    tables garbled by a conversion) are read by order instead."""
    cols = [key(c) for c in template().t3_columns]
    out: dict[int, list[int]] = {}
    tables = {id(r.table): r.table for r in rows}
    header_pos: list[int] | None = None
    for tid, t in tables.items():
        found: dict[str, int] = {}
        for r in range(min(t.n_rows, 6)):
            for c in t.row_cells(r):
                k = key(c.text)
                if k in cols and k not in found:
                    found[k] = c.col
        if len(found) == len(cols):
            pos = [found[c] for c in cols]
            if pos == list(range(pos[0], pos[0] + len(cols))):
                header_pos = pos
        # a continuation piece without a header inherits the header's columns if its width matches
        pos = header_pos if header_pos and t.n_cols == header_pos[-1] + 1 else None
        if pos is None:
            continue
        numbers_inside = all(pos[0] <= c.col <= pos[-1]
                             for row in t.grid for c in row
                             if c is not None and parse_number(c.text)[1] == "ok"
                             and not _is_header_row(t, c.row))
        if numbers_inside:
            out[tid] = pos
    return out


def _is_header_row(t: Table, r: int) -> bool:
    cols = {key(c) for c in template().t3_columns}
    return any(key(c.text) in cols for c in t.row_cells(r))


@lru_cache(maxsize=1)
def _row_words() -> frozenset[str]:
    """The row labels of table 三 without their markers ("其他", "重复申请" …)."""
    return frozenset(_strip_markers(key(d.label)) for d in template().t3_rows())


def _value_like(c: Cell) -> bool:
    """A cell that can be a value: a number, a dash, or a short word like "无" (never a row label)."""
    if parse_number(c.text)[1] != "text":
        return True
    t = key(c.text)
    if t in _row_words():
        return False  # "其他": the label of （六）3, written without its number
    # a short word ("无", "不适用") or a short run of ASCII ("=1+2", "1.2万"): not a row label
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,4}|[\x21-\x7e]{1,12}", t)) and not _TOP.match(t) \
        and not _ITEM.match(t)


def _values_by_order(row: Row, n: int) -> list[Cell] | None:
    """The value cells of a row whose cells do not sit in known columns (text tables, ragged grids):
    1. the row ends with exactly ``n`` non-empty value cells after its label; or
    2. exactly ``n`` slots, some of them empty, follow the last label cell (a trailing empty
       column is dropped only when the first slot is filled, so nothing shifts by guesswork).
    Anything else is unreadable (None)."""
    cells = [c for c in row.cells if c.text]
    if len(cells) >= n + 1:
        vals, before = cells[-n:], cells[:-n]
        if parse_number(before[-1].text)[1] != "ok" and all(_value_like(c) for c in vals) \
                and not _value_like(before[-1]):
            return vals
    labels = [i for i, c in enumerate(row.cells) if c.text and not _value_like(c)]
    if not labels:
        return None
    slots = row.cells[labels[-1] + 1:]
    while len(slots) > n and not slots[-1].text and slots[0].text:
        slots = slots[:-1]
    if len(slots) == n and all(_value_like(c) for c in slots if c.text):
        return slots
    return None


def recognize_t3(report: Report, tables: list[Table]) -> RecognizedTable:
    tpl = template()
    rt = _new_table("三", tables)
    if not tables:
        return rt
    rows = _rows(tables)
    columns = tpl.t3_columns
    grid_cols = _t3_value_columns(rows)
    all_defs = tpl.t3_rows()
    single_six = tpl.t3_rows(old_single_six=True)
    six_single = next(d for d in single_six if d.key == tpl.t3_single_row)
    filled: dict[str, tuple] = {}
    group = None
    started = False
    header_text = ""
    header_cells: list[Cell] = []
    for row in rows:
        # values: by header position where the grid is regular, else by order
        pos = grid_cols.get(id(row.table))
        label_cells: list[Cell]
        values: list[Cell | None] | None
        if pos:
            values = [row.cell_at(p) for p in pos]
            label_cells = [c for c in row.cells if c.col < pos[0] and c.text]
            # a label cell starting left of the value columns but spanning into them: no values here
            if any(v is not None and v.col < pos[0] for v in values):
                values = None
        else:
            values = _values_by_order(row, len(columns))
            label_cells = [c for c in row.cells if c.text and (values is None or all(c is not v for v in values))]
        if values is None:
            label_cells = [c for c in label_cells if parse_number(c.text)[1] != "ok"]
        label = "".join(c.text for c in label_cells)
        k = key(label)
        if not started:
            if _TOP.match(k) and ("本年新收" in k or k.startswith("一、")) and (values is not None or _numbers_in(row)):
                started = True
            else:
                header_text += " " + row.key
                header_cells.extend(c for c in row.cells if c.text)
                continue
        # identify the row
        gm = _GROUP.search(k)
        if gm and gm.group(1) in "三四五六":
            group = "（" + gm.group(1) + "）"
        rowdef = _identify_t3_row(k, group, all_defs)
        if rowdef is None and gm and gm.group(1) == "六" and values:
            rowdef = six_single
        if rowdef is None:
            if _numbers_in(row):
                report.reading_problems.append(ReadingProblem(
                    f"表三有一行无法对应到标准行：“{label or '（无标签）'}”，该行数字未读取", row.cells[0].loc, "table"))
            continue
        if rowdef.group:
            group = rowdef.group[:3]
        if rowdef.key in filled:
            continue
        loc = label_cells[-1].loc if label_cells else row.cells[0].loc
        written = label_cells[-1].text if label_cells else ""
        if written and is_garbled(written):
            report.reading_problems.append(ReadingProblem(
                f"表三“{rowdef.label}”行的标签文字无法正确读取（“{written}”），请核对原文", loc, "table"))
        else:
            # compare only the row's own label (the last label cell), not the group label
            own = _own_label(key(written), rowdef) if written else ""
            if own and own != _strip_markers(key(rowdef.label)):
                rt.label_issues.append(LabelIssue("三", "nonstandard", rowdef.key, written, loc, "row"))
        if values is None:
            nums = _numbers_in(row)
            report.reading_problems.append(ReadingProblem(
                f"表三“{rowdef.label}”行读到 {len(nums)} 个数字，与 7 列对不上，无法确定各数字属于哪一列，请核对原文",
                loc, "table"))
            filled[rowdef.key] = tuple(CellValue(None, "unreadable", "", loc) for _ in columns)
            continue
        filled[rowdef.key] = tuple(_cell_value(v) for v in values)
    rt.layout = "2019" if six_single.key in filled else "2021"
    defs = single_six if rt.layout == "2019" else all_defs
    for d in defs:
        vals = filled.get(d.key)
        if vals is None:
            rt.label_issues.append(LabelIssue("三", "missing", d.key, "", rt.loc, "row"))
            vals = tuple(CellValue(None, "missing") for _ in columns)
        for col, v in zip(columns, vals):
            rt.cells[(d.key, col)] = v
    hk = key(header_text)
    for col in columns:
        if key(col) not in hk:
            _missing_or_mistyped(rt, col, header_cells)
    return rt


def _missing_or_mistyped(rt: RecognizedTable, label: str, header_cells: list[Cell]) -> None:
    """A header label not found as written: a mistyped one ("社会公益组识") is a nonstandard label,
    only a label with no look-alike in the header is missing."""
    known = _known_header_words(rt.name)
    best, score = None, 0.0
    for c in header_cells:
        k = key(c.text)
        if not k or k in known or len(k) > 2 * len(key(label)) + 2 or _fragment(k, key(label)):
            continue
        r = similarity(k, key(label))
        if r > score:
            best, score = c, r
    if best is not None and score >= 0.6:
        rt.label_issues.append(LabelIssue(rt.name, "nonstandard", label, best.text, best.loc, "column"))
    else:
        rt.label_issues.append(LabelIssue(rt.name, "missing", label, "", rt.loc, "column"))


@lru_cache(maxsize=None)
def _known_header_words(name: str) -> frozenset[str]:
    tpl = template()
    if name == "三":
        words = list(tpl.t3_columns) + list(tpl.t3_column_groups) + [tpl.t3_header_note]
    else:
        words = tpl.t4_groups + list(tpl.t4_super_groups) + tpl.t4_columns
    return frozenset(key(w) for w in words)


def _own_label(k: str, rowdef) -> str:
    """The part of a written label that names the row itself: for an item row the text
    after its number ("(三)不予公开3.危及…" -> "危及…"), else the label without markers."""
    if rowdef.group:
        gm = _GROUP.search(k)
        rest = k[gm.end():] if gm else k
        im = _ITEM.search(rest)
        if im:
            return _strip_markers(rest[im.end():])
        if gm:
            return ""  # only the group label is in this cell
    return _strip_markers(k)


def _numbers_in(row: Row) -> list[str]:
    return [c.text for c in row.cells if parse_number(c.text)[1] == "ok"]


def _identify_t3_row(k: str, group: str | None, defs) -> object | None:
    top = _TOP.match(k)
    gm = _GROUP.search(k)
    im = None
    # the item marker is searched after the group marker ("(三)不予公开3.危及…")
    rest = k[gm.end():] if gm else k
    im = _ITEM.search(rest)
    if top and top.group(1) in "一二四" and not gm:
        wanted = {"一": "一、", "二": "二、", "四": "四、"}[top.group(1)]
        return next(d for d in defs if d.marker == wanted)
    if im:
        n = im.group(1) + "."
        text = _strip_markers(rest[im.start():])
        cands = [d for d in defs if d.group and d.marker == n]
        if gm and gm.group(1) in "三四五六":
            g = "（" + gm.group(1) + "）"
            in_group = [d for d in cands if d.group.startswith(g)]
            cands = in_group or cands
        if not cands:
            return None

        def score(d):
            s = similarity(text, _strip_markers(key(d.label)))
            if group and d.group.startswith(group):
                s += 0.15
            return s
        best = max(cands, key=score)
        return best if score(best) >= 0.4 else None
    if gm:
        g = gm.group(1)
        if g in "一二七":
            return next(d for d in defs if d.marker == f"（{g}）")
        return None
    # no marker at all: the label text alone
    text = _strip_markers(k)
    if len(text) < 2:
        return None
    scored = sorted(((similarity(text, _strip_markers(key(d.label))), i) for i, d in enumerate(defs)), reverse=True)
    if scored[0][0] >= 0.75:
        return defs[scored[0][1]]
    return None


# ---------------------------------------------------------------- table 四
def recognize_t4(report: Report, tables: list[Table]) -> RecognizedTable:
    tpl = template()
    rt = _new_table("四", tables)
    if not tables:
        return rt
    rows = _rows(tables)
    keys = tpl.t4_keys()
    header = " ".join(r.key for r in rows)
    data = max(rows, key=lambda r: len(_numbers_in(r)))
    header_cells = [c for r in rows if r is not data for c in r.cells if c.text and parse_number(c.text)[1] != "ok"]
    for g in tpl.t4_groups + list(tpl.t4_super_groups):
        if key(g) not in header:
            _missing_or_mistyped(rt, g, header_cells)
    _t4_column_labels(rt, header_cells)
    nums = _numbers_in(data)
    if not nums:
        for k in keys:
            rt.cells[("", k)] = CellValue(None, "blank", "", data.cells[0].loc if data.cells else rt.loc)
        return rt
    cells = [c for c in data.cells if c.text]
    n = len(keys)   # 15
    if len(cells) == n and len(nums) >= 1:
        for k, c in zip(keys, cells):
            rt.cells[("", k)] = _cell_value(c)
        return rt
    # a regular grid: the data row has n slots, some of them empty
    width = data.table.n_cols
    if width == n:
        for k, col in zip(keys, range(n)):
            rt.cells[("", k)] = _cell_value(data.cell_at(col))
        return rt
    loc = data.cells[0].loc
    report.reading_problems.append(ReadingProblem(
        f"表四数据行读到 {len(nums)} 个数字，与 {n} 列对不上，无法确定各数字属于哪一列，请核对原文", loc, "table"))
    for k in keys:
        rt.cells[("", k)] = CellValue(None, "unreadable", "", loc)
    return rt


def _fragment(written: str, label: str) -> bool:
    """A piece of the label ("其他结", "结果"): a label broken over two lines by a conversion, not a typo."""
    return written in label


def _t4_column_labels(rt: RecognizedTable, header_cells: list[Cell]) -> None:
    """Each header cell of table 四 that is not one of its labels but looks like one ("结果唯持",
    "尚未申结") is a mistyped label; the label is reported once, at its first mistyped cell."""
    known = _known_header_words("四")
    cols = template().t4_columns
    seen: set[str] = set()
    for c in header_cells:
        k = key(c.text)
        if k in known:
            continue
        scored = sorted(((similarity(k, key(col)), col) for col in cols), reverse=True)
        r, col = scored[0]
        if r >= 0.5 and abs(len(k) - len(key(col))) <= 1 and not _fragment(k, key(col)) and col not in seen:
            seen.add(col)
            rt.label_issues.append(LabelIssue("四", "nonstandard", col, c.text, c.loc, "column"))


# ---------------------------------------------------------------- entry point
def recognize_tables(report: Report) -> None:
    pieces = assign_tables(report)
    report.tables = {
        "二": recognize_t2(report, pieces["二"]),
        "三": recognize_t3(report, pieces["三"]),
        "四": recognize_t4(report, pieces["四"]),
    }
    for name, t in report.tables.items():
        if not t.found:
            _table_written_as_text(report, t)
    _old_format_and_template(report)


def _table_written_as_text(report: Report, t: RecognizedTable) -> None:
    """A standard table the reader did not get as a table (a PDF table without ruling lines, a
    table pasted as an image or typed as text): if its labels are in the text, the table is
    there but unreadable -- a reading problem, not a missing table."""
    anchors = [key(a) for a in template().table_anchors(t.name)]
    sec = report.section(t.name)
    paras = report.section_paragraphs(t.name) if sec and sec.found else list(report.document.paragraphs())
    for p in paras:
        k = key(p.text)
        if any(a in k for a in anchors) and len(re.findall(r"\d+", p.text)) >= 5:
            t.found = True
            t.loc = p.loc
            report.reading_problems.append(ReadingProblem(
                f"表{t.name}没有按表格读出来（可能是没有表格线的表格、图片或文本框），无法核对其中的数字，"
                "请核对原文，或用原始 Word 文件检查", p.loc, "table"))
            for k2 in template().cell_keys(t.name):
                t.cells[k2] = CellValue(None, "unreadable", "", p.loc)
            return


_OLD_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.,，]|\([一二三四五六七八九十]+\))")
# a topic of 一 may be worded like an old section title: only a top-level heading counts for these
_TOPIC_LIKE = ("依申请公开政府信息情况",)


def _old_format_and_template(report: Report) -> None:
    tpl = template()
    markers = [(m, "2019") for m in tpl.old_format["2019"]] + [(m, "pre2019") for m in tpl.old_format["pre2019"]]
    for b in report.document.blocks:
        if isinstance(b, Table):
            texts = [(c.text, c.loc) for row in b.grid for c in row if c is not None]
        elif _OLD_HEADING.match(key(b.text)) and len(key(b.text)) <= 30:
            # in the text only an old heading counts ("三、依申请公开政府信息情况", "（二）…收费及减免情况"):
            # the same words in a sentence name a kind of information ("其他对外管理服务事项的依据、条件…")
            texts = [(b.text, b.loc)]
        else:
            continue
        sub_heading = not isinstance(b, Table) and key(b.text).startswith("(")
        for text, loc in texts:
            k = key(text)
            for m, _ in markers:
                if key(m) in k and not (sub_heading and m in _TOPIC_LIKE):
                    report.old_format_markers.append((m, loc))
    t2, t3 = report.tables["二"], report.tables["三"]
    found_sections = sum(1 for s in report.sections if s.found)
    any_table = any(t.found for t in report.tables.values())
    title = key(report.title or "")
    report.is_report = ("信息公开" in title and "报告" in title) or found_sections >= 3 or any_table
    if not report.is_report:
        report.template = "unknown"
    elif t2.layout == "2019" or report.old_format_markers:
        report.template = "2019"
    elif t2.found or t3.found:
        report.template = "2021"
    else:
        report.template = "unknown"
