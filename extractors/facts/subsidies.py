"""Extract subsidy standards (补贴, 奖补, 贴息 …) from a Document (see ../shared/eval/GUIDELINES.md).

How 公文 state a benefit: a recipient introduced by 对…/给予…, an amount with a per-unit
wording (每人每月300元), often a cap (最高不超过50万元), tiers listed with 分别 (分别给予30万元、
20万元), or a raise (由1000元提高至4000元). Everything else that names a benefit (落实好社会保险
补贴) is a record without an amount. Money already paid (累计发放3亿元), budgets, fines and
eligibility thresholds (研发投入500万元以上的企业) are not subsidy standards.

Stages: clauses of the clean text → a cheap cue filter → a whitespace-free view of each
candidate clause → quantities (extractors.normalize.numbers) judged by the words around them.
Word lists are data in extractors/patterns/subsidy_*.tsv and regions.tsv; which numbers are standards
is judged by extractors.facts.subsidy_amounts, who receives each benefit by subsidy_recipients.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from extractors.facts.quantities import region_names
from extractors.facts.quantity_lexicon import COUNTY_NAME, cues, gazetteer
from extractors.facts.subsidy_amounts import RATIO_PHRASE, Amount, find_amounts
from extractors.facts.subsidy_recipients import (
    CHUNK_END,
    ITEM_BREAK,
    SUBJECTLESS,
    beneficiary,
    chunk_bounds,
    distribute,
    fill_defined_recipients,
    last_match,
    share_grade_head,
    split_beneficiaries,
    split_grades,
)
from schema.errors import PatternFileError
from schema.records import Document, Fact

MAX_EVIDENCE = 200
BENEFIT_KINDS = ("grant", "loan", "relief", "award")
CUE_ROLES = ("grant", "cap", "achievement", "penalty", "payer", "allocation", "threshold", "budget")
AMOUNT_UNITS = ("元", "%", "倍")
# Page furniture that PDF text keeps inside sentences (— 27 —).
PAGE_MARK = re.compile(r"[—－-]\s*\d{1,3}\s*[—－-](?!\d)")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
CLAUSE_END = re.compile(r"[。！？；;]")
# Words that end a noun phrase to the left of a benefit noun (verbs, function words).
PHRASE_STOP = re.compile(r"[，。；：、（）()“”\d元%]|给予|予以|落实|享受|发放|实行|实施|开展|建立|"
                         r"完善|设定|用于|提供|申领|申请|执行|规范|按照|按|对|和|及|与|或|的|等|"
                         r"好|为|将|可|并|加大|提高|优先|依法|继续|健全|推行|争取|获得|支付|安排|出台|优化|"
                         r"领取|以|有|增加|稳定|探索|鼓励|支持|推进|确定|合理|者|办理|进行|申报|停领|停发|符合|需要|如何|哪些|"
                         r"途径|期间|[-—]|其中|(?<=[年月日天度])内|提出|提交|限额|[《》]|(?<=\d)[年月日号]|第[一二三四五六七八九十百]+条")


@dataclass(frozen=True)
class Lexicon:
    """The subsidy word lists, compiled once on first use."""

    benefit: re.Pattern[str]
    cue: dict[str, re.Pattern[str]]
    per_unit: tuple[tuple[re.Pattern[str], str], ...]
    region: re.Pattern[str]
    regions: dict[str, str]
    opener: re.Pattern[str]  # a place opening a clause, after an optional 2022年以来，
    candidate: re.Pattern[str]


def _read_tsv(name: str, columns: int, allowed: tuple[str, ...] | None = None) -> list[list[str]]:
    """Rows of a pattern file; a bad row raises PatternFileError naming file and line."""
    path = f"extractors/patterns/{name}"
    try:
        text = (resources.files("extractors") / "patterns" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as err:
        raise PatternFileError(path, f"cannot read: {err}") from err
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != columns or not all(cells):
            raise PatternFileError(path, f"line {lineno}: expected {columns} tab-separated cells")
        if allowed and cells[-1] not in allowed:
            raise PatternFileError(path, f"line {lineno}: unknown kind {cells[-1]!r}")
        rows.append(cells)
    return rows


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def lexicon() -> Lexicon:
    """Load and check the subsidy pattern files once."""
    benefits = [row[0] for row in _read_tsv("subsidy_benefits.tsv", 2, BENEFIT_KINDS)]
    cues: dict[str, list[str]] = {role: [] for role in CUE_ROLES}
    for word, role in _read_tsv("subsidy_cues.tsv", 2, CUE_ROLES):
        cues[role].append(word)
    per_unit = []
    for pattern, unit in _read_tsv("subsidy_units.tsv", 2):
        try:
            per_unit.append((re.compile(pattern), unit))
        except re.error as err:
            raise PatternFileError("extractors/patterns/subsidy_units.tsv",
                                   f"bad regex {pattern!r}: {err}") from err
    regions = region_names()  # the one place gazetteer, admin_divisions.tsv
    benefit = re.compile(_alternation(benefits))
    return Lexicon(benefit=benefit,
                   cue={role: re.compile(_alternation(words)) for role, words in cues.items()},
                   per_unit=tuple(per_unit), region=re.compile(_alternation(regions)), regions=regions,
                   opener=re.compile(rf"[\s#*>]*(?:\d{{4}}\s*年(?:以来)?\s*[，,]?\s*)?"
                                     rf"(?P<place>{_alternation(regions)})"),
                   candidate=re.compile(_alternation(benefits + cues["grant"])))


@dataclass
class Clause:
    """A clause with a whitespace-free view (`flat`) and the offset of each flat char in the text."""

    start: int
    end: int
    flat: str
    offsets: list[int]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Text offsets of the flat range [a, b)."""
        return self.offsets[a], self.offsets[max(a, b - 1)] + 1


