"""Text with one table cell per line, as many PDF viewers copy a table and many tools
extract one (pdftotext without ``-layout``, a web page's text, Word's table converted to
paragraphs): each grid laid out again as tab-separated rows, so the tab reader reads it.

A grid is found by its header written one cell per line (`一级指标`, `二级指标`, `三级指标`,
`指标值` …, ``layout.yaml`` spellings). Empty cells print nothing, so the cells below it are
a stream whose row ends are not written; they are placed in the header's columns by the
cheapest assignment (a Viterbi pass, :func:`place`): a category cell only in a category
column, a comparison only in an operator column, a unit only in a unit column, a value's
shape costs least in the value column, a category column may stay empty (a merged cell
prints once), a name column only at a price, and the right half of a two-half grid repeats
the left half's name. A long cell printed over two lines is joined at a price.

Line numbers stay: a row's cells go on the line of its first cell, its other lines blank.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from nlp import lexicon
from nlp.documents import names_a_person
from nlp.tables import (
    _MID_PHRASE,
    _STRONG_VALUE,
    _TITLE_LIKE,
    _is_grid_header,
    _layout,
    _operator_words,
    _unit_words,
    category_of,
    clean_cell,
    compound_category,
    grid_note,
    opens_header_field,
    squash,
    title_markers,
    value_like,
)

GRID_KINDS = frozenset({"l1_declared", "l2_declared", "name", "value", "actual", "operator", "unit",
                        "direction", "nature"})
# the price of leaving a column of a row empty
SKIP = {"group": 0.0, "l1_declared": 0.0, "l2_declared": 0.0, "name": 3.0, "value": 3.0,
        "actual": 1.5, "operator": 0.5, "unit": 0.5, "direction": 0.5, "nature": 1.0,
        "serial": 2.0, "number": 1.0, "note": 1.0}
NEW_ROW = 1.0
WRAP, WRAP_MID_PHRASE = 4.0, 1.5  # a cell's second line (cheaper after a word cut mid-phrase)
CATEGORY_NAME = 3.0  # a category word in the name column, before a cell of its row
MIRROR = -2.0  # a name equal to the cell two or three before it: the right half of a two-half grid
_INTEGER = re.compile(r"\d{1,3}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
_DIRECTIONS = ("正向", "反向", "正向指标", "反向指标", "中性", "中性指标")
_NATURES = ("定量", "定性", "定量指标", "定性指标")


@dataclass(frozen=True)
class Line:
    """A cell and the index of its line."""

    text: str
    index: int


@functools.cache
def _name_spellings() -> frozenset[str]:
    cols = _layout()["spreadsheet_columns"]
    return frozenset(squash(str(n)) for n in cols["name"] if not str(n).isascii())


lexicon._CACHED.append(_name_spellings)


def _kind(cell: str) -> str | None:
    """The kind of column a header cell written alone on its line names, else ``None``."""
    from nlp.spreadsheets import column_of, is_header_cell

    s = squash(cell)
    if not s or len(s) > 12 or "\t" in cell:
        return None
    if s in (_layout().get("group_headers") or []):
        return "group"
    col = column_of(s)
    if col in GRID_KINDS:
        return col
    if col is not None or not is_header_cell(s):
        return None
    extra = _layout().get("space_grid_extra_columns") or {}
    if s in extra.get("leading", []):
        return "serial"
    if s in extra.get("trailing", []) or s in ("分值", "得分", "权重"):
        return "number"
    return "note"


def _header_run(lines: list[str], i: int) -> list[int] | None:
    """The lines of a grid header written one cell per line that starts at line ``i``
    (category cells among them are the first rows' cells, printed into the header: see
    :func:`as_rows`)."""
    run: list[int] = []
    j = i
    named = False  # a category cell before the name column is a slip; after it, the grid's
    while j < len(lines):
        if not lines[j].strip() or run and not named and category_of(lines[j]) is not None:
            j += 1
            continue
        if _kind(lines[j]) is None:
            break
        run.append(j)
        named = named or _kind(lines[j]) == "name"
        j += 1
    # a header opens with the grid's own columns (the goals' `年度目标` above it is no column)
    while run and _kind(lines[run[0]]) not in ("group", "l1_declared", "l2_declared", "name", "serial"):
        run.pop(0)
    if len(run) < 2 or not _is_grid_header(" ".join(squash(lines[j]) for j in run)):
        return None
    return run


def _header_cells(cells: list[str]) -> list[str]:
    """A header written one cell per line as the columns it names, where a merged header
    cell printed the columns out of order: the levels named below `绩效指标` after the value
    column (`绩效指标 指标值 一级指标 二级指标 三级指标`), and a value column split on a
    second row (`… 指标值 权重 计算符号 数值 计量单位`: the parts replace 指标值).

    >>> _header_cells(["绩效指标", "指标值", "一级指标", "二级指标", "三级指标"])
    ['一级指标', '二级指标', '三级指标', '指标值']
    >>> _header_cells(["三级指标", "指标值", "权重", "计算符号", "数值", "计量单位"])
    ['三级指标', '计算符号', '数值', '计量单位', '权重']
    """
    kinds = [_kind(c) for c in cells]
    if kinds and kinds[0] == "group":
        first = next((i for i, k in enumerate(kinds) if k in ("l1_declared", "l2_declared", "name")), None)
        if first is not None and first > 1 and all(k in ("value", "actual", "note", "number")
                                                   for k in kinds[1:first]):
            cells = [*cells[first:], *cells[1:first]]
            kinds = [_kind(c) for c in cells]
    parts = {"operator", "unit", "value"}
    tail = len(cells)
    while tail > 0 and kinds[tail - 1] in parts:
        tail -= 1
    sub = cells[tail:]
    if (len(sub) >= 2 and any(kinds[i] in ("operator", "unit") for i in range(tail, len(cells)))
            and tail > 0 and kinds[tail - 1] not in parts):
        values = [i for i in range(tail) if kinds[i] == "value"]
        if values:
            v = values[-1]
            cells = [*cells[:v], *sub, *cells[v + 1:tail]]
    return cells


def _cost(kind: str, text: str, mirror: bool) -> float:
    """The price of ``text`` in a column of ``kind`` (``math.inf``: never there)."""
    s = squash(text)
    cat = category_of(s)
    if kind in ("l1_declared", "l2_declared"):
        if compound_category(text) is not None:
            return 0.0
        level = "l1" if kind == "l1_declared" else "l2"
        return 0.0 if cat is not None and cat[0] == level else math.inf
    if kind == "group":
        return math.inf
    if cat is not None or compound_category(text) is not None:
        return math.inf  # (a name written as a category word, `社会效益`, is the tab reader's to see)
    if kind == "name":
        if mirror:
            return MIRROR
        return 4.0 if _STRONG_VALUE.match(s) or value_like(s) and len(s) <= 6 else 0.0
    if kind in ("value", "actual"):
        return (-0.5 if mirror else 0.0) if value_like(s) else 1.5
    if kind == "operator":
        return 0.0 if s in _operator_words() else math.inf
    if kind == "unit":  # a unit, or what a value's number leaves (`%以上`, `月底完成`)
        if s in _unit_words():
            return 0.0
        return 1.5 if len(s) <= 6 and not re.search(r"\d", s) else math.inf
    if kind == "direction":
        return 0.0 if s in _DIRECTIONS else math.inf
    if kind == "nature":
        return 0.0 if s in _NATURES or s in _operator_words() else math.inf
    if kind == "serial":
        return 0.0 if _INTEGER.fullmatch(s) else math.inf
    if kind == "number":
        return 0.0 if _NUMBER.fullmatch(s) else math.inf
    return 1.0  # a note (评分标准, 指标值说明)


def place(kinds: list[str], cells: list[str]) -> list[list[list[int]]]:
    """Rows of ``cells`` placed in columns of ``kinds``: for each row, the indices of the
    cells in each column (two or more where a cell printed over lines).

    >>> kinds = ["l1_declared", "l2_declared", "name", "value"]
    >>> place(kinds, ["产出指标", "数量指标", "人数", "5人", "质量指标", "合格率", "100%",
    ...               "覆盖率", "全覆盖"])
    [[[0], [1], [2], [3]], [[], [4], [5], [6]], [[], [], [7], [8]]]
    """
    k, m = len(kinds), len(cells)
    if m == 0:
        return []
    names = [j for j, kd in enumerate(kinds) if kd == "name"]
    skip = [SKIP.get(kd, 1.0) for kd in kinds]
    # prefix sums of the skip prices: skipping columns a..b-1 costs pre[b] - pre[a]
    pre = [0.0]
    for s in skip:
        pre.append(pre[-1] + s)

    def emit(j: int, i: int) -> float:
        mirror = (kinds[j] in ("name", "value") and j != (names[0] if names else -1)
                  and any(i - d >= 0 and squash(cells[i - d]) == squash(cells[i]) for d in (2, 3))
                  and len(names) > 1)
        if kinds[j] == "actual" and i > 0 and squash(cells[i - 1]) == squash(cells[i]):
            return _cost("actual", cells[i], False) + MIRROR / 2  # achieved as targeted
        if kinds[j] == "name" and category_of(cells[i]) is not None:
            # a name written as a category word (`服务对象满意度`): after its category cell, or
            # before its value
            if i + 1 < m and category_of(cells[i + 1]) is None and (
                    value_like(cells[i + 1]) or i > 0 and squash(cells[i]) in squash(cells[i - 1])):
                return CATEGORY_NAME
            return math.inf
        return _cost(kinds[j], cells[i], mirror)

    inf = math.inf
    best = [[inf] * k for _ in range(m)]
    back: list[list[tuple[int, str]]] = [[(-1, "")] * k for _ in range(m)]
    for j in range(k):
        best[0][j] = pre[j] + emit(j, 0)
    for i in range(1, m):
        # the cheapest way to end a row at column p: its cost plus the skips after p
        ends = [best[i - 1][p] + pre[k] - pre[p + 1] for p in range(k)]
        end_p = min(range(k), key=lambda p: ends[p])
        for j in range(k):
            e = emit(j, i)
            if e == inf:
                continue
            cand = ends[end_p] + NEW_ROW + pre[j] + e, (end_p, "row")
            for p in range(j):
                c = best[i - 1][p] + pre[j] - pre[p + 1] + e
                if c < cand[0]:
                    cand = c, (p, "same")
            if (kinds[j] in ("name", "value", "note", "actual") and best[i - 1][j] < inf
                    and category_of(cells[i]) is None):
                wrap = WRAP_MID_PHRASE if _MID_PHRASE.search(cells[i - 1]) else WRAP
                c = best[i - 1][j] + wrap
                if c < cand[0]:
                    cand = c, (j, "wrap")
            best[i][j], back[i][j] = cand
    last = min(range(k), key=lambda p: best[m - 1][p] + pre[k] - pre[p + 1])
    if best[m - 1][last] == inf:
        return []
    steps: list[tuple[int, str]] = []
    j = last
    for i in range(m - 1, -1, -1):
        p, how = back[i][j]
        steps.append((j, how))
        j = p
    steps.reverse()
    rows: list[list[list[int]]] = []
    for i, (j, how) in enumerate(steps):
        if not rows or how == "row":
            rows.append([[] for _ in range(k)])
        rows[-1][j].append(i)
    return rows


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        cjk_edge = out and re.match(r"[\u4e00-\u9fff（）、，。；：]", p[:1]) and re.search(
            r"[\u4e00-\u9fff（）、，。；：]$", out)
        out = out + p if not out or cjk_edge else f"{out} {p}"
    return out


def _grid_end(lines: list[str], start: int, heads: set[int]) -> int:
    """The line after a stacked grid's last cell: a footer, a new part of the document, the
    next table's title or header block, or the next grid header."""
    lay = _layout()
    markers = title_markers()
    for j in range(start, len(lines)):
        s = lines[j].strip()
        if not s:
            continue
        flat = squash(s)
        if (j in heads or "\t" in lines[j] or any(s.startswith(x) for x in lay["footer_markers"])
                or any(s.startswith(x) for x in lay["section_end_markers"]) or names_a_person(s)
                or any(x in flat for x in markers) or opens_header_field(s)
                or (len(flat) <= 40 and _TITLE_LIKE.fullmatch(flat))):
            return j
    return len(lines)


