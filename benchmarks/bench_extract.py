"""Extraction throughput: characters and documents per second of the fact layer.

Loading and structure parsing are done first and excluded from the timing; what is timed is
`extract_facts` (every fact extractor) and, separately, each extractor on its own. Run:

    .venv/bin/python benchmarks/bench_extract.py [--repeat 3] [PATHS…]

Defaults to corpus/ plus ../shared/realdocs/. Not a test: it prints figures and exits 0.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.facts import EXTRACTORS, extract_facts  # noqa: E402
from extractors.loaders import load  # noqa: E402
from extractors.structure import parse_structure  # noqa: E402
from schema.errors import PolicyError  # noqa: E402

DEFAULT_DIRS = (ROOT / "corpus", ROOT.parent / "shared" / "realdocs")


def load_documents(paths: list[Path]) -> list:
    """Parse every readable file once; files that fail to load are reported and skipped."""
    docs = []
    for path in paths:
        try:
            parsed = parse_structure(load(path))
        except PolicyError as err:
            print(f"skipped {path.name}: {err.detail}", file=sys.stderr)
            continue
        docs.extend(parsed if isinstance(parsed, list) else [parsed])
    return docs


def time_run(func, docs: list, repeat: int) -> float:
    """Best wall time over `repeat` passes of `func` over all documents (after one warm-up)."""
    for doc in docs:
        func(doc)  # warm-up: pattern files and regexes are built on first use
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            func(doc)
        best = min(best, time.perf_counter() - start)
    return best


def report(name: str, seconds: float, chars: int, docs: int) -> None:
    """One line of figures."""
    print(f"{name:22s} {seconds:7.3f} s  {chars / seconds:12,.0f} characters/s  "
          f"{docs / seconds:8.1f} documents/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    dirs = args.paths or [d for d in DEFAULT_DIRS if d.is_dir()]
    files = sorted(p for d in dirs for p in ([d] if d.is_file() else d.rglob("*"))
                   if p.is_file() and not p.name.startswith(".") and p.name != "MANIFEST.tsv")
    docs = load_documents(files)
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} documents from {len(files)} files, {chars} characters (loading excluded)")
    total, broken = 0.0, []
    for func in EXTRACTORS:
        name = func.__module__.rsplit(".", 1)[-1]
        try:
            seconds = time_run(func, docs, args.repeat)
        except PolicyError as err:  # another extractor's pattern file mid-edit: report, go on
            print(f"{name:22s} failed: {err}")
            broken.append(name)
            continue
        total += seconds
        report(name, seconds, chars, len(docs))
    if not broken:
        report("extract_facts (all)", time_run(extract_facts, docs, args.repeat), chars, len(docs))
    else:
        report(f"sum without {','.join(broken)}", total, chars, len(docs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
