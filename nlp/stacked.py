"""Text with one table cell per line, as pypdf extracts a PDF's table (and text of that
shape from elsewhere: a viewer's copy, a web page's text, a table converted to paragraphs):
each grid laid out again as tab-separated rows, so the tab reader reads it.

A grid is found by its header written one cell per line (`一级指标`, `二级指标`, `三级指标`,
`指标值` …, ``layout.yaml`` spellings). Empty cells print nothing, so the cells below it are
a stream whose row ends are not written; they are placed in the header's columns by the
cheapest assignment (a Viterbi pass, :func:`place`): a category cell only in a category
column, a comparison only in an operator column, a unit only in a unit column, a value's
shape costs least in the value column, a category column may stay empty (a merged cell
prints once), a name column only at a price, and the right half of a two-half grid repeats
the left half's name. A long cell printed over lines is joined at a price (cheap after a
full line); a second placement prices each column's empty cells and widest line as the
first placement of the document's grids found them (:func:`learned`).

Line numbers stay: a row's cells go on the line of its first cell, its other lines blank.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from nlp import lexicon
from nlp.spreadsheets import column_of, is_header_cell, spelled_whole
from nlp.tables import (
    _MID_PHRASE,
    _STRONG_VALUE,
    _TITLE_LIKE,
    _display_width,
    _is_grid_header,
    _layout,
    _operator_words,
    _unit_words,
    category_cell,
    category_of,
    clean_cell,
    compound_category,
    ends_grid,
    ends_with_unit,
    grid_note,
    numbered,
    opens_header_field,
    sole_l2,
    squash,
    title_markers,
    value_goes_on,
    value_like,
    weight_shape,
    whole_by_form,
)

GRID_KINDS = frozenset({"l1_declared", "l2_declared", "name", "value", "actual", "operator", "unit",
                        "direction", "nature"})
# the price of leaving a column of a row empty
SKIP = {"group": 0.0, "l1_declared": 0.0, "l2_declared": 0.0, "name": 3.0, "value": 3.0,
        "actual": 1.5, "operator": 0.5, "unit": 0.5, "direction": 0.5, "nature": 1.0,
        "serial": 2.0, "number": 1.0, "note": 1.0}
FREE = frozenset({"group", "l1_declared", "l2_declared"})  # columns a merged cell leaves empty
LEARN_MIN_ROWS = 8  # rows of a first placement before its columns' fill prices are used
SKIP_MAX = 5.0
NEW_ROW = 1.0
# a cell's next line: cheaper after a line as wide as its column's widest (a line that
# wrapped) or a word cut mid-phrase
WRAP, WRAP_FULL = 4.0, 0.5
FULL, FULL_MIN = 0.75, 12  # a full line: this share of its column's widest, and this display width
SECTION = 2.0  # a category word as a row of its own (a grid with no column for it)
NAME_END = 0.5  # a text ending as names end: cheaper as a name, dearer as a value
CATEGORY_NAME = 3.0  # a category word in the name column, before a cell of its row
MIRROR = -2.0  # a name equal to the cell two or three before it: the right half of a two-half grid
# a name whole by its form (`…(人)`, `指标2:…`) as a value, or run on with the line next to it:
# dearer than leaving the value empty and beginning a row (values are left blank)
WHOLE_NAME = 20.0
# a number that goes on the count of a 序号 column (`2` after row 1): dearer anywhere else
SERIAL = 4.0
_INTEGER = re.compile(r"\d{1,3}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
_DIRECTIONS = ("正向", "反向", "正向指标", "反向指标", "中性", "中性指标")
_NATURES = ("定量", "定性", "定量指标", "定性指标")


@dataclass(frozen=True)
class Line:
    """A cell and the index of its line."""

    text: str
    index: int
    more: tuple[int, ...] = ()  # the lines of the cell printed over more than one


@functools.cache
def _name_ends() -> frozenset[str]:
    return frozenset(str(c) for c in _layout()["name_end_chars"])


@functools.cache
def _name_spellings() -> frozenset[str]:
    cols = _layout()["spreadsheet_columns"]
    return frozenset(squash(str(n)) for n in cols["name"] if not str(n).isascii())


lexicon._CACHED.extend([_name_spellings, _name_ends])


@functools.lru_cache(maxsize=4096)
def _kind(cell: str) -> str | None:
    """The kind of column a header cell written alone on its line names, else ``None``."""
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


lexicon._CACHED.append(_kind)


def _header_run(lines: list[str], i: int) -> list[Line] | None:
    """The cells of a grid header written one cell per line that starts at line ``i``; a
    header cell printed over two lines (`偏差原因分析及改` / `进措施`) is one. Category cells
    among them are the first rows' cells, printed into the header (see :func:`as_rows`)."""
    run: list[Line] = []
    j = i
    named = False  # a category cell before the name column is a slip; after it, the grid's
    while j < len(lines):
        text = squash(lines[j])
        if not text or run and not named and category_of(text) is not None:
            j += 1
            continue
        if _kind(text) is None:
            if not (run and len(text) <= 6 and not spelled_whole(run[-1].text)
                    and category_of(text) is None and _kind(run[-1].text + text) is not None):
                break
            run[-1] = Line(run[-1].text + text, run[-1].index, (*run[-1].more, j))
        else:
            run.append(Line(text, j))
        named = named or _kind(run[-1].text) == "name"
        j += 1
    # a header opens with the grid's own columns (the goals' `年度目标` above it is no column)
    while run and _kind(run[0].text) not in ("group", "l1_declared", "l2_declared", "name", "serial"):
        run.pop(0)
    if len(run) < 2 or not _is_grid_header(" ".join(c.text for c in run)):
        return None
    return run


