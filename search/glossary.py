"""Read a query: English terms → Chinese policy terms (glossary.tsv), stop words and fact-type intent.

The data files live beside this module and are read through importlib.resources on first use; a bad
row raises PatternFileError with the file and line.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from schema.errors import PatternFileError
from schema.records import FACT_TYPES

GLOSSARY_FILE = "glossary.tsv"
CUES_FILE = "query_cues.tsv"
LEMMA_FILE = "lemmas.tsv"
NUMBERS_FILE = "numbers.tsv"
NUMBER_KINDS = ("number", "scale", "unit", "half")
CUE_KINDS = ("stop", "function", "intent", "cue")
_WORD_KINDS = ("stop", "function")     # rows with a word and no fact type
MAX_PHRASE_WORDS = 4
ENGLISH_WORD = re.compile(r"[a-z0-9]+(?:[-'.][a-z0-9]+)*")
HAN = re.compile(r"[\u3400-\u9fff]")
_LEMMA_WORD = re.compile(r"[a-z]+")
_ZH_DIGITS = "零一二三四五六七八九"
PairLookup = Callable[[str, str], list[str]]   # two English base forms → Chinese terms ([] for none)
# "30 million" → 3000万: English magnitudes written the way Chinese documents write them.
ENGLISH_MAGNITUDE = re.compile(r"(\d+(?:\.\d+)?)\s*(thousand|million|billion|k|m|bn)\b")
_MAGNITUDE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}


@dataclass
class QueryReading:
    """What a query asks for: lexical terms (typed and bridged), intents and the text to embed."""

    text: str
    terms: list[str] = field(default_factory=list)        # terms for BM25 (already cut by the caller)
    bridged: list[str] = field(default_factory=list)      # Chinese terms the glossary added
    intents: list[str] = field(default_factory=list)      # fact types the query names
    english: bool = False


def _rows(name: str):
    text = resources.files("search").joinpath(name).read_text("utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield n, line.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, ...]]:
    """English term (lower case, may be a phrase) → Chinese terms."""
    out: dict[str, tuple[str, ...]] = {}
    for n, cols in _rows(GLOSSARY_FILE):
        if len(cols) != 2 or not cols[0].strip() or not HAN.search(cols[1]):
            raise PatternFileError(f"search/{GLOSSARY_FILE}:{n}", "expected 'english<TAB>中文|中文'")
        terms = tuple(t.strip() for t in cols[1].split("|") if t.strip())
        out[cols[0].strip().lower()] = tuple(dict.fromkeys(out.get(cols[0].strip().lower(), ()) + terms))
    return out


@lru_cache(maxsize=1)
def cues() -> dict[str, dict[str, str]]:
    """{'stop': {word: ''}, 'function': {word: ''}, 'intent': {cue: type}, 'cue': {word: type}}.

    From query_cues.tsv; 'function' words are kept for BM25 and the glossary but never looked up
    alone in CC-CEDICT.
    """
    out: dict[str, dict[str, str]] = {kind: {} for kind in CUE_KINDS}
    for n, cols in _rows(CUES_FILE):
        kind = cols[0]
        if kind not in CUE_KINDS or len(cols) != (2 if kind in _WORD_KINDS else 3) or not cols[1]:
            raise PatternFileError(f"search/{CUES_FILE}:{n}", "expected 'stop|function<TAB>word' or "
                                                              "'intent|cue<TAB>word<TAB>fact type'")
        if kind not in _WORD_KINDS and cols[2] not in FACT_TYPES:
            raise PatternFileError(f"search/{CUES_FILE}:{n}", f"unknown fact type {cols[2]!r}")
        out[kind][cols[1].lower()] = "" if kind in _WORD_KINDS else cols[2]
    return out


@lru_cache(maxsize=1)
def lemmas() -> dict[str, str]:
    """Irregular English form → base form (came → come, children → child) from lemmas.tsv."""
    out: dict[str, str] = {}
    for n, cols in _rows(LEMMA_FILE):
        if len(cols) != 2 or not all(_LEMMA_WORD.fullmatch(c) for c in cols) or cols[0] == cols[1]:
            raise PatternFileError(f"search/{LEMMA_FILE}:{n}", "expected 'form<TAB>base', two different "
                                                               "lower-case English words")
        out[cols[0]] = cols[1]
    return out


def lemma(word: str) -> str:
    """The base form of an irregular English word (paid → pay); other words come back unchanged."""
    return lemmas().get(word, word)


def english_words(text: str) -> list[str]:
    """A query's English words in order, lower case, irregular forms at their base (bought → buy)."""
    return [lemma(w) for w in ENGLISH_WORD.findall(normalize(text))]


