"""Spreadsheets (``.xlsx``, ``.xls``, ``.csv``) → indicator rows.

Two shapes are read:

* a tidy sheet, one row per indicator (columns such as 项目名称, 二级指标,
  三级指标, 指标值, optionally 半表/half);
* the 7-column grid budget systems export (一级 | 二级 | 三级 | 指标值 | 二级 |
  三级 | 指标值), merged category cells left blank below their first row,
  possibly under a header block (项目名称 …) and with several tables stacked.

Either may split the value over columns — 计算符号 (≥ ＞ ＝ ＜ ≤ 定性), 指标值,
计量单位, 指标方向性, 指标性质 — and may put the unit inside the name
(``保障在职职工人数(人)``); the value is composed as a reviewer reads it
(``≥`` + ``95`` + ``%`` → ``≥95%``) and the parts are kept in extra columns.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
from pathlib import Path

import pandas as pd

from nlp import lexicon
from nlp.documents import names_a_person
from nlp.errors import InputError
from nlp.tables import (
    HALVES,
    Rejected,
    category_cell,
    category_of,
    clean_cell,
    compound_category,
    department_title,
    funds_scale,
    grid_note,
    header_field_labels,
    parse_amount,
    redact,
    sole_l2,
    split_department,
    squash,
    title_markers,
    value_goes_on,
    value_like,
    year_note,
)

# a number cell holding the number alone (`95`, `6,200`)
_NUMBER_ONLY = re.compile(r"[\d.,]+")
_QUALITATIVE_OPS = {"定性", "定性指标", "/", "无"}


@functools.cache
def _aliases() -> dict[str, str]:
    out = {}
    for col, names in lexicon.load_yaml("layout.yaml")["spreadsheet_columns"].items():
        for n in names:
            out[squash(str(n)).lower()] = col
    return out


lexicon._CACHED.append(_aliases)  # cleared with the lexicons (lexicon.set_data_dir)

_HEADER_NOTE = re.compile(r"[(（][^()（）]*[)）]")


def column_of(header: str) -> str | None:
    """The output column a header cell names: an exact spelling of ``layout.yaml``
    (``spreadsheet_columns``), else the first rule of ``spreadsheet_column_words`` whose
    word the header contains (``三级指标名称`` → name, ``年度目标值`` → value,
    ``指标值符号`` → operator).

    A bracketed note in the header is read past (``指标名称（三级）``, ``权重(%)``).

    >>> column_of("三级指标"), column_of("三级指标名称"), column_of("指标值符号"), column_of("权重")
    ('name', 'name', 'operator', None)
    >>> column_of("指标名称（三级）"), column_of("预期值(数值)"), column_of("权重(%)")
    ('name', 'value', None)
    >>> column_of("指标值说明"), column_of("年度指标值完成情况"), column_of("指标值")
    (None, None, 'value')
    """
    key = squash(header).lower()
    if not key:
        return None
    exact = _aliases().get(key)
    if exact is not None:
        return exact
    bare = _HEADER_NOTE.sub("", key)
    if bare and bare != key:
        return column_of(bare)
    if len(key) > 12:
        return None  # a sentence, not a header
    layout = lexicon.load_yaml("layout.yaml")
    if any(w in key for w in layout.get("spreadsheet_column_notes") or []):
        return None  # `指标值说明`: a note about the value column
    for rule in layout.get("spreadsheet_column_words") or []:
        col, word = next(iter(rule.items()))
        if word in key:
            return str(col)
    return None


def is_header_cell(cell: str) -> bool:
    """Whether a cell is a grid's header cell: a column's (:func:`column_of`), a note about
    one (`指标解释`, `评分标准`) or a column of the grid's own (`序号`, `权重`).

    >>> [is_header_cell(c) for c in ("指标名称", "指标解释", "权重", "培训人数")]
    [True, True, True, False]
    """
    if column_of(cell) is not None:
        return True
    key = squash(cell)
    layout = lexicon.load_yaml("layout.yaml")
    extra = layout.get("space_grid_extra_columns") or {}
    return 0 < len(key) <= 12 and (
        any(w in key for w in layout.get("spreadsheet_column_notes") or [])
        or key in extra.get("leading", []) + extra.get("trailing", []))


def spelled_whole(header: str) -> bool:
    """Whether ``header`` is a header cell as ``layout.yaml`` spells it whole (`指标值`,
    `权重`, `绩效指标`), not the first line of one printed over two (`偏差原因分析及改`).

    >>> spelled_whole("指标值"), spelled_whole("权重"), spelled_whole("偏差原因分析及改")
    (True, True, False)
    """
    key = squash(header)
    layout = lexicon.load_yaml("layout.yaml")
    extra = layout.get("space_grid_extra_columns") or {}
    return (key.lower() in _aliases() or key in extra.get("leading", []) + extra.get("trailing", [])
            or key in (layout.get("group_headers") or []))


def _format_of(path: Path) -> str:
    """The format a file is, by its first bytes where its name may mislead: many sites
    publish a web page or a new workbook named `.xls`, a `.docx` named `.doc`, a workbook
    named `.doc`, and WPS Office's `.et` / `.wps` are the old binary Excel / Word formats.
    Else its suffix."""
    suffix = path.suffix.lower()
    if suffix not in (".xls", ".et", ".doc", ".wps"):
        return suffix
    try:
        head = path.read_bytes()[:1024]
    except OSError:
        return suffix  # not found: the loader names the file
    word = suffix in (".doc", ".wps")
    if head.startswith(b"PK\x03\x04"):
        return ".docx" if word else ".xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: its streams say which
        return _ole_format(path) or (".doc" if word else ".xls")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<", b"<!doctype", b"<html")) or b"<table" in head.lower():
        return ".html"
    return suffix


def _ole_format(path: Path) -> str | None:
    """``.doc`` for an OLE file holding a Word document, ``.xls`` for one holding a
    workbook (a ``.doc`` may be a workbook renamed, and the reverse), else None."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("WordDocument"):
                return ".doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return ".xls"
    except Exception:  # a damaged file: the loader of its suffix names the problem
        return None
    return None


