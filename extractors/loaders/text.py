"""Plain text: CRLF, tab-separated table rows, spaced-out characters, hard wraps, page furniture."""

from __future__ import annotations

import re

from extractors.textnorm import HEADING_START, Line, clean_cell, clean_line, is_furniture

PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def table_cells(raw: str) -> list[str] | None:
    """Cells of a tab-separated row, or None when the line is not one (fewer than two cells)."""
    if "\t" not in raw.strip("\r\n") or not raw.strip():
        return None
    cells = [clean_cell(c) for c in raw.rstrip("\r\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells if sum(1 for c in cells if c) >= 2 else None


def text_lines(text: str, page: int | None = None) -> list[Line]:
    """Raw lines → cleaned `Line`s: blank lines become `blank_before`, furniture is dropped."""
    lines: list[Line] = []
    blank = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells = table_cells(raw)
        if cells is not None:
            lines.append(Line(" ".join(c for c in cells if c), page, blank_before=blank, cells=cells))
            blank = False
            continue
        cleaned = clean_line(raw)
        if not cleaned:
            blank = True
            continue
        if is_furniture(cleaned):
            continue
        lines.append(Line(cleaned, page, blank_before=blank))
        blank = False
    return drop_toc(lines)


def drop_toc(lines: list[Line]) -> list[Line]:
    """Remove a table of contents: runs of heading lines each followed by a page-number line."""
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        j, pages = i, []
        while (
            j + 1 < len(lines)
            and HEADING_START.match(lines[j].text)
            and PAGE_NUMBER.match(lines[j + 1].text)
            and (not pages or int(lines[j + 1].text) >= pages[-1])
        ):
            pages.append(int(lines[j + 1].text))
            j += 2
        if len(pages) >= 3:
            drop.update(range(i, j))
            i = j
        else:
            i += 1
    return [ln for k, ln in enumerate(lines) if k not in drop]
