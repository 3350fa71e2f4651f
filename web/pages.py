"""HTML pages for bureau staff: search, document view, checklist, targets and upload.

The pages call the same library and service functions as the CLI and the JSON API, so every rule
and every query lives in one place; this module only shapes their results for the Jinja2
templates (autoescaped: text from a document is always shown as text, never as markup).
"""
from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from schema.errors import PolicyError
from schema.records import FACT_TYPES
from schema.store import SQLiteStore, open_store

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).resolve().parent
FACETS = ("type", "region", "department", "year", "source")
SEARCH_POOL = 100  # hits fetched per query; facets count and narrow within them
PAGE_SIZE = 20

# Bilingual labels: Chinese first, English beside it (the page's users read Chinese).
TYPE_LABELS = {"target": "目标 Target", "achievement": "完成 Achievement", "subsidy": "补贴 Subsidy",
               "deadline": "时限 Deadline", "responsibility": "职责 Responsibility",
               "sentence": "条文 Clause", "document": "文件 Document"}
FIELD_LABELS = {
    "metric": "指标 Metric", "value": "数值 Value", "comparator": "比较 Comparator",
    "year": "年份 Year", "region": "地区 Region", "target_ratio": "完成率 Ratio",
    "item": "项目 Item", "beneficiary": "对象 Beneficiary", "amount": "金额 Amount",
    "previous_amount": "原标准 Previous", "condition": "条件 Condition", "task": "任务 Task",
    "due_date": "截止 Due", "within_days": "期限（天） Within days", "relative_to": "起算 From",
    "responsible": "责任方 Responsible", "department": "部门 Department", "action": "事项 Action",
    "strength": "强度 Strength", "lead": "牵头/配合 Lead", "source": "来源 Source",
}
KEY_FIELDS = {
    "target": ("metric", "value", "comparator", "year", "region"),
    "achievement": ("metric", "value", "target_ratio", "year", "region"),
    "subsidy": ("item", "beneficiary", "amount", "previous_amount", "condition", "region"),
    "deadline": ("task", "due_date", "within_days", "relative_to", "responsible"),
    "responsibility": ("department", "action", "strength", "lead"),
}
STRENGTH_LABELS = {"must": "必须 must", "should": "应当 should", "may": "可以 may",
                   "prohibited": "禁止 prohibited"}
LEAD_LABELS = {True: "牵头 lead", False: "配合 assist", None: ""}
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}|[A-Za-z0-9]{3,}")


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The template set, built on first use with autoescaping forced on for every template."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals.update(TYPE_LABELS=TYPE_LABELS, FIELD_LABELS=FIELD_LABELS, FACT_TYPES=FACT_TYPES,
                       STRENGTH_LABELS=STRENGTH_LABELS, LEAD_LABELS=LEAD_LABELS)
    env.globals["facet_url"] = facet_url
    env.filters["qty"] = format_quantity
    return Jinja2Templates(env=env)


def _store(request: Request) -> Iterator[SQLiteStore]:
    """One connection per request, closed after it (SQLite connections stay in their thread)."""
    store = open_store(getattr(request.app.state, "db_path", None))
    try:
        yield store
    finally:
        store.db.conn.close()


StoreDep = Annotated[SQLiteStore, Depends(_store)]


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return templates().TemplateResponse(request, name, context, status_code=status)


# -- presentation helpers (pure) ---------------------------------------------------------------
def format_quantity(value: Any, unit: str | None = None) -> str:
    """A base-unit number as staff write it: 30000000 人 → 3000万人, 1000 元/人 → 1000元/人."""
    if value is None or value == "":
        return ""
    if not isinstance(value, int | float):
        return f"{value}{unit or ''}"
    for scale, name in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= scale and unit != "%":
            return f"{value / scale:.6g}{name}{unit or ''}"
    return f"{value:,.10g}{unit or ''}"


