"""Extract achievements: reported outcome numbers (see ../shared/eval/GUIDELINES.md).

A quantity is an achievement when extractors/facts/quantities.py reads its clause as a report of
results (达, 完成, 累计, 同比增长, 截至, 以来, 去年, a year before the document's, a news or
report document). 完成目标任务的104% is not a record of its own: it is the `target_ratio` of the
result it follows.
"""
from __future__ import annotations

from extractors.facts import indicator_tables
from extractors.facts.quantities import find_mentions
from extractors.facts.targets import mention_fact
from schema.records import Document, Fact


def extract_achievements(doc: Document) -> list[Fact]:
    """Achievements from clauses that report results and from plans' 完成情况 indicator tables."""
    tables = indicator_tables.table_spans(doc)
    facts = [mention_fact("achievement", doc, m) for m in find_mentions(doc)
             if m.tense == "achievement" and not indicator_tables.inside(tables, m.evidence_start)]
    return facts + [f for f in indicator_tables.indicator_table_facts(doc) if f.type == "achievement"]
