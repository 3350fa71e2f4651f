"""Text normalisation shared by every loader: glyphs, widths, spaced-out characters, hard wraps.

Loaders turn their input into `Line`s (one visual line each, with what they know about it: page,
whether it reaches the right margin, whether it is a table row); `assemble` rejoins wrapped lines
into paragraphs, drops page furniture and returns the clean text, page starts and tables that make
up a `RawText`. All repairs are rules about how Chinese official text is typeset, never about one
document.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

from schema.errors import PatternFileError
from schema.records import RawTable

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
# Chinese punctuation that never has a space beside it in clean text.
CJK_PUNCT = "，。、；：？！（）《》〈〉“”‘’【】〔〕「」『』…"
TERMINAL = re.compile(r"([。！？；：!?;:…][”’」』）)》]*|(^|[。！？；])[（(][^（）()]{1,40}[)）])$")
# The numbering marks of 公文 items, one definition for every stage: list numbers (一、 （一） 1. （1） ①)
# and structural numbers (第X章/节/条/款/项/编/部分). Pattern strings, compiled where they are used.
LIST_NUMBER = (r"(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[)）]|"
               r"\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳])")
ITEM_NUMBER = rf"(?:第[一二三四五六七八九十百零〇\d]+(?:[章节条款项编篇]|部分)|{LIST_NUMBER})"
# Starts of lines that open a new block: headings (一、 （一） 1. （1） 第X章/条), 附件, list cues.
HEADING_START = re.compile(rf"^(#|{ITEM_NUMBER}|附件|附录|[一二三四五六七八九十]是|——|[-*+]\s)")
# List cues that start a block but, unlike headings, run on as a sentence (一是…, ——…).
ITEM_START = re.compile(r"^([一二三四五六七八九十]是|——|[-*+]\s)")
# Lines of a 公文 head that never join a neighbour: the letterhead (…文件) and the 文号 line.
HEAD_LINE = re.compile(r"文\s*件$|^\S{1,16}\s*[〔\[［(（【﹝]\s*\d{4}\s*[〕\]］)）】﹞]\s*\d{1,4}\s*号$")
LATIN_END = re.compile(r"[A-Za-z0-9.,;:)]$")
LATIN_START = re.compile(r"[A-Za-z0-9(]")
CONTINUATION_START = re.compile(r"^[，。、；：？！）》”’%％]")
# The caption of a plan's indicator table (专栏2 “十三五”时期主要指标, 表1 …主要发展目标): the numbered
# lines under it are table rows, not headings (structure.py), and one fact each (facts/indicator_tables.py).
INDICATOR_CAPTION = re.compile(r"^[ \t]*(?:专栏|表)\s*\d{0,2}\s*[^\n]{0,40}?(?:主要指标|发展目标|主要目标|"
                               r"指标完成情况|目标任务|指标体系)[^\n]{0,20}$", re.M)

_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "％": "%",
        "＋": "+",
        "／": "/",
        "＝": "=",
        "＜": "<",
        "＞": ">",
        "．": ".",
        "＆": "&",
        "ꎬ": "，",
        "ꎮ": "。",
        "ꎻ": "；",
        "ꎼ": "：",
        "«": "《",
        "»": "》",
        "‹": "〈",
        "›": "〉",
        "﹝": "〔",
        "﹞": "〕",
        "\u3000": " ",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\r": None,
        "\t": " ",
        "\x0b": " ",
        "\x0c": " ",
    }
)
_ASCII_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT_NEAR_CJK = re.compile(f"(?<=[{CJK}）》”])[,;:?!]|[,;:?!](?=[{CJK}（《“])")
_PAREN_NEAR_CJK = re.compile("\\(([^()\\n]{0,60})\\)")
# 《上海关于贯彻落实<“十四五”…规划>的实施意见》: ASCII angle brackets as the inner title mark
_NESTED_TITLE = re.compile(f"(?<=[{CJK}《])<([^<>\\n]{{1,60}}?)>(?=[{CJK}》])")
_LONE_OPEN = re.compile(f"\\((?=[{CJK}])(?![^()（）\\n]*\\))")
_LONE_CLOSE = re.compile(f"(?<=[{CJK}。，；、])\\)")
_SPACED_RUN = re.compile(f"(?<![{CJK}])[{CJK}](?:[ ]{{1,2}}[{CJK}])+(?![{CJK}])")
_SPACES = re.compile(r"[ ]{2,}")
_SPACE_CJK_DIGIT = re.compile(
    f"(?<=[{CJK}{CJK_PUNCT}])[ ]+(?=[0-9A-Za-z%.])|(?<=[0-9A-Za-z%.])[ ]+(?=[{CJK}{CJK_PUNCT}])"
)
_SPACE_PUNCT = re.compile(f"[ ]+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])[ ]+")
# A single space between two Chinese characters inside running text is an extraction artefact (双驱 动).
# The space after an article number (第三十二条 本办法…) is kept.
_CJK_GAP = re.compile(f"(第[一二三四五六七八九十百零〇\\d]+[章节条款篇编] )|(?<=[{CJK}]) (?=[{CJK}])")
_CELL_WRAP = re.compile(f"(?<=[{CJK}{CJK_PUNCT}])[ \t]*\n\\s*(?=[{CJK}{CJK_PUNCT}])")
_SPACE_DECIMAL = re.compile(r"(?<=\d)[ ]*\.[ ]*(?=\d)")


def read_pattern_tsv(name: str, columns: int) -> list[tuple[int, list[str]]]:
    """Rows of a TSV data file under extractors/patterns/ as (line number, cells); checks the width."""
    text = resources.files("extractors.patterns").joinpath(name).read_text("utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < columns or not all(c.strip() for c in cells[:columns]):
            raise PatternFileError(
                f"extractors/patterns/{name}:{number}", f"expected {columns} tab-separated non-empty columns"
            )
        rows.append((number, [c.strip() for c in cells]))
    return rows


@functools.lru_cache(maxsize=1)
def furniture_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled page-furniture regexes (furniture.tsv), loaded on first use."""
    compiled = []
    for number, (regex, *_rest) in read_pattern_tsv("furniture.tsv", 2):
        try:
            compiled.append(re.compile(regex))
        except re.error as err:
            raise PatternFileError(f"extractors/patterns/furniture.tsv:{number}", str(err)) from err
    return tuple(compiled)


