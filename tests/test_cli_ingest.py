"""`cli.py ingest`: good files are stored, each bad file gets one line naming it, exit status 1."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from cli import cli

BAD = Path(__file__).resolve().parent / "bad_inputs"
BIG = "fifty_megabytes.txt"
BAD_NAMES = [
    BIG,
    "empty.txt",
    "binary_junk.dat",
    "truncated.pdf",
    "scanned.pdf",
    "no_article.html",
    "undecodable.txt",
]
GOOD = ["003_ae85de4f483fdaf6.txt", "004_7dc2baf39b3a8626.txt"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory, corpus_dir) -> tuple[str, Result]:
    """One ingest of a folder mixing two samples with every kind of bad file."""
    folder = tmp_path_factory.mktemp("in")
    for name in GOOD:
        shutil.copy(corpus_dir / name, folder / name)
    for name in BAD_NAMES:
        if name == BIG:
            with (folder / name).open("wb") as fh:  # a sparse 50 MB file: nothing is written to disk
                fh.truncate(50_000_000)
            continue
        shutil.copy(BAD / name, folder / name)
    db = str(folder.parent / "batch.db")
    return db, CliRunner().invoke(cli, ["ingest", str(folder), "--db", db, "--quiet"])


def test_cli_ingest_reports_each_bad_file_once_and_exits_1(batch):
    _db, result = batch
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(BAD_NAMES)
    for name in BAD_NAMES:
        assert sum(name in line for line in errors) == 1


def test_cli_ingest_stores_the_good_files(batch):
    db, result = batch
    assert "2 documents stored" in result.stdout and f"{len(BAD_NAMES)} failed" in result.stdout
    listing = CliRunner().invoke(cli, ["documents", "--db", db])
    assert "003_ae85de4f483fdaf6.txt\t闽人社文〔2023〕121号\t2023-10-27" in listing.output


def test_cli_show_prints_metadata_and_clean_text(batch):
    db, _result = batch
    shown = CliRunner().invoke(cli, ["show", "004_7dc2baf39b3a8626.txt", "--db", db])
    assert shown.exit_code == 0
    assert "[part 1]" in shown.output and "forwards: 人社部发〔2022〕13号" in shown.output
    assert "table: 2022年度各地市吸纳脱贫人口务工目标任务表 (unit 万人, 22 rows)" in shown.output
    assert "\n1 广州 79.80\n" in shown.output


def test_cli_show_unknown_document_is_one_line(batch):
    db, _result = batch
    result = CliRunner().invoke(cli, ["show", "nope.txt", "--db", db])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "nope.txt" in result.stderr


def test_cli_export_document_records_follow_the_schema(batch):
    db, _result = batch
    out = CliRunner().invoke(cli, ["export", "--db", db, "--type", "document"])
    records = [json.loads(line) for line in out.output.splitlines()]
    schema = json.loads(resources.files("schema").joinpath("document.schema.json").read_text("utf-8"))
    assert [(r["source"][:3], r["part"]) for r in records] == [("003", 0), ("003", 1), ("004", 0), ("004", 1)]
    for record in records:
        jsonschema.validate(record, schema)
    assert records[0]["forwards"] == records[1]["doc_number"] == "人社部发〔2023〕44号"
