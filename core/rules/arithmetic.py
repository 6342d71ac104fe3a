"""arithmetic: the 勾稽关系 of tables 三 and 四 (data: resources/template_2021.json "relations"),
and plausibility checks of table 二."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import CellRef
from ..template import template
from .common import cell_label, cell_name, section_of_table, short_row, t3_rows
from .registry import rule


@dataclass
class Instance:
    """One relation applied to one column / row / group: sum(lhs) == sum(rhs)."""

    relation: dict
    where: str
    lhs: list[CellRef]
    rhs: list[CellRef]
    names: dict[CellRef, str] = field(default_factory=dict)
    values: dict[CellRef, float] = field(default_factory=dict)

    @property
    def cells(self) -> list[CellRef]:
        return self.lhs + self.rhs

    def sums(self, override: dict | None = None) -> tuple[float, float]:
        v = {**self.values, **(override or {})}
        return sum(v[c] for c in self.lhs), sum(v[c] for c in self.rhs)

    def holds(self, override: dict | None = None) -> bool:
        a, b = self.sums(override)
        return abs(a - b) < 1e-9

    def fixed_value(self, cell: CellRef) -> float:
        """The value ``cell`` must have for this instance to hold."""
        a, b = self.sums()
        return self.values[cell] + (b - a if cell in self.lhs else a - b)


def fmt(v) -> str:
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:g}"
    return str(v)


# ---------------------------------------------------------------- expanding relations from data

def _result_rows(report) -> list[str]:
    return [r.key for r in t3_rows(report) if r.result]


def _expand(report, rel: dict) -> list[Instance]:
    name = rel["table"]
    t = report.tables.get(name)
    if not t or not t.found:
        return []
    out = []
    if name == "三" and rel["each"] == "column":
        rows = lambda keys: [k2 for k in keys for k2 in (_result_rows(report) if k == "@results" else [k])]  # noqa
        for col in template().t3_columns:
            lhs = [CellRef("三", r, col) for r in rows(rel["lhs"])]
            rhs = [CellRef("三", r, col) for r in rows(rel["rhs"])]
            out.append(Instance(rel, f"表三“{col}”列", lhs, rhs, {c: short_row(c.row) for c in lhs + rhs}))
    elif name == "三" and rel["each"] == "row":
        for row in t3_rows(report):
            lhs = [CellRef("三", row.key, c) for c in rel["lhs"]]
            rhs = [CellRef("三", row.key, c) for c in rel["rhs"]]
            out.append(Instance(rel, f"表三“{short_row(row.key)}”行", lhs, rhs, {c: c.col for c in lhs + rhs}))
    elif name == "四" and rel["each"] == "group":
        for g in template().t4_groups:
            lhs = [CellRef("四", "", f"{g}/{c}") for c in rel["lhs"]]
            rhs = [CellRef("四", "", f"{g}/{c}") for c in rel["rhs"]]
            out.append(Instance(rel, f"表四“{g}”", lhs, rhs, {c: c.col.split("/", 1)[1] for c in lhs + rhs}))
    return out


def numeric_instances(report) -> list[Instance]:
    """Every relation instance whose cells are all readable numbers (others are skipped)."""
    out = []
    for rel in template().relations:
        for inst in _expand(report, rel):
            t = report.tables[rel["table"]]
            cvs = {c: t.get(c.row, c.col) for c in inst.cells}
            if all(cv.status == "ok" and cv.value is not None for cv in cvs.values()):
                inst.values = {c: cv.value for c, cv in cvs.items()}
                out.append(inst)
    return out


# ---------------------------------------------------------------- which cell is wrong

def suspect_cell(inst: Instance, failing: list[Instance], all_inst: list[Instance]) -> CellRef | None:
    """The single cell that, corrected, makes every relation it is in hold; None when unclear."""
    candidates = []
    for c in inst.cells:
        mine = [i for i in all_inst if c in i.cells]
        if any(i not in failing for i in mine):
            continue  # a relation that holds vouches for this cell
        v = inst.fixed_value(c)
        if v >= 0 and all(i.holds({c: v}) for i in mine):
            candidates.append((c, len(mine)))
    shared = [c for c, n in candidates if n >= 2]
    if len(shared) == 1:
        return shared[0]
    if not shared and len(inst.lhs) == 1 and any(c == inst.lhs[0] for c, _ in candidates):
        return inst.lhs[0]  # a total alone in its relation: the total is taken as the wrong one
    return None


# ---------------------------------------------------------------- messages

def _side(inst: Instance, cells: list[CellRef]) -> str:
    if len(cells) > 8:
        shown = [c for c in cells if inst.values[c] != 0]
        terms = " + ".join(f"{inst.names[c]} {fmt(inst.values[c])}" for c in shown)
        rest = "其余各项均为 0" if shown else "各项均为 0"
        return f"{terms}（{rest}）" if shown else f"（{rest}）"
    return " + ".join(f"{inst.names[c]} {fmt(inst.values[c])}" for c in cells)


def describe(inst: Instance) -> str:
    a, b = inst.sums()
    diff = fmt(abs(a - b))
    if len(inst.lhs) == 1 and len(inst.rhs) > 1:
        total = inst.lhs[0]
        return (f"{inst.where}：{_side(inst, inst.rhs)} = {fmt(b)}，"
                f"但{inst.names[total]}填的是 {fmt(a)}，相差 {diff}")
    return (f"{inst.where}：{_side(inst, inst.lhs)} = {fmt(a)}，"
            f"而{_side(inst, inst.rhs)} = {fmt(b)}，两边相差 {diff}")


@rule(id="ARI001", category="arithmetic", severity="fail", title="表格勾稽关系不成立",
      doc="""说明：按统一格式表格的勾稽关系逐列、逐行核算（关系写在 resources/template_2021.json 的 relations 中）：表三每一列“第一项加第二项之和，等于第三项加第四项之和”（一 + 二 = （七）总计 + 四）；表三每一列（七）总计等于（一）至（六）各项之和；表三每一行“总计”等于自然人与五类法人或其他组织之和；表四行政复议、未经复议直接起诉、复议后起诉各自的“总计”等于结果维持、结果纠正、其他结果、尚未审结之和。有格子空着或不是数字时，该关系不核算（由“单元格”类规则提示）。能从其他关系判断出是哪一个格子填错时，建议中会指出该格子应填的数。
