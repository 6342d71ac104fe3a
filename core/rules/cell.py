"""cell: every number cell of the three tables is a non-negative whole number (the fee: 万元)."""
from __future__ import annotations

import re
from itertools import groupby

from ..template import template
from .common import all_cells, cell_name, short_row
from .registry import rule

# A fee in 万元 so large that it can only have been written in 元: 10 亿元 of 行政事业性收费 for one
# department, township or street office, 1000 亿元 for a government, which reports its whole region
# (tens of thousands of 万元 are normal there, and 1.6 亿元 for a busy 行政审批局).  Size alone below
# that is never a finding.
FEE_YUAN_IMPOSSIBLE = {"government": 10_000_000, None: 100_000}


def decimal_cells() -> set[tuple[str, str]]:
    return {(r, c) for b in template().t2_blocks if b.get("decimal") for r in b["rows"] for c in b["columns"]}


def _row_of(item):
    ref, _ = item
    return (ref.table, ref.row)


def _fee_in_yuan_text(ref, cv) -> bool:
    """The fee cell written with a unit of 元 (reported by CEL005, not as text)."""
    return (ref.row, ref.col) in decimal_cells() and bool(re.search(r"(?<!万)元", cv.text or ""))


def _rows_with(report, pred):
    """(first ref, [(ref, cv)...], where) for each table row having cells that match ``pred``."""
    for name in ("二", "三", "四"):
        for _, group in groupby(all_cells(report, name), key=_row_of):
            bad = [(ref, cv) for ref, cv in group if pred(ref, cv)]
            if bad:
                ref = bad[0][0]
                where = {"四": "表四", "三": f"表三“{short_row(ref.row)}”行"}.get(name, f"表二“{ref.row}”行")
                yield ref, bad, where


def _all_blank(report, name: str) -> bool:
    """Every cell of the table is empty: one BLK005 finding says so instead of one per row."""
    cells = [cv for _, cv in all_cells(report, name)]
    return bool(cells) and all(cv.status in ("blank", "missing") for cv in cells)


@rule(id="CEL001", category="cell", severity="warn", title="表格单元格空着",
      doc="""说明：统一格式表格的每个格子都要填数字，没有的填 0，不要空着或只写“—”“/”。空格子会被当成漏填。同一行的空格子合并为一条；整张表一个数字都没填的，只报一条“整张表格没有填写”（BLK005）。
依据：统一格式表格；空格子填 0 是通行做法，官方文件没有明文（推断）。
例：表三“（五）不予处理 2.重复申请”一行全部空着；表二“规章”一行写的是“—”。
正确写法：没有数据的格子填 0。""")
def blank_cells(report, ctx):
    skip = {name for name in ("二", "三", "四") if _all_blank(report, name)}
    for ref, bad, where in _rows_with(report, lambda r, cv: cv.status == "blank" and r.table not in skip):
        cols = "、".join(r.col for r, _ in bad)
        yield ctx.cell_finding(ref, f"{where}有 {len(bad)} 个格子空着（{cols}）。",
                               "没有数据的格子请填 0，不要空着或只写“—”。", cells=[r for r, _ in bad])


@rule(id="CEL002", category="cell", severity="warn", title="表格单元格不是数字",
      doc="""说明：表格里只填阿拉伯数字，不要写“无”“若干”“12件”“一”之类的文字。全角数字（１２）和千分位逗号（1,050）算数字；“—”“/”按空格子提示（CEL001）；收费格写了“元”的由 CEL005 提示。同一行的合并为一条。
依据：统一格式表格；各格为件数或金额，只填数字（推断）。
例：表四“行政复议 总计”写成“无”；表二“行政许可”写成“12件”。
正确写法：只填数字，没有的填 0，如“0”“12”。""")
def text_cells(report, ctx):
    pred = lambda r, cv: cv.status == "text" and not _fee_in_yuan_text(r, cv)  # noqa: E731
    for ref, bad, where in _rows_with(report, pred):
        if len(bad) == 1:
            message = f"{cell_name(ref)}填的是“{bad[0][1].text}”，不是数字。"
        else:
            shown = "、".join(f"{r.col}“{cv.text}”" for r, cv in bad)
            message = f"{where}有 {len(bad)} 个格子填的不是数字：{shown}。"
        yield ctx.cell_finding(ref, message, "请只填阿拉伯数字，没有的填 0。", cells=[r for r, _ in bad])


