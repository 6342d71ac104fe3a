"""Write docs/rules.md from the rule registry.

    python3 tools/gen_rules_doc.py          # (re)write docs/rules.md
    python3 tools/gen_rules_doc.py --check  # exit 1 if docs/rules.md is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.findings import CATEGORY_CN, SEVERITY_CN  # noqa: E402
from core.rules.registry import all_rules  # noqa: E402

OUT = ROOT / "docs" / "rules.md"


def render() -> str:
    rules = all_rules()
    lines = ["# 检查规则一览", "",
             "本文件由 `tools/gen_rules_doc.py` 根据规则注册表自动生成，请勿手工修改。", "",
             "严重程度：错误（发布前必须改正）、警告（请核对）、提示（供参考）。", "",
             "| 编号 | 严重程度 | 类别 | 名称 |", "|---|---|---|---|"]
    for r in rules:
        lines.append(f"| [{r.id}](#{r.id.lower()}) | {SEVERITY_CN[r.severity]} | "
                     f"{CATEGORY_CN[r.category]}（{r.category}） | {r.title} |")
    for r in rules:
        lines += ["", f"## {r.id}", "",
                  f"**{r.title}** — {SEVERITY_CN[r.severity]}（{r.severity}），"
                  f"{CATEGORY_CN[r.category]}（{r.category}）", "",
                  r.doc.strip()]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print("docs/rules.md 已过期，请运行 python3 tools/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"已写入 {OUT.relative_to(ROOT)}（{len(all_rules())} 条规则）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
