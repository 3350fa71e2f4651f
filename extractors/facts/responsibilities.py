"""Extract responsibilities: actor + obligation + strength + lead (see ../shared/eval/GUIDELINES.md).

Three shapes of 公文 text are read:
- tags after an item (responsibility_tags.py): （责任单位：A、B）, [A、B，C], （A牵头，B配合）,
  （A、B按职责分工负责）, with the document's lead rule (列第一位者为牵头单位, 逗号前为牵头单位);
- clauses with a subject and a cue: 各地要…, 市民政部门应当…, 省将…, 由人社部门牵头…,
  县级以上人民政府相关部门在…时，应当…; one record per actor of a listed subject;
- clauses with no subject that continue the previous actor's sentence in the same paragraph; in a
  regulation (第X条 articles), every sentence of an article without its own subject continues it.

Cue words, their strength and lead live in patterns/modal_verbs.tsv, words that decide whether a
clause has its own subject in patterns/clause_openers.tsv, actor patterns in extractors.departments.
Only a clause whose one-character cue (要, 应, 可, 将) needs whole-token confirmation goes through
the spaCy tokenizer (`extractors.nlp`); everything else is compiled regexes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.departments import (
    Actor,
    actor_ending_at,
    actor_starting_at,
    ends_with_suffix,
    is_actor_name,
    is_party,
    is_pronoun,
    is_qualified,
    read_table,
    split_tag_units,
)
from extractors.facts.responsibility_tags import lead_rule, responsibility_fact, tag_facts
from extractors.nlp import Cue, cue_token_starts, modal_cues, modal_exclusions
from extractors.textnorm import ITEM_NUMBER, LIST_NUMBER
from schema.errors import PatternFileError
from schema.records import Document, Fact, Sentence

MAX_EVIDENCE = 200
MAX_ACTION = 80
_NUM = "一二三四五六七八九十百零〇\\d"
BY_ACTOR = re.compile(r"由")
# A time between 由X and its verb: 由A在受理需求后15日内组织….
BY_TIME = re.compile(r"^在[^，,；;]{1,24}?(?:之后|以后|后|之前|以前|前|以内|内|时)"
                     r"(?:[\d一二三四五六七八九十]+个?(?:工作日|日|天|月)(?:以)?内)?")
CLAUSE = re.compile(r"[^，,；;：:]+[，,；;：:]?")
# A clause that is only a time is no subject (2023年，…; 年底前，…; 受理需求后，…).
TIME_CLAUSE = r"\d{4}\s*年(?:度)?|[^，,]{0,12}(?:前|后|时|期间|以来)"
OPENER_ROLES = ("filler", "preposition", "object_front", "encouragement", "definition", "adverb", "decision",
                "assignment")
AMBIGUOUS = frozenset("要应可将须")
# Beneficiaries and schools after 由 pay or receive; they carry no public duty (由资助对象自行支付).
# Staff (由基层工作人员…抽查) do act, so 人员 is not among them.
PRIVATE_PERSONS = ("个人", "对象", "高校", "学校", "申请人", "参保人", "借款人", "投保人", "居民", "毕业生",
                   "农户")
# People a policy benefits: 失业人员可…申领, 服务对象可申请 state an entitlement, not a duty (their
# 应/须 duties and 有权 rights still count).
BENEFICIARIES = ("人员", "个人", "对象", "毕业生", "居民")
PERMISSIONS = frozenset({"可", "可以"})
# 可按规定享受…待遇, 可申领…: what a permission grants is a benefit to receive, whoever the subject.
ENTITLEMENT = re.compile(r"[^，,。；;]{0,24}?(享受|领取|申领|报销)")
# 任何单位和个人不得…: a prohibition on everyone; the next sentence does not continue it.
UNIVERSAL = ("任何", "一切", "所有")
ARTICLE = re.compile(rf"^[\s*#]*第[{_NUM}]+[条章节]")
ARTICLE_LINE = re.compile(rf"(?m)^[\s*#]*第[{_NUM}]+条")
HEADING = re.compile(rf"^[\s*#]*第[{_NUM}]+[章节]")
ENUMERATED = re.compile(rf"^[\s*#]*{LIST_NUMBER}")
# Numbering and markup before a clause's subject: 第五条, 一、, （三）, 2., **, #.
LEADING_MARK = re.compile(rf"^[\s*#>]*{ITEM_NUMBER}?[\s*#]*")
_WS = re.compile(r"\s+")
LEAD_CUE = re.compile(r"(牵头|配合|协助)(?!单位|部门|[，,。；;）)]|$)")
IDIOM = re.compile(r"应(.)尽\1")  # 应发尽发, 应保尽保: "all who qualify", not an obligation
COPING = re.compile(r"(?:需要|积极|有效|妥善|科学|及时|共同|主动|沉着|从容|合力|全力|如何|用于)$")


@dataclass(frozen=True)
class _Openers:
    """The clause-opening words of patterns/clause_openers.tsv, compiled once."""

    filler: re.Pattern
    preposition: re.Pattern
    object_front: re.Pattern
    encouragement: re.Pattern
    definition: re.Pattern
    adverb: re.Pattern  # 依法, 主动, 按照各自职责: may stand between an actor and 负责/配合/协助
    decision: re.Pattern  # 批准, 不予批准: a condition on the carried actor's own decision
    adverb_prefix: re.Pattern  # the same adverbs opening a text (由A依法负责…)
    assignment: re.Pattern  # 牵头, 负责: verbs after 由X that assign a duty in a 方案 or 通知


@lru_cache(maxsize=1)
def openers() -> _Openers:
    """Load patterns/clause_openers.tsv; an unknown role raises PatternFileError."""
    words: dict[str, list[str]] = {role: [] for role in OPENER_ROLES}
    for word, role in read_table("clause_openers.tsv", 2):
        if role not in words:
            raise PatternFileError("clause_openers.tsv", f"unknown role {role!r} for {word!r}")
        words[role].append(re.escape(word))
    alt = {role: "|".join(sorted(ws, key=len, reverse=True)) for role, ws in words.items()}
    return _Openers(filler=re.compile(f"^(?:{alt['filler']}|{TIME_CLAUSE})$"),
                    preposition=re.compile(f"^(?:{alt['preposition']})"),
                    object_front=re.compile(f"^(?:{alt['object_front']})"),
                    encouragement=re.compile(f"^(?:{alt['encouragement']})"),
                    definition=re.compile(alt["definition"]),
                    adverb=re.compile(f"(?:{alt['adverb']})+$"),
                    adverb_prefix=re.compile(f"^(?:{alt['adverb']})+"),
                    decision=re.compile(f"^(?:{alt['decision']})"),
                    assignment=re.compile(f"^(?:{alt['assignment']})"))


@lru_cache(maxsize=1)
def modal_exclusions_prefix() -> tuple[str, ...]:
    return tuple(modal_exclusions())


@dataclass
class _Hit:
    actor_names: tuple[str, ...]
    cue: Cue
    clause_start: int  # offset in the sentence
    cue_start: int
    cue_end: int
    lead: bool | None
    explicit: bool = True


@lru_cache(maxsize=1)
def _candidate_re() -> re.Pattern:
    """The cheap filter: a sentence without any cue, tag or 由 is never segmented."""
    words = sorted(modal_cues(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words) + r"|责任单位|牵头单位|由|不允许|不准")


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(modal_cues(), key=len, reverse=True)))


class _Tokens:
    """Token starts of one sentence's clauses, each segmented only if a one-character cue needs it."""

    def __init__(self, text: str):
        self.text = text
        self._starts: dict[int, set[int]] = {}

    def starts_token(self, offset: int, lo: int, hi: int) -> bool:
        if lo not in self._starts:
            self._starts[lo] = {lo + k for k in cue_token_starts(self.text[lo:hi])}
        return offset in self._starts[lo]


