"""Actors of obligations (部门/局/委/政府, 各地, 东部地区, 驻村第一书记…): recognition, list
splitting and one canonical name per body.

Recognition uses general 公文 patterns, not a list of bodies: an actor is a run of characters
that ends with a suffix from `patterns/actor_suffixes.tsv` (…部门, …局, …政府, …单位, …书记) or
is a whole word from `patterns/actor_words.tsv` (各地, 我们), and stops at a word from
`patterns/actor_stops.tsv` (在, 要, 应当, 负责…).  Lists share their level and their suffix:
市、区财政部门 → 市财政部门 + 区财政部门; 县级以上人民政府发展改革、教育等部门 → one per body.
Abbreviations map to one canonical name through `patterns/department_aliases.tsv`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from schema.errors import PatternFileError

PATTERN_PACKAGE = "extractors"
PATTERN_DIR = "patterns"
MAX_ACTOR_CHARS = 48
# Page numbers that a PDF leaves inside a wrapped name (科创大走廊—5—管委会).
PAGE_MARK = re.compile(r"[—－-]\s*\d{1,3}\s*[—－-]")
_WS = re.compile(r"\s+")
# List separators at the top level of an actor phrase (not inside brackets).
_LIST_SEP = "、，,；;"
# 和/及/与 join two actors only after a complete name: 住房和城乡建设部门 stays whole.
_JOINERS = ("及其", "以及", "或者", "和", "及", "与", "或")
_JOINER_CHARS = frozenset(j[0] for j in _JOINERS)
_OWN = "\x00"  # marks the item after 及其 (its own staff/departments)
# （以下简称医保经办机构）: a definition, not part of the name.
_DEFINITION = re.compile(r"[（(]以下(?:简称|称)[^（）()]*[）)]")
# X等有关部门 → X when X is a body; 统计等部门 → 统计部门 when X is a bare domain.
_ETC_GROUP = re.compile(r"^(.+?)等(有关|相关|其他)?(部门|单位|机构)$")
_TRAILING = "等都也还均亦则就"
_QUANTIFIERS = ("每个", "每一", "任何", "各")
# Class nouns that a list shares (发展改革、教育等部门); a body's own name (集团, 公司) is not shared.
_SHARED_SUFFIXES = ("部门", "单位", "机构")
_ETC_BEFORE_SUFFIX = re.compile(r"等(?=部门$|单位$|机构$)")
# 残联等相关单位 → 残联: the class noun after 等 names the list, not the last body.
_ETC_CLASS = re.compile(r"(?<=.)等(?:相关|有关|其他)?(?:单位|机构)$")
# A cue inside a would-be name means the phrase ran past its verb (街道（镇）应优化…布局).
_CUE_INSIDE = re.compile(r"应当|必须|不得|负责|可以|应(?![急用届聘征])|要(?![素求闻])|"
                         r"贯彻|落实|推进|推动|加强|加大|做好|履行|确保|建立|健全|完善")
# Suffixes too short to end a name when any word may follow it (由…为组长: 组 ends nothing).
_WEAK_SUFFIXES = frozenset("组队科处站院所县部")
# 等有关部门和单位 after named units: one class phrase that closes the list.
_ETC_CLASS_PAIR = re.compile(r"等(有关|相关|其他)?(部门|单位|机构)(?:和|及|与)(?:部门|单位|机构)")
# Words that qualify the 各级 body after them rather than name a body (地方各级人民政府).
_MODIFIERS = frozenset({"地方"})
_BRACKETED_TAIL = re.compile(r"[（(][^（）()]*[）)]$")


@dataclass(frozen=True)
class Actor:
    """One actor phrase in a text: its span and the names it lists, one per body."""

    start: int
    end: int
    phrase: str
    names: tuple[str, ...]


def read_table(name: str, columns: int) -> list[tuple[str, ...]]:
    """Rows of a tab-separated pattern file; `#` lines are comments. Bad rows raise PatternFileError."""
    path = resources.files(PATTERN_PACKAGE) / PATTERN_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as err:
        raise PatternFileError(str(path), f"cannot read pattern file: {err}") from err
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns or not all(c.strip() for c in cells):
            raise PatternFileError(str(path), f"line {number}: expected {columns} non-empty tab-separated "
                                              f"columns, got {line!r}")
        rows.append(tuple(c.strip() for c in cells))
    return rows


@dataclass(frozen=True)
class _Tables:
    suffixes: tuple[str, ...]  # longest first
    collective: frozenset[str]
    levels: frozenset[str]
    boundaries: tuple[str, ...]  # longest first
    parties: tuple[str, ...]  # suffixes of market bodies and private persons (企业, 人员)
    leading_stops: tuple[str, ...]  # prepositions and adverbs that cannot open a name
    inner_re: re.Pattern  # verbs that cannot stand inside a name (给予, 通知): what follows is an object
    nonnames: tuple[str, ...]  # words that end with a suffix but name no body (布局, 部署)
    openers: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...]  # longest alias first
    end_words: frozenset[str]  # suffixes and whole-word actors
    exclusions: tuple[str, ...]  # words that begin with a cue but are none (负责人): no boundary
    listed_collective: tuple[str, ...]  # 各区、县（市）: conventional lists that name one class
    boundary_re: re.Pattern
    ends_re: re.Pattern  # overlapping search for the end of a name
    suffix_tail: re.Pattern  # a name's last word


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """Load and compile the actor tables once, on first use."""
    suffix_rows = read_table("actor_suffixes.tsv", 2)
    for suffix, kind in suffix_rows:
        if kind not in ("org", "region", "person", "party"):
            raise PatternFileError("actor_suffixes.tsv", f"unknown kind {kind!r} for {suffix!r}")
    suffixes = tuple(sorted({s for s, _ in suffix_rows}, key=len, reverse=True))
    words = read_table("actor_words.tsv", 2)
    for word, kind in words:
        if kind not in ("collective", "level"):
            raise PatternFileError("actor_words.tsv", f"unknown kind {kind!r} for {word!r}")
    stops = read_table("actor_stops.tsv", 2)
    for word, role in stops:
        if role not in ("boundary", "opener", "verb", "inner"):
            raise PatternFileError("actor_stops.tsv", f"unknown role {role!r} for {word!r}")
    aliases = tuple(sorted(read_table("department_aliases.tsv", 2), key=lambda r: len(r[0]), reverse=True))
    cue_words = {row[0] for row in read_table("modal_verbs.tsv", 4)}
    ends = sorted(set(suffixes) | {w for w, k in words if k == "collective"}, key=len, reverse=True)
    return _Tables(
        suffixes=suffixes,
        collective=frozenset(w for w, k in words if k == "collective"),
        levels=frozenset(w for w, k in words if k == "level"),
        boundaries=tuple(sorted({w for w, r in stops if r == "boundary"} | cue_words, key=len, reverse=True)),
        parties=tuple(s for s, k in suffix_rows if k == "party"),
        leading_stops=tuple(w for w, r in stops if r in ("boundary", "verb")) + tuple(cue_words),
        inner_re=re.compile("|".join(re.escape(w) for w, r in stops if r == "inner")),
        nonnames=tuple(w for w, _ in read_table("actor_nonnames.tsv", 2)),
        openers=tuple(sorted((w for w, r in stops if r == "opener"), key=len, reverse=True)),
        aliases=aliases,
        end_words=frozenset(ends),
        exclusions=tuple(w for w, _ in read_table("modal_exclusions.tsv", 2)),
        listed_collective=tuple(sorted((w for w, k in words if k == "collective" and "、" in w),
                                       key=len, reverse=True)),
        boundary_re=re.compile("|".join(re.escape(b) for b in sorted(
            {w for w, r in stops if r == "boundary"} | cue_words, key=len, reverse=True))),
        ends_re=re.compile("(?=(" + "|".join(re.escape(e) for e in ends) + "))"),
        suffix_tail=re.compile("(?:" + "|".join(re.escape(e) for e in ends) + ")$"),
    )


def clean_name(name: str) -> str:
    """Whitespace and PDF page marks removed: the form the export contract wants."""
    return _WS.sub("", PAGE_MARK.sub("", name))


def canonical_department(name: str) -> str:
    """One name per body: 市人社局 → 市人力资源社会保障局, 人社部门 → 人力资源社会保障部门."""
    name = clean_name(name)
    for alias, canonical in tables().aliases:
        if name.endswith(alias) and not name.endswith(canonical):
            return name[: len(name) - len(alias)] + canonical
    return name


def _has_suffix(name: str) -> bool:
    return tables().suffix_tail.search(name) is not None


def ends_with_suffix(text: str) -> bool:
    """Whether a text ends with an actor suffix or word (县要…: the cue follows a name)."""
    return _has_suffix(text[-12:]) if text else False


def is_pronoun(name: str) -> bool:
    """我们 and the like: a speaker, not a body a bare duty verb binds (我们统筹… narrates)."""
    return name in ("我们", "我", "我国")


def is_party(name: str) -> bool:
    """A market body or private person (企业, 用人单位, 补贴对象), not a public body."""
    return any(name.endswith(s) for s in tables().parties)


def is_actor_name(name: str) -> bool:
    """Whether a single name reads as an actor: a suffixed name, 各地-like word or 每个区-like level."""
    t = tables()
    if name.endswith(t.nonnames):  # 布局, 部署, 全部: end like a name but are not one
        return False
    if _has_suffix(name) and len(name) >= 2 and (name not in t.suffixes or len(name) >= 3) \
            and not _anaphoric(name):
        return len(name) <= MAX_ACTOR_CHARS
    name = _BRACKETED_TAIL.sub("", name)
    if not name or len(name) > MAX_ACTOR_CHARS or name in t.suffixes or _anaphoric(name):
        return False
    if name in t.collective:
        return True
    for q in _QUANTIFIERS:
        if name.startswith(q) and name[len(q):] in t.levels:
            return True
    return _has_suffix(name) and len(name) >= 2


# 有条件的, 有能力的: a qualifier that is part of a bare collective actor's name.
_QUALIFIER = re.compile(r"有[^，,。；;的]{1,3}的$")


def is_qualified(phrase: str) -> bool:
    """有条件的地区, 有能力的单位: a class picked by a condition, which a bare duty verb does not bind
    (有条件的地区推动… encourages; 有条件的地方可… permits)."""
    return re.match(r"有[^，,。；;的]{1,3}的", phrase) is not None


def _anaphoric(name: str) -> bool:
    """其/该/此 + a body points back at one already named (其主管部门); 其他有关部门 names a class."""
    return name[:1] in "其该此" and not name.startswith("其他")


def _top_level_split(phrase: str) -> list[str]:
    """Split at list separators and joiners outside brackets; joiners only after a full name.

    A conventional list (各区、县（市）政府) stays one actor."""
    listed = tables().listed_collective
    items, depth, start, i = [], 0, 0, 0
    while i < len(phrase):
        ch = phrase[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _LIST_SEP:
            if any(phrase.startswith(c, start) and start + len(c) > i for c in listed):
                i += 1
                continue
            items.append(phrase[start:i])
            start = i + 1
        elif depth == 0:
            joiner = None
            if ch in _JOINER_CHARS:
                joiner = next((j for j in _JOINERS if phrase.startswith(j, i)), None)
            if joiner and _has_suffix(phrase[start:i].rstrip("等")):
                items.append(phrase[start:i])
                items.append(_OWN if joiner == "及其" else "")
                start = i + len(joiner)
                i = start
                continue
            head = phrase[start:i]
            if ch == "各" and i > start and _has_suffix(head) and head not in _MODIFIERS:
                items.append(phrase[start:i])
                start = i
        i += 1
    items.append(phrase[start:])
    merged: list[str] = []
    for item in items:  # "及其" marks the next item as belonging to the previous one
        if merged and merged[-1] == _OWN:
            merged[-1] = _OWN + item
        elif item != "":
            merged.append(item)
    return [m.strip(_TRAILING) if m.endswith("等") else m for m in merged if m]


def _level_prefix(name: str) -> str:
    """The level words a name starts with: 县级以上人民政府 / 市 / 各级 (longest first)."""
    t = tables()
    m = re.match(r"(县级以上(?:地方)?(?:各级)?(?:人民)?政府|各级(?:人民)?政府|县级以上|各级)", name)
    if m and len(name) > len(m.group()):
        return m.group()
    for n in (2, 1):
        if name[:n] in t.levels and len(name) > n and name[:n + 2] not in t.collective:
            return name[:n]
    return ""


def split_actors(phrase: str) -> list[str]:
    """One name per body in an actor phrase, sharing level and suffix across the list."""
    phrase = clean_name(phrase)
    opened = phrase.count("（") + phrase.count("(")
    if phrase[:1] in "（(" and opened > phrase.count("）") + phrase.count(")"):
        phrase = phrase[1:]  # a tag's opening bracket
    if phrase.startswith("任何") or phrase in tables().collective:  # 任何单位和个人, 各区、县（市）
        return [phrase]
    phrase = _ETC_CLASS_PAIR.sub(r"等\1\2", phrase)  # A、B等有关部门和单位 → A、B (no class record)
    items = [i.rstrip(_TRAILING) for i in _top_level_split(phrase)]
    items = [i for i in items if i]
    if len(items) <= 1:
        return [_strip_relative(i) for i in items]
    t = tables()
    items = [part for item in items for part in _joined_levels(item)]
    run = _level_run(items)
    if run is not None:  # 市、区教育、公安…等单位 → 市、区教育 + 市、区公安 + …
        return [run[0] + name for name in split_actors("、".join(run[1]))]
    first_level = _level_prefix(items[0])
    last_suffix = "" if _ETC_CLASS.search(items[-1]) else \
        next((s for s in _SHARED_SUFFIXES if items[-1].endswith(s)), "")
    shared = any(not _has_suffix(i) and i not in t.levels and not i.startswith(_OWN) for i in items)
    quantifier = next((q for q in _QUANTIFIERS if items[0].startswith(q) and q != "各"), "")
    names = []
    for k, item in enumerate(items):
        if quantifier and not item.startswith(_QUANTIFIERS):  # 每个街道、镇 → 每个镇; 任何单位和个人
            names.append(quantifier + item)
            continue
        if item in t.suffixes and names:  # 相关部门和单位 → 相关单位; 各级党委和政府 → 各级政府
            first = names[0]
            modifier = next((first[:-len(x)] for x in t.suffixes if first.endswith(x)), "")
            names.append(modifier + item)
            continue
        if item.startswith(_OWN):  # 各级政府及其工作人员 → 各级政府工作人员
            names.append(names[-1] + item[1:] if names else item[1:])
            continue
        body = next((i for i in items[k + 1:] if i not in t.levels), None)
        if item in t.levels and body is not None:  # 市、区民政部门; 市和区、县…部门
            nxt = body
            lvl = _level_prefix(nxt)
            names.append(item + nxt[len(lvl):] if lvl else item + nxt)
            continue
        if not _has_suffix(item) and last_suffix:  # 发展改革、教育等部门
            item = item + last_suffix
        if shared and first_level and not _level_prefix(item) and item not in t.collective:
            item = first_level + item
        names.append(_strip_relative(item))
    return names


def _joined_levels(item: str) -> list[str]:
    """市和区 (in 市和区、县…部门) is two levels, not a body."""
    for joiner in ("和", "及", "与"):
        parts = item.split(joiner)
        if len(parts) == 2 and all(p in tables().levels for p in parts):
            return parts
    return [item]


def _level_run(items: list[str]) -> tuple[str, list[str]] | None:
    """Levels written once before a list of two or more domains (市、区教育、公安、财政等部门): the levels
    as written and the domains. One level pair before one body (市、区民政部门) is two actors instead."""
    t = tables()
    k = 0
    while k < len(items) and items[k] in t.levels:
        k += 1
    if k == 0 or len(items) - k < 2:
        return None
    level = _level_prefix(items[k])
    if level not in t.levels or _has_suffix(items[k][len(level):]):
        return None  # 区、镇人民政府和街道办事处: the levels belong to the first body only
    return "、".join(items[:k] + [level]), [items[k][len(level):]] + items[k + 1:]


def _strip_relative(name: str) -> str:
    name = _DEFINITION.sub("", name).lstrip("·•・-—（(")
    m = _ETC_GROUP.match(name)
    if m:
        return m.group(1) if _has_suffix(m.group(1)) or m.group(2) else m.group(1) + m.group(3)
    return _strip_lead_in(name)


def _strip_lead_in(name: str) -> str:
    """Drop a relative lead-in and a listing 等: 统计等部门 → 统计部门."""
    if name.startswith("其") and "的" in name:
        name = name[name.index("的") + 1:]
    return _ETC_BEFORE_SUFFIX.sub("", _ETC_CLASS.sub("", name))


def _boundary_at(text: str, pos: int) -> bool:
    if pos >= len(text) or text[pos] in "，,。；;：:！？\n":
        return True
    t = tables()
    return t.boundary_re.match(text, pos) is not None and not text.startswith(t.exclusions, pos)


def _valid_phrase(phrase: str) -> tuple[str, ...]:
    if not phrase or len(phrase) > MAX_ACTOR_CHARS * 3 or re.search(r"[，。；：！？\n]", phrase):
        return ()
    if _CUE_INSIDE.search(phrase) or re.search(r"\d", phrase):
        return ()
    t = tables()
    if phrase.startswith(t.leading_stops):  # 对…县、…地区加大倾斜: an object, not a subject
        return ()
    if t.inner_re.search(phrase, 1):  # …给予用人单位, …通知申请对象: the name is an object
        return ()
    names = tuple(n for n in split_actors(phrase))
    if names and all(n in t.levels for n in names) and len(names) > 1:  # 区、街道（镇）
        return names
    if names and _ETC_CLASS.search(clean_name(phrase)):  # 民政、公安、残联等相关单位: bare domains
        return names if all(len(n) <= 12 for n in names) else ()
    if names and all(is_actor_name(n) for n in names):
        return names
    return ()


def actor_ending_at(text: str, end: int, start: int = 0) -> Actor | None:
    """The actor phrase that ends at `end` (right before a modal), beginning at `start` or after an opener."""
    region = text[start:end].rstrip(_TRAILING)
    if not region:
        return None
    left = 0
    for opener in tables().openers:
        k = region.rfind(opener)
        if k > 0 and opener == "请":
            continue  # 请 opens a request only at the clause start; 申请地…, 报请… hold it inside a word
        if k >= 0 and k + len(opener) > left and k + len(opener) < len(region):
            left = k + len(opener)
    after_de = region.rfind("的") + 1
    qualified = _QUALIFIER.search(region, 0, after_de)
    if qualified and region[after_de:] in tables().collective and not region[after_de:].startswith("各"):
        after_de = qualified.start()  # 有条件的地方: the qualifier names which places, as 有条件的地市 does
    for lo in sorted({left, 0, after_de}, reverse=True):
        phrase = region[lo:]
        names = _valid_phrase(phrase)
        if names:
            return Actor(start + lo, start + len(region), clean_name(phrase), names)
        if phrase in tables().levels and lo in (0, after_de):  # 省将…, …较少的社区（村）可…
            return Actor(start, start + len(region), phrase, (phrase,))
    return None


def actor_starting_at(text: str, start: int, limit: int | None = None, loose: bool = False) -> Actor | None:
    """The actor phrase that opens a clause at `start` and stops at a boundary word.

    `loose`: any word may follow the name (由省人民政府确定 — the verb after 由 is open)."""
    stop = len(text) if limit is None else min(limit, len(text))
    window = text[start:min(stop, start + (MAX_ACTOR_CHARS if loose else MAX_ACTOR_CHARS * 3))]
    ends = [e + 1 if e < len(window) and window[e] in "）)" else e  # 农业农村部（国家乡村振兴局）
            for e in _suffix_ends(window)]
    words = tables().end_words
    inner = tables().inner_re
    loose_ends = [e for e in ends if (window[e - 1] not in _WEAK_SUFFIXES
                  or any(window[max(0, e - n):e] in words for n in (2, 3, 4)))
                  and not inner.match(window, e - 1)]  # 区民政部门委托…: 委 begins 委托
    # Loose: the longest name that holds (由扶贫项目管理部门或者…乡人民政府依照…).
    for end in [e for e in ends if _boundary_at(window, e)] + (loose_ends[::-1] if loose else []):
        names = _valid_phrase(window[:end])
        if names:
            return Actor(start, start + end, clean_name(window[:end]), names)
    word = next((w for w in sorted(tables().collective, key=len, reverse=True) if window.startswith(w)), "")
    if word and word != "各级":  # 我们这样一个人口大国，必须…
        return Actor(start, start + len(word), word, (word,))
    return None


def _suffix_ends(window: str) -> list[int]:
    """Every offset where an actor suffix or word ends, overlaps included (工作队 and 队员)."""
    return sorted({m.start() + len(m.group(1)) for m in tables().ends_re.finditer(window)})


def find_actors(text: str) -> list[Actor]:
    """Actor phrases at the start of each clause of a text (the subject position in 公文)."""
    actors = []
    for m in re.finditer(r"[^，,。；;：:！？\n]+", text):
        begin = m.start() + len(m.group()) - len(m.group().lstrip())
        actor = actor_starting_at(text, begin, m.end())
        if actor:
            actors.append(actor)
    return actors


# A listed item that cannot be a unit's name: a number, a clause or a verb phrase.
_NOT_A_UNIT = re.compile(r"[\d的，。：:；;！？]")


def is_unit_like(name: str) -> bool:
    """Whether an item of a responsibility tag can be a unit's name the suffix table does not know
    (市足协, 杭师大): short, no digits or clause marks, no cue or verb inside."""
    name = clean_name(name)
    if not 2 <= len(name) <= 20 or _NOT_A_UNIT.search(name) or _CUE_INSIDE.search(name):
        return False
    t = tables()
    return not name.startswith(t.leading_stops) and not name.endswith(t.nonnames) \
        and not t.inner_re.search(name, 1)


def split_tag_units(body: str) -> list[str]:
    """The units a responsibility tag lists, one per item. In a tag every item is a unit by
    construction, so a name the suffix table does not know (市足协, 杭师大, 团市委) stays as written;
    only bare domains or levels that share a later class noun (发展改革、教育等部门; 市、区财政部门) go
    through split_actors."""
    items = [i.rstrip(_TRAILING) for i in _top_level_split(clean_name(body))]
    items = [i for i in items if i]
    t = tables()
    shared = any(not _has_suffix(i) and i not in t.collective for i in items[:-1]) \
        and items[-1].endswith(_SHARED_SUFFIXES)
    if shared or any(i.startswith(_OWN) or i in t.levels or i in t.suffixes for i in items):
        return split_actors(body)
    return [_strip_relative(i) for i in items]
