"""Extract deadlines: time limits on actions (see ../shared/eval/GUIDELINES.md, `deadline`).

Two shapes, both found by the compiled regexes of `extractors.normalize.dates` over the clean text:
an absolute due date (年底前, 6月底前, 每年3月底前, 应当于每年3月份…) resolved against the document's
own date, and a relative limit counted from an event (应在受理申请后1个月内, 自收到…之日起15个工作日,
不得超过登记注册之日起4年). The cue words that tell a deadline from an eligibility window (毕业2年内),
a look-back period (申请日前12个月内), a validity period (有效期至…) or vague urgency (及时) are data
in `extractors/patterns/deadline_cues.tsv`.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from extractors.departments import tables
from extractors.normalize.dates import (
    DUE_EXPRESSION,
    FULL_DATE,
    TIME_LIMIT,
    YEAR_MENTION,
    limit_days,
    parse_full_date,
    resolve_due,
    to_int,
)
from extractors.textnorm import ITEM_NUMBER
from schema.errors import PatternFileError
from schema.records import Document, Fact, Part

CUE_FILE = "deadline_cues.tsv"
CUE_KINDS = ("lead", "not_lead", "anchor", "cap", "due_label", "before_skip", "after_skip", "validity",
             "event_after", "report", "vague", "subject_stop", "actor_suffix", "limit_label", "done_after")
MAX_EVIDENCE = 200
MAX_TASK = 60
PAST_TOLERANCE_DAYS = 180  # a due date this long before the document's date is a reported past
_HEADING = r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百]+[章节])"
_SENTENCE_END = re.compile(
    rf"(?m:^[ \t　]*{_HEADING}[^\n。；]{{0,40}}\n)"
    r"|[。！？!?；;]|\n\s*\n|(?<=[。：:！？；])\s*\n|\n(?=\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）"
    r"|第[一二三四五六七八九十百]+条|#|\d+[.．、]))")
_CLAUSE_END = re.compile(r"[，,：:]")
_PARAGRAPH_END = re.compile(r"\n\s*\n")
_MARKUP = re.compile(rf"^[\s*#>\-]*{ITEM_NUMBER}?\s*")
# The event a capped limit counts from, noted in brackets after it: （自批准之日起计算）, （从受理起算）.
_BRACKETED_EVENT = re.compile(r"[（(](?:自|从)(?P<event>[^（）()，,。]{1,30}?(?:之日|之次日)?起)"
                              r"(?:计算|算|计)?[）)]")
# A fronted condition or event with no actor of its own (不予批准的，…; 开展先行急难救助后，…).
_CONDITION_OPENER = re.compile(r"(?:的|后|时)$")
_OWN_PLACE = re.compile(r"^本(?:省|市|区|县|镇|乡)(?=\S{2})")
# A unit tag at the end of an item: [市体育局、市教育局], （责任单位：市人力社保局、市财政局）.
_ITEM_TAG = re.compile(r"(?:[\[［【〔]([^\[\]［］【】〔〕\n]{2,160}?)[\]］】〕]"
                       r"|[（(]([^（）()\n]{2,120}?)[）)])\s*$")
_TAG_LABEL = re.compile(r"^(?:牵头|责任)单位[：:]")
_DATE_LINE = re.compile(rf"^[ \t　]*(?:{FULL_DATE.pattern})[ \t　]*$", re.M)


@dataclass(frozen=True)
class Cues:
    """The deadline cue words, loaded once, with the regexes built from them."""

    words: dict[str, tuple[str, ...]]
    subject_stop: re.Pattern[str]
    actor_at_start: re.Pattern[str]
    actor_after_stop: re.Pattern[str]
    not_lead: dict[str, tuple[tuple[int, str], ...]]  # lead character → (its index, word) it is no lead in

    def __getitem__(self, kind: str) -> tuple[str, ...]:
        return self.words[kind]


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def cues() -> Cues:
    """Load and check deadline_cues.tsv once; a bad row raises PatternFileError naming file and line."""
    name = f"extractors/patterns/{CUE_FILE}"
    try:
        text = (resources.files("extractors") / "patterns" / CUE_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as err:
        raise PatternFileError(name, f"cannot read: {err}") from err
    return parse_cues(text, name)


def actor_endings(extra: tuple[str, ...]) -> tuple[str, ...]:
    """Endings of an actor's name: the shared actor tables of `extractors.departments` (…部门, …局,
    各地) plus the people a deadline binds that a duty clause rarely names (申请人, 毕业生)."""
    shared = tables()
    return tuple(sorted(set(shared.suffixes) | shared.collective | set(extra), key=len, reverse=True))


def parse_cues(text: str, name: str) -> Cues:
    """Build the cue table from the text of a `kind<TAB>word` file."""
    words: dict[str, list[str]] = {kind: [] for kind in CUE_KINDS}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or cells[0] not in words or not cells[1] or re.search(r"\s", cells[1]):
            raise PatternFileError(name, f"line {lineno}: expected a known kind and one word, tab-separated")
        words[cells[0]].append(cells[1])
    frozen = {kind: tuple(values) for kind, values in words.items()}
    stop = _alternation(frozen["subject_stop"])
    name_chars = r"(?:[^\s，,。；;：:、（）()《》“”应须要可于在将对向并]|[（(][^（）()，,。]{1,8}[）)])"
    gloss = r"(?:[（(][^（）()，,。]{1,10}[）)])?"  # 镇人民政府（街道办事处）
    endings = actor_endings(frozen["actor_suffix"])
    actor = rf"{name_chars}{{0,25}}(?:{_alternation(endings)}){gloss}"
    actors = rf"(?:{name_chars}{{1,10}}、)*(?:{actor})(?:(?:、|和|及|以及|与|会同){actor})*"
    not_lead = {lead: tuple((w.index(lead), w) for w in frozen["not_lead"] if lead in w)
                for lead in frozen["lead"]}
    frozen["actor_suffix"] = endings
    return Cues(words=frozen, subject_stop=re.compile(rf"(?:{stop})+$"),
                actor_at_start=re.compile(rf"^(?:由)?({actors})"),
                actor_after_stop=re.compile(rf"(?:^|[。；;]\W*)({actors})(?:{stop})"), not_lead=not_lead)


# -- sentences and clauses ---------------------------------------------------------------------------

def sentence_bounds(text: str) -> list[int]:
    """Offsets where sentences end (。！？；, blank lines, a line break after 。/： or before a heading)."""
    return [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]


def _sentence_at(bounds: list[int], pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(bounds, pos)
    start = bounds[i - 1] if i else 0
    return start, bounds[min(i, len(bounds) - 1)]


def _evidence_span(text: str, start: int, end: int, cue_start: int, cue_end: int) -> tuple[int, int]:
    """The sentence, trimmed of blanks; a long one is cut to the clauses around the cue (≤ 200)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start <= MAX_EVIDENCE:
        return start, end
    cuts = [start] + [m.end() for m in _CLAUSE_END.finditer(text, start, end)] + [end]
    lo = max(c for c in cuts if c <= cue_start)
    hi = min(c for c in cuts if c >= cue_end)
    while True:
        left = max((c for c in cuts if c < lo), default=None)
        right = min((c for c in cuts if c > hi), default=None)
        if right is not None and right - lo <= MAX_EVIDENCE:
            hi = right
        elif left is not None and hi - left <= MAX_EVIDENCE:
            lo = left
        else:
            break
    if hi - lo > MAX_EVIDENCE:  # one clause longer than the limit: a window around the cue
        lo = max(lo, min(cue_start - 60, hi - MAX_EVIDENCE))
        hi = min(hi, lo + MAX_EVIDENCE)
    return lo, hi


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    """Start of the comma clause holding `pos`."""
    cut = sent_start
    for m in _CLAUSE_END.finditer(text, sent_start, pos):
        cut = m.end()
    return cut


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- the document's own date ---------------------------------------------------------------------------

