"""Files → database: expand paths, skip unchanged files, store each document in one transaction."""
from __future__ import annotations

import glob
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractors.pipeline import process
from schema.errors import PolicyError, TooLarge
from schema.store import SQLiteStore
from search.index import index_document

log = logging.getLogger(__name__)
MAX_BYTES = 50 * 1024 * 1024
MANIFEST = "MANIFEST.tsv"  # a folder's provenance table, not a document


@dataclass
class IngestReport:
    """What one ingest run did, for the one-line summary and the exit status."""

    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    parts: int = 0
    pages: int = 0
    characters: int = 0
    facts: int = 0

    def summary(self) -> str:
        return (f"{len(self.stored)} documents stored, {len(self.unchanged)} unchanged, "
                f"{self.parts} parts, {self.pages} pages, {self.characters} characters, "
                f"{self.facts} facts, {len(self.failed)} failed")


def expand_paths(patterns: Iterable[str]) -> list[Path]:
    """Files, folders (recursively) and globs → a sorted list of files."""
    files: list[Path] = []
    for pattern in patterns:
        matches = [Path(m) for m in glob.glob(pattern, recursive=True)] or [Path(pattern)]
        for path in matches:
            if path.is_dir():
                files.extend(p for p in sorted(path.rglob("*"))
                             if p.is_file() and not p.name.startswith(".") and p.name != MANIFEST)
            else:
                files.append(path)
    return sorted(dict.fromkeys(files))


def file_sha256(path: Path) -> str:
    """Content hash of a file (re-ingesting the same bytes is a no-op)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest_file(store: SQLiteStore, path: Path, report: IngestReport, source: str | None = None) -> None:
    """Ingest one file into the store, recording the outcome in `report` and the ingest log."""
    source = source or path.name
    try:
        if not path.is_file():
            raise PolicyError(str(path), "no such file")
        if path.stat().st_size > MAX_BYTES:
            raise TooLarge(str(path), f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        sha = file_sha256(path)
        if store.sha_of(source) == sha:
            report.unchanged.append(source)
            store.log(str(path), "unchanged", source=source, sha256=sha)
            return
        doc, facts = process(path)
        doc.source = source
        for fact in facts:
            fact.source = source
        status = store.write(doc, facts)
        index_document(store, source)  # lexical only; vectors are computed at the first search
    except PolicyError as err:
        report.failed.append((str(path), err.detail))
        store.log(str(path), "failed", err.detail, source=source)
        return
    except OSError as err:
        report.failed.append((str(path), f"cannot read file: {err.strerror or err}"))
        store.log(str(path), "failed", str(err), source=source)
        return
    report.stored.append(source)
    report.parts += len(doc.parts)
    report.pages += len(doc.page_starts)
    report.characters += len(doc.text)
    report.facts += len(facts)
    store.log(str(path), status, source=source, sha256=sha)


def ingest_paths(store: SQLiteStore, paths: list[Path],
                 on_file: Callable[[Path], None] | None = None) -> IngestReport:
    """Ingest files one by one; a failure is reported and the run goes on."""
    report = IngestReport()
    for path in paths:
        ingest_file(store, path, report)
        if on_file:
            on_file(path)
    return report
