"""blank, year, crosscheck, content and wording rules on small variants of real seeds."""
from tests.test_rules_variants import check, hits, replace_once, seed, set_row, set_t4

EMPTY = "工科局共主动公开政府信息 条，"


# ---------------------------------------------------------------- blank

def test_blk001_empty_count_with_itemised_sum():
    f = hits(seed(0), "BLK001")
    assert len(f) == 1 and f[0].severity == "fail" and f[0].section == "一"
    assert "51" in f[0].suggestion and "1 + 12 + 1 + 37" in f[0].suggestion
    assert "政府信息 条" in f[0].excerpt and len(f[0].excerpt) <= 62
    filled = replace_once(seed(0), EMPTY, "工科局共主动公开政府信息 51 条，")
    assert hits(filled, "BLK001") == []


def test_blk001_without_space_and_without_items():
    t = replace_once(seed(2), "政府信息公开申请 1 件，", "政府信息公开申请件，")
    f = hits(t, "BLK001")
    assert f and "补上具体数字" in f[0].suggestion
    # 条例、条件、文件 are words, not empty counts
    ok = replace_once(seed(2), "严格做好政府信息公开申请答复工作", "按照条例和文件规定的条件严格做好政府信息公开申请答复工作")
    assert hits(ok, "BLK001") == []


def test_blk002_itemised_total_does_not_add_up():
    t = replace_once(seed(0), EMPTY, "工科局共主动公开政府信息 50 条，")
    f = hits(t, "BLK002")
    assert f and "51" in f[0].message and f[0].severity == "warn"
    assert hits(replace_once(seed(0), EMPTY, "工科局共主动公开政府信息 51 条，"), "BLK002") == []


def test_blk003_placeholders():
    t = replace_once(seed(2), "2023 年收到公民提交的", "XX年收到公民提交的")
    t = replace_once(t, "电话：0955—5797090", "电话：（ ）")
    f = hits(t, "BLK003")
    assert {x.excerpt and x.loc.start is not None for x in f} == {True} and len(f) == 2
    assert hits(seed(2), "BLK003") == []  # the URL www.znzf.gov.cn and 'xx' in addresses are not placeholders


def test_blk004_empty_section():
    t = seed(2)
    a, b = t.index("五、存在的主要问题及改进情况"), t.index("六、其他需要报告的事项")
    t = t[:a] + "五、存在的主要问题及改进情况\n\n" + t[b:]
    f = hits(t, "BLK004")
    assert [x.section for x in f] == ["五"]
    assert hits(seed(2), "BLK004") == []


# ---------------------------------------------------------------- year

def test_yr001_title_year_differs_from_period():
    t = replace_once(seed(0), "本报告统计数据从 2024 年 1 月 1 日至 2024 年 12 月 31 日",
                     "本报告统计数据从 2023 年 1 月 1 日至 2023 年 12 月 31 日")
    f = hits(t, "YR001")
    assert f and f[0].severity == "fail" and "2024" in f[0].message and "2023" in f[0].message
    assert hits(seed(0), "YR001") == []


def test_yr002_period_not_a_full_year_but_omitted_end_year_is_fine():
    t = replace_once(seed(0), "至 2024 年 12 月 31 日", "至 2024 年 11 月 30 日")
    assert hits(t, "YR002")
    assert hits(seed(3), "YR002") == []  # "从 2024 年 1 月 1 日至 12 月 31 日"


def test_yr003_leftover_previous_year():
    t = replace_once(seed(0), "2024 年，永宁县工科局认真实施", "2023 年，永宁县工科局认真实施")
    f = hits(t, "YR003")
    assert f and f[0].severity == "warn" and f[0].section == "一" and "2023年" in f[0].message
    comparison = replace_once(seed(0), "2024 年，永宁县工科局认真实施", "2023 年相比，永宁县工科局认真实施")
    assert hits(comparison, "YR003") == [] and hits(seed(0), "YR003") == []


# ---------------------------------------------------------------- crosscheck

def test_xck001_received_count():
    t = replace_once(seed(2), "政府信息公开申请 1 件", "政府信息公开申请 3 件")
    f = hits(t, "XCK001")
    assert f and "3 件" in f[0].message and "1 件" in f[0].message and f[0].severity == "warn"
    assert hits(seed(2), "XCK001") == []


def test_xck002_handled_count():
    t = replace_once(seed(3), "共办结9件", "共办结8件")
    assert hits(t, "XCK002")
    assert hits(seed(3), "XCK002") == []


def test_xck003_carried_over():
    t = replace_once(seed(3), "其中1件结转自上年", "其中2件结转自上年")
    f = hits(t, "XCK003")
    assert f and "上年结转" in f[0].message
    assert hits(seed(3), "XCK003") == []


