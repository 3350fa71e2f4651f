"""Indicator tables of plans (专栏 / 表 …主要指标, …主要发展目标, …完成情况) read as targets and results.

Five-year plans (规划, 纲要) summarise their goals in a table whose text layer arrives flattened: the
caption, then one header cell per line (指标 / 2015年 / 2020年 / 年均增长 / 指标属性), then either one
row per line (`1.地区生产总值（亿元） 16803 24130 ≥7.5 预期性`) or one cell per line (`1`, `工业增加值`,
`亿元`, `2853`, `4600`, `预期性指标`). The header's year columns say which cell is the goal (the
latest year of a plan table) or the result (the last year of a 完成情况 table); a row that leaves the
goal's cell empty (—) gives its five-year total instead. Units come from the indicator's name
(（亿元）, a trailing %, a unit cell), regions from the part. One fact per row, or per sub-indicator
where one row lists several (城镇化率：常住…（%） 户籍…（%） 47.06 32.4 54 40).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import combinations

from extractors.facts.quantities import part_region
from extractors.normalize.numbers import find_quantities
from extractors.textnorm import INDICATOR_CAPTION
from schema.records import Document, Fact, Part

CAPTION = INDICATOR_CAPTION
YEAR_CELL = re.compile(r"^((?:19|20)\d\d)\s*年")
GROWTH_CELL = re.compile(r"年均|增长|增速")
CUMULATIVE_CELL = re.compile(r"累计")
DONE_CELL = re.compile(r"完成情况|实际完成|完成值")
ATTRIBUTE = re.compile(r"^(?:预期性|约束性|约束|预期)(?:指标)?$")
ROW_START = re.compile(r"^[ \t]*(\d{1,2})(?:[.．、]\s*|\s*$)")
VALUE = re.compile(r"^[\[［]?(?:[≥≤><＞＜约]\s*)?\d+(?:\.\d+)?[\]］]?$|^[—－-]{1,2}$")
NAME_UNIT = re.compile(r"[（(]([^（）()]{1,8})[）)]\s*$|(%)\s*$")
_LINE = re.compile(r"[^\n]+")
MAX_HEADER_LINES = 30
MAX_ROWS = 80
MAX_EVIDENCE = 200


@dataclass
class _Row:
    names: list[str]        # one name per sub-indicator
    units: list[str | None]
    cells: list[str]
    start: int
    end: int


@dataclass
class _Header:
    columns: list[str]      # value columns in order: a year (2020), "growth" or "total"
    tense: str              # "target" or "achievement"
    end: int                # offset where the data rows begin


def indicator_table_facts(doc: Document) -> list[Fact]:
    """Targets and achievements from every indicator table of the document."""
    facts: list[Fact] = []
    for part, caption, header, rows in _tables(doc):
        for row in rows:
            facts.extend(_row_facts(doc, part, row, header, caption))
    return facts


def table_spans(doc: Document) -> list[tuple[int, int]]:
    """Where indicator tables lie, so that the clause reader leaves their rows alone."""
    return [(rows[0].start, rows[-1].end) for _part, _caption, _header, rows in _tables(doc) if rows]


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies in one of the spans."""
    return any(a <= pos < b for a, b in spans)


# Targets and achievements both ask for the tables' facts and spans: a one-slot memo keyed on the
# document object and its text reads them once per document.
_MEMO: dict[str, tuple[int, int, list]] = {}


def _tables(doc: Document) -> list[tuple[Part, str, _Header, list[_Row]]]:
    key = (id(doc), hash(doc.text))
    last = _MEMO.get("last")
    if last and last[:2] == key:
        return last[2]
    out = _read_tables(doc)
    _MEMO["last"] = (*key, out)
    return out


def _read_tables(doc: Document) -> list[tuple[Part, str, _Header, list[_Row]]]:
    out = []
    for part in doc.parts:
        for caption in CAPTION.finditer(doc.text, part.start, part.end):
            header = _header(doc.text, caption.end(), part.end, caption.group())
            if header is not None:
                out.append((part, caption.group().strip(), header, _rows(doc.text, header.end, part.end)))
    return out


