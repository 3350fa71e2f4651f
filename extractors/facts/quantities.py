"""Quantities in context: shared by the target and achievement extractors.

A clause's numbers (extractors.normalize.numbers) become *mentions* with a tense (a goal still to
reach, or a result already reported), a year and a region. Tense comes first from the section
heading (一、2023年工作回顾 reviews, 二、2024年主要任务 plans: 公文 and 政府工作报告 mark the two
that way), then from cue words weighed in extractors/patterns/quantity_cues.tsv, from lead
sentences that set the tense of what follows (过去一年…, 今年发展主要预期目标是…), from the year the
clause is dated by against the document's own year, and last from the document kind (news and
reports report, notices plan). What a number is not (a benefit's terms, a condition, a count of
what exists, a plant's capacity) is decided in quantity_filters.py; word lists and the place
gazetteer (admin_divisions.tsv, also read by the subsidy extractor) load in quantity_lexicon.py.
Only clauses with a digit or a Chinese numeral next to a unit are looked at (a cheap regex
filter), so no tokenizer runs here.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from extractors.facts.quantity_filters import (
    CJK,
    GOAL_COMPARATOR,
    is_benefit_standard,
    is_condition,
    is_excluded,
    is_rules_title,
    is_standing_term,
)
from extractors.facts.quantity_lexicon import COUNTY_NAME, Cues, cues, gazetteer, region_names
from extractors.normalize.numbers import Quantity, find_quantities
from extractors.textnorm import LIST_NUMBER
from schema.records import Document, Part, Sentence

__all__ = ["Mention", "cues", "document_year", "find_mentions", "gazetteer", "heading_tense", "part_region",
           "region_names", "time_years", "title_year"]

MAX_EVIDENCE = 200
GOAL_COMPARATOR_WEIGHT = 3.0  # 不低于3000万人 / 5%左右 weigh like 力争 or 确保
CONTEXT_LEAD = 32  # characters at a sentence's start where 过去一年 / 今年…目标 set the context
_CANDIDATE = re.compile(r"[\d０-９]|[一二两三四五六七八九十百千]+[万亿]?[次轮个项家人名]|分之|一半|半数|"
                        r"[一二三四五六七八九]成|(破|超过?|达到?)[百千万亿]+元")
_YEAR = re.compile(r"(?<![\d〔\[—\-~～较比/])((?:19|20)\d\d)\s*年"
                   r"(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?![度底末]?[—\-至到])")
_FULL_DATE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月")
_CLAUSE_SPLIT = re.compile(r"[，,；;。：:！!？?]")
_NATIONAL_ORGAN = re.compile(r"国务院|中共中央|中央一号|全国人民代表大会|^国家|^[^省市县区]+部$")
_LIST_ITEM = re.compile(rf"^\s*{LIST_NUMBER}")
_BOX_HEADING = re.compile(r"^\W*专栏\s*\d+")  # 专栏32 人口发展重点工程: a box's number and title
# A year written inside a clause after a verb names a batch or a plan (推进2023年棚改480户), not the
# time of the number; one at the clause's start or after an introducer (力争到, 截至, 在) is a time.
_YEAR_INTRODUCER = "在于到至止从自由争保划计起今"
_YEAR_TIME_AFTER = re.compile(r"\s*(以来|底|末|年底|上半年|下半年|前|起|全年|[，,、])")
_REVIEW_HEADING = re.compile(r"((?:19|20)\d\d)\s*年[^\n。，]{0,8}(工作)?回顾")
# “十三五”时期/期末: a five-year plan period, whose goals fall due in its last year (十三五 → 2020).
_FIVE_YEAR_PLAN = re.compile(r"十([一二三四五六])五”?\s*(?:期末|末|时期|期间|规划|时)")
_PLAN_TITLE = re.compile(r"(?:十([一二三四五六])五”?|第十([一二三四五六])个五年)[^，。]{0,12}(?:规划|纲要)")
_ESTIMATE = re.compile(r"预计|预估|初步统计|初步核算")
_RECURRING = re.compile(r"每年|每季度|每月|年均")
# A goal reported as met (目标任务圆满完成, 实现了全年预期发展目标) speaks of the past, not the future.
_GOAL_MET = re.compile(r"目标[^，。；]{0,4}(完成|实现|达成)|(完成|实现|达成)了?[^，。；]{0,8}目标(任务)?")


@dataclass
class Mention:
    """One quantity of one clause, with what the context says about it."""

    sentence: Sentence
    quantity: Quantity
    tense: str  # "target" | "achievement"
    year: int | None
    region: str | None
    metric: str
    evidence_start: int
    evidence_end: int
    target_ratio: float | None = None
    budget: bool = False


@dataclass
class _State:
    """What earlier clauses of a part carry over to later ones."""

    tense: str | None = None
    year: int | None = None
    region: str | None = None
    paragraph_year: int | None = None
    paragraph_start: int = -1
    conditions: bool = False  # inside a list of eligibility conditions
    prior: str | None = None  # the tense its section heading gives (…工作回顾 / …主要任务)


def plan_end_year(ordinal: str) -> int:
    """The last year of the n-th five-year plan (十一五 → 2010, 十四五 → 2025)."""
    return 2010 + 5 * ("一二三四五六".index(ordinal))


def document_year(doc: Document, part: Part) -> int | None:
    """The part's own year: its issue date, else the commonest year of the full dates in it."""
    if part.issued_date:
        return int(part.issued_date[:4])
    text = doc.text[part.start:part.end]
    review = _REVIEW_HEADING.search(text)  # 一、2023年工作回顾: a report given the year after
    if review:
        return int(review.group(1)) + 1
    years = Counter(int(y) for y in _FULL_DATE_YEAR.findall(text))
    if years:
        return years.most_common(1)[0][0]
    plan = _PLAN_TITLE.search(part.title or "")
    if plan:  # an undated 十三五 规划 is issued in the first year of its period (2016)
        return plan_end_year(plan.group(1) or plan.group(2)) - 4
    stated = [int(y) for y in _YEAR.findall(text)]  # a report without a date: its latest year
    return max(stated) if stated else None


