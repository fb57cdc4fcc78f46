"""PDF files → indicator rows, through pdfplumber's table finder.

Each page's ruled tables are read as grids (merged cells come back empty, a
wrapped cell as one string); text outside the tables (the title, the year)
is kept in reading order. A page without ruled tables whose text aligns in columns under a
grid header (a table printed without lines) is read as the table the words' positions make
(pdfplumber's text strategy); other pages as lines of text. The page is rendered as tab-separated text, the
layout :mod:`nlp.tables` already reads, so both paths share one parser. The
``line`` of a row is its line in that rendering (``jixiao pdf-text`` prints it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise, zip_longest
from pathlib import Path

from nlp import lexicon
from nlp.errors import InputError
from nlp.tables import (
    Rejected,
    _is_grid_header,
    category_cell,
    opens_header_field,
    read_text,
    squash,
    title_markers,
    value_like,
)


def pdf_to_text(path: Path) -> str:
    """Tab-separated text of every table (and the text around them) of a PDF."""
    return "\n".join(_pdf_lines(path)[0])


def _pdf_lines(path: Path) -> tuple[list[str], list[tuple[int, int]]]:
    """The lines of :func:`pdf_to_text`, and the pages that hold an image but no text (a
    scan), each as (page number, the line it would have started at)."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psexceptions import PSException
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError(f"{path}: reading PDF needs pdfplumber ({exc})") from None
    try:
        pdf = pdfplumber.open(path)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises several types
        raise _unreadable(path, exc) from None
    out: list[str] = []
    scanned: list[tuple[int, int]] = []
    columns: _Columns | None = None  # of a table printed without lines, going on over pages
    with pdf:
        try:
            for number, page in enumerate(pdf.pages, start=1):
                lines, columns = _page_lines(page, columns)
                if page.images and not any(ln.strip() for ln in lines):
                    scanned.append((number, len(out) + 1))
                out.extend(lines)
        except (PdfminerException, PSException) as exc:  # a password, a broken object: the file's
            raise _unreadable(path, exc) from None  # (an error of jixiao's own code stays one)
    if _undecoded(out):
        return _pdfium_lines(path), []
    return out, scanned


def _unreadable(path: Path, exc: Exception) -> InputError:
    """The error of a PDF pdfplumber cannot open: a password it needs named as such."""
    if any(type(a).__name__ == "PDFPasswordIncorrect" for a in (exc, *exc.args)):
        return InputError(f"{path}: the PDF needs a password to open; save a copy without it first")
    return InputError(f"{path}: not a readable PDF ({type(exc).__name__})")


_CID = re.compile(r"\(cid:\d+\)")


def _undecoded(lines: list[str]) -> bool:
    """Whether most of the text came out as glyph numbers (`(cid:3931)`): a font pdfminer
    cannot map to characters (seen with CJK fonts of protected PDFs)."""
    text = "".join("".join(ln.split()) for ln in lines)
    return bool(text) and sum(len(m) for m in _CID.findall(text)) > 0.3 * len(text)