def _header(text: str, pos: int, stop: int, caption: str) -> _Header | None:
    """The header cells after a caption, up to the first data row: its value columns and tense."""
    columns: list[str] = []
    done = bool(DONE_CELL.search(caption))
    last_growth = False
    for n, line in enumerate(_LINE.finditer(text, pos, stop)):
        cell = line.group().strip()
        if n >= MAX_HEADER_LINES:
            return None
        if ROW_START.match(line.group()) and not YEAR_CELL.match(cell):
            break
        year = YEAR_CELL.match(cell)
        if year:
            columns.append(year.group(1))
        elif GROWTH_CELL.search(cell):
            if not (columns and columns[-1] == "growth" and last_growth):
                columns.append("growth")  # 年均 / 增长% on two lines are one header cell
        elif CUMULATIVE_CELL.search(cell):
            columns.append("total")
        last_growth = bool(GROWTH_CELL.search(cell))
        done = done or bool(DONE_CELL.search(cell))
    else:
        return None
    if not any(c.isdigit() for c in columns):
        return None
    return _Header(columns, "achievement" if done else "target", line.start())


def _rows(text: str, pos: int, stop: int) -> list[_Row]:
    """Data rows from `pos`: one per line (1.名称（单位） v v v) or one cell per line (1 / 名称 / v)."""
    rows: list[_Row] = []
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text, pos, stop)]
    i = 0
    while i < len(lines) and len(rows) < MAX_ROWS:
        start, line = lines[i]
        head = ROW_START.match(line)
        if head is None:
            if _ends_table(line):
                break
            i += 1
            continue
        if line[head.end():].strip():  # one row per line, maybe with sub-indicators on the lines before
            row, i = _inline_row(lines, i, head)
        else:
            row, i = _stacked_row(lines, i)
        if row is not None:
            rows.append(row)
    return rows


def _ends_table(line: str) -> bool:
    """Prose after the table: a long line that reads as a sentence, or a chapter heading."""
    return len(line) > 60 and "。" in line or bool(re.match(r"^\s*第[一二三四五六七八九十]+[章篇节]", line))


def _cells(line: str) -> list[str]:
    """Whitespace-separated cells; a name glued to its first value (…（%）47.06) is split there."""
    line = re.sub(r"([）)%])(?=[\d—－\[［≥≤<>＜＞])", r"\1 ", line)
    return re.sub(r"(?<=[\d%‰—－\]］])(?=[\u4e00-\u9fff])", " ", line).split()  # 7.5预期性


def _inline_row(lines: list[tuple[int, str]], i: int, head: re.Match) -> tuple[_Row | None, int]:
    start, line = lines[i]
    tokens = _cells(line[head.end():])
    cells = [t for t in tokens if VALUE.match(t)]
    first = next((n for n, t in enumerate(tokens) if VALUE.match(t)), len(tokens))
    name_part = " ".join(tokens[:first])  # …用水量（吨/万元） 143 100 60 下降15.9%: the name ends at a cell
    names = [name_part]
    end = start + len(line)
    j = i + 1
    if name_part.endswith(("：", ":")) or not cells:  # 9.城镇化率： / 常住…（%） / 户籍…（%） 47.06 32.4 …
        names = []
        while j < len(lines) and not ROW_START.match(lines[j][1]) and len(names) < 6:
            sub_tokens = _cells(lines[j][1])
            sub_cells = [t for t in sub_tokens if VALUE.match(t)]
            names.append(" ".join(t for t in sub_tokens if not VALUE.match(t) and not ATTRIBUTE.match(t)))
            end = lines[j][0] + len(lines[j][1])
            j += 1
            if sub_cells:
                cells = sub_cells
                break
    units = [_unit(n) for n in names]
    if not cells or not names:
        return None, j
    return _Row(names, units, cells, start, end), j


def _stacked_row(lines: list[tuple[int, str]], i: int) -> tuple[_Row | None, int]:
    """序号 / 名称 / [单位] / values… / [属性]: cells until the attribute or the next 序号."""
    start = lines[i][0]
    following = str(int(ROW_START.match(lines[i][1]).group(1)) + 1)  # the next row's 序号
    j = i + 1
    name, unit, cells = "", None, []
    end = start + len(lines[i][1])
    while j < len(lines):
        cell = lines[j][1].strip()
        after = lines[j + 1][1].strip() if j + 1 < len(lines) else ""
        if cells and cell == following and not VALUE.match(after) and not ATTRIBUTE.match(after):
            break
        end = lines[j][0] + len(lines[j][1])
        j += 1
        if ATTRIBUTE.match(cell):
            break
        if VALUE.match(cell):
            cells.append(cell)
        elif not name:
            name = cell
        elif not cells and len(cell) <= 4 and find_quantities("1" + cell):
            unit = cell
        elif not cells:
            name += cell
        else:
            break
    if not name or not cells:
        return None, j
    return _Row([name], [unit or _unit(name)], cells, start, end), j