def part_region(doc: Document, part: Part) -> str | None:
    """The region a part is about: a place in its title or issuers, a national organ, else the
    place mentioned most often in its text (全国/我国 counting for 全国)."""
    gaz, cue = gazetteer(), cues()
    head = " ".join([part.title or "", *part.issuers])
    if part.title and (m := gaz.pattern.search(head)):
        return gaz.canonical(m.group())
    if any(_NATIONAL_ORGAN.search(name) for name in [*part.issuers, part.title or ""]):
        return "全国"
    text = doc.text[part.start:part.end]
    counts = Counter(gaz.canonical(m) for m in gaz.pattern.findall(text))
    counts["全国"] += len(cue.patterns["national"].findall(text))
    for m in gaz.pattern.finditer(text[:300]):
        counts[gaz.canonical(m.group())] += 3
    return counts.most_common(1)[0][0] if counts else None


def title_year(part: Part) -> int | None:
    """A year written in the part's title (关于做好2022年…工作的通知)."""
    m = _YEAR.search(part.title or "")
    return int(m.group(1)) if m else None


def time_years(text: str) -> list[int]:
    """Years that date what a clause says (2023年，… / 力争到2025年 / 截至2023年底), leaving out years
    that name a batch or plan after a verb (持续推进2023年棚改480户, 建成2022年棚改500户)."""
    out = []
    for m in _YEAR.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        label = CJK.match(before) and before not in _YEAR_INTRODUCER or before == "、"
        if not label or _YEAR_TIME_AFTER.match(text, m.end()):
            out.append(int(m.group(1)))
    return out


def heading_tense(title: str, doc_year: int | None) -> str | None:
    """What a heading says of its section: a review (2023年工作回顾, 过去一年) reports results, a plan
    (主要预期目标, 重点任务, 2024年工作安排) sets goals; a year before the document's marks a review."""
    cue = cues()
    past, future = cue.has("head_past", title), cue.has("head_future", title)
    if past != future:
        return "achievement" if past else "target"
    year = _YEAR.search(title)
    if year and doc_year and not past and "工作" in title:
        return "achievement" if int(year.group(1)) < doc_year else "target"
    return None


def _section_priors(doc: Document, part: Part, doc_year: int | None) -> list[tuple[int, int, str]]:
    """(start, end, tense) of the part's sections whose heading says review or plan, in text order."""
    out = []
    for section in doc.sections:
        if section.part == part.index and (tense := heading_tense(section.title, doc_year)):
            out.append((section.start, section.end, tense))
    return sorted(out)


