"""The one module that reads and writes the policy database (SQLite through sqlite-utils).

`Store` is the protocol a second backend (PostgreSQL + pgvector) would implement; extractors never
touch the database. Each document is written in one transaction, replacing its old version.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from schema.errors import NotFound, StoreError
from schema.records import Document, Fact

DEFAULT_DB = "policy.db"
DB_ENV = "POLICYDB"
FILTER_COLUMNS = ("department", "region", "year", "due_date")


def default_db_path() -> str:
    """The database path: $POLICYDB, else policy.db in the working directory."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store(Protocol):
    """What the rest of the product needs from a database backend."""

    def sha_of(self, source: str) -> str | None: ...
    def write(self, doc: Document, facts: list[Fact]) -> str: ...
    def log(self, path: str, status: str, message: str = "", source: str | None = None,
            sha256: str | None = None) -> None: ...
    def documents(self) -> list[dict[str, Any]]: ...
    def document(self, source: str) -> dict[str, Any]: ...
    def parts(self, source: str | None = None) -> list[dict[str, Any]]: ...
    def sentences(self, source: str | None = None) -> Iterator[dict[str, Any]]: ...
    def facts(self, type: str | None = None, **filters: Any) -> list[dict[str, Any]]: ...


class SQLiteStore:
    """SQLite backend: WAL mode, one transaction per document."""

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        try:
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self.db = sqlite_utils.Database(conn)
            if self.path != ":memory:":
                self.db.enable_wal()
            self.db.executescript(resources.files("schema").joinpath("ddl.sql").read_text("utf-8"))
        except sqlite3.DatabaseError as err:
            raise StoreError(self.path, f"cannot open database: {err}") from err

    # -- writing -------------------------------------------------------------------------
    def sha_of(self, source: str) -> str | None:
        """The content hash stored for a source, or None when it is not stored."""
        row = self.db.execute("select sha256 from documents where source = ?", [source]).fetchone()
        return row[0] if row else None

    def write(self, doc: Document, facts: list[Fact]) -> str:
        """Store a document and its facts atomically, replacing any older version."""
        existed = self.sha_of(doc.source) is not None
        with self.db.atomic():
            self._delete(doc.source)
            self.db["documents"].insert({
                "source": doc.source, "path": doc.path, "sha256": doc.sha256, "format": doc.format,
                "encoding": doc.encoding, "text": doc.text, "n_chars": len(doc.text),
                "n_pages": len(doc.page_starts) or None, "page_starts": json.dumps(doc.page_starts),
                "meta": json.dumps(doc.meta, ensure_ascii=False),
                "warnings": json.dumps(doc.warnings, ensure_ascii=False), "ingested_at": _now()})
            self.db["parts"].insert_all(
                {**{k: v for k, v in asdict(p).items() if k != "index"}, "part": p.index,
                 "source": doc.source, "issuers": json.dumps(p.issuers, ensure_ascii=False),
                 "recipients": json.dumps(p.recipients, ensure_ascii=False)} for p in doc.parts)
            self.db["sections"].insert_all(
                {"source": doc.source, "idx": i, **asdict(s)} for i, s in enumerate(doc.sections))
            self.db["doc_tables"].insert_all(
                {"source": doc.source, "idx": i, "part": t.part, "caption": t.caption, "unit": t.unit,
                 "header": json.dumps(t.header, ensure_ascii=False),
                 "rows": json.dumps(t.rows, ensure_ascii=False), "section": t.section, "page": t.page,
                 "start": t.start, "end": t.end} for i, t in enumerate(doc.tables))
            self.db["sentences"].insert_all(
                {"source": doc.source, "idx": s.index, "part": s.part, "section": s.section,
                 "page": s.page, "start": s.start, "end": s.end, "text": s.text}
                for s in doc.sentences)
            self.db["facts"].insert_all((self._fact_row(f) for f in facts), replace=True)
        return "replaced" if existed else "stored"

    @staticmethod
    def _fact_row(fact: Fact) -> dict[str, Any]:
        fields = fact.fields
        return {"id": fact.id, "type": fact.type, "source": fact.source, "part": fact.part,
                "section": fact.section, "page": fact.page, "start": fact.start, "end": fact.end,
                "evidence": fact.evidence, "fields": json.dumps(fields, ensure_ascii=False),
                "department": fields.get("department") or fields.get("responsible"),
                "region": fields.get("region"), "year": fields.get("year"),
                "due_date": fields.get("due_date")}

    def _delete(self, source: str) -> None:
        for table in ("facts", "sentences", "doc_tables", "sections", "parts", "documents"):
            self.db.execute(f"delete from {table} where source = ?", [source])

    def delete(self, source: str) -> None:
        """Remove a document and everything derived from it."""
        with self.db.atomic():
            self._delete(source)

    def log(self, path: str, status: str, message: str = "", source: str | None = None,
            sha256: str | None = None) -> None:
        """Append one line to the ingest log."""
        with self.db.atomic():
            self.db["ingest_log"].insert({"at": _now(), "path": path, "source": source,
                                          "sha256": sha256, "status": status, "message": message})

    # -- reading -------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        """One row per stored file: its outer part's metadata and counts."""
        rows = self.db.execute_returning_dicts(
            """select d.source, d.format, d.n_chars, d.n_pages, d.ingested_at, p.title,
                      p.doc_number, p.issued_date, p.kind, p.issuers,
                      (select count(*) from parts x where x.source = d.source) as n_parts,
                      (select count(*) from facts f where f.source = d.source) as n_facts
               from documents d left join parts p on p.source = d.source and p.part = 0
               order by d.source""")
        for row in rows:
            row["issuers"] = json.loads(row["issuers"] or "[]")
        return rows

    def document(self, source: str) -> dict[str, Any]:
        """A stored document with its parts, sections, tables and text; NotFound if absent."""
        rows = self.db.execute_returning_dicts("select * from documents where source = ?", [source])
        if not rows:
            raise NotFound(source, "no such document in the database")
        doc = rows[0]
        for key in ("page_starts", "meta", "warnings"):
            doc[key] = json.loads(doc[key])
        doc["parts"] = self.parts(source)
        doc["sections"] = self.db.execute_returning_dicts(
            "select * from sections where source = ? order by idx", [source])
        doc["tables"] = [
            {**t, "header": json.loads(t["header"]), "rows": json.loads(t["rows"])}
            for t in self.db.execute_returning_dicts(
                "select * from doc_tables where source = ? order by idx", [source])]
        return doc

    def parts(self, source: str | None = None) -> list[dict[str, Any]]:
        """Document parts (the export's `document` records), optionally for one source."""
        sql = "select * from parts" + (" where source = ?" if source else "") + " order by source, part"
        rows = self.db.execute_returning_dicts(sql, [source] if source else [])
        for row in rows:
            row["issuers"] = json.loads(row["issuers"])
            row["recipients"] = json.loads(row["recipients"])
        return rows

    def sentences(self, source: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored sentences in document order."""
        sql = "select * from sentences" + (" where source = ?" if source else "") + " order by source, idx"
        yield from self.db.query(sql, [source] if source else [])

    def facts(self, type: str | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Fact records in the export contract's shape, filtered by type, source and filter columns."""
        where, params = [], []
        if type:
            where.append("type = ?")
            params.append(type)
        for key, value in filters.items():
            if value is None:
                continue
            if key not in (*FILTER_COLUMNS, "source", "id"):
                raise ValueError(f"unknown fact filter: {key}")
            where.append(f"{key} = ?")
            params.append(value)
        sql = "select * from facts" + (" where " + " and ".join(where) if where else "")
        sql += " order by source, start, type"
        return [fact_record(row) for row in self.db.query(sql, params)]

    def counts(self) -> dict[str, int]:
        """Totals for the one-line summaries: documents, parts, pages, characters, facts by type."""
        row = self.db.execute(
            "select count(*), coalesce(sum(n_pages), 0), coalesce(sum(n_chars), 0) from documents").fetchone()
        out = {"documents": row[0], "pages": row[1], "characters": row[2],
               "parts": self.db.execute("select count(*) from parts").fetchone()[0]}
        for fact_type, n in self.db.execute("select type, count(*) from facts group by type"):
            out[fact_type] = n
        return out


def fact_record(row: dict[str, Any]) -> dict[str, Any]:
    """A `facts` row → the export contract's flat record."""
    record = {k: row[k] for k in ("id", "type", "source", "part", "section", "page", "start", "end",
                                  "evidence")}
    record.update(json.loads(row["fields"]))
    return record


def document_record(part: dict[str, Any]) -> dict[str, Any]:
    """A `parts` row → the export contract's `document` record."""
    record = {"type": "document", "evidence": part["title"], **part}
    record.pop("start", None)
    record.pop("end", None)
    return record


def open_store(path: str | Path | None = None) -> SQLiteStore:
    """Open (creating if needed) the database at `path`, $POLICYDB or ./policy.db."""
    return SQLiteStore(path or default_db_path())
