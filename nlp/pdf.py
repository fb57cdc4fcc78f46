"""PDF files → indicator rows, through pdfplumber's table finder.

Each page's ruled tables are read as grids (merged cells come back empty, a
wrapped cell as one string); text outside the tables (the title, the year)
is kept in reading order. The page is rendered as tab-separated text, the
layout :mod:`nlp.tables` already reads, so both paths share one parser. The
``line`` of a row is its line in that rendering (``jixiao pdf-text`` prints it).
"""

from __future__ import annotations

from pathlib import Path

from nlp.errors import InputError
from nlp.tables import Rejected, read_text


def pdf_to_text(path: Path) -> str:
    """Tab-separated text of every table (and the text around them) of a PDF."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError(f"{path}: reading PDF needs pdfplumber ({exc})") from None
    try:
        pdf = pdfplumber.open(path)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises several types
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__})") from None
    out: list[str] = []
    with pdf:
        for page in pdf.pages:
            out.extend(_page_lines(page))
    return "\n".join(out)


def _page_lines(page) -> list[str]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    blocks: list[tuple[float, list[str]]] = []

    def outside(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    for line in page.filter(outside).extract_text_lines():
        blocks.append((line["top"], [line["text"]]))
    for table in tables:
        rows = []
        for row in table.extract():
            cells = ["".join((c or "").split("\n")) for c in row]
            rows.append("\t".join(cells))
        blocks.append((table.bbox[1], rows))
    blocks.sort(key=lambda b: b[0])
    return [ln for _, lines in blocks for ln in lines]


def read_pdf(path: Path) -> tuple[list[dict], list[Rejected], int]:
    """Rows, rejects and number of tables of one PDF file."""
    text = pdf_to_text(path)
    if not text.strip():
        raise InputError(f"{path}: PDF has no text layer (scanned?); OCR it first")
    return read_text(text, source=path.name)
