"""Web pages (``.html``) → the rows of a sheet, read like a spreadsheet.

Budget bureaus and finance departments publish many performance-target tables as web
pages, and a researcher collecting other provinces' tables saves them as they are. Every
block of text outside a table becomes a one-cell row (titles, the year), every table its
rows of cells, in document order; :mod:`nlp.spreadsheets` then finds the grids and header
blocks as in a workbook. A cell spanning rows or columns (``rowspan``, ``colspan``) keeps
its text in its first cell only, as Excel shows a merged range (the grid reader carries a
category cell down). A table that holds other tables only lays the page out: its text is
read as blocks and its inner tables as tables. The page is decoded as other text inputs
are (UTF-8, UTF-16 or GBK, :func:`nlp.documents.decode_text`), so a GBK page whose
``<meta charset>`` says so reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from nlp.errors import InputError

# elements whose end ends a line of text
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br",
                     "section", "article", "header", "footer", "center", "blockquote", "pre",
                     "dd", "dt", "dl", "form", "caption", "hr", "body", "main", "td", "th", "tr"})
_SKIPPED = frozenset({"script", "style", "head", "noscript", "template", "title", "iframe"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _walk(node: Any, parts: list[str], on_table: Callable[[Any], None] | None = None) -> None:
    """The text under ``node`` into ``parts``, a line break after each block and ``<br>``;
    with ``on_table``, a table holding no other table goes there instead."""
    tag = _tag(node)
    if tag in _SKIPPED:
        return
    if on_table is not None and tag == "table" and not node.xpath(".//table"):
        on_table(node)
        return
    if tag == "br":
        parts.append("\n")
    if node.text and tag:  # a comment's text is no text of the page
        parts.append(node.text)
    for child in node:
        _walk(child, parts, on_table)
        if child.tail:
            parts.append(child.tail)
    if tag in _BLOCKS or tag == "table":
        parts.append("\n")


def _lines(parts: list[str]) -> list[str]:
    """The non-blank lines of ``parts``, runs of spaces (``&nbsp;``, full-width) as one."""
    lines = (_SPACE.sub(" ", ln).strip() for ln in "".join(parts).split("\n"))
    return [ln for ln in lines if ln]


def _cell_text(el: Any) -> str:
    """The text of a table cell; a ``<br>`` or a block inside it starts a new line."""
    parts: list[str] = []
    _walk(el, parts)
    return "\n".join(_lines(parts))


def _own_rows(table: Any) -> list[Any]:
    """The ``<tr>`` of ``table`` itself (inside ``thead``/``tbody``/``tfoot`` or not), not
    those of tables nested in its cells."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _span(cell: Any, name: str) -> int:
    m = re.match(r"\s*(\d+)", cell.get(name) or "")
    return max(1, min(int(m.group(1)), 1000)) if m else 1


def table_rows(table: Any) -> list[list[str]]:
    """The cells of one ``<table>``, spans laid out: a spanned cell's text in its first cell,
    the others blank."""
    grid: dict[tuple[int, int], str] = {}
    rows = _own_rows(table)
    width = [0] * len(rows)
    for r, tr in enumerate(rows):
        c = 0
        for cell in (x for x in tr if _tag(x) in ("td", "th")):
            while (r, c) in grid:
                c += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = ""
                width[r + dr] = max(width[r + dr], c + colspan)
            grid[(r, c)] = _cell_text(cell)
            c += colspan
    return [[grid.get((r, c), "") for c in range(width[r])] for r in range(len(rows))]


def html_rows(text: str) -> list[list[str]]:
    """Blocks of text and table rows of an HTML page, in document order."""
    import lxml.html

    text = _XML_DECLARATION.sub("", text)
    if not text.strip():
        return []
    root = lxml.html.document_fromstring(text)
    rows: list[list[str]] = []
    parts: list[str] = []

    def on_table(table: Any) -> None:
        rows.extend([ln] for ln in _lines(parts))
        parts.clear()
        rows.extend(table_rows(table))

    _walk(root, parts, on_table)
    rows.extend([ln] for ln in _lines(parts))
    return rows


def html_sheets(path: Path) -> list[tuple[str, pd.DataFrame]]:
    """The page as one sheet (``""``) of string cells, rows padded to one width."""
    from nlp.documents import decode_text
    from nlp.spreadsheets import padded_sheet

    text = decode_text(path)
    try:
        rows = html_rows(text)
    except Exception as exc:  # lxml raises several types for what it cannot parse
        raise InputError(f"{path}: not a readable web page ({type(exc).__name__})") from None
    return [("", padded_sheet(rows))]
