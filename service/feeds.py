"""Target and subsidy feeds: fact records flattened for other systems (CSV, JSON, JSON Lines).

Each feed record carries a stable id (same document, same fact → same id, even when an
extractor reorders its fields), values in base units (万人 → 人, 亿元 → 元) and the original
wording: `evidence` (the clause or table row) and `original` (the quantity as written, 387.6 万).
Records validate against schema/target.schema.json and schema/subsidy.schema.json.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

from schema.errors import PolicyError
from schema.store import SQLiteStore

FORMATS = ("csv", "json", "jsonl")
# Chinese magnitude prefixes a unit may still carry; the contract wants base units.
UNIT_SCALE = {"亿": 100_000_000, "千万": 10_000_000, "百万": 1_000_000, "万": 10_000, "千": 1_000}
# A quota table's total row (合计 387.56) starts with one of these words.
TOTAL_ROW = re.compile(r"^\s*(?:合\s*计|总\s*计|小\s*计|总\s*数)")
# Region names as written (陕西省, 广西壮族自治区, 广州市) → the short form used in quota tables.
REGION_SUFFIX = re.compile(r"(?:(?:壮族|回族|维吾尔)?自治区|特别行政区|省|市)$")

TARGET_FIELDS = ("id", "type", "source", "part", "doc_number", "title", "issued_date", "section",
                 "page", "metric", "value", "unit", "comparator", "year", "region", "is_total",
                 "target_ratio", "original", "evidence", "fact_id")
SUBSIDY_FIELDS = ("id", "type", "source", "part", "doc_number", "title", "issued_date", "section",
                  "page", "item", "beneficiary", "amount", "unit", "previous_amount", "condition",
                  "region", "original", "evidence", "fact_id")


class BadFeedRequest(PolicyError):
    """A feed was asked for in an unknown format or with an invalid filter."""

    status = 400


def canonical_region(region: str | None) -> str | None:
    """陕西省 / 陕 西 / 广西壮族自治区 → 陕西 / 陕西 / 广西: the form quota tables use."""
    if not region:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", region))
    short = REGION_SUFFIX.sub("", text)
    return short if len(short) >= 2 else text


def to_base_unit(value: float | int | None, unit: str | None) -> tuple[float | int | None, str | None]:
    """(387.6, 万人) → (3876000, 人); values already in base units pass through."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return value, unit
    for prefix, scale in UNIT_SCALE.items():
        if unit and unit.startswith(prefix) and len(unit) > len(prefix):
            return _tidy(value * scale), unit[len(prefix):]
    return _tidy(value), unit


def _tidy(value: float | int) -> float | int:
    """798000.0000001 → 798000: whole numbers as ints, others rounded off float noise."""
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
TABLE_SCALES = (1, 10_000, 100_000_000, 1_000)  # a table's 单位：万人 leaves bare numerals in rows


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def original_quantity(evidence: str, value: float | int | None) -> str | None:
    """The quantity as the document wrote it (387.6 万, 4000元/人, or a table cell's 79.80)."""
    if not isinstance(value, (int, float)) or not evidence:
        return None
    from extractors.normalize.numbers import find_quantities

    for quantity in find_quantities(evidence):
        if _close(quantity.value, value):
            return quantity.raw.strip()
    for token in PLAIN_NUMBER.findall(evidence):
        if any(_close(float(token) * scale, value) for scale in TABLE_SCALES):
            return token
    return None


