"""structure rules: each with a defective variant of a real seed and a correct one."""
from tests.test_rules_variants import check, drop_lines, hits, replace_once, seed


def _cut(text: str, start: str, end: str) -> str:
    """Remove text from ``start`` (inclusive) to ``end`` (exclusive)."""
    a, b = text.index(start), text.index(end)
    return text[:a] + text[b:]


def test_str001_missing_section():
    t = _cut(seed(2), "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    f = hits(t, "STR001")
    assert [x.section for x in f] == ["五"] and f[0].severity == "fail"
    assert "五、存在的主要问题及改进情况" in f[0].message
    assert hits(seed(2), "STR001") == []


def test_str002_sections_out_of_order():
    t = seed(2)
    five = t[t.index("五、存在的主要问题及改进情况"): t.index("六、其他需要报告的事项")]
    t = t.replace(five, "") + "\n\n" + five
    f = hits(t, "STR002")
    assert f and f[0].section == "五"
    assert hits(seed(2), "STR002") == []


def test_str003_nonstandard_heading_but_known_variant_accepted():
    t = replace_once(seed(2), "四、政府信息公开行政复议、行政诉讼情况", "四、行政复议诉讼有关情况")
    f = hits(t, "STR003")
    assert f and f[0].section == "四" and "四、政府信息公开行政复议、行政诉讼情况" in f[0].suggestion
    ok = replace_once(seed(2), "四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况")
    assert hits(ok, "STR003") == []


def test_str004_topic_missing_in_section_one():
    t = drop_lines(seed(2), r"^（五）监督保障情况|^务公开工作纳入年底考核")
    f = hits(t, "STR004")
    assert f and "监督保障" in f[0].message and f[0].section == "一"
    assert hits(seed(2), "STR004") == []


def test_str005_str006_opening_paragraph_and_period_missing_in_seed_001():
    r = check(seed(1))
    rules = {f.rule for f in r.findings if f.category == "structure"}
    assert {"STR005", "STR006"} <= rules
    assert all(f.section == "标题/前言" for f in r.findings if f.rule in ("STR005", "STR006"))
    assert hits(seed(2), "STR005") == [] and hits(seed(2), "STR006") == []


def test_str006_period_removed_only():
    t = replace_once(seed(2), "本年度报告数据统计期限为 2023 年 1 月 1 日至 2023 年 12 月 31 日，", "")
    assert hits(t, "STR006") and not hits(t, "STR005")


def test_str007_government_must_report_accountability():
    gov = seed(2).replace("中宁县工业和信息化局\n\n2023", "中宁县人民政府\n\n2023", 1)
    r = check(gov)
    assert r.report.organ == "中宁县人民政府"
    f = [x for x in r.findings if x.rule == "STR007"]
    assert f and f[0].severity == "fail" and f[0].message.endswith("没有写到：社会评议。")
    fixed = replace_once(gov, "2023年无问责情况发生。", "2023年无问责情况发生，主动接受社会评议。")
    assert hits(fixed, "STR007") == []


def test_str007_not_for_a_department_of_the_government():
    office = seed(2).replace("中宁县工业和信息化局\n\n2023", "中宁县人民政府办公室\n\n2023", 1)
    assert check(office).report.organ == "中宁县人民政府办公室"
    assert hits(office, "STR007") == []