def test_xck004_litigation_count():
    t = replace_once(seed(3), "引起行政诉讼1件", "引起行政诉讼2件")
    f = hits(t, "XCK004")
    assert f and "行政诉讼" in f[0].message
    assert hits(seed(3), "XCK004") == []


def test_xck005_says_none_received_but_table_has_some():
    t = replace_once(seed(2), "2023 年收到公民提交的政府信息公开申请 1 件", "2023 年未收到政府信息公开申请")
    assert hits(t, "XCK005")
    assert hits(seed(2), "XCK005") == [] and hits(seed(0), "XCK005") == []


def test_xck006_says_no_litigation_but_table_has_one():
    t = replace_once(seed(3), "未发生因政府信息公开申请引起的行政复议",
                     "未发生因政府信息公开申请引起的行政复议和行政诉讼")
    f = hits(t, "XCK006")
    assert f and "行政诉讼总计 1 件" in f[0].message
    assert hits(seed(3), "XCK006") == []


def test_xck007_normative_documents():
    t = replace_once(seed(3), "县政府、政府办规范性文件 3 条", "全年制发行政规范性文件 5 件")
    assert hits(t, "XCK007")
    ok = replace_once(seed(3), "县政府、政府办规范性文件 3 条", "全年制发行政规范性文件 3 件")
    assert hits(ok, "XCK007") == []
    said_none = set_row(seed(4), "行政规范性文件", [1, 0, 1])
    assert hits(said_none, "XCK007") and hits(seed(4), "XCK007") == []


# ---------------------------------------------------------------- content

def test_cnt001_section_five_without_measures():
    t = seed(2)
    a, b = t.index("下一步，我局将针对问题不足"), t.index("六、其他需要报告的事项")
    f = hits(t[:a] + t[b:], "CNT001")
    assert f and "改进情况" in f[0].message and f[0].section == "五"
    assert hits(seed(2), "CNT001") == []


def test_cnt002_no_fee_statement():
    t = replace_once(seed(2), "（二）收取信息处理费情况。2023 年度本单位没有收取政府信息公开信息处理费。", "")
    assert hits(t, "CNT002")
    assert hits(seed(2), "CNT002") == []


def test_cnt003_section_six_only_nothing():
    t = seed(2)
    t = t[: t.index("六、其他需要报告的事项")] + "六、其他需要报告的事项\n\n无。\n"
    assert hits(t, "CNT003") and hits(t, "CNT002") == []
    assert hits(seed(2), "CNT003") == []


def test_cnt004_corrected_case_not_discussed():
    t = set_t4(seed(3), {6: 1, 7: 0})  # 未经复议直接起诉: 结果纠正 1, 其他结果 0, total still 1
    f = hits(t, "CNT004")
    assert f and f[0].severity == "info"
    assert hits(seed(3), "CNT004") == []


# ---------------------------------------------------------------- wording

def test_wrd001_confusions():
    f = hits(seed(0), "WRD001")
    assert len(f) == 1 and f[0].severity == "warn" and "相结合" in f[0].suggestion and "想结合" in f[0].excerpt
    assert hits(replace_once(seed(0), "宣传想结合", "宣传相结合"), "WRD001") == []
    t = replace_once(seed(2), "2023 年，我局坚持", "截止2023年底，我局坚持")
    assert any("截至" in x.suggestion for x in hits(t, "WRD001"))


def test_wrd002_doubled_characters():
    t = replace_once(seed(2), "提高信息公开质量和实效", "提高信息公开的的质量和实效")
    f = hits(t, "WRD002")
    assert len(f) == 1 and f[0].excerpt and "的的" in f[0].message
    legit = replace_once(seed(2), "提高信息公开质量和实效", "为了了解群众需求，实现公开的目的的同时提高质量")
    assert hits(legit, "WRD002") == [] and hits(seed(2), "WRD002") == []


def test_wrd003_mixed_bracket_widths_in_one_heading():
    t = replace_once(seed(2), "（三）政府信息管理情况。", "（三)政府信息管理情况。")
    f = hits(t, "WRD003")
    assert f and f[0].severity == "warn"
    assert hits(seed(2), "WRD003") == []


def test_wrd004_bracket_styles_differ_between_headings():
    f = hits(seed(3), "WRD004")
    assert len(f) == 1 and f[0].severity == "info"
    assert hits(seed(2), "WRD004") == []


def test_no_wording_or_text_rule_fails_on_clean_seeds():
    for n in (2, 3):
        assert [f for f in check(seed(n)).findings if f.severity == "fail"] == []


def test_wording_list_is_well_formed():
    import re
    from core.resources import load_json
    data = load_json("wording.json")
    for c in data["confusions"]:
        pat = re.compile(c.get("pattern") or re.escape(c["wrong"]))
        assert c["right"] and not pat.search(c["right"]), c
        if "pattern" not in c:
            assert pat.search(c["wrong"])
        for ex in c.get("except", []):
            assert c["wrong"] in ex
    assert len(data["confusions"]) >= 40