def normalise_text(text: str) -> str:
    """NFKC, no whitespace: the form used for ids and comparisons."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def feed_id(record: dict[str, Any], key_fields: tuple[str, ...]) -> str:
    """Stable id from what the record says (base units, short region), not from offsets or field order."""
    parts = [record["source"], record["type"], normalise_text(record.get("evidence", ""))]
    parts += [str(record.get(k)) for k in key_fields]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def _citation(store: SQLiteStore) -> dict[tuple[str, int], dict[str, Any]]:
    return {(p["source"], p["part"]): p for p in store.parts()}


def _base(fact: dict[str, Any], parts: dict[tuple[str, int], dict[str, Any]]) -> dict[str, Any]:
    part = parts.get((fact["source"], fact.get("part") or 0), {})
    return {"type": fact["type"], "source": fact["source"], "part": fact.get("part") or 0,
            "doc_number": part.get("doc_number"), "title": part.get("title"),
            "issued_date": part.get("issued_date"), "section": fact.get("section") or "",
            "page": fact.get("page"), "evidence": fact.get("evidence") or "", "fact_id": fact.get("id")}


def target_record(fact: dict[str, Any], parts: dict[tuple[str, int], dict[str, Any]]) -> dict[str, Any]:
    """One target (or achievement) fact → a feed record in target.schema.json's shape."""
    value, unit = to_base_unit(fact.get("value"), fact.get("unit"))
    year = fact.get("year")
    record = {**_base(fact, parts), "metric": fact.get("metric") or "", "value": value, "unit": unit,
              "comparator": fact.get("comparator") or "=",
              "year": int(year) if isinstance(year, (int, str)) and str(year).isdigit() else None,
              "region": canonical_region(fact.get("region")),
              "is_total": bool(fact.get("is_total")) or bool(TOTAL_ROW.match(fact.get("evidence") or "")),
              "target_ratio": fact.get("target_ratio"),
              "original": original_quantity(fact.get("evidence") or "", fact.get("value"))}
    record["id"] = feed_id(record, ("region", "year", "value", "unit"))
    return {k: record.get(k) for k in TARGET_FIELDS}


def subsidy_record(fact: dict[str, Any], parts: dict[tuple[str, int], dict[str, Any]]) -> dict[str, Any]:
    """One subsidy fact → a feed record in subsidy.schema.json's shape."""
    amount, unit = to_base_unit(fact.get("amount"), fact.get("unit"))
    previous, _ = to_base_unit(fact.get("previous_amount"), fact.get("unit"))
    record = {**_base(fact, parts), "item": fact.get("item") or "", "beneficiary": fact.get("beneficiary"),
              "amount": amount, "unit": unit, "previous_amount": previous,
              "condition": fact.get("condition"), "region": canonical_region(fact.get("region")),
              "original": original_quantity(fact.get("evidence") or "", fact.get("amount"))}
    record["id"] = feed_id(record, ("item", "beneficiary", "amount", "unit", "region"))
    return {k: record.get(k) for k in SUBSIDY_FIELDS}


def _keep(record: dict[str, Any], region: str | None, year: int | None, text_filters: dict[str, str]) -> bool:
    if region and record.get("region") != canonical_region(region):
        return False
    if year is not None and record.get("year") != year:
        return False
    return all(needle in (record.get(field) or "") for field, needle in text_filters.items() if needle)


def targets_feed(store: SQLiteStore, region: str | None = None, year: int | None = None,
                 metric: str | None = None, source: str | None = None,
                 fact_type: str = "target") -> list[dict[str, Any]]:
    """Target records (or `fact_type="achievement"`), filtered; `metric` matches a substring.

    JSON-able: a list of dicts with TARGET_FIELDS, in document order. Used by the CLI, the API
    (/api/targets) and the targets page.
    """
    if fact_type not in ("target", "achievement"):
        raise BadFeedRequest(None, f"unknown target feed type: {fact_type}")
    parts = _citation(store)
    records = (target_record(f, parts) for f in store.facts(fact_type, source=source))
    return [r for r in records if _keep(r, region, year, {"metric": metric or ""})]


def subsidies_feed(store: SQLiteStore, region: str | None = None, item: str | None = None,
                   beneficiary: str | None = None, source: str | None = None,
                   applies_to: str | None = None) -> list[dict[str, Any]]:
    """Subsidy records filtered by region and by substrings of item / beneficiary.

    Answers "which subsidies apply to X" as a table: `applies_to=X` keeps records naming X in
    their item, beneficiary or condition (车间 finds 就业帮扶车间吸纳脱贫人口奖补).
    """
    parts = _citation(store)
    records = (subsidy_record(f, parts) for f in store.facts("subsidy", source=source))
    return [r for r in records
            if _keep(r, region, None, {"item": item or "", "beneficiary": beneficiary or ""})
            and (not applies_to or any(applies_to in (r.get(k) or "") for k in ("item", "beneficiary",
                                                                                 "condition")))]


def dump_records(records: list[dict[str, Any]], fmt: str, fields: tuple[str, ...] | None = None) -> str:
    """Serialise feed records as csv (header row, UTF-8 text), json (one array) or jsonl."""
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "csv":
        columns = list(fields or (records[0].keys() if records else ()))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _csv_cell(record.get(k)) for k in columns})
        return out.getvalue()
    raise BadFeedRequest(None, f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in schema/ (target, subsidy, checklist), read on first use."""
    return json.loads(resources.files("schema").joinpath(f"{name}.schema.json").read_text("utf-8"))
