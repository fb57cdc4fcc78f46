"""Old binary Word documents (``.doc``, Word 97–2003, and WPS Office's ``.wps``) → rows.

Many county sites publish their budget documents as ``.doc`` or ``.wps`` files. Both are
Word's binary format ([MS-DOC]) inside an OLE compound file, read here with `olefile`
and the format's own structures, the way :mod:`nlp.word` reads a ``.docx``: every
paragraph becomes a one-cell row and every table row its cells, in document order.

* The text is the main document's characters, found through the piece table
  (``Clx``): each piece is 8-bit (Windows-1252) or UTF-16 text at an offset of the
  ``WordDocument`` stream. A field prints its result, not its code.
* A paragraph's properties (``PlcBtePapx`` → ``PapxFkp`` pages) say whether it is in a
  table and whether its mark ends a row. The row-end mark's table properties
  (``sprmTDefTable``) give the row's cell edges and merge flags.
* The cells of a table are laid on the grid of all the cell edges its rows use, as
  Word does: a cell spanning columns keeps its text in the first of them and leaves
  the others empty, and a cell merged down is empty below its first row, as
  :mod:`nlp.word` gives a ``.docx``.

A nested table's cells are written into the outer cell, separated by spaces. An
encrypted file gets an :class:`~nlp.errors.InputError`.
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nlp.errors import InputError

_FIB_MAGIC = 0xA5EC
_FIB_WORD97 = 0x00C0  # nFib: Word 97 and later write 0x00C1 or more; Word 6/95 0x0065–0x0069
_PAPX_PAGE = 512
# sprm opcodes of [MS-DOC] 2.6: paragraph in a table, its mark ends a row, table depth;
# the row's cell edges and merge flags
_IN_TABLE, _TTP, _ITAP, _INNER_CELL, _INNER_TTP = 0x2416, 0x2417, 0x6649, 0x244B, 0x244C
_DEF_TABLE, _VERT_MERGE = 0xD608, 0xD62B  # the row's cells; a cell merged down (Word 2000+)
_HUGE_PAPX = 0x6646  # the paragraph's properties are in the Data stream, at this offset
_CELL_MARK, _PARAGRAPH_MARK = "\x07", "\r"
# marks that print nothing, or a space: line break, page or section break, hyphens,
# picture, drawn object, footnote and annotation references
_PRINTED = {"\x0b": "\n", "\x0c": "\n", "\x1e": "-", "\x1f": "", "\x01": "", "\x08": "",
            "\x02": "", "\x05": "", "\xa0": " "}


@dataclass
class _Paragraph:
    text: str
    end: str  # "\r" or "\x07"
    in_table: bool = False
    row_end: bool = False
    depth: int = 0
    edges: list[int] = field(default_factory=list)
    merged: list[tuple[bool, bool]] = field(default_factory=list)  # (merged left, merged down)


def doc_rows(path: Path) -> list[list[str]]:
    """Paragraphs and table rows of a binary Word (or WPS) file, in document order."""
    try:
        import olefile
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError(f"{path}: reading .doc files needs olefile ({exc})") from None
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if not ole.exists("WordDocument"):
                raise InputError(f"{path}: an OLE file with no Word document in it")
            word = ole.openstream("WordDocument").read()
            flags = _u16(word, 0x0A) if len(word) >= 0x20 else 0
            if len(word) < 0x20 or _u16(word, 0) != _FIB_MAGIC or _u16(word, 2) < _FIB_WORD97:
                raise InputError(f"{path}: a Word document older than Word 97 (Word 6/95, or an old "
                                 "WPS format); save it as .docx")
            if flags & 0x0100:
                raise InputError(f"{path}: the Word document is encrypted (password-protected)")
            stream = "1Table" if flags & 0x0200 else "0Table"
            if not ole.exists(stream):
                raise InputError(f"{path}: the Word document has no {stream} stream")
            table = ole.openstream(stream).read()
            data = ole.openstream("Data").read() if ole.exists("Data") else b""
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except Exception as exc:  # olefile raises OSError and others for damaged files
        raise InputError(f"{path}: not a readable Word .doc file, damaged or not Word "
                         f"({type(exc).__name__})") from None
    try:
        paragraphs = _paragraphs(word, table, data)
    except (struct.error, IndexError, ValueError) as exc:
        raise InputError(f"{path}: a damaged Word .doc file ({type(exc).__name__}: {exc})") from None
    return _rows(paragraphs)


def doc_sheets(path: Path) -> list[tuple[str, pd.DataFrame]]:
    """The document as one sheet (``""``) of string cells, rows padded to one width."""
    from nlp.spreadsheets import padded_sheet

    return [("", padded_sheet(doc_rows(path)))]


# --- the file's structures --------------------------------------------------------------


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from("<H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from("<I", data, at)[0]


def _fib(word: bytes) -> tuple[int, dict[int, tuple[int, int]]]:
    """The main text's length (``ccpText``) and the FIB's (fc, lcb) pairs by index."""
    at = 32
    csw = _u16(word, at)
    at += 2 + 2 * csw
    cslw = _u16(word, at)
    ccp_text = _u32(word, at + 2 + 4 * 3)
    at += 2 + 4 * cslw
    pairs = _u16(word, at)
    at += 2
    return ccp_text, {i: (_u32(word, at + 8 * i), _u32(word, at + 8 * i + 4)) for i in range(pairs)}


_CLX, _BTE_PAPX = 33, 13  # indexes of fcClx and fcPlcfBtePapx in FibRgFcLcb97


def _pieces(table: bytes, fc: int, lcb: int) -> list[tuple[int, int, int, bool]]:
    """The piece table: (first cp, last cp + 1, byte offset, 8-bit) per piece."""
    clx = table[fc:fc + lcb]
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: property modifiers, skipped
        at += 3 + struct.unpack_from("<h", clx, at + 1)[0]
    if at >= len(clx) or clx[at] != 0x02:
        raise ValueError("no piece table")
    size = _u32(clx, at + 1)
    plc = clx[at + 5:at + 5 + size]
    n = (size - 4) // 12
    cps = [_u32(plc, 4 * i) for i in range(n + 1)]
    pieces = []
    for i in range(n):
        raw = _u32(plc, 4 * (n + 1) + 8 * i + 2)
        compressed = bool(raw & 0x40000000)
        offset = raw & 0x3FFFFFFF
        pieces.append((cps[i], cps[i + 1], offset // 2 if compressed else offset, compressed))
    return pieces


def _text(word: bytes, pieces: list, ccp: int) -> tuple[str, list[int]]:
    """The main document's characters and each one's byte offset in the stream."""
    chars: list[str] = []
    offsets: list[int] = []
    for first, last, offset, compressed in pieces:
        if first >= ccp:
            break
        count = min(last, ccp) - first
        if compressed:
            chars.append(word[offset:offset + count].decode("cp1252", errors="replace"))
            offsets.extend(range(offset, offset + count))
        else:
            chars.append(word[offset:offset + 2 * count].decode("utf-16-le", errors="replace"))
            offsets.extend(range(offset, offset + 2 * count, 2))
    return "".join(chars), offsets


def _papx_runs(word: bytes, table: bytes, fc: int, lcb: int) -> list[tuple[int, int, bytes]]:
    """(first fc, last fc, grpprl) of every paragraph run of the PAPX pages, in order."""
    n = (lcb - 4) // 8
    runs = []
    for i in range(n):
        page = (_u32(table, fc + 4 * (n + 1) + 4 * i) & 0x3FFFFF) * _PAPX_PAGE
        fkp = word[page:page + _PAPX_PAGE]
        if len(fkp) < _PAPX_PAGE:
            continue
        crun = fkp[511]
        for r in range(crun):
            start, end = _u32(fkp, 4 * r), _u32(fkp, 4 * r + 4)
            b_offset = fkp[4 * (crun + 1) + 13 * r] * 2
            grpprl = b""
            if b_offset:
                cb = fkp[b_offset]
                if cb:
                    body = fkp[b_offset + 1:b_offset + 2 * cb]
                else:
                    body = fkp[b_offset + 2:b_offset + 2 + 2 * fkp[b_offset + 1]]
                grpprl = body[2:]  # after the style index
            runs.append((start, end, grpprl))
    return runs


_OPERAND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}


def _sprms(grpprl: bytes):
    """(opcode, operand) of each property modifier of a grpprl."""
    at = 0
    while at + 2 <= len(grpprl):
        op = _u16(grpprl, at)
        at += 2
        spra = op >> 13
        if spra == 6:
            if op == _DEF_TABLE:
                size = _u16(grpprl, at) + 1
            elif op == 0xC615 and at < len(grpprl) and grpprl[at] == 255:  # sprmPChgTabs
                return
            else:
                size = grpprl[at] + 1 if at < len(grpprl) else 1
        else:
            size = _OPERAND[spra]
        yield op, grpprl[at:at + size]
        at += size


def _props(paragraph: _Paragraph, grpprl: bytes, data: bytes) -> None:
    down: dict[int, bool] = {}
    for op, operand in _sprms(grpprl):
        if not operand:
            continue
        if op == _HUGE_PAPX and len(operand) == 4:  # a PrcData: cbGrpprl, grpprl
            at = _u32(operand, 0)
            if at + 2 <= len(data):
                _props(paragraph, data[at + 2:at + 2 + _u16(data, at)], b"")
        elif op == _IN_TABLE:
            paragraph.in_table = bool(operand[0])
            paragraph.depth = max(paragraph.depth, 1 if operand[0] else 0)
        elif op == _TTP:
            paragraph.row_end = bool(operand[0]) or paragraph.row_end
        elif op == _ITAP and len(operand) == 4:
            paragraph.depth = struct.unpack("<i", operand)[0]
            paragraph.in_table = paragraph.depth > 0
        elif op == _INNER_TTP and operand[0]:
            paragraph.row_end = True
        elif op == _DEF_TABLE and len(operand) > 3:
            columns = operand[2]
            edges = [struct.unpack_from("<h", operand, 3 + 2 * i)[0] for i in range(columns + 1)
                     if 3 + 2 * i + 2 <= len(operand)]
            cells = 3 + 2 * (columns + 1)
            merged = []
            for c in range(columns):
                at = cells + 20 * c
                grf = _u16(operand, at) if at + 2 <= len(operand) else 0
                merged.append((bool(grf & 0x0002), bool(grf & 0x0020) and not grf & 0x0040))
            paragraph.edges, paragraph.merged = edges, merged
        elif op == _VERT_MERGE and len(operand) >= 3:  # cb, cell index, 1 restart / 3 merged
            down[operand[1]] = operand[2] == 3
    for c, merged_down in down.items():
        if c < len(paragraph.merged):
            paragraph.merged[c] = (paragraph.merged[c][0], merged_down)


def _paragraphs(word: bytes, table: bytes, data: bytes) -> list[_Paragraph]:
    ccp, pairs = _fib(word)
    if _CLX not in pairs or not pairs[_CLX][1]:
        raise ValueError("no piece table")
    text, offsets = _text(word, _pieces(table, *pairs[_CLX]), ccp)
    runs = _papx_runs(word, table, *pairs[_BTE_PAPX]) if pairs.get(_BTE_PAPX, (0, 0))[1] else []
    starts = [r[0] for r in runs]
    paragraphs: list[_Paragraph] = []
    start = 0
    for i, ch in enumerate(text):
        if ch not in (_PARAGRAPH_MARK, _CELL_MARK):
            continue
        paragraph = _Paragraph(_visible(text[start:i]), ch)
        fc = offsets[i]
        run = bisect.bisect_right(starts, fc) - 1
        if run >= 0 and fc < runs[run][1]:
            _props(paragraph, runs[run][2], data)
        if ch == _CELL_MARK and not paragraph.in_table:  # no properties read: a cell
            paragraph.in_table, paragraph.depth = True, 1
        paragraphs.append(paragraph)
        start = i + 1
    if start < len(text) and text[start:].strip():
        paragraphs.append(_Paragraph(_visible(text[start:]), _PARAGRAPH_MARK))
    return paragraphs


def _visible(text: str) -> str:
    """The characters a reader sees: a field's result, not its code."""
    out: list[str] = []
    stack: list[bool] = []  # per open field: in its code (before its separator)
    for ch in text:
        if ch == "\x13":
            stack.append(True)
        elif ch == "\x14":
            if stack:
                stack[-1] = False
        elif ch == "\x15":
            if stack:
                stack.pop()
        elif not any(stack):
            out.append(_PRINTED.get(ch, ch))
    return "".join(out)