def _load_sheets(path: Path) -> list[tuple[str, pd.DataFrame]]:
    fmt = _format_of(path)
    try:
        if fmt in (".csv", ".tsv"):
            import io

            from nlp.documents import decode_text

            text = decode_text(path)
            sep = "\t" if path.suffix.lower() == ".tsv" else ","
            # rows of any length (a title line of one cell above a grid of six): padded
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
            width = max((len(r) for r in rows), default=0)
            df = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
            return [("", df)]
        if fmt in (".xlsx", ".xlsm"):
            return _load_xlsx(path)
        if fmt in (".xls", ".et"):
            return _load_xls(path)
        if fmt in (".doc", ".wps"):
            from nlp.worddoc import doc_sheets

            return doc_sheets(path)
        if fmt == ".docx":
            from nlp.word import docx_sheets

            return docx_sheets(path)
        if fmt in (".html", ".htm"):
            from nlp.web import html_sheets

            return html_sheets(path)
        sheets = pd.read_excel(path, header=None, dtype=str, sheet_name=None)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except Exception as exc:  # pandas/openpyxl raise many types for corrupt files
        raise InputError(f"{path}: not a readable spreadsheet ({type(exc).__name__}: {exc})") from None
    return [(name, df.fillna("")) for name, df in sheets.items()]


def _load_xlsx(path: Path) -> list[tuple[str, pd.DataFrame]]:
    """Every sheet of a workbook, each cell as Excel shows it (:func:`display_text`)."""
    import openpyxl

    with open(path, "rb") as fh:  # a file object: the name may say .xls (openpyxl goes by it)
        book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        try:
            out = []
            for sheet in book.worksheets:
                rows = [[display_text(c.value, getattr(c, "number_format", "General")) for c in row]
                        for row in sheet.iter_rows()]
                out.append((sheet.title, padded_sheet(rows)))
            return out
        finally:
            book.close()


