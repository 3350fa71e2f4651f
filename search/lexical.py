"""Lexical side: SQLite FTS5 (unicode61) over jieba `cut_for_search` tokens, ranked by BM25.

jieba runs in a private `jieba.Tokenizer` instance so that index and query are cut the same way in
every process, whatever user dictionary the extractors load into jieba's default instance (search/
may not import extractors/, see tests/test_layering.py).
"""
from __future__ import annotations

import logging
import re
import threading
from typing import Any

from search.glossary import normalize

log = logging.getLogger(__name__)
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff]")
_FTS_TERM = re.compile(r"[^\W_]+")  # what unicode61 keeps as one term (letters and digits)
_LOCK = threading.Lock()
_JIEBA: list[Any] = []

FTS_DDL = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
           "body, context, tokenize = 'unicode61 remove_diacritics 2');"
           "CREATE TABLE IF NOT EXISTS search_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;")


def _cutter():
    """The process's own jieba tokenizer, initialised on first use (≈1 s, cached by jieba)."""
    with _LOCK:
        if not _JIEBA:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _JIEBA.append(tokenizer)
        return _JIEBA[0]


def tokens(text: str) -> list[str]:
    """Search tokens of a text: NFKC, lower case, jieba words and their sub-words, no punctuation."""
    return [t for t in _cutter().cut_for_search(normalize(text)) if _WORDLIKE.search(t)]


def fts_terms(text: str) -> list[str]:
    """Tokens as FTS5's unicode61 will store them: jieba words split again at non-word characters."""
    return _FTS_TERM.findall(" ".join(tokens(text)))


def index_text(text: str) -> str:
    """The space-joined token string stored in FTS5."""
    return " ".join(fts_terms(text))


def match_expression(toks: list[str]) -> str:
    """An FTS5 MATCH expression: any of the tokens (OR), each quoted."""
    return " OR ".join('"' + tok.replace('"', '""') + '"' for tok in toks)


def update_df(db, rows: list[tuple[str, str]], sign: int) -> None:
    """Add (+1) or remove (-1) FTS rows' (body, context) tokens in the document-frequency table.

    fts5vocab counts a term's rows by reading its whole posting list (≈1 ms per common term at a
    million rows), so the counts the query planner needs are kept here instead.
    """
    from collections import Counter

    counts = Counter(tok for body, ctx in rows for tok in set(body.split()) | set(ctx.split()))
    db.conn.executemany("INSERT INTO search_df (term, df) VALUES (?, ?) "
                        "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                        [(t, sign * n) for t, n in counts.items()])
    if sign < 0:
        db.execute("DELETE FROM search_df WHERE df <= 0")


def ensure_df(db) -> None:
    """Fill the document-frequency table once for an index built before it existed."""
    if db.execute("SELECT 1 FROM search_df LIMIT 1").fetchone() is None and \
            db.execute("SELECT 1 FROM search_fts LIMIT 1").fetchone() is not None:
        with db.atomic():
            update_df(db, db.execute("SELECT body, context FROM search_fts").fetchall(), +1)


def within_budget(db, toks: list[str], budget: int) -> list[str]:
    """The rarest tokens whose postings add up to at most `budget` rows (at least the two rarest).

    BM25 scores every row a token occurs in; in a large index the commonest words (就业, 脱贫) would
    cost far more than they add, so they go first. In a small index nothing is dropped.
    """
    if not toks:
        return []
    marks = ",".join("?" * len(toks))
    df = dict(db.execute(f"SELECT term, df FROM search_df WHERE term IN ({marks})", toks).fetchall())
    kept, total = [], 0
    for tok in sorted((t for t in toks if t in df), key=lambda t: df[t]):
        if total + df[tok] > budget and len(kept) >= 2:
            break
        kept.append(tok)
        total += df[tok]
    return kept


def rank_sql(where: str = "", section_weight: float = 0.3) -> str:
    """BM25 ranking over search_fts joined to search_items; `where` filters search_items (alias i)."""
    join, extra = (" JOIN search_items i ON i.id = f.rowid", f" AND {where}") if where else ("", "")
    return (f"SELECT f.rowid, bm25(search_fts, 1.0, {float(section_weight)}) AS score FROM search_fts f"
            f"{join} WHERE search_fts MATCH ?{extra} ORDER BY score LIMIT ?")


def rank(db, terms: list[str], limit: int, where: str = "", params: list | None = None,
         section_weight: float = 0.3, budget: int = 200_000) -> list[tuple[int, float]]:
    """(item id, BM25 score, higher is better) for the best `limit` items matching any term."""
    toks = list(dict.fromkeys(tok for term in terms for tok in fts_terms(term)))
    expr = match_expression(within_budget(db, toks, budget))
    if not expr:
        return []
    sql = rank_sql(where, section_weight)
    rows = db.execute(sql, [expr, *(params or []), limit]).fetchall()
    return [(row[0], -row[1]) for row in rows]