def _fold_funds(out: list[str], head: int) -> None:
    """`实施期资金总额:` / its amount / `年度资金总额:` / its amount on lines of their own above
    the grid header at ``head`` put on one line, as the header reader reads them."""
    for i in range(head - 1, max(-1, head - 240), -1):
        flat = squash(out[i])
        if not flat.startswith("实施期资金总额") or "年度资金总额" in flat:
            continue
        parts = [j for j in range(i, min(head, i + 24)) if out[j].strip()][:4]
        if len(parts) == 4 and squash(out[parts[2]]).startswith("年度资金总额"):
            out[i] = "\t".join(out[j].strip() for j in parts)
            for j in parts[1:]:
                out[j] = ""
        return


def as_rows(lines: list[str]) -> list[str]:
    """``lines`` with every grid written one cell per line laid out as tab-separated rows
    (unchanged when there is none).

    >>> text = ["项目支出绩效目标表", "项目名称", "甲", "一级指标", "二级指标", "三级指标", "指标值",
    ...         "产出指标", "数量指标", "培训人数", "≥100人", "时效指标", "完成时间", "年底前"]
    >>> for line in as_rows(text)[3:]:
    ...     print(line.replace("\\t", " | ")) if line else None
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 培训人数 | ≥100人
     | 时效指标 | 完成时间 | 年底前
    """
    names = _name_spellings()
    if not any(squash(ln) in names for ln in lines if len(ln) <= 30 and "\t" not in ln):
        return lines
    heads: list[list[int]] = []
    i = 0
    while i < len(lines):
        s = lines[i]
        if s.strip() and "\t" not in s and _kind(s) is not None and not _is_grid_header(s):
            run = _header_run(lines, i)
            if run is not None:
                heads.append(run)
                i = run[-1] + 1
                continue
        i += 1
    if not heads:
        return lines
    out = list(lines)
    starts = {run[0] for run in heads}
    for run in heads:
        header = _header_cells([squash(lines[j]) for j in run])
        kinds = [_kind(c) or "note" for c in header]
        out[run[0]] = "\t".join(header)
        for j in run[1:]:
            out[j] = ""
        _fold_funds(out, run[0])
        end = _grid_end(lines, run[-1] + 1, starts)
        # the first rows' category cells printed among the header's (`绩效指标 产出指标 数量指标
        # 一级指标 …`, a slip of the text layer the tab reader reads too) open the grid
        carried = [Line(clean_cell(lines[j]), j) for j in range(run[0] + 1, run[-1])
                   if lines[j].strip() and j not in run]
        cells = carried + [Line(clean_cell(lines[j]), j) for j in range(run[-1] + 1, end)
                           if lines[j].strip() and not grid_note(lines[j])]
        for j in range(run[-1] + 1, end):
            if lines[j].strip() and grid_note(lines[j]):
                out[j] = ""
        for row in place(kinds, [c.text for c in cells]):
            at = [i for col in row for i in col]
            first = cells[min(at)].index
            for i in at:
                out[cells[i].index] = ""
            out[first] = "\t".join(_join([cells[i].text for i in col]) for col in row)
    return out
