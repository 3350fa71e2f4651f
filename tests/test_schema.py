"""Records, DDL and JSON Schema agree, and exported records validate against their schema."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import fields
from importlib import resources

import jsonschema
import pytest

from extractors.pipeline import process
from schema.records import Part
from schema.store import SQLiteStore, document_record


def _schema(name: str) -> dict:
    return json.loads(resources.files("schema").joinpath(f"{name}.schema.json").read_text("utf-8"))


def _columns(table: str) -> set[str]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(resources.files("schema").joinpath("ddl.sql").read_text("utf-8"))
    return {row[1] for row in conn.execute(f"pragma table_info({table})")}


def test_schema_part_fields_match_ddl_and_json_schema():
    names = {f.name for f in fields(Part)} - {"index"}
    assert names - {"start", "end"} <= set(_schema("document")["properties"])
    assert names <= _columns("parts")


def test_schema_store_columns_cover_fact_filters():
    assert {"department", "region", "year", "due_date", "fields", "evidence"} <= _columns("facts")


@pytest.mark.parametrize("name", ["001_35935e3a46465b39.txt", "004_7dc2baf39b3a8626.txt"])
def test_schema_document_records_validate(corpus_dir, name):
    store = SQLiteStore(":memory:")
    doc, facts = process(corpus_dir / name)
    store.write(doc, facts)
    validator = jsonschema.Draft202012Validator(_schema("document"))
    for part in store.parts(doc.source):
        errors = [e.message for e in validator.iter_errors(document_record(part))]
        assert not errors, errors