def _prior_at(priors: list[tuple[int, int, str]], pos: int) -> str | None:
    """The tense of the innermost classified section holding `pos` (the latest that starts before it)."""
    for start, end, tense in reversed(priors):
        if start <= pos < end:
            return tense
    return None


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the comma clause around `pos`."""
    left = max((m.end() for m in _CLAUSE_SPLIT.finditer(text, 0, pos)), default=0)
    right = _CLAUSE_SPLIT.search(text, pos)
    return left, right.start() if right else len(text)


def _evidence_span(sentence: Sentence, q: Quantity) -> tuple[int, int]:
    """The sentence, or when it is longer than 200 characters the clauses around the quantity."""
    if sentence.end - sentence.start <= MAX_EVIDENCE:
        return sentence.start, sentence.end
    rel_s, rel_e = q.start - sentence.start, q.end - sentence.start
    left, right = _clause_bounds(sentence.text, rel_s)
    right = max(right, rel_e)
    for m in _CLAUSE_SPLIT.finditer(sentence.text):
        if m.start() < left and right - m.end() <= MAX_EVIDENCE - 20:
            left = m.end()
            break
    end = min(len(sentence.text), left + MAX_EVIDENCE, max(right + 1, rel_e))
    return sentence.start + left, sentence.start + end


# The target and achievement extractors both read the same mentions, one after the other: a
# one-slot memo keyed on the document object and its text saves the second pass.
_MEMO: dict[str, tuple[int, int, list[Mention]]] = {}


def find_mentions(doc: Document) -> list[Mention]:
    """Every quantity in the document's clauses, with tense, year and region from context."""
    key = (id(doc), hash(doc.text))
    last = _MEMO.get("last")
    if last and last[:2] == key:
        return last[2]
    out = _find_mentions(doc)
    _MEMO["last"] = (*key, out)
    return out


def _find_mentions(doc: Document) -> list[Mention]:
    """Mentions part by part: each part (a notice, the notice it forwards) has its own context."""
    out: list[Mention] = []
    parts = sorted(doc.parts, key=lambda p: p.index)
    for part in parts:
        sentences = [s for s in doc.sentences if s.part == part.index] if len(parts) > 1 else doc.sentences
        out.extend(_part_mentions(doc, part, sentences))
    return out


_QUESTION_LINE = re.compile(r"(?m)^[^\n]{2,80}[？?][ \t]*$")
_ANSWER_LINE = re.compile(r"(?m)^[ \t]*答[：:]")


def is_questions_page(doc: Document, part: Part) -> bool:
    """常见问题, 政策问答: a page of questions and answers explains rules; its numbers (贷款额度最高30万元,
    10人以上申领) are terms, neither goals nor results. Told by its title or by its question lines."""
    if cues().has("faq_title", part.title or ""):
        return True
    text = doc.text[part.start:part.end]
    return len(_QUESTION_LINE.findall(text)) >= 3 and len(_ANSWER_LINE.findall(text)) >= 2


def _part_mentions(doc: Document, part: Part, sentences: list[Sentence]) -> list[Mention]:
    """Walk one part's clauses in order, carrying tense, year and region forward."""
    if is_questions_page(doc, part):
        return []
    doc_year = document_year(doc, part)
    stated = {int(y) for y in _YEAR.findall(doc.text[part.start:part.end])}
    ctx = {"doc_year": doc_year, "title_year": title_year(part), "region": part_region(doc, part),
           "default": _default_tense(part, sentences),
           # a notice that names its own year (2023年…) plans for that year; a standing 办法 does not
           "speaks_of_own_year": doc_year in stated, "rules": is_rules_title(part.title)}
    state = _State()
    out: list[Mention] = []
    tables = [(t.start, t.end) for t in doc.tables if t.part == part.index]
    priors = _section_priors(doc, part, doc_year)
    ctx["lead_prior"] = part.kind == "report" and not priors  # lead sentences stand in for headings
    for sentence in sentences:
        if any(a <= sentence.start and sentence.end <= b for a, b in tables):
            continue  # table cells are read by the quota-table reader, not as clauses
        state.prior = _prior_at(priors, sentence.start) if priors else None
        _update_state(doc, sentence, state, ctx)
        if not _CANDIDATE.search(sentence.text):
            continue
        if state.conditions and _LIST_ITEM.match(sentence.text) or _BOX_HEADING.match(sentence.text):
            continue
        quantities = sorted(find_quantities(sentence.text, sentence.start) + _bare_ratios(sentence),
                            key=lambda q: q.start)
        if quantities:
            out.extend(judge_clause(doc, sentence, quantities, state, ctx))
    return out