def _pdfium_lines(path: Path) -> list[str]:
    """The PDF's text by PDFium (the engine of Chrome's viewer, which maps those fonts): words
    in reading order, cells apart by spaces, read as space-separated text."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        out: list[str] = []
        for page in doc:
            out.extend(page.get_textpage().get_text_range().replace("\r", "").split("\n"))
        return out
    finally:
        doc.close()


_UNRULED = {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 2}


@dataclass(frozen=True)
class _Columns:
    """The columns of a table printed without lines: their x boundaries on the page, the
    ones kept (:func:`_kept_columns`) and those found between header cells alone
    (:func:`_header_splits`), for the pages it goes on over."""

    xs: tuple[float, ...]
    keep: tuple[int, ...]
    splits: tuple[float, ...] = ()


def _page_lines(page, before: _Columns | None = None) -> tuple[list[str], _Columns | None]:
    """The page's lines, and the columns of a table printed without lines on it (or going on
    from the page before) that may go on over the next page."""
    tables = page.find_tables()
    columns: dict[int, _Columns] = {}  # by table
    unruled = not tables
    if unruled and _holds_grid_header(page):
        # a table printed without lines (a page of prose is not tried): columns from the
        # words' positions, under a grid header
        found = []
        whole = _headed(page)
        regions = _regions(page, whole, before)
        for region, known in regions:
            if not _holds_grid_header(region):
                if before is not None:  # rows going on from the table above or the page before
                    for t, grid in _going_on(region, before):
                        columns[len(found)] = before
                        found.append((t, grid))
                continue
            for t, grid in known if known is not None else _headed(region):
                # the last column reaches the page's edge: its longest cells end where words of
                # two lines no longer align (`及时发` | `放`)
                grid = [[*cells[:-1], cells[-1] + _text_in(page, (t.bbox[2], row.bbox[1], page.bbox[2],
                                                                   row.bbox[3]))]
                        for cells, row in zip(grid, t.rows, strict=True)]
                xs = (*(c.bbox[0] for c in t.columns), max(t.columns[-1].bbox[2], page.bbox[2]))
                splits = _header_splits(page, t, grid)
                right: dict[int, float] = {}  # of a column's part left of the splits made
                for j, x in reversed(splits):  # header cells side by side in one column
                    grid = _split_column(page, t, grid, j, x, right.get(j))
                    xs = (*xs[:j + 1], x, *xs[j + 1:])
                    right[j] = x
                columns[len(found)] = before = _Columns(xs, tuple(_kept_columns(grid)),
                                                        tuple(x for _, x in splits))
                found.append((t, grid))
    elif unruled and before is not None:
        # going on from the page before: its columns (a column blank on this page is kept, so
        # the cells stay under their header)
        found = _going_on(page, before)
        columns = dict.fromkeys(range(len(found)), before)
    else:
        found = [(t, _cells(t)) for t in tables]
    tables = [t for t, _ in found]
    # a column found by its header alone (a blank last column) widens the table
    boxes = [(*t.bbox[:2], max(t.bbox[2], columns[k].xs[-1]) if k in columns else t.bbox[2], t.bbox[3])
             for k, t in enumerate(tables)]
    blocks: list[tuple[float, list[str]]] = []

    def outside(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    last = max((t.bbox[3] for k, t in enumerate(tables) if k in columns), default=None)
    opened = False  # a new table's title or header below the last table printed without lines
    for line in page.filter(outside).extract_text_lines():
        blocks.append((line["top"], [line["text"]]))
        opened |= last is not None and line["top"] > last and (
            _opens_table(line["text"]) or _is_grid_header("\t".join(line["text"].split())))
    for k, (table, grid) in enumerate(found):
        if k in columns and max(map(len, grid), default=0) != len(columns[k].xs) - 1:
            grid = _under_columns(grid, [c.bbox[0] for c in table.columns], columns[k].xs)
        if k in columns:
            grid = [_whole_footer(r) for r in _rows_of_lines(_header_rejoined(
                _take_columns(grid, columns[k].keep)))]
        blocks.append((table.bbox[1], ["\t".join(cells) for cells in grid]))
    blocks.sort(key=lambda b: b[0])
    # the columns go on over the next page with the last table, unless another begins below it
    going = columns.get(len(tables) - 1) if not opened else None
    return [ln for _, lines in blocks for ln in lines], going


def _regions(page, whole: list, before: _Columns | None) -> list[tuple[object, list | None]]:
    """The parts of a page printed without lines that find their columns apart, each with its
    tables when already found (``whole``: those of the whole page).

    Tables one below another, of their own widths, cut each other's words with their columns'
    edges: then each band finds its own columns. Rows going on from the page before, above
    the page's first title or header, keep that table's columns (``before``) where the
    columns found across the page differ (they are also those of the tables below, which
    may be of other widths), unless the tables below are found only with the help of those
    rows' words (a column blank in every row of theirs); tables below that then cut each
    other's words find their own."""
    cut = any(_cuts_words(page, t, grid) for t, grid in whole)
    if not cut and before is None:
        return [(page, whole)]
    bands = _bands(page)
    if cut:
        return [(page.crop(band), None) for band in bands]
    if len(bands) < 2 or _holds_grid_header(page.crop(bands[0])):
        return [(page, whole)]
    starts = [before.xs[j] for j in before.keep]
    over = [t for t, _ in whole if t.bbox[1] < bands[0][3]]  # tables holding those rows
    if over and all(len(t.columns) == len(starts) and all(abs(c.bbox[0] - x) < 1 for c, x in zip(
            t.columns, starts, strict=True)) for t in over):
        return [(page, whole)]  # the columns across the page are those of the page before
    rest = page.crop((*bands[1][:3], bands[-1][3]))
    below = _headed(rest)
    if len(below) < sum(t.bbox[3] > bands[0][3] for t, _ in whole):
        return [(page, whole)]
    if any(_cuts_words(page, t, grid) for t, grid in below):
        return [(page.crop(band), None) for band in bands]
    return [(page.crop(bands[0]), None), (rest, below)]


