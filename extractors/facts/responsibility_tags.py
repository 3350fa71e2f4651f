"""Responsibility tags: （责任单位：A、B）, [A、B，C], （A牵头，B配合）, （A、B按职责分工负责）.

公文 close an item with the units that carry it. Where the document (or its first tag: …负责。列第一位者
为牵头单位，下同) says 列第一位者为牵头单位 the first unit of each tag leads; where it says 逗号前为牵头
单位 those before the first comma lead. Read by extractors/facts/responsibilities.py, which also builds
its clause records with `responsibility_fact`.
"""
from __future__ import annotations

import bisect
import re

from extractors.departments import (
    canonical_department,
    clean_name,
    ends_with_suffix,
    is_actor_name,
    is_unit_like,
    split_actors,
    split_tag_units,
)
from schema.records import Document, Fact, Sentence

MAX_EVIDENCE = 200
# Tag forms; the actors inside are split by departments.split_actors.
# A tag may open with a time or status before its keyword: （6月底完成，牵头考核单位：市审批服务局）.
TAG_UNITS = re.compile(r"[（(〔【\[](?:[^（）()〔〕【】\[\]：:\n]{0,30}[，,；;]\s*)?"
                       r"(?:责任|牵头|主责)(?:考核|落实|实施)?(?:单位|部门)[:：]"
                       r"([^（）()〔〕【】\[\]]*(?:[（(][^（）()]*[）)][^（）()〔〕【】\[\]]*)*)"
                       r"[）)〕】\]]")
# [市体育局、市民政局，各区、县（市）政府]: a bracketed list of units after an item, no keyword.
TAG_BRACKET = re.compile(r"[〔【\[]([^〔〕【】\[\]\n：:]{2,160})[〕】\]]")
# 。（市体育局、市委人才办、市人力社保局） closing a measure's paragraph: a list in round brackets.
TAG_PAREN = re.compile(r"(?<=[。；;])[（(]([^（）()\n：:。]{2,80}"
                       r"(?:[（(][^（）()\n]{1,6}[）)][^（）()\n：:。]*)*)[）)]"
                       r"(?=[。；;]?[ \t\u3000]*(?:\n|$))")
# A bracket that closes its line (and so the measure before it).
LINE_END = re.compile(r"[。；;]?[ \t\u3000]*(?:\n|$)")
TAG_LEAD = re.compile(r"[（(]由([^（）()]{2,80}?)牵头(?:实施|负责|落实)?[）)]")
TAG_LEAD_ASSIST = re.compile(r"[（(]([^（）()]{2,80}?)牵头[，,；;]"
                             r"([^（）()]{2,80}?)(?:等)?(?:配合|参与)[）)]")
# （人力资源社会保障部、财政部等按职责分工负责）: every listed unit is responsible.
# The units may run past a comma (…、市场监管总局，各省级人民政府按职责分工负责), and the first tag may
# state the lead rule after a full stop (…负责。列第一位者为牵头单位，下同).
TAG_DUTY = re.compile(r"[（(]由?([^（）()：:。]{2,200}?)(?:按职责分工|按职责|分别|共同)?负责"
                      r"(?:[。；;][^（）()。]{0,30})?[）)]")
# A document-wide rule that the first unit of each tag leads.
LEAD_RULE = re.compile(r"(?:列|排)?(?:在)?第一位(?:的|者)?(?:为|是)牵头(?:单位|部门)|"
                       r"逗号前(?:的|者)?为牵头(?:单位|部门)")
COMMA_RULE = re.compile(r"逗号前(?:的|者)?为牵头")
ASSIST_SPLIT = re.compile(r"[；;]\s*(?:配合|协助|参与)(?:单位|部门)[:：]")


def responsibility_fact(doc: Document, sent: Sentence, name: str, span: tuple[int, int], action: str,
                        strength: str, lead: bool | None, **extra) -> Fact:
    """A responsibility record: the actor's name as written and its canonical form, with provenance."""
    fields = {"department": clean_name(name), "department_canonical": canonical_department(name),
              "action": action, "strength": strength, "lead": lead}
    fields.update(extra)
    return Fact(type="responsibility", source=doc.source, part=sent.part, start=span[0], end=span[1],
                evidence=doc.text[span[0]:span[1]], fields=fields, section=sent.section, page=sent.page)


def sentence_at(doc: Document, offset: int) -> Sentence | None:
    starts = [s.start for s in doc.sentences]
    k = bisect.bisect_right(starts, offset) - 1
    return doc.sentences[k] if k >= 0 else None