@rule(id="CEL003", category="cell", severity="fail", title="表格数字是负数",
      doc="""说明：表格里的件数、数量不可能是负数（包括全角负号“－2”）。单独的“-”“—”按空格子提示（CEL001），不报本条。
依据：统一格式表格；各格为件数，不能为负（推断）。
例：表三“二、上年结转政府信息公开申请数量”写成 -1。
正确写法：改为实际件数，0 或正整数。""")
def negative_cells(report, ctx):
    for name in ("二", "三", "四"):
        for ref, cv in all_cells(report, name):
            if cv.status == "ok" and cv.value is not None and cv.value < 0:
                yield ctx.cell_finding(ref, f"{cell_name(ref)}填的是 {cv.text or cv.value}，件数不能是负数。",
                                       "请核对后改为实际件数（0 或正整数）。")


@rule(id="CEL004", category="cell", severity="fail", title="表格件数不是整数",
      doc="""说明：除表二“行政事业性收费”的收费金额（单位：万元，可以有小数）外，表格里都是件数，必须是整数；“1.0”这样的整数不提示。
依据：统一格式表格，收费一栏印明“（单位：万元）”；其余各格为件数（推断）。
例：表三“（一）予以公开”写成 2.5；表二“行政许可”写成 3.5。
正确写法：件数填整数，如 2、3；收费金额可写 0.5、12.35（万元）。""")
def fractional_cells(report, ctx):
    dec = decimal_cells()
    for name in ("二", "三", "四"):
        for ref, cv in all_cells(report, name):
            if (cv.status == "ok" and isinstance(cv.value, float) and not cv.value.is_integer()
                    and (ref.row, ref.col) not in dec):
                yield ctx.cell_finding(ref, f"{cell_name(ref)}填的是 {cv.text or cv.value}，件数应是整数。",
                                       "请核对后改为整数件数。")


def _text_says_yuan(report, value) -> bool:
    """The text states the same amount in 元 ("收取行政事业性收费251000元") — the cell is in 元 too."""
    for c in report.claims:
        if c.unit == "元" and c.n == value and re.search(r"收费|费", c.before):
            return True
    return False


@rule(id="CEL005", category="cell", severity="warn", title="收费金额的单位可能不是万元",
      doc="""说明：表二“行政事业性收费”的“本年收费金额”单位是万元。格子里写了“元”、正文用“元”写了同一个金额，或者金额大到按万元不可能（一个部门、乡镇街道 10 亿元以上，人民政府 1000 亿元以上）时，提示核对单位；只是金额大（全区、全市几万万元的收费很常见）不提示。
依据：统一格式表格表二印明“本年收费金额（单位：万元）”。
例：填了“251000元”或 251000（按元填写）。
正确写法：换算为万元，填 25.1。""")
def fee_unit(report, ctx):
    for ref, cv in all_cells(report, "二"):
        if (ref.row, ref.col) not in decimal_cells():
            continue
        says_yuan = _fee_in_yuan_text(ref, cv)
        kind = getattr(report, "issuer_kind", None)
        if re.search(r"[镇乡]人民政府$|街道", report.organ or ""):
            kind = None  # a township reports its own fees, not a region's
        limit = FEE_YUAN_IMPOSSIBLE.get(kind, FEE_YUAN_IMPOSSIBLE[None])
        too_big = cv.status == "ok" and cv.value is not None and cv.value >= limit
        if cv.status == "ok" and cv.value and not too_big:
            too_big = _text_says_yuan(report, cv.value)
        if says_yuan or too_big:
            shown = cv.text or cv.value
            yield ctx.cell_finding(
                ref, f"收费金额填的是“{shown}”，单位应是万元，看起来像是按元填写的。",
                "请确认单位：表中金额以万元为单位（例如 251000 元应填 25.1）。")
