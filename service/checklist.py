"""Obligation checklists: what one department must do, by when, citing where it is written.

Built from `responsibility` facts; each item gathers the deadline, subsidies and targets stated in
the same clause, and cites title, 文号 (doc_number), section and page. A forwarding notice and the
notice it forwards often repeat one obligation: such duplicates are merged and keep both citations.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

from schema.errors import PolicyError
from schema.store import SQLiteStore
from service.feeds import canonical_region, to_base_unit

CLAUSE_END = re.compile(r"[，,；;。：:]")
SUMMARY_CHARS = 40
MERGE_SIMILARITY = 0.8  # bigram Dice of two actions above which they are one obligation
GENERIC_BODY = "部门"
# The forms one kind of body takes at each level of government (部门 → 厅 at province, 局 below).
LEVEL_BODIES = ("部门", "厅", "局", "委", "办")
# What may stand before a body's name: a place or level (云南省, 县, 各级), nothing else.
LEVEL_PREFIX = re.compile(r"各级|各地|地方各级|县级以上(?:地方)?|.{0,8}?[省市县区州盟旗镇乡级]")


class BadChecklistRequest(PolicyError):
    """A checklist was asked for with an invalid option (a bad --since date…)."""

    status = 400


def canonical_department(name: str | None) -> str:
    """The department's canonical name (人社局 → 人力资源社会保障部门) via extractors.departments."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    text = text.replace("(", "（").replace(")", "）")
    try:
        from extractors.departments import canonical_department as resolve
    except ImportError:  # alias resolution not built yet: names stay as written
        return text
    return resolve(text) or text


def department_family(query: str) -> str | None:
    """The stem of a body asked for (人社局 → 人力资源社会保障; 县人社局 → 县人力资源社会保障), else None.

    A body's name ending in 部门/厅/局/委/办 means that body at every level below what the query
    states: 人力资源社会保障部门 covers 省人力资源社会保障厅, 云南省人力资源社会保障厅 and
    县人力资源社会保障局; 县人社局 covers county bureaus only. A ministry (人力资源社会保障部)
    or a collective (各地) means only itself.
    """
    want = canonical_department(query)
    for suffix in LEVEL_BODIES:
        stem = want[: -len(suffix)]
        if want.endswith(suffix) and len(stem) >= 2:
            return stem
    return None


def department_matches(query: str, name: str | None) -> bool:
    """Whether an actor falls under the department asked for, after alias resolution."""
    want, have = canonical_department(query), canonical_department(name)
    if not want or not have:
        return False
    if want == have:
        return True
    stem = department_family(query)
    if not stem:
        return False
    for suffix in LEVEL_BODIES:
        if have.endswith(stem + suffix):
            prefix = have[: -len(stem + suffix)]
            return not prefix or bool(LEVEL_PREFIX.fullmatch(prefix))
    return False


def department_title(query: str) -> str:
    """The heading for a checklist: the family's 部门 name for a generic query, else the name."""
    stem = department_family(query)
    return stem + GENERIC_BODY if stem else canonical_department(query)