def _update_state(doc: Document, sentence: Sentence, state: _State, ctx: dict) -> None:
    """Headings and lead sentences set the tense, year and region of the clauses after them."""
    text, cue = sentence.text, cues()
    para = doc.text.rfind("\n", 0, sentence.start)
    if para != state.paragraph_start:
        state.paragraph_start, state.paragraph_year = para, None
        if not _LIST_ITEM.match(text):
            state.conditions = False  # a paragraph that is no list item ends the list
    if cue.has("ctx_condition", text):
        state.conditions = True
    years = time_years(text)
    if years and state.paragraph_year is None:
        state.paragraph_year = years[0]
    lead_year = _YEAR.search(text[:CONTEXT_LEAD])  # 2024年，… / 一、2023年工作回顾 set the section's year
    lead_plan = _FIVE_YEAR_PLAN.search(text[:CONTEXT_LEAD])  # 到“十三五”期末，…
    if lead_year:
        state.year = int(lead_year.group(1))
    elif lead_plan:
        state.year = plan_end_year(lead_plan.group(1))
    lead = text[:CONTEXT_LEAD]  # only a heading or a sentence's opening sets what follows
    past, future = cue.patterns["ctx_past"].search(lead), _lead_future(lead)
    if future:
        plain = _blank_goal_words(text)[:CONTEXT_LEAD]
        past, future = cue.patterns["ctx_past"].search(plain), _lead_future(plain)
    if past and (not future or past.start() < future.start()):
        state.tense = "achievement"
        if ctx["doc_year"] and re.search(r"过去一年|一年来|去年", text) and not years:
            state.year = ctx["doc_year"] - 1
    elif future:
        state.tense = "target"
        if ctx["doc_year"] and "今年" in text and not years:
            state.year = ctx["doc_year"]
    if ctx["default"] == "achievement":  # news and reports move from one region to the next
        _update_region(text, state)


_OPENING = 10  # 今年，… / 下一步，… / 2024年主要目标任务: a cue this near the start leads what follows
_GOVERNED = re.compile(r"把|将|对|围绕|按照|对照|紧扣|完成")
_NAMES_GOALS = re.compile(r"\s*(是|为|：|:|如下)")


def _lead_future(lead: str) -> re.Match[str] | None:
    """A plan cue that sets the tense of what follows: near the sentence's opening or introducing the
    goals (主要预期目标是：…), not one named in passing (把年度主要预期目标作为一个有机整体来把握)."""
    m = cues().patterns["ctx_future"].search(lead)
    if m is None or _GOVERNED.search(lead, 0, m.start()):
        return None  # 把…预期目标作为…, 围绕…目标任务: the goals are an object here
    return m if m.start() <= _OPENING or _NAMES_GOALS.match(lead, m.end()) else None


_BARE_NUMBER = re.compile(r"(不低于|不高于|不超过|不少于|达到|提高到|提升到|保持在|控制在)\s*(\d+(?:\.\d+)?)"
                          r"(?![\d.%％万亿])\s*(以上|以下|左右)?(?![\u4e00-\u9fff]{0,1}[个项家人元亩米吨])")


def _bare_ratios(sentence: Sentence) -> list[Quantity]:
    """容积率一般不低于2.5: a goal for a metric that has no unit (a ratio, coefficient or index)."""
    out, cue = [], cues()
    for m in _BARE_NUMBER.finditer(sentence.text):
        if not cue.has("dimensionless", sentence.text[max(0, m.start() - 8):m.start()]):
            continue
        comparator = {"以上": ">=", "以下": "<=", "左右": "="}.get(m.group(3) or "") or (
            "<=" if m.group(1) in ("不高于", "不超过", "控制在") else ">=")
        start = sentence.start + m.start(2)
        out.append(Quantity(float(m.group(2)), None, comparator, m.group(), start, sentence.start + m.end(),
                            number_start=start))
    return out


