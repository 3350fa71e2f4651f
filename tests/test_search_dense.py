"""Dense side speed paths: the inverted file stored by cluster, float16 widening, the query cache,
torch thread settings, and best-first hydration giving the same hits as fusing every candidate."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

from schema.store import SQLiteStore
from search import dense, engine, fusion, glossary
from search.index import ensure_tables
from search.settings import SearchSettings

SMALL_IVF = SearchSettings(ivf_threshold=100)


def _unit_rows(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_build_index_groups_rows_by_nearest_centroid():
    vecs = _unit_rows(3000)
    index = dense.build_index(np.arange(3000, dtype=np.int64) + 1, vecs.astype(np.float16), SMALL_IVF)
    assert index.centroids is not None and index.offsets[-1] == 3000
    assert sorted(index.ids.tolist()) == list(range(1, 3001))  # a permutation: no row lost
    for c in range(len(index.centroids)):
        block = index.vectors[index.offsets[c]:index.offsets[c + 1]].astype(np.float32)
        if len(block):
            assert (np.argmax(block @ index.centroids.T, axis=1) == c).all()


def test_dense_index_probing_every_cluster_equals_exact_search():
    vecs = _unit_rows(3000, seed=1)
    ids = np.arange(3000, dtype=np.int64) * 7
    ivf = dense.build_index(ids, vecs.astype(np.float16), SMALL_IVF)
    exact = dense.build_index(ids, vecs.astype(np.float16).astype(np.float32), SearchSettings())
    query = _unit_rows(1, seed=2)[0]
    got = ivf.rank(query, 20, probe=len(ivf.centroids))
    want = exact.rank(query, 20)
    assert [i for i, _ in got] == [i for i, _ in want]
    assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-5)


def test_dense_index_rank_keeps_to_allowed_ids():
    vecs = _unit_rows(3000, seed=3)
    ivf = dense.build_index(np.arange(3000, dtype=np.int64), vecs.astype(np.float16), SMALL_IVF)
    allowed = np.array([5, 17, 2999])
    got = ivf.rank(vecs[17], 10, allowed=allowed)
    assert got[0][0] == 17 and {i for i, _ in got} == {5, 17, 2999}
    assert ivf.rank(vecs[17], 10, allowed=np.array([], np.int64)) == []


def test_matvec_widens_float16_like_numpy():
    vecs = _unit_rows(5000, dim=384, seed=4).astype(np.float16)
    query = _unit_rows(1, dim=384, seed=5)[0]
    got = dense._matvec(vecs, query, block=1024)  # several blocks
    assert got == pytest.approx(vecs.astype(np.float32) @ query, abs=1e-5)


class _CountingModel:
    """Stands in for a SentenceTransformer: counts encode calls, returns a vector per text."""

    def __init__(self):
        self.calls = 0

    def encode(self, texts, **kwargs):
        self.calls += 1
        return np.array([[float(len(t)), 1.0] for t in texts], np.float32)


def test_encode_query_reuses_vectors_and_bounds_the_cache(monkeypatch):
    model = _CountingModel()
    monkeypatch.setattr(dense, "get_model", lambda setting=None: model)
    monkeypatch.setattr(dense, "_QUERIES", type(dense._QUERIES)())
    settings = SearchSettings(model="fake", query_cache=2)
    first = dense.encode_query("哪些补贴适用于帮扶车间", settings)
    first[0] = -1.0  # a caller's change must not reach the cache
    again = dense.encode_query("哪些补贴适用于帮扶车间", settings)
    assert model.calls == 1 and again[0] == len("哪些补贴适用于帮扶车间")
    dense.encode_query("年底前完成", settings)
    dense.encode_query("subsidies for workshops", settings)  # evicts the oldest
    assert len(dense._QUERIES) == 2
    dense.encode_query("哪些补贴适用于帮扶车间", settings)
    assert model.calls == 4


def test_torch_threads_sets_and_restores():
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    with dense.torch_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


# -- best-first hydration ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def item_store(corpus_dir):
    """search_items of real sample sentences (kinds and types varied), no other tables needed."""
    text = "".join(p.read_text("utf-8") for p in sorted(corpus_dir.glob("*.txt")))
    sentences = [s for s in re.split(r"(?<=[。；])", text) if len(s.strip()) >= 6][:300]
    store = SQLiteStore(":memory:")
    ensure_tables(store.db)
    types = ["sentence", "sentence", "subsidy", "deadline", "target"]
    rows = []
    for i, sentence in enumerate(sentences, 1):
        kind_type = types[i % len(types)]
        kind = "sentence" if kind_type == "sentence" else "fact"
        source = f"doc{i % 3}.txt"
        rows.append((i, source, 0, kind, kind_type, str(i), "", None, 0, len(sentence), sentence.strip(),
                     sentence, json.dumps({}), None, None, None, f"h{i}"))
    store.db.conn.executemany("INSERT INTO search_items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    return store, len(rows)


@pytest.mark.parametrize("intents", [[], ["subsidy"], ["deadline", "subsidy"], ["responsibility"]])
@pytest.mark.parametrize("limit", [1, 10, 25])
def test_fuse_hydrating_equals_fusing_every_candidate(item_store, intents, limit):
    store, n = item_store
    rng = np.random.default_rng(limit + len(intents))
    lex = [int(i) for i in rng.permutation(np.arange(1, n + 1))[:200]]
    den = [int(i) for i in rng.permutation(np.arange(1, n + 1))[:200]]
    items = engine._items(store, list(set(lex) | set(den)))
    cues = glossary.cues()["cue"]
    want = fusion.dedupe(fusion.fuse(lex, den, items, intents, cues), items, limit)
    got, read = engine.fuse_hydrating(store, lex, den, intents, limit)
    assert got == want
    if not intents and limit <= 10:
        assert len(read) < len(items)  # the point: fewer rows read than candidates


def test_max_factor_bounds_every_intent_factor():
    settings = SearchSettings()
    cue_words = {"补贴": "subsidy", "前": "deadline"}
    for intents in ([], ["subsidy"], ["subsidy", "deadline"]):
        bound = fusion.max_factor(intents, settings)
        for kind, type_ in (("fact", "subsidy"), ("fact", "deadline"), ("sentence", "sentence")):
            item = {"kind": kind, "type": type_, "evidence": "年底前发放补贴"}
            assert fusion.intent_factor(item, intents, cue_words, settings) <= bound + 1e-12


@pytest.mark.parametrize("kept, limit, bound, expected", [
    ([(1, 0.5), (2, 0.4)], 2, 0.3, True),
    ([(1, 0.5), (2, 0.4)], 2, 0.4, False),   # a tie could still enter: not settled
    ([(1, 0.5)], 2, 0.0, False),              # too few hits yet
])
def test_settled_needs_limit_hits_above_the_bound(kept, limit, bound, expected):
    assert fusion.settled(kept, limit, bound) is expected


def test_fuse_hydrating_reads_on_for_a_fact_that_its_intent_lifts(item_store):
    """Sentences fill the first batch; a subsidy fact ranked just after it must still win its place."""
    store, n = item_store
    sentences = [i for i in range(1, n + 1) if i % 5 in (0, 1)]
    subsidy = next(i for i in range(1, n + 1) if i % 5 == 2)
    lex = sentences[:44] + [subsidy] + sentences[44:100]
    got, _read = engine.fuse_hydrating(store, lex, [], ["subsidy"], 10)
    assert subsidy in [i for i, _ in got]
