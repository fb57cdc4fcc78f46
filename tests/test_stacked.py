"""Text with one table cell per line (a PDF viewer's copy, a web page's text, Word's table
converted to paragraphs): read as the same rows as the document's tab-separated text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nlp.stacked import place
from nlp.tables import extract

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "training_data" / "raw"
KEY = ["table", "half", "l1_declared", "l2_declared", "name", "value", "project", "department_code",
       "department", "implementer", "funds_total", "funds_year", "year"]


def _stacked(path: Path, tmp_path: Path, blank_empty: bool = False) -> Path:
    """The seed's tab text with every cell on a line of its own; empty cells print nothing
    (or a blank line, as Word's conversion of a table to paragraphs does)."""
    lines: list[str] = []
    for ln in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in ln.split("\t")]
        lines.extend([c for c in cells if c or blank_empty] or [""])
    return _lines(tmp_path / path.name, lines)


@pytest.mark.parametrize("seed, blank_empty", [("001", False), ("002", False), ("002", True),
                                               ("004", False)])
def test_seed_tables_one_cell_per_line_read_as_their_tab_text(seed: str, blank_empty: bool,
                                                              tmp_path: Path) -> None:
    path = next(RAW.glob(f"{seed}_*.txt"))
    want = extract([path]).rows
    got = extract([_stacked(path, tmp_path, blank_empty)])
    assert len(got.rejects) == 0
    assert len(got.rows) == len(want) > 100
    assert got.rows[KEY].astype(str).values.tolist() == want[KEY].astype(str).values.tolist()


def _lines(path: Path, cells: list[str]) -> Path:
    """A text document of ``cells``, one per line."""
    path.write_text("\n".join(cells), encoding="utf-8")
    return path


def test_a_grid_without_category_columns_and_section_rows(tmp_path: Path) -> None:
    text = ["项目支出绩效目标表", "项目名称", "甲项目", "指标名称", "指标值", "产出指标", "培训人数",
            "≥100人", "合格率", "≥90%", "效益指标", "群众满意度", "≥95%"]
    rows = extract([_lines(tmp_path / "sections.txt", text)]).rows
    assert rows[["l1_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "培训人数", "≥100人"], ["产出指标", "合格率", "≥90%"],
        ["效益指标", "群众满意度", "≥95%"]]


def test_rows_keep_their_first_cells_line(tmp_path: Path) -> None:
    text = ["项目支出绩效目标表", "项目名称", "乡村道路养护", "一级指标", "二级指标", "三级指标", "指标值",
            "产出指标", "数量指标", "养护里程", "≥120公里", "质量指标", "路况优良率", "≥80%",
            "效益指标", "经济效益指标", "社会效益指标", "群众出行便利度", "提高",
            "满意度指标", "服务对象满意度", "服务对象满意度", "≥90%", "联系人：李四", "联系电话：13912345678"]
    ex = extract([_lines(tmp_path / "copied.txt", text)])
    rows = ex.rows
    assert rows[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "数量指标", "养护里程", "≥120公里"],
        ["产出指标", "质量指标", "路况优良率", "≥80%"],
        ["效益指标", "社会效益指标", "群众出行便利度", "提高"],
        ["满意度指标", "服务对象满意度", "服务对象满意度", "≥90%"],
    ]
    assert set(rows["project"]) == {"乡村道路养护"}
    # each row's line is its first cell's: 产出指标, 质量指标, 社会效益指标 (the 经济效益指标
    # row is empty), 满意度指标
    assert rows["line"].tolist() == [8, 12, 17, 20]
    assert len(ex.rejects) == 0
    assert "李四" not in rows.to_string() and "13912345678" not in rows.to_string()


def test_split_value_columns_one_cell_per_line(tmp_path: Path) -> None:
    """The 2021 template's 指标性质 | 指标值 | 度量单位 | 权重, a value in words marked 定性."""
    text = ["项目支出绩效目标表", "项目名称", "甲", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
            "度量单位", "权重", "产出指标", "数量指标", "培训人数", "≥", "100", "人次", "10",
            "质量指标", "培训合格率", "≥", "95", "%", "10", "效益指标", "社会效益指标", "干部能力",
            "定性", "明显提升", "10"]
    rows = extract([_lines(tmp_path / "split.txt", text)]).rows
    assert rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "培训人数", "≥100人次"], ["质量指标", "培训合格率", "≥95%"],
        ["社会效益指标", "干部能力", "明显提升"]]


