"""Word lists behind the target and achievement extractors, read and compiled once on first use.

quantity_cues.tsv holds the cue words that tell a goal from a result (weighed by class);
admin_divisions.tsv is the one gazetteer of places: quantities.py reads regions from it and the
subsidy extractor reads the names whose bare mention sets a region (`region_names`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.normalize.numbers import read_pattern_rows
from schema.errors import PatternFileError

CUE_CLASSES = ("future", "past", "ctx_future", "ctx_past", "ctx_condition", "ratio", "budget", "subsidy",
               "existing", "national", "local", "dimensionless", "head_past", "head_future", "firm_future",
               "progressive", "capacity", "result", "category", "rules_genre", "goal",
               "planning", "faq_title", "generic_area")


@dataclass(frozen=True)
class Cues:
    """Cue words by class, each with its weight, and one regex per class."""

    words: dict[str, dict[str, float]]
    patterns: dict[str, re.Pattern[str]]

    def score(self, cls: str, text: str) -> float:
        """Summed weight of the class's cue words found in `text`."""
        return sum(self.words[cls][w] for w in self.patterns[cls].findall(text))

    def has(self, cls: str, text: str) -> bool:
        """Whether any cue word of the class occurs in `text`."""
        return bool(self.patterns[cls].search(text))


# A county's or district's proper name: two characters and 县/区/旗 (象州县, 天河区), or …自治县, or a 新区.
COUNTY_NAME = r"(?:[\u4e00-\u9fff]{2,6}自治县|[\u4e00-\u9fff]{2}(?:县|区|旗)|[\u4e00-\u9fff]{2,3}新区)(?!域)"
# 广西壮族自治区 → 广西: the ethnic name belongs to the suffix, not to the place's short name.
_DIVISION_SUFFIX = re.compile(r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|省|市|地区|州|盟)$")


@dataclass(frozen=True)
class Gazetteer:
    """Short place names (广州) with their level and province, and one regex for their mentions."""

    level: dict[str, str]
    province: dict[str, str]
    pattern: re.Pattern[str]

    def canonical(self, mention: str) -> str:
        """广州市 → 广州, 内蒙古自治区 → 内蒙古; names already short are kept."""
        return mention if mention in self.level else _DIVISION_SUFFIX.sub("", mention)


@cache
def cues() -> Cues:
    """quantity_cues.tsv, checked and compiled once."""
    words: dict[str, dict[str, float]] = {c: {} for c in CUE_CLASSES}
    for lineno, (word, cls, weight) in read_pattern_rows("quantity_cues.tsv", 3):
        if cls not in words:
            raise PatternFileError("extractors/patterns/quantity_cues.tsv", f"line {lineno}: class {cls!r}")
        try:
            words[cls][word] = float(weight)
        except ValueError as err:
            raise PatternFileError("extractors/patterns/quantity_cues.tsv",
                                   f"line {lineno}: weight {weight!r}") from err
    patterns = {c: re.compile("|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True)) or "(?!)")
                for c, ws in words.items()}
    return Cues(words, patterns)


LEVELS = ("country", "province", "city")


@cache
def _division_rows() -> tuple[tuple[str, str, str, bool], ...]:
    """admin_divisions.tsv (the one place gazetteer), checked once: name, level, province, mention."""
    rows = []
    for lineno, (name, lvl, prov, mention) in read_pattern_rows("admin_divisions.tsv", 4):
        if lvl not in LEVELS or mention not in ("yes", "no"):
            raise PatternFileError("extractors/patterns/admin_divisions.tsv",
                                   f"line {lineno}: level {lvl!r} or mention {mention!r}")
        rows.append((name, lvl, prov, mention == "yes"))
    return tuple(rows)


@cache
def gazetteer() -> Gazetteer:
    """Provinces and cities compiled once (longest names first, optional suffix); 全国 is a cue."""
    level, province = {}, {}
    for name, lvl, prov, _mention in _division_rows():
        if lvl != "country":
            level[name], province[name] = lvl, prov
    alternation = "|".join(re.escape(n) for n in sorted(level, key=len, reverse=True))
    suffix = r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|地区|州|盟)?"
    # Spaces inside short names occur in PDF tables (河 北); targets._is_place removes them first.
    return Gazetteer(level, province, re.compile(f"(?:{alternation}){suffix}"))


@cache
def region_names() -> dict[str, str]:
    """Surface → short name for the places whose bare mention sets a region (mention = yes):
    the short name, and the full form (广西壮族自治区, 广州市). Read by the subsidy extractor."""
    names: dict[str, str] = {}
    for name, lvl, prov, mention in _division_rows():
        if mention:
            names[name] = name
            if lvl != "country":
                names[prov if lvl == "province" else name + "市"] = name
    return names
