"""Extraction of performance-target tables from the seed documents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nlp.documents import redact
from nlp.errors import InputError
from nlp.evaluation import score_extraction
from nlp.tables import COLUMNS, category_of, extract, read_tables, value_like
from nlp.train import declared_code

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "training_data" / "raw"
GOLD = ROOT / "tests" / "data" / "gold"
SEEDS = sorted(RAW.glob("*.txt"))


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return read_tables(SEEDS)


def test_columns_and_halves(corpus: pd.DataFrame) -> None:
    assert list(corpus.columns) == COLUMNS
    assert set(corpus["half"]) == {"实施期", "年度"}
    assert corpus["table"].min() == 1
    assert (corpus["line"] > 0).all()


def test_gold_tables_match_hand_transcription() -> None:
    """Hand-transcribed tables (both layouts, hardest wrapped ones of 003)."""
    score = score_extraction(GOLD, RAW)
    print(score.summary())
    assert score.gold_rows >= 300
    assert score.recall >= 0.95
    assert score.exact_rate >= 0.94
    assert score.spurious_rate < 0.04


def test_first_table_of_space_layout(corpus: pd.DataFrame) -> None:
    t = corpus[(corpus.source == SEEDS[3].name) & (corpus.table == 1)]
    assert t.iloc[0][["project", "department_code", "department", "year"]].tolist() == [
        "襄垣县十七届人大四次会议", "001", "襄垣县人民代表大会常务委员会办公室", 2024]
    assert t.iloc[0]["funds_total"] == 510000.0
    left = t[t.half == "实施期"][["l1_declared", "l2_declared", "name", "value"]].values.tolist()
    assert left[0] == ["产出指标", "数量指标", "参会代表人数", "≥193人"]
    assert left[-1] == ["满意度指标", "服务对象满意度指标", "群众满意度", "95%"]
    assert len(left) == 6


def test_tab_layout_header_line_holds_first_categories(corpus: pd.DataFrame) -> None:
    # 002: the first row's 一级/二级 cells sit on the header line itself
    t = corpus[(corpus.source == SEEDS[2].name) & (corpus.table == 1) & (corpus.half == "实施期")]
    assert t.iloc[0][["l1_declared", "l2_declared", "name", "value"]].tolist() == [
        "产出指标", "数量指标", "工作部署开展完成率", "=100%"]


def test_no_personal_data(corpus: pd.DataFrame, tmp_path: Path) -> None:
    text = corpus.astype(str).to_string()
    assert "联系电话" not in text and "经办人" not in text
    assert not corpus.astype(str).apply(lambda c: c.str.contains(r"1[3-9]\d{9}")).any().any()
    # a document whose footer and cells carry a name and phone numbers
    seed = (RAW / SEEDS[2].name).read_text(encoding="utf-8").split("\n")
    footer = next(i for i, ln in enumerate(seed) if ln.startswith("负责人"))
    seed[footer] = "负责人:\t\t经办人:\t张三\t联系电话:\t13912345678\t填报日期:\t20221220"
    grid_row = next(i for i in range(footer - 1, 0, -1) if "=100%" in seed[i])
    seed[grid_row] = seed[grid_row].replace("=100%", "=100%（咨询0355-1234567）", 1)
    doc = tmp_path / "with_personal_data.txt"
    doc.write_text("\n".join(seed), encoding="utf-8")
    out = read_tables(doc).astype(str).to_string()
    assert "张三" not in out and "13912345678" not in out and "0355-1234567" not in out
    assert "[电话]" in out


@pytest.mark.parametrize("line", ["单位负责人\t张三\t联系人\t王五\t联系电话\t13912345678",
                                  "负责人 张三 联系电话 0355-1234567", "项目负责人：张三"])
def test_personal_lines_in_the_header_block(line: str, tmp_path: Path) -> None:
    """A 负责人 / 联系人 line under 项目名称 (other templates have one) ends the project
    name; the person never reaches the rows."""
    seed = (RAW / SEEDS[4].name).read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(seed) if ln.startswith("项目名称"))
    seed.insert(at + 1, line)
    doc = tmp_path / "header_with_person.txt"
    doc.write_text("\n".join(seed), encoding="utf-8")
    rows = read_tables(doc)
    want = read_tables(RAW / SEEDS[4].name)
    assert rows["project"].iloc[0] == want["project"].iloc[0] == "八义镇东山村滑坡治理费用"
    out = rows.astype(str).to_string()
    assert "张三" not in out and "王五" not in out and "负责人" not in out


@pytest.mark.parametrize("line", ["联系人：李四\t联系电话：0355-1234567", "项目负责人：张三",
                                  "单位负责人 王五", "填报单位（盖章）  联系人 赵六",
                                  "单位：某县财政局   联系人：孙七"])
def test_footers_of_other_templates_end_the_table(line: str, tmp_path: Path) -> None:
    """Other templates sign a table with 联系人 / 项目负责人 / 填报单位 lines, not the seeds'
    负责人 / 经办人 footer: such a line ends the grid, and the person never becomes an
    indicator row (before, `联系人：李四` was read as one) nor a reject's text."""
    seed = (RAW / SEEDS[4].name).read_text(encoding="utf-8").split("\n")
    footer = next(i for i, ln in enumerate(seed) if ln.startswith("负责人"))
    seed[footer] = line
    doc = tmp_path / "other_footer.txt"
    doc.write_text("\n".join(seed), encoding="utf-8")
    ex = extract([doc])
    want = read_tables(RAW / SEEDS[4].name)
    assert len(ex.rows) == len(want) and ex.rejects.empty
    out = ex.rows.astype(str).to_string()
    assert not any(n in out for n in ("李四", "张三", "王五", "赵六", "孙七"))


def test_redact_names_and_phones() -> None:
    assert redact("联系人：李四 电话：13912345678") == "联系人：[姓名] 电话：[电话]"
    # an indicator that merely starts with a label, or a label with no name after it, stays
    assert redact("项目负责人到岗率") == "项目负责人到岗率"
    assert redact("联系人：单位办公室") == "联系人：单位办公室"


def test_training_data_and_models_hold_no_personal_data() -> None:
    """The seed copies in training_data/raw are redacted (line numbers unchanged)."""
    import re

    phone = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    for path in [*RAW.glob("*.txt"), ROOT / "training_data" / "indicators.csv",
                 *(ROOT / "training_data" / "labels").glob("*.csv"),
                 *(ROOT / "training_data" / "public").glob("*.csv"),
                 *(ROOT / "training_data" / "other_sources").glob("*.csv")]:
        text = path.read_text(encoding="utf-8")
        assert not phone.search(text), path
        for line in text.splitlines():
            if line.startswith(("负责人", "经办人")):
                cells = [c.strip() for c in line.split("\t")]
                for label, value in zip(cells, cells[1:], strict=False):
                    if label.rstrip(":：") in ("负责人", "经办人") and value:
                        assert value == "[姓名]" or value.endswith(("：", ":")), (path, line)


@pytest.mark.parametrize(
    "piece, expected",
    [("数量指标", ("l2", "output.quantity")), ("服务对象 满意度指标", ("l2", "satisfaction.service")),
     ("可持续影响", ("l2", "benefit.sustainable")), ("效益", ("l1", "效益指标")),
     ("会议成本", None)],
)
def test_category_of(piece: str, expected) -> None:
    assert category_of(piece) == expected


@pytest.mark.parametrize("text", ["≥90%", "51万", "≤160万元", "年底前", "及时", "100%", "=0"])
def test_value_like(text: str) -> None:
    assert value_like(text)


@pytest.mark.parametrize("text", ["会议召开社会知晓度", "参会代表人数", "运营成本"])
def test_not_value_like(text: str) -> None:
    assert not value_like(text)


def test_bad_inputs_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    prose = tmp_path / "prose.txt"
    prose.write_text("第一部分 概况\n本部门职责\n", encoding="utf-8")
    for path, word in [(empty, "empty"), (binary, "binary"), (prose, "no performance-target"),
                       (tmp_path / "missing.txt", "not found")]:
        with pytest.raises(InputError, match=word) as info:
            read_tables(path)
        assert path.name in str(info.value)
    result = extract([empty, SEEDS[1]], keep_going=True)
    assert result.counts["error"].tolist()[0].endswith("file is empty")
    assert len(result.rows) == result.counts["extracted"].sum() > 0


def test_a_reader_failure_is_one_files_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug a reader meets in one file is that file's error; the batch goes on."""
    import nlp.tables

    real = nlp.tables.read_document

    def failing(path: Path):  # noqa: ANN202
        if path.name == SEEDS[0].name:
            raise IndexError("list index out of range")
        return real(path)

    monkeypatch.setattr(nlp.tables, "read_document", failing)
    result = extract(SEEDS[:2], keep_going=True)
    error = result.counts["error"].tolist()
    assert SEEDS[0].name in error[0] and "IndexError" in error[0] and "report" in error[0]
    assert error[1] == "" and len(result.rows) == result.counts["extracted"].sum() > 0
    with pytest.raises(IndexError):
        extract(SEEDS[:1])


def test_gbk_document_is_decoded(tmp_path: Path) -> None:
    text = (RAW / SEEDS[4].name).read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    assert read_tables(gbk)[["name", "value"]].equals(read_tables(RAW / SEEDS[4].name)[["name", "value"]])


def test_counts_in_equal_counts_out() -> None:
    result = extract(SEEDS)
    assert result.counts["read"].sum() == len(result.rows) + len(result.rejects)
    assert result.counts["tables"].sum() == result.rows.groupby(["source", "table"]).ngroups + (
        result.rejects.groupby(["source", "table"]).ngroups if len(result.rejects) else 0)


def test_checked_in_extraction_is_in_sync(corpus: pd.DataFrame) -> None:
    """training_data/indicators.csv is regenerated by `make training-data`."""
    saved = pd.read_csv(ROOT / "training_data" / "indicators.csv", dtype=str, keep_default_na=False)
    fresh = corpus.astype(str).replace({"<NA>": "", "nan": ""})
    assert saved.columns.tolist() == fresh.columns.tolist()
    assert len(saved) == len(fresh)
    for col in ("source", "table", "line", "half", "l1_declared", "l2_declared", "name", "value"):
        assert saved[col].tolist() == fresh[col].tolist(), f"{col} differs: run `make training-data`"