def _find_cues(text: str, lo: int, hi: int, token_starts: _Tokens | None) -> list[tuple[int, int, Cue]]:
    """Cue words in text[lo:hi]; one-character cues count only as whole tokens."""
    found = []
    for m in _cue_re().finditer(text, lo, hi):
        word = m.group()
        if text.startswith(modal_exclusions_prefix(), m.start()) or IDIOM.match(text, m.start()):
            continue  # 要求, 负责人, 应发尽发
        if text.startswith("应对", m.start()) and COPING.search(text, max(0, m.start() - 2), m.start()):
            continue  # 需要应对…, 积极应对…: "cope with", not 应 + 对
        if word in AMBIGUOUS and token_starts is not None and m.start() > lo \
                and not ends_with_suffix(text[lo:m.start()]):
            if not token_starts.starts_token(m.start(), lo, hi):
                continue  # 县要 (cue merged into the name) counts; 重要, 需要 do not
        found.append((m.start(), m.end(), modal_cues()[word]))
    return found


def _lead_after(text: str, pos: int, cue: Cue) -> bool | None:
    """牵头 → True, 配合/协助 → False: in the cue's own clause or opening a later clause of the
    sentence (…加大力度，配合做好…); not 牵头单位 (a noun) nor 予以协助 (help given on request)."""
    if cue.lead is not None:
        return cue.lead
    m = LEAD_CUE.search(text, pos)
    if m is None or (m.start() > pos and re.search(r"[，,；;]", text[pos:m.start()])
                     and text[m.start() - 1] not in "，,；;"):
        return None
    return m.group(1) == "牵头"


