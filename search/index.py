"""Searchable items: every sentence (long ones cut at clause ends) and every fact rendered as text.

`index_document` runs inside ingest and only does the cheap lexical work; vectors are computed later
(`search.dense.embed_pending`), at the first search or by `cli.py index`.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from schema.store import SQLiteStore
from search import lexical

ITEMS_DDL = """
CREATE TABLE IF NOT EXISTS search_items (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    part INTEGER NOT NULL,
    kind TEXT NOT NULL,            -- sentence | fact
    type TEXT NOT NULL,            -- sentence, or the fact type
    ref TEXT NOT NULL,             -- sentence idx or fact id
    section TEXT NOT NULL,
    page INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    evidence TEXT NOT NULL,        -- what a hit shows and cites (≤ max_evidence characters)
    body TEXT NOT NULL,            -- what is embedded: the evidence, or a fact's rendering
    fields TEXT NOT NULL,          -- JSON: a fact's contract fields
    region TEXT,
    department TEXT,
    year INTEGER,
    hash TEXT NOT NULL             -- sha1 of body: the key of its vector
);
CREATE INDEX IF NOT EXISTS search_items_source ON search_items(source);
CREATE INDEX IF NOT EXISTS search_items_hash ON search_items(hash);
CREATE TABLE IF NOT EXISTS search_vectors (
    model TEXT NOT NULL,
    hash TEXT NOT NULL,
    vec BLOB NOT NULL,             -- float16, L2-normalised
    PRIMARY KEY (model, hash)
);
"""
# Chinese and English names of each fact type, so either language's words find the facts.
TYPE_NAMES = {"subsidy": "补贴 subsidy", "target": "目标任务 target", "achievement": "成效 achievement",
              "deadline": "期限 deadline", "responsibility": "职责 责任 responsibility"}
KEY_FIELDS = {"subsidy": ("item", "beneficiary", "amount", "unit", "condition", "region"),
              "target": ("metric", "value", "unit", "year", "region"),
              "achievement": ("metric", "value", "unit", "year", "region"),
              "deadline": ("task", "due_date", "within_days", "relative_to", "responsible"),
              "responsibility": ("department", "action", "lead")}
# A table row as a line: short whitespace- or tab-separated cells, one of them a number ("1 北京 38.5").
_CELL = r"[^\s，。；、：,;:]{1,20}"
TABLE_ROW = re.compile(rf"^(?=.*\d){_CELL}(?:[ \t\u3000]+{_CELL}){{1,8}}$")
ROW_CONTEXT_LINES = 3  # lines above a run of rows that say what they count: caption, unit, header
CLAUSE_END = re.compile(r"(?<=[；;。！？!?])|(?<=[，,、：:])")
MAX_EVIDENCE = 200


def ensure_tables(db) -> None:
    """Create the search tables when missing."""
    db.executescript(ITEMS_DDL)
    db.executescript(lexical.FTS_DDL)
    lexical.ensure_df(db)


def body_hash(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def chunks(text: str, limit: int = MAX_EVIDENCE) -> list[tuple[int, str]]:
    """(offset, piece) cuts of a long sentence at clause ends, each at most `limit` characters."""
    if len(text) <= limit:
        return [(0, text)]
    out, start, last_cut = [], 0, 0
    cuts = [m.end() for m in CLAUSE_END.finditer(text)] + [len(text)]
    for cut in cuts:
        if cut - start > limit and last_cut > start:
            out.append((start, text[start:last_cut]))
            start = last_cut
        while cut - start > limit:  # no clause end in reach: a hard cut
            out.append((start, text[start:start + limit]))
            start += limit
        last_cut = cut
    if start < len(text):
        out.append((start, text[start:]))
    return [(o, p) for o, p in out if p.strip()]


def render_fact(fact: dict[str, Any]) -> str:
    """A fact as one line of text: its type in both languages, its key fields, its evidence."""
    values = [str(fact[k]) for k in KEY_FIELDS.get(fact["type"], ()) if fact.get(k) not in (None, "")]
    return f"{TYPE_NAMES.get(fact['type'], fact['type'])}：{' '.join(values)}｜{fact['evidence']}"


def render_fact_text(item: dict[str, Any]) -> str:
    """A fact item's body without its table context (the context goes to its own FTS column)."""
    body, context = item["body"], item.get("context") or ""
    return body[len(context) + 1:] if context and body.startswith(context) else body


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def row_contexts(texts: list[str]) -> list[str]:
    """For each line: the caption/unit/header lines above it when it is a table row, else ''.

    Table rows ("1 北京 38.5") say nothing on their own; the lines that head their table do.
    """
    out, head = [], []
    for text in texts:
        if TABLE_ROW.match(text.strip()) and len(text) < 80:
            out.append(" ".join(head))
            continue
        out.append("")
        head = (head + [text])[-ROW_CONTEXT_LINES:]
    return out