def _blank_goal_words(text: str) -> str:
    """Hide 完成目标任务的 / 目标任务圆满完成 from the future cues (same length, offsets kept)."""
    text = cues().patterns["ratio"].sub(lambda m: "。" * len(m.group()), text)
    return _GOAL_MET.sub(lambda m: "。" * len(m.group()), text)


def _update_region(text: str, state: _State) -> None:
    """A clause that opens with a province or city as its subject (…以来，陕西省深入…) sets the
    region of what follows; a city inside the carried province does not replace it."""
    gaz = gazetteer()
    head = text[:30]
    m = gaz.pattern.search(head)
    if m and re.fullmatch(r"[\s\d年月日以来，、,（）()—-]*", head[: m.start()]):
        place = gaz.canonical(m.group())
        inside = gaz.level.get(place) == "city" and gaz.province.get(place) == state.region
        if not inside:
            state.region = place
    elif re.match(r"^\W{0,3}(从全国看|全国|我国)", text):
        state.region = "全国"


def _default_tense(part: Part, sentences: list[Sentence]) -> str:
    """News and reports report results; notices plan. A notice whose numeric clauses speak in the
    past far more than in the future is read as a report (the structure stage may not know)."""
    if part.kind in ("news", "report"):
        return "achievement"
    cue = cues()
    past = future = 0.0
    for s in sentences:
        if _CANDIDATE.search(s.text):
            past += _strong(cue, "past", s.text)
            future += _strong(cue, "future", s.text)
    return "achievement" if past > future else "target"


def _strong(cue: Cues, cls: str, text: str) -> float:
    """Sum of the weights of a class's strong cues (weight ≥ 3) in a text."""
    return sum(w for w in map(cue.words[cls].get, cue.patterns[cls].findall(text)) if w >= 3)


_PERSON_METRIC = re.compile(r"人数|人口|劳动力|务工规模|就业|人员|人次|群众|学生|纳税人")
_PERSON_AFTER = re.compile(r"[^，。；、\d]{0,6}?(人员|人口|劳动力|群众|农民|学生|职工|居民|老人|儿童|毕业生)")
_MONEY_METRIC = re.compile(r"资金|投资|收入|总值|预算|债|贷款|金额|规模|总额|增加值|销售额|营业收入")
_QUOTED = re.compile(r"《[^》]*》|“[^”]*”")
_SHARED_BY_ALL = re.compile(r"\W*(.+?)(?:均|等(?:各项)?指标(?:均)?)\s*"
                            r"(?:增长|达到|达|提高|提升|下降|保持在|保持|稳定在|超过|突破)\s*")
_DIGIT = re.compile(r"\d")
_REACH_BEFORE = re.compile(r"(达到|达|提高到|提升到|争取达到)\s*$")
# 至少拥有男、女…俱乐部各2支, 不足5000名的至少配备1名: a floor set on the verb governs its object's count.
_FLOOR_VERB = re.compile(r"(至少|不少于|不低于)[^，。；\d]{0,30}$")
_METRIC_TRIM = re.compile(r"^[\W\d年月日]*(?:20\d\d\s*年|今年|全年|力争|确保|争取|其中|全市|全省|全国|我国|"
                          r"要|将|共|累计|年内|年底前|并|和|及|，|、|\s)*")
_METRIC_TAIL = re.compile(r"(达到|达|为|超过|不低于|不少于|至少|稳定在|保持在|控制在|提高到|增长|增加|新增|"
                          r"完成|实现|约|近|共|合计|总计|的|在)+\s*$")


