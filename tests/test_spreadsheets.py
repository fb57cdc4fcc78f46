"""Spreadsheets: tidy sheets, the 7-column grid, split value columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from nlp.errors import InputError
from nlp.spreadsheets import compose_value
from nlp.tables import extract, read_tables

ROOT = Path(__file__).resolve().parents[1]


def _grid_workbook(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["项目支出绩效目标表（2024年度）"])
    ws.append(["项目名称", "会议经费"])
    ws.append(["主管部门及代码", "409-长治市上党区自然资源局", "实施单位", "长治市上党区自然资源局"])
    ws.append(["实施期资金总额", "510,000", "年度资金总额", "510,000"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "参会代表人数", "≥193人", "数量指标", "参会代表人数", "≥193人"])
    ws.append(["", "", "会议天数", "3天", "", "会议天数", "3天"])
    ws.append(["", "成本指标", "会议成本", "≤51万元", "成本指标", "会议成本", "≤51万元"])
    ws.append(["满意度指标", "服务对象满意度指标", "群众满意度", "≥95%",
               "服务对象满意度指标", "群众满意度", "≥95%"])
    ws.append(["负责人：", "张三", "联系电话：", "13912345678"])
    wb.save(path)


def test_seven_column_grid(tmp_path: Path) -> None:
    path = tmp_path / "grid.xlsx"
    _grid_workbook(path)
    df = read_tables(path)
    assert len(df) == 8
    left = df[df.half == "实施期"]
    assert left[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "数量指标", "参会代表人数", "≥193人"],
        ["产出指标", "数量指标", "会议天数", "3天"],
        ["产出指标", "成本指标", "会议成本", "≤51万元"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"],
    ]
    assert df["project"].unique().tolist() == ["会议经费"]
    assert df["department_code"].iloc[0] == "409"
    assert df["funds_total"].iloc[0] == 510000.0
    assert df["year"].iloc[0] == 2024
    assert df["line"].tolist()[:2] == [6, 7]
    assert "13912345678" not in df.to_string() and "张三" not in df.to_string()


def test_a_continued_title_goes_on_and_rows_after_the_end_are_rejects(tmp_path: Path) -> None:
    """`项目支出绩效目标表（续）` inside a grid ended the table and its next rows were lost
    without a reject; now the table goes on, and a row that reads as an indicator after a
    footer is a reject with its line."""
    wb = Workbook()
    ws = wb.active
    for r in [["项目支出绩效目标表"], ["项目名称", "甲项目"], ["一级指标", "二级指标", "三级指标", "指标值"],
              ["产出指标", "数量指标", "人数", "5人"], ["项目支出绩效目标表（续）"],
              ["效益指标", "社会效益指标", "覆盖率", "100%"], ["负责人：", "张三"],
              ["满意度指标", "服务对象满意度指标", "满意度", "≥90%"]]:
        ws.append(r)
    wb.save(tmp_path / "continued.xlsx")
    result = extract([tmp_path / "continued.xlsx"])
    assert result.rows[["table", "name"]].values.tolist() == [[1, "人数"], [1, "覆盖率"]]
    assert result.rejects["line"].tolist() == [8]
    assert result.counts["read"].sum() == len(result.rows) + len(result.rejects)
    # two halves: a row after the footer is one reject, not one per half (it was read twice)
    wb = Workbook()
    for r in [["项目支出绩效目标表"], ["项目名称", "甲项目"],
              ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
              ["产出指标", "数量指标", "人数", "5人", "数量指标", "人数", "5人"], ["负责人：", "张三"],
              ["效益指标", "社会效益指标", "覆盖率", "100%", "社会效益指标", "覆盖率", "100%"]]:
        wb.active.append(r)
    wb.save(tmp_path / "two_halves.xlsx")
    result = extract([tmp_path / "two_halves.xlsx"])
    assert result.rejects["line"].tolist() == [6] and result.counts["read"].tolist() == [3]


def test_a_value_split_in_two_cells_under_one_header(tmp_path: Path) -> None:
    """`指标值` merged over two columns, the comparison or the number in the first (`≥` |
    `100人`, `3` | `户`): the value was `≥` (or `3`) alone in sheets, and in tab text the
    number became a 年度 row named `≥`."""
    wb = Workbook()
    ws = wb.active
    grid = [["项目支出绩效目标表"], ["项目名称", "甲项目"],
            ["一级指标", "二级指标", "三级指标", "指标值", ""],
            ["产出指标", "数量指标", "人数", "≥", "100人"], ["", "", "户数", "3", "户"],
            ["", "质量指标", "合格率", "=", "100%"], ["", "时效指标", "完成时间", "年底前", ""]]
    for r in grid:
        ws.append(r)
    ws.merge_cells("D3:E3")
    wb.save(tmp_path / "split_value.xlsx")
    (tmp_path / "split_value.txt").write_text("\n".join("\t".join(r) for r in grid), encoding="utf-8")
    for name in ("split_value.xlsx", "split_value.txt"):
        got = read_tables(tmp_path / name)
        assert got[["half", "name", "value"]].values.tolist() == [
            ["实施期", "人数", "≥100人"], ["实施期", "户数", "3户"], ["实施期", "合格率", "=100%"],
            ["实施期", "完成时间", "年底前"]], name


def test_funds_in_the_unit_their_label_names(tmp_path: Path) -> None:
    """`项目资金（万元）` makes 120 mean 1,200,000 元 (it was 120 元, and a 51万元 cost was flagged
    as far above the project's funds); a unit in the cell counts instead."""
    from nlp.reviews import run_review

    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "会议经费"])
    ws.append(["项目资金（万元）", "实施期资金总额", "120", "年度资金总额", "60万元"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "成本指标", "会议成本", "≤51万元"])
    ws.append(["满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"])
    wb.save(tmp_path / "wan.xlsx")
    df = read_tables(tmp_path / "wan.xlsx")
    assert df[["funds_total", "funds_year"]].iloc[0].tolist() == [1_200_000.0, 600_000.0]
    assert "Q003" not in run_review(df, predict=False).rows["findings"].iloc[0]