def _subject(text: str, lo: int, start: int, cue: Cue) -> tuple[Actor | None, bool]:
    """The actor before a cue in its clause, and whether the clause has no subject of its own."""
    region = text[lo:start].strip()
    if not region:
        return None, True
    if openers().object_front.match(region):
        return None, False  # 对涉及的第三方机构应当…: the body named is the object, the subject is unsaid
    actor = actor_ending_at(text, start, lo)
    if actor is None and cue.position == "adjacent":  # 村（居）民委员会依法协助…, …等单位按照各自职责主动配合
        adverbs = openers().adverb.search(text, lo, start)
        if adverbs is not None and adverbs.start() > lo:
            actor = actor_ending_at(text, adverbs.start(), lo)
    if actor is None and not cue.adjacent:
        actor = actor_starting_at(text, lo, start)
    if actor is not None:
        return actor, False
    return None, bool(openers().filler.match(region) or openers().preposition.match(region))


def _later_modal(text: str, pos: int, cue: Cue, token_starts: _Tokens | None) -> Cue:
    """会同各相关部门，应当…: a joint-action verb takes its strength from the modal that follows."""
    if cue.word not in ("会同", "配合", "协助", "牵头"):
        return cue
    for m in CLAUSE.finditer(text, pos):
        later = [c for _, _, c in _find_cues(text, m.start(), m.end(), token_starts) if c.position == "free"]
        if later:
            return Cue(cue.word, later[0].strength, cue.lead, cue.position)
    return cue


def _pick_cue(text: str, lo: int, cues: list[tuple[int, int, Cue]], listed: bool):
    """The first cue that reads as an obligation: a duty verb only right after a public body
    (or after a clause that is nothing but the actor list: …统计等部门，在各自职责范围内做好…)."""
    for start, end, cue in cues:
        actor, subjectless = _subject(text, lo, start, cue)
        if cue.position == "duty" and not (listed and subjectless):
            if actor is None or actor.start != lo or is_qualified(actor.phrase) \
                    or any(is_party(n) or is_pronoun(n) for n in actor.names):
                continue
        return start, end, cue, actor, subjectless
    return None