def build_items(store: SQLiteStore, source: str) -> list[dict[str, Any]]:
    """The searchable items of one stored document."""
    years = {p["part"]: _year(p.get("issued_date")) for p in store.parts(source)}
    items = []
    sentences = list(store.sentences(source))
    for s, context in zip(sentences, row_contexts([s["text"] for s in sentences]), strict=True):
        for offset, piece in chunks(s["text"]):
            items.append({"source": source, "part": s["part"], "kind": "sentence", "type": "sentence",
                          "ref": str(s["idx"]), "section": s["section"], "page": s["page"],
                          "start": s["start"] + offset, "end": s["start"] + offset + len(piece),
                          "evidence": piece, "body": f"{context}：{piece}" if context else piece,
                          "context": context, "fields": "{}", "region": None,
                          "department": None, "year": years.get(s["part"])})
    spans = [(it["start"], it["end"], it["context"]) for it in items if it["context"]]
    for f in store.facts(source=source):
        fields = {k: v for k, v in f.items() if k not in ("id", "type", "source", "part", "section",
                                                           "page", "start", "end", "evidence")}
        context = next((c for a, b, c in spans if a <= f["start"] < b), "")
        body = render_fact(f)
        items.append({"source": source, "part": f["part"], "kind": "fact", "type": f["type"],
                      "ref": f["id"], "section": f["section"], "page": f["page"], "start": f["start"],
                      "end": f["end"], "evidence": f["evidence"][:MAX_EVIDENCE],
                      "body": f"{context}：{body}" if context else body, "context": context,
                      "fields": json.dumps(fields, ensure_ascii=False), "region": fields.get("region"),
                      "department": fields.get("department") or fields.get("responsible"),
                      "year": fields.get("year") or years.get(f["part"])})
    for item in items:
        item["hash"] = body_hash(item["body"])
    return items


_COLUMNS = ("id", "source", "part", "kind", "type", "ref", "section", "page", "start", "end", "evidence",
            "body", "fields", "region", "department", "year", "hash")


def index_document(store: SQLiteStore, source: str) -> int:
    """Replace one document's items and their FTS rows; vectors are left for the first search."""
    db = store.db
    ensure_tables(db)
    items = build_items(store, source)
    memo: dict[str, str] = {}  # headings, captions and fact evidence repeat: cut each text once

    def cut(text: str) -> str:
        if text not in memo:
            memo[text] = lexical.index_text(text)
        return memo[text]

    fts = []
    for item in items:
        if item["kind"] == "sentence":
            body = cut(item["evidence"])
        else:  # the rendering is "fields｜evidence": the evidence is usually a sentence already cut
            head, _bar, tail = render_fact_text(item).rpartition("｜")
            body = f"{cut(head)} {cut(tail)}"
        fts.append((body, cut(f"{item['section']} {item.get('context', '')}")))
    with db.atomic():
        old = [r[0] for r in db.execute("SELECT id FROM search_items WHERE source = ?", [source])]
        if old:
            marks = ",".join("?" * len(old))
            lexical.update_df(db, db.execute(f"SELECT body, context FROM search_fts WHERE rowid IN ({marks})",
                                             old).fetchall(), -1)
            db.conn.executemany("DELETE FROM search_fts WHERE rowid = ?", [(i,) for i in old])
            db.execute("DELETE FROM search_items WHERE source = ?", [source])
        first = (db.execute("SELECT max(id) FROM search_items").fetchone()[0] or 0) + 1
        for n, item in enumerate(items):
            item["id"] = first + n
        columns = ", ".join(f'"{c}"' for c in _COLUMNS)
        db.conn.executemany(f"INSERT INTO search_items ({columns}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                            [[item[c] for c in _COLUMNS] for item in items])
        db.conn.executemany("INSERT INTO search_fts (rowid, body, context) VALUES (?, ?, ?)",
                            [(item["id"], body, ctx) for item, (body, ctx) in zip(items, fts, strict=True)])
        lexical.update_df(db, fts, +1)
    return len(items)


def reindex(store: SQLiteStore) -> int:
    """Index every stored document that has no items yet (e.g. stored before search existed)."""
    ensure_tables(store.db)
    missing = [r[0] for r in store.db.execute(
        "SELECT d.source FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM search_items i WHERE i.source = d.source)")]
    return sum(index_document(store, source) for source in missing)