def normalize(text: str) -> str:
    """NFKC (full-width → half-width) and lower case, as both index and query see text."""
    return unicodedata.normalize("NFKC", text).lower()


def english_numbers(text: str) -> list[str]:
    """Magnitudes written in English, rewritten as a Chinese document writes them (3000万, 1.5亿).

    Number words count too: "thirty million" is read as 30 million.
    """
    spelled = _spelled(_number_tokens(text))
    sources = dict.fromkeys((normalize(text), " ".join(spelled)))
    values = [float(m.group(1)) * _MAGNITUDE[m.group(2)]
              for src in sources for m in ENGLISH_MAGNITUDE.finditer(src)]
    values += [float(w) for i, w in enumerate(spelled) if w.isdigit() and int(w) >= 10_000 and
               (i + 1 == len(spelled) or spelled[i + 1] not in _MAGNITUDE)]  # one hundred thousand, 20000
    out = []
    for value in values:
        unit, div = ("亿", 1e8) if value >= 1e8 else ("万", 1e4)
        out.append(f"{value / div:g}{unit}")
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def number_words() -> dict[str, dict[str, str]]:
    """{'number': {six: 6}, 'scale': {hundred: 100}, 'unit': {month: forms}, 'half': {…}} (numbers.tsv)."""
    out: dict[str, dict[str, str]] = {kind: {} for kind in NUMBER_KINDS}
    for n, cols in _rows(NUMBERS_FILE):
        kind = cols[0]
        ok = len(cols) == 3 and kind in NUMBER_KINDS and cols[1] and cols[2]
        if not ok or (kind in ("number", "scale") and not cols[2].isdigit()) or \
                (kind == "unit" and "{n}" not in cols[2]) or (kind == "half" and not HAN.search(cols[2])):
            raise PatternFileError(f"search/{NUMBERS_FILE}:{n}", "expected 'number|scale<TAB>word<TAB>"
                                   "digits', 'unit<TAB>word<TAB>{n}…' or 'half<TAB>word<TAB>中文'")
        out[kind][cols[1]] = cols[2]
    return out


def chinese_numeral(value: int) -> str:
    """1–99 as a document writes it before a unit: 两 for 2, 十五, 二十, 三十六."""
    if value == 2:
        return "两"
    tens, ones = divmod(value, 10)
    head = ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" if tens else ""
    return head + (_ZH_DIGITS[ones] if ones else "")


def _number_tokens(text: str) -> list[str]:
    """English words with hyphenated ones split (twenty-five, six-month), for reading numbers."""
    return [p for w in ENGLISH_WORD.findall(normalize(text)) for p in w.split("-") if p]


def _read_number(words: list[str], i: int) -> tuple[int, int]:
    """(value, words used) for digits or number words at words[i] (two hundred and five); (0, 0) if none."""
    if words[i].isdigit():
        return int(words[i]), 1
    table = number_words()
    total = current = 0
    j = i
    while j < len(words):
        word = words[j]
        if word in table["number"]:
            current += int(table["number"][word])
        elif word in table["scale"] and current:
            current *= int(table["scale"][word])
            if current >= 1000:
                total, current = total + current, 0
        elif not (word == "and" and current and j + 1 < len(words) and words[j + 1] in table["number"]):
            break
        j += 1
    return total + current, j - i


def _spelled(words: list[str]) -> list[str]:
    """The words with every run of number words written in digits (thirty million → 30 million)."""
    out, i = [], 0
    while i < len(words):
        value, used = _read_number(words, i)
        out.append(str(value) if used else words[i])
        i += used or 1
    return out


def _unit(words: list[str], j: int) -> tuple[str, int]:
    """The time unit (numbers.tsv) opening words[j:], singular, and how many words it takes."""
    units = number_words()["unit"].keys() | number_words()["half"].keys()
    for size in (2, 1):
        key = " ".join(w[:-1] if w.endswith("s") else w for w in words[j:j + size])
        if len(words) >= j + size and key in units:
            return key, size
    return "", 0


