"""Render the real corpus reports into the official Word template, and make their PDFs.

tests/fixtures/corpus/ holds thirteen real reports as TAB-table text (NN_name.txt, the
report from its title on), the answer key (key.json) and the official blank template of
the 2021 format (template-2021.docx).  For every report this writes

- NN_name.docx: the report typed into the template: the title replaced, the preface
  after it, each section's text under its heading (the report's own heading wording)
  in place of the “（文字描述）” placeholders, and the three standard tables filled from
  the report's TAB tables, keeping the template's merged cells.  Rows are matched to the
  template's by their labels (normalised); where the report's table differs from the
  template (a missing or extra row, other headers, （六） as a single row, a blank cell,
  a label worded differently) the table is the report's: the defects in key.json are
  exactly those differences.  Sections, tables and paragraphs the template has no place
  for are kept in the report's order;
- NN_name.pdf: LibreOffice headless export of that .docx.

    python3 tools/make_corpus_fixtures.py                          # all reports, .docx and .pdf
    python3 tools/make_corpus_fixtures.py --no-pdf                 # .docx only
    python3 tools/make_corpus_fixtures.py tests/fixtures/corpus/11_*.txt
    python3 tools/make_corpus_fixtures.py --import ../shared/corpus   # first (re)copy the corpus:
        # each report without its line 1 (SOURCE: …), key.json and template-2021.docx

Deterministic like tools/make_fixtures.py (whose helpers it uses): fixed core properties
and zip timestamps; the "keywords" property is the SHA-256 of word/document.xml, which
LibreOffice copies into the PDF, so a test can tell that a .docx/.pdf is up to date.
"""
from __future__ import annotations

import argparse
import copy
import importlib.util
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from core.textnorm import key, looks_numeric  # noqa: E402


def _load_make_fixtures():
    """tools/make_fixtures.py: its zip normalisation, content hash, properties and LibreOffice export."""
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "tools" / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


mf = _load_make_fixtures()

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
TEMPLATE = CORPUS / "template-2021.docx"
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus"
REPORT_GLOB = "[0-9][0-9]_*.txt"

_CN = "一二三四五六七八九十"
_SECTION = re.compile(rf"^\s*([{_CN}])\s*[、.．]")
_T2_CAPTION = re.compile(r"^\s*第二十条\s*第?\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*项\s*$")
_SUBHEADING = re.compile(rf"^\s*(?:[（(][{_CN}]+[）)]|[{_CN}]+、)")
_LEVEL0 = re.compile(rf"^[{_CN}]+、")               # 一、 三、 四、 (table 三)
_LEVEL1 = re.compile(rf"^[（(][{_CN}]+[）)]")       # （一） … （七）
_LEVEL2 = re.compile(r"^\d+[.．、]")                # 1. 2. …
MAX_HEADING_LEN = 40
T3_LABEL_COLS, T3_VALUES = 3, 7


# ---------------------------------------------------------------- the report as text

@dataclass
class Para:
    text: str


@dataclass
class Tab:
    rows: list[list[str]]  # the cells that start in each row (the corpus' TAB format)


@dataclass
class Section:
    number: str
    heading: str
    blocks: list = field(default_factory=list)


@dataclass
class Report:
    title: str
    preface: list
    sections: list[Section]


def parse_blocks(text: str) -> list:
    """Lines without TAB are paragraphs; a run of lines with TAB is one table (blank lines skipped)."""
    blocks: list = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            continue
        if "\t" in line:
            if not (blocks and isinstance(blocks[-1], Tab)):
                blocks.append(Tab([]))
            blocks[-1].rows.append(line.split("\t"))
        else:
            blocks.append(Para(line.strip()))
    return blocks


def _section_number(text: str, last: int) -> str | None:
    m = _SECTION.match(text)
    if not m or len(text.strip()) > MAX_HEADING_LEN or "。" in text.rstrip("。"):
        return None
    return m.group(1) if _CN.index(m.group(1)) > last else None


