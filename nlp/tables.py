"""Documents and spreadsheets → one tidy row per indicator row per half.

Text extracted from PDF comes in two layouts (see ``shared/TAXONOMY.md`` §1):

* tab-separated cells, one grid row per line, cells sometimes shifted;
* space-separated cells, where a long cell wraps over several lines and the
  left (实施期) and right (年度) halves follow each other block by block.

Both are read the same way: the grid is turned into a stream of *category
markers* (一级/二级 cells, recognised from the taxonomy's spellings, even when
wrapped or glued to the next cell) and *cells*; cells are paired into
(name, value) and assigned to halves using the order of the markers and the
fact that both halves usually repeat each other.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nlp import lexicon
from nlp.documents import DOCUMENT_SUFFIXES, decode_text, names_a_person, redact
from nlp.errors import InputError

COLUMNS = [
    "source", "table", "line", "year", "project", "department_code", "department",
    "implementer", "funds_total", "funds_year", "half", "l1_declared", "l2_declared",
    "name", "value",
]
# parts of a value kept when a spreadsheet splits it over columns (see nlp.spreadsheets)
EXTRA_COLUMNS = ["value_operator", "value_number", "value_unit", "value_direction", "value_nature",
                 "value_actual"]
REJECT_COLUMNS = ["source", "table", "line", "reason", "text"]
HALVES = ("实施期", "年度")

_STRONG_VALUE = re.compile(r"^(?:[≥≤><=＞＜＝≧≦]|\d[\d.,]*(?:%|％)?$)")
_OPERATOR_START = re.compile(r"^(?:[≥≤><=＞＜＝≧≦]|>=|<=|=>|大于|小于|不低于|不少于|不超过|不高于|达到|至少)")
_NUMBERISH = re.compile(r"^[约≥≤><=＞＜＝≧≦~～\-—+]*\d[\d.,，．]*")
_GLUED_VALUE = re.compile(r"(?<=[\u4e00-\u9fff）)])(?=[≥≤＞＜≧≦]|>=|<=)")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")
_YEAR = re.compile(r"[（(]\s*(\d{4})\s*(?:年度?\s*[）)]|[）)]\s*年)")
_FUNDS = re.compile(r"实施期资金总额[：:]\s*([\d,，.]+)?.*?年度资金总额[：:]\s*([\d,，.]+)?")
_TITLE_LIKE = re.compile(r".{0,40}绩效.{0,20}表")  # a table's title we do not know (专项资金绩效目标表)
_MID_PHRASE = re.compile(r"[、，,（(和与及的]$")  # a cell's text stopped mid-phrase: it wrapped
_DEPT = re.compile(r"^\s*(\d{2,})\s*[-－—]\s*(.+?)\s*$")


def squash(text: str) -> str:
    """Remove every whitespace character (cells are compared this way)."""
    return "".join(text.split())


def clean_cell(text: str) -> str:
    """Join a cell's pieces: no spaces next to Chinese characters, single spaces elsewhere."""
    text = " ".join(text.split())
    return _CJK_SPACE.sub("", text)


def split_department(text: str) -> tuple[str, str]:
    """``409-长治市上党区自然资源局`` → code and name (no code: ``""`` and the text).

    >>> split_department("409-长治市上党区自然资源局")
    ('409', '长治市上党区自然资源局')
    """
    m = _DEPT.match(text)
    return (m.group(1), m.group(2)) if m else ("", text)


# --------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Rejected:
    """A piece of a document that could not be read as an indicator row."""

    source: str
    table: int
    line: int
    reason: str
    text: str


@dataclass
class TableHeader:
    """The header block of one project table."""

    table: int
    line: int
    year: int | None = None
    project: str = ""
    department_code: str = ""
    department: str = ""
    implementer: str = ""
    funds_total: float | None = None
    funds_year: float | None = None
    half: str = ""  # the half of a table whose title decides it (a department's annual table)


@dataclass
class Extraction:
    """Result of reading documents: rows, rejects and per-file counts."""

    rows: pd.DataFrame
    rejects: pd.DataFrame
    counts: pd.DataFrame = field(default_factory=pd.DataFrame)


# --------------------------------------------------------------------------
# Lexicon helpers


def _layout() -> dict:
    return lexicon.load_yaml("layout.yaml")


@functools.cache
def _field_label_re() -> re.Pattern[str]:
    labels = sorted(_layout()["header_fields"], key=len, reverse=True)
    return re.compile(rf"\s*(?:{'|'.join(map(re.escape, labels))})(?:[\s:：]|$)")


lexicon._CACHED.append(_field_label_re)


def opens_header_field(text: str) -> bool:
    """Whether a line or cell opens with a header-block label (``layout.yaml``
    header_fields) as a word of its own: then a separator or the end (`项目名称\\t甲`,
    `主管部门及代码 409-…`, `项目名称：甲`), not the start of an indicator's name.

    >>> opens_header_field("项目名称\t甲"), opens_header_field("主管部门：某局")
    (True, True)
    >>> opens_header_field("\t\t主管部门满意度\t≥90%")
    False
    """
    return _field_label_re().match(text) is not None


def _category_forms() -> dict[str, tuple[str, str]]:
    """squashed spelling → (level, canonical); includes truncated ``…指`` forms."""
    forms: dict[str, tuple[str, str]] = {}
    for sp, name in lexicon.l1_spellings().items():
        forms[sp] = ("l1", name)
    for sp, code in lexicon.l2_spellings().items():
        forms.setdefault(sp, ("l2", code))
    return forms


_FORMS: dict[str, tuple[str, str]] | None = None
_LONG_FORMS: list[str] = []
_SHORT_L2: list[str] = []
_UNITS: re.Pattern[str] | None = None
_VALUE_WORDS: frozenset[str] = frozenset()
_VALUE_SUFFIX: re.Pattern[str] | None = None
_NAME_END: frozenset[str] = frozenset()
_BAD_VALUE_START: frozenset[str] = frozenset()


def _init() -> None:
    global _FORMS, _LONG_FORMS, _SHORT_L2, _UNITS, _VALUE_WORDS, _VALUE_SUFFIX, _NAME_END, _BAD_VALUE_START
    if _FORMS is not None:
        return
    forms = _category_forms()
    # Truncated spellings (`服务对象满意度指`) occur when a PDF cell is cut.
    for sp, val in list(forms.items()):
        if sp.endswith("指标") and len(sp) >= 5:
            forms.setdefault(sp[:-1], val)
    _FORMS = forms
    # Only spellings ending in 指标/指 may be split off the front of a longer
    # piece: short ones (数量, 质量) start ordinary indicator names.
    _LONG_FORMS = sorted((s for s in forms if s.endswith(("指标", "指"))), key=len, reverse=True)
    _SHORT_L2 = sorted((s for s, v in forms.items() if v[0] == "l2" and s not in _LONG_FORMS),
                       key=len, reverse=True)
    lay = _layout()
    units = sorted(lay["unit_tokens"], key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    # compound units too: 元/人/月, 元/人/ (wrapped), 万元/公里
    _UNITS = re.compile(
        rf"^(?:{unit_alt})(?:/(?:{unit_alt}|[\u4e00-\u9fff]{{1,3}}))*/?(?:[)）]|以上|以下|以内)?$"
    )
    _VALUE_WORDS = frozenset(lay["value_words"])
    _NAME_END = frozenset(lay["name_end_chars"])
    _BAD_VALUE_START = frozenset(lay["value_never_starts_with"])
    sfx = sorted(lay["value_suffixes"], key=len, reverse=True)
    _VALUE_SUFFIX = re.compile("(?:" + "|".join(re.escape(s) for s in sfx) + ")$")


# numbering before a category cell (`（一）`, `一、`, `1.`, `(1)`, `①`) and a colon after it
_CATEGORY_NUMBER = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]"
                              r"|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．)）]|[①-⑳])|[:：]$")


def without_numbering(text: str) -> str:
    """A category cell without the numbering other templates put before it and a colon
    after it: `（一）产出指标` → `产出指标`, `2.时效指标：` → `时效指标`."""
    return _CATEGORY_NUMBER.sub("", text)


def category_of(piece: str) -> tuple[str, str] | None:
    """(level, canonical) when ``piece`` is a 一级/二级 cell, else ``None``.

    >>> category_of("服务对象满意度指标")
    ('l2', 'satisfaction.service')
    >>> category_of("产出 指标"), category_of("（一）产出指标"), category_of("1.数量指标")
    (('l1', '产出指标'), ('l1', '产出指标'), ('l2', 'output.quantity'))
    >>> category_of("参会代表人数") is None
    True

    Other provinces' forms mark a required field (`数量指标*`), add a note
    (`成本指标（必填硬性指标）`) or a trailing 等, head the cell 数量值, or print traditional
    characters (`數量指標`), as ``nlp.train.declared_code`` reads a declared cell:

    >>> category_of("数量指标*"), category_of("成本指标(必填硬性指标)"), category_of("時效指標")
    (('l2', 'output.quantity'), ('l2', 'cost'), ('l2', 'output.timeliness'))
    >>> category_of("服务对象满意度指标等"), category_of("经济效益值")
    (('l2', 'satisfaction.service'), ('l2', 'benefit.economic'))
    >>> category_of("质量(合格率)"), category_of("产值"), category_of("项目等")
    (None, None, None)
    """
    _init()
    assert _FORMS is not None
    s = squash(piece)
    hit = _FORMS.get(s) or _FORMS.get(without_numbering(s))
    if hit is None and len(s) <= 24 and ("指" in s or s.endswith(("值", "等"))):
        hit = _marked_category(s)
    return hit


# a mark of a required field around a category cell, and a note after it
_CATEGORY_MARKS = re.compile(r"[★☆*＊※]")
_CATEGORY_NOTE = re.compile(r"[(（][^()（）]*[)）]$")


@functools.lru_cache(maxsize=4096)
def _marked_category(s: str) -> tuple[str, str] | None:
    """:func:`category_of` of a squashed cell with a required-field mark, a bracketed note
    after a spelling ending in 指标, a trailing 等 after one, a trailing 值 after a 二级
    spelling, or traditional characters (``None`` when still none)."""
    from nlp.script import simplified

    assert _FORMS is not None
    plain = without_numbering(simplified(_CATEGORY_MARKS.sub("", s)))
    hit = _FORMS.get(plain)
    if hit is None:
        bare = _CATEGORY_NOTE.sub("", plain)
        if bare != plain and bare.endswith("指标"):
            hit = _FORMS.get(bare)
    if hit is None and plain.endswith("指标等"):  # 服务对象满意度指标等
        hit = _FORMS.get(plain[:-1])
    if hit is None and plain.endswith("值") and len(plain) > 2:  # a template heads it 数量值
        hit = _FORMS.get(plain[:-1])
        hit = hit if hit is not None and hit[0] == "l2" else None
    return hit


lexicon._CACHED.append(_marked_category)


def category_cell(piece: str) -> bool:
    """Whether ``piece`` is a category cell: one level (`数量指标`) or both (`产出指标-数量指标`).

    >>> category_cell("数量指标"), category_cell("产出指标-数量指标"), category_cell("培训人数")
    (True, True, False)
    """
    return category_of(piece) is not None or compound_category(piece) is not None


def compound_category(piece: str) -> tuple[str, str] | None:
    """(一级, 二级) of a cell that names both levels (`产出指标-数量指标`, `效益指标/社会效益指标`,
    `产出指标：时效指标`), as templates with one category column write it; else ``None``.

    >>> compound_category("产出指标-数量指标"), compound_category("效益指标／社会效益")
    (('产出指标', '数量指标'), ('效益指标', '社会效益'))
    >>> compound_category("数量指标") is None, compound_category("培训-人数") is None
    (True, True)
    >>> compound_category("满意度指标-满意度指标")  # a 一级 of one 二级, named twice
    ('满意度指标', '满意度指标')
    """
    parts = [p.strip() for p in re.split(r"\s*[-－—–/／:：|｜>＞→]+\s*", piece.strip()) if p.strip()]
    if len(parts) != 2:
        return None
    first, second = category_of(parts[0]), category_of(parts[1])
    if first is None or second is None or first[0] != "l1":
        return None
    if second[0] == "l2" or (second == first and sole_l2(first[1]) is not None):
        return parts[0], parts[1]
    return None


def value_like(piece: str) -> bool:
    """Whether a cell text has the shape of an indicator value (`≥90%`, `51万`, `及时`).

    >>> [value_like(x) for x in ["≥193人", "51万", "及时", "年底前", "参会代表人数"]]
    [True, True, True, True, False]
    """
    _init()
    s = squash(piece)
    if not s:
        return False
    if s in _VALUE_WORDS:
        return True
    if _OPERATOR_START.match(s):
        return True
    m = _NUMBERISH.match(s)
    if m:
        rest = s[m.end():]
        if not rest or len(rest) <= 6:
            return True
    if len(s) <= 10 and _VALUE_SUFFIX is not None and _VALUE_SUFFIX.search(s):
        return bool(re.search(r"\d|年|月|日|百分之", s)) or s.endswith(("以上", "以下", "以内"))
    if re.match(r"^\d{4}年", s) and len(s) <= 16:
        return True
    return False


# --------------------------------------------------------------------------
# Documents → tables


def read_tables(paths: str | Path | Iterable[str | Path]) -> pd.DataFrame:
    """Read performance-target tables from documents into tidy rows.

    Parameters
    ----------
    paths : path or iterable of paths
        Text extracted from PDF (``.txt``), spreadsheets (``.xlsx``, ``.csv``)
        or PDF files.

    Returns
    -------
    pandas.DataFrame
        One row per indicator row per half, columns :data:`COLUMNS`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> doc = "项目支出绩效目标表\\n（2024年度）\\n项目名称 会议经费\\n" \\
    ...       "一级指标 二级指标 三级指标 指标值 二级指标 三级指标 指标值\\n" \\
    ...       "产出指标 数量指标 参会人数 ≥193 人 数量指标 参会人数 ≥193 人\\n"
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "doc.txt"
    >>> _ = p.write_text(doc, encoding="utf-8")
    >>> read_tables(p)[["half", "l2_declared", "name", "value"]].values.tolist()
    [['实施期', '数量指标', '参会人数', '≥193人'], ['年度', '数量指标', '参会人数', '≥193人']]
    """
    return extract(paths).rows