def _headed(region) -> list[tuple[object, list[list[str]]]]:
    """The tables printed without lines in a page or a band of it that hold a grid header,
    each with its cells, columns from the words' positions."""
    found = [(t, _cells(t)) for t in region.find_tables(_UNRULED)]
    return [(t, grid) for t, grid in found if _has_grid_header(grid)]


def _going_on(region, before: _Columns) -> list[tuple[object, list[list[str]]]]:
    """The rows of a table going on in a page or a band of it under the columns ``before``
    of the table above it or of the page before, each table with its cells."""
    settings = _explicit(before)
    found = [(t, _cells(t)) for t in region.find_tables(settings) if len(t.columns) >= 2]
    # an edge found where a title's words aligned (of a column not kept) or between header
    # cells alone (of a column blank in every row above) that runs through a word of these
    # rows is no column's edge here
    loose = {x for j, x in enumerate(before.xs) if j not in before.keep or j - 1 not in before.keep}
    loose |= set(before.splits)
    cut = {x for t, grid in found for x in _cut_edges(region, t, grid)
           if any(abs(x - y) < 0.5 for y in loose)}
    if cut:
        lines = [x for x in before.xs if not any(abs(x - c) < 0.5 for c in cut)]
        found = [(t, _cells(t)) for t in region.find_tables({**settings, "explicit_vertical_lines": lines})
                 if len(t.columns) >= 2]
    return [(t, grid) for t, grid in found if _grid_rows(grid)]


def _cuts_words(page, table, grid: list[list[str]]) -> bool:
    """Whether an edge between two of a table's columns runs through a word of its grid's
    lines (a title, a header field or a footer may run across columns)."""
    return next(_cut_edges(page, table, grid), None) is not None


def _cut_edges(page, table, grid: list[list[str]]) -> Iterator[float]:
    """The edges between a table's columns that run through a word of its grid's lines (an
    edge once for each line it cuts)."""
    edges = [c.bbox[0] for c in table.columns[1:]]
    for row, cells in zip(table.rows, grid, strict=True):
        if not any(c.strip() for c in cells) or _stands_alone(cells):
            continue
        words = page.crop(row.bbox).extract_words()
        yield from (x for x in edges if any(w["x0"] + 1 < x < w["x1"] - 1 for w in words))


def _bands(page) -> list[tuple[float, float, float, float]]:
    """The page cut above each table's title or header block (`项目名称 …`) that follows
    other lines: tables one below another find their own columns."""
    lines = page.extract_text_lines()
    opens = [_opens_table(ln["text"]) for ln in lines]
    cuts = [ln["top"] - 0.5 for i, ln in enumerate(lines) if i and opens[i] and not opens[i - 1]]
    x0, top, x1, bottom = page.bbox
    edges = [top, *cuts, bottom]
    return [(x0, a, x1, b) for a, b in pairwise(edges) if b > a]


def _opens_table(text: str) -> bool:
    """Whether a line of a page is a table's title or opens its header block (`项目名称 …`)."""
    return opens_header_field(text) or any(m in squash(text) for m in title_markers())


def _holds_grid_header(region) -> bool:
    """Whether the text lines of a page or a part of it hold a grid header."""
    return _has_grid_header([ln["text"].split() for ln in region.extract_text_lines()])


