"""`cli.py ingest`: good files are stored, each bad file gets one line naming it, exit status 1."""
from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from cli import cli

BAD = Path(__file__).resolve().parent / "bad_inputs"


def test_cli_ingest_mixed_batch(tmp_path, corpus_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus_dir / "001_35935e3a46465b39.txt", folder / "good.txt")
    bad_names = ["empty.txt", "binary_junk.dat", "truncated.pdf", "scanned.pdf", "no_article.html", "undecodable.txt"]
    for name in bad_names:
        shutil.copy(BAD / name, folder / name)
    db = str(tmp_path / "t.db")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", db, "--quiet"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad_names)
    for name in bad_names:
        assert sum(name in line for line in errors) == 1
    assert "1 documents stored" in result.stdout and f"{len(bad_names)} failed" in result.stdout
    listing = CliRunner().invoke(cli, ["documents", "--db", db])
    assert "good.txt\t国乡振发〔2023〕8号" in listing.output


def test_cli_show_prints_metadata_and_clean_text(tmp_path, corpus_dir):
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(corpus_dir / "004_7dc2baf39b3a8626.txt"), "--db", db, "--quiet"])
    shown = runner.invoke(cli, ["show", "004_7dc2baf39b3a8626.txt", "--db", db])
    assert shown.exit_code == 0
    assert "[part 1]" in shown.output and "forwards: 人社部发〔2022〕13号" in shown.output
    assert "table: 2022年度各地市吸纳脱贫人口务工目标任务表 (unit 万人, 22 rows)" in shown.output
    assert "1 广州 79.80" in shown.output


def test_cli_show_unknown_document_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["show", "nope.txt", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "nope.txt" in result.stderr
