"""Old binary Word (.doc) and WPS (.wps) files: seed tables read back as the text layout gives them.

The fixtures in ``tests/data/doc`` were written by another program's Word writer
(``make_fixtures.py`` says how): merged cells, a table per project, a contact line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.errors import InputError
from nlp.tables import read_tables
from nlp.worddoc import doc_rows

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "tests" / "data" / "doc"
SEED = ROOT / "training_data" / "raw" / "004_85ad6b5078b91ae2.txt"
COLS = ["table", "half", "l1_declared", "l2_declared", "name", "value"]


@pytest.fixture(scope="module")
def seed():
    rows = read_tables(SEED)
    return rows[rows["table"] <= 3]


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_binary_word_tables_read_like_the_text_layout(suffix: str, seed, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / f"tables{suffix}"  # WPS Office's .wps is Word's binary format
    path.write_bytes((DOCS / "tables.doc").read_bytes())
    got = read_tables(path)
    assert len(got) == len(seed) == 54
    assert sorted(got[COLS].values.tolist()) == sorted(seed[COLS].values.tolist())
    assert got["project"].drop_duplicates().tolist() == seed["project"].drop_duplicates().tolist()
    assert set(got["year"]) == {2025}
    text = got.astype(str).to_string()
    assert "李四" not in text and "1234567" not in text  # the contact line under each table


def test_merged_cells_are_laid_as_in_a_docx() -> None:
    rows = doc_rows(DOCS / "tables.doc")
    assert rows[:2] == [["上党区县(区)级预算部门（单位）项目支出绩效目标表"], ["（2025年度）"]]
    # the project name merged across its row: its text in the first cell of the range
    assert rows[2] == ["项目名称", "八义镇东山村滑坡治理费用"] + [""] * 6
    assert rows[4] == ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值",
                       "二级指标", "三级指标", "指标值"]
    # 绩效指标 merged down the body and 产出指标 over its four rows: empty below their first row
    assert [r[:3] for r in rows[5:9]] == [["", "产出指标", "数量指标"], ["", "", "质量指标"],
                                          ["", "", "时效指标"], ["", "", "成本指标"]]
    assert rows[13] == ["联系人：李四  联系电话：0355-1234567"]  # read as a paragraph; never output


def test_binary_word_table_of_another_template(seed) -> None:  # noqa: ANN001
    left = seed[seed["half"] == "实施期"]
    got = read_tables(DOCS / "other.doc")
    cols = ["table", "l1_declared", "l2_declared", "name", "value"]
    assert got[cols].values.tolist() == left[cols].values.tolist()
    # the name written as two paragraphs of one cell is one name
    assert "受益群众满意度" in got["name"].tolist()


def _patched(tmp_path: Path, name: str, at: int, value: int, mask: int = 0) -> Path:
    """tables.doc with one byte of its Word stream's header (the FIB) set: to ``value``, or
    the bits of ``mask`` added to it."""
    data = bytearray((DOCS / "tables.doc").read_bytes())
    fib = data.find(b"\xec\xa5\xc1\x00")  # wIdent, nFib of Word 97 at the stream's start
    assert fib > 0 and fib % 512 == 0
    data[fib + at] = data[fib + at] | mask if mask else value
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


def test_damaged_or_unsupported_word_files_get_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="old95.doc: a Word document older than Word 97"):
        read_tables(_patched(tmp_path, "old95.doc", 2, 0x65))  # nFib of Word 6/95
    with pytest.raises(InputError, match="locked.doc: the Word document is encrypted"):
        read_tables(_patched(tmp_path, "locked.doc", 0x0B, 0, mask=0x01))  # fEncrypted
    data = (DOCS / "tables.doc").read_bytes()
    for cut in (100, 600, 4000, len(data) // 2, len(data) - 600):
        path = tmp_path / f"cut{cut}.doc"
        path.write_bytes(data[:cut])
        with pytest.raises(InputError, match=f"cut{cut}.doc: "):
            read_tables(path)


def test_a_workbook_named_doc_is_read_as_a_workbook(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("目标表")
    for i, row in enumerate([["项目名称", "甲项目"], ["一级指标", "二级指标", "三级指标", "指标值"],
                             ["产出指标", "数量指标", "人数", "5人"]]):
        for j, v in enumerate(row):
            sheet.write(i, j, v)
    book.save(str(tmp_path / "book.doc"))
    got = read_tables(tmp_path / "book.doc")
    assert got[["project", "name", "value"]].values.tolist() == [["甲项目", "人数", "5人"]]


def test_pieces_of_8_bit_and_utf16_text_and_a_fields_result() -> None:
    """The piece table's two encodings (Word writes runs of Latin text as 8-bit pieces) and a
    field (a hyperlink's code hidden, its result shown)."""
    import struct

    from nlp.worddoc import _pieces, _text, _visible

    word = b"\0" * 16 + "指标\x13 HYPERLINK x \x14值\x15\r".encode("utf-16-le") + b"abc\r"
    utf16 = len("指标\x13 HYPERLINK x \x14值\x15\r")
    # PlcPcd: cps 0, utf16, utf16 + 4; a UTF-16 piece at byte 16, an 8-bit one at byte 16 + 2 * utf16
    cps = struct.pack("<3I", 0, utf16, utf16 + 4)
    pcds = struct.pack("<HIH", 0, 16, 0) + struct.pack("<HIH", 0, 0x40000000 | (2 * (16 + 2 * utf16)), 0)
    clx = b"\x02" + struct.pack("<I", len(cps + pcds)) + cps + pcds
    pieces = _pieces(clx, 0, len(clx))
    assert pieces == [(0, utf16, 16, False), (utf16, utf16 + 4, 16 + 2 * utf16, True)]
    text, offsets = _text(word, pieces, utf16 + 4)
    assert _visible(text) == "指标值\rabc\r"
    assert offsets[0] == 16 and offsets[utf16] == 16 + 2 * utf16 and offsets[utf16 + 1] == 17 + 2 * utf16


def test_a_row_s_cells_and_merges_from_its_table_properties() -> None:
    """sprmTDefTable gives the cell edges and the old merge flags; sprmTVertMerge (Word 2000
    and later) marks a cell merged down."""
    import struct

    from nlp.worddoc import _Paragraph, _props

    tc = [0x0000, 0x0001, 0x0002]  # a cell, the first of a merged pair, its continuation
    operand = bytes([3]) + struct.pack("<4h", 0, 1000, 2000, 3000) + b"".join(
        struct.pack("<H", f) + b"\0" * 18 for f in tc)
    grpprl = (struct.pack("<HB", 0x2416, 1) + struct.pack("<HB", 0x2417, 1)
              + struct.pack("<HH", 0xD608, len(operand) + 1) + operand
              + struct.pack("<HBBB", 0xD62B, 2, 0, 3))
    p = _Paragraph("", "\x07")
    _props(p, grpprl, b"")
    assert (p.in_table, p.row_end, p.edges) == (True, True, [0, 1000, 2000, 3000])
    assert p.merged == [(False, True), (False, False), (True, False)]