def _first_actor(text: str, clauses: list[tuple[int, int]]) -> tuple[Actor | None, bool]:
    """The actor that opens the sentence (after fillers such as 其中), and whether its clause is only that
    actor. A condition clause (…建设存在困难的，) may run any verb after the actor."""
    condition = False  # 镇人民政府认定不符合…条件，或…标准的，应…: the condition runs over clauses
    for lo, hi in clauses:
        clause = text[lo:hi].strip("，,；;：: \u3000")
        if clause.endswith("的"):
            condition = True
            break
        if _find_cues(text, lo, hi, None):
            break
    for lo, hi in clauses:
        clause = text[lo:hi].strip("，,；;：: \u3000")
        if openers().filler.match(clause) or openers().preposition.match(clause):
            continue
        lo += len(text[lo:hi]) - len(text[lo:hi].lstrip())
        actor = actor_starting_at(text, lo, hi, loose=condition)
        if actor is not None and condition and not clause.endswith("的") \
                and any(is_party(n) for n in actor.names):
            actor = None  # 参保人员有…需求，…符合条件的，可…: a beneficiary's condition, not a duty
        if actor is None:
            return None, False
        return actor, not text[actor.end:hi].strip("，,；; \u3000")
    return None, False


def _person_condition(text: str, clauses: list[tuple[int, int]]) -> bool:
    """线上申请困难的，可以…: a sentence opened by a condition on someone (…的，) has that someone as
    its subject, not the actor carried over; 对…的农户，…可… fronts an object instead."""
    first = text[clauses[0][0]:clauses[0][1]].strip("，,；; \u3000") if clauses else ""
    return first.endswith("的") and not openers().object_front.match(first) \
        and not openers().decision.match(first)


def _clause_hits(text: str, token_starts: _Tokens | None, articles: bool = False) -> list[_Hit]:
    """Subject + cue pairs in one sentence, clause by clause; a subjectless pair has no actor names.

    `articles`: the text is a regulation, where 由X + any verb assigns a competence."""
    hits: list[_Hit] = []
    clauses = [(m.start(), m.end()) for m in CLAUSE.finditer(text)]
    opening: list[tuple[Actor | None, bool]] = []  # the sentence's opening actor, found when needed
    for k, (lo, hi) in enumerate(clauses):
        lo += len(text[lo:hi]) - len(text[lo:hi].lstrip())
        banned = _banned_actor(text, lo, hi)
        if banned:
            hits.append(banned)
            continue
        named = None if hits or k == 0 else _designated(text, clauses[k - 1][0], lo, hi)
        if named:
            hits.append(named)
            continue
        by = None if hits else _by_actor(text, lo, hi, articles)
        if by is _DECIDES:
            continue  # 由A、B确定: A decides; no one else's duty is in the clause either
        if by:
            hits.append(by)
            continue
        cues = _find_cues(text, lo, hi, token_starts)
        if k > 0 and cues and not opening:
            opening.append(_first_actor(text, clauses))
        first, listed = opening[0] if opening else (None, False)
        picked = _pick_cue(text, lo, cues, listed and k > 0)
        if picked is None:
            continue
        start, end, cue, actor, subjectless = picked
        if actor is None and subjectless and k > 0 and first is not None:
            if hits:
                continue  # 各地要…，要…: the same actor, already recorded
            actor = first  # 县级以上人民政府相关部门在…时，应当…
        if actor is not None:
            lead = _lead_after(text, end, cue)
            hits.append(_Hit(actor.names, _later_modal(text, end, cue, token_starts), lo, start, end, lead))
        elif subjectless and not hits and cue.word != "将" and cue.position != "duty" \
                and not _person_condition(text, clauses):
            hits.append(_Hit((), cue, lo, start, end, _lead_after(text, end, cue), explicit=False))
    return hits


# A clause whose agent is 由X with no duty verb: X decides or approves, and nobody else acts in it.
_DECIDES = _Hit((), Cue("", "must", None, "free"), 0, 0, 0, None, explicit=False)


