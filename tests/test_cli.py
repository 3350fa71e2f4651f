"""Every command has help; the export prints the contract's records."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_cli_every_command_has_help(name):
    command = cli.commands[name]
    assert command.help, f"{name} has no help text"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output


def test_cli_export_prints_contract_records(tmp_path, corpus_dir):
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(corpus_dir), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "5 documents stored" in result.output
    out = runner.invoke(cli, ["export", "--db", db, "--format", "jsonl"])
    records = [json.loads(line) for line in out.output.splitlines()]
    assert {r["type"] for r in records} >= {"document"}
    for record in records:
        assert {"type", "source", "evidence"} <= set(record)
        assert len(record["evidence"] or "") <= 200


def test_cli_reingest_is_a_no_op(tmp_path, corpus_dir):
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(corpus_dir), "--db", db, "--quiet"])
    again = runner.invoke(cli, ["ingest", str(corpus_dir), "--db", db, "--quiet"])
    assert "0 documents stored, 5 unchanged" in again.output


def test_cli_show_unknown_document_is_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["show", "nothing.txt", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 1
    assert "nothing.txt" in result.output and "Traceback" not in result.output
