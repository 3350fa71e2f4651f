"""Hits as text for a terminal: the item, its type and key fields, citation, query terms highlighted."""
from __future__ import annotations

import re
from typing import Any

from search import lexical
from search.index import KEY_FIELDS

_MARK = ("\033[1;33m", "\033[0m")


def highlight(text: str, query: str, color: bool = True) -> str:
    """Wrap the query's words (tokens of two or more characters) found in the text."""
    words = sorted({t for t in lexical.tokens(query) if len(t) > 1}, key=len, reverse=True)
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    start, end = _MARK if color else ("[", "]")
    return pattern.sub(lambda m: f"{start}{m.group()}{end}", text)


def format_hit(rank: int, hit: dict[str, Any], query: str, color: bool = True) -> str:
    """Three lines per hit: rank/type/score with key fields, the evidence, the citation."""
    keys = KEY_FIELDS.get(hit["type"], ())
    fields = "  ".join(f"{k}={hit[k]}" for k in keys if hit.get(k) not in (None, ""))
    cite = " · ".join(str(x) for x in (hit.get("title"), hit.get("doc_number"), hit.get("section"),
                                       f"p.{hit['page']}" if hit.get("page") else None, hit["source"]) if x)
    return (f"{rank:>2}. [{hit['type']}] {hit['score']:.4f}  {fields}".rstrip() + "\n"
            f"    {highlight(hit['evidence'], query, color)}\n    — {cite}")
