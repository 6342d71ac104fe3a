"""wording: common confusions (resources/wording.json), doubled characters, mixed brackets in headings."""
from __future__ import annotations

import re
from functools import lru_cache

from ..resources import load_json
from .registry import rule


@lru_cache(maxsize=None)
def confusions() -> list[tuple[re.Pattern, dict]]:
    out = []
    for c in load_json("wording.json")["confusions"]:
        out.append((re.compile(c.get("pattern") or re.escape(c["wrong"])), c))
    return out


def _excepted(text: str, start: int, end: int, exceptions) -> bool:
    """True when text[start:end] lies inside one of the longer correct strings."""
    for ex in exceptions:
        for m in re.finditer(re.escape(ex), text):
            if m.start() <= start and end <= m.end():
                return True
    return False


@rule(id="WRD001", category="wording", severity="warn", title="常见错别字、易混词",
      doc="""说明：按 resources/wording.json 中整理的公文常见错别字、易混词逐一查找，例如“想结合”应为“相结合”，“部暑”应为“部署”，“截止2024年底”应为“截至2024年底”，“登陆网站”应为“登录网站”。词表中写明的正确长词（如“思想结合”“不良反应情况”“景观注重”）、后面不跟时间的“截止”（“截止日期”）、不是进网站系统的“登陆”不提示。
依据：统一格式对文字没有专门规定；国办公开办函〔2021〕30号要求高质量编报年度报告，错别字属内容不准确，提示核对（推断）。
例：“将新媒体与传统媒体宣传想结合”。
正确写法：“将新媒体与传统媒体宣传相结合”。""")
def common_confusions(report, ctx):
    for _, p in report.body_paragraphs():
        for pattern, c in confusions():
            for m in pattern.finditer(p.text):
                if _excepted(p.text, m.start(), m.end(), c.get("except", [])):
                    continue
                note = f"（{c['note']}）" if c.get("note") else ""
                yield ctx.text_finding(p, m.start(), m.end(),
                                       f"“{m.group()}”可能是错别字，应为“{c['right']}”{note}。",
                                       f"请核对后改为“{c['right']}”。")


@lru_cache(maxsize=None)
def doubled() -> dict[str, list[str]]:
    return load_json("wording.json")["doubled"]


@rule(id="WRD002", category="wording", severity="warn", title="字或标点重复",
      doc="""说明：同一个字或标点连写两次，多是录入错误，例如“的的”“了了”“在在”“，，”“。。”。正确的叠用（“目的的”“不了了之”“为了了解”“现在在”“参与与”等，见 resources/wording.json 的 doubled）不提示；可叠用的字（常常、天天、人人、逐一等）不在检查范围内。
依据：统一格式对文字没有专门规定；重复字属录入差错，提示核对（推断）。
例：“主动公开的的政府信息”。
正确写法：“主动公开的政府信息”。""")
def doubled_characters(report, ctx):
    chars = doubled()
    pat = re.compile("(" + "|".join(re.escape(ch) for ch in chars) + r")\1")
    for _, p in report.body_paragraphs():
        for m in pat.finditer(p.text):
            if _excepted(p.text, m.start(), m.end(), chars[m.group(1)]):
                continue
            yield ctx.text_finding(p, m.start(), m.end(), f"“{m.group()}”重复了。",
                                   f"请删去一个“{m.group(1)}”。")


HEADING = re.compile(r"^\s*(?P<open>[（(])\s*[一二三四五六七八九十]{1,3}\s*(?P<close>[）)])")
FULL = "（）"


def _width(ch: str) -> str:
    return "全角" if ch in FULL else "半角"


@rule(id="WRD003", category="wording", severity="warn", title="标题序号括号全角半角混用",
      doc="""说明：小标题序号的左右括号应同为全角“（一）”，不要一半全角一半半角，如“（一)”“(二）”。左右同为全角（中间有空格也算，如“（ 四 ）”）或同为半角的不报本条；全角、半角两种写法在全文并存时由 WRD004 提示。
依据：统一格式没有专门规定；小标题序号用全角括号是公文的通行写法（推断）。
例：“（三)政府信息管理情况。”
正确写法：“（三）政府信息管理情况。”""")
def mixed_brackets_in_heading(report, ctx):
    for _, p in report.body_paragraphs():
        m = HEADING.match(p.text)
        if m and _width(m.group("open")) != _width(m.group("close")):
            yield ctx.text_finding(p, m.start("open"), m.end("close"),
                                   f"序号“{m.group().strip()}”的左右括号一个是全角、一个是半角。",
                                   "请统一用全角括号，如“（一）”。")


@rule(id="WRD004", category="wording", severity="info", title="小标题序号括号全角半角不统一",
      doc="""说明：同一份报告里，小标题序号有的用全角括号“（一）”，有的用半角括号“(一)”。只作提示，建议统一用全角；指出用得少的那一种。只比较正文中以（一）（二）……开头的小标题，表格里的行名和“(1)”“(2)”这类数字序号不算。
依据：统一格式没有专门规定；全文序号写法统一是公文的通行写法（推断）。
例：“（一）主动公开情况”与“(二) 依申请公开情况”并存。
正确写法：全部写成全角：“（一）主动公开情况”“（二）依申请公开情况”。""")
def inconsistent_brackets(report, ctx):
    styles = []
    for _, p in report.body_paragraphs():
        m = HEADING.match(p.text)
        if m and _width(m.group("open")) == _width(m.group("close")):
            styles.append((_width(m.group("open")), p, m))
    kinds = {s for s, _, _ in styles}
    if len(kinds) < 2:
        return
    minority = min(kinds, key=lambda k: (sum(1 for s, _, _ in styles if s == k), k != "半角"))
    _, p, m = next(x for x in styles if x[0] == minority)
    n = sum(1 for s, _, _ in styles if s == minority)
    yield ctx.text_finding(p, m.start("open"), m.end("close"),
                           f"小标题序号的括号全角、半角混用：有 {n} 处用了{minority}括号，如“{m.group().strip()}”。",
                           "建议统一用全角括号，如“（一）”。")