def facet_url(query: str, filters: dict[str, str], key: str, value: str) -> str:
    """The search URL with one facet set (or cleared when value is empty): shareable."""
    params = {"q": query, **filters, key: value}
    return "?" + urlencode({k: v for k, v in params.items() if v})


def key_fields(fact: dict[str, Any]) -> list[tuple[str, str]]:
    """The (label, text) pairs a card or side list shows for one fact, in a fixed order."""
    out = []
    for name in KEY_FIELDS.get(fact.get("type", ""), ()):
        value = fact.get(name)
        if name in ("value", "amount", "previous_amount"):
            text = format_quantity(value, fact.get("unit"))
        elif name == "target_ratio" and value is not None:
            text = f"{value:g}%"
        elif name == "strength":
            text = STRENGTH_LABELS.get(value, value or "")
        elif name == "lead":
            text = LEAD_LABELS.get(value, "")
        else:
            text = "" if value is None else str(value)
        if text:
            out.append((FIELD_LABELS[name], text))
    return out


def query_terms(query: str, text: str, given: list[str] | None = None) -> list[str]:
    """Terms to highlight: those the search reports, else query substrings found in the text."""
    terms = [t for t in (given or []) if t and t in text]
    for run in _CJK_RUN.findall(query):
        i = 0
        while i < len(run) - 1:  # greedy longest match of the query's runs inside the text
            j = len(run)
            while j - i >= 2 and run[i:j].lower() not in text.lower():
                j -= 1
            if j - i >= 2:
                terms.append(text[text.lower().index(run[i:j].lower()):][: j - i])
                i = j
            else:
                i += 1
    return sorted(set(terms), key=len, reverse=True)