HARD_BREAK = re.compile(r"[。！？；;!?]|\n\s*(?=[#>*|]|[一二三四五六七八九十]+、|"
                        r"[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d)|"
                        r"第[一二三四五六七八九十百]+[条章节])|(?<=[：:])\s*\n"
                        r"|(?m:(?<=^[一二三四五六七八九十]、)[^\n。，；：]{2,16}\n)")


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Sentence-like spans: split at 。！？； and before headings or list items.

    Other line breaks are wrapped lines (PDF and plain-text copies break mid-sentence, even
    with blank lines at page ends), so they do not end a clause.
    """
    spans, start = [], 0
    for m in HARD_BREAK.finditer(text):
        end = m.end() if not m.group().isspace() else m.start()
        while end > start and text[end - 1].isspace():  # a run-in heading line ends at its break
            end -= 1
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def flatten(text: str, start: int, end: int) -> Clause:
    """Drop whitespace, page marks and digit-group commas (1,000元 → 1000元: no clause break), keeping
    each kept char's offset."""
    raw = THOUSANDS.sub(" ", PAGE_MARK.sub(lambda m: " " * len(m.group()), text[start:end]))
    chars, offsets = [], []
    for i, ch in enumerate(raw):
        if not ch.isspace():
            chars.append(ch)
            offsets.append(start + i)
    return Clause(start, end, "".join(chars), offsets)


def evidence_window(clause: Clause, a: int, b: int, limit: int = MAX_EVIDENCE) -> tuple[int, int]:
    """Text span of whole comma chunks around flat [a, b), grown left and right within `limit`."""
    flat = clause.flat
    cuts = [0] + [k + 1 for k, ch in enumerate(flat[:-1]) if ch in CHUNK_END] + [len(flat)]
    i = max(k for k in range(len(cuts) - 1) if cuts[k] <= a)
    j = min(k for k in range(1, len(cuts)) if cuts[k] >= b)

    def width(lo: int, hi: int) -> int:
        ts, te = clause.span(cuts[lo], cuts[hi])
        return te - ts

    if width(i, j) > limit:
        ts = clause.span(a, b)[0]
        return ts, min(clause.end, ts + limit)
    left = True
    while True:
        if left and i > 0 and width(i - 1, j) <= limit:
            i -= 1
        elif j < len(cuts) - 1 and width(i, j + 1) <= limit:
            j += 1
        elif i > 0 and width(i - 1, j) <= limit:
            i -= 1
        else:
            break
        left = not left
    return clause.span(cuts[i], cuts[j])




