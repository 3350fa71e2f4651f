"""Search page response time (p50/p95) over HTTP, as a browser sees it, with the model warm.

Ingests corpus/ plus ../shared/realdocs/ (the 40-document corpus) into a database, starts the
same app as `cli.py serve` on a free loopback port after loading the model and embedding pending
passages (timed apart), and then times the search page, full and partial (the facet/narrowing
request), over a set of English and Chinese queries. Run:

    .venv/bin/python benchmarks/bench_web.py [--db PATH] [--rounds 5] [PATHS…]

An existing --db is reused as it is (no ingest), so repeated runs skip the slow embedding.
Not a test: it prints figures and exits 0. Aim: p50 ≤ 150 ms once the model is warm.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEFAULT_DIRS = (ROOT / "corpus", ROOT.parent / "shared" / "realdocs")
QUERIES_FILE = ROOT.parent / "shared" / "eval" / "gold" / "queries_seeds.jsonl"
FALLBACK_QUERIES = ("which subsidies apply to workshops", "帮扶车间有哪些补贴", "创业担保贷款额度",
                    "deadline for reporting", "脱贫人口务工规模目标", "who is responsible for training")


def queries() -> list[str]:
    """The dev queries when ../shared is present, else a small mixed set."""
    if QUERIES_FILE.is_file():
        rows = [json.loads(line) for line in QUERIES_FILE.read_text("utf-8").splitlines() if line.strip()]
        return [row["query"] for row in rows]
    return list(FALLBACK_QUERIES)


def build_db(db: Path, paths: list[str]) -> None:
    """Ingest the corpus unless the database already holds documents."""
    from schema.store import SQLiteStore
    from service.ingest import expand_paths, ingest_paths

    store = SQLiteStore(db)
    if store.counts()["documents"]:
        print(f"reusing {db} ({store.counts()['documents']} documents)")
        return
    started = time.perf_counter()
    report = ingest_paths(store, expand_paths(paths))
    print(f"ingest: {report.summary()} in {time.perf_counter() - started:.1f} s")


def embed(db: Path) -> None:
    """Embed every pending passage up front (what the first search would do), timed apart."""
    from schema.store import SQLiteStore
    from search import index_pending

    started = time.perf_counter()
    count = index_pending(SQLiteStore(db))
    print(f"model load + {count} pending passages embedded in {time.perf_counter() - started:.1f} s")


def start_server(db: Path) -> tuple[str, object]:
    """The app on a free loopback port, in a thread; returns its base URL and the server."""
    import uvicorn

    from web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_requests(client, base: str, params: list[dict[str, str]], rounds: int,
                  fresh: bool = False) -> list[float]:
    """Milliseconds per request (whole response read), each parameter set `rounds` times.

    `fresh` empties the page's memo of search results before each round, so every request
    searches; otherwise repeated queries measure a facet click on results already found.
    """
    from web.pages import _search_once

    times = []
    for _ in range(rounds):
        if fresh:
            _search_once.cache_clear()
        for p in params:
            started = time.perf_counter()
            client.get(f"{base}/", params=p).raise_for_status()
            times.append(1000 * (time.perf_counter() - started))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(d) for d in DEFAULT_DIRS if d.is_dir()])
    parser.add_argument("--db", help="database to use (ingested first when empty)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import httpx

    db = Path(args.db or Path(tempfile.mkdtemp(prefix="bench-web-")) / "bench.db")
    build_db(db, args.paths)
    embed(db)
    base, server = start_server(db)
    qs = queries()
    with httpx.Client(timeout=900) as client:
        started = time.perf_counter()
        client.get(f"{base}/", params={"q": qs[0]}).raise_for_status()
        print(f"first search request: {time.perf_counter() - started:.1f} s")
        full = time_requests(client, base, [{"q": q} for q in qs], args.rounds, fresh=True)
        partial = time_requests(client, base, [{"q": q, "type": "subsidy", "partial": "1"} for q in qs],
                                args.rounds)
    for name, times in (("search page (new query)", full), ("results only (facet click)", partial)):
        print(f"{name}: n={len(times)} p50={statistics.median(times):.0f} ms "
              f"p95={percentile(times, 0.95):.0f} ms max={max(times):.0f} ms")
    server.should_exit = True


if __name__ == "__main__":
    main()
