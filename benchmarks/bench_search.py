"""Search benchmark (not a test): build indexes of 10k / 100k / 1M items and time queries.

Items are real sentences from corpus/ and ../shared/realdocs/ (non-PDF files; --pdf adds the PDFs),
repeated with variations (a numbered suffix in the text, a small perturbation of the vector), so that
the lexical and dense indexes hold distinct rows. Embedding a million rows on a 2-core CPU would take
hours, so the passage-embedding throughput is measured on a sample of real sentences and the index
vectors are those sample vectors varied. Prints, per size: build throughput (lexical items/s, vector
store items/s, in-memory index build s), ranking-step and end-to-end latency p50/p95 in a warm process,
and memory (index arrays, process RSS).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_search.py [--sizes 10000 100000 1000000]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schema.store import SQLiteStore  # noqa: E402
from search import dense, engine, lexical  # noqa: E402
from search.index import ensure_tables  # noqa: E402
from search.model import model_name  # noqa: E402
from search.settings import DEFAULT_SETTINGS  # noqa: E402

SHARED = Path(os.environ.get("POLICYDB_SHARED", ROOT.parent / "shared"))
QUERIES = SHARED / "eval" / "gold" / "queries_seeds.jsonl"
EXTRA_QUERIES = ["就业帮扶车间奖补标准", "subsidies for hiring graduates", "年底前完成", "最低生活保障标准",
                 "who is responsible for rural public welfare jobs", "创业担保贷款贴息"]


def rss_mb() -> float:
    """Resident memory of this process (MB), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def real_sentences(with_pdf: bool) -> list[str]:
    """Sentences of the sample and real documents, as the loaders and structure parser cut them."""
    from extractors.loaders import load
    from extractors.structure import parse_structure

    files = sorted((ROOT / "corpus").glob("*.txt")) + sorted(p for p in (SHARED / "realdocs").glob("*")
                                                             if with_pdf or p.suffix != ".pdf")
    out = []
    for path in files:
        try:
            out += [s.text for s in parse_structure(load(path)).sentences if len(s.text) >= 4]
        except Exception as err:  # noqa: BLE001 - a benchmark skips what it cannot read
            print(f"skip {path.name}: {err}", file=sys.stderr)
    return list(dict.fromkeys(out))


def measure_embedding(sample: list[str]) -> tuple[np.ndarray, float]:
    """Vectors of the sample and passage-embedding throughput (items/s) after a warm-up batch."""
    dense.encode_passages(sample[:16])
    t0 = time.perf_counter()
    vecs = dense.encode_passages(sample)
    return vecs, len(sample) / (time.perf_counter() - t0)


def build(path: Path, n: int, sentences: list[str], token_cache: dict[str, str], base: np.ndarray,
          rng: np.random.Generator) -> dict[str, float]:
    """Write n items (with FTS rows and float16 vectors) into a fresh database; timings per stage."""
    store = SQLiteStore(path)
    ensure_tables(store.db)
    model = model_name()
    conn = store.db.conn
    t0 = time.perf_counter()
    for start in range(0, n, 20000):
        rows, fts = [], []
        for i in range(start, min(n, start + 20000)):
            text = sentences[i % len(sentences)]
            variant = f"{text}（{i // len(sentences)}）" if i >= len(sentences) else text
            tokens = token_cache[text] + (f" {i // len(sentences)}" if i >= len(sentences) else "")
            rows.append((i + 1, f"doc{i % 500}.txt", 0, "sentence", "sentence", str(i), "", None, 0,
                         len(variant), variant, variant, "{}", None, None, 2022 + i % 3, f"h{i}"))
            fts.append((i + 1, tokens, ""))
        conn.executemany("INSERT INTO search_items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO search_fts (rowid, body, context) VALUES (?,?,?)", fts)
        lexical.update_df(store.db, [(body, ctx) for _, body, ctx in fts], +1)
        conn.commit()
    t_lex = time.perf_counter() - t0
    t0 = time.perf_counter()
    for start in range(0, n, 20000):
        idx = np.arange(start, min(n, start + 20000))
        # a variation: the sentence's vector, half of another one's and a little noise
        other = base[rng.integers(0, len(base), len(idx))]
        noise = rng.normal(0, 0.02, (len(idx), base.shape[1])).astype(np.float32)
        vecs = base[idx % len(base)] + 0.5 * other + noise
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = vecs.astype(np.float16)
        conn.executemany("INSERT INTO search_vectors VALUES (?,?,?)",
                         [(model, f"h{i}", v.tobytes()) for i, v in zip(idx, vecs, strict=True)])
        conn.commit()
    t_vec = time.perf_counter() - t0
    store.db.conn.close()
    return {"lexical_items_per_s": n / t_lex, "vector_store_items_per_s": n / t_vec}