def benefit_phrase(flat: str, start: int, end: int, floor: int = 0) -> str:
    """The benefit noun with the modifiers written before it (交通费补贴, 一次性奖励), from `floor` on."""
    low = max(floor, start - 16)
    left = low if low == floor else start  # no stop word within reach: the noun alone
    for m in PHRASE_STOP.finditer(flat, low, start):
        left = m.end()
    return flat[left:end]


def _item(flat: str, q_start: int, q_end: int, lex: Lexicon) -> str | None:
    """The benefit an amount belongs to: the nearest benefit noun after it in its chunk, else before."""
    cs, ce = chunk_bounds(flat, q_start)
    m = lex.benefit.search(flat, q_end, ce)
    if m:
        return benefit_phrase(flat, m.start(), m.end(), q_end)
    found = last_match(lex.benefit.finditer(flat, 0, q_start))
    if found:
        return benefit_phrase(flat, found.start(), found.end())
    m = lex.benefit.search(flat, q_end)
    return benefit_phrase(flat, m.start(), m.end()) if m else None


def _condition(flat: str, pos: int) -> str | None:
    """The eligibility written before the amount: a ratio (按投入的20%) or a …的 clause."""
    ratio = last_match(RATIO_PHRASE.finditer(flat, 0, pos))
    if ratio:
        return ratio.group()
    cs, _ = chunk_bounds(flat, pos)
    prev = flat[:max(0, cs - 1)]
    m = re.search(r"([^，。；]{2,60}的)$", prev)
    return m.group(1) if m else None


# A part issued by the central government (国发〔2018〕39号, 国务院办公厅, 国家乡村振兴局) holds for 全国.
CENTRAL_NUMBER = re.compile(r"(?:国发|国办发|国函|国办函|中发|中办发)〔")
CENTRAL_ISSUER = re.compile(r"(?:国务院|中共中央|全国人民代表大会|国家[^省市县区]{1,12}(?:局|委员会|委|署)$)")


def region_of_part(doc: Document, part_index: int, lex: Lexicon) -> str | None:
    """The place a part is about, from its title or first lines (杭州市人民政府文件 → 杭州)."""
    part = next((p for p in doc.parts if p.index == part_index), None)
    start = part.start if part else 0
    lines = [ln.strip() for ln in doc.text[start:start + 600].splitlines() if ln.strip()][:3]
    lines = [ln for ln in lines if not ln.endswith(("：", ":"))]  # 主送机关: 各省…及新疆生产建设兵团…：
    named = [part.title, *part.issuers] if part else []
    head = " ".join([*named, *lines])
    report = re.search(rf"(?P<place>{lex.region.pattern})?(?:省|市|自治区|州|县|区)?(?:人民)?政府工作报告",
                       head)
    if report:
        return lex.regions[report.group("place")] if report.group("place") else "全国"
    m = lex.region.search(head)
    if m is None:
        return None
    district = DISTRICT_AFTER.match(head, m.end())  # 广州市天河区…办法: the district is the place
    city = gazetteer().level.get(lex.regions[m.group()]) == "city"
    if city and district and not cues().has("generic_area", district.group(1)):
        return f"{lex.regions[m.group()]}市{district.group(1)}"
    return lex.regions[m.group()]


# A district or county named right after its city in a title (广州市天河区, 南宁市良庆区).
DISTRICT_AFTER = re.compile(rf"市?({COUNTY_NAME})(?=[\u4e00-\u9fff])")


def is_central(doc: Document, part_index: int) -> bool:
    """Whether a part comes from the central government (国务院关于…的意见): it holds for 全国."""
    part = next((p for p in doc.parts if p.index == part_index), None)
    return bool(part and (CENTRAL_NUMBER.match(part.doc_number or "")
                          or any(CENTRAL_ISSUER.match(issuer) for issuer in part.issuers)))