def reference_date(doc: Document, part: Part) -> dt.date | None:
    """The date a yearless deadline is read against: the part's issue date, else a 落款 date line in
    the part or the file, else a date in the file's header lines, else 1 January of the title's year."""
    if part.issued_date:
        try:
            return dt.date.fromisoformat(part.issued_date)
        except ValueError:
            pass
    for key, value in doc.meta.items():
        if isinstance(value, str) and re.search(r"date|日期|时间", str(key), re.I):
            found = parse_full_date(value)
            if found:
                return found
    for lo, hi in ((part.start, part.end), (0, len(doc.text))):
        for m in _DATE_LINE.finditer(doc.text, lo, hi):
            found = parse_full_date(m.group(0))
            if found:
                return found
    found = parse_full_date(doc.text[:300])
    if found:
        return found
    year = YEAR_MENTION.search(part.title or "")
    if year:
        try:
            return dt.date(to_int(year.group("year")), 1, 1)
        except ValueError:
            return None
    return None


# -- context tests ---------------------------------------------------------------------------------

def _ends_with(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in sorted(words, key=len, reverse=True) if text.endswith(w)), None)


def _starts_with(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in sorted(words, key=len, reverse=True) if text.startswith(w)), None)


def _last_lead(head: str) -> int:
    """Index in `head` of the last preposition that introduces a limit (在/于/自/从), or -1."""
    c = cues()
    for i in range(len(head) - 1, -1, -1):
        if head[i] in c["lead"] and not any(head[i - k:i - k + len(w)] == w for k, w in c.not_lead[head[i]]):
            return i
    return -1