# --- paragraphs → rows --------------------------------------------------------------------


def _rows(paragraphs: list[_Paragraph]) -> list[list[str]]:
    rows: list[list[str]] = []
    grid: list[tuple[list[str], list[int], list[tuple[bool, bool]]]] = []  # a table's rows
    cells: list[str] = []  # the row's cells so far
    cell: list[str] = []  # the cell's paragraphs so far
    inner: list[str] = []  # a nested table's paragraphs, for the outer cell

    def flush() -> None:  # the table so far, a row cut short (a damaged file) included
        if cells or cell:
            grid.append((cells + (["\n".join(cell)] if cell else []), [], []))
        rows.extend(_laid(grid))
        grid.clear()
        cells.clear()
        cell.clear()

    for p in paragraphs:
        if not p.in_table:
            flush()
            if p.text.strip():
                rows.append([p.text.strip()])
            continue
        if p.depth > 1:  # a nested table: its text goes into the outer cell
            if p.text.strip():
                inner.append(p.text.strip())
            continue
        if inner:
            cell.append(" ".join(inner))
            inner.clear()
        if p.row_end:
            grid.append((list(cells), p.edges, p.merged))
            cells.clear()
            cell.clear()
        elif p.end == _CELL_MARK:
            cell.append(p.text)
            cells.append("\n".join(s for s in cell if s.strip()).strip())
            cell.clear()
        else:
            cell.append(p.text)
    flush()
    return rows


def _laid(grid: list[tuple[list[str], list[int], list[tuple[bool, bool]]]]) -> list[list[str]]:
    """A table's rows on the grid of every cell edge its rows use (twips, 1/20 pt)."""
    edges = sorted({e for _, row_edges, _ in grid for e in row_edges})
    columns: list[int] = []
    for e in edges:  # edges a few twips apart are one (rounding of widths)
        if not columns or e - columns[-1] > 30:
            columns.append(e)
    out: list[list[str]] = []
    for cells, row_edges, merged in grid:
        if len(row_edges) != len(cells) + 1 or not columns:
            out.append([("" if j < len(merged) and any(merged[j]) else c) for j, c in enumerate(cells)])
            continue
        row = [""] * (len(columns) - 1)
        for j, text in enumerate(cells):
            if j < len(merged) and any(merged[j]):
                continue
            col = _column(columns, row_edges[j])
            if col < len(row):
                row[col] = text
        out.append(row)
    return out


def _column(columns: list[int], edge: int) -> int:
    return min(range(len(columns)), key=lambda i: abs(columns[i] - edge))
