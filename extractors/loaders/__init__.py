"""Loaders: bytes on disk → RawText (clean text, page starts, tables, page metadata).

`load` sniffs the format from content (extractors.sniff), hands the file to the PDF, HTML,
Markdown or text loader, which each produce `Line`s, and rejoins and assembles them the same way
(extractors.textnorm), so every format yields the same kind of clean text.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from extractors.sniff import sniff
from extractors.textnorm import CJK_CHAR, assemble, rejoin, take_meta_lines
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
    n_pages, meta = 0, {}
    if sniffed.format == "pdf":
        from extractors.loaders.pdf import pdf_lines

        lines, n_pages, meta = pdf_lines(path)
    elif sniffed.format == "html":
        from extractors.loaders.html import html_lines

        lines, meta = html_lines(sniffed.text or "", str(path))
    elif sniffed.format == "markdown":
        from extractors.loaders.markdown import markdown_lines

        lines, meta = markdown_lines(sniffed.text or "")
    else:
        from extractors.loaders.text import text_lines

        lines = text_lines(sniffed.text or "")
    lines, header_meta = take_meta_lines(lines)
    meta = {**header_meta, **meta}
    blocks = rejoin(lines, geometry=sniffed.format == "pdf")
    text, page_starts, tables = assemble(blocks, n_pages)
    if not CJK_CHAR.search(text) and not text.strip():
        raise EmptyDocument(str(path), "no text after cleaning")
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