def document_paths(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """The documents ``paths`` name, each with the source name its rows carry.

    A folder stands for the documents in it and in its subfolders (:data:`DOCUMENT_SUFFIXES`,
    sorted; hidden files and Office lock files ``~$…`` left out); their source is the path
    under the folder (``县A/目标表.xlsx``), so files of one name in two subfolders stay apart.
    A file named directly is read whatever its kind, its source its name.

    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for f in ("a.txt", "县A/表.xlsx", "县B/表.xlsx", "图.png", "县A/~$表.xlsx"):
    ...     (d / f).parent.mkdir(exist_ok=True); _ = (d / f).write_text("x")
    >>> [source for _, source in document_paths([d])]
    ['a.txt', '县A/表.xlsx', '县B/表.xlsx']
    """
    out: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append((p, p.name))
            continue
        found = [(f, f.relative_to(p)) for f in sorted(p.rglob("*"))]
        found = [(f, rel.as_posix()) for f, rel in found
                 if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
                 and not any(part.startswith((".", "~$")) for part in rel.parts)]
        out.extend(found or [(p, p.name)])  # an empty folder: an error naming it when read
    return out


def extract(
    paths: str | Path | Iterable[str | Path], progress: bool = False, keep_going: bool = False
) -> Extraction:
    """Like :func:`read_tables`, also returning rejects and per-file counts.

    A folder stands for the documents in it and its subfolders (:func:`document_paths`).
    With ``keep_going`` a file that cannot be read is reported in
    ``counts["error"]`` instead of raising :class:`~nlp.errors.InputError`; so is a file
    a reader fails on unexpectedly (a bug: the message says so), so that one file does not
    stop a batch of thousands.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    rows: list[dict] = []
    rejects: list[Rejected] = []
    counts: list[dict] = []
    docs = document_paths(paths)
    it: Iterable[tuple[Path, str]] = docs
    if progress and len(docs) > 1:
        from tqdm import tqdm

        it = tqdm(docs, desc="extract", unit="file")
    for path, source in it:
        try:
            file_rows, file_rejects, n_tables = read_document(path)
        except Exception as exc:  # noqa: BLE001 - one file's failure must not stop a batch
            if not keep_going:
                raise
            said = redact(str(exc))[:200]  # a message may quote a cell: no name or phone in it
            error = str(exc) if isinstance(exc, InputError) else (
                f"{path}: not read, an error in jixiao's reader ({type(exc).__name__}: {said}); "
                "please report it with the file")
            counts.append({"source": source, "tables": 0, "read": 0, "extracted": 0,
                           "rejected": 0, "error": error})
            continue
        if source != path.name:  # a file of a folder: its path under the folder
            def renamed(name: str, path: Path = path, source: str = source) -> str:
                return source + name[len(path.name):] if name.startswith(path.name) else name

            for r in file_rows:
                r["source"] = renamed(r["source"])
            file_rejects = [dataclasses.replace(j, source=renamed(j.source)) for j in file_rejects]
        rows.extend(file_rows)
        rejects.extend(file_rejects)
        counts.append({
            "source": source, "tables": n_tables,
            "read": len(file_rows) + len(file_rejects),
            "extracted": len(file_rows), "rejected": len(file_rejects), "error": "",
        })
    extra = [c for c in EXTRA_COLUMNS if any(c in r for r in rows)]
    df = pd.DataFrame(rows, columns=COLUMNS + extra)
    for c in extra:
        df[c] = df[c].fillna("")
    for col in ("funds_total", "funds_year"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    df["year"] = pd.array(df["year"], dtype="Int64")
    df["table"] = df["table"].astype("int64")
    df["line"] = df["line"].astype("int64")
    rej = pd.DataFrame([dataclasses.asdict(r) for r in rejects], columns=REJECT_COLUMNS)
    return Extraction(df, rej, pd.DataFrame(counts))


def read_document(path: Path) -> tuple[list[dict], list[Rejected], int]:
    """Rows, rejects and the number of tables of one document."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".et", ".csv", ".tsv", ".docx", ".doc", ".wps", ".html", ".htm"):
        from nlp.spreadsheets import read_spreadsheet

        return read_spreadsheet(path)
    if suffix == ".pdf":
        from nlp.pdf import read_pdf

        return read_pdf(path)
    text = decode_text(path)
    return read_text(text, source=path.name)


def read_text(text: str, source: str = "<text>") -> tuple[list[dict], list[Rejected], int]:
    """Parse the text of a document (PDF extraction) into rows and rejects."""
    from nlp.spreadsheets import (  # it imports this module
        read_split_grid,
        split_value_columns,
        two_row_header,
    )

    _init()
    page_number = _page_number_re()
    from nlp.stacked import as_rows

    lines = _group_headers_joined(as_rows([("" if len(ln) <= 40 and page_number.fullmatch(ln.strip()) else ln)
                                           for ln in map(_pipe_row, text.splitlines())]))
    starts = _table_starts(lines)
    if not starts:
        raise InputError(f"{source}: no performance-target table (项目支出绩效目标表) found")
    rows: list[dict] = []
    rejects: list[Rejected] = []
    ends = [*starts[1:], len(lines)]
    grids = [_grid_span(lines, start, end) for start, end in zip(starts, ends, strict=True)]
    floor, align, own_cells = _document_layout(lines, grids)
    weight = _document_weight(lines, grids)
    for k, (start, end, grid) in enumerate(zip(starts, ends, grids, strict=True)):
        header = _read_header(lines, start, end, table=k + 1)
        if grid is None:
            rejects.append(Rejected(source, k + 1, start + 1, "表头后未找到指标表格 (no indicator grid)",
                                    redact(clean_cell(lines[start]))[:80]))
            continue
        g0, g1 = grid
        body = lines[g0:g1]
        single = _single_half(lines[g0 - 1], header)
        if single is not None and _mirrored(body):
            single = None
        tabbed = any("\t" in ln for ln in body) or "\t" in lines[g0 - 1]
        if not tabbed and any(grid_note(ln) for ln in body if ln.strip()):
            # a note of the page (续表, 单位：万元) inside a space grid: no indicator
            lines = [*lines[:g0], *("" if ln.strip() and grid_note(ln) else ln for ln in body), *lines[g1:]]
        if not tabbed and (aligned := _space_split_grid(lines, g0, g1, align, own_cells)) is not None:
            # a space-separated grid of split value columns (the 2021 template's 指标性质 |
            # 指标值 | 度量单位 as PDF text without tabs): its lines laid out as tab cells
            lines, tabbed = aligned, True
        split = split_value_columns(lines[g0 - 1]) if tabbed else None
        if tabbed and g0 < g1:  # `指标值` over `计算符号 | 数值 | 计量单位` on the next line
            merged = two_row_header([clean_cell(c) for c in lines[g0 - 1].split("\t")],
                                    [clean_cell(c) for c in lines[g0].split("\t")])
            if merged is not None and (two := split_value_columns("\t".join(merged))) is not None:
                split, g0 = two, g0 + 1
        if split is not None:
            # another template: operator / unit / nature in columns of their own
            found, rej_split = read_split_grid(lines, g0 - 1, g1, split, dataclasses.asdict(header),
                                               source, k + 1)
            rows.extend(found)
            rejects.extend(rej_split)
            continue
        if tabbed:
            recs, rej = _parse_tab_grid(lines, g0 - 1, g1)
        else:
            recs, rej = _parse_space_grid(*_without_extra_columns(lines, g0, g1, weight), g0, g1,
                                          single is not None, floor, align)
        if single is not None and not (tabbed and any(r["half"] == HALVES[1] for r in recs)):
            for rec in recs:  # (a tab grid whose rows hold two halves keeps them)
                rec["half"] = single
        recs.sort(key=lambda r: HALVES.index(r["half"]))  # stable: table order within a half
        for rec in recs:
            rows.append(_row(source, header, rec))
        for ln, reason, txt in rej:
            rejects.append(Rejected(source, k + 1, ln, reason, redact(txt)[:80]))
        for i in _stray_rows(lines, start, g0 - 1, g1, end):
            cells = " | ".join(c.strip() for c in lines[i].split("\t") if c.strip())
            rejects.append(Rejected(source, k + 1, i + 1, "指标行在表格之外 (an indicator row outside "
                                    "the table's grid, not read)", redact(cells)[:80]))
    return rows, rejects, len(starts)


def _stray_rows(lines: list[str], start: int, head: int, g1: int, end: int) -> list[int]:
    """Lines of a table's span outside its grid (the header block above the grid header
    ``head``, the lines after the grid's end ``g1``) that read as indicator rows: a category
    cell first (产出指标, 数量指标 …), then a name and a value. A safety net: a table cut
    short by a reader's mistake loses no row without a word.

    >>> _stray_rows(["项目名称 甲", "一级指标 二级指标 三级指标 指标值", "产出指标 数量指标 人数 5人",
    ...              "负责人：", "效益指标\t社会效益指标\t覆盖率\t100%"], 0, 1, 3, 5)
    [4]
    """
    out = []
    for i in [*range(start, head), *range(g1, end)]:
        tabbed = "\t" in lines[i]
        if not tabbed and "指标" not in lines[i]:
            continue
        cells = [c for c in (lines[i].split("\t") if tabbed else lines[i].split()) if c.strip()]
        if len(cells) >= 3 and category_of(cells[0]) is not None and value_like(cells[-1]) \
                and not value_like(cells[-2]) and category_of(cells[-2]) is None \
                and (tabbed or "指标" in cells[0]) and "。" not in lines[i]:
            out.append(i)  # (a wrapped sentence may open with 满意度: no sentence is a row)
    return out


_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:\-—]*$")


def _pipe_row(line: str) -> str:
    """A row of a Markdown table (`| 产出指标 | 数量指标 | 人数 | 5人 |`, as a table typed by
    hand or copied from a web page) as tab cells; its rule line (`|---|---|`) as a blank.

    >>> _pipe_row("| 产出指标 | 数量指标 | 人数 | 5人 |"), _pipe_row("|---|:--:|"), _pipe_row("a | b")
    ('产出指标\\t数量指标\\t人数\\t5人', '', 'a | b')
    """
    m = _PIPE_ROW.match(line) if "|" in line else None
    if m is None:
        return line
    if _PIPE_RULE.fullmatch(m.group(1)):
        return ""
    return "\t".join(c.strip() for c in m.group(1).split("|"))


def _space_split_grid(lines: list[str], g0: int, g1: int, align: Alignment | None = None,
                      own_cells: OwnCells | None = None) -> list[str] | None:
    """``lines`` with the space-separated grid ``g0:g1`` laid out as tab cells when its
    header (line ``g0 - 1``) names an operator, 指标性质 or unit column between or after the
    name and value (``None`` otherwise: the seeds' space reader keeps the other forms).

    A row with a cell for every column from the name on is read by position. Another is
    read from its left: category cells (blank ones are merged), the name up to
    the comparison (`≥`, `＝`, `定性` in the operator or 指标性质 column; else up to the first
    cell shaped as a value), the value, then a unit the units lexicon knows; cells after
    them (权重, 评分标准 …) are dropped. A line with no name and value stays as it is (the
    split reader rejects it with its line).

    >>> lines = ["一级指标 二级指标 三级指标 指标性质 指标值 度量单位 权重",
    ...          "产出指标 数量指标 养护里程 ≥ 120 公里 10", " 质量指标 验收合格率 ＝ 100 % 10",
    ...          "效益指标 社会效益指标 群众出行便利度 定性 明显提升 10",
    ...          "满意度指标 服务对象满意度 服务对象满意度 ≥ 90 % 10", " 时效指标 完成时间 10 月底完成 10"]
    >>> [ln.split("\\t") for ln in _space_split_grid(lines, 1, 6)[1:]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [['产出指标', '数量指标', '养护里程', '≥', '120', '公里', '10'],
     ['', '质量指标', '验收合格率', '＝', '100', '%', '10'],
     ['效益指标', '社会效益指标', '群众出行便利度', '定性', '明显提升', '', '10'],
     ['满意度指标', '服务对象满意度', '服务对象满意度', '≥', '90', '%', '10'],
     ['', '时效指标', '完成时间', '', '10', '月底完成', '10']]
    """
    from nlp.spreadsheets import column_of, split_value_columns

    header, below = lines[g0 - 1].split(), lines[g0].split() if g0 < g1 else []
    below_keys = [column_of(c) for c in below]
    sub_header = False
    if below and set(below_keys) <= {"operator", "unit", "value", "direction", "nature"} \
            and "value" in below_keys:
        # `指标值` split on the next line (`计算符号 数值 计量单位`): those cells stand for it
        at = next((j for j, c in enumerate(header) if column_of(c) == "value"), None)
        if at is not None:
            header, sub_header = header[:at] + below + header[at + 1:], True
    cols = split_value_columns("\t".join(header))
    if cols is None or cols.get("grid"):
        return None
    between = cols["value"] - cols["name"] > 1  # 指标性质, 评分标准 … between name and value
    # columns of its own after the value (a self-evaluation's 实际完成值 分值 得分 …), more
    # than the one trailing weight the seeds' reader drops
    own = [c for c in header[cols["value"] + 1:] if column_of(c) is None]
    after = len(own) > 1 or (own and own[0] not in _layout()["space_grid_extra_columns"]["trailing"])
    if not (between or after) and not any(k in cols for k in ("operator", "nature", "unit", "direction")):
        return None
    name, value = cols["name"], cols["value"]
    comparison = next((cols[k] for k in ("operator", "nature") if name < cols.get(k, -1) < value), None)
    unit = cols.get("unit") if name < cols.get("unit", -1) else None
    out = list(lines)
    out[g0 - 1] = "\t".join(header)
    if sub_header:
        out[g0] = ""
    # columns of its own at the right end (权重, 分值): a number there is theirs
    trailing = len(header) - max(v for k, v in cols.items() if isinstance(v, int)) - 1
    lines = _categories_rejoined(lines, g0 + sub_header, g1)
    out[g0 + sub_header:g1] = lines[g0 + sub_header:g1]
    # a name and a number alone are a name and its weight, the value left blank
    weight = _grid_weight(lines[g0 + sub_header:g1]) if trailing else None
    rows: dict[int, list[str]] = {}
    lines, marked = _without_constant_cells(lines, g0 + sub_header, g1, cols, len(header), own_cells)
    for j in range(g0 + sub_header, g1):
        cells = _aligned_cells(lines[j].split(), cols, len(header), comparison, unit, trailing, weight)
        if cells is None and j in marked:  # a name beside the constant cell: a row, its value blank
            cells = [""] * len(header)
            cells[name] = clean_cell(" ".join(lines[j].split()))
        if cells is not None:
            rows[j] = cells
    joined = _join_wrapped(rows, lines, g0 + sub_header, g1, (name, value), align)
    for j in joined:
        out[j] = ""
    for j in range(g0 + sub_header, g1):  # a whole name alone on its line: a row, its value blank
        piece = lines[j].split()
        if j not in rows and j not in joined and len(piece) == 1 and _whole_name(piece[0]):
            rows[j] = [""] * len(header)
            rows[j][name] = clean_cell(piece[0])
    for j, cells in rows.items():
        out[j] = "\t".join(cells)
    return out


def _category_keys(tokens: list[str]) -> list[str]:
    """The columns (``l1_declared`` / ``l2_declared``) of a row's first cells that are category
    cells (`产出指标`; `产出指标-数量指标` is a 二级 cell, split when read): a second 二级 word
    is the name (`服务对象满意度` under 服务对象满意度指标); a 一级 word again after itself is
    its 二级 where that 一级 has one 二级 only (`满意度指标 满意度指标`, both cells filled).

    >>> _category_keys(["满意度指标", "服务对象满意度指标", "服务对象满意度", "%", "100"])
    ['l1_declared', 'l2_declared']
    >>> _category_keys(["满意度指标", "满意度指标", "职工满意度", "≥90%"])
    ['l1_declared', 'l2_declared']
    """
    keys: list[str] = []
    for k, token in enumerate(tokens):
        if not category_cell(token):
            break
        kind = category_of(token)
        key = "l1_declared" if kind is not None and kind[0] == "l1" else "l2_declared"
        if keys == [key] == ["l1_declared"] and kind == category_of(tokens[k - 1]) \
                and sole_l2(kind[1]) is not None:
            key = "l2_declared"
        if key in keys:
            break
        keys.append(key)
    return keys


@dataclass
class OwnCells:
    """The texts that fill the columns of a document's space grids' own (评分标准, 指标值说明,
    指标解释) in their rows that have every cell (``texts``, of ``full`` such rows), counted
    before the grids are read; ``known``: those that fill them in three rows or more and in
    three in five of such rows, not shaped as values (:func:`_without_constant_cells`)."""

    full: int = 0
    texts: Counter = field(default_factory=Counter)
    known: frozenset[str] = frozenset()
    settled: bool = False

    def settle(self) -> None:
        self.known = frozenset(t for t, n in self.texts.items()
                               if n >= 3 and n >= 0.6 * self.full and not value_like(t))
        self.settled = True


