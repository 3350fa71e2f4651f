"""The one spaCy pipeline: jieba segmentation with the policy user dictionary, modal verbs and actors.

This is the only module that builds spaCy or touches jieba (STYLE.md). Nothing is loaded at
import time: `get_nlp()` builds the pipeline on first use and caches it.

Components, in order (the two `policy_*` ones registered with `@Language.factory`):
- `actor_gazetteer`: spaCy's `SpanRuler` over the whole-word actors and the alias table
  (各地, 人社局, 人力资源社会保障部门…); spans go to `doc.spans["actor"]`.
- `policy_actors`: adds the general actor patterns of `extractors.departments` (…部门, …局, lists
  such as 各级乡村振兴、对口协作部门) to `doc.spans["actor"]`.
- `policy_modals`: a `Matcher` over whole tokens for the cues of `patterns/modal_verbs.tsv` (its
  config names the file), so that 要 in 各地要 counts and 要 inside 要求/重要/需要 does not; spans go
  to `doc.spans["modal"]`, labelled by strength (must/should/may/prohibited).

The responsibilities extractor needs only the segmentation (`cue_token_starts`) and calls it on the
few clauses whose one-character cue is ambiguous; `get_nlp()(text)` gives the full annotation.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from extractors.departments import PATTERN_DIR, PATTERN_PACKAGE, find_actors, read_table, tables
from schema.errors import PatternFileError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

USER_DICT = "userdict.txt"
MODAL_FILE = "modal_verbs.tsv"
EXCLUSION_FILE = "modal_exclusions.tsv"
STRENGTHS = ("must", "should", "may", "prohibited")
POSITIONS = ("free", "adjacent", "duty")


@dataclass(frozen=True)
class Cue:
    """An obligation cue: its strength, lead (True 牵头 / False 配合 / None) and where it may stand."""

    word: str
    strength: str
    lead: bool | None
    position: str  # free | adjacent (only right after the actor: 将, 负责) | duty (加强, 落实)

    @property
    def adjacent(self) -> bool:
        return self.position != "free"


@lru_cache(maxsize=4)
def modal_cues(patterns_file: str = MODAL_FILE) -> dict[str, Cue]:
    """The cue table of `patterns/modal_verbs.tsv` (or another file of that shape), checked on load."""
    cues = {}
    for n, (word, strength, lead, position) in enumerate(read_table(patterns_file, 4), 1):
        if strength not in STRENGTHS or lead not in ("true", "false", "-") or position not in POSITIONS:
            raise PatternFileError(patterns_file, f"row {n}: bad strength/lead/position in {word!r}")
        cues[word] = Cue(word, strength, {"true": True, "false": False}.get(lead), position)
    return cues


def _load_user_dict() -> None:
    """Add the policy terms to jieba's default tokenizer, which spaCy's zh tokenizer uses."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    path = resources.files(PATTERN_PACKAGE) / PATTERN_DIR / USER_DICT
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts or line.startswith("#"):
            continue
        if len(parts) > 3 or (len(parts) > 1 and not parts[1].isdigit()):
            raise PatternFileError(str(path), f"line {n}: expected 'word [freq] [tag]', got {line!r}")
        freq = int(parts[1]) if len(parts) > 1 else None
        jieba.add_word(parts[0], freq, parts[2] if len(parts) > 2 else None)


class ModalMatcher:
    """Marks obligation cues that are whole tokens; writes `doc.spans[spans_key]` labelled by strength."""

    def __init__(self, nlp: Language, name: str, patterns_file: str, spans_key: str):
        from spacy.matcher import Matcher

        self.name = name
        self.spans_key = spans_key
        self.cues = modal_cues(patterns_file)
        self.matcher = Matcher(nlp.vocab)
        for word, cue in self.cues.items():
            self.matcher.add(cue.strength, [[{"ORTH": word}]])

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        cues = self.cues
        doc.spans[self.spans_key] = [Span(doc, s, e, label=cues[doc[s:e].text].strength)
                                     for _, s, e in self.matcher(doc, as_spans=False)]
        return doc


class ActorTagger:
    """Adds the general actor patterns (…部门, …局, 各地) to the gazetteer spans in `doc.spans[spans_key]`."""

    def __init__(self, name: str, spans_key: str):
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        for actor in find_actors(doc.text):
            span = doc.char_span(actor.start, actor.end, label="ACTOR", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


def _register() -> None:
    from spacy.language import Language

    if "policy_modals" in Language.factories:
        return

    @Language.factory("policy_modals", default_config={"patterns_file": MODAL_FILE, "spans_key": "modal"})
    def make_modal_matcher(nlp: Language, name: str, patterns_file: str, spans_key: str) -> ModalMatcher:
        return ModalMatcher(nlp, name, patterns_file, spans_key)

    @Language.factory("policy_actors", default_config={"spans_key": "actor"})
    def make_actor_tagger(nlp: Language, name: str, spans_key: str) -> ActorTagger:
        return ActorTagger(name, spans_key)


def _gazetteer_patterns() -> list[dict]:
    """SpanRuler patterns: whole-word actors and every alias and canonical name."""
    t = tables()
    words = set(t.collective) | {a for a, _ in t.aliases} | {c for _, c in t.aliases}
    return [{"label": "ACTOR", "pattern": w, "id": w} for w in sorted(words) if len(w) > 1]


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Build the pipeline once: blank zh + jieba + user dictionary, gazetteer, actors, modals."""
    import spacy

    _register()
    _load_user_dict()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("span_ruler", name="actor_gazetteer",
                         config={"spans_key": "actor", "phrase_matcher_attr": "TEXT", "validate": True})
    ruler.add_patterns(_gazetteer_patterns())
    nlp.add_pipe("policy_actors")
    nlp.add_pipe("policy_modals")
    return nlp


@lru_cache(maxsize=1)
def modal_exclusions() -> frozenset[str]:
    """Words that begin with a cue character but carry no obligation (要求, 应用, 可能)."""
    return frozenset(word for word, _ in read_table(EXCLUSION_FILE, 2))


def cue_token_starts(text: str) -> set[int]:
    """Offsets where a token begins with an obligation cue: 要 in 各地/要/加强 and 要用, not 要求 or 重要.

    Only the segmentation is needed here (the whole-token cues are a subset of these starts), so the
    text goes through the tokenizer alone: this runs on candidate clauses during ingest."""
    doc = get_nlp().make_doc(text)
    excluded = modal_exclusions()
    first_chars = _cue_first_chars()
    return {t.idx for t in doc if t.text[0] in first_chars and t.text not in excluded}


@lru_cache(maxsize=1)
def _cue_first_chars() -> frozenset[str]:
    return frozenset(word[0] for word in modal_cues())