def _explicit(columns: _Columns) -> dict:
    """pdfplumber's settings for a table at the known ``columns``, its rows from the text. A
    line's words end where its text ends: it meets every column's line (a last column blank
    there would be lost, and its cells printed as lines apart)."""
    widest = max(b - a for a, b in pairwise(columns.xs))
    return {"vertical_strategy": "explicit", "horizontal_strategy": "text",
            "explicit_vertical_lines": list(columns.xs), "intersection_x_tolerance": widest}


def _header_lines(grid: list[list[str]]) -> list[int]:
    """The lines of ``grid`` that are its header: a grid header, or a line of two header cells
    or more (`计算符号 数值 计量单位` under `指标值`, in their columns or in one).

    >>> _header_lines([["一级指标", "三级指标", "指标值"], ["", "", "计算符号 数值 计量单位"],
    ...                [ "产出指标", "培训人数", "50人"]])
    [0, 1]
    """
    from nlp.spreadsheets import is_header_cell

    return [i for i, r in enumerate(grid) if _is_grid_header("\t".join(r)) or (
        len(words := " ".join(r).split()) >= 2 and all(is_header_cell(w) for w in words))]


def _header_splits(page, table, grid: list[list[str]]) -> list[tuple[int, float]]:
    """(column, x) for each gap between header cells side by side in one column of a table
    printed without lines (`数值 计量单位`: pdfplumber finds a column's edge where two lines' words
    align, and a column whose cells are all blank, the units being written in the names, has
    only its header's word), x being where the next header cell begins (cells are printed
    from their column's left; the middle of the gap when it is narrower). The last column
    reaches the page's edge: a last column blank throughout prints its header beyond the table
    pdfplumber finds."""
    from nlp.spreadsheets import is_header_cell

    out = []
    header = _header_lines(grid)
    for j in range(len(table.columns)):
        x0, x1 = _column_span(page, table, j)
        words = [w for i in header for w in page.crop(
            (x0, table.rows[i].bbox[1], x1, table.rows[i].bbox[3])).extract_words()
            if x0 <= (w["x0"] + w["x1"]) / 2 < x1]
        words = sorted((w for w in words if is_header_cell(w["text"])), key=lambda w: w["x0"])
        end = None  # of the words so far (a header cell above may end before one below it)
        for w in words:
            if end is not None and end < w["x0"]:
                out.append((j, max((end + w["x0"]) / 2, w["x0"] - 1)))
            end = w["x1"] if end is None else max(end, w["x1"])
    return out


def _split_column(page, table, grid: list[list[str]], j: int, x: float,
                  right: float | None = None) -> list[list[str]]:
    """``grid`` with its column ``j`` cut in two at ``x``, each character going to the side
    its middle is on; a row with a word across ``x`` (a sentence in the left cell running
    on under the right one's header) keeps the cell whole on the left. ``right``: where a
    split already made further right ends the column's part still whole."""
    col = _column_span(page, table, j)
    col = (col[0], col[1] if right is None else right)
    out = []
    for row, cells in zip(table.rows, grid, strict=True):
        top, bottom = row.bbox[1], row.bbox[3]
        if any(w["x0"] < x < w["x1"] for w in page.crop((col[0], top, col[1], bottom)).extract_words()):
            out.append([*cells[:j + 1], "", *cells[j + 1:]])
            continue
        out.append([*cells[:j], _text_in(page, (col[0], top, x, bottom)),
                    _text_in(page, (x, top, col[1], bottom)), *cells[j + 1:]])
    return out


def _text_in(page, box: tuple[float, float, float, float]) -> str:
    """The text of the characters whose middle lies in ``box``, its lines joined."""
    x0, top, x1, bottom = box

    def inside(o) -> bool:
        return (o.get("object_type") == "char" and x0 <= (o["x0"] + o["x1"]) / 2 < x1
                and top <= (o["top"] + o["bottom"]) / 2 < bottom)

    return "".join((page.filter(inside).extract_text() or "").split("\n"))


def _column_span(page, table, j: int) -> tuple[float, float]:
    """The x span of a table's column ``j``, the last one reaching the page's right edge."""
    x0, _, x1, _ = table.columns[j].bbox
    return x0, max(x1, page.bbox[2]) if j == len(table.columns) - 1 else x1