def _strip_modal(text: str) -> str:
    return cues().subject_stop.sub("", text)


def _strip_subject_words(region: str) -> str:
    """A subject region without its leading conjunctions and trailing modals (并应 → '')."""
    return _strip_modal(re.sub(r"^(?:请|并|且|同时|还|也|另外)", "", region))


@dataclass
class Limit:
    """A time limit found in the text, before it becomes a Fact."""

    start: int
    end: int
    subject_end: int  # where the subject region before the limit ends (the lead preposition)
    due_date: str | None = None
    within_days: int | None = None
    relative_to: str | None = None
    recurring: str | None = None
    within_period: str | None = None


def _relative_limit(text: str, m: re.Match[str], sent_start: int) -> Limit | None:
    """A relative limit (应在5个工作日内, 自收到…之日起15个工作日), or None for a window or a ban."""
    c = cues()
    if m.start() > 0 and text[m.start() - 1] in "年月.-/第":
        return None
    clause_start = _clause_start(text, sent_start, m.start())
    head = _squeeze(text[clause_start:m.start()])
    after = _squeeze(text[m.end():m.end() + 8])
    bare = head[:-1] if head.endswith("的") else head
    anchor = _ends_with(bare, c["anchor"])
    huge = m.group("num") != "半" and to_int(m.group("num")) >= 1000  # 2023年 is a year, no count
    if (not anchor and _ends_with(bare, c["before_skip"])) or huge:
        return None
    lead = _last_lead(head)
    cap = max((w for w in c["cap"] if w in head), key=len, default=None)
    skip_after = _starts_with(after, c["after_skip"])
    if skip_after and not (cap and not m.group("within") and skip_after in "。；;"):
        return None
    if anchor and _ends_with(bare[:-len(anchor)], c["before_skip"]) and not cap and not (
            lead > 0 and _ends_with(head[:lead], c["subject_stop"])):
        return None  # 毕业后1年内: an eligibility window unless someone must act in it
    relative_to = None
    if lead >= 0 and any(w in head[lead:] for w in c["before_skip"] if w[-1] in "到至"):
        return None  # 从一个月压缩到平均4个工作日: a processing time cut, not a count from an event
    if lead >= 0 and (anchor or head[lead] in "自从"):
        relative_to = bare[lead + 1:] or None
    elif 0 <= lead == len(head) - 1 and m.group("within") and (
            _ends_with(head[:lead], c["subject_stop"]) or _strip_subject_words(head[:lead])):
        relative_to = None  # 应在5个工作日内 / 市中心于5个工作日内; not 在3年内按…扣减 (a benefit period)
    elif anchor and cap:
        relative_to = bare[bare.index(cap) + len(cap):] or None
    elif anchor and after and not re.match(r"[，,（(]", after):
        relative_to = bare or None
    elif cap and lead < 0 and (noted := _BRACKETED_EVENT.match(_squeeze(text[m.end():m.end() + 40]))):
        relative_to = noted.group("event")  # 不得超过30天（自批准之日起计算）
    elif cap and lead < 0 and _ends_with(_strip_modal(head[:head.rindex(cap)]), c["limit_label"]):
        relative_to = None  # 审批时限不超过15个工作日: a processing time, counted from the request
    else:
        return None
    if relative_to is None:
        relative_to = _event_before(text, sent_start, clause_start)
    subject_end = clause_start + _offset_of(text, clause_start, lead if lead >= 0 else len(head))
    if cap and lead < 0:
        subject_end = text.find(cap, clause_start, m.start())
    days = limit_days(m.group("num"), m.group("unit"))
    if days is None:
        return None  # 12小时内: no whole number of days
    return Limit(m.start(), m.end(), subject_end, within_days=days,
                 relative_to=relative_to, within_period=_squeeze(m.group(0)).rstrip("内以之"))