def list_departments(store: SQLiteStore) -> list[dict[str, Any]]:
    """Canonical department names with their number of obligations and the spellings seen.

    JSON-able: [{"department": str, "count": int, "aliases": [str, …]}], most obligations first.
    """
    counts: Counter[str] = Counter()
    aliases: dict[str, set[str]] = defaultdict(set)
    for fact in store.facts("responsibility"):
        canon = canonical_department(fact.get("department"))
        if canon:
            counts[canon] += 1
            aliases[canon].add(re.sub(r"\s+", "", fact.get("department") or ""))
    return [{"department": d, "count": n, "aliases": sorted(aliases[d] - {d})}
            for d, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def summarise_action(action: str) -> str:
    """A short imperative: the first clause(s) of the action, up to about SUMMARY_CHARS characters."""
    text = re.sub(r"\s+", "", action or "").rstrip("。；;，,")
    if len(text) <= SUMMARY_CHARS:
        return text
    out = ""
    for piece in CLAUSE_END.split(text):
        if out and len(out) + len(piece) > SUMMARY_CHARS:
            break
        out = f"{out}，{piece}" if out else piece
    return out if len(out) <= SUMMARY_CHARS + 20 else out[:SUMMARY_CHARS] + "…"


def _sentence_index(store: SQLiteStore, sources: set[str]) -> dict[str, list[tuple[int, int, int]]]:
    return {src: sorted((s["start"], s["end"], s["idx"]) for s in store.sentences(src)) for src in sources}


def _sentence_of(spans: list[tuple[int, int, int]], offset: int) -> int | None:
    """The sentence holding an offset; spans are in document order, so bisect."""
    i = bisect.bisect_right(spans, (offset, float("inf"), 0)) - 1
    return spans[i][2] if i >= 0 and spans[i][0] <= offset < spans[i][1] else None


def _same_clause(a: dict[str, Any], b: dict[str, Any], spans: list[tuple[int, int, int]]) -> bool:
    if a["start"] < b["end"] and b["start"] < a["end"]:
        return True
    sa = _sentence_of(spans, a["start"])
    return sa is not None and sa == _sentence_of(spans, b["start"])


def _deadline(fact: dict[str, Any]) -> dict[str, Any]:
    within, relative = fact.get("within_days"), fact.get("relative_to")
    rule = f"{relative or ''}{within}日内" if within else (relative or None)
    return {"due_date": fact.get("due_date"), "within_days": within, "relative_to": relative,
            "rule": rule, "task": fact.get("task")}


def _citation(fact: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    return {"source": fact["source"], "part": fact.get("part") or 0, "title": part.get("title"),
            "doc_number": part.get("doc_number"), "issued_date": part.get("issued_date"),
            "section": fact.get("section") or "", "page": fact.get("page"),
            "start": fact["start"], "end": fact["end"], "evidence": fact.get("evidence") or "",
            "fact_id": fact.get("id")}


def _item(resp: dict[str, Any], part: dict[str, Any], related: list[dict[str, Any]]) -> dict[str, Any]:
    actor = resp.get("department") or ""
    deadlines = sorted((_deadline(f) for f in related if f["type"] == "deadline"
                        and (not f.get("responsible") or department_matches(actor, f["responsible"])
                             or department_matches(f["responsible"], actor))),
                       key=lambda d: (d["due_date"] is None, d["due_date"] or "", d["within_days"] or 0))
    subsidies = []
    for f in related:
        if f["type"] == "subsidy":
            amount, unit = to_base_unit(f.get("amount"), f.get("unit"))
            subsidies.append({"item": f.get("item"), "beneficiary": f.get("beneficiary"),
                              "amount": amount, "unit": unit, "fact_id": f.get("id")})
    targets = []
    for f in related:
        if f["type"] == "target":
            value, unit = to_base_unit(f.get("value"), f.get("unit"))
            targets.append({"metric": f.get("metric"), "value": value, "unit": unit,
                            "comparator": f.get("comparator"), "year": f.get("year"),
                            "region": canonical_region(f.get("region")), "fact_id": f.get("id")})
    return {"department": canonical_department(resp.get("department")),
            "department_as_written": re.sub(r"\s+", "", resp.get("department") or ""),
            "summary": summarise_action(resp.get("action") or resp.get("evidence") or ""),
            "action": resp.get("action") or "", "strength": resp.get("strength"),
            "lead": resp.get("lead"), "deadline": deadlines[0] if deadlines else None,
            "subsidies": subsidies, "targets": targets, "citations": [_citation(resp, part)]}


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s，,。；;、“”\"《》（）()]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def action_similarity(a: str, b: str) -> float:
    """Dice overlap of character bigrams: 1.0 for the same wording, ~0 for unrelated actions."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _forwarding_related(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same file (a forwarding notice carries the notice it forwards) or a 文号 link between parts."""
    ca, cb = a["citations"][0], b["citations"][0]
    if ca["source"] == cb["source"]:
        return True
    fa, fb = ca.get("forwards"), cb.get("forwards")
    return bool((fa and fa == cb["doc_number"]) or (fb and fb == ca["doc_number"]))


def merge_duplicates(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge one obligation repeated by a forwarding notice and the notice it forwards."""
    merged: list[dict[str, Any]] = []
    for item in items:
        for kept in merged:
            if (kept["department"] == item["department"] and _forwarding_related(kept, item)
                    and action_similarity(kept["action"], item["action"]) >= MERGE_SIMILARITY):
                kept["citations"].extend(item["citations"])
                kept["deadline"] = kept["deadline"] or item["deadline"]
                kept["subsidies"] += [s for s in item["subsidies"] if s not in kept["subsidies"]]
                kept["targets"] += [t for t in item["targets"] if t not in kept["targets"]]
                break
        else:
            merged.append(item)
    return merged


def _deadline_key(item: dict[str, Any]) -> tuple:
    deadline = item["deadline"] or {}
    if deadline.get("due_date"):
        return (0, deadline["due_date"], 0)
    if deadline.get("within_days") is not None:
        return (1, "", deadline["within_days"])
    return (2, "", 0)


def order_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """By deadline (dated first, then relative limits, then none), then newest document first."""
    items = sorted(items, key=lambda i: (i["citations"][0]["source"], i["citations"][0]["start"]))
    items.sort(key=lambda i: i["citations"][0]["issued_date"] or "", reverse=True)
    items.sort(key=_deadline_key)
    return items


def _region_sources(parts: dict[tuple[str, int], dict[str, Any]], region: str) -> set[str]:
    """Files whose issuers or titles name the region: their obligations apply there."""
    want = canonical_region(region) or ""
    return {src for (src, _), p in parts.items()
            if want and (want in "".join(p["issuers"]) or want in (p["title"] or ""))}


def _check_since(since: str | None) -> None:
    if since and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", since):
        raise BadChecklistRequest(None, f"--since must be YYYY, YYYY-MM or YYYY-MM-DD, not {since!r}")


def build_checklist(store: SQLiteStore, department: str | None = None, region: str | None = None,
                    since: str | None = None, source: str | None = None) -> dict[str, Any]:
    """The checklist for one department (aliases resolve), optionally by region, date and file.

    JSON-able: {"department", "filters", "items": [...]}; each item has department, summary
    (short imperative), action, strength, lead, deadline ({due_date, within_days, relative_to,
    rule, task} or null), subsidies, targets (same clause) and citations (source, part, title,
    doc_number, issued_date, section, page, start, end, evidence, fact_id). Used by the CLI,
    /api/checklist and the checklist page.
    """
    _check_since(since)
    want = department_title(department) if department else None
    parts = {(p["source"], p["part"]): p for p in store.parts(source)}
    in_region = _region_sources(parts, region) if region else None
    facts = store.facts(source=source)
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fact in facts:
        by_source[fact["source"]].append(fact)
    spans = _sentence_index(store, set(by_source))
    items = []
    for fact in facts:
        if fact["type"] != "responsibility":
            continue
        if department and not department_matches(department, fact.get("department")):
            continue
        part = parts.get((fact["source"], fact.get("part") or 0), {})
        if in_region is not None and fact["source"] not in in_region and \
                canonical_region(fact.get("region")) != canonical_region(region):
            continue
        if since and (part.get("issued_date") or "") < since:
            continue
        related = [f for f in by_source[fact["source"]] if f["type"] != "responsibility"
                   and _same_clause(fact, f, spans[fact["source"]])]
        item = _item(fact, part, related)
        item["citations"][0]["forwards"] = part.get("forwards")
        items.append(item)
    return {"department": want, "filters": {"region": region, "since": since, "source": source},
            "items": order_items(merge_duplicates(items))}