def test_split_value_columns_in_text(corpus: pd.DataFrame, tmp_path: Path) -> None:
    """Text from a PDF of another template (指标性质 / 指标值 / 度量单位 / 权重 columns, one
    half) is read by column: seed tables re-laid that way give back their rows."""
    from split_template import split_template

    from nlp.values import parse_value

    seed = corpus[(corpus["source"] == SEEDS[4].name) & (corpus["half"] == "实施期")]
    tables = sorted(seed["table"].unique())[:6]
    lines: list[str] = []
    for t in tables:
        rows = seed[seed["table"] == t]
        lines += ["项目支出绩效目标表", "（2025年度）", f"项目名称\t{rows['project'].iloc[0]}"]
        lines += ["\t".join(cells) for cells in split_template(rows)]
        lines += ["负责人：\t[姓名]\t联系电话：\t[电话]"]
    doc = tmp_path / "other_template.txt"
    doc.write_text("\n".join(lines), encoding="utf-8")
    got = read_tables(doc)
    want = seed[seed["table"].isin(tables)]
    assert len(got) == len(want) > 40
    cols = ["l1_declared", "l2_declared", "name"]
    assert got[cols].values.tolist() == want[cols].values.tolist()
    assert got["project"].tolist() == want["project"].tolist()
    same = [(a.operator, a.lower, a.upper, a.unit) == (b.operator, b.lower, b.upper, b.unit)
            for a, b in zip(map(parse_value, got["value"]), map(parse_value, want["value"]), strict=True)]
    assert all(same)
    split = got.dropna(subset=["value_unit"])
    assert (split["value_nature"] != "").any() and (split["value_unit"] != "").any()


def test_tables_without_a_known_title(corpus: pd.DataFrame, tmp_path: Path) -> None:
    """No title line we know and a 目标值 column: each grid header starts a table, its
    header block from the 项目名称 line above."""
    seed = corpus[(corpus["source"] == SEEDS[4].name) & (corpus["half"] == "实施期")]
    tables = sorted(seed["table"].unique())[:3]
    lines = ["2025年部门预算公开", "三、绩效目标"]
    for t in tables:
        rows = seed[seed["table"] == t]
        lines += [f"项目名称\t{rows['project'].iloc[0]}", "一级指标\t二级指标\t三级指标\t目标值"]
        lines += ["\t".join([r.l1_declared, r.l2_declared, r.name, r.value]) for r in rows.itertuples()]
    doc = tmp_path / "untitled.txt"
    doc.write_text("\n".join(lines), encoding="utf-8")
    got = read_tables(doc)
    want = seed[seed["table"].isin(tables)]
    cols = ["table", "l1_declared", "l2_declared", "name", "value", "project"]
    assert len(got) == len(want) > 20
    assert got[cols].values.tolist() == want[cols].values.tolist()


TAB_BODY = [["产出指标", "数量指标", "养护里程", "≥120公里"], ["", "质量指标", "路况优良率", "≥80%"],
            ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"]]


SERIAL = (["序号", "一级指标", "二级指标", "三级指标", "指标值"], lambda i, r: [str(i + 1), *r])
WEIGHT = (["一级指标", "二级指标", "三级指标", "指标值", "权重"], lambda i, r: [*r, "10"])
SCORING = (["一级指标", "二级指标", "三级指标", "评分标准", "指标值"],
           lambda i, r: [*r[:3], "完成得满分", r[3]])


@pytest.mark.parametrize("sep, header, row", [("\t", *SERIAL), ("\t", *WEIGHT), ("\t", *SCORING),
                                              (" ", *SERIAL), (" ", *WEIGHT)])
def test_text_grid_with_columns_of_its_own(sep, header, row, tmp_path: Path) -> None:
    """Text (from a PDF) of a template with a 序号, 权重 or 评分标准 column. Tab-separated, it is
    read by column: before, the seeds' two-half reader took those cells for values and the
    other half (`产出指标 | '' | '' | 1` rows beside `name = ≥120公里`). Space-separated, the
    serial numbers and weights are taken out: before, they became names (`产出指标 | 数量指标 | 10`)."""
    lines = ["某县项目支出绩效目标表", "项目名称" + sep + "农村公路养护", sep.join(header)]
    lines += [sep.join(row(i, r)) for i, r in enumerate(TAB_BODY)]
    doc = tmp_path / "other_columns.txt"
    doc.write_text("\n".join(lines), encoding="utf-8")
    ex = extract([doc])
    assert ex.rows[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "数量指标", "养护里程", "≥120公里"], ["产出指标", "质量指标", "路况优良率", "≥80%"],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"]]
    assert ex.rejects.empty


@pytest.mark.parametrize("sep", ["\t", " "])
def test_numbered_category_cells(sep: str, tmp_path: Path) -> None:
    """Category cells numbered as some templates number them (`（一）产出指标`, `1.数量指标`) are
    category cells in both text layouts (before, they were read as names and values), and
    their declared codes read through the numbering."""
    lines = ["某县项目支出绩效目标表", "项目名称 农村公路养护", "一级指标 二级指标 三级指标 指标值",
             "（一）产出指标 1.数量指标 养护里程 ≥120公里", " 2.质量指标 路况优良率 ≥80%",
             "（二）满意度指标 1.服务对象满意度指标 沿线群众满意度 ≥90%"]
    doc = tmp_path / "numbered.txt"
    doc.write_text("\n".join(ln.replace(" ", sep) for ln in lines), encoding="utf-8")
    ex = extract([doc])
    assert ex.rows[["name", "value"]].values.tolist() == [
        ["养护里程", "≥120公里"], ["路况优良率", "≥80%"], ["沿线群众满意度", "≥90%"]]
    assert ex.rows["l2_declared"].map(declared_code).tolist() == [
        "output.quantity", "output.quality", "satisfaction.service"]


@pytest.mark.parametrize("header, rows", [
    # no 三级指标: the name headed 指标名称, the value 目标值 (no table found before)
    ("一级指标\t二级指标\t指标名称\t目标值", ["产出指标\t数量指标\t养护里程\t≥120公里",
                                   "\t质量指标\t验收合格率\t100%"]),
    # the unit before the value, the operator in the number cell, a note column after
    # (before: `≥120` without its unit, and the notes read as two more rows)
    # the levels named on a second header line under 绩效指标 (no table found before)
    ("绩效指标\t\t\t指标值\n一级指标\t二级指标\t三级指标\t", ["产出指标\t数量指标\t养护里程\t≥120公里",
                                                "\t质量指标\t验收合格率\t100%"]),
    ("一级指标\t二级指标\t三级指标\t计量单位\t指标值\t指标值说明",
     ["产出指标\t数量指标\t养护里程\t公里\t≥120\t按实际", "\t质量指标\t验收合格率\t%\t100\t全部合格"]),
])
def test_tab_text_grids_of_other_headers(header: str, rows: list[str], tmp_path: Path) -> None:
    path = tmp_path / "table.txt"
    path.write_text("\n".join(["项目支出绩效目标表", "项目名称\t道路养护", header, *rows]), encoding="utf-8")
    out = read_tables(path)
    assert out[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "养护里程", "≥120公里"], ["质量指标", "验收合格率", "100%"]]


def test_space_text_of_split_value_columns(tmp_path: Path) -> None:
    """The 2021 template (指标性质 | 指标值 | 度量单位 | 权重) as PDF text without tabs: read
    by the comparison and the unit (a 二级 word that is also the name, `服务对象满意度`
    under 服务对象满意度, stays the name); a wrapped piece of a cell is a reject with its
    line, a name whose value cell is blank a row. Before: 8 rows, 权重 and 评分 cells read as
    names and values."""
    path = tmp_path / "central.txt"
    path.write_text("\n".join([
        "项目支出绩效目标表", "项目名称 道路养护",
        "一级指标 二级指标 三级指标 指标性质 指标值 度量单位 权重 评（扣）分标准",
        "产出指标 数量指标 养护里程 ≥ 120 公里 10 完成得满分",
        "（含县乡道路）",
        " 时效指标 完成时间 ≤ 10 月底完成 10 每延迟1月扣1分",
        "满意度指标 服务对象满意度 服务对象满意度 ≥ 90 % 10",
        "效益指标 社会效益指标 群众出行便利度"]), encoding="utf-8")
    ex = extract([path])
    assert ex.rows[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "数量指标", "养护里程", "≥120公里"],
        ["产出指标", "时效指标", "完成时间", "≤10月底完成"],
        ["满意度指标", "服务对象满意度", "服务对象满意度", "≥90%"],
        ["效益指标", "社会效益指标", "群众出行便利度", ""]]
    assert ex.rejects["line"].tolist() == [5]


def test_space_text_of_other_split_forms(tmp_path: Path) -> None:
    """Space text of a 评分标准 column between name and value, of 指标值 split on a second
    header line (计算符号 | 数值 | 计量单位), and of a 指标方向性 column: read by position
    when every cell is there, else by comparison, unit and the trailing 权重."""
    forms = {
        "一级指标 二级指标 三级指标 评分标准 指标值": ["产出指标 数量指标 养护里程 完成得满分 ≥120公里",
                                          " 质量指标 验收合格率 不达标不得分 100%"],
        "一级指标 二级指标 三级指标 指标值 权重\n计算符号 数值 计量单位": [
            "产出指标 数量指标 养护里程 ≥ 120 公里 10", " 质量指标 验收合格率 100 % 10"],
        "一级指标 二级指标 三级指标 指标值 计量单位 指标方向性": [
            "产出指标 数量指标 养护里程 120 公里 正向指标", " 质量指标 验收合格率 100 %"],
    }
    for header, rows in forms.items():
        path = tmp_path / "form.txt"
        lines = ["项目支出绩效目标表", "项目名称 道路养护", header, *rows]
        path.write_text("\n".join(lines), encoding="utf-8")
        got = read_tables(path)[["l2_declared", "name", "value"]].values.tolist()
        assert got == [["数量指标", "养护里程", "≥120公里"], ["质量指标", "验收合格率", "100%"]], header