def _without_constant_cells(lines: list[str], g0: int, g1: int, cols: dict, width: int,
                            own_cells: OwnCells | None = None) -> tuple[list[str], set[int]]:
    """``lines`` with, on the lines of grid ``g0:g1`` that lack a cell (a value left blank),
    the text that a column of the grid's own (评分标准, 指标值说明, 指标解释; no name, value,
    operator or unit column) holds in most rows, taken out: space text prints nothing for the
    blank cell, so `培训人数(人) 完成得满分` read the 评分标准 as the value. The text must fill
    that column in three rows or more and in three in five of the rows that have every cell,
    and not be shaped as a value: in this grid, or in the document's (``own_cells``, counted
    before: a table whose values are all blank has no row with every cell). Also the lines
    that held such a text: each is a row's line.

    >>> _without_constant_cells(["三级指标 评分标准 指标值", "人数 完成得满分 5人", "面积 完成得满分 3亩",
    ...                          "里程 完成得满分 2公里", "长度(米) 完成得满分"], 1, 5,
    ...                         {"name": 0, "value": 2}, 3)[0][4]
    '长度(米)'
    """
    named = {v for v in cols.values() if isinstance(v, int)}
    own = [c for c in range(cols["name"] + 1, width) if c not in named]
    if not own:
        return lines, set()
    full, texts = 0, Counter()
    for j in range(g0, g1):
        tokens = lines[j].split()
        rest = tokens[len(_category_keys(tokens)):]
        if len(rest) == width - cols["name"]:
            full += 1
            texts.update(rest[c - cols["name"]] for c in own)
    constant = {t for t, n in texts.items() if n >= 3 and n >= 0.6 * full and not value_like(t)}
    if own_cells is not None:
        if not own_cells.settled:  # counting, before the grids are read
            own_cells.full += full
            own_cells.texts.update(texts)
        constant |= own_cells.known
    if not constant:
        return lines, set()
    out, marked = list(lines), set()
    for j in range(g0, g1):
        tokens = lines[j].split()
        i = len(_category_keys(tokens))
        if len(tokens) - i < width - cols["name"] and any(t in constant for t in tokens[i + 1:]):
            kept = tokens[:i + 1] + [t for t in tokens[i + 1:] if t not in constant]
            out[j] = " ".join(kept)
            marked.add(j)
    return out, marked


def _whole_name(text: str) -> bool:
    """Whether a line of one piece is a whole indicator name: ending as names end, with its
    unit in brackets, or numbered as an indicator (`指标2:`); not a category cell.

    >>> [_whole_name(t) for t in ("培訓參加人數(人)", "组织培训班次", "指标2:灌区节水改造面积", "数量指标",
    ...                           "生活环境，保")]
    [True, True, True, False, False]
    """
    if category_of(text) is not None or value_like(text):
        return False
    return _ends_as_name(text) or whole_by_form(text)


def whole_by_form(text: str) -> bool:
    """Whether a cell is a whole indicator name by its form: ending with its unit in brackets
    (`培訓參加人數(人)`) or numbered as an indicator (`指标2:灌区节水改造面积`). No value of the seeds'
    or other provinces' rows is so (values left blank put such names in the value column).

    >>> [whole_by_form(t) for t in ("培训人数(人)", "指标2:面积", "≥56台（套）", "6.6平方公里", "培训人数",
    ...                             "（个）")]
    [True, True, False, False, False, False]
    """
    return numbered(text) or ends_with_unit(text)


def numbered(text: str) -> bool:
    """Whether a cell begins with an indicator's number (`指标2:`, `3.`), not being a value."""
    return bool(_INDICATOR_NUMBER.match(text)) and not value_like(text)


def ends_with_unit(text: str) -> bool:
    """Whether a cell is a name ending with its unit in brackets (`培训人数(人)`; `（个）` alone
    is a wrapped name's tail), not being a value."""
    from nlp.classify import _is_unit

    unit = _UNIT_CLOSE.search(text)
    return bool(unit and unit.start() >= 2 and _is_unit(unit.group(1))) and not value_like(text)


def _categories_rejoined(lines: list[str], g0: int, g1: int) -> list[str]:
    """``lines`` with a category cell wrapped over two lines made one: a line of one piece
    that completes the first cell of the line above (top-aligned) or begins that of the
    line below (centred) into a category (`满意度指标-服务对象满意` + `度指标`).

    >>> _categories_rejoined(["满意度指标-服务对象满意 群众满意度 ≥90%", "度指标", "x"], 0, 3)
    ['满意度指标-服务对象满意度指标 群众满意度 ≥90%', '', 'x']
    >>> _categories_rejoined(["效益指标-可持续影", "响指标 受益人数 100人"], 0, 2)
    ['', '效益指标-可持续影响指标 受益人数 100人']
    >>> _categories_rejoined(["满意度指标 服务对象满意度指标(必填 群众满意度 ≥90%", ")"], 0, 2)
    ['满意度指标 服务对象满意度指标(必填) 群众满意度 ≥90%', '']

    Its end may share its line with the ends of the row's other wrapped cells (top-aligned):

    >>> _categories_rejoined(["满意度指标-服务对象满意 税务局对我单位税费缴纳及 =100%",
    ...                       "度指标 时、足额的满意度"], 0, 2)
    ['满意度指标-服务对象满意度指标 税务局对我单位税费缴纳及 =100%', '时、足额的满意度']

    A category cell and its note printed apart on its line are one cell (`数量指标 (必填硬性指标)`,
    as a table writes a required field); a unit in brackets is a name's end (`(万亩)`):

    >>> _categories_rejoined(["产出指标 数量指标 (必填硬性指标) 营造林面积(亩) 80000"], 0, 1)
    ['产出指标 数量指标(必填硬性指标) 营造林面积(亩) 80000']
    >>> _categories_rejoined(["产出指标-数量指标 (万亩) =320万亩"], 0, 1)
    ['产出指标-数量指标 (万亩) =320万亩']
    """
    from nlp.classify import _is_unit

    out = list(lines)
    for j in range(g0, g1):
        piece = out[j].split()
        for k in range(len(piece) - 1, 0, -1):
            if _NOTE_PIECE.match(piece[k]) and category_cell(piece[k - 1]) \
                    and not _is_unit(piece[k][1:-1]) and category_cell(piece[k - 1] + piece[k]):
                piece[k - 1:k + 1] = [piece[k - 1] + piece[k]]
                out[j] = " ".join(piece)
        above = out[j - 1].split() if j > g0 else []
        if len(piece) > 1 and len(piece[0]) <= 3 and not category_cell(piece[0]) \
                and not any(value_like(x) for x in piece[1:]):
            # its end beside the ends of the row's other wrapped cells (top-aligned; no value)
            a = _first_after_categories(above)
            if a < len(above) and not category_cell(above[a]) and category_cell(above[a] + piece[0]):
                above[a] += piece[0]
                out[j - 1], out[j] = " ".join(above), " ".join(piece[1:])
            continue
        if len(piece) != 1 or category_cell(piece[0]):
            continue
        # the first cell of the line above or below after its category cells (a 一级 cell
        # may stand before the wrapped 二级 one)
        below = out[j + 1].split() if j + 1 < g1 else []
        a, b = _first_after_categories(above), _first_after_categories(below)
        if a < len(above) and category_cell(above[a] + piece[0]):
            above[a] += piece[0]
            out[j - 1], out[j] = " ".join(above), ""
        elif b < len(below) and category_cell(piece[0] + below[b]):
            below[b] = piece[0] + below[b]
            out[j + 1], out[j] = " ".join(below), ""
    return out


def _first_after_categories(tokens: list[str]) -> int:
    """The index of the first of ``tokens`` that is no category cell (``len(tokens)``: none)."""
    return next((k for k, t in enumerate(tokens) if not category_cell(t)), len(tokens))


def _join_wrapped(rows: dict[int, list[str]], lines: list[str], g0: int, g1: int,
                  columns: tuple[int, int], align: Alignment | None = None) -> list[int]:
    """Lines of one piece among a space grid's rows (``rows``: line → cells) joined to the
    name or value cell they wrapped from (:func:`_wrapped_run`: the end of the row above's
    cell, or the beginning of the row below's, where a PDF centred the row's other cells);
    the lines joined, to blank. The others stay (the split reader rejects them)."""
    order = [j for j in range(g0, g1) if lines[j].strip()]
    lone = {j for j in order if j not in rows and len(lines[j].split()) == 1}
    both = [c for c in rows.values() if c[columns[0]] and c[columns[1]]]
    if not lone or not both:
        return []
    caps = [max(_display_width(c[k]) for c in both) for k in columns]
    spans = _spans([j in lone for j in order])  # each run of lone lines: order[k:end]

    def pair(j: int | None) -> tuple[str, str] | None:
        return (rows[j][columns[0]], rows[j][columns[1]]) if j in rows else None

    runs = [([lines[j].strip() for j in order[k:end]], pair(order[k - 1] if k else None),
             pair(order[end] if end < len(order) else None)) for k, end in spans]
    joined: list[int] = []
    adjacent = [i > 0 and spans[i - 1][1] == k - 1 for i, (k, _) in enumerate(spans)]
    for (k, end), (run, _, _), (start, up, down) in zip(spans, runs, _wrap_plan(runs, caps, adjacent, align),
                                                        strict=True):
        if up is not None and start:
            rows[order[k - 1]][columns[up]] += "".join(run[:start])
            joined.extend(order[k:k + start])
        if down is not None:
            rows[order[end]][columns[down]] = "".join(run[start:]) + rows[order[end]][columns[down]]
            joined.extend(order[k + start:end])
    return joined


def _aligned_cells(tokens: list[str], cols: dict, width: int, comparison: int | None,
                   unit: int | None, trailing: int = 0, weight: str | None = None) -> list[str] | None:
    """The cells of one space-separated row of a split grid (:func:`_space_split_grid`);
    ``weight``: the shape (:func:`weight_shape`) every weight of the grid has, where a name
    and a number of that shape alone are a name and its weight."""
    from nlp.classify import _is_unit
    from nlp.spreadsheets import direction_word, is_comparison

    cells = [""] * width
    filled = _category_keys(tokens)
    for token, key in zip(tokens, filled, strict=False):
        if key in cols:
            cells[cols[key]] = token
    i = len(filled)
    if filled and i < len(tokens) and (is_comparison(tokens[i]) or (
            value_like(tokens[i]) and not re.search(r"[\u4e00-\u9fff]{5}", tokens[i]))):
        # no name left (a comparison or a value next; `2022年中小企业贷款额` is a name):
        # the last category word was the name
        i -= 1
        if filled[-1] in cols:
            cells[cols[filled[-1]]] = ""
    unit_first = unit is not None and unit < cols["value"]
    if len(tokens) - i == width - cols["name"]:  # a cell for every column from the name on
        cells[cols["name"]:] = tokens[i:]
        return cells
    tokens = list(tokens)
    weighed = False  # a name and its weight alone: a row, its value blank
    for col in range(width - 1, width - 1 - trailing, -1):  # 权重 10 at the end: its column's
        if len(tokens) - i > 2 + ("actual" in cols) and re.fullmatch(r"[\d.]+%?", tokens[-1]):
            cells[col] = tokens.pop()
        elif weight is not None and len(tokens) - i == 2 and weight_shape(tokens[-1]) == weight:
            cells[col], weighed = tokens.pop(), True
        elif weight is not None and "actual" in cols and len(tokens) - i == 3 \
                and weight_shape(tokens[-1]) == weight == weight_shape(tokens[-2]):
            cells[col] = tokens.pop()  # a self-evaluation's 分值 得分 beside a name alone
    at = None
    if comparison is not None:
        at = next((j for j in range(i + 1, len(tokens)) if is_comparison(tokens[j])), None)
    if at is not None:
        cells[comparison] = tokens[at]
        name, k = tokens[i:at], at + 1
    else:  # the first cell shaped as a value (or as a unit, when the unit column comes first);
        # with none, the cell after the name (a value in words: cells are split at spaces)
        k = next((j for j in range(i + 1, len(tokens)) if value_like(tokens[j])
                  or (unit_first and _is_unit(tokens[j]))), min(i + 1, len(tokens)))
        name = tokens[i:k]
    if not name or (k >= len(tokens) and not filled and not weighed and at is None):
        return None  # a wrapped piece of a cell: rejected with its line by the split reader
    cells[cols["name"]] = clean_cell(" ".join(name))
    if unit_first and k + 1 < len(tokens) and _is_unit(tokens[k]):
        cells[unit], k = tokens[k], k + 1
    if k >= len(tokens):
        return cells  # categories and a name, the value cell blank
    cells[cols["value"]] = tokens[k]
    if unit is not None and not unit_first and k + 1 < len(tokens) and _unit_cell(tokens[k], tokens[k + 1]):
        cells[unit], k = tokens[k + 1], k + 1
    if "direction" in cols:  # a 指标方向性 word among the cells after the value
        cells[cols["direction"]] = next((t for t in tokens[k + 1:] if direction_word(t)), "")
    if cols.get("actual", -1) > cols["value"] and k + 1 < len(tokens):
        cells[cols["actual"]] = tokens[k + 1]  # a self-evaluation's 实际完成值, after the target
    return cells


def _unit_cell(number: str, text: str) -> bool:
    """Whether ``text``, after the number cell ``number``, is its unit cell: a unit the
    lexicon knows (`公里`, `%`), or words that make a bare number a value (`%以上`,
    `月底完成`); a number (权重) or a sentence is none."""
    from nlp.classify import _is_unit
    from nlp.values import parse_value

    if _is_unit(text):
        return True
    if not re.fullmatch(r"[\d.]+", number) or re.match(r"[\d.]", text) or len(text) > 6:
        return False
    return parse_value(number + text).value_type in ("quantitative", "deadline")


def _group_headers_joined(lines: list[str]) -> list[str]:
    """``lines`` with a grid header printed on two lines made one: a group cell over the
    levels (`绩效指标 … 指标值`, then `一级指标 二级指标 三级指标`, as a merged header cell
    prints) becomes `一级指标 二级指标 三级指标 指标值` on the second line, the first left
    blank (line numbers stay as they are).

    >>> _group_headers_joined(["绩效指标\\t\\t\\t指标值", "一级指标\\t二级指标\\t三级指标\\t"])
    ['', '一级指标\\t二级指标\\t三级指标\\t指标值']
    >>> _group_headers_joined(["绩效指标 指标值", "一级指标 二级指标 三级指标"])
    ['', '一级指标 二级指标 三级指标 指标值']
    """
    from nlp.spreadsheets import two_row_header

    out = list(lines)
    values = _value_headers()
    for j in range(len(out) - 1):
        if "级" not in out[j + 1]:  # (cheap: most lines hold no header word)
            continue
        top, below = squash(out[j]), squash(out[j + 1])
        if not (any(v in top for v in values) and not _is_grid_header(out[j])
                and "三级指标" in below and not any(v in below for v in values)):
            continue
        if "\t" in out[j] or "\t" in out[j + 1]:
            merged = two_row_header([clean_cell(c) for c in out[j].split("\t")],
                                    [clean_cell(c) for c in out[j + 1].split("\t")])
            if merged is None:
                continue
            joined = "\t".join(merged)
        else:
            tail = [c for c in out[j].split() if any(v in squash(c) for v in values)]
            joined = " ".join([*out[j + 1].split(), *tail])
        if _is_grid_header(joined):
            out[j], out[j + 1] = "", joined
    return out


