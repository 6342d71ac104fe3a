"""template: the three standard tables, their rows, columns and labels, the old formats."""
from __future__ import annotations

from functools import lru_cache

from ..template import template
from ..textnorm import key
from .common import section_of_loc, section_of_table, short_row
from .registry import rule

STANDARD_TABLES = ("二", "三", "四")
FORMAT_2021_FROM = 2021
MAX_LISTED = 5  # missing rows named in one finding  # the 2021 format applies from the 2021 annual report on


@lru_cache(maxsize=None)
def old_labels() -> frozenset[str]:
    old = template().old_format
    return frozenset(key(x) for k in ("2019", "pre2019") for x in old[k])


def _label(canonical: str) -> str:
    """The printed label of a canonical key: the item of a group row, the column of a 表四 key."""
    return canonical.rsplit("/", 1)[-1]


def _table_unreadable(report, name: str) -> bool:
    """True when the reader flagged this table, or a row of it, as not readable (then a row we could not
    match is a reading problem, not a row the clerk deleted)."""
    t = report.tables.get(name)
    if not t:
        return False
    if any(cv.status == "unreadable" for cv in t.cells.values()):
        return True
    return any(p.loc is not None and p.loc.table is not None and p.loc.table in t.physical_tables
               for p in report.reading_problems)


@rule(id="TPL001", category="template", severity="fail", title="缺少统一格式的表格",
      doc="""说明：第二、三、四部分要用统一格式的表格填报：表二“主动公开政府信息情况”、表三“收到和处理政府信息公开申请情况”、表四“政府信息公开行政复议、行政诉讼情况”。某张表找不到（用一段文字代替了表格，或把表格删了）时报错。表格的项目和数字都在、只是粘贴成了文字而读不出表格的，按“有内容没有读出来”（INP001）提示，不报本条。
依据：条例第五十条第（一）至（三）项；国办公开办函〔2021〕30号附件的统一格式表格。
例：第四部分只写了“本年度未发生行政复议、行政诉讼”，没有附表格。
正确写法：保留统一格式的表四，没有发生的各格填 0（15 个格子都填 0）。""")
def missing_table(report, ctx):
    for name in STANDARD_TABLES:
        title = template().table_title(name)
        t = report.tables.get(name)
        if t is not None and t.found:
            continue
        sec = report.section(name)
        loc = sec.loc if sec and sec.found else None
        yield ctx.doc_finding(
            name, f"第{name}部分没有找到统一格式的“{title}”表格。",
            f"请按国办公开办函〔2021〕30号的统一格式在第{name}部分填报表格，不要用文字代替或删减表格。", loc=loc)


@rule(id="TPL002", category="template", severity="fail", title="表格缺少规定的行或列",
      doc="""说明：统一格式表格的每一行、每一列都要保留，不得擅自删减；没有数据的填 0。行名、列名写法不同（全角半角、空格）或表格跨页分成几段的，不算缺少。表格读不清时（INP001）不报本条。
依据：国办公开办函〔2021〕30号统一格式表格（表二 10 格，表三 25 行×7 列，表四 15 格）。
例：表三删去了“（六）其他处理”下面的“3.其他”一行；表二删去了“行政强制”一行。
正确写法：按统一格式补回删去的行或列，各格填 0。""")
def missing_rows(report, ctx):
    for name, t in report.tables.items():
        if not t.found or _table_unreadable(report, name):
            continue
        for axis, word in (("row", "行"), ("column", "列")):
            miss = [i for i in t.label_issues if i.kind == "missing" and i.axis == axis]
            if not miss:
                continue
            names = [short_row(i.canonical) if name == "三" else _label(i.canonical) for i in miss]
            labels = "、".join(f"“{n}”" for n in names[:MAX_LISTED])
            if len(names) > MAX_LISTED:
                labels += f"等 {len(names)} {word}"
            yield ctx.doc_finding(
                section_of_table(report, name), f"表{name}缺少统一格式规定的{word}：{labels}。",
                f"请按统一格式补上这些{word}，没有数据的填 0。", loc=miss[0].loc or t.loc,
                excerpt=f"缺少{labels}"[:60])