@pytest.mark.parametrize("sep", ["\t", " "])
def test_text_of_a_self_evaluation_table(sep: str, tmp_path: Path) -> None:
    """A 绩效自评表 as PDF text: the 年度指标值 is the target (the 年度 half); 实际完成值, 分值,
    得分 and the deviation note are the evaluation's own columns. Before, space text read
    each row as two halves, the achieved value and the score as names (10 rows for 3)."""
    path = tmp_path / "self.txt"
    lines = [["项目支出绩效自评表"], ["项目名称", "饮水工程"],
             ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
              "偏差原因分析及改进措施"],
             ["产出指标", "数量指标", "新建供水工程数量", "≥5处", "5处", "10", "10"],
             ["", "时效指标", "工程完工时间", "2023年12月底前", "2023年11月", "10", "10"],
             ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "85%", "10", "8", "宣传不到位"]]
    text = "\n".join(sep.join(c for c in ln if c) if sep == " " else sep.join(ln) for ln in lines)
    path.write_text(text, encoding="utf-8")
    ex = extract([path])
    assert ex.rows[["half", "l2_declared", "name", "value", "value_actual"]].values.tolist() == [
        ["年度", "数量指标", "新建供水工程数量", "≥5处", "5处"],
        ["年度", "时效指标", "工程完工时间", "2023年12月底前", "2023年11月"],
        ["年度", "服务对象满意度指标", "受益群众满意度", "≥90%", "85%"]]
    assert ex.rejects.empty


@pytest.mark.parametrize("sep", ["\t", " "])
def test_text_of_a_grid_headed_by_its_own_columns(sep: str, tmp_path: Path) -> None:
    """A grid with no level columns, headed `指标类别 指标名称 指标值 指标解释` (no table was found
    in such text before), one cell naming both levels."""
    path = tmp_path / "own.txt"
    path.write_text("\n".join(["项目支出绩效目标表", sep.join(["项目名称", "培训"]),
                               sep.join(["指标类别", "指标名称", "指标值", "指标解释"]),
                               sep.join(["产出指标-数量指标", "培训人数", "≥100人", "参加培训的人数"]),
                               sep.join(["产出指标-质量指标", "培训合格率", "≥90%", "考试通过"])]),
                    encoding="utf-8")
    assert extract([path]).rows[["l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["产出指标", "数量指标", "培训人数", "≥100人"], ["产出指标", "质量指标", "培训合格率", "≥90%"]]


def test_a_folder_stands_for_the_documents_in_it(tmp_path: Path) -> None:
    """`jixiao review 预算公开/`: every document under the folder, each named by its path under
    it (two counties' `目标表.csv` stay apart); files of other kinds and Office lock files are
    left out; an empty folder is an error naming it."""
    for county in ("县A", "县B"):
        (tmp_path / "docs" / county).mkdir(parents=True)
        (tmp_path / "docs" / county / "目标表.csv").write_text(
            f"项目名称,三级指标,指标值\n{county}培训,培训人数,≥100人\n", encoding="utf-8")
    (tmp_path / "docs" / "县A" / "~$目标表.csv").write_text("lock", encoding="utf-8")
    (tmp_path / "docs" / "封面.png").write_bytes(b"\x89PNG")
    ex = extract([tmp_path / "docs"])
    assert ex.rows[["source", "project"]].values.tolist() == [["县A/目标表.csv", "县A培训"],
                                                              ["县B/目标表.csv", "县B培训"]]
    assert ex.counts["source"].tolist() == ["县A/目标表.csv", "县B/目标表.csv"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="empty: a folder with no document"):
        extract([tmp_path / "empty"])


def test_department_named_by_its_name_label(tmp_path: Path) -> None:
    """`部门名称` (or `预算部门`) in a table's header block names the department, as 主管部门
    does (the department was blank before)."""
    path = tmp_path / "dept.txt"
    path.write_text("项目支出绩效目标表\n项目名称\t农村饮水\n部门名称\t123-某县水利局\n项目资金\t100万元\n"
                    "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t新建工程数量\t≥5处\n",
                    encoding="utf-8")
    row = extract([path]).rows.iloc[0]
    assert (row["project"], row["department_code"], row["department"]) == ("农村饮水", "123", "某县水利局")


@pytest.mark.parametrize("page", ["- 3 -", "第3页", "第 3 页 共 10 页"])
def test_a_page_number_inside_a_grid_is_no_row(page: str, tmp_path: Path) -> None:
    """A grid running over a PDF page break: the page's number (`- 3 -`, `第3页`) between its
    rows was read as an indicator named `- 3 -` before; a header repeated on the next page
    stays no row."""
    path = tmp_path / "pages.txt"
    header = "一级指标\t二级指标\t三级指标\t指标值"
    path.write_text("\n".join(["项目支出绩效目标表", "项目名称\t农村饮水", header,
                               "产出指标\t数量指标\t新建工程数量\t≥5处", "\t质量指标\t验收合格率\t100%", page,
                               header, "\t时效指标\t完工时间\t年底前"]), encoding="utf-8")
    ex = extract([path])
    assert ex.rows["name"].tolist() == ["新建工程数量", "验收合格率", "完工时间"]
    assert ex.rejects.empty


def test_department_whole_spending_table(corpus: pd.DataFrame) -> None:
    """000 opens with the department's own table (整体支出绩效目标申报表, one value column):
    its 20 rows are read as the department's, for the budget year, before the projects'."""
    t = corpus[(corpus.source == SEEDS[0].name) & (corpus.table == 1)]
    assert len(t) == 20
    assert t.iloc[0][["project", "department_code", "department", "year", "funds_year"]].tolist() == [
        "部门整体支出", "512", "长治市上党区城乡统筹振兴试验区", 2024, 6496100.0]
    assert set(t["half"]) == {"年度"}
    assert t[["l2_declared", "name", "value"]].values.tolist()[:2] == [
        ["数量指标", "编外人员聘用数", "≥80人"], ["数量指标", "网格长人数", "3人"]]
    assert t.iloc[-1][["l1_declared", "name", "value"]].tolist() == [
        "满意度指标", "网格长及村民满意度", "≥90%"]
    assert corpus[(corpus.source == SEEDS[0].name) & (corpus.table == 2)].iloc[0]["project"] == "试验区经费"


def test_space_text_of_one_value_column(tmp_path: Path) -> None:
    """A space-separated grid of one value column is one half, row by row: a wrapped value or a
    name stopped mid-phrase goes on, a value on a line of its own is its row's."""
    doc = tmp_path / "one.txt"
    doc.write_text("\n".join([
        "项目支出绩效目标表", "（2024年度）", "项目名称 农村公路养护", "主管部门 101-交通运输局",
        "一级指标 二级指标 三级指标 指标值",
        "产出指标 数量指标 养护农村公路里程 ≥ 120 公里", "质量指标 路面完好率 ≥90%",
        "时效指标 养护任务完成时间 2024年12月底前",
        "效益指标 社会效益指标 群众出行条件改善情况，保障沿线群众的 明显改善", "安全便捷出行",
        "可持续影响指标 长效管护机制 建立农村公路长效管护机制，将养护责任落实到乡镇、", "村两级",
        "满意度指标 服务对象满意度指标 沿线群众满意度", "≥90%"]), encoding="utf-8")
    rows = extract([doc]).rows
    assert set(rows["half"]) == {"实施期"}
    assert rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "养护农村公路里程", "≥120公里"], ["质量指标", "路面完好率", "≥90%"],
        ["时效指标", "养护任务完成时间", "2024年12月底前"],
        ["社会效益指标", "群众出行条件改善情况，保障沿线群众的安全便捷出行", "明显改善"],
        ["可持续影响指标", "长效管护机制", "建立农村公路长效管护机制，将养护责任落实到乡镇、村两级"],
        ["服务对象满意度指标", "沿线群众满意度", "≥90%"]]


