"""Command-line interface: each command parses options, calls one library function, formats the result."""
from __future__ import annotations

import json
import logging
import sys

import click

from schema.errors import PolicyError
from schema.store import DB_ENV, DEFAULT_DB, SQLiteStore, open_store

db_option = click.option("--db", "db_path", envvar=DB_ENV, default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False),
                         help=f"SQLite database file (also ${DB_ENV}).")


def _open(db_path: str) -> SQLiteStore:
    try:
        return open_store(db_path)
    except PolicyError as err:
        raise click.ClickException(str(err)) from err


def _emit_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log repairs and warnings to stderr.")
def cli(verbose: bool) -> None:
    """Turn Chinese policy documents into structured, searchable, actionable data."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[str, ...], db_path: str, quiet: bool) -> None:
    """Ingest files, folders or globs (PDF, HTML, Markdown, text) into the database."""
    from tqdm import tqdm

    from service.ingest import expand_paths, ingest_paths

    store = _open(db_path)
    files = expand_paths(paths)
    with tqdm(total=len(files), unit="file", disable=quiet or len(files) < 2, file=sys.stderr) as bar:
        report = ingest_paths(store, files, on_file=lambda _p: bar.update())
    for path, reason in report.failed:
        click.echo(f"error: {path}: {reason}", err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def documents(db_path: str, as_json: bool) -> None:
    """List stored documents."""
    rows = _open(db_path).documents()
    if as_json:
        _emit_json(rows)
        return
    for row in rows:
        click.echo(f"{row['source']}\t{row['doc_number'] or '-'}\t{row['issued_date'] or '-'}\t"
                   f"{row['n_parts']} parts\t{row['n_facts']} facts\t{row['title']}")


@cli.command()
@db_option
def summary(db_path: str) -> None:
    """Print what the database holds: documents, parts, pages, characters and facts by type."""
    counts = _open(db_path).counts()
    click.echo(", ".join(f"{value} {key}" for key, value in counts.items()))


@cli.command()
@click.argument("doc")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(doc: str, db_path: str, as_json: bool) -> None:
    """Print one document's metadata, structure and text."""
    try:
        record = _open(db_path).document(doc)
    except PolicyError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        _emit_json(record)
        return
    for part in record["parts"]:
        click.echo(f"[part {part['part']}] {part['title']}")
        for key in ("doc_number", "issuers", "issued_date", "recipients", "kind", "forwards"):
            click.echo(f"  {key}: {part[key]}")
    click.echo("\nheadings:")
    for section in record["sections"]:
        click.echo("  " * section["level"] + section["title"])
    for table in record["tables"]:
        click.echo(f"\ntable: {table['caption']} (unit {table['unit']}, {len(table['rows'])} rows)")
    click.echo("\n" + record["text"])


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--type", "fact_type", help="Only records of this type.")
def export(db_path: str, fmt: str, fact_type: str | None) -> None:
    """Print document and fact records in the export contract (GUIDELINES.md)."""
    store = _open(db_path)
    if fact_type in (None, "document"):
        for part in store.parts():
            record = {"type": "document", "evidence": part["title"], **part}
            record.pop("start"), record.pop("end")
            click.echo(json.dumps(record, ensure_ascii=False))
    if fact_type != "document":
        for fact in store.facts(fact_type):
            click.echo(json.dumps(fact, ensure_ascii=False))


if __name__ == "__main__":
    cli()
