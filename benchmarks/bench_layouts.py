"""Seed tables re-laid as other templates and file formats lay them out: how many rows read back.

Usage: python benchmarks/bench_layouts.py [--tables 40] [--format "cell lines"] [--public]

Takes the 实施期 rows of the first N tables of every seed document (as the text layout gives
them), writes each table as other provinces' documents print it, reads the file back with
``nlp.tables.extract`` and counts the rows whose (一级, 二级, 三级, 指标值) come back exactly, plus
the spurious rows (read but not written), the rejects, the share of rows read into the
right half (a table of one value column is one half: 实施期, or 年度 under `年度指标值`) and
the share of tables whose project name (项目名称) comes back exactly.
Layouts (header forms): plain
`一级|二级|三级|指标值`; the name and value headed `指标名称`, `目标值`; a 计量单位 column before
指标值 (the operator in the number cell, `≥` + `120`) and a 指标值说明 column after it; category
cells numbered (`（一）产出指标`, `1.数量指标`); a leading 序号; a trailing 权重; a 评分标准 column
between name and value; the 2021 template's 指标性质 | 指标值 | 度量单位 | 权重; the levels named on
a second header row under a `绩效指标` cell; a 指标方向性 column (正向指标 / 反向指标) instead of ≥
/ ≤; 指标值 split on a second header row (计算符号 | 数值 | 计量单位); a self-evaluation table
(绩效自评表: 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, the deviation cell
blank); one category column naming both levels (`产出指标-数量指标`) before 指标名称 | 指标值 |
指标解释; no category column, a row of the 一级 word and one of the 二级 word heading their
indicators ("section rows", 指标名称 | 指标值 | 权重); a `联系人：…` signature under the grid
(never a row, never in an output). Formats: .xlsx,
.xls, .docx, .doc (the .docx converted by Spire.Doc's free edition, when installed; 500
paragraphs a file at most, so a few tables a file), .html, .pdf (ruled grids built with
reportlab, read with pdfplumber; and the same grids printed without lines, "unruled pdf"; and
without lines, each table's columns as wide as their text, as Word fits a table to its contents,
"unruled autofit": tables one below another on a page then have columns of their own widths),
tab- separated
text (PDF text), space-separated text (the other PDF text layout, every header form), one
cell per line with empty cells left out ("cell lines": a PDF viewer's copy, a web page's text,
Word's table converted to paragraphs), and the same with every grid cell wider than 12
CJK characters printed over lines as wide ("wrapped lines", header and category cells too, as a
narrow column wraps them; a digit or Latin letter takes half a CJK character's room), and
the ruled PDF's text as pypdf extracts it ("pypdf text": one
cell per line, a cell wrapped in the PDF over lines of its own), as pdfplumber's
``extract_text`` gives it ("pdfplumber text": a line per printed line, a wrapped cell's
lines above and below its row's line) and as PyMuPDF's ``get_text`` gives it ("pymupdf
text", when PyMuPDF is installed: a block per cell); and space text with every grid cell
wider than 12 CJK characters printed over lines as wide, a line per printed line, the cells aligned to
the top of their row ("top-aligned text", Word's default) or centred on it ("centred
text": a wrapped cell's first lines above the row's other cells). A value the
split forms cannot split (a sentence) goes whole into 指标值 marked 定性 (指标性质) or with no
operator and unit.

With ``--public`` the tables are those of other provinces instead (training_data/public: the
rows of each published source as one table, 140 tables, 945 rows; names and values as the
source wrote them, with their units, ★ marks, full-width signs and sentences; the 二级 cell as
declared where it names a category, else the reviewer's category; 一级 from the taxonomy;
rows grouped by category in their order of first appearance; project names made up): how the
readers fare on other provinces' words rather than the seeds'. Rows are then compared with
whitespace removed and a bare number composed with the unit or placeholder target its name
holds, as the readers compose it (`实施营造林总面积(亩)` + `80000` is `80000亩`, `苗木成活率(≥**%)`
+ `85` is `≥85%`).

One difference is a convention, not a loss: the split-column readers move a unit written in
the name into the value (`工作人员满意度(%)` + `≥90` → `≥90%`, as `jixiao` reads such
templates).
"""

from __future__ import annotations

import html
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from split_template import split_cells  # noqa: E402

from nlp.errors import JixiaoError  # noqa: E402
from nlp.tables import _display_width, extract, without_numbering  # noqa: E402

KEY = ["l1_declared", "l2_declared", "name", "value"]
SIGNATURE = "联系人：李四  联系电话：0355-1234567"
WRAP = 12  # CJK characters per line of a wrapped grid cell (24 half-width columns)