def parse_report(text: str) -> Report:
    blocks = parse_blocks(text)
    if not blocks or not isinstance(blocks[0], Para):
        raise ValueError("the report must start with its title")
    title, rest = blocks[0].text, blocks[1:]
    preface: list = []
    sections: list[Section] = []
    last = -1
    for b in rest:
        n = _section_number(b.text, last) if isinstance(b, Para) else None
        if n:
            sections.append(Section(n, b.text))
            last = _CN.index(n)
        elif sections:
            sections[-1].blocks.append(b)
        else:
            preface.append(b)
    return Report(title, preface, sections)


def standard_table_span(number: str, blocks: list) -> tuple[int, int] | None:
    """Where the standard table of section 二/三/四 is among the section's blocks: (start, end).
    Table 二 is the run of “第二十条第（X）项” captions and TAB tables; 三 and 四 the first TAB table."""
    if number == "二":
        for i, b in enumerate(blocks):
            if isinstance(b, Tab) or _T2_CAPTION.match(b.text):
                j = i
                while j < len(blocks) and (isinstance(blocks[j], Tab) or _T2_CAPTION.match(blocks[j].text)):
                    j += 1
                if any(isinstance(x, Tab) for x in blocks[i:j]):
                    return i, j
        return None
    if number in ("三", "四"):
        return next(((i, i + 1) for i, b in enumerate(blocks) if isinstance(b, Tab)), None)
    return None


# ---------------------------------------------------------------- the template's parts

def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


@dataclass
class TCell:
    tc: object
    col: int
    span: int
    vm: str | None  # "restart" | "continue" | None

    @property
    def text(self) -> str:
        return "".join(_text(p) for p in self.tc.iter(qn("w:p")))


@dataclass
class TRow:
    tr: object
    cells: list[TCell]

    @property
    def starting(self) -> list[TCell]:
        return [c for c in self.cells if c.vm != "continue"]


@dataclass
class TTable:
    tbl: object
    widths: list[int]
    rows: list[TRow]
    label_rpr: object  # the run properties of the table's labels (values are written with them)


def parse_template_table(tbl) -> TTable:
    widths = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    rows = []
    for tr in tbl.findall(qn("w:tr")):
        cells, col = [], 0
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            gs = pr.find(qn("w:gridSpan")) if pr is not None else None
            vm = pr.find(qn("w:vMerge")) if pr is not None else None
            span = int(gs.get(qn("w:val"))) if gs is not None else 1
            vmv = None if vm is None else (vm.get(qn("w:val")) or "continue")
            cells.append(TCell(tc, col, span, vmv))
            col += span
        rows.append(TRow(tr, cells))
    rpr = next(r.find(qn("w:rPr")) for r in tbl.iter(qn("w:r")) if r.find(qn("w:rPr")) is not None)
    return TTable(tbl, widths, rows, rpr)


@dataclass
class Skeleton:
    """The template's body, cut at its headings."""
    lead: list                      # before the title
    title: object
    after_title: list               # between the title and the first heading
    headings: dict[str, object]     # number -> heading paragraph
    regions: dict[str, list]        # number -> what follows the heading up to the next one
    tail: list                      # sectPr
    body_proto: object              # a body-text paragraph (the placeholder)


def parse_skeleton(document) -> Skeleton:
    body = document.element.body
    kids = list(body)
    title_i = next(i for i, el in enumerate(kids) if el.tag == qn("w:p") and "年度报告" in _text(el))
    heads = [(i, _SECTION.match(_text(el)).group(1)) for i, el in enumerate(kids)
             if el.tag == qn("w:p") and _SECTION.match(_text(el)) and len(_text(el)) <= MAX_HEADING_LEN]
    end = next(i for i, el in enumerate(kids) if el.tag == qn("w:sectPr"))
    regions, headings = {}, {}
    for k, (i, n) in enumerate(heads):
        j = heads[k + 1][0] if k + 1 < len(heads) else end
        headings[n] = kids[i]
        regions[n] = kids[i + 1:j]
    proto = next(el for el in kids if el.tag == qn("w:p") and _text(el).startswith("（文字描述"))
    return Skeleton(kids[:title_i], kids[title_i], kids[title_i + 1:heads[0][0]], headings, regions,
                    kids[end:], proto)


