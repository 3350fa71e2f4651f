"""Fact extraction: one module per fact type, each `extract_<type>s(doc) -> list[Fact]`."""
from __future__ import annotations

import hashlib

from schema.records import Document, Fact

from . import achievements, deadlines, responsibilities, subsidies, targets

EXTRACTORS = (
    targets.extract_targets,
    achievements.extract_achievements,
    subsidies.extract_subsidies,
    deadlines.extract_deadlines,
    responsibilities.extract_responsibilities,
)


def fact_id(fact: Fact) -> str:
    """Stable id: same document, same fact → same id across re-ingests."""
    key = "|".join([fact.source, fact.type, str(fact.start), str(fact.end),
                    repr(sorted((k, str(v)) for k, v in fact.fields.items()))])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def extract_facts(doc: Document) -> list[Fact]:
    """Run every extractor over a parsed document and give each fact its provenance and id."""
    facts: list[Fact] = []
    for extract in EXTRACTORS:
        facts.extend(extract(doc))
    for fact in facts:
        if fact.page is None and doc.page_starts:
            fact.page = doc.page_at(fact.start)
        fact.id = fact.id or fact_id(fact)
    return facts