def _by_actor(text: str, lo: int, hi: int, articles: bool = False) -> _Hit | None:
    """由A牵头/负责… : the actor after 由 carries the duty. Outside a regulation only a duty verb
    assigns one (由A、B确定 / 自定 / 报…备案 says who decides, as the gold sets read it)."""
    if text[lo:hi].rstrip("，,；; \u3000").endswith("的"):
        return None  # 适宜由中小企业提供的，…: a condition, not an assignment
    for m in BY_ACTOR.finditer(text, lo, hi):
        actor = actor_starting_at(text, m.end(), hi, loose=True)
        if actor is None or actor.end >= hi:
            continue
        if any(n.endswith(PRIVATE_PERSONS) for n in actor.names):
            return None  # 由调查人员和被调查人签字, 由离校未就业高校毕业生扩展至…: no public duty
        rest = text[actor.end:hi]
        if not articles and not openers().assignment.match(
                openers().adverb_prefix.sub("", BY_TIME.sub("", rest, count=1))):
            return _DECIDES  # 由A、B确定; 由A在受理需求后15日内组织… still assigns
        lead = True if rest.startswith("牵头") else (False if rest.startswith(("配合", "协助")) else None)
        cue = modal_cues().get("牵头" if lead else "负责")
        return _Hit(actor.names, cue, lo, actor.end, actor.end, lead)
    return None


# 不允许城镇居民到农村购买农房, 严禁党政机关…: a ban written before the party it binds.
BAN_FIRST = re.compile(r"(?:不允许|严禁|禁止|不准)")


def _banned_actor(text: str, lo: int, hi: int) -> _Hit | None:
    """A clause that opens with a ban and names its party right after it (the actor follows the cue)."""
    m = BAN_FIRST.match(text, lo)
    if m is None:
        return None
    actor = actor_starting_at(text, m.end(), hi, loose=True)
    if actor is None or actor.end >= hi or is_pronoun(actor.names[0]):
        return None
    cue = Cue(m.group(), "prohibited", None, "free")
    return _Hit(actor.names, cue, lo, m.start(), actor.end, None)


# 确定A、B…9家银行成为合作机构，负责受理…: units designated in one clause take the duty of the next.
_DESIGNATE = r"(?:确定|指定|遴选|选定|认定)"
DESIGNATED = re.compile(rf"{_DESIGNATE}+(?P<units>[^，。；]{{4,200}}?)(?:等)?(?:\d+|[一二三四五六七八九十]+)?"
                        r"(?:家|个)?[\u4e00-\u9fff]{0,6}?(?:成为|作为|为)[^，。；]{2,20}[，,]\s*$")


def _designated(text: str, prev: int, lo: int, hi: int) -> _Hit | None:
    """The units a clause designates (确定…成为合作机构，) carry a duty verb opening the next clause."""
    m = DESIGNATED.search(text, prev, lo)
    cue = modal_cues().get(text[lo:lo + 2])
    if m is None or cue is None or cue.word not in ("负责", "牵头", "承担"):
        return None
    units = re.sub(rf"^.*{_DESIGNATE}", "", m.group("units"))  # 通过公开遴选确定A、B: after the last verb
    names = tuple(n for n in split_tag_units(units) if is_actor_name(n) and not re.search(r"\d", n))
    if len(names) < 1:
        return None
    return _Hit(names, cue, lo, lo, lo + len(cue.word), None)


def _evidence_span(sent: Sentence, clause_start: int, cue_start: int) -> tuple[int, int]:
    """The sentence if it fits in 200 characters, else a window that holds the actor and the cue."""
    if sent.end - sent.start <= MAX_EVIDENCE:
        return sent.start, sent.end
    lo = sent.start + clause_start
    if cue_start - clause_start > MAX_EVIDENCE - 40:
        lo = sent.start + max(0, cue_start - (MAX_EVIDENCE - 60))
    return lo, min(sent.end, lo + MAX_EVIDENCE)


def _action(text: str, pos: int) -> str:
    return text[pos:pos + MAX_ACTION].rstrip("，,。；;：: ")



def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Numbering and tags replaced by ideographic spaces, so offsets stay those of the sentence."""
    for a, b in spans:
        a, b = max(0, a), min(len(text), b)
        if b > a:
            text = text[:a] + "\u3000" * (b - a) + text[b:]
    return text


@dataclass
class _Carry:
    """The actor a subjectless clause continues: within a paragraph, or within an article (第X条) of a
    regulation, where even a clause with no cue continues the article's duty."""

    names: tuple[str, ...] = ()
    strength: str = "must"
    end: int = -1

    def scope_ends(self, doc: Document, sent: Sentence, articles: bool) -> bool:
        if articles:
            return bool(ARTICLE.match(sent.text))
        return self.end < 0 or "\n" in doc.text[self.end:sent.start]


