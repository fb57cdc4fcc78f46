"""PDF input: tables built with reportlab (built-in Chinese CID font) read like the text layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402

from nlp.errors import InputError  # noqa: E402
from nlp.tables import extract, read_tables  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "training_data" / "raw" / "004_85ad6b5078b91ae2.txt"


def _seed_tables(n: int) -> list[list[list[str]]]:
    """The first ``n`` tables of the tab-layout seed 004, as grids of cells."""
    tables: list[list[list[str]]] = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if "项目支出绩效目标表" in line:
            if len(tables) == n:
                break
            tables.append([])
            continue
        if tables and "\t" in line and not line.startswith(("负责人", "项目概况", "立项依据",
                                                              "项目设立", "保证项目", "项目实施")):
            tables[-1].append([c.strip() for c in line.split("\t")][:8])
    return tables


def _build_pdf(path: Path, tables: list[list[list[str]]]) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
    title = ParagraphStyle("t", fontName="STSong-Light", fontSize=12)
    story = []
    for grid in tables:
        story.append(Paragraph("上党区县(区)级预算部门（单位）项目支出绩效目标表", title))
        story.append(Paragraph("（2025年度）", title))
        width = max(len(r) for r in grid)
        data = [[Paragraph(c, style) for c in r + [""] * (width - len(r))] for r in grid]
        t = Table(data, colWidths=[95] * width)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("FONTNAME", (0, 0), (-1, -1), "STSong-Light")]))
        story += [t, Spacer(1, 20)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)


def test_pdf_rows_match_the_text_layout(tmp_path: Path) -> None:
    tables = _seed_tables(2)
    pdf = tmp_path / "tables.pdf"
    _build_pdf(pdf, tables)
    got = read_tables(pdf)
    want = read_tables(SEED)
    want = want[want["table"] <= 2]
    cols = ["table", "half", "l1_declared", "l2_declared", "name", "value"]
    assert len(got) == len(want) > 20
    assert got[cols].values.tolist() == want[cols].values.tolist()
    assert got["project"].iloc[0] == want["project"].iloc[0] == "八义镇东山村滑坡治理费用"
    assert got["funds_total"].iloc[0] == 5300000.0


def test_a_scanned_page_among_text_pages_is_a_reject(tmp_path: Path) -> None:
    """A page that is only an image (a scanned table, a stamped page) is named in the
    rejects, not lost without a word; the text pages are read as before."""
    from PIL import Image as PILImage
    from reportlab.platypus import Image, PageBreak

    from nlp.tables import extract

    tables = _seed_tables(1)
    text_only = tmp_path / "tables.pdf"
    _build_pdf(text_only, tables)
    scan = tmp_path / "scan.png"
    PILImage.new("RGB", (300, 200), "white").save(scan)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
    grid = tables[0]
    width = max(len(r) for r in grid)
    table = Table([[Paragraph(c, style) for c in r + [""] * (width - len(r))] for r in grid],
                  colWidths=[95] * width)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    mixed = tmp_path / "mixed.pdf"
    SimpleDocTemplate(str(mixed), pagesize=landscape(A4)).build(
        [Paragraph("上党区县(区)级预算部门（单位）项目支出绩效目标表", style), table, PageBreak(),
         Image(str(scan), 300, 200)])
    got = extract(mixed)
    cols = ["half", "l2_declared", "name", "value"]
    assert got.rows[cols].values.tolist() == read_tables(text_only)[cols].values.tolist()
    assert len(got.rows) > 10
    assert got.rejects["reason"].str.startswith("page 2 is an image with no text").tolist() == [True]
    assert got.counts["read"].sum() == len(got.rows) + len(got.rejects)


def test_a_protected_pdf(tmp_path: Path) -> None:
    """A PDF protected against copying (an owner password, no user password, as many
    government PDFs) came out as glyph numbers `(cid:3931)` and 'no table found': it is read
    from PDFium's text; one that needs a password to open says so."""
    from reportlab.lib import pdfencrypt

    tables = _seed_tables(1)
    plain = tmp_path / "plain.pdf"
    _build_pdf(plain, tables)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
    for name, enc in [("protected.pdf", pdfencrypt.StandardEncryption("", ownerPassword="x", canCopy=0)),
                      ("locked.pdf", pdfencrypt.StandardEncryption("user", ownerPassword="x"))]:
        grid = tables[0]
        width = max(len(r) for r in grid)
        table = Table([[Paragraph(c, style) for c in r + [""] * (width - len(r))] for r in grid],
                      colWidths=[95] * width)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        SimpleDocTemplate(str(tmp_path / name), pagesize=landscape(A4), encrypt=enc).build(
            [Paragraph("上党区县(区)级预算部门（单位）项目支出绩效目标表", style), table])
    got = read_tables(tmp_path / "protected.pdf")
    want = read_tables(plain)
    found = set(zip(got["half"], got["name"], got["value"], strict=True))
    short = want[want["name"].str.len() < 15]  # a sentence wrapped in a cell may not come out whole
    assert len(short) == 12 and all(r in found for r in zip(short["half"], short["name"], short["value"],
                                                            strict=True))
    with pytest.raises(InputError, match="locked.pdf: the PDF needs a password"):
        read_tables(tmp_path / "locked.pdf")


