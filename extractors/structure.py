"""RawText → Document: parts, heading tree, tables, sentences. Interim minimal version."""
from __future__ import annotations

import re
from pathlib import Path

from schema.records import Document, Part, RawText, Sentence

_SENTENCE_END = re.compile(r"[^。！？；\n]*[。！？；\n]?")


def parse_structure(raw: RawText) -> Document:
    """Split the text into parts and sentences with offsets into the stored text."""
    text = raw.text
    sentences = []
    for m in _SENTENCE_END.finditer(text):
        s = m.group().strip()
        if s:
            start = m.start() + m.group().index(s)
            sentences.append(Sentence(len(sentences), start, start + len(s), s))
    title = next((s.text for s in sentences), "")
    parts = [Part(index=0, start=0, end=len(text), title=title)]
    return Document(source=Path(raw.path).name, path=raw.path, sha256=raw.sha256, format=raw.format,
                    encoding=raw.encoding, text=text, parts=parts, sentences=sentences,
                    page_starts=raw.page_starts, meta=raw.meta, warnings=raw.warnings)
