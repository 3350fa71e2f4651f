"""Dense side: e5 vectors for items, computed lazily in batches and kept with the database.

Vectors are keyed by (model, sha1 of the item's text): a re-ingested document only embeds sentences
that changed, and a cache outside the database (vectors.sqlite in the cache folder) makes rebuilding
a database cheap. Ranking is an exact dot product, or an inverted-file index over k-means clusters
above `ivf_threshold` vectors, so that the ranking step stays in milliseconds at a million items.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from schema.store import SQLiteStore
from search.model import cache_dir, get_model, model_name
from search.settings import DEFAULT_SETTINGS, SearchSettings

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_INDEXES: dict[tuple[str, str], DenseIndex] = {}
_QUERIES: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()  # (model, query text) → vector


def _cache_db() -> sqlite3.Connection:
    path = cache_dir() / "vectors.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("CREATE TABLE IF NOT EXISTS vec (model TEXT, hash TEXT, vec BLOB, "
                 "PRIMARY KEY (model, hash))")
    return conn


def pending(store: SQLiteStore, model: str) -> list[tuple[str, str]]:
    """(hash, text) of items whose text has no vector for this model yet."""
    return store.db.execute(
        "SELECT i.hash, min(i.body) FROM search_items i WHERE NOT EXISTS (SELECT 1 FROM search_vectors v "
        "WHERE v.model = ? AND v.hash = i.hash) GROUP BY i.hash", [model]).fetchall()


def encode_passages(texts: list[str], settings: SearchSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """Normalised passage vectors, batched (the model adds the `passage: ` prompt)."""
    model = get_model(settings.model)
    return model.encode(texts, prompt_name="passage", batch_size=settings.batch_size,
                        normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)


def encode_query(text: str, settings: SearchSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """One normalised query vector (with the `query: ` prompt), remembered for repeated queries.

    One query is ≈ 20 tokens: a second torch thread saves little and, on a loaded machine, its
    spin-waits cost several times the work (measured 160 ms vs 60 ms p50), so it runs on
    `settings.query_threads` threads.
    """
    key = (model_name(settings.model), text)
    with _LOCK:
        if key in _QUERIES:
            _QUERIES.move_to_end(key)
            return _QUERIES[key].copy()
    model = get_model(settings.model)
    with torch_threads(settings.query_threads):
        vec = model.encode([text], prompt_name="query", normalize_embeddings=True, convert_to_numpy=True,
                           batch_size=1, show_progress_bar=False)[0].astype(np.float32)
    with _LOCK:
        _QUERIES[key] = vec
        while len(_QUERIES) > settings.query_cache:
            _QUERIES.popitem(last=False)
    return vec.copy()


@contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run a block on `n` torch threads (0: leave as is), restoring the process's setting after."""
    import torch

    before = torch.get_num_threads()
    if n and n != before:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        if n and n != before:
            torch.set_num_threads(before)


def embed_pending(store: SQLiteStore, settings: SearchSettings = DEFAULT_SETTINGS,
                  progress: Callable[[int], None] | None = None) -> int:
    """Embed every item text that has no vector yet; returns how many texts were added."""
    model = model_name(settings.model)
    todo = pending(store, model)
    if not todo:
        return 0
    cache = _cache_db()
    known = {}
    for start in range(0, len(todo), 500):
        keys = [h for h, _ in todo[start:start + 500]]
        marks = ",".join("?" * len(keys))
        known.update(cache.execute(f"SELECT hash, vec FROM vec WHERE model = ? AND hash IN ({marks})",
                                   [model, *keys]).fetchall())
    _store_vectors(store, model, [(h, known[h]) for h, _ in todo if h in known])
    if progress:
        progress(len(known))
    todo = sorted((t for t in todo if t[0] not in known), key=lambda t: len(t[1]))  # batch by length
    step = settings.batch_size * 4
    for start in range(0, len(todo), step):
        batch = todo[start:start + step]
        vecs = encode_passages([text for _, text in batch], settings).astype(np.float16)
        rows = [(h, v.tobytes()) for (h, _), v in zip(batch, vecs, strict=True)]
        _store_vectors(store, model, rows)
        cache.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)", [(model, h, b) for h, b in rows])
        cache.commit()
        if progress:
            progress(len(batch))
    cache.close()
    return len(todo) + len(known)


def _store_vectors(store: SQLiteStore, model: str, rows: list[tuple[str, bytes]]) -> None:
    with store.db.atomic():
        store.db.conn.executemany("INSERT OR REPLACE INTO search_vectors (model, hash, vec) VALUES (?, ?, ?)",
                             [(model, h, b) for h, b in rows])