def english_durations(text: str) -> list[str]:
    """Durations written in English, as a Chinese document writes them: six months → 6个月, 六个月;
    15 working days → 15个工作日; half a year → 半年."""
    words, table, out = _number_tokens(text), number_words(), []
    i = 0
    while i < len(words):
        if words[i] == "half":
            unit, _size = _unit(words, i + 1 + (i + 1 < len(words) and words[i + 1] in ("a", "an")))
            out += [table["half"][unit]] if unit in table["half"] else []
        value, used = _read_number(words, i)
        unit, _size = _unit(words, i + used) if used else ("", 0)
        if value and unit in table["unit"]:
            zh = chinese_numeral(value) if value < 100 else ""
            out += [t.format(n=value, zh=zh) for t in table["unit"][unit].split("|") if zh or "{zh}" not in t]
        i += used or 1
    return list(dict.fromkeys(out))


def is_number_word(word: str) -> bool:
    """A number or duration word (six, twenty-five, half, six-month): read by english_durations, no
    content for CC-CEDICT to look up."""
    table = number_words()
    parts = [p[:-1] if p.endswith("s") else p for p in word.split("-")]
    numeric = [p in table["number"] or p in table["scale"] or p == "half" or (p.isdigit() and len(parts) > 1)
               for p in parts]
    return any(numeric) and all(n or p in table["unit"] for n, p in zip(numeric, parts, strict=True))


def _stems(word: str) -> list[str]:
    """The word and its simple English base forms (plural, -ing, -ed)."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    for suffix in ("es", "s", "ing", "ed", "d"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)])
    return forms


def bridge_english(text: str, pair: PairLookup | None = None) -> tuple[list[str], list[str]]:
    """Longest glossary phrases in an English query → (Chinese terms, English words left over).

    `pair` (search.cedict.pair_lookup) renders two adjacent content words as one phrase ("train
    ticket" → 车票); it is asked where the glossary knows no longer phrase, before its single-word
    senses ("train" → 培训).
    """
    words = ENGLISH_WORD.findall(normalize(text))
    bases = [lemma(w) for w in words]
    stop = cues()["stop"]
    bridged: list[str] = english_numbers(text) + english_durations(text)
    left: list[str] = []
    i = 0
    while i < len(words):
        size, hit = _longest(words, bases, i)
        if size < 2 and pair and i + 1 < len(words) and _content(words[i], bases[i]) and \
                _content(words[i + 1], bases[i + 1]) and _longest(words, bases, i + 1)[0] < 2:
            found = pair(bases[i], bases[i + 1])
            size, hit = (2, tuple(found)) if found else (size, hit)
        if hit:
            bridged.extend(hit)
            i += size
            continue
        if not {words[i], bases[i]} & stop.keys() and not is_number_word(words[i]) and \
                (not words[i].isdigit() or len(words[i]) == 4):
            left.append(bases[i])
        i += 1
    return list(dict.fromkeys(bridged)), left


def _longest(words: list[str], bases: list[str], i: int) -> tuple[int, tuple[str, ...] | None]:
    """(size, Chinese terms) of the longest glossary phrase at words[i]; a stop word alone is no hit."""
    table, stop = glossary(), cues()["stop"]
    for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
        hit = _lookup(table, words[i:i + size], bases[i:i + size])
        if hit and (size > 1 or not {words[i], bases[i]} & stop.keys()):
            return size, hit
    return 0, None


def _content(word: str, base: str) -> bool:
    """A word that can open or close a dictionary phrase: no stop, function or number word."""
    table = cues()
    return not ({word, base} & (table["stop"].keys() | table["function"].keys()) or word.isdigit()
                or is_number_word(word))


def _lookup(table: dict[str, tuple[str, ...]], words: list[str], bases: list[str]) -> tuple[str, ...] | None:
    """The glossary entry for a phrase as written, else with its irregular words at their base."""
    for phrase in dict.fromkeys((" ".join(words), " ".join(bases))):
        hit = next((table[f] for f in _stems(phrase) if f in table), None)
        if hit:
            return hit
    return None


def intents(text: str) -> list[str]:
    """Fact types a query names (subsidies/补贴 → subsidy), most specific cue first."""
    low = normalize(text)
    found = [(low.find(cue), kind) for cue, kind in cues()["intent"].items() if cue in low]
    return list(dict.fromkeys(kind for _pos, kind in sorted(found)))


def is_english(text: str) -> bool:
    """A query with no Han characters is read through the glossary."""
    return not HAN.search(text)