def judge_clause(doc: Document, sentence: Sentence, quantities: list[Quantity], state: _State,
                 ctx: dict) -> list[Mention]:
    """Turn one clause's quantities into mentions, dropping conditions, benefit standards,
    references to what exists and numbers inside quoted names."""
    text, cue = sentence.text, cues()
    plain = _blank_goal_words(text)
    base_future, base_past = cue.score("future", plain), cue.score("past", text)
    firm = cue.has("firm_future", plain)
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    out: list[Mention] = []
    for q in quantities:
        rel, rel_end = q.start - sentence.start, q.end - sentence.start
        left, right = _clause_bounds(text, rel)
        if out and _is_ratio(text, rel, q):
            out[-1].target_ratio = q.value
            continue
        if any(a <= rel < b for a, b in quoted) or is_excluded(text, q, rel, rel_end, left, right):
            continue
        unit = q.unit or _infer_unit(text[left:rel], q, text[rel_end:right])
        if (not unit and not _BARE_NUMBER.fullmatch(q.raw)) or unit in ("位", "倍"):
            continue  # 上升1位 is a rank; 是2010年的1.9倍 compares with a base, it is no level
        q = replace(q, unit=unit)  # 1000多万失业人员: the filters below judge a headcount
        year_here = _explicit_year(text[:rel], ctx)
        year_near = year_here or state.paragraph_year  # a year the paragraph has just named
        goal = GOAL_COMPARATOR.search(q.raw) or GOAL_COMPARATOR.search(text[max(left, rel - 8):rel])
        bonus = GOAL_COMPARATOR_WEIGHT if goal else 0.0
        tense = _tense(base_future + bonus, base_past, plain[left:right], year_near, state, ctx, firm)
        if is_benefit_standard(text, left, rel, unit, tense, q.raw, state.prior == "achievement"):
            continue
        if is_condition(text, q, rel, rel_end, left, right):
            continue
        ahead = bool(year_here and ctx["doc_year"] and year_here > ctx["doc_year"])
        if tense == "target" and ctx["rules"] and is_standing_term(text, left, rel, q.comparator, ahead):
            continue
        year = _year(text, year_here, tense, state, ctx)
        head = text[left:rel]
        reach = tense == "target" and (_REACH_BEFORE.search(head) or _FLOOR_VERB.search(head))
        comparator = q.comparator or (">=" if reach else "=")
        ev_start, ev_end = _evidence_span(sentence, q)
        quantity = Quantity(q.value, unit, comparator, q.raw, q.start, q.end, q.upper, q.number_start)
        region, metric = _region(text, left, rel, state, ctx), _metric(text, left, rel, rel_end, right)
        for item in _each_items(text, left, rel) or [metric]:  # 步行街、特色街各2条: one goal each
            out.append(Mention(sentence, quantity, tense, year, region, item, ev_start, ev_end,
                               budget=cue.has("budget", text)))
    return out



def _each_items(text: str, left: int, rel: int) -> list[str]:
    """The items that share a number written with 各 (步行街、商业特色街各2条 → both) or with 均 after
    a list of measures (税收收入、技术合同成交额均增长12.4% → both); [] otherwise. A list that counts
    things (12条河流、8个湖库…水质优良率均保持100%) shares one measure, so it is not split."""
    head = text[left:rel]
    if re.search(r"各\s*$", head):
        return [item.strip() for item in re.sub(r"各\s*$", "", head).split("、") if item.strip()]
    shared = _SHARED_BY_ALL.fullmatch(head)
    if not shared or _DIGIT.search(head):
        return []
    items = [item.strip() for item in re.split(r"、|和|及", shared.group(1)) if item.strip()]
    return items if 2 <= len(items) <= 6 and all(len(item) >= 2 for item in items) else []


def _is_ratio(text: str, rel: int, q: Quantity) -> bool:
    """完成目标任务的104% / 超额完成年度目标任务（112.44%）: a share of the target reached."""
    if q.unit != "%":
        return False
    window = text[max(0, rel - 14):rel]
    return bool(cues().patterns["ratio"].search(window)) and bool(re.search(r"(的|（|\(|为)\s*$", window))



def _infer_unit(before: str, q: Quantity, after: str = "") -> str | None:
    """A bare 387.6万 takes its unit from what is counted (务工人数 → 人, 投资 → 元), or from the
    people it is written before (1000多万失业人员, 近1亿农村贫困人口)."""
    if _PERSON_METRIC.search(before[-16:]) or _PERSON_AFTER.match(after):
        return "人"
    if _MONEY_METRIC.search(before[-12:]):
        return "元"
    return None


def _explicit_year(before: str, ctx: dict) -> int | None:
    """The year the clause itself states before the number: 2022年, 今年, 去年, 十三五期末 (2020)."""
    years = time_years(before)
    if years:
        return years[-1]
    plan = _FIVE_YEAR_PLAN.search(before)
    if plan:
        return plan_end_year(plan.group(1))
    if ctx["doc_year"]:
        if re.search(r"今年|本年度|本年|(?<![上下])年度目标|全年目标", before + "目"):
            return ctx["doc_year"]
        if re.search(r"(?<![比较与同])(去年|上年)", before):
            return ctx["doc_year"] - 1
    return None


