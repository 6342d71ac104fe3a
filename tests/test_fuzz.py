"""Fuzz the text/markdown reader and the table recogniser: any input gives a Report, never an exception."""
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.readers.text import parse_text
from core.recognize import recognize
from core.template import template

tpl = template()
LABELS = ([r.label for r in tpl.t3_rows()] + tpl.t3_columns + [c for r, c in tpl.t2_cells()] + [r for r, c in tpl.t2_cells()]
          + tpl.t4_keys() + [f"{s['number']}、{s['title']}" for s in tpl.sections]
          + ["第二十条第（一）项", "信息内容", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
             "三、本年度办理结果", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "2024年政府信息公开工作年度报告",
             "本报告统计数据从 2024 年 1 月 1 日至 2024 年 12 月 31 日"])
CELL = st.one_of(st.sampled_from(LABELS), st.integers(-5, 10**7).map(str), st.sampled_from(["", " ", "—", "X", "<br>", "1.5"]),
                 st.text(max_size=8))
ROW_TAB = st.lists(CELL, min_size=1, max_size=18).map(lambda cs: "\t".join(cs))
ROW_PIPE = st.lists(CELL, min_size=1, max_size=18).map(lambda cs: "| " + " | ".join(cs) + " |")
LINE = st.one_of(ROW_TAB, ROW_PIPE, st.sampled_from(LABELS), st.text(max_size=40), st.just(""),
                 st.just("|---|---|---|"), st.sampled_from(["# ", "## ", "**"]).flatmap(
                     lambda m: st.sampled_from(LABELS).map(lambda s: m + s)))


def _run(text: str) -> None:
    t0 = time.perf_counter()
    report = recognize(parse_text(text))
    report.to_dump()
    assert time.perf_counter() - t0 < 5, "recognition took too long"
    assert set(report.tables) == {"二", "三", "四"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=60).map("\n".join))
def test_structured_noise_never_raises(text):
    _run(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_never_raises(text):
    _run(text)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_mutated_seed_never_raises(data):
    from pathlib import Path
    seed = (Path(__file__).parent / "fixtures" / "seeds" / "003.txt").read_text("utf-8")
    lines = seed.splitlines()
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "swap", "garble"]))
        if op == "drop":
            lines.pop(i)
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i].replace("|", data.draw(st.sampled_from(["", "\t", "||", "|x|"])))
        if not lines:
            break
    _run("\n".join(lines))