def test_grid_with_split_value_columns(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "在职职工保障"])
    ws.append(["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位", "指标方向性",
               "二级指标", "三级指标", "计算符号", "指标值", "计量单位", "指标方向性"])
    ws.append(["产出指标", "数量指标", "保障在职职工人数(人)", "＝", "120", "", "正向",
               "数量指标", "保障在职职工人数(人)", "＝", "120", "", "正向"])
    ws.append(["", "质量指标", "工资发放准确率", "≥", "95", "%", "正向",
               "质量指标", "工资发放准确率", "≥", "95", "%", "正向"])
    ws.append(["", "", "工作质量", "定性", "优", "", "",
               "", "工作质量", "定性", "优", "", ""])
    path = tmp_path / "split.xlsx"
    wb.save(path)
    df = read_tables(path)
    left = df[df.half == "实施期"]
    assert left["value"].tolist() == ["＝120人", "≥95%", "优"]
    assert left["value_operator"].tolist() == ["＝", "≥", "定性"]
    assert left["value_unit"].tolist() == ["人", "%", ""]
    assert left["value_direction"].tolist() == ["正向", "正向", ""]
    assert left["l2_declared"].tolist() == ["数量指标", "质量指标", "质量指标"]


def test_numeric_cells_read_as_excel_shows_them(tmp_path: Path) -> None:
    """A percent-formatted 0.95 is the `95%` a reviewer sees, a date cell a date, a whole
    number has no `.0` (budget systems export typed cells, not text)."""
    import datetime

    wb = Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位"])
    ws.append(["产出指标", "质量指标", "验收合格率", "≥", 0.95, ""])
    ws.append(["", "时效指标", "完成时间", "", datetime.datetime(2024, 12, 31), ""])
    ws.append(["", "数量指标", "培训人数", "≥", 120, "人"])
    ws.append(["", "成本指标", "会议成本", "≤", 51.0, "万元"])
    ws["E2"].number_format = "0%"
    ws["E3"].number_format = "yyyy-mm-dd"
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    df = read_tables(path)
    assert df["value"].tolist() == ["≥95%", "2024年12月31日", "≥120人", "≤51万元"]


def test_plain_table_for_parse_and_predict(tmp_path: Path) -> None:
    """`jixiao parse --column 指标值 -f table.xlsx` reads cells as shown, repeated headers
    numbered as pandas does."""
    from nlp.spreadsheets import read_first_sheet

    wb = Workbook()
    ws = wb.active
    ws.append(["三级指标", "指标值", "三级指标", "指标值"])
    ws.append(["验收合格率", 0.98, "验收合格率", 0.98])
    ws["B2"].number_format = ws["D2"].number_format = "0.0%"
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    df = read_first_sheet(path)
    assert list(df.columns) == ["三级指标", "指标值", "三级指标.1", "指标值.1"]
    assert df["指标值"].tolist() == ["98%"] and df["指标值.1"].tolist() == ["98%"]


def test_tidy_csv_with_blank_rows_rejected(tmp_path: Path) -> None:
    path = tmp_path / "tidy.csv"
    pd.DataFrame({
        "项目名称": ["A项目", "A项目", "A项目", "B项目"],
        "二级指标": ["数量指标", "", "", "时效指标"],
        "三级指标": ["培训人数", "", "培训合格率", "资金拨付及时率"],
        "指标值": ["≥100人", "", "≥90%", "年底前"],
    }).to_csv(path, index=False)
    result = extract(path)
    assert result.rows["name"].tolist() == ["培训人数", "培训合格率", "资金拨付及时率"]
    assert result.rows["l2_declared"].tolist() == ["数量指标", "数量指标", "时效指标"]
    assert result.rows["table"].tolist() == [1, 1, 2]
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [3, "三级指标和指标值均为空 (empty name and value)"]]
    assert result.counts["read"].sum() == 4