def _last_line(cell: Line) -> int:
    return max((cell.index, *cell.more))


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


@functools.lru_cache(maxsize=1 << 16)
def _cost(kind: str, text: str, mirror: bool) -> float:
    """The price of ``text`` in a column of ``kind`` (``math.inf``: never there)."""
    s = squash(text)
    cat = category_of(s)
    if kind in ("l1_declared", "l2_declared"):
        if compound_category(text) is not None:
            return 0.0
        level = "l1" if kind == "l1_declared" else "l2"
        if cat is not None and cat[0] == level:
            return 0.0
        # a 一级 of one 二级 only, written in the 二级 cell too (`满意度指标 | 满意度指标`)
        return 0.5 if level == "l2" and cat is not None and sole_l2(cat[1]) is not None else math.inf
    if kind == "group":
        return math.inf
    if category_cell(text):
        return math.inf  # (a name written as a category word, `社会效益`, is the tab reader's to see)
    # a text ending as names end (`…时间`, `…率`: ``layout.yaml`` name_end_chars)
    named = len(s) >= 4 and s[-1:] in _name_ends() and not value_like(s)
    if kind == "name":
        if mirror:
            return MIRROR
        return 4.0 if _STRONG_VALUE.match(s) or value_like(s) and len(s) <= 6 else -NAME_END * named
    if kind in ("value", "actual"):
        if whole_by_form(s):  # the next row's name, this row's value left blank
            return WHOLE_NAME
        return (-0.5 if mirror else 0.0) if value_like(s) else 1.5 + NAME_END * named
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


def place(kinds: list[str], cells: list[str], skips: list[float] | None = None,
          widest: list[int] | None = None) -> list[list[list[int]]]:
    """Rows of ``cells`` placed in columns of ``kinds``: for each row, the indices of the
    cells in each column (two or more where a cell printed over lines). ``skips`` are the
    prices of leaving each column empty (``SKIP`` by its kind), ``widest`` each column's
    widest line (the widest of all cells).

    A line goes on the cell above it cheaply where that line is full (as wide as
    ``FULL`` of its column's widest) or stops mid-phrase.

    >>> kinds = ["l1_declared", "l2_declared", "name", "value"]
    >>> place(kinds, ["产出指标", "数量指标", "人数", "5人", "质量指标", "合格率", "100%",
    ...               "覆盖率", "全覆盖"])
    [[[0], [1], [2], [3]], [[], [4], [5], [6]], [[], [], [7], [8]]]
    """
    if not cells:
        return []
    widths = [_display_width(squash(c)) for c in cells]
    return _place(kinds, cells, widths, widest or [max(widths)] * len(kinds),
                  skips or [SKIP.get(kd, 1.0) for kd in kinds])


