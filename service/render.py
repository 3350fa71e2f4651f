"""Renderings of a checklist (Markdown with checkboxes, CSV, JSON, printable HTML) and of progress.

The checklist dict comes from service.checklist.build_checklist; renderers add no facts of their
own, so every format says the same thing.
"""
from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment

from service.feeds import dump_records
from service.progress import PROGRESS_COLUMNS, flatten_progress

CHECKLIST_FORMATS = ("md", "csv", "json", "html")
STRENGTH_LABEL = {"must": "必须 must", "should": "应当 should", "may": "可以 may",
                  "prohibited": "禁止 prohibited"}
ROLE_LABEL = {True: "牵头 lead", False: "配合 assist", None: ""}
CSV_COLUMNS = ("department", "summary", "strength", "role", "deadline", "subsidies", "targets",
               "action", "citation", "sources")

HTML_TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ heading }}</title>
<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:2em;max-width:60em}
li{margin:.6em 0;list-style:none}.box{display:inline-block;width:1em;height:1em;border:1px solid #000;
margin-right:.5em;vertical-align:middle}.meta,.cite{color:#444;font-size:.9em}
@media print{body{margin:1cm}a{color:inherit;text-decoration:none}}
</style></head><body>
<h1>{{ heading }}</h1>
<p class="meta">{{ filters }} · {{ items|length }} items</p>
<ol>{% for item in items %}
<li><span class="box"></span><strong>{{ item.summary }}</strong>
<div class="meta">{{ item.strength_label }}{% if item.role %} · {{ item.role }}{% endif %}
{% if item.deadline_text %} · 期限 {{ item.deadline_text }}{% endif %}</div>
{% if item.extras %}<div class="meta">{{ item.extras }}</div>{% endif %}
<div>{{ item.action }}</div>
{% for c in item.cites %}<div class="cite">— {{ c }}</div>{% endfor %}</li>{% endfor %}
</ol></body></html>
"""


def deadline_text(deadline: dict[str, Any] | None) -> str:
    """2023-12-31, or the relative rule (受理需求后15日内) when no date is stated."""
    if not deadline:
        return ""
    return deadline.get("due_date") or deadline.get("rule") or ""


def citation_text(citation: dict[str, Any]) -> str:
    """《title》(文号) section, p. N [source]."""
    bits = [f"《{citation['title']}》" if citation.get("title") else citation["source"]]
    if citation.get("doc_number"):
        bits.append(f"（{citation['doc_number']}）")
    if citation.get("issued_date"):
        bits.append(f" {citation['issued_date']}")
    if citation.get("section"):
        bits.append(f" {citation['section']}")
    if citation.get("page"):
        bits.append(f" 第{citation['page']}页")
    bits.append(f" [{citation['source']}]")
    return "".join(bits)


def _extras(item: dict[str, Any]) -> str:
    subsidies = "、".join(_amount(s.get("item") or "", s.get("amount"), s.get("unit"))
                         for s in item["subsidies"])
    targets = "、".join(_amount(t.get("metric") or "", t.get("value"), t.get("unit"), t.get("comparator"))
                        for t in item["targets"])
    return "；".join(x for x in (f"补贴: {subsidies}" if subsidies else "",
                                 f"目标: {targets}" if targets else "") if x)


def quantity_text(value: float | int, unit: str | None) -> str:
    """A base-unit number as officials write it: 3876000 人 → 387.6万人, 335000000 元 → 3.35亿元."""
    if unit != "%":
        for scale, name in ((100_000_000, "亿"), (10_000, "万")):
            if abs(value) >= scale:
                return f"{value / scale:.6g}{name}{unit or ''}"
    return f"{value:.10g}{unit or ''}"


def _amount(name: str, value: Any, unit: str | None, comparator: str | None = None) -> str:
    if not isinstance(value, (int, float)):
        return name
    cmp = {">=": "≥", "<=": "≤"}.get(comparator or "", "")
    return f"{name} {cmp}{quantity_text(value, unit)}"


def _heading(checklist: dict[str, Any]) -> str:
    return f"{checklist.get('department') or '全部部门'} 任务清单"


def _filters(checklist: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in checklist["filters"].items() if v) or "no filters"


def checklist_markdown(checklist: dict[str, Any]) -> str:
    """A printable Markdown checklist: one `- [ ]` line per obligation, details and citations below."""
    lines = [f"# {_heading(checklist)}", "", f"_{_filters(checklist)} · {len(checklist['items'])} items_", ""]
    for item in checklist["items"]:
        meta = [STRENGTH_LABEL.get(item["strength"], item["strength"] or ""),
                ROLE_LABEL.get(item["lead"], "")]
        if item["deadline"]:
            meta.append(f"期限 {deadline_text(item['deadline'])}")
        lines.append(f"- [ ] **{item['summary']}** ({' · '.join(m for m in meta if m)})")
        if _extras(item):
            lines.append(f"  - {_extras(item)}")
        if item["action"] and item["action"] != item["summary"]:
            lines.append(f"  - {item['action']}")
        lines.extend(f"  - 出处: {citation_text(c)}" for c in item["citations"])
    return "\n".join(lines) + "\n"


def checklist_rows(checklist: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per item, for CSV."""
    return [{"department": i["department"], "summary": i["summary"], "strength": i["strength"],
             "role": {True: "lead", False: "assist"}.get(i["lead"], ""),
             "deadline": deadline_text(i["deadline"]),
             "subsidies": "; ".join(s["item"] or "" for s in i["subsidies"]),
             "targets": "; ".join(_amount(t["metric"] or "", t["value"], t["unit"], t["comparator"])
                                  for t in i["targets"]),
             "action": i["action"], "citation": " | ".join(citation_text(c) for c in i["citations"]),
             "sources": " ".join(c["source"] for c in i["citations"])} for i in checklist["items"]]


def checklist_html(checklist: dict[str, Any]) -> str:
    """A standalone HTML page with empty checkboxes, laid out for printing."""
    env = Environment(autoescape=True)
    items = [{"summary": i["summary"], "action": i["action"],
              "strength_label": STRENGTH_LABEL.get(i["strength"], i["strength"] or ""),
              "role": ROLE_LABEL.get(i["lead"], ""), "deadline_text": deadline_text(i["deadline"]),
              "extras": _extras(i), "cites": [citation_text(c) for c in i["citations"]]}
             for i in checklist["items"]]
    return env.from_string(HTML_TEMPLATE).render(heading=_heading(checklist), filters=_filters(checklist),
                                                 items=items)


def render_checklist(checklist: dict[str, Any], fmt: str) -> str:
    """The checklist in one of CHECKLIST_FORMATS."""
    if fmt == "md":
        return checklist_markdown(checklist)
    if fmt == "html":
        return checklist_html(checklist)
    if fmt == "json":
        return json.dumps(checklist, ensure_ascii=False, indent=2) + "\n"
    return dump_records(checklist_rows(checklist), "csv", CSV_COLUMNS)


def progress_table(rows: list[dict[str, Any]]) -> str:
    """Progress rows as an aligned plain-text table for the terminal."""
    flat = flatten_progress(rows)
    header = ("region", "year", "achievement", "value", "target", "ratio%", "stated%", "agrees", "target doc")
    body = [(r["region"], str(r["year"] or ""), r["achievement_metric"], f"{r['value']:,.10g}",
             f"{r['target']:,.10g}", f"{r['ratio']:.2f}",
             "" if r["stated_ratio"] is None else f"{r['stated_ratio']:g}",
             {True: "yes", False: "NO", None: "-"}[r["agrees"]], r["target_doc_number"] or r["target_source"])
            for r in flat]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *body, strict=False)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True))
                     for row in (header, *body)) + "\n"


def render_progress(rows: list[dict[str, Any]], fmt: str) -> str:
    """Progress as a text table, or exported as csv / json / jsonl."""
    if fmt == "table":
        return progress_table(rows)
    if fmt == "csv":
        return dump_records(flatten_progress(rows), "csv", PROGRESS_COLUMNS)
    return dump_records(rows, fmt)