def _unit(name: str) -> str | None:
    m = NAME_UNIT.search(name)
    return (m.group(1) or m.group(2)) if m else None


def _pick(row: _Row, header: _Header, k: int) -> str | None:
    """The cell of sub-indicator k in the goal's (or result's) column; a total where it is empty."""
    subs, cells = len(row.names), row.cells
    layouts = _layouts(header.columns, len(cells) // subs) if subs == 1 else [header.columns]
    picks = []
    for columns in layouts:
        years = [n for n, c in enumerate(columns) if c.isdigit()]
        want = max(years, key=lambda n: (columns[n], n)) if header.tense == "target" else years[-1]
        index = want * subs + k if subs > 1 else want
        if years and index < len(cells):
            others = [_number(cells[n]) for n in years if n != want and n < len(cells)]
            picks.append((_fit(cells[index], others), cells[index]))
    if not picks:
        return None
    cell = min(picks, key=lambda p: p[0])[1]
    if re.fullmatch(r"[—－-]+", cell):  # no level for the year: the five-year total, written last
        totals = [c for c in cells[index + 1:] if not re.fullmatch(r"[—－-]+", c)]
        return totals[-1] if totals and subs == 1 else None
    return cell


def _layouts(columns: list[str], width: int) -> list[list[str]]:
    """The header's columns with as many growth columns dropped as the row leaves empty, every way."""
    extra = len(columns) - width
    growth = [n for n, c in enumerate(columns) if c == "growth"]
    if extra <= 0:
        return [columns]
    if extra > len(growth):
        return [[c for c in columns if c != "growth"]]
    return [[c for n, c in enumerate(columns) if n not in drop] for drop in combinations(growth, extra)]


def _number(cell: str) -> float | None:
    m = re.search(r"\d+(?:\.\d+)?", cell)
    return float(m.group()) if m and not re.fullmatch(r"[—－-]+", cell) else None


def _fit(cell: str, others: list[float | None]) -> tuple[int, float]:
    """How well a cell reads as the indicator's level: a plain number of the same order as the row's
    other year cells (26416 beside 17064 and 27480, not the growth rate 10) beats a bracketed change."""
    value, known = _number(cell), [o for o in others if o]
    if value is None:
        return (2, 0.0)
    spread = min((abs(math.log(value / o)) for o in known), default=0.0) if value > 0 else 9.0
    return (1 if cell.startswith(("[", "［")) else 0, spread)


def _row_facts(doc: Document, part: Part, row: _Row, header: _Header, caption: str) -> list[Fact]:
    out = []
    if row.end - row.start > MAX_EVIDENCE:
        return out
    for k, (name, unit) in enumerate(zip(row.names, row.units, strict=True)):
        cell = _pick(row, header, k)
        if cell is None or unit is None:
            continue
        number = re.sub(r"[\[\]［］≥≤><＞＜约\s]", "", cell)
        scale = find_quantities(number + unit)
        if not scale or not scale[0].unit or "/" in unit and "/" not in scale[0].unit:
            value, unit_out = float(number), unit  # 10（年）, 77（岁）, 60（吨/万元）: kept as written
        else:
            value, unit_out = scale[0].value, scale[0].unit
        comparator = (">=" if re.match(r"[\[［]?[≥>＞]", cell)
                      else "<=" if re.match(r"[\[［]?[≤<＜]", cell) else "=")
        years = [c for c in header.columns if c.isdigit()]
        year = int(max(years) if header.tense == "target" else years[-1])
        metric = re.sub(r"[（(][^（）()]*[）)]\s*$|%\s*$", "", name).strip()
        fields = {"metric": metric, "value": value, "unit": unit_out, "comparator": comparator,
                  "year": year, "region": part_region(doc, part), "raw": cell, "table": caption}
        if header.tense == "achievement":
            fields["target_ratio"] = None
        out.append(Fact(type=header.tense, source=doc.source, part=part.index, start=row.start, end=row.end,
                        evidence=doc.text[row.start:row.end], fields=fields))
    return out