def learned(kinds: list[str], grids: list[tuple[list[str], list[list[list[int]]]]]
            ) -> tuple[list[float], list[int]]:
    """The prices of leaving each column empty and each column's widest line, from a first
    placement of a document's grids of one header: a column the rows fill (权重, a note
    column every row writes) costs more to leave empty than one they leave empty (the
    self-evaluation's 偏差原因). A category column stays free (merged cells print once).

    >>> kinds = ["name", "value", "number"]
    >>> cells = ["人数", "5人", "10", "合格率", "100%", "10", "覆盖率", "全覆盖"] * 3
    >>> skips, widest = learned(kinds, [(cells, place(kinds, cells))])
    >>> [round(x, 2) for x in skips], widest
    ([3.0, 3.0, 1.05], [6, 6, 2])
    """
    k = len(kinds)
    filled, rows = [0] * k, 0
    widest = [0] * k
    weighed = _weighed(kinds, grids)
    for cells, placed in grids:
        for row in placed:
            if not any(row[j] for j in range(k) if kinds[j] not in FREE):
                continue  # a row of category cells only
            rows += 1
            for j in range(k):
                filled[j] += bool(row[j])
                for i in row[j]:
                    widest[j] = max(widest[j], _display_width(squash(cells[i])))
            if weighed is not None and _weight_only(kinds, cells, row, weighed):
                # a name and a number shaped as every weight of the grid: its weight, the value
                # left blank (the first placement could not tell)
                filled[kinds.index("value")] -= 1
                filled[k - 1] += 1
    skips = []
    for j, kd in enumerate(kinds):
        if kd in FREE or rows < LEARN_MIN_ROWS:
            skips.append(SKIP.get(kd, 1.0))
            continue
        empty = (rows - filled[j] + 0.5) / (rows + 1)
        skips.append(min(SKIP_MAX, -math.log(empty)))
    return skips, widest


def _weighed(kinds: list[str], grids: list[tuple[list[str], list[list[list[int]]]]]) -> str | None:
    """The shape (:func:`nlp.tables.weight_shape`) of every weight of grids whose last column
    is a number of their own (权重, 分值), where every row with a value has one beside it but
    rows whose value is shaped as those weights (a name and its weight, the value left blank,
    which a first placement reads as a value); ``None`` where a weight is ever left blank."""
    if kinds[-1] != "number" or "value" not in kinds:
        return None
    shapes = {weight_shape(cells[row[-1][0]]) if len(row[-1]) == 1 else None
              for cells, placed in grids for row in placed if row[-1]}
    if len(shapes) != 1 or None in shapes:
        return None
    shape = shapes.pop()
    value = kinds.index("value")
    for cells, placed in grids:
        for row in placed:
            if row[value] and not row[-1] and not _weight_only(kinds, cells, row, shape):
                return None  # a value beside a blank weight
    return shape


def _weight_only(kinds: list[str], cells: list[str], row: list[list[int]], shape: str) -> bool:
    """Whether a placed row holds a name and one value cell of the weights' ``shape`` and
    nothing after it."""
    value = kinds.index("value")
    return (len(row[value]) == 1 and not any(row[j] for j in range(value + 1, len(kinds)))
            and weight_shape(cells[row[value][0]]) == shape)