def _under_columns(grid: list[list[str]], x0s: list[float], xs: tuple[float, ...]) -> list[list[str]]:
    """Cells of columns starting at ``x0s`` put under the columns bounded by ``xs`` (a table
    going on from the page before, where a column blank on this page was not found), each
    under the column starting nearest to it.

    >>> _under_columns([["质量指标", "完成"]], [150.0, 480.0], (47.0, 156.0, 373.0, 481.0, 590.0))
    [['', '质量指标', '', '完成']]
    """
    at = [min(range(len(xs) - 1), key=lambda i, x=x: abs(xs[i] - x)) for x in x0s]
    width = len(xs) - 1
    return [[next((r[j] for j, i in enumerate(at) if i == col and j < len(r)), "") for col in range(width)]
            for r in grid]


def _grid_rows(grid: list[list[str]]) -> bool:
    """Whether cells cut from a page by the columns of the page before are indicator rows (a
    category cell, or a value in half the lines), not a page of prose cut in pieces.

    >>> _grid_rows([["产出指标-时效指标", "项目完成时间", "按进度完成", "按实际"],
    ...             ["效益指标-社会效益", "帮助群众解决实际困难", "群众生产生活", "按实际"]])
    True
    """
    rows = [[c for c in r if c.strip()] for r in grid]
    rows = [r for r in rows if r]
    return any(category_cell(c) for r in rows for c in r) or (
        bool(rows) and sum(any(value_like(c) for c in r) for r in rows) >= len(rows) / 2)


def _cells(table) -> list[list[str]]:
    """A pdfplumber table's cells, a wrapped cell's lines joined."""
    return [["".join((c or "").split("\n")) for c in row] for row in table.extract()]


def _kept_columns(grid: list[list[str]]) -> list[int]:
    """The columns of ``grid`` that an indicator line or the grid header has text in: the
    words' positions of a page can split a column in two (a title or footer reaching into
    it), and a table going on over the next page must keep its header's columns, those named
    on a second header line too (`计算符号 数值 计量单位` under `指标值`: a column blank in every
    indicator line, the units being written in the names, is still a column).

    >>> _kept_columns([["", "项目支出绩效目标表", ""], ["序号", "", "一级指标"], ["1", "", "产出指标"]])
    [0, 2]
    >>> _kept_columns([["三级指标", "指标值", "", "权重"], ["", "数值", "计量单位", ""],
    ...                ["面积(平方米)", "5000", "", "10"]])
    [0, 1, 2, 3]
    """
    width = max((len(r) for r in grid), default=0)
    rows = [r + [""] * (width - len(r)) for r in grid]
    lines = [r for r in rows if any(c.strip() for c in r) and not _stands_alone(r)]
    lines += [rows[i] for i in _header_lines(rows)]
    return [j for j in range(width) if any(r[j].strip() for r in lines)] or list(range(width))


def _take_columns(grid: list[list[str]], keep: tuple[int, ...] | list[int]) -> list[list[str]]:
    """``grid`` with the columns ``keep`` only; a title's or footer's text in another column
    goes to the next column kept.

    >>> _take_columns([["", "项目支出绩效目标表", ""], ["序号", "", "一级指标"]], [0, 2])
    [['', '项目支出绩效目标表'], ['序号', '一级指标']]
    """
    width = max((len(r) for r in grid), default=0)
    rows = [r + [""] * (width - len(r)) for r in grid]
    if len(keep) == width:
        return rows
    out = []
    for r in rows:
        new: list[str] = []
        carry = ""
        for j in range(width):
            if j in keep:
                new.append(carry + r[j])
                carry = ""
            else:
                carry += r[j]
        if carry:
            new[-1] += carry
        out.append(new)
    return out


def _has_grid_header(grid: list[list[str | None]]) -> bool:
    """Whether a line of ``grid``, or two lines read as one (`绩效指标 … 指标值` over `一级指标
    二级指标 三级指标`), is a grid header."""
    lines = ["\t".join(c or "" for c in row) for row in grid]
    lines = [ln for ln in lines if ln.strip()]
    return any(_is_grid_header(a) or _is_grid_header(f"{a}\t{b}")
               for a, b in zip_longest(lines, lines[1:], fillvalue=""))