def test_place_leaves_merged_and_empty_cells_empty() -> None:
    kinds = ["l1_declared", "l2_declared", "name", "value", "l2_declared", "name", "value"]
    cells = ["产出指标", "数量指标", "人数", "5人", "数量指标", "人数", "5人",
             "时效指标", "完成时间", "时效指标", "完成时间", "年底前"]
    rows = place(kinds, cells)
    # the second row's left value is empty: its right half starts at the repeated 时效指标
    assert [[[cells[i] for i in col] for col in row] for row in rows] == [
        [["产出指标"], ["数量指标"], ["人数"], ["5人"], ["数量指标"], ["人数"], ["5人"]],
        [[], ["时效指标"], ["完成时间"], [], ["时效指标"], ["完成时间"], ["年底前"]],
    ]


def test_documents_without_such_a_grid_are_unchanged(tmp_path: Path) -> None:
    seed = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    assert len(seed) > 8000  # the seeds' own extraction, checked in (test_tables keeps it in sync)
    from nlp.stacked import as_rows

    for path in sorted(RAW.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert as_rows(lines) == lines


def test_header_words_listed_in_prose_are_no_grid(tmp_path: Path) -> None:
    """A guide that names the columns one per line, then says how to fill them: no table
    (no cell below it is a category or has a value's shape), as before this reader."""
    from nlp.errors import InputError

    doc = _lines(tmp_path / "guide.txt", ["绩效目标填报说明", "表中各列的含义如下：", "一级指标", "二级指标",
                                          "三级指标", "指标值", "各列按照财政部门的统一要求填写。",
                                          "指标应当细化、量化。"])
    with pytest.raises(InputError, match="no performance-target table"):
        extract([doc])


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_a_table_converted_to_paragraphs_in_word_or_a_web_page(suffix: str, tmp_path: Path) -> None:
    """Word's table converted to paragraphs (one cell each), or a web page writing one cell
    per block: read as text with one cell per line (no grid is found before)."""
    cells = ["项目支出绩效目标表", "项目名称", "乡村道路养护", "一级指标", "二级指标", "三级指标", "指标值",
             "产出指标", "数量指标", "养护里程", "≥120公里", "质量指标", "路况优良率", "≥80%", "联系人：李四"]
    path = tmp_path / f"paragraphs{suffix}"
    if suffix == ".docx":
        import docx

        doc = docx.Document()
        for c in cells:
            doc.add_paragraph(c)
        doc.save(str(path))
    else:
        path.write_text("<html><body>" + "".join(f"<p>{c}</p>" for c in cells) + "</body></html>",
                        encoding="utf-8")
    ex = extract([path])
    assert ex.rows[["project", "l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["乡村道路养护", "产出指标", "数量指标", "养护里程", "≥120公里"],
        ["乡村道路养护", "产出指标", "质量指标", "路况优良率", "≥80%"]]
    assert "李四" not in ex.rows.to_string()


def test_satisfaction_named_in_both_level_cells(tmp_path: Path) -> None:
    """`满意度指标 | 满意度指标`, as many provinces fill both cells of a satisfaction row: the
    second is the row's 二级 (it took the category above, 经济效益指标; found by
    `python benchmarks/bench_layouts.py --public`)."""
    text = ["项目支出绩效目标表", "项目名称", "甲项目", "一级指标", "二级指标", "三级指标", "指标值",
            "效益指标", "经济效益指标", "带动增收", "≥5万元",
            "满意度指标", "满意度指标", "职工满意度", "≥90%"]
    rows = extract([_lines(tmp_path / "both.txt", text)]).rows
    assert rows[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["效益指标", "经济效益指标", "带动增收", "≥5万元"],
        ["满意度指标", "满意度指标", "职工满意度", "≥90%"]]


def test_names_whole_by_their_form_with_values_left_blank(tmp_path: Path) -> None:
    """One cell per line, values left blank (a library of indicators to be filled in): a name
    ending with its unit in brackets is no value and nothing runs on after it, and a name
    numbered as an indicator begins a cell. Before, each such name was the value of the name
    above it (`组织培训班次(次)` | `培训参加人数(人)`) or run on with it. A wrapped name whose last
    line is its unit (`（个）`) still joins it. Found by `python benchmarks/bench_layouts.py
    --public --format "cell lines"` (plain form 0.917 -> 0.965)."""
    text = ["项目支出绩效目标表", "项目名称", "干部培训", "一级指标", "二级指标", "三级指标", "指标值",
            "产出指标", "数量指标", "组织培训班次(次)", "培训参加人数(人)", "完成调研报告数量(篇)",
            "质量指标", "指标1:培训出勤率", "指标2:培训合格率", "≥95%",
            "效益指标", "社会效益指标", "重点工程跟踪审计项目数", "（个）", "≤15个"]
    rows = extract([_lines(tmp_path / "library.txt", text)]).rows
    assert rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "组织培训班次(次)", ""], ["数量指标", "培训参加人数(人)", ""],
        ["数量指标", "完成调研报告数量(篇)", ""], ["质量指标", "指标1:培训出勤率", ""],
        ["质量指标", "指标2:培训合格率", "≥95%"], ["社会效益指标", "重点工程跟踪审计项目数（个）", "≤15个"]]