依据：表三表头印明“（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）”；其余三条由表格结构推出（推断）。
例：表四“行政复议”：结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11，但总计填的是 0，相差 11。
正确写法：表四“行政复议”总计填 11；表三新收 1 件、上年结转 0 件时，（七）总计加结转下年度继续办理也应为 1。""")
def relations(report, ctx):
    all_inst = numeric_instances(report)
    failing = [i for i in all_inst if not i.holds()]
    by_target: dict[CellRef, list[Instance]] = {}
    alone: list[Instance] = []
    for inst in failing:
        target = suspect_cell(inst, failing, all_inst)
        if target is None:
            alone.append(inst)
        else:
            by_target.setdefault(target, []).append(inst)
    for target, insts in by_target.items():
        yield _finding(report, ctx, insts, target)
    for inst in alone:
        yield _finding(report, ctx, [inst], None)


def _finding(report, ctx, insts: list[Instance], target: CellRef | None):
    first = insts[0]
    cells = list(dict.fromkeys(c for i in insts for c in i.cells))
    rule_text = "；".join(dict.fromkeys(i.relation["text"] for i in insts))
    message = "；".join(describe(i) for i in insts) + f"。（应满足：{rule_text}）"
    anchor = target or first.lhs[0]
    t = report.tables[anchor.table]
    cv = t.get(anchor.row, anchor.col)
    if target is not None:
        should = fmt(first.fixed_value(target))
        suggestion = (f"看起来是{cell_name(target)}填错了：按其他数字推算应为 {should}"
                      f"（现在填的是 {fmt(first.values[target])}）。请核对后修改。")
        tcells = [target]
    else:
        suggestion = f"请逐项核对这些数字，使{first.relation['text']}。"
        tcells = []
    return ctx.finding(section_of_table(report, anchor.table), message, suggestion,
                       loc=cv.loc or t.loc,
                       excerpt=f"{cell_label(anchor)}：{cv.text or fmt(cv.value)}"[:60],
                       cells=cells, target_cells=tcells)


# ---------------------------------------------------------------- table 二 plausibility

T2_ROWS = ("规章", "行政规范性文件")
MADE, REPEALED, VALID = "本年制发件数", "本年废止件数", "现行有效件数"


@rule(id="ARI002", category="arithmetic", severity="warn", title="表二制发件数多于现行有效与废止之和",
      doc="""说明：本年新制发的规章、规范性文件，年底时要么仍然有效，要么已被废止，所以一般“本年制发件数 ≤ 现行有效件数 + 本年废止件数”。不满足时提示核对（不一定是错误）；有格子空着或不是数字时不核算。