def test_gbk_csv(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("三级指标,指标值\n群众满意度,≥90%\n".encode("gbk"))
    assert read_tables(path)[["name", "value"]].values.tolist() == [["群众满意度", "≥90%"]]


def test_spreadsheet_without_indicators(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="other.csv: no indicator table"):
        read_tables(path)
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="broken.xlsx: not a readable spreadsheet"):
        read_tables(bad)


@pytest.mark.parametrize("value, op, unit, name, expected", [
    ("95", "≥", "%", "", "≥95%"), ("400", "≤", "万元", "", "≤400万元"), ("合格", "定性", "", "", "合格"),
    ("3", "", "", "培训期数(期)", "3期"), ("≥90%", "≥", "%", "", "≥90%"),
])
def test_compose_value(value, op, unit, name, expected) -> None:
    assert compose_value(value, op, unit, name)[0] == expected


def test_tidy_sheet_with_department_keeps_indicator_names(tmp_path: Path) -> None:
    """A 主管部门 column is the department, never the indicator's name (a bug once)."""
    path = tmp_path / "tidy.csv"
    pd.DataFrame({"主管部门": ["409-长治市上党区自然资源局", "某县水利局"],
                  "三级指标": ["参会代表人数", "受益人口"],
                  "指标值": ["≥193人", "≥3000人"]}).to_csv(path, index=False)
    rows = read_tables(path)
    assert rows["name"].tolist() == ["参会代表人数", "受益人口"]
    assert rows["department"].tolist() == ["长治市上党区自然资源局", "某县水利局"]
    assert rows["department_code"].tolist() == ["409", ""]


def test_operator_written_in_the_nature_column(tmp_path: Path) -> None:
    path = tmp_path / "central.csv"
    pd.DataFrame({"二级指标": ["数量指标", "质量指标", "时效指标"],
                  "三级指标": ["受益人口", "验收合格率", "完工时间"],
                  "指标性质": ["≥", "＝", "定性"], "指标值": ["3000", "100", "年底前"],
                  "度量单位": ["人", "%", ""]}).to_csv(path, index=False)
    rows = read_tables(path)
    assert rows["value"].tolist() == ["≥3000人", "＝100%", "年底前"]


