"""Word documents (``.docx``) → the rows of a sheet, read like a spreadsheet.

Budget bureaus pass performance-target tables around as Word files as often as Excel
ones. Every paragraph becomes a one-cell row (titles, the year) and every table its
rows of cells, in document order; :mod:`nlp.spreadsheets` then finds the grids and
header blocks as in a workbook. A cell merged across columns keeps its text in the
first cell of the range only, as Excel shows a merged range (a category cell merged
down is carried down by the grid reader, as in a workbook).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nlp.errors import InputError


def docx_rows(path: Path) -> list[list[str]]:
    """Paragraphs and table rows of a ``.docx`` file, in document order."""
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError(f"{path}: reading Word files needs python-docx ({exc})") from None
    try:
        doc = docx.Document(str(path))
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except Exception as exc:  # python-docx raises several types for corrupt files
        raise InputError(f"{path}: not a readable Word .docx file ({type(exc).__name__})") from None
    rows: list[list[str]] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if text.strip():
                rows.append([text])
        elif tag == "tbl":
            above: list = []
            for row in Table(child, doc).rows:
                cells: list[str] = []
                row_cells = row.cells  # built on each access
                tcs = [cell._tc for cell in row_cells]
                for j, cell in enumerate(row_cells):
                    merged_left = j > 0 and tcs[j] is tcs[j - 1]
                    merged_down = j < len(above) and tcs[j] is above[j]
                    cells.append("" if merged_left or merged_down else cell.text)
                rows.append(cells)
                above = tcs
    return rows


def docx_sheets(path: Path) -> list[tuple[str, pd.DataFrame]]:
    """The document as one sheet (``""``) of string cells, rows padded to one width."""
    from nlp.spreadsheets import padded_sheet

    return [("", padded_sheet(docx_rows(path)))]