def _tense(future: float, past: float, clause: str, year: int | None, state: _State, ctx: dict,
           firm_future: bool = False) -> str:
    """Weigh the sentence's and the clause's cues, the year against the document's, then context.
    A section heading decides first: in a review 争取/保持…以上/控制在 report what was got or kept,
    unless the sentence looks ahead (明年, 下一步, a year not yet reached); in a plan a bare count
    is a goal unless the clause dates itself before the document or reports (截至, 以来, 已)."""
    cue = cues()
    prior = state.prior
    if prior is None and ctx["lead_prior"] and state.tense == "achievement":
        prior = "achievement"  # a report without headings, past its 过去一年/五年来 lead
    if prior == "achievement":
        ahead = firm_future or bool(year and ctx["doc_year"] and year >= ctx["doc_year"])
        if not ahead:
            return "achievement"
    elif prior == "target":
        behind = bool(year and ctx["doc_year"] and year < ctx["doc_year"]) or _strong(cue, "past", clause) > 0
        if not behind:
            return "target"
    if year and ctx["doc_year"] and year < ctx["doc_year"] and _ESTIMATE.search(clause):
        return "achievement"  # 预计2015年…达到1.68万亿元 in a 2016 plan: the estimate of a result
    future += cue.score("future", clause)
    past += cue.score("past", clause)
    if year and ctx["doc_year"]:
        if year < ctx["doc_year"]:
            past += 3
        elif year > ctx["doc_year"]:
            future += 2
    if future > past:
        return "target"
    if past > future:
        return "achievement"
    return state.tense or ctx["default"]


def _year(sentence_text: str, year_here: int | None, tense: str, state: _State, ctx: dict) -> int | None:
    """Stated year, else the paragraph's or the part's, else the title's; recurring goals have none."""
    if year_here:
        return year_here
    if tense == "target" and _RECURRING.search(sentence_text):
        return None
    year = state.paragraph_year or state.year or ctx["title_year"]
    if year is None and (tense == "achievement" or ctx["speaks_of_own_year"]):
        year = ctx["doc_year"]
    return year


def _region(text: str, left: int, rel: int, state: _State, ctx: dict) -> str | None:
    """A place or 全国 named in the clause before the number, else the carried or the part's region."""
    gaz, cue = gazetteer(), cues()
    before = text[left:rel]
    for m in gaz.pattern.finditer(before):
        opening = re.fullmatch(r"\W*(全|在|从|对|我国|全国)?", before[: m.start()])
        full_form = m.group() not in gaz.level  # 浙江省, 南宁市: not the 浙江 of 京杭运河浙江段
        if (opening or full_form) and not re.search(r"[至到赴向往《“]\s*$", before[: m.start()]):
            return gaz.canonical(m.group())
    if cue.has("national", before):
        return "全国"
    return _county(before, text) or state.region or ctx["region"]


# 力争兴宾区增长10%、象州县增长14.5%: counties or districts heading the items of a list of places.
_COUNTY = re.compile(rf"^\W*(?:力争|确保|其中|全年)?\W*({COUNTY_NAME})(?=[\u4e00-\u9fff])")
_COUNTY_ANY = re.compile(rf"(?<![\u4e00-\u9fff]){COUNTY_NAME}|(?<=[、，,：:])\s*{COUNTY_NAME}")


def _county(before: str, sentence: str) -> str | None:
    """The county an item names, when the sentence lists two or more counties (a list of places)."""
    m = _COUNTY.match(re.split(r"[、，,；;]", before)[-1])
    if m is None or cues().has("generic_area", m.group(1)):
        return None
    listed = {n.strip() for n in _COUNTY_ANY.findall(sentence)} | {m.group(1)}
    named = {n for n in listed if re.search(rf"(?:^|[、，,：:；;]|力争|其中)\s*{re.escape(n)}", sentence)}
    return m.group(1) if len(named) >= 2 else None


def _metric(text: str, left: int, rel: int, rel_end: int, right: int) -> str:
    """What is counted: the clause before the number without time, cue and verb words."""
    head = _METRIC_TAIL.sub("", _METRIC_TRIM.sub("", text[left:rel])).strip()
    if len(head) >= 2:
        return head[-40:]
    return re.sub(r"^(以上|左右|的)", "", text[rel_end:right]).strip()[:40]