def _load_xls(path: Path) -> list[tuple[str, pd.DataFrame]]:
    """Every sheet of an old binary workbook (``.xls``, which many budget publications still
    attach), each cell as Excel shows it (:func:`display_text` with the cell's number format;
    a date cell as a date)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except xlrd.XLRDError as exc:
        raise InputError(f"{path}: not a readable .xls workbook ({exc})") from None
    out = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate_as_datetime(value, book.datemode)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    value = None
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                row.append(display_text(value, fmt))
            rows.append(row)
        out.append((sheet.name, padded_sheet(rows)))
    return out


def padded_sheet(rows: list[list[str]]) -> pd.DataFrame:
    """Rows of string cells as one sheet, short rows padded with ``""`` to the longest."""
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)


def read_first_sheet(path: Path) -> pd.DataFrame:
    """The first sheet of a workbook as a table (first row = header), cells as Excel shows
    them: a plain table for ``jixiao parse --column`` and ``predict`` inputs."""
    grid = _load_sheets(path)[0][1]
    if grid.empty:
        return pd.DataFrame()
    header: list[str] = []
    seen: dict[str, int] = {}
    for i, h in enumerate(grid.iloc[0]):
        name = str(h).strip() or f"column_{i + 1}"
        header.append(f"{name}.{seen[name]}" if seen.get(name) else name)  # as pandas: 指标值.1
        seen[name] = seen.get(name, 0) + 1
    return pd.DataFrame(grid.iloc[1:].to_numpy(), columns=header).reset_index(drop=True)


def display_text(value: object, number_format: str = "General") -> str:
    """A cell's value as a reviewer sees it in Excel, not as stored: a percent-formatted
    0.95 is `95%`, a date is `2024年12月31日`, a whole float has no `.0`.

    >>> display_text(0.95, "0%"), display_text(0.955, "0.0%"), display_text(120.0)
    ('95%', '95.5%', '120')
    >>> import datetime; display_text(datetime.datetime(2024, 12, 31), "yyyy-mm-dd")
    '2024年12月31日'
    """
    import datetime

    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float):
        percent = "%" in (number_format or "")
        number = float(value) * (100 if percent else 1)
        text = f"{round(number, 6):.6f}".rstrip("0").rstrip(".")
        return text + ("%" if percent else "")
    return str(value)


def read_spreadsheet(path: Path) -> tuple[list[dict], list[Rejected], int]:
    """Rows, rejects and number of tables of one spreadsheet file."""
    sheets = _load_sheets(path)
    rows: list[dict] = []
    rejects: list[Rejected] = []
    table = 0
    found_header = False
    for sheet, df in sheets:
        grid = [[clean_cell(str(v)) for v in r] for r in df.itertuples(index=False, name=None)]
        source = path.name if not sheet or len(sheets) == 1 else f"{path.name}#{sheet}"
        headers = [i for i, r in enumerate(grid) if header_columns(r) is not None]
        if not headers:
            continue
        found_header = True
        meta_start = 0
        before: dict | None = None  # the grid before: its header row, block and table number
        for k, h in enumerate(headers):
            end = headers[k + 1] if k + 1 < len(headers) else len(grid)
            if end == h + 1 < len(grid) and two_row_header(grid[h], grid[h + 1]) is not None:
                continue  # a group row (`绩效指标 | 实施期目标 | 年度目标`) over the grid's own header
            # the same header again with nothing that ends a table since the last (a footer, a
            # title, 项目名称 …): the table goes on over a page (Word splits it in two tables)
            if before is not None and grid[h] == before["header"] and not any(
                    _ends_table(r) for r in grid[before["h"] + 1:h] if any(r)):
                goes_on, meta, base = True, before["meta"], before["base"]
            else:
                goes_on, meta, base = False, _header_block(grid[meta_start:h]), table
            before = {"header": grid[h], "h": h, "meta": meta, "base": base}
            meta_start = h + 1
            cols = header_columns(grid[h])
            assert cols is not None
            merged = two_row_header(grid[h], grid[h + 1]) if h + 1 < end else None
            if merged is not None:  # the sub-header row is the header's second half
                cols, h = header_columns(merged) or cols, h + 1
            if cols.get("grid"):
                table += 0 if goes_on else 1
                _read_grid(grid, h, end, cols, meta, source, table, rows, rejects)
            else:
                cols = category_column(cols, grid[h + 1:end])
                table = max(table, _read_tidy(grid, h, end, cols, meta, source, base, rows, rejects))
    if not found_header:
        as_text = _read_as_text(path, sheets)
        if as_text is None:
            raise InputError(f"{path}: no indicator table found (expected a header with 三级指标 and 指标值)")
        return as_text
    return rows, rejects, table


def _read_as_text(path: Path, sheets: list) -> tuple[list[dict], list[Rejected], int] | None:
    """A document with no grid whose rows are lines of text read as text: Word paragraphs
    or a web page's blocks holding one table cell each (a table converted to paragraphs),
    cells of a row joined by tabs; a row's line is its row. ``None`` when no table is found."""
    from nlp.tables import read_text

    rows: list[dict] = []
    rejects: list[Rejected] = []
    tables = 0
    for sheet, df in sheets:
        lines = ["\t".join(clean_cell(str(v)) for v in r).rstrip("\t")
                 for r in df.itertuples(index=False, name=None)]
        source = path.name if not sheet or len(sheets) == 1 else f"{path.name}#{sheet}"
        try:
            found, rejected, n = read_text("\n".join(lines), source=source)
        except InputError:
            continue
        for r in found:
            r["table"] += tables
        rows += found
        rejects += [dataclasses.replace(rej, table=rej.table + tables) for rej in rejected]
        tables += n
    return (rows, rejects, tables) if tables else None


def header_columns(row: list[str]) -> dict | None:
    """Map a header row to columns (``layout.yaml`` spellings); ``None`` if it is not an
    indicator header. Two name/value pairs make a two-half grid (``grid``, ``halves``)."""
    keys = [column_of(c) for c in row]
    cols: dict = {}
    names = [i for i, k in enumerate(keys) if k == "name"]
    values = [i for i, k in enumerate(keys) if k == "value"]
    if not names or not values:
        return None
    # each value column goes with the nearest name column on its left (a 绩效指标 label
    # in column A, as the published grids have it, is not the name column)
    pairs: list[tuple[int, int]] = []
    for v in values:
        left = [n for n in names if n < v and all(n != p[0] for p in pairs)]
        if left:
            pairs.append((left[-1], v))
    if not pairs:
        pairs = [(names[0], values[0])]
    if len(pairs) == 1 and len(values) >= 2 and pairs[0][0] < values[0] < values[1]:
        return _shared_name_grid(keys, pairs[0][0], values[0], values[1])
    if len(pairs) >= 2:
        cols["grid"] = True
        cols["halves"] = []
        for half_idx, (n, v) in enumerate(pairs[:2]):
            span_end = pairs[1][0] if half_idx == 0 else len(row)
            half = {"name": n, "value": v}
            for i in range(max(0, n - 2), span_end):
                key = keys[i]
                if key in ("l1_declared", "l2_declared", "operator", "unit", "direction", "nature"):
                    if i < n and key not in ("l1_declared", "l2_declared"):
                        continue
                    half.setdefault(key, i)
            if half_idx == 1:
                # the right half has no 一级 column of its own
                half.pop("l1_declared", None)
            cols["halves"].append(half)
        return cols
    cols["name"], cols["value"] = pairs[0]
    # one value column headed for the budget year (年度指标值, 年度目标): the 年度 half
    if squash(row[cols["value"]]).startswith(HALVES[1]):
        cols["default_half"] = HALVES[1]
    for i, key in enumerate(keys):
        if key and key not in cols:
            cols[key] = i
    return cols