def test_footer_of_a_one_half_sheet_is_not_a_row(tmp_path: Path) -> None:
    """A one-half sheet (split value columns) with the 负责人 / 联系电话 footer: the
    footer ends the table; the name and phone reach no output column."""
    wb = Workbook()
    ws = wb.active
    ws.append(["项目支出绩效目标表（2024年度）"])
    ws.append(["项目名称", "农村饮水安全巩固提升工程"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"])
    ws.append(["产出指标", "数量指标", "受益人口数量", "≥", "3000", "人", "10"])
    ws.append(["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥", "90", "%", "10"])
    ws.append(["负责人：", "张三", "联系电话：", "13912345678", "经办人：", "李四"])
    path = tmp_path / "central.xlsx"
    wb.save(path)
    ex = extract([path])
    assert ex.rows["name"].tolist() == ["受益人口数量", "受益群众满意度"]
    assert ex.rows["value"].tolist() == ["≥3000人", "≥90%"]
    text = ex.rows.to_string() + ex.rejects.to_string()
    assert "张三" not in text and "李四" not in text and "13912345678" not in text


def test_header_spellings_of_other_templates(tmp_path: Path) -> None:
    """Headers that contain a column's word (三级指标名称, 指标值符号, 年度目标值) name that
    column; 权重 / 分值 / 实际完成值 name none."""
    path = tmp_path / "other.csv"
    pd.DataFrame({"一级指标名称": ["产出指标", "效益指标"], "二级指标名称": ["数量指标", "社会效益指标"],
                  "三级指标名称": ["受益人口数量", "农村自来水普及率"], "指标值符号": ["≥", "≥"],
                  "年度目标值": ["3000", "95"], "计量单位": ["人", "%"], "权重": ["10", "10"],
                  "实际完成值": ["3100", "96"]}).to_csv(path, index=False)
    rows = read_tables(path)
    assert rows["name"].tolist() == ["受益人口数量", "农村自来水普及率"]
    assert rows["value"].tolist() == ["≥3000人", "≥95%"]
    assert rows["l2_declared"].tolist() == ["数量指标", "社会效益指标"]


def test_hand_made_csv_with_a_title_line_and_headers_of_its_own(tmp_path: Path) -> None:
    """A CSV typed by hand: a title line of one cell above a grid of six (pandas' reader
    refused the file before), `项目名称：…` in one cell, a bracketed note in a header
    (指标名称（三级）, 权重(%)), headers 关系符 / 预期值 / 指标 / 考核指标 (no column before)."""
    path = tmp_path / "hand.csv"
    path.write_text("项目名称：乡村道路养护\n序号,指标名称（三级）,关系符,预期值,计量单位,权重(%)\n"
                    "1,资金拨付及时率,≥,95,%,10\n2,培训人数,≥,200,人次,10\n", encoding="utf-8")
    rows = read_tables(path)
    assert rows["name"].tolist() == ["资金拨付及时率", "培训人数"]
    assert rows["value"].tolist() == ["≥95%", "≥200人次"]
    assert set(rows["project"]) == {"乡村道路养护"}
    for header in ("指标", "考核指标"):
        other = tmp_path / "short.csv"
        pd.DataFrame({header: ["培训人数"], "期望值": ["≥200人"]}).to_csv(other, index=False)
        assert read_tables(other)[["name", "value"]].values.tolist() == [["培训人数", "≥200人"]]


def test_levels_named_on_a_second_header_row(tmp_path: Path) -> None:
    """`绩效指标` merged over the three level columns, 一级/二级/三级指标 on the row below
    and 指标值 merged down both rows (read as rows `一级指标`, `产出指标` … before)."""
    wb = Workbook()
    ws = wb.active
    for r in [["项目名称", "道路养护"], ["绩效指标", "", "", "指标值"],
              ["一级指标", "二级指标", "三级指标", ""],
              ["产出指标", "数量指标", "养护里程", "≥120公里"], ["", "质量指标", "验收合格率", "100%"]]:
        ws.append(r)
    ws.merge_cells("A2:C2")
    ws.merge_cells("D2:D3")
    wb.save(tmp_path / "levels.xlsx")
    rows = read_tables(tmp_path / "levels.xlsx")
    assert rows[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "数量指标", "养护里程", "≥120公里"], ["产出指标", "质量指标", "验收合格率", "100%"]]


def test_a_direction_column_gives_a_bare_number_its_sign(tmp_path: Path) -> None:
    """A 指标方向性 column written instead of ≥ / ≤ (正向指标 / 反向指标): a bare number
    takes the sign it implies (`95` + `%` read `95%`, flagged Q005 for want of an
    operator, before); a word value and a written operator keep theirs, and
    value_operator stays what the table wrote (nothing)."""
    path = tmp_path / "direction.csv"
    pd.DataFrame({"三级指标": ["验收合格率", "项目成本", "群众出行", "事故发生率"],
                  "指标值": ["95", "400", "明显改善", "=0"], "计量单位": ["%", "万元", "", "%"],
                  "指标方向性": ["正向指标", "反向指标", "正向指标", "反向指标"]}).to_csv(path, index=False)
    rows = read_tables(path)
    assert rows["value"].tolist() == ["≥95%", "≤400万元", "明显改善", "=0%"]
    assert rows["value_operator"].tolist() == ["", "", "", ""]


def test_published_grid_with_label_column_and_stacked_tables(tmp_path: Path) -> None:
    """The grid as published (绩效指标 in column A, both halves, header block above each
    table, no footer between tables) read from a workbook gives the seed's rows."""
    from split_template import published_grids

    seed = read_tables(ROOT / "training_data" / "raw" / "004_85ad6b5078b91ae2.txt")
    seed = seed[seed["table"] <= 3]
    wb = Workbook()
    ws = wb.active
    for grid in published_grids(seed):
        ws.append(["上党区县(区)级预算部门（单位）项目支出绩效目标表"])
        for row in grid:
            ws.append(row)
    path = tmp_path / "published.xlsx"
    wb.save(path)
    got = read_tables(path)
    cols = ["table", "half", "l1_declared", "l2_declared", "name", "value", "project"]
    assert len(got) == len(seed) > 30
    assert sorted(got[cols].values.tolist()) == sorted(seed[cols].values.tolist())


def test_one_name_column_with_two_value_columns(tmp_path: Path) -> None:
    """``三级指标 | 计量单位 | 实施期指标值 | 年度指标值``: both halves share the name, the
    category and the unit column."""
    path = tmp_path / "shared.csv"
    pd.DataFrame({"二级指标": ["数量指标", "质量指标"], "三级指标": ["新建供水工程", "验收合格率"],
                  "计量单位": ["处", "%"], "实施期指标值": ["20", "100"],
                  "年度指标值": ["12", "100"]}).to_csv(path, index=False)
    rows = read_tables(path)
    got = rows[["half", "l2_declared", "name", "value"]].values.tolist()
    assert got == [["实施期", "数量指标", "新建供水工程", "20处"],
                   ["实施期", "质量指标", "验收合格率", "100%"],
                   ["年度", "数量指标", "新建供水工程", "12处"],
                   ["年度", "质量指标", "验收合格率", "100%"]]


def test_extract_output_reads_back_unchanged(tmp_path: Path) -> None:
    """`jixiao extract` writes value_operator / value_unit / value_direction columns (the names
    `model.predict` composes); a file with those headers reads back to the same values, and a
    hand-made one with a bare number in `value` is composed like a Chinese-headed sheet."""
    wb = Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位", "指标方向性"])
    ws.append(["产出指标", "数量指标", "保障在职职工人数(人)", "＝", "120", "", "正向"])
    ws.append(["", "质量指标", "工资发放准确率", "≥", "95", "%", "正向"])
    ws.append(["效益指标", "生态效益指标", "森林覆盖率", "≧", "45", "百分比", "正向"])
    first = tmp_path / "split.xlsx"
    wb.save(first)
    rows = read_tables(first)
    written = tmp_path / "extracted.csv"
    rows.to_csv(written, index=False)
    again = read_tables(written)
    cols = ["l2_declared", "name", "value", "value_operator", "value_unit", "value_direction"]
    assert again[cols].values.tolist() == rows[cols].values.tolist()
    assert again["value"].tolist() == ["＝120人", "≥95%", "≧45百分比"]
    hand = tmp_path / "hand.csv"
    pd.DataFrame({"name": ["村级光伏电站年收益", "资金拨付及时率"], "value": ["12", "100"],
                  "value_operator": ["≥", ""], "value_unit": ["万元", "%"]}).to_csv(hand, index=False)
    assert read_tables(hand)["value"].tolist() == ["≥12万元", "100%"]


def test_a_signed_sheet_keeps_the_person_out(tmp_path: Path) -> None:
    """A self-evaluation sheet (年度指标值 beside 实际完成值) signed `联系人：李四 电话：…` in its
    last row: the targets are read, and the signature is neither a row nor a reject."""
    book = Workbook()
    sheet = book.active
    for row in [["项目支出绩效自评表"], ["项目名称", "农村公路养护"],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                ["产出指标", "数量指标", "养护里程", "≥120公里", "125公里", "10", "10"],
                ["", "质量指标", "路况优良率", "≥80%", "82%", "10", "10"],
                ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "93%", "10", "10"],
                ["联系人：李四 电话：0355-1234567"]]:
        sheet.append(row)
    path = tmp_path / "自评表.xlsx"
    book.save(path)
    ex = extract([path])
    assert ex.rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "养护里程", "≥120公里"], ["质量指标", "路况优良率", "≥80%"],
        ["服务对象满意度指标", "沿线群众满意度", "≥90%"]]
    assert ex.rejects.empty
    assert "李四" not in ex.rows.astype(str).to_string()