def _is_placeholder(el) -> bool:
    return el.tag == qn("w:p") and _text(el).startswith("（文字描述")


# ---------------------------------------------------------------- paragraphs

def _strip_ids(el):
    """Cloned parts must not repeat the template's w14:paraId/textId."""
    for e in el.iter():
        for a in ("paraId", "textId"):
            e.attrib.pop("{http://schemas.microsoft.com/office/word/2010/wordml}" + a, None)
    return el


def _set_paragraph_text(p, text: str, rpr=None, bold: bool | None = None) -> None:
    """Replace a paragraph's content with one run of ``text`` (formatting from ``rpr`` or its first run)."""
    first = p.find(qn("w:r"))
    if rpr is None and first is not None:
        rpr = first.find(qn("w:rPr"))
    for ch in list(p):
        if ch.tag != qn("w:pPr"):
            p.remove(ch)
    if not text:
        return
    r = OxmlElement("w:r")
    if rpr is not None:
        rp = copy.deepcopy(rpr)  # a python-docx CT_RPr: get_or_add_* keep the schema order
        if bold:
            rp.get_or_add_b()
            rp.get_or_add_bCs()
        elif bold is False:
            rp._remove_b()
            rp._remove_bCs()
        r.append(rp)
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    p.append(r)


def _clone_paragraph(proto, text: str, bold: bool | None = None):
    p = _strip_ids(copy.deepcopy(proto))
    _set_paragraph_text(p, text, bold=bold)
    return p


def body_paragraph(proto, text: str):
    """A body paragraph; a short sub-heading such as “（一）主动公开情况” is set bold, as drafts do."""
    sub = len(text) <= 30 and bool(_SUBHEADING.match(text)) and "。" not in text
    return _clone_paragraph(proto, text, bold=True if sub else None)


# ---------------------------------------------------------------- table layout

@dataclass
class OCell:
    text: str
    col: int
    span: int
    proto: object            # a template w:tc: its formatting is kept
    vm: str | None = None    # "restart" | "continue"
    center: bool = False


@dataclass
class ORow:
    proto: object            # a template w:tr (row properties)
    cells: list[OCell]


def _spans(n: int, width: int) -> list[int]:
    """Grid spans of a row of ``n`` cells in a ``width``-column grid: the last cell takes the rest."""
    if n >= width:
        return [1] * n
    return [1] * (n - 1) + [width - n + 1]


def _row_from_cells(texts: list[str], proto_tr, label_tc, value_tc, width: int,
                    spans: list[int] | None = None, protos: list | None = None) -> ORow:
    spans = spans or _spans(len(texts), width)
    cells, col = [], 0
    for i, (t, s) in enumerate(zip(texts, spans)):
        numeric = looks_numeric(t) or (i > 0 and not t)
        proto = protos[i] if protos else (value_tc if numeric and i > 0 else label_tc)
        cells.append(OCell(t, col, s, proto, center=numeric))
        col += s
    return ORow(proto_tr, cells)


def _like_template(rep_rows: list[list[str]], tpl_rows: list[TRow]) -> list[ORow] | None:
    """The report's rows in the template rows' layout, when each row has as many cells as the
    template row has starting cells; else None."""
    if len(rep_rows) != len(tpl_rows) or any(len(r) != len(t.starting) for r, t in zip(rep_rows, tpl_rows)):
        return None
    out = []
    for rep, trow in zip(rep_rows, tpl_rows):
        texts = iter(rep)
        cells = []
        for c in trow.cells:
            if c.vm == "continue":
                cells.append(OCell("", c.col, c.span, c.tc, "continue"))
            else:
                t = next(texts)
                cells.append(OCell(t, c.col, c.span, c.tc, c.vm, center=looks_numeric(t)))
        out.append(ORow(trow.tr, cells))
    return out


# ---- table 二