@pytest.mark.parametrize("sep", ["\t", " "])
def test_a_table_under_a_title_we_do_not_know(sep: str, tmp_path: Path) -> None:
    """A second table titled otherwise (`专项资金绩效目标表`) after a known one: its header block
    starts a table of its own. Before, its title and 项目名称 lines were read as indicators of the
    first table, and its rows filed under the first project."""
    doc = tmp_path / "two.txt"
    doc.write_text("\n".join(sep.join(r) for r in [
        ["项目支出绩效目标表"], ["项目名称", "农村饮水"], ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "新建工程数量", "≥5处"], ["", "质量指标", "验收合格率", "100%"],
        ["专项资金绩效目标表"], ["项目名称", "道路养护"], ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程", "≥120公里"],
        ["一级指标", "二级指标", "三级指标", "指标值"],  # the header repeated on a new page: no table
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"]]), encoding="utf-8")
    rows = extract([doc]).rows
    assert rows[["table", "project", "name", "value"]].values.tolist() == [
        [1, "农村饮水", "新建工程数量", "≥5处"], [1, "农村饮水", "验收合格率", "100%"],
        [2, "道路养护", "养护里程", "≥120公里"], [2, "道路养护", "群众满意度", "≥90%"]]


def test_a_header_repeated_on_a_new_page_of_an_untitled_table(tmp_path: Path) -> None:
    """A document with no title we know reads one table per grid header; a header repeated on a
    new page (no 项目名称 above it, the next row opening with no 一级 cell) goes on the table
    before: its rows were a second table with no project and no 一级 before."""
    doc = tmp_path / "pages.txt"
    head = "一级指标\t二级指标\t三级指标\t指标值"
    doc.write_text("\n".join(["绩效目标", "项目名称\t农村饮水", head,
                              "产出指标\t数量指标\t新建工程数量\t≥5处", "- 2 -", head,
                              "\t时效指标\t完工时间\t年底前", head,
                              "产出指标\t数量指标\t养护里程\t≥120公里"]), encoding="utf-8")
    rows = extract([doc]).rows
    assert rows[["table", "project", "l1_declared", "name"]].values.tolist() == [
        [1, "农村饮水", "产出指标", "新建工程数量"], [1, "农村饮水", "产出指标", "完工时间"],
        [2, "", "产出指标", "养护里程"]]


@pytest.mark.parametrize("title", ["项目支出绩效目标表", "绩效目标"])
def test_a_name_opening_with_a_header_label_is_an_indicator(tmp_path: Path, title: str) -> None:
    """`主管部门满意度` on a continuation row, within 15 lines above a header repeated on a new
    page, was read as a header block (主管部门 …): it started a second table with no project
    and the row was lost without a reject."""
    doc = tmp_path / "label_name.txt"
    head = "一级指标\t二级指标\t三级指标\t指标值"
    doc.write_text("\n".join([title, "项目名称\t甲项目", head, "产出指标\t数量指标\t人数\t5人",
                              "\t\t主管部门满意度\t≥90%", "- 2 -", head, "\t质量指标\t覆盖率\t100%"]),
                   encoding="utf-8")
    rows = extract([doc]).rows
    assert rows[["table", "project", "name"]].values.tolist() == [
        [1, "甲项目", "人数"], [1, "甲项目", "主管部门满意度"], [1, "甲项目", "覆盖率"]]


@pytest.mark.parametrize("sep", ["\t", " "])
@pytest.mark.parametrize("note", ["（续表）", "单位：万元", "项目支出绩效目标表（续）", "备注：按实际"])
def test_a_note_inside_a_grid_is_no_indicator(tmp_path: Path, note: str, sep: str) -> None:
    """A line without cells inside a grid that notes the page (续表, the title again, a
    unit) was an indicator named after it with an empty value."""
    doc = tmp_path / "note.txt"
    doc.write_text("\n".join(["项目支出绩效目标表", f"项目名称{sep}甲项目",
                              sep.join(["一级指标", "二级指标", "三级指标", "指标值"]),
                              sep.join(["产出指标", "数量指标", "人数", "5人"]), note,
                              sep.join(["效益指标", "社会效益指标", "覆盖率", "100%"])]), encoding="utf-8")
    result = extract([doc])
    assert result.rows["name"].tolist() == ["人数", "覆盖率"] and result.rejects.empty


def test_an_indicator_row_outside_the_grid_is_a_reject(tmp_path: Path) -> None:
    """A row after the table's footer reads as an indicator: it is a reject with its line, not
    lost without a word (a safety net for a table ended by mistake)."""
    doc = tmp_path / "after.txt"
    doc.write_text("\n".join(["项目支出绩效目标表", "项目名称\t甲项目",
                              "一级指标\t二级指标\t三级指标\t指标值",
                              "产出指标\t数量指标\t人数\t5人", "负责人：\t张三",
                              "效益指标\t社会效益指标\t覆盖率\t100%"]), encoding="utf-8")
    result = extract([doc])
    assert result.rows["name"].tolist() == ["人数"]
    want = [[6, "效益指标 | 社会效益指标 | 覆盖率 | 100%"]]
    assert result.rejects[["line", "text"]].values.tolist() == want
    assert "张三" not in result.rejects.to_string()


def test_a_markdown_table(tmp_path: Path) -> None:
    """A table typed by hand or copied from a web page as Markdown (`| 一级指标 | … |`, a rule
    line under the header) reads as a tab grid; its pipes were read into the names."""
    doc = tmp_path / "typed.md"
    doc.write_text("\n".join(["项目支出绩效目标表", "| 项目名称 | 乡村道路养护 |", "|---|---|",
                              "| 一级指标 | 二级指标 | 三级指标 | 指标值 |", "|---|---|---|---|",
                              "| 产出指标 | 数量指标 | 养护里程 | ≥120公里 |",
                              "| | 质量指标 | 合格率 | ≥95% |"]),
                   encoding="utf-8")
    result = extract([doc])
    assert result.rows[["project", "l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["乡村道路养护", "产出指标", "数量指标", "养护里程", "≥120公里"],
        ["乡村道路养护", "产出指标", "质量指标", "合格率", "≥95%"]]
    assert result.rejects.empty


def test_header_labels_of_other_templates(tmp_path: Path) -> None:
    """单位名称 / 部门（单位）名称 name the department, 项目实施单位 / 预算单位 the implementer; a
    label we did not know ran into the value before it (`甲局预算单位乙站`)."""
    head = "一级指标\t二级指标\t三级指标\t指标值"
    got = []
    for block in ["预算部门\t甲局\t预算单位\t乙站", "单位名称\t甲局\t项目实施单位\t乙站",
                  "部门（单位）名称\t甲局"]:
        doc = tmp_path / "labels.txt"
        doc.write_text("\n".join(["项目支出绩效目标表", "项目名称\t甲项目", block, head,
                                  "产出指标\t数量指标\t人数\t5人"]), encoding="utf-8")
        got.append(extract([doc]).rows[["department", "implementer", "name"]].values.tolist())
    assert got == [[["甲局", "乙站", "人数"]], [["甲局", "乙站", "人数"]], [["甲局", "", "人数"]]]


def test_funds_in_the_unit_named_on_their_line(tmp_path: Path) -> None:
    """`项目资金（万元）` on the line of the totals scales them, as a label on the line above does."""
    doc = tmp_path / "wan.txt"
    doc.write_text("\n".join(["项目支出绩效目标表", "项目名称\t会议经费",
                              "项目资金（万元）\t实施期资金总额：\t120\t年度资金总额：\t60",
                              "一级指标\t二级指标\t三级指标\t指标值",
                              "产出指标\t成本指标\t会议成本\t≤51万元"]),
                   encoding="utf-8")
    rows = extract([doc]).rows
    assert rows[["funds_total", "funds_year"]].iloc[0].tolist() == [1_200_000.0, 600_000.0]


def test_an_untitled_table_starts_at_its_header_block(tmp_path: Path) -> None:
    """With no title we know, a table starts at the first line of its header block (主管部门
    above 项目名称), not at 项目名称: the next table's 主管部门 was an indicator row of the
    table before, and neither table had its department."""
    doc = tmp_path / "blocks.txt"
    head = "一级指标\t二级指标\t三级指标\t指标值"
    doc.write_text("\n".join(["主管部门\t甲局", "项目名称\t甲项目", head, "产出指标\t数量指标\t人数\t5人",
                              "主管部门\t乙局", "项目名称\t乙项目", head,
                              "产出指标\t质量指标\t合格率\t100%"]), encoding="utf-8")
    rows = extract([doc]).rows
    assert rows[["table", "project", "department", "name"]].values.tolist() == [
        [1, "甲项目", "甲局", "人数"], [2, "乙项目", "乙局", "合格率"]]


def test_two_halves_under_a_header_naming_one_value_column(tmp_path: Path) -> None:
    """A header whose second half wrapped away names one value column, but the lines print both
    halves side by side: they are read as the two halves, not as one half of doubled cells."""
    doc = tmp_path / "wrapped_header.txt"
    doc.write_text("\n".join(["项目支出绩效目标表", "项目名称 甲", "一级指标 二级指标 三级指标 指标值",
                              "产出指标 数量指标 参会人数 193人 数量指标 参会人数 193人",
                              "质量指标 出勤率 ≥97% 质量指标 出勤率 ≥97%"]), encoding="utf-8")
    rows = extract([doc]).rows
    assert rows[["half", "name", "value"]].values.tolist() == [
        ["实施期", "参会人数", "193人"], ["实施期", "出勤率", "≥97%"],
        ["年度", "参会人数", "193人"], ["年度", "出勤率", "≥97%"]]


def test_the_titles_year_printed_again_inside_a_tab_grid_is_no_row(tmp_path: Path) -> None:
    """A table going on over a page prints its title's `（2024年度）` again: in a tab grid
    (the seeds' layout) it was an indicator named `（2024年度）` with no value."""
    path = tmp_path / "year.txt"
    path.write_text("\n".join([
        "项目支出绩效目标表", "（2024年度）", "项目名称\t甲项目", "一级指标\t二级指标\t三级指标\t指标值",
        "产出指标\t数量指标\t培训人数\t≥100人", "（2024年度）", "\t质量指标\t合格率\t≥90%", "2024年度",
        "\t时效指标\t完成时间\t年底前"]), encoding="utf-8")
    ex = extract([path])
    assert ex.rows["name"].tolist() == ["培训人数", "合格率", "完成时间"]
    assert len(ex.rejects) == 0


# A PDF table's text as pdfplumber's extract_text prints it (a line per printed line): a
# wrapped cell's first line stands above its row's line, as the PDF centres the row's other
# cells, category cells included, beside it (bench_layouts.py, "pdfplumber text").
CENTRED = """项目支出绩效目标表
提前下达2024年度选调生到村工作中央和省级财政补助资
项目名称 金(长财行【2023】112号)
一级指标 二级指标 三级指标 指标值
产出指标 数量指标 资金范围 中央补助7万、省级补助5.8万
质量指标 及时发放工作补助 及时
时效指标 资金拨付时间 年底前拨付
为选调生提供必要的驻村生活保障,进一步激励选调生干事
效益指标 社会效益指标 目的 创业、担当作为
满意度指标 服务对象满意度指标 群众满意度 95%以上
联系人：李四 联系电话：0355-1234567
项目支出绩效目标表
项目名称 选派干部工作经费
一级指标 二级指标 三级指标 指标值
产出指标 数量指标 发放范围 11名选派干部
质量指标 发放要求 按照文件要求发放
时效指标 发放时间 年底前发放
着力解决农村基层党组织软弱涣散问题,建强基层干部培养 着力解决农村基层党组织软弱涣散问题,建强基层干部培养
效益指标 社会效益指标 选拔链。 选拔链。
满意度指标 服务对象满意度指标 群众满意度 达95%以上
联系人：李四 联系电话：0355-1234567
项目支出绩效目标表
项目名称 政府政务业务经费
一级指标 二级指标 三级指标 指标值
产出指标 数量指标 保障专项业务完成人数 40人
质量指标 政务业务完成标准 高效保质
服务领导决策 提供依据
时效指标 政务业务完成时效 及时
成本指标 政务业务经费保障成本 ≤157.6万元
效益指标 社会效益指标 促进政务高效运转 促进
可持续影响指标 政务运转保障机制 可持续
政府办公室工作人员，全县各单位、各部门办公室业务人
满意度指标 服务对象满意度指标 员满意度 ≥99%
联系人：李四 联系电话：0355-1234567
"""


def test_a_wrapped_cell_s_first_line_above_its_row_begins_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "centred.txt"
    path.write_text(CENTRED, encoding="utf-8")
    got = read_tables(path)
    assert len(got) == 18 and set(got["half"]) == {"实施期"}
    rows = {(r.l2_declared, r.name): r.value for r in got.itertuples()}
    # one line above the row: the value's first line (the row's value is no value shape)
    assert rows[("社会效益指标", "目的")] == ("为选调生提供必要的驻村生活保障,进一步激励选调生"
                                          "干事创业、担当作为")
    # the name's first line (the row's value is a value: ≥99%)
    name = "政府办公室工作人员，全县各单位、各部门办公室业务人员满意度"
    assert rows[("服务对象满意度指标", name)] == "≥99%"
    # a line of both cells' first lines
    sentence = "着力解决农村基层党组织软弱涣散问题,建强基层干部培养选拔链。"
    assert rows[("社会效益指标", sentence)] == sentence
    # the row above keeps its own cells: its short value did not wrap
    assert rows[("时效指标", "资金拨付时间")] == "年底前拨付"
    assert rows[("时效指标", "发放时间")] == "年底前发放"
    # the project's name, wrapped beside its centred label
    assert got["project"].drop_duplicates().tolist() == [
        "提前下达2024年度选调生到村工作中央和省级财政补助资金(长财行【2023】112号)", "选派干部工作经费",
        "政府政务业务经费"]


def test_a_wrapped_cell_s_last_line_below_its_row_goes_on_that_row(tmp_path: Path) -> None:
    """The same grid printed top-aligned (a row's cells start on its first line): a line below
    a row whose cell is full goes on that cell, never on the row below."""
    path = tmp_path / "top.txt"
    path.write_text("项目支出绩效目标表\n项目名称 甲项目\n一级指标 二级指标 三级指标 指标值\n"
                    "产出指标 时效指标 报告提交时间 根据项目实际资料齐全完善\n"
                    "，具备审核条件10天以内\n"
                    "报告结果反馈通过率 100%\n"
                    "效益指标 社会效益指标 目的 对高质量发展综合考核、对\n"
                    "优秀单位和个人进行表彰\n"
                    "满意度指标 服务对象满意度指标 受表彰个人、单位 满意\n", encoding="utf-8")
    got = read_tables(path)
    assert got[["name", "value"]].values.tolist() == [
        ["报告提交时间", "根据项目实际资料齐全完善，具备审核条件10天以内"], ["报告结果反馈通过率", "100%"],
        ["目的", "对高质量发展综合考核、对优秀单位和个人进行表彰"], ["受表彰个人、单位", "满意"]]


def test_a_number_broken_over_lines_of_a_header_cell_is_one_number() -> None:
    from nlp.tables import _header_values

    got = _header_values(["项目名称 提前下达党员教育培训专项经费(长财行【2023】11", "6号)", "主管部门 甲局"])
    assert got == {"project": "提前下达党员教育培训专项经费(长财行【2023】116号)", "department": "甲局"}


def test_wrapped_lines_of_a_split_column_grid_printed_centred(tmp_path: Path) -> None:
    """The 2021 template (指标性质 | 指标值 | 度量单位 | 权重) as pdfplumber prints a PDF: a
    name's first line above its row's line (its last line, `转`, alone beside the other
    cells), and a project name over three lines beside its centred label. Before, each such
    line was a reject and the name lost its first line."""
    path = tmp_path / "centred.txt"
    path.write_text("""项目支出绩效目标表
提前下达2024年党员教育培训
专项经费(长财行【2023】116号
项目名称 )
一级指标 二级指标 三级指标 指标性质 指标值 度量单位 权重
产出指标 数量指标 工资社保发放缴纳金额 ≥ 300 万元 10
维修维护及其他支出金额 ≥ 100 万元 10
质量指标 保障办公设备正常运转 定性 保障 10
效益指标 经济效益指标 保障员工工资收入 定性 保障 10
提供更多就业岗位、解决更多
社会效益指标 劳动力，保障社会稳定 定性 提高 10
保障试验区及振兴学校正常运
可持续影响指标 转 定性 保障 10
满意度指标 服务对象满意度指标 员工工资福利满意度 ≥ 90 % 10
联系人：李四 联系电话：0355-1234567
""", encoding="utf-8")
    ex = extract([path])
    assert len(ex.rejects) == 0
    assert ex.rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "工资社保发放缴纳金额", "≥300万元"], ["数量指标", "维修维护及其他支出金额", "≥100万元"],
        ["质量指标", "保障办公设备正常运转", "保障"], ["经济效益指标", "保障员工工资收入", "保障"],
        ["社会效益指标", "提供更多就业岗位、解决更多劳动力，保障社会稳定", "提高"],
        ["可持续影响指标", "保障试验区及振兴学校正常运转", "保障"],
        ["服务对象满意度指标", "员工工资福利满意度", "≥90%"]]
    assert set(ex.rows["project"]) == {"提前下达2024年党员教育培训专项经费(长财行【2023】116号)"}


def _grid_read(tmp_path: Path, *lines: str) -> list[list[str]]:
    """(二级, name, value) of the rows read from a text of one table (甲项目) with these lines
    under its title and project."""
    path = tmp_path / "grid.txt"
    path.write_text("\n".join(["项目支出绩效目标表", "项目名称 甲项目", *lines]) + "\n", encoding="utf-8")
    return read_tables(path)[["l2_declared", "name", "value"]].values.tolist()


def test_a_word_broken_across_lines_tells_which_row_a_wrapped_line_begins(tmp_path: Path) -> None:
    """`三员合一补助行政村数量` fills its column exactly, so the next line could go on it; but
    `…验收合` + `格率` is 合格率 broken across the lines: the line begins the row below."""
    got = _grid_read(tmp_path,
                     "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
                     "产出指标 数量指标 三员合一补助行政村数量 1个 1个 10 10",
                     "三员合一补助方案验收合",
                     "质量指标 格率 100% 100% 10 10",
                     "时效指标 三员合一补助时间 2024年1至12月 2024年1至12月 10 10")
    assert got == [
        ["数量指标", "三员合一补助行政村数量", "1个"], ["质量指标", "三员合一补助方案验收合格率", "100%"],
        ["时效指标", "三员合一补助时间", "2024年1至12月"]]


def test_a_wrapped_project_name_may_go_on_with_the_word_xiangmu() -> None:
    """`项目` stops a header value only as a cell of its own (before: the name's second line,
    `项目工作经费`, was cut off as if it were that label)."""
    from nlp.tables import _header_values

    got = _header_values(["项目支出绩效目标表", "项目名称", "全国文明城市创建背街小巷“三化”提升服务",
                          "项目工作经费"])
    assert got["project"] == "全国文明城市创建背街小巷“三化”提升服务项目工作经费"
    assert _header_values(["项目名称 甲工程", "项目 乙"])["project"] == "甲工程"


def test_a_top_aligned_table_s_wrapped_name_goes_on_its_row(tmp_path: Path) -> None:
    """A table whose cells are aligned to their top (Word's default) printed a line per
    line: a name's second line stands alone below its row, whose value is short. Before,
    `火通道内的杂草是否清理` was a row of its own with no value."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值",
                     "产出指标 数量指标 沿山50米秸秆杂草清理面 ≥923.62亩",
                     "防火通道维护里程 ≥5.4公里",
                     "质量指标 对沿山50米秸秆杂草和防 清理",
                     "火通道内的杂草是否清理",
                     "时效指标 对沿山50米秸秆杂草和防 ≥1年",
                     "火通道维护时长",
                     "效益指标 社会效益指标 提供更多就业岗位、解决更 提高",
                     "多劳动力，保障社会稳定")
    assert got == [
        ["数量指标", "沿山50米秸秆杂草清理面", "≥923.62亩"], ["数量指标", "防火通道维护里程", "≥5.4公里"],
        ["质量指标", "对沿山50米秸秆杂草和防火通道内的杂草是否清理", "清理"],
        ["时效指标", "对沿山50米秸秆杂草和防火通道维护时长", "≥1年"],
        ["社会效益指标", "提供更多就业岗位、解决更多劳动力，保障社会稳定", "提高"]]


def test_a_centred_document_s_full_line_begins_the_row_below(tmp_path: Path) -> None:
    """Other provinces' rows printed centred, a line per printed line: a name's first line
    above its row's line. `每年人才驿站服务人次` is full enough for the next line to go on
    it, as it would in a top-aligned table; but this text's other wrapped cells begin the
    row below (`…份` + `数`, `…监测` + `子站`, `…涉及` + `国家数量`), so its rows are
    centred, and a row whose cell began with no line above it has none below:
    `各类人才对我市人才政策的` begins `知晓率`. Before, it went on the row above."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值",
                     "制作防灾减灾日宣传资料份",
                     "产出指标 数量指标 数 ≥500份",
                     "建设环境空气质量自动监测",
                     "子站 11个",
                     "邀请国际友人实习实训涉及",
                     "国家数量 ≥3个",
                     "效益指标 社会效益指标 每年人才驿站服务人次 >=500人",
                     "各类人才对我市人才政策的",
                     "知晓率 >=95%",
                     "时效指标 提交报告及时性 在项目计划完成时间内完成",
                     "对控制基建项目成本影响程",
                     "生态效益指标 度 效果明显")
    assert got == [
        ["数量指标", "制作防灾减灾日宣传资料份数", "≥500份"],
        ["数量指标", "建设环境空气质量自动监测子站", "11个"],
        ["数量指标", "邀请国际友人实习实训涉及国家数量", "≥3个"],
        ["社会效益指标", "每年人才驿站服务人次", ">=500人"],
        ["社会效益指标", "各类人才对我市人才政策的知晓率", ">=95%"],
        ["时效指标", "提交报告及时性", "在项目计划完成时间内完成"],
        # the line as wide as either column: `程` + `度` is a word broken across them, so it is
        # the name's first line, not the value's
        ["生态效益指标", "对控制基建项目成本影响程度", "效果明显"]]