def _rows_of_lines(grid: list[list[str]]) -> list[list[str]]:
    """The rows of a table printed without lines, read a text line at a time: lines with no
    gap between them are one row (a wrapped cell goes on below, or starts above, the row's
    other cells), the rows being set apart by blank lines (dropped). A table with too few
    blank lines to tell rows apart (under a quarter) is left as its lines. A header-block
    line (`项目名称`) takes the lines of its wrapped value above and below it; a line of a
    title, a footer (`联系人`) or the grid's header (two cells or more, all header cells:
    `一级指标 … 指标值`, `计算符号 数值 计量单位` below it) never joins.

    >>> _rows_of_lines([["", "", "认真落实要求，调动"], ["效益指标", "社会效益指标", "积极性"], ["", "", ""],
    ...                 ["满意度指标", "服务对象满意度指标", "≥95%"], ["", "", ""]])
    ... # doctest: +NORMALIZE_WHITESPACE
    [['效益指标', '社会效益指标', '认真落实要求，调动积极性'], ['满意度指标', '服务对象满意度指标', '≥95%']]
    """
    blank = [not any(c.strip() for c in row) for row in grid]
    if sum(blank) < len(grid) / 4:
        return grid
    out: list[list[str]] = []
    kind = "blank"  # of the last row of out: blank, alone, field or row (these two take lines)
    for row, empty in zip(grid, blank, strict=True):
        if empty:
            out.append(row)
            kind = "blank"
        elif opens_header_field(row[0]):  # 项目名称 …: its value may wrap above and below
            if kind == "row" and not out[-1][0].strip():
                out[-1] = [a + b for a, b in zip(out[-1], row, strict=True)]
            else:
                out.append(list(row))
            kind = "field"
        elif _stands_alone(row):
            out.append(list(row))
            kind = "alone"
        elif kind == "row" or (kind == "field" and not row[0].strip()):
            out[-1] = [a + b for a, b in zip(out[-1], row, strict=True)]
        else:
            out.append(list(row))
            kind = "row"
    return [row for row in out if any(c.strip() for c in row)]  # the blank lines said where rows end


def _header_rejoined(grid: list[list[str]]) -> list[list[str]]:
    """``grid`` with the header cells wrapped over lines in a narrow column (`一级指` over
    `标`) joined on the header's line: a line above it (cells aligned to their bottom, as
    reportlab prints them) or below it (aligned to their top, as Word does) whose every cell
    completes the header cell under or over it. A header field's label wrapped so
    (`项目名` over `称`) joins its two lines too.

    >>> _header_rejoined([["一级指", "", "", "指标性", ""], ["标", "二级指标", "三级指标", "质", "指标值"],
    ...                   ["产出指标", "数量指标", "培训人数", "定量", "50人"]])
    ... # doctest: +NORMALIZE_WHITESPACE
    [['一级指标', '二级指标', '三级指标', '指标性质', '指标值'],
     ['产出指标', '数量指标', '培训人数', '定量', '50人']]
    >>> _header_rejoined([["一级指标", "二级指标", "三级指", "指标值"], ["", "", "标", ""]])
    [['一级指标', '二级指标', '三级指标', '指标值']]
    """
    out = [list(r) for r in grid]
    i = 0
    while i + 1 < len(out):
        a, b = out[i], out[i + 1]
        joined = [x + y for x, y in zip(a, b, strict=True)] if len(a) == len(b) else []
        if joined and (_is_grid_header("\t".join(joined)) and (
                _header_part(a, b, above=True) or _header_part(b, a, above=False))
                or _label_wrapped(a[0], b[0])):
            out[i:i + 2] = [joined]
            i = max(i - 1, 0)  # a cell wrapped over three lines
        else:
            i += 1
    return out


def _label_wrapped(first: str, end: str) -> bool:
    """Whether a header field's label is wrapped over two lines of a narrow column (`项目名`
    over `称`: the label and its value are joined line by line).

    >>> _label_wrapped("项目名", "称"), _label_wrapped("项目名称", "一级指标")
    (True, False)
    """
    first, end = first.strip(), end.strip()
    return (0 < len(first) <= 4 and 0 < len(end) <= 4 and not opens_header_field(first)
            and opens_header_field(first + end))


