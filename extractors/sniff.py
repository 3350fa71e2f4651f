"""Format and encoding from content, never from the file name: all samples are `.txt`.

PDF is known by its header, images and archives by their magic numbers; text is decoded by
charset-normalizer limited to the encodings Chinese documents come in, then told apart as HTML,
Markdown or plain text by its markup.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from schema.errors import EmptyDocument, UndecodableText, UnsupportedFormat

log = logging.getLogger(__name__)

# Encodings Chinese government text arrives in; charset-normalizer chooses among these only.
ENCODINGS = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "gb18030", "big5"]
BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx?)",
    b"\xd0\xcf\x11\xe0": "an OLE file (doc/xls?)",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7z archive",
    b"\x7fELF": "an executable",
}
HTML_MARKUP = re.compile(
    r"<(!doctype html|html|head|body|div|p|table|article|section|span|br|h[1-6]|meta)\b", re.IGNORECASE
)
MARKDOWN_MARKUP = re.compile(r"^(#{1,6}\s|---\s*$|\*\*[^*\n]+\*\*|\|.*\|\s*$|<!--|[-*+]\s|>\s)", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass
class Sniffed:
    """What the content is: format (pdf | html | markdown | text), encoding and decoded text."""

    format: str
    encoding: str | None = None
    text: str | None = None
    repaired: str | None = None  # a note for RawText.warnings when the encoding was not UTF-8


def sniff(data: bytes, path: str) -> Sniffed:
    """Decide the format of `data` (the bytes of `path`) and decode it when it is text."""
    if not data.strip():
        raise EmptyDocument(path, "file is empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return Sniffed("pdf")
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnsupportedFormat(path, f"content is {what}, not a PDF, HTML, Markdown or text document")
    text, encoding = decode(data, path)
    fmt = text_format(text)
    note = None if encoding in ("utf_8", "utf-8", "ascii") else f"decoded as {encoding}"
    return Sniffed(fmt, encoding, text, note)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes → text: strict UTF-8 first (fast path), else charset-normalizer's best guess."""
    try:
        text, encoding = data.decode("utf-8-sig"), "utf_8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=ENCODINGS).best()
        if best is None:
            if data.count(b"\x00") > len(data) // 100 or _CONTROL.search(data[:4096].decode("latin-1")):
                raise UnsupportedFormat(path, "content is binary data, not a text document") from None
            raise UndecodableText(path, "bytes decode in none of " + ", ".join(ENCODINGS)) from None
        text, encoding = str(best), best.encoding
        log.info("%s: decoded as %s", path, encoding)
    text = text.lstrip("\ufeff")
    sample = text[:20000]
    if sample and len(_CONTROL.findall(sample)) > max(3, len(sample) // 200):
        raise UnsupportedFormat(path, "content is binary data, not a text document")
    if not text.strip():
        raise EmptyDocument(path, "file has no text")
    return text, encoding


def text_format(text: str) -> str:
    """html | markdown | text, from the markup the text carries."""
    head = text[:20000]
    if len(HTML_MARKUP.findall(head)) >= 3 or head.lstrip().lower().startswith(("<!doctype html", "<html")):
        return "html"
    if len(MARKDOWN_MARKUP.findall(head)) >= 2:
        return "markdown"
    return "text"
