"""Extract targets: quantitative goals someone must reach (see ../shared/eval/GUIDELINES.md).

Two sources. Clauses: every quantity that extractors/facts/quantities.py reads as forward-looking
(力争, 确保, 不低于, 以上, 预期目标, 预算安排…). Quota tables: one target per row, the region from
the row, the unit from the table's unit line or header (单位：万人, 目标任务（万人）), the year from
the caption or title, comparator >=; the total row (合计/总计) is a target for the table's region.
When the structure stage found no Table records, rows are read from the text lines themselves.

A norm a plan sets for what is to be built or staffed (每个社区至少设置1个服务站, 新建居住社区至少配建
1片场地, 特色学校至少配置1名教练员) is a goal a dashboard tracks; a rule on how one case is handled
(入户调查人员应当不少于2人), a count of a catalogue's classes (21大类…品目) or a cap on a benefit's
takers (最多申报5人) is not (quantity_filters.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.facts import indicator_tables
from extractors.facts.quantities import (
    Mention,
    document_year,
    find_mentions,
    gazetteer,
    part_region,
    title_year,
)
from extractors.normalize.numbers import find_quantities, parse_number
from schema.records import Document, Fact, Part

_TOTAL = re.compile(r"^(合计|总计|全省合计|全国合计|合\s*计|总\s*计)$")
_UNIT_LINE = re.compile(r"单位[：:]\s*([^\s，。；)）]+)")
_HEADER_UNIT = re.compile(r"[（(]\s*([万亿千百]?[^\s（()）]{1,4})\s*[)）]")
_BROAD_REGION = re.compile(r"(东部|西部|中部|东北|西北|西南|华东|华南|华北|华中)地区")
_ROW_LINE = re.compile(r"^[ \t]*(?:\d{1,3}[ \t]+)?([^\t\d]{1,12}?)[ \t]+(\d+(?:\.\d+)?)[ \t]*$", re.M)
_CAPTION_LINE = re.compile(r"^[#\s]*(.{4,60}(?:表|任务|指标|分配|分解)[^\n]{0,10})\s*$", re.M)


@dataclass
class _Row:
    """One quota-table row: the label (region or 合计), the value cell and the row's text span."""

    label: str
    value: str
    start: int
    end: int
    caption: str
    unit: str | None


def extract_targets(doc: Document) -> list[Fact]:
    """Targets from forward-looking clauses, quota-table rows and plans' indicator tables."""
    tables = indicator_tables.table_spans(doc)
    facts = [mention_fact("target", doc, m) for m in find_mentions(doc)
             if m.tense == "target" and not indicator_tables.inside(tables, m.evidence_start)]
    taken = {(f.start, f.end) for f in facts}
    facts.extend(f for f in table_targets(doc) if (f.start, f.end) not in taken)
    facts.extend(f for f in indicator_tables.indicator_table_facts(doc) if f.type == "target")
    return facts


def mention_fact(kind: str, doc: Document, m: Mention) -> Fact:
    """A Fact from a mention; achievements also carry target_ratio."""
    fields = {"metric": m.metric, "value": m.quantity.value, "unit": m.quantity.unit,
              "comparator": m.quantity.comparator, "year": m.year, "region": m.region,
              "raw": m.quantity.raw, "value_start": m.quantity.start}  # where the number is written
    if kind == "achievement":
        fields["target_ratio"] = m.target_ratio
    return Fact(type=kind, source=doc.source, part=m.sentence.part, start=m.evidence_start,
                end=m.evidence_end, evidence=doc.text[m.evidence_start:m.evidence_end], fields=fields,
                section=m.sentence.section, page=m.sentence.page)


def table_targets(doc: Document) -> list[Fact]:
    """One target per quota-table row, the total row included."""
    facts = []
    for part in doc.parts:
        rows = _rows_from_tables(doc, part) or _rows_from_text(doc, part)
        region, year = part_region(doc, part), title_year(part) or document_year(doc, part)
        for row in rows:
            fact = _row_fact(doc, part, row, region, year)
            if fact:
                facts.append(fact)
    return facts