def _narrative(doc: Document, part: int) -> bool:
    """Reports and news carry no subject over: their subjectless 要… sentences are exhortations."""
    return any(p.index == part and p.kind in ("report", "news") for p in doc.parts)


def extract_responsibilities(doc: Document) -> list[Fact]:
    """Every actor-obligation pair in the document, one record per actor per clause."""
    rule = lead_rule(doc.text)
    facts, tag_spans = tag_facts(doc, rule)
    candidate = _candidate_re()
    articles = len(ARTICLE_LINE.findall(doc.text)) >= 3
    carry = _Carry()
    titles = {_WS.sub("", p.title) for p in doc.parts if p.title}
    for sent in doc.sentences:
        text = sent.text
        if _WS.sub("", text) in titles:
            continue  # 国家乡村振兴局：2023年要抓牢…: a headline, not an obligation
        if carry.scope_ends(doc, sent, articles) or _narrative(doc, sent.part):
            carry = _Carry()
        if not (candidate.search(text) or (articles and carry.names)):
            continue
        body = _blank(text, [(0, LEADING_MARK.match(text).end())] + [
            (a - sent.start, b - sent.start) for a, b in tag_spans if a < sent.end and b > sent.start])
        hits = _clause_hits(body, _Tokens(body), articles)
        if not hits and articles and carry.names and _continues_article(text, body):
            cue = Cue("", carry.strength, None, "free")
            hits = [_Hit((), cue, 0, 0, 0, None, explicit=False)]
        seen: set[str] = set()
        if hits and not hits[0].explicit and not hits[0].cue.word \
                and doc.text[max(0, sent.start - 1):sent.start] in ("；", ";") \
                and carry.end == sent.start:
            continue  # …倾斜，改善办学条件；制定和完善…: one clause with the sentence before
        for hit in hits:
            names = hit.actor_names or carry.names
            if hit.actor_names and not hit.actor_names[0].startswith(UNIVERSAL):
                carry = _Carry(hit.actor_names, hit.cue.strength, sent.end)
            elif names:
                carry.end = sent.end
            span = _evidence_span(sent, hit.clause_start, hit.cue_start)
            entitles = hit.cue.word in PERMISSIONS and ENTITLEMENT.match(body, hit.cue_end)
            for name in names:
                if name in seen or entitles or (hit.cue.word in PERMISSIONS and name.endswith(BENEFICIARIES)):
                    continue
                seen.add(name)
                action = _action(body, hit.cue_end)
                facts.append(responsibility_fact(doc, sent, name, span, action, hit.cue.strength, hit.lead,
                                                 implicit_subject=not hit.explicit))
    return _unique(facts)


def _unique(facts: list[Fact]) -> list[Fact]:
    """One record per actor per span: a unit listed twice in a tag must not give two equal ids."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for fact in facts:
        key = (fact.start, fact.end, fact.fields["department"])
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


def _continues_article(text: str, body: str) -> bool:
    """A cue-less sentence that goes on with the article's duty: not a heading, list item, condition
    (…的，), encouragement of others (鼓励…) or a sentence with its own subject or cue."""
    stripped = body.lstrip()
    first_clause = re.split(r"[，,；;：:。]", stripped, maxsplit=1)[0]
    if HEADING.match(text) or ENUMERATED.match(text) or len(stripped) < 8:
        return False
    if "的" in first_clause and not openers().object_front.match(first_clause):
        return False  # 有劳动能力的贫困人口优先聘用…: the sentence has a subject of its own
    if openers().encouragement.match(stripped) or openers().definition.search(first_clause):
        return False
    cues = _find_cues(stripped, 0, len(stripped), _Tokens(stripped))
    own_cue = any(cue.position != "duty" for _, _, cue in cues)
    return not own_cue and actor_starting_at(stripped, 0) is None