def test_a_weight_beside_a_value_left_blank(tmp_path: Path) -> None:
    """One cell per line with a 权重 column: a name and a number alone are a name and its
    weight where every row with a value has a weight of that shape (the first placement read
    the weight as the value: `培训参加人数` | `10`); where a weight is left blank beside a value
    the number stays the value."""
    head = ["项目支出绩效目标表", "项目名称", "干部培训", "一级指标", "二级指标", "三级指标", "指标值",
            "权重"]
    rows = ["产出指标", "数量指标", "组织培训班次", "≥4次", "10", "培训参加人数", "10",
            "质量指标", "培训合格率", "≥95%", "10", "培训出勤率", "≥90%", "10",
            "时效指标", "培训完成时间", "2024年12月底前", "10", "成本指标", "人均培训成本", "≤300元", "10",
            "效益指标", "社会效益指标", "干部履职能力", "有效提升", "20", "群众满意度", "≥90%", "20"]
    got = extract([_lines(tmp_path / "weights.txt", head + rows)]).rows
    assert got[["name", "value"]].values.tolist()[:2] == [["组织培训班次", "≥4次"], ["培训参加人数", ""]]
    assert len(got) == 8 and got["value"].iloc[2:].tolist() == [
        "≥95%", "≥90%", "2024年12月底前", "≤300元", "有效提升", "≥90%"]
    assert rows[11:14] == ["培训出勤率", "≥90%", "10"]
    blank_weight = rows[:13] + rows[14:]  # 培训出勤率's weight left blank
    got = extract([_lines(tmp_path / "weights_blank.txt", head + blank_weight)]).rows
    assert got[["name", "value"]].values.tolist()[1] == ["培训参加人数", "10"]
    assert got[["name", "value"]].values.tolist()[3] == ["培训出勤率", "≥90%"]


def test_a_serial_column_counts_the_rows_whose_values_are_blank(tmp_path: Path) -> None:
    """One cell per line under a 序号 column: the numbers that go on its count (1, 2, 3 …) begin
    rows, so a value left blank does not take the next row's serial, and a value equal to the
    serial after it (`2` before the serial `2`) stays a value. Before, `2` was the first row's
    value and the next name ran on after it (`2上一轮退耕还林补助面积(万亩)`; another province's
    table; `python benchmarks/bench_layouts.py --public --format "cell lines"`, 序号 0.914 ->
    1.000)."""
    text = ["项目支出绩效目标表", "项目名称", "退耕还林", "序号", "一级指标", "二级指标", "三级指标",
            "指标值", "1", "产出指标", "数量指标", "天保工程实施单位保险参保人数",
            "2", "上一轮退耕还林补助面积",
            "3", "新一轮退耕还林补助户数", "2",
            "4", "质量指标", "补助发放准确率", "100%"]
    rows = extract([_lines(tmp_path / "serial.txt", text)]).rows
    assert rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "天保工程实施单位保险参保人数", ""], ["数量指标", "上一轮退耕还林补助面积", ""],
        ["数量指标", "新一轮退耕还林补助户数", "2"], ["质量指标", "补助发放准确率", "100%"]]