def time_queries(store: SQLiteStore, queries: list[str], repeat: int) -> dict[str, float]:
    """p50/p95 (ms) of the ranking step (query vector given), of one query's embedding and of the whole
    query; the process's query-vector cache is emptied before each end-to-end query, so every one of
    them embeds its text as a new query would."""
    qvecs = {q: dense.encode_query(q) for q in queries}
    rank_ms, e2e_ms, rank_cpu, embed_ms, e2e_cpu = [], [], [], [], []
    for _ in range(repeat):
        for q in queries:
            t0, c0 = time.perf_counter(), time.process_time()
            engine.rank_query(store, q, qvecs[q], 10)
            rank_ms.append((time.perf_counter() - t0) * 1000)
            rank_cpu.append((time.process_time() - c0) * 1000)
            dense._QUERIES.clear()
            t0 = time.perf_counter()
            dense.encode_query(engine.dense_text(q))
            embed_ms.append((time.perf_counter() - t0) * 1000)
            dense._QUERIES.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            engine.run_query(store, q, 10)
            e2e_ms.append((time.perf_counter() - t0) * 1000)
            e2e_cpu.append((time.process_time() - c0) * 1000)
    pct = lambda xs, p: float(np.percentile(xs, p))  # noqa: E731
    return {"rank_p50_ms": pct(rank_ms, 50), "rank_p95_ms": pct(rank_ms, 95),
            "rank_cpu_p50_ms": pct(rank_cpu, 50), "embed_p50_ms": pct(embed_ms, 50),
            "e2e_p50_ms": pct(e2e_ms, 50), "e2e_p95_ms": pct(e2e_ms, 95), "e2e_cpu_p50_ms": pct(e2e_cpu, 50)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--sample", type=int, default=256, help="real sentences embedded for throughput")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the query set per size")
    ap.add_argument("--pdf", action="store_true", help="also read the PDFs (slow with pdfplumber)")
    ap.add_argument("--workdir", default=None, help="where the databases go (default: a temp folder)")
    ap.add_argument("--reuse", action="store_true", help="time the databases already in --workdir "
                                                         "instead of building them again")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sentences = real_sentences(args.pdf)
    chars = sum(map(len, sentences))
    t0 = time.perf_counter()
    token_cache = {s: lexical.index_text(s) for s in sentences}
    tok_rate = chars / (time.perf_counter() - t0)
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    rng = np.random.default_rng(0)
    size = min(args.sample, len(sentences))
    sample = [str(s) for s in rng.choice(sentences, size, replace=False)]
    base, embed_rate = measure_embedding(sample)
    lines = QUERIES.read_text("utf-8").splitlines() if QUERIES.is_file() else []
    queries = [json.loads(line)["query"] for line in lines if line.strip()]
    queries += EXTRA_QUERIES
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"{len(sentences)} distinct real sentences ({chars} characters); jieba cut_for_search "
          f"{tok_rate / 1000:.0f}k characters/s; passage embedding {embed_rate:.0f} items/s on {device} "
          f"(sample of {len(sample)}); {len(queries)} queries × {args.repeat}")
    work = Path(args.workdir or tempfile.mkdtemp(prefix="bench_search_"))
    work.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        path = work / f"bench_{n}.db"
        if args.reuse and path.is_file():
            built = {"lexical_items_per_s": float("nan"), "vector_store_items_per_s": float("nan")}
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            built = build(path, n, sentences, token_cache, base, rng)
        store = SQLiteStore(path)
        rss0 = rss_mb()
        t0 = time.perf_counter()
        index = dense.load_index(store, DEFAULT_SETTINGS)
        load_s = time.perf_counter() - t0
        timing = time_queries(store, queries, args.repeat)
        kind = "IVF" if index.centroids is not None else "exact"
        print(f"n={n:>8} (load {os.getloadavg()[0]:.1f}): "
              f"build lexical {built['lexical_items_per_s']:,.0f} items/s, "
              f"vectors stored {built['vector_store_items_per_s']:,.0f} items/s, "
              f"{kind} index loaded+built in {load_s:.1f} s "
              f"| ranking p50 {timing['rank_p50_ms']:.1f} ms p95 {timing['rank_p95_ms']:.1f} ms "
              f"(CPU p50 {timing['rank_cpu_p50_ms']:.1f} ms) "
              f"| query embedding p50 {timing['embed_p50_ms']:.1f} ms "
              f"| end to end p50 {timing['e2e_p50_ms']:.1f} ms p95 {timing['e2e_p95_ms']:.1f} ms "
              f"(CPU p50 {timing['e2e_cpu_p50_ms']:.1f} ms) "
              f"| index arrays {index.nbytes / 2**20:.0f} MB, process RSS {rss_mb():.0f} MB "
              f"(+{rss_mb() - rss0:.0f} MB for this size) | db {path.stat().st_size / 2**20:.0f} MB",
              flush=True)
        dense._INDEXES.clear()
        store.db.conn.close()


if __name__ == "__main__":
    main()
