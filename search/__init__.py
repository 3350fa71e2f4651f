"""Hybrid lexical + dense search over sentences and facts: one entry point, `search()`.

Stages: read the query (glossary bridge, stop words, intent) → BM25 over FTS5 and cosine over e5
vectors, each under the same filters → reciprocal rank fusion with fact-type intent → de-duplicated
hits with their citation (document title, 文号, section, page).
"""
from __future__ import annotations

from typing import Any

from search.settings import DEFAULT_SETTINGS, SearchSettings

__all__ = ["search", "search_many", "index_pending", "SearchSettings"]


def search(store, query: str, limit: int = 10, filters: dict[str, Any] | None = None,
           settings: SearchSettings = DEFAULT_SETTINGS) -> list[dict[str, Any]]:
    """Ranked hits for one query (see search.engine.run_query)."""
    from search.engine import prepare, run_query

    prepare(store, settings)
    return run_query(store, query, limit, filters or {}, settings)


def search_many(store, queries: list[str], limit: int = 10, filters: dict[str, Any] | None = None,
                settings: SearchSettings = DEFAULT_SETTINGS) -> list[list[dict[str, Any]]]:
    """Ranked hits for each query, in one process and with one model load."""
    from search.engine import prepare, run_query

    prepare(store, settings)
    return [run_query(store, q, limit, filters or {}, settings) for q in queries]


def index_pending(store, settings: SearchSettings = DEFAULT_SETTINGS, progress=None) -> int:
    """Index documents missing from the search tables and embed every pending item."""
    from search.dense import embed_pending
    from search.index import reindex

    reindex(store)
    return embed_pending(store, settings, progress)
