"""Progress tracking: link reported achievements to the targets they answer, across documents.

A province's news report (全省脱贫人口务工规模达219.4万人，完成目标任务的104%) and a notice's quota
table (陕西 210.23 万人) are linked when they count the same thing (metric concepts agree, see
extractors/patterns/metric_concepts.tsv), for the same region and year, in the same unit, with
values of a comparable size. Each link reports the computed ratio and whether the document's own
stated ratio agrees with it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from schema.errors import PatternFileError
from schema.store import SQLiteStore
from service.feeds import targets_feed

CONCEPTS_FILE = "metric_concepts.tsv"
CONCEPT_NAME = re.compile(r"^[a-z_]+$")
# Qualifiers in brackets (含防止返贫监测对象) narrow a metric without changing what it counts.
BRACKETED = re.compile(r"[（(][^）)]*[）)]")
DOC_NUMBER_YEAR = re.compile(r"[〔\[［(（]((?:19|20)\d{2})[〕\]］)）]")


@dataclass(frozen=True)
class LinkSettings:
    """Thresholds for linking; one object so they are tuned in one place."""

    min_overlap: float = 0.5  # Jaccard overlap of metric concepts
    min_ratio: float = 1 / 3  # achievement / target outside this band is another measure
    max_ratio: float = 3.0
    ratio_tolerance: float = 1.0  # percentage points between computed and stated ratio
    missing_year_penalty: float = 0.1


DEFAULT_SETTINGS = LinkSettings()


@lru_cache(maxsize=1)
def load_concepts() -> tuple[tuple[str, str], ...]:
    """(term, concept) pairs, longest term first; checked on first use."""
    path = resources.files("extractors").joinpath("patterns", CONCEPTS_FILE)
    pairs = []
    for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not cells[0].strip() or not CONCEPT_NAME.match(cells[1].strip()):
            raise PatternFileError(f"extractors/patterns/{CONCEPTS_FILE}:{lineno}",
                                   "expected 'term<TAB>concept' with a lower_case concept name")
        pairs.append((cells[0].strip(), cells[1].strip()))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def metric_concepts(metric: str) -> frozenset[str]:
    """Concepts a metric names, longest term first: 脱贫劳动力实现转移就业 → {poor_population, employment}."""
    text = BRACKETED.sub("", re.sub(r"\s+", "", metric or ""))
    found, i = set(), 0
    concepts = load_concepts()
    while i < len(text):
        for term, concept in concepts:
            if text.startswith(term, i):
                found.add(concept)
                i += len(term)
                break
        else:
            i += 1
    return frozenset(found)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def link_score(achievement: dict[str, Any], target: dict[str, Any],
               settings: LinkSettings = DEFAULT_SETTINGS) -> float | None:
    """How well a target answers an achievement (higher is better), or None when they cannot link."""
    if achievement["unit"] != target["unit"] or achievement["region"] != target["region"]:
        return None
    if not achievement["region"] or not target["value"] or achievement["value"] is None:
        return None
    years = (achievement["year"], target["year"])
    if None not in years and years[0] != years[1]:
        return None
    overlap = _overlap(metric_concepts(achievement["metric"]), metric_concepts(target["metric"]))
    ratio = achievement["value"] / target["value"]
    if overlap < settings.min_overlap or not settings.min_ratio <= ratio <= settings.max_ratio:
        return None
    penalty = settings.missing_year_penalty if None in years else 0.0
    return overlap - penalty - 0.05 * abs(math.log(ratio))


def _row(achievement: dict[str, Any], target: dict[str, Any], score: float,
         settings: LinkSettings) -> dict[str, Any]:
    ratio = round(100 * achievement["value"] / target["value"], 2)
    stated = achievement.get("target_ratio")
    agrees = None if stated is None else abs(ratio - float(stated)) <= settings.ratio_tolerance
    keep = ("id", "source", "part", "doc_number", "title", "metric", "value", "evidence")
    return {"region": achievement["region"], "year": achievement["year"] or target["year"],
            "unit": achievement["unit"], "value": achievement["value"], "target": target["value"],
            "ratio": ratio, "stated_ratio": stated, "agrees": agrees, "score": round(score, 3),
            "achievement": {k: achievement.get(k) for k in keep},
            "target_record": {k: target.get(k) for k in keep}}


def _with_year(target: dict[str, Any]) -> dict[str, Any]:
    """A target without a stated year is for the year its notice was issued (年度目标任务).

    The year comes from the issue date, else from the 文号, whose 〔2023〕 is the year of issue.
    """
    if target["year"] is not None:
        return target
    issued = target.get("issued_date") or ""
    found = DOC_NUMBER_YEAR.search(target.get("doc_number") or "")
    year = int(issued[:4]) if issued[:4].isdigit() else int(found.group(1)) if found else None
    return {**target, "year": year}


def track_progress(store: SQLiteStore, region: str | None = None, year: int | None = None,
                   settings: LinkSettings = DEFAULT_SETTINGS) -> list[dict[str, Any]]:
    """One row per achievement linked to its best target.

    Row (JSON-able): region, year, unit, value, target, ratio (% of target, 2 decimals),
    stated_ratio (the document's own, or null), agrees (true/false, null without a stated ratio),
    score, and the two records' id/source/doc_number/title/metric/value/evidence for citation.
    Ordered by region, then year. Used by the CLI, /api/progress and the targets page.
    """
    achievements = targets_feed(store, region=region, year=year, fact_type="achievement")
    targets = [_with_year(t) for t in targets_feed(store, region=region, fact_type="target")]
    goal_clauses = {(t["source"], t["evidence"]) for t in targets}
    rows = []
    for achievement in achievements:
        if (achievement["source"], achievement["evidence"]) in goal_clauses:
            continue  # a clause that sets the goal does not report progress against it
        scored = [(s, t) for t in targets if (s := link_score(achievement, t, settings)) is not None]
        if scored:
            score, best = max(scored, key=lambda pair: pair[0])
            rows.append(_row(achievement, best, score, settings))
    return sorted(rows, key=lambda r: (r["region"] or "", r["year"] or 0, r["achievement"]["source"]))


PROGRESS_COLUMNS = ("region", "year", "achievement_metric", "value", "target_metric", "target", "unit",
                    "ratio", "stated_ratio", "agrees", "achievement_source", "target_source",
                    "target_doc_number")


def flatten_progress(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Progress rows as flat records with PROGRESS_COLUMNS, for CSV and printed tables."""
    return [{"region": r["region"], "year": r["year"], "achievement_metric": r["achievement"]["metric"],
             "value": r["value"], "target_metric": r["target_record"]["metric"], "target": r["target"],
             "unit": r["unit"], "ratio": r["ratio"], "stated_ratio": r["stated_ratio"],
             "agrees": r["agrees"], "achievement_source": r["achievement"]["source"],
             "target_source": r["target_record"]["source"],
             "target_doc_number": r["target_record"]["doc_number"]} for r in rows]