def _place(kinds: list[str], cells: list[str], widths: list[int], widest: list[int],
           skip: list[float]) -> list[list[list[int]]]:
    k, m = len(kinds), len(cells)
    names = [j for j, kd in enumerate(kinds) if kd == "name"]
    # prefix sums of the skip prices: skipping columns a..b-1 costs pre[b] - pre[a]
    pre = [0.0]
    for s in skip:
        pre.append(pre[-1] + s)

    flat = [squash(c) for c in cells]
    cats = [category_of(c) is not None for c in cells]
    serials = _serial_count(flat) if "serial" in kinds else set()
    # a cell equal to the one two or three before it: the right half repeating the left
    repeated = [any(i - d >= 0 and flat[i - d] == flat[i] for d in (2, 3)) for i in range(m)]

    def emit(j: int, i: int) -> float:
        mirror = kinds[j] in ("name", "value") and len(names) > 1 and j != names[0] and repeated[i]
        if kinds[j] == "actual" and i > 0 and flat[i - 1] == flat[i]:
            return _cost("actual", cells[i], False) + MIRROR / 2  # achieved as targeted
        if i in serials and kinds[j] != "serial":
            return _cost(kinds[j], cells[i], mirror) + SERIAL
        if kinds[j] == "name" and cats[i]:
            # a name written as a category word (`服务对象满意度`): after its category cell, or
            # before its value
            if i + 1 < m and not cats[i + 1] and (value_like(cells[i + 1])
                                                   or i > 0 and flat[i] in flat[i - 1]):
                return CATEGORY_NAME
            return math.inf
        return _cost(kinds[j], cells[i], mirror)

    # state k: a row of one category word, a section of a grid with no column for it
    inf = math.inf
    section = [SECTION if category_cell(c) else inf for c in cells]
    best = [[inf] * (k + 1) for _ in range(m)]
    back: list[list[tuple[int, str]]] = [[(-1, "")] * (k + 1) for _ in range(m)]
    for j in range(k):
        best[0][j] = pre[j] + emit(j, 0)
    best[0][k] = section[0]
    for i in range(1, m):
        # the cheapest way to end a row at column p: its cost plus the skips after p
        ends = [best[i - 1][p] + pre[k] - pre[p + 1] for p in range(k)] + [best[i - 1][k]]
        end_p = min(range(k + 1), key=lambda p: ends[p])
        for j in range(k):
            e = emit(j, i)
            cand = inf, (-1, "")
            if e < inf:
                cand = ends[end_p] + NEW_ROW + pre[j] + e, (end_p, "row")
                for p in range(j):
                    c = best[i - 1][p] + pre[j] - pre[p + 1] + e
                    if c < cand[0]:
                        cand = c, (p, "same")
            if kinds[j] in ("name", "value", "note", "actual") and best[i - 1][j] < inf:
                c = best[i - 1][j] + _wrap_cost(cells[i - 1], cells[i], widths[i - 1], widest[j]) \
                    + (SERIAL if i in serials else 0.0)
                if c < cand[0]:
                    cand = c, (j, "wrap")
            best[i][j], back[i][j] = cand
        best[i][k], back[i][k] = ends[end_p] + NEW_ROW + section[i], (end_p, "row")
    last = min(range(k + 1), key=lambda p: best[m - 1][p] + (pre[k] - pre[p + 1] if p < k else 0))
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
        rows[-1][0 if j == k else j].append(i)  # a section's word alone, in the first column
    return rows


def _serial_count(flat: list[str]) -> set[int]:
    """The cells that count a grid's rows in its 序号 column: `1`, then the next `2`, `3` …
    in order; of two equal cells in a row (a value `2` beside the serial `2` that follows it),
    the second.

    >>> sorted(_serial_count(["1", "人数", "2", "2", "面积", "5亩", "3", "里程", "3"]))
    [0, 3, 6]
    """
    out: set[int] = set()
    expect = 1
    for i, text in enumerate(flat):
        if text == str(expect) and not (i + 1 < len(flat) and flat[i + 1] == text):
            out.add(i)
            expect += 1
    return out if len(out) >= 2 else set()


@functools.lru_cache(maxsize=1 << 16)
def _wrap_cost(above: str, line: str, width: int, widest: int) -> float:
    """The price of ``line`` going on the cell whose last line is ``above`` (``width`` wide,
    in a column whose widest line is ``widest``): cheap after a full line, a word cut
    mid-phrase, or for a unit alone after a number (`≤64653.4` / `元`); a short category word
    only after a full line (`培训（参会）人员` / `满意度`)."""
    # (a line wider than any its column holds is no wrapped line of it)
    full = max(FULL_MIN, FULL * widest) <= width <= widest + 2
    if compound_category(line) is not None:
        return math.inf
    if category_of(line) is not None:  # (a category cell as written, `社会效益指标`, never)
        short = len(squash(line)) <= 4 and not squash(line).endswith("指标")
        return WRAP if full and short else math.inf
    if squash(line).startswith(squash(above)):
        return WRAP + 1.0  # a line repeating the one above (a value restating its name) is a cell
    if ends_with_unit(squash(above)) or numbered(squash(line)):
        return WHOLE_NAME  # a name ending with its unit in brackets is whole, a numbered one begins
    if full or width >= FULL_MIN // 2 and _MID_PHRASE.search(above) or value_goes_on(above, line):
        return WRAP_FULL
    return WRAP


lexicon._CACHED.extend([_cost, _wrap_cost])  # (their prices read the lexicons)