def _without_extra_columns(lines: list[str], g0: int, g1: int, weight: str | None = None
                           ) -> tuple[list[str], set[int]]:
    """``lines`` with the cells of a space-separated grid's columns of its own removed from
    lines ``g0:g1``: a leading serial number under a header that starts with 序号, a trailing
    number under one that ends with 权重 (``layout.yaml: space_grid_extra_columns``); the
    seeds' reader would take them for a name or a value. Line numbers stay as they are.

    A line of two cells ending in a number (`培训人数 10`) is a name and its value where the
    weight column is ever left blank, and a name and its weight where every longer line ends
    in a weight of the same shape (the value was left blank, as a library of indicators to
    be filled in leaves it; ``weight``: the document's shape, for a grid with no longer line).
    Also the (1-based) numbers of those lines, and of lines of a serial number and a name
    alone: each is a row's line, its value blank, which no line wrapped from the row above.

    >>> _without_extra_columns(["序号 一级指标 三级指标 指标值 权重", "1 产出指标 里程 ≥120公里 10"], 1, 2)
    (['序号 一级指标 三级指标 指标值 权重', '产出指标 里程 ≥120公里'], set())
    >>> _without_extra_columns(["序号 三级指标 指标值", "1 里程 ≥120公里", "2 培训人数"], 1, 3)
    (['序号 三级指标 指标值', '里程 ≥120公里', '培训人数'], {3})
    >>> _without_extra_columns(["三级指标 指标值 权重", "里程 ≥120公里 10", "培训人数 10", "合格率 95%"],
    ...                        1, 4)
    (['三级指标 指标值 权重', '里程 ≥120公里', '培训人数', '合格率 95%'], {3})
    """
    extra = _layout().get("space_grid_extra_columns") or {}
    header = lines[g0 - 1].split()
    lead = bool(header) and header[0] in extra.get("leading", [])
    trail = bool(header) and header[-1] in extra.get("trailing", [])
    blank: set[int] = set()
    if not (lead or trail):
        return lines, blank
    out = list(lines)
    if lead:
        for j in range(g0, g1):
            rest = re.sub(r"^\s*\d{1,3}[.、]?\s+(?=\S)", "", out[j])
            cells = [t for t in rest.split() if not category_cell(t)]
            if rest != out[j] and len(cells) == 1 and not value_like(cells[0]):
                blank.add(j + 1)  # a serial and a name alone: a row, its value blank
            out[j] = rest
    if trail:
        weight = _grid_weight(out[g0:g1], weight)
        for j in range(g0, g1):
            cells = out[j].split()
            if len(cells) > 2 or (len(cells) == 2 and weight is not None
                                  and weight_shape(cells[-1]) == weight):
                out[j] = re.sub(r"\s+\d{1,3}(?:\.\d+)?%?\s*$", "", out[j])
                if len(cells) == 2 and category_of(cells[0]) is None:
                    blank.add(j + 1)
    return out, blank


def _grid_weight(lines: list[str], fallback: str | None = None) -> str | None:
    """The shape (:func:`weight_shape`) in which every line of three cells or more of a space
    grid ends, ``None`` where they end otherwise (a weight is ever left blank); ``fallback``
    (its document's, :func:`_document_weight`) where the grid has no such line.

    >>> _grid_weight(["里程 ≥120公里 10", "培训人数 10", "合格率 95% 5"]), _grid_weight(["里程 ≥120公里"])
    ('whole', None)
    >>> _grid_weight(["培训人数 10", "合格率 5"], "whole"), _grid_weight(["里程 ≥120公里 10%"], "whole")
    ('whole', 'percent')
    """
    shapes = {weight_shape(ln.split()[-1]) for ln in lines if len(ln.split()) > 2}
    if not shapes:
        return fallback
    return shapes.pop() if len(shapes) == 1 else None


def _document_weight(lines: list[str], grids: list[tuple[int, int] | None]) -> str | None:
    """The shape in which the lines of three cells or more end in every space grid of a
    document whose header ends in a weight column (权重, ``layout.yaml``), ``None`` where they
    end otherwise: a grid whose values are all blank (`培训人数 10` on every line, a section
    row above) shows no weight beside a value, and its document's tables share their template.

    >>> _document_weight(["三级指标 指标值 权重", "里程 ≥120公里 10", "三级指标 指标值 权重", "培训人数 10"],
    ...                  [(1, 2), (3, 4)])
    'whole'
    """
    trailing = (_layout().get("space_grid_extra_columns") or {}).get("trailing", [])
    body: list[str] = []
    for grid in grids:
        if grid is not None and (header := lines[grid[0] - 1].split()) and header[-1] in trailing \
                and not any("\t" in ln for ln in lines[grid[0] - 1:grid[1]]):
            body += lines[grid[0]:grid[1]]
    return _grid_weight(body)


def weight_shape(cell: str) -> str | None:
    """The shape of a weight cell (`10`: whole, `2.5`: decimal, `10%`: percent), ``None`` for
    a cell that is no weight."""
    m = re.fullmatch(r"\d{1,3}(\.\d+)?(%?)", cell)
    return None if m is None else "percent" if m[2] else "decimal" if m[1] else "whole"


def _single_half(header_line: str, h: TableHeader) -> str | None:
    """The half of a grid with one value column (``None`` for the two halves side by side):
    the half its title decides (a department's annual table), else 年度 when the value
    column is headed for the budget year (年度指标值, 年度目标), else 实施期.

    >>> _single_half("一级指标 二级指标 三级指标 指标值", TableHeader(1, 1))
    '实施期'
    >>> _single_half("一级指标 二级指标 三级指标 年度指标值", TableHeader(1, 1))
    '年度'
    >>> _single_half("一级指标 二级指标 三级指标 指标值 二级指标 三级指标 指标值", TableHeader(1, 1)) is None
    True
    """
    found = _value_header_re().findall(squash(header_line))
    if len(found) != 1 or squash(header_line).count("三级指标") > 1:
        return None
    return h.half or (HALVES[1] if found[0].startswith(HALVES[1]) else HALVES[0])