def _offset_of(text: str, start: int, squeezed_index: int) -> int:
    """Offset (from `start`) of the character at `squeezed_index` in the whitespace-free text."""
    seen = 0
    for i, ch in enumerate(text[start:]):
        if ch.isspace():
            continue
        if seen == squeezed_index:
            return i
        seen += 1
    return len(text) - start


def _event_before(text: str, sent_start: int, clause_start: int) -> str | None:
    """An earlier clause of the sentence that names the starting event (扶贫项目获准立项后，…)."""
    if clause_start <= sent_start:
        return None
    previous = _squeeze(text[sent_start:clause_start]).rstrip("，,：:")
    previous = _MARKUP.sub("", re.split(r"[，,]", previous)[-1])
    anchor = _ends_with(previous, tuple(a for a in cues()["anchor"] if a != "起"))
    previous = previous[_last_lead(previous) + 1:]
    return previous if anchor and len(previous) <= 40 else None


def _due_limit(text: str, m: re.Match[str], sent_start: int, sent_end: int,
               ref: dt.date | None) -> Limit | None:
    """An absolute due date (年底前, 每年3月底前, 应当于每年3月份…), or None for a report or a validity."""
    c = cues()
    names_date = any(m.group(g) for g in ("year", "month", "yend", "quarter", "qevery", "half", "mday"))
    bare_end = m.group("yend") in ("底", "末") and not (m.group("year") or m.group("rel_year"))
    if bare_end or not names_date:  # 到底前, 末前: no date
        return None
    if m.group("month") and not (m.group("day") or m.group("mpart") or m.group("suffix")) \
            and not _opens_bracket_with_done(text, m):
        return None  # 6月印发: a month, no limit; but （11月取得明显成效，牵头单位：…） is one
    if m.group("mday") and not m.group("every"):
        return None  # 次月15日前: a day of a month that is not named
    clause_start = _clause_start(text, sent_start, m.start())
    head = _squeeze(text[clause_start:m.start()])
    after = _squeeze(text[m.end():m.end() + 8])
    sentence = _squeeze(text[sent_start:sent_end])
    if _ends_with(head, c["report"]) or _reports_after(text, m.end(), sent_end):
        return None
    if any(w in sentence for w in c["validity"]):
        return None
    lead = _last_lead(head)
    label = _squeeze(text[max(sent_start, m.start() - 12):m.start()]).rstrip("：:为是")
    if not m.group("suffix") and _ends_with(label, c["due_label"]):
        pass  # 截止日期为2023年5月31日, 不晚于6月30日
    elif not m.group("suffix") and (not head or head.endswith(("（", "(", "【", "〔"))) and _done_by(after):
        pass  # （6月底完成，牵头考核单位：…）, 年底建成: a date opening its clause, then the work done by it
    elif not m.group("suffix"):
        if lead != len(head) - 1 or not (m.group("every") or _ends_with(head[:lead], c["subject_stop"])):
            return None
        if not m.group("every") and _starts_with(after, c["event_after"]):
            return None
    elif head.endswith(("到", "至")) and not m.group("year") and not m.group("month"):
        return None
    due = resolve_due(m, ref)
    if due is None or (ref and (ref - due.date).days > PAST_TOLERANCE_DAYS):
        return None  # unresolvable, or a date long past when the text was written: a report
    at = lead if 0 <= lead == len(head) - 1 else len(head)
    subject_end = clause_start + _offset_of(text, clause_start, at)
    return Limit(m.start(), m.end(), subject_end, due_date=due.date.isoformat(),
                 recurring=_squeeze(m.group(0)) if due.recurring else None)