@dataclass
class DenseIndex:
    """Item ids and their vectors; behind an inverted file, rows are stored grouped by k-means cluster.

    Grouped rows make each probed cluster one contiguous slice: no gather of scattered rows per query.
    """

    ids: np.ndarray            # int64 item ids, row order of `vectors`
    vectors: np.ndarray        # [n, dim]: float32 when exact, float16 behind an inverted file
    centroids: np.ndarray | None = None   # float32 [nlist, dim]
    offsets: np.ndarray | None = None     # cluster c holds rows offsets[c]:offsets[c+1]
    signature: tuple = ()

    def rank(self, query: np.ndarray, limit: int, probe: int = 10,
             allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(item id, cosine) of the best `limit` rows, restricted to `allowed` ids when given."""
        if allowed is not None:
            rows = np.flatnonzero(np.isin(self.ids, allowed))
            scores = _matvec(self.vectors[rows], query) if rows.size else np.empty(0, np.float32)
        elif self.centroids is not None:
            near = np.argpartition(-(self.centroids @ query), min(probe, len(self.centroids)) - 1)[:probe]
            spans = [(int(self.offsets[c]), int(self.offsets[c + 1])) for c in near]
            rows = np.concatenate([np.arange(a, b) for a, b in spans])
            scores = _matvec([self.vectors[a:b] for a, b in spans], query)
        else:
            rows, scores = None, _matvec(self.vectors, query)
        if scores.size == 0:
            return []
        k = min(limit, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        picked = top if rows is None else rows[top]
        return [(int(i), float(s)) for i, s in zip(self.ids[picked], scores[top], strict=True)]

    @property
    def nbytes(self) -> int:
        """Memory held by the index arrays."""
        arrays = (self.ids, self.vectors, self.centroids, self.offsets)
        return sum(a.nbytes for a in arrays if a is not None)


def _matvec(vectors: np.ndarray | list[np.ndarray], query: np.ndarray, block: int = 65536) -> np.ndarray:
    """Matrix (or the concatenation of several row blocks) × query vector.

    float16 rows are widened by torch in blocks (numpy's float16 cast is ≈ 7× slower) on one thread
    (a few thousand rows: no spin-waits under load), so no float32 copy of the matrix is ever made.
    """
    parts = vectors if isinstance(vectors, list) else [vectors]
    if all(p.dtype == np.float32 for p in parts):
        return np.concatenate([p @ query for p in parts]) if parts else np.empty(0, np.float32)
    import torch

    q = torch.from_numpy(np.ascontiguousarray(query, np.float32))
    out = np.empty(sum(len(p) for p in parts), np.float32)
    at = 0
    with torch_threads(1):
        for part in parts:
            for start in range(0, len(part), block):
                rows = torch.from_numpy(np.ascontiguousarray(part[start:start + block]))
                out[at:at + len(rows)] = (rows.float() @ q).numpy()
                at += len(rows)
    return out


def build_index(ids: np.ndarray, vectors: np.ndarray, settings: SearchSettings = DEFAULT_SETTINGS,
                seed: int = 0) -> DenseIndex:
    """An exact index, or above `ivf_threshold` rows an inverted file over √n k-means clusters."""
    if len(ids) <= settings.ivf_threshold:  # small: keep float32, no conversion per query
        return DenseIndex(ids, vectors.astype(np.float32))
    rng = np.random.default_rng(seed)
    nlist = int(np.sqrt(len(ids)))
    sample = vectors[rng.choice(len(ids), min(len(ids), nlist * 40), replace=False)].astype(np.float32)
    centroids = sample[rng.choice(len(sample), nlist, replace=False)]
    for _ in range(8):  # spherical k-means on the sample
        assign = np.argmax(sample @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, sample)
        empty = np.bincount(assign, minlength=nlist) == 0
        sums[empty] = centroids[empty]
        centroids = sums / np.linalg.norm(sums, axis=1, keepdims=True).clip(1e-9)
    assign = np.concatenate([np.argmax(vectors[s:s + 32768].astype(np.float32) @ centroids.T, axis=1)
                             for s in range(0, len(ids), 32768)])
    order = np.argsort(assign, kind="stable")
    offsets = np.concatenate([[0], np.cumsum(np.bincount(assign, minlength=nlist))])
    return DenseIndex(ids[order], _take_rows(vectors, order), centroids, offsets)


def _take_rows(vectors: np.ndarray, order: np.ndarray, block: int = 65536) -> np.ndarray:
    """vectors[order], written block by block into one new array (no temporary index copies)."""
    out = np.empty_like(vectors)
    for start in range(0, len(order), block):
        out[start:start + block] = vectors[order[start:start + block]]
    return out


def signature(store: SQLiteStore, model: str) -> tuple:
    """Cheap fingerprint of the items and vectors (min/max ids): changes when either changes."""
    row = [store.db.execute(f"SELECT {f}(id) FROM search_items").fetchone()[0] for f in ("max", "min")]
    vec = store.db.execute("SELECT max(rowid) FROM search_vectors").fetchone()  # min/max: O(log n)
    return (*row, vec[0], model)


def _read_vectors(store: SQLiteStore, model: str) -> tuple[np.ndarray, np.ndarray]:
    """All item vectors, streamed into preallocated arrays (no list of a million blobs)."""
    sql = "FROM search_items i JOIN search_vectors v ON v.model = ? AND v.hash = i.hash"
    n = store.db.execute(f"SELECT count(*) {sql}", [model]).fetchone()[0]
    first = store.db.execute(f"SELECT v.vec {sql} LIMIT 1", [model]).fetchone()
    dim = len(first[0]) // 2 if first else 1
    ids, vecs = np.empty(n, np.int64), np.empty((n, dim), np.float16)
    cursor = store.db.execute(f"SELECT i.id, v.vec {sql} ORDER BY i.id", [model])
    row = 0
    while batch := cursor.fetchmany(8192):
        ids[row:row + len(batch)] = [r[0] for r in batch]
        block = np.frombuffer(b"".join(r[1] for r in batch), np.float16)
        vecs[row:row + len(batch)] = block.reshape(-1, dim)
        row += len(batch)
    return ids[:row], vecs[:row]


def load_index(store: SQLiteStore, settings: SearchSettings = DEFAULT_SETTINGS) -> DenseIndex:
    """The process's index for this database and model, reloaded when items or vectors changed."""
    model = model_name(settings.model)
    key = (store.path, model)
    sig = signature(store, model)
    with _LOCK:
        cached = _INDEXES.get(key)
        if cached is not None and cached.signature == sig and store.path != ":memory:":
            return cached
        ids, vecs = _read_vectors(store, model)
        index = build_index(ids, vecs, settings)
        index.signature = sig
        _INDEXES[key] = index
        return index