def _line_before(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def lead_rule(text: str) -> str | None:
    """The document's rule for which tagged unit leads: "comma", "first" or None."""
    m = LEAD_RULE.search(text)
    if m is None:
        return None
    return "comma" if COMMA_RULE.match(m.group()) else "first"


def _unit_leads(body: str, rule: str | None) -> list[tuple[str, bool | None]]:
    """The units of a tag with their lead flag: 牵头单位：A；配合单位：B, or the document's rule
    (列第一位者为牵头单位 → first; 逗号前为牵头单位 → the units before the first comma; "lead" for a
    牵头单位 keyword: all lead)."""
    body = re.split(r"[。；;]\s*(?=以下|[（(]?逗号前|[（(]?列第一位)", body, maxsplit=1)[0]
    body = LEAD_RULE.sub("", re.sub(r"[，,]?\s*下同", "", body)).strip("，,。 ")
    lead_part, assist_part = (ASSIST_SPLIT.split(body, maxsplit=1) + [""])[:2]
    if assist_part:
        return [(n, True) for n in split_tag_units(lead_part)] + \
            [(n, False) for n in split_tag_units(assist_part)]
    if rule == "comma":
        head, tail = (re.split(r"[，,]", lead_part, maxsplit=1) + [""])[:2]
        return [(n, True) for n in split_tag_units(head)] + [(n, False) for n in split_tag_units(tail)]
    names = split_tag_units(lead_part)
    if rule == "lead":  # （牵头考核单位：A、B）: every listed unit leads
        return [(n, True) for n in names]
    return [(n, (i == 0) if rule == "first" else None) for i, n in enumerate(names)]


def tag_facts(doc: Document, rule: str | None) -> tuple[list[Fact], list[tuple[int, int]]]:
    """Records from （责任单位：…）-style tags anywhere in the text; returns them and the tag spans."""
    facts: list[Fact] = []
    spans: list[tuple[int, int]] = []
    text = doc.text
    _list_tags(doc, rule, (TAG_UNITS, TAG_BRACKET), facts, spans)
    for pattern in (TAG_LEAD, TAG_LEAD_ASSIST, TAG_DUTY):
        for m in pattern.finditer(text):
            sent = sentence_at(doc, m.start())
            if sent is None or any(a < m.end() and m.start() < b for a, b in spans):
                continue
            units = _inline_units(pattern, m, rule)
            if not units:
                continue
            spans.append(m.span())
            line = _line_before(text, m.start())
            span = (line, m.end()) if m.end() - line <= MAX_EVIDENCE else m.span()
            heading = text[line:m.start()].strip()
            for name, lead in units:
                facts.append(responsibility_fact(doc, sent, name, span, heading, "must", lead, tag=True))
    _list_tags(doc, rule, (TAG_PAREN,), facts, spans)  # after （A、B负责）, （由A牵头）
    return facts, spans


def _list_tags(doc: Document, rule: str | None, patterns: tuple[re.Pattern, ...], facts: list[Fact],
               spans: list[tuple[int, int]]) -> None:
    """Records from tags that list units (labelled or not); appends to facts and spans."""
    text = doc.text
    for pattern in patterns:
        for m in pattern.finditer(text):
            sent = sentence_at(doc, m.start())
            if sent is None or any(a < m.end() and m.start() < b for a, b in spans):
                continue
            keyword = text[m.start():m.start(1)]
            units = _unit_leads(m.group(1), "lead" if "牵头" in keyword else rule)
            if not units:
                continue
            if pattern is not TAG_UNITS and not _lists_units(text, m, [n for n, _ in units]):
                continue  # [注释] or a bracketed phrase, not a list of units
            spans.append(m.span())
            heading = sent.section.split(">")[-1].strip()
            for name, lead in units:
                facts.append(responsibility_fact(doc, sent, name, m.span(), heading, "must", lead, tag=True))


def _lists_units(text: str, m: re.Match, names: list[str]) -> bool:
    """An unlabelled bracket is a tag when every item is a known kind of unit, or, where it closes a
    measure's line, when most are and the rest can be names (市足协, 杭师大). Round brackets count
    only in that closing position, after the measure's text."""
    known = sum(is_actor_name(n) for n in names)
    if known == len(names) and m.re is TAG_BRACKET:
        return True
    if not LINE_END.match(text, m.end()) or not all(is_unit_like(n) for n in names):
        return False
    if m.re is TAG_PAREN and m.start() - _line_before(text, m.start()) < 8:
        return False  # a heading's or a short line's bracket, not a measure's tag
    return 2 * known > len(names)


def _inline_units(pattern: re.Pattern, m: re.Match, rule: str | None) -> list[tuple[str, bool | None]]:
    """The units of a （由A牵头）, （A牵头，B配合） or （A、B负责） tag with their lead flag; a duty tag
    follows the document's lead rule and must list nothing but bodies."""
    if pattern is TAG_LEAD:
        return [(n, True) for n in split_actors(m.group(1))]
    if pattern is TAG_LEAD_ASSIST:
        return [(n, True) for n in split_actors(m.group(1))] + [(n, False) for n in split_actors(m.group(2))]
    if not all(ends_with_suffix(part.rstrip("等")) for part in re.split(r"[，,]", m.group(1))):
        return []  # （以上数据截至年底，不含新设机构负责）: each comma part must end with a body
    units = _unit_leads(m.group(1), rule)
    if not units or not all(is_actor_name(n) for n, _ in units):
        return []  # a parenthesis that lists no bodies
    return units