def category_column(cols: dict, body: list[list[str]]) -> dict:
    """``cols`` with the declared category's column found by its cells when no header names
    it: a column headed `指标类型` (read as 指标性质), `类别` or nothing whose cells are category
    words (`数量指标`, `产出指标-数量指标`) is the 二级 (or 一级) column.

    >>> category_column({"nature": 0, "name": 1, "value": 2},
    ...                 [["数量指标", "培训人数", "100人"], ["", "合格率", "≥90%"],
    ...                  ["满意度指标", "满意度", "≥90%"]])
    {'name': 1, 'value': 2, 'l2_declared': 0}
    """
    if "l2_declared" in cols:
        return cols
    end = next((i for i, r in enumerate(body) if _ends_table(r)), len(body))
    body = [r for r in body[:end] if cols["name"] < len(r) and r[cols["name"]]]
    taken = {v for k, v in cols.items() if isinstance(v, int) and k != "nature"}
    width = max((len(r) for r in body), default=0)
    for j in range(width):
        if j in taken:
            continue
        cells = [r[j] for r in body if j < len(r) and r[j]]
        kinds = [("l2",) if compound_category(c) else category_of(c) for c in cells]
        if len(cells) < 2 or sum(k is not None for k in kinds) < 0.8 * len(cells):
            continue
        level = "l2_declared" if any(k and k[0] == "l2" for k in kinds) else "l1_declared"
        if level in cols:
            continue
        out = {k: v for k, v in cols.items() if v != j}
        out[level] = j
        return out if level == "l2_declared" else category_column(out, body)
    return cols


def declared_levels(l1: str, l2: str) -> tuple[str, str]:
    """The 一级 and 二级 cells of a row, a cell naming both levels (`产出指标-数量指标`) split.

    >>> declared_levels("", "产出指标-数量指标"), declared_levels("产出指标", "数量指标")
    (('产出指标', '数量指标'), ('产出指标', '数量指标'))
    """
    both = compound_category(l2) or compound_category(l1)
    return both if both is not None else (l1, l2)


def section_levels(row: list[str]) -> dict[str, str] | None:
    """The levels a row of one category word heads (`产出指标` in one cell or merged across
    the row, as templates without category columns print a section), else ``None``: a 一级
    word starts its section afresh (no 二级), a 二级 word keeps the 一级 above it.

    >>> section_levels(["产出指标", "", ""]), section_levels(["", "数量指标", "数量指标"])
    ({'l1_declared': '产出指标', 'l2_declared': ''}, {'l2_declared': '数量指标'})
    >>> section_levels(["产出指标-数量指标"]), section_levels(["培训人数", "≥100人"])
    ({'l1_declared': '产出指标', 'l2_declared': '数量指标'}, None)
    """
    texts = {c.strip() for c in row if c and c.strip()}
    if len(texts) != 1:
        return None
    text = texts.pop()
    both = compound_category(text)
    if both is not None:
        return {"l1_declared": both[0], "l2_declared": both[1]}
    level = category_of(text)
    if level is None:
        return None
    return {"l1_declared": text, "l2_declared": ""} if level[0] == "l1" else {"l2_declared": text}


def _second_section(section: dict[str, str], l1: str, l2s: list[str]) -> bool:
    """Whether a section row of a 一级 word repeats the 一级 section just opened (no 二级
    yet) of a 一级 with one 二级 only: `满意度指标` over `满意度指标`, the second naming the 二级."""
    word = section.get("l1_declared", "")
    level = category_of(word) if word else None
    return (level is not None and level[0] == "l1" and bool(l1) and category_of(l1) == level
            and not any(l2s) and sole_l2(level[1]) is not None)


def two_row_header(header: list[str], below: list[str]) -> list[str] | None:
    """The header of a grid whose value column is split on a second header row
    (`指标值` over `计算符号 | 数值 | 计量单位`, or over `实施期 | 年度`, as merged header cells
    print), as one row: each cell of the second row that names a column replaces the
    cell above it; ``None`` when ``below`` is no such row (a row with a name under 三级指标 is
    an indicator).

    >>> two_row_header(["三级指标", "指标值", "", "", "权重"], ["", "计算符号", "数值", "计量单位", ""])
    ['三级指标', '计算符号', '数值', '计量单位', '权重']
    >>> two_row_header(["三级指标", "指标值", ""], ["", "实施期", "年度"])
    ['三级指标', '实施期指标值', '年度指标值']
    >>> two_row_header(["三级指标", "指标值"], ["养护里程", "≥120公里"]) is None
    True

    The levels' columns may be named on the second row under a merged `绩效指标`:

    >>> two_row_header(["绩效指标", "", "", "指标值"], ["一级指标", "二级指标", "三级指标", ""])
    ['一级指标', '二级指标', '三级指标', '指标值']
    """
    # `实施期 | 年度` under a merged 指标值: the two halves' value columns
    below = [f"{c}指标值" if squash(c) in HALVES else c for c in below]
    keys = [column_of(c) if c else None for c in below]
    sub = {"operator", "unit", "value", "direction", "nature", "l1_declared", "l2_declared", "name"}
    named = [i for i, c in enumerate(below) if c]
    if not named or any(keys[i] not in sub for i in named) or not any(
            keys[i] in ("value", "name") for i in named):
        return None
    width = max(len(header), len(below))
    top = header + [""] * (width - len(header))
    return [below[i] if i < len(below) and below[i] else top[i] for i in range(width)]