TWO_ROW_HEADER = [["项目支出绩效目标表"], ["项目名称", "农村公路养护"],
                  ["一级指标", "二级指标", "三级指标", "指标值", "", "", "权重"],
                  ["", "", "", "计算符号", "数值", "计量单位", ""],
                  ["产出指标", "数量指标", "养护里程", "≥", "120", "公里", "10"],
                  ["", "质量指标", "路况优良率", "≥", "80", "%", "10"],
                  ["", "时效指标", "完成时间", "≤", "2025年11月", "", "10"],
                  ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥", "90", "%", "10"]]
TWO_ROW_WANT = [["数量指标", "养护里程", "≥120公里"], ["质量指标", "路况优良率", "≥80%"],
                ["时效指标", "完成时间", "≤2025年11月"], ["服务对象满意度指标", "沿线群众满意度", "≥90%"]]


def test_value_columns_split_on_a_second_header_row(tmp_path: Path) -> None:
    """`指标值` merged over `计算符号 | 数值 | 计量单位` on a second header row (a template of
    other provinces): before, the sub-header row was read as an indicator and each value was
    its operator alone (`≥`)."""
    book = Workbook()
    sheet = book.active
    for row in TWO_ROW_HEADER:
        sheet.append(row)
    sheet.merge_cells("D3:F3")
    path = tmp_path / "two_rows.xlsx"
    book.save(path)
    ex = extract([path])
    assert ex.rows[["l2_declared", "name", "value"]].values.tolist() == TWO_ROW_WANT
    assert ex.rejects.empty and ex.rows["line"].tolist() == [5, 6, 7, 8]
    # the same grid as tab-separated text extracted from a PDF
    text = tmp_path / "two_rows.txt"
    text.write_text("\n".join("\t".join(r) for r in TWO_ROW_HEADER), encoding="utf-8")
    ex = extract([text])
    assert ex.rows[["l2_declared", "name", "value"]].values.tolist() == TWO_ROW_WANT
    assert ex.rejects.empty


def test_two_halves_named_on_a_second_header_row(tmp_path: Path) -> None:
    """`指标值` merged over `实施期 | 年度`: one name column, the two halves' values."""
    book = Workbook()
    sheet = book.active
    for row in [["项目名称", "农村公路养护"], ["一级指标", "二级指标", "三级指标", "指标值", ""],
                ["", "", "", "实施期", "年度"],
                ["产出指标", "数量指标", "养护里程", "≥120公里", "≥120公里"],
                ["", "质量指标", "路况优良率", "≥80%", "≥85%"]]:
        sheet.append(row)
    sheet.merge_cells("D2:E2")
    path = tmp_path / "halves.xlsx"
    book.save(path)
    ex = extract([path])
    assert ex.rows[["half", "l2_declared", "name", "value"]].values.tolist() == [
        ["实施期", "数量指标", "养护里程", "≥120公里"], ["实施期", "质量指标", "路况优良率", "≥80%"],
        ["年度", "数量指标", "养护里程", "≥120公里"], ["年度", "质量指标", "路况优良率", "≥85%"]]
    assert ex.rejects.empty


def test_old_binary_workbook(tmp_path: Path) -> None:
    """`.xls` (still attached to many budget publications): cells as Excel shows them, a
    category merged down, every row read."""
    import datetime

    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("目标表")
    percent, date = xlwt.easyxf(num_format_str="0%"), xlwt.easyxf(num_format_str="yyyy-mm-dd")
    rows = [["项目支出绩效目标表"], ["项目名称", "农村公路养护"],
            ["一级指标", "二级指标", "三级指标", "指标值"], [None, "数量指标", "养护里程(公里)", 120],
            [None, "质量指标", "路况优良率", 0.8],
            [None, "时效指标", "完成时间", datetime.datetime(2025, 11, 30)],
            ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"]]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                style = date if isinstance(v, datetime.datetime) else xlwt.Style.default_style
                sheet.write(r, c, v, percent if v == 0.8 else style)
    sheet.write_merge(3, 5, 0, 0, "产出指标")
    path = tmp_path / "old.xls"
    book.save(str(path))
    ex = extract([path])
    assert ex.rows[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "数量指标", "养护里程(公里)", "120公里"], ["产出指标", "质量指标", "路况优良率", "80%"],
        ["产出指标", "时效指标", "完成时间", "2025年11月30日"],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"]]
    assert ex.rejects.empty and set(ex.rows["project"]) == {"农村公路养护"}
    bad = tmp_path / "broken.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    with pytest.raises(InputError, match="broken.xls"):
        read_tables(bad)


@pytest.mark.parametrize("header, want", [
    (["一级", "二级", "三级", "指标值"], [["实施期", "数量指标", "养护里程", "≥120公里"]]),
    (["一级指标", "二级指标", "指标内容", "实施期目标", "年度目标"],
     [["实施期", "数量指标", "养护里程", "≥120公里"], ["年度", "数量指标", "养护里程", "≥100公里"]]),
])
def test_short_and_content_headers(header: list[str], want: list[list[str]], tmp_path: Path) -> None:
    """Short headers (`一级 | 二级 | 三级`) and `指标内容` with `实施期目标 | 年度目标` name the
    columns as the usual spellings do (``layout.yaml: spreadsheet_columns``)."""
    book = Workbook()
    sheet = book.active
    body = ["产出指标", "数量指标", "养护里程", "≥120公里", "≥100公里"]
    for row in [["项目名称", "农村公路养护"], header, body[: len(header)]]:
        sheet.append(row)
    path = tmp_path / "spelled.xlsx"
    book.save(path)
    assert extract([path]).rows[["half", "l2_declared", "name", "value"]].values.tolist() == want


def test_self_evaluation_sheet_reads_the_target_not_the_result(tmp_path: Path) -> None:
    # a 绩效自评表: the 年度指标值 is the target (the budget year's half); 实际完成值, 分值 and
    # 得分 are the evaluation's own columns, and the 总分 line is no indicator
    path = tmp_path / "self.csv"
    path.write_text(
        "项目支出绩效自评表\n项目名称,饮水工程,,,,,,\n"
        "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n"
        "产出指标,数量指标,新建供水工程数量,≥5处,5处,10,10,\n"
        ",时效指标,工程完工时间,2023年12月底前,2023年11月,10,10,\n"
        "满意度指标,服务对象满意度指标,受益群众满意度,≥90%,95%,10,9,未达标\n"
        "总分,,,,,100,99,\n", encoding="utf-8")
    result = extract(path)
    assert result.rows[["half", "l2_declared", "name", "value", "value_actual"]].values.tolist() == [
        ["年度", "数量指标", "新建供水工程数量", "≥5处", "5处"],
        ["年度", "时效指标", "工程完工时间", "2023年12月底前", "2023年11月"],
        ["年度", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%"]]
    assert result.rejects["line"].tolist() == [7]


def test_one_category_column_by_its_cells_or_naming_both_levels(tmp_path: Path) -> None:
    # 指标类型 (a header read as 指标性质) holding 二级 words is the declared category; a
    # 指标类别 cell naming both levels (`产出指标-数量指标`) gives 一级 and 二级
    typed = tmp_path / "typed.csv"
    typed.write_text("指标类型,指标名称,指标值,指标解释\n数量指标,培训人数,≥100人,参加培训的人数\n"
                     ",培训合格率,≥90%,\n满意度指标,参训人员满意度,≥90%,\n", encoding="utf-8")
    rows = extract(typed).rows
    assert rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "培训人数", "≥100人"], ["数量指标", "培训合格率", "≥90%"],
        ["满意度指标", "参训人员满意度", "≥90%"]]
    both = tmp_path / "both.csv"
    both.write_text("指标类别,指标名称,指标值\n产出指标-数量指标,培训人数,≥100人\n"
                    "效益指标/社会效益指标,就业人数增加,≥50人\n", encoding="utf-8")
    rows = extract(both).rows
    assert rows[["l1_declared", "l2_declared", "name"]].values.tolist() == [
        ["产出指标", "数量指标", "培训人数"], ["效益指标", "社会效益指标", "就业人数增加"]]


def test_a_group_row_over_the_header_is_no_table(tmp_path: Path) -> None:
    # `绩效指标 | 实施期目标 | 年度目标` merged over the two halves' columns, as a hand-made
    # sheet heads them: one table (it was counted as an empty first table, and the rows
    # lost their project)
    path = tmp_path / "grouped.csv"
    path.write_text("项目支出绩效目标表,,,,,,\n项目名称,农村饮水,,,,,\n绩效指标,实施期目标,,,年度目标,,\n"
                    "一级指标,二级指标,三级指标,指标值,二级指标,三级指标,指标值\n"
                    "产出指标,数量指标,新建工程数量,≥5处,数量指标,新建工程数量,≥3处\n", encoding="utf-8")
    ex = extract(path)
    assert ex.rows[["table", "project", "half", "value"]].values.tolist() == [
        [1, "农村饮水", "实施期", "≥5处"], [1, "农村饮水", "年度", "≥3处"]]
    assert ex.counts["tables"].tolist() == [1]


def test_department_whole_spending_table_in_a_sheet(tmp_path: Path) -> None:
    """A department's own table (部门整体支出绩效目标表) under a project's in one sheet: its rows
    are the department's, for the budget year, in a table of their own."""
    grid = [["项目支出绩效目标表", "", "", ""], ["项目名称", "农村饮水", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "新建工程数量", "≥5处"],
            ["2024年度部门整体支出绩效目标表", "", "", ""], ["部门名称", "123-某县水利局", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "质量指标", "水质达标率", "100%"]]
    path = tmp_path / "whole.xlsx"
    pd.DataFrame(grid).to_excel(path, header=False, index=False)
    rows = extract([path]).rows
    assert rows[["table", "project", "department", "half", "name"]].values.tolist() == [
        [1, "农村饮水", "", "实施期", "新建工程数量"],
        [2, "部门整体支出", "某县水利局", "年度", "水质达标率"]]


def test_a_file_is_read_as_what_it_is_not_as_its_name_says(tmp_path: Path) -> None:
    """Sites publish a web page or a new workbook named `.xls`, a `.docx` named `.doc`; WPS
    Office's `.et` is the old Excel format: each is read by its first bytes (they were
    'not a readable spreadsheet' or 'binary file, not text')."""
    import docx
    import xlwt

    grid = [["项目支出绩效目标表"], ["项目名称", "甲项目"], ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "人数", "5人"]]
    wb = Workbook()
    for r in grid:
        wb.active.append(r)
    wb.save(tmp_path / "new_book.xls")
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in grid[1:])
    (tmp_path / "page.xls").write_text(f"<html><body><p>{grid[0][0]}</p><table>{rows}</table></body></html>",
                                       encoding="utf-8")
    doc = docx.Document()
    doc.add_paragraph(grid[0][0])
    table = doc.add_table(rows=3, cols=4)
    for i, r in enumerate(grid[1:]):
        for j, v in enumerate(r):
            table.cell(i, j).text = v
    doc.save(str(tmp_path / "new_doc.doc"))
    book = xlwt.Workbook()
    sheet = book.add_sheet("目标表")
    for i, r in enumerate(grid):
        for j, v in enumerate(r):
            sheet.write(i, j, v)
    book.save(str(tmp_path / "wps.et"))
    for name in ("new_book.xls", "page.xls", "new_doc.doc", "wps.et"):
        got = read_tables(tmp_path / name)
        assert got[["project", "name", "value"]].values.tolist() == [["甲项目", "人数", "5人"]], name
    (tmp_path / "old.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError, match="old.wps: not a readable Word .doc file"):
        read_tables(tmp_path / "old.wps")


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("header, indicator", [
    (["指标名称", "指标值", "权重"], lambda n, v: [n, v, "10"]),
    (["三级指标", "指标值", "三级指标", "指标值"], lambda n, v: [n, v, n, v]),
])
def test_section_rows_of_one_category_word(header, indicator, tmp_path: Path) -> None:
    """A grid with no category column heads its rows with a row of one category word
    (`产出指标` alone, or merged across the row): it is the rows' 一级 / 二级, never an
    indicator of its own."""
    width = len(header)
    rows = [["项目支出绩效目标表"], ["项目名称", "甲项目"], header,
            ["产出指标"] * width, ["数量指标", *[""] * (width - 1)], indicator("培训人数", "≥100人"),
            ["效益指标"], indicator("群众满意度", "≥95%")]
    got = extract([_sheet(tmp_path / "sections.xlsx", rows)])
    first = got.rows[got.rows["half"] == "实施期"]
    assert first[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "数量指标", "培训人数", "≥100人"], ["效益指标", "", "群众满意度", "≥95%"]]
    assert len(got.rejects) == 0


