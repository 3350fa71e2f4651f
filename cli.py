"""Command-line interface: each command parses options, calls one library function, formats the result."""
from __future__ import annotations

import json
import logging
import sys

import click

from schema.errors import PolicyError
from schema.store import DB_ENV, DEFAULT_DB, SQLiteStore, document_record, open_store

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
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(message)s")


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
            click.echo(json.dumps(document_record(part), ensure_ascii=False))
    if fact_type != "document":
        for fact in store.facts(fact_type):
            click.echo(json.dumps(fact, ensure_ascii=False))


@cli.command("search")
@click.argument("query", required=False)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print {query, hits} as JSON.")
@click.option("--limit", default=10, show_default=True, help="Hits per query.")
@click.option("--batch", type=click.File(encoding="utf-8"), help="One query per line; JSON Lines out.")
@click.option("--type", "type_", help="sentence, fact, or a fact type (subsidy, target, …).")
@click.option("--region")
@click.option("--department")
@click.option("--year", type=int)
@click.option("--source", help="Only this document (file base name).")
def search_cmd(query, db_path, as_json, limit, batch, type_, region, department, year, source) -> None:
    """Search sentences and facts, in Chinese or English (hybrid BM25 + embeddings)."""
    from search import search_many
    from search.present import format_hit

    queries = [line.strip() for line in batch if line.strip()] if batch else [query or ""]
    filters = {"type": type_, "region": region, "department": department, "year": year, "source": source}
    try:
        results = search_many(_open(db_path), queries, limit, filters)
    except PolicyError as err:
        raise click.ClickException(str(err)) from err
    for q, hits in zip(queries, results, strict=True):
        if batch or as_json:
            indent = None if batch else 2
            click.echo(json.dumps({"query": q, "hits": hits}, ensure_ascii=False, indent=indent))
        else:
            click.echo("\n".join(format_hit(n, h, q, sys.stdout.isatty()) for n, h in enumerate(hits, 1))
                       or "no hits")


@cli.command("index")
@db_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def index_cmd(db_path: str, quiet: bool) -> None:
    """Embed every sentence and fact that has no vector yet (search does this lazily otherwise)."""
    from tqdm import tqdm

    from search import index_pending

    with tqdm(unit="item", disable=quiet, file=sys.stderr) as bar:
        try:
            n = index_pending(_open(db_path), progress=bar.update)
        except PolicyError as err:
            raise click.ClickException(str(err)) from err
    click.echo(f"{n} items embedded")


@cli.command()
@db_option
@click.option("--department", help="Department, any alias (人社局, 人社部门 → 人力资源社会保障部门).")
@click.option("--list-departments", "list_all", is_flag=True, help="List canonical departments with counts.")
@click.option("--region", help="Only documents issued for this region.")
@click.option("--since", help="Only documents issued on or after YYYY[-MM[-DD]].")
@click.option("--source", help="Only this file.")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json", "html"]), default="md",
              show_default=True)
def checklist(db_path: str, department: str | None, list_all: bool, region: str | None,
              since: str | None, source: str | None, fmt: str) -> None:
    """Print a department's obligations: strength, lead, deadline, subsidies, targets, citation."""
    from service.checklist import build_checklist, list_departments
    from service.render import render_checklist

    store = _open(db_path)
    try:
        if list_all:
            for row in list_departments(store):
                also = f"  (also {', '.join(row['aliases'])})" if row["aliases"] else ""
                click.echo(f"{row['count']:>4}  {row['department']}{also}")
            return
        click.echo(render_checklist(build_checklist(store, department, region, since, source), fmt), nl=False)
    except PolicyError as err:
        raise click.ClickException(str(err)) from err


feed_format = click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl"]), default="jsonl",
                           show_default=True)


@cli.command()
@db_option
@feed_format
@click.option("--region", help="Region as quota tables write it (广东, 广州); 广东省 works too.")
@click.option("--year", type=int, help="Target year.")
@click.option("--metric", help="Substring of the metric (务工).")
@click.option("--achievements", is_flag=True, help="Export achievements instead of targets.")
def targets(db_path: str, fmt: str, region: str | None, year: int | None, metric: str | None,
            achievements: bool) -> None:
    """Export targets in base units with stable ids (schema/target.schema.json)."""
    from service.feeds import TARGET_FIELDS, dump_records, targets_feed

    try:
        records = targets_feed(_open(db_path), region=region, year=year, metric=metric,
                               fact_type="achievement" if achievements else "target")
        click.echo(dump_records(records, fmt, TARGET_FIELDS), nl=False)
    except PolicyError as err:
        raise click.ClickException(str(err)) from err


@cli.command()
@db_option
@feed_format
@click.option("--region", help="Region (广东, 海南…).")
@click.option("--item", help="Substring of the benefit's name (创业补贴).")
@click.option("--beneficiary", help="Substring of who receives it (用人单位).")
@click.option("--applies-to", help="Which subsidies apply to X: X in item, beneficiary or condition (车间).")
def subsidies(db_path: str, fmt: str, region: str | None, item: str | None, beneficiary: str | None,
              applies_to: str | None) -> None:
    """Export subsidies in base units with stable ids (schema/subsidy.schema.json)."""
    from service.feeds import SUBSIDY_FIELDS, dump_records, subsidies_feed

    try:
        records = subsidies_feed(_open(db_path), region=region, item=item, beneficiary=beneficiary,
                                 applies_to=applies_to)
        click.echo(dump_records(records, fmt, SUBSIDY_FIELDS), nl=False)
    except PolicyError as err:
        raise click.ClickException(str(err)) from err


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True)
@click.option("--region", help="Only this region.")
@click.option("--year", type=int, help="Only this year.")
def progress(db_path: str, fmt: str, region: str | None, year: int | None) -> None:
    """Achievements linked to their targets: value, target, ratio, whether the stated ratio agrees."""
    from service.progress import track_progress
    from service.render import render_progress

    try:
        click.echo(render_progress(track_progress(_open(db_path), region=region, year=year), fmt), nl=False)
    except PolicyError as err:
        raise click.ClickException(str(err)) from err


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0 picks a free one).")
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the staff pages; prints the address."""
    from web.app import address, bind_socket, make_server

    try:
        sock = bind_socket(host, port)
    except PolicyError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Serving {db_path} at {address(sock)} (API docs: {address(sock)}/docs)")
    sys.stdout.flush()
    make_server(db_path, sock).run(sockets=[sock])


if __name__ == "__main__":
    cli()