def _shared_name_grid(keys: list[str | None], n: int, v1: int, v2: int) -> dict:
    """One name column and two value columns (``三级指标 | 实施期指标值 | 年度指标值``): the
    two halves share the name and categories; an operator or unit column serves the half
    whose value it follows, or both when only one is written."""
    halves: list[dict] = [{"name": n, "value": v1}, {"name": n, "value": v2}]
    for i, key in enumerate(keys):
        if key in ("l1_declared", "l2_declared") and i < n:
            halves[0].setdefault(key, i)
        elif key in ("operator", "unit", "direction", "nature") and i > n:
            halves[0 if i < v2 else 1].setdefault(key, i)
    for key in ("operator", "unit", "direction", "nature"):
        for a, b in ((0, 1), (1, 0)):
            if key in halves[a] and key not in halves[b]:
                halves[b][key] = halves[a][key]
    return {"grid": True, "halves": halves}


def _header_block(rows: list[list[str]]) -> dict:
    """项目名称 / 主管部门 / 实施单位 / 资金 / 年度 from rows above a grid (and the half of a
    department's whole-spending table, which has no project)."""
    meta: dict = {}
    fields = header_field_labels()
    recent: list[str] = []  # this row and the 3 above: a label naming the funds' unit (万元)
    for r in rows:
        cells = [c for c in r if c]
        recent = [*recent[-3:], "".join(cells)]
        seen = "".join(recent)
        for i, c in enumerate(cells):
            key = squash(c).rstrip(":：")
            if key in fields and i + 1 < len(cells) and fields[key] not in meta:
                meta[fields[key]] = cells[i + 1]
            label, colon, rest = c.replace("：", ":").partition(":")
            if colon and squash(label) in fields and rest.strip() and fields[squash(label)] not in meta:
                meta[fields[squash(label)]] = rest.strip()  # `项目名称：乡村道路养护`, one cell
            if "实施期资金总额" in key and i + 1 < len(cells):
                meta.setdefault("funds_total", parse_amount(cells[i + 1], funds_scale(seen)))
            if "年度资金总额" in key and i + 1 < len(cells):
                meta.setdefault("funds_year", parse_amount(cells[i + 1], funds_scale(seen)))
            m = re.search(r"(\d{4})\s*年度", c)
            if m:
                meta.setdefault("year", int(m.group(1)))
    if any(department_title(c) for r in rows for c in r if c):
        whole = lexicon.load_yaml("layout.yaml")["department_table"]
        # a department's whole-spending table (部门整体支出绩效目标表): no project, one year
        meta.setdefault("project", whole["project"])
        meta["half"] = whole["half"]
    if meta.get("department"):
        meta["department_code"], meta["department"] = split_department(meta["department"])
    return meta


def compose_value(value: str, operator: str = "", unit: str = "", name: str = "") -> tuple[str, dict]:
    """Compose a value from split columns as a reviewer reads it.

    >>> compose_value("95", "≥", "%")[0]
    '≥95%'
    >>> compose_value("400", "≤", "万元")[0]
    '≤400万元'
    >>> compose_value("合格", "定性")[0]
    '合格'
    >>> compose_value("120", "＝", "", name="保障在职职工人数(人)")[0]
    '＝120人'
    >>> compose_value("≥120", "", "公里")[0], compose_value("不低于95", "", "%")[0]
    ('≥120公里', '不低于95%')

    A unit written into the name is one the units lexicon knows (a note in brackets is none),
    and a placeholder target there gives its operator too (``nlp.classify.split_name_unit``,
    ``placeholder_target``, as the classifier reads the name):

    >>> [compose_value(v, "", "", name=n)[0] for v, n in [("1", "建设项目个数(含续建)"),
    ...  ("85", "苗木成活率(≥**%)"), ("1", "消毒机(≥台)"), ("300", "保种数量（头）")]]
    ['1', '≥85%', '≥1台', '300头']
    """
    op = operator.strip()
    v = value.strip()
    u = unit.strip()
    parts = {"value_operator": op, "value_number": v, "value_unit": u}
    if not u and name and _NUMBER_ONLY.fullmatch(v):
        from nlp.classify import placeholder_target, split_name_unit

        u = split_name_unit(name)[1]
        if u and not op:
            op = placeholder_target(name)[0]
        parts["value_unit"] = u
    if op in _QUALITATIVE_OPS:
        op = ""
    if v and u and not v.endswith(u) and (_NUMBER_ONLY.fullmatch(v) or _unitless_number(v)):
        v = v + u  # `95` or `≥120`, `不低于120` (an operator typed into the number cell) + `公里`
    if op and v and not v.startswith(op):
        v = op + v
    return v, parts


