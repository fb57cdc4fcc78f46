"""Writes the binary Word fixtures of ``tests/test_worddoc.py`` (run it again to remake them).

Needs a Python with ``spire.doc.free`` (a Word writer of its own, not Microsoft's or WPS's;
not a dependency of jixiao) and this repository on the path::

    .venv/bin/pip install spire.doc.free   # into the project's venv, after make setup
    .venv/bin/python tests/data/doc/make_fixtures.py

Writes, from seed 004's tables 1–3 as published (both halves side by side):
* ``tables.doc``: a title and the year above each table, the project name merged across
  its row, the 绩效指标 cell merged down the body, each category cell merged down over the
  rows it heads, and a contact line with a phone number under it (the writer's ``.wps``
  is the same file byte for byte: WPS Office's ``.wps`` is Word's binary format);
* ``other.doc``: their 实施期 rows in another template (``split_template``: 指标性质 /
  指标值 / 度量单位 / 权重 columns), the last name of table 1 written as two paragraphs.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from split_template import published_grids, split_template  # noqa: E402

from nlp.tables import read_tables  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = ROOT / "training_data" / "raw" / "004_85ad6b5078b91ae2.txt"
CONTACT = "联系人：李四  联系电话：0355-1234567"


def _table(section, grid: list[list[str]], merge_down: bool) -> None:  # noqa: ANN001
    width = max(len(r) for r in grid)
    table = section.AddTable(True)
    table.ResetCells(len(grid), width)
    for i, row in enumerate(grid):
        for j in range(width):
            text = row[j] if j < len(row) else ""
            for k, part in enumerate(text.split("\n")):
                cell = table.Rows[i].Cells[j]
                p = cell.Paragraphs[0] if k == 0 and cell.Paragraphs.Count else cell.AddParagraph()
                p.AppendText(part)
    if grid[0][0].startswith("项目名称"):
        table.ApplyHorizontalMerge(0, 1, width - 1)
    if not merge_down:
        return
    body = next(i for i, r in enumerate(grid) if r[0] == "绩效指标") + 1
    table.ApplyVerticalMerge(0, body - 1, len(grid) - 1)  # 绩效指标 beside the whole body
    for col in (1, 2, 5):  # 一级, 二级 of each half: merged over the blank rows below
        i = body
        while i < len(grid):
            j = i + 1
            while j < len(grid) and not grid[j][col]:
                j += 1
            if grid[i][col] and j - i > 1:
                table.ApplyVerticalMerge(col, i, j - 1)
            i = j


def write(path: Path, grids: list[list[list[str]]], merge_down: bool) -> None:
    from spire.doc import Document, FileFormat  # not a jixiao dependency: imported here only

    doc = Document()
    section = doc.AddSection()
    for grid in grids:
        section.AddParagraph().AppendText("上党区县(区)级预算部门（单位）项目支出绩效目标表")
        section.AddParagraph().AppendText("（2025年度）")
        _table(section, grid, merge_down)
        section.AddParagraph().AppendText(CONTACT)
    doc.SaveToFile(str(path), FileFormat.Doc)
    doc.Close()


def main() -> None:
    seed = read_tables(SEED)
    seed = seed[seed["table"] <= 3]
    grids = published_grids(seed)
    write(HERE / "tables.doc", grids, True)
    left = seed[seed["half"] == "实施期"]
    other = [split_template(left[left["table"] == t]) for t in (1, 2, 3)]
    name = other[0][-1][2]
    other[0][-1][2] = name[: len(name) // 2] + "\n" + name[len(name) // 2:]  # a cell of two paragraphs
    write(HERE / "other.doc", other, False)
    for name in ("tables.doc", "other.doc"):
        print(name, (HERE / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