def _categories_joined(cells: list[Line]) -> list[Line]:
    """``cells`` with a category cell printed over two or three lines made one
    (`满意度指标-服务对象满意` / `度指标`): the lines after the first no category of their own,
    all together one.

    >>> [c.text for c in _categories_joined([Line("服务对象满意度", 1), Line("指标", 2), Line("人数", 3)])]
    ['服务对象满意度指标', '人数']
    >>> [c.text for c in _categories_joined([Line("满意度指标-服", 1), Line("务对象满意度指", 2),
    ...                                      Line("标", 3)])]
    ['满意度指标-服务对象满意度指标']
    """
    out: list[Line] = []
    i = 0
    while i < len(cells):
        for n in (3, 2):
            part = cells[i:i + n]
            text = "".join(c.text for c in part)
            if len(part) == n and all(len(squash(c.text)) <= 8 and category_of(c.text) is None
                                      for c in part[1:]) and category_cell(text):
                out.append(Line(text, part[0].index, tuple(c.index for c in part[1:])))
                i += n
                break
        else:
            out.append(cells[i])
            i += 1
    return out


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        words = out and re.match(r"[A-Za-z]", p[:1]) and re.search(r"[A-Za-z]$", out)
        out = f"{out} {p}" if words else out + p
    return out


def _grid_end(lines: list[str], start: int, heads: set[int]) -> int:
    """The line after a stacked grid's last cell: a footer, a new part of the document, the
    next table's title or header block, or the next grid header."""
    markers = title_markers()
    for j in range(start, len(lines)):
        s = lines[j].strip()
        if not s:
            continue
        flat = squash(s)
        if (j in heads or "\t" in lines[j] or ends_grid(s) or any(x in flat for x in markers)
                or opens_header_field(s) or (len(flat) <= 40 and _TITLE_LIKE.fullmatch(flat))):
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
    heads: list[list[Line]] = []
    done = -1
    for c, ln in enumerate(lines):
        # a header run holds a name column's cell alone on its line: it starts at most 12
        # lines above it, at the first of the header cells written alone before it
        if c <= done or len(ln) > 30 or "\t" in ln or squash(ln) not in names:
            continue
        start = c
        for i in range(c - 1, max(done, c - 13), -1):
            if lines[i].strip():
                if "\t" in lines[i] or _kind(lines[i]) is None and category_of(lines[i]) is None:
                    break
                start = i
        for i in range(start, c + 1):
            if lines[i].strip() and _kind(lines[i]) is not None and not _is_grid_header(lines[i]):
                run = _header_run(lines, i)
                if run is not None:
                    heads.append(run)
                    done = _last_line(run[-1])
                    break
    if not heads:
        return lines
    out = list(lines)
    starts = {run[0].index for run in heads}
    grids = []
    for run in heads:
        header = _header_cells([c.text for c in run])
        kinds = [_kind(c) or "note" for c in header]
        first, last = run[0].index, _last_line(run[-1])
        held = {j for c in run for j in (c.index, *c.more)}
        end = _grid_end(lines, last + 1, starts)
        # the first rows' category cells printed among the header's (`绩效指标 产出指标 数量指标
        # 一级指标 …`, a slip of the text layer the tab reader reads too) open the grid
        carried = [Line(clean_cell(lines[j]), j) for j in range(first + 1, last)
                   if lines[j].strip() and j not in held]
        cells = carried + [Line(clean_cell(lines[j]), j) for j in range(last + 1, end)
                           if lines[j].strip() and not grid_note(lines[j])]
        if not any(category_of(c.text) is not None or value_like(c.text) for c in cells):
            continue  # header words listed in prose (a guide naming the columns), no grid
        for j in held:
            out[j] = ""
        out[first] = "\t".join(header)
        _fold_funds(out, first)
        for j in range(last + 1, end):
            if lines[j].strip() and grid_note(lines[j]):
                out[j] = ""
        cells = _categories_joined(cells)
        texts = [c.text for c in cells]
        grids.append((tuple(kinds), cells, texts, place(kinds, texts)))
    # a second placement with the prices the document's grids of each header show
    prices = {kinds: learned(list(kinds), [(t, p) for kd, _, t, p in grids if kd == kinds])
              for kinds in {g[0] for g in grids}}
    for kinds, cells, texts, _ in grids:
        skips, widest = prices[kinds]
        for row in place(list(kinds), texts, skips, widest):
            at = [i for col in row for i in col]
            first = cells[min(at)].index
            for i in at:
                for j in (cells[i].index, *cells[i].more):
                    out[j] = ""
            out[first] = "\t".join(_join([cells[i].text for i in col]) for col in row)
    return out