def _unitless_number(value: str) -> bool:
    """Whether ``value`` is a comparison and a number with no unit (`≥120`, `不低于120`)."""
    from nlp.values import parse_value

    if not value[-1:].isdigit():
        return False
    p = parse_value(value)
    return p.value_type == "quantitative" and p.unit is None and p.operator != "none"


def operator_of(operator: str, nature: str) -> str:
    """The comparison of a split value: the operator column, else a 指标性质 cell that
    holds one (templates put ``≥`` / ``≤`` / ``＝`` / ``定性`` there).

    >>> operator_of("", "≥"), operator_of("", "大于等于"), operator_of("", "定量"), operator_of("≤", "")
    ('≥', '大于等于', '', '≤')
    """
    if operator.strip() or not nature.strip():
        return operator
    text = nature.strip()
    if len(text) <= 6 and not re.search(r"\d", text):
        from nlp.values import parse_value

        if parse_value(text + "1").operator in ("<", "<=", "=", ">", ">="):
            return text
    return operator


def is_comparison(text: str) -> bool:
    """Whether a cell holds only a comparison or a 指标性质 word (`≥`, `大于等于`, `＝`,
    `定性`, `定量`): what an operator or 指标性质 column holds.

    >>> [is_comparison(t) for t in ["≥", "大于等于", "定性", "120", "养护里程"]]
    [True, True, True, False, False]
    """
    t = squash(text)
    if not t:
        return False
    column = (lexicon.value_words().get("operators") or {}).get("column") or {}
    return t in column or t in _QUALITATIVE_OPS or bool(operator_of("", t))


def composed_value(value: str, operator: str, nature: str, unit: str, direction: str,
                   name: str) -> tuple[str, dict]:
    """:func:`compose_value` of a split row: the operator of :func:`operator_of`, else, for a
    bare number, the sign its 指标方向性 cell implies (``正向指标`` → ``≥``, ``反向指标`` →
    ``≤``: ``value_words.yaml``, ``operators.direction_column``). ``value_operator`` stays
    what the table wrote.

    >>> [composed_value(v, "", "", u, d, "")[0] for v, u, d in
    ...  [("95", "%", "正向指标"), ("400", "万元", "反向"), ("提高", "", "正向"), ("≥90", "%", "反向")]]
    ['≥95%', '≤400万元', '提高', '≥90%']
    """
    written = operator_of(operator, nature)
    implied = _direction_signs().get(squash(direction), "")
    use = written if written.strip() or not _NUMBER_ONLY.fullmatch(value.strip()) else implied
    composed, parts = compose_value(value, use, unit, name)
    return composed, {**parts, "value_operator": written}


def value_beside(row: list[str], j: int | None, named: set[int]) -> str:
    """The value cell ``j`` of ``row``, and the cell right of it when the value cell holds a
    comparison alone (`≥` | `100人`: a 指标值 header merged over two columns) and no header
    names that column, or a bare number and the cell right of it a unit alone
    (:func:`~nlp.tables.value_goes_on`).

    >>> value_beside(["人数", "≥", "100人"], 1, {0, 1}), value_beside(["人数", "≥95%", "x"], 1, {0, 1})
    ('≥100人', '≥95%')
    >>> value_beside(["人数", "≥", "100", "人", "按实"], 1, {0}), value_beside(["户数", "3", "户"], 1, {0})
    ('≥100人', '3户')
    """
    if j is None or j >= len(row):
        return ""
    value = row[j]
    while j + 1 < len(row) and j + 1 not in named and row[j + 1] and value_goes_on(value, row[j + 1]):
        value, j = value + row[j + 1], j + 1  # ≥ | 100 | 人: one value
    return value


@functools.cache
def _direction_signs() -> dict[str, str]:
    """指标方向性 words → the sign they imply for a bare number (``value_words.yaml``)."""
    ops = (lexicon.value_words().get("operators") or {}).get("direction_column") or {}
    return {squash(str(k)): str(v) for k, v in ops.items()}


lexicon._CACHED.append(_direction_signs)


def direction_word(text: str) -> bool:
    """Whether ``text`` is a 指标方向性 word (``正向指标``, ``反向``, ``中性指标``:
    ``value_words.yaml``)."""
    t = squash(text)
    return t in _direction_signs()