def test_a_small_grid_borrows_its_document_s_column_widths(tmp_path: Path) -> None:
    """A table of one row, centred: its only row's line shows the name's last line
    (`子站`), too short to tell that the column wraps, so the line above was a row of its
    own. The document's other tables show how wide the name column is (the median over
    tables of three rows or more): the line is full, and begins the row."""
    one = ["项目支出绩效目标表", "项目名称 乙项目", "一级指标 二级指标 三级指标 指标值",
           "建设环境空气质量自动监测", "产出指标 数量指标 子站 11个"]
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值",
                     "产出指标 数量指标 寨山石坪村新建水泥路1条 2km",
                     "质量指标 项目(工程)验收合格率 100%",
                     "时效指标 项目(工程)完成及时率 100%",
                     "成本指标 硬化水泥砼公路补助标准 ≤120万元", *one)
    assert got[-1] == ["数量指标", "建设环境空气质量自动监测子站", "11个"]
    alone = _grid_read(tmp_path, *one[2:])
    assert alone == [["", "建设环境空气质量自动监测", ""], ["数量指标", "子站", "11个"]]


def test_a_blank_value_beside_a_scoring_column_the_same_in_every_row(tmp_path: Path) -> None:
    """Space text prints nothing for a blank cell: with a 评分标准 column holding one text in
    every row (`完成得满分`), a row whose value was left blank read that text as its value.
    The text fills that column in every row with all its cells, so it is that column's cell
    wherever a row lacks one; the row's value is blank (other provinces' rows)."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 评分标准 指标值",
                     "产出指标 数量指标 实施营造林总面积(亩) 完成得满分 80000亩",
                     "修建作业道长度(公里) 完成得满分 30公里",
                     "天保工程实施单位保险参保人数(人) 完成得满分",
                     "质量指标 苗木成活率(≥**%) 完成得满分 ≥85%",
                     "时效指标 项目完成时间 完成得满分 2023年底",
                     "培訓計劃完成時間 完成得满分")
    assert got == [
        ["数量指标", "实施营造林总面积(亩)", "80000亩"], ["数量指标", "修建作业道长度(公里)", "30公里"],
        ["数量指标", "天保工程实施单位保险参保人数(人)", ""], ["质量指标", "苗木成活率(≥**%)", "≥85%"],
        ["时效指标", "项目完成时间", "2023年底"], ["时效指标", "培訓計劃完成時間", ""]]


def test_a_top_aligned_row_whose_name_and_value_both_wrap(tmp_path: Path) -> None:
    """Top-aligned cells, a name and a value both wrapped: the lines of two pieces below a
    row whose cells are both full go on both cells (before: each line a row of its own)."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值",
                     "产出指标 数量指标 发放范围 11名选派干部",
                     "效益指标 社会效益指标 着力解决农村基层党组织软 着力解决农村基层党组织软",
                     "弱涣散问题,建强基层干部 弱涣散问题,建强基层干部",
                     "培养选拔链。 培养选拔链。",
                     "满意度指标 服务对象满意度指标 群众满意度 达95%以上")
    sentence = "着力解决农村基层党组织软弱涣散问题,建强基层干部培养选拔链。"
    assert got == [
        ["数量指标", "发放范围", "11名选派干部"], ["社会效益指标", sentence, sentence],
        ["服务对象满意度指标", "群众满意度", "达95%以上"]]