def clause_region(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    """A place that opens a clause (2022年以来，陕西省…; 海南改变…), as in news round-ups.

    A short first line is a run-in heading (双向补贴提动力), so the line after it counts too.
    """
    opener = lex.opener
    m = opener.match(text, start, end)
    newline = text.find("\n", start, min(end, start + 14))
    if not m and newline > 0:
        m = opener.match(text, newline + 1, end)
    return lex.regions[m.group("place")] if m else None


def _locate(doc: Document, starts: list[int], offset: int) -> tuple[int, str]:
    """Part index and section path of a text offset; `starts` are the sentences' start offsets."""
    part = next((p.index for p in doc.parts if p.start <= offset < p.end), 0)
    k = bisect.bisect_right(starts, offset) - 1
    return part, doc.sentences[k].section if k >= 0 else ""


def _fact(doc: Document, starts: list[int], clause: Clause, a: int, b: int, fields: dict) -> Fact:
    """A subsidy Fact whose evidence is the chunks around flat [a, b) of the clause."""
    ts, te = evidence_window(clause, a, b)
    part, section = _locate(doc, starts, ts)
    return Fact(type="subsidy", source=doc.source, part=part, start=ts, end=te,
                evidence=doc.text[ts:te].strip(), fields=fields, section=section)


def expand_label(flat: str, label: str, labels: list[str], pos: int) -> str:
    """The full name a short label stands for, from earlier in the clause.

    由车间1000元/人、基地2000元/人… after 就业帮扶车间和基地: 车间 → 就业帮扶车间, 基地 → 就业帮扶基地.
    """
    for m in re.finditer(re.escape(label), flat[:pos]):
        name = benefit_phrase(flat, m.start(), m.end())
        if len(name) > len(label):
            return name
        if m.start() > 1 and flat[m.start() - 1] in "和及与":
            lead = benefit_phrase(flat, m.start() - 1, m.start() - 1)
            other = next((x for x in labels if x != label and lead.endswith(x)), None)
            if other and len(lead) > len(other):
                return lead[:-len(other)] + label
    return label


def _tier_recipients(flat: str, amount: Amount, amounts: list[Amount]) -> list[str]:
    """对A、B的，分别给予…: the recipients an amount goes to, one record each.

    One amount for a list goes to every name; as many amounts as names pair up in order.
    """
    cs, ce = chunk_bounds(flat, amount.start)
    tier = [a for a in amounts if cs <= a.start < ce]
    if "分别" not in flat[cs:tier[0].start]:
        return []
    who = beneficiary(flat, amount.start, True) or ""
    if not who:  # 区级、街道级、社区级设施每年每个分别…: the graded subject heads the chunk
        who = re.split(r"每|分别", flat[cs:tier[0].start])[0]
    names = share_grade_head([w for w in re.split(r"[、，]", who) if w])
    if len(names) == 1 and len(tier) == 2:
        names = split_grades(who)
    if len(names) < 2 or len(tier) not in (1, len(names)):
        return []
    names = distribute(names)
    return names if len(tier) == 1 else [names[tier.index(amount)]]


# Nouns after a benefit's name that make it the name of an administrative thing (临时救助审批,
# 救助管理机构, 社会救助体系), not a benefit granted to someone.
ADMIN_HEAD = re.compile(r"(?:审批|审核|受理|对象|条件|管理|机构|体系|细则|事项|情况|备用金|"
                        r"信息|系统|平台|档案|流程|程序|职责|业务)")


def grants_benefit(flat: str, start: int, end: int) -> bool:
    """Whether a benefit noun names a benefit, not a title (《…救助办法》) or an office (救助管理机构)."""
    if flat.rfind("《", 0, start) > flat.rfind("》", 0, start):
        return False
    return not ADMIN_HEAD.match(flat, end)


def clause_subsidies(flat: str, lex: Lexicon, inherited_unit: str | None = None) -> list[dict]:
    """Subsidy records of one whitespace-free clause, each with its flat span under `_span`.

    `inherited_unit` is the per-unit of the clause before; a clause opening with 其中 keeps it.
    """
    if lex.cue["penalty"].search(flat):
        return []
    records: list[dict] = []
    used: list[tuple[int, int]] = []
    amounts = find_amounts(flat, lex)
    for amount in amounts:
        used.append(chunk_bounds(flat, amount.start))
        unit = amount.unit
        if unit == "元" and flat.startswith("其中") and inherited_unit and inherited_unit.startswith("元/"):
            unit = inherited_unit
        if amount.label:
            recipients = [expand_label(flat, amount.label, [a.label for a in amounts], amount.start)]
        else:
            recipients = _tier_recipients(flat, amount, amounts) or [beneficiary(flat, amount.start, True)]
        for who in recipients:
            records.append({"item": _item(flat, amount.start, amount.end, lex), "beneficiary": who,
                            "amount": amount.value, "unit": unit, "previous_amount": amount.previous,
                            "condition": _condition(flat, amount.start), "_span": (amount.start, amount.end)})
    for m in lex.benefit.finditer(flat):
        if any(cs <= m.start() < ce for cs, ce in used) or not grants_benefit(flat, m.start(), m.end()):
            continue
        for who in split_beneficiaries(beneficiary(flat, m.start())):
            records.append({"item": benefit_phrase(flat, m.start(), m.end()), "beneficiary": who,
                            "amount": None, "unit": None, "previous_amount": None, "condition": None,
                            "_span": (m.start(), m.end())})
    return records


def carry_recipient(doc: Document, starts: list[int], start: int, records: list[dict],
                    holder: tuple[str, int, str] | None) -> tuple[str, int, str] | None:
    """Give amounts without a recipient the one named just before in the same item, and return the
    recipient to carry on.

    A 公文 names the recipient once and lists its standards in the sentences that follow
    (…组织给予一次性补贴。被评为五星级的给予10万元，四星级的给予5万元); a blank line, a heading
    or another section ends the carry.
    """
    section = _locate(doc, starts, start)[1]
    lead = re.compile(r"\s*").match(doc.text, start).end() + 8  # the clause's own opening too
    if holder and (holder[0] != section or ITEM_BREAK.search(doc.text, holder[1], lead)):
        holder = None
    flat = re.sub(r"\s+", "", doc.text[start:start + 80])
    subjectless = SUBJECTLESS.match(flat)
    for record in records:
        if record["beneficiary"]:
            holder = (section, start, record["beneficiary"])
        elif holder and subjectless and record["amount"] is not None:
            record["beneficiary"] = holder[2]
    return holder


def extract_subsidies(doc: Document) -> list[Fact]:
    """Every subsidy standard and every named benefit in the document, one record per benefit."""
    lex = lexicon()
    facts: list[Fact] = []
    part_regions: dict[int, str | None] = {}
    last_unit: str | None = None
    starts = [sentence.start for sentence in doc.sentences]
    # part → (place named at the start of its latest clause, the heading path it was named under)
    carried: dict[int, tuple[str, str]] = {}
    seen: set[tuple] = set()
    holder: tuple[str, int, str] | None = None  # (section, end, recipient) of the latest named recipient
    for start, end in split_clauses(doc.text):
        place = clause_region(doc.text, start, end, lex)
        if place and place != "全国":  # 全国 opens many sentences of local reports too
            where = _locate(doc, starts, start)
            carried[where[0]] = (place, where[1])
        quick = doc.text[start:end]
        if not lex.candidate.search(quick) and not lex.candidate.search(re.sub(r"\s+", "", quick)):
            continue
        clause = flatten(doc.text, start, end)
        records = clause_subsidies(clause.flat, lex, last_unit)
        if not records:
            continue
        last_unit = next((r["unit"] for r in reversed(records) if r["unit"]), last_unit)
        part, section = _locate(doc, starts, start)
        if part not in part_regions:
            part_regions[part] = region_of_part(doc, part, lex) or ("全国" if is_central(doc, part) else "")
        base = part_regions[part]  # a place the part names wins; 全国 yields to a clause's place
        # a place opening a clause speaks for the rest of its section, not for the whole part
        place_here = carried.get(part)
        if place_here and place_here[1] != section:
            place_here = None
        region = ((place_here[0] if place_here else None) or base or None) if base in ("", "全国") else base
        holder = carry_recipient(doc, starts, start, records, holder)
        for record in records:
            a, b = record.pop("_span")
            # the same words under the same heading: a page that repeats its own article (two measures
            # may share a sentence word for word: their headings tell them apart)
            key = (section, clause.flat[max(0, a - 12):b + 12], *map(str, record.values()))
            if key in seen:
                continue
            seen.add(key)
            record["region"] = region
            facts.append(_fact(doc, starts, clause, a, b, record))
    return fill_defined_recipients(doc, facts, lex.benefit)