def test_a_row_of_category_cells_only_heads_the_rows_below(tmp_path: Path) -> None:
    """`效益指标 | 经济效益指标 | (empty)`: its 一级 goes on to the next row, whose 一级 cell is
    merged (it was the 一级 of the rows above, and the row a reject)."""
    rows = [["项目支出绩效目标表"], ["项目名称", "甲项目"],
            ["一级指标", "二级指标", "三级指标", "指标值", "权重"],
            ["产出指标", "数量指标", "培训人数", "≥100人", "10"], ["效益指标", "经济效益指标", "", "", ""],
            ["", "社会效益指标", "群众满意度", "≥95%", "10"]]
    got = extract([_sheet(tmp_path / "levels.xlsx", rows)])
    assert got.rows[["l1_declared", "l2_declared", "name"]].values.tolist() == [
        ["产出指标", "数量指标", "培训人数"], ["效益指标", "社会效益指标", "群众满意度"]]
    assert len(got.rejects) == 0


def test_the_titles_year_printed_again_in_a_sheet_is_no_reject(tmp_path: Path) -> None:
    rows = [["项目支出绩效目标表"], ["（2024年度）"], ["项目名称", "甲项目"],
            ["一级指标", "二级指标", "三级指标", "指标值", "权重"],
            ["产出指标", "数量指标", "培训人数", "≥100人", "10"], ["（2024年度）"],
            ["", "质量指标", "合格率", "≥90%", "10"], ["", "时效指标", "完成年份", "2024年", "10"]]
    got = extract([_sheet(tmp_path / "year.xlsx", rows)])
    assert got.rows[["name", "value"]].values.tolist() == [
        ["培训人数", "≥100人"], ["合格率", "≥90%"], ["完成年份", "2024年"]]
    assert len(got.rejects) == 0