def test_a_category_cell_wrapped_over_two_lines_of_space_text(tmp_path: Path) -> None:
    """One category column naming both levels, its cell wrapped (`满意度指标-服务对象满意` /
    `度指标`), printed top-aligned and centred: the cell is one category again. Before, the
    row's name took the category's first line and the rows above lost their wrapped lines."""
    rows = ["效益指标-社会效益指标 提供更多就业岗位、解决更 提高 按实际", "多劳动力，保障社会稳定"]
    for last in (["满意度指标-服务对象满意 员工工资福利满意度 ≥90% 按实际", "度指标"],
                 ["满意度指标-服务对象满意", "度指标 员工工资福利满意度 ≥90% 按实际"]):
        path = tmp_path / "one.txt"
        head = ["项目支出绩效目标表", "项目名称 甲项目", "指标类别 指标名称 指标值 指标解释",
                "产出指标-数量指标 工资社保发放缴纳金额 ≥300万元 按实际"]
        path.write_text("\n".join([*head, *rows, *last]), encoding="utf-8")
        ex = extract([path])
        assert ex.rows[["l2_declared", "name", "value"]].values.tolist() == [
            ["数量指标", "工资社保发放缴纳金额", "≥300万元"],
            ["社会效益指标", "提供更多就业岗位、解决更多劳动力，保障社会稳定", "提高"],
            ["服务对象满意度指标", "员工工资福利满意度", "≥90%"]], last
        assert len(ex.rejects) == 0


def test_a_wrapped_project_name_s_last_line_and_latin_letters() -> None:
    """A name whose last line is `项目` alone, and Latin letters broken over lines between
    Chinese characters (before: `…(公墓)建设` and `厂房P PP项目`)."""
    from nlp.tables import _header_values

    assert _header_values(["项目名称", "上党区公益性骨灰堂(公墓)建设", "项目"])["project"] == \
        "上党区公益性骨灰堂(公墓)建设项目"
    assert _header_values(["项目名称", "经开区基础设施及标准化厂房P", "PP项目运营补贴"])["project"] == \
        "经开区基础设施及标准化厂房PPP项目运营补贴"
    assert _header_values(["项目名称 Rural road", "maintenance"])["project"] == "Rural road maintenance"


@pytest.mark.parametrize("sep", ["\t", " "])
def test_category_cells_as_other_provinces_write_them(sep: str, tmp_path: Path) -> None:
    """Category cells of other provinces' tables (training_data/public): traditional
    characters (`數量指標`), a required-field mark (`质量指标*`), a note (`时效指标（必填）`),
    a head `经济效益值`, a trailing 等, and `满意度指标` filled in both level cells. In text they
    were read as names, or the row took the category above it (`职工满意度` under 经济效益指标);
    found by `python benchmarks/bench_layouts.py --public`."""
    lines = ["某县项目支出绩效目标表", "项目名称 政策研究经费", "一级指标 二级指标 三级指标 指标值",
             "产出指标 數量指標 培訓參加人數 ≥50人", " 质量指标* 培训合格率 ≥90%",
             " 时效指标（必填） 完成时间 年底前", "效益指标 经济效益值 带动增收 ≥5万元",
             "满意度指标 满意度指标 职工满意度 ≥90%", "满意度指标 服务对象满意度指标等 学生满意度 ≥95%"]
    doc = tmp_path / "public.txt"
    doc.write_text("\n".join(ln.replace(" ", sep) for ln in lines), encoding="utf-8")
    ex = extract([doc])
    assert ex.rows["name"].tolist() == ["培訓參加人數", "培训合格率", "完成时间", "带动增收", "职工满意度",
                                        "学生满意度"]
    assert ex.rows["l2_declared"].map(declared_code).tolist() == [
        "output.quantity", "output.quality", "output.timeliness", "benefit.economic",
        "satisfaction.service", "satisfaction.service"]
    assert (ex.rows["half"] == "实施期").all() and ex.rejects.empty


def test_space_text_of_names_with_blank_values_and_noted_categories(tmp_path: Path) -> None:
    """Other provinces' tables leave values blank: in space text such names ran together
    into one (`…参保人数(人)上一轮退耕还林补助面积(万亩)…`). A name ending with its unit in
    brackets is whole, and a line numbered as an indicator (`指标2:`) begins a row. A category
    cell printed with its note after a space (`数量指标 (必填硬性指标)`) is one cell (the note
    was the name's start). Found by `python benchmarks/bench_layouts.py --public`."""
    path = tmp_path / "blank.txt"
    path.write_text("\n".join([
        "项目支出绩效目标表", "项目名称 退耕还林补助", "一级指标 二级指标 三级指标 指标值",
        "产出指标 数量指标 (必填硬性指标) 保险参保人数(人)", "上一轮退耕还林补助面积(万亩)",
        " 质量指标 指标1:新建堤防、护岸长度", "指标2:灌区节水改造面积",
        "效益指标 社会效益指标 受益人数(人) 132"]), encoding="utf-8")
    ex = extract([path])
    assert ex.rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标(必填硬性指标)", "保险参保人数(人)", ""],
        ["数量指标(必填硬性指标)", "上一轮退耕还林补助面积(万亩)", ""],
        ["质量指标", "指标1:新建堤防、护岸长度", ""], ["质量指标", "指标2:灌区节水改造面积", ""],
        ["社会效益指标", "受益人数(人)", "132"]]


def test_space_text_of_whole_names_with_blank_values(tmp_path: Path) -> None:
    """Names left without values, each ending as names end (`…人数`, `…合格率`), are rows of
    their own in space text (they were one name: `基本康复服务人数精神病患者提供服药补贴人数…`);
    a wrapped name's tail (`(按时足额)`, a short line) still goes on its name."""
    path = tmp_path / "blank.txt"
    path.write_text("\n".join([
        "项目支出绩效目标表", "项目名称 残疾人事业", "一级指标 二级指标 三级指标 指标值",
        "产出指标 数量指标 基本康复服务人数", "精神病患者提供服药补贴人数", "资助特校学生数",
        " 质量指标 农村公路建设验收合格率", "农村公路养护验收合格率",
        "满意度指标 服务对象满意度指标 托养残疾人满意程度 ≥90%"]), encoding="utf-8")
    ex = extract([path])
    assert ex.rows[["name", "value"]].values.tolist() == [
        ["基本康复服务人数", ""], ["精神病患者提供服药补贴人数", ""], ["资助特校学生数", ""],
        ["农村公路建设验收合格率", ""], ["农村公路养护验收合格率", ""], ["托养残疾人满意程度", "≥90%"]]


