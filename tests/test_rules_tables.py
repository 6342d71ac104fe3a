"""template, cell and arithmetic rules on small defective variants of real seeds."""
import re

from core.findings import CellRef
from tests.test_rules_variants import check, hits, replace_once, seed, set_row, set_t4

NEW = "一、本年新收政府信息公开申请数量"
OPEN = "(一) 予以公开"


def _cut_table_four(text: str) -> str:
    a = text.index("四、政府信息公开行政复议、行政诉讼情况")
    b = text.index("五、存在的主要问题及改进情况")
    return text[:a] + "四、政府信息公开行政复议、行政诉讼情况\n\n本年度未发生行政复议、行政诉讼。\n\n" + text[b:]


def _layout_2019(text: str, six_values: str) -> str:
    out = []
    for line in text.split("\n"):
        if "申请人无正当理由逾期不补正" in line:
            out.append("\t(六) 其他处理\t" + six_values)
        elif "申请人逾期未按收费通知" in line or line.startswith("3.其他"):
            continue
        else:
            out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------- template

def test_tpl001_missing_table():
    f = hits(_cut_table_four(seed(2)), "TPL001")
    assert [x.section for x in f] == ["四"] and f[0].severity == "fail"
    assert hits(seed(2), "TPL001") == []


def test_tpl002_missing_row():
    t = re.sub(r"\n3\.其他\t[^\n]*", "", seed(2))
    f = hits(t, "TPL002")
    assert f and "3.其他" in f[0].message and f[0].section == "三"
    assert hits(seed(2), "TPL002") == []


def test_tpl003_nonstandard_label():
    t = replace_once(seed(2), "本年废止件数", "本年度止件数")
    f = hits(t, "TPL003")
    assert f and f[0].excerpt == "本年度止件数" and "本年废止件数" in f[0].suggestion
    assert f[0].severity == "warn" and f[0].section == "二"
    assert hits(seed(2), "TPL003") == []


def test_tpl004_old_2019_table_two_labels():
    t = replace_once(seed(2), "本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量")
    f = hits(t, "TPL004")
    assert len(f) == 1 and "本年新制作数量" in f[0].message and "对外公开总数量" in f[0].message
    assert hits(t, "TPL003") == []  # not reported twice
    assert hits(seed(2), "TPL004") == []


def test_tpl005_single_row_six_of_2019_layout():
    t = _layout_2019(seed(2), "0\t0\t0\t0\t0\t0\t0")
    assert check(t).report.tables["三"].layout == "2019"
    f = hits(t, "TPL005")
    assert f and f[0].section == "三" and f[0].severity == "fail"
    assert hits(seed(2), "TPL005") == []


# ---------------------------------------------------------------- cell

def test_cel001_blank_cells_grouped_by_row():
    t = set_row(seed(3), "2. 重复申请", ["", "", None])
    f = hits(t, "CEL001")
    assert len(f) == 1 and len(f[0].cells) == 2 and f[0].cells[0].col == "自然人"
    assert "（五）2.重复申请" in f[0].message and f[0].section == "三"
    assert hits(seed(3), "CEL001") == []


def test_cel002_text_cell():
    t = set_t4(seed(2), {4: "无"})
    f = hits(t, "CEL002")
    assert f and f[0].cells == [CellRef("四", "", "行政复议/总计")] and "无" in f[0].message
    assert hits(seed(2), "CEL002") == []


def test_cel003_negative_cell():
    f = hits(set_row(seed(2), "二、上年结转政府信息公开申请数量", [-1]), "CEL003")
    assert f and f[0].severity == "fail"
    assert hits(seed(2), "CEL003") == []


def test_cel004_fraction_except_fee():
    f = hits(set_row(seed(2), OPEN, [0.5]), "CEL004")
    assert f and f[0].cells[0].row == "（一）予以公开"
    assert hits(set_row(seed(2), "行政事业性收费", [0.5]), "CEL004") == []


def test_cel005_fee_in_yuan():
    f = hits(set_row(seed(2), "行政事业性收费", [251000]), "CEL005")
    assert f and "万元" in f[0].message
    assert hits(set_row(seed(2), "行政事业性收费", [25.1]), "CEL005") == []


# ---------------------------------------------------------------- arithmetic

def test_ari001_row_and_column_point_at_one_cell():
    t = set_row(seed(2), OPEN, [1])
    f = hits(t, "ARI001")
    assert len(f) == 1
    target = CellRef("三", "（一）予以公开", "自然人")
    assert f[0].target_cells == [target] and target in f[0].cells
    assert "应为 0" in f[0].suggestion and f[0].severity == "fail" and f[0].section == "三"
    assert "相差 1" in f[0].message


def test_ari001_table_four_total_named():
    t = set_t4(seed(3), {0: 10, 1: 1})
    f = hits(t, "ARI001")
    assert len(f) == 1
    assert f[0].message.startswith("表四“行政复议”：结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11，但总计填的是 0，相差 11")
    assert f[0].target_cells == [CellRef("四", "", "行政复议/总计")] and "应为 11" in f[0].suggestion
    assert hits(seed(3), "ARI001") == []


def test_ari001_t3a_column_relation():
    # 新收 2 but results 1 and nothing carried over: T3-A fails for 自然人 and 总计 ... and T3-C holds
    t = set_row(seed(2), NEW, [2, None, None, None, None, None, 2])
    f = hits(t, "ARI001")
    assert f and any("第一项加第二项之和" in x.message for x in f)


def test_ari001_skips_relations_with_a_blank_cell():
    t = set_row(seed(3), "2. 重复申请", ["", None])
    assert hits(t, "CEL001") and hits(t, "ARI001") == []
    assert hits(set_row(seed(3), "2. 重复申请", [1, None]), "ARI001")


def test_ari001_old_layout_uses_single_six_row():
    ok = set_row(_layout_2019(seed(2), "1\t0\t0\t0\t0\t0\t1"), "1.本机关不掌握相关政府信息", [0, None, None, None, None, None, 0])
    assert hits(ok, "ARI001") == []
    bad = set_row(_layout_2019(seed(2), "0\t0\t0\t0\t0\t0\t0"), "1.本机关不掌握相关政府信息", [0, None, None, None, None, None, 0])
    assert any("（七）总计等于" in x.message for x in hits(bad, "ARI001"))


def test_ari002_made_more_than_valid_plus_repealed():
    f = hits(set_row(seed(2), "行政规范性文件", [3, 0, 1]), "ARI002")
    assert f and f[0].severity == "warn"
    assert hits(set_row(seed(2), "行政规范性文件", [3, 1, 36]), "ARI002") == []


def test_ari003_rules_reported_by_a_county_body():
    t = set_row(seed(2), "规章", [0, 0, 6])
    assert hits(t, "ARI003")
    province = t.replace("中宁县工业和信息化局\n\n2023", "宁夏回族自治区工业和信息化厅\n\n2023", 1)
    assert check(province).report.organ == "宁夏回族自治区工业和信息化厅"
    assert hits(province, "ARI003") == []