def _header_part(line: list[str], header: list[str], above: bool) -> bool:
    """Whether ``line`` holds only the other lines of header cells wrapped in their columns:
    each of its cells, joined to the header's cell in its column, is a header cell spelled
    whole (`一级` over `指标`), or a note's cell ending as a note does (`偏差原因分析及改` over
    `进措施`) neither of whose parts is a header cell spelled whole (`一级指标` over `产出指标`
    is a header and a row; `指标值说明` over `按实际`, a header and a row's last line).

    >>> _header_part(["一级", "", "偏差原因分析及改"], ["指标", "二级指标", "进措施"], above=True)
    True
    >>> _header_part(["产出指标", "数量指标", "培训人数"], ["一级指标", "二级指标", "三级指标"], above=False)
    False
    >>> _header_part(["", "", "按实际"], ["三级指标", "指标值", "指标值说明"], above=False)
    False
    >>> _header_part(["一级指标", "二级指标"], ["", ""], above=False)  # a header and a blank line
    False
    """
    from nlp.spreadsheets import is_header_cell, spelled_whole

    notes = lexicon.load_yaml("layout.yaml")["spreadsheet_column_notes"]

    def completes(c: str, h: str) -> bool:
        first, end = (c, h) if above else (h, c)
        return spelled_whole(first + end) or (
            is_header_cell(first + end) and squash(first + end).endswith(tuple(notes))
            and not spelled_whole(first) and not spelled_whole(end))

    cells = [(c.strip(), h.strip()) for c, h in zip(line, header, strict=True) if c.strip()]
    return bool(cells) and all(h and len(c) <= 12 and not category_cell(c) and not value_like(c)
                               and completes(c, h) for c, h in cells)


def _whole_footer(row: list[str]) -> list[str]:
    """A line of a table printed without lines whose text begins as a footer or a personal
    field (`联系人：…`) as one cell, however the columns cut it (`联 | 系人：李四`): the readers end
    the grid there and never read it (a name in it would otherwise become a cell of a row).

    >>> _whole_footer(["联", "系人：李四 联", "系电", "话：0355"])
    ['联系人：李四 联系电话：0355']
    >>> _whole_footer(["产出指标", "数量指标"])
    ['产出指标', '数量指标']
    """
    text = "".join(row)
    return [text] if _opens_footer(text) else row


def _opens_footer(text: str) -> bool:
    """Whether a text begins as a footer or a personal field (`联系人：…`, ``layout.yaml``)."""
    lay = lexicon.load_yaml("layout.yaml")
    return squash(text).startswith((*lay["footer_markers"], *lay["personal_labels"]))


def _stands_alone(row: list[str]) -> bool:
    """A line of a title, header block, footer or the grid's header (never part of an
    indicator)."""
    from nlp.spreadsheets import is_header_cell

    cells = [c for c in row if c.strip()]
    if (len(cells) >= 2 and all(is_header_cell(c) for c in cells)) or _is_grid_header("\t".join(row)):
        return True
    cell = next((c for c in row if c.strip()), "")
    return (opens_header_field(cell) or _opens_footer(cell)
            or any(m in squash("".join(row)) for m in title_markers()))


def read_pdf(path: Path) -> tuple[list[dict], list[Rejected], int]:
    """Rows, rejects and number of tables of one PDF file.

    A page that is an image with no text (a scanned page among text pages) is a reject naming
    the page, since a table on it would otherwise be lost without a word; a PDF with no text
    at all is an error."""
    lines, scanned = _pdf_lines(path)
    if not any(ln.strip() for ln in lines):
        raise InputError(f"{path}: PDF has no text layer (scanned?); OCR it first")
    rows, rejects, n_tables = read_text("\n".join(lines), source=path.name)
    rejects += [Rejected(path.name, 0, line, f"page {number} is an image with no text (a scan?): "
                         "a table on it is not read; OCR the page", "")
                for number, line in scanned]
    return rows, rejects, n_tables