@functools.lru_cache(maxsize=1)
def meta_labels() -> dict[str, str]:
    """Label → meta key for "label：value" header lines (meta_labels.tsv)."""
    return {row[0]: row[1] for _n, row in read_pattern_tsv("meta_labels.tsv", 2)}


META_LINE = re.compile(r"^【?([^：:【】\s]{2,6})】?\s*[:：]?\s*(.*)$")
META_SCAN_LINES = 25


def take_meta_lines(lines: list[Line]) -> tuple[list[Line], dict[str, str]]:
    """Move "label：value" header lines (文号：…, 发布日期：…) near the top out of the text into meta."""
    meta: dict[str, str] = {}
    kept: list[Line] = []
    labels = meta_labels()
    for i, line in enumerate(lines):
        match = META_LINE.match(line.text) if i < META_SCAN_LINES and line.cells is None else None
        key = labels.get(match.group(1)) if match else None
        if key and (match.group(2) or ":" in line.text or "：" in line.text or line.text.startswith("【")):
            meta.setdefault(key, match.group(2).strip())
            continue
        kept.append(line)
    return kept, meta


def normalize_chars(text: str) -> str:
    """Full-width digits/letters/％ → ASCII, PDF glyphs (ꎬ ꎮ «») → Chinese punctuation, odd spaces → ' '."""
    text = _PAREN_NEAR_CJK.sub(_paren, unicodedata.normalize("NFC", text).translate(_WIDTH))
    text = _NESTED_TITLE.sub(r"〈\1〉", text)
    text = _LONE_OPEN.sub("（", _LONE_CLOSE.sub("）", text))  # a bracket whose partner is on another line
    return _PUNCT_NEAR_CJK.sub(lambda m: _ASCII_PUNCT[m.group()], text)


def _paren(match: re.Match[str]) -> str:
    inner = match.group(1)
    string, start, end = match.string, match.start(), match.end()
    near = inner + string[max(0, start - 1) : start] + string[end : end + 1]
    return f"（{inner}）" if CJK_CHAR.search(near) else match.group()


def collapse_spaced(text: str) -> str:
    """Join characters typeset with spaces between them: `人 力 资 源 部` → `人力资源部`."""
    return _SPACED_RUN.sub(lambda m: m.group().replace(" ", ""), text)


def tighten_spaces(text: str) -> str:
    """No space between Chinese and digits (`2022 年` → `2022年`) or beside Chinese punctuation."""
    text = _SPACES.sub(" ", text.strip())
    text = _SPACE_DECIMAL.sub(".", text)
    text = _SPACE_PUNCT.sub("", text)
    return _SPACE_CJK_DIGIT.sub("", text)


def clean_line(text: str) -> str:
    """All in-line repairs for one line of running text."""
    return tighten_spaces(collapse_spaced(normalize_chars(text)))


def clean_cell(text: str) -> str:
    """A table cell: one line; a break between two Chinese characters was a wrap inside the cell."""
    return clean_line(" ".join(_CELL_WRAP.sub("", text).split()))


def is_furniture(line: str) -> bool:
    """Page marks, share/print buttons, view counters, editor credits, TOC lines."""
    stripped = line.strip()
    return bool(stripped) and any(p.match(stripped) for p in furniture_patterns())