def _mirrored(body: list[str]) -> bool:
    """Whether a grid's lines print the two halves side by side though its header names one
    value column (a header whose second half wrapped): a fifth of its lines or more repeat
    their name and value after the categories (`数量指标 参会人数 193人 数量指标 参会人数 193人`;
    a value that repeats its name, `加强管理 加强管理`, is one half's).

    >>> _mirrored(["产出指标 数量指标 人数 5人 数量指标 人数 5人", " 质量指标 合格率 100%"])
    True
    >>> _mirrored(["产出指标 数量指标 人数 5人", " 质量指标 合格率 100%"])
    False
    """
    rows = [[c for c in ln.split() if category_of(c) is None] for ln in body if ln.strip()]
    twice = sum(len(r) >= 4 and len(r) % 2 == 0 and r[:len(r) // 2] == r[len(r) // 2:] for r in rows)
    return bool(rows) and twice >= len(rows) / 5


def title_markers() -> list[str]:
    """Title words that start a table: a project's, or a department's whole-spending table."""
    lay = _layout()
    return list(lay["title_markers"]) + list(lay["department_table"]["title_markers"])


def department_title(text: str) -> bool:
    """Whether ``text`` names a department's whole-spending table (部门整体支出绩效目标表)."""
    return any(m in squash(text) for m in _layout()["department_table"]["title_markers"])


def _table_starts(lines: list[str]) -> list[int]:
    markers = title_markers()
    starts = []
    for i, ln in enumerate(lines):
        s = squash(ln)
        if any(m in s for m in markers) and len(s) <= 60 and not s.startswith(("（", "(")):
            # a table-of-contents or prose mention is followed by no grid header
            starts.append(i)
    # keep only starts that have a grid header before the next start
    kept = []
    for k, st in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        heads = [j for j in range(st, end) if _is_grid_header(lines[j])]
        if heads and heads[0] < st + 400:
            kept.append(st)
            kept.extend(_inner_starts(lines, heads))
    return kept or _untitled_starts(lines)


def _inner_starts(lines: list[str], heads: list[int]) -> list[int]:
    """Tables inside the span of a titled one (its grid headers at ``heads``): a later grid
    header with a header block of its own above it (项目名称 … after the previous grid's
    rows), a table under a title we do not know (`专项资金绩效目标表`); it starts at that
    block, or at a title line just above it (a short line naming 绩效 … 表). A grid header
    repeated on a new page has no such block.

    >>> head = "一级指标 二级指标 三级指标 指标值"
    >>> _inner_starts(["项目支出绩效目标表", "项目名称 甲", head, "产出指标 数量指标 人数 5人",
    ...                "专项资金绩效目标表", "项目名称 乙", head, "产出指标 数量指标 户数 3户",
    ...                head, "效益指标 社会效益指标 覆盖率 100%"], [2, 6, 8])
    [4]
    """
    out: list[int] = []
    for prev, j in itertools.pairwise(heads):
        st = _block_above(lines, prev, j)
        if st is not None:
            above = next((i for i in range(st - 1, max(prev, st - 4), -1) if squash(lines[i])), None)
            if above is not None and _TITLE_LIKE.fullmatch(squash(lines[above])):
                st = above
            out.append(st)
    return out


def _untitled_starts(lines: list[str]) -> list[int]:
    """Tables without a title line we know: one per grid header, starting at its header
    block above it (项目名称, 主管部门 …: ``layout.yaml`` header_fields, within 15 lines,
    after the previous grid) or at the header; a header with no block above it whose next
    row opens with no 一级 cell goes on the table before (the header repeated on a new page).

    >>> head = "一级指标 二级指标 三级指标 指标值"
    >>> _untitled_starts([head, "产出指标 数量指标 人数 5人", head, " 质量指标 合格率 100%",
    ...                   head, "产出指标 数量指标 户数 3户"])
    [0, 4]
    >>> _untitled_starts(["主管部门 某局", "项目名称 甲", head, "产出指标 数量指标 人数 5人",
    ...                   "主管部门 某局", "项目名称 乙", head, " 质量指标 合格率 100%"])
    [0, 4]
    """
    starts: list[int] = []
    prev = -1
    for j, ln in enumerate(lines):
        if not _is_grid_header(ln):
            continue
        st = _block_above(lines, prev, j)
        if st is None and starts and not _opens_with_l1(lines, j + 1):
            prev = j
            continue
        starts.append(j if st is None else st)
        prev = j
    return starts


def _block_above(lines: list[str], prev: int, head: int) -> int | None:
    """The first line of the header block (项目名称, 主管部门 …) above the grid header at
    ``head``: within 15 lines, after line ``prev`` (the grid before); ``None`` if none."""
    block = [i for i in range(head - 1, max(prev, head - 16), -1) if opens_header_field(lines[i])]
    return min(block) if block else None


def _opens_with_l1(lines: list[str], start: int) -> bool:
    """Whether the first non-blank line from ``start`` opens with a 一级 cell (产出指标 …)."""
    row = next((ln for ln in lines[start:start + 5] if ln.strip()), "")
    cells = row.split("\t") if "\t" in row else row.split()
    first = cells[0].strip() if cells else ""
    return bool(first) and (category_of(first) or ("", ""))[0] == "l1"


def _value_headers() -> tuple[str, ...]:
    """Header spellings of the value column (``layout.yaml``), CJK ones only."""
    names = _layout()["spreadsheet_columns"]["value"]
    return tuple(n for n in names if not str(n).isascii())


@functools.cache
def _page_number_re() -> re.Pattern[str]:
    """A line that is only a page number (``layout.yaml: page_numbers``)."""
    return re.compile("|".join(_layout().get("page_numbers") or ["(?!)"]))


@functools.cache
def _value_header_re() -> re.Pattern[str]:
    """Any of :func:`_value_headers` (one search per line: every line of a document is tried
    as a grid header)."""
    return re.compile("|".join(map(re.escape, sorted(_value_headers(), key=len, reverse=True))))


lexicon._CACHED.extend([_page_number_re, _value_header_re])


def _name_headers() -> tuple[str, ...]:
    """Header spellings of the name column (``layout.yaml``) of two or more CJK characters
    other than 三级指标 (`指标名称`, `具体指标`)."""
    names = _layout()["spreadsheet_columns"]["name"]
    return tuple(n for n in names if not str(n).isascii() and len(str(n)) >= 4 and n != "三级指标")


def _is_grid_header(line: str) -> bool:
    """A grid's header line: 三级指标, or 二级指标 and another name header (`一级指标 二级指标
    指标名称 指标值`), and a value header; or a line of header cells only, a name's and a
    value's among them (`指标类型 指标名称 指标值 指标解释`).

    >>> _is_grid_header("一级指标\t二级指标\t指标名称\t指标值"), _is_grid_header("指标名称 指标值")
    (True, True)
    >>> _is_grid_header("指标名称 指标值 均以批复为准")
    False
    """
    s = squash(line)
    valued = _value_header_re().search(s) is not None
    if not valued or "三级指标" in s or ("二级指标" in s and any(n in s for n in _name_headers())):
        return valued
    from nlp.spreadsheets import column_of, is_header_cell  # (only lines naming a value column)

    cells = line.split()
    keys = {column_of(c) for c in cells if squash(c) not in _layout().get("group_headers", [])}
    return len(cells) >= 2 and {"name", "value"} <= keys and all(is_header_cell(c) for c in cells)


def ends_grid(line: str) -> bool:
    """Whether a line ends a grid: a footer (负责人 …), a new part of the document (第二部分,
    附件 …, ``layout.yaml``) or a line naming a person.

    >>> ends_grid("负责人：张三"), ends_grid("第三部分 名词解释"), ends_grid("培训人数 ≥100人")
    (True, True, False)
    """
    lay = _layout()
    s = line.strip()
    return (s.startswith((*lay["footer_markers"], *lay["section_end_markers"]))
            or names_a_person(s))


def _grid_span(lines: list[str], start: int, end: int) -> tuple[int, int] | None:
    g0 = None
    for j in range(start, end):
        if _is_grid_header(lines[j]):
            g0 = j + 1
            break
    if g0 is None:
        return None
    g1 = end
    for j in range(g0, end):
        if ends_grid(lines[j]):
            g1 = j
            break
    return g0, g1


def _read_header(lines: list[str], start: int, end: int, table: int) -> TableHeader:
    h = TableHeader(table=table, line=start + 1)
    limit = end
    for j in range(start, end):
        if _is_grid_header(lines[j]):
            limit = j
            break
    block = lines[start:limit]
    for raw in block[:6]:
        m = _YEAR.search(raw)
        if m:
            h.year = int(m.group(1))
            break
    values = _header_values(block)
    h.project = _project_lead(block, values.get("project", ""))
    if department_title(lines[start]):
        whole = _layout()["department_table"]
        # a department's whole-spending table (部门整体支出绩效目标表): no project, one year
        h.project, h.half = h.project or whole["project"], whole["half"]
        total = re.search(r"合\s*计\s*([\d,，]+(?:\.\d+)?)", "\n".join(lines[start:limit]))
        if total:  # the department's budget (年度预算情况: 合计, in 万元 where the block says so)
            scale = funds_scale("".join(lines[start:limit]))
            h.funds_year = h.funds_total = parse_amount(total.group(1), scale)
    h.department_code, h.department = split_department(values.get("department", ""))
    h.implementer = values.get("implementer", "")
    for j, raw in enumerate(block):
        flat = squash(raw)
        if "实施期资金总额" in flat and h.funds_total is None:
            m = _FUNDS.search(flat)
            if m:
                # the unit named by the label above, or before the total on its line
                before = flat[:flat.index("实施期资金总额")]
                scale = funds_scale(squash(" ".join(block[max(0, j - 3):j])) + before)
                h.funds_total = parse_amount(m.group(1), scale)
                h.funds_year = parse_amount(m.group(2), scale)
    h.project = redact(h.project)
    return h


def _project_lead(block: list[str], project: str) -> str:
    """The project's name with the line that begins it above its label's line.

    A PDF centres the 项目名称 label beside a name wrapped over two lines, so a text
    extractor that prints a line per printed line puts the name's first line above the
    label's (`提前下达…财政补助资` / `项目名称 金(长财行【2023】112号)`). Such a line is
    one piece of text between the title and the label, naming no label, no colon, no year
    (a name over three lines has two such lines).

    >>> _project_lead(["项目支出绩效目标表", "提前下达2024年度财政补助资", "项目名称 金(112号)"], "金(112号)")
    '提前下达2024年度财政补助资金(112号)'
    >>> _project_lead(["项目支出绩效目标表", "（2024年度）", "项目名称 甲项目"], "甲项目")
    '甲项目'
    """
    at = next((i for i, ln in enumerate(block) if re.match(r"\s*项目名称", ln)), None)
    if not project or at is None:
        return project
    lead = at
    while lead > 1 and _begins_project(block[lead - 1].strip()):
        lead -= 1
    return "".join(ln.strip() for ln in block[lead:at]) + project


def _begins_project(line: str) -> bool:
    """Whether a line between a table's title and its 项目名称 label may be a first line of
    the project's name: one piece of text naming no label, no colon, no year."""
    return bool(line) and not (
        re.search(r"\s|[：:]|单位|\d{4}\s*年度?\s*[）)]?$", line) or year_note(line)
        or any(label in line for label in header_field_labels()) or opens_header_field(line)
        or any(m in line for m in title_markers()))


@functools.cache
def header_field_labels() -> dict[str, str]:
    """Every label of a header block → its output column (``layout.yaml``: header_fields,
    which may also start a table, and header_fields_other, read inside a block only)."""
    lay = _layout()
    return {**lay["header_fields"], **(lay.get("header_fields_other") or {})}


lexicon._CACHED.append(header_field_labels)


# a line break inside a run of digits or Latin letters (`【2023】11` / `6号`, `厂房P` / `PP项目`)
_WORD_BROKEN = re.compile(r"([A-Za-z0-9]+)\n([A-Za-z0-9]+)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _unbroken(m: re.Match[str]) -> str:
    """A number, or Latin letters between Chinese characters, broken over lines is one word;
    Latin words broken over lines keep a space."""
    text, start, end = m.string, m.start(), m.end()
    if m.group(1)[-1].isdigit() and m.group(2)[0].isdigit():
        return m.group(1) + m.group(2)
    if (start > 0 and _CJK.match(text[start - 1])) or (end < len(text) and _CJK.match(text[end])):
        return m.group(1) + m.group(2)
    return m.group(1) + "\n" + m.group(2)


def _header_values(block: list[str]) -> dict[str, str]:
    """项目名称 / 主管部门及代码 / 实施单位 cells, even when a cell wraps over lines.

    A label's value runs to the next header label (``layout.yaml``).
    """
    lay = _layout()
    fields = header_field_labels()
    stops = sorted(set(fields) | set(lay["header_labels"]) | set(lay["personal_labels"]),
                   key=len, reverse=True)
    text = "\n".join(block)
    # a label of two characters (`项目`) stops a value only as a cell of its own with text
    # after it: a wrapped name's next line may begin with it, or be it (`…提升服务` /
    # `项目工作经费`, `…(公墓)建设` / `项目`)
    stop_re = "|".join(re.escape(x) + (r"(?=[\t ：:]|$)(?!\s*\Z)" if len(x) <= 2 else "") for x in stops)
    out: dict[str, str] = {}
    for label in sorted(fields, key=len, reverse=True):
        col = fields[label]
        if col in out or label not in text:
            continue
        m = re.search(rf"(?:^|[\t \n]){re.escape(label)}[\t ：:]*(.*?)(?=(?:^|[\t \n])(?:{stop_re})|\Z)",
                      text, flags=re.S | re.M)
        if m:
            # a number broken over lines is one number (`【2023】11` / `6号`)
            value = _WORD_BROKEN.sub(_unbroken, m.group(1))
            value = clean_cell(value.replace("\n", " ").replace("\t", " "))
            # a wrapped cell breaks inside a word: no space where the line ended
            value = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", value)
            out[col] = value[:200]
    return out


def parse_amount(text: str | None, scale: float = 1.0) -> float | None:
    """A money cell (`5,300,000`) as a number times ``scale`` (the unit its label names:
    :func:`funds_scale`), in 元; a unit written in the cell counts instead (`120万元`);
    ``None`` if not a number.

    >>> parse_amount("5,300,000"), parse_amount("120", 10000.0), parse_amount("120万元")
    (5300000.0, 1200000.0, 1200000.0)
    """
    if not text:
        return None
    text = text.replace(",", "").replace("，", "").strip()
    unit = re.search(r"(万|亿|千)?元$", text)
    if unit:
        text, scale = text[:unit.start()].strip(), funds_scale(unit.group(0))
    try:
        return float(text) * scale
    except ValueError:
        return None


def funds_scale(context: str) -> float:
    """The factor to 元 of amounts under a label that names their unit (`项目资金（万元）`):
    10,000 for 万元, 1,000 for 千元, 10⁸ for 亿元 (the first of them found), else 1."""
    for unit, factor in (("万元", 1e4), ("千元", 1e3), ("亿元", 1e8)):
        if unit in context:
            return factor
    return 1.0


def _row(source: str, h: TableHeader, rec: dict) -> dict:
    return {
        "source": source, "table": h.table, "line": rec["line"], "year": h.year,
        "project": h.project, "department_code": h.department_code,
        "department": h.department, "implementer": h.implementer,
        "funds_total": h.funds_total, "funds_year": h.funds_year, "half": rec["half"],
        "l1_declared": rec.get("l1") or "", "l2_declared": rec.get("l2") or "",
        "name": redact(rec["name"]), "value": redact(rec["value"]),
    }


# --------------------------------------------------------------------------
# Shared: pieces → markers and cells


@dataclass
class Piece:
    """A run of text without whitespace inside a grid (or a tab cell)."""

    text: str
    line: int  # 1-based
    first: bool  # first piece on its line
    last: bool  # last piece on its line
    cat: tuple[str, str] | None = None  # (level, canonical) for category cells
    raw_cat: str = ""


def _split_categories(p: Piece) -> list[Piece]:
    """Split category words glued to the front of a piece (`经济效益指标带动…`)."""
    out: list[Piece] = []
    text = p.text
    first = p.first
    forms = _LONG_FORMS
    while text:
        cat = category_of(text)
        if cat is not None:
            out.append(Piece(text, p.line, first, p.last, cat=cat, raw_cat=text))
            return out
        for form in forms:
            if text.startswith(form) and len(text) > len(form):
                assert _FORMS is not None
                out.append(Piece(form, p.line, first, False, cat=_FORMS[form], raw_cat=form))
                text = text[len(form):]
                first = False
                # after a glued 一级 cell (`满意度指标服务对象满意度…`) a short 二级 may follow
                forms = _LONG_FORMS + _SHORT_L2 if _FORMS[form][0] == "l1" else _LONG_FORMS
                break
        else:
            out.append(Piece(text, p.line, first, p.last))
            return out
    return out


_NOTE_PIECE = re.compile(r"^[(（][^()（）]{1,10}[)）]$")


def _merge_categories(pieces: list[Piece]) -> list[Piece]:
    """Join wrapped category cells (`产出` + `指标`, `服务对象` + `满意度指标`), and a category
    cell with the note printed after it on its line (`数量指标` + `(必填硬性指标)`)."""
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if p.cat is not None and i + 1 < len(pieces) and pieces[i + 1].line == p.line \
                and _NOTE_PIECE.match(pieces[i + 1].text):
            joined = p.text + pieces[i + 1].text
            if (cat := category_of(joined)) is not None:
                out.append(Piece(joined, p.line, p.first, pieces[i + 1].last, cat=cat, raw_cat=joined))
                i += 2
                continue
        done = False
        for n in (3, 2):
            if i + n > len(pieces):
                continue
            group = pieces[i:i + n]
            if not all(group[k + 1].first and group[k].last for k in range(n - 1)) \
                    or any(_CATEGORY_NUMBER.match(g.text) for g in group[1:]):
                continue  # (numbering begins a cell: `1` + `1.数量指标` is a value, then a cell)
            joined = "".join(g.text for g in group)
            cat = category_of(joined)
            if cat is not None:
                out.append(Piece(joined, group[0].line, group[0].first, group[-1].last,
                                 cat=cat, raw_cat=joined))
                i += n
                done = True
                break
        if not done:
            out.append(pieces[i])
            i += 1
    return out


def _short_category_is_name(pieces: list[Piece], i: int) -> bool:
    """`服务对象满意度 ≥90%`: a bare category word followed by a value is a name.

    A full spelling (`服务对象满意度指标 ≥95%`) is a name only when the same
    category cell stands just before it.
    """
    p = pieces[i]
    if p.cat is None:
        return False
    if _name_tail(pieces, i):
        return True
    nxt = pieces[i + 1] if i + 1 < len(pieces) else None
    if nxt is None or nxt.cat is not None or not value_like(nxt.text):
        return False
    if not p.raw_cat.endswith(("指标", "指")):
        return True
    prev = pieces[i - 1] if i > 0 else None
    return prev is not None and prev.cat == p.cat and nxt.line == p.line


def _name_tail(pieces: list[Piece], i: int) -> bool:
    """Whether the bare category word ``pieces[i]`` (`数量`, `满意度`), alone on its line, is the
    end of the name on the row's line above, wrapped below it (top-aligned; a template's
    label such as `时效值` is none): that name is eight characters or more and does not end
    as a name, and with the word it does (`指标1:开展精品示范村建设` + `数量`,
    `申请定向费用补贴金融机构` + `满意度`).

    >>> ps = [Piece("数量指标", 3, True, False, ("l2", "output.quantity"), "数量指标"),
    ...       Piece("指标1:开展精品示范村建设", 3, False, False),
    ...       Piece("≤4", 3, False, True), Piece("数量", 4, True, True)]
    >>> _name_tail(ps, 3), _name_tail(ps[:1] + [Piece("资金拨付及时率", 3, False, False)] + ps[2:], 3)
    (True, False)
    """
    p = pieces[i]
    if not (p.first and p.last) or p.raw_cat.endswith(("指标", "指", "值")) or i == 0:
        return False
    above = itertools.takewhile(lambda q: q.line == pieces[i - 1].line, reversed(pieces[:i]))
    cells = [q for q in above if q.cat is None][::-1]
    if len(cells) < 2 or pieces[i - 1].line != p.line - 1:
        return False
    name = cells[0].text
    return len(name) >= 8 and not _ends_as_name(name) and _ends_as_name(name + p.text)


def _join_units(parts: list[str]) -> list[str]:
    """Rejoin `≥193` + `人`, `≥` + `90%` split by PDF spacing."""
    assert _UNITS is not None
    out: list[str] = []
    for part in parts:
        if out:
            prev = out[-1]
            if (_UNITS.match(part) and re.search(r"\d[%％]?$", prev)) or re.fullmatch(
                r"[≥≤><=＞＜＝≧≦]+", prev
            ) or (re.search(r"\d$", prev) and re.fullmatch(r"[%％]\S*", part)):
                out[-1] = prev + part
                continue
        out.append(part)
    return out


_PAGE_NUMBER = re.compile(r"^\s*[-—–]\s*\d{1,4}\s*[-—–]\s*$|^\s*第\s*\d{1,4}\s*页\s*$")


def _page_furniture(lines: list[str], g0: int, g1: int) -> set[int]:
    """Lines a page break puts inside a grid: the page number (`- 22 -`) and the
    vertical 绩/效/指/标 label repeated at the top of the next page."""
    skip = {j for j in range(g0, g1) if _PAGE_NUMBER.match(lines[j])}
    label = "绩效指标"
    j = g0
    while j < g1:
        if lines[j].strip() == label[0]:
            run, k, pos = [j], j + 1, 1
            while k < g1 and pos < len(label):
                t = lines[k].strip()
                if t == label[pos]:
                    run.append(k)
                    pos += 1
                elif t:
                    break
                k += 1
            if pos == len(label):
                skip.update(run)
                j = k
                continue
        j += 1
    return skip


def _line_pieces(lines: list[str], g0: int, g1: int) -> list[Piece]:
    pieces: list[Piece] = []
    skip = _page_furniture(lines, g0, g1)
    for j in range(g0, g1):
        if j in skip:
            continue
        parts = _join_units(lines[j].split())
        for k, part in enumerate(parts):
            pieces.append(Piece(part, j + 1, k == 0, k == len(parts) - 1))
    return pieces


def _split_glued_value(text: str) -> tuple[str, str] | None:
    """`沿山50米秸秆杂草清理面≥923.62亩` → name and value glued by the PDF."""
    m = _GLUED_VALUE.search(text)
    if m and m.start() >= 2:
        return text[: m.start()], text[m.start():]
    return None


# --------------------------------------------------------------------------
# Pairing cells into (name, value) for both halves


@dataclass
class Cell:
    text: str
    line: int


def _pairs(cells: list[Cell]) -> list[tuple[Cell | None, Cell | None]]:
    """Group an ordered cell list (name, value, name, value …) into pairs.

    A cell missing from the sequence (an empty value) is found from the
    shapes: a name followed by another name gets an empty value.
    """
    out: list[tuple[Cell | None, Cell | None]] = []
    if len(cells) % 2 == 0 and not any(
        value_like(cells[k].text) and not value_like(cells[k + 1].text)
        and _STRONG_VALUE.match(squash(cells[k].text))
        for k in range(0, len(cells), 2)
    ):
        return [(cells[k], cells[k + 1]) for k in range(0, len(cells), 2)]
    i = 0
    while i < len(cells):
        c = cells[i]
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if value_like(c.text) and not out:
            out.append((None, c))
            i += 1
            continue
        if nxt is None:
            if value_like(c.text) and out and out[-1][1] is None:
                out[-1] = (out[-1][0], c)
            else:
                out.append((c, None))
            i += 1
            continue
        if squash(nxt.text) == squash(c.text) and not value_like(nxt.text):
            # a restatement value equal to the name, or two halves with empty values
            after = cells[i + 2] if i + 2 < len(cells) else None
            if after is not None and squash(after.text) == squash(c.text):
                out.append((c, nxt))  # name, value(=name), name, value(=name)
                i += 2
                continue
        out.append((c, nxt))
        i += 2
    return out


# --------------------------------------------------------------------------
# Tab layout


def grid_note(line: str) -> bool:
    """Whether a line without cells in a tab grid is a note of the page (``layout.yaml``
    grid_notes: 续表, 单位：万元, the table's title again), not an indicator.

    >>> grid_note("（续表）"), grid_note("单位：万元"), grid_note("项目支出绩效目标表（续）")
    (True, True, True)
    >>> grid_note("续建道路里程")
    False
    """
    exact, prefixes, markers = _grid_notes()
    s = squash(line)
    return s in exact or s.startswith(prefixes) or ("表" in s and any(m in s for m in markers))


_YEAR_NOTE = re.compile(r"[（(]?\d{4}年度[）)]?|[（(]\d{4}年[）)]")  # (`2024年` alone may be a value)


def year_note(line: str) -> bool:
    """Whether a line without cells in a grid is only a year, the title's `（2024年度）`
    printed again where the table goes on over a page (in a tab grid or a sheet; in space
    text a year alone is as often a wrapped piece of a value, so it is not read as a note).

    >>> year_note("（2024年度）"), year_note("2024年度"), year_note("2024年度培训人数"), year_note("2024年")
    (True, True, False, False)
    """
    return _YEAR_NOTE.fullmatch(squash(line)) is not None


@functools.cache
def _grid_notes() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    notes = _layout()["grid_notes"]
    return frozenset(notes["exact"]), tuple(notes["prefixes"]), tuple(title_markers())


lexicon._CACHED.append(_grid_notes)


@functools.cache
def _operator_words() -> frozenset[str]:
    """Every spelling of a comparison alone (``value_words.yaml`` operators: ≥, 不低于 …)."""
    ops = lexicon.value_words()["operators"]
    rewrites = {str(a) for a, b in lexicon.value_words()["rewrites"] if str(b) in ops["symbols"]}
    return frozenset({*map(str, ops["symbols"]), *(str(w["word"]) for w in ops["prefix"]), *rewrites,
                      "＞", "＜", "＝"})


@functools.cache
def _unit_words() -> frozenset[str]:
    """Units a cell may hold alone (``layout.yaml`` unit_tokens)."""
    return frozenset(str(u) for u in _layout()["unit_tokens"])


@functools.cache
def _bare_number_re() -> re.Pattern[str]:
    """A number, a comparison before it at most (`3`, `≥3`, `不低于3`)."""
    words = "|".join(map(re.escape, sorted(_operator_words(), key=len, reverse=True)))
    return re.compile(f"(?:{words})?\\d[\\d.,]*")


lexicon._CACHED.extend([_operator_words, _unit_words, _bare_number_re])


def value_goes_on(value: str, beside: str, numbers_only: bool = False) -> bool:
    """Whether the cell ``beside`` goes on the value ``value`` (a 指标值 column split in two
    under one header): ``value`` a comparison alone (then ``beside`` a number, with
    ``numbers_only``), or a bare number and ``beside`` a unit alone.

    >>> value_goes_on("≥", "100人"), value_goes_on("3", "户"), value_goes_on("3人", "户")
    (True, True, False)
    >>> value_goes_on("≥", "上年水平"), value_goes_on("≥", "上年水平", numbers_only=True)
    (True, False)
    """
    here, there = squash(value), squash(beside)
    if here in _operator_words():
        return not numbers_only or bool(_NUMBERISH.match(there))
    return there in _unit_words() and _bare_number_re().fullmatch(here) is not None


def _operators_glued(cells: list[str]) -> list[str]:
    """Cells of a tab line with a value split in two under one header joined
    (:func:`value_goes_on`, a number after a comparison), the emptied cells kept so columns
    keep their place.

    >>> _operators_glued(["人数", "≥", "100人", "x"]), _operators_glued(["≥", "提高"])
    (['人数', '≥100人', '', 'x'], ['≥', '提高'])
    >>> _operators_glued(["户数", "≥", "3", "户"])
    ['户数', '≥3户', '', '']
    """
    out = list(cells)
    for i in range(len(out)):
        j = i + 1
        while out[i] and j < len(out) and out[j] and value_goes_on(out[i], out[j], numbers_only=True):
            out[i], out[j] = out[i] + out[j], ""
            j += 1
    return out


def _second_level(pieces: list[Piece], i: int) -> tuple[str, str]:
    """The level of category piece ``i``: a 一级 word right after the same 一级 piece, on its
    line or on the next with nothing between, is the 二级 cell when its 一级 has one 二级 only
    (`满意度指标 | 满意度指标`, as many provinces fill both cells, or a section row of each).

    >>> ps = [Piece("满意度指标", 7, True, True, cat=("l1", "满意度指标")),
    ...       Piece("滿意度指標", 8, True, True, cat=("l1", "满意度指标"))]
    >>> _second_level(ps, 0), _second_level(ps, 1)
    (('l1', '满意度指标'), ('l2', 'satisfaction.service'))
    """
    level, canon = pieces[i].cat
    if level == "l1" and i > 0 and pieces[i - 1].cat == pieces[i].cat \
            and pieces[i].line - pieces[i - 1].line in (0, 1) and (code := sole_l2(canon)) is not None:
        return "l2", code
    return level, canon


def _l2_under(l1: str, l2: str) -> str:
    """The 二级 cell ``l2`` when it may stand under the 一级 ``l1`` just opened, else blank: a
    new 一级 section does not go on with the 二级 of another (`经济效益指标` above a section row
    `满意度指标`, as templates without category columns print them).

    >>> _l2_under("满意度指标", "经济效益指标"), _l2_under("效益指标", "经济效益指标")
    ('', '经济效益指标')
    """
    top, second = category_of(l1), category_of(l2)
    if top is None or second is None or second[0] != "l2":
        return l2
    return l2 if lexicon.category_l1().get(second[1], top[1]) == top[1] else ""


@functools.cache
def sole_l2(l1: str) -> str | None:
    """The one 二级 of a 一级 that has only one (满意度指标: ``satisfaction.service``)."""
    codes = [c["code"] for c in lexicon.taxonomy()["categories"] if c["l1"] == l1]
    return codes[0] if len(codes) == 1 else None


lexicon._CACHED.append(sole_l2)


def _parse_tab_grid(lines: list[str], h: int, g1: int) -> tuple[list[dict], list[tuple]]:
    """Tab-separated grid; ``h`` is the header line (it may hold the first categories)."""
    recs: list[dict] = []
    rejects: list[tuple] = []
    header_words = set(_layout()["grid_header"]) | {"绩效指标", "绩效目标"}
    l1 = ""
    l2_left = ""
    l2_right = ""
    right_seen = False
    for j in range(h, g1):
        raw = lines[j]
        cells = _operators_glued([c.strip() for c in raw.split("\t")])
        if not any(cells) or ("\t" not in raw and (grid_note(raw) or year_note(raw) or _prose(raw))):
            continue
        pieces: list[Piece] = []
        for c in cells:
            if not c or squash(c) in header_words:
                continue
            pieces.extend(_split_categories(Piece(clean_cell(c), j + 1, False, False)))
        texts_left: list[Cell] = []
        texts_right: list[Cell] = []
        side_right = False
        left_l2_here = False
        for i, p in enumerate(pieces):
            if p.cat and not _short_category_is_name(pieces, i):
                level, _ = _second_level(pieces, i)
                if level == "l1":
                    l1 = p.raw_cat
                elif texts_left or side_right or left_l2_here:
                    side_right = True
                    right_seen = True
                    l2_right = p.raw_cat
                else:
                    l2_left = p.raw_cat
                    left_l2_here = j != h
                continue
            (texts_right if side_right else texts_left).append(Cell(p.text, j + 1))
        if j == h:
            continue  # the header line contributes categories only
        if not texts_left and not texts_right:
            continue
        if side_right:
            left_pairs = _pairs(texts_left)
            right_pairs = _pairs(texts_right)
        else:
            left_pairs, right_pairs = _split_halves(texts_left)
        r_l2 = l2_right if right_seen else l2_left
        for half, pairs, l2 in (("实施期", left_pairs, l2_left), ("年度", right_pairs, r_l2)):
            for name, value in pairs:
                recs.append(_rec(half, l1, l2, name, value))
    return recs, rejects


def _prose(line: str) -> bool:
    """Whether a line with no cells among a tab grid's lines is a paragraph (sentences: a
    `。` in 20 characters or more), as a PDF prints text between two tables; no row of a grid.

    >>> _prose("项目概况：本项目2024年安排资金120万元，用于培训1000人次。"), _prose("培训人数")
    (True, False)
    """
    text = squash(line)
    return len(text) >= 20 and "。" in text


def _split_halves(cells: list[Cell]) -> tuple[list, list]:
    """Cells of one tab line without a right-half category: nL vL nR vR (some missing)."""
    n = len(cells)
    if n == 4:
        return [(cells[0], cells[1])], [(cells[2], cells[3])]
    if n == 2:
        return [(cells[0], cells[1])], []
    if n == 3:
        a, b, c = cells
        if squash(a.text) == squash(c.text):
            return [(a, b)], [(c, None)]
        if squash(a.text) == squash(b.text) or value_like(b.text) and value_like(c.text):
            return [(a, None)], [(b, c)]
        return [(a, b)], [(c, None)]
    if n == 1:
        return [(cells[0], None)], []
    half = n // 2
    return _pairs(cells[:half]), _pairs(cells[half:])


def _rec(half: str, l1: str, l2: str, name: Cell | None, value: Cell | None) -> dict:
    line = name.line if name is not None else (value.line if value is not None else 0)
    return {
        "half": half, "l1": l1, "l2": l2, "line": line,
        "name": name.text if name is not None else "",
        "value": value.text if value is not None else "",
    }


# --------------------------------------------------------------------------
# Space layout


def _parse_space_grid(lines: list[str], blank: set[int], g0: int, g1: int, single: bool = False,
                      floor: tuple[int, int] | None = None, align: Alignment | None = None
                      ) -> tuple[list[dict], list[tuple]]:
    """A space-separated grid: the two halves side by side, or one value column (``single``;
    ``floor`` and ``align``: its document's column widths and alignment, :func:`_document_layout`;
    ``blank``: lines of a row whose value is blank, :func:`_without_extra_columns`). In a
    document whose rows are centred, lines of one piece before the grid's first category
    cells begin its first row's name (its first lines, printed above the row's line)."""
    pieces = _space_pieces(lines, blank, g0, g1)
    width = _column_width(pieces)
    caps = _grid_caps(pieces, floor) if single else [0, 0]
    if single:
        pieces = _wrapped_lines(pieces, caps, align)
    recs: list[dict] = []
    l1 = ""
    l2_left = ""
    l2_right = ""
    left_code: str | None = None
    right_seen = False
    seq: list[Piece] = []

    right_at: list[int] = []

    def close() -> None:
        if seq and single:
            recs.extend(_rec(HALVES[0], l1, l2_left, n, v) for n, v in _single_rows(seq, caps[0]))
        elif seq:
            _emit_group(recs, l1, l2_left, l2_right if right_seen else l2_left, list(seq), width,
                        right_at[0] if right_at else None)
        seq.clear()
        right_at.clear()

    lead = ""  # centred: lines alone before the grid's first category cells, its first name's start
    for i, p in enumerate(pieces):
        if p.cat and single and align is not None and align.centred and not (l1 or l2_left) \
                and seq and len({x.line for x in seq}) == len(seq):
            lead = "".join(x.text for x in seq)
            seq.clear()
        if lead and not p.cat:
            p, lead = dataclasses.replace(p, text=lead + p.text), ""
        if p.cat:
            level, canon = _second_level(pieces, i)
            if level == "l1":
                close()
                l1 = p.raw_cat
                left_code = None
                if not _l2_under(l1, l2_left):
                    l2_left = l2_right = ""
                continue
            if not single and left_code is not None and canon == left_code and not right_seen:
                right_seen = True
                l2_right = p.raw_cat
                right_at.append(len(seq))
                continue
            close()
            left_code = canon
            right_seen = False
            l2_left = p.raw_cat
            l2_right = ""
            continue
        seq.append(p)
    close()
    return recs, []


def _space_pieces(lines: list[str], blank: set[int], g0: int, g1: int) -> list[Piece]:
    """The pieces of a space-separated grid's lines ``g0:g1``, category cells marked (a
    category word that is a name is none) and repeated header words left out; a line of
    ``blank`` (a row whose value is blank) ends in an empty piece, its value."""
    pieces = _category_ends_joined(_line_pieces(lines, g0, g1))
    split: list[Piece] = []
    for p in pieces:
        split.extend(_split_categories(p))
    pieces = _merge_categories(split)
    # drop repeated header words (a grid continued on a new page)
    header_words = set(_layout()["grid_header"])
    pieces = [p for p in pieces if squash(p.text) not in header_words]
    for i, p in enumerate(pieces):
        if p.cat and _short_category_is_name(pieces, i):
            p.cat = None
    for i in reversed(range(len(pieces))):
        if pieces[i].last and pieces[i].line in blank and not pieces[i].cat:
            pieces[i].last = False
            pieces.insert(i + 1, Piece("", pieces[i].line, False, True))
    return pieces


def _category_ends_joined(pieces: list[Piece]) -> list[Piece]:
    """``pieces`` with a category cell that wrapped at its row's line joined to its end, which
    begins the next line (`预算(或投资规模)控制指` + `标`, `社会公众或服务对象满意度指` + `标`, as
    text printed a line per printed line gives a narrow category column; centred, the cell's
    first line stands alone above the row's line, which its end begins): the cell stands
    among a row's first cells (category cells only before it, other cells after it or after
    its end; first on its line, it reads as a category or its end completes or ends with
    `指标`: `1.社会公众或服务对象满意` + `度指标`), its end is no more than three characters, and the
    two make a category word.

    >>> ps = [Piece("产出指标", 4, True, False), Piece("预算(或投资规模)控制指", 4, False, False),
    ...       Piece("预算执行率", 4, False, False), Piece("≥95%", 4, False, True), Piece("标", 5, True, True)]
    >>> [(p.text, p.line) for p in _category_ends_joined(ps)]
    [('产出指标', 4), ('预算(或投资规模)控制指标', 4), ('预算执行率', 4), ('≥95%', 4)]
    >>> ps = [Piece("预算(或投资规模)控制指", 4, True, True), Piece("标", 5, True, False),
    ...       Piece("预算执行率", 5, False, False), Piece("≥95%", 5, False, True)]
    >>> [(p.text, p.line, p.first) for p in _category_ends_joined(ps)]
    [('预算(或投资规模)控制指标', 4, True), ('预算执行率', 5, True), ('≥95%', 5, False)]
    >>> ps = [Piece("社会公众或服务对象满意度", 6, True, True), Piece("满意度指标", 7, True, False),
    ...       Piece("指标", 7, False, False), Piece("政策满意度", 7, False, False),
    ...       Piece("≥90%", 7, False, True)]
    >>> [p.text for p in _category_ends_joined(ps)]
    ['社会公众或服务对象满意度指标', '满意度指标', '政策满意度', '≥90%']
    """
    out = list(pieces)
    lines: dict[int, list[int]] = {}  # line → its pieces' indices
    for k, p in enumerate(out):
        lines.setdefault(p.line, []).append(k)
    dropped: set[int] = set()
    for ln, here in lines.items():
        below = lines.get(ln + 1)
        if below is None or all(len(out[k].text) > 3 for k in below):
            continue  # (cheap: most lines hold no such end)
        # the next line's first piece that is no category cell (a 一级 cell may stand before it)
        at = next((n for n, k in enumerate(below) if category_of(out[k].text) is None), None)
        if at is None:
            continue
        q = out[below[at]]
        if len(squash(q.text)) > 3 or value_like(q.text):
            continue
        for pos, k in enumerate(here):  # the line's category cells, then its first other cell
            p = out[k]
            level = category_of(p.text)
            if (not p.last or (p.first and not q.last)) and category_of(p.text + q.text) is not None \
                    and (pos or level is not None or p.text.endswith("指")
                         or squash(q.text).startswith(("指标", "标")) or squash(q.text).endswith("指标")):
                out[k] = dataclasses.replace(p, text=p.text + q.text)
                dropped.add(below[at])
                rest = [below[n] for n in range(len(below)) if n != at]
                if rest and q.first:  # the next piece on its line now opens it
                    out[rest[0]] = dataclasses.replace(out[rest[0]], first=True)
                if rest and q.last:  # the piece before it now ends it
                    out[rest[-1]] = dataclasses.replace(out[rest[-1]], last=True)
                break
            if level is None:
                break
    return [p for k, p in enumerate(out) if k not in dropped]


def _row_caps(pieces: list[Piece]) -> tuple[list[int], int]:
    """A one-value-column grid's name and value widths on its rows' lines (lines of two
    cells or more; half-width columns) and the number of such lines."""
    lines: dict[int, list[Piece]] = {}
    for p in pieces:
        if not p.cat:
            lines.setdefault(p.line, []).append(p)
    rows = [c for c in lines.values() if len(c) >= 2]
    if not rows:
        return [0, 0], 0
    return [max(_display_width(c[0].text) for c in rows),
            max(_display_width(c[-1].text) for c in rows)], len(rows)


def _grid_caps(pieces: list[Piece], floor: tuple[int, int] | None) -> list[int]:
    """A one-value-column grid's name and value widths (:func:`_row_caps`), its document's
    (``floor``) where its own rows are too few, or its cells too short, to show them."""
    caps, n = _row_caps(pieces)
    if floor is None:
        return caps
    return [max(c, f) if n < _FEW_ROWS or c < _WRAP_MIN else c for c, f in zip(caps, floor, strict=True)]


# a grid of fewer rows' lines than this borrows its document's column widths (the median of
# its other grids', :func:`_document_layout`) where they are wider than its own; so does a
# column of a grid whose cells on the rows' lines are all narrower than :data:`_WRAP_MIN` (in
# text printed centred, a wrapped cell shows only its last line there)
_FEW_ROWS = 3


def _document_layout(lines: list[str], grids: list[tuple[int, int] | None]
                     ) -> tuple[tuple[int, int] | None, Alignment, OwnCells]:
    """How a document's space-separated grids of one name and one value column print
    (``grids``: each table's ``g0, g1``, :func:`_grid_span`): the widths of the two columns,
    the median over its grids read by the seeds' space reader of :data:`_FEW_ROWS` rows'
    lines or more (``None`` without such a grid), and whether a wrapped cell's rows are
    centred (:class:`Alignment`). A document's tables share their template, so a grid too
    small to show its widths (a row whose cell wrapped over two lines shows only its last
    line beside the others, when a PDF centres them) is read with its document's."""
    from statistics import median

    align, own_cells = Alignment(), OwnCells()
    caps = []
    for grid in grids:
        if grid is None:
            continue
        g0, g1 = grid
        body = lines[g0 - 1:g1]
        if any("\t" in ln for ln in body) or _space_split_grid(lines, g0, g1, align, own_cells) is not None \
                or _single_half(lines[g0 - 1], TableHeader(0, 0)) is None or _mirrored(body[1:]):
            continue
        pieces = _space_pieces(*_without_extra_columns(lines, g0, g1), g0, g1)
        _wrapped_lines(pieces, None, align)
        c, n = _row_caps(pieces)
        if n >= _FEW_ROWS:
            caps.append(c)
    align.centred, align.decided = align.down > align.up, True
    own_cells.settle()
    if not caps:
        return None, align, own_cells
    return (int(median(c[0] for c in caps)), int(median(c[1] for c in caps))), align, own_cells


Run = tuple[list[str], tuple[str, str] | None, tuple[str, str] | None]  # lines, row above, below
# a column narrower than eight characters (16 half-width columns) on the rows' lines is
# not known to wrap: too few rows, or short cells, to tell a full line from a short one
_WRAP_MIN = 16


def _spans(flags: list[bool]) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of true flags.

    >>> _spans([False, True, True, False, True])
    [(1, 3), (4, 5)]
    """
    out: list[tuple[int, int]] = []
    at = 0
    for flag, group in itertools.groupby(flags):
        n = sum(1 for _ in group)
        if flag:
            out.append((at, at + n))
        at += n
    return out


def _fills(text: str, cap: int) -> bool:
    """Whether a line of a cell is full: as wide, within two characters, as ``cap`` (its
    column's widest cell on the rows' lines, in half-width columns) — a cell wraps only a
    full line."""
    return cap >= _WRAP_MIN and _display_width(text) >= cap - 4


def _wrapped_lines(pieces: list[Piece], caps: list[int] | None = None,
                   align: Alignment | None = None) -> list[Piece]:
    """A grid of one value column: lines of a wrapped cell joined to that cell.

    A PDF centres a row's short cells beside its tallest one, so a text extractor that
    prints a line per printed line (pdfplumber's ``extract_text``, ``pdftotext``) prints
    the first lines of a wrapped cell above the row's line, before even its category
    cells, and the last ones below it; a table whose cells are aligned to their top (Word's
    default) prints every line but the first below it.

    ``caps``: the name and value columns' widths (:func:`_grid_caps`; by default those its
    own rows' lines show).

    * Runs of lines of one piece between rows' lines go on the row above's cell or begin
      the row below's as :func:`_wrapped_run` divides them (the lines it leaves are read by
      :func:`_single_rows`).
    * A line of two full pieces and no category right above a row's line that opens a
      category and holds no value-shaped piece begins both its cells (a name and a value
      wrapped over as many lines), unless the row above it is full in both columns (then
      it goes on that row).

    >>> ps = [Piece("时效指标", 1, True, False, ("l2", "timeliness"), "时效指标"),
    ...       Piece("资金拨付时间", 1, False, False), Piece("年底前拨付", 1, False, True),
    ...       Piece("为选调生提供必要的驻村生活", 2, True, True),
    ...       Piece("目的", 3, True, False), Piece("保障，激励选调生", 3, False, True),
    ...       Piece("群众满意度", 4, True, False), Piece("为选调生提供必要的驻村生活", 4, False, True),
    ...       Piece("保障", 5, True, True)]
    >>> [(p.text, p.line) for p in _wrapped_lines(ps) if not p.cat]  # doctest: +NORMALIZE_WHITESPACE
    [('资金拨付时间', 1), ('年底前拨付', 1), ('目的', 3), ('为选调生提供必要的驻村生活保障，激励选调生', 3),
     ('群众满意度', 4), ('为选调生提供必要的驻村生活保障', 4)]
    """
    lines: dict[int, list[Piece]] = {}
    for p in pieces:
        lines.setdefault(p.line, []).append(p)
    order = list(lines)
    cells = {ln: [p for p in ps if not p.cat] for ln, ps in lines.items()}
    rows = [ln for ln in order if len(cells[ln]) >= 2]
    if not rows:
        return pieces
    if caps is None:
        caps = _row_caps(pieces)[0]

    def full(text: str, column: int) -> bool:
        return _fills(text, caps[column])

    line_of = {id(p): p.line for p in pieces}
    taken: dict[int, int] = {}  # a row's line → lines of two cells it took above less below
    joined: dict[int, str] = {}  # id of a row's cell piece → the lead lines' text before it
    dropped: set[int] = set()
    runs: list[list[Piece]] = []  # each run of one-piece lines
    specs: list[Run] = []
    moved: dict[int, int] = {}  # a piece of a line of two joined to a row → that row's cell
    after: dict[int, str] = {}  # id of a row's cell piece → the lines going on it below
    for k, ln in enumerate(order):
        # a row whose name and value are both full: lines of two pieces and no category below
        # it go on both cells while the line before them is full in both
        if (ln not in rows or id(cells[ln][0]) in dropped
                or not (full(cells[ln][0].text, 0) and full(cells[ln][-1].text, 1))):
            continue
        last = cells[ln]
        for nxt in order[k + 1:]:
            two = cells[nxt]
            if not (len(two) == 2 == len(lines[nxt]) and full(last[0].text, 0)
                    and full(last[-1].text, 1)) or any(value_like(p.text) for p in two):
                break
            for a, b in ((two[0], cells[ln][0]), (two[1], cells[ln][-1])):
                after[id(b)] = after.get(id(b), "") + a.text
                moved[id(a)] = id(b)
                dropped.add(id(a))
            taken[ln] = taken.get(ln, 0) - 1  # a line below the row's
            last = two
    for k, ln in enumerate(order):
        if ln not in rows or k == 0 or id(cells[ln][0]) in dropped:
            continue
        up = cells[order[k - 1]]
        if (len(up) == 2 == len(lines[order[k - 1]]) and len(cells[ln]) < len(lines[ln])
                and full(up[0].text, 0) and full(up[1].text, 1) and id(up[0]) not in dropped
                and not any(value_like(p.text) for p in cells[ln])):
            above = cells[order[k - 2]] if k > 1 else []
            if not (len(above) >= 2 and full(above[0].text, 0) and full(above[-1].text, 1)):
                taken[ln] = taken.get(ln, 0) + 1 + taken.pop(order[k - 1], 0)  # lines above it
                for a, b in ((up[0], cells[ln][0]), (up[1], cells[ln][-1])):
                    joined[id(b)] = joined.pop(id(a), "") + a.text
                    moved[id(a)] = id(b)
                    dropped.add(id(a))
    # each run of lines of one piece, between the rows' lines above and below it
    spans = _spans([len(lines[ln]) == 1 and bool(cells[ln]) for ln in order])
    row_set = set(rows)
    around: list[tuple[list[Piece] | None, list[Piece] | None]] = []
    for k, end in spans:
        above = cells[order[k - 1]] if k > 0 and order[k - 1] in row_set else None
        below = cells[order[end]] if end < len(order) and order[end] in row_set else None
        runs.append([cells[x][0] for x in order[k:end]])
        around.append((above, below))
        specs.append(([p.text for p in runs[-1]], (above[0].text, above[-1].text) if above else None,
                      (below[0].text, below[-1].text) if below else None))
    def row_of(ln: int) -> int:  # the row line a line's cells went on
        into = id(cells[ln][0]) if cells[ln] else None
        while into in moved:
            into = moved[into]
        return line_of.get(into, ln) if into is not None else ln

    def follows(i: int, k: int) -> bool:  # run i's row above is the row run i - 1 began
        return i > 0 and k > 0 and spans[i - 1][1] < len(order) \
            and row_of(order[spans[i - 1][1]]) == row_of(order[k - 1])

    adjacent = [follows(i, k) for i, (k, _) in enumerate(spans)]
    allowed = [taken.get(row_of(order[k - 1]), 0) if k else 0 for k, _ in spans]
    opens = [k == 0 and end < len(order) and order[end] in row_set
             and len(cells[order[end]]) < len(lines[order[end]]) for k, end in spans]
    plan = _wrap_plan(specs, caps, adjacent, align, allowed, opens)
    for run, (above, below), (start, up, down) in zip(runs, around, plan, strict=True):
        if up is not None and above is not None and start:
            into = id(above[0] if up == 0 else above[-1])
            while into in moved:  # that cell's line was joined to another row's cells
                into = moved[into]
            after[into] = after.get(into, "") + "".join(p.text for p in run[:start])
            dropped.update(id(p) for p in run[:start])
        if down is not None and below is not None:
            into = id(below[0] if down == 0 else below[-1])
            while into in moved:
                into = moved[into]
            joined[into] = "".join(p.text for p in run[start:]) + joined.get(into, "")
            dropped.update(id(p) for p in run[start:])
    if not joined and not after:
        return pieces
    return [dataclasses.replace(p, text=joined.get(id(p), "") + p.text + after.get(id(p), ""))
            if id(p) in joined or id(p) in after else p for p in pieces if id(p) not in dropped]


def _wrapped_run(run: list[str], caps: list[int], above: tuple[str, str] | None,
                 below: tuple[str, str] | None, max_up: int | None = None, opens: bool = False
                 ) -> tuple[int, int | None, int | None]:
    """How lines of one piece between two rows of a grid of one name and one value column
    divide: ``(start, up, down)``, the first ``start`` lines going on the row above's cell
    of column ``up`` (0 the name, 1 the value; None: none goes on) and the rest beginning
    the row below's cell of column ``down`` (None: they begin none).

    A cell wraps only a full line: one at least as wide, within two characters, as the
    widest of its column's cells on the rows' lines (``caps``, half-width columns; a column
    narrower than eight characters is not known to wrap). A full
    cell of the row above goes on below it when the first line is no wider than it, up to
    the first line that is not as wide. The lines left begin the row below's cell when
    they are all full: in the column whose width they fill, or when both are as wide, the
    name when the row's value is shaped as a value (`≥99%`), else the value. When the lines
    may both go on the row above and begin the row below, a word broken across the line
    ends decides (`…验收合` + `格率`), as does one broken where the lines would part (`…维持治疗可`
    + `以有效地…`: none goes on the row above). A note in brackets begins no cell. At most ``max_up``
    lines go on the row above (:func:`_wrap_plan`, a document whose rows are centred).
    Where the row below is the grid's first and ``opens`` its category in a document whose
    rows are centred (its line begins with its category cells, nothing above the lines),
    lines that end as a name before its name ending so still begin it: a row of their own
    would have carried the category cells.

    >>> _wrapped_run(["优秀单位和个人进行表彰"], [24, 24], ("目的", "对高质量发展综合考核、对"),
    ...              ("受表彰个人", "满意"))
    (1, 1, None)
    >>> _wrapped_run(["为屯留区经济发展提供企业家培训"], [24, 24], ("完成时效", "2024年2月至2025年2月完成"),
    ...              ("多维度的服务", "、项目介绍"))
    (0, None, 1)
    >>> _wrapped_run(["三员合一补助方案验收合"], [22, 8], ("三员合一补助行政村数量", "1个"), ("格率", "100%"))
    (0, None, 0)
    """
    def full(text: str, column: int) -> bool:
        return _fills(text, caps[column])

    def begins(leads: list[str]) -> int | None:  # the column of the row below they begin
        fits = [full(leads[-1], c) for c in (0, 1)] if leads and below is not None else [False]
        if not any(fits):
            return None
        down = 0 if fits[0] and (not fits[1] or value_like(below[1])) else 1
        if down == 1 and fits[0] and _goes_on(leads[-1], below[0]) and not _goes_on(leads[-1], below[1]):
            down = 0  # `…影响程` + `度`, `…“四项制度` + `”健全…`: the name's first lines
        if (down == 0 and value_like(leads[-1])) or not all(full(t, down) for t in leads):
            return None
        if re.fullmatch(r"[（(].*[)）]", leads[0]):
            return None  # a note in brackets goes on the cell before it
        if down == 0 and not opens and _ends_as_name(leads[-1]) and _ends_as_name(below[0]):
            from nlp.tokenize import joins_word

            if not joins_word(leads[-1], below[0]):
                return None  # two whole names: the line is a row of its own (its value blank)
        return down

    start, up = 0, None
    if above is not None:
        goes_on = [(_display_width(a), c) for c, a in enumerate(above)
                   if full(a, c) and _display_width(run[0]) <= _display_width(a) + 4]
        if goes_on:
            line, up = max(goes_on)
            start = next((i + 1 for i, t in enumerate(run) if _display_width(t) < line - 4), len(run))
    if max_up is not None and start > max_up:
        start, up = max_up, (up if max_up else None)
    if start and (down := begins(run)) is not None:
        # a full cell above that ended at the line's end: a word broken across the lines
        # tells which cell the lines belong to
        from nlp.tokenize import joins_word

        if (joins_word(run[-1], below[down]) or start < len(run) and joins_word(run[start - 1], run[start])) \
                and not joins_word(above[up], run[0]):
            return 0, None, down
    return start, up, begins(run[start:])


_PAIRS = {"(": ")", "（": "）", "“": "”", "‘": "’", "《": "》", "【": "】", "[": "]"}


def _goes_on(line: str, cell: str) -> bool:
    """Whether ``cell`` reads as the rest of the text ``line`` began: a word broken across
    them, or a bracket or quote that ``line`` opened and ``cell`` closes.

    >>> _goes_on("对控制基建项目成本影响程", "度"), _goes_on("对推动基建项目“四项制度", "”健全和落实")
    (True, True)
    >>> _goes_on("对推动基建项目“四项制度", "效果明显"), _goes_on("培训人数(人)", ")")
    (False, False)
    """
    from nlp.tokenize import joins_word

    if not line or not cell:
        return False
    for a, b in _PAIRS.items():
        if line.rfind(a) > line.rfind(b) and b in cell and (a not in cell or cell.find(b) < cell.find(a)):
            return True
    return joins_word(line, cell)


def _wrap_plan(runs: list[Run], caps: list[int], adjacent: list[bool] | None = None,
               align: Alignment | None = None, taken: list[int] | None = None,
               opens: list[bool] | None = None) -> list[tuple[int, int | None, int | None]]:
    """:func:`_wrapped_run` of every run of a grid, twice: a line found to begin a cell is a
    full line of its column, so the second pass measures the columns with those lines too
    (a cell over two lines shows its full line only above its row's line).

    ``align`` (:class:`Alignment`) counts the runs found to go on the row above and to begin
    the row below; where it says the document's rows are centred, a run goes on the row
    above with no more lines than began that row's cells (``adjacent[i]``: run ``i - 1``
    ended right above the row run ``i`` follows; ``taken[i]``: the lines of two cells that
    row took above its line less those it took below), as a PDF centring a row's cells
    prints no more of a wrapped cell's lines below the row's line than above it.
    ``opens[i]``: run ``i`` begins the grid and the row below it opens its category
    (:func:`_wrapped_run`)."""
    centred = align is not None and align.decided and align.centred
    opening = [centred and bool(opens and opens[i]) for i in range(len(runs))]
    plan = [_wrapped_run(run, caps, above, below, None, o)
            for (run, above, below), o in zip(runs, opening, strict=True)]
    wider = list(caps)
    for (run, _, _), (start, _, down) in zip(runs, plan, strict=True):
        if down is not None:
            wider[down] = max([wider[down], *(_display_width(t) for t in run[start:])])
    if wider != caps:
        plan = [_wrapped_run(run, wider, above, below, None, o)
                for (run, above, below), o in zip(runs, opening, strict=True)]
    if align is None:
        return plan
    align.count(plan)
    if not align.centred:
        return plan
    out: list[tuple[int, int | None, int | None]] = []
    for i, ((run, above, below), first) in enumerate(zip(runs, plan, strict=True)):
        heads = taken[i] if taken is not None else 0
        if i and adjacent is not None and adjacent[i] and out[i - 1][2] is not None:
            heads += len(runs[i - 1][0]) - out[i - 1][0]
        heads = max(heads, 0)
        out.append(first if first[0] <= heads else _wrapped_run(run, wider, above, below, heads, opening[i]))
    return out


@dataclass
class Alignment:
    """How a document's text prints a row whose cell wrapped: ``centred`` (its first lines
    above the row's line, as pdfplumber and pdftotext print a PDF that centres a row's cells
    vertically) or not (top-aligned: every line but the first below it), read from the
    document's own grids: the runs of lone lines found to begin the row below outnumber
    those found to go on the row above (top-aligned text has almost none of the first)."""

    centred: bool = False
    down: int = 0
    up: int = 0
    decided: bool = False  # counted over the whole document: the plans no longer count

    def count(self, plan: list[tuple[int, int | None, int | None]]) -> None:
        if self.decided:
            return
        self.down += sum(down is not None for _, _, down in plan)
        self.up += sum(bool(start) and up is not None for start, up, _ in plan)


def _display_width(text: str) -> int:
    return sum(1 if ord(c) < 0x2E80 else 2 for c in text)


def _column_width(pieces: list[Piece]) -> int:
    """Width (in half-width columns) of the widest cell column of a grid.

    A line that holds one cell only (one piece, or pieces split by the PDF
    around digits) is one line of one cell; the widest such line is as wide as
    the widest column (the 三级指标 column).
    """
    by_line: dict[int, list[Piece]] = {}
    for p in pieces:
        by_line.setdefault(p.line, []).append(p)
    widths = []
    for ps in by_line.values():
        if any(p.cat for p in ps) or not ps[0].first or not ps[-1].last:
            continue
        if len(ps) > 1 and (value_like(ps[-1].text) or not all(
            _DIGIT_EDGE.search(a.text) or _DIGIT_START.match(b.text) for a, b in zip(ps, ps[1:], strict=False)
        )):
            continue
        widths.append(_display_width(" ".join(p.text for p in ps)))
    return max(widths) if widths else 0


_DIGIT_EDGE = re.compile(r"[\d%.]$")
_DIGIT_START = re.compile(r"^[\d.]")


def _emit_group(recs: list[dict], l1: str, l2l: str, l2r: str, seq: list[Piece], width: int,
                right_at: int | None = None) -> None:
    """Rows of one 二级 group, the two halves found by their repetition."""
    i = 0
    while i < len(seq):
        m = None
        if i == 0 and right_at:
            # the right half's 二级 cell stands level with the first row
            end = _mirror_at(seq, 0, right_at)
            m = (right_at, end) if end is not None else None
        if m is None:
            m = _mirror(seq, i, deep=True)
        if m is None:
            # halves differ here: read up to where they agree again
            j = next((k for k in range(i + 2, len(seq)) if _mirror(seq, k) is not None
                      and _mirror_to_end(seq, k)), len(seq))
            _emit_fallback(recs, l1, l2l, l2r, seq[i:j])
            i = j
            continue
        mid, end = m
        left, right = seq[i:mid], seq[mid:end]
        name, value = _split_name_value(left, right, width)
        for half, part, l2 in (("实施期", left, l2l), ("年度", right, l2r)):
            recs.append({"half": half, "l1": l1, "l2": l2, "line": part[0].line,
                         "name": clean_cell(name), "value": clean_cell(value)})
        i = end


def _single_rows(seq: list[Piece], cap: int = 0) -> list[tuple[Cell | None, Cell | None]]:
    """(name, value) rows of a grid with one value column, a line at a time.

    A line of two or more pieces is a row: its last piece the value when only that one has a
    value's shape, else its first piece the name. A line of one piece is a name and value
    glued by the PDF, the value of the row above when it has none and this one is shaped as
    a value, the continuation of the row above's last cell when that cell wrapped (a name
    only when it stopped mid-phrase, `…保障沿线群众的`), or a row of its own. A name without a
    value whose last line is not full (:func:`_fills`, ``cap`` its column's width: a value
    left blank in every row shows none of its own) goes on no further unless it stopped
    mid-phrase.

    >>> rows = _single_rows([Piece("编外人员聘用数", 1, True, False), Piece("≥80人", 1, False, True),
    ...                      Piece("网格工作台账完成率", 2, True, False), Piece("100%", 2, False, True),
    ...                      Piece("出台相关", 3, True, False), Piece("文件数量≥10份", 3, False, True)])
    >>> [(n.text, v.text) for n, v in rows]
    [('编外人员聘用数', '≥80人'), ('网格工作台账完成率', '100%'), ('出台相关', '文件数量≥10份')]
    """
    rows: list[list[Piece]] = []  # the pieces of each row's name and value
    by_line: dict[int, list[Piece]] = {}
    for p in _join_number_gaps(seq):
        by_line.setdefault(p.line, []).append(p)
    for ps in by_line.values():
        if len(ps) >= 2:
            valued = [value_like(p.text) for p in ps]
            cut = len(ps) - 1 if valued[-1] and not any(valued[:-1]) else 1
            rows.append([ps[:cut], ps[cut:]])
            continue
        p = ps[0]
        last = rows[-1] if rows else None
        if glued := _split_glued_value(p.text):
            rows.append([[dataclasses.replace(p, text=glued[0])], [dataclasses.replace(p, text=glued[1])]])
        elif last and not last[1] and value_like(p.text):
            last[1] = [p]
        elif last and not last[1] and _whole_names(last[0], p):
            rows.append([[p], []])  # a name left without a value, then the next name
        elif last and last[0] and not last[1] and cap >= _WRAP_MIN and not _fills(last[0][-1].text, cap) \
                and not _MID_PHRASE.search(last[0][-1].text):
            rows.append([[p], []])  # its name ended short of its column: the next name
        elif last and _wraps(last[1] or last[0], p):
            (last[1] or last[0]).append(p)  # the value wrapped (or the name of a row without one)
        elif last and last[0] and not value_like(p.text) and _MID_PHRASE.search(last[0][-1].text):
            last[0].append(p)  # the name stopped mid-phrase: it wrapped past its value's line
        else:
            rows.append([[p], []])

    def cell(part: list[Piece]) -> Cell | None:
        return Cell(clean_cell("".join(x.text for x in part)), part[0].line) if part else None

    return [(cell(n), cell(v)) for n, v in rows]


def _mirror_to_end(seq: list[Piece], i: int) -> bool:
    """Whether ``seq[i:]`` reads as mirrored rows to its end."""
    while i < len(seq):
        m = _mirror(seq, i)
        if m is None:
            return False
        i = m[1]
    return True


def _mirror_at(seq: list[Piece], i: int, mid: int) -> int | None:
    """``end`` such that ``seq[mid:end]`` spells the same text as ``seq[i:mid]``."""
    x = "".join(squash(p.text) for p in seq[i:mid])
    acc = ""
    for end in range(mid + 1, len(seq) + 1):
        acc += squash(seq[end - 1].text)
        if len(acc) >= len(x):
            return end if acc == x else None
    return None


def _mirror(seq: list[Piece], i: int, deep: bool = False) -> tuple[int, int] | None:
    """Find ``mid, end`` with ``seq[i:mid]`` and ``seq[mid:end]`` spelling the same text.

    The shortest repetition of at least two pieces wins, unless (with
    ``deep``) only a longer one lets the rest of the group read as mirrored
    rows too (a value that restates its name repeats inside one half).
    """
    candidates = []
    for mid in range(i + 1, len(seq)):
        end = _mirror_at(seq, i, mid)
        if end is not None:
            candidates.append((mid, end))
    if not candidates:
        return None
    ranked = [c for c in candidates if c[0] - i >= 2] + [c for c in candidates if c[0] - i < 2]
    if deep:
        for mid, end in ranked:
            if _mirror_to_end(seq, end):
                return mid, end
    return ranked[0]


def _boundaries(part: list[Piece]) -> dict[int, Piece]:
    """Character offsets (in squashed text) where a piece starts → that piece."""
    out = {}
    off = 0
    for p in part:
        out[off] = p
        off += len(squash(p.text))
    return out


def _split_name_value(left: list[Piece], right: list[Piece], width: int) -> tuple[str, str]:
    """Choose where the name ends and the value begins, in both halves at once."""
    text = "".join(squash(p.text) for p in left)
    bl, br = _boundaries(left), _boundaries(right)
    cands = sorted((set(bl) & set(br)) - {0})
    m = _GLUED_VALUE.search(text)
    if m and m.start() > 0:
        cands.append(m.start())
    if not cands:
        return text, ""
    best = max(cands, key=lambda o: (_split_score(left, o, width) + _split_score(right, o, width)
                                     + _shape_score(text, o), o))
    return text[:best], text[best:]


def _shape_score(text: str, o: int) -> int:
    """How much ``text[:o]`` looks like a name and ``text[o:]`` like a value."""
    _init()
    name, value = text[:o], text[o:]
    score = 3 if value_like(value) else 0
    if value in _VALUE_WORDS:
        score += 2
    if name and name[-1] in _NAME_END:
        score += 4
    if value and (value[0] in _BAD_VALUE_START or (name and name[-1] in "0123456789.")):
        score -= 5
    return score


def _split_score(part: list[Piece], offset: int, width: int) -> int:
    """Penalise a name whose non-final lines are not full (it would not have wrapped)."""
    lines: dict[int, list[str]] = {}
    off = 0
    for p in part:
        if off >= offset:
            break
        lines.setdefault(p.line, []).append(p.text)
        off += len(squash(p.text))
    keys = sorted(lines)
    score = 0
    for ln in keys[:-1]:
        if _display_width(" ".join(lines[ln])) < width - 4:
            score -= 4
    return score


def _join_number_gaps(seq: list[Piece]) -> list[Piece]:
    """`不满 3 周岁的奖励对象`: a number the PDF set apart inside a phrase."""
    out: list[Piece] = []
    i = 0
    while i < len(seq):
        p = seq[i]
        nxt = seq[i + 1] if i + 1 < len(seq) else None
        nxt2 = seq[i + 2] if i + 2 < len(seq) else None
        if (nxt is not None and nxt2 is not None and not p.last and not nxt.last
                and nxt.line == p.line == nxt2.line and re.fullmatch(r"\d+(?:\.\d+)?", nxt.text)
                and re.match(r"[\u4e00-\u9fff]", nxt2.text) and not _is_unit(nxt2.text)
                and not value_like(p.text)):
            out.append(Piece(p.text + nxt.text + nxt2.text, p.line, p.first, nxt2.last))
            i += 3
            continue
        out.append(p)
        i += 1
    return out


def _is_unit(text: str) -> bool:
    assert _UNITS is not None
    return bool(_UNITS.match(text))


def _emit_fallback(recs: list[dict], l1: str, l2l: str, l2r: str, seq: list[Piece]) -> None:
    """Halves that differ: join wrapped pieces by shape, then alternate halves."""
    items = _build_cells(_join_number_gaps(seq))
    cells = [Cell(clean_cell(x.text), x.line) for x in items]
    lp, rp = _alternate(_pairs(cells))
    for n, v in lp:
        recs.append(_rec("实施期", l1, l2l, n, v))
    for n, v in rp:
        recs.append(_rec("年度", l1, l2r, n, v))


@dataclass
class Item:
    """A category marker or a cell of the space layout."""

    text: str
    line: int
    cat: tuple[str, str] | None = None


def _build_cells(pieces: list[Piece]) -> list[Item]:
    """Join wrapped pieces into cells.

    A piece continues the previous cell only when the previous piece ended its
    line, this one starts a line, the previous line looks full (the cell
    wrapped) and this piece does not look like a value.
    """
    items: list[Item] = []
    prev: Piece | None = None
    cur: list[Piece] = []

    def flush() -> None:
        if cur:
            text = "".join(x.text for x in cur)
            items.append(Item(text, cur[0].line))
            cur.clear()

    for p in pieces:
        if p.cat:
            flush()
            items.append(Item(p.raw_cat, p.line, p.cat))
            prev = p
            continue
        glued = _split_glued_value(p.text)
        if glued and not cur:
            items.append(Item(glued[0], p.line))
            items.append(Item(glued[1], p.line))
            prev = p
            continue
        if cur and prev is not None and prev.last and p.first and p.line > prev.line and (
            _wraps(cur, p)
        ):
            cur.append(p)
        else:
            flush()
            if glued:
                items.append(Item(glued[0], p.line))
                items.append(Item(glued[1], p.line))
                prev = p
                continue
            cur.append(p)
        prev = p
    flush()
    return items


# a name ending with its unit in brackets (`草原有害生物防治面积(万亩)`), and an indicator's
# numbering (`指标2:`, `2.`) beginning a line
_UNIT_CLOSE = re.compile(r"[(（]([^()（）]{1,6})[)）]$")
_INDICATOR_NUMBER = re.compile(r"^(?:指标\s*\d{1,2}|\d{1,2})\s*[:：.．、]")


def _ends_as_name(text: str) -> bool:
    """A text of four characters or more ending as names end (``layout.yaml``
    name_end_chars: `…人数`, `…合格率`) and not shaped as a value."""
    _init()
    return len(text) >= 4 and text[-1] in _NAME_END and not value_like(text)


def _whole_names(name: list[Piece], p: Piece) -> bool:
    """Whether a row's name (its value blank) and the line ``p`` below it are two whole
    names (:func:`_ends_as_name` both; other provinces leave values blank:
    `基本康复服务人数` / `精神病患者提供服药补贴人数` were one name)."""
    return _ends_as_name("".join(x.text for x in name)) and _ends_as_name(p.text)


def _wraps(cur: list[Piece], p: Piece) -> bool:
    """Whether line piece ``p`` goes on the cell ``cur`` (a name or a value) of the row above.
    A name ending with its unit in brackets is whole, and a line numbered as an indicator
    begins a row (other provinces leave values blank: such names were run together)."""
    from nlp.classify import _is_unit

    last = cur[-1].text
    so_far = "".join(x.text for x in cur)
    if value_like(p.text) and not value_like(so_far):
        return False
    if _INDICATOR_NUMBER.match(p.text) or ((m := _UNIT_CLOSE.search(so_far)) and _is_unit(m.group(1))):
        return False
    if value_like(so_far) and not re.search(r"[/、，,（(]$", so_far):
        return False  # a complete value does not run on into the next name
    if len(last) >= 7:
        return True
    # short last line: the cell ended, unless it stops mid-phrase
    return bool(re.search(r"[、，,（(和与及的]$", last))


def _alternate(pairs: list) -> tuple[list, list]:
    """Rows of both halves in reading order (L, R, L, R …); a row found in only
    one half is recognised when its name does not repeat."""
    lp: list = []
    rp: list = []
    i = 0
    while i < len(pairs):
        a = pairs[i]
        b = pairs[i + 1] if i + 1 < len(pairs) else None
        if b is not None and _same_row(a, b):
            lp.append(a)
            rp.append(b)
            i += 2
            continue
        if b is not None and not any(_same_row(a, x) for x in pairs[i + 1:]):
            # halves differ: trust plain alternation
            lp.append(a)
            rp.append(b)
            i += 2
            continue
        lp.append(a)
        i += 1
    return lp, rp


def _same_row(a: tuple, b: tuple) -> bool:
    na = squash(a[0].text) if a[0] is not None else ""
    nb = squash(b[0].text) if b[0] is not None else ""
    return bool(na) and na == nb