@pytest.mark.parametrize("header, full, bare", [
    # a trailing 权重 (the seeds' reader, its weights taken out)
    ("一级指标 二级指标 三级指标 指标值 权重", "产出指标 数量指标 养护里程 ≥120公里 10",
     "培训参加人数(人) 10"),
    # 指标值 split on a second header line, then 权重 (the split reader)
    ("一级指标 二级指标 三级指标 指标值 权重\n计算符号 数值 计量单位",
     "产出指标 数量指标 养护里程 ≥ 120 公里 10", "培训参加人数(人) 10"),
    # the 2021 template: 指标性质 given, the value blank
    ("一级指标 二级指标 三级指标 指标性质 指标值 度量单位 权重", "产出指标 数量指标 养护里程 ≥ 120 公里 10",
     "培训参加人数(人) 定性 10"),
    # a 指标方向性 column, nothing but the name on the line
    ("一级指标 二级指标 三级指标 指标值 计量单位 指标方向性", "产出指标 数量指标 养护里程 120 公里 正向指标",
     "培训参加人数(人)"),
], ids=["weight", "two-row header", "2021 template", "direction"])
def test_space_text_of_a_name_whose_value_is_blank_beside_other_columns(
        header: str, full: str, bare: str, tmp_path: Path) -> None:
    """Space text, a value left blank in a grid with columns of its own after the value: a
    name and a number alone are a name and its weight where every longer line ends in a weight
    of that shape (before, the weight was read as the value: `培训参加人数(人)` + `10` → `10人`);
    a name and 指标性质 alone, or a whole name alone on its line, are a row (before, rejects).
    Found by `python benchmarks/bench_layouts.py --public --format "space text"`."""
    path = tmp_path / "blank.txt"
    path.write_text("\n".join(["项目支出绩效目标表", "项目名称 干部培训", header, full, bare,
                               full.replace("产出指标 数量指标 养护里程", "效益指标 社会效益指标 受益人数")
                               .replace("公里", "人").replace("≥ 120", "≥ 80").replace("120", "80")
                               .replace("≥120", "≥80")]), encoding="utf-8")
    ex = extract([path])
    got = ex.rows[["l2_declared", "name", "value"]].values.tolist()
    assert got[1] == ["数量指标", "培训参加人数(人)", ""], got
    assert [r[1] for r in got] == ["养护里程", "培训参加人数(人)", "受益人数"]
    assert ex.rejects.empty


def test_space_text_a_name_and_a_number_alone_where_weights_are_blank(tmp_path: Path) -> None:
    """Where a grid's 权重 is ever left blank (a longer line ends in no weight), a name and a
    number alone stay a name and its value."""
    path = tmp_path / "weights_blank.txt"
    path.write_text("\n".join(["项目支出绩效目标表", "项目名称 干部培训",
                               "一级指标 二级指标 三级指标 指标值 权重",
                               "产出指标 数量指标 养护里程 ≥120公里", "培训参加人数(人) 10",
                               " 质量指标 验收合格率 100% 10"]), encoding="utf-8")
    got = read_tables(path)[["name", "value"]].values.tolist()
    assert got == [["养护里程", "≥120公里"], ["培训参加人数(人)", "10"], ["验收合格率", "100%"]]


def test_space_text_a_name_and_its_weight_alone_is_a_row_of_its_own(tmp_path: Path) -> None:
    """Beside a 权重 column, `经常性大型设备更新验收合格率 10` is a row whose value is blank: a line
    holding a weight is a row's line, so it does not go on the long name of the row above
    (another province's table, read as one name of both before)."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值 权重",
                     "产出指标 数量指标 大楼安检巡察次数 200次 10",
                     "质量指标 办公大楼日常维修维护验收合格率 >92% 10",
                     "经常性大型设备更新验收合格率 10")
    assert got == [["数量指标", "大楼安检巡察次数", "200次"],
                   ["质量指标", "办公大楼日常维修维护验收合格率", ">92%"],
                   ["质量指标", "经常性大型设备更新验收合格率", ""]]


def test_section_rows_in_space_text_open_their_own_categories(tmp_path: Path) -> None:
    """Section rows (a line of the 一级 word, one of the 二级 word) in space text: a new 一级
    section does not go on with the 二级 of the section above, `满意度指标` on the line after
    `满意度指标` is its 二级, and a table whose values are all blank (`补贴特校数 10` on every
    line) reads its numbers as the weights its document's other tables show."""
    path = tmp_path / "sections.txt"
    head = ["项目支出绩效目标表", "项目名称 甲项目", "指标名称 指标值 权重"]
    path.write_text("\n".join([
        *head, "产出指标", "数量指标", "开通业务月份 ≥1个月 10", "效益指标", "经济效益指标",
        "维护单位日常运转 定性有效 10", "满意度指标", "满意度指标", "职工满意度 ≥90% 10",
        *head[:1], "项目名称 乙项目", head[2], "产出指标", "数量指标", "补贴特校数 10",
        "资助特校学生数 10", "满意度指标", "服务对象满意度指标", "残疾人满意度 10"]) + "\n", encoding="utf-8")
    got = read_tables(path)[["project", "l1_declared", "l2_declared", "name", "value"]].values.tolist()
    assert got == [["甲项目", "产出指标", "数量指标", "开通业务月份", "≥1个月"],
                   ["甲项目", "效益指标", "经济效益指标", "维护单位日常运转", "定性有效"],
                   ["甲项目", "满意度指标", "满意度指标", "职工满意度", "≥90%"],
                   ["乙项目", "产出指标", "数量指标", "补贴特校数", ""],
                   ["乙项目", "产出指标", "数量指标", "资助特校学生数", ""],
                   ["乙项目", "满意度指标", "服务对象满意度指标", "残疾人满意度", ""]]


def test_space_text_of_a_self_evaluation_with_a_blank_target(tmp_path: Path) -> None:
    """A self-evaluation's row whose target and achieved value are blank prints its name and
    its two scores (`促进社会和谐 10 10`): the scores are no value (before, the first was read
    as the target). `满意度指标 满意度指标` fills both category cells, and a category cell's
    note printed apart (`数量指标 (必填硬性指标)`) stays with it (another province's tables)."""
    got = _grid_read(tmp_path,
                     "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
                     "产出指标 数量指标 (必填硬性指标) 营造林面积(亩) 80000 80000 10 10",
                     "效益指标 社会效益指标 促进社会和谐 10 10",
                     "满意度指标 满意度指标 职工满意度 ≥90% 95% 10 10")
    assert got == [["数量指标(必填硬性指标)", "营造林面积(亩)", "80000亩"],
                   ["社会效益指标", "促进社会和谐", ""],
                   ["满意度指标", "职工满意度", "≥90%"]]


@pytest.mark.parametrize(("lines", "l2", "name", "value"), [
    (["预算(或投资规模)控制指 预算执行率 ≥95%", "标"], "预算(或投资规模)控制指标", "预算执行率", "≥95%"),
    (["社会公众或服务对象满意度", "满意度指标 指标 政策满意度 ≥90%"], "社会公众或服务对象满意度指标",
     "政策满意度", "≥90%")], ids=["top-aligned", "centred"])
def test_a_category_cell_wrapped_at_its_row_is_one_cell(lines: list[str], l2: str, name: str, value: str,
                                                        tmp_path: Path) -> None:
    """Text printed a line per printed line wraps a narrow category column: the cell's end
    (`标`, `指标`) on the next line completes it, whether the row's other cells print beside
    its first line (top-aligned) or its last, after the 一级 cell (centred). Before, `标` was a
    row of its own, and the 二级 cell's lines the start of the name."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值", "产出指标 质量指标 采购程序规范性 100%",
                     *lines)
    assert got == [["质量指标", "采购程序规范性", "100%"], [l2, name, value]]


def test_a_wrapped_category_cell_after_its_first_level_in_a_split_grid(tmp_path: Path) -> None:
    """A split grid (评分标准 between name and value) printed top-aligned: the 二级 cell
    `服务对象满意度指标(必填)` wrapped after its row's 一级 cell ends on the next line (`)`), which
    completes it; the rows' wrapped names still join them. Before, the `)` line went unread and
    the grid's other wrapped lines were rejected (another province's table)."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 评分标准 指标值",
                     "产出指标 成本指标 按照辖区内社区卫生服务机 完成得满分 100%", "构计划进行采购",
                     "满意度指标 服务对象满意度指标(必填 服务对象满意度 完成得满分 100%", ")")
    assert got == [["成本指标", "按照辖区内社区卫生服务机构计划进行采购", "100%"],
                   ["服务对象满意度指标(必填)", "服务对象满意度", "100%"]]


def test_space_text_a_serial_and_a_name_alone_is_a_row_of_its_own(tmp_path: Path) -> None:
    """Under a 序号 column, `2 经常性大型设备更新验收合格率` (the value left blank) is a row's line:
    the serial begins it, so it does not go on the long name of the row above (before, the two
    names were read as one)."""
    got = _grid_read(tmp_path, "序号 一级指标 二级指标 三级指标 指标值",
                     "1 产出指标 质量指标 办公大楼日常维修维护验收合格率 >92%",
                     "2 经常性大型设备更新验收合格率",
                     "3 设备运行维护及时率 ≥95%")
    assert got == [["质量指标", "办公大楼日常维修维护验收合格率", ">92%"],
                   ["质量指标", "经常性大型设备更新验收合格率", ""],
                   ["质量指标", "设备运行维护及时率", "≥95%"]]


