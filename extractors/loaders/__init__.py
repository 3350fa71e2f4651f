"""Loaders: bytes on disk → RawText (clean text, page starts, tables, page metadata).

`load` sniffs the format from content (extractors.sniff), hands the file to the PDF, HTML,
Markdown or text loader, which each produce `Line`s, and rejoins and assembles them the same way
(extractors.textnorm), so every format yields the same kind of clean text.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from extractors.sniff import Sniffed, sniff
from extractors.textnorm import Line, assemble, rejoin, take_meta_lines
from schema.errors import EmptyDocument, TooLarge
from schema.records import RawText

log = logging.getLogger(__name__)
MAX_BYTES = 50 * 1024 * 1024  # any file
MAX_TEXT_BYTES = 20 * 1024 * 1024  # text/HTML: the largest real policy text is well under 1 MB


def load(path: str | Path) -> RawText:
    """Read a file, sniff its format from content and return its clean text."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TooLarge(str(path), f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    with path.open("rb") as fh:
        is_pdf = b"%PDF-" in fh.read(1024)
    if size > MAX_TEXT_BYTES and not is_pdf:
        raise TooLarge(
            str(path),
            f"text file is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB: not one policy document",
        )
    data = path.read_bytes()
    sniffed = sniff(data, str(path))
    warnings = [sniffed.repaired] if sniffed.repaired else []
    lines, n_pages, meta = _format_lines(sniffed, path)
    lines, header_meta = take_meta_lines(lines)
    meta = {**header_meta, **meta}
    blocks = rejoin(lines, geometry=sniffed.format == "pdf")
    text, page_starts, tables = assemble(blocks, n_pages)
    if not text.strip():
        raise EmptyDocument(str(path), "no text after cleaning")
    if header_meta:
        warnings.append(f"moved {len(header_meta)} header lines into meta")
    if len(lines) > len(blocks):
        warnings.append(f"rejoined {len(lines) - len(blocks)} wrapped lines")
    for message in warnings:
        log.info("%s: %s", path, message)
    return RawText(
        str(path),
        text,
        sniffed.format,
        sniffed.encoding,
        page_starts,
        tables,
        meta={k: _plain(v) for k, v in meta.items()},
        warnings=warnings,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _plain(value: object) -> object:
    """Front-matter values as JSON-friendly scalars/lists (dates become strings)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value)


def _format_lines(sniffed: Sniffed, path: Path) -> tuple[list[Line], int, dict[str, Any]]:
    """Hand the content to its format's loader: (lines, page count, page metadata)."""
    if sniffed.format == "pdf":
        from extractors.loaders.pdf import pdf_lines

        return pdf_lines(path)
    if sniffed.format == "html":
        from extractors.loaders.html import html_lines

        return _with_pages(html_lines(sniffed.text or "", str(path)))
    if sniffed.format == "markdown":
        from extractors.loaders.markdown import markdown_lines

        return _with_pages(markdown_lines(sniffed.text or ""))
    from extractors.loaders.text import text_lines

    return text_lines(sniffed.text or ""), 0, {}


def _with_pages(result: tuple[list[Line], dict[str, Any]]) -> tuple[list[Line], int, dict[str, Any]]:
    return result[0], 0, result[1]