def layout_t2(rows: list[list[str]], tpl: TTable) -> tuple[list[ORow], int]:
    width = max([len(tpl.widths)] + [len(r) for r in rows])
    kind = {}
    caption = None
    by_caption_header: dict[str, TRow] = {}
    by_label: dict[str, TRow] = {}
    for tr in tpl.rows:
        first = key(tr.cells[0].text)
        if _T2_CAPTION.match(tr.cells[0].text):
            kind[id(tr)], caption = "caption", first
        elif first == key("信息内容"):
            kind[id(tr)] = "header"
            by_caption_header[caption] = tr
        else:
            kind[id(tr)] = "data"
            by_label[first] = tr
    protos = {k: [tr for tr in tpl.rows if kind[id(tr)] == k] for k in ("caption", "header", "data")}
    data0 = protos["data"][0]
    label_tc, value_tc = data0.cells[0].tc, data0.cells[1].tc

    def pick(kind_: str, wanted: TRow | None, n: int) -> TRow:
        if wanted is not None and len(wanted.cells) == n:
            return wanted
        same = [tr for tr in protos[kind_] if len(tr.cells) == n]
        return same[0] if same else protos[kind_][0]

    out: list[ORow] = []
    caption = None
    for r in rows:
        first = key(r[0])
        if len(r) == 1 and _T2_CAPTION.match(r[0]):
            caption = first
            tr = next((t for t in protos["caption"] if key(t.cells[0].text) == first), protos["caption"][0])
            out.append(ORow(tr.tr, [OCell(r[0], 0, width, tr.cells[0].tc)]))
            continue
        k = "header" if first == key("信息内容") else "data"
        tr = pick(k, by_caption_header.get(caption) if k == "header" else by_label.get(first), len(r))
        same = len(tr.cells) == len(r) and width == len(tpl.widths)
        spans = [c.span for c in tr.cells] if same else None
        cell_protos = [c.tc for c in tr.cells] if same else None
        if k == "header":
            cell_protos = cell_protos or [tr.cells[min(i, len(tr.cells) - 1)].tc for i in range(len(r))]
        out.append(_row_from_cells(r, tr.tr, label_tc, value_tc, width, spans, cell_protos))
    return out, width


# ---- table 三

def _label_level(text: str) -> int | None:
    k = key(text)
    if _LEVEL0.match(k):
        return 0
    if _LEVEL1.match(k):
        return 1
    if _LEVEL2.match(k):
        return 2
    return None


def _t3_template_paths(tpl: TTable) -> dict[tuple, TRow]:
    """Template data rows by their label path, e.g. ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")."""
    out = {}
    owner: dict[int, str] = {}
    for tr in tpl.rows:
        path = []
        for c in tr.cells:
            if c.col >= T3_LABEL_COLS:
                break
            if c.vm == "continue":
                path.append(owner.get(c.col, ""))
            else:
                owner[c.col] = key(c.text)
                path.append(key(c.text))
        out.setdefault(tuple(p for p in path if p), tr)
    return out