def _opens_bracket_with_done(text: str, m: re.Match[str]) -> bool:
    """（11月取得明显成效，…）: a date that opens a bracket and is followed by a verb of completion."""
    opens = text[max(0, m.start() - 1):m.start()] in ("（", "(")
    return opens and _done_by(_squeeze(text[m.end():m.end() + 8]))


def _done_by(after: str) -> bool:
    """完成, 建成, 取得…成效 straight after a date, not 完成了 (a result told)."""
    verb = _starts_with(after, cues()["done_after"])
    return bool(verb) and not after[len(verb):].startswith("了")


def _reports_after(text: str, end: int, sent_end: int) -> bool:
    """Whether the clause after a fronted date reports a result (6月底前，全省已完成…)."""
    rest = _squeeze(text[end:min(sent_end, end + 60)]).lstrip("，,：:")
    if _starts_with(rest, cues()["report"]):
        return True
    actor = _actor_leading(rest)
    return bool(actor and _starts_with(rest[len(actor):], cues()["report"]))


# -- who and what ------------------------------------------------------------------------------------

def _actor_of(region: str) -> str | None:
    """The actor a subject region names (由其所在的乡镇劳动保障所 → 乡镇劳动保障所), or None."""
    c = cues()
    region = _MARKUP.sub("", _strip_modal(_squeeze(region))).lstrip("请由并且其")
    region = region.rsplit("的", 1)[-1]
    if not region or len(region) > 40:
        return None
    m = c.actor_at_start.fullmatch(region)
    return m.group(1) if m and not m.group(1).endswith(tables().nonnames) else None


def _carried_actor(text: str, sent_start: int) -> str | None:
    """The actor of an earlier sentence in the same paragraph (各地要…。…年底前，要…)."""
    lo = max(0, sent_start - 400)
    breaks = [b.end() for b in _PARAGRAPH_END.finditer(text, lo, sent_start)]
    lo = breaks[-1] if breaks else lo
    found = list(cues().actor_after_stop.finditer(_MARKUP.sub("", text[lo:sent_start])))
    return found[-1].group(1) if found else None


def _responsible(text: str, limit: Limit, sent_start: int, sent_end: int) -> str | None:
    """Who must act: the subject before the limit, else before it in the sentence, else after a
    fronted time phrase (每年2月底前，区民政部门应当…), else the actor the paragraph carries over."""
    clause_start = _clause_start(text, sent_start, limit.start)
    region = _strip_subject_words(_squeeze(text[clause_start:limit.subject_end]))
    label = _ends_with(region, cues()["limit_label"])
    region = region[:-len(label)] if label else region  # 区人社局审核时间不得超过… → 区人社局
    if region:
        return _actor_of(region)
    if clause_start > sent_start:
        earlier = re.split(r"[，,：:]", _squeeze(text[sent_start:clause_start]).rstrip("，,：:"))
        named = (_actor_of(earlier[-1]) or _actor_leading(_MARKUP.sub("", earlier[0]))
                 or _actor_leading(earlier[-1]))
        if named or not _CONDITION_OPENER.search(earlier[-1]):
            return named
        return _carried_actor(text, sent_start)  # 不予批准的，应当在3个工作日内…: the article's actor
    rest = _squeeze(text[limit.end:sent_end]).lstrip("，,：:")
    return _actor_leading(rest) or _carried_actor(text, sent_start)