def display_width(text: str) -> float:
    """Width in Chinese character cells (ASCII counts half)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


@dataclass
class Line:
    """One visual line as a loader saw it."""

    text: str
    page: int | None = None
    full: bool | None = None  # reaches the right margin (wrapped); None when the loader cannot tell
    blank_before: bool = False
    cells: list[str] | None = None  # a table row
    hard: bool = False  # starts a block the loader knows (HTML block element, Markdown heading)


@dataclass
class Block:
    """A paragraph, heading or table row after rejoining."""

    text: str
    pages: list[tuple[int, int]] = field(default_factory=list)  # (offset in block, page)
    cells: list[str] | None = None


def _is_prose(line: Line) -> bool:
    """Running text (has clause punctuation beyond a heading's own 一、 marker)."""
    return bool(re.search("[，。；、]", HEADING_START.sub("", line.text, count=1)))


def _mark_full_by_width(lines: list[Line]) -> None:
    """For text without geometry: a line nearly as wide as its neighbours was wrapped."""
    text_lines = [ln for ln in lines if ln.cells is None and ln.text]
    widths = [display_width(ln.text) for ln in text_lines]
    if not widths or sorted(widths)[int(len(widths) * 0.9)] > 60:  # paragraphs are not hard-wrapped
        return
    for i, ln in enumerate(text_lines):
        if ln.full is None:
            local = max(widths[max(0, i - 3) : i + 4])
            ln.full = widths[i] >= local * 0.8 and local >= 8


def _unclosed(text: str) -> bool:
    """An opening bracket or quote without its closer: the sentence goes on (（责任单位：⏎ 市…）)."""
    return any(text.count(a) > text.count(b) for a, b in ("（）", "《》", "“”"))


def _joins(prev: Line, nxt: Line, prose: bool, geometry: bool, after_prose: bool = False) -> bool:
    """Whether `nxt` continues the sentence of `prev` (a hard wrap, not a paragraph break)."""
    if prev.cells is not None or nxt.cells is not None or nxt.hard:
        return False
    if HEAD_LINE.search(prev.text) or HEAD_LINE.search(nxt.text):
        return False
    if TERMINAL.search(prev.text) and not _unclosed(prev.text):
        return False
    if CONTINUATION_START.match(nxt.text):
        return True
    if HEADING_START.match(prev.text) and not ITEM_START.match(prev.text) and not _is_prose(prev):
        return False
    if HEADING_START.match(nxt.text):
        return False
    if _unclosed(prev.text) and not prev.hard:  # an open quote or bracket: the sentence goes on
        return True
    if nxt.blank_before:  # a blank line inside a sentence: only between wrapped lines of body text
        body = prose or (after_prose and bool(nxt.full))
        return body and (bool(prev.full) or display_width(prev.text) >= 40)
    if geometry:
        return bool(prev.full)
    return prose or _is_prose(nxt)


def rejoin(lines: list[Line], geometry: bool = False) -> list[Block]:
    """Merge hard-wrapped lines into paragraphs; keep headings, table rows and title stacks apart."""
    if not geometry:
        _mark_full_by_width(lines)
    blocks: list[Block] = []
    para: list[Line] = []
    prose = seen_prose = False  # seen_prose: the title block is over
    for line in lines:
        if not line.text:
            continue
        if para and _joins(para[-1], line, prose, geometry, seen_prose):
            para.append(line)
            prose = prose or _is_prose(line)
            continue
        if para:
            blocks.append(_block(para))
            seen_prose = seen_prose or prose
        para, prose = [line], _is_prose(line)
    if para:
        blocks.append(_block(para))
    return blocks


def _block(lines: list[Line]) -> Block:
    if lines[0].cells is not None:
        text = " ".join(c for c in lines[0].cells if c)
        return Block(text, [(0, lines[0].page)] if lines[0].page else [], lines[0].cells)
    text, pages = "", []
    prose = any(_is_prose(ln) for ln in lines)
    for ln in lines:
        if ln.page is not None and (not pages or pages[-1][1] != ln.page):
            pages.append((len(text), ln.page))
        if text and LATIN_END.search(text) and LATIN_START.match(ln.text):
            text += " "  # wrapped Western words keep their space
        text += _CJK_GAP.sub(lambda m: m.group(1) or "", ln.text) if prose else ln.text
    return Block(tighten_spaces(text), pages)


def assemble(blocks: list[Block], n_pages: int = 0) -> tuple[str, list[int], list[RawTable]]:
    """Blocks → (text with one block per line, page start offsets, tables of consecutive rows)."""
    parts: list[str] = []
    offset = 0
    page_offsets: dict[int, int] = {}
    tables: list[RawTable] = []
    current: RawTable | None = None
    for block in blocks:
        for local, page in block.pages:
            page_offsets.setdefault(page, offset + local)
        if block.cells is not None:
            if current is None:
                page = block.pages[0][1] if block.pages else None
                current = RawTable(rows=[], page=page, offset=offset)
                tables.append(current)
            current.rows.append(block.cells)
        else:
            current = None
        parts.append(block.text)
        offset += len(block.text) + 1
    text = "\n".join(parts)
    starts: list[int] = []
    for page in range(n_pages, 0, -1):
        starts.append(page_offsets.get(page, starts[-1] if starts else len(text)))
    return text, starts[::-1], tables