def layout_t3(rows: list[list[str]], tpl: TTable) -> list[ORow]:
    width = len(tpl.widths)
    first_data = next((i for i, r in enumerate(rows) if len(r) > T3_VALUES and _label_level(r[0]) == 0),
                      None)
    tpl_first = next(i for i, t in enumerate(tpl.rows) if _label_level(t.cells[0].text) == 0)
    header, data = (rows[:first_data], rows[first_data:]) if first_data is not None else (rows, [])
    sample = tpl.rows[tpl_first]
    label_tc, value_tc = sample.cells[0].tc, sample.cells[1].tc
    out = _like_template(header, tpl.rows[:tpl_first])
    if out is None:
        out = [_row_from_cells(r, tpl.rows[0].tr, tpl.rows[0].cells[0].tc, tpl.rows[0].cells[0].tc, width)
               for r in header]
    paths = _t3_template_paths(tpl)
    group_tc = next(c.tc for t in tpl.rows for c in t.cells if c.vm == "restart" and c.col < T3_LABEL_COLS
                    and _label_level(c.text) is not None)
    ctx: list[str | None] = [None] * T3_LABEL_COLS
    laid: list[tuple[list[tuple], list[str], TRow | None]] = []
    for r in data:
        if len(r) > T3_VALUES:
            labels, values = r[:-T3_VALUES], r[-T3_VALUES:]
        else:  # a short row: its first cell is the label
            labels, values = r[:1], r[1:]
        if len(labels) > T3_LABEL_COLS:
            labels = labels[:T3_LABEL_COLS - 1] + ["".join(labels[T3_LABEL_COLS - 1:])]
        level = _label_level(labels[0])
        if level is None:
            level = 1 if ctx[0] is not None else 0
        first = max(0, min(level, T3_LABEL_COLS - len(labels)))
        cells: list[tuple] = []  # (kind, col, span, text)
        path = []
        for c in range(first):
            if ctx[c] is not None:
                cells.append(("cont", c, 1, ""))
                path.append(key(ctx[c]))
            else:
                cells.append(("empty", c, 1, ""))
        for c in range(first, T3_LABEL_COLS):
            ctx[c] = None
        col = first
        for i, t in enumerate(labels):
            if i == len(labels) - 1:
                cells.append(("label", col, T3_LABEL_COLS - col, t))
            else:
                cells.append(("group", col, 1, t))
                ctx[col] = t
                col += 1
            path.append(key(t))
        laid.append((cells, values, paths.get(tuple(path))))
    for k, (cells, values, match) in enumerate(laid):
        nxt = laid[k + 1][0] if k + 1 < len(laid) else []
        tpl_tcs = {c.col: c.tc for c in match.cells} if match else {}
        row = []
        for kind, col, span, text in cells:
            if kind == "group":
                cont_below = any(kk == "cont" and cc == col for kk, cc, _, _ in nxt)
                row.append(OCell(text, col, span, tpl_tcs.get(col, group_tc), "restart" if cont_below else None))
            elif kind == "cont":
                row.append(OCell("", col, span, tpl_tcs.get(col, group_tc), "continue"))
            else:
                row.append(OCell(text, col, span, tpl_tcs.get(col, label_tc)))
        for i, v in enumerate(values):
            col = T3_LABEL_COLS + i
            row.append(OCell(v, col, 1, tpl_tcs.get(col, value_tc), center=True))
        out.append(ORow(match.tr if match else sample.tr, row))
    return out


# ---- table 四 and tables the template does not have

def layout_t4(rows: list[list[str]], tpl: TTable) -> list[ORow]:
    out = _like_template(rows, tpl.rows)
    if out is not None:
        return out
    data = tpl.rows[-1]
    return [_row_from_cells(r, data.tr, tpl.rows[0].cells[0].tc, data.cells[0].tc, len(tpl.widths))
            for r in rows]


def layout_generic(rows: list[list[str]], tpl: TTable) -> tuple[list[ORow], int]:
    """A table the template has no place for: a plain grid, each row's last cell taking the rest."""
    width = max(len(r) for r in rows)
    data = next(t for t in tpl.rows if len(t.cells) >= 2 and not _T2_CAPTION.match(t.cells[0].text)
                and key(t.cells[0].text) != key("信息内容"))
    return [_row_from_cells(r, data.tr, data.cells[0].tc, data.cells[1].tc, width) for r in rows], width


# ---------------------------------------------------------------- table rendering

_BORDER_SIDES = ("top", "left", "bottom", "right")
_TCPR_ORDER = ["tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark"]