def test_pdf_errors(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(InputError, match="broken.pdf"):
        read_tables(bad)
    scanned = tmp_path / "scanned.pdf"  # a page with no text, as a scan is
    SimpleDocTemplate(str(scanned), pagesize=A4).build([Spacer(1, 200)])
    with pytest.raises(InputError, match="scanned.pdf: PDF has no text layer"):
        read_tables(scanned)


def test_pdf_of_another_template_is_read_by_column(tmp_path: Path) -> None:
    """A PDF in the split-column template (指标性质 / 指标值 / 度量单位 / 权重, one half):
    the seed's rows come back with their categories, names and values."""
    from split_template import split_template

    from nlp.values import parse_value

    seed = read_tables(SEED)
    seed = seed[(seed["half"] == "实施期") & (seed["table"] <= 4)]
    grids = [split_template(seed[seed["table"] == t]) for t in (1, 2, 3, 4)]
    pdf = tmp_path / "other_template.pdf"
    _build_pdf(pdf, grids)
    got = read_tables(pdf)
    cols = ["table", "l1_declared", "l2_declared", "name"]
    assert len(got) == len(seed) > 30
    assert got[cols].values.tolist() == seed[cols].values.tolist()
    for a, b in zip(got["value"], seed["value"], strict=True):
        pa, pb = parse_value(a), parse_value(b)
        assert (pa.operator, pa.lower, pa.unit) == (pb.operator, pb.lower, pb.unit), (a, b)


def test_a_table_printed_without_lines(tmp_path: Path) -> None:
    """An unruled table (aligned text, no ruling lines): columns come from the words' positions
    and a wrapped cell's lines join their row, a wrapped project name its 项目名称 line. Read as
    lines of text before, the wrapped value came out as its last line alone (`续改善`)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
    title = ParagraphStyle("t", fontName="STSong-Light", fontSize=12)
    project = "2024年度农村公路养护工程及危桥改造配套资金"  # wraps in its cell
    grid = [["项目名称", project, "", "", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
            ["产出指标", "数量指标", "养护里程", "≥", "120", "公里"],
            ["效益指标", "社会效益指标", "发挥指导员指导作用", "定性",
             "发挥指导员指导作用，做好两新组织党建，带动群众出行条件持续改善", ""],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%"]]
    path = tmp_path / "unruled.pdf"
    table = Table([[Paragraph(c, cell) for c in r] for r in grid], colWidths=[110] * 6)
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(
        [Paragraph("项目支出绩效目标表", title), table])
    rows = read_tables([path])
    assert set(rows["project"]) == {project}
    assert rows[["l2_declared", "name", "value"]].values.tolist() == [
        ["数量指标", "养护里程", "≥120公里"],
        ["社会效益指标", "发挥指导员指导作用",
         "发挥指导员指导作用，做好两新组织党建，带动群众出行条件持续改善"],
        ["服务对象满意度指标", "群众满意度", "≥90%"]]


def _unruled_pdf(path: Path, grids: list[list[list[str]]], width: float = 100) -> None:
    """Grids printed without lines (aligned text), each under its title, one after another."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
    title = ParagraphStyle("t", fontName="STSong-Light", fontSize=12)
    story = []
    for grid in grids:
        n = max(map(len, grid))
        story += [Paragraph("项目支出绩效目标表", title),
                  Table([[Paragraph(c, cell) for c in r + [""] * (n - len(r))] for r in grid],
                        colWidths=[width] * n), Spacer(1, 20)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)


def test_unruled_columns_blank_in_every_row_are_still_columns(tmp_path: Path) -> None:
    """Printed without lines, a column blank in every row has only its header's word, and
    pdfplumber finds a column's edge where two lines' words align: the units written in the
    names left 计量单位 blank, so its header shared a column with 权重 (`5000` + `10` read as
    `500010平方米`) or with 数值 (every value lost, `计算符号` read as a row), and a blank last
    column's header (指标方向性) was printed beside the table as a row of its own. Tables of
    their own widths on one page cut each other's words with their columns' edges (`标准化圈舍面积
    | (平方米)`): each then finds its own columns."""
    two_rows = [["项目名称", "圈舍建设项目"],
                ["一级指标", "二级指标", "三级指标", "指标值", "", "", "权重"],
                ["", "", "", "计算符号", "数值", "计量单位", ""],
                ["产出指标", "数量指标", "标准化圈舍面积(平方米)", "", "5000", "", "10"],
                ["", "", "保种数量(头)", "", "300", "", "10"],
                ["", "质量指标", "工程合格率(%)", "", "95", "", "10"],
                ["满意度指标", "服务对象满意度指标", "项目业主满意度(%)", "", "95", "", "10"]]
    words = [["项目名称", "旅游扶贫项目"],
             ["一级指标", "二级指标", "三级指标", "指标值", "", "", "权重"],
             ["", "", "", "计算符号", "数值", "计量单位", ""],
             ["产出指标", "数量指标", "流转土地", "", ">=60亩", "", "10"],
             ["", "成本指标", "景观建设成本", "", "<=2875元/个", "", "10"],
             ["满意度指标", "服务对象满意度指标", "游客满意度", "", ">=90%", "", "10"]]
    directions = [["项目名称", "防灾减灾宣传项目"],
                  ["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "指标方向性"],
                  ["产出指标", "数量指标", "宣传资料份数", ">=500份", "", ""],
                  ["满意度指标", "服务对象满意度指标", "群众满意度", ">=90%", "", ""]]
    want = [["圈舍建设项目", "数量指标", "标准化圈舍面积(平方米)", "5000平方米"],
            ["圈舍建设项目", "数量指标", "保种数量(头)", "300头"],
            ["圈舍建设项目", "质量指标", "工程合格率(%)", "95%"],
            ["圈舍建设项目", "服务对象满意度指标", "项目业主满意度(%)", "95%"],
            ["旅游扶贫项目", "数量指标", "流转土地", ">=60亩"],
            ["旅游扶贫项目", "成本指标", "景观建设成本", "<=2875元/个"],
            ["旅游扶贫项目", "服务对象满意度指标", "游客满意度", ">=90%"],
            ["防灾减灾宣传项目", "数量指标", "宣传资料份数", ">=500份"],
            ["防灾减灾宣传项目", "服务对象满意度指标", "群众满意度", ">=90%"]]
    # one page of tables of their own widths (7, 6 and 7 columns): each finds its own columns
    tables = ([two_rows], [words], [directions], [two_rows, words], [two_rows, directions, words])
    for k, grids in enumerate(tables):
        path = tmp_path / f"blank_columns_{k}.pdf"
        _unruled_pdf(path, grids)
        ex = extract([path])
        got = ex.rows[["project", "l2_declared", "name", "value"]].values.tolist()
        assert got == [r for g in grids for r in want if r[0] == g[0][1]], path.name
        assert ex.rejects.empty, ex.rejects


def test_unruled_table_going_on_over_a_page_with_its_values_blank(tmp_path: Path) -> None:
    """A table printed without lines going on over the next page, whose rows there leave the
    value blank (a library of indicators to be filled in): the next page's lines meet the
    columns of the page before even where their text ends short of the last one. Before, the
    weight column was lost there and each name read with its weight (`培训出勤率(%)10`)."""
    grid = [["项目名称", "通用指标库"], ["一级指标", "二级指标", "三级指标", "指标值", "权重"]]
    names = [f"第{i}项培训出勤率(%)" for i in range(1, 61)]
    grid += [["产出指标" if i == 0 else "", "质量指标" if i == 0 else "", n, "≥90%" if i < 30 else "", "10"]
             for i, n in enumerate(names)]
    path = tmp_path / "library.pdf"
    _unruled_pdf(path, [grid])
    assert len(pdfplumber_pages(path)) >= 2
    ex = extract([path])
    assert ex.rows["name"].tolist() == names
    assert ex.rows["value"].tolist() == ["≥90%"] * 30 + [""] * 30
    assert set(ex.rows["l2_declared"]) == {"质量指标"}


def _bench_layouts():
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_layouts

    return bench_layouts


def test_unruled_rows_going_on_over_a_page_keep_their_table_columns(tmp_path: Path) -> None:
    """Tables printed without lines, each column as wide as its text (Word's autofit): the
    rows of a table going on at the top of a page keep the columns of its header on the page
    before, though the tables below them on that page are of other widths. Before, the
    columns found across the new page put their values under no header (`本年预算安排800万元`
    read with a blank value; other provinces' section-row tables as `unruled autofit`,
    `python benchmarks/bench_layouts.py --public --format "unruled autofit"`, 0.851 -> 0.997)."""
    bench = _bench_layouts()
    tables = bench.public_tables()[2:18]
    docs = [bench._document(t, bench.LAYOUTS["section rows"](t)) for t in tables]
    path = bench.write("unruled autofit", tmp_path / "tables.pdf", docs)
    ex = extract([path])
    assert len(pdfplumber_pages(path)) >= 2
    got = ex.rows.set_index("name")["value"]
    assert got["本年预算安排800万元"] == "100%"
    want = [bench._plain(r) for t in tables for r in t[bench.KEY].astype(str).values.tolist()]
    read = [bench._plain(r) for r in ex.rows[bench.KEY].astype(str).values.tolist()]
    assert sum(r in read for r in want) / len(want) >= 0.99
    assert ex.rejects.empty


def test_unruled_header_cells_wrapped_in_narrow_columns(tmp_path: Path) -> None:
    """A narrow column printed without lines wraps its header cell (`指标性` over `质`,
    `度量单` over `位`, as a column as wide as its values `≥` and `人` does): the header's
    lines are one header, and none of their pieces goes on the project's name (it read
    `丙项目指标度量`)."""
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"]
    grid = [["项目名称", "丙项目"], header,
            ["产出指标", "数量指标", "培训人数", "≥", "100", "人", "10"],
            ["满意度指标", "服务对象满意度指标", "学员满意度", "≥", "90", "%", "10"]]
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
    path = tmp_path / "narrow.pdf"
    table = Table([[Paragraph(c, cell) for c in r + [""] * (7 - len(r))] for r in grid],
                  colWidths=[50, 90, 150, 32, 50, 32, 40])
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([table])
    ex = extract([path])
    assert ex.rows[["project", "l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["丙项目", "产出指标", "数量指标", "培训人数", "≥100人"],
        ["丙项目", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"]]


def test_unruled_note_header_wrapped_over_its_column(tmp_path: Path) -> None:
    """A blank note column as narrow as a few characters wraps its header
    (`偏差原因分析及改进措` over `施`): the header is one line, and its first part does not go on
    the project's name (it read `戊项目偏差原因分析及改进措`)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
    grid = [["项目名称", "戊项目"],
            ["序号", "一级指标", "二级指标", "三级指标", "指标值", "偏差原因分析及改进措施"],
            ["1", "产出指标", "数量指标", "培训人数", "≥100人", ""],
            ["2", "", "质量指标", "培训合格率", "≥95%", ""],
            ["3", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", ""]]
    path = tmp_path / "note.pdf"
    table = Table([[Paragraph(c, cell) for c in r + [""] * (6 - len(r))] for r in grid],
                  colWidths=[26, 50, 90, 150, 60, 50])
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([table])
    ex = extract([path])
    assert ex.rows[["project", "l1_declared", "l2_declared", "name", "value"]].values.tolist() == [
        ["戊项目", "产出指标", "数量指标", "培训人数", "≥100人"],
        ["戊项目", "产出指标", "质量指标", "培训合格率", "≥95%"],
        ["戊项目", "满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"]]


def test_unruled_three_header_cells_in_one_column(tmp_path: Path) -> None:
    """Printed without lines, columns blank in every row have only their headers' words, and
    pdfplumber can find one column holding three of them (`指标性质 指标值 度量单位` where every
    value is blank, a library to be filled in): each is a column of its own. Before, only the
    first gap was cut, and the blank values read as the weights' column (`10`)."""
    grid = [["项目名称", "丁项目"],
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"]]
    grid += [["产出指标" if i == 0 else "", "数量指标" if i == 0 else "", f"第{i + 1}项培训人数",
              "", "", "", "10"] for i in range(6)]
    path = tmp_path / "library.pdf"
    _unruled_pdf(path, [grid])
    ex = extract([path])
    assert ex.rows["name"].tolist() == [f"第{i + 1}项培训人数" for i in range(6)]
    assert ex.rows["value"].tolist() == [""] * 6


def pdfplumber_pages(path: Path) -> list:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return list(pdf.pages)


def test_pdf_text_shows_the_lines_rows_refer_to(tmp_path: Path) -> None:
    """`jixiao pdf-text` prints the rendering a PDF is read as, numbered as the rows' `line`,
    with the footer's name and phone blanked (the phone cut across two cells too)."""
    from typer.testing import CliRunner

    from nlp.cli import app

    tables = _seed_tables(1)
    tables[0].append(["联系人：李四", "联系电话：0355-1234", "567"])
    pdf = tmp_path / "t.pdf"
    _build_pdf(pdf, tables)
    result = CliRunner().invoke(app, ["pdf-text", str(pdf)])
    assert result.exit_code == 0
    numbered = dict(ln.strip().split("  ", 1) for ln in result.output.splitlines() if ln.strip())
    rows = read_tables([pdf])
    first = rows.iloc[0]
    assert first["name"] in numbered[str(first["line"])]
    assert "李四" not in result.output and "1234" not in result.output and "联系人" in result.output


def test_pypdf_text_of_the_pdf_reads_as_the_pdf(tmp_path: Path) -> None:
    """pypdf's text of a PDF (one cell per line; the 8-column grid's long cells wrapped over
    lines of their own) reads as the PDF itself: every table's project and funds, and 95 % of
    the rows exactly (140 of 147 on 2026-12-04). The misses are cells wrapped in both halves
    (`可改善居民生活环境，保` / `护国家非物质文化遗产` four times: two one-line cells or one
    two-line cell, the text alone does not say) and a wrapped name read as two rows."""
    pypdf = pytest.importorskip("pypdf")
    pdf = tmp_path / "tables.pdf"
    _build_pdf(pdf, _seed_tables(8))
    text = tmp_path / "tables.txt"
    text.write_text("\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(pdf)).pages),
                    encoding="utf-8")
    want, got = read_tables(pdf), read_tables(text)
    heads = ["table", "project", "department", "funds_total", "funds_year"]
    assert (got[heads].drop_duplicates().astype(str).values.tolist()
            == want[heads].drop_duplicates().astype(str).values.tolist())
    cols = ["table", "half", "l1_declared", "l2_declared", "name", "value"]
    want_rows, got_rows = want[cols].values.tolist(), got[cols].values.tolist()
    assert len(want_rows) > 140
    assert sum(r in got_rows for r in want_rows) / len(want_rows) >= 0.95


@pytest.mark.parametrize("ruled", [True, False])
def test_a_paragraph_between_two_tables_is_no_row(ruled: bool, tmp_path: Path) -> None:
    """Prose printed between two tables (a project's summary) is text outside both grids: no
    indicator row. Before, it became a row of the table above (its sentences the name, or cut
    into a name and a value: `盖全县15个` | `县级财政100万元、上级补助20万元`); printed without lines,
    the tables of their own widths also lost their categories."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("zh", fontName="STSong-Light", fontSize=7, leading=9)
    title = ParagraphStyle("t", fontName="STSong-Light", fontSize=12)
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=9, leading=12)
    a = [["项目名称", "甲项目"], ["一级指标", "二级指标", "三级指标", "指标值"],
         ["产出指标", "数量指标", "培训人数", "≥100人"], ["", "质量指标", "培训合格率", "≥95%"],
         ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"]]
    b = [["项目名称", "乙项目"], ["一级指标", "二级指标", "三级指标", "指标值", "权重"],
         ["产出指标", "数量指标", "养护里程", "≥120公里", "10"],
         ["", "时效指标", "完成时间", "2024年12月底前", "10"],
         ["效益指标", "社会效益指标", "群众出行便利度", "明显提高", "20"]]
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else [])

    def table(grid: list[list[str]], widths: list[float]) -> Table:
        t = Table([[Paragraph(c, cell) for c in r + [""] * (len(widths) - len(r))] for r in grid],
                  colWidths=widths)
        t.setStyle(style)
        return t

    path = tmp_path / "prose.pdf"
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([
        Paragraph("项目支出绩效目标表", title), table(a, [60, 90, 200, 120]),
        Paragraph("项目概况：本项目2024年安排资金120万元，用于培训1000人次，覆盖全县15个乡镇，2024年12月底前完成。"
                  "资金来源为县级财政100万元、上级补助20万元。", body),
        Paragraph("项目支出绩效目标表", title), table(b, [150, 110, 160, 140, 50])])
    ex = extract([path])
    assert ex.rows[["project", "l2_declared", "name", "value"]].values.tolist() == [
        ["甲项目", "数量指标", "培训人数", "≥100人"], ["甲项目", "质量指标", "培训合格率", "≥95%"],
        ["甲项目", "服务对象满意度指标", "学员满意度", "≥90%"],
        ["乙项目", "数量指标", "养护里程", "≥120公里"], ["乙项目", "时效指标", "完成时间", "2024年12月底前"],
        ["乙项目", "社会效益指标", "群众出行便利度", "明显提高"]]
    assert ex.rejects.empty