def split_value_columns(header_line: str) -> dict | None:
    """The columns of a tab-separated grid header that names split value columns
    (计量单位, 指标性质 …) or columns of its own beside the indicator's (序号, 权重, 评分标准 …),
    else ``None``.

    Such templates (other provinces, the 2021 central one) are read by column position
    (:func:`read_split_grid`); the 7-column layout of the seeds keeps its own reader, which
    takes every cell after the name for a value or the other half.

    >>> split_value_columns("序号\\t一级指标\\t二级指标\\t三级指标\\t指标值")["name"]
    3
    >>> split_value_columns("一级指标\\t二级指标\\t三级指标\\t指标值\\t权重")["value"]
    3
    >>> split_value_columns("绩效指标\\t一级指标\\t二级指标\\t三级指标\\t指标值") is None
    True
    """
    cells = [clean_cell(c) for c in header_line.split("\t")]
    cols = header_columns(cells)
    if cols is None:
        return None
    parts = cols["halves"] if cols.get("grid") else [cols]
    split = any(k in part for part in parts for k in ("operator", "unit", "direction", "nature"))
    # a column that is none of the grid's (a category word in a header line is a layout slip)
    extra = any(c and column_of(c) is None and category_of(c) is None for c in cells)
    return cols if split or extra else None


def read_split_grid(lines: list[str], h: int, end: int, cols: dict, meta: dict, source: str,
                    table: int) -> tuple[list[dict], list[Rejected]]:
    """A tab-separated grid (text from PDF) whose header ``cols`` (:func:`split_value_columns`)
    names split value columns, read by column position like a spreadsheet; ``h`` is the
    header line, ``table`` the table's number, ``line`` of each row its line in ``lines``."""
    grid = [[clean_cell(c) for c in ln.split("\t")] for ln in lines[h:end]]
    rows: list[dict] = []
    rejects: list[Rejected] = []
    if cols.get("grid"):
        _read_grid(grid, 0, len(grid), cols, meta, source, table, rows, rejects)
    else:
        _read_tidy(grid, 0, len(grid), category_column(cols, grid[1:]), meta, source, table - 1, rows,
                   rejects)
    for r in rows:
        r["line"] += h
        r["table"] = table
    for i, rej in enumerate(rejects):
        rejects[i] = dataclasses.replace(rej, line=rej.line + h, table=table)
    return rows, rejects


def _rejects_for(source: str, table: int, line: int, reason: str, row: list[str]) -> Rejected:
    return Rejected(source, table, line, reason, redact(" | ".join(c for c in row if c))[:80])


def _base(source: str, table: int, line: int, meta: dict) -> dict:
    return {
        "source": source, "table": table, "line": line, "year": meta.get("year"),
        "project": redact(meta.get("project", "")), "department_code": meta.get("department_code", ""),
        "department": meta.get("department", ""), "implementer": meta.get("implementer", ""),
        "funds_total": meta.get("funds_total"), "funds_year": meta.get("funds_year"),
    }


def _ends_table(row: list[str]) -> bool:
    """A row no table goes on past: the 负责人 / 联系电话 footer (personal data, never a
    row), or the next table's title or header block (项目支出绩效目标表, 项目名称 …) when
    tables are stacked without a footer between them."""
    layout = lexicon.load_yaml("layout.yaml")
    first = next((c for c in row if c), "")
    if any(first.startswith(m) for m in layout["footer_markers"]) or any(names_a_person(c) for c in row if c):
        return True
    if _continued(row):
        return False
    return squash(first).rstrip(":：") in header_field_labels() or any(
        m in squash(c) for c in row if c for m in title_markers())


def _continued(row: list[str]) -> bool:
    """A row of one cell that notes the table goes on (`项目支出绩效目标表（续）`, `续表`, the
    title's `（2024年度）` again)."""
    cells = [c for c in row if c]
    return len(cells) == 1 and ("续" in cells[0] and grid_note(cells[0]) or year_note(cells[0]))


def _stray_rows(grid: list[list[str]], start: int, end: int, specs: list[dict],
                source: str, table: int, rejects: list[Rejected]) -> None:
    """Rows ``start:end`` after the row a table ended at (a footer, a title, a header label)
    that read as indicator rows (a name, and a value in the value column of one of the
    halves ``specs``): one reject each, so that a table ended by mistake loses no row
    without a word."""
    def reads_as_row(r: list[str], spec: dict) -> bool:
        n = r[spec["name"]] if spec["name"] < len(r) else ""
        v = r[spec["value"]] if spec["value"] < len(r) else ""
        return bool(n and v and value_like(v) and not value_like(n))

    for i in range(start, end):
        r = grid[i]
        if any(reads_as_row(r, spec) for spec in specs) and not any(names_a_person(c) for c in r if c) \
                and header_columns(r) is None and not _ends_table(r):
            reason = "指标行在表格结束之后 (an indicator row after the table's end, not read)"
            rejects.append(_rejects_for(source, table or 1, i + 1, reason, r))


def _named_columns(cols: dict, header: list[str]) -> set[int]:
    """The columns a grid's header names: those read (of each half) and any headed (权重 too)."""
    specs = cols.get("halves") or [cols]
    return {j for spec in specs for j in spec.values() if isinstance(j, int)} | {
        j for j, c in enumerate(header) if c}


