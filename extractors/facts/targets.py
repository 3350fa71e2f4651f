"""Extract targets (see ../shared/eval/GUIDELINES.md). Placeholder until the extractor is written."""
from __future__ import annotations

from schema.records import Document, Fact


def extract_targets(doc: Document) -> list[Fact]:
    """Not yet implemented: returns no facts."""
    return []
