"""PDF with a text layer, through pdfplumber: reading order, lines, tables and pages in one pass.

Each page's characters are read once. Lines are built from vertical overlap rather than equal
`top`, so numbers that a 公文 font set slightly lower (full-width digits in a separate font, which
pdfplumber's own text puts on their own line) return to their sentence. A line that reaches the
right margin was wrapped and joins the next. Ruled tables (only on pages that have ruling lines)
become rows, and their characters are left out of the running text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.textnorm import Line, clean_cell, clean_line, is_furniture
from schema.errors import DamagedFile, NoTextLayer

log = logging.getLogger(__name__)

CID_SHARE = 0.05  # more (cid:NNN) glyphs than this: fonts without a ToUnicode map
MIN_RULES_FOR_TABLES = 4  # pages with fewer ruling lines/rects are not searched for tables


@dataclass
class _Row:
    top: float
    bottom: float
    size: float
    chars: list[dict[str, Any]] = field(default_factory=list)


def pdf_lines(path: str | Path) -> tuple[list[Line], int, dict[str, Any]]:
    """All pages → cleaned `Line`s with page numbers and wrap flags; (lines, page count, meta)."""
    import pdfplumber
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    lines: list[Line] = []
    n_chars = n_cid = 0
    try:
        with pdfplumber.open(str(path)) as pdf:
            meta = {
                "pdf_" + k.lower(): str(v)
                for k, v in (pdf.metadata or {}).items()
                if k in ("Title", "Author", "CreationDate") and v
            }
            n_pages = len(pdf.pages)
            for number, page in enumerate(pdf.pages, 1):
                chars = page.chars
                n_chars += len(chars)
                n_cid += sum(1 for c in chars if c["text"].startswith("(cid:"))
                lines.extend(_page_lines(page, chars, number))
                page.flush_cache()
    except (PdfminerException, MalformedPDFException, PSException) as err:  # also raised while parsing pages
        cause = err.args[0] if err.args else err
        detail = str(cause) or type(cause).__name__
        if "encrypt" in detail.lower() or "password" in detail.lower():
            raise DamagedFile(str(path), "PDF is encrypted") from err
        raise DamagedFile(str(path), f"PDF cannot be read ({detail})") from err
    if n_chars == 0:
        raise NoTextLayer(str(path), "PDF has no text layer (a scan?); OCR it first")
    if n_cid > CID_SHARE * n_chars:
        raise NoTextLayer(str(path), "PDF fonts have no ToUnicode map ((cid:NNN) glyphs); OCR it first")
    return lines, n_pages, meta


def _page_lines(page: Any, chars: list[dict[str, Any]], number: int) -> list[Line]:
    """One page in reading order: text rows and table rows sorted by their top."""
    tables: list[tuple[Any, list[list[str]]]] = []
    if len(page.rects) + len(page.lines) >= MIN_RULES_FOR_TABLES:
        for table in page.find_tables():
            cells = _drop_empty_columns([[clean_cell(c or "") for c in row] for row in table.extract()])
            if _is_grid(cells):
                tables.append((table.bbox, cells))
    boxes = [bbox for bbox, _cells in tables]
    body = [c for c in chars if c["text"].strip() and not _inside(c, boxes)]
    rows = _rows(body)
    items: list[tuple[float, list[Line]]] = []
    if rows:
        left = min(r.chars[0]["x0"] for r in rows)
        right = max(r.chars[-1]["x1"] for r in rows)
        body_size = sorted(r.size for r in rows)[len(rows) // 2]
        for row in rows:
            text = clean_line(_row_text(row))
            if not text or is_furniture(text):
                continue
            items.append((row.top, [Line(text, number, full=_wrapped(row, left, right, body_size))]))
    for bbox, rows_cells in tables:
        table_lines = [
            Line(" ".join(c for c in cells if c), number, cells=cells) for cells in rows_cells if any(cells)
        ]
        items.append((bbox[1], table_lines))
    items.sort(key=lambda item: item[0])
    return [line for _top, group in items for line in group]


def _drop_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    """Merged cells leave columns that are empty in every row; they carry nothing."""
    width = max((len(r) for r in rows), default=0)
    keep = [i for i in range(width) if any(i < len(r) and r[i] for r in rows)]
    return [[r[i] if i < len(r) else "" for i in keep] for r in rows]


def _is_grid(rows: list[list[str]]) -> bool:
    """A real table: several rows, most with two or more filled cells (shaded text lines are not)."""
    filled = [sum(1 for c in row if c) for row in rows if any(row)]
    return len(filled) >= 2 and sum(1 for n in filled if n >= 2) >= 0.6 * len(filled)


def _wrapped(row: _Row, left: float, right: float, body_size: float) -> bool:
    """Body text that runs to the right margin continues on the next line (titles are larger)."""
    size = row.size
    return (
        abs(size - body_size) <= 0.2 * body_size
        and row.chars[-1]["x1"] >= right - 1.5 * size
        and row.chars[0]["x0"] <= left + 2.5 * size
    )


def _inside(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _rows(chars: list[dict[str, Any]]) -> list[_Row]:
    """Group characters into visual lines by vertical overlap with the line's first characters."""
    rows: list[_Row] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        size = char["bottom"] - char["top"] or char.get("size", 10)
        row = rows[-1] if rows else None
        if row is not None and char["top"] < row.bottom - 0.05 * row.size:
            row.chars.append(char)
            continue
        rows.append(_Row(char["top"], char["bottom"], size, [char]))
    for row in rows:
        row.chars.sort(key=lambda c: c["x0"])
    return rows


def _row_text(row: _Row) -> str:
    """Characters left to right, a space where the gap is wider than most of a character."""
    out: list[str] = []
    prev_x1 = None
    for char in row.chars:
        latin = out and out[-1][-1:].isascii() and char["text"][:1].isascii()
        if prev_x1 is not None and char["x0"] - prev_x1 > (0.15 if latin else 0.6) * row.size:
            out.append(" ")
        out.append(char["text"])
        prev_x1 = char["x1"]
    return "".join(out)
