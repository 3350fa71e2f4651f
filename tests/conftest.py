"""Shared fixtures: the sample corpus, the real documents in ../shared, an in-memory store."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from schema.store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("POLICYDB_SHARED", ROOT.parent / "shared"))
REALDOCS = SHARED / "realdocs"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def realdocs_dir() -> Path:
    """The 35 real documents; tests that need them skip when ../shared is absent."""
    if not REALDOCS.is_dir():
        pytest.skip("../shared/realdocs is not available")
    return REALDOCS


@pytest.fixture()
def fresh_store() -> SQLiteStore:
    return SQLiteStore(":memory:")