_OWN_TAG_UNITS = re.compile(r"(?:牵头|责任)(?:考核|落实)?(?:单位|部门)[：:]\s*"
                            r"([^（）()；;\n]{2,120}?)\s*[）)；;]")


def _own_tag_units(text: str, limit: Limit) -> str | None:
    """（6月底完成，牵头考核单位：市政府办公室、市公安局）: a limit that opens a unit tag binds the
    units the tag names."""
    before = text[max(0, limit.start - 2):limit.start].rstrip()
    if not before.endswith(("（", "(")):
        return None
    close = re.search(r"[）)]", text[limit.end:limit.end + 160])
    if close is None:
        return None
    m = _OWN_TAG_UNITS.search(text, limit.end, limit.end + close.end())
    return _squeeze(m.group(1)) if m else None


def _tagged_lead(text: str, pos: int) -> str | None:
    """The first unit of the tag that closes the item (…2027年前完成…建设。…[市体育局、市教育局]): in
    若干措施 with unit tags, the unit listed first leads the item and so owns its deadline."""
    line_end = text.find("\n", pos)
    tail = text[pos:line_end if line_end >= 0 else len(text)][-400:]
    m = _ITEM_TAG.search(tail)
    if not m:
        return None
    units = _TAG_LABEL.sub("", _squeeze(m.group(1) or m.group(2)))
    first = re.split(r"[、，,；;]", units)[0]
    return _actor_of(first)


def _actor_leading(text: str) -> str | None:
    """An actor that opens a clause (高校毕业生参加…, 区民政部门应当…), not a word that merely ends in
    a one-character suffix (加快实施部分… is no 部)."""
    c = cues()
    m = c.actor_at_start.match(text)
    if not m:
        return None
    actor, after = m.group(1), text[m.end():]
    if actor.endswith(tables().nonnames):
        return None
    if re.match(rf"(?:{_alternation(c['subject_stop'])}|{_alternation(c['lead'])}|对|向)", after):
        return actor
    suffix = _ends_with(actor, c["actor_suffix"]) or ""
    return actor if len(suffix) >= 2 else None


def _task(text: str, limit: Limit, sent_start: int, sent_end: int, responsible: str | None) -> str:
    """What must be done: the words after the limit up to the end of the clause; a bare verb takes
    the thing named before the limit as its object (首次补贴申请应于…3年内提出 → 提出首次补贴申请)."""
    c = cues()
    rest = _squeeze(text[limit.end:sent_end]).lstrip("，,：:的")
    noted = _BRACKETED_EVENT.match(rest)
    if not noted:  # 13个工作日内（不含公示时间）完成…: the note qualifies the count, not the task
        rest = re.sub(r"^[（(][^（）()]{1,15}[）)]", "", rest)
    if noted:  # 应尽快发放救助金额，原则上不得超过30天（自…起计算）: the task is the clause before
        rest = rest[noted.end():].lstrip("，,：:")
        if not rest.strip("。；;"):
            clause_start = _clause_start(text, sent_start, limit.start)
            rest = re.split(r"[，,：:]", _squeeze(text[sent_start:clause_start]).rstrip("，,：:"))[-1]
    m = c.actor_at_start.match(rest)
    if m and c.subject_stop.pattern and re.match(rf"(?:{_alternation(c['subject_stop'])})", rest[m.end():]):
        rest = rest[m.end():]
    pieces = [p for p in re.split(r"[，,。；;]", rest) if p]
    pieces = [p for p in pieces if not p.endswith("的")] or pieces or [""]
    adverbs = _alternation(tuple(w for w in c["subject_stop"] if w != "将") + c["vague"])
    task = re.sub(rf"^(?:{adverbs})+", "", pieces[0])[:MAX_TASK]  # 及时完成… → 完成…
    if (len(task) <= 2 and not responsible or not task) and not noted:
        clause_start = _clause_start(text, sent_start, limit.start)
        named = _MARKUP.sub("", _strip_subject_words(_squeeze(text[clause_start:limit.subject_end])))
        if responsible and named.startswith(responsible):
            named = named[len(responsible):]  # 区人社局审核时间不得超过… → 审核
        task += named
        task = re.sub(r"(?:时限|时间|期限)$", "", task) or task  # 审批时限不超过… → 审批
    return task


