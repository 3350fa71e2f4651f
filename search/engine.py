"""The query path behind `search()`: read the query, rank both sides under filters, fuse, cite."""
from __future__ import annotations

import json
from typing import Any

import numpy as np

from schema.errors import EmptyDatabase, PolicyError
from schema.store import SQLiteStore
from search import cedict, dense, fusion, glossary, lexical
from search.index import ensure_tables, reindex
from search.settings import DEFAULT_SETTINGS, SearchSettings

FILTERS = ("type", "region", "department", "year", "source")
_ITEM_COLUMNS = ("id", "source", "part", "kind", "type", "section", "page", "start", "end", "evidence",
                 "fields", "region", "department", "year")


_PREPARED: set[tuple] = set()
_SELECT = ", ".join(f'i."{c}"' for c in _ITEM_COLUMNS)


class BadFilter(PolicyError):
    """A search filter with an unknown name or an unusable value."""

    status = 400


def prepare(store: SQLiteStore, settings: SearchSettings = DEFAULT_SETTINGS) -> None:
    """Make the index complete: items for every document, vectors for every item.

    Skipped when this process already prepared the same database state (a web search per request).
    """
    ensure_tables(store.db)
    docs = store.db.execute("SELECT count(*), max(ingested_at) FROM documents").fetchone()
    model = dense.model_name(settings.model)
    state = (store.path, model, tuple(docs), dense.signature(store, model))
    if store.path != ":memory:" and state in _PREPARED:
        return
    reindex(store)
    if not store.db.execute("SELECT 1 FROM search_items LIMIT 1").fetchone():
        raise EmptyDatabase(store.path, "the database holds no documents yet: run "
                                        "`python cli.py ingest FILES` first")
    dense.embed_pending(store, settings)
    _PREPARED.add((*state[:3], dense.signature(store, model)))