def _rows_from_tables(doc: Document, part: Part) -> list[_Row]:
    rows = []
    for table in doc.tables:
        if table.part != part.index:
            continue
        unit = table.unit or _header_unit(" ".join(table.header))
        for cells, (start, end) in zip(table.rows, table.row_spans, strict=False):
            cells = [c.strip() for c in cells if c and c.strip()]
            numeric = [c for c in cells if re.fullmatch(r"\d+(?:\.\d+)?", c)]
            labels = [c for c in cells if not re.fullmatch(r"\d+(?:\.\d+)?", c)]
            label = re.sub(r"\s+", "", labels[0]) if labels else ""
            if not (_TOTAL.match(label) or _is_place(label)):
                continue  # a quota table lists places (and a total); indicator tables are not read
            if numeric and (len(numeric) == 1 or re.fullmatch(r"\d{1,3}", cells[0])):
                rows.append(_Row(labels[0], numeric[-1], start, end, table.caption, unit))
    return rows


def _rows_from_text(doc: Document, part: Part) -> list[_Row]:
    """Rows such as `1	广州	79.80` and `合计	387.56` under a caption and a 单位 line."""
    text = doc.text[part.start:part.end]
    rows = []
    for m in _ROW_LINE.finditer(text):
        label = re.sub(r"\s+", "", m.group(1))
        if not (_TOTAL.match(label) or _is_place(label)):
            continue
        head = text[max(0, m.start() - 3000):m.start()]
        captions = _CAPTION_LINE.findall(head)
        units = _UNIT_LINE.findall(head[-600:]) or _HEADER_UNIT.findall(head[-300:])
        start = part.start + m.start() + (len(m.group()) - len(m.group().lstrip()))
        rows.append(_Row(label, m.group(2), start, part.start + m.end(),
                         captions[-1].strip() if captions else "", units[-1] if units else None))
    return rows


def _is_place(label: str) -> bool:
    """A row label that names a province, city or broad region (spaces already removed)."""
    return bool(gazetteer().pattern.fullmatch(label) or _BROAD_REGION.fullmatch(label))


def _header_unit(header: str) -> str | None:
    m = _HEADER_UNIT.search(header)
    return m.group(1) if m else None


def _row_fact(doc: Document, part: Part, row: _Row, region: str | None, year: int | None) -> Fact | None:
    """Value × the table's unit (万人 → ×10000 人); region from the row or, for 合计, the caption."""
    try:
        number = parse_number(row.value)
    except ValueError:
        return None
    scale = find_quantities("1" + row.unit) if row.unit else []
    value, unit = (number * scale[0].value, scale[0].unit) if scale and scale[0].unit else (number, None)
    if unit is None:
        return None
    label = re.sub(r"\s+", "", row.label)
    if _TOTAL.match(label):
        broad = _BROAD_REGION.search(row.caption)
        place = gazetteer().pattern.search(row.caption)
        row_region = broad.group() if broad else gazetteer().canonical(place.group()) if place else region
    else:
        row_region = gazetteer().canonical(label)
    cap_year = re.search(r"((?:19|20)\d\d)\s*年", row.caption)
    metric = re.sub(r"^[#\s\d]*((?:19|20)\d\d\s*年度?)?", "", row.caption).strip() or "目标任务"
    fields = {"metric": metric, "value": round(value, 6), "unit": unit, "comparator": ">=",
              "year": int(cap_year.group(1)) if cap_year else year, "region": row_region,
              "is_total": bool(_TOTAL.match(label)), "raw": row.value}
    return Fact(type="target", source=doc.source, part=part.index, start=row.start, end=row.end,
                evidence=doc.text[row.start:row.end], fields=fields)