def _make_tc(cell: OCell, widths: list[int], label_rpr, border_sz: str):
    tc = _strip_ids(copy.deepcopy(cell.proto))
    pr = tc.find(qn("w:tcPr"))
    if pr is None:
        pr = OxmlElement("w:tcPr")
        tc.insert(0, pr)
    for tag in ("w:tcW", "w:gridSpan", "w:vMerge", "w:tcBorders", "w:vAlign"):
        for old in pr.findall(qn(tag)):
            pr.remove(old)
    w = OxmlElement("w:tcW")
    w.set(qn("w:w"), str(sum(widths[cell.col:cell.col + cell.span])))
    w.set(qn("w:type"), "dxa")
    new = [w]
    if cell.span > 1:
        gs = OxmlElement("w:gridSpan")
        gs.set(qn("w:val"), str(cell.span))
        new.append(gs)
    if cell.vm:
        vm = OxmlElement("w:vMerge")
        if cell.vm == "restart":
            vm.set(qn("w:val"), "restart")
        new.append(vm)
    borders = OxmlElement("w:tcBorders")  # every cell ruled on all sides: the grid a PDF reader finds
    for side in _BORDER_SIDES:
        b = OxmlElement(f"w:{side}")
        for a, v in (("val", "single"), ("color", "auto"), ("sz", border_sz), ("space", "0")):
            b.set(qn(f"w:{a}"), v)
        borders.append(b)
    new.append(borders)
    va = OxmlElement("w:vAlign")
    va.set(qn("w:val"), "center")
    new.append(va)
    rest = [ch for ch in pr]
    for ch in rest:
        pr.remove(ch)
    everything = new + rest
    everything.sort(key=lambda e: _TCPR_ORDER.index(e.tag.split("}")[1]) if e.tag.split("}")[1] in _TCPR_ORDER
                    else len(_TCPR_ORDER))
    for ch in everything:
        pr.append(ch)
    # the text: the proto's first paragraph (its properties), one run
    paras = tc.findall(qn("w:p"))
    p = paras[0] if paras else OxmlElement("w:p")
    for extra in paras[1:]:
        tc.remove(extra)
    for ch in list(tc):
        if ch.tag not in (qn("w:tcPr"), qn("w:p")):
            tc.remove(ch)
    if not paras:
        tc.append(p)
    rpr = p.find(qn("w:r"))
    rpr = rpr.find(qn("w:rPr")) if rpr is not None else None
    ppr = p.find(qn("w:pPr"))
    if cell.center:
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        ppr.get_or_add_jc().set(qn("w:val"), "center")
    _set_paragraph_text(p, cell.text, rpr if rpr is not None else label_rpr)
    return tc