def test_a_sheet_that_ends_at_its_header_reads_no_rows(tmp_path: Path) -> None:
    """A table cut after its header row (the sheet's last row): no rows, no rejects, no crash
    (an IndexError before, found by fuzzing damaged Word files)."""
    path = _sheet(tmp_path / "cut.xlsx", [["项目名称", "甲项目"],
                                          ["一级指标", "二级指标", "三级指标", "指标值"]])
    ex = extract([path])
    assert (len(ex.rows), len(ex.rejects)) == (0, 0)


def test_units_and_placeholders_written_in_names(tmp_path: Path) -> None:
    """A bare number takes the unit its name holds only when the units lexicon knows it (a
    note, `(含续建)`, is none: it gave `1含续建`), and a placeholder target in the name gives
    its operator too (`苗木成活率(≥**%)` + `85` gave `85≥**%`; now `≥85%`, `消毒机(≥台)` + `1`
    is `≥1台`), as the classifier reads such names. Found by `python
    benchmarks/bench_layouts.py --public` on other provinces' tables."""
    path = tmp_path / "public.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["项目支出绩效目标表"])
    ws.append(["项目名称", "生猪保种场建设"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    for row in (["产出指标", "数量指标", "建设项目个数(含续建)", "1"], ["", "", "消毒机(≥台)", "1"],
                ["", "", "保种数量（头）", "300"], ["", "质量指标", "苗木成活率(≥**%)", "85"],
                ["", "成本指标", "投入资金(≥万元)", "1500"]):
        ws.append(row)
    wb.save(path)
    assert read_tables(path)["value"].tolist() == ["1", "≥1台", "300头", "≥85%", "≥1500万元"]


def test_satisfaction_named_twice_in_sheets(tmp_path: Path) -> None:
    """`满意度指标` as both levels in a sheet: in one category column (`满意度指标-满意度指标`,
    read as 效益指标 before: the 一级 above) and as two section rows (the second a 一级 again,
    so its rows had no 二级). Found by `python benchmarks/bench_layouts.py --public`."""
    path = tmp_path / "both.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["项目支出绩效目标表"])
    ws.append(["项目名称", "职工培训"])
    ws.append(["指标类别", "指标名称", "指标值"])
    ws.append(["效益指标-社会效益指标", "培训覆盖率", "≥90%"])
    ws.append(["满意度指标-满意度指标", "职工满意度", "≥90%"])
    wb.save(path)
    rows = read_tables(path)[["l1_declared", "l2_declared", "name"]].values.tolist()
    assert rows == [["效益指标", "社会效益指标", "培训覆盖率"], ["满意度指标", "满意度指标", "职工满意度"]]
    wb = Workbook()
    ws = wb.active
    for row in (["项目支出绩效目标表"], ["项目名称", "职工培训"], ["指标名称", "指标值"], ["效益指标", ""],
                ["社会效益指标", ""], ["培训覆盖率", "≥90%"], ["满意度指标", ""], ["满意度指标", ""],
                ["职工满意度", "≥90%"]):
        ws.append(row)
    wb.save(path)
    rows = read_tables(path)[["l1_declared", "l2_declared", "name"]].values.tolist()
    assert rows == [["效益指标", "社会效益指标", "培训覆盖率"], ["满意度指标", "满意度指标", "职工满意度"]]