_CENTRED_TABLE = ["项目支出绩效目标表", "项目名称 乙项目", "一级指标 二级指标 三级指标 指标值",
                  "志鉴地情相关工作开展所需", "产出指标 数量指标 资金的供应时效 100%",
                  "确保日常工作正常运行 100%", "按年度发放绩效奖、文明奖", "、综治平安奖、应休未休补 ≥60%",
                  "贴",
                  "调研、督促、指导志、鉴、", "质量指标 地情编纂的县(市、区)的覆 1", "盖率",
                  "各类书籍审稿率 1", "时效指标 项目完成时间 100%",
                  "项目支出绩效目标表", "项目名称 丙项目", "一级指标 二级指标 三级指标 指标值",
                  "当年获得宁德市级以上确认", "产出指标 数量目标 的人才驿站数量 >=2个",
                  "当年人才驿站组织活动数量 >=28次",
                  "每年人才驿站服务人次 >=500人", "各类人才对我市人才政策的", "质量目标 知晓率 >=95%",
                  "项目支出绩效目标表", "项目名称 丁项目", "一级指标 二级指标 三级指标 指标值",
                  "产出指标 数量指标 安装坡面水标尺 ≥266米", "质量指标 项目(工程)验收合格率 100%",
                  "受益脱贫(含监测对象)户人", "效益指标 社会效益指标 口数 ≥1000人",
                  "群众生产生活条件改善状况 显著提升",
                  "受益脱贫(含监测对象)户满", "满意度指标 服务对象满意度指标 意度 ≥95%",
                  "项目支出绩效目标表", "项目名称 戊项目", "一级指标 二级指标 三级指标 指标值",
                  "产出指标 数量指标 脱贫村村内道路硬化里程 ≥100公里",
                  "效益指标 社会效益指标 受益脱贫(监测)人口数 ≥500人",
                  "解决脱贫(监测)饮水安全问", "题人数 ≥1000人", "每年春节慰问麻风村休养员",
                  "满意度指标 服务对象满意度指标 、村外康复者和现症病人 ≥95%"]


def _centred_read(tmp_path: Path, *lines: str) -> list[list[str]]:
    """(二级, name, value) of the rows of 甲项目, a table with these lines printed after
    tables whose wrapped cells show the document's rows centred (their first lines above the
    row's line: other provinces' tables as `bench_layouts.py` prints them centred)."""
    path = tmp_path / "centred.txt"
    path.write_text("\n".join([*_CENTRED_TABLE, "项目支出绩效目标表", "项目名称 甲项目", *lines]) + "\n",
                    encoding="utf-8")
    rows = read_tables(path)
    assert rows[rows["project"] == "乙项目"]["name"].tolist()[1:3] == [
        "确保日常工作正常运行", "按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴"]
    return rows[rows["project"] == "甲项目"][["l2_declared", "name", "value"]].values.tolist()


def test_centred_text_a_short_names_grid_wraps_as_its_document(tmp_path: Path) -> None:
    """A grid whose names on the rows' lines are all short (`足额保障率`) shows no width of its
    own: its last row's first line (`结余率(计算方法为:结余数`, printed centred above the row's
    line) is as wide as the document's other names, so it begins that row. Before, the grid
    was taken for narrow columns that never wrap and the line was a row of its own."""
    got = _centred_read(tmp_path, "一级指标 二级指标 三级指标 指标值", "产出指标 数量指标 足额保障率 =100%",
                        "科目调整次数 ≤10次", "时效指标 按时发放率 =100%", "结余率(计算方法为:结余数",
                        "效益指标 经济效益指标 /预算数) ≤5%")
    assert got[-1] == ["经济效益指标", "结余率(计算方法为:结余数/预算数)", "≤5%"]
    assert len(got) == 4


@pytest.mark.parametrize(("lines", "want"), [
    (["农村低收入群体等重点对象", "产出指标 数量指标 危房改造户数 应改尽改"],
     ["数量指标", "农村低收入群体等重点对象危房改造户数", "应改尽改"]),
    (["天保工程实施单位保险参保", "产出指标 数量指标 人数(人)", "退耕还林补助面积(万亩) 120"],
     ["数量指标", "天保工程实施单位保险参保人数(人)", ""])], ids=["valued", "blank value"])
def test_centred_text_a_first_rows_wrapped_name_begins_it(lines: list[str], want: list[str],
                                                          tmp_path: Path) -> None:
    """In a document whose rows print centred, a line alone between the header and the first
    row's line (which opens with its category cells) is that row's name's first line, even
    where both read as whole names (`…重点对象`, `危房改造户数`). Before, it was a row of its own,
    with no category."""
    got = _centred_read(tmp_path, "一级指标 二级指标 三级指标 指标值", *lines)
    assert got[0] == want


def test_a_value_before_a_numbered_category_cell_stays_a_value(tmp_path: Path) -> None:
    """`完成时限 1` above `1.数量指标 …`: the value `1` and the numbered cell on the next line are
    two cells (numbering only begins a cell). Before, they were joined (`11.数量指标`) and the
    row lost its value."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值", "（一）产出指标 1.时效指标 完成时限 1",
                     "1.数量指标 召开食品安委会全体会议 2")
    assert got == [["1.时效指标", "完成时限", "1"], ["1.数量指标", "召开食品安委会全体会议", "2"]]


def test_a_numbered_category_cell_wrapped_before_its_first_level(tmp_path: Path) -> None:
    """Centred, the 二级 cell `1.社会公众或服务对象满意度指标` prints its first line above its row's
    line and its end (`度指标`) after the row's 一级 cell: one cell. Before, its first line went
    on the name."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值",
                     "（一）效益指标 1.社会效益指标 企业竞争力 增强",
                     "1.社会公众或服务对象满意", "（一）满意度指标 度指标 政策满意度 ≥90%")
    assert got[-1] == ["1.社会公众或服务对象满意度指标", "政策满意度", "≥90%"]


def test_text_of_a_grid_whose_values_are_all_blank_ends_a_short_name(tmp_path: Path) -> None:
    """A grid whose values are all blank shows no column widths of its own: it takes its
    document's, and a name whose line is short of that width ends there (`基本康复服务人数`),
    while a full line goes on (`精神病患者提供服药补贴人` + `数`). Before, any line of seven
    characters or more ran on into the next name."""
    got = _centred_read(tmp_path, "一级指标 二级指标 三级指标 指标值", "产出指标 数量指标 基本康复服务人数",
                        "精神病患者提供服药补贴人", "数", "资助特校学生数", "补贴特校数")
    assert got == [["数量指标", "基本康复服务人数", ""], ["数量指标", "精神病患者提供服药补贴人数", ""],
                   ["数量指标", "资助特校学生数", ""], ["数量指标", "补贴特校数", ""]]


def test_top_aligned_text_a_name_wrapped_to_a_category_word_keeps_it(tmp_path: Path) -> None:
    """Printed top-aligned, a name's last line can be a bare category word (`满意度`, `数量`)
    alone under its row: with the name above it that does not end as a name, it is the name's
    end, not a 一级 cell (before, `满意度` opened a 一级 of its own and the names lost it)."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值",
                     "满意度指标 服务对象满意度指标 申请定向费用补贴金融机构 ≥80%", "满意度",
                     "申报创业担保贷款贴息个人 ≥80%", "满意度")
    assert got == [["服务对象满意度指标", "申请定向费用补贴金融机构满意度", "≥80%"],
                   ["服务对象满意度指标", "申报创业担保贷款贴息个人满意度", "≥80%"]]


def test_centred_text_lines_broken_inside_a_word_stay_together(tmp_path: Path) -> None:
    """Centred, two lines alone between rows could end the row above (its name's last line
    is nearly full) and begin the row below; `…维持治疗可` + `以有效地…` breaks the word 可以,
    so both begin the row below. Before, the first went on the row above's name."""
    got = _centred_read(tmp_path, "一级指标 二级指标 三级指标 指标值", "通过注射疫苗,可以有效降",
                        "效益指标 可持续影响指标 低疫苗针对传染病的发生 40%", "通过美沙酮药物维持治疗可",
                        "以有效地降低艾滋病在吸毒", "人群中传播,减少毒品的使 90%", "用")
    assert got == [["可持续影响指标", "通过注射疫苗,可以有效降低疫苗针对传染病的发生", "40%"],
                   ["可持续影响指标",
                    "通过美沙酮药物维持治疗可以有效地降低艾滋病在吸毒人群中传播,减少毒品的使用", "90%"]]


def test_top_aligned_text_a_category_cells_end_beside_the_names_end(tmp_path: Path) -> None:
    """One category column printed top-aligned: `满意度指标-服务对象满意` ends on the next line
    (`度指标`) beside the end of the row's wrapped name (`时、足额的满意度`). The category cell is
    made whole, and the name's end then goes on the name. Before, the line was a row of its
    own and the category cell's start went on the name, a 一级 of another category."""
    got = _grid_read(tmp_path, "指标类别 指标名称 指标值 指标解释",
                     "效益指标-经济效益指标 出租闲置房屋,减少国有资 =100% 按实际", "产闲置率",
                     "满意度指标-服务对象满意 税务局对我单位税费缴纳及 =100% 按实际",
                     "度指标 时、足额的满意度")
    assert got == [["经济效益指标", "出租闲置房屋,减少国有资产闲置率", "=100%"],
                   ["服务对象满意度指标", "税务局对我单位税费缴纳及时、足额的满意度", "=100%"]]


def test_a_name_ending_with_its_unit_in_traditional_characters_is_whole(tmp_path: Path) -> None:
    """`會議通過議題、提案、文件等數量(件/個/份)` ends with its units in brackets, written in
    traditional characters (個 for 个): a whole name, so the next line is a row of its own
    (both values left blank). Before, the units went unrecognized and the two names ran
    together."""
    got = _grid_read(tmp_path, "一级指标 二级指标 三级指标 指标值",
                     "产出指标 質量指標 會議通過議題、提案、文件等數量(件/個/份)", "評審合格率(%)")
    assert got == [["質量指標", "會議通過議題、提案、文件等數量(件/個/份)", ""],
                   ["質量指標", "評審合格率(%)", ""]]
