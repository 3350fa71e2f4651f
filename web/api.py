"""The JSON API under /api. Each route validates its input, calls one service function and returns it.

The staff pages (web/pages.py) call the same functions, so the API and the pages cannot disagree.
Feeds and checklists also come as CSV, JSON Lines, Markdown or HTML with `format=`.
"""
from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from schema.errors import PolicyError, TooLarge
from schema.store import SQLiteStore, open_store
from service import checklist as checklist_service
from service import feeds, progress, render


class ErrorDetail(BaseModel):
    status: int
    type: str
    message: str


class ErrorEnvelope(BaseModel):
    """Every error: {"error": {"status", "type", "message"}} (web/app.py)."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorEnvelope, "description": text}
    for code, text in ((400, "Bad request"), (404, "Not found"), (413, "Upload too large"),
                       (415, "Unsupported format"), (422, "Invalid input"), (500, "Server error"),
                       (503, "Search not available"))}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
         "md": "text/markdown; charset=utf-8", "json": "application/json"}
CHUNK = 1 << 20


class FactType(StrEnum):
    target = "target"
    achievement = "achievement"
    subsidy = "subsidy"
    deadline = "deadline"
    responsibility = "responsibility"


class FeedFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ChecklistFormat(StrEnum):
    json = "json"
    md = "md"
    csv = "csv"
    html = "html"


class SearchUnavailable(PolicyError):
    """The search index is not built in this installation."""

    status = 503


def get_store(request: Request) -> Iterator[SQLiteStore]:
    """One connection per request (SQLite connections are not shared across threads)."""
    store = open_store(request.app.state.db_path)
    try:
        yield store
    finally:
        store.db.conn.close()


StoreDep = Annotated[SQLiteStore, Depends(get_store)]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="Four-digit year, e.g. 2022.")]
Text = Annotated[str | None, Query(max_length=200)]


def _feed(records: list[dict[str, Any]], fmt: FeedFormat, fields: tuple[str, ...]) -> Any:
    if fmt is FeedFormat.json:
        return records
    return PlainTextResponse(feeds.dump_records(records, fmt.value, fields), media_type=MEDIA[fmt.value])


@router.get("/health", summary="Database counts")
def health(store: StoreDep) -> dict[str, Any]:
    """Counts of documents, parts, pages, characters and facts by type."""
    return {"status": "ok", "counts": store.counts()}


@router.get("/search", summary="Search clauses and facts, with facets")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           type: Text = None, region: Text = None, department: Text = None,
           year: Text = None, source: Text = None,
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    """Hybrid search (search/); facets count type/region/department/year/source among the hits."""
    from web import pages

    try:
        result = pages.run_search(store, q)
    except ImportError as err:
        raise SearchUnavailable(None, f"search is not available: {err}") from err
    filters = {k: v for k, v in {"type": type, "region": region, "department": department,
                                 "year": year, "source": source}.items() if v}
    hits = [pages.flat_hit(h) for h in result.get("hits", [])]
    shown, facets = pages.facet_view(hits, filters, pages.part_index(store))
    return {"query": q, "filters": filters, "total": len(shown), "hits": shown[:limit],
            "facets": {k: [{"value": v, "count": n} for v, n in pairs] for k, pairs in facets.items()}}


@router.get("/documents", summary="List documents")
def documents(store: StoreDep) -> list[dict[str, Any]]:
    """One row per stored file: title, 文号, date, kind, issuers, number of parts and facts."""
    return store.documents()


@router.get("/documents/{source}", summary="One document with its facts")
def document(store: StoreDep, source: str, text: bool = True) -> dict[str, Any]:
    """Metadata, parts, sections, tables and (unless text=false) the text; facts carry offsets into it."""
    doc = store.document(source)
    if not text:
        doc.pop("text")
    return {"document": doc, "facts": store.facts(source=source)}


@router.get("/facts/{fact_type}", summary="Facts of one type, filtered")
def facts(store: StoreDep, fact_type: FactType, source: Text = None, region: Text = None,
          year: Year = None, department: Text = None, due_date: Text = None,
          limit: Annotated[int, Query(ge=1, le=5000)] = 500,
          offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Fact records in the export contract's shape; `department` resolves aliases (人社局 …)."""
    rows = store.facts(fact_type.value, source=source, region=region, year=year, due_date=due_date)
    if department:
        rows = [r for r in rows if checklist_service.department_matches(
            department, r.get("department") or r.get("responsible"))]
    return {"total": len(rows), "offset": offset, "facts": rows[offset:offset + limit]}