# -- the extractor ---------------------------------------------------------------------------------

def _part_at(doc: Document, pos: int) -> Part:
    inside = [p for p in doc.parts if p.start <= pos < p.end]
    return inside[-1] if inside else doc.parts[0]


def _section_at(doc: Document, pos: int) -> str:
    inside = [s for s in doc.sections if s.start <= pos < s.end]
    return max(inside, key=lambda s: s.start).path if inside else ""


def find_limits(text: str, ref_of) -> list[tuple[Limit, int, int]]:
    """Every deadline in a text with its sentence bounds; `ref_of(pos)` gives the reference date."""
    bounds = sentence_bounds(text)
    found: list[tuple[Limit, int, int]] = []
    for m in TIME_LIMIT.finditer(text):
        start, end = _sentence_at(bounds, m.start())
        limit = _relative_limit(text, m, start)
        if limit:
            found.append((limit, start, end))
    for m in DUE_EXPRESSION.finditer(text):
        if not m.group(0).strip():
            continue
        start, end = _sentence_at(bounds, m.start())
        limit = _due_limit(text, m, start, end, ref_of(m.start()))
        if limit:
            found.append((limit, start, end))
    return sorted(found, key=lambda item: item[0].start)


def extract_deadlines(doc: Document) -> list[Fact]:
    """Deadlines of a document, one per time limit, with the clause as evidence."""
    if not doc.parts:
        return []
    refs = {p.index: reference_date(doc, p) for p in doc.parts}
    text = doc.text
    facts, seen = [], set()
    for limit, s_start, s_end in find_limits(text, lambda pos: refs[_part_at(doc, pos).index]):
        lo, hi = _evidence_span(text, s_start, s_end, limit.start, limit.end)
        tag_units = _own_tag_units(text, limit)
        if tag_units:  # the tag closes its item: the item's line is the evidence, as far as it fits
            lo = max(text.rfind("\n", 0, lo) + 1, hi - MAX_EVIDENCE)
        key = (_squeeze(text[lo:hi]), limit.start - lo, limit.due_date, limit.within_days)
        if key in seen:  # the same passage repeated (an HTML page's print copy)
            continue
        seen.add(key)
        responsible = (tag_units or _responsible(text, limit, s_start, s_end)
                       or _tagged_lead(text, limit.end))
        if responsible:  # 本市各区民政部门 → 各区民政部门: 本市 points at the issuer's place, it is no name
            responsible = _OWN_PLACE.sub("", responsible) or responsible
        fields = {"task": _task(text, limit, s_start, s_end, responsible), "due_date": limit.due_date,
                  "within_days": limit.within_days, "relative_to": limit.relative_to,
                  "responsible": responsible}
        if limit.recurring:
            fields["recurring"] = limit.recurring
        if limit.within_period:
            fields["within_period"] = limit.within_period
        facts.append(Fact(type="deadline", source=doc.source, part=_part_at(doc, limit.start).index,
                          start=lo, end=hi, evidence=text[lo:hi], fields=fields,
                          section=_section_at(doc, limit.start)))
    return facts