@rule(id="TPL003", category="template", severity="warn", title="表格项目名称与统一格式不一致",
      doc="""说明：表格的行名、列名应与统一格式一字不差；改动、错字会让人怀疑用错了模板。全角半角括号、空格、单元格内换行、引号写法不同不提示；旧版格式的项目由 TPL004 报告，不在这里重复。
依据：国办公开办函〔2021〕30号统一格式表格。
例：表二表头“本年度止件数”；表三“2.其他法律行政止公开”“1.本机关不掌握相关信息”；表二“行政规范文件”。
正确写法：照统一格式改为“本年废止件数”“2.其他法律行政法规禁止公开”“1.本机关不掌握相关政府信息”“行政规范性文件”。""")
def nonstandard_labels(report, ctx):
    for name, t in report.tables.items():
        if not t.found:
            continue
        for i in t.label_issues:
            if i.kind != "nonstandard" or key(i.written) in old_labels():
                continue  # old-format labels are reported by TPL004
            what = "表头" if i.axis == "column" else "行名"
            yield ctx.finding(
                section_of_loc(report, i.loc, section_of_table(report, name)),
                f"表{name}的{what}“{i.written}”与统一格式“{_label(i.canonical)}”不一致。",
                f"请改为“{_label(i.canonical)}”。", loc=i.loc or t.loc, excerpt=i.written[:60])


def _old_format_applies(report) -> bool:
    return report.year is None or report.year >= FORMAT_2021_FROM


@rule(id="TPL004", category="template", severity="fail", title="使用了旧版年报格式的项目",
      doc="""说明：2021 年度及以后的年报应使用 2021 年版格式。表格里或旧式的部分标题里出现 2019 年版或更早格式特有的项目（如“本年新制作数量”“对外公开总数量”“第二十条第（九）项”“政府集中采购”“否决公开答复”“依申请公开政府信息情况”），说明套用了旧模板。同一部分的旧项目合并为一条。正文句子里出现同样的词（如“其他对外管理服务事项的依据、条件”）不提示；2020 年度及以前的报告不检查。
依据：国办公开办函〔2021〕30号（2021 年度报告起适用）；旧版项目名称取自 2019 年版格式和 2019 年以前的年报，出现即判定为套用旧模板（推断）。
例：表二“第二十条第（一）项”下是“本年新制作数量 / 本年新公开数量 / 对外公开总数量”三列。
正确写法：换用 2021 年版表格，表二该块的三列为“本年制发件数 / 本年废止件数 / 现行有效件数”，按新项目重新填报。""")
def old_format_labels(report, ctx):
    if not _old_format_applies(report):
        return
    by_section: dict[str, list] = {}
    for name, t in report.tables.items():
        for i in t.label_issues:
            if i.kind == "old_format":
                sec = section_of_loc(report, i.loc, section_of_table(report, name))
                by_section.setdefault(sec, []).append((i.written, i.loc or t.loc))
    for marker, loc in report.old_format_markers:
        by_section.setdefault(section_of_loc(report, loc), []).append((marker, loc))
    for sec, items in by_section.items():
        names = list(dict.fromkeys(w for w, _ in items))
        shown = "".join(f"“{w}”" for w in names)
        yield ctx.finding(
            sec, f"出现了旧版年报格式的项目{shown}，{report.year or '本'}年度报告应使用 2021 年版统一格式。",
            "请换用国办公开办函〔2021〕30号的年报格式和表格，按新表格的项目重新填报。",
            loc=items[0][1], excerpt=shown[:60])


@rule(id="TPL005", category="template", severity="fail", title="表三“（六）其他处理”是旧版的单行结构",
      doc="""说明：2021 年版表三的“（六）其他处理”分为三行：1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请；2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请；3.其他。只有一行“（六）其他处理”的是 2019 年版表格。2020 年度及以前的报告不检查。
依据：国办公开办函〔2021〕30号统一格式表格（表三）；2019 年版表三的“（六）其他处理”是一行，据此判定套用旧模板（推断）。
例：表三“（六）其他处理”只有一行数字，后面直接是“（七）总计”。
正确写法：把“（六）其他处理”拆成“1.申请人无正当理由逾期不补正……”“2.申请人逾期未按收费通知要求缴纳费用……”“3.其他”三行分别填报。""")
def old_t3_layout(report, ctx):
    t = report.tables.get("三")
    if not t or not t.found or t.layout != "2019" or not _old_format_applies(report):
        return
    cv = t.get(template().t3_single_row, "总计")
    loc = cv.loc or t.loc
    yield ctx.finding(
        section_of_loc(report, loc, section_of_table(report, "三")),
        "表三的“（六）其他处理”只有一行，这是 2019 年版的表格结构；2021 年版分为三行。",
        "请换用 2021 年版表三，把“（六）其他处理”拆成“1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”"
        "“2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”“3.其他”三行分别填报。",
        loc=loc, excerpt="（六）其他处理" + (f"：{cv.text}" if cv.text else ""))
