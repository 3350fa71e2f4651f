"""The store writes each document atomically and replaces old versions."""
from __future__ import annotations

import pytest

from extractors.pipeline import process
from schema.errors import NotFound
from schema.records import Fact


def test_store_write_and_read_back(fresh_store, corpus_dir):
    doc, facts = process(corpus_dir / "001_35935e3a46465b39.txt")
    assert fresh_store.write(doc, facts) == "stored"
    stored = fresh_store.document(doc.source)
    assert stored["text"] == doc.text
    assert stored["sha256"] == doc.sha256
    assert len(list(fresh_store.sentences(doc.source))) == len(doc.sentences)


def test_store_rewrite_replaces_old_version(fresh_store, corpus_dir):
    doc, _ = process(corpus_dir / "002_6ceb1ec26c302d42.txt")
    fresh_store.write(doc, [])
    assert fresh_store.write(doc, []) == "replaced"
    assert len(fresh_store.documents()) == 1


def test_store_failed_write_leaves_database_unchanged(fresh_store, corpus_dir):
    doc, _ = process(corpus_dir / "002_6ceb1ec26c302d42.txt")
    fresh_store.write(doc, [])
    before = fresh_store.document(doc.source)
    bad = Fact("target", doc.source, 0, 0, 1, "x", {"value": object()}, id="x")  # not serialisable
    with pytest.raises(TypeError):
        fresh_store.write(doc, [bad])
    assert fresh_store.document(doc.source) == before


def test_store_missing_document_raises_not_found(fresh_store):
    with pytest.raises(NotFound):
        fresh_store.document("nothing.txt")
