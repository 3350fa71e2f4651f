"""Score the extractors on the held-out gold sets of this folder, one line of macro F1 per set.

Each set's README gives its documents and the annotated spans; this script applies the same span
filters, so the figures it prints are the README recipes' figures. Run from the repository root:

    .venv/bin/python eval_heldout/score_heldout.py            # every set
    .venv/bin/python eval_heldout/score_heldout.py 3 6 --show-misses

Sets 1–4 and 6–11 have been used for error analysis; sets 5 and 12 are kept for measurement only,
so read their misses only when a session closes (their READMEs list none on purpose).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"

# set → (gold file, {source prefix: annotated spans}); a span is (start, end) offsets or a pair of
# marker strings whose first occurrences bound it (the second marker included).
SETS: dict[str, tuple[str, dict[str, list[tuple]]]] = {
    "1": ("gold_heldout.jsonl", {"qianxinan": [("各位代表", "淳朴民风。")]}),
    "2": ("gold_heldout2.jsonl", {}),
    "3": ("gold_heldout3.jsonl", {"sxyz": [(0, 3494)]}),
    "4": ("gold_heldout4.jsonl", {"laibin": [(0, 6014), (7212, 7391)]}),
    "5": ("gold_heldout5.jsonl", {}),
    "6": ("gold_heldout6.jsonl", {"baotou": [(0, 7295)]}),
    "7": ("gold_heldout7.jsonl", {"2026_zhongyang": [(0, 5962)], "nanning": [(0, 6009)]}),
    "8": ("gold_heldout8.jsonl", {"guangxi": [(0, 6682)]}),
    "9": ("gold_heldout9.jsonl", {"beibuwan": [(0, 6352)]}),
    "11": ("gold_heldout11.jsonl", {"sxyz": [(3494, 10000)], "nanning": [(6009, 11000)],
                                    "guangxi": [(6682, 11000)]}),
    "12": ("gold_heldout12.jsonl", {"sxyz": [(10000, 10**9)], "2026_zhongyang": [(5962, 11000)],
                                    "baotou": [(7295, 10**9)]}),
    "10": ("gold_heldout10.jsonl", {"laibin": [(7391, 14500)], "qianxinan": [(11654, 17606)]}),
}


def _sources(gold: Path) -> list[str]:
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted({row["source"] for row in rows if "source" in row})


def _bounds(text: str, span: tuple) -> tuple[int, int]:
    start, end = span
    if isinstance(start, str):
        lo = text.find(start)
        return lo, text.find(end, lo) + len(end)
    return start, end


def _keep(record: dict, spans: dict[str, list[tuple]], texts: dict[str, str]) -> bool:
    prefix = next((p for p in spans if record["source"].startswith(p)), None)
    if record["type"] == "document" or prefix is None:
        return True
    bounds = [_bounds(texts[record["source"]], span) for span in spans[prefix]]
    return any(lo <= record["start"] < hi for lo, hi in bounds)


def score_set(name: str, show_misses: bool) -> str:
    """Ingest the set's documents into a scratch database, export, filter to the spans, score."""
    gold_name, spans = SETS[name]
    gold = ROOT / "eval_heldout" / gold_name
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "heldout.db")
        files = [str(REALDOCS / source) for source in _sources(gold)]
        cli = [sys.executable, str(ROOT / "cli.py")]
        subprocess.run([*cli, "ingest", "--db", db, "--quiet", *files], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        export = subprocess.run([*cli, "export", "--db", db], check=True, env=env, capture_output=True,
                                text=True).stdout
        records = [json.loads(line) for line in export.splitlines() if line.strip()]
        texts = _document_texts(db)
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records
                                if _keep(r, spans, texts)), encoding="utf-8")
        args = [sys.executable, str(SCORER), "extract", "--pred", str(pred), "--gold", str(gold)]
        out = subprocess.run(args + (["--show-misses"] if show_misses else []), check=True,
                             capture_output=True, text=True).stdout
    return out


def _document_texts(db: str) -> dict[str, str]:
    """Every stored document's clean text, read in one query (the span filters index into it)."""
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select source, text from documents"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=sorted(SETS, key=int), help="set numbers (default: all)")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    for name in args.sets:
        out = score_set(name, args.show_misses)
        if args.show_misses:
            print(f"== held-out set {name}\n{out}")
        else:
            print(f"set {name}: {out.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
