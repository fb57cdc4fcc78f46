"""Web page (.html) input: seed tables published as HTML tables read like the text layout."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from split_template import published_grids, split_template

from nlp.errors import InputError
from nlp.tables import extract, read_tables
from nlp.web import html_rows

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "training_data" / "raw" / "004_85ad6b5078b91ae2.txt"
MERGED_DOWN = (0, 1, 2, 5)  # 绩效指标 and the category columns, merged down as pages print them


def _table_html(grid: list[list[str]], merged_down: tuple[int, ...] = MERGED_DOWN) -> str:
    """One grid as a page prints it: the project name spanning its row, a blank category
    cell merged into the cell above (``rowspan``), ``<br>`` in long cells."""
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    start = next(i for i, r in enumerate(grid) if r[0] == "绩效指标")
    span = {}  # (row, col) -> rowspan of a cell that later blank cells merge into
    covered = set()
    for j in merged_down:
        top = None
        for i in range(start, len(grid)):
            if grid[i][j] == "" and top is not None:
                span[top] += 1
                covered.add((i, j))
            else:
                top = (i, j)
                span[top] = 1
    out = ["<table border=1 cellspacing=0>"]
    for i, row in enumerate(grid):
        cells = []
        if i < start and sum(1 for c in row if c) <= 2 and row[0]:
            cells.append(f"<td>{html.escape(row[0])}</td>"
                         f"<td colspan={width - 1}>{html.escape(row[1])}</td>")
        else:
            for j, text in enumerate(row):
                if (i, j) in covered:
                    continue
                rs = span.get((i, j), 1)
                attr = f" rowspan={rs}" if rs > 1 else ""
                body = html.escape(text).replace("；", "；<br/>")
                cells.append(f"<td{attr}><p>{body}</p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out + ["</table>"])


def _page(grids: list[list[list[str]]], charset: str = "utf-8") -> str:
    tables = "\n".join(
        "<h3>上党区县(区)级预算部门（单位）项目支出绩效目标表</h3><p>（2025年度）</p>"
        + _table_html(g) + "<p>负责人：张三&nbsp;&nbsp;联系电话：13912345678</p>"
        for g in grids)
    # the page laid out in a table of its own, as many government sites do
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            "<title>绩效目标公开</title><script>var x = '项目名称';</script></head><body>"
            "<table width=960><tr><td class=nav>首页 &gt; 预决算公开</td></tr>"
            f"<tr><td>{tables}</td></tr></table></body></html>")


def test_web_page_tables_read_like_the_text_layout(tmp_path: Path) -> None:
    want = read_tables(SEED)
    want = want[want["table"] <= 3]
    path = tmp_path / "目标表.html"
    path.write_bytes(_page(published_grids(want), "gb2312").encode("gb18030"))  # a GBK page
    ex = extract([path])
    got = ex.rows
    cols = ["table", "half", "l1_declared", "l2_declared", "name", "value"]
    assert len(got) == len(want) > 30 and ex.rejects.empty
    assert sorted(got[cols].values.tolist()) == sorted(want[cols].values.tolist())
    assert got["project"].iloc[0] == want["project"].iloc[0] == "八义镇东山村滑坡治理费用"
    assert set(got["year"]) == {2025}
    # the footer's personal data never reaches the rows
    assert not got.astype(str).apply(lambda c: c.str.contains("13912345678|张三")).any().any()


def test_web_page_table_of_another_template(tmp_path: Path) -> None:
    """The 2021 template's split value columns (指标性质 / 指标值 / 度量单位) in a page."""
    seed = read_tables(SEED)
    seed = seed[(seed["half"] == "实施期") & (seed["table"] <= 2)]
    grids = []
    for t in (1, 2):
        grid = split_template(seed[seed["table"] == t])
        grids.append([["项目名称", seed.loc[seed["table"] == t, "project"].iloc[0]],
                      ["绩效指标"] + [""] * (len(grid[0]) - 1)] + [[""] + r for r in grid])
    path = tmp_path / "other.htm"
    path.write_text(_page(grids), encoding="utf-8")
    got = read_tables(path)
    cols = ["table", "l1_declared", "l2_declared", "name"]
    assert got[cols].values.tolist() == seed[cols].values.tolist()


def test_spans_and_nested_layout() -> None:
    rows = html_rows("<div>标题</div><table><tr><td>外</td><td><table>"
                     "<tr><th rowspan=2>产出指标</th><th colspan=2>数量指标</th><td>a<br>b</td></tr>"
                     "<tr><td>x</td><td>y</td><td>z</td></tr></table></td></tr></table><p>尾</p>")
    assert rows == [["标题"], ["外"], ["产出指标", "数量指标", "", "a\nb"],
                    ["", "x", "y", "z"], ["尾"]]


def test_web_page_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("   ", encoding="utf-8")
    with pytest.raises(InputError, match="empty.html"):
        read_tables(empty)
    page = tmp_path / "news.html"
    page.write_text("<html><body><p>新闻</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="news.html"):
        read_tables(page)