def filter_sql(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """SQL over search_items (alias i) for the filters; region/department also match sentence text."""
    where, params = [], []
    for key, value in filters.items():
        if value in (None, ""):
            continue
        if key not in FILTERS:
            raise BadFilter(None, f"unknown filter {key!r} (use one of {', '.join(FILTERS)})")
        if key == "type":
            where.append("i.kind = 'fact'" if value == "fact" else "i.type = ?")
            params += [] if value == "fact" else [value]
        elif key in ("region", "department"):
            where.append(f"(i.{key} LIKE ? OR i.evidence LIKE ?)")
            params += [f"%{value}%", f"%{value}%"]
        elif key == "year":
            try:
                params.append(int(value))
            except ValueError as err:
                raise BadFilter(None, f"year must be a number, not {value!r}") from err
            where.append("i.year = ?")
        else:
            where.append("i.source = ?")
            params.append(value)
    return " AND ".join(where), params


# dense_text and read_query both bridge the same query within one search: a one-slot memo does it once.
_BRIDGED: dict[str, tuple] = {}


def _bridges(query: str, db, settings: SearchSettings) -> tuple[list[str], list[str], list[str]]:
    """Glossary terms, English words left over, and CC-CEDICT terms for those (given the index db)."""
    key = (query, id(db), settings.cedict_bridge)
    last = _BRIDGED.get("last")
    if last and last[0] == key:
        return last[1]
    glossed, leftover = glossary.bridge_english(query, cedict.pair_lookup(db, settings.cedict_bridge))
    extra = cedict.fallback(db, query, glossed, leftover, settings.cedict_bridge)
    _BRIDGED["last"] = (key, (glossed, leftover, extra))
    return glossed, leftover, extra


def read_query(query: str, db=None, settings: SearchSettings = DEFAULT_SETTINGS) -> glossary.QueryReading:
    """Lexical terms (the query's own words minus stop words, plus glossary bridges) and intents.

    Given the index database, English words the glossary left over also get CC-CEDICT terms the
    corpus uses (search.cedict), after the glossary's.
    """
    stop = glossary.cues()["stop"]
    reading = glossary.QueryReading(text=query, english=glossary.is_english(query))
    own = [t for t in lexical.tokens(query) if t not in stop and not glossary.ENGLISH_WORD.fullmatch(t)]
    glossed, leftover, extra = _bridges(query, db, settings)
    bridged = glossed + extra
    reading.terms = own + leftover + bridged
    reading.bridged = bridged
    reading.intents = glossary.intents(query)
    return reading


def _items(store: SQLiteStore, ids: list[int]) -> dict[int, dict[str, Any]]:
    out = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        sql = f"SELECT {_SELECT} FROM search_items i WHERE i.id IN ({','.join('?' * len(chunk))})"
        for row in store.db.execute(sql, chunk):
            out[row[0]] = dict(zip(_ITEM_COLUMNS, row, strict=True))
    return out


def _allowed(store: SQLiteStore, where: str, params: list[Any]) -> np.ndarray | None:
    if not where:
        return None
    rows = store.db.execute(f"SELECT i.id FROM search_items i WHERE {where}", params).fetchall()
    return np.fromiter((r[0] for r in rows), np.int64, len(rows))


def run_query(store: SQLiteStore, query: str, limit: int = 10, filters: dict[str, Any] | None = None,
              settings: SearchSettings = DEFAULT_SETTINGS) -> list[dict[str, Any]]:
    """Fused, de-duplicated hits with citations; `prepare` must have run on this store."""
    if not query.strip():
        return []
    qvec = dense.encode_query(dense_text(query, settings, store.db), settings)
    return rank_query(store, query, qvec, limit, filters, settings)


def dense_text(query: str, settings: SearchSettings = DEFAULT_SETTINGS, db=None) -> str:
    """What is embedded for a query: an English query also carries its first Chinese bridges.

    Given the index database, CC-CEDICT terms for the words the glossary left over follow them.
    """
    if not settings.dense_bridge or not glossary.is_english(query):
        return query
    glossed, _left, extra = _bridges(query, db, settings)
    bridged = glossed[:settings.dense_bridge] + extra
    return f"{query} ({' '.join(bridged)})" if bridged else query


def rank_query(store: SQLiteStore, query: str, qvec: np.ndarray, limit: int = 10,
               filters: dict[str, Any] | None = None,
               settings: SearchSettings = DEFAULT_SETTINGS) -> list[dict[str, Any]]:
    """The ranking step, everything after the query vector exists (what the benchmark times)."""
    where, params = filter_sql(filters or {})
    reading = read_query(query, store.db, settings)
    # SQLite's default 2 MB page cache re-reads FTS pages on every query (≈ 11 → 8 ms p50 at 1M items);
    # setting the same size again keeps the cache, so this costs microseconds per query.
    store.db.execute(f"PRAGMA cache_size = -{int(settings.page_cache_mb) * 1024}")
    lex = lexical.rank(store.db, reading.terms, settings.candidates, where, params, settings.section_weight,
                       settings.lexical_budget)
    index = dense.load_index(store, settings)
    den = index.rank(qvec, settings.candidates, settings.ivf_probe, _allowed(store, where, params))
    hits, items = fuse_hydrating(store, [i for i, _ in lex], [i for i, _ in den], reading.intents, limit,
                                 settings)
    return cite(store, [(items[i], score) for i, score in hits])


def fuse_hydrating(store: SQLiteStore, lex: list[int], den: list[int], intents: list[str], limit: int,
                   settings: SearchSettings = DEFAULT_SETTINGS) -> tuple[list[tuple[int, float]], dict]:
    """Fused, de-duplicated hits and the items read for them.

    Items are read best-first (by fused rank before intent factors) in small batches, until no unread
    candidate could still enter the top `limit` even with the largest intent factor: the same hits as
    fusing all candidates, from a few dozen rows instead of a few hundred.
    """
    order = fusion.ranked_base(lex, den, settings)
    bound = fusion.max_factor(intents, settings) * (1 + 1e-9)  # margin for float rounding
    cues = glossary.cues()["cue"]
    items: dict[int, dict[str, Any]] = {}
    hits: list[tuple[int, float]] = []
    step = max(4 * limit, 40)
    for start in range(0, len(order), step):
        items.update(_items(store, [i for i, _ in order[start:start + step]]))
        hits = fusion.dedupe(fusion.fuse(lex, den, items, intents, cues, settings), items, limit)
        unread = order[start + step][1] * bound if start + step < len(order) else 0.0
        if fusion.settled(hits, limit, unread):
            break
    return hits, items


def cite(store: SQLiteStore, hits: list[tuple[dict[str, Any], float]]) -> list[dict[str, Any]]:
    """Hit records: the item, its fields flattened, and its document's title and 文号."""
    parts = _parts(store, {item["source"] for item, _ in hits})
    out = []
    for item, score in hits:
        part = parts.get((item["source"], item["part"]), {})
        hit = {"source": item["source"], "part": item["part"], "page": item["page"], "type": item["type"],
               "kind": item["kind"], "evidence": item["evidence"], "score": round(score, 6),
               "section": item["section"], "title": part.get("title"), "doc_number": part.get("doc_number"),
               "issued_date": part.get("issued_date"), "start": item["start"], "end": item["end"]}
        for field, value in json.loads(item["fields"]).items():
            hit.setdefault(field, value)
        out.append(hit)
    return out


def _parts(store: SQLiteStore, sources: set[str]) -> dict[tuple[str, int], dict[str, Any]]:
    """Title, 文号 and date of every part of these documents, in one query."""
    if not sources:
        return {}
    rows = store.db.execute("SELECT source, part, title, doc_number, issued_date FROM parts WHERE source IN "
                            f"({','.join('?' * len(sources))})", sorted(sources)).fetchall()
    return {(r[0], r[1]): {"title": r[2], "doc_number": r[3], "issued_date": r[4]} for r in rows}