def highlight(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """Split text into (piece, is_term) runs; the template escapes each piece."""
    if not terms:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def text_segments(text: str, facts: list[dict[str, Any]], anchors: set[int],
                  cited: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Cut a document's text at fact, anchor and citation edges into runs for the template.

    Each run knows the facts covering it (so overlapping facts stay visible), the anchors
    that start at it (section starts, fact starts) and whether it lies in the cited span.
    """
    cuts = {0, len(text), *anchors}
    for fact in facts:
        cuts.update((fact["start"], fact["end"]))
    if cited:
        cuts.update(cited)
    edges = sorted(c for c in cuts if 0 <= c <= len(text))
    starts: dict[int, list[str]] = {}
    for fact in facts:
        starts.setdefault(fact["start"], []).append(fact["id"])
    by_start = sorted((f for f in facts if f["end"] > f["start"]), key=lambda f: f["start"])
    runs, active, k = [], [], 0
    for a, b in zip(edges, edges[1:], strict=False):
        while k < len(by_start) and by_start[k]["start"] <= a:
            active.append(by_start[k])
            k += 1
        active = [f for f in active if f["end"] > a]  # cuts include every end, so these cover a..b
        runs.append({"text": text[a:b], "start": a, "facts": [f["id"] for f in active],
                     "types": sorted({f["type"] for f in active}), "fact_starts": starts.get(a, []),
                     "anchor": a in anchors, "cited_start": bool(cited and a == cited[0]),
                     "cited": bool(cited and cited[0] <= a and b <= cited[1])})
    return runs


def flat_hit(hit: dict[str, Any]) -> dict[str, Any]:
    """A search hit with any nested `fields`/`fact` dict merged in, so facts read alike everywhere."""
    out = dict(hit)
    for key in ("fields", "fact"):
        if isinstance(hit.get(key), dict):
            out = {**hit[key], **{k: v for k, v in out.items() if v is not None}}
    out.setdefault("type", "sentence")
    return out


def facet_value(hit: dict[str, Any], key: str, parts: dict[tuple[str, int], dict]) -> str | None:
    """The value a hit has for one facet (year falls back to the document's date)."""
    if key == "department":
        value = hit.get("department_canonical") or hit.get("department") or hit.get("responsible")
    elif key == "year":
        part = parts.get((hit.get("source"), hit.get("part") or 0)) or {}
        value = hit.get("year") or (part.get("issued_date") or "")[:4] or None
    else:
        value = hit.get(key)
    return None if value in (None, "") else str(value)


def facet_view(hits: list[dict[str, Any]], filters: dict[str, str],
               parts: dict[tuple[str, int], dict]) -> tuple[list[dict], dict[str, list]]:
    """Hits narrowed by the chosen filters, and per facet the counts under the other filters."""
    def keep(hit: dict, skip: str | None = None) -> bool:
        return all(facet_value(hit, k, parts) == v for k, v in filters.items() if k != skip)

    facets = {}
    for key in FACETS:
        counts = Counter(facet_value(h, key, parts) for h in hits if keep(h, key))
        counts.pop(None, None)
        facets[key] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    return [h for h in hits if keep(h)], facets


def card(hit: dict[str, Any], query: str, parts: dict[tuple[str, int], dict],
         terms: list[str] | None = None) -> dict[str, Any]:
    """One result card: type, key fields, highlighted clause and citation link."""
    part = parts.get((hit["source"], hit.get("part") or 0)) or parts.get((hit["source"], 0)) or {}
    evidence = hit.get("evidence") or hit.get("text") or ""
    href = f"/doc/{hit['source']}"
    if hit.get("start") is not None and hit.get("end") is not None:
        href += f"?at={hit['start']}-{hit['end']}#cited"
    return {"type": hit["type"], "fields": key_fields(hit), "source": hit["source"], "href": href,
            "evidence": highlight(evidence, query_terms(query, evidence, terms or hit.get("terms"))),
            "title": part.get("title") or hit["source"], "doc_number": part.get("doc_number"),
            "section": hit.get("section") or "", "page": hit.get("page"), "score": hit.get("score")}


def part_index(store: SQLiteStore) -> dict[tuple[str, int], dict[str, Any]]:
    """(source, part) → the part's metadata, for citations and facet labels."""
    return {(p["source"], p["part"]): p for p in store.parts()}


def run_search(store: SQLiteStore, query: str, limit: int = SEARCH_POOL) -> dict[str, Any]:
    """search.search() shaped as the CLI's JSON, plus the lexical terms the query was read as.

    {"query", "hits", "terms"}: `terms` (the query's own words and the Chinese terms its English
    words bridge to) lets a card highlight 车间 for "workshops".
    """
    from search import search
    from search.engine import read_query

    hits = search(store, query, limit=limit)
    terms = [t for t in read_query(query).terms if len(t) >= 2]
    return {"query": query, "hits": list(hits), "terms": terms}


@lru_cache(maxsize=64)
def _search_once(db_path: str, query: str, version: tuple) -> dict[str, Any]:
    """run_search memoised per database state, so a facet click does not search again.

    `version` (the store's counts) changes with every ingest; callers must not mutate the result.
    """
    store = open_store(db_path)
    try:
        return run_search(store, query)
    finally:
        store.db.conn.close()


def search_view(store: SQLiteStore, query: str, filters: dict[str, str]) -> dict[str, Any]:
    """Everything the search page shows for one query and filter set."""
    result = _search_once(store.path, query, tuple(sorted(store.counts().items())))
    parts = part_index(store)
    hits = [flat_hit(h) for h in result.get("hits", [])]
    shown, facets = facet_view(hits, filters, parts)
    titles = {src: p.get("title") or src for (src, n), p in parts.items() if n == 0}
    return {"cards": [card(h, query, parts, result.get("terms")) for h in shown[:PAGE_SIZE]],
            "total": len(shown), "facets": facets, "source_titles": titles}


def _filters(request: Request) -> dict[str, str]:
    return {k: v for k in FACETS if (v := request.query_params.get(k, "").strip())}


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: str = "", partial: int = 0) -> HTMLResponse:
    """Search: one box, result cards, facets that narrow without a reload (partial=1 → results only)."""
    context: dict[str, Any] = {"q": q.strip(), "filters": _filters(request), "page": "search"}
    if context["q"]:
        try:
            context.update(search_view(store, context["q"], context["filters"]))
        except PolicyError as err:
            context["error"] = err.detail
    return _render(request, "_results.html" if partial else "search.html", context)


def _span(at: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d+)-(\d+)", at or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def document_view(store: SQLiteStore, source: str, at: str = "") -> dict[str, Any]:
    """Metadata, heading tree, text runs with facts marked, and the side list of facts."""
    doc = store.document(source)
    facts = store.facts(source=source)
    anchors = {s["start"] for s in doc["sections"]}
    runs = text_segments(doc["text"], facts, anchors, _span(at))
    by_type = {t: [f for f in facts if f["type"] == t] for t in FACT_TYPES}
    side = [{"id": f["id"], "type": f["type"], "fields": key_fields(f), "evidence": f["evidence"],
             "section": f.get("section") or "", "page": f.get("page")} for f in facts]
    return {"doc": doc, "runs": runs, "facts": side,
            "fact_counts": {t: len(v) for t, v in by_type.items() if v}}


@router.get("/doc/{source}", response_class=HTMLResponse)
def document_page(request: Request, store: StoreDep, source: str, at: str = "") -> HTMLResponse:
    """Document view: metadata, headings, text with facts highlighted by type, side list of facts."""
    try:
        context = document_view(store, source, at)
    except PolicyError as err:
        return _render(request, "error.html", {"error": err.detail, "title": source}, err.status)
    return _render(request, "document.html", {**context, "page": "document"})


# -- checklist ---------------------------------------------------------------------------------
DOWNLOADS = {"csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8",
             "json": "application/json"}


def checklist_view(store: SQLiteStore, department: str, region: str = "") -> dict[str, Any]:
    """The department picker and, once one is chosen, its checklist (service.checklist)."""
    from service.checklist import build_checklist, list_departments

    context: dict[str, Any] = {"departments": list_departments(store), "department": department,
                               "region": region, "checklist": None}
    if department:
        context["checklist"] = build_checklist(store, department=department, region=region or None)
    return context


def checklist_file(store: SQLiteStore, department: str, fmt: str, region: str = "") -> str:
    """A checklist as CSV, Markdown or JSON: the same renderings the CLI prints."""
    from service import render
    from service.checklist import build_checklist

    checklist = build_checklist(store, department=department or None, region=region or None)
    return render.render_checklist(checklist, fmt)


@router.get("/checklist", response_class=HTMLResponse)
def checklist_page(request: Request, store: StoreDep, department: str = "", region: str = "") -> HTMLResponse:
    """Checklist: choose a department (aliases resolve); items by deadline; print and download."""
    try:
        context = checklist_view(store, department.strip(), region.strip())
    except PolicyError as err:
        return _render(request, "error.html", {"error": err.detail, "title": "清单 Checklist"}, err.status)
    return _render(request, "checklist.html", {**context, "page": "checklist"})


@router.get("/checklist/download")
def checklist_download(request: Request, store: StoreDep, department: str = "", format: str = "csv",
                       region: str = "") -> Response:
    """The checklist as a file to save (format csv, md or json)."""
    if format not in DOWNLOADS:
        return _render(request, "error.html", {"error": f"unknown format {format!r}", "title": "清单"}, 400)
    try:
        body = checklist_file(store, department.strip(), format, region.strip())
    except PolicyError as err:
        return _render(request, "error.html", {"error": err.detail, "title": "清单 Checklist"}, err.status)
    name = f"checklist-{department.strip() or 'all'}.{format}"
    return Response(body, media_type=DOWNLOADS[format],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


# -- targets and progress -------------------------------------------------------------------------
def progress_charts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Achieved vs target per region, one chart per (year, unit) so bars share a scale."""
    groups: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row.get("year"), row.get("unit"))
        group = groups.setdefault(key, {"title": f"{row.get('year') or ''} {row.get('unit') or ''}".strip(),
                                        "unit": row.get("unit") or "", "regions": [], "target": [],
                                        "achieved": [], "ratio": []})
        group["regions"].append(row.get("region") or "—")
        group["target"].append(row.get("target"))
        group["achieved"].append(row.get("value"))
        group["ratio"].append(row.get("ratio"))
    return list(groups.values())


def targets_view(store: SQLiteStore, region: str = "", year: str = "", metric: str = "") -> dict[str, Any]:
    """Target rows (service.feeds) and linked progress rows (service.progress) under the filters."""
    from service.feeds import targets_feed
    from service.progress import track_progress

    year_int = int(year) if year.isdigit() else None
    everything = targets_feed(store)  # the filter choices come from all targets
    targets = (targets_feed(store, region=region or None, year=year_int, metric=metric or None)
               if region or year_int or metric else everything)
    progress = track_progress(store, region=region or None, year=year_int)
    return {"targets": targets, "progress": progress, "charts": progress_charts(progress),
            "regions": sorted({t["region"] for t in everything if t.get("region")}),
            "years": sorted({str(t["year"]) for t in everything if t.get("year")}),
            "filters": {"region": region, "year": year, "metric": metric}}


@router.get("/targets", response_class=HTMLResponse)
def targets_page(request: Request, store: StoreDep, region: str = "", year: str = "",
                 metric: str = "") -> HTMLResponse:
    """Targets and progress: a filterable table and achieved-vs-target bars per region."""
    try:
        context = targets_view(store, region.strip(), year.strip(), metric.strip())
    except PolicyError as err:
        return _render(request, "error.html", {"error": err.detail, "title": "目标 Targets"}, err.status)
    return _render(request, "targets.html", {**context, "page": "targets"})


# -- upload ----------------------------------------------------------------------------------------
def ingest_uploads(store: SQLiteStore, uploads: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Ingest uploaded files through service.ingest; what was found per file, or its error."""
    from service.ingest import IngestReport, ingest_file

    files = []
    with tempfile.TemporaryDirectory(prefix="policydb-upload-") as tmp:
        for name, data in uploads:
            safe = Path(name or "upload").name or "upload"
            path = Path(tmp) / safe
            path.write_bytes(data)
            report = IngestReport()
            ingest_file(store, path, report, source=safe)
            files.append(_upload_outcome(store, safe, report))
    return {"files": files, "stored": sum(f["status"] == "stored" for f in files),
            "failed": sum(f["status"] == "failed" for f in files)}


def _upload_outcome(store: SQLiteStore, source: str, report: Any) -> dict[str, Any]:
    if report.failed:
        return {"name": source, "status": "failed", "error": report.failed[0][1]}
    status = "unchanged" if report.unchanged else "stored"
    parts = store.parts(source)
    counts = Counter(f["type"] for f in store.facts(source=source))
    return {"name": source, "status": status, "parts": parts,
            "title": parts[0]["title"] if parts else source,
            "facts": {t: counts[t] for t in FACT_TYPES if counts[t]}, "n_facts": sum(counts.values())}


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> HTMLResponse:
    """Add documents: a file picker; the result replaces the form's status area."""
    return _render(request, "upload.html", {"page": "upload", "result": None})


@router.post("/upload", response_class=HTMLResponse)
async def upload_files(request: Request, store: StoreDep, files: list[UploadFile],
                       partial: int = 0) -> HTMLResponse:
    """Ingest the uploaded files; partial=1 returns only the result block (used by the page's JS)."""
    uploads = [(f.filename or "upload", await f.read()) for f in files]
    result = await run_in_threadpool(ingest_uploads, store, uploads)
    context = {"page": "upload", "result": result}
    return _render(request, "_upload_result.html" if partial else "upload.html", context)
