"""Word (.docx) input: seed tables written into Word tables read like the text layout."""

from __future__ import annotations

from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from split_template import published_grids, split_template  # noqa: E402

from nlp.errors import InputError  # noqa: E402
from nlp.tables import read_tables  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "training_data" / "raw" / "004_85ad6b5078b91ae2.txt"


def _write_docx(path: Path, grids: list[list[list[str]]]) -> None:
    doc = docx.Document()
    for grid in grids:
        doc.add_paragraph("上党区县(区)级预算部门（单位）项目支出绩效目标表")
        doc.add_paragraph("（2025年度）")
        width = max(len(r) for r in grid)
        table = doc.add_table(rows=len(grid), cols=width)
        for i, row in enumerate(grid):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        # the project name spans the rest of its row, as in the published tables
        first = grid[0]
        if len(first) >= 2 and first[0].startswith("项目名称"):
            table.cell(0, 1).merge(table.cell(0, width - 1)).text = first[1]
        doc.add_paragraph("")
    doc.save(str(path))


def test_word_tables_read_like_the_text_layout(tmp_path: Path) -> None:
    want = read_tables(SEED)
    want = want[want["table"] <= 3]
    path = tmp_path / "tables.docx"
    _write_docx(path, published_grids(want))
    got = read_tables(path)
    cols = ["table", "half", "l1_declared", "l2_declared", "name", "value"]
    assert len(got) == len(want) > 30
    assert sorted(got[cols].values.tolist()) == sorted(want[cols].values.tolist())
    assert got["project"].iloc[0] == want["project"].iloc[0] == "八义镇东山村滑坡治理费用"
    assert set(got["year"]) == {2025}


def test_word_table_of_another_template(tmp_path: Path) -> None:
    seed = read_tables(SEED)
    seed = seed[(seed["half"] == "实施期") & (seed["table"] <= 2)]
    path = tmp_path / "other.docx"
    _write_docx(path, [split_template(seed[seed["table"] == t]) for t in (1, 2)])
    got = read_tables(path)
    cols = ["table", "l1_declared", "l2_declared", "name"]
    assert got[cols].values.tolist() == seed[cols].values.tolist()


def test_word_errors(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    with pytest.raises(InputError, match="broken.docx"):
        read_tables(bad)
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 binary word")
    with pytest.raises(InputError, match="old.doc: not a readable Word .doc file"):
        read_tables(old)


def _table(doc, rows: list[list[str]]) -> None:  # noqa: ANN001
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            table.cell(i, j).text = v


def test_a_table_split_over_a_page_with_its_header_repeated(tmp_path: Path) -> None:
    """Word splits a long grid into two tables, the header repeated on the new page: one table
    (the second was a table with no project); a header after a new 项目名称 is a new table."""
    head = ["一级指标", "二级指标", "三级指标", "指标值"]
    doc = docx.Document()
    doc.add_paragraph("项目支出绩效目标表")
    _table(doc, [["项目名称", "甲项目"], head, ["产出指标", "数量指标", "人数", "5人"]])
    doc.add_page_break()
    _table(doc, [head, ["效益指标", "社会效益指标", "覆盖率", "100%"]])
    doc.add_paragraph("项目支出绩效目标表")
    _table(doc, [["项目名称", "乙项目"], head, ["产出指标", "数量指标", "户数", "3户"]])
    doc.save(tmp_path / "split.docx")
    rows = read_tables(tmp_path / "split.docx")
    assert rows[["table", "project", "name"]].values.tolist() == [
        [1, "甲项目", "人数"], [1, "甲项目", "覆盖率"], [2, "乙项目", "户数"]]