def _wrap(cell: str, width: int = WRAP) -> list[str]:
    """``cell`` over lines as a column ``width`` CJK characters wide prints it: a half-width
    character (a digit, a Latin letter, ASCII punctuation) takes half a CJK character's room.

    >>> _wrap("12350安全生产举报奖励次数")
    ['12350安全生产举报奖励次', '数']
    >>> _wrap("")
    []
    """
    lines: list[str] = []
    line, room = "", 2 * width
    for ch in cell:
        w = _display_width(ch)  # as the readers measure a line
        if w > room:
            lines.append(line)
            line, room = "", 2 * width
        line += ch
        room -= w
    return lines + [line] if line else lines


def _rows(t: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """(l1, l2 shown once per run as merged cells print, name, value) of one table."""
    out, last = [], ("", "")
    for r in t.itertuples():
        l1 = r.l1_declared if r.l1_declared != last[0] else ""
        l2 = r.l2_declared if (r.l1_declared, r.l2_declared) != last else ""
        last = (r.l1_declared, r.l2_declared)
        out.append((l1, l2, r.name, r.value))
    return out


def _split(value: str) -> tuple[str, str, str]:
    op, number, unit = split_cells(value)
    return ("", value, "") if op == "定性" else (op, number, unit)


def _directed(value: str) -> tuple[str, str, str]:
    """(指标值, 计量单位, 指标方向性) of a value as templates that write a direction instead of
    ≥ / ≤ print it: `≥95%` → (95, %, 正向指标), `≤400万元` → (400, 万元, 反向指标); another
    operator stays in the number cell (`=100`, `%`), a sentence stays whole."""
    op, number, unit = _split(value)
    if op in ("≥", "≤"):
        return number, unit, "正向指标" if op == "≥" else "反向指标"
    return op + number, unit, ""


LAYOUTS: dict[str, Callable[[pd.DataFrame], list[list[str]]]] = {
    "plain": lambda t: [["一级指标", "二级指标", "三级指标", "指标值"]]
    + [[a, b, n, v] for a, b, n, v in _rows(t)],
    "序号": lambda t: [["序号", "一级指标", "二级指标", "三级指标", "指标值"]]
    + [[str(i + 1), a, b, n, v] for i, (a, b, n, v) in enumerate(_rows(t))],
    "权重": lambda t: [["一级指标", "二级指标", "三级指标", "指标值", "权重"]]
    + [[a, b, n, v, "10"] for a, b, n, v in _rows(t)],
    "评分标准": lambda t: [["一级指标", "二级指标", "三级指标", "评分标准", "指标值"]]
    + [[a, b, n, "完成得满分", v] for a, b, n, v in _rows(t)],
    "2021 template": lambda t: [["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                                 "权重"]] + [[a, b, n, *split_cells(v), "10"] for a, b, n, v in _rows(t)],
    "numbered cats": lambda t: [["一级指标", "二级指标", "三级指标", "指标值"]]
    + [[f"（一）{a}" if a else "", f"1.{b}" if b else "", n, v] for a, b, n, v in _rows(t)],
    "指标名称, 目标值": lambda t: [["一级指标", "二级指标", "指标名称", "目标值"]]
    + [[a, b, n, v] for a, b, n, v in _rows(t)],
    "unit first, 说明": lambda t: [["一级指标", "二级指标", "三级指标", "计量单位", "指标值", "指标值说明"]]
    + [[a, b, n, _split(v)[2], _split(v)[0] + _split(v)[1], "按实际"] for a, b, n, v in _rows(t)],
    "levels named below 绩效指标": lambda t: [["绩效指标", "", "", "指标值"],
                                           ["一级指标", "二级指标", "三级指标", ""]]
    + [[a, b, n, v] for a, b, n, v in _rows(t)],
    "指标方向性 for ≥, ≤": lambda t: [["一级指标", "二级指标", "三级指标", "指标值", "计量单位",
                                    "指标方向性"]]
    + [[a, b, n, *_directed(v)] for a, b, n, v in _rows(t)],
    "two-row header": lambda t: [["一级指标", "二级指标", "三级指标", "指标值", "", "", "权重"],
                                 ["", "", "", "计算符号", "数值", "计量单位", ""]]
    + [[a, b, n, *_split(v), "10"] for a, b, n, v in _rows(t)],
    "self-evaluation": lambda t: [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                                  "得分", "偏差原因分析及改进措施"]]
    + [[a, b, n, v, _split(v)[1] + _split(v)[2], "10", "10", ""] for a, b, n, v in _rows(t)],
    "one category column": lambda t: [["指标类别", "指标名称", "指标值", "指标解释"]]
    + [[f"{a}-{b}", n, v, "按实际"] for a, b, n, v in t[KEY].itertuples(index=False)],
    "section rows": lambda t: [["指标名称", "指标值", "权重"]] + _sections(t),
}


def _sections(t: pd.DataFrame) -> list[list[str]]:
    """Rows of a grid with no category column: a row of the 一级 word, a row of the 二级 word,
    then their indicators (as templates print sections)."""
    out: list[list[str]] = []
    for a, b, n, v in _rows(t):
        out += [[a, "", ""]] if a else []
        out += [[b, "", ""]] if b else []
        out.append([n, v, "10"])
    return out
SPACE_LAYOUTS = tuple(LAYOUTS)  # every layout is also written as space text


def _document(t: pd.DataFrame, grid: list[list[str]]) -> list[list[str]]:
    return [["项目支出绩效目标表"], ["项目名称", t["project"].iloc[0]], *grid, [SIGNATURE]]


def write(fmt: str, path: Path, tables: list[list[list[str]]]) -> Path:
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        r = 1
        for doc in tables:
            for row in doc:
                for c, v in enumerate(row, start=1):
                    if v:
                        cell = sheet.cell(r, c, v)
                        cell.data_type = "s"  # `=100%` is text, as in a published sheet, not a formula
                r += 1
            r += 1
        book.save(path)
    elif fmt == "xls":
        import xlwt

        book = xlwt.Workbook()
        sheet = book.add_sheet("目标表")
        r = 0
        for doc in tables:
            for row in doc:
                for c, v in enumerate(row):
                    if v:
                        sheet.write(r, c, v)
                r += 1
            r += 1
        book.save(str(path))
    elif fmt == "docx":
        import docx

        book = docx.Document()
        for doc in tables:
            book.add_paragraph(doc[0][0])
            grid = doc[1:-1]
            width = max(len(r) for r in grid)
            table = book.add_table(rows=len(grid), cols=width)
            for i, row in enumerate(grid):
                for j, v in enumerate(row):
                    table.cell(i, j).text = v
            book.add_paragraph(doc[-1][0])
        book.save(str(path))
    elif fmt == "doc":  # old binary Word: the .docx converted by Spire.Doc (free edition: at
        # most 500 paragraphs a file, so a folder of files of a few tables each)
        from spire.doc import Document, FileFormat

        path.mkdir()
        chunk: list[list[list[str]]] = []
        for i, doc in enumerate(tables + [None]):
            size = sum(len(r) for r in (doc or [])) + sum(len(r) for d in chunk for r in d)
            if chunk and (doc is None or size > 400):
                docx_path = write("docx", path / f"{i}.docx", chunk)
                book = Document()
                book.LoadFromFile(str(docx_path))
                book.SaveToFile(str(path / f"{i}.doc"), FileFormat.Doc)
                book.Close()
                docx_path.unlink()
                chunk = []
            if doc is not None:
                chunk.append(doc)
    elif fmt == "html":
        parts = []
        for doc in tables:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                           for row in doc[1:-1])
            parts.append(f"<h3>{doc[0][0]}</h3><table border=1>{rows}</table><p>{doc[-1][0]}</p>")
        path.write_text(f"<html><body>{''.join(parts)}</body></html>", encoding="utf-8")
    elif fmt in ("pdf", "unruled pdf", "unruled autofit"):
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        cell = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
        title = ParagraphStyle("t", fontName="STSong-Light", fontSize=12)
        story = []
        for doc in tables:
            story.append(Paragraph(doc[0][0], title))
            grid = doc[1:-1]
            width = max(len(r) for r in grid)
            data = [[Paragraph(html.escape(c), cell) for c in r + [""] * (width - len(r))] for r in grid]
            widths = [760 / width] * width
            if fmt == "unruled autofit":  # each column as wide as its widest cell (at most 30 characters)
                need = [max(4, *(min(30, len(r[j])) for r in grid if j < len(r))) for j in range(width)]
                widths = [760 * n / sum(need) for n in need]
            table = Table(data, colWidths=widths)
            if fmt == "pdf":  # ruled; an unruled table is aligned text only
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story += [table, Paragraph(doc[-1][0], title), Spacer(1, 20)]
        SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    elif fmt == "pypdf text":  # the ruled PDF's text as pypdf extracts it: one cell per line
        from pypdf import PdfReader

        pdf = write("pdf", path.with_suffix(".pdf"), tables)
        path.write_text("\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages),
                        encoding="utf-8")
    elif fmt in ("pdfplumber text", "pymupdf text"):
        # the ruled PDF's text as pdfplumber's extract_text gives it (a line per printed line,
        # cells apart by spaces; a wrapped cell's lines above and below its row's line, as the
        # row's other cells are centred) or as PyMuPDF's get_text (a block per cell)
        pdf = write("pdf", path.with_suffix(".pdf"), tables)
        if fmt == "pdfplumber text":
            import pdfplumber

            with pdfplumber.open(pdf) as book:
                text = "\n".join(page.extract_text() or "" for page in book.pages)
        else:
            import pymupdf

            with pymupdf.open(pdf) as book:
                text = "\n".join(page.get_text() for page in book)
        path.write_text(text, encoding="utf-8")
    elif fmt in ("cell lines", "wrapped lines"):
        # one cell per line, empty cells print nothing (a PDF viewer's copy); wrapped: a grid
        # cell wider than WRAP CJK characters printed over lines as wide, as a narrow column wraps
        width = WRAP if fmt == "wrapped lines" else 10**6
        text = "\n".join(part for doc in tables for r, row in enumerate(doc) for c in row if c.strip()
                          for part in ([c] if r < 2 or r == len(doc) - 1 else _wrap(c, width)))
        path.write_text(text, encoding="utf-8")
    elif fmt in ("top-aligned text", "centred text"):
        # space text with every grid cell wider than WRAP CJK characters printed over lines as
        # wide, a line per printed line: a row's cells aligned to their top (each cell's lines from
        # the row's first line) or centred (a cell's lines around the row's middle line)
        out = []
        for doc in tables:
            out += [" ".join(r) for r in doc[:2]]
            for r, row in enumerate(doc[2:-1]):
                parts = [_wrap(c) or [""] for c in row]
                if r == 0:  # the header on one line
                    parts = [[c] for c in row]
                n = max(len(p) for p in parts)
                for i in range(n):
                    at = [0 if fmt == "top-aligned text" else (n - len(p) + 1) // 2 for p in parts]
                    out.append(" ".join(p[i - a] for p, a in zip(parts, at, strict=True)
                                        if 0 <= i - a < len(p) and p[i - a]))
            out.append(doc[-1][0])
        path.write_text("\n".join(out), encoding="utf-8")
    else:
        sep = "\t" if fmt == "tab text" else " "
        text = "\n".join(sep.join(row) for doc in tables for row in doc)
        path.write_text(text, encoding="utf-8")
    return path


def public_tables() -> list[pd.DataFrame]:
    """Other provinces' published rows (training_data/public), one table per source."""
    from nlp.lexicon import taxonomy
    from nlp.train import declared_code, load_public

    cats = {c["code"]: c for c in taxonomy()["categories"]}
    tables = []
    for i, (_, t) in enumerate(load_public().groupby("source", sort=True)):
        t = t.copy()
        code = [declared_code(d) if d.strip() else None for d in t["l2_declared"]]
        t["l2_declared"] = [d.strip() if c else cats[lab]["name"]
                            for d, c, lab in zip(t["l2_declared"], code, t["l2"], strict=True)]
        t["l1_declared"] = [cats[c or lab]["l1"] for c, lab in zip(code, t["l2"], strict=True)]
        order = {k: j for j, k in enumerate(dict.fromkeys(zip(t["l1_declared"], t["l2_declared"],
                                                                  strict=True)))}
        first = {a: j for j, a in enumerate(dict.fromkeys(t["l1_declared"]))}
        t["_order"] = [(first[a], order[(a, b)]) for a, b in zip(t["l1_declared"], t["l2_declared"],
                                                                  strict=True)]
        t = t.sort_values("_order", kind="stable").drop(columns="_order")
        t["project"] = f"公开样表{i + 1:03d}项目"
        t["source"], t["table"] = "public", i + 1
        tables.append(t.reset_index(drop=True))
    return tables


def _plain(row: list[str]) -> list[str]:
    """A row without whitespace, its bare number composed with the unit or placeholder target
    of its name (the readers' convention; ``--public``)."""
    from nlp.spreadsheets import compose_value

    a, b, n, v = ("".join(str(x).split()) for x in row)
    return [a, b, n, compose_value(v, "", "", n)[0]]


def main() -> None:
    n = int(sys.argv[sys.argv.index("--tables") + 1]) if "--tables" in sys.argv else 40
    only = sys.argv[sys.argv.index("--format") + 1] if "--format" in sys.argv else None
    public = "--public" in sys.argv
    if public:
        tables = public_tables()
        print(f"{len(tables)} other provinces' tables, {sum(map(len, tables))} rows")
    else:
        seeds = sorted((ROOT / "training_data" / "raw").glob("*.txt"))
        rows = extract(seeds).rows
        rows = rows[(rows["half"] == "实施期") & (rows["table"] <= n)]
        tables = [t for _, t in rows.groupby(["source", "table"], sort=True)]
        print(f"{len(tables)} seed tables, {len(rows)} rows (实施期 half; first {n} tables of each seed)")
    print(f"{'layout':<16} {'format':<11} {'rows':>6} {'exact':>7} {'spurious':>9} {'rejects':>8} "
          f"{'signature out':>14} {'half':>5} {'project':>7} {'s':>5}")
    suffix = {"xlsx": ".xlsx", "xls": ".xls", "docx": ".docx", "doc": "", "html": ".html", "pdf": ".pdf",
              "unruled pdf": ".pdf", "unruled autofit": ".pdf", "tab text": ".txt", "space text": ".txt",
              "cell lines": ".txt",
              "wrapped lines": ".txt", "pypdf text": ".txt", "pdfplumber text": ".txt",
              "pymupdf text": ".txt", "top-aligned text": ".txt", "centred text": ".txt"}
    try:
        import spire.doc  # noqa: F401
    except ImportError:
        print("doc: skipped (writing .doc needs `pip install spire.doc.free`, not a jixiao dependency)")
        suffix.pop("doc")
    try:
        import pymupdf  # noqa: F401
    except ImportError:
        print("pymupdf text: skipped (needs `pip install pymupdf`, not a jixiao dependency)")
        suffix.pop("pymupdf text")
    with tempfile.TemporaryDirectory() as tmp:
        for layout, build in LAYOUTS.items():
            for fmt in suffix:
                spaced = fmt in ("space text", "top-aligned text", "centred text")
                if spaced and layout not in SPACE_LAYOUTS or only and fmt != only:
                    continue
                use = tables
                if spaced:  # its cells are split at spaces: only tables without any
                    use = [t for t in tables if not t[["name", "value", "project"]].apply(
                        lambda c: c.str.contains(r"\s")).any().any()]
                docs = [_document(t, build(t)) for t in use]
                want = pd.concat(use)[KEY].astype(str).values.tolist()
                path = write(fmt, Path(tmp) / f"{layout}{suffix[fmt]}".replace(" ", "_"), docs)
                t0 = time.perf_counter()
                try:
                    ex = extract(sorted(path.glob("*.doc"), key=lambda f: int(f.stem)) if path.is_dir()
                                 else [path])
                except JixiaoError as exc:
                    print(f"{layout:<16} {fmt:<11} {len(want):6d} not read: {str(exc)[-60:]}")
                    continue
                got = ex.rows[KEY].astype(str).values.tolist()
                if layout == "numbered cats":  # the cells as written; compare their categories
                    got = [[without_numbering(a), without_numbering(b), n, v] for a, b, n, v in got]
                if public:
                    want, got = [_plain(r) for r in want], [_plain(r) for r in got]
                remaining = list(got)
                exact = 0
                for w in want:
                    if w in remaining:
                        remaining.remove(w)
                        exact += 1
                if layout == "self-evaluation":  # the achieved values read back beside their targets
                    written = {(n, v, _split(v)[1] + _split(v)[2]) for n, v in pd.concat(use)[
                        ["name", "value"]].astype(str).itertuples(index=False)}
                    read = ex.rows.reindex(columns=["name", "value", "value_actual"]).fillna("").astype(str)
                    actual = sum(tuple(r) in written for r in read.itertuples(index=False))
                leaked = "李四" in ex.rows.astype(str).to_string() + ex.rejects.astype(str).to_string()
                # every table is written with one value column: its rows are one half, 年度 where
                # the column is headed for the budget year (年度指标值)
                half = (ex.rows["half"] == ("年度" if layout == "self-evaluation" else "实施期")).mean()
                # the tables whose project name comes back exactly (as a multiset of names)
                names = Counter(ex.rows.drop_duplicates(["source", "table"])["project"].astype(str))
                project = sum((Counter(t["project"].iloc[0] for t in use) & names).values()) / len(use)
                print(f"{layout:<16} {fmt:<11} {len(want):6d} {exact / len(want):7.3f} {len(remaining):9d} "
                      f"{len(ex.rejects):8d} {'yes' if not leaked else 'NO':>14} {half:5.3f} {project:7.3f} "
                      f"{time.perf_counter() - t0:5.1f}", flush=True)
                if layout == "self-evaluation":
                    print(f"{'':16} {'':11} achieved values (实际完成值) read with their target: "
                          f"{actual / len(want):.3f}")


if __name__ == "__main__":
    main()