def render_table(tpl: TTable, rows: list[ORow], width: int | None = None, border_sz: str = "8"):
    tbl = _strip_ids(copy.deepcopy(tpl.tbl))
    widths = tpl.widths
    if width is not None and width != len(widths):
        total = sum(widths)
        widths = [total // width + (1 if i < total % width else 0) for i in range(width)]
        grid = tbl.find(qn("w:tblGrid"))
        for g in list(grid):
            grid.remove(g)
        for w in widths:
            g = OxmlElement("w:gridCol")
            g.set(qn("w:w"), str(w))
            grid.append(g)
    for tr in tbl.findall(qn("w:tr")):
        tbl.remove(tr)
    for row in rows:
        tr = _strip_ids(copy.deepcopy(row.proto))
        for tc in tr.findall(qn("w:tc")):
            tr.remove(tc)
        for cell in row.cells:
            tr.append(_make_tc(cell, widths, tpl.label_rpr, border_sz))
        tbl.append(tr)
    return tbl


# ---------------------------------------------------------------- the document

def _table_rows(blocks: list) -> list[list[str]]:
    rows: list[list[str]] = []
    for b in blocks:
        rows.extend(b.rows if isinstance(b, Tab) else [[b.text]])
    return rows


def build_docx(report_txt: Path, template: Path = TEMPLATE):
    report = parse_report(report_txt.read_text(encoding="utf-8"))
    document = docx.Document(str(template))
    sk = parse_skeleton(document)
    tables = {}
    for n in ("二", "三", "四"):
        tbl = next((el for el in sk.regions[n] if el.tag == qn("w:tbl")), None)
        tables[n] = parse_template_table(tbl)
    generic_tpl = tables["二"]

    def blocks_out(blocks: list) -> list:
        out = []
        for b in blocks:
            if isinstance(b, Para):
                out.append(body_paragraph(sk.body_proto, b.text))
            else:
                rows, width = layout_generic(b.rows, generic_tpl)
                out += [render_table(generic_tpl, rows, width), _clone_paragraph(sk.body_proto, "")]
        return out

    def standard_table(n: str, blocks: list):
        tpl = tables[n]
        rows = _table_rows(blocks)
        if n == "二":
            laid, width = layout_t2(rows, tpl)
            return render_table(tpl, laid, width, "8")
        if n == "三":
            return render_table(tpl, layout_t3(rows, tpl), None, "8")
        return render_table(tpl, layout_t4(rows, tpl), None, "4")

    new: list = list(sk.lead)
    _set_paragraph_text(sk.title, report.title)
    new.append(sk.title)
    new += blocks_out(report.preface)
    new += sk.after_title
    fallback_heading = next(iter(sk.headings.values()))
    for sec in report.sections:
        proto = sk.headings.get(sec.number, fallback_heading)
        new.append(_clone_paragraph(proto, sec.heading))
        region = sk.regions.get(sec.number, [])
        tbl_i = next((i for i, el in enumerate(region) if el.tag == qn("w:tbl")), None)
        span = standard_table_span(sec.number, sec.blocks) if tbl_i is not None else None
        if tbl_i is not None:
            before, after = region[:tbl_i], region[tbl_i + 1:]
            if span:
                a, b = span
                new += blocks_out(sec.blocks[:a]) + before
                new.append(standard_table(sec.number, sec.blocks[a:b]))
                rest = blocks_out(sec.blocks[b:])
                # text after the table: one of the template's empty paragraphs keeps it off the table
                new += (after[:1] + rest + after[1:]) if rest else after
            else:  # the report has no table here: neither has the draft
                new += blocks_out(sec.blocks) + before + after
        else:
            keep = [el for el in region if not _is_placeholder(el)]
            new += blocks_out(sec.blocks) + keep
    new += sk.tail
    body = document.element.body
    for el in list(body):
        body.remove(el)
    for el in new:
        body.append(_strip_ids(el))
    return document


def make_docx(report_txt: Path, out: Path, template: Path = TEMPLATE) -> Path:
    document = build_docx(report_txt, template)
    mf._set_properties(document, report_txt.stem, "")
    _fixed_properties(document)
    fingerprint = mf.content_hash(mf._docx_bytes(document))
    mf._set_properties(document, report_txt.stem, fingerprint)
    target = out / f"{report_txt.stem}.docx"
    target.write_bytes(mf._normalise_zip(mf._docx_bytes(document)))
    return target


def _fixed_properties(document) -> None:
    cp = document.core_properties
    cp.subject = cp.category = cp.comments = cp.content_status = ""
    cp.identifier = cp.language = cp.version = ""


# ---------------------------------------------------------------- importing the corpus

def import_corpus(source: Path, out: Path = CORPUS) -> list[Path]:
    """Copy the reports (without line 1, ``SOURCE: …``), key.json and the template."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for src in sorted(source.glob(REPORT_GLOB)):
        data = src.read_bytes()
        first, sep, rest = data.partition(b"\n")
        if not first.startswith(b"SOURCE:") or not sep:
            raise SystemExit(f"{src}: line 1 is not a SOURCE: line")
        (out / src.name).write_bytes(rest)
        made.append(out / src.name)
    for name in ("key.json", "template-2021.docx"):
        shutil.copyfile(source / name, out / name)
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", nargs="*", type=Path, help=f"report .txt files (default: all in {CORPUS})")
    ap.add_argument("--out", type=Path, default=CORPUS, help="output folder (default: next to the reports)")
    ap.add_argument("--template", type=Path, default=TEMPLATE)
    ap.add_argument("--import", dest="source", type=Path, nargs="?", const=DEFAULT_SOURCE,
                    help=f"first copy the corpus from SOURCE (default {DEFAULT_SOURCE}) into {CORPUS}")
    ap.add_argument("--no-pdf", action="store_true", help="write the .docx files only")
    args = ap.parse_args(argv)
    if args.source:
        for f in import_corpus(args.source):
            print(f"copied {f}")
    reports = args.reports or sorted(CORPUS.glob(REPORT_GLOB))
    args.out.mkdir(parents=True, exist_ok=True)
    made = [make_docx(r, args.out, args.template) for r in reports]
    for f in made:
        print(f"wrote {f}")
    if not args.no_pdf and made:
        mf.make_pdfs(made, args.out)
        print(f"wrote {len(made)} PDF file(s) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
