"""Fusion of the lexical and dense rankings, fact-type intent and de-duplication. Pure: no I/O."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from search.settings import DEFAULT_SETTINGS, SearchSettings


def reciprocal_rank_fusion(rankings: Iterable[tuple[Sequence[int], float]], k: int = 60) -> dict[int, float]:
    """Σ weight / (k + rank) over the rankings (each a list of ids, best first, with its weight)."""
    scores: dict[int, float] = {}
    for ids, weight in rankings:
        for rank, item in enumerate(ids, 1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


def intent_factor(item: Mapping[str, Any], intents: Sequence[str], cue_words: Mapping[str, str],
                  settings: SearchSettings = DEFAULT_SETTINGS) -> float:
    """How much an item's fused score is raised: facts of an asked type most, sentences with its cues less.

    The first intent counts fully and later ones half, so "how many days … must" favours deadlines.
    """
    return _factor(item, intents, _cues_by_type(cue_words, intents), settings)


def _factor(item: Mapping[str, Any], intents: Sequence[str], cues: Mapping[str, list[str]],
            settings: SearchSettings) -> float:
    factor = 1.0 + (settings.fact_bonus if item["kind"] == "fact" else 0.0)
    for rank, intent in enumerate(intents):
        share = 1.0 if rank == 0 else 0.5
        if item["type"] == intent:
            factor += settings.intent_boost * share
        elif item["kind"] == "sentence" and any(w in item["evidence"] for w in cues.get(intent, ())):
            factor += settings.cue_boost * share
    return factor


def _cues_by_type(cue_words: Mapping[str, str], intents: Sequence[str]) -> dict[str, list[str]]:
    """Cue words grouped by the asked types (only those: the rest cannot raise a score)."""
    out: dict[str, list[str]] = {}
    for word, kind in cue_words.items():
        if kind in intents:
            out.setdefault(kind, []).append(word)
    return out


def fuse(lexical: Sequence[int], dense: Sequence[int], items: Mapping[int, Mapping[str, Any]],
         intents: Sequence[str], cue_words: Mapping[str, str],
         settings: SearchSettings = DEFAULT_SETTINGS) -> list[tuple[int, float]]:
    """Item ids with fused scores, best first."""
    base = reciprocal_rank_fusion([(lexical, settings.lexical_weight), (dense, settings.dense_weight)],
                                  settings.rrf_k)
    cues = _cues_by_type(cue_words, intents)  # grouped once per query, not once per item
    scored = [(i, s * _factor(items[i], intents, cues, settings))
              for i, s in base.items() if i in items]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0]))


def max_factor(intents: Sequence[str], settings: SearchSettings = DEFAULT_SETTINGS) -> float:
    """The largest factor `intent_factor` can give under these intents: an upper bound for pruning."""
    top = max(settings.intent_boost, settings.cue_boost)
    return 1.0 + settings.fact_bonus + sum(top * (1.0 if rank == 0 else 0.5) for rank in range(len(intents)))


def ranked_base(lexical: Sequence[int], dense: Sequence[int],
                settings: SearchSettings = DEFAULT_SETTINGS) -> list[tuple[int, float]]:
    """Candidates by their fused rank score before intent factors, best first (the hydration order)."""
    base = reciprocal_rank_fusion([(lexical, settings.lexical_weight), (dense, settings.dense_weight)],
                                  settings.rrf_k)
    return sorted(base.items(), key=lambda pair: (-pair[1], pair[0]))


def settled(kept: Sequence[tuple[int, float]], limit: int, bound: float) -> bool:
    """True when `limit` kept hits all score above `bound`, the best any unseen candidate can reach."""
    return len(kept) >= limit and kept[limit - 1][1] > bound


def _squeeze(text: str) -> str:
    return "".join(text.split())


def dedupe(ranked: Sequence[tuple[int, float]], items: Mapping[int, Mapping[str, Any]],
           limit: int) -> list[tuple[int, float]]:
    """Drop a hit whose evidence lies inside a better hit's evidence from the same document."""
    kept: list[tuple[int, float]] = []
    seen: list[tuple[str, str]] = []
    for item_id, score in ranked:
        item = items[item_id]
        text = _squeeze(item["evidence"])
        if not text or any(src == item["source"] and text in other for src, other in seen):
            continue
        kept.append((item_id, score))
        seen.append((item["source"], text))
        if len(kept) == limit:
            break
    return kept
