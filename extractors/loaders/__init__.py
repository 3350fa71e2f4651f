"""Loaders: bytes on disk → RawText. Interim minimal version; the real loaders replace it."""
from __future__ import annotations

import hashlib
from pathlib import Path

from schema.errors import EmptyDocument, UndecodableText
from schema.records import RawText


def load(path: str | Path) -> RawText:
    """Read a file, sniff its format from content and return its clean text."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDocument(str(path), "file is empty")
    sha = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF"):
        import pdfplumber

        texts, starts, offset = [], [], 0
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                starts.append(offset)
                t = (page.extract_text() or "") + "\n"
                texts.append(t)
                offset += len(t)
        return RawText(str(path), "".join(texts), "pdf", None, starts, sha256=sha)
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UndecodableText(str(path), "not UTF-8 or GB18030")
    text = text.replace("\r\n", "\n")
    if "<html" in text[:2000].lower() or "<div" in text[:5000].lower():
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(text, "lxml")
        for tag in soup(["script", "style"]):
            tag.decompose()
        return RawText(str(path), soup.get_text("\n"), "html", enc, sha256=sha)
    return RawText(str(path), text, "text", enc, sha256=sha)