依据：由表二三列的含义推出（推断）。
例：行政规范性文件本年制发 5 件，本年废止 1 件，现行有效 3 件。
正确写法：核对三个数，如本年制发 3 件、本年废止 1 件、现行有效 36 件。""")
def t2_made_vs_valid(report, ctx):
    t = report.tables.get("二")
    if not t or not t.found:
        return
    for row in T2_ROWS:
        cvs = {c: t.get(row, c) for c in (MADE, REPEALED, VALID)}
        if any(cv.status != "ok" for cv in cvs.values()):
            continue
        made, rep, valid = (cvs[c].value for c in (MADE, REPEALED, VALID))
        if made > valid + rep:
            refs = [CellRef("二", row, c) for c in (MADE, REPEALED, VALID)]
            yield ctx.cell_finding(
                refs[0], f"表二“{row}”：本年制发 {fmt(made)} 件，多于现行有效 {fmt(valid)} 件与本年废止 {fmt(rep)} 件之和"
                f"（{fmt(valid + rep)} 件）。",
                "本年制发的文件年底时应仍然有效或已被废止，请核对这三个数字。", cells=refs)


@rule(id="ARI003", category="arithmetic", severity="warn", title="县级及以下机关填报了规章",
      doc="""说明：只有省级人民政府和设区的市、自治州人民政府（以及国务院部门）有权制定规章。县、区、乡镇、街道的机关“规章”一行一般都应为 0，不为 0 时提示核对（可能把规范性文件填进了规章）。发布机关按标题认出，自治区的机关不算“区”；认不出发布机关时不检查。
依据：规章只能由上述机关制定（《中华人民共和国立法法》，推断）；湖北 2020 年表格注明“规章（设区的市、自治州人民政府应提供相关数据）”。
例：某镇人民政府填报“规章 现行有效件数 6”。
正确写法：“规章”一行填 0，规范性文件填在“行政规范性文件”一行。""")
def rules_by_non_rulemaker(report, ctx):
    t = report.tables.get("二")
    organ = report.organ or ""
    if not t or not t.found or report.may_make_rules is not False:
        return
    refs = [CellRef("二", "规章", c) for c in (MADE, REPEALED, VALID)]
    nonzero = [r for r in refs if t.get(r.row, r.col).status == "ok" and t.get(r.row, r.col).value]
    if nonzero:
        yield ctx.cell_finding(
            nonzero[0], f"{organ}不是有权制定规章的机关，但表二“规章”一行填了非 0 的数字。",
            "请核对：县级及以下机关没有规章，规范性文件应填在“行政规范性文件”一行，“规章”一行填 0。",
            cells=nonzero)
