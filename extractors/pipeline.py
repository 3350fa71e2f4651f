"""The extraction stages in order: load (sniff + loader) → parse_structure → extract_facts.

Pure: reads one file, touches no database.
"""
from __future__ import annotations

from pathlib import Path

from extractors.facts import extract_facts
from extractors.loaders import load
from extractors.structure import parse_structure
from schema.records import Document, Fact


def process(path: str | Path) -> tuple[Document, list[Fact]]:
    """Parse one file into a Document and its facts."""
    doc = parse_structure(load(path))
    return doc, extract_facts(doc)
