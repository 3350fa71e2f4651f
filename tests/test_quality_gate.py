"""Quality is a test: extraction scores on the visible gold must not fall below pinned floors.

Floors live in tests/quality_floors.json and only ever rise.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli import cli

HERE = Path(__file__).resolve().parent
FLOORS = json.loads((HERE / "quality_floors.json").read_text(encoding="utf-8"))


def _score(tmp_path: Path, shared: Path, gold_name: str, files: list[Path]) -> dict:
    from click.testing import CliRunner

    db = str(tmp_path / f"{gold_name}.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", *map(str, files), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    out = runner.invoke(cli, ["export", "--db", db, "--format", "jsonl"])
    pred = tmp_path / f"{gold_name}.jsonl"
    pred.write_text(out.output, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), "extract", "--pred", str(pred),
         "--gold", str(shared / "eval" / "gold" / f"{gold_name}.jsonl"), "--json"],
        capture_output=True, text=True, check=True)
    return json.loads(scored.stdout)


def _gold_sources(shared: Path, gold_name: str) -> list[str]:
    lines = (shared / "eval" / "gold" / f"{gold_name}.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted({json.loads(line)["source"] for line in lines if line.strip()})


@pytest.mark.parametrize("gold_name", sorted(FLOORS))
def test_quality_gate_extraction_floors(tmp_path, realdocs_dir, corpus_dir, gold_name):
    shared = realdocs_dir.parent
    folder = corpus_dir if gold_name == "seeds" else realdocs_dir
    files = [folder / name for name in _gold_sources(shared, gold_name)]
    report = _score(tmp_path, shared, gold_name, files)
    for fact_type, floor in FLOORS[gold_name].items():
        got = report["macro_f1"] if fact_type == "macro_f1" else report[fact_type]["f1"]
        assert got >= floor, f"{gold_name} {fact_type} F1 {got:.3f} fell below its floor {floor}"
