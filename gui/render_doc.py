"""Pure helpers of the 文档 view (no widgets): which runs of a paragraph get which highlight, how
wide each table column is, and how much of an enormous table is shown.

Kept linear: a paragraph with n findings is cut in O(n log n), a table's widths cost one pass
over its cells, so a pathological draft costs time in proportion to its size, never its square.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from core.textnorm import parse_number

SEVERITY_RANK = {"fail": 0, "warn": 1, "info": 2}

# what of a table is shown.  Qt lays a table out in one go, ~0.15 ms a cell on this machine, so a
# table is bounded to MAX_CELLS (~0.06 s); the three template tables are at most ~30 x 15 = 450.
MAX_ROWS = 200
MAX_COLS = 30
MAX_CELLS = 400
MAX_CELL_CHARS = 2000          # a cell's text beyond this is cut (with …)
MAX_PARAGRAPH_CHARS = 20000    # a paragraph's text beyond this is cut, with a note


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    severity: str | None       # the worst severity of the findings covering the run, or None


def runs(length: int, spans: list[tuple[int, int, str]], marks: set[int] = frozenset()) -> list[Run]:
    """Cut text[0:length] at every span boundary and mark position; each run carries the worst
    severity covering it.  ``spans`` are (start, end, severity) with 0 <= start <= end <= length."""
    cuts = {0, length} | set(marks)
    events: list[tuple[int, int, str]] = []
    for s, e, sev in spans:
        if s < e:
            cuts.add(s)
            cuts.add(e)
            events.append((s, 1, sev))
            events.append((e, -1, sev))
    events.sort(key=lambda x: x[0])
    points = sorted(c for c in cuts if 0 <= c <= length)
    active = {"fail": 0, "warn": 0, "info": 0}
    out: list[Run] = []
    k = 0
    for n, a in enumerate(points[:-1]):
        while k < len(events) and events[k][0] <= a:
            _, d, sev = events[k]
            active[sev if sev in active else "fail"] += d
            k += 1
        worst = next((s for s in ("fail", "warn", "info") if active[s] > 0), None)
        out.append(Run(a, points[n + 1], worst))
    return out


def is_number(text: str) -> bool:
    return parse_number(text)[1] == "ok"


@dataclass
class Shown:
    """How much of a physical table is shown."""

    rows: int
    cols: int
    total_rows: int
    total_cols: int

    @property
    def cut(self) -> bool:
        return self.rows < self.total_rows or self.cols < self.total_cols

    def note(self) -> str:
        parts = []
        if self.rows < self.total_rows:
            parts.append(f"前 {self.rows} 行")
        if self.cols < self.total_cols:
            parts.append(f"前 {self.cols} 列")
        return (f"表格过大（共 {self.total_rows} 行 × {self.total_cols} 列），这里仅显示"
                + "、".join(parts) + "；检查仍按整张表进行。")


def shown_part(n_rows: int, n_cols: int) -> Shown:
    cols = min(n_cols, MAX_COLS)
    rows = min(n_rows, MAX_ROWS, max(1, MAX_CELLS // max(1, cols)))
    return Shown(rows, cols, n_rows, n_cols)


def column_widths(grid, rows: int, cols: int, measure: Callable[[str], float], avail: float,
                  em: float, pad: float) -> list[int]:
    """Widths (px, padding included) of the first ``cols`` columns of ``grid`` (cells with
    .text/.row/.col/.colspan, None where merged) so that

    - a number is never broken: a numeric column is at least as wide as its widest number;
    - a label column gets at least four characters a line where its labels are that long (down to
      two and a half in a narrow view), and up to its natural width when there is room;
    - together they fill ``avail`` when they fit in it (then nothing hides behind a scroll bar),
      else they take their minimum widths (the table is wider than the view and scrolls).
    """
    num_w = [0.0] * cols
    txt_w = [0.0] * cols
    n_num = [0] * cols
    n_txt = [0] * cols           # text below the header rows: a column of labels
    head = None                  # the first row with a number: the rows above it are headers
    for r in range(min(rows, len(grid))):
        row = grid[r]
        for c in range(min(cols, len(row))):
            cell = row[c]
            if cell is None or cell.row != r or cell.col != c or cell.colspan > 1:
                continue
            text = (cell.text or "").strip()
            if not text:
                continue
            if is_number(text):
                if head is None:
                    head = r
                n_num[c] += 1
                num_w[c] = max(num_w[c], measure(text))
            else:
                if head is not None and r >= head:
                    n_txt[c] += 1
                txt_w[c] = max(txt_w[c], min(measure(text[:60]), 16 * em))
    label = [n_txt[c] > 0 or n_num[c] == 0 for c in range(cols)]

    def bounds(label_em: float) -> tuple[list[float], list[float]]:
        mins, wants = [], []
        for c in range(cols):
            need_num = num_w[c] + pad + 2
            if label[c]:
                lo = max(need_num, min(txt_w[c], label_em * em) + pad)
                hi = max(lo, txt_w[c] + pad)
            else:
                lo = max(need_num, min(txt_w[c], 1.5 * em) + pad)       # a header of a numeric column wraps
                hi = max(lo, min(max(txt_w[c], num_w[c], 2.5 * em), 3 * em) + pad)
            mins.append(lo)
            wants.append(hi)
        return mins, wants

    # labels get four characters a line, fewer (down to two and a half) where the view is narrow;
    # numbers are never squeezed: if even that does not fit, the table is wider than the view
    for label_em in (4.0, 3.5, 3.0, 2.5):
        mins, wants = bounds(label_em)
        total = sum(mins)
        if total <= avail:
            break
    if total >= avail:
        return [int(round(w)) for w in mins]
    widths = list(mins)
    extra = avail - total
    # the room left goes to the labels up to seven characters a line, then to the numeric columns
    # up to a comfortable width (their headers wrap less), then to the labels up to their length
    labels = [c for c in range(cols) if label[c]]
    numbers = [c for c in range(cols) if not label[c]]
    for group, cap in ((labels, lambda c: min(wants[c], txt_w[c] and 7 * em + pad)),
                       (numbers, lambda c: wants[c]),
                       (labels, lambda c: wants[c])):
        need = sum(max(0.0, cap(c) - widths[c]) for c in group)
        if need <= 0 or extra <= 0:
            continue
        f = min(1.0, extra / need)
        for c in group:
            add = max(0.0, cap(c) - widths[c]) * f
            widths[c] += add
            extra -= add
    if extra > 1:   # room left: spread it, labels twice as much as numbers
        weights = [2.0 if label[c] else 1.0 for c in range(cols)]
        s = sum(weights)
        for c in range(cols):
            widths[c] += extra * weights[c] / s
    out = [int(w) for w in widths]
    return out
