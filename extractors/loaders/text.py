"""Plain text: CRLF, tab-separated table rows, spaced-out characters, hard wraps, page furniture."""

from __future__ import annotations

import re

from extractors.textnorm import CJK_CHAR, HEADING_START, Line, clean_cell, clean_line, is_furniture

PAGE_NUMBER = re.compile(r"^\d{1,3}$")
# A table flattened one cell per line: an indicator label, then its values, each on its own line.
STACKED_LABEL = re.compile(r"^(?:\d{1,2}[.．、]\S.{0,40}|[^，。；\d]{2,30}[（(][^（）()]{1,12}[)）])$")
STACKED_VALUE = re.compile(
    r"^(?:累计|下降|增长|提高)?[\[［【(（]?[-+—－~～<>≥≤＜＞]?\d+(?:\.\d+)?[%％‰]?(?:左右|以上|以内|以下)?[\]］】)）]?$"
    r"|^[—－-]{1,2}$|^[\[［][^\]］]{1,12}[\]］]$|^(?:预期性|约束性)$"
)
MIN_STACKED_ROWS = 3
MAX_CELL = 80


def table_cells(raw: str) -> list[str] | None:
    """Cells of a tab-separated row, or None when the line is not one (fewer than two cells)."""
    if "\t" not in raw.strip("\r\n") or not raw.strip():
        return None
    cells = [clean_cell(c) for c in raw.rstrip("\r\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    if sum(1 for c in cells if c) < 2 or any(len(c) > MAX_CELL for c in cells):
        return None  # a stray tab inside prose, not a row
    return cells


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
    return restack_cells(drop_toc(lines))


def restack_cells(lines: list[Line]) -> list[Line]:
    """Rebuild rows of a table flattened one cell per line (`1.地区生产总值（亿元）` `16803` `24130` …)."""
    rows: list[tuple[int, int]] = []  # (label index, end index exclusive)
    i = 0
    while i < len(lines):
        j = i + 1
        label = lines[i]
        if label.cells is None and STACKED_LABEL.match(label.text) and CJK_CHAR.search(label.text):
            while j < len(lines) and lines[j].cells is None and STACKED_VALUE.match(lines[j].text):
                j += 1
        if j - i >= 2:
            rows.append((i, j))
            i = j
        else:
            i += 1
    if len(rows) < MIN_STACKED_ROWS:
        return lines
    out, done = [], 0
    for start, end in rows:
        out.extend(lines[done:start])
        cells = [ln.text for ln in lines[start:end]]
        first = lines[start]
        out.append(Line(" ".join(cells), first.page, blank_before=first.blank_before, cells=cells))
        done = end
    return out + lines[done:]


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
