"""Sentences: the clauses a Document's facts are read from and cited by, each ≤ 200 characters.

Split at 。！？； and at line ends; a long sentence is cut at ：，、 (then anywhere). Titles and table
rows stay whole. Each sentence knows its part, heading path and page.
"""
from __future__ import annotations

import re

from schema.records import Document, Part, Section, Sentence

MAX_SENTENCE = 200
SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")
CLAUSE_END = re.compile(r"[：，、,:]")


def part_at(parts: list[Part], offset: int) -> int:
    """Index of the part holding `offset` (the latest that starts at or before it)."""
    return next((p.index for p in reversed(parts) if p.start <= offset), 0)


def section_at(sections: list[Section], offset: int) -> str:
    """Heading path of the deepest section containing `offset`."""
    best = ""
    for section in sections:
        if section.start <= offset < section.end:
            best = section.path
    return best


def split_sentences(doc: Document, title_spans: list[tuple[int, int]]) -> list[Sentence]:
    """Clauses fit for evidence: split at 。！？； and line ends; titles and table rows stay whole."""
    sentences: list[Sentence] = []
    titles = {start: end for start, end in title_spans}
    pos, text = 0, doc.text
    while pos < len(text):
        if pos in titles:
            end = titles[pos]
            pieces = [(pos, end)]
        else:
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            pieces = _clauses(text, pos, end)
        for start, stop in pieces:
            _add_sentence(doc, sentences, start, stop)
        pos = end + 1
    return sentences


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one line, each at most MAX_SENTENCE characters."""
    spans, pos = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        spans.append((pos, match.end()))
        pos = match.end()
    if pos < end:
        spans.append((pos, end))
    out = []
    for a, b in spans:
        out.extend(_shorten(text, a, b))
    return out


def _shorten(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a long sentence at ：，、 boundaries (then anywhere) into pieces ≤ MAX_SENTENCE."""
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    cuts = [m.end() for m in CLAUSE_END.finditer(text, start, end)]
    pieces, pos = [], start
    while end - pos > MAX_SENTENCE:
        fit = [c for c in cuts if pos < c <= pos + MAX_SENTENCE]
        cut = fit[-1] if fit and fit[-1] - pos >= MAX_SENTENCE // 4 else pos + MAX_SENTENCE
        pieces.append((pos, cut))
        pos = cut
    pieces.append((pos, end))
    return pieces


def _add_sentence(doc: Document, sentences: list[Sentence], start: int, end: int) -> None:
    chunk = doc.text[start:end]
    stripped = chunk.strip()
    if not stripped or not re.search(r"\w", stripped):
        return
    start += len(chunk) - len(chunk.lstrip())
    end = start + len(stripped)
    sentences.append(
        Sentence(
            len(sentences),
            start,
            end,
            stripped,
            part=part_at(doc.parts, start),
            section=section_at(doc.sections, start),
            page=doc.page_at(start),
        )
    )