@router.get("/departments", summary="Departments with obligations")
def departments(store: StoreDep) -> list[dict[str, Any]]:
    """Canonical department names, their number of obligations and the spellings seen."""
    return checklist_service.list_departments(store)


@router.get("/checklist", summary="Obligation checklist for a department")
def checklist(store: StoreDep, department: Text = None, region: Text = None,
              since: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
              source: Text = None, format: ChecklistFormat = ChecklistFormat.json) -> Any:
    """Items ordered by deadline then document date; format md/csv/html gives a printable rendering."""
    built = checklist_service.build_checklist(store, department=department, region=region,
                                              since=since, source=source)
    if format is ChecklistFormat.json:
        return built
    body = render.render_checklist(built, format.value)
    if format is ChecklistFormat.html:
        return HTMLResponse(body)
    return PlainTextResponse(body, media_type=MEDIA[format.value])


@router.get("/targets", summary="Target feed")
def targets(store: StoreDep, region: Text = None, year: Year = None, metric: Text = None,
            source: Text = None, type: Annotated[str, Query(pattern="^(target|achievement)$")] = "target",
            format: FeedFormat = FeedFormat.json) -> Any:
    """Targets (or achievements) in base units with stable ids; records follow schema/target.schema.json."""
    records = feeds.targets_feed(store, region=region, year=year, metric=metric, source=source,
                                 fact_type=type)
    return _feed(records, format, feeds.TARGET_FIELDS)


@router.get("/subsidies", summary="Subsidy feed")
def subsidies(store: StoreDep, region: Text = None, item: Text = None, beneficiary: Text = None,
              applies_to: Text = None, source: Text = None, format: FeedFormat = FeedFormat.json) -> Any:
    """Subsidies in base units; `applies_to=车间` answers which subsidies apply to workshops."""
    records = feeds.subsidies_feed(store, region=region, item=item, beneficiary=beneficiary, source=source,
                                   applies_to=applies_to)
    return _feed(records, format, feeds.SUBSIDY_FIELDS)


@router.get("/progress", summary="Achievements against targets")
def progress_table(store: StoreDep, region: Text = None, year: Year = None,
                   format: FeedFormat = FeedFormat.json) -> Any:
    """Each achievement linked to its target: value, target, ratio and whether the stated ratio agrees."""
    rows = progress.track_progress(store, region=region, year=year)
    if format is FeedFormat.json:
        return rows
    return PlainTextResponse(render.render_progress(rows, format.value), media_type=MEDIA[format.value])


async def read_upload(upload: UploadFile, budget: int) -> bytes:
    """The file's bytes, refusing more than `budget` bytes (the request's remaining allowance)."""
    chunks, size = [], 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > budget:
            raise TooLarge(upload.filename, "upload exceeds the size limit")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/ingest", summary="Ingest uploaded documents")
async def ingest(request: Request, files: list[UploadFile]) -> dict[str, Any]:
    """Upload PDF, HTML, Markdown or text files; each is ingested through service.ingest."""
    from web import pages

    budget, uploads = request.app.state.max_upload_bytes, []
    for upload in files:
        data = await read_upload(upload, budget)
        budget -= len(data)
        uploads.append((upload.filename or "upload", data))
    store = open_store(request.app.state.db_path)
    try:
        return await run_in_threadpool(pages.ingest_uploads, store, uploads)
    finally:
        store.db.conn.close()


@router.get("/openapi", include_in_schema=False)
def openapi_redirect() -> Response:
    """The OpenAPI description lives at /openapi.json (browsable at /docs)."""
    return Response(status_code=307, headers={"Location": "/openapi.json"})