def _read_grid(grid, h, end, cols, meta, source, table, rows, rejects) -> None:
    carried: list[dict] = [{}, {}]
    l1 = ""
    out: list[list[dict]] = [[], []]
    named = _named_columns(cols, grid[h])
    categorized = any("l1_declared" in s or "l2_declared" in s for s in cols["halves"])
    for i in range(h + 1, end):
        r = grid[i]
        if not any(r) or _continued(r):
            continue
        if _ends_table(r):
            _stray_rows(grid, i + 1, end, cols["halves"], source, table, rejects)
            break
        section = None if categorized else section_levels(r)
        if section is not None and _second_section(section, l1, [half.get("l2", "") for half in carried]):
            section = {"l2_declared": section["l1_declared"]}  # 满意度指标 twice: its 二级
        if section is not None:  # a row of one category word heads the rows below it
            l1 = section.get("l1_declared", l1)
            for half in carried:
                half["l2"] = section["l2_declared"]
            continue
        for half_idx, spec in enumerate(cols["halves"]):
            def cell(key: str, r=r, spec=spec) -> str:
                j = spec.get(key)
                return r[j] if j is not None and j < len(r) else ""

            one, two = declared_levels(cell("l1_declared"), cell("l2_declared"))
            if one and (half_idx == 0 or one != cell("l1_declared")):
                l1 = one
            if two:
                carried[half_idx]["l2"] = two
            name, value = cell("name"), value_beside(r, spec.get("value"), named)
            if not name and not value:
                continue
            composed, parts = composed_value(value, cell("operator"), cell("nature"), cell("unit"),
                                          cell("direction"), name)
            rec = _base(source, table, i + 1, meta)
            rec.update({
                "half": HALVES[half_idx], "l1_declared": l1,
                "l2_declared": carried[half_idx].get("l2", carried[0].get("l2", "")),
                "name": redact(name), "value": redact(composed),
                "value_direction": redact(cell("direction")), "value_nature": redact(cell("nature")),
                **{k: redact(v) for k, v in parts.items()},
            })
            out[half_idx].append(rec)
    rows.extend(out[0] + out[1])


def _read_tidy(grid, h, end, cols, meta, source, table, rows, rejects) -> int:
    keys: dict[tuple, int] = {}
    carried: dict[tuple, str] = {}
    named = _named_columns(cols, grid[h])
    categorized = "l1_declared" in cols or "l2_declared" in cols  # (else a category row heads a section)
    for i in range(h + 1, end):
        r = grid[i]
        if not any(r) or _continued(r):
            continue
        if _ends_table(r):
            _stray_rows(grid, i + 1, end, [cols], source, table, rejects)
            break

        def cell(key: str, r=r) -> str:
            j = cols.get(key)
            return r[j] if j is not None and j < len(r) else ""

        name, value = cell("name"), value_beside(r, cols.get("value"), named)
        row_meta = dict(meta)
        for k in ("project", "department", "implementer"):
            if cell(k):
                row_meta[k] = cell(k)
        if cell("year"):
            m = re.search(r"\d{4}", cell("year"))
            row_meta["year"] = int(m.group(0)) if m else None
        for k in ("funds_total", "funds_year"):
            if cell(k):
                row_meta[k] = parse_amount(cell(k))
        if row_meta.get("department"):
            code, dept = split_department(row_meta["department"])
            if code:
                row_meta["department_code"], row_meta["department"] = code, dept
        tkey = (row_meta.get("project", ""), row_meta.get("department", ""))
        # merged category cells come out blank below their first row; a row of one category
        # word (`产出指标` across the row) heads the rows below it
        section = None if categorized else section_levels(r)
        if section is not None and _second_section(section, carried.get((tkey, "l1_declared"), ""),
                                                   [carried.get((tkey, "l2_declared"), "")]):
            section = {"l2_declared": section["l1_declared"]}  # 满意度指标 twice: its 二级
        levels = section or dict(zip(
            ("l1_declared", "l2_declared"), declared_levels(cell("l1_declared"), cell("l2_declared")),
            strict=True))
        # a row of category cells only (`效益指标 | 经济效益指标 | | `) holds no indicator
        if not name and not value and not (any(levels.values()) and all(
                category_cell(c) for c in r if c and c.strip())):
            reason = "三级指标和指标值均为空 (empty name and value)"
            rejects.append(_rejects_for(source, table or 1, i + 1, reason, r))
            continue
        for k, declared in levels.items():
            if declared or section:
                carried[(tkey, k)] = declared
        if section or not name and not value:
            continue
        if tkey not in keys:
            keys[tkey] = table + len(keys) + 1
        half = cell("half") or meta.get("half") or cols.get("default_half", HALVES[0])
        if half not in HALVES:
            half = "年度" if "年" in half else "实施期"
        composed, parts = composed_value(value, cell("operator"), cell("nature"), cell("unit"),
                                          cell("direction"), name)
        rec = _base(source, keys[tkey], i + 1, row_meta)
        if "actual" in cols:  # a self-evaluation's achieved value, beside the target
            rec["value_actual"] = redact(cell("actual"))
        rec.update({
            "half": half, "l1_declared": carried.get((tkey, "l1_declared"), ""),
            "l2_declared": carried.get((tkey, "l2_declared"), ""),
            "name": redact(name), "value": redact(composed),
            "value_direction": redact(cell("direction")), "value_nature": redact(cell("nature")),
            **{k: redact(v) for k, v in parts.items()},
        })
        rows.append(rec)
    return table + len(keys)
